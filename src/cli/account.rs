//! `mailsetup account add|list|show|remove|password`: saved accounts and their keyring passwords.
//! Exit codes: 0, 2 bad input, 5 keyring unavailable (4 when the check before saving failed,
//! 1 for anything else that went wrong). Also home of [`load_account_for_cli`], which `export`
//! uses when no server flags are given.
//!
//! `account add` detects (server flags override per role), checks and then saves:
//! - Detected settings that need confirmation (plain HTTP, MX, SRV, guessing) are saved only with
//!   `--accept-unconfirmed` (see [`super::settings`]), also with `--no-check`: saving them means
//!   a later `check` sends the password there.
//! - The check logs in with the password and sends a test message to the account itself, whose
//!   arrival is confirmed over IMAP (`--no-send-test` skips the message). Without a password only
//!   the steps before login run.
//! - A failed check saves nothing — neither the settings nor the password — and exits 4 after
//!   the diagnosis, so a script can rely on "exit 0 = saved and working". `--no-check` saves
//!   without testing (the password as given).
//! - The password goes to the keyring only after a passed check or with `--no-check`; the check's
//!   summary is kept with the account.

use super::settings::{Purpose, ServerArgs, explain_keyring_error, keyring_password, read_password_stdin, resolve};
use super::{EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_FAILURE, EXIT_KEYRING_UNAVAILABLE, EXIT_OK, GlobalArgs};
use crate::engine::account::Server;
use crate::engine::account_store::{
    AccountStore, PasswordState, ServerRole, StoredAccount, date_text, last_check_text, password_state_text,
};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::provider::presets;
use crate::engine::saved_accounts::{self, AccountsError};
use crate::engine::secrets::{OsSecretStore, Password};
use clap::{Args, Subcommand};
use fluent_bundle::FluentValue;

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
    #[command(flatten)]
    pub server: ServerArgs,
    /// Save without testing (the password is stored as given)
    #[arg(long)]
    pub no_check: bool,
    /// Test the login without sending a test message to the account
    #[arg(long, conflicts_with = "no_check")]
    pub no_send_test: bool,
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

/// The saved account for `email` and its password from the keyring (the incoming server's, else
/// the outgoing one's), for commands that use a saved account when no server flags are given.
/// `None` when no such account is saved. Problems — a damaged accounts file, an unavailable
/// keyring — are explained on stderr; the password is then `None`.
pub fn load_account_for_cli(email: &str, global: &GlobalArgs) -> Option<(StoredAccount, Option<Password>)> {
    let stored = super::settings::saved_account(email, global)?;
    let password = keyring_password(&stored, global.lang());
    Some((stored, password))
}

fn add(args: &AddArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let settings = match resolve(&args.email, &args.server, Purpose::Save, global) {
        Ok(settings) => settings,
        Err(refusal) => return refusal.report(),
    };
    let Ok(mut store) = open_store(global) else { return EXIT_FAILURE };
    let previous_name = store.get(&settings.email.to_display_string()).map(|a| a.account.display_name.clone());
    let display_name = args.name.clone().or(previous_name).unwrap_or_default();
    let Some(account) = settings.account(display_name) else {
        eprintln!("{}", tr_args(lang, "settings-not-found", &[("domain", settings.email.domain_unicode().into())]));
        return EXIT_BAD_INPUT;
    };

    for warning in settings.unencrypted_warnings(lang) {
        println!("{warning}");
    }
    let mut check = None;
    if !args.no_check {
        println!("{}", tr_args(lang, "check-checking", &[("email", account.email.clone().into())]));
        for line in settings.describe(lang) {
            println!("{line}");
        }
        if let Some(note) = settings.no_password_note(lang) {
            println!("{note}");
        }
        let send_test = !args.no_send_test && settings.can_send_test();
        let report =
            super::check::run_with_live_steps(settings.request(send_test, lang), settings.net.clone(), lang, false);
        super::check::print_outcome(&report, lang);
        println!();
        if !report.ok {
            eprintln!("{}", tr(lang, "account-check-failed"));
            return EXIT_CHECK_FAILED;
        }
        check = saved_accounts::check_summary(&report, jiff::Timestamp::now());
    }
    // Here the check passed or was skipped with --no-check: the password is kept.
    let password = settings.password.as_ref();
    let secrets = OsSecretStore::new();
    let outcome = match saved_accounts::save_account(&mut store, &secrets, account, password, check) {
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
    if let Some(e) = &outcome.keyring_error {
        eprintln!("{}", tr(lang, "account-saved-without-password"));
        explain_keyring_error(lang, e);
        eprintln!("{}", tr_args(lang, "account-password-hint", &email_arg()));
        return if e.is_unavailable() { EXIT_KEYRING_UNAVAILABLE } else { EXIT_FAILURE };
    }
    if outcome.saved.keyring_entries.is_empty() {
        println!("{}", tr(lang, "account-password-not-needed"));
    } else if password.is_some() {
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
    let check = last_check_text(stored.last_check.as_ref(), lang);
    row("account-label-last-check", check);
    row("account-label-saved", date_text(stored.created_at));
    row("account-label-changed", date_text(stored.updated_at));
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
        Err(refusal) => return refusal.report(),
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
pub(crate) fn open_store(global: &GlobalArgs) -> Result<AccountStore, ()> {
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
    password_state_text(!stored.keyring_entries.is_empty(), stored.has_all_passwords(), lang)
}
