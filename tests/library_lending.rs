//! The library client end to end against the built-in demo library over real HTTP:
//! sign in → search → borrow → download → open → return, holds, renewals, limits and the
//! OPDS 1 side, exactly as the screens and the command line use it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use time::OffsetDateTime;
use time::macros::datetime;
use tomoshibi::demo_library::{Clock, DEMO_CARD, DEMO_PIN, DemoConfig, DemoLibrary, SECOND_CARD, SECOND_PIN};
use tomoshibi::library::client::{ClientConfig, Credentials, FetchError, LibraryClient};
use tomoshibi::library::download::{self, DownloadRequest, RetryPolicy};
use tomoshibi::library::lcp::ProblemKind;
use tomoshibi::library::lending::{self, Borrowed, Operation};
use tomoshibi::library::opensearch::SearchLink;
use tomoshibi::library::{Availability, CatalogDocument, CatalogEntry, CatalogFeed};
use url::Url;

const START: OffsetDateTime = datetime!(2026-11-21 09:00:00 UTC);

struct Env {
    library: DemoLibrary,
    clock: Clock,
    dir: tempfile::TempDir,
    client: LibraryClient,
}

async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(START);
    let config = DemoConfig { clock: clock.clone(), ..DemoConfig::new(dir.path().join("demo.sqlite3")) };
    let library = DemoLibrary::start(config).await.unwrap();
    Env { library, clock, dir, client: LibraryClient::new(&ClientConfig::default()).unwrap() }
}

fn patron() -> Credentials {
    Credentials::Basic { username: DEMO_CARD.into(), password: DEMO_PIN.into() }
}

fn second() -> Credentials {
    Credentials::Basic { username: SECOND_CARD.into(), password: SECOND_PIN.into() }
}

fn feed(document: CatalogDocument) -> CatalogFeed {
    match document {
        CatalogDocument::Feed(feed) => *feed,
        CatalogDocument::Entry(_) => panic!("expected a feed"),
    }
}

impl Env {
    async fn root(&self, credentials: Option<&Credentials>) -> CatalogFeed {
        feed(self.client.fetch_catalog(self.library.url(), credentials).await.unwrap())
    }

    /// Searches the OPDS 2 catalog the way the catalog screen does.
    async fn search(&self, terms: &str, credentials: Option<&Credentials>) -> Vec<CatalogEntry> {
        let root = self.root(credentials).await;
        let Some(SearchLink::Template(template)) = root.search else { panic!("no search template") };
        let url = template.url_for(terms).unwrap();
        feed(self.client.fetch_catalog(&url, credentials).await.unwrap()).all_entries().cloned().collect()
    }

    async fn find(&self, terms: &str, credentials: Option<&Credentials>) -> CatalogEntry {
        let found = self.search(terms, credentials).await;
        assert_eq!(found.len(), 1, "{terms}: {:?}", found.iter().map(|e| &e.title).collect::<Vec<_>>());
        found.into_iter().next().unwrap()
    }

    async fn borrow(&self, entry: &CatalogEntry, credentials: &Credentials) -> CatalogEntry {
        match self.client.borrow(entry, credentials).await.unwrap() {
            Borrowed::Entry(entry) => *entry,
            Borrowed::License(_) => panic!("the demo library lends without LCP"),
        }
    }
}

