//! Reading a book aloud with synthetic speech: sentence and word boundaries, ruby readings,
//! voice choice per language, Open JTalk and espeak-ng rendered to buffers, word timing from
//! Open JTalk's trace, and two drivers that speak sentence after sentence and report where
//! they are: through speech-dispatcher (`driver`), and rendered by the engine's program and
//! played through our own audio output (`direct`, Japanese). Nothing here knows the GUI
//! toolkit.

#[cfg(unix)]
pub mod direct;
#[cfg(unix)]
pub mod driver;
#[cfg(unix)]
pub mod plan;
pub mod process;
#[cfg(unix)]
pub mod render_ahead;
pub mod ruby;
pub mod script;
pub mod sentences;
#[cfg(unix)]
pub mod speechd_config;
#[cfg(unix)]
pub mod speechd_daemon;
#[cfg(unix)]
pub mod ssip;
pub mod synth;
pub mod timing;
pub mod voice;
pub mod voices;
pub mod wav;
pub mod words;
