//! A quick reader for plain JSON, building the same [`Json`] tree as serde_json's route in
//! [`super::parse`], straight from the (already validated) text.
//!
//! Why: serde_json's own parsing (a generic visitor call per value, a key seed per member,
//! strings scanned for escapes and checked again) was about half the time spent on a
//! 10,000-publication OPDS 2 feed. This reader borrows every string without escapes from the
//! input, finds string ends eight bytes at a time ([`scan`]) and reads short integers itself; other
//! numbers go to serde_json's own number parser, so they mean exactly the same. It gives up
//! (`None`) on anything unusual (an escape other than the simple ones or a `\u` outside the
//! surrogates, a control character in a string, deep nesting, a number serde_json refuses,
//! any syntax error): the caller then reads the document again with serde_json, which gives
//! the precise error or the same tree.

use super::super::scan;
use super::{Arena, Json, JsonMap, Number, Scratch};

/// Deeper nesting than this and serde_json decides (its own limit is 128).
const MAX_DEPTH: usize = 100;

/// Reads `text` (one JSON value, white space around it) into `arena`; `None` when it cannot be
/// sure.
pub(crate) fn parse<'a>(text: &'a str, arena: &'a Arena) -> Option<Json<'a>> {
    let mut reader = Reader::new(text);
    let value = reader.value(arena, &mut Scratch::default(), 0)?;
    reader.end()?;
    Some(value)
}

