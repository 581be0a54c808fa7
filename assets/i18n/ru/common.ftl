# Общие слова и проверка адреса. Один файл на область; каждый id есть и в en, и в ru.
app-name = Настройка почты
app-tagline = Находит настройки почты, проверяет, что они работают, и настраивает почтовую программу
n-messages = { $count ->
    [one] { $count } письмо
    [few] { $count } письма
   *[many] { $count } писем
}
# «через … секунду»: винительный падеж (через 1 секунду, 2 секунды, 5 секунд).
after-n-seconds = { $count ->
    [one] { $count } секунду
    [few] { $count } секунды
   *[many] { $count } секунд
}

address-error-empty = Введите адрес электронной почты, например anna@yandex.ru
address-error-missing-at = В адресе почты есть знак @, например anna@yandex.ru
address-error-several-at = В адресе почты знак @ бывает только один раз
address-error-empty-local = Перед знаком @ чего-то не хватает
address-error-empty-domain = После знака @ чего-то не хватает, например yandex.ru
address-error-space = Уберите пробел: в адресах почты пробелов не бывает
address-error-too-long = Адрес слишком длинный: пожалуйста, проверьте его
address-error-local-too-long = Часть адреса перед @ слишком длинная: пожалуйста, проверьте её
address-error-bad-local-character = Перед знаком @ стоит «{ $character }» — такого символа в адресах почты не бывает
address-error-misplaced-dot = Точка не может стоять первой, последней или дважды подряд перед знаком @
address-error-domain-without-dot = После знака @ нужна точка: может быть, { $domain }.ru или { $domain }.com?
address-error-bad-domain = «{ $domain }» — не похоже на адрес почтового сервиса: проверьте, нет ли запятой или опечатки
net-bad-ca-file = Файл сертификатов { $path } не подходит ({ $detail }). Укажите в --ca-file файл PEM с сертификатом центра сертификации, которому нужно доверять.
