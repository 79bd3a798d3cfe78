//! Draws a [`ScreenModel`]: title, text and controls in one scrollable
//! column, each control inside a focus ring. Every control is also usable
//! with the mouse; clicks produce the same inputs as keys.

use super::app::Message;
use super::theme::{button as button_style, container as container_style};
use crate::a11y::{Control, ControlKind, Input, ScreenModel};
use iced::widget::{Column, button, column, container, row, scrollable, slider, text};
use iced::{Alignment, Element, Font, Length};

/// The id of the main scrollable area.
pub const SCROLL_ID: &str = "tomoshibi.main-scroll";

/// The iced id of the text input inside a text-field control.
pub fn input_id(control: crate::a11y::ControlId) -> iced::widget::Id {
    iced::widget::Id::from(format!("{}.input", control.0))
}

/// Base text sizes in logical pixels (the interface scale multiplies them).
pub mod size {
    /// Body text and controls.
    pub const BODY: f32 = 20.0;
    /// The screen title.
    pub const TITLE: f32 = 32.0;
}

/// How to draw: fonts and the focused control.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Font for body text.
    pub font: Font,
    /// Font for the title.
    pub title_font: Font,
    /// Index of the focused control.
    pub focus: Option<usize>,
}

/// Extra content a screen places after one of its controls (e.g. the
/// reading-size preview in Settings).
pub type Extra<'a> = Option<(usize, Element<'a, Message>)>;

/// Pictures shown at the start of some controls (book covers on the shelf), by control index.
pub type Pictures = Vec<(usize, iced::widget::image::Handle)>;

/// The whole form for `model`.
pub fn view<'a>(
    model: &ScreenModel,
    style: Style,
    extra: Extra<'a>,
    pictures: &Pictures,
) -> Element<'a, Message> {
    let mut items: Vec<Element<'a, Message>> = Vec::new();
    items.push(text(model.title.clone()).size(size::TITLE).font(style.title_font).into());
    for block in &model.text {
        let t = text(block.text.clone()).size(size::BODY).font(style.font);
        items.push(if block.alert { t.style(container_style::alert).into() } else { t.into() });
    }
    let mut extra = extra;
    for (index, control) in model.controls.iter().enumerate() {
        let focused = style.focus == Some(index);
        items.push(
            container(control_view(index, control, style.font, pictures.iter().find(|(i, _)| *i == index)))
                .id(iced::widget::Id::new(control.id.0))
                .padding(6)
                .width(Length::Fill)
                .style(container_style::focus_ring(focused))
                .into(),
        );
        if extra.as_ref().is_some_and(|(after, _)| *after == index)
            && let Some((_, element)) = extra.take()
        {
            items.push(element);
        }
    }
    let body = Column::with_children(items).spacing(14).padding(16).max_width(760);
    scrollable(container(body).center_x(Length::Fill))
        .id(iced::widget::Id::new(SCROLL_ID))
        .height(Length::Fill)
        .style(super::theme::scrollable::bars)
        .into()
}

fn press(index: usize, input: Input) -> Message {
    Message::Control { index, input }
}

fn label<'a>(content: String, font: Font) -> iced::widget::Text<'a> {
    text(content).size(size::BODY).font(font)
}

