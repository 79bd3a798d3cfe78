//! "Save as audio file" from the reader (Ctrl+Shift+E): the screen, the export running in
//! the background (the same [`export_book`] as `tomoshibi export-audio`), its progress shown
//! and said at each quarter, Stop, and the result said with the file's path.

use std::path::PathBuf;

use iced::Task;

use super::{App, Message};
use crate::fl;
use crate::listen::audio::ExportWatch;
use crate::listen::book_audio::{Mark, RangeError};
use crate::listen::book_export::{ExportError, ExportRequest, Exported, export_book};
use crate::reading::{Unit, UnitKind};
use crate::ui::screen::Screen;
use crate::ui::screen::save_audio::{SaveAudioScreen, SaveRequest, Span, default_file};

/// What the export running in the background reports.
#[derive(Debug, Clone)]
pub enum ExportEvent {
    /// How much is done, 0.0 ..= 1.0.
    Progressed(f32),
    /// It ended: the file written, or why not.
    Finished(Result<Exported, ExportError>),
}

/// How often the progress is looked at.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// The chapter around unit `here`: from the heading at or before it (or the start) to the
/// next heading after it (`None`: the end of the book).
fn chapter_bounds(units: &[Unit], here: usize) -> (usize, Option<usize>) {
    let heading = |u: &Unit| matches!(u.kind, UnitKind::Heading(_));
    let start = units.iter().take(here + 1).rposition(heading).unwrap_or(0);
    let end = units.iter().skip(here + 1).position(heading).map(|i| here + 1 + i);
    (start, end)
}

