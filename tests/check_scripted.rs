//! Checks against scripted servers: the provider replies no real server produces on demand
//! (Mail.ru's app-password text, Yandex's "…or IMAP is disabled", a sender mismatch, a spam
//! rejection, Gmail's daily limit), certificate problems (self-signed CA:TRUE with and without a
//! pin, wrong name, expired), IMAP literals for any password, STARTTLS injection, and deadlines.
//! Also the steps before login alone (`check::probe`, which discovery's guessing uses): STARTTLS
//! only when advertised, verified TLS, greetings, caps, deadline and cancel.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scripted;

use mailsetup::engine::account::{Protocol, Security, Server};
use mailsetup::engine::check::{
    CheckFailure, CheckReport, CheckRequest, ServerFacts, StepKind, TlsProblem, Trust, probe, run_check, tls,
};
use mailsetup::engine::diagnostics::DiagnosisKind;
use mailsetup::engine::email_address::EmailAddress;
use mailsetup::engine::i18n::Lang;
use mailsetup::engine::job::{Cancel, Progress};
use mailsetup::engine::net::{Net, NetConfig};
use mailsetup::engine::secrets::Password;
use scripted::Turn::{On, Say, Tls};
use scripted::{Mode, Session, TestCa, Turn, converse, imap_hello, serve, smtp_hello};
use std::time::{Duration, Instant};

const EMAIL: &str = "anna@example.test";
const PASSWORD: &str = "S3cret-Scripted-Pw";

fn request(servers: Vec<Server>, lang: Lang) -> CheckRequest {
    let mut request = CheckRequest::new(EmailAddress::parse(EMAIL).unwrap(), servers, lang);
    request.password = Some(Password::new(PASSWORD));
    request.timeout = Duration::from_secs(10);
    request
}

fn server(protocol: Protocol, port: u16, security: Security) -> Server {
    Server::new(protocol, "127.0.0.1", port, security, EMAIL)
}

fn check(request: &CheckRequest, net: &Net) -> CheckReport {
    run_check(request, net, &Progress::discard(), &Cancel::new())
}

fn kind(report: &CheckReport) -> DiagnosisKind {
    report.diagnosis.as_ref().unwrap_or_else(|| panic!("no diagnosis: {report:?}")).kind
}

fn failed_step(report: &CheckReport) -> StepKind {
    report.steps.iter().find(|s| !s.ok).unwrap_or_else(|| panic!("no failed step: {:?}", report.steps)).step
}

/// SMTP over implicit TLS (rcgen CA) that answers AUTH with `reply`.
fn smtp_auth_reply(reply: &'static str) -> (CheckReport, Vec<String>) {
    let ca = TestCa::new();
    let (port, handle) = serve(Mode::Tls(ca.server_config(&["127.0.0.1"], false)), move |s| {
        smtp_hello(s);
        s.until("AUTH").unwrap();
        s.send(&format!("{reply}\r\n"));
        s.until("QUIT");
        s.send("221 bye\r\n");
    });
    let net = Net::new(NetConfig { ca_file: Some(ca.pem_path.clone()), ..NetConfig::default() });
    let report = check(&request(vec![server(Protocol::Smtp, port, Security::Tls)], Lang::En), &net);
    (report, handle.join().unwrap())
}

#[test]
fn mail_ru_app_password_text_over_tls_is_app_password_required() {
    let (report, received) = smtp_auth_reply(
        "535 5.7.0 NEOBHODIM parol prilozheniya https://help.mail.ru/mail/security/protection/external / Application password is REQUIRED",
    );
    assert_eq!(kind(&report), DiagnosisKind::AppPasswordRequired, "{report:#?}");
    assert_eq!(failed_step(&report), StepKind::Auth);
    let diagnosis = report.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.url.as_deref(), Some("https://help.mail.ru/mail/security/protection/external"));
    assert!(diagnosis.details.contains("Application password is REQUIRED"));
    assert!(received.iter().any(|l| l.starts_with("AUTH PLAIN ")), "{received:?}");
    let tls = report.servers[0].tls.as_ref().unwrap();
    assert_eq!(tls.protocol_version, "TLSv1.3");
    assert_eq!(tls.trust, Trust::LocalRoot);
    assert!(tls.hostname_matches);
}

