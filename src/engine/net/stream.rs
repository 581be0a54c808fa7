//! The one byte stream under every connection mailsetup opens — HTTP GETs, discovery probes and
//! connection checks: TCP, plain or with TLS (from the first byte, or switched on later for
//! STARTTLS), whose every socket read and write is bounded by one deadline.
//!
//! rustls' own `StreamOwned` keeps reading a partial TLS record under one socket timeout that
//! every arriving byte renews, so a server that trickles one byte at a time can hold it far past
//! any deadline; this stream checks the deadline before every socket operation instead. Trust is decided by the `ClientConfig` the caller hands
//! to [`DeadlineStream::start_tls`]: [`Net::tls_handshake`] verifies against [`Net::trust_roots`]
//! (public + system roots + `--ca-file`); the connection checks add their recording verifier
//! (`check::tls`), which runs the same verification first. Nothing here accepts an unverified
//! certificate.

use super::{Net, NetError, remaining};
use rustls::{ClientConfig, ClientConnection};
use rustls_pki_types::ServerName;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
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

/// A TCP connection, plain or TLS. Reads and writes fail with `ErrorKind::TimedOut` once the
/// deadline has passed, however the server paces its bytes.
pub struct DeadlineStream {
    tcp: TcpStream,
    /// Set once TLS was started; from then on every byte goes through it.
    tls: Option<Box<ClientConnection>>,
    deadline: Instant,
}

impl std::fmt::Debug for DeadlineStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeadlineStream")
            .field("peer", &self.tcp.peer_addr().ok())
            .field("encrypted", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

fn deadline_passed() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "deadline passed")
}

