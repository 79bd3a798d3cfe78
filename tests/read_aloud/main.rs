//! Read-aloud against the real engines: Open JTalk and espeak-ng rendering to buffers, and
//! a private speech-dispatcher daemon (ALSA null device; PulseAudio null sink for real-time
//! pacing) speaking sentences with word marks. Each test skips, saying why, only when its
//! engine is not installed.
#![allow(missing_docs)]

mod book_voice;
mod direct;
mod export;
mod speech_dispatcher;
mod speech_dispatcher_pulse;
mod synthesize;
mod voices;
