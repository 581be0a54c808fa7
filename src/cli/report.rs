//! `mailsetup report EMAIL [--json]`: the redacted diagnostic report for support tickets.
//! Exit codes: 0 (the report is the result, also when a check step failed), 2 bad input.
//!
//! The servers are chosen as for `check` ([`super::settings::resolve`]): the server flags, else
//! the saved account, else detection. With a password — the saved account's from the keyring, or
//! `--password-stdin` — the full check runs (add `--send-test` for the test message); without
//! one only the steps before login (resolve, connect, TLS, greeting, STARTTLS), so a report can
//! be made without knowing the password. A saved account adds what the accounts file knows:
//! when it was saved, whether the keyring holds its password (never the password itself) and its
//! last check before this report. A report changes nothing: it does not update that last check.

use super::check::{CheckArgs, prepare, run_with_live_steps};
use super::{EXIT_OK, GlobalArgs};
use crate::engine::report::{DNS_TIMEOUT, ReportInput, SavedAccountFacts, build_report, render_text};

pub fn run(args: &CheckArgs, global: &GlobalArgs) -> u8 {
    let lang = global.lang();
    let settings = match prepare(args, global) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let check = run_with_live_steps(settings.request(args.send_test, lang), settings.net.clone(), lang, true);
    let input = ReportInput {
        email: &args.email,
        domain: settings.email.domain(),
        source: settings.source,
        provider: settings.provider,
        servers: &settings.servers,
        check: &check,
        lang,
        dns_timeout: DNS_TIMEOUT,
    };
    let mut report = build_report(&input, &settings.net);
    report.saved_account = settings.saved.as_ref().map(SavedAccountFacts::of);
    if args.json {
        return super::print_json(&report);
    }
    print!("{}", render_text(&report));
    EXIT_OK
}
