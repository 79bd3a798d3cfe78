//! Reading a book without recorded audio aloud in the reader (Ctrl+P): sentence by
//! sentence from the current paragraph, the reader following along with the sentence
//! being said marked; the reader's moves restart reading there.

use iced::Task;

use super::{App, Message};
use crate::commands::ReaderCommand;
use crate::fl;
use crate::ui::screen::Screen;

#[cfg(unix)]
use crate::listen::book_voice::{BookVoice, Voiced};

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
                    let (publication, units) = (reader.publication().clone(), reader.units().to_vec());
                    match BookVoice::start(&publication, &units, index, 1.0) {
                        Ok(voice) => {
                            self.voice_reader = Some(voice);
                            fl!("read-aloud-started")
                        }
                        Err(error) => {
                            tracing::warn!("read aloud: {error}");
                            fl!("read-aloud-failed", reason = error.to_string())
                        }
                    }
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

    /// The reader moved by the patron's keys: reading goes on from there.
    pub(super) fn voice_follow_reader(&mut self, index: usize) {
        #[cfg(unix)]
        if let Some(voice) = self.voice_reader.as_mut().filter(|v| v.is_speaking())
            && let Some(Screen::Reader(reader)) = self.stack.last()
        {
            voice.read_from(reader.publication(), reader.units(), index);
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
                    Voiced::Sentence(sentence) => {
                        tasks.push(self.follow(sentence.unit));
                        if let Some(Screen::Reader(reader)) = self.stack.last_mut() {
                            reader.highlight = Some(sentence.shown);
                        }
                    }
                    Voiced::Word(unit, range) => {
                        // The word being said, where the engine reports words.
                        if let Some(Screen::Reader(reader)) = self.stack.last_mut()
                            && reader.index() == unit
                        {
                            reader.highlight = Some(range);
                        }
                    }
                    Voiced::Finished => self.report(fl!("player-finished")),
                    Voiced::Failed(reason) => self.report(fl!("read-aloud-failed", reason = reason)),
                }
            }
            Task::batch(tasks)
        }
        #[cfg(not(unix))]
        Task::none()
    }
}
