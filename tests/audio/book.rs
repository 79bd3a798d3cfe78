//! Real talking books from the fixtures through the book adapter: every clip of the
//! timeline plays, the sum of the clips is the book's time, a heading starts at its
//! clipBegin, and exports at 2× and 3× are a half and a third as long.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::sync::Arc;

use tomoshibi::listen::audio::{ExportOptions, MediaOpener, export_wav};
use tomoshibi::listen::book_audio::{BookMedia, Mark, clip_range, clips, par_at};

/// The clips between two marks, text without a recording spoken (as the export does).
fn clips_between(
    book: &tomoshibi::book::Publication,
    from: Option<&Mark>,
    to: Option<&Mark>,
) -> Result<Vec<tomoshibi::listen::audio::Clip>, tomoshibi::listen::book_audio::RangeError> {
    let units = tomoshibi::reading::units(book, tomoshibi::reading::RubyMode::Hidden);
    let programme =
        tomoshibi::listen::unrecorded::Programme::recorded(book, &units).with_speech(book, &units);
    clip_range(book, &programme, &units, from, to)
}

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books").join(path)
}

#[test]
fn the_whole_daisy_202_book_exports_at_its_length_and_faster_in_proportion() {
    let book = tomoshibi::book::open(&fixture("daisy202/dontworrybehappy")).unwrap();
    let total_ms = book.timeline.total_ms();
    let all = clips(&book.timeline);
    assert_eq!(all.len(), book.timeline.pars.iter().filter(|p| p.audio.is_some()).count());
    let opener: Arc<dyn MediaOpener> = Arc::new(BookMedia::new(book.container.clone()));
    let dir = tempfile::tempdir().unwrap();
    let mut lengths = Vec::new();
    for speed in [1.0f32, 2.0, 3.0] {
        let out = dir.path().join(format!("{speed}.wav"));
        let options = ExportOptions { speed, ..ExportOptions::default() };
        let summary = export_wav(opener.clone(), &all, &out, &options).unwrap();
        assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
        let wav = hound::WavReader::open(&out).unwrap();
        let seconds = f64::from(wav.duration()) / f64::from(wav.spec().sample_rate);
        lengths.push(seconds);
    }
    #[allow(clippy::cast_precision_loss)]
    let book_seconds = total_ms as f64 / 1000.0;
    // At 1×, the sum of the clips is the book's time (to the millisecond per clip).
    assert!((lengths[0] - book_seconds).abs() < 0.001 * all.len() as f64, "{lengths:?} vs {book_seconds}");
    assert!((lengths[1] / lengths[0] - 0.5).abs() < 0.005, "{lengths:?}");
    assert!((lengths[2] / lengths[0] - 1.0 / 3.0).abs() < 0.0034, "{lengths:?}");
}

#[test]
fn a_range_from_a_heading_starts_at_its_clip_begin_and_times_cut_clips() {
    let book = tomoshibi::book::open(&fixture("daisy3/dontworrybehappy")).unwrap();
    let toc = book.navigation.toc_flat();
    let third = par_at(&book.timeline, &toc[2].target).unwrap();
    let fifth = par_at(&book.timeline, &toc[4].target).unwrap();
    let range = clips_between(&book, Some(&Mark::Heading(3)), Some(&Mark::Heading(5))).unwrap();
    let begin = book.timeline.pars[third].audio.as_ref().unwrap();
    assert_eq!(range[0].index, third);
    assert_eq!((range[0].href.as_str(), range[0].begin_ms), (begin.href.as_str(), begin.begin_ms));
    assert_eq!(range.last().unwrap().index, fifth - 1, "stops before heading 5");

    // From 0:10 into the book: the clip playing then is cut at the right millisecond.
    let all = clips(&book.timeline);
    let mut start = 0;
    let (first, into) = all
        .iter()
        .find_map(|c| {
            let length = c.duration_ms().unwrap();
            let found = (10_000 < start + length).then(|| (c.clone(), 10_000 - start));
            start += length;
            found
        })
        .unwrap();
    let range = clips_between(&book, Some(&Mark::Time(10_000)), None).unwrap();
    assert_eq!(range[0].index, first.index);
    assert_eq!(range[0].begin_ms, first.begin_ms + into);
    assert_eq!(range.last().unwrap(), all.last().unwrap());
}

