//! Draws the reader: the current unit at the top in a focus ring, the
//! following units below it (they scroll down, never sideways), and a
//! bottom line with Back and the progress.

use super::app::Message;
use super::form::size;
use super::screen::reader::ReaderScreen;
use super::theme::{button as button_style, container as container_style};
use crate::a11y::Input;
use crate::fl;
use crate::reading::{Unit, UnitKind};
use iced::widget::{Column, button, column, container, scrollable, text};
use iced::{Element, Font, Length};

/// The id of the scrollable text area; the current unit is always its
/// first child, so the app snaps it back to the top after every move.
pub const TEXT_SCROLL: &str = "tomoshibi.reader-text";

fn unit_text<'a>(unit: &Unit, px: f32, line_height: f32, font: Font) -> Element<'a, Message> {
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
        _ => text(unit.text.clone()).size(px).font(font).line_height(line_height).into(),
    }
}

/// A unit's text with the sentence being read aloud marked: the theme's text and
/// background colours swapped behind it (contrast kept in every theme), and underlined.
fn highlighted<'a>(
    text: String,
    range: std::ops::Range<usize>,
    style: (f32, f32, Font),
    theme: crate::appearance::ThemeId,
) -> Element<'a, Message> {
    let (px, line_height, font) = style;
    let palette = super::theme::palette_of(&super::theme::iced_theme(theme));
    let (ink, paper) = (super::theme::color(palette.text), super::theme::color(palette.background));
    let cut = |at: usize| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (start, end) = (cut(range.start), cut(range.end));
    let before = text.get(..start).unwrap_or_default().to_owned();
    let said = text.get(start..end).unwrap_or_default().to_owned();
    let after = text.get(end..).unwrap_or_default().to_owned();
    iced::widget::rich_text![
        iced::widget::span::<(), Font>(before),
        iced::widget::span(said).underline(true).color(paper).background(ink),
        iced::widget::span(after),
    ]
    .size(px)
    .font(font)
    .line_height(line_height)
    .into()
}

/// The reader in the user's text size, line spacing and line length, with
/// keyboard focus on the text (`focus == Some(0)`) or on Back (`Some(1)`).
pub fn view<'a>(
    reader: &ReaderScreen,
    settings: &crate::store::Settings,
    font: Font,
    focus: Option<usize>,
) -> Element<'a, Message> {
    let px = size::BODY * f32::from(settings.reading_size) / 100.0;
    let line_height = f32::from(settings.line_spacing) / 100.0;
    // Japanese characters are about one em wide, Latin ones about half.
    let em_per_char = if reader.is_japanese() { 1.0 } else { 0.5 };
    let max_width = px * em_per_char * f32::from(settings.line_length) + 56.0;
    let mut units = Column::new().spacing(px * 0.8).padding(16).max_width(max_width);
    for (i, unit) in reader.visible().iter().enumerate() {
        let highlight = reader.highlight.clone().filter(|_| i == 0);
        let body = match highlight {
            Some(range) if !matches!(unit.kind, UnitKind::Heading(_)) => {
                highlighted(unit.text.clone(), range, (px, line_height, font), settings.theme)
            }
            _ => unit_text(unit, px, line_height, font),
        };
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
    // One line above the text: progress and title, never wrapped, so even at
    // 300 % interface size the book's text keeps the window.
    let heading = text(fl!(
        "reader-heading-line",
        percent = here.percent.to_string(),
        title = reader.title().to_owned()
    ))
    .size(size::BODY * 0.8)
    .font(font)
    .wrapping(iced::widget::text::Wrapping::None)
    .style(container_style::muted);
    let back = container(
        button(text(fl!("reader-back")).size(size::BODY * 0.8).font(font))
            .padding([4, 10])
            .style(button_style::control)
            .on_press(Message::Control { index: 1, input: Input::Activate }),
    )
    .padding(3)
    .style(container_style::focus_ring(focus == Some(1)));
    column![
        container(heading).width(Length::Fill).clip(true),
        scrollable(container(units).center_x(Length::Fill))
            .id(iced::widget::Id::new(TEXT_SCROLL))
            .height(Length::Fill),
        back,
    ]
    .spacing(4)
    .padding([4, 12])
    .into()
}
