//! Rendering clips to a 16-bit PCM WAV file, at any speed with the pitch
//! kept, all files brought to one sample rate and channel count.

use std::num::NonZero;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use rodio::Source;

use super::Clip;
use super::decode::MediaOpener;
use super::error::AudioError;
use super::player::PlayerEvent;
use super::sequence::ClipSequence;
use super::speed::{Speed, SpeedControl};

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Speed, 0.5–4.0, pitch kept.
    pub speed: f32,
    /// Output sample rate; `None` = the first playable file's.
    pub sample_rate: Option<u32>,
    /// Output channel count; `None` = the first playable file's.
    pub channels: Option<u16>,
    /// Progress, and a way to stop from another thread (the partial file is removed).
    pub watch: Option<ExportWatch>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self { speed: 1.0, sample_rate: None, channels: None, watch: None }
    }
}

/// An export seen from another thread: how far it has got, and a way to stop it. Clones
/// share the same state.
#[derive(Debug, Clone, Default)]
pub struct ExportWatch {
    cancelled: Arc<AtomicBool>,
    /// Done, in thousandths.
    permille: Arc<AtomicU32>,
}

impl ExportWatch {
    /// Asks the export to stop; it removes its partial file and ends with a cancellation.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// How much is done, 0.0 ..= 1.0.
    pub fn fraction(&self) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let done = self.permille.load(Ordering::Relaxed).min(1000) as f32;
        done / 1000.0
    }

    /// Records how much is done (`done` of `total`; nothing when the total is unknown).
    pub fn set_done(&self, done: u64, total: u64) {
        if total > 0 {
            let permille = (u128::from(done.min(total)) * 1000 / u128::from(total)) as u32;
            self.permille.store(permille, Ordering::Relaxed);
        }
    }
}

/// What was written.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    /// Frames written.
    pub frames: u64,
    /// Sample rate of the file.
    pub sample_rate: u32,
    /// Channel count of the file.
    pub channels: u16,
    /// Files that were missing or undecodable (their clips are not in the output).
    pub skipped: Vec<(String, AudioError)>,
}

impl ExportSummary {
    /// Playing time of the written file.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.frames as f64 / f64::from(self.sample_rate.max(1)))
    }
}

