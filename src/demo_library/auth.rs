//! Authentication for OPDS: the authentication document (Basic, basic-token and browser sign-in
//! flows), HTTP Basic credentials, bearer tokens and 401 answers.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use url::Url;

use super::error::ApiError;
use super::web::{self, App};
use super::{DEMO_CARD, DEMO_PIN, SECOND_CARD, SECOND_PIN};

/// Media type of the authentication document.
pub(super) const AUTH_TYPE: &str = "application/opds-authentication+json";

/// The patrons who can sign in: card, PIN, English name, Japanese name.
const PATRONS: [(&str, &str, &str, &str); 2] = [
    (DEMO_CARD, DEMO_PIN, "Demo patron", "デモ 利用者"),
    (SECOND_CARD, SECOND_PIN, "Second demo patron", "デモ 利用者 2"),
];

/// The PIN of a patron (the demo library's LCP passphrase is the PIN).
pub(super) fn patron_pin(card: &str) -> Option<&'static str> {
    PATRONS.iter().find(|(id, ..)| *id == card).map(|(_, pin, ..)| *pin)
}

/// Display name of a patron.
pub(super) fn patron_name(card: &str, ja: bool) -> &'static str {
    PATRONS.iter().find(|(id, ..)| *id == card).map(|(_, _, en, jp)| if ja { *jp } else { *en }).unwrap_or("")
}

/// How long a basic-token access token lasts.
pub(super) const TOKEN_LIFETIME: time::Duration = time::Duration::hours(1);

/// Signs and checks the bearer tokens handed out by the basic-token flow. A token names the
/// card and its expiry, with a MAC under a key made fresh each time the server starts.
pub(super) struct TokenKey([u8; 32]);

impl TokenKey {
    /// A new key from the clock, the process and a stack address (tokens only need to be
    /// unguessable for the lifetime of one demo server on loopback).
    pub(super) fn fresh() -> Self {
        let mut hasher = Sha256::new();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        hasher.update(now.as_nanos().to_le_bytes());
        hasher.update(std::process::id().to_le_bytes());
        let here = 0u8;
        hasher.update((std::ptr::addr_of!(here) as usize).to_le_bytes());
        Self(hasher.finalize().into())
    }

    fn mac(&self, card: &str, expires: i64) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.0);
        hasher.update(card.as_bytes());
        hasher.update(expires.to_le_bytes());
        hasher.finalize().iter().take(16).map(|byte| format!("{byte:02x}")).collect()
    }

    /// A token for `card` that expires at `expires`.
    pub(super) fn issue(&self, card: &str, expires: OffsetDateTime) -> String {
        let at = expires.unix_timestamp();
        format!("{card}.{at}.{}", self.mac(card, at))
    }

    /// The card a token was issued for, if it is genuine and has not expired at `now`.
    fn check(&self, token: &str, now: OffsetDateTime) -> Option<String> {
        let mut parts = token.trim().splitn(3, '.');
        let (card, at, mac) = (parts.next()?, parts.next()?, parts.next()?);
        let at: i64 = at.parse().ok()?;
        (mac == self.mac(card, at) && now.unix_timestamp() < at).then(|| card.to_owned())
    }
}

/// The patron's card number: `Ok(None)` without credentials, `Err(())` for wrong, expired or
/// malformed ones. Basic credentials and bearer tokens from [`post_token`] are accepted.
pub(super) fn patron(headers: &HeaderMap, key: &TokenKey, now: OffsetDateTime) -> Result<Option<String>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| ())?;
    let (scheme, encoded) = value.trim().split_once(' ').ok_or(())?;
    if scheme.eq_ignore_ascii_case("bearer") {
        return key.check(encoded, now).map(Some).ok_or(());
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(());
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| ())?;
    let decoded = String::from_utf8(decoded).map_err(|_| ())?;
    let (card, pin) = decoded.split_once(':').ok_or(())?;
    PATRONS
        .iter()
        .find(|(id, secret, ..)| *id == card && *secret == pin)
        .map(|(id, ..)| Some((*id).to_owned()))
        .ok_or(())
}

/// The authentication document.
pub(super) fn document(base: &Url, ja: bool) -> serde_json::Value {
    let root = base.as_str().trim_end_matches('/');
    let (title, description) = if ja {
        (
            "ともしび デモ図書館",
            format!(
                "ともしびに組み込まれた練習用の図書館です。利用者カード番号 {DEMO_CARD}、暗証番号 {DEMO_PIN} でログインできます。"
            ),
        )
    } else {
        (
            "Tomoshibi demo library",
            format!(
                "A practice library built into Tomoshibi. Sign in with library card number {DEMO_CARD} and PIN {DEMO_PIN}."
            ),
        )
    };
    json!({
        "id": format!("{root}/auth"),
        "title": title,
        "description": description,
        "authentication": [{
            "type": "http://opds-spec.org/auth/basic",
            "labels": { "login": "Library card number", "password": "PIN" },
            "inputs": {
                "login": { "keyboard": "Number pad", "maximum_length": 8 },
                "password": { "keyboard": "Number pad", "maximum_length": 4 }
            }
        }, {
            "type": "http://thepalaceproject.org/authtype/basic-token",
            "labels": { "login": "Library card number", "password": "PIN" },
            "inputs": {
                "login": { "keyboard": "Number pad", "maximum_length": 8 },
                "password": { "keyboard": "Number pad", "maximum_length": 4 }
            },
            "links": [{ "rel": "authenticate", "href": format!("{root}/patrons/me/token"), "type": "application/json" }]
        }, {
            "type": "http://opds-spec.org/auth/oauth/implicit",
            "description": if ja { "図書館のウェブページでログイン" } else { "Sign in on the library's web page" },
            "links": [{
                "rel": "authenticate",
                "href": format!("{root}{}", super::oauth::AUTHORIZE_PATH),
                "type": "text/html"
            }]
        }],
        "links": [
            { "rel": "start", "href": format!("{root}/opds2/root.json"), "type": web::OPDS2_FEED },
            { "rel": "http://opds-spec.org/shelf", "href": format!("{root}/loans"), "type": web::OPDS2_FEED },
            { "rel": "profile", "href": format!("{root}/patron"), "type": "application/opds-profile+json" },
            { "rel": "help", "href": format!("{root}/help"), "type": "text/html" }
        ]
    })
}

