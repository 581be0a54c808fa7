//! The SMTP check: greeting, EHLO capabilities, STARTTLS (required when configured; refused
//! before any password when not advertised), AUTH PLAIN or LOGIN (whichever the server offers),
//! and sending the test message from the account to itself.
//!
//! NOTE: lettre's high-level `SmtpConnection::connect` does TCP, TLS, greeting and EHLO in one
//! call and takes TLS settings only as `TlsParameters`, which cannot carry a custom rustls
//! verifier. The check needs each step timed on its own and its own verifier (certificate facts
//! for the report, pinned certificates), so the connection is ours (`wire::Conn`) and lettre
//! provides the protocol pieces: the command types (`Ehlo`, `Starttls`, `Auth`, `Mail`, `Rcpt`,
//! `Data`, `Quit`), AUTH PLAIN/LOGIN encoding (`Mechanism`, `Credentials`), reply parsing for SASL
//! challenges, and the message itself (`test_message.rs`).

use super::test_message::TestMessage;
use super::wire::{Conn, WireError};
use super::{CheckFailure, SendStage, ServerRun, StepKind, protocol_label};
use crate::engine::account::Security;
use crate::engine::i18n::tr_args;
use crate::engine::secrets::Password;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::commands::{Auth, Data, Ehlo, Mail, Quit, Rcpt, Starttls};
use lettre::transport::smtp::extension::{ClientId, MailParameter};
use std::net::IpAddr;
use std::time::Instant;

/// Most lines accepted in one reply (an EHLO reply has about a dozen).
const MAX_REPLY_LINES: usize = 200;

/// An SMTP reply: the code and its text lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) code: u16,
    pub(crate) lines: Vec<String>,
}

impl Reply {
    /// `553 5.7.1 Sender address rejected …` — the whole reply on one line, as people quote it.
    pub(crate) fn text(&self) -> String {
        format!("{} {}", self.code, self.lines.join(" ")).trim_end().to_string()
    }

    fn is(&self, code: u16) -> bool {
        self.code == code
    }
}

/// Why a reply could not be read.
enum ReadError {
    Wire(WireError),
    /// Not an SMTP reply at all (another protocol on this port?).
    Garbled(String),
}

fn read_reply(conn: &mut Conn) -> Result<Reply, ReadError> {
    let mut lines = vec![];
    loop {
        let line = conn.read_line().map_err(ReadError::Wire)?;
        let code = line.get(..3).filter(|c| c.bytes().all(|b| b.is_ascii_digit())).and_then(|c| c.parse::<u16>().ok());
        let Some(code) = code else {
            return Err(ReadError::Garbled(line));
        };
        let separator = line.as_bytes().get(3).copied();
        lines.push(line.get(4..).unwrap_or_default().to_string());
        if separator != Some(b'-') {
            return Ok(Reply { code, lines });
        }
        if lines.len() >= MAX_REPLY_LINES {
            return Err(ReadError::Wire(WireError::TooLong));
        }
    }
}

fn command(conn: &mut Conn, command: &impl std::fmt::Display) -> Result<Reply, ReadError> {
    let text = command.to_string();
    conn.write_line(text.trim_end()).map_err(ReadError::Wire)?;
    read_reply(conn)
}

/// Sends a command that carries credentials (never logged) and reads the reply.
fn secret_command(conn: &mut Conn, command: &impl std::fmt::Display, log_as: &str) -> Result<Reply, ReadError> {
    let text = zeroize::Zeroizing::new(command.to_string());
    conn.write_secret(text.as_bytes(), log_as).map_err(ReadError::Wire)?;
    read_reply(conn)
}

