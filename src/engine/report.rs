//! The redacted support report: what support staff need to help someone on the phone or in a
//! ticket — app version, operating system, the settings and where they came from, DNS answers,
//! per-step timings, TLS facts, capabilities and the diagnosis — as text to paste and as JSON.
//! For a saved account it adds what the accounts file knows ([`SavedAccountFacts`]): dates,
//! whether the keyring holds the password, and the last check before this report.
//!
//! Redaction: the report is built from a [`CheckReport`], which never holds a password or the
//! authentication exchange (only the server's reply to it), and `run_check` scrubs a password a
//! server may have echoed back. The login name stays: support needs it.

use crate::engine::account::{Protocol, Server, SettingsSource};
use crate::engine::account_store::{self, StoredAccount};
use crate::engine::check::{CheckReport, CheckStep, ServerFacts, trust_id};
use crate::engine::diagnostics::{self, DiagnosisKind};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::net::Net;
use crate::engine::provider::presets::Provider;
use hickory_resolver::proto::rr::RecordType;
use serde::Serialize;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// How long all DNS questions of a report may take together, unless the caller says otherwise.
pub const DNS_TIMEOUT: Duration = Duration::from_secs(3);

/// The whole report. Its JSON form is `mailsetup report --json`.
#[derive(Clone, Debug, Serialize)]
pub struct SupportReport {
    pub app: String,
    pub version: String,
    /// When the report was made (RFC 3339, UTC).
    pub created: String,
    pub system: SystemInfo,
    pub lang: Lang,
    pub email: String,
    pub settings: Settings,
    pub dns: Vec<DnsAnswer>,
    /// False when no password was given and the login steps did not run.
    pub password_tested: bool,
    pub check: CheckSummary,
    /// Per server: addresses, greeting, capabilities, TLS facts.
    pub servers: Vec<ServerFacts>,
    /// Things support should notice although nothing failed (e.g. TLS interception).
    pub notices: Vec<String>,
    pub diagnosis: Option<FullDiagnosis>,
    /// What the accounts file says about this account, when it is saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved_account: Option<SavedAccountFacts>,
}

/// A saved account as support needs to see it: when it was saved, whether its password is in the
/// keyring (never the password) and how its last check before this report went.
#[derive(Clone, Debug, Serialize)]
pub struct SavedAccountFacts {
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    /// True when every server that needs a password has one in the keyring.
    pub password_stored: bool,
    /// False when the account logs in without a password.
    pub password_needed: bool,
    pub last_check: Option<account_store::CheckSummary>,
}

impl SavedAccountFacts {
    /// The facts of a saved account.
    pub fn of(stored: &StoredAccount) -> Self {
        SavedAccountFacts {
            created_at: stored.created_at,
            updated_at: stored.updated_at,
            password_stored: stored.has_all_passwords(),
            password_needed: !stored.keyring_entries.is_empty(),
            last_check: stored.last_check.clone(),
        }
    }
}

/// The computer the report was made on.
#[derive(Clone, Debug, Serialize)]
pub struct SystemInfo {
    /// `linux`, `windows`, `macos` …
    pub os: String,
    pub arch: String,
    /// The distribution or version name when the system says it (`Debian GNU/Linux 12 (bookworm)`).
    pub name: Option<String>,
}

/// The settings that were checked and where they came from.
#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    pub source: SettingsSource,
    pub provider: Option<ProviderRef>,
    pub servers: Vec<Server>,
}

/// A bundled provider, by id and name.
#[derive(Clone, Debug, Serialize)]
pub struct ProviderRef {
    pub id: String,
    pub name: String,
}

/// The answers to one DNS question.
#[derive(Clone, Debug, Serialize)]
pub struct DnsAnswer {
    pub name: String,
    pub record: String,
    pub answers: Vec<String>,
    pub error: Option<String>,
}

/// The check's steps and timings.
#[derive(Clone, Debug, Serialize)]
pub struct CheckSummary {
    pub ok: bool,
    pub cancelled: bool,
    pub total_ms: u64,
    pub steps: Vec<CheckStep>,
    pub delivery_ms: Option<u64>,
    pub test_message_id: Option<String>,
}

