//! A JSON tree that borrows its strings from the input: how every JSON document of the client
//! (OPDS 2, authentication, LCP licence and status, profile, tokens) is read.
//!
//! Why not `serde_json::Value`: it copies every key and string and keeps objects in B-trees,
//! which made building and freeing the tree cost more than converting it (10,000-entry feeds).
//! This tree keeps objects as lists of (key, value) in document order and reads like a `Value`:
//! a repeated key reads as its last value, and [`JsonMap::first_value`] and
//! [`JsonMap::sorted_keys`] follow the key order a `Value` would have. Syntax errors, the
//! recursion limit and number handling are serde_json's own: plain documents are read by the
//! quicker [`fast`] reader, which leaves everything else to serde_json.

use std::collections::BTreeSet;
use std::fmt;

pub(crate) use bumpalo::Bump as Arena;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::error::{DocumentKind, Error, JsonType, Result};
use super::json::{LangText, Path, wrong_type};

mod fast;

pub(crate) use fast::Reader;

/// A JSON value. Strings borrow from the input where they can; strings with escapes, arrays
/// and objects live in an [`Arena`], so a tree is built without a heap allocation per
/// object and freed at once (nothing in it needs dropping).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Json<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(&'a str),
    /// An array.
    Array(&'a [Json<'a>]),
    /// An object.
    Object(JsonMap<'a>),
}

/// A JSON number, kept as serde_json reads it (`serde_json::Number` without its heap-using
/// arbitrary-precision form).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Any other number (finite).
    Float(f64),
}

impl Number {
    /// An integer as serde_json keeps it.
    pub fn from_i64(value: i64) -> Self {
        u64::try_from(value).map_or(Self::NegInt(value), Self::PosInt)
    }

    /// The number as a non-negative integer, if it is one.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Self::PosInt(n) => Some(n),
            _ => None,
        }
    }

    /// The number as a float.
    #[allow(clippy::cast_precision_loss)]
    pub fn as_f64(self) -> f64 {
        match self {
            Self::PosInt(n) => n as f64,
            Self::NegInt(n) => n as f64,
            Self::Float(n) => n,
        }
    }
}

/// `null`, to stand in for a missing value.
pub(crate) static NULL: Json<'static> = Json::Null;

/// The members of a JSON object, in document order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct JsonMap<'a>(pub &'a [(&'a str, Json<'a>)]);

impl<'a> JsonMap<'a> {
    /// The value of `key` (the last one when the key is repeated).
    pub fn get(&self, key: &str) -> Option<&'a Json<'a>> {
        // Byte-wise: keys are short, and a `memcmp` call per key cost more than the compare.
        let same = |k: &str| k.len() == key.len() && k.bytes().zip(key.bytes()).all(|(x, y)| x == y);
        self.0.iter().rev().find(|(k, _)| same(k)).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| *k == key)
    }

    /// The keys, sorted and without repeats.
    pub fn sorted_keys(&self) -> BTreeSet<&'a str> {
        self.0.iter().map(|(k, _)| *k).collect()
    }

    /// The members in key order, each key once with its last value (as a `Value` map
    /// iterates).
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Json<'a>)> {
        let map = *self;
        self.sorted_keys().into_iter().filter_map(move |key| Some((key, map.get(key)?)))
    }

    /// The value of the smallest key.
    pub fn first_value(&self) -> Option<&'a Json<'a>> {
        let key = self.0.iter().map(|(k, _)| *k).min()?;
        self.get(key)
    }
}

impl<'a> Json<'a> {
    /// A float as serde_json keeps it (`null` when not finite).
    pub fn float(value: f64) -> Self {
        if value.is_finite() { Json::Number(Number::Float(value)) } else { Json::Null }
    }

    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&'a Json<'a>> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// The object's members.
    pub fn as_object(&self) -> Option<JsonMap<'a>> {
        match self {
            Self::Object(map) => Some(*map),
            _ => None,
        }
    }

    /// The string.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Self::String(text) => Some(*text),
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
            Self::Number(n) => Some(n.as_f64()),
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

/// Reads a JSON document into `arena`; syntax errors become [`Error::NotJson`].
pub(crate) fn parse<'a>(bytes: &'a [u8], document: DocumentKind, arena: &'a Arena) -> Result<Json<'a>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 checks as `std::str::from_utf8` does, several times faster.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes)
        && let Some(value) = fast::parse(text, arena)
    {
        return Ok(value);
    }
    parse_careful(bytes, document, arena)
}

/// [`parse`] by serde_json alone (BOM already removed): what decides whenever the quick reader
/// is unsure, with serde_json's errors.
pub(crate) fn parse_careful<'a>(
    bytes: &'a [u8],
    document: DocumentKind,
    arena: &'a Arena,
) -> Result<Json<'a>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut scratch = Scratch::default();
    Seed { arena, scratch: &mut scratch }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| Error::json(document, e))
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
            Some(Json::String(text)) => Ok(Some(*text)),
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
            Some(Json::String(text)) if *text == "true" || *text == "false" => Ok(Some(*text == "true")),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Bool)),
        }
    }

    /// An optional array field.
    pub fn array(&self, key: &'a str) -> Result<&'a [Json<'a>]> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Json::Array(items)) => Ok(*items),
            Some(_) => Err(wrong_type(self.document, &self.path.key(key), JsonType::Array)),
        }
    }

    /// [`Error::MissingField`] for `field` in this object.
    pub fn missing(&self, field: &'static str) -> Error {
        Error::MissingField { document: self.document, field, path: self.path.to_string() }
    }
}