/// A position in the text, read step by step. Every method returns `None` when the quick
/// reading cannot be sure (and the whole document must then be read by serde_json).
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// Room to decode strings with escapes, reused.
    unescaped: String,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self { text, pos: 0, unescaped: String::new() }
    }

    /// The whole text being read.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Where the reader stands (a byte offset in [`text`](Self::text)).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Moves the reader to byte `pos` of the text (where another reader stopped).
    pub fn jump(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// Skips white space and gives the next byte (`None` at the end).
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        // White space is all at or below the space character.
        match bytes.get(self.pos) {
            Some(&b) if b > b' ' => return Some(b),
            None => return None,
            Some(_) => {}
        }
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Only white space is left.
    pub fn end(&mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// Reads `{`, where an object must start.
    pub fn begin_object(&mut self) -> Option<()> {
        self.expect(b'{')
    }

    /// Reads `[`, where an array must start.
    pub fn begin_array(&mut self) -> Option<()> {
        self.expect(b'[')
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads what follows the start of an object or a member's value: the next member's key
    /// and its `:` (`Some(Some(key))`), or the object's end (`Some(None)`). `first` is true
    /// right after `{`.
    pub fn next_key<'t>(&mut self, arena: &'t Arena, first: bool) -> Option<Option<&'t str>>
    where
        'a: 't,
    {
        match self.peek()? {
            b'}' => {
                self.pos += 1;
                return Some(None);
            }
            b',' if !first => {
                self.pos += 1;
                self.expect(b'"')?;
            }
            b'"' if first => self.pos += 1,
            _ => return None,
        }
        let key = self.string(arena)?;
        self.expect(b':')?;
        Some(Some(key))
    }

    /// Reads what follows the start of an array or an item: true when another item follows
    /// (read it with [`value`](Self::value)), false at the array's end. `first` is true right
    /// after `[`.
    pub fn next_item(&mut self, first: bool) -> Option<bool> {
        match self.peek()? {
            b']' => {
                self.pos += 1;
                Some(false)
            }
            b',' if !first => {
                self.pos += 1;
                Some(true)
            }
            _ if first => Some(true),
            _ => None,
        }
    }

    /// Reads one value, `depth` arrays and objects deep, into `arena`.
    pub fn value<'t>(&mut self, arena: &'t Arena, scratch: &mut Scratch<'t>, depth: usize) -> Option<Json<'t>>
    where
        'a: 't,
    {
        match self.peek()? {
            b'"' => {
                self.pos += 1;
                self.string(arena).map(Json::String)
            }
            b'{' if depth < MAX_DEPTH => {
                self.pos += 1;
                let start = scratch.members.len();
                let mut first = true;
                while let Some(key) = self.next_key(arena, first)? {
                    first = false;
                    let value = self.value(arena, scratch, depth + 1)?;
                    scratch.members.push((key, value));
                }
                let members = arena.alloc_slice_fill_iter(scratch.members.drain(start..));
                Some(Json::Object(JsonMap(members)))
            }
            b'[' if depth < MAX_DEPTH => {
                self.pos += 1;
                let start = scratch.items.len();
                let mut first = true;
                while self.next_item(first)? {
                    first = false;
                    let item = self.value(arena, scratch, depth + 1)?;
                    scratch.items.push(item);
                }
                Some(Json::Array(arena.alloc_slice_fill_iter(scratch.items.drain(start..))))
            }
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'n' => self.literal("null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal<'t>(&mut self, word: &str, value: Json<'t>) -> Option<Json<'t>> {
        let end = self.pos + word.len();
        (self.text.get(self.pos..end)? == word).then(|| {
            self.pos = end;
            value
        })
    }

    /// A number: integers of up to 18 digits read here (they cannot overflow), any other
    /// token handed to serde_json's number parser.
    fn number<'t>(&mut self) -> Option<Json<'t>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let negative = bytes.get(start) == Some(&b'-');
        let digits_start = start + usize::from(negative);
        let mut end = digits_start;
        let mut value = 0u64;
        while let Some(digit) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
            value = value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
            end += 1;
        }
        let digits = end - digits_start;
        let leading_zero = digits > 1 && bytes.get(digits_start) == Some(&b'0');
        let plain = (1..=18).contains(&digits)
            && !leading_zero
            && !matches!(bytes.get(end), Some(b'.' | b'e' | b'E'))
            && (!negative || value != 0);
        if plain {
            self.pos = end;
            // 18 digits fit in an `i64`.
            let signed = i64::try_from(value).ok()?;
            return Some(Json::Number(if negative {
                Number::NegInt(-signed)
            } else {
                Number::PosInt(value)
            }));
        }
        while bytes.get(end).is_some_and(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E')) {
            end += 1;
        }
        let number: serde_json::Number = serde_json::from_str(self.text.get(start..end)?).ok()?;
        self.pos = end;
        // As the visitor of the serde_json route keeps it.
        Some(match (number.as_u64(), number.as_i64()) {
            (Some(n), _) => Json::Number(Number::PosInt(n)),
            (None, Some(n)) => Json::Number(Number::from_i64(n)),
            (None, None) => Json::float(number.as_f64()?),
        })
    }

    /// The rest of a string whose opening quote has been read: borrowed from the input when it
    /// has no escapes, else decoded into `arena`.
    #[inline]
    fn string<'t>(&mut self, arena: &'t Arena) -> Option<&'t str>
    where
        'a: 't,
    {
        let text = self.text;
        let start = self.pos;
        let stop = stop(text.as_bytes(), start);
        match text.as_bytes().get(stop)? {
            b'"' => {
                self.pos = stop + 1;
                text.get(start..stop)
            }
            b'\\' => self.escaped(start, stop, arena),
            _ => None,
        }
    }

    /// A string with escapes, from `start`; the first escape is at `at`. Kept out of line: few
    /// strings have escapes, and [`string`](Self::string) stays small.
    #[cold]
    #[inline(never)]
    fn escaped<'t>(&mut self, start: usize, mut at: usize, arena: &'t Arena) -> Option<&'t str> {
        let text = self.text;
        let bytes = text.as_bytes();
        self.unescaped.clear();
        let mut from = start;
        loop {
            self.unescaped.push_str(text.get(from..at)?);
            match bytes.get(at)? {
                b'"' => {
                    self.pos = at + 1;
                    return Some(arena.alloc_str(&self.unescaped));
                }
                b'\\' => {
                    let (decoded, length) = match bytes.get(at + 1)? {
                        b'"' => ('"', 2),
                        b'\\' => ('\\', 2),
                        b'/' => ('/', 2),
                        b'b' => ('\u{8}', 2),
                        b'f' => ('\u{c}', 2),
                        b'n' => ('\n', 2),
                        b'r' => ('\r', 2),
                        b't' => ('\t', 2),
                        b'u' => {
                            let hex = text.get(at + 2..at + 6)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            // Surrogates (pairs or lone) are left to serde_json.
                            (char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 6)
                        }
                        _ => return None,
                    };
                    self.unescaped.push(decoded);
                    from = at + length;
                }
                _ => return None,
            }
            at = stop(bytes, from);
        }
    }
}

