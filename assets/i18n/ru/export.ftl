# Экспорт: названия форматов, инструкции, предупреждения, ошибки, комментарии в файлах, карточка
# настроек и команда export. Каждый id есть и в en, и в ru.

export-audience-mail-program = Почтовая программа
export-audience-phone = Телефон
export-audience-command-line = Командная строка
export-audience-website = Сайт
export-audience-print = Печать

## Форматы: название, одна строка, инструкция

export-thunderbird-name = Thunderbird (user.js)
export-thunderbird-summary = Настраивает ящик в новом профиле Thunderbird на Windows, macOS или Linux
export-thunderbird-instructions = Этот файл — для НОВОГО профиля Thunderbird. Если вы уже пользуетесь Thunderbird, он не нужен: выберите в Thunderbird «Добавить учётную запись» → «Электронная почта» и введите значения с карточки настроек. Для нового профиля: закройте Thunderbird и создайте новый, пустой профиль (запустите «thunderbird -P»). Сохраните { $file } в папку этого профиля (Linux: ~/.thunderbird/…, Windows: %APPDATA%\Thunderbird\Profiles\…, macOS: ~/Library/Thunderbird/Profiles/…) и запустите Thunderbird: появится ящик { $email }, и Thunderbird спросит пароль. После этого удалите { $file } из папки: Thunderbird применяет его при каждом запуске и отменял бы ваши дальнейшие изменения. Не кладите файл в профиль, где уже есть ящики: он заменит их список.

export-autoconfig-xml-name = Файл автонастройки для домена (config-v1.1.xml)
export-autoconfig-xml-summary = Thunderbird, Evolution, K-9 и другие программы сами настроят любой адрес вашего домена
export-autoconfig-xml-instructions = Для владельца домена { $domain }: опубликуйте файл по адресу https://autoconfig.{ $domain }/mail/config-v1.1.xml (или https://{ $domain }/.well-known/autoconfig/mail/config-v1.1.xml). Тогда Thunderbird, Thunderbird для Android, Evolution, Geary, KMail и другие программы настроят любой адрес в { $domain } по одному адресу и паролю. На отдельном компьютере администратор может вместо этого сохранить файл как { $domain }.xml в папку «isp» программы Thunderbird (например, /usr/lib/thunderbird/isp/ или C:\Program Files\Mozilla Thunderbird\isp\).

export-mobileconfig-name = Профиль для Apple Mail (.mobileconfig)
export-mobileconfig-summary = Добавляет ящик в Почту на iPhone, iPad и Mac
export-mobileconfig-instructions = Перешлите { $file } на iPhone, iPad или Mac (через AirDrop, почту или приложение «Файлы»). На Mac дважды щёлкните файл, затем откройте Системные настройки → Конфиденциальность и безопасность → Профили и нажмите «Установить». На iPhone или iPad откройте файл, затем зайдите в Настройки → «Профиль загружен» → «Установить». Профиль не подписан, поэтому он помечен как «Не проверен» — так и должно быть. Почта спросит пароль во время установки.

export-outlook-prf-name = Профиль Outlook (.prf)
export-outlook-prf-summary = Добавляет ящик в классический Outlook для Windows командой outlook.exe /importprf
export-outlook-prf-instructions = Для классического Outlook в Windows (не для нового Outlook). Закройте Outlook, сохраните { $file } на компьютер и выполните: outlook.exe /importprf "C:\путь\к\{ $file }". Outlook добавит ящик в ваш профиль и спросит пароль при первой отправке и получении почты. Обычно это делает служба поддержки; если сомневаетесь, воспользуйтесь карточкой настроек.

export-evolution-name = Evolution (файлы .source)
export-evolution-summary = Добавляет ящик в GNOME Evolution
export-evolution-instructions = Закройте Evolution (выполните «evolution --force-shutdown»). Скопируйте три файла .source в папку ~/.config/evolution/sources/ и снова запустите Evolution: появится ящик { $email }, а Evolution спросит пароль и сохранит его в связке ключей GNOME.

export-claws-name = Claws Mail (accountrc)
export-claws-summary = Добавляет ящик в Claws Mail
export-claws-instructions = Закройте Claws Mail. Если в нём ещё нет ни одного ящика, сохраните { $file } как ~/.claws-mail/accountrc. Если ящики уже есть, допишите строки в конец этого файла и замените число в «[Account: 1]» на ещё не занятое. Запустите Claws Mail — он спросит пароль.

