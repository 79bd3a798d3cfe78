//! The bundled typefaces and the user's choice among them.

use serde::{Deserialize, Serialize};

/// A typeface bundled in `assets/fonts/` (see the licences beside them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontFace {
    /// The family name inside the font file.
    pub family: &'static str,
    /// The font file's bytes.
    pub bytes: &'static [u8],
}

/// BIZ UDPGothic: Morisawa's universal-design Japanese face (also Latin).
pub const BIZ_UD_GOTHIC: FontFace = FontFace {
    family: "BIZ UDPGothic",
    bytes: include_bytes!("../../assets/fonts/BIZUDPGothic-Regular.ttf"),
};
/// Atkinson Hyperlegible: the Braille Institute's low-vision Latin face.
pub const ATKINSON: FontFace = FontFace {
    family: "Atkinson Hyperlegible",
    bytes: include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Regular.ttf"),
};
/// Atkinson Hyperlegible Bold, for headings.
pub const ATKINSON_BOLD: FontFace = FontFace {
    family: "Atkinson Hyperlegible",
    bytes: include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Bold.ttf"),
};
/// OpenDyslexic, on request.
pub const OPEN_DYSLEXIC: FontFace =
    FontFace { family: "OpenDyslexic", bytes: include_bytes!("../../assets/fonts/OpenDyslexic-Regular.otf") };

/// Every bundled face, loaded at start-up.
pub const BUNDLED_FONTS: [FontFace; 4] = [BIZ_UD_GOTHIC, ATKINSON, ATKINSON_BOLD, OPEN_DYSLEXIC];

/// The typeface the user chose for the interface and for books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontChoice {
    /// BIZ UDPGothic for Japanese, Atkinson Hyperlegible for Latin text.
    #[default]
    Automatic,
    /// BIZ UDPGothic everywhere.
    BizUdGothic,
    /// Atkinson Hyperlegible (Japanese falls back to BIZ UDPGothic).
    Atkinson,
    /// OpenDyslexic (Japanese falls back to BIZ UDPGothic).
    OpenDyslexic,
    /// A font installed on this computer, named in the settings' `font_family` (the
    /// bundled faces stand in until one is chosen).
    Installed,
}

impl FontChoice {
    /// Every choice, in the order shown.
    pub const ALL: [FontChoice; 5] = [
        FontChoice::Automatic,
        FontChoice::BizUdGothic,
        FontChoice::Atkinson,
        FontChoice::OpenDyslexic,
        FontChoice::Installed,
    ];

    /// The Fluent message id of the choice's name.
    pub fn message_id(self) -> &'static str {
        match self {
            FontChoice::Automatic => "font-automatic",
            FontChoice::BizUdGothic => "font-biz-ud-gothic",
            FontChoice::Atkinson => "font-atkinson",
            FontChoice::OpenDyslexic => "font-open-dyslexic",
            FontChoice::Installed => "font-installed",
        }
    }

    /// The face to use for text in a language whose script is Japanese
    /// (`japanese == true`) or Latin.
    pub fn face(self, japanese: bool) -> FontFace {
        match (self, japanese) {
            (FontChoice::BizUdGothic, _) | (FontChoice::Automatic | FontChoice::Installed, true) => {
                BIZ_UD_GOTHIC
            }
            (FontChoice::Atkinson, _) | (FontChoice::Automatic | FontChoice::Installed, false) => ATKINSON,
            (FontChoice::OpenDyslexic, _) => OPEN_DYSLEXIC,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_real_font_files() {
        for face in BUNDLED_FONTS {
            let magic = face.bytes.get(..4);
            assert!(
                magic == Some(&[0, 1, 0, 0]) || magic == Some(b"OTTO"),
                "{} does not start like a TrueType/OpenType file",
                face.family
            );
        }
    }

    #[test]
    fn automatic_follows_the_script() {
        assert_eq!(FontChoice::Automatic.face(true), BIZ_UD_GOTHIC);
        assert_eq!(FontChoice::Automatic.face(false), ATKINSON);
        assert_eq!(FontChoice::OpenDyslexic.face(true), OPEN_DYSLEXIC);
    }
}
