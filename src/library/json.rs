//! Helpers to read `serde_json::Value` trees with typed errors that name the JSON path.

use std::fmt;

use serde_json::{Map, Value};

use super::error::{DocumentKind, Error, JsonType, Result};

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

/// Reads a JSON document; syntax errors become [`Error::NotJson`].
pub(crate) fn parse(bytes: &[u8], document: DocumentKind) -> Result<Value> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| Error::json(document, e))
}

/// Typed access to one JSON object.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub path: &'a Path<'a>,
    pub document: DocumentKind,
}

impl<'a> Obj<'a> {
    /// `value` as an object, or [`Error::WrongType`].
    pub fn new(value: &'a Value, path: &'a Path<'a>, document: DocumentKind) -> Result<Self> {
        match value {
            Value::Object(map) => Ok(Self { map, path, document }),
            _ => Err(wrong_type(document, path, JsonType::Object)),
        }
    }

    /// The raw value of `key`, `None` when absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string field.
    pub fn str(&self, key: &'a str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::String)),
        }
    }

    /// A required string field.
    pub fn required_str(&self, key: &'static str) -> Result<&'a str> {
        self.str(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional non-negative integer (numbers written as strings are accepted).
    pub fn count(&self, key: &'a str) -> Result<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(n) => Ok(Some(n)),
                None => Err(wrong_type(self.document, &self.path.key(key), JsonType::Number)),
            },
            Some(Value::String(text)) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| wrong_type(self.document, &self.path.key(key), JsonType::Number)),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Number)),
        }
    }

    /// An optional boolean (`"true"`/`"false"` strings are accepted).
    pub fn bool(&self, key: &'a str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(text)) if text == "true" || text == "false" => Ok(Some(text == "true")),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Bool)),
        }
    }

    /// An optional array field.
    pub fn array(&self, key: &'a str) -> Result<&'a [Value]> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Array)),
        }
    }

    /// [`Error::MissingField`] for `field` in this object.
    pub fn missing(&self, field: &'static str) -> Error {
        Error::MissingField { document: self.document, field, path: self.path.to_string() }
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

impl LangText for Value {
    fn text(&self) -> Option<&str> {
        self.as_str()
    }

    fn pick(&self, preferred: &[&str]) -> Option<&Self> {
        let map = self.as_object()?;
        preferred.iter().find_map(|lang| map.get(*lang)).or_else(|| map.values().next())
    }
}

/// A string, or a language map (`{"en": "…", "fr": "…"}`) from which `preferred` languages are
/// tried first, then the first entry.
pub(crate) fn lang_string<V: LangText>(value: &V, preferred: &[&str]) -> Option<String> {
    let text = match value.text() {
        Some(text) => text,
        None => value.pick(preferred)?.text()?,
    };
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A value that may be one item or an array of items.
pub(crate) fn one_or_many(value: Option<&Value>) -> &[Value] {
    match value {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
    }
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
            (serde_json::json!("Title"), Some("Title")),
            (serde_json::json!({"fr": "Titre", "ja": "題名"}), Some("題名")),
            (serde_json::json!({"fr": "Titre"}), Some("Titre")),
            (serde_json::json!("  "), None),
            (serde_json::json!(3), None),
        ];
        for (value, expected) in cases {
            assert_eq!(lang_string(&value, &["ja", "en"]).as_deref(), expected, "{value}");
        }
    }
}
