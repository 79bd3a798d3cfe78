//! Sentence boundaries in one block of text, as byte ranges, for Japanese,
//! English and text that mixes them.
//!
//! The rules are deliberately small and predictable (no dictionary):
//! - Japanese `。！？` (and `｡`, half-width `!?` next to Japanese) end a sentence; closing
//!   brackets and quotes after them stay with the sentence.
//! - Nothing splits inside a matched `「…」`/`『…』`/`（…）` pair shorter than
//!   [`MAX_QUOTE_BYTES`]; the closing bracket ends a sentence when the quote itself ended one
//!   (`…。」`) or when it is followed by a space, a new quote or the end, but not when a
//!   particle follows (`「おい」と声を掛けた`).
//! - English `. ! ?` end a sentence only before white space (or Japanese); the next word must
//!   not start lowercase, and the word before a period must not be an abbreviation (`Mr.`,
//!   `e.g.`), an initial (`J. R. R.`) or a number's decimal point (`3.14` never has a space).
//! - Ellipses (`……`, `…`, `...`) end a sentence only before a line break, the end, or white
//!   space followed by something that can start a sentence.
//! - Every line break ends a sentence.
//!
//! Ranges are trimmed of white space (including the full-width indent `　`) and never empty.
//! `book::Locator` stores character offsets: convert with [`char_offset`].

use std::ops::Range;

use super::script::{Script, is_closer, is_hiragana, is_line_break, is_opener, matching_opener, script};

/// Quotes longer than this (in bytes, about 200 Japanese characters) may split inside, so a
/// page-long speech is not highlighted as one sentence.
pub const MAX_QUOTE_BYTES: usize = 600;

/// Abbreviations after which a period never ends a sentence (lowercase, without the last `.`).
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "mt", "messrs", "mme", "mlle", "rev", "hon", "gen", "col", "capt",
    "lt", "sgt", "sen", "rep", "gov", "e.g", "i.e", "cf", "vs", "viz", "fig", "figs", "vol", "vols", "ch",
    "pp", "approx", "dept", "est", "ca", "al",
];

/// Abbreviations that may also end a sentence: they end one before an uppercase word.
const MAY_BE_FINAL: &[&str] = &[
    "etc", "u.s", "u.s.a", "u.k", "u.n", "e.u", "d.c", "inc", "ltd", "co", "corp", "jr", "sr", "a.m", "p.m",
    "ph.d", "b.c", "a.d",
];

/// Splits `text` into sentences; returns their byte ranges in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let quotes = Quotes::find(&chars);
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        if is_line_break(c) {
            push_trimmed(text, start..at, &mut out);
            start = at + c.len_utf8();
            i += 1;
            continue;
        }
        if quotes.inside.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        if quotes.closes.get(i).copied().unwrap_or(false) {
            let next = chars.get(i + 1).map(|&(_, n)| n);
            if next.is_some_and(|n| is_terminator(n) || is_closer(n)) {
                i += 1;
                continue;
            }
            let ended_inside =
                i.checked_sub(1).and_then(|p| chars.get(p)).is_some_and(|&(_, p)| is_terminator(p));
            let boundary = match next {
                None => true,
                Some(n) if is_hiragana(n) => false,
                Some(n) if n.is_whitespace() || is_opener(n) => true,
                Some(_) => ended_inside,
            };
            if boundary {
                let end = at + c.len_utf8();
                push_trimmed(text, start..end, &mut out);
                start = end;
            }
            i += 1;
            continue;
        }
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|&(_, d)| is_terminator(d) || is_closer(d)) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let run = text.get(at..end).unwrap_or_default();
        if ends_sentence(text, &chars, i, j, run) {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
        i = j.max(i + 1);
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Where to cut a Japanese sentence after its first clause (the byte just after the first
/// 読点 `、` or `，`), so that the voice can start on a short piece: Open JTalk renders a
/// whole utterance before the first sample, about 12× faster than it is spoken. `None` when
/// there is no such comma, or either side would have no letters.
pub fn first_clause_end(text: &str) -> Option<usize> {
    let (at, comma) = text.char_indices().find(|(_, c)| matches!(c, '、' | '，'))?;
    let end = at + comma.len_utf8();
    let (head, tail) = (text.get(..at)?, text.get(end..)?);
    let lettered = |part: &str| part.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    (lettered(head) && lettered(tail)).then_some(end)
}

/// The character (Unicode scalar) offset of byte offset `byte` in `text`, as stored in a
/// `Locator`'s `text_offset`. A byte inside a character counts that character.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|&(b, _)| b < byte).count()
}

/// The byte offset of the character offset `chars` in `text` (the end when past it).
pub fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b)
}

/// Which characters are inside a matched, short bracket pair, and which close one.
struct Quotes {
    inside: Vec<bool>,
    closes: Vec<bool>,
}