/// SMTP (explicit `none`, chosen here so the script stays short) that accepts the login and
/// refuses the message with `reply` at `stage` ("MAIL", "RCPT" or "DATA-END").
fn smtp_send_refused(stage: &'static str, reply: &'static str) -> CheckReport {
    let (port, handle) = serve(Mode::Plain(None), move |s: &mut Session| {
        smtp_hello(s);
        s.until("AUTH").unwrap();
        s.send("235 2.7.0 Authentication successful\r\n");
        s.until("MAIL FROM").unwrap();
        if stage == "MAIL" {
            s.send(&format!("{reply}\r\n"));
        } else {
            s.send("250 ok\r\n");
            s.until("RCPT TO").unwrap();
            if stage == "RCPT" {
                s.send(&format!("{reply}\r\n"));
            } else {
                s.send("250 ok\r\n");
                s.until("DATA").unwrap();
                s.send("354 go ahead\r\n");
                s.until(".").unwrap();
                s.send(&format!("{reply}\r\n"));
            }
        }
        s.until("QUIT");
        s.send("221 bye\r\n");
    });
    let mut request = request(vec![server(Protocol::Smtp, port, Security::None)], Lang::Ru);
    request.send_test = true;
    let report = check(&request, &Net::default());
    handle.join().unwrap();
    report
}

#[test]
fn a_553_sender_mismatch_is_sender_rejected() {
    let report = smtp_send_refused("MAIL", "553 5.7.1 Sender address rejected: not owned by auth user.");
    assert_eq!(kind(&report), DiagnosisKind::SenderRejected, "{report:#?}");
    assert_eq!(failed_step(&report), StepKind::Send);
    assert!(report.diagnosis.as_ref().unwrap().advice.contains("адрес отправителя"));
}

#[test]
fn rambler_style_spam_rejection_after_data_is_spam_rejected() {
    // NOTE: Rambler's exact wording is not in our sources; its stable parts are 5.7.1 + black list.
    let report = smtp_send_refused("DATA-END", "550 5.7.1 Message rejected as spam: sender is in a black list");
    assert_eq!(kind(&report), DiagnosisKind::SpamRejected, "{report:#?}");
    assert_eq!(
        report.diagnosis.as_ref().unwrap().details,
        "550 5.7.1 Message rejected as spam: sender is in a black list"
    );
}

#[test]
fn gmail_daily_limit_is_limit_exceeded() {
    let report = smtp_send_refused("RCPT", "550 5.4.5 Daily user sending quota exceeded.");
    assert_eq!(kind(&report), DiagnosisKind::LimitExceeded, "{report:#?}");
}

#[test]
fn the_test_message_reaches_the_server_dot_stuffed_with_marker_and_message_id() {
    let (port, handle) = serve(Mode::Plain(None), |s: &mut Session| {
        smtp_hello(s);
        s.until("AUTH").unwrap();
        s.send("235 ok\r\n");
        s.until("MAIL FROM").unwrap();
        s.send("250 ok\r\n");
        s.until("RCPT TO").unwrap();
        s.send("250 ok\r\n");
        s.until("DATA").unwrap();
        s.send("354 go\r\n");
        while s.line().is_some_and(|l| l != ".") {}
        s.send("250 queued as 42\r\n");
        s.until("QUIT");
        s.send("221 bye\r\n");
    });
    let mut request = request(vec![server(Protocol::Smtp, port, Security::None)], Lang::En);
    request.send_test = true;
    let report = check(&request, &Net::default());
    let received = handle.join().unwrap();
    assert!(report.ok, "{report:#?}");
    let id = report.test_message_id.clone().unwrap();
    assert!(received.contains(&format!("MAIL FROM:<{EMAIL}>")), "{received:?}");
    assert!(received.contains(&format!("RCPT TO:<{EMAIL}>")), "{received:?}");
    assert!(received.contains(&format!("Message-ID: <{id}>")), "{received:?}");
    assert!(received.iter().any(|l| l.starts_with("X-Mailsetup-Test: ")), "{received:?}");
    assert!(received.iter().any(|l| l.starts_with("EHLO [127.0.0.1]")), "the EHLO name is our address literal");
}

