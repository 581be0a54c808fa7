//! The connection check through the public API against the REAL Dovecot + Exim started by
//! tests/run-all.sh: good accounts over TLS and STARTTLS (IMAP, POP3, SMTP) with the test message
//! confirmed in INBOX, wrong passwords, an untrusted certificate, a pinned certificate, servers
//! that hide STARTTLS — with the servers' own logs as proof that no password was sent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod scripted;

use common::MailServer;
use mailsetup::engine::account::{Protocol, Security, Server};
use mailsetup::engine::check::{CheckReport, CheckRequest, CheckStep, StepKind, Trust, run_check, tls};
use mailsetup::engine::diagnostics::DiagnosisKind;
use mailsetup::engine::email_address::EmailAddress;
use mailsetup::engine::i18n::Lang;
use mailsetup::engine::job::{Cancel, Progress};
use mailsetup::engine::net::{Net, NetConfig};
use mailsetup::engine::secrets::Password;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const CHECKER: &str = "checker@example.test";

fn trusting_net(ms: &MailServer) -> Net {
    Net::new(NetConfig { ca_file: Some(ms.ca_file.clone()), ..NetConfig::default() })
}

fn request(email: &str, servers: Vec<Server>, password: &str, lang: Lang) -> CheckRequest {
    let mut request = CheckRequest::new(EmailAddress::parse(email).unwrap(), servers, lang);
    request.password = Some(Password::new(password));
    request.timeout = Duration::from_secs(20);
    request
}

fn server(protocol: Protocol, host: &str, port: u16, security: Security, username: &str) -> Server {
    Server::new(protocol, host, port, security, username)
}

fn check(request: &CheckRequest, net: &Net) -> CheckReport {
    run_check(request, net, &Progress::discard(), &Cancel::new())
}

fn steps_of(report: &CheckReport, protocol: Protocol) -> Vec<StepKind> {
    report.steps.iter().filter(|s| s.server == protocol).map(|s| s.step).collect()
}

/// The lines appended to `log` since `from` bytes.
fn log_since(log: &Path, from: u64) -> Vec<String> {
    let text = std::fs::read(log).unwrap_or_default();
    let start = usize::try_from(from).unwrap().min(text.len());
    String::from_utf8_lossy(&text[start..]).lines().map(str::to_string).collect()
}

fn log_len(log: &Path) -> u64 {
    std::fs::metadata(log).map(|m| m.len()).unwrap_or(0)
}

/// Waits up to 3 s until a new line of `log` satisfies `done`; returns the new lines.
fn wait_for_log(log: &Path, from: u64, done: impl Fn(&str) -> bool) -> Vec<String> {
    let until = Instant::now() + Duration::from_secs(3);
    loop {
        let lines = log_since(log, from);
        if lines.iter().any(|l| done(l)) || Instant::now() > until {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The message files in a Maildir that contain `needle`.
fn maildir_messages_with(ms: &MailServer, user: &str, needle: &str) -> Vec<String> {
    let mut found = vec![];
    for sub in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(ms.maildir(user).join(sub)) else { continue };
        for entry in entries.flatten() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()).to_string();
            if text.contains(needle) {
                found.push(text);
            }
        }
    }
    found
}

fn unique_user(prefix: &str) -> String {
    format!("{prefix}-{}@example.test", uuid::Uuid::new_v4().simple())
}