export-geary-name = Geary (geary.ini)
export-geary-summary = Добавляет ящик в Geary
export-geary-instructions = Закройте Geary. Создайте папку ~/.config/geary/account_01 (или со следующим свободным номером) и сохраните в неё { $file }. Запустите Geary: он покажет ящик { $email } и спросит пароль.

export-thunderbird-qr-name = QR-код для Thunderbird на Android
export-thunderbird-qr-summary = Отсканируйте его в Thunderbird для Android, чтобы настроить почту на телефоне
export-thunderbird-qr-instructions = Установите на телефон Thunderbird для Android, выберите «Импорт из Thunderbird для компьютера» и отсканируйте этот код с экрана. Затем приложение спросит пароль. Показывайте код на экране, а не печатайте и не пересылайте его.

export-k9s-name = Файл настроек Thunderbird для Android / K-9 (.k9s)
export-k9s-summary = Файл настроек для Thunderbird для Android или K-9 Mail, если отсканировать код не получается
export-k9s-instructions = Скопируйте { $file } на телефон с Android. В Thunderbird для Android или K-9 Mail откройте Настройки → Импорт настроек, выберите файл и отметьте ящик. Потом приложение спросит пароль.

export-msmtp-name = msmtp (~/.msmtprc)
export-msmtp-summary = Отправка почты из командной строки и из программ, которые пользуются sendmail
export-msmtp-instructions = Сохраните файл как ~/.msmtprc и закройте его от чужих глаз командой «chmod 600 ~/.msmtprc». Отправляйте письма командой «msmtp -t» или укажите msmtp как программу sendmail в других инструментах. Пароль msmtp берёт из записи в связке ключей, которую создала программа «Настройка почты», через secret-tool (пакет libsecret-tools).

export-neomutt-name = NeoMutt / Mutt (~/.neomuttrc)
export-neomutt-summary = Чтение и отправка почты в терминале в NeoMutt или Mutt
export-neomutt-instructions = Сохраните файл как ~/.neomuttrc (или подключите его из своего файла командой «source») и запустите neomutt. Пароли берутся из связки ключей через secret-tool при запуске NeoMutt.

export-mbsync-name = mbsync / isync (~/.mbsyncrc)
export-mbsync-summary = Копирует ваш ящик в локальную папку Maildir
export-mbsync-instructions = Сохраните файл как ~/.mbsyncrc, создайте папку командой «mkdir -p ~/Mail/{ $account }» и выполните «mbsync -a». Почта скопируется в ~/Mail/{ $account }. Пароль берётся из связки ключей через secret-tool.

export-aerc-name = aerc (accounts.conf)
export-aerc-summary = Чтение и отправка почты в терминале в aerc
export-aerc-instructions = Допишите строки в ~/.config/aerc/accounts.conf (если файла нет, создайте его) и закройте файл от чужих глаз командой «chmod 600 ~/.config/aerc/accounts.conf». Запустите aerc: пароли он возьмёт из связки ключей через secret-tool.

export-fetchmail-name = fetchmail (сценарий)
export-fetchmail-summary = Забирает почту в почтовую систему этого компьютера через fetchmail
export-fetchmail-instructions = Сохраните { $file }, сделайте его исполняемым командой «chmod 700 { $file }» и запустите. Сценарий берёт пароль из связки ключей и запускает fetchmail, который оставляет письма на сервере и передаёт их копии почтовой системе компьютера. После имени сценария можно дописать параметры fetchmail, например --mda "procmail -d %T".

export-getmail-name = getmail6 (getmailrc)
export-getmail-summary = Копирует новые письма в ~/Maildir через getmail6
export-getmail-instructions = Создайте папки командой «mkdir -p ~/.config/getmail ~/Maildir/cur ~/Maildir/new ~/Maildir/tmp», сохраните файл как ~/.config/getmail/getmailrc и запустите getmail. Новые письма скопируются в ~/Maildir и останутся на сервере. Пароль берётся из связки ключей через secret-tool.

export-joomla-name = Joomla (configuration.php)
export-joomla-summary = Настройки почты «SMTP» для сайта на Joomla
export-joomla-instructions = В файле configuration.php вашего сайта внутри «class JConfig» замените строки с теми же именами строками из этого файла, которые начинаются с «public». Затем откройте Система → Общие настройки → Сервер → Почта, введите пароль SMTP и отправьте проверочное письмо.

export-wordpress-name = WordPress (WP Mail SMTP)
export-wordpress-summary = Настройки плагина WP Mail SMTP в wp-config.php
export-wordpress-instructions = Установите плагин WP Mail SMTP и вставьте строки «define» в wp-config.php выше строки «That’s all, stop editing!». Пароль добавьте там же через WPMS_SMTP_PASS или в настройках плагина, затем отправьте проверочное письмо в WP Mail SMTP → Инструменты.