/// A diagnosis with everything: kind, title, advice, the server's words and the link.
#[derive(Clone, Debug, Serialize)]
pub struct FullDiagnosis {
    pub kind: DiagnosisKind,
    pub title: String,
    pub advice: String,
    pub details: String,
    pub url: Option<String>,
}

/// What the report is about.
pub struct ReportInput<'a> {
    pub email: &'a str,
    /// The domain for the MX question (ASCII form).
    pub domain: &'a str,
    pub source: SettingsSource,
    pub provider: Option<&'a Provider>,
    pub servers: &'a [Server],
    pub check: &'a CheckReport,
    pub lang: Lang,
    /// Deadline for all DNS questions together (usually [`DNS_TIMEOUT`]).
    pub dns_timeout: Duration,
}

/// Builds the report; asks DNS for the domain's MX and each server's A/AAAA records (all
/// together within `input.dns_timeout`).
pub fn build_report(input: &ReportInput<'_>, net: &Net) -> SupportReport {
    let mut notices = vec![];
    for facts in &input.check.servers {
        let host = facts.endpoint.rsplit_once(':').map(|(h, _)| h).unwrap_or(&facts.endpoint);
        if let Some(tls) = &facts.tls {
            if diagnostics::looks_intercepted(host, input.provider, tls) {
                let issuer = tls.certificate.as_ref().map(|c| c.issuer.clone()).unwrap_or_default();
                notices.push(tr_args(
                    input.lang,
                    "report-notice-interception",
                    &[("host", host.to_string().into()), ("issuer", issuer.into())],
                ));
            }
        }
    }
    SupportReport {
        app: "mailsetup".into(),
        version: crate::VERSION.into(),
        created: jiff::Timestamp::now().round(jiff::Unit::Second).map(|t| t.to_string()).unwrap_or_default(),
        system: system_info(),
        lang: input.lang,
        email: input.email.to_string(),
        settings: Settings {
            source: input.source,
            provider: input
                .provider
                .map(|p| ProviderRef { id: p.id.clone(), name: p.display_name(input.lang).to_string() }),
            servers: input.servers.to_vec(),
        },
        dns: dns_answers(net, input.domain, input.servers, input.dns_timeout),
        password_tested: input.check.password_tested,
        check: CheckSummary {
            ok: input.check.ok,
            cancelled: input.check.cancelled,
            total_ms: input.check.total_ms,
            steps: input.check.steps.clone(),
            delivery_ms: input.check.delivery_ms,
            test_message_id: input.check.test_message_id.clone(),
        },
        servers: input.check.servers.clone(),
        notices,
        diagnosis: input.check.diagnosis.as_ref().map(|d| FullDiagnosis {
            kind: d.kind,
            title: d.title.clone(),
            advice: d.advice.clone(),
            details: d.details.clone(),
            url: d.url.clone(),
        }),
        saved_account: None,
    }
}

fn system_info() -> SystemInfo {
    SystemInfo { os: std::env::consts::OS.into(), arch: std::env::consts::ARCH.into(), name: os_name() }
}

/// `PRETTY_NAME` from os-release on Linux; nothing elsewhere (the OS and arch say enough).
fn os_name() -> Option<String> {
    let text =
        std::fs::read_to_string("/etc/os-release").or_else(|_| std::fs::read_to_string("/usr/lib/os-release")).ok()?;
    text.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")).map(|v| v.trim_matches('"').chars().take(120).collect())
}

