//! First run: choose language, text size, theme and voice, each applied at
//! once so the user sees (and hears) the result before going on.

use super::{Action, Change, Kind, Message, prefs};
use crate::a11y::{Control, ControlId, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::store::Settings;

/// The "Start" button.
pub const START: ControlId = ControlId("welcome.start");

/// The welcome screen (all its state is in the settings it edits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Welcome;

impl Welcome {
    /// Title, greeting and the first-run choices.
    pub fn model(&self, s: &Settings) -> ScreenModel {
        ScreenModel {
            title: fl!("welcome-title"),
            text: vec![TextBlock { text: fl!("welcome-intro"), alert: false }],
            controls: vec![
                prefs::language(s),
                prefs::ui_scale(s),
                prefs::theme(s),
                prefs::voicing(s),
                Control::button(START.0, fl!("welcome-start")),
            ],
        }
    }

    /// Applies a choice, or finishes the welcome.
    pub fn update(&mut self, message: Message, s: &Settings) -> Action {
        match (message.control, message.input) {
            (START, Input::Activate) => Action::ChangeAndReplace(Change::Welcomed, Kind::Bookshelf),
            (id, input) => prefs::apply(id, input, s).map_or(Action::None, Action::Change),
        }
    }
}
