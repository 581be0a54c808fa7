//! Source **guess**: the usual host names on the standard ports, confirmed by talking to them.
//!
//! Incoming: `imap.`, `mail.` and the bare domain on 993 (TLS) and 143 (STARTTLS); `pop3.`,
//! `pop.`, `mail.` and the bare domain on 995 (TLS) and 110 (STARTTLS). Outgoing: `smtp.`, `mail.`
//! and the bare domain on 465 (TLS) and 587 (STARTTLS). Every probe runs in parallel with a short
//! timeout of its own, under the overall deadline.
//!
//! Each candidate is confirmed by [`check::probe`]: the connection check's own steps before login
//! (resolve, connect, TLS, greeting and CAPABILITY / CAPA / EHLO, STARTTLS), so guessing speaks
//! the protocols exactly as the check does. A TLS port counts only after a *verified* TLS
//! handshake and the protocol's greeting. A STARTTLS port counts only when the server advertises
//! STARTTLS (STLS for POP3) *and* the upgrade then completes with a verified handshake: a server
//! that does not offer it is never proposed, because mailsetup never sends a password in the
//! clear. Plaintext is never guessed.
//!
//! Preference: IMAP before POP3, implicit TLS before STARTTLS, then the host order above. The
//! source finishes as soon as the best incoming and the best outgoing candidates are known. The
//! username is the full address; guessed settings always need the user's confirmation.

use crate::engine::account::{Protocol, Security, Server, SettingsSource};
use crate::engine::check::{self, Trust};
use crate::engine::job::Cancel;
use crate::engine::net::remaining;
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};
use crate::engine::provider::race::{self, Slot, Task, best_decided};
use std::time::{Duration, Instant};

/// Longest one probe may take (within the overall deadline).
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// The servers to try for `domain` with the login `username`, incoming and outgoing, each in
/// order of preference.
fn candidates(domain: &str, username: &str) -> (Vec<Server>, Vec<Server>) {
    let host = |prefix: &str| if prefix.is_empty() { domain.to_string() } else { format!("{prefix}.{domain}") };
    let mut incoming = vec![];
    let families: [(Protocol, &[&str]); 2] =
        [(Protocol::Imap, &["imap", "mail", ""]), (Protocol::Pop3, &["pop3", "pop", "mail", ""])];
    for (protocol, prefixes) in families {
        for security in [Security::Tls, Security::Starttls] {
            for prefix in prefixes {
                let port = protocol.default_port(security);
                incoming.push(Server::new(protocol, &host(prefix), port, security, username));
            }
        }
    }
    let mut outgoing = vec![];
    for security in [Security::Tls, Security::Starttls] {
        for prefix in ["smtp", "mail", ""] {
            let port = Protocol::Smtp.default_port(security);
            outgoing.push(Server::new(Protocol::Smtp, &host(prefix), port, security, username));
        }
    }
    (incoming, outgoing)
}

/// Guesses and probes the usual server names.
pub fn find(ctx: &SourceContext) -> Outcome {
    let (incoming, outgoing) = candidates(ctx.email.domain(), &ctx.email.to_ascii_string());
    let incoming_count = incoming.len();
    let probes: Vec<Server> = incoming.into_iter().chain(outgoing).collect();
    let tasks: Vec<Task<Result<(), String>>> = probes
        .iter()
        .map(|server| {
            let ctx = ctx.clone();
            let server = server.clone();
            Box::new(move |stop: &Cancel| run_probe(&ctx, &server, stop)) as Task<_>
        })
        .collect();
    let slots = race::race(
        "guess",
        tasks,
        ctx.deadline,
        &ctx.stop,
        |_, _| {},
        |slots| {
            let (incoming, outgoing) = slots.split_at(incoming_count);
            best_decided(incoming, Result::is_ok).is_some() && best_decided(outgoing, Result::is_ok).is_some()
        },
    );

    let mut found_incoming = vec![];
    let mut found_outgoing = vec![];
    let mut unfinished = false;
    for (slot, server) in slots.iter().zip(probes) {
        match slot {
            Slot::Done(Ok(())) => {
                if server.protocol.is_incoming() { &mut found_incoming } else { &mut found_outgoing }.push(server);
            }
            Slot::Done(Err(reason)) => {
                tracing::debug!(host = %server.host, port = server.port, %reason, "guess probe failed")
            }
            Slot::Pending => unfinished = true,
            Slot::Lost(_) => {}
        }
    }
    let found = Found::from_servers(SettingsSource::Guess, found_incoming, found_outgoing, true, ctx.lang);
    if found.is_complete() {
        Outcome::Found(found)
    } else if unfinished && remaining(ctx.deadline).is_none() {
        Outcome::TimedOut
    } else {
        Outcome::Nothing
    }
}

/// Confirms one candidate with the check's steps before login; the error text says why it does
/// not qualify (for logs).
fn run_probe(ctx: &SourceContext, server: &Server, stop: &Cancel) -> Result<(), String> {
    if stop.is_cancelled() {
        return Err("stopped".into());
    }
    if server.security == Security::None {
        return Err("plaintext is never guessed".into());
    }
    let deadline = ctx.deadline.min(Instant::now() + PROBE_TIMEOUT);
    let facts = check::probe(server, &ctx.net, deadline, stop).map_err(|e| e.to_string())?;
    // NOTE: a probe that passed has finished a verified handshake (the verifier refuses anything
    // else, and a guessed server has no pinned certificate); this only makes the rule explicit.
    match facts.tls.as_ref().map(|tls| tls.trust) {
        Some(Trust::PublicCa | Trust::LocalRoot) => Ok(()),
        _ => Err("no verified TLS session".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_prefer_imap_then_tls_then_the_usual_names() {
        let (incoming, outgoing) = candidates("x.test", "a@x.test");
        let first: Vec<_> = incoming.iter().take(4).map(|p| format!("{}:{}", p.host, p.port)).collect();
        assert_eq!(first, vec!["imap.x.test:993", "mail.x.test:993", "x.test:993", "imap.x.test:143"]);
        assert!(incoming.iter().all(|p| p.security != Security::None));
        assert_eq!(incoming.last().map(|p| (p.host.as_str(), p.port)), Some(("x.test", 110)));
        let ports: Vec<_> = outgoing.iter().map(|p| p.port).collect();
        assert_eq!(ports, vec![465, 465, 465, 587, 587, 587]);
    }
}
