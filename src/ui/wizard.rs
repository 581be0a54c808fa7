//! The wizard as one pure state machine: what every screen holds, the [`Action`]s that views and
//! finished jobs send, and [`Wizard::apply`], which changes the state and returns the
//! [`Effect`]s (engine work, clipboard, browser) the app must start. No egui, no threads, no I/O,
//! so every rule of the flow is unit-tested here without a window.
//!
//! Flow: Address → Detect → Review → Prepare (only when the provider has "before you log in"
//! steps) → Password → Test → Done. Back always works and never throws typed data away; going
//! forward again with the same address keeps the reviewed settings instead of detecting anew.

use crate::engine::account::{Account, AuthMethod, Protocol, Security, Server, SettingsSource};
use crate::engine::check::{CheckFailure, CheckReport, CheckStep};
use crate::engine::diagnostics::Diagnosis;
use crate::engine::email_address::{AddressError, EmailAddress, domain_to_ascii};
use crate::engine::i18n::Lang;
use crate::engine::provider::discovery::{Discovery, DiscoveryEvent, SourceStatus};
use crate::engine::provider::presets::{Note, NoteKind};
use crate::engine::secrets::Password;

/// One screen of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Saved accounts and "Add account".
    Home,
    /// Step 1: name and address.
    Address,
    /// Step 2: the live discovery checklist.
    Detect,
    /// Step 3: the servers, editable, with the security level and the source.
    Review,
    /// Step 4: the provider's "before you log in" steps (skipped when there are none).
    Prepare,
    /// Step 5: the password.
    Password,
    /// Step 6: the live connection test.
    Test,
    /// Step 7: done, with exports (also reached from Home's "Export").
    Done,
    /// The large-type card support staff read aloud.
    Support,
}

/// The phases shown in the step indicator ("Step 2 of 5").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Address,
    Settings,
    SignIn,
    Test,
    Done,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 5] = [Phase::Address, Phase::Settings, Phase::SignIn, Phase::Test, Phase::Done];

    /// The message id of the phase's name in `ui.ftl`.
    pub fn message_id(self) -> &'static str {
        match self {
            Phase::Address => "phase-address",
            Phase::Settings => "phase-settings",
            Phase::SignIn => "phase-sign-in",
            Phase::Test => "phase-test",
            Phase::Done => "phase-done",
        }
    }

    /// 1-based position.
    pub fn number(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).map_or(0, |i| i + 1)
    }
}

impl Screen {
    /// The wizard phase this screen belongs to; `None` outside the wizard.
    pub fn phase(self) -> Option<Phase> {
        match self {
            Screen::Address => Some(Phase::Address),
            Screen::Detect | Screen::Review => Some(Phase::Settings),
            Screen::Prepare | Screen::Password => Some(Phase::SignIn),
            Screen::Test => Some(Phase::Test),
            Screen::Done => Some(Phase::Done),
            Screen::Home | Screen::Support => None,
        }
    }
}

/// Which server of the account a form field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Incoming,
    Outgoing,
}

/// An editable text field of a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Host,
    Port,
    Username,
}

/// One server as the Review form holds it: text as typed, checked when leaving the screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerForm {
    pub host: String,
    pub port: String,
    pub security: Option<Security>,
    pub username: String,
    pub auth: Option<AuthMethod>,
}

/// What is wrong with a server in the form (each has a message in `ui.ftl`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormProblem {
    HostMissing,
    HostInvalid,
    PortInvalid,
    UsernameMissing,
}

impl FormProblem {
    /// The message id in `ui.ftl`.
    pub fn message_id(self) -> &'static str {
        match self {
            FormProblem::HostMissing => "review-problem-host-missing",
            FormProblem::HostInvalid => "review-problem-host-invalid",
            FormProblem::PortInvalid => "review-problem-port-invalid",
            FormProblem::UsernameMissing => "review-problem-username-missing",
        }
    }
}

impl ServerForm {
    /// The form filled from a server.
    pub fn from_server(server: &Server) -> Self {
        ServerForm {
            host: server.host.clone(),
            port: server.port.to_string(),
            security: Some(server.security),
            username: server.username.clone(),
            auth: Some(server.auth),
        }
    }

    /// The security in effect (TLS until the user picks something else).
    pub fn security(&self) -> Security {
        self.security.unwrap_or(Security::Tls)
    }

    /// The server this form describes, or the first problem.
    pub fn to_server(&self, protocol: Protocol) -> Result<Server, FormProblem> {
        let host = self.host.trim();
        if host.is_empty() {
            return Err(FormProblem::HostMissing);
        }
        let host = domain_to_ascii(host).map_err(|_| FormProblem::HostInvalid)?;
        let port = match self.port.trim().parse::<u16>() {
            Ok(p) if p != 0 => p,
            _ => return Err(FormProblem::PortInvalid),
        };
        let auth = self.auth.unwrap_or(AuthMethod::Password);
        if self.username.trim().is_empty() && auth != AuthMethod::None {
            return Err(FormProblem::UsernameMissing);
        }
        let mut server = Server::new(protocol, &host, port, self.security(), self.username.trim());
        server.auth = auth;
        Ok(server)
    }
}

/// The Review screen's settings: the chosen incoming protocol and both servers, where they came
/// from, and whether the user confirmed settings that need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsForm {
    /// IMAP (recommended) or POP3.
    pub incoming_protocol: Protocol,
    pub incoming: ServerForm,
    pub outgoing: ServerForm,
    /// What discovery offered for incoming mail (used when the user switches IMAP/POP3).
    pub incoming_candidates: Vec<Server>,
    pub source: SettingsSource,
    pub provider_id: Option<String>,
    /// The provider's name in the language of discovery.
    pub provider_name: Option<String>,
    /// True when the source is one a password must not be sent to without the user's consent.
    pub needs_confirmation: bool,
    pub confirmed: bool,
}

impl SettingsForm {
    /// A starting point for typing settings by hand: the usual host names of the domain.
    pub fn manual(email: &EmailAddress) -> Self {
        let login = email.to_ascii_string();
        let domain = email.domain();
        SettingsForm {
            incoming_protocol: Protocol::Imap,
            incoming: ServerForm {
                host: format!("imap.{domain}"),
                port: Protocol::Imap.default_port(Security::Tls).to_string(),
                security: Some(Security::Tls),
                username: login.clone(),
                auth: Some(AuthMethod::Password),
            },
            outgoing: ServerForm {
                host: format!("smtp.{domain}"),
                port: Protocol::Smtp.default_port(Security::Tls).to_string(),
                security: Some(Security::Tls),
                username: login,
                auth: Some(AuthMethod::Password),
            },
            incoming_candidates: vec![],
            source: SettingsSource::Manual,
            provider_id: None,
            provider_name: None,
            needs_confirmation: false,
            confirmed: false,
        }
    }

