//! `mailsetup check EMAIL …`: the connection test. Exit codes: 0 all passed, 4 a step failed, 2 bad input.
//!
//! Which servers are checked: the `--imap/--pop3/--smtp` flags; without them, for now, the bundled
//! preset for the address's domain (said on screen). [`plan`] is the one place that turns the
//! arguments into a `CheckRequest`: saved accounts and full discovery plug in there.

use super::{EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, GlobalArgs};
use crate::engine::account::{Protocol, Server, SettingsSource};
use crate::engine::check::{self, CheckReport, CheckRequest, CheckStep, protocol_label};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::job::{Job, Poll};
use crate::engine::net::Net;
use crate::engine::provider::presets::{self, Provider};
use crate::engine::secrets::Password;
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;

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

/// The server flags shared by `check` and `report`.
pub(crate) struct ServerFlags<'a> {
    pub email: &'a str,
    pub imap: Option<&'a str>,
    pub pop3: Option<&'a str>,
    pub smtp: Option<&'a str>,
    pub username: Option<&'a str>,
}

/// A check ready to run, with where its settings came from.
pub(crate) struct Plan {
    pub request: CheckRequest,
    pub source: SettingsSource,
    pub provider: Option<&'static Provider>,
}

/// Turns the command line into a check: the flags when given, else the bundled preset for the
/// domain. (Saved accounts and discovery will be added here.) Errors are for people, in `lang`.
pub(crate) fn plan(flags: &ServerFlags<'_>, lang: Lang, timeout: Duration) -> Result<Plan, String> {
    let email = EmailAddress::parse(flags.email).map_err(|e| tr(lang, &format!("address-error-{}", e.id())))?;
    let default_login = flags.username.map(str::to_string).unwrap_or_else(|| email.to_ascii_string());
    let mut servers = vec![];
    for (protocol, spec) in [(Protocol::Imap, flags.imap), (Protocol::Pop3, flags.pop3), (Protocol::Smtp, flags.smtp)] {
        if let Some(spec) = spec {
            servers.push(Server::from_spec(protocol, spec, &default_login).map_err(|e| format!("--{protocol}: {e}"))?);
        }
    }
    let (source, provider) = if servers.is_empty() {
        let provider = presets::for_domain(email.domain()).ok_or_else(|| {
            tr_args(lang, "check-error-no-servers", &[("domain", email.domain_unicode().to_string().into())])
        })?;
        let mut preset_servers: Vec<Server> = provider.incoming_for(&email).into_iter().take(1).collect();
        preset_servers.extend(provider.outgoing_for(&email).into_iter().take(1));
        if let Some(login) = flags.username {
            preset_servers.iter_mut().for_each(|s| s.username = login.to_string());
        }
        servers = preset_servers;
        (SettingsSource::Preset, Some(provider))
    } else {
        let provider = servers.iter().find_map(|s| presets::for_server_host(&s.host));
        (SettingsSource::Manual, provider)
    };
    let mut request = CheckRequest::new(email, servers, lang);
    request.timeout = timeout;
    request.provider_id = provider.map(|p| p.id.clone());
    Ok(Plan { request, source, provider })
}