#[test]
fn yandex_invalid_credentials_or_imap_disabled_names_both_checks() {
    let ca = TestCa::new();
    let (port, handle) = serve(Mode::Tls(ca.server_config(&["127.0.0.1"], false)), |s: &mut Session| {
        imap_hello(s, "IMAP4rev1 AUTH=PLAIN");
        let login = s.until("").unwrap();
        let tag = login.split(' ').next().unwrap().to_string();
        s.send(&format!("{tag} NO [AUTHENTICATIONFAILED] LOGIN invalid credentials or IMAP is disabled sc=abc\r\n"));
        if let Some(logout) = s.until("") {
            let tag = logout.split(' ').next().unwrap().to_string();
            s.send(&format!("* BYE\r\n{tag} OK bye\r\n"));
        }
    });
    let net = Net::new(NetConfig { ca_file: Some(ca.pem_path.clone()), ..NetConfig::default() });
    let mut request = request(vec![server(Protocol::Imap, port, Security::Tls)], Lang::En);
    request.provider_id = Some("yandex".into());
    let report = check(&request, &net);
    assert_eq!(kind(&report), DiagnosisKind::ProtocolDisabled, "{report:#?}");
    let en = report.diagnosis.as_ref().unwrap();
    assert!(en.advice.contains("Mail clients") && en.advice.contains("app password"), "{}", en.advice);
    // the same failure, explained in Russian
    let failure = report.failures.first().unwrap();
    let ru = mailsetup::engine::diagnostics::diagnose(failure, request.provider(), Lang::Ru);
    assert_eq!(ru.kind, DiagnosisKind::ProtocolDisabled);
    assert!(ru.advice.contains("Почтовые программы") && ru.advice.contains("пароль приложения"), "{}", ru.advice);
    let received = handle.join().unwrap();
    assert!(received.iter().any(|l| l.contains(" LOGIN ")), "{received:?}");
    assert!(
        !received.iter().any(|l| l.contains(PASSWORD) && !l.contains("LOGIN")),
        "the password only ever goes in LOGIN"
    );
}

#[test]
fn an_imap_password_that_cannot_be_quoted_travels_as_a_synchronizing_literal() {
    let tricky = "пароль \"с\\кавычками\"";
    let (port, handle) = serve(Mode::Plain(None), move |s: &mut Session| {
        imap_hello(s, "IMAP4rev1");
        let login = s.until("").unwrap();
        let tag = login.split(' ').next().unwrap().to_string();
        // quoted username, then a literal announcement for the password
        let size: usize = login.rsplit('{').next().unwrap().trim_end_matches('}').parse().unwrap();
        assert!(login.starts_with(&format!("{tag} LOGIN \"{EMAIL}\" {{")), "{login}");
        s.send("+ go ahead\r\n");
        let bytes = s.bytes(size);
        assert_eq!(String::from_utf8(bytes).unwrap(), "пароль \"с\\кавычками\"");
        let rest = s.line().unwrap();
        assert_eq!(rest, "", "the command ends right after the literal");
        s.send(&format!("{tag} OK LOGIN completed\r\n"));
        let status = s.until("").unwrap();
        let tag = status.split(' ').next().unwrap().to_string();
        s.send(&format!("* STATUS INBOX (MESSAGES 2 UNSEEN 0)\r\n{tag} OK done\r\n"));
        if let Some(logout) = s.until("") {
            let tag = logout.split(' ').next().unwrap().to_string();
            s.send(&format!("* BYE\r\n{tag} OK bye\r\n"));
        }
    });
    let mut request = request(vec![server(Protocol::Imap, port, Security::None)], Lang::En);
    request.password = Some(Password::new(tricky));
    let report = check(&request, &Net::default());
    handle.join().unwrap();
    assert!(report.ok, "{report:#?}");
    assert!(
        report.steps.iter().any(|s| s.step == StepKind::Auth && s.detail.contains("2 messages")),
        "{:?}",
        report.steps
    );
}

