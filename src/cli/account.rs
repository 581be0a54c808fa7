//! `mailsetup account add|list|show|remove|password`: saved accounts and their keyring passwords.
//! Exit codes: 0, 2 bad input, 5 keyring unavailable (4 when the check before saving failed,
//! 1 for anything else that went wrong). Also home of [`load_account_for_cli`], which `check`
//! and `export` use when no server flags are given.

use super::{EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_FAILURE, EXIT_KEYRING_UNAVAILABLE, EXIT_OK, GlobalArgs};
use crate::engine::account::{Account, Protocol, Server, ServerSpecError, SettingsSource};
use crate::engine::account_store::{AccountStore, CheckSummary, PasswordState, ServerRole, StoredAccount};
use crate::engine::email_address::{AddressError, EmailAddress};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::provider::presets;
use crate::engine::saved_accounts::{self, AccountsError};
use crate::engine::secrets::{OsSecretStore, Password, SecretError};
use clap::{Args, Subcommand};
use fluent_bundle::FluentValue;
use std::io::Read;

/// The longest password read from standard input, in bytes.
pub const MAX_PASSWORD_BYTES: usize = 4096;

#[derive(Debug, Clone, Subcommand)]
pub enum AccountCommand {
    /// Detect, check and save an account (the password goes to the OS keyring)
    Add(AddArgs),
    /// List saved accounts
    List {
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Show one saved account
    Show {
        email: String,
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Forget an account and delete its keyring entries
    Remove { email: String },
    /// Set (from stdin) or clear the account's keyring password
    Password {
        email: String,
        /// Read the new password from standard input
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        set: bool,
        /// Delete the stored password
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// The account's email address
    pub email: String,
    /// The sender name shown to recipients
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from standard input (never echoed, never printed)
    #[arg(long)]
    pub password_stdin: bool,
    /// IMAP server as HOST:PORT:SEC (SEC is tls, starttls or none)
    #[arg(long, value_name = "H:P:SEC", conflicts_with = "pop3")]
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
    /// Save without testing (the password is stored as given)
    #[arg(long)]
    pub no_check: bool,
    /// Deadline in seconds for the check before saving
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = super::parse_timeout_secs)]
    pub timeout: std::time::Duration,
}

/// Runs one `account` subcommand and returns its exit code.
pub fn run(command: &AccountCommand, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    match command {
        AccountCommand::Add(args) => add(args, global),
        AccountCommand::List { json } => list(*json, global),
        AccountCommand::Show { email, json } => show(email, *json, global),
        AccountCommand::Remove { email } => remove(email, global),
        AccountCommand::Password { email, set: true, .. } => set_password(email, global),
        AccountCommand::Password { email, .. } => clear_password(email, global, lang),
    }
}

/// What the connection check that `account add` runs before saving said.
#[derive(Debug)]
pub enum AddCheckResult {
    /// Every step passed: the password is kept.
    Passed(CheckSummary),
    /// A step failed (the report was printed): the settings are saved, the password is not.
    Failed(CheckSummary),
    /// This build cannot run the check.
    NotAvailable,
}

/// Runs the connection check for `account add` and prints its report.
///
/// NOTE: the checks engine is built on another branch. Until the lead wires it in here (run the
/// check against `account` with `password` within `args.timeout`, print the report as `check`
/// does, map `CheckReport` to [`CheckSummary`]), this answers `NotAvailable`, so `add` without
/// `--no-check` refuses to save.
pub fn run_check_before_saving(
    account: &Account,
    password: Option<&Password>,
    args: &AddArgs,
    global: &GlobalArgs,
) -> AddCheckResult {
    let _ = (account, password, args.timeout, global.net_config());
    AddCheckResult::NotAvailable
}

/// The saved account for `email` and its password from the keyring (the incoming server's, else
/// the outgoing one's), for `check` and `export` when no server flags are given. `None` when no
/// such account is saved. Problems — a damaged accounts file, an unavailable keyring — are
/// explained on stderr; the password is then `None`.
pub fn load_account_for_cli(email: &str, global: &GlobalArgs) -> Option<(StoredAccount, Option<Password>)> {
    let lang = global.lang();
    let store = open_store(global).ok()?;
    let stored = store.get(email)?.clone();
    let secrets = OsSecretStore::new();
    let mut password = None;
    for role in [ServerRole::Incoming, ServerRole::Outgoing] {
        match saved_accounts::load_password(&secrets, &stored, role) {
            Ok(Some(found)) => {
                password = Some(found);
                break;
            }
            Ok(None) => {}
            Err(e) => {
                explain_keyring_error(lang, &e);
                break;
            }
        }
    }
    Some((stored, password))
}

fn add(args: &AddArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let email = match EmailAddress::parse(&args.email) {
        Ok(email) => email,
        Err(e) => {
            eprintln!("{}", address_error_message(lang, &e));
            return EXIT_BAD_INPUT;
        }
    };
    let password = if args.password_stdin {
        match read_password_stdin(lang) {
            Ok(password) => Some(password),
            Err(code) => return code,
        }
    } else {
        None
    };
    let Ok(mut store) = open_store(global) else { return EXIT_FAILURE };
    let previous_name = store.get(&email.to_display_string()).map(|a| a.account.display_name.clone());
    let mut account = match settings_for_add(lang, &email, args) {
        Ok(account) => account,
        Err(message) => {
            eprintln!("{message}");
            return EXIT_BAD_INPUT;
        }
    };
    account.display_name = args.name.clone().or(previous_name).unwrap_or_default();

    let (check, check_failed) = if args.no_check {
        (None, false)
    } else {
        match run_check_before_saving(&account, password.as_ref(), args, global) {
            AddCheckResult::Passed(summary) => (Some(summary), false),
            AddCheckResult::Failed(summary) => (Some(summary), true),
            AddCheckResult::NotAvailable => {
                eprintln!("{}", tr(lang, "account-check-not-available"));
                return EXIT_FAILURE;
            }
        }
    };
    // The password is kept only when the check passed or the user chose not to check.
    let password_to_keep = if check_failed { None } else { password.as_ref() };

    let secrets = OsSecretStore::new();
    let outcome = match saved_accounts::save_account(&mut store, &secrets, account, password_to_keep, check) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("{}", e.message(lang));
            return EXIT_FAILURE;
        }
    };
    let email_arg = || vec![("email", FluentValue::from(outcome.saved.email().to_string()))];
    println!("{}", tr_args(lang, "account-saved", &email_arg()));
    if !outcome.stale_entries.is_empty() {
        eprintln!("{}", tr_args(lang, "account-stale-entries", &[("count", outcome.stale_entries.len().into())]));
    }
    if check_failed {
        eprintln!("{}", tr(lang, "account-check-failed"));
        return EXIT_CHECK_FAILED;
    }
    if let Some(e) = &outcome.keyring_error {
        eprintln!("{}", tr(lang, "account-saved-without-password"));
        explain_keyring_error(lang, e);
        eprintln!("{}", tr_args(lang, "account-password-hint", &email_arg()));
        return if e.is_unavailable() { EXIT_KEYRING_UNAVAILABLE } else { EXIT_FAILURE };
    }
    if outcome.saved.keyring_entries.is_empty() {
        println!("{}", tr(lang, "account-password-not-needed"));
    } else if password_to_keep.is_some() {
        println!("{}", tr(lang, "account-password-stored"));
    } else if !outcome.saved.has_all_passwords() {
        println!("{}", tr(lang, "account-password-not-given"));
        println!("{}", tr_args(lang, "account-password-hint", &email_arg()));
    }
    EXIT_OK
}

