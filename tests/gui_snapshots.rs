//! Image snapshots of the main screens, in English and Russian, light and dark, rendered by
//! egui_kittest on wgpu (lavapipe: no GPU needed). The states are built through the wizard's own
//! actions with made-up engine results, so the pictures do not depend on the network.
//! Baselines live in tests/snapshots/ (update with `UPDATE_SNAPSHOTS=true`, then look at them).
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::{Harness, SnapshotResults};
use mailsetup::engine::account::{Account, Protocol, Security, Server, SettingsSource};
use mailsetup::engine::check::{CheckFailure, CheckReport, CheckStep, StepKind};
use mailsetup::engine::diagnostics::diagnose;
use mailsetup::engine::i18n::{Lang, tr};
use mailsetup::engine::provider::discovery::{Discovery, DiscoveryEvent, ProviderRef, SourceReport, SourceStatus};
use mailsetup::engine::provider::presets;
use mailsetup::engine::secrets::Password;
use mailsetup::ui::app::window_ui;
use mailsetup::ui::theme;
use mailsetup::ui::wizard::{Action, Exported, LastCheck, SavedAccount, Wizard};

/// Draws a wizard state as the real window does.
struct Still(Wizard);

impl eframe::App for Still {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let _ = window_ui(&self.0, ui, false);
    }
}

const EMAIL: &str = "anna@example-isp.test";

fn server(protocol: Protocol, host: &str, port: u16, security: Security) -> Server {
    Server::new(protocol, host, port, security, EMAIL)
}

fn account() -> Account {
    Account {
        email: EMAIL.into(),
        display_name: "Anna Petrova".into(),
        provider_id: None,
        source: SettingsSource::Ispdb,
        incoming: server(Protocol::Imap, "imap.example-isp.test", 993, Security::Tls),
        outgoing: server(Protocol::Smtp, "smtp.example-isp.test", 587, Security::Starttls),
    }
}

fn discovery(lang: Lang) -> Discovery {
    let provider = presets::by_id("yandex").unwrap();
    Discovery {
        email: EMAIL.into(),
        domain: "example-isp.test".into(),
        provider: Some(ProviderRef { id: "example".into(), name: "Example ISP Mail".into() }),
        source: Some(SettingsSource::AutoconfigHttp),
        needs_confirmation: true,
        incoming: vec![
            server(Protocol::Imap, "imap.example-isp.test", 993, Security::Tls),
            server(Protocol::Pop3, "pop.example-isp.test", 995, Security::Tls),
        ],
        outgoing: vec![server(Protocol::Smtp, "smtp.example-isp.test", 587, Security::Starttls)],
        notes: provider.notes(lang),
        sources: vec![SourceReport {
            source: SettingsSource::AutoconfigHttp,
            status: "found".into(),
            ms: 412,
            reason: None,
        }],
    }
}

fn step(server: Protocol, step: StepKind, ok: bool, ms: u64) -> CheckStep {
    CheckStep { server, step, ok, ms, detail: String::new() }
}

fn passed_report() -> CheckReport {
    CheckReport {
        ok: true,
        steps: vec![
            step(Protocol::Imap, StepKind::Resolve, true, 2),
            step(Protocol::Imap, StepKind::Connect, true, 31),
            step(Protocol::Imap, StepKind::Tls, true, 48),
            step(Protocol::Imap, StepKind::Greeting, true, 3),
            step(Protocol::Imap, StepKind::Auth, true, 112),
            step(Protocol::Smtp, StepKind::Connect, true, 29),
            step(Protocol::Smtp, StepKind::Starttls, true, 61),
            step(Protocol::Smtp, StepKind::Auth, true, 95),
            step(Protocol::Smtp, StepKind::Send, true, 140),
            step(Protocol::Imap, StepKind::Confirm, true, 1320),
        ],
        delivery_ms: Some(1320),
        password_tested: true,
        ..CheckReport::default()
    }
}

fn failed_report(lang: Lang) -> CheckReport {
    let failure = CheckFailure::AuthRejected {
        protocol: Protocol::Imap,
        host: "imap.example-isp.test".into(),
        reply: "a1 NO [AUTHENTICATIONFAILED] Authentication failed.".into(),
    };
    CheckReport {
        ok: false,
        steps: vec![
            step(Protocol::Imap, StepKind::Connect, true, 31),
            step(Protocol::Imap, StepKind::Tls, true, 48),
            step(Protocol::Imap, StepKind::Auth, false, 2210),
            step(Protocol::Smtp, StepKind::Connect, true, 29),
            step(Protocol::Smtp, StepKind::Starttls, true, 61),
            step(Protocol::Smtp, StepKind::Auth, false, 2180),
        ],
        diagnosis: Some(diagnose(&failure, None, lang)),
        failures: vec![failure],
        password_tested: true,
        ..CheckReport::default()
    }
}