export-phpmailer-name = PHPMailer
export-phpmailer-summary = Функция PHP, которая настраивает PHPMailer для этого ящика
export-phpmailer-instructions = Подключите { $file } и перед отправкой вызовите mailsetup_configure_phpmailer($mail) для вашего объекта PHPMailer. Пароль положите в переменную окружения SMTP_PASSWORD веб-сервера.

export-laravel-env-name = Laravel (.env)
export-laravel-env-summary = Настройки MAIL_ приложения на Laravel
export-laravel-env-instructions = Замените строки MAIL_ в файле .env вашего проекта этими строками, впишите пароль после MAIL_PASSWORD= и выполните «php artisan config:clear».

export-django-name = Django (settings.py)
export-django-summary = Настройки EMAIL_ проекта на Django
export-django-instructions = Скопируйте эти строки в settings.py (или импортируйте их из этого файла) и задайте переменную окружения EMAIL_HOST_PASSWORD для веб-сервера. Проверьте командой «python manage.py sendtestemail you@example.com».

export-card-txt-name = Карточка настроек (текст)
export-card-txt-summary = Все настройки простыми словами — чтобы распечатать или продиктовать поддержке
export-card-txt-instructions = Распечатайте карточку или сохраните её вместе с документами. В ней все настройки для программ, которые не умеют загружать файл, — The Bat!, новый Outlook, Почта Windows. Она пригодится, когда поддержка спросит настройки по телефону. Пароля в ней нет.

export-card-html-name = Карточка настроек (страница для печати)
export-card-html-summary = Все настройки крупными буквами на странице, готовой к печати
export-card-html-instructions = Откройте { $file } в браузере и распечатайте (Ctrl+P). На странице крупными буквами все настройки для программ, которые не умеют загружать файл, — The Bat!, новый Outlook, Почта Windows. Пароля в ней нет.

## Комментарии внутри файлов

export-comment-generated = Настройки почты для { $email }, подготовлены программой «Настройка почты». Пароля в этом файле нет.
export-comment-keyring = Пароль каждый раз берётся из системной связки ключей (из записи, которую создала программа «Настройка почты») через secret-tool.
export-thunderbird-comment = Только для НОВОГО, пустого профиля Thunderbird: сохраните этот файл в папку профиля под именем user.js, один раз запустите Thunderbird, затем удалите user.js (Thunderbird применяет его при каждом запуске).
export-autoconfig-xml-comment = Автонастройка Mozilla (clientConfig v1.1) для { $email }, подготовлена программой «Настройка почты». Разместите по адресу https://autoconfig.<домен>/mail/config-v1.1.xml.
export-outlook-prf-comment = Профиль Outlook от программы «Настройка почты». Пароля в нём нет: Outlook его спросит. Импорт: outlook.exe /importprf <этот файл>
export-mbsync-comment = Сначала создайте локальную папку: mkdir -p ~/Mail/{ $account }, затем выполните: mbsync -a
export-fetchmail-comment = fetchmail не умеет запускать команду для получения пароля, поэтому этот сценарий берёт пароль сам и передаёт настройки fetchmail через стандартный ввод. После имени сценария можно дописать параметры fetchmail.
export-getmail-comment = Сохраните как ~/.config/getmail/getmailrc; папка Maildir, указанная ниже, должна существовать (mkdir -p ~/Maildir/cur ~/Maildir/new ~/Maildir/tmp).
export-joomla-comment = Скопируйте строки, начинающиеся с "public", в class JConfig в configuration.php (замените строки с теми же именами). Пароль SMTP введите в разделе Система, Общие настройки, Сервер, Почта.
export-wordpress-comment = Вставьте в wp-config.php выше строки "That's all, stop editing!" (нужен плагин WP Mail SMTP). Пароль добавьте через WPMS_SMTP_PASS или в настройках плагина.
export-phpmailer-comment = Вызовите mailsetup_configure_phpmailer($mail) перед отправкой. Пароль берётся из переменной окружения SMTP_PASSWORD.
export-laravel-env-comment = Замените этими строками строки MAIL_ в вашем .env и впишите пароль после MAIL_PASSWORD=. MAIL_SCHEME читает Laravel 11 и новее, MAIL_ENCRYPTION — Laravel 10 и старше.
export-django-comment = Добавьте в settings.py. Пароль берётся из переменной окружения EMAIL_HOST_PASSWORD.
export-mobileconfig-description = Настраивает Почту для { $email }. Пароль Почта спросит во время установки.