/// Music folder, else Documents, else home, else the current folder.
fn audio_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| {
            d.audio_dir()
                .or(d.document_dir())
                .filter(|p| p.is_dir())
                .map(std::path::Path::to_path_buf)
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

impl App {
    /// Opens "Save as audio file" for the book in the reader, at the player's speed.
    pub(super) fn open_save_audio(&mut self) -> Task<Message> {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return Task::none() };
        let title = reader.title().to_owned();
        #[cfg(unix)]
        let voice_rate = self.voice_reader.as_ref().map(crate::listen::book_voice::BookVoice::rate);
        #[cfg(not(unix))]
        let voice_rate = None;
        let speed = self.talking.as_ref().map(crate::listen::talking_book::TalkingBook::speed).or(voice_rate);
        let screen = SaveAudioScreen::new(&title, speed.unwrap_or(1.0), &audio_folder());
        self.show(Screen::SaveAudio(Box::new(screen)))
    }

    /// Where the part asked for begins and ends: times for recorded audio (the player's own
    /// time for "here"), reading units for text.
    fn export_marks(&self, span: Span) -> (Option<Mark>, Option<Mark>) {
        let Some(reader) = self.open_reader() else { return (None, None) };
        let here = reader.index();
        let (start, end) = chapter_bounds(reader.units(), here);
        let from = match span {
            Span::WholeBook => return (None, None),
            Span::HereToChapterEnd => here,
            Span::Chapter => start,
        };
        match &self.talking {
            Some(talking) => {
                let from_ms = if span == Span::HereToChapterEnd {
                    Some(talking.elapsed_ms())
                } else {
                    talking.unit_start_ms(from)
                };
                // A unit without a clip of its own is found among the clips by its text.
                let at = |unit: usize, ms: Option<u64>| ms.map_or(Mark::Unit(unit), Mark::Time);
                (Some(at(from, from_ms)), end.map(|u| at(u, talking.unit_start_ms(u))))
            }
            None => (Some(Mark::Unit(from)), end.map(Mark::Unit)),
        }
    }

    /// Starts saving in the background; the screen shows the progress and offers Stop.
    pub(super) fn start_save_audio(&mut self, request: SaveRequest) -> Task<Message> {
        let Some(publication) = self.open_reader().map(|r| r.publication().clone()) else {
            return Task::none();
        };
        let (from, to) = self.export_marks(request.span);
        let (voices, skip) = (self.settings.voices.clone(), self.settings.skip.clone());
        let export = ExportRequest { out: request.file, speed: request.speed, from, to, voices, skip };
        let watch = ExportWatch::default();
        self.export = Some(watch.clone());
        self.set_save_screen(|s| s.running = Some(0.0));
        self.report(fl!("save-audio-started"));
        let work = iced::task::sipper(async move |mut progress| {
            let seen = watch.clone();
            let job = tokio::task::spawn_blocking(move || export_book(&publication, &export, &watch));
            while !job.is_finished() {
                tokio::time::sleep(PROGRESS_EVERY).await;
                progress.send(seen.fraction()).await;
            }
            job.await.unwrap_or_else(|e| Err(ExportError::Worker(e.to_string())))
        });
        Task::sip(
            work,
            |done| Message::Export(ExportEvent::Progressed(done)),
            |result| Message::Export(ExportEvent::Finished(result)),
        )
    }

    /// Asks the export under way to stop; its end is said when it has.
    pub(super) fn stop_save_audio(&mut self) -> Task<Message> {
        if let Some(watch) = &self.export {
            watch.cancel();
        }
        Task::none()
    }

    /// Progress shown (and said at each quarter), or the end said with the file's path.
    pub(super) fn export_event(&mut self, event: ExportEvent) -> Task<Message> {
        match event {
            ExportEvent::Progressed(done) => {
                let mut before = None;
                self.set_save_screen(|s| {
                    before = s.running;
                    if s.running.is_some() {
                        s.running = Some(done);
                    }
                });
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let quarter = |f: f32| (f * 4.0).floor() as u16;
                if let Some(before) = before
                    && quarter(done) > quarter(before)
                    && quarter(done) < 4
                {
                    let percent: u16 = quarter(done) * 25;
                    self.speak(fl!("percent", value = percent));
                }
            }
            ExportEvent::Finished(result) => {
                self.export = None;
                let (text, alert) = match &result {
                    Ok(done) => (done.message(), false),
                    // Nothing between here and the next heading (the command line's wording
                    // speaks of --from and --to).
                    Err(ExportError::Range(RangeError::Backwards)) => (fl!("save-audio-nothing"), true),
                    Err(e) => {
                        tracing::warn!("save as audio: {e}");
                        (e.message(), !e.is_cancelled())
                    }
                };
                let written = result.as_ref().ok().map(|done| done.path.clone());
                self.set_save_screen(|s| {
                    s.running = None;
                    s.outcome = Some((text.clone(), alert));
                    // Saving again makes a new file rather than refusing this one.
                    if let Some(folder) = written.as_deref().and_then(std::path::Path::parent) {
                        s.file = default_file(folder, &s.title).display().to_string();
                    }
                });
                if let Some(Screen::SaveAudio(_)) = self.stack.last() {
                    // Stop and the progress bar are gone: the focus goes to Save.
                    self.focus = self.model().index_of(crate::ui::screen::save_audio::SAVE).or(self.focus);
                }
                if alert {
                    self.alert(text);
                } else {
                    self.report(text);
                }
            }
        }
        Task::none()
    }

    fn set_save_screen(&mut self, change: impl FnOnce(&mut SaveAudioScreen)) {
        if let Some(Screen::SaveAudio(screen)) =
            self.stack.iter_mut().rev().find(|s| matches!(s, Screen::SaveAudio(_)))
        {
            change(screen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::{RubyMode, units};

    #[test]
    fn a_chapter_runs_from_its_heading_to_the_next() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/books/daisy202/dontworrybehappy");
        let book = crate::book::open(&path).unwrap();
        let all = units(&book, RubyMode::Brackets);
        let headings: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, u)| matches!(u.kind, UnitKind::Heading(_)))
            .map(|(i, _)| i)
            .collect();
        assert!(headings.len() >= 3);
        let (second, third) = (headings[1], headings[2]);
        assert_eq!(chapter_bounds(&all, second), (second, Some(third)), "at a heading: its own chapter");
        assert_eq!(chapter_bounds(&all, second + 1), (second, Some(third)));
        assert_eq!(chapter_bounds(&all, third - 1), (second, Some(third)));
        let last = *headings.last().unwrap();
        assert_eq!(chapter_bounds(&all, all.len() - 1), (last, None), "the last chapter ends with the book");
    }
}
