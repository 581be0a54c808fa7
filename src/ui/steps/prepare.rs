//! Step 4: the provider's "before you log in" steps (turn on mail programs, create an app
//! password …) with links that open in the browser, then what is good to know. Skipped when
//! the provider has nothing to prepare.

use crate::engine::i18n::{tr, tr_args};
use crate::ui::backend;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Phase, Wizard, is_preparation};
use crate::ui::words;
use egui::{RichText, Ui};

/// Draws the prepare step.
pub fn prepare_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    widgets::step_indicator_ui(ui, lang, Phase::SignIn);
    let provider = w
        .provider_id()
        .and_then(|id| backend::provider_name(id, lang))
        .or_else(|| w.form.as_ref().and_then(|f| f.provider_name.clone()))
        .unwrap_or_else(|| tr(lang, "prepare-your-provider"));
    widgets::title_ui(
        ui,
        &tr(lang, "prepare-title"),
        Some(&tr_args(lang, "prepare-subtitle", &[("provider", provider.into())])),
    );
    for (index, note) in w.preparation_notes().into_iter().enumerate() {
        widgets::card_ui(ui, CardKind::Plain, |ui| {
            ui.horizontal_top(|ui| {
                ui.label(RichText::new(format!("{}.", index + 1)).heading().strong());
                ui.vertical(|ui| {
                    ui.label(words::shown(&note.text));
                    if let Some(url) = &note.url {
                        let host = url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or(url);
                        ui.hyperlink_to(tr_args(lang, "prepare-open-link", &[("site", host.to_string().into())]), url)
                            .on_hover_text(url);
                    }
                });
            });
        });
        ui.add_space(2.0);
    }
    let facts: Vec<_> = w.notes.iter().filter(|n| !is_preparation(n.kind)).collect();
    if !facts.is_empty() {
        ui.add_space(6.0);
        widgets::section_ui(ui, &tr(lang, "prepare-good-to-know"));
        for note in facts {
            ui.horizontal_top(|ui| {
                ui.label("•");
                ui.add(egui::Label::new(words::shown(&note.text)).wrap());
            });
        }
    }
    None
}

/// Back to Review; Next to the password.
pub fn prepare_nav(w: &Wizard) -> Nav {
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: Some(NavButton::new(tr(w.lang, "prepare-done"), NavAction::Next)),
    }
}