/// The 401 answer: the authentication document plus `Link` and `WWW-Authenticate` headers.
pub(super) fn unauthorized(base: &Url, ja: bool) -> Response {
    let root = base.as_str().trim_end_matches('/');
    let mut response =
        (StatusCode::UNAUTHORIZED, [(header::CONTENT_TYPE, AUTH_TYPE)], document(base, ja).to_string())
            .into_response();
    let headers = response.headers_mut();
    if let Ok(link) =
        HeaderValue::from_str(&format!("<{root}/auth>; rel=\"http://opds-spec.org/auth/document\""))
    {
        headers.insert(header::LINK, link);
    }
    headers
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"Tomoshibi demo library\""));
    response
}

/// `GET /auth`.
pub(super) async fn get_auth(State(app): State<App>, headers: HeaderMap) -> Response {
    web::json(&headers, StatusCode::OK, AUTH_TYPE, &document(app.base(), web::wants_japanese(&headers)))
}

/// `POST /patrons/me/token`: exchanges Basic credentials for a bearer token (Palace's
/// basic-token flow).
pub(super) async fn post_token(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let ctx = web::Ctx::from_headers(&app, &headers)?;
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("basic "));
    let Some(card) = ctx.patron.filter(|_| basic) else {
        return Err(ApiError::Unauthorized { ja: ctx.ja, base: app.base().clone() });
    };
    let token = app.0.token_key.issue(&card, app.0.clock.now() + TOKEN_LIFETIME);
    let body = json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME.whole_seconds(),
    });
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response())
}

/// `GET /help`: a short page explaining the demo library.
pub(super) async fn get_help(headers: HeaderMap) -> Response {
    let body = if web::wants_japanese(&headers) {
        format!(
            "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>ともしび デモ図書館</title></head><body>\
             <h1>ともしび デモ図書館</h1><p>練習用の図書館です。本はすべて自由に配布できるものです。</p>\
             <p>利用者カード番号 {DEMO_CARD}、暗証番号 {DEMO_PIN}。貸出は14日間、延長は1回まで、予約の取り置きは3日間です。</p>\
             </body></html>"
        )
    } else {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tomoshibi demo library</title></head><body>\
             <h1>Tomoshibi demo library</h1><p>A practice library; every book is freely licensed.</p>\
             <p>Card number {DEMO_CARD}, PIN {DEMO_PIN}. Loans last 14 days and can be renewed once; \
             a ready hold is kept for 3 days.</p></body></html>"
        )
    };
    web::document(&headers, StatusCode::OK, "text/html; charset=utf-8", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(card: &str, pin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{card}:{pin}"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(&format!("Basic {token}")).unwrap());
        headers
    }

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {token}")).unwrap());
        headers
    }

    #[test]
    fn accepts_only_known_patrons() {
        let (key, now) = (TokenKey::fresh(), OffsetDateTime::now_utc());
        let patron = |headers: &HeaderMap| patron(headers, &key, now);
        assert_eq!(patron(&HeaderMap::new()), Ok(None));
        assert_eq!(patron(&basic(DEMO_CARD, DEMO_PIN)), Ok(Some(DEMO_CARD.to_owned())));
        assert_eq!(patron(&basic(SECOND_CARD, SECOND_PIN)), Ok(Some(SECOND_CARD.to_owned())));
        assert_eq!(patron(&basic(DEMO_CARD, "0000")), Err(()));
        assert_eq!(patron(&basic(DEMO_CARD, SECOND_PIN)), Err(()));
    }

    #[test]
    fn tokens_are_checked_and_expire() {
        let (key, now) = (TokenKey::fresh(), OffsetDateTime::now_utc());
        let token = key.issue(DEMO_CARD, now + TOKEN_LIFETIME);
        assert_eq!(patron(&bearer(&token), &key, now), Ok(Some(DEMO_CARD.to_owned())));
        assert_eq!(patron(&bearer(&token), &key, now + TOKEN_LIFETIME), Err(()));
        let forged = token.replacen(DEMO_CARD, SECOND_CARD, 1);
        assert_eq!(patron(&bearer(&forged), &key, now), Err(()));
        assert_eq!(patron(&bearer(&token), &TokenKey::fresh(), now), Err(()));
        assert_eq!(patron(&bearer("garbage"), &key, now), Err(()));
    }

    #[test]
    fn document_names_the_demo_card() {
        let base = Url::parse("http://127.0.0.1:9/").unwrap();
        let doc = document(&base, false);
        assert_eq!(doc["id"], "http://127.0.0.1:9/auth");
        assert!(doc["description"].as_str().unwrap().contains(DEMO_CARD));
        assert_eq!(document(&base, true)["title"], "ともしび デモ図書館");
        let kinds: Vec<&str> =
            doc["authentication"].as_array().unwrap().iter().map(|f| f["type"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                "http://opds-spec.org/auth/basic",
                "http://thepalaceproject.org/authtype/basic-token",
                "http://opds-spec.org/auth/oauth/implicit"
            ]
        );
        assert_eq!(doc["authentication"][2]["links"][0]["href"], "http://127.0.0.1:9/oauth/authorize");
    }
}
