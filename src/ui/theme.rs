//! The look: one calm accent colour, soft backgrounds, readable 16 px body text, large headings
//! and generous spacing, in a light and a dark variant. egui picks the variant that matches the
//! system theme; both are set here once at start-up.

use egui::style::WidgetVisuals;
use egui::{Color32, CornerRadius, FontFamily, FontId, Stroke, Style, TextStyle, Theme, Visuals};

/// Colours the views use beyond egui's own visuals.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Primary buttons, the step indicator, links.
    pub accent: Color32,
    /// Text on accent-coloured fills.
    pub on_accent: Color32,
    pub success: Color32,
    pub warning: Color32,
    pub error: Color32,
    /// Secondary text (hints, times).
    pub muted: Color32,
    pub card_fill: Color32,
    pub card_stroke: Color32,
    /// Background of attention cards (warnings) and success cards.
    pub warning_fill: Color32,
    pub success_fill: Color32,
    pub error_fill: Color32,
}

const LIGHT: Palette = Palette {
    accent: Color32::from_rgb(0x1d, 0x5f, 0xd1),
    on_accent: Color32::WHITE,
    success: Color32::from_rgb(0x16, 0x7a, 0x3d),
    warning: Color32::from_rgb(0x9a, 0x5b, 0x00),
    error: Color32::from_rgb(0xb4, 0x23, 0x18),
    muted: Color32::from_rgb(0x5b, 0x66, 0x73),
    card_fill: Color32::WHITE,
    card_stroke: Color32::from_rgb(0xdd, 0xe2, 0xe8),
    warning_fill: Color32::from_rgb(0xfd, 0xf6, 0xe3),
    success_fill: Color32::from_rgb(0xea, 0xf7, 0xee),
    error_fill: Color32::from_rgb(0xfd, 0xec, 0xea),
};

const DARK: Palette = Palette {
    accent: Color32::from_rgb(0x5b, 0x9b, 0xf5),
    on_accent: Color32::from_rgb(0x0b, 0x1a, 0x30),
    success: Color32::from_rgb(0x5c, 0xd0, 0x86),
    warning: Color32::from_rgb(0xf0, 0xbd, 0x4f),
    error: Color32::from_rgb(0xf2, 0x7b, 0x6f),
    muted: Color32::from_rgb(0x9a, 0xa4, 0xb0),
    card_fill: Color32::from_rgb(0x23, 0x27, 0x2d),
    card_stroke: Color32::from_rgb(0x33, 0x39, 0x41),
    warning_fill: Color32::from_rgb(0x3a, 0x30, 0x17),
    success_fill: Color32::from_rgb(0x17, 0x33, 0x22),
    error_fill: Color32::from_rgb(0x3d, 0x1f, 0x1c),
};

impl Palette {
    /// The palette of the theme `ui` is drawn in.
    pub fn of(ui: &egui::Ui) -> Palette {
        if ui.visuals().dark_mode { DARK } else { LIGHT }
    }
}

/// The text style of the large values in the support view.
pub fn large() -> TextStyle {
    TextStyle::Name("large".into())
}

/// The text style of screen titles.
pub fn title() -> TextStyle {
    TextStyle::Name("title".into())
}

/// Installs the light and the dark style; egui follows the system theme between them.
pub fn install(ctx: &egui::Context) {
    // NOTE: when the system does not say (no desktop portal, e.g. a bare X server), light is
    // the friendlier guess for people who never changed a theme.
    ctx.options_mut(|o| o.fallback_theme = Theme::Light);
    ctx.set_style_of(Theme::Light, style(Theme::Light));
    ctx.set_style_of(Theme::Dark, style(Theme::Dark));
}

