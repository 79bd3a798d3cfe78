//! A real speech-dispatcher daemon, started with the private configuration in a temporary
//! folder (sound to the ALSA null device), driven over SSIP. Skips, saying why, only when
//! speech-dispatcher or its espeak-ng module is not installed. Every wait has a timeout; the
//! daemon is ended by its process id when the test ends.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, clippy::needless_range_loop)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use tomoshibi::listen::read_aloud::driver::{ReadAloud, ReadAloudEvent, ReadAloudOptions, Sentence};
use tomoshibi::listen::read_aloud::sentences::sentences;
use tomoshibi::listen::read_aloud::speechd_config::SpeechdConfig;
use tomoshibi::listen::read_aloud::speechd_daemon::PrivateDaemon;
use tomoshibi::listen::read_aloud::synth::{OpenJtalk, default_voices_dir};
use tomoshibi::listen::read_aloud::voice::{ReadAloudSettings, VoiceSettings};

const WAIT: Duration = Duration::from_secs(20);

fn start() -> Option<(PrivateDaemon, bool)> {
    let modules = Path::new("/usr/lib/speech-dispatcher-modules/sd_espeak-ng");
    if !modules.is_file() {
        eprintln!("SKIPPED: speech-dispatcher-espeak-ng is not installed ({} missing)", modules.display());
        return None;
    }
    let voices = std::env::var_os("TOMOSHIBI_VOICES_DIR").map(PathBuf::from).or_else(default_voices_dir);
    let open_jtalk = voices.and_then(|v| OpenJtalk::locate(&v).ok());
    if open_jtalk.is_none() {
        eprintln!("NOTE: Open JTalk or the Mei voice is missing; Japanese goes to espeak-ng");
    }
    let has_jtalk = open_jtalk.is_some();
    match PrivateDaemon::start(&SpeechdConfig::silent(open_jtalk), Duration::from_secs(10)) {
        Ok(daemon) => {
            println!("daemon pid {} ready in {} ms", daemon.pid(), daemon.started_in().as_millis());
            Some((daemon, has_jtalk))
        }
        Err(e) if e.to_string().contains("not installed") => {
            eprintln!("SKIPPED: {e}");
            None
        }
        Err(e) => panic!("speech-dispatcher did not start: {e}"),
    }
}

fn split(text: &str, lang: &str) -> Vec<Sentence> {
    sentences(text).into_iter().map(|r| Sentence::new(&text[r], lang)).collect()
}

