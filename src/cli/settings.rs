//! The server flags ([`ServerFlags`]: `--imap/--pop3/--smtp/--username`, shared by `check`,
//! `report`, `account add` and `export`), the rest of the flags of the commands that log in
//! ([`ServerArgs`]), and [`resolve`]: the one place that decides which servers a command talks to
//! and which password it sends.
//!
//! Where the servers come from (DESIGN.md: "Without server flags, check/export use the saved
//! account, else detection"):
//! 1. `--imap/--pop3/--smtp` win over everything. For `check` and `report` they are the whole list
//!    (only those servers are checked) and the password comes only from `--password-stdin`: a
//!    keyring password is never sent to servers typed on the command line. For `account add` a
//!    flag replaces that role's server and detection fills in the other role.
//! 2. `check` and `report` without server flags: the saved account's two servers, with the
//!    keyring password unless `--password-stdin` gives one.
//! 3. Otherwise detection: the whole discovery pipeline with the global seams; the first incoming
//!    and the first outgoing server it proposes.
//!
//! `--username` replaces the login of every server used.
//!
//! Confirmation (DESIGN.md security rules): settings that discovery found over plain HTTP, from
//! MX, SRV or by guessing are used to send a password — or saved — only with
//! `--accept-unconfirmed`. Without it the command stops with exit code 2 and names the servers'
//! domains; checking such servers without a password (the steps before login) needs no opt-in.
//!
//! Time: `--timeout` covers the whole command. Detection gets at most 5 s and at most half of
//! it; the check gets the rest.

use super::detect::{address_error_text, notes_text, server_domains, source_text};
use super::{EXIT_BAD_INPUT, GlobalArgs};
use crate::engine::account::{Account, Protocol, Security, Server, ServerSpecError, SettingsSource};
use crate::engine::account_store::{ACCOUNTS_FILE_NAME, AccountStore, ServerRole, StoredAccount, default_config_dir};
use crate::engine::check::{CheckReport, CheckRequest};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::job::{Cancel, Progress};
use crate::engine::net::Net;
use crate::engine::provider::discovery::{self, Discovery, DiscoveryOptions, discover};
use crate::engine::provider::presets::{self, Provider};
use crate::engine::saved_accounts;
use crate::engine::secrets::{OsSecretStore, Password, SecretError};
use clap::Args;
use std::io::{IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// The longest password read from standard input, in bytes.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// The flags that name servers and the login instead of the saved or detected settings, shared
/// by `check`, `report`, `account add` and `export`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServerFlags {
    /// IMAP server as HOST:PORT:SEC (SEC is tls, starttls or none), instead of the saved or
    /// detected settings
    #[arg(long, value_name = "H:P:SEC")]
    pub imap: Option<String>,
    /// POP3 server as HOST:PORT:SEC
    #[arg(long, value_name = "H:P:SEC")]
    pub pop3: Option<String>,
    /// SMTP server as HOST:PORT:SEC
    #[arg(long, value_name = "H:P:SEC")]
    pub smtp: Option<String>,
    /// Login name, when it is not the email address
    #[arg(long, value_name = "U")]
    pub username: Option<String>,
}

impl ServerFlags {
    /// True when at least one server was given on the command line.
    pub fn has_server_flags(&self) -> bool {
        self.imap.is_some() || self.pop3.is_some() || self.smtp.is_some()
    }

    /// The servers given on the command line (IMAP, POP3, SMTP, in that order), each with the
    /// login `login_for` gives its protocol. A malformed value comes back with its protocol.
    pub fn servers(&self, login_for: impl Fn(Protocol) -> String) -> Result<Vec<Server>, (Protocol, ServerSpecError)> {
        [(Protocol::Imap, &self.imap), (Protocol::Pop3, &self.pop3), (Protocol::Smtp, &self.smtp)]
            .into_iter()
            .filter_map(|(protocol, spec)| Some((protocol, spec.as_deref()?)))
            .map(|(protocol, spec)| Server::from_spec(protocol, spec, &login_for(protocol)).map_err(|e| (protocol, e)))
            .collect()
    }
}

/// The flags that say which servers to use, with which password and how long to try, shared by
/// `check`, `report` and `account add`.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub servers: ServerFlags,
    /// Read the password from standard input (never echoed, never printed)
    #[arg(long)]
    pub password_stdin: bool,
    /// Use detected settings that need your confirmation (found over plain HTTP, from MX or SRV
    /// records, or by guessing) to log in or to save
    #[arg(long)]
    pub accept_unconfirmed: bool,
    /// Overall deadline in seconds: detection (at most 5) plus the check, including the wait for
    /// the test message
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = super::parse_timeout_secs)]
    pub timeout: Duration,
}

