//! The desktop wizard (feature `gui`): egui only. Views return actions; one pure wizard state
//! machine (`wizard`) applies them; every blocking engine call runs as an `engine::job` job,
//! started from one place (`backend`).
//!
//! | module | what it is |
//! |---|---|
//! | `app` | the eframe app: `logic` applies actions and starts effects, `ui` only draws |
//! | `wizard` | the pure step machine: state, `Action`, `Effect`, `Wizard::apply` |
//! | `backend` | the only caller of the engine: jobs for discovery, checks, accounts, reports, exports |
//! | `steps` | one view per screen, each returning an `Action` |
//! | `widgets` | cards, buttons, labelled fields, status icons, the step indicator, the Back/Next bar |
//! | `theme` | light and dark styles with one accent colour |
//! | `speller` | host names spelled out for reading aloud |
//! | `words` | plain words for engine values |

pub mod app;
pub mod backend;
pub mod speller;
pub mod steps;
pub mod theme;
pub mod widgets;
pub mod wizard;
pub mod words;

use crate::engine::i18n::{Lang, tr};
use crate::engine::net::NetConfig;
use app::{AppOptions, WizardApp};
use std::path::PathBuf;
use std::time::Instant;

/// Environment variable: print the time from start to the first drawn frame to stderr.
pub const ENV_LOG_FIRST_FRAME: &str = "MAILSETUP_LOG_FIRST_FRAME";

/// The app id shared by the window, the `.desktop` file, the AppStream metainfo, the icon name,
/// the macOS bundle id and the Windows installer (see packaging/).
pub const APP_ID: &str = "io.github.mailsetup.MailSetup";

/// The window icon: the 128-px PNG rendered from assets/icons/io.github.mailsetup.MailSetup.svg.
const WINDOW_ICON_PNG: &[u8] =
    include_bytes!("../../assets/icons/hicolor/128x128/apps/io.github.mailsetup.MailSetup.png");

/// The smallest useful window, in points.
pub const MIN_WINDOW_SIZE: [f32; 2] = [560.0, 520.0];
/// The window size on first start, in points.
pub const DEFAULT_WINDOW_SIZE: [f32; 2] = [820.0, 760.0];

