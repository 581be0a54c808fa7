//! Validates every bundled provider file in `presets/` (as embedded in the binary): the schema,
//! the facts' shape (hosts, ports, security, domains, MX patterns, URLs, dates) and the rules the
//! wizard relies on (en+ru texts, a note for every sign-in obstacle, a source for every fact).
//! Each check collects every offending file before failing, so one run shows all problems.

use mailsetup::engine::account::{Protocol, Security};
use mailsetup::engine::email_address::domain_to_ascii;
use mailsetup::engine::embedded::PRESET_FILES;
use mailsetup::engine::provider::presets::{
    self, AuthPolicy, EMAIL_DOMAIN_PLACEHOLDER, Localized, NoteKind, PresetServer, Provider, Step, mx_pattern_matches,
};
use std::collections::HashMap;

/// Port/security pairs outside the standard ones, each with the reason it is right.
const PORT_EXCEPTIONS: &[(&str, u16, Security, &str)] = &[
    ("proton", 1143, Security::Starttls, "Proton Mail Bridge's local IMAP port (proton-bridge default IMAPPort)"),
    ("proton", 1025, Security::Starttls, "Proton Mail Bridge's local SMTP port (proton-bridge default SMTPPort)"),
];

/// Server hosts that are IP addresses rather than DNS names, each with the reason.
const IP_HOST_EXCEPTIONS: &[(&str, &str, &str)] =
    &[("proton", "127.0.0.1", "Proton Mail Bridge runs on the user's own computer")];

/// Every file parsed on its own, so a failure names the file.
fn parsed_files() -> Vec<(&'static str, Provider)> {
    let mut failures = vec![];
    let mut parsed = vec![];
    for (file, text) in PRESET_FILES {
        match serde_json::from_str::<Provider>(text) {
            Ok(p) => parsed.push((*file, p)),
            Err(e) => failures.push(format!("{file}: {e}")),
        }
    }
    assert!(failures.is_empty(), "preset files that do not parse:\n{}", failures.join("\n"));
    parsed
}

