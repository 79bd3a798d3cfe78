//! Resolving the hrefs of a feed against its URL, quickly.
//!
//! A 10,000-entry feed has some 70,000 hrefs, nearly all of them plain absolute paths
//! (`/works/12/borrow`), plain relative paths or absolute URLs on the feed's own host.
//! [`Url::join`] re-parses each of them character by character; [`Base::join`] instead checks
//! that the href is in a conservative plain form whose resolution cannot differ from
//! [`Url::join`]'s (only characters the URL parser copies unchanged, no dot segments, no
//! backslashes, no tabs or line breaks), writes the resolved URL once and builds the [`Url`]
//! from it and the base's own parts with [`Url::deserialize_internal`], the url crate's
//! constructor for URLs known to be valid. Anything else goes to [`Url::join`].
//!
//! [`Base::new`] checks the quick path against [`Url::join`] on a few hrefs of each form and
//! leaves it off if anything differs, so a change inside the url crate can only make this
//! slower, never wrong.

use std::ops::Deref;

use serde::de::value::{StrDeserializer, U32Deserializer};
use serde::de::{DeserializeSeed, Deserializer, IntoDeserializer, SeqAccess, Visitor};
use serde_json::Value;
use url::{ParseError, Position, Url};

/// Fields of the url crate's internal representation: the serialization, then offsets and
/// the host kind, with the query and fragment offsets last.
const FIELDS: usize = 10;
const QUERY_START: usize = 8;
const FRAGMENT_START: usize = 9;
const PATH_START: usize = 7;

/// A feed's URL, ready to resolve the feed's hrefs. Dereferences to the [`Url`].
pub(crate) struct Base<'u> {
    url: &'u Url,
    /// The base's internal representation, when the quick path is on.
    parts: Option<Vec<Part>>,
    /// The URL up to its path (`https://host:port`).
    origin: &'u str,
    /// The URL up to the last `/` of its path: what relative paths are appended to.
    directory: &'u str,
    /// The URL without query and fragment.
    before_query: &'u str,
    /// The URL without fragment.
    before_fragment: &'u str,
}

impl Deref for Base<'_> {
    type Target = Url;

    fn deref(&self) -> &Url {
        self.url
    }
}

impl<'u> Base<'u> {
    /// Prepares `url` for resolving hrefs.
    pub fn new(url: &'u Url) -> Self {
        let origin = &url[..Position::BeforePath];
        let before_query = &url[..Position::AfterPath];
        let directory = before_query.rfind('/').and_then(|end| before_query.get(..=end)).unwrap_or(origin);
        let before_fragment = &url[..Position::AfterQuery];
        let mut base = Self { url, parts: parts(url), origin, directory, before_query, before_fragment };
        if base.parts.is_some() && !base.agrees_with_url_join() {
            base.parts = None;
        }
        base
    }

    /// The URL itself.
    pub fn url(&self) -> &'u Url {
        self.url
    }

    /// Resolves `href` exactly as [`Url::join`] does.
    pub fn join(&self, href: &str) -> Result<Url, ParseError> {
        match self.quick_join(href) {
            Some(url) => Ok(url),
            None => self.url.join(href),
        }
    }

    /// The quick path: `None` when `href` is not in a plain form or the URL cannot be built.
    fn quick_join(&self, href: &str) -> Option<Url> {
        let parts = self.parts.as_ref()?;
        let origin = self.origin;
        let (kept, rest) = match href.as_bytes().first()? {
            b'/' if href.as_bytes().get(1) != Some(&b'/') => (origin, href),
            b'?' => (self.before_query, href),
            b'#' => (self.before_fragment, href),
            _ => match href.strip_prefix(origin) {
                Some(rest) if rest.starts_with('/') && !rest.starts_with("//") => (origin, rest),
                _ if plain_relative_start(href) => (self.directory, href),
                _ => return None,
            },
        };
        let (query, fragment) = plain(rest)?;
        let mut serialization = String::with_capacity(kept.len() + rest.len());
        serialization.push_str(kept);
        serialization.push_str(rest);
        // Only `before_fragment` keeps a query of the base: the `?` right after its path.
        let kept_query = (kept.len() > self.before_query.len()).then_some(self.before_query.len());
        let at = |offset: Option<usize>| offset.map(|i| kept.len() + i);
        let query_start = at(query).or(kept_query).map(u32::try_from).transpose().ok()?;
        let fragment_start = at(fragment).map(u32::try_from).transpose().ok()?;
        let fields =
            Fields { parts, serialization: Some(serialization), query_start, fragment_start, next: 0 };
        Url::deserialize_internal(fields).ok()
    }

    /// True when the quick path gives what [`Url::join`] gives (text and parts) on a few hrefs
    /// of each form it handles.
    fn agrees_with_url_join(&self) -> bool {
        let origin = &self.url[..Position::BeforePath];
        let same_origin = format!("{origin}/s/t?u=v#w");
        ["/a/b?c=d#e", "/", "f/g", "h?i", "?j", "#k", "/l#m?n", same_origin.as_str()].iter().all(
            |href| match (self.quick_join(href), self.url.join(href)) {
                (Some(quick), Ok(careful)) => same_url(&quick, &careful),
                _ => false,
            },
        )
    }
}

