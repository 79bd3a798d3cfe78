//! When each word of a sentence is heard, from the trace Open JTalk writes with `-ot FILE`.
//!
//! The trace holds the text analysis (one line per morpheme: its surface as written, and
//! its accent type / mora count) and the output labels (one line per phoneme: start and end
//! in units of 100 ns, and its full context, whose `/A:` … part is the same for every
//! phoneme of one mora). Morphemes take their morae in order; each morpheme's surface is
//! found in the sentence (Open JTalk writes Latin letters and digits full-width and
//! spells numbers out, so surfaces that are not found are given the text between the
//! neighbours that are). A character's time is then interpolated within its morpheme.

use std::ops::Range;
use std::time::Duration;

/// One morpheme of the text analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    /// As Open JTalk wrote it (`山路`, `ＡＢＣ`, `二` for a digit of `2024`).
    pub surface: String,
    /// Morae spoken (0 for punctuation).
    pub morae: usize,
}

/// The parts of an `-ot` trace used for word timing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trace {
    /// The morphemes, in order.
    pub morphemes: Vec<Morpheme>,
    /// Each spoken mora's start and end (silences and pauses left out), in order.
    pub morae: Vec<Range<Duration>>,
}

impl Trace {
    /// Reads the trace text; parts it cannot read are left out (the timing then covers
    /// less of the sentence, never more).
    pub fn parse(text: &str) -> Self {
        let mut section = "";
        let mut morphemes = Vec::new();
        let mut morae: Vec<Range<Duration>> = Vec::new();
        let mut last_mora: Option<&str> = None;
        for line in text.lines() {
            if line.starts_with('[') {
                section = line;
                continue;
            }
            match section {
                "[Text analysis result]" => {
                    if let Some(m) = morpheme(line) {
                        morphemes.push(m);
                    }
                }
                "[Output label]" => {
                    let mut fields = line.split_whitespace();
                    let (Some(start), Some(end), Some(label)) = (fields.next(), fields.next(), fields.next())
                    else {
                        continue;
                    };
                    let (Ok(start), Ok(end)) = (start.parse::<u64>(), end.parse::<u64>()) else { continue };
                    let phoneme = label.split(['-', '+']).nth(1).unwrap_or_default();
                    if matches!(phoneme, "sil" | "pau") {
                        last_mora = None;
                        continue;
                    }
                    let (start, end) = (Duration::from_nanos(start * 100), Duration::from_nanos(end * 100));
                    let context = label.find("/A:").and_then(|at| label.get(at..));
                    match morae.last_mut() {
                        Some(mora) if context.is_some() && context == last_mora => mora.end = end,
                        _ => morae.push(start..end),
                    }
                    last_mora = context;
                }
                _ => {}
            }
        }
        Self { morphemes, morae }
    }

    /// When each of `words` (byte ranges of `text`, the sentence that was spoken) starts,
    /// from the start of the rendered audio. `None` for a word the trace does not cover.
    /// Times never decrease from one word to the next.
    pub fn word_starts(&self, text: &str, words: &[Range<usize>]) -> Vec<Option<Duration>> {
        let spans = self.spans(text);
        let mut last = Duration::ZERO;
        words
            .iter()
            .map(|word| {
                let at = time_at(&spans, text, word.start)?;
                last = last.max(at);
                Some(last)
            })
            .collect()
    }

    /// The spoken morphemes as byte ranges of `text` (the sentence that was spoken) with
    /// when they are heard; punctuation and morphemes not found in `text` are left out.
    pub fn spans(&self, text: &str) -> Vec<(Range<usize>, Range<Duration>)> {
        let ranges = locate(text, &self.morphemes);
        let mut out = Vec::new();
        let mut mora = 0;
        for (morpheme, range) in self.morphemes.iter().zip(ranges) {
            let first = mora;
            mora += morpheme.morae;
            let (Some(range), Some(start), Some(end)) =
                (range, self.morae.get(first), self.morae.get(mora.saturating_sub(1)))
            else {
                continue;
            };
            if morpheme.morae > 0 {
                out.push((range, start.start..end.end));
            }
        }
        out
    }
}