/// Room to collect members and items while reading, reused from value to value so that each
/// object or array is copied once into the arena, at its final size.
#[derive(Default)]
pub(crate) struct Scratch<'t> {
    members: Vec<(&'t str, Json<'t>)>,
    items: Vec<Json<'t>>,
}

impl Scratch<'_> {
    /// The same (empty) room for values of another arena: the space is kept.
    // `filter_map` changes the element type (the lifetime) while keeping the allocation.
    #[allow(clippy::unnecessary_filter_map)]
    pub fn recycle<'u>(mut self) -> Scratch<'u> {
        self.members.clear();
        self.items.clear();
        // Collecting an emptied vector into one of a same-sized type reuses its allocation.
        Scratch {
            members: self.members.into_iter().filter_map(|_| None).collect(),
            items: self.items.into_iter().filter_map(|_| None).collect(),
        }
    }
}

/// Reads one value into the arena, using (and giving back) the scratch space.
pub(crate) struct Seed<'s, 't> {
    /// Where arrays, objects and unescaped strings go.
    pub arena: &'t Arena,
    /// Room to collect members and items.
    pub scratch: &'s mut Scratch<'t>,
}

impl<'de: 't, 't> DeserializeSeed<'de> for Seed<'_, 't> {
    type Value = Json<'t>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'t>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de: 't, 't> Visitor<'de> for Seed<'_, 't> {
    type Value = Json<'t>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json<'t>, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json<'t>, E> {
        Ok(Json::Number(Number::from_i64(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json<'t>, E> {
        Ok(Json::Number(Number::PosInt(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Json<'t>, E> {
        Ok(Json::float(value))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Json<'t>, E> {
        Ok(Json::String(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Json<'t>, E> {
        Ok(Json::String(self.arena.alloc_str(value)))
    }

    fn visit_none<E>(self) -> Result<Json<'t>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'t>, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Json<'t>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'t>, A::Error> {
        let start = self.scratch.items.len();
        while let Some(item) =
            seq.next_element_seed(Seed { arena: self.arena, scratch: &mut *self.scratch })?
        {
            self.scratch.items.push(item);
        }
        Ok(Json::Array(self.arena.alloc_slice_fill_iter(self.scratch.items.drain(start..))))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'t>, A::Error> {
        let start = self.scratch.members.len();
        while let Some(key) = map.next_key_seed(Key(self.arena))? {
            let value = map.next_value_seed(Seed { arena: self.arena, scratch: &mut *self.scratch })?;
            self.scratch.members.push((key, value));
        }
        Ok(Json::Object(JsonMap(self.arena.alloc_slice_fill_iter(self.scratch.members.drain(start..)))))
    }
}

/// An object key, borrowed from the input when it has no escapes, else copied into the arena.
pub(crate) struct Key<'t>(pub &'t Arena);

impl<'de: 't, 't> DeserializeSeed<'de> for Key<'t> {
    type Value = &'t str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'t str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de: 't, 't> Visitor<'de> for Key<'t> {
    type Value = &'t str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<&'t str, E> {
        Ok(value)
    }

    fn visit_str<E>(self, value: &str) -> Result<&'t str, E> {
        Ok(self.0.alloc_str(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_serde_json_value() {
        let text = r#"{"b": 1, "a": "x\u0041", "b": [2.5, null, true], "c": {"z": 1, "y": 2}}"#;
        let arena = Arena::new();
        let tree = parse(text.as_bytes(), DocumentKind::Opds2, &arena);
        let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
        let tree = tree.ok();
        let map = tree.as_ref().and_then(Json::as_object);
        assert_eq!(map.map(|m| m.sorted_keys().into_iter().collect::<Vec<_>>()), Some(vec!["a", "b", "c"]));
        assert_eq!(tree.as_ref().and_then(|t| t.get("a")).and_then(Json::as_str), Some("xA"));
        assert_eq!(one_or_many(tree.as_ref().and_then(|t| t.get("b"))).len(), 3);
        let c = tree.as_ref().and_then(|t| t.get("c")).and_then(Json::as_object);
        assert_eq!(c.as_ref().and_then(JsonMap::first_value).and_then(Json::as_u64), Some(2));
        let first = value.as_ref().and_then(|v| v.get("c")).and_then(|c| c.as_object()?.values().next());
        assert_eq!(first.and_then(serde_json::Value::as_u64), Some(2));
        assert!(parse(b"{\"a\": 1,}", DocumentKind::Opds2, &arena).is_err());
        assert!(parse(b"[1] x", DocumentKind::Opds2, &arena).is_err());
        let numbers = parse(b"[-3, 2.5, 7]", DocumentKind::Opds2, &arena).ok();
        let numbers = one_or_many(numbers.as_ref());
        assert_eq!(numbers.iter().map(Json::as_u64).collect::<Vec<_>>(), [None, None, Some(7)]);
        assert_eq!(numbers.iter().map(Json::as_f64).collect::<Vec<_>>(), [Some(-3.0), Some(2.5), Some(7.0)]);
    }

    #[test]
    fn recycled_scratch_keeps_its_room() {
        let mut scratch = Scratch::default();
        scratch.items.reserve(100);
        scratch.members.reserve(50);
        let (items, members) = (scratch.items.capacity(), scratch.members.capacity());
        let again: Scratch<'_> = scratch.recycle();
        assert_eq!((again.items.capacity(), again.members.capacity()), (items, members));
    }
}
