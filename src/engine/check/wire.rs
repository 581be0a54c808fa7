//! The mail-protocol layer over [`DeadlineStream`] (the one deadline-bounded byte stream in
//! `engine::net`): line reading with size caps on everything the server sends, cancellation that
//! wakes a blocked read, a way to send a line that must never be logged (credentials), and the
//! STARTTLS upgrade that refuses to carry plaintext bytes that arrived before the handshake
//! across into the encrypted session. TLS goes through the recording verifier of `tls.rs`.

use super::tls::{self, TlsFacts, TlsProblem};
use crate::engine::job::Cancel;
use crate::engine::net::{DeadlineStream, remaining};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest line a server may send before we give up (IMAP capability lines are the longest
/// normal ones, around 1 KiB).
pub(crate) const MAX_LINE_BYTES: usize = 16 * 1024;
/// Most bytes one check connection reads in total. A check reads a few kilobytes; anything near
/// this is a hostile or broken server.
pub(crate) const MAX_TOTAL_BYTES: usize = 4 * 1024 * 1024;

/// A failure on the wire, before any protocol meaning is attached.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum WireError {
    #[error("the server did not answer in time")]
    Timeout,
    #[error("the server closed the connection")]
    Closed,
    #[error("cancelled")]
    Cancelled,
    #[error("the server sent more than the allowed size")]
    TooLong,
    #[error("{0}")]
    Io(String),
    #[error("{problem}")]
    Tls { problem: TlsProblem, facts: Box<TlsFacts> },
    #[error("the server sent data before the encrypted connection was set up")]
    PlaintextBeforeTls,
}

/// Sockets to shut down when the check is cancelled or runs out of time; shutting a socket down
/// wakes a thread that is blocked reading it, so cancellation is prompt.
#[derive(Clone, Default)]
pub(crate) struct Interrupter(Arc<Mutex<Vec<TcpStream>>>);

impl Interrupter {
    /// Remembers a handle of `tcp` for [`Interrupter::interrupt_all`].
    pub(crate) fn register(&self, tcp: &TcpStream) {
        if let (Ok(clone), Ok(mut list)) = (tcp.try_clone(), self.0.lock()) {
            list.push(clone);
        }
    }

    /// Shuts every registered socket down.
    pub(crate) fn interrupt_all(&self) {
        if let Ok(list) = self.0.lock() {
            for tcp in list.iter() {
                let _ = tcp.shutdown(std::net::Shutdown::Both);
            }
        }
    }
}

/// One connection to a mail server.
pub(crate) struct Conn {
    stream: DeadlineStream,
    buffer: Vec<u8>,
    total_read: usize,
    cancel: Cancel,
    /// Protocol name for the debug log.
    label: &'static str,
    /// A secret to blank out of logged server lines, should a server echo it back.
    hidden: Option<zeroize::Zeroizing<String>>,
}

impl Conn {
    /// Wraps a connected socket; nothing is read or written yet.
    pub(crate) fn new(tcp: TcpStream, deadline: Instant, cancel: &Cancel, label: &'static str) -> Self {
        Conn {
            stream: DeadlineStream::new(tcp, deadline),
            buffer: Vec::new(),
            total_read: 0,
            cancel: cancel.clone(),
            label,
            hidden: None,
        }
    }

    /// The local address of the socket (for the SMTP EHLO name).
    pub(crate) fn local_ip(&self) -> Option<std::net::IpAddr> {
        self.stream.tcp().local_addr().ok().map(|a| a.ip())
    }

    /// Reports a cancel or a passed deadline before any socket operation (the stream itself then
    /// bounds each socket read and write by the deadline).
    fn arm(&self) -> Result<(), WireError> {
        if self.cancel.is_cancelled() {
            return Err(WireError::Cancelled);
        }
        remaining(self.stream.deadline()).map(|_| ()).ok_or(WireError::Timeout)
    }

