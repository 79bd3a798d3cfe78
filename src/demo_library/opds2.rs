//! OPDS 2.0 (JSON) feeds and publications.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::catalog::Book;
use super::error::ApiError;
use super::listing::{self, Filter, Params};
use super::state::{Availability, Personal};
use super::web::{self, App, Ctx, LSD, OPDS2_FEED, OPDS2_PUB, rfc3339};

/// Borrow link rel.
pub(super) const REL_BORROW: &str = "http://opds-spec.org/acquisition/borrow";
/// Acquisition (fulfilment) link rel.
pub(super) const REL_ACQUISITION: &str = "http://opds-spec.org/acquisition";
/// Sample link rel.
pub(super) const REL_SAMPLE: &str = "http://opds-spec.org/acquisition/sample";
/// Revoke (return / cancel hold) link rel.
pub(super) const REL_REVOKE: &str = "http://librarysimplified.org/terms/rel/revoke";
/// Shelf link rel.
pub(super) const REL_SHELF: &str = "http://opds-spec.org/shelf";
/// Authentication document link rel.
pub(super) const REL_AUTH: &str = "http://opds-spec.org/auth/document";

/// The `availability` object of a borrow or acquisition link.
fn availability_json(availability: &Availability) -> Value {
    match availability.personal {
        Personal::Loan { start, end } => {
            json!({ "state": "available", "since": rfc3339(start), "until": rfc3339(end) })
        }
        Personal::Reserved { since, .. } => json!({ "state": "reserved", "since": rfc3339(since) }),
        Personal::Ready { since, until } => {
            json!({ "state": "ready", "since": rfc3339(since), "until": rfc3339(until) })
        }
        Personal::None if availability.available > 0 => json!({ "state": "available" }),
        Personal::None => json!({ "state": "unavailable" }),
    }
}

fn holds_json(availability: &Availability) -> Value {
    match availability.personal {
        Personal::Reserved { position, .. } => json!({ "total": availability.holds, "position": position }),
        _ => json!({ "total": availability.holds }),
    }
}

/// An OPDS 2 publication with its lending links.
pub(super) fn publication(app: &App, ctx: &Ctx, book: &Book, availability: &Availability) -> Value {
    let id = &book.id;
    let mut metadata = json!({
        "@type": book.kind.schema_type(),
        "identifier": book.identifier,
        "title": book.title,
        "author": { "name": book.author },
        "language": book.language,
        "published": rfc3339(book.published),
        "modified": rfc3339(book.modified),
        "description": book.summary(ctx.ja),
        "subject": book.subjects.iter().map(|name| json!({ "name": name })).collect::<Vec<_>>(),
    });
    if let (Some((name, position)), Some(object)) = (&book.series, metadata.as_object_mut()) {
        object.insert("belongsTo".into(), json!({ "series": { "name": name, "position": position } }));
    }
    let mut links = vec![
        json!({ "rel": "self", "href": app.url(&format!("/opds2/publications/{id}.json")), "type": OPDS2_PUB }),
        json!({
            "rel": "alternate",
            "href": app.url(&format!("/opds1/publications/{id}.xml")),
            "type": "application/atom+xml;type=entry;profile=opds-catalog"
        }),
        json!({ "rel": REL_SAMPLE, "href": app.url(&format!("/samples/{id}")), "type": book.media_type }),
        json!({
            "rel": REL_BORROW,
            "href": app.url(&format!("/loans/{id}")),
            "type": OPDS2_PUB,
            "properties": {
                "indirectAcquisition": book.indirect_acquisition(),
                "availability": availability_json(availability),
                "copies": { "total": availability.total, "available": availability.available },
                "holds": holds_json(availability),
            }
        }),
    ];
    let revoke = json!({ "rel": REL_REVOKE, "href": app.url(&format!("/loans/{id}/revoke")) });
    match availability.personal {
        Personal::Loan { .. } => {
            let (href, media_type) = if book.lcp {
                (app.url(&format!("/loans/{id}/license")), super::lcp::LICENSE_MEDIA_TYPE)
            } else {
                (app.url(&format!("/content/{id}")), book.media_type.as_str())
            };
            links.push(json!({
                "rel": REL_ACQUISITION,
                "href": href,
                "type": media_type,
                "properties": { "availability": availability_json(availability) }
            }));
            links.push(revoke);
            links.push(
                json!({ "rel": "license", "href": app.url(&format!("/loans/{id}/status")), "type": LSD }),
            );
        }
        Personal::Reserved { .. } | Personal::Ready { .. } => links.push(revoke),
        Personal::None => {}
    }
    let mut out = json!({ "metadata": metadata, "links": links });
    if let (Some(_), Some(object)) = (&book.cover, out.as_object_mut()) {
        object.insert(
            "images".into(),
            json!([{ "href": app.url(&format!("/covers/{id}")), "type": "image/jpeg" }]),
        );
    }
    out
}