/// A line of the text analysis: `surface,pos,…,reading,pronunciation,accent/morae,…`.
fn morpheme(line: &str) -> Option<Morpheme> {
    let fields: Vec<&str> = line.split(',').collect();
    let surface = (*fields.first()?).to_owned();
    if surface.is_empty() {
        return None;
    }
    let morae = fields.get(10).and_then(|f| f.split('/').nth(1)).and_then(|n| n.parse().ok());
    let morae = morae.or_else(|| fields.get(9).map(|p| count_morae(p)))?;
    Some(Morpheme { surface, morae })
}

/// Morae in a katakana pronunciation: small kana join the one before.
fn count_morae(pronunciation: &str) -> usize {
    pronunciation.chars().filter(|c| c.is_alphabetic() && !"ャュョァィゥェォヮ".contains(*c)).count()
}

/// Where each morpheme's surface is in `text`, in order. Surfaces not found (numbers spelt
/// out) share the text between the found ones around them, the whole gap going to the
/// first of them.
fn locate(text: &str, morphemes: &[Morpheme]) -> Vec<Option<Range<usize>>> {
    let mut out = vec![None; morphemes.len()];
    let mut at = 0;
    let mut pending: Option<usize> = None;
    for (i, morpheme) in morphemes.iter().enumerate() {
        let found = find_from(text, at, &morpheme.surface);
        match found {
            Some(range) => {
                if let Some(first) = pending.take()
                    && range.start > at
                    && let Some(slot) = out.get_mut(first)
                {
                    *slot = Some(at..range.start);
                }
                at = range.end;
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(range);
                }
            }
            None => {
                pending.get_or_insert(i);
            }
        }
    }
    if let Some(first) = pending
        && at < text.len()
        && let Some(slot) = out.get_mut(first)
    {
        *slot = Some(at..text.len());
    }
    out
}

/// How far ahead (in characters) a surface is looked for: past spelt-out numbers and
/// characters Open JTalk dropped, not into the next clause.
const LOOK_AHEAD: usize = 12;

/// `surface` in `text` at or shortly after byte `from`, compared with full-width letters,
/// digits and spaces folded to their ASCII forms.
fn find_from(text: &str, from: usize, surface: &str) -> Option<Range<usize>> {
    let wanted: Vec<char> = surface.chars().map(fold).collect();
    let rest = text.get(from..)?;
    for (skip, (offset, _)) in rest.char_indices().enumerate() {
        if skip > LOOK_AHEAD {
            return None;
        }
        let mut chars = rest.get(offset..)?.char_indices();
        let matched = wanted.iter().all(|w| chars.next().is_some_and(|(_, c)| fold(c) == *w));
        if matched {
            let len: usize = rest.get(offset..)?.chars().take(wanted.len()).map(char::len_utf8).sum();
            return Some(from + offset..from + offset + len);
        }
    }
    None
}

/// Full-width ASCII → ASCII, ideographic space → space; other characters unchanged.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c.to_ascii_lowercase(),
    }
}

