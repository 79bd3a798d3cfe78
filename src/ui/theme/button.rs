//! Button styles: plain controls, the chosen option, and pressed/hovered
//! states. Colours come only from the palette, so contrast tests cover them.

use super::{color, palette_of};
use iced::widget::button::{Status, Style};
use iced::{Background, Border, Theme};

/// A control button: palette control colours with a visible border.
pub fn control(theme: &Theme, status: Status) -> Style {
    let p = palette_of(theme);
    let (bg, fg) = match status {
        Status::Pressed => (p.selected, p.selected_text),
        _ => (p.control, p.control_text),
    };
    Style {
        background: Some(Background::Color(color(bg))),
        text_color: color(fg),
        border: Border {
            color: color(p.border),
            width: if matches!(status, Status::Hovered) { 3.0 } else { 2.0 },
            radius: 6.0.into(),
        },
        ..Style::default()
    }
}

/// The selected option of a choice, or a toggle that is on.
pub fn selected(theme: &Theme, _status: Status) -> Style {
    let p = palette_of(theme);
    Style {
        background: Some(Background::Color(color(p.selected))),
        text_color: color(p.selected_text),
        border: Border { color: color(p.selected), width: 2.0, radius: 6.0.into() },
        ..Style::default()
    }
}