/// Renders `clips` in order into a 16-bit WAV file at `path`.
///
/// # Errors
/// [`AudioError::Write`] when the file cannot be written,
/// [`AudioError::Cancelled`] when cancelled (the partial file is removed).
/// Missing files are not errors: they are listed in [`ExportSummary::skipped`].
pub fn export_wav(
    opener: Arc<dyn MediaOpener>,
    clips: &[Clip],
    path: &Path,
    options: &ExportOptions,
) -> Result<ExportSummary, AudioError> {
    let write_error =
        |e: hound::Error| AudioError::Write { path: path.display().to_string(), source: Arc::new(e) };
    let (sequence, events) = ClipSequence::new(clips.to_vec(), opener, SpeedControl::new());
    let channels = options.channels.unwrap_or(sequence.channels().get()).max(1);
    let sample_rate = options.sample_rate.unwrap_or(sequence.sample_rate().get()).max(1);
    let uniform = Uniform::new(sequence, channels, sample_rate);
    let control = SpeedControl::new();
    control.set_speed(options.speed);
    let stretched = Speed::new(uniform, control);
    let spec = hound::WavSpec {
        channels,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).map_err(write_error)?;
    let mut samples: u64 = 0;
    // What the file will hold, for progress: the clips' length at this speed, in samples.
    let source_ms: u64 = clips.iter().filter_map(Clip::duration_ms).sum();
    let expected = (source_ms as f64 / 1000.0 / f64::from(options.speed.max(0.1))
        * f64::from(sample_rate)
        * f64::from(channels)) as u64;
    for sample in stretched {
        let value = (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16;
        writer.write_sample(value).map_err(write_error)?;
        samples += 1;
        if samples.is_multiple_of(65_536)
            && let Some(watch) = &options.watch
        {
            if watch.is_cancelled() {
                drop(writer);
                let _ = std::fs::remove_file(path);
                return Err(AudioError::Cancelled);
            }
            watch.set_done(samples, expected.max(samples + 1));
        }
    }
    writer.finalize().map_err(write_error)?;
    if let Some(watch) = &options.watch {
        watch.set_done(1, 1);
    }
    let skipped = events
        .try_iter()
        .filter_map(|event| match event {
            PlayerEvent::FileMissing { href, error } => Some((href, error)),
            _ => None,
        })
        .collect();
    Ok(ExportSummary { frames: samples / u64::from(channels), sample_rate, channels, skipped })
}

/// Brings a source whose format may change (one file after another) to one
/// channel count and sample rate: channels are mixed down or copied, rates
/// are converted by streaming linear interpolation (state kept across
/// packets, restarted when the input format changes).
#[derive(Debug)]
pub struct Uniform<S: Source> {
    inner: S,
    channels: u16,
    rate: u32,
    /// Input format the interpolation state belongs to.
    from: (u16, u32),
    prev: Vec<f32>,
    cur: Vec<f32>,
    frame_in: Vec<f32>,
    /// Position between `prev` and `cur`, 0.0..1.0.
    t: f64,
    primed: bool,
    out: Vec<f32>,
    out_pos: usize,
}

impl<S: Source> Uniform<S> {
    /// Converts `inner` to `channels` at `rate` Hz.
    pub fn new(inner: S, channels: u16, rate: u32) -> Self {
        let from = (inner.channels().get(), inner.sample_rate().get());
        Self {
            inner,
            channels: channels.max(1),
            rate: rate.max(1),
            from,
            prev: Vec::new(),
            cur: Vec::new(),
            frame_in: Vec::new(),
            t: 0.0,
            primed: false,
            out: Vec::new(),
            out_pos: 0,
        }
    }

    /// Reads one input frame, mapped to the output channel count, into `into`.
    fn read_frame(&mut self, into_cur: bool) -> bool {
        let in_channels = usize::from(self.inner.channels().get());
        let format = (self.inner.channels().get(), self.inner.sample_rate().get());
        if format != self.from {
            self.from = format;
            self.primed = false;
        }
        self.frame_in.clear();
        for _ in 0..in_channels {
            match self.inner.next() {
                Some(s) => self.frame_in.push(s),
                None => return false,
            }
        }
        let out_channels = usize::from(self.channels);
        let target = if into_cur { &mut self.cur } else { &mut self.prev };
        target.clear();
        if out_channels == 1 && in_channels > 1 {
            target.push(self.frame_in.iter().sum::<f32>() / in_channels as f32);
        } else {
            for c in 0..out_channels {
                target.push(self.frame_in.get(c.min(in_channels - 1)).copied().unwrap_or(0.0));
            }
        }
        true
    }

    /// Makes the next output frame in `out`; false at the end.
    fn produce(&mut self) -> bool {
        self.out.clear();
        self.out_pos = 0;
        let format = (self.inner.channels().get(), self.inner.sample_rate().get());
        if format.1 == self.rate && (!self.primed || format != self.from) {
            // Same rate: no interpolation, no latency.
            self.primed = false;
            if !self.read_frame(true) {
                return false;
            }
            self.out.extend_from_slice(&self.cur);
            return true;
        }
        if !self.primed || format != self.from {
            if !self.read_frame(false) || !self.read_frame(true) {
                return false;
            }
            self.primed = true;
            self.t = 0.0;
        }
        while self.t >= 1.0 {
            std::mem::swap(&mut self.prev, &mut self.cur);
            if !self.read_frame(true) {
                return false;
            }
            self.t -= 1.0;
        }
        let t = self.t as f32;
        self.out.extend(self.prev.iter().zip(&self.cur).map(|(a, b)| a + (b - a) * t));
        self.t += f64::from(self.from.1) / f64::from(self.rate);
        true
    }
}

impl<S: Source> Iterator for Uniform<S> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.out_pos >= self.out.len() && !self.produce() {
            return None;
        }
        let sample = self.out.get(self.out_pos).copied();
        self.out_pos += 1;
        sample
    }
}

impl<S: Source> Source for Uniform<S> {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(self.channels).unwrap_or(NonZero::<u16>::MIN)
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(self.rate).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
