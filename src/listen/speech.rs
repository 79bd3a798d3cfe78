//! Speech synthesis behind the [`TtsEngine`] trait, driven from a worker
//! thread by a [`Speaker`] so the interface never waits for the speech
//! service (connecting to speech-dispatcher can take a quarter second, and
//! fails slowly when it is missing).

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Why speech failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    /// No speech service could be reached (on Linux: speech-dispatcher).
    #[error("no speech service is available: {0}")]
    Unavailable(String),
    /// The service refused a request.
    #[error("the speech service failed: {0}")]
    Failed(String),
}

/// What a speech engine reports back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechEvent {
    /// An utterance started.
    Started,
    /// An utterance finished normally.
    Finished,
    /// An utterance was cut short.
    Stopped,
}

/// A speech synthesiser.
pub trait TtsEngine {
    /// Speaks `text`, first silencing whatever is being said if `interrupt`.
    ///
    /// # Errors
    /// [`SpeechError::Failed`] when the engine refuses.
    fn speak(&mut self, text: &str, interrupt: bool) -> Result<(), SpeechError>;
    /// Silences speech at once.
    ///
    /// # Errors
    /// [`SpeechError::Failed`] when the engine refuses.
    fn stop(&mut self) -> Result<(), SpeechError>;
    /// Chooses a voice for the BCP 47 language `tag` (`"ja"`, `"en"`), if
    /// the engine has one; otherwise keeps the current voice.
    fn set_language(&mut self, tag: &str);
    /// Sets the rate, 0.5 (slow) to 2.0 (fast); 1.0 is the engine's normal.
    fn set_rate(&mut self, factor: f32);
}

/// The operating system's speech service through the `tts` crate
/// (speech-dispatcher on Linux, SAPI/WinRT on Windows, AVSpeech on macOS).
pub struct SystemVoice {
    tts: tts::Tts,
}

impl SystemVoice {
    /// Connects to the system speech service. Utterance events are sent to
    /// `events` when given.
    ///
    /// # Errors
    /// [`SpeechError::Unavailable`] when there is no service.
    pub fn connect(events: Option<Sender<SpeechEvent>>) -> Result<Self, SpeechError> {
        let tts = tts::Tts::default().map_err(|e| SpeechError::Unavailable(e.to_string()))?;
        if let Some(events) = events {
            let features = tts.supported_features();
            if features.utterance_callbacks {
                let (a, b, c) = (events.clone(), events.clone(), events);
                let _ = tts.on_utterance_begin(Some(Box::new(move |_| {
                    let _ = a.send(SpeechEvent::Started);
                })));
                let _ = tts.on_utterance_end(Some(Box::new(move |_| {
                    let _ = b.send(SpeechEvent::Finished);
                })));
                let _ = tts.on_utterance_stop(Some(Box::new(move |_| {
                    let _ = c.send(SpeechEvent::Stopped);
                })));
            }
        }
        Ok(Self { tts })
    }
}

impl TtsEngine for SystemVoice {
    fn speak(&mut self, text: &str, interrupt: bool) -> Result<(), SpeechError> {
        self.tts.speak(text, interrupt).map(|_| ()).map_err(|e| SpeechError::Failed(e.to_string()))
    }

    fn stop(&mut self) -> Result<(), SpeechError> {
        self.tts.stop().map(|_| ()).map_err(|e| SpeechError::Failed(e.to_string()))
    }

    fn set_language(&mut self, tag: &str) {
        let Ok(voices) = self.tts.voices() else { return };
        let wanted = tag.to_ascii_lowercase();
        let matching = voices.iter().find(|v| {
            let lang = v.language().to_string().to_ascii_lowercase();
            lang == wanted || lang.starts_with(&format!("{wanted}-"))
        });
        if let Some(voice) = matching {
            if let Err(e) = self.tts.set_voice(voice) {
                tracing::warn!("could not choose a {tag} voice: {e}");
            }
        } else {
            tracing::info!("no {tag} voice among {} voices", voices.len());
        }
    }

    fn set_rate(&mut self, factor: f32) {
        let (min, normal, max) = (self.tts.min_rate(), self.tts.normal_rate(), self.tts.max_rate());
        let rate = if factor >= 1.0 {
            normal + (max - normal) * ((factor - 1.0) / 1.0).min(1.0)
        } else {
            normal - (normal - min) * ((1.0 - factor) / 0.5).min(1.0)
        };
        let _ = self.tts.set_rate(rate);
    }
}

/// Whether speech works, as last learned by the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechStatus {
    /// Still connecting.
    Connecting,
    /// Ready to speak.
    Ready,
    /// Not available; the reason is for logs, the UI says it in words.
    Unavailable(SpeechError),
}

enum Request {
    Speak { text: String, interrupt: bool },
    Stop,
    Language(String),
    Rate(f32),
}

/// A handle to the speech worker thread. Cheap to clone; dropping the last
/// clone ends the worker.
#[derive(Clone)]
pub struct Speaker {
    requests: Sender<Request>,
    status: Arc<Mutex<SpeechStatus>>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker").field("status", &self.status()).finish()
    }
}

