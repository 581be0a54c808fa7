//! `mailsetup export EMAIL --format F [-o PATH] [--include-password]` and `--list-formats`.

use super::GlobalArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The saved account to export
    #[arg(required_unless_present = "list_formats")]
    pub email: Option<String>,
    /// The export format (see --list-formats)
    #[arg(long, short = 'f', value_name = "F", required_unless_present = "list_formats")]
    pub format: Option<String>,
    /// Write to this file (binary formats need it; text formats default to stdout)
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Put the password into the export (only formats that can carry one; you will be warned)
    #[arg(long)]
    pub include_password: bool,
    /// List the formats: id, name, one line
    #[arg(long)]
    pub list_formats: bool,
}

pub fn run(_args: &ExportArgs, _global: &GlobalArgs) -> u8 {
    super::not_yet("export")
}
