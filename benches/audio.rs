//! Figures: key → first sample of the next heading (jump deep into a 5-minute VBR MP3 without
//! a Xing header), CPU of the 3× time-stretch, and opening the player for a long talking book
//! (on the interface thread when a book opens). `cargo bench --bench audio`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../tests/audio/common.rs"]
mod common;
#[path = "support/stats.rs"]
mod support;

use support::stats;

use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use rodio::queue::SourcesQueueOutput;
use tomoshibi::listen::audio::{
    AudioPlayer, Clip, ClipSource, PlayerEvent, PlayerOptions, PullOutput, Speed, SpeedControl,
};

const LONG: &str = "long_vbr_noxing.mp3";

/// Clips: 10 s of clicks.wav, then the long file in 1 s clips (heading = clip index).
fn clips() -> Vec<Clip> {
    let mut clips: Vec<Clip> =
        (0..10).map(|k| Clip::new(k, "clicks.wav", k as u64 * 1000, Some(k as u64 * 1000 + 1000))).collect();
    for s in 0..300u64 {
        clips.push(Clip::new(
            clips.len(),
            LONG,
            s * 1000 + 250,
            Some(s * 1000 + 1250).filter(|e| *e <= 300_000),
        ));
    }
    clips
}

fn wait_started(events: &Receiver<PlayerEvent>, samples: &mut SourcesQueueOutput, clip: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        for _ in 0..64 {
            samples.next();
        }
        while let Ok(event) = events.try_recv() {
            if matches!(event, PlayerEvent::ClipStarted { clip: c, .. } if c == clip) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "clip {clip} never started");
    }
}

