//! Container styles: the focus ring, the status line and alert boxes.

use super::{color, palette_of};
use iced::widget::container::Style;
use iced::{Background, Border, Theme};

/// Width of the focus ring in logical pixels (scaled with the interface).
pub const FOCUS_RING_WIDTH: f32 = 4.0;

/// The ring around the focused control, or an invisible ring of the same
/// width so nothing moves when focus does.
pub fn focus_ring(focused: bool) -> impl Fn(&Theme) -> Style {
    move |theme| {
        let p = palette_of(theme);
        Style {
            border: Border {
                color: color(if focused { p.focus } else { p.background }),
                width: FOCUS_RING_WIDTH,
                radius: 10.0.into(),
            },
            ..Style::default()
        }
    }
}

/// The status line at the bottom of the window.
pub fn status_line(theme: &Theme) -> Style {
    let p = palette_of(theme);
    Style {
        background: Some(Background::Color(color(p.background))),
        text_color: Some(color(p.text)),
        border: Border { color: color(p.border), width: 2.0, radius: 0.0.into() },
        ..Style::default()
    }
}

/// Secondary text.
pub fn muted(theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(color(palette_of(theme).muted)) }
}

/// Alert text.
pub fn alert(theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(color(palette_of(theme).alert)) }
}
