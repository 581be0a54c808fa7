//! Step 2: the live checklist of discovery sources (spinner → ✓ / – / ✗ with the time each took),
//! Cancel, and "Enter settings manually" at any time. For a bundled provider the answer is
//! instant and the screen only flashes by.

use crate::engine::i18n::{tr, tr_args};
use crate::engine::provider::discovery::SourceStatus;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton, Status};
use crate::ui::wizard::{Action, Phase, Wizard};
use crate::ui::words;
use egui::{Align, Layout, RichText, Ui};

/// Draws the detect step.
pub fn detect_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let domain = w.email().map(|e| e.domain_unicode().to_string()).unwrap_or_default();
    widgets::step_indicator_ui(ui, lang, Phase::Settings);
    let nothing_found = !w.detect.running && w.detect.result.as_ref().is_some_and(|r| !r.is_found());
    let title = if nothing_found { "detect-title-nothing" } else { "detect-title" };
    let subtitle = if nothing_found { "detect-subtitle-nothing" } else { "detect-subtitle" };
    widgets::title_ui(
        ui,
        &tr_args(lang, title, &[("domain", domain.clone().into())]),
        Some(&tr_args(lang, subtitle, &[("domain", domain.into())])),
    );
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        if w.detect.rows.is_empty() {
            ui.horizontal(|ui| {
                widgets::status_icon_ui(ui, Status::Running);
                ui.label(tr(lang, "detect-starting"));
            });
        }
        for row in &w.detect.rows {
            let status = match &row.status {
                SourceStatus::Started if w.detect.running => Status::Running,
                SourceStatus::Found => Status::Done,
                SourceStatus::Failed { .. } | SourceStatus::TimedOut => Status::Failed,
                _ => Status::Neutral,
            };
            ui.horizontal(|ui| {
                widgets::status_icon_ui(ui, status);
                ui.label(words::source_row_text(lang, row.source));
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let outcome = match &row.status {
                        SourceStatus::Started if w.detect.running => tr(lang, "detect-status-running"),
                        SourceStatus::Started | SourceStatus::Skipped => tr(lang, "detect-status-skipped"),
                        SourceStatus::Found => tr(lang, "detect-status-found"),
                        SourceStatus::Nothing => tr(lang, "detect-status-nothing"),
                        SourceStatus::Failed { .. } => tr(lang, "detect-status-failed"),
                        SourceStatus::TimedOut => tr(lang, "detect-status-timed-out"),
                    };
                    let time = if row.status.is_terminal() && row.status != SourceStatus::Skipped {
                        format!("{outcome} · {}", widgets::seconds_text(lang, row.ms))
                    } else {
                        outcome
                    };
                    widgets::muted_ui(ui, &time);
                });
            });
            if let SourceStatus::Failed { reason } = &row.status {
                let indent = widgets::icons::line_icon_size(ui) + ui.spacing().item_spacing.x;
                ui.horizontal_top(|ui| {
                    ui.add_space(indent);
                    let palette = crate::ui::theme::Palette::of(ui);
                    ui.add(egui::Label::new(RichText::new(words::shown(reason)).small().color(palette.muted)).wrap());
                });
            }
        }
    });
    ui.add_space(4.0);
    if nothing_found {
        widgets::card_ui(ui, CardKind::Warning, |ui| {
            ui.label(tr(lang, "detect-nothing-advice"));
        });
    }
    if w.detect.running && widgets::secondary_button_ui(ui, &tr(lang, "detect-manual"), true).clicked() {
        action = Some(Action::EnterManually);
    }
    action
}

/// Cancel while searching; afterwards Back and "Enter settings manually" (a find opens Review
/// by itself, so there is no Next while searching).
pub fn detect_nav(w: &Wizard) -> Nav {
    let back = if w.detect.running {
        NavButton::new(tr(w.lang, "detect-cancel"), NavAction::CancelDetect)
    } else {
        NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)
    };
    let next = (!w.detect.running).then(|| NavButton::new(tr(w.lang, "detect-manual"), NavAction::EnterManually));
    Nav { back: Some(back), next }
}
