//! Search in the open book: type, press Enter, arrow through the results,
//! Enter on one goes there.

use super::navigate::Place;
use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::fl;
use crate::store::Settings;

/// The search field.
pub const QUERY: ControlId = ControlId("search.query");

/// The search screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchScreen {
    /// What was typed.
    pub query: String,
    /// The results of the last search, `None` before the first.
    pub results: Option<Vec<Place>>,
}

impl SearchScreen {
    /// The field, what was found, the results, Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let mut controls = vec![Control {
            id: QUERY,
            name: fl!("search-field"),
            description: None,
            kind: ControlKind::TextField { value: self.query.clone(), secret: false },
        }];
        let mut text = Vec::new();
        if let Some(results) = &self.results {
            text.push(TextBlock {
                text: if results.is_empty() {
                    fl!("search-none", query = self.query.clone())
                } else {
                    fl!("search-found", count = results.len())
                },
                alert: false,
            });
            let count = results.len();
            controls.extend(results.iter().enumerate().filter_map(|(i, place)| {
                Some(Control {
                    id: row_id(i)?,
                    name: place.label.clone(),
                    description: None,
                    kind: ControlKind::ListItem { position: i + 1, count },
                })
            }));
        }
        controls.push(Control::button(super::reader::BACK.0, fl!("navigate-back")));
        ScreenModel { title: fl!("search-title"), text, controls }
    }

    /// Enter in the field searches; Enter on a result goes there.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            QUERY => Action::Search(self.query.clone()),
            super::reader::BACK => Action::Back,
            id => {
                let results = self.results.as_deref().unwrap_or_default();
                let hit = (0..results.len()).find(|i| row_id(*i) == Some(id)).and_then(|i| results.get(i));
                hit.map_or(Action::None, |p| Action::GoTo(p.target.clone()))
            }
        }
    }

    /// The field's text changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if control == QUERY {
            self.query = value;
        }
    }
}