fn list(json: bool, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let Ok(store) = open_store(global) else { return EXIT_FAILURE };
    if json {
        return super::print_json(&serde_json::json!({ "accounts": store.list() }));
    }
    if store.list().is_empty() {
        eprintln!("{}", tr(lang, "account-list-empty"));
    }
    for stored in store.list() {
        let a = &stored.account;
        let name = if a.display_name.is_empty() { String::new() } else { format!("  {}", a.display_name) };
        println!(
            "{}{name}  {} → {}  {}",
            a.email,
            server_short(&a.incoming),
            server_short(&a.outgoing),
            password_summary(lang, stored)
        );
    }
    EXIT_OK
}

fn show(email: &str, json: bool, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let Ok(store) = open_store(global) else { return EXIT_FAILURE };
    let Some(stored) = store.get(email) else {
        eprintln!("{}", tr_args(lang, "account-not-found", &[("email", email.to_string().into())]));
        return EXIT_BAD_INPUT;
    };
    if json {
        return super::print_json(stored);
    }
    let a = &stored.account;
    let mut rows: Vec<(String, String)> = vec![];
    let mut row = |label_id: &str, value: String| {
        let label = if label_id.is_empty() { String::new() } else { format!("{}:", tr(lang, label_id)) };
        rows.push((label, value));
    };
    if !a.display_name.is_empty() {
        row("account-label-name", a.display_name.clone());
    }
    if let Some(provider) = a.provider_id.as_deref().and_then(presets::by_id) {
        row("account-label-provider", provider.display_name(lang).to_string());
    }
    row("account-label-source", tr(lang, &format!("account-source-{}", a.source)));
    for (role, server) in [(ServerRole::Incoming, &a.incoming), (ServerRole::Outgoing, &a.outgoing)] {
        let label_id = match role {
            ServerRole::Incoming => "account-label-incoming",
            ServerRole::Outgoing => "account-label-outgoing",
        };
        row(label_id, server_long(lang, server));
        if let Some(sha) = &server.pinned_cert_sha256 {
            row("", tr_args(lang, "account-pinned-cert", &[("sha", sha.clone().into())]));
        }
        let state = match stored.keyring_entries.iter().find(|r| r.server == role).map(|r| r.password) {
            Some(PasswordState::Stored) => tr(lang, "account-password-state-stored"),
            Some(PasswordState::Missing) => tr(lang, "account-password-state-missing"),
            None => tr(lang, "account-password-state-not-needed"),
        };
        row("", state);
    }
    let check = match &stored.last_check {
        None => tr(lang, "account-check-never"),
        Some(c) if c.ok => tr_args(lang, "account-check-passed-on", &[("date", date(c.checked_at).into())]),
        Some(c) => tr_args(
            lang,
            "account-check-failed-on",
            &[("date", date(c.checked_at).into()), ("kind", c.diagnosis_kind.clone().unwrap_or_default().into())],
        ),
    };
    row("account-label-last-check", check);
    row("account-label-saved", date(stored.created_at));
    row("account-label-changed", date(stored.updated_at));
    row("account-label-file", store.path().display().to_string());
    let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0);
    println!("{}", a.email);
    for (label, value) in rows {
        let pad = width - label.chars().count();
        println!("  {label}{:pad$} {value}", "");
    }
    EXIT_OK
}

