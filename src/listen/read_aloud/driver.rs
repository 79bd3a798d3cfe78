//! The read-aloud driver: speaks a list of sentences one after another through
//! speech-dispatcher and reports where it is — the sentence that started, each word as the
//! voice reaches it (from SSML `<mark/>`s, where the engine reports them: espeak-ng does,
//! Open JTalk through `sd_generic` does not), and the end. Pause, resume and stop act at
//! once; rate, pitch and volume changes take effect at the next sentence. Every wait has a
//! time limit, so a stuck daemon becomes a [`ReadAloudEvent::Failed`], never a hang.

use std::ops::Range;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::ssip::{SpeechdError, SsipClient, SsipEvent};
use super::synth::SynthError;
use super::voice::{Engine, ReadAloudSettings, choose_voice_for};
use super::words::words;
use crate::listen::audio::AudioError;

/// One sentence to speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The text to speak (ruby readings already substituted; see `ruby::SpeechText`).
    pub text: String,
    /// Its BCP 47 language.
    pub lang: String,
    /// Byte ranges of `text` to report as words, in order.
    pub words: Vec<Range<usize>>,
}

impl Sentence {
    /// A sentence whose words are found by [`words`].
    pub fn new(text: impl Into<String>, lang: impl Into<String>) -> Self {
        let text = text.into();
        let words = words(&text);
        Self { text, lang: lang.into(), words }
    }
}

/// What the driver reports.
#[derive(Debug, Clone)]
pub enum ReadAloudEvent {
    /// The voice began sentence `i`.
    SentenceStarted(usize),
    /// The voice reached word `range` (bytes of the sentence's text) of sentence `i`.
    Word(usize, Range<usize>),
    /// Sentence `i` was spoken to the end.
    SentenceFinished(usize),
    /// The last sentence was spoken.
    Finished,
    /// Paused in sentence `i`.
    Paused(usize),
    /// Stopped on request.
    Stopped,
    /// Speech failed; reading has stopped.
    Failed(SpeechdError),
    /// Sentence `i` could not be rendered and was skipped (direct read-aloud only).
    NotRendered(usize, SynthError),
    /// No sound output could be opened: reading goes on silently (direct read-aloud only).
    NoOutputDevice(AudioError),
}

/// Time limits and voices.
#[derive(Debug, Clone)]
pub struct ReadAloudOptions {
    /// Rate, pitch and volume per language.
    pub settings: ReadAloudSettings,
    /// Whether the daemon has the `open-jtalk` module (Japanese goes there).
    pub open_jtalk: bool,
    /// Longest wait for a reply to a request.
    pub reply_timeout: Duration,
    /// Longest wait from sending a sentence to its start.
    pub begin_timeout: Duration,
    /// Longest time a sentence may take, plus `per_char_timeout` per character.
    pub sentence_timeout: Duration,
    /// See `sentence_timeout`.
    pub per_char_timeout: Duration,
}

impl Default for ReadAloudOptions {
    fn default() -> Self {
        Self {
            settings: ReadAloudSettings::default(),
            open_jtalk: false,
            reply_timeout: Duration::from_secs(5),
            begin_timeout: Duration::from_secs(10),
            sentence_timeout: Duration::from_secs(10),
            per_char_timeout: Duration::from_millis(400),
        }
    }
}

enum Input {
    Play(Vec<Sentence>, usize),
    Pause,
    Resume,
    Stop,
    Settings(ReadAloudSettings),
    Ssip(SsipEvent),
    Shutdown,
}

/// A handle to the driver's worker thread. Dropping it stops speech and the worker.
#[derive(Debug)]
pub struct ReadAloud {
    inbox: Sender<Input>,
    worker: Option<JoinHandle<()>>,
}

impl ReadAloud {
    /// Connects to the speech-dispatcher at `socket` (see `PrivateDaemon`) and starts the
    /// worker; events go to `events`.
    ///
    /// # Errors
    /// [`SpeechdError`] when the daemon cannot be reached.
    pub fn connect(
        socket: &Path,
        options: ReadAloudOptions,
        events: Sender<ReadAloudEvent>,
    ) -> Result<Self, SpeechdError> {
        let (inbox, input) = mpsc::channel();
        let ssip_inbox = inbox.clone();
        let client =
            SsipClient::connect(socket, "tomoshibi:read-aloud:main", options.reply_timeout, move |e, _| {
                let _ = ssip_inbox.send(Input::Ssip(e));
            })?;
        let worker = Worker {
            client,
            input,
            events,
            options,
            sentences: Vec::new(),
            state: State::Idle,
            applied: None,
        };
        let worker = std::thread::Builder::new()
            .name("tomoshibi-read-aloud".into())
            .spawn(move || worker.run())
            .map_err(SpeechdError::io)?;
        Ok(Self { inbox, worker: Some(worker) })
    }