#[test]
fn a_good_account_over_implicit_tls_sends_and_confirms_the_test_message() {
    let ms = common::mail_server();
    let servers = vec![
        server(Protocol::Imap, "127.0.0.1", ms.imaps_port, Security::Tls, CHECKER),
        server(Protocol::Smtp, "127.0.0.1", ms.smtps_port, Security::Tls, CHECKER),
    ];
    let mut request = request(CHECKER, servers, &ms.password(CHECKER), Lang::En);
    request.send_test = true;
    let (progress, events) = Progress::channel();
    let report = run_check(&request, &trusting_net(&ms), &progress, &Cancel::new());
    assert!(report.ok, "{report:#?}");
    assert!(report.diagnosis.is_none());
    assert_eq!(
        steps_of(&report, Protocol::Smtp),
        [StepKind::Resolve, StepKind::Connect, StepKind::Tls, StepKind::Greeting, StepKind::Auth, StepKind::Send]
    );
    assert_eq!(
        steps_of(&report, Protocol::Imap),
        [StepKind::Resolve, StepKind::Connect, StepKind::Tls, StepKind::Greeting, StepKind::Auth, StepKind::Confirm]
    );
    assert_eq!(report.steps.last().unwrap().step, StepKind::Confirm, "confirm is listed last");
    let delivery = report.delivery_ms.expect("the delivery time is reported");
    assert!(delivery < 20_000);
    // Every step went out as a progress event too, for the GUI's live checklist.
    let mut streamed: Vec<CheckStep> = events.try_iter().collect();
    let mut listed = report.steps.clone();
    streamed.sort_by_key(|s| (s.server, s.step as u8));
    listed.sort_by_key(|s| (s.server, s.step as u8));
    assert_eq!(streamed, listed);
    // The message really is in the INBOX, with its marker header.
    let id = report.test_message_id.clone().unwrap();
    let messages = maildir_messages_with(&ms, CHECKER, &id);
    assert_eq!(messages.len(), 1, "exactly one test message with Message-ID {id}");
    assert!(messages[0].contains("X-Mailsetup-Test: "), "{}", messages[0]);
    let tls = report.servers[0].tls.as_ref().unwrap();
    assert_eq!(tls.trust, Trust::LocalRoot, "the test CA is not a public CA");
    assert!(tls.hostname_matches);
    assert_eq!(tls.certificate.as_ref().unwrap().issuer, "CN=mailsetup Test CA");
    assert!(report.servers[0].capabilities.iter().any(|c| c == "IMAP4rev1"));
}

#[test]
fn a_good_account_over_starttls_sends_and_confirms_the_test_message() {
    let ms = common::mail_server();
    let servers = vec![
        server(Protocol::Imap, "localhost", ms.imap_port, Security::Starttls, CHECKER),
        server(Protocol::Smtp, "localhost", ms.submission_port, Security::Starttls, CHECKER),
    ];
    let mut request = request(CHECKER, servers, &ms.password(CHECKER), Lang::Ru);
    request.send_test = true;
    let report = check(&request, &trusting_net(&ms));
    assert!(report.ok, "{report:#?}");
    for protocol in [Protocol::Imap, Protocol::Smtp] {
        let steps = steps_of(&report, protocol);
        assert!(steps.contains(&StepKind::Starttls) && !steps.contains(&StepKind::Tls), "{protocol}: {steps:?}");
    }
    let starttls = report.steps.iter().find(|s| s.step == StepKind::Starttls).unwrap();
    assert!(starttls.detail.contains("TLSv1.3") && starttls.detail.contains("сертификат"), "{}", starttls.detail);
    let confirm = report.steps.iter().find(|s| s.step == StepKind::Confirm).unwrap();
    assert!(confirm.ok && confirm.detail.contains("пришло через"), "{confirm:?}");
    assert_eq!(maildir_messages_with(&ms, CHECKER, &report.test_message_id.clone().unwrap()).len(), 1);
    // SMTP AUTH is only offered after STARTTLS on this server: the capabilities recorded are the encrypted ones.
    let smtp = report.servers.iter().find(|s| s.protocol == Some(Protocol::Smtp)).unwrap();
    assert!(smtp.capabilities.iter().any(|c| c.starts_with("AUTH")), "{:?}", smtp.capabilities);
}

#[test]
fn pop3_logs_in_over_tls_and_over_stls() {
    let ms = common::mail_server();
    for (port, security) in [(ms.pop3s_port, Security::Tls), (ms.pop3_port, Security::Starttls)] {
        let servers = vec![server(Protocol::Pop3, "127.0.0.1", port, security, CHECKER)];
        let report = check(&request(CHECKER, servers, &ms.password(CHECKER), Lang::En), &trusting_net(&ms));
        assert!(report.ok, "{security}: {report:#?}");
        let auth = report.steps.iter().find(|s| s.step == StepKind::Auth).unwrap();
        assert!(auth.detail.contains("on the server"), "{auth:?}");
        assert!(report.servers[0].capabilities.iter().any(|c| c == "USER"));
    }
}