/// What a command does with the servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// `check` and `report`: test the given servers, else the saved account's, else detected ones.
    Test,
    /// `account add`: one incoming and one outgoing server, to be saved; never the saved ones.
    Save,
    /// `export`: the saved account's servers, else detected ones; no password is needed, so the
    /// keyring is not asked (that could pop up an unlock prompt for nothing).
    Export,
}

/// Where the password in [`Settings::password`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PasswordFrom {
    Stdin,
    Keyring,
    /// No password: only the steps before login run.
    Nowhere,
}

/// A command's servers and password, decided by [`resolve`].
pub(crate) struct Settings {
    pub email: EmailAddress,
    /// In order: IMAP/POP3 before SMTP. For [`Purpose::Save`] exactly one incoming + one outgoing.
    pub servers: Vec<Server>,
    pub source: SettingsSource,
    pub provider: Option<&'static Provider>,
    /// The saved account the servers came from.
    pub saved: Option<StoredAccount>,
    /// What detection found, when it ran and some of its servers are used.
    pub discovery: Option<Discovery>,
    pub password: Option<Password>,
    pub password_from: PasswordFrom,
    /// Network access with the seams; its trust roots are already loaded.
    pub net: Net,
    /// What is left of `--timeout` for the check.
    pub check_timeout: Duration,
}

/// Why a command cannot go on: the message for stderr and the exit code.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub code: u8,
    pub message: String,
}

impl Refusal {
    fn bad_input(message: String) -> Self {
        Refusal { code: EXIT_BAD_INPUT, message }
    }

    /// Explains the refusal on stderr and returns its exit code.
    pub fn report(self) -> u8 {
        eprintln!("{}", self.message);
        self.code
    }
}

/// Decides the servers and the password for `email` (see the module header for the order), reads
/// `--password-stdin`, loads the trust roots and runs detection when needed. Refusals (bad
/// input, nothing found, unconfirmed settings) come back in the user's language.
pub(crate) fn resolve(
    email: &str,
    args: &ServerArgs,
    purpose: Purpose,
    global: &GlobalArgs,
) -> Result<Settings, Refusal> {
    let lang = global.lang();
    let email = EmailAddress::parse(email).map_err(|e| Refusal::bad_input(address_error_text(&e, lang)))?;
    let flags = &args.servers;
    let login = flags.username.clone().unwrap_or_else(|| email.to_ascii_string());
    if purpose == Purpose::Save && flags.imap.is_some() && flags.pop3.is_some() {
        return Err(Refusal::bad_input(tr(lang, "settings-flag-one-incoming")));
    }
    let flagged = flags
        .servers(|_| login.clone())
        .map_err(|(protocol, e)| Refusal::bad_input(server_flag_message(lang, protocol, &e)))?;
    let net = Net::new(global.net_config());
    net.trust_roots().map_err(|e| Refusal::bad_input(e.message(lang)))?;

    let with_login = |mut server: Server| {
        if let Some(username) = &flags.username {
            server.username = username.clone();
        }
        server
    };
    let saved = match purpose {
        Purpose::Test | Purpose::Export if flagged.is_empty() => saved_account(&email.to_display_string(), global),
        _ => None,
    };
    let mut settings = Settings {
        email,
        servers: vec![],
        source: SettingsSource::Manual,
        provider: None,
        saved: None,
        discovery: None,
        password: None,
        password_from: PasswordFrom::Nowhere,
        net,
        check_timeout: args.timeout,
    };
    let flag_for = |incoming: bool| flagged.iter().find(|s| s.protocol.is_incoming() == incoming).cloned();
    if let Some(stored) = saved {
        settings.servers = stored.account.servers().into_iter().cloned().map(with_login).collect();
        settings.source = stored.account.source;
        settings.provider = stored.account.provider_id.as_deref().and_then(presets::by_id);
        if !args.password_stdin && purpose == Purpose::Test {
            settings.password = keyring_password(&stored, lang);
            if settings.password.is_some() {
                settings.password_from = PasswordFrom::Keyring;
            }
        }
        settings.saved = Some(stored);
    } else if purpose == Purpose::Test && !flagged.is_empty()
        || purpose == Purpose::Save && flag_for(true).is_some() && flag_for(false).is_some()
    {
        settings.provider = flagged
            .iter()
            .find_map(|s| presets::for_server(s))
            .or_else(|| presets::for_domain(settings.email.domain()).filter(|_| purpose == Purpose::Save));
        settings.servers = flagged;
    } else {
        let started = Instant::now();
        let found = detect(&settings.email, &settings.net, args.timeout, lang);
        // NOTE: only detection counts against --timeout, not the time someone takes to type the password.
        settings.check_timeout = args.timeout.saturating_sub(started.elapsed()).max(args.timeout / 2);
        if !found.is_found() {
            let domain = settings.email.domain_unicode().to_string();
            return Err(Refusal::bad_input(tr_args(lang, "settings-not-found", &[("domain", domain.into())])));
        }
        if !found.has_servers() {
            return Err(Refusal::bad_input(no_servers_text(&found, lang)));
        }
        let incoming = flag_for(true).or_else(|| found.incoming.first().cloned().map(with_login));
        let outgoing = flag_for(false).or_else(|| found.outgoing.first().cloned().map(with_login));
        settings.servers = incoming.into_iter().chain(outgoing).collect();
        settings.source = match flagged.is_empty() {
            true => found.source.unwrap_or(SettingsSource::Manual),
            false => SettingsSource::Manual,
        };
        settings.provider = found.provider.as_ref().and_then(|p| presets::by_id(&p.id));
        settings.discovery = Some(found);
    }
    if let Some(found) = settings.discovery.as_ref().filter(|d| d.needs_confirmation) {
        let sends_password = args.password_stdin || settings.password.is_some();
        if (purpose == Purpose::Save || sends_password) && !args.accept_unconfirmed {
            return Err(Refusal::bad_input(tr_args(lang, "settings-needs-confirmation", &confirm_args(found, lang))));
        }
    }
    // Read last: nobody types a password for settings that are refused anyway.
    if args.password_stdin {
        settings.password = Some(read_password_stdin(lang)?);
        settings.password_from = PasswordFrom::Stdin;
    }
    Ok(settings)
}

