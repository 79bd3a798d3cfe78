//! Self-voicing against a real speech service: speech-dispatcher with the
//! espeak-ng module, a private configuration, and an ALSA "file" device so
//! what the app says is recorded and measured (no sound card needed).
//!
//! The daemon is started by the test with its own config and stopped by its
//! PID; every wait has a timeout. Without speech-dispatcher installed the test
//! says so and passes, except under CI, where that is a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "TOMOSHIBI_SPEECH_TEST_CHILD";

struct Daemon {
    pid: u32,
    dir: tempfile::TempDir,
}

impl Daemon {
    fn start() -> Option<Self> {
        let available = Command::new("sh")
            .args(["-c", "command -v speech-dispatcher && command -v sox"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !available {
            assert!(std::env::var_os("CI").is_none(), "speech-dispatcher or sox missing (run .ci/setup)");
            eprintln!("skipped: speech-dispatcher or sox missing");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["home", "config/speech-dispatcher", "run"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        std::fs::write(
            root.join("home/.asoundrc"),
            format!(
                "pcm.!default {{ type file; slave.pcm \"null\"; file \"{}\"; format \"raw\" }}\n",
                root.join("speech.raw").display()
            ),
        )
        .unwrap();
        std::fs::write(
            root.join("config/speech-dispatcher/speechd.conf"),
            "AudioOutputMethod \"alsa\"\nAddModule \"espeak-ng\" \"sd_espeak-ng\" \"espeak-ng.conf\"\n\
             DefaultModule espeak-ng\nDefaultLanguage \"en\"\nTimeout 30\n",
        )
        .unwrap();
        let status = Self::env(Command::new("speech-dispatcher"), root)
            .args(["-d", "-t", "30", "-P"])
            .arg(root.join("pid"))
            .arg("-C")
            .arg(root.join("config/speech-dispatcher"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "speech-dispatcher did not start");
        let socket = root.join("run/speech-dispatcher/speechd.sock");
        let deadline = Instant::now() + Duration::from_secs(10);
        // The pid file appears before its number is written: wait for both.
        let read_pid = || std::fs::read_to_string(root.join("pid")).ok()?.trim().parse::<u32>().ok();
        loop {
            if let (true, Some(pid)) = (socket.exists(), read_pid()) {
                return Some(Self { pid, dir });
            }
            assert!(Instant::now() < deadline, "speech-dispatcher never became ready");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn env(mut cmd: Command, root: &Path) -> Command {
        cmd.env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_RUNTIME_DIR", root.join("run"));
        cmd
    }

    fn recording(&self) -> PathBuf {
        self.dir.path().join("speech.raw")
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
        std::thread::sleep(Duration::from_millis(200));
        let _ = Command::new("kill").args(["-9", &self.pid.to_string()]).status();
        // The daemon and its output module may have forked past the pid in
        // the pid file: everything started with our private config goes too.
        let _ = Command::new("pkill").arg("-9").arg("-f").arg(self.dir.path()).status();
    }
}

/// Runs in the child process, whose environment points at the private daemon.
fn speak_in_child() {
    use std::sync::mpsc;
    use tomoshibi::listen::speech::{SpeechEvent, SystemVoice, TtsEngine};
    let settings = tomoshibi::store::Settings { ui_scale: 200, ..Default::default() };
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let phrase = tomoshibi::a11y::phrase::control(&tomoshibi::ui::screen::prefs::ui_scale(&settings));
    assert!(phrase.starts_with("Interface size, 200 percent, slider"), "{phrase}");
    let (tx, rx) = mpsc::channel();
    let mut voice = SystemVoice::connect(Some(tx)).expect("connect to speech-dispatcher");
    voice.set_language("en");
    voice.speak("Interface size, 200 percent, slider", true).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(SpeechEvent::Finished) => break,
            Ok(_) => {}
            Err(e) => panic!("no end-of-speech event within 20 s: {e}"),
        }
    }
}

#[test]
fn the_app_voice_speaks_a_control_through_speech_dispatcher() {
    if std::env::var_os(CHILD_ENV).is_some() {
        speak_in_child();
        return;
    }
    let Some(daemon) = Daemon::start() else { return };
    let out = Daemon::env(Command::new(std::env::current_exe().unwrap()), daemon.dir.path())
        .env(CHILD_ENV, "1")
        .args(["--exact", "the_app_voice_speaks_a_control_through_speech_dispatcher", "--nocapture"])
        .output()
        .unwrap();
    assert!(out.status.success(), "child failed:\n{}", String::from_utf8_lossy(&out.stdout));

    // espeak-ng through speech-dispatcher: 16-bit mono at 22 050 Hz.
    let wav = Path::new(env!("CARGO_TARGET_TMPDIR")).join("self-voicing.wav");
    let status = Command::new("sox")
        .args(["-t", "raw", "-r", "22050", "-e", "signed", "-b", "16", "-c", "1"])
        .arg(daemon.recording())
        .arg(&wav)
        .status()
        .unwrap();
    assert!(status.success());
    let stat = Command::new("sox").arg(&wav).args(["-n", "stat"]).output().unwrap();
    let report = String::from_utf8_lossy(&stat.stderr).to_string();
    let field = |name: &str| -> f64 {
        report
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split(':').nth(1))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} not in sox report:\n{report}"))
    };
    let seconds = field("Length (seconds)");
    let rms = field("RMS     amplitude");
    println!("self-voicing recorded: {seconds:.2} s, RMS {rms:.3} ({})", wav.display());
    assert!((1.0..8.0).contains(&seconds), "{seconds} s of speech for a five-word phrase");
    assert!(rms > 0.01, "recording is silent (RMS {rms})");
}
