# Saved accounts and the system keyring (mailsetup account …, the wizard's save step).

keyring-no-service = There is no system keyring to keep the password in: no keyring service (Secret Service) is running, or this session cannot reach it.
keyring-locked = The system keyring is locked, and it could not ask you to unlock it here.
keyring-failed = The system keyring reported an error and did not keep the password.
keyring-bad-entry = The system keyring did not accept the entry “{ $entry }”.
keyring-nothing-written-elsewhere = The password was not written anywhere else: Mail Setup keeps passwords only in the system keyring.
keyring-details = Technical details: { $detail }

account-store-corrupt = The file with your saved accounts was damaged and could not be read. It was kept as { $backup }, and a new, empty list was started.
account-store-future = The file with your saved accounts was written by a newer version of Mail Setup (format { $version }). It was kept as { $backup }, so this version can go on working; the newer version can still open it.
account-store-no-config-dir = Mail Setup cannot find a folder for its settings (is your home folder set?). Choose one with --config-dir DIR.
account-store-io = The saved accounts file { $path } could not be used: { $detail }
account-store-busy = Another Mail Setup window is saving accounts right now. Try again in a moment.
account-not-found = There is no saved account { $email }. See the saved ones with: mailsetup account list

account-saved = Saved { $email }.
account-saved-without-password = The account was saved without its password.
account-password-stored = The password is kept in the system keyring.
account-password-not-given = No password was given, so none is kept.
account-password-not-needed = This account logs in without a password, so there is nothing to keep.
account-password-hint = Add the password later with: mailsetup account password { $email } --set
account-stale-entries = { $count ->
    [one] An old keyring entry of the previous settings could not be deleted.
   *[other] { $count } old keyring entries of the previous settings could not be deleted.
}
account-check-failed = The connection test failed, so nothing was saved and the password was not kept. Fix the problem and run the same command again, or add --no-check to save the settings without testing them.

account-password-set = The password for { $email } is now kept in the system keyring.
account-password-cleared = The password for { $email } was deleted from the system keyring.
account-removed = Removed { $email }.
account-removed-password = Its password was deleted from the system keyring.
account-not-removed = { $email } was not removed, because its password could not be deleted from the system keyring.
account-list-empty = No saved accounts yet. Add one with: mailsetup account add EMAIL

account-label-name = Name
account-label-provider = Provider
account-label-source = Settings from
account-label-incoming = Incoming mail
account-label-outgoing = Outgoing mail
account-label-last-check = Last test
account-label-saved = Saved
account-label-changed = Changed
account-label-file = File
account-server-line = { $protocol } { $endpoint }, { $security }, login { $username }
account-security-none = no encryption (unsafe)
account-pinned-cert = trusts the certificate with SHA-256 { $sha }
account-password-state-stored = password: in the system keyring
account-password-state-missing = password: not saved
account-password-state-not-needed = password: not needed
account-check-never = never tested
account-check-passed-on = passed on { $date }
account-check-failed-on = failed on { $date } ({ $kind })
account-source-preset = Mail Setup's own list of providers
account-source-ispdb = Thunderbird's provider database
account-source-autoconfig = the provider's settings file
account-source-mx = the domain's mail server records (MX)
account-source-srv = the domain's service records (SRV)
account-source-autoconfig-http = the provider's settings file, fetched without encryption
account-source-guess = guessed and tried
account-source-manual = typed in by hand