#[tokio::test]
async fn sign_in_search_borrow_download_open_return() {
    let env = env().await;
    // Anonymous browsing works; the shelf needs signing in and says how.
    let root = env.root(None).await;
    let shelf = root.feed_links.shelf.clone().expect("the root links the shelf");
    match env
        .client
        .shelf(&shelf, &Credentials::Basic { username: DEMO_CARD.into(), password: "0000".into() })
        .await
    {
        Err(FetchError::SignInFailed { authentication: Some(doc), .. }) => {
            assert!(doc.description.as_deref().unwrap_or_default().contains(DEMO_CARD), "{doc:?}");
        }
        other => panic!("wrong PIN must be refused with the authentication document: {other:?}"),
    }
    match env.client.fetch_catalog(&shelf, None).await {
        Err(FetchError::SignInRequired { authentication: Some(_), .. }) => {}
        other => panic!("the shelf must ask for sign-in: {other:?}"),
    }

    let patron = patron();
    let waste_land = env.find("Waste Land", Some(&patron)).await;
    assert!(
        matches!(waste_land.availability, Availability::Loanable { .. }),
        "{:?}",
        waste_land.availability
    );
    assert_eq!(lending::operations(&waste_land), vec![Operation::Borrow]);

    let loaned = env.borrow(&waste_land, &patron).await;
    let Availability::Loaned { until: Some(until), revoke: Some(_), .. } = loaned.availability else {
        panic!("not on loan: {:?}", loaned.availability)
    };
    assert_eq!(until, START + time::Duration::days(14));
    assert_eq!(lending::operations(&loaned), vec![Operation::Download, Operation::Renew, Operation::Return]);

    // The loan is on the shelf.
    let on_shelf = env.client.shelf(&shelf, &patron).await.unwrap();
    assert_eq!(
        on_shelf.all_entries().map(|e| e.title.as_str()).collect::<Vec<_>>(),
        vec![loaned.title.as_str()]
    );

    // Download it and open it as a book.
    let (content, media_type) = lending::content_link(&loaned).unwrap();
    assert_eq!(media_type.unwrap().essence(), "application/epub+zip");
    let request = DownloadRequest {
        url: content.clone(),
        credentials: Some(patron.clone()),
        destination: env.dir.path().join("books/wasteland.epub"),
        partial_dir: env.dir.path().join("downloads"),
    };
    let downloaded =
        download::download(env.client.http(), &request, &RetryPolicy::default(), |_| {}).await.unwrap();
    let book = tomoshibi::book::open(&downloaded.path).unwrap();
    assert_eq!(book.metadata.title, "The Waste Land");

    // Return early: the copy is free again and the file cannot be fetched any more.
    let returned =
        env.client.revoke(&loaned, &patron).await.unwrap().expect("the library answers with the entry");
    assert!(matches!(returned.availability, Availability::Loanable { .. }), "{:?}", returned.availability);
    let again = DownloadRequest { destination: env.dir.path().join("books/again.epub"), ..request };
    let refused = download::download(env.client.http(), &again, &RetryPolicy::default(), |_| {}).await;
    assert!(matches!(refused, Err(download::DownloadError::Forbidden { .. })), "{refused:?}");
    assert!(!again.destination.exists());
}

#[tokio::test]
async fn japanese_search_and_the_hold_queue() {
    let env = env().await;
    let patron = patron();
    // 草枕 is on loan to someone else with two people waiting: a hold makes us third of three.
    let kusamakura = env.find("草枕", Some(&patron)).await;
    assert!(
        matches!(kusamakura.availability, Availability::Holdable { .. }),
        "{:?}",
        kusamakura.availability
    );
    let held = env.borrow(&kusamakura, &patron).await;
    match held.availability {
        Availability::Held { holds: Some(holds), .. } => {
            assert_eq!((holds.position, holds.total), (Some(3), Some(3)));
        }
        ref other => panic!("not held: {other:?}"),
    }
    assert_eq!(
        tomoshibi::library::text::availability(&held.availability),
        "On hold: you are number 3 of 3 in the queue."
    );
    assert_eq!(lending::operations(&held), vec![Operation::CancelHold]);
    let cancelled = env.client.revoke(&held, &patron).await.unwrap().unwrap();
    assert!(matches!(cancelled.availability, Availability::Holdable { .. }), "{:?}", cancelled.availability);
}

