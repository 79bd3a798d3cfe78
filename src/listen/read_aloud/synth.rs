//! Speech rendered into our own buffer, one sentence at a time, by running the engines'
//! command-line programs as separate processes (Open JTalk `open_jtalk -ow FILE`,
//! `espeak-ng --stdout`). Used for audio export and for exact sentence timing. espeak-ng is
//! GPL, so it is only ever run, never linked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use super::process::{self, RunError};
use super::timing::Trace;
use super::voice::{Engine, VoiceSettings, choose_voice, choose_voice_for};
use super::wav::{Pcm, parse_wav};

/// Where Debian's `open-jtalk-mecab-naist-jdic` puts the dictionary.
pub const DEBIAN_DICTIONARY: &str = "/var/lib/mecab/dic/open-jtalk/naist-jdic";

/// The file name of the Mei voice that `setup-open-jtalk.sh` installs.
pub const MEI_VOICE: &str = "mei_normal.htsvoice";

/// How long one sentence may take to render before the engine is killed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Why speech could not be rendered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SynthError {
    /// The engine, its dictionary or its voice is not installed.
    #[error("{engine:?} is not installed: {missing} not found")]
    Missing {
        /// The engine.
        engine: Engine,
        /// What is missing (a program name or a path).
        missing: String,
    },
    /// The engine has no voice for the language.
    #[error("{engine:?} cannot speak {language}")]
    Unsupported {
        /// The engine.
        engine: Engine,
        /// The BCP 47 tag asked for.
        language: String,
    },
    /// The engine ran too long and was stopped.
    #[error("{engine:?} took longer than {timeout:?}")]
    Timeout {
        /// The engine.
        engine: Engine,
        /// The limit.
        timeout: Duration,
    },
    /// The engine exited with an error.
    #[error("{engine:?} failed ({status}): {stderr}")]
    Failed {
        /// The engine.
        engine: Engine,
        /// The exit status.
        status: String,
        /// The end of its error output.
        stderr: String,
    },
    /// The engine's output was not 16-bit PCM WAV.
    #[error("{engine:?} produced unreadable audio: {reason}")]
    BadAudio {
        /// The engine.
        engine: Engine,
        /// What was wrong.
        reason: String,
    },
    /// The sentence was no longer wanted (reading moved on) and the engine was stopped.
    #[error("{engine:?} was stopped")]
    Cancelled {
        /// The engine.
        engine: Engine,
    },
    /// Reading or writing a temporary file failed.
    #[error("{engine:?}: {source}")]
    Io {
        /// The engine.
        engine: Engine,
        /// The I/O error.
        source: Arc<std::io::Error>,
    },
}

impl SynthError {
    /// True when the fix is installing something (the UI offers the set-up).
    pub fn is_missing(&self) -> bool {
        matches!(self, Self::Missing { .. })
    }

    /// What went wrong, in the patron's language.
    pub fn explain(&self) -> String {
        let name = |engine: &Engine| match engine {
            Engine::OpenJtalk => "Open JTalk",
            Engine::EspeakNg => "eSpeak NG",
        };
        match self {
            Self::Missing { engine, missing } => {
                crate::fl!("speech-engine-missing", engine = name(engine), missing = missing.clone())
            }
            Self::Unsupported { engine, language } => {
                crate::fl!("speech-engine-unsupported", engine = name(engine), language = language.clone())
            }
            Self::Timeout { engine, .. } => crate::fl!("speech-engine-timeout", engine = name(engine)),
            Self::Failed { engine, .. }
            | Self::BadAudio { engine, .. }
            | Self::Cancelled { engine }
            | Self::Io { engine, .. } => {
                crate::fl!("speech-engine-failed", engine = name(engine), detail = self.to_string())
            }
        }
    }
}

/// A sentence rendered for read-aloud: its audio and, from Open JTalk, the trace that
/// times its words.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The audio.
    pub pcm: Pcm,
    /// Open JTalk's text analysis and phoneme timing (`-ot`); `None` from espeak-ng.
    pub trace: Option<Trace>,
}

