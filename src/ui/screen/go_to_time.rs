//! "Go to time" in a talking book: one labelled field for the time (minutes:seconds or
//! h:mm:ss, full-width digits too), Go and Cancel. A time that cannot be used is said as an
//! alert, and the field stays for another try.

use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::listen::clock::{self, TimeError};
use crate::store::Settings;

/// The time field.
pub const TIME: ControlId = ControlId("go-to-time.time");
/// Goes to the time typed.
pub const GO: ControlId = ControlId("go-to-time.go");
/// Back to the reader without moving.
pub const CANCEL: ControlId = ControlId("go-to-time.cancel");

/// The go-to-time screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoToTimeScreen {
    /// What was typed.
    pub typed: String,
    /// Where playback is now (ms), said as a reminder.
    pub elapsed_ms: u64,
    /// The book's length (ms).
    pub total_ms: u64,
    /// Why the last time typed could not be used.
    pub problem: Option<String>,
}

impl GoToTimeScreen {
    /// Asks for a time in a book `total_ms` long, now at `elapsed_ms`.
    pub fn new(elapsed_ms: u64, total_ms: u64) -> Self {
        Self { typed: String::new(), elapsed_ms, total_ms, problem: None }
    }

    /// Where playback is and how long the book is, the field, Go, Cancel.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let mut text = vec![TextBlock {
            text: fl!(
                "go-to-time-intro",
                elapsed = clock::format(self.elapsed_ms),
                total = clock::format(self.total_ms)
            ),
            alert: false,
        }];
        if let Some(problem) = &self.problem {
            text.push(TextBlock { text: problem.clone(), alert: true });
        }
        let controls = vec![
            Control {
                id: TIME,
                name: fl!("go-to-time-field"),
                description: Some(fl!("go-to-time-hint")),
                kind: ControlKind::TextField { value: self.typed.clone(), secret: false },
            },
            Control::button(GO.0, fl!("go-to-time-go")),
            Control::button(CANCEL.0, fl!("go-to-time-cancel")),
        ];
        ScreenModel { title: fl!("go-to-time-title"), text, controls }
    }

    /// Enter in the field or on Go moves there (or says why not); Cancel goes back.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            TIME | GO => match clock::parse_within(&self.typed, self.total_ms) {
                Ok(ms) => {
                    self.problem = None;
                    Action::GoToTime(ms)
                }
                Err(error) => {
                    self.problem = Some(explain(&error));
                    Action::Refocus
                }
            },
            CANCEL => Action::Back,
            _ => Action::None,
        }
    }

    /// The field changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if control == TIME {
            self.typed = value;
        }
    }
}

/// What went wrong with a typed time, and what to type instead.
fn explain(error: &TimeError) -> String {
    match error {
        TimeError::Empty => fl!("go-to-time-empty"),
        TimeError::Unreadable(text) => fl!("go-to-time-unreadable", text = text.clone()),
        TimeError::PastEnd { time_ms, total_ms } => {
            fl!("go-to-time-past-end", time = clock::format(*time_ms), total = clock::format(*total_ms))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_in_the_book_is_gone_to_and_others_are_explained() {
        let mut s = GoToTimeScreen::new(5_000, 181_700);
        let go = Message { control: GO, input: Input::Activate };
        assert_eq!(s.update(go), Action::Refocus, "nothing typed");
        assert!(s.problem.is_some());
        s.edit(TIME, "５：００".into());
        assert_eq!(s.update(go), Action::Refocus, "past the end");
        assert!(s.problem.as_deref().is_some_and(|p| p.contains("3:01")), "{:?}", s.problem);
        s.edit(TIME, "1:3x".into());
        assert_eq!(s.update(go), Action::Refocus);
        s.edit(TIME, "１：３０".into());
        assert_eq!(s.update(Message { control: TIME, input: Input::Activate }), Action::GoToTime(90_000));
        assert!(s.problem.is_none());
        let model = s.model(&Settings::default());
        assert!(matches!(model.controls[0].kind, ControlKind::TextField { .. }));
        assert!(!model.controls[0].name.is_empty());
        assert_eq!(s.update(Message { control: CANCEL, input: Input::Activate }), Action::Back);
    }
}
