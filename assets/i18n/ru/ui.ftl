# Окно мастера. Короткие подписи, без точки на кнопках; «…» только на кнопках, которые открывают диалог.

## Верхняя панель и переходы
top-my-accounts = Мои ящики
top-language-hint = Язык окна
nav-back = Назад
nav-next = Далее
step-of = Шаг { $step } из { $total } · { $name }
phase-address = Адрес
phase-settings = Настройки сервера
phase-sign-in = Вход
phase-test = Проверка
phase-done = Готово
seconds-short = { $seconds } с
copied = Скопировано
copy-report = Скопировать отчёт
report-copied = Отчёт скопирован: вставьте его в письмо в поддержку
report-building = Собираем сведения…

## Главный экран
home-title = Ваши почтовые ящики
home-subtitle = Ящики, настроенные в «Настройке почты». Их можно проверить в любой момент.
home-loading = Загружаем ваши ящики…
home-empty = Пока ни одного ящика. Добавьте первый — это займёт около минуты.
home-add = Добавить ящик
home-checking = Проверяем…
home-not-checked = Ещё не проверяли
home-check-ok = Работает · проверено { $when }
home-check-failed = Проблема: { $problem } · проверено { $when }
home-password-not-saved = Пароля нет в системном хранилище паролей, поэтому «Проверить снова» проверит только подключение
home-recheck = Проверить снова
home-export = Экспорт
home-support = Для поддержки
home-remove = Удалить
home-remove-question = Удалить { $email } из «Настройки почты»? Пароль тоже будет удалён из хранилища паролей. Сами письма останутся на месте.
home-remove-confirm = Удалить
home-remove-confirm-named = Удалить { $email }
home-remove-keep = Оставить

## Шаг 1: адрес
address-title = Добавить почтовый ящик
address-subtitle = Введите своё имя и адрес почты — настройки программа найдёт сама.
address-name = Ваше имя
address-name-hint = Анна Петрова
address-name-note = Это имя увидят получатели ваших писем. Можно оставить пустым.
address-email = Адрес почты
address-email-hint = anna@example.ru
address-ok = Всё верно

## Шаг 2: поиск настроек
detect-title = Ищем настройки для { $domain }
detect-subtitle = Обычно это занимает несколько секунд.
detect-title-nothing = Настройки для { $domain } не нашлись
detect-subtitle-nothing = Мы спросили везде, где знаем, но настроек для этого адреса нигде нет.
detect-starting = Начинаем…
detect-nothing-advice = Имена серверов есть на страницах помощи вашего почтового сервиса (ищите «IMAP» и «SMTP»). Введите их на следующем экране или спросите в поддержке сервиса.
detect-manual = Ввести настройки вручную
detect-cancel = Отмена
detect-status-running = спрашиваем…
detect-status-found = нашлось
detect-status-nothing = ничего нет
detect-status-failed = не получилось
detect-status-timed-out = не ответил вовремя
detect-status-skipped = не понадобилось
detect-source-preset = Встроенный список почтовых сервисов
detect-source-ispdb = Список сервисов Thunderbird
detect-source-autoconfig = Сайт вашего почтового сервиса
detect-source-mx = Куда идёт почта вашего домена (MX)
detect-source-srv = Служебные записи вашего домена (SRV)
detect-source-autoconfig-http = Сайт вашего сервиса (без шифрования)
detect-source-guess = Проверка обычных имён серверов
detect-source-manual = Введено вами

