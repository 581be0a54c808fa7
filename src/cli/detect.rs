//! `mailsetup detect EMAIL [--offline] [--timeout SECS] [--json]`: discovery.
//! Exit codes: 0 found, 3 nothing found, 2 bad input.

use super::{EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK, GlobalArgs};
use crate::engine::account::{AuthMethod, Security, Server, SettingsSource};
use crate::engine::email_address::{AddressError, EmailAddress};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::job::{Cancel, Progress};
use crate::engine::net::{Net, read_ca_file};
use crate::engine::provider::discovery::{Discovery, DiscoveryOptions, SourceReport, discover};
use crate::engine::provider::mx::registrable_domain;
use crate::engine::provider::presets::Note;
use clap::Args;
use fluent_bundle::FluentValue;
use std::fmt::Write as _;

#[derive(Debug, Clone, Args)]
pub struct DetectArgs {
    /// The email address to find settings for
    pub email: String,
    /// Use only the bundled provider knowledge; no network
    #[arg(long)]
    pub offline: bool,
    /// Overall deadline in seconds for all network sources
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = super::parse_timeout_secs)]
    pub timeout: std::time::Duration,
    /// Print one JSON document (fields fixed by the contract)
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &DetectArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let email = match EmailAddress::parse(&args.email) {
        Ok(email) => email,
        Err(e) => {
            eprintln!("{}", address_error_text(&e, lang));
            return EXIT_BAD_INPUT;
        }
    };
    let config = global.net_config();
    if let Some(path) = config.ca_file.as_deref().filter(|_| !args.offline) {
        if let Err(e) = read_ca_file(path) {
            eprintln!("{}", e.message(lang));
            return EXIT_BAD_INPUT;
        }
    }
    let options = DiscoveryOptions { timeout: args.timeout, offline: args.offline, net: Net::new(config), lang };
    let discovery = discover(&email, &options, &Progress::discard(), &Cancel::new());
    let printed = if args.json {
        super::print_json(&discovery)
    } else {
        print!("{}", human_text(&discovery, lang));
        EXIT_OK
    };
    // NOTE: a provider with no server for mail programs (i.ua) is "nothing found" for scripts,
    // while the output still names the provider and says why.
    match (printed, discovery.has_servers()) {
        (EXIT_OK, true) => EXIT_OK,
        (EXIT_OK, false) => EXIT_NOT_FOUND,
        (failure, _) => failure,
    }
}

/// The plain-language message for a malformed address (`address-error-<id>` in common.ftl).
pub fn address_error_text(error: &AddressError, lang: Lang) -> String {
    let id = format!("address-error-{}", error.id());
    match error {
        AddressError::BadLocalCharacter { character } => {
            tr_args(lang, &id, &[("character", FluentValue::from(character.to_string()))])
        }
        AddressError::DomainWithoutDot { domain } | AddressError::BadDomain { domain } => {
            tr_args(lang, &id, &[("domain", FluentValue::from(domain.as_str()))])
        }
        _ => tr(lang, &id),
    }
}

fn arg(value: impl ToString) -> FluentValue<'static> {
    FluentValue::from(value.to_string())
}

/// The human-readable report: provider, servers with their security in plain words, where the
/// settings came from (and a request to confirm them when needed), the "before you log in" steps.
pub fn human_text(discovery: &Discovery, lang: Lang) -> String {
    let mut out = String::new();
    if !discovery.is_found() {
        let _ = writeln!(out, "{}", tr_args(lang, "discovery-nothing", &[("domain", arg(&discovery.domain))]));
        let _ = writeln!(out, "\n{}", tr(lang, "discovery-tried"));
        for line in &discovery.sources {
            let _ = writeln!(out, "  • {} — {}", source_text(line.source, lang), status_text(line, lang));
        }
        return out;
    }
    let provider = match &discovery.provider {
        Some(p) => tr_args(lang, "discovery-provider", &[("name", arg(&p.name))]),
        None => tr(lang, "discovery-provider-unknown"),
    };
    let _ = writeln!(out, "{provider}\n");
    for (title, servers) in [("discovery-incoming", &discovery.incoming), ("discovery-outgoing", &discovery.outgoing)] {
        let _ = writeln!(out, "{}", tr(lang, title));
        if servers.is_empty() {
            let _ = writeln!(out, "  {}", tr(lang, "discovery-no-servers"));
        }
        for server in servers {
            let _ = writeln!(out, "  {}", server_text(server, lang));
        }
    }
    if let Some(source) = discovery.source {
        let _ =
            writeln!(out, "\n{}", tr_args(lang, "discovery-found-by", &[("source", arg(source_text(source, lang)))]));
        if discovery.needs_confirmation {
            let domains = server_domains(discovery);
            let args = [("source", arg(source_text(source, lang))), ("domain", arg(domains))];
            let _ = writeln!(out, "\n{}", tr_args(lang, "discovery-confirm", &args));
        }
    }
    if !discovery.notes.is_empty() {
        let _ = writeln!(out, "\n{}", tr(lang, "discovery-before-login"));
        out.push_str(&notes_text(&discovery.notes));
    }
    out
}

