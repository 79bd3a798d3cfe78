//! A private speech-dispatcher configuration. On a fresh system the default configuration
//! can leave the utterance-end event unsent for ever, and it has no Japanese engine that
//! reads kanji; Tomoshibi therefore runs its own daemon with a configuration written here:
//! espeak-ng for most languages and Open JTalk (through `sd_generic`) for Japanese.
//!
//! Layout written under `dir` (usable as `XDG_CONFIG_HOME`, or `-C dir/speech-dispatcher`):
//! ```text
//! dir/speech-dispatcher/speechd.conf
//! dir/speech-dispatcher/modules/espeak-ng.conf
//! dir/speech-dispatcher/modules/open-jtalk.conf
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::synth::OpenJtalk;
use super::voice::Engine;

/// Where the daemon sends sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioOutput {
    /// PulseAudio / PipeWire (the desktop default; plays in real time).
    Pulse,
    /// ALSA `device`; `"null"` discards the sound (tests, machines without a sound card).
    Alsa {
        /// The ALSA PCM name, `"default"` or `"null"`.
        device: String,
    },
}

/// What to put in the private configuration.
#[derive(Debug, Clone)]
pub struct SpeechdConfig {
    /// Sound output of the daemon (used by espeak-ng's module).
    pub audio: AudioOutput,
    /// Open JTalk's program, dictionary and voice; `None` leaves Japanese to espeak-ng.
    pub open_jtalk: Option<OpenJtalk>,
    /// The command Open JTalk's WAV is piped into. `$PLAY_COMMAND` lets speech-dispatcher
    /// choose (`paplay` for Pulse, `aplay` for ALSA).
    pub play_command: String,
    /// Seconds the daemon stays up with no client (0 = for ever).
    pub idle_timeout_s: u32,
    /// speech-dispatcher's log level, 0 ..= 5.
    pub log_level: u8,
    /// Extra environment for the daemon and its modules (`PULSE_SERVER`, …).
    pub env: Vec<(String, String)>,
}

impl SpeechdConfig {
    /// Sound to the desktop's PulseAudio/PipeWire, Open JTalk when given.
    pub fn desktop(open_jtalk: Option<OpenJtalk>) -> Self {
        Self {
            audio: AudioOutput::Pulse,
            open_jtalk,
            play_command: "$PLAY_COMMAND".into(),
            idle_timeout_s: 10,
            log_level: 3,
            env: Vec::new(),
        }
    }

    /// Sound discarded through the ALSA null device, for tests and headless machines. Open
    /// JTalk's WAV goes to `sox … -t alsa null` when sox is installed, else is thrown away.
    pub fn silent(open_jtalk: Option<OpenJtalk>) -> Self {
        let play_command = if super::process::find_program("sox").is_some() {
            "sox -q -t wav - -t alsa null".to_owned()
        } else {
            "cat >/dev/null".to_owned()
        };
        Self {
            audio: AudioOutput::Alsa { device: "null".into() },
            open_jtalk,
            play_command,
            idle_timeout_s: 10,
            log_level: 3,
            env: Vec::new(),
        }
    }
}

/// Why the configuration could not be written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("could not write the speech-dispatcher configuration in {path}: {source}")]
pub struct ConfigError {
    /// The file or folder.
    pub path: PathBuf,
    /// The I/O error.
    pub source: Arc<std::io::Error>,
}

/// Writes the configuration into `dir/speech-dispatcher/` and returns that folder (the
/// daemon's `-C` argument). Existing files are replaced.
///
/// # Errors
/// [`ConfigError`] when a folder or file cannot be written.
pub fn write_private_config(dir: &Path, config: &SpeechdConfig) -> Result<PathBuf, ConfigError> {
    let root = dir.join("speech-dispatcher");
    let modules = root.join("modules");
    let logs = root.join("log");
    for folder in [&root, &modules, &logs] {
        std::fs::create_dir_all(folder).map_err(|e| error(folder, e))?;
    }
    write(&root.join("speechd.conf"), &speechd_conf(config, &logs))?;
    write(&modules.join("espeak-ng.conf"), ESPEAK_NG_CONF)?;
    if let Some(open_jtalk) = &config.open_jtalk {
        write(&modules.join("open-jtalk.conf"), &open_jtalk_conf(open_jtalk, &config.play_command))?;
    }
    Ok(root)
}

fn speechd_conf(config: &SpeechdConfig, logs: &Path) -> String {
    let mut out = String::from("# Written by Tomoshibi; replaced on every start.\n");
    let _ = writeln!(out, "CommunicationMethod \"unix_socket\"");
    let _ = writeln!(out, "Timeout {}", config.idle_timeout_s);
    let _ = writeln!(out, "LogLevel {}", config.log_level.min(5));
    let _ = writeln!(out, "LogDir \"{}\"", quote(&logs.display().to_string()));
    let _ = writeln!(out, "DefaultVolume 100");
    let _ = writeln!(out, "DefaultRate 0");
    let _ = writeln!(out, "DefaultLanguage \"en\"");
    match &config.audio {
        AudioOutput::Pulse => {
            let _ = writeln!(out, "AudioOutputMethod \"pulse\"");
        }
        AudioOutput::Alsa { device } => {
            let _ = writeln!(out, "AudioOutputMethod \"alsa\"");
            let _ = writeln!(out, "AudioALSADevice \"{}\"", quote(device));
        }
    }
    let espeak = Engine::EspeakNg.module();
    let _ = writeln!(out, "AddModule \"{espeak}\" \"sd_espeak-ng\" \"espeak-ng.conf\"");
    if config.open_jtalk.is_some() {
        let jtalk = Engine::OpenJtalk.module();
        let _ = writeln!(out, "AddModule \"{jtalk}\" \"sd_generic\" \"open-jtalk.conf\"");
        let _ = writeln!(out, "LanguageDefaultModule \"ja\" \"{jtalk}\"");
    }
    let _ = writeln!(out, "DefaultModule {espeak}");
    out
}

