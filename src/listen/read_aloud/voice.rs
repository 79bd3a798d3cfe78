//! Which voice reads which language, and how fast, high and loud, per language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ruby::is_japanese_tag;

/// A speech engine that Tomoshibi runs as a separate program (never linked: espeak-ng is
/// GPL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// Open JTalk (BSD-3) with an HTS voice: reads Japanese, kanji included.
    OpenJtalk,
    /// espeak-ng: many languages; for Japanese it reads kana only.
    EspeakNg,
}

impl Engine {
    /// The speech-dispatcher output module name in the private configuration written by
    /// `speechd_config`.
    pub fn module(self) -> &'static str {
        match self {
            Self::OpenJtalk => "open-jtalk",
            Self::EspeakNg => "espeak-ng",
        }
    }
}

/// The voice chosen for a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceChoice {
    /// The engine to use.
    pub engine: Engine,
    /// The language to ask the engine for (BCP 47, lowercase; `"ja"`, `"en-us"`).
    pub language: String,
    /// True when the engine cannot read this language well (Japanese on espeak-ng reads
    /// kana only): the interface should say so and offer to install Open JTalk.
    pub degraded: bool,
    /// The voice the patron chose for this language (see [`super::voices::Voice::name`]);
    /// `None`: the engine's own for the language.
    pub voice: Option<String>,
}

/// Picks the engine for the BCP 47 `tag`: Japanese → Open JTalk when it is installed,
/// everything else → espeak-ng. An empty or `und` tag is read as English.
pub fn choose_voice(tag: &str, open_jtalk_installed: bool) -> VoiceChoice {
    let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
    if is_japanese_tag(&tag) {
        return if open_jtalk_installed {
            VoiceChoice { engine: Engine::OpenJtalk, language: "ja".into(), degraded: false, voice: None }
        } else {
            VoiceChoice { engine: Engine::EspeakNg, language: "ja".into(), degraded: true, voice: None }
        };
    }
    let language = if tag.is_empty() || tag == "und" { "en".to_owned() } else { espeak_language(&tag) };
    VoiceChoice { engine: Engine::EspeakNg, language, degraded: false, voice: None }
}

/// Like [`choose_voice`], with the voice the patron chose for the language in `picks`
/// (primary subtag → voice id): its engine and name. A chosen Open JTalk voice while Open
/// JTalk is not installed is left aside.
pub fn choose_voice_for(
    tag: &str,
    open_jtalk_installed: bool,
    picks: &BTreeMap<String, String>,
) -> VoiceChoice {
    let mut choice = choose_voice(tag, open_jtalk_installed);
    if let Some(voice) = super::voices::picked(picks, tag)
        && (voice.engine != Engine::OpenJtalk || open_jtalk_installed)
    {
        choice.degraded = voice.engine == Engine::EspeakNg && is_japanese_tag(&choice.language);
        choice.engine = voice.engine;
        choice.voice = Some(voice.name);
    }
    choice
}

/// espeak-ng names most voices by the primary subtag, a few by region (`en-us`, `pt-br`).
fn espeak_language(tag: &str) -> String {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("en");
    let region = parts.find(|p| p.len() == 2);
    match (primary, region) {
        ("en", Some("us")) => "en-us".into(),
        ("en", Some("gb" | "uk")) => "en-gb".into(),
        ("pt", Some("br")) => "pt-br".into(),
        ("es", Some("mx" | "us")) => "es-419".into(),
        ("zh", Some("tw" | "hk")) => "yue".into(),
        ("zh", _) => "cmn".into(),
        ("en", _) => "en".into(),
        _ => primary.into(),
    }
}

/// How one language is spoken.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoiceSettings {
    /// Speed factor: 1.0 normal, 0.5 half, 3.0 three times. Clamped to 0.5 ..= 3.0.
    pub rate: f32,
    /// Pitch shift, -1.0 (lowest) ..= 1.0 (highest); 0.0 is the voice's own.
    pub pitch: f32,
    /// Volume, 0.0 ..= 1.0.
    pub volume: f32,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        Self { rate: 1.0, pitch: 0.0, volume: 1.0 }
    }
}

