//! Small building blocks shared by the screens: cards, buttons, labelled fields, status icons,
//! the step indicator and the Back/Next bar. Every control gets an accessible name (a label it
//! is `labelled_by`, or its own text), so screen readers and the UI tests find it by name.

use crate::engine::account::Security;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::ui::theme::{self, Palette};
use crate::ui::wizard::{Action, Notice, Phase};
pub mod icons;

use egui::{Align, Button, Color32, CornerRadius, Frame, Layout, Margin, Response, RichText, Stroke, TextEdit, Ui};
use icons::Icon;

/// The widest the content column gets, so lines stay readable on big screens.
pub const COLUMN_WIDTH: f32 = 680.0;

/// The kind of a card, which picks its colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKind {
    Plain,
    Success,
    Warning,
    Error,
}

/// A rounded panel holding one group of content, as wide as the column.
pub fn card_ui<R>(ui: &mut Ui, kind: CardKind, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let palette = Palette::of(ui);
    let (fill, stroke) = match kind {
        CardKind::Plain => (palette.card_fill, palette.card_stroke),
        CardKind::Success => (palette.success_fill, palette.success.gamma_multiply(0.5)),
        CardKind::Warning => (palette.warning_fill, palette.warning.gamma_multiply(0.5)),
        CardKind::Error => (palette.error_fill, palette.error.gamma_multiply(0.5)),
    };
    Frame::new()
        .fill(fill)
        .stroke(Stroke::new(1.0, stroke))
        .corner_radius(CornerRadius::same(12))
        .inner_margin(Margin::same(18))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add_contents(ui)
        })
        .inner
}

/// The content column: centred, at most [`COLUMN_WIDTH`] wide, with room around it.
pub fn column_ui<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let available = ui.available_width();
    let width = available.min(COLUMN_WIDTH);
    let side = ((available - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(side);
        ui.vertical(|ui| {
            ui.set_width(width);
            ui.add_space(8.0);
            let inner = add_contents(ui);
            ui.add_space(16.0);
            inner
        })
        .inner
    })
    .inner
}

/// A screen title with an optional line of explanation under it.
pub fn title_ui(ui: &mut Ui, title: &str, subtitle: Option<&str>) {
    ui.label(RichText::new(title).text_style(theme::title()).strong());
    if let Some(subtitle) = subtitle {
        ui.label(RichText::new(subtitle).color(Palette::of(ui).muted));
    }
    ui.add_space(6.0);
}

/// A section heading inside a card.
pub fn section_ui(ui: &mut Ui, text: &str) -> Response {
    ui.label(RichText::new(text).heading().strong())
}

/// The height of the primary and secondary buttons, in points.
pub const BUTTON_HEIGHT: f32 = 38.0;

/// The accent-filled button for the main thing to do on a screen.
pub fn primary_button_ui(ui: &mut Ui, text: &str, enabled: bool) -> Response {
    let palette = Palette::of(ui);
    let (fill, text_color) = if enabled {
        (palette.accent, palette.on_accent)
    } else {
        (ui.visuals().widgets.inactive.bg_fill, palette.muted)
    };
    let button = Button::new(RichText::new(text).color(text_color).strong())
        .fill(fill)
        .stroke(Stroke::NONE)
        .min_size(egui::vec2(120.0, BUTTON_HEIGHT));
    ui.add_enabled(enabled, button)
}

/// An ordinary button of the same height as the primary one.
pub fn secondary_button_ui(ui: &mut Ui, text: &str, enabled: bool) -> Response {
    ui.add_enabled(enabled, Button::new(text).min_size(egui::vec2(96.0, BUTTON_HEIGHT)))
}

/// A button whose screen-reader name says what it acts on ("Remove: anna@example.com"),
/// while it shows only the short text.
pub fn object_button_ui(ui: &mut Ui, text: &str, object: &str, enabled: bool) -> Response {
    ui.add_enabled(enabled, Button::new(text).min_size(egui::vec2(0.0, 34.0)))
        .accessible_name(format!("{text}: {object}"))
}

/// A label above a one-line text field that it names for screen readers. Returns the field's
/// response.
pub fn labelled_field_ui(ui: &mut Ui, label: &str, edit: TextEdit<'_>) -> Response {
    let label = ui.label(RichText::new(label).strong());
    ui.add(edit).labelled_by(label.id)
}

