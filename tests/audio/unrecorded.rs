//! Text a talking book has no recording of: found on the real fixtures (and nothing narrated
//! found, so nothing is read twice), placed between the recorded clips where it stands, and
//! spoken by a real speech engine (espeak-ng) in the player, the text following.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::sync::Arc;

use tomoshibi::book::Publication;
use tomoshibi::listen::audio::PullOutput;
use tomoshibi::listen::read_aloud::synth::{EspeakNg, Synthesizer};
use tomoshibi::listen::talking_book::{Heard, TalkingBook};
use tomoshibi::listen::unrecorded::{Programme, unrecorded_units};
use tomoshibi::reading::Unit;

fn open(relative: &str) -> (Publication, Vec<Unit>) {
    super::common::book_and_units(relative)
}

const MEDIA_OVERLAYS: &str = "epub/daisy-a11y-tests/epub30-test-0320-media-overlays";

#[test]
fn fully_narrated_books_have_nothing_to_speak() {
    // mental_health's pars often point at a whole list or at a list's heading: every unit
    // inside is narrated. Its picture has no recording (the caption after it is read).
    for book in [
        "daisy202/dontworrybehappy",
        "daisy202/mental_health",
        "daisy202/dontworrybehappy-nccOnly",
        "daisy3/dontworrybehappy",
        "daisy3/mental_health",
    ] {
        let (book_, all) = open(book);
        assert!(!all.is_empty(), "{book}");
        assert_eq!(unrecorded_units(&book_, &all), Vec::<usize>::new(), "{book}");
        assert_eq!(
            Programme::recorded(&book_, &all).with_speech(&book_, &all),
            Programme::recorded(&book_, &all),
            "{book}"
        );
    }
    // A book without any recording is read aloud as a whole, not by the player.
    let (book, all) = open("epub/w3c-epub-tests/mol-tts_single");
    assert!(unrecorded_units(&book, &all).is_empty());
}

#[test]
fn a_document_without_a_media_overlay_is_all_unrecorded() {
    let (book, all) = open(MEDIA_OVERLAYS);
    let front = book.documents.iter().position(|d| d.href.ends_with("front.xhtml")).unwrap();
    let in_front: Vec<usize> = (0..all.len()).filter(|u| all[*u].document == front).collect();
    assert!(in_front.len() > 10, "{in_front:?}");
    assert_eq!(unrecorded_units(&book, &all), in_front);
}

#[test]
fn a_paragraph_the_narrator_left_out_is_found_alone() {
    let (book, all) = open("epub/w3c-epub-tests/mol-navigation");
    let unrecorded = unrecorded_units(&book, &all);
    assert_eq!(unrecorded.len(), 1, "{unrecorded:?}");
    assert!(all[unrecorded[0]].text.starts_with("Lorem ipsum"), "{}", all[unrecorded[0]].text);
}

#[test]
fn spoken_clips_stand_where_their_text_stands() {
    for book in [MEDIA_OVERLAYS, "epub/w3c-epub-tests/mol-navigation"] {
        let (book_, all) = open(book);
        let recorded = Programme::recorded(&book_, &all);
        let programme = Programme::recorded(&book_, &all).with_speech(&book_, &all);
        // The recorded clips are all there, in their order.
        let kept: Vec<_> = (0..programme.clips.len())
            .filter(|c| !programme.is_spoken(*c))
            .map(|c| &programme.clips[c])
            .collect();
        assert_eq!(kept, recorded.clips.iter().collect::<Vec<_>>(), "{book}");
        // One spoken clip per sentence, and the units never go back: text in reading order.
        let spoken = (0..programme.clips.len()).filter(|c| programme.is_spoken(*c)).count();
        assert_eq!(spoken, programme.sentences.len(), "{book}");
        assert!(spoken > 0, "{book}");
        assert!(programme.units.windows(2).all(|w| w[0] <= w[1]), "{book}: {:?}", programme.units);
        assert_eq!(programme.units.len(), programme.clips.len());
    }
    // The left-out paragraph's sentences are spoken between the clips before and after it.
    let (book, all) = open("epub/w3c-epub-tests/mol-navigation");
    let programme = Programme::recorded(&book, &all).with_speech(&book, &all);
    let lorem = unrecorded_units(&book, &all)[0];
    let first = programme.units.iter().position(|u| *u == lorem).unwrap();
    assert!(first > 0 && programme.units[first - 1] < lorem);
    assert!(programme.sentences[0].text.starts_with("Lorem ipsum"), "{:?}", programme.sentences[0]);
    assert_eq!(programme.sentences[0].lang, "en");
}

