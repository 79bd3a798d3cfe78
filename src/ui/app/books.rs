//! Books on the shelf and in the reader: opening a book off the UI thread,
//! the shelf list, reader keys, and saving the position after every move.

use super::{App, Message};
use crate::book::{BookError, Locator, Publication};
use crate::commands::ReaderCommand;
use crate::fl;
use crate::reading::pages::PageZoom;
use crate::reading::shelf;
use crate::store::db::{Database, DbError, UnixTime};
use crate::ui::screen::Screen;
use crate::ui::screen::navigate::{ListKind, NavigateScreen, Place};
use crate::ui::screen::reader::{Outcome, ReaderScreen};
use iced::Task;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Scrolls the reader's text by most of a screen: measures the view, then
/// scrolls (so the rest of a paragraph longer than the window can be read).
fn scroll_text(down: bool) -> Task<Message> {
    use iced::widget::{Id, operation, selector};
    let id = Id::new(crate::ui::reader_view::TEXT_SCROLL);
    selector::find(id.clone()).then(move |area| {
        let Some(selector::Target::Scrollable { bounds, .. }) = area else { return Task::none() };
        let step = bounds.height * 0.85;
        operation::scroll_by(
            id.clone(),
            operation::AbsoluteOffset { x: 0.0, y: if down { step } else { -step } },
        )
    })
}

/// Opens the book at `path` on a worker thread.
pub(super) fn open_book(path: PathBuf) -> Task<Message> {
    Task::perform(
        async move {
            let target = path.clone();
            let result = tokio::task::spawn_blocking(move || crate::book::open(&target).map(Arc::new))
                .await
                .unwrap_or_else(|e| Err(BookError::io(&path, std::io::Error::other(e))));
            (path, result)
        },
        |(path, result)| Message::BookOpened(path, result),
    )
}

impl App {
    /// Opens the bookshelf database; a damaged one is moved aside (kept for
    /// recovery) and a fresh one made, a newer one is left alone.
    pub(super) fn open_database(&mut self) {
        let path = self.paths.database_file();
        let db = match Database::open(&path) {
            Ok(db) => Some(db),
            Err(e) if e.is_corrupt() => {
                tracing::error!("{e}");
                self.notice = Some(fl!("notice-shelf-damaged"));
                Database::quarantine(&path).ok().and_then(|_| Database::open(&path).ok())
            }
            Err(e) => {
                tracing::error!("{e}");
                self.notice = Some(fl!("notice-shelf-unavailable"));
                None
            }
        };
        self.db = db.map(|db| Arc::new(Mutex::new(db)));
    }

    /// Reloads the shelf list when the bookshelf is showing.
    pub(super) fn refresh_shelf(&mut self) {
        let Some(db) = &self.db else { return };
        let books = db.lock().ok().and_then(|db| db.books().map_err(|e| tracing::error!("{e}")).ok());
        if let (Some(Screen::Bookshelf(shelf)), Some(books)) = (self.stack.last_mut(), books) {
            shelf.books = books;
        }
    }

    pub(super) fn book_opened(
        &mut self,
        path: PathBuf,
        result: Result<Arc<Publication>, BookError>,
    ) -> Task<Message> {
        let publication = match result {
            Ok(p) => p,
            Err(e) if e.lcp_prompt().is_some() => return self.book_locked(path, &e),
            Err(e) => {
                self.opening_book = false;
                self.key_to_keep = None;
                tracing::warn!("{e}");
                let text = crate::reading::explain::protection(&e).unwrap_or_else(|| {
                    fl!("open-failed", path = path.display().to_string(), reason = e.to_string())
                });
                // The notice is the alert screen readers announce; the status
                // line shows the same words but is not announced a second time.
                self.notice = Some(text.clone());
                self.clear_status();
                self.status = Some(text.clone());
                self.speak(text);
                // Back on the shelf (a book given at start had left the focus nowhere).
                if self.focus.is_none() {
                    self.focus = Some(0);
                }
                return Task::none();
            }
        };
        self.keep_user_key();
        let mut record = shelf::record(&publication, &path);
        record.loan = self.pending_loans.remove(&path);
        let covers = self.paths.cache_dir.join("covers");
        let cover = shelf::cover_file(&record.id, &covers);
        if cover.is_file() {
            record.cover_path = Some(cover.display().to_string());
        }
        if let Some(folder) = path.parent() {
            self.settings.remember_place(folder.to_path_buf());
            self.save();
        }
        let mut saved: Option<Locator> = None;
        if let Some(db) = &self.db
            && let Ok(db) = db.lock()
        {
            if record.loan.is_none() {
                // Opened again from the shelf: the loan it was borrowed on still holds.
                record.loan = db.book(&record.id).ok().flatten().and_then(|e| e.book.loan);
            }
            let stored = db.upsert_book(&record).and_then(|()| db.mark_opened(&record.id, UnixTime::now()));
            if let Err(e) = stored {
                tracing::error!("{e}");
            }
            saved = db.position::<Locator>(&record.id).unwrap_or_else(|e| {
                tracing::error!("{e}");
                None
            });
        }
        if record.cover_path.is_none()
            && let Some(db) = self.db.clone()
        {
            // Made on another thread once the book is on the shelf (decoding a large cover
            // takes tens of milliseconds): the shelf shows it the next time it is drawn.
            let (publication, id) = (publication.clone(), record.id.clone());
            std::thread::spawn(move || {
                // After the first page is drawn: the cover is for the shelf, later.
                std::thread::sleep(crate::ui::screen::reader::FIRST_PAGE_FIRST * 2);
                let Some(made) = shelf::cover_thumbnail(&publication, &id, &covers) else { return };
                if let Ok(db) = db.lock()
                    && let Err(e) = db.set_cover_path(&id, &made.display().to_string())
                {
                    tracing::warn!("{e}");
                }
            });
        }
        let reader = ReaderScreen::new(record.id, publication, saved.as_ref(), self.settings.ruby);
        // The shelf stays below the reader: Esc returns to it.
        self.stack.retain(|s| matches!(s, Screen::Bookshelf(_)));
        if self.stack.is_empty() {
            self.stack.push(Screen::open(crate::ui::screen::Kind::Bookshelf, &self.settings));
        }
        let shown = self.show(Screen::Reader(Box::new(reader)));
        if self.measure_from.is_some() {
            self.reader_shown = Some(std::time::Instant::now());
        }
        self.prepare_player(saved.as_ref());
        // A book without recorded audio: the speech service starts now, ready for Ctrl+P.
        Task::batch([shown, self.prepare_voice(crate::ui::screen::reader::FIRST_PAGE_FIRST)])
    }

