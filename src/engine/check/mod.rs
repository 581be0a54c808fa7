//! Connection checks: for every configured server a sequence of timed steps — resolve → connect →
//! tls → greeting → starttls → auth → send (SMTP) → confirm (IMAP) — shared as [`CheckReport`] by
//! `check --json`, the GUI's live checklist and the support report.
//!
//! Pipeline: the incoming servers (IMAP/POP3) run on their own threads while SMTP runs on the
//! calling thread, so a server that never answers cannot starve the others; then the IMAP session
//! that logged in waits for the test message. One deadline covers everything, including the wait
//! for delivery. A watchdog shuts every socket down when the check is cancelled, so a blocked
//! read returns at once.
//!
//! [`probe`] runs the same steps before login for one server (discovery confirms guesses with it).
//!
//! Security: certificates are always verified (`tls.rs`); `starttls` is required — a server that
//! does not offer it fails with `starttls_unavailable` before any password is sent; plaintext is
//! used only when the user chose `none`, and that path is named `…_insecure`.

pub mod imap;
pub mod pop3;
pub mod smtp;
pub mod test_message;
pub mod tls;
mod wire;

use crate::engine::account::{Protocol, Security, Server};
use crate::engine::diagnostics::{self, Diagnosis};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::job::{Cancel, Progress};
use crate::engine::net::{Net, NetError};
use crate::engine::provider::presets::{self, Provider};
use crate::engine::secrets::Password;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
pub use tls::{CertificateFacts, TlsFacts, TlsProblem, Trust};
use wire::{Conn, Interrupter, WireError};

/// The whole check's deadline when the caller gives none (includes the wait for delivery).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// One step of checking a server. The ids are part of the `check --json` contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    Resolve,
    Connect,
    Tls,
    Greeting,
    Starttls,
    Auth,
    Send,
    Confirm,
}

impl StepKind {
    /// Every step, in the order a check runs them.
    pub const ALL: [StepKind; 8] = [
        StepKind::Resolve,
        StepKind::Connect,
        StepKind::Tls,
        StepKind::Greeting,
        StepKind::Starttls,
        StepKind::Auth,
        StepKind::Send,
        StepKind::Confirm,
    ];

    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Resolve => "resolve",
            StepKind::Connect => "connect",
            StepKind::Tls => "tls",
            StepKind::Greeting => "greeting",
            StepKind::Starttls => "starttls",
            StepKind::Auth => "auth",
            StepKind::Send => "send",
            StepKind::Confirm => "confirm",
        }
    }
}

impl std::fmt::Display for StepKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One finished step, exactly as `check --json` prints it; also the progress event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckStep {
    pub server: Protocol,
    pub step: StepKind,
    pub ok: bool,
    pub ms: u64,
    /// What was seen (address, TLS version, server reply …), in the request's language.
    pub detail: String,
}

/// What to check.
#[derive(Clone, Debug)]
pub struct CheckRequest {
    /// The account's address; the test message goes from it to itself.
    pub email: EmailAddress,
    /// The servers to check, any mix of IMAP, POP3 and SMTP.
    pub servers: Vec<Server>,
    /// Without a password only the steps before login run.
    pub password: Option<Password>,
    /// Send a test message through SMTP and (with IMAP) confirm it arrived.
    pub send_test: bool,
    /// Deadline for the whole check, including the wait for the test message.
    pub timeout: Duration,
    /// Language of step details and the diagnosis.
    pub lang: Lang,
    /// The bundled provider these settings belong to, when known (for advice and links).
    pub provider_id: Option<String>,
}

impl CheckRequest {
    /// A request for `servers` with the default deadline, no password and no test message.
    pub fn new(email: EmailAddress, servers: Vec<Server>, lang: Lang) -> Self {
        CheckRequest {
            email,
            servers,
            password: None,
            send_test: false,
            timeout: DEFAULT_TIMEOUT,
            lang,
            provider_id: None,
        }
    }

    /// The provider for advice: the given id, else the server's or the address's provider.
    pub fn provider(&self) -> Option<&'static Provider> {
        self.provider_id
            .as_deref()
            .and_then(presets::by_id)
            .or_else(|| self.servers.iter().find_map(|s| presets::for_server(s)))
            .or_else(|| presets::for_domain(self.email.domain()))
    }
}

/// What was learned about one server (for the report and the GUI's details view).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFacts {
    pub protocol: Option<Protocol>,
    /// `host:port`.
    pub endpoint: String,
    pub security: Option<Security>,
    /// The addresses the name resolved to.
    pub addresses: Vec<String>,
    /// The address the connection was made to.
    pub connected_to: Option<String>,
    /// The server's first line.
    pub greeting: Option<String>,
    /// Capabilities as the server listed them (IMAP CAPABILITY, POP3 CAPA, SMTP EHLO); the last
    /// list seen (after STARTTLS and login when those happened).
    pub capabilities: Vec<String>,
    pub tls: Option<TlsFacts>,
}

