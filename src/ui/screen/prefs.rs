//! The preference controls that Welcome and Settings share: one builder and
//! one input handler per preference, so both screens behave identically.

use super::Change;
use crate::a11y::{Control, ControlId, ControlKind, Input, VoicingMode};
use crate::appearance::{FontChoice, ThemeId};
use crate::fl;
use crate::i18n::Language;
use crate::listen::read_aloud::voices::{Voice, cached, installed_cached};
use crate::listen::skippable::Skippable;
use crate::reading::{RubyMode, Writing};
use crate::store::Settings;
use crate::store::settings::{
    LETTER_SPACING, LINE_LENGTH, LINE_SPACING, PARAGRAPH_SPACING, READING_SIZE, Range, SKIP_STEP, UI_SCALE,
};

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
/// Space between paragraphs of book text.
pub const PARAGRAPH_SPACING_ID: ControlId = ControlId("pref.paragraph-spacing");
/// Extra space between letters of book text.
pub const LETTER_SPACING_ID: ControlId = ControlId("pref.letter-spacing");
/// How ruby (furigana) is shown.
pub const RUBY: ControlId = ControlId("pref.ruby");
/// Vertical or horizontal writing.
pub const WRITING: ControlId = ControlId("pref.writing");
/// How far the talking-book player skips.
pub const SKIP_STEP_ID: ControlId = ControlId("pref.skip-step");
/// What a talking book leaves out while it plays, one control per structure.
pub const SKIPPING: [(Skippable, ControlId); 4] = [
    (Skippable::PageNumbers, ControlId("pref.skip-page-numbers")),
    (Skippable::Notes, ControlId("pref.skip-notes")),
    (Skippable::Sidebars, ControlId("pref.skip-sidebars")),
    (Skippable::ProducerNotes, ControlId("pref.skip-producer-notes")),
];
/// Typeface.
pub const FONT: ControlId = ControlId("pref.font");
/// Which installed font.
pub const FONT_FAMILY: ControlId = ControlId("pref.font-family");
/// Self-voicing.
pub const VOICING: ControlId = ControlId("pref.voicing");
/// The read-aloud voice for Japanese.
pub const VOICE_JA: ControlId = ControlId("pref.voice-ja");
/// The read-aloud voice for English.
pub const VOICE_EN: ControlId = ControlId("pref.voice-en");
/// The languages whose read-aloud voice can be chosen in Settings, with their control and
/// name: Japanese and English always; the languages most of Japan's foreign residents read
/// (and French) when the engines offer more than one voice for them — Mandarin or Cantonese,
/// Northern, Central or Southern Vietnamese, Brazilian or European Portuguese…
pub const VOICE_LANGUAGES: [(&str, ControlId, &str); 13] = [
    ("ja", VOICE_JA, "pref-voice-ja"),
    ("en", VOICE_EN, "pref-voice-en"),
    ("zh", ControlId("pref.voice-zh"), "pref-voice-zh"),
    ("ko", ControlId("pref.voice-ko"), "pref-voice-ko"),
    ("vi", ControlId("pref.voice-vi"), "pref-voice-vi"),
    ("tl", ControlId("pref.voice-tl"), "pref-voice-tl"),
    ("pt", ControlId("pref.voice-pt"), "pref-voice-pt"),
    ("es", ControlId("pref.voice-es"), "pref-voice-es"),
    ("ne", ControlId("pref.voice-ne"), "pref-voice-ne"),
    ("id", ControlId("pref.voice-id"), "pref-voice-id"),
    ("th", ControlId("pref.voice-th"), "pref-voice-th"),
    ("my", ControlId("pref.voice-my"), "pref-voice-my"),
    ("fr", ControlId("pref.voice-fr"), "pref-voice-fr"),
];

/// Languages whose voice choice is shown even with one voice or none installed.
const ALWAYS_SHOWN: [&str; 2] = ["ja", "en"];

/// Looks up the installed voices of every language in [`VOICE_LANGUAGES`] (engine programs
/// are run for it), so that Settings need not; for a worker thread, after start-up.
pub fn find_voices() {
    for (language, ..) in VOICE_LANGUAGES {
        installed_cached(language);
    }
}

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

/// The paragraph spacing slider.
pub fn paragraph_spacing(s: &Settings) -> Control {
    slider(PARAGRAPH_SPACING_ID, fl!("pref-paragraph-spacing"), s.paragraph_spacing, PARAGRAPH_SPACING)
}

/// The letter spacing slider.
pub fn letter_spacing(s: &Settings) -> Control {
    slider(LETTER_SPACING_ID, fl!("pref-letter-spacing"), s.letter_spacing, LETTER_SPACING)
}

/// How ruby is shown.
pub fn ruby(s: &Settings) -> Control {
    let options = RubyMode::ALL.iter().map(|r| crate::i18n::text(r.message_id())).collect();
    choice(RUBY, fl!("pref-ruby"), options, index_of(&RubyMode::ALL, &s.ruby))
}

