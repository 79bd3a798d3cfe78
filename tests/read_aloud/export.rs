//! `export-audio` of books without recorded audio: the text, spoken sentence by sentence by
//! the installed engines, into one WAV file.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;

use tomoshibi::listen::book_audio::{Mark, RangeError};
use tomoshibi::listen::book_speech::{export_speech, sentence_range};
use tomoshibi::listen::read_aloud::synth::{Engines, default_voices_dir};

fn book(name: &str) -> tomoshibi::book::Publication {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books").join(name);
    tomoshibi::book::open(&path).unwrap()
}

fn engines() -> Engines {
    let voices = std::env::var_os("TOMOSHIBI_VOICES_DIR").map(PathBuf::from).or_else(default_voices_dir);
    Engines::locate(&voices.unwrap_or_default())
}

#[test]
fn a_section_of_an_english_book_is_spoken_into_one_file() {
    let engines = engines();
    if engines.espeak_ng.is_none() {
        eprintln!("SKIPPED: espeak-ng is not installed (run .ci/setup)");
        return;
    }
    let book = book("wasteland.epub");
    // "IV. DEATH BY WATER": from its heading to the next.
    let sentences = sentence_range(&book, Some(&Mark::Heading(4)), Some(&Mark::Heading(5))).unwrap();
    assert!(sentences.len() >= 3, "{sentences:?}");
    assert!(sentences.iter().take(2).any(|s| s.text.contains("DEATH BY WATER")), "{:?}", &sentences[..2]);
    assert!(sentences.iter().all(|s| s.lang.starts_with("en")), "{sentences:?}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("death-by-water.wav");
    let done = export_speech(&engines, &sentences, 1.0, &out, &Default::default()).unwrap();
    let wav = hound::WavReader::open(&out).unwrap();
    let seconds = f64::from(wav.duration()) / f64::from(wav.spec().sample_rate);
    assert!((seconds - done.pcm_seconds).abs() < 0.01);
    // Ten lines of verse take well over ten seconds to say, and not minutes.
    assert!((10.0..120.0).contains(&seconds), "{seconds}");
    let samples: Vec<i16> = wav.into_samples::<i16>().map(Result::unwrap).collect();
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 1000).count();
    assert!(loud > samples.len() / 20, "speech, not silence: {loud} of {}", samples.len());
    assert!(!dir.path().join("death-by-water.wav.part").exists());
    // Text books have no times.
    assert_eq!(sentence_range(&book, Some(&Mark::Time(1000)), None), Err(RangeError::NoAudio));
}

#[test]
fn japanese_text_goes_to_open_jtalk_with_ruby_readings() {
    let engines = engines();
    if engines.open_jtalk.is_none() {
        eprintln!("SKIPPED: Open JTalk or its voice is not installed (run .ci/setup)");
        return;
    }
    let book = book("kusamakura.epub");
    let sentences = sentence_range(&book, Some(&Mark::Heading(1)), Some(&Mark::Heading(2))).unwrap();
    assert!(sentences.iter().all(|s| s.lang.starts_with("ja")), "{:?}", &sentences[..3]);
    // The famous opening, with its ruby readings spoken in place of the kanji.
    let opening = sentences.iter().find(|s| s.text.contains("智")).unwrap_or(&sentences[1]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kusamakura.wav");
    let done =
        export_speech(&engines, std::slice::from_ref(opening), 1.0, &out, &Default::default()).unwrap();
    assert!(done.pcm_seconds > 1.0, "{done:?} for {opening:?}");
}

/// The reader's "Save as audio file" on a book without recordings: the paragraphs between two
/// reading units, spoken; Unit marks select the same sentences as the headings they stand on.
#[test]
fn a_part_of_an_e_book_is_saved_by_reading_unit() {
    use tomoshibi::listen::audio::ExportWatch;
    use tomoshibi::listen::book_export::{ExportRequest, export_book};
    if engines().espeak_ng.is_none() {
        eprintln!("SKIPPED: espeak-ng is not installed (run .ci/setup)");
        return;
    }
    let book = book("wasteland.epub");
    let units = tomoshibi::reading::units(&book, tomoshibi::reading::RubyMode::Hidden);
    let start = units.iter().position(|u| u.text.contains("DEATH BY WATER")).unwrap();
    let by_unit = sentence_range(&book, Some(&Mark::Unit(start)), Some(&Mark::Unit(start + 3))).unwrap();
    assert!(by_unit.iter().take(2).any(|s| s.text.contains("DEATH BY WATER")), "{by_unit:?}");
    assert!(sentence_range(&book, Some(&Mark::Unit(units.len())), None).is_err());
    let dir = tempfile::tempdir().unwrap();
    let request = ExportRequest {
        out: dir.path().join("part.wav"),
        speed: 2.0,
        from: Some(Mark::Unit(start)),
        to: Some(Mark::Unit(start + 3)),
        voices: Default::default(),
        skip: Default::default(),
    };
    let watch = ExportWatch::default();
    let done = export_book(&book, &request, &watch).unwrap();
    assert!((1..60).contains(&done.seconds), "{done:?}");
    assert!((watch.fraction() - 1.0).abs() < f32::EPSILON);
    assert!(done.message().contains("part.wav"));
}
