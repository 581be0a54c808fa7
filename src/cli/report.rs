//! `mailsetup report EMAIL [--json]`: the redacted diagnostic report for support tickets.
//! Exit codes: 0 (the report is the result, also when a check step failed), 2 bad input.
//!
//! It runs the connection check with the same server flags as `check` (without flags, the
//! bundled preset for the domain). Without `--password-stdin` only the steps before login run
//! (resolve, connect, TLS, greeting, STARTTLS): a report can be made without knowing the password.

use super::check::{ServerFlags, plan, read_password_stdin, run_with_live_steps};
use super::{EXIT_BAD_INPUT, EXIT_OK, GlobalArgs};
use crate::engine::account::Protocol;
use crate::engine::net::Net;
use crate::engine::report::{DNS_TIMEOUT, ReportInput, build_report, render_text};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The account's email address
    pub email: String,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
    /// Read the password from standard input to include the login steps (never printed)
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
    /// Also send a test message and confirm it arrives (needs --password-stdin)
    #[arg(long, requires = "password_stdin")]
    pub send_test: bool,
    /// Overall deadline in seconds for the check
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = super::parse_timeout_secs)]
    pub timeout: std::time::Duration,
}

pub fn run(args: &ReportArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let flags = ServerFlags {
        email: &args.email,
        imap: args.imap.as_deref(),
        pop3: args.pop3.as_deref(),
        smtp: args.smtp.as_deref(),
        username: args.username.as_deref(),
    };
    let mut plan = match plan(&flags, lang, args.timeout) {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_BAD_INPUT;
        }
    };
    let net = Net::new(global.net_config());
    if let Err(e) = net.trust_roots() {
        eprintln!("error: {e}");
        return EXIT_BAD_INPUT;
    }
    if args.password_stdin {
        match read_password_stdin(lang) {
            Ok(password) => plan.request.password = Some(password),
            Err(e) => {
                eprintln!("error: cannot read the password from standard input: {e}");
                return EXIT_BAD_INPUT;
            }
        }
    }
    plan.request.send_test = args.send_test && plan.request.servers.iter().any(|s| s.protocol == Protocol::Smtp);
    let email = plan.request.email.clone();
    let servers = plan.request.servers.clone();
    let check = run_with_live_steps(plan.request, net.clone(), lang, true);
    let input = ReportInput {
        email: &args.email,
        domain: email.domain(),
        source: plan.source,
        provider: plan.provider,
        servers: &servers,
        check: &check,
        lang,
        dns_timeout: DNS_TIMEOUT,
    };
    let report = build_report(&input, &net);
    if args.json {
        return super::print_json(&report);
    }
    print!("{}", render_text(&report));
    EXIT_OK
}