impl VoiceSettings {
    /// The rate factor, clamped.
    pub fn rate_factor(&self) -> f32 {
        if self.rate.is_finite() { self.rate.clamp(0.5, 3.0) } else { 1.0 }
    }

    /// The speech-dispatcher rate (-100 ..= 100) for [`Self::rate`]. The private
    /// configuration maps rate r to Open JTalk speed 1 + r/100 and espeak-ng's own scale;
    /// 0.5 → -50, 1.0 → 0, 2.0 and above → 100.
    pub fn ssip_rate(&self) -> i32 {
        let factor = self.rate_factor();
        ((factor - 1.0) * 100.0).round().clamp(-100.0, 100.0) as i32
    }

    /// The speech-dispatcher pitch (-100 ..= 100).
    pub fn ssip_pitch(&self) -> i32 {
        let pitch = if self.pitch.is_finite() { self.pitch } else { 0.0 };
        (pitch.clamp(-1.0, 1.0) * 100.0).round() as i32
    }

    /// The speech-dispatcher volume (-100 ..= 100; 100 is full).
    pub fn ssip_volume(&self) -> i32 {
        let volume = if self.volume.is_finite() { self.volume } else { 1.0 };
        (volume.clamp(0.0, 1.0) * 200.0 - 100.0).round() as i32
    }

    /// espeak-ng words per minute (`-s`): 175 at 1.0, within espeak-ng's 80 ..= 450.
    pub fn espeak_wpm(&self) -> u32 {
        (175.0 * self.rate_factor()).round().clamp(80.0, 450.0) as u32
    }

    /// espeak-ng pitch (`-p`, 0 ..= 99; 50 is normal).
    pub fn espeak_pitch(&self) -> u32 {
        (50.0 + self.ssip_pitch() as f32 / 2.0).round().clamp(0.0, 99.0) as u32
    }

    /// espeak-ng amplitude (`-a`, 0 ..= 200; 100 is normal).
    pub fn espeak_amplitude(&self) -> u32 {
        let volume = if self.volume.is_finite() { self.volume } else { 1.0 };
        (volume.clamp(0.0, 1.0) * 100.0).round() as u32
    }

    /// Open JTalk speed (`-r`), the rate factor itself.
    pub fn open_jtalk_speed(&self) -> f32 {
        self.rate_factor()
    }

    /// Open JTalk half-tone shift (`-fm`), ±6 semitones at the ends of the pitch range.
    pub fn open_jtalk_half_tone(&self) -> f32 {
        self.ssip_pitch() as f32 * 0.06
    }

    /// Open JTalk volume in dB (`-g`): 0 at full volume, -40 at the bottom.
    pub fn open_jtalk_gain_db(&self) -> f32 {
        let volume = if self.volume.is_finite() { self.volume } else { 1.0 };
        (1.0 - volume.clamp(0.0, 1.0)) * -40.0
    }
}

/// Read-aloud settings: a default and overrides per primary language subtag. Stored with
/// the app's settings (serde; unknown fields ignored, missing ones defaulted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadAloudSettings {
    /// Used for languages without their own entry.
    pub default: VoiceSettings,
    /// Per language, keyed by primary subtag (`"ja"`, `"en"`).
    pub languages: BTreeMap<String, VoiceSettings>,
    /// The voice chosen per language (primary subtag → `engine:name`, see
    /// [`super::voices::Voice::id`]); a language without one gets the engine's own.
    pub voices: BTreeMap<String, String>,
}

