//! Step 1: name and email address, checked as the user types with a friendly hint
//! (`address-error-*` in common.ftl).

use crate::engine::email_address::AddressError;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Phase, Wizard};
use egui::{TextEdit, Ui};

/// Draws the address step.
pub fn address_ui(w: &Wizard, ui: &mut Ui, entered: bool) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    widgets::step_indicator_ui(ui, lang, Phase::Address);
    widgets::title_ui(ui, &tr(lang, "address-title"), Some(&tr(lang, "address-subtitle")));
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        let mut name = w.name.clone();
        let edit = TextEdit::singleline(&mut name)
            .hint_text(tr(lang, "address-name-hint"))
            .desired_width(f32::INFINITY)
            .char_limit(200);
        let response = widgets::labelled_field_ui(ui, &tr(lang, "address-name"), edit);
        if entered {
            response.request_focus();
        }
        if response.changed() {
            action = Some(Action::SetName(name));
        }
        widgets::muted_ui(ui, &tr(lang, "address-name-note"));
        ui.add_space(6.0);

        let mut email = w.email_text.clone();
        let edit = TextEdit::singleline(&mut email)
            .hint_text(tr(lang, "address-email-hint"))
            .desired_width(f32::INFINITY)
            .char_limit(320);
        let response = widgets::labelled_field_ui(ui, &tr(lang, "address-email"), edit);
        if response.changed() {
            action = Some(Action::SetEmail(email));
        }
        match w.address_problem() {
            Some(problem) => {
                widgets::hint_ui(ui, &address_hint(lang, &problem));
            }
            None if w.email().is_ok() => {
                let color = crate::ui::theme::Palette::of(ui).success;
                widgets::icons::icon_label_ui(ui, widgets::icons::Icon::Check, color, tr(lang, "address-ok"));
            }
            None => {}
        }
    });
    action
}

/// The friendly hint for an address problem.
pub fn address_hint(lang: Lang, problem: &AddressError) -> String {
    let id = format!("address-error-{}", problem.id());
    match problem {
        AddressError::BadLocalCharacter { character } => {
            tr_args(lang, &id, &[("character", character.to_string().into())])
        }
        AddressError::DomainWithoutDot { domain } | AddressError::BadDomain { domain } => {
            tr_args(lang, &id, &[("domain", domain.clone().into())])
        }
        _ => tr(lang, &id),
    }
}

/// Back to Home; Next while the address is valid.
pub fn address_nav(w: &Wizard) -> Nav {
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: Some(NavButton::new(tr(w.lang, "nav-next"), NavAction::Next).enabled(w.can_go_next())),
    }
}
