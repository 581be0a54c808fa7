//! `mailsetup detect EMAIL [--offline] [--timeout SECS] [--json]`: discovery.
//! Exit codes: 0 found, 3 nothing found, 2 bad input.

use super::GlobalArgs;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct DetectArgs {
    /// The email address to find settings for
    pub email: String,
    /// Use only the bundled provider knowledge; no network
    #[arg(long)]
    pub offline: bool,
    /// Overall deadline in seconds for all network sources
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = super::parse_timeout_secs)]
    pub timeout: std::time::Duration,
    /// Print one JSON document (fields fixed by the contract)
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: &DetectArgs, _global: &GlobalArgs) -> u8 {
    super::not_yet("detect")
}