/// The position of the first `"`, `\` or control character from `at` on (or the end).
fn stop(bytes: &[u8], at: usize) -> usize {
    scan::find(
        bytes,
        at,
        |word| scan::equal(word, b'"') | scan::equal(word, b'\\') | scan::below(word, 0x20),
        |b| b == b'"' || b == b'\\' || b < 0x20,
    )
}

#[cfg(test)]
mod tests {
    use super::super::{DocumentKind, Error, parse_careful};
    use super::*;

    /// Reads `text` quickly, by serde_json alone, and by the public route; asserts that the
    /// quick reader never disagrees with serde_json (same tree when it is sure) and that the
    /// public route gives serde_json's tree or error. True when the quick reader was sure.
    fn agree(text: &str) -> bool {
        let (quick_arena, careful_arena, public_arena) = (Arena::new(), Arena::new(), Arena::new());
        // As the public route does first.
        let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
        let quick = parse(unmarked, &quick_arena);
        let careful = parse_careful(unmarked.as_bytes(), DocumentKind::Opds2, &careful_arena);
        let public = super::super::parse(text.as_bytes(), DocumentKind::Opds2, &public_arena);
        if let Some(quick) = &quick {
            let careful =
                careful.as_ref().unwrap_or_else(|e| panic!("{text:?}: quick {quick:?}, careful {e}"));
            assert_eq!(quick, careful, "{text:?}");
            assert_eq!(format!("{quick:?}"), format!("{careful:?}"), "{text:?}");
        }
        match (&public, &careful) {
            (Ok(public), Ok(careful)) => {
                assert_eq!(format!("{public:?}"), format!("{careful:?}"), "{text:?}")
            }
            (
                Err(Error::NotJson { line, column, .. }),
                Err(Error::NotJson { line: careful_line, column: careful_column, .. }),
            ) => assert_eq!((line, column), (careful_line, careful_column), "{text:?}"),
            _ => panic!("{text:?}: public {public:?}, careful {careful:?}"),
        }
        quick.is_some()
    }