impl ReadAloudSettings {
    /// The settings for BCP 47 `tag`.
    pub fn for_language(&self, tag: &str) -> VoiceSettings {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        self.languages.get(&primary).copied().unwrap_or(self.default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voices_per_language() {
        for (tag, installed, engine, language, degraded) in [
            ("ja", true, Engine::OpenJtalk, "ja", false),
            ("ja-JP", true, Engine::OpenJtalk, "ja", false),
            ("ja_JP", false, Engine::EspeakNg, "ja", true),
            ("en", true, Engine::EspeakNg, "en", false),
            ("en-US", true, Engine::EspeakNg, "en-us", false),
            ("en-GB", true, Engine::EspeakNg, "en-gb", false),
            ("pt-BR", true, Engine::EspeakNg, "pt-br", false),
            ("zh-Hans-CN", true, Engine::EspeakNg, "cmn", false),
            ("fr-CA", true, Engine::EspeakNg, "fr", false),
            ("", true, Engine::EspeakNg, "en", false),
            ("und", true, Engine::EspeakNg, "en", false),
        ] {
            let choice = choose_voice(tag, installed);
            assert_eq!(
                (choice.engine, choice.language.as_str(), choice.degraded),
                (engine, language, degraded),
                "{tag}"
            );
        }
        assert_eq!(Engine::OpenJtalk.module(), "open-jtalk");
    }

    #[test]
    fn a_chosen_voice_wins_over_the_automatic_one() {
        let mut picks = BTreeMap::new();
        picks.insert("en".to_owned(), "espeak-ng:English (Scotland)".to_owned());
        picks.insert("ja".to_owned(), "espeak-ng:Japanese".to_owned());
        let en = choose_voice_for("en-US", true, &picks);
        assert_eq!((en.engine, en.voice.as_deref()), (Engine::EspeakNg, Some("English (Scotland)")));
        let ja = choose_voice_for("ja", true, &picks);
        assert_eq!((ja.engine, ja.voice.as_deref(), ja.degraded), (Engine::EspeakNg, Some("Japanese"), true));
        picks.insert("ja".to_owned(), "open-jtalk:mei_normal".to_owned());
        let ja = choose_voice_for("ja-JP", true, &picks);
        assert_eq!(
            (ja.engine, ja.voice.as_deref(), ja.degraded),
            (Engine::OpenJtalk, Some("mei_normal"), false)
        );
        let without = choose_voice_for("ja", false, &picks);
        assert_eq!((without.engine, without.voice), (Engine::EspeakNg, None), "Open JTalk is not installed");
        assert_eq!(choose_voice_for("fr", true, &picks).voice, None);
    }

    #[test]
    fn scales() {
        let s = |rate, pitch, volume| VoiceSettings { rate, pitch, volume };
        assert_eq!(s(1.0, 0.0, 1.0).ssip_rate(), 0);
        assert_eq!(s(0.5, 0.0, 1.0).ssip_rate(), -50);
        assert_eq!(s(2.0, 0.0, 1.0).ssip_rate(), 100);
        assert_eq!(s(9.0, 0.0, 1.0).ssip_rate(), 100);
        assert_eq!(s(f32::NAN, 0.0, 1.0).ssip_rate(), 0);
        assert_eq!(s(1.0, 0.0, 1.0).espeak_wpm(), 175);
        assert_eq!(s(3.0, 0.0, 1.0).espeak_wpm(), 450);
        assert_eq!(s(1.0, -1.0, 0.0).ssip_pitch(), -100);
        assert_eq!(s(1.0, 0.0, 0.5).ssip_volume(), 0);
        assert_eq!(s(1.0, 0.0, 1.0).espeak_pitch(), 50);
        assert!((s(1.0, 0.0, 1.0).open_jtalk_gain_db()).abs() < f32::EPSILON);
    }

    #[test]
    fn settings_round_trip_and_tolerate_old_files() {
        let mut settings = ReadAloudSettings::default();
        settings.languages.insert("ja".into(), VoiceSettings { rate: 1.5, ..VoiceSettings::default() });
        let json = serde_json::to_string(&settings).unwrap();
        assert_eq!(serde_json::from_str::<ReadAloudSettings>(&json).unwrap(), settings);
        assert!((settings.for_language("ja-JP").rate - 1.5).abs() < f32::EPSILON);
        assert!((settings.for_language("en").rate - 1.0).abs() < f32::EPSILON);
        let old: ReadAloudSettings = toml::from_str("[languages.en]\nrate = 2.0\nfuture = 1\n").unwrap();
        assert!((old.for_language("en").rate - 2.0).abs() < f32::EPSILON);
        assert!((old.for_language("en").volume - 1.0).abs() < f32::EPSILON);
    }
}
