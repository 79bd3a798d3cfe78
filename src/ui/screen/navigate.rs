//! A list of places in the open book — its table of contents, its print
//! pages or its bookmarks. Enter goes there; Escape returns to the text.

use super::{Action, Message};
use crate::a11y::{Control, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::book::Locator;
use crate::fl;
use crate::store::Settings;

/// Which list it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// The table of contents.
    Contents,
    /// The print pages.
    Pages,
    /// The book's landmarks (start of text, contents, notes…).
    Landmarks,
    /// The reader's bookmarks.
    Bookmarks,
    /// The places the current text's links and note references lead to.
    Links,
}

/// One place to go.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// What the row says.
    pub label: String,
    /// Where it leads.
    pub target: Locator,
}

/// The list screen.
#[derive(Debug, Clone, PartialEq)]
pub struct NavigateScreen {
    /// Which list.
    pub kind: ListKind,
    /// The places, in book order.
    pub places: Vec<Place>,
}

impl NavigateScreen {
    /// The rows, then Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let count = self.places.len().min(crate::a11y::control::MAX_ROWS);
        let mut controls: Vec<Control> = self
            .places
            .iter()
            .enumerate()
            .filter_map(|(i, place)| {
                Some(Control {
                    id: row_id(i)?,
                    name: place.label.clone(),
                    description: None,
                    kind: ControlKind::ListItem { position: i + 1, count },
                })
            })
            .collect();
        controls.push(Control::button(super::reader::BACK.0, fl!("navigate-back")));
        let (title, empty) = match self.kind {
            ListKind::Contents => (fl!("navigate-contents"), fl!("navigate-contents-empty")),
            ListKind::Pages => (fl!("navigate-pages"), fl!("navigate-pages-empty")),
            ListKind::Landmarks => (fl!("navigate-landmarks"), fl!("navigate-landmarks-empty")),
            ListKind::Bookmarks => (fl!("navigate-bookmarks"), fl!("navigate-bookmarks-empty")),
            ListKind::Links => (fl!("navigate-links"), fl!("navigate-links-empty")),
        };
        let text =
            if self.places.is_empty() { vec![TextBlock { text: empty, alert: false }] } else { Vec::new() };
        ScreenModel { title, text, controls }
    }

    /// Enter on a row goes there; Back returns.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        if message.control == super::reader::BACK {
            return Action::Back;
        }
        let index = (0..self.places.len()).find(|i| row_id(*i) == Some(message.control));
        index.and_then(|i| self.places.get(i)).map_or(Action::None, |p| Action::GoTo(p.target.clone()))
    }
}
