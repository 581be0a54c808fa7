# Сохранённые учётные записи и системное хранилище паролей (mailsetup account …, шаг сохранения в мастере).

keyring-no-service = Негде сохранить пароль: системное хранилище паролей не запущено или недоступно в этом сеансе.
keyring-locked = Системное хранилище паролей заблокировано, и здесь не получилось попросить вас его разблокировать.
keyring-failed = Системное хранилище паролей сообщило об ошибке и не сохранило пароль.
keyring-bad-entry = Системное хранилище паролей не приняло запись «{ $entry }».
keyring-nothing-written-elsewhere = Пароль нигде больше не записан: «Настройка почты» хранит пароли только в системном хранилище.
keyring-details = Подробности для специалиста: { $detail }

account-store-corrupt = Файл с сохранёнными учётными записями повреждён и не читается. Он сохранён как { $backup }, а список начат заново.
account-store-future = Файл с сохранёнными учётными записями записан более новой версией «Настройки почты» (формат { $version }). Он сохранён как { $backup }, чтобы эта версия могла работать дальше; новая версия по-прежнему сможет его открыть.
account-store-no-config-dir = «Настройка почты» не может найти папку для своих настроек (задана ли домашняя папка?). Укажите её так: --config-dir ПАПКА
account-store-io = Не получилось прочитать или записать файл учётных записей { $path }: { $detail }
account-store-busy = Другое окно «Настройки почты» как раз сохраняет учётные записи. Попробуйте ещё раз через минуту.
account-not-found = Учётной записи { $email } среди сохранённых нет. Список сохранённых: mailsetup account list

account-saved = Учётная запись { $email } сохранена.
account-saved-without-password = Учётная запись сохранена без пароля.
account-password-stored = Пароль хранится в системном хранилище паролей.
account-password-not-given = Пароль не был указан, поэтому он не сохранён.
account-password-not-needed = Для этой учётной записи пароль не нужен, сохранять нечего.
account-password-hint = Добавить пароль можно позже: mailsetup account password { $email } --set
account-stale-entries = { $count ->
    [one] Не получилось удалить { $count } старую запись прежних настроек из хранилища паролей.
    [few] Не получилось удалить { $count } старые записи прежних настроек из хранилища паролей.
   *[many] Не получилось удалить { $count } старых записей прежних настроек из хранилища паролей.
}
account-check-failed = Проверка подключения не прошла, поэтому ничего не сохранено, в том числе пароль. Исправьте ошибку и повторите ту же команду — или добавьте --no-check, чтобы сохранить настройки без проверки.

account-password-set = Пароль для { $email } теперь хранится в системном хранилище паролей.
account-password-cleared = Пароль для { $email } удалён из системного хранилища паролей.
account-removed = Учётная запись { $email } удалена.
account-removed-password = Её пароль удалён из системного хранилища паролей.
account-not-removed = Учётная запись { $email } не удалена: не получилось удалить её пароль из системного хранилища.
account-list-empty = Сохранённых учётных записей пока нет. Добавить: mailsetup account add EMAIL

account-label-name = Имя
account-label-provider = Почтовый сервис
account-label-source = Откуда настройки
account-label-incoming = Входящая почта
account-label-outgoing = Исходящая почта
account-label-last-check = Последняя проверка
account-label-saved = Сохранена
account-label-changed = Изменена
account-label-file = Файл
account-server-line = { $protocol } { $endpoint }, { $security }, логин { $username }
account-security-none = без шифрования (небезопасно)
account-pinned-cert = доверяет сертификату с SHA-256 { $sha }
account-password-state-stored = пароль: в системном хранилище
account-password-state-missing = пароль: не сохранён
account-password-state-not-needed = пароль: не нужен
account-check-never = ещё не проверялась
account-check-passed-on = прошла { $date }
account-check-failed-on = не прошла { $date } ({ $kind })
account-source-preset = встроенный список почтовых сервисов
account-source-ispdb = база почтовых сервисов Thunderbird
account-source-autoconfig = файл настроек почтового сервиса
account-source-mx = почтовые записи домена (MX)
account-source-srv = служебные записи домена (SRV)
account-source-autoconfig-http = файл настроек почтового сервиса, полученный без шифрования
account-source-guess = подобраны и проверены
account-source-manual = введены вручную
