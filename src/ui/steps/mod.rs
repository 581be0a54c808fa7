//! One view per screen. Each view draws from the wizard's state (read-only) and returns the
//! [`Action`] the user asked for, if any; each also describes its Back/Next bar.

pub mod address;
pub mod detect;
pub mod done;
pub mod home;
pub mod password;
pub mod prepare;
pub mod review;
pub mod support;
pub mod test;

use crate::ui::widgets::Nav;
use crate::ui::wizard::{Action, Screen, Wizard};
use egui::Ui;

/// Draws the current screen's content. `entered` is true on the first frame of a screen (to
/// put the keyboard focus on its first field).
pub fn screen_ui(wizard: &Wizard, ui: &mut Ui, entered: bool) -> Option<Action> {
    match wizard.screen {
        Screen::Home => home::home_ui(wizard, ui),
        Screen::Address => address::address_ui(wizard, ui, entered),
        Screen::Detect => detect::detect_ui(wizard, ui),
        Screen::Review => review::review_ui(wizard, ui),
        Screen::Prepare => prepare::prepare_ui(wizard, ui),
        Screen::Password => password::password_ui(wizard, ui, entered),
        Screen::Test => test::test_ui(wizard, ui),
        Screen::Done => done::done_ui(wizard, ui),
        Screen::Support => support::support_ui(wizard, ui),
    }
}

/// The current screen's Back/Next bar.
pub fn nav(wizard: &Wizard) -> Nav {
    match wizard.screen {
        Screen::Home => home::home_nav(wizard),
        Screen::Address => address::address_nav(wizard),
        Screen::Detect => detect::detect_nav(wizard),
        Screen::Review => review::review_nav(wizard),
        Screen::Prepare => prepare::prepare_nav(wizard),
        Screen::Password => password::password_nav(wizard),
        Screen::Test => test::test_nav(wizard),
        Screen::Done => done::done_nav(wizard),
        Screen::Support => support::support_nav(wizard),
    }
}
