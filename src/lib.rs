//! mailsetup: from an email address to a mail account that provably works.
//!
//! Architecture map (one line per module; keep it true in the commit that changes a module):
//!
//! | module | what it is |
//! |---|---|
//! | `engine` | GUI-free core: never imports egui/eframe/clap, never prints |
//! | `engine::account` | `Account`, `Server`, `Protocol`, `Security`, `AuthMethod`, `SettingsSource` |
//! | `engine::email_address` | `EmailAddress`: parsed once (local part, domain, ASCII/IDN forms) |
//! | `engine::provider::presets` | bundled provider knowledge (`presets/*.json`, embedded at build time) |
//! | `engine::provider::discovery` | the discovery pipeline: sources in parallel under one deadline, ranked by priority |
//! | `engine::provider::{clientconfig, ispdb, autoconfig, autoconfig_http, mx, srv, guess}` | one file per discovery source (+ the clientConfig parser); guess confirms candidates with `check::probe` |
//! | `engine::provider::race` | run lookups in parallel on named threads under one deadline; best-ranked answer wins |
//! | `engine::net` | the one place that resolves names and opens TCP/TLS connections (DNS seam, deadlines, CA seam) |
//! | `engine::net::{stream, http}` (private) | `DeadlineStream`: the one TCP stream, plain or TLS (also STARTTLS), every socket op bounded by one deadline, under HTTP, probes and checks; minimal HTTP GET for settings files |
//! | `engine::check` | connection checks: `CheckReport`/`CheckStep`/`run_check`, `probe` (the steps before login, for guessing) + smtp, imap, pop3, tls (recording verifier, pins), test_message, wire (lines, caps, cancel, STARTTLS upgrade over `net::DeadlineStream`) |
//! | `engine::diagnostics` | a classified failure → `Diagnosis {kind, title, advice}` in the chosen language |
//! | `engine::report` | the redacted support report built from an account and a `CheckReport` |
//! | `engine::secrets` | `SecretStore` trait, OS keyring store, in-memory store; keyring entry names |
//! | `engine::account_store` | the accounts file in the config dir: atomic writes, never a secret |
//! | `engine::saved_accounts` | save/forget/re-key an account: the accounts file and the keyring kept in step |
//! | `engine::export` | `Exporter` trait + `FormatMeta` (what each format is, as data) + registry (`all`, `by_id`); one file per export format; `escape` quotes values per syntax; `website` what the website formats share; `settings_card` the card both card formats print |
//! | `engine::embedded` | `presets/*.json` and `assets/i18n/**/*.ftl`, embedded by `build.rs` |
//! | `engine::i18n` | Fluent bundles from `assets/i18n/{en,ru}/*.ftl`; `Lang` from the system locale |
//! | `engine::job` | run a blocking engine call on a named thread; `Cancel` token (a child stops with its parent); done-callback |
//! | `cli` | clap commands; calls the engine; data to stdout, logs to stderr |
//! | `cli::settings` | the server flags (`ServerFlags`, also flattened by export) and the rest of check/report/account add's; server flags → saved account → detection, the confirmation rule |
//! | `main.rs`, `bin/mailsetup-gui.rs` | the two binaries: `mailsetup` (CLI; no arguments opens the window) and `mailsetup-gui` (window only, no console on Windows) |
//! | `ui` (feature `gui`) | egui only: app, pure wizard state machine, backend (the one caller of the engine, as jobs), one view per step, widgets, theme, host speller |
//!
//! Dependency rules: `engine` depends on no other module of this crate. `cli` and `ui` depend on
//! `engine` only and never on each other. `ui` reaches network, disk and keyring only through
//! engine calls run as `engine::job` jobs, so nothing blocks the UI thread.

pub mod cli;
pub mod engine;
#[cfg(feature = "gui")]
pub mod ui;

/// The version shown by `--version`, in reports and in the About text.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