## Шаг 3: проверка настроек
review-title = Проверьте настройки
review-subtitle = Для { $email }. Обычно достаточно просто нажать «Далее».
review-subtitle-confirm = Для { $email }. Проверьте серверы ниже, подтвердите их галочкой и нажмите «Далее».
review-source-label = Откуда настройки:
source-preset = встроенный список почтовых сервисов
source-ispdb = список сервисов Thunderbird
source-autoconfig = сайт вашего почтового сервиса (защищённое соединение)
source-mx = догадка по тому, куда идёт почта вашего домена
source-srv = служебные записи вашего домена в DNS
source-autoconfig-http = сайт вашего сервиса по незашифрованному соединению
source-guess = догадка: эти серверы отвечают как почтовые
source-manual = введено вами
source-with-provider = { $source } · { $provider }
review-incoming = Входящая почта
review-outgoing = Исходящая почта (SMTP)
review-imap = IMAP (рекомендуется)
review-imap-explained = Письма остаются на сервере, поэтому в телефоне, на ноутбуке и в браузере всё выглядит одинаково.
review-pop3 = POP3
review-pop3-explained = Письма скачиваются только на этот компьютер: на других устройствах не будет видно, что вы здесь прочитали, разложили или удалили.
review-outgoing-explained = Через этот сервер почтовая программа отправляет письма.
field-server = Сервер
field-port = Порт
field-security = Защита
field-username = Имя пользователя
security-tls-choice = SSL/TLS
security-starttls-choice = STARTTLS
security-none-choice = Нет (небезопасно)
security-tls-badge = Шифрование (SSL/TLS): пароль и письма защищены
security-starttls-badge = Шифрование (STARTTLS): пароль и письма защищены
security-none-badge = Без шифрования: пароль и письма передаются открыто. Небезопасно
review-problem-host-missing = Введите имя сервера, например imap.example.ru
review-problem-host-invalid = Это не похоже на имя сервера: проверьте, нет ли пробелов или опечаток
review-problem-port-invalid = Порт — это число от 1 до 65535
review-problem-username-missing = Введите имя пользователя (обычно это полный адрес почты)
review-confirm-title = Подтвердите серверы
review-confirm-explained = Эти настройки не подтверждены вашим почтовым сервисом: они получены из источника, который кто-то мог подменить по дороге. Пароль будет отправлен на { $domain }. Продолжайте, только если это действительно ваш почтовый сервис.
review-confirm = Да, { $domain } — мой почтовый сервис

## Шаг 4: подготовка
prepare-title = Перед входом
prepare-subtitle = { $provider } просит сделать это один раз. Сделайте это в браузере и вернитесь сюда.
prepare-your-provider = Ваш почтовый сервис
prepare-open-link = Открыть { $site }
prepare-good-to-know = Полезно знать
prepare-done = Сделано

## Шаг 5: пароль
password-title = Ваш пароль
password-title-app = Пароль приложения
password-subtitle = Для { $email }.
password-app-needed = { $provider } требует здесь пароль приложения.
password-app-not-account = Пароль приложения — это НЕ тот пароль, с которым вы входите на сайт. Это отдельный пароль для почтовых программ, его создают в настройках аккаунта. Обычный пароль не подойдёт.
password-app-link = Создать пароль приложения
password-field = Пароль
password-field-app = Пароль приложения
password-show = Показать пароль
password-spaces-removed = { $provider } показывает пароли приложений группами через пробел. Вставьте его как есть — пробелы уберутся сами.
password-kept-in-keyring = Когда проверка пройдёт, пароль сохранится в системном хранилище паролей, а не в файле.
password-oauth-only = { $provider } пускает почтовые программы только через свою страницу входа (OAuth2), а не по паролю. «Настройка почты» так входить не умеет: проверка покажет, что серверы отвечают по защищённому соединению, а почтовая программа при первом запуске сама откроет страницу входа.
password-test = Проверить ящик

