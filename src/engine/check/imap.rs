//! The IMAP check: greeting, CAPABILITY, STARTTLS (required when configured; refused when not
//! advertised), LOGIN (or AUTHENTICATE PLAIN when the server says LOGINDISABLED), STATUS INBOX,
//! and then — after the test message was sent — `UID SEARCH HEADER Message-ID` until it arrives
//! or the deadline passes.
//!
//! NOTE: a small hand-written client instead of the `imap` crate (3.0.0-alpha.15), because the
//! crate cannot do what this check must: its LOGIN sends every password as a quoted string, which
//! RFC 3501 allows only for 7-bit text (no literals, so non-ASCII passwords are sent illegally);
//! it reads lines without any size limit (`read_until`), which a hostile server can exploit; and
//! it keeps the raw replies and capability lines to itself, which the diagnosis and the report
//! need. The commands used here are few and simple.

use super::wire::{Conn, WireError};
use super::{CheckFailure, ServerRun, StepKind, base64_encode};
use crate::engine::i18n::tr_args;
use crate::engine::secrets::Password;
use std::time::{Duration, Instant};

/// Most untagged lines accepted in one response (a check's responses have a handful).
const MAX_UNTAGGED_LINES: usize = 10_000;

/// How a tagged response ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Ok,
    No,
    Bad,
}

/// A complete response to one command.
#[derive(Debug)]
struct Response {
    status: Status,
    /// The tagged line without the tag (`OK [CAPABILITY …] Logged in`).
    text: String,
    /// Untagged lines without the `* ` (literals replaced by their text).
    untagged: Vec<String>,
}

/// An IMAP connection that logged in and can wait for the test message.
pub struct ImapSession {
    client: Client,
}

struct Client {
    conn: Conn,
    tag: u32,
}

impl Client {
    fn next_tag(&mut self) -> String {
        self.tag += 1;
        format!("m{}", self.tag)
    }

    /// Sends `command` and reads its response.
    fn command(&mut self, command: &str) -> Result<Response, WireError> {
        let tag = self.next_tag();
        self.conn.write_line(&format!("{tag} {command}"))?;
        self.read_response(&tag)
    }

