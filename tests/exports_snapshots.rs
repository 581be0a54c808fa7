//! Text snapshots (insta, tests/snapshots/) of every text format for three accounts — IMAP+SMTP
//! with implicit TLS, with required STARTTLS, and POP3 — each reviewed by eye once. A format that
//! refuses an account snapshots its refusal, so a change of policy shows up in review too.
//! Plus the password rule: no export contains the password unless the user asked for it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod export_support;

use export_support::*;
use mailsetup::engine::account::Account;
use mailsetup::engine::export::{self, ExportOptions, Exporter, Severity, thunderbird_qr};
use mailsetup::engine::i18n::Lang;
use mailsetup::engine::secrets::Password;

/// The export as reviewable text: warnings first, then every file (UTF-16 decoded, CRLF shown).
fn describe(exporter: &dyn Exporter, account: &Account, options: &ExportOptions<'_>) -> String {
    let mut text = String::new();
    match exporter.export(account, options) {
        Err(e) => {
            text.push_str(&format!("REFUSED ({}): {}\n", e.id(), e.message(options.lang)));
        }
        Ok(output) => {
            for warning in &output.warnings {
                text.push_str(&format!(
                    "WARNING {:?} {}: {}\n",
                    warning.severity,
                    warning.id,
                    warning.text(options.lang)
                ));
            }
            for file in &output.files {
                text.push_str(&format!("==> {} (mode {:o}, {}) <==\n", file.name, file.unix_mode, file.mime_type));
                let body = match file.bytes.as_slice() {
                    [0xFF, 0xFE, rest @ ..] => {
                        let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                        format!("[UTF-16LE with BOM]\n{}", String::from_utf16(&units).unwrap())
                    }
                    bytes => match std::str::from_utf8(bytes) {
                        Ok(s) => s.to_string(),
                        Err(_) => format!("[{} binary bytes]\n", bytes.len()),
                    },
                };
                text.push_str(&body.replace("\r\n", "␍\n"));
            }
        }
    }
    text
}

fn snapshot_all(account_name: &str, account: &Account) {
    let options = fixed_options();
    for exporter in export::all() {
        let mut text = describe(*exporter, account, &options);
        if exporter.id() == "thunderbird-qr" {
            // The images are checked by decoding them (exports_formats.rs); review the payload.
            match thunderbird_qr::payload(account, None) {
                Ok(payload) => {
                    text = format!(
                        "PAYLOAD {payload}\n{}",
                        text.lines().filter(|l| l.starts_with("WARNING")).collect::<Vec<_>>().join("\n")
                    )
                }
                Err(e) => text = format!("REFUSED ({}): {}\n", e.id(), e.message(Lang::En)),
            }
        }
        insta::assert_snapshot!(format!("{}__{account_name}", exporter.id()), text);
    }
}

#[test]
fn every_text_format_for_an_imap_account_with_implicit_tls() {
    snapshot_all("tls", &tls_account());
}

#[test]
fn every_text_format_for_an_imap_account_with_required_starttls() {
    snapshot_all("starttls", &starttls_account());
}

#[test]
fn every_text_format_for_a_pop3_account() {
    snapshot_all("pop3", &pop3_account());
}

#[test]
fn the_settings_card_and_file_comments_read_naturally_in_russian() {
    let mut account = tls_account();
    account.display_name = "Анна Петрова".into();
    account.email = "anna@почта.рф".into();
    account.incoming.username = "anna@xn--80a1acny.xn--p1ai".into();
    account.outgoing.username = "anna@xn--80a1acny.xn--p1ai".into();
    let options = ExportOptions { lang: Lang::Ru, ..fixed_options() };
    for id in ["card-txt", "msmtp", "outlook-prf"] {
        let text = describe(export::by_id(id).unwrap(), &account, &options);
        insta::assert_snapshot!(format!("{id}__ru_idn"), text);
    }
}

/// Every byte stream of every format, for several accounts.
fn all_outputs(options: &ExportOptions<'_>) -> Vec<(String, Vec<u8>)> {
    let mut idn = tls_account();
    idn.email = "ivan@почта.рф".into();
    let accounts = [tls_account(), starttls_account(), pop3_account(), idn];
    let mut outputs = vec![];
    for account in &accounts {
        for exporter in export::all() {
            if let Ok(output) = exporter.export(account, options) {
                for file in output.files {
                    outputs.push((format!("{} {}", exporter.id(), file.name), file.bytes));
                }
            }
        }
        if let Ok(payload) = thunderbird_qr::payload(account, options.include_password) {
            outputs.push(("thunderbird-qr payload".into(), payload.into_bytes()));
        }
    }
    outputs
}

/// The password as it could appear in a file: UTF-8, UTF-16LE (Outlook PRF), JSON-escaped.
fn password_forms(password: &str) -> Vec<Vec<u8>> {
    let utf16: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
    vec![password.as_bytes().to_vec(), utf16]
}

#[test]
fn no_export_contains_the_password_unless_the_user_asked_for_it() {
    let secret = "Sekr3t-Пароль-\"quoted\"";
    let outputs = all_outputs(&fixed_options());
    assert!(outputs.len() > 60, "every format, several accounts: {}", outputs.len());
    for (name, bytes) in &outputs {
        for form in password_forms(secret) {
            assert!(!contains(bytes, &form), "{name} contains the password without being asked");
        }
    }
}

#[test]
fn only_the_qr_code_carries_the_password_when_asked_and_says_so_loudly() {
    let secret = "Sekr3t-Пароль-quoted";
    let password = Password::new(secret);
    let options = ExportOptions { include_password: Some(&password), ..fixed_options() };
    for (name, bytes) in all_outputs(&options) {
        let carried = password_forms(secret).iter().any(|form| contains(&bytes, form));
        assert_eq!(carried, name == "thunderbird-qr payload", "{name}");
    }
    let account = tls_account();
    for exporter in export::all() {
        let output = exporter.export(&account, &options).unwrap();
        let ids: Vec<_> = output.warnings.iter().map(|w| (w.id, w.severity)).collect();
        if exporter.id() == "thunderbird-qr" {
            assert!(ids.contains(&("password-included", Severity::Danger)), "{ids:?}");
        } else {
            assert!(ids.contains(&("password-not-included", Severity::Info)), "{}: {ids:?}", exporter.id());
        }
    }
    let payload = thunderbird_qr::payload(&account, Some(&password)).unwrap();
    assert!(payload.ends_with(&format!(",\"{secret}\"],[\"jane@example.com\",\"Jane Doe\"]]]]")), "{payload}");
}
