//! `tomoshibi export-audio BOOK --out FILE.wav [--speed X] [--from PLACE] [--to PLACE]`:
//! a talking book's recorded audio, or a part of it, as one WAV file at the chosen speed
//! with the pitch kept — to listen on another device. A book without recorded audio is
//! spoken by the installed speech engines instead.

use std::path::PathBuf;
use std::sync::Arc;

use crate::book::Publication;
use crate::fl;
use crate::listen::audio::{ExportOptions, export_wav};
use crate::listen::book_audio::{BookMedia, Mark, RangeError, clip_range};
use crate::listen::book_speech::{SpeechExportError, export_speech, sentence_range};
use crate::listen::read_aloud::synth::{Engines, default_voices_dir};

/// A parsed `export-audio` invocation.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportArgs {
    /// The book.
    pub book: PathBuf,
    /// The WAV file to write.
    pub out: PathBuf,
    /// Speed, 0.5–4.0.
    pub speed: f32,
    /// Where to start (default: the beginning).
    pub from: Option<String>,
    /// Where to stop (default: the end).
    pub to: Option<String>,
}

/// Parses the words after `export-audio`.
///
/// # Errors
/// [`super::CliError`] when a word is unknown, a value is missing or the speed is out of range.
pub fn parse(args: Vec<String>) -> Result<ExportArgs, super::CliError> {
    use super::CliError;
    let mut words = args.into_iter();
    let (mut book, mut out, mut speed, mut from, mut to) = (None, None, 1.0f32, None, None);
    while let Some(word) = words.next() {
        let mut value = || words.next().ok_or_else(|| CliError::Unknown(word.clone()));
        match word.as_str() {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--from" => from = Some(value()?),
            "--to" => to = Some(value()?),
            "--speed" => {
                let text = value()?;
                speed =
                    text.parse().ok().filter(|s| (0.5..=4.0).contains(s)).ok_or(CliError::Unknown(text))?;
            }
            _ if word.starts_with("--") => return Err(CliError::Unknown(word)),
            _ if book.is_none() => book = Some(PathBuf::from(word)),
            _ => return Err(CliError::Unknown(word)),
        }
    }
    match (book, out) {
        (Some(book), Some(out)) => Ok(ExportArgs { book, out, speed, from, to }),
        _ => Err(CliError::MissingPath),
    }
}

/// Writes the WAV file; the text to print, or the translated reason it failed.
///
/// # Errors
/// A translated message saying what went wrong and what to do.
pub fn run(args: &ExportArgs) -> Result<String, String> {
    let path = args.book.display().to_string();
    let publication = crate::book::open(&args.book)
        .map_err(|e| fl!("inspect-failed", path = path.clone(), reason = e.to_string()))?;
    let mark = |text: &Option<String>| text.as_deref().map(Mark::parse).transpose();
    let (from, to) = (mark(&args.from).map_err(explain)?, mark(&args.to).map_err(explain)?);
    // No recorded audio, or none of its files came with the book (a text-only copy).
    if publication.timeline.audio_files().iter().all(|href| !publication.container.exists(href)) {
        return speak(&publication, args, from.as_ref(), to.as_ref());
    }
    let clips = clip_range(&publication, from.as_ref(), to.as_ref()).map_err(explain)?;
    let opener = Arc::new(BookMedia::new(publication.container.clone()));
    let options = ExportOptions { speed: args.speed, ..ExportOptions::default() };
    let summary = export_wav(opener, &clips, &args.out, &options)
        .map_err(|e| fl!("export-failed", reason = e.to_string()))?;
    let seconds = summary.duration().as_secs();
    let mut text = fl!(
        "export-done",
        path = args.out.display().to_string(),
        minutes = (seconds / 60).to_string(),
        seconds = (seconds % 60).to_string()
    );
    for (href, _) in &summary.skipped {
        text.push('\n');
        text.push_str(&fl!("export-skipped", href = href.clone()));
    }
    Ok(text)
}

/// A book without recorded audio: its text spoken by the installed engines (Open JTalk for
/// Japanese, espeak-ng for other languages), one sentence at a time.
fn speak(
    publication: &Publication,
    args: &ExportArgs,
    from: Option<&Mark>,
    to: Option<&Mark>,
) -> Result<String, String> {
    let sentences = sentence_range(publication, from, to).map_err(|e| match e {
        RangeError::NoAudio => fl!("export-time-needs-audio"),
        other => explain(other),
    })?;
    let voices = default_voices_dir().unwrap_or_default();
    let engines = Engines::locate(&voices);
    let done = export_speech(&engines, &sentences, args.speed, &args.out).map_err(|e| match e {
        SpeechExportError::Engine(e) if e.is_missing() => fl!("export-no-engine", reason = e.to_string()),
        other => fl!("export-failed", reason = other.to_string()),
    })?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = done.pcm_seconds.round() as u64;
    Ok(fl!(
        "export-done",
        path = args.out.display().to_string(),
        minutes = (seconds / 60).to_string(),
        seconds = (seconds % 60).to_string()
    ))
}

fn explain(error: RangeError) -> String {
    match error {
        RangeError::Unreadable(text) => fl!("export-bad-place", place = text),
        RangeError::NotInBook(Mark::Page(label)) => fl!("export-no-page", page = label),
        RangeError::NotInBook(Mark::Heading(n)) => fl!("export-no-heading", number = n.to_string()),
        RangeError::NotInBook(Mark::Time(ms)) => {
            let seconds = ms / 1000;
            let time = format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
            fl!("export-past-end", time = time)
        }
        RangeError::NoAudio => fl!("export-no-audio"),
        RangeError::Backwards => fl!("export-backwards"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<ExportArgs, super::super::CliError> {
        parse(args.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn arguments() {
        let args =
            p(&["book.zip", "--out", "a.wav", "--speed", "2.5", "--from", "1:00", "--to", "page:3"]).unwrap();
        assert_eq!(args.book, PathBuf::from("book.zip"));
        assert_eq!(args.out, PathBuf::from("a.wav"));
        assert!((args.speed - 2.5).abs() < f32::EPSILON);
        assert_eq!((args.from.as_deref(), args.to.as_deref()), (Some("1:00"), Some("page:3")));
        assert!(p(&["book.zip"]).is_err(), "--out is required");
        assert!(p(&["book.zip", "--out", "a.wav", "--speed", "9"]).is_err());
        assert!(p(&["book.zip", "--out"]).is_err());
        assert!(p(&["book.zip", "--out", "a.wav", "--loud"]).is_err());
    }
}
