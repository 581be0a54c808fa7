//! The eframe app: `logic` applies what the views asked for and what the jobs reported (through
//! the pure [`Wizard`]) and starts the resulting work; `ui` only draws — the top bar, the
//! current screen and its Back/Next bar — and queues the actions the views return.
//!
//! Repaints happen on input, when a job reports (its done-callback is `ctx.request_repaint`),
//! and while a spinner is visible; an idle window draws nothing.

use crate::engine::i18n::{Lang, tr};
use crate::engine::job::Waker;
use crate::engine::net::NetConfig;
use crate::ui::backend::Backend;
use crate::ui::steps;
use crate::ui::theme::{self, Palette};
use crate::ui::widgets;
use crate::ui::wizard::{Action, Effect, Screen, Wizard};
use egui::{CentralPanel, Frame, Key, Margin, Panel, RichText, ScrollArea, Ui};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// How the app is started.
#[derive(Clone, Debug)]
pub struct AppOptions {
    /// `--lang` / `MAILSETUP_LANG`; else the saved setting; else the system locale.
    pub lang: Option<Lang>,
    /// The network seams (`MAILSETUP_DNS_SERVER`, `MAILSETUP_CA_FILE`, `MAILSETUP_ISPDB_URL`).
    pub net: NetConfig,
    /// `--config-dir` / `MAILSETUP_CONFIG_DIR`.
    pub config_dir: Option<PathBuf>,
    /// When the process started (for the first-frame measurement).
    pub started: Instant,
    /// Print the time to the first frame to stderr (`MAILSETUP_LOG_FIRST_FRAME=1`).
    pub log_first_frame: bool,
    /// Where exports go when the desktop has no save dialog (None: the Downloads folder).
    pub downloads_dir: Option<PathBuf>,
}

impl AppOptions {
    /// Options with the given seams, language and accounts directory.
    pub fn new(lang: Option<Lang>, net: NetConfig, config_dir: Option<PathBuf>) -> Self {
        AppOptions { lang, net, config_dir, started: Instant::now(), log_first_frame: false, downloads_dir: None }
    }
}

/// What is remembered between runs (window size is kept by eframe itself).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Settings {
    lang: Option<Lang>,
    zoom: Option<f32>,
}

/// The storage key of [`Settings`].
const SETTINGS_KEY: &str = "mailsetup-settings";

/// The wizard window.
pub struct WizardApp {
    wizard: Wizard,
    backend: Backend,
    /// Actions the views returned, applied by the next `logic`.
    queued: Vec<Action>,
    /// The screen drawn last frame (to notice a new screen and focus its first field).
    drawn_screen: Option<Screen>,
    /// The window title's language.
    titled_in: Option<Lang>,
    /// The zoom factor (Ctrl +/−), remembered between runs.
    zoom: f32,
    started: Instant,
    log_first_frame: bool,
    first_frame_done: bool,
}

impl WizardApp {
    /// Builds the app inside eframe (or a test harness).
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        let ctx = cc.egui_ctx.clone();
        theme::install(&ctx);
        let saved: Settings = cc.storage.and_then(|s| eframe::get_value(s, SETTINGS_KEY)).unwrap_or_default();
        if let Some(zoom) = saved.zoom.filter(|z| (0.5..=3.0).contains(z)) {
            ctx.set_zoom_factor(zoom);
        }
        let lang = options.lang.or(saved.lang).unwrap_or_else(Lang::from_system);
        let waker_ctx = ctx.clone();
        let waker: Waker = Arc::new(move || waker_ctx.request_repaint());
        let mut backend = Backend::new(options.net, options.config_dir, waker);
        backend.set_downloads_dir(options.downloads_dir);
        let mut app = WizardApp {
            wizard: Wizard::new(lang),
            backend,
            queued: vec![],
            drawn_screen: None,
            titled_in: None,
            zoom: ctx.zoom_factor(),
            started: options.started,
            log_first_frame: options.log_first_frame,
            first_frame_done: false,
        };
        for effect in app.wizard.start() {
            app.perform(&ctx, effect);
        }
        app
    }

    /// The wizard's state (for tests and diagnostics).
    pub fn wizard(&self) -> &Wizard {
        &self.wizard
    }

    /// True while engine work runs in the background.
    pub fn is_busy(&self) -> bool {
        self.backend.is_busy()
    }

    fn apply(&mut self, ctx: &egui::Context, action: Action) {
        for effect in self.wizard.apply(action) {
            self.perform(ctx, effect);
        }
    }

    fn perform(&mut self, ctx: &egui::Context, effect: Effect) {
        match effect {
            Effect::CopyText(text) => ctx.copy_text(text),
            Effect::OpenUrl(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
            Effect::Relocalize { lang, failure, provider_id, notes_from_preset } => {
                let action = Backend::relocalize(lang, failure.as_ref(), provider_id.as_deref(), notes_from_preset);
                self.apply(ctx, action);
            }
            engine_work => self.backend.run(engine_work, self.wizard.lang),
        }
    }

    #[allow(clippy::print_stderr)] // the first-frame measurement is asked for on the command line
    fn log_first_frame(&mut self) {
        if self.first_frame_done {
            return;
        }
        self.first_frame_done = true;
        if self.log_first_frame {
            let unix_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default();
            eprintln!(
                "mailsetup: first frame drawn {} ms after start (unix_ms={unix_ms})",
                self.started.elapsed().as_millis()
            );
        }
    }
}

