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
        ControlKind::TextUnit { heading: Some(level), .. } => {
            fl!("spoken-heading", name = name, level = level.to_string())
        }
        ControlKind::TextUnit { heading: None, .. } => name,
        ControlKind::Progress { value_text, .. } => {
            fl!("spoken-progress", name = name, value = value_text.clone())
        }
        ControlKind::TextField { value, secret } => {
            let value = if *secret { String::new() } else { value.clone() };
            fl!("spoken-text-field", name = name, value = value)
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
        ControlKind::Slider { value_text, .. } | ControlKind::Progress { value_text, .. } => {
            value_text.clone()
        }
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
        ControlKind::Button
        | ControlKind::ListItem { .. }
        | ControlKind::TextUnit { .. }
        | ControlKind::TextField { .. } => self::control(control),
    }
}

/// Said on arriving at a screen: its title, its text, then the focus.
pub fn screen(model: &ScreenModel, focus: Option<usize>) -> String {
    let mut parts = vec![model.title.clone()];
    parts.extend(model.text.iter().map(|t| t.text.clone()));
    if let Some(c) = focus.and_then(|i| model.controls.get(i)) {
        parts.push(control(c));
    }
    join_sentences(&parts)
}

/// Joins phrases into one utterance, adding a full stop only where a part
/// does not already end a sentence.
pub fn join_sentences(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            let ended = out.ends_with(['.', '!', '?', '。', '！', '？']);
            out.push_str(if ended { " " } else { ". " });
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_joined_with_one_full_stop() {
        let parts = [
            "Settings".to_owned(),
            "Changes are saved.".to_owned(),
            "設定です。".to_owned(),
            "Back, button".to_owned(),
        ];
        assert_eq!(join_sentences(&parts), "Settings. Changes are saved. 設定です。 Back, button");
    }
}
