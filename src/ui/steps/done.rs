//! Step 7 (and Home's "Export"): the account works; set up the mail program. Export buttons
//! grouped by who they are for (Your mail program / Phone / Website / Print), the QR for
//! Thunderbird on Android, "Copy settings" and the support view.

use crate::engine::i18n::{tr, tr_args};
use crate::ui::theme::Palette;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Notice, Phase, Wizard};
use crate::ui::words;
use egui::{RichText, Ui};

/// The groups export formats are shown in, by audience.
pub const EXPORT_GROUPS: [&str; 4] =
    ["export-group-client", "export-group-phone", "export-group-website", "export-group-print"];

/// Draws the done/export screen.
pub fn done_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let Some(saved) = w.selected_account() else {
        widgets::title_ui(ui, &tr(lang, "done-title"), None);
        return None;
    };
    let email = saved.email().to_string();
    let from_home = w.export_from_home;
    if from_home {
        widgets::title_ui(
            ui,
            &tr_args(lang, "export-title", &[("email", email.clone().into())]),
            Some(&tr(lang, "export-subtitle")),
        );
    } else {
        widgets::step_indicator_ui(ui, lang, Phase::Done);
        widgets::title_ui(
            ui,
            &tr(lang, "done-title"),
            Some(&tr_args(lang, "done-subtitle", &[("email", email.clone().into())])),
        );
    }

    widgets::card_ui(ui, CardKind::Plain, |ui| {
        egui::Grid::new("export-groups").num_columns(2).spacing([18.0, 10.0]).show(ui, |ui| {
            for group in EXPORT_GROUPS {
                ui.label(RichText::new(tr(lang, group)).strong());
                widgets::muted_ui(ui, &tr(lang, &format!("{group}-explained")));
                ui.end_row();
            }
        });
        ui.add_space(6.0);
        ui.label(tr(lang, "export-coming-soon"));
    });

    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if widgets::secondary_button_ui(ui, &tr(lang, "done-copy-settings"), true).clicked() {
            action = Some(Action::CopyText(words::settings_text(lang, &saved.account)));
        }
        if widgets::secondary_button_ui(ui, &tr(lang, "home-support"), true).clicked() {
            action = Some(Action::ShowSupport(email.clone()));
        }
        match &w.notice {
            Some(Notice::Copied) => {
                ui.label(RichText::new(tr(lang, "copied")).color(Palette::of(ui).success));
            }
            Some(Notice::Saved(path)) => {
                ui.label(
                    RichText::new(tr_args(lang, "export-saved", &[("path", path.clone().into())]))
                        .color(Palette::of(ui).success),
                );
            }
            Some(Notice::Problem(reason)) => {
                widgets::hint_ui(ui, reason);
            }
            _ => {}
        }
    });
    action
}

/// Back (to the test, or Home); Finish goes Home.
pub fn done_nav(w: &Wizard) -> Nav {
    let from_home = w.export_from_home;
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: (!from_home).then(|| NavButton::new(tr(w.lang, "done-finish"), NavAction::Next)),
    }
}
