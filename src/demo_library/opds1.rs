//! OPDS 1.2 (Atom) mirror of the catalogue, in the shape Palace / Library Simplified servers use.

use std::fmt::Write as _;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use time::OffsetDateTime;

use super::catalog::Book;
use super::error::ApiError;
use super::lending;
use super::listing::{self, Filter, Params};
use super::opds2::{REL_ACQUISITION, REL_AUTH, REL_BORROW, REL_REVOKE, REL_SAMPLE, REL_SHELF, strip};
use super::state::{Availability, Personal};
use super::web::{self, App, Ctx, rfc3339, xml_escape as esc};

/// Navigation feed media type.
const NAV: &str = "application/atom+xml;profile=opds-catalog;kind=navigation";
/// Acquisition feed media type.
const ACQ: &str = "application/atom+xml;profile=opds-catalog;kind=acquisition";
/// Entry document media type.
const ENTRY: &str = "application/atom+xml;type=entry;profile=opds-catalog";
/// Namespace declarations used on every root element.
const NAMESPACES: &str = "xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opds=\"http://opds-spec.org/2010/catalog\" \
     xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:schema=\"http://schema.org/\" \
     xmlns:simplified=\"http://librarysimplified.org/terms/\" xmlns:thr=\"http://purl.org/syndication/thread/1.0\" \
     xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\"";

fn link(rel: &str, href: &str, kind: &str) -> String {
    format!("<link rel=\"{}\" href=\"{}\" type=\"{}\"/>", esc(rel), esc(href), esc(kind))
}

/// The `opds:availability`, `opds:holds` and `opds:copies` children of a borrow or acquisition link.
fn availability_xml(availability: &Availability) -> String {
    let state = match availability.personal {
        Personal::Loan { start, end } => {
            format!("status=\"available\" since=\"{}\" until=\"{}\"", rfc3339(start), rfc3339(end))
        }
        Personal::Reserved { since, .. } => format!("status=\"reserved\" since=\"{}\"", rfc3339(since)),
        Personal::Ready { since, until } => {
            format!("status=\"ready\" since=\"{}\" until=\"{}\"", rfc3339(since), rfc3339(until))
        }
        Personal::None if availability.available > 0 => "status=\"available\"".to_owned(),
        Personal::None => "status=\"unavailable\"".to_owned(),
    };
    let position = match availability.personal {
        Personal::Reserved { position, .. } => format!(" position=\"{position}\""),
        _ => String::new(),
    };
    format!(
        "<opds:availability {state}/><opds:holds total=\"{}\"{position}/><opds:copies total=\"{}\" available=\"{}\"/>",
        availability.holds, availability.total, availability.available
    )
}

/// One Atom entry; `root` adds the namespace declarations for an entry document.
fn entry(app: &App, ctx: &Ctx, book: &Book, availability: &Availability, root: bool) -> String {
    let id = &book.id;
    let mut out = String::new();
    let namespaces = if root { format!(" {NAMESPACES}") } else { String::new() };
    let _ = write!(out, "<entry{namespaces} schema:additionalType=\"{}\">", book.kind.schema_type());
    let _ = write!(
        out,
        "<id>{}</id><title>{}</title><author><name>{}</name></author><summary type=\"text\">{}</summary>\
         <updated>{}</updated><published>{}</published><dcterms:language>{}</dcterms:language>",
        esc(&book.identifier),
        esc(&book.title),
        esc(&book.author),
        esc(book.summary(ctx.ja)),
        rfc3339(book.modified),
        rfc3339(book.published),
        esc(&book.language),
    );
    for subject in &book.subjects {
        let _ = write!(out, "<category term=\"{0}\" label=\"{0}\"/>", esc(subject));
    }
    if let Some((name, position)) = &book.series {
        let _ = write!(out, "<schema:Series schema:name=\"{}\" schema:position=\"{position}\"/>", esc(name));
    }
    if book.cover.is_some() {
        let cover = app.url(&format!("/covers/{id}"));
        out.push_str(&link("http://opds-spec.org/image", &cover, "image/jpeg"));
        out.push_str(&link("http://opds-spec.org/image/thumbnail", &cover, "image/jpeg"));
    }
    out.push_str(&link("alternate", &app.url(&format!("/opds1/publications/{id}.xml")), ENTRY));
    out.push_str(&link(REL_SAMPLE, &app.url(&format!("/samples/{id}")), &book.media_type));
    if let Personal::Loan { start, end } = availability.personal {
        let _ = write!(
            out,
            "<schema:Event><schema:name>loan</schema:name><schema:startDate>{}</schema:startDate>\
             <schema:endDate>{}</schema:endDate></schema:Event>",
            rfc3339(start),
            rfc3339(end)
        );
    }
    let details = availability_xml(availability);
    let _ = write!(
        out,
        "<link rel=\"{REL_BORROW}\" href=\"{}\" type=\"{ENTRY}\">\
         <opds:indirectAcquisition type=\"{}\"/>{details}</link>",
        esc(&app.url(&format!("/opds1/loans/{id}"))),
        esc(book.indirect_type()),
    );
    if matches!(availability.personal, Personal::Loan { .. }) {
        // A protected book is acquired through its LCP licence, as in the OPDS 2 feed.
        let (href, media_type) = if book.lcp {
            (app.url(&format!("/loans/{id}/license")), super::lcp::LICENSE_MEDIA_TYPE)
        } else {
            (app.url(&format!("/content/{id}")), book.media_type.as_str())
        };
        let _ = write!(
            out,
            "<link rel=\"{REL_ACQUISITION}\" href=\"{}\" type=\"{}\">{details}</link>",
            esc(&href),
            esc(media_type),
        );
        out.push_str(&link("license", &app.url(&format!("/loans/{id}/status")), web::LSD));
    }
    if availability.personal != Personal::None {
        let _ = write!(
            out,
            "<link rel=\"{REL_REVOKE}\" href=\"{}\"/>",
            esc(&app.url(&format!("/opds1/loans/{id}/revoke")))
        );
    }
    out.push_str("</entry>");
    out
}

