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
    fn words_in_a_sentence_are_offsets_of_the_block() {
        let text = "猫だ。犬だ。";
        let ranges = words_in(text, 9..18);
        assert_eq!(ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["犬だ"]);
    }
}