/// The wizard on Review, as if discovery had just answered.
fn at_review(lang: Lang) -> Wizard {
    let mut w = Wizard::new(lang);
    w.apply(Action::AccountsLoaded(Ok(vec![])));
    w.apply(Action::SetName("Anna Petrova".into()));
    w.apply(Action::SetEmail(EMAIL.into()));
    w.apply(Action::Next);
    w.apply(Action::DiscoveryDone(discovery(lang)));
    w
}

fn at_password(lang: Lang) -> Wizard {
    let mut w = at_review(lang);
    w.apply(Action::SetConfirmed(true));
    w.apply(Action::Next);
    w.apply(Action::Next);
    w.apply(Action::SetPassword(Password::new("app-password")));
    w
}

fn saved(report: CheckReport) -> SavedAccount {
    SavedAccount {
        account: account(),
        last_check: Some(LastCheck { ok: true, at: "2026-11-28T10:15:00Z".into(), problem: None }),
        report: Some(report),
        password_saved: true,
    }
}

/// The Done screen after a passed test and a saved account.
fn at_done(lang: Lang) -> Wizard {
    let mut done = at_password(lang);
    done.apply(Action::Next);
    done.apply(Action::CheckDone(passed_report()));
    done.apply(Action::AccountSaved { result: Ok(saved(passed_report())), keyring_problem: None });
    done.apply(Action::Next);
    done
}

/// Every screen worth a picture, as (name, state, window height).
fn screens(lang: Lang) -> Vec<(&'static str, Wizard, f32)> {
    let mut home = Wizard::new(lang);
    home.apply(Action::AccountsLoaded(Ok(vec![saved(passed_report())])));

    let mut address = Wizard::new(lang);
    address.apply(Action::AccountsLoaded(Ok(vec![])));
    address.apply(Action::SetName("Anna Petrova".into()));
    address.apply(Action::SetEmail("anna@example-isp".into()));

    let mut detect = Wizard::new(lang);
    detect.apply(Action::AccountsLoaded(Ok(vec![])));
    detect.apply(Action::SetEmail(EMAIL.into()));
    detect.apply(Action::Next);
    let events = [
        (SettingsSource::Preset, SourceStatus::Nothing, 0),
        (SettingsSource::Ispdb, SourceStatus::Nothing, 184),
        (SettingsSource::Autoconfig, SourceStatus::Failed { reason: failed_reason(lang) }, 260),
        (SettingsSource::Mx, SourceStatus::Nothing, 95),
        (SettingsSource::Srv, SourceStatus::Nothing, 88),
        (SettingsSource::AutoconfigHttp, SourceStatus::Found, 412),
        (SettingsSource::Guess, SourceStatus::Started, 0),
    ];
    for (source, status, elapsed_ms) in events {
        detect.apply(Action::DiscoveryEvent(DiscoveryEvent { source, status, elapsed_ms }));
    }

    let mut prepare = at_review(lang);
    prepare.apply(Action::SetConfirmed(true));
    prepare.apply(Action::Next);

    let mut test_passed = at_password(lang);
    test_passed.apply(Action::Next);
    test_passed.apply(Action::CheckDone(passed_report()));
    test_passed.apply(Action::AccountSaved { result: Ok(saved(passed_report())), keyring_problem: None });

    // No keyring on this desktop: the account is saved, the password is not, and the user is told.
    let mut no_keyring = at_password(lang);
    no_keyring.apply(Action::Next);
    no_keyring.apply(Action::CheckDone(passed_report()));
    let without_password = SavedAccount { password_saved: false, ..saved(passed_report()) };
    no_keyring.apply(Action::AccountSaved {
        result: Ok(without_password),
        keyring_problem: Some(tr(lang, "keyring-no-service")),
    });

    let mut test_failed = at_password(lang);
    test_failed.apply(Action::Next);
    test_failed.apply(Action::CheckDone(failed_report(lang)));
    test_failed.apply(Action::SetDetailsOpen(true));

    // An export on a desktop where no save dialog can open: saved to Downloads, and said so.
    let mut exported = at_done(lang);
    let format = tr(lang, "export-thunderbird-name");
    exported.apply(Action::ExportFinished(Ok(Some(Exported {
        path: "/home/anna/Downloads/user.js".into(),
        instructions: mailsetup::engine::export::by_id("thunderbird").unwrap().instructions(&account(), lang),
        warnings: vec![tr(lang, "export-no-dialog")],
        format,
    }))));

    let mut support = Wizard::new(lang);
    support.apply(Action::AccountsLoaded(Ok(vec![saved(passed_report())])));
    support.apply(Action::ShowSupport(EMAIL.into()));

    vec![
        ("home", home, 560.0),
        ("address", address, 600.0),
        ("detect", detect, 700.0),
        ("review", at_review(lang), 1000.0),
        ("prepare", prepare, 700.0),
        ("password", at_password(lang), 700.0),
        ("test_passed", test_passed, 820.0),
        ("test_passed_no_keyring", no_keyring, 860.0),
        ("test_failed", test_failed, 900.0),
        ("done", at_done(lang), 1000.0),
        ("done_exported_no_dialog", exported, 1300.0),
        ("support", support, 1060.0),
    ]
}

