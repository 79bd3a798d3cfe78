//! A book, or a part of it, saved as one WAV file at a chosen speed with the pitch kept — to
//! listen on another device. A talking book's recorded audio is rendered as it is (its text
//! without a recording spoken in place); a book without recorded audio is spoken sentence by
//! sentence by the installed speech engines.
//! The one export that `tomoshibi export-audio` and the reader's "Save as audio file" share.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::audio::{AudioError, ExportOptions, ExportWatch, export_wav};
use super::book_audio::{BookMedia, Mark, RangeError, clip_range};
use super::book_speech::{SpeechExportError, export_speech, sentence_range};
use super::clock;
use super::read_aloud::synth::{Engines, default_voices_dir};
use super::skippable::Skippable;
use super::unrecorded::{Programme, SpokenText};
use crate::book::Publication;
use crate::fl;
use crate::reading;

/// What to save.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The WAV file to write.
    pub out: PathBuf,
    /// Speed, 0.5–4.0, pitch kept.
    pub speed: f32,
    /// Where to start (default: the beginning).
    pub from: Option<Mark>,
    /// Where to stop, not included (default: the end).
    pub to: Option<Mark>,
    /// The voice chosen per language for books spoken by the engines (primary subtag →
    /// voice id, as in the settings).
    pub voices: BTreeMap<String, String>,
    /// What a talking book leaves out (page numbers, notes…), as in the settings.
    pub skip: BTreeSet<Skippable>,
}

/// What was saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// The file written.
    pub path: PathBuf,
    /// Its playing time in seconds.
    pub seconds: u64,
    /// Audio files left out because they are missing or unreadable.
    pub skipped: Vec<String>,
    /// Why text without a recording could not be spoken (it was left out), if so.
    pub unspoken: Option<String>,
}

impl Exported {
    /// "Wrote F: 3 min 2 s of audio." and the files left out, translated.
    pub fn message(&self) -> String {
        let mut text = fl!(
            "export-done",
            path = self.path.display().to_string(),
            minutes = (self.seconds / 60).to_string(),
            seconds = (self.seconds % 60).to_string()
        );
        for href in &self.skipped {
            text.push('\n');
            text.push_str(&fl!("export-skipped", href = href.clone()));
        }
        if let Some(reason) = &self.unspoken {
            text.push('\n');
            text.push_str(&fl!("player-unspoken", reason = reason.clone()));
        }
        text
    }
}

/// Why the book could not be saved as audio.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExportError {
    /// A place is not in the book, or the range runs backwards.
    #[error(transparent)]
    Range(RangeError),
    /// A time was given for a book without recorded audio.
    #[error("the book has no recorded audio, so it has no times")]
    TimeNeedsAudio,
    /// The recorded audio could not be written.
    #[error(transparent)]
    Audio(AudioError),
    /// The text could not be spoken or written.
    #[error(transparent)]
    Speech(SpeechExportError),
    /// Stopped on request; no file was left behind.
    #[error("cancelled")]
    Cancelled,
    /// The export's worker ended before finishing.
    #[error("the export stopped unexpectedly: {0}")]
    Worker(String),
}

impl ExportError {
    /// What went wrong and what to do, translated.
    pub fn message(&self) -> String {
        match self {
            Self::Range(error) => explain(error),
            Self::TimeNeedsAudio => fl!("export-time-needs-audio"),
            Self::Speech(SpeechExportError::Engine(e)) if e.is_missing() => {
                fl!("export-no-engine", reason = e.explain())
            }
            Self::Audio(AudioError::Cancelled)
            | Self::Speech(SpeechExportError::Cancelled)
            | Self::Cancelled => {
                fl!("export-cancelled")
            }
            Self::Audio(e) => fl!("export-failed", reason = e.to_string()),
            Self::Speech(SpeechExportError::Engine(e)) => fl!("export-failed", reason = e.explain()),
            Self::Speech(e) => fl!("export-failed", reason = e.to_string()),
            Self::Worker(reason) => fl!("export-failed", reason = reason.clone()),
        }
    }