/// Equal text and equal parts (the parts come from the internal offsets).
fn same_url(a: &Url, b: &Url) -> bool {
    a.as_str() == b.as_str()
        && a.scheme() == b.scheme()
        && a.username() == b.username()
        && a.password() == b.password()
        && a.host_str() == b.host_str()
        && a.port() == b.port()
        && a.path() == b.path()
        && a.query() == b.query()
        && a.fragment() == b.fragment()
}

/// The internal representation of `url`, when the quick path can use it: an `http(s)` URL with
/// a host, in the expected layout.
fn parts(url: &Url) -> Option<Vec<Part>> {
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() || url.cannot_be_a_base() {
        return None;
    }
    let Ok(Value::Array(parts)) = url.serialize_internal(serde_json::value::Serializer) else {
        return None;
    };
    let path_start = parts.get(PATH_START).and_then(Value::as_u64);
    let layout = parts.len() == FIELDS
        && parts.first().and_then(Value::as_str) == Some(url.as_str())
        && path_start == u64::try_from(url[..Position::BeforePath].len()).ok();
    layout.then(|| parts.into_iter().map(Part::new).collect())
}

/// A field of the base's internal representation, read once so that building each URL only
/// hands it over: offsets and the port as numbers, the host kind by name.
enum Part {
    Offset(Option<u32>),
    Variant(String),
    Other(Value),
}

impl Part {
    fn new(value: Value) -> Self {
        match value {
            Value::Null => Self::Offset(None),
            Value::Number(ref n) if let Some(n) = n.as_u64().and_then(|n| u32::try_from(n).ok()) => {
                Self::Offset(Some(n))
            }
            Value::String(name) => Self::Variant(name),
            other => Self::Other(other),
        }
    }
}

/// A relative path href starts with a plain segment character other than `.`, and its first
/// segment has no `:` (which would make it a scheme).
fn plain_relative_start(href: &str) -> bool {
    let first_segment = href.split(['/', '?', '#']).next().unwrap_or_default();
    href.as_bytes().first().is_some_and(|b| class(*b) == PLAIN && *b != b'/') && !first_segment.contains(':')
}

/// Byte classes for [`plain`].
const OTHER: u8 = 0;
const PLAIN: u8 = 1;
const SPECIAL: u8 = 2;

/// [`PLAIN`] for characters every part of a URL keeps as written (RFC 3986 unreserved and
/// sub-delimiters, `:`, `@`, `/`) except the [`SPECIAL`] ones `.`, `%`, `'`, `?` and `#`.
// The loop index stays below 256, the length of the table.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const CLASSES: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        classes[i] = match i as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => PLAIN,
            b'-' | b'_' | b'~' | b'!' | b'$' | b'&' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => PLAIN,
            b':' | b'@' | b'/' => PLAIN,
            b'.' | b'%' | b'\'' | b'?' | b'#' => SPECIAL,
            _ => OTHER,
        };
        i += 1;
    }
    classes
};