/// Collects events until `last` matches, or fails after `WAIT`.
fn collect(
    rx: &Receiver<ReadAloudEvent>,
    last: impl Fn(&ReadAloudEvent) -> bool,
) -> Vec<(ReadAloudEvent, Instant)> {
    let deadline = Instant::now() + WAIT;
    let mut got = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = rx.recv_timeout(left).unwrap_or_else(|_| panic!("timed out; events so far: {got:?}"));
        let done = last(&event);
        if let ReadAloudEvent::Failed(e) = &event {
            panic!("speech failed: {e}; events so far: {got:?}");
        }
        got.push((event, Instant::now()));
        if done {
            return got;
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[test]
fn reads_english_and_japanese_sentences_with_events() {
    let Some((daemon, has_jtalk)) = start() else { return };
    let (tx, rx) = mpsc::channel();
    let options = ReadAloudOptions { open_jtalk: has_jtalk, ..ReadAloudOptions::default() };
    let driver = ReadAloud::connect(daemon.socket(), options, tx).unwrap();

    let mut book = split("Mr. Smith opened the book. It was 3.14 cm thick! \"Read it,\" she said.", "en");
    book.extend(split("吾輩は猫である。名前はまだ無い。", "ja"));
    assert_eq!(book.len(), 5, "{book:?}");
    let played = Instant::now();
    driver.play(book.clone(), 0);
    let events = collect(&rx, |e| matches!(e, ReadAloudEvent::Finished));

    for i in 0..book.len() {
        let started =
            events.iter().position(|(e, _)| matches!(e, ReadAloudEvent::SentenceStarted(n) if *n == i));
        let finished =
            events.iter().position(|(e, _)| matches!(e, ReadAloudEvent::SentenceFinished(n) if *n == i));
        assert!(started.is_some() && finished.is_some() && started < finished, "sentence {i}: {events:?}");
        let words: Vec<_> = events
            .iter()
            .filter_map(|(e, _)| match e {
                ReadAloudEvent::Word(n, r) if *n == i => Some(r.clone()),
                _ => None,
            })
            .collect();
        let spoken: Vec<&str> = words.iter().map(|r| &book[i].text[r.clone()]).collect();
        println!("sentence {i} ({}): {} word marks {spoken:?}", book[i].lang, words.len());
        assert!(words.windows(2).all(|w| w[0].start < w[1].start), "marks in order: {words:?}");
        assert!(words.iter().all(|w| book[i].words.contains(w)));
        if book[i].lang == "en" {
            // espeak-ng reports nearly every mark; it drops one right after an abbreviation
            // it expands ("Mr. <mark/>Smith").
            let missing: Vec<_> = book[i]
                .words
                .iter()
                .filter(|w| !words.contains(w))
                .map(|w| &book[i].text[w.clone()])
                .collect();
            println!("  not reported: {missing:?}");
            assert!(words.len() + 1 >= book[i].words.len(), "sentence {i}: {spoken:?}");
        }
    }
    let first = events.iter().find(|(e, _)| matches!(e, ReadAloudEvent::SentenceStarted(0))).unwrap().1;
    println!(
        "5 sentences: first begin after {} ms, finished after {} ms",
        first.duration_since(played).as_millis(),
        events.last().unwrap().1.duration_since(played).as_millis()
    );
    drop(driver);
    drop(daemon);
}

#[test]
fn measures_begin_latency_per_language() {
    let Some((daemon, has_jtalk)) = start() else { return };
    let (tx, rx) = mpsc::channel();
    let options = ReadAloudOptions { open_jtalk: has_jtalk, ..ReadAloudOptions::default() };
    let driver = ReadAloud::connect(daemon.socket(), options, tx).unwrap();
    for (lang, text) in
        [("en", "This is a test of speech latency."), ("ja", "これは音声の遅延のテストです。")]
    {
        let mut begins = Vec::new();
        let mut ends = Vec::new();
        for _ in 0..7 {
            let played = Instant::now();
            driver.play(vec![Sentence::new(text, lang)], 0);
            let events = collect(&rx, |e| matches!(e, ReadAloudEvent::Finished));
            let at = |wanted: fn(&ReadAloudEvent) -> bool| {
                events
                    .iter()
                    .find(|(e, _)| wanted(e))
                    .map(|(_, t)| t.duration_since(played).as_secs_f64() * 1000.0)
            };
            begins.push(at(|e| matches!(e, ReadAloudEvent::SentenceStarted(0))).unwrap());
            ends.push(at(|e| matches!(e, ReadAloudEvent::SentenceFinished(0))).unwrap());
        }
        println!(
            "{lang}: play() → begin first {:.1} ms, median {:.1} ms, max {:.1} ms; → end median {:.1} ms (ALSA null: not real time)",
            begins[0],
            median(begins.clone()),
            begins.iter().copied().fold(0.0, f64::max),
            median(ends)
        );
        assert!(median(begins) < 1000.0);
    }
}

#[test]
fn pause_resume_stop_and_settings() {
    let Some((daemon, has_jtalk)) = start() else { return };
    let (tx, rx) = mpsc::channel();
    let options = ReadAloudOptions { open_jtalk: has_jtalk, ..ReadAloudOptions::default() };
    let driver = ReadAloud::connect(daemon.socket(), options, tx).unwrap();
    let book = split("One sentence here. Another one follows. And a third.", "en");

    driver.play(book.clone(), 0);
    driver.pause();
    let paused = collect(&rx, |e| matches!(e, ReadAloudEvent::Paused(_) | ReadAloudEvent::Finished));
    if let Some((ReadAloudEvent::Paused(i), _)) = paused.last() {
        println!("paused in sentence {i}");
        let mut settings = ReadAloudSettings::default();
        settings.languages.insert("en".into(), VoiceSettings { rate: 2.0, ..VoiceSettings::default() });
        driver.set_settings(settings);
        driver.resume();
        let rest = collect(&rx, |e| matches!(e, ReadAloudEvent::Finished));
        assert!(rest.iter().any(|(e, _)| matches!(e, ReadAloudEvent::SentenceFinished(2))), "{rest:?}");
    } else {
        println!("finished before the pause arrived (the null device plays faster than real time)");
    }

    driver.play(book.clone(), 1);
    let started = collect(&rx, |e| matches!(e, ReadAloudEvent::SentenceStarted(_)));
    assert!(matches!(started.last(), Some((ReadAloudEvent::SentenceStarted(1), _))), "{started:?}");
    driver.stop();
    collect(&rx, |e| matches!(e, ReadAloudEvent::Stopped));
    // After Stopped nothing more is said.
    let late = rx.recv_timeout(Duration::from_millis(500));
    assert!(late.is_err(), "{late:?}");
}
