//! Saving, forgetting and re-keying an account: the accounts file and the keyring kept in step,
//! so the CLI and the wizard follow one set of rules. A keyring that cannot be used never stops
//! an account from being saved — it is saved with its passwords marked missing — and a password
//! never goes anywhere but the keyring.
//!
//! Every function here may block on the keyring (tens of milliseconds, or an unlock prompt):
//! GUI callers run them as `engine::job` jobs.

use crate::engine::account::Account;
use crate::engine::account_store::{
    AccountStore, CheckSummary, PasswordState, ServerRole, StoreError, StoredAccount, password_entries,
};
use crate::engine::check::CheckReport;
use crate::engine::i18n::{Lang, tr_args};
use crate::engine::secrets::{Password, SecretError, SecretStore};

/// Why an operation on a saved account did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// No saved account has this address.
    #[error("no saved account {email}")]
    NotFound { email: String },
    /// The accounts file could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The keyring could not be used.
    #[error(transparent)]
    Keyring(#[from] SecretError),
}

impl AccountsError {
    /// A plain-language explanation in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AccountsError::NotFound { email } => tr_args(lang, "account-not-found", &[("email", email.clone().into())]),
            AccountsError::Store(e) => e.message(lang),
            AccountsError::Keyring(e) => e.message(lang),
        }
    }
}

/// What [`save_account`] did.
#[derive(Debug)]
pub struct SaveOutcome {
    /// The account as saved.
    pub saved: StoredAccount,
    /// The account it replaced, if it was saved before.
    pub replaced: Option<StoredAccount>,
    /// Set when a password was given but the keyring did not take it; the account was saved
    /// anyway, with that password marked missing.
    pub keyring_error: Option<SecretError>,
    /// Keyring entries of the replaced settings that could not be deleted (the keyring was out
    /// of reach); they hold an old password under a name no saved account uses any more.
    pub stale_entries: Vec<String>,
}

/// Saves `account` (replacing a saved one with the same address) and puts `password` into the
/// keyring for each server that logs in with one. Without a password, entries that already hold
/// one stay marked as stored. Entries of replaced settings are deleted from the keyring.
/// `check` records the connection check that was just run, if any.
pub fn save_account(
    store: &mut AccountStore,
    secrets: &dyn SecretStore,
    account: Account,
    password: Option<&Password>,
    check: Option<CheckSummary>,
) -> Result<SaveOutcome, StoreError> {
    let previous = store.get(&account.email).cloned();
    let mut saved = StoredAccount::new(account);
    if let Some(previous) = &previous {
        saved.created_at = previous.created_at;
        if previous.account.servers() == saved.account.servers() {
            saved.last_check = previous.last_check.clone();
        }
    }
    if check.is_some() {
        saved.last_check = check;
    }
    let was_stored = |user: &str| {
        previous.iter().flat_map(|p| &p.keyring_entries).any(|r| r.user == user && r.password == PasswordState::Stored)
    };

    let mut keyring_error: Option<SecretError> = None;
    let mut newly_written = vec![];
    for record in &mut saved.keyring_entries {
        match password {
            None => {
                if was_stored(&record.user) {
                    record.password = PasswordState::Stored;
                }
            }
            Some(_) if keyring_error.as_ref().is_some_and(SecretError::is_unavailable) => {}
            Some(password) => match secrets.set(&record.user, password) {
                Ok(()) => {
                    record.password = PasswordState::Stored;
                    if !was_stored(&record.user) {
                        newly_written.push(record.user.clone());
                    }
                }
                Err(e) => {
                    keyring_error.get_or_insert(e);
                }
            },
        }
    }

    let replaced = match store.upsert(saved.clone()) {
        Ok(replaced) => replaced,
        Err(e) => {
            // The account is not saved: take back the entries no saved account would point to.
            for user in &newly_written {
                let _ = secrets.delete(user);
            }
            return Err(e);
        }
    };

    let mut stale_entries = vec![];
    let still_used: Vec<&str> = saved.keyring_entries.iter().map(|r| r.user.as_str()).collect();
    for old in replaced.iter().flat_map(|r| &r.keyring_entries) {
        if still_used.contains(&old.user.as_str()) {
            continue;
        }
        if let Err(e) = secrets.delete(&old.user) {
            tracing::warn!(entry = %old.user, error = %e, "could not delete the keyring entry of replaced settings");
            stale_entries.push(old.user.clone());
        }
    }
    Ok(SaveOutcome { saved, replaced, keyring_error, stale_entries })
}

/// What [`forget_account`] did.
#[derive(Debug)]
pub struct Forgotten {
    /// The account as it was saved.
    pub account: StoredAccount,
    /// The keyring entries that held a password and were deleted.
    pub deleted_entries: Vec<String>,
}

