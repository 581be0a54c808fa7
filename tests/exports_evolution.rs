//! The Evolution export, loaded by the REAL evolution-source-registry (evolution-data-server,
//! D-Bus activated in a private session) and resolved through its API by
//! tests/harness/evolution/evo_check.py: account → identity → transport, with host, port, login,
//! sign-in method and security as Evolution understands them. No mail server is contacted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod export_support;

use export_support::*;
use std::path::PathBuf;

/// Exports with the given server flags and returns evo_check.py's three lines.
fn resolve_in_evolution(server_flags: &[&str]) -> Vec<String> {
    let dir = temp_dir("evolution");
    let config = dir.path().join("config");
    let sources = config.join("evolution/sources");
    let mut args = vec!["jane@example.com", "--name", "Jane Doe", "-f", "evolution", "-o", sources.to_str().unwrap()];
    args.extend_from_slice(server_flags);
    let out = mailsetup_export(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(&sources).unwrap().count(), 3, "account, identity and transport");

    let checker = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/harness/evolution/evo_check.py");
    let home = dir.path().join("home");
    let out = run("dbus-run-session", &["--", "/usr/bin/python3", checker.to_str().unwrap()], |c| {
        c.env("HOME", &home)
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
    });
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "evo_check.py failed (packages evolution-data-server gir1.2-edataserver-1.2 python3-gi): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout.lines().map(str::to_string).collect()
}

#[test]
fn evolution_resolves_an_imap_account_with_implicit_tls() {
    let lines = resolve_in_evolution(&["--imap", "imap.example.com:993:tls", "--smtp", "smtp.example.com:465:tls"]);
    assert_eq!(
        lines,
        [
            "ACCOUNT mailsetup-jane-example-com imapx imap.example.com 993 jane@example.com 'none' ssl-on-alternate-port",
            "IDENTITY mailsetup-jane-example-com-identity Jane Doe jane@example.com -> mailsetup-jane-example-com-transport",
            "TRANSPORT mailsetup-jane-example-com-transport smtp smtp.example.com 465 jane@example.com PLAIN ssl-on-alternate-port",
        ]
    );
}

#[test]
fn evolution_resolves_an_imap_account_with_required_starttls() {
    let lines =
        resolve_in_evolution(&["--imap", "imap.example.com:143:starttls", "--smtp", "smtp.example.com:587:starttls"]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].ends_with("imapx imap.example.com 143 jane@example.com 'none' starttls-on-standard-port"),
        "{lines:?}"
    );
    assert!(
        lines[2].ends_with("smtp smtp.example.com 587 jane@example.com PLAIN starttls-on-standard-port"),
        "{lines:?}"
    );
}

#[test]
fn evolution_resolves_a_pop3_account() {
    let lines = resolve_in_evolution(&["--pop3", "pop.example.com:995:tls", "--smtp", "smtp.example.com:587:starttls"]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].ends_with(" pop pop.example.com 995 jane@example.com 'none' ssl-on-alternate-port"), "{lines:?}");
    assert!(lines[1].contains("Jane Doe jane@example.com"), "{lines:?}");
    assert!(
        lines[2].ends_with("smtp smtp.example.com 587 jane@example.com PLAIN starttls-on-standard-port"),
        "{lines:?}"
    );
}