fn imap_tls_greeting_only(mode: Mode) -> (u16, std::thread::JoinHandle<Vec<String>>) {
    serve(mode, |s: &mut Session| {
        imap_hello(s, "IMAP4rev1 AUTH=PLAIN");
        if let Some(line) = s.until("") {
            let tag = line.split(' ').next().unwrap().to_string();
            s.send(&format!("* BYE\r\n{tag} OK bye\r\n"));
        }
    })
}

#[test]
fn a_self_signed_ca_true_certificate_is_refused_unless_pinned() {
    let (config, der) = scripted::self_signed_ca_true("127.0.0.1");
    let (port, handle) = imap_tls_greeting_only(Mode::Tls(config.clone()));
    let report = check(&request(vec![server(Protocol::Imap, port, Security::Tls)], Lang::Ru), &Net::default());
    let _ = handle.join();
    assert_eq!(kind(&report), DiagnosisKind::TlsUntrusted, "{report:#?}");
    assert_eq!(failed_step(&report), StepKind::Tls);
    let fingerprint = tls::fingerprint_sha256(&der);
    assert!(
        report.diagnosis.as_ref().unwrap().advice.contains(&fingerprint),
        "the advice names the fingerprint to compare"
    );
    assert!(report.servers[0].tls.as_ref().unwrap().certificate.as_ref().unwrap().self_signed);

    let (port, handle) = imap_tls_greeting_only(Mode::Tls(config));
    let mut pinned = server(Protocol::Imap, port, Security::Tls);
    // the colon-separated upper-case spelling people copy from other tools works too
    let spelled: Vec<String> =
        fingerprint.as_bytes().chunks(2).map(|c| String::from_utf8_lossy(c).to_uppercase()).collect();
    pinned.pinned_cert_sha256 = Some(spelled.join(":"));
    let mut request = request(vec![pinned], Lang::En);
    request.password = None;
    let report = check(&request, &Net::default());
    let _ = handle.join();
    assert!(report.ok, "{report:#?}");
    assert_eq!(report.servers[0].tls.as_ref().unwrap().trust, Trust::Pinned);
}

#[test]
fn a_certificate_for_another_name_is_a_hostname_mismatch() {
    let ca = TestCa::new();
    let (port, handle) = imap_tls_greeting_only(Mode::Tls(ca.server_config(&["other.example.test"], false)));
    let net = Net::new(NetConfig { ca_file: Some(ca.pem_path.clone()), ..NetConfig::default() });
    let report = check(&request(vec![server(Protocol::Imap, port, Security::Tls)], Lang::En), &net);
    let _ = handle.join();
    assert_eq!(kind(&report), DiagnosisKind::TlsHostnameMismatch, "{report:#?}");
    assert!(report.diagnosis.as_ref().unwrap().advice.contains("other.example.test"));
    assert!(!report.servers[0].tls.as_ref().unwrap().hostname_matches);
}

#[test]
fn an_expired_certificate_is_tls_expired() {
    let ca = TestCa::new();
    let (port, handle) = imap_tls_greeting_only(Mode::Tls(ca.server_config(&["127.0.0.1"], true)));
    let net = Net::new(NetConfig { ca_file: Some(ca.pem_path.clone()), ..NetConfig::default() });
    let report = check(&request(vec![server(Protocol::Imap, port, Security::Tls)], Lang::Ru), &net);
    let _ = handle.join();
    assert_eq!(kind(&report), DiagnosisKind::TlsExpired, "{report:#?}");
    assert!(report.diagnosis.as_ref().unwrap().advice.contains("2020-01-01"), "{:?}", report.diagnosis);
}

#[test]
fn plaintext_sent_together_with_the_starttls_answer_is_refused() {
    let ca = TestCa::new();
    let (port, handle) = serve(Mode::Plain(Some(ca.server_config(&["127.0.0.1"], false))), |s: &mut Session| {
        s.send("220 scripted ESMTP\r\n");
        s.until("EHLO").unwrap();
        s.send("250-scripted\r\n250 STARTTLS\r\n");
        s.until("STARTTLS").unwrap();
        // An attacker's injected reply rides along with "220 go ahead" (CVE-2011-0411 style).
        s.send("220 go ahead\r\n250 injected\r\n");
        let _ = s.line();
    });
    let net = Net::new(NetConfig { ca_file: Some(ca.pem_path.clone()), ..NetConfig::default() });
    let report = check(&request(vec![server(Protocol::Smtp, port, Security::Starttls)], Lang::En), &net);
    let received = handle.join().unwrap();
    assert_eq!(failed_step(&report), StepKind::Starttls, "{report:#?}");
    assert_eq!(kind(&report), DiagnosisKind::UnexpectedReply);
    assert!(!received.iter().any(|l| l.starts_with("AUTH")), "{received:?}");
}

