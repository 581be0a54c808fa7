//! Step 6: the live connection test — connect, secure connection, sign in, send, received, each
//! with its time. On failure: the diagnosis title and advice, the server's own words under
//! "Details", "Copy report", Try again and Edit settings. On success the account is saved.

use crate::engine::account::Protocol;
use crate::engine::check::{CheckStep, StepKind};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::theme::Palette;
use crate::ui::widgets::{self, CardKind, Nav, NavAction, NavButton, Status};
use crate::ui::wizard::{Action, Phase, SaveState, Wizard};
use crate::ui::words;
use egui::{Align, Layout, RichText, Ui};

/// Draws the test step.
pub fn test_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let test = &w.test;
    widgets::step_indicator_ui(ui, lang, Phase::Test);
    let (title, subtitle) = if test.running {
        ("test-title-running", "test-subtitle-running")
    } else if test.passed() {
        ("test-title-passed", "test-subtitle-passed")
    } else if test.failed() {
        ("test-title-failed", "test-subtitle-failed")
    } else {
        ("test-title-stopped", "test-subtitle-stopped")
    };
    widgets::title_ui(ui, &tr(lang, title), Some(&tr(lang, subtitle)));

    if test.passed() {
        passed_ui(w, ui);
    } else if test.failed() {
        if let Some(a) = failed_ui(w, ui) {
            action = Some(a);
        }
    } else if !test.running && widgets::secondary_button_ui(ui, &tr(lang, "test-retry"), true).clicked() {
        action = Some(Action::Retry);
    }
    if !test.running {
        ui.add_space(4.0);
    }
    let hosts = w.account().map(|a| (a.incoming.host, a.outgoing.host));
    widgets::card_ui(ui, CardKind::Plain, |ui| {
        ui.spacing_mut().item_spacing.y = 6.0;
        for (index, (group, steps)) in groups(&test.steps).into_iter().enumerate() {
            if index > 0 {
                ui.add_space(4.0);
            }
            let heading = match group {
                Group::Server(protocol) => {
                    let host = hosts.as_ref().map(|(i, o)| if protocol.is_incoming() { i } else { o });
                    let role = words::server_role_text(lang, protocol);
                    match host {
                        Some(host) => format!("{role} · {host}"),
                        None => role,
                    }
                }
                Group::Message => tr(lang, "test-group-message"),
            };
            ui.label(RichText::new(heading).strong());
            for step in steps {
                step_row_ui(ui, lang, step);
            }
        }
        if test.running {
            ui.horizontal(|ui| {
                widgets::status_icon_ui(ui, Status::Running);
                ui.label(tr(lang, "test-working"));
            });
        }
    });
    action
}

/// Resolving the name and the greeting are shown only when they failed: people care about the
/// steps that mean something to them.
fn shown(step: &CheckStep) -> bool {
    !step.ok || !matches!(step.step, StepKind::Resolve | StepKind::Greeting)
}

/// What a row of the steps list belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Server(Protocol),
    /// Sending the test message and finding it in the inbox.
    Message,
}

/// The shown steps grouped by server (in order of first appearance), the test message last.
fn groups(steps: &[CheckStep]) -> Vec<(Group, Vec<&CheckStep>)> {
    let mut groups: Vec<(Group, Vec<&CheckStep>)> = vec![];
    for step in steps.iter().filter(|s| shown(s)) {
        let group = match step.step {
            StepKind::Send | StepKind::Confirm => Group::Message,
            _ => Group::Server(step.server),
        };
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(step),
            None => groups.push((group, vec![step])),
        }
    }
    groups.sort_by_key(|(g, _)| *g == Group::Message);
    groups
}

fn step_row_ui(ui: &mut Ui, lang: Lang, step: &CheckStep) {
    ui.horizontal(|ui| {
        widgets::status_icon_ui(ui, if step.ok { Status::Done } else { Status::Failed });
        ui.label(words::step_text(lang, step.step));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            widgets::muted_ui(ui, &widgets::seconds_text(lang, step.ms));
        });
    });
}