## Предупреждения (что формат не умеет для этого ящика и чем обернулись выбранные параметры)

export-warning-pinned-cert-not-carried = { $format } не умеет хранить сертификат, которому вы решили доверять для { $host }: программа предупредит о нём, и там тоже нужно будет принять этот сертификат.
export-warning-unencrypted = { $protocol } на { $host } работает без шифрования: пароль и письма передаются открыто, и их может прочитать любой в сети. Используйте это только в сети, которой доверяете.
export-warning-password-included = В этом коде есть пароль. Любой, кто увидит или сфотографирует код, узнает ваш пароль: показывайте его только своему телефону и никогда не печатайте и не пересылайте.
export-warning-password-not-included = { $format } никогда не содержит пароль, поэтому его нет в файле: программа спросит пароль или возьмёт его из связки ключей.
export-warning-ca-file-referenced = Файл ссылается на файл корневого сертификата { $path }: не перемещайте и не удаляйте его.
export-warning-ca-file-not-carried = { $format } не умеет указывать дополнительный корневой сертификат: программе нужно отдельно указать, что ему можно доверять.
export-warning-no-display-name = { $format } не умеет хранить ваше имя: почтовая программа спросит его сама.
export-warning-username-literal = Логин не совпадает с адресом, поэтому файл подходит только для этого ящика, а не для всего домена.
export-warning-starttls-not-enforced = { $format } не умеет требовать STARTTLS для { $protocol }: шифрование включится, если сервер его предложит, но незашифрованное соединение тоже не будет отвергнуто.
export-warning-prf-unicode = В некоторых именах есть нелатинские буквы, поэтому файл сохранён в Юникоде (UTF-16). Если после импорта Outlook покажет имена «кракозябрами», исправьте их в настройках ящика.
export-warning-sending-only = { $format } только отправляет почту: чтобы читать письма, сделайте ещё экспорт для почтовой программы.
export-warning-receiving-only = { $format } только забирает почту: чтобы отправлять письма, сделайте ещё экспорт для msmtp или другой программы отправки.
export-warning-qr-dense = В коде много текста, его может быть трудно отсканировать: покажите его на экране покрупнее.

## Ошибки: почему формат нельзя сделать

export-error-unsupported-protocol = { $format } не умеет получать почту по { $protocol }. Выберите другой формат или переключите ящик на IMAP, если ваш почтовый сервис его поддерживает.
export-error-security-not-expressible = { $format } не умеет требовать { $security } для { $protocol }: с таким файлом пароль мог бы уйти незашифрованным, поэтому файл не создан. Используйте порт с SSL/TLS, если он есть у вашего почтового сервиса (993 для IMAP, 995 для POP3), или карточку настроек.
export-error-auth-not-expressible = { $format } не умеет входить способом «{ $auth }» для { $protocol }. Воспользуйтесь карточкой настроек или мастером настройки самой программы.
export-error-non-ascii-local-part = { $format } работает только с адресами, в которых до знака @ латинские буквы, а в { $email } это не так. Воспользуйтесь карточкой настроек.
export-error-invalid-value = В поле «{ $field }» есть переводы строк или другие управляющие символы, которые нельзя безопасно записать в этот файл. Исправьте его и повторите экспорт.
export-error-too-large = Настройки слишком длинные для одного QR-кода ({ $bytes } байт). Воспользуйтесь файлом настроек .k9s.
export-error-render = { $format }: не удалось создать файл ({ $detail }).

export-field-email = адрес почты
export-field-display-name = имя
export-field-incoming-username = логин для входящей почты
export-field-outgoing-username = логин для исходящей почты
export-field-incoming-host = имя сервера входящей почты
export-field-outgoing-host = имя сервера исходящей почты
export-field-protocol = тип сервера

export-security-tls = SSL/TLS (шифрование с самого начала)
export-security-starttls = STARTTLS (шифрование включается сразу после подключения; обязательно)
export-security-none = Нет: без шифрования (небезопасно)
export-security-short-tls = SSL/TLS
export-security-short-starttls = STARTTLS
export-security-short-none = работу без шифрования

export-auth-password = Обычный пароль
export-auth-encrypted-password = Зашифрованный пароль (CRAM-MD5)
export-auth-oauth2 = OAuth2: вход через браузер
export-auth-none = Без входа

## Карточка настроек

