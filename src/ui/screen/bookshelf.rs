//! The bookshelf: the home screen. Until books arrive it says what to do
//! next and offers the way there.

use super::{Action, Kind, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::fl;
use crate::store::Settings;
use crate::store::db::ShelfEntry;

/// Opens Settings.
pub const SETTINGS: ControlId = ControlId("bookshelf.settings");
/// Opens Help.
pub const HELP: ControlId = ControlId("bookshelf.help");
/// Quits.
pub const QUIT: ControlId = ControlId("bookshelf.quit");
/// Opens a book from this computer.
pub const OPEN: ControlId = ControlId("bookshelf.open");
/// Opens the libraries (catalogs, loans).
pub const LIBRARIES: ControlId = ControlId("bookshelf.libraries");

/// The bookshelf screen: the books on the shelf, loaded by the app, the
/// most recently read first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bookshelf {
    /// Books, most recently read first.
    pub books: Vec<ShelfEntry>,
}

fn book_row(entry: &ShelfEntry) -> String {
    let authors = entry.book.authors.join(", ");
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (entry.progression * 100.0).round().clamp(0.0, 100.0) as u32;
    let (title, format, percent) =
        (entry.book.title.clone(), entry.book.format.as_str().to_uppercase(), percent.to_string());
    if authors.trim().is_empty() {
        // No empty place for a missing author (a comic without a creator said ", ,").
        return fl!("bookshelf-book-anonymous", title = title, format = format, percent = percent);
    }
    fl!("bookshelf-book", title = title, authors = authors, format = format, percent = percent)
}

impl Bookshelf {
    /// The books (or what to do when there are none), then the ways on.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let shown = self.books.len().min(crate::a11y::control::MAX_ROWS);
        let mut controls: Vec<Control> = self
            .books
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                Some(Control {
                    id: row_id(i)?,
                    name: book_row(entry),
                    description: None,
                    kind: ControlKind::ListItem { position: i + 1, count: shown },
                })
            })
            .collect();
        controls.extend([
            Control::button(LIBRARIES.0, fl!("bookshelf-libraries")),
            Control::button(OPEN.0, fl!("bookshelf-open-book")),
            Control::button(SETTINGS.0, fl!("bookshelf-open-settings")),
            Control::button(HELP.0, fl!("bookshelf-open-help")),
            Control::button(QUIT.0, fl!("bookshelf-quit")),
        ]);
        let text = if self.books.is_empty() {
            vec![
                TextBlock { text: fl!("bookshelf-empty"), alert: false },
                TextBlock { text: fl!("bookshelf-next"), alert: false },
            ]
        } else {
            vec![TextBlock { text: fl!("bookshelf-count", count = self.books.len()), alert: false }]
        };
        ScreenModel { title: fl!("bookshelf-title"), text, controls }
    }

    /// Follows the chosen button.
    pub fn update(&mut self, message: Message) -> Action {
        match (message.control, message.input) {
            (SETTINGS, Input::Activate) => Action::Open(Kind::Settings),
            (HELP, Input::Activate) => Action::Open(Kind::Help),
            (OPEN, Input::Activate) => Action::Open(Kind::OpenBook),
            (LIBRARIES, Input::Activate) => Action::Open(Kind::Libraries),
            (QUIT, Input::Activate) => Action::Quit,
            (id, Input::Activate) => (0..self.books.len())
                .find(|i| row_id(*i) == Some(id))
                .and_then(|i| self.books.get(i))
                .map_or(Action::None, |e| Action::OpenBook(std::path::PathBuf::from(&e.book.source))),
            _ => Action::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::{Book, BookFormat, UnixTime};

    #[test]
    fn a_book_without_authors_is_named_without_an_empty_place() {
        crate::i18n::select(crate::i18n::Language::English);
        let book = Book {
            id: "id:x".into(),
            title: "ハルコさんの彼氏".into(),
            authors: Vec::new(),
            language: None,
            format: BookFormat::Epub,
            source: String::new(),
            cover_path: None,
            loan: None,
        };
        let entry = ShelfEntry { book, added_at: UnixTime(0), last_opened_at: None, progression: 0.25 };
        assert_eq!(book_row(&entry), "ハルコさんの彼氏, EPUB, 25 percent read");
    }
}
