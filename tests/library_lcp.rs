//! Readium LCP (basic profile) end to end against the built-in demo library over real HTTP:
//! sign in → borrow the protected magazine → licence → download → licence stored in the book
//! → open with SHA-256(PIN) → the same text as the unprotected file. Wrong passphrases,
//! production-profile licences and shelf opens without a key are typed errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::io::Read;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::macros::datetime;
use tomoshibi::book::lcp::{LICENSE_PATH, LcpError, user_key_from_passphrase};
use tomoshibi::book::{self, BookError};
use tomoshibi::demo_library::{Clock, DEMO_CARD, DEMO_PIN, DemoConfig, DemoLibrary};
use tomoshibi::library::client::{ClientConfig, Credentials, LibraryClient};
use tomoshibi::library::download::{DownloadRequest, RetryPolicy};
use tomoshibi::library::lcp::LcpLicense;
use tomoshibi::library::lcp_download::download_licensed;
use tomoshibi::library::lending::{self, Borrowed};
use tomoshibi::library::{CatalogDocument, CatalogEntry};

const START: OffsetDateTime = datetime!(2026-11-21 09:00:00 UTC);
const PLAIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-library/books/toshokan-dayori-2.epub");

struct Env {
    library: DemoLibrary,
    dir: tempfile::TempDir,
    client: LibraryClient,
}

async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let config =
        DemoConfig { clock: Clock::manual(START), ..DemoConfig::new(dir.path().join("demo.sqlite3")) };
    let library = DemoLibrary::start(config).await.unwrap();
    Env { library, dir, client: LibraryClient::new(&ClientConfig::default()).unwrap() }
}

fn patron() -> Credentials {
    Credentials::Basic { username: DEMO_CARD.into(), password: DEMO_PIN.into() }
}

impl Env {
    async fn entry(&self, id: &str) -> CatalogEntry {
        let url = self.library.url().join(&format!("opds2/publications/{id}.json")).unwrap();
        match self.client.fetch_catalog(&url, Some(&patron())).await.unwrap() {
            CatalogDocument::Entry(document) => document.entry,
            CatalogDocument::Feed(_) => panic!("expected an entry"),
        }
    }

    async fn borrow_license(&self) -> LcpLicense {
        let entry = self.entry("toshokan-dayori-2").await;
        match self.client.borrow(&entry, &patron()).await.unwrap() {
            Borrowed::License(license) => *license,
            Borrowed::Entry(entry) => panic!("expected an LCP licence, got {:?}", entry.availability),
        }
    }

    async fn download(&self, license: &LcpLicense, name: &str) -> PathBuf {
        let request = DownloadRequest {
            url: license.publication.clone().unwrap(),
            credentials: Some(patron()),
            destination: self.dir.path().join("books").join(name),
            partial_dir: self.dir.path().join("downloads"),
        };
        download_licensed(self.client.http(), license, &request, &RetryPolicy::default(), |_| {})
            .await
            .unwrap()
            .path
    }
}

