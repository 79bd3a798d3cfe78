//! The same daemon playing through a private PulseAudio null sink, which paces sound in real
//! time like a sound card: word marks spread over the sentence, pause lands mid-sentence,
//! resume continues from the last word. Skips, saying why, when pulseaudio or
//! speech-dispatcher's espeak-ng module is not installed. Both daemons are ended by PID.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use tomoshibi::listen::read_aloud::driver::{ReadAloud, ReadAloudEvent, ReadAloudOptions, Sentence};
use tomoshibi::listen::read_aloud::speechd_config::SpeechdConfig;
use tomoshibi::listen::read_aloud::speechd_daemon::PrivateDaemon;
use tomoshibi::listen::read_aloud::synth::{OpenJtalk, default_voices_dir};

/// A pulseaudio with only a null sink, on a private socket.
struct NullSink {
    child: Child,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl NullSink {
    fn start() -> Option<Self> {
        if Command::new("pulseaudio").arg("--version").output().is_err() {
            eprintln!("SKIPPED: pulseaudio is not installed");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("pulse.sock");
        let child = Command::new("pulseaudio")
            .args(["-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes"])
            .arg(format!("--load=module-native-protocol-unix socket={} auth-anonymous=1", socket.display()))
            .arg("--load=module-null-sink sink_name=tomoshibi_null")
            .env("HOME", dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            assert!(Instant::now() < deadline, "pulseaudio did not open its socket");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Self { child, socket, _dir: dir })
    }
}

impl Drop for NullSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn next(
    rx: &Receiver<ReadAloudEvent>,
    wanted: impl Fn(&ReadAloudEvent) -> bool,
    log: &mut Vec<(ReadAloudEvent, Instant)>,
) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let event = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("timed out: {log:?}"));
        assert!(!matches!(event, ReadAloudEvent::Failed(_)), "{event:?}");
        let now = Instant::now();
        let done = wanted(&event);
        log.push((event, now));
        if done {
            return now;
        }
    }
}

#[test]
fn real_time_pacing_pause_and_resume() {
    if !Path::new("/usr/lib/speech-dispatcher-modules/sd_espeak-ng").is_file() {
        eprintln!("SKIPPED: speech-dispatcher-espeak-ng is not installed");
        return;
    }
    let Some(pulse) = NullSink::start() else { return };
    let voices = std::env::var_os("TOMOSHIBI_VOICES_DIR").map(PathBuf::from).or_else(default_voices_dir);
    let open_jtalk = voices.and_then(|v| OpenJtalk::locate(&v).ok());
    let has_jtalk = open_jtalk.is_some();
    let mut config = SpeechdConfig::desktop(open_jtalk);
    config.env.push(("PULSE_SERVER".into(), format!("unix:{}", pulse.socket.display())));
    let daemon = PrivateDaemon::start(&config, Duration::from_secs(10)).unwrap();
    let (tx, rx) = mpsc::channel();
    let options = ReadAloudOptions { open_jtalk: has_jtalk, ..ReadAloudOptions::default() };
    let driver = ReadAloud::connect(daemon.socket(), options, tx).unwrap();
    let mut log = Vec::new();

    let english =
        Sentence::new("The quick brown fox jumps over the lazy dog near the quiet river bank.", "en");
    let japanese = Sentence::new("吾輩は猫である。", "ja");
    let played = Instant::now();
    driver.play(vec![english.clone(), japanese.clone()], 0);
    let begin = next(&rx, |e| matches!(e, ReadAloudEvent::SentenceStarted(0)), &mut log);
    let end = next(&rx, |e| matches!(e, ReadAloudEvent::SentenceFinished(0)), &mut log);
    let ja_begin = next(&rx, |e| matches!(e, ReadAloudEvent::SentenceStarted(1)), &mut log);
    let ja_end = next(&rx, |e| matches!(e, ReadAloudEvent::Finished), &mut log);
    let marks: Vec<Instant> =
        log.iter().filter(|(e, _)| matches!(e, ReadAloudEvent::Word(0, _))).map(|(_, t)| *t).collect();
    let ms = |a: Instant, b: Instant| b.duration_since(a).as_millis();
    println!(
        "pulse: en begin after {} ms, spoken {} ms, {} marks spread over {} ms; ja begin {} ms after en end, spoken {} ms",
        ms(played, begin),
        ms(begin, end),
        marks.len(),
        ms(marks[0], *marks.last().unwrap()),
        ms(end, ja_begin),
        ms(ja_begin, ja_end)
    );
    assert!(end.duration_since(begin) > Duration::from_millis(2500), "English played in real time");
    assert!(
        marks.last().unwrap().duration_since(marks[0]) > Duration::from_millis(1500),
        "marks follow the voice"
    );
    assert!(ja_end.duration_since(ja_begin) > Duration::from_millis(800), "Japanese played in real time");

    // Pause after a few words; resume continues from the last word reached.
    log.clear();
    driver.play(vec![english.clone()], 0);
    next(&rx, |e| matches!(e, ReadAloudEvent::Word(0, r) if r.start > 10), &mut log);
    driver.pause();
    next(&rx, |e| matches!(e, ReadAloudEvent::Paused(0)), &mut log);
    let last_word = log
        .iter()
        .rev()
        .find_map(|(e, _)| if let ReadAloudEvent::Word(0, r) = e { Some(r.clone()) } else { None })
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    log.clear();
    driver.resume();
    next(&rx, |e| matches!(e, ReadAloudEvent::Finished), &mut log);
    let first_after = log
        .iter()
        .find_map(|(e, _)| if let ReadAloudEvent::Word(0, r) = e { Some(r.clone()) } else { None })
        .unwrap();
    println!(
        "paused at {:?}, resumed at {:?}",
        &english.text[last_word.clone()],
        &english.text[first_after.clone()]
    );
    assert_eq!(first_after, last_word);
    assert!(!log.iter().any(|(e, _)| matches!(e, ReadAloudEvent::SentenceStarted(_))));
    drop(driver);
    drop(daemon);
    drop(pulse);
}