fn remove(email: &str, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let Ok(mut store) = open_store(global) else { return EXIT_FAILURE };
    match saved_accounts::forget_account(&mut store, &OsSecretStore::new(), email) {
        Ok(forgotten) => {
            println!(
                "{}",
                tr_args(lang, "account-removed", &[("email", forgotten.account.email().to_string().into())])
            );
            if !forgotten.deleted_entries.is_empty() {
                println!("{}", tr(lang, "account-removed-password"));
            }
            EXIT_OK
        }
        Err(e) => {
            if matches!(e, AccountsError::Keyring(_)) {
                eprintln!("{}", tr_args(lang, "account-not-removed", &[("email", email.to_string().into())]));
            }
            report_accounts_error(lang, &e)
        }
    }
}

fn set_password(email: &str, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let Ok(mut store) = open_store(global) else { return EXIT_FAILURE };
    if store.get(email).is_none() {
        return report_accounts_error(lang, &AccountsError::NotFound { email: email.to_string() });
    }
    let password = match read_password_stdin(lang) {
        Ok(password) => password,
        Err(code) => return code,
    };
    match saved_accounts::set_password(&mut store, &OsSecretStore::new(), email, &password) {
        Ok(stored) if stored.keyring_entries.is_empty() => {
            println!("{}", tr(lang, "account-password-not-needed"));
            EXIT_OK
        }
        Ok(stored) => {
            println!("{}", tr_args(lang, "account-password-set", &[("email", stored.email().to_string().into())]));
            EXIT_OK
        }
        Err(e) => report_accounts_error(lang, &e),
    }
}

fn clear_password(email: &str, global: &GlobalArgs, lang: Lang) -> u8 {
    let Ok(mut store) = open_store(global) else { return EXIT_FAILURE };
    match saved_accounts::clear_password(&mut store, &OsSecretStore::new(), email) {
        Ok(stored) => {
            println!("{}", tr_args(lang, "account-password-cleared", &[("email", stored.email().to_string().into())]));
            EXIT_OK
        }
        Err(e) => report_accounts_error(lang, &e),
    }
}

/// Opens the accounts file from `--config-dir` (or the OS config dir) and tells the user about
/// a damaged or newer file that was moved aside. Errors are explained on stderr.
fn open_store(global: &GlobalArgs) -> Result<AccountStore, ()> {
    let lang = global.lang();
    match AccountStore::open(global.config_dir.as_deref()) {
        Ok(mut store) => {
            for notice in store.take_notices() {
                eprintln!("{}", notice.message(lang));
            }
            Ok(store)
        }
        Err(e) => {
            eprintln!("{}", e.message(lang));
            Err(())
        }
    }
}

