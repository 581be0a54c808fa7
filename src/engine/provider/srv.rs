//! Source **srv**: RFC 6186 SRV records, with RFC 8314's `_submissions` — `_submissions._tcp`,
//! `_submission._tcp`, `_imaps._tcp`, `_imap._tcp`, `_pop3s._tcp` and `_pop3._tcp`, looked up in
//! parallel. A target of "." means the service is not offered. The `s` services are implicit TLS;
//! the others are STARTTLS, which mailsetup always treats as required (never plaintext).
//!
//! Ranking: implicit TLS above STARTTLS (RFC 8314), then the records' priority (RFC 6186 lets
//! priorities compare IMAP with POP3), then IMAP above POP3, then the higher weight. The username
//! is the full address (RFC 6186 §4). DNS can be spoofed and SRV carries no username form or
//! auth method, so a result from here always needs the user's confirmation.

use crate::engine::account::{Protocol, Security, Server, SettingsSource};
use crate::engine::email_address::domain_to_ascii;
use crate::engine::job::Cancel;
use crate::engine::net::{NetError, SrvRecord};
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};
use crate::engine::provider::race::{self, Slot, Task};

/// The services asked about: (label, protocol, security).
const SERVICES: [(&str, Protocol, Security); 6] = [
    ("_submissions._tcp", Protocol::Smtp, Security::Tls),
    ("_submission._tcp", Protocol::Smtp, Security::Starttls),
    ("_imaps._tcp", Protocol::Imap, Security::Tls),
    ("_imap._tcp", Protocol::Imap, Security::Starttls),
    ("_pop3s._tcp", Protocol::Pop3, Security::Tls),
    ("_pop3._tcp", Protocol::Pop3, Security::Starttls),
];

/// Finds settings in the domain's SRV records.
pub fn find(ctx: &SourceContext) -> Outcome {
    let domain = ctx.email.domain().to_string();
    let tasks: Vec<Task<Result<Vec<SrvRecord>, NetError>>> = SERVICES
        .iter()
        .map(|(label, _, _)| {
            let ctx = ctx.clone();
            let name = format!("{label}.{domain}");
            Box::new(move |_: &Cancel| ctx.net.lookup_srv(&name, ctx.deadline)) as Task<_>
        })
        .collect();
    let slots = race::race("srv", tasks, ctx.deadline, &ctx.stop, |_, _| {}, |_| false);

    let mut candidates = vec![];
    let mut problem: Option<Outcome> = None;
    let mut timed_out = false;
    for (slot, (_, protocol, security)) in slots.into_iter().zip(SERVICES) {
        match slot {
            Slot::Done(Ok(records)) => {
                for record in records {
                    candidates.push((record, protocol, security));
                }
            }
            Slot::Done(Err(e)) => match ctx.dns_outcome(&e) {
                Outcome::TimedOut => timed_out = true,
                failed @ Outcome::Failed { .. } => {
                    problem.get_or_insert(failed);
                }
                _ => {}
            },
            Slot::Pending => timed_out = true,
            Slot::Lost(reason) => {
                problem.get_or_insert(Outcome::Failed { reason });
            }
        }
    }
    let (incoming, outgoing) = servers_from(candidates, &ctx.email.to_ascii_string());
    if !incoming.is_empty() || !outgoing.is_empty() {
        let found = Found::from_servers(SettingsSource::Srv, incoming, outgoing, true, ctx.lang);
        if found.is_complete() {
            return Outcome::Found(found);
        }
    }
    match (problem, timed_out) {
        (Some(failed), _) => failed,
        (None, true) => Outcome::TimedOut,
        (None, false) => Outcome::Nothing,
    }
}

/// Ranks the records (see the module header) and turns them into servers; "." targets, bad
/// names, port 0 and duplicates are dropped.
fn servers_from(mut candidates: Vec<(SrvRecord, Protocol, Security)>, username: &str) -> (Vec<Server>, Vec<Server>) {
    candidates.sort_by_key(|(record, protocol, security)| {
        (*security != Security::Tls, record.priority, *protocol != Protocol::Imap, std::cmp::Reverse(record.weight))
    });
    let mut incoming: Vec<Server> = vec![];
    let mut outgoing: Vec<Server> = vec![];
    for (record, protocol, security) in candidates {
        if record.target.is_empty() || record.port == 0 {
            continue;
        }
        let Ok(host) = domain_to_ascii(&record.target) else { continue };
        let server = Server::new(protocol, &host, record.port, security, username);
        let list = if protocol.is_incoming() { &mut incoming } else { &mut outgoing };
        if !list.iter().any(|s| s.protocol == server.protocol && s.host == server.host && s.port == server.port) {
            list.push(server);
        }
    }
    (incoming, outgoing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(priority: u16, weight: u16, port: u16, target: &str) -> SrvRecord {
        SrvRecord { priority, weight, port, target: target.into() }
    }

    #[test]
    fn implicit_tls_ranks_above_starttls_and_dot_means_not_offered() {
        let (incoming, outgoing) = servers_from(
            vec![
                (record(0, 0, 143, "imap.x.test"), Protocol::Imap, Security::Starttls),
                (record(10, 0, 993, "imap.x.test"), Protocol::Imap, Security::Tls),
                (record(0, 0, 0, ""), Protocol::Pop3, Security::Tls),
                (record(0, 0, 587, "smtp.x.test"), Protocol::Smtp, Security::Starttls),
                (record(5, 0, 465, "smtp.x.test"), Protocol::Smtp, Security::Tls),
            ],
            "a@x.test",
        );
        let specs: Vec<_> = incoming.iter().map(Server::spec).collect();
        assert_eq!(specs, vec!["imap.x.test:993:tls", "imap.x.test:143:starttls"]);
        let specs: Vec<_> = outgoing.iter().map(Server::spec).collect();
        assert_eq!(specs, vec!["smtp.x.test:465:tls", "smtp.x.test:587:starttls"]);
        assert_eq!(incoming[0].username, "a@x.test");
    }

    #[test]
    fn srv_priority_decides_between_imap_and_pop3() {
        let (incoming, _) = servers_from(
            vec![
                (record(20, 0, 993, "imap.x.test"), Protocol::Imap, Security::Tls),
                (record(10, 0, 995, "pop.x.test"), Protocol::Pop3, Security::Tls),
                (record(10, 0, 993, "imap2.x.test"), Protocol::Imap, Security::Tls),
                (record(10, 5, 993, "imap3.x.test"), Protocol::Imap, Security::Tls),
            ],
            "a@x.test",
        );
        let hosts: Vec<_> = incoming.iter().map(|s| s.host.as_str()).collect();
        assert_eq!(hosts, vec!["imap3.x.test", "imap2.x.test", "pop.x.test", "imap.x.test"]);
    }

    #[test]
    fn starttls_services_are_never_plaintext() {
        for (_, _, security) in SERVICES {
            assert_ne!(security, Security::None);
        }
    }
}
