//! The POP3 check (RFC 1939, CAPA from RFC 2449, STLS from RFC 2595), hand-written because it is
//! small: greeting, CAPA, STLS when `starttls` (refused before any password when the server does
//! not offer it), USER/PASS, STAT, QUIT. The PASS line is never logged.

use super::wire::{Conn, WireError};
use super::{CheckFailure, ServerRun, StepKind};
use crate::engine::account::Security;
use crate::engine::i18n::tr_args;
use crate::engine::secrets::Password;
use std::time::Instant;

/// Most lines accepted in one multi-line response (CAPA has about ten).
const MAX_MULTILINE_LINES: usize = 1000;

/// A POP3 reply: `+OK …` or `-ERR …`, with the lines of a multi-line reply.
#[derive(Debug)]
struct Reply {
    ok: bool,
    line: String,
    lines: Vec<String>,
}

fn read_reply(conn: &mut Conn) -> Result<Reply, WireError> {
    let line = conn.read_line()?;
    Ok(Reply { ok: line.starts_with("+OK"), line, lines: vec![] })
}

/// Reads a multi-line reply: the status line, then lines up to a lone `.` (dot-unstuffed).
fn read_multiline(conn: &mut Conn) -> Result<Reply, WireError> {
    let mut reply = read_reply(conn)?;
    if !reply.ok {
        return Ok(reply);
    }
    loop {
        let line = conn.read_line()?;
        if line == "." {
            return Ok(reply);
        }
        if reply.lines.len() >= MAX_MULTILINE_LINES {
            return Err(WireError::TooLong);
        }
        reply.lines.push(line.strip_prefix('.').map(str::to_string).unwrap_or(line));
    }
}

fn command(conn: &mut Conn, line: &str) -> Result<Reply, WireError> {
    conn.write_line(line)?;
    read_reply(conn)
}

/// Checks one POP3 server: up to STAT when a password was given, else up to STLS.
pub(crate) fn check(run: &mut ServerRun<'_>, password: Option<&Password>) -> Result<(), CheckFailure> {
    let mut conn = run.open()?;
    if let Some(password) = password {
        conn.hide_in_logs(password.expose());
    }

    let started = Instant::now();
    let greeting = match read_reply(&mut conn) {
        Ok(reply) => reply,
        Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Greeting, started, e)),
    };
    run.facts.greeting = Some(greeting.line.clone());
    if !greeting.ok {
        conn.close();
        let failure = run.unexpected(StepKind::Greeting, &greeting.line);
        return Err(run.fail(StepKind::Greeting, started, failure));
    }
    let mut capabilities = match capa(&mut conn) {
        Ok(caps) => caps,
        Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Greeting, started, e)),
    };
    run.facts.capabilities = capabilities.clone().unwrap_or_default();
    let shown = capabilities.as_ref().map(|c| c.join(" · ")).unwrap_or_default();
    run.pass(StepKind::Greeting, started, format!("{} · {shown}", greeting.line.trim_start_matches("+OK").trim()));

    if run.server.security == Security::Starttls {
        let started = Instant::now();
        let advertised = capabilities.as_ref().map(|c| c.iter().any(|l| l.eq_ignore_ascii_case("STLS")));
        if advertised == Some(false) || (advertised.is_none() && run.starttls_only_when_advertised) {
            // NOTE: STLS not offered: stop here, the password is never sent unencrypted.
            let failure = run.starttls_unavailable(started);
            let _ = command(&mut conn, "QUIT");
            conn.close();
            return Err(failure);
        }
        // Servers without CAPA may still know STLS: asking is harmless, it carries no secret.
        match command(&mut conn, "STLS") {
            Ok(reply) if reply.ok => {}
            Ok(_) => {
                let failure = run.starttls_unavailable(started);
                let _ = command(&mut conn, "QUIT");
                conn.close();
                return Err(failure);
            }
            Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Starttls, started, e)),
        }
        run.upgrade(&mut conn, started)?;
        capabilities = match capa(&mut conn) {
            Ok(caps) => caps,
            Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Starttls, started, e)),
        };
        run.facts.capabilities = capabilities.unwrap_or_default();
    }

    let Some(password) = password.filter(|_| run.server.auth.uses_password()) else {
        let _ = command(&mut conn, "QUIT");
        return Ok(());
    };
    let started = Instant::now();
    let username = run.server.username.clone();
    if username.contains(['\r', '\n', '\0']) || password.expose().contains(['\r', '\n', '\0']) {
        let failure = CheckFailure::Setup { detail: "the login name or password contains a line break".into() };
        return Err(run.fail(StepKind::Auth, started, failure));
    }
    let user_reply = match command(&mut conn, &format!("USER {username}")) {
        Ok(reply) => reply,
        Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Auth, started, e)),
    };
    let pass_reply = if user_reply.ok {
        let line = zeroize::Zeroizing::new(format!("PASS {}\r\n", password.expose()));
        match conn.write_secret(line.as_bytes(), "PASS").and_then(|_| read_reply(&mut conn)) {
            Ok(reply) => reply,
            Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Auth, started, e)),
        }
    } else {
        user_reply
    };
    if !pass_reply.ok {
        let failure = CheckFailure::AuthRejected {
            protocol: run.server.protocol,
            host: run.server.host.clone(),
            reply: pass_reply.line,
        };
        let failure = run.fail(StepKind::Auth, started, failure);
        let _ = command(&mut conn, "QUIT");
        conn.close();
        return Err(failure);
    }
    let detail = match command(&mut conn, "STAT") {
        Ok(reply) if reply.ok => {
            let count: i64 = reply.line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
            tr_args(run.lang(), "check-detail-pop3-login", &[("count", count.into())])
        }
        Ok(reply) => reply.line,
        Err(e) => return Err(fail_wire(run, &mut conn, StepKind::Auth, started, e)),
    };
    run.pass(StepKind::Auth, started, detail);
    let _ = command(&mut conn, "QUIT");
    conn.close();
    Ok(())
}

/// The CAPA list, or `None` when the server does not know CAPA.
fn capa(conn: &mut Conn) -> Result<Option<Vec<String>>, WireError> {
    conn.write_line("CAPA")?;
    let reply = read_multiline(conn)?;
    Ok(reply.ok.then_some(reply.lines))
}

fn fail_wire(
    run: &mut ServerRun<'_>,
    conn: &mut Conn,
    step: StepKind,
    started: Instant,
    error: WireError,
) -> CheckFailure {
    conn.close();
    let failure = run.wire_failure(step, error);
    run.fail(step, started, failure)
}
