//! Reading a book aloud with a speech engine, sentence by sentence from a reading unit on,
//! for books without recorded audio: a private speech-dispatcher (Open JTalk for Japanese,
//! espeak-ng otherwise) driven over SSIP, reporting which sentence of which unit is being
//! said so the reader can follow and highlight it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use super::book_speech::unit_sentences;
use super::read_aloud::driver::{ReadAloud, ReadAloudEvent, ReadAloudOptions, Sentence};
use super::read_aloud::ruby::is_japanese_tag;
use super::read_aloud::sentences::first_clause_end;
use super::read_aloud::speechd_config::{AudioOutput, SpeechdConfig};
use super::read_aloud::speechd_daemon::PrivateDaemon;
use super::read_aloud::ssip::SpeechdError;
use super::read_aloud::synth::{OpenJtalk, default_voices_dir};
use super::read_aloud::voice::{Engine, ReadAloudSettings, VoiceSettings};
use super::read_aloud::voices::picked;
use crate::book::Publication;
use crate::reading::Unit;

/// Set to `null` to read aloud into the ALSA null device (headless machines, tests).
pub const OUTPUT_ENV: &str = "TOMOSHIBI_SPEECH_OUTPUT";

/// One sentence of the plan: which unit, and where in its shown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSentence {
    /// The reading unit.
    pub unit: usize,
    /// The sentence's byte range in the unit's shown text.
    pub shown: Range<usize>,
    /// Where the spoken sentence starts in the shown text, when they are the same text.
    pub words_at: Option<usize>,
}

/// What the voice did, for the reader to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    /// It began this sentence.
    Sentence(PlannedSentence),
    /// It reached this word: the unit and the word's byte range in its shown text.
    Word(usize, Range<usize>),
    /// The end of the book.
    Finished,
    /// Speech failed and stopped.
    Failed(String),
}

/// The sentences to say from unit `from` on, with where each is shown.
pub fn plan(publication: &Publication, units: &[Unit], from: usize) -> Vec<(Sentence, PlannedSentence)> {
    unit_sentences(publication, units, from..units.len())
        .into_iter()
        .map(|s| {
            let planned = PlannedSentence { unit: s.unit, shown: s.shown, words_at: s.same_as_shown_at };
            (Sentence::new(s.text, s.lang), planned)
        })
        .collect()
}

/// The plan with its first sentence cut after its first clause when it is Japanese, so the
/// voice starts on a short piece (Open JTalk renders a whole utterance before its first
/// sample): both pieces name the same sentence for the reader.
pub fn start_short(mut plan: Vec<(Sentence, PlannedSentence)>) -> Vec<(Sentence, PlannedSentence)> {
    let Some((first, planned)) = plan.first() else { return plan };
    if !is_japanese_tag(&first.lang) {
        return plan;
    }
    let Some(end) = first_clause_end(&first.text) else { return plan };
    let (head, tail) = (first.text.get(..end).unwrap_or_default(), first.text.get(end..).unwrap_or_default());
    let mut tail_planned = planned.clone();
    tail_planned.words_at = planned.words_at.map(|at| at + end);
    let pieces = [
        (Sentence::new(head, first.lang.clone()), planned.clone()),
        (Sentence::new(tail, first.lang.clone()), tail_planned),
    ];
    plan.splice(0..1, pieces);
    plan
}

/// A book being read aloud.
pub struct BookVoice {
    driver: ReadAloud,
    events: Receiver<ReadAloudEvent>,
    planned: Vec<PlannedSentence>,
    paused: bool,
    settings: ReadAloudSettings,
    // Last: the daemon stops after the driver has disconnected.
    _daemon: PrivateDaemon,
}

impl BookVoice {
    /// Starts a private speech-dispatcher (about 0.2 s) playing to the desktop's sound (or
    /// nowhere, when [`OUTPUT_ENV`] is `null`) and reads from unit `from` on.
    ///
    /// # Errors
    /// [`SpeechdError`] when speech-dispatcher is missing or does not start.
    pub fn start(
        publication: &Publication,
        units: &[Unit],
        from: usize,
        rate: f32,
        voices: &BTreeMap<String, String>,
    ) -> Result<Self, SpeechdError> {
        let mut voice = Self::prepare(rate, voices)?;
        voice.read_from(publication, units, from);
        Ok(voice)
    }

    /// Starts the speech service as [`Self::start`] does, but reads nothing yet: the key that
    /// asks for reading then only has to ask for speech (about 40 ms to the first sound with
    /// espeak-ng, instead of about 250 ms with the start).
    ///
    /// # Errors
    /// [`SpeechdError`] when speech-dispatcher is missing or does not start.
    pub fn prepare(rate: f32, voices: &BTreeMap<String, String>) -> Result<Self, SpeechdError> {
        let open_jtalk = default_voices_dir().and_then(|dir| OpenJtalk::locate(&dir).ok());
        let config = match std::env::var(OUTPUT_ENV).as_deref() {
            Ok("null") => SpeechdConfig::silent(open_jtalk),
            _ if pulse_available() => SpeechdConfig::desktop(open_jtalk),
            _ => SpeechdConfig {
                audio: AudioOutput::Alsa { device: "default".into() },
                ..SpeechdConfig::desktop(open_jtalk)
            },
        };
        Self::prepare_with(&config, rate, voices)
    }

