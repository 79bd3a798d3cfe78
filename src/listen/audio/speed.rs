//! Speed change with the pitch kept (Sonic, via the pure-Rust `libsonic`),
//! plus volume and pause, all adjustable while playing through a shared
//! [`SpeedControl`].

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use libsonic::SonicStream;
use rodio::Source;

/// Slowest supported speed.
pub const MIN_SPEED: f32 = 0.5;
/// Fastest supported speed.
pub const MAX_SPEED: f32 = 4.0;

/// Frames pulled from the inner source per processing step (~23 ms at 44.1 kHz).
const CHUNK_FRAMES: usize = 1024;

/// Shared, lock-free settings of a [`Speed`] source: cheap to clone, safe to
/// change from any thread while the audio thread plays.
#[derive(Debug, Clone)]
pub struct SpeedControl {
    inner: Arc<ControlState>,
}

#[derive(Debug)]
struct ControlState {
    speed: AtomicU32,
    volume: AtomicU32,
    paused: AtomicBool,
    stopped: AtomicBool,
    /// Bumped by the producer at a discontinuity (jump): audio still inside
    /// the stretcher is then thrown away instead of being played.
    epoch: AtomicU64,
}

impl Default for SpeedControl {
    fn default() -> Self {
        Self::new()
    }
}

impl SpeedControl {
    /// Speed 1.0, volume 1.0, playing.
    pub fn new() -> Self {
        Self {
            inner: Arc::new(ControlState {
                speed: AtomicU32::new(1.0f32.to_bits()),
                volume: AtomicU32::new(1.0f32.to_bits()),
                paused: AtomicBool::new(false),
                stopped: AtomicBool::new(false),
                epoch: AtomicU64::new(0),
            }),
        }
    }

    /// Sets the speed, clamped to [`MIN_SPEED`]..=[`MAX_SPEED`] (NaN → 1.0).
    pub fn set_speed(&self, speed: f32) {
        let speed = if speed.is_nan() { 1.0 } else { speed.clamp(MIN_SPEED, MAX_SPEED) };
        self.inner.speed.store(speed.to_bits(), Ordering::Relaxed);
    }

    /// The current speed.
    pub fn speed(&self) -> f32 {
        f32::from_bits(self.inner.speed.load(Ordering::Relaxed))
    }

    /// Sets the volume factor, clamped to 0.0..=2.0 (NaN → 1.0).
    pub fn set_volume(&self, volume: f32) {
        let volume = if volume.is_nan() { 1.0 } else { volume.clamp(0.0, 2.0) };
        self.inner.volume.store(volume.to_bits(), Ordering::Relaxed);
    }

    /// The current volume factor.
    pub fn volume(&self) -> f32 {
        f32::from_bits(self.inner.volume.load(Ordering::Relaxed))
    }

    /// Pauses (silence is output, the inner source is not pulled) or resumes.
    pub fn set_paused(&self, paused: bool) {
        self.inner.paused.store(paused, Ordering::Relaxed);
    }

    /// True while paused.
    pub fn is_paused(&self) -> bool {
        self.inner.paused.load(Ordering::Relaxed)
    }

    /// Ends the [`Speed`] source at once (it then returns `None`).
    pub fn stop(&self) {
        self.inner.stopped.store(true, Ordering::Relaxed);
    }

    /// True once [`SpeedControl::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.inner.stopped.load(Ordering::Relaxed)
    }

    /// Marks a discontinuity: audio buffered in the stretcher is dropped.
    /// Call it from the producer right before it yields the first new sample.
    pub fn mark_discontinuity(&self) {
        self.inner.epoch.fetch_add(1, Ordering::AcqRel);
    }

    fn epoch(&self) -> u64 {
        self.inner.epoch.load(Ordering::Acquire)
    }
}

/// A [`Source`] that plays `inner` faster or slower with the pitch kept.
///
/// At exactly 1.0 the samples pass through untouched (no added latency); at
/// other speeds Sonic holds back about 30 ms of audio. When the inner
/// format changes (a new file at another rate), Sonic is flushed first.
pub struct Speed<S: Source> {
    inner: S,
    control: SpeedControl,
    sonic: Option<SonicStream>,
    /// Format the sonic stream was made for.
    format: (u16, u32),
    /// Output ready to hand out, all in `format`.
    out: Vec<f32>,
    out_pos: usize,
    chunk: Vec<f32>,
    epoch: u64,
    inner_done: bool,
}

