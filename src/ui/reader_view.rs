//! Draws the reader: the current unit at the top in a focus ring, the
//! following units below it (they scroll down, never sideways), and a
//! bottom line with Back and the progress. In vertical writing the current
//! unit is in the rightmost columns and the following ones run to its left.

use super::app::Message;
use super::form::size;
use super::screen::reader::{Drawing, Picture, ReaderScreen};
use super::theme::{button as button_style, container as container_style};
use super::vertical_view::{Shown as VShown, VerticalText};
use crate::a11y::Input;
use crate::fl;
use crate::reading::pages::PageZoom;
use crate::reading::segments::segments;
use crate::reading::{Unit, UnitKind};
use iced::widget::{Column, Row, button, column, container, row, scrollable, text};
use iced::{Element, Font, Length};

/// The id of the scrollable text area; the current unit is always its
/// first child, so the app snaps it back to the top after every move.
pub const TEXT_SCROLL: &str = "tomoshibi.reader-text";

/// What a unit shows: its text (images and page breaks say what they are), and
/// its size relative to body text.
fn shown_text(unit: &Unit) -> (String, f32) {
    match &unit.kind {
        UnitKind::Heading(level) => (unit.text.clone(), 1.0 + 0.12 * f32::from(7_u8.saturating_sub(*level))),
        UnitKind::PageBreak(label) => (fl!("reader-page", label = label.clone()), 0.8),
        UnitKind::Image => (fl!("reader-image", alt = unit.text.clone()), 1.0),
        _ => (unit.text.clone(), 1.0),
    }
}

/// The face for `unit`: bold for headings.
fn unit_font(unit: &Unit, font: Font) -> Font {
    match unit.kind {
        UnitKind::Heading(_) => Font { weight: iced::font::Weight::Bold, ..font },
        _ => font,
    }
}

/// The type the reader sets text in.
#[derive(Debug, Clone, Copy)]
struct Type {
    px: f32,
    line_height: f32,
    letter_spacing: f32,
    font: Font,
}

fn unit_text<'a>(unit: &Unit, t: Type) -> Element<'a, Message> {
    let (content, scale) = shown_text(unit);
    let font = unit_font(unit, t.font);
    let text = text(content).size(t.px * scale).font(font).line_height(t.line_height);
    match unit.kind {
        UnitKind::PageBreak(_) => text.style(container_style::muted).into(),
        _ => text.into(),
    }
}

