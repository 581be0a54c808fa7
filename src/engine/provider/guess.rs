//! Source **guess**: the usual host names on the standard ports, confirmed by talking to them.
//!
//! Incoming: `imap.`, `mail.` and the bare domain on 993 (TLS) and 143 (STARTTLS); `pop3.`,
//! `pop.`, `mail.` and the bare domain on 995 (TLS) and 110 (STARTTLS). Outgoing: `smtp.`, `mail.`
//! and the bare domain on 465 (TLS) and 587 (STARTTLS). Every probe runs in parallel with a short
//! timeout of its own, under the overall deadline.
//!
//! A TLS port counts only after a *verified* TLS handshake and the protocol's greeting. A STARTTLS
//! port counts only when the greeting and CAPABILITY / CAPA / EHLO advertise STARTTLS (STLS for
//! POP3) *and* the upgrade then completes with a verified handshake: a server that does not offer
//! it is never proposed, because mailsetup never sends a password in the clear.
//!
//! Preference: IMAP before POP3, implicit TLS before STARTTLS, then the host order above. The
//! source finishes as soon as the best incoming and the best outgoing candidates are known. The
//! username is the full address; guessed settings always need the user's confirmation.

use crate::engine::account::{Protocol, Security, Server, SettingsSource};
use crate::engine::job::Cancel;
use crate::engine::net::remaining;
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};
use crate::engine::provider::race::{self, Slot, Task, best_decided};
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Longest one probe may take (within the overall deadline).
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// Longest protocol line accepted.
const MAX_LINE_BYTES: usize = 4096;
/// Most lines accepted in one reply (CAPABILITY, CAPA, EHLO).
const MAX_REPLY_LINES: usize = 100;
/// The name given in EHLO.
const EHLO_NAME: &str = "localhost";

/// One host/port/security combination to try.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Probe {
    protocol: Protocol,
    host: String,
    port: u16,
    security: Security,
}

/// The probes for `domain`, incoming and outgoing, each in order of preference.
fn candidates(domain: &str) -> (Vec<Probe>, Vec<Probe>) {
    let host = |prefix: &str| if prefix.is_empty() { domain.to_string() } else { format!("{prefix}.{domain}") };
    let mut incoming = vec![];
    let families: [(Protocol, &[&str]); 2] =
        [(Protocol::Imap, &["imap", "mail", ""]), (Protocol::Pop3, &["pop3", "pop", "mail", ""])];
    for (protocol, prefixes) in families {
        for security in [Security::Tls, Security::Starttls] {
            for prefix in prefixes {
                let port = protocol.default_port(security);
                incoming.push(Probe { protocol, host: host(prefix), port, security });
            }
        }
    }
    let mut outgoing = vec![];
    for security in [Security::Tls, Security::Starttls] {
        for prefix in ["smtp", "mail", ""] {
            let port = Protocol::Smtp.default_port(security);
            outgoing.push(Probe { protocol: Protocol::Smtp, host: host(prefix), port, security });
        }
    }
    (incoming, outgoing)
}