#[tokio::test]
async fn a_returned_loan_goes_to_the_next_in_the_queue_and_loans_end_on_time() {
    let env = env().await;
    let (first, next) = (patron(), second());
    let book = env.find("Valentin", Some(&first)).await;
    let loan = env.borrow(&book, &first).await;
    assert!(matches!(loan.availability, Availability::Loaned { .. }));
    // No copy left: the second patron joins the queue.
    let waiting = env.find("Valentin", Some(&next)).await;
    assert!(matches!(waiting.availability, Availability::Holdable { .. }), "{:?}", waiting.availability);
    let held = env.borrow(&waiting, &next).await;
    assert!(matches!(held.availability, Availability::Held { .. }), "{:?}", held.availability);
    assert_eq!(env.client.ready_holds_at(env.library.url(), &next).await.unwrap(), []);
    // The loan ends at its due date, even if nobody returns it.
    env.clock.advance(time::Duration::days(15));
    // What the app checks at start to announce a hold that came in.
    let came_in = env.client.ready_holds_at(env.library.url(), &next).await.unwrap();
    assert_eq!(came_in.len(), 1, "{came_in:?}");
    assert_eq!(came_in[0].title, held.title);
    assert_eq!(came_in[0].until, Some(env.clock.now() + time::Duration::days(3)));
    assert_eq!(env.client.ready_holds_at(env.library.url(), &first).await.unwrap(), []);
    let ready = env.find("Valentin", Some(&next)).await;
    let Availability::Ready { until: Some(until), .. } = ready.availability else {
        panic!("hold not ready: {:?}", ready.availability)
    };
    assert_eq!(until, env.clock.now() + time::Duration::days(3));
    let borrowed = env.borrow(&ready, &next).await;
    assert!(matches!(borrowed.availability, Availability::Loaned { .. }), "{:?}", borrowed.availability);
}

#[tokio::test]
async fn renewing_through_the_status_document_and_the_loan_limit() {
    let env = env().await;
    let patron = patron();
    let book = env.find("Waste Land", Some(&patron)).await;
    let loan = env.borrow(&book, &patron).await;
    let status = lending::status_link(&loan).expect("loans link their License Status Document").clone();
    let renewed = env.client.renew(&status, &patron).await.unwrap();
    assert_eq!(renewed.status, tomoshibi::library::lcp::LicenseState::Active);
    let entry = env.find("Waste Land", Some(&patron)).await;
    assert_eq!(entry.availability.until(), Some(START + time::Duration::days(28)));
    // One renewal only: the second is refused with a reason.
    let refused = env.client.renew(&status, &patron).await.unwrap_err();
    assert!(refused.problem().is_some_and(|p| p.detail.is_some()), "{refused:?}");
    assert!(!tomoshibi::library::text::explain(&refused).is_empty());

    // The loan limit (5): borrow everything else that is free until the library refuses.
    let everything = feed(
        env.client
            .fetch_catalog(
                &env.library.url().join("/opds2/publications.json?sort=title&page=1").unwrap(),
                Some(&patron),
            )
            .await
            .unwrap(),
    );
    let mut refusals = Vec::new();
    let mut pages = vec![everything];
    while let Some(page) = pages.pop() {
        for entry in page.all_entries().filter(|e| matches!(e.availability, Availability::Loanable { .. })) {
            if let Err(error) = env.client.borrow(entry, &patron).await {
                refusals.push(error);
            }
        }
        if let Some(next) = page.pagination.next.clone() {
            pages.push(feed(env.client.fetch_catalog(&next, Some(&patron)).await.unwrap()));
        }
    }
    let limit =
        refusals.iter().find(|e| e.problem().map(|p| p.kind()) == Some(ProblemKind::LoanLimitReached));
    assert!(limit.is_some(), "no loan-limit refusal among {refusals:?}");
    assert!(tomoshibi::library::text::explain(limit.unwrap()).contains("Return one"));
}

#[tokio::test]
async fn the_opds1_side_searches_through_opensearch_and_lends_too() {
    let env = env().await;
    let patron = patron();
    let root_url: Url = env.library.url().join("/opds1/root.xml").unwrap();
    let root = feed(env.client.fetch_catalog(&root_url, Some(&patron)).await.unwrap());
    let link = root.search.expect("the OPDS 1 root offers search");
    assert!(matches!(link, SearchLink::Description(_)), "OPDS 1 search goes through OpenSearch: {link:?}");
    let search = env.client.search_url(&link, "Waste").await.unwrap();
    let results = feed(env.client.fetch_catalog(&search, Some(&patron)).await.unwrap());
    let entry = results.all_entries().next().unwrap().clone();
    assert_eq!(entry.title, "The Waste Land");
    let loaned = env.borrow(&entry, &patron).await;
    assert!(matches!(loaned.availability, Availability::Loaned { .. }), "{:?}", loaned.availability);
    let returned = env.client.revoke(&loaned, &patron).await.unwrap();
    assert!(returned.is_none_or(|e| !matches!(e.availability, Availability::Loaned { .. })));
}