#[test]
fn a_wrong_password_is_auth_failed_in_english_and_russian() {
    let ms = common::mail_server();
    let servers = vec![
        server(Protocol::Smtp, "127.0.0.1", ms.smtps_port, Security::Tls, CHECKER),
        server(Protocol::Pop3, "127.0.0.1", ms.pop3s_port, Security::Tls, CHECKER),
    ];
    let en = check(&request(CHECKER, servers.clone(), "not-the-password", Lang::En), &trusting_net(&ms));
    let diagnosis = en.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.kind, DiagnosisKind::AuthFailed, "{en:#?}");
    assert_eq!(diagnosis.title, "Wrong username or password");
    assert!(diagnosis.advice.contains("Caps Lock"), "{}", diagnosis.advice);
    assert_eq!(en.failures.len(), 2, "both servers refused: {:?}", en.failures);
    assert!(en.steps.iter().filter(|s| s.step == StepKind::Auth).all(|s| !s.ok));

    let ru = check(&request(CHECKER, servers, "not-the-password", Lang::Ru), &trusting_net(&ms));
    let diagnosis = ru.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.kind, DiagnosisKind::AuthFailed);
    assert_eq!(diagnosis.title, "Неверное имя пользователя или пароль");
    assert!(diagnosis.advice.contains("Caps Lock") && diagnosis.advice.contains("раскладку"), "{}", diagnosis.advice);
    assert!(diagnosis.details.contains("535") || diagnosis.details.contains("[AUTH]"), "{}", diagnosis.details);
}

#[test]
fn a_password_that_needs_an_imap_literal_reaches_dovecot_as_a_login_attempt() {
    let ms = common::mail_server();
    let user = unique_user("literal");
    let servers = vec![server(Protocol::Imap, "127.0.0.1", ms.imaps_port, Security::Tls, &user)];
    let report = check(&request(&user, servers, "пароль \"с\" \\ кавычками", Lang::En), &trusting_net(&ms));
    // Dovecot understood the command (a syntax error would be BAD, not an authentication failure).
    assert_eq!(report.diagnosis.as_ref().unwrap().kind, DiagnosisKind::AuthFailed, "{report:#?}");
    assert!(report.diagnosis.as_ref().unwrap().details.contains("AUTHENTICATIONFAILED"));
}

#[test]
fn an_untrusted_certificate_is_tls_untrusted_and_nothing_is_authenticated() {
    let ms = common::mail_server();
    let user = unique_user("untrusted");
    let servers = vec![
        server(Protocol::Imap, "127.0.0.1", ms.imaps_port, Security::Tls, &user),
        server(Protocol::Smtp, "127.0.0.1", ms.submission_port, Security::Starttls, &user),
        server(Protocol::Pop3, "127.0.0.1", ms.pop3_port, Security::Starttls, &user),
    ];
    let untrusted = request(&user, servers, "Untrusted-Pass-1", Lang::En);
    let report = check(&untrusted, &Net::default());
    let diagnosis = report.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.kind, DiagnosisKind::TlsUntrusted, "{report:#?}");
    assert!(diagnosis.advice.contains("mailsetup Test CA"), "the issuer is named: {}", diagnosis.advice);
    assert_eq!(report.failures.len(), 3, "{:?}", report.failures);
    assert!(!report.steps.iter().any(|s| s.step == StepKind::Auth), "{:?}", report.steps);
    let facts = report.servers[0].tls.as_ref().unwrap();
    assert_eq!(facts.certificate.as_ref().unwrap().issuer, "CN=mailsetup Test CA", "facts are kept for the report");

    // The servers' logs never saw this user...
    let mentions = |user: &str| {
        [&ms.dovecot_log, &ms.exim_mainlog]
            .iter()
            .any(|log| std::fs::read_to_string(log).unwrap_or_default().contains(user))
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(!mentions(&user), "a login for {user} reached a server");
    // ...while the same attempt with the CA trusted does show up, so the logs would have told.
    let report = check(&untrusted, &trusting_net(&ms));
    assert_eq!(report.diagnosis.as_ref().unwrap().kind, DiagnosisKind::AuthFailed);
    let until = Instant::now() + Duration::from_secs(3);
    while !mentions(&user) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(mentions(&user), "control: a real login attempt is logged");
}

