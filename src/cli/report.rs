//! `mailsetup report EMAIL [--json]`: the redacted diagnostic report for support tickets.

use super::GlobalArgs;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The account's email address
    pub email: String,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: &ReportArgs, _global: &GlobalArgs) -> u8 {
    super::not_yet("report")
}