fn class(b: u8) -> u8 {
    CLASSES.get(usize::from(b)).copied().unwrap_or(OTHER)
}

/// When the URL parser would copy `rest` (a path, then `?query`, then `#fragment`) unchanged,
/// where its query and fragment start: only [`PLAIN`] characters and `.`, `%` only before two
/// hex digits, no dot segment or encoded dot in the path, no `'` in the query (special URLs
/// encode it there), one `#` at most.
fn plain(rest: &str) -> Option<(Option<usize>, Option<usize>)> {
    let bytes = rest.as_bytes();
    let (mut query, mut fragment) = (None, None);
    let mut previous = b'/';
    for (i, &b) in bytes.iter().enumerate() {
        match class(b) {
            PLAIN => {}
            SPECIAL => match b {
                b'?' if query.is_none() && fragment.is_none() => query = Some(i),
                b'?' => {}
                b'#' if fragment.is_none() => fragment = Some(i),
                b'%' => {
                    let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
                    let in_path = query.is_none() && fragment.is_none();
                    let dot =
                        bytes.get(i + 1) == Some(&b'2') && matches!(bytes.get(i + 2), Some(b'e' | b'E'));
                    if !hex(i + 1) || !hex(i + 2) || (in_path && dot) {
                        return None;
                    }
                }
                b'.' if previous == b'/' && query.is_none() && fragment.is_none() => return None,
                b'.' => {}
                b'\'' if fragment.is_none() && query.is_some() => return None,
                b'\'' => {}
                _ => return None,
            },
            _ => return None,
        }
        previous = b;
    }
    Some((query, fragment))
}

/// The url crate's internal representation of the URL being built, read as a sequence.
struct Fields<'p> {
    parts: &'p [Part],
    serialization: Option<String>,
    query_start: Option<u32>,
    fragment_start: Option<u32>,
    next: usize,
}

impl<'de> Deserializer<'de> for Fields<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_seq(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> SeqAccess<'de> for Fields<'de> {
    type Error = serde_json::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let index = self.next;
        self.next += 1;
        let field = match index {
            0 => match self.serialization.take() {
                Some(serialization) => Field::Owned(serialization),
                None => return Err(serde::de::Error::custom("serialization read twice")),
            },
            QUERY_START => Field::Offset(self.query_start),
            FRAGMENT_START => Field::Offset(self.fragment_start),
            _ => match self.parts.get(index) {
                Some(Part::Offset(offset)) => Field::Offset(*offset),
                Some(Part::Variant(name)) => Field::Variant(name),
                Some(Part::Other(value)) => Field::Base(value),
                None => return Ok(None),
            },
        };
        seed.deserialize(field).map(Some)
    }
}