    fn map_io(&self, error: std::io::Error) -> WireError {
        if self.cancel.is_cancelled() {
            return WireError::Cancelled;
        }
        match error.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => WireError::Timeout,
            std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe => WireError::Closed,
            _ => WireError::Io(error.to_string()),
        }
    }

    /// Reads more bytes into the buffer.
    fn fill(&mut self) -> Result<(), WireError> {
        self.arm()?;
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) => Err(if self.cancel.is_cancelled() { WireError::Cancelled } else { WireError::Closed }),
            Ok(n) => {
                self.total_read += n;
                if self.total_read > MAX_TOTAL_BYTES {
                    return Err(WireError::TooLong);
                }
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
            }
            Err(e) => Err(self.map_io(e)),
        }
    }

    /// Reads one line (without the line ending; CRLF or a bare LF). Invalid UTF-8 is replaced.
    pub(crate) fn read_line(&mut self) -> Result<String, WireError> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let raw: Vec<u8> = self.buffer.drain(..=end).collect();
                let line = String::from_utf8_lossy(&raw).trim_end_matches(['\r', '\n']).to_string();
                match self.hidden.as_deref().filter(|secret| line.contains(secret.as_str())) {
                    Some(secret) => {
                        tracing::debug!("{} S: {}", self.label, line.replace(secret.as_str(), "<password>"))
                    }
                    None => tracing::debug!("{} S: {}", self.label, line),
                }
                return Ok(line);
            }
            if self.buffer.len() > MAX_LINE_BYTES {
                return Err(WireError::TooLong);
            }
            self.fill()?;
        }
    }

    /// Reads exactly `count` bytes (an IMAP literal).
    pub(crate) fn read_exact(&mut self, count: usize) -> Result<Vec<u8>, WireError> {
        if count > MAX_TOTAL_BYTES {
            return Err(WireError::TooLong);
        }
        while self.buffer.len() < count {
            self.fill()?;
        }
        Ok(self.buffer.drain(..count).collect())
    }

    fn write_raw(&mut self, bytes: &[u8]) -> Result<(), WireError> {
        self.arm()?;
        let result = self.stream.write_all(bytes).and_then(|_| self.stream.flush());
        result.map_err(|e| self.map_io(e))
    }

    /// Sends one command line (CRLF is added) and logs it at debug level.
    pub(crate) fn write_line(&mut self, line: &str) -> Result<(), WireError> {
        tracing::debug!("{} C: {}", self.label, line);
        self.write_raw(format!("{line}\r\n").as_bytes())
    }

    /// Blanks `secret` out of every server line logged from now on (a server echoing a password).
    pub(crate) fn hide_in_logs(&mut self, secret: &str) {
        if !secret.is_empty() {
            self.hidden = Some(zeroize::Zeroizing::new(secret.to_string()));
        }
    }

    /// Sends bytes that carry credentials. They are never logged, not even at debug level.
    pub(crate) fn write_secret(&mut self, bytes: &[u8], log_as: &str) -> Result<(), WireError> {
        tracing::debug!("{} C: {} <credentials not logged>", self.label, log_as);
        self.write_raw(bytes)
    }

    /// Sends a message body as is (already dot-stuffed by the caller).
    pub(crate) fn write_bulk(&mut self, bytes: &[u8]) -> Result<(), WireError> {
        tracing::debug!("{} C: <{} bytes of message>", self.label, bytes.len());
        self.write_raw(bytes)
    }

    /// Performs the TLS handshake on this connection (implicit TLS, or after the server agreed to
    /// STARTTLS) and returns what it showed. Certificates are always verified.
    pub(crate) fn start_tls(
        &mut self,
        host: &str,
        net: &crate::engine::net::Net,
        pinned_sha256: Option<&str>,
    ) -> Result<TlsFacts, WireError> {
        // NOTE: bytes the server sent before the handshake would otherwise be read as if they came
        // through the encrypted channel (the STARTTLS command-injection attack, CVE-2011-0411).
        if !self.buffer.is_empty() {
            return Err(WireError::PlaintextBeforeTls);
        }
        let tls_error = |problem: TlsProblem| WireError::Tls { problem, facts: Box::default() };
        let name = tls::server_name(host).map_err(tls_error)?;
        let (config, capture) = tls::client_config(net, pinned_sha256)
            .map_err(|e| tls_error(TlsProblem::Handshake { detail: e.to_string() }))?;
        self.arm()?;
        if let Err(e) = self.stream.start_tls(config, name) {
            // The stream has hung up already (the watchdog still holds a handle to this socket).
            let facts = Box::new(tls::recorded_facts(&capture));
            return Err(match tls::recorded_problem(&capture) {
                Some(problem) => WireError::Tls { problem, facts },
                None => match self.map_io(e) {
                    WireError::Io(detail) => WireError::Tls { problem: TlsProblem::Handshake { detail }, facts },
                    other => other,
                },
            });
        }
        match self.stream.tls() {
            Some(connection) => Ok(tls::facts_after_handshake(connection, &capture)),
            None => Err(tls_error(TlsProblem::Handshake { detail: "TLS did not start".into() })),
        }
    }

    /// Closes the connection without ceremony (used after a failure).
    pub(crate) fn close(&mut self) {
        self.stream.shutdown();
    }

    /// How long is left before the deadline (zero when it passed).
    pub(crate) fn time_left(&self) -> Duration {
        remaining(self.stream.deadline()).unwrap_or_default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::engine::net::stream_testing::{TestTls, Trickle, trickling_server};
    use crate::engine::net::{Net, NetConfig};
    use std::net::TcpListener;

    /// How far past the deadline a failure may come (thread wake-up on a loaded machine).
    const SLACK: Duration = Duration::from_millis(300);
    const INTERVAL: Duration = Duration::from_millis(10);

    fn conn(port: u16, deadline: Instant, cancel: &Cancel) -> Conn {
        Conn::new(TcpStream::connect(("127.0.0.1", port)).unwrap(), deadline, cancel, "TEST")
    }

    fn net(tls: &TestTls) -> Net {
        Net::new(NetConfig { ca_file: Some(tls.ca_pem.clone()), ..NetConfig::default() })
    }

    /// Serves one plain connection that sends `script` at once and then waits for the client.
    fn plain_server(script: &'static [u8]) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::Builder::new()
            .name("wire-test-server".into())
            .spawn(move || {
                let (mut tcp, _) = listener.accept().unwrap();
                tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                tcp.write_all(script).unwrap();
                let mut sink = [0u8; 1024];
                while matches!(tcp.read(&mut sink), Ok(n) if n > 0) {}
            })
            .unwrap();
        port
    }

    #[test]
    fn a_greeting_trickled_through_tls_times_out_at_the_deadline_without_a_watchdog() {
        let tls = TestTls::new();
        let greeting = [b"* OK ".as_slice(), &[b'x'; 16_000], b"\r\n"].concat();
        let port = trickling_server(Some(tls.server.clone()), Trickle::AfterHandshake, greeting, INTERVAL);
        let deadline = Instant::now() + Duration::from_millis(800);
        let mut conn = conn(port, deadline, &Cancel::new());
        conn.start_tls("127.0.0.1", &net(&tls), None).unwrap();
        assert_eq!(conn.read_line(), Err(WireError::Timeout));
        assert!(Instant::now() <= deadline + SLACK, "{:?} past the deadline", Instant::now() - deadline);
    }

    #[test]
    fn a_handshake_trickled_byte_by_byte_times_out_at_the_deadline_without_a_watchdog() {
        let tls = TestTls::new();
        let port = trickling_server(Some(tls.server.clone()), Trickle::Handshake, vec![], INTERVAL);
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut conn = conn(port, deadline, &Cancel::new());
        assert_eq!(conn.start_tls("127.0.0.1", &net(&tls), None), Err(WireError::Timeout));
        assert!(Instant::now() <= deadline + SLACK, "{:?} past the deadline", Instant::now() - deadline);
    }

    #[test]
    fn a_plain_line_trickled_byte_by_byte_times_out_at_the_deadline() {
        let port = trickling_server(None, Trickle::Plain, vec![b'x'; 10_000], INTERVAL);
        let deadline = Instant::now() + Duration::from_millis(500);
        assert_eq!(conn(port, deadline, &Cancel::new()).read_line(), Err(WireError::Timeout));
        assert!(Instant::now() <= deadline + SLACK);
    }

    #[test]
    fn an_endless_line_is_refused_at_the_cap() {
        static ENDLESS: [u8; MAX_LINE_BYTES + 10_000] = [b'x'; MAX_LINE_BYTES + 10_000];
        let port = plain_server(&ENDLESS);
        let deadline = Instant::now() + Duration::from_secs(5);
        assert_eq!(conn(port, deadline, &Cancel::new()).read_line(), Err(WireError::TooLong));
    }

    #[test]
    fn plaintext_that_arrived_before_starttls_is_never_carried_into_tls() {
        let tls = TestTls::new();
        let port = plain_server(b"220 go ahead\r\n250 injected\r\n");
        let mut conn = conn(port, Instant::now() + Duration::from_secs(5), &Cancel::new());
        assert_eq!(conn.read_line().unwrap(), "220 go ahead");
        assert_eq!(conn.start_tls("127.0.0.1", &net(&tls), None), Err(WireError::PlaintextBeforeTls));
    }

    #[test]
    fn cancelling_wakes_a_read_blocked_on_a_silent_server() {
        let port = plain_server(b"");
        let cancel = Cancel::new();
        let interrupter = Interrupter::default();
        let mut conn = conn(port, Instant::now() + Duration::from_secs(30), &cancel);
        interrupter.register(conn.stream.tcp());
        let (token, waker) = (cancel.clone(), interrupter.clone());
        let canceller = std::thread::Builder::new()
            .name("canceller".into())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                token.cancel();
                waker.interrupt_all();
                Instant::now()
            })
            .unwrap();
        assert_eq!(conn.read_line(), Err(WireError::Cancelled));
        let cancelled_at = canceller.join().unwrap();
        assert!(cancelled_at.elapsed() < Duration::from_millis(100), "took {:?}", cancelled_at.elapsed());
    }
}
