# Exports: format names, instructions, warnings, errors, comments inside the files, the settings card
# and the export command. Every id exists in en and ru.

export-audience-mail-program = Your mail program
export-audience-phone = Phone
export-audience-command-line = Command line
export-audience-website = Website
export-audience-print = Print

## Formats: name, one line, instructions

export-thunderbird-name = Thunderbird (user.js)
export-thunderbird-summary = Sets up the account in a new Thunderbird profile on Windows, macOS or Linux
export-thunderbird-instructions = This file is for a NEW Thunderbird profile. If you already use Thunderbird, do not use it: choose Add Account → Email in Thunderbird and type the values from the settings card instead. For a new profile: close Thunderbird and create a new, empty profile (start it with “thunderbird -P”). Save { $file } in that profile’s folder (Linux: ~/.thunderbird/…, Windows: %APPDATA%\Thunderbird\Profiles\…, macOS: ~/Library/Thunderbird/Profiles/…) and start Thunderbird: the account for { $email } appears and Thunderbird asks for your password. Then delete { $file } from the folder, because Thunderbird applies it again at every start and would undo your later changes. Do not use it in a profile that already has accounts: it replaces their list.

export-autoconfig-xml-name = Autoconfig file for your domain (config-v1.1.xml)
export-autoconfig-xml-summary = Lets Thunderbird, Evolution, K-9 and other programs set up every address of your domain by themselves
export-autoconfig-xml-instructions = For the owner of { $domain }: publish this file as https://autoconfig.{ $domain }/mail/config-v1.1.xml (or https://{ $domain }/.well-known/autoconfig/mail/config-v1.1.xml). Thunderbird, Thunderbird for Android, Evolution, Geary, KMail and other programs then set up any address at { $domain } from just the address and the password. On one computer, an administrator can instead save it as { $domain }.xml in Thunderbird’s “isp” folder (for example /usr/lib/thunderbird/isp/ or C:\Program Files\Mozilla Thunderbird\isp\).

export-mobileconfig-name = Apple Mail profile (.mobileconfig)
export-mobileconfig-summary = Adds the account to Mail on iPhone, iPad and Mac
export-mobileconfig-instructions = Send { $file } to your iPhone, iPad or Mac (AirDrop, mail or the Files app). On a Mac, double-click it, then open System Settings → Privacy & Security → Profiles and click Install. On an iPhone or iPad, open it, then go to Settings → Profile Downloaded → Install. The profile is not signed, so it is shown as “Unverified”: that is expected. Mail asks for your password while installing.

export-outlook-prf-name = Outlook profile (.prf)
export-outlook-prf-summary = Adds the account to classic Outlook for Windows with outlook.exe /importprf
export-outlook-prf-instructions = For classic Outlook on Windows (not the new Outlook). Close Outlook, save { $file } on the computer and run: outlook.exe /importprf "C:\path\to\{ $file }". Outlook adds the account to your profile and asks for the password at the first send and receive. This is usually done by support staff; if in doubt, use the settings card instead.

export-evolution-name = Evolution (.source files)
export-evolution-summary = Adds the account to GNOME Evolution
export-evolution-instructions = Quit Evolution (run “evolution --force-shutdown”). Copy the three .source files into ~/.config/evolution/sources/ and start Evolution again: the account for { $email } appears, and Evolution asks for your password and keeps it in the GNOME keyring.

export-claws-name = Claws Mail (accountrc)
export-claws-summary = Adds the account to Claws Mail
export-claws-instructions = Quit Claws Mail. If it has no accounts yet, save { $file } as ~/.claws-mail/accountrc. If it already has accounts, add the lines at the end of that file and change the number in “[Account: 1]” to one that is not used yet. Start Claws Mail: it asks for your password.

export-geary-name = Geary (geary.ini)
export-geary-summary = Adds the account to Geary
export-geary-instructions = Quit Geary. Create the folder ~/.config/geary/account_01 (or the next free number) and save { $file } in it. Start Geary: it shows the account for { $email } and asks for your password.

export-thunderbird-qr-name = QR code for Thunderbird on Android
export-thunderbird-qr-summary = Scan it with Thunderbird for Android to set up your phone
export-thunderbird-qr-instructions = On your phone, install Thunderbird for Android, choose “Import from Thunderbird desktop” and scan this code from the screen. The app then asks for your password. Show the code on screen rather than printing or sending it.

export-k9s-name = Thunderbird for Android / K-9 settings file (.k9s)
export-k9s-summary = A settings file for Thunderbird for Android or K-9 Mail, when scanning a code is not possible
export-k9s-instructions = Copy { $file } to your Android phone. In Thunderbird for Android or K-9 Mail open Settings → Import settings, pick the file and select the account. The app asks for your password afterwards.

