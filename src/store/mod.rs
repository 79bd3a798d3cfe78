//! Everything Tomoshibi keeps on disk: where it lives ([`Paths`]), the user's
//! [`Settings`](settings::Settings), the atomic file writes that keep them
//! whole through a crash, and the SQLite [`db`] of the bookshelf, reading
//! positions, bookmarks and cached feeds.

pub mod atomic;
pub mod db;
pub mod paths;
pub mod settings;

pub use paths::Paths;
pub use settings::{Settings, SettingsError};
