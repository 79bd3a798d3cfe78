//! The bookshelf: the home screen. Until books arrive it says what to do
//! next and offers the way there.

use super::{Action, Kind, Message};
use crate::a11y::{Control, ControlId, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::store::Settings;

/// Opens Settings.
pub const SETTINGS: ControlId = ControlId("bookshelf.settings");
/// Opens Help.
pub const HELP: ControlId = ControlId("bookshelf.help");
/// Quits.
pub const QUIT: ControlId = ControlId("bookshelf.quit");

/// The bookshelf screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bookshelf;

impl Bookshelf {
    /// The empty shelf, what to do next, and the ways on.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        ScreenModel {
            title: fl!("bookshelf-title"),
            text: vec![
                TextBlock { text: fl!("bookshelf-empty"), alert: false },
                TextBlock { text: fl!("bookshelf-next"), alert: false },
            ],
            controls: vec![
                Control::button(SETTINGS.0, fl!("bookshelf-open-settings")),
                Control::button(HELP.0, fl!("bookshelf-open-help")),
                Control::button(QUIT.0, fl!("bookshelf-quit")),
            ],
        }
    }

    /// Follows the chosen button.
    pub fn update(&mut self, message: Message) -> Action {
        match (message.control, message.input) {
            (SETTINGS, Input::Activate) => Action::Open(Kind::Settings),
            (HELP, Input::Activate) => Action::Open(Kind::Help),
            (QUIT, Input::Activate) => Action::Quit,
            _ => Action::None,
        }
    }
}
