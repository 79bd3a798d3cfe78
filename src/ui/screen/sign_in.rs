//! Sign in to a library with its card number and PIN, using the labels and input hints the
//! library's authentication document gives ("Library card number", digits only).

use super::{Action, LibraryRequest, Message, Shared};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::library::auth_document::{self, AuthenticationDocument, Keyboard};
use crate::store::Settings;

/// The card number field.
pub const LOGIN: ControlId = ControlId("sign-in.login");
/// The PIN field.
pub const PASSWORD: ControlId = ControlId("sign-in.password");
/// Remember the PIN in the system keyring.
pub const REMEMBER: ControlId = ControlId("sign-in.remember");
/// Signs in.
pub const SUBMIT: ControlId = ControlId("sign-in.submit");
/// Back without signing in.
pub const CANCEL: ControlId = ControlId("sign-in.cancel");

/// The sign-in screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SignInScreen {
    /// The library's authentication document, when it sent one.
    pub document: Option<Shared<AuthenticationDocument>>,
    /// The library's name.
    pub library: String,
    /// The card number typed.
    pub login: String,
    /// The PIN typed (never saved in a file).
    pub password: String,
    /// Whether to keep the PIN in the system keyring.
    pub remember: bool,
    /// Whether this computer has a keyring to keep it in.
    pub can_remember: bool,
    /// Signing in is under way.
    pub busy: bool,
    /// Why the last attempt failed, and what to do.
    pub problem: Option<String>,
}

impl SignInScreen {
    /// A sign-in form for `library`.
    pub fn new(
        library: String,
        document: Option<Shared<AuthenticationDocument>>,
        can_remember: bool,
    ) -> Self {
        Self {
            document,
            library,
            login: String::new(),
            password: String::new(),
            remember: can_remember,
            can_remember,
            busy: false,
            problem: None,
        }
    }

    fn flow(&self) -> Option<&auth_document::AuthenticationFlow> {
        self.document.as_ref().and_then(|d| d.0.first_supported())
    }

    /// The library's words, the two fields, remember, Sign in, Cancel.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let flow = self.flow();
        let mut text = Vec::new();
        if let Some(description) = self.document.as_ref().and_then(|d| d.0.description.clone()) {
            text.push(TextBlock { text: description, alert: false });
        }
        if !self.can_remember {
            text.push(TextBlock { text: fl!("sign-in-no-keyring"), alert: false });
        }
        if self.busy {
            text.push(TextBlock { text: fl!("sign-in-busy"), alert: false });
        }
        if let Some(problem) = &self.problem {
            text.push(TextBlock { text: problem.clone(), alert: true });
        }
        let hint = |input: Option<&auth_document::Input>| {
            input.filter(|i| i.keyboard == Keyboard::NumberPad).map(|i| match i.maximum_length {
                Some(n) => fl!("sign-in-digits-max", count = n.to_string()),
                None => fl!("sign-in-digits"),
            })
        };
        let login_label = flow.and_then(|f| f.labels.login.clone()).unwrap_or_else(|| fl!("sign-in-login"));
        let password_label =
            flow.and_then(|f| f.labels.password.clone()).unwrap_or_else(|| fl!("sign-in-password"));
        let mut controls = vec![
            Control {
                id: LOGIN,
                name: login_label,
                description: hint(flow.and_then(|f| f.login_input.as_ref())),
                kind: ControlKind::TextField { value: self.login.clone(), secret: false },
            },
            Control {
                id: PASSWORD,
                name: password_label,
                description: hint(flow.and_then(|f| f.password_input.as_ref())),
                kind: ControlKind::TextField { value: self.password.clone(), secret: true },
            },
        ];
        if self.can_remember {
            controls.push(Control {
                id: REMEMBER,
                name: fl!("sign-in-remember"),
                description: Some(fl!("sign-in-remember-hint")),
                kind: ControlKind::Toggle { on: self.remember },
            });
        }
        controls.push(Control::button(SUBMIT.0, fl!("sign-in-submit")));
        controls.push(Control::button(CANCEL.0, fl!("sign-in-cancel")));
        ScreenModel { title: fl!("sign-in-title", library = self.library.clone()), text, controls }
    }

    /// Enter in a field or on Sign in signs in; Space on Remember flips it.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            REMEMBER => {
                self.remember = !self.remember;
                Action::None
            }
            LOGIN | PASSWORD | SUBMIT if self.busy => Action::None,
            LOGIN | PASSWORD | SUBMIT => {
                if self.login.trim().is_empty() || self.password.is_empty() {
                    self.problem = Some(fl!("sign-in-missing"));
                    return Action::Refocus;
                }
                Action::Library(LibraryRequest::Submit {
                    login: self.login.trim().to_owned(),
                    password: self.password.clone(),
                    remember: self.remember && self.can_remember,
                })
            }
            CANCEL => Action::Back,
            _ => Action::None,
        }
    }

    /// A field changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        match control {
            LOGIN => self.login = value,
            PASSWORD => self.password = value,
            _ => {}
        }
    }
}

impl Drop for SignInScreen {
    fn drop(&mut self) {
        // Overwrite the PIN's bytes before the memory is freed.
        zeroize::Zeroize::zeroize(&mut self.password);
    }
}
