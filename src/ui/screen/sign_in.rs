//! Sign in to a library with its card number and PIN, using the labels and input hints the
//! library's authentication document gives ("Library card number", digits only), or on the
//! library's own web page in the patron's browser when the document offers that (OAuth
//! implicit): then the screen waits, with Cancel, until the browser comes back.

use super::{Action, LibraryRequest, Message, Shared};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::library::auth_document::{self, AuthenticationDocument, FlowKind, Keyboard};
use crate::store::Settings;

/// The card number field.
pub const LOGIN: ControlId = ControlId("sign-in.login");
/// The PIN field.
pub const PASSWORD: ControlId = ControlId("sign-in.password");
/// Remember the PIN in the system keyring.
pub const REMEMBER: ControlId = ControlId("sign-in.remember");
/// Signs in.
pub const SUBMIT: ControlId = ControlId("sign-in.submit");
/// Signs in on the library's web page, in the browser.
pub const WEB: ControlId = ControlId("sign-in.web");
/// Back without signing in (or, while waiting for the browser, stop waiting).
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
    /// Waiting for the patron to finish on the library's web page.
    pub waiting: bool,
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
            waiting: false,
        }
    }

    /// The first flow that asks for card and PIN here.
    fn flow(&self) -> Option<&auth_document::AuthenticationFlow> {
        self.document.as_ref().and_then(|d| d.0.flows.iter().find(|f| is_form_flow(f.kind)))
    }

    /// Whether the library lets the patron sign in on its web page.
    pub fn web_offered(&self) -> bool {
        self.document.as_ref().is_some_and(|d| crate::library::oauth::authorize_endpoint(&d.0).is_some())
    }

    /// Whether the library takes card and PIN here (also when it said nothing about how).
    pub fn form_offered(&self) -> bool {
        self.document
            .as_ref()
            .is_none_or(|d| d.0.flows.iter().any(|f| is_form_flow(f.kind)) || d.0.first_supported().is_none())
    }

    /// Whether the library's preferred way is its web page (sign-in starts there at once).
    pub fn prefers_web(&self) -> bool {
        self.document
            .as_ref()
            .and_then(|d| d.0.first_supported())
            .is_some_and(|f| f.kind == FlowKind::OAuthImplicit)
            && self.web_offered()
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
        if self.waiting {
            text.push(TextBlock { text: fl!("sign-in-web-waiting"), alert: false });
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
        let form = self.form_offered() && !self.waiting;
        let mut controls = Vec::new();
        if form {
            controls.push(Control {
                id: LOGIN,
                name: login_label,
                description: hint(flow.and_then(|f| f.login_input.as_ref())),
                kind: ControlKind::TextField { value: self.login.clone(), secret: false },
            });
            controls.push(Control {
                id: PASSWORD,
                name: password_label,
                description: hint(flow.and_then(|f| f.password_input.as_ref())),
                kind: ControlKind::TextField { value: self.password.clone(), secret: true },
            });
        }
        if self.can_remember {
            controls.push(Control {
                id: REMEMBER,
                name: fl!("sign-in-remember"),
                description: Some(fl!("sign-in-remember-hint")),
                kind: ControlKind::Toggle { on: self.remember },
            });
        }
        if form {
            controls.push(Control::button(SUBMIT.0, fl!("sign-in-submit")));
        }
        if self.web_offered() && !self.waiting {
            controls.push(Control::button(WEB.0, fl!("sign-in-web")).described(fl!("sign-in-web-hint")));
        }
        controls.push(Control::button(CANCEL.0, fl!("sign-in-cancel")));
        ScreenModel { title: fl!("sign-in-title", library = self.library.clone()), text, controls }
    }

    /// Enter in a field or on Sign in signs in; Space on Remember flips it; the web-page
    /// button starts the browser sign-in, and Cancel while waiting stops it.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            REMEMBER => {
                self.remember = !self.remember;
                Action::None
            }
            LOGIN | PASSWORD | SUBMIT | WEB if self.busy || self.waiting => Action::None,
            WEB => Action::Library(LibraryRequest::SignInWithBrowser),
            CANCEL if self.waiting => Action::Library(LibraryRequest::CancelBrowserSignIn),
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

/// Flows that take card and PIN on this screen.
fn is_form_flow(kind: FlowKind) -> bool {
    kind.is_supported() && kind != FlowKind::OAuthImplicit
}

impl Drop for SignInScreen {
    fn drop(&mut self) {
        // Overwrite the PIN's bytes before the memory is freed.
        zeroize::Zeroize::zeroize(&mut self.password);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASIC: &str =
        r#"{"type":"http://opds-spec.org/auth/basic","labels":{"login":"Card","password":"PIN"}}"#;
    const WEB_FLOW: &str = r#"{"type":"http://opds-spec.org/auth/oauth/implicit","links":[{"rel":"authenticate","href":"/oauth"}]}"#;

    fn screen(flows: &[&str]) -> SignInScreen {
        let text = format!(r#"{{"id":"x","title":"L","authentication":[{}]}}"#, flows.join(","));
        let url = url::Url::parse("http://l.example/auth").unwrap();
        let document = auth_document::parse(text.as_bytes(), &url).unwrap();
        SignInScreen::new("L".into(), Some(Shared(std::sync::Arc::new(document))), true)
    }

    fn ids(screen: &SignInScreen) -> Vec<ControlId> {
        screen.model(&Settings::default()).controls.iter().map(|c| c.id).collect()
    }

    fn press(screen: &mut SignInScreen, control: ControlId) -> Action {
        screen.update(Message { control, input: Input::Activate })
    }

    #[test]
    fn the_web_page_button_shows_only_when_the_library_offers_it() {
        assert_eq!(ids(&screen(&[BASIC])), [LOGIN, PASSWORD, REMEMBER, SUBMIT, CANCEL]);
        let both = screen(&[BASIC, WEB_FLOW]);
        assert_eq!(ids(&both), [LOGIN, PASSWORD, REMEMBER, SUBMIT, WEB, CANCEL]);
        assert!(!both.prefers_web());
        let web_only = screen(&[WEB_FLOW]);
        assert_eq!(ids(&web_only), [REMEMBER, WEB, CANCEL]);
        assert!(web_only.prefers_web());
        let mut unknown = SignInScreen::new("L".into(), None, false);
        assert_eq!(ids(&unknown), [LOGIN, PASSWORD, SUBMIT, CANCEL]);
        assert_eq!(press(&mut unknown, CANCEL), Action::Back);
    }

    #[test]
    fn while_waiting_for_the_browser_cancel_stops_waiting() {
        let mut s = screen(&[BASIC, WEB_FLOW]);
        assert_eq!(press(&mut s, WEB), Action::Library(LibraryRequest::SignInWithBrowser));
        s.waiting = true;
        assert_eq!(ids(&s), [REMEMBER, CANCEL]);
        let model = s.model(&Settings::default());
        assert!(model.text.iter().any(|t| t.text == fl!("sign-in-web-waiting")));
        assert_eq!(press(&mut s, WEB), Action::None);
        assert_eq!(press(&mut s, SUBMIT), Action::None);
        assert_eq!(press(&mut s, REMEMBER), Action::None);
        assert!(!s.remember, "Remember can still be changed while waiting");
        assert_eq!(press(&mut s, CANCEL), Action::Library(LibraryRequest::CancelBrowserSignIn));
    }
}
