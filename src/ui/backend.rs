//! The one place the UI calls the engine. Every [`Effect`] that needs the network, the disk or
//! the keyring starts an `engine::job::Job` on a named thread whose done-callback wakes the UI;
//! [`Backend::poll`] turns what the jobs report into [`Action`]s for the wizard. Late changes to
//! engine signatures touch this file only.
//!
//! At most one discovery and one check run at a time: starting another cancels and drops the
//! old job, so a stale result can never reach the wizard.

use crate::engine::account::{Account, SettingsSource};
use crate::engine::check::{self, CheckFailure, CheckReport, CheckRequest, CheckStep};
use crate::engine::diagnostics;
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr};
use crate::engine::job::{Job, Poll, Waker};
use crate::engine::net::{Net, NetConfig};
use crate::engine::provider::discovery::{self, Discovery, DiscoveryEvent, DiscoveryOptions};
use crate::engine::provider::presets;
use crate::engine::report::{self, ReportInput};
use crate::engine::secrets::Password;
use crate::ui::wizard::{Action, Effect, LastCheck, SavedAccount};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the engine work runs and how it is configured.
pub struct Backend {
    net: Net,
    /// The accounts file's directory (`--config-dir` / `MAILSETUP_CONFIG_DIR`), else the OS default.
    config_dir: Option<PathBuf>,
    waker: Waker,
    discovery: Option<Job<Discovery, DiscoveryEvent>>,
    check: Option<Job<CheckReport, CheckStep>>,
    /// Jobs whose whole outcome is one action (saving, loading, reports, re-checks, exports).
    one_shots: Vec<Job<Action>>,
    /// Accounts saved in this session (kept here until the accounts file exists).
    session_accounts: Vec<SavedAccount>,
}

impl Backend {
    /// A backend using the network seams in `net` and the accounts in `config_dir`; `waker` is
    /// called from job threads whenever something arrives (the UI passes `ctx.request_repaint`).
    pub fn new(net: NetConfig, config_dir: Option<PathBuf>, waker: Waker) -> Self {
        Backend {
            net: Net::new(net),
            config_dir,
            waker,
            discovery: None,
            check: None,
            one_shots: vec![],
            session_accounts: vec![],
        }
    }

    /// The accounts directory in use, if one was given.
    pub fn config_dir(&self) -> Option<&PathBuf> {
        self.config_dir.as_ref()
    }

    /// True while any job runs (the UI shows spinners then, and only then).
    pub fn is_busy(&self) -> bool {
        self.discovery.is_some() || self.check.is_some() || !self.one_shots.is_empty()
    }

    /// Starts the engine work of `effect`. Effects that are not engine work (clipboard, browser)
    /// are the app's and are ignored here.
    pub fn run(&mut self, effect: Effect, lang: Lang) {
        match effect {
            Effect::Discover { email } => self.discover(email, lang),
            Effect::CancelDiscovery => {
                if let Some(job) = self.discovery.take() {
                    job.cancel();
                }
            }
            Effect::Check { email, servers, password, provider_id } => {
                let mut request = CheckRequest::new(email, servers, lang);
                request.password = Some(password);
                request.send_test = true;
                request.provider_id = provider_id;
                self.start_check(request);
            }
            Effect::CancelCheck => {
                if let Some(job) = self.check.take() {
                    job.cancel();
                }
            }
            Effect::SaveAccount { account, password, report } => self.save_account(account, password, *report),
            Effect::LoadAccounts => self.load_accounts(),
            Effect::Recheck { account } => self.recheck(account, lang),
            Effect::RemoveAccount { email } => self.remove_account(email),
            Effect::CopyReport { account, report } => self.build_report(account, report.map(|r| *r), lang),
            Effect::Export { format_id, account } => self.export(format_id, account, lang),
            Effect::Relocalize { .. } | Effect::CopyText(_) | Effect::OpenUrl(_) => {}
        }
    }

