//! `mailsetup check` and `mailsetup report` through the real binary against the REAL Dovecot +
//! Exim: exit codes, the exact `check --json` shape, human output in both languages, bad input,
//! deadlines — and a sweep that greps every output (also with -vv) and the servers' logs for the
//! password.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod scripted;

use common::{MailServer, run_mailsetup};
use serde_json::Value;
use std::process::Output;
use std::time::{Duration, Instant};

const CHECKER: &str = "checker@example.test";

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let config = tempfile::tempdir().unwrap();
    run_mailsetup(config.path(), args, stdin)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(output), stderr(output)))
}

fn endpoint(port: u16, security: &str) -> String {
    format!("127.0.0.1:{port}:{security}")
}

fn ca(ms: &MailServer) -> String {
    ms.ca_file.display().to_string()
}

/// The `check --json` contract: exactly these keys, nothing more.
fn assert_contract_shape(value: &Value) {
    let sorted = |map: &serde_json::Map<String, Value>| {
        let mut keys: Vec<String> = map.keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(sorted(value.as_object().unwrap()), ["diagnosis", "ok", "steps"], "top-level keys");
    for step in value["steps"].as_array().unwrap() {
        assert_eq!(sorted(step.as_object().unwrap()), ["detail", "ms", "ok", "server", "step"], "{step}");
        assert!(["imap", "pop3", "smtp"].contains(&step["server"].as_str().unwrap()));
        assert!(
            ["resolve", "connect", "tls", "greeting", "starttls", "auth", "send", "confirm"]
                .contains(&step["step"].as_str().unwrap())
        );
        assert!(step["ms"].is_u64() && step["ok"].is_boolean() && step["detail"].is_string());
    }
    match &value["diagnosis"] {
        Value::Null => {}
        Value::Object(d) => assert_eq!(sorted(d), ["advice", "kind", "title"]),
        other => panic!("diagnosis must be null or an object, got {other}"),
    }
}

#[test]
fn check_json_over_tls_passes_with_the_exact_contract_shape_and_a_confirmed_message() {
    let ms = common::mail_server();
    let (imap, smtp) = (endpoint(ms.imaps_port, "tls"), endpoint(ms.smtps_port, "tls"));
    let args = [
        "check",
        CHECKER,
        "--password-stdin",
        "--imap",
        &imap,
        "--smtp",
        &smtp,
        "--send-test",
        "--ca-file",
        &ca(&ms),
        "--json",
    ];
    let output = run(&args, Some(&format!("{}\n", ms.password(CHECKER))));
    assert_eq!(output.status.code(), Some(0), "{}\n{}", stdout(&output), stderr(&output));
    let value = json(&output);
    assert_contract_shape(&value);
    assert_eq!(value["ok"], true);
    assert_eq!(value["diagnosis"], Value::Null);
    let steps = value["steps"].as_array().unwrap();
    let last = steps.last().unwrap();
    assert_eq!(
        (last["server"].as_str(), last["step"].as_str(), last["ok"].as_bool()),
        (Some("imap"), Some("confirm"), Some(true))
    );
    assert!(steps.iter().any(|s| s["server"] == "smtp" && s["step"] == "send" && s["ok"] == true));
}

#[test]
fn check_over_starttls_and_pop3_prints_each_step_with_a_tick_and_milliseconds() {
    let ms = common::mail_server();
    let (imap, pop3, smtp) = (
        format!("localhost:{}:starttls", ms.imap_port),
        endpoint(ms.pop3_port, "starttls"),
        format!("localhost:{}:starttls", ms.submission_port),
    );
    let args = [
        "check",
        CHECKER,
        "--password-stdin",
        "--imap",
        &imap,
        "--pop3",
        &pop3,
        "--smtp",
        &smtp,
        "--send-test",
        "--ca-file",
        &ca(&ms),
        "--lang",
        "en",
    ];
    let output = run(&args, Some(&ms.password(CHECKER)));
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}\n{}", stderr(&output));
    for needle in [
        "✓ IMAP  Switch to encryption (STARTTLS)",
        "✓ POP3  Log in",
        "✓ SMTP  Send a test message",
        "✓ IMAP  Test message arrived",
        "All checks passed",
        "The test message arrived",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in:\n{text}");
    }
    assert!(!text.contains('✗'), "{text}");
    assert!(text.lines().filter(|l| l.contains(" ms ")).count() >= 15, "every step shows its time:\n{text}");
}