    /// Reads lines until the tagged line for `tag`. Lines ending in a literal `{n}` are joined
    /// with the literal's text. A continuation request (`+ …`) ends the read early.
    fn read_response(&mut self, tag: &str) -> Result<Response, WireError> {
        let mut untagged = vec![];
        loop {
            let line = self.read_logical_line()?;
            if let Some(rest) = line.strip_prefix("* ") {
                if untagged.len() >= MAX_UNTAGGED_LINES {
                    return Err(WireError::TooLong);
                }
                untagged.push(rest.to_string());
                continue;
            }
            if let Some(rest) = line.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')) {
                let status = match rest.split(' ').next().unwrap_or_default().to_ascii_uppercase().as_str() {
                    "OK" => Status::Ok,
                    "NO" => Status::No,
                    _ => Status::Bad,
                };
                return Ok(Response { status, text: rest.to_string(), untagged });
            }
            if line.starts_with('+') {
                return Ok(Response { status: Status::Bad, text: line, untagged });
            }
            // Another tag or garbage: keep reading; the deadline bounds it.
        }
    }

    /// One response line with any literals it announces read and appended.
    fn read_logical_line(&mut self) -> Result<String, WireError> {
        let mut line = self.conn.read_line()?;
        while let Some(size) = literal_size(&line) {
            let bytes = self.conn.read_exact(size)?;
            line.push_str(&String::from_utf8_lossy(&bytes));
            line.push_str(&self.conn.read_line()?);
        }
        Ok(line)
    }

    /// Waits for a continuation request (`+ …`) from the server.
    fn expect_continuation(&mut self, tag: &str) -> Result<Result<(), Response>, WireError> {
        let line = self.conn.read_line()?;
        if line.starts_with('+') {
            return Ok(Ok(()));
        }
        // The server refused at once (a tagged NO/BAD): read it as the command's response.
        if let Some(rest) = line.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')) {
            let status = if rest.to_ascii_uppercase().starts_with("NO") { Status::No } else { Status::Bad };
            return Ok(Err(Response { status, text: rest.to_string(), untagged: vec![] }));
        }
        Ok(Err(Response { status: Status::Bad, text: line, untagged: vec![] }))
    }

    fn capabilities(&mut self) -> Result<Vec<String>, WireError> {
        let response = self.command("CAPABILITY")?;
        Ok(response
            .untagged
            .iter()
            .filter_map(|l| strip_prefix_ignore_case(l, "CAPABILITY "))
            .flat_map(|caps| caps.split_whitespace().map(str::to_string))
            .collect())
    }

    /// `LOGIN user password` with each argument as a quoted string or, when it cannot be one, a
    /// literal (non-synchronizing with LITERAL+/LITERAL-). The whole exchange is never logged.
    fn login(&mut self, username: &str, password: &Password, literal_plus: bool) -> Result<Response, WireError> {
        let tag = self.next_tag();
        let mut pending = format!("{tag} LOGIN ").into_bytes();
        for (index, value) in [username, password.expose()].into_iter().enumerate() {
            if index == 1 {
                pending.push(b' ');
            }
            match quoted(value) {
                Some(text) => pending.extend_from_slice(text.as_bytes()),
                None if literal_plus => {
                    pending.extend_from_slice(format!("{{{}+}}\r\n", value.len()).as_bytes());
                    pending.extend_from_slice(value.as_bytes());
                }
                None => {
                    pending.extend_from_slice(format!("{{{}}}\r\n", value.len()).as_bytes());
                    self.conn.write_secret(&pending, &format!("{tag} LOGIN"))?;
                    pending.clear();
                    if let Err(refused) = self.expect_continuation(&tag)? {
                        return Ok(refused);
                    }
                    pending.extend_from_slice(value.as_bytes());
                }
            }
        }
        pending.extend_from_slice(b"\r\n");
        self.conn.write_secret(&zeroize::Zeroizing::new(pending), &format!("{tag} LOGIN"))?;
        self.read_response(&tag)
    }

    /// `AUTHENTICATE PLAIN` (RFC 4616), for servers that refuse LOGIN (LOGINDISABLED).
    fn authenticate_plain(
        &mut self,
        username: &str,
        password: &Password,
        initial_response: bool,
    ) -> Result<Response, WireError> {
        let tag = self.next_tag();
        let mut sasl = zeroize::Zeroizing::new(Vec::with_capacity(username.len() + password.expose().len() + 2));
        sasl.push(0);
        sasl.extend_from_slice(username.as_bytes());
        sasl.push(0);
        sasl.extend_from_slice(password.expose().as_bytes());
        let encoded = zeroize::Zeroizing::new(base64_encode(&sasl));
        if initial_response {
            let line = zeroize::Zeroizing::new(format!("{tag} AUTHENTICATE PLAIN {}\r\n", encoded.as_str()));
            self.conn.write_secret(line.as_bytes(), &format!("{tag} AUTHENTICATE PLAIN"))?;
        } else {
            self.conn.write_line(&format!("{tag} AUTHENTICATE PLAIN"))?;
            if let Err(refused) = self.expect_continuation(&tag)? {
                return Ok(refused);
            }
            let line = zeroize::Zeroizing::new(format!("{}\r\n", encoded.as_str()));
            self.conn.write_secret(line.as_bytes(), "(SASL response)")?;
        }
        self.read_response(&tag)
    }
}

