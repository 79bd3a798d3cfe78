//! Ruby (furigana) for speech: the text to send to the synthesiser, with each Japanese ruby
//! reading spoken in place of its base, and a map back so highlights land on the base text.
//!
//! A reading replaces its base only when the text is Japanese and the reading is written in
//! kana: that is what furigana is for (`山路` → `やまみち`, `本気` → `マジ`). Ruby used as a
//! gloss (Latin letters, kanji over kana, empty) keeps the base.

use std::ops::Range;

use super::script::is_kana;

/// One ruby annotation over a byte range of the base text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Byte range of the base (the annotated characters) in the base text.
    pub range: Range<usize>,
    /// The ruby text (the reading).
    pub reading: String,
}

/// Builds a base text and its annotations piece by piece, in reading order (the shape of
/// `book::model::Inline::{Text, Ruby}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RubyText {
    /// The base text as displayed.
    pub base: String,
    /// The annotations, sorted, not overlapping.
    pub annotations: Vec<Annotation>,
}

impl RubyText {
    /// An empty text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends plain text.
    pub fn push_text(&mut self, text: &str) -> &mut Self {
        self.base.push_str(text);
        self
    }

    /// Appends `base` annotated with `reading`.
    pub fn push_ruby(&mut self, base: &str, reading: &str) -> &mut Self {
        let start = self.base.len();
        self.base.push_str(base);
        self.annotations.push(Annotation { range: start..self.base.len(), reading: reading.to_owned() });
        self
    }

    /// The text to speak for language `lang` (BCP 47).
    pub fn to_speech(&self, lang: &str) -> SpeechText {
        SpeechText::new(&self.base, &self.annotations, lang)
    }
}

/// A stretch of spoken text and the stretch of base text it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    spoken: Range<usize>,
    original: Range<usize>,
    substituted: bool,
}

/// Text to speak, with the map back to the base text it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechText {
    /// The text to send to the synthesiser.
    pub text: String,
    segments: Vec<Segment>,
    original_len: usize,
}

impl SpeechText {
    /// Text spoken as written.
    pub fn plain(base: &str) -> Self {
        Self::new(base, &[], "und")
    }

    /// Substitutes the kana readings of `annotations` into `base` when `lang` is Japanese.
    /// Annotations that overlap an earlier one or do not fall on character boundaries are
    /// ignored.
    pub fn new(base: &str, annotations: &[Annotation], lang: &str) -> Self {
        let japanese = is_japanese_tag(lang);
        let mut sorted: Vec<&Annotation> = annotations.iter().collect();
        sorted.sort_by_key(|a| a.range.start);
        let mut text = String::with_capacity(base.len());
        let mut segments = Vec::new();
        let mut at = 0;
        for a in sorted {
            let valid = a.range.start >= at
                && a.range.start < a.range.end
                && base.get(a.range.clone()).is_some()
                && japanese
                && a.reading.chars().any(is_kana)
                && a.reading.chars().all(|c| is_kana(c) || c.is_whitespace());
            if !valid {
                continue;
            }
            push_segment(&mut text, &mut segments, base, at..a.range.start, None);
            push_segment(&mut text, &mut segments, base, a.range.clone(), Some(a.reading.trim()));
            at = a.range.end;
        }
        push_segment(&mut text, &mut segments, base, at..base.len(), None);
        Self { text, segments, original_len: base.len() }
    }

    /// The base-text byte offset for spoken byte offset `spoken`. Inside a reading it is the
    /// start of the base.
    pub fn to_original(&self, spoken: usize) -> usize {
        self.map(spoken, false, |s| (&s.spoken, &s.original), self.original_len)
    }

    /// The base-text range for a spoken range: a range touching a reading covers its whole
    /// base.
    pub fn range_to_original(&self, spoken: Range<usize>) -> Range<usize> {
        let start = self.map(spoken.start, false, |s| (&s.spoken, &s.original), self.original_len);
        let end = self.map(spoken.end, true, |s| (&s.spoken, &s.original), self.original_len);
        start..end.max(start)
    }

    /// The spoken byte offset for base-text byte offset `original`.
    pub fn to_spoken(&self, original: usize) -> usize {
        self.map(original, false, |s| (&s.original, &s.spoken), self.text.len())
    }

    /// The spoken range for a base-text range (a sentence or word found on the base text).
    pub fn range_to_spoken(&self, original: Range<usize>) -> Range<usize> {
        let start = self.map(original.start, false, |s| (&s.original, &s.spoken), self.text.len());
        let end = self.map(original.end, true, |s| (&s.original, &s.spoken), self.text.len());
        start..end.max(start)
    }