#[test]
fn a_book_with_a_missing_audio_file_exports_the_rest_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("book");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(fixture("daisy202/dontworrybehappy")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    std::fs::remove_file(copy.join("speechgen0002.mp3")).unwrap();
    let book = tomoshibi::book::open(&copy).unwrap();
    let all = clips(&book.timeline);
    let opener: Arc<dyn MediaOpener> = Arc::new(BookMedia::new(book.container.clone()));
    let summary = export_wav(opener, &all, &dir.path().join("out.wav"), &ExportOptions::default()).unwrap();
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(summary.skipped[0].0, "speechgen0002.mp3");
    let missing_ms: u64 =
        all.iter().filter(|c| c.href == "speechgen0002.mp3").map(|c| c.duration_ms().unwrap()).sum();
    #[allow(clippy::cast_precision_loss)]
    let expected = (book.timeline.total_ms() - missing_ms) as f64 / 1000.0;
    assert!(
        (summary.duration().as_secs_f64() - expected).abs() < 0.05,
        "{:?} vs {expected}",
        summary.duration()
    );
}

/// The export the reader's "Save as audio file" and `export-audio` share: a part of the book
/// between two times at 1.5×, progress seen from outside, and a stop that leaves no file.
#[test]
fn a_part_of_a_talking_book_is_saved_with_progress_and_can_be_stopped() {
    use tomoshibi::listen::audio::ExportWatch;
    use tomoshibi::listen::book_export::{ExportRequest, export_book};
    let book = tomoshibi::book::open(&fixture("daisy202/dontworrybehappy")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("part.wav");
    let request = ExportRequest {
        out: out.clone(),
        speed: 1.5,
        from: Some(Mark::Time(21_000)),
        to: Some(Mark::Time(51_000)),
        voices: Default::default(),
        skip: Default::default(),
    };
    let watch = ExportWatch::default();
    let done = export_book(&book, &request, &watch).unwrap();
    let wav = hound::WavReader::open(&out).unwrap();
    let seconds = f64::from(wav.duration()) / f64::from(wav.spec().sample_rate);
    assert!((seconds - 20.0).abs() < 0.1, "30 s at 1.5× is 20 s, got {seconds}");
    assert_eq!(done.seconds, 20);
    assert!((watch.fraction() - 1.0).abs() < f32::EPSILON);

    // By reading unit: from the heading "Concludio" to the end is its clips.
    let units = tomoshibi::reading::units(&book, tomoshibi::reading::RubyMode::Hidden);
    let heading = units.iter().position(|u| u.text.contains("Concludio")).unwrap();
    let by_unit = ExportRequest {
        from: Some(Mark::Unit(heading)),
        to: None,
        out: dir.path().join("end.wav"),
        speed: 1.0,
        voices: Default::default(),
        skip: Default::default(),
    };
    let end = export_book(&book, &by_unit, &ExportWatch::default()).unwrap();
    let from_heading = clips_between(
        &book,
        Some(&Mark::Heading(
            book.navigation.toc_flat().iter().position(|e| e.label.contains("Concludio")).unwrap() + 1,
        )),
        None,
    )
    .unwrap();
    let expected: u64 = from_heading.iter().filter_map(tomoshibi::listen::audio::Clip::duration_ms).sum();
    assert!(end.seconds.abs_diff(expected / 1000) <= 1, "{} s vs {expected} ms", end.seconds);

    let stopped = ExportWatch::default();
    stopped.cancel();
    let whole = ExportRequest {
        from: None,
        to: None,
        out: dir.path().join("stopped.wav"),
        speed: 1.0,
        voices: Default::default(),
        skip: Default::default(),
    };
    let error = export_book(&book, &whole, &stopped).unwrap_err();
    assert!(error.is_cancelled(), "{error}");
    assert!(!dir.path().join("stopped.wav").exists(), "no half file left behind");
}
