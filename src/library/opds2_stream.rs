//! Streams the `publications` of a large OPDS 2 feed: each publication is read, converted and
//! dropped in turn, so a 10,000-item feed never exists as one big JSON tree.

use std::fmt;

use super::ahead::{self, Ahead};
use super::base_url::Base;
use super::error::{DocumentKind, Error, JsonType, Result};
use super::json::{Path, wrong_type};
use super::json_tree::{Arena, Json, JsonMap, Key, Number, Obj, Reader, Scratch, Seed};
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
    // Text checked once (simdutf8 checks as `std::str::from_utf8` does, several times faster)
    // need not be checked again string by string; anything else is read (and its error
    // reported) as before.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => match read_quick(text, base, arena) {
            Some(read) => Ok(read),
            None => read_careful(bytes, base, arena),
        },
        Err(_) => read_careful(bytes, base, arena),
    }
}

/// [`read`] with serde_json alone (BOM already removed): what decides whenever the quick
/// reader is unsure, with serde_json's errors.
pub(crate) fn read_careful<'a>(
    bytes: &'a [u8],
    base: &Base<'_>,
    arena: &'a Arena,
) -> Result<(Json<'a>, Streamed)> {
    let mut streamed = Streamed::default();
    let seed = RootSeed { base, streamed: &mut streamed, arena };
    let value = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => read_with(serde_json::Deserializer::from_str(text), seed),
        Err(_) => read_with(serde_json::Deserializer::from_slice(bytes), seed),
    };
    let value = value.map_err(|e| Error::json(DocumentKind::Opds2, e))?;
    Ok((value, streamed))
}

/// [`read`] with the quick reader: `None` when it cannot be sure (a root that is not an
/// object, anything unusual), and what was streamed so far is then to be forgotten.
pub(crate) fn read_quick<'a>(
    text: &'a str,
    base: &Base<'_>,
    arena: &'a Arena,
) -> Option<(Json<'a>, Streamed)> {
    let mut reader = Reader::new(text);
    let mut streamed = Streamed::default();
    let mut scratch = Scratch::default();
    let mut members = Vec::new();
    reader.begin_object()?;
    let mut first = true;
    while let Some(key) = reader.next_key(arena, first)? {
        first = false;
        if key == "publications" {
            streamed.publications = Some(publications_quick(&mut reader, base, &mut streamed)?);
            members.push((key, Json::Array(&[])));
        } else {
            members.push((key, reader.value(arena, &mut scratch, 1)?));
        }
    }
    reader.end()?;
    Some((Json::Object(JsonMap(arena.alloc_slice_fill_iter(members))), streamed))
}

/// The value of `publications`, as [`PublicationsSeed`] reads it.
///
/// A long list is read by two threads (see [`ahead`]): a helper reads the publications from a
/// place near the middle while this thread reads up to it.
fn publications_quick(
    reader: &mut Reader<'_>,
    base: &Base<'_>,
    streamed: &mut Streamed,
) -> Option<Vec<CatalogEntry>> {
    let mut out = Publications::default();
    if reader.peek()? != b'[' {
        if !reader.value(&Arena::new(), &mut Scratch::default(), 1)?.is_null() {
            streamed.not_an_array = true;
        }
        return Some(out.list);
    }
    reader.begin_array()?;
    std::thread::scope(|scope| {
        let Some(helper) = start_helper(scope, reader, base) else {
            read_items(reader, base, &mut out, Next::First, |_| false)?;
            streamed.warnings.append(&mut out.warnings);
            return Some(out.list);
        };
        let text = reader.text().as_bytes();
        let at = helper.at;
        let ended = read_items(reader, base, &mut out, Next::First, |pos| {
            ahead::arrival(text, pos, at) != ahead::Arrival::NotYet
        })?;
        if !ended {
            let there = ahead::arrival(text, reader.position(), at) == ahead::Arrival::There;
            match helper.take().filter(|(_, later)| there && later.warnings.is_empty()) {
                Some((end, later)) => {
                    ahead::taken();
                    out.list.extend(later.list);
                    reader.jump(end);
                }
                None => {
                    read_items(reader, base, &mut out, Next::Item, |_| false)?;
                }
            }
        }
        streamed.warnings.append(&mut out.warnings);
        Some(out.list)
    })
}

/// Publications read from a list, and the problems met.
#[derive(Default)]
struct Publications {
    list: Vec<CatalogEntry>,
    warnings: Vec<Error>,
    /// How many were read (to say where a problem is).
    read: usize,
}

/// What comes next in a list of publications.
#[derive(Clone, Copy)]
enum Next {
    /// The first item or the end (just after `[`).
    First,
    /// A comma and an item, or the end.
    Later,
    /// An item (its comma already read).
    Item,
}

