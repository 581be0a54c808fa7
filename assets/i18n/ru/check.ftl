# Проверка подключения: названия шагов, подробности, проверочное письмо, вывод командной строки.
check-step-resolve = Поиск сервера
check-step-connect = Подключение
check-step-tls = Шифрование (SSL/TLS)
check-step-greeting = Приветствие сервера
check-step-starttls = Включение шифрования (STARTTLS)
check-step-auth = Вход
check-step-send = Отправка проверочного письма
check-step-confirm = Проверочное письмо пришло
check-detail-ip-literal = { $address } (IP-адрес, искать не нужно)
check-detail-tls = { $version }, сертификат { $subject } выдан { $issuer } ({ $trust })
check-trust-public-ca = публичный центр сертификации
check-trust-local-root = доверенный на этом компьютере, не публичный центр
check-trust-pinned = сертификат, которому доверяют по отпечатку
check-trust-untrusted = нет доверия
check-detail-imap-login = вход выполнен; во «Входящих» { $count ->
    [one] { $count } письмо
    [few] { $count } письма
   *[many] { $count } писем
}
check-detail-pop3-login = вход выполнен; на сервере { $count ->
    [one] { $count } письмо
    [few] { $count } письма
   *[many] { $count } писем
}
check-detail-smtp-login = вход выполнен ({ $mechanism })
check-detail-sent = принято: { $reply }
check-detail-delivered = пришло через { $seconds } с после отправки
check-detail-cancelled = отменено
check-detail-closed = сервер закрыл соединение
check-detail-too-long = сервер прислал намного больше данных, чем ожидалось
check-detail-plaintext-before-tls = сервер прислал данные до включения шифрования (возможна подмена)
check-detail-not-smtp = это не ответ { $protocol }: { $reply }
check-checking = Проверка { $email }
check-all-passed = Все проверки пройдены
check-step-failed = Проверка не пройдена
check-cancelled = Проверка отменена
check-no-password = Пароль не указан: вход не проверялся (используйте --password-stdin)
check-using-preset = Используются встроенные настройки: { $provider }
check-details = Подробности: { $details }
check-server-reply = Ответ сервера: { $reply }
check-delivery-time = Проверочное письмо пришло через { $seconds } с после отправки
check-error-send-test-needs-smtp = Для --send-test нужны сервер SMTP и пароль
test-message-subject = Настройка почты: проверочное письмо
test-message-body = Здравствуйте!

    Это письмо отправила программа «Настройка почты», чтобы проверить, что ящик { $address } может отправлять и получать почту. Письмо ушло с этого адреса на него же и дошло, значит, ящик работает.

    Это письмо можно удалить.
