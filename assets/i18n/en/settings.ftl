# Which servers and which password a command uses (check, report, account add): the server flags,
# the saved account, or detection.
settings-looking-up = Looking up the mail servers for { $domain }…
settings-not-found = Mail Setup could not find the mail servers for { $domain }. Give them, for example: --imap imap.{ $domain }:993:tls --smtp smtp.{ $domain }:465:tls
settings-no-servers = { $provider } does not let mail programs connect, so there is nothing to check or export:
settings-needs-confirmation = These settings came from { $source }, and the mail servers would be at { $domain }. Such settings could have been changed by someone on the way, so your password is not sent there and nothing is saved until you confirm. If { $domain } really is your mail provider, run the same command again with --accept-unconfirmed; otherwise give the right servers with --imap and --smtp.
settings-accepted-unconfirmed = Confirmed with --accept-unconfirmed: the mail servers are at { $domain }.
settings-using-saved = Using the saved settings of { $email }
settings-using-found = Using the settings found in { $source }
settings-password-from-keyring = The password comes from the system keyring.
settings-no-keyring-password = The system keyring has no password for { $email }, so the login was not tested. Add it with: mailsetup account password { $email } --set (or give it with --password-stdin)
settings-unencrypted = { $protocol } { $endpoint } uses no encryption: the password and the mail travel unprotected. Use it only on a network you trust.
settings-flag-one-incoming = Give one incoming server: --imap or --pop3, not both.
settings-flag-shape = --{ $flag }: write the server as HOST:PORT:SECURITY, for example imap.example.com:993:tls (got “{ $value }”)
settings-flag-security = --{ $flag }: “{ $value }” is not a security setting; use tls, starttls or none
settings-flag-port = --{ $flag }: “{ $value }” is not a port number (1 to 65535)
settings-flag-host = --{ $flag }: “{ $value }” is not a server name
settings-password-prompt = Password:
settings-password-empty = The password is empty. Pass it on standard input, for example: printf '%s' "$PASSWORD" | mailsetup check EMAIL --password-stdin
settings-password-too-long = The password is too long: more than { $max } bytes.
settings-password-not-text = The password could not be read as text (UTF-8).
settings-password-unreadable = The password could not be read from standard input: { $detail }
