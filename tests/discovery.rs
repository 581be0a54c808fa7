//! Discovery against real services on loopback: a real DNS server (hickory-server), a real
//! HTTP(S) server with a test CA, real IMAP/POP3/SMTP listeners with TLS and STARTTLS, and black
//! holes. The engine reaches them only through `NetConfig` (the `--dns-server`, `--ca-file` and
//! `--ispdb-url` seams).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod discovery_support;

use discovery_support::{MailSpec, Reply, World, dns_black_hole, fixture, tcp_black_hole, world};
use mailsetup::engine::account::{Protocol, SettingsSource};
use mailsetup::engine::email_address::EmailAddress;
use mailsetup::engine::i18n::Lang;
use mailsetup::engine::job::{Cancel, Job, Poll, Progress};
use mailsetup::engine::net::{Net, NetConfig};
use mailsetup::engine::provider::discovery::{Discovery, DiscoveryEvent, DiscoveryOptions, SourceStatus, discover};
use mailsetup::engine::provider::presets::NoteKind;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// This binary's slice of 127.0.10.0/24.
const BLOCK: u8 = 0;
/// The budget the pipeline may take beyond its deadline (DESIGN.md: deadline + 0.3 s).
const DEADLINE_SLACK: Duration = Duration::from_millis(300);

fn w() -> &'static World {
    world(BLOCK)
}

struct Run {
    discovery: Discovery,
    events: Vec<DiscoveryEvent>,
    elapsed: Duration,
}

impl Run {
    fn status(&self, source: SettingsSource) -> &str {
        &self.discovery.sources.iter().find(|s| s.source == source).unwrap_or_else(|| panic!("no {source} line")).status
    }

    fn reason(&self, source: SettingsSource) -> String {
        self.discovery.sources.iter().find(|s| s.source == source).and_then(|s| s.reason.clone()).unwrap_or_default()
    }

    fn specs(&self, incoming: bool) -> Vec<String> {
        let servers = if incoming { &self.discovery.incoming } else { &self.discovery.outgoing };
        servers.iter().map(|s| s.spec()).collect()
    }
}

fn run_with(email: &str, config: NetConfig, timeout: Duration, offline: bool) -> Run {
    let email = EmailAddress::parse(email).unwrap();
    let options = DiscoveryOptions { timeout, offline, net: Net::new(config), lang: Lang::En };
    let (progress, receiver) = Progress::channel();
    let started = Instant::now();
    let discovery = discover(&email, &options, &progress, &Cancel::new());
    let elapsed = started.elapsed();
    let events = receiver.try_iter().collect();
    Run { discovery, events, elapsed }
}

fn run(email: &str) -> Run {
    run_with(email, w().net_config(), Duration::from_secs(5), false)
}

/// Every source reports Started, then exactly one terminal status, and the JSON lines agree.
fn assert_events_complete(run: &Run) {
    for line in &run.discovery.sources {
        let statuses: Vec<_> = run.events.iter().filter(|e| e.source == line.source).map(|e| &e.status).collect();
        assert_eq!(statuses.first(), Some(&&SourceStatus::Started), "{}: {statuses:?}", line.source);
        assert_eq!(statuses.len(), 2, "{}: {statuses:?}", line.source);
        assert_eq!(statuses[1].as_str(), line.status, "{}", line.source);
    }
}

#[test]
fn the_ispdb_entry_of_a_domain_wins_with_its_notes() {
    let w = w();
    w.serve_ispdb("ispdb-wins.test", Reply::xml("valid.xml"));
    let run = run("anna@ispdb-wins.test");
    assert_eq!(run.discovery.source, Some(SettingsSource::Ispdb));
    assert!(!run.discovery.needs_confirmation);
    assert_eq!(run.specs(true), vec!["imap.example-isp.test:993:tls", "pop.example-isp.test:995:tls"]);
    assert_eq!(run.specs(false), vec!["smtp.example-isp.test:587:starttls"]);
    assert_eq!(run.discovery.incoming[0].username, "anna@ispdb-wins.test");
    let enable = run.discovery.notes.iter().find(|n| n.kind == NoteKind::EnableMailClients).expect("enable note");
    assert_eq!(enable.url.as_deref(), Some("https://mail.example-isp.test/settings/clients"));
    assert!(run.discovery.notes.iter().any(|n| n.kind == NoteKind::Info));
    assert_eq!(run.discovery.provider, None);
    assert!(run.elapsed < Duration::from_secs(2), "the best source answered, so nothing else is waited for");
    assert_events_complete(&run);
}