    /// Maps `offset` from one side of the segments to the other. Identity segments map
    /// byte for byte; substituted ones map to their start (or end, when `is_end`).
    fn map<F>(&self, offset: usize, is_end: bool, sides: F, len: usize) -> usize
    where
        F: Fn(&Segment) -> (&Range<usize>, &Range<usize>),
    {
        for segment in &self.segments {
            let (from, to) = sides(segment);
            let inside = if is_end {
                offset > from.start && offset <= from.end
            } else {
                offset >= from.start && offset < from.end
            };
            if !inside {
                continue;
            }
            if segment.substituted {
                return if is_end { to.end } else { to.start };
            }
            return to.start + (offset - from.start).min(to.len());
        }
        if offset == 0 { 0 } else { len }
    }
}

fn push_segment(
    text: &mut String,
    segments: &mut Vec<Segment>,
    base: &str,
    original: Range<usize>,
    reading: Option<&str>,
) {
    let piece = match reading {
        Some(r) => r,
        None => base.get(original.clone()).unwrap_or_default(),
    };
    if piece.is_empty() && original.is_empty() {
        return;
    }
    let start = text.len();
    text.push_str(piece);
    segments.push(Segment { spoken: start..text.len(), original, substituted: reading.is_some() });
}

/// Whether the BCP 47 `tag` is Japanese (`ja`, `ja-JP`, `ja-Hira`…).
pub fn is_japanese_tag(tag: &str) -> bool {
    tag.split(['-', '_']).next().is_some_and(|primary| primary.eq_ignore_ascii_case("ja"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kusamakura() -> RubyText {
        let mut t = RubyText::new();
        t.push_ruby("山路", "やまみち").push_text("を登りながら、こう考えた。");
        t.push_ruby("智", "ち").push_text("に働けば");
        t.push_ruby("角", "かど").push_text("が立つ。");
        t
    }

    #[test]
    fn readings_replace_bases_in_japanese() {
        let speech = kusamakura().to_speech("ja");
        assert_eq!(speech.text, "やまみちを登りながら、こう考えた。ちに働けばかどが立つ。");
    }

    #[test]
    fn other_languages_and_glosses_keep_the_base() {
        assert_eq!(kusamakura().to_speech("en").text, kusamakura().base);
        let mut gloss = RubyText::new();
        gloss.push_ruby("灯", "Tomoshibi").push_text("と");
        gloss.push_ruby("本気", "マジ").push_text("で");
        gloss.push_ruby("猫", "").push_text("。");
        assert_eq!(gloss.to_speech("ja-JP").text, "灯とマジで猫。");
    }

    #[test]
    fn offsets_map_back_to_the_base() {
        let t = kusamakura();
        let speech = t.to_speech("ja");
        // Word "やまみちを" (spoken 0..15) highlights "山路を" (base 0..9).
        let spoken_word = 0.."やまみちを".len();
        assert_eq!(&t.base[speech.range_to_original(spoken_word)], "山路を");
        // Inside a reading → the whole base.
        assert_eq!(&t.base[speech.range_to_original(3..6)], "山路");
        // Plain text after a reading maps byte for byte.
        let spoken = speech.text.find("登り").unwrap();
        assert_eq!(&t.base[speech.to_original(spoken)..][.."登り".len()], "登り");
        // The second sentence found on the base maps to its spoken text.
        let base_second = t.base.find("智").unwrap()..t.base.len();
        assert_eq!(&speech.text[speech.range_to_spoken(base_second)], "ちに働けばかどが立つ。");
        assert_eq!(speech.to_original(speech.text.len()), t.base.len());
    }

    #[test]
    fn overlapping_and_broken_annotations_are_ignored() {
        let base = "吾輩は猫";
        let annotations = [
            Annotation { range: 0..6, reading: "わがはい".into() },
            Annotation { range: 3..6, reading: "はい".into() },
            Annotation { range: 10..11, reading: "ね".into() },
            Annotation { range: 9..30, reading: "ねこ".into() },
        ];
        let speech = SpeechText::new(base, &annotations, "ja");
        assert_eq!(speech.text, "わがはいは猫");
        assert_eq!(SpeechText::plain(base).text, base);
    }

    #[test]
    fn japanese_tags() {
        for (tag, ja) in [("ja", true), ("ja-JP", true), ("JA_jp", true), ("jav", false), ("en", false)] {
            assert_eq!(is_japanese_tag(tag), ja, "{tag}");
        }
    }
}