    /// Whether the patron stopped it (nothing to apologise for).
    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            Self::Cancelled | Self::Audio(AudioError::Cancelled) | Self::Speech(SpeechExportError::Cancelled)
        )
    }
}

/// Whether `publication` is exported from its recorded audio (else it is spoken): it has
/// clips and at least one of their audio files came with the book.
pub fn has_recorded_audio(publication: &Publication) -> bool {
    publication.timeline.audio_files().iter().any(|href| publication.container.exists(href))
}

/// Writes `request.out`; `watch` sees the progress and can stop it (the partial file is then
/// removed). Runs for a while (about 2 s per 3 minutes of recorded audio in a debug build;
/// speech runs the engines per sentence): call it off the interface thread.
///
/// # Errors
/// [`ExportError`] saying what went wrong.
pub fn export_book(
    publication: &Publication,
    request: &ExportRequest,
    watch: &ExportWatch,
) -> Result<Exported, ExportError> {
    let (from, to) = (request.from.as_ref(), request.to.as_ref());
    if !has_recorded_audio(publication) {
        let sentences = sentence_range(publication, from, to).map_err(|e| match e {
            RangeError::NoAudio => ExportError::TimeNeedsAudio,
            other => ExportError::Range(other),
        })?;
        let engines = Engines {
            voices: request.voices.clone(),
            ..Engines::locate(&default_voices_dir().unwrap_or_default())
        };
        let done = export_speech(&engines, &sentences, request.speed, &request.out, watch)
            .map_err(ExportError::Speech)?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let seconds = done.pcm_seconds.round() as u64;
        return Ok(Exported { path: request.out.clone(), seconds, skipped: Vec::new(), unspoken: None });
    }
    // Text without a recording is spoken in its place, as the player does.
    let units = reading::units(publication, reading::RubyMode::Hidden);
    let programme = Programme::recorded(publication, &units).with_speech(publication, &units).skipping(
        publication,
        &units,
        &request.skip,
    );
    let clips = clip_range(publication, &programme, &units, from, to).map_err(ExportError::Range)?;
    let engines = Engines {
        voices: request.voices.clone(),
        ..Engines::locate(&default_voices_dir().unwrap_or_default())
    };
    let spoken = SpokenText::new(Arc::new(engines), programme.sentences);
    let opener = Arc::new(BookMedia::with_speech(publication.container.clone(), spoken));
    let options =
        ExportOptions { speed: request.speed, watch: Some(watch.clone()), ..ExportOptions::default() };
    let summary = export_wav(opener, &clips, &request.out, &options).map_err(ExportError::Audio)?;
    let mut exported = Exported {
        path: request.out.clone(),
        seconds: summary.duration().as_secs(),
        skipped: Vec::new(),
        unspoken: None,
    };
    for (href, error) in summary.skipped {
        match error {
            AudioError::Unspoken { reason, .. } => {
                exported.unspoken.get_or_insert(reason);
            }
            _ => exported.skipped.push(href),
        }
    }
    Ok(exported)
}

/// A place that cannot be used, translated.
pub fn explain(error: &RangeError) -> String {
    match error {
        RangeError::Unreadable(text) => fl!("export-bad-place", place = text.clone()),
        RangeError::NotInBook(Mark::Page(label)) => fl!("export-no-page", page = label.clone()),
        RangeError::NotInBook(Mark::Heading(n)) => fl!("export-no-heading", number = n.to_string()),
        RangeError::NotInBook(Mark::Time(ms)) => fl!("export-past-end", time = clock::format(*ms)),
        RangeError::NotInBook(Mark::Unit(_)) => fl!("export-no-place"),
        RangeError::NoAudio => fl!("export-no-audio"),
        RangeError::Backwards => fl!("export-backwards"),
    }
}
