//! The bookshelf: the home screen. Until books arrive it says what to do
//! next and offers the way there.

use super::{Action, Kind, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::store::Settings;
use crate::store::db::ShelfEntry;

/// Opens Settings.
pub const SETTINGS: ControlId = ControlId("bookshelf.settings");
/// Opens Help.
pub const HELP: ControlId = ControlId("bookshelf.help");
/// Quits.
pub const QUIT: ControlId = ControlId("bookshelf.quit");

/// Stable ids for the book rows (a control id must be `'static`); the shelf
/// shows this many books, most recently read first.
const BOOK_IDS: [&str; 16] = [
    "bookshelf.book.0",
    "bookshelf.book.1",
    "bookshelf.book.2",
    "bookshelf.book.3",
    "bookshelf.book.4",
    "bookshelf.book.5",
    "bookshelf.book.6",
    "bookshelf.book.7",
    "bookshelf.book.8",
    "bookshelf.book.9",
    "bookshelf.book.10",
    "bookshelf.book.11",
    "bookshelf.book.12",
    "bookshelf.book.13",
    "bookshelf.book.14",
    "bookshelf.book.15",
];

/// The bookshelf screen: the books on the shelf, loaded by the app.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bookshelf {
    /// Books, most recently read first.
    pub books: Vec<ShelfEntry>,
}

fn book_row(entry: &ShelfEntry) -> String {
    let authors = entry.book.authors.join(", ");
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (entry.progression * 100.0).round().clamp(0.0, 100.0) as u32;
    fl!(
        "bookshelf-book",
        title = entry.book.title.clone(),
        authors = authors,
        format = entry.book.format.as_str().to_uppercase(),
        percent = percent.to_string()
    )
}

impl Bookshelf {
    /// The books (or what to do when there are none), then the ways on.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let shown = self.books.len().min(BOOK_IDS.len());
        let mut controls: Vec<Control> = self
            .books
            .iter()
            .zip(BOOK_IDS)
            .enumerate()
            .map(|(i, (entry, id))| Control {
                id: ControlId(id),
                name: book_row(entry),
                description: None,
                kind: ControlKind::ListItem { position: i + 1, count: shown },
            })
            .collect();
        controls.extend([
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
            vec![TextBlock {
                text: fl!("bookshelf-count", count = self.books.len().to_string()),
                alert: false,
            }]
        };
        ScreenModel { title: fl!("bookshelf-title"), text, controls }
    }

    /// Follows the chosen button.
    pub fn update(&mut self, message: Message) -> Action {
        match (message.control, message.input) {
            (SETTINGS, Input::Activate) => Action::Open(Kind::Settings),
            (HELP, Input::Activate) => Action::Open(Kind::Help),
            (QUIT, Input::Activate) => Action::Quit,
            (id, Input::Activate) => BOOK_IDS
                .iter()
                .position(|b| *b == id.0)
                .and_then(|i| self.books.get(i))
                .map_or(Action::None, |e| Action::OpenBook(std::path::PathBuf::from(&e.book.source))),
            _ => Action::None,
        }
    }
}