/// Where an SMTP server refused the test message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendStage {
    MailFrom,
    RcptTo,
    Data,
    Message,
}

impl std::fmt::Display for SendStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SendStage::MailFrom => "MAIL FROM",
            SendStage::RcptTo => "RCPT TO",
            SendStage::Data => "DATA",
            SendStage::Message => "end of message",
        })
    }
}

/// A failed step, classified. Carries what the diagnosis needs (server, raw reply, TLS facts);
/// never a password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckFailure {
    #[error("{host} does not exist in DNS")]
    DnsNotFound { protocol: Protocol, host: String },
    #[error("DNS lookup of {host} failed: {detail}")]
    DnsFailed { protocol: Protocol, host: String, detail: String },
    #[error("{host} port {port} refused the connection")]
    Refused { protocol: Protocol, host: String, port: u16 },
    #[error("could not connect to {host} port {port}: {detail}")]
    Unreachable { protocol: Protocol, host: String, port: u16, detail: String },
    #[error("{host} port {port} did not answer in time ({step})")]
    Timeout { protocol: Protocol, host: String, port: u16, step: StepKind },
    #[error("TLS with {host} port {port} failed: {problem}")]
    Tls { protocol: Protocol, host: String, port: u16, problem: TlsProblem, facts: Box<TlsFacts> },
    #[error("{host} port {port} does not offer STARTTLS; the password was not sent")]
    StarttlsUnavailable { protocol: Protocol, host: String, port: u16 },
    #[error("{host} offers no login method mailsetup can use (it offers: {offered})")]
    NoLoginMethod { protocol: Protocol, host: String, offered: String },
    #[error("{host} refused the login: {reply}")]
    AuthRejected { protocol: Protocol, host: String, reply: String },
    #[error("{host} refused the test message at {stage}: {reply}")]
    SendRejected { host: String, stage: SendStage, code: u16, reply: String },
    #[error("the test message did not arrive within {waited_ms} ms")]
    NotDelivered { host: String, waited_ms: u64 },
    #[error("{host} answered unexpectedly ({step}): {reply}")]
    Unexpected { protocol: Protocol, host: String, step: StepKind, reply: String },
    #[error("cancelled")]
    Cancelled,
    #[error("{detail}")]
    Setup { detail: String },
}

impl CheckFailure {
    /// The server's own words (its reply) when there are any, else a technical description.
    pub fn details(&self) -> String {
        match self {
            CheckFailure::AuthRejected { reply, .. }
            | CheckFailure::SendRejected { reply, .. }
            | CheckFailure::Unexpected { reply, .. } => reply.clone(),
            other => other.to_string(),
        }
    }

    /// The server host the failure happened on (empty for failures without one).
    pub fn host(&self) -> &str {
        match self {
            CheckFailure::DnsNotFound { host, .. }
            | CheckFailure::DnsFailed { host, .. }
            | CheckFailure::Refused { host, .. }
            | CheckFailure::Unreachable { host, .. }
            | CheckFailure::Timeout { host, .. }
            | CheckFailure::Tls { host, .. }
            | CheckFailure::StarttlsUnavailable { host, .. }
            | CheckFailure::NoLoginMethod { host, .. }
            | CheckFailure::AuthRejected { host, .. }
            | CheckFailure::SendRejected { host, .. }
            | CheckFailure::NotDelivered { host, .. }
            | CheckFailure::Unexpected { host, .. } => host,
            CheckFailure::Cancelled | CheckFailure::Setup { .. } => "",
        }
    }

    /// The protocol of the server the failure happened on.
    pub fn protocol(&self) -> Option<Protocol> {
        match self {
            CheckFailure::DnsNotFound { protocol, .. }
            | CheckFailure::DnsFailed { protocol, .. }
            | CheckFailure::Refused { protocol, .. }
            | CheckFailure::Unreachable { protocol, .. }
            | CheckFailure::Timeout { protocol, .. }
            | CheckFailure::Tls { protocol, .. }
            | CheckFailure::StarttlsUnavailable { protocol, .. }
            | CheckFailure::NoLoginMethod { protocol, .. }
            | CheckFailure::AuthRejected { protocol, .. }
            | CheckFailure::Unexpected { protocol, .. } => Some(*protocol),
            CheckFailure::SendRejected { .. } => Some(Protocol::Smtp),
            CheckFailure::NotDelivered { .. } => Some(Protocol::Imap),
            CheckFailure::Cancelled | CheckFailure::Setup { .. } => None,
        }
    }
}

