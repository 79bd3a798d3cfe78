//! The preference controls that Welcome and Settings share: one builder and
//! one input handler per preference, so both screens behave identically.

use super::Change;
use crate::a11y::{Control, ControlId, ControlKind, Input, VoicingMode};
use crate::appearance::{FontChoice, ThemeId};
use crate::fl;
use crate::i18n::Language;
use crate::listen::read_aloud::voices::{Voice, installed_cached};
use crate::store::Settings;
use crate::store::settings::{LINE_LENGTH, LINE_SPACING, READING_SIZE, Range, SKIP_STEP, UI_SCALE};

/// Interface language.
pub const LANGUAGE: ControlId = ControlId("pref.language");
/// Interface scale.
pub const UI_SCALE_ID: ControlId = ControlId("pref.ui-scale");
/// Reading text size.
pub const READING_SIZE_ID: ControlId = ControlId("pref.reading-size");
/// Colour theme.
pub const THEME: ControlId = ControlId("pref.theme");
/// Line spacing of book text.
pub const LINE_SPACING_ID: ControlId = ControlId("pref.line-spacing");
/// Longest line of book text.
pub const LINE_LENGTH_ID: ControlId = ControlId("pref.line-length");
/// How far the talking-book player skips.
pub const SKIP_STEP_ID: ControlId = ControlId("pref.skip-step");
/// Typeface.
pub const FONT: ControlId = ControlId("pref.font");
/// Self-voicing.
pub const VOICING: ControlId = ControlId("pref.voicing");
/// The read-aloud voice for Japanese.
pub const VOICE_JA: ControlId = ControlId("pref.voice-ja");
/// The read-aloud voice for English.
pub const VOICE_EN: ControlId = ControlId("pref.voice-en");
/// The languages whose read-aloud voice is chosen in Settings, with their control and name.
pub const VOICE_LANGUAGES: [(&str, ControlId, &str); 2] =
    [("ja", VOICE_JA, "pref-voice-ja"), ("en", VOICE_EN, "pref-voice-en")];

fn choice(id: ControlId, name: String, options: Vec<String>, selected: usize) -> Control {
    Control { id, name, description: None, kind: ControlKind::Choice { options, selected } }
}

fn slider(id: ControlId, name: String, value: u16, range: Range) -> Control {
    slider_with(id, name, value, range, fl!("percent", value = value))
}

fn slider_with(id: ControlId, name: String, value: u16, range: Range, value_text: String) -> Control {
    Control {
        id,
        name,
        description: None,
        kind: ControlKind::Slider {
            value: i32::from(value),
            min: i32::from(range.min),
            max: i32::from(range.max),
            step: i32::from(range.step),
            value_text,
        },
    }
}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|v| v == value).unwrap_or(0)
}

/// The language choice (each language named in itself).
pub fn language(s: &Settings) -> Control {
    let options = Language::ALL.iter().map(|l| l.native_name().to_owned()).collect();
    choice(LANGUAGE, fl!("pref-language"), options, index_of(&Language::ALL, &s.language))
}

/// The interface scale slider.
pub fn ui_scale(s: &Settings) -> Control {
    slider(UI_SCALE_ID, fl!("pref-ui-scale"), s.ui_scale, UI_SCALE).described(fl!("pref-ui-scale-help"))
}

/// The reading text size slider.
pub fn reading_size(s: &Settings) -> Control {
    slider(READING_SIZE_ID, fl!("pref-reading-size"), s.reading_size, READING_SIZE)
}

/// The line spacing slider.
pub fn line_spacing(s: &Settings) -> Control {
    slider(LINE_SPACING_ID, fl!("pref-line-spacing"), s.line_spacing, LINE_SPACING)
}

/// The longest-line slider (margins follow from it).
pub fn line_length(s: &Settings) -> Control {
    let text = fl!("characters", value = s.line_length);
    slider_with(LINE_LENGTH_ID, fl!("pref-line-length"), s.line_length, LINE_LENGTH, text)
}

/// The colour theme choice.
pub fn theme(s: &Settings) -> Control {
    let options = ThemeId::ALL.iter().map(|t| crate::i18n::text(t.message_id())).collect();
    choice(THEME, fl!("pref-theme"), options, index_of(&ThemeId::ALL, &s.theme))
}

