//! Library PINs in the operating system's keyring, never in plain text.
//!
//! A [`SecretStore`] keeps one secret (a PIN or a token) per [`Account`]. [`system_store`] picks
//! the OS keyring when one answers — the Secret Service (GNOME Keyring, KWallet…) over D-Bus on
//! Linux and the BSDs, the Credential Manager on Windows, the login Keychain on macOS — and falls
//! back to a [`SessionStore`] that keeps secrets in memory until the app exits, so a patron on a
//! library PC without a keyring types the PIN once per session. Secrets never go to a file of ours.
//!
//! The stores' methods block (a keyring may ask the patron to unlock it): call them from a
//! blocking thread (`tokio::task::spawn_blocking`), not from an async task.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use keyring_core::{CredentialStore, Error as KeyringError};
use zeroize::Zeroizing;

use super::client::Credentials;
use super::token::TokenGrant;

/// The prefix of every keyring service name this app writes.
pub const SERVICE_PREFIX: &str = "tomoshibi";

/// How long [`system_store`] waits for the OS keyring before it settles for a [`SessionStore`].
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// Whose secret: one patron's card at one library.
///
/// In the OS keyring an account is the entry with service name `tomoshibi:<library>` and user
/// name `<user>` (see [`Account::service`]), so the same card number at two libraries gives two
/// entries, and the keyring's own viewer shows which app and library an entry belongs to.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Account {
    /// The id of the library's authentication document.
    pub library: String,
    /// The patron's card number (login).
    pub user: String,
}

impl Account {
    /// The patron's account at the library known by `key` (its start address as saved, or the
    /// demo library's fixed name): the app and the command line use the same one.
    pub fn patron(key: &str) -> Self {
        Self { library: key.to_owned(), user: "patron".to_owned() }
    }

    /// The Readium LCP user key (hex SHA-256 of the passphrase, never the passphrase itself)
    /// kept for the licences of `provider`.
    pub fn lcp_user_key(provider: &str) -> Self {
        Self { library: format!("lcp:{provider}"), user: "user-key".to_owned() }
    }

    /// The keyring service name for this account: `tomoshibi:<library>`.
    pub fn service(&self) -> String {
        format!("{SERVICE_PREFIX}:{}", self.library)
    }
}

impl fmt::Debug for Account {
    /// Card numbers are personal data: only their length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Account {{ library: {:?}, user: <{} chars> }}", self.library, self.user.chars().count())
    }
}

/// Why a secret could not be read, written or deleted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// No keyring service answers (none installed, no D-Bus session).
    #[error("no keyring is available")]
    Unavailable,
    /// The keyring is locked, or the patron or the system refused access.
    #[error("the keyring is locked or refused access")]
    Locked,
    /// Any other failure the keyring reported (never contains the secret).
    #[error("the keyring failed: {0}")]
    Platform(String),
}

impl From<KeyringError> for SecretError {
    fn from(error: KeyringError) -> Self {
        match error {
            KeyringError::NoDefaultStore => Self::Unavailable,
            KeyringError::NoStorageAccess(_) => Self::Locked,
            KeyringError::Ambiguous(entries) => {
                Self::Platform(format!("{} keyring entries match this account", entries.len()))
            }
            // These two carry the stored bytes: describe them without the bytes.
            KeyringError::BadEncoding(_) => Self::Platform("the stored secret is not text".to_owned()),
            KeyringError::BadDataFormat(..) => Self::Platform("the stored secret is unreadable".to_owned()),
            other => Self::Platform(other.to_string()),
        }
    }
}

/// Somewhere to keep patrons' secrets.
pub trait SecretStore: Send + Sync {
    /// The secret saved for `account`, or `None` if there is none.
    fn load(&self, account: &Account) -> Result<Option<String>, SecretError>;
    /// Saves (or replaces) the secret for `account`.
    fn save(&self, account: &Account, secret: &str) -> Result<(), SecretError>;
    /// Forgets the secret for `account`; forgetting a missing one is not an error.
    fn delete(&self, account: &Account) -> Result<(), SecretError>;
    /// Whether secrets outlive the app (false: the patron is asked again next session).
    fn is_persistent(&self) -> bool;
}

