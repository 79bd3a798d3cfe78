//! Lending on the book details screen — borrow, hold, renew, return, cancel — and downloads
//! with progress, then the loans kept on this computer: recorded when the book opens, and
//! enforced when they end, even offline.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;
use url::Url;

use super::library::Event;
use super::{App, Message};
use crate::fl;
use crate::library::client::{Credentials, FetchError};
use crate::library::download::{self, DownloadError, DownloadRequest, Progress, RetryPolicy};
use crate::library::lcp::LcpLicense;
use crate::library::lending::{self, Borrowed, Operation};
use crate::library::{CatalogDocument, CatalogEntry, text};
use crate::store::db::Loan;
use crate::ui::screen::book_details::DetailsScreen;
use crate::ui::screen::{LibraryRequest, Screen, Shared};

impl App {
    pub(super) fn lend(&mut self, operation: Operation, entry: Shared<CatalogEntry>) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let client = session.client.clone();
        let Some(credentials) = session.credentials.clone() else {
            return self.sign_in(Some(LibraryRequest::Lend(operation, entry)));
        };
        if operation == Operation::Download {
            return self.download(entry, credentials, None);
        }
        let busy = match (&operation, &entry.0.availability) {
            (Operation::Borrow, crate::library::Availability::Holdable { .. }) => fl!("details-busy-hold"),
            (Operation::Borrow, _) => fl!("details-busy-borrow"),
            (Operation::Return, _) => fl!("details-busy-return"),
            (Operation::Renew, _) => fl!("details-busy-renew"),
            (Operation::CancelHold, _) => fl!("details-busy-cancel"),
            (Operation::Download, _) => fl!("details-busy-download"),
        };
        self.set_details(|d| {
            d.busy = Some(busy.clone());
            d.problem = None;
        });
        self.report(busy);
        let done = entry.clone();
        Task::perform(
            async move {
                let shared = entry.clone();
                let entry = &entry.0;
                let result = match operation {
                    Operation::Borrow => match client.borrow(entry, &credentials).await {
                        Ok(Borrowed::Entry(e)) => Ok(Some(*e)),
                        Ok(Borrowed::License(license)) => {
                            let license = Ok(Shared(Arc::new(*license)));
                            return Message::Library(Event::Licensed(shared, license));
                        }
                        Err(e) => Err(e),
                    },
                    Operation::Return | Operation::CancelHold => client.revoke(entry, &credentials).await,
                    Operation::Renew => match lending::status_link(entry) {
                        Some(status) => client.renew(status, &credentials).await.map(|_| None),
                        None => Err(FetchError::NotOffered { entry: entry.id.clone() }),
                    },
                    Operation::Download => Ok(None),
                };
                let result = result.map(|e| e.map(|e| Shared(Arc::new(e))));
                Message::Library(Event::Lent(operation, done, result))
            },
            |message| message,
        )
    }

    pub(super) fn lent(
        &mut self,
        operation: Operation,
        before: &Shared<CatalogEntry>,
        result: Result<Option<Shared<CatalogEntry>>, FetchError>,
    ) -> Task<Message> {
        self.set_details(|d| d.busy = None);
        let after = match result {
            Ok(after) => after,
            Err(error) => {
                let text = text::explain(&error);
                self.set_details(|d| d.problem = Some(text.clone()));
                return self.problem(text);
            }
        };
        if matches!(operation, Operation::Return) {
            self.remove_download(&before.0);
        }
        // Renewing answers with a status document: read the entry again for the new date.
        let refresh = match (&after, before.0.detail.clone()) {
            (None, Some(detail)) if operation == Operation::Renew => self.refresh_entry(detail),
            _ => Task::none(),
        };
        let entry = after.unwrap_or_else(|| before.clone());
        let text = match operation {
            Operation::Borrow => lending_done(&entry.0),
            Operation::Return => fl!("lending-returned", title = entry.0.title.clone()),
            Operation::CancelHold => fl!("lending-hold-cancelled", title = entry.0.title.clone()),
            Operation::Renew => fl!("lending-renewed", title = entry.0.title.clone()),
            Operation::Download => String::new(),
        };
        let downloaded = self.downloaded_copy(&entry.0);
        self.set_details(|d| {
            d.entry = entry.clone();
            d.downloaded = downloaded.clone();
        });
        self.focus = Some(0);
        self.report(text);
        Task::batch([refresh, self.scroll_to_focus(), self.refresh_loans_below()])
    }

    fn refresh_entry(&self, detail: Url) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let client = session.client.clone();
        let credentials = session.credentials.clone();
        Task::perform(
            async move {
                match client.fetch_catalog(&detail, credentials.as_ref()).await {
                    Ok(CatalogDocument::Entry(document)) => Some(Shared(Arc::new(document.entry))),
                    _ => None,
                }
            },
            |entry| Message::Library(Event::EntryRefreshed(entry)),
        )
    }

    /// A licence arrived: download its publication, or say why not.
    pub(super) fn licensed(
        &mut self,
        entry: Shared<CatalogEntry>,
        result: Result<Shared<LcpLicense>, FetchError>,
    ) -> Task<Message> {
        self.set_details(|d| d.busy = None);
        let credentials = self.session.as_ref().and_then(|s| s.credentials.clone());
        match (result, credentials) {
            (Ok(license), Some(credentials)) => {
                self.report(fl!("lending-lcp-received", title = entry.0.title.clone()));
                self.download(entry, credentials, Some(license))
            }
            (Ok(_), None) => Task::none(),
            (Err(error), _) => {
                let text = text::explain(&error);
                self.set_details(|d| d.problem = Some(text.clone()));
                self.problem(text)
            }
        }
    }

    /// Fetches the loan's LCP licence (its acquisition link), then the publication.
    fn fetch_license(
        &mut self,
        entry: Shared<CatalogEntry>,
        url: Url,
        credentials: Credentials,
    ) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let client = session.client.clone();
        self.report(fl!("details-busy-download"));
        Task::perform(
            async move {
                let result = client.fetch_license(&url, &credentials).await.map(|l| Shared(Arc::new(l)));
                Message::Library(Event::Licensed(entry, result))
            },
            |message| message,
        )
    }

    fn download(
        &mut self,
        entry: Shared<CatalogEntry>,
        credentials: Credentials,
        license: Option<Shared<LcpLicense>>,
    ) -> Task<Message> {
        let (url, media_type) = match (lending::content_link(&entry.0), &license) {
            (_, Some(license)) => match &license.0.publication {
                Some(url) => {
                    (url.clone(), crate::library::MediaType::parse(crate::library::media_type::EPUB))
                }
                None => return self.problem(fl!("download-error-corrupt")),
            },
            (Some((url, media_type)), None) if media_type.as_ref().is_some_and(|m| m.is_lcp_license()) => {
                return self.fetch_license(entry, url, credentials);
            }
            (Some(link), None) => link,
            (None, None) => return self.problem(fl!("library-error-not-offered")),
        };
        let Some(session) = &mut self.session else { return Task::none() };
        let extension = match media_type.as_ref().map(|m| m.essence().to_owned()).as_deref() {
            Some("application/epub+zip") => "epub",
            _ => "zip",
        };
        let books = self.paths.data_dir.join("books");
        let request = DownloadRequest {
            url,
            credentials: Some(credentials),
            destination: books.join(format!("{}.{extension}", file_stem(&entry.0.id))),
            partial_dir: self.paths.data_dir.join("downloads"),
        };
        let http = session.client.http().clone();
        let done = entry.clone();
        let kept = match &license {
            Some(license) => crate::library::lcp_download::publication_request(&license.0, &request)
                .unwrap_or_else(|| request.clone()),
            None => request.clone(),
        };
        let until = license.as_ref().and_then(|l| l.0.rights.end);
        let (task, handle) = Task::sip(
            iced::task::sipper(async move |mut progress| {
                let (sender, mut receiver) = futures::channel::mpsc::unbounded();
                let policy = RetryPolicy::default();
                let on_progress = move |p| {
                    let _ = sender.unbounded_send(p);
                };
                let work = async {
                    match &license {
                        Some(license) => {
                            crate::library::lcp_download::download_licensed(
                                &http,
                                &license.0,
                                &request,
                                &policy,
                                on_progress,
                            )
                            .await
                        }
                        None => download::download(&http, &request, &policy, on_progress).await,
                    }
                };
                let forward = async {
                    use futures::StreamExt;
                    while let Some(p) = receiver.next().await {
                        progress.send(p).await;
                    }
                };
                let (result, ()) = futures::join!(work, forward);
                result.map(|d| d.path)
            }),
            |p| match p {
                Progress::Started { total, resumed_from } => {
                    Message::Library(Event::Progress(resumed_from, total))
                }
                Progress::Received { done, total } => Message::Library(Event::Progress(done, total)),
                Progress::Retrying { .. } => Message::Library(Event::Progress(0, None)),
                Progress::Finished { bytes } => Message::Library(Event::Progress(bytes, Some(bytes))),
            },
            move |result| Message::Library(Event::Downloaded(done.clone(), until, result)),
        )
        .abortable();
        session.download = Some((handle.abort_on_drop(), kept));
        self.set_details(|d| {
            d.progress = Some((0, None));
            d.problem = None;
        });
        self.report(fl!("details-busy-download"));
        task
    }

    /// Stops the download under way; what arrived is thrown away (nothing is left in the
    /// library, and nothing waits in the staging folder for a resume the patron did not want).
    pub(super) fn cancel_download(&mut self) -> Task<Message> {
        let Some((handle, request)) = self.session.as_mut().and_then(|s| s.download.take()) else {
            return Task::none();
        };
        drop(handle);
        if let Err(e) = download::discard(&request) {
            tracing::warn!("partial download not removed: {e}");
        }
        self.set_details(|d| d.progress = None);
        self.focus = Some(0);
        self.report(fl!("details-download-cancelled"));
        Task::none()
    }

    /// Shows how far the download has got; says it at each quarter.
    pub(super) fn download_progress(&mut self, done: u64, total: Option<u64>) -> Task<Message> {
        if done == 0 && total.is_none() {
            return Task::none();
        }
        let mut before = None;
        self.set_details(|d| {
            before = d.progress;
            d.progress = Some((done, total));
        });
        let quarter =
            |(done, total): (u64, Option<u64>)| total.filter(|t| *t > 0).map(|t| done.saturating_mul(4) / t);
        if let (Some(now), Some(then)) = (quarter((done, total)), before.map(quarter))
            && now > then.unwrap_or(0)
            && now < 4
        {
            self.speak(crate::ui::screen::book_details::progress_text(done, total));
        }
        Task::none()
    }

    pub(super) fn downloaded(
        &mut self,
        entry: &Shared<CatalogEntry>,
        license_end: Option<time::OffsetDateTime>,
        result: Result<PathBuf, DownloadError>,
    ) -> Task<Message> {
        if let Some(session) = &mut self.session {
            session.download = None;
        }
        self.set_details(|d| d.progress = None);
        match result {
            Ok(path) => {
                let loan = Loan {
                    library_id: self.session.as_ref().map(|s| s.key.clone()).unwrap_or_default(),
                    // The licence's end wins over the feed's.
                    until: license_end
                        .or_else(|| entry.0.availability.until())
                        .and_then(|u| u.format(&time::format_description::well_known::Rfc3339).ok()),
                    revoke_url: entry.0.availability.revoke().map(|u| u.to_string()),
                };
                self.pending_loans.insert(path.clone(), loan);
                self.set_details(|d| d.downloaded = Some(path.clone()));
                self.report(fl!("library-downloaded", title = entry.0.title.clone()));
                // An LCP borrow answered with a licence, not the entry: read it again.
                let refresh = match (license_end, entry.0.detail.clone()) {
                    (Some(_), Some(detail)) => self.refresh_entry(detail),
                    _ => Task::none(),
                };
                Task::batch([refresh, super::books::open_book(path)])
            }
            Err(error) => {
                tracing::warn!("{error}");
                let text = text::explain_download(&error);
                self.set_details(|d| d.problem = Some(text.clone()));
                self.problem(text)
            }
        }
    }

    /// The downloaded copy of `entry` on this computer, if there is one.
    pub(super) fn downloaded_copy(&self, entry: &CatalogEntry) -> Option<PathBuf> {
        let books = self.paths.data_dir.join("books");
        ["epub", "zip"]
            .iter()
            .map(|ext| books.join(format!("{}.{ext}", file_stem(&entry.id))))
            .find(|p| p.is_file())
    }

    /// Deletes the downloaded copy of a returned book and takes it off the shelf.
    fn remove_download(&mut self, entry: &CatalogEntry) {
        let Some(path) = self.downloaded_copy(entry) else { return };
        if let Err(e) = std::fs::remove_file(&path) {
            tracing::warn!("{}: {e}", path.display());
        }
        if let Some(db) = self.db.as_ref().and_then(|db| db.lock().ok())
            && let Ok(books) = db.books()
        {
            let source = path.display().to_string();
            for shelf_entry in books.iter().filter(|b| b.book.source == source) {
                if let Err(e) = db.remove_book(&shelf_entry.book.id) {
                    tracing::warn!("{e}");
                }
            }
        }
    }

    pub(super) fn set_details(&mut self, change: impl FnOnce(&mut DetailsScreen)) {
        if let Some(Screen::BookDetails(screen)) =
            self.stack.iter_mut().rev().find(|s| matches!(s, Screen::BookDetails(_)))
        {
            change(screen);
        }
    }
}

