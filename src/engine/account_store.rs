//! The accounts file: saved accounts as versioned JSON (`{"version":1,"accounts":[…]}`) in the
//! OS config dir (`directories`, overridable with `--config-dir` / `MAILSETUP_CONFIG_DIR`). It
//! holds settings, keyring entry names and dates — never a password.
//!
//! Writes are atomic (temp file in the same dir, fsync, rename, fsync the dir), the file is mode
//! 0600 on Unix, and every read-modify-write runs under an advisory lock on a separate lock file,
//! so a second instance can neither corrupt the file nor lose the other's update. A damaged or
//! future-version file is moved aside to a timestamped backup and reported as a
//! [`StoreNotice`]; the app goes on with an empty list and the next save starts a fresh file.

use crate::engine::account::{Account, Server};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::secrets::{KEYRING_SERVICE, entry_user};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The accounts file's name inside the config dir.
pub const ACCOUNTS_FILE_NAME: &str = "accounts.json";
/// The format version this build writes (and the newest it reads).
pub const FORMAT_VERSION: u64 = 1;
/// The largest accounts file read; anything bigger is treated as damaged.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// How long to wait for another instance to finish with the file before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

const LOCK_FILE_NAME: &str = "accounts.json.lock";
const TEMP_FILE_NAME: &str = "accounts.json.tmp";

/// Which of an account's two servers a keyring entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerRole {
    Incoming,
    Outgoing,
}

/// Whether the keyring holds the password for an entry, as far as mailsetup knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PasswordState {
    /// Written to the keyring.
    Stored,
    /// Not in the keyring: none was given, it was cleared, or the keyring was unavailable.
    Missing,
}

/// Where one server's password lives: the keyring entry's name and whether it is filled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyringEntryRecord {
    pub server: ServerRole,
    /// Always [`KEYRING_SERVICE`] for entries this version writes.
    pub service: String,
    /// The entry's user part, as built by [`entry_user`] when the entry was made.
    pub user: String,
    pub password: PasswordState,
}

/// The last connection check, in brief (the full report is not kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSummary {
    pub ok: bool,
    /// The diagnosis `kind` id of a failed check (`auth_failed`, `timeout`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis_kind: Option<String>,
    pub checked_at: Timestamp,
}

/// One saved account: its settings plus what mailsetup knows about it. Never a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAccount {
    /// Address, display name, provider id, source of the settings and both servers (a pinned
    /// certificate fingerprint lives on its server).
    #[serde(flatten)]
    pub account: Account,
    /// The keyring entries of the servers that log in with a password.
    #[serde(default)]
    pub keyring_entries: Vec<KeyringEntryRecord>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<CheckSummary>,
}

impl StoredAccount {
    /// A new record for `account`, created now, with every password marked missing.
    pub fn new(account: Account) -> Self {
        let now = Timestamp::now();
        let keyring_entries = password_entries(&account)
            .into_iter()
            .map(|(server, user)| KeyringEntryRecord {
                server,
                service: KEYRING_SERVICE.to_string(),
                user,
                password: PasswordState::Missing,
            })
            .collect();
        StoredAccount { account, keyring_entries, created_at: now, updated_at: now, last_check: None }
    }

    /// The address this account is filed under.
    pub fn email(&self) -> &str {
        &self.account.email
    }

    /// True when every server that needs a password has one in the keyring.
    pub fn has_all_passwords(&self) -> bool {
        self.keyring_entries.iter().all(|e| e.password == PasswordState::Stored)
    }

    /// The server a keyring entry record belongs to.
    pub fn server(&self, role: ServerRole) -> &Server {
        match role {
            ServerRole::Incoming => &self.account.incoming,
            ServerRole::Outgoing => &self.account.outgoing,
        }
    }
}

/// "password: in the system keyring", "password: not saved" or "password: not needed", in `lang`.
pub fn password_state_text(needed: bool, stored: bool, lang: Lang) -> String {
    match (needed, stored) {
        (false, _) => tr(lang, "account-password-state-not-needed"),
        (true, true) => tr(lang, "account-password-state-stored"),
        (true, false) => tr(lang, "account-password-state-missing"),
    }
}