/// Reads the publications of a list into `out`, until the list's end (`true`) or until `stop`
/// says so at the position of an item (`false`; the reader then stands at that item).
fn read_items(
    reader: &mut Reader<'_>,
    base: &Base<'_>,
    out: &mut Publications,
    mut next: Next,
    stop: impl Fn(usize) -> bool,
) -> Option<bool> {
    let mut arena = Arena::new();
    let mut room = Scratch::default();
    loop {
        let more = match next {
            Next::First => reader.next_item(true)?,
            Next::Later => reader.next_item(false)?,
            Next::Item => true,
        };
        if !more {
            return Some(true);
        }
        next = Next::Later;
        if stop(reader.position()) {
            return Some(false);
        }
        let mut scratch = room.recycle();
        let item = reader.value(&arena, &mut scratch, 2)?;
        convert(&item, out.read, base, &mut out.list, &mut out.warnings);
        out.read += 1;
        room = scratch.recycle();
        arena.reset();
    }
}

/// Starts a helper reading the publications of the second half of the list, if it is long
/// and another publication written like the first can be found there; `reader` stands just
/// after the list's `[`. The helper gives the position after the list and what it read.
fn start_helper<'scope, 'a: 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    reader: &mut Reader<'a>,
    base: &'scope Base<'_>,
) -> Option<Ahead<'scope, (usize, Publications)>> {
    if reader.peek()? != b'{' {
        return None;
    }
    // The first publication's start up to the end of its first key, as in `{"metadata"`.
    let (text, first) = (reader.text(), reader.position());
    let bytes = text.as_bytes();
    let key = first + 1 + bytes.get(first + 1..)?.iter().position(|&b| b > b' ')?;
    let key_end = key + 1 + memchr::memchr(b'"', bytes.get(key + 1..)?)?;
    let pattern = bytes.get(first..=key_end).filter(|_| bytes.get(key) == Some(&b'"'))?;
    let at = ahead::guess(bytes, first, pattern, |at| {
        bytes.get(..at).and_then(|before| before.iter().rev().find(|&&b| b > b' ')) == Some(&b',')
    })?;
    Ahead::start(scope, at, move || {
        let mut reader = Reader::new(text);
        reader.jump(at);
        let mut later = Publications::default();
        read_items(&mut reader, base, &mut later, Next::Item, |_| false)?;
        Some((reader.position(), later)).filter(|(_, later)| later.warnings.is_empty())
    })
}

