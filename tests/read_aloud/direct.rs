//! Japanese read aloud without speech-dispatcher: Open JTalk renders each sentence with the
//! timing of its words (`-ot`), and our own audio player plays it. Against the real
//! `open_jtalk` and Mei voice; each test skips, saying why, when they are not installed.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tomoshibi::listen::audio::PullOutput;
use tomoshibi::listen::book_voice::{BookVoice, Said, plan};
use tomoshibi::listen::read_aloud::direct::DirectReadAloud;
use tomoshibi::listen::read_aloud::driver::{ReadAloudEvent, Sentence};
use tomoshibi::listen::read_aloud::speechd_config::SpeechdConfig;
use tomoshibi::listen::read_aloud::synth::{Engines, OpenJtalk, default_voices_dir};
use tomoshibi::listen::read_aloud::wav::Pcm;
use tomoshibi::reading::{RubyMode, units};

fn open_jtalk() -> Option<OpenJtalk> {
    let dir = std::env::var_os("TOMOSHIBI_VOICES_DIR").map(PathBuf::from).or_else(default_voices_dir)?;
    match OpenJtalk::locate(&dir) {
        Ok(engine) => Some(engine),
        Err(e) => {
            eprintln!("SKIPPED: {e} (run .ci/setup-open-jtalk)");
            None
        }
    }
}

/// The level of `pcm` from `from` for `length`.
fn level(pcm: &Pcm, from: Duration, length: Duration) -> f32 {
    let rate = f64::from(pcm.sample_rate);
    let start = ((from.as_secs_f64() * rate) as usize).min(pcm.samples.len());
    let end = (((from + length).as_secs_f64() * rate) as usize).min(pcm.samples.len());
    Pcm { sample_rate: pcm.sample_rate, samples: pcm.samples[start..end].to_vec() }.rms()
}

#[test]
fn open_jtalk_times_the_words_of_a_sentence() {
    let Some(engine) = open_jtalk() else { return };
    let text = "山路を登りながら、こう考えた。";
    let sentence = Sentence::new(text, "ja");
    let words: Vec<&str> = sentence.words.iter().map(|w| &text[w.clone()]).collect();
    assert_eq!(words, ["山路を", "登りながら", "こう", "考えた"]);
    let rendered = engine.render(text, 1.0, &|| false).unwrap();
    let trace = rendered.trace.unwrap();
    let length = rendered.pcm.duration();

    // Open JTalk's morphemes land on the characters they were read from.
    let spans = trace.spans(text);
    let found: Vec<&str> = spans.iter().map(|(r, _)| &text[r.clone()]).collect();
    assert_eq!(found, ["山路", "を", "登り", "ながら", "こう", "考え", "た"]);
    assert!(spans.windows(2).all(|w| w[0].1.end <= w[1].1.start), "{spans:?}");
    assert!(spans.last().unwrap().1.end <= length, "{spans:?} within {length:?}");

    let starts: Vec<Duration> =
        trace.word_starts(text, &sentence.words).into_iter().map(Option::unwrap).collect();
    println!("words {words:?} start at {starts:?} of {length:?}");
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    assert!(*starts.last().unwrap() < length);
    // Leading silence, then the voice where the first word starts; the pause at "、" falls
    // between the second word's last mora and the third word.
    let ms = Duration::from_millis;
    assert!(starts[0] > ms(50), "{starts:?}");
    assert!(level(&rendered.pcm, ms(0), starts[0] - ms(20)) < 0.01);
    assert!(level(&rendered.pcm, starts[0], ms(150)) > 0.03);
    let pause_end = starts[2];
    let second_end = spans[3].1.end;
    assert!(pause_end - second_end > ms(100), "a pause at the comma: {second_end:?} → {pause_end:?}");
    assert!(level(&rendered.pcm, second_end + ms(20), pause_end - second_end - ms(40)) < 0.02);
}

#[test]
fn numbers_and_latin_letters_are_timed_where_they_are_written() {
    let Some(engine) = open_jtalk() else { return };
    let text = "2024年にABCで100人が来た。";
    let rendered = engine.render(text, 1.0, &|| false).unwrap();
    let trace = rendered.trace.unwrap();
    let spans = trace.spans(text);
    let found: Vec<&str> = spans.iter().map(|(r, _)| &text[r.clone()]).collect();
    assert_eq!(found, ["2024", "年", "に", "ABC", "で", "100", "人", "が", "来", "た"]);
    assert!(spans.windows(2).all(|w| w[0].1.end <= w[1].1.start), "{spans:?}");
    assert!(spans.last().unwrap().1.end <= rendered.pcm.duration());
}