    #[test]
    fn reads_every_json_fixture_as_serde_json_does() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/opds");
        let mut read = 0;
        for dir in ["opds2-palace-android-opds2", "opds2-misc", "auth-palace-android-core"] {
            let entries = std::fs::read_dir(format!("{root}/{dir}")).unwrap_or_else(|e| panic!("{dir}: {e}"));
            for entry in entries.flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let quick = agree(&text);
                // Fixtures with surrogate escapes (emoji) or that are not JSON are left to
                // serde_json; all others are read quickly.
                let surrogates = text.contains("\\ud8") || text.contains("\\uD8");
                let json = serde_json::from_str::<serde_json::Value>(&text).is_ok();
                assert!(quick || surrogates || !json, "{}: not read quickly", entry.path().display());
                read += usize::from(quick);
            }
        }
        assert!(read > 15, "{read}");
    }

    #[test]
    fn agrees_on_edge_cases() {
        let deep = |n: usize, open: &str, close: &str| format!("{}1{}", open.repeat(n), close.repeat(n));
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "7",
            "-7",
            "123456789012345678",
            "-123456789012345678",
            "1234567890123456789",
            "-1234567890123456789",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "-1.5",
            "1e5",
            "1E+2",
            "1e-2",
            "2.5e-400",
            "1e400",
            "-1e400",
            "0.1",
            "01",
            "-01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "1e+",
            "0x10",
            "1_0",
            "[1-2]",
            "[1.5.3]",
            r#""plain""#,
            r#""esc \" \\ \/ \b \f \n \r \t""#,
            r#""\u0041\u00e9\u65e5\u0000""#,
            r#""\ud83d\ude00""#,
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\u12""#,
            r#""\u+123""#,
            r#""\x""#,
            "\"tab\there\"",
            "\"line\nbreak\"",
            "\"日本語 ✓\"",
            r#""unterminated"#,
            r#""a\"#,
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": 1,}"#,
            "[1, 2,]",
            "[,1]",
            r#"{"a" 1}"#,
            r#"{"a": }"#,
            r#"{1: 2}"#,
            r#"{"a": [true, false, null]}"#,
            "tru",
            "nulls",
            "[nul]",
            "",
            "   ",
            "[1] x",
            "[1] ]",
            "{}",
            "[]",
            " \n\t\r[ 1 , { \"k\" : \"v\" } ] \n",
            "\u{feff}[1]",
            r#"{"k\u0065y": "v", "k": {"": []}}"#,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for n in [98, 99, 100, 101, 126, 127, 128, 129, 200] {
            cases.push(deep(n, "[", "]"));
            cases.push(deep(n, "{\"a\":", "}"));
        }
        let quick = cases.iter().filter(|case| agree(case)).count();
        assert!(quick > 30, "{quick}");
    }

    /// Random documents: strings with escapes and unicode, numbers at the edges, deep nesting;
    /// then damaged copies of them.
    #[test]
    fn agrees_on_random_documents() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n.max(1) as u64).unwrap_or(0)
        };
        let (mut valid, mut quick) = (0, 0);
        for round in 0..3000 {
            let mut text = String::new();
            let depth_limit = if round % 50 == 0 { 140 } else { 6 };
            random_value(&mut text, 0, depth_limit, &mut next);
            let sure = agree(&text);
            if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
                valid += 1;
                quick += usize::from(sure);
            }
            let mut damaged = text.into_bytes();
            let at = next(damaged.len() + 1);
            match next(3) {
                0 => damaged.truncate(at),
                1 => damaged.insert(at, b",]}:\"\\ 0-x".get(next(11)).copied().unwrap_or(b',')),
                _ => {
                    if at < damaged.len() {
                        damaged.remove(at);
                    }
                }
            }
            if let Ok(damaged) = String::from_utf8(damaged) {
                agree(&damaged);
            }
        }
        assert!(valid > 2000 && quick * 2 > valid, "{quick} of {valid}");
    }

    fn random_value(out: &mut String, depth: usize, limit: usize, next: &mut impl FnMut(usize) -> usize) {
        const SPACE: [&str; 5] = ["", " ", "\n  ", "\t", "\r\n"];
        const NUMBERS: [&str; 16] = [
            "0",
            "-0",
            "1",
            "-1",
            "42",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "3.25",
            "-0.0",
            "6.02e23",
            "1e-7",
        ];
        const PIECES: [&str; 14] = [
            "a",
            "Z",
            " ",
            "日本",
            "é",
            "✓",
            "\\n",
            "\\\"",
            "\\\\",
            "\\/",
            "\\u0041",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\t",
        ];
        out.push_str(SPACE.get(next(SPACE.len())).copied().unwrap_or_default());
        let nested = if depth >= limit {
            7
        } else if limit > 100 {
            next(2) + 4
        } else {
            next(8)
        };
        match nested {
            4 | 5 => {
                let array = nested == 4;
                out.push(if array { '[' } else { '{' });
                let count = if limit > 100 { 1 } else { next(4) };
                for i in 0..count {
                    if i > 0 {
                        out.push(',');
                    }
                    if !array {
                        random_string(out, &PIECES, next);
                        out.push(':');
                    }
                    random_value(out, depth + 1, limit, next);
                }
                out.push(if array { ']' } else { '}' });
            }
            0 | 1 => random_string(out, &PIECES, next),
            2 => out.push_str(NUMBERS.get(next(NUMBERS.len())).copied().unwrap_or("0")),
            3 => out.push_str(["true", "false", "null"].get(next(3)).copied().unwrap_or("null")),
            _ => out.push_str(NUMBERS.get(next(4)).copied().unwrap_or("0")),
        }
        out.push_str(SPACE.get(next(SPACE.len())).copied().unwrap_or_default());
    }

    fn random_string(out: &mut String, pieces: &[&str], next: &mut impl FnMut(usize) -> usize) {
        out.push('"');
        for _ in 0..next(12) {
            out.push_str(pieces.get(next(pieces.len())).copied().unwrap_or("a"));
        }
        out.push('"');
    }
}
