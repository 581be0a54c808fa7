# Shared words and the address check. One file per area; every id exists in en and ru.
app-name = Mail Setup
app-tagline = Finds your mail settings, proves they work, and sets up your mail program
n-messages = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
# As in "arrived after 3 seconds" (Russian needs the accusative there).
after-n-seconds = { $count ->
    [one] { $count } second
   *[other] { $count } seconds
}

address-error-empty = Type your email address, for example anna@yandex.ru
address-error-missing-at = An email address has an @ sign, for example anna@yandex.ru
address-error-several-at = An email address has only one @ sign
address-error-empty-local = Something is missing before the @ sign
address-error-empty-domain = Something is missing after the @ sign, for example yandex.ru
address-error-space = Remove the space: email addresses never contain spaces
address-error-too-long = This address is too long to be real: please check it
address-error-local-too-long = The part before the @ sign is too long: please check it
address-error-bad-local-character = The part before the @ sign contains “{ $character }”, which email addresses cannot contain
address-error-misplaced-dot = A dot cannot come first, last or twice in a row before the @ sign
address-error-domain-without-dot = The part after the @ sign needs a dot: did you mean { $domain }.com or { $domain }.ru?
address-error-bad-domain = “{ $domain }” is not a valid domain: check for commas or other typos
net-bad-ca-file = The certificate file { $path } cannot be used ({ $detail }). Give a PEM file with the certificate authority to trust, with --ca-file.