/// How the last check went, in `lang`: "passed on …", "failed on … (auth_failed)", "never tested".
pub fn last_check_text(last: Option<&CheckSummary>, lang: Lang) -> String {
    match last {
        None => tr(lang, "account-check-never"),
        Some(c) if c.ok => tr_args(lang, "account-check-passed-on", &[("date", date_text(c.checked_at).into())]),
        Some(c) => tr_args(
            lang,
            "account-check-failed-on",
            &[("date", date_text(c.checked_at).into()), ("kind", c.diagnosis_kind.clone().unwrap_or_default().into())],
        ),
    }
}

/// A date as people read it: the computer's local time, with the offset spelled out so a
/// support agent in another time zone reads it right: `2026-03-01 13:20 (UTC+03:00)`, or
/// `2026-03-01 10:20 UTC` where the computer keeps UTC.
pub fn date_text(timestamp: Timestamp) -> String {
    let local = timestamp.to_zoned_datetime(jiff::tz::TimeZone::system());
    let offset_secs = local.offset().seconds();
    if offset_secs == 0 {
        local.strftime("%Y-%m-%d %H:%M UTC").to_string()
    } else {
        local.strftime("%Y-%m-%d %H:%M (UTC%:z)").to_string()
    }
}

/// The keyring entry user names of the servers of `account` that log in with a password.
pub fn password_entries(account: &Account) -> Vec<(ServerRole, String)> {
    [(ServerRole::Incoming, &account.incoming), (ServerRole::Outgoing, &account.outgoing)]
        .into_iter()
        .filter(|(_, server)| server.auth.uses_password())
        .map(|(role, server)| (role, entry_user(server)))
        .collect()
}

/// True when two typed addresses name the same mailbox: the domain compares case-insensitively
/// (and IDN = punycode), the local part exactly, as RFC 5321 says.
pub fn same_address(a: &str, b: &str) -> bool {
    match (EmailAddress::parse(a), EmailAddress::parse(b)) {
        (Ok(a), Ok(b)) => a.local_part() == b.local_part() && a.domain() == b.domain(),
        _ => a.trim() == b.trim(),
    }
}

/// Something the user should be told about the accounts file. The app keeps working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreNotice {
    /// The file could not be read as an accounts file; it was moved aside.
    CorruptFileMovedAside { backup: PathBuf, detail: String },
    /// The file was written by a newer mailsetup; it was moved aside untouched.
    FutureVersionMovedAside { version: u64, backup: PathBuf },
}

impl StoreNotice {
    /// A plain-language explanation in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StoreNotice::CorruptFileMovedAside { backup, .. } => {
                tr_args(lang, "account-store-corrupt", &[("backup", backup.display().to_string().into())])
            }
            StoreNotice::FutureVersionMovedAside { version, backup } => tr_args(
                lang,
                "account-store-future",
                &[("version", (*version).into()), ("backup", backup.display().to_string().into())],
            ),
        }
    }

    /// Where the old file went.
    pub fn backup(&self) -> &Path {
        match self {
            StoreNotice::CorruptFileMovedAside { backup, .. } | StoreNotice::FutureVersionMovedAside { backup, .. } => {
                backup
            }
        }
    }
}

/// The accounts file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The OS has no config dir for this user (no home directory).
    #[error("no configuration directory is known for this user (set --config-dir)")]
    NoConfigDir,
    /// Reading, writing or locking failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Another instance held the lock for longer than [`LOCK_WAIT`].
    #[error("another mailsetup is still using {path}")]
    Busy { path: PathBuf },
    /// The accounts could not be turned into JSON (a bug).
    #[error("cannot write the accounts as JSON: {source}")]
    Serialize {
        #[source]
        source: serde_json::Error,
    },
}

