//! Streams the `publications` of a large OPDS 2 feed: each publication is read, converted and
//! dropped in turn, so a 10,000-item feed never exists as one big JSON tree.

use std::fmt;

use super::base_url::Base;
use super::error::{DocumentKind, Error, JsonType, Result};
use super::json::{Path, wrong_type};
use super::json_tree::{Arena, Json, JsonMap, Key, Number, Obj, Scratch, Seed};
use super::model::CatalogEntry;
use super::opds2_publication::publication;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What streaming produced besides the rest of the document.
#[derive(Default)]
pub(crate) struct Streamed {
    /// Converted top-level publications (`None` when the document had none).
    pub publications: Option<Vec<CatalogEntry>>,
    /// Publications that could not be read.
    pub warnings: Vec<Error>,
    /// `publications` was present but not an array.
    pub not_an_array: bool,
}

/// Reads the document into `arena`; the returned value is the document without its top-level
/// `publications` (an empty array stands in for them).
pub(crate) fn read<'a>(bytes: &'a [u8], base: &Base<'_>, arena: &'a Arena) -> Result<(Json<'a>, Streamed)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut streamed = Streamed::default();
    let seed = RootSeed { base, streamed: &mut streamed, arena };
    // Text checked once (simdutf8 checks as `std::str::from_utf8` does, several times faster)
    // need not be checked again string by string; anything else is read (and its error
    // reported) as before.
    let value = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => read_with(serde_json::Deserializer::from_str(text), seed),
        Err(_) => read_with(serde_json::Deserializer::from_slice(bytes), seed),
    };
    let value = value.map_err(|e| Error::json(DocumentKind::Opds2, e))?;
    Ok((value, streamed))
}

/// Reads the whole document with `seed`: one value and nothing after it.
fn read_with<'de, R, S>(
    mut deserializer: serde_json::Deserializer<R>,
    seed: S,
) -> serde_json::Result<S::Value>
where
    R: serde_json::de::Read<'de>,
    S: DeserializeSeed<'de>,
{
    let value = seed.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

struct RootSeed<'s, 't> {
    base: &'s Base<'s>,
    streamed: &'s mut Streamed,
    arena: &'t Arena,
}

impl<'de: 't, 't> DeserializeSeed<'de> for RootSeed<'_, 't> {
    type Value = Json<'t>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'t>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de: 't, 't> Visitor<'de> for RootSeed<'_, 't> {
    type Value = Json<'t>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OPDS 2 document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'t>, A::Error> {
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        while let Some(key) = map.next_key_seed(Key(self.arena))? {
            if key == "publications" {
                let mut list = Vec::new();
                let seed = PublicationsSeed {
                    base: self.base,
                    out: &mut list,
                    warnings: &mut self.streamed.warnings,
                    not_an_array: &mut self.streamed.not_an_array,
                };
                map.next_value_seed(seed)?;
                self.streamed.publications = Some(list);
                out.push((key, Json::Array(&[])));
            } else {
                out.push((key, map.next_value_seed(Seed { arena: self.arena, scratch: &mut scratch })?));
            }
        }
        Ok(Json::Object(JsonMap(self.arena.alloc_slice_fill_iter(out))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'t>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Json::Array(&[]))
    }

    fn visit_str<E>(self, _: &str) -> Result<Json<'t>, E> {
        Ok(Json::String(""))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json<'t>, E> {
        Ok(Json::Bool(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json<'t>, E> {
        Ok(Json::Number(Number::PosInt(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json<'t>, E> {
        Ok(Json::Number(Number::from_i64(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Json<'t>, E> {
        Ok(Json::float(value))
    }

    fn visit_unit<E>(self) -> Result<Json<'t>, E> {
        Ok(Json::Null)
    }
}

struct PublicationsSeed<'s> {
    base: &'s Base<'s>,
    out: &'s mut Vec<CatalogEntry>,
    warnings: &'s mut Vec<Error>,
    not_an_array: &'s mut bool,
}

impl<'de> DeserializeSeed<'de> for PublicationsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl PublicationsSeed<'_> {
    fn wrong(self) {
        *self.not_an_array = true;
    }
}

impl<'de> Visitor<'de> for PublicationsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of publications")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let list = Path::ROOT.key("publications");
        let mut index = 0;
        // Each publication is read into the arena, converted, and its space reused.
        let mut arena = Arena::new();
        let mut room = Scratch::default();
        loop {
            let mut scratch = room.recycle();
            let Some(item) = seq.next_element_seed(Seed { arena: &arena, scratch: &mut scratch })? else {
                break;
            };
            let path = list.index(index);
            index += 1;
            match Obj::new(&item, &path, DocumentKind::Opds2)
                .and_then(|obj| publication(obj, self.base, self.warnings))
            {
                Ok(entry) => self.out.push(entry),
                Err(error) => self.warnings.push(error),
            }
            room = scratch.recycle();
            arena.reset();
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.wrong();
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.wrong();
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.wrong();
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.wrong();
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.wrong();
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.wrong();
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// [`Error::WrongType`] for a `publications` that is not an array.
pub(crate) fn not_an_array() -> Error {
    wrong_type(DocumentKind::Opds2, &Path::ROOT.key("publications"), JsonType::Array)
}
