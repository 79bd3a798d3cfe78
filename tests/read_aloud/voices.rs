//! The voice chosen per language, for real: the voices offered are the ones the private
//! speech-dispatcher's modules have, reading aloud sends the chosen one to the engine (the
//! daemon's own log shows what its module was given), and export speaks with it.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tomoshibi::listen::read_aloud::driver::{ReadAloud, ReadAloudEvent, ReadAloudOptions, Sentence};
use tomoshibi::listen::read_aloud::speechd_config::SpeechdConfig;
use tomoshibi::listen::read_aloud::speechd_daemon::PrivateDaemon;
use tomoshibi::listen::read_aloud::ssip::SsipClient;
use tomoshibi::listen::read_aloud::synth::{Engines, Synthesizer, default_voices_dir};
use tomoshibi::listen::read_aloud::voice::{Engine, ReadAloudSettings};
use tomoshibi::listen::read_aloud::voices::{Voice, installed};

fn voices_dir() -> PathBuf {
    std::env::var_os("TOMOSHIBI_VOICES_DIR")
        .map(PathBuf::from)
        .or_else(default_voices_dir)
        .unwrap_or_default()
}

#[test]
fn the_chosen_voice_reads_aloud_and_is_the_one_the_daemon_offers() {
    if !std::path::Path::new("/usr/lib/speech-dispatcher-modules/sd_espeak-ng").is_file() {
        eprintln!("SKIPPED: speech-dispatcher-espeak-ng is not installed (run .ci/setup)");
        return;
    }
    let offered = installed("en", &voices_dir());
    let scotland = offered.iter().find(|v| v.name == "English (Scotland)").cloned();
    let Some(scotland) = scotland else { panic!("espeak-ng offers no Scottish English: {offered:?}") };

    let dir = tempfile::tempdir().unwrap();
    let config = SpeechdConfig { log_level: 5, ..SpeechdConfig::silent(None) };
    let daemon = PrivateDaemon::start_in(dir.path(), &config, Duration::from_secs(10)).unwrap();

    // Every espeak-ng voice offered in Settings is one the daemon's module has.
    let mut client =
        SsipClient::connect(daemon.socket(), "tomoshibi:test:voices", Duration::from_secs(5), |_, _| {})
            .unwrap();
    client.set("OUTPUT_MODULE", "espeak-ng").unwrap();
    let module: Vec<String> = client.synthesis_voices().unwrap().into_iter().map(|(name, ..)| name).collect();
    for voice in offered.iter().filter(|v| v.engine == Engine::EspeakNg) {
        assert!(module.contains(&voice.name), "{} is not in the daemon's list", voice.name);
    }
    drop(client);

    // Reading aloud with the voice chosen for English.
    let mut voices = BTreeMap::new();
    voices.insert("en".to_owned(), scotland.id());
    let settings = ReadAloudSettings { voices, ..ReadAloudSettings::default() };
    let (tx, rx) = mpsc::channel();
    let options = ReadAloudOptions { settings, ..ReadAloudOptions::default() };
    let driver = ReadAloud::connect(daemon.socket(), options, tx).unwrap();
    driver.play(vec![Sentence::new("Good morning, Edinburgh.", "en-GB")], 0);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(ReadAloudEvent::Finished) => break,
            Ok(ReadAloudEvent::Failed(e)) => panic!("speech failed: {e}"),
            Ok(_) => {}
            Err(e) => panic!("no end of speech: {e}"),
        }
    }
    drop(driver);
    let log =
        std::fs::read_to_string(dir.path().join("speech-dispatcher/log/speech-dispatcher.log")).unwrap();
    assert!(log.contains("synthesis_voice=English (Scotland)"), "the module was not given the voice");
}

#[test]
fn export_speaks_with_the_chosen_voice() {
    let mut engines = Engines::locate(&voices_dir());
    if engines.espeak_ng.is_none() {
        eprintln!("SKIPPED: espeak-ng is not installed (run .ci/setup)");
        return;
    }
    let text = "The quick brown fox jumps over the lazy dog.";
    let automatic = engines.synthesize(text, "en", 1.0).unwrap();
    let scotland = Voice { engine: Engine::EspeakNg, name: "English (Scotland)".into() };
    engines.voices.insert("en".into(), scotland.id());
    let chosen = engines.synthesize(text, "en", 1.0).unwrap();
    assert_ne!(automatic.samples, chosen.samples, "another voice sounds different");
    assert!(chosen.duration() > Duration::from_secs(1));

    // Japanese: a chosen espeak-ng voice instead of Open JTalk (another engine, another rate).
    if engines.open_jtalk.is_some() {
        let mei = engines.synthesize("こんにちは。", "ja", 1.0).unwrap();
        engines.voices.insert("ja".into(), "espeak-ng:Japanese".into());
        let espeak = engines.synthesize("こんにちは。", "ja", 1.0).unwrap();
        assert_ne!(mei.sample_rate, espeak.sample_rate, "Open JTalk 48 kHz, espeak-ng 22.05 kHz");
        engines.voices.insert("ja".into(), "open-jtalk:mei_normal".into());
        assert_eq!(engines.synthesize("こんにちは。", "ja", 1.0).unwrap().samples, mei.samples);
    } else {
        eprintln!("NOTE: Open JTalk or the Mei voice is missing; the Japanese half was not run");
    }
}

/// A talking book's text without a recording follows a voice chosen while it plays.
#[test]
fn shared_engines_take_a_new_voice_from_the_next_sentence() {
    use tomoshibi::listen::read_aloud::synth::SharedEngines;
    let engines = Engines::locate(&voices_dir());
    if engines.espeak_ng.is_none() {
        eprintln!("SKIPPED: espeak-ng is not installed (run .ci/setup)");
        return;
    }
    let text = "The quick brown fox jumps over the lazy dog.";
    let alone = engines.clone();
    let shared = SharedEngines::new(engines);
    let automatic = shared.synthesize(text, "en", 1.0).unwrap();
    assert_eq!(automatic.samples, alone.synthesize(text, "en", 1.0).unwrap().samples);
    let scotland = Voice { engine: Engine::EspeakNg, name: "English (Scotland)".into() };
    shared.set_voices(&BTreeMap::from([("en".to_owned(), scotland.id())]));
    let chosen = shared.synthesize(text, "en", 1.0).unwrap();
    assert_ne!(automatic.samples, chosen.samples, "the chosen voice speaks now");
    shared.set_voices(&BTreeMap::new());
    assert_eq!(shared.synthesize(text, "en", 1.0).unwrap().samples, automatic.samples, "automatic again");
}
