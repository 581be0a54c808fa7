//! `mailsetup check EMAIL …`: the connection test. Exit codes: 0 all passed, 4 a step failed, 2 bad input.

use super::GlobalArgs;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The account's email address
    pub email: String,
    /// Read the password from standard input (never echoed, never printed)
    #[arg(long)]
    pub password_stdin: bool,
    /// IMAP server as HOST:PORT:SEC (SEC is tls, starttls or none)
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
    /// Send a test message to the account itself and confirm it arrives
    #[arg(long)]
    pub send_test: bool,
    /// Overall deadline in seconds, including the wait for the test message
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = super::parse_timeout_secs)]
    pub timeout: std::time::Duration,
    /// Print one JSON document (fields fixed by the contract)
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: &CheckArgs, _global: &GlobalArgs) -> u8 {
    super::not_yet("check")
}
