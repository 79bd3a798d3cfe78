//! The talking-book player as the reader drives it, on the real DAISY 2.02 fixture through
//! the device-less output: the text follows the audio, skips move by book time, the reader's
//! moves move the audio, and the position carries its audio time for an exact resume.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;

use tomoshibi::listen::audio::PullOutput;
use tomoshibi::listen::talking_book::{Heard, TalkingBook};
use tomoshibi::reading::{RubyMode, UnitKind, units};

fn book() -> tomoshibi::book::Publication {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/daisy202/dontworrybehappy");
    tomoshibi::book::open(&path).unwrap()
}

#[test]
fn the_text_follows_the_audio_and_the_audio_follows_the_reader() {
    let book = book();
    let units = units(&book, RubyMode::Brackets);
    let (output, mut samples) = PullOutput::new();
    let mut talking = TalkingBook::open(&book, &units, Some(Box::new(output)), None, &Default::default())
        .expect("the book has audio");
    assert_eq!(talking.total_ms(), book.timeline.total_ms());
    assert!(talking.toggle(), "plays");

    // Pull 20 s of audio (device-less, faster than real time): units are reached in order.
    let rate = 22_050usize; // the fixture's MP3s are 22.05 kHz mono
    let _: Vec<f32> = samples.by_ref().take(rate * 20).collect();
    let reached: Vec<usize> = talking
        .poll()
        .into_iter()
        .filter_map(|h| if let Heard::Unit(u) = h { Some(u) } else { None })
        .collect();

    assert!(reached.len() >= 3, "{reached:?}");
    assert_eq!(reached[..3], [0, 1, 2], "in reading order: {reached:?}");
    let elapsed = talking.elapsed_ms();
    assert!((18_000..=22_500).contains(&elapsed), "{elapsed} ms after 20 s of samples");

    // Skipping forward 10 s moves by book time, across clips.
    let unit = talking.skip(10_000).expect("inside the book");
    let _: Vec<f32> = samples.by_ref().take(rate / 10).collect();
    let after = talking.elapsed_ms();
    assert!(after.abs_diff(elapsed + 10_000) < 600, "{elapsed} → {after}");
    assert!(unit >= *reached.last().unwrap());

    // The reader jumps back to the heading "Concludio": the audio starts at its first clip.
    let heading = units
        .iter()
        .position(|u| matches!(u.kind, UnitKind::Heading(_)) && u.text.contains("Concludio"))
        .unwrap();
    talking.go_to_unit(heading).unwrap();
    let _: Vec<f32> = samples.by_ref().take(rate / 5).collect();
    let heard: Vec<usize> = talking
        .poll()
        .into_iter()
        .filter_map(|h| if let Heard::Unit(u) = h { Some(u) } else { None })
        .collect();
    assert_eq!(heard.last(), Some(&heading), "{heard:?}");

    // The place to resume carries the clip's audio file and time.
    let locator = talking.locator(&book, &units).unwrap();
    let audio = locator.locations.audio.expect("audio time");
    let par =
        book.timeline.pars.iter().find(|p| p.audio.as_ref().is_some_and(|a| a.href == audio.href)).unwrap();
    assert!(par.audio.as_ref().unwrap().begin_ms <= audio.time_ms);

    // Phrase by phrase: from the first clip, back is the edge and forward is the second clip.
    talking.go_to_unit(0).unwrap();
    let _: Vec<f32> = samples.by_ref().take(rate / 10).collect();
    assert_eq!(talking.phrase(-1), None, "nothing before the first phrase");
    assert_eq!(talking.phrase(1), Some(1), "the second phrase is the second paragraph");
    let _: Vec<f32> = samples.by_ref().take(rate / 10).collect();
    let second_clip = book.timeline.pars[1].audio.as_ref().unwrap();
    let audio = talking.locator(&book, &units).unwrap().locations.audio.unwrap();
    assert_eq!(audio.href, second_clip.href);
    assert!(audio.time_ms >= second_clip.begin_ms && audio.time_ms < second_clip.begin_ms + 300, "{audio:?}");

    // Reopening at a saved place: the exact second inside its clip.
    let third = book.timeline.pars[2].audio.clone().unwrap();
    talking.go_to_audio(&third.href, third.begin_ms + 700).unwrap();
    let _: Vec<f32> = samples.by_ref().take(rate / 20).collect();
    let audio = talking.locator(&book, &units).unwrap().locations.audio.unwrap();
    assert_eq!(audio.href, third.href);
    assert!(audio.time_ms >= third.begin_ms + 700 && audio.time_ms < third.begin_ms + 900, "{audio:?}");
    assert!(talking.go_to_audio("nope.mp3", 0).is_err());

    // Go to time: book time across files; the unit of the clip that holds it comes back.
    let unit = talking.go_to_time(90_000).unwrap();
    let _: Vec<f32> = samples.by_ref().take(rate / 20).collect();
    let now = talking.elapsed_ms();
    assert!((90_000..90_300).contains(&now), "went to 1:30, at {now} ms");
    let locator = talking.locator(&book, &units).unwrap();
    assert_eq!(tomoshibi::reading::index_of(&book, &units, &locator), Some(unit));
    let last = talking.go_to_time(u64::MAX).unwrap();
    assert!(last >= unit && talking.elapsed_ms() < talking.total_ms(), "past the end: the last moment");

    // Speed: 0.1 steps, clamped to 0.5–4.0.
    assert!((talking.change_speed(5) - 1.5).abs() < 1e-6);
    assert!((talking.change_speed(100) - 4.0).abs() < 1e-6);
    assert!((talking.change_speed(-100) - 0.5).abs() < 1e-6);
    assert!(!talking.toggle(), "pauses");
}

/// Regression: while paused, going to a time (or skipping) did not change the elapsed time
/// ("where am I" said the old time, and the old place was saved) until playback resumed.
#[test]
fn a_paused_player_is_at_the_time_it_was_moved_to() {
    let book = book();
    let units = units(&book, RubyMode::Brackets);
    let (output, _samples) = PullOutput::new();
    let mut talking = TalkingBook::open(&book, &units, Some(Box::new(output)), None, &Default::default())
        .expect("the book has audio");
    assert!(!talking.is_playing());
    talking.go_to_time(90_000).unwrap();
    assert_eq!(talking.elapsed_ms(), 90_000);
    assert!(talking.skip(-30_000).is_some());
    assert_eq!(talking.elapsed_ms(), 60_000);
    let audio = talking.locator(&book, &units).unwrap().locations.audio.unwrap();
    assert!(book.timeline.pars.iter().any(|p| p.audio.as_ref().is_some_and(|a| a.href == audio.href)));
}

#[test]
fn books_without_recorded_audio_have_no_player() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books/wasteland.epub");
    let book = tomoshibi::book::open(&path).unwrap();
    let units = units(&book, RubyMode::Brackets);
    assert!(
        TalkingBook::open(&book, &units, Some(Box::new(PullOutput::new().0)), None, &Default::default())
            .is_none()
    );
}