impl StoreError {
    /// A plain-language explanation in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StoreError::NoConfigDir => tr(lang, "account-store-no-config-dir"),
            StoreError::Io { path, source, .. } => tr_args(
                lang,
                "account-store-io",
                &[("path", path.display().to_string().into()), ("detail", source.to_string().into())],
            ),
            StoreError::Busy { .. } => tr(lang, "account-store-busy"),
            StoreError::Serialize { source } => {
                tr_args(lang, "account-store-io", &[("path", "".into()), ("detail", source.to_string().into())])
            }
        }
    }

    fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
        let path = path.to_path_buf();
        move |source| StoreError::Io { action, path, source }
    }
}

/// The config dir the OS suggests for mailsetup (`~/.config/mailsetup` on Linux,
/// `~/Library/Application Support/mailsetup` on macOS, `%APPDATA%\mailsetup\config` on Windows).
pub fn default_config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "mailsetup").map(|dirs| dirs.config_dir().to_path_buf())
}

#[derive(Serialize)]
struct FileOut<'a> {
    version: u64,
    accounts: &'a [StoredAccount],
}

/// The file as read; `version` was checked through [`VersionOnly`] first.
#[derive(Deserialize)]
struct FileIn {
    accounts: Vec<StoredAccount>,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u64,
}

/// The saved accounts, as last read from the file. Changes go through [`AccountStore::upsert`],
/// [`AccountStore::remove`] and [`AccountStore::update`], which re-read the file under the lock,
/// apply the change and write it back atomically.
#[derive(Debug)]
pub struct AccountStore {
    dir: PathBuf,
    path: PathBuf,
    accounts: Vec<StoredAccount>,
    notices: Vec<StoreNotice>,
}

impl AccountStore {
    /// Opens the accounts file in `config_dir`, or in [`default_config_dir`] when `None`. The dir
    /// is created (mode 0700) when missing. A damaged or future-version file is moved aside and
    /// reported through [`AccountStore::notices`]; the store then starts empty.
    pub fn open(config_dir: Option<&Path>) -> Result<AccountStore, StoreError> {
        let dir = match config_dir {
            Some(dir) => dir.to_path_buf(),
            None => default_config_dir().ok_or(StoreError::NoConfigDir)?,
        };
        create_private_dir(&dir)?;
        let path = dir.join(ACCOUNTS_FILE_NAME);
        let mut store = AccountStore { dir, path, accounts: vec![], notices: vec![] };
        store.reload()?;
        Ok(store)
    }

    /// The accounts file's path (it may not exist yet).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory holding the accounts file.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every saved account, in the order they were first saved.
    pub fn list(&self) -> &[StoredAccount] {
        &self.accounts
    }

    /// The saved account for `email` (domain compared case-insensitively).
    pub fn get(&self, email: &str) -> Option<&StoredAccount> {
        self.accounts.iter().find(|a| same_address(a.email(), email))
    }

    /// What happened to the file that the user should hear about (a damaged or newer file moved
    /// aside). Each notice is reported once: [`AccountStore::take_notices`] empties the list.
    pub fn notices(&self) -> &[StoreNotice] {
        &self.notices
    }

    /// Takes the pending notices, leaving none.
    pub fn take_notices(&mut self) -> Vec<StoreNotice> {
        std::mem::take(&mut self.notices)
    }