    /// Speaks `sentences` from index `from`, replacing whatever was being read.
    pub fn play(&self, sentences: Vec<Sentence>, from: usize) {
        let _ = self.inbox.send(Input::Play(sentences, from));
    }

    /// Pauses; [`Self::resume`] continues from the last word reported (or the start of the
    /// sentence when the engine reports no words).
    pub fn pause(&self) {
        let _ = self.inbox.send(Input::Pause);
    }

    /// Continues after [`Self::pause`].
    pub fn resume(&self) {
        let _ = self.inbox.send(Input::Resume);
    }

    /// Stops reading.
    pub fn stop(&self) {
        let _ = self.inbox.send(Input::Stop);
    }

    /// New rate/pitch/volume settings, used from the next sentence.
    pub fn set_settings(&self, settings: ReadAloudSettings) {
        let _ = self.inbox.send(Input::Settings(settings));
    }
}

impl Drop for ReadAloud {
    fn drop(&mut self) {
        let _ = self.inbox.send(Input::Shutdown);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Speaking { index: usize, message: u64, from_word: usize, last_word: Option<usize>, deadline: Instant },
    Paused { index: usize, word: usize },
}

/// The voice parameters last sent, so only changes are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Applied {
    module: &'static str,
    language: String,
    voice: Option<String>,
    rate: i32,
    pitch: i32,
    volume: i32,
}

struct Worker {
    client: SsipClient,
    input: Receiver<Input>,
    events: Sender<ReadAloudEvent>,
    options: ReadAloudOptions,
    sentences: Vec<Sentence>,
    state: State,
    applied: Option<Applied>,
}

