//! Helpers shared by the export tests (tests/exports_*.rs): sample accounts, running
//! `mailsetup export`, the keyring, delivering a message to the test server and waiting for it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

use crate::common::{self, MailServer};
use mailsetup::engine::account::{Account, Protocol, Security, Server, SettingsSource};
use mailsetup::engine::export::ExportOptions;
use mailsetup::engine::i18n::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The test user whose mailbox the export tests use.
pub const USER: &str = "exporter@example.test";

/// An account for the documentation examples (nothing is contacted).
pub fn sample_account(incoming: (Protocol, &str, u16, Security), outgoing: (&str, u16, Security)) -> Account {
    let (protocol, host, port, security) = incoming;
    Account {
        email: "jane@example.com".into(),
        display_name: "Jane Doe".into(),
        provider_id: None,
        source: SettingsSource::Manual,
        incoming: Server::new(protocol, host, port, security, "jane@example.com"),
        outgoing: Server::new(Protocol::Smtp, outgoing.0, outgoing.1, outgoing.2, "jane@example.com"),
    }
}

/// IMAP + SMTP, both implicit TLS.
pub fn tls_account() -> Account {
    sample_account((Protocol::Imap, "imap.example.com", 993, Security::Tls), ("smtp.example.com", 465, Security::Tls))
}

/// IMAP + SMTP, both required STARTTLS.
pub fn starttls_account() -> Account {
    sample_account(
        (Protocol::Imap, "imap.example.com", 143, Security::Starttls),
        ("smtp.example.com", 587, Security::Starttls),
    )
}

/// POP3 + SMTP, both implicit TLS.
pub fn pop3_account() -> Account {
    sample_account((Protocol::Pop3, "pop.example.com", 995, Security::Tls), ("smtp.example.com", 465, Security::Tls))
}

/// Options that make every export reproducible (fixed UUIDs and date).
pub fn fixed_options() -> ExportOptions<'static> {
    ExportOptions {
        lang: Lang::En,
        uuid_seed: Some(1),
        generated_at: Some("2026-11-28T12:00:00Z".parse().unwrap()),
        ..Default::default()
    }
}

/// A fresh temporary directory under target/ (world-traversable, like the mail server's state).
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-tmp");
    std::fs::create_dir_all(&base).unwrap();
    tempfile::Builder::new().prefix(&format!("{name}-")).tempdir_in(base).unwrap()
}

/// Runs `mailsetup export ARGS` (English, isolated config dir) with nothing on stdin.
pub fn mailsetup_export(args: &[&str]) -> Output {
    let config = temp_dir("config");
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    common::run_mailsetup(config.path(), &all, None)
}

/// Exports the test user's account on the local server with `format` into `path`, the servers
/// given as flags (e.g. `["--imap", "localhost:24993:tls", "--smtp", …]`), and returns stderr
/// (the warnings). Panics with the tool's message if the export failed.
pub fn export_to(server: &MailServer, format: &str, server_flags: &[&str], path: &Path) -> String {
    export_for(server, USER, format, server_flags, path)
}

/// [`export_to`] for another test user.
pub fn export_for(server: &MailServer, user: &str, format: &str, server_flags: &[&str], path: &Path) -> String {
    let ca = server.ca_file.display().to_string();
    let path_text = path.display().to_string();
    let mut args = vec![user, "--name", "Export Tester", "--ca-file", &ca, "--format", format, "-o", &path_text];
    args.extend_from_slice(server_flags);
    let out = mailsetup_export(&args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "export {format} failed: {stderr}");
    stderr
}

/// `localhost:PORT:SEC`.
pub fn spec(port: u16, security: &str) -> String {
    format!("localhost:{port}:{security}")
}

