//! Shared helpers for the integration tests: the real services started by `tests/run-all.sh`
//! and the `mailsetup` binary. A missing service is a loud failure, never a silent skip.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The Dovecot + Exim test server started by `tests/run-all.sh` (see tests/harness/mailserver).
#[derive(Clone, Debug)]
pub struct MailServer {
    pub state: PathBuf,
    pub ca_file: PathBuf,
    pub imap_port: u16,
    pub imaps_port: u16,
    pub pop3_port: u16,
    pub pop3s_port: u16,
    pub smtps_port: u16,
    pub submission_port: u16,
    pub dovecot_log: PathBuf,
    pub exim_mainlog: PathBuf,
    /// Ports that never offer STARTTLS/STLS (Exim on 127.0.0.1; Dovecot on `no_starttls_addr`).
    pub smtp_no_starttls_port: Option<u16>,
    pub no_starttls_addr: Option<String>,
    pub imap_no_starttls_port: Option<u16>,
    pub pop3_no_stls_port: Option<u16>,
    users: HashMap<String, String>,
}

impl MailServer {
    /// The password of a test user (`alice@example.test`, `checker@example.test`, …).
    pub fn password(&self, user: &str) -> String {
        self.users.get(user).cloned().unwrap_or_else(|| panic!("no test user {user} in MAIL_USERS"))
    }

    /// (SMTP port, IMAP address, IMAP port, POP3 port) of the listeners that never offer
    /// STARTTLS, or a panic that says the harness is too old.
    pub fn no_starttls(&self) -> (u16, String, u16, u16) {
        match (self.smtp_no_starttls_port, &self.no_starttls_addr, self.imap_no_starttls_port, self.pop3_no_stls_port) {
            (Some(smtp), Some(addr), Some(imap), Some(pop3)) => (smtp, addr.clone(), imap, pop3),
            _ => panic!(
                "server.env has no *_NO_STARTTLS_* ports: the mail test server was started by an older \
                 tests/harness/mailserver/start.sh; restart it (tests/run-all.sh does)"
            ),
        }
    }

    /// The user's Maildir (for counting delivered messages).
    pub fn maildir(&self, user: &str) -> PathBuf {
        let (local, domain) = user.split_once('@').unwrap();
        self.state.join("mail").join(domain).join(local).join("Maildir")
    }
}

/// The running mail server, or a panic that says how to start it.
pub fn mail_server() -> MailServer {
    let dir = std::env::var_os("MAILSETUP_TEST_MAILSERVER").unwrap_or_else(|| {
        panic!(
            "MAILSETUP_TEST_MAILSERVER is not set: this test needs the real Dovecot + Exim servers. \
             Run the tests with tests/run-all.sh, which starts them."
        )
    });
    let state = PathBuf::from(dir);
    let env_file = state.join("server.env");
    let text = std::fs::read_to_string(&env_file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e} (is the mail test server running?)", env_file.display()));
    let vars: HashMap<String, String> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let get = |k: &str| vars.get(k).cloned().unwrap_or_else(|| panic!("{k} missing from {}", env_file.display()));
    let port = |k: &str| get(k).parse::<u16>().unwrap();
    let users = get("MAIL_USERS")
        .split_whitespace()
        .filter_map(|u| u.split_once(':'))
        .map(|(u, p)| (u.to_string(), p.to_string()))
        .collect();
    let server = MailServer {
        state: state.clone(),
        ca_file: PathBuf::from(get("CA_FILE")),
        imap_port: port("IMAP_PORT"),
        imaps_port: port("IMAPS_PORT"),
        pop3_port: port("POP3_PORT"),
        pop3s_port: port("POP3S_PORT"),
        smtps_port: port("SMTPS_PORT"),
        submission_port: port("SUBMISSION_PORT"),
        dovecot_log: PathBuf::from(get("DOVECOT_LOG")),
        exim_mainlog: PathBuf::from(get("EXIM_MAINLOG")),
        smtp_no_starttls_port: vars.get("SMTP_NO_STARTTLS_PORT").and_then(|v| v.parse().ok()),
        no_starttls_addr: vars.get("NO_STARTTLS_ADDR").cloned(),
        imap_no_starttls_port: vars.get("IMAP_NO_STARTTLS_PORT").and_then(|v| v.parse().ok()),
        pop3_no_stls_port: vars.get("POP3_NO_STLS_PORT").and_then(|v| v.parse().ok()),
        users,
    };
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", server.imaps_port)).is_ok(),
        "the mail test server is not listening on 127.0.0.1:{} — run the tests with tests/run-all.sh",
        server.imaps_port
    );
    server
}