fn entries(app: &App, ctx: &Ctx, books: &[&Book]) -> Result<String, ApiError> {
    let patron = ctx.patron.as_deref();
    let views = app.with_store(|store, _| {
        books
            .iter()
            .map(|book| store.availability(book, patron).map_err(ApiError::from))
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(books.iter().zip(views.iter()).map(|(book, view)| entry(app, ctx, book, view, false)).collect())
}

fn latest(books: &[&Book]) -> OffsetDateTime {
    books.iter().map(|book| book.modified).max().unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Opening of a feed with id, title, updated and the links every feed carries.
fn feed_head(app: &App, id_path: &str, title: &str, updated: OffsetDateTime, self_type: &str) -> String {
    let self_url = app.url(id_path);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed {NAMESPACES}><id>{}</id><title>{}</title><updated>{}</updated>",
        esc(&self_url),
        esc(title),
        rfc3339(updated)
    );
    out.push_str(&link("self", &self_url, self_type));
    out.push_str(&link("start", &app.url("/opds1/root.xml"), NAV));
    out.push_str(&link("search", &app.url("/opds1/opensearch.xml"), "application/opensearchdescription+xml"));
    out.push_str(&link(REL_SHELF, &app.url("/opds1/loans.xml"), ACQ));
    out.push_str(&link(REL_AUTH, &app.url("/auth"), super::auth::AUTH_TYPE));
    out
}

fn atom(headers: &HeaderMap, status: StatusCode, kind: &str, body: String) -> Response {
    web::document(headers, status, kind, body)
}

/// `GET /opds1/root.xml`: the navigation feed.
pub(super) async fn get_root(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let all: Vec<&Book> = app.catalog().books.iter().collect();
    let updated = latest(&all);
    let mut out = feed_head(
        &app,
        "/opds1/root.xml",
        ctx.pick("Tomoshibi demo library", "ともしび デモ図書館"),
        updated,
        NAV,
    );
    let items = [
        ("all", "All books", "すべての本", ""),
        ("ebook", "E-books", "電子書籍", "?kind=ebook"),
        ("audio", "Talking books", "録音図書", "?kind=audio"),
        ("magazine", "Magazines", "電子雑誌", "?kind=magazine"),
        ("ja", "Japanese", "日本語の本", "?lang=ja"),
        ("en", "English", "英語の本", "?lang=en"),
        ("new", "New arrivals", "新着", "?sort=new"),
    ];
    for (key, en, ja, query) in items {
        let href = app.url(&format!("/opds1/publications.xml{query}"));
        let _ = write!(
            out,
            "<entry><id>{}</id><title>{}</title><updated>{}</updated><content type=\"text\">{}</content>{}</entry>",
            esc(&app.url(&format!("/opds1/root.xml#{key}"))),
            esc(ctx.pick(en, ja)),
            rfc3339(updated),
            esc(ctx.pick(en, ja)),
            link("subsection", &href, ACQ),
        );
    }
    out.push_str("</feed>");
    Ok(atom(&headers, StatusCode::OK, NAV, out))
}

fn listing_feed(
    app: &App,
    ctx: &Ctx,
    headers: &HeaderMap,
    path: &str,
    filter: &Filter,
) -> Result<Response, ApiError> {
    let page = listing::select(app.catalog(), filter);
    let href = |filter: &Filter| app.url(&format!("{path}{}", filter.query_string("q")));
    let (en, ja) = filter.title();
    let self_path = format!("{path}{}", filter.query_string("q"));
    let mut out = feed_head(app, &self_path, ctx.pick(&en, &ja), latest(&page.books), ACQ);
    out.push_str(&link("first", &href(&filter.on_page(1)), ACQ));
    out.push_str(&link("last", &href(&filter.on_page(page.last)), ACQ));
    if filter.page > 1 {
        out.push_str(&link(
            "previous",
            &href(&filter.on_page(filter.page.saturating_sub(1).min(page.last))),
            ACQ,
        ));
    }
    if filter.page < page.last {
        out.push_str(&link("next", &href(&filter.on_page(filter.page.saturating_add(1))), ACQ));
    }
    let _ = write!(
        out,
        "<opensearch:totalResults>{}</opensearch:totalResults><opensearch:itemsPerPage>{}</opensearch:itemsPerPage>",
        page.total,
        listing::PAGE_SIZE
    );
    for facet in listing::facets(app.catalog(), filter) {
        let active = if facet.active { " opds:activeFacet=\"true\"" } else { "" };
        let _ = write!(
            out,
            "<link rel=\"http://opds-spec.org/facet\" href=\"{}\" type=\"{ACQ}\" title=\"{}\" opds:facetGroup=\"{}\"{active} thr:count=\"{}\"/>",
            esc(&href(&facet.filter)),
            esc(ctx.pick(facet.label.0, facet.label.1)),
            esc(ctx.pick(facet.group.0, facet.group.1)),
            facet.count,
        );
    }
    out.push_str(&entries(app, ctx, &page.books)?);
    out.push_str("</feed>");
    Ok(atom(headers, StatusCode::OK, ACQ, out))
}

/// `GET /opds1/publications.xml?kind&lang&sort&page`.
pub(super) async fn get_publications(
    State(app): State<App>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let filter = Filter { query: None, ..Filter::from_params(&params) };
    listing_feed(&app, &ctx, &headers, "/opds1/publications.xml", &filter)
}

/// `GET /opds1/search?q=`.
pub(super) async fn get_search(
    State(app): State<App>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let filter = Filter::from_params(&params);
    let filter = Filter { query: Some(filter.query.clone().unwrap_or_default()), ..filter };
    listing_feed(&app, &ctx, &headers, "/opds1/search", &filter)
}

/// `GET /opds1/opensearch.xml`.
pub(super) async fn get_opensearch(State(app): State<App>, headers: HeaderMap) -> Response {
    let ja = web::wants_japanese(&headers);
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\
         <ShortName>{}</ShortName><Description>{}</Description><InputEncoding>UTF-8</InputEncoding>\
         <Url type=\"application/atom+xml;profile=opds-catalog\" template=\"{}?q={{searchTerms}}\"/></OpenSearchDescription>",
        if ja { "ともしび" } else { "Tomoshibi" },
        if ja { "デモ図書館の本を探す" } else { "Search the demo library" },
        esc(&app.url("/opds1/search")),
    );
    web::document(&headers, StatusCode::OK, "application/opensearchdescription+xml", body)
}

fn entry_document(
    app: &App,
    ctx: &Ctx,
    headers: &HeaderMap,
    book: &Book,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let patron = ctx.patron.as_deref();
    let view = app.with_store(|store, _| Ok(store.availability(book, patron)?))?;
    let body = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}", entry(app, ctx, book, &view, true));
    Ok(atom(headers, status, ENTRY, body))
}