/// The typeface choice.
pub fn font(s: &Settings) -> Control {
    let options = FontChoice::ALL.iter().map(|f| crate::i18n::text(f.message_id())).collect();
    choice(FONT, fl!("pref-font"), options, index_of(&FontChoice::ALL, &s.font))
}

/// The talking-book skip step slider (seconds).
pub fn skip_step(s: &Settings) -> Control {
    let text = fl!("seconds", value = s.skip_seconds);
    slider_with(SKIP_STEP_ID, fl!("pref-skip-step"), s.skip_seconds, SKIP_STEP, text)
}

/// The self-voicing choice.
pub fn voicing(s: &Settings) -> Control {
    let options = VoicingMode::ALL.iter().map(|v| crate::i18n::text(v.message_id())).collect();
    choice(VOICING, fl!("pref-voicing"), options, index_of(&VoicingMode::ALL, &s.voicing))
        .described(fl!("pref-voicing-help"))
}

/// The read-aloud voice for `language` (one of [`VOICE_LANGUAGES`]): Automatic, then every
/// voice the installed engines offer for it.
pub fn read_aloud_voice(s: &Settings, language: &str) -> Option<Control> {
    let (language, id, name) = VOICE_LANGUAGES.into_iter().find(|(l, ..)| *l == language)?;
    let voices = installed_cached(language);
    let mut options = vec![fl!("pref-voice-automatic")];
    options.extend(voices.iter().map(Voice::label));
    let chosen = s.voices.get(language);
    let selected = chosen.and_then(|c| voices.iter().position(|v| v.id() == *c)).map_or(0, |i| i + 1);
    Some(choice(id, crate::i18n::text(name), options, selected).described(fl!("pref-voice-help")))
}

/// The settings change that `input` on preference control `id` asks for.
pub fn apply(id: ControlId, input: Input, s: &Settings) -> Option<Change> {
    let pick = |control: Control| control.kind.apply(input).and_then(|v| usize::try_from(v).ok());
    let value = |control: Control, range: Range| control.kind.apply(input).map(|v| range.clamp(v));
    match id {
        LANGUAGE => pick(language(s)).and_then(|i| Language::ALL.get(i).copied()).map(Change::Language),
        UI_SCALE_ID => value(ui_scale(s), UI_SCALE).map(Change::UiScale),
        READING_SIZE_ID => value(reading_size(s), READING_SIZE).map(Change::ReadingSize),
        LINE_SPACING_ID => value(line_spacing(s), LINE_SPACING).map(Change::LineSpacing),
        LINE_LENGTH_ID => value(line_length(s), LINE_LENGTH).map(Change::LineLength),
        SKIP_STEP_ID => value(skip_step(s), SKIP_STEP).map(Change::SkipStep),
        THEME => pick(theme(s)).and_then(|i| ThemeId::ALL.get(i).copied()).map(Change::Theme),
        FONT => pick(font(s)).and_then(|i| FontChoice::ALL.get(i).copied()).map(Change::Font),
        VOICING => pick(voicing(s)).and_then(|i| VoicingMode::ALL.get(i).copied()).map(Change::Voicing),
        _ => {
            let (language, ..) = VOICE_LANGUAGES.into_iter().find(|(_, control, _)| *control == id)?;
            let choice = pick(read_aloud_voice(s, language)?)?;
            Some(Change::ReadAloudVoice { language, choice })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_become_setting_changes() {
        let s = Settings::default();
        assert_eq!(apply(UI_SCALE_ID, Input::Step(1), &s), Some(Change::UiScale(125)));
        assert_eq!(apply(UI_SCALE_ID, Input::Step(-1), &s), None);
        assert_eq!(apply(READING_SIZE_ID, Input::Last, &s), Some(Change::ReadingSize(400)));
        assert_eq!(apply(THEME, Input::Set(3), &s), Some(Change::Theme(ThemeId::YellowOnBlack)));
        assert_eq!(apply(LANGUAGE, Input::Step(1), &s), Some(Change::Language(Language::Japanese)));
        assert_eq!(apply(VOICING, Input::Last, &s), Some(Change::Voicing(VoicingMode::Off)));
        assert_eq!(apply(ControlId("other"), Input::Activate, &s), None);
    }
}