/// Explains an error on stderr and returns the exit code for it.
fn report_accounts_error(lang: Lang, error: &AccountsError) -> u8 {
    match error {
        AccountsError::NotFound { .. } => {
            eprintln!("{}", error.message(lang));
            EXIT_BAD_INPUT
        }
        AccountsError::Store(e) => {
            eprintln!("{}", e.message(lang));
            EXIT_FAILURE
        }
        AccountsError::Keyring(e) => {
            explain_keyring_error(lang, e);
            if e.is_unavailable() { EXIT_KEYRING_UNAVAILABLE } else { EXIT_FAILURE }
        }
    }
}

fn explain_keyring_error(lang: Lang, error: &SecretError) {
    eprintln!("{}", error.message(lang));
    if error.is_unavailable() {
        eprintln!("{}", tr(lang, "keyring-nothing-written-elsewhere"));
    }
    eprintln!("{}", tr_args(lang, "keyring-details", &[("detail", error.detail().to_string().into())]));
}

/// The account `add` saves: server flags where given, the bundled preset for the rest.
fn settings_for_add(lang: Lang, email: &EmailAddress, args: &AddArgs) -> Result<Account, String> {
    let preset = presets::for_domain(email.domain());
    let login = args.username.clone().unwrap_or_else(|| email.to_ascii_string());
    let from_flag = |protocol: Protocol, flag: &str, spec: &str| {
        Server::from_spec(protocol, spec, &login).map_err(|e| server_flag_message(lang, flag, &e))
    };
    let from_preset = |servers: Vec<Server>| {
        servers.into_iter().next().map(|mut server| {
            if let Some(username) = &args.username {
                server.username = username.clone();
            }
            server
        })
    };
    let unknown =
        || tr_args(lang, "account-settings-unknown", &[("domain", email.domain_unicode().to_string().into())]);
    let incoming = match (&args.imap, &args.pop3) {
        (Some(spec), _) => from_flag(Protocol::Imap, "imap", spec)?,
        (None, Some(spec)) => from_flag(Protocol::Pop3, "pop3", spec)?,
        (None, None) => preset.and_then(|p| from_preset(p.incoming_for(email))).ok_or_else(unknown)?,
    };
    let outgoing = match &args.smtp {
        Some(spec) => from_flag(Protocol::Smtp, "smtp", spec)?,
        None => preset.and_then(|p| from_preset(p.outgoing_for(email))).ok_or_else(unknown)?,
    };
    let any_flag = args.imap.is_some() || args.pop3.is_some() || args.smtp.is_some();
    Ok(Account {
        email: email.to_display_string(),
        display_name: String::new(),
        provider_id: preset.map(|p| p.id.clone()),
        source: if any_flag { SettingsSource::Manual } else { SettingsSource::Preset },
        incoming,
        outgoing,
    })
}

fn server_flag_message(lang: Lang, flag: &str, error: &ServerSpecError) -> String {
    let (id, value) = match error {
        ServerSpecError::Shape { spec } => ("account-flag-shape", spec),
        ServerSpecError::Security { value } => ("account-flag-security", value),
        ServerSpecError::Port { value } => ("account-flag-port", value),
        ServerSpecError::Host { value } => ("account-flag-host", value),
    };
    tr_args(lang, id, &[("flag", flag.to_string().into()), ("value", value.clone().into())])
}

fn address_error_message(lang: Lang, error: &AddressError) -> String {
    let id = format!("address-error-{}", error.id());
    match error {
        AddressError::BadLocalCharacter { character } => {
            tr_args(lang, &id, &[("character", character.to_string().into())])
        }
        AddressError::DomainWithoutDot { domain } | AddressError::BadDomain { domain } => {
            tr_args(lang, &id, &[("domain", domain.clone().into())])
        }
        _ => tr(lang, &id),
    }
}

