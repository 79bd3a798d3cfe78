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
use crate::library::credentials::{self, Account, SecretStore};
use crate::library::download::DownloadError;
use crate::library::lcp::LcpLicense;
use crate::library::lending::Operation;
use crate::library::{CatalogDocument, CatalogEntry, CatalogFeed, text};
use crate::store::db::{CachedFeed, UnixTime};
use crate::ui::screen::book_details::DetailsScreen;
use crate::ui::screen::catalog::{CatalogScreen, State};
use crate::ui::screen::loans::LoansScreen;
use crate::ui::screen::sign_in::SignInScreen;
use crate::ui::screen::{LibraryRequest, Screen, Shared};

/// How long the first sign-in waits for the library's authentication document before the
/// form is shown without it (it is then fetched again, and the form updated when it comes).
const AUTHENTICATION_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

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
    /// The keyring was found and asked for kept credentials (`None`: the lookup failed);
    /// with it, the authentication document when it was fetched alongside (`None`: it was
    /// known already, or did not come in time and is fetched again with the form shown).
    CredentialsFound(Option<KeyringAnswer>, Option<Result<Shared<AuthenticationDocument>, FetchError>>),
    /// A sign-in attempt was checked with the library.
    SignedIn(Credentials, bool, Result<(), FetchError>),
    /// The browser sign-in on the library's web page ended.
    BrowserSignedIn(Result<crate::library::oauth::AccessToken, crate::library::oauth::OAuthError>),
    /// The search address was made from the library's OpenSearch description.
    SearchReady(Result<Url, FetchError>),
    /// The patron's shelf arrived.
    ShelfLoaded(Result<Shared<CatalogAnswer>, FetchError>),
    /// A lending request finished: the publication in its new state, if the library said.
    Lent(Operation, Shared<CatalogEntry>, Result<Option<Shared<CatalogEntry>>, FetchError>),
    /// A publication was read again (after a renewal); `None` when that failed.
    EntryRefreshed(Option<Shared<CatalogEntry>>),
    /// A library said which of the patron's holds are ready to borrow.
    HoldsChecked(Vec<crate::library::lending::ReadyHold>),
    /// Part of a download arrived.
    Progress(u64, Option<u64>),
    /// A Readium LCP licence arrived (from a borrow, or the loan's acquisition link): its
    /// publication is downloaded next.
    Licensed(Shared<CatalogEntry>, Result<Shared<LcpLicense>, FetchError>),
    /// A download finished; the loan end the licence gave, if it was an LCP loan.
    Downloaded(Shared<CatalogEntry>, Option<time::OffsetDateTime>, Result<PathBuf, DownloadError>),
}

/// Where PINs are kept on this computer, and what it held for the library.
#[derive(Clone)]
pub struct KeyringAnswer {
    store: Arc<dyn SecretStore>,
    credentials: Option<Credentials>,
}