fn style(theme: Theme) -> Style {
    let palette = match theme {
        Theme::Light => LIGHT,
        Theme::Dark => DARK,
    };
    let mut style = Style { visuals: visuals(theme, &palette), ..Style::default() };
    style.text_styles = [
        (TextStyle::Small, FontId::new(13.5, FontFamily::Proportional)),
        (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
        (TextStyle::Button, FontId::new(16.0, FontFamily::Proportional)),
        (TextStyle::Monospace, FontId::new(14.5, FontFamily::Monospace)),
        (TextStyle::Heading, FontId::new(20.0, FontFamily::Proportional)),
        (title(), FontId::new(27.0, FontFamily::Proportional)),
        (large(), FontId::new(23.0, FontFamily::Proportional)),
    ]
    .into();
    let spacing = &mut style.spacing;
    spacing.item_spacing = egui::vec2(10.0, 10.0);
    spacing.button_padding = egui::vec2(16.0, 7.0);
    spacing.interact_size = egui::vec2(40.0, 34.0);
    spacing.icon_width = 20.0;
    spacing.icon_width_inner = 11.0;
    spacing.icon_spacing = 8.0;
    spacing.combo_width = 220.0;
    spacing.text_edit_width = 320.0;
    style
}

fn visuals(theme: Theme, palette: &Palette) -> Visuals {
    let mut v = match theme {
        Theme::Light => Visuals::light(),
        Theme::Dark => Visuals::dark(),
    };
    let (panel, text, field, field_stroke, button, button_hover) = match theme {
        Theme::Light => (
            Color32::from_rgb(0xf3, 0xf5, 0xf8),
            Color32::from_rgb(0x1c, 0x24, 0x2e),
            Color32::WHITE,
            Color32::from_rgb(0xb9, 0xc3, 0xcf),
            Color32::from_rgb(0xe6, 0xeb, 0xf1),
            Color32::from_rgb(0xd9, 0xe1, 0xea),
        ),
        Theme::Dark => (
            Color32::from_rgb(0x18, 0x1b, 0x20),
            Color32::from_rgb(0xe6, 0xe9, 0xee),
            Color32::from_rgb(0x12, 0x15, 0x19),
            Color32::from_rgb(0x4a, 0x53, 0x5e),
            Color32::from_rgb(0x30, 0x36, 0x3e),
            Color32::from_rgb(0x3a, 0x42, 0x4c),
        ),
    };
    let radius = CornerRadius::same(8);
    v.panel_fill = panel;
    v.window_fill = palette.card_fill;
    v.window_stroke = Stroke::new(1.0, palette.card_stroke);
    v.extreme_bg_color = field;
    v.text_edit_bg_color = Some(field);
    v.faint_bg_color = palette.card_fill;
    v.hyperlink_color = palette.accent;
    v.warn_fg_color = palette.warning;
    v.error_fg_color = palette.error;
    v.selection.bg_fill = palette.accent.gamma_multiply(0.35);
    v.selection.stroke = Stroke::new(1.5, palette.accent);
    v.window_corner_radius = CornerRadius::same(12);
    v.menu_corner_radius = radius;
    let w = &mut v.widgets;
    w.noninteractive.bg_stroke = Stroke::new(1.0, palette.card_stroke);
    w.noninteractive.fg_stroke = Stroke::new(1.0, text);
    w.noninteractive.corner_radius = radius;
    widget_state(&mut w.inactive, button, Stroke::new(1.0, field_stroke), Stroke::new(1.2, text), radius);
    widget_state(&mut w.hovered, button_hover, Stroke::new(1.5, palette.accent), Stroke::new(1.5, text), radius);
    w.hovered.expansion = 0.0;
    widget_state(&mut w.active, button_hover, Stroke::new(2.0, palette.accent), Stroke::new(2.0, text), radius);
    w.active.expansion = 0.0;
    w.open.corner_radius = radius;
    w.open.bg_fill = button_hover;
    w.open.weak_bg_fill = button_hover;
    v
}

/// One interaction state of the widgets (resting, hovered, pressed): the fill (strong and weak
/// alike), the frame, the text and the corners.
fn widget_state(state: &mut WidgetVisuals, fill: Color32, frame: Stroke, text: Stroke, radius: CornerRadius) {
    state.bg_fill = fill;
    state.weak_bg_fill = fill;
    state.bg_stroke = frame;
    state.fg_stroke = text;
    state.corner_radius = radius;
}
