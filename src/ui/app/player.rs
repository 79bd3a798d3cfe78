//! The talking-book player in the reader: play/pause, time skips and speed on the reader's
//! keys; the text follows the audio, and the audio follows the reader's moves. Playback
//! never speaks over itself: while it plays, moves are not read out by the app's voice.

use std::sync::Arc;

use iced::Task;

use super::{App, Message};
use crate::commands::ReaderCommand;
use crate::fl;
use crate::listen::clock;
use crate::listen::read_aloud::synth::{Engines, SharedEngines, default_voices_dir};
use crate::listen::talking_book::{Heard, Left, TalkingBook};
use crate::ui::screen::Screen;
use crate::ui::screen::go_to_time::GoToTimeScreen;

/// The sleep timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sleep {
    /// After this many minutes (fading out over the last ten seconds), at this moment.
    After(u64, std::time::Instant),
    /// When a heading after this reading unit begins.
    EndOfChapter(usize),
    /// When the paragraph after this reading unit begins ("stop after the current item").
    EndOfItem(usize),
}

/// Whether playback reaching unit `unit` (a heading or not) ends what the timer waits for:
/// the chapter or the paragraph it was set in (the unit the patron was at does not count).
fn ends_chapter(sleep: Option<Sleep>, unit: usize, is_heading: bool) -> bool {
    match sleep {
        Some(Sleep::EndOfChapter(from)) => is_heading && unit > from,
        Some(Sleep::EndOfItem(from)) => unit > from,
        _ => false,
    }
}

impl Sleep {
    fn after(minutes: u64) -> Self {
        Self::After(minutes, std::time::Instant::now() + std::time::Duration::from_secs(minutes * 60))
    }
}

/// How long the sleep timer fades out.
const SLEEP_FADE: std::time::Duration = std::time::Duration::from_secs(10);
/// How often the player is asked what it played, while it plays.
pub(super) const TICK: std::time::Duration = std::time::Duration::from_millis(100);

impl App {
    /// Readies the player for the book just opened in the reader (none for books without
    /// recorded audio), at the saved audio time when there is one. Nothing plays until asked.
    pub(super) fn prepare_player(&mut self, saved: Option<&crate::book::Locator>) {
        self.stop_player();
        let Some(reader) = super::reader_in(&self.stack) else { return };
        let output = self.audio_output.as_ref().map(|make| (make.0)());
        // Text the book has no recording of is spoken with the patron's voices.
        let engines = Arc::new(SharedEngines::new(Engines {
            voices: self.settings.voices.clone(),
            ..Engines::locate(&default_voices_dir().unwrap_or_default())
        }));
        let (publication, units) = (reader.publication(), reader.units());
        self.talking =
            TalkingBook::open(publication, units, output, Some(engines.clone()), &self.settings.skip);
        self.talking_voices = self.talking.is_some().then_some(engines);
        if let Some(talking) = &mut self.talking {
            let exact = saved
                .and_then(|l| l.locations.audio.as_ref())
                .is_some_and(|audio| talking.go_to_audio(&audio.href, audio.time_ms).is_ok());
            if !exact {
                let _ = talking.go_to_unit(reader.index());
            }
        }
    }

    /// Makes the player again where it is (what it leaves out changed), playing on if it
    /// played.
    pub(super) fn remake_player(&mut self) {
        let Some(reader) = super::reader_in(&self.stack) else { return };
        let Some(talking) = &self.talking else { return };
        let playing = talking.is_playing();
        let here = talking.locator(reader.publication(), reader.units());
        self.prepare_player(here.as_ref());
        if playing && let Some(talking) = &mut self.talking {
            talking.toggle();
        }
    }

    /// Leaves the structure playback is in (a note read where it is referenced, a table, a
    /// list…): on with the first clip after it.
    pub(super) fn player_leave_structure(&mut self) -> Task<Message> {
        let (Some(Screen::Reader(reader)), Some(talking)) = (self.stack.last(), &mut self.talking) else {
            return Task::none();
        };
        match talking.leave_structure(reader.units()) {
            Left::To(unit) => self.follow(unit),
            Left::NotInStructure => {
                self.report(fl!("reader-not-in-structure"));
                Task::none()
            }
            Left::AtEnd => {
                self.report(fl!("reader-at-end"));
                Task::none()
            }
        }
    }

    /// Stops and forgets the player (the book closed).
    pub(super) fn stop_player(&mut self) {
        self.talking_voices = None;
        if let Some(mut talking) = self.talking.take() {
            talking.stop();
        }
        self.stop_voice();
    }

