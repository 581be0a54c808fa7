//! Step 7 (and Home's "Export"): the account works; set up the mail program. Export buttons
//! grouped by who they are for (Your mail program / Phone / Website / Print, command-line tools
//! folded away), each opening the desktop's save dialog; the QR code for Thunderbird on Android
//! drawn on screen; "Copy settings" and the support view.

use crate::engine::account::Account;
use crate::engine::export::Audience;
use crate::engine::export::thunderbird_qr::QrMatrix;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::backend::{self, ExportButton};
use crate::ui::theme::Palette;
use crate::ui::widgets::icons::{self, Icon};
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Notice, Phase, Wizard};
use crate::ui::words;
use egui::{Color32, RichText, Ui};

/// Draws the done/export screen.
pub fn done_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let Some(saved) = w.selected_account() else {
        widgets::title_ui(ui, &tr(lang, "done-title"), None);
        return None;
    };
    let email = saved.email().to_string();
    if w.export_from_home {
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

    if let Some(a) = result_ui(w, ui) {
        action = Some(a);
    }

    for (audience, heading, buttons) in backend::export_groups(lang) {
        if audience == Audience::CommandLine {
            continue;
        }
        widgets::card_ui(ui, CardKind::Plain, |ui| {
            widgets::section_ui(ui, &heading);
            if audience == Audience::Phone {
                phone_qr_ui(ui, lang, &saved.account);
            }
            if let Some(a) = buttons_ui(ui, w, &buttons) {
                action = Some(a);
            }
        });
        ui.add_space(2.0);
    }
    if let Some((_, heading, buttons)) =
        backend::export_groups(lang).into_iter().find(|(a, ..)| *a == Audience::CommandLine)
    {
        egui::CollapsingHeader::new(RichText::new(heading).strong()).id_salt("export-command-line").show(ui, |ui| {
            if let Some(a) = buttons_ui(ui, w, &buttons) {
                action = Some(a);
            }
        });
    }

    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        if widgets::secondary_button_ui(ui, &tr(lang, "done-copy-settings"), true).clicked() {
            action = Some(Action::CopyText(words::settings_text(lang, &saved.account)));
        }
        if widgets::secondary_button_ui(ui, &tr(lang, "home-support"), true).clicked() {
            action = Some(Action::ShowSupport(email.clone()));
        }
        if w.notice == Some(Notice::Copied) {
            ui.label(RichText::new(tr(lang, "copied")).color(Palette::of(ui).success));
        }
    });
    action
}

/// The outcome of the last export: where it went and what to do with it, or what went wrong.
fn result_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    if w.exporting {
        ui.horizontal(|ui| {
            widgets::spinner_ui(ui);
            ui.label(tr(lang, "export-waiting-for-dialog"));
        });
        return None;
    }
    match &w.notice {
        Some(Notice::Exported(exported)) => {
            widgets::card_ui(ui, CardKind::Success, |ui| {
                let color = Palette::of(ui).success;
                let saved = tr_args(
                    lang,
                    "export-saved",
                    &[("format", exported.format.clone().into()), ("path", exported.path.clone().into())],
                );
                icons::icon_label_ui(ui, Icon::Check, color, RichText::new(saved).strong().color(color));
                ui.label(words::shown(&exported.instructions));
                for warning in &exported.warnings {
                    widgets::warning_row_ui(ui, &words::shown(warning));
                }
            });
            ui.add_space(4.0);
        }
        Some(Notice::Problem(reason)) => {
            widgets::card_ui(ui, CardKind::Error, |ui| {
                ui.label(words::shown(reason));
            });
            ui.add_space(4.0);
        }
        _ => {}
    }
    None
}

/// One button per format; the summary is the tooltip.
fn buttons_ui(ui: &mut Ui, w: &Wizard, buttons: &[ExportButton]) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        for button in buttons {
            let response = widgets::secondary_button_ui(ui, &format!("{}…", button.name), !w.exporting)
                .on_hover_text(&button.summary);
            if response.clicked() {
                action = Some(Action::Export(button.id.to_string()));
            }
        }
    });
    action
}

/// The QR code for Thunderbird on Android, drawn on screen with what to do with it.
fn phone_qr_ui(ui: &mut Ui, lang: Lang, account: &Account) {
    match backend::phone_qr(account, lang) {
        Ok(matrix) => {
            ui.horizontal_top(|ui| {
                qr_code_ui(ui, &matrix, 232.0, &tr(lang, "export-qr-label"));
                ui.vertical(|ui| {
                    ui.add(egui::Label::new(words::shown(&backend::phone_qr_instructions(account, lang))).wrap());
                    widgets::muted_ui(ui, &tr(lang, "export-qr-no-password"));
                });
            });
        }
        Err(reason) => {
            widgets::hint_ui(ui, &reason);
        }
    }
}

/// A QR code in black on white (also in the dark theme: phones scan that best), with the quiet
/// zone of four modules around it; `label` names it for screen readers.
fn qr_code_ui(ui: &mut Ui, matrix: &QrMatrix, size: f32, label: &str) {
    let quiet = 4.0;
    // Whole pixels per module keep the edges sharp; the square is as large as that allows.
    let module = (size / (matrix.width as f32 + 2.0 * quiet)).floor().max(1.0);
    let drawn = module * (matrix.width as f32 + 2.0 * quiet);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(drawn, drawn), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, label));
    let origin = rect.min;
    let painter = ui.painter();
    painter.rect_filled(egui::Rect::from_min_size(origin, egui::vec2(drawn, drawn)), 4.0, Color32::WHITE);
    for y in 0..matrix.width {
        for x in 0..matrix.width {
            if matrix.is_dark(x, y) {
                let min = origin + egui::vec2((x as f32 + quiet) * module, (y as f32 + quiet) * module);
                painter.rect_filled(egui::Rect::from_min_size(min, egui::vec2(module, module)), 0.0, Color32::BLACK);
            }
        }
    }
}

/// Back (to the test, or Home); Finish goes Home.
pub fn done_nav(w: &Wizard) -> Nav {
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: (!w.export_from_home).then(|| NavButton::new(tr(w.lang, "done-finish"), NavAction::Next)),
    }
}