/// A known provider that lets no mail program in (i.ua): who it is and what its notes say, instead
/// of a check with nothing to connect to.
fn no_servers_text(found: &Discovery, lang: Lang) -> String {
    let provider = found.provider.as_ref().map_or_else(|| found.domain.clone(), |p| p.name.clone());
    let text = tr_args(lang, "settings-no-servers", &[("provider", provider.into())]);
    format!("{text}\n{}", notes_text(&found.notes).trim_end())
}

impl Settings {
    /// The check of these servers with the password (if any), in `lang`.
    pub fn request(&self, send_test: bool, lang: Lang) -> CheckRequest {
        let mut request = CheckRequest::new(self.email.clone(), self.servers.clone(), lang);
        request.password = self.password.clone();
        request.send_test = send_test;
        request.timeout = self.check_timeout;
        request.provider_id = self.provider.map(|p| p.id.clone());
        request
    }

    /// True when a test message can be sent: a password and an SMTP server.
    pub fn can_send_test(&self) -> bool {
        self.password.is_some() && self.servers.iter().any(|s| s.protocol == Protocol::Smtp)
    }

    /// The account to save (for [`Purpose::Save`]): the first incoming and outgoing server.
    pub fn account(&self, display_name: String) -> Option<Account> {
        let incoming = self.servers.iter().find(|s| s.protocol.is_incoming())?.clone();
        let outgoing = self.servers.iter().find(|s| s.protocol == Protocol::Smtp)?.clone();
        Some(Account {
            email: self.email.to_display_string(),
            display_name,
            provider_id: self.provider.map(|p| p.id.clone()),
            source: self.source,
            incoming,
            outgoing,
        })
    }

    /// Lines for people that say where the servers and the password come from.
    pub fn describe(&self, lang: Lang) -> Vec<String> {
        let mut lines = vec![];
        if let Some(stored) = &self.saved {
            lines.push(tr_args(lang, "settings-using-saved", &[("email", stored.email().to_string().into())]));
        } else if let Some(found) = &self.discovery {
            match (found.source, self.provider) {
                (Some(SettingsSource::Preset), Some(provider)) => lines.push(tr_args(
                    lang,
                    "check-using-preset",
                    &[("provider", provider.display_name(lang).to_string().into())],
                )),
                (Some(source), _) => {
                    lines.push(tr_args(lang, "settings-using-found", &[("source", source_text(source, lang).into())]))
                }
                (None, _) => {}
            }
            if found.needs_confirmation && self.password.is_some() {
                let domain = server_domains(found);
                lines.push(tr_args(lang, "settings-accepted-unconfirmed", &[("domain", domain.into())]));
            }
        }
        if self.password_from == PasswordFrom::Keyring {
            lines.push(tr(lang, "settings-password-from-keyring"));
        }
        lines
    }