export-msmtp-name = msmtp (~/.msmtprc)
export-msmtp-summary = Sends mail from the command line and from programs that use sendmail
export-msmtp-instructions = Save it as ~/.msmtprc and make it private with “chmod 600 ~/.msmtprc”. Send mail with “msmtp -t” or use msmtp as the sendmail program of other tools. msmtp reads the password from the keyring entry Mail Setup created, with secret-tool (package libsecret-tools).

export-neomutt-name = NeoMutt / Mutt (~/.neomuttrc)
export-neomutt-summary = Reads and sends mail in the terminal with NeoMutt or Mutt
export-neomutt-instructions = Save it as ~/.neomuttrc (or load it from your own file with “source”) and start neomutt. The passwords are read from the keyring with secret-tool when NeoMutt starts.

export-mbsync-name = mbsync / isync (~/.mbsyncrc)
export-mbsync-summary = Copies your mailbox to a local Maildir folder
export-mbsync-instructions = Save it as ~/.mbsyncrc, create the folder with “mkdir -p ~/Mail/{ $account }” and run “mbsync -a”. Your mail is copied into ~/Mail/{ $account }. The password is read from the keyring with secret-tool.

export-aerc-name = aerc (accounts.conf)
export-aerc-summary = Reads and sends mail in the terminal with aerc
export-aerc-instructions = Add the lines to ~/.config/aerc/accounts.conf (create it if needed) and make the file private with “chmod 600 ~/.config/aerc/accounts.conf”. Start aerc: it reads the passwords from the keyring with secret-tool.

export-fetchmail-name = fetchmail (script)
export-fetchmail-summary = Fetches mail into this computer’s mail system with fetchmail
export-fetchmail-instructions = Save { $file }, make it executable with “chmod 700 { $file }” and run it. It reads the password from the keyring and starts fetchmail, which keeps the mail on the server and hands a copy to this computer’s mail system. Extra fetchmail options can follow the script name, for example --mda "procmail -d %T".

export-getmail-name = getmail6 (getmailrc)
export-getmail-summary = Copies new mail into ~/Maildir with getmail6
export-getmail-instructions = Create the folders with “mkdir -p ~/.config/getmail ~/Maildir/cur ~/Maildir/new ~/Maildir/tmp”, save the file as ~/.config/getmail/getmailrc and run getmail. New mail is copied into ~/Maildir and stays on the server. The password is read from the keyring with secret-tool.

export-joomla-name = Joomla (configuration.php)
export-joomla-summary = The “SMTP” mail settings of a Joomla site
export-joomla-instructions = In your site’s configuration.php, inside “class JConfig”, replace the lines with the same names by the lines from this file that start with “public”. Then open System → Global Configuration → Server → Mail, type the SMTP password and send a test mail.

export-wordpress-name = WordPress (WP Mail SMTP)
export-wordpress-summary = Settings for the WP Mail SMTP plugin in wp-config.php
export-wordpress-instructions = With the WP Mail SMTP plugin installed, paste the “define” lines into wp-config.php above the line “That’s all, stop editing!”. Add the password there with WPMS_SMTP_PASS or in the plugin settings, then send a test mail from WP Mail SMTP → Tools.

export-phpmailer-name = PHPMailer
export-phpmailer-summary = A PHP function that sets up PHPMailer for this account
export-phpmailer-instructions = Include { $file } and call mailsetup_configure_phpmailer($mail) on your PHPMailer object before sending. Put the password into the SMTP_PASSWORD environment variable of the web server.

export-laravel-env-name = Laravel (.env)
export-laravel-env-summary = The MAIL_ settings of a Laravel application
export-laravel-env-instructions = Replace the MAIL_ lines in your project’s .env with these lines, write the password after MAIL_PASSWORD=, then run “php artisan config:clear”.

export-django-name = Django (settings.py)
export-django-summary = The EMAIL_ settings of a Django project
export-django-instructions = Copy these lines into settings.py (or import them from this file) and set the EMAIL_HOST_PASSWORD environment variable for the web server. Check with “python manage.py sendtestemail you@example.com”.

export-card-txt-name = Settings card (text)
export-card-txt-summary = Every setting in plain words, to print or to read out to support
export-card-txt-instructions = Print the card or keep it with your papers. It lists every setting for programs that cannot import a file, such as The Bat!, the new Outlook and Windows Mail, and helps when support asks for your settings on the phone. It never contains your password.

export-card-html-name = Settings card (printable page)
export-card-html-summary = Every setting in large letters on a page ready to print
export-card-html-instructions = Open { $file } in a web browser and print it (Ctrl+P). It lists every setting in large letters for programs that cannot import a file, such as The Bat!, the new Outlook and Windows Mail. It never contains your password.