    /// Reads the file again (under the lock), e.g. after another instance changed it.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.transact(|_| (false, ()))
    }

    /// Saves `account`, replacing the saved account with the same address (whose creation date
    /// is kept). Returns the account it replaced.
    pub fn upsert(&mut self, mut account: StoredAccount) -> Result<Option<StoredAccount>, StoreError> {
        self.transact(move |accounts| {
            let previous = match accounts.iter().position(|a| same_address(a.email(), account.email())) {
                Some(i) => {
                    account.created_at = account.created_at.min(accounts[i].created_at);
                    Some(std::mem::replace(&mut accounts[i], account))
                }
                None => {
                    accounts.push(account);
                    None
                }
            };
            (true, previous)
        })
    }

    /// Forgets the account for `email`; returns it, or `None` when there was none (the file is
    /// then left untouched).
    pub fn remove(&mut self, email: &str) -> Result<Option<StoredAccount>, StoreError> {
        self.transact(|accounts| match accounts.iter().position(|a| same_address(a.email(), email)) {
            Some(i) => (true, Some(accounts.remove(i))),
            None => (false, None),
        })
    }

    /// Changes the saved account for `email` in place (its `updated_at` is set to now) and
    /// returns the new version, or `None` when there is no such account.
    pub fn update(
        &mut self,
        email: &str,
        change: impl FnOnce(&mut StoredAccount),
    ) -> Result<Option<StoredAccount>, StoreError> {
        self.transact(|accounts| match accounts.iter_mut().find(|a| same_address(a.email(), email)) {
            Some(account) => {
                change(account);
                account.updated_at = Timestamp::now();
                (true, Some(account.clone()))
            }
            None => (false, None),
        })
    }

    /// Read-modify-write under the lock: reads the current file, lets `change` edit the list
    /// (it answers whether to write), writes atomically and keeps the result in memory.
    fn transact<R>(&mut self, change: impl FnOnce(&mut Vec<StoredAccount>) -> (bool, R)) -> Result<R, StoreError> {
        let _lock = DirLock::acquire(&self.dir)?;
        let mut accounts = self.read_locked()?;
        let (write, result) = change(&mut accounts);
        if write {
            let json = serde_json::to_vec_pretty(&FileOut { version: FORMAT_VERSION, accounts: &accounts })
                .map_err(|source| StoreError::Serialize { source })?;
            write_atomically(&self.dir, &self.path, &json)?;
        }
        self.accounts = accounts;
        Ok(result)
    }

    /// Reads the file; a damaged or newer one is moved aside (a notice is queued) and the list
    /// starts empty. Must be called with the lock held.
    fn read_locked(&mut self) -> Result<Vec<StoredAccount>, StoreError> {
        let bytes = match File::open(&self.path) {
            Ok(file) => {
                let mut bytes = vec![];
                file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(StoreError::io("read", &self.path))?;
                bytes
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(StoreError::io("read", &self.path)(e)),
        };
        match parse(&bytes) {
            Ok(accounts) => Ok(accounts),
            Err(Unreadable::Future { version }) => {
                let backup = self.move_aside(&format!("future-v{version}"))?;
                self.notices.push(StoreNotice::FutureVersionMovedAside { version, backup });
                Ok(vec![])
            }
            Err(Unreadable::Corrupt { detail }) => {
                let backup = self.move_aside("corrupt")?;
                self.notices.push(StoreNotice::CorruptFileMovedAside { backup, detail });
                Ok(vec![])
            }
        }
    }

    /// Renames the accounts file to `accounts.json.<label>-<UTC timestamp>` (never overwriting
    /// an earlier backup) and returns the new path.
    fn move_aside(&self, label: &str) -> Result<PathBuf, StoreError> {
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
        let base = format!("{ACCOUNTS_FILE_NAME}.{label}-{stamp}");
        let mut backup = self.dir.join(&base);
        let mut n = 1;
        while backup.exists() {
            n += 1;
            backup = self.dir.join(format!("{base}-{n}"));
        }
        fs::rename(&self.path, &backup).map_err(StoreError::io("move aside", &self.path))?;
        sync_dir(&self.dir)?;
        Ok(backup)
    }
}

#[derive(Debug)]
enum Unreadable {
    Corrupt { detail: String },
    Future { version: u64 },
}

fn parse(bytes: &[u8]) -> Result<Vec<StoredAccount>, Unreadable> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unreadable::Corrupt { detail: format!("larger than {MAX_FILE_BYTES} bytes") });
    }
    let corrupt = |e: serde_json::Error| Unreadable::Corrupt { detail: e.to_string() };
    let VersionOnly { version } = serde_json::from_slice(bytes).map_err(corrupt)?;
    if version > FORMAT_VERSION {
        return Err(Unreadable::Future { version });
    }
    if version == 0 {
        return Err(Unreadable::Corrupt { detail: "version 0 does not exist".to_string() });
    }
    let file: FileIn = serde_json::from_slice(bytes).map_err(corrupt)?;
    Ok(file.accounts)
}

