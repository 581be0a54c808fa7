//! Plain words for engine values, shared by several screens: where settings came from, what a
//! check step did, how a server is protected, when an account was last checked.

use crate::engine::account::{Account, Protocol, Security, SettingsSource};
use crate::engine::check::StepKind;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::wizard::LastCheck;

/// Where the settings came from, in a few plain words.
pub fn source_text(lang: Lang, source: SettingsSource, provider_name: Option<&str>) -> String {
    let id = match source {
        SettingsSource::Preset => "source-preset",
        SettingsSource::Ispdb => "source-ispdb",
        SettingsSource::Autoconfig => "source-autoconfig",
        SettingsSource::Mx => "source-mx",
        SettingsSource::Srv => "source-srv",
        SettingsSource::AutoconfigHttp => "source-autoconfig-http",
        SettingsSource::Guess => "source-guess",
        SettingsSource::Manual => "source-manual",
    };
    let text = tr(lang, id);
    match provider_name {
        Some(name) if source != SettingsSource::Manual => {
            tr_args(lang, "source-with-provider", &[("source", text.into()), ("provider", name.to_string().into())])
        }
        _ => text,
    }
}

/// The name of a discovery source in the Detect checklist.
pub fn source_row_text(lang: Lang, source: SettingsSource) -> String {
    tr(lang, &format!("detect-source-{}", source.as_str()))
}

/// The security choice as the Review drop-down names it.
pub fn security_choice_text(lang: Lang, security: Security) -> String {
    tr(lang, &format!("security-{}-choice", security.as_str()))
}

/// The security level in plain words (for the support view).
pub fn security_words(lang: Lang, security: Security) -> String {
    tr(lang, &format!("security-{}-badge", security.as_str()))
}

/// What a check step did, in plain words.
pub fn step_text(lang: Lang, step: StepKind) -> String {
    tr(lang, &format!("test-step-{}", step.as_str()))
}

/// "Incoming mail (IMAP)" or "Outgoing mail (SMTP)".
pub fn server_role_text(lang: Lang, protocol: Protocol) -> String {
    let id = if protocol.is_incoming() { "server-incoming-heading" } else { "server-outgoing-heading" };
    tr_args(lang, id, &[("protocol", protocol.label().into())])
}

/// "Works — checked 2026-11-28 13:15 (UTC+03:00)", "Problem: …", or "Not checked yet".
pub fn last_check_text(lang: Lang, last: Option<&LastCheck>) -> String {
    match last {
        None => tr(lang, "home-not-checked"),
        Some(check) => {
            // RFC 3339 → the local time, as every saved-account date is shown.
            let when = match check.at.parse::<jiff::Timestamp>() {
                Ok(at) => crate::engine::account_store::date_text(at),
                Err(_) => check.at.clone(),
            };
            if check.ok {
                tr_args(lang, "home-check-ok", &[("when", when.into())])
            } else {
                tr_args(
                    lang,
                    "home-check-failed",
                    &[("when", when.into()), ("problem", check.problem.clone().unwrap_or_default().into())],
                )
            }
        }
    }
}

/// The settings as plain text for the clipboard ("Copy settings").
pub fn settings_text(lang: Lang, account: &Account) -> String {
    let mut lines = vec![tr_args(lang, "copy-settings-title", &[("email", account.email.clone().into())])];
    if !account.display_name.is_empty() {
        lines.push(format!("{}: {}", tr(lang, "support-name"), account.display_name));
    }
    for server in account.servers() {
        lines.push(String::new());
        lines.push(server_role_text(lang, server.protocol));
        lines.push(format!("  {}: {}", tr(lang, "field-server"), server.host));
        lines.push(format!("  {}: {}", tr(lang, "field-port"), server.port));
        lines.push(format!("  {}: {}", tr(lang, "field-security"), security_choice_text(lang, server.security)));
        lines.push(format!("  {}: {}", tr(lang, "field-username"), server.username));
    }
    lines.push(String::new());
    lines.push(tr(lang, "copy-settings-password-note"));
    lines.join("\n")
}

/// A text from the engine (provider notes, diagnosis advice) as the window shows it: the
/// bundled font has no "→", so menu paths ("Settings → Mail clients") use "›".
// NOTE: egui's bundled Ubuntu font lacks U+2192; a glyph from a system font is not guaranteed
// (and kittest snapshots see only the bundled fonts).
pub fn shown(text: &str) -> String {
    text.replace('→', "›")
}