/// Reads one line from standard input as the password; on a terminal, without echo.
pub(crate) fn read_password_stdin(lang: Lang) -> std::io::Result<Password> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    if terminal {
        eprint!("{} ", tr(lang, "check-password-prompt"));
        let _ = std::io::stderr().flush();
        set_terminal_echo(false);
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    let result = stdin.lock().read_line(&mut line);
    if terminal {
        set_terminal_echo(true);
        eprintln!();
    }
    result?;
    Ok(Password::new(line.as_str()))
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

/// Runs the check on a job thread and prints each step as it finishes (unless `quiet`).
pub(crate) fn run_with_live_steps(request: CheckRequest, net: Net, lang: Lang, quiet: bool) -> CheckReport {
    let job = Job::spawn("mailsetup-check", Arc::new(|| {}), move |progress, cancel| {
        check::run_check(&request, &net, progress, cancel)
    });
    let mut job: Job<CheckReport, CheckStep> = match job {
        Ok(job) => job,
        Err(e) => {
            eprintln!("error: cannot start the check: {e}");
            return CheckReport::default();
        }
    };
    loop {
        for step in job.drain_events() {
            if !quiet {
                println!("{}", step_line(&step, lang));
            }
        }
        match job.poll() {
            Poll::Running => std::thread::sleep(Duration::from_millis(5)),
            Poll::Done(report) => {
                for step in job.drain_events() {
                    if !quiet {
                        println!("{}", step_line(&step, lang));
                    }
                }
                return report;
            }
            Poll::Lost => {
                eprintln!("error: the check stopped unexpectedly");
                return CheckReport::default();
            }
        }
    }
}

/// `  ✓ IMAP  Log in                       12 ms  logged in; 3 messages in INBOX`
pub(crate) fn step_line(step: &CheckStep, lang: Lang) -> String {
    let name = tr(lang, &format!("check-step-{}", step.step));
    format!(
        "  {} {:<5} {:<34} {:>6} ms  {}",
        if step.ok { "✓" } else { "✗" },
        protocol_label(step.server),
        name,
        step.ms,
        step.detail
    )
}

pub fn run(args: &CheckArgs, global: &GlobalArgs) -> u8 {
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
    let has_password = plan.request.password.as_ref().is_some_and(|p| !p.is_empty());
    if args.send_test {
        if !has_password || !plan.request.servers.iter().any(|s| s.protocol == Protocol::Smtp) {
            eprintln!("error: {}", tr(lang, "check-error-send-test-needs-smtp"));
            return EXIT_BAD_INPUT;
        }
        plan.request.send_test = true;
    }

    if !args.json {
        println!("{}", tr_args(lang, "check-checking", &[("email", args.email.clone().into())]));
        if let (SettingsSource::Preset, Some(provider)) = (plan.source, plan.provider) {
            println!(
                "{}",
                tr_args(lang, "check-using-preset", &[("provider", provider.display_name(lang).to_string().into())])
            );
        }
    }
    if !has_password {
        let note = tr(lang, "check-no-password");
        if args.json { eprintln!("{note}") } else { println!("{note}") }
    }
    let report = run_with_live_steps(plan.request, net, lang, args.json);
    let code = if report.ok { EXIT_OK } else { EXIT_CHECK_FAILED };
    if args.json {
        let printed = super::print_json(&report);
        return if printed == EXIT_OK { code } else { printed };
    }
    print_outcome(&report, lang);
    code
}

/// The verdict, the delivery time and the diagnosis, for people.
fn print_outcome(report: &CheckReport, lang: Lang) {
    println!();
    if report.cancelled {
        println!("{}", tr(lang, "check-cancelled"));
    } else if report.ok {
        println!("✓ {}", tr(lang, "check-all-passed"));
    } else {
        println!("✗ {}", tr(lang, "check-step-failed"));
    }
    if let Some(ms) = report.delivery_ms {
        let seconds = check::format_seconds(Duration::from_millis(ms), lang);
        println!("{}", tr_args(lang, "check-delivery-time", &[("seconds", seconds.into())]));
    }
    if let Some(diagnosis) = &report.diagnosis {
        println!();
        println!("{}", diagnosis.title);
        println!("  {}", diagnosis.advice);
        if !diagnosis.details.is_empty() {
            println!("  {}", tr_args(lang, "check-details", &[("details", diagnosis.details.clone().into())]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags<'a>(email: &'a str, imap: Option<&'a str>, smtp: Option<&'a str>) -> ServerFlags<'a> {
        ServerFlags { email, imap, pop3: None, smtp, username: None }
    }

    #[test]
    fn server_flags_become_a_manual_request_with_the_address_as_login() {
        let plan = plan(
            &flags("anna@example.test", Some("127.0.0.1:993:tls"), Some("127.0.0.1:465:tls")),
            Lang::En,
            Duration::from_secs(7),
        )
        .unwrap();
        assert_eq!(plan.source, SettingsSource::Manual);
        assert_eq!(plan.request.servers.len(), 2);
        assert_eq!(plan.request.servers[0].username, "anna@example.test");
        assert_eq!(plan.request.timeout, Duration::from_secs(7));
    }

    #[test]
    fn without_flags_the_domain_preset_is_used_and_said() {
        let plan = plan(&flags("anna@yandex.ru", None, None), Lang::En, Duration::from_secs(20)).unwrap();
        assert_eq!(plan.source, SettingsSource::Preset);
        assert_eq!(plan.provider.map(|p| p.id.as_str()), Some("yandex"));
        let protocols: Vec<Protocol> = plan.request.servers.iter().map(|s| s.protocol).collect();
        assert_eq!(protocols, vec![Protocol::Imap, Protocol::Smtp]);
    }

    #[test]
    fn unknown_domains_and_bad_flags_are_bad_input_with_a_readable_message() {
        let err = plan(&flags("anna@unknown.example", None, None), Lang::En, Duration::from_secs(1)).err().unwrap();
        assert!(err.contains("--imap"), "{err}");
        let err =
            plan(&flags("anna@example.test", Some("nope"), None), Lang::En, Duration::from_secs(1)).err().unwrap();
        assert!(err.contains("--imap"), "{err}");
        let err =
            plan(&flags("not an address", Some("h:1:tls"), None), Lang::Ru, Duration::from_secs(1)).err().unwrap();
        assert!(!err.is_empty() && !err.starts_with("address-error"), "{err}");
    }
}
