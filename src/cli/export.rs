//! `tomoshibi export-audio BOOK --out FILE.wav [--speed X] [--from PLACE] [--to PLACE]`:
//! a talking book's recorded audio, or a part of it, as one WAV file at the chosen speed
//! with the pitch kept — to listen on another device. A book without recorded audio is
//! spoken by the installed speech engines instead.

use std::path::PathBuf;

use crate::fl;
use crate::listen::audio::ExportWatch;
use crate::listen::book_audio::Mark;
use crate::listen::book_export::{ExportRequest, explain, export_book};

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

/// Writes the WAV file (books spoken by the engines use the voices chosen in Settings); the
/// text to print, or the translated reason it failed.
///
/// # Errors
/// A translated message saying what went wrong and what to do.
pub fn run(args: &ExportArgs) -> Result<String, String> {
    let path = args.book.display().to_string();
    let publication = crate::book::open(&args.book)
        .map_err(|e| fl!("inspect-failed", path = path.clone(), reason = e.to_string()))?;
    let mark = |text: &Option<String>| text.as_deref().map(Mark::parse).transpose();
    let from = mark(&args.from).map_err(|e| explain(&e))?;
    let to = mark(&args.to).map_err(|e| explain(&e))?;
    // The voices chosen in the app's Settings read the book here too, and leave out the same.
    let settings = crate::store::Settings::peek(&crate::store::Paths::from_environment().settings_file())
        .unwrap_or_default();
    let (voices, skip) = (settings.voices, settings.skip);
    let request = ExportRequest { out: args.out.clone(), speed: args.speed, from, to, voices, skip };
    export_book(&publication, &request, &ExportWatch::default())
        .map(|done| done.message())
        .map_err(|e| e.message())
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
