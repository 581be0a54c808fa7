//! The Thunderbird export, fed to the REAL Thunderbird (Debian package, headless, driven over
//! Marionette — tests/harness/thunderbird): a fresh profile holding the exported user.js, the
//! password handed to Thunderbird's login manager, then Thunderbird fetches the INBOX of the
//! local Dovecot and must count exactly the messages in the Maildir.
//! One Thunderbird at a time: this file has one test, which checks both security modes in turn.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod export_support;

use export_support::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const TB_USER: &str = "tbird@example.test";

/// The Python with marionette-driver that tests/run-all.sh installs.
fn marionette_python() -> PathBuf {
    let python = std::env::var_os("MAILSETUP_TEST_TB_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/tb-venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: tests/run-all.sh creates it (python3 -m venv target/tb-venv && target/tb-venv/bin/pip install marionette-driver==3.7.1)",
        python.display()
    );
    python
}

/// Messages in the INBOX Maildir (new + cur), as Dovecot will report them.
fn maildir_count(maildir: &Path) -> usize {
    ["new", "cur"]
        .iter()
        .map(|sub| {
            std::fs::read_dir(maildir.join(sub))
                .map(|d| d.flatten().filter(|e| e.path().is_file()).count())
                .unwrap_or(0)
        })
        .sum()
}

/// Kills the Thunderbird this test started when the test ends, whatever happens.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn harness(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/harness/thunderbird").join(file)
}

fn check_with_thunderbird(
    server: &common::MailServer,
    imap: &str,
    smtp: &str,
    expected_count: usize,
) -> serde_json::Value {
    let dir = temp_dir("thunderbird");
    let user_js = dir.path().join("user.js");
    let ca = server.ca_file.display().to_string();
    let out = mailsetup_export(&[
        TB_USER,
        "--name",
        "T Bird",
        "--imap",
        imap,
        "--smtp",
        smtp,
        "--ca-file",
        &ca,
        "-f",
        "thunderbird",
        "-o",
        user_js.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported = std::fs::read_to_string(&user_js).unwrap();
    assert!(!exported.contains(&server.password(TB_USER)));

    // Marionette's port moves with the mail server's port base, so parallel test runs of other
    // worktrees on this machine do not collide on 2828.
    let marionette_port = (server.imaps_port - 993 + 2828).to_string();
    let profile = dir.path().join("profile");
    let out = run(
        harness("make-profile.sh").to_str().unwrap(),
        &[profile.to_str().unwrap(), user_js.to_str().unwrap(), &ca, &marionette_port],
        |_| {},
    );
    assert!(out.status.success(), "make-profile.sh: {}", String::from_utf8_lossy(&out.stderr));

    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let log = std::fs::File::create(dir.path().join("thunderbird.log")).unwrap();
    let _thunderbird = Running(
        Command::new("thunderbird")
            .args(["--headless", "--marionette", "-remote-allow-system-access", "--no-remote", "--profile"])
            .arg(&profile)
            .env("HOME", &home)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("thunderbird (Debian package thunderbird) must be installed"),
    );
    let out = run_with_stdin(
        "timeout",
        &[
            "120",
            marionette_python().to_str().unwrap(),
            "-u",
            harness("tb_check.py").to_str().unwrap(),
            &marionette_port,
            &expected_count.to_string(),
        ],
        server.password(TB_USER).as_bytes(),
        |_| {},
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let log = std::fs::read_to_string(dir.path().join("thunderbird.log")).unwrap_or_default();
        let tail: Vec<_> = log.lines().rev().take(20).collect();
        panic!(
            "tb_check.py failed: {}\nThunderbird log (last lines, newest first):\n{}",
            String::from_utf8_lossy(&out.stderr),
            tail.join("\n")
        );
    }
    let line = stdout.lines().last().unwrap_or_default();
    let seen: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert!(seen.get("error").is_none(), "{seen}");
    seen
}

#[test]
fn thunderbird_reads_the_inbox_with_the_exported_user_js_over_implicit_tls_and_required_starttls() {
    let server = common::mail_server();
    for n in 0..2 {
        deliver(&server, TB_USER, &unique_subject(&format!("thunderbird-{n}")));
    }
    let maildir = server.maildir(TB_USER);
    let expected = maildir_count(&maildir);
    assert!(expected >= 2);

    let cases = [
        (spec(server.imaps_port, "tls"), spec(server.smtps_port, "tls"), 3),
        (spec(server.imap_port, "starttls"), spec(server.submission_port, "starttls"), 2),
    ];
    for (imap, smtp, socket_type) in cases {
        let seen = check_with_thunderbird(&server, &imap, &smtp, expected);
        let port = |s: &str| s.split(':').nth(1).unwrap().parse::<u64>().unwrap();
        assert_eq!(seen["type"], "imap");
        assert_eq!(seen["hostname"], "localhost");
        assert_eq!(seen["port"], port(&imap));
        assert_eq!(seen["socketType"], socket_type, "{imap}");
        assert_eq!(seen["authMethod"], 3, "normal password");
        assert_eq!(seen["username"], TB_USER);
        assert_eq!(seen["identityEmail"], TB_USER);
        assert_eq!(seen["identityName"], "T Bird");
        assert_eq!(seen["smtpHostname"], "localhost");
        assert_eq!(seen["smtpPort"], port(&smtp));
        assert_eq!(seen["smtpSocketType"], socket_type, "{smtp}");
        assert_eq!(seen["smtpUsername"], TB_USER);
        assert_eq!(seen["inboxCount"], expected as u64, "Thunderbird's INBOX count must match the Maildir");
    }
}