## Comments written inside the files

export-comment-generated = Mail settings for { $email }, made by Mail Setup. This file contains no password.
export-comment-keyring = The password is read from the system keyring (the entry Mail Setup created) with secret-tool, each time it is needed.
export-thunderbird-comment = For a NEW, empty Thunderbird profile only: save this file in the profile folder as user.js, start Thunderbird once, then delete user.js (Thunderbird applies it again at every start).
export-autoconfig-xml-comment = Mozilla autoconfig (clientConfig v1.1) for { $email }, made by Mail Setup. Host it as https://autoconfig.<domain>/mail/config-v1.1.xml.
export-outlook-prf-comment = Outlook profile made by Mail Setup. No password is included: Outlook asks for it. Import with: outlook.exe /importprf <this file>
export-mbsync-comment = Create the local folder first: mkdir -p ~/Mail/{ $account }, then run: mbsync -a
export-fetchmail-comment = fetchmail cannot run a password command, so this script reads the password and passes the settings to fetchmail on standard input. Extra fetchmail options may follow the script name.
export-getmail-comment = Save as ~/.config/getmail/getmailrc; the Maildir below must exist (mkdir -p ~/Maildir/cur ~/Maildir/new ~/Maildir/tmp).
export-joomla-comment = Copy the lines that start with "public" into class JConfig in configuration.php (replace the lines with the same names). Type the SMTP password in System, Global Configuration, Server, Mail.
export-wordpress-comment = Paste into wp-config.php above "That's all, stop editing!" (needs the WP Mail SMTP plugin). Add the password with WPMS_SMTP_PASS or in the plugin settings.
export-phpmailer-comment = Call mailsetup_configure_phpmailer($mail) before sending. The password comes from the SMTP_PASSWORD environment variable.
export-laravel-env-comment = Replace the MAIL_ lines of your .env with these and write the password after MAIL_PASSWORD=. MAIL_SCHEME is read by Laravel 11 and later, MAIL_ENCRYPTION by Laravel 10 and earlier.
export-django-comment = Add to settings.py. The password comes from the EMAIL_HOST_PASSWORD environment variable.
export-mobileconfig-description = Sets up Mail for { $email }. Mail asks for the password while installing.

## Warnings (limitations of a format for an account, and effects of the options)

export-warning-pinned-cert-not-carried = { $format } cannot carry the certificate you chose to trust for { $host }: the program will warn about it, and you must accept the same certificate there.
export-warning-unencrypted = { $protocol } on { $host } uses no encryption: the password and the mail travel unprotected, and anyone on the network can read them. Use it only on a network you trust.
export-warning-password-included = The password is inside this code. Anyone who sees or photographs it can read your password: show it only to your own phone, and never print or send it.
export-warning-password-not-included = { $format } never carries the password, so it was left out: the program asks for it or reads it from the keyring.
export-warning-ca-file-referenced = The file refers to the certificate authority file { $path }: keep that file where it is.
export-warning-ca-file-not-carried = { $format } cannot name an extra certificate authority: tell the program separately to trust it.
export-warning-no-display-name = { $format } cannot carry your name: the mail program asks for it.
export-warning-username-literal = The login is not derived from the address, so this file fits this one account rather than the whole domain.
export-warning-starttls-not-enforced = { $format } cannot insist on STARTTLS for { $protocol }: it encrypts when the server offers STARTTLS, but would not refuse an unencrypted connection.
export-warning-prf-unicode = Some names contain non-Latin letters, so the file is saved as Unicode (UTF-16). If Outlook shows garbled names after the import, correct them in the account settings.
export-warning-sending-only = { $format } only sends mail: to read mail, export for a mail reader as well.
export-warning-receiving-only = { $format } only fetches mail: to send mail, export for msmtp or another sender as well.
export-warning-qr-dense = The code holds a lot of text and may be hard to scan: show it large on the screen.

## Errors: why a format cannot be produced

export-error-unsupported-protocol = { $format } cannot read mail over { $protocol }. Choose another format, or switch the account to IMAP if your provider offers it.
export-error-security-not-expressible = { $format } cannot insist on { $security } for { $protocol }: the file would let your password travel unencrypted, so it was not created. Use your provider’s SSL/TLS port if it has one (993 for IMAP, 995 for POP3), or use the settings card.
export-error-auth-not-expressible = { $format } cannot sign in with “{ $auth }” for { $protocol }. Use the settings card, or the program’s own account wizard.
export-error-non-ascii-local-part = { $format } only works with addresses written in Latin letters before the @ sign, and { $email } is not. Use the settings card instead.
export-error-invalid-value = The { $field } contains line breaks or other control characters that cannot be written safely into this file. Correct it and export again.
export-error-too-large = The settings are too long for one QR code ({ $bytes } bytes). Use the .k9s settings file instead.
export-error-render = { $format }: the file could not be created ({ $detail }).