/// What the library said after a borrow: on loan until…, on hold at position…, or ready.
fn lending_done(entry: &CatalogEntry) -> String {
    let state = text::availability(&entry.availability);
    fl!("lending-borrow-done", title = entry.title.clone(), state = state)
}

/// A file name from a publication identifier: letters and digits kept, the rest `_`.
fn file_stem(id: &str) -> String {
    let stem: String = id.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
    stem.chars().take(120).collect()
}

/// Loans on the shelf that have ended by `now`, and those due within two days.
fn loan_deadlines(
    books: &[crate::store::db::ShelfEntry],
    now: time::OffsetDateTime,
) -> (Vec<&crate::store::db::ShelfEntry>, Vec<(&crate::store::db::ShelfEntry, time::OffsetDateTime)>) {
    let mut ended = Vec::new();
    let mut due_soon = Vec::new();
    for entry in books {
        let until = entry.book.loan.as_ref().and_then(|l| l.until.as_deref()).and_then(|u| {
            time::OffsetDateTime::parse(u, &time::format_description::well_known::Rfc3339).ok()
        });
        match until {
            Some(until) if until <= now => ended.push(entry),
            Some(until) if until - now <= time::Duration::days(2) => due_soon.push((entry, until)),
            _ => {}
        }
    }
    (ended, due_soon)
}

