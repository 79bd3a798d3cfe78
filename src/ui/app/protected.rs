//! Opening Readium LCP protected books. The user keys tried without asking: the one kept in
//! the keyring for the licence's provider, then the SHA-256 of the signed-in library PIN (the
//! passphrase many libraries use). Otherwise the passphrase screen asks; a wrong passphrase is
//! said there and the patron tries again. Only the user key is ever kept, never the
//! passphrase.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;
use zeroize::Zeroizing;

use super::{App, Message};
use crate::book::lcp::{UserKey, user_key_from_hex, user_key_from_passphrase};
use crate::book::{BookError, LcpPrompt};
use crate::fl;
use crate::library::client::Credentials;
use crate::library::credentials::{Account, SecretStore};
use crate::ui::screen::Screen;
use crate::ui::screen::passphrase::{PassphraseScreen, Unlock};

/// A user key kept after a passphrase opened a book, saved once the book is open.
pub(super) struct KeyToKeep {
    account: Account,
    hex: Zeroizing<String>,
}

/// The hex form of a user key, as the keyring keeps it.
fn hex(key: &UserKey) -> Zeroizing<String> {
    Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect())
}

/// The PIN of the signed-in library session, if the patron typed one.
fn session_pin(credentials: Option<&Credentials>) -> Option<Zeroizing<String>> {
    match credentials? {
        Credentials::Basic { password, .. } => Some(Zeroizing::new(password.clone())),
        Credentials::BasicToken(grant) => Some(Zeroizing::new(grant.password.clone())),
        Credentials::Bearer(_) => None,
    }
}

/// Opens `path` trying `keys` on a worker thread.
fn open_with_keys(path: PathBuf, keys: Vec<UserKey>) -> Task<Message> {
    Task::perform(
        async move {
            let target = path.clone();
            let result = tokio::task::spawn_blocking(move || {
                crate::book::open_with_keys(&target, &keys).map(Arc::new)
            })
            .await
            .unwrap_or_else(|e| Err(BookError::io(&path, std::io::Error::other(e))));
            (path, result)
        },
        |(path, result)| Message::BookOpened(path, result),
    )
}

impl App {
    /// A book needs an LCP passphrase (`error` carries the licence's prompt). First time:
    /// try the kept keys. When they do not fit: ask. On the passphrase screen: say it was
    /// wrong.
    pub(super) fn book_locked(&mut self, path: PathBuf, error: &BookError) -> Task<Message> {
        self.key_to_keep = None;
        let Some(prompt) = error.lcp_prompt().cloned() else { return Task::none() };
        if let Some(Screen::Passphrase(screen)) = self.stack.last_mut()
            && screen.path == path
        {
            screen.refused();
            self.focus = Some(0);
            return self.problem(fl!("passphrase-wrong"));
        }
        match error {
            BookError::PassphraseRequired { .. } => self.try_kept_keys(path, prompt),
            _ => self.ask_passphrase(path, prompt),
        }
    }

    /// Tries the keyring's key for the provider and the library PIN, off the interface thread.
    fn try_kept_keys(&mut self, path: PathBuf, prompt: LcpPrompt) -> Task<Message> {
        let store = self.secrets.clone();
        let pin = session_pin(self.session.as_ref().and_then(|s| s.credentials.as_ref()));
        let account = Account::lcp_user_key(&prompt.provider);
        Task::perform(
            async move {
                let target = path.clone();
                let result = tokio::task::spawn_blocking(move || {
                    let store: Arc<dyn SecretStore> =
                        store.unwrap_or_else(|| Arc::from(crate::library::credentials::system_store()));
                    let mut keys = Vec::new();
                    match store.load(&account) {
                        Ok(Some(kept)) => keys.extend(user_key_from_hex(&kept)),
                        Ok(None) => {}
                        Err(e) => tracing::warn!("LCP user key not read from the keyring: {e}"),
                    }
                    keys.extend(pin.map(|pin| user_key_from_passphrase(&pin)));
                    if keys.is_empty() {
                        // Nothing kept: ask (a second "passphrase required" would loop).
                        return Err(BookError::WrongPassphrase { prompt });
                    }
                    crate::book::open_with_keys(&target, &keys).map(Arc::new)
                })
                .await
                .unwrap_or_else(|e| Err(BookError::io(&path, std::io::Error::other(e))));
                (path, result)
            },
            |(path, result)| Message::BookOpened(path, result),
        )
    }

    fn ask_passphrase(&mut self, path: PathBuf, prompt: LcpPrompt) -> Task<Message> {
        self.opening_book = false;
        let can_remember = self.secrets.as_ref().is_none_or(|s| s.is_persistent());
        self.show(Screen::Passphrase(Box::new(PassphraseScreen::new(path, prompt, can_remember))))
    }

    /// The patron typed a passphrase: open the book with its user key.
    pub(super) fn unlock(&mut self, unlock: Unlock) -> Task<Message> {
        let key = user_key_from_passphrase(&Zeroizing::new(unlock.passphrase));
        self.key_to_keep = unlock
            .remember
            .then(|| KeyToKeep { account: Account::lcp_user_key(&unlock.provider), hex: hex(&key) });
        self.report(fl!("passphrase-busy"));
        open_with_keys(unlock.path, vec![key])
    }

    /// The book opened: keep the user key the patron asked to remember.
    pub(super) fn keep_user_key(&mut self) {
        let Some(keep) = self.key_to_keep.take() else { return };
        let store = self.secrets.clone();
        // The keyring may take a moment; nothing waits for it.
        std::thread::spawn(move || {
            let store: Arc<dyn SecretStore> =
                store.unwrap_or_else(|| Arc::from(crate::library::credentials::system_store()));
            if let Err(e) = store.save(&keep.account, &keep.hex) {
                tracing::warn!("LCP user key not kept in the keyring: {e}");
            }
        });
    }
}