/// Stores the test user's password in the real keyring under mailsetup's entry for this server,
/// exactly as the app does (service `mailsetup`, user = login@host:port).
pub fn store_password(username: &str, port: u16, password: &str) {
    let entry = format!("{username}@localhost:{port}");
    let mut child = Command::new("secret-tool")
        .args(["store", "--label=mailsetup test", "service", "mailsetup", "username", &entry])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("secret-tool (Debian package libsecret-tools) must be installed");
    child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "secret-tool store failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Puts the test user's password into the keyring for every port of the test server.
pub fn store_test_password_everywhere(server: &MailServer) {
    store_password_everywhere(server, USER);
}

/// Puts `user`'s password into the keyring for every port of the test server.
pub fn store_password_everywhere(server: &MailServer, user: &str) {
    common::require_secret_service();
    let password = server.password(user);
    for port in [
        server.imap_port,
        server.imaps_port,
        server.pop3_port,
        server.pop3s_port,
        server.smtps_port,
        server.submission_port,
    ] {
        store_password(user, port, &password);
    }
}

/// A subject no other test uses.
pub fn unique_subject(what: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("mailsetup-export-{what}-{nanos}")
}

/// Sends a message to the test user through the test server (lettre over implicit TLS,
/// verified against the test CA) and waits until it is in the Maildir.
pub fn deliver(server: &MailServer, to: &str, subject: &str) {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    use lettre::{Message, SmtpTransport, Transport};
    let pem = std::fs::read(&server.ca_file).unwrap();
    let tls = TlsParameters::builder("localhost".into())
        .add_root_certificate(Certificate::from_pem(&pem).unwrap())
        .build_rustls()
        .unwrap();
    let transport = SmtpTransport::relay("localhost")
        .unwrap()
        .port(server.smtps_port)
        .tls(Tls::Wrapper(tls))
        .credentials(Credentials::new(to.into(), server.password(to)))
        .timeout(Some(Duration::from_secs(10)))
        .build();
    let message = Message::builder()
        .from(to.parse().unwrap())
        .to(to.parse().unwrap())
        .subject(subject)
        .body(format!("Test message for {subject}\n"))
        .unwrap();
    transport.send(&message).expect("the test server accepts the message");
    wait_for_message(&server.maildir(to), subject);
}

/// Waits (up to 20 s) until a file under `dir` contains `needle`; returns that file.
pub fn wait_for_message(dir: &Path, needle: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(found) = find_file_containing(dir, needle) {
            return found;
        }
        assert!(Instant::now() < deadline, "no message containing {needle:?} under {}", dir.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The first file under `dir` (recursively) whose content contains `needle`.
pub fn find_file_containing(dir: &Path, needle: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file_containing(&path, needle) {
                return Some(found);
            }
        } else if std::fs::read(&path).map(|b| contains(&b, needle.as_bytes())).unwrap_or(false) {
            return Some(path);
        }
    }
    None
}

/// True when `haystack` contains `needle` as a byte sequence.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs a program, panicking with a hint when it is not installed.
pub fn run(program: &str, args: &[&str], configure: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::null());
    configure(&mut command);
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}): install it (tests/run-all.sh lists the packages)"))
}

/// Runs `text` through a program's standard input.
pub fn run_with_stdin(program: &str, args: &[&str], stdin: &[u8], configure: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    configure(&mut command);
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}): install it (tests/run-all.sh lists the packages)"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// A private tmux server for screen-based checks of terminal mail programs.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` in a detached session of a private tmux server (`cols` × `rows`), with `env`.
    pub fn start(name: &str, command: &str, env: &[(&str, &str)], cols: u16, rows: u16) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Keep the window open after the program ends, so a failure shows its last words.
        let shell = format!("{command}; echo \"[exited with $?]\"; sleep 120");
        let socket = format!("mailsetup-{name}-{}-{n}", std::process::id());
        let out = run(
            "tmux",
            &["-L", &socket, "new-session", "-d", "-s", "t", "-x", &cols.to_string(), "-y", &rows.to_string(), &shell],
            |c| {
                for (k, v) in env {
                    c.env(k, v);
                }
            },
        );
        assert!(out.status.success(), "tmux: {}", String::from_utf8_lossy(&out.stderr));
        Tmux { socket }
    }

    /// The visible screen.
    pub fn screen(&self) -> String {
        let out = run("tmux", &["-L", &self.socket, "capture-pane", "-p", "-t", "t"], |_| {});
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Waits (up to `secs`) until the screen contains `needle`; returns the last screen either way.
    pub fn wait_for(&self, needle: &str, secs: u64) -> (bool, String) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return (true, screen);
            }
            if Instant::now() >= deadline {
                return (false, screen);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
    }
}

