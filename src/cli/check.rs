//! `mailsetup check EMAIL …`: the connection test. Exit codes: 0 all passed, 4 a step failed, 2 bad input.
//!
//! Which servers are checked and with which password is decided by [`super::settings::resolve`]:
//! the server flags, else the saved account (with its keyring password), else detection. After
//! a check of a saved account its last-check summary in the accounts file is updated.

use super::settings::{Purpose, Refusal, ServerArgs, Settings, resolve};
use super::{EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, GlobalArgs};
use crate::engine::check::{self, CheckReport, CheckRequest, CheckStep};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::job::{Job, Poll};
use crate::engine::net::Net;
use clap::Args;
use std::sync::Arc;
use std::time::Duration;

/// The arguments of `check` and of `report`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The account's email address
    pub email: String,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Send a test message to the account itself and confirm it arrives (needs a password)
    #[arg(long)]
    pub send_test: bool,
    /// Print one JSON document (check: the fields fixed by the contract)
    #[arg(long)]
    pub json: bool,
}

/// The servers and password for `check` and `report`, or the exit code after saying why not.
pub(crate) fn prepare(args: &CheckArgs, global: &GlobalArgs) -> Result<Settings, u8> {
    let settings = resolve(&args.email, &args.server, Purpose::Test, global).map_err(Refusal::report)?;
    if args.send_test && !settings.can_send_test() {
        eprintln!("error: {}", tr(global.lang(), "check-error-send-test-needs-smtp"));
        return Err(EXIT_BAD_INPUT);
    }
    Ok(settings)
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
        step.server.label(),
        name,
        step.ms,
        step.detail
    )
}

pub fn run(args: &CheckArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let settings = match prepare(args, global) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    if !args.json {
        println!("{}", tr_args(lang, "check-checking", &[("email", args.email.clone().into())]));
        for line in settings.describe(lang) {
            println!("{line}");
        }
    }
    for note in settings.unencrypted_warnings(lang).into_iter().chain(settings.no_password_note(lang)) {
        if args.json { eprintln!("{note}") } else { println!("{note}") }
    }
    let report = run_with_live_steps(settings.request(args.send_test, lang), settings.net.clone(), lang, args.json);
    settings.record_check(&report, global);
    let code = if report.ok { EXIT_OK } else { EXIT_CHECK_FAILED };
    if args.json {
        let printed = super::print_json(&report);
        return if printed == EXIT_OK { code } else { printed };
    }
    print_outcome(&report, lang);
    code
}

/// The verdict, the delivery time and the diagnosis, for people.
pub(crate) fn print_outcome(report: &CheckReport, lang: Lang) {
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