/// Renders text to PCM.
pub trait Synthesizer: Send + Sync {
    /// Speaks `text` (one sentence) in BCP 47 language `lang` at speed factor `rate`
    /// (1.0 normal) into a buffer.
    ///
    /// # Errors
    /// [`SynthError`] when the engine is missing, fails or takes too long.
    fn synthesize(&self, text: &str, lang: &str, rate: f32) -> Result<Pcm, SynthError>;
}

/// Open JTalk run as `open_jtalk -x DIC -m VOICE -r SPEED -ow FILE`.
#[derive(Debug, Clone)]
pub struct OpenJtalk {
    /// The `open_jtalk` program.
    pub program: PathBuf,
    /// The mecab dictionary directory.
    pub dictionary: PathBuf,
    /// The `.htsvoice` file.
    pub voice: PathBuf,
    /// Pitch and volume (the rate comes with each call).
    pub settings: VoiceSettings,
    /// Time limit per sentence.
    pub timeout: Duration,
}

impl OpenJtalk {
    /// Finds `open_jtalk` on `PATH`, the Debian dictionary, and the Mei voice in
    /// `voices_dir` (see [`default_voices_dir`]).
    ///
    /// # Errors
    /// [`SynthError::Missing`] naming the first thing not found.
    pub fn locate(voices_dir: &Path) -> Result<Self, SynthError> {
        let missing =
            |what: &str| SynthError::Missing { engine: Engine::OpenJtalk, missing: what.to_owned() };
        let program = process::find_program("open_jtalk").ok_or_else(|| missing("open_jtalk"))?;
        let dictionary = PathBuf::from(DEBIAN_DICTIONARY);
        if !dictionary.join("sys.dic").is_file() {
            return Err(missing(DEBIAN_DICTIONARY));
        }
        let voice = voices_dir.join(MEI_VOICE);
        if !voice.is_file() {
            return Err(missing(&voice.display().to_string()));
        }
        Ok(Self { program, dictionary, voice, settings: VoiceSettings::default(), timeout: DEFAULT_TIMEOUT })
    }

    /// The same engine speaking with the HTS voice `name` (`mei_normal`) from the same
    /// folder; unchanged when there is no such voice.
    #[must_use]
    pub fn with_voice(mut self, name: &str) -> Self {
        let file = self.voice.with_file_name(format!("{name}.htsvoice"));
        if !name.contains(['/', '\\']) && file.is_file() {
            self.voice = file;
        }
        self
    }
}