    /// What the engine says in another language, computed at once (no I/O): the diagnosis of a
    /// failure and a bundled provider's notes.
    pub fn relocalize(
        lang: Lang,
        failure: Option<&CheckFailure>,
        provider_id: Option<&str>,
        notes_from_preset: bool,
    ) -> Action {
        let provider = provider_id.and_then(presets::by_id);
        Action::Relocalized {
            diagnosis: failure.map(|f| diagnostics::diagnose(f, provider, lang)),
            notes: provider.filter(|_| notes_from_preset).map(|p| p.notes(lang)),
        }
    }

    /// Everything the jobs reported since the last call, as actions.
    pub fn poll(&mut self) -> Vec<Action> {
        let mut actions = vec![];
        if let Some(job) = self.discovery.as_mut() {
            actions.extend(job.drain_events().into_iter().map(Action::DiscoveryEvent));
            match job.poll() {
                Poll::Running => {}
                Poll::Done(discovery) => {
                    actions.push(Action::DiscoveryDone(discovery));
                    self.discovery = None;
                }
                Poll::Lost => {
                    tracing::error!("the discovery job stopped without a result");
                    self.discovery = None;
                }
            }
        }
        if let Some(job) = self.check.as_mut() {
            actions.extend(job.drain_events().into_iter().map(Action::CheckStep));
            match job.poll() {
                Poll::Running => {}
                Poll::Done(report) => {
                    actions.push(Action::CheckDone(report));
                    self.check = None;
                }
                Poll::Lost => {
                    tracing::error!("the check job stopped without a result");
                    actions.push(Action::CheckDone(CheckReport {
                        failures: vec![CheckFailure::Setup { detail: "the check stopped unexpectedly".into() }],
                        ..CheckReport::default()
                    }));
                    self.check = None;
                }
            }
        }
        let mut still_running = vec![];
        for mut job in self.one_shots.drain(..) {
            match job.poll() {
                Poll::Running => still_running.push(job),
                Poll::Done(action) => actions.push(action),
                Poll::Lost => tracing::error!("job {} stopped without a result", job.name()),
            }
        }
        self.one_shots = still_running;
        // Accounts saved in this session stay listed after a reload.
        for action in &actions {
            if let Action::AccountSaved(Ok(saved)) = action {
                self.session_accounts.retain(|a| !a.email().eq_ignore_ascii_case(saved.email()));
                self.session_accounts.push(saved.clone());
            }
        }
        actions
    }

    fn discover(&mut self, email: EmailAddress, lang: Lang) {
        if let Some(old) = self.discovery.take() {
            old.cancel();
        }
        let options = DiscoveryOptions { net: self.net.clone(), lang, ..DiscoveryOptions::default() };
        let job = Job::spawn("mailsetup-ui-discovery", self.waker.clone(), move |progress, cancel| {
            discovery::discover(&email, &options, progress, cancel)
        });
        match job {
            Ok(job) => self.discovery = Some(job),
            Err(e) => tracing::error!("cannot start discovery: {e}"),
        }
    }

    fn start_check(&mut self, request: CheckRequest) {
        if let Some(old) = self.check.take() {
            old.cancel();
        }
        let net = self.net.clone();
        let job = Job::spawn("mailsetup-ui-check", self.waker.clone(), move |progress, cancel| {
            check::run_check(&request, &net, progress, cancel)
        });
        match job {
            Ok(job) => self.check = Some(job),
            Err(e) => tracing::error!("cannot start the check: {e}"),
        }
    }

    fn one_shot(&mut self, name: &str, work: impl FnOnce() -> Action + Send + 'static) {
        match Job::spawn(name, self.waker.clone(), move |_, _| work()) {
            Ok(job) => self.one_shots.push(job),
            Err(e) => tracing::error!("cannot start {name}: {e}"),
        }
    }