/// Checks one IMAP server up to login. Returns the logged-in session (for the confirm step) when
/// a password was given.
pub(crate) fn check(run: &mut ServerRun<'_>, password: Option<&Password>) -> Result<Option<ImapSession>, CheckFailure> {
    let mut conn = run.open()?;
    if let Some(password) = password {
        conn.hide_in_logs(password.expose());
    }
    let mut client = Client { conn, tag: 0 };

    let started = Instant::now();
    let greeting = match client.conn.read_line() {
        Ok(line) => line,
        Err(e) => return Err(fail_wire(run, &mut client, StepKind::Greeting, started, e)),
    };
    run.facts.greeting = Some(greeting.clone());
    let upper = greeting.to_ascii_uppercase();
    let preauth = upper.starts_with("* PREAUTH");
    if !upper.starts_with("* OK") && !preauth {
        let failure = run.unexpected(StepKind::Greeting, &greeting);
        client.conn.close();
        return Err(run.fail(StepKind::Greeting, started, failure));
    }
    let mut capabilities = match client.capabilities() {
        Ok(caps) => caps,
        Err(e) => return Err(fail_wire(run, &mut client, StepKind::Greeting, started, e)),
    };
    run.facts.capabilities = capabilities.clone();
    run.pass(StepKind::Greeting, started, format!("{} · {}", greeting_text(&greeting), capabilities.join(" ")));

    if run.server.security == crate::engine::account::Security::Starttls {
        let started = Instant::now();
        if !has(&capabilities, "STARTTLS") {
            // NOTE: no STARTTLS means no encryption; the password is never sent in that case.
            let failure = run.starttls_unavailable(started);
            let _ = client.command("LOGOUT");
            client.conn.close();
            return Err(failure);
        }
        match client.command("STARTTLS") {
            Ok(r) if r.status == Status::Ok => {}
            Ok(r) => {
                let failure = run.unexpected(StepKind::Starttls, &r.text);
                let failure = run.fail(StepKind::Starttls, started, failure);
                let _ = client.command("LOGOUT");
                client.conn.close();
                return Err(failure);
            }
            Err(e) => return Err(fail_wire(run, &mut client, StepKind::Starttls, started, e)),
        }
        run.upgrade(&mut client.conn, started)?;
        // Capabilities before TLS cannot be trusted (RFC 3501 §6.2.1): ask again.
        capabilities = match client.capabilities() {
            Ok(caps) => caps,
            Err(e) => return Err(fail_wire(run, &mut client, StepKind::Starttls, started, e)),
        };
        run.facts.capabilities = capabilities.clone();
    }

    let Some(password) = password.filter(|_| run.server.auth.uses_password() && !preauth) else {
        let _ = client.command("LOGOUT");
        return Ok(None);
    };
    let started = Instant::now();
    let username = run.server.username.clone();
    if username.contains(['\r', '\n', '\0']) || password.expose().contains(['\r', '\n', '\0']) {
        let failure = CheckFailure::Setup { detail: "the login name or password contains a line break".into() };
        return Err(run.fail(StepKind::Auth, started, failure));
    }
    let response = if has(&capabilities, "LOGINDISABLED") {
        if has(&capabilities, "AUTH=PLAIN") {
            client.authenticate_plain(&username, password, has(&capabilities, "SASL-IR"))
        } else {
            let failure = CheckFailure::NoLoginMethod {
                protocol: run.server.protocol,
                host: run.server.host.clone(),
                offered: capabilities.join(" "),
            };
            let failure = run.fail(StepKind::Auth, started, failure);
            let _ = client.command("LOGOUT");
            client.conn.close();
            return Err(failure);
        }
    } else {
        let literal_plus = has(&capabilities, "LITERAL+") || has(&capabilities, "LITERAL-");
        client.login(&username, password, literal_plus)
    };
    match response {
        Ok(r) if r.status == Status::Ok => {
            if let Some(caps) = response_capabilities(&r) {
                run.facts.capabilities = caps;
            }
        }
        Ok(r) => {
            let failure = CheckFailure::AuthRejected {
                protocol: run.server.protocol,
                host: run.server.host.clone(),
                reply: r.text,
            };
            let failure = run.fail(StepKind::Auth, started, failure);
            let _ = client.command("LOGOUT");
            client.conn.close();
            return Err(failure);
        }
        Err(e) => return Err(fail_wire(run, &mut client, StepKind::Auth, started, e)),
    }
    let detail = match client.command("STATUS INBOX (MESSAGES UNSEEN)") {
        Ok(r) if r.status == Status::Ok => {
            let count = r.untagged.iter().find_map(|l| status_count(l, "MESSAGES")).unwrap_or(0);
            tr_args(run.lang(), "check-detail-imap-login", &[("count", count.into())])
        }
        Ok(r) => r.text,
        Err(e) => return Err(fail_wire(run, &mut client, StepKind::Auth, started, e)),
    };
    run.pass(StepKind::Auth, started, detail);
    Ok(Some(ImapSession { client }))
}

