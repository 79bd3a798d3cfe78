//! The library side of the app: opening a library (the built-in demo one or an added one),
//! catalog pages through the feed cache, signing in with the keyring, and lending requests
//! and downloads in the background, each result shown and announced on its screen.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;
use url::Url;

use super::{App, Message};
use crate::demo_library::{DemoConfig, DemoError, DemoLibrary};
use crate::fl;
use crate::library::auth_document::AuthenticationDocument;
use crate::library::client::{CatalogAnswer, ClientConfig, Credentials, FetchError, Fetched, LibraryClient};
use crate::library::credentials::{Account, SecretStore};
use crate::library::download::{self, DownloadError, DownloadRequest, Progress, RetryPolicy};
use crate::library::lending::{self, Borrowed, Operation};
use crate::library::{CatalogDocument, CatalogEntry, CatalogFeed, text};
use crate::store::db::{CachedFeed, Loan, UnixTime};
use crate::ui::screen::book_details::DetailsScreen;
use crate::ui::screen::catalog::{CatalogScreen, State};
use crate::ui::screen::loans::LoansScreen;
use crate::ui::screen::sign_in::SignInScreen;
use crate::ui::screen::{LibraryRequest, Screen, Shared};

/// The keyring name of the built-in demo library (its address changes with every start).
const DEMO_KEY: &str = "tomoshibi-demo";

/// Results of library work done in the background.
#[derive(Debug, Clone)]
pub enum Event {
    /// The built-in demo library started (or could not).
    DemoStarted(Result<Shared<DemoLibrary>, DemoError>),
    /// A catalog page arrived.
    PageLoaded(Url, Result<Shared<CatalogAnswer>, FetchError>),
    /// The library's authentication document arrived (for the sign-in form).
    AuthLoaded(Result<Shared<AuthenticationDocument>, FetchError>),
    /// Credentials were read from the keyring (`None`: none kept).
    CredentialsFound(Option<Credentials>),
    /// A sign-in attempt was checked with the library.
    SignedIn(Credentials, bool, Result<(), FetchError>),
    /// The search address was made from the library's OpenSearch description.
    SearchReady(Result<Url, FetchError>),
    /// The patron's shelf arrived.
    ShelfLoaded(Result<Shared<CatalogAnswer>, FetchError>),
    /// A lending request finished: the publication in its new state, if the library said.
    Lent(Operation, Shared<CatalogEntry>, Result<Option<Shared<CatalogEntry>>, FetchError>),
    /// A publication was read again (after a renewal); `None` when that failed.
    EntryRefreshed(Option<Shared<CatalogEntry>>),
    /// Part of a download arrived.
    Progress(u64, Option<u64>),
    /// A download finished.
    Downloaded(Shared<CatalogEntry>, Result<PathBuf, DownloadError>),
}

/// The library being used.
pub(super) struct Session {
    client: LibraryClient,
    /// Its catalog start page.
    start: Url,
    /// Its name.
    title: String,
    /// The keyring name of the library.
    key: String,
    auth: Option<Shared<AuthenticationDocument>>,
    credentials: Option<Credentials>,
    shelf: Option<Url>,
    /// What to do once signed in.
    pending: Option<LibraryRequest>,
    /// Whether the keyring was already asked this session.
    keyring_asked: bool,
    /// The download under way (dropping the handle cancels it).
    download: Option<iced::task::Handle>,
}

impl App {
    /// Carries out a screen's request to the library.
    pub(super) fn library_request(&mut self, request: LibraryRequest) -> Task<Message> {
        match request {
            LibraryRequest::OpenDemo => self.open_demo(),
            LibraryRequest::Open(address) | LibraryRequest::Add(address) => self.open_address(&address),
            LibraryRequest::Browse(url) => self.browse(url),
            LibraryRequest::Search(link, terms) => self.search_catalog(&link, &terms),
            LibraryRequest::ShowEntry(entry) => {
                let downloaded = self.downloaded_copy(&entry.0);
                self.show(Screen::BookDetails(Box::new(DetailsScreen::new(entry, downloaded))))
            }
            LibraryRequest::ShowLoans => self.show_loans(),
            LibraryRequest::SignIn => self.sign_in(None),
            LibraryRequest::Submit { login, password, remember } => self.submit(login, password, remember),
            LibraryRequest::SignOut => self.sign_out(),
            LibraryRequest::Lend(operation, entry) => self.lend(operation, entry),
        }
    }