/// Secrets in the operating system's keyring (through the keyring-core crates).
pub struct KeyringStore {
    store: Arc<CredentialStore>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore").field("vendor", &self.store.vendor()).finish()
    }
}

impl KeyringStore {
    /// Connects to this platform's keyring. This may block (on Linux it talks to D-Bus, which can
    /// start a keyring daemon); [`system_store`] bounds that wait.
    pub fn open() -> Result<Self, SecretError> {
        platform_store().map(Self::with_store).map_err(|error| {
            tracing::debug!(%error, "no OS keyring");
            match error {
                KeyringError::NoStorageAccess(_) => SecretError::Locked,
                _ => SecretError::Unavailable,
            }
        })
    }

    /// Uses a given keyring-core store (for tests, keyring-core's mock store).
    pub fn with_store(store: Arc<CredentialStore>) -> Self {
        Self { store }
    }

    /// Who provides the keyring, for the log.
    pub fn vendor(&self) -> String {
        self.store.vendor()
    }

    fn entry(&self, account: &Account) -> Result<keyring_core::Entry, SecretError> {
        Ok(self.store.build(&account.service(), &account.user, None)?)
    }
}

impl SecretStore for KeyringStore {
    fn load(&self, account: &Account) -> Result<Option<String>, SecretError> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self, account: &Account, secret: &str) -> Result<(), SecretError> {
        Ok(self.entry(account)?.set_password(secret)?)
    }

    fn delete(&self, account: &Account) -> Result<(), SecretError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn is_persistent(&self) -> bool {
        true
    }
}

/// The Secret Service over D-Bus, through the pure-Rust zbus client.
#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

/// The Windows Credential Manager.
#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

/// The macOS login Keychain.
#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

/// No keyring support on this platform.
#[cfg(not(any(unix, target_os = "windows")))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(KeyringError::NoDefaultStore)
}

/// No keyring support on iOS and Android builds.
#[cfg(any(target_os = "ios", target_os = "android"))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(KeyringError::NoDefaultStore)
}

/// Secrets kept in memory for this session only, overwritten with zeros when replaced, deleted
/// or dropped.
#[derive(Default)]
pub struct SessionStore {
    secrets: Mutex<HashMap<Account, Zeroizing<String>>>,
}

impl SessionStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn secrets(&self) -> std::sync::MutexGuard<'_, HashMap<Account, Zeroizing<String>>> {
        self.secrets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionStore").field("accounts", &self.secrets().len()).finish()
    }
}

impl SecretStore for SessionStore {
    fn load(&self, account: &Account) -> Result<Option<String>, SecretError> {
        Ok(self.secrets().get(account).map(|secret| String::clone(secret)))
    }

    fn save(&self, account: &Account, secret: &str) -> Result<(), SecretError> {
        self.secrets().insert(account.clone(), Zeroizing::new(secret.to_owned()));
        Ok(())
    }

    fn delete(&self, account: &Account) -> Result<(), SecretError> {
        self.secrets().remove(account);
        Ok(())
    }

    fn is_persistent(&self) -> bool {
        false
    }
}

/// The OS keyring if it answers within [`PROBE_TIMEOUT`], else a [`SessionStore`].
pub fn system_store() -> Box<dyn SecretStore> {
    system_store_within(PROBE_TIMEOUT)
}

