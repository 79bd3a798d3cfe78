//! Text a talking book has no recording of, spoken in its place: a document without a
//! media overlay (an EPUB's title page), a SMIL `par` with text and no audio (EPUB 3's
//! text-to-speech fallback), a paragraph the narrator left out. The player's
//! [`Programme`] puts one spoken clip per sentence of such text between the recorded clips,
//! where the text stands in the book, and [`SpokenText`] renders each one when the player
//! opens it (ahead of time, like the next audio file), so navigation, speed with pitch kept,
//! following in the reader and export work the same for both.
//!
//! Which text is covered follows the elements the pars point at: a par whose text is a
//! section, a list or a paragraph covers every block of it (see
//! [`Document::blocks_of`](crate::book::Document::blocks_of)); a par whose fragment cannot
//! be found covers its whole document, so nothing is ever read twice.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use super::audio::{AudioError, Clip, media_from_bytes};
use super::book_audio::{clip_units, clips};
use super::book_speech::{SpokenSentence, unit_sentences};
use super::read_aloud::synth::Synthesizer;
use super::skippable::Skippable;
use crate::book::Publication;
use crate::reading::{Unit, UnitKind};

/// How spoken clips' hrefs begin; no file inside a book has a scheme, so none can clash.
const SPEECH_HREF: &str = "tomoshibi-speech:";

/// A breath after each spoken sentence, as in read-aloud export (shortened by faster speeds).
const PAUSE_SECONDS: f64 = 0.25;

/// What the talking-book player plays: the recorded clips in the book's order, with the text
/// that has no recording spoken in between.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Programme {
    /// The clips in playing order. A recorded clip is numbered by its par in the book's
    /// timeline; a spoken one by the timeline's length plus its sentence's number.
    pub clips: Vec<Clip>,
    /// For each clip, the reading unit its text is in.
    pub units: Vec<usize>,
    /// What the spoken clips say, by number.
    pub sentences: Vec<SpokenSentence>,
}

impl Programme {
    /// The recorded clips of `publication` only (as [`clips`]), with their `units`.
    pub fn recorded(publication: &Publication, units: &[Unit]) -> Self {
        let clips = clips(&publication.timeline);
        let clip_units = clip_units(publication, &clips, units);
        Self { clips, units: clip_units, sentences: Vec::new() }
    }

    /// These recorded clips (from [`Programme::recorded`]) with a spoken clip for each
    /// sentence of the reading units no recording covers (see [`unrecorded_units`]), each
    /// placed before the first recorded clip that comes after it in the text (never inside a
    /// jump to a note).
    pub fn with_speech(self, publication: &Publication, units: &[Unit]) -> Self {
        let recorded = self;
        let unrecorded = unrecorded_units(publication, units);
        if recorded.clips.is_empty() || unrecorded.is_empty() {
            return recorded;
        }
        // The lowest unit any later clip reaches: text before it is spoken there.
        let mut lowest = recorded.units.clone();
        for i in (0..lowest.len().saturating_sub(1)).rev() {
            let next = lowest.get(i + 1).copied().unwrap_or(usize::MAX);
            if let Some(here) = lowest.get_mut(i) {
                *here = (*here).min(next);
            }
        }
        let base = publication.timeline.pars.len();
        let mut out = Self::default();
        let mut pending = unrecorded.into_iter().peekable();
        let mut speak_up_to = |limit: usize, out: &mut Self| {
            while let Some(unit) = pending.next_if(|u| *u < limit) {
                for sentence in unit_sentences(publication, units, unit..unit + 1) {
                    let number = out.sentences.len();
                    out.clips.push(Clip::new(base + number, spoken_href(number), 0, None));
                    out.units.push(unit);
                    out.sentences.push(SpokenSentence { lang: sentence.lang, text: sentence.text });
                }
            }
        };
        for ((clip, unit), limit) in recorded.clips.into_iter().zip(recorded.units).zip(lowest) {
            speak_up_to(limit, &mut out);
            out.clips.push(clip);
            out.units.push(unit);
        }
        speak_up_to(usize::MAX, &mut out);
        out
    }

