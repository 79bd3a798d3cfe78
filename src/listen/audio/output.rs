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