impl App {
    /// Enforces loan ends, even offline: a book whose loan has ended is locked (taken off the
    /// shelf) and its downloaded file deleted. Says which loans ended and which are due
    /// within two days.
    pub(super) fn enforce_loans(&mut self, announce_due: bool) {
        let Some(db) = self.db.clone() else { return };
        let Ok(db) = db.lock() else { return };
        let Ok(books) = db.books().map_err(|e| tracing::error!("{e}")) else { return };
        let (ended, due_soon) = loan_deadlines(&books, time::OffsetDateTime::now_utc());
        let library_books = self.paths.data_dir.join("books");
        let mut titles = Vec::new();
        for entry in ended {
            let path = std::path::Path::new(&entry.book.source);
            // Only files this app downloaded are deleted; a patron's own files are never touched.
            if path.starts_with(&library_books)
                && let Err(e) = std::fs::remove_file(path)
            {
                tracing::warn!("{}: {e}", path.display());
            }
            if let Err(e) = db.remove_book(&entry.book.id) {
                tracing::error!("{e}");
            }
            titles.push(entry.book.title.clone());
        }
        drop(db);
        if !titles.is_empty() {
            self.notice = Some(fl!("loans-ended", titles = titles.join(", ")));
            self.refresh_shelf();
        }
        if announce_due && !due_soon.is_empty() {
            let due: Vec<String> = due_soon
                .iter()
                .map(|(e, until)| {
                    fl!("loans-due-item", title = e.book.title.clone(), date = text::date(*until))
                })
                .collect();
            self.announce(fl!("loans-due-soon", loans = due.join(", ")), false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::{Book, BookFormat, ShelfEntry, UnixTime};
    use time::macros::datetime;

    fn book(id: &str, until: Option<&str>) -> ShelfEntry {
        ShelfEntry {
            book: Book {
                id: id.into(),
                title: id.into(),
                authors: Vec::new(),
                language: None,
                format: BookFormat::Epub,
                source: format!("/books/{id}.epub"),
                cover_path: None,
                loan: until.map(|u| Loan { library_id: "l".into(), until: Some(u.into()), revoke_url: None }),
            },
            added_at: UnixTime::now(),
            last_opened_at: None,
            progression: 0.0,
        }
    }

    #[test]
    fn loans_end_at_their_date_and_are_due_soon_two_days_before() {
        let books = [
            book("ended", Some("2026-11-20T09:00:00Z")),
            book("ends-now", Some("2026-11-21T09:00:00Z")),
            book("tomorrow", Some("2026-11-22T09:00:00Z")),
            book("in-three-days", Some("2026-11-24T09:00:00Z")),
            book("owned", None),
            book("bad-date", Some("soon")),
        ];
        let (ended, due) = loan_deadlines(&books, datetime!(2026-11-21 09:00:00 UTC));
        assert_eq!(ended.iter().map(|e| e.book.id.as_str()).collect::<Vec<_>>(), ["ended", "ends-now"]);
        assert_eq!(due.iter().map(|(e, _)| e.book.id.as_str()).collect::<Vec<_>>(), ["tomorrow"]);
    }
}
