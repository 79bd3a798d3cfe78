//! Drawing the window: the current screen above the status area (a notice that stays, and
//! the newest report).

use iced::widget::{column, container, responsive, scrollable, text};
use iced::{Element, Font, Length, Size};

use super::{App, Message};
use crate::a11y::ScreenModel;
use crate::fl;
use crate::ui::screen::{self, Screen};
use crate::ui::{form, theme};

/// The share of the window's height the status area may take; longer messages scroll in it.
/// At 300 % two long messages would otherwise leave no room for the screen itself.
pub const STATUS_SHARE: f32 = 0.35;

impl App {
    /// Draws the current screen and the status area.
    pub fn view(&self) -> Element<'_, Message> {
        responsive(move |window| self.layout(window)).into()
    }

    /// The window's contents for its size.
    fn layout(&self, window: Size) -> Element<'_, Message> {
        let model = self.model();
        let japanese = self.settings.language.is_japanese();
        let font = crate::ui::fonts::font_for(&self.settings, japanese);
        let title_font =
            if font == Font::with_name(crate::appearance::FontChoice::Atkinson.face(false).family) {
                Font { weight: iced::font::Weight::Bold, ..font }
            } else {
                font
            };
        let style = form::Style { font, title_font, focus: self.focus };
        let main = match self.stack.last() {
            Some(Screen::Reader(reader)) => {
                let font = crate::ui::fonts::font_for(&self.settings, reader.is_japanese());
                crate::ui::reader_view::view(reader, &self.settings, font, self.focus)
            }
            _ => form::view(&model, style, self.preview(&model), &self.covers()),
        };
        column![main, self.status_area(font, window.height * STATUS_SHARE)].into()
    }

    /// The notice and the report, at most `max_height` high (the newest report shown when
    /// they are longer).
    fn status_area(&self, font: Font, max_height: f32) -> Element<'_, Message> {
        let mut status = column![].spacing(4).padding([6, 16]);
        if let Some(notice) = &self.notice {
            status = status
                .push(text(notice.clone()).size(form::size::BODY).font(font).style(theme::container::alert));
        }
        if let Some(line) = &self.status {
            status = status.push(text(line.clone()).size(form::size::BODY).font(font));
        }
        let messages =
            scrollable(status).height(Length::Shrink).anchor_bottom().style(theme::scrollable::bars);
        container(messages)
            .width(Length::Fill)
            .max_height(max_height)
            .style(theme::container::status_line)
            .into()
    }

    /// The covers of the books on the shelf, beside their rows.
    fn covers(&self) -> form::Pictures {
        let Some(Screen::Bookshelf(shelf)) = self.stack.last() else { return Vec::new() };
        shelf
            .books
            .iter()
            .take(crate::a11y::control::MAX_ROWS)
            .enumerate()
            .filter_map(|(i, entry)| {
                let path = entry.book.cover_path.as_deref().filter(|p| std::path::Path::new(p).is_file())?;
                Some((i, iced::widget::image::Handle::from_path(path)))
            })
            .collect()
    }

    /// The reading-size sample shown under that slider in Settings.
    fn preview<'a>(&self, model: &ScreenModel) -> form::Extra<'a> {
        let index = model.index_of(screen::prefs::READING_SIZE_ID)?;
        let px = form::size::BODY * f32::from(self.settings.reading_size) / 100.0;
        let reading_font = crate::ui::fonts::font_for(&self.settings, self.settings.language.is_japanese());
        Some((index, text(fl!("reading-sample")).size(px).font(reading_font).into()))
    }
}
