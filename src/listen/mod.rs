//! Sound: recorded audio (talking books, media overlays) and speech synthesis.
//! Nothing in this module knows the GUI toolkit.

pub mod audio;
pub mod book_audio;
pub mod book_export;
pub mod book_speech;
#[cfg(unix)]
pub mod book_voice;
pub mod clock;
pub mod read_aloud;
pub mod skippable;
pub mod speech;
pub mod talking_book;
pub mod unrecorded;
