//! Figures: the read-aloud key (Ctrl+P) → the first synthesized sample reaching the sound
//! output, through the path the app uses (`BookVoice`: a private speech-dispatcher, espeak-ng
//! for English, Open JTalk through `sd_generic` for Japanese). `cargo bench --bench read_aloud`.
//!
//! The sound goes into a tap instead of a sound card: espeak-ng's audio through an ALSA
//! `file` PCM piped into a script, Open JTalk's WAV into the same script as its play
//! command; the script notes the moment sound starts arriving. Measured cold (the speech
//! service starts on the key) and warm (the service already runs, as in the app, which
//! prepares it when a book without recorded audio opens: the key only asks for speech).
//! Japanese reading starts on the first clause of the first sentence (`start_short`).
//!
//! Japanese is also measured the way the app reads it now: Open JTalk run directly and its
//! WAV played through our own audio output (`BookVoice::prepare_direct`). There the tap is
//! an output that pulls the samples 10 ms at a time at the pace of a sound card and notes
//! when the first sample of speech comes (the output plays exact silence before it).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[path = "support/stats.rs"]
mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use support::stats;

use tomoshibi::listen::audio::AudioOutput as SoundOutput;
use tomoshibi::listen::book_voice::{BookVoice, Said, plan};
use tomoshibi::listen::read_aloud::speechd_config::{AudioOutput, SpeechdConfig};
use tomoshibi::listen::read_aloud::synth::{OpenJtalk, default_voices_dir};
use tomoshibi::reading::{RubyMode, Unit, units};

const RUNS: usize = 9;

struct Tap {
    dir: tempfile::TempDir,
}

impl Tap {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("tap.sh");
        let stamps = dir.path().join("first");
        // This very program notes the moment sound starts (see `tap`).
        let me = std::env::current_exe().unwrap();
        std::fs::write(&script, format!("#!/bin/sh\nexec '{}' --tap '{}'\n", me.display(), stamps.display()))
            .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        std::fs::write(
            dir.path().join(".asoundrc"),
            format!(
                "pcm.tomoshibi_tap {{\n type file\n slave {{ pcm \"null\" }}\n file \"|{}\"\n format \"raw\"\n}}\n",
                script.display()
            ),
        )
        .unwrap();
        Self { dir }
    }

    fn config(&self, open_jtalk: Option<OpenJtalk>) -> SpeechdConfig {
        let home = self.dir.path().display().to_string();
        SpeechdConfig {
            audio: AudioOutput::Alsa { device: "tomoshibi_tap".into() },
            play_command: self.dir.path().join("tap.sh").display().to_string(),
            env: vec![("HOME".into(), home)],
            ..SpeechdConfig::silent(open_jtalk)
        }
    }

    fn stamps(&self) -> Vec<u128> {
        std::fs::read_to_string(self.dir.path().join("first"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    }

    /// The first stamp after `seen` stamps, in ns since the epoch.
    fn next_stamp(&self, seen: usize) -> u128 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(stamp) = self.stamps().get(seen) {
                return *stamp;
            }
            assert!(Instant::now() < deadline, "no sound reached the tap");
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Reads sound from standard input and appends to `stamps` the moment it starts: the first
/// bytes, and the first after 150 ms without any (the ALSA device may stay open from one
/// sentence to the next).
fn tap(stamps: &Path) {
    use std::io::{Read, Write};
    let mut input = std::io::stdin().lock();
    let mut buffer = vec![0u8; 65_536];
    let mut last: Option<Instant> = None;
    while let Ok(n) = input.read(&mut buffer) {
        if n == 0 {
            break;
        }
        if last.is_none_or(|l| l.elapsed() > Duration::from_millis(150)) {
            let mut file = std::fs::OpenOptions::new().create(true).append(true).open(stamps).unwrap();
            writeln!(file, "{}", now_ns()).unwrap();
        }
        last = Some(Instant::now());
    }
}

fn now_ns() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos()
}

fn book(name: &str) -> (tomoshibi::book::Publication, Vec<Unit>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo-library/books").join(name);
    let book = tomoshibi::book::open(&path).unwrap();
    let all = units(&book, RubyMode::Brackets);
    (book, all)
}

/// Key → first sample, with the speech service started by the key.
fn cold(name: &str, file: &str, first: fn(&Unit) -> bool, open_jtalk: Option<&OpenJtalk>) {
    let (book, all) = book(file);
    let from = all.iter().position(first).unwrap();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let tap = Tap::new();
        let config = tap.config(open_jtalk.cloned());
        let t0 = now_ns();
        let mut voice = BookVoice::start_with(&config, &book, &all, from, 1.0, &BTreeMap::new()).unwrap();
        let first = tap.next_stamp(0);
        times.push((first - t0) as f64 / 1e6);
        voice.stop();
    }
    stats(&format!("cold (service started by the key): {name}"), times);
}

