//! [`ClipSequence`]: one rodio [`Source`] that plays a list of clips back to
//! back with no gap.
//!
//! - A clip that continues the previous one in the same file reuses the open
//!   decoder without seeking (small holes are decoded through).
//! - When the next clip is in another file, that file is opened and seeked on
//!   a loader thread while the current clip still plays.
//! - A jump is taken at the next frame boundary; files are opened off the
//!   audio thread, which waits at most [`PlayerOptions::load_wait`] before
//!   playing short silences while it waits.
//! - Missing or undecodable files are skipped and reported once each.
//!
//! The format (`channels`, `sample_rate`) always describes the *next* sample:
//! state changes are made eagerly right after a sample is produced.

use std::collections::HashSet;
use std::num::NonZero;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rodio::Source;

use super::decode::{ClipSource, MediaOpener, ms_to_frames};
use super::error::AudioError;
use super::player::{PlayerEvent, PlayerOptions, Position};
use super::speed::SpeedControl;
use super::{Clip, decode::frames_to_ms};

/// Silence played per step while waiting for a file to load.
const WAIT_SILENCE: Duration = Duration::from_millis(10);
/// The shared position is refreshed every this many samples.
const POSITION_EVERY: u32 = 256;

/// State shared by the control handle and the playing sequence.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) control: Mutex<Control>,
    /// Fast check for the audio thread: a jump waits in `control`.
    pub(crate) pending: AtomicBool,
    pub(crate) position: Mutex<Option<Position>>,
    pub(crate) events: Sender<PlayerEvent>,
}

/// Who is playing and what it should do next.
#[derive(Debug, Default)]
pub(crate) struct Control {
    /// Id of the sequence currently running, if any.
    pub(crate) running: Option<u64>,
    /// A jump waiting to be taken by the running sequence.
    pub(crate) jump: Option<Jump>,
}

/// Where to go: clip (position in the clip list) and offset into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Jump {
    pub(crate) clip: usize,
    pub(crate) offset_ms: u64,
}

impl Shared {
    pub(crate) fn new(events: Sender<PlayerEvent>) -> Self {
        Self {
            control: Mutex::new(Control::default()),
            pending: AtomicBool::new(false),
            position: Mutex::new(None),
            events,
        }
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Control> {
        self.control.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct LoadRequest {
    ticket: u64,
    href: String,
    begin_ms: u64,
    end_ms: Option<u64>,
}

struct Loaded {
    ticket: u64,
    result: Result<ClipSource, AudioError>,
}

/// Opens files on a background thread; the thread ends with the sequence.
struct Loader {
    requests: Sender<LoadRequest>,
    results: Receiver<Loaded>,
    next_ticket: u64,
}

impl Loader {
    fn spawn(opener: Arc<dyn MediaOpener>) -> Self {
        let (requests, inbox) = mpsc::channel::<LoadRequest>();
        let (outbox, results) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("audio-loader".into()).spawn(move || {
            for req in inbox {
                let result = ClipSource::open(opener.as_ref(), &req.href, req.begin_ms, req.end_ms);
                if outbox.send(Loaded { ticket: req.ticket, result }).is_err() {
                    break;
                }
            }
        });
        if spawned.is_err() {
            // No thread: a closed channel makes every load fail (reported), never hang.
            let (_, closed) = mpsc::channel();
            return Self { requests, results: closed, next_ticket: 1 };
        }
        Self { requests, results, next_ticket: 1 }
    }

    fn request(&mut self, clip: &Clip, begin_ms: u64) -> u64 {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        let _ = self.requests.send(LoadRequest {
            ticket,
            href: clip.href.clone(),
            begin_ms,
            end_ms: clip.end_ms,
        });
        ticket
    }
}

/// A file being loaded ahead: (clip, loader ticket, result once it came).
type Prefetch = (usize, u64, Option<Result<ClipSource, AudioError>>);

enum State {
    /// Playing clip `pos`.
    Playing { pos: usize, source: ClipSource },
    /// Clip `pos` is being opened by the loader.
    Waiting { pos: usize, ticket: u64, jumped: bool },
    /// Everything played (or nothing left to play).
    Done,
}

/// The gapless clip-list source; see the module docs. Made by
/// [`AudioPlayer`](super::AudioPlayer); usable alone for tests and export.
pub struct ClipSequence {
    id: u64,
    clips: Arc<[Clip]>,
    shared: Arc<Shared>,
    control: SpeedControl,
    loader: Loader,
    state: State,
    /// Result of loading the next file ahead of time: (clip, ticket, result).
    prefetch: Option<Prefetch>,
    failed: HashSet<String>,
    silence: usize,
    format: (u16, u32),
    load_wait: Duration,
    since_update: u32,
    ended: bool,
}

impl std::fmt::Debug for ClipSequence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClipSequence").field("id", &self.id).finish_non_exhaustive()
    }
}

impl ClipSequence {
    /// A stand-alone sequence over `clips` from the first clip, for rendering
    /// and tests: it waits as long as needed for files (no silence gaps),
    /// plays at the speed `control` says, and reports on the returned channel.
    pub fn new(
        clips: Vec<Clip>,
        opener: Arc<dyn MediaOpener>,
        control: SpeedControl,
    ) -> (Self, Receiver<PlayerEvent>) {
        let (events, receiver) = mpsc::channel();
        let shared = Arc::new(Shared::new(events));
        let options = PlayerOptions { load_wait: Duration::from_secs(3600) };
        let start = Jump { clip: 0, offset_ms: 0 };
        (Self::start(0, clips.into(), opener, shared, control, start, &options), receiver)
    }

