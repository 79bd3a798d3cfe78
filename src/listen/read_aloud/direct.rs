//! Read-aloud without speech-dispatcher: each sentence is rendered by the engine's program
//! (Open JTalk for Japanese, with the timing of its words; espeak-ng otherwise) and played
//! through our own audio output, the one the talking-book player uses. The next sentence is
//! rendered while the current one plays; pause and resume act on the very sample, rate and
//! volume change at once (the pitch is kept), a pitch or voice change from the next
//! sentence rendered. It reports the same [`ReadAloudEvent`]s as the speech-dispatcher
//! driver, words included where Open JTalk timed them.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use super::driver::{ReadAloudEvent, Sentence};
use super::render_ahead::{Renderer, href};
use super::synth::Engines;
use super::voice::ReadAloudSettings;
use crate::listen::audio::{AudioOutput, AudioPlayer, Clip, PlayerEvent, PlayerOptions};

/// How often the worker looks where the player is while reading (word marks).
const TICK: Duration = Duration::from_millis(10);

enum Input {
    Play(Vec<Sentence>, usize),
    Pause,
    Resume,
    Stop,
    Settings(ReadAloudSettings),
}

/// Sentences rendered by the engines and played through our own audio output. The player
/// lives on a worker thread of its own (a sound device stays on the thread that opened
/// it); this handle sends it orders. Dropping it stops reading and the worker.
pub struct DirectReadAloud {
    inbox: Option<Sender<Input>>,
    events: Receiver<ReadAloudEvent>,
    renderer: Arc<Renderer>,
    playing: bool,
    worker: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for DirectReadAloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectReadAloud").field("playing", &self.playing).finish_non_exhaustive()
    }
}

impl DirectReadAloud {
    /// Reads with `engines` into `output`, spoken as `settings` say.
    pub fn new(engines: Engines, output: Box<dyn AudioOutput + Send>, settings: ReadAloudSettings) -> Self {
        Self::spawn(engines, settings, move |renderer| {
            AudioPlayer::new(Vec::new(), renderer, output, PlayerOptions::default())
        })
    }

    /// Reads into the default sound device (opened on the worker, about 0.1 s). Without
    /// one, reading goes on silently at the pace of speech (the text still follows) and
    /// [`ReadAloudEvent::NoOutputDevice`] is the first event.
    pub fn with_default_device(engines: Engines, settings: ReadAloudSettings) -> Self {
        Self::spawn(engines, settings, |renderer| {
            AudioPlayer::with_default_device(Vec::new(), renderer, PlayerOptions::default())
        })
    }

    fn spawn(
        engines: Engines,
        settings: ReadAloudSettings,
        player: impl FnOnce(Arc<Renderer>) -> (AudioPlayer, Receiver<PlayerEvent>) + Send + 'static,
    ) -> Self {
        let renderer = Arc::new(Renderer::new(engines.clone()));
        let (inbox, input) = mpsc::channel();
        let (events, received) = mpsc::channel();
        let shared = renderer.clone();
        let worker = std::thread::Builder::new().name("tomoshibi-read-direct".into()).spawn(move || {
            let (player, player_events) = player(shared.clone());
            Worker::new(player, player_events, shared, engines, settings, events).run(&input);
        });
        let worker = match worker {
            Ok(worker) => Some(worker),
            Err(e) => {
                tracing::warn!("cannot start reading aloud: {e}");
                None
            }
        };
        Self { inbox: Some(inbox), events: received, renderer, playing: false, worker }
    }

    fn send(&self, input: Input) {
        if let Some(inbox) = &self.inbox {
            let _ = inbox.send(input);
        }
    }

    /// Reads `sentences` from index `from`, replacing whatever was being read.
    pub fn play(&mut self, sentences: Vec<Sentence>, from: usize) {
        self.playing = true;
        self.send(Input::Play(sentences, from));
    }

    /// Renders `sentence` in the background, so that reading it (the first sentence of a
    /// [`Self::play`]) starts without waiting for the engine. A sentence anticipated
    /// before is dropped.
    pub fn anticipate(&self, sentence: &Sentence) {
        self.renderer.anticipate(sentence);
    }

    /// Pauses at once; [`Self::resume`] goes on from the same sample.
    pub fn pause(&mut self) {
        self.playing = false;
        self.send(Input::Pause);
    }