/// A unit set piece by piece, so ruby stands above its base and letters are spaced:
/// the pieces wrap like words (see [`crate::reading::segments`]); `marked` pieces
/// (being read aloud) have the theme's colours swapped.
fn set_in_pieces<'a>(
    unit: &Unit,
    t: Type,
    marked: Option<&std::ops::Range<usize>>,
    theme: crate::appearance::ThemeId,
) -> Element<'a, Message> {
    let (ink, paper) = {
        let palette = super::theme::palette_of(&super::theme::iced_theme(theme));
        (super::theme::color(palette.text), super::theme::color(palette.background))
    };
    let (content, scale) = shown_text(unit);
    let px = t.px * scale;
    let font = unit_font(unit, t.font);
    let gap = px * t.letter_spacing;
    let has_ruby = !unit.ruby.is_empty();
    let ruby_px = px / 2.0;
    let letters = |s: &str, size: f32, color: Option<iced::Color>| -> Element<'a, Message> {
        let one = |piece: String| {
            let t = text(piece).size(size).font(font).line_height(1.0);
            match color {
                Some(c) => t.color(c),
                None => t,
            }
        };
        if gap > 0.0 {
            Row::with_children(s.chars().map(|c| one(c.to_string()).into())).spacing(gap).into()
        } else {
            one(s.to_owned()).into()
        }
    };
    let mut line = Row::new().spacing(gap);
    for segment in segments(&content, &unit.ruby) {
        let mut piece = Row::new().spacing(gap).align_y(iced::Alignment::End);
        for part in segment.parts {
            let Some(base) = content.get(part.bytes.clone()) else { continue };
            let lit = marked.is_some_and(|m| part.bytes.start < m.end && m.start < part.bytes.end);
            let body = letters(base, px, lit.then_some(paper));
            let body: Element<'a, Message> = if lit {
                container(body)
                    .style(move |_| iced::widget::container::Style {
                        background: Some(ink.into()),
                        ..Default::default()
                    })
                    .into()
            } else {
                body
            };
            let stacked: Element<'a, Message> = match (&part.reading, has_ruby) {
                (Some(reading), _) => {
                    column![letters(reading, ruby_px, None), body].align_x(iced::Alignment::Center).into()
                }
                // Every piece keeps the ruby line's height, so lines stay even.
                (None, true) => column![iced::widget::space().height(ruby_px), body].into(),
                (None, false) => body,
            };
            piece = piece.push(stacked);
        }
        line = line.push(piece);
    }
    line.wrap().vertical_spacing(px * (t.line_height - 1.0).max(0.0)).into()
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
/// keyboard focus on the text (`focus == Some(0)`) or on Back (`Some(1)`); in
/// vertical writing when the book or the reader asks for it.
pub fn view<'a>(
    reader: &ReaderScreen,
    settings: &crate::store::Settings,
    font: Font,
    focus: Option<usize>,
) -> Element<'a, Message> {
    let px = size::BODY * f32::from(settings.reading_size) / 100.0;
    let t = Type {
        px,
        line_height: f32::from(settings.line_spacing) / 100.0,
        letter_spacing: f32::from(settings.letter_spacing) / 100.0,
        font,
    };
    let paragraph_gap = px * f32::from(settings.paragraph_spacing) / 100.0;
    let body: Element<'a, Message> = if let Some(page) = fixed_page(reader, t, focus == Some(0)) {
        page
    } else if reader.is_vertical(settings.writing) {
        vertical(reader, t, paragraph_gap / px, focus == Some(0))
    } else {
        horizontal(reader, settings, t, paragraph_gap, focus == Some(0))
    };
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
    column![container(heading).width(Length::Fill).clip(true), body, back].spacing(4).padding([4, 12]).into()
}

/// A fixed-layout page: its picture at the reader's zoom (the whole page at first), in
/// a view that scrolls both ways when enlarged; with the next page beside it (on its
/// left in right-to-left books) when the whole page is shown and the window is wide;
/// the page's description under it. `None` when the current unit is no page picture.
fn fixed_page<'a>(reader: &ReaderScreen, t: Type, focused: bool) -> Option<Element<'a, Message>> {
    if !reader.is_fixed_layout() {
        return None;
    }
    let picture = reader.page_picture()?;
    let next = reader.visible().get(1).and_then(|u| u.image.as_deref()).and_then(|href| reader.image(href));
    let rtl =
        reader.publication().metadata.rendition.progression == crate::book::model::ReadingProgression::Rtl;
    let zoom = reader.zoom;
    let caption = reader.current().map(|u| u.text.clone()).filter(|alt| !alt.trim().is_empty());
    let area = reader.page_area.clone();
    let pages = iced::widget::responsive(move |space| {
        area.set((space.width, space.height));
        let view = (space.width, space.height);
        let spread = zoom == PageZoom::FitPage && space.width > space.height * 1.2;
        let shown = |p: &Picture, view: (f32, f32)| {
            let scale = zoom.scale(p.size, view);
            drawn(p, p.size.0 * scale, p.size.1 * scale)
        };
        let content: Element<'_, Message> = match next.as_ref().filter(|_| spread) {
            Some(second) => {
                let half = (view.0 / 2.0, view.1);
                let (left, right) = if rtl { (second, &picture) } else { (&picture, second) };
                row![shown(left, half), shown(right, half)].into()
            }
            None => shown(&picture, view),
        };
        scrollable(container(content).center_x(Length::Shrink))
            .style(crate::ui::theme::scrollable::bars)
            .direction(iced::widget::scrollable::Direction::Both {
                vertical: iced::widget::scrollable::Scrollbar::default(),
                horizontal: iced::widget::scrollable::Scrollbar::default(),
            })
            .id(iced::widget::Id::new(TEXT_SCROLL))
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    });
    let mut page = Column::new().push(pages).spacing(4);
    if let Some(alt) = caption {
        page = page.push(text(alt).size(t.px * 0.8).font(t.font).style(container_style::muted));
    }
    Some(container(page).padding(4).style(container_style::focus_ring(focused)).into())
}

