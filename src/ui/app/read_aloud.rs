//! Reading a book without recorded audio aloud in the reader (Ctrl+P): sentence by
//! sentence from the current paragraph, the reader following along with the sentence
//! being said marked; the reader's moves restart reading there.

use iced::Task;

use super::{App, Message};
use crate::commands::ReaderCommand;
use crate::fl;
use crate::ui::screen::Screen;

#[cfg(unix)]
use crate::listen::book_voice::{BookVoice, Said};

/// A speech service started in the background, handed to the interface once (messages must
/// be cloneable; the service itself is not).
#[derive(Clone)]
pub struct StartedVoice(#[cfg(unix)] std::sync::Arc<std::sync::Mutex<Option<Result<BookVoice, String>>>>);

#[cfg(unix)]
impl StartedVoice {
    fn new(result: Result<BookVoice, String>) -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(Some(result))))
    }
}

impl std::fmt::Debug for StartedVoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StartedVoice")
    }
}

/// Where starting the speech service stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(unix), allow(dead_code))]
pub(super) enum Starting {
    /// Not starting.
    No,
    /// Starting ahead of the read-aloud key.
    Quietly,
    /// Starting, and reading begins when it is ready.
    ThenRead,
}

impl App {
    /// Whether the book is being read aloud.
    pub(super) fn reading_aloud(&self) -> bool {
        #[cfg(unix)]
        return self.voice_reader.as_ref().is_some_and(BookVoice::is_speaking);
        #[cfg(not(unix))]
        false
    }

    /// Stops reading aloud (the book closed).
    pub(super) fn stop_voice(&mut self) {
        #[cfg(unix)]
        if let Some(mut voice) = self.voice_reader.take() {
            voice.stop();
        }
    }

    /// A player key for a book without recorded audio.
    pub(super) fn voice_command(&mut self, command: ReaderCommand) -> Task<Message> {
        #[cfg(unix)]
        {
            let Some(Screen::Reader(reader)) = self.stack.last() else { return Task::none() };
            let index = reader.index();
            let text = match (&mut self.voice_reader, command) {
                (None, ReaderCommand::PlayPause) => {
                    // Reading begins as soon as the speech service is ready (it may be
                    // starting already: it is prepared when the book opens).
                    let task = self.prepare_voice(std::time::Duration::ZERO);
                    self.voice_starting = Starting::ThenRead;
                    self.report(fl!("read-aloud-started"));
                    return task;
                }
                (Some(voice), ReaderCommand::PlayPause) if voice.is_idle() => {
                    voice.read_from(reader.publication(), reader.units(), index);
                    fl!("read-aloud-started")
                }
                (Some(voice), ReaderCommand::PlayPause) => {
                    if voice.toggle() {
                        fl!("player-playing")
                    } else {
                        fl!("player-paused")
                    }
                }
                (Some(voice), ReaderCommand::Faster | ReaderCommand::Slower) => {
                    let rate = voice.change_rate(if command == ReaderCommand::Faster { 1 } else { -1 });
                    fl!("player-speed", speed = format!("{rate:.1}"))
                }
                (Some(_), ReaderCommand::SkipForward | ReaderCommand::SkipBack) => {
                    let next = if command == ReaderCommand::SkipForward {
                        ReaderCommand::NextUnit
                    } else {
                        ReaderCommand::PreviousUnit
                    };
                    return self.reader_command(next);
                }
                (_, ReaderCommand::GoToTime) => fl!("go-to-time-needs-audio"),
                (None, _) => fl!("player-no-audio"),
                (Some(_), _) => return Task::none(),
            };
            self.report(text);
            Task::none()
        }
        #[cfg(not(unix))]
        {
            let _ = command;
            self.report(fl!("player-no-audio"));
            Task::none()
        }
    }

    /// The read-aloud voice for `language` chosen in Settings: option `choice` of the
    /// installed voices (0: automatic); reading aloud uses it from the next sentence.
    pub(super) fn choose_read_aloud_voice(&mut self, language: &str, choice: usize) {
        let voices = crate::listen::read_aloud::voices::installed_cached(language);
        match choice.checked_sub(1).and_then(|i| voices.get(i)) {
            Some(voice) => self.settings.voices.insert(language.to_owned(), voice.id()),
            None => self.settings.voices.remove(language),
        };
        #[cfg(unix)]
        if let Some(voice) = &mut self.voice_reader {
            voice.set_voices(&self.settings.voices);
        }
        if let Some(engines) = &self.talking_voices {
            engines.set_voices(&self.settings.voices);
        }
    }