    /// The form filled from what discovery found (the best incoming and outgoing server).
    pub fn from_discovery(discovery: &Discovery) -> Option<Self> {
        let incoming = discovery.incoming.first()?;
        let outgoing = discovery.outgoing.first()?;
        // IMAP is recommended: prefer it when discovery offers it at all.
        let incoming = discovery.incoming.iter().find(|s| s.protocol == Protocol::Imap).unwrap_or(incoming);
        Some(SettingsForm {
            incoming_protocol: incoming.protocol,
            incoming: ServerForm::from_server(incoming),
            outgoing: ServerForm::from_server(outgoing),
            incoming_candidates: discovery.incoming.clone(),
            source: discovery.source.unwrap_or(SettingsSource::Manual),
            provider_id: discovery.provider.as_ref().map(|p| p.id.clone()),
            provider_name: discovery.provider.as_ref().map(|p| p.name.clone()),
            needs_confirmation: discovery.needs_confirmation,
            confirmed: false,
        })
    }

    /// Both servers, or the first problem with the role it belongs to.
    pub fn servers(&self) -> Result<(Server, Server), (Role, FormProblem)> {
        let incoming = self.incoming.to_server(self.incoming_protocol).map_err(|p| (Role::Incoming, p))?;
        let outgoing = self.outgoing.to_server(Protocol::Smtp).map_err(|p| (Role::Outgoing, p))?;
        Ok((incoming, outgoing))
    }

    /// True when the user may go on: valid servers and, when needed, the user's confirmation.
    pub fn is_ready(&self) -> bool {
        self.servers().is_ok() && (!self.needs_confirmation || self.confirmed)
    }

    /// The server's domain the confirmation names: the part both host names share (at least two
    /// labels), else both host names.
    pub fn confirmation_domain(&self) -> String {
        let incoming = self.incoming.host.trim().to_ascii_lowercase();
        let outgoing = self.outgoing.host.trim().to_ascii_lowercase();
        if incoming == outgoing || outgoing.is_empty() {
            return incoming;
        }
        let a: Vec<&str> = incoming.rsplit('.').collect();
        let b: Vec<&str> = outgoing.rsplit('.').collect();
        let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let is_ip = incoming.parse::<std::net::IpAddr>().is_ok();
        if shared >= 2 && !is_ip {
            let mut labels: Vec<&str> = a[..shared].to_vec();
            labels.reverse();
            labels.join(".")
        } else {
            format!("{incoming}, {outgoing}")
        }
    }

    fn server_mut(&mut self, role: Role) -> &mut ServerForm {
        match role {
            Role::Incoming => &mut self.incoming,
            Role::Outgoing => &mut self.outgoing,
        }
    }

    /// The user changed something: the settings are now theirs. Typed by hand, they need no
    /// further confirmation (the user chose the server themselves).
    fn mark_edited(&mut self) {
        self.source = SettingsSource::Manual;
        self.needs_confirmation = false;
    }
}

/// One line of the Detect checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub source: SettingsSource,
    pub status: SourceStatus,
    /// Milliseconds since discovery started, at the latest status.
    pub ms: u64,
}

/// The Detect screen's state.
#[derive(Clone, Debug, Default)]
pub struct DetectState {
    pub rows: Vec<SourceRow>,
    pub running: bool,
    /// The finished discovery (also when nothing was found).
    pub result: Option<Discovery>,
    /// The address the current form was detected (or typed) for.
    pub detected_for: Option<String>,
}

/// Whether the successful account was saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    NotYet,
    Saving,
    /// Saved; `password_saved` tells whether the password is in the OS keyring.
    Saved {
        password_saved: bool,
        notice: Option<String>,
    },
    /// The account works but could not be saved (the reason, for people).
    Failed(String),
}

/// The Test screen's state.
#[derive(Clone, Debug)]
pub struct TestState {
    pub steps: Vec<CheckStep>,
    pub running: bool,
    pub report: Option<CheckReport>,
    pub save: SaveState,
    /// The raw server reply is shown.
    pub details_open: bool,
}

impl Default for TestState {
    fn default() -> Self {
        TestState { steps: vec![], running: false, report: None, save: SaveState::NotYet, details_open: false }
    }
}

impl TestState {
    /// True when the last check finished and every step passed.
    pub fn passed(&self) -> bool {
        !self.running && self.report.as_ref().is_some_and(|r| r.ok)
    }

    /// True when the last check finished with a failure (not cancelled).
    pub fn failed(&self) -> bool {
        !self.running && self.report.as_ref().is_some_and(|r| !r.ok && !r.cancelled)
    }
}

/// The last check of a saved account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastCheck {
    pub ok: bool,
    /// When, as RFC 3339 (UTC).
    pub at: String,
    /// The diagnosis title when it failed, in the language of the check.
    pub problem: Option<String>,
}

/// An account the user saved, as Home lists it.
#[derive(Clone, Debug)]
pub struct SavedAccount {
    pub account: Account,
    pub last_check: Option<LastCheck>,
    /// The full report of the last check made in this session (for "Copy report").
    pub report: Option<CheckReport>,
    /// True when the password is in the OS keyring.
    pub password_saved: bool,
}

impl SavedAccount {
    /// The address, as people read it.
    pub fn email(&self) -> &str {
        &self.account.email
    }
}

/// A short confirmation shown next to what caused it ("Copied").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Copied,
    ReportCopied,
    /// An export was written.
    Exported(Exported),
    Problem(String),
}

/// An export that was written: where, what to do with it, and what the format cannot express.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    /// The format's name.
    pub format: String,
    /// The file (or folder, for formats with several files).
    pub path: String,
    /// What to do with the file, in the UI language.
    pub instructions: String,
    /// What the user must know (limitations of the format), in the UI language.
    pub warnings: Vec<String>,
}