#[test]
fn a_wrong_password_exits_4_with_auth_failed_in_json_and_in_russian_words() {
    let ms = common::mail_server();
    let smtp = endpoint(ms.submission_port, "starttls");
    let args = ["check", CHECKER, "--password-stdin", "--smtp", &smtp, "--ca-file", &ca(&ms), "--json"];
    let output = run(&args, Some("wrong-password\n"));
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let value = json(&output);
    assert_contract_shape(&value);
    assert_eq!(value["diagnosis"]["kind"], "auth_failed");
    assert_eq!(value["ok"], false);

    let args = ["check", CHECKER, "--password-stdin", "--smtp", &smtp, "--ca-file", &ca(&ms), "--lang", "ru"];
    let output = run(&args, Some("wrong-password\n"));
    assert_eq!(output.status.code(), Some(4));
    let text = stdout(&output);
    for needle in ["✗ SMTP  Вход", "Неверное имя пользователя или пароль", "Проверка не пройдена", "535"]
    {
        assert!(text.contains(needle), "{needle:?} missing in:\n{text}");
    }
}

#[test]
fn without_the_ca_file_the_test_certificate_is_untrusted() {
    let ms = common::mail_server();
    let imap = endpoint(ms.imaps_port, "tls");
    let output = run(&["check", CHECKER, "--password-stdin", "--imap", &imap, "--json"], Some(&ms.password(CHECKER)));
    assert_eq!(output.status.code(), Some(4));
    let value = json(&output);
    assert_contract_shape(&value);
    assert_eq!(value["diagnosis"]["kind"], "tls_untrusted");
    assert!(value["diagnosis"]["advice"].as_str().unwrap().contains("mailsetup Test CA"));
}

#[test]
fn a_server_that_hides_starttls_is_starttls_unavailable() {
    let ms = common::mail_server();
    let (smtp_port, _, _, _) = ms.no_starttls();
    let smtp = endpoint(smtp_port, "starttls");
    let output = run(
        &["check", CHECKER, "--password-stdin", "--smtp", &smtp, "--ca-file", &ca(&ms), "--json"],
        Some(&ms.password(CHECKER)),
    );
    assert_eq!(output.status.code(), Some(4));
    let value = json(&output);
    assert_eq!(value["diagnosis"]["kind"], "starttls_unavailable");
    assert!(!value["steps"].as_array().unwrap().iter().any(|s| s["step"] == "auth"));
}

#[test]
fn refused_and_silent_servers_fail_fast_and_within_the_deadline() {
    let port = scripted::closed_port();
    let imap = endpoint(port, "tls");
    let output = run(&["check", CHECKER, "--imap", &imap, "--json"], None);
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(json(&output)["diagnosis"]["kind"], "connection_refused");

    let (port, silent) = scripted::silent_listener();
    let smtp = endpoint(port, "tls");
    let started = Instant::now();
    let output = run(&["check", CHECKER, "--smtp", &smtp, "--timeout", "1.5", "--json"], None);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(json(&output)["diagnosis"]["kind"], "timeout");
    assert!(elapsed <= Duration::from_millis(2000), "took {elapsed:?} for --timeout 1.5");
    silent.join().unwrap();
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let cases: &[&[&str]] = &[
        &["check", "not-an-address", "--imap", "127.0.0.1:993:tls"],
        &["check", CHECKER, "--imap", "127.0.0.1:993:maybe"],
        &["check", CHECKER, "--imap", "127.0.0.1:99999:tls"],
        &["check", CHECKER, "--imap", "127.0.0.1:993:tls", "--ca-file", "/nonexistent/ca.pem"],
        &[
            "--dns-server",
            "127.0.0.1:9",
            "--ispdb-url",
            "http://127.0.0.1:9/",
            "check",
            "anna@unknown-provider.example",
        ],
        &["check", CHECKER, "--imap", "127.0.0.1:993:tls", "--send-test"],
        &["check", CHECKER, "--imap", "127.0.0.1:993:tls", "--timeout", "0"],
        &["report", CHECKER, "--imap", "nonsense"],
    ];
    for args in cases {
        let output = run(args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).trim().is_empty(), "{args:?} says why");
    }
}