    fn save_account(&mut self, account: Account, password: Password, report: CheckReport) {
        self.one_shot("mailsetup-ui-save", move || {
            // NOTE: the OS keyring and the accounts file come with the saved-accounts engine
            // (engine::secrets / engine::account_store); until then the account is kept for this
            // session only and the password is dropped here, never written anywhere.
            drop(password);
            Action::AccountSaved(Ok(SavedAccount {
                last_check: Some(last_check(&report)),
                report: Some(report),
                account,
                password_saved: false,
            }))
        });
    }

    fn load_accounts(&mut self) {
        let session = self.session_accounts.clone();
        self.one_shot("mailsetup-ui-accounts", move || Action::AccountsLoaded(Ok(session)));
    }

    fn remove_account(&mut self, email: String) {
        self.session_accounts.retain(|a| !a.email().eq_ignore_ascii_case(&email));
        self.one_shot("mailsetup-ui-remove", move || Action::AccountRemoved(Ok(email)));
    }

    fn recheck(&mut self, account: Account, lang: Lang) {
        let net = self.net.clone();
        self.one_shot("mailsetup-ui-recheck", move || {
            let email_text = account.email.clone();
            let report = match EmailAddress::parse(&account.email) {
                Ok(email) => {
                    let mut request = CheckRequest::new(email, vec![account.incoming, account.outgoing], lang);
                    request.provider_id = account.provider_id;
                    check::run_check(&request, &net, &crate::engine::job::Progress::discard(), &Default::default())
                }
                Err(e) => CheckReport {
                    failures: vec![CheckFailure::Setup { detail: e.to_string() }],
                    ..CheckReport::default()
                },
            };
            Action::RecheckDone { email: email_text, report, checked_at: now_rfc3339() }
        });
    }

    fn build_report(&mut self, account: Account, report: Option<CheckReport>, lang: Lang) {
        let net = self.net.clone();
        self.one_shot("mailsetup-ui-report", move || {
            let check = report.unwrap_or_default();
            let domain = EmailAddress::parse(&account.email).map(|e| e.domain().to_string()).unwrap_or_default();
            let provider = account.provider_id.as_deref().and_then(presets::by_id);
            let servers = [account.incoming.clone(), account.outgoing.clone()];
            let input = ReportInput {
                email: &account.email,
                domain: &domain,
                source: account.source,
                provider,
                servers: &servers,
                check: &check,
                lang,
                dns_timeout: report::DNS_TIMEOUT,
            };
            Action::ReportReady(Ok(report::render_text(&report::build_report(&input, &net))))
        });
    }

    fn export(&mut self, _format_id: String, _account: Account, lang: Lang) {
        // NOTE: the export formats come with the exports engine (engine::export); until then the
        // Done screen shows no format buttons, so this only answers a stray request.
        let reason = tr(lang, "export-coming-soon");
        self.one_shot("mailsetup-ui-export", move || Action::ExportFinished(Err(reason)));
    }
}

/// A bundled provider's name in `lang` (static data: no job needed).
pub fn provider_name(provider_id: &str, lang: Lang) -> Option<String> {
    presets::by_id(provider_id).map(|p| p.display_name(lang).to_string())
}

/// The summary Home shows for a finished check.
fn last_check(report: &CheckReport) -> LastCheck {
    LastCheck { ok: report.ok, at: now_rfc3339(), problem: report.diagnosis.as_ref().map(|d| d.title.clone()) }
}

/// Now, as RFC 3339 in UTC to the second.
fn now_rfc3339() -> String {
    jiff::Timestamp::now().round(jiff::Unit::Second).map(|t| t.to_string()).unwrap_or_default()
}

/// A waker that does nothing (for tests that poll by hand).
pub fn no_waker() -> Waker {
    Arc::new(|| {})
}

/// True for sources whose settings came from the network without a trusted channel.
pub fn source_is_flagged(source: SettingsSource) -> bool {
    matches!(source, SettingsSource::AutoconfigHttp | SettingsSource::Mx | SettingsSource::Srv | SettingsSource::Guess)
}