    /// Starts at `start` (clip position, offset in ms) and registers itself as
    /// the running sequence `id` in `shared`. Loads the first clip before
    /// returning (waiting up to `options.load_wait`).
    pub(crate) fn start(
        id: u64,
        clips: Arc<[Clip]>,
        opener: Arc<dyn MediaOpener>,
        shared: Arc<Shared>,
        control: SpeedControl,
        start: Jump,
        options: &PlayerOptions,
    ) -> Self {
        shared.lock().running = Some(id);
        let mut sequence = Self {
            id,
            clips,
            shared,
            control,
            loader: Loader::spawn(opener),
            state: State::Done,
            prefetch: None,
            failed: HashSet::new(),
            silence: 0,
            format: (1, 44_100),
            load_wait: options.load_wait,
            since_update: 0,
            ended: false,
        };
        sequence.go_to(start.clip, start.offset_ms, None, true);
        sequence.settle();
        sequence
    }

    /// Chooses how to play clip `pos` (+`offset_ms`): reuse `previous` when
    /// it is the same file, take a prefetched file, or ask the loader.
    fn go_to(&mut self, mut pos: usize, mut offset_ms: u64, mut previous: Option<ClipSource>, jumped: bool) {
        loop {
            let Some(clip) = self.clips.get(pos).cloned() else {
                self.state = State::Done;
                return;
            };
            if self.failed.contains(&clip.href) {
                (pos, offset_ms) = (pos + 1, 0);
                continue;
            }
            let begin = clip.begin_ms.saturating_add(offset_ms);
            if let Some(mut source) = previous.take().filter(|s| s.href() == clip.href) {
                match source.retarget(begin, clip.end_ms) {
                    Ok(()) => return self.begin_clip(pos, source, jumped),
                    Err(e) => {
                        self.report(&clip.href, e);
                        (pos, offset_ms) = (pos + 1, 0);
                        continue;
                    }
                }
            }
            if offset_ms == 0
                && matches!(self.prefetch, Some((p, _, Some(_))) if p == pos)
                && let Some((_, _, Some(result))) = self.prefetch.take()
            {
                match result {
                    Ok(source) => return self.begin_clip(pos, source, jumped),
                    Err(e) => {
                        self.report(&clip.href, e);
                        (pos, offset_ms) = (pos + 1, 0);
                        continue;
                    }
                }
            }
            let ticket = match self.prefetch {
                Some((p, ticket, None)) if p == pos && offset_ms == 0 => ticket,
                _ => self.loader.request(&clip, begin),
            };
            self.state = State::Waiting { pos, ticket, jumped };
            return;
        }
    }

    fn begin_clip(&mut self, pos: usize, source: ClipSource, jumped: bool) {
        if jumped {
            self.control.mark_discontinuity();
        }
        let index = self.clips.get(pos).map_or(pos, |c| c.index);
        let _ = self.shared.events.send(PlayerEvent::ClipStarted { clip: pos, index });
        self.format = (source.channels().get(), source.sample_rate().get());
        self.state = State::Playing { pos, source };
        self.publish_position();
        self.prefetch_after(pos);
    }

    /// Starts loading the clip after `pos` when it lives in another file.
    fn prefetch_after(&mut self, pos: usize) {
        let (Some(now), Some(next)) = (self.clips.get(pos), self.clips.get(pos + 1)) else { return };
        if next.href == now.href || self.failed.contains(&next.href) {
            return;
        }
        if matches!(self.prefetch, Some((p, _, _)) if p == pos + 1) {
            return;
        }
        let next = next.clone();
        let ticket = self.loader.request(&next, next.begin_ms);
        self.prefetch = Some((pos + 1, ticket, None));
    }

    fn report(&mut self, href: &str, error: AudioError) {
        if matches!(error, AudioError::Missing { .. } | AudioError::Undecodable { .. }) {
            self.failed.insert(href.to_owned());
        }
        let _ = self.shared.events.send(PlayerEvent::FileMissing { href: href.to_owned(), error });
    }