impl eframe::App for WizardApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let mut actions = std::mem::take(&mut self.queued);
        actions.extend(self.backend.poll());
        for action in actions {
            self.apply(ctx, action);
        }
        self.zoom = ctx.zoom_factor();
        if self.wizard.screen != Screen::Password {
            // The password field's undo history holds copies of what was typed: drop it.
            ctx.data_mut(|d| d.remove::<egui::text_edit::TextEditState>(steps::password::password_field_id()));
        }
        if self.titled_in != Some(self.wizard.lang) {
            self.titled_in = Some(self.wizard.lang);
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(tr(self.wizard.lang, "app-name")));
        }
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let entered = self.drawn_screen != Some(self.wizard.screen);
        self.drawn_screen = Some(self.wizard.screen);
        let actions = window_ui(&self.wizard, ui, entered);
        if !actions.is_empty() {
            self.queued.extend(actions);
            ui.ctx().request_repaint();
        }
        self.log_first_frame();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &Settings { lang: Some(self.wizard.lang), zoom: Some(self.zoom) });
    }

    fn persist_egui_memory(&self) -> bool {
        // Nothing of egui's memory is worth keeping, and text fields must never reach the disk.
        false
    }
}

/// Draws the whole window for the wizard's state — the top bar, the current screen and its
/// Back/Next bar — and returns what the user asked for. `entered` is true on a screen's first
/// frame. (A free function, so tests can draw any state.)
pub fn window_ui(wizard: &Wizard, ui: &mut Ui, entered: bool) -> Vec<Action> {
    let ctx = ui.ctx().clone();
    let mut actions = vec![];
    let palette = Palette::of(ui);
    let panel_fill = ui.visuals().panel_fill;

    let bar =
        Frame::new().fill(palette.card_fill).inner_margin(Margin::symmetric(16, 10)).stroke((1.0, palette.card_stroke));
    Panel::top("top-bar").frame(bar).show(ui, |ui| {
        if let Some(action) = top_bar_ui(wizard, ui) {
            actions.push(action);
        }
    });
    let nav = steps::nav(wizard);
    let bottom = Frame::new().fill(panel_fill).inner_margin(Margin::symmetric(16, 12));
    Panel::bottom("nav-bar").frame(bottom).show(ui, |ui| {
        if let Some(action) = widgets::nav_bar_ui(ui, &nav) {
            actions.push(action);
        }
    });
    let central = Frame::new().fill(panel_fill).inner_margin(Margin::symmetric(16, 8));
    CentralPanel::default().frame(central).show(ui, |ui| {
        ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            widgets::column_ui(ui, |ui| {
                if let Some(action) = steps::screen_ui(wizard, ui, entered) {
                    actions.push(action);
                }
            });
        });
    });

    // Enter presses the main button, unless a control with the focus took it (a button).
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    if enter && actions.is_empty() && ctx.memory(|m| m.focused().is_none()) {
        if let Some(next) = nav.next.as_ref().filter(|n| n.enabled) {
            actions.push(next.action.action());
        }
    }
    actions
}

/// The app's name on the left ("My accounts" inside the wizard), the language on the right.
fn top_bar_ui(wizard: &Wizard, ui: &mut Ui) -> Option<Action> {
    let lang = wizard.lang;
    let mut action = None;
    ui.horizontal(|ui| {
        // As tall as the "My accounts" button, so the page does not shift when it appears.
        ui.set_min_height(widgets::BUTTON_HEIGHT);
        widgets::logo_ui(ui, 28.0);
        ui.label(RichText::new(tr(lang, "app-name")).heading().strong());
        if wizard.screen != Screen::Home
            && !wizard.accounts.is_empty()
            && widgets::secondary_button_ui(ui, &tr(lang, "top-my-accounts"), true).clicked()
        {
            action = Some(Action::GoHome);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for choice in Lang::ALL.iter().rev() {
                let selected = *choice == lang;
                let response =
                    ui.selectable_label(selected, choice.native_name()).on_hover_text(tr(*choice, "top-language-hint"));
                if response.clicked() && !selected {
                    action = Some(Action::SetLang(*choice));
                }
            }
        });
    });
    action
}