impl OpenJtalk {
    /// Renders `text` (one sentence) at speed factor `rate` with its word-timing trace;
    /// stops the engine and returns [`SynthError::Cancelled`] as soon as `cancelled` says so.
    ///
    /// # Errors
    /// [`SynthError`] when the engine fails, takes too long or is cancelled.
    pub fn render(
        &self,
        text: &str,
        rate: f32,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Rendered, SynthError> {
        let (pcm, trace) = self.run_engine(text, rate, true, cancelled)?;
        Ok(Rendered { pcm, trace: trace.map(|t| Trace::parse(&t)) })
    }

    fn run_engine(
        &self,
        text: &str,
        rate: f32,
        traced: bool,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(Pcm, Option<String>), SynthError> {
        let engine = Engine::OpenJtalk;
        // open_jtalk renders each input line into the same file, one WAV after another.
        let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if text.trim().is_empty() {
            return Ok((Pcm::silence(48_000), None));
        }
        let io = |e: std::io::Error| SynthError::Io { engine, source: Arc::new(e) };
        let dir = tempfile::tempdir().map_err(io)?;
        let wav_path = dir.path().join("sentence.wav");
        let trace_path = dir.path().join("trace.txt");
        let settings = VoiceSettings { rate, ..self.settings };
        let mut command = Command::new(&self.program);
        command
            .arg("-x")
            .arg(&self.dictionary)
            .arg("-m")
            .arg(&self.voice)
            .arg("-r")
            .arg(format!("{:.3}", settings.open_jtalk_speed()))
            .arg("-fm")
            .arg(format!("{:.2}", settings.open_jtalk_half_tone()))
            .arg("-g")
            .arg(format!("{:.1}", settings.open_jtalk_gain_db()))
            .arg("-ow")
            .arg(&wav_path);
        if traced {
            command.arg("-ot").arg(&trace_path);
        }
        let mut input = text.into_bytes();
        input.push(b'\n');
        let finished = run(engine, command, &input, self.timeout, cancelled)?;
        if !finished.status.success() {
            return Err(failed(engine, &finished));
        }
        let bytes = std::fs::read(&wav_path).map_err(io)?;
        let pcm = parse_wav(&bytes).map_err(|reason| SynthError::BadAudio { engine, reason })?;
        let trace = if traced { Some(std::fs::read_to_string(&trace_path).map_err(io)?) } else { None };
        Ok((pcm, trace))
    }
}

impl Synthesizer for OpenJtalk {
    fn synthesize(&self, text: &str, _lang: &str, rate: f32) -> Result<Pcm, SynthError> {
        Ok(self.run_engine(text, rate, false, &|| false)?.0)
    }
}

/// espeak-ng run as `espeak-ng --stdout -v LANG -s WPM`, text on standard input.
#[derive(Debug, Clone)]
pub struct EspeakNg {
    /// The `espeak-ng` program.
    pub program: PathBuf,
    /// The voice to speak with (`English (Scotland)`); `None`: the language's own.
    pub voice: Option<String>,
    /// Pitch and volume (the rate comes with each call).
    pub settings: VoiceSettings,
    /// Time limit per sentence.
    pub timeout: Duration,
}

impl EspeakNg {
    /// Finds `espeak-ng` on `PATH`.
    ///
    /// # Errors
    /// [`SynthError::Missing`] when it is not installed.
    pub fn locate() -> Result<Self, SynthError> {
        let program = process::find_program("espeak-ng")
            .ok_or_else(|| SynthError::Missing { engine: Engine::EspeakNg, missing: "espeak-ng".into() })?;
        Ok(Self { program, voice: None, settings: VoiceSettings::default(), timeout: DEFAULT_TIMEOUT })
    }
}

impl Synthesizer for EspeakNg {
    fn synthesize(&self, text: &str, lang: &str, rate: f32) -> Result<Pcm, SynthError> {
        let engine = Engine::EspeakNg;
        let language = self.voice.clone().unwrap_or_else(|| choose_voice(lang, false).language);
        let settings = VoiceSettings { rate, ..self.settings };
        let mut command = Command::new(&self.program);
        command
            .arg("--stdout")
            .arg("--stdin")
            .arg("-b")
            .arg("1")
            .arg("-v")
            .arg(&language)
            .arg("-s")
            .arg(settings.espeak_wpm().to_string())
            .arg("-p")
            .arg(settings.espeak_pitch().to_string())
            .arg("-a")
            .arg(settings.espeak_amplitude().to_string());
        let finished = run(engine, command, text.as_bytes(), self.timeout, &|| false)?;
        let stderr = String::from_utf8_lossy(&finished.stderr);
        if stderr.contains("Failed to read voice") || stderr.contains("voice does not exist") {
            return Err(SynthError::Unsupported { engine, language: lang.to_owned() });
        }
        if !finished.status.success() {
            return Err(failed(engine, &finished));
        }
        parse_wav(&finished.stdout).map_err(|reason| SynthError::BadAudio { engine, reason })
    }
}

/// Both engines, each language sent to the one [`choose_voice_for`] picks.
#[derive(Debug, Clone)]
pub struct Engines {
    /// Open JTalk, when installed.
    pub open_jtalk: Option<OpenJtalk>,
    /// espeak-ng, when installed.
    pub espeak_ng: Option<EspeakNg>,
    /// The voice chosen per language (primary subtag → voice id).
    pub voices: BTreeMap<String, String>,
}

impl Engines {
    /// Finds whatever is installed, Open JTalk's voice in `voices_dir`.
    pub fn locate(voices_dir: &Path) -> Self {
        Self {
            open_jtalk: OpenJtalk::locate(voices_dir).ok(),
            espeak_ng: EspeakNg::locate().ok(),
            voices: BTreeMap::new(),
        }
    }
}

impl Engines {
    /// Renders `text` in language `lang` as read-aloud does: Open JTalk with its word-timing
    /// trace (stopped as soon as `cancelled` says so), espeak-ng without.
    ///
    /// # Errors
    /// [`SynthError`] when the engine is missing, fails, takes too long or is cancelled.
    pub fn render(
        &self,
        text: &str,
        lang: &str,
        rate: f32,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Rendered, SynthError> {
        match self.engine_for(lang)? {
            Chosen::OpenJtalk(engine) => engine.render(text, rate, cancelled),
            Chosen::EspeakNg(engine) => {
                Ok(Rendered { pcm: engine.synthesize(text, lang, rate)?, trace: None })
            }
        }
    }

    /// The engine [`choose_voice_for`] picks for `lang`, with the chosen voice.
    fn engine_for(&self, lang: &str) -> Result<Chosen, SynthError> {
        let choice = choose_voice_for(lang, self.open_jtalk.is_some(), &self.voices);
        let missing = |engine: Engine| SynthError::Missing { engine, missing: engine.module().to_owned() };
        Ok(match choice.engine {
            Engine::OpenJtalk => {
                let engine = self.open_jtalk.clone().ok_or(missing(Engine::OpenJtalk))?;
                Chosen::OpenJtalk(match &choice.voice {
                    Some(name) => engine.with_voice(name),
                    None => engine,
                })
            }
            Engine::EspeakNg => {
                let mut engine = self.espeak_ng.clone().ok_or(missing(Engine::EspeakNg))?;
                engine.voice = choice.voice;
                Chosen::EspeakNg(engine)
            }
        })
    }
}

enum Chosen {
    OpenJtalk(OpenJtalk),
    EspeakNg(EspeakNg),
}

impl Synthesizer for Engines {
    fn synthesize(&self, text: &str, lang: &str, rate: f32) -> Result<Pcm, SynthError> {
        match self.engine_for(lang)? {
            Chosen::OpenJtalk(engine) => engine.synthesize(text, lang, rate),
            Chosen::EspeakNg(engine) => engine.synthesize(text, lang, rate),
        }
    }
}

/// [`Engines`] whose voice choices can change while they are in use (Settings changed while a
/// talking book plays): each sentence is spoken with the choices of that moment.
#[derive(Debug)]
pub struct SharedEngines(std::sync::RwLock<Engines>);

impl SharedEngines {
    /// Shares `engines`.
    pub fn new(engines: Engines) -> Self {
        Self(std::sync::RwLock::new(engines))
    }

    /// Uses `voices` (primary subtag → voice id) from the next sentence on.
    pub fn set_voices(&self, voices: &BTreeMap<String, String>) {
        self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner).voices.clone_from(voices);
    }
}

impl Synthesizer for SharedEngines {
    fn synthesize(&self, text: &str, lang: &str, rate: f32) -> Result<Pcm, SynthError> {
        // A copy, so a long sentence does not hold up a change of voice.
        let engines = self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        engines.synthesize(text, lang, rate)
    }
}

/// `~/.local/share/tomoshibi/voices` (`$XDG_DATA_HOME/tomoshibi/voices`), where
/// `setup-open-jtalk.sh` puts the Mei voice.
pub fn default_voices_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))?;
    Some(data.join("tomoshibi").join("voices"))
}

fn run(
    engine: Engine,
    command: Command,
    input: &[u8],
    timeout: Duration,
    cancelled: &dyn Fn() -> bool,
) -> Result<process::Finished, SynthError> {
    process::run_unless(command, input, timeout, cancelled).map_err(|e| match e {
        RunError::Spawn(e) if e.kind() == std::io::ErrorKind::NotFound => {
            SynthError::Missing { engine, missing: engine.module().to_owned() }
        }
        RunError::Spawn(e) | RunError::Wait(e) => SynthError::Io { engine, source: Arc::new(e) },
        RunError::TimedOut => SynthError::Timeout { engine, timeout },
        RunError::Cancelled => SynthError::Cancelled { engine },
    })
}

fn failed(engine: Engine, finished: &process::Finished) -> SynthError {
    let stderr = String::from_utf8_lossy(&finished.stderr);
    let tail: String = stderr.trim().chars().rev().take(300).collect::<Vec<_>>().into_iter().rev().collect();
    SynthError::Failed { engine, status: finished.status.to_string(), stderr: tail }
}
