//! Quick byte-level helpers for the feed readers: [`trim`], and finding the first of a few
//! bytes eight bytes at a time (without `unsafe` or SIMD intrinsics), which the quick XML and
//! JSON readers use to find the end of text, attribute values and strings, mostly a few dozen
//! bytes long (too short for `memchr`'s setup to pay, too long for a plain byte loop).
//!
//! Each test flags the bytes of a little-endian word that match with their high bit. A flag
//! can also be set wrongly, but only in a byte above one rightly flagged (the borrow of a
//! subtraction moves upwards), so the lowest flag of the word always marks the first match.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Flags the bytes of `word` equal to `byte`.
pub(crate) fn equal(word: u64, byte: u8) -> u64 {
    let zeroed = word ^ (ONES * u64::from(byte));
    zeroed.wrapping_sub(ONES) & !zeroed & HIGH
}

/// Flags the bytes of `word` below `limit` (at most `0x80`).
pub(crate) fn below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH
}

/// The position of the first byte from `at` on for which `hit` holds, or the length of
/// `bytes` if there is none. `flags` must flag exactly the bytes of a word for which `hit`
/// holds (see [`equal`] and [`below`]).
pub(crate) fn find(
    bytes: &[u8],
    mut at: usize,
    flags: impl Fn(u64) -> u64,
    hit: impl Fn(u8) -> bool,
) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let found = flags(u64::from_le_bytes(chunk));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(|&b| !hit(b)) {
        at += 1;
    }
    at
}

/// [`str::trim`], answered at once for the usual text that starts and ends with a visible
/// ASCII character (no Unicode white space can be at either end then).
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| (0x21..0x80).contains(&b));
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) { text } else { text.trim() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_as_str_trim_does() {
        let cases = [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "\u{3000}a\u{3000}",
            "a\u{3000}",
            "\u{a0}a",
            "\u{7f}",
            "\u{85}x",
            "\tx\n",
            "x\r",
            "日本 ",
            " 日本",
            "日本",
            "a\u{2028}",
            "\u{feff}a",
        ];
        for case in cases {
            assert_eq!(trim(case), case.trim(), "{case:?}");
        }
    }

    /// Against a plain byte loop, at every start, for bytes around the ones looked for.
    #[test]
    fn finds_what_a_byte_loop_finds() {
        let alphabet =
            [b'"', b'\\', b'<', b'&', b'\r', b'\n', 0x00, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xff, b'a', 0x01];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let flags = |w: u64| equal(w, b'"') | equal(w, b'<') | below(w, 0x20);
        let hit = |b: u8| b == b'"' || b == b'<' || b < 0x20;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|i| {
                    let pick = (state >> (i % 50)) as usize % (alphabet.len() * 4);
                    alphabet.get(pick).copied().unwrap_or(b'x')
                })
                .collect();
            for at in 0..=len {
                let expected = bytes.iter().skip(at).position(|&b| hit(b)).map_or(len, |i| at + i);
                assert_eq!(find(&bytes, at, flags, hit), expected, "{bytes:?} from {at}");
            }
        }
    }
}