#[test]
fn a_pinned_certificate_is_trusted_without_the_ca_file() {
    let ms = common::mail_server();
    let server_cert = ms.ca_file.parent().unwrap().join("server.crt");
    let der = CertificateDer::from_pem_file(&server_cert).unwrap();
    let pin = tls::fingerprint_sha256(&der);
    let mut servers = vec![
        server(Protocol::Imap, "127.0.0.1", ms.imaps_port, Security::Tls, CHECKER),
        server(Protocol::Smtp, "127.0.0.1", ms.submission_port, Security::Starttls, CHECKER),
    ];
    for s in &mut servers {
        s.pinned_cert_sha256 = Some(pin.clone());
    }
    let report = check(&request(CHECKER, servers.clone(), &ms.password(CHECKER), Lang::En), &Net::default());
    assert!(report.ok, "{report:#?}");
    assert!(report.servers.iter().all(|s| s.tls.as_ref().unwrap().trust == Trust::Pinned));

    // A pin for another certificate does not open the door.
    for s in &mut servers {
        s.pinned_cert_sha256 = Some("00".repeat(32));
    }
    let report = check(&request(CHECKER, servers, &ms.password(CHECKER), Lang::En), &Net::default());
    assert_eq!(report.diagnosis.as_ref().unwrap().kind, DiagnosisKind::TlsUntrusted);
}

#[test]
fn servers_without_starttls_fail_before_any_password_is_sent() {
    let ms = common::mail_server();
    let (smtp_port, plain_addr, imap_port, pop3_port) = ms.no_starttls();
    let user = unique_user("nostarttls");
    let exim_from = log_len(&ms.exim_mainlog);
    let dovecot_from = log_len(&ms.dovecot_log);
    let servers = vec![
        server(Protocol::Smtp, "127.0.0.1", smtp_port, Security::Starttls, &user),
        server(Protocol::Imap, &plain_addr, imap_port, Security::Starttls, &user),
        server(Protocol::Pop3, &plain_addr, pop3_port, Security::Starttls, &user),
    ];
    let report = check(&request(&user, servers, "NoStartTls-Pass-1", Lang::Ru), &trusting_net(&ms));
    assert_eq!(report.diagnosis.as_ref().unwrap().kind, DiagnosisKind::StarttlsUnavailable, "{report:#?}");
    assert!(report.diagnosis.as_ref().unwrap().advice.contains("пароль не отправлен"));
    assert_eq!(report.failures.len(), 3, "{:?}", report.failures);
    for protocol in [Protocol::Smtp, Protocol::Imap, Protocol::Pop3] {
        let failed = report.steps.iter().find(|s| s.server == protocol && !s.ok).unwrap();
        assert_eq!(failed.step, StepKind::Starttls, "{protocol}");
        assert!(!steps_of(&report, protocol).contains(&StepKind::Auth));
    }

    // Exim: our connection to the no-STARTTLS port is logged, and nothing about AUTH.
    let port_tag = format!("I=[127.0.0.1]:{smtp_port}");
    let exim = wait_for_log(&ms.exim_mainlog, exim_from, |l| l.contains(&port_tag) && l.contains("closed"));
    let ours: Vec<&String> = exim.iter().filter(|l| l.contains(&port_tag)).collect();
    assert!(!ours.is_empty(), "the connection to port {smtp_port} is in Exim's log: {exim:?}");
    assert!(!ours.iter().any(|l| l.to_ascii_uppercase().contains("AUTH")), "an AUTH attempt was logged: {ours:?}");
    // Dovecot: every session on the no-STARTTLS address ended without an authentication attempt.
    let lip = format!("lip={plain_addr},");
    let dovecot = wait_for_log(&ms.dovecot_log, dovecot_from, |l| l.contains(&lip) && l.contains("pop3-login"));
    let ours: Vec<&String> = dovecot.iter().filter(|l| l.contains(&lip)).collect();
    assert!(ours.len() >= 2, "IMAP and POP3 sessions on {plain_addr} are logged: {dovecot:?}");
    assert!(ours.iter().all(|l| l.contains("no auth attempts")), "{ours:?}");
    assert!(!dovecot.iter().any(|l| l.contains(&user)), "{dovecot:?}");

    // Control: a client that does send AUTH there is logged, so the check above can fail.
    let exim_from = log_len(&ms.exim_mainlog);
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", smtp_port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 1024];
    let _ = tcp.read(&mut buf);
    tcp.write_all(b"EHLO control\r\n").unwrap();
    let _ = tcp.read(&mut buf);
    tcp.write_all(b"AUTH PLAIN AGNvbnRyb2wAY29udHJvbA==\r\nQUIT\r\n").unwrap();
    let _ = tcp.read(&mut buf);
    let control = wait_for_log(&ms.exim_mainlog, exim_from, |l| l.contains("AUTH command used when not advertised"));
    assert!(control.iter().any(|l| l.contains(&port_tag) && l.contains("AUTH")), "{control:?}");
}

