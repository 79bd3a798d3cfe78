//! Media types (`type/subtype; param=value`) and the ones the library client recognises.

use std::borrow::Cow;
use std::fmt;

/// OPDS 1 catalog feeds (`kind` may be missing on real servers).
pub const ATOM: &str = "application/atom+xml";
/// OPDS 2 feeds.
pub const OPDS2_FEED: &str = "application/opds+json";
/// OPDS 2 publications.
pub const OPDS2_PUBLICATION: &str = "application/opds-publication+json";
/// Authentication for OPDS (specification name).
pub const AUTH_DOCUMENT: &str = "application/opds-authentication+json";
/// Authentication for OPDS (name served by Palace / Library Simplified).
pub const AUTH_DOCUMENT_PALACE: &str = "application/vnd.opds.authentication.v1.0+json";
/// User profile (specification name).
pub const USER_PROFILE: &str = "application/opds-profile+json";
/// User profile (name served by Palace / Library Simplified).
pub const USER_PROFILE_PALACE: &str = "vnd.librarysimplified/user-profile+json";
/// OpenSearch description documents.
pub const OPENSEARCH: &str = "application/opensearchdescription+xml";
/// Readium LCP licence documents.
pub const LCP_LICENSE: &str = "application/vnd.readium.lcp.license.v1.0+json";
/// Readium License Status Documents.
pub const LICENSE_STATUS: &str = "application/vnd.readium.license.status.v1.0+json";
/// Problem details (RFC 9457).
pub const PROBLEM: &str = "application/problem+json";
/// Adobe ACS (Adept) fulfilment tokens.
pub const ADOBE_ADEPT: &str = "application/vnd.adobe.adept+xml";
/// EPUB.
pub const EPUB: &str = "application/epub+zip";
/// PDF.
pub const PDF: &str = "application/pdf";
/// Readium audiobook manifest.
pub const AUDIOBOOK: &str = "application/audiobook+json";
/// Readium Web Publication manifest.
pub const WEBPUB: &str = "application/webpub+json";
/// Readium LCP-protected audiobook package.
pub const LCP_AUDIOBOOK: &str = "application/audiobook+lcp";
/// Readium LCP-protected PDF package.
pub const LCP_PDF: &str = "application/pdf+lcp";

/// A parsed media type: lower-case essence (`type/subtype`) plus parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaType {
    essence: Cow<'static, str>,
    params: Cow<'static, [Param]>,
}

/// A parameter name (lower case) and its value.
type Param = (Cow<'static, str>, Cow<'static, str>);

/// The media types feeds write on nearly every link, ready-made: reading one of these exact
/// texts allocates nothing.
const COMMON_TYPES: &[(&str, MediaType)] = &[
    (
        "application/atom+xml;type=entry;profile=opds-catalog",
        MediaType::common(ATOM, &[(Cow::Borrowed("type"), Cow::Borrowed("entry")), OPDS_CATALOG]),
    ),
    (
        "application/atom+xml;profile=opds-catalog;kind=acquisition",
        MediaType::common(ATOM, &[OPDS_CATALOG, (Cow::Borrowed("kind"), Cow::Borrowed("acquisition"))]),
    ),
    (
        "application/atom+xml;profile=opds-catalog;kind=navigation",
        MediaType::common(ATOM, &[OPDS_CATALOG, (Cow::Borrowed("kind"), Cow::Borrowed("navigation"))]),
    ),
    (ATOM, MediaType::common(ATOM, &[])),
    (OPDS2_FEED, MediaType::common(OPDS2_FEED, &[])),
    (OPDS2_PUBLICATION, MediaType::common(OPDS2_PUBLICATION, &[])),
    (LCP_LICENSE, MediaType::common(LCP_LICENSE, &[])),
    (ADOBE_ADEPT, MediaType::common(ADOBE_ADEPT, &[])),
    (EPUB, MediaType::common(EPUB, &[])),
    (PDF, MediaType::common(PDF, &[])),
    (AUDIOBOOK, MediaType::common(AUDIOBOOK, &[])),
    (WEBPUB, MediaType::common(WEBPUB, &[])),
    (LCP_AUDIOBOOK, MediaType::common(LCP_AUDIOBOOK, &[])),
    (LCP_PDF, MediaType::common(LCP_PDF, &[])),
    ("image/jpeg", MediaType::common("image/jpeg", &[])),
    ("image/png", MediaType::common("image/png", &[])),
];
const OPDS_CATALOG: Param = (Cow::Borrowed("profile"), Cow::Borrowed("opds-catalog"));