/// Key → first sample, the speech service prepared ahead (as the app does when a book
/// without recorded audio opens): the first Ctrl+P in a book.
fn prepared(name: &str, file: &str, first: fn(&Unit) -> bool, open_jtalk: Option<&OpenJtalk>) {
    let (book, all) = book(file);
    let from = all.iter().position(first).unwrap();
    let (mut times, mut begins) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let tap = Tap::new();
        let mut voice =
            BookVoice::prepare_with(&tap.config(open_jtalk.cloned()), 1.0, &BTreeMap::new()).unwrap();
        // As the app does when the book opens: the book's sentences are planned.
        voice.anticipate(&book, &all, from);
        std::thread::sleep(Duration::from_millis(500));
        let t0 = now_ns();
        voice.read_from(&book, &all, from);
        let (begin, sound) = first_begin_and_sound(&mut voice, &tap, 0);
        times.push((sound - t0) as f64 / 1e6);
        begins.push((begin - t0) as f64 / 1e6);
        voice.stop();
    }
    stats(&format!("prepared (the app's first Ctrl+P): {name}"), times);
    stats(&format!("  key → the daemon's begin event: {name}"), begins);
}

/// The daemon's begin event and the first sound at the tap after `seen` stamps (ns).
fn first_begin_and_sound(voice: &mut BookVoice, tap: &Tap, seen: usize) -> (u128, u128) {
    let (mut begin, mut sound) = (None, None);
    let deadline = Instant::now() + Duration::from_secs(20);
    while (begin.is_none() || sound.is_none()) && Instant::now() < deadline {
        if begin.is_none() && voice.poll().iter().any(|s| matches!(s, Said::Sentence(_))) {
            begin = Some(now_ns());
        }
        if sound.is_none() {
            sound = tap.stamps().get(seen).copied();
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let (Some(begin), Some(sound)) = (begin, sound) else { panic!("no speech within 20 s") };
    (begin, sound)
}

/// Key → first sample when reading moves to another paragraph (paused first, then read
/// from there): the service runs and has spoken before.
fn warm(name: &str, file: &str, first: fn(&Unit) -> bool, open_jtalk: Option<&OpenJtalk>) {
    let (book, all) = book(file);
    let from = all.iter().position(first).unwrap();
    let tap = Tap::new();
    let mut voice =
        BookVoice::start_with(&tap.config(open_jtalk.cloned()), &book, &all, from, 1.0, &BTreeMap::new())
            .unwrap();
    tap.next_stamp(0);
    let mut times = Vec::new();
    let mut begins = Vec::new();
    for run in 0..RUNS {
        voice.toggle();
        std::thread::sleep(Duration::from_millis(300));
        let _ = voice.poll();
        let seen = tap.stamps().len();
        let t0 = now_ns();
        voice.read_from(&book, &all, from + run % 3);
        let (begin, sound) = first_begin_and_sound(&mut voice, &tap, seen);
        times.push((sound - t0) as f64 / 1e6);
        begins.push((begin - t0) as f64 / 1e6);
    }
    voice.stop();
    stats(&format!("moved while reading (paused, read from another paragraph): {name}"), times);
    stats(&format!("  key → the daemon's begin event: {name}"), begins);
}

/// An audio output that plays like a sound card (10 ms at a time, in real time) into
/// nothing, noting (ns since the epoch) each moment sound starts after 150 ms of silence.
#[derive(Clone, Default)]
struct TapOutput {
    stamps: Arc<Mutex<Vec<u128>>>,
    stop: Arc<Mutex<Option<Arc<AtomicBool>>>>,
}

impl SoundOutput for TapOutput {
    fn start(&mut self, mut source: Box<dyn rodio::Source + Send>) {
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(old) = self.stop.lock().unwrap().replace(stop.clone()) {
            old.store(true, Ordering::Release);
        }
        let stamps = self.stamps.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let (mut frames, mut quiet_since) = (0u64, Some(Instant::now() - Duration::from_secs(1)));
            while !stop.load(Ordering::Acquire) {
                let rate = u64::from(source.sample_rate().get());
                let channels = usize::from(source.channels().get());
                let chunk: Vec<f32> = source.by_ref().take((rate / 100) as usize * channels).collect();
                if chunk.is_empty() {
                    break;
                }
                if chunk.iter().any(|s| *s != 0.0) {
                    if quiet_since.is_some_and(|q| q.elapsed() > Duration::from_millis(150)) {
                        stamps.lock().unwrap().push(now_ns());
                    }
                    quiet_since = None;
                } else if quiet_since.is_none() {
                    quiet_since = Some(Instant::now());
                }
                frames += (chunk.len() / channels.max(1)) as u64;
                let due = Duration::from_micros(frames * 1_000_000 / rate.max(1));
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
        });
    }
}

impl TapOutput {
    /// The first stamp after `seen` stamps.
    fn next_stamp(&self, seen: usize) -> u128 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(stamp) = self.stamps.lock().unwrap().get(seen) {
                return *stamp;
            }
            assert!(Instant::now() < deadline, "no sound reached the tap");
            std::thread::sleep(Duration::from_micros(500));
        }
    }

    fn seen(&self) -> usize {
        self.stamps.lock().unwrap().len()
    }
}

