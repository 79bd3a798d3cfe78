//! The one error type of the audio module.

use std::sync::Arc;

/// Why recorded audio could not be opened, decoded, played or exported.
///
/// `Clone` so it can travel in player events and UI messages; non-`Clone`
/// sources are kept as text or behind an [`Arc`].
#[derive(Debug, Clone, thiserror::Error)]
pub enum AudioError {
    /// The audio file is not in the book (or could not be read).
    #[error("audio file {href} is missing: {reason}")]
    Missing {
        /// Href of the audio file inside the book.
        href: String,
        /// What the container or file system said.
        reason: String,
    },
    /// The bytes are not audio we can decode (unknown format, corrupt header).
    #[error("audio file {href} cannot be decoded: {reason}")]
    Undecodable {
        /// Href of the audio file inside the book.
        href: String,
        /// What the decoder said.
        reason: String,
    },
    /// Text without a recording could not be spoken (no speech engine, or it failed).
    #[error("the text of {href} could not be spoken: {reason}")]
    Unspoken {
        /// Href of the spoken clip.
        href: String,
        /// What the speech engine said.
        reason: String,
    },
    /// Seeking inside an audio file failed.
    #[error("cannot seek in audio file {href}: {reason}")]
    Seek {
        /// Href of the audio file.
        href: String,
        /// What the demuxer said.
        reason: String,
    },
    /// There is no sound card / audio output device, or it refused to open.
    #[error("no audio output device is available: {0}")]
    NoOutputDevice(String),
    /// The clip list is empty or a clip index is out of range.
    #[error("clip {index} is not in the playlist of {len} clips")]
    NoSuchClip {
        /// The requested clip.
        index: usize,
        /// How many clips there are.
        len: usize,
    },
    /// The time-stretcher refused the stream format.
    #[error("speed change is not possible for {rate} Hz, {channels} channels")]
    UnsupportedFormat {
        /// Sample rate in Hz.
        rate: u32,
        /// Channel count.
        channels: u16,
    },
    /// Writing an exported file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Destination path.
        path: String,
        /// The I/O or WAV-encoder error.
        #[source]
        source: Arc<dyn std::error::Error + Send + Sync>,
    },
    /// A cancellable operation (export) was cancelled.
    #[error("cancelled")]
    Cancelled,
}

impl AudioError {
    /// The href of the audio file this error is about, if any.
    pub fn href(&self) -> Option<&str> {
        match self {
            Self::Missing { href, .. }
            | Self::Undecodable { href, .. }
            | Self::Seek { href, .. }
            | Self::Unspoken { href, .. } => Some(href),
            _ => None,
        }
    }

    /// True when the file is absent (as opposed to present but broken).
    pub fn is_missing(&self) -> bool {
        matches!(self, Self::Missing { .. })
    }
}
