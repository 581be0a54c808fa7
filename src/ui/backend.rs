//! The one place the UI calls the engine. Every [`Effect`] that needs the network, the disk or
//! the keyring starts an `engine::job::Job` on a named thread whose done-callback wakes the UI;
//! [`Backend::poll`] turns what the jobs report into [`Action`]s for the wizard. Late changes to
//! engine signatures touch this file only.
//!
//! At most one discovery and one check run at a time: starting another cancels and drops the
//! old job, so a stale result can never reach the wizard.

use crate::engine::account::Account;
use crate::engine::account_store::{AccountStore, CheckSummary, ServerRole, StoredAccount};
use crate::engine::check::{self, CheckFailure, CheckReport, CheckRequest, CheckStep};
use crate::engine::diagnostics;
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr};
use crate::engine::job::{Cancel, Job, Poll, Progress, Waker};
use crate::engine::net::{Net, NetConfig};
use crate::engine::provider::discovery::{self, Discovery, DiscoveryEvent, DiscoveryOptions};
use crate::engine::provider::presets;
use crate::engine::report::{self, ReportInput};
use crate::engine::saved_accounts;
use crate::engine::secrets::{OsSecretStore, Password, SecretStore};
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
    /// Where passwords go: the OS keyring.
    secrets: Arc<dyn SecretStore>,
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
            secrets: Arc::new(OsSecretStore::new()),
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
            Effect::SaveAccount { account, password, report } => self.save_account(account, password, *report, lang),
            Effect::LoadAccounts => self.load_accounts(lang),
            Effect::Recheck { account } => self.recheck(account, lang),
            Effect::RemoveAccount { email } => self.remove_account(email, lang),
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

    fn save_account(&mut self, account: Account, password: Password, report: CheckReport, lang: Lang) {
        let config_dir = self.config_dir.clone();
        let secrets = self.secrets.clone();
        self.one_shot("mailsetup-ui-save", move || {
            let saved = AccountStore::open(config_dir.as_deref()).and_then(|mut store| {
                let check = summary(&report);
                saved_accounts::save_account(&mut store, secrets.as_ref(), account, Some(&password), Some(check))
            });
            match saved {
                Ok(outcome) => Action::AccountSaved {
                    result: Ok(SavedAccount { report: Some(report), ..saved_account(&outcome.saved, lang) }),
                    keyring_problem: outcome.keyring_error.map(|e| e.message(lang)),
                },
                Err(e) => Action::AccountSaved { result: Err(e.message(lang)), keyring_problem: None },
            }
        });
    }

    fn load_accounts(&mut self, lang: Lang) {
        let config_dir = self.config_dir.clone();
        self.one_shot("mailsetup-ui-accounts", move || {
            let loaded = AccountStore::open(config_dir.as_deref())
                .map(|store| store.list().iter().map(|stored| saved_account(stored, lang)).collect())
                .map_err(|e| e.message(lang));
            Action::AccountsLoaded(loaded)
        });
    }

    fn remove_account(&mut self, email: String, lang: Lang) {
        let config_dir = self.config_dir.clone();
        let secrets = self.secrets.clone();
        self.one_shot("mailsetup-ui-remove", move || {
            let removed = AccountStore::open(config_dir.as_deref())
                .map_err(Into::into)
                .and_then(|mut store| saved_accounts::forget_account(&mut store, secrets.as_ref(), &email));
            Action::AccountRemoved(removed.map(|_| email).map_err(|e| e.message(lang)))
        });
    }

    /// Checks a saved account again with the password from the keyring (login only, no test
    /// message) and records the result in the accounts file.
    fn recheck(&mut self, account: Account, lang: Lang) {
        let net = self.net.clone();
        let config_dir = self.config_dir.clone();
        let secrets = self.secrets.clone();
        self.one_shot("mailsetup-ui-recheck", move || {
            let email_text = account.email.clone();
            let mut store = AccountStore::open(config_dir.as_deref()).ok();
            let stored = store.as_ref().and_then(|s| s.get(&account.email).cloned());
            let password = stored.as_ref().and_then(|stored| {
                [ServerRole::Incoming, ServerRole::Outgoing]
                    .into_iter()
                    .find_map(|role| saved_accounts::load_password(secrets.as_ref(), stored, role).ok().flatten())
            });
            let report = match EmailAddress::parse(&account.email) {
                Ok(email) => {
                    let mut request = CheckRequest::new(email, vec![account.incoming, account.outgoing], lang);
                    request.provider_id = account.provider_id;
                    request.password = password;
                    check::run_check(&request, &net, &Progress::discard(), &Cancel::new())
                }
                Err(e) => CheckReport {
                    failures: vec![CheckFailure::Setup { detail: e.to_string() }],
                    ..CheckReport::default()
                },
            };
            let check = summary(&report);
            if let Some(store) = store.as_mut() {
                if let Err(e) = store.update(&email_text, |a| a.last_check = Some(check.clone())) {
                    tracing::warn!("cannot record the check of {email_text}: {e}");
                }
            }
            Action::RecheckDone { email: email_text, report, checked_at: check.checked_at.to_string() }
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

/// A finished check as the accounts file keeps it.
fn summary(report: &CheckReport) -> CheckSummary {
    let now = jiff::Timestamp::now();
    CheckSummary {
        ok: report.ok,
        diagnosis_kind: report.diagnosis.as_ref().map(|d| d.kind.as_str().to_string()),
        checked_at: now.round(jiff::Unit::Second).unwrap_or(now),
    }
}

/// A saved account as Home lists it.
fn saved_account(stored: &StoredAccount, lang: Lang) -> SavedAccount {
    SavedAccount {
        account: stored.account.clone(),
        last_check: stored.last_check.as_ref().map(|c| LastCheck {
            ok: c.ok,
            at: c.checked_at.to_string(),
            problem: c.diagnosis_kind.as_ref().map(|kind| tr(lang, &format!("home-problem-{kind}"))),
        }),
        report: None,
        password_saved: stored.has_all_passwords(),
    }
}

/// A waker that does nothing (for tests that poll by hand).
pub fn no_waker() -> Waker {
    Arc::new(|| {})
}