/// Engine work and platform calls the app performs for the wizard.
#[derive(Debug)]
pub enum Effect {
    Discover {
        email: EmailAddress,
    },
    CancelDiscovery,
    Check {
        email: EmailAddress,
        servers: Vec<Server>,
        password: Password,
        provider_id: Option<String>,
    },
    CancelCheck,
    SaveAccount {
        account: Account,
        password: Password,
        report: Box<CheckReport>,
    },
    LoadAccounts,
    Recheck {
        account: Account,
    },
    RemoveAccount {
        email: String,
    },
    CopyReport {
        account: Account,
        report: Option<Box<CheckReport>>,
    },
    CopyText(String),
    OpenUrl(String),
    Export {
        format_id: String,
        account: Account,
    },
    /// Translate what came from the engine into the new language: the diagnosis of `failure`
    /// and, for bundled providers, their notes.
    Relocalize {
        lang: Lang,
        failure: Option<CheckFailure>,
        provider_id: Option<String>,
        notes_from_preset: bool,
    },
}

/// Everything that can happen to the wizard: user intents from the views and results of jobs.
#[derive(Debug)]
pub enum Action {
    Next,
    Back,
    GoHome,
    AddAccount,
    SetName(String),
    SetEmail(String),
    EnterManually,
    CancelDetect,
    SetIncomingProtocol(Protocol),
    SetField {
        role: Role,
        field: Field,
        value: String,
    },
    SetSecurity {
        role: Role,
        security: Security,
    },
    SetConfirmed(bool),
    SetPassword(Password),
    SetShowPassword(bool),
    SetDetailsOpen(bool),
    Retry,
    EditSettings,
    SetLang(Lang),
    OpenUrl(String),
    CopyText(String),
    Recheck(String),
    AskRemove(String),
    CancelRemove,
    ConfirmRemove(String),
    ShowSupport(String),
    ExportAccount(String),
    CopyReport(String),
    /// "Copy report" on the Test screen (the account is not saved yet).
    CopyTestReport,
    Export(String),
    DiscoveryEvent(DiscoveryEvent),
    DiscoveryDone(Discovery),
    CheckStep(CheckStep),
    CheckDone(CheckReport),
    /// The account was saved (or not, and why); `keyring_problem` says why the password could
    /// not go into the keyring although the account was saved.
    AccountSaved {
        result: Result<SavedAccount, String>,
        keyring_problem: Option<String>,
    },
    AccountsLoaded(Result<Vec<SavedAccount>, String>),
    AccountRemoved(Result<String, String>),
    /// A re-check from Home finished; `checked_at` is the wall-clock time (RFC 3339, UTC).
    RecheckDone {
        email: String,
        report: CheckReport,
        checked_at: String,
    },
    /// The support report was built (its text goes to the clipboard) or could not be.
    ReportReady(Result<String, String>),
    /// An export finished: written, cancelled in the save dialog (`None`), or failed (why).
    ExportFinished(Result<Option<Exported>, String>),
    Relocalized {
        diagnosis: Option<Diagnosis>,
        notes: Option<Vec<Note>>,
    },
}

/// Note kinds that are things to do before the first login (the Prepare step); the others are
/// facts worth knowing, shown there too when there is something to do anyway.
pub fn is_preparation(kind: NoteKind) -> bool {
    matches!(
        kind,
        NoteKind::AppPassword
            | NoteKind::EnableMailClients
            | NoteKind::TwoStepVerification
            | NoteKind::Oauth2Only
            | NoteKind::NoImap
            | NoteKind::Bridge
    )
}

/// Providers whose app passwords are shown in groups with spaces, which must be typed without
/// them.
// NOTE: Google (Gmail, Workspace) shows app passwords as four groups of four letters; the AOL
// and Yahoo instructions (presets aol.json, yahoo.json, chatmail's provider notes) and
// Fastmail's say to enter them without the spaces. Real passwords elsewhere may contain spaces,
// so nothing is stripped for other providers.
pub const SPACED_APP_PASSWORD_PROVIDERS: [&str; 5] = ["gmail", "google-workspace", "yahoo", "aol", "fastmail"];

/// True when spaces are removed from what the user types as the password for this provider.
pub fn strips_password_spaces(provider_id: Option<&str>) -> bool {
    provider_id.is_some_and(|id| SPACED_APP_PASSWORD_PROVIDERS.contains(&id))
}

/// The whole state of the app's screens.
#[derive(Debug)]
pub struct Wizard {
    pub screen: Screen,
    pub lang: Lang,
    pub name: String,
    pub email_text: String,
    pub detect: DetectState,
    pub form: Option<SettingsForm>,
    pub notes: Vec<Note>,
    pub password: Password,
    pub show_password: bool,
    pub test: TestState,
    pub accounts: Vec<SavedAccount>,
    /// True once the saved accounts were read (Home shows nothing misleading before).
    pub accounts_loaded: bool,
    /// Accounts being re-checked from Home.
    pub rechecking: Vec<String>,
    /// The account whose removal waits for a second click.
    pub confirm_remove: Option<String>,
    /// The account the Support or Export screen shows (else the one just set up).
    pub selected: Option<String>,
    /// Where Back goes from Support.
    pub return_to: Screen,
    /// True when Done was opened from Home's "Export" (not at the end of the wizard).
    pub export_from_home: bool,
    pub notice: Option<Notice>,
    /// True while a report is being built for the clipboard.
    pub copying_report: bool,
    /// True while a save dialog or an export is running.
    pub exporting: bool,
}

impl Wizard {
    /// A fresh wizard on Home, waiting for the saved accounts.
    pub fn new(lang: Lang) -> Self {
        Wizard {
            screen: Screen::Home,
            lang,
            name: String::new(),
            email_text: String::new(),
            detect: DetectState::default(),
            form: None,
            notes: vec![],
            password: Password::new(""),
            show_password: false,
            test: TestState::default(),
            accounts: vec![],
            accounts_loaded: false,
            rechecking: vec![],
            confirm_remove: None,
            selected: None,
            return_to: Screen::Home,
            export_from_home: false,
            notice: None,
            copying_report: false,
            exporting: false,
        }
    }

    /// The effects to run once at start-up.
    pub fn start(&self) -> Vec<Effect> {
        vec![Effect::LoadAccounts]
    }

    /// The typed address, parsed.
    pub fn email(&self) -> Result<EmailAddress, AddressError> {
        EmailAddress::parse(&self.email_text)
    }

    /// The hint under the address field: nothing while the field is empty.
    pub fn address_problem(&self) -> Option<AddressError> {
        if self.email_text.trim().is_empty() {
            return None;
        }
        self.email().err()
    }

    /// The "before you log in" notes (Prepare is skipped when this is empty).
    pub fn preparation_notes(&self) -> Vec<&Note> {
        self.notes.iter().filter(|n| is_preparation(n.kind)).collect()
    }

    /// True when the provider wants an app password instead of the account password.
    pub fn needs_app_password(&self) -> bool {
        self.notes.iter().any(|n| n.kind == NoteKind::AppPassword)
    }