    /// Whether recorded audio plays or the book is being read aloud.
    pub(super) fn playing(&self) -> bool {
        self.talking.as_ref().is_some_and(TalkingBook::is_playing) || self.reading_aloud()
    }

    /// Carries out a player key: recorded audio when the book has it, else reading aloud.
    pub(super) fn player_command(&mut self, command: ReaderCommand) -> Task<Message> {
        let here = self.reader_index();
        let Some(talking) = &mut self.talking else {
            return self.voice_command(command);
        };
        let text = match command {
            ReaderCommand::PlayPause => {
                if talking.toggle() {
                    fl!("player-playing")
                } else {
                    // Paused: keep the exact second, so reopening the book goes on from it.
                    self.report(fl!("player-paused"));
                    return self.save_listening_position();
                }
            }
            ReaderCommand::SkipForward | ReaderCommand::SkipBack => {
                let step = i64::from(self.settings.skip_seconds) * 1000;
                let delta = if command == ReaderCommand::SkipForward { step } else { -step };
                return match talking.skip(delta) {
                    Some(unit) => self.follow(unit),
                    None => Task::none(),
                };
            }
            ReaderCommand::Faster | ReaderCommand::Slower => {
                let speed = talking.change_speed(if command == ReaderCommand::Faster { 1 } else { -1 });
                fl!("player-speed", speed = format!("{speed:.1}"))
            }
            ReaderCommand::NextPhrase | ReaderCommand::PreviousPhrase => {
                let delta = if command == ReaderCommand::NextPhrase { 1 } else { -1 };
                return match talking.phrase(delta) {
                    Some(unit) => self.follow(unit),
                    None => {
                        self.report(fl!("player-no-phrase"));
                        Task::none()
                    }
                };
            }
            ReaderCommand::SleepTimer => {
                let next = match self.sleep {
                    None => Some(Sleep::after(15)),
                    Some(Sleep::After(15, _)) => Some(Sleep::after(30)),
                    Some(Sleep::After(30, _)) => Some(Sleep::after(60)),
                    Some(Sleep::After(..)) => Some(Sleep::EndOfChapter(here)),
                    Some(Sleep::EndOfChapter(_)) => Some(Sleep::EndOfItem(here)),
                    Some(Sleep::EndOfItem(_)) => None,
                };
                talking.set_volume(1.0);
                self.sleep = next;
                match next {
                    Some(Sleep::After(minutes, _)) => fl!("player-sleep-set", minutes = minutes.to_string()),
                    Some(Sleep::EndOfChapter(_)) => fl!("player-sleep-chapter"),
                    Some(Sleep::EndOfItem(_)) => fl!("player-sleep-item"),
                    None => fl!("player-sleep-off"),
                }
            }
            ReaderCommand::GoToTime => {
                let screen = GoToTimeScreen::new(talking.elapsed_ms(), talking.total_ms());
                return self.show(Screen::GoToTime(screen));
            }
            _ => return Task::none(),
        };
        self.report(text);
        Task::none()
    }

    /// Back in the reader, playback moves to `time_ms` of book time, the text follows, and
    /// the new time is said.
    pub(super) fn go_to_time(&mut self, time_ms: u64) -> Task<Message> {
        if matches!(self.stack.last(), Some(Screen::GoToTime(_))) {
            self.stack.pop();
        }
        self.focus = Some(0);
        let Some(talking) = &mut self.talking else { return Task::none() };
        match talking.go_to_time(time_ms) {
            Ok(unit) => {
                let said = fl!(
                    "player-went-to-time",
                    time = clock::format(time_ms),
                    total = clock::format(talking.total_ms())
                );
                let task = self.follow(unit);
                self.report(said);
                task
            }
            Err(e) => {
                tracing::warn!("go to {time_ms} ms: {e}");
                self.report(fl!("player-time-missing"));
                Task::none()
            }
        }
    }