#[test]
fn tls_configured_on_a_plaintext_port_says_the_security_does_not_match() {
    let (port, handle) = serve(Mode::Plain(None), |s: &mut Session| {
        s.send("220 scripted ESMTP\r\n");
        let _ = s.line();
    });
    let report = check(&request(vec![server(Protocol::Smtp, port, Security::Tls)], Lang::En), &Net::default());
    let _ = handle.join();
    assert_eq!(failed_step(&report), StepKind::Tls, "{report:#?}");
    assert_eq!(kind(&report), DiagnosisKind::UnexpectedReply);
    assert!(report.diagnosis.as_ref().unwrap().advice.contains("STARTTLS with 587"), "{:?}", report.diagnosis);
}

#[test]
fn a_server_that_accepts_and_never_speaks_times_out_within_the_deadline() {
    for (protocol, security) in
        [(Protocol::Imap, Security::Tls), (Protocol::Smtp, Security::Starttls), (Protocol::Pop3, Security::None)]
    {
        let (port, handle) = scripted::silent_listener();
        let mut request = request(vec![server(protocol, port, security)], Lang::En);
        request.timeout = Duration::from_millis(1500);
        let started = Instant::now();
        let report = check(&request, &Net::default());
        let elapsed = started.elapsed();
        assert!(elapsed <= Duration::from_millis(2000), "{protocol}: took {elapsed:?} for a 1.5 s deadline");
        assert!(elapsed >= Duration::from_millis(1400), "{protocol}: gave up early after {elapsed:?}");
        assert_eq!(kind(&report), DiagnosisKind::Timeout, "{protocol}: {report:#?}");
        let expected = if security == Security::Tls { StepKind::Tls } else { StepKind::Greeting };
        assert_eq!(failed_step(&report), expected);
        handle.join().unwrap();
    }
}

#[test]
fn a_refused_port_is_connection_refused_in_both_languages() {
    let port = scripted::closed_port();
    for lang in [Lang::En, Lang::Ru] {
        let report = check(&request(vec![server(Protocol::Imap, port, Security::Tls)], lang), &Net::default());
        assert_eq!(kind(&report), DiagnosisKind::ConnectionRefused);
        assert_eq!(failed_step(&report), StepKind::Connect);
        assert!(report.diagnosis.as_ref().unwrap().advice.contains(&port.to_string()));
    }
}

/// A token that another thread cancels after `delay`; joining it tells when.
fn cancel_after(delay: Duration) -> (Cancel, std::thread::JoinHandle<Instant>) {
    let cancel = Cancel::new();
    let token = cancel.clone();
    let canceller = std::thread::Builder::new()
        .name("canceller".into())
        .spawn(move || {
            std::thread::sleep(delay);
            token.cancel();
            Instant::now()
        })
        .unwrap();
    (cancel, canceller)
}

#[test]
fn cancelling_from_another_thread_stops_a_silent_server_promptly() {
    let (port, handle) = scripted::silent_listener();
    let mut request = request(vec![server(Protocol::Smtp, port, Security::None)], Lang::En);
    request.timeout = Duration::from_secs(30);
    let (cancel, canceller) = cancel_after(Duration::from_millis(300));
    let report = run_check(&request, &Net::default(), &Progress::discard(), &cancel);
    let returned = Instant::now();
    let cancelled_at = canceller.join().unwrap();
    assert!(returned.duration_since(cancelled_at) < Duration::from_millis(250), "took {:?}", returned - cancelled_at);
    assert!(report.cancelled && !report.ok);
    assert!(report.diagnosis.is_none(), "a cancelled check has nothing to diagnose");
    handle.join().unwrap();
}