/// Key → first sample of Open JTalk rendered directly and played through our own output:
/// the key when the first words were rendered ahead (the app does so when the book opens
/// and when the reader moves), the key without that, and moving while reading.
fn direct(file: &str, first: fn(&Unit) -> bool, open_jtalk: &OpenJtalk) {
    let (book, all) = book(file);
    let from = all.iter().position(first).unwrap();
    let config = SpeechdConfig::silent(Some(open_jtalk.clone()));
    for anticipated in [true, false] {
        let (mut times, mut planning) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let tap = TapOutput::default();
            let mut voice =
                BookVoice::prepare_direct(&config, Box::new(tap.clone()), 1.0, &BTreeMap::new()).unwrap();
            // The app plans the book's sentences and renders the first words from the
            // reader's place when the book opens and when the reader moves.
            if anticipated {
                voice.anticipate(&book, &all, from);
            }
            std::thread::sleep(Duration::from_millis(700));
            let t0 = now_ns();
            voice.read_from(&book, &all, from);
            let returned = now_ns();
            times.push((tap.next_stamp(0) - t0) as f64 / 1e6);
            planning.push((returned - t0) as f64 / 1e6);
            voice.stop();
        }
        let how = if anticipated { "first words rendered ahead" } else { "nothing rendered ahead" };
        stats(&format!("direct, {how}: Open JTalk, Japanese"), times);
        stats("  of which the key's own work (sentences planned, reading asked for)", planning);
    }
    let tap = TapOutput::default();
    let mut voice = BookVoice::prepare_direct(&config, Box::new(tap.clone()), 1.0, &BTreeMap::new()).unwrap();
    voice.read_from(&book, &all, from);
    tap.next_stamp(0);
    let mut times = Vec::new();
    for run in 0..RUNS {
        voice.toggle();
        std::thread::sleep(Duration::from_millis(300));
        let _ = voice.poll();
        let seen = tap.seen();
        let t0 = now_ns();
        voice.read_from(&book, &all, from + run % 3);
        times.push((tap.next_stamp(seen) - t0) as f64 / 1e6);
    }
    voice.stop();
    stats("direct, moved while reading (paused, read from another paragraph)", times);
    // The next-paragraph key while reading: the voice renders that paragraph's first words
    // ahead while it reads.
    let mut times = Vec::new();
    let mut unit = from;
    voice.read_from(&book, &all, unit);
    for _ in 0..RUNS {
        // Reading (the app looks at what was said every 100 ms), then paused: the tap
        // notes sound that starts after silence.
        for _ in 0..7 {
            std::thread::sleep(Duration::from_millis(100));
            let _ = voice.poll();
        }
        voice.toggle();
        std::thread::sleep(Duration::from_millis(300));
        let _ = voice.poll();
        let seen = tap.seen();
        unit = (unit + 1..all.len())
            .find(|&u| plan(&book, &all, u).first().is_some_and(|p| p.1.unit == u))
            .unwrap();
        let t0 = now_ns();
        voice.read_from(&book, &all, unit);
        times.push((tap.next_stamp(seen) - t0) as f64 / 1e6);
    }
    voice.stop();
    stats("direct, next paragraph while reading (paused, then the next)", times);
    // For reference: Open JTalk alone rendering the same first clauses.
    let mut times = Vec::new();
    for run in 0..RUNS {
        let plan = tomoshibi::listen::book_voice::start_short(plan(&book, &all, from + run % 3));
        let t0 = Instant::now();
        open_jtalk.render(&plan[0].0.text, 1.0, &|| false).unwrap();
        times.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    stats("open_jtalk alone, the same first clauses rendered (reference)", times);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--tap") {
        return tap(Path::new(&args[2]));
    }
    if !Path::new("/usr/lib/speech-dispatcher-modules/sd_espeak-ng").is_file() {
        println!("SKIPPED: speech-dispatcher-espeak-ng is not installed (run .ci/setup)");
        return;
    }
    // `-- direct`: only the Japanese rows of the app's present path.
    let only_direct = args.iter().any(|a| a == "direct");
    let april: fn(&Unit) -> bool = |u| u.text.contains("April is the cruellest month");
    let english = ("espeak-ng, English", "wasteland.epub", april);
    if !only_direct {
        cold(english.0, english.1, english.2, None);
        prepared(english.0, english.1, english.2, None);
        warm(english.0, english.1, english.2, None);
    }
    let voices = std::env::var_os("TOMOSHIBI_VOICES_DIR").map(PathBuf::from).or_else(default_voices_dir);
    match voices.and_then(|dir| OpenJtalk::locate(&dir).ok()) {
        Some(open_jtalk) => {
            let yamaji: fn(&Unit) -> bool = |u| u.text.starts_with("山路");
            let japanese = ("Open JTalk, Japanese", "kusamakura.epub", yamaji);
            direct(japanese.1, japanese.2, &open_jtalk);
            if only_direct {
                return;
            }
            println!("Japanese through speech-dispatcher (sd_generic), as before, for comparison:");
            cold(japanese.0, japanese.1, japanese.2, Some(&open_jtalk));
            prepared(japanese.0, japanese.1, japanese.2, Some(&open_jtalk));
            warm(japanese.0, japanese.1, japanese.2, Some(&open_jtalk));
        }
        None => {
            println!("SKIPPED Open JTalk: it or the Mei voice is not installed (run .ci/setup-open-jtalk)")
        }
    }
}
