//! Step 3: the incoming (IMAP recommended, POP3 explained in one sentence) and outgoing servers,
//! editable; the security level in plain words with a lock; where the settings came from; and a
//! confirmation naming the server's domain when the source needs it.

use crate::engine::account::{Protocol, Security};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::backend;
use crate::ui::theme::Palette;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton};
use crate::ui::wizard::{Action, Field, Phase, Role, ServerForm, SettingsForm, Wizard};
use crate::ui::words;
use egui::{Grid, RichText, TextEdit, Ui};

/// Draws the review step.
pub fn review_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let form = w.form.as_ref()?;
    let mut action = None;
    widgets::step_indicator_ui(ui, lang, Phase::Settings);
    let email = w.email().map(|e| e.to_display_string()).unwrap_or_default();
    widgets::title_ui(
        ui,
        &tr(lang, "review-title"),
        // Next waits for the confirmation, so "simply press Next" would not be true then.
        Some(&tr_args(
            lang,
            if form.needs_confirmation { "review-subtitle-confirm" } else { "review-subtitle" },
            &[("email", email.into())],
        )),
    );

    let provider = form
        .provider_id
        .as_deref()
        .and_then(|id| backend::provider_name(id, lang))
        .or_else(|| form.provider_name.clone());
    let source = words::source_text(lang, form.source, provider.as_deref());
    ui.label(format!("{} {source}", tr(lang, "review-source-label")));

    if form.needs_confirmation {
        if let Some(a) = confirmation_ui(ui, lang, form) {
            action = Some(a);
        }
        ui.add_space(4.0);
    }

    let problem = form.servers().err();
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        widgets::section_ui(ui, &tr(lang, "review-incoming"));
        let mut protocol = form.incoming_protocol;
        ui.radio_value(&mut protocol, Protocol::Imap, tr(lang, "review-imap"));
        widgets::explanation_ui(ui, &tr(lang, "review-imap-explained"));
        ui.radio_value(&mut protocol, Protocol::Pop3, tr(lang, "review-pop3"));
        widgets::explanation_ui(ui, &tr(lang, "review-pop3-explained"));
        if protocol != form.incoming_protocol {
            action = Some(Action::SetIncomingProtocol(protocol));
        }
        ui.add_space(4.0);
        if let Some(a) = server_fields_ui(ui, lang, Role::Incoming, &form.incoming) {
            action = Some(a);
        }
        if let Some((Role::Incoming, p)) = problem {
            widgets::hint_ui(ui, &tr(lang, p.message_id()));
        }
    });
    ui.add_space(4.0);
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        widgets::section_ui(ui, &tr(lang, "review-outgoing"));
        widgets::muted_ui(ui, &tr(lang, "review-outgoing-explained"));
        if let Some(a) = server_fields_ui(ui, lang, Role::Outgoing, &form.outgoing) {
            action = Some(a);
        }
        if let Some((Role::Outgoing, p)) = problem {
            widgets::hint_ui(ui, &tr(lang, p.message_id()));
        }
    });
    action
}

/// Host, port, security and login name of one server.
fn server_fields_ui(ui: &mut Ui, lang: Lang, role: Role, server: &ServerForm) -> Option<Action> {
    let mut action = None;
    let section = tr(lang, if role == Role::Incoming { "review-incoming" } else { "review-outgoing" });
    let name = |field: &str| format!("{section}: {field}");
    let host_label = tr(lang, "field-server");
    let port_label = tr(lang, "field-port");
    let security_label = tr(lang, "field-security");
    let user_label = tr(lang, "field-username");
    Grid::new(("server-fields", role as u8)).num_columns(2).spacing([14.0, 10.0]).show(ui, |ui| {
        ui.label(&host_label);
        ui.horizontal(|ui| {
            // Narrow windows: the host field gives way so the port stays on the same line.
            let port_room = 110.0
                + ui.fonts_mut(|f| {
                    f.layout_no_wrap(
                        port_label.clone(),
                        egui::TextStyle::Body.resolve(ui.style()),
                        egui::Color32::WHITE,
                    )
                    .size()
                    .x
                });
            let host_width = (ui.available_width() - port_room).clamp(140.0, 300.0);
            if let Some(a) = text_field_ui(ui, role, Field::Host, &name(&host_label), &server.host, host_width) {
                action = Some(a);
            }
            ui.add_space(6.0);
            ui.label(&port_label);
            if let Some(a) = text_field_ui(ui, role, Field::Port, &name(&port_label), &server.port, 70.0) {
                action = Some(a);
            }
        });
        ui.end_row();

        ui.label(&security_label);
        let current = server.security();
        let mut chosen = current;
        let combo = egui::ComboBox::from_id_salt(("security", role as u8))
            .width(200.0)
            .selected_text(words::security_choice_text(lang, current))
            .show_ui(ui, |ui| {
                for security in Security::ALL {
                    ui.selectable_value(&mut chosen, security, words::security_choice_text(lang, security));
                }
            });
        let _ = combo.response.accessible_name(name(&security_label));
        if chosen != current {
            action = Some(Action::SetSecurity { role, security: chosen });
        }
        ui.end_row();

        ui.label(&user_label);
        let user_width = ui.available_width().clamp(140.0, 300.0);
        if let Some(a) = text_field_ui(ui, role, Field::Username, &name(&user_label), &server.username, user_width) {
            action = Some(a);
        }
        ui.end_row();
    });
    widgets::security_badge_ui(ui, lang, server.security());
    action
}

/// One text field; `name` is its screen-reader name ("Incoming mail: Port"), as the visible
/// label next to it only says "Port".
fn text_field_ui(ui: &mut Ui, role: Role, field: Field, name: &str, value: &str, width: f32) -> Option<Action> {
    let mut text = value.to_string();
    let response = ui.add(TextEdit::singleline(&mut text).desired_width(width).char_limit(255)).accessible_name(name);
    response.changed().then_some(Action::SetField { role, field, value: text })
}

/// The warning and checkbox for settings from a source that could have been tampered with.
fn confirmation_ui(ui: &mut Ui, lang: Lang, form: &SettingsForm) -> Option<Action> {
    let mut action = None;
    let domain = form.confirmation_domain();
    widgets::card_ui(ui, CardKind::Warning, |ui| {
        ui.label(RichText::new(tr(lang, "review-confirm-title")).strong().color(Palette::of(ui).warning));
        ui.label(tr_args(lang, "review-confirm-explained", &[("domain", domain.clone().into())]));
        let mut confirmed = form.confirmed;
        if ui.checkbox(&mut confirmed, tr_args(lang, "review-confirm", &[("domain", domain.into())])).changed() {
            action = Some(Action::SetConfirmed(confirmed));
        }
    });
    action
}

/// Back to the address; Next once the servers are valid (and confirmed when needed).
pub fn review_nav(w: &Wizard) -> Nav {
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: Some(NavButton::new(tr(w.lang, "nav-next"), NavAction::Next).enabled(w.can_go_next())),
    }
}