/// The DNS questions support asks first, answered in parallel under one deadline.
fn dns_answers(net: &Net, domain: &str, servers: &[Server], timeout: Duration) -> Vec<DnsAnswer> {
    let mut questions: Vec<(String, RecordType)> = vec![(domain.to_string(), RecordType::MX)];
    for server in servers {
        let host = server.host.trim_start_matches('[').trim_end_matches(']');
        if host.parse::<std::net::IpAddr>().is_ok() {
            continue;
        }
        for record in [RecordType::A, RecordType::AAAA] {
            if !questions.iter().any(|(n, r)| n == host && *r == record) {
                questions.push((host.to_string(), record));
            }
        }
    }
    let deadline = Instant::now() + timeout;
    std::thread::scope(|scope| {
        let handles: Vec<_> = questions
            .iter()
            .map(|(name, record)| {
                let work = move || match net.lookup_text(name, *record, deadline) {
                    Ok(answers) => DnsAnswer { name: name.clone(), record: record.to_string(), answers, error: None },
                    Err(e) => DnsAnswer {
                        name: name.clone(),
                        record: record.to_string(),
                        answers: vec![],
                        error: Some(e.to_string()),
                    },
                };
                std::thread::Builder::new().name("mailsetup-report-dns".into()).spawn_scoped(scope, work)
            })
            .collect();
        handles
            .into_iter()
            .zip(&questions)
            .map(|(handle, (name, record))| {
                handle.ok().and_then(|h| h.join().ok()).unwrap_or_else(|| DnsAnswer {
                    name: name.clone(),
                    record: record.to_string(),
                    answers: vec![],
                    error: Some("lookup did not run".into()),
                })
            })
            .collect()
    })
}

/// The report as text for pasting into a ticket, in `lang`.
pub fn render_text(report: &SupportReport) -> String {
    let lang = report.lang;
    let t = |id: &str| tr(lang, id);
    let mut out = String::new();
    let _ = writeln!(out, "{}", tr_args(lang, "report-title", &[("version", report.version.clone().into())]));
    let _ = writeln!(out, "{}", t("report-redacted"));
    let _ = writeln!(out, "{}: {}", t("report-created"), report.created);
    let system = match &report.system.name {
        Some(name) => format!("{} ({} {})", name, report.system.os, report.system.arch),
        None => format!("{} {}", report.system.os, report.system.arch),
    };
    let _ = writeln!(out, "{}: {system}", t("report-system"));
    let _ = writeln!(out, "{}: {}", t("report-address"), report.email);
    let provider = report.settings.provider.as_ref().map(|p| format!(" · {} ({})", p.name, p.id)).unwrap_or_default();
    let source = report.settings.source.as_str();
    let source_words = t(&format!("report-source-{source}"));
    let _ = writeln!(out, "\n{} ({}: {source} — {source_words}{provider})", t("report-settings"), t("report-source"));
    for server in &report.settings.servers {
        let _ = writeln!(
            out,
            "  {:<5} {}  {}  {}: {}{}",
            server.protocol.label(),
            server.endpoint(),
            server.security,
            t("report-login"),
            server.username,
            server.pinned_cert_sha256.as_ref().map(|p| format!("  pin {p}")).unwrap_or_default()
        );
    }
    if let Some(saved) = &report.saved_account {
        let _ = writeln!(out, "\n{}", saved_account_text(saved, lang));
    }
    let _ = writeln!(out, "\n{}", t("report-dns"));
    for answer in &report.dns {
        let value = match &answer.error {
            Some(error) => format!("({error})"),
            None => answer.answers.join(", "),
        };
        let _ = writeln!(out, "  {} {}: {value}", answer.name, answer.record);
    }
    let _ = writeln!(out, "\n{} ({} ms)", t("report-steps"), report.check.total_ms);
    if !report.password_tested {
        let _ = writeln!(out, "  {}", t("report-no-password"));
    }
    for step in &report.check.steps {
        let _ = writeln!(
            out,
            "  {} {:<5} {:<9} {:>6} ms  {}",
            if step.ok { "✓" } else { "✗" },
            step.server.label(),
            step.step,
            step.ms,
            step.detail
        );
    }
    if let Some(ms) = report.check.delivery_ms {
        let _ = writeln!(
            out,
            "  {}",
            tr_args(lang, "report-delivery", &[("ms", i64::try_from(ms).unwrap_or(i64::MAX).into())])
        );
    }
    for facts in &report.servers {
        let label = facts.protocol.map(Protocol::label).unwrap_or("?");
        let _ = writeln!(out, "\n{label} {}", facts.endpoint);
        if !facts.addresses.is_empty() {
            let _ = writeln!(out, "  {}: {}", t("report-addresses"), facts.addresses.join(", "));
        }
        if let Some(greeting) = &facts.greeting {
            let _ = writeln!(out, "  {}: {greeting}", t("report-greeting"));
        }
        if !facts.capabilities.is_empty() {
            let _ = writeln!(out, "  {}: {}", t("report-capabilities"), facts.capabilities.join(" "));
        }
        if let Some(tls) = &facts.tls {
            let _ = writeln!(out, "  TLS: {} {}", tls.protocol_version, tls.cipher_suite);
            if let Some(cert) = &tls.certificate {
                let _ = writeln!(out, "  {}: {}", t("report-cert-subject"), cert.subject);
                let _ = writeln!(out, "  {}: {}", t("report-cert-issuer"), cert.issuer);
                let _ = writeln!(out, "  {}: {} – {}", t("report-cert-validity"), cert.not_before, cert.not_after);
                let _ = writeln!(out, "  {}: {}", t("report-cert-names"), cert.names.join(", "));
                let _ = writeln!(out, "  SHA-256: {}", cert.sha256);
            }
            let _ = writeln!(
                out,
                "  {}: {} · {}: {}",
                t("report-cert-name-matches"),
                t(if tls.hostname_matches { "report-yes" } else { "report-no" }),
                t("report-cert-trust"),
                t(&format!("check-trust-{}", trust_id(tls.trust)))
            );
        }
    }
    if !report.notices.is_empty() {
        let _ = writeln!(out, "\n{}", t("report-notices"));
        for notice in &report.notices {
            let _ = writeln!(out, "  ! {notice}");
        }
    }
    let _ = writeln!(out);
    match &report.diagnosis {
        Some(d) => {
            let _ = writeln!(out, "{}: {} [{}]", t("report-diagnosis"), d.title, d.kind);
            let _ = writeln!(out, "  {}", d.advice);
            if !d.details.is_empty() {
                let _ =
                    writeln!(out, "  {}", tr_args(lang, "check-server-reply", &[("reply", d.details.clone().into())]));
            }
        }
        None if report.check.ok => {
            let _ = writeln!(out, "{}: {}", t("report-diagnosis"), t("check-all-passed"));
        }
        None => {}
    }
    out
}