impl Worker {
    fn run(mut self) {
        loop {
            let received = match self.state {
                State::Speaking { deadline, .. } => {
                    self.input.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                }
                _ => self.input.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match received {
                Ok(Input::Shutdown) | Err(RecvTimeoutError::Disconnected) => break,
                Ok(input) => self.handle(input),
                Err(RecvTimeoutError::Timeout) => self.timed_out(),
            }
        }
        self.cancel();
    }

    fn handle(&mut self, input: Input) {
        match input {
            Input::Play(sentences, from) => self.play(sentences, from),
            Input::Pause => self.pause(),
            Input::Resume => self.resume(),
            Input::Stop => self.stop(),
            Input::Settings(settings) => self.options.settings = settings,
            Input::Ssip(event) => self.on_ssip(event),
            Input::Shutdown => {}
        }
    }

    fn play(&mut self, sentences: Vec<Sentence>, from: usize) {
        self.cancel();
        self.sentences = sentences;
        self.speak(from, 0);
    }

    fn pause(&mut self) {
        if let State::Speaking { index, from_word, last_word, .. } = self.state {
            self.cancel();
            self.state = State::Paused { index, word: last_word.unwrap_or(from_word) };
            self.emit(ReadAloudEvent::Paused(index));
        }
    }

    fn resume(&mut self) {
        if let State::Paused { index, word } = self.state {
            self.speak(index, word);
        }
    }

    fn stop(&mut self) {
        self.cancel();
        self.emit(ReadAloudEvent::Stopped);
    }

    fn on_ssip(&mut self, event: SsipEvent) {
        let State::Speaking { index, message, from_word, .. } = self.state else { return };
        match event {
            SsipEvent::Begin(id) if id == message => {
                if from_word == 0 {
                    self.emit(ReadAloudEvent::SentenceStarted(index));
                }
                let limit = self.sentence_limit(index);
                if let State::Speaking { deadline: d, .. } = &mut self.state {
                    *d = Instant::now() + limit;
                }
            }
            SsipEvent::IndexMark(id, name) if id == message => {
                let word = name.strip_prefix('w').and_then(|n| n.parse::<usize>().ok());
                let range = word.and_then(|w| self.sentences.get(index)?.words.get(w).cloned());
                if let (Some(word), Some(range)) = (word, range) {
                    if let State::Speaking { last_word, .. } = &mut self.state {
                        *last_word = Some(word);
                    }
                    self.emit(ReadAloudEvent::Word(index, range));
                }
            }
            SsipEvent::End(id) if id == message => {
                self.state = State::Idle;
                self.emit(ReadAloudEvent::SentenceFinished(index));
                if index + 1 < self.sentences.len() {
                    self.speak(index + 1, 0);
                } else {
                    self.emit(ReadAloudEvent::Finished);
                }
            }
            _ => {}
        }
    }

    fn timed_out(&mut self) {
        if let State::Speaking { index, .. } = self.state {
            let timeout = self.sentence_limit(index);
            self.cancel();
            self.emit(ReadAloudEvent::Failed(SpeechdError::Timeout {
                waiting_for: format!("sentence {index} to be spoken"),
                timeout,
            }));
        }
    }

    fn sentence_limit(&self, index: usize) -> Duration {
        let chars = self.sentences.get(index).map_or(0, |s| s.text.chars().count()) as u32;
        let rate = self
            .sentences
            .get(index)
            .map_or(1.0, |s| self.options.settings.for_language(&s.lang).rate_factor());
        self.options.sentence_timeout + self.options.per_char_timeout.mul_f32(1.0 / rate) * chars
    }

    fn speak(&mut self, index: usize, from_word: usize) {
        let Some(sentence) = self.sentences.get(index).cloned() else {
            self.state = State::Idle;
            self.emit(ReadAloudEvent::Finished);
            return;
        };
        let result =
            self.apply_voice(&sentence.lang).and_then(|()| self.client.speak(&ssml(&sentence, from_word)));
        match result {
            Ok(message) => {
                let deadline = Instant::now() + self.options.begin_timeout;
                self.state = State::Speaking { index, message, from_word, last_word: None, deadline };
            }
            Err(e) => {
                self.state = State::Idle;
                self.emit(ReadAloudEvent::Failed(e));
            }
        }
    }

    fn apply_voice(&mut self, lang: &str) -> Result<(), SpeechdError> {
        let choice = choose_voice_for(lang, self.options.open_jtalk, &self.options.settings.voices);
        let settings = self.options.settings.for_language(lang);
        // Open JTalk's voice is the one its module was configured with.
        let voice = choice.voice.filter(|_| choice.engine == Engine::EspeakNg);
        let wanted = Applied {
            module: choice.engine.module(),
            language: choice.language,
            voice,
            rate: settings.ssip_rate(),
            pitch: settings.ssip_pitch(),
            volume: settings.ssip_volume(),
        };
        let old = self.applied.take();
        if old.as_ref().is_none_or(|o| o.module != wanted.module || o.language != wanted.language) {
            self.client.set("OUTPUT_MODULE", wanted.module)?;
            self.client.set("LANGUAGE", &wanted.language)?;
        }
        if old.as_ref().is_none_or(|o| o.voice != wanted.voice || o.module != wanted.module) {
            match &wanted.voice {
                Some(name) => self.client.set("SYNTHESIS_VOICE", name)?,
                // Back to the module's own voice for the language.
                None if old.as_ref().is_some_and(|o| o.voice.is_some()) => {
                    self.client.set("VOICE_TYPE", "MALE1")?
                }
                None => {}
            }
        }
        if old.as_ref().is_none_or(|o| o.rate != wanted.rate) {
            self.client.set("RATE", &wanted.rate.to_string())?;
        }
        if old.as_ref().is_none_or(|o| o.pitch != wanted.pitch) {
            self.client.set("PITCH", &wanted.pitch.to_string())?;
        }
        if old.as_ref().is_none_or(|o| o.volume != wanted.volume) {
            self.client.set("VOLUME", &wanted.volume.to_string())?;
        }
        self.applied = Some(wanted);
        Ok(())
    }

    fn cancel(&mut self) {
        if matches!(self.state, State::Speaking { .. })
            && let Err(e) = self.client.command("CANCEL self")
        {
            tracing::warn!("could not cancel speech: {e}");
        }
        self.state = State::Idle;
    }

    fn emit(&self, event: ReadAloudEvent) {
        let _ = self.events.send(event);
    }
}

/// The SSML for `sentence` from word `from_word` on, with `<mark name="wN"/>` before word N.
pub fn ssml(sentence: &Sentence, from_word: usize) -> String {
    let text = &sentence.text;
    let mut out = String::from("<speak>");
    let mut at = sentence.words.get(from_word).map_or(0, |w| w.start);
    for (n, word) in sentence.words.iter().enumerate().skip(from_word) {
        if word.start < at || text.get(word.clone()).is_none() {
            continue;
        }
        push_escaped(&mut out, text.get(at..word.start).unwrap_or_default());
        out.push_str(&format!("<mark name=\"w{n}\"/>"));
        push_escaped(&mut out, text.get(word.clone()).unwrap_or_default());
        at = word.end;
    }
    push_escaped(&mut out, text.get(at..).unwrap_or_default());
    out.push_str("</speak>");
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssml_marks_each_word_and_escapes() {
        let s = Sentence::new("Tom & Jerry <3.", "en");
        assert_eq!(
            ssml(&s, 0),
            "<speak><mark name=\"w0\"/>Tom &amp; <mark name=\"w1\"/>Jerry &lt;<mark name=\"w2\"/>3.</speak>"
        );
        assert_eq!(ssml(&s, 1), "<speak><mark name=\"w1\"/>Jerry &lt;<mark name=\"w2\"/>3.</speak>");
        let ja = Sentence::new("吾輩は猫である。", "ja");
        assert_eq!(ssml(&ja, 0), "<speak><mark name=\"w0\"/>吾輩は<mark name=\"w1\"/>猫である。</speak>");
    }
}
