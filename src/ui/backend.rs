//! The one place the UI calls the engine. Every [`Effect`] that needs the network, the disk or
//! the keyring starts an `engine::job::Job` on a named thread whose done-callback wakes the UI;
//! [`Backend::poll`] turns what the jobs report into [`Action`]s for the wizard. Late changes to
//! engine signatures touch this file only.
//!
//! At most one discovery and one check run at a time: starting another cancels and drops the
//! old job, so a stale result can never reach the wizard.

use crate::engine::account::Account;
use crate::engine::account_store::{AccountStore, ServerRole, StoredAccount};
use crate::engine::check::{self, CheckFailure, CheckReport, CheckRequest, CheckStep};
use crate::engine::diagnostics;
use crate::engine::email_address::EmailAddress;
use crate::engine::export::thunderbird_qr::{self, QrMatrix};
use crate::engine::export::{self, Audience, ExportFile, ExportOptions};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::job::{Cancel, Job, Poll, Progress, Waker};
use crate::engine::net::{Net, NetConfig};
use crate::engine::provider::discovery::{self, Discovery, DiscoveryEvent, DiscoveryOptions};
use crate::engine::provider::presets;
use crate::engine::report::{self, ReportInput, SavedAccountFacts};
use crate::engine::saved_accounts;
use crate::engine::secrets::{OsSecretStore, Password, SecretStore};
use crate::ui::wizard::{Action, Effect, Exported, LastCheck, SavedAccount};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// Where exports go when the desktop has no save dialog (None: the user's Downloads folder).
    downloads_dir: Option<PathBuf>,
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
            downloads_dir: None,
        }
    }

    /// Exports that cannot ask where to go are saved in `dir` instead of the Downloads folder.
    pub fn set_downloads_dir(&mut self, dir: Option<PathBuf>) {
        self.downloads_dir = dir;
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
        poll_streaming(&mut self.discovery, &mut actions, Action::DiscoveryEvent, Action::DiscoveryDone, || None);
        poll_streaming(&mut self.check, &mut actions, Action::CheckStep, Action::CheckDone, || {
            Some(Action::CheckDone(CheckReport {
                failures: vec![CheckFailure::Setup { detail: "the check stopped unexpectedly".into() }],
                ..CheckReport::default()
            }))
        });
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
        let options = DiscoveryOptions { net: self.net.clone(), lang, ..DiscoveryOptions::default() };
        restart(&mut self.discovery, "mailsetup-ui-discovery", &self.waker, move |progress, cancel| {
            discovery::discover(&email, &options, progress, cancel)
        });
    }

    fn start_check(&mut self, request: CheckRequest) {
        let net = self.net.clone();
        restart(&mut self.check, "mailsetup-ui-check", &self.waker, move |progress, cancel| {
            check::run_check(&request, &net, progress, cancel)
        });
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
                let check = saved_accounts::check_summary(&report, now());
                saved_accounts::save_account(&mut store, secrets.as_ref(), account, Some(&password), check)
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
            let checked_at = now();
            // A check that could not log in (no password in the keyring) says nothing about the
            // account and is not recorded (the engine's rule, shared with the CLI).
            if let (Some(store), Some(check)) = (store.as_mut(), saved_accounts::check_summary(&report, checked_at)) {
                if let Err(e) = saved_accounts::record_check(store, &email_text, check) {
                    tracing::warn!("cannot record the check of {email_text}: {e}");
                }
            }
            Action::RecheckDone { email: email_text, report, checked_at: checked_at.to_string() }
        });
    }

    fn build_report(&mut self, account: Account, report: Option<CheckReport>, lang: Lang) {
        let net = self.net.clone();
        let config_dir = self.config_dir.clone();
        self.one_shot("mailsetup-ui-report", move || {
            let stored = AccountStore::open(config_dir.as_deref()).ok().and_then(|s| s.get(&account.email).cloned());
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
            let mut support_report = report::build_report(&input, &net);
            support_report.saved_account = stored.as_ref().map(SavedAccountFacts::of);
            Action::ReportReady(Ok(report::render_text(&support_report)))
        });
    }

    /// Renders the export, asks where to save it (the desktop's own save dialog, through the
    /// portal) and writes it. Runs on a job thread: the dialog blocks until the user answers.
    /// A desktop with no save dialog at all (no portal, no zenity) gets the file in the
    /// Downloads folder and is told so, instead of a button that silently does nothing.
    fn export(&mut self, format_id: String, account: Account, lang: Lang) {
        let extra_ca_file = self.net.config().ca_file.clone();
        let downloads_dir = self.downloads_dir.clone();
        self.one_shot("mailsetup-ui-export", move || {
            let Some(exporter) = export::by_id(&format_id) else {
                return Action::ExportFinished(Err(format!("unknown export format {format_id}")));
            };
            let options = ExportOptions { lang, extra_ca_file, ..ExportOptions::default() };
            let output = match exporter.export(&account, &options) {
                Ok(output) => output,
                Err(e) => return Action::ExportFinished(Err(e.message(lang))),
            };
            let name = exporter.display_name(lang);
            let file_name = exporter.file_name(&account);
            let multi_file = exporter.is_multi_file();
            let dialog = rfd::FileDialog::new().set_title(&name).set_file_name(&file_name);
            let asked = Instant::now();
            let answer = if multi_file { dialog.pick_folder() } else { dialog.save_file() };
            let mut warnings: Vec<String> = output.warnings.iter().map(|w| w.text(lang)).collect();
            // Looked up here, off the UI thread: it may read ~/.config/user-dirs.dirs.
            let downloads_dir = downloads_dir.or_else(default_downloads_dir);
            let target = match save_target(answer, asked.elapsed(), downloads_dir.as_deref(), &file_name) {
                SaveTarget::Chosen(path) => path,
                SaveTarget::Cancelled => return Action::ExportFinished(Ok(None)),
                SaveTarget::NoDialog(Some(path)) => {
                    warnings.insert(0, tr(lang, "export-no-dialog"));
                    path
                }
                SaveTarget::NoDialog(None) => return Action::ExportFinished(Err(tr(lang, "export-no-dialog-nowhere"))),
            };
            match write_export(&target, multi_file, &output.files) {
                Ok(path) => Action::ExportFinished(Ok(Some(Exported {
                    format: name,
                    path: path.display().to_string(),
                    instructions: exporter.instructions(&account, lang),
                    warnings,
                }))),
                Err(e) => Action::ExportFinished(Err(tr_args(
                    lang,
                    "export-write-failed",
                    &[("path", target.display().to_string().into()), ("error", e.to_string().into())],
                ))),
            }
        });
    }
}