/// The time at byte `at` of `text`: inside a morpheme, interpolated by characters; between
/// morphemes, the start of the next one.
fn time_at(spans: &[(Range<usize>, Range<Duration>)], text: &str, at: usize) -> Option<Duration> {
    let (range, time) = spans.iter().find(|(range, _)| range.end > at)?;
    if at <= range.start {
        return Some(time.start);
    }
    let chars = |r: Range<usize>| text.get(r).map_or(0, |s| s.chars().count()) as u32;
    let (before, all) = (chars(range.start..at), chars(range.clone()).max(1));
    Some(time.start + (time.end.saturating_sub(time.start)) * before / all)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `open_jtalk -ot` wrote for `山路を登りながら、` (labels trimmed after `/A:…/`).
    const TRACE: &str = "[Text analysis result]
山路,名詞,一般,*,*,*,*,山路,ヤマジ,ヤマジ,2/3,C2,-1
を,助詞,格助詞,一般,*,*,*,を,ヲ,ヲ,0/1,動詞%F5/名詞%F1,1
登り,動詞,自立,*,*,五段・ラ行,連用形,登る,ノボリ,ノボリ,4/3,*,0
ながら,助詞,接続助詞,*,*,*,*,ながら,ナガラ,ナガラ,1/3,名詞%F4@1/動詞%F4@1,1
、,記号,読点,*,*,*,*,、,、,、,0/0,*,0

[Output label]
0 2700000 xx^xx-sil+y=a/A:xx+xx+xx/F:xx
2700000 3500000 xx^sil-y+a=m/A:-1+1+4/F:4_2
3500000 4200000 sil^y-a+m=a/A:-1+1+4/F:4_2
4200000 4750000 y^a-m+a=j/A:0+2+3/F:4_2
4750000 5450000 a^m-a+j=i/A:0+2+3/F:4_2
5450000 6050000 m^a-j+i=o/A:1+3+2/F:4_2
6050000 6850000 a^j-i+o=n/A:1+3+2/F:4_2
6850000 7600000 j^i-o+n=o/A:2+4+1/F:4_2
7600000 8050000 i^o-n+o=b/A:-3+1+6/F:6_4
8050000 8800000 o^n-o+b=o/A:-3+1+6/F:6_4
8800000 9300000 n^o-b+o=r/A:-2+2+5/F:6_4
9300000 10050000 o^b-o+r=i/A:-2+2+5/F:6_4
10050000 10350000 b^o-r+i=n/A:-1+3+4/F:6_4
10350000 11100000 o^r-i+n=a/A:-1+3+4/F:6_4
11100000 11550000 r^i-n+a=g/A:0+4+3/F:6_4
11550000 12300000 i^n-a+g=a/A:0+4+3/F:6_4
12300000 12800000 n^a-g+a=r/A:1+5+2/F:6_4
12800000 13600000 a^g-a+r=a/A:1+5+2/F:6_4
13600000 13900000 g^a-r+a=sil/A:2+6+1/F:6_4
13900000 15550000 a^r-a+sil=xx/A:2+6+1/F:6_4
15550000 19450000 r^a-sil+xx=xx/A:xx+xx+xx/F:xx

[Global parameter]
";

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn morae_and_morphemes_are_read() {
        let trace = Trace::parse(TRACE);
        assert_eq!(trace.morphemes.len(), 5);
        assert_eq!(trace.morphemes.iter().map(|m| m.morae).sum::<usize>(), 10);
        assert_eq!(trace.morae.len(), 10, "ya ma ji o no bo ri na ga ra");
        assert_eq!(trace.morae[0], ms(270)..ms(420));
        assert_eq!(trace.morae[3], ms(685)..ms(760));
    }

    #[test]
    fn words_start_when_their_first_mora_does() {
        let text = "山路を登りながら、";
        let trace = Trace::parse(TRACE);
        let words = crate::listen::read_aloud::words::words(text);
        assert_eq!(words.iter().map(|w| &text[w.clone()]).collect::<Vec<_>>(), ["山路を", "登りながら"]);
        assert_eq!(trace.word_starts(text, &words), [Some(ms(270)), Some(ms(760))]);
        // Inside a morpheme, by characters: 路 is half-way through ヤマジ.
        let (middle, after) = (3..6, 27..27);
        let half_way = ms(270) + (ms(685) - ms(270)) / 2;
        assert_eq!(trace.word_starts(text, std::slice::from_ref(&middle)), [Some(half_way)]);
        assert_eq!(
            trace.word_starts(text, std::slice::from_ref(&after)),
            [None],
            "after the last spoken morpheme"
        );
    }

    #[test]
    fn spelt_out_numbers_and_full_width_letters_are_found() {
        let m = |s: &str, morae| Morpheme { surface: s.into(), morae };
        let text = "2024年にABCを";
        let morphemes = [
            m("二", 1),
            m("千", 2),
            m("二", 1),
            m("十", 2),
            m("四", 1),
            m("年", 2),
            m("に", 1),
            m("ＡＢＣ", 6),
            m("を", 1),
        ];
        let ranges = locate(text, &morphemes);
        assert_eq!(ranges[0], Some(0..4), "the digits go to the first spelt-out morpheme");
        assert_eq!(ranges[1..5], [None, None, None, None]);
        assert_eq!(ranges[5], Some(4..7));
        assert_eq!(ranges[7], Some(10..13));
        assert_eq!(ranges[8], Some(13..16));
        assert_eq!(count_morae("ジュー"), 2);
        assert_eq!(count_morae("ヒャク"), 2);
    }
}