export-field-email = email address
export-field-display-name = name
export-field-incoming-username = login for incoming mail
export-field-outgoing-username = login for outgoing mail
export-field-incoming-host = incoming server name
export-field-outgoing-host = outgoing server name
export-field-protocol = server type

export-security-tls = SSL/TLS (encrypted from the start)
export-security-starttls = STARTTLS (encryption switched on right after connecting; required)
export-security-none = None: not encrypted (unsafe)
export-security-short-tls = SSL/TLS
export-security-short-starttls = STARTTLS
export-security-short-none = no encryption

export-auth-password = Normal password
export-auth-encrypted-password = Encrypted password (CRAM-MD5)
export-auth-oauth2 = OAuth2: sign in through the browser
export-auth-none = No sign-in

## The settings card

export-card-title = Mail settings for { $email }
export-card-subtitle = Provider: { $provider }. Prepared by Mail Setup on { $date }. Type every value exactly as printed.
export-card-account = Your account
export-card-name = Your name
export-card-email = Email address
export-card-email-ascii = Address in Latin letters (for older programs)
export-card-incoming = Incoming mail ({ $protocol })
export-card-outgoing = Outgoing mail ({ $protocol })
export-card-type = Account type
export-card-type-imap = mail stays on the server and looks the same on all your devices
export-card-type-pop3 = mail is downloaded to this computer
export-card-server = Server
export-card-port = Port
export-card-security = Encryption
export-card-auth = Sign-in
export-card-username = Username
export-card-password-heading = Password
export-card-password-text = Your password is not printed on this card. Use the same password that worked in Mail Setup’s test (if { $provider } asked you to create an app password, it is that one). Mail Setup keeps it in this computer’s password storage (the keyring) under the name “mailsetup”.
export-card-password-oauth2 = There is no password to type for this account: the mail program opens the { $provider } sign-in page in your browser.
export-card-clients-heading = Programs without a settings import
export-card-client-the-bat-name = The Bat!
export-card-client-the-bat = Menu Box → New mailbox. Type your name and address, choose { $incoming } as the protocol, then type the servers, ports and username from this card. For “Connection” choose “Secure to dedicated port (TLS)” where the card says SSL/TLS, or “Secure on standard port (STARTTLS)” where it says STARTTLS, and tick “My SMTP server requires authentication”.
export-card-client-new-outlook-name = New Outlook for Windows
export-card-client-new-outlook = Settings → Accounts → Add account. Type your address, continue, and choose { $incoming } when asked for the account type; then open the advanced settings and type the servers, ports, encryption and username from this card.
export-card-client-new-outlook-pop3 = If POP is not offered, use IMAP if your provider supports it.
export-card-client-windows-mail-name = Windows Mail
export-card-client-windows-mail = Add account → Advanced setup → Internet email. Type the account name, your name, the incoming server with its port (as server:port), the account type, the username, and the outgoing server with its port. Keep the SSL boxes ticked where the card says SSL/TLS or STARTTLS. Windows Mail has been replaced by the new Outlook and may no longer be available.
export-card-footer = Prepared by Mail Setup on { $date }. This card contains no password.
export-card-char-dot = dot
export-card-char-at = at
export-card-char-hyphen = hyphen
export-card-char-underscore = underscore
export-card-char-plus = plus
export-card-digit-0 = zero
export-card-digit-1 = one
export-card-digit-2 = two
export-card-digit-3 = three
export-card-digit-4 = four
export-card-digit-5 = five
export-card-digit-6 = six
export-card-digit-7 = seven
export-card-digit-8 = eight
export-card-digit-9 = nine

## The export command

export-cli-unknown-format = Unknown format “{ $format }”. See: mailsetup export --list-formats
export-cli-needs-output-binary = { $format } is an image: give a folder (or a file name ending in .png or .svg) with -o, for example -o { $file }
export-cli-needs-output-multi = { $format } makes several files: give a folder with -o, for example -o { $file }
export-cli-no-account = No settings known for { $email }: give the servers with --imap (or --pop3) and --smtp as HOST:PORT:SEC, where SEC is tls, starttls or none.
export-cli-bad-server = { $flag }: { $error }
export-cli-one-incoming = Give either --imap or --pop3, not both.
export-cli-no-password = --include-password reads the password from standard input, but nothing was given.
export-cli-wrote = Wrote { $path }
export-cli-write-failed = Could not write { $path }: { $error }
export-cli-warning = Warning: { $text }
export-cli-list-heading = Formats (use the id with --format):
export-cli-password-from-keyring = The password for the export was taken from the keyring.