impl std::fmt::Debug for KeyringAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringAnswer")
            .field("persistent", &self.store.is_persistent())
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// The library being used.
pub(super) struct Session {
    pub(super) client: LibraryClient,
    /// Its catalog start page.
    pub(super) start: Url,
    /// Its name.
    pub(super) title: String,
    /// The keyring name of the library.
    pub(super) key: String,
    pub(super) auth: Option<Shared<AuthenticationDocument>>,
    pub(super) credentials: Option<Credentials>,
    pub(super) shelf: Option<Url>,
    /// What to do once signed in.
    pub(super) pending: Option<LibraryRequest>,
    /// Whether the keyring was already asked this session.
    pub(super) keyring_asked: bool,
    /// The download under way (dropping the handle cancels it) and what it fetches.
    pub(super) download: Option<(iced::task::Handle, crate::library::download::DownloadRequest)>,
    /// The browser sign-in under way (dropping the handle stops it).
    pub(super) browser: Option<iced::task::Handle>,
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
            LibraryRequest::SignInWithBrowser => self.sign_in_with_browser(),
            LibraryRequest::CancelBrowserSignIn => self.cancel_browser_sign_in(),
            LibraryRequest::SignOut => self.sign_out(),
            LibraryRequest::Lend(operation, entry) => self.lend(operation, entry),
            LibraryRequest::CancelDownload => self.cancel_download(),
        }
    }

    /// Handles a background result.
    pub(super) fn library_event(&mut self, event: Event) -> Task<Message> {
        match event {
            Event::DemoStarted(result) => self.demo_started(result),
            Event::PageLoaded(url, result) => self.page_loaded(&url, result),
            Event::AuthLoaded(result) => self.auth_loaded(result),
            Event::CredentialsFound(credentials, auth) => {
                if self.status.as_deref() == Some(fl!("sign-in-preparing").as_str()) {
                    self.status = None;
                }
                // The library answered without a document: not asked again for this form.
                let ask_for_auth = !matches!(auth, Some(Err(_)));
                if let Some(auth) = auth {
                    // No sign-in screen is open yet: nothing to update or start.
                    let _ = self.auth_loaded(auth);
                }
                self.credentials_found(credentials, ask_for_auth)
            }
            Event::SignedIn(credentials, remember, result) => self.signed_in(credentials, remember, result),
            Event::BrowserSignedIn(result) => self.browser_signed_in(result),
            Event::SearchReady(result) => self.search_ready(result),
            Event::ShelfLoaded(result) => self.shelf_loaded(result),
            Event::HoldsChecked(holds) => self.announce_ready_holds(holds),
            Event::Lent(operation, entry, result) => self.lent(operation, &entry, result),
            Event::EntryRefreshed(entry) => {
                if let Some(entry) = entry {
                    self.set_details(|d| d.entry = entry);
                }
                Task::none()
            }
            Event::Progress(done, total) => self.download_progress(done, total),
            Event::Licensed(entry, result) => self.licensed(entry, result),
            Event::Downloaded(entry, until, result) => self.downloaded(&entry, until, result),
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
                self.alert(text);
                Task::none()
            }
        }
    }

    fn open_library(&mut self, start: Url, title: String, key: String) -> Task<Message> {
        if self.session.as_ref().is_none_or(|s| s.start != start) {
            let client = match LibraryClient::new(&client_config(self.settings.language)) {
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
                browser: None,
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
            self.clear_status();
            self.focus = Some(0);
            self.announce_screen_text();
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
        let Some(session) = &self.session else { return Task::none() };
        let client = session.client.clone();
        let (link, terms) = (link.clone(), terms.to_owned());
        Task::perform(async move { client.search_url(&link, &terms).await }, |result| {
            Message::Library(Event::SearchReady(result))
        })
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

    /// Fetches the shelf again for a loans screen below the current one (after a borrow or
    /// a return), so it is right when the patron goes back to it.
    pub(super) fn refresh_loans_below(&mut self) -> Task<Message> {
        let below = self.stack.iter().rev().skip(1).any(|s| matches!(s, Screen::Loans(_)));
        let Some(session) = self.session.as_ref().filter(|_| below) else { return Task::none() };
        let (client, credentials) = (session.client.clone(), session.credentials.clone());
        let shelf =
            session.shelf.clone().or_else(|| session.auth.as_ref().and_then(|a| a.0.links.shelf.clone()));
        let (Some(shelf), Some(credentials)) = (shelf, credentials) else { return Task::none() };
        Task::perform(
            async move {
                let answer = client.fetch_catalog(&shelf, Some(&credentials)).await;
                answer
                    .map(|document| Shared(Arc::new(CatalogAnswer { document, fresh: None, offline: false })))
            },
            |result| Message::Library(Event::ShelfLoaded(result)),
        )
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
        let ready = crate::library::lending::ready_holds(&entries);
        let _ = self.announce_ready_holds(ready);
        let Some(Screen::Loans(screen)) = self.stack.iter_mut().rev().find(|s| matches!(s, Screen::Loans(_)))
        else {
            return Task::none();
        };
        screen.show(entries, answer.0.offline);
        if matches!(self.stack.last(), Some(Screen::Loans(_))) {
            self.focus = Some(0);
            self.announce_screen_text();
            self.say_screen();
            return self.scroll_to_focus();
        }
        Task::none()
    }

    /// Makes sure the patron is signed in, then does `pending`: credentials from the
    /// keyring when kept there, else the sign-in form.
    pub(super) fn sign_in(&mut self, pending: Option<LibraryRequest>) -> Task<Message> {
        let known = self.secrets.clone();
        let Some(session) = &mut self.session else { return Task::none() };
        session.pending = pending;
        if !session.keyring_asked {
            session.keyring_asked = true;
            let account = Account::patron(&session.key);
            // The form's labels and hints come from the library's authentication document:
            // fetched alongside, so that the form is shown once, as the library describes it
            // (changed under a screen reader's focus, its words would be said twice).
            let auth = session.auth.is_none().then(|| fetch_authentication(&session.client, &session.start));
            // Shown, not said: a screen reader hears the form (or the result) a moment later.
            self.status = Some(fl!("sign-in-preparing"));
            // Finding the keyring may take up to a second: never on the interface's thread.
            return Task::perform(
                async move {
                    let keyring = tokio::task::spawn_blocking(move || {
                        let store =
                            known.unwrap_or_else(|| Arc::from(crate::library::credentials::system_store()));
                        let credentials = store
                            .load(&account)
                            .ok()
                            .flatten()
                            .and_then(|secret| credentials::decode(&secret));
                        KeyringAnswer { store, credentials }
                    });
                    let auth = async move {
                        let fetch = auth?;
                        tokio::time::timeout(AUTHENTICATION_WAIT, fetch).await.ok()
                    };
                    let (keyring, auth) = tokio::join!(keyring, auth);
                    (keyring.ok(), auth)
                },
                |(answer, auth)| Message::Library(Event::CredentialsFound(answer, auth)),
            );
        }
        self.show_sign_in(true)
    }

    /// The keyring answered: signs in with what it kept, else shows the form (asking for the
    /// authentication document when it is not known and `ask_for_auth`).
    fn credentials_found(&mut self, answer: Option<KeyringAnswer>, ask_for_auth: bool) -> Task<Message> {
        let credentials = answer.and_then(|answer| {
            self.secrets = Some(answer.store);
            answer.credentials
        });
        match credentials {
            Some(credentials) => self.signed_in(credentials, false, Ok(())),
            None => self.show_sign_in(ask_for_auth),
        }
    }

    fn show_sign_in(&mut self, ask_for_auth: bool) -> Task<Message> {
        let can_remember = self.secrets().is_persistent();
        let Some(session) = &self.session else { return Task::none() };
        // Not known yet (it did not come in time before): the form is updated when it comes.
        let fetch = (ask_for_auth && session.auth.is_none())
            .then(|| fetch_authentication(&session.client, &session.start));
        let screen = SignInScreen::new(session.title.clone(), session.auth.clone(), can_remember);
        let prefers_web = screen.prefers_web();
        let model = self.model();
        self.sign_in_from = self.focus.and_then(|i| model.controls.get(i)).map(|c| c.id);
        let show = self.show(Screen::SignIn(Box::new(screen)));
        match fetch {
            Some(fetch) => Task::batch([
                show,
                Task::perform(fetch, |result| Message::Library(Event::AuthLoaded(result))),
            ]),
            // A library that signs in only on its web page: open it at once.
            None if prefers_web => Task::batch([show, self.sign_in_with_browser()]),
            None => show,
        }
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
            if screen.prefers_web() && !screen.waiting {
                return self.sign_in_with_browser();
            }
        }
        Task::none()
    }

    fn submit(&mut self, login: String, password: String, remember: bool) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let document = session.auth.as_ref().map(|document| (&*document.0, &session.start));
        let credentials = Credentials::for_library(login, password, document);
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

    pub(super) fn signed_in(
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
        if remember && let Some(secret) = credentials::encode(&credentials) {
            let account = Account::patron(&session.key);
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
            // Back on the control that asked for signing in ("Sign in", now "Sign out";
            // "Borrow"), not on whatever sat at the form's focus index.
            let model = self.model();
            self.focus = self.sign_in_from.take().and_then(|id| model.index_of(id)).or(Some(0));
        }
        for screen in &mut self.stack {
            if let Screen::Catalog(catalog) = screen {
                catalog.signed_in = true;
            }
        }
        self.report(fl!("sign-in-done"));
        let holds = self.check_session_holds();
        let next = match pending {
            // A page that needed signing in is already on screen: fetch it again.
            Some(LibraryRequest::Browse(url)) if self.catalog_screen(&url).is_some() => self.fetch_page(url),
            Some(request) => self.library_request(request),
            None => Task::none(),
        };
        Task::batch([next, holds])
    }

    fn sign_out(&mut self) -> Task<Message> {
        let store = self.secrets();
        let Some(session) = &mut self.session else { return Task::none() };
        session.credentials = None;
        let account = Account::patron(&session.key);
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

    /// Shows and says a problem (as an alert for screen readers).
    pub(super) fn problem(&mut self, text: String) -> Task<Message> {
        self.alert(text);
        // A screen that failed to load has its controls now (Back, Try again…).
        if self.focus.is_none() {
            self.focus = Some(0);
        }
        // The problem's text moves the form's fields down, and iced's typing focus can land
        // on another field than ours (typing the PIN again went into the card number): give
        // it back to the focused field.
        self.scroll_to_focus()
    }

    /// The secret store: the system keyring, or this session's memory where there is none.
    /// Found in the background when sign-in starts; looked for here only if that failed.
    fn secrets(&mut self) -> Arc<dyn SecretStore> {
        self.secrets.get_or_insert_with(|| Arc::from(crate::library::credentials::system_store())).clone()
    }
}

/// How the app's library client behaves: the defaults, asking for catalogs in the patron's
/// language.
pub(super) fn client_config(language: crate::i18n::Language) -> ClientConfig {
    ClientConfig { accept_language: Some(language.accept_language().to_owned()), ..ClientConfig::default() }
}

/// Fetches the library's authentication document (the form's labels and input hints, and the
/// ways to sign in).
fn fetch_authentication(
    client: &LibraryClient,
    start: &Url,
) -> impl std::future::Future<Output = Result<Shared<AuthenticationDocument>, FetchError>> + use<> {
    let (client, url) = (client.clone(), start.join("/auth").unwrap_or_else(|_| start.clone()));
    async move { client.fetch_authentication(&url).await.map(|d| Shared(Arc::new(d))) }
}