const ESPEAK_NG_CONF: &str = "# Written by Tomoshibi.\n\
EspeakMinRate 80\n\
EspeakNormalRate 175\n\
EspeakMaxRate 450\n\
EspeakPunctuationList \"@/+-_\"\n\
EspeakCapitalPitchRise 800\n\
EspeakIndexing 1\n";

/// The `sd_generic` module: speech-dispatcher rate r (-100 ..= 100) becomes Open JTalk speed
/// `1 + r/100`, pitch p becomes `p × 0.06` half tones, volume v becomes `(v - 100) × 0.2` dB.
fn open_jtalk_conf(open_jtalk: &OpenJtalk, play_command: &str) -> String {
    let program = shell_quote(&open_jtalk.program.display().to_string());
    let dictionary = shell_quote(&open_jtalk.dictionary.display().to_string());
    let voice = shell_quote(&open_jtalk.voice.display().to_string());
    let command = format!(
        "printf %s \\'$DATA\\' | {program} -x {dictionary} -m {voice} -r $RATE -fm $PITCH -g $VOLUME \
         -ow /dev/stdout | {play_command}"
    );
    let mut out = String::from("# Written by Tomoshibi: Open JTalk through sd_generic.\n");
    // The command keeps its dotconf escapes (`\'` is a shell quote), so it is not `quote`d.
    let _ = writeln!(out, "GenericExecuteSynth \"{command}\"");
    let _ = writeln!(out, "GenericCmdDependency \"{}\"", quote(&open_jtalk.program.display().to_string()));
    let _ = writeln!(out, "GenericLanguage \"ja\" \"ja\" \"utf-8\"");
    let _ = writeln!(out, "AddVoice \"ja\" \"FEMALE1\" \"mei\"");
    let _ = writeln!(out, "DefaultVoice \"mei\"");
    let _ = writeln!(out, "GenericDelimiters \"。！？\"");
    let _ = writeln!(out, "GenericMaxChunkLength 2000");
    let _ = writeln!(out, "GenericRateAdd 1\nGenericRateMultiply 1\nGenericRateForceInteger 0");
    let _ = writeln!(out, "GenericPitchAdd 0\nGenericPitchMultiply 6\nGenericPitchForceInteger 0");
    let _ = writeln!(out, "GenericVolumeAdd -20\nGenericVolumeMultiply 20\nGenericVolumeForceInteger 0");
    out
}

/// Escapes `"` and `\` for a double-quoted dotconf value.
fn quote(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Quotes a path for the shell command line when it needs it.
fn shell_quote(value: &str) -> String {
    if value.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c)) {
        value.to_owned()
    } else {
        format!("\\'{}\\'", value.replace('\'', "'\\\\''"))
    }
}

fn write(path: &Path, text: &str) -> Result<(), ConfigError> {
    std::fs::write(path, text).map_err(|e| error(path, e))
}

fn error(path: &Path, e: std::io::Error) -> ConfigError {
    ConfigError { path: path.to_path_buf(), source: Arc::new(e) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listen::read_aloud::voice::VoiceSettings;

    #[test]
    fn writes_both_modules() {
        let dir = tempfile::tempdir().unwrap();
        let open_jtalk = OpenJtalk {
            program: "/usr/bin/open_jtalk".into(),
            dictionary: "/var/lib/mecab/dic/open-jtalk/naist-jdic".into(),
            voice: "/home/a b/mei_normal.htsvoice".into(),
            settings: VoiceSettings::default(),
            timeout: std::time::Duration::from_secs(1),
        };
        let root = write_private_config(dir.path(), &SpeechdConfig::silent(Some(open_jtalk))).unwrap();
        let conf = std::fs::read_to_string(root.join("speechd.conf")).unwrap();
        assert!(conf.contains("AudioALSADevice \"null\""), "{conf}");
        assert!(conf.contains("AddModule \"open-jtalk\" \"sd_generic\" \"open-jtalk.conf\""));
        assert!(conf.contains("LanguageDefaultModule \"ja\" \"open-jtalk\""));
        let module = std::fs::read_to_string(root.join("modules/open-jtalk.conf")).unwrap();
        assert!(module.contains("-m \\'/home/a b/mei_normal.htsvoice\\'"), "{module}");
        assert!(root.join("modules/espeak-ng.conf").is_file());
        let desktop = write_private_config(dir.path(), &SpeechdConfig::desktop(None)).unwrap();
        let conf = std::fs::read_to_string(desktop.join("speechd.conf")).unwrap();
        assert!(conf.contains("AudioOutputMethod \"pulse\"") && !conf.contains("open-jtalk"));
    }
}