    /// The provider of the settings under review.
    pub fn provider_id(&self) -> Option<&str> {
        self.form.as_ref().and_then(|f| f.provider_id.as_deref())
    }

    /// True when the Next button of the current screen may be pressed.
    pub fn can_go_next(&self) -> bool {
        match self.screen {
            Screen::Address => self.email().is_ok(),
            Screen::Detect => false,
            Screen::Review => self.form.as_ref().is_some_and(SettingsForm::is_ready),
            Screen::Prepare => true,
            Screen::Password => !self.password.is_empty() || !self.uses_password(),
            Screen::Test => self.test.passed(),
            Screen::Done => true,
            Screen::Home | Screen::Support => false,
        }
    }

    /// True when the reviewed servers send a password at all.
    pub fn uses_password(&self) -> bool {
        self.form.as_ref().is_none_or(|f| {
            [&f.incoming, &f.outgoing].iter().any(|s| s.auth.unwrap_or(AuthMethod::Password).uses_password())
        })
    }

    /// The account being set up, from the form (None until the form is valid).
    pub fn account(&self) -> Option<Account> {
        let form = self.form.as_ref()?;
        let email = self.email().ok()?;
        let (incoming, outgoing) = form.servers().ok()?;
        Some(Account {
            email: email.to_display_string(),
            display_name: self.name.trim().to_string(),
            provider_id: form.provider_id.clone(),
            source: form.source,
            incoming,
            outgoing,
        })
    }

    /// The saved account with this address.
    pub fn saved(&self, email: &str) -> Option<&SavedAccount> {
        self.accounts.iter().find(|a| a.email().eq_ignore_ascii_case(email))
    }

    /// The account the Support and Export screens are about.
    pub fn selected_account(&self) -> Option<&SavedAccount> {
        self.selected.as_deref().and_then(|e| self.saved(e))
    }