impl Speaker {
    /// Starts a worker that builds its engine with `connect` (on the worker
    /// thread, so a slow or missing service never blocks the caller).
    pub fn spawn<E, F>(connect: F) -> Self
    where
        E: TtsEngine + 'static,
        F: FnOnce() -> Result<E, SpeechError> + Send + 'static,
    {
        let (requests, inbox) = mpsc::channel();
        let status = Arc::new(Mutex::new(SpeechStatus::Connecting));
        let worker_status = Arc::clone(&status);
        let spawned = std::thread::Builder::new()
            .name("tomoshibi-speech".into())
            .spawn(move || run_worker(connect, &inbox, &worker_status));
        if let Err(e) = spawned {
            set_status(&status, SpeechStatus::Unavailable(SpeechError::Unavailable(e.to_string())));
        }
        Self { requests, status }
    }

    /// Starts a worker on the system speech service.
    pub fn system() -> Self {
        Self::spawn(|| SystemVoice::connect(None))
    }

    /// Whether speech works.
    pub fn status(&self) -> SpeechStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or(SpeechStatus::Connecting)
    }

    /// Waits up to `timeout` for the worker to finish connecting.
    pub fn wait_ready(&self, timeout: Duration) -> SpeechStatus {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let status = self.status();
            if status != SpeechStatus::Connecting || std::time::Instant::now() >= deadline {
                return status;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Speaks `text`; with `interrupt`, whatever was being said stops first.
    pub fn speak(&self, text: impl Into<String>, interrupt: bool) {
        let _ = self.requests.send(Request::Speak { text: text.into(), interrupt });
    }

    /// Silences speech.
    pub fn stop(&self) {
        let _ = self.requests.send(Request::Stop);
    }

    /// Switches to a voice for the language `tag`.
    pub fn set_language(&self, tag: &str) {
        let _ = self.requests.send(Request::Language(tag.to_owned()));
    }

    /// Sets the speech rate factor (1.0 = normal).
    pub fn set_rate(&self, factor: f32) {
        let _ = self.requests.send(Request::Rate(factor));
    }
}

fn set_status(status: &Mutex<SpeechStatus>, value: SpeechStatus) {
    if let Ok(mut s) = status.lock() {
        *s = value;
    }
}

fn run_worker<E, F>(connect: F, inbox: &Receiver<Request>, status: &Mutex<SpeechStatus>)
where
    E: TtsEngine,
    F: FnOnce() -> Result<E, SpeechError>,
{
    let mut engine = match connect() {
        Ok(engine) => {
            set_status(status, SpeechStatus::Ready);
            engine
        }
        Err(e) => {
            tracing::warn!("speech unavailable: {e}");
            set_status(status, SpeechStatus::Unavailable(e));
            // Keep draining so senders never block or error.
            while inbox.recv().is_ok() {}
            return;
        }
    };
    while let Ok(request) = inbox.recv() {
        let result = match request {
            Request::Speak { text, interrupt } => engine.speak(&text, interrupt),
            Request::Stop => engine.stop(),
            Request::Language(tag) => {
                engine.set_language(&tag);
                Ok(())
            }
            Request::Rate(rate) => {
                engine.set_rate(rate);
                Ok(())
            }
        };
        if let Err(e) = result {
            tracing::warn!("speech request failed: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Records requests, to check the worker's ordering in isolation.
    struct Recorder(Sender<String>);

    impl TtsEngine for Recorder {
        fn speak(&mut self, text: &str, interrupt: bool) -> Result<(), SpeechError> {
            self.0.send(format!("speak:{interrupt}:{text}")).unwrap();
            Ok(())
        }
        fn stop(&mut self) -> Result<(), SpeechError> {
            self.0.send("stop".into()).unwrap();
            Ok(())
        }
        fn set_language(&mut self, tag: &str) {
            self.0.send(format!("lang:{tag}")).unwrap();
        }
        fn set_rate(&mut self, factor: f32) {
            self.0.send(format!("rate:{factor}")).unwrap();
        }
    }

    #[test]
    fn requests_reach_the_engine_in_order() {
        let (tx, rx) = mpsc::channel();
        let speaker = Speaker::spawn(move || Ok(Recorder(tx)));
        speaker.set_language("ja");
        speaker.speak("こんにちは", true);
        speaker.stop();
        let got: Vec<String> = (0..3).map(|_| rx.recv_timeout(Duration::from_secs(5)).unwrap()).collect();
        assert_eq!(got, ["lang:ja", "speak:true:こんにちは", "stop"]);
        assert_eq!(speaker.status(), SpeechStatus::Ready);
    }

    #[test]
    fn a_missing_service_is_reported_and_requests_are_harmless() {
        let speaker = Speaker::spawn(|| Err::<Recorder, _>(SpeechError::Unavailable("no daemon".into())));
        let status = speaker.wait_ready(Duration::from_secs(5));
        assert_eq!(status, SpeechStatus::Unavailable(SpeechError::Unavailable("no daemon".into())));
        speaker.speak("still fine", false);
    }
}