/// A spinner of the body text's height.
pub fn spinner_ui(ui: &mut Ui) -> Response {
    ui.add(egui::Spinner::new().size(18.0).color(Palette::of(ui).accent))
}

/// How a step or a source ended, as shown by [`status_icon_ui`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Running,
    Done,
    /// Nothing there, skipped or not needed: a neutral dash.
    Neutral,
    Failed,
}

/// ✓ in green, ✗ in red, – in grey, or a spinner.
pub fn status_icon_ui(ui: &mut Ui, status: Status) {
    let palette = Palette::of(ui);
    let size = icons::line_icon_size(ui);
    let (icon, color) = match status {
        Status::Running => {
            ui.add(egui::Spinner::new().size(size).color(palette.accent));
            return;
        }
        Status::Done => (Icon::Check, palette.success),
        Status::Neutral => (Icon::Dash, palette.muted),
        Status::Failed => (Icon::Cross, palette.error),
    };
    icons::icon_ui(ui, icon, size, color);
}

/// A lock with "Encrypted (SSL/TLS) …", or a warning sign with "Not encrypted … Unsafe".
pub fn security_badge_ui(ui: &mut Ui, lang: Lang, security: Security) {
    let palette = Palette::of(ui);
    let (icon, text, color) = match security {
        Security::Tls => (Icon::Lock, tr(lang, "security-tls-badge"), palette.success),
        Security::Starttls => (Icon::Lock, tr(lang, "security-starttls-badge"), palette.success),
        Security::None => (Icon::Warning, tr(lang, "security-none-badge"), palette.error),
    };
    icons::icon_label_ui(ui, icon, color, RichText::new(text).color(color));
}

/// "Step 2 of 5 · Server settings" with a bar of five segments, the current ones in the accent.
pub fn step_indicator_ui(ui: &mut Ui, lang: Lang, phase: Phase) {
    let palette = Palette::of(ui);
    let total = Phase::ALL.len();
    let text = tr_args(
        lang,
        "step-of",
        &[
            ("step", (phase.number() as i64).into()),
            ("total", (total as i64).into()),
            ("name", tr(lang, phase.message_id()).into()),
        ],
    );
    ui.label(RichText::new(text).color(palette.muted).small());
    let width = ui.available_width();
    let gap = 6.0;
    let segment = (width - gap * (total as f32 - 1.0)) / total as f32;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 5.0), egui::Sense::hover());
    for (i, p) in Phase::ALL.iter().enumerate() {
        let x = rect.left() + i as f32 * (segment + gap);
        let r = egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(segment, rect.height()));
        let color = if p.number() <= phase.number() { palette.accent } else { palette.card_stroke };
        ui.painter().rect_filled(r, CornerRadius::same(3), color);
    }
    ui.add_space(6.0);
}

/// What a navigation button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavAction {
    Next,
    Back,
    GoHome,
    AddAccount,
    CancelDetect,
    EnterManually,
}

impl NavAction {
    /// The wizard action behind the button.
    pub fn action(self) -> Action {
        match self {
            NavAction::Next => Action::Next,
            NavAction::Back => Action::Back,
            NavAction::GoHome => Action::GoHome,
            NavAction::AddAccount => Action::AddAccount,
            NavAction::CancelDetect => Action::CancelDetect,
            NavAction::EnterManually => Action::EnterManually,
        }
    }
}

/// One button of the bottom bar.
#[derive(Clone, Debug)]
pub struct NavButton {
    pub text: String,
    pub action: NavAction,
    pub enabled: bool,
}

impl NavButton {
    /// An enabled button.
    pub fn new(text: String, action: NavAction) -> Self {
        NavButton { text, action, enabled: true }
    }

    /// The same button, enabled only when `enabled`.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }
}

/// The bottom bar of a screen: Back on the left, the main button on the right (Enter presses it).
#[derive(Clone, Debug, Default)]
pub struct Nav {
    pub back: Option<NavButton>,
    pub next: Option<NavButton>,
}

