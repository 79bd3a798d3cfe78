//! The user's preferences, saved as TOML and replaced atomically.
//!
//! A file that cannot be read is never overwritten blindly: it is moved aside
//! to `settings.toml.broken` and the defaults are used, so the user can get it
//! back and the app still starts.

use crate::a11y::VoicingMode;
use crate::appearance::{FontChoice, ThemeId};
use crate::i18n::Language;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Smallest, largest and step of the interface scale, in percent.
pub const UI_SCALE: Range = Range { min: 100, max: 300, step: 25 };
/// Smallest, largest and step of the reading text size, in percent.
pub const READING_SIZE: Range = Range { min: 100, max: 400, step: 25 };
/// Line spacing of book text, in percent of the text size.
pub const LINE_SPACING: Range = Range { min: 100, max: 250, step: 10 };
/// Longest line of book text, in characters (about).
pub const LINE_LENGTH: Range = Range { min: 20, max: 120, step: 10 };
/// Space between paragraphs of book text, in percent of the text size.
pub const PARAGRAPH_SPACING: Range = Range { min: 0, max: 300, step: 20 };
/// Extra space between letters of book text, in percent of the text size.
pub const LETTER_SPACING: Range = Range { min: 0, max: 50, step: 5 };
/// How far the talking-book player skips, in seconds.
pub const SKIP_STEP: Range = Range { min: 5, max: 60, step: 5 };

/// A bounded percentage setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Lowest allowed value.
    pub min: u16,
    /// Highest allowed value.
    pub max: u16,
    /// One keyboard step.
    pub step: u16,
}

impl Range {
    /// Clamps `value` into the range.
    pub fn clamp(self, value: i32) -> u16 {
        u16::try_from(value.clamp(i32::from(self.min), i32::from(self.max))).unwrap_or(self.min)
    }
}

/// Everything the user can choose, as saved on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Format version of the file, for future migrations.
    pub version: u32,
    /// Whether the first-run welcome has been completed.
    pub welcomed: bool,
    /// Interface language.
    pub language: Language,
    /// Interface scale in percent (100–300).
    pub ui_scale: u16,
    /// Reading text size in percent (100–400).
    pub reading_size: u16,
    /// Colour theme.
    pub theme: ThemeId,
    /// Typeface for the interface and books.
    pub font: FontChoice,
    /// The installed font family used when `font` is [`FontChoice::Installed`].
    pub font_family: Option<String>,
    /// Whether the app speaks for itself.
    pub voicing: VoicingMode,
    /// Line spacing of book text, percent (100–250).
    pub line_spacing: u16,
    /// Longest line of book text, in characters (20–120).
    pub line_length: u16,
    /// Space between paragraphs of book text, percent of the text size (0–300).
    pub paragraph_spacing: u16,
    /// Extra space between letters of book text, percent of the text size (0–50).
    pub letter_spacing: u16,
    /// How ruby (furigana) is shown.
    pub ruby: crate::reading::RubyMode,
    /// Vertical or horizontal writing for books.
    pub writing: crate::reading::Writing,
    /// How far the talking-book player skips forward or back, in seconds (5–60).
    pub skip_seconds: u16,
    /// What a talking book leaves out while it plays (page numbers, notes…).
    pub skip: std::collections::BTreeSet<crate::listen::skippable::Skippable>,
    /// The read-aloud voice chosen per language: primary language subtag (`ja`, `en`) →
    /// `engine:name` (`espeak-ng:English (Scotland)`, `open-jtalk:mei_normal`). A language
    /// without an entry is read by the engine's own voice for it.
    pub voices: BTreeMap<String, String>,
    /// Folders books were recently opened from, newest first.
    pub recent_places: Vec<PathBuf>,
    /// Libraries the patron added (the built-in demo library is always offered besides).
    /// Card numbers and PINs are never kept here: they live in the system keyring.
    pub libraries: Vec<SavedLibrary>,
}

