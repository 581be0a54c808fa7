//! Entry point only: no arguments starts the wizard, anything else is the CLI.

fn main() -> std::process::ExitCode {
    mailsetup::cli::main()
}
