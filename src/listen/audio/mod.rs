//! Recorded audio: decoding talking-book audio files clip by clip, speed
//! change with the pitch kept, the clip-sequence player and WAV export.
//!
//! Layers, bottom up:
//! - [`decode`]: symphonia → [`ClipSource`], exactly one SMIL clip of a file;
//! - [`speed`]: [`Speed`], Sonic time-stretch + volume + pause, live-adjustable;
//! - [`sequence`]: [`ClipSequence`], one endless source walking a list of
//!   clips without gaps (decoder reuse, background loading of the next file);
//! - [`player`]: [`AudioPlayer`], the control handle, events and positions;
//! - [`output`]: [`AudioOutput`], the sound card or a device-less pull output;
//! - [`export`]: render clips to a 16-bit WAV file.
//!
//! Nothing here knows the GUI toolkit or an async runtime.

pub mod decode;
pub mod error;
pub mod export;
pub mod output;
pub mod player;
pub mod sequence;
pub mod speed;

pub use decode::{ClipSource, FileDecoder, FolderOpener, MediaOpener, media_from_bytes, media_from_path};
pub use error::AudioError;
pub use export::{ExportOptions, ExportSummary, ExportWatch, export_wav};
pub use output::{AudioOutput, DeviceOutput, NullOutput, PullOutput, SilentOutput};
pub use player::{AudioPlayer, PlayerEvent, PlayerOptions, Position};
pub use sequence::ClipSequence;
pub use speed::{Speed, SpeedControl};

/// One clip to play: a span of an audio file, as a SMIL `par` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Clip {
    /// The caller's number for this clip (e.g. the par index in the
    /// `MediaTimeline`); reported back in events and positions.
    pub index: usize,
    /// Audio file href inside the book.
    pub href: String,
    /// Start in milliseconds from the start of the file.
    pub begin_ms: u64,
    /// End in milliseconds; `None` plays to the end of the file.
    pub end_ms: Option<u64>,
}

impl Clip {
    /// A clip of `href` from `begin_ms` to `end_ms`.
    pub fn new(index: usize, href: impl Into<String>, begin_ms: u64, end_ms: Option<u64>) -> Self {
        Self { index, href: href.into(), begin_ms, end_ms }
    }

    /// Duration in milliseconds, when the end is known.
    pub fn duration_ms(&self) -> Option<u64> {
        self.end_ms.map(|end| end.saturating_sub(self.begin_ms))
    }
}