/// A picture drawn at `width` × `height`.
fn drawn<'a>(picture: &Picture, width: f32, height: f32) -> Element<'a, Message> {
    let (width, height) = (Length::Fixed(width), Length::Fixed(height));
    match &picture.drawing {
        Drawing::Raster(handle) => iced::widget::image(handle.clone()).width(width).height(height).into(),
        Drawing::Vector(handle) => iced::widget::svg(handle.clone()).width(width).height(height).into(),
    }
}

/// Columns right to left, drawn on a canvas.
fn vertical<'a>(
    reader: &ReaderScreen,
    t: Type,
    paragraph_spacing: f32,
    focused: bool,
) -> Element<'a, Message> {
    let units = reader
        .visible()
        .iter()
        .map(|unit| {
            let (text, scale) = shown_text(unit);
            VShown {
                text,
                ruby: unit.ruby.clone(),
                scale,
                bold: matches!(unit.kind, UnitKind::Heading(_)),
                muted: matches!(unit.kind, UnitKind::PageBreak(_)),
            }
        })
        .collect();
    let program = VerticalText {
        units,
        font: t.font,
        size: t.px,
        line_spacing: t.line_height,
        letter_spacing: t.letter_spacing,
        paragraph_spacing,
        highlight: reader.highlight.clone(),
        focused,
        fitted: reader.fitted.clone(),
    };
    iced::widget::canvas(program).width(Length::Fill).height(Length::Fill).into()
}

/// Lines top to bottom in a scrollable column that never scrolls sideways.
fn horizontal<'a>(
    reader: &ReaderScreen,
    settings: &crate::store::Settings,
    t: Type,
    paragraph_gap: f32,
    focused: bool,
) -> Element<'a, Message> {
    // Japanese characters are about one em wide, Latin ones about half.
    let em_per_char = if reader.is_japanese() { 1.0 } else { 0.5 };
    let max_width = t.px * (em_per_char + t.letter_spacing) * f32::from(settings.line_length) + 56.0;
    let mut units = Column::new().spacing(paragraph_gap).padding(16).max_width(max_width);
    for (i, unit) in reader.visible().iter().enumerate() {
        let highlight = reader.highlight.as_ref().filter(|_| i == 0);
        let plain = !matches!(unit.kind, UnitKind::PageBreak(_) | UnitKind::Image);
        let mut body = match highlight {
            _ if !unit.ruby.is_empty() || t.letter_spacing > 0.0 => {
                set_in_pieces(unit, t, highlight, settings.theme)
            }
            // Headings too, in their size and weight.
            Some(range) if plain => {
                let (_, scale) = shown_text(unit);
                let style = (t.px * scale, t.line_height, unit_font(unit, t.font));
                highlighted(unit.text.clone(), range.clone(), style, settings.theme)
            }
            _ => unit_text(unit, t),
        };
        if let Some(picture) = unit.image.as_deref().and_then(|href| reader.image(href)) {
            // The picture above what it shows, growing with the text size (at 100 % its
            // own size), never wider than the text column.
            let grow = t.px / size::BODY;
            let width = (picture.size.0 * grow).min(max_width - 60.0).max(1.0);
            let height = picture.size.1 * width / picture.size.0.max(1.0);
            // On white, as printed: a drawing with a see-through ground (black lines)
            // would vanish on a dark or high-contrast theme.
            let paper = container(drawn(&picture, width, height)).style(|_| iced::widget::container::Style {
                background: Some(iced::Color::WHITE.into()),
                ..Default::default()
            });
            body = column![paper, body].spacing(t.px * 0.3).into();
        }
        let item: Element<'a, Message> = if i == 0 {
            container(body).padding(8).width(Length::Fill).style(container_style::focus_ring(focused)).into()
        } else {
            container(body).padding([0, 12]).width(Length::Fill).into()
        };
        units = units.push(item);
    }
    scrollable(container(units).center_x(Length::Fill))
        .id(iced::widget::Id::new(TEXT_SCROLL))
        .height(Length::Fill)
        .style(crate::ui::theme::scrollable::bars)
        .into()
}
