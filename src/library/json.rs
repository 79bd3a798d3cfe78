//! What every JSON reader of the client shares: the lazily formatted JSON path named in
//! errors, the wrong-type error, and language maps. The documents themselves are read into
//! [`super::json_tree`].

use std::fmt;

use super::error::{DocumentKind, Error, JsonType};
use super::scan::trim;

/// A JSON path built lazily: segments live on the stack and are only formatted on error.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The document root (`$`).
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

    /// `self.key`.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    /// `self[index]`.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.segment {
            Segment::Root => f.write_str("$"),
            Segment::Key(key) => write!(f, ".{key}"),
            Segment::Index(index) => write!(f, "[{index}]"),
        }
    }
}

/// [`Error::WrongType`] at `path`.
pub(crate) fn wrong_type(document: DocumentKind, path: &Path<'_>, expected: JsonType) -> Error {
    Error::WrongType { document, path: path.to_string(), expected }
}

/// A JSON value that can hold a string or a language map, read by [`lang_string`].
pub(crate) trait LangText {
    /// The value as a string, if it is one.
    fn text(&self) -> Option<&str>;
    /// For an object: the member for the first of `preferred` present, else the first member.
    fn pick(&self, preferred: &[&str]) -> Option<&Self>;
}

/// A string, or a language map (`{"en": "…", "fr": "…"}`) from which `preferred` languages are
/// tried first, then the first entry.
pub(crate) fn lang_string<V: LangText>(value: &V, preferred: &[&str]) -> Option<String> {
    let text = match value.text() {
        Some(text) => text,
        None => value.pick(preferred)?.text()?,
    };
    Some(trim(text).to_owned()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_paths() {
        let root = Path::ROOT;
        let links = root.key("links");
        let first = links.index(0);
        let href = first.key("href");
        assert_eq!(href.to_string(), "$.links[0].href");
        assert_eq!(root.to_string(), "$");
    }

    #[test]
    fn reads_language_maps() {
        let cases = [
            (r#""Title""#, Some("Title")),
            (r#"{"fr": "Titre", "ja": "題名"}"#, Some("題名")),
            (r#"{"fr": "Titre"}"#, Some("Titre")),
            (r#""  ""#, None),
            ("3", None),
        ];
        for (text, expected) in cases {
            let arena = super::super::json_tree::Arena::new();
            let value = super::super::json_tree::parse(text.as_bytes(), DocumentKind::Opds2, &arena).unwrap();
            assert_eq!(lang_string(&value, &["ja", "en"]).as_deref(), expected, "{text}");
        }
    }
}
