# The wizard window. Short labels, no final period on buttons; "…" only on buttons that open a dialog.

## Top bar and navigation
top-my-accounts = My accounts
top-language-hint = Language of the window
nav-back = Back
nav-next = Next
step-of = Step { $step } of { $total } · { $name }
phase-address = Address
phase-settings = Server settings
phase-sign-in = Sign-in
phase-test = Test
phase-done = Done
seconds-short = { $seconds } s
copied = Copied
copy-report = Copy report
report-copied = The report is on the clipboard: paste it into your message to support
report-building = Collecting the facts…

## Home
home-title = Your mail accounts
home-subtitle = Accounts set up with Mail Setup. Check them again at any time.
home-loading = Loading your accounts…
home-empty = No accounts yet. Add one: it takes about a minute.
home-add = Add account
home-checking = Checking…
home-not-checked = Not checked yet
home-check-ok = Works · checked { $when }
home-check-failed = Problem: { $problem } · checked { $when }
home-password-not-saved = The password is not in the keyring, so “Check again” tests the connection only
home-recheck = Check again
home-export = Export
home-support = Support view
home-remove = Remove
home-remove-question = Remove { $email } from Mail Setup? Its password is deleted from the keyring too. Your mail itself is not touched.
home-remove-confirm = Remove
home-remove-confirm-named = Remove { $email }
home-remove-keep = Keep

## Step 1: address
address-title = Add a mail account
address-subtitle = Type your name and your email address. Mail Setup finds the settings for you.
address-name = Your name
address-name-hint = Anna Petrova
address-name-note = People who get your mail see this name. You can leave it empty.
address-email = Email address
address-email-hint = anna@example.com
address-ok = Looks good

## Step 2: detect
detect-title = Looking for the settings of { $domain }
detect-subtitle = This usually takes a few seconds.
detect-title-nothing = No settings found for { $domain }
detect-subtitle-nothing = Every place we know was asked; none had settings for this address.
detect-starting = Starting…
detect-nothing-advice = Your provider's help pages list the server names (look for “IMAP” and “SMTP”). Type them in on the next screen, or ask your provider's support.
detect-manual = Enter settings manually
detect-cancel = Cancel
detect-status-running = asking…
detect-status-found = found
detect-status-nothing = nothing there
detect-status-failed = did not work
detect-status-timed-out = no answer in time
detect-status-skipped = not needed
detect-source-preset = Mail Setup's own list of providers
detect-source-ispdb = Thunderbird's list of providers
detect-source-autoconfig = Your provider's website
detect-source-mx = Where your domain's mail goes (MX)
detect-source-srv = Your domain's service records (SRV)
detect-source-autoconfig-http = Your provider's website (unencrypted)
detect-source-guess = Trying the usual server names
detect-source-manual = Typed in by you

## Step 3: review
review-title = Check the settings
review-subtitle = For { $email }. Most people can simply press Next.
review-subtitle-confirm = For { $email }. Check the servers below, confirm them with the tick box, then press Next.
review-source-label = Found in:
source-preset = Mail Setup's own list of providers
source-ispdb = Thunderbird's list of providers
source-autoconfig = your provider's website (secure connection)
source-mx = a guess from where your domain's mail goes
source-srv = your domain's service records in DNS
source-autoconfig-http = your provider's website over an unencrypted connection
source-guess = a guess: these server names answered like mail servers
source-manual = typed in by you
source-with-provider = { $source } · { $provider }
review-incoming = Incoming mail
review-outgoing = Outgoing mail (SMTP)
review-imap = IMAP (recommended)
review-imap-explained = Keeps your mail on the server, so it looks the same on your phone, laptop and webmail.
review-pop3 = POP3
review-pop3-explained = Downloads mail to this computer only: your other devices will not see what you read, file or delete here.
review-outgoing-explained = The server your mail program sends mail through.
field-server = Server
field-port = Port
field-security = Security
field-username = Username
security-tls-choice = SSL/TLS
security-starttls-choice = STARTTLS
security-none-choice = None (unsafe)
security-tls-badge = Encrypted (SSL/TLS): your password and mail are protected
security-starttls-badge = Encrypted (STARTTLS): your password and mail are protected
security-none-badge = Not encrypted: your password and mail travel openly. Unsafe
review-problem-host-missing = Type the server name, for example imap.example.com
review-problem-host-invalid = This is not a valid server name: check for spaces or typos
review-problem-port-invalid = The port is a number between 1 and 65535
review-problem-username-missing = Type the username (usually your full email address)
review-confirm-title = Please confirm these servers
review-confirm-explained = These settings were not confirmed by your provider: they came from a source that someone could have changed on the way. Your password will be sent to { $domain }. Go on only if that is really your mail provider.
review-confirm = Yes, { $domain } is my mail provider