    /// Why the login was not tested, when no password is at hand.
    pub fn no_password_note(&self, lang: Lang) -> Option<String> {
        if self.password.is_some() {
            return None;
        }
        Some(match &self.saved {
            Some(stored) if !stored.keyring_entries.is_empty() => {
                tr_args(lang, "settings-no-keyring-password", &[("email", stored.email().to_string().into())])
            }
            _ => tr(lang, "check-no-password"),
        })
    }

    /// One "⚠ …" line per server without encryption (`none`): DESIGN.md wants it shown as unsafe.
    pub fn unencrypted_warnings(&self, lang: Lang) -> Vec<String> {
        self.servers
            .iter()
            .filter(|s| s.security == Security::None)
            .map(|s| {
                let args = [("protocol", s.protocol.label().into()), ("endpoint", s.endpoint().into())];
                format!("⚠ {}", tr_args(lang, "settings-unencrypted", &args))
            })
            .collect()
    }

    /// True when the servers checked are exactly the saved account's (no `--username` change).
    pub fn checks_saved_servers(&self) -> bool {
        self.saved.as_ref().is_some_and(|stored| {
            let saved: Vec<&Server> = stored.account.servers().to_vec();
            self.servers.iter().collect::<Vec<_>>() == saved
        })
    }

    /// Keeps the outcome of `report` as the saved account's last check, when it says something
    /// about that account (see [`saved_accounts::check_summary`]). Problems are told on stderr.
    pub fn record_check(&self, report: &CheckReport, global: &GlobalArgs) {
        if !self.checks_saved_servers() {
            return;
        }
        let Some(summary) = saved_accounts::check_summary(report, jiff::Timestamp::now()) else { return };
        let Ok(mut store) = super::account::open_store(global) else { return };
        if let Err(e) = saved_accounts::record_check(&mut store, &self.email.to_display_string(), summary) {
            eprintln!("{}", e.message(global.lang()));
        }
    }
}

/// Runs discovery for `email` with at most 5 s (and at most half of `timeout`).
fn detect(email: &EmailAddress, net: &Net, timeout: Duration, lang: Lang) -> Discovery {
    if presets::for_domain(email.domain()).is_none() {
        let domain = email.domain_unicode().to_string();
        eprintln!("{}", tr_args(lang, "settings-looking-up", &[("domain", domain.into())]));
    }
    let options = DiscoveryOptions {
        timeout: discovery::DEFAULT_TIMEOUT.min(timeout / 2),
        offline: false,
        net: net.clone(),
        lang,
    };
    discover(email, &options, &Progress::discard(), &Cancel::new())
}

pub(crate) fn confirm_args(found: &Discovery, lang: Lang) -> [(&'static str, fluent_bundle::FluentValue<'static>); 2] {
    let source = found.source.map(|s| source_text(s, lang)).unwrap_or_default();
    [("source", source.into()), ("domain", server_domains(found).into())]
}

/// The saved account for `email`, without creating the accounts file or its folder when none
/// exists yet. Problems with the file are told on stderr.
pub(crate) fn saved_account(email: &str, global: &GlobalArgs) -> Option<StoredAccount> {
    let dir = global.config_dir.clone().or_else(default_config_dir)?;
    if !dir.join(ACCOUNTS_FILE_NAME).exists() {
        return None;
    }
    let store: AccountStore = super::account::open_store(global).ok()?;
    store.get(email).cloned()
}

/// The saved account's password from the keyring: the incoming server's, else the outgoing
/// one's. A keyring that cannot be used is explained on stderr and gives `None`.
pub(crate) fn keyring_password(stored: &StoredAccount, lang: Lang) -> Option<Password> {
    let secrets = OsSecretStore::new();
    for role in [ServerRole::Incoming, ServerRole::Outgoing] {
        match saved_accounts::load_password(&secrets, stored, role) {
            Ok(Some(found)) => return Some(found),
            Ok(None) => {}
            Err(e) => {
                explain_keyring_error(lang, &e);
                return None;
            }
        }
    }
    None
}

