//! The recorded-audio engine (`tomoshibi::listen::audio`) on real audio files made at test
//! time: clip boundaries, seeks, gapless playback, speed with the pitch kept, export.
#![allow(missing_docs)]

mod book;
mod clips;
mod common;
mod export;
mod player;
mod skipping;
mod talking;
mod unrecorded;
