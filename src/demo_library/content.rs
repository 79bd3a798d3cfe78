//! Book files, samples and covers, with `ETag`, `Last-Modified` and byte ranges (`Range`, `If-Range`).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::catalog::{Book, asset};
use super::error::ApiError;
use super::state::Personal;
use super::web::{App, Ctx, http_date, none_match};

/// A requested byte range, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    /// No range (or one we ignore): the whole file.
    Whole,
    /// Bytes `start..=end`.
    Part(u64, u64),
    /// A syntactically valid range outside the file.
    Unsatisfiable,
}

/// Parses a single `bytes=` range against a file of `len` bytes; multiple ranges are answered in full.
fn parse_range(value: &str, len: u64) -> Range {
    let Some(spec) = value.trim().strip_prefix("bytes=") else { return Range::Whole };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Range::Whole };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        let Ok(suffix) = last.parse::<u64>() else { return Range::Whole };
        if suffix == 0 || len == 0 {
            return Range::Unsatisfiable;
        }
        return Range::Part(len.saturating_sub(suffix), len.saturating_sub(1));
    }
    let Ok(start) = first.parse::<u64>() else { return Range::Whole };
    let end = if last.is_empty() {
        len.saturating_sub(1)
    } else {
        match last.parse::<u64>() {
            Ok(end) if end >= start => end.min(len.saturating_sub(1)),
            _ => return Range::Whole,
        }
    };
    if start >= len { Range::Unsatisfiable } else { Range::Part(start, end) }
}

/// Serves an embedded file with validators and range support.
fn serve_file(
    headers: &HeaderMap,
    path: &str,
    media_type: &str,
    etag: &str,
    modified: &str,
) -> Result<Response, ApiError> {
    let data = asset(path).map_err(ApiError::internal)?;
    serve_data(headers, data, media_type, etag, modified)
}

/// Serves bytes with validators and range support.
fn serve_data(
    headers: &HeaderMap,
    data: std::borrow::Cow<'static, [u8]>,
    media_type: &str,
    etag: &str,
    modified: &str,
) -> Result<Response, ApiError> {
    let len = data.len() as u64;
    let mut range = headers
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .map(|value| parse_range(value, len))
        .unwrap_or(Range::Whole);
    if let Some(validator) = headers.get(header::IF_RANGE).and_then(|value| value.to_str().ok()) {
        let validator = validator.trim();
        let matches = if validator.starts_with('"') { validator == etag } else { validator == modified };
        if !matches {
            range = Range::Whole;
        }
    }
    let (status, body, content_range) = if none_match(headers, etag) {
        (StatusCode::NOT_MODIFIED, Vec::new(), None)
    } else {
        match range {
            Range::Whole => (StatusCode::OK, data.into_owned(), None),
            Range::Part(start, end) => {
                let slice = usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(end).ok())
                    .and_then(|(s, e)| data.get(s..=e));
                match slice {
                    Some(slice) => (
                        StatusCode::PARTIAL_CONTENT,
                        slice.to_vec(),
                        Some(format!("bytes {start}-{end}/{len}")),
                    ),
                    None => (StatusCode::RANGE_NOT_SATISFIABLE, Vec::new(), Some(format!("bytes */{len}"))),
                }
            }
            Range::Unsatisfiable => {
                (StatusCode::RANGE_NOT_SATISFIABLE, Vec::new(), Some(format!("bytes */{len}")))
            }
        }
    };
    let length = body.len();
    let mut response = (status, Body::from(body)).into_response();
    let out = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            out.insert(name, value);
        }
    };
    if status != StatusCode::RANGE_NOT_SATISFIABLE && status != StatusCode::NOT_MODIFIED {
        set(header::CONTENT_TYPE, media_type);
        set(header::CONTENT_LENGTH, &length.to_string());
    }
    set(header::ETAG, etag);
    set(header::LAST_MODIFIED, modified);
    set(header::ACCEPT_RANGES, "bytes");
    if let Some(content_range) = content_range {
        set(header::CONTENT_RANGE, &content_range);
    }
    Ok(response)
}

fn serve_book(headers: &HeaderMap, book: &Book) -> Result<Response, ApiError> {
    serve_file(headers, &book.file, &book.media_type, &book.etag, &http_date(book.modified))
}

/// `GET|HEAD /content/{id}`: the book file, for patrons with an active loan.
pub(super) async fn get_content(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (_, patron) = Ctx::signed_in(&app, &headers)?;
    let book = app.book(&id)?;
    let on_loan = app.with_store(|store, _| {
        Ok(matches!(store.availability(book, Some(&patron))?.personal, Personal::Loan { .. }))
    })?;
    if !on_loan {
        return Err(ApiError::problem(
            StatusCode::FORBIDDEN,
            "no-active-loan",
            "No active loan",
            format!("Borrow {:?} first; it is not on loan to you.", book.title),
        ));
    }
    if let Some(protected) = app.0.protected.get(&book.id) {
        // The licence's publication link: the encrypted file (the licence is sent apart).
        let data = std::borrow::Cow::Owned(protected.epub.to_vec());
        return serve_data(&headers, data, &book.media_type, &protected.etag, &http_date(book.modified));
    }
    serve_book(&headers, book)
}

/// `GET|HEAD /samples/{id}`: the whole file, open to everyone (every demo book is freely licensed).
pub(super) async fn get_sample(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let book = app.book(&id)?;
    serve_book(&headers, book)
}

/// `GET /covers/{id}`: the cover image.
pub(super) async fn get_cover(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = id.strip_suffix(".jpg").unwrap_or(&id);
    let book = app.book(id)?;
    let Some(cover) = &book.cover else { return Err(ApiError::not_found(id)) };
    let data = asset(cover).map_err(ApiError::internal)?;
    let etag = super::web::etag_of(&data);
    serve_file(&headers, cover, "image/jpeg", &etag, &http_date(book.modified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Range::Part(0, 9));
        assert_eq!(parse_range("bytes=90-", 100), Range::Part(90, 99));
        assert_eq!(parse_range("bytes=90-500", 100), Range::Part(90, 99));
        assert_eq!(parse_range("bytes=-10", 100), Range::Part(90, 99));
        assert_eq!(parse_range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=5-2", 100), Range::Whole);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Range::Whole);
        assert_eq!(parse_range("items=0-1", 100), Range::Whole);
    }
}
