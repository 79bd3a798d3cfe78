//! What the app says about its own interface: the spoken (and status-line)
//! form of a control, a value change or a whole screen. Word order and role
//! names come from the locale files.

use super::control::{Control, ControlKind, ScreenModel};
use crate::fl;

/// "Text size, 200 percent, slider": name, value, role and state.
pub fn control(control: &Control) -> String {
    let name = control.name.clone();
    let spoken = match &control.kind {
        ControlKind::Button => fl!("spoken-button", name = name),
        ControlKind::Toggle { on } => {
            let state = if *on { fl!("state-on") } else { fl!("state-off") };
            fl!("spoken-toggle", name = name, state = state)
        }
        ControlKind::Slider { value_text, .. } => {
            fl!("spoken-slider", name = name, value = value_text.clone())
        }
        ControlKind::Choice { options, selected } => fl!(
            "spoken-choice",
            name = name,
            option = options.get(*selected).cloned().unwrap_or_default(),
            position = (selected + 1).to_string(),
            count = options.len().to_string()
        ),
        ControlKind::ListItem { position, count } => {
            fl!("spoken-list-item", name = name, position = position.to_string(), count = count.to_string())
        }
    };
    match &control.description {
        Some(d) => format!("{spoken}. {d}"),
        None => spoken,
    }
}

/// The short form said after a change: the new value of a slider or choice,
/// the new state of a toggle.
pub fn changed(control: &Control) -> String {
    match &control.kind {
        ControlKind::Slider { value_text, .. } => value_text.clone(),
        ControlKind::Choice { options, selected } => fl!(
            "spoken-choice-changed",
            option = options.get(*selected).cloned().unwrap_or_default(),
            position = (selected + 1).to_string(),
            count = options.len().to_string()
        ),
        ControlKind::Toggle { on } => {
            if *on {
                fl!("state-on")
            } else {
                fl!("state-off")
            }
        }
        ControlKind::Button | ControlKind::ListItem { .. } => self::control(control),
    }
}

/// Said on arriving at a screen: its title, its text, then the focus.
pub fn screen(model: &ScreenModel, focus: Option<usize>) -> String {
    let mut parts = vec![model.title.clone()];
    parts.extend(model.text.iter().map(|t| t.text.clone()));
    if let Some(c) = focus.and_then(|i| model.controls.get(i)) {
        parts.push(control(c));
    }
    parts.join(". ")
}
