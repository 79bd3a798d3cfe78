//! Typed, `Clone` errors of the library-API client.
//!
//! Every variant says *what* went wrong and *where* (which document, which field, which byte or
//! line). The `Display` texts are for logs only: the UI matches on the variant and shows its own
//! translated, actionable message.

use std::fmt;
use std::sync::Arc;

/// Which kind of document was being read when an [`Error`] happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentKind {
    /// An OPDS 1.x Atom feed or entry document.
    Opds1,
    /// An OPDS 2.0 JSON feed or publication.
    Opds2,
    /// A document whose format was not known yet (content sniffing).
    Catalog,
    /// An OpenSearch description document.
    OpenSearch,
    /// An Authentication for OPDS document.
    Authentication,
    /// A user profile document (loan and hold limits).
    UserProfile,
    /// A Readium LCP licence document.
    LcpLicense,
    /// A Readium License Status Document.
    LicenseStatus,
    /// A problem details (`application/problem+json`) document.
    Problem,
    /// A URI template (search links, LCP status links).
    UriTemplate,
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Opds1 => "OPDS 1 feed",
            Self::Opds2 => "OPDS 2 feed",
            Self::Catalog => "catalog document",
            Self::OpenSearch => "OpenSearch description",
            Self::Authentication => "authentication document",
            Self::UserProfile => "user profile",
            Self::LcpLicense => "LCP licence",
            Self::LicenseStatus => "license status document",
            Self::Problem => "problem document",
            Self::UriTemplate => "URI template",
        };
        f.write_str(name)
    }
}

/// The JSON type a field was expected to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// A JSON string.
    String,
    /// A JSON number (non-negative integer where counts are meant).
    Number,
    /// A JSON boolean.
    Bool,
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Object => "object",
            Self::Array => "array",
            Self::String => "string",
            Self::Number => "number",
            Self::Bool => "boolean",
        };
        f.write_str(name)
    }
}

/// An error of the library-API client.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not UTF-8 text.
    #[error("{document}: not UTF-8 text (invalid byte at {position})")]
    NotUtf8 {
        /// The document being read.
        document: DocumentKind,
        /// Byte offset of the first invalid byte.
        position: usize,
    },
    /// The document is not well-formed XML, or has no root element at all.
    #[error("{document}: not XML (byte {position})")]
    NotXml {
        /// The document being read.
        document: DocumentKind,
        /// Byte offset where reading stopped.
        position: u64,
        /// The XML reader's own error; `None` when the text simply has no root element.
        #[source]
        source: Option<quick_xml::Error>,
    },
    /// The document is not JSON (syntax error or empty).
    #[error("{document}: not JSON (line {line}, column {column})")]
    NotJson {
        /// The document being read.
        document: DocumentKind,
        /// 1-based line of the error (0 if unknown).
        line: usize,
        /// 1-based column of the error (0 if unknown).
        column: usize,
        /// The JSON reader's own error.
        #[source]
        source: Arc<serde_json::Error>,
    },
    /// The document is XML or JSON, but not the kind of document that was expected.
    #[error("{document}: not this kind of document (found `{found}`)")]
    WrongDocument {
        /// The document that was expected.
        document: DocumentKind,
        /// What was found instead: the XML root element or a short JSON description.
        found: String,
    },
    /// A required field is missing.
    #[error("{document}: missing required field `{field}` in `{path}`")]
    MissingField {
        /// The document being read.
        document: DocumentKind,
        /// The name of the missing field (JSON key or XML element/attribute).
        field: &'static str,
        /// Where: a JSON path such as `authentication[0]`, or an XML element path such as
        /// `feed/entry[3]`.
        path: String,
    },
    /// A field has the wrong JSON type.
    #[error("{document}: field `{path}` is not a {expected}")]
    WrongType {
        /// The document being read.
        document: DocumentKind,
        /// Where: the JSON path of the field.
        path: String,
        /// The type the field should have.
        expected: JsonType,
    },
    /// A URL could not be parsed or resolved against the document's URL.
    #[error("{document}: bad URL `{href}` in `{path}`: {source}")]
    BadUrl {
        /// The document being read.
        document: DocumentKind,
        /// The text that should have been a URL.
        href: String,
        /// Where it was found.
        path: String,
        /// Why the URL parser refused it.
        #[source]
        source: url::ParseError,
    },
    /// The document nests elements deeper than the parser allows.
    #[error("{document}: elements nested deeper than {depth}")]
    TooDeep {
        /// The document being read.
        document: DocumentKind,
        /// The limit.
        depth: usize,
    },
    /// A URI template is malformed.
    #[error("bad URI template `{template}` at character {position}")]
    BadTemplate {
        /// The template text.
        template: String,
        /// 0-based character offset of the problem.
        position: usize,
    },
}

impl Error {
    /// The document that was being read.
    pub fn document(&self) -> DocumentKind {
        match self {
            Self::NotUtf8 { document, .. }
            | Self::NotXml { document, .. }
            | Self::NotJson { document, .. }
            | Self::WrongDocument { document, .. }
            | Self::MissingField { document, .. }
            | Self::WrongType { document, .. }
            | Self::BadUrl { document, .. }
            | Self::TooDeep { document, .. } => *document,
            Self::BadTemplate { .. } => DocumentKind::UriTemplate,
        }
    }

    /// Wraps a `serde_json` error as [`Error::NotJson`].
    pub(crate) fn json(document: DocumentKind, source: serde_json::Error) -> Self {
        Self::NotJson { document, line: source.line(), column: source.column(), source: Arc::new(source) }
    }
}

/// Shorthand for results of this module.
pub type Result<T, E = Error> = std::result::Result<T, E>;
