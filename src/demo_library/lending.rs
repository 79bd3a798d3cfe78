//! Lending endpoints: borrow, return / cancel hold, the License Status Document and the patron profile.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::auth;
use super::catalog::Book;
use super::error::ApiError;
use super::opds2;
use super::state::{Device, License};
use super::web::{self, App, Ctx, LSD, rfc3339};

/// Borrows (or places a hold on) `id` for the signed-in patron; 201 when something was created, else 200.
pub(super) fn borrow_action<'a>(
    app: &'a App,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Ctx, &'a Book, StatusCode), ApiError> {
    let (ctx, patron) = Ctx::signed_in(app, headers)?;
    let book = app.book(id)?;
    let created = app.with_store(|store, now| store.borrow(book, &patron, now))?;
    if created {
        tracing::info!("demo library: {patron} borrowed or placed a hold on {id}");
    }
    Ok((ctx, book, if created { StatusCode::CREATED } else { StatusCode::OK }))
}

/// Returns the loan of, or cancels the hold on, `id` for the signed-in patron.
pub(super) fn revoke_action<'a>(
    app: &'a App,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Ctx, &'a Book), ApiError> {
    let (ctx, patron) = Ctx::signed_in(app, headers)?;
    let book = app.book(id)?;
    app.with_store(|store, now| store.revoke(book, &patron, now, &Device::default()))?;
    tracing::info!("demo library: {patron} returned or cancelled {id}");
    Ok((ctx, book))
}

/// `GET|POST|PUT /loans/{id}`.
pub(super) async fn borrow(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (ctx, book, status) = borrow_action(&app, &headers, &id)?;
    if book.lcp
        && let Some(patron) = ctx.patron.as_deref()
        && app.with_store(|store, _| Ok(store.availability(book, Some(patron))?.personal))?.is_loan()
    {
        return super::licensing::license_answer(&app, &ctx, patron, &id, status);
    }
    opds2::lending_answer(&app, &ctx, &headers, book, status)
}

/// `DELETE /loans/{id}` and `GET|PUT|POST /loans/{id}/revoke`.
pub(super) async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (ctx, book) = revoke_action(&app, &headers, &id)?;
    opds2::lending_answer(&app, &ctx, &headers, book, StatusCode::OK)
}

fn device(params: &HashMap<String, String>) -> Device {
    Device { id: params.get("id").cloned(), name: params.get("name").cloned() }
}

fn status_document(
    app: &App,
    ctx: &Ctx,
    book: &Book,
    patron: &str,
    license: &License,
    max_renewals: u32,
    period: time::Duration,
) -> Value {
    let id = &book.id;
    let left = i32::try_from(max_renewals.saturating_sub(license.renewals)).unwrap_or(0);
    let potential_end = license.end + period * left;
    let when = rfc3339(license.end);
    let message = match license.status.as_str() {
        "active" => format!("{} {when}", ctx.pick("The loan is active until", "貸出期限:")),
        "returned" => ctx.pick("The book has been returned.", "返却済みです。").to_owned(),
        _ => format!("{} {when}", ctx.pick("The loan expired at", "貸出期限が切れました:")),
    };
    let events: Vec<Value> = license
        .events
        .iter()
        .map(|event| {
            json!({
                "type": event.kind,
                "name": event.device_name.clone().unwrap_or_default(),
                "id": event.device_id.clone().unwrap_or_default(),
                "timestamp": rfc3339(event.at),
            })
        })
        .collect();
    json!({
        "id": format!("{}:{patron}", book.identifier),
        "status": license.status,
        "message": message,
        "updated": { "license": rfc3339(license.license_updated), "status": rfc3339(license.status_updated) },
        "links": [
            {
                "rel": "return",
                "href": format!("{}{{?id,name}}", app.url(&format!("/loans/{id}/return"))),
                "templated": true,
                "type": LSD
            },
            {
                "rel": "renew",
                "href": format!("{}{{?end,id,name}}", app.url(&format!("/loans/{id}/renew"))),
                "templated": true,
                "type": LSD
            },
            { "rel": "publication", "href": app.url(&format!("/content/{id}")), "type": book.media_type }
        ],
        "potential_rights": { "end": rfc3339(potential_end) },
        "events": events,
    })
}

fn status_answer(
    app: &App,
    headers: &HeaderMap,
    ctx: &Ctx,
    book: &Book,
    patron: &str,
) -> Result<Response, ApiError> {
    let (license, rules) = app.with_store(|store, _| Ok((store.license(book, patron)?, store.rules())))?;
    let Some(license) = license else {
        return Err(ApiError::problem(
            StatusCode::NOT_FOUND,
            "no-active-loan",
            "No loan",
            format!("You have not borrowed {:?}.", book.title),
        ));
    };
    let body = status_document(app, ctx, book, patron, &license, rules.max_renewals, rules.loan_period);
    Ok(web::json(headers, StatusCode::OK, LSD, &body))
}

/// `GET /loans/{id}/status`: the License Status Document.
pub(super) async fn get_status(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    let book = app.book(&id)?;
    status_answer(&app, &headers, &ctx, book, &patron)
}

/// `PUT /loans/{id}/return{?id,name}`: returns the loan; answering for an already ended loan is not an error.
pub(super) async fn lsd_return(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    let book = app.book(&id)?;
    let device = device(&params);
    app.with_store(|store, now| {
        let active = store.license(book, &patron)?.is_some_and(|license| license.status == "active");
        if active { store.revoke(book, &patron, now, &device) } else { Ok(()) }
    })?;
    status_answer(&app, &headers, &ctx, book, &patron)
}

/// `PUT /loans/{id}/renew{?end,id,name}`: extends the loan by one loan period.
pub(super) async fn lsd_renew(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    let book = app.book(&id)?;
    let end = match params.get("end").filter(|end| !end.is_empty()) {
        Some(end) => Some(OffsetDateTime::parse(end, &Rfc3339).map_err(|err| {
            ApiError::problem(
                StatusCode::BAD_REQUEST,
                "renew-failed",
                "Renewal refused",
                format!("Bad end date {end:?}: {err}"),
            )
        })?),
        None => None,
    };
    let device = device(&params);
    app.with_store(|store, now| store.renew(book, &patron, end, now, &device))?;
    tracing::info!("demo library: {patron} renewed {id}");
    status_answer(&app, &headers, &ctx, book, &patron)
}

/// `GET /patron`: the user profile with loan and hold limits.
pub(super) async fn get_patron(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    let ((loans, holds), rules) = app.with_store(|store, _| Ok((store.counts(&patron)?, store.rules())))?;
    let body = json!({
        "name": auth::patron_name(&patron, ctx.ja),
        "identifier": patron,
        "loans": { "total": rules.loan_limit, "available": rules.loan_limit.saturating_sub(loans) },
        "holds": { "total": rules.hold_limit, "available": rules.hold_limit.saturating_sub(holds) },
        "links": [
            { "rel": "self", "href": app.url("/patron"), "type": "application/opds-profile+json" },
            { "rel": opds2::REL_SHELF, "href": app.url("/loans"), "type": web::OPDS2_FEED }
        ],
    });
    Ok(web::json(&headers, StatusCode::OK, "application/opds-profile+json", &body))
}