/// Reads a password from standard input (one trailing newline removed). On failure the reason
/// is explained on stderr and the exit code returned.
fn read_password_stdin(lang: Lang) -> Result<Password, u8> {
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(MAX_PASSWORD_BYTES + 1));
    let read = std::io::stdin().lock().take(MAX_PASSWORD_BYTES as u64 + 1).read_to_end(&mut bytes);
    if let Err(e) = read {
        eprintln!("{}", tr_args(lang, "account-password-unreadable", &[("detail", e.to_string().into())]));
        return Err(EXIT_BAD_INPUT);
    }
    if bytes.len() > MAX_PASSWORD_BYTES {
        eprintln!("{}", tr_args(lang, "account-password-too-long", &[("max", MAX_PASSWORD_BYTES.into())]));
        return Err(EXIT_BAD_INPUT);
    }
    let Ok(text) = String::from_utf8(std::mem::take(&mut *bytes)) else {
        eprintln!("{}", tr(lang, "account-password-not-text"));
        return Err(EXIT_BAD_INPUT);
    };
    let password = Password::new(text);
    if password.is_empty() {
        eprintln!("{}", tr(lang, "account-password-empty"));
        return Err(EXIT_BAD_INPUT);
    }
    Ok(password)
}

fn server_short(server: &Server) -> String {
    format!("{} {}", server.protocol, server.endpoint())
}

fn server_long(lang: Lang, server: &Server) -> String {
    let security = match server.security.is_encrypted() {
        true => server.security.to_string(),
        false => tr(lang, "account-security-none"),
    };
    tr_args(
        lang,
        "account-server-line",
        &[
            ("protocol", server.protocol.to_string().into()),
            ("endpoint", server.endpoint().into()),
            ("security", security.into()),
            ("username", server.username.clone().into()),
        ],
    )
}

fn password_summary(lang: Lang, stored: &StoredAccount) -> String {
    if stored.keyring_entries.is_empty() {
        tr(lang, "account-password-state-not-needed")
    } else if stored.has_all_passwords() {
        tr(lang, "account-password-state-stored")
    } else {
        tr(lang, "account-password-state-missing")
    }
}

fn date(timestamp: jiff::Timestamp) -> String {
    timestamp.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> AddArgs {
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            add: AddArgs,
        }
        let mut argv = vec!["add"];
        argv.extend_from_slice(args);
        Wrapper::parse_from(argv).add
    }

    #[test]
    fn add_uses_the_preset_when_no_server_flags_are_given() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let account = settings_for_add(Lang::En, &email, &parse(&["anna@yandex.ru"])).unwrap();
        assert_eq!(account.source, SettingsSource::Preset);
        assert_eq!(account.provider_id.as_deref(), Some("yandex"));
        assert_eq!(account.incoming.host, "imap.yandex.ru");
        assert_eq!(account.outgoing.host, "smtp.yandex.ru");
    }

    #[test]
    fn add_flags_win_over_the_preset_and_set_the_login() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let args = parse(&["anna@yandex.ru", "--pop3", "pop.example.test:995:tls", "--username", "anna"]);
        let account = settings_for_add(Lang::En, &email, &args).unwrap();
        assert_eq!(account.source, SettingsSource::Manual);
        assert_eq!(account.incoming.protocol, Protocol::Pop3);
        assert_eq!(account.incoming.username, "anna");
        assert_eq!(account.outgoing.host, "smtp.yandex.ru", "the flag-less server still comes from the preset");
        assert_eq!(account.outgoing.username, "anna");
    }

    #[test]
    fn add_for_an_unknown_domain_without_flags_says_what_to_give() {
        let email = EmailAddress::parse("anna@unknown-provider.test").unwrap();
        let message = settings_for_add(Lang::Ru, &email, &parse(&["anna@unknown-provider.test"])).unwrap_err();
        assert!(message.contains("--imap"), "{message}");
        assert!(message.contains("unknown-provider.test"), "{message}");
    }

    #[test]
    fn bad_server_flags_are_explained_per_flag() {
        let email = EmailAddress::parse("anna@example.test").unwrap();
        let args = parse(&["anna@example.test", "--imap", "imap.example.test:99999:tls", "--smtp", "s:465:tls"]);
        let message = settings_for_add(Lang::En, &email, &args).unwrap_err();
        assert!(message.contains("--imap") && message.contains("99999"), "{message}");
    }

    #[test]
    fn the_check_before_saving_is_not_wired_yet() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let args = parse(&["anna@yandex.ru"]);
        let account = settings_for_add(Lang::En, &email, &args).unwrap();
        let global = GlobalArgs {
            lang: Some(Lang::En),
            ispdb_url: None,
            dns_server: None,
            ca_file: None,
            config_dir: None,
            verbose: 0,
        };
        assert!(matches!(run_check_before_saving(&account, None, &args, &global), AddCheckResult::NotAvailable));
    }
}
