//! The command-line client exports, fed to the REAL programs against the local Dovecot/Exim,
//! with the password in the REAL keyring (gnome-keyring in the session that tests/run-all.sh
//! provides): msmtp sends, mbsync syncs, fetchmail and getmail6 fetch, neomutt and aerc load the
//! file and show the INBOX. Every config is checked to hold no password.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod export_support;

use export_support::*;
use std::path::Path;

fn assert_no_password(path: &Path, password: &str) {
    let bytes = std::fs::read(path).unwrap();
    assert!(!contains(&bytes, password.as_bytes()), "{} contains the password", path.display());
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn msmtp_sends_with(security: &str, port_of: fn(&common::MailServer) -> u16) {
    let server = common::mail_server();
    store_test_password_everywhere(&server);
    let dir = temp_dir("msmtp");
    let rc = dir.path().join("msmtprc");
    let smtp = spec(port_of(&server), security);
    export_to(&server, "msmtp", &["--imap", &spec(server.imaps_port, "tls"), "--smtp", &smtp], &rc);
    assert_no_password(&rc, &server.password(USER));
    assert_eq!(mode(&rc), 0o600, "msmtp refuses config files others can read");
    let subject = unique_subject(&format!("msmtp-{security}"));
    let message = format!("From: {USER}\nTo: {USER}\nSubject: {subject}\n\nsent by msmtp\n");
    let out = run_with_stdin("msmtp", &["-C", rc.to_str().unwrap(), "-t"], message.as_bytes(), |_| {});
    assert!(out.status.success(), "msmtp failed: {}", String::from_utf8_lossy(&out.stderr));
    wait_for_message(&server.maildir(USER), &subject);
}

#[test]
fn msmtp_sends_over_implicit_tls_with_the_password_from_the_keyring() {
    msmtp_sends_with("tls", |s| s.smtps_port);
}

#[test]
fn msmtp_sends_over_required_starttls_with_the_password_from_the_keyring() {
    msmtp_sends_with("starttls", |s| s.submission_port);
}

fn mbsync_syncs_inbox_with(security: &str, port: u16) {
    let server = common::mail_server();
    store_test_password_everywhere(&server);
    let subject = unique_subject(&format!("mbsync-{security}"));
    deliver(&server, USER, &subject);
    let dir = temp_dir("mbsync");
    let home = dir.path().join("home");
    let rc = dir.path().join("mbsyncrc");
    export_to(&server, "mbsync", &["--imap", &spec(port, security), "--smtp", &spec(server.smtps_port, "tls")], &rc);
    assert_no_password(&rc, &server.password(USER));
    // What the instructions tell the user to do first.
    let local = home.join("Mail/exporter-example-test");
    std::fs::create_dir_all(&local).unwrap();
    let out = run("mbsync", &["-c", rc.to_str().unwrap(), "-a"], |c| {
        c.env("HOME", &home);
    });
    assert!(out.status.success(), "mbsync failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(find_file_containing(&local.join("INBOX"), &subject).is_some(), "mbsync did not copy the new message");
}

#[test]
fn mbsync_syncs_the_inbox_over_implicit_tls() {
    let server = common::mail_server();
    mbsync_syncs_inbox_with("tls", server.imaps_port);
}

#[test]
fn mbsync_syncs_the_inbox_over_required_starttls() {
    let server = common::mail_server();
    mbsync_syncs_inbox_with("starttls", server.imap_port);
}

fn fetchmail_fetches_with(flag: &str, security: &str, port: u16) {
    let server = common::mail_server();
    store_test_password_everywhere(&server);
    let subject = unique_subject(&format!("fetchmail{flag}-{security}"));
    deliver(&server, USER, &subject);
    let dir = temp_dir("fetchmail");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let script = dir.path().join("fetchmail.sh");
    export_to(&server, "fetchmail", &[flag, &spec(port, security), "--smtp", &spec(server.smtps_port, "tls")], &script);
    assert_no_password(&script, &server.password(USER));
    assert_eq!(mode(&script), 0o700);
    let mbox = dir.path().join("fetched.mbox");
    // The script passes extra options to fetchmail: deliver into a file instead of the local
    // mail system, and take old messages too (other tests' fetches may have marked them seen).
    let mda = format!("cat >> {}", mbox.display());
    // As root fetchmail keeps one machine-wide lock file; tests run in parallel, so each gets its own.
    let pidfile = dir.path().join("fetchmail.pid");
    let out = run(script.to_str().unwrap(), &["--all", "--mda", &mda, "--pidfile", pidfile.to_str().unwrap()], |c| {
        c.env("HOME", &home);
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "fetchmail failed ({:?}): {stderr}", out.status.code());
    let fetched = std::fs::read_to_string(&mbox).unwrap_or_default();
    assert!(fetched.contains(&subject), "fetchmail did not fetch the new message; stderr: {stderr}");
}

#[test]
fn fetchmail_fetches_imap_over_implicit_tls() {
    let server = common::mail_server();
    fetchmail_fetches_with("--imap", "tls", server.imaps_port);
}

#[test]
fn fetchmail_fetches_imap_over_required_starttls() {
    let server = common::mail_server();
    fetchmail_fetches_with("--imap", "starttls", server.imap_port);
}

#[test]
fn fetchmail_fetches_pop3_over_implicit_tls() {
    let server = common::mail_server();
    fetchmail_fetches_with("--pop3", "tls", server.pop3s_port);
}

#[test]
fn fetchmail_fetches_pop3_over_required_starttls() {
    let server = common::mail_server();
    fetchmail_fetches_with("--pop3", "starttls", server.pop3_port);
}

#[test]
fn fetchmail_script_hands_over_logins_and_passwords_with_quotes_and_backslashes_intact() {
    let server = common::mail_server();
    common::require_secret_service();
    // A made-up login whose keyring entry holds a password full of characters that every
    // quoting layer (shell, sed, fetchmail's lexer) treats specially.
    let login = r#"we"ird\user"#;
    let password = r#"p"a\ss w$rd`x'y"#;
    store_password(login, server.imaps_port, password);
    let dir = temp_dir("fetchmail-quoting");
    let script = dir.path().join("fetchmail.sh");
    let imap = spec(server.imaps_port, "tls");
    let smtp = spec(server.smtps_port, "tls");
    let ca = server.ca_file.display().to_string();
    let out = mailsetup_export(&[
        USER,
        "--username",
        login,
        "--imap",
        &imap,
        "--smtp",
        &smtp,
        "--ca-file",
        &ca,
        "-f",
        "fetchmail",
        "-o",
        script.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(script.to_str().unwrap(), &["--configdump"], |c| {
        c.env("HOME", dir.path());
    });
    let dump = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "fetchmail rejected the run control: {}", String::from_utf8_lossy(&out.stderr));
    assert!(dump.contains(r#""remote":"we\"ird\\user""#) || dump.contains(r#"we\"ird\\user"#), "login garbled");
    assert!(dump.contains(r#""password":"p\"a\\ss w$rd`x'y""#), "password garbled in fetchmail's parsed config");
}

/// getmail6 forks one delivery child per message and has a lost-wake-up race: when the child
/// exits before the parent starts waiting, the parent sleeps until its timeout and reports
/// "waiting child pid … timed out". It shows under heavy load and grows with the number of
/// messages, so these tests use the quieter mailbox of the Thunderbird test user.
const GETMAIL_USER: &str = "tbird@example.test";

fn getmail_fetches_with(flag: &str, port: u16) {
    let server = common::mail_server();
    store_password_everywhere(&server, GETMAIL_USER);
    let subject = unique_subject(&format!("getmail{flag}"));
    deliver(&server, GETMAIL_USER, &subject);
    let dir = temp_dir("getmail");
    let home = dir.path().join("home");
    let getmail_dir = home.join(".config/getmail");
    // What the instructions tell the user to do first.
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(home.join("Maildir").join(sub)).unwrap();
    }
    std::fs::create_dir_all(&getmail_dir).unwrap();
    let rc = getmail_dir.join("getmailrc");
    let flags = [flag, &spec(port, "tls"), "--smtp", &spec(server.smtps_port, "tls")];
    export_for(&server, GETMAIL_USER, "getmail", &flags, &rc);
    assert_no_password(&rc, &server.password(GETMAIL_USER));
    // NOTE: getmail refuses to deliver into a Maildir as root, and the tests run as root; a user
    // namespace makes it a normal user while it keeps talking to the same keyring.
    let getmail = || {
        run(
            "unshare",
            &[
                "--user",
                "--map-user=1000",
                "--map-group=1000",
                "getmail",
                "--getmaildir",
                getmail_dir.to_str().unwrap(),
            ],
            |c| {
                c.env("HOME", &home);
            },
        )
    };
    let mut out = getmail();
    let lost_wake_up = |out: &std::process::Output| {
        [&out.stdout, &out.stderr].iter().any(|text| String::from_utf8_lossy(text).contains("timed out"))
    };
    if !out.status.success() && lost_wake_up(&out) {
        // getmail's own race (see GETMAIL_USER), not the configuration: one more run.
        out = getmail();
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "getmail failed: {stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        find_file_containing(&home.join("Maildir/new"), &subject).is_some(),
        "getmail did not deliver the new message: {stdout}"
    );
}

#[test]
fn getmail_fetches_imap_over_implicit_tls() {
    let server = common::mail_server();
    getmail_fetches_with("--imap", server.imaps_port);
}

#[test]
fn getmail_fetches_pop3_over_implicit_tls() {
    let server = common::mail_server();
    getmail_fetches_with("--pop3", server.pop3s_port);
}

fn neomutt_shows_inbox_with(flag: &str, security: &str, port: u16, smtp_security: &str, smtp_port: u16) {
    let server = common::mail_server();
    store_test_password_everywhere(&server);
    let subject = unique_subject(&format!("neomutt-{security}"));
    deliver(&server, USER, &subject);
    let dir = temp_dir("neomutt");
    let home = dir.path().join("home");
    // NeoMutt asks once whether to create its local folder ~/Mail (a POP3 account keeps sent
    // mail there); a user answers yes, the test creates it beforehand.
    std::fs::create_dir_all(home.join("Mail")).unwrap();
    let rc = dir.path().join("neomuttrc");
    export_to(&server, "neomutt", &[flag, &spec(port, security), "--smtp", &spec(smtp_port, smtp_security)], &rc);
    assert_no_password(&rc, &server.password(USER));
    // NeoMutt exits 0 even when the file has errors: they show on stderr. Loading the file runs
    // the keyring lookups too. (Only non-secret variables are queried.)
    let out = run(
        "neomutt",
        &["-n", "-F", rc.to_str().unwrap(), "-Q", "folder", "-Q", "smtp_url", "-Q", "ssl_force_tls"],
        |c| {
            c.env("HOME", &home);
        },
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "neomutt complained: {stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("set ssl_force_tls = yes"), "{stdout}");
    assert!(stdout.contains(&format!(":{smtp_port}/")), "{stdout}");
    // Batch mode has no mailbox listing, so NeoMutt runs in a private tmux and the screen is read.
    let command = format!("neomutt -n -F {}", rc.display());
    let tmux = Tmux::start("neomutt", &command, &[("HOME", home.to_str().unwrap())], 200, 120);
    let (found, screen) = tmux.wait_for(&subject, 20);
    assert!(found, "neomutt did not list the new message; screen:\n{screen}");
}

#[test]
fn neomutt_loads_the_file_without_errors_and_lists_the_imap_inbox_over_implicit_tls() {
    let server = common::mail_server();
    neomutt_shows_inbox_with("--imap", "tls", server.imaps_port, "tls", server.smtps_port);
}

#[test]
fn neomutt_loads_the_file_without_errors_and_lists_the_imap_inbox_over_required_starttls() {
    let server = common::mail_server();
    neomutt_shows_inbox_with("--imap", "starttls", server.imap_port, "starttls", server.submission_port);
}

#[test]
fn neomutt_loads_the_file_without_errors_and_lists_the_pop3_mailbox() {
    let server = common::mail_server();
    neomutt_shows_inbox_with("--pop3", "tls", server.pop3s_port, "tls", server.smtps_port);
}

fn aerc_shows_inbox_with(security: &str, port: u16, smtp_security: &str, smtp_port: u16) {
    let server = common::mail_server();
    store_test_password_everywhere(&server);
    let subject = unique_subject(&format!("aerc-{security}"));
    deliver(&server, USER, &subject);
    let dir = temp_dir("aerc");
    let home = dir.path().join("home");
    let config = home.join(".config/aerc");
    std::fs::create_dir_all(&config).unwrap();
    let accounts = config.join("accounts.conf");
    export_to(
        &server,
        "aerc",
        &["--imap", &spec(port, security), "--smtp", &spec(smtp_port, smtp_security)],
        &accounts,
    );
    assert_no_password(&accounts, &server.password(USER));
    assert_eq!(mode(&accounts), 0o600, "aerc refuses an accounts.conf others can read");
    // NOTE: aerc has no CA option; Go's TLS reads extra roots from SSL_CERT_FILE. Verification stays on.
    let ca = server.ca_file.display().to_string();
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("XDG_CONFIG_HOME", config.parent().unwrap().to_str().unwrap()),
        ("SSL_CERT_FILE", ca.as_str()),
    ];
    let tmux = Tmux::start("aerc", "aerc", &env, 200, 60);
    let (found, screen) = tmux.wait_for(&subject, 25);
    assert!(found, "aerc did not show the new message; screen:\n{screen}");
}

#[test]
fn aerc_loads_the_account_and_shows_the_inbox_over_implicit_tls() {
    let server = common::mail_server();
    aerc_shows_inbox_with("tls", server.imaps_port, "tls", server.smtps_port);
}

#[test]
fn aerc_loads_the_account_and_shows_the_inbox_over_required_starttls() {
    let server = common::mail_server();
    aerc_shows_inbox_with("starttls", server.imap_port, "starttls", server.submission_port);
}

#[test]
fn getmail_refuses_starttls_rather_than_sending_the_password_unencrypted() {
    let out = mailsetup_export(&[
        USER,
        "--imap",
        "localhost:143:starttls",
        "--smtp",
        "localhost:587:starttls",
        "-f",
        "getmail",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("getmail6") && stderr.contains("STARTTLS") && stderr.contains("993"), "{stderr}");
}
