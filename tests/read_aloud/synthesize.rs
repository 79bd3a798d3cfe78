//! Real engines rendering to buffers: Open JTalk (with the Mei voice installed by
//! `setup-open-jtalk.sh`) and espeak-ng. Each test skips, saying why, only when its engine is
//! not installed.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tomoshibi::listen::read_aloud::ruby::RubyText;
use tomoshibi::listen::read_aloud::synth::{
    Engines, EspeakNg, OpenJtalk, SynthError, Synthesizer, default_voices_dir,
};

fn voices_dir() -> PathBuf {
    std::env::var_os("TOMOSHIBI_VOICES_DIR").map(PathBuf::from).or_else(default_voices_dir).unwrap()
}

fn open_jtalk() -> Option<OpenJtalk> {
    match OpenJtalk::locate(&voices_dir()) {
        Ok(engine) => Some(engine),
        Err(e) => {
            eprintln!("SKIPPED: {e} (run setup-open-jtalk.sh)");
            None
        }
    }
}

#[test]
fn open_jtalk_reads_kanji() {
    let Some(engine) = open_jtalk() else { return };
    let started = Instant::now();
    let pcm = engine.synthesize("吾輩は猫である。名前はまだ無い。", "ja", 1.0).unwrap();
    let took = started.elapsed();
    let duration = pcm.duration();
    println!(
        "open_jtalk: {:.2} s of audio at {} Hz, rms {:.3}, voiced {:.2} s, rendered in {} ms ({:.1}x real time)",
        duration.as_secs_f32(),
        pcm.sample_rate,
        pcm.rms(),
        pcm.voiced(0.02).as_secs_f32(),
        took.as_millis(),
        duration.as_secs_f32() / took.as_secs_f32()
    );
    assert_eq!(pcm.sample_rate, 48_000);
    assert!(pcm.rms() > 0.02, "silent: rms {}", pcm.rms());
    assert!(duration > Duration::from_millis(2000) && duration < Duration::from_secs(6), "{duration:?}");

    // The kanji are read: the same sentence written in kana takes about as long, and the
    // kana left after dropping the kanji (what a kana-only reader would say) much less.
    let kana = engine.synthesize("わがはいはねこである。なまえはまだない。", "ja", 1.0).unwrap().duration();
    let without_kanji = engine.synthesize("はである。はまだい。", "ja", 1.0).unwrap().duration();
    println!(
        "kanji text {:.2} s, kana spelling {:.2} s, kanji dropped {:.2} s",
        duration.as_secs_f32(),
        kana.as_secs_f32(),
        without_kanji.as_secs_f32()
    );
    let ratio = duration.as_secs_f32() / kana.as_secs_f32();
    assert!((0.85..1.15).contains(&ratio), "kanji/kana duration ratio {ratio}");
    assert!(duration.as_secs_f32() > without_kanji.as_secs_f32() * 1.4);
}

#[test]
fn open_jtalk_rate_and_ruby() {
    let Some(engine) = open_jtalk() else { return };
    let normal = engine.synthesize("山路を登りながら、こう考えた。", "ja", 1.0).unwrap().duration();
    let fast = engine.synthesize("山路を登りながら、こう考えた。", "ja", 2.0).unwrap().duration();
    let ratio = fast.as_secs_f32() / normal.as_secs_f32();
    println!(
        "open_jtalk rate 2.0: {:.2} s → {:.2} s (ratio {ratio:.2})",
        normal.as_secs_f32(),
        fast.as_secs_f32()
    );
    assert!((0.4..0.65).contains(&ratio), "{ratio}");

    // 智 alone is read "とも" or "さとし" by the dictionary; the ruby says "ち".
    let mut text = RubyText::new();
    text.push_ruby("智", "ち").push_text("に働けば角が立つ。");
    let speech = text.to_speech("ja");
    assert_eq!(speech.text, "ちに働けば角が立つ。");
    let pcm = engine.synthesize(&speech.text, "ja", 1.0).unwrap();
    assert!(pcm.rms() > 0.02);
}

#[test]
fn engines_report_what_is_missing_and_time_out() {
    let err = OpenJtalk::locate(&PathBuf::from("/nonexistent/voices")).unwrap_err();
    assert!(err.is_missing(), "{err}");
    let Ok(mut espeak) = EspeakNg::locate() else {
        eprintln!("SKIPPED: espeak-ng is not installed");
        return;
    };
    espeak.program = PathBuf::from("/nonexistent/espeak-ng");
    assert!(espeak.synthesize("hello", "en", 1.0).unwrap_err().is_missing());
    if let Some(mut engine) = open_jtalk() {
        engine.timeout = Duration::from_millis(1);
        let err = engine.synthesize(&"吾輩は猫である。".repeat(20), "ja", 1.0).unwrap_err();
        assert!(matches!(err, SynthError::Timeout { .. }), "{err}");
    }
}

#[test]
fn espeak_ng_renders_english_and_engines_route_by_language() {
    let Ok(espeak) = EspeakNg::locate() else {
        eprintln!("SKIPPED: espeak-ng is not installed");
        return;
    };
    let started = Instant::now();
    let pcm = espeak.synthesize("-Hello world. This is Tomoshibi reading aloud.", "en-US", 1.0).unwrap();
    println!(
        "espeak-ng: {:.2} s of audio at {} Hz, rms {:.3}, rendered in {} ms",
        pcm.duration().as_secs_f32(),
        pcm.sample_rate,
        pcm.rms(),
        started.elapsed().as_millis()
    );
    assert_eq!(pcm.sample_rate, 22_050);
    assert!(pcm.rms() > 0.02);
    assert!(pcm.duration() > Duration::from_secs(1) && pcm.duration() < Duration::from_secs(6));
    let fast = espeak.synthesize("-Hello world. This is Tomoshibi reading aloud.", "en", 2.0).unwrap();
    assert!(fast.duration().as_secs_f32() < pcm.duration().as_secs_f32() * 0.7);
    let err = espeak.synthesize("hello", "xx-nonexistent", 1.0).unwrap_err();
    assert!(matches!(err, SynthError::Unsupported { .. }), "{err}");

    let engines = Engines::locate(&voices_dir());
    let ja = engines.synthesize("名前はまだ無い。", "ja-JP", 1.0).unwrap();
    let expected_rate = if engines.open_jtalk.is_some() { 48_000 } else { 22_050 };
    assert_eq!(ja.sample_rate, expected_rate);
}