## Step 4: prepare
prepare-title = Before you sign in
prepare-subtitle = { $provider } asks for this once. Do it in your browser, then come back here.
prepare-your-provider = Your provider
prepare-open-link = Open { $site }
prepare-good-to-know = Good to know
prepare-done = I have done this

## Step 5: password
password-title = Your password
password-title-app = Your app password
password-subtitle = For { $email }.
password-app-needed = { $provider } needs an app password here.
password-app-not-account = An app password is NOT the password you use on the website: it is a separate password you create for mail programs in your account settings. Your normal password will not work.
password-app-link = Create an app password
password-field = Password
password-field-app = App password
password-show = Show password
password-spaces-removed = { $provider } shows app passwords in groups with spaces. Paste it as shown: the spaces are removed automatically.
password-kept-in-keyring = Once the test passes, the password is kept in your system's keyring, never in a file.
password-oauth-only = { $provider } lets mail programs sign in only through its own web page (OAuth2), not with a password. Mail Setup cannot do that sign-in: the test checks that the servers answer securely, and your mail program will open the sign-in page the first time.
password-test = Test the account

## Step 6: test
test-title-running = Testing your account
test-subtitle-running = Connecting, signing in and sending a test message to yourself.
test-title-passed = Your account works
test-subtitle-passed = Every step passed.
test-title-failed = Something is not right yet
test-subtitle-failed = Here is what happened and what to do.
test-title-stopped = The test was stopped
test-subtitle-stopped = Run it again when you are ready.
test-working = Working…
test-group-message = Test message to yourself
test-step-resolve = Find the server
test-step-connect = Connect
test-step-tls = Secure connection
test-step-greeting = Server answers
test-step-starttls = Switch to a secure connection
test-step-auth = Sign in
test-step-send = Send a test message
test-step-confirm = Test message received
server-incoming-heading = Incoming mail ({ $protocol })
server-outgoing-heading = Outgoing mail ({ $protocol })
test-passed-headline = Everything works
test-delivered-after = The test message arrived after { $time }.
test-sign-in-not-tested = Signing in was not part of this test (no password).
test-saving = Saving the account…
test-saved-with-password = The account is saved, and the password is in your system's keyring.
test-saved-without-password = The account is saved, but its password is not, so your mail program will ask for it. Why:
test-save-failed = The account works, but it could not be saved: { $reason }
test-open-help = Open the help page
test-details = Details
test-details-explained = The server's own words (useful for support):
test-failed-unknown = The test did not pass
test-retry = Try again
test-edit-settings = Edit settings

## Step 7: done and export
done-title = All set!
done-subtitle = { $email } works. Now set up your mail program with these settings:
export-title = Export { $email }
export-subtitle = Settings files for your mail program, phone or website.
export-saved = { $format }: saved to { $path }
export-waiting-for-dialog = Choose where to save the file in the dialog…
export-qr-label = QR code for Thunderbird on Android
export-qr-no-password = The code holds the settings, not your password.
export-write-failed = Could not write { $path }: { $error }
export-no-dialog = No save dialog opened on this computer, so the file was put in your Downloads folder. To choose the place yourself next time, ask whoever looks after this computer to install a file dialog (xdg-desktop-portal-gtk or zenity).
export-no-dialog-nowhere = No save dialog opened on this computer and there is no Downloads or home folder to put the file in. Use “Copy settings”, or the command line: mailsetup export EMAIL --format FORMAT -o FILE
done-copy-settings = Copy settings
done-finish = Finish
copy-settings-title = Mail settings for { $email }
copy-settings-password-note = Password: the one you use for this account (kept in the system keyring, not written here).

## Support view
support-title = Support view
support-subtitle = Every setting in large type, to read to your support contact on the phone.
support-email = Email address
support-name = Name
support-source = Found in
support-last-check = Last check
support-spoken = say: “{ $spoken }”
support-report-explained = The report contains the settings, timings and the servers' answers. It never contains your password.
support-close = Close support view

## Home: what the last check found, by diagnosis kind (short)
home-problem-dns_not_found = server not found
home-problem-connection_refused = the server refused the connection
home-problem-timeout = the server did not answer in time
home-problem-tls_untrusted = the server's certificate is not trusted
home-problem-tls_hostname_mismatch = the certificate is for another server
home-problem-tls_expired = the server's certificate has expired
home-problem-starttls_unavailable = the server does not offer encryption
home-problem-auth_failed = the password was not accepted
home-problem-app_password_required = an app password is needed
home-problem-protocol_disabled = access for mail programs is off
home-problem-sender_rejected = the sender address was refused
home-problem-spam_rejected = the test message was taken for spam
home-problem-limit_exceeded = a sending limit was reached
home-problem-message_not_delivered = the test message did not arrive
home-problem-unexpected_reply = the server answered unexpectedly