    /// Carries out a reader key: move, say the new text, save the place.
    pub(super) fn reader_command(&mut self, command: ReaderCommand) -> Task<Message> {
        if command == ReaderCommand::LeaveStructure && self.talking.is_some() {
            // Playback order is not text order (notes are read where they are referenced).
            return self.player_leave_structure();
        }
        let Some(Screen::Reader(reader)) = self.stack.last_mut() else { return Task::none() };
        let outcome = match command {
            ReaderCommand::ScrollDown | ReaderCommand::ScrollUp
                if reader.is_vertical(self.settings.writing) =>
            {
                reader.turn_screenful(command == ReaderCommand::ScrollDown)
            }
            _ => reader.command(command),
        };
        match outcome {
            Outcome::Moved => {
                let position = reader.position();
                let book_id = reader.book_id.clone();
                let progression = position.locations.total_progression.unwrap_or(0.0);
                if self.playing() {
                    // The audio says it: the app's voice keeps quiet.
                    self.player_follow_reader();
                } else {
                    self.player_follow_reader();
                    self.say_focus();
                }
                let top = iced::widget::operation::snap_to(
                    iced::widget::Id::new(crate::ui::reader_view::TEXT_SCROLL),
                    iced::widget::operation::RelativeOffset::START,
                );
                Task::batch([top, self.save_position(book_id, position, progression)])
            }
            Outcome::NoMore(command) => {
                let text = match command {
                    ReaderCommand::NextHeading | ReaderCommand::PreviousHeading => fl!("reader-no-heading"),
                    ReaderCommand::NextPage | ReaderCommand::PreviousPage => fl!("reader-no-page"),
                    ReaderCommand::PreviousUnit | ReaderCommand::Start => fl!("reader-at-start"),
                    ReaderCommand::HistoryBack | ReaderCommand::HistoryForward => fl!("reader-no-history"),
                    ReaderCommand::FollowNote | ReaderCommand::FollowLink(_) => fl!("reader-no-note"),
                    ReaderCommand::ZoomPageIn => fl!("reader-zoom-largest"),
                    ReaderCommand::ZoomPageOut => fl!("reader-zoom-whole"),

                    _ => fl!("reader-at-end"),
                };
                self.report(text);
                Task::none()
            }
            Outcome::Places(kind) => self.show_places(kind),
            Outcome::Bookmark => self.add_bookmark(),
            Outcome::Scroll(down) => scroll_text(down),
            Outcome::NotInStructure => {
                self.report(fl!("reader-not-in-structure"));
                Task::none()
            }
            Outcome::NoPages => {
                self.report(fl!("reader-not-pages"));
                Task::none()
            }
            Outcome::Zoomed(zoom, percent) => {
                self.report(match zoom {
                    PageZoom::FitPage => fl!("reader-fit-page"),
                    PageZoom::FitWidth => fl!("reader-fit-width"),
                    PageZoom::Percent(_) => fl!("reader-zoom", percent = percent.to_string()),
                });
                Task::none()
            }
            Outcome::Pan(right, down) => iced::widget::operation::scroll_by(
                iced::widget::Id::new(crate::ui::reader_view::TEXT_SCROLL),
                #[allow(clippy::cast_precision_loss)]
                iced::widget::operation::AbsoluteOffset { x: right as f32, y: down as f32 },
            ),
            Outcome::Search => self.show(Screen::Search(crate::ui::screen::search::SearchScreen::default())),
            Outcome::Player(command) => self.player_command(command),
            Outcome::SaveAudio => self.open_save_audio(),
            Outcome::Copy(text) if text.is_empty() => {
                self.report(fl!("reader-nothing-to-copy"));
                Task::none()
            }
            Outcome::Copy(text) => {
                self.report(fl!("reader-copied", count = text.chars().count()));
                iced::clipboard::write(text)
            }
            Outcome::Level(level) => {
                let text = match level {
                    Some(level) => fl!("reader-level-set", level = level.to_string()),
                    None => fl!("reader-level-any-set"),
                };
                self.report(text);
                Task::none()
            }
        }
    }

