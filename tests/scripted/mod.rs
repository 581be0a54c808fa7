//! Scripted mail servers for replies no real server produces on demand (Mail.ru's app-password
//! text, Gmail's sending limit, …): a listener on an ephemeral loopback port that runs one
//! script per test, optionally behind TLS with a certificate from an rcgen test CA.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A throw-away CA plus its PEM file (for `NetConfig::ca_file`).
pub struct TestCa {
    pub dir: tempfile::TempDir,
    pub pem_path: PathBuf,
    issuer: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    pub fn new() -> Self {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, "Scripted Test CA");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
        let issuer = rcgen::CertifiedIssuer::self_signed(params, rcgen::KeyPair::generate().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pem_path = dir.path().join("ca.pem");
        std::fs::write(&pem_path, issuer.pem()).unwrap();
        TestCa { dir, pem_path, issuer }
    }

    /// A server identity for `names`, signed by this CA (valid now unless `expired`).
    pub fn server_config(&self, names: &[&str], expired: bool) -> Arc<rustls::ServerConfig> {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params =
            rcgen::CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, names[0]);
        if expired {
            params.not_before = rcgen::date_time_ymd(2019, 1, 1);
            params.not_after = rcgen::date_time_ymd(2020, 1, 1);
        }
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        tls_config(cert.der().clone(), &key)
    }
}

/// A self-signed CA:TRUE certificate for `name`, as home-made servers have (what `openssl req -x509`
/// makes). Returns the server config and the certificate's DER bytes.
pub fn self_signed_ca_true(name: &str) -> (Arc<rustls::ServerConfig>, Vec<u8>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec![name.to_string()]).unwrap();
    params.distinguished_name.push(rcgen::DnType::CommonName, name);
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    (tls_config(cert.der().clone(), &key), cert.der().to_vec())
}

fn tls_config(cert: CertificateDer<'static>, key: &rcgen::KeyPair) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())))
        .unwrap();
    Arc::new(config)
}

/// Either side of a scripted session.
pub trait Wire: Read + Write + Send {}
impl<T: Read + Write + Send> Wire for T {}

/// One client session as the script sees it: read lines, write lines, record what came in.
pub struct Session {
    reader: BufReader<Box<dyn Wire>>,
    /// Every line the client sent, in order.
    pub received: Vec<String>,
    tls_for_upgrade: Option<Arc<rustls::ServerConfig>>,
}

impl Session {
    /// Sends `text` as is (include `\r\n`).
    pub fn send(&mut self, text: &str) {
        let stream = self.reader.get_mut();
        stream.write_all(text.as_bytes()).unwrap();
        stream.flush().unwrap();
    }

    /// Reads one line (without CRLF); `None` when the client went away.
    pub fn line(&mut self) -> Option<String> {
        let mut raw = Vec::new();
        match self.reader.read_until(b'\n', &mut raw) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                let line = String::from_utf8_lossy(&raw).trim_end_matches(['\r', '\n']).to_string();
                self.received.push(line.clone());
                Some(line)
            }
        }
    }

    /// Reads exactly `n` raw bytes (an IMAP literal).
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut buf = vec![0; n];
        self.reader.read_exact(&mut buf).unwrap();
        buf
    }

    /// Reads lines until one starts with `prefix` (case-insensitive); returns it.
    pub fn until(&mut self, prefix: &str) -> Option<String> {
        loop {
            let line = self.line()?;
            if line.to_ascii_uppercase().starts_with(&prefix.to_ascii_uppercase()) {
                return Some(line);
            }
        }
    }

    /// Switches this session to TLS in place after a STARTTLS exchange (with the config given
    /// to [`serve`]); the lines read afterwards are recorded in the same `received` list.
    pub fn start_tls(&mut self) {
        let config = self.tls_for_upgrade.clone().expect("serve() was given a TLS config for STARTTLS");
        let placeholder: Box<dyn Wire> = Box::new(std::io::Cursor::new(Vec::new()));
        let inner = std::mem::replace(&mut self.reader, BufReader::new(placeholder)).into_inner();
        let connection = rustls::ServerConnection::new(config).unwrap();
        self.reader = BufReader::new(Box::new(rustls::StreamOwned::new(connection, inner)));
    }
}

