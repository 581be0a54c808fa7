//! `mailsetup export EMAIL --format F [-o PATH] [--include-password]` and `--list-formats`.
//! Exit codes: 0 done, 2 bad input or a format that cannot express the account.
//!
//! Output: without `-o`, a single text file goes to stdout. Binary and multi-file formats
//! (the QR code's PNG + SVG, Evolution's three files) need `-o`: a folder, created if needed,
//! receives every file; for the QR code, `-o NAME.png` or `-o NAME.svg` writes just that one.
//! For a single-file format, `-o` is the file (missing folders are created), or an existing
//! folder to put it in.
//! Warnings (what the format cannot express, password included or left out) go to stderr.

use super::settings::{self, Purpose, ServerArgs, ServerFlags};
use super::{EXIT_BAD_INPUT, EXIT_OK, GlobalArgs};
use crate::engine::account::{Account, Protocol, ServerSpecError, SettingsSource};
use crate::engine::account_store::StoredAccount;
use crate::engine::email_address::{AddressError, EmailAddress};
use crate::engine::export::{self, ExportFile, ExportOptions, Exporter};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::provider::presets;
use crate::engine::secrets::Password;
use clap::Args;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The saved account to export
    #[arg(required_unless_present = "list_formats")]
    pub email: Option<String>,
    /// The export format (see --list-formats)
    #[arg(long, short = 'f', value_name = "F", required_unless_present = "list_formats")]
    pub format: Option<String>,
    /// Write to this file or folder (binary and multi-file formats need it; text formats default to stdout)
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Put the password into the export: the saved account's from the keyring, else read from standard input (only the QR code carries one; you will be warned)
    #[arg(long)]
    pub include_password: bool,
    /// List the formats: id, name, one line
    #[arg(long)]
    pub list_formats: bool,
    #[command(flatten)]
    pub servers: ServerFlags,
    /// The sender name shown to recipients
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Export detected settings that need your confirmation (found over plain HTTP, from MX or
    /// SRV records, or by guessing): the mail program will send your password there
    #[arg(long)]
    pub accept_unconfirmed: bool,
}

/// Why the account to export could not be put together.
#[derive(Debug, thiserror::Error)]
pub enum AccountLookupError {
    #[error("bad address: {0}")]
    Address(#[from] AddressError),
    #[error("--{}: {error}", protocol.as_str())]
    Server { protocol: Protocol, error: ServerSpecError },
    #[error("both --imap and --pop3 given")]
    TwoIncoming,
    #[error("no settings known for {email}")]
    NotFound { email: String },
    /// Refused by the shared settings logic (unconfirmed settings, nothing found, …), already in words.
    #[error("{message}")]
    Refused { message: String },
}

impl AccountLookupError {
    /// The error for people, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AccountLookupError::Address(e) => {
                let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = match e {
                    AddressError::BadLocalCharacter { character } => vec![("character", character.to_string().into())],
                    AddressError::DomainWithoutDot { domain } | AddressError::BadDomain { domain } => {
                        vec![("domain", domain.as_str().into())]
                    }
                    _ => vec![],
                };
                tr_args(lang, &format!("address-error-{}", e.id()), &args)
            }
            AccountLookupError::Server { protocol, error } => {
                let flag = format!("--{}", protocol.as_str());
                tr_args(lang, "export-cli-bad-server", &[("flag", flag.into()), ("error", error.to_string().into())])
            }
            AccountLookupError::TwoIncoming => tr(lang, "export-cli-one-incoming"),
            AccountLookupError::NotFound { email } => {
                tr_args(lang, "export-cli-no-account", &[("email", email.as_str().into())])
            }
            AccountLookupError::Refused { message } => message.clone(),
        }
    }
}