/// One field: the new serialization, an offset or port, a unit variant (the host kind) or
/// another value of the base.
enum Field<'de> {
    Owned(String),
    Offset(Option<u32>),
    Variant(&'de str),
    Base(&'de Value),
}

impl<'de> Deserializer<'de> for Field<'de> {
    type Error = serde_json::Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Self::Owned(text) => visitor.visit_string(text),
            Self::Offset(Some(offset)) => visitor.visit_u32(offset),
            Self::Offset(None) => visitor.visit_none(),
            Self::Variant(name) => visitor.visit_borrowed_str(name),
            Self::Base(value) => value.deserialize_any(visitor),
        }
    }

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Self::Offset(Some(offset)) => {
                let offset: U32Deserializer<serde_json::Error> = offset.into_deserializer();
                visitor.visit_some(offset)
            }
            Self::Offset(None) => visitor.visit_none(),
            Self::Base(value) => value.deserialize_option(visitor),
            Self::Owned(_) | Self::Variant(_) => self.deserialize_any(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self {
            Self::Base(value) => value.deserialize_enum(name, variants, visitor),
            Self::Variant(variant) => {
                let variant: StrDeserializer<'_, serde_json::Error> = variant.into_deserializer();
                visitor.visit_enum(variant)
            }
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASES: [&str; 5] = [
        "https://library.example/catalog/",
        "https://library.example/catalog/feed.xml?page=2#top",
        "http://user:pw@Library.Example:8080/a/b/c",
        "https://library.example",
        "http://127.0.0.1:3000/opds2/root.json",
    ];

    const HREFS: [&str; 52] = [
        "/works/12/borrow",
        "/covers/12.jpg",
        "/feed?page=2",
        "/feed?q=a+b&x=%20y#frag",
        "works/12",
        "works/12?x#y",
        "../x",
        "./x",
        ".",
        "..",
        "/a/../b",
        "/a/./b",
        "/a/%2e%2E/b",
        "/a/.%2e/b",
        "/a/..",
        "/.hidden",
        "?q",
        "?q='a'",
        "?",
        "#f",
        "#",
        "#f#g",
        "/p#f?g",
        "/p?q?r#s#t",
        "//other.example/p",
        "///p",
        "/\\p",
        "\\p",
        "https://library.example/works/1",
        "https://library.example",
        "https://library.example:443/x",
        "https://library.example.evil/x",
        "HTTPS://library.example/x",
        "https://library.example//x",
        "http://library.example/x",
        "https://other.example/x?y",
        "mailto:someone@example.org",
        "urn:isbn:123",
        "a:b/c",
        "a/b:c",
        "/percent%41%zz",
        "/percent%4",
        "/with space",
        "/tab\there",
        "/line\nbreak",
        "/日本語/パス",
        "/%E6%97%A5",
        "/quote\"s",
        "/brackets[1]",
        "/pipe|caret^",
        "",
        "/cur{ly}",
    ];

    #[test]
    fn joins_exactly_like_url_join() {
        for base in BASES {
            let Ok(url) = Url::parse(base) else {
                panic!("bad test base {base}");
            };
            let quick = Base::new(&url);
            assert!(quick.parts.is_some(), "quick path off for {base}");
            for href in HREFS {
                let (ours, theirs) = (quick.join(href), url.join(href));
                match (&ours, &theirs) {
                    (Ok(a), Ok(b)) => assert!(same_url(a, b), "{base} + {href:?}: {a} ≠ {b}"),
                    _ => assert_eq!(ours, theirs, "{base} + {href:?}"),
                }
            }
        }
    }

    #[test]
    fn takes_the_quick_path_for_plain_hrefs_only() {
        let Ok(url) = Url::parse("https://library.example/catalog/") else {
            panic!("bad test base");
        };
        let base = Base::new(&url);
        for href in ["/works/1", "works/1", "?q", "#f", "https://library.example/x", "/a%20b"] {
            assert!(base.quick_join(href).is_some(), "{href}");
        }
        for href in ["../x", "/a/./b", "//h/p", "https://other.example/", "/a b", "/日本", "?q='a'", "x:y"]
        {
            assert!(base.quick_join(href).is_none(), "{href}");
        }
        let Ok(other) = Url::parse("ftp://library.example/") else {
            panic!("bad test base");
        };
        assert!(Base::new(&other).parts.is_none());
    }

    /// Random hrefs over an alphabet of the characters that matter.
    #[test]
    fn agrees_with_url_join_on_random_hrefs() {
        let alphabet: Vec<char> = "/?#.%2eE:@a-_~!$&'()*+,;=x\\ 日".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or(0)
        };
        for base in BASES {
            let Ok(url) = Url::parse(base) else {
                panic!("bad test base {base}");
            };
            let quick = Base::new(&url);
            for _ in 0..4000 {
                let len = next(10);
                let href: String =
                    (0..len).map(|_| alphabet.get(next(alphabet.len())).copied().unwrap_or('a')).collect();
                match (quick.join(&href), url.join(&href)) {
                    (Ok(a), Ok(b)) => assert!(same_url(&a, &b), "{base} + {href:?}: {a} ≠ {b}"),
                    (a, b) => assert_eq!(a, b, "{base} + {href:?}"),
                }
            }
        }
    }
}