/// A provider's notes as numbered lines, each link on its own line under its note.
pub(crate) fn notes_text(notes: &[Note]) -> String {
    let mut out = String::new();
    for (number, note) in notes.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", number + 1, note.text);
        if let Some(url) = &note.url {
            let _ = writeln!(out, "     {url}");
        }
    }
    out
}

fn server_text(server: &Server, lang: Lang) -> String {
    let security = match server.security {
        Security::Tls => tr(lang, "discovery-security-tls"),
        Security::Starttls => tr(lang, "discovery-security-starttls"),
        Security::None => tr(lang, "discovery-security-none"),
    };
    let args = [
        ("protocol", arg(server.protocol.as_str().to_ascii_uppercase())),
        ("host", arg(display_host(&server.host))),
        ("port", arg(server.port)),
        ("security", arg(security)),
    ];
    let mut line = tr_args(lang, "discovery-server", &args);
    let mut login = tr_args(lang, "discovery-login", &[("username", arg(&server.username))]);
    if server.auth != AuthMethod::Password {
        let _ = write!(login, ", {}", tr(lang, &format!("discovery-auth-{}", server.auth.as_str())));
    }
    let _ = write!(line, "\n        {login}");
    line
}

/// A host name as people read it (IDN in Unicode).
fn display_host(host: &str) -> String {
    let (unicode, result) = idna::domain_to_unicode(host);
    if result.is_ok() { unicode } else { host.to_string() }
}

/// The registrable domains of every proposed server, as people read them, without repeats.
pub(crate) fn server_domains(discovery: &Discovery) -> String {
    let mut domains: Vec<String> = vec![];
    for server in discovery.incoming.iter().chain(&discovery.outgoing) {
        let domain = display_host(&registrable_domain(&server.host));
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    domains.join(", ")
}

pub(crate) fn source_text(source: SettingsSource, lang: Lang) -> String {
    tr(lang, &format!("discovery-source-{}", source.as_str()))
}

fn status_text(line: &SourceReport, lang: Lang) -> String {
    match line.status.as_str() {
        "failed" => {
            tr_args(lang, "discovery-status-failed", &[("reason", arg(line.reason.as_deref().unwrap_or_default()))])
        }
        status => tr(lang, &format!("discovery-status-{}", status.replace('_', "-"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::Protocol;

    fn srv_discovery() -> Discovery {
        Discovery {
            email: "ivan@почта.example.test".into(),
            domain: "почта.example.test".into(),
            provider: None,
            source: Some(SettingsSource::Srv),
            needs_confirmation: true,
            incoming: vec![Server::new(Protocol::Imap, "imap.xn--80a1acny.example.test", 993, Security::Tls, "ivan")],
            outgoing: vec![Server::new(Protocol::Smtp, "smtp.hoster.co.uk", 587, Security::Starttls, "ivan")],
            notes: vec![],
            sources: vec![],
        }
    }

    #[test]
    fn confirmation_names_the_source_and_the_server_domains_in_unicode() {
        let text = human_text(&srv_discovery(), Lang::En);
        assert!(
            text.contains("Please confirm: these settings came from your domain's service records (SRV)"),
            "{text}"
        );
        assert!(text.contains("the server is at example.test, hoster.co.uk"), "{text}");
        assert!(text.contains("IMAP  imap.почта.example.test, port 993 — encrypted (TLS)"), "{text}");
        assert!(text.contains("encrypted after connecting (STARTTLS)"), "{text}");
        let ru = human_text(&srv_discovery(), Lang::Ru);
        assert!(ru.contains("Пожалуйста, проверьте"), "{ru}");
        assert!(ru.contains("порт 993 — с шифрованием (TLS)"), "{ru}");
    }

    #[test]
    fn every_address_error_has_a_message_in_both_languages() {
        for input in ["", "anna", "a@b@c.ru", "@x.ru", "a@", "a b@x.ru", "a(b@x.ru", ".a@x.ru", "a@gmail", "a@x,ru"] {
            let error = EmailAddress::parse(input).unwrap_err();
            for lang in Lang::ALL {
                let text = address_error_text(&error, lang);
                assert!(!text.starts_with("address-error-"), "{input:?} in {lang}: {text}");
            }
        }
    }

    #[test]
    fn every_status_and_source_has_words() {
        for lang in Lang::ALL {
            for status in ["found", "nothing", "timed_out", "skipped", "failed"] {
                let line = SourceReport {
                    source: SettingsSource::Ispdb,
                    status: status.into(),
                    ms: 1,
                    reason: Some("x".into()),
                };
                assert!(!status_text(&line, lang).starts_with("discovery-"), "{status} {lang}");
            }
            for source in SettingsSource::ALL {
                assert!(!source_text(source, lang).starts_with("discovery-"), "{source} {lang}");
            }
            for auth in [AuthMethod::EncryptedPassword, AuthMethod::Oauth2, AuthMethod::None, AuthMethod::Password] {
                let id = format!("discovery-auth-{}", auth.as_str());
                assert!(!tr(lang, &id).starts_with("discovery-"), "{id} {lang}");
            }
        }
    }
}
