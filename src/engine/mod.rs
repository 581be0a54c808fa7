//! The GUI-free core of mailsetup. Nothing here imports egui, eframe or clap, and nothing here
//! prints: results are returned as values and progress is reported through callbacks.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod account;
pub mod account_store;
pub mod check;
pub mod diagnostics;
pub mod email_address;
pub mod embedded;
pub mod export;
pub mod i18n;
pub mod job;
pub mod net;
pub mod provider;
pub mod report;
pub mod saved_accounts;
pub mod secrets;