/// The result of a check. Its serde form is exactly the `check --json` contract; the fields
/// marked `serde(skip)` carry the richer facts the report and the GUI use.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CheckReport {
    /// True when every step passed.
    pub ok: bool,
    /// Every finished step: the servers in request order, the confirm step last.
    pub steps: Vec<CheckStep>,
    /// The explanation of the first failure (null when all passed or the check was cancelled).
    pub diagnosis: Option<Diagnosis>,
    /// Per server, in request order.
    #[serde(skip)]
    pub servers: Vec<ServerFacts>,
    /// Every failure, in step order (one per failed server at most, plus delivery).
    #[serde(skip)]
    pub failures: Vec<CheckFailure>,
    /// Time from the server accepting the test message to finding it in INBOX.
    #[serde(skip)]
    pub delivery_ms: Option<u64>,
    /// The Message-ID of the test message, when one was sent.
    #[serde(skip)]
    pub test_message_id: Option<String>,
    /// True when the login was part of the check (a password was given).
    #[serde(skip)]
    pub password_tested: bool,
    /// True when the check stopped because it was cancelled.
    #[serde(skip)]
    pub cancelled: bool,
    /// Wall time of the whole check.
    #[serde(skip)]
    pub total_ms: u64,
}

/// Runs the check described by `request`. Every completed step is also sent through `progress`
/// as it happens. Returns within about 200 ms after `cancel` fires, and never later than the
/// request's deadline (plus a little to close connections).
pub fn run_check(request: &CheckRequest, net: &Net, progress: &Progress<CheckStep>, cancel: &Cancel) -> CheckReport {
    let started = Instant::now();
    let deadline = started + request.timeout;
    let interrupter = Interrupter::default();
    let password = request.password.as_ref().filter(|p| !p.is_empty());
    let has_smtp = request.servers.iter().any(|s| s.protocol == Protocol::Smtp);
    let mut setup_failure = None;
    let message = if request.send_test && password.is_some() && has_smtp {
        match test_message::build(&request.email, request.lang) {
            Ok(message) => Some(message),
            Err(e) => {
                setup_failure = Some(CheckFailure::Setup { detail: e.to_string() });
                None
            }
        }
    } else {
        None
    };
    if request.servers.is_empty() {
        setup_failure = Some(CheckFailure::Setup { detail: "no servers to check".into() });
    }
    let finished = AtomicBool::new(false);
    let provider = request.provider();
    let context = Context { net, deadline, cancel, interrupter: &interrupter, progress, lang: request.lang, provider };

    let (mut runs, confirm) = std::thread::scope(|scope| {
        let watchdog = std::thread::Builder::new().name("mailsetup-check-watchdog".into()).spawn_scoped(scope, || {
            watch(&finished, cancel, deadline, &interrupter);
        });
        let mut incoming = vec![];
        let mut runs: Vec<Option<ServerRun<'_>>> = request.servers.iter().map(|_| None).collect();
        let mut sessions: Vec<(usize, imap::ImapSession)> = vec![];
        for (index, server) in request.servers.iter().enumerate().filter(|(_, s)| s.protocol.is_incoming()) {
            let context = &context;
            let handle = std::thread::Builder::new().name(format!("mailsetup-check-{}", server.protocol)).spawn_scoped(
                scope,
                move || {
                    let mut run = ServerRun::new(context, server);
                    let session = match server.protocol {
                        Protocol::Imap => imap::check(&mut run, password),
                        _ => pop3::check(&mut run, password).map(|()| None),
                    };
                    (run, session)
                },
            );
            match handle {
                Ok(handle) => incoming.push((index, handle)),
                Err(e) => {
                    let mut run = ServerRun::new(context, server);
                    run.failure = Some(CheckFailure::Setup { detail: format!("cannot start a thread: {e}") });
                    runs[index] = Some(run);
                }
            }
        }
        let mut sent_at = None;
        for (index, server) in request.servers.iter().enumerate().filter(|(_, s)| s.protocol == Protocol::Smtp) {
            let mut run = ServerRun::new(&context, server);
            if let Ok(Some(at)) =
                smtp::check(&mut run, password, if sent_at.is_none() { message.as_ref() } else { None })
            {
                sent_at = Some(at);
            }
            runs[index] = Some(run);
        }
        for (index, handle) in incoming {
            match handle.join() {
                Ok((run, Ok(Some(session)))) => {
                    sessions.push((index, session));
                    runs[index] = Some(run);
                }
                Ok((run, _)) => runs[index] = Some(run),
                Err(_) => {
                    let mut run = ServerRun::new(&context, &request.servers[index]);
                    run.failure = Some(CheckFailure::Setup { detail: "the check thread stopped unexpectedly".into() });
                    runs[index] = Some(run);
                }
            }
        }
        // The first IMAP session that logged in waits for the test message.
        let mut confirm = None;
        for (index, mut session) in sessions {
            if let (Some(message), Some(at), None) = (message.as_ref(), sent_at, confirm.as_ref()) {
                if let Some(run) = runs[index].as_mut() {
                    confirm = Some(session.confirm(run, &message.message_id, at));
                }
            }
            session.logout();
        }
        finished.store(true, Ordering::SeqCst);
        if let Ok(handle) = watchdog {
            let _ = handle.join();
        }
        (runs, confirm)
    });

    let mut report = CheckReport {
        password_tested: password.is_some(),
        test_message_id: message.as_ref().map(|m| m.message_id.clone()),
        ..CheckReport::default()
    };
    if let Some(failure) = setup_failure {
        report.failures.push(failure);
    }
    let mut confirm_steps = vec![];
    for run in runs.iter_mut().flatten() {
        // The confirm step belongs to the IMAP server but is listed last, after sending.
        let (confirm_part, own): (Vec<CheckStep>, Vec<CheckStep>) =
            run.steps.drain(..).partition(|s| s.step == StepKind::Confirm);
        report.steps.extend(own);
        confirm_steps.extend(confirm_part);
        report.servers.push(std::mem::take(&mut run.facts));
        if let Some(failure) = run.failure.take() {
            report.failures.push(failure);
        }
    }
    report.steps.extend(confirm_steps);
    // A failed confirm step is already among the IMAP run's failures.
    if let Some(Ok(delivery)) = confirm {
        report.delivery_ms = Some(millis(delivery));
    }
    report.cancelled = cancel.is_cancelled() || report.failures.contains(&CheckFailure::Cancelled);
    report.ok = !report.cancelled && report.failures.is_empty() && report.steps.iter().all(|s| s.ok);
    if !report.cancelled {
        report.diagnosis = report.failures.first().map(|f| diagnostics::diagnose(f, provider, request.lang));
    }
    report.total_ms = millis(started.elapsed());
    if let Some(password) = password {
        report.scrub(password.expose());
    }
    report
}

