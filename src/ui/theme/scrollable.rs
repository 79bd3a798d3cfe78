//! Scroll bar style: a rail outlined in the border colour and a scroller in the text colour,
//! so that where the page is shows in every theme (iced's own grey is lost on black). Nothing
//! is drawn while everything fits.

use super::{color, palette_of};
use iced::widget::scrollable::{Rail, Scroller, Status, Style, default};
use iced::{Background, Border, Color, Theme};

/// The scroll bars of every scrolling area.
pub fn bars(theme: &Theme, status: Status) -> Style {
    let p = palette_of(theme);
    let shown = Rail {
        background: Some(Background::Color(color(p.background))),
        border: Border { color: color(p.border), width: 1.0, radius: 4.0.into() },
        scroller: Scroller {
            background: Background::Color(color(p.text)),
            border: Border { color: color(p.background), width: 1.0, radius: 4.0.into() },
        },
    };
    let hidden = Rail {
        background: None,
        border: Border::default(),
        scroller: Scroller { background: Background::Color(Color::TRANSPARENT), border: Border::default() },
    };
    let (x_fits, y_fits) = match status {
        Status::Active { is_horizontal_scrollbar_disabled: x, is_vertical_scrollbar_disabled: y }
        | Status::Hovered {
            is_horizontal_scrollbar_disabled: x, is_vertical_scrollbar_disabled: y, ..
        }
        | Status::Dragged {
            is_horizontal_scrollbar_disabled: x, is_vertical_scrollbar_disabled: y, ..
        } => (x, y),
    };
    Style {
        vertical_rail: if y_fits { hidden } else { shown },
        horizontal_rail: if x_fits { hidden } else { shown },
        ..default(theme, status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appearance::ThemeId;

    #[test]
    fn bars_show_in_the_themes_colours_only_when_there_is_more_to_see() {
        for id in ThemeId::ALL {
            let theme = super::super::iced_theme(id);
            let p = id.palette();
            let status = Status::Active {
                is_horizontal_scrollbar_disabled: true,
                is_vertical_scrollbar_disabled: false,
            };
            let style = bars(&theme, status);
            assert_eq!(style.vertical_rail.scroller.background, Background::Color(color(p.text)), "{id:?}");
            assert_eq!(style.vertical_rail.border.color, color(p.border), "{id:?}");
            assert_eq!(style.horizontal_rail.background, None, "{id:?}");
            assert_eq!(style.horizontal_rail.border.width, 0.0, "{id:?}");
        }
    }
}