/// The OS keyring if it answers within `timeout`, else a [`SessionStore`]. The probe runs on its
/// own thread, so a keyring that hangs (a D-Bus activation that never completes) cannot hold the
/// app up; that thread ends by itself whenever the keyring answers.
pub fn system_store_within(timeout: Duration) -> Box<dyn SecretStore> {
    let started = Instant::now();
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new().name("keyring-probe".to_owned()).spawn(move || {
        // The receiver may be gone after a timeout; nothing to do then.
        let _ = sender.send(KeyringStore::open());
    });
    let outcome = match spawned {
        Ok(_) => receiver.recv_timeout(timeout).map_err(|_| SecretError::Unavailable).and_then(|r| r),
        Err(e) => Err(SecretError::Platform(e.to_string())),
    };
    match outcome {
        Ok(store) => {
            tracing::info!(vendor = %store.vendor(), elapsed = ?started.elapsed(), "secrets: using the OS keyring");
            Box::new(store)
        }
        Err(error) => {
            tracing::warn!(
                %error,
                elapsed = ?started.elapsed(),
                "secrets: no OS keyring; PINs are kept in memory for this session only"
            );
            Box::new(SessionStore::new())
        }
    }
}

/// Credentials as kept in a secret store: one secret holds card number and PIN (and, for a
/// basic-token library, where to exchange them; never the short-lived token itself).
pub fn encode(credentials: &Credentials) -> Option<String> {
    let value = match credentials {
        Credentials::Basic { username, password } => {
            serde_json::json!({ "login": username, "password": password })
        }
        Credentials::Bearer(token) => serde_json::json!({ "token": token }),
        Credentials::BasicToken(grant) => serde_json::json!({
            "login": grant.username,
            "password": grant.password,
            "token_endpoint": grant.endpoint.as_str(),
        }),
    };
    serde_json::to_string(&value).ok()
}

/// Reads a secret written by [`encode`]; `None` for anything else.
pub fn decode(secret: &str) -> Option<Credentials> {
    let value: serde_json::Value = serde_json::from_str(secret).ok()?;
    if let Some(token) = value.get("token").and_then(|t| t.as_str()) {
        return Some(Credentials::Bearer(token.to_owned()));
    }
    let username = value.get("login")?.as_str()?.to_owned();
    let password = value.get("password")?.as_str()?.to_owned();
    match value.get("token_endpoint").and_then(|e| e.as_str()).and_then(|e| url::Url::parse(e).ok()) {
        Some(endpoint) => {
            Some(Credentials::BasicToken(Arc::new(TokenGrant::new(username, password, endpoint))))
        }
        None => Some(Credentials::Basic { username, password }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_secrets_read_back_as_the_same_credentials() {
        let endpoint = url::Url::parse("https://library.example/patrons/me/token/").unwrap();
        for credentials in [
            Credentials::Basic { username: "20251121".into(), password: "1234".into() },
            Credentials::Bearer("opaque".into()),
            Credentials::BasicToken(Arc::new(TokenGrant::new("20251121".into(), "1234".into(), endpoint))),
        ] {
            let secret = encode(&credentials).unwrap();
            assert_eq!(decode(&secret), Some(credentials));
        }
        assert_eq!(decode("not json"), None);
        assert_eq!(decode(r#"{"login":"x"}"#), None);
    }

    fn account(user: &str) -> Account {
        Account { library: "https://library.example/auth".to_owned(), user: user.to_owned() }
    }

    #[test]
    fn service_names_carry_the_library() {
        assert_eq!(account("1").service(), "tomoshibi:https://library.example/auth");
    }

    #[test]
    fn debug_output_hides_card_numbers() {
        let shown = format!("{:?}", account("2900012345"));
        assert!(!shown.contains("2900012345"), "{shown}");
    }

    #[test]
    fn keyring_store_works_with_the_mock_store() {
        let mock: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let store = KeyringStore::with_store(mock);
        let who = account("42");
        assert_eq!(store.load(&who), Ok(None));
        store.save(&who, "1234").unwrap();
        assert_eq!(store.load(&who), Ok(Some("1234".to_owned())));
        store.delete(&who).unwrap();
        assert_eq!(store.load(&who), Ok(None));
        store.delete(&who).unwrap();
    }
}