fn passed_ui(w: &Wizard, ui: &mut Ui) {
    let lang = w.lang;
    let report = w.test.report.as_ref();
    widgets::card_ui(ui, CardKind::Success, |ui| {
        let color = Palette::of(ui).success;
        let headline = RichText::new(tr(lang, "test-passed-headline")).heading().strong().color(color);
        widgets::icons::icon_label_ui(ui, widgets::icons::Icon::Check, color, headline);
        if let Some(ms) = report.and_then(|r| r.delivery_ms) {
            let seconds = ((ms + 500) / 1000).max(1) as i64;
            let n = tr_args(lang, "after-n-seconds", &[("count", seconds.into())]);
            ui.label(tr_args(lang, "test-delivered-after", &[("time", n.into())]));
        }
        if report.is_some_and(|r| !r.password_tested) {
            widgets::muted_ui(ui, &tr(lang, "test-sign-in-not-tested"));
        }
        match &w.test.save {
            SaveState::NotYet => {}
            SaveState::Saving => {
                ui.horizontal(|ui| {
                    widgets::spinner_ui(ui);
                    ui.label(tr(lang, "test-saving"));
                });
            }
            SaveState::Saved { password_saved: true, .. } => {
                ui.label(tr(lang, "test-saved-with-password"));
            }
            SaveState::Saved { password_saved: false, notice } => {
                let mut text = tr(lang, "test-saved-without-password");
                if let Some(notice) = notice {
                    text.push(' ');
                    text.push_str(notice);
                }
                widgets::warning_row_ui(ui, &text);
            }
            SaveState::Failed(reason) => {
                widgets::hint_ui(ui, &tr_args(lang, "test-save-failed", &[("reason", reason.clone().into())]));
            }
        }
    });
}

fn failed_ui(w: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let report = w.test.report.as_ref()?;
    widgets::card_ui(ui, CardKind::Error, |ui| {
        let palette = Palette::of(ui);
        match &report.diagnosis {
            Some(diagnosis) => {
                ui.label(RichText::new(words::shown(&diagnosis.title)).heading().strong().color(palette.error));
                ui.label(words::shown(&diagnosis.advice));
                if let Some(url) = &diagnosis.url {
                    ui.hyperlink_to(tr(lang, "test-open-help"), url).on_hover_text(url);
                }
                ui.add_space(2.0);
                let details = egui::CollapsingHeader::new(tr(lang, "test-details"))
                    .id_salt("test-details")
                    .open(Some(w.test.details_open))
                    .show(ui, |ui| {
                        widgets::muted_ui(ui, &tr(lang, "test-details-explained"));
                        ui.add(egui::Label::new(RichText::new(&diagnosis.details).monospace()).selectable(true));
                    });
                if details.header_response.clicked() {
                    action = Some(Action::SetDetailsOpen(!w.test.details_open));
                }
            }
            None => {
                ui.label(RichText::new(tr(lang, "test-failed-unknown")).heading().strong().color(palette.error));
            }
        }
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if widgets::primary_button_ui(ui, &tr(lang, "test-retry"), true).clicked() {
            action = Some(Action::Retry);
        }
        if widgets::secondary_button_ui(ui, &tr(lang, "test-edit-settings"), true).clicked() {
            action = Some(Action::EditSettings);
        }
        let copy = tr(lang, "copy-report");
        if widgets::secondary_button_ui(ui, &copy, !w.copying_report).clicked() {
            action = Some(Action::CopyTestReport);
        }
        if w.copying_report {
            widgets::spinner_ui(ui);
        }
        widgets::report_notice_ui(ui, lang, w.notice.as_ref());
    });
    action
}

/// Back to the password (cancels a running test); Next once the test passed.
pub fn test_nav(w: &Wizard) -> Nav {
    Nav {
        back: Some(NavButton::new(tr(w.lang, "nav-back"), NavAction::Back)),
        next: Some(NavButton::new(tr(w.lang, "nav-next"), NavAction::Next).enabled(w.can_go_next())),
    }
}
