//! Secrets: passwords live only in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows). This module names keyring entries — in one function, so
//! exported CLI configs can look up the same entry with `secret-tool` — and wraps the store
//! behind the [`SecretStore`] trait: [`OsSecretStore`] for real use, [`MemorySecretStore`] for
//! tests only.
//!
//! Every call may block for tens of milliseconds (a D-Bus round trip, an unlock prompt): GUI
//! callers run them as `engine::job` jobs, never on the UI thread. When the keyring cannot be
//! used the answer is a typed [`SecretError`]; there is no plaintext fallback of any kind.
//!
//! Only this module touches `keyring_core` (`.clippy.toml` forbids it elsewhere).

use crate::engine::account::Server;
use crate::engine::i18n::{Lang, tr, tr_args};
use keyring_core::{CredentialStore, Entry};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// A password in memory. It has no `Display` and no `Serialize`, its `Debug` is redacted, and its
/// bytes are wiped when it is dropped, so it cannot end up in output, files or panics by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(zeroize::Zeroizing<String>);

impl Password {
    /// Wraps a password as typed or read (a trailing newline from stdin is removed).
    pub fn new(value: impl Into<String>) -> Self {
        let mut value: String = value.into();
        while value.ends_with('\n') || value.ends_with('\r') {
            value.pop();
        }
        Password(zeroize::Zeroizing::new(value))
    }

    /// The password itself, for the one call that sends it to a server or the keyring.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The keyring service every mailsetup entry is filed under.
pub const KEYRING_SERVICE: &str = "mailsetup";

/// The keyring entry's user part for one server: the login plus the server, e.g.
/// `anna@yandex.ru@imap.yandex.ru:993`. Parse from the right: host names never contain `@`.
pub fn entry_user(server: &Server) -> String {
    format!("{}@{}:{}", server.username, server.host, server.port)
}

/// The shell command that prints this server's password from the Secret Service (Linux), as
/// used by the exported msmtp/mbsync/neomutt/… configs.
pub fn secret_tool_lookup_command(server: &Server) -> String {
    format!("secret-tool lookup service {KEYRING_SERVICE} username {}", shell_quote(&entry_user(server)))
}

/// Single-quotes a string for POSIX shells.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"@.:_-+/=".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Why the OS keyring cannot be used right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnavailableReason {
    /// No keyring service can be reached: no Secret Service or no D-Bus session bus (Linux), or
    /// an operating system mailsetup has no keyring support for.
    NoService,
    /// The keyring is locked and could not be unlocked here (no prompt possible), or it refused
    /// access (keyring-core's `NoStorageAccess`).
    Locked,
    /// The keyring answered with an error of its own.
    Failed,
}

impl UnavailableReason {
    /// The Fluent message id that explains this reason to people.
    pub fn message_id(self) -> &'static str {
        match self {
            UnavailableReason::NoService => "keyring-no-service",
            UnavailableReason::Locked => "keyring-locked",
            UnavailableReason::Failed => "keyring-failed",
        }
    }
}

/// A keyring call that did not work. The messages name entries, never secrets.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The keyring cannot be used at all (the CLI exits with code 5).
    #[error("the OS keyring is not available ({reason:?}): {detail}")]
    Unavailable { reason: UnavailableReason, detail: String },
    /// The keyring works but would not store or return this one entry (too long, ambiguous,
    /// not text).
    #[error("the OS keyring cannot use the entry {entry_user:?}: {detail}")]
    BadEntry { entry_user: String, detail: String },
}

impl SecretError {
    /// True when the keyring as a whole is out of reach (as opposed to one bad entry).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, SecretError::Unavailable { .. })
    }

    /// A plain-language explanation in `lang`, without technical details.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SecretError::Unavailable { reason, .. } => tr(lang, reason.message_id()),
            SecretError::BadEntry { entry_user, .. } => {
                tr_args(lang, "keyring-bad-entry", &[("entry", entry_user.clone().into())])
            }
        }
    }

    /// The technical detail reported by the keyring (for `-v` output and support reports).
    pub fn detail(&self) -> &str {
        match self {
            SecretError::Unavailable { detail, .. } | SecretError::BadEntry { detail, .. } => detail,
        }
    }
}

/// Somewhere passwords can be kept, one per keyring entry. Entries are always filed under
/// [`KEYRING_SERVICE`]; `entry_user` is the user part built by [`entry_user`].
///
/// Every method may block for tens of milliseconds or wait for an unlock prompt: call them from
/// an `engine::job` job, never from the UI thread.
pub trait SecretStore: Send + Sync {
    /// Ok when the keyring can be reached. A locked keyring may only show up at the first write.
    fn check_available(&self) -> Result<(), SecretError>;
    /// The password kept in `entry_user`, or `None` when there is no such entry.
    fn get(&self, entry_user: &str) -> Result<Option<Password>, SecretError>;
    /// Keeps `password` in `entry_user`, replacing what was there.
    fn set(&self, entry_user: &str, password: &Password) -> Result<(), SecretError>;
    /// Deletes `entry_user`; `Ok(false)` when there was nothing to delete.
    fn delete(&self, entry_user: &str) -> Result<bool, SecretError>;
}