fn fail_if_any(what: &str, problems: Vec<String>) {
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

fn steps(p: &Provider) -> impl Iterator<Item = &Step> {
    p.before_login.iter().chain(&p.quirks)
}

fn servers(p: &Provider) -> impl Iterator<Item = &PresetServer> {
    p.incoming.iter().chain(&p.outgoing)
}

fn has_cyrillic(text: &str) -> bool {
    text.chars().any(|c| matches!(c, 'А'..='я' | 'Ё' | 'ё'))
}

#[test]
fn every_preset_file_parses_with_unknown_fields_refused() {
    let parsed = parsed_files();
    assert!(parsed.len() >= 45, "only {} providers", parsed.len());
    assert_eq!(presets::load_errors(), &[] as &[String]);
    assert_eq!(presets::all().len(), parsed.len());
    let with_extra_field = PRESET_FILES[0].1.replacen('{', "{\"surprise\": 1,", 1);
    assert!(serde_json::from_str::<Provider>(&with_extra_field).is_err(), "unknown fields must be refused");
}

#[test]
fn every_id_is_the_file_name_and_made_of_safe_characters() {
    let mut problems = vec![];
    for (file, p) in parsed_files() {
        if file.strip_suffix(".json") != Some(p.id.as_str()) {
            problems.push(format!("{file}: id {:?} differs from the file name", p.id));
        }
        let safe = !p.id.is_empty() && p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !safe {
            problems.push(format!("{file}: id {:?} is not [a-z0-9-]+", p.id));
        }
    }
    fail_if_any("bad ids", problems);
}

#[test]
fn every_name_and_text_exists_in_english_and_russian() {
    let mut problems = vec![];
    let empty = |l: &Localized| l.en.trim().is_empty() || l.ru.trim().is_empty();
    for (file, p) in parsed_files() {
        if empty(&p.name) {
            problems.push(format!("{file}: name needs en and ru"));
        }
        for step in steps(&p) {
            if empty(&step.text) {
                problems.push(format!("{file}: {} text needs en and ru", step.kind.as_str()));
            } else if !has_cyrillic(&step.text.ru) {
                problems.push(format!("{file}: {} ru text is not Russian: {:?}", step.kind.as_str(), step.text.ru));
            } else if has_cyrillic(&step.text.en) {
                problems.push(format!("{file}: {} en text contains Cyrillic", step.kind.as_str()));
            }
        }
    }
    fail_if_any("missing or misplaced translations", problems);
}

#[test]
fn every_domain_is_a_lower_case_ascii_dns_name_claimed_once() {
    let mut problems = vec![];
    let mut owner: HashMap<String, String> = HashMap::new();
    for (file, p) in parsed_files() {
        if p.domains.is_empty() && p.mx_patterns.is_empty() {
            problems.push(format!("{file}: no domains and no MX patterns, so nothing can find it"));
        }
        for d in &p.domains {
            match domain_to_ascii(d) {
                Ok(ascii) if ascii == *d && d.contains('.') => {}
                _ => problems.push(format!("{file}: {d:?} is not a lower-case ASCII domain name")),
            }
            if let Some(other) = owner.insert(d.clone(), p.id.clone()) {
                problems.push(format!("{file}: {d} is also claimed by {other}"));
            }
        }
    }
    fail_if_any("bad domains", problems);
}

#[test]
fn every_mx_pattern_is_well_formed_and_no_mx_host_matches_two_providers() {
    let mut problems = vec![];
    let mut patterns: Vec<(String, String)> = vec![];
    for (file, p) in parsed_files() {
        for pattern in &p.mx_patterns {
            let name = pattern.strip_prefix("*.").unwrap_or(pattern);
            let well_formed = matches!(domain_to_ascii(name), Ok(ascii) if ascii == name)
                && name.contains('.')
                && !name.contains('*');
            if !well_formed {
                problems
                    .push(format!("{file}: MX pattern {pattern:?} is not a host or *.suffix of at least two labels"));
            }
            patterns.push((pattern.clone(), p.id.clone()));
        }
    }
    // Two patterns overlap when some host matches both: then the lookup answer would depend on
    // the order of the files.
    for (i, (a, a_id)) in patterns.iter().enumerate() {
        for (b, b_id) in &patterns[i + 1..] {
            let sample = |pattern: &str| match pattern.strip_prefix("*.") {
                Some(suffix) => format!("x.{suffix}"),
                None => pattern.to_string(),
            };
            let overlap = a == b || mx_pattern_matches(a, &sample(b)) || mx_pattern_matches(b, &sample(a));
            if overlap && a_id != b_id {
                problems.push(format!("MX pattern {a:?} ({a_id}) overlaps {b:?} ({b_id})"));
            }
        }
    }
    fail_if_any("bad MX patterns", problems);
}

#[test]
fn every_server_is_in_the_right_list_with_a_valid_host() {
    let mut problems = vec![];
    for (file, p) in parsed_files() {
        for s in &p.incoming {
            if !s.protocol.is_incoming() {
                problems.push(format!("{file}: {} server {} listed as incoming", s.protocol, s.host));
            }
        }
        for s in &p.outgoing {
            if s.protocol != Protocol::Smtp {
                problems.push(format!("{file}: {} server {} listed as outgoing", s.protocol, s.host));
            }
        }
        if p.incoming.is_empty() != p.outgoing.is_empty() {
            problems.push(format!("{file}: has only one of incoming/outgoing servers"));
        }
        for s in servers(&p) {
            let hosts: Vec<String> = if s.host.contains(EMAIL_DOMAIN_PLACEHOLDER) {
                p.domains.iter().map(|d| s.host_for(d)).collect()
            } else {
                vec![s.host.clone()]
            };
            if hosts.is_empty() {
                problems.push(format!("{file}: {} uses the domain placeholder but the preset has no domains", s.host));
            }
            for host in hosts {
                let is_ip = host.parse::<std::net::IpAddr>().is_ok();
                let allowed_ip = IP_HOST_EXCEPTIONS.iter().any(|(id, ip, _)| *id == p.id && *ip == host);
                let valid_name = matches!(domain_to_ascii(&host), Ok(ascii) if ascii == host) && host.contains('.');
                if (is_ip && !allowed_ip) || (!is_ip && !valid_name) {
                    problems.push(format!("{file}: server host {host:?} is not a lower-case DNS name"));
                }
            }
        }
    }
    fail_if_any("bad servers", problems);
}

#[test]
fn every_port_has_the_security_its_number_implies() {
    let mut problems = vec![];
    for (file, p) in parsed_files() {
        for s in servers(&p) {
            let expected = match (s.protocol, s.port) {
                (Protocol::Imap, 993) | (Protocol::Pop3, 995) | (Protocol::Smtp, 465) => Some(Security::Tls),
                (Protocol::Imap, 143) | (Protocol::Pop3, 110) | (Protocol::Smtp, 587 | 25) => Some(Security::Starttls),
                _ => None,
            };
            let excepted =
                PORT_EXCEPTIONS.iter().any(|&(id, port, sec, _)| id == p.id && port == s.port && sec == s.security);
            if s.security == Security::None {
                problems.push(format!("{file}: {}:{} has no encryption", s.host, s.port));
            } else if expected != Some(s.security) && !excepted {
                problems.push(format!(
                    "{file}: {} {}:{} with {} (expected {}; add a justified exception if this is right)",
                    s.protocol,
                    s.host,
                    s.port,
                    s.security,
                    expected.map_or("a standard port", Security::as_str)
                ));
            }
        }
    }
    fail_if_any("insane port/security pairs", problems);
}

#[test]
fn every_url_is_https_and_every_source_is_named() {
    let mut problems = vec![];
    for (file, p) in parsed_files() {
        for step in steps(&p) {
            if let Some(url) = &step.url {
                let host = url.strip_prefix("https://").and_then(|rest| rest.split(['/', '?', '#']).next());
                let ok = matches!(host, Some(h) if h.contains('.')) && !url.chars().any(char::is_whitespace);
                if !ok {
                    problems.push(format!("{file}: {} link {url:?} is not a plain https URL", step.kind.as_str()));
                }
            }
        }
        if p.sources.is_empty() || p.sources.iter().any(|s| s.trim().is_empty()) {
            problems.push(format!("{file}: every preset needs its sources"));
        }
        for source in &p.sources {
            if source.contains("http://") {
                problems.push(format!("{file}: source cites a plain-http link: {source:?}"));
            }
        }
        if !p.sources.iter().any(|s| {
            s.starts_with("ISPDB ")
                || s.starts_with("chatmail ")
                || s.starts_with("FairEmail ")
                || s.starts_with("ProtonMail/")
        }) {
            problems.push(format!("{file}: no primary source (ISPDB, chatmail, or a named public provider file)"));
        }
        if p.limits.as_ref().is_some_and(|limits| limits.source.trim().is_empty()) {
            problems.push(format!("{file}: sending limits without a source"));
        }
    }
    fail_if_any("bad links or sources", problems);
}

#[test]
fn every_checked_date_is_real_and_not_in_the_future() {
    let today = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let mut problems = vec![];
    for (file, p) in parsed_files() {
        match p.checked.parse::<jiff::civil::Date>() {
            Ok(date) if date <= today && p.checked.len() == 10 => {}
            Ok(date) => problems.push(format!("{file}: checked {date} is in the future or not YYYY-MM-DD")),
            Err(e) => problems.push(format!("{file}: checked {:?} is not a date: {e}", p.checked)),
        }
    }
    fail_if_any("bad checked dates", problems);
}

#[test]
fn every_sign_in_obstacle_is_explained_before_login() {
    let mut problems = vec![];
    for (file, p) in parsed_files() {
        let before = |kind: NoteKind| p.before_login.iter().any(|s| s.kind == kind);
        if p.auth == AuthPolicy::Oauth2Only && !before(NoteKind::Oauth2Only) {
            problems.push(format!("{file}: OAuth2-only provider without an oauth2_only step"));
        }
        if p.incoming.is_empty() && !before(NoteKind::NoImap) {
            problems.push(format!("{file}: no incoming servers but no no_imap step"));
        }
        let local = servers(&p).any(|s| s.host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()));
        if local != before(NoteKind::Bridge) {
            problems.push(format!("{file}: a bridge step goes with (and only with) servers on this computer"));
        }
        for step in steps(&p) {
            let needs_url = matches!(
                step.kind,
                NoteKind::AppPassword | NoteKind::EnableMailClients | NoteKind::NoImap | NoteKind::Bridge
            );
            if needs_url && step.url.is_none() {
                problems.push(format!("{file}: {} step without the page to do it on", step.kind.as_str()));
            }
        }
        if p.username_overrides.keys().any(|proto| !servers(&p).any(|s| s.protocol == *proto)) {
            problems.push(format!("{file}: username override for a protocol it has no server for"));
        }
    }
    fail_if_any("unexplained sign-in obstacles", problems);
}

#[test]
fn every_embedded_file_is_the_file_in_the_repository() {
    // NOTE: build.rs embeds presets/*.json; this proves the embedded set is the checked-in set.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = PRESET_FILES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(embedded, on_disk);
}
