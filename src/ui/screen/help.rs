//! Help: every key, generated from the same table the key handler uses.

use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::commands::{CONTROL_KEYS, help_rows, reader_help_rows};
use crate::fl;
use crate::store::Settings;

/// Returns to the previous screen.
pub const BACK: ControlId = ControlId("help.back");

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
        let count = rows.len();
        let mut controls: Vec<Control> = rows
            .into_iter()
            .enumerate()
            .filter_map(|(i, (keys, what))| {
                Some(Control {
                    id: row_id(i)?,
                    name: fl!("help-row", keys = keys, action = what),
                    description: None,
                    kind: ControlKind::ListItem { position: i + 1, count },
                })
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