/// `GET /opds1/publications/{id}.xml`: an entry document.
pub(super) async fn get_publication(
    State(app): State<App>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = Ctx::from_headers(&app, &headers)?;
    let book = app.book(strip(&file, ".xml"))?;
    entry_document(&app, &ctx, &headers, book, StatusCode::OK)
}

/// `GET /opds1/loans.xml`: the shelf.
pub(super) async fn get_shelf(State(app): State<App>, headers: HeaderMap) -> Result<Response, ApiError> {
    let (ctx, patron) = Ctx::signed_in(&app, &headers)?;
    let ids = app.with_store(|store, _| Ok(store.shelf(&patron)?))?;
    let books: Vec<&Book> = ids.iter().filter_map(|id| app.catalog().get(id)).collect();
    let mut out =
        feed_head(&app, "/opds1/loans.xml", ctx.pick("Loans and holds", "貸出と予約"), latest(&books), ACQ);
    out.push_str(&entries(&app, &ctx, &books)?);
    out.push_str("</feed>");
    Ok(atom(&headers, StatusCode::OK, ACQ, out))
}

/// `GET|POST|PUT /opds1/loans/{id}`: borrow or place a hold, answering an entry.
pub(super) async fn borrow(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (ctx, book, status) = lending::borrow_action(&app, &headers, &id)?;
    entry_document(&app, &ctx, &headers, book, status)
}

/// `GET|PUT|POST /opds1/loans/{id}/revoke` and `DELETE /opds1/loans/{id}`: return or cancel, answering an entry.
pub(super) async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (ctx, book) = lending::revoke_action(&app, &headers, &id)?;
    entry_document(&app, &ctx, &headers, book, StatusCode::OK)
}
