//! Libraries: choose the built-in demo library or one added before, or add a library by
//! its catalog address.

use super::{Action, LibraryRequest, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::fl;
use crate::store::Settings;

/// The catalog address field.
pub const ADDRESS: ControlId = ControlId("libraries.address");
/// Adds the library at the typed address.
pub const ADD: ControlId = ControlId("libraries.add");
/// Back to the bookshelf.
pub const BACK: ControlId = ControlId("libraries.back");

/// The libraries screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LibrariesScreen {
    /// The address typed so far.
    pub address: String,
    /// Why the last address could not be added.
    pub problem: Option<String>,
}

impl LibrariesScreen {
    /// The demo library, the saved ones, then the address field.
    pub fn model(&self, settings: &Settings) -> ScreenModel {
        let count = settings.libraries.len() + 1;
        let demo = std::iter::once(fl!("libraries-demo"));
        let saved = settings
            .libraries
            .iter()
            .map(|l| fl!("libraries-saved", title = l.title.clone(), url = l.url.clone()));
        let mut controls: Vec<Control> = demo
            .chain(saved)
            .enumerate()
            .filter_map(|(i, name)| {
                Some(Control {
                    id: row_id(i)?,
                    name,
                    description: None,
                    kind: ControlKind::ListItem { position: i + 1, count },
                })
            })
            .collect();
        controls.push(Control {
            id: ADDRESS,
            name: fl!("libraries-address"),
            description: Some(fl!("libraries-address-hint")),
            kind: ControlKind::TextField { value: self.address.clone(), secret: false },
        });
        controls.push(Control::button(ADD.0, fl!("libraries-add")));
        controls.push(Control::button(BACK.0, fl!("back")));
        let mut text = vec![TextBlock { text: fl!("libraries-intro"), alert: false }];
        if let Some(problem) = &self.problem {
            text.push(TextBlock { text: problem.clone(), alert: true });
        }
        ScreenModel { title: fl!("libraries-title"), text, controls }
    }

    /// Enter on a library opens it; Enter in the field or on Add adds the address.
    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            ADDRESS | ADD => Action::Library(LibraryRequest::Add(self.address.trim().to_owned())),
            BACK => Action::Back,
            id if row_id(0) == Some(id) => Action::Library(LibraryRequest::OpenDemo),
            id => (1..=settings.libraries.len())
                .find(|i| row_id(*i) == Some(id))
                .and_then(|i| settings.libraries.get(i - 1))
                .map_or(Action::None, |l| Action::Library(LibraryRequest::Open(l.url.clone()))),
        }
    }

    /// The address field changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if control == ADDRESS {
            self.address = value;
            self.problem = None;
        }
    }
}