/// The steps before login against a scripted server (as discovery's guessing runs them).
fn probe_of(port: u16, protocol: Protocol, security: Security, net: &Net) -> Result<ServerFacts, CheckFailure> {
    probe(&server(protocol, port, security), net, Instant::now() + Duration::from_secs(5), &Cancel::new())
}

fn trusting(ca: &TestCa) -> Net {
    Net::new(NetConfig { ca_file: Some(ca.pem_path.clone()), ..NetConfig::default() })
}

/// Probes a STARTTLS port whose server plays `turns`; returns the result and what the client sent.
fn probe_starttls(protocol: Protocol, turns: Vec<Turn>) -> (Result<ServerFacts, CheckFailure>, Vec<String>) {
    let ca = TestCa::new();
    let (port, handle) = converse(Mode::Plain(Some(ca.server_config(&["127.0.0.1"], false))), turns);
    let result = probe_of(port, protocol, Security::Starttls, &trusting(&ca));
    (result, handle.join().unwrap())
}

fn starttls_unavailable(result: &Result<ServerFacts, CheckFailure>) -> bool {
    matches!(result, Err(CheckFailure::StarttlsUnavailable { .. }))
}

#[test]
fn probing_imap_upgrades_only_when_capability_lists_starttls() {
    let (result, received) = probe_starttls(
        Protocol::Imap,
        vec![
            Say("* OK ready\r\n"),
            On("CAPABILITY", "* CAPABILITY IMAP4rev1 STARTTLS\r\n{tag} OK done\r\n"),
            On("STARTTLS", "{tag} OK begin TLS\r\n"),
            Tls,
            On("CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n"),
            On("LOGOUT", "* BYE\r\n{tag} OK bye\r\n"),
        ],
    );
    let facts = result.unwrap();
    assert!(received[1].ends_with("STARTTLS"), "{received:?}");
    assert_eq!(facts.tls.unwrap().trust, Trust::LocalRoot);
    assert_eq!(facts.capabilities, vec!["IMAP4rev1", "AUTH=PLAIN"], "the list asked again inside TLS");

    let (result, received) = probe_starttls(
        Protocol::Imap,
        vec![
            Say("* OK ready\r\n"),
            On("CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN XSTARTTLS\r\n{tag} OK done\r\n"),
            On("LOGOUT", "* BYE\r\n{tag} OK bye\r\n"),
        ],
    );
    assert!(starttls_unavailable(&result), "{result:?}");
    assert!(!received.iter().any(|l| l.ends_with(" STARTTLS")), "{received:?}");
}

#[test]
fn probing_pop3_needs_stls_in_capa() {
    let (result, _) = probe_starttls(
        Protocol::Pop3,
        vec![
            Say("+OK hi\r\n"),
            On("CAPA", "+OK caps\r\nUSER\r\nSTLS\r\n.\r\n"),
            On("STLS", "+OK begin\r\n"),
            Tls,
            On("CAPA", "+OK caps\r\nUSER\r\n.\r\n"),
            On("QUIT", "+OK bye\r\n"),
        ],
    );
    assert!(result.unwrap().tls.is_some());

    for capa in ["+OK caps\r\nUSER\r\n.\r\n", "-ERR what\r\n"] {
        let (result, received) =
            probe_starttls(Protocol::Pop3, vec![Say("+OK hi\r\n"), On("CAPA", capa), On("QUIT", "+OK bye\r\n")]);
        assert!(starttls_unavailable(&result), "{capa}: {result:?}");
        assert!(!received.iter().any(|l| l == "STLS"), "STLS is never asked for blindly: {received:?}");
    }
}

#[test]
fn probing_smtp_reads_multiline_replies_and_needs_starttls_in_ehlo() {
    let (result, _) = probe_starttls(
        Protocol::Smtp,
        vec![
            Say("220-first\r\n220 mail ready\r\n"),
            On("EHLO", "250-hello\r\n250-SIZE 1000\r\n250 STARTTLS\r\n"),
            On("STARTTLS", "220 go ahead\r\n"),
            Tls,
            On("EHLO", "250-hello\r\n250 AUTH PLAIN\r\n"),
            On("QUIT", "221 bye\r\n"),
        ],
    );
    assert_eq!(result.unwrap().capabilities, vec!["AUTH PLAIN"]);

    let (result, received) = probe_starttls(
        Protocol::Smtp,
        vec![Say("220 ready\r\n"), On("EHLO", "250-hello\r\n250 AUTH PLAIN\r\n"), On("QUIT", "221 bye\r\n")],
    );
    assert!(starttls_unavailable(&result), "{result:?}");
    assert!(!received.iter().any(|l| l == "STARTTLS"), "{received:?}");
}