/// An exclusive advisory lock on `accounts.json.lock` (flock on Unix, LockFileEx on Windows),
/// released when dropped or when the process dies. A separate file, because the accounts file
/// itself is replaced by rename on every write.
struct DirLock {
    _file: File,
}

impl DirLock {
    fn acquire(dir: &Path) -> Result<DirLock, StoreError> {
        let path = dir.join(LOCK_FILE_NAME);
        let file = private_options().read(true).write(true).create(true).truncate(false).open(&path);
        let file = file.map_err(StoreError::io("open", &path))?;
        let started = Instant::now();
        loop {
            // NOTE: called by path, not as a method: std's `File::try_lock` (Rust 1.89) would win
            // method resolution over fs4's, and our MSRV is older.
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(DirLock { _file: file }),
                Err(fs4::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(fs4::TryLockError::WouldBlock) => return Err(StoreError::Busy { path }),
                Err(fs4::TryLockError::Error(e)) => return Err(StoreError::io("lock", &path)(e)),
            }
        }
    }
}

/// Open options that create files readable by the owner only (0600 on Unix).
fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(StoreError::io("create", dir))
}

/// Writes `bytes` to `path` so that readers see either the old or the new file, even after a
/// crash or power loss: temp file in the same dir, fsync, rename over, fsync the dir.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let temp = dir.join(TEMP_FILE_NAME);
    // A temp file left by a killed instance is stale (we hold the lock): start afresh, so its
    // mode cannot carry over.
    match fs::remove_file(&temp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::io("remove", &temp)(e)),
    }
    let mut file =
        private_options().write(true).create_new(true).open(&temp).map_err(StoreError::io("create", &temp))?;
    file.write_all(bytes).map_err(StoreError::io("write", &temp))?;
    file.sync_all().map_err(StoreError::io("sync", &temp))?;
    drop(file);
    fs::rename(&temp, path).map_err(StoreError::io("replace", path))?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable (Unix; Windows has no directory handles to sync).
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(StoreError::io("sync", dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_show_the_local_time_with_its_offset() {
        let t: Timestamp = "2026-03-01T10:20:00Z".parse().unwrap();
        let text = date_text(t);
        let offset = t.to_zoned_datetime(jiff::tz::TimeZone::system()).offset().seconds();
        if offset == 0 {
            assert_eq!(text, "2026-03-01 10:20 UTC");
        } else {
            assert!(text.contains("(UTC+") || text.contains("(UTC-"), "{text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::{AuthMethod, Protocol, Security, SettingsSource};

    fn account(email: &str) -> Account {
        let domain = email.split_once('@').map(|(_, d)| d).unwrap_or("example.test");
        Account {
            email: email.to_string(),
            display_name: "Anna".to_string(),
            provider_id: None,
            source: SettingsSource::Manual,
            incoming: Server::new(Protocol::Imap, &format!("imap.{domain}"), 993, Security::Tls, email),
            outgoing: Server::new(Protocol::Smtp, &format!("smtp.{domain}"), 465, Security::Tls, email),
        }
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_missing_file_is_an_empty_list_and_the_first_save_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("nested/mailsetup");
        let mut store = AccountStore::open(Some(&config)).unwrap();
        assert!(store.list().is_empty());
        assert!(!store.path().exists());
        store.upsert(StoredAccount::new(account("anna@example.test"))).unwrap();
        let text = fs::read_to_string(store.path()).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], 1);
        assert_eq!(json["accounts"][0]["email"], "anna@example.test");
        assert_eq!(json["accounts"][0]["incoming"]["host"], "imap.example.test");
        assert_eq!(json["accounts"][0]["keyring_entries"][0]["user"], "anna@example.test@imap.example.test:993");
        assert_eq!(json["accounts"][0]["keyring_entries"][0]["password"], "missing");
        assert_eq!(files_in(&config), ["accounts.json", "accounts.json.lock"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_a_created_dir_too() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("mailsetup");
        let mut store = AccountStore::open(Some(&config)).unwrap();
        store.upsert(StoredAccount::new(account("anna@example.test"))).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&config), 0o700);
        assert_eq!(mode(store.path()), 0o600);
        assert_eq!(mode(&config.join(LOCK_FILE_NAME)), 0o600);
    }

    #[test]
    fn accounts_survive_a_reopen_and_addresses_match_case_insensitively_on_the_domain() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AccountStore::open(Some(dir.path())).unwrap();
        let mut saved = StoredAccount::new(account("Anna@Example.TEST"));
        saved.account.incoming.pinned_cert_sha256 = Some("ab".repeat(32));
        saved.last_check =
            Some(CheckSummary { ok: false, diagnosis_kind: Some("auth_failed".into()), checked_at: Timestamp::now() });
        store.upsert(saved.clone()).unwrap();
        let reopened = AccountStore::open(Some(dir.path())).unwrap();
        assert_eq!(reopened.list(), &[saved.clone()]);
        assert_eq!(reopened.get("Anna@example.test"), Some(&saved));
        assert_eq!(reopened.get("anna@example.test"), None, "the local part is compared exactly");
        assert!(reopened.notices().is_empty());
    }

    #[test]
    fn upsert_replaces_the_same_address_and_keeps_the_creation_date() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AccountStore::open(Some(dir.path())).unwrap();
        let first = StoredAccount::new(account("anna@example.test"));
        store.upsert(first.clone()).unwrap();
        store.upsert(StoredAccount::new(account("bob@example.test"))).unwrap();
        let mut second = StoredAccount::new(account("anna@EXAMPLE.test"));
        second.account.display_name = "Anna K.".into();
        let previous = store.upsert(second).unwrap();
        assert_eq!(previous, Some(first.clone()));
        assert_eq!(store.list().len(), 2);
        let anna = store.get("anna@example.test").unwrap();
        assert_eq!(anna.account.display_name, "Anna K.");
        assert_eq!(anna.created_at, first.created_at);
    }

    #[test]
    fn remove_and_update_touch_only_the_named_account() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AccountStore::open(Some(dir.path())).unwrap();
        store.upsert(StoredAccount::new(account("anna@example.test"))).unwrap();
        store.upsert(StoredAccount::new(account("bob@example.test"))).unwrap();
        let updated = store
            .update("bob@example.test", |a| a.keyring_entries[0].password = PasswordState::Stored)
            .unwrap()
            .unwrap();
        assert_eq!(updated.keyring_entries[0].password, PasswordState::Stored);
        assert_eq!(store.update("nobody@example.test", |_| {}).unwrap(), None);
        assert_eq!(store.remove("anna@example.test").unwrap().unwrap().email(), "anna@example.test");
        assert_eq!(store.remove("anna@example.test").unwrap(), None);
        let reopened = AccountStore::open(Some(dir.path())).unwrap();
        assert_eq!(reopened.list().len(), 1);
        assert_eq!(reopened.list()[0].keyring_entries[0].password, PasswordState::Stored);
    }

    #[test]
    fn a_second_handle_sees_changes_made_through_the_first_and_loses_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut one = AccountStore::open(Some(dir.path())).unwrap();
        let mut two = AccountStore::open(Some(dir.path())).unwrap();
        one.upsert(StoredAccount::new(account("anna@example.test"))).unwrap();
        two.upsert(StoredAccount::new(account("bob@example.test"))).unwrap();
        one.reload().unwrap();
        assert_eq!(one.list().len(), 2, "the second write re-read the file instead of overwriting it");
    }

    #[test]
    fn servers_without_passwords_get_no_keyring_entry() {
        let mut a = account("anna@example.test");
        a.outgoing.auth = AuthMethod::None;
        let stored = StoredAccount::new(a);
        assert_eq!(stored.keyring_entries.len(), 1);
        assert_eq!(stored.keyring_entries[0].server, ServerRole::Incoming);
        assert!(!stored.has_all_passwords());
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_reported_and_the_next_save_starts_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ACCOUNTS_FILE_NAME);
        fs::write(&path, b"{\"version\":1,\"accounts\":[{\"email\":").unwrap();
        let mut store = AccountStore::open(Some(dir.path())).unwrap();
        assert!(store.list().is_empty());
        let notices = store.take_notices();
        assert_eq!(notices.len(), 1);
        let StoreNotice::CorruptFileMovedAside { backup, detail } = &notices[0] else { panic!("{notices:?}") };
        assert!(!detail.is_empty());
        let name = backup.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("accounts.json.corrupt-20"), "{name}");
        assert_eq!(fs::read(backup).unwrap(), b"{\"version\":1,\"accounts\":[{\"email\":", "kept byte for byte");
        assert!(!path.exists());
        assert!(notices[0].message(Lang::En).contains(&name));
        store.upsert(StoredAccount::new(account("anna@example.test"))).unwrap();
        assert!(store.take_notices().is_empty());
        assert_eq!(AccountStore::open(Some(dir.path())).unwrap().list().len(), 1);
    }

    #[test]
    fn a_file_from_a_newer_version_is_moved_aside_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ACCOUNTS_FILE_NAME);
        let future = br#"{"version":7,"accounts":[{"email":"anna@example.test","shiny":true}]}"#;
        fs::write(&path, future).unwrap();
        let store = AccountStore::open(Some(dir.path())).unwrap();
        assert!(store.list().is_empty());
        let [StoreNotice::FutureVersionMovedAside { version: 7, backup }] = store.notices() else {
            panic!("{:?}", store.notices())
        };
        assert!(backup.file_name().unwrap().to_string_lossy().starts_with("accounts.json.future-v7-"));
        assert_eq!(fs::read(backup).unwrap(), future);
        assert!(store.notices()[0].message(Lang::Ru).contains('7'));
    }

    #[test]
    fn two_corrupt_files_in_the_same_second_get_two_backups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ACCOUNTS_FILE_NAME);
        fs::write(&path, b"garbage one").unwrap();
        let first = AccountStore::open(Some(dir.path())).unwrap().notices()[0].backup().to_path_buf();
        fs::write(&path, b"garbage two").unwrap();
        let second = AccountStore::open(Some(dir.path())).unwrap().notices()[0].backup().to_path_buf();
        assert_ne!(first, second);
        assert_eq!(fs::read(&first).unwrap(), b"garbage one");
        assert_eq!(fs::read(&second).unwrap(), b"garbage two");
    }

    #[test]
    fn version_zero_and_wrong_shapes_count_as_corrupt() {
        for text in [r#"{"version":0,"accounts":[]}"#, r#"{"accounts":[]}"#, "[]", "", r#"{"version":1}"#] {
            assert!(matches!(parse(text.as_bytes()), Err(Unreadable::Corrupt { .. })), "{text:?}");
        }
        assert!(parse(br#"{"version":1,"accounts":[]}"#).unwrap().is_empty());
    }

    #[test]
    fn a_stale_temp_file_from_a_killed_writer_does_not_block_saving() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(TEMP_FILE_NAME), b"half a file").unwrap();
        let mut store = AccountStore::open(Some(dir.path())).unwrap();
        store.upsert(StoredAccount::new(account("anna@example.test"))).unwrap();
        assert!(!dir.path().join(TEMP_FILE_NAME).exists());
        assert!(store.notices().is_empty());
    }

    #[test]
    fn store_errors_are_explained_in_both_languages() {
        let busy = StoreError::Busy { path: "/x".into() };
        assert_ne!(busy.message(Lang::En), busy.message(Lang::Ru));
        assert!(!busy.message(Lang::Ru).contains("account-store"));
    }
}
