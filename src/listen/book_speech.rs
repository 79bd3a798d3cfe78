//! A book without recorded audio, spoken: its reading units (ruby readings in place of
//! their bases) split into sentences and rendered by a speech engine run as a separate
//! program per sentence — for `export-audio` of e-books.

use std::path::Path;

use super::audio::ExportWatch;
use super::book_audio::{Mark, RangeError};
use super::read_aloud::sentences::sentences;
use super::read_aloud::synth::{SynthError, Synthesizer};
use super::read_aloud::wav::Pcm;
use crate::book::Publication;
use crate::reading::{RubyMode, Unit, UnitKind, units};

/// One sentence to speak, in its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokenSentence {
    /// BCP 47 language tag.
    pub lang: String,
    /// The text to speak.
    pub text: String,
}

/// One sentence of a reading unit, in its language, with where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSentence {
    /// The reading unit.
    pub unit: usize,
    /// BCP 47 language tag: the unit's, else its document's, else the book's.
    pub lang: String,
    /// The text to speak (ruby readings in place of their bases).
    pub text: String,
    /// The sentence's byte range in the unit's shown text; the whole text when its
    /// sentences cannot be matched one to one with the spoken ones.
    pub shown: std::ops::Range<usize>,
    /// Where `text` starts in the unit's shown text, when the shown text is the spoken text
    /// (no ruby readings in between), so word positions map straight onto what is shown.
    pub same_as_shown_at: Option<usize>,
}

/// The sentences of units `range` (page breaks and sentences without letters or digits left
/// out), in reading order.
pub fn unit_sentences(
    publication: &Publication,
    units: &[Unit],
    range: std::ops::Range<usize>,
) -> Vec<UnitSentence> {
    let book_lang = publication.metadata.languages.first().cloned().unwrap_or_else(|| "en".to_owned());
    let mut out = Vec::new();
    for (index, unit) in units.iter().enumerate().take(range.end).skip(range.start) {
        if matches!(unit.kind, UnitKind::PageBreak(_)) {
            continue;
        }
        let lang = unit
            .lang
            .clone()
            .or_else(|| publication.documents.get(unit.document).and_then(|d| d.lang.clone()))
            .unwrap_or_else(|| book_lang.clone());
        let spoken = sentences(&unit.spoken);
        let shown = sentences(&unit.text);
        let matched = spoken.len() == shown.len();
        let same = unit.spoken == unit.text;
        for (i, range) in spoken.into_iter().enumerate() {
            let Some(raw) = unit.spoken.get(range.clone()) else { continue };
            let text = raw.trim();
            if !text.chars().any(char::is_alphanumeric) {
                continue;
            }
            let whole = 0..unit.text.len();
            let shown = if matched { shown.get(i).cloned().unwrap_or(whole) } else { whole };
            let at = range.start + (raw.len() - raw.trim_start().len());
            out.push(UnitSentence {
                unit: index,
                lang: lang.clone(),
                text: text.to_owned(),
                shown,
                same_as_shown_at: same.then_some(at),
            });
        }
    }
    out
}

/// The sentences from `from` (default: the start) up to `to` (default: the end).
///
/// # Errors
/// [`RangeError`] when a mark is not in the book, is a time (only recorded audio has
/// times), or the range runs backwards.
pub fn sentence_range(
    publication: &Publication,
    from: Option<&Mark>,
    to: Option<&Mark>,
) -> Result<Vec<SpokenSentence>, RangeError> {
    let all = units(publication, RubyMode::Hidden);
    let first = from.map_or(Ok(0), |m| unit_at(publication, &all, m))?;
    let last = to.map_or(Ok(all.len()), |m| unit_at(publication, &all, m))?;
    if last <= first {
        return Err(RangeError::Backwards);
    }
    Ok(unit_sentences(publication, &all, first..last)
        .into_iter()
        .map(|s| SpokenSentence { lang: s.lang, text: s.text })
        .collect())
}

/// The first unit at a mark.
fn unit_at(publication: &Publication, all: &[Unit], mark: &Mark) -> Result<usize, RangeError> {
    let not_in_book = || RangeError::NotInBook(mark.clone());
    let target = match mark {
        Mark::Time(_) => return Err(RangeError::NoAudio),
        Mark::Unit(unit) => return (*unit < all.len()).then_some(*unit).ok_or_else(not_in_book),
        Mark::Page(label) => {
            return all
                .iter()
                .position(|u| u.page.as_deref() == Some(label.as_str()))
                .ok_or_else(not_in_book);
        }
        Mark::Heading(n) => publication.navigation.toc_flat().get(n - 1).map(|e| e.target.clone()),
    }
    .ok_or_else(not_in_book)?;
    let document =
        publication.documents.iter().position(|d| d.href == target.href).ok_or_else(not_in_book)?;
    let block = target
        .locations
        .fragment
        .as_deref()
        .and_then(|f| publication.documents.get(document)?.block_of(f))
        .unwrap_or(0);
    all.iter().position(|u| u.document == document && u.block >= block).ok_or_else(not_in_book)
}

/// Why spoken audio could not be exported.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SpeechExportError {
    /// The speech engine failed or is not installed.
    #[error(transparent)]
    Engine(SynthError),
    /// The WAV file could not be written.
    #[error("the audio file could not be written: {0}")]
    Write(#[source] std::sync::Arc<std::io::Error>),
    /// Stopped on request.
    #[error("cancelled")]
    Cancelled,
}

/// What [`export_speech`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeechExport {
    /// The audio, as written.
    pub pcm_seconds: f64,
    /// Sentences spoken.
    pub sentences: usize,
}

/// Speaks `sentences` with `synth` at `rate` (0.5–4, pitch kept by the engine) with a short
/// pause after each, and writes one WAV file; `watch` sees the progress and can stop it.
///
/// # Errors
/// [`SpeechExportError::Engine`] (missing engine, time-out),
/// [`SpeechExportError::Write`] when the file cannot be written, or
/// [`SpeechExportError::Cancelled`] (nothing is left behind either way).
pub fn export_speech(
    synth: &dyn Synthesizer,
    sentences: &[SpokenSentence],
    rate: f32,
    path: &Path,
    watch: &ExportWatch,
) -> Result<SpeechExport, SpeechExportError> {
    let mut pcm: Option<Pcm> = None;
    let total = sentences.len() as u64;
    for (done, sentence) in (0u64..).zip(sentences) {
        if watch.is_cancelled() {
            return Err(SpeechExportError::Cancelled);
        }
        // Writing the file is the last step: the sentences are most of the work.
        watch.set_done(done, total + 1);
        let spoken =
            synth.synthesize(&sentence.text, &sentence.lang, rate).map_err(SpeechExportError::Engine)?;
        let all = pcm.get_or_insert_with(|| Pcm { sample_rate: spoken.sample_rate, samples: Vec::new() });
        all.append(&spoken);
        // A breath between sentences: 250 ms at 1×, shorter when faster.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let pause = (f64::from(all.sample_rate) * 0.25 / f64::from(rate.max(0.5))) as usize;
        all.samples.extend(std::iter::repeat_n(0, pause));
    }
    let pcm = pcm.unwrap_or_else(|| Pcm::silence(22_050));
    let partial = path.with_extension("wav.part");
    std::fs::write(&partial, pcm.to_wav()).and_then(|()| std::fs::rename(&partial, path)).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        SpeechExportError::Write(std::sync::Arc::new(e))
    })?;
    watch.set_done(1, 1);
    Ok(SpeechExport { pcm_seconds: pcm.duration().as_secs_f64(), sentences: sentences.len() })
}
