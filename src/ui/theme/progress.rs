//! Progress bar style: the done part in the text colour on the background, framed by the
//! border colour, so it reads in every theme (the high-contrast ones included).

use super::{color, palette_of};
use iced::widget::progress_bar::Style;
use iced::{Background, Border, Theme};

/// The bar used for downloads.
pub fn bar(theme: &Theme) -> Style {
    let p = palette_of(theme);
    Style {
        background: Background::Color(color(p.background)),
        bar: Background::Color(color(p.text)),
        border: Border { color: color(p.border), width: 2.0, radius: 4.0.into() },
    }
}