#[test]
fn the_providers_own_autoconfig_file_wins_over_srv_records() {
    let w = w();
    let domain = "own-autoconfig.test";
    w.host_on_web(&format!("autoconfig.{domain}"));
    w.serve(&format!("https://autoconfig.{domain}/mail/config-v1.1.xml"), Reply::xml("placeholder.xml"));
    w.add_srv(&format!("_imaps._tcp.{domain}"), 0, 0, 993, "srv-imap.own-autoconfig.test");
    w.add_srv(&format!("_submissions._tcp.{domain}"), 0, 0, 465, "srv-smtp.own-autoconfig.test");
    let run = run(&format!("boris@{domain}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Autoconfig));
    assert!(!run.discovery.needs_confirmation);
    assert_eq!(run.specs(true), vec!["imap.own-autoconfig.test:993:tls"]);
    assert_eq!(run.discovery.incoming[0].username, "boris", "%EMAILLOCALPART% was filled in");
    let seen = w.requests_for(&format!("autoconfig.{domain}"));
    assert!(
        seen.iter().any(|s| s.https && s.target == "/mail/config-v1.1.xml?emailaddress=boris%40own-autoconfig.test"),
        "{seen:?}"
    );
    assert_events_complete(&run);
}

#[test]
fn the_well_known_url_is_used_when_there_is_no_autoconfig_host() {
    let w = w();
    let domain = "well-known.test";
    w.host_on_web(domain);
    w.serve(&format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"), Reply::xml("valid.xml"));
    let run = run(&format!("vera@{domain}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Autoconfig));
    assert_eq!(run.discovery.incoming[0].host, "imap.example-isp.test");
}

#[test]
fn the_autoconfig_host_beats_the_well_known_url_even_when_it_answers_later() {
    let w = w();
    let domain = "two-urls.test";
    w.host_on_web(domain);
    w.host_on_web(&format!("autoconfig.{domain}"));
    w.serve(
        &format!("https://autoconfig.{domain}/mail/config-v1.1.xml"),
        Reply::Delayed(Duration::from_millis(700), Box::new(Reply::xml("placeholder.xml"))),
    );
    w.serve(&format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"), Reply::xml("valid.xml"));
    let run = run(&format!("gleb@{domain}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Autoconfig));
    assert_eq!(run.discovery.incoming[0].host, "imap.two-urls.test", "the first URL's file, not the faster one");
}

#[test]
fn an_mx_at_a_known_provider_gives_that_providers_preset() {
    let w = w();
    w.add_mx("corp-at-yandex.test", 10, "mx.yandex.net");
    let run = run("lena@corp-at-yandex.test");
    assert_eq!(run.discovery.source, Some(SettingsSource::Mx));
    assert_eq!(run.discovery.provider.as_ref().map(|p| p.id.as_str()), Some("yandex"));
    assert!(!run.discovery.needs_confirmation, "a preset needs no confirmation");
    assert_eq!(run.discovery.incoming[0].host, "imap.yandex.ru");
    assert_eq!(run.discovery.incoming[0].username, "lena@corp-at-yandex.test");
    assert!(run.discovery.notes.iter().any(|n| n.kind == NoteKind::AppPassword));
    assert_events_complete(&run);
}

#[test]
fn an_mx_at_a_hoster_uses_the_hosters_ispdb_entry_and_asks_for_confirmation() {
    let w = w();
    w.add_mx("shop.customer-of-hoster.test", 10, "mx1.hoster-mx.test");
    w.add_mx("shop.customer-of-hoster.test", 20, "mx2.other-mx.test");
    w.serve_ispdb("hoster-mx.test", Reply::xml("placeholder.xml"));
    let run = run("kira@shop.customer-of-hoster.test");
    assert_eq!(run.discovery.source, Some(SettingsSource::Mx));
    assert!(run.discovery.needs_confirmation, "the MX is in an unrelated domain");
    assert_eq!(run.specs(true), vec!["imap.shop.customer-of-hoster.test:993:tls"]);
    assert!(!w.requests_for(discovery_support::ISPDB_HOST).iter().any(|s| s.target.ends_with("other-mx.test")));

    // An MX in the address's own registrable domain needs no confirmation.
    w.add_mx("branch.related-mx.test", 10, "mx.related-mx.test");
    w.serve_ispdb("related-mx.test", Reply::xml("valid.xml"));
    let related = run_with("ivan@branch.related-mx.test", w.net_config(), Duration::from_secs(5), false);
    assert_eq!(related.discovery.source, Some(SettingsSource::Mx));
    assert!(!related.discovery.needs_confirmation);
}

#[test]
fn srv_records_give_implicit_tls_first_and_always_need_confirmation() {
    let w = w();
    let d = "srv-only.test";
    w.add_srv(&format!("_imap._tcp.{d}"), 0, 0, 143, "mail.srv-only.test");
    w.add_srv(&format!("_imaps._tcp.{d}"), 10, 0, 993, "mail.srv-only.test");
    w.add_srv(&format!("_pop3s._tcp.{d}"), 0, 0, 0, ".");
    w.add_srv(&format!("_submission._tcp.{d}"), 0, 0, 587, "smtp.srv-only.test");
    w.add_srv(&format!("_submissions._tcp.{d}"), 0, 0, 465, "smtp.srv-only.test");
    let run = run(&format!("olga@{d}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Srv));
    assert!(run.discovery.needs_confirmation);
    assert_eq!(run.specs(true), vec!["mail.srv-only.test:993:tls", "mail.srv-only.test:143:starttls"]);
    assert_eq!(run.specs(false), vec!["smtp.srv-only.test:465:tls", "smtp.srv-only.test:587:starttls"]);
    assert!(run.discovery.incoming.iter().all(|s| s.protocol == Protocol::Imap), "\".\" means POP3 is not offered");
    assert_eq!(run.discovery.incoming[0].username, "olga@srv-only.test");
    assert_events_complete(&run);
}

#[test]
fn plain_http_autoconfig_is_used_but_flagged() {
    let w = w();
    let d = "http-only.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.serve(&format!("http://autoconfig.{d}/mail/config-v1.1.xml"), Reply::xml("valid.xml"));
    let run = run(&format!("pavel@{d}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::AutoconfigHttp));
    assert!(run.discovery.needs_confirmation);
    assert_eq!(run.status(SettingsSource::Autoconfig), "nothing", "https got a 404");
}

#[test]
fn guessing_proposes_only_servers_that_really_answer_with_verified_tls() {
    let w = w();
    let d = "guess-tls.test";
    let mail = w.mail_listeners(MailSpec { imaps: true, smtps: true, ..MailSpec::default() });
    w.add_a(&format!("imap.{d}"), mail.ip);
    w.add_a(&format!("smtp.{d}"), mail.ip);
    let run = run(&format!("rita@{d}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Guess));
    assert!(run.discovery.needs_confirmation);
    assert_eq!(run.specs(true).first().map(String::as_str), Some("imap.guess-tls.test:993:tls"));
    assert_eq!(run.specs(false).first().map(String::as_str), Some("smtp.guess-tls.test:465:tls"));
    assert_events_complete(&run);
}

#[test]
fn a_starttls_port_that_does_not_offer_starttls_is_never_proposed() {
    let w = w();
    let d = "guess-starttls.test";
    let mail = w.mail_listeners(MailSpec {
        imap_starttls: Some(false),
        pop3_starttls: Some(true),
        submission_starttls: Some(true),
        ..MailSpec::default()
    });
    for host in ["imap", "pop3", "smtp"] {
        w.add_a(&format!("{host}.{d}"), mail.ip);
    }
    let run = run(&format!("semyon@{d}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Guess));
    assert_eq!(run.specs(true), vec!["pop3.guess-starttls.test:110:starttls"], "IMAP on 143 lacks STARTTLS");
    assert_eq!(run.specs(false), vec!["smtp.guess-starttls.test:587:starttls"]);
    let commands = mail.commands();
    assert!(commands.iter().any(|(port, c)| *port == 143 && c.ends_with("CAPABILITY")), "143 was probed: {commands:?}");
    assert!(!commands.iter().any(|(port, c)| *port == 143 && c.contains("STARTTLS")));
    assert!(commands.iter().any(|(port, c)| *port == 110 && c == "STLS"), "{commands:?}");
}

#[test]
fn a_slow_higher_priority_source_beats_a_fast_lower_one() {
    let w = w();
    let d = "slow-ispdb.test";
    w.serve_ispdb(d, Reply::Delayed(Duration::from_millis(1_200), Box::new(Reply::xml("valid.xml"))));
    w.add_srv(&format!("_imaps._tcp.{d}"), 0, 0, 993, "imap.slow-ispdb.test");
    w.add_srv(&format!("_submissions._tcp.{d}"), 0, 0, 465, "smtp.slow-ispdb.test");
    let run = run(&format!("yuri@{d}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Ispdb));
    assert_eq!(run.status(SettingsSource::Srv), "found");
    let found_at = |source| {
        run.events
            .iter()
            .find(|e| e.source == source && e.status == SourceStatus::Found)
            .map(|e| e.elapsed_ms)
            .unwrap_or_else(|| panic!("{source} found nothing"))
    };
    assert!(found_at(SettingsSource::Srv) < found_at(SettingsSource::Ispdb), "SRV arrived first and still lost");
    assert!(run.elapsed >= Duration::from_millis(1_200));
}

#[test]
fn once_the_best_source_answers_nothing_slower_is_waited_for() {
    let w = w();
    let d = "fast-best.test";
    w.serve_ispdb(d, Reply::xml("valid.xml"));
    // Every other source would hang: its hosts lead into the black hole.
    for host in
        [format!("autoconfig.{d}"), d.to_string(), format!("imap.{d}"), format!("mail.{d}"), format!("smtp.{d}")]
    {
        w.add_a(&host, w.black_hole_ip);
    }
    let run = run_with(&format!("zoya@{d}"), w.net_config(), Duration::from_secs(4), false);
    assert_eq!(run.discovery.source, Some(SettingsSource::Ispdb));
    assert!(run.elapsed < Duration::from_secs(1), "took {:?}", run.elapsed);
    assert_eq!(run.status(SettingsSource::Guess), "skipped");
    assert_events_complete(&run);
}

#[test]
fn the_deadline_holds_when_every_source_is_black_holed() {
    let w = w();
    let dns = dns_black_hole(w.black_hole_ip);
    let config = NetConfig {
        dns_server: Some(dns.addr),
        ca_file: Some(w.ca_file.clone()),
        ispdb_url: Some(format!("https://{}/v1.1/", w.black_hole_ip)),
    };
    let deadline = Duration::from_millis(1_500);
    let run = run_with("mark@everything-silent.test", config, deadline, false);
    assert!(run.elapsed <= deadline + DEADLINE_SLACK, "took {:?}", run.elapsed);
    assert!(run.elapsed >= deadline - Duration::from_millis(50));
    assert!(!run.discovery.is_found());
    assert!(run.discovery.incoming.is_empty() && run.discovery.outgoing.is_empty());
    for line in &run.discovery.sources[1..] {
        assert_eq!(line.status, "timed_out", "{}", line.source);
    }
    assert!(dns.received() > 0, "the DNS black hole was asked");
    assert_events_complete(&run);
}

#[test]
fn listeners_that_accept_and_never_answer_do_not_stretch_the_deadline() {
    let w = w();
    let d = "silent-listeners.test";
    w.serve_ispdb(d, Reply::Hang);
    for host in [
        format!("autoconfig.{d}"),
        d.to_string(),
        format!("imap.{d}"),
        format!("mail.{d}"),
        format!("pop.{d}"),
        format!("pop3.{d}"),
        format!("smtp.{d}"),
    ] {
        w.add_a(&host, w.black_hole_ip);
    }
    let deadline = Duration::from_millis(1_500);
    let run = run_with(&format!("nina@{d}"), w.net_config(), deadline, false);
    assert!(run.elapsed <= deadline + DEADLINE_SLACK, "took {:?}", run.elapsed);
    assert!(!run.discovery.is_found());
    for source in
        [SettingsSource::Ispdb, SettingsSource::Autoconfig, SettingsSource::AutoconfigHttp, SettingsSource::Guess]
    {
        assert_eq!(run.status(source), "timed_out", "{source}");
    }
    assert_eq!(run.status(SettingsSource::Mx), "nothing");
    assert_eq!(run.status(SettingsSource::Srv), "nothing");
}

#[test]
fn an_entity_bomb_is_refused_at_once_with_a_clear_reason() {
    let w = w();
    w.serve_ispdb("bomb.test", Reply::xml("entity-bomb.xml"));
    let run = run("eve@bomb.test");
    assert!(!run.discovery.is_found());
    assert_eq!(run.status(SettingsSource::Ispdb), "failed");
    let reason = run.reason(SettingsSource::Ispdb);
    assert!(reason.contains("rejected") && reason.contains("DTD"), "{reason}");
    assert!(run.elapsed < Duration::from_secs(2), "no hang: {:?}", run.elapsed);
}

#[test]
fn malformed_xml_is_a_failure_with_a_reason_not_a_crash() {
    let w = w();
    w.serve_ispdb("malformed.test", Reply::xml("malformed.xml"));
    let run = run("max@malformed.test");
    assert_eq!(run.status(SettingsSource::Ispdb), "failed");
    assert!(run.reason(SettingsSource::Ispdb).contains("malformed XML"), "{}", run.reason(SettingsSource::Ispdb));
}

#[test]
fn a_huge_file_is_refused_while_reading_and_by_its_announced_length() {
    let w = w();
    let d = "huge.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.host_on_web(d);
    let chunk = b"<!-- padding padding padding padding padding padding padding padding -->\n".repeat(900);
    w.serve(
        &format!("https://autoconfig.{d}/mail/config-v1.1.xml"),
        Reply::Trickle { chunk, interval: Duration::from_millis(20), total_bytes: 3 * 1024 * 1024 },
    );
    w.serve(
        &format!("https://{d}/.well-known/autoconfig/mail/config-v1.1.xml"),
        Reply::AnnouncedLength(2 * 1024 * 1024),
    );
    let run = run(&format!("ada@{d}"));
    assert_eq!(run.status(SettingsSource::Autoconfig), "failed");
    assert!(
        run.reason(SettingsSource::Autoconfig).contains("larger than 1024 KiB"),
        "{}",
        run.reason(SettingsSource::Autoconfig)
    );
    assert!(run.elapsed < Duration::from_secs(4), "{:?}", run.elapsed);
}

#[test]
fn a_server_that_trickles_forever_is_cut_off_at_the_deadline() {
    let w = w();
    let d = "trickle.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.serve(
        &format!("https://autoconfig.{d}/mail/config-v1.1.xml"),
        Reply::Trickle { chunk: b"<".to_vec(), interval: Duration::from_millis(100), total_bytes: 10_000 },
    );
    let deadline = Duration::from_millis(1_500);
    let run = run_with(&format!("ted@{d}"), w.net_config(), deadline, false);
    assert!(run.elapsed <= deadline + DEADLINE_SLACK, "took {:?}", run.elapsed);
    assert_eq!(run.status(SettingsSource::Autoconfig), "timed_out");
}

#[test]
fn an_https_redirect_to_plain_http_is_refused() {
    let w = w();
    let d = "downgrade.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.serve(
        &format!("https://autoconfig.{d}/mail/config-v1.1.xml"),
        Reply::Redirect(format!("http://autoconfig.{d}/config.xml")),
    );
    w.serve(&format!("http://autoconfig.{d}/config.xml"), Reply::xml("valid.xml"));
    let run = run(&format!("ian@{d}"));
    assert_eq!(run.status(SettingsSource::Autoconfig), "failed");
    assert!(
        run.reason(SettingsSource::Autoconfig).contains("unencrypted"),
        "{}",
        run.reason(SettingsSource::Autoconfig)
    );
    assert!(!w.requests_for(&format!("autoconfig.{d}")).iter().any(|s| s.target == "/config.xml"), "not followed");
}

#[test]
fn an_https_redirect_to_https_is_followed() {
    let w = w();
    let d = "moved.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.host_on_web(&format!("files.{d}"));
    w.serve(
        &format!("https://autoconfig.{d}/mail/config-v1.1.xml"),
        Reply::Redirect(format!("https://files.{d}/cfg.xml")),
    );
    w.serve(&format!("https://files.{d}/cfg.xml"), Reply::xml("valid.xml"));
    let run = run(&format!("lev@{d}"));
    assert_eq!(run.discovery.source, Some(SettingsSource::Autoconfig));
    assert!(!run.discovery.needs_confirmation);
}

#[test]
fn an_untrusted_certificate_is_a_failure_not_a_result() {
    let w = w();
    let d = "bad-cert.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.untrust(&format!("autoconfig.{d}"));
    w.serve(&format!("https://autoconfig.{d}/mail/config-v1.1.xml"), Reply::xml("valid.xml"));
    let run = run(&format!("oleg@{d}"));
    assert_eq!(run.status(SettingsSource::Autoconfig), "failed");
    assert!(
        run.reason(SettingsSource::Autoconfig).contains("could not be verified"),
        "{}",
        run.reason(SettingsSource::Autoconfig)
    );
}

#[test]
fn a_file_that_is_not_served_as_xml_is_ignored() {
    let w = w();
    let d = "html.test";
    w.host_on_web(&format!("autoconfig.{d}"));
    w.serve(
        &format!("https://autoconfig.{d}/mail/config-v1.1.xml"),
        Reply::Body { content_type: "text/html", body: fixture("valid.xml") },
    );
    let run = run(&format!("ada@{d}"));
    assert_eq!(run.status(SettingsSource::Autoconfig), "nothing");
}

#[test]
fn offline_discovery_of_an_unknown_domain_touches_no_network() {
    let w = w();
    let dns = dns_black_hole(w.black_hole_ip);
    let web = tcp_black_hole(SocketAddr::from((w.black_hole_ip, 0)));
    let config = NetConfig {
        dns_server: Some(dns.addr),
        ca_file: Some(w.ca_file.clone()),
        ispdb_url: Some(format!("https://{}/", web.addr)),
    };
    let run = run_with("a@unknown-offline.test", config, Duration::from_secs(5), true);
    assert!(!run.discovery.is_found());
    assert!(run.elapsed < Duration::from_millis(100));
    assert!(run.discovery.sources[1..].iter().all(|s| s.status == "skipped"));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!((dns.received(), web.received()), (0, 0), "nothing was sent anywhere");
    assert_events_complete(&run);
}

#[test]
fn a_preset_domain_answers_instantly_even_with_the_network_black_holed() {
    let w = w();
    let dns = dns_black_hole(w.black_hole_ip);
    let web = tcp_black_hole(SocketAddr::from((w.black_hole_ip, 0)));
    let config =
        NetConfig { dns_server: Some(dns.addr), ca_file: None, ispdb_url: Some(format!("https://{}/", web.addr)) };
    let run = run_with("anna@yandex.ru", config, Duration::from_secs(5), false);
    assert_eq!(run.discovery.source, Some(SettingsSource::Preset));
    assert!(run.elapsed < Duration::from_millis(50), "took {:?}", run.elapsed);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!((dns.received(), web.received()), (0, 0), "a preset needs no network");
}

#[test]
fn an_idn_domain_goes_over_the_wire_in_punycode_and_reads_in_unicode() {
    let w = w();
    let ascii = "xn--80a1acny.idn-example.test";
    w.serve_ispdb(ascii, Reply::xml("placeholder.xml"));
    let run = run("ivan@почта.idn-example.test");
    assert_eq!(run.discovery.source, Some(SettingsSource::Ispdb));
    assert_eq!(run.discovery.domain, "почта.idn-example.test");
    assert_eq!(run.discovery.email, "ivan@почта.idn-example.test");
    assert_eq!(run.discovery.incoming[0].host, format!("imap.{ascii}"));
    assert_eq!(run.discovery.outgoing[0].username, format!("ivan@{ascii}"));
    let seen = w.requests_for(discovery_support::ISPDB_HOST);
    assert!(seen.iter().any(|s| s.target == format!("/v1.1/{ascii}")), "{seen:?}");
}

#[test]
fn cancelling_a_running_discovery_returns_promptly() {
    let w = w();
    let dns = dns_black_hole(w.black_hole_ip);
    let config = NetConfig {
        dns_server: Some(dns.addr),
        ca_file: Some(w.ca_file.clone()),
        ispdb_url: Some(format!("https://{}/v1.1/", w.black_hole_ip)),
    };
    let email = EmailAddress::parse("nora@cancelled.test").unwrap();
    let options =
        DiscoveryOptions { timeout: Duration::from_secs(30), offline: false, net: Net::new(config), lang: Lang::En };
    let mut job: Job<Discovery, DiscoveryEvent> =
        Job::spawn("discovery-job", Arc::new(|| {}), move |progress, cancel| {
            discover(&email, &options, progress, cancel)
        })
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let cancelled_at = Instant::now();
    job.cancel();
    let discovery = loop {
        match job.poll() {
            Poll::Running if cancelled_at.elapsed() < Duration::from_secs(5) => {
                std::thread::sleep(Duration::from_millis(2))
            }
            Poll::Done(d) => break d,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert!(cancelled_at.elapsed() < Duration::from_millis(150), "took {:?}", cancelled_at.elapsed());
    assert!(!discovery.is_found());
    assert!(discovery.sources[1..].iter().all(|s| s.status == "skipped"), "{:?}", discovery.sources);
    let events = job.drain_events();
    assert!(events.iter().filter(|e| e.status.is_terminal()).count() >= 7);
}
