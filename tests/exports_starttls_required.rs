//! `starttls` means required: the command-line client configs exported for a STARTTLS account
//! are pointed at a fake server that does not offer STARTTLS (export_support::Trap). Each REAL
//! client must connect, notice, and hang up without sending a login — no silent fallback to
//! plain text. (getmail6 cannot require STARTTLS, so it is not exported at all; Apple Mail and
//! Laravel cannot either and say so in a warning.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod export_support;

use export_support::*;
use std::time::{Duration, Instant};

const TRAP_PASSWORD: &str = "Trap-Pass-Must-Not-Leak";

/// Exports the test user's account with the trap as one server; the other is the real one.
fn export_with_trap(format: &str, flags: &[&str], path: &std::path::Path) {
    let server = common::mail_server();
    common::require_secret_service();
    export_to(&server, format, flags, path);
}

fn wait_for_connection(trap: &Trap) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while trap.connections() == 0 {
        assert!(Instant::now() < deadline, "the client never connected to the trap");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn msmtp_refuses_to_log_in_when_the_server_does_not_offer_starttls() {
    let trap = Trap::start(TrapProtocol::Smtp);
    store_password(USER, trap.port, TRAP_PASSWORD);
    let dir = temp_dir("trap-msmtp");
    let rc = dir.path().join("msmtprc");
    let smtp = spec(trap.port, "starttls");
    export_with_trap("msmtp", &["--imap", "localhost:993:tls", "--smtp", &smtp], &rc);
    let message = format!("From: {USER}\nTo: {USER}\nSubject: trap\n\nnever sent\n");
    let out = run_with_stdin("timeout", &["30", "msmtp", "-C", rc.to_str().unwrap(), "-t"], message.as_bytes(), |_| {});
    assert!(!out.status.success(), "msmtp must fail without STARTTLS");
    assert!(trap.connections() > 0, "msmtp never connected");
    trap.assert_no_credentials(TRAP_PASSWORD);
}

#[test]
fn mbsync_refuses_to_log_in_when_the_server_does_not_offer_starttls() {
    let trap = Trap::start(TrapProtocol::Imap);
    store_password(USER, trap.port, TRAP_PASSWORD);
    let dir = temp_dir("trap-mbsync");
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("Mail/exporter-example-test")).unwrap();
    let rc = dir.path().join("mbsyncrc");
    let imap = spec(trap.port, "starttls");
    export_with_trap("mbsync", &["--imap", &imap, "--smtp", "localhost:465:tls"], &rc);
    let out = run("timeout", &["30", "mbsync", "-c", rc.to_str().unwrap(), "-a"], |c| {
        c.env("HOME", &home);
    });
    assert!(!out.status.success(), "mbsync must fail without STARTTLS");
    assert!(trap.connections() > 0, "mbsync never connected");
    trap.assert_no_credentials(TRAP_PASSWORD);
}

fn fetchmail_refuses(flag: &str, protocol: TrapProtocol) {
    let trap = Trap::start(protocol);
    store_password(USER, trap.port, TRAP_PASSWORD);
    let dir = temp_dir("trap-fetchmail");
    let script = dir.path().join("fetchmail.sh");
    let incoming = spec(trap.port, "starttls");
    export_with_trap("fetchmail", &[flag, &incoming, "--smtp", "localhost:465:tls"], &script);
    let pidfile = dir.path().join("fetchmail.pid");
    let out = run(
        "timeout",
        &["30", script.to_str().unwrap(), "--pidfile", pidfile.to_str().unwrap(), "--mda", "cat > /dev/null"],
        |c| {
            c.env("HOME", dir.path());
        },
    );
    assert!(!out.status.success(), "fetchmail must fail without STARTTLS");
    assert!(trap.connections() > 0, "fetchmail never connected");
    trap.assert_no_credentials(TRAP_PASSWORD);
}

#[test]
fn fetchmail_refuses_to_log_in_to_imap_when_the_server_does_not_offer_starttls() {
    fetchmail_refuses("--imap", TrapProtocol::Imap);
}

#[test]
fn fetchmail_refuses_to_log_in_to_pop3_when_the_server_does_not_offer_starttls() {
    fetchmail_refuses("--pop3", TrapProtocol::Pop3);
}

#[test]
fn neomutt_refuses_to_log_in_when_the_server_does_not_offer_starttls() {
    let trap = Trap::start(TrapProtocol::Imap);
    store_password(USER, trap.port, TRAP_PASSWORD);
    let dir = temp_dir("trap-neomutt");
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("Mail")).unwrap();
    let rc = dir.path().join("neomuttrc");
    let imap = spec(trap.port, "starttls");
    let server = common::mail_server();
    let submission = spec(server.submission_port, "starttls");
    export_with_trap("neomutt", &["--imap", &imap, "--smtp", &submission], &rc);
    let tmux = Tmux::start(
        "trap-neomutt",
        &format!("neomutt -n -F {}", rc.display()),
        &[("HOME", home.to_str().unwrap())],
        160,
        40,
    );
    wait_for_connection(&trap);
    // Give it time to try everything it would try.
    std::thread::sleep(Duration::from_secs(3));
    drop(tmux);
    trap.assert_no_credentials(TRAP_PASSWORD);
}

#[test]
fn aerc_refuses_to_log_in_when_the_server_does_not_offer_starttls() {
    let trap = Trap::start(TrapProtocol::Imap);
    store_password(USER, trap.port, TRAP_PASSWORD);
    let dir = temp_dir("trap-aerc");
    let home = dir.path().join("home");
    let config = home.join(".config/aerc");
    std::fs::create_dir_all(&config).unwrap();
    let imap = spec(trap.port, "starttls");
    let server = common::mail_server();
    let submission = spec(server.submission_port, "starttls");
    export_with_trap("aerc", &["--imap", &imap, "--smtp", &submission], &config.join("accounts.conf"));
    let xdg_config = home.join(".config");
    let env = [("HOME", home.to_str().unwrap()), ("XDG_CONFIG_HOME", xdg_config.to_str().unwrap())];
    let tmux = Tmux::start("trap-aerc", "aerc", &env, 160, 40);
    wait_for_connection(&trap);
    std::thread::sleep(Duration::from_secs(3));
    drop(tmux);
    trap.assert_no_credentials(TRAP_PASSWORD);
}
