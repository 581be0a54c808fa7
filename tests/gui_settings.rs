//! What the window remembers between runs (the language chosen in the app and the zoom), and
//! that nothing repaints while the window is idle.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use eframe::App as _;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mailsetup::engine::i18n::{Lang, tr};
use mailsetup::engine::net::NetConfig;
use mailsetup::ui::app::{AppOptions, WizardApp};
use mailsetup::ui::wizard::Screen;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// eframe's storage, in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// Seams that lead nowhere: these tests never detect anything.
fn offline() -> NetConfig {
    NetConfig {
        dns_server: Some("127.0.0.1:9".parse().unwrap()),
        ca_file: None,
        ispdb_url: Some("http://127.0.0.1:9/".into()),
    }
}

fn start(lang: Option<Lang>, storage: Option<&'static MemoryStorage>) -> Harness<'static, WizardApp> {
    let dir = std::env::temp_dir().join(format!("mailsetup-gui-settings-{}", std::process::id()));
    let options = AppOptions::new(lang, offline(), Some(dir));
    let mut harness = Harness::builder().with_size(egui::vec2(800.0, 700.0)).build_eframe(move |cc| {
        cc.storage = storage.map(|s| s as &dyn eframe::Storage);
        WizardApp::new(cc, options)
    });
    let until = Instant::now() + Duration::from_secs(10);
    while !harness.state().wizard().accounts_loaded {
        assert!(Instant::now() < until, "the saved accounts were never read");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
    harness
}

#[test]
fn the_language_chosen_in_the_window_and_the_zoom_are_remembered() {
    let mut first = start(Some(Lang::En), None);
    first.get_by_label("Русский").click();
    first.run();
    assert_eq!(first.state().wizard().lang, Lang::Ru);
    first.get_by_label(&tr(Lang::Ru, "address-title"));
    first.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    first.run();
    let zoom = first.ctx.zoom_factor();
    assert!(zoom > 1.0);
    let mut storage = MemoryStorage::default();
    first.state_mut().save(&mut storage);
    let storage: &'static MemoryStorage = Box::leak(Box::new(storage));

    // No --lang this time: the saved choice wins over the system locale.
    let second = start(None, Some(storage));
    assert_eq!(second.state().wizard().lang, Lang::Ru);
    assert!((second.ctx.zoom_factor() - zoom).abs() < 0.01, "the zoom is restored");

    // --lang still wins over the saved choice.
    let third = start(Some(Lang::En), Some(storage));
    assert_eq!(third.state().wizard().lang, Lang::En);
}

#[test]
fn an_idle_window_asks_for_no_more_frames() {
    let mut harness = start(Some(Lang::En), None);
    assert_eq!(harness.state().wizard().screen, Screen::Address);
    // `run` returns once no repaint is pending; a second `run` then needs a single frame.
    assert_eq!(harness.run(), 1, "an idle window keeps repainting");
    // Typing repaints, and settles again.
    harness.get_by_label(&tr(Lang::En, "address-email")).click();
    harness.run();
    harness.get_by_label(&tr(Lang::En, "address-email")).type_text("anna@example.com");
    harness.run();
    assert_eq!(harness.run(), 1);
}
