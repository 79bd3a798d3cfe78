//! Signing in on the library's own web page (Authentication for OPDS "OAuth implicit"): the
//! sign-in runs in the background while the sign-in screen waits, and Cancel (or leaving the
//! library) drops it, which closes its loopback listener at once.

use iced::Task;

use super::library::Event;
use super::{App, Message};
use crate::fl;
use crate::library::oauth::{self, AccessToken, OAuthError, SystemBrowser};
use crate::library::text;
use crate::ui::screen::Screen;

impl App {
    /// Opens the library's sign-in page in the browser and waits for its token.
    pub(super) fn sign_in_with_browser(&mut self) -> Task<Message> {
        let texts = text::oauth_page_texts(self.settings.language.speech_tag());
        let Some(session) = &mut self.session else { return Task::none() };
        let endpoint = session.auth.as_ref().and_then(|auth| oauth::authorize_endpoint(&auth.0).cloned());
        let Some(endpoint) = endpoint else {
            return self.problem(fl!("sign-in-web-failed"));
        };
        let options = oauth::Options { texts, ..oauth::Options::default() };
        let (task, handle) = Task::perform(
            async move { oauth::sign_in(&endpoint, &SystemBrowser, &options).await },
            |result| Message::Library(Event::BrowserSignedIn(result)),
        )
        .abortable();
        session.browser = Some(handle.abort_on_drop());
        if let Some(Screen::SignIn(screen)) = self.stack.last_mut() {
            screen.waiting = true;
            screen.problem = None;
        }
        self.focus = Some(0);
        self.report(fl!("sign-in-web-waiting"));
        Task::batch([task, self.scroll_to_focus()])
    }

    /// Stops waiting for the browser; back to the form, or back out when there is none.
    pub(super) fn cancel_browser_sign_in(&mut self) -> Task<Message> {
        if let Some(session) = &mut self.session {
            session.browser = None;
        }
        let form = match self.stack.last_mut() {
            Some(Screen::SignIn(screen)) => {
                screen.waiting = false;
                screen.form_offered()
            }
            _ => true,
        };
        self.report(fl!("sign-in-web-stopped"));
        if !form {
            return self.back();
        }
        self.focus = Some(0);
        self.scroll_to_focus()
    }

    /// The browser came back (or the wait ended): signed in like with card and PIN, the token
    /// kept in the keyring only if Remember is on.
    pub(super) fn browser_signed_in(&mut self, result: Result<AccessToken, OAuthError>) -> Task<Message> {
        if let Some(session) = &mut self.session {
            session.browser = None;
        }
        let remember = match self.stack.last() {
            Some(Screen::SignIn(screen)) => screen.remember && screen.can_remember,
            _ => false,
        };
        match result {
            Ok(token) => self.signed_in(token.credentials(), remember, Ok(())),
            Err(error) => {
                tracing::info!("browser sign-in: {error}");
                let text = text::explain_oauth(&error);
                if let Some(Screen::SignIn(screen)) = self.stack.last_mut() {
                    screen.waiting = false;
                    screen.problem = Some(text.clone());
                }
                self.focus = Some(0);
                self.problem(text)
            }
        }
    }
}
