//! Where the samples go: the sound card, or a device-less pull output for
//! tests and measurements.

use rodio::queue::SourcesQueueOutput;
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use super::error::AudioError;

/// A place that plays a rodio [`Source`].
pub trait AudioOutput {
    /// Starts playing `source`. The player only starts a new source after
    /// the previous one has ended or been stopped, so replacing is not needed.
    fn start(&mut self, source: Box<dyn Source + Send>);
}

/// The system's default sound output (through cpal).
pub struct DeviceOutput {
    _sink: MixerDeviceSink,
    player: rodio::Player,
}

impl std::fmt::Debug for DeviceOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceOutput").finish_non_exhaustive()
    }
}

impl DeviceOutput {
    /// Opens the default output device (falling back to other devices and
    /// configurations as rodio does).
    ///
    /// # Errors
    /// [`AudioError::NoOutputDevice`] when there is no sound card or it
    /// refuses to open. This takes about 0.1 s and never panics.
    pub fn open_default() -> Result<Self, AudioError> {
        let mut sink = DeviceSinkBuilder::open_default_sink()
            .map_err(|e| AudioError::NoOutputDevice(error_chain(&e)))?;
        sink.log_on_drop(false);
        let player = rodio::Player::connect_new(sink.mixer());
        Ok(Self { _sink: sink, player })
    }
}

impl AudioOutput for DeviceOutput {
    fn start(&mut self, source: Box<dyn Source + Send>) {
        self.player.append(source);
    }
}

/// A device-less output: samples are pulled by whoever holds the
/// [`SourcesQueueOutput`] (deterministic tests, benchmarks, rendering).
/// After a source ends the queue yields silence.
pub struct PullOutput {
    player: rodio::Player,
}

impl std::fmt::Debug for PullOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PullOutput").finish_non_exhaustive()
    }
}

impl PullOutput {
    /// A new output and the sample stream to pull from it.
    pub fn new() -> (Self, SourcesQueueOutput) {
        let (player, samples) = rodio::Player::new();
        (Self { player }, samples)
    }
}

impl AudioOutput for PullOutput {
    fn start(&mut self, source: Box<dyn Source + Send>) {
        self.player.append(source);
    }
}

/// Drops everything: used when no device could be opened, so the app keeps
/// working (positions and navigation) without sound.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullOutput;

impl AudioOutput for NullOutput {
    fn start(&mut self, source: Box<dyn Source + Send>) {
        drop(source);
    }
}

/// Plays silently at the speed of real playback: a thread pulls the samples as a sound
/// card would, so a book without a sound device still moves on (the text follows, the
/// position is kept). The thread ends when its source ends or is replaced.
#[derive(Debug, Default)]
pub struct SilentOutput {
    stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl AudioOutput for SilentOutput {
    fn start(&mut self, mut source: Box<dyn Source + Send>) {
        use std::sync::atomic::{AtomicBool, Ordering};
        if let Some(stop) = self.stop.take() {
            stop.store(true, Ordering::Release);
        }
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        self.stop = Some(stop.clone());
        let spawned = std::thread::Builder::new().name("silent-output".into()).spawn(move || {
            let started = std::time::Instant::now();
            let mut frames = 0u64;
            while !stop.load(Ordering::Acquire) {
                let rate = u64::from(source.sample_rate().get());
                let channels = usize::from(source.channels().get());
                // 10 ms at a time, then wait until real time has caught up.
                let chunk = (rate / 100).max(1);
                let pulled = source.by_ref().take(chunk as usize * channels).count();
                if pulled == 0 {
                    break;
                }
                frames += (pulled / channels.max(1)) as u64;
                let due = std::time::Duration::from_micros(frames * 1_000_000 / rate.max(1));
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
        });
        if let Err(e) = spawned {
            tracing::warn!("silent output thread: {e}");
        }
    }
}

impl Drop for SilentOutput {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.store(true, std::sync::atomic::Ordering::Release);
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}