/// The operating system's keyring through keyring-core: the Secret Service over D-Bus (pure
/// Rust zbus, no libdbus) on Linux, the login Keychain on macOS, the Credential Manager on
/// Windows. It connects on first use and keeps the connection; a failed connection is retried
/// on the next call, so a keyring started later is picked up.
pub struct OsSecretStore {
    connection: Mutex<Option<Arc<CredentialStore>>>,
}

impl OsSecretStore {
    /// A store that connects to the OS keyring on first use (creating it does no I/O).
    pub fn new() -> Self {
        OsSecretStore { connection: Mutex::new(None) }
    }

    fn store(&self) -> Result<Arc<CredentialStore>, SecretError> {
        let mut connection = self.connection.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(store) = connection.as_ref() {
            return Ok(store.clone());
        }
        let store = connect_os_store()
            .map_err(|e| SecretError::Unavailable { reason: UnavailableReason::NoService, detail: describe(&e) })?;
        *connection = Some(store.clone());
        Ok(store)
    }

    fn entry(&self, entry_user: &str) -> Result<Entry, SecretError> {
        let store = self.store()?;
        // NOTE: entries are built on our own store handle instead of keyring-core's global
        // default store, so nothing else in the process can redirect where passwords go.
        #[allow(clippy::disallowed_methods)] // this module is the one place that builds entries
        let entry = Entry::new_in_store(&store, KEYRING_SERVICE, entry_user);
        entry.map_err(|e| classify(e, entry_user))
    }
}

impl Default for OsSecretStore {
    fn default() -> Self {
        OsSecretStore::new()
    }
}

impl std::fmt::Debug for OsSecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OsSecretStore")
    }
}

impl SecretStore for OsSecretStore {
    fn check_available(&self) -> Result<(), SecretError> {
        // A lookup of an entry that never exists: it needs the service but no unlock prompt.
        self.get("mailsetup-availability-probe").map(|_| ())
    }

    fn get(&self, entry_user: &str) -> Result<Option<Password>, SecretError> {
        match self.entry(entry_user)?.get_password() {
            Ok(password) => Ok(Some(Password::new(password))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e, entry_user)),
        }
    }

    fn set(&self, entry_user: &str, password: &Password) -> Result<(), SecretError> {
        let entry = self.entry(entry_user)?;
        match entry.set_password(password.expose()) {
            Ok(()) => Ok(()),
            Err(keyring_core::Error::Ambiguous(duplicates)) => {
                // NOTE: several items match (e.g. one made by hand with secret-tool): replace them
                // all by one, so lookups by exported configs stay unambiguous.
                for duplicate in duplicates {
                    duplicate.delete_credential().map_err(|e| classify(e, entry_user))?;
                }
                entry.set_password(password.expose()).map_err(|e| classify(e, entry_user))
            }
            Err(e) => Err(classify(e, entry_user)),
        }
    }

    fn delete(&self, entry_user: &str) -> Result<bool, SecretError> {
        match self.entry(entry_user)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(keyring_core::Error::Ambiguous(duplicates)) => {
                for duplicate in duplicates {
                    match duplicate.delete_credential() {
                        Ok(()) | Err(keyring_core::Error::NoEntry) => {}
                        Err(e) => return Err(classify(e, entry_user)),
                    }
                }
                Ok(true)
            }
            Err(e) => Err(classify(e, entry_user)),
        }
    }
}

#[cfg(target_os = "linux")]
fn connect_os_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn connect_os_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn connect_os_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn connect_os_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(format!(
        "mailsetup has no keyring support for {}",
        std::env::consts::OS
    )))
}

/// Sorts a keyring-core error into "the keyring is out of reach" or "this entry is the problem".
fn classify(error: keyring_core::Error, entry_user: &str) -> SecretError {
    use keyring_core::Error as E;
    let unavailable = |reason| SecretError::Unavailable { reason, detail: describe(&error) };
    let bad_entry = || SecretError::BadEntry { entry_user: entry_user.to_string(), detail: describe(&error) };
    match &error {
        E::NoStorageAccess(_) => unavailable(UnavailableReason::Locked),
        E::NoDefaultStore => unavailable(UnavailableReason::NoService),
        E::TooLong(..) | E::Invalid(..) | E::Ambiguous(_) | E::BadEncoding(_) | E::BadDataFormat(..) | E::NoEntry => {
            bad_entry()
        }
        _ => unavailable(UnavailableReason::Failed),
    }
}

/// A keyring-core error as text, without the secret bytes some variants carry.
fn describe(error: &keyring_core::Error) -> String {
    use keyring_core::Error as E;
    match error {
        // NOTE: these two carry the stored secret's raw bytes; only say what is wrong.
        E::BadEncoding(_) => "the stored secret is not UTF-8 text".to_string(),
        E::BadDataFormat(_, source) => format!("the stored secret is malformed: {source}"),
        E::Ambiguous(items) => format!("{} keyring items match this entry", items.len()),
        other => other.to_string(),
    }
}

