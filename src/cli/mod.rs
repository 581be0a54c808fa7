//! The command line. Each command is one file; it calls the engine and prints text for people or
//! one JSON document (`--json`) for scripts. Data goes to stdout, logs to stderr. Exit codes are a
//! contract (DESIGN.md): 0 success, 2 bad input, 3 nothing found, 4 a check step failed,
//! 5 keyring unavailable.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod account;
pub mod check;
pub mod detect;
pub mod export;
pub mod report;
pub mod settings;

use crate::engine::i18n::Lang;
use crate::engine::net::{ENV_CA_FILE, ENV_DNS_SERVER, ENV_ISPDB_URL, NetConfig};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: an unexpected failure (a bug or the environment), explained on stderr.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: the input was not usable (bad address, bad flag value, unreadable file).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: discovery found nothing.
pub const EXIT_NOT_FOUND: u8 = 3;
/// Exit code: a check step failed.
pub const EXIT_CHECK_FAILED: u8 = 4;
/// Exit code: the OS keyring is not available.
pub const EXIT_KEYRING_UNAVAILABLE: u8 = 5;

/// Environment variable with the same meaning as `--config-dir`.
pub const ENV_CONFIG_DIR: &str = "MAILSETUP_CONFIG_DIR";
/// Environment variable with the same meaning as `--lang`.
pub const ENV_LANG: &str = "MAILSETUP_LANG";

/// Mail Setup: finds the IMAP/POP3/SMTP settings for an address, proves the account works,
/// keeps the password in the OS keyring and exports the settings to mail clients.
/// Without a command it opens the wizard.
#[derive(Debug, Parser)]
#[command(name = "mailsetup", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command understands.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Language of messages and advice: en or ru (default: the system locale)
    #[arg(long, global = true, env = ENV_LANG, value_name = "en|ru")]
    pub lang: Option<Lang>,
    /// Base URL of the Thunderbird ISPDB
    #[arg(long, global = true, env = ENV_ISPDB_URL, value_name = "URL")]
    pub ispdb_url: Option<String>,
    /// Send DNS questions to this server instead of the system resolver
    #[arg(long, global = true, env = ENV_DNS_SERVER, value_name = "IP:PORT")]
    pub dns_server: Option<SocketAddr>,
    /// Also trust the root certificates in this PEM file
    #[arg(long, global = true, env = ENV_CA_FILE, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Keep saved accounts in this directory instead of the OS config directory
    #[arg(long, global = true, env = ENV_CONFIG_DIR, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Log what happens to stderr (-v, -vv)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl GlobalArgs {
    /// The language in effect: `--lang`, else the system locale.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_system)
    }

    /// The network seams from the flags.
    pub fn net_config(&self) -> NetConfig {
        NetConfig { dns_server: self.dns_server, ca_file: self.ca_file.clone(), ispdb_url: self.ispdb_url.clone() }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the wizard (the same as running mailsetup without a command)
    Gui,
    /// Find the mail server settings for an address
    Detect(detect::DetectArgs),
    /// Test that an account works: connect, log in, send a test message to itself, confirm it arrived
    Check(check::CheckArgs),
    /// Saved accounts (passwords stay in the OS keyring)
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Export an account's settings for a mail client, phone, website or printing
    Export(export::ExportArgs),
    /// A redacted diagnostic report for support tickets
    Report(check::CheckArgs),
}

/// Runs the program: the wizard without arguments, else the command line.
pub fn main() -> ExitCode {
    let parsed = command_ignoring_empty_env()
        .try_get_matches()
        .and_then(|mut matches| <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_BAD_INPUT } else { EXIT_OK });
        }
    };
    init_logging(cli.global.verbose);
    let code = match cli.command {
        None | Some(Command::Gui) => run_gui(&cli.global),
        Some(Command::Detect(args)) => detect::run(&args, &cli.global),
        Some(Command::Check(args)) => check::run(&args, &cli.global),
        Some(Command::Account(command)) => account::run(&command, &cli.global),
        Some(Command::Export(args)) => export::run(&args, &cli.global),
        Some(Command::Report(args)) => report::run(&args, &cli.global),
    };
    ExitCode::from(code)
}

/// The command line, where a seam variable set to an empty string (`MAILSETUP_DNS_SERVER=`)
/// counts as unset, as it does for the window, instead of being an invalid value.
fn command_ignoring_empty_env() -> clap::Command {
    let mut command = <Cli as clap::CommandFactory>::command();
    let seams = [
        ("lang", ENV_LANG),
        ("ispdb_url", ENV_ISPDB_URL),
        ("dns_server", ENV_DNS_SERVER),
        ("ca_file", ENV_CA_FILE),
        ("config_dir", ENV_CONFIG_DIR),
    ];
    for (id, var) in seams {
        if std::env::var_os(var).is_some_and(|value| value.to_string_lossy().trim().is_empty()) {
            command = command.mut_arg(id, |arg| arg.env(None::<&str>));
        }
    }
    command
}

/// The wizard alone, for the `mailsetup-gui` binary that desktop shortcuts start: language,
/// network seams and config dir come from the environment (`MAILSETUP_LANG`, …), never from
/// arguments (a shortcut passes none, and a windowed program has no console to explain errors).
#[cfg(feature = "gui")]
pub fn gui_main() -> ExitCode {
    init_logging(0);
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let lang = var(ENV_LANG).and_then(|v| Lang::parse(&v));
    let config_dir = var(ENV_CONFIG_DIR).map(PathBuf::from);
    ExitCode::from(crate::ui::run(lang, NetConfig::from_env(), config_dir))
}

#[cfg(feature = "gui")]
fn run_gui(global: &GlobalArgs) -> u8 {
    crate::ui::run(global.lang, global.net_config(), global.config_dir.clone())
}

#[cfg(not(feature = "gui"))]
fn run_gui(_global: &GlobalArgs) -> u8 {
    eprintln!("This build of mailsetup has no window (built without the \"gui\" feature). See mailsetup --help.");
    EXIT_BAD_INPUT
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "mailsetup=info",
        _ => "mailsetup=debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("MAILSETUP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).without_time().try_init();
}

/// Parses `--timeout SECS`: a positive number of seconds, fractions allowed.
pub fn parse_timeout_secs(value: &str) -> Result<std::time::Duration, String> {
    match value.trim().parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(std::time::Duration::from_secs_f64(secs)),
        _ => Err(format!("{value:?} is not a number of seconds between 0 and 3600")),
    }
}

/// Prints a value as one pretty JSON document on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{json}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write JSON: {e}");
            EXIT_FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeouts_must_be_positive_seconds() {
        assert_eq!(parse_timeout_secs("2.5").unwrap(), std::time::Duration::from_millis(2500));
        assert!(parse_timeout_secs("0").is_err());
        assert!(parse_timeout_secs("-1").is_err());
        assert!(parse_timeout_secs("soon").is_err());
    }
}
