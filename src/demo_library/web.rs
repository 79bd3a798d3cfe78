//! Shared HTTP plumbing: application state, request context, entity tags and formatting helpers.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use url::Url;

use super::auth;
use super::catalog::{Book, Catalog};
use super::config::Clock;
use super::error::ApiError;
use super::state::Store;

/// Media type of OPDS 2 feeds.
pub(super) const OPDS2_FEED: &str = "application/opds+json";
/// Media type of OPDS 2 publications.
pub(super) const OPDS2_PUB: &str = "application/opds-publication+json";
/// Media type of the License Status Document.
pub(super) const LSD: &str = "application/vnd.readium.license.status.v1.0+json";

/// State shared by all handlers.
pub(super) struct Inner {
    /// The catalogue.
    pub catalog: Catalog,
    /// The lending state (locked briefly, never across `.await`).
    pub store: Mutex<Store>,
    /// Source of "now".
    pub clock: Clock,
    /// Absolute base URL, e.g. `http://127.0.0.1:PORT/`.
    pub base: Url,
    /// Signs the basic-token flow's bearer tokens.
    pub token_key: auth::TokenKey,
    /// The LCP books, encrypted at start, by book id.
    pub protected: std::collections::HashMap<String, super::licensing::ProtectedBook>,
}

/// Cheaply clonable handle on [`Inner`].
#[derive(Clone)]
pub(super) struct App(pub Arc<Inner>);

impl App {
    /// Absolute URL of `path` (which starts with `/`).
    pub(super) fn url(&self, path: &str) -> String {
        let base = self.0.base.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }

    /// The base URL.
    pub(super) fn base(&self) -> &Url {
        &self.0.base
    }

    /// The catalogue.
    pub(super) fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    /// The book with `id`, or a 404 problem.
    pub(super) fn book(&self, id: &str) -> Result<&Book, ApiError> {
        self.0.catalog.get(id).ok_or_else(|| ApiError::not_found(id))
    }

    /// Runs `work` on the state after applying the passage of time.
    pub(super) fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store, OffsetDateTime) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let now = self.0.clock.now();
        let mut store = self.0.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        store.tick(&self.0.catalog, now)?;
        work(&mut store, now)
    }
}

/// Who is asking, and in which language to answer.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    /// Answer in Japanese.
    pub ja: bool,
    /// The signed-in patron's card number, if valid credentials were sent.
    pub patron: Option<String>,
}

impl Ctx {
    /// Reads the context; wrong credentials are refused with 401 even on public resources.
    pub(super) fn from_headers(app: &App, headers: &HeaderMap) -> Result<Self, ApiError> {
        let ja = wants_japanese(headers);
        match auth::patron(headers, &app.0.token_key, app.0.clock.now()) {
            Ok(patron) => Ok(Ctx { ja, patron }),
            Err(()) => Err(ApiError::Unauthorized { ja, base: app.base().clone() }),
        }
    }

    /// Like [`Ctx::from_headers`] but a patron is required; returns the card number.
    pub(super) fn signed_in(app: &App, headers: &HeaderMap) -> Result<(Self, String), ApiError> {
        let ctx = Self::from_headers(app, headers)?;
        match ctx.patron.clone() {
            Some(patron) => Ok((ctx, patron)),
            None => Err(ApiError::Unauthorized { ja: ctx.ja, base: app.base().clone() }),
        }
    }

    /// Picks the English or Japanese text.
    pub(super) fn pick<'a>(&self, en: &'a str, ja: &'a str) -> &'a str {
        if self.ja { ja } else { en }
    }
}

/// Whether the first language in `Accept-Language` is Japanese.
pub(super) fn wants_japanese(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(|first| first.trim().to_ascii_lowercase().starts_with("ja"))
        .unwrap_or(false)
}

/// Strong entity tag of a body: quoted hex of the first 16 bytes of its SHA-256.
pub(super) fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` matches `etag` (weak comparison, as RFC 9110 asks for this header).
pub(super) fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let Some(value) = headers.get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    value.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// A document answer with `ETag`, honouring `If-None-Match` (304).
pub(super) fn document(
    headers: &HeaderMap,
    status: StatusCode,
    content_type: &str,
    body: String,
) -> Response {
    let etag = etag_of(body.as_bytes());
    let mut response = if status == StatusCode::OK && none_match(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = (status, body).into_response();
        if let Ok(value) = HeaderValue::from_str(content_type) {
            response.headers_mut().insert(header::CONTENT_TYPE, value);
        }
        response
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Authorization"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// A JSON document answer.
pub(super) fn json(
    headers: &HeaderMap,
    status: StatusCode,
    content_type: &str,
    body: &serde_json::Value,
) -> Response {
    document(headers, status, content_type, body.to_string())
}

/// RFC 3339 in UTC, e.g. `2025-11-21T09:00:00Z`.
pub(super) fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_default()
}

/// HTTP date (IMF-fixdate), e.g. `Fri, 21 Nov 2025 09:00:00 GMT`.
pub(super) fn http_date(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

/// Escapes text for XML content and attribute values.
pub(super) fn xml_escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Percent-encodes a query-string value.
pub(super) fn query_escape(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml_special_characters() {
        assert_eq!(xml_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(xml_escape("草枕"), "草枕");
    }

    #[test]
    fn formats_dates() {
        let at = time::macros::datetime!(2025-11-21 09:00:00 UTC);
        assert_eq!(rfc3339(at), "2025-11-21T09:00:00Z");
        assert_eq!(http_date(at), "Fri, 21 Nov 2025 09:00:00 GMT");
    }

    #[test]
    fn matches_entity_tags() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\", W/\"abc\""));
        assert!(none_match(&headers, "\"abc\""));
        assert!(!none_match(&headers, "\"abd\""));
    }

    #[test]
    fn detects_japanese() {
        let mut headers = HeaderMap::new();
        assert!(!wants_japanese(&headers));
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("ja-JP,en;q=0.5"));
        assert!(wants_japanese(&headers));
    }
}