fn failed_reason(lang: Lang) -> String {
    match lang {
        Lang::En => "autoconfig.example-isp.test: the certificate is not trusted".into(),
        Lang::Ru => "autoconfig.example-isp.test: сертификат не заслуживает доверия".into(),
    }
}

#[test]
fn main_screens_look_as_approved_in_both_languages_and_themes() {
    let mut results = SnapshotResults::new();
    for lang in Lang::ALL {
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let theme_name = if theme == egui::Theme::Light { "light" } else { "dark" };
            for (name, wizard, height) in screens(lang) {
                let mut harness =
                    Harness::builder().with_size(egui::vec2(800.0, height)).with_theme(theme).wgpu().build_eframe(
                        move |cc| {
                            theme::install(&cc.egui_ctx);
                            Still(wizard)
                        },
                    );
                // A spinner (Detect) keeps asking for frames: a fixed number of steps instead.
                harness.run_steps(4);
                results.add(harness.try_snapshot(format!("{name}_{lang}_{theme_name}")));
            }
        }
    }
    results.unwrap();
}

#[test]
fn the_longest_screens_fit_the_narrowest_window_in_russian() {
    let [width, _] = mailsetup::ui::MIN_WINDOW_SIZE;
    let mut results = SnapshotResults::new();
    for (name, wizard, height) in screens(Lang::Ru) {
        if !matches!(name, "review" | "test_failed" | "support" | "home") {
            continue;
        }
        let mut harness =
            Harness::builder().with_size(egui::vec2(width, height)).with_theme(egui::Theme::Light).wgpu().build_eframe(
                move |cc| {
                    theme::install(&cc.egui_ctx);
                    Still(wizard)
                },
            );
        harness.run_steps(4);
        results.add(harness.try_snapshot(format!("narrow_{name}_ru_light")));
    }
    results.unwrap();
}

#[test]
fn the_qr_code_on_screen_scans_as_the_thunderbird_payload() {
    let done = at_done(Lang::En);
    let mut harness =
        Harness::builder().with_size(egui::vec2(800.0, 900.0)).with_theme(egui::Theme::Dark).wgpu().build_eframe(
            move |cc| {
                theme::install(&cc.egui_ctx);
                Still(done)
            },
        );
    harness.run();
    let image = harness.render().expect("render the Done screen");
    let path = std::env::temp_dir().join(format!("mailsetup-qr-{}.png", std::process::id()));
    image.save(&path).unwrap();
    let scanned = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&path)
        .output()
        .expect("zbarimg (package zbar-tools) must be installed: tests/run-all.sh installs it");
    let _ = std::fs::remove_file(&path);
    assert!(scanned.status.success(), "zbarimg found no code on screen: {}", String::from_utf8_lossy(&scanned.stderr));
    let expected = mailsetup::engine::export::thunderbird_qr::payload(&account(), None).unwrap();
    assert_eq!(String::from_utf8_lossy(&scanned.stdout).trim_end(), expected);
    let json: serde_json::Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(json[2][7], "", "the on-screen code carries no incoming password");
    assert_eq!(json[3][0][0][6], "", "the on-screen code carries no outgoing password");
}

/// Every export's instructions and warnings, as the Done screen shows them after saving, in both
/// languages: the bundled font must draw every character (the harness panics on a missing glyph,
/// where a real window would show boxes).
#[test]
fn every_export_message_is_drawn_with_the_bundled_font() {
    let unencrypted = Account {
        incoming: server(Protocol::Imap, "imap.example-isp.test", 143, Security::None),
        outgoing: server(Protocol::Smtp, "smtp.example-isp.test", 25, Security::None),
        ..account()
    };
    for lang in Lang::ALL {
        for exporter in mailsetup::engine::export::all() {
            let mut warnings = vec![];
            for variant in [account(), unencrypted.clone()] {
                if let Ok(output) = exporter.export(&variant, &Default::default()) {
                    warnings.extend(output.warnings.iter().map(|w| w.text(lang)));
                }
            }
            let mut done = at_done(lang);
            done.apply(Action::ExportFinished(Ok(Some(Exported {
                format: exporter.display_name(lang),
                path: format!("/home/anna/{}", exporter.file_name(&account())),
                instructions: exporter.instructions(&account(), lang),
                warnings,
            }))));
            let mut harness = Harness::builder().with_size(egui::vec2(800.0, 1400.0)).build_eframe(move |cc| {
                theme::install(&cc.egui_ctx);
                Still(done)
            });
            harness.run_steps(2);
        }
    }
}
