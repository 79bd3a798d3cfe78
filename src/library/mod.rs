//! The shared library-API client: OPDS 1 and 2 catalogs, Authentication for OPDS, user
//! profiles, Readium LCP licence and status documents, and the one catalog model the UI shows.
//!
//! The parsers are pure: bytes and the URL they came from in, typed model or typed [`Error`]
//! out. [`client`] is the async HTTP side (reqwest + rustls) built on them.
//!
//! - [`parse_catalog`] reads any catalog answer (OPDS 1 Atom or OPDS 2 JSON, feed or single
//!   publication) into [`CatalogFeed`] / [`CatalogEntry`]; [`opds1`] and [`opds2`] do one format.
//! - [`auth_document`], [`profile`], [`lcp`] (licence, status document, problem details) and
//!   [`opensearch`] read the other documents a library serves.
//! - [`token`] (Palace basic-token) and [`oauth`] (OAuth implicit sign-in through the system
//!   browser) carry out the sign-in flows beyond HTTP Basic.
//!
//! Error policy: a problem with the document itself (not XML/JSON, not this kind of document,
//! a required field missing) is an [`Error`]. In catalogs, a problem that concerns one entry or
//! one link (an entry without an id, a URL that does not parse) leaves that entry or link out
//! and is kept in [`CatalogFeed::warnings`], so one bad record never hides a whole catalog.
//! Parsers never panic on any input; XML entities are never expanded from a DTD.

mod ahead;
pub mod auth_document;
pub mod availability;
mod base_url;
pub mod client;
pub mod credentials;
pub mod date;
pub mod download;
pub mod error;
mod json;
mod json_tree;
pub mod lcp;
pub mod lcp_download;
pub mod lending;
pub mod media_type;
pub mod model;
pub mod oauth;
pub mod opds1;
pub mod opds2;
mod opds2_publication;
mod opds2_stream;
pub mod opensearch;
pub mod profile;
pub mod rel;
mod scan;
pub mod text;
pub mod token;
pub mod uri_template;
mod xml;

pub use availability::Availability;
pub use error::{DocumentKind, Error, JsonType, Result};
pub use media_type::MediaType;
pub use model::{CatalogDocument, CatalogEntry, CatalogFeed, EntryDocument};

use url::Url;

/// Which catalog format a document is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    /// OPDS 1 (Atom XML).
    Opds1,
    /// OPDS 2 (JSON).
    Opds2,
}

/// Decides the format from the `Content-Type` header, or failing that from the first
/// non-blank byte (`<` or `{`). `None` when neither says.
pub fn detect_format(bytes: &[u8], content_type: Option<&str>) -> Option<CatalogFormat> {
    if let Some(media_type) = content_type.and_then(MediaType::parse) {
        if media_type.is_atom() {
            return Some(CatalogFormat::Opds1);
        }
        if media_type.is_opds2() {
            return Some(CatalogFormat::Opds2);
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(CatalogFormat::Opds1),
        Some(b'{') => Some(CatalogFormat::Opds2),
        _ => None,
    }
}

/// Parses a catalog document (feed or single publication) in whichever format it is.
/// Neither XML nor JSON gives [`Error::WrongDocument`] with document [`DocumentKind::Catalog`].
pub fn parse_catalog(bytes: &[u8], content_type: Option<&str>, url: &Url) -> Result<CatalogDocument> {
    match detect_format(bytes, content_type) {
        Some(CatalogFormat::Opds1) => opds1::parse_document(bytes, url),
        Some(CatalogFormat::Opds2) => opds2::parse_document(bytes, url),
        None => Err(Error::WrongDocument {
            document: DocumentKind::Catalog,
            found: content_type.unwrap_or_default().to_owned(),
        }),
    }
}