fn espeak() -> Option<Arc<dyn Synthesizer>> {
    match EspeakNg::locate() {
        Ok(engine) => Some(Arc::new(engine)),
        Err(e) => {
            eprintln!("SKIPPED: {e} (the set-up command installs espeak-ng)");
            None
        }
    }
}

fn reached(talking: &mut TalkingBook) -> Vec<usize> {
    talking.poll().into_iter().filter_map(|h| if let Heard::Unit(u) = h { Some(u) } else { None }).collect()
}

#[test]
fn the_player_speaks_the_unrecorded_text_then_plays_the_recording() {
    let Some(espeak) = espeak() else { return };
    let (book, all) = open(MEDIA_OVERLAYS);
    let unrecorded = unrecorded_units(&book, &all);
    let last_front = *unrecorded.last().unwrap();
    let (output, mut samples) = PullOutput::new();
    let mut talking =
        TalkingBook::open(&book, &all, Some(Box::new(output)), Some(espeak), &Default::default()).unwrap();

    // From the title page's last paragraph: espeak-ng says it, then the recording begins.
    talking.go_to_unit(last_front).unwrap();
    assert!(talking.toggle());
    let spoken: Vec<f32> = samples.by_ref().take(22_050 * 2).collect();
    let rms = (spoken.iter().map(|s| s * s).sum::<f32>() / spoken.len() as f32).sqrt();
    assert!(rms > 0.01, "the paragraph is heard (rms {rms})");
    let place = talking.locator(&book, &all).unwrap();
    assert!(place.href.ends_with("front.xhtml") && place.locations.audio.is_none(), "{place:?}");
    assert_eq!(talking.elapsed_ms(), 0, "spoken text takes no book time");
    assert!(talking.in_spoken_text());
    // A time skip in spoken text moves one sentence (a minute of book time would be far on).
    let skipped = talking.skip(60_000).unwrap();
    assert!(skipped <= last_front + 1, "{skipped}");
    talking.go_to_unit(last_front).unwrap();

    let mut heard = reached(&mut talking);
    for _ in 0..200 {
        if heard.iter().any(|u| *u > last_front) {
            break;
        }
        let _: Vec<f32> = samples.by_ref().take(22_050).collect();
        heard.extend(reached(&mut talking));
    }
    assert_eq!(heard.first(), Some(&last_front), "{heard:?}");
    let next = *heard.iter().find(|u| **u > last_front).expect("the recording follows");
    assert_eq!(next, last_front + 1, "{heard:?}");
    let _: Vec<f32> = samples.by_ref().take(22_050 / 2).collect();
    let audio = talking.locator(&book, &all).unwrap().locations.audio.expect("in the recording now");
    assert!(audio.href.ends_with("basic_tests.mp3"), "{audio:?}");
    assert!(!talking.in_spoken_text());

    // Back one phrase: the last sentence of the title page again, spoken.
    assert_eq!(talking.phrase(-1), Some(last_front));
    let again: Vec<f32> = samples.by_ref().take(22_050).collect();
    assert!(again.iter().any(|s| s.abs() > 0.05), "spoken again");
    let place = talking.locator(&book, &all).unwrap();
    assert!(place.href.ends_with("front.xhtml") && place.locations.audio.is_none(), "{place:?}");
}