/// Essences, parameter names and values common in feeds: a media type read from a feed shares
/// these instead of copying them (thousands of links per feed carry the same few types).
const COMMON_ESSENCES: &[&str] = &[
    ATOM,
    OPDS2_FEED,
    OPDS2_PUBLICATION,
    LCP_LICENSE,
    ADOBE_ADEPT,
    EPUB,
    PDF,
    AUDIOBOOK,
    WEBPUB,
    LCP_AUDIOBOOK,
    LCP_PDF,
    OPENSEARCH,
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "text/html",
];
const COMMON_PARAMS: &[&str] = &["type", "profile", "kind", "relation", "charset"];
const COMMON_VALUES: &[&str] = &["entry", "opds-catalog", "acquisition", "navigation", "feed"];

/// `text` (lower-cased when `lower`), shared when it is one of `common`.
fn shared(text: &str, lower: bool, common: &[&'static str]) -> Cow<'static, str> {
    let text = if lower && text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    };
    match common.iter().find(|known| **known == text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(text.into_owned()),
    }
}

/// The `kind` parameter of an OPDS 1 catalog media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    /// `kind=navigation`: entries lead to other feeds.
    Navigation,
    /// `kind=acquisition`: entries are publications.
    Acquisition,
}

impl MediaType {
    /// Parses `type/subtype; name=value; …`. Returns `None` for text without a `/`.
    pub fn parse(text: &str) -> Option<Self> {
        let same = |known: &str| known.len() == text.len() && known == text;
        match COMMON_TYPES.iter().find(|(known, _)| same(known)) {
            Some((_, common)) => Some(common.clone()),
            None => Self::parse_any(text),
        }
    }

    /// A ready-made media type of [`COMMON_TYPES`].
    const fn common(essence: &'static str, params: &'static [Param]) -> Self {
        Self { essence: Cow::Borrowed(essence), params: Cow::Borrowed(params) }
    }

    /// [`parse`](Self::parse) for any text.
    fn parse_any(text: &str) -> Option<Self> {
        let mut parts = text.split(';');
        let essence = shared(parts.next()?.trim(), true, COMMON_ESSENCES);
        let (main, sub) = essence.split_once('/')?;
        if main.is_empty() || sub.is_empty() || essence.contains(char::is_whitespace) {
            return None;
        }
        let params = parts
            .filter_map(|part| {
                let (name, value) = part.split_once('=')?;
                let value = value.trim().trim_matches('"');
                Some((shared(name.trim(), true, COMMON_PARAMS), shared(value, false, COMMON_VALUES)))
            })
            .collect::<Vec<_>>();
        Some(Self { essence, params: Cow::Owned(params) })
    }

    /// `type/subtype`, lower case.
    pub fn essence(&self) -> &str {
        &self.essence
    }