#[test]
fn without_server_flags_the_bundled_preset_is_used_and_said() {
    // A DNS server that is not there keeps this offline: the names cannot be resolved.
    let output =
        run(&["check", "anna@yandex.ru", "--dns-server", "127.0.0.1:9", "--timeout", "3", "--lang", "en"], None);
    let text = stdout(&output);
    assert!(text.contains("Using the bundled settings for Yandex Mail"), "{text}");
    assert!(text.contains("imap.yandex.ru") || text.contains("IMAP"), "{text}");
    assert_eq!(output.status.code(), Some(4), "{text}");
}

#[test]
fn report_without_a_password_shows_tls_facts_capabilities_and_says_login_was_not_tested() {
    let ms = common::mail_server();
    let (imap, smtp) = (endpoint(ms.imaps_port, "tls"), endpoint(ms.submission_port, "starttls"));
    let output =
        run(&["report", CHECKER, "--imap", &imap, "--smtp", &smtp, "--ca-file", &ca(&ms), "--lang", "en"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for needle in [
        mailsetup::VERSION,
        "no password",
        "No password was given",
        "CN=mailsetup Test CA",
        "SHA-256: ",
        "IMAP4rev1",
        "STARTTLS",
        "TLSv1.3",
        "source: manual",
        "example.test MX",
        "✓ SMTP  starttls",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in:\n{text}");
    }

    let output = run(&["report", CHECKER, "--imap", &imap, "--ca-file", &ca(&ms), "--json"], None);
    assert_eq!(output.status.code(), Some(0));
    let value = json(&output);
    assert_eq!(value["version"], mailsetup::VERSION);
    assert_eq!(value["password_tested"], false);
    assert_eq!(value["settings"]["source"], "manual");
    assert_eq!(value["servers"][0]["tls"]["certificate"]["issuer"], "CN=mailsetup Test CA");
    assert_eq!(value["servers"][0]["tls"]["trust"], "local_root");
    assert!(value["system"]["os"].is_string() && value["dns"].is_array());
}

#[test]
fn the_password_never_appears_in_any_output_report_json_or_log() {
    let ms = common::mail_server();
    let password = ms.password(CHECKER);
    let (imaps, smtps, submission, pop3) = (
        endpoint(ms.imaps_port, "tls"),
        endpoint(ms.smtps_port, "tls"),
        endpoint(ms.submission_port, "starttls"),
        endpoint(ms.pop3_port, "starttls"),
    );
    let ca = ca(&ms);
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "-vv",
            "check",
            CHECKER,
            "--password-stdin",
            "--imap",
            &imaps,
            "--smtp",
            &smtps,
            "--send-test",
            "--ca-file",
            &ca,
        ],
        vec![
            "-vv",
            "check",
            CHECKER,
            "--password-stdin",
            "--imap",
            &imaps,
            "--pop3",
            &pop3,
            "--smtp",
            &submission,
            "--send-test",
            "--ca-file",
            &ca,
            "--json",
        ],
        vec![
            "-vv",
            "report",
            CHECKER,
            "--password-stdin",
            "--imap",
            &imaps,
            "--smtp",
            &smtps,
            "--send-test",
            "--ca-file",
            &ca,
        ],
        vec![
            "-vv",
            "report",
            CHECKER,
            "--password-stdin",
            "--imap",
            &imaps,
            "--pop3",
            &pop3,
            "--smtp",
            &submission,
            "--ca-file",
            &ca,
            "--json",
        ],
        // failures too: the untrusted certificate and a refused login carry replies, not secrets
        vec!["-vv", "check", CHECKER, "--password-stdin", "--imap", &imaps, "--smtp", &smtps],
        vec![
            "-vv",
            "--lang",
            "ru",
            "check",
            CHECKER,
            "--password-stdin",
            "--imap",
            &imaps,
            "--smtp",
            &submission,
            "--ca-file",
            &ca,
            "--username",
            "bob@example.test",
        ],
    ];
    let exim_from = std::fs::metadata(&ms.exim_mainlog).map(|m| m.len()).unwrap_or(0);
    let dovecot_from = std::fs::metadata(&ms.dovecot_log).map(|m| m.len()).unwrap_or(0);
    let mut saw_debug_protocol_lines = false;
    for args in &runs {
        let output = run(args, Some(&format!("{password}\n")));
        let (out, err) = (stdout(&output), stderr(&output));
        assert!(!out.is_empty(), "{args:?} printed nothing:\n{err}");
        assert!(!out.contains(&password) && !err.contains(&password), "{args:?} leaked the password:\n{out}\n{err}");
        saw_debug_protocol_lines |= err.contains("credentials not logged");
    }
    assert!(saw_debug_protocol_lines, "-vv shows the protocol exchange (so the sweep above looked at something)");
    for (log, from) in [(&ms.exim_mainlog, exim_from), (&ms.dovecot_log, dovecot_from)] {
        let text = std::fs::read(log).unwrap();
        let new = String::from_utf8_lossy(&text[usize::try_from(from).unwrap().min(text.len())..]).to_string();
        assert!(new.contains(CHECKER), "{} logged our sessions", log.display());
        assert!(!new.contains(&password), "{} contains the password", log.display());
    }
}

