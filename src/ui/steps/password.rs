//! Step 5: the password, masked with show/hide. Says plainly when the provider wants an app
//! password (and that it is not the account password), and removes the spaces Google, Yahoo,
//! AOL and Fastmail show in app passwords.

use crate::engine::i18n::{tr, tr_args};
use crate::engine::provider::presets::NoteKind;
use crate::engine::secrets::Password;
use crate::ui::backend;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Phase, Wizard, strips_password_spaces};
use egui::{Id, RichText, TextEdit, Ui};

/// The password field's id: its editor state (which keeps an undo history in memory) is
/// dropped whenever the password screen is not shown.
pub fn password_field_id() -> Id {
    Id::unique("mailsetup-password-field")
}

/// Draws the password step.
pub fn password_ui(w: &Wizard, ui: &mut Ui, entered: bool) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    widgets::step_indicator_ui(ui, lang, Phase::SignIn);
    let provider = w
        .provider_id()
        .and_then(|id| backend::provider_name(id, lang))
        .or_else(|| w.form.as_ref().and_then(|f| f.provider_name.clone()));
    let app_password = w.needs_app_password();
    let title = if app_password { "password-title-app" } else { "password-title" };
    let email = w.email().map(|e| e.to_display_string()).unwrap_or_default();
    widgets::title_ui(ui, &tr(lang, title), Some(&tr_args(lang, "password-subtitle", &[("email", email.into())])));

    if app_password {
        let provider = provider.clone().unwrap_or_else(|| tr(lang, "prepare-your-provider"));
        widgets::card_ui(ui, CardKind::Warning, |ui| {
            ui.label(
                RichText::new(tr_args(lang, "password-app-needed", &[("provider", provider.clone().into())])).strong(),
            );
            ui.label(tr(lang, "password-app-not-account"));
            if let Some(url) = w.notes.iter().find(|n| n.kind == NoteKind::AppPassword).and_then(|n| n.url.as_deref()) {
                ui.hyperlink_to(tr(lang, "password-app-link"), url).on_hover_text(url);
            }
        });
        ui.add_space(4.0);
    }

    if !w.uses_password() {
        // OAuth2-only providers (Outlook.com): no password to type; say what the test can prove.
        let provider = provider.unwrap_or_else(|| tr(lang, "prepare-your-provider"));
        widgets::card_ui(ui, CardKind::Warning, |ui| {
            ui.label(tr_args(lang, "password-oauth-only", &[("provider", provider.into())]));
        });
        return None;
    }

    widgets::card_ui(ui, CardKind::Plain, |ui| {
        let label = tr(lang, if app_password { "password-field-app" } else { "password-field" });
        let mut buffer = zeroize::Zeroizing::new(w.password.expose().to_string());
        let edit = TextEdit::singleline(&mut *buffer)
            .id(password_field_id())
            .password(!w.show_password)
            .desired_width(f32::INFINITY)
            .char_limit(1024);
        let response = widgets::labelled_field_ui(ui, &label, edit);
        if entered {
            response.request_focus();
        }
        if response.changed() {
            action = Some(Action::SetPassword(Password::new(buffer.as_str())));
        }
        let mut show = w.show_password;
        if ui.checkbox(&mut show, tr(lang, "password-show")).changed() {
            action = Some(Action::SetShowPassword(show));
        }
        if strips_password_spaces(w.provider_id()) {
            let provider = provider.clone().unwrap_or_default();
            widgets::muted_ui(ui, &tr_args(lang, "password-spaces-removed", &[("provider", provider.into())]));
        }
        widgets::muted_ui(ui, &tr(lang, "password-kept-in-keyring"));
    });
    action
}

/// Back to Prepare or Review; Next starts the test.
pub fn password_nav(w: &Wizard) -> Nav {
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: Some(NavButton::new(tr(w.lang, "password-test"), NavAction::Next).enabled(w.can_go_next())),
    }
}