fn zip_entry(path: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut bytes = Vec::new();
    archive.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

#[tokio::test]
async fn borrow_download_and_open_with_the_pin() {
    let env = env().await;
    let license = env.borrow_license().await;
    assert!(license.is_basic_profile());
    assert_eq!(license.rights.end, Some(START + time::Duration::days(14)), "the loan end");
    assert!(license.status.as_ref().is_some_and(|s| s.path().ends_with("/loans/toshokan-dayori-2/status")));
    assert_eq!(license.text_hint.as_deref(), Some("Your library PIN"));

    // The loan's acquisition link is the licence too.
    let loaned = env.entry("toshokan-dayori-2").await;
    let (link, media_type) = lending::content_link(&loaned).unwrap();
    assert!(media_type.unwrap().is_lcp_license());
    let again = env.client.fetch_license(&link, &patron()).await.unwrap();
    assert_eq!(again.id, license.id);

    let path = env.download(&license, "dayori.epub").await;
    assert_eq!(zip_entry(&path, LICENSE_PATH), license.raw, "the licence is stored as received");
    assert!(!env.dir.path().join("downloads/dayori.epub.unlicensed").exists());

    // From the shelf, without a key: the passphrase is asked, with the library's hint.
    match book::open(&path) {
        Err(BookError::PassphraseRequired { prompt }) => {
            assert_eq!(prompt.text_hint.as_deref(), Some("Your library PIN"));
            assert_eq!(prompt.license_id, license.id);
        }
        other => panic!("expected PassphraseRequired, got {:?}", other.map(|p| p.metadata.title)),
    }
    // Wrong passphrase: typed.
    let wrong = book::open_with_keys(&path, &[user_key_from_passphrase("0000")]);
    assert!(matches!(wrong, Err(BookError::WrongPassphrase { .. })), "{:?}", wrong.map(|_| ()));

    // SHA-256 of the PIN opens it (also after a key that does not fit), with the same text.
    let keys = [user_key_from_passphrase("0000"), user_key_from_passphrase(DEMO_PIN)];
    let protected = book::open_with_keys(&path, &keys).unwrap();
    let plain = book::open(Path::new(PLAIN)).unwrap();
    assert_eq!(protected.metadata.title, plain.metadata.title);
    assert!(!plain.documents.is_empty());
    assert_eq!(protected.documents, plain.documents);
    assert!(protected.warnings.is_empty(), "{:?}", protected.warnings);
}

#[tokio::test]
async fn production_profile_licence_is_protected() {
    let env = env().await;
    let mut license = env.borrow_license().await;
    let text = String::from_utf8(license.raw.clone()).unwrap();
    license.raw = text
        .replace("http://readium.org/lcp/basic-profile", "http://readium.org/lcp/profile-1.0")
        .into_bytes();
    let path = env.download(&license, "production.epub").await;
    for keys in [vec![], vec![user_key_from_passphrase(DEMO_PIN)]] {
        match book::open_with_keys(&path, &keys) {
            Err(error @ BookError::Protected { .. }) => {
                assert!(error.is_protected());
            }
            other => panic!("expected Protected, got {:?}", other.map(|_| ())),
        }
    }
    // A licence that is not JSON is a typed LCP error, not a crash.
    license.raw = b"not a licence".to_vec();
    let path = env.download(&license, "broken.epub").await;
    assert!(matches!(book::open(&path), Err(BookError::Lcp(LcpError::MalformedLicense { .. }))));
}

#[tokio::test]
async fn the_other_books_are_still_lent_without_lcp() {
    let env = env().await;
    let entry = env.entry("wasteland").await;
    assert!(matches!(env.client.borrow(&entry, &patron()).await.unwrap(), Borrowed::Entry(_)));
}

/// Regression: the OPDS 1 side of the demo library gave the encrypted file without its
/// licence, so the book could only be opened as "protected". Its loan now links the licence.
#[tokio::test]
async fn the_opds1_loan_of_the_protected_book_links_its_licence() {
    let env = env().await;
    let url = env.library.url().join("opds1/publications/toshokan-dayori-2.xml").unwrap();
    let entry = match env.client.fetch_catalog(&url, Some(&patron())).await.unwrap() {
        CatalogDocument::Entry(document) => document.entry,
        CatalogDocument::Feed(feed) => feed.entries.into_iter().next().expect("the entry"),
    };
    let loaned = match env.client.borrow(&entry, &patron()).await.unwrap() {
        Borrowed::Entry(entry) => *entry,
        Borrowed::License(license) => panic!("OPDS 1 answers with the entry, got licence {}", license.id),
    };
    let (link, media_type) = lending::content_link(&loaned).unwrap();
    assert!(media_type.unwrap().is_lcp_license(), "{link}");
    let license = env.client.fetch_license(&link, &patron()).await.unwrap();
    let path = env.download(&license, "dayori-opds1.epub").await;
    let opened = book::open_with_keys(&path, &[user_key_from_passphrase(DEMO_PIN)]).unwrap();
    assert_eq!(opened.metadata.title, book::open(Path::new(PLAIN)).unwrap().metadata.title);
}