    /// Starts the speech service in the background unless it runs or is starting (a book
    /// without recorded audio just opened, or read-aloud was asked for): starting it takes a
    /// quarter of a second or more, which the read-aloud key should not wait for. It begins
    /// `after` this long (a book just opened: its first page is drawn first).
    pub(super) fn prepare_voice(&mut self, after: std::time::Duration) -> Task<Message> {
        #[cfg(unix)]
        {
            if self.talking.is_some() || self.voice_reader.is_some() || self.voice_starting != Starting::No {
                return Task::none();
            }
            self.voice_starting = Starting::Quietly;
            let voices = self.settings.voices.clone();
            Task::perform(
                async move {
                    // Starting the service and its engines takes both cores for a few
                    // hundred milliseconds.
                    tokio::time::sleep(after).await;
                    tokio::task::spawn_blocking(move || {
                        BookVoice::prepare(1.0, &voices).map_err(|e| e.to_string())
                    })
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()))
                },
                |result| Message::VoiceStarted(StartedVoice::new(result)),
            )
        }
        #[cfg(not(unix))]
        {
            let _ = after;
            Task::none()
        }
    }

    /// The speech service started (or could not): reading begins if it was asked for, or the
    /// reason is said (a service prepared ahead fails silently until the key is pressed).
    pub(super) fn voice_started(&mut self, started: StartedVoice) -> Task<Message> {
        #[cfg(unix)]
        {
            let read = self.voice_starting == Starting::ThenRead;
            self.voice_starting = Starting::No;
            let taken = started.0.lock().ok().and_then(|mut slot| slot.take());
            match (taken, self.open_reader()) {
                // The book was closed meanwhile: nothing to read.
                (Some(Ok(_)), None) => {}
                (Some(Ok(mut voice)), Some(reader)) => {
                    if read {
                        voice.read_from(reader.publication(), reader.units(), reader.index());
                    } else {
                        voice.anticipate(reader.publication(), reader.units(), reader.index());
                    }
                    self.voice_reader = Some(voice);
                }
                (Some(Err(reason)), _) if read => {
                    tracing::warn!("read aloud: {reason}");
                    self.report(fl!("read-aloud-failed", reason = reason));
                }
                (Some(Err(reason)), _) => tracing::info!("speech service not prepared: {reason}"),
                (None, _) => {}
            }
        }
        #[cfg(not(unix))]
        let _ = started;
        Task::none()
    }

    /// The reader moved by the patron's keys: reading goes on from there (or, when not
    /// reading, the first words from there are rendered ahead for the read-aloud key).
    pub(super) fn voice_follow_reader(&mut self, index: usize) {
        #[cfg(unix)]
        if let Some(voice) = self.voice_reader.as_mut()
            && let Some(Screen::Reader(reader)) = self.stack.last()
        {
            if voice.is_speaking() {
                voice.read_from(reader.publication(), reader.units(), index);
            } else {
                voice.anticipate(reader.publication(), reader.units(), index);
            }
        }
        #[cfg(not(unix))]
        let _ = index;
    }

    /// What the voice said since the last tick: the reader follows and marks the sentence.
    pub(super) fn voice_tick(&mut self) -> Task<Message> {
        #[cfg(unix)]
        {
            let Some(voice) = &mut self.voice_reader else { return Task::none() };
            let mut tasks = Vec::new();
            for voiced in voice.poll() {
                match voiced {
                    Said::Sentence(sentence) => {
                        tasks.push(self.follow(sentence.unit));
                        if let Some(Screen::Reader(reader)) = self.stack.last_mut() {
                            reader.highlight = Some(sentence.shown);
                        }
                    }
                    Said::Word(unit, range) => {
                        // The word being said, where the engine reports words.
                        if let Some(Screen::Reader(reader)) = self.stack.last_mut()
                            && reader.index() == unit
                        {
                            reader.highlight = Some(range);
                        }
                    }
                    Said::Finished => self.report(fl!("player-finished")),
                    Said::Failed(reason) => self.report(fl!("read-aloud-failed", reason = reason)),
                    Said::NoOutput => self.notice = Some(fl!("player-no-output")),
                    Said::FellBack(reason) => self.report(fl!("read-aloud-fell-back", reason = reason)),
                }
            }
            Task::batch(tasks)
        }
        #[cfg(not(unix))]
        Task::none()
    }
}
