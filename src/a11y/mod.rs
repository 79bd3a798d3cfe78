//! Accessibility core: the description of each screen's controls (one source
//! of truth for view, keys, speech and screen readers), the accessibility
//! tree pushed through AccessKit, the phrases the app speaks about itself,
//! and screen-reader detection.

pub mod adapter;
pub mod control;
pub mod phrase;
pub mod screen_reader;
pub mod tree;

pub use control::{
    Control, ControlId, ControlKind, Input, KeyEffect, ScreenModel, Table, TableRow, TextBlock, TextPart,
    key_effect, row_id,
};

use serde::{Deserialize, Serialize};

/// Whether the app speaks its own interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoicingMode {
    /// Speak unless a screen reader is running (avoids double speech).
    #[default]
    Automatic,
    /// Always speak, even with a screen reader.
    On,
    /// Never speak.
    Off,
}

impl VoicingMode {
    /// Every mode, in the order shown.
    pub const ALL: [VoicingMode; 3] = [VoicingMode::Automatic, VoicingMode::On, VoicingMode::Off];

    /// The Fluent message id of the mode's name.
    pub fn message_id(self) -> &'static str {
        match self {
            VoicingMode::Automatic => "voicing-automatic",
            VoicingMode::On => "voicing-on",
            VoicingMode::Off => "voicing-off",
        }
    }

    /// Whether the app should speak, given whether a screen reader runs.
    pub fn speaks(self, screen_reader_running: bool) -> bool {
        match self {
            VoicingMode::Automatic => !screen_reader_running,
            VoicingMode::On => true,
            VoicingMode::Off => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_voicing_yields_to_a_screen_reader() {
        assert!(VoicingMode::Automatic.speaks(false));
        assert!(!VoicingMode::Automatic.speaks(true));
        assert!(VoicingMode::On.speaks(true));
        assert!(!VoicingMode::Off.speaks(false));
    }
}