/// The steps before login against one server — resolve, connect, TLS, greeting with the
/// capabilities (CAPABILITY, CAPA, EHLO), STARTTLS — exactly as [`run_check`] runs them, stopping
/// before authentication: no password is involved. Discovery uses it to confirm a guessed server.
/// One rule is stricter than a check: STARTTLS counts only when the server advertised it. Returns
/// what was learned, or the first failure; never later than `deadline` (plus a little to close
/// the connection), and promptly after `cancel` fires (its watchdog wakes a blocked read).
pub fn probe(server: &Server, net: &Net, deadline: Instant, cancel: &Cancel) -> Result<ServerFacts, CheckFailure> {
    let interrupter = Interrupter::default();
    let progress = Progress::discard();
    let context = Context {
        net,
        deadline,
        cancel,
        interrupter: &interrupter,
        progress: &progress,
        lang: Lang::En,
        provider: None,
    };
    let mut run = ServerRun::new(&context, server);
    run.starttls_only_when_advertised = true;
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let watchdog = std::thread::Builder::new().name("mailsetup-probe-watchdog".into()).spawn_scoped(scope, || {
            watch(&finished, cancel, deadline, &interrupter);
        });
        let result = match server.protocol {
            Protocol::Imap => imap::check(&mut run, None).map(|_| ()),
            Protocol::Pop3 => pop3::check(&mut run, None),
            Protocol::Smtp => smtp::check(&mut run, None, None).map(|_| ()),
        };
        finished.store(true, Ordering::SeqCst);
        if let Ok(handle) = watchdog {
            let _ = handle.join();
        }
        result
    })?;
    Ok(run.facts)
}

impl CheckReport {
    /// Replaces `secret` wherever a server echoed it back (a reply, a greeting), so the report,
    /// the JSON and the screen can never show it.
    fn scrub(&mut self, secret: &str) {
        // NOTE: very short secrets would also match ordinary words; a server echoing a password
        // is rare enough that long passwords are what matters.
        if secret.chars().count() < 4 {
            return;
        }
        let clean = |text: &mut String| {
            if text.contains(secret) {
                *text = text.replace(secret, "<password>");
            }
        };
        for step in &mut self.steps {
            clean(&mut step.detail);
        }
        for facts in &mut self.servers {
            if let Some(greeting) = facts.greeting.as_mut() {
                clean(greeting);
            }
            facts.capabilities.iter_mut().for_each(clean);
        }
        for failure in &mut self.failures {
            match failure {
                CheckFailure::AuthRejected { reply, .. }
                | CheckFailure::SendRejected { reply, .. }
                | CheckFailure::Unexpected { reply, .. } => clean(reply),
                CheckFailure::NoLoginMethod { offered, .. } => clean(offered),
                CheckFailure::Setup { detail } | CheckFailure::DnsFailed { detail, .. } => clean(detail),
                _ => {}
            }
        }
        if let Some(diagnosis) = self.diagnosis.as_mut() {
            clean(&mut diagnosis.title);
            clean(&mut diagnosis.advice);
            clean(&mut diagnosis.details);
        }
    }
}