/// Guesses and probes the usual server names.
pub fn find(ctx: &SourceContext) -> Outcome {
    let (incoming, outgoing) = candidates(ctx.email.domain());
    let incoming_count = incoming.len();
    let probes: Vec<Probe> = incoming.into_iter().chain(outgoing).collect();
    let tasks: Vec<Task<Result<(), String>>> = probes
        .iter()
        .map(|probe| {
            let ctx = ctx.clone();
            let probe = probe.clone();
            Box::new(move |stop: &Cancel| run_probe(&ctx, &probe, stop)) as Task<_>
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

    let username = ctx.email.to_ascii_string();
    let mut found_incoming = vec![];
    let mut found_outgoing = vec![];
    let mut unfinished = false;
    for (slot, probe) in slots.iter().zip(&probes) {
        match slot {
            Slot::Done(Ok(())) => {
                let server = Server::new(probe.protocol, &probe.host, probe.port, probe.security, &username);
                if probe.protocol.is_incoming() { &mut found_incoming } else { &mut found_outgoing }.push(server);
            }
            Slot::Done(Err(reason)) => {
                tracing::debug!(host = %probe.host, port = probe.port, %reason, "guess probe failed")
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

/// Connects and checks one candidate; the error text says why it does not qualify (for logs).
fn run_probe(ctx: &SourceContext, probe: &Probe, stop: &Cancel) -> Result<(), String> {
    if stop.is_cancelled() {
        return Err("stopped".into());
    }
    let deadline = ctx.deadline.min(Instant::now() + PROBE_TIMEOUT);
    let tcp = ctx.net.connect_tcp(&probe.host, probe.port, deadline).map_err(|e| e.to_string())?;
    match probe.security {
        Security::Tls => {
            let tls = ctx.net.tls_handshake(tcp, &probe.host, deadline).map_err(|e| e.to_string())?;
            let mut lines = Lines::new(tls);
            greeting(probe.protocol, &mut lines)
        }
        Security::Starttls => {
            if stop.is_cancelled() {
                return Err("stopped".into());
            }
            let mut lines = Lines::new(Deadlined { tcp, deadline });
            greeting(probe.protocol, &mut lines)?;
            upgrade_command(probe.protocol, &mut lines)?;
            if !lines.buf.is_empty() {
                return Err("the server sent data right after agreeing to STARTTLS (refused for safety)".into());
            }
            let tls = ctx.net.tls_handshake(lines.stream.tcp, &probe.host, deadline).map_err(|e| e.to_string())?;
            drop(tls);
            Ok(())
        }
        Security::None => Err("plaintext is never guessed".into()),
    }
}

/// Reads and checks the server's greeting.
fn greeting<S: Read + Write>(protocol: Protocol, lines: &mut Lines<S>) -> Result<(), String> {
    match protocol {
        Protocol::Imap => {
            let line = lines.read_line()?;
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("* OK") || upper.starts_with("* PREAUTH") {
                lines.greeting_line = upper;
                Ok(())
            } else {
                Err(format!("not an IMAP greeting: {}", shorten(&line)))
            }
        }
        Protocol::Pop3 => {
            let line = lines.read_line()?;
            if line.starts_with("+OK") { Ok(()) } else { Err(format!("not a POP3 greeting: {}", shorten(&line))) }
        }
        Protocol::Smtp => match smtp_reply(lines)? {
            (220, _) => Ok(()),
            (code, _) => Err(format!("the SMTP server said {code} instead of 220")),
        },
    }
}

/// Asks for the capabilities, checks STARTTLS/STLS is offered and asks to upgrade.
fn upgrade_command<S: Read + Write>(protocol: Protocol, lines: &mut Lines<S>) -> Result<(), String> {
    match protocol {
        Protocol::Imap => {
            lines.send("a1 CAPABILITY\r\n")?;
            let mut capabilities = lines.greeting_line.clone();
            let (tagged, untagged) = imap_reply(lines, "a1")?;
            if !tagged.to_ascii_uppercase().starts_with("A1 OK") {
                return Err(format!("CAPABILITY failed: {}", shorten(&tagged)));
            }
            for line in untagged {
                capabilities.push(' ');
                capabilities.push_str(&line.to_ascii_uppercase());
            }
            if !has_token(&capabilities, "STARTTLS") {
                return Err("the IMAP server does not offer STARTTLS".into());
            }
            lines.send("a2 STARTTLS\r\n")?;
            let (tagged, _) = imap_reply(lines, "a2")?;
            if tagged.to_ascii_uppercase().starts_with("A2 OK") {
                Ok(())
            } else {
                Err(format!("STARTTLS refused: {}", shorten(&tagged)))
            }
        }
        Protocol::Pop3 => {
            lines.send("CAPA\r\n")?;
            let first = lines.read_line()?;
            if !first.starts_with("+OK") {
                return Err("the POP3 server has no CAPA, so it does not offer STLS".into());
            }
            let mut offers_stls = false;
            for _ in 0..MAX_REPLY_LINES {
                let line = lines.read_line()?;
                if line == "." {
                    break;
                }
                offers_stls |= line.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("STLS"));
            }
            if !offers_stls {
                return Err("the POP3 server does not offer STLS".into());
            }
            lines.send("STLS\r\n")?;
            let reply = lines.read_line()?;
            if reply.starts_with("+OK") { Ok(()) } else { Err(format!("STLS refused: {}", shorten(&reply))) }
        }
        Protocol::Smtp => {
            lines.send(&format!("EHLO {EHLO_NAME}\r\n"))?;
            let (code, texts) = smtp_reply(lines)?;
            if code != 250 {
                return Err(format!("EHLO refused with {code}"));
            }
            let offers =
                texts.iter().any(|t| t.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("STARTTLS")));
            if !offers {
                return Err("the SMTP server does not offer STARTTLS".into());
            }
            lines.send("STARTTLS\r\n")?;
            match smtp_reply(lines)? {
                (220, _) => Ok(()),
                (code, _) => Err(format!("STARTTLS refused with {code}")),
            }
        }
    }
}

/// True when `token` appears as a whole word in `text` (case-sensitive; pass upper case).
fn has_token(text: &str, token: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '[' || c == ']').any(|w| w == token)
}

/// Reads an IMAP reply up to the tagged line; returns (tagged line, untagged lines).
fn imap_reply<S: Read + Write>(lines: &mut Lines<S>, tag: &str) -> Result<(String, Vec<String>), String> {
    let mut untagged = vec![];
    for _ in 0..MAX_REPLY_LINES {
        let line = lines.read_line()?;
        if line.len() > tag.len() && line[..tag.len()].eq_ignore_ascii_case(tag) && line.as_bytes()[tag.len()] == b' ' {
            return Ok((line, untagged));
        }
        untagged.push(line);
    }
    Err("the IMAP reply is too long".into())
}

/// Reads one (possibly multi-line) SMTP reply: (code, text of each line).
fn smtp_reply<S: Read + Write>(lines: &mut Lines<S>) -> Result<(u16, Vec<String>), String> {
    let mut texts = vec![];
    for _ in 0..MAX_REPLY_LINES {
        let line = lines.read_line()?;
        let code = line
            .get(..3)
            .and_then(|c| c.parse::<u16>().ok())
            .ok_or_else(|| format!("not an SMTP reply: {}", shorten(&line)))?;
        let separator = line.as_bytes().get(3).copied().unwrap_or(b' ');
        texts.push(line.get(4..).unwrap_or_default().to_string());
        if separator != b'-' {
            return Ok((code, texts));
        }
    }
    Err("the SMTP reply is too long".into())
}

fn shorten(line: &str) -> String {
    line.chars().take(80).collect()
}

/// A plain TCP connection whose reads and writes stop at the deadline.
struct Deadlined {
    tcp: TcpStream,
    deadline: Instant,
}

impl Deadlined {
    fn arm(&self) -> io::Result<()> {
        let left = remaining(self.deadline).ok_or_else(|| io::Error::from(io::ErrorKind::TimedOut))?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.set_write_timeout(Some(left))
    }
}

impl Read for Deadlined {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.arm()?;
        self.tcp.read(buf)
    }
}

impl Write for Deadlined {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.arm()?;
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

/// Line-oriented reading and writing with a length cap.
struct Lines<S> {
    stream: S,
    buf: Vec<u8>,
    /// The IMAP greeting, upper case (it may carry `[CAPABILITY …]`).
    greeting_line: String,
}

impl<S: Read + Write> Lines<S> {
    fn new(stream: S) -> Self {
        Lines { stream, buf: Vec::new(), greeting_line: String::new() }
    }

    fn read_line(&mut self) -> Result<String, String> {
        loop {
            if let Some(end) = self.buf.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=end).collect();
                return Ok(String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_string());
            }
            if self.buf.len() > MAX_LINE_BYTES {
                return Err("the server sent an over-long line".into());
            }
            let mut chunk = [0u8; 2048];
            let n = self.stream.read(&mut chunk).map_err(|e| io_text(&e))?;
            if n == 0 {
                return Err("the server closed the connection".into());
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    fn send(&mut self, line: &str) -> Result<(), String> {
        self.stream.write_all(line.as_bytes()).and_then(|()| self.stream.flush()).map_err(|e| io_text(&e))
    }
}

fn io_text(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => "no answer in time".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scripted server conversation: what the server sends, and what the client wrote.
    struct Script {
        incoming: io::Cursor<Vec<u8>>,
        written: Vec<u8>,
    }

    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.incoming.read(buf)
        }
    }

    impl Write for Script {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.written.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn script(server: &str) -> Lines<Script> {
        Lines::new(Script { incoming: io::Cursor::new(server.as_bytes().to_vec()), written: vec![] })
    }

    #[test]
    fn candidates_prefer_imap_then_tls_then_the_usual_names() {
        let (incoming, outgoing) = candidates("x.test");
        let first: Vec<_> = incoming.iter().take(4).map(|p| format!("{}:{}", p.host, p.port)).collect();
        assert_eq!(first, vec!["imap.x.test:993", "mail.x.test:993", "x.test:993", "imap.x.test:143"]);
        assert!(incoming.iter().all(|p| p.security != Security::None));
        assert_eq!(incoming.last().map(|p| (p.host.as_str(), p.port)), Some(("x.test", 110)));
        let ports: Vec<_> = outgoing.iter().map(|p| p.port).collect();
        assert_eq!(ports, vec![465, 465, 465, 587, 587, 587]);
    }

    #[test]
    fn imap_starttls_is_accepted_only_when_advertised() {
        let mut offered = script("* OK ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\na2 OK begin TLS\r\n");
        greeting(Protocol::Imap, &mut offered).unwrap();
        upgrade_command(Protocol::Imap, &mut offered).unwrap();
        assert_eq!(offered.stream.written, b"a1 CAPABILITY\r\na2 STARTTLS\r\n");

        let mut in_greeting = script("* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\na1 OK done\r\na2 OK go\r\n");
        greeting(Protocol::Imap, &mut in_greeting).unwrap();
        upgrade_command(Protocol::Imap, &mut in_greeting).unwrap();

        let mut missing = script("* OK ready\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN XSTARTTLS\r\na1 OK done\r\n");
        greeting(Protocol::Imap, &mut missing).unwrap();
        assert!(upgrade_command(Protocol::Imap, &mut missing).unwrap_err().contains("does not offer STARTTLS"));
    }

    #[test]
    fn pop3_needs_stls_in_capa() {
        let mut offered = script("+OK hi\r\n+OK caps\r\nUSER\r\nSTLS\r\n.\r\n+OK begin\r\n");
        greeting(Protocol::Pop3, &mut offered).unwrap();
        upgrade_command(Protocol::Pop3, &mut offered).unwrap();
        let mut missing = script("+OK hi\r\n+OK caps\r\nUSER\r\n.\r\n");
        greeting(Protocol::Pop3, &mut missing).unwrap();
        assert!(upgrade_command(Protocol::Pop3, &mut missing).is_err());
        let mut no_capa = script("+OK hi\r\n-ERR what\r\n");
        greeting(Protocol::Pop3, &mut no_capa).unwrap();
        assert!(upgrade_command(Protocol::Pop3, &mut no_capa).is_err());
    }

    #[test]
    fn smtp_reads_multiline_replies_and_needs_starttls_in_ehlo() {
        let mut offered =
            script("220-first\r\n220 mail ready\r\n250-hello\r\n250-SIZE 1000\r\n250 STARTTLS\r\n220 go ahead\r\n");
        greeting(Protocol::Smtp, &mut offered).unwrap();
        upgrade_command(Protocol::Smtp, &mut offered).unwrap();
        assert_eq!(offered.stream.written, b"EHLO localhost\r\nSTARTTLS\r\n");
        let mut missing = script("220 ready\r\n250-hello\r\n250 AUTH PLAIN\r\n");
        greeting(Protocol::Smtp, &mut missing).unwrap();
        assert!(upgrade_command(Protocol::Smtp, &mut missing).is_err());
    }

    #[test]
    fn wrong_greetings_and_endless_lines_are_refused() {
        assert!(greeting(Protocol::Imap, &mut script("+OK I am POP\r\n")).is_err());
        assert!(greeting(Protocol::Pop3, &mut script("* OK I am IMAP\r\n")).is_err());
        assert!(greeting(Protocol::Smtp, &mut script("554 go away\r\n")).is_err());
        assert!(greeting(Protocol::Smtp, &mut script("HTTP/1.1 400 Bad\r\n")).is_err());
        assert!(greeting(Protocol::Imap, &mut script(&"x".repeat(10_000))).is_err());
        assert!(greeting(Protocol::Imap, &mut script("")).is_err());
    }
}