    /// Handles what the loader sent; waits up to `load_wait` for `ticket`.
    fn poll_loader(&mut self, ticket: u64) -> Option<Result<ClipSource, AudioError>> {
        let deadline = std::time::Instant::now() + self.load_wait;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let loaded = match self.loader.results.recv_timeout(left) {
                Ok(loaded) => loaded,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => {
                    return Some(Err(AudioError::Missing {
                        href: String::new(),
                        reason: "audio loader stopped".into(),
                    }));
                }
            };
            if loaded.ticket == ticket {
                if let Some((_, t, slot)) = &mut self.prefetch
                    && *t == ticket
                {
                    *slot = None;
                    self.prefetch = None;
                }
                return Some(loaded.result);
            }
            if let Some((_, t, slot)) = &mut self.prefetch
                && *t == loaded.ticket
            {
                *slot = Some(loaded.result);
            }
        }
    }

    /// Advances the state until the next sample is known.
    fn settle(&mut self) {
        loop {
            if self.silence > 0 {
                return;
            }
            if self.shared.pending.load(Ordering::Acquire) && self.at_frame_boundary() {
                let jump = {
                    let mut control = self.shared.lock();
                    self.shared.pending.store(false, Ordering::Release);
                    if control.running == Some(self.id) { control.jump.take() } else { None }
                };
                if let Some(jump) = jump {
                    let previous = match std::mem::replace(&mut self.state, State::Done) {
                        State::Playing { source, .. } => Some(source),
                        _ => None,
                    };
                    self.go_to(jump.clip, jump.offset_ms, previous, true);
                    continue;
                }
            }
            match &mut self.state {
                State::Playing { pos, source } => {
                    if !source.finished() {
                        return;
                    }
                    let next = *pos + 1;
                    let State::Playing { source, .. } = std::mem::replace(&mut self.state, State::Done)
                    else {
                        return;
                    };
                    self.go_to(next, 0, Some(source), false);
                }
                State::Waiting { pos, ticket, jumped } => {
                    let (pos, ticket, jumped) = (*pos, *ticket, *jumped);
                    match self.poll_loader(ticket) {
                        Some(Ok(source)) => self.begin_clip(pos, source, jumped),
                        Some(Err(e)) => {
                            let href = self.clips.get(pos).map(|c| c.href.clone()).unwrap_or_default();
                            self.report(&href, e);
                            self.go_to(pos + 1, 0, None, jumped);
                        }
                        None => {
                            let (channels, rate) = self.format;
                            let frames = rate as usize * WAIT_SILENCE.as_millis() as usize / 1000;
                            self.silence = frames.max(1) * usize::from(channels);
                            return;
                        }
                    }
                }
                State::Done => {
                    if self.ended {
                        return;
                    }
                    let mut control = self.shared.lock();
                    if control.running == Some(self.id) && control.jump.is_some() {
                        self.shared.pending.store(true, Ordering::Release);
                        continue;
                    }
                    let current = control.running == Some(self.id);
                    if current {
                        control.running = None;
                    }
                    drop(control);
                    self.ended = true;
                    if current {
                        let _ = self.shared.events.send(PlayerEvent::Finished);
                    }
                    return;
                }
            }
        }
    }

    fn at_frame_boundary(&self) -> bool {
        match &self.state {
            State::Playing { source, .. } => source.at_frame_boundary(),
            _ => true,
        }
    }

    fn publish_position(&mut self) {
        self.since_update = 0;
        let State::Playing { pos, source } = &self.state else { return };
        let Some(clip) = self.clips.get(*pos) else { return };
        let rate = source.sample_rate().get();
        let frame = source.position_frames();
        let begin = ms_to_frames(clip.begin_ms, rate);
        let position = Position {
            clip: *pos,
            index: clip.index,
            clip_ms: frames_to_ms(frame.saturating_sub(begin), rate),
            media_ms: frames_to_ms(frame, rate),
        };
        if let Ok(mut slot) = self.shared.position.try_lock() {
            *slot = Some(position);
        }
    }
}

impl Iterator for ClipSequence {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let sample = if self.silence > 0 {
            self.silence -= 1;
            0.0
        } else {
            match &mut self.state {
                State::Playing { source, .. } => source.next().unwrap_or(0.0),
                State::Waiting { .. } => 0.0,
                State::Done => return None,
            }
        };
        self.since_update += 1;
        if self.since_update >= POSITION_EVERY {
            self.publish_position();
        }
        self.settle();
        Some(sample)
    }
}

impl Source for ClipSequence {
    fn current_span_len(&self) -> Option<usize> {
        if self.silence > 0 {
            return Some(self.silence);
        }
        match &self.state {
            State::Playing { source, .. } => source.current_span_len(),
            State::Waiting { .. } => None,
            State::Done => Some(0),
        }
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(self.format.0).unwrap_or(NonZero::<u16>::MIN)
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(self.format.1).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

impl Drop for ClipSequence {
    fn drop(&mut self) {
        let mut control = self.shared.lock();
        if control.running == Some(self.id) {
            control.running = None;
        }
    }
}