    /// The value of a parameter (names are matched case-insensitively).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_ref())
    }

    /// True when the essence equals `essence` (ASCII case-insensitive).
    pub fn is(&self, essence: &str) -> bool {
        self.essence.eq_ignore_ascii_case(essence)
    }

    /// Any Atom document (OPDS 1 feed or entry, with or without `profile`/`kind`).
    pub fn is_atom(&self) -> bool {
        self.is(ATOM)
    }

    /// An OPDS 1 entry document (`type=entry` or `relation=entry`).
    pub fn is_opds1_entry(&self) -> bool {
        self.is_atom() && (self.param("type") == Some("entry") || self.param("relation") == Some("entry"))
    }

    /// The `kind` of an OPDS 1 catalog feed, if the server said.
    pub fn opds1_kind(&self) -> Option<FeedKind> {
        if !self.is_atom() {
            return None;
        }
        match self.param("kind")?.to_ascii_lowercase().as_str() {
            "navigation" => Some(FeedKind::Navigation),
            "acquisition" => Some(FeedKind::Acquisition),
            _ => None,
        }
    }

    /// An OPDS 2 feed or publication (or a generic JSON catalog).
    pub fn is_opds2(&self) -> bool {
        self.is(OPDS2_FEED) || self.is(OPDS2_PUBLICATION)
    }

    /// An Authentication for OPDS document (either registered name).
    pub fn is_auth_document(&self) -> bool {
        self.is(AUTH_DOCUMENT) || self.is(AUTH_DOCUMENT_PALACE)
    }

    /// A user profile document (either registered name).
    pub fn is_user_profile(&self) -> bool {
        self.is(USER_PROFILE) || self.is(USER_PROFILE_PALACE)
    }

    /// An OpenSearch description document.
    pub fn is_opensearch(&self) -> bool {
        self.is(OPENSEARCH)
    }

    /// A problem details document.
    pub fn is_problem(&self) -> bool {
        self.is(PROBLEM)
    }

    /// A Readium LCP licence document.
    pub fn is_lcp_license(&self) -> bool {
        self.is(LCP_LICENSE)
    }

    /// Any XML document (`…/xml` or `…+xml`).
    pub fn is_xml(&self) -> bool {
        self.essence.ends_with("/xml") || self.essence.ends_with("+xml")
    }

    /// Any JSON document (`…/json` or `…+json`).
    pub fn is_json(&self) -> bool {
        self.essence.ends_with("/json") || self.essence.ends_with("+json")
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.essence)?;
        for (name, value) in self.params.iter() {
            write!(f, ";{name}={value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_media_types() {
        let cases: &[(&str, Option<&str>, Option<FeedKind>, bool)] = &[
            (
                "application/atom+xml;profile=opds-catalog;kind=acquisition",
                Some(ATOM),
                Some(FeedKind::Acquisition),
                false,
            ),
            (
                "Application/Atom+XML; profile=opds-catalog; kind=navigation",
                Some(ATOM),
                Some(FeedKind::Navigation),
                false,
            ),
            ("application/atom+xml", Some(ATOM), None, false),
            ("application/atom+xml;type=entry;profile=opds-catalog", Some(ATOM), None, true),
            ("application/atom+xml;relation=entry;profile=opds-catalog", Some(ATOM), None, true),
            ("application/opds+json", Some(OPDS2_FEED), None, false),
            (
                "text/html;profile=\"http://librarysimplified.org/terms/profiles/streaming-media\"",
                Some("text/html"),
                None,
                false,
            ),
            ("nonsense", None, None, false),
            ("/x", None, None, false),
            ("", None, None, false),
        ];
        for (text, essence, kind, entry) in cases {
            let parsed = MediaType::parse(text);
            assert_eq!(parsed.as_ref().map(MediaType::essence), *essence, "{text}");
            assert_eq!(parsed.as_ref().and_then(MediaType::opds1_kind), *kind, "{text}");
            assert_eq!(parsed.as_ref().is_some_and(MediaType::is_opds1_entry), *entry, "{text}");
        }
    }

    #[test]
    fn ready_made_types_equal_parsed_ones() {
        for (text, common) in COMMON_TYPES {
            assert_eq!(MediaType::parse_any(text).as_ref(), Some(common), "{text}");
            assert_eq!(common.to_string(), *text);
        }
    }

    #[test]
    fn recognises_both_names_of_palace_documents() {
        for text in [AUTH_DOCUMENT, AUTH_DOCUMENT_PALACE] {
            assert!(MediaType::parse(text).is_some_and(|m| m.is_auth_document()), "{text}");
        }
        for text in [USER_PROFILE, USER_PROFILE_PALACE] {
            assert!(MediaType::parse(text).is_some_and(|m| m.is_user_profile()), "{text}");
        }
        let quoted = MediaType::parse("text/html; profile=\"x\"");
        assert_eq!(quoted.as_ref().and_then(|m| m.param("PROFILE")), Some("x"));
    }
}