/// A library the patron added, by its catalog address.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedLibrary {
    /// Its name, as its catalog or authentication document gives it.
    pub title: String,
    /// The catalog's start address.
    pub url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: 1,
            welcomed: false,
            language: Language::English,
            ui_scale: 100,
            reading_size: 150,
            theme: ThemeId::Light,
            font: FontChoice::Automatic,
            font_family: None,
            voicing: VoicingMode::Automatic,
            line_spacing: 150,
            line_length: 60,
            paragraph_spacing: 80,
            letter_spacing: 0,
            ruby: crate::reading::RubyMode::Above,
            writing: crate::reading::Writing::Book,
            skip_seconds: 10,
            skip: std::collections::BTreeSet::new(),
            voices: BTreeMap::new(),
            recent_places: Vec::new(),
            libraries: Vec::new(),
        }
    }
}

/// Why settings could not be loaded or saved.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but could not be read.
    #[error("cannot read settings file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: Arc<std::io::Error>,
    },
    /// The file is not valid settings; it was moved to `moved_to`.
    #[error("settings file {path} is damaged ({reason}); it was kept as {moved_to}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// Where the damaged copy was kept.
        moved_to: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// Writing the file failed; the previous file is untouched.
    #[error("cannot save settings to {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: Arc<std::io::Error>,
    },
}

impl Settings {
    /// Brings out-of-range values (a hand-edited file) back into range.
    pub fn normalized(mut self) -> Self {
        self.ui_scale = UI_SCALE.clamp(i32::from(self.ui_scale));
        self.reading_size = READING_SIZE.clamp(i32::from(self.reading_size));
        self.line_spacing = LINE_SPACING.clamp(i32::from(self.line_spacing));
        self.line_length = LINE_LENGTH.clamp(i32::from(self.line_length));
        self.paragraph_spacing = PARAGRAPH_SPACING.clamp(i32::from(self.paragraph_spacing));
        self.letter_spacing = LETTER_SPACING.clamp(i32::from(self.letter_spacing));
        self.skip_seconds = SKIP_STEP.clamp(i32::from(self.skip_seconds));
        // Voices: language keys lower-case; entries that are not a voice id are dropped.
        self.voices = std::mem::take(&mut self.voices)
            .into_iter()
            .map(|(language, voice)| (language.trim().to_ascii_lowercase(), voice))
            .filter(|(language, voice)| {
                (1..=8).contains(&language.len())
                    && language.chars().all(|c| c.is_ascii_lowercase())
                    && crate::listen::read_aloud::voices::Voice::from_id(voice).is_some()
            })
            .collect();
        self
    }

    /// How many recent places are remembered.
    pub const RECENT_PLACES: usize = 5;

    /// Puts `folder` first among the recent places.
    pub fn remember_place(&mut self, folder: PathBuf) {
        self.recent_places.retain(|p| *p != folder);
        self.recent_places.insert(0, folder);
        self.recent_places.truncate(Self::RECENT_PLACES);
    }

