//! The round trips between detection, checks and saved accounts, through the real binary against
//! the REAL Dovecot + Exim (tests/harness/mailserver) and the REAL Secret Service (gnome-keyring in
//! the private D-Bus session of tests/run-all.sh): `account add` detects, checks with a test
//! message that must land in the Maildir, and saves; `check`/`report` without server flags use the
//! saved account and its keyring password; a failed check saves nothing; a domain known only to
//! an ISPDB (served here, over plain HTTP and over HTTPS) works end to end, with the confirmation
//! that plain HTTP needs. Every test sweeps all output and the sandbox's config/data/cache dirs
//! for the password.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod sandbox;

use common::{Ispdb, MailServer};
use sandbox::{Sandbox, files_containing, secret_tool_lookup, show_json, text};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Runs `mailsetup` in a sandbox and keeps every byte it printed, for the password sweep.
struct Runner {
    sandbox: Sandbox,
    seen: String,
}

impl Runner {
    /// A sandbox on the real session bus that uses the XDG default config dir (so the sweep
    /// covers the dirs the app picks by itself).
    fn new() -> Self {
        common::require_secret_service();
        let mut sandbox = Sandbox::new();
        sandbox.use_config_dir_flag = false;
        Runner { sandbox, seen: String::new() }
    }

    /// Runs, insists on the exit code and keeps the output for the sweep.
    fn expect(&mut self, expected: i32, args: &[&str], stdin: Option<&str>) -> Output {
        let out = self.sandbox.expect(expected, args, stdin);
        self.seen.push_str(&text(&out));
        out
    }

    fn accounts_file(&self) -> PathBuf {
        self.sandbox.config_dir().join("accounts.json")
    }

    /// Nothing printed and no file in the sandbox holds `password`.
    fn assert_never_leaked(&self, password: &str) {
        assert!(!self.seen.is_empty(), "the output was captured");
        assert!(!self.seen.contains(password), "the password appeared in the output:\n{}", self.seen);
        assert_eq!(files_containing(self.sandbox.root.path(), password), Vec::<PathBuf>::new());
    }
}

fn ca(ms: &MailServer) -> String {
    ms.ca_file.display().to_string()
}

/// The keyring entry user of a server (`login@host:port`), as `engine::secrets::entry_user` names it.
fn entry(email: &str, host: &str, port: u16) -> String {
    format!("{email}@{host}:{port}")
}

/// The unique names (without the `:2,flags` suffix) of the messages in a Maildir.
fn maildir_messages(maildir: &Path) -> HashSet<String> {
    let mut names = HashSet::new();
    for sub in ["new", "cur"] {
        for entry in std::fs::read_dir(maildir.join(sub)).into_iter().flatten() {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            names.insert(name.split(':').next().unwrap().to_string());
        }
    }
    names
}

/// The text of the Maildir message whose unique name is `name`.
fn maildir_message(maildir: &Path, name: &str) -> String {
    for sub in ["new", "cur"] {
        for entry in std::fs::read_dir(maildir.join(sub)).into_iter().flatten() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().starts_with(name) {
                return std::fs::read_to_string(path).unwrap();
            }
        }
    }
    panic!("message {name} is gone from {}", maildir.display())
}

/// How many bytes a log has now (to look only at what comes after).
fn log_len(path: &Path) -> usize {
    std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0)
}

fn log_since(path: &Path, from: usize) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    String::from_utf8_lossy(&bytes[from.min(bytes.len())..]).to_string()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", text(out)))
}

/// Exactly the `check --json` contract's top-level keys.
fn assert_check_contract(value: &Value) {
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["diagnosis", "ok", "steps"], "{value}");
}

/// True when the steps show a passed login on `server` (so a password was really used).
fn logged_in(value: &Value, server: &str) -> bool {
    value["steps"].as_array().unwrap().iter().any(|s| s["server"] == server && s["step"] == "auth" && s["ok"] == true)
}

/// The tiny ISPDB of tests/common, answering for example.test with the local Dovecot (IMAPS) and
/// Exim (submission with STARTTLS); over HTTPS with the harness's certificate for 127.0.0.1.
fn start_ispdb(ms: &MailServer, https: bool) -> Ispdb {
    Ispdb::start(ms.example_test_client_config(ms.submission_port, "STARTTLS"), https.then(|| ms.server_tls_config()))
}