/// A save dialog that answers "nothing" sooner than this never appeared: with no desktop portal
/// and no zenity, rfd returns at once, exactly as if the user had pressed Cancel. Nobody can see
/// a dialog and cancel it this fast.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(300);

/// Where an export goes, from the save dialog's answer and how long it took.
#[derive(Debug, PartialEq, Eq)]
enum SaveTarget {
    /// The user chose this place.
    Chosen(PathBuf),
    /// The user closed the dialog: nothing is written.
    Cancelled,
    /// No dialog appeared: a free name in the Downloads folder (None: there is no such folder).
    NoDialog(Option<PathBuf>),
}

fn save_target(answer: Option<PathBuf>, took: Duration, downloads_dir: Option<&Path>, file_name: &str) -> SaveTarget {
    match answer {
        Some(path) => SaveTarget::Chosen(path),
        None if took >= NO_DIALOG_WITHIN => SaveTarget::Cancelled,
        None => SaveTarget::NoDialog(downloads_dir.map(|dir| unused_path(dir, file_name))),
    }
}

/// The user's Downloads folder, else the home folder.
fn default_downloads_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(dirs.download_dir().unwrap_or(dirs.home_dir()).to_path_buf())
}

/// `dir/name`, or `dir/name (2).ext`, `(3)`, … when that is taken: an export never replaces a
/// file the user did not point at.
fn unused_path(dir: &Path, file_name: &str) -> PathBuf {
    let first = dir.join(file_name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => (stem, Some(ext)),
        _ => (file_name, None),
    };
    let mut n = 2u64;
    loop {
        let path = match ext {
            Some(ext) => dir.join(format!("{stem} ({n}).{ext}")),
            None => dir.join(format!("{stem} ({n})")),
        };
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// Writes an export: a single file to `target`, several files into the folder `target`. Each
/// file gets its permissions before any content. Returns what was written (the file or folder).
pub fn write_export(target: &Path, multi_file: bool, files: &[ExportFile]) -> std::io::Result<PathBuf> {
    if multi_file {
        std::fs::create_dir_all(target)?;
        for file in files {
            file.write_to(&target.join(&file.name))?;
        }
    } else if let Some(file) = files.first() {
        file.write_to(target)?;
    }
    Ok(target.to_path_buf())
}

/// One export button: the format id, its name and the one-line summary (the tooltip).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportButton {
    pub id: &'static str,
    pub name: String,
    pub summary: String,
}

/// The export formats by audience, in display order, with each group's heading.
pub fn export_groups(lang: Lang) -> Vec<(Audience, String, Vec<ExportButton>)> {
    Audience::ALL
        .iter()
        .map(|&audience| {
            let buttons = export::all()
                .iter()
                .filter(|e| e.audience() == audience)
                .map(|e| ExportButton { id: e.id(), name: e.display_name(lang), summary: e.summary(lang) })
                .collect();
            (audience, audience.label(lang), buttons)
        })
        .collect()
}

/// The Thunderbird-for-Android QR code of `account` (without the password: the phone asks
/// for it), or why it cannot be made.
pub fn phone_qr(account: &Account, lang: Lang) -> Result<QrMatrix, String> {
    thunderbird_qr::payload(account, None).and_then(|p| thunderbird_qr::matrix(&p)).map_err(|e| e.message(lang))
}

/// What to do with the phone QR code.
pub fn phone_qr_instructions(account: &Account, lang: Lang) -> String {
    export::by_id("thunderbird-qr").map(|e| e.instructions(account, lang)).unwrap_or_default()
}

/// A bundled provider's name in `lang` (static data: no job needed).
pub fn provider_name(provider_id: &str, lang: Lang) -> Option<String> {
    presets::by_id(provider_id).map(|p| p.display_name(lang).to_string())
}

/// Now, to the second (how check times are kept and shown).
fn now() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    now.round(jiff::Unit::Second).unwrap_or(now)
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

/// Cancels the job in `slot`, if any, and starts `work` there in its place.
fn restart<T: Send + 'static, P: Send + 'static>(
    slot: &mut Option<Job<T, P>>,
    name: &str,
    waker: &Waker,
    work: impl FnOnce(&Progress<P>, &Cancel) -> T + Send + 'static,
) {
    if let Some(old) = slot.take() {
        old.cancel();
    }
    match Job::spawn(name, waker.clone(), work) {
        Ok(job) => *slot = Some(job),
        Err(e) => tracing::error!("cannot start {name}: {e}"),
    }
}

/// Turns what the job in `slot` reported into actions: its events, then its result — or, when
/// its thread died without one, whatever `lost` says the wizard must hear. A finished job leaves
/// the slot.
fn poll_streaming<T: Send + 'static, P: Send + 'static>(
    slot: &mut Option<Job<T, P>>,
    actions: &mut Vec<Action>,
    event: fn(P) -> Action,
    done: fn(T) -> Action,
    lost: impl FnOnce() -> Option<Action>,
) {
    let Some(job) = slot.as_mut() else { return };
    actions.extend(job.drain_events().into_iter().map(event));
    match job.poll() {
        Poll::Running => return,
        Poll::Done(value) => actions.push(done(value)),
        Poll::Lost => {
            tracing::error!("job {} stopped without a result", job.name());
            actions.extend(lost());
        }
    }
    *slot = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::{Protocol, Security, Server, SettingsSource};

    fn account() -> Account {
        Account {
            email: "anna@example.com".into(),
            display_name: "Anna".into(),
            provider_id: None,
            source: SettingsSource::Manual,
            incoming: Server::new(Protocol::Imap, "imap.example.com", 993, Security::Tls, "anna@example.com"),
            outgoing: Server::new(Protocol::Smtp, "smtp.example.com", 465, Security::Tls, "anna@example.com"),
        }
    }

    #[test]
    fn a_single_file_export_is_written_where_the_dialog_said_with_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let exporter = export::by_id("msmtp").unwrap();
        let output = exporter.export(&account(), &ExportOptions::default()).unwrap();
        let target = dir.path().join("msmtprc");
        assert_eq!(write_export(&target, false, &output.files).unwrap(), target);
        assert_eq!(std::fs::read(&target).unwrap(), output.files[0].bytes);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, output.files[0].unix_mode);
        }
    }

    #[test]
    fn a_dialog_that_answers_at_once_never_appeared_and_the_file_goes_to_downloads() {
        let dir = tempfile::tempdir().unwrap();
        let downloads = Some(dir.path());
        let chosen = PathBuf::from("/somewhere/user.js");
        assert_eq!(save_target(Some(chosen.clone()), Duration::ZERO, downloads, "user.js"), SaveTarget::Chosen(chosen));
        assert_eq!(save_target(None, Duration::from_secs(3), downloads, "user.js"), SaveTarget::Cancelled);
        assert_eq!(save_target(None, NO_DIALOG_WITHIN, downloads, "user.js"), SaveTarget::Cancelled);
        assert_eq!(
            save_target(None, Duration::from_millis(5), downloads, "user.js"),
            SaveTarget::NoDialog(Some(dir.path().join("user.js")))
        );
        assert_eq!(save_target(None, Duration::from_millis(5), None, "user.js"), SaveTarget::NoDialog(None));
    }

    #[test]
    fn a_fallback_export_never_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(unused_path(d, "user.js"), d.join("user.js"));
        std::fs::write(d.join("user.js"), "mine").unwrap();
        assert_eq!(unused_path(d, "user.js"), d.join("user (2).js"));
        std::fs::write(d.join("user (2).js"), "mine too").unwrap();
        assert_eq!(unused_path(d, "user.js"), d.join("user (3).js"));
        std::fs::create_dir(d.join("accountrc")).unwrap();
        assert_eq!(unused_path(d, "accountrc"), d.join("accountrc (2)"));
        std::fs::write(d.join(".env"), "").unwrap();
        assert_eq!(unused_path(d, ".env"), d.join(".env (2)"));
        assert_eq!(std::fs::read_to_string(d.join("user.js")).unwrap(), "mine");
    }

    #[test]
    fn a_multi_file_export_fills_the_chosen_folder() {
        let dir = tempfile::tempdir().unwrap();
        let exporter = export::by_id("thunderbird-qr").unwrap();
        assert!(exporter.is_multi_file());
        let output = exporter.export(&account(), &ExportOptions::default()).unwrap();
        let folder = dir.path().join("phone");
        write_export(&folder, true, &output.files).unwrap();
        for file in &output.files {
            assert_eq!(std::fs::read(folder.join(&file.name)).unwrap(), file.bytes);
        }
    }

    #[test]
    fn every_export_format_has_a_button_in_a_group() {
        let shown: usize = export_groups(Lang::Ru).iter().map(|(_, _, buttons)| buttons.len()).sum();
        assert_eq!(shown, export::all().len());
        assert!(export_groups(Lang::Ru).iter().all(|(_, heading, _)| !heading.starts_with("export-")));
    }

    #[test]
    fn the_phone_code_is_made_without_a_password() {
        let matrix = phone_qr(&account(), Lang::En).unwrap();
        assert!(matrix.width >= 21);
        assert!(phone_qr_instructions(&account(), Lang::Ru).contains("Thunderbird"));
    }
}