/// Checks one SMTP server. Returns when the test message was accepted (`Some(time)`), if one
/// was given and a password allowed sending it.
pub(crate) fn check(
    run: &mut ServerRun<'_>,
    password: Option<&Password>,
    message: Option<&TestMessage>,
) -> Result<Option<Instant>, CheckFailure> {
    let mut conn = run.open()?;
    if let Some(password) = password {
        conn.hide_in_logs(password.expose());
    }
    let client_id = client_id(conn.local_ip());

    let started = Instant::now();
    let greeting = match read_reply(&mut conn) {
        Ok(reply) => reply,
        Err(e) => return Err(fail_read(run, &mut conn, StepKind::Greeting, started, e)),
    };
    run.facts.greeting = Some(greeting.text());
    if !greeting.is(220) {
        conn.close();
        let failure = run.unexpected(StepKind::Greeting, &greeting.text());
        return Err(run.fail(StepKind::Greeting, started, failure));
    }
    let mut capabilities = match ehlo(&mut conn, &client_id) {
        Ok(caps) => caps,
        Err(e) => return Err(fail_read(run, &mut conn, StepKind::Greeting, started, e)),
    };
    run.facts.capabilities = capabilities.clone();
    run.pass(StepKind::Greeting, started, format!("{} · {}", greeting.lines.join(" "), capabilities.join(" · ")));

    if run.server.security == Security::Starttls {
        let started = Instant::now();
        if !capabilities.iter().any(|c| c.eq_ignore_ascii_case("STARTTLS")) {
            // NOTE: no STARTTLS offered — maybe stripped by someone in between. Stop before AUTH.
            let failure = run.starttls_unavailable(started);
            let _ = command(&mut conn, &Quit);
            conn.close();
            return Err(failure);
        }
        match command(&mut conn, &Starttls) {
            Ok(reply) if reply.is(220) => {}
            Ok(reply) => {
                let failure = run.unexpected(StepKind::Starttls, &reply.text());
                let failure = run.fail(StepKind::Starttls, started, failure);
                let _ = command(&mut conn, &Quit);
                conn.close();
                return Err(failure);
            }
            Err(e) => return Err(fail_read(run, &mut conn, StepKind::Starttls, started, e)),
        }
        run.upgrade(&mut conn, started)?;
        // What the server said before TLS cannot be trusted: ask again (RFC 3207 §4.2).
        capabilities = match ehlo(&mut conn, &client_id) {
            Ok(caps) => caps,
            Err(e) => return Err(fail_read(run, &mut conn, StepKind::Starttls, started, e)),
        };
        run.facts.capabilities = capabilities.clone();
    }

    let Some(password) = password.filter(|_| run.server.auth.uses_password()) else {
        let _ = command(&mut conn, &Quit);
        conn.close();
        return Ok(None);
    };
    let started = Instant::now();
    let mechanisms = auth_mechanisms(&capabilities);
    let Some(mechanism) = [Mechanism::Plain, Mechanism::Login].into_iter().find(|m| mechanisms.contains(m)) else {
        let offered = capabilities.iter().find(|c| c.to_ascii_uppercase().starts_with("AUTH")).cloned();
        let failure = CheckFailure::NoLoginMethod {
            protocol: run.server.protocol,
            host: run.server.host.clone(),
            offered: offered.unwrap_or_default(),
        };
        let failure = run.fail(StepKind::Auth, started, failure);
        let _ = command(&mut conn, &Quit);
        conn.close();
        return Err(failure);
    };
    match authenticate(&mut conn, mechanism, &run.server.username, password) {
        Ok(reply) if reply.is(235) => {
            let detail = tr_args(run.lang(), "check-detail-smtp-login", &[("mechanism", mechanism.to_string().into())]);
            run.pass(StepKind::Auth, started, detail);
        }
        Ok(reply) => {
            let failure = CheckFailure::AuthRejected {
                protocol: run.server.protocol,
                host: run.server.host.clone(),
                reply: reply.text(),
            };
            let failure = run.fail(StepKind::Auth, started, failure);
            let _ = command(&mut conn, &Quit);
            conn.close();
            return Err(failure);
        }
        Err(e) => return Err(fail_read(run, &mut conn, StepKind::Auth, started, e)),
    }

    let Some(message) = message else {
        let _ = command(&mut conn, &Quit);
        conn.close();
        return Ok(None);
    };
    let started = Instant::now();
    let sent = send(&mut conn, message, &capabilities);
    match sent {
        Ok(reply) => {
            let sent_at = Instant::now();
            let detail = tr_args(run.lang(), "check-detail-sent", &[("reply", reply.text().into())]);
            run.pass(StepKind::Send, started, detail);
            let _ = command(&mut conn, &Quit);
            conn.close();
            Ok(Some(sent_at))
        }
        Err(SendError::Refused { stage, reply }) => {
            let failure = CheckFailure::SendRejected {
                host: run.server.host.clone(),
                stage,
                code: reply.code,
                reply: reply.text(),
            };
            let failure = run.fail(StepKind::Send, started, failure);
            let _ = command(&mut conn, &Quit);
            conn.close();
            Err(failure)
        }
        Err(SendError::Read(e)) => Err(fail_read(run, &mut conn, StepKind::Send, started, e)),
        Err(SendError::BadAddress(detail)) => {
            let failure = run.fail(StepKind::Send, started, CheckFailure::Setup { detail });
            let _ = command(&mut conn, &Quit);
            conn.close();
            Err(failure)
        }
    }
}

