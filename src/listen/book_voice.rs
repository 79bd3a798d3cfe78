//! Reading a book aloud with a speech engine, sentence by sentence from a reading unit on,
//! for books without recorded audio, reporting which sentence (and word) of which unit is
//! being said so the reader can follow and highlight it. Japanese is rendered by Open JTalk
//! sentence by sentence and played through our own audio output (`DirectReadAloud`: its
//! words are timed, and it starts sooner); other languages, and Japanese when Open JTalk
//! fails, go through a private speech-dispatcher (espeak-ng) driven over SSIP.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use super::audio::SilentOutput;
use super::book_speech::unit_sentences;
use super::read_aloud::direct::DirectReadAloud;
use super::read_aloud::driver::{ReadAloud, ReadAloudEvent, ReadAloudOptions, Sentence};
use super::read_aloud::ruby::is_japanese_tag;
use super::read_aloud::sentences::first_clause_end;
use super::read_aloud::speechd_config::{AudioOutput, SpeechdConfig};
use super::read_aloud::speechd_daemon::PrivateDaemon;
use super::read_aloud::ssip::SpeechdError;
use super::read_aloud::synth::{Engines, EspeakNg, OpenJtalk, default_voices_dir};
use super::read_aloud::voice::{Engine, ReadAloudSettings, VoiceSettings};
use super::read_aloud::voices::picked;
use super::read_aloud::words::shown_words;
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
    /// No sound output was found: reading goes on silently, the text following along.
    NoOutput,
    /// Open JTalk could not render a sentence (the reason); speech-dispatcher reads on.
    FellBack(String),
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
    /// Japanese rendered by Open JTalk into our own output, when Open JTalk is installed.
    direct: Option<DirectReadAloud>,
    /// Whether `direct` reads the present plan.
    by_direct: bool,
    /// `direct` found no sound output: said when it first reads.
    no_output: bool,
    sentences: Vec<Sentence>,
    planned: Vec<PlannedSentence>,
    /// The whole book's sentences, planned once (the key then only takes them from the
    /// reader's place on), and which units they were planned for.
    book_plan: Option<(UnitsSeen, Vec<(Sentence, PlannedSentence)>)>,
    /// Per sentence, the shown sentence when it differs from the spoken one (ruby).
    shown: Vec<Option<String>>,
    /// The words of one sentence in its shown text: (sentence, ranges in the unit).
    shown_words: Option<(usize, Vec<Option<Range<usize>>>)>,
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
        let silent = std::env::var(OUTPUT_ENV).as_deref() == Ok("null");
        let config = match () {
            () if silent => SpeechdConfig::silent(open_jtalk),
            () if pulse_available() => SpeechdConfig::desktop(open_jtalk),
            () => SpeechdConfig {
                audio: AudioOutput::Alsa { device: "default".into() },
                ..SpeechdConfig::desktop(open_jtalk)
            },
        };
        let mut voice = Self::prepare_with(&config, rate, voices)?;
        voice.direct = direct_engines(&config, voices).map(|engines| {
            if silent {
                DirectReadAloud::new(engines, Box::new(SilentOutput::default()), voice.settings.clone())
            } else {
                DirectReadAloud::with_default_device(engines, voice.settings.clone())
            }
        });
        Ok(voice)
    }

    /// Like [`Self::prepare_with`], with Japanese rendered by Open JTalk (when `config` has
    /// it) and played into `output` — the app's way, with the output given (benchmarks, tests).
    ///
    /// # Errors
    /// [`SpeechdError`] when speech-dispatcher is missing or does not start.
    pub fn prepare_direct(
        config: &SpeechdConfig,
        output: Box<dyn super::audio::AudioOutput + Send>,
        rate: f32,
        voices: &BTreeMap<String, String>,
    ) -> Result<Self, SpeechdError> {
        let mut voice = Self::prepare_with(config, rate, voices)?;
        voice.direct = direct_engines(config, voices)
            .map(|engines| DirectReadAloud::new(engines, output, voice.settings.clone()));
        Ok(voice)
    }

    /// Like [`Self::start`] with the daemon configured by `config` (Open JTalk speaking with
    /// the HTS voice chosen for Japanese in `voices`, when one is), every language through
    /// speech-dispatcher.
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

    /// Like [`Self::prepare`] with the daemon configured by `config`, every language through
    /// speech-dispatcher.
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
        Ok(Self {
            driver,
            events,
            direct: None,
            by_direct: false,
            no_output: false,
            sentences: Vec::new(),
            planned: Vec::new(),
            book_plan: None,
            shown: Vec::new(),
            shown_words: None,
            paused: true,
            settings,
            _daemon: daemon,
        })
    }

    /// Whether nothing has been read yet (a service prepared ahead of the key).
    pub fn is_idle(&self) -> bool {
        self.planned.is_empty()
    }

    /// Reads from unit `from` on, replacing what was being read.
    pub fn read_from(&mut self, publication: &Publication, units: &[Unit], from: usize) {
        let (sentences, planned): (Vec<_>, Vec<_>) =
            start_short(self.plan_from(publication, units, from)).into_iter().unzip();
        self.shown = planned
            .iter()
            .map(|p| match p.words_at {
                Some(_) => None,
                None => units.get(p.unit).and_then(|u| u.text.get(p.shown.clone())).map(str::to_owned),
            })
            .collect();
        self.shown_words = None;
        self.planned = planned;
        self.paused = false;
        self.by_direct = self.direct.is_some() && sentences.first().is_some_and(|s| is_japanese_tag(&s.lang));
        self.sentences = sentences.clone();
        match &mut self.direct {
            Some(direct) if self.by_direct => {
                self.driver.stop();
                direct.play(sentences, 0);
            }
            direct => {
                if let Some(direct) = direct {
                    direct.stop();
                }
                self.driver.play(sentences, 0);
            }
        }
    }

    /// Gets ready to read from unit `from`, so that the read-aloud key only has to start:
    /// plans the book's sentences (once) and renders in the background the first words
    /// from there (Japanese with Open JTalk; a sentence anticipated before is dropped; not
    /// while reading).
    pub fn anticipate(&mut self, publication: &Publication, units: &[Unit], from: usize) {
        let plan = self.book_plan(publication, units);
        let first = plan.get(plan.partition_point(|(_, p)| p.unit < from)).cloned();
        let first = start_short(first.into_iter().collect()).into_iter().next();
        if let (Some(direct), Some((sentence, _))) = (&self.direct, first)
            && !direct.is_playing()
            && is_japanese_tag(&sentence.lang)
        {
            direct.anticipate(&sentence);
        }
    }

    /// The sentences from unit `from` on.
    fn plan_from(
        &mut self,
        publication: &Publication,
        units: &[Unit],
        from: usize,
    ) -> Vec<(Sentence, PlannedSentence)> {
        let plan = self.book_plan(publication, units);
        plan.get(plan.partition_point(|(_, p)| p.unit < from)..).unwrap_or_default().to_vec()
    }

    /// The whole book's sentences: planned the first time (or when the units changed),
    /// then kept.
    fn book_plan(&mut self, publication: &Publication, units: &[Unit]) -> &[(Sentence, PlannedSentence)] {
        let seen = UnitsSeen::of(units);
        if self.book_plan.as_ref().is_none_or(|(planned_for, _)| *planned_for != seen) {
            self.book_plan = Some((seen, plan(publication, units, 0)));
        }
        self.book_plan.as_ref().map_or(&[], |(_, plan)| plan)
    }

    /// Pauses, or resumes when paused; `true` when it now speaks.
    pub fn toggle(&mut self) -> bool {
        match (&mut self.direct, self.paused) {
            (Some(direct), true) if self.by_direct => direct.resume(),
            (Some(direct), false) if self.by_direct => direct.pause(),
            (_, true) => self.driver.resume(),
            (_, false) => self.driver.pause(),
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
        self.apply_settings();
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
        self.apply_settings();
    }

    fn apply_settings(&mut self) {
        self.driver.set_settings(self.settings.clone());
        if let Some(direct) = &mut self.direct {
            direct.set_settings(self.settings.clone());
        }
    }

    /// Stops speaking.
    pub fn stop(&mut self) {
        self.driver.stop();
        if let Some(direct) = &mut self.direct {
            direct.stop();
        }
    }

    /// What was said since the last call.
    pub fn poll(&mut self) -> Vec<Said> {
        // Each event with whether it came from `direct`.
        let mut events: Vec<(bool, ReadAloudEvent)> = self.events.try_iter().map(|e| (false, e)).collect();
        if let Some(direct) = &mut self.direct {
            events.extend(direct.poll().into_iter().map(|e| (true, e)));
        }
        let mut out = Vec::new();
        for (from_direct, event) in events {
            // Only the one reading the present plan is heard; the other may still report on
            // what it read before (a fall-back, a plan in another language).
            if from_direct != self.by_direct && !matches!(event, ReadAloudEvent::NoOutputDevice(_)) {
                continue;
            }
            match event {
                ReadAloudEvent::SentenceStarted(i) => {
                    if let Some(planned) = self.planned.get(i) {
                        out.push(Said::Sentence(planned.clone()));
                        if self.by_direct {
                            self.anticipate_after(planned.unit);
                        }
                    }
                }
                ReadAloudEvent::Word(i, range) => {
                    if let Some(word) = self.shown_word(i, &range) {
                        out.push(word);
                    }
                }
                ReadAloudEvent::Finished => out.push(Said::Finished),
                ReadAloudEvent::Failed(error) => {
                    self.paused = true;
                    out.push(Said::Failed(error.to_string()));
                }
                // Sentences asked for before the fall-back may fail after it: once is enough.
                ReadAloudEvent::NotRendered(i, error) if self.by_direct => {
                    out.push(self.fall_back(i, &error.explain()));
                }
                ReadAloudEvent::NotRendered(i, error) => {
                    tracing::debug!("sentence {i} not rendered: {error}")
                }
                ReadAloudEvent::NoOutputDevice(error) => {
                    tracing::warn!("read aloud: {error}");
                    self.no_output = true;
                }
                ReadAloudEvent::SentenceFinished(_) | ReadAloudEvent::Paused(_) | ReadAloudEvent::Stopped => {
                }
            }
        }
        if self.no_output && self.by_direct {
            // Only what is read directly is unheard; speech-dispatcher has its own output.
            self.no_output = false;
            out.push(Said::NoOutput);
        }
        out
    }

    /// Where word `range` of sentence `index` is shown.
    fn shown_word(&mut self, index: usize, range: &Range<usize>) -> Option<Said> {
        let planned = self.planned.get(index)?;
        if let Some(at) = planned.words_at {
            return Some(Said::Word(planned.unit, at + range.start..at + range.end));
        }
        let sentence = self.sentences.get(index)?;
        if self.shown_words.as_ref().is_none_or(|(i, _)| *i != index) {
            let shown = self.shown.get(index)?.as_deref()?;
            // A sentence said in pieces (`start_short`): the pieces before this one are
            // aligned with it, so its words are looked for after theirs.
            let mut first = index;
            while first > 0 && self.planned.get(first - 1).is_some_and(|p| p == planned) {
                first -= 1;
            }
            let (mut spoken, mut words) = (String::new(), Vec::new());
            for piece in self.sentences.get(first..=index).unwrap_or_default() {
                words.extend(piece.words.iter().map(|w| w.start + spoken.len()..w.end + spoken.len()));
                spoken.push_str(&piece.text);
            }
            let mut shown = shown_words(&spoken, &words, shown);
            shown.drain(..shown.len().saturating_sub(sentence.words.len()));
            self.shown_words = Some((index, shown));
        }
        let word = sentence.words.iter().position(|w| w == range)?;
        let shown = self.shown_words.as_ref()?.1.get(word)?.clone()?;
        let at = planned.shown.start;
        Some(Said::Word(planned.unit, at + shown.start..at + shown.end))
    }

    /// While reading unit `unit`, renders ahead the first words of the next paragraph, where
    /// the next-paragraph key goes.
    fn anticipate_after(&self, unit: usize) {
        let (Some(direct), Some((_, plan))) = (&self.direct, &self.book_plan) else { return };
        let next = plan.get(plan.partition_point(|(_, p)| p.unit <= unit)).cloned();
        if let Some((sentence, _)) = start_short(next.into_iter().collect()).into_iter().next()
            && is_japanese_tag(&sentence.lang)
        {
            direct.anticipate(&sentence);
        }
    }

    /// Open JTalk could not render sentence `index`: speech-dispatcher reads from there on.
    fn fall_back(&mut self, index: usize, reason: &str) -> Said {
        tracing::warn!("read aloud: sentence {index} not rendered ({reason}); speech-dispatcher reads on");
        if let Some(direct) = &mut self.direct {
            direct.stop();
        }
        self.by_direct = false;
        self.driver.play(self.sentences.clone(), index);
        Said::FellBack(reason.to_owned())
    }
}

/// What identifies the units a plan was made for: the same units in memory, as many, with as
/// much text (another ruby mode or another book changes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UnitsSeen {
    at: usize,
    count: usize,
    bytes: usize,
}

impl UnitsSeen {
    fn of(units: &[Unit]) -> Self {
        Self {
            at: units.as_ptr() as usize,
            count: units.len(),
            bytes: units.iter().map(|u| u.text.len() + u.spoken.len()).sum(),
        }
    }
}

/// The engines for reading Japanese directly: `config`'s Open JTalk (with the voice chosen
/// in `voices`) and espeak-ng for sentences in other languages; `None` without Open JTalk.
fn direct_engines(config: &SpeechdConfig, voices: &BTreeMap<String, String>) -> Option<Engines> {
    let open_jtalk = config.open_jtalk.clone()?;
    Some(Engines { open_jtalk: Some(open_jtalk), espeak_ng: EspeakNg::locate().ok(), voices: voices.clone() })
}

/// Whether a PulseAudio (or PipeWire-Pulse) server is there to play to.
fn pulse_available() -> bool {
    std::env::var_os("PULSE_SERVER").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("pulse/native").exists())
}