/// Deletes the account's keyring entries, then forgets the account. When an entry that holds a
/// password cannot be deleted, the account is kept (so the user can try again) and the keyring
/// error is returned.
pub fn forget_account(
    store: &mut AccountStore,
    secrets: &dyn SecretStore,
    email: &str,
) -> Result<Forgotten, AccountsError> {
    let stored = store.get(email).cloned().ok_or_else(|| AccountsError::NotFound { email: email.to_string() })?;
    let mut deleted = vec![];
    for record in &stored.keyring_entries {
        match secrets.delete(&record.user) {
            Ok(true) => deleted.push(record.user.clone()),
            Ok(false) => {}
            // Nothing was stored there as far as we know: no reason to keep the account.
            Err(_) if record.password == PasswordState::Missing => {}
            Err(e) => {
                mark(store, email, &deleted, PasswordState::Missing)?;
                return Err(e.into());
            }
        }
    }
    let account = store.remove(email)?.ok_or_else(|| AccountsError::NotFound { email: email.to_string() })?;
    Ok(Forgotten { account, deleted_entries: deleted })
}

/// Puts `password` into the keyring for every server of the saved account that logs in with
/// one, and marks them stored. Returns the account as saved now.
pub fn set_password(
    store: &mut AccountStore,
    secrets: &dyn SecretStore,
    email: &str,
    password: &Password,
) -> Result<StoredAccount, AccountsError> {
    for_each_entry(store, email, PasswordState::Stored, |user| secrets.set(user, password))
}

/// Deletes the saved account's passwords from the keyring and marks them missing.
pub fn clear_password(
    store: &mut AccountStore,
    secrets: &dyn SecretStore,
    email: &str,
) -> Result<StoredAccount, AccountsError> {
    for_each_entry(store, email, PasswordState::Missing, |user| secrets.delete(user).map(|_| ()))
}

/// Runs `keyring` on every keyring entry of the saved account in turn and marks the entries it
/// got through as `state` — also when it stops at an error, so the accounts file says what the
/// keyring holds. Returns the account as saved now.
fn for_each_entry(
    store: &mut AccountStore,
    email: &str,
    state: PasswordState,
    keyring: impl Fn(&str) -> Result<(), SecretError>,
) -> Result<StoredAccount, AccountsError> {
    let stored = store.get(email).cloned().ok_or_else(|| AccountsError::NotFound { email: email.to_string() })?;
    let mut done = vec![];
    for record in &stored.keyring_entries {
        if let Err(e) = keyring(&record.user) {
            mark(store, email, &done, state)?;
            return Err(e.into());
        }
        done.push(record.user.clone());
    }
    mark(store, email, &done, state)?.ok_or_else(|| AccountsError::NotFound { email: email.to_string() })
}

/// The password of one server of a saved account from the keyring, or `None` when that server
/// needs none or the keyring has none for it.
pub fn load_password(
    secrets: &dyn SecretStore,
    stored: &StoredAccount,
    role: ServerRole,
) -> Result<Option<Password>, SecretError> {
    match stored.keyring_entries.iter().find(|r| r.server == role) {
        Some(record) => secrets.get(&record.user),
        None => Ok(None),
    }
}

/// The brief record of `report` kept with a saved account, or `None` when the check says nothing
/// about the account: it was cancelled, or it passed without logging in (no password was given,
/// so only the steps before login ran).
pub fn check_summary(report: &CheckReport, checked_at: jiff::Timestamp) -> Option<CheckSummary> {
    if report.cancelled || (report.ok && !report.password_tested) {
        return None;
    }
    Some(CheckSummary {
        ok: report.ok,
        diagnosis_kind: report.diagnosis.as_ref().map(|d| d.kind.as_str().to_string()),
        checked_at,
    })
}

/// Keeps `summary` as the saved account's last check. Returns the account as saved now, or
/// `None` when no account with this address is saved (any more).
pub fn record_check(
    store: &mut AccountStore,
    email: &str,
    summary: CheckSummary,
) -> Result<Option<StoredAccount>, StoreError> {
    store.update(email, |account| account.last_check = Some(summary))
}

/// Sets the password state of the listed entries (by user name) in the saved account.
fn mark(
    store: &mut AccountStore,
    email: &str,
    users: &[String],
    state: PasswordState,
) -> Result<Option<StoredAccount>, StoreError> {
    store.update(email, |account| {
        for record in &mut account.keyring_entries {
            if users.contains(&record.user) {
                record.password = state;
            }
        }
    })
}