/// Events until `Finished` (or 30 s), pulling the samples faster than real time.
fn read_all(
    reader: &mut DirectReadAloud,
    mut samples: impl Iterator<Item = f32>,
) -> (Vec<ReadAloudEvent>, usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut events = Vec::new();
    let mut sounding = 0;
    while Instant::now() < deadline && !events.iter().any(|e| matches!(e, ReadAloudEvent::Finished)) {
        sounding += samples.by_ref().take(4_800).filter(|s| s.abs() > 1e-4).count();
        events.extend(reader.poll());
        std::thread::sleep(Duration::from_millis(2));
    }
    (events, sounding)
}

#[test]
fn sentences_play_through_our_output_with_their_words() {
    let Some(engine) = open_jtalk() else { return };
    let engines = Engines { open_jtalk: Some(engine), espeak_ng: None, voices: Default::default() };
    let (output, samples) = PullOutput::new();
    let mut reader = DirectReadAloud::new(engines, Box::new(output), Default::default());
    let sentences = vec![Sentence::new("吾輩は猫である。", "ja"), Sentence::new("名前はまだ無い。", "ja")];
    reader.anticipate(&sentences[0]);
    reader.play(sentences.clone(), 0);
    let (events, sounding) = read_all(&mut reader, samples);
    assert!(sounding > 48_000, "about a second of voice was played: {sounding} samples");
    let said: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            ReadAloudEvent::SentenceStarted(i) => Some(format!("s{i}")),
            ReadAloudEvent::Word(i, range) => Some(sentences[*i].text[range.clone()].to_owned()),
            ReadAloudEvent::Finished => Some("end".into()),
            ReadAloudEvent::SentenceFinished(_) => None,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(said, ["s0", "吾輩は", "猫である", "s1", "名前はまだ", "無い", "end"]);
    assert!(!reader.is_playing());
}

