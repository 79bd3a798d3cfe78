//! A book read aloud in the reader's way: a private speech-dispatcher (ALSA null device)
//! says the sentences from a paragraph on, and each one names its unit and where it is
//! shown, in reading order.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tomoshibi::listen::book_voice::{BookVoice, Said, plan};
use tomoshibi::listen::read_aloud::speechd_config::SpeechdConfig;
use tomoshibi::reading::{RubyMode, units};

#[test]
fn sentences_are_said_in_order_and_the_reader_can_follow_them() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books/wasteland.epub");
    let book = tomoshibi::book::open(&path).unwrap();
    let units = units(&book, RubyMode::Brackets);
    let from = units.iter().position(|u| u.text.contains("April is the cruellest month")).unwrap();
    let planned = plan(&book, &units, from);
    assert!(planned[0].0.text.starts_with("April is the cruellest month"), "{:?}", planned[0]);
    assert!(
        planned
            .iter()
            .all(|(s, p)| p.unit >= from && !s.text.is_empty() && p.shown.end <= units[p.unit].text.len())
    );

    let mut voice = match BookVoice::start_with(
        &SpeechdConfig::silent(None),
        &book,
        &units,
        from,
        2.0,
        &Default::default(),
    ) {
        Ok(voice) => voice,
        Err(e) if e.to_string().contains("not installed") => {
            eprintln!("SKIPPED: {e} (run .ci/setup)");
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut said = Vec::new();
    let mut words = Vec::new();
    while said.len() < 4 && Instant::now() < deadline {
        for voiced in voice.poll() {
            match voiced {
                Said::Sentence(sentence) => said.push(sentence),
                Said::Word(unit, range) => words.push((unit, range)),
                Said::Finished => {}
                other => panic!("{other:?}"),
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(said.len() >= 4, "{said:?}");
    // Words said land on the words shown (English: the shown text is the spoken text).
    assert!(words.len() >= 5, "{words:?}");
    for (unit, range) in &words {
        let word = &units[*unit].text[range.clone()];
        assert!(word.chars().all(|c| c.is_alphanumeric() || "'’-".contains(c)), "{word:?}");
    }
    assert_eq!(&units[words[0].0].text[words[0].1.clone()], "April");
    assert_eq!(said[0], planned[0].1);
    assert!(said.windows(2).all(|w| w[0].unit <= w[1].unit), "{said:?}");

    // Pausing stops the flow of sentences; moving on reads from the new place.
    assert!(!voice.toggle());
    let target = from + 10;
    voice.read_from(&book, &units, target);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut next = None;
    while next.is_none() && Instant::now() < deadline {
        next = voice.poll().into_iter().find_map(|v| if let Said::Sentence(s) = v { Some(s) } else { None });
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(next.is_some_and(|s| s.unit >= target), "reading resumed at the new place");
    voice.stop();
}

/// Japanese reading starts on the first clause of the first sentence (Open JTalk renders a
/// whole utterance before its first sample); both pieces are the same sentence to the reader.
#[test]
fn japanese_reading_starts_on_a_short_first_clause() {
    use tomoshibi::listen::book_voice::start_short;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books/kusamakura.epub");
    let book = tomoshibi::book::open(&path).unwrap();
    let all = units(&book, RubyMode::Brackets);
    let from = all.iter().position(|u| u.text.starts_with("山路")).unwrap();
    let planned = plan(&book, &all, from);
    let short = start_short(planned.clone());
    assert_eq!(short.len(), planned.len() + 1);
    assert!(short[0].0.text.ends_with('、'), "{:?}", short[0].0.text);
    assert_eq!(format!("{}{}", short[0].0.text, short[1].0.text), planned[0].0.text);
    assert_eq!(short[0].1.shown, short[1].1.shown, "the reader marks the same sentence");
    assert_eq!(short[2..], planned[1..]);
    let english = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books/wasteland.epub");
    let book = tomoshibi::book::open(&english).unwrap();
    let all = units(&book, RubyMode::Brackets);
    let english = plan(&book, &all, 0);
    assert_eq!(start_short(english.clone()), english, "only Japanese is cut");
}