    /// "Where am I" in the reader: heading trail, page and percentage.
    pub(super) fn reader_where_am_i(&self) -> Option<String> {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return None };
        let here = reader.where_am_i();
        let mut parts = here.headings;
        if let Some(page) = here.page {
            parts.push(fl!("reader-page", label = page));
        }
        parts.push(fl!("reader-progress", percent = here.percent.to_string()));
        parts.extend(self.player_where());
        Some(crate::a11y::phrase::join_sentences(&parts))
    }

    fn show_places(&mut self, kind: ListKind) -> Task<Message> {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return Task::none() };
        let places = match kind {
            ListKind::Contents => reader.contents(),
            ListKind::Pages => reader.pages(),
            ListKind::Landmarks => reader.landmarks(),
            ListKind::Links => reader.links(),
            ListKind::Bookmarks => {
                let book_id = reader.book_id.clone();
                let marks = self.db.as_ref().and_then(|db| {
                    let db = db.lock().ok()?;
                    db.bookmarks::<Locator>(&book_id).map_err(|e| tracing::error!("{e}")).ok()
                });
                marks
                    .unwrap_or_default()
                    .into_iter()
                    .map(|b| Place { label: b.name, target: b.locator })
                    .collect()
            }
        };
        self.show(Screen::Navigate(NavigateScreen { kind, places }))
    }

    fn add_bookmark(&mut self) -> Task<Message> {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return Task::none() };
        let (book_id, name, position) = (reader.book_id.clone(), reader.bookmark_name(), reader.position());
        let added = self.db.as_ref().map(|db| {
            let db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            db.add_bookmark(&book_id, &name, &position)
        });
        let text = match added {
            Some(Ok(_)) => fl!("reader-bookmark-added", name = name),
            Some(Err(e)) => {
                tracing::error!("{e}");
                return self.problem(fl!("reader-bookmark-failed"));
            }
            None => return self.problem(fl!("reader-bookmark-failed")),
        };
        self.report(text);
        Task::none()
    }

    /// Runs a search in the book below the search screen.
    pub(super) fn search(&mut self, query: &str) -> Task<Message> {
        let Some(results) = self.open_reader().map(|r| r.search(query)) else { return Task::none() };
        let found = results.len();
        if let Some(Screen::Search(screen)) = self.stack.last_mut() {
            screen.results = Some(results);
        }
        let text = if found == 0 {
            fl!("search-none", query = query.to_owned())
        } else {
            fl!("search-found", count = found)
        };
        self.report(text);
        Task::none()
    }

    /// Returns from a list of places to the reader, at `target`.
    pub(super) fn go_to(&mut self, target: &Locator) -> Task<Message> {
        if matches!(self.stack.last(), Some(Screen::Navigate(_) | Screen::Search(_))) {
            self.stack.pop();
        }
        let Some(Screen::Reader(reader)) = self.stack.last_mut() else { return Task::none() };
        if !reader.go_to(target) {
            self.report(fl!("reader-place-missing"));
            return Task::none();
        }
        let (book_id, position) = (reader.book_id.clone(), reader.position());
        let progression = position.locations.total_progression.unwrap_or(0.0);
        self.focus = Some(0);
        // Playback (recorded or read aloud) goes on from the chosen place.
        let playing = self.playing();
        self.player_follow_reader();
        if !playing {
            self.say_focus();
        }
        self.save_position(book_id, position, progression)
    }

    pub(super) fn save_position(
        &self,
        book_id: String,
        position: Locator,
        progression: f64,
    ) -> Task<Message> {
        let Some(db) = self.db.clone() else { return Task::none() };
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || {
                    // A panic elsewhere while holding the lock leaves the
                    // connection itself intact: keep using it.
                    let db = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    db.save_position(&book_id, &position)?;
                    db.set_progression(&book_id, progression)
                })
                .await
                .unwrap_or_else(|e| Err(DbError::WorkerStopped { reason: e.to_string() }))
            },
            Message::PositionSaved,
        )
    }

    pub(super) fn position_saved(&mut self, result: Result<(), DbError>) -> Task<Message> {
        if let Err(e) = result {
            tracing::error!("{e}");
            self.notice = Some(fl!("notice-position-unsaved"));
        }
        Task::none()
    }
}
