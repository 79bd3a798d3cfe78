//! [`AudioPlayer`]: the control handle for playing a list of clips.
//!
//! The handle lives on the UI side; the samples are made on the audio thread
//! by a [`ClipSequence`] wrapped in [`Speed`]. They talk through atomics and a
//! short mutex; events come back over a std [`mpsc`] channel.

use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use super::Clip;
use super::decode::MediaOpener;
use super::error::AudioError;
use super::output::{AudioOutput, DeviceOutput, SilentOutput};
use super::sequence::{ClipSequence, Jump, Shared};
use super::speed::{Speed, SpeedControl};

/// What the player reports.
#[derive(Debug, Clone)]
pub enum PlayerEvent {
    /// Clip number `clip` (position in the clip list; `index` is the
    /// caller's [`Clip::index`]) started. Sent when its first sample is
    /// produced, a few tens of ms before it is heard.
    ClipStarted {
        /// Position in the clip list.
        clip: usize,
        /// The caller's index of that clip.
        index: usize,
    },
    /// The last clip ended.
    Finished,
    /// An audio file is missing or cannot be decoded; its clips are skipped.
    FileMissing {
        /// The file's href.
        href: String,
        /// Why.
        error: AudioError,
    },
    /// No sound output could be opened; playback is silent.
    NoOutputDevice(AudioError),
}

/// Where playback is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Position in the clip list.
    pub clip: usize,
    /// The caller's index of that clip ([`Clip::index`]).
    pub index: usize,
    /// Milliseconds since the clip's begin.
    pub clip_ms: u64,
    /// Media time in the audio file, milliseconds from its start.
    pub media_ms: u64,
}

/// Tuning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayerOptions {
    /// How long the audio thread waits for a file being opened before it
    /// plays short silences (the wait repeats until the file is ready).
    /// Long waits make pulled output deterministic (tests).
    pub load_wait: Duration,
}

impl Default for PlayerOptions {
    fn default() -> Self {
        Self { load_wait: Duration::from_millis(15) }
    }
}

/// Plays a list of clips continuously: play/pause, jump, speed, volume,
/// stop, position and events. See the [module docs](super).
pub struct AudioPlayer {
    clips: Arc<[Clip]>,
    opener: Arc<dyn MediaOpener>,
    output: Box<dyn AudioOutput>,
    shared: Arc<Shared>,
    control: SpeedControl,
    options: PlayerOptions,
    next_id: u64,
    paused: bool,
    stopped: bool,
    speed: f32,
    volume: f32,
    resume: Jump,
}

impl std::fmt::Debug for AudioPlayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudioPlayer")
            .field("clips", &self.clips.len())
            .field("paused", &self.paused)
            .field("speed", &self.speed)
            .finish_non_exhaustive()
    }
}

impl AudioPlayer {
    /// A player for `clips` that reads files through `opener` and plays into
    /// `output`. It starts paused at the first clip; nothing is opened yet.
    pub fn new(
        clips: Vec<Clip>,
        opener: Arc<dyn MediaOpener>,
        output: Box<dyn AudioOutput>,
        options: PlayerOptions,
    ) -> (Self, Receiver<PlayerEvent>) {
        let (events, receiver) = mpsc::channel();
        let player = Self {
            clips: clips.into(),
            opener,
            output,
            shared: Arc::new(Shared::new(events)),
            control: SpeedControl::new(),
            options,
            next_id: 1,
            paused: true,
            stopped: false,
            speed: 1.0,
            volume: 1.0,
            resume: Jump { clip: 0, offset_ms: 0 },
        };
        (player, receiver)
    }

    /// Like [`AudioPlayer::new`] with the default sound device. Without one,
    /// the player still works silently, at the pace of real playback
    /// ([`SilentOutput`]), and [`PlayerEvent::NoOutputDevice`] is the first event.
    pub fn with_default_device(
        clips: Vec<Clip>,
        opener: Arc<dyn MediaOpener>,
        options: PlayerOptions,
    ) -> (Self, Receiver<PlayerEvent>) {
        match DeviceOutput::open_default() {
            Ok(device) => Self::new(clips, opener, Box::new(device), options),
            Err(error) => {
                let (player, events) = Self::new(clips, opener, Box::new(SilentOutput::default()), options);
                let _ = player.shared.events.send(PlayerEvent::NoOutputDevice(error));
                (player, events)
            }
        }
    }

    /// Replaces the output (e.g. after a device came back); playback restarts
    /// there from the current position.
    pub fn set_output(&mut self, output: Box<dyn AudioOutput>) {
        let was_running = self.is_running();
        self.stop();
        self.output = output;
        if was_running {
            self.start_chain();
        }
    }