/// Converts the publication at `index` into `out`, or into a warning.
fn convert(
    item: &Json<'_>,
    index: usize,
    base: &Base<'_>,
    out: &mut Vec<CatalogEntry>,
    warnings: &mut Vec<Error>,
) {
    let list = Path::ROOT.key("publications");
    let path = list.index(index);
    match Obj::new(item, &path, DocumentKind::Opds2).and_then(|obj| publication(obj, base, warnings)) {
        Ok(entry) => out.push(entry),
        Err(error) => warnings.push(error),
    }
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
        let mut index = 0;
        // Each publication is read into the arena, converted, and its space reused.
        let mut arena = Arena::new();
        let mut room = Scratch::default();
        loop {
            let mut scratch = room.recycle();
            let Some(item) = seq.next_element_seed(Seed { arena: &arena, scratch: &mut scratch })? else {
                break;
            };
            convert(&item, index, self.base, self.out, self.warnings);
            index += 1;
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

#[cfg(test)]
mod tests {
    use super::super::ahead;
    use super::*;
    use url::Url;

    /// Reads `text` with the quick reader and with serde_json alone; asserts the same document,
    /// publications, warnings and flags whenever the quick reader is sure, which it says.
    fn agree(text: &str) -> bool {
        let Ok(url) = Url::parse("https://library.example/catalog/feed.json") else {
            panic!("bad test URL");
        };
        let base = Base::new(&url);
        let (quick_arena, careful_arena) = (Arena::new(), Arena::new());
        let careful = read_careful(text.as_bytes(), &base, &careful_arena);
        let Some((value, streamed)) = read_quick(text, &base, &quick_arena) else {
            return false;
        };
        let (careful_value, careful_streamed) = careful.unwrap_or_else(|e| panic!("{text}: careful {e}"));
        assert_eq!(format!("{value:?}"), format!("{careful_value:?}"), "{text}");
        assert_eq!(
            format!("{:?}", streamed.publications),
            format!("{:?}", careful_streamed.publications),
            "{text}"
        );
        assert_eq!(format!("{:?}", streamed.warnings), format!("{:?}", careful_streamed.warnings), "{text}");
        assert_eq!(streamed.not_an_array, careful_streamed.not_an_array, "{text}");
        true
    }

    #[test]
    fn streams_every_fixture_as_serde_json_does() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/opds");
        let mut read = 0;
        for dir in ["opds2-palace-android-opds2", "opds2-misc"] {
            let entries = std::fs::read_dir(format!("{root}/{dir}")).unwrap_or_else(|e| panic!("{dir}: {e}"));
            for entry in entries.flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                read += usize::from(agree(&text));
            }
        }
        assert!(read >= 4, "{read}");
    }

    #[test]
    fn reads_long_lists_on_two_threads_as_serde_json_does() {
        let publication = |i: usize| {
            format!(
                r#"{{"metadata": {{"identifier": "urn:{i}", "title": "本 {i}", "description": "A story."}},
 "links": [{{"rel": "http://opds-spec.org/acquisition/borrow", "href": "/b/{i}", "type": "application/epub+zip"}}],
 "images": [{{"href": "c{i}.jpg"}}]}}"#
            )
        };
        // Written otherwise than the first: the helper's pattern is only found nested inside.
        let nested = |i: usize| {
            format!(
                r#"{{"links": [{{"href": "/b/{i}", "x": [0, {{"metadata": 1}}]}}], "metadata": {{"title": "T{i}"}}}}"#
            )
        };
        let list_of = |n: usize, odd: &dyn Fn(usize) -> Option<String>| {
            (0..n).map(|i| odd(i).unwrap_or_else(|| publication(i))).collect::<Vec<_>>().join(",\n")
        };
        let list = |odd: &dyn Fn(usize) -> Option<String>| list_of(2000, odd);
        let feed = |list: String, after: &str| {
            format!(r#"{{"metadata": {{"title": "F"}}, "publications": [{list}]{after}}}"#)
        };
        let groups = |n: usize| {
            format!(
                r#", "groups": [{{"metadata": {{"title": "G"}}, "publications": [{}]}}]"#,
                list_of(n, &|_| None)
            )
        };
        // (document, whether the helper's publications are taken)
        let cases = [
            (feed(list(&|_| None), r#", "links": [{"rel": "next", "href": "?page=2"}]"#), true),
            (feed(list(&|i| (i == 10).then(|| "3".to_owned())), ""), true),
            (feed(list(&|i| (i == 1900).then(|| "3".to_owned())), ""), false),
            (feed(list(&|i| (i > 0).then(|| nested(i))), ""), false),
            (feed(list(&|_| None), &groups(100)), true),
            // The middle lies in the groups after the list: one thread reads it all.
            (feed(list(&|_| None), &groups(3000)), false),
        ];
        for (case, taken) in &cases {
            let before = ahead::times_taken();
            assert!(agree(case), "not read quickly");
            assert_eq!(
                ahead::times_taken() > before,
                *taken,
                "{} bytes: {}",
                case.len(),
                case.get(..300).unwrap_or_default()
            );
        }
        let broken = feed(list(&|i| (i == 1900).then(|| r#"{"metadata": {"title": "x"},}"#.to_owned())), "");
        assert!(!agree(&broken), "a syntax error far into the list was not noticed");
        // Damage anywhere: the same feed or error as serde_json's, or serde_json decides.
        for damaged in ahead::damaged_copies(&feed(list(&|_| None), ""), 30, b"{}[],:\" \\x1") {
            agree(&damaged);
        }
    }

    #[test]
    fn streams_odd_publications_as_serde_json_does() {
        let publication = |i: usize| {
            format!(
                r#"{{"metadata": {{"identifier": "urn:{i}", "title": "T\u00e9 {i}", "author": "A", "position": {i}.5}},
                "links": [{{"rel": ["x", "http://opds-spec.org/acquisition/borrow"], "href": "/b/{i}",
                "properties": {{"availability": {{"state": "ready"}}, "copies": {{"total": 2}}}}}}],
                "images": [{{"href": "c{i}.jpg", "width": 10}}, {{"href": "../d.jpg"}}]}}"#
            )
        };
        let list: Vec<String> = (0..30).map(publication).collect();
        let list = list.join(",");
        let cases = [
            format!(r#"{{"metadata": {{"title": "F"}}, "publications": [{list}], "links": []}}"#),
            format!(
                r#"{{"publications": [{list}], "metadata": {{"title": "F"}}, "publications": [{list}]}}"#
            ),
            r#"{"metadata": {"title": "F"}, "publications": [{"metadata": {}}, 3, {"links": 1}]}"#.to_owned(),
            r#"{"metadata": {"title": "F"}, "publications": null}"#.to_owned(),
            r#"{"metadata": {"title": "F"}, "publications": {"a": [1]}}"#.to_owned(),
            r#"{"metadata": {"title": "F"}, "publications": "x"}"#.to_owned(),
            r#"{"metadata": {"title": "F"}, "publications": -2.5}"#.to_owned(),
            r#"{"metadata": {"title": "F"}, "publ\u0069cations": [{"metadata": {"title": "T"}}]}"#.to_owned(),
            r#"{"metadata": {"title": "F"}, "publications": []}"#.to_owned(),
        ];
        for case in &cases {
            assert!(agree(case), "not read quickly: {case}");
        }
        for odd in [
            "[1, 2]",
            r#""text""#,
            r#"{"metadata": {"title": "F"}, "publications": [{"metadata": {"title": "\ud83d\ude00"}}]}"#,
            r#"{"metadata": {"title": "F"}, "publications": [{"metadata": {"title": "T"}},]}"#,
            r#"{"metadata": {"title": "F"}, "publications": [] } x"#,
        ] {
            assert!(!agree(odd), "read quickly: {odd}");
        }
    }
}
