//! The voices the installed engines offer for a language, for the patron to choose per
//! language: Open JTalk's HTS voices (`*.htsvoice` in the voices folder) and espeak-ng's
//! voices (the same names speech-dispatcher's espeak-ng module lists, so one choice serves
//! reading aloud and audio export). A choice is kept as `engine:name`, e.g.
//! `espeak-ng:English (Scotland)` or `open-jtalk:mei_normal`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::process;
use super::voice::Engine;

/// A voice of an engine.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Voice {
    /// The engine.
    pub engine: Engine,
    /// Its name for the engine: an espeak-ng voice name (`English (America)`), or the file
    /// name of an HTS voice without `.htsvoice` (`mei_normal`).
    pub name: String,
}

impl Voice {
    /// `engine:name`, as kept in the settings.
    pub fn id(&self) -> String {
        format!("{}:{}", self.engine.module(), self.name)
    }

    /// Reads an [`Self::id`]; `None` for anything else.
    pub fn from_id(id: &str) -> Option<Self> {
        let (engine, name) = id.split_once(':')?;
        let engine = [Engine::OpenJtalk, Engine::EspeakNg].into_iter().find(|e| e.module() == engine)?;
        let name = name.trim();
        let plain =
            !name.is_empty() && name.len() <= 100 && !name.chars().any(|c| c.is_control() || c == '/');
        plain.then(|| Self { engine, name: name.to_owned() })
    }

    /// How the voice is named to the patron: the engine, then the voice.
    pub fn label(&self) -> String {
        let engine = match self.engine {
            Engine::OpenJtalk => "Open JTalk",
            Engine::EspeakNg => "eSpeak NG",
        };
        format!("{engine}: {}", self.name)
    }
}

/// The primary language subtag of BCP 47 `tag`, lower-case (`ja` for `ja-JP`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The voice chosen for `tag`'s language in `picks` (primary subtag → voice id), if any.
pub fn picked(picks: &BTreeMap<String, String>, tag: &str) -> Option<Voice> {
    picks.get(&primary(tag)).and_then(|id| Voice::from_id(id))
}

/// The voice names in `espeak-ng --voices=LANG` output (spaces for its underscores), without
/// MBROLA voices (they need MBROLA, which speech-dispatcher's espeak-ng module leaves out) and
/// variants.
pub fn parse_espeak_voices(listing: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in listing.lines().skip(1) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let (Some(language), Some(name), Some(file)) = (columns.get(1), columns.get(3), columns.get(4))
        else {
            continue;
        };
        if *language == "variant" || file.starts_with("mb/") || file.starts_with("!v") {
            continue;
        }
        let name = name.replace('_', " ");
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// espeak-ng's voices for `language` (none when espeak-ng is not installed).
pub fn espeak_voices(language: &str) -> Vec<Voice> {
    let Some(program) = process::find_program("espeak-ng") else { return Vec::new() };
    let mut command = Command::new(program);
    command.arg(format!("--voices={}", primary(language)));
    match process::run(command, b"", Duration::from_secs(5)) {
        Ok(done) if done.status.success() => parse_espeak_voices(&String::from_utf8_lossy(&done.stdout))
            .into_iter()
            .map(|name| Voice { engine: Engine::EspeakNg, name })
            .collect(),
        _ => Vec::new(),
    }
}

/// The HTS voices in `voices_dir` for Open JTalk, when Open JTalk and its dictionary are
/// installed (Japanese only).
pub fn open_jtalk_voices(voices_dir: &Path) -> Vec<Voice> {
    if super::synth::OpenJtalk::locate(voices_dir).is_err() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(voices_dir) else { return Vec::new() };
    let mut voices: Vec<Voice> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "htsvoice"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter_map(|stem| Voice::from_id(&format!("{}:{stem}", Engine::OpenJtalk.module())))
        .collect();
    voices.sort_by(|a, b| a.name.cmp(&b.name));
    voices
}

/// Every voice for `language`: Open JTalk's first for Japanese, then espeak-ng's.
pub fn installed(language: &str, voices_dir: &Path) -> Vec<Voice> {
    let mut voices = if primary(language) == "ja" { open_jtalk_voices(voices_dir) } else { Vec::new() };
    voices.extend(espeak_voices(language));
    voices
}

/// The voices looked up so far, per primary language subtag.
static CACHE: Mutex<BTreeMap<String, Vec<Voice>>> = Mutex::new(BTreeMap::new());

/// [`installed`] for the default voices folder, looked up once per language and run (the
/// Settings screen asks on every redraw). The engines' programs run without holding the
/// cache, so asking for a language already looked up never waits for another's lookup.
pub fn installed_cached(language: &str) -> Vec<Voice> {
    if let Some(voices) = cached(language) {
        return voices;
    }
    let key = primary(language);
    let voices = installed(&key, &super::synth::default_voices_dir().unwrap_or_default());
    CACHE.lock().unwrap_or_else(PoisonError::into_inner).entry(key).or_insert(voices).clone()
}

/// The voices for `language` if they were looked up already (`None`: not yet; nothing is run).
pub fn cached(language: &str) -> Option<Vec<Voice>> {
    CACHE.lock().unwrap_or_else(PoisonError::into_inner).get(&primary(language)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_odd_ones_are_refused() {
        let voice = Voice { engine: Engine::EspeakNg, name: "English (Scotland)".into() };
        assert_eq!(voice.id(), "espeak-ng:English (Scotland)");
        assert_eq!(Voice::from_id(&voice.id()), Some(voice.clone()));
        assert_eq!(Voice::from_id("open-jtalk:mei_normal").map(|v| v.engine), Some(Engine::OpenJtalk));
        for bad in
            ["", "espeak-ng", "espeak-ng:", "festival:x", "open-jtalk:../../etc/passwd", "espeak-ng:a\nb"]
        {
            assert_eq!(Voice::from_id(bad), None, "{bad:?}");
        }
        let mut picks = BTreeMap::new();
        picks.insert("en".to_owned(), voice.id());
        assert_eq!(picked(&picks, "en-GB").map(|v| v.name), Some("English (Scotland)".into()));
        assert_eq!(picked(&picks, "ja"), None);
    }

    #[test]
    fn the_espeak_listing_is_read_without_mbrola_and_variants() {
        let listing = "Pty Language       Age/Gender VoiceName          File                 Other Languages
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 3  en-uk           --/M      english-mb-en1     mb/mb-en1            (en-gb 3)(en 2)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  variant         --/M      Storm              !v/Storm             (en-us 5)
 5  en-029          --/M      English_(Caribbean) gmw/en-029           (en 10)
";
        assert_eq!(
            parse_espeak_voices(listing),
            ["English (Great Britain)", "English (America)", "English (Caribbean)"]
        );
        assert!(parse_espeak_voices("").is_empty());
    }
}
