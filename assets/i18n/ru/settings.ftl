# Какие серверы и какой пароль использует команда (check, report, account add): указанные
# в параметрах, сохранённые или найденные автоматически.
settings-looking-up = Ищем почтовые серверы для { $domain }…
settings-not-found = «Настройке почты» не удалось найти почтовые серверы для { $domain }. Укажите их сами, например: --imap imap.{ $domain }:993:tls --smtp smtp.{ $domain }:465:tls
settings-no-servers = { $provider } не пускает почтовые программы, поэтому проверять и экспортировать нечего:
settings-needs-confirmation = Эти настройки взяты из источника «{ $source }», и почтовые серверы оказались бы на { $domain }. Такие настройки мог подменить кто-то по дороге, поэтому пароль туда не отправлен и ничего не сохранено, пока вы не подтвердите. Если { $domain } — действительно ваш почтовый сервис, повторите ту же команду с --accept-unconfirmed; если нет — укажите правильные серверы через --imap и --smtp.
settings-accepted-unconfirmed = Подтверждено параметром --accept-unconfirmed: почтовые серверы находятся на { $domain }.
settings-using-saved = Используются сохранённые настройки { $email }
settings-using-found = Используются настройки, найденные в источнике «{ $source }»
settings-password-from-keyring = Пароль взят из системного хранилища паролей.
settings-no-keyring-password = В системном хранилище нет пароля для { $email }, поэтому вход не проверялся. Сохраните пароль командой: mailsetup account password { $email } --set (или передайте его через --password-stdin)
settings-unencrypted = { $protocol } { $endpoint } работает без шифрования: пароль и письма передаются открыто. Используйте это только в сети, которой доверяете.
settings-flag-one-incoming = Укажите один сервер входящей почты: --imap или --pop3, но не оба сразу.
settings-flag-shape = --{ $flag }: укажите сервер как АДРЕС:ПОРТ:ЗАЩИТА, например imap.example.com:993:tls (а указано «{ $value }»)
settings-flag-security = --{ $flag }: «{ $value }» — не способ защиты; подойдёт tls, starttls или none
settings-flag-port = --{ $flag }: «{ $value }» — не номер порта (от 1 до 65535)
settings-flag-host = --{ $flag }: «{ $value }» — не адрес сервера
settings-password-prompt = Пароль:
settings-password-empty = Пароль пустой. Передайте его через стандартный ввод, например: printf '%s' "$PASSWORD" | mailsetup check EMAIL --password-stdin
settings-password-too-long = Пароль слишком длинный: больше { $max } байт.
settings-password-not-text = Пароль не удалось прочитать как текст (UTF-8).
settings-password-unreadable = Не получилось прочитать пароль из стандартного ввода: { $detail }
