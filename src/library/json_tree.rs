//! A JSON tree that borrows its strings from the input: how every JSON document of the client
//! (OPDS 2, authentication, LCP licence and status, profile, tokens) is read.
//!
//! Why not `serde_json::Value`: it copies every key and string and keeps objects in B-trees,
//! which made building and freeing the tree cost more than converting it (10,000-entry feeds).
//! This tree keeps objects as lists of (key, value) in document order and reads like a `Value`:
//! a repeated key reads as its last value, and [`JsonMap::first_value`] and
//! [`JsonMap::sorted_keys`] follow the key order a `Value` would have. Syntax errors, the
//! recursion limit and number handling are serde_json's own.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use super::error::{DocumentKind, Error, JsonType, Result};
use super::json::{LangText, Path, wrong_type};

/// A JSON value whose strings borrow from the input where they can.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as serde_json reads it.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object.
    Object(JsonMap<'a>),
}

/// `null`, to stand in for a missing value.
pub(crate) static NULL: Json<'static> = Json::Null;

/// The members of a JSON object, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct JsonMap<'a>(pub Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> JsonMap<'a> {
    /// The value of `key` (the last one when the key is repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        // Byte-wise: keys are short, and a `memcmp` call per key cost more than the compare.
        let same = |k: &str| k.len() == key.len() && k.bytes().zip(key.bytes()).all(|(x, y)| x == y);
        self.0.iter().rev().find(|(k, _)| same(k)).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// The keys, sorted and without repeats.
    pub fn sorted_keys(&self) -> BTreeSet<&str> {
        self.0.iter().map(|(k, _)| k.as_ref()).collect()
    }

    /// The members in key order, each key once with its last value (as a `Value` map
    /// iterates).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json<'a>)> {
        self.sorted_keys().into_iter().filter_map(|key| Some((key, self.get(key)?)))
    }

    /// The value of the smallest key.
    pub fn first_value(&self) -> Option<&Json<'a>> {
        let key = self.0.iter().map(|(k, _)| k.as_ref()).min()?;
        self.get(key)
    }
}

impl<'a> Json<'a> {
    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// The object's members.
    pub fn as_object(&self) -> Option<&JsonMap<'a>> {
        match self {
            Self::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// A non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// Any number, as a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

impl LangText for Json<'_> {
    fn text(&self) -> Option<&str> {
        self.as_str()
    }

    fn pick(&self, preferred: &[&str]) -> Option<&Self> {
        let map = self.as_object()?;
        preferred.iter().find_map(|lang| map.get(lang)).or_else(|| map.first_value())
    }
}

/// Reads a JSON document; syntax errors become [`Error::NotJson`].
pub(crate) fn parse(bytes: &[u8], document: DocumentKind) -> Result<Json<'_>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| Error::json(document, e))
}

/// A value that may be one item or an array of items.
pub(crate) fn one_or_many<'v, 'a>(value: Option<&'v Json<'a>>) -> &'v [Json<'a>] {
    match value {
        None | Some(Json::Null) => &[],
        Some(Json::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
    }
}

/// Typed access to one JSON object.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a> {
    pub map: &'a JsonMap<'a>,
    pub path: &'a Path<'a>,
    pub document: DocumentKind,
}

impl<'a> Obj<'a> {
    /// `value` as an object, or [`Error::WrongType`].
    pub fn new(value: &'a Json<'a>, path: &'a Path<'a>, document: DocumentKind) -> Result<Self> {
        match value {
            Json::Object(map) => Ok(Self { map, path, document }),
            _ => Err(wrong_type(document, path, JsonType::Object)),
        }
    }

    /// The raw value of `key`, `None` when absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Json<'a>> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string field.
    pub fn str(&self, key: &'a str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::String(text)) => Ok(Some(text)),
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
            Some(Json::Number(n)) => match n.as_u64() {
                Some(n) => Ok(Some(n)),
                None => Err(wrong_type(self.document, &self.path.key(key), JsonType::Number)),
            },
            Some(Json::String(text)) => text
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
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(Json::String(text)) if text == "true" || text == "false" => Ok(Some(text == "true")),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Bool)),
        }
    }

    /// An optional array field.
    pub fn array(&self, key: &'a str) -> Result<&'a [Json<'a>]> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Json::Array(items)) => Ok(items),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Array)),
        }
    }

    /// [`Error::MissingField`] for `field` in this object.
    pub fn missing(&self, field: &'static str) -> Error {
        Error::MissingField { document: self.document, field, path: self.path.to_string() }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Seed(&mut Scratch::default()).deserialize(deserializer)
    }
}

/// Room to collect members and items while reading, reused from value to value so that each
/// object or array is allocated once, at its final size.
#[derive(Default)]
pub(crate) struct Scratch<'de> {
    members: Vec<(Cow<'de, str>, Json<'de>)>,
    items: Vec<Json<'de>>,
}

/// Reads one value using (and giving back) the scratch space.
pub(crate) struct Seed<'s, 'de>(pub &'s mut Scratch<'de>);

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(value).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(value)))
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let start = self.0.items.len();
        while let Some(item) = seq.next_element_seed(Seed(&mut *self.0))? {
            self.0.items.push(item);
        }
        Ok(Json::Array(self.0.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let start = self.0.members.len();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Seed(&mut *self.0))?;
            self.0.members.push((key, value));
        }
        Ok(Json::Object(JsonMap(self.0.members.drain(start..).collect())))
    }
}

/// An object key, borrowed from the input when it has no escapes.
pub(crate) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_serde_json_value() {
        let text = r#"{"b": 1, "a": "x\u0041", "b": [2.5, null, true], "c": {"z": 1, "y": 2}}"#;
        let tree = parse(text.as_bytes(), DocumentKind::Opds2);
        let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
        let tree = tree.ok();
        let map = tree.as_ref().and_then(Json::as_object);
        assert_eq!(map.map(|m| m.sorted_keys().into_iter().collect::<Vec<_>>()), Some(vec!["a", "b", "c"]));
        assert_eq!(tree.as_ref().and_then(|t| t.get("a")).and_then(Json::as_str), Some("xA"));
        assert_eq!(one_or_many(tree.as_ref().and_then(|t| t.get("b"))).len(), 3);
        let c = tree.as_ref().and_then(|t| t.get("c")).and_then(Json::as_object);
        assert_eq!(c.and_then(JsonMap::first_value).and_then(Json::as_u64), Some(2));
        let first = value.as_ref().and_then(|v| v.get("c")).and_then(|c| c.as_object()?.values().next());
        assert_eq!(first.and_then(serde_json::Value::as_u64), Some(2));
        assert!(parse(b"{\"a\": 1,}", DocumentKind::Opds2).is_err());
    }
}