/// Vertical or horizontal writing.
pub fn writing(s: &Settings) -> Control {
    let options = Writing::ALL.iter().map(|w| crate::i18n::text(w.message_id())).collect();
    choice(WRITING, fl!("pref-writing"), options, index_of(&Writing::ALL, &s.writing))
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

/// Which installed font (offered when the typeface choice is "installed").
pub fn font_family(s: &Settings) -> Option<Control> {
    if s.font != FontChoice::Installed {
        return None;
    }
    let families = crate::ui::fonts::installed();
    let selected = s.font_family.as_ref().and_then(|f| families.iter().position(|x| x == f)).unwrap_or(0);
    Some(choice(FONT_FAMILY, fl!("pref-font-family"), families.to_vec(), selected))
}

/// The talking-book skip step slider (seconds).
pub fn skip_step(s: &Settings) -> Control {
    let text = fl!("seconds", value = s.skip_seconds);
    slider_with(SKIP_STEP_ID, fl!("pref-skip-step"), s.skip_seconds, SKIP_STEP, text)
}

/// The control for leaving `structure` out while a talking book plays: Read or Skip.
pub fn skipping(s: &Settings, structure: Skippable) -> Control {
    let options = vec![fl!("pref-skip-read"), fl!("pref-skip-skip")];
    let id = SKIPPING.into_iter().find(|(of, _)| *of == structure).map_or(SKIPPING[0].1, |(_, id)| id);
    choice(id, crate::i18n::text(structure.message_id()), options, usize::from(s.skip.contains(&structure)))
}

/// The self-voicing choice.
pub fn voicing(s: &Settings) -> Control {
    let options = VoicingMode::ALL.iter().map(|v| crate::i18n::text(v.message_id())).collect();
    choice(VOICING, fl!("pref-voicing"), options, index_of(&VoicingMode::ALL, &s.voicing))
        .described(fl!("pref-voicing-help"))
}

/// The read-aloud voice for `language` (one of [`VOICE_LANGUAGES`]): Automatic, then every
/// voice the installed engines offer for it; `None` for a language other than Japanese and
/// English with fewer than two voices (nothing to choose), or whose voices [`find_voices`]
/// has not looked up yet (Settings never runs the engines for them itself).
pub fn read_aloud_voice(s: &Settings, language: &str) -> Option<Control> {
    let (language, id, name) = VOICE_LANGUAGES.into_iter().find(|(l, ..)| *l == language)?;
    let voices = if ALWAYS_SHOWN.contains(&language) {
        installed_cached(language)
    } else {
        cached(language).filter(|voices| voices.len() >= 2)?
    };
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
        PARAGRAPH_SPACING_ID => value(paragraph_spacing(s), PARAGRAPH_SPACING).map(Change::ParagraphSpacing),
        LETTER_SPACING_ID => value(letter_spacing(s), LETTER_SPACING).map(Change::LetterSpacing),
        RUBY => pick(ruby(s)).and_then(|i| RubyMode::ALL.get(i).copied()).map(Change::Ruby),
        WRITING => pick(writing(s)).and_then(|i| Writing::ALL.get(i).copied()).map(Change::Writing),
        SKIP_STEP_ID => value(skip_step(s), SKIP_STEP).map(Change::SkipStep),
        THEME => pick(theme(s)).and_then(|i| ThemeId::ALL.get(i).copied()).map(Change::Theme),
        FONT => pick(font(s)).and_then(|i| FontChoice::ALL.get(i).copied()).map(Change::Font),
        FONT_FAMILY => font_family(s).and_then(pick).map(Change::FontFamily),
        VOICING => pick(voicing(s)).and_then(|i| VoicingMode::ALL.get(i).copied()).map(Change::Voicing),
        _ => {
            if let Some((structure, _)) = SKIPPING.into_iter().find(|(_, control)| *control == id) {
                return pick(skipping(s, structure)).map(|i| Change::Skipping(structure, i == 1));
            }
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
        assert_eq!(apply(RUBY, Input::Step(1), &s), Some(Change::Ruby(RubyMode::Brackets)));
        assert_eq!(apply(WRITING, Input::Last, &s), Some(Change::Writing(Writing::Vertical)));
        assert_eq!(apply(LETTER_SPACING_ID, Input::Step(1), &s), Some(Change::LetterSpacing(5)));
        assert_eq!(apply(PARAGRAPH_SPACING_ID, Input::First, &s), Some(Change::ParagraphSpacing(0)));
        assert_eq!(apply(ControlId("other"), Input::Activate, &s), None);
        let notes = SKIPPING[1].1;
        assert_eq!(apply(notes, Input::Step(1), &s), Some(Change::Skipping(Skippable::Notes, true)));
        let skipping_notes = Settings { skip: [Skippable::Notes].into(), ..Settings::default() };
        assert_eq!(
            apply(notes, Input::First, &skipping_notes),
            Some(Change::Skipping(Skippable::Notes, false))
        );
        assert_eq!(apply(notes, Input::Last, &skipping_notes), None, "skipped already");
    }

    #[test]
    fn an_installed_font_is_chosen_among_those_on_this_computer() {
        let s = Settings::default();
        assert!(font_family(&s).is_none(), "offered only with the installed-font choice");
        assert_eq!(apply(FONT, Input::Last, &s), Some(Change::Font(FontChoice::Installed)));
        let s = Settings { font: FontChoice::Installed, ..Settings::default() };
        let control = font_family(&s).unwrap();
        let families = crate::ui::fonts::installed();
        // The fonts of this computer (the set-up installs some), each once, in order.
        assert!(!families.is_empty());
        assert!(families.windows(2).all(|w| w[0].to_lowercase() < w[1].to_lowercase()), "{families:?}");
        let ControlKind::Choice { options, .. } = control.kind else { panic!("not a choice") };
        assert_eq!(options, families);
        assert_eq!(apply(FONT_FAMILY, Input::Set(1), &s), Some(Change::FontFamily(1)));
    }
}