/// The publications of `books`, personalised for the context's patron.
fn publications(app: &App, ctx: &Ctx, books: &[&Book]) -> Result<Vec<Value>, ApiError> {
    let patron = ctx.patron.as_deref();
    let views = app.with_store(|store, _| {
        books
            .iter()
            .map(|book| store.availability(book, patron).map_err(ApiError::from))
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(books.iter().zip(views.iter()).map(|(book, view)| publication(app, ctx, book, view)).collect())
}

/// Links every feed carries.
fn common_links(app: &App) -> Vec<Value> {
    vec![
        json!({ "rel": "start", "href": app.url("/opds2/root.json"), "type": OPDS2_FEED }),
        json!({
            "rel": "search",
            "href": format!("{}{{?query}}", app.url("/opds2/search")),
            "type": OPDS2_FEED,
            "templated": true
        }),
        json!({ "rel": REL_SHELF, "href": app.url("/loans"), "type": OPDS2_FEED }),
        json!({ "rel": "profile", "href": app.url("/patron"), "type": "application/opds-profile+json" }),
        json!({ "rel": REL_AUTH, "href": app.url("/auth"), "type": super::auth::AUTH_TYPE }),
    ]
}

/// `GET /`.
pub(super) async fn get_index(State(app): State<App>) -> Response {
    (StatusCode::FOUND, [(axum::http::header::LOCATION, app.url("/opds2/root.json"))]).into_response()
}

/// `GET /opds2/root.json`.
pub(super) async fn get_root(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let nav = |en: &str, ja: &str, query: &str| {
        json!({
            "href": app.url(&format!("/opds2/publications.json{query}")),
            "title": ctx.pick(en, ja),
            "type": OPDS2_FEED,
            "rel": "subsection"
        })
    };
    let navigation = vec![
        nav("All books", "すべての本", ""),
        nav("E-books", "電子書籍", "?kind=ebook"),
        nav("Talking books", "録音図書", "?kind=audio"),
        nav("Magazines", "電子雑誌", "?kind=magazine"),
        nav("Japanese", "日本語の本", "?lang=ja"),
        nav("English", "英語の本", "?lang=en"),
    ];
    let newest = Filter::from_params(&Params::default());
    let newest = Filter { sort: listing::Sort::New, ..newest };
    let page = listing::select(app.catalog(), &newest);
    let recent: Vec<&Book> = page.books.into_iter().take(4).collect();
    let mut links = vec![json!({ "rel": "self", "href": app.url("/opds2/root.json"), "type": OPDS2_FEED })];
    links.extend(common_links(&app));
    let body = json!({
        "metadata": { "title": ctx.pick("Tomoshibi demo library", "ともしび デモ図書館") },
        "links": links,
        "navigation": navigation,
        "groups": [{
            "metadata": { "title": ctx.pick("New arrivals", "新着"), "numberOfItems": recent.len() },
            "links": [{
                "rel": "self",
                "href": app.url("/opds2/publications.json?sort=new"),
                "type": OPDS2_FEED
            }],
            "publications": publications(&app, &ctx, &recent)?,
        }],
    });
    Ok(web::json(&headers, StatusCode::OK, OPDS2_FEED, &body))
}

fn listing_feed(
    app: &App,
    ctx: &Ctx,
    headers: &HeaderMap,
    path: &str,
    filter: &Filter,
) -> Result<Response, ApiError> {
    let page = listing::select(app.catalog(), filter);
    let href = |filter: &Filter| app.url(&format!("{path}{}", filter.query_string("query")));
    let link = |rel: &str, filter: &Filter| json!({ "rel": rel, "href": href(filter), "type": OPDS2_FEED });
    let mut links = vec![
        link("self", filter),
        link("first", &filter.on_page(1)),
        link("last", &filter.on_page(page.last)),
    ];
    if filter.page > 1 {
        links.push(link("previous", &filter.on_page(filter.page.saturating_sub(1).min(page.last))));
    }
    if filter.page < page.last {
        links.push(link("next", &filter.on_page(filter.page.saturating_add(1))));
    }
    links.extend(common_links(app));
    let mut groups: Vec<(&str, Vec<Value>)> = Vec::new();
    for facet in listing::facets(app.catalog(), filter) {
        let mut entry = json!({
            "href": href(&facet.filter),
            "title": ctx.pick(facet.label.0, facet.label.1),
            "type": OPDS2_FEED,
            "properties": { "numberOfItems": facet.count }
        });
        if let (true, Some(object)) = (facet.active, entry.as_object_mut()) {
            object.insert("rel".into(), json!("self"));
        }
        let group = ctx.pick(facet.group.0, facet.group.1);
        match groups.iter_mut().find(|(name, _)| *name == group) {
            Some((_, items)) => items.push(entry),
            None => groups.push((group, vec![entry])),
        }
    }
    let facets: Vec<Value> = groups
        .into_iter()
        .map(|(title, links)| json!({ "metadata": { "title": title }, "links": links }))
        .collect();
    let (en, ja) = filter.title();
    let body = json!({
        "metadata": {
            "title": ctx.pick(&en, &ja),
            "numberOfItems": page.total,
            "itemsPerPage": listing::PAGE_SIZE,
            "currentPage": filter.page,
        },
        "links": links,
        "facets": facets,
        "publications": publications(app, ctx, &page.books)?,
    });
    Ok(web::json(headers, StatusCode::OK, OPDS2_FEED, &body))
}

/// `GET /opds2/publications.json?kind&lang&sort&page`.
pub(super) async fn get_publications(
    State(app): State<App>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let filter = Filter { query: None, ..Filter::from_params(&params) };
    listing_feed(&app, &ctx, &headers, "/opds2/publications.json", &filter)
}

/// `GET /opds2/search?query=`.
pub(super) async fn get_search(
    State(app): State<App>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let filter = Filter::from_params(&params);
    let filter = Filter { query: Some(filter.query.clone().unwrap_or_default()), ..filter };
    listing_feed(&app, &ctx, &headers, "/opds2/search", &filter)
}

/// Strips a file suffix from a path segment, e.g. `kusamakura.json` → `kusamakura`.
pub(super) fn strip<'a>(segment: &'a str, suffix: &str) -> &'a str {
    segment.strip_suffix(suffix).unwrap_or(segment)
}