#[test]
fn add_proves_the_account_with_a_delivered_test_message_then_check_and_report_use_the_keyring_password() {
    let ms = common::mail_server();
    let mut r = Runner::new();
    let email = "saver@example.test";
    let password = ms.password(email);
    let (imap, smtp) = (format!("localhost:{}:tls", ms.imaps_port), format!("localhost:{}:tls", ms.smtps_port));
    let (imap_entry, smtp_entry) = (entry(email, "localhost", ms.imaps_port), entry(email, "localhost", ms.smtps_port));
    let ca = ca(&ms);
    let maildir = ms.maildir(email);
    let before = maildir_messages(&maildir);

    let add = ["account", "add", email, "--password-stdin", "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca];
    let out = r.expect(0, &add, Some(&password));
    let all = text(&out);
    common::assert_contains_all(
        &all,
        ["✓ SMTP  Send a test message", "✓ IMAP  Test message arrived", "Saved saver@example.test."],
    );
    assert!(all.contains("The password is kept in the system keyring"), "{all}");
    let arrived: Vec<String> = maildir_messages(&maildir).difference(&before).cloned().collect();
    let test_messages: Vec<String> = arrived
        .iter()
        .map(|name| maildir_message(&maildir, name))
        .filter(|m| m.contains("X-Mailsetup-Test:") && m.contains(&format!("To: {email}")))
        .collect();
    assert!(!test_messages.is_empty(), "the test message is in {}: {arrived:?}", maildir.display());
    assert_eq!(secret_tool_lookup(&imap_entry).as_deref(), Some(password.as_str()), "secret-tool sees the entry");
    assert_eq!(secret_tool_lookup(&smtp_entry).as_deref(), Some(password.as_str()));
    let saved = show_json(&r.sandbox, email);
    assert_eq!(saved["source"], "manual");
    assert_eq!(saved["last_check"]["ok"], true, "{saved}");
    let first_check = saved["last_check"]["checked_at"].as_str().unwrap().to_string();

    // No server flags and nothing on stdin: the saved settings and the keyring password.
    let out = r.expect(0, &["check", email, "--ca-file", &ca, "--json"], None);
    let value = json(&out);
    assert_check_contract(&value);
    assert_eq!(value["ok"], true);
    assert!(logged_in(&value, "imap") && logged_in(&value, "smtp"), "the keyring password logged in: {value}");
    let out = r.expect(0, &["check", email, "--ca-file", &ca], None);
    assert!(text(&out).contains("Using the saved settings of saver@example.test"), "{}", text(&out));
    assert!(text(&out).contains("The password comes from the system keyring"), "{}", text(&out));
    let saved = show_json(&r.sandbox, email);
    assert_ne!(saved["last_check"]["checked_at"].as_str().unwrap(), first_check, "the check was recorded");

    // A wrong password in the keyring: check fails with auth_failed, and that is recorded too.
    r.expect(0, &["account", "password", email, "--set"], Some("Not-The-Password-1"));
    let out = r.expect(4, &["check", email, "--ca-file", &ca, "--json"], None);
    assert_eq!(json(&out)["diagnosis"]["kind"], "auth_failed");
    let saved = show_json(&r.sandbox, email);
    assert_eq!(
        (saved["last_check"]["ok"].as_bool(), saved["last_check"]["diagnosis_kind"].as_str()),
        (Some(false), Some("auth_failed"))
    );
    // --password-stdin wins over the keyring.
    let out = r.expect(0, &["check", email, "--ca-file", &ca, "--password-stdin", "--json"], Some(&password));
    assert!(logged_in(&json(&out), "imap"));
    r.expect(0, &["account", "password", email, "--set"], Some(&password));

    // The report shows the saved settings and the last check, tests the login, never the password.
    let out = r.expect(0, &["-vv", "report", email, "--ca-file", &ca, "--lang", "en"], None);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    common::assert_contains_all(
        &report,
        [
            format!("IMAP  localhost:{}  tls  login: saver@example.test", ms.imaps_port),
            format!("SMTP  localhost:{}  tls  login: saver@example.test", ms.smtps_port),
            "source: manual".to_string(),
            "Saved account: saved ".to_string(),
            "password: in the system keyring".to_string(),
            "Last check before this report: passed on ".to_string(),
            "✓ IMAP  auth".to_string(),
        ],
    );
    let out = r.expect(0, &["report", email, "--ca-file", &ca, "--json"], None);
    let value = json(&out);
    assert_eq!(value["password_tested"], true);
    assert_eq!(value["saved_account"]["password_stored"], true);
    assert_eq!(value["saved_account"]["last_check"]["ok"], true);

    // Adding it again with a wrong password changes nothing: the saved account and its password stay.
    let file_before = std::fs::read(r.accounts_file()).unwrap();
    let out = r.expect(4, &add, Some("Wrong-Again-2"));
    assert!(text(&out).contains("nothing was saved"), "{}", text(&out));
    assert_eq!(std::fs::read(r.accounts_file()).unwrap(), file_before);
    assert_eq!(secret_tool_lookup(&imap_entry).as_deref(), Some(password.as_str()));

    r.expect(0, &["account", "remove", email], None);
    assert_eq!(secret_tool_lookup(&imap_entry), None);
    r.assert_never_leaked(&password);
}

#[test]
fn a_wrong_password_on_add_exits_4_with_auth_failed_advice_and_nothing_is_kept() {
    let ms = common::mail_server();
    let mut r = Runner::new();
    let email = "checker@example.test";
    let wrong = "Wrong-Canary-314-Пароль";
    let imap = format!("localhost:{}:tls", ms.imaps_port);
    let smtp = format!("localhost:{}:starttls", ms.submission_port);
    let ca = ca(&ms);
    for (lang, title) in [("en", "Wrong username or password"), ("ru", "Неверное имя пользователя или пароль")]
    {
        let add = [
            "--lang",
            lang,
            "account",
            "add",
            email,
            "--password-stdin",
            "--imap",
            &imap,
            "--smtp",
            &smtp,
            "--ca-file",
            &ca,
        ];
        let out = r.expect(4, &add, Some(wrong));
        let all = text(&out);
        assert!(all.contains(title), "{lang}: {all}");
        assert!(all.contains("✗ IMAP") || all.contains("✗ SMTP"), "the failed step is shown: {all}");
    }
    assert_eq!(secret_tool_lookup(&entry(email, "localhost", ms.imaps_port)), None);
    assert_eq!(secret_tool_lookup(&entry(email, "localhost", ms.submission_port)), None);
    assert!(!r.accounts_file().exists(), "no account was saved");
    r.expect(2, &["account", "show", email], None);
    r.assert_never_leaked(wrong);
}

#[test]
fn add_for_a_domain_known_only_to_an_http_ispdb_needs_confirmation_then_works_end_to_end() {
    let ms = common::mail_server();
    let ispdb = start_ispdb(&ms, false);
    let mut r = Runner::new();
    let email = "alice@example.test";
    let password = ms.password(email);
    let ca = ca(&ms);
    let add = ["--ispdb-url", &ispdb.url, "account", "add", email, "--password-stdin", "--ca-file", &ca];

    // Plain HTTP could have been tampered with: no password goes out and nothing is saved.
    let (dovecot_from, exim_from) = (log_len(&ms.dovecot_log), log_len(&ms.exim_mainlog));
    let out = r.expect(2, &add, Some(&password));
    let all = text(&out);
    assert!(all.contains("--accept-unconfirmed"), "{all}");
    assert!(all.contains("the mail servers would be at localhost"), "the server's domain is named: {all}");
    assert!(all.contains("These settings came from the Thunderbird database of providers"), "{all}");
    assert_eq!(ispdb.requests(), ["/example.test"]);
    assert!(!r.accounts_file().exists(), "nothing was saved");
    assert_eq!(secret_tool_lookup(&entry(email, "localhost", ms.imaps_port)), None);
    for (log, from) in [(&ms.dovecot_log, dovecot_from), (&ms.exim_mainlog, exim_from)] {
        assert!(!log_since(log, from).contains(email), "{} saw {email} although nothing was confirmed", log.display());
    }

    let out = r.expect(0, &[&add[..], &["--accept-unconfirmed", "--no-send-test"]].concat(), Some(&password));
    let all = text(&out);
    common::assert_contains_all(
        &all,
        [
            "Using the settings found in the Thunderbird database of providers",
            "Confirmed with --accept-unconfirmed: the mail servers are at localhost",
            "✓ SMTP  Switch to encryption (STARTTLS)",
            "✓ SMTP  Log in",
            "✓ IMAP  Log in",
            "Saved alice@example.test.",
        ],
    );
    assert!(!all.contains("Send a test message"), "--no-send-test sends none:\n{all}");
    let saved = show_json(&r.sandbox, email);
    assert_eq!(saved["source"], "ispdb");
    assert_eq!(
        (saved["incoming"]["host"].as_str(), saved["incoming"]["port"].as_u64()),
        (Some("localhost"), Some(u64::from(ms.imaps_port)))
    );
    assert_eq!(saved["outgoing"]["security"], "starttls");
    assert_eq!(saved["last_check"]["ok"], true);
    assert_eq!(secret_tool_lookup(&entry(email, "localhost", ms.submission_port)).as_deref(), Some(password.as_str()));

    // From now on the saved account wins: no detection, no confirmation, the keyring password.
    let requests = ispdb.requests().len();
    let out =
        r.expect(0, &["--ispdb-url", &ispdb.url, "check", email, "--ca-file", &ca, "--send-test", "--json"], None);
    let value = json(&out);
    assert_check_contract(&value);
    assert!(logged_in(&value, "imap") && logged_in(&value, "smtp"), "{value}");
    assert_eq!(ispdb.requests().len(), requests, "the saved account was used, not the ISPDB");

    r.expect(0, &["account", "remove", email], None);
    r.assert_never_leaked(&password);
}

#[test]
fn check_for_a_never_saved_address_without_flags_uses_discovery() {
    let ms = common::mail_server();
    let (https, http) = (start_ispdb(&ms, true), start_ispdb(&ms, false));
    let mut r = Runner::new();
    let email = "bob@example.test";
    let password = ms.password(email);
    let ca = ca(&ms);

    // An ISPDB over HTTPS needs no confirmation: the whole check with the test message.
    let check = ["--ispdb-url", &https.url, "check", email, "--password-stdin", "--send-test", "--ca-file", &ca];
    let out = r.expect(0, &check, Some(&password));
    let all = text(&out);
    common::assert_contains_all(
        &all,
        [
            "Using the settings found in the Thunderbird database of providers",
            "✓ IMAP  Log in",
            "✓ SMTP  Log in",
            "✓ IMAP  Test message arrived",
        ],
    );
    assert!(!all.contains("--accept-unconfirmed"), "{all}");
    assert_eq!(https.requests(), ["/example.test"], "detection asked the ISPDB");
    let out = r.expect(0, &[&check[..], &["--json"]].concat(), Some(&password));
    assert_check_contract(&json(&out));
    assert!(!r.accounts_file().exists(), "check saves nothing");

    // Over plain HTTP: the steps before login run without any opt-in, a password needs one.
    let out = r.expect(0, &["--ispdb-url", &http.url, "check", email, "--ca-file", &ca], None);
    assert!(text(&out).contains("No password given"), "{}", text(&out));
    let with_password = ["--ispdb-url", &http.url, "check", email, "--password-stdin", "--ca-file", &ca];
    let out = r.expect(2, &with_password, Some(&password));
    assert!(text(&out).contains("--accept-unconfirmed"), "{}", text(&out));
    let out = r.expect(0, &[&with_password[..], &["--accept-unconfirmed", "--json"]].concat(), Some(&password));
    assert!(logged_in(&json(&out), "imap"));
    r.assert_never_leaked(&password);
}

#[test]
fn export_without_flags_uses_the_saved_account_and_its_keyring_password_only_when_asked() {
    let ms = common::mail_server();
    let mut r = Runner::new();
    // bob's Maildir is shared with other tests, so this one saves without sending a test message.
    // (Not alice: her password "secret" is also part of the word "secret-tool" in every export.)
    let email = "bob@example.test";
    let password = ms.password(email);
    let imap = format!("localhost:{}:starttls", ms.imap_port);
    let smtp = format!("localhost:{}:starttls", ms.submission_port);
    r.expect(
        0,
        &[
            "account",
            "add",
            email,
            "--name",
            "Bob Builder",
            "--imap",
            &imap,
            "--smtp",
            &smtp,
            "--password-stdin",
            "--no-check",
        ],
        Some(&password),
    );

    // No server flags: the saved servers (not the flags' defaults, not a preset) end up in the file.
    let out = r.expect(0, &["export", email, "--format", "msmtp"], None);
    let msmtprc = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(msmtprc.contains(&format!("port {}", ms.submission_port)), "{msmtprc}");
    assert!(msmtprc.contains("tls_starttls on"), "{msmtprc}");
    assert!(msmtprc.contains(&entry(email, "localhost", ms.submission_port)), "the keyring entry is named: {msmtprc}");
    assert!(!msmtprc.contains(&password));

    // --include-password takes the saved account's password from the keyring, and says so.
    let png = r.sandbox.root.path().join("bob-qr.png");
    let out = r.expect(
        0,
        &["export", email, "--format", "thunderbird-qr", "-o", png.to_str().unwrap(), "--include-password"],
        None,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken from the keyring"), "{}", text(&out));
    let decoded = std::process::Command::new("zbarimg").args(["--raw", "-q"]).arg(&png).output().unwrap();
    let payload = String::from_utf8_lossy(&decoded.stdout).to_string();
    assert!(payload.contains(&format!("\"localhost\",{},2", ms.imap_port)), "{payload}");
    assert!(payload.contains(&password), "the QR carries the password the user asked for");
    assert!(payload.contains("Bob Builder"), "{payload}");
    std::fs::remove_file(&png).unwrap();

    // Not saved and no flags: detection decides (here the bundled preset, no network needed).
    let out = r.expect(0, &["export", "anna@yandex.ru", "--format", "autoconfig-xml"], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains("imap.yandex.ru"), "{}", text(&out));

    r.expect(0, &["account", "remove", email], None);
    r.assert_never_leaked(&password);
}