impl<S: Source> std::fmt::Debug for Speed<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speed").field("format", &self.format).finish_non_exhaustive()
    }
}

impl<S: Source> Speed<S> {
    /// Wraps `inner`; `control` changes speed, volume and pause while playing.
    pub fn new(inner: S, control: SpeedControl) -> Self {
        let format = (inner.channels().get(), inner.sample_rate().get());
        let epoch = control.epoch();
        let mut speed = Self {
            inner,
            control,
            sonic: None,
            format,
            out: Vec::with_capacity(CHUNK_FRAMES * 2),
            out_pos: 0,
            chunk: Vec::with_capacity(CHUNK_FRAMES * 2),
            epoch,
            inner_done: false,
        };
        speed.refill();
        speed
    }

    /// The shared control.
    pub fn control(&self) -> &SpeedControl {
        &self.control
    }

    /// The wrapped source.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// Produces the next block of output into `out`. Leaves `out` empty only
    /// when everything has been played.
    fn refill(&mut self) {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() {
            if self.control.is_paused() {
                let (channels, _) = self.format;
                self.out.resize(usize::from(channels) * 256, 0.0);
                return;
            }
            if self.inner_done {
                self.drain_sonic(true);
                if self.out.is_empty() {
                    return;
                }
                break;
            }
            self.pull_chunk();
            let speed = self.control.speed();
            let bypass = (speed - 1.0).abs() < 1e-4;
            if bypass && self.sonic.is_some() {
                // Speed returned to 1.0: let Sonic finish what it holds, then bypass.
                self.drain_sonic(true);
            }
            if bypass {
                self.out.extend_from_slice(&self.chunk);
            } else {
                self.stretch(speed);
            }
        }
        let volume = self.control.volume();
        if (volume - 1.0).abs() > f32::EPSILON {
            self.out.iter_mut().for_each(|s| *s *= volume);
        }
    }

    /// Pulls up to one chunk of samples in one format into `chunk`.
    fn pull_chunk(&mut self) {
        self.chunk.clear();
        let format = (self.inner.channels().get(), self.inner.sample_rate().get());
        if format != self.format {
            // Finish the old format first; the switch happens at a span boundary.
            self.drain_sonic(true);
            if !self.out.is_empty() {
                return;
            }
            self.format = format;
        }
        let limit = CHUNK_FRAMES * usize::from(format.0);
        while self.chunk.len() < limit {
            let Some(sample) = self.inner.next() else {
                self.inner_done = true;
                break;
            };
            self.chunk.push(sample);
            let boundary = self.chunk.len().is_multiple_of(usize::from(format.0));
            if boundary {
                let epoch = self.control.epoch();
                if epoch != self.epoch {
                    // A jump happened after this frame: everything up to here is old audio.
                    self.epoch = epoch;
                    self.chunk.clear();
                    self.out.clear();
                    self.sonic = None;
                }
                let now = (self.inner.channels().get(), self.inner.sample_rate().get());
                if now != format {
                    break;
                }
            }
        }
    }

    fn stretch(&mut self, speed: f32) {
        let (channels, rate) = self.format;
        if self.sonic.is_none() {
            match SonicStream::new(rate, u32::from(channels)) {
                Ok(s) => self.sonic = Some(s),
                Err(_) => {
                    // Format Sonic cannot handle: play at normal speed rather than not at all.
                    self.out.extend_from_slice(&self.chunk);
                    return;
                }
            }
        }
        if let Some(sonic) = &mut self.sonic {
            sonic.set_speed(speed);
            sonic.write_f32(&self.chunk);
            let available = sonic.available_frames();
            self.out.extend(sonic.read_f32(available));
        }
    }

    fn drain_sonic(&mut self, flush: bool) {
        if let Some(mut sonic) = self.sonic.take() {
            if flush {
                sonic.flush();
            }
            let available = sonic.available_frames();
            self.out.extend(sonic.read_f32(available));
        }
    }
}

impl<S: Source> Iterator for Speed<S> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.control.is_stopped() {
            return None;
        }
        let sample = *self.out.get(self.out_pos)?;
        self.out_pos += 1;
        if self.out_pos >= self.out.len() {
            self.refill();
        }
        Some(sample)
    }
}

impl<S: Source> Source for Speed<S> {
    fn current_span_len(&self) -> Option<usize> {
        if self.control.is_stopped() {
            return Some(0);
        }
        Some(self.out.len() - self.out_pos)
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
