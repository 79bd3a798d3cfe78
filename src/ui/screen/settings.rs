//! Settings: every preference, applied live and saved at once.

use super::{Action, Message, prefs};
use crate::a11y::{Control, ControlId, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::store::Settings;

/// Returns to the previous screen.
pub const BACK: ControlId = ControlId("settings.back");

/// The settings screen (its state is the settings it edits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SettingsScreen;

impl SettingsScreen {
    /// Every preference, then Back.
    pub fn model(&self, s: &Settings) -> ScreenModel {
        let mut controls = vec![
            prefs::language(s),
            prefs::ui_scale(s),
            prefs::reading_size(s),
            prefs::line_spacing(s),
            prefs::line_length(s),
            prefs::paragraph_spacing(s),
            prefs::letter_spacing(s),
            prefs::ruby(s),
            prefs::writing(s),
            prefs::font(s),
        ];
        controls.extend(prefs::font_family(s));
        controls.extend([prefs::theme(s), prefs::voicing(s), prefs::skip_step(s)]);
        controls.extend(prefs::SKIPPING.iter().map(|(structure, _)| prefs::skipping(s, *structure)));
        controls.extend(
            prefs::VOICE_LANGUAGES.iter().filter_map(|(language, ..)| prefs::read_aloud_voice(s, language)),
        );
        controls.push(Control::button(BACK.0, fl!("back")));
        ScreenModel {
            title: fl!("settings-title"),
            text: vec![TextBlock { text: fl!("settings-intro"), alert: false }],
            controls,
        }
    }

    /// Applies a preference, or goes back.
    pub fn update(&mut self, message: Message, s: &Settings) -> Action {
        match (message.control, message.input) {
            (BACK, Input::Activate) => Action::Back,
            (id, input) => prefs::apply(id, input, s).map_or(Action::None, Action::Change),
        }
    }
}
