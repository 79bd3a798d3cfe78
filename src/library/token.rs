//! Palace's basic-token sign-in (`http://thepalaceproject.org/authtype/basic-token`): the
//! library card and PIN are exchanged for a short-lived bearer token, which the client sends
//! instead of the PIN and fetches again, without asking the patron, when it has expired.

use std::fmt;
use std::sync::Mutex;

use url::Url;

use super::auth_document::{AuthenticationDocument, FlowKind};
use super::error::{DocumentKind, Result};
use super::json::Path;
use super::json_tree::{self as json, Obj};

/// The card and PIN of a basic-token library, with the token they were last exchanged for.
pub struct TokenGrant {
    /// The card number (login).
    pub username: String,
    /// The PIN (password).
    pub password: String,
    /// Where the card and PIN are exchanged for a token (the flow's `authenticate` link).
    pub endpoint: Url,
    token: Mutex<Option<String>>,
}

impl TokenGrant {
    /// Card and PIN for the token `endpoint`; no token yet.
    pub fn new(username: String, password: String, endpoint: Url) -> Self {
        Self { username, password, endpoint, token: Mutex::new(None) }
    }

    /// The token obtained last, if any.
    pub fn current(&self) -> Option<String> {
        self.token.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Keeps `token` for the requests that follow.
    pub(crate) fn keep(&self, token: String) {
        *self.token.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(token);
    }

    /// Forgets `stale` (the library refused it), unless another request already replaced it.
    pub(crate) fn forget(&self, stale: &str) {
        let mut token = self.token.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if token.as_deref() == Some(stale) {
            *token = None;
        }
    }
}

impl PartialEq for TokenGrant {
    fn eq(&self, other: &Self) -> bool {
        self.username == other.username && self.password == other.password && self.endpoint == other.endpoint
    }
}

impl Eq for TokenGrant {}

impl fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenGrant").field("endpoint", &self.endpoint.as_str()).finish_non_exhaustive()
    }
}

/// Where a library that offers basic-token sign-in exchanges card and PIN for a token:
/// the flow's `authenticate` link, else Palace's usual `patrons/me/token/` beside the
/// authentication document. `None` when the library does not offer the flow.
pub fn token_endpoint(document: &AuthenticationDocument, document_url: &Url) -> Option<Url> {
    let flow = document.flows.iter().find(|flow| flow.kind == FlowKind::BasicToken)?;
    flow.link("authenticate").cloned().or_else(|| document_url.join("/patrons/me/token/").ok())
}

/// Reads the token from the exchange's answer: `access_token` (Palace's Python servers) or
/// `accessToken`.
pub fn parse_token(bytes: &[u8]) -> Result<String> {
    let arena = json::Arena::new();
    let value = json::parse(bytes, DocumentKind::Authentication, &arena)?;
    let object = Obj::new(&value, &Path::ROOT, DocumentKind::Authentication)?;
    match object.str("access_token")?.or(object.str("accessToken")?) {
        Some(token) if !token.trim().is_empty() => Ok(token.trim().to_owned()),
        _ => Err(object.missing("access_token")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_spellings_and_refuses_answers_without_a_token() {
        assert_eq!(
            parse_token(br#"{"access_token":"abc","token_type":"Bearer","expires_in":3600}"#).unwrap(),
            "abc"
        );
        assert_eq!(parse_token(br#"{"accessToken":"xyz","expiresIn":60}"#).unwrap(), "xyz");
        assert!(parse_token(br#"{"token_type":"Bearer"}"#).is_err());
        assert!(parse_token(br#"{"access_token":"  "}"#).is_err());
        assert!(parse_token(br#"{"access_token":7}"#).is_err());
        assert!(parse_token(b"<html>").is_err());
    }

    #[test]
    fn a_stale_token_is_forgotten_only_once_replaced_tokens_survive() {
        let grant = TokenGrant::new("card".into(), "pin".into(), Url::parse("http://l.example/t").unwrap());
        grant.keep("one".into());
        grant.forget("zero");
        assert_eq!(grant.current().as_deref(), Some("one"));
        grant.forget("one");
        assert_eq!(grant.current(), None);
        assert!(!format!("{grant:?}").contains("pin"));
    }

    #[test]
    fn the_endpoint_comes_from_the_flow_or_palace_s_usual_place() {
        let url = Url::parse("http://l.example/lib/auth").unwrap();
        let with_link = br#"{"id":"x","title":"L","authentication":[{"type":"http://thepalaceproject.org/authtype/basic-token",
            "links":[{"rel":"authenticate","href":"/lib/token"}]}]}"#;
        let document = crate::library::auth_document::parse(with_link, &url).unwrap();
        assert_eq!(token_endpoint(&document, &url).unwrap().as_str(), "http://l.example/lib/token");
        let without = br#"{"id":"x","title":"L","authentication":[{"type":"http://thepalaceproject.org/authtype/basic-token"}]}"#;
        let document = crate::library::auth_document::parse(without, &url).unwrap();
        assert_eq!(token_endpoint(&document, &url).unwrap().as_str(), "http://l.example/patrons/me/token/");
        let basic =
            br#"{"id":"x","title":"L","authentication":[{"type":"http://opds-spec.org/auth/basic"}]}"#;
        let document = crate::library::auth_document::parse(basic, &url).unwrap();
        assert_eq!(token_endpoint(&document, &url), None);
    }
}
