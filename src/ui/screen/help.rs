//! Help: every key, generated from the same table the key handler uses.

use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::commands::{CONTROL_KEYS, help_rows, reader_help_rows};
use crate::fl;
use crate::store::Settings;

/// Returns to the previous screen.
pub const BACK: ControlId = ControlId("help.back");

/// Stable ids for the rows (a control id must be `'static`).
const ROW_IDS: [&str; 32] = [
    "help.row.0",
    "help.row.1",
    "help.row.2",
    "help.row.3",
    "help.row.4",
    "help.row.5",
    "help.row.6",
    "help.row.7",
    "help.row.8",
    "help.row.9",
    "help.row.10",
    "help.row.11",
    "help.row.12",
    "help.row.13",
    "help.row.14",
    "help.row.15",
    "help.row.16",
    "help.row.17",
    "help.row.18",
    "help.row.19",
    "help.row.20",
    "help.row.21",
    "help.row.22",
    "help.row.23",
    "help.row.24",
    "help.row.25",
    "help.row.26",
    "help.row.27",
    "help.row.28",
    "help.row.29",
    "help.row.30",
    "help.row.31",
];

/// The help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Help;

/// Every (keys, what they do) row, translated: global shortcuts first, then
/// the keys that act on the focused control.
pub fn rows() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> =
        help_rows().iter().map(|s| (s.chord.label(), crate::i18n::text(s.description))).collect();
    rows.extend(CONTROL_KEYS.iter().map(|(keys, what)| (crate::i18n::text(keys), crate::i18n::text(what))));
    let in_reader = fl!("help-reader-keys");
    rows.extend(
        reader_help_rows()
            .iter()
            .map(|s| (format!("{in_reader} {}", s.chord.label()), crate::i18n::text(s.description))),
    );
    rows
}

impl Help {
    /// The key list, one item per row, then Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let rows = rows();
        let count = rows.len().min(ROW_IDS.len());
        let mut controls: Vec<Control> = rows
            .into_iter()
            .zip(ROW_IDS)
            .enumerate()
            .map(|(i, ((keys, what), id))| Control {
                id: ControlId(id),
                name: fl!("help-row", keys = keys, action = what),
                description: None,
                kind: ControlKind::ListItem { position: i + 1, count },
            })
            .collect();
        controls.push(Control::button(BACK.0, fl!("back")));
        ScreenModel {
            title: fl!("help-title"),
            text: vec![TextBlock { text: fl!("help-intro"), alert: false }],
            controls,
        }
    }

    /// Back is the only action; rows are for reading.
    pub fn update(&mut self, message: Message) -> Action {
        match (message.control, message.input) {
            (BACK, Input::Activate) => Action::Back,
            _ => Action::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_place() {
        assert!(rows().len() <= ROW_IDS.len(), "add ids to ROW_IDS");
    }
}