/// Shuts every socket down when the check is cancelled or overruns its deadline, until `finished`.
fn watch(finished: &AtomicBool, cancel: &Cancel, deadline: Instant, interrupter: &Interrupter) {
    let hard_stop = deadline + Duration::from_millis(250);
    while !finished.load(Ordering::SeqCst) {
        if cancel.is_cancelled() || Instant::now() >= hard_stop {
            interrupter.interrupt_all();
            // Keep shutting down sockets opened after this moment too (a connect in flight).
            while !finished.load(Ordering::SeqCst) {
                interrupter.interrupt_all();
                std::thread::sleep(Duration::from_millis(20));
            }
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What every server check shares.
pub(crate) struct Context<'a> {
    pub(crate) net: &'a Net,
    pub(crate) deadline: Instant,
    pub(crate) cancel: &'a Cancel,
    interrupter: &'a Interrupter,
    progress: &'a Progress<CheckStep>,
    pub(crate) lang: Lang,
    provider: Option<&'static Provider>,
}

/// The check of one server: its steps, facts and failure so far.
pub(crate) struct ServerRun<'a> {
    pub(crate) context: &'a Context<'a>,
    pub(crate) server: Server,
    pub(crate) steps: Vec<CheckStep>,
    pub(crate) facts: ServerFacts,
    pub(crate) failure: Option<CheckFailure>,
    /// STARTTLS only when the server listed it: POP3 servers without CAPA are not asked for STLS
    /// blindly (a [`probe`] of a guessed server; a check of the user's settings does ask).
    pub(crate) starttls_only_when_advertised: bool,
}

impl<'a> ServerRun<'a> {
    fn new(context: &'a Context<'a>, server: &Server) -> Self {
        let facts = ServerFacts {
            protocol: Some(server.protocol),
            endpoint: server.endpoint(),
            security: Some(server.security),
            ..ServerFacts::default()
        };
        ServerRun {
            context,
            server: server.clone(),
            steps: vec![],
            facts,
            failure: None,
            starttls_only_when_advertised: false,
        }
    }

    pub(crate) fn lang(&self) -> Lang {
        self.context.lang
    }

    /// Records a passed step and reports it.
    pub(crate) fn pass(&mut self, step: StepKind, started: Instant, detail: String) {
        self.record(step, true, started, detail);
    }

    /// Records a failed step and returns the failure for `?`.
    pub(crate) fn fail(&mut self, step: StepKind, started: Instant, failure: CheckFailure) -> CheckFailure {
        // The server's own words when it said something; otherwise the diagnosis title, so the
        // step reads in the user's language.
        let detail = match &failure {
            CheckFailure::Cancelled => tr(self.lang(), "check-detail-cancelled"),
            CheckFailure::AuthRejected { reply, .. }
            | CheckFailure::SendRejected { reply, .. }
            | CheckFailure::Unexpected { reply, .. } => reply.clone(),
            other => diagnostics::diagnose(other, self.context.provider, self.lang()).title,
        };
        self.record(step, false, started, detail);
        self.failure = Some(failure.clone());
        failure
    }

    fn record(&mut self, step: StepKind, ok: bool, started: Instant, detail: String) {
        let event = CheckStep { server: self.server.protocol, step, ok, ms: millis(started.elapsed()), detail };
        self.context.progress.send(event.clone());
        self.steps.push(event);
    }

    /// Turns a wire error during `step` into a failure.
    pub(crate) fn wire_failure(&self, step: StepKind, error: WireError) -> CheckFailure {
        let (protocol, host, port) = (self.server.protocol, self.server.host.clone(), self.server.port);
        match error {
            WireError::Timeout => CheckFailure::Timeout { protocol, host, port, step },
            WireError::Cancelled => CheckFailure::Cancelled,
            WireError::Tls { problem, facts } => CheckFailure::Tls { protocol, host, port, problem, facts },
            WireError::Closed => {
                CheckFailure::Unexpected { protocol, host, step, reply: tr(self.lang(), "check-detail-closed") }
            }
            WireError::TooLong => {
                CheckFailure::Unexpected { protocol, host, step, reply: tr(self.lang(), "check-detail-too-long") }
            }
            WireError::PlaintextBeforeTls => CheckFailure::Unexpected {
                protocol,
                host,
                step,
                reply: tr(self.lang(), "check-detail-plaintext-before-tls"),
            },
            WireError::Io(detail) => CheckFailure::Unexpected { protocol, host, step, reply: detail },
        }
    }

    /// A reply that does not fit the protocol at this point.
    pub(crate) fn unexpected(&self, step: StepKind, reply: &str) -> CheckFailure {
        CheckFailure::Unexpected {
            protocol: self.server.protocol,
            host: self.server.host.clone(),
            step,
            reply: reply.to_string(),
        }
    }

    /// Resolves and connects as the server's security says: [`Self::connect_tls`] (implicit TLS),
    /// [`Self::connect_for_starttls`] (plain until the protocol's mandatory upgrade), or — only
    /// when the user chose `none` — [`Self::connect_plaintext_insecure`].
    pub(crate) fn open(&mut self) -> Result<Conn, CheckFailure> {
        match self.server.security {
            Security::Tls => self.connect_tls(),
            Security::Starttls => self.connect_for_starttls(),
            Security::None => self.connect_plaintext_insecure(),
        }
    }

    /// TCP, then the TLS handshake before anything else (ports 993, 995, 465).
    fn connect_tls(&mut self) -> Result<Conn, CheckFailure> {
        let mut conn = self.connect_tcp()?;
        self.handshake(&mut conn, StepKind::Tls, Instant::now())?;
        Ok(conn)
    }

    /// TCP only; the protocol module must upgrade with STARTTLS/STLS ([`Self::upgrade`]) before
    /// it sends anything secret, and fails with [`Self::starttls_unavailable`] when it cannot.
    fn connect_for_starttls(&mut self) -> Result<Conn, CheckFailure> {
        self.connect_tcp()
    }

    /// TCP without any encryption, for the `none` security the user chose: the password and the
    /// mail travel readable by anyone on the way.
    fn connect_plaintext_insecure(&mut self) -> Result<Conn, CheckFailure> {
        // The CLI and the window say so to the user in their language; this is for -v logs.
        tracing::info!(
            "{} {} uses no encryption (security \"none\", chosen by the user)",
            self.server.protocol,
            self.server.endpoint()
        );
        self.connect_tcp()
    }

    fn connect_tcp(&mut self) -> Result<Conn, CheckFailure> {
        let tcp = self.resolve_and_connect()?;
        Ok(Conn::new(tcp, self.context.deadline, self.context.cancel, protocol_label(self.server.protocol)))
    }

    /// Upgrades a plain connection after the server agreed to STARTTLS/STLS (`started` is when
    /// the starttls step began). Records the starttls step either way.
    pub(crate) fn upgrade(&mut self, conn: &mut Conn, started: Instant) -> Result<(), CheckFailure> {
        self.handshake(conn, StepKind::Starttls, started)
    }

    /// The TLS handshake of `step` (implicit TLS or STARTTLS): records the TLS facts (also those
    /// of a refused certificate) and the step either way.
    fn handshake(&mut self, conn: &mut Conn, step: StepKind, started: Instant) -> Result<(), CheckFailure> {
        match conn.start_tls(&self.server.host, self.context.net, self.server.pinned_cert_sha256.as_deref()) {
            Ok(facts) => {
                let detail = tls_detail(&facts, self.lang());
                self.facts.tls = Some(facts);
                self.pass(step, started, detail);
                Ok(())
            }
            Err(error) => {
                let failure = self.wire_failure(step, error);
                if let CheckFailure::Tls { facts, .. } = &failure {
                    self.facts.tls = Some((**facts).clone());
                }
                conn.close();
                Err(self.fail(step, started, failure))
            }
        }
    }

    /// The failure for a server that did not offer STARTTLS although it is required.
    pub(crate) fn starttls_unavailable(&mut self, started: Instant) -> CheckFailure {
        let failure = CheckFailure::StarttlsUnavailable {
            protocol: self.server.protocol,
            host: self.server.host.clone(),
            port: self.server.port,
        };
        self.fail(StepKind::Starttls, started, failure)
    }

    fn resolve_and_connect(&mut self) -> Result<TcpStream, CheckFailure> {
        let (protocol, host, port) = (self.server.protocol, self.server.host.clone(), self.server.port);
        let started = Instant::now();
        let lookup_net = self.context.net.clone();
        let lookup_host = host.clone();
        let deadline = self.context.deadline;
        let ips = match run_cancellable(self.context.cancel, "mailsetup-check-resolve", move || {
            lookup_net.lookup_ip(&lookup_host, deadline)
        }) {
            None => return Err(self.fail(StepKind::Resolve, started, CheckFailure::Cancelled)),
            Some(Ok(ips)) => ips,
            Some(Err(error)) => {
                let failure = match error {
                    NetError::DnsNotFound { .. } | NetError::NoRecords { .. } => {
                        CheckFailure::DnsNotFound { protocol, host: host.clone() }
                    }
                    NetError::Timeout { .. } => {
                        CheckFailure::Timeout { protocol, host: host.clone(), port, step: StepKind::Resolve }
                    }
                    NetError::Cancelled => CheckFailure::Cancelled,
                    other => CheckFailure::DnsFailed { protocol, host: host.clone(), detail: other.to_string() },
                };
                return Err(self.fail(StepKind::Resolve, started, failure));
            }
        };
        self.facts.addresses = ips.iter().map(IpAddr::to_string).collect();
        let literal = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok();
        let detail = if literal {
            tr_args(self.lang(), "check-detail-ip-literal", &[("address", host.clone().into())])
        } else {
            self.facts.addresses.join(", ")
        };
        self.pass(StepKind::Resolve, started, detail);

        let started = Instant::now();
        let connect_net = self.context.net.clone();
        let result = run_cancellable(self.context.cancel, "mailsetup-check-connect", move || {
            let mut last = NetError::Timeout { what: "the server", host: String::new() };
            for ip in ips {
                match connect_net.connect_tcp(&ip.to_string(), port, deadline) {
                    Ok(tcp) => return Ok((tcp, ip)),
                    Err(error) => last = error,
                }
            }
            Err(last)
        });
        match result {
            None => Err(self.fail(StepKind::Connect, started, CheckFailure::Cancelled)),
            Some(Ok((tcp, ip))) => {
                self.context.interrupter.register(&tcp);
                let address = std::net::SocketAddr::new(ip, port).to_string();
                self.facts.connected_to = Some(address.clone());
                self.pass(StepKind::Connect, started, address);
                Ok(tcp)
            }
            Some(Err(error)) => {
                let failure = match error {
                    NetError::Refused { .. } => CheckFailure::Refused { protocol, host, port },
                    NetError::Timeout { .. } => CheckFailure::Timeout { protocol, host, port, step: StepKind::Connect },
                    NetError::Cancelled => CheckFailure::Cancelled,
                    NetError::Connect { detail, .. } => CheckFailure::Unreachable { protocol, host, port, detail },
                    other => CheckFailure::Unreachable { protocol, host, port, detail: other.to_string() },
                };
                Err(self.fail(StepKind::Connect, started, failure))
            }
        }
    }
}

/// Runs a blocking call (DNS, TCP connect) on a helper thread so the caller can give up as soon
/// as `cancel` fires; the helper finishes on its own deadline. `None` means cancelled.
fn run_cancellable<T: Send + 'static>(
    cancel: &Cancel,
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    if cancel.is_cancelled() {
        return None;
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name(name.to_string()).spawn(move || {
        let _ = sender.send(work());
    });
    if spawned.is_err() {
        return None;
    }
    loop {
        match receiver.recv_timeout(Duration::from_millis(20)) {
            Ok(value) => return Some(value),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) if !cancel.is_cancelled() => continue,
            Err(_) => return None,
        }
    }
}

