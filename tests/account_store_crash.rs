//! Crash safety of the accounts file: a real process saving in a tight loop is SIGKILLed at
//! random moments, many times; after every kill the file parses and holds either the state
//! before the last save or the one after it. And two processes saving at once lose no update.
//!
//! The saving process is this test binary itself, re-run with `--exact save_loop_worker
//! --ignored` and `MAILSETUP_CRASH_DIR` set (see [`save_loop_worker`]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

use mailsetup::engine::account::{Account, Protocol, Security, Server, SettingsSource};
use mailsetup::engine::account_store::{AccountStore, StoredAccount};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ENV_DIR: &str = "MAILSETUP_CRASH_DIR";
const ENV_MODE: &str = "MAILSETUP_CRASH_MODE";
const KILLS: usize = 60;
/// How many times the state number is repeated in the display name: makes each save about
/// 100 KB, so a write takes several syscalls and a kill can land in the middle of one.
const REPEAT: usize = 12_000;

fn account(email: &str, display_name: String) -> Account {
    Account {
        email: email.to_string(),
        display_name,
        provider_id: None,
        source: SettingsSource::Manual,
        incoming: Server::new(Protocol::Imap, "imap.example.test", 993, Security::Tls, email),
        outgoing: Server::new(Protocol::Smtp, "smtp.example.test", 465, Security::Tls, email),
    }
}

fn state_name(state: u64) -> String {
    format!("{state}|").repeat(REPEAT)
}

/// The state number held by the file in `dir`, read straight from the JSON (not through
/// `AccountStore`, which would move a damaged file aside). Panics if the file is torn.
fn state_in_file(dir: &Path) -> u64 {
    let bytes = std::fs::read(dir.join("accounts.json")).expect("the accounts file exists");
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("the accounts file parses after a kill");
    assert_eq!(json["version"], 1);
    let accounts = json["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2, "both accounts are always there");
    assert_eq!(accounts[0]["email"], "steady@example.test");
    let name = accounts[1]["display_name"].as_str().unwrap();
    let parts: Vec<&str> = name.split('|').filter(|p| !p.is_empty()).collect();
    assert_eq!(parts.len(), REPEAT, "the display name is complete");
    assert!(parts.iter().all(|p| *p == parts[0]), "one state throughout, not a mix");
    parts[0].parse().unwrap()
}

/// A tiny xorshift generator: random kill moments without a dependency.
struct Random(u64);

impl Random {
    fn seeded() -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        Random(u64::from(nanos) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn spawn_worker(dir: &Path, mode: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "save_loop_worker", "--ignored", "--nocapture", "--test-threads=1", "-q"])
        .env(ENV_DIR, dir)
        .env(ENV_MODE, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("re-run this test binary as the save-loop worker")
}

#[test]
fn a_writer_killed_at_random_moments_always_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = AccountStore::open(Some(dir.path())).unwrap();
        store.upsert(StoredAccount::new(account("steady@example.test", "steady".into()))).unwrap();
        store.upsert(StoredAccount::new(account("crash@example.test", state_name(0)))).unwrap();
    }
    let mut random = Random::seeded();
    let (mut landed_after_rename, mut total_saves) = (0, 0);
    let started = Instant::now();
    for round in 0..KILLS {
        let mut child = spawn_worker(dir.path(), "loop");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut last_saved = None;
        // Wait until the loop runs, then kill it 0–25 ms later.
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(n) = line.strip_prefix("saved ") {
                last_saved = Some(n.parse::<u64>().unwrap());
                break;
            }
            assert!(!line.starts_with("NOTICE"), "round {round}: the worker found a damaged file: {line}");
        }
        std::thread::sleep(Duration::from_micros(random.below(25_000)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(
            status.code().is_none(),
            "round {round}: the worker ended by itself ({status}) instead of being killed"
        );
        for line in lines {
            if let Some(n) = line.unwrap().strip_prefix("saved ") {
                last_saved = Some(n.parse().unwrap());
            }
        }
        let confirmed = last_saved.expect("the worker saved at least once");
        let in_file = state_in_file(dir.path());
        assert!(
            in_file == confirmed || in_file == confirmed + 1,
            "round {round}: the file holds state {in_file}, but the last confirmed save was {confirmed}"
        );
        landed_after_rename += usize::from(in_file == confirmed + 1);
        total_saves = in_file;
    }
    let store = AccountStore::open(Some(dir.path())).unwrap();
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    assert_eq!(store.list().len(), 2);
    eprintln!(
        "{KILLS} kills in {:.1} s, {total_saves} saves in all; {landed_after_rename} kills fell between the rename and the report",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn two_processes_saving_at_once_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let workers: Vec<Child> = ["a", "b"].iter().map(|w| spawn_worker(dir.path(), &format!("distinct-{w}"))).collect();
    for mut worker in workers {
        let status = worker.wait().unwrap();
        assert!(status.success(), "a writer failed: {status}");
    }
    let store = AccountStore::open(Some(dir.path())).unwrap();
    assert!(store.notices().is_empty());
    let mut emails: Vec<&str> = store.list().iter().map(|a| a.email()).collect();
    emails.sort();
    assert_eq!(emails.len(), 2 * DISTINCT_SAVES, "every save of both writers is in the file");
    emails.dedup();
    assert_eq!(emails.len(), 2 * DISTINCT_SAVES);
}

const DISTINCT_SAVES: usize = 40;

/// Not a test: the worker process the tests above start. Without `MAILSETUP_CRASH_DIR` (a plain
/// `cargo test -- --ignored`) it does nothing.
///
/// Mode `loop`: reads the state number n from the file, then saves n+1, n+2, … forever,
/// printing `saved N` after each save returned. Mode `distinct-W`: saves `DISTINCT_SAVES`
/// accounts of its own, opening the store anew each time like separate app runs would.
#[test]
#[ignore = "worker process for the crash tests; does nothing when run directly"]
fn save_loop_worker() {
    let Some(dir) = std::env::var_os(ENV_DIR) else { return };
    let dir = Path::new(&dir);
    let mode = std::env::var(ENV_MODE).unwrap();
    let mut out = std::io::stdout().lock();
    if let Some(writer) = mode.strip_prefix("distinct-") {
        for n in 0..DISTINCT_SAVES {
            let mut store = AccountStore::open(Some(dir)).unwrap();
            let email = format!("{writer}{n}@example.test");
            store.upsert(StoredAccount::new(account(&email, String::new()))).unwrap();
        }
        return;
    }
    let mut store = AccountStore::open(Some(dir)).unwrap();
    for notice in store.notices() {
        writeln!(out, "NOTICE {notice:?}").unwrap();
    }
    let mut state = state_in_file(dir);
    loop {
        state += 1;
        store.upsert(StoredAccount::new(account("crash@example.test", state_name(state)))).unwrap();
        writeln!(out, "saved {state}").unwrap();
        out.flush().unwrap();
    }
}
