//! Home: the saved accounts, each with the result of its last check and what can be done with
//! it (check again, export, support view, remove), and "Add account".

use crate::engine::i18n::{tr, tr_args};
use crate::ui::backend;
use crate::ui::theme::Palette;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Notice, SavedAccount, Wizard};
use crate::ui::words;
use egui::{RichText, Ui};

/// Draws Home.
pub fn home_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    widgets::title_ui(ui, &tr(lang, "home-title"), Some(&tr(lang, "home-subtitle")));
    if !w.accounts_loaded {
        ui.horizontal(|ui| {
            widgets::spinner_ui(ui);
            widgets::muted_ui(ui, &tr(lang, "home-loading"));
        });
        return None;
    }
    if let Some(Notice::Problem(reason)) = &w.notice {
        widgets::card_ui(ui, CardKind::Warning, |ui| ui.label(reason));
    }
    if w.accounts.is_empty() {
        widgets::card_ui(ui, CardKind::Plain, |ui| {
            ui.label(tr(lang, "home-empty"));
        });
    }
    for saved in &w.accounts {
        if let Some(a) = account_card_ui(w, ui, saved) {
            action = Some(a);
        }
        ui.add_space(4.0);
    }
    action
}

fn account_card_ui(w: &Wizard, ui: &mut Ui, saved: &SavedAccount) -> Option<Action> {
    let lang = w.lang;
    let email = saved.email().to_string();
    let mut action = None;
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        ui.label(RichText::new(&email).heading().strong());
        let who = if saved.account.display_name.is_empty() {
            let provider = saved.account.provider_id.as_deref().and_then(|id| backend::provider_name(id, lang));
            words::source_text(lang, saved.account.source, provider.as_deref())
        } else {
            saved.account.display_name.clone()
        };
        widgets::muted_ui(ui, &who);
        ui.horizontal_wrapped(|ui| {
            if w.rechecking.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
                widgets::status_icon_ui(ui, widgets::Status::Running);
                ui.label(tr(lang, "home-checking"));
            } else {
                let status = match &saved.last_check {
                    None => widgets::Status::Neutral,
                    Some(c) if c.ok => widgets::Status::Done,
                    Some(_) => widgets::Status::Failed,
                };
                widgets::status_icon_ui(ui, status);
                ui.label(words::last_check_text(lang, saved.last_check.as_ref()));
            }
        });
        if !saved.password_saved {
            widgets::muted_ui(ui, &tr(lang, "home-password-not-saved"));
        }
        ui.add_space(4.0);
        if w.confirm_remove.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&email)) {
            widgets::card_ui(ui, CardKind::Warning, |ui| {
                ui.label(tr_args(lang, "home-remove-question", &[("email", email.clone().into())]));
                ui.horizontal(|ui| {
                    let palette = Palette::of(ui);
                    let remove = egui::Button::new(
                        RichText::new(tr(lang, "home-remove-confirm")).color(palette.on_accent).strong(),
                    )
                    .fill(palette.error);
                    if ui
                        .add(remove)
                        .accessible_name(tr_args(lang, "home-remove-confirm-named", &[("email", email.clone().into())]))
                        .clicked()
                    {
                        action = Some(Action::ConfirmRemove(email.clone()));
                    }
                    if ui.button(tr(lang, "home-remove-keep")).clicked() {
                        action = Some(Action::CancelRemove);
                    }
                });
            });
            return;
        }
        ui.horizontal_wrapped(|ui| {
            let busy = w.rechecking.iter().any(|e| e.eq_ignore_ascii_case(&email));
            if widgets::object_button_ui(ui, &tr(lang, "home-recheck"), &email, !busy).clicked() {
                action = Some(Action::Recheck(email.clone()));
            }
            if widgets::object_button_ui(ui, &tr(lang, "home-export"), &email, true).clicked() {
                action = Some(Action::ExportAccount(email.clone()));
            }
            if widgets::object_button_ui(ui, &tr(lang, "home-support"), &email, true).clicked() {
                action = Some(Action::ShowSupport(email.clone()));
            }
            if widgets::object_button_ui(ui, &tr(lang, "home-remove"), &email, true).clicked() {
                action = Some(Action::AskRemove(email.clone()));
            }
        });
    });
    action
}

/// Home's bar: only "Add account".
pub fn home_nav(w: &Wizard) -> Nav {
    Nav { back: None, next: Some(NavButton::new(tr(w.lang, "home-add"), NavAction::AddAccount)) }
}