/// The account to export. The ONE place that decides where it comes from (DESIGN.md: "Without
/// server flags, check/export use the saved account, else detection"):
/// 1. `--imap/--pop3/--smtp`: those servers; the other role from the saved account, else
///    detection (a bundled preset answers it at once);
/// 2. the saved account;
/// 3. detection (the whole pipeline with the global seams). Settings that need confirmation
///    (plain HTTP, MX, SRV, guessing) are exported only with `--accept-unconfirmed`, because the
///    mail program that reads the export will send the password there.
pub fn account_for_export(args: &ExportArgs, global: &GlobalArgs) -> Result<Account, AccountLookupError> {
    let typed = args.email.as_deref().unwrap_or_default();
    let email = EmailAddress::parse(typed)?;
    let flags = &args.servers;
    if !flags.has_server_flags() {
        return saved_or_detected(args, global).map(|(account, _)| account);
    }
    let provider = presets::for_domain(email.domain());
    let username_for = |protocol: Protocol| match (&flags.username, provider) {
        (Some(u), _) => u.clone(),
        (None, Some(p)) => p.username_for(protocol, &email),
        (None, None) => email.to_ascii_string(),
    };
    if flags.imap.is_some() && flags.pop3.is_some() {
        return Err(AccountLookupError::TwoIncoming);
    }
    let flagged =
        flags.servers(username_for).map_err(|(protocol, error)| AccountLookupError::Server { protocol, error })?;
    let incoming_flag = flagged.iter().find(|s| s.protocol.is_incoming()).cloned();
    let outgoing_flag = flagged.into_iter().find(|s| s.protocol == Protocol::Smtp);
    // The role no flag names comes from the saved account, else detection (where a bundled
    // preset answers at once).
    let (mut incoming, mut outgoing, base) = match (incoming_flag, outgoing_flag) {
        (Some(incoming), Some(outgoing)) => (incoming, outgoing, None),
        (incoming, outgoing) => {
            let (base, _) = saved_or_detected(args, global)?;
            (
                incoming.unwrap_or_else(|| base.incoming.clone()),
                outgoing.unwrap_or_else(|| base.outgoing.clone()),
                Some(base),
            )
        }
    };
    if let Some(username) = &flags.username {
        incoming.username = username.clone();
        outgoing.username = username.clone();
    }
    let display_name = args.name.clone().or_else(|| base.as_ref().map(|a| a.display_name.clone()));
    Ok(Account {
        email: email.to_display_string(),
        display_name: display_name.unwrap_or_default(),
        provider_id: base.and_then(|a| a.provider_id).or_else(|| provider.map(|p| p.id.clone())),
        source: SettingsSource::Manual,
        incoming,
        outgoing,
    })
}

/// The saved account, else detected settings; also the saved account itself (for its keyring
/// password). Detection gets a 10 s deadline.
fn saved_or_detected(
    args: &ExportArgs,
    global: &GlobalArgs,
) -> Result<(Account, Option<StoredAccount>), AccountLookupError> {
    let typed = args.email.as_deref().unwrap_or_default();
    let server_args = ServerArgs {
        servers: ServerFlags { username: args.servers.username.clone(), ..ServerFlags::default() },
        password_stdin: false,
        accept_unconfirmed: args.accept_unconfirmed,
        timeout: Duration::from_secs(10),
    };
    let settings = settings::resolve(typed, &server_args, Purpose::Export, global)
        .map_err(|refusal| AccountLookupError::Refused { message: refusal.message })?;
    let lang = global.lang();
    if let Some(found) = settings.discovery.as_ref().filter(|d| d.needs_confirmation && !args.accept_unconfirmed) {
        let message = tr_args(lang, "settings-needs-confirmation", &settings::confirm_args(found, lang));
        return Err(AccountLookupError::Refused { message });
    }
    if let Some(stored) = settings.saved {
        let mut account = stored.account.clone();
        if let Some(name) = &args.name {
            account.display_name = name.clone();
        }
        return Ok((account, Some(stored)));
    }
    let incoming = settings.servers.iter().find(|s| s.protocol.is_incoming()).cloned();
    let outgoing = settings.servers.iter().find(|s| !s.protocol.is_incoming()).cloned();
    let (Some(incoming), Some(outgoing)) = (incoming, outgoing) else {
        return Err(AccountLookupError::NotFound { email: settings.email.to_display_string() });
    };
    let account = Account {
        email: settings.email.to_display_string(),
        display_name: args.name.clone().unwrap_or_default(),
        provider_id: settings.provider.map(|p| p.id.clone()),
        source: settings.source,
        incoming,
        outgoing,
    };
    Ok((account, None))
}

/// The password for `--include-password`: the saved account's keyring password when there is
/// one, else standard input (`secret-tool lookup … | mailsetup export … --include-password`).
fn password_for_export(args: &ExportArgs, global: &GlobalArgs) -> Option<Password> {
    if !args.servers.has_server_flags() {
        let email = args.email.as_deref().unwrap_or_default();
        if let Some(stored) = settings::saved_account(email, global) {
            if let Some(password) = settings::keyring_password(&stored, global.lang()) {
                eprintln!("{}", tr(global.lang(), "export-cli-password-from-keyring"));
                return Some(password);
            }
        }
    }
    let mut input = String::new();
    std::io::stdin().take(64 * 1024).read_to_string(&mut input).ok()?;
    let password = Password::new(input);
    (!password.is_empty()).then_some(password)
}

