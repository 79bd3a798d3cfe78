//! My loans and holds: what the patron has borrowed (with due dates) and where they are in
//! each hold queue. Enter on one opens its details (return, renew, cancel hold).

use super::catalog::State;
use super::{Action, LibraryRequest, Message, Shared};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::fl;
use crate::library::{Availability, CatalogEntry};
use crate::store::Settings;

/// Fetches the shelf again.
pub const REFRESH: ControlId = ControlId("loans.refresh");
/// Back.
pub const BACK: ControlId = ControlId("loans.back");

/// The loans and holds screen.
#[derive(Debug, Clone, PartialEq)]
pub struct LoansScreen {
    /// Loading, shown or failed.
    pub state: State,
    /// Loans first, then holds.
    pub entries: Vec<Shared<CatalogEntry>>,
}

impl Default for LoansScreen {
    fn default() -> Self {
        Self { state: State::Loading, entries: Vec::new() }
    }
}

fn is_loan(entry: &CatalogEntry) -> bool {
    matches!(entry.availability, Availability::Loaned { .. } | Availability::OpenAccess { .. })
}

impl LoansScreen {
    /// Shows the shelf: loans (soonest due first), then holds.
    pub fn show(&mut self, mut entries: Vec<CatalogEntry>, offline: bool) {
        entries.sort_by_key(|e| (!is_loan(e), e.availability.until()));
        self.entries = entries.into_iter().map(|e| Shared(std::sync::Arc::new(e))).collect();
        self.state = State::Loaded { offline };
    }

    /// How many loans and holds, the list, Refresh, Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let mut text = Vec::new();
        match &self.state {
            State::Loading => text.push(TextBlock { text: fl!("catalog-loading"), alert: false }),
            State::Failed(problem) => text.push(TextBlock { text: problem.clone(), alert: true }),
            State::Loaded { offline } => {
                if *offline {
                    text.push(TextBlock { text: fl!("catalog-offline"), alert: true });
                }
                let loans = self.entries.iter().filter(|e| is_loan(&e.0)).count();
                let holds = self.entries.len() - loans;
                text.push(TextBlock {
                    text: fl!("loans-summary", loans = loans, holds = holds),
                    alert: false,
                });
            }
        }
        let count = self.entries.len();
        let mut controls: Vec<Control> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                Some(Control {
                    id: row_id(i)?,
                    name: fl!(
                        "loans-row",
                        title = entry.0.title.clone(),
                        availability = crate::library::text::availability(&entry.0.availability)
                    ),
                    description: None,
                    kind: ControlKind::ListItem { position: i + 1, count },
                })
            })
            .collect();
        controls.push(Control::button(REFRESH.0, fl!("loans-refresh")));
        controls.push(Control::button(BACK.0, fl!("back")));
        ScreenModel { title: fl!("loans-title"), text, controls }
    }

    /// Enter on a row opens it; Refresh fetches the shelf again.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            REFRESH => Action::Library(LibraryRequest::ShowLoans),
            BACK => Action::Back,
            id => (0..self.entries.len())
                .find(|i| row_id(*i) == Some(id))
                .and_then(|i| self.entries.get(i))
                .map_or(Action::None, |e| Action::Library(LibraryRequest::ShowEntry(e.clone()))),
        }
    }
}