/// EHLO with our address literal; returns the capability lines (without the greeting line).
fn ehlo(conn: &mut Conn, client_id: &ClientId) -> Result<Vec<String>, ReadError> {
    let reply = command(conn, &Ehlo::new(client_id.clone()))?;
    if !reply.is(250) {
        return Err(ReadError::Garbled(reply.text()));
    }
    Ok(reply.lines.into_iter().skip(1).collect())
}

/// The client name for EHLO: our address literal (RFC 5321 §4.1.4), never the computer's name.
fn client_id(local_ip: Option<IpAddr>) -> ClientId {
    match local_ip {
        Some(IpAddr::V4(ip)) => ClientId::Ipv4(ip),
        Some(IpAddr::V6(ip)) => ClientId::Ipv6(ip),
        None => ClientId::Ipv4(std::net::Ipv4Addr::LOCALHOST),
    }
}

/// The SASL mechanisms in an EHLO reply (`AUTH PLAIN LOGIN`, also the old `AUTH=PLAIN` form).
fn auth_mechanisms(capabilities: &[String]) -> Vec<Mechanism> {
    capabilities
        .iter()
        .filter_map(|line| {
            let upper = line.to_ascii_uppercase();
            upper.strip_prefix("AUTH").filter(|rest| rest.starts_with([' ', '='])).map(|rest| rest[1..].to_string())
        })
        .flat_map(|rest| {
            rest.split_whitespace()
                .filter_map(|m| match m {
                    "PLAIN" => Some(Mechanism::Plain),
                    "LOGIN" => Some(Mechanism::Login),
                    "XOAUTH2" => Some(Mechanism::Xoauth2),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// AUTH with `mechanism`, answering up to three challenges (LOGIN asks twice).
fn authenticate(
    conn: &mut Conn,
    mechanism: Mechanism,
    username: &str,
    password: &Password,
) -> Result<Reply, ReadError> {
    let credentials = Credentials::new(username.to_string(), password.expose().to_string());
    let log_as = format!("AUTH {mechanism}");
    let first = Auth::new(mechanism, credentials.clone(), None)
        .map_err(|e| ReadError::Garbled(format!("cannot encode the login: {e}")))?;
    let mut reply = secret_command(conn, &first, &log_as)?;
    for _ in 0..3 {
        if !reply.is(334) {
            break;
        }
        let challenge: lettre::transport::smtp::response::Response =
            format!("{}\r\n", reply.text()).parse().map_err(|_| ReadError::Garbled(reply.text()))?;
        let next = Auth::new_from_response(mechanism, credentials.clone(), &challenge)
            .map_err(|_| ReadError::Garbled(reply.text()))?;
        reply = secret_command(conn, &next, "(SASL response)")?;
    }
    Ok(reply)
}

enum SendError {
    Refused { stage: SendStage, reply: Reply },
    Read(ReadError),
    BadAddress(String),
}

/// MAIL FROM, RCPT TO, DATA and the message; returns the server's final reply.
fn send(conn: &mut Conn, message: &TestMessage, capabilities: &[String]) -> Result<Reply, SendError> {
    let address: lettre::Address =
        message.address.parse().map_err(|e: lettre::address::AddressError| SendError::BadAddress(e.to_string()))?;
    let mut parameters = vec![];
    if !message.address.is_ascii() && capabilities.iter().any(|c| c.eq_ignore_ascii_case("SMTPUTF8")) {
        parameters.push(MailParameter::SmtpUtfEight);
    }
    let steps: [(SendStage, String, &[u16]); 3] = [
        (SendStage::MailFrom, Mail::new(Some(address.clone()), parameters).to_string(), &[250]),
        (SendStage::RcptTo, Rcpt::new(address, vec![]).to_string(), &[250, 251]),
        (SendStage::Data, Data.to_string(), &[354]),
    ];
    for (stage, line, expected) in steps {
        let reply = command(conn, &line).map_err(SendError::Read)?;
        if !expected.contains(&reply.code) {
            return Err(SendError::Refused { stage, reply });
        }
    }
    conn.write_bulk(&dot_stuff(&message.bytes)).map_err(|e| SendError::Read(ReadError::Wire(e)))?;
    let reply = read_reply(conn).map_err(SendError::Read)?;
    if !reply.is(250) {
        return Err(SendError::Refused { stage: SendStage::Message, reply });
    }
    Ok(reply)
}

/// The message with leading dots doubled (RFC 5321 §4.5.2), CRLF line ends and the final `.`.
fn dot_stuff(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 16);
    let mut at_line_start = true;
    for &byte in message {
        if at_line_start && byte == b'.' {
            out.push(b'.');
        }
        if byte == b'\n' && out.last() != Some(&b'\r') {
            out.push(b'\r');
        }
        out.push(byte);
        at_line_start = byte == b'\n';
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

fn fail_read(
    run: &mut ServerRun<'_>,
    conn: &mut Conn,
    step: StepKind,
    started: Instant,
    error: ReadError,
) -> CheckFailure {
    conn.close();
    let failure = match error {
        ReadError::Wire(e) => run.wire_failure(step, e),
        ReadError::Garbled(line) => {
            let reply = tr_args(
                run.lang(),
                "check-detail-not-smtp",
                &[("protocol", protocol_label(run.server.protocol).into()), ("reply", line.into())],
            );
            run.unexpected(step, &reply)
        }
    };
    run.fail(step, started, failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_mechanisms_are_read_in_both_spellings() {
        let caps = vec!["SIZE 100".to_string(), "AUTH PLAIN LOGIN XOAUTH2".into(), "AUTH=LOGIN".into()];
        assert_eq!(
            auth_mechanisms(&caps),
            vec![Mechanism::Plain, Mechanism::Login, Mechanism::Xoauth2, Mechanism::Login]
        );
        assert!(auth_mechanisms(&["AUTHENTICATE X".to_string()]).is_empty());
    }

    #[test]
    fn dots_at_line_starts_are_doubled_and_the_end_is_marked() {
        assert_eq!(dot_stuff(b"a\r\n.b\r\n..c"), b"a\r\n..b\r\n...c\r\n.\r\n".to_vec());
        assert_eq!(dot_stuff(b".\nx\n"), b"..\r\nx\r\n.\r\n".to_vec());
    }

    #[test]
    fn replies_read_as_one_line_for_people() {
        let reply =
            Reply { code: 553, lines: vec!["5.7.1 Sender address rejected:".into(), "not owned by user".into()] };
        assert_eq!(reply.text(), "553 5.7.1 Sender address rejected: not owned by user");
    }
}