/// Explains a keyring problem on stderr.
pub(crate) fn explain_keyring_error(lang: Lang, error: &SecretError) {
    eprintln!("{}", error.message(lang));
    if error.is_unavailable() {
        eprintln!("{}", tr(lang, "keyring-nothing-written-elsewhere"));
    }
    eprintln!("{}", tr_args(lang, "keyring-details", &[("detail", error.detail().to_string().into())]));
}

/// A malformed `--imap/--pop3/--smtp` value, explained.
fn server_flag_message(lang: Lang, protocol: Protocol, error: &ServerSpecError) -> String {
    let (id, value) = match error {
        ServerSpecError::Shape { spec } => ("settings-flag-shape", spec),
        ServerSpecError::Security { value } => ("settings-flag-security", value),
        ServerSpecError::Port { value } => ("settings-flag-port", value),
        ServerSpecError::Host { value } => ("settings-flag-host", value),
    };
    tr_args(lang, id, &[("flag", protocol.as_str().to_string().into()), ("value", value.clone().into())])
}

/// Reads the password from standard input: on a terminal one line after a prompt, without
/// echo; otherwise everything up to the end (one trailing newline removed), at most
/// [`MAX_PASSWORD_BYTES`]. An empty, oversized or non-UTF-8 password is refused.
pub(crate) fn read_password_stdin(lang: Lang) -> Result<Password, Refusal> {
    let stdin = std::io::stdin();
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(MAX_PASSWORD_BYTES + 1));
    let limit = MAX_PASSWORD_BYTES as u64 + 1;
    let read = if stdin.is_terminal() {
        eprint!("{} ", tr(lang, "settings-password-prompt"));
        let _ = std::io::stderr().flush();
        set_terminal_echo(false);
        let mut line = zeroize::Zeroizing::new(String::new());
        let result = std::io::BufRead::read_line(&mut stdin.lock().take(limit), &mut line);
        set_terminal_echo(true);
        eprintln!();
        bytes.extend_from_slice(line.as_bytes());
        result
    } else {
        stdin.lock().take(limit).read_to_end(&mut bytes)
    };
    if let Err(e) = read {
        let detail = e.to_string();
        return Err(Refusal::bad_input(tr_args(lang, "settings-password-unreadable", &[("detail", detail.into())])));
    }
    if bytes.len() > MAX_PASSWORD_BYTES {
        return Err(Refusal::bad_input(tr_args(
            lang,
            "settings-password-too-long",
            &[("max", MAX_PASSWORD_BYTES.into())],
        )));
    }
    let Ok(text) = String::from_utf8(std::mem::take(&mut *bytes)) else {
        return Err(Refusal::bad_input(tr(lang, "settings-password-not-text")));
    };
    let password = Password::new(text);
    if password.is_empty() {
        return Err(Refusal::bad_input(tr(lang, "settings-password-empty")));
    }
    Ok(password)
}