#[test]
fn probing_refuses_wrong_greetings_endless_lines_and_hang_ups() {
    let endless: &'static str = "x".repeat(20_000).leak();
    let cases: [(Protocol, &'static str); 6] = [
        (Protocol::Imap, "+OK I am POP\r\n"),
        (Protocol::Pop3, "* OK I am IMAP\r\n"),
        (Protocol::Smtp, "554 go away\r\n"),
        (Protocol::Smtp, "HTTP/1.1 400 Bad\r\n"),
        (Protocol::Imap, endless),
        (Protocol::Imap, ""),
    ];
    for (protocol, greeting) in cases {
        // The server says its piece and hangs up.
        let (port, handle) = serve(Mode::Plain(None), move |s: &mut Session| s.send(greeting));
        let result = probe_of(port, protocol, Security::Starttls, &Net::default());
        handle.join().unwrap();
        assert!(
            matches!(result, Err(CheckFailure::Unexpected { step: StepKind::Greeting, .. })),
            "{protocol}: {result:?}"
        );
    }
}

#[test]
fn probing_refuses_plaintext_sent_with_the_starttls_answer() {
    let (result, _) = probe_starttls(
        Protocol::Smtp,
        vec![
            Say("220 scripted ESMTP\r\n"),
            On("EHLO", "250-scripted\r\n250 STARTTLS\r\n"),
            On("STARTTLS", "220 go ahead\r\n250 injected\r\n"),
        ],
    );
    assert!(matches!(result, Err(CheckFailure::Unexpected { step: StepKind::Starttls, .. })), "{result:?}");
}

#[test]
fn probing_a_tls_port_needs_a_verified_certificate_and_a_greeting() {
    let (config, _) = scripted::self_signed_ca_true("127.0.0.1");
    let (port, handle) = imap_tls_greeting_only(Mode::Tls(config));
    let result = probe_of(port, Protocol::Imap, Security::Tls, &Net::default());
    let _ = handle.join();
    assert!(matches!(&result, Err(CheckFailure::Tls { problem: TlsProblem::Untrusted { .. }, .. })), "{result:?}");

    let ca = TestCa::new();
    let (port, handle) = imap_tls_greeting_only(Mode::Tls(ca.server_config(&["127.0.0.1"], false)));
    let facts = probe_of(port, Protocol::Imap, Security::Tls, &trusting(&ca)).unwrap();
    let _ = handle.join();
    assert!(facts.greeting.unwrap().starts_with("* OK"));
    assert_eq!(facts.tls.unwrap().trust, Trust::LocalRoot);
}

#[test]
fn a_probe_of_a_silent_server_ends_at_its_deadline_or_promptly_when_cancelled() {
    let (port, handle) = scripted::silent_listener();
    let deadline = Instant::now() + Duration::from_millis(800);
    let result = probe(&server(Protocol::Imap, port, Security::Tls), &Net::default(), deadline, &Cancel::new());
    assert!(Instant::now() <= deadline + Duration::from_millis(500), "{:?} late", Instant::now() - deadline);
    assert!(matches!(result, Err(CheckFailure::Timeout { step: StepKind::Tls, .. })), "{result:?}");
    handle.join().unwrap();

    let (port, handle) = scripted::silent_listener();
    let (cancel, canceller) = cancel_after(Duration::from_millis(300));
    let deadline = Instant::now() + Duration::from_secs(30);
    let result = probe(&server(Protocol::Smtp, port, Security::Starttls), &Net::default(), deadline, &cancel);
    let cancelled_at = canceller.join().unwrap();
    assert!(cancelled_at.elapsed() < Duration::from_millis(250), "took {:?}", cancelled_at.elapsed());
    assert_eq!(result, Err(CheckFailure::Cancelled));
    handle.join().unwrap();
}
