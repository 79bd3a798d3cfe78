//! Slider style: the filled part of the rail in the text colour, the rest in
//! the border colour, both well against the background; a large round handle.

use super::{color, palette_of};
use iced::widget::slider::{Handle, HandleShape, Rail, Status, Style};
use iced::{Background, Border, Theme};

/// The slider used by every range control.
pub fn range(theme: &Theme, _status: Status) -> Style {
    let p = palette_of(theme);
    Style {
        rail: Rail {
            backgrounds: (Background::Color(color(p.text)), Background::Color(color(p.border))),
            width: 6.0,
            border: Border { radius: 3.0.into(), ..Border::default() },
        },
        handle: Handle {
            shape: HandleShape::Circle { radius: 12.0 },
            background: Background::Color(color(p.text)),
            border_width: 3.0,
            border_color: color(p.background),
        },
    }
}
