//! Maps the data palettes of [`crate::appearance`] onto iced, and holds one
//! style function per widget kind.

pub mod button;
pub mod container;
pub mod progress;
pub mod scrollable;
pub mod slider;

use crate::appearance::{Palette, Rgb, ThemeId};
use iced::{Color, Theme};

/// The iced colour for an [`Rgb`].
pub fn color(c: Rgb) -> Color {
    Color::from_rgb8(c.0, c.1, c.2)
}

/// The iced theme for `id`: our palette drives the base colours; every
/// widget we draw is styled explicitly from the same palette.
pub fn iced_theme(id: ThemeId) -> Theme {
    let p = id.palette();
    Theme::custom(
        format!("{id:?}"),
        iced::theme::Palette {
            background: color(p.background),
            text: color(p.text),
            primary: color(p.selected),
            success: color(p.selected),
            warning: color(p.alert),
            danger: color(p.alert),
        },
    )
}

/// The palette behind an iced theme built by [`iced_theme`].
pub fn palette_of(theme: &Theme) -> &'static Palette {
    let base = theme.palette();
    ThemeId::ALL
        .iter()
        .map(|id| id.palette())
        .find(|p| color(p.background) == base.background && color(p.text) == base.text)
        .unwrap_or(ThemeId::Light.palette())
}