    /// The same programme without the structures in `skip` (page numbers, notes…): a
    /// recorded clip by its par's role or else its unit's kind, a spoken one by its unit's.
    pub fn skipping(mut self, publication: &Publication, units: &[Unit], skip: &BTreeSet<Skippable>) -> Self {
        if skip.is_empty() {
            return self;
        }
        let pars = &publication.timeline.pars;
        let kept = |(clip, unit): &(Clip, usize)| {
            let role = pars.get(clip.index).and_then(|p| p.role.as_deref()).and_then(Skippable::of_role);
            let kind = || units.get(*unit).and_then(|u| Skippable::of_unit(&u.kind));
            role.or_else(kind).is_none_or(|structure| !skip.contains(&structure))
        };
        let pairs = std::mem::take(&mut self.clips).into_iter().zip(std::mem::take(&mut self.units));
        (self.clips, self.units) = pairs.filter(kept).unzip();
        self
    }

    /// Whether clip `clip` (its place in [`Programme::clips`]) is spoken, not recorded.
    pub fn is_spoken(&self, clip: usize) -> bool {
        self.clips.get(clip).is_some_and(is_spoken)
    }
}

/// Whether `clip` is a spoken one (text without a recording), not a file of the book.
pub fn is_spoken(clip: &Clip) -> bool {
    sentence_number(&clip.href).is_some()
}

/// The href of spoken sentence `number`.
fn spoken_href(number: usize) -> String {
    format!("{SPEECH_HREF}{number}.wav")
}

/// The sentence number a spoken clip's href names; `None` for a file of the book.
fn sentence_number(href: &str) -> Option<usize> {
    href.strip_prefix(SPEECH_HREF)?.strip_suffix(".wav")?.parse().ok()
}

/// The reading units (by index in `units`) whose text no recorded clip of the book covers,
/// in reading order: every unit of a document no par with audio points into, and in the
/// others every unit whose block lies outside the elements those pars point at (but no
/// picture: its alt text is left to the narrator there). Books without recorded audio have
/// none (they are read aloud as a whole instead).
pub fn unrecorded_units(publication: &Publication, units: &[Unit]) -> Vec<usize> {
    let document_of: HashMap<&str, usize> =
        publication.documents.iter().enumerate().map(|(i, d)| (d.href.as_str(), i)).collect();
    let mut covered: Vec<Cover> = vec![Cover::Nothing; publication.documents.len()];
    let mut found_any = false;
    let mut blocks_by_id: HashMap<usize, HashMap<&str, Range<usize>>> = HashMap::new();
    for par in publication.timeline.pars.iter().filter(|p| p.audio.is_some()) {
        found_any = true;
        let Some(text) = &par.text else { continue };
        let Some(&document) = document_of.get(text.href.as_str()) else { continue };
        let Some(cover) = covered.get_mut(document) else { continue };
        let blocks = text.fragment.as_deref().and_then(|id| {
            let ids = blocks_by_id
                .entry(document)
                .or_insert_with(|| publication.documents.get(document).map(block_ranges).unwrap_or_default());
            ids.get(id).cloned()
        });
        match blocks {
            Some(blocks) => cover.add(blocks),
            // The whole document, or an element we cannot place: all of it counts as recorded.
            None => *cover = Cover::All,
        }
    }
    if !found_any {
        return Vec::new();
    }
    covered.iter_mut().for_each(Cover::finish);
    let unrecorded = |unit: &Unit| match covered.get(unit.document) {
        Some(Cover::Nothing) => true,
        // Narrators describe the pictures they want described (often by reading the caption
        // that follows); a machine voice reading the alt text too would mostly repeat it.
        Some(cover) => !cover.covers(unit.block) && !matches!(unit.kind, UnitKind::Image),
        None => false,
    };
    units.iter().enumerate().filter(|(_, unit)| unrecorded(unit)).map(|(index, _)| index).collect()
}

