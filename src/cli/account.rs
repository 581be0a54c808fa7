//! `mailsetup account add|list|show|remove|password`: saved accounts and their keyring passwords.
//! Exit codes: 0, 2 bad input, 5 keyring unavailable.

use super::GlobalArgs;
use clap::{Args, Subcommand};

#[derive(Debug, Clone, Subcommand)]
pub enum AccountCommand {
    /// Detect, check and save an account (the password goes to the OS keyring)
    Add(AddArgs),
    /// List saved accounts
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one saved account
    Show {
        email: String,
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
    pub email: String,
    /// The sender name shown to recipients
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from standard input
    #[arg(long)]
    pub password_stdin: bool,
    #[arg(long, value_name = "H:P:SEC")]
    pub imap: Option<String>,
    #[arg(long, value_name = "H:P:SEC")]
    pub pop3: Option<String>,
    #[arg(long, value_name = "H:P:SEC")]
    pub smtp: Option<String>,
    #[arg(long, value_name = "U")]
    pub username: Option<String>,
    /// Save without testing (the password is stored as given)
    #[arg(long)]
    pub no_check: bool,
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = super::parse_timeout_secs)]
    pub timeout: std::time::Duration,
}

pub fn run(_command: &AccountCommand, _global: &GlobalArgs) -> u8 {
    super::not_yet("account")
}
