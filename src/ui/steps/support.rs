//! The support view: one large-type card with every value of an account, host names spelled out
//! for reading aloud in the UI language, where the settings came from and the last check;
//! "Copy report" puts the redacted support report on the clipboard.

use crate::engine::account::Server;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::backend;
use crate::ui::speller::spell_host;
use crate::ui::theme::{self, Palette};
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Wizard};
use crate::ui::words;
use egui::{Grid, RichText, Ui};

/// The width of the names column, the same in every part of the card so the values line up.
const NAME_WIDTH: f32 = 170.0;

/// Draws the support view of the selected account.
pub fn support_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let saved = w.selected_account()?;
    let account = &saved.account;
    widgets::title_ui(ui, &tr(lang, "support-title"), Some(&tr(lang, "support-subtitle")));
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        Grid::new("support-card").num_columns(2).spacing([18.0, 12.0]).min_col_width(NAME_WIDTH).show(ui, |ui| {
            value_row_ui(ui, &tr(lang, "support-email"), &account.email, None);
            if !account.display_name.is_empty() {
                value_row_ui(ui, &tr(lang, "support-name"), &account.display_name, None);
            }
        });
        for server in account.servers() {
            ui.add_space(6.0);
            ui.separator();
            widgets::section_ui(ui, &words::server_role_text(lang, server.protocol));
            server_grid_ui(ui, lang, server);
        }
        ui.add_space(6.0);
        ui.separator();
        Grid::new("support-source").num_columns(2).spacing([18.0, 12.0]).min_col_width(NAME_WIDTH).show(ui, |ui| {
            let provider = account.provider_id.as_deref().and_then(|id| backend::provider_name(id, lang));
            value_row_ui(
                ui,
                &tr(lang, "support-source"),
                &words::source_text(lang, account.source, provider.as_deref()),
                None,
            );
            value_row_ui(
                ui,
                &tr(lang, "support-last-check"),
                &words::last_check_text(lang, saved.last_check.as_ref()),
                None,
            );
        });
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if widgets::primary_button_ui(ui, &tr(lang, "copy-report"), !w.copying_report).clicked() {
            action = Some(Action::CopyReport(account.email.clone()));
        }
        if w.copying_report {
            widgets::spinner_ui(ui);
            ui.label(tr(lang, "report-building"));
        }
        widgets::report_notice_ui(ui, lang, w.notice.as_ref());
    });
    widgets::muted_ui(ui, &tr(lang, "support-report-explained"));
    action
}

fn server_grid_ui(ui: &mut Ui, lang: Lang, server: &Server) {
    Grid::new(("support-server", server.protocol.as_str()))
        .num_columns(2)
        .spacing([18.0, 12.0])
        .min_col_width(NAME_WIDTH)
        .show(ui, |ui| {
            let spoken = tr_args(lang, "support-spoken", &[("spoken", spell_host(&server.host, lang).into())]);
            value_row_ui(ui, &tr(lang, "field-server"), &server.host, Some(&spoken));
            value_row_ui(ui, &tr(lang, "field-port"), &server.port.to_string(), None);
            value_row_ui(
                ui,
                &tr(lang, "field-security"),
                &words::security_choice_text(lang, server.security),
                Some(&words::security_words(lang, server.security)),
            );
            value_row_ui(ui, &tr(lang, "field-username"), &server.username, None);
        });
}

/// A name in the left column and the value in large type on the right, with the spoken form
/// under it when there is one.
fn value_row_ui(ui: &mut Ui, name: &str, value: &str, spoken: Option<&str>) {
    ui.vertical(|ui| {
        // Lined up with the large value's first line, not centred on the whole row.
        ui.add_space(5.0);
        ui.label(RichText::new(name).color(Palette::of(ui).muted));
    });
    ui.vertical(|ui| {
        ui.add(egui::Label::new(RichText::new(value).text_style(theme::large())).selectable(true).wrap());
        if let Some(spoken) = spoken {
            ui.label(RichText::new(spoken).italics().color(Palette::of(ui).muted));
        }
    });
    ui.end_row();
}

/// Back to where the support view was opened.
pub fn support_nav(w: &Wizard) -> Nav {
    Nav { back: Some(NavButton::new(tr(w.lang, "support-close"), NavAction::Back)), next: None }
}