#[test]
fn stopping_kills_the_sentence_being_rendered() {
    let Some(engine) = open_jtalk() else { return };
    let engines = Engines { open_jtalk: Some(engine), espeak_ng: None, voices: Default::default() };
    let (output, samples) = PullOutput::new();
    let mut reader = DirectReadAloud::new(engines, Box::new(output), Default::default());
    let puller = Puller::start(samples);
    // A long sentence takes Open JTalk a good while; stop while it renders.
    let long = "吾輩は猫である。".repeat(40);
    reader.play(vec![Sentence::new(long, "ja")], 0);
    std::thread::sleep(Duration::from_millis(150));
    assert!(children_named("open_jtalk") > 0, "open_jtalk renders the sentence");
    let stopped = Instant::now();
    reader.stop();
    while children_named("open_jtalk") > 0 {
        assert!(stopped.elapsed() < Duration::from_secs(2), "open_jtalk still runs after stop");
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(reader);
    drop(puller);
}

/// This test process's children called `name` (zombies included: they must be reaped).
fn children_named(name: &str) -> usize {
    let me = std::process::id().to_string();
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    dir.filter_map(Result::ok)
        .filter(|entry| {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // pid (comm) state ppid …
            let Some((comm, rest)) = stat.split_once(") ") else { return false };
            comm.ends_with(&format!("({name}")) && rest.split_whitespace().nth(1) == Some(me.as_str())
        })
        .count()
}

/// Pulls `samples` on a thread of its own, faster than real time, until dropped.
struct Puller {
    pulling: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Puller {
    fn start(mut samples: impl Iterator<Item = f32> + Send + 'static) -> Self {
        let pulling = Arc::new(AtomicBool::new(true));
        let flag = pulling.clone();
        let thread = std::thread::spawn(move || {
            while flag.load(Ordering::Acquire) {
                let _ = samples.by_ref().take(4_800).count();
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        Self { pulling, thread: Some(thread) }
    }
}

impl Drop for Puller {
    fn drop(&mut self) {
        self.pulling.store(false, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

/// Kusamakura, its units, the 山路 paragraph, and a voice reading Japanese with `engine`
/// into a pulled output; `None` (skipped, saying why) without speech-dispatcher.
fn kusamakura_voice(
    engine: OpenJtalk,
) -> Option<(tomoshibi::book::Publication, Vec<tomoshibi::reading::Unit>, usize, BookVoice, Puller)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books/kusamakura.epub");
    let book = tomoshibi::book::open(&path).unwrap();
    let all = units(&book, RubyMode::Brackets);
    let from = all.iter().position(|u| u.text.starts_with("山路")).unwrap();
    let (output, samples) = PullOutput::new();
    let config = SpeechdConfig::silent(Some(engine));
    match BookVoice::prepare_direct(&config, Box::new(output), 1.0, &Default::default()) {
        Ok(voice) => Some((book, all, from, voice, Puller::start(samples))),
        Err(e) if e.to_string().contains("not installed") => {
            eprintln!("SKIPPED: {e} (run .ci/setup)");
            None
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_japanese_book_is_read_with_its_words_marked() {
    let Some(engine) = open_jtalk() else { return };
    let Some((book, all, from, mut voice, puller)) = kusamakura_voice(engine) else { return };
    voice.anticipate(&book, &all, from);
    voice.read_from(&book, &all, from);
    let planned = plan(&book, &all, from);
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut sentences, mut words) = (Vec::new(), Vec::new());
    while sentences.len() < 3 && Instant::now() < deadline {
        for said in voice.poll() {
            match said {
                Said::Sentence(s) => sentences.push(s),
                Said::Word(unit, range) => words.push(all[unit].text[range].to_owned()),
                other => panic!("{other:?}"),
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    voice.stop();
    drop(puller);
    // The first sentence is said in two pieces (its first clause first), both marking it.
    assert_eq!(sentences[0], planned[0].1);
    assert_eq!(sentences[1], planned[0].1);
    assert_eq!(sentences[2], planned[1].1);
    // Spoken やまみちを is shown as the base with its reading in brackets.
    assert_eq!(words[..4], ["山路（やまみち）を", "登りながら", "こう", "考えた"], "{words:?}");
}

#[test]
fn an_open_jtalk_failure_falls_back_to_speech_dispatcher() {
    let Some(mut engine) = open_jtalk() else { return };
    let dir = tempfile::tempdir().unwrap();
    engine.voice = dir.path().join("broken.htsvoice");
    std::fs::write(&engine.voice, b"not a voice").unwrap();
    let Some((book, all, from, mut voice, _puller)) = kusamakura_voice(engine) else { return };
    voice.read_from(&book, &all, from);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut said = Vec::new();
    while !said.iter().any(|s| matches!(s, Said::Sentence(_))) && Instant::now() < deadline {
        said.extend(voice.poll());
        std::thread::sleep(Duration::from_millis(10));
    }
    // Sentences the player had asked for before the fall-back fail too: said once only.
    std::thread::sleep(Duration::from_millis(300));
    said.extend(voice.poll());
    voice.stop();
    let times = said.iter().filter(|s| matches!(s, Said::FellBack(_))).count();
    assert_eq!(times, 1, "{said:?}");
    let fell_back =
        said.iter().position(|s| matches!(s, Said::FellBack(reason) if reason.contains("cannot be loaded")));
    let sentence = said.iter().position(|s| matches!(s, Said::Sentence(_)));
    assert!(fell_back.is_some(), "{said:?}");
    assert!(sentence > fell_back, "speech-dispatcher read on: {said:?}");
    assert!(!said.iter().any(|s| matches!(s, Said::Finished)), "the book is not finished: {said:?}");
}

/// Without a sound card (as on the machine these tests were written on) reading goes on at
/// the pace of speech, the words still marked, and the first event says there is no output.
#[test]
fn without_a_sound_device_reading_goes_on_silently_and_says_so() {
    let Some(engine) = open_jtalk() else { return };
    let engines = Engines { open_jtalk: Some(engine), espeak_ng: None, voices: Default::default() };
    let mut reader = DirectReadAloud::with_default_device(engines, Default::default());
    reader.play(vec![Sentence::new("吾輩は猫である。", "ja")], 0);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(20);
    let mut events = Vec::new();
    while !events.iter().any(|e| matches!(e, ReadAloudEvent::Finished)) && Instant::now() < deadline {
        events.extend(reader.poll());
        std::thread::sleep(Duration::from_millis(10));
    }
    if !matches!(events.first(), Some(ReadAloudEvent::NoOutputDevice(_))) {
        eprintln!("SKIPPED: this machine has a sound device (the sentence was played on it)");
        return;
    }
    let words = events.iter().filter(|e| matches!(e, ReadAloudEvent::Word(..))).count();
    assert_eq!(words, 2, "{events:?}");
    assert!(events.iter().any(|e| matches!(e, ReadAloudEvent::Finished)), "{events:?}");
    assert!(started.elapsed() > Duration::from_millis(1_000), "played at the pace of speech");
}