export-card-title = Настройки почты для { $email }
export-card-subtitle = Почтовый сервис: { $provider }. Подготовлено программой «Настройка почты» { $date }. Вводите все значения точно так, как они напечатаны.
export-card-account = Ваш ящик
export-card-name = Ваше имя
export-card-email = Адрес почты
export-card-email-ascii = Адрес латиницей (для старых программ)
export-card-incoming = Входящая почта ({ $protocol })
export-card-outgoing = Исходящая почта ({ $protocol })
export-card-type = Тип ящика
export-card-type-imap = письма хранятся на сервере и одинаковы на всех ваших устройствах
export-card-type-pop3 = письма скачиваются на этот компьютер
export-card-server = Сервер
export-card-port = Порт
export-card-security = Шифрование
export-card-auth = Вход
export-card-username = Имя пользователя (логин)
export-card-password-heading = Пароль
export-card-password-text = Пароль на карточке не печатается. Используйте тот же пароль, с которым прошла проверка в программе «Настройка почты» (если ваш почтовый сервис ({ $provider }) просил создать пароль приложения — именно его). Программа «Настройка почты» хранит его в хранилище паролей этого компьютера (связке ключей) под именем «mailsetup».
export-card-password-oauth2 = Для этого ящика пароль вводить не нужно: почтовая программа откроет в браузере страницу входа { $provider }.
export-card-clients-heading = Программы, которые не умеют загружать настройки из файла
export-card-client-the-bat-name = The Bat!
export-card-client-the-bat = Меню «Ящик» → «Новый почтовый ящик». Введите имя и адрес, выберите протокол { $incoming }, затем введите серверы, порты и логин с этой карточки. В поле «Соединение» выберите «Безопасное на спец. порт (TLS)», если на карточке указано SSL/TLS, или «Безопасное на стандартный порт (STARTTLS)», если указано STARTTLS, и отметьте «Мой сервер SMTP требует аутентификации».
export-card-client-new-outlook-name = Новый Outlook для Windows
export-card-client-new-outlook = Параметры → Учётные записи → Добавить учётную запись. Введите адрес, нажмите «Продолжить» и на вопросе о типе учётной записи выберите { $incoming }; затем откройте дополнительные параметры и введите серверы, порты, шифрование и логин с этой карточки.
export-card-client-new-outlook-pop3 = Если POP не предлагается, используйте IMAP, если ваш почтовый сервис его поддерживает.
export-card-client-windows-mail-name = Почта Windows
export-card-client-windows-mail = «Добавить уч. запись» → «Расширенная настройка» → «Почта в Интернете». Введите название ящика, своё имя, сервер входящей почты с портом (в виде сервер:порт), тип ящика, логин и сервер исходящей почты с портом. Оставьте флажки SSL включёнными, если на карточке указано SSL/TLS или STARTTLS. Приложение «Почта» заменено новым Outlook и может быть уже недоступно.
export-card-footer = Подготовлено программой «Настройка почты» { $date }. Пароля на этой карточке нет.
export-card-char-dot = точка
export-card-char-at = собака
export-card-char-hyphen = дефис
export-card-char-underscore = подчёркивание
export-card-char-plus = плюс
export-card-digit-0 = ноль
export-card-digit-1 = один
export-card-digit-2 = два
export-card-digit-3 = три
export-card-digit-4 = четыре
export-card-digit-5 = пять
export-card-digit-6 = шесть
export-card-digit-7 = семь
export-card-digit-8 = восемь
export-card-digit-9 = девять

## Команда export

export-cli-unknown-format = Неизвестный формат «{ $format }». Список форматов: mailsetup export --list-formats
export-cli-needs-output-binary = { $format } — это картинка: укажите папку (или имя файла с окончанием .png или .svg) через -o, например -o { $file }
export-cli-needs-output-multi = { $format } — это несколько файлов: укажите папку через -o, например -o { $file }
export-cli-no-account = Настройки для { $email } неизвестны: укажите серверы через --imap (или --pop3) и --smtp в виде ХОСТ:ПОРТ:ЗАЩИТА, где ЗАЩИТА — tls, starttls или none.
export-cli-bad-server = { $flag }: { $error }
export-cli-one-incoming = Укажите либо --imap, либо --pop3, но не оба сразу.
export-cli-no-password = --include-password читает пароль со стандартного ввода, но там ничего нет.
export-cli-wrote = Записано: { $path }
export-cli-write-failed = Не удалось записать { $path }: { $error }
export-cli-warning = Внимание: { $text }
export-cli-list-heading = Форматы (укажите идентификатор в --format):
export-cli-password-from-keyring = Пароль для экспорта взят из хранилища паролей.
