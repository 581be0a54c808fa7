//! The desktop wizard (feature `gui`): egui only. Views return actions; one pure wizard state
//! machine applies them; every blocking engine call runs as an `engine::job` job.
//! (Filled in by the wizard issue.)

use crate::engine::i18n::Lang;
use crate::engine::net::NetConfig;
use std::path::PathBuf;

/// Opens the wizard window and returns the process exit code when it closes.
pub fn run(lang: Option<Lang>, _net: NetConfig, _config_dir: Option<PathBuf>) -> u8 {
    let lang = lang.unwrap_or_else(Lang::from_system);
    let title = crate::engine::i18n::tr(lang, "app-name");
    let options = eframe::NativeOptions::default();
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