/// Which protocol a [`Trap`] speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrapProtocol {
    Imap,
    Pop3,
    Smtp,
}

/// A fake mail server on 127.0.0.1 that does NOT offer STARTTLS and records every line it is
/// sent. A client configured for required STARTTLS must hang up on it without ever sending a
/// login: the trap proves there is no silent fallback to plain text.
pub struct Trap {
    pub port: u16,
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Trap {
    /// Starts the trap on a free port.
    pub fn start(protocol: TrapProtocol) -> Trap {
        use std::io::{BufRead, BufReader};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (seen, count) = (lines.clone(), connections.clone());
        let serve = move || {
            for stream in listener.incoming().flatten() {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
                let mut writer = stream.try_clone().unwrap();
                let greeting = match protocol {
                    TrapProtocol::Imap => "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] trap ready\r\n",
                    TrapProtocol::Pop3 => "+OK trap ready\r\n",
                    TrapProtocol::Smtp => "220 trap ESMTP ready\r\n",
                };
                let _ = writer.write_all(greeting.as_bytes());
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    seen.lock().unwrap().push(line.clone());
                    let words: Vec<&str> = line.split_whitespace().collect();
                    let reply = match protocol {
                        TrapProtocol::Imap => {
                            let tag = words.first().copied().unwrap_or("*");
                            match words.get(1).map(|w| w.to_ascii_uppercase()).as_deref() {
                                Some("CAPABILITY") => format!("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n"),
                                Some("LOGOUT") => format!("* BYE\r\n{tag} OK bye\r\n"),
                                Some("LOGIN") | Some("AUTHENTICATE") => format!("{tag} NO trapped\r\n"),
                                _ => format!("{tag} BAD not here\r\n"),
                            }
                        }
                        TrapProtocol::Pop3 => match words.first().map(|w| w.to_ascii_uppercase()).as_deref() {
                            Some("CAPA") => "+OK\r\nUSER\r\n.\r\n".to_string(),
                            Some("QUIT") => "+OK bye\r\n".to_string(),
                            _ => "-ERR not here\r\n".to_string(),
                        },
                        TrapProtocol::Smtp => match words.first().map(|w| w.to_ascii_uppercase()).as_deref() {
                            Some("EHLO") => "250-trap\r\n250 AUTH PLAIN LOGIN\r\n".to_string(),
                            Some("HELO") => "250 trap\r\n".to_string(),
                            Some("QUIT") => "221 bye\r\n".to_string(),
                            Some("AUTH") => "535 trapped\r\n".to_string(),
                            _ => "502 not here\r\n".to_string(),
                        },
                    };
                    if writer.write_all(reply.as_bytes()).is_err() {
                        break;
                    }
                }
            }
        };
        std::thread::Builder::new().name(format!("trap-{port}")).spawn(serve).unwrap();
        Trap { port, lines, connections }
    }

    /// How many clients connected.
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Every line received so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Panics if a client sent credentials (a login command, or the password anywhere).
    pub fn assert_no_credentials(&self, password: &str) {
        for line in self.lines() {
            let words: Vec<String> = line.split_whitespace().take(2).map(|w| w.to_ascii_uppercase()).collect();
            let login = ["LOGIN", "AUTHENTICATE", "USER", "PASS", "AUTH", "APOP"];
            assert!(
                !words.iter().any(|w| login.contains(&w.as_str())) && !line.contains(password),
                "a login was sent over an unencrypted connection: {}",
                words.join(" ")
            );
        }
    }
}
