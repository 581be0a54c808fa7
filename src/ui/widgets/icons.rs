//! Small icons drawn with the painter (check, cross, dash, lock, warning, envelope), so they look
//! the same everywhere and take the theme's colours; egui's bundled fonts have no such symbols.

use egui::{Color32, Pos2, Rect, Response, Sense, Shape, Stroke, Ui, Vec2, pos2};

/// Which icon to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Check,
    Cross,
    Dash,
    Lock,
    Warning,
    Envelope,
}

/// Draws `icon` in a square of `size` points, in `color`, vertically centred on the text line.
pub fn icon_ui(ui: &mut Ui, icon: Icon, size: f32, color: Color32) -> Response {
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(size), Sense::hover());
    if ui.is_rect_visible(rect) {
        paint_icon(ui, rect, icon, color);
    }
    response
}

/// Paints `icon` into `rect`.
pub fn paint_icon(ui: &Ui, rect: Rect, icon: Icon, color: Color32) {
    let painter = ui.painter();
    let s = rect.width();
    let at = |x: f32, y: f32| -> Pos2 { pos2(rect.left() + x * s, rect.top() + y * s) };
    let stroke = Stroke::new((s * 0.13).max(1.6), color);
    match icon {
        Icon::Check => {
            painter.add(Shape::line(vec![at(0.16, 0.52), at(0.40, 0.76), at(0.86, 0.26)], stroke));
        }
        Icon::Cross => {
            painter.line_segment([at(0.22, 0.22), at(0.78, 0.78)], stroke);
            painter.line_segment([at(0.78, 0.22), at(0.22, 0.78)], stroke);
        }
        Icon::Dash => {
            painter.line_segment([at(0.25, 0.52), at(0.75, 0.52)], stroke);
        }
        Icon::Lock => {
            let body = Rect::from_min_max(at(0.18, 0.45), at(0.82, 0.92));
            painter.rect_filled(body, 2.0, color);
            let shackle: Vec<Pos2> = (0..=16)
                .map(|i| {
                    let angle = std::f32::consts::PI * (1.0 + i as f32 / 16.0);
                    let (sin, cos) = angle.sin_cos();
                    pos2(rect.left() + (0.5 + 0.22 * cos) * s, rect.top() + (0.36 + 0.24 * sin) * s)
                })
                .collect();
            let mut path = vec![at(0.28, 0.46)];
            path.extend(shackle);
            path.push(at(0.72, 0.46));
            painter.add(Shape::line(path, Stroke::new((s * 0.11).max(1.5), color)));
        }
        Icon::Warning => {
            let triangle = vec![at(0.5, 0.08), at(0.95, 0.9), at(0.05, 0.9)];
            painter.add(Shape::convex_polygon(triangle, color, Stroke::NONE));
            let mark = if color.intensity() > 0.5 { Color32::BLACK } else { Color32::WHITE };
            painter.line_segment([at(0.5, 0.36), at(0.5, 0.62)], Stroke::new((s * 0.1).max(1.4), mark));
            painter.circle_filled(at(0.5, 0.76), (s * 0.06).max(1.0), mark);
        }
        Icon::Envelope => {
            let body = Rect::from_min_max(at(0.06, 0.2), at(0.94, 0.8));
            painter.rect_stroke(body, 2.5, stroke, egui::StrokeKind::Inside);
            painter.add(Shape::line(vec![at(0.1, 0.26), at(0.5, 0.56), at(0.9, 0.26)], stroke));
        }
    }
}

/// The icon's square as wide as a line of body text is high.
pub fn line_icon_size(ui: &Ui) -> f32 {
    (ui.text_style_height(&egui::TextStyle::Body) * 0.95).round()
}

/// An icon followed by a label, on one line.
pub fn icon_label_ui(ui: &mut Ui, icon: Icon, color: Color32, text: impl Into<egui::WidgetText>) -> Response {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 8.0;
        let size = line_icon_size(ui);
        icon_ui(ui, icon, size, color);
        ui.label(text)
    })
    .inner
}