/// An SMTP server that accepts the test message and throws it away, so the real IMAP inbox waits.
fn smtp_that_drops_the_message() -> (u16, std::thread::JoinHandle<Vec<String>>) {
    scripted::serve(scripted::Mode::Plain(None), |s: &mut scripted::Session| {
        scripted::smtp_hello(s);
        s.until("AUTH").unwrap();
        s.send("235 ok\r\n");
        for (command, reply) in [("MAIL", "250 ok"), ("RCPT", "250 ok"), ("DATA", "354 go")] {
            s.until(command).unwrap();
            s.send(&format!("{reply}\r\n"));
        }
        while s.line().is_some_and(|l| l != ".") {}
        s.send("250 accepted and dropped\r\n");
        s.until("QUIT");
        s.send("221 bye\r\n");
    })
}

#[test]
fn a_message_that_never_arrives_is_message_not_delivered_at_the_deadline() {
    let ms = common::mail_server();
    let (smtp_port, smtp) = smtp_that_drops_the_message();
    let servers = vec![
        server(Protocol::Imap, "127.0.0.1", ms.imaps_port, Security::Tls, CHECKER),
        server(Protocol::Smtp, "127.0.0.1", smtp_port, Security::None, CHECKER),
    ];
    let mut request = request(CHECKER, servers, &ms.password(CHECKER), Lang::Ru);
    request.send_test = true;
    request.timeout = Duration::from_secs(3);
    let started = Instant::now();
    let report = check(&request, &trusting_net(&ms));
    smtp.join().unwrap();
    assert!(started.elapsed() < Duration::from_millis(3500), "{:?}", started.elapsed());
    let diagnosis = report.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.kind, DiagnosisKind::MessageNotDelivered, "{report:#?}");
    assert!(diagnosis.advice.contains("Спам"), "{}", diagnosis.advice);
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let confirm = report.steps.last().unwrap();
    assert_eq!((confirm.step, confirm.ok), (StepKind::Confirm, false));
    assert!(report.steps.iter().any(|s| s.step == StepKind::Send && s.ok));
}

#[test]
fn cancelling_from_another_thread_stops_a_long_delivery_wait_promptly() {
    let ms = common::mail_server();
    let (smtp_port, smtp) = smtp_that_drops_the_message();
    let servers = vec![
        server(Protocol::Imap, "127.0.0.1", ms.imaps_port, Security::Tls, CHECKER),
        server(Protocol::Smtp, "127.0.0.1", smtp_port, Security::None, CHECKER),
    ];
    let mut request = request(CHECKER, servers, &ms.password(CHECKER), Lang::En);
    request.send_test = true;
    request.timeout = Duration::from_secs(60);
    let cancel = Cancel::new();
    let (progress, events) = Progress::<CheckStep>::channel();
    let net = trusting_net(&ms);
    let token = cancel.clone();
    let watcher = std::thread::Builder::new()
        .name("cancel-after-send".into())
        .spawn(move || {
            // Wait until the message was sent and IMAP has logged in (so it is waiting), then cancel.
            let (mut sent, mut logged_in) = (false, false);
            while let Ok(step) = events.recv_timeout(Duration::from_secs(20)) {
                sent |= step.step == StepKind::Send && step.ok;
                logged_in |= step.server == Protocol::Imap && step.step == StepKind::Auth && step.ok;
                if sent && logged_in {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(500));
            token.cancel();
            Instant::now()
        })
        .unwrap();
    let report = run_check(&request, &net, &progress, &cancel);
    let returned = Instant::now();
    let cancelled_at = watcher.join().unwrap();
    smtp.join().unwrap();
    assert!(report.cancelled, "{report:#?}");
    assert!(
        returned.duration_since(cancelled_at) < Duration::from_millis(250),
        "returned {:?} after cancel",
        returned - cancelled_at
    );
    let confirm = report.steps.iter().find(|s| s.step == StepKind::Confirm);
    assert!(confirm.is_some_and(|c| !c.ok && c.detail == "cancelled"), "{:#?}", report.steps);
    assert!(report.diagnosis.is_none());
    assert_eq!(report.failures, [mailsetup::engine::check::CheckFailure::Cancelled]);
}