impl Quotes {
    fn find(chars: &[(usize, char)]) -> Self {
        let mut inside = vec![false; chars.len()];
        let mut closes = vec![false; chars.len()];
        let mut stack: Vec<(usize, char)> = Vec::new();
        for (i, &(at, c)) in chars.iter().enumerate() {
            if is_opener(c) {
                stack.push((i, c));
                continue;
            }
            let Some(opener) = matching_opener(c) else { continue };
            let Some(depth) = stack.iter().rposition(|&(_, o)| o == opener) else { continue };
            let (open_index, _) = stack.get(depth).copied().unwrap_or((0, opener));
            stack.truncate(depth);
            let open_at = chars.get(open_index).map_or(0, |&(b, _)| b);
            if stack.is_empty() && at - open_at <= MAX_QUOTE_BYTES {
                for flag in inside.iter_mut().take(i).skip(open_index + 1) {
                    *flag = true;
                }
                if let Some(flag) = closes.get_mut(i) {
                    *flag = true;
                }
            }
        }
        Self { inside, closes }
    }
}

/// Characters that can end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '｡' | '！' | '？' | '．' | '.' | '!' | '?' | '…' | '‥' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Whether the terminator run `chars[i..j]` (text `run`) ends a sentence.
fn ends_sentence(text: &str, chars: &[(usize, char)], i: usize, j: usize, run: &str) -> bool {
    let next = chars.get(j).map(|&(_, n)| n);
    if run.contains(['。', '｡']) {
        return true;
    }
    let japanese_next =
        next.is_some_and(|n| matches!(script(n), Script::Kanji | Script::Hiragana | Script::Katakana));
    let strong = run.contains(['！', '？', '!', '?', '‼', '⁇', '⁈', '⁉']);
    if strong && run.contains(['！', '？']) {
        // まさか！と思った: a quoting particle continues the sentence.
        return next != Some('と');
    }
    let after_space = first_after_space(chars, j);
    let can_start = |c: Option<char>| c.is_none_or(|c| !c.is_lowercase());
    let is_ellipsis = run.contains(['…', '‥']) || run.contains("...");
    match next {
        None => true,
        Some(n) if is_line_break(n) => true,
        Some(n) if n.is_whitespace() => {
            if is_ellipsis || strong {
                return can_start(after_space);
            }
            period_ends(text, chars, i, after_space)
        }
        Some(_) if is_ellipsis => false,
        Some(_) => japanese_next && (strong || !preceded_by_latin_abbreviation(text, chars, i)),
    }
}

/// The first non-white-space character at or after `j`.
fn first_after_space(chars: &[(usize, char)], j: usize) -> Option<char> {
    chars.iter().skip(j).map(|&(_, c)| c).find(|c| !c.is_whitespace())
}

/// Whether a period at `chars[i]`, followed by white space and then `after`, ends a sentence.
fn period_ends(text: &str, chars: &[(usize, char)], i: usize, after: Option<char>) -> bool {
    let Some(after) = after else { return true };
    if after.is_lowercase() {
        return false;
    }
    let word = word_before(text, chars, i).to_lowercase();
    if word == "no" && after.is_ascii_digit() {
        return false;
    }
    if NEVER_FINAL.contains(&word.as_str()) {
        return false;
    }
    if MAY_BE_FINAL.contains(&word.as_str()) {
        return !after.is_ascii_digit();
    }
    let original = word_before(text, chars, i);
    let is_initials = !original.is_empty()
        && original.split('.').all(|part| {
            let mut letters = part.chars();
            letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
        });
    !is_initials
}

/// Whether the word before the period at `chars[i]` is a known abbreviation.
fn preceded_by_latin_abbreviation(text: &str, chars: &[(usize, char)], i: usize) -> bool {
    let word = word_before(text, chars, i).to_lowercase();
    NEVER_FINAL.contains(&word.as_str())
}

/// The letters-and-dots word ending just before `chars[i]` (`"U.S"` for `U.S.`).
fn word_before<'t>(text: &'t str, chars: &[(usize, char)], i: usize) -> &'t str {
    let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut start = end;
    for &(b, c) in chars.iter().take(i).rev() {
        if c.is_alphanumeric() && c.is_ascii() || c == '.' {
            start = b;
        } else {
            break;
        }
    }
    text.get(start..end).unwrap_or_default()
}

/// Pushes `range` without leading/trailing white space, if anything is left.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(slice) = text.get(range.clone()) else { return };
    let trimmed_start = slice.len() - slice.trim_start().len();
    let trimmed_end = slice.trim_end().len();
    if trimmed_end > trimmed_start {
        out.push(range.start + trimmed_start..range.start + trimmed_end);
    }
}

#[cfg(test)]
mod tests;
