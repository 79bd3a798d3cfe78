//! The colour themes, as data. Every text colour is checked against every
//! background it is drawn on (see the tests): at least 7:1 in the
//! high-contrast themes and 4.5:1 in the standard ones; the focus ring at
//! least 3:1 against its surroundings.

use serde::{Deserialize, Serialize};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The themes a user can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeId {
    /// Standard light.
    Light,
    /// Standard dark.
    Dark,
    /// High contrast: white text on black.
    WhiteOnBlack,
    /// High contrast: yellow text on black.
    YellowOnBlack,
    /// High contrast: black text on white.
    BlackOnWhite,
    /// High contrast: black text on cream.
    BlackOnCream,
}

impl ThemeId {
    /// Every theme, in the order shown to the user.
    pub const ALL: [ThemeId; 6] = [
        ThemeId::Light,
        ThemeId::Dark,
        ThemeId::WhiteOnBlack,
        ThemeId::YellowOnBlack,
        ThemeId::BlackOnWhite,
        ThemeId::BlackOnCream,
    ];

    /// Whether this is one of the high-contrast themes.
    pub fn is_high_contrast(self) -> bool {
        !matches!(self, ThemeId::Light | ThemeId::Dark)
    }

    /// The Fluent message id of the theme's name.
    pub fn message_id(self) -> &'static str {
        match self {
            ThemeId::Light => "theme-light",
            ThemeId::Dark => "theme-dark",
            ThemeId::WhiteOnBlack => "theme-white-on-black",
            ThemeId::YellowOnBlack => "theme-yellow-on-black",
            ThemeId::BlackOnWhite => "theme-black-on-white",
            ThemeId::BlackOnCream => "theme-black-on-cream",
        }
    }

    /// The theme's colours.
    pub fn palette(self) -> &'static Palette {
        match self {
            ThemeId::Light => &LIGHT,
            ThemeId::Dark => &DARK,
            ThemeId::WhiteOnBlack => &WHITE_ON_BLACK,
            ThemeId::YellowOnBlack => &YELLOW_ON_BLACK,
            ThemeId::BlackOnWhite => &BLACK_ON_WHITE,
            ThemeId::BlackOnCream => &BLACK_ON_CREAM,
        }
    }

    /// The theme to start with, from what the operating system prefers.
    pub fn from_system(dark: bool, high_contrast: bool) -> Self {
        match (dark, high_contrast) {
            (true, true) => ThemeId::WhiteOnBlack,
            (false, true) => ThemeId::BlackOnWhite,
            (true, false) => ThemeId::Dark,
            (false, false) => ThemeId::Light,
        }
    }
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Window background.
    pub background: Rgb,
    /// Body text.
    pub text: Rgb,
    /// Secondary text (hints, status) on the background.
    pub muted: Rgb,
    /// Background of controls (buttons, sliders, choices).
    pub control: Rgb,
    /// Text on controls.
    pub control_text: Rgb,
    /// Background of the selected option or a pressed control.
    pub selected: Rgb,
    /// Text on the selected option.
    pub selected_text: Rgb,
    /// Borders of controls.
    pub border: Rgb,
    /// The keyboard focus ring.
    pub focus: Rgb,
    /// Text of warnings and errors on the background.
    pub alert: Rgb,
}