    /// Handles a background result.
    pub(super) fn library_event(&mut self, event: Event) -> Task<Message> {
        match event {
            Event::DemoStarted(result) => self.demo_started(result),
            Event::PageLoaded(url, result) => self.page_loaded(&url, result),
            Event::AuthLoaded(result) => self.auth_loaded(result),
            Event::CredentialsFound(credentials) => self.credentials_found(credentials),
            Event::SignedIn(credentials, remember, result) => self.signed_in(credentials, remember, result),
            Event::SearchReady(result) => self.search_ready(result),
            Event::ShelfLoaded(result) => self.shelf_loaded(result),
            Event::Lent(operation, entry, result) => self.lent(operation, &entry, result),
            Event::EntryRefreshed(entry) => {
                if let Some(entry) = entry {
                    self.set_details(|d| d.entry = entry);
                }
                Task::none()
            }
            Event::Progress(done, total) => self.download_progress(done, total),
            Event::Downloaded(entry, result) => self.downloaded(&entry, result),
        }
    }

    fn open_demo(&mut self) -> Task<Message> {
        if let Some(demo) = &self.demo {
            let url = demo.0.url().clone();
            return self.open_library(url, fl!("libraries-demo-name"), DEMO_KEY.to_owned());
        }
        self.report(fl!("library-starting-demo"));
        let config = DemoConfig::new(self.paths.data_dir.join("demo-library.sqlite3"));
        Task::perform(
            async move { DemoLibrary::start(config).await.map(|d| Shared(Arc::new(d))) },
            |result| Message::Library(Event::DemoStarted(result)),
        )
    }

    fn demo_started(&mut self, result: Result<Shared<DemoLibrary>, DemoError>) -> Task<Message> {
        match result {
            Ok(demo) => {
                let url = demo.0.url().clone();
                self.demo = Some(demo);
                self.open_library(url, fl!("libraries-demo-name"), DEMO_KEY.to_owned())
            }
            Err(e) => {
                tracing::error!("{e}");
                self.problem(fl!("library-demo-failed"))
            }
        }
    }

