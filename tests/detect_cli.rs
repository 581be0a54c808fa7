//! `mailsetup detect` as a user or a script runs it: the real binary, pointed at the real test
//! services through `--dns-server`, `--ca-file` and `--ispdb-url`; JSON fields and exit codes as
//! DESIGN.md fixes them; human output in English and Russian.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod discovery_support;

use discovery_support::{Reply, World, dns_black_hole, world};
use serde_json::Value;
use std::process::Output;
use std::time::{Duration, Instant};

/// This binary's slice of 127.0.10.0/24 (tests/discovery.rs uses the lower half).
const BLOCK: u8 = 128;

fn w() -> &'static World {
    world(BLOCK)
}

fn seams(w: &World) -> Vec<String> {
    vec![
        "--dns-server".into(),
        w.dns.to_string(),
        "--ca-file".into(),
        w.ca_file.display().to_string(),
        "--ispdb-url".into(),
        w.ispdb_url.clone(),
    ]
}

fn detect(args: &[&str]) -> (Output, Duration) {
    let config = tempfile::tempdir().unwrap();
    let mut all = vec!["detect"];
    all.extend_from_slice(args);
    let started = Instant::now();
    let output = common::run_mailsetup(config.path(), &all, None);
    (output, started.elapsed())
}

fn detect_with_seams(email: &str, extra: &[&str]) -> (Output, Duration) {
    let seams = seams(w());
    let mut args: Vec<&str> = vec![email];
    args.extend(seams.iter().map(String::as_str));
    args.extend_from_slice(extra);
    detect(&args)
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("stdout is not one JSON document ({e}): {}", String::from_utf8_lossy(&output.stdout))
    })
}

fn text_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    keys.sort();
    keys
}

/// Checks a `detect --json` document against the contract's field names.
fn assert_contract_shape(json: &Value) {
    assert_eq!(
        keys(json),
        sorted(&[
            "email",
            "domain",
            "provider",
            "source",
            "needs_confirmation",
            "incoming",
            "outgoing",
            "notes",
            "sources"
        ])
    );
    for server in json["incoming"].as_array().unwrap().iter().chain(json["outgoing"].as_array().unwrap()) {
        assert_eq!(keys(server), sorted(&["protocol", "host", "port", "security", "auth", "username"]));
    }
    for note in json["notes"].as_array().unwrap() {
        let k = keys(note);
        assert!(k == sorted(&["kind", "text", "url"]) || k == sorted(&["kind", "text"]), "{k:?}");
    }
    for line in json["sources"].as_array().unwrap() {
        let expected = if line["status"] == "failed" {
            sorted(&["source", "status", "ms", "reason"])
        } else {
            sorted(&["source", "status", "ms"])
        };
        assert_eq!(keys(line), expected, "{line}");
    }
    if !json["provider"].is_null() {
        assert_eq!(keys(&json["provider"]), sorted(&["id", "name"]));
    }
}