    /// Plays `clips` instead of the present list, from clip number `from`: what played
    /// stops at once; output, speed, volume and play/pause stay. Call [`Self::play`] to
    /// start when stopped.
    pub fn set_clips(&mut self, clips: Vec<Clip>, from: usize) {
        self.stop();
        self.clips = clips.into();
        self.resume = Jump { clip: from, offset_ms: 0 };
        *self.shared.position.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The clip list.
    pub fn clips(&self) -> &[Clip] {
        &self.clips
    }

    /// Starts or resumes playback (from the last position, or from the start
    /// after the end was reached).
    pub fn play(&mut self) {
        self.paused = false;
        self.control.set_paused(false);
        if !self.is_running() {
            if self.next_id > 1 && !self.stopped {
                // The previous run reached the end: start over.
                self.resume = Jump { clip: 0, offset_ms: 0 };
            }
            self.start_chain();
        }
    }

    /// Pauses; [`AudioPlayer::play`] resumes at the same sample.
    pub fn pause(&mut self) {
        self.paused = true;
        self.control.set_paused(true);
    }

    /// True unless paused or stopped.
    pub fn is_playing(&self) -> bool {
        !self.paused && self.is_running()
    }

    /// Goes to clip number `clip` (position in the list), `offset_ms` into
    /// it. Keeps the play/pause state.
    ///
    /// # Errors
    /// [`AudioError::NoSuchClip`] when `clip` is out of range.
    pub fn jump(&mut self, clip: usize, offset_ms: u64) -> Result<(), AudioError> {
        if clip >= self.clips.len() {
            return Err(AudioError::NoSuchClip { index: clip, len: self.clips.len() });
        }
        let jump = Jump { clip, offset_ms };
        self.resume = jump;
        if self.paused {
            // Nothing plays to report the new place: it is the place now ("where am I",
            // the saved position) until playback reports its own.
            let media_ms = self.clips.get(clip).map_or(0, |c| c.begin_ms) + offset_ms;
            let index = self.clips.get(clip).map_or(clip, |c| c.index);
            *self.shared.position.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(Position { clip, index, clip_ms: offset_ms, media_ms });
        }
        {
            let mut control = self.shared.lock();
            if control.running.is_some() {
                control.jump = Some(jump);
                self.shared.pending.store(true, std::sync::atomic::Ordering::Release);
                return Ok(());
            }
        }
        self.start_chain();
        Ok(())
    }

    /// Sets the speed, 0.5–4.0, pitch kept; takes effect within ~25 ms.
    pub fn set_speed(&mut self, speed: f32) {
        self.control.set_speed(speed);
        self.speed = self.control.speed();
    }

    /// The speed.
    pub fn speed(&self) -> f32 {
        self.speed
    }

    /// Sets the volume factor, 0.0–2.0.
    pub fn set_volume(&mut self, volume: f32) {
        self.control.set_volume(volume);
        self.volume = self.control.volume();
    }

    /// The volume factor.
    pub fn volume(&self) -> f32 {
        self.volume
    }

    /// Stops at once and forgets the open files; [`AudioPlayer::play`]
    /// restarts at the position where it stopped.
    pub fn stop(&mut self) {
        if let Some(position) = self.position() {
            self.resume = Jump { clip: position.clip, offset_ms: position.clip_ms };
        }
        self.stopped = true;
        self.control.stop();
        let mut control = self.shared.lock();
        control.running = None;
        control.jump = None;
        self.shared.pending.store(false, std::sync::atomic::Ordering::Release);
    }

    /// The position of the sample being produced (ahead of what is heard by
    /// the output buffer, and by ~30 ms of stretcher latency at speeds ≠ 1).
    /// `None` before anything played.
    pub fn position(&self) -> Option<Position> {
        *self.shared.position.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_running(&self) -> bool {
        self.shared.lock().running.is_some()
    }

    fn start_chain(&mut self) {
        let start = self.resume;
        self.stopped = false;
        self.control.stop();
        self.control = SpeedControl::new();
        self.control.set_speed(self.speed);
        self.control.set_volume(self.volume);
        self.control.set_paused(self.paused);
        let id = self.next_id;
        self.next_id += 1;
        let sequence = ClipSequence::start(
            id,
            Arc::clone(&self.clips),
            Arc::clone(&self.opener),
            Arc::clone(&self.shared),
            self.control.clone(),
            start,
            &self.options,
        );
        self.output.start(Box::new(Speed::new(sequence, self.control.clone())));
    }
}

impl Drop for AudioPlayer {
    fn drop(&mut self) {
        self.control.stop();
    }
}