pub fn run(args: &ExportArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    if args.list_formats {
        list_formats(lang);
        return EXIT_OK;
    }
    let format = args.format.as_deref().unwrap_or_default();
    let Some(exporter) = export::by_id(format) else {
        eprintln!("{}", tr_args(lang, "export-cli-unknown-format", &[("format", format.into())]));
        return EXIT_BAD_INPUT;
    };
    let account = match account_for_export(args, global) {
        Ok(account) => account,
        Err(e) => {
            eprintln!("{}", e.message(lang));
            return EXIT_BAD_INPUT;
        }
    };
    let needs_output = exporter.is_binary() || exporter.is_multi_file();
    if needs_output && args.output.is_none() {
        let id = if exporter.is_binary() { "export-cli-needs-output-binary" } else { "export-cli-needs-output-multi" };
        let file = exporter.file_name(&account);
        eprintln!("{}", tr_args(lang, id, &[("format", exporter.id().into()), ("file", file.into())]));
        return EXIT_BAD_INPUT;
    }
    let password = if args.include_password {
        match password_for_export(args, global) {
            Some(p) => Some(p),
            None => {
                eprintln!("{}", tr(lang, "export-cli-no-password"));
                return EXIT_BAD_INPUT;
            }
        }
    } else {
        None
    };
    let options = ExportOptions {
        lang,
        include_password: password.as_ref(),
        extra_ca_file: global.ca_file.clone(),
        ..Default::default()
    };
    let output = match exporter.export(&account, &options) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("{}", e.message(lang));
            return EXIT_BAD_INPUT;
        }
    };
    for warning in &output.warnings {
        eprintln!("{}", tr_args(lang, "export-cli-warning", &[("text", warning.text(lang).into())]));
    }
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            for file in &output.files {
                if stdout.write_all(&file.bytes).and_then(|()| stdout.flush()).is_err() {
                    return EXIT_BAD_INPUT;
                }
            }
            EXIT_OK
        }
        Some(path) => write_outputs(exporter, path, &output.files, lang),
    }
}

fn write_outputs(exporter: &dyn Exporter, path: &Path, files: &[ExportFile], lang: Lang) -> u8 {
    let targets: Vec<(PathBuf, &ExportFile)> = if path.is_dir() {
        files.iter().map(|f| (path.join(&f.name), f)).collect()
    } else if !exporter.is_multi_file() {
        files.iter().map(|f| (path.to_path_buf(), f)).collect()
    } else {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        let chosen: Vec<_> =
            files.iter().filter(|f| !extension.is_empty() && f.name.ends_with(&format!(".{extension}"))).collect();
        match chosen.as_slice() {
            [one] => vec![(path.to_path_buf(), *one)],
            _ => {
                if let Err(e) = std::fs::create_dir_all(path) {
                    report_write_error(path, &e, lang);
                    return EXIT_BAD_INPUT;
                }
                files.iter().map(|f| (path.join(&f.name), f)).collect()
            }
        }
    };
    for (target, file) in targets {
        let parent_ready = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent),
            _ => Ok(()),
        };
        if let Err(e) = parent_ready.and_then(|()| file.write_to(&target)) {
            report_write_error(&target, &e, lang);
            return EXIT_BAD_INPUT;
        }
        eprintln!("{}", tr_args(lang, "export-cli-wrote", &[("path", target.display().to_string().into())]));
    }
    EXIT_OK
}

fn report_write_error(path: &Path, error: &std::io::Error, lang: Lang) {
    eprintln!(
        "{}",
        tr_args(
            lang,
            "export-cli-write-failed",
            &[("path", path.display().to_string().into()), ("error", error.to_string().into())]
        )
    );
}

fn list_formats(lang: Lang) {
    println!("{}", tr(lang, "export-cli-list-heading"));
    let width = export::all().iter().map(|e| e.id().len()).max().unwrap_or(0);
    for audience in export::Audience::ALL {
        println!();
        println!("{}", audience.label(lang));
        for exporter in export::all().iter().filter(|e| e.audience() == audience) {
            println!(
                "  {:width$}  {}: {}",
                exporter.id(),
                exporter.display_name(lang),
                exporter.summary(lang),
                width = width
            );
        }
    }
}