#[tokio::test]
async fn feeds_are_revalidated_and_served_from_the_cache_when_offline() {
    let env = env().await;
    let url = env.library.url().join("/opds2/root.json").unwrap();
    let first = env.client.fetch_catalog_cached(&url, None, None).await.unwrap();
    let fresh = first.fresh.clone().expect("a new copy to keep");
    assert!(fresh.etag.is_some());
    // Unchanged: the library answers 304 and the kept copy is used.
    let second = env.client.fetch_catalog_cached(&url, None, Some(fresh.clone())).await.unwrap();
    assert!(second.fresh.is_none() && !second.offline);
    // The library goes away: the kept copy is shown, marked offline.
    env.library.stop().await;
    let client = LibraryClient::new(&ClientConfig {
        retry: tomoshibi::library::client::Retry {
            attempts: 2,
            first_delay: std::time::Duration::from_millis(10),
        },
        ..ClientConfig::default()
    })
    .unwrap();
    let offline = client.fetch_catalog_cached(&url, None, Some(fresh)).await.unwrap();
    assert!(offline.offline);
    assert!(!feed(offline.document).navigation.is_empty());
    match client.fetch_catalog_cached(&url, None, None).await {
        Err(error) => assert_eq!(
            tomoshibi::library::text::explain(&error),
            "The library cannot be reached. Check the internet connection and try again."
        ),
        Ok(_) => panic!("nothing kept and nothing reachable"),
    }
}

#[tokio::test]
async fn basic_token_sign_in_gets_a_token_and_renews_it_when_it_expires() {
    let env = env().await;
    let auth_url = env.library.url().join("/auth").unwrap();
    let document = env.client.fetch_authentication(&auth_url).await.unwrap();
    let endpoint = tomoshibi::library::token::token_endpoint(&document, &auth_url).expect("basic-token flow");
    let grant = std::sync::Arc::new(tomoshibi::library::token::TokenGrant::new(
        DEMO_CARD.into(),
        DEMO_PIN.into(),
        endpoint.clone(),
    ));
    let credentials = Credentials::BasicToken(grant.clone());
    let shelf = env.root(Some(&credentials)).await.feed_links.shelf.unwrap();

    // The first request exchanges card and PIN for a token; later ones send only the token.
    assert_eq!(env.client.shelf(&shelf, &credentials).await.unwrap().entries.len(), 0);
    let first = grant.current().expect("a token after the first request");
    assert!(!first.contains(DEMO_PIN));
    let entry = env.find("Waste Land", Some(&credentials)).await;
    env.borrow(&entry, &credentials).await;
    assert_eq!(grant.current().as_deref(), Some(first.as_str()));

    // An hour later the library refuses that token: the client gets a new one unasked.
    env.clock.advance(time::Duration::minutes(61));
    assert_eq!(env.client.shelf(&shelf, &credentials).await.unwrap().entries.len(), 1);
    let second_token = grant.current().unwrap();
    assert_ne!(second_token, first);

    // A wrong PIN is a failed sign-in, never a token.
    let wrong = tomoshibi::library::token::TokenGrant::new(DEMO_CARD.into(), "0000".into(), endpoint);
    let wrong = Credentials::BasicToken(std::sync::Arc::new(wrong));
    assert!(matches!(env.client.shelf(&shelf, &wrong).await, Err(FetchError::SignInFailed { .. })));

    // The credentials the sign-in screen builds from this document use the flow it lists first.
    match Credentials::for_library(DEMO_CARD.into(), DEMO_PIN.into(), Some((&document, &auth_url))) {
        Credentials::Basic { .. } => {}
        other => panic!("the demo lists Basic first: {other:?}"),
    }
}

/// The client asks in the patron's language: the demo library answers in Japanese to a
/// Japanese interface (titles of its feeds), in English otherwise.
#[tokio::test]
async fn the_library_is_asked_in_the_patron_s_language() {
    let env = env().await;
    let english = env.root(None).await;
    assert_eq!(english.title, "Tomoshibi demo library");
    let config = ClientConfig {
        accept_language: Some(tomoshibi::i18n::Language::EasyJapanese.accept_language().to_owned()),
        ..ClientConfig::default()
    };
    let japanese = LibraryClient::new(&config).unwrap();
    let root = feed(japanese.fetch_catalog(env.library.url(), None).await.unwrap());
    assert_eq!(root.title, "ともしび デモ図書館");
}