    fn open_address(&mut self, address: &str) -> Task<Message> {
        let with_scheme =
            if address.contains("://") { address.to_owned() } else { format!("https://{address}") };
        match Url::parse(&with_scheme) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && !address.is_empty() => {
                let key = url.as_str().to_owned();
                self.open_library(url, address.to_owned(), key)
            }
            _ => {
                let text = fl!("libraries-bad-address");
                if let Some(Screen::Libraries(s)) = self.stack.last_mut() {
                    s.problem = Some(text.clone());
                }
                self.report(text);
                Task::none()
            }
        }
    }

    fn open_library(&mut self, start: Url, title: String, key: String) -> Task<Message> {
        if self.session.as_ref().is_none_or(|s| s.start != start) {
            let client = match LibraryClient::new(&ClientConfig::default()) {
                Ok(client) => client,
                Err(e) => {
                    tracing::error!("{e}");
                    return self.problem(fl!("library-error-setup"));
                }
            };
            self.session = Some(Session {
                client,
                start: start.clone(),
                title,
                key,
                auth: None,
                credentials: None,
                shelf: None,
                pending: None,
                keyring_asked: false,
                download: None,
            });
        }
        self.browse(start)
    }

    /// Opens a catalog page as a new screen and fetches it.
    fn browse(&mut self, url: Url) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let screen =
            CatalogScreen::loading(url.clone(), session.title.clone(), session.credentials.is_some());
        let show = self.show(Screen::Catalog(Box::new(screen)));
        Task::batch([show, self.fetch_page(url)])
    }

    fn fetch_page(&self, url: Url) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let cached = self.cached_feed(&url);
        let client = session.client.clone();
        let credentials = session.credentials.clone();
        Task::perform(
            async move {
                let answer = client.fetch_catalog_cached(&url, credentials.as_ref(), cached).await;
                (url, answer.map(|a| Shared(Arc::new(a))))
            },
            |(url, result)| Message::Library(Event::PageLoaded(url, result)),
        )
    }

    fn cached_feed(&self, url: &Url) -> Option<Fetched> {
        let db = self.db.as_ref()?.lock().ok()?;
        let cached = db.cached_feed(url.as_str()).map_err(|e| tracing::warn!("{e}")).ok()??;
        Some(Fetched {
            url: Url::parse(&cached.url).ok()?,
            content_type: cached.content_type,
            etag: cached.etag,
            last_modified: cached.last_modified,
            body: cached.body,
        })
    }

    fn keep_in_cache(&self, requested: &Url, fetched: &Fetched) {
        let Some(db) = self.db.as_ref().and_then(|db| db.lock().ok()) else { return };
        let feed = CachedFeed {
            url: requested.as_str().to_owned(),
            etag: fetched.etag.clone(),
            last_modified: fetched.last_modified.clone(),
            content_type: fetched.content_type.clone(),
            body: fetched.body.clone(),
            fetched_at: UnixTime::now(),
        };
        if let Err(e) = db.put_feed(&feed) {
            tracing::warn!("{e}");
        }
    }

    fn page_loaded(&mut self, url: &Url, result: Result<Shared<CatalogAnswer>, FetchError>) -> Task<Message> {
        let answer = match result {
            Ok(answer) => answer,
            Err(FetchError::SignInRequired { authentication, .. }) => {
                if let Some(session) = &mut self.session {
                    session.auth = authentication.map(Shared).or(session.auth.take());
                }
                return self.sign_in(Some(LibraryRequest::Browse(url.clone())));
            }
            Err(error) => {
                let text = text::explain(&error);
                if let Some(Screen::Catalog(screen)) = self.catalog_screen(url) {
                    screen.state = State::Failed(text.clone());
                }
                return self.problem(text);
            }
        };
        if let Some(fresh) = &answer.0.fresh {
            self.keep_in_cache(url, fresh);
        }
        let feed = match &answer.0.document {
            CatalogDocument::Feed(feed) => (**feed).clone(),
            CatalogDocument::Entry(document) => {
                let entry = Shared(Arc::new(document.entry.clone()));
                return self.library_request(LibraryRequest::ShowEntry(entry));
            }
        };
        self.learn_links(&feed);
        let offline = answer.0.offline;
        let is_top = matches!(self.stack.last(), Some(Screen::Catalog(s)) if s.url == *url);
        if let Some(Screen::Catalog(screen)) = self.catalog_screen(url) {
            screen.show(feed, offline);
        }
        if is_top {
            self.status = None;
            self.focus = Some(0);
            self.say_screen();
            return self.scroll_to_focus();
        }
        Task::none()
    }

    /// The catalog screen showing `url`, the newest first.
    fn catalog_screen(&mut self, url: &Url) -> Option<&mut Screen> {
        self.stack.iter_mut().rev().find(|s| matches!(s, Screen::Catalog(c) if c.url == *url))
    }

    /// Remembers the shelf and the library's name from its start page.
    fn learn_links(&mut self, feed: &CatalogFeed) {
        let Some(session) = &mut self.session else { return };
        if let Some(shelf) = &feed.feed_links.shelf {
            session.shelf = Some(shelf.clone());
        }
        if feed.url == session.start && !feed.title.trim().is_empty() {
            session.title = feed.title.trim().to_owned();
            self.remember_library(feed);
        }
    }

    /// Adds a library opened by address to the saved ones.
    fn remember_library(&mut self, feed: &CatalogFeed) {
        let Some(session) = &self.session else { return };
        if session.key == DEMO_KEY || self.settings.libraries.iter().any(|l| l.url == session.key) {
            return;
        }
        self.settings.libraries.push(crate::store::settings::SavedLibrary {
            title: feed.title.trim().to_owned(),
            url: session.key.clone(),
        });
        self.save();
    }

    fn search_catalog(
        &mut self,
        link: &crate::library::opensearch::SearchLink,
        terms: &str,
    ) -> Task<Message> {
        use crate::library::opensearch::SearchLink;
        match link {
            SearchLink::Template(template) => match template.url_for(terms) {
                Ok(url) => self.browse(url),
                Err(e) => {
                    tracing::warn!("{e}");
                    self.problem(fl!("library-error-document"))
                }
            },
            SearchLink::Description(description) => {
                let Some(session) = &self.session else { return Task::none() };
                let client = session.client.clone();
                let (description, terms) = (description.clone(), terms.to_owned());
                Task::perform(
                    async move {
                        let found = client.fetch_opensearch(&description).await?;
                        let template = found
                            .catalog_template()
                            .cloned()
                            .ok_or_else(|| FetchError::NotOffered { entry: description.to_string() })?;
                        template.url_for(&terms).map_err(|e| FetchError::Document {
                            url: description.clone(),
                            source: Box::new(e),
                        })
                    },
                    |result| Message::Library(Event::SearchReady(result)),
                )
            }
        }
    }

    fn search_ready(&mut self, result: Result<Url, FetchError>) -> Task<Message> {
        match result {
            Ok(url) => self.browse(url),
            Err(error) => {
                let text = text::explain(&error);
                self.problem(text)
            }
        }
    }

    fn show_loans(&mut self) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let (client, credentials) = (session.client.clone(), session.credentials.clone());
        if credentials.is_none() {
            return self.sign_in(Some(LibraryRequest::ShowLoans));
        }
        let shelf =
            session.shelf.clone().or_else(|| session.auth.as_ref().and_then(|a| a.0.links.shelf.clone()));
        let Some(shelf) = shelf else {
            return self.problem(fl!("library-no-shelf"));
        };
        match self.stack.last_mut() {
            Some(Screen::Loans(screen)) => screen.state = State::Loading,
            _ => {
                let _ = self.show(Screen::Loans(LoansScreen::default()));
            }
        }
        let cached = self.cached_feed(&shelf);
        Task::perform(
            async move {
                let answer = client.fetch_catalog_cached(&shelf, credentials.as_ref(), cached).await;
                answer.map(|a| Shared(Arc::new(a)))
            },
            |result| Message::Library(Event::ShelfLoaded(result)),
        )
    }

    fn shelf_loaded(&mut self, result: Result<Shared<CatalogAnswer>, FetchError>) -> Task<Message> {
        let answer = match result {
            Ok(answer) => answer,
            Err(error) => {
                let text = text::explain(&error);
                if let Some(Screen::Loans(screen)) = self.stack.last_mut() {
                    screen.state = State::Failed(text.clone());
                }
                return self.problem(text);
            }
        };
        let entries: Vec<CatalogEntry> = match &answer.0.document {
            CatalogDocument::Feed(feed) => feed.all_entries().cloned().collect(),
            CatalogDocument::Entry(document) => vec![document.entry.clone()],
        };
        if let Some(Screen::Loans(screen)) = self.stack.last_mut() {
            screen.show(entries, answer.0.offline);
            self.focus = Some(0);
            self.say_screen();
            return self.scroll_to_focus();
        }
        Task::none()
    }

    /// Makes sure the patron is signed in, then does `pending`: credentials from the
    /// keyring when kept there, else the sign-in form.
    fn sign_in(&mut self, pending: Option<LibraryRequest>) -> Task<Message> {
        let store = self.secrets();
        let Some(session) = &mut self.session else { return Task::none() };
        session.pending = pending;
        if !session.keyring_asked {
            session.keyring_asked = true;
            let account = account(&session.key);
            return Task::perform(
                async move {
                    tokio::task::spawn_blocking(move || store.load(&account).ok().flatten())
                        .await
                        .ok()
                        .flatten()
                        .and_then(|secret| decode(&secret))
                },
                |found| Message::Library(Event::CredentialsFound(found)),
            );
        }
        self.show_sign_in()
    }

    fn credentials_found(&mut self, credentials: Option<Credentials>) -> Task<Message> {
        match credentials {
            Some(credentials) => self.signed_in(credentials, false, Ok(())),
            None => self.show_sign_in(),
        }
    }

    fn show_sign_in(&mut self) -> Task<Message> {
        let can_remember = self.secrets().is_persistent();
        let Some(session) = &self.session else { return Task::none() };
        let (client, start, has_auth) =
            (session.client.clone(), session.start.clone(), session.auth.is_some());
        let screen = SignInScreen::new(session.title.clone(), session.auth.clone(), can_remember);
        let show = self.show(Screen::SignIn(Box::new(screen)));
        if has_auth {
            return show;
        }
        let fetch = Task::perform(
            async move {
                let url = start.join("/auth").unwrap_or(start);
                client.fetch_authentication(&url).await.map(|d| Shared(Arc::new(d)))
            },
            |result| Message::Library(Event::AuthLoaded(result)),
        );
        Task::batch([show, fetch])
    }

    fn auth_loaded(&mut self, result: Result<Shared<AuthenticationDocument>, FetchError>) -> Task<Message> {
        let Ok(document) = result.map_err(|e| tracing::info!("no authentication document: {e}")) else {
            return Task::none();
        };
        if let Some(session) = &mut self.session {
            session.auth = Some(document.clone());
        }
        if let Some(Screen::SignIn(screen)) = self.stack.last_mut() {
            screen.document = Some(document);
        }
        Task::none()
    }

    fn submit(&mut self, login: String, password: String, remember: bool) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let credentials = Credentials::Basic { username: login, password };
        let client = session.client.clone();
        let check = session
            .shelf
            .clone()
            .or_else(|| session.auth.as_ref().and_then(|a| a.0.links.shelf.clone()))
            .unwrap_or_else(|| session.start.clone());
        if let Some(Screen::SignIn(screen)) = self.stack.last_mut() {
            screen.busy = true;
            screen.problem = None;
        }
        self.report(fl!("sign-in-busy"));
        Task::perform(
            async move {
                let result = client.get(&check, Some(&credentials), "*/*").await.map(drop);
                (credentials, result)
            },
            move |(credentials, result)| Message::Library(Event::SignedIn(credentials, remember, result)),
        )
    }

    fn signed_in(
        &mut self,
        credentials: Credentials,
        remember: bool,
        result: Result<(), FetchError>,
    ) -> Task<Message> {
        if let Err(error) = result {
            let text = match error {
                FetchError::SignInFailed { .. } => fl!("sign-in-refused"),
                other => text::explain(&other),
            };
            if let Some(Screen::SignIn(screen)) = self.stack.last_mut() {
                screen.busy = false;
                screen.problem = Some(text.clone());
            }
            return self.problem(text);
        }
        let store = self.secrets();
        let Some(session) = &mut self.session else { return Task::none() };
        if remember && let Some(secret) = encode(&credentials) {
            let account = account(&session.key);
            // The keyring may take a moment; nothing waits for it.
            std::thread::spawn(move || {
                if let Err(e) = store.save(&account, &secret) {
                    tracing::warn!("PIN not kept in the keyring: {e}");
                }
            });
        }
        session.credentials = Some(credentials);
        let pending = session.pending.take();
        if matches!(self.stack.last(), Some(Screen::SignIn(_))) {
            self.stack.pop();
        }
        for screen in &mut self.stack {
            if let Screen::Catalog(catalog) = screen {
                catalog.signed_in = true;
            }
        }
        self.report(fl!("sign-in-done"));
        match pending {
            // A page that needed signing in is already on screen: fetch it again.
            Some(LibraryRequest::Browse(url)) if self.catalog_screen(&url).is_some() => self.fetch_page(url),
            Some(request) => self.library_request(request),
            None => Task::none(),
        }
    }

    fn sign_out(&mut self) -> Task<Message> {
        let store = self.secrets();
        let Some(session) = &mut self.session else { return Task::none() };
        session.credentials = None;
        let account = account(&session.key);
        std::thread::spawn(move || {
            if let Err(e) = store.delete(&account) {
                tracing::warn!("{e}");
            }
        });
        for screen in &mut self.stack {
            if let Screen::Catalog(catalog) = screen {
                catalog.signed_in = false;
            }
        }
        self.report(fl!("sign-out-done"));
        Task::none()
    }

    fn lend(&mut self, operation: Operation, entry: Shared<CatalogEntry>) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let client = session.client.clone();
        let Some(credentials) = session.credentials.clone() else {
            return self.sign_in(Some(LibraryRequest::Lend(operation, entry)));
        };
        if operation == Operation::Download {
            return self.download(entry, credentials);
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
                let entry = &entry.0;
                let result = match operation {
                    Operation::Borrow => client.borrow(entry, &credentials).await.and_then(|b| match b {
                        Borrowed::Entry(e) => Ok(Some(*e)),
                        Borrowed::License(license) => Err(FetchError::NotOffered { entry: license.id }),
                    }),
                    Operation::Return | Operation::CancelHold => client.revoke(entry, &credentials).await,
                    Operation::Renew => match lending::status_link(entry) {
                        Some(status) => client.renew(status, &credentials).await.map(|_| None),
                        None => Err(FetchError::NotOffered { entry: entry.id.clone() }),
                    },
                    Operation::Download => Ok(None),
                };
                (operation, result.map(|e| e.map(|e| Shared(Arc::new(e)))))
            },
            move |(operation, result)| Message::Library(Event::Lent(operation, done.clone(), result)),
        )
    }

    fn lent(
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
        Task::batch([refresh, self.scroll_to_focus()])
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

    fn download(&mut self, entry: Shared<CatalogEntry>, credentials: Credentials) -> Task<Message> {
        let Some((url, media_type)) = lending::content_link(&entry.0) else {
            return self.problem(fl!("library-error-not-offered"));
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
        let (task, handle) = Task::sip(
            iced::task::sipper(async move |mut progress| {
                let (sender, mut receiver) = futures::channel::mpsc::unbounded();
                let policy = RetryPolicy::default();
                let work = download::download(&http, &request, &policy, move |p| {
                    let _ = sender.unbounded_send(p);
                });
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
            move |result| Message::Library(Event::Downloaded(done.clone(), result)),
        )
        .abortable();
        session.download = Some(handle.abort_on_drop());
        self.set_details(|d| {
            d.progress = Some((0, None));
            d.problem = None;
        });
        self.report(fl!("details-busy-download"));
        task
    }

    fn download_progress(&mut self, done: u64, total: Option<u64>) -> Task<Message> {
        if done > 0 || total.is_some() {
            self.set_details(|d| d.progress = Some((done, total)));
        }
        Task::none()
    }

    fn downloaded(
        &mut self,
        entry: &Shared<CatalogEntry>,
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
                    until: entry
                        .0
                        .availability
                        .until()
                        .and_then(|u| u.format(&time::format_description::well_known::Rfc3339).ok()),
                    revoke_url: entry.0.availability.revoke().map(|u| u.to_string()),
                };
                self.pending_loans.insert(path.clone(), loan);
                self.set_details(|d| d.downloaded = Some(path.clone()));
                self.report(fl!("library-downloaded", title = entry.0.title.clone()));
                super::books::open_book(path)
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
    fn downloaded_copy(&self, entry: &CatalogEntry) -> Option<PathBuf> {
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

    fn set_details(&mut self, change: impl FnOnce(&mut DetailsScreen)) {
        if let Some(Screen::BookDetails(screen)) =
            self.stack.iter_mut().rev().find(|s| matches!(s, Screen::BookDetails(_)))
        {
            change(screen);
        }
    }

    /// Shows and says a problem (as an alert for screen readers).
    fn problem(&mut self, text: String) -> Task<Message> {
        self.report(text);
        Task::none()
    }

    /// The secret store: the system keyring, or this session's memory where there is none.
    fn secrets(&mut self) -> Arc<dyn SecretStore> {
        self.secrets.get_or_insert_with(|| Arc::from(crate::library::credentials::system_store())).clone()
    }
}

/// What the library said after a borrow: on loan until…, on hold at position…, or ready.
fn lending_done(entry: &CatalogEntry) -> String {
    let state = text::availability(&entry.availability);
    fl!("lending-borrow-done", title = entry.title.clone(), state = state)
}

fn account(key: &str) -> Account {
    Account { library: key.to_owned(), user: "patron".to_owned() }
}

/// Credentials as kept in the keyring (one secret holds card number and PIN).
fn encode(credentials: &Credentials) -> Option<String> {
    match credentials {
        Credentials::Basic { username, password } => {
            serde_json::to_string(&serde_json::json!({ "login": username, "password": password })).ok()
        }
        Credentials::Bearer(token) => serde_json::to_string(&serde_json::json!({ "token": token })).ok(),
    }
}

fn decode(secret: &str) -> Option<Credentials> {
    let value: serde_json::Value = serde_json::from_str(secret).ok()?;
    if let Some(token) = value.get("token").and_then(|t| t.as_str()) {
        return Some(Credentials::Bearer(token.to_owned()));
    }
    Some(Credentials::Basic {
        username: value.get("login")?.as_str()?.to_owned(),
        password: value.get("password")?.as_str()?.to_owned(),
    })
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
            self.status = Some(fl!("loans-due-soon", loans = due.join(", ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::{Book, BookFormat, ShelfEntry};
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
