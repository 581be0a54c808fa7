//! The desktop wizard (feature `gui`): egui only. Views return actions; one pure wizard state
//! machine applies them; every blocking engine call runs as an `engine::job` job.
//! (Filled in by the wizard issue.)

use crate::engine::i18n::Lang;
use crate::engine::net::NetConfig;
use std::path::PathBuf;

/// The app id shared by the window, the `.desktop` file, the AppStream metainfo, the icon name,
/// the macOS bundle id and the Windows installer (see packaging/).
pub const APP_ID: &str = "io.github.mailsetup.MailSetup";

/// The window icon: the 128-px PNG rendered from assets/icons/io.github.mailsetup.MailSetup.svg.
const WINDOW_ICON_PNG: &[u8] =
    include_bytes!("../../assets/icons/hicolor/128x128/apps/io.github.mailsetup.MailSetup.png");

/// Opens the wizard window and returns the process exit code when it closes.
pub fn run(lang: Option<Lang>, _net: NetConfig, _config_dir: Option<PathBuf>) -> u8 {
    let lang = lang.unwrap_or_else(Lang::from_system);
    let title = crate::engine::i18n::tr(lang, "app-name");
    let options =
        eframe::NativeOptions { viewport: window_identity(egui::ViewportBuilder::default()), ..Default::default() };
    let result = eframe::run_ui_native(&title.clone(), options, move |ui, _frame| {
        ui.heading(&title);
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!("cannot open the window: {e}");
            1
        }
    }
}

/// Gives the window the app id (so Wayland/X11 match it to the `.desktop` file and its icon) and
/// the embedded icon (shown where the desktop reads the window's own icon: X11, Windows).
fn window_identity(viewport: egui::ViewportBuilder) -> egui::ViewportBuilder {
    let viewport = viewport.with_app_id(APP_ID);
    match eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG) {
        Ok(icon) => viewport.with_icon(icon),
        Err(e) => {
            // A window without its icon still works; the desktop falls back to the theme icon.
            tracing::warn!("the embedded window icon does not decode: {e}");
            viewport
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_window_icon_decodes_as_a_128_px_square() {
        let icon = eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG)
            .unwrap_or_else(|e| panic!("the window icon PNG does not decode: {e}"));
        assert_eq!((icon.width, icon.height), (128, 128));
    }

    #[test]
    fn window_carries_the_app_id_of_the_desktop_file() {
        let viewport = window_identity(egui::ViewportBuilder::default());
        assert_eq!(viewport.app_id.as_deref(), Some("io.github.mailsetup.MailSetup"));
        assert!(viewport.icon.is_some(), "the window has no icon");
    }
}