/// Opens the wizard window and returns the process exit code when it closes.
pub fn run(lang: Option<Lang>, net: NetConfig, config_dir: Option<PathBuf>) -> u8 {
    let started = Instant::now();
    let title = tr(lang.unwrap_or_else(Lang::from_system), "app-name");
    let viewport = window_identity(
        egui::ViewportBuilder::default()
            .with_title(&title)
            .with_inner_size(DEFAULT_WINDOW_SIZE)
            .with_min_inner_size(MIN_WINDOW_SIZE),
    );
    let options = eframe::NativeOptions {
        viewport,
        persistence_path: config_dir.as_ref().map(|dir| dir.join("window.ron")),
        ..eframe::NativeOptions::default()
    };
    let mut app_options = AppOptions::new(lang, net, config_dir);
    app_options.started = started;
    app_options.log_first_frame = std::env::var_os(ENV_LOG_FIRST_FRAME).is_some_and(|v| v != "0");
    let result = eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| Ok(Box::new(WizardApp::new(cc, app_options)) as Box<dyn eframe::App>)),
    );
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
    use crate::engine::account::{Security, SettingsSource};
    use crate::engine::check::StepKind;
    use crate::engine::diagnostics::DiagnosisKind;
    use crate::engine::i18n::{Lang, has};

    /// The UI's source files, to find every message id they use.
    const SOURCES: [&str; 17] = [
        include_str!("app.rs"),
        include_str!("backend.rs"),
        include_str!("mod.rs"),
        include_str!("speller.rs"),
        include_str!("theme.rs"),
        include_str!("widgets/mod.rs"),
        include_str!("wizard.rs"),
        include_str!("words.rs"),
        include_str!("steps/address.rs"),
        include_str!("steps/detect.rs"),
        include_str!("steps/done.rs"),
        include_str!("steps/home.rs"),
        include_str!("steps/password.rs"),
        include_str!("steps/prepare.rs"),
        include_str!("steps/review.rs"),
        include_str!("steps/support.rs"),
        include_str!("steps/test.rs"),
    ];

    /// Ids written literally as the second argument of `tr(…)` / `tr_args(…)`.
    fn literal_ids() -> Vec<String> {
        let mut ids = vec![];
        for source in SOURCES {
            for call in ["tr(", "tr_args("] {
                for (at, _) in source.match_indices(call) {
                    let rest = &source[at + call.len()..];
                    let Some(comma) = rest.find(',') else { continue };
                    if rest[..comma].contains([')', '\n', '"', '(']) {
                        continue;
                    }
                    let after = rest[comma + 1..].trim_start();
                    if let Some(literal) = after.strip_prefix('"') {
                        if let Some(end) = literal.find('"') {
                            ids.push(literal[..end].to_string());
                        }
                    }
                }
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    #[test]
    fn every_text_the_window_shows_has_a_glyph_in_the_bundled_fonts() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(Default::default(), |_| {});
        output.textures_delta.clear();
        let mut texts: Vec<String> = crate::engine::embedded::FTL_FILES.iter().map(|(_, _, t)| t.to_string()).collect();
        for provider in crate::engine::provider::presets::all() {
            for lang in Lang::ALL {
                texts.push(provider.display_name(lang).to_string());
                texts.extend(provider.notes(lang).into_iter().map(|n| n.text));
            }
        }
        // NOTE: Chinese labels quoted in the QQ/NetEase notes need a system CJK font (eframe
        // falls back to the system's fonts); everything else must render with the bundled ones.
        let is_cjk = |c: char| ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c);
        let mut missing = std::collections::BTreeSet::new();
        ctx.fonts_mut(|fonts| {
            for text in &texts {
                for c in super::words::shown(text).chars() {
                    if !c.is_control() && !is_cjk(c) && !fonts.has_glyph(&egui::FontId::proportional(16.0), c) {
                        missing.insert(c);
                    }
                }
            }
        });
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }

    #[test]
    fn embedded_window_icon_decodes_as_a_128_px_square() {
        let icon = eframe::icon_data::from_png_bytes(super::WINDOW_ICON_PNG)
            .unwrap_or_else(|e| panic!("the window icon PNG does not decode: {e}"));
        assert_eq!((icon.width, icon.height), (128, 128));
    }

    #[test]
    fn window_carries_the_app_id_of_the_desktop_file() {
        let viewport = super::window_identity(egui::ViewportBuilder::default());
        assert_eq!(viewport.app_id.as_deref(), Some("io.github.mailsetup.MailSetup"));
        assert!(viewport.icon.is_some(), "the window has no icon");
    }

    #[test]
    fn every_message_the_ui_names_exists_in_both_languages() {
        let mut ids = literal_ids();
        assert!(ids.len() > 100, "the scan found too few ids: {ids:?}");
        for source in SettingsSource::ALL {
            ids.push(format!("detect-source-{}", source.as_str()));
        }
        for security in Security::ALL {
            ids.push(format!("security-{}-choice", security.as_str()));
            ids.push(format!("security-{}-badge", security.as_str()));
        }
        for step in StepKind::ALL {
            ids.push(format!("test-step-{}", step.as_str()));
        }
        for kind in DiagnosisKind::ALL {
            ids.push(format!("home-problem-{}", kind.as_str()));
        }
        for phase in super::wizard::Phase::ALL {
            ids.push(phase.message_id().to_string());
        }
        for lang in Lang::ALL {
            let missing: Vec<_> = ids.iter().filter(|id| !has(lang, id)).collect();
            assert!(missing.is_empty(), "{lang}: missing messages {missing:?}");
        }
    }
}
