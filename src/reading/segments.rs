//! Where horizontal text may break into lines when the reader sets it piece by piece
//! (ruby above its base, or extra letter spacing): Latin words stay whole, Japanese
//! breaks between any two characters except where typesetting rules forbid it
//! (kinsoku: closing punctuation and small kana never start a line, opening brackets
//! never end one), and a ruby base stays whole with its reading.

use super::RubySpan;
use super::vertical::{NO_END, NO_START};
use std::ops::Range;

/// A piece of text that is never broken across lines: one or more parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Its parts, in order.
    pub parts: Vec<Part>,
}

/// Part of a segment: plain text, or a ruby base with its reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its byte range in the text.
    pub bytes: Range<usize>,
    /// The ruby reading over it, when it is a ruby base.
    pub reading: Option<String>,
}

/// Whether a line may break before `c` when it follows Japanese text.
fn cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Cuts `text` into the pieces a line may break between.
pub fn segments(text: &str, ruby: &[RubySpan]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut chars = text.char_indices().peekable();
    // Whether the previous segment must stay with the next (an opening bracket).
    let mut glue_next = false;
    while let Some((start, c)) = chars.next() {
        if let Some(r) = ruby.iter().find(|r| r.base.start == start && r.base.end <= text.len()) {
            while chars.peek().is_some_and(|(at, _)| *at < r.base.end) {
                chars.next();
            }
            push(&mut out, r.base.clone(), Some(r.reading.clone()), std::mem::take(&mut glue_next));
            continue;
        }
        let mut end = start + c.len_utf8();
        if !cjk(c) && !c.is_whitespace() {
            // A Latin word with the spaces after it.
            while let Some(&(at, next)) = chars.peek() {
                if cjk(next) || ruby.iter().any(|r| r.base.start == at) {
                    break;
                }
                if next.is_whitespace() {
                    end = at + next.len_utf8();
                    chars.next();
                    while let Some(&(at, s)) = chars.peek().filter(|(_, s)| s.is_whitespace()) {
                        end = at + s.len_utf8();
                        chars.next();
                    }
                    break;
                }
                end = at + next.len_utf8();
                chars.next();
            }
        }
        let glue = std::mem::take(&mut glue_next) || NO_START.contains(c);
        push(&mut out, start..end, None, glue);
        glue_next = NO_END.contains(c);
    }
    out
}

/// Adds a part as a new segment, or to the last one when they must stay together.
fn push(out: &mut Vec<Segment>, bytes: Range<usize>, reading: Option<String>, glue: bool) {
    let Some(last) = out.last_mut().filter(|_| glue) else {
        out.push(Segment { parts: vec![Part { bytes, reading }] });
        return;
    };
    match last.parts.last_mut() {
        Some(part) if part.reading.is_none() && reading.is_none() && part.bytes.end == bytes.start => {
            part.bytes.end = bytes.end;
        }
        _ => last.parts.push(Part { bytes, reading }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut<'a>(text: &'a str, ruby: &[RubySpan]) -> Vec<Vec<(&'a str, Option<String>)>> {
        segments(text, ruby)
            .into_iter()
            .map(|s| s.parts.into_iter().map(|p| (&text[p.bytes], p.reading)).collect())
            .collect()
    }

    fn plain(text: &str) -> Vec<&str> {
        cut(text, &[]).into_iter().map(|s| s[0].0).collect()
    }

    #[test]
    fn latin_words_stay_whole() {
        assert_eq!(plain("The quick  fox."), ["The ", "quick  ", "fox."]);
    }

    #[test]
    fn japanese_breaks_between_characters_but_not_before_closing_marks() {
        assert_eq!(plain("「山路を、ちょっと」。"), ["「山", "路", "を、", "ちょっ", "と」。"]);
    }

    #[test]
    fn a_ruby_base_is_one_piece_with_its_reading() {
        let ruby = [RubySpan { base: 3..9, reading: "くさまくら".into() }];
        // The brackets stay with the base; the Latin word after them is a piece of its own.
        let reading = Some("くさまくら".to_owned());
        assert_eq!(
            cut("「草枕」EPUB", &ruby),
            [vec![("「", None), ("草枕", reading), ("」", None)], vec![("EPUB", None)]]
        );
    }
}