#[test]
fn a_password_echoed_back_by_a_server_is_blanked_everywhere_even_with_vv() {
    let password = "Echoed-Secret-77";
    let (port, server) = scripted::serve(scripted::Mode::Plain(None), move |s: &mut scripted::Session| {
        scripted::imap_hello(s, "IMAP4rev1");
        let login = s.until("").unwrap();
        let tag = login.split(' ').next().unwrap().to_string();
        s.send(&format!("* OK you typed {password}\r\n{tag} NO [AUTHENTICATIONFAILED] wrong password {password}\r\n"));
        if let Some(logout) = s.until("") {
            let tag = logout.split(' ').next().unwrap().to_string();
            s.send(&format!("* BYE\r\n{tag} OK bye\r\n"));
        }
    });
    let imap = endpoint(port, "none");
    let output = run(&["-vv", "check", CHECKER, "--password-stdin", "--imap", &imap, "--json"], Some(password));
    server.join().unwrap();
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(4), "{out}\n{err}");
    assert!(!out.contains(password) && !err.contains(password), "leaked:\n{out}\n{err}");
    assert!(out.contains("wrong password <password>"), "{out}");
    assert!(err.contains("wrong password <password>"), "the -vv log shows the blanked line:\n{err}");
}

#[test]
fn a_provider_that_lets_no_mail_program_in_is_bad_input_not_a_failed_login() {
    for (command, lang, words) in
        [("check", "en", "does not let mail programs connect"), ("report", "ru", "не пускает почтовые программы")]
    {
        let output = run(&[command, "x@i.ua", "--dns-server", "127.0.0.1:9", "--json", "--lang", lang], None);
        assert_eq!(output.status.code(), Some(2), "{command}: {}", stderr(&output));
        assert!(stdout(&output).trim().is_empty(), "{command}: nothing was checked, so no report");
        let said = stderr(&output);
        assert!(said.contains(words) && said.contains("https://www.i.ua/"), "{command}: {said}");
    }
}

#[test]
fn no_encryption_is_called_unsafe_in_the_users_language() {
    let imap = endpoint(9, "none");
    let output = run(&["check", CHECKER, "--imap", &imap, "--timeout", "2", "--lang", "ru"], None);
    assert!(stdout(&output).contains("IMAP 127.0.0.1:9 работает без шифрования"), "{}", stdout(&output));
    let output = run(&["check", CHECKER, "--imap", &imap, "--timeout", "2", "--json", "--lang", "en"], None);
    assert_contract_shape(&json(&output));
    assert!(stderr(&output).contains("IMAP 127.0.0.1:9 uses no encryption"), "{}", stderr(&output));
}