/// Every element id of a document with the top-level blocks it takes up.
fn block_ranges(document: &crate::book::Document) -> HashMap<&str, Range<usize>> {
    let mut out: HashMap<&str, Range<usize>> = HashMap::new();
    for (id, block) in &document.anchors {
        out.entry(id.as_str()).or_insert(*block..*block + 1);
    }
    for (id, blocks) in &document.spans {
        out.insert(id.as_str(), blocks.clone());
    }
    out
}

/// The blocks of one document that recorded clips cover.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cover {
    Nothing,
    Blocks(Vec<Range<usize>>),
    All,
}

impl Cover {
    fn add(&mut self, blocks: Range<usize>) {
        match self {
            Self::Nothing => *self = Self::Blocks(vec![blocks]),
            Self::Blocks(all) => all.push(blocks),
            Self::All => {}
        }
    }

    /// Sorts and merges the blocks, so that [`Cover::covers`] looks them up by halves.
    fn finish(&mut self) {
        let Self::Blocks(all) = self else { return };
        all.sort_unstable_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(all.len());
        for range in all.drain(..) {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        *all = merged;
    }

    /// Whether `block` is covered (after [`Cover::finish`]).
    fn covers(&self, block: usize) -> bool {
        match self {
            Self::Nothing => false,
            Self::Blocks(all) => {
                let after = all.partition_point(|r| r.end <= block);
                all.get(after).is_some_and(|r| r.start <= block)
            }
            Self::All => true,
        }
    }
}

/// Renders spoken clips for the player's opener: the [`Programme`]'s sentences through a
/// speech engine run as a separate program, at normal speed (the player changes the speed
/// with the pitch kept, as for recordings).
pub struct SpokenText {
    synthesizer: Arc<dyn Synthesizer>,
    sentences: Vec<SpokenSentence>,
}

impl SpokenText {
    /// Speaks `sentences` (a [`Programme`]'s) with `synthesizer`.
    pub fn new(synthesizer: Arc<dyn Synthesizer>, sentences: Vec<SpokenSentence>) -> Self {
        Self { synthesizer, sentences }
    }

    /// The spoken clip `href` as WAV audio; `None` when `href` is a file of the book.
    pub fn open(&self, href: &str) -> Option<Result<Box<dyn symphonia::core::io::MediaSource>, AudioError>> {
        let number = sentence_number(href)?;
        let unspoken = |reason: String| AudioError::Unspoken { href: href.to_owned(), reason };
        let Some(sentence) = self.sentences.get(number) else {
            return Some(Err(unspoken(format!("no sentence {number}"))));
        };
        Some(match self.synthesizer.synthesize(&sentence.text, &sentence.lang, 1.0) {
            Ok(mut pcm) => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let pause = (f64::from(pcm.sample_rate) * PAUSE_SECONDS) as usize;
                pcm.samples.extend(std::iter::repeat_n(0, pause));
                Ok(media_from_bytes(pcm.to_wav().into()))
            }
            Err(error) => Err(unspoken(error.explain())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_hrefs_name_their_sentence_and_no_book_file_does() {
        assert_eq!(sentence_number(&spoken_href(0)), Some(0));
        assert_eq!(sentence_number(&spoken_href(1234)), Some(1234));
        for href in ["audio/01.mp3", "tomoshibi-speech:x.wav", "speech:1.wav", "tomoshibi-speech:1"] {
            assert_eq!(sentence_number(href), None, "{href}");
        }
    }

    #[test]
    fn a_cover_holds_its_blocks_only() {
        let mut cover = Cover::Nothing;
        assert!(!cover.covers(0));
        for blocks in [7..8, 2..4, 3..5, 3..4, 9..9, 12..15, 15..16] {
            cover.add(blocks);
        }
        cover.finish();
        assert_eq!(cover, Cover::Blocks(vec![2..5, 7..8, 9..9, 12..16]), "sorted and merged");
        assert_eq!((0..20).filter(|b| cover.covers(*b)).collect::<Vec<_>>(), [2, 3, 4, 7, 12, 13, 14, 15]);
        cover = Cover::All;
        cover.add(1..2);
        assert!(cover.covers(99));
    }
}
