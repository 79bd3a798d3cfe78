//! Ask for the Readium LCP passphrase of a protected book: the library's hint ("Your library
//! PIN"), a secret field, "Remember" (the user key, never the passphrase, goes to the
//! keyring), OK and Cancel. A wrong passphrase is said as an alert and the field stays for
//! another try.

use std::path::PathBuf;

use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::book::LcpPrompt;
use crate::fl;
use crate::store::Settings;

/// The passphrase field.
pub const PASSPHRASE: ControlId = ControlId("passphrase.passphrase");
/// Remember the user key in the system keyring.
pub const REMEMBER: ControlId = ControlId("passphrase.remember");
/// Opens the book with the passphrase.
pub const SUBMIT: ControlId = ControlId("passphrase.submit");
/// Back without opening the book.
pub const CANCEL: ControlId = ControlId("passphrase.cancel");

/// What the patron asked for on the passphrase screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Unlock {
    /// The book to open.
    pub path: PathBuf,
    /// The passphrase as typed (hashed into the user key, never stored).
    pub passphrase: String,
    /// Keep the user key in the system keyring.
    pub remember: bool,
    /// The licence's provider (the keyring entry is per provider).
    pub provider: String,
}

/// The passphrase screen.
#[derive(Debug, Clone, PartialEq)]
pub struct PassphraseScreen {
    /// The protected book.
    pub path: PathBuf,
    /// What the licence says about the passphrase.
    pub prompt: LcpPrompt,
    /// The passphrase typed.
    pub passphrase: String,
    /// Whether to keep the user key in the system keyring.
    pub remember: bool,
    /// Whether this computer has a keyring to keep it in.
    pub can_remember: bool,
    /// Opening is under way.
    pub busy: bool,
    /// Why the last attempt failed.
    pub problem: Option<String>,
}

impl PassphraseScreen {
    /// Asks for the passphrase of the book at `path`.
    pub fn new(path: PathBuf, prompt: LcpPrompt, can_remember: bool) -> Self {
        Self {
            path,
            prompt,
            passphrase: String::new(),
            remember: can_remember,
            can_remember,
            busy: false,
            problem: None,
        }
    }

    /// The hint, the field, Remember, OK, Cancel.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let mut text = vec![TextBlock { text: fl!("passphrase-intro"), alert: false }];
        if let Some(hint) = self.prompt.text_hint.as_ref().filter(|h| !h.trim().is_empty()) {
            text.push(TextBlock { text: fl!("passphrase-hint", hint = hint.clone()), alert: false });
        }
        if let Some(url) = &self.prompt.hint_url {
            text.push(TextBlock { text: fl!("passphrase-hint-page", url = url.clone()), alert: false });
        }
        if self.busy {
            text.push(TextBlock { text: fl!("passphrase-busy"), alert: false });
        }
        if let Some(problem) = &self.problem {
            text.push(TextBlock { text: problem.clone(), alert: true });
        }
        let mut controls = vec![Control {
            id: PASSPHRASE,
            name: fl!("passphrase-field"),
            description: self.prompt.text_hint.clone(),
            kind: ControlKind::TextField { value: self.passphrase.clone(), secret: true },
        }];
        if self.can_remember {
            controls.push(Control {
                id: REMEMBER,
                name: fl!("passphrase-remember"),
                description: Some(fl!("passphrase-remember-hint")),
                kind: ControlKind::Toggle { on: self.remember },
            });
        }
        controls.push(Control::button(SUBMIT.0, fl!("passphrase-submit")));
        controls.push(Control::button(CANCEL.0, fl!("passphrase-cancel")));
        ScreenModel { title: fl!("passphrase-title"), text, controls }
    }

    /// Enter in the field or on OK opens the book; Space on Remember flips it.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            REMEMBER => {
                self.remember = !self.remember;
                Action::None
            }
            PASSPHRASE | SUBMIT if self.busy => Action::None,
            PASSPHRASE | SUBMIT => {
                if self.passphrase.is_empty() {
                    self.problem = Some(fl!("passphrase-missing"));
                    return Action::Refocus;
                }
                self.busy = true;
                self.problem = None;
                Action::Unlock(Unlock {
                    path: self.path.clone(),
                    passphrase: self.passphrase.clone(),
                    remember: self.remember && self.can_remember,
                    provider: self.prompt.provider.clone(),
                })
            }
            CANCEL => Action::Back,
            _ => Action::None,
        }
    }

    /// The field changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if control == PASSPHRASE {
            self.passphrase = value;
        }
    }

    /// The passphrase did not open the book: say so, empty the field for another try.
    pub fn refused(&mut self) {
        self.busy = false;
        zeroize::Zeroize::zeroize(&mut self.passphrase);
        self.passphrase.clear();
        self.problem = Some(fl!("passphrase-wrong"));
    }
}

impl Drop for PassphraseScreen {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.passphrase);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> PassphraseScreen {
        let prompt = LcpPrompt {
            license_id: "l".into(),
            provider: "https://lib.example".into(),
            text_hint: Some("Your library PIN".into()),
            hint_url: None,
        };
        PassphraseScreen::new(PathBuf::from("/b.epub"), prompt, true)
    }

    #[test]
    fn empty_passphrase_is_refused_and_ok_asks_to_unlock() {
        let mut s = screen();
        let ok = Message { control: SUBMIT, input: Input::Activate };
        assert_eq!(s.update(ok), Action::Refocus);
        assert!(s.problem.is_some());
        s.edit(PASSPHRASE, "1234".into());
        let Action::Unlock(unlock) = s.update(ok) else { panic!("no unlock") };
        assert_eq!((unlock.passphrase.as_str(), unlock.remember), ("1234", true));
        assert_eq!(unlock.provider, "https://lib.example");
        assert_eq!(s.update(ok), Action::None, "busy");
        s.refused();
        assert!(s.passphrase.is_empty() && !s.busy && s.problem.is_some());
        let model = s.model(&Settings::default());
        assert!(model.text.iter().any(|t| t.alert));
        assert!(model.text.iter().any(|t| t.text.contains("Your library PIN")));
    }
}