impl ImapSession {
    /// Waits until the message with `message_id` is in INBOX or the deadline passes; records the
    /// confirm step. Returns the time from `sent_at` to arrival.
    pub(crate) fn confirm(
        &mut self,
        run: &mut ServerRun<'_>,
        message_id: &str,
        sent_at: Instant,
    ) -> Result<Duration, CheckFailure> {
        let started = Instant::now();
        match self.client.command("EXAMINE INBOX") {
            Ok(r) if r.status == Status::Ok => {}
            Ok(r) => {
                let failure = run.unexpected(StepKind::Confirm, &r.text);
                return Err(run.fail(StepKind::Confirm, started, failure));
            }
            Err(e) => return Err(fail_wire(run, &mut self.client, StepKind::Confirm, started, e)),
        }
        let search = format!("UID SEARCH HEADER Message-ID {}", quoted(&format!("<{message_id}>")).unwrap_or_default());
        let mut pause = Duration::from_millis(10);
        loop {
            // NOOP lets the server notice new mail before the search.
            let found = self.client.command("NOOP").and_then(|_| self.client.command(&search));
            match found {
                Ok(r) if r.status == Status::Ok && r.untagged.iter().any(|l| search_has_hits(l)) => {
                    let delivery = sent_at.elapsed();
                    let seconds = super::format_seconds(delivery, run.lang());
                    let detail = tr_args(run.lang(), "check-detail-delivered", &[("seconds", seconds.into())]);
                    run.pass(StepKind::Confirm, started, detail);
                    return Ok(delivery);
                }
                Ok(r) if r.status != Status::Ok => {
                    let failure = run.unexpected(StepKind::Confirm, &r.text);
                    return Err(run.fail(StepKind::Confirm, started, failure));
                }
                Ok(_) => {}
                Err(WireError::Timeout) => break,
                Err(e) => return Err(fail_wire(run, &mut self.client, StepKind::Confirm, started, e)),
            }
            let left = self.client.conn.time_left();
            if left.is_zero() {
                break;
            }
            if !run.context.cancel.sleep(pause.min(left)) {
                return Err(run.fail(StepKind::Confirm, started, CheckFailure::Cancelled));
            }
            pause = (pause * 3 / 2).min(Duration::from_millis(250));
        }
        let failure = CheckFailure::NotDelivered {
            host: run.server.host.clone(),
            waited_ms: u64::try_from(sent_at.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        Err(run.fail(StepKind::Confirm, started, failure))
    }

    /// Says goodbye politely (best effort).
    pub(crate) fn logout(mut self) {
        let _ = self.client.command("LOGOUT");
        self.client.conn.close();
    }
}

fn fail_wire(
    run: &mut ServerRun<'_>,
    client: &mut Client,
    step: StepKind,
    started: Instant,
    error: WireError,
) -> CheckFailure {
    client.conn.close();
    let failure = run.wire_failure(step, error);
    run.fail(step, started, failure)
}

/// The greeting without `* OK` and the capability code, for the step detail.
fn greeting_text(greeting: &str) -> String {
    let text = greeting.get(5..).unwrap_or_default().trim();
    match (text.starts_with('['), text.find(']')) {
        (true, Some(end)) => text[end + 1..].trim().to_string(),
        _ => text.to_string(),
    }
}

/// `{123}` or `{123+}` at the end of a line: the size of the literal that follows.
fn literal_size(line: &str) -> Option<usize> {
    let inner = line.strip_suffix('}')?;
    let start = inner.rfind('{')?;
    inner[start + 1..].trim_end_matches('+').parse().ok()
}

/// `value` as an IMAP quoted string, or `None` when it needs a literal (8-bit, control characters
/// or too long for a line).
fn quoted(value: &str) -> Option<String> {
    if value.len() > 1000 || !value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    Some(format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")))
}

fn has(capabilities: &[String], name: &str) -> bool {
    capabilities.iter().any(|c| c.eq_ignore_ascii_case(name))
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// `OK [CAPABILITY …] …` → the capabilities.
fn response_capabilities(response: &Response) -> Option<Vec<String>> {
    let rest = strip_prefix_ignore_case(&response.text, "OK [CAPABILITY ")?;
    let end = rest.find(']')?;
    Some(rest[..end].split_whitespace().map(str::to_string).collect())
}

/// `STATUS INBOX (MESSAGES 3 UNSEEN 1)` → the number after `item`.
fn status_count(line: &str, item: &str) -> Option<i64> {
    let upper = line.to_ascii_uppercase();
    if !upper.starts_with("STATUS ") {
        return None;
    }
    let mut words = upper.split(|c: char| c.is_whitespace() || c == '(' || c == ')').filter(|w| !w.is_empty());
    words.by_ref().find(|w| *w == item)?;
    words.next()?.parse().ok()
}

/// True for `SEARCH 12 …` with at least one number.
fn search_has_hits(line: &str) -> bool {
    strip_prefix_ignore_case(line, "SEARCH")
        .map(|rest| rest.split_whitespace().any(|w| w.bytes().all(|b| b.is_ascii_digit())))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_passwords_are_quoted_with_escapes() {
        assert_eq!(quoted("hunter2").as_deref(), Some("\"hunter2\""));
        assert_eq!(quoted(r#"a"b\c"#).as_deref(), Some(r#""a\"b\\c""#));
    }

    #[test]
    fn eight_bit_and_control_characters_need_a_literal() {
        assert_eq!(quoted("пароль"), None);
        assert_eq!(quoted("tab\there"), None);
    }

    #[test]
    fn literal_sizes_are_read_from_line_ends() {
        assert_eq!(literal_size("* 1 FETCH (BODY[] {42}"), Some(42));
        assert_eq!(literal_size("a LOGIN {5+}"), Some(5));
        assert_eq!(literal_size("* OK fine"), None);
        assert_eq!(literal_size("* OK {x}"), None);
    }

    #[test]
    fn status_and_search_replies_are_understood() {
        assert_eq!(status_count("STATUS INBOX (MESSAGES 3 UNSEEN 1)", "MESSAGES"), Some(3));
        assert_eq!(status_count("STATUS \"INBOX\" (UNSEEN 1 MESSAGES 17)", "MESSAGES"), Some(17));
        assert!(search_has_hits("SEARCH 12"));
        assert!(!search_has_hits("SEARCH"));
        assert!(!search_has_hits("SEARCH "));
    }

    #[test]
    fn the_greeting_detail_drops_the_capability_code() {
        assert_eq!(greeting_text("* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready."), "Dovecot ready.");
        assert_eq!(greeting_text("* OK IMAP ready"), "IMAP ready");
    }
}
