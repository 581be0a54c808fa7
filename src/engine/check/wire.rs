//! The byte stream under every check: plain TCP or TLS (implicit or after STARTTLS), with a
//! deadline on every read and write, size caps on everything the server sends, a way to send a
//! line that must never be logged (credentials), and the STARTTLS upgrade that refuses to carry
//! plaintext bytes that arrived before the handshake across into the encrypted session.

use super::tls::{self, TlsFacts, TlsProblem};
use crate::engine::job::Cancel;
use crate::engine::net::remaining;
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

enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
    /// Only while switching from plain to TLS.
    Switching,
}

impl Stream {
    fn tcp(&self) -> Option<&TcpStream> {
        match self {
            Stream::Plain(tcp) => Some(tcp),
            Stream::Tls(tls) => Some(tls.get_ref()),
            Stream::Switching => None,
        }
    }
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
    stream: Stream,
    buffer: Vec<u8>,
    total_read: usize,
    deadline: Instant,
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
            stream: Stream::Plain(tcp),
            buffer: Vec::new(),
            total_read: 0,
            deadline,
            cancel: cancel.clone(),
            label,
            hidden: None,
        }
    }

    /// The local address of the socket (for the SMTP EHLO name).
    pub(crate) fn local_ip(&self) -> Option<std::net::IpAddr> {
        self.stream.tcp().and_then(|t| t.local_addr().ok()).map(|a| a.ip())
    }

    /// Sets the socket timeouts to the time left, or reports that none is left.
    fn arm(&mut self) -> Result<(), WireError> {
        if self.cancel.is_cancelled() {
            return Err(WireError::Cancelled);
        }
        let left = remaining(self.deadline).ok_or(WireError::Timeout)?;
        if let Some(tcp) = self.stream.tcp() {
            tcp.set_read_timeout(Some(left)).map_err(|e| WireError::Io(e.to_string()))?;
            tcp.set_write_timeout(Some(left)).map_err(|e| WireError::Io(e.to_string()))?;
        }
        Ok(())
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
        let read = match &mut self.stream {
            Stream::Plain(tcp) => tcp.read(&mut chunk),
            Stream::Tls(tls) => tls.read(&mut chunk),
            Stream::Switching => return Err(WireError::Closed),
        };
        match read {
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
        let result = match &mut self.stream {
            Stream::Plain(tcp) => tcp.write_all(bytes).and_then(|_| tcp.flush()),
            Stream::Tls(tls) => tls.write_all(bytes).and_then(|_| tls.flush()),
            Stream::Switching => return Err(WireError::Closed),
        };
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
        let connection = rustls::ClientConnection::new(config, name)
            .map_err(|e| tls_error(TlsProblem::Handshake { detail: e.to_string() }))?;
        self.arm()?;
        let Stream::Plain(tcp) = std::mem::replace(&mut self.stream, Stream::Switching) else {
            return Err(tls_error(TlsProblem::Handshake { detail: "the connection is already encrypted".into() }));
        };
        let mut stream = rustls::StreamOwned::new(connection, tcp);
        while stream.conn.is_handshaking() {
            if let Err(e) = stream.conn.complete_io(&mut stream.sock) {
                // Hang up at once (the watchdog still holds a handle to this socket).
                let _ = stream.sock.shutdown(std::net::Shutdown::Both);
                let facts = Box::new(tls::recorded_facts(&capture));
                let error = match tls::recorded_problem(&capture) {
                    Some(problem) => WireError::Tls { problem, facts },
                    None => match self.map_io(e) {
                        WireError::Io(detail) => WireError::Tls { problem: TlsProblem::Handshake { detail }, facts },
                        other => other,
                    },
                };
                return Err(error);
            }
        }
        let facts = tls::facts_after_handshake(&stream.conn, &capture);
        self.stream = Stream::Tls(Box::new(stream));
        Ok(facts)
    }

    /// Closes the connection without ceremony (used after a failure).
    pub(crate) fn close(&mut self) {
        if let Some(tcp) = self.stream.tcp() {
            let _ = tcp.shutdown(std::net::Shutdown::Both);
        }
    }

    /// How long is left before the deadline (zero when it passed).
    pub(crate) fn time_left(&self) -> Duration {
        remaining(self.deadline).unwrap_or_default()
    }
}