/// `Saved account: saved …, changed …; password: in the system keyring` and the last check.
fn saved_account_text(saved: &SavedAccountFacts, lang: Lang) -> String {
    let args = [
        ("saved", account_store::date_text(saved.created_at).into()),
        ("changed", account_store::date_text(saved.updated_at).into()),
        ("password", account_store::password_state_text(saved.password_needed, saved.password_stored, lang).into()),
    ];
    let last_check = account_store::last_check_text(saved.last_check.as_ref(), lang);
    let last_check = tr_args(lang, "report-last-check", &[("result", last_check.into())]);
    format!("{}\n  {last_check}", tr_args(lang, "report-saved-account", &args))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::Protocol;
    use crate::engine::check::{CheckFailure, StepKind, TlsFacts, Trust};

    fn sample_check() -> CheckReport {
        CheckReport {
            ok: false,
            steps: vec![
                CheckStep {
                    server: Protocol::Imap,
                    step: StepKind::Connect,
                    ok: true,
                    ms: 3,
                    detail: "127.0.0.1:993".into(),
                },
                CheckStep {
                    server: Protocol::Imap,
                    step: StepKind::Auth,
                    ok: false,
                    ms: 7,
                    detail: "NO [AUTHENTICATIONFAILED] Authentication failed.".into(),
                },
            ],
            diagnosis: Some(diagnostics::diagnose(
                &CheckFailure::AuthRejected {
                    protocol: Protocol::Imap,
                    host: "imap.yandex.ru".into(),
                    reply: "NO [AUTHENTICATIONFAILED] Authentication failed.".into(),
                },
                None,
                Lang::En,
            )),
            servers: vec![ServerFacts {
                protocol: Some(Protocol::Imap),
                endpoint: "imap.yandex.ru:993".into(),
                capabilities: vec!["IMAP4rev1".into(), "AUTH=PLAIN".into()],
                tls: Some(TlsFacts {
                    trust: Trust::LocalRoot,
                    protocol_version: "TLSv1.3".into(),
                    ..TlsFacts::default()
                }),
                ..ServerFacts::default()
            }],
            password_tested: true,
            ..CheckReport::default()
        }
    }

    #[test]
    fn every_settings_source_is_explained_in_both_languages() {
        use SettingsSource::*;
        for source in [Preset, Ispdb, Autoconfig, Mx, Srv, AutoconfigHttp, Guess, Manual] {
            for lang in Lang::ALL {
                let id = format!("report-source-{}", source.as_str());
                assert_ne!(tr(lang, &id), id, "{lang}: {id} is missing");
            }
        }
    }

    #[test]
    fn the_report_names_version_settings_steps_and_diagnosis_and_flags_interception() {
        let servers = vec![Server::new(
            Protocol::Imap,
            "127.0.0.1",
            993,
            crate::engine::account::Security::Tls,
            "anna@yandex.ru",
        )];
        let check = sample_check();
        let input = ReportInput {
            email: "anna@yandex.ru",
            domain: "yandex.ru",
            source: SettingsSource::Manual,
            provider: crate::engine::provider::presets::by_id("yandex"),
            servers: &servers,
            check: &check,
            lang: Lang::En,
            dns_timeout: Duration::from_millis(300),
        };
        // A DNS server that does not exist: the report still comes out, with the errors noted.
        let net = Net::new(crate::engine::net::NetConfig {
            dns_server: Some("127.0.0.1:9".parse().unwrap()),
            ..Default::default()
        });
        let report = build_report(&input, &net);
        assert_eq!(report.version, crate::VERSION);
        assert_eq!(report.dns.len(), 1, "IP literals need no lookup; the domain's MX is asked");
        assert!(report.dns[0].error.is_some());
        assert_eq!(report.notices.len(), 1, "yandex behind a local root looks intercepted: {:?}", report.notices);
        let text = render_text(&report);
        for needle in [
            crate::VERSION,
            "anna@yandex.ru",
            "127.0.0.1:993",
            "AUTH=PLAIN",
            "protocol_disabled",
            "AUTHENTICATIONFAILED",
            "manual",
        ] {
            assert!(text.contains(needle), "{needle} missing from:\n{text}");
        }
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["diagnosis"]["kind"], "protocol_disabled", "Yandex: wrong password or IMAP off");
        assert_eq!(json["settings"]["source"], "manual");
        assert_eq!(json["check"]["steps"][1]["step"], "auth");
    }

    #[test]
    fn a_saved_account_shows_its_dates_keyring_state_and_last_check_never_a_password() {
        use crate::engine::account::{Account, Protocol, Security};
        let server = |protocol, port| Server::new(protocol, "imap.example.test", port, Security::Tls, "anna");
        let account = Account {
            email: "anna@example.test".into(),
            display_name: String::new(),
            provider_id: None,
            source: SettingsSource::Ispdb,
            incoming: server(Protocol::Imap, 993),
            outgoing: server(Protocol::Smtp, 465),
        };
        let mut stored = StoredAccount::new(account);
        let failed_at: jiff::Timestamp = "2026-03-01T10:20:00Z".parse().unwrap();
        stored.last_check = Some(account_store::CheckSummary {
            ok: false,
            diagnosis_kind: Some("auth_failed".into()),
            checked_at: failed_at,
        });
        let facts = SavedAccountFacts::of(&stored);
        assert!(facts.password_needed && !facts.password_stored);
        let en = saved_account_text(&facts, Lang::En);
        assert!(en.contains("password: not saved"), "{en}");
        let when = account_store::date_text(failed_at);
        assert!(en.contains(&format!("Last check before this report: failed on {when} (auth_failed)")), "{en}");
        let ru = saved_account_text(&facts, Lang::Ru);
        assert!(ru.contains(&format!("Прошлая проверка учётной записи: не прошла {when} (auth_failed)")), "{ru}");
        let json = serde_json::to_value(&facts).unwrap();
        assert_eq!(json["last_check"]["diagnosis_kind"], "auth_failed");
    }
}
