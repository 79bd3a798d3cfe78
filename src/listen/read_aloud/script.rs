//! Character classes shared by sentence, word and ruby handling.

/// The writing system of one character, as far as segmentation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Kanji, including the iteration mark `々`, `〆`, `〇` and `ヶ`.
    Kanji,
    /// Hiragana.
    Hiragana,
    /// Katakana (full and half width).
    Katakana,
    /// The long-vowel mark `ー`, which takes the script of the character before it.
    Prolong,
    /// Letters and digits of other scripts (Latin, Cyrillic, full-width Latin, digits…).
    Alphanumeric,
    /// Everything else: white space, punctuation, symbols.
    Other,
}

/// The [`Script`] of `c`.
pub fn script(c: char) -> Script {
    match c {
        'ー' | 'ｰ' | '〜' => Script::Prolong,
        '々' | '〆' | '〇' | 'ヶ' | 'ヵ' => Script::Kanji,
        '\u{3041}'..='\u{309F}' => Script::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => Script::Katakana,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Script::Kanji,
        c if c.is_alphanumeric() => Script::Alphanumeric,
        _ => Script::Other,
    }
}

/// Whether `c` is hiragana.
pub fn is_hiragana(c: char) -> bool {
    script(c) == Script::Hiragana
}

/// Whether `c` is kana (hiragana, katakana, the long-vowel mark) — what a ruby reading is
/// written in when it tells how to pronounce the base.
pub fn is_kana(c: char) -> bool {
    matches!(script(c), Script::Hiragana | Script::Katakana | Script::Prolong)
}

/// Whether `c` is written in a Japanese script (kanji, hiragana, katakana).
pub fn is_japanese(c: char) -> bool {
    matches!(script(c), Script::Kanji | Script::Hiragana | Script::Katakana | Script::Prolong)
}

/// Whether `c` breaks a line.
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Brackets whose contents stay in one sentence, as (opening, closing) pairs.
const PAIRS: &[(char, char)] = &[
    ('「', '」'),
    ('『', '』'),
    ('（', '）'),
    ('【', '】'),
    ('〈', '〉'),
    ('《', '》'),
    ('〔', '〕'),
    ('［', '］'),
    ('｛', '｝'),
    ('〝', '〟'),
    ('｢', '｣'),
];

/// Whether `c` opens a bracket pair that keeps its contents together.
pub fn is_opener(c: char) -> bool {
    PAIRS.iter().any(|&(o, _)| o == c)
}

/// The opening bracket that `c` closes, when `c` is a closing bracket of the pairs above.
pub fn matching_opener(c: char) -> Option<char> {
    PAIRS.iter().find(|&&(_, close)| close == c).map(|&(o, _)| o)
}

/// Whether `c` closes a bracket or quote and so stays with the sentence before it.
pub fn is_closer(c: char) -> bool {
    matching_opener(c).is_some() || matches!(c, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '›' | '〞')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        for (c, s) in [
            ('猫', Script::Kanji),
            ('々', Script::Kanji),
            ('ね', Script::Hiragana),
            ('ネ', Script::Katakana),
            ('ｱ', Script::Katakana),
            ('ー', Script::Prolong),
            ('A', Script::Alphanumeric),
            ('３', Script::Alphanumeric),
            ('。', Script::Other),
            ('　', Script::Other),
        ] {
            assert_eq!(script(c), s, "{c}");
        }
    }
}
