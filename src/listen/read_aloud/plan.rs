//! From a block of text (with ruby) to sentences ready to speak, keeping the way back:
//! sentences and words are found on the base text (what the reader sees), then mapped to
//! the spoken text (readings substituted), so highlights land on the base.

use std::ops::Range;

use super::driver::Sentence;
use super::ruby::RubyText;
use super::sentences::sentences;
use super::words::words_in;

/// A sentence to speak and where it is in the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSentence {
    /// What the driver speaks; its `words` are ranges of its spoken text.
    pub sentence: Sentence,
    /// The sentence's byte range in the block's base text.
    pub base: Range<usize>,
    /// The words' byte ranges in the block's base text, one per `sentence.words` entry.
    pub base_words: Vec<Range<usize>>,
}

impl PlannedSentence {
    /// The base-text range of the word the driver reported as `spoken` (a range of
    /// `sentence.text`), for highlighting.
    pub fn base_word(&self, spoken: &Range<usize>) -> Option<Range<usize>> {
        let index = self.sentence.words.iter().position(|w| w == spoken)?;
        self.base_words.get(index).cloned()
    }
}

/// Splits `block` into sentences in language `lang`, with ruby readings substituted for
/// Japanese.
pub fn plan_block(block: &RubyText, lang: &str) -> Vec<PlannedSentence> {
    let speech = block.to_speech(lang);
    let mut out = Vec::new();
    for base in sentences(&block.base) {
        let spoken = speech.range_to_spoken(base.clone());
        let Some(text) = speech.text.get(spoken.clone()) else { continue };
        let mut spoken_words = Vec::new();
        let mut base_words = Vec::new();
        for word in words_in(&block.base, base.clone()) {
            let s = speech.range_to_spoken(word.clone());
            let relative = s.start.saturating_sub(spoken.start)..s.end.saturating_sub(spoken.start);
            let overlaps = spoken_words.last().is_some_and(|last: &Range<usize>| relative.start < last.end);
            if relative.is_empty() || overlaps || text.get(relative.clone()).is_none() {
                continue;
            }
            spoken_words.push(relative);
            base_words.push(word);
        }
        let sentence = Sentence { text: text.to_owned(), lang: lang.to_owned(), words: spoken_words };
        out.push(PlannedSentence { sentence, base, base_words });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kusamakura_with_ruby() {
        let mut block = RubyText::new();
        block.push_ruby("山路", "やまみち").push_text("を登りながら、こう考えた。");
        block.push_ruby("智", "ち").push_text("に働けば");
        block.push_ruby("角", "かど").push_text("が立つ。");
        let plan = plan_block(&block, "ja");
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].sentence.text, "やまみちを登りながら、こう考えた。");
        assert_eq!(plan[1].sentence.text, "ちに働けばかどが立つ。");
        let spoken: Vec<&str> =
            plan[1].sentence.words.iter().map(|w| &plan[1].sentence.text[w.clone()]).collect();
        assert_eq!(spoken, ["ちに", "働けば", "かどが", "立つ"]);
        let first = plan[0].sentence.words[0].clone();
        assert_eq!(&block.base[plan[0].base_word(&first).unwrap()], "山路を");
        let third = plan[1].sentence.words[2].clone();
        assert_eq!(&block.base[plan[1].base_word(&third).unwrap()], "角が");
        assert_eq!(&block.base[plan[1].base.clone()], "智に働けば角が立つ。");
    }
}
