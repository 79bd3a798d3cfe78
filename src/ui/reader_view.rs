//! Draws the reader: the current unit at the top in a focus ring, the
//! following units below it (they scroll down, never sideways), and a
//! bottom line with Back and the progress.

use super::app::Message;
use super::form::{self, size};
use super::screen::reader::ReaderScreen;
use super::theme::{button as button_style, container as container_style};
use crate::a11y::Input;
use crate::fl;
use crate::reading::{Unit, UnitKind};
use iced::widget::{Column, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Font, Length};

/// The id of the scrollable text area; the current unit is always its
/// first child, so the app snaps it back to the top after every move.
pub const TEXT_SCROLL: &str = "tomoshibi.reader-text";

fn unit_text<'a>(unit: &Unit, px: f32, font: Font) -> Element<'a, Message> {
    match &unit.kind {
        UnitKind::Heading(level) => {
            let scale = 1.0 + 0.12 * f32::from(7_u8.saturating_sub(*level));
            text(unit.text.clone())
                .size(px * scale)
                .font(Font { weight: iced::font::Weight::Bold, ..font })
                .into()
        }
        UnitKind::PageBreak(label) => text(fl!("reader-page", label = label.clone()))
            .size(px * 0.8)
            .font(font)
            .style(container_style::muted)
            .into(),
        UnitKind::Image => text(fl!("reader-image", alt = unit.text.clone())).size(px).font(font).into(),
        _ => text(unit.text.clone()).size(px).font(font).line_height(1.5).into(),
    }
}

/// The reader at `reading_size` percent, with keyboard focus on the text
/// (`focus == Some(0)`) or on Back (`Some(1)`).
pub fn view<'a>(
    reader: &ReaderScreen,
    reading_size: u16,
    font: Font,
    focus: Option<usize>,
) -> Element<'a, Message> {
    let px = size::BODY * f32::from(reading_size) / 100.0;
    let mut units = Column::new().spacing(px * 0.8).padding(16).max_width(900);
    for (i, unit) in reader.visible().iter().enumerate() {
        let body = unit_text(unit, px, font);
        let item: Element<'a, Message> = if i == 0 {
            container(body)
                .padding(8)
                .width(Length::Fill)
                .style(container_style::focus_ring(focus == Some(0)))
                .into()
        } else {
            container(body).padding([0, 12]).width(Length::Fill).into()
        };
        units = units.push(item);
    }
    let here = reader.where_am_i();
    let back = container(
        button(text(fl!("reader-back")).size(size::BODY).font(font))
            .padding(10)
            .style(button_style::control)
            .on_press(Message::Control { index: 1, input: Input::Activate }),
    )
    .padding(4)
    .style(container_style::focus_ring(focus == Some(1)));
    let footer = row![
        back,
        text(fl!("reader-progress", percent = here.percent.to_string())).size(size::BODY).font(font)
    ]
    .spacing(16)
    .align_y(Alignment::Center)
    .padding([4, 16]);
    column![
        text(reader.title().to_owned()).size(form::size::BODY).font(font).style(container_style::muted),
        scrollable(container(units).center_x(Length::Fill))
            .id(iced::widget::Id::new(TEXT_SCROLL))
            .height(Length::Fill),
        footer,
    ]
    .padding([8, 16])
    .into()
}