/// `GET /opds2/publications/{id}.json`.
pub(super) async fn get_publication(
    State(app): State<App>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let book = app.book(strip(&file, ".json"))?;
    let body = single(&app, &ctx, book)?;
    Ok(web::json(&headers, StatusCode::OK, OPDS2_PUB, &body))
}

/// One personalised publication.
pub(super) fn single(app: &App, ctx: &Ctx, book: &Book) -> Result<Value, ApiError> {
    Ok(publications(app, ctx, &[book])?.into_iter().next().unwrap_or(Value::Null))
}

/// `GET /loans`: the shelf of the signed-in patron.
pub(super) async fn get_shelf(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    let ids = app.with_store(|store, _| Ok(store.shelf(&patron)?))?;
    let books: Vec<&Book> = ids.iter().filter_map(|id| app.catalog().get(id)).collect();
    let mut links = vec![json!({ "rel": "self", "href": app.url("/loans"), "type": OPDS2_FEED })];
    links.extend(common_links(&app));
    let body = json!({
        "metadata": { "title": ctx.pick("Loans and holds", "貸出と予約"), "numberOfItems": books.len() },
        "links": links,
        "publications": publications(&app, &ctx, &books)?,
    });
    Ok(web::json(&headers, StatusCode::OK, OPDS2_FEED, &body))
}

/// The answer to a lending action: the publication in its new state.
pub(super) fn lending_answer(
    app: &App,
    ctx: &Ctx,
    headers: &HeaderMap,
    book: &Book,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let body = single(app, ctx, book)?;
    Ok(web::json(headers, status, OPDS2_PUB, &body).into_response())
}