impl Palette {
    /// Every (text, background) pair this palette draws, named for reports.
    pub fn text_pairs(&self) -> [(&'static str, Rgb, Rgb); 5] {
        [
            ("text/background", self.text, self.background),
            ("muted/background", self.muted, self.background),
            ("control_text/control", self.control_text, self.control),
            ("selected_text/selected", self.selected_text, self.selected),
            ("alert/background", self.alert, self.background),
        ]
    }

    /// Every (non-text element, background) pair: control borders and slider
    /// rails must reach 3:1 (WCAG 1.4.11).
    pub fn graphic_pairs(&self) -> [(&'static str, Rgb, Rgb); 2] {
        [
            ("border/background", self.border, self.background),
            ("text-rail/background", self.text, self.background),
        ]
    }

    /// Every (focus ring, neighbour) pair. The ring is drawn with a gap of
    /// background colour between it and the control, so it only ever touches
    /// the background; the pixels it covers change from background to ring
    /// colour (WCAG 2.4.13's "change of contrast").
    pub fn focus_pairs(&self) -> [(&'static str, Rgb, Rgb); 1] {
        [("focus/background", self.focus, self.background)]
    }
}

const LIGHT: Palette = Palette {
    background: Rgb(0xFA, 0xFA, 0xF7),
    text: Rgb(0x1A, 0x1A, 0x1A),
    muted: Rgb(0x4A, 0x4A, 0x4A),
    control: Rgb(0xE4, 0xE7, 0xEE),
    control_text: Rgb(0x10, 0x1A, 0x33),
    selected: Rgb(0x1F, 0x4F, 0xB8),
    selected_text: Rgb(0xFF, 0xFF, 0xFF),
    border: Rgb(0x6B, 0x72, 0x80),
    focus: Rgb(0xC2, 0x41, 0x0C),
    alert: Rgb(0xA1, 0x1B, 0x1B),
};

const DARK: Palette = Palette {
    background: Rgb(0x16, 0x18, 0x1D),
    text: Rgb(0xEE, 0xEE, 0xEE),
    muted: Rgb(0xB8, 0xBC, 0xC4),
    control: Rgb(0x2B, 0x30, 0x3B),
    control_text: Rgb(0xF2, 0xF4, 0xF8),
    selected: Rgb(0x8C, 0xB4, 0xFF),
    selected_text: Rgb(0x0A, 0x12, 0x24),
    border: Rgb(0x8A, 0x90, 0x9C),
    focus: Rgb(0xFF, 0xB8, 0x4D),
    alert: Rgb(0xFF, 0x9E, 0x9E),
};

const WHITE_ON_BLACK: Palette = Palette {
    background: Rgb(0x00, 0x00, 0x00),
    text: Rgb(0xFF, 0xFF, 0xFF),
    muted: Rgb(0xE0, 0xE0, 0xE0),
    control: Rgb(0x00, 0x00, 0x00),
    control_text: Rgb(0xFF, 0xFF, 0xFF),
    selected: Rgb(0xFF, 0xFF, 0xFF),
    selected_text: Rgb(0x00, 0x00, 0x00),
    border: Rgb(0xFF, 0xFF, 0xFF),
    focus: Rgb(0x00, 0xFF, 0xFF),
    alert: Rgb(0xFF, 0xC0, 0xC0),
};

const YELLOW_ON_BLACK: Palette = Palette {
    background: Rgb(0x00, 0x00, 0x00),
    text: Rgb(0xFF, 0xFF, 0x00),
    muted: Rgb(0xFF, 0xFF, 0x99),
    control: Rgb(0x00, 0x00, 0x00),
    control_text: Rgb(0xFF, 0xFF, 0x00),
    selected: Rgb(0xFF, 0xFF, 0x00),
    selected_text: Rgb(0x00, 0x00, 0x00),
    border: Rgb(0xFF, 0xFF, 0x00),
    focus: Rgb(0x00, 0xFF, 0xFF),
    alert: Rgb(0xFF, 0xFF, 0xFF),
};

const BLACK_ON_WHITE: Palette = Palette {
    background: Rgb(0xFF, 0xFF, 0xFF),
    text: Rgb(0x00, 0x00, 0x00),
    muted: Rgb(0x22, 0x22, 0x22),
    control: Rgb(0xFF, 0xFF, 0xFF),
    control_text: Rgb(0x00, 0x00, 0x00),
    selected: Rgb(0x00, 0x00, 0x00),
    selected_text: Rgb(0xFF, 0xFF, 0xFF),
    border: Rgb(0x00, 0x00, 0x00),
    focus: Rgb(0x00, 0x00, 0xC8),
    alert: Rgb(0x8B, 0x00, 0x00),
};

const BLACK_ON_CREAM: Palette = Palette {
    background: Rgb(0xFF, 0xF8, 0xDC),
    text: Rgb(0x00, 0x00, 0x00),
    muted: Rgb(0x2A, 0x22, 0x10),
    control: Rgb(0xFF, 0xF8, 0xDC),
    control_text: Rgb(0x00, 0x00, 0x00),
    selected: Rgb(0x00, 0x00, 0x00),
    selected_text: Rgb(0xFF, 0xF8, 0xDC),
    border: Rgb(0x00, 0x00, 0x00),
    focus: Rgb(0x00, 0x00, 0xC8),
    alert: Rgb(0x7A, 0x00, 0x00),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appearance::contrast_ratio;

    /// Every pair below its floor, as readable lines.
    fn below(
        floor: impl Fn(ThemeId) -> f64,
        pairs: impl Fn(&Palette) -> Vec<(&'static str, Rgb, Rgb)>,
    ) -> Vec<String> {
        let mut failures = Vec::new();
        for id in ThemeId::ALL {
            for (name, fg, bg) in pairs(id.palette()) {
                let ratio = contrast_ratio(fg, bg);
                if ratio < floor(id) {
                    failures.push(format!("{id:?} {name}: {ratio:.2} < {}", floor(id)));
                }
            }
        }
        failures
    }

    #[test]
    fn every_text_pair_meets_its_contrast_floor() {
        let failures = below(|id| if id.is_high_contrast() { 7.0 } else { 4.5 }, |p| p.text_pairs().to_vec());
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_focus_ring_stands_out_from_everything_it_touches() {
        let failures = below(|_| 3.0, |p| p.focus_pairs().to_vec());
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn borders_and_slider_rails_are_visible() {
        let failures = below(|_| 3.0, |p| p.graphic_pairs().to_vec());
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn system_preferences_pick_a_matching_theme() {
        assert_eq!(ThemeId::from_system(true, true), ThemeId::WhiteOnBlack);
        assert!(ThemeId::from_system(false, true).is_high_contrast());
        assert_eq!(ThemeId::from_system(true, false), ThemeId::Dark);
        assert_eq!(ThemeId::from_system(false, false), ThemeId::Light);
    }
}