    /// Continues after [`Self::pause`].
    pub fn resume(&mut self) {
        self.playing = true;
        self.send(Input::Resume);
    }

    /// Stops reading and the rendering of sentences (at once: a sentence being rendered is
    /// not waited for).
    pub fn stop(&mut self) {
        self.playing = false;
        self.renderer.stop();
        self.send(Input::Stop);
    }

    /// Rate, pitch, volume and voices: rate and volume at once, pitch and voice from the
    /// next sentence rendered.
    pub fn set_settings(&self, settings: ReadAloudSettings) {
        self.send(Input::Settings(settings));
    }

    /// What happened since the last call: sentences started and finished, words reached,
    /// the end, failures.
    pub fn poll(&mut self) -> Vec<ReadAloudEvent> {
        let events: Vec<ReadAloudEvent> = self.events.try_iter().collect();
        if events.iter().any(|e| matches!(e, ReadAloudEvent::Finished)) {
            self.playing = false;
        }
        events
    }

    /// Whether it reads (not paused, stopped or at the end).
    pub fn is_playing(&self) -> bool {
        self.playing
    }
}

impl Drop for DirectReadAloud {
    fn drop(&mut self) {
        self.renderer.stop();
        self.renderer.drop_anticipated();
        // Closing the inbox ends the worker.
        self.inbox = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The worker: the player and what it is reading.
struct Worker {
    events: Sender<ReadAloudEvent>,
    player: AudioPlayer,
    player_events: Receiver<PlayerEvent>,
    renderer: Arc<Renderer>,
    engines: Engines,
    generation: u64,
    sentences: Vec<Sentence>,
    current: Option<usize>,
    next_word: usize,
    settings: ReadAloudSettings,
    playing: bool,
}

impl Worker {
    fn new(
        player: AudioPlayer,
        player_events: Receiver<PlayerEvent>,
        renderer: Arc<Renderer>,
        engines: Engines,
        settings: ReadAloudSettings,
        events: Sender<ReadAloudEvent>,
    ) -> Self {
        let mut reader = Self {
            events,
            player,
            player_events,
            renderer,
            engines,
            generation: 0,
            sentences: Vec::new(),
            current: None,
            next_word: 0,
            settings: ReadAloudSettings::default(),
            playing: false,
        };
        reader.set_settings(settings);
        reader
    }

    fn run(mut self, input: &Receiver<Input>) {
        loop {
            let received = if self.playing {
                input.recv_timeout(TICK)
            } else {
                input.recv().map_err(|_| RecvTimeoutError::Disconnected)
            };
            match received {
                Ok(Input::Play(sentences, from)) => self.play(sentences, from),
                Ok(Input::Pause) => self.pause(),
                Ok(Input::Resume) => self.resume(),
                Ok(Input::Stop) => self.stop(),
                Ok(Input::Settings(settings)) => self.set_settings(settings),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            for event in self.poll() {
                let _ = self.events.send(event);
            }
        }
        self.stop();
    }

    fn play(&mut self, sentences: Vec<Sentence>, from: usize) {
        // What the previous plan reported is about its sentences, not these: dropped (but
        // not a missing sound device).
        for event in self.player_events.try_iter() {
            if let PlayerEvent::NoOutputDevice(error) = event {
                let _ = self.events.send(ReadAloudEvent::NoOutputDevice(error));
            }
        }
        self.generation = self.renderer.start_plan(sentences.clone(), from);
        let clips = (0..sentences.len()).map(|i| Clip::new(i, href(self.generation, i), 0, None)).collect();
        if let Some(first) = sentences.get(from) {
            self.apply_settings(&first.lang.clone());
        }
        self.sentences = sentences;
        self.current = None;
        self.next_word = 0;
        self.player.set_clips(clips, from);
        self.playing = true;
        self.player.play();
    }

    fn pause(&mut self) {
        self.player.pause();
        self.playing = false;
    }

    fn resume(&mut self) {
        self.player.play();
        self.playing = true;
    }

    fn stop(&mut self) {
        self.renderer.stop();
        self.player.stop();
        self.playing = false;
        self.current = None;
    }

    fn set_settings(&mut self, settings: ReadAloudSettings) {
        let mut engines = self.engines.clone();
        engines.voices = settings.voices.clone();
        if let Some(open_jtalk) = &mut engines.open_jtalk {
            open_jtalk.settings = rendered_settings(&settings, "ja");
        }
        if let Some(espeak_ng) = &mut engines.espeak_ng {
            espeak_ng.settings = rendered_settings(&settings, "");
        }
        if format!("{engines:?}") != format!("{:?}", self.engines) {
            self.renderer.set_engines(engines.clone());
            self.engines = engines;
        }
        self.settings = settings;
        let lang = self.current.and_then(|i| self.sentences.get(i)).map(|s| s.lang.clone());
        self.apply_settings(lang.as_deref().unwrap_or_default());
    }

    /// What happened since the last look: sentences started and finished, words reached
    /// (by the player's position in the sentence's audio), the end, failures.
    fn poll(&mut self) -> Vec<ReadAloudEvent> {
        let mut out = Vec::new();
        while let Ok(event) = self.player_events.try_recv() {
            match event {
                PlayerEvent::ClipStarted { clip, .. } => {
                    // Words the player went past between two looks were said all the same.
                    self.words_until_end(&mut out);
                    if let Some(done) = self.current.replace(clip) {
                        out.push(ReadAloudEvent::SentenceFinished(done));
                    }
                    self.next_word = 0;
                    let lang = self.sentences.get(clip).map(|s| s.lang.clone());
                    self.apply_settings(lang.as_deref().unwrap_or_default());
                    out.push(ReadAloudEvent::SentenceStarted(clip));
                }
                PlayerEvent::Finished => {
                    self.words_until_end(&mut out);
                    if let Some(done) = self.current.take() {
                        out.push(ReadAloudEvent::SentenceFinished(done));
                    }
                    self.playing = false;
                    out.push(ReadAloudEvent::Finished);
                }
                PlayerEvent::FileMissing { href: missing, error } => {
                    let index = (0..self.sentences.len()).find(|&i| href(self.generation, i) == missing);
                    if let Some(index) = index {
                        match self.renderer.failure(self.generation, index) {
                            Some(error) => out.push(ReadAloudEvent::NotRendered(index, error)),
                            None => tracing::debug!("sentence {index} not played: {error}"),
                        }
                    }
                }
                PlayerEvent::NoOutputDevice(error) => out.push(ReadAloudEvent::NoOutputDevice(error)),
            }
        }
        self.words_reached(&mut out);
        out
    }

    /// Word events for the words of the current sentence the player has reached.
    fn words_reached(&mut self, out: &mut Vec<ReadAloudEvent>) {
        let (Some(index), Some(position)) = (self.current, self.player.position()) else { return };
        if position.clip != index {
            return;
        }
        let at = std::time::Duration::from_millis(position.clip_ms);
        self.words_until(index, |start| start <= at, out);
    }

    fn words_until_end(&mut self, out: &mut Vec<ReadAloudEvent>) {
        if let Some(index) = self.current {
            self.words_until(index, |_| true, out);
        }
    }

    fn words_until(
        &mut self,
        index: usize,
        reached: impl Fn(std::time::Duration) -> bool,
        out: &mut Vec<ReadAloudEvent>,
    ) {
        let (Some(timing), Some(sentence)) =
            (self.renderer.timing(self.generation, index), self.sentences.get(index))
        else {
            return;
        };
        while let Some(range) = sentence.words.get(self.next_word) {
            match timing.words.get(self.next_word).copied().flatten() {
                Some(start) if !reached(start) => break,
                Some(_) => out.push(ReadAloudEvent::Word(index, range.clone())),
                // Not timed (after the last word Open JTalk spoke): nothing to mark.
                None => {}
            }
            self.next_word += 1;
        }
    }

    /// Rate and volume of language `lang` on the player.
    fn apply_settings(&mut self, lang: &str) {
        let voice = self.settings.for_language(lang);
        self.player.set_speed(voice.rate_factor());
        self.player.set_volume(if voice.volume.is_finite() { voice.volume.clamp(0.0, 1.0) } else { 1.0 });
    }
}

/// What the engine itself is given for `lang`: the pitch; rate and volume are the player's.
fn rendered_settings(settings: &ReadAloudSettings, lang: &str) -> super::voice::VoiceSettings {
    super::voice::VoiceSettings { rate: 1.0, volume: 1.0, ..settings.for_language(lang) }
}
