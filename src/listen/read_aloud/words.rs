//! Word ranges for highlighting while speaking.
//!
//! Latin and other spaced scripts split at white space and punctuation, keeping `don't`,
//! `e-mail`, `3.14` and `U.S` whole. Japanese has no spaces, so it is grouped cheaply by
//! script runs in the shape of a *bunsetsu*: a run of kanji or katakana takes the hiragana
//! that follow it (okurigana and particles), so `吾輩は猫である` becomes `吾輩は` `猫である`.
//! A hiragana run that starts a phrase stands alone. No dictionary is needed.

use std::ops::Range;

use super::script::{Script, script};

/// Characters that join two letters or digits into one word (`don't`, `e-mail`, `3.14`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | ',' | '_' | '·')
}

/// Splits `text` into words; returns their byte ranges in order.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<(usize, Script)> = None;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let mut kind = script(c);
        if kind == Script::Prolong {
            kind = current.map_or(Script::Katakana, |(_, k)| k);
        }
        if kind == Script::Other {
            let joins = is_joiner(c)
                && current.is_some_and(|(_, k)| k == Script::Alphanumeric)
                && chars.get(i + 1).is_some_and(|&(_, n)| script(n) == Script::Alphanumeric);
            if !joins && let Some((start, _)) = current.take() {
                out.push(start..at);
            }
            continue;
        }
        current = match current {
            Some((start, previous)) if continues(previous, kind) => Some((start, kind_after(previous, kind))),
            Some((start, _)) => {
                out.push(start..at);
                Some((at, kind))
            }
            None => Some((at, kind)),
        };
    }
    if let Some((start, _)) = current {
        out.push(start..text.len());
    }
    out
}

/// Whether a character of script `next` continues a word of script `previous`.
fn continues(previous: Script, next: Script) -> bool {
    previous == next || matches!((previous, next), (Script::Kanji | Script::Katakana, Script::Hiragana))
}

/// The script a word is "in" after adding a character: once hiragana follows kanji, more
/// kanji starts a new word.
fn kind_after(previous: Script, next: Script) -> Script {
    if previous == Script::Kanji && next == Script::Hiragana { Script::Hiragana } else { next }
}

/// The words inside `range` of `text` (a sentence), as byte ranges of `text`.
pub fn words_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(range.clone()) else { return Vec::new() };
    words(slice).into_iter().map(|w| w.start + range.start..w.end + range.start).collect()
}

/// Longest `spoken × shown` (in characters) aligned; longer sentences get no word marks.
const ALIGN_LIMIT: usize = 1 << 20;

/// Where the words of `spoken` (byte ranges) are in `shown`, the same sentence as shown
/// when the two differ (ruby readings spoken instead of their bases, or in brackets after
/// them): the characters are aligned (longest common subsequence), and each word runs from
/// where the previous one ended (its leading punctuation and spaces left out) to its last
/// aligned character, so a base like 山路 goes with the word read as やまみちを. `None`
/// for a word with no aligned character.
pub fn shown_words(spoken: &str, words: &[Range<usize>], shown: &str) -> Vec<Option<Range<usize>>> {
    let a: Vec<(usize, char)> = spoken.char_indices().collect();
    let b: Vec<(usize, char)> = shown.char_indices().collect();
    if a.len().saturating_mul(b.len()) > ALIGN_LIMIT {
        return vec![None; words.len()];
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u16; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            let here = if a.get(i).map(|x| x.1) == b.get(j).map(|x| x.1) {
                lcs.get((i + 1) * width + j + 1).copied().unwrap_or(0) + 1
            } else {
                let down = lcs.get((i + 1) * width + j).copied().unwrap_or(0);
                down.max(lcs.get(i * width + j + 1).copied().unwrap_or(0))
            };
            if let Some(cell) = lcs.get_mut(i * width + j) {
                *cell = here;
            }
        }
    }
    // The shown byte range of each aligned spoken character, by its byte offset.
    let mut to_shown = std::collections::HashMap::new();
    let (mut i, mut j) = (0, 0);
    while let (Some(&(at, x)), Some(&(bt, y))) = (a.get(i), b.get(j)) {
        let cell = |i: usize, j: usize| lcs.get(i * width + j).copied().unwrap_or(0);
        if x == y {
            to_shown.insert(at, bt..bt + y.len_utf8());
            (i, j) = (i + 1, j + 1);
        } else if cell(i + 1, j) >= cell(i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
    let mut from = 0;
    words
        .iter()
        .map(|word| {
            let last = a
                .iter()
                .filter(|(at, _)| word.contains(at))
                .filter_map(|(at, _)| to_shown.get(at))
                .next_back()?;
            let start = shown.get(from..last.start).map_or(last.start, |gap| {
                let skipped = gap.len() - gap.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                from + skipped
            });
            from = last.end;
            Some(start..last.end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn word_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Hello, world!", &["Hello", "world"]),
            ("Don't stop — it's 3.14 e-mail.", &["Don't", "stop", "it's", "3.14", "e-mail"]),
            ("the U.S. economy", &["the", "U.S", "economy"]),
            ("1,000 yen", &["1,000", "yen"]),
            ("吾輩は猫である。", &["吾輩は", "猫である"]),
            ("名前はまだ無い。", &["名前はまだ", "無い"]),
            ("どこで生れたかとんと見当がつかぬ。", &["どこで", "生れたかとんと", "見当がつかぬ"]),
            ("コーヒーを飲む", &["コーヒーを", "飲む"]),
            ("すごーい", &["すごーい"]),
            ("人々は東京タワーへ", &["人々は", "東京", "タワーへ"]),
            ("山路を登りながら、こう考えた。", &["山路を", "登りながら", "こう", "考えた"]),
            ("日本語とEnglishの混在", &["日本語と", "English", "の", "混在"]),
            ("「おい」と声を掛けた", &["おい", "と", "声を", "掛けた"]),
            ("ｱｲｳｴｵ", &["ｱｲｳｴｵ"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn spoken_words_are_found_in_the_shown_sentence() {
        let spoken = "やまみちを登りながら、こう考えた。";
        let words = words(spoken);
        let shown_as = |shown: &str| -> Vec<Option<String>> {
            shown_words(spoken, &words, shown).into_iter().map(|r| r.map(|r| shown[r].to_owned())).collect()
        };
        let some = |w: &[&str]| w.iter().map(|w| Some((*w).to_owned())).collect::<Vec<_>>();
        assert_eq!(
            shown_as("山路を登りながら、こう考えた。"),
            some(&["山路を", "登りながら", "こう", "考えた"])
        );
        assert_eq!(
            shown_as("山路（やまみち）を登りながら、こう考えた。"),
            some(&["山路（やまみち）を", "登りながら", "こう", "考えた"])
        );
        assert_eq!(shown_words("abc", std::slice::from_ref(&(0..3)), "xyz"), [None]);
    }

    #[test]
    fn words_in_a_sentence_are_offsets_of_the_block() {
        let text = "猫だ。犬だ。";
        let ranges = words_in(text, 9..18);
        assert_eq!(ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["犬だ"]);
    }
}