/// True when the keyring entries a saved account records are the ones its settings imply (false
/// after a future change of the naming rule; the next save renames them).
pub fn entries_match_settings(stored: &StoredAccount) -> bool {
    let recorded: Vec<(ServerRole, &str)> =
        stored.keyring_entries.iter().map(|r| (r.server, r.user.as_str())).collect();
    let implied = password_entries(&stored.account);
    recorded.len() == implied.len() && implied.iter().all(|(role, user)| recorded.contains(&(*role, user.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::{Protocol, Security, Server, SettingsSource};
    use crate::engine::secrets::{MemorySecretStore, UnavailableReason};
    use jiff::Timestamp;

    fn account(email: &str, imap_port: u16) -> Account {
        Account {
            email: email.to_string(),
            display_name: String::new(),
            provider_id: None,
            source: SettingsSource::Manual,
            incoming: Server::new(Protocol::Imap, "imap.example.test", imap_port, Security::Tls, email),
            outgoing: Server::new(Protocol::Smtp, "smtp.example.test", 465, Security::Tls, email),
        }
    }

    fn open() -> (tempfile::TempDir, AccountStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = AccountStore::open(Some(dir.path())).unwrap();
        (dir, store)
    }

    #[test]
    fn saving_with_a_password_fills_one_entry_per_server_and_never_the_file() {
        let (dir, mut store) = open();
        let secrets = MemorySecretStore::new();
        let password = Password::new("Zebra-Canary-1977");
        let outcome =
            save_account(&mut store, &secrets, account("a@example.test", 993), Some(&password), None).unwrap();
        assert!(outcome.keyring_error.is_none());
        assert!(outcome.saved.has_all_passwords());
        assert_eq!(
            secrets.entry_users(),
            ["a@example.test@imap.example.test:993", "a@example.test@smtp.example.test:465"]
        );
        assert_eq!(secrets.get("a@example.test@smtp.example.test:465").unwrap(), Some(password));
        let file = std::fs::read_to_string(store.path()).unwrap();
        assert!(!file.contains("Zebra-Canary-1977"));
        assert!(entries_match_settings(&outcome.saved));
        drop(dir);
    }

    #[test]
    fn an_unavailable_keyring_still_saves_the_account_marked_without_password() {
        let (_dir, mut store) = open();
        let secrets = MemorySecretStore::unavailable(UnavailableReason::NoService);
        let password = Password::new("Zebra-Canary-1977");
        let outcome =
            save_account(&mut store, &secrets, account("a@example.test", 993), Some(&password), None).unwrap();
        assert!(outcome.keyring_error.as_ref().is_some_and(SecretError::is_unavailable));
        let saved = store.get("a@example.test").unwrap();
        assert!(saved.keyring_entries.iter().all(|r| r.password == PasswordState::Missing));
    }

    #[test]
    fn saving_again_without_a_password_keeps_the_stored_one() {
        let (_dir, mut store) = open();
        let secrets = MemorySecretStore::new();
        save_account(&mut store, &secrets, account("a@example.test", 993), Some(&Password::new("pw")), None).unwrap();
        let again = save_account(&mut store, &secrets, account("a@example.test", 993), None, None).unwrap();
        assert!(again.saved.has_all_passwords());
        assert_eq!(secrets.entry_users().len(), 2);
    }

    #[test]
    fn changed_settings_delete_the_entries_of_the_old_servers() {
        let (_dir, mut store) = open();
        let secrets = MemorySecretStore::new();
        let check = CheckSummary { ok: true, diagnosis_kind: None, checked_at: Timestamp::now() };
        save_account(&mut store, &secrets, account("a@example.test", 993), Some(&Password::new("pw")), Some(check))
            .unwrap();
        let moved = save_account(&mut store, &secrets, account("a@example.test", 1993), None, None).unwrap();
        assert_eq!(
            secrets.entry_users(),
            ["a@example.test@smtp.example.test:465"],
            "the old IMAP entry is gone, SMTP is unchanged"
        );
        assert_eq!(moved.saved.keyring_entries[0].password, PasswordState::Missing);
        assert_eq!(moved.saved.keyring_entries[1].password, PasswordState::Stored);
        assert_eq!(moved.saved.last_check, None, "a check of other servers says nothing about these");
        assert!(moved.stale_entries.is_empty());
    }

    #[test]
    fn forgetting_deletes_the_keyring_entries_then_the_account() {
        let (_dir, mut store) = open();
        let secrets = MemorySecretStore::new();
        save_account(&mut store, &secrets, account("a@example.test", 993), Some(&Password::new("pw")), None).unwrap();
        save_account(&mut store, &secrets, account("b@example.test", 993), Some(&Password::new("pw")), None).unwrap();
        let forgotten = forget_account(&mut store, &secrets, "a@EXAMPLE.test").unwrap();
        assert_eq!(forgotten.deleted_entries.len(), 2);
        assert!(store.get("a@example.test").is_none());
        assert!(secrets.entry_users().iter().all(|u| u.starts_with("b@")));
        assert!(matches!(forget_account(&mut store, &secrets, "a@example.test"), Err(AccountsError::NotFound { .. })));
    }

    #[test]
    fn forgetting_keeps_the_account_when_its_stored_password_cannot_be_deleted() {
        let (dir, mut store) = open();
        save_account(
            &mut store,
            &MemorySecretStore::new(),
            account("a@example.test", 993),
            Some(&Password::new("pw")),
            None,
        )
        .unwrap();
        let broken = MemorySecretStore::unavailable(UnavailableReason::Locked);
        let err = forget_account(&mut store, &broken, "a@example.test").unwrap_err();
        assert!(matches!(err, AccountsError::Keyring(ref e) if e.is_unavailable()));
        assert!(AccountStore::open(Some(dir.path())).unwrap().get("a@example.test").is_some());
    }

    #[test]
    fn forgetting_an_account_that_never_had_a_password_works_without_a_keyring() {
        let (_dir, mut store) = open();
        let broken = MemorySecretStore::unavailable(UnavailableReason::NoService);
        save_account(&mut store, &broken, account("a@example.test", 993), None, None).unwrap();
        let forgotten = forget_account(&mut store, &broken, "a@example.test").unwrap();
        assert!(forgotten.deleted_entries.is_empty());
        assert!(store.list().is_empty());
    }

    #[test]
    fn set_and_clear_password_follow_the_keyring() {
        let (_dir, mut store) = open();
        let secrets = MemorySecretStore::new();
        save_account(&mut store, &secrets, account("a@example.test", 993), None, None).unwrap();
        let set = set_password(&mut store, &secrets, "a@example.test", &Password::new("pw")).unwrap();
        assert!(set.has_all_passwords());
        assert_eq!(load_password(&secrets, &set, ServerRole::Incoming).unwrap(), Some(Password::new("pw")));
        let cleared = clear_password(&mut store, &secrets, "a@example.test").unwrap();
        assert!(cleared.keyring_entries.iter().all(|r| r.password == PasswordState::Missing));
        assert!(secrets.entry_users().is_empty());
        assert_eq!(load_password(&secrets, &cleared, ServerRole::Outgoing).unwrap(), None);
        let err = set_password(
            &mut store,
            &MemorySecretStore::unavailable(UnavailableReason::Locked),
            "a@example.test",
            &Password::new("pw"),
        )
        .unwrap_err();
        assert!(err.message(Lang::Ru).contains("заблокирован"), "{}", err.message(Lang::Ru));
    }

    #[test]
    fn a_check_summary_is_kept_for_failures_and_logged_in_passes_only() {
        use crate::engine::check::CheckFailure;
        use crate::engine::diagnostics;
        let now = Timestamp::now();
        let passed_without_login = CheckReport { ok: true, ..CheckReport::default() };
        assert_eq!(check_summary(&passed_without_login, now), None, "the steps before login prove little");
        let passed = CheckReport { ok: true, password_tested: true, ..CheckReport::default() };
        assert_eq!(check_summary(&passed, now), Some(CheckSummary { ok: true, diagnosis_kind: None, checked_at: now }));
        let failure = CheckFailure::Refused { protocol: Protocol::Imap, host: "h".into(), port: 993 };
        let refused = CheckReport {
            diagnosis: Some(diagnostics::diagnose(&failure, None, Lang::En)),
            failures: vec![failure],
            ..CheckReport::default()
        };
        let summary = check_summary(&refused, now).unwrap();
        assert_eq!((summary.ok, summary.diagnosis_kind.as_deref()), (false, Some("connection_refused")));
        let cancelled = CheckReport { cancelled: true, password_tested: true, ..CheckReport::default() };
        assert_eq!(check_summary(&cancelled, now), None);
    }

    #[test]
    fn recording_a_check_changes_only_the_last_check() {
        let (_dir, mut store) = open();
        let secrets = MemorySecretStore::new();
        let saved = save_account(&mut store, &secrets, account("a@example.test", 993), None, None).unwrap().saved;
        let summary = CheckSummary { ok: false, diagnosis_kind: Some("timeout".into()), checked_at: Timestamp::now() };
        let now = record_check(&mut store, "a@EXAMPLE.test", summary.clone()).unwrap().unwrap();
        assert_eq!(now.last_check, Some(summary.clone()));
        assert_eq!((now.account, now.keyring_entries), (saved.account, saved.keyring_entries));
        assert_eq!(record_check(&mut store, "nobody@example.test", summary).unwrap(), None);
    }
}