    /// Like [`Self::start`] with the daemon configured by `config` (Open JTalk speaking with
    /// the HTS voice chosen for Japanese in `voices`, when one is).
    ///
    /// # Errors
    /// [`SpeechdError`] when speech-dispatcher is missing or does not start.
    pub fn start_with(
        config: &SpeechdConfig,
        publication: &Publication,
        units: &[Unit],
        from: usize,
        rate: f32,
        voices: &BTreeMap<String, String>,
    ) -> Result<Self, SpeechdError> {
        let mut voice = Self::prepare_with(config, rate, voices)?;
        voice.read_from(publication, units, from);
        Ok(voice)
    }

    /// Like [`Self::prepare`] with the daemon configured by `config`.
    ///
    /// # Errors
    /// [`SpeechdError`] when speech-dispatcher is missing or does not start.
    pub fn prepare_with(
        config: &SpeechdConfig,
        rate: f32,
        voices: &BTreeMap<String, String>,
    ) -> Result<Self, SpeechdError> {
        let mut config = config.clone();
        if let Some(voice) = picked(voices, "ja").filter(|v| v.engine == Engine::OpenJtalk) {
            config.open_jtalk = config.open_jtalk.map(|engine| engine.with_voice(&voice.name));
        }
        let has_open_jtalk = config.open_jtalk.is_some();
        let daemon = PrivateDaemon::start(&config, Duration::from_secs(5))?;
        let (sender, events) = mpsc::channel();
        let settings = ReadAloudSettings {
            default: VoiceSettings { rate, ..VoiceSettings::default() },
            voices: voices.clone(),
            ..ReadAloudSettings::default()
        };
        let options = ReadAloudOptions {
            settings: settings.clone(),
            open_jtalk: has_open_jtalk,
            ..ReadAloudOptions::default()
        };
        let driver = ReadAloud::connect(daemon.socket(), options, sender)?;
        Ok(Self { driver, events, planned: Vec::new(), paused: true, settings, _daemon: daemon })
    }

    /// Whether nothing has been read yet (a service prepared ahead of the key).
    pub fn is_idle(&self) -> bool {
        self.planned.is_empty()
    }

    /// Reads from unit `from` on, replacing what was being read.
    pub fn read_from(&mut self, publication: &Publication, units: &[Unit], from: usize) {
        let (sentences, planned): (Vec<_>, Vec<_>) =
            start_short(plan(publication, units, from)).into_iter().unzip();
        self.planned = planned;
        self.paused = false;
        self.driver.play(sentences, 0);
    }

    /// Pauses, or resumes when paused; `true` when it now speaks.
    pub fn toggle(&mut self) -> bool {
        if self.paused {
            self.driver.resume();
        } else {
            self.driver.pause();
        }
        self.paused = !self.paused;
        !self.paused
    }

    /// Whether it is speaking (not paused).
    pub fn is_speaking(&self) -> bool {
        !self.paused
    }

    /// Speaks faster or slower by `steps` of 0.1 (0.5–3.0), from the next sentence; the rate.
    pub fn change_rate(&mut self, steps: i32) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let rate = ((self.settings.default.rate + 0.1 * steps as f32) * 10.0).round() / 10.0;
        self.settings.default.rate = rate.clamp(0.5, 3.0);
        self.driver.set_settings(self.settings.clone());
        self.settings.default.rate
    }

    /// The speaking rate (0.5–3.0).
    pub fn rate(&self) -> f32 {
        self.settings.default.rate
    }

    /// Speaks with the voices chosen in `voices` from the next sentence (an Open JTalk voice
    /// from the next start).
    pub fn set_voices(&mut self, voices: &BTreeMap<String, String>) {
        self.settings.voices = voices.clone();
        self.driver.set_settings(self.settings.clone());
    }

    /// Stops speaking.
    pub fn stop(&mut self) {
        self.driver.stop();
    }

    /// What was said since the last call.
    pub fn poll(&mut self) -> Vec<Said> {
        let mut out = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            match event {
                ReadAloudEvent::SentenceStarted(i) => {
                    if let Some(planned) = self.planned.get(i) {
                        out.push(Said::Sentence(planned.clone()));
                    }
                }
                ReadAloudEvent::Word(i, range) => {
                    if let Some(planned) = self.planned.get(i)
                        && let Some(at) = planned.words_at
                    {
                        out.push(Said::Word(planned.unit, at + range.start..at + range.end));
                    }
                }
                ReadAloudEvent::Finished => out.push(Said::Finished),
                ReadAloudEvent::Failed(error) => {
                    self.paused = true;
                    out.push(Said::Failed(error.to_string()));
                }
                ReadAloudEvent::SentenceFinished(_) | ReadAloudEvent::Paused(_) | ReadAloudEvent::Stopped => {
                }
            }
        }
        out
    }
}

/// Whether a PulseAudio (or PipeWire-Pulse) server is there to play to.
fn pulse_available() -> bool {
    std::env::var_os("PULSE_SERVER").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("pulse/native").exists())
}