/// How the scripted server starts a session.
pub enum Mode {
    /// Plain TCP (the check uses `none`, or `starttls` and the script calls `start_tls`).
    Plain(Option<Arc<rustls::ServerConfig>>),
    /// Implicit TLS from the first byte.
    Tls(Arc<rustls::ServerConfig>),
}

/// Serves exactly one connection on 127.0.0.1:<ephemeral> with `script`; the join handle
/// returns every line the client sent.
pub fn serve(mode: Mode, script: impl FnOnce(&mut Session) + Send + 'static) -> (u16, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::Builder::new()
        .name(format!("scripted-server-{port}"))
        .spawn(move || {
            let (tcp, _) = listener.accept().unwrap();
            tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            let (stream, upgrade): (Box<dyn Wire>, _) = match mode {
                Mode::Plain(upgrade) => (Box::new(tcp), upgrade),
                Mode::Tls(config) => {
                    let connection = rustls::ServerConnection::new(config.clone()).unwrap();
                    (Box::new(rustls::StreamOwned::new(connection, tcp)), Some(config))
                }
            };
            let mut session = Session { reader: BufReader::new(stream), received: vec![], tls_for_upgrade: upgrade };
            script(&mut session);
            session.received
        })
        .unwrap();
    (port, handle)
}

/// A listener that accepts one connection and never says anything (for the timeout tests); it
/// swallows what the client sends and ends when the client hangs up.
pub fn silent_listener() -> (u16, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::Builder::new()
        .name("silent-listener".into())
        .spawn(move || {
            let (mut tcp, _) = listener.accept().unwrap();
            tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            let mut sink = [0u8; 4096];
            while matches!(tcp.read(&mut sink), Ok(n) if n > 0) {}
        })
        .unwrap();
    (port, handle)
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The standard SMTP opening for a scripted server: greeting, EHLO with AUTH PLAIN LOGIN.
pub fn smtp_hello(session: &mut Session) {
    session.send("220 scripted.example ESMTP ready\r\n");
    session.until("EHLO").unwrap();
    session.send("250-scripted.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
}

/// The standard IMAP opening: greeting and CAPABILITY (given without LITERAL+ when asked).
pub fn imap_hello(session: &mut Session, capabilities: &str) {
    session.send(&format!("* OK [CAPABILITY {capabilities}] scripted IMAP ready\r\n"));
    let line = session.until("").unwrap();
    let tag = line.split(' ').next().unwrap().to_string();
    assert!(line.to_ascii_uppercase().ends_with("CAPABILITY"), "{line}");
    session.send(&format!("* CAPABILITY {capabilities}\r\n{tag} OK done\r\n"));
}

/// One turn of a [`converse`] script.
#[derive(Clone, Copy, Debug)]
pub enum Turn {
    /// Send this at once (a greeting).
    Say(&'static str),
    /// Wait for a line with this command word (case-insensitive, after any IMAP tag), then send
    /// the answer, with `{tag}` replaced by the line's first word.
    On(&'static str, &'static str),
    /// Switch to TLS (after the server said yes to STARTTLS/STLS).
    Tls,
}

/// Serves one connection that plays `turns`, then records what the client sends until it hangs
/// up. The join handle returns every line the client sent.
pub fn converse(mode: Mode, turns: Vec<Turn>) -> (u16, JoinHandle<Vec<String>>) {
    serve(mode, move |s: &mut Session| {
        for turn in turns {
            match turn {
                Turn::Say(text) => s.send(text),
                Turn::On(command, answer) => {
                    let line = loop {
                        let Some(line) = s.line() else { return };
                        if line.split(' ').any(|word| word.eq_ignore_ascii_case(command)) {
                            break line;
                        }
                    };
                    let tag = line.split(' ').next().unwrap_or_default();
                    s.send(&answer.replace("{tag}", tag));
                }
                Turn::Tls => s.start_tls(),
            }
        }
        while s.line().is_some() {}
    })
}