/// Turns terminal echo off or on with `stty` (no unsafe code for termios; best effort).
fn set_terminal_echo(on: bool) {
    #[cfg(unix)]
    {
        let _ = std::process::Command::new("stty")
            .arg(if on { "echo" } else { "-echo" })
            .stdin(std::process::Stdio::inherit())
            .status();
    }
    #[cfg(not(unix))]
    let _ = on;
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        server: ServerArgs,
    }

    fn args(argv: &[&str]) -> ServerArgs {
        Wrapper::parse_from([&["test"], argv].concat()).server
    }

    fn global(config_dir: &std::path::Path) -> GlobalArgs {
        GlobalArgs {
            lang: Some(Lang::En),
            // Nothing answers here: a test that reached the network would fail, not hang.
            ispdb_url: Some("http://127.0.0.1:9/".into()),
            dns_server: Some("127.0.0.1:9".parse().unwrap()),
            ca_file: None,
            config_dir: Some(config_dir.to_path_buf()),
            verbose: 0,
        }
    }

    fn resolve_in(dir: &std::path::Path, email: &str, argv: &[&str], purpose: Purpose) -> Result<Settings, Refusal> {
        resolve(email, &args(argv), purpose, &global(dir))
    }

    #[test]
    fn server_flags_come_back_in_protocol_order_with_each_protocols_login() {
        let argv = ["--smtp", "s.example.test:587:starttls", "--pop3", "p.example.test:995:tls", "--username", "u"];
        let flags = args(&argv).servers;
        let servers = flags.servers(|protocol| format!("{}-login", protocol.as_str())).unwrap();
        let got: Vec<(Protocol, &str, &str)> =
            servers.iter().map(|s| (s.protocol, s.host.as_str(), s.username.as_str())).collect();
        assert_eq!(
            got,
            [(Protocol::Pop3, "p.example.test", "pop3-login"), (Protocol::Smtp, "s.example.test", "smtp-login")]
        );
        let (protocol, _) =
            args(&["--smtp", "s:1:tls", "--imap", "i:x:tls"]).servers.servers(|_| "u".into()).unwrap_err();
        assert_eq!(protocol, Protocol::Imap, "the first malformed flag is named");
        assert!(args(&[]).servers.servers(|_| "u".into()).unwrap().is_empty());
    }

    #[test]
    fn server_flags_are_the_whole_list_for_a_check_with_the_address_as_login() {
        let dir = tempfile::tempdir().unwrap();
        let s =
            resolve_in(dir.path(), "anna@yandex.ru", &["--smtp", "127.0.0.1:465:tls", "--timeout", "7"], Purpose::Test)
                .unwrap();
        assert_eq!(s.source, SettingsSource::Manual);
        assert_eq!(s.servers.len(), 1, "no IMAP from the preset when a server flag is given");
        assert_eq!(s.servers[0].username, "anna@yandex.ru");
        assert_eq!(s.check_timeout, Duration::from_secs(7));
        assert!(s.discovery.is_none() && s.saved.is_none());
    }

    #[test]
    fn without_flags_a_known_domain_uses_its_preset_through_discovery() {
        let dir = tempfile::tempdir().unwrap();
        let s = resolve_in(dir.path(), "anna@yandex.ru", &["--username", "anna"], Purpose::Test).unwrap();
        assert_eq!(s.source, SettingsSource::Preset);
        assert_eq!(s.provider.map(|p| p.id.as_str()), Some("yandex"));
        let protocols: Vec<Protocol> = s.servers.iter().map(|s| s.protocol).collect();
        assert_eq!(protocols, vec![Protocol::Imap, Protocol::Smtp]);
        assert!(s.servers.iter().all(|s| s.username == "anna"), "--username applies to detected servers");
        assert_eq!(s.describe(Lang::En), vec!["Using the bundled settings for Yandex Mail".to_string()]);
        assert!(!dir.path().join(ACCOUNTS_FILE_NAME).exists(), "looking for a saved account wrote nothing");
    }

    #[test]
    fn add_takes_a_flag_for_one_role_and_detects_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let argv = ["--pop3", "pop.example.test:995:tls", "--username", "anna"];
        let s = resolve_in(dir.path(), "anna@yandex.ru", &argv, Purpose::Save).unwrap();
        let account = s.account(String::new()).unwrap();
        assert_eq!(account.source, SettingsSource::Manual);
        assert_eq!(account.provider_id.as_deref(), Some("yandex"));
        assert_eq!((account.incoming.protocol, account.incoming.username.as_str()), (Protocol::Pop3, "anna"));
        assert_eq!((account.outgoing.host.as_str(), account.outgoing.username.as_str()), ("smtp.yandex.ru", "anna"));
    }

    #[test]
    fn add_with_both_roles_flagged_needs_no_detection() {
        let dir = tempfile::tempdir().unwrap();
        let argv = ["--imap", "127.0.0.1:993:tls", "--smtp", "127.0.0.1:465:tls"];
        let s = resolve_in(dir.path(), "anna@nowhere-known.test", &argv, Purpose::Save).unwrap();
        assert!(s.discovery.is_none());
        assert_eq!(s.account(String::new()).unwrap().source, SettingsSource::Manual);
    }

    #[test]
    fn bad_flags_and_addresses_are_explained_per_flag_in_the_users_language() {
        let dir = tempfile::tempdir().unwrap();
        let err = resolve_in(dir.path(), "a@example.test", &["--imap", "h:99999:tls"], Purpose::Test).err().unwrap();
        assert_eq!(err.code, EXIT_BAD_INPUT);
        assert!(err.message.contains("--imap") && err.message.contains("99999"), "{}", err.message);
        let err = resolve_in(dir.path(), "a@example.test", &["--imap", "h:1:tls", "--pop3", "h:2:tls"], Purpose::Save)
            .err()
            .unwrap();
        assert!(err.message.contains("--pop3"), "{}", err.message);
        let err = resolve_in(dir.path(), "a@gmail", &["--imap", "h:1:tls"], Purpose::Test).err().unwrap();
        assert!(err.message.contains("gmail.com"), "the address hint is filled in: {}", err.message);
    }
}