/// True when a Secret Service is reachable on the session bus (tests/run-all.sh provides one).
pub fn require_secret_service() {
    let ok = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        .unwrap_or(false);
    assert!(
        ok,
        "no Secret Service on the session bus: run the tests with tests/run-all.sh (gnome-keyring in dbus-run-session)"
    );
}

/// Asserts that `text` contains every one of `needles`, naming all the missing ones at once.
pub fn assert_contains_all<S: AsRef<str>>(text: &str, needles: impl IntoIterator<Item = S>) {
    let missing: Vec<String> =
        needles.into_iter().filter(|n| !text.contains(n.as_ref())).map(|n| n.as_ref().to_string()).collect();
    assert!(missing.is_empty(), "missing {missing:?} in:\n{text}");
}

/// The `mailsetup` binary built for these tests.
pub fn mailsetup_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mailsetup"))
}

/// Runs `mailsetup ARGS` with `stdin` fed in, an isolated config dir and English messages.
pub fn run_mailsetup(config_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(mailsetup_bin())
        .args(args)
        .env("MAILSETUP_CONFIG_DIR", config_dir)
        .env_remove("MAILSETUP_LANG")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mailsetup");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

impl MailServer {
    /// A clientConfig v1.1 for `example.test` that points at this server as `localhost`: IMAP
    /// over implicit TLS, SMTP on `smtp_port` with `smtp_socket_type` (`SSL` or `STARTTLS`).
    // NOTE: `localhost`, not `127.0.0.1`: the Proton Bridge preset names 127.0.0.1, so settings on
    // that address are taken for Proton's (with Bridge's notes and advice).
    pub fn example_test_client_config(&self, smtp_port: u16, smtp_socket_type: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example Test Mail</displayName>
    <incomingServer type="imap">
      <hostname>localhost</hostname><port>{imaps}</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>localhost</hostname><port>{smtp_port}</port><socketType>{smtp_socket_type}</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"#,
            imaps = self.imaps_port
        )
    }

    /// The harness's server certificate (SAN 127.0.0.1, localhost) and key, for test servers
    /// that the code under test reaches over HTTPS with `--ca-file`.
    pub fn server_tls_config(&self) -> rustls::ServerConfig {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::{CertificateDer, PrivateKeyDer};
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(self.ca_file.with_file_name("server.crt"))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
        let key = PrivateKeyDer::from_pem_file(self.ca_file.with_file_name("server.key")).unwrap();
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap()
    }
}

/// A tiny Thunderbird ISPDB on a free loopback port: answers `GET …/example.test` with a
/// clientConfig (404 for anything else) and records every path asked for. Plain HTTP, or HTTPS
/// with the mail harness's certificate (trusted through `--ca-file`).
pub struct Ispdb {
    /// The base URL for `--ispdb-url` / `NetConfig::ispdb_url`.
    pub url: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Ispdb {
    /// Serves `client_config`; over HTTPS with `tls` (see [`MailServer::server_tls_config`]).
    pub fn start(client_config: String, tls: Option<rustls::ServerConfig>) -> Self {
        use std::io::Write;
        use std::sync::{Arc, Mutex};
        let https = tls.is_some();
        let tls = tls.map(Arc::new);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(vec![]));
        let seen = requests.clone();
        let accept = std::thread::Builder::new().name("test-ispdb".into());
        let _ = accept.spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (tls, xml, seen) = (tls.clone(), client_config.clone(), seen.clone());
                let serve = std::thread::Builder::new().name("test-ispdb-conn".into());
                let _ = serve.spawn(move || {
                    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
                    match tls {
                        Some(config) => {
                            let connection = rustls::ServerConnection::new(config).unwrap();
                            let mut stream = rustls::StreamOwned::new(connection, stream);
                            serve_ispdb_request(&mut stream, &xml, &seen);
                            stream.conn.send_close_notify();
                            let _ = stream.flush();
                        }
                        None => serve_ispdb_request(&mut { stream }, &xml, &seen),
                    }
                });
            }
        });
        let scheme = if https { "https" } else { "http" };
        Ispdb { url: format!("{scheme}://127.0.0.1:{port}/"), requests }
    }

    /// The paths asked for so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// Reads one request head, records its path, answers the clientConfig for `…/example.test`.
fn serve_ispdb_request<S: std::io::Read + std::io::Write>(
    stream: &mut S,
    xml: &str,
    seen: &std::sync::Mutex<Vec<String>>,
) {
    let mut head = vec![];
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or_default().to_string();
    seen.lock().unwrap().push(path.clone());
    let reply = if path.ends_with("/example.test") {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
            xml.len()
        )
    } else {
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
    };
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.flush();
}
