//! Reading a book aloud with synthetic speech: sentence and word boundaries, ruby readings,
//! voice choice per language, Open JTalk and espeak-ng rendered to buffers, and a driver
//! that speaks sentence after sentence through speech-dispatcher and reports where it is.
//! Nothing here knows the GUI toolkit.

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