#[test]
fn a_missing_engine_is_said_once_and_the_recording_goes_on() {
    /// An engine that is not there (isolates the failure path; the real engines are above).
    struct Absent;
    impl Synthesizer for Absent {
        fn synthesize(
            &self,
            _: &str,
            _: &str,
            _: f32,
        ) -> Result<tomoshibi::listen::read_aloud::wav::Pcm, tomoshibi::listen::read_aloud::synth::SynthError>
        {
            Err(tomoshibi::listen::read_aloud::synth::SynthError::Missing {
                engine: tomoshibi::listen::read_aloud::voice::Engine::EspeakNg,
                missing: "espeak-ng".into(),
            })
        }
    }
    let (book, all) = open(MEDIA_OVERLAYS);
    let (output, mut samples) = PullOutput::new();
    let mut talking =
        TalkingBook::open(&book, &all, Some(Box::new(output)), Some(Arc::new(Absent)), &Default::default())
            .unwrap();
    assert!(talking.toggle());
    let mut heard = Vec::new();
    for _ in 0..40 {
        let _: Vec<f32> = samples.by_ref().take(22_050 / 4).collect();
        heard.extend(talking.poll());
        if heard.iter().any(|h| matches!(h, Heard::Unit(u) if all[*u].document != 0)) {
            break;
        }
    }
    let said: Vec<&String> =
        heard.iter().filter_map(|h| if let Heard::Unspoken(why) = h { Some(why) } else { None }).collect();
    assert_eq!(said.len(), 1, "{heard:?}");
    assert!(said[0].contains("espeak-ng"), "{said:?}");
    assert!(
        heard.iter().any(|h| matches!(h, Heard::Unit(u) if all[*u].document != 0)),
        "the recorded chapters still play: {heard:?}"
    );
}

#[test]
fn the_export_speaks_the_unrecorded_text_too() {
    use tomoshibi::listen::audio::ExportWatch;
    use tomoshibi::listen::book_audio::Mark;
    use tomoshibi::listen::book_export::{ExportRequest, export_book};
    if espeak().is_none() {
        return;
    }
    let (book, _) = open(MEDIA_OVERLAYS);
    let toc = book.navigation.toc_flat();
    assert!(toc[0].target.href.ends_with("front.xhtml") && toc[1].target.href.ends_with("basic_tests.xhtml"));
    let dir = tempfile::tempdir().unwrap();
    // The title page (no recording) up to the first recorded chapter.
    let request = ExportRequest {
        out: dir.path().join("front.wav"),
        speed: 1.0,
        from: Some(Mark::Heading(1)),
        to: Some(Mark::Heading(2)),
        voices: Default::default(),
        skip: Default::default(),
    };
    let exported = export_book(&book, &request, &ExportWatch::default()).unwrap();
    assert_eq!((exported.skipped.clone(), exported.unspoken.clone()), (Vec::new(), None));
    let wav = hound::WavReader::open(&request.out).unwrap();
    let seconds = f64::from(wav.duration()) / f64::from(wav.spec().sample_rate);
    // Sixteen paragraphs of English at espeak-ng's normal rate: well over a minute.
    assert!(seconds > 60.0, "{seconds} s");
    let samples: Vec<i16> =
        hound::WavReader::open(&request.out).unwrap().into_samples().map(Result::unwrap).collect();
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 3000).count();
    assert!(loud > samples.len() / 20, "speech, not silence: {loud} of {}", samples.len());

    // At 2× (pitch kept) it is half as long.
    let fast = ExportRequest { out: dir.path().join("fast.wav"), speed: 2.0, ..request.clone() };
    export_book(&book, &fast, &ExportWatch::default()).unwrap();
    let wav = hound::WavReader::open(&fast.out).unwrap();
    let fast_seconds = f64::from(wav.duration()) / f64::from(wav.spec().sample_rate);
    println!("title page spoken: {seconds:.1} s at 1x, {fast_seconds:.1} s at 2x");
    assert!((fast_seconds / seconds - 0.5).abs() < 0.01, "{fast_seconds} vs {seconds}");
}