/// An in-memory store FOR TESTS ONLY (unit tests, GUI tests): it forgets everything when dropped
/// and must never stand in for the OS keyring. It can also play an unavailable keyring.
#[derive(Debug, Default)]
pub struct MemorySecretStore {
    entries: Mutex<HashMap<String, Password>>,
    unavailable: Option<UnavailableReason>,
}

impl MemorySecretStore {
    /// An empty, working store.
    pub fn new() -> Self {
        MemorySecretStore::default()
    }

    /// A store that fails every call as an unreachable keyring would.
    pub fn unavailable(reason: UnavailableReason) -> Self {
        MemorySecretStore { entries: Mutex::default(), unavailable: Some(reason) }
    }

    /// The entry names currently held, sorted (for assertions).
    pub fn entry_users(&self) -> Vec<String> {
        let mut users: Vec<String> = self.lock().keys().cloned().collect();
        users.sort();
        users
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Password>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn available(&self) -> Result<(), SecretError> {
        match self.unavailable {
            Some(reason) => Err(SecretError::Unavailable { reason, detail: "memory store set to unavailable".into() }),
            None => Ok(()),
        }
    }
}

impl SecretStore for MemorySecretStore {
    fn check_available(&self) -> Result<(), SecretError> {
        self.available()
    }

    fn get(&self, entry_user: &str) -> Result<Option<Password>, SecretError> {
        self.available()?;
        Ok(self.lock().get(entry_user).cloned())
    }

    fn set(&self, entry_user: &str, password: &Password) -> Result<(), SecretError> {
        self.available()?;
        self.lock().insert(entry_user.to_string(), password.clone());
        Ok(())
    }

    fn delete(&self, entry_user: &str) -> Result<bool, SecretError> {
        self.available()?;
        Ok(self.lock().remove(entry_user).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::{Protocol, Security};

    #[test]
    fn entry_names_carry_login_and_server() {
        let s = Server::new(Protocol::Imap, "imap.yandex.ru", 993, Security::Tls, "anna@yandex.ru");
        assert_eq!(entry_user(&s), "anna@yandex.ru@imap.yandex.ru:993");
        assert_eq!(
            secret_tool_lookup_command(&s),
            "secret-tool lookup service mailsetup username anna@yandex.ru@imap.yandex.ru:993"
        );
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let p = Password::new("hunter2\n");
        assert_eq!(p.expose(), "hunter2");
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
    }

    #[test]
    fn a_locked_keyring_and_a_missing_one_are_unavailable_and_explained() {
        let locked = classify(keyring_core::Error::NoStorageAccess("prompt dismissed".into()), "u@h:993");
        assert!(matches!(locked, SecretError::Unavailable { reason: UnavailableReason::Locked, .. }));
        assert!(locked.message(Lang::En).contains("locked"));
        assert!(locked.message(Lang::Ru).contains("заблокировано"));
        let none = classify(keyring_core::Error::NoDefaultStore, "u@h:993");
        assert!(matches!(none, SecretError::Unavailable { reason: UnavailableReason::NoService, .. }));
        let failed = classify(keyring_core::Error::PlatformFailure("dbus went away".into()), "u@h:993");
        assert!(failed.is_unavailable());
        assert_eq!(failed.detail(), "Platform failure: dbus went away");
    }

    #[test]
    fn entry_problems_name_the_entry_but_never_the_stored_bytes() {
        let error = classify(keyring_core::Error::BadEncoding(b"hunter2\xff".to_vec()), "u@h:993");
        assert!(!error.is_unavailable());
        let all = format!("{error} {error:?} {} {}", error.detail(), error.message(Lang::En));
        assert!(!all.contains("hunter2"), "{all}");
        assert!(all.contains("u@h:993"));
        let long = classify(keyring_core::Error::TooLong("user".into(), 255), "u@h:993");
        assert!(matches!(long, SecretError::BadEntry { .. }));
    }

    #[test]
    fn the_memory_store_keeps_deletes_and_can_play_unavailable() {
        let store = MemorySecretStore::new();
        store.check_available().unwrap();
        assert_eq!(store.get("a").unwrap(), None);
        store.set("a", &Password::new("one")).unwrap();
        store.set("a", &Password::new("two")).unwrap();
        assert_eq!(store.get("a").unwrap(), Some(Password::new("two")));
        assert!(store.delete("a").unwrap());
        assert!(!store.delete("a").unwrap());
        let down = MemorySecretStore::unavailable(UnavailableReason::NoService);
        assert!(down.check_available().unwrap_err().is_unavailable());
        assert!(down.set("a", &Password::new("x")).unwrap_err().is_unavailable());
    }

    #[test]
    fn odd_usernames_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("it's me"), r"'it'\''s me'");
        assert_eq!(shell_quote(""), "''");
    }
}