## Шаг 6: проверка
test-title-running = Проверяем ящик
test-subtitle-running = Подключаемся, входим и отправляем себе тестовое письмо.
test-title-passed = Ящик работает
test-subtitle-passed = Все шаги пройдены.
test-title-failed = Пока не получилось
test-subtitle-failed = Вот что произошло и что делать.
test-title-stopped = Проверка остановлена
test-subtitle-stopped = Запустите её снова, когда будете готовы.
test-working = Работаем…
test-group-message = Тестовое письмо самому себе
test-step-resolve = Поиск сервера
test-step-connect = Подключение
test-step-tls = Защищённое соединение
test-step-greeting = Ответ сервера
test-step-starttls = Переход на защищённое соединение
test-step-auth = Вход
test-step-send = Отправка тестового письма
test-step-confirm = Тестовое письмо получено
server-incoming-heading = Входящая почта ({ $protocol })
server-outgoing-heading = Исходящая почта ({ $protocol })
test-passed-headline = Всё работает
test-delivered-after = Тестовое письмо пришло через { $time }.
test-sign-in-not-tested = Вход в ящик в этой проверке не проверялся (пароля не было).
test-saving = Сохраняем ящик…
test-saved-with-password = Ящик сохранён, пароль — в системном хранилище паролей.
test-saved-without-password = Ящик сохранён, а пароль — нет, поэтому почтовая программа спросит его сама. Причина:
test-save-failed = Ящик работает, но сохранить его не удалось: { $reason }
test-open-help = Открыть страницу помощи
test-details = Подробности
test-details-explained = Ответ сервера дословно (пригодится поддержке):
test-failed-unknown = Проверка не прошла
test-retry = Попробовать снова
test-edit-settings = Изменить настройки

## Шаг 7: готово и экспорт
done-title = Готово!
done-subtitle = { $email } работает. Теперь настройте почтовую программу:
export-title = Экспорт { $email }
export-subtitle = Файлы настроек для почтовой программы, телефона или сайта.
export-saved = { $format }: сохранено в { $path }
export-waiting-for-dialog = Выберите в окне, куда сохранить файл…
export-qr-label = QR-код для Thunderbird на Android
export-qr-no-password = В коде — только настройки, пароля в нём нет.
export-write-failed = Не удалось записать { $path }: { $error }
export-no-dialog = Окно выбора места сохранения на этом компьютере не открылось, поэтому файл сохранён в папку «Загрузки». Чтобы в следующий раз выбрать место самому, попросите того, кто обслуживает компьютер, установить окно выбора файлов (xdg-desktop-portal-gtk или zenity).
export-no-dialog-nowhere = Окно выбора места сохранения на этом компьютере не открылось, а папки «Загрузки» или домашней папки, куда можно положить файл, нет. Нажмите «Скопировать настройки» или воспользуйтесь командной строкой: mailsetup export EMAIL --format FORMAT -o FILE
done-copy-settings = Скопировать настройки
done-finish = Завершить
copy-settings-title = Настройки почты для { $email }
copy-settings-password-note = Пароль: тот, что вы используете для этого ящика (он в системном хранилище паролей, здесь его нет).

## Экран для поддержки
support-title = Для поддержки
support-subtitle = Все настройки крупным шрифтом — чтобы продиктовать их сотруднику поддержки по телефону.
support-email = Адрес почты
support-name = Имя
support-source = Откуда настройки
support-last-check = Последняя проверка
support-spoken = произносится: «{ $spoken }»
support-report-explained = В отчёте — настройки, время каждого шага и ответы серверов. Пароля в нём никогда нет.
support-close = Закрыть экран поддержки

## Главный экран: что нашла последняя проверка, по виду диагноза (коротко)
home-problem-dns_not_found = сервер не найден
home-problem-connection_refused = сервер отказал в подключении
home-problem-timeout = сервер не ответил вовремя
home-problem-tls_untrusted = сертификату сервера нет доверия
home-problem-tls_hostname_mismatch = сертификат выдан другому серверу
home-problem-tls_expired = срок сертификата сервера истёк
home-problem-starttls_unavailable = сервер не предлагает шифрование
home-problem-auth_failed = пароль не подошёл
home-problem-app_password_required = нужен пароль приложения
home-problem-protocol_disabled = доступ для почтовых программ выключен
home-problem-sender_rejected = адрес отправителя отклонён
home-problem-spam_rejected = тестовое письмо приняли за спам
home-problem-limit_exceeded = достигнут лимит отправки
home-problem-message_not_delivered = тестовое письмо не пришло
home-problem-unexpected_reply = сервер ответил неожиданно