/// True for the error kinds a socket timeout produces (platform-dependent).
pub(crate) fn is_timeout_kind(kind: io::ErrorKind) -> bool {
    matches!(kind, io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// The name rustls checks the certificate against: a DNS name or an IP address (brackets
/// around an IPv6 literal are dropped); `None` when `host` is neither.
pub fn server_name(host: &str) -> Option<ServerName<'static>> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    ServerName::try_from(bare.to_string()).ok()
}

impl Net {
    /// Runs a TLS handshake over `tcp` for `host` (the name the certificate must carry),
    /// verifying the certificate against [`Net::trust_roots`], all before `deadline`.
    pub fn tls_handshake(&self, tcp: TcpStream, host: &str, deadline: Instant) -> Result<DeadlineStream, TlsError> {
        let config = self.tls_client_config()?;
        let name = server_name(host).ok_or_else(|| TlsError::BadName { host: host.into() })?;
        let mut stream = DeadlineStream::new(tcp, deadline);
        stream.start_tls(config, name).map_err(|e| {
            if is_timeout_kind(e.kind()) {
                TlsError::Timeout { host: host.into() }
            } else {
                TlsError::Handshake { host: host.into(), detail: e.to_string() }
            }
        })?;
        Ok(stream)
    }
}

impl DeadlineStream {
    /// A plain connection over `tcp`; nothing is read or written yet.
    pub fn new(tcp: TcpStream, deadline: Instant) -> Self {
        DeadlineStream { tcp, tls: None, deadline }
    }

    /// The instant after which every read and write fails.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Moves the deadline for later reads and writes (e.g. a fresh per-step budget).
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }

    /// The underlying TCP connection.
    pub fn tcp(&self) -> &TcpStream {
        &self.tcp
    }

    /// The TLS session, once [`Self::start_tls`] succeeded (version, cipher suite …).
    pub fn tls(&self) -> Option<&ClientConnection> {
        self.tls.as_deref()
    }

    /// Shuts the socket down in both directions (a blocked read elsewhere returns at once).
    pub fn shutdown(&self) {
        let _ = self.tcp.shutdown(std::net::Shutdown::Both);
    }

    /// Starts TLS on this connection — at once for implicit TLS, or after the server agreed to
    /// STARTTLS — and finishes the handshake before the deadline. `config`'s verifier decides
    /// whether the certificate for `name` is trusted. On failure the socket is shut down (a
    /// half-done handshake is never reused) and the error says why: `TimedOut`, `UnexpectedEof`,
    /// or `InvalidData` carrying the rustls error.
    pub fn start_tls(&mut self, config: Arc<ClientConfig>, name: ServerName<'static>) -> io::Result<()> {
        if self.tls.is_some() {
            return Err(io::Error::other("the connection is already encrypted"));
        }
        let conn = ClientConnection::new(config, name).map_err(io::Error::other)?;
        self.tls = Some(Box::new(conn));
        let result = self.finish_handshake();
        if result.is_err() {
            // Hang up at once: tell the server nothing more and free the port.
            self.shutdown();
        }
        result
    }

    fn arm_timeouts(&self) -> io::Result<()> {
        let left = remaining(self.deadline).ok_or_else(deadline_passed)?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.set_write_timeout(Some(left))?;
        Ok(())
    }

    /// Sends whatever TLS records rustls has queued.
    fn write_pending(&mut self) -> io::Result<()> {
        let Some(conn) = self.tls.as_deref_mut() else { return Ok(()) };
        while conn.wants_write() {
            let left = remaining(self.deadline).ok_or_else(deadline_passed)?;
            self.tcp.set_write_timeout(Some(left))?;
            conn.write_tls(&mut self.tcp)?;
        }
        Ok(())
    }

    /// Reads one batch of TLS records from the socket; returns false at end of stream.
    fn read_records(&mut self) -> io::Result<bool> {
        self.arm_timeouts()?;
        let Some(conn) = self.tls.as_deref_mut() else { return Ok(false) };
        let n = conn.read_tls(&mut self.tcp)?;
        if let Err(e) = conn.process_new_packets() {
            // Tell the peer why (an alert), then report the error.
            let _ = self.write_pending();
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        Ok(n > 0)
    }

    fn is_handshaking(&self) -> bool {
        self.tls.as_deref().is_some_and(|conn| conn.is_handshaking())
    }

    fn finish_handshake(&mut self) -> io::Result<()> {
        while self.is_handshaking() {
            self.write_pending()?;
            if !self.is_handshaking() {
                break;
            }
            let wants_read = self.tls.as_deref().is_some_and(|conn| conn.wants_read());
            if wants_read && !self.read_records()? {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection"));
            }
        }
        self.write_pending()
    }
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.tls.is_none() {
            self.arm_timeouts()?;
            return self.tcp.read(buf);
        }
        let mut saw_eof = false;
        loop {
            if let Some(conn) = self.tls.as_deref_mut() {
                match conn.reader().read(buf) {
                    Ok(n) => return Ok(n),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
            if saw_eof {
                return Ok(0);
            }
            saw_eof = !self.read_records()?;
        }
    }
}

impl Write for DeadlineStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.tls.as_deref_mut() {
            None => {
                self.arm_timeouts()?;
                self.tcp.write(buf)
            }
            Some(conn) => {
                let n = conn.writer().write(buf)?;
                self.write_pending()?;
                Ok(n)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.tls.as_deref_mut() {
            None => self.tcp.flush(),
            Some(conn) => {
                conn.writer().flush()?;
                self.write_pending()
            }
        }
    }
}

/// Loopback TLS servers for the unit tests of this stream and of the layers above it.
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod testing {
    use rustls::RootCertStore;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::time::Duration;

    /// A throw-away CA and a server identity for `127.0.0.1` signed by it.
    pub(crate) struct TestTls {
        /// Holds the CA's PEM file (deleted on drop).
        _dir: tempfile::TempDir,
        /// The CA as a PEM file (for `NetConfig::ca_file`).
        pub(crate) ca_pem: PathBuf,
        /// The CA as the only trusted root.
        pub(crate) roots: Arc<RootCertStore>,
        pub(crate) server: Arc<rustls::ServerConfig>,
    }

    impl TestTls {
        pub(crate) fn new() -> Self {
            let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
            ca.distinguished_name.push(rcgen::DnType::CommonName, "Stream Test CA");
            ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            let issuer = rcgen::CertifiedIssuer::self_signed(ca, rcgen::KeyPair::generate().unwrap()).unwrap();
            let key = rcgen::KeyPair::generate().unwrap();
            let mut leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
            leaf.distinguished_name.push(rcgen::DnType::CommonName, "127.0.0.1");
            let cert = leaf.signed_by(&key, &issuer).unwrap();
            let server = rustls::ServerConfig::builder_with_provider(super::super::crypto_provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(
                    vec![cert.der().clone()],
                    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
                )
                .unwrap();
            let mut roots = RootCertStore::empty();
            roots.add(CertificateDer::from(issuer.der().to_vec())).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let ca_pem = dir.path().join("ca.pem");
            std::fs::write(&ca_pem, issuer.pem()).unwrap();
            TestTls { _dir: dir, ca_pem, roots: Arc::new(roots), server: Arc::new(server) }
        }

        /// A client configuration that trusts only this CA.
        pub(crate) fn client(&self) -> Arc<rustls::ClientConfig> {
            let config = rustls::ClientConfig::builder_with_provider(super::super::crypto_provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(self.roots.clone())
                .with_no_client_auth();
            Arc::new(config)
        }
    }

    /// How a [`trickling_server`] paces what it sends.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) enum Trickle {
        /// Plain TCP: `payload` one byte at a time.
        Plain,
        /// A normal TLS handshake, then the encrypted `payload` one byte at a time.
        AfterHandshake,
        /// The server's handshake messages one byte at a time.
        Handshake,
    }

    /// Serves one connection on 127.0.0.1 that sends what `trickle` says one byte every
    /// `interval`, until everything is sent or the client hangs up. Returns the port.
    pub(crate) fn trickling_server(
        tls: Option<Arc<rustls::ServerConfig>>,
        trickle: Trickle,
        payload: Vec<u8>,
        interval: Duration,
    ) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::Builder::new()
            .name(format!("trickling-server-{port}"))
            .spawn(move || {
                let (mut tcp, _) = listener.accept().unwrap();
                tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let bytes = match (trickle, tls) {
                    (Trickle::Plain, _) | (_, None) => payload,
                    (Trickle::AfterHandshake, Some(config)) => {
                        let mut conn = rustls::ServerConnection::new(config).unwrap();
                        while conn.is_handshaking() {
                            if conn.complete_io(&mut tcp).is_err() {
                                return;
                            }
                        }
                        conn.writer().write_all(&payload).unwrap();
                        let mut bytes = vec![];
                        while conn.wants_write() {
                            conn.write_tls(&mut bytes).unwrap();
                        }
                        bytes
                    }
                    (Trickle::Handshake, Some(config)) => {
                        // Read the ClientHello, then hold back the answer.
                        let mut conn = rustls::ServerConnection::new(config).unwrap();
                        while !conn.wants_write() {
                            if !matches!(conn.read_tls(&mut tcp), Ok(n) if n > 0) {
                                return;
                            }
                            if conn.process_new_packets().is_err() {
                                return;
                            }
                        }
                        let mut bytes = vec![];
                        while conn.wants_write() {
                            conn.write_tls(&mut bytes).unwrap();
                        }
                        bytes
                    }
                };
                for byte in bytes {
                    std::thread::sleep(interval);
                    if tcp.write_all(&[byte]).is_err() {
                        return;
                    }
                }
                // Everything sent: wait for the client to hang up.
                let mut sink = [0u8; 1024];
                while matches!(tcp.read(&mut sink), Ok(n) if n > 0) {}
            })
            .unwrap();
        port
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::testing::{TestTls, Trickle, trickling_server};
    use super::*;
    use crate::engine::net::NetConfig;
    use std::time::Duration;

    /// How far past the deadline a read may return (thread wake-up on a loaded machine).
    const SLACK: Duration = Duration::from_millis(300);
    const INTERVAL: Duration = Duration::from_millis(10);

    fn connect(port: u16, deadline: Instant) -> DeadlineStream {
        DeadlineStream::new(TcpStream::connect(("127.0.0.1", port)).unwrap(), deadline)
    }

    fn name() -> ServerName<'static> {
        server_name("127.0.0.1").unwrap()
    }

    /// Reads until an error; returns it and when it came.
    fn read_until_error(stream: &mut DeadlineStream) -> (io::Error, Instant) {
        let mut buf = [0u8; 64];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => panic!("the stream ended instead of timing out"),
                Ok(_) => {}
                Err(e) => return (e, Instant::now()),
            }
        }
    }

    #[test]
    fn a_plain_server_that_trickles_one_byte_at_a_time_cannot_outlast_the_deadline() {
        let port = trickling_server(None, Trickle::Plain, vec![b'x'; 10_000], INTERVAL);
        let deadline = Instant::now() + Duration::from_millis(500);
        let (error, at) = read_until_error(&mut connect(port, deadline));
        assert!(is_timeout_kind(error.kind()), "{error:?}");
        assert!(at <= deadline + SLACK, "{:?} past the deadline", at - deadline);
    }

    #[test]
    fn a_tls_record_trickled_one_byte_at_a_time_cannot_outlast_the_deadline() {
        let tls = TestTls::new();
        // One 16 KiB record at 100 bytes a second would take minutes to arrive whole.
        let port = trickling_server(Some(tls.server.clone()), Trickle::AfterHandshake, vec![b'x'; 16_000], INTERVAL);
        let deadline = Instant::now() + Duration::from_millis(800);
        let mut stream = connect(port, deadline);
        stream.start_tls(tls.client(), name()).unwrap();
        let (error, at) = read_until_error(&mut stream);
        assert!(is_timeout_kind(error.kind()), "{error:?}");
        assert!(at <= deadline + SLACK, "{:?} past the deadline", at - deadline);
    }

    #[test]
    fn a_handshake_trickled_one_byte_at_a_time_is_cut_off_at_the_deadline() {
        let tls = TestTls::new();
        let port = trickling_server(Some(tls.server.clone()), Trickle::Handshake, vec![], INTERVAL);
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut stream = connect(port, deadline);
        let error = stream.start_tls(tls.client(), name()).unwrap_err();
        assert!(is_timeout_kind(error.kind()), "{error:?}");
        assert!(Instant::now() <= deadline + SLACK);
        assert!(stream.tls().is_some_and(|c| c.is_handshaking()), "no session came out of it");
    }

    #[test]
    fn a_certificate_from_an_unknown_ca_is_refused() {
        let tls = TestTls::new();
        let port = trickling_server(Some(tls.server.clone()), Trickle::AfterHandshake, b"hi".to_vec(), INTERVAL);
        let deadline = Instant::now() + Duration::from_secs(5);
        let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        // The public and system roots do not include the test CA.
        let error = Net::default().tls_handshake(tcp, "127.0.0.1", deadline).unwrap_err();
        assert!(matches!(&error, TlsError::Handshake { detail, .. } if detail.contains("UnknownIssuer")), "{error:?}");
    }

    #[test]
    fn the_ca_file_seam_is_trusted_and_bytes_arrive_through_tls() {
        let tls = TestTls::new();
        let port = trickling_server(Some(tls.server.clone()), Trickle::AfterHandshake, b"hello".to_vec(), INTERVAL);
        let net = Net::new(NetConfig { ca_file: Some(tls.ca_pem.clone()), ..NetConfig::default() });
        let deadline = Instant::now() + Duration::from_secs(5);
        let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut stream = net.tls_handshake(tcp, "127.0.0.1", deadline).unwrap();
        let mut got = [0u8; 5];
        stream.read_exact(&mut got).unwrap();
        assert_eq!(&got, b"hello");
        let again = stream.start_tls(tls.client(), name()).unwrap_err();
        assert!(again.to_string().contains("already encrypted"), "{again}");
    }
}