    /// The reader moved by the patron's keys: the audio (or the voice) goes there too.
    pub(super) fn player_follow_reader(&mut self) {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return };
        let index = reader.index();
        self.voice_follow_reader(index);
        if let Some(talking) = &mut self.talking
            && let Err(e) = talking.go_to_unit(index)
        {
            tracing::debug!("no audio at unit {index}: {e}");
        }
    }

    /// What the player did since the last tick: the text follows, problems are said; the
    /// sleep timer fades playback out over its last ten seconds, then pauses.
    pub(super) fn player_tick(&mut self) -> Task<Message> {
        let Some(talking) = &mut self.talking else { return self.voice_tick() };
        let mut slept = false;
        if let Some(Sleep::After(_, at)) = self.sleep {
            let left = at.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                talking.pause();
                talking.set_volume(1.0);
                slept = true;
            } else if left < SLEEP_FADE {
                talking.set_volume(left.as_secs_f32() / SLEEP_FADE.as_secs_f32());
            }
        }
        if slept {
            self.sleep = None;
            self.report(fl!("player-sleep-done"));
            return Task::none();
        }
        let Some(talking) = &mut self.talking else { return Task::none() };
        let mut tasks = Vec::new();
        for heard in talking.poll() {
            match heard {
                Heard::Unit(unit) if ends_chapter(self.sleep, unit, self.starts_chapter(unit)) => {
                    if let Some(talking) = &mut self.talking {
                        talking.pause();
                    }
                    self.sleep = None;
                    tasks.push(self.follow(unit));
                    self.report(fl!("player-sleep-done"));
                    break;
                }
                Heard::Unit(unit) => tasks.push(self.follow(unit)),
                Heard::Skipped(href) => self.report(fl!("player-skipped", href = href)),
                Heard::Unspoken(reason) => self.report(fl!("player-unspoken", reason = reason)),
                Heard::Finished => self.report(fl!("player-finished")),
                Heard::NoOutput(error) => {
                    tracing::warn!("{error}");
                    self.notice = Some(fl!("player-no-output"));
                }
            }
        }
        self.mark_phrase();
        Task::batch(tasks)
    }

    /// Marks the phrase playing in the reader's text (a sentence the book's SMIL points at
    /// inside the paragraph); nothing is marked when the phrase is the whole paragraph.
    fn mark_phrase(&mut self) {
        let (Some(Screen::Reader(reader)), Some(talking)) = (self.stack.last_mut(), &self.talking) else {
            return;
        };
        if !talking.is_playing() {
            return;
        }
        let phrase = talking.phrase_fragment(reader.publication());
        let unit = reader.units().get(reader.index());
        reader.highlight = phrase.and_then(|id| unit?.range_of(&id)).filter(|r| !r.is_empty());
    }

    /// The reader's current unit.
    fn reader_index(&self) -> usize {
        match self.stack.last() {
            Some(Screen::Reader(reader)) => reader.index(),
            _ => 0,
        }
    }

    /// Whether reading unit `unit` is a heading (where "end of chapter" stops).
    fn starts_chapter(&self, unit: usize) -> bool {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return false };
        reader.units().get(unit).is_some_and(|u| matches!(u.kind, crate::reading::UnitKind::Heading(_)))
    }

    /// Shows unit `unit` in the reader without reading it out, and keeps the place (with its
    /// audio time, for an exact resume).
    pub(super) fn follow(&mut self, unit: usize) -> Task<Message> {
        let Some(Screen::Reader(reader)) = self.stack.last_mut() else { return Task::none() };
        if !reader.follow(unit) {
            return Task::none();
        }
        self.save_listening_position()
    }

    /// Saves the reader's place with the player's audio time.
    fn save_listening_position(&self) -> Task<Message> {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return Task::none() };
        let book_id = reader.book_id.clone();
        let mut position = reader.position();
        let progression = position.locations.total_progression.unwrap_or(0.0);
        if let Some(audio) =
            self.talking.as_ref().and_then(|t| t.locator(reader.publication(), reader.units()))
        {
            position.locations.audio = audio.locations.audio;
        }
        self.save_position(book_id, position, progression)
    }

    /// "12:30 of 1:00:03" for "where am I" when the book has audio, and why the voice changed
    /// in text without a recording.
    pub(super) fn player_where(&self) -> Vec<String> {
        let Some(talking) = self.talking.as_ref() else { return Vec::new() };
        let (elapsed, total) = (clock::format(talking.elapsed_ms()), clock::format(talking.total_ms()));
        let mut parts = vec![fl!("player-time", elapsed = elapsed, total = total)];
        if talking.in_spoken_text() {
            // The voice changed: say why.
            parts.push(fl!("player-in-spoken-text"));
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: set while at a heading, the timer stopped playback at once, at that very
    /// heading, instead of at the next one.
    #[test]
    fn end_of_chapter_stops_at_the_next_heading_only() {
        let timer = Some(Sleep::EndOfChapter(0));
        assert!(!ends_chapter(timer, 0, true), "the heading it was set at");
        assert!(!ends_chapter(timer, 3, false), "text of the same chapter");
        assert!(ends_chapter(timer, 7, true), "the next heading");
        assert!(!ends_chapter(None, 7, true));
        assert!(!ends_chapter(Some(Sleep::after(15)), 7, true));
        let item = Some(Sleep::EndOfItem(4));
        assert!(!ends_chapter(item, 4, false), "the paragraph it was set in");
        assert!(ends_chapter(item, 5, false), "the next paragraph");
    }
}