    /// Applies one action and returns the work to start.
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Next => self.next(),
            Action::Back => self.back(),
            Action::GoHome => self.go_home(),
            Action::AddAccount => {
                self.reset_draft();
                self.screen = Screen::Address;
                vec![]
            }
            Action::SetName(name) => {
                self.name = name;
                vec![]
            }
            Action::SetEmail(email) => {
                self.email_text = email;
                vec![]
            }
            Action::EnterManually => self.enter_manually(),
            Action::CancelDetect => {
                self.detect.running = false;
                self.screen = Screen::Address;
                vec![Effect::CancelDiscovery]
            }
            Action::SetIncomingProtocol(protocol) => {
                self.set_incoming_protocol(protocol);
                vec![]
            }
            Action::SetField { role, field, value } => {
                if let Some(form) = self.form.as_mut() {
                    let server = form.server_mut(role);
                    let slot = match field {
                        Field::Host => &mut server.host,
                        Field::Port => &mut server.port,
                        Field::Username => &mut server.username,
                    };
                    if *slot != value {
                        *slot = value;
                        form.mark_edited();
                    }
                }
                vec![]
            }
            Action::SetSecurity { role, security } => {
                if let Some(form) = self.form.as_mut() {
                    let protocol = match role {
                        Role::Incoming => form.incoming_protocol,
                        Role::Outgoing => Protocol::Smtp,
                    };
                    let server = form.server_mut(role);
                    if server.security != Some(security) {
                        // Follow the standard port when the port was the standard one for the old setting.
                        if server.port.trim() == protocol.default_port(server.security()).to_string() {
                            server.port = protocol.default_port(security).to_string();
                        }
                        server.security = Some(security);
                        form.mark_edited();
                    }
                }
                vec![]
            }
            Action::SetConfirmed(confirmed) => {
                if let Some(form) = self.form.as_mut() {
                    form.confirmed = confirmed;
                }
                vec![]
            }
            Action::SetPassword(password) => {
                self.password = if strips_password_spaces(self.provider_id()) {
                    Password::new(password.expose().chars().filter(|c| !c.is_whitespace()).collect::<String>())
                } else {
                    password
                };
                vec![]
            }
            Action::SetShowPassword(show) => {
                self.show_password = show;
                vec![]
            }
            Action::SetDetailsOpen(open) => {
                self.test.details_open = open;
                vec![]
            }
            Action::Retry => self.start_check(),
            Action::EditSettings => {
                self.screen = Screen::Review;
                vec![]
            }
            Action::SetLang(lang) => {
                if lang == self.lang {
                    return vec![];
                }
                self.lang = lang;
                let form = self.form.as_ref();
                vec![Effect::Relocalize {
                    lang,
                    failure: self.test.report.as_ref().and_then(|r| r.failures.first().cloned()),
                    provider_id: form.and_then(|f| f.provider_id.clone()),
                    notes_from_preset: form.is_some_and(|f| f.source == SettingsSource::Preset),
                }]
            }
            Action::OpenUrl(url) => vec![Effect::OpenUrl(url)],
            Action::CopyText(text) => {
                self.notice = Some(Notice::Copied);
                vec![Effect::CopyText(text)]
            }
            Action::Recheck(email) => {
                let Some(saved) = self.saved(&email) else { return vec![] };
                let account = saved.account.clone();
                if !self.rechecking.contains(&email) {
                    self.rechecking.push(email);
                }
                vec![Effect::Recheck { account }]
            }
            Action::AskRemove(email) => {
                self.confirm_remove = Some(email);
                vec![]
            }
            Action::CancelRemove => {
                self.confirm_remove = None;
                vec![]
            }
            Action::ConfirmRemove(email) => {
                self.confirm_remove = None;
                vec![Effect::RemoveAccount { email }]
            }
            Action::ShowSupport(email) => {
                if self.screen != Screen::Support {
                    self.return_to = self.screen;
                }
                self.selected = Some(email);
                self.notice = None;
                self.screen = Screen::Support;
                vec![]
            }
            Action::ExportAccount(email) => {
                self.export_from_home = true;
                self.selected = Some(email);
                self.notice = None;
                self.screen = Screen::Done;
                vec![]
            }
            Action::CopyReport(email) => {
                let Some(saved) = self.saved(&email) else { return vec![] };
                let effect =
                    Effect::CopyReport { account: saved.account.clone(), report: saved.report.clone().map(Box::new) };
                self.copying_report = true;
                self.notice = None;
                vec![effect]
            }
            Action::CopyTestReport => {
                let Some(account) = self.account() else { return vec![] };
                self.copying_report = true;
                self.notice = None;
                vec![Effect::CopyReport { account, report: self.test.report.clone().map(Box::new) }]
            }
            Action::Export(format_id) => {
                let Some(account) = self.selected_account().map(|a| a.account.clone()) else { return vec![] };
                self.exporting = true;
                self.notice = None;
                vec![Effect::Export { format_id, account }]
            }
            Action::DiscoveryEvent(event) => {
                self.on_discovery_event(event);
                vec![]
            }
            Action::DiscoveryDone(discovery) => self.on_discovery_done(discovery),
            Action::CheckStep(step) => {
                if self.test.running {
                    self.test.steps.push(step);
                }
                vec![]
            }
            Action::CheckDone(report) => self.on_check_done(report),
            Action::AccountSaved { result, keyring_problem } => {
                match result {
                    Ok(saved) => {
                        self.test.save =
                            SaveState::Saved { password_saved: saved.password_saved, notice: keyring_problem };
                        self.selected = Some(saved.email().to_string());
                        self.upsert_account(saved);
                    }
                    Err(reason) => self.test.save = SaveState::Failed(reason),
                }
                // The password now lives in the keyring (or nowhere): drop it from memory.
                self.password = Password::new("");
                vec![]
            }
            Action::AccountsLoaded(result) => {
                self.accounts_loaded = true;
                match result {
                    Ok(accounts) => {
                        for account in accounts {
                            self.upsert_account(account);
                        }
                    }
                    Err(reason) => self.notice = Some(Notice::Problem(reason)),
                }
                if self.accounts.is_empty() && self.screen == Screen::Home {
                    self.screen = Screen::Address;
                }
                vec![]
            }
            Action::AccountRemoved(result) => {
                match result {
                    Ok(email) => {
                        self.accounts.retain(|a| !a.email().eq_ignore_ascii_case(&email));
                        if self.selected.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&email)) {
                            self.selected = None;
                            if matches!(self.screen, Screen::Support | Screen::Done) {
                                self.screen = Screen::Home;
                            }
                        }
                    }
                    Err(reason) => self.notice = Some(Notice::Problem(reason)),
                }
                vec![]
            }
            Action::RecheckDone { email, report, checked_at } => {
                self.rechecking.retain(|e| e != &email);
                if let Some(saved) = self.accounts.iter_mut().find(|a| a.email().eq_ignore_ascii_case(&email)) {
                    // A check that did not log in says nothing about the account (as in the file).
                    let meaningful = !report.cancelled && (report.password_tested || !report.ok);
                    if meaningful {
                        saved.last_check = Some(LastCheck {
                            ok: report.ok,
                            at: checked_at,
                            problem: report.diagnosis.as_ref().map(|d| d.title.clone()),
                        });
                    }
                    saved.report = Some(report);
                }
                vec![]
            }
            Action::ReportReady(result) => {
                self.copying_report = false;
                match result {
                    Ok(text) => {
                        self.notice = Some(Notice::ReportCopied);
                        vec![Effect::CopyText(text)]
                    }
                    Err(reason) => {
                        self.notice = Some(Notice::Problem(reason));
                        vec![]
                    }
                }
            }
            Action::ExportFinished(result) => {
                self.exporting = false;
                self.notice = match result {
                    Ok(Some(exported)) => Some(Notice::Exported(exported)),
                    Ok(None) => None,
                    Err(reason) => Some(Notice::Problem(reason)),
                };
                vec![]
            }
            Action::Relocalized { diagnosis, notes } => {
                if let (Some(report), Some(diagnosis)) = (self.test.report.as_mut(), diagnosis) {
                    report.diagnosis = Some(diagnosis);
                }
                if let Some(notes) = notes {
                    self.notes = notes;
                }
                vec![]
            }
        }
    }

    fn next(&mut self) -> Vec<Effect> {
        if !self.can_go_next() {
            return vec![];
        }
        self.notice = None;
        match self.screen {
            Screen::Address => self.start_detect(),
            Screen::Review => {
                self.screen = if self.preparation_notes().is_empty() { Screen::Password } else { Screen::Prepare };
                vec![]
            }
            Screen::Prepare => {
                self.screen = Screen::Password;
                vec![]
            }
            Screen::Password => self.start_check(),
            Screen::Test => {
                self.export_from_home = false;
                self.screen = Screen::Done;
                vec![]
            }
            Screen::Done => self.go_home(),
            Screen::Detect | Screen::Home | Screen::Support => vec![],
        }
    }

    fn back(&mut self) -> Vec<Effect> {
        self.notice = None;
        let mut effects = vec![];
        self.screen = match self.screen {
            Screen::Home => Screen::Home,
            Screen::Address => Screen::Home,
            Screen::Detect => {
                if self.detect.running {
                    self.detect.running = false;
                    effects.push(Effect::CancelDiscovery);
                }
                Screen::Address
            }
            Screen::Review => Screen::Address,
            Screen::Prepare => Screen::Review,
            Screen::Password => {
                if self.preparation_notes().is_empty() {
                    Screen::Review
                } else {
                    Screen::Prepare
                }
            }
            Screen::Test => {
                if self.test.running {
                    self.test.running = false;
                    effects.push(Effect::CancelCheck);
                }
                Screen::Password
            }
            Screen::Done => {
                if self.export_from_home {
                    Screen::Home
                } else {
                    Screen::Test
                }
            }
            Screen::Support => self.return_to,
        };
        if self.screen == Screen::Test && self.test.report.is_none() {
            self.screen = Screen::Password;
        }
        effects
    }

    fn go_home(&mut self) -> Vec<Effect> {
        let mut effects = vec![];
        if self.detect.running {
            self.detect.running = false;
            effects.push(Effect::CancelDiscovery);
        }
        if self.test.running {
            self.test.running = false;
            effects.push(Effect::CancelCheck);
        }
        self.password = Password::new("");
        self.notice = None;
        self.return_to = Screen::Home;
        self.screen = Screen::Home;
        effects
    }

    fn reset_draft(&mut self) {
        self.name.clear();
        self.email_text.clear();
        self.detect = DetectState::default();
        self.form = None;
        self.notes.clear();
        self.password = Password::new("");
        self.show_password = false;
        self.test = TestState::default();
        self.notice = None;
        self.return_to = Screen::Home;
    }

    fn start_detect(&mut self) -> Vec<Effect> {
        let Ok(email) = self.email() else { return vec![] };
        let key = email.to_ascii_string().to_lowercase();
        if self.detect.detected_for.as_deref() == Some(key.as_str()) && self.form.is_some() {
            // Same address as before: keep what the user reviewed and maybe edited.
            self.screen = Screen::Review;
            return vec![];
        }
        self.detect = DetectState { running: true, ..DetectState::default() };
        self.form = None;
        self.notes.clear();
        self.test = TestState::default();
        self.screen = Screen::Detect;
        vec![Effect::Discover { email }]
    }

    fn enter_manually(&mut self) -> Vec<Effect> {
        let Ok(email) = self.email() else { return vec![] };
        let mut effects = vec![];
        if self.detect.running {
            self.detect.running = false;
            effects.push(Effect::CancelDiscovery);
        }
        let key = email.to_ascii_string().to_lowercase();
        let same_address = self.detect.detected_for.as_deref() == Some(key.as_str());
        if self.form.is_none() || !same_address {
            self.form = Some(SettingsForm::manual(&email));
            self.notes.clear();
        }
        self.detect.detected_for = Some(key);
        self.screen = Screen::Review;
        effects
    }

    fn on_discovery_event(&mut self, event: DiscoveryEvent) {
        if !self.detect.running {
            return;
        }
        match self.detect.rows.iter_mut().find(|r| r.source == event.source) {
            Some(row) => {
                row.status = event.status;
                row.ms = event.elapsed_ms;
            }
            None => {
                self.detect.rows.push(SourceRow { source: event.source, status: event.status, ms: event.elapsed_ms })
            }
        }
    }

    fn on_discovery_done(&mut self, discovery: Discovery) -> Vec<Effect> {
        if !self.detect.running {
            return vec![];
        }
        self.detect.running = false;
        // The final statuses (a source cut short by the winner ends as "skipped").
        for report in &discovery.sources {
            if let Some(row) = self.detect.rows.iter_mut().find(|r| r.source == report.source) {
                if !row.status.is_terminal() {
                    row.status = match report.status.as_str() {
                        "found" => SourceStatus::Found,
                        "nothing" => SourceStatus::Nothing,
                        "timed_out" => SourceStatus::TimedOut,
                        "failed" => SourceStatus::Failed { reason: report.reason.clone().unwrap_or_default() },
                        _ => SourceStatus::Skipped,
                    };
                    row.ms = report.ms;
                }
            }
        }
        let email_key = self.email().ok().map(|e| e.to_ascii_string().to_lowercase());
        if let Some(form) = SettingsForm::from_discovery(&discovery) {
            self.form = Some(form);
            self.notes = discovery.notes.clone();
            self.detect.detected_for = email_key;
            if self.screen == Screen::Detect {
                self.screen = Screen::Review;
            }
        }
        self.detect.result = Some(discovery);
        vec![]
    }

    fn set_incoming_protocol(&mut self, protocol: Protocol) {
        let Some(form) = self.form.as_mut() else { return };
        if form.incoming_protocol == protocol || !protocol.is_incoming() {
            return;
        }
        form.incoming_protocol = protocol;
        if let Some(candidate) = form.incoming_candidates.iter().find(|s| s.protocol == protocol) {
            // A server discovery offered: the source stays what it was.
            let username = form.incoming.username.clone();
            form.incoming = ServerForm::from_server(candidate);
            if !username.is_empty() {
                form.incoming.username = username;
            }
        } else {
            // Same host, the new protocol's standard port.
            form.incoming.port = protocol.default_port(form.incoming.security()).to_string();
            form.mark_edited();
        }
    }

    fn start_check(&mut self) -> Vec<Effect> {
        let Some(account) = self.account() else { return vec![] };
        let Ok(email) = self.email() else { return vec![] };
        let mut effects = vec![];
        if self.test.running {
            effects.push(Effect::CancelCheck);
        }
        self.test = TestState { running: true, ..TestState::default() };
        self.screen = Screen::Test;
        effects.push(Effect::Check {
            email,
            servers: vec![account.incoming, account.outgoing],
            password: self.password.clone(),
            provider_id: account.provider_id,
        });
        effects
    }

    fn on_check_done(&mut self, report: CheckReport) -> Vec<Effect> {
        if !self.test.running {
            return vec![];
        }
        self.test.running = false;
        // The report's list is complete and ordered; the live events may have raced it.
        self.test.steps = report.steps.clone();
        let ok = report.ok;
        self.test.report = Some(report.clone());
        if !ok {
            return vec![];
        }
        let Some(account) = self.account() else { return vec![] };
        self.test.save = SaveState::Saving;
        vec![Effect::SaveAccount { account, password: self.password.clone(), report: Box::new(report) }]
    }

    fn upsert_account(&mut self, saved: SavedAccount) {
        match self.accounts.iter_mut().find(|a| a.email().eq_ignore_ascii_case(saved.email())) {
            Some(existing) => *existing = saved,
            None => self.accounts.push(saved),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::provider::discovery::{ProviderRef, SourceReport};

    fn discovery(needs_confirmation: bool) -> Discovery {
        let imap = Server::new(Protocol::Imap, "imap.example.com", 993, Security::Tls, "anna@example.com");
        let pop = Server::new(Protocol::Pop3, "pop.example.com", 995, Security::Tls, "anna@example.com");
        let smtp = Server::new(Protocol::Smtp, "smtp.example.com", 465, Security::Tls, "anna@example.com");
        Discovery {
            email: "anna@example.com".into(),
            domain: "example.com".into(),
            provider: Some(ProviderRef { id: "example".into(), name: "Example Mail".into() }),
            source: Some(if needs_confirmation { SettingsSource::Guess } else { SettingsSource::Ispdb }),
            needs_confirmation,
            incoming: vec![pop, imap],
            outgoing: vec![smtp],
            notes: vec![],
            sources: vec![SourceReport { source: SettingsSource::Ispdb, status: "found".into(), ms: 12, reason: None }],
        }
    }

    fn nothing_found() -> Discovery {
        Discovery { source: None, provider: None, incoming: vec![], outgoing: vec![], ..discovery(false) }
    }

    fn at_address() -> Wizard {
        let mut w = Wizard::new(Lang::En);
        w.apply(Action::AccountsLoaded(Ok(vec![])));
        assert_eq!(w.screen, Screen::Address);
        w.apply(Action::SetName("Anna".into()));
        w.apply(Action::SetEmail("anna@example.com".into()));
        w
    }

    fn at_review(needs_confirmation: bool) -> Wizard {
        let mut w = at_address();
        w.apply(Action::Next);
        w.apply(Action::DiscoveryDone(discovery(needs_confirmation)));
        assert_eq!(w.screen, Screen::Review);
        w
    }

    fn ok_report() -> CheckReport {
        CheckReport { ok: true, ..CheckReport::default() }
    }

    #[test]
    fn first_launch_without_accounts_goes_straight_to_the_address() {
        let mut w = Wizard::new(Lang::En);
        assert!(matches!(w.start()[..], [Effect::LoadAccounts]));
        w.apply(Action::AccountsLoaded(Ok(vec![])));
        assert_eq!(w.screen, Screen::Address);
    }

    #[test]
    fn an_invalid_address_blocks_next_and_explains_itself() {
        let mut w = at_address();
        w.apply(Action::SetEmail("anna.example.com".into()));
        assert_eq!(w.address_problem(), Some(AddressError::MissingAt));
        assert!(!w.can_go_next());
        assert!(w.apply(Action::Next).is_empty());
        assert_eq!(w.screen, Screen::Address);
        w.apply(Action::SetEmail(String::new()));
        assert_eq!(w.address_problem(), None, "an empty field shows no complaint");
    }

    #[test]
    fn next_on_a_valid_address_starts_discovery_and_a_find_opens_review() {
        let mut w = at_address();
        let effects = w.apply(Action::Next);
        assert!(matches!(&effects[..], [Effect::Discover { email }] if email.domain() == "example.com"));
        assert_eq!(w.screen, Screen::Detect);
        w.apply(Action::DiscoveryEvent(DiscoveryEvent {
            source: SettingsSource::Ispdb,
            status: SourceStatus::Started,
            elapsed_ms: 0,
        }));
        assert_eq!(w.detect.rows.len(), 1);
        w.apply(Action::DiscoveryDone(discovery(false)));
        assert_eq!(w.screen, Screen::Review);
        let form = w.form.as_ref().unwrap();
        assert_eq!(form.incoming_protocol, Protocol::Imap, "IMAP is preferred even when listed second");
        assert_eq!(form.incoming.host, "imap.example.com");
        assert!(w.can_go_next());
    }

    #[test]
    fn nothing_found_stays_on_detect_and_manual_entry_prefills_the_usual_names() {
        let mut w = at_address();
        w.apply(Action::Next);
        w.apply(Action::DiscoveryDone(nothing_found()));
        assert_eq!(w.screen, Screen::Detect);
        assert!(!w.detect.running);
        w.apply(Action::EnterManually);
        assert_eq!(w.screen, Screen::Review);
        let form = w.form.as_ref().unwrap();
        assert_eq!(form.source, SettingsSource::Manual);
        assert_eq!(form.incoming.host, "imap.example.com");
        assert_eq!(form.outgoing.port, "465");
    }

    #[test]
    fn manual_entry_during_detection_cancels_it() {
        let mut w = at_address();
        w.apply(Action::Next);
        let effects = w.apply(Action::EnterManually);
        assert!(matches!(effects[..], [Effect::CancelDiscovery]));
        assert_eq!(w.screen, Screen::Review);
        // A late result of the cancelled search changes nothing.
        w.apply(Action::DiscoveryDone(discovery(true)));
        assert_eq!(w.form.as_ref().unwrap().source, SettingsSource::Manual);
    }

    #[test]
    fn cancel_during_detection_returns_to_the_address_with_the_text_kept() {
        let mut w = at_address();
        w.apply(Action::Next);
        let effects = w.apply(Action::CancelDetect);
        assert!(matches!(effects[..], [Effect::CancelDiscovery]));
        assert_eq!(w.screen, Screen::Address);
        assert_eq!(w.email_text, "anna@example.com");
        assert_eq!(w.name, "Anna");
    }

    #[test]
    fn settings_that_need_confirmation_block_next_until_confirmed() {
        let mut w = at_review(true);
        assert!(!w.can_go_next());
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Review);
        w.apply(Action::SetConfirmed(true));
        assert!(w.can_go_next());
        assert_eq!(w.form.as_ref().unwrap().confirmation_domain(), "example.com");
    }

    #[test]
    fn editing_a_server_makes_the_settings_manual() {
        let mut w = at_review(true);
        w.apply(Action::SetField { role: Role::Incoming, field: Field::Host, value: "mail.example.com".into() });
        let form = w.form.as_ref().unwrap();
        assert_eq!(form.source, SettingsSource::Manual);
        assert!(!form.needs_confirmation);
        assert!(w.can_go_next());
    }

    #[test]
    fn bad_ports_and_hosts_block_next() {
        let mut w = at_review(false);
        w.apply(Action::SetField { role: Role::Outgoing, field: Field::Port, value: "99999".into() });
        assert_eq!(w.form.as_ref().unwrap().servers().unwrap_err(), (Role::Outgoing, FormProblem::PortInvalid));
        assert!(!w.can_go_next());
        w.apply(Action::SetField { role: Role::Outgoing, field: Field::Port, value: "587".into() });
        w.apply(Action::SetField { role: Role::Incoming, field: Field::Host, value: "imap example".into() });
        assert_eq!(w.form.as_ref().unwrap().servers().unwrap_err(), (Role::Incoming, FormProblem::HostInvalid));
    }

    #[test]
    fn switching_to_pop3_uses_the_discovered_pop3_server() {
        let mut w = at_review(false);
        w.apply(Action::SetIncomingProtocol(Protocol::Pop3));
        let form = w.form.as_ref().unwrap();
        assert_eq!((form.incoming.host.as_str(), form.incoming.port.as_str()), ("pop.example.com", "995"));
        assert_eq!(form.source, SettingsSource::Ispdb);
    }

    #[test]
    fn changing_security_moves_a_standard_port_along() {
        let mut w = at_review(false);
        w.apply(Action::SetSecurity { role: Role::Outgoing, security: Security::Starttls });
        assert_eq!(w.form.as_ref().unwrap().outgoing.port, "587");
    }

    #[test]
    fn back_and_forward_keep_the_reviewed_settings() {
        let mut w = at_review(false);
        w.apply(Action::SetField { role: Role::Incoming, field: Field::Port, value: "1993".into() });
        w.apply(Action::Back);
        assert_eq!(w.screen, Screen::Address);
        assert_eq!(w.name, "Anna");
        let effects = w.apply(Action::Next);
        assert!(effects.is_empty(), "the same address is not detected again");
        assert_eq!(w.screen, Screen::Review);
        assert_eq!(w.form.as_ref().unwrap().incoming.port, "1993");
        // A different address is detected anew.
        w.apply(Action::Back);
        w.apply(Action::SetEmail("anna@example.org".into()));
        assert!(matches!(w.apply(Action::Next)[..], [Effect::Discover { .. }]));
    }

    #[test]
    fn prepare_is_shown_only_when_there_is_something_to_do() {
        let mut w = at_review(false);
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Password);
        w.apply(Action::Back);
        assert_eq!(w.screen, Screen::Review);
        w.notes = vec![Note { kind: NoteKind::AppPassword, text: "make one".into(), url: None }];
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Prepare);
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Password);
        w.apply(Action::Back);
        assert_eq!(w.screen, Screen::Prepare);
        assert!(w.needs_app_password());
    }

    #[test]
    fn spaces_are_stripped_only_for_providers_that_show_app_passwords_with_spaces() {
        let mut w = at_review(false);
        w.apply(Action::SetPassword(Password::new("abcd efgh")));
        assert_eq!(w.password.expose(), "abcd efgh");
        w.form.as_mut().unwrap().provider_id = Some("gmail".into());
        w.apply(Action::SetPassword(Password::new("abcd efgh ijkl mnop")));
        assert_eq!(w.password.expose(), "abcdefghijklmnop");
    }

    #[test]
    fn the_password_step_needs_a_password_and_next_starts_the_check() {
        let mut w = at_review(false);
        w.apply(Action::Next);
        assert!(!w.can_go_next());
        w.apply(Action::SetPassword(Password::new("secret")));
        let effects = w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Test);
        match &effects[..] {
            [Effect::Check { servers, password, .. }] => {
                assert_eq!(servers.len(), 2);
                assert_eq!(password.expose(), "secret");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn oauth2_only_servers_need_no_password_to_go_on() {
        let mut w = at_review(false);
        let form = w.form.as_mut().unwrap();
        form.incoming.auth = Some(AuthMethod::Oauth2);
        form.outgoing.auth = Some(AuthMethod::Oauth2);
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Password);
        assert!(!w.uses_password());
        assert!(w.can_go_next());
        assert!(matches!(&w.apply(Action::Next)[..], [Effect::Check { password, .. }] if password.is_empty()));
    }

    #[test]
    fn a_passed_check_saves_the_account_and_then_forgets_the_password() {
        let mut w = at_review(false);
        w.apply(Action::Next);
        w.apply(Action::SetPassword(Password::new("secret")));
        w.apply(Action::Next);
        let effects = w.apply(Action::CheckDone(ok_report()));
        let account = match &effects[..] {
            [Effect::SaveAccount { account, password, .. }] => {
                assert_eq!(password.expose(), "secret");
                account.clone()
            }
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(account.display_name, "Anna");
        assert_eq!(w.test.save, SaveState::Saving);
        w.apply(Action::AccountSaved {
            result: Ok(SavedAccount { account, last_check: None, report: None, password_saved: true }),
            keyring_problem: None,
        });
        assert!(w.password.is_empty());
        assert_eq!(w.accounts.len(), 1);
        assert!(w.can_go_next());
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Done);
        w.apply(Action::Next);
        assert_eq!(w.screen, Screen::Home);
    }

    #[test]
    fn a_failed_check_offers_retry_and_edit_and_saves_nothing() {
        let mut w = at_review(false);
        w.apply(Action::Next);
        w.apply(Action::SetPassword(Password::new("wrong")));
        w.apply(Action::Next);
        let effects = w.apply(Action::CheckDone(CheckReport::default()));
        assert!(effects.is_empty());
        assert!(w.test.failed());
        assert!(!w.can_go_next());
        assert!(matches!(w.apply(Action::Retry)[..], [Effect::Check { .. }]));
        w.apply(Action::CheckDone(CheckReport::default()));
        w.apply(Action::EditSettings);
        assert_eq!(w.screen, Screen::Review);
    }

    #[test]
    fn back_during_the_check_cancels_it() {
        let mut w = at_review(false);
        w.apply(Action::Next);
        w.apply(Action::SetPassword(Password::new("secret")));
        w.apply(Action::Next);
        let effects = w.apply(Action::Back);
        assert!(matches!(effects[..], [Effect::CancelCheck]));
        assert_eq!(w.screen, Screen::Password);
        // The cancelled check's late result is ignored.
        assert!(w.apply(Action::CheckDone(ok_report())).is_empty());
    }

    #[test]
    fn switching_language_asks_for_translated_engine_texts() {
        let mut w = at_address();
        assert!(matches!(w.apply(Action::SetLang(Lang::Ru))[..], [Effect::Relocalize { lang: Lang::Ru, .. }]));
        assert!(w.apply(Action::SetLang(Lang::Ru)).is_empty());
    }

    #[test]
    fn removing_an_account_asks_first() {
        let mut w = at_address();
        let account = w.email().map(|_| ()).ok();
        assert!(account.is_some());
        w.accounts.push(SavedAccount {
            account: Account {
                email: "anna@example.com".into(),
                display_name: String::new(),
                provider_id: None,
                source: SettingsSource::Manual,
                incoming: Server::new(Protocol::Imap, "imap.example.com", 993, Security::Tls, "anna"),
                outgoing: Server::new(Protocol::Smtp, "smtp.example.com", 465, Security::Tls, "anna"),
            },
            last_check: None,
            report: None,
            password_saved: false,
        });
        assert!(w.apply(Action::AskRemove("anna@example.com".into())).is_empty());
        assert_eq!(w.confirm_remove.as_deref(), Some("anna@example.com"));
        let effects = w.apply(Action::ConfirmRemove("anna@example.com".into()));
        assert!(matches!(&effects[..], [Effect::RemoveAccount { email }] if email == "anna@example.com"));
        w.apply(Action::AccountRemoved(Ok("anna@example.com".into())));
        assert!(w.accounts.is_empty());
    }

    #[test]
    fn the_support_view_returns_where_it_was_opened() {
        let mut w = Wizard::new(Lang::En);
        w.apply(Action::AccountsLoaded(Ok(vec![])));
        w.apply(Action::GoHome);
        w.apply(Action::ShowSupport("anna@example.com".into()));
        assert_eq!(w.screen, Screen::Support);
        w.apply(Action::Back);
        assert_eq!(w.screen, Screen::Home);
    }

    #[test]
    fn confirmation_names_the_shared_domain_or_both_hosts() {
        let mut form = SettingsForm::manual(&EmailAddress::parse("a@example.com").unwrap());
        assert_eq!(form.confirmation_domain(), "example.com");
        form.outgoing.host = "smtp.other.net".into();
        assert_eq!(form.confirmation_domain(), "imap.example.com, smtp.other.net");
        form.incoming.host = "127.0.0.1".into();
        form.outgoing.host = "127.0.0.1".into();
        assert_eq!(form.confirmation_domain(), "127.0.0.1");
    }
}
