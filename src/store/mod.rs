//! Everything Tomoshibi keeps on disk: where it lives ([`Paths`]), the user's
//! [`Settings`](settings::Settings), and the atomic file writes that keep them
//! whole through a crash.

pub mod atomic;
pub mod paths;
pub mod settings;

pub use paths::Paths;
pub use settings::{Settings, SettingsError};
