//! Unit tests for the registry and the rules every format shares. Format output is covered by
//! the snapshots and the real programs in tests/exports_*.rs.

use super::*;
use crate::engine::account::SettingsSource;

fn account(incoming: Server, outgoing: Server) -> Account {
    Account {
        email: "jane@example.com".into(),
        display_name: "Jane Doe".into(),
        provider_id: None,
        source: SettingsSource::Manual,
        incoming,
        outgoing,
    }
}

fn tls_account() -> Account {
    account(
        Server::new(Protocol::Imap, "imap.example.com", 993, Security::Tls, "jane@example.com"),
        Server::new(Protocol::Smtp, "smtp.example.com", 465, Security::Tls, "jane@example.com"),
    )
}

#[test]
fn every_format_has_a_unique_id_and_is_found_by_it() {
    let mut ids: Vec<_> = all().iter().map(|e| e.id()).collect();
    for id in &ids {
        assert_eq!(by_id(id).map(|e| e.id()), Some(*id));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all().len());
    assert!(by_id("no-such-format").is_none());
}

#[test]
fn every_single_file_format_names_its_file_with_its_extension_and_a_mime_type() {
    let account = tls_account();
    for exporter in all() {
        let meta = exporter.meta();
        assert!(meta.mime_type.contains('/'), "{}: {:?} is not a MIME type", meta.id, meta.mime_type);
        let name = exporter.file_name(&account);
        if !meta.file.is_multi_file && !meta.extension.is_empty() {
            assert!(name.ends_with(&format!(".{}", meta.extension)), "{}: {name} vs {:?}", meta.id, meta.extension);
        }
        if let FileName::PerAddress { fallback, .. } = meta.file_name {
            assert!(name.contains("jane-example-com"), "{}: {name} names the account", meta.id);
            let unparsable = Account { email: "not an address".into(), ..account.clone() };
            assert_eq!(exporter.file_name(&unparsable), fallback, "{}", meta.id);
        }
    }
}

#[test]
fn fetchers_and_senders_say_which_half_of_the_account_they_leave_out() {
    let account = tls_account();
    let ids = |format: &str| -> Vec<&'static str> {
        by_id(format).unwrap().limitations(&account).iter().map(|w| w.id).collect()
    };
    assert_eq!(ids("mbsync"), ["receiving-only"]);
    assert_eq!(ids("msmtp"), ["sending-only"]);
    assert_eq!(ids("neomutt"), Vec::<&str>::new());
}

#[test]
fn every_format_has_a_name_summary_and_instructions_in_both_languages() {
    let account = tls_account();
    for exporter in all() {
        for lang in Lang::ALL {
            for suffix in ["name", "summary", "instructions"] {
                let id = format!("export-{}-{suffix}", exporter.id());
                assert!(crate::engine::i18n::has(lang, &id), "{lang}: missing {id}");
            }
            assert!(!exporter.instructions(&account, lang).contains("export-"));
        }
    }
}

#[test]
fn every_audience_has_at_least_one_format_and_a_label() {
    for audience in Audience::ALL {
        assert!(all().iter().any(|e| e.audience() == audience), "{audience:?}");
        for lang in Lang::ALL {
            assert!(!audience.label(lang).starts_with("export-"));
        }
    }
}

#[test]
fn control_characters_in_any_value_are_refused_by_every_format() {
    let mut bad = tls_account();
    bad.display_name = "Jane\nuser_pref(\"evil\", 1);".into();
    for exporter in all() {
        let result = exporter.export(&bad, &ExportOptions::default());
        assert_eq!(result, Err(ExportError::InvalidValue { field: "display-name" }), "{}", exporter.id());
    }
}

#[test]
fn warnings_and_errors_read_as_sentences_in_both_languages() {
    let warnings = [
        Warning::new("starttls-not-enforced", Severity::Caution).arg("format", "mobileconfig").arg("protocol", "IMAP"),
        Warning::new("password-not-included", Severity::Info).arg("format", "msmtp"),
    ];
    for lang in Lang::ALL {
        for w in &warnings {
            let text = w.text(lang);
            assert!(!text.contains("export-") && !text.contains('{'), "{text}");
        }
        let error = ExportError::SecurityNotExpressible {
            format: "getmail",
            protocol: Protocol::Imap,
            security: Security::Starttls,
        };
        let text = error.message(lang);
        assert!(text.contains("getmail6") && text.contains("STARTTLS"), "{text}");
    }
    assert!(warnings[0].text(Lang::En).contains("Apple Mail profile"));
}

#[test]
fn slugs_are_ascii_and_keep_different_addresses_apart() {
    let slug_of = |s: &str| slug(&EmailAddress::parse(s).unwrap());
    assert_eq!(slug_of("Jane.Doe@Example.com"), "jane-doe-example-com");
    assert_eq!(slug_of("ivan@почта.рф"), "ivan-xn-80a1acny-xn-p1ai");
    assert_ne!(slug_of("иван@mail.ru"), slug_of("ivan@mail.ru"));
    assert!(slug_of("иван@mail.ru").is_ascii());
}

#[test]
fn seeded_uuids_repeat_and_random_ones_do_not() {
    let account = tls_account();
    let seeded = ExportOptions { uuid_seed: Some(7), ..Default::default() };
    let a = Context::new(&account, &seeded).unwrap();
    assert_eq!(a.uuid(0), a.uuid(0));
    assert_ne!(a.uuid(0), a.uuid(1));
    let random = ExportOptions::default();
    let b = Context::new(&account, &random).unwrap();
    assert_ne!(b.uuid(0), b.uuid(0));
}

#[test]
fn a_server_without_encryption_is_called_unsafe_by_every_format_that_configures_it() {
    let plain = account(
        Server::new(Protocol::Imap, "imap.example.com", 143, Security::None, "jane@example.com"),
        Server::new(Protocol::Smtp, "smtp.example.com", 465, Security::Tls, "jane@example.com"),
    );
    for exporter in all() {
        let Ok(output) = exporter.export(&plain, &ExportOptions::default()) else { continue };
        let unsafe_warnings: Vec<&Warning> = output.warnings.iter().filter(|w| w.id == "unencrypted").collect();
        if exporter.meta().covers == Covers::SendingOnly {
            assert!(unsafe_warnings.is_empty(), "{} does not configure IMAP", exporter.id());
        } else {
            assert_eq!(unsafe_warnings.len(), 1, "{}", exporter.id());
            assert_eq!(unsafe_warnings[0].severity, Severity::Danger);
            let text = unsafe_warnings[0].text(Lang::En);
            assert!(text.contains("IMAP on imap.example.com uses no encryption"), "{text}");
        }
    }
    let output = by_id("msmtp").unwrap().export(&tls_account(), &ExportOptions::default()).unwrap();
    assert!(output.warnings.iter().all(|w| w.id != "unencrypted"));
}