fn control_view<'a>(
    index: usize,
    control: &Control,
    font: Font,
    picture: Option<&(usize, iced::widget::image::Handle)>,
) -> Element<'a, Message> {
    let main: Element<'a, Message> = match &control.kind {
        ControlKind::Button | ControlKind::ListItem { .. } => button(match picture {
            // The picture is decoration: the name says what the row is.
            Some((_, handle)) => iced::widget::row![
                iced::widget::image(handle.clone()).height(size::BODY * 4.0),
                label(control.name.clone(), font)
            ]
            .spacing(12)
            .align_y(iced::Alignment::Center)
            .into(),
            None => Element::from(label(control.name.clone(), font)),
        })
        .width(Length::Fill)
        .padding(12)
        .style(button_style::control)
        .on_press(press(index, Input::Activate))
        .into(),
        ControlKind::TextUnit { .. } => label(control.name.clone(), font).into(),
        ControlKind::Progress { percent, value_text } => column![
            label(format!("{}: {value_text}", control.name), font),
            iced::widget::progress_bar(0.0..=100.0, percent.map_or(0.0, f32::from))
                .girth(24)
                .style(super::theme::progress::bar),
        ]
        .spacing(8)
        .into(),
        ControlKind::TextField { value, secret } => column![
            label(control.name.clone(), font),
            iced::widget::text_input("", value)
                .id(input_id(control.id))
                .secure(*secret)
                .size(size::BODY)
                .font(font)
                .padding(10)
                .on_input(move |value| Message::TextChanged { index, value })
                .on_submit(press(index, Input::Activate)),
        ]
        .spacing(8)
        .into(),
        ControlKind::Toggle { on } => {
            let state = if *on { crate::fl!("state-on") } else { crate::fl!("state-off") };
            button(label(format!("{}: {state}", control.name), font))
                .width(Length::Fill)
                .padding(12)
                .style(if *on { button_style::selected } else { button_style::control })
                .on_press(press(index, Input::Activate))
                .into()
        }
        ControlKind::Slider { value, min, max, step, value_text } => column![
            label(format!("{}: {value_text}", control.name), font),
            row![
                button(label("−".into(), font))
                    .padding([8, 18])
                    .style(button_style::control)
                    .on_press(press(index, Input::Step(-1))),
                slider(*min..=*max, *value, move |v| press(index, Input::Set(v)))
                    .step(*step)
                    .height(32)
                    .style(super::theme::slider::range),
                button(label("+".into(), font))
                    .padding([8, 18])
                    .style(button_style::control)
                    .on_press(press(index, Input::Step(1))),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        ]
        .spacing(8)
        .into(),
        ControlKind::Choice { options, selected } => {
            let mut col = Column::new().spacing(8).push(label(control.name.clone(), font));
            for (j, option) in options.iter().enumerate() {
                let chosen = j == *selected;
                let mark = if chosen { "●" } else { "○" };
                col = col.push(
                    button(label(format!("{mark} {option}"), font))
                        .width(Length::Fill)
                        .padding(10)
                        .style(if chosen { button_style::selected } else { button_style::control })
                        .on_press(press(index, Input::Set(i32::try_from(j).unwrap_or(0)))),
                );
            }
            col.into()
        }
    };
    match &control.description {
        Some(d) => column![main, label(d.clone(), font).style(container_style::muted)].spacing(6).into(),
        None => main,
    }
}

/// Where to scroll (the new offset) so that `control` (window coordinates) is seen inside the
/// scrollable area `bounds` now scrolled by `offset`; `None` when it is seen already. A control
/// taller than the area shows its top (its name), with a margin.
pub fn scroll_target(control: iced::Rectangle, bounds: iced::Rectangle, offset: f32) -> Option<f32> {
    let margin = 16.0;
    let top = control.y - bounds.y;
    let bottom = top + control.height;
    let (view_top, view_bottom) = (offset, offset + bounds.height);
    let fits = control.height + 2.0 * margin <= bounds.height;
    if top < view_top + margin || (!fits && top > view_top + margin) {
        Some((top - margin).max(0.0))
    } else if bottom > view_bottom - margin && fits {
        Some(bottom - bounds.height + margin)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::scroll_target;
    use iced::Rectangle;

    fn rect(y: f32, height: f32) -> Rectangle {
        Rectangle { x: 0.0, y, width: 100.0, height }
    }

    #[test]
    fn a_control_is_scrolled_into_view_and_a_tall_one_shows_its_top() {
        let area = rect(0.0, 500.0);
        // Seen already: nothing to do.
        assert_eq!(scroll_target(rect(100.0, 100.0), area, 0.0), None);
        // Below: its bottom comes up to the area's bottom, with the margin.
        assert_eq!(scroll_target(rect(600.0, 100.0), area, 0.0), Some(216.0));
        // Above: its top goes down to the area's top.
        assert_eq!(scroll_target(rect(100.0, 100.0), area, 300.0), Some(84.0));
        // Taller than the area (a field with its help at 300 %): its top, not its bottom
        // (bug: the name was scrolled out of sight above).
        assert_eq!(scroll_target(rect(400.0, 490.0), area, 0.0), Some(384.0));
        assert_eq!(scroll_target(rect(400.0, 490.0), area, 384.0), None);
        assert_eq!(scroll_target(rect(400.0, 490.0), area, 450.0), Some(384.0));
    }
}
