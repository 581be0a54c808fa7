//! The windowed entry point for desktop shortcuts: the same wizard as `mailsetup` without
//! arguments, but on Windows built for the GUI subsystem, so starting it from the Start menu
//! opens no console window next to the wizard (`mailsetup.exe` stays a console program because
//! it is also the command-line tool). Settings come from the environment, as for the GUI.
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    mailsetup::cli::gui_main()
}