/// Time from `jump()` to the first sample of the target clip being produced while the output
/// pulls as fast as it can (the output's own buffer comes on top in real playback).
fn jump_latency(name: &str, from_clip: usize, to_clip: usize, runs: usize) {
    let mut times = Vec::new();
    for _ in 0..runs {
        let (output, mut samples) = PullOutput::new();
        let (mut player, events) =
            AudioPlayer::new(clips(), common::opener(), Box::new(output), PlayerOptions::default());
        player.jump(from_clip, 0).unwrap();
        player.play();
        wait_started(&events, &mut samples, from_clip);
        for _ in 0..4410 {
            samples.next();
        }
        let t0 = Instant::now();
        player.jump(to_clip, 0).unwrap();
        wait_started(&events, &mut samples, to_clip);
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    stats(name, times);
}

fn cold_start(runs: usize) {
    let mut times = Vec::new();
    for _ in 0..runs {
        let (output, mut samples) = PullOutput::new();
        let (mut player, _events) =
            AudioPlayer::new(clips(), common::opener(), Box::new(output), PlayerOptions::default());
        let t0 = Instant::now();
        // Nothing open yet: the file is opened and seeked right here, on the caller's thread.
        player.jump(10 + 150, 0).unwrap();
        let jumped = t0.elapsed();
        player.play();
        if times.is_empty() {
            println!("  (first run: jump() returned after {:.2} ms)", jumped.as_secs_f64() * 1000.0);
        }
        let first = samples.by_ref().take(44_100).position(|s| s.abs() > 1e-4);
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        assert!(first.is_some());
    }
    stats("cold: nothing open, jump() → first audible sample (150 s)", times);
}

fn open_at(runs: usize) {
    let opener = common::opener();
    let mut times = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut source = ClipSource::open(opener.as_ref(), LONG, 150_250, Some(151_250)).unwrap();
        source.next();
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    stats("ClipSource::open(long file, 150.25 s) + first sample", times);
}

fn stretch_cpu() {
    let opener = common::opener();
    let seconds = 60.0;
    let run = |speed: Option<f32>| {
        let t0 = Instant::now();
        let source = ClipSource::open(opener.as_ref(), LONG, 100_000, Some(160_000)).unwrap();
        let n = match speed {
            None => source.count(),
            Some(s) => {
                let control = SpeedControl::new();
                control.set_speed(s);
                Speed::new(source, control).count()
            }
        };
        (t0.elapsed().as_secs_f64(), n)
    };
    let best = |speed| (0..3).map(|_| run(speed)).min_by(|a, b| a.0.total_cmp(&b.0)).unwrap();
    let (decode, _) = best(None);
    println!(
        "decode only: 60 s of VBR MP3 in {:.1} ms ({:.0}× real time)",
        decode * 1000.0,
        seconds / decode
    );
    for speed in [1.0f32, 2.0, 3.0, 4.0] {
        let (total, n) = best(Some(speed));
        let wall = seconds / f64::from(speed);
        println!(
            "decode + stretch {speed}×: {:.1} ms → {:.2} s out; CPU while playing = {:.2} % of one core \
             (stretch alone {:.2} %)",
            total * 1000.0,
            n as f64 / 44_100.0,
            total / wall * 100.0,
            (total - decode).max(0.0) / wall * 100.0
        );
    }
    // Speech (espeak-ng, 22.05 kHz), 3×.
    let (speech, rate, _) = common::read_wav(&common::dir().join("speech.wav"));
    let secs = speech.len() as f64 / f64::from(rate);
    let t0 = Instant::now();
    let source = ClipSource::open(opener.as_ref(), "speech.wav", 0, None).unwrap();
    let control = SpeedControl::new();
    control.set_speed(3.0);
    let n = Speed::new(source, control).count();
    let total = t0.elapsed().as_secs_f64();
    println!(
        "speech {secs:.1} s at 3× → {:.2} s in {:.1} ms: CPU {:.2} % of one core",
        n as f64 / f64::from(rate),
        total * 1000.0,
        total / (secs / 3.0) * 100.0
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let _ = common::dir();
    println!("== key → first sample of the next heading (5-min VBR MP3, no Xing header) ==");
    open_at(10);
    cold_start(10);
    jump_latency("other file → 150 s into long file (loader: open + seek)", 2, 10 + 150, 10);
    jump_latency("other file → 290 s into long file", 2, 10 + 290, 10);
    jump_latency("same file 20 s → 150 s (forward seek on open decoder)", 10 + 20, 10 + 150, 10);
    jump_latency("same file 250 s → 150 s (backward: rescan from start)", 10 + 250, 10 + 150, 10);
    jump_latency("same file 150 s → next heading 151 s (near: decode through)", 10 + 150, 10 + 151, 10);
    println!("== time-stretch CPU ==");
    stretch_cpu();
    println!("== opening the player for a long talking book ==");
    open_long_book(8_000, 7);
}

/// A generated EPUB 3 with media overlays: `paragraphs` paragraphs of two narrated sentences
/// each, every tenth paragraph left out of the narration (spoken by the engine instead).
fn long_talking_book(dir: &std::path::Path, paragraphs: usize) {
    use std::fmt::Write as _;
    let epub = dir.join("EPUB");
    std::fs::create_dir_all(dir.join("META-INF")).unwrap();
    std::fs::create_dir_all(&epub).unwrap();
    std::fs::write(dir.join("mimetype"), "application/epub+zip").unwrap();
    std::fs::write(
        dir.join("META-INF/container.xml"),
        r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
    )
    .unwrap();
    let (mut text, mut smil, mut second) = (String::new(), String::new(), 0u64);
    for i in 0..paragraphs {
        let _ = write!(
            text,
            r#"<p id="p{i}"><span id="s{i}a">Sentence one of paragraph {i}.</span> <span id="s{i}b">And two.</span></p>"#
        );
        if i % 10 == 3 {
            continue;
        }
        for part in ["a", "b"] {
            let _ = write!(
                smil,
                r#"<par><text src="c.xhtml#s{i}{part}"/><audio src="a.wav" clipBegin="{second}s" clipEnd="{}s"/></par>"#,
                second + 1
            );
            second += 1;
        }
    }
    std::fs::write(epub.join("c.xhtml"), format!(r#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Long</title></head><body>{text}</body></html>"#)).unwrap();
    std::fs::write(
        epub.join("c.smil"),
        format!(r#"<smil xmlns="http://www.w3.org/ns/SMIL" version="3.0"><body>{smil}</body></smil>"#),
    )
    .unwrap();
    common::write_wav(&epub.join("a.wav"), &common::harmonic(1.0, 8_000, 220.0), 8_000, 1);
    std::fs::write(epub.join("package.opf"), r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">long</dc:identifier><dc:title>Long</dc:title><dc:language>en</dc:language><meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml" media-overlay="m"/><item id="m" href="c.smil" media-type="application/smil+xml"/><item id="a" href="a.wav" media-type="audio/wav"/></manifest><spine><itemref idref="c"/></spine></package>"#).unwrap();
}

/// Time of `TalkingBook::open` (clips → units, the text without a recording found and split
/// into sentences, the player started) for a book of `paragraphs` paragraphs.
fn open_long_book(paragraphs: usize, runs: usize) {
    use tomoshibi::listen::talking_book::TalkingBook;
    use tomoshibi::listen::unrecorded::Programme;
    let dir = tempfile::tempdir().unwrap();
    long_talking_book(dir.path(), paragraphs);
    let book = tomoshibi::book::open(dir.path()).unwrap();
    let units = tomoshibi::reading::units(&book, tomoshibi::reading::RubyMode::Hidden);
    let programme = Programme::recorded(&book, &units).with_speech(&book, &units);
    let spoken = (0..programme.clips.len()).filter(|c| programme.is_spoken(*c)).count();
    let engine = tomoshibi::listen::read_aloud::synth::EspeakNg::locate();
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let speech = engine.clone().ok().map(|e| std::sync::Arc::new(e) as _);
        let talking = TalkingBook::open(
            &book,
            &units,
            Some(Box::new(tomoshibi::listen::audio::NullOutput)),
            speech,
            &Default::default(),
        );
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(talking.is_some());
    }
    stats(&format!("open: {} units, {} clips ({spoken} spoken)", units.len(), programme.clips.len()), times);
}