#[test]
fn json_for_a_preset_provider_is_exactly_the_contract() {
    let (output, _) = detect(&["anna@yandex.ru", "--offline", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json = json_of(&output);
    assert_contract_shape(&json);
    assert_eq!(json["email"], "anna@yandex.ru");
    assert_eq!(json["domain"], "yandex.ru");
    assert_eq!(json["provider"], serde_json::json!({"id": "yandex", "name": "Yandex Mail"}));
    assert_eq!(json["source"], "preset");
    assert_eq!(json["needs_confirmation"], false);
    assert_eq!(
        json["incoming"][0],
        serde_json::json!({"protocol":"imap","host":"imap.yandex.ru","port":993,"security":"tls","auth":"password","username":"anna@yandex.ru"})
    );
    assert_eq!(
        json["outgoing"][0],
        serde_json::json!({"protocol":"smtp","host":"smtp.yandex.ru","port":465,"security":"tls","auth":"password","username":"anna@yandex.ru"})
    );
    assert_eq!(json["notes"][0]["kind"], "enable_mail_clients");
    assert_eq!(json["sources"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["sources"][0]["source"], "preset");
    assert_eq!(json["sources"][0]["status"], "found");
    // In-process and offline: milliseconds at most, even in a debug build on a loaded machine.
    let ms = json["sources"][0]["ms"].as_u64().unwrap();
    assert!(ms <= 50, "a preset lookup took {ms} ms");
}

#[test]
fn json_for_a_network_find_has_the_same_fields() {
    let w = w();
    w.serve_ispdb("cli-ispdb.test", Reply::xml("valid.xml"));
    let (output, _) = detect_with_seams("vasya@cli-ispdb.test", &["--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json = json_of(&output);
    assert_contract_shape(&json);
    assert_eq!(json["source"], "ispdb");
    assert!(json["provider"].is_null());
    let sources: Vec<&str> =
        json["sources"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, vec!["preset", "ispdb", "autoconfig", "mx", "srv", "autoconfig-http", "guess"]);
}

#[test]
fn hostile_xml_shows_as_a_failed_source_with_its_reason() {
    let w = w();
    w.serve_ispdb("cli-bomb.test", Reply::xml("entity-bomb.xml"));
    let (output, elapsed) = detect_with_seams("mallory@cli-bomb.test", &["--json", "--timeout", "3"]);
    assert_eq!(output.status.code(), Some(3));
    let json = json_of(&output);
    assert_contract_shape(&json);
    let ispdb = &json["sources"][1];
    assert_eq!((ispdb["source"].as_str(), ispdb["status"].as_str()), (Some("ispdb"), Some("failed")));
    assert!(ispdb["reason"].as_str().unwrap().contains("DTD"), "{ispdb}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn an_unknown_domain_offline_finds_nothing_and_exits_3() {
    let (output, _) = detect(&["someone@no-such-provider.test", "--offline", "--json"]);
    assert_eq!(output.status.code(), Some(3));
    let json = json_of(&output);
    assert_contract_shape(&json);
    assert!(json["source"].is_null());
    assert_eq!(json["incoming"], serde_json::json!([]));
    assert_eq!(json["outgoing"], serde_json::json!([]));

    let (output, _) = detect(&["someone@no-such-provider.test", "--offline", "--lang", "ru"]);
    assert_eq!(output.status.code(), Some(3));
    let text = text_of(&output);
    assert!(text.contains("Не удалось найти настройки для no-such-provider.test"), "{text}");
    assert!(text.contains("пропущено"), "{text}");
}

#[test]
fn a_bad_address_exits_2_with_the_plain_language_message() {
    let (output, _) = detect(&["anna.yandex.ru"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("An email address has an @ sign"), "{stderr}");
    assert!(output.stdout.is_empty());

    let (output, _) = detect(&["anna@gmail", "--lang", "ru"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("После знака @ нужна точка: может быть, gmail.ru или gmail.com?"), "{stderr}");
}

#[test]
fn human_output_names_provider_servers_source_and_the_steps_before_login() {
    let (output, _) = detect(&["anna@yandex.ru", "--offline", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0));
    let text = text_of(&output);
    common::assert_contains_all(
        &text,
        [
            "Provider: Yandex Mail",
            "IMAP  imap.yandex.ru, port 993 — encrypted (TLS)",
            "SMTP  smtp.yandex.ru, port 465 — encrypted (TLS)",
            "login: anna@yandex.ru",
            "Found in: mailsetup's built-in list of providers",
            "Before you log in:",
            "https://id.yandex.ru/security/app-passwords",
        ],
    );
    assert!(!text.contains("Please confirm"), "a preset needs no confirmation:\n{text}");

    let (output, _) = detect(&["anna@yandex.ru", "--offline", "--lang", "ru"]);
    let text = text_of(&output);
    common::assert_contains_all(
        &text,
        ["Почтовый сервис: Яндекс Почта", "порт 993 — с шифрованием (TLS)", "Перед входом:", "пароль приложения"],
    );
}

#[test]
fn srv_settings_ask_the_user_to_confirm_the_server_domain() {
    let w = w();
    let d = "cli-srv.test";
    w.add_srv(&format!("_imaps._tcp.{d}"), 0, 0, 993, "imap.far-away-hoster.test");
    w.add_srv(&format!("_submissions._tcp.{d}"), 0, 0, 465, "smtp.far-away-hoster.test");
    let (output, _) = detect_with_seams(&format!("fedor@{d}"), &["--lang", "en"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = text_of(&output);
    assert!(
        text.contains("Please confirm: these settings came from your domain's service records (SRV), the server is at far-away-hoster.test."),
        "{text}"
    );
    let (output, _) = detect_with_seams(&format!("fedor@{d}"), &["--lang", "ru"]);
    let text = text_of(&output);
    assert!(text.contains("Пожалуйста, проверьте: эти настройки взяты из источника «служебные записи вашего домена (SRV)», сервер находится на far-away-hoster.test."), "{text}");
}

#[test]
fn an_idn_domain_is_shown_in_unicode() {
    let w = w();
    w.serve_ispdb("xn--80a1acny.cli-idn.test", Reply::xml("placeholder.xml"));
    let (output, _) = detect_with_seams("ivan@почта.cli-idn.test", &["--lang", "en"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = text_of(&output);
    assert!(text.contains("IMAP  imap.почта.cli-idn.test, port 993"), "{text}");
    let (output, _) = detect_with_seams("ivan@почта.cli-idn.test", &["--json"]);
    let json = json_of(&output);
    assert_eq!(json["domain"], "почта.cli-idn.test");
    assert_eq!(json["incoming"][0]["host"], "imap.xn--80a1acny.cli-idn.test");
}

#[test]
fn the_whole_process_keeps_the_deadline_when_everything_is_black_holed() {
    let w = w();
    let dns = dns_black_hole(w.black_hole_ip);
    let dns_server = dns.addr.to_string();
    let ispdb = format!("https://{}/v1.1/", w.black_hole_ip);
    let ca = w.ca_file.display().to_string();
    let deadline = Duration::from_secs(2);
    let (output, elapsed) = detect(&[
        "mark@all-silent.test",
        "--json",
        "--timeout",
        "2",
        "--dns-server",
        &dns_server,
        "--ispdb-url",
        &ispdb,
        "--ca-file",
        &ca,
    ]);
    assert!(elapsed <= deadline + Duration::from_millis(300), "took {elapsed:?}");
    assert_eq!(output.status.code(), Some(3));
    let json = json_of(&output);
    assert_contract_shape(&json);
    for line in &json["sources"].as_array().unwrap()[1..] {
        assert_eq!(line["status"], "timed_out", "{line}");
    }
}

#[test]
fn a_preset_is_instant_even_when_dns_is_a_black_hole() {
    let w = w();
    let dns = dns_black_hole(w.black_hole_ip);
    let dns_server = dns.addr.to_string();
    let (output, elapsed) = detect(&["anna@yandex.ru", "--json", "--dns-server", &dns_server]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_of(&output)["source"], "preset");
    assert!(elapsed < Duration::from_millis(500), "took {elapsed:?}");
    assert_eq!(dns.received(), 0);
}

#[test]
fn a_provider_without_servers_for_mail_programs_exits_3_and_says_why() {
    let (output, _) = detect(&["ivan@i.ua", "--offline", "--json"]);
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let json = json_of(&output);
    assert_eq!(json["provider"]["id"], "i-ua");
    assert_eq!(json["incoming"], serde_json::json!([]));
    assert_eq!(json["notes"][0]["kind"], "no_imap");
}
