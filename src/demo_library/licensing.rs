//! Readium LCP lending for the books marked `lcp = true` in `catalog.toml`: their files are
//! encrypted with the basic profile at start, a borrow answers with a licence whose
//! passphrase is the patron's PIN, and `/content/{id}` serves the encrypted file (the
//! licence's publication link).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth;
use super::catalog::{Catalog, asset};
use super::error::{ApiError, DemoError};
use super::lcp::{self, LicenseRequest, LicenseRights, PublicationLink, encrypt_epub, issue_license};
use super::state::Personal;
use super::web::{self, App, Ctx};
use crate::book::lcp::basic::ContentKey;
use crate::book::lcp::user_key_from_passphrase;

/// A book encrypted once at start.
#[derive(Debug, Clone)]
pub(super) struct ProtectedBook {
    /// The encrypted EPUB (no licence inside).
    pub epub: Arc<[u8]>,
    /// Its content key, wrapped into every licence.
    pub content_key: ContentKey,
    /// Strong entity tag of the encrypted file.
    pub etag: String,
}

/// Encrypts every LCP book of the catalogue (with a fresh content key per start).
pub(super) fn protect_catalog(catalog: &Catalog) -> Result<HashMap<String, ProtectedBook>, DemoError> {
    let mut out = HashMap::new();
    for book in catalog.books.iter().filter(|book| book.lcp) {
        let plain = asset(&book.file)?;
        let encrypted =
            encrypt_epub(&plain).map_err(|err| DemoError::Asset(format!("{}: {err}", book.file)))?;
        let etag = web::etag_of(&encrypted.epub);
        out.insert(
            book.id.clone(),
            ProtectedBook { epub: Arc::from(encrypted.epub), content_key: encrypted.content_key, etag },
        );
    }
    Ok(out)
}

/// The licence of the patron's current loan of `id`, or a 403 problem without one.
pub(super) fn license_answer(
    app: &App,
    ctx: &Ctx,
    patron: &str,
    id: &str,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let book = app.book(id)?;
    let protected = app.0.protected.get(id).ok_or_else(|| ApiError::not_found(id))?;
    let loan = app.with_store(|store, _| Ok(store.availability(book, Some(patron))?.personal))?;
    let Personal::Loan { start, end } = loan else {
        return Err(ApiError::problem(
            StatusCode::FORBIDDEN,
            "no-active-loan",
            "No active loan",
            format!("Borrow {:?} first; it is not on loan to you.", book.title),
        ));
    };
    let pin = auth::patron_pin(patron).unwrap_or_default();
    let href = app.url(&format!("/content/{id}"));
    let request = LicenseRequest {
        id: format!("{}:{patron}", book.identifier),
        provider: app.base().as_str().trim_end_matches('/').to_owned(),
        text_hint: ctx.pick("Your library PIN", "図書館の暗証番号").to_owned(),
        hint_url: app.url("/help"),
        publication: PublicationLink {
            length: Some(protected.epub.len() as u64),
            hash: Some(lcp::sha256_base64(&protected.epub)),
            href,
        },
        status_url: Some(app.url(&format!("/loans/{id}/status"))),
        issued: start,
        updated: None,
        rights: LicenseRights { print: None, copy: None, start: Some(start), end: Some(end) },
        user_id: Some(patron.to_owned()),
    };
    let license = issue_license(&protected.content_key, &user_key_from_passphrase(pin), &request)
        .map_err(ApiError::internal)?;
    let mut response = (status, license).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(lcp::LICENSE_MEDIA_TYPE) {
        response.headers_mut().insert(axum::http::header::CONTENT_TYPE, value);
    }
    Ok(response)
}

/// `GET /loans/{id}/license`: the licence of the patron's current loan.
pub(super) async fn get_license(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    license_answer(&app, &ctx, &patron, &id, StatusCode::OK)
}