    /// Loads settings from `path`.
    ///
    /// A missing file gives `Ok(None)` (first run). A damaged file is moved
    /// aside and reported as [`SettingsError::Damaged`]; the caller continues
    /// with defaults.
    ///
    /// # Errors
    /// [`SettingsError::Read`] or [`SettingsError::Damaged`].
    pub fn load(path: &Path) -> Result<Option<Self>, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    return Err(Self::move_aside(path, e.to_string()));
                }
                return Err(SettingsError::Read { path: path.to_path_buf(), source: Arc::new(e) });
            }
        };
        match toml::from_str::<Settings>(&text) {
            Ok(settings) => Ok(Some(settings.normalized())),
            Err(e) => Err(Self::move_aside(path, e.message().to_owned())),
        }
    }

    /// Reads settings without side effects: `None` when missing or damaged
    /// (the damage is handled by [`Settings::load`] later).
    pub fn peek(path: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        toml::from_str::<Settings>(&text).ok().map(Settings::normalized)
    }

    fn move_aside(path: &Path, reason: String) -> SettingsError {
        let mut moved_to = path.as_os_str().to_owned();
        moved_to.push(".broken");
        let moved_to = PathBuf::from(moved_to);
        if let Err(e) = std::fs::rename(path, &moved_to) {
            tracing::warn!("could not move damaged settings aside: {e}");
        }
        SettingsError::Damaged { path: path.to_path_buf(), moved_to, reason }
    }

    /// Saves settings to `path` atomically.
    ///
    /// # Errors
    /// [`SettingsError::Write`] when the file cannot be written; the previous
    /// file is then unchanged.
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let text = toml::to_string_pretty(self).map_err(|e| SettingsError::Write {
            path: path.to_path_buf(),
            source: Arc::new(std::io::Error::other(e)),
        })?;
        crate::store::atomic::write(path, text.as_bytes())
            .map_err(|e| SettingsError::Write { path: path.to_path_buf(), source: Arc::new(e) })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn the_skip_step_starts_at_ten_seconds_and_stays_in_range() {
        assert_eq!(Settings::default().skip_seconds, 10);
        for (written, kept) in [(3, 5), (25, 25), (600, 60)] {
            let s: Settings = toml::from_str(&format!("skip_seconds = {written}")).unwrap();
            assert_eq!(s.normalized().skip_seconds, kept, "{written}");
        }
        let old: Settings = toml::from_str("ui_scale = 150").unwrap();
        assert_eq!(old.skip_seconds, 10, "settings written before the step existed");
    }

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        assert_eq!(Settings::load(&path).unwrap(), None);
        let s = Settings {
            welcomed: true,
            language: Language::EasyJapanese,
            ui_scale: 250,
            theme: ThemeId::YellowOnBlack,
            voicing: VoicingMode::Off,
            ..Settings::default()
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), Some(s));
    }

    #[test]
    fn recent_places_are_newest_first_without_repeats() {
        let mut s = Settings::default();
        for p in ["/a", "/b", "/a", "/c", "/d", "/e", "/f"] {
            s.remember_place(PathBuf::from(p));
        }
        let got: Vec<_> = s.recent_places.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(got, ["/f", "/e", "/d", "/c", "/a"]);
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "ui_scale = 900\nreading_size = 10\n").unwrap();
        let s = Settings::load(&path).unwrap().unwrap();
        assert_eq!((s.ui_scale, s.reading_size), (300, 100));
    }

    #[test]
    fn a_damaged_file_is_kept_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "theme = [[[ not toml").unwrap();
        match Settings::load(&path) {
            Err(SettingsError::Damaged { moved_to, .. }) => {
                assert_eq!(std::fs::read_to_string(moved_to).unwrap(), "theme = [[[ not toml");
                assert!(!path.exists());
            }
            other => panic!("expected Damaged, got {other:?}"),
        }
    }

    #[test]
    fn voices_per_language_are_kept_and_odd_entries_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        let mut s = Settings::default();
        s.voices.insert("en".into(), "espeak-ng:English (Scotland)".into());
        s.voices.insert("ja".into(), "open-jtalk:mei_normal".into());
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), Some(s.clone()));
        std::fs::write(
            &path,
            "version = 1\n[voices]\nEN = \"espeak-ng:English (America)\"\nfr = \"festival:x\"\n\"\" = \"espeak-ng:x\"\n",
        )
        .unwrap();
        let read = Settings::load(&path).unwrap().unwrap();
        assert_eq!(read.voices.len(), 1, "{:?}", read.voices);
        assert_eq!(read.voices.get("en").map(String::as_str), Some("espeak-ng:English (America)"));
    }

    #[test]
    fn files_from_older_versions_with_missing_keys_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "version = 1\nlanguage = \"ja\"\n").unwrap();
        let s = Settings::load(&path).unwrap().unwrap();
        assert_eq!(s.language, Language::Japanese);
        assert_eq!(s.theme, Settings::default().theme);
        assert!(s.voices.is_empty(), "written before voices could be chosen");
    }
}
