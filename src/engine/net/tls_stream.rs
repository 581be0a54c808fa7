//! A verified TLS client stream over TCP whose every read and write is bounded by one deadline.
//!
//! rustls' own `StreamOwned` re-arms the socket timeout for each partial read, so a server that
//! trickles one byte at a time can hold it far past any deadline; this wrapper checks the deadline
//! before every socket operation instead. Certificates are always verified against
//! [`Net::trust_roots`] (public + system roots + `--ca-file`).

use super::{Net, NetError, remaining};
use rustls::ClientConnection;
use rustls_pki_types::ServerName;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// Why a TLS connection could not be set up.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum TlsError {
    #[error("the secure connection to {host} failed: {detail}")]
    Handshake { host: String, detail: String },
    #[error("the secure connection to {host} did not finish in time")]
    Timeout { host: String },
    #[error("{host} is not a valid TLS server name")]
    BadName { host: String },
    #[error(transparent)]
    Config {
        #[from]
        source: NetError,
    },
}

impl TlsError {
    /// True when the failure was a deadline running out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, TlsError::Timeout { .. })
    }
}

/// A TLS client connection with a verified certificate. Reads and writes fail with
/// `ErrorKind::TimedOut` once the deadline has passed.
pub struct TlsStream {
    conn: ClientConnection,
    tcp: TcpStream,
    deadline: Instant,
}

impl std::fmt::Debug for TlsStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsStream").field("peer", &self.tcp.peer_addr().ok()).finish_non_exhaustive()
    }
}

fn deadline_passed() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "deadline passed")
}

/// True for the error kinds a socket timeout produces (platform-dependent).
pub(crate) fn is_timeout_kind(kind: io::ErrorKind) -> bool {
    matches!(kind, io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

impl Net {
    /// Runs a TLS handshake over `tcp` for `host` (the name the certificate must carry),
    /// verifying the certificate against [`Net::trust_roots`], all before `deadline`.
    pub fn tls_handshake(&self, tcp: TcpStream, host: &str, deadline: Instant) -> Result<TlsStream, TlsError> {
        let config = self.tls_client_config()?;
        let host_name = host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host_name.to_string()).map_err(|_| TlsError::BadName { host: host.into() })?;
        let conn = ClientConnection::new(config, name)
            .map_err(|e| TlsError::Handshake { host: host.into(), detail: e.to_string() })?;
        let mut stream = TlsStream { conn, tcp, deadline };
        stream.finish_handshake().map_err(|e| {
            if is_timeout_kind(e.kind()) {
                TlsError::Timeout { host: host.into() }
            } else {
                TlsError::Handshake { host: host.into(), detail: e.to_string() }
            }
        })?;
        Ok(stream)
    }
}

impl TlsStream {
    /// Moves the deadline for later reads and writes (e.g. a fresh per-step budget).
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }

    /// The underlying TCP connection.
    pub fn tcp(&self) -> &TcpStream {
        &self.tcp
    }

    /// The negotiated TLS version, e.g. `TLSv1_3`.
    pub fn protocol_version(&self) -> Option<rustls::ProtocolVersion> {
        self.conn.protocol_version()
    }

    fn arm_timeouts(&self) -> io::Result<()> {
        let left = remaining(self.deadline).ok_or_else(deadline_passed)?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.set_write_timeout(Some(left))?;
        Ok(())
    }

    fn write_pending(&mut self) -> io::Result<()> {
        while self.conn.wants_write() {
            self.arm_timeouts()?;
            self.conn.write_tls(&mut self.tcp)?;
        }
        Ok(())
    }

    /// Reads one batch of TLS records from the socket; returns false at end of stream.
    fn read_records(&mut self) -> io::Result<bool> {
        self.arm_timeouts()?;
        let n = self.conn.read_tls(&mut self.tcp)?;
        let state = self.conn.process_new_packets();
        if let Err(e) = state {
            // Tell the peer why (an alert), then report the error.
            let _ = self.write_pending();
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        Ok(n > 0)
    }

    fn finish_handshake(&mut self) -> io::Result<()> {
        while self.conn.is_handshaking() {
            self.write_pending()?;
            if !self.conn.is_handshaking() {
                break;
            }
            if self.conn.wants_read() && !self.read_records()? {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection"));
            }
        }
        self.write_pending()
    }
}

impl Read for TlsStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut saw_eof = false;
        loop {
            match self.conn.reader().read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
            if saw_eof {
                return Ok(0);
            }
            saw_eof = !self.read_records()?;
        }
    }
}

impl Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.conn.writer().write(buf)?;
        self.write_pending()?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.conn.writer().flush()?;
        self.write_pending()
    }
}