/// The one-line description of a TLS session for a step's detail.
pub(crate) fn tls_detail(facts: &TlsFacts, lang: Lang) -> String {
    let (subject, issuer) = match &facts.certificate {
        Some(c) => (c.subject.clone(), c.issuer.clone()),
        None => (String::new(), String::new()),
    };
    tr_args(
        lang,
        "check-detail-tls",
        &[
            ("version", facts.protocol_version.clone().into()),
            ("subject", subject.into()),
            ("issuer", issuer.into()),
            ("trust", tr(lang, &format!("check-trust-{}", trust_id(facts.trust))).into()),
        ],
    )
}

/// The id of a trust level for i18n keys and JSON.
pub fn trust_id(trust: Trust) -> &'static str {
    match trust {
        Trust::Untrusted => "untrusted",
        Trust::PublicCa => "public-ca",
        Trust::LocalRoot => "local-root",
        Trust::Pinned => "pinned",
    }
}

/// Seconds with two decimals in the language's style (`0.35` in English, `0,35` in Russian).
pub fn format_seconds(duration: Duration, lang: Lang) -> String {
    let text = format!("{:.2}", duration.as_secs_f64());
    match lang {
        Lang::Ru => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The protocol's name as people write it.
pub fn protocol_label(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Imap => "IMAP",
        Protocol::Pop3 => "POP3",
        Protocol::Smtp => "SMTP",
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Standard base64 (RFC 4648) for SASL PLAIN in IMAP; SMTP uses lettre's encoder.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_json_has_exactly_the_contract_keys() {
        let report = CheckReport {
            ok: false,
            steps: vec![CheckStep {
                server: Protocol::Smtp,
                step: StepKind::Auth,
                ok: false,
                ms: 12,
                detail: "535 Incorrect authentication data".into(),
            }],
            diagnosis: Some(Diagnosis {
                kind: diagnostics::DiagnosisKind::AuthFailed,
                title: "t".into(),
                advice: "a".into(),
                details: "535 Incorrect authentication data".into(),
                url: Some("https://example.invalid".into()),
            }),
            servers: vec![ServerFacts::default()],
            failures: vec![CheckFailure::Cancelled],
            delivery_ms: Some(5),
            test_message_id: Some("x".into()),
            password_tested: true,
            cancelled: false,
            total_ms: 9,
        };
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            r#"{"ok":false,"steps":[{"server":"smtp","step":"auth","ok":false,"ms":12,"detail":"535 Incorrect authentication data"}],"diagnosis":{"kind":"auth_failed","title":"t","advice":"a"}}"#
        );
        let empty = CheckReport { ok: true, ..CheckReport::default() };
        assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"ok":true,"steps":[],"diagnosis":null}"#);
    }

    #[test]
    fn step_ids_match_the_contract() {
        let ids: Vec<String> =
            StepKind::ALL.iter().map(|s| serde_json::to_string(s).unwrap().trim_matches('"').to_string()).collect();
        assert_eq!(ids, ["resolve", "connect", "tls", "greeting", "starttls", "auth", "send", "confirm"]);
    }

    #[test]
    fn a_password_echoed_by_a_server_is_scrubbed_from_the_report() {
        let mut report = CheckReport {
            steps: vec![CheckStep {
                server: Protocol::Imap,
                step: StepKind::Auth,
                ok: false,
                ms: 1,
                detail: "NO bad password Hunter-22".into(),
            }],
            failures: vec![CheckFailure::AuthRejected {
                protocol: Protocol::Imap,
                host: "h".into(),
                reply: "NO bad password Hunter-22".into(),
            }],
            ..CheckReport::default()
        };
        report.scrub("Hunter-22");
        assert_eq!(report.steps[0].detail, "NO bad password <password>");
        assert_eq!(report.failures[0].details(), "NO bad password <password>");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(input.as_bytes()), expected);
        }
        assert_eq!(base64_encode(b"\0bob\0hunter2"), "AGJvYgBodW50ZXIy");
    }

    #[test]
    fn a_greeting_trickled_one_tls_byte_at_a_time_ends_the_check_at_its_deadline() {
        use crate::engine::net::NetConfig;
        use crate::engine::net::stream_testing::{TestTls, Trickle, trickling_server};
        let tls = TestTls::new();
        // A 16 KiB greeting at 100 encrypted bytes a second would take minutes to arrive.
        let greeting = [b"* OK ".as_slice(), &[b'x'; 16_000], b"\r\n"].concat();
        let interval = Duration::from_millis(10);
        let port = trickling_server(Some(tls.server.clone()), Trickle::AfterHandshake, greeting, interval);
        let net = Net::new(NetConfig { ca_file: Some(tls.ca_pem.clone()), ..NetConfig::default() });
        let email = EmailAddress::parse("anna@example.test").unwrap();
        let server = Server::new(Protocol::Imap, "127.0.0.1", port, Security::Tls, "anna@example.test");
        let mut request = CheckRequest::new(email, vec![server], Lang::En);
        request.timeout = Duration::from_millis(1500);
        let started = Instant::now();
        let report = run_check(&request, &net, &Progress::discard(), &Cancel::new());
        let elapsed = started.elapsed();
        assert!(elapsed <= Duration::from_millis(2000), "took {elapsed:?} for a 1.5 s deadline");
        assert!(matches!(report.failures[..], [CheckFailure::Timeout { step: StepKind::Greeting, .. }]), "{report:#?}");
    }

    #[test]
    fn a_cancelled_token_stops_waiting_for_a_slow_call() {
        let cancel = Cancel::new();
        let token = cancel.clone();
        let t = Instant::now();
        let canceller = std::thread::Builder::new()
            .name("canceller".into())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                token.cancel();
            })
            .unwrap();
        let result = run_cancellable(&cancel, "slow", || std::thread::sleep(Duration::from_secs(5)));
        canceller.join().unwrap();
        assert!(result.is_none());
        assert!(t.elapsed() < Duration::from_secs(1));
    }
}