/// Draws the bottom bar; returns the action of the clicked button.
pub fn nav_bar_ui(ui: &mut Ui, nav: &Nav) -> Option<Action> {
    let mut clicked = None;
    let available = ui.available_width();
    let width = available.min(COLUMN_WIDTH);
    let side = ((available - width) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(side);
        ui.allocate_ui_with_layout(egui::vec2(width, 40.0), Layout::left_to_right(Align::Center), |ui| {
            if let Some(back) = &nav.back {
                if secondary_button_ui(ui, &back.text, back.enabled).clicked() {
                    clicked = Some(back.action.action());
                }
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if let Some(next) = &nav.next {
                    if primary_button_ui(ui, &next.text, next.enabled).clicked() {
                        clicked = Some(next.action.action());
                    }
                }
            });
        });
    });
    clicked
}

/// A one-line hint in the warning colour (a problem with what was typed).
pub fn hint_ui(ui: &mut Ui, text: &str) -> Response {
    ui.label(RichText::new(text).color(Palette::of(ui).warning))
}

/// What came of "Copy report", beside its button: "Copied" in the success colour, or the problem
/// that stopped it. Nothing for any other notice.
pub fn report_notice_ui(ui: &mut Ui, lang: Lang, notice: Option<&Notice>) {
    match notice {
        Some(Notice::ReportCopied) => {
            ui.label(RichText::new(tr(lang, "report-copied")).color(Palette::of(ui).success));
        }
        Some(Notice::Problem(reason)) => {
            hint_ui(ui, reason);
        }
        _ => {}
    }
}

/// Muted text lined up with the label of the checkbox or radio button above it.
pub fn explanation_ui(ui: &mut Ui, text: &str) {
    let indent = ui.spacing().icon_width + ui.spacing().icon_spacing;
    ui.horizontal_top(|ui| {
        ui.add_space(indent);
        ui.add(egui::Label::new(RichText::new(text).color(Palette::of(ui).muted)).wrap());
    });
}

/// A warning icon and wrapped text: something the user must know (a format's limits, a password
/// that could not be kept).
pub fn warning_row_ui(ui: &mut Ui, text: &str) {
    let color = Palette::of(ui).warning;
    ui.horizontal_top(|ui| {
        icons::icon_ui(ui, Icon::Warning, icons::line_icon_size(ui), color);
        ui.add(egui::Label::new(text).wrap());
    });
}

/// Muted small text (times, explanations of lesser importance).
pub fn muted_ui(ui: &mut Ui, text: &str) -> Response {
    ui.label(RichText::new(text).color(Palette::of(ui).muted))
}

/// A colour for a status word.
pub fn status_color(ui: &Ui, ok: bool) -> Color32 {
    let palette = Palette::of(ui);
    if ok { palette.success } else { palette.error }
}

/// Seconds in the language's style and unit: two decimals under a second ("0.31 s"), one above
/// («1,2 с»).
pub fn seconds_text(lang: Lang, ms: u64) -> String {
    let seconds = ms as f64 / 1000.0;
    let text = if ms < 1000 { format!("{seconds:.2}") } else { format!("{seconds:.1}") };
    let text = if lang == Lang::Ru { text.replace('.', ",") } else { text };
    tr_args(lang, "seconds-short", &[("seconds", text.into())])
}

/// The app's icon (the packaging icon, 64 px), as a texture made once per context.
const LOGO_PNG: &[u8] = include_bytes!("../../../assets/icons/hicolor/64x64/apps/io.github.mailsetup.MailSetup.png");

/// The app's icon at `size` points (the painted envelope if the PNG cannot be decoded).
pub fn logo_ui(ui: &mut Ui, size: f32) {
    let id = egui::Id::unique("mailsetup-logo-texture");
    let ctx = ui.ctx().clone();
    let texture = ctx.data_mut(|d| d.get_temp::<Option<egui::TextureHandle>>(id)).unwrap_or_else(|| {
        let texture = eframe::icon_data::from_png_bytes(LOGO_PNG).ok().map(|icon| {
            let image =
                egui::ColorImage::from_rgba_unmultiplied([icon.width as usize, icon.height as usize], &icon.rgba);
            ctx.load_texture("mailsetup-logo", image, egui::TextureOptions::LINEAR)
        });
        ctx.data_mut(|d| d.insert_temp(id, texture.clone()));
        texture
    });
    match texture {
        Some(texture) => {
            ui.add(egui::Image::new((texture.id(), egui::vec2(size, size))));
        }
        None => {
            let color = Palette::of(ui).accent;
            icons::icon_ui(ui, Icon::Envelope, size, color);
        }
    }
}
