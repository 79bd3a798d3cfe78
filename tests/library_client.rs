//! The HTTP client against a real server on 127.0.0.1 (std `TcpListener`, started inside each
//! test, answering a bounded number of connections with fixtures from tests/fixtures/opds).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use tomoshibi::library::auth_document::FlowKind;
use tomoshibi::library::client::{ClientConfig, Credentials, FetchError, LibraryClient};
use tomoshibi::library::lcp::ProblemKind;
use tomoshibi::library::{CatalogDocument, CatalogFeed, Error};
use url::Url;

/// `card:1234` in Base64.
const GOOD_BASIC: &str = "Basic Y2FyZDoxMjM0";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/opds/{path}")).unwrap()
}

struct Reply {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// Bytes of the body actually sent before closing (to cut a transfer short).
    send: Option<usize>,
    delay: Duration,
}

fn reply(status: &'static str, content_type: &str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type", content_type.to_owned())],
        body,
        send: None,
        delay: Duration::ZERO,
    }
}

fn route(path: &str, authorization: Option<&str>) -> Reply {
    match path {
        "/feed.xml" => reply(
            "200 OK",
            "application/atom+xml;profile=opds-catalog;kind=acquisition",
            fixture("opds1-palace-android-core/client-next-0.xml"),
        ),
        "/old-feed" => Reply {
            headers: vec![("Location", "/feed.xml".to_owned())],
            ..reply("302 Found", "text/plain", Vec::new())
        },
        "/catalog.json" => reply("200 OK", "application/json", fixture("opds2-palace-android-opds2/aldiko_home.json")),
        "/entry" => reply("200 OK", "application/atom+xml", fixture("opds1-palace-android-core/entry-with-drm.xml")),
        "/loans/" => match authorization {
            Some(GOOD_BASIC) => reply("200 OK", "application/atom+xml", fixture("opds1-palace-android-core/loans.xml")),
            Some(_) => reply(
                "401 Unauthorized",
                "application/problem+json",
                br#"{"type": "http://librarysimplified.org/terms/problem/credentials-invalid", "title": "Invalid credentials", "status": 401}"#.to_vec(),
            ),
            None => reply(
                "401 Unauthorized",
                "application/vnd.opds.authentication.v1.0+json",
                fixture("auth-palace-android-core/nypl-20190603.json"),
            ),
        },
        "/error" => reply(
            "500 Internal Server Error",
            "application/problem+json",
            br#"{"type": "http://librarysimplified.org/terms/problem/loan-limit-reached", "title": "Loan limit reached", "status": 500, "detail": "You have 10 loans."}"#.to_vec(),
        ),
        "/gzip" => {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder
                .write_all(&fixture("opds2-misc/w3c-epub-tests-opds.json"))
                .unwrap();
            let mut gzip = reply("200 OK", "application/opds+json", encoder.finish().unwrap());
            gzip.headers.push(("Content-Encoding", "gzip".to_owned()));
            gzip
        }
        "/broken" => reply("200 OK", "application/atom+xml", fixture("opds1-palace-android-core/bad-not-xml.xml")),
        "/slow" => Reply {
            delay: Duration::from_secs(3),
            ..reply("200 OK", "application/atom+xml", Vec::new())
        },
        "/big" => reply("200 OK", "application/atom+xml", vec![b' '; 64 * 1024]),
        "/cut" => Reply {
            send: Some(100),
            ..reply("200 OK", "application/atom+xml", fixture("opds1-palace-android-core/loans.xml"))
        },
        _ => reply("404 Not Found", "text/plain", b"not found".to_vec()),
    }
}

fn answer(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut authorization = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("authorization")
        {
            authorization = Some(value.trim().to_owned());
        }
    }
    let reply = route(&path, authorization.as_deref());
    std::thread::sleep(reply.delay);
    let mut head =
        format!("HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, reply.body.len());
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let sent = reply.send.unwrap_or(reply.body.len()).min(reply.body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&reply.body[..sent]);
    let _ = stream.flush();
}

/// Starts a server on 127.0.0.1 that answers at most `connections` connections, then stops.
fn serve(connections: usize) -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections).flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    Url::parse(&format!("http://{address}/")).unwrap()
}

fn client(timeout: Duration, max_body_bytes: u64) -> LibraryClient {
    LibraryClient::new(&ClientConfig {
        timeout,
        connect_timeout: Duration::from_secs(2),
        max_body_bytes,
        // One request per call: these servers answer a fixed number of connections.
        retry: tomoshibi::library::client::Retry { attempts: 1, first_delay: Duration::from_millis(1) },
        ..ClientConfig::default()
    })
    .unwrap()
}

fn feed(document: CatalogDocument) -> CatalogFeed {
    match document {
        CatalogDocument::Feed(feed) => *feed,
        CatalogDocument::Entry(entry) => panic!("expected a feed, got entry {}", entry.entry.id),
    }
}

#[tokio::test]
async fn fetches_opds1_and_resolves_links_against_the_final_url() {
    let base = serve(2);
    let client = client(Duration::from_secs(5), 1 << 20);
    let feed = feed(client.fetch_catalog(&base.join("old-feed").unwrap(), None).await.unwrap());
    assert_eq!(feed.title, "Next 0");
    assert_eq!(feed.entries.len(), 3);
    assert_eq!(feed.pagination.next, Some(base.join("next-1.xml").unwrap()));
    assert_eq!(feed.entries[0].cover, Some(base.join("strawberries.png").unwrap()));
}

#[tokio::test]
async fn sniffs_opds2_and_entry_documents() {
    let base = serve(2);
    let client = client(Duration::from_secs(5), 1 << 20);
    let home = feed(client.fetch_catalog(&base.join("catalog.json").unwrap(), None).await.unwrap());
    assert_eq!(home.navigation.len(), 7);
    let entry = client.fetch_catalog(&base.join("entry").unwrap(), None).await.unwrap();
    assert!(matches!(entry, CatalogDocument::Entry(e) if e.entry.title == "Hot, Sour, Salty, Sweet"));
}

#[tokio::test]
async fn decompresses_gzip_bodies() {
    let base = serve(1);
    let client = client(Duration::from_secs(5), 1 << 20);
    let feed = feed(client.fetch_catalog(&base.join("gzip").unwrap(), None).await.unwrap());
    assert_eq!(feed.title, "W3C EPUB 3.4 Test Suite");
    assert_eq!(feed.entries.len(), 199);
}

#[tokio::test]
async fn sign_in_flow() {
    let base = serve(3);
    let client = client(Duration::from_secs(5), 1 << 20);
    let loans = base.join("loans/").unwrap();

    let Err(FetchError::SignInRequired { authentication: Some(document), .. }) =
        client.fetch_catalog(&loans, None).await
    else {
        panic!("expected a sign-in request");
    };
    assert_eq!(document.title, "The New York Public Library");
    assert_eq!(document.first_supported().map(|f| f.kind), Some(FlowKind::Basic));

    let wrong = Credentials::Basic { username: "card".to_owned(), password: "0000".to_owned() };
    let Err(FetchError::SignInFailed { problem: Some(problem), .. }) =
        client.fetch_catalog(&loans, Some(&wrong)).await
    else {
        panic!("expected a refusal");
    };
    assert_eq!(problem.kind(), ProblemKind::CredentialsInvalid);

    let right = Credentials::Basic { username: "card".to_owned(), password: "1234".to_owned() };
    let shelf = feed(client.fetch_catalog(&loans, Some(&right)).await.unwrap());
    assert_eq!(shelf.title, "Active loans and holds");
    assert_eq!(shelf.entries.len(), 2);
    assert_eq!(format!("{right:?}"), "Credentials::Basic(<redacted>)");
}

#[tokio::test]
async fn server_errors_carry_their_problem_detail() {
    let base = serve(3);
    let client = client(Duration::from_secs(5), 1 << 20);
    let Err(FetchError::Server { status: 500, problem: Some(problem), .. }) =
        client.fetch_catalog(&base.join("error").unwrap(), None).await
    else {
        panic!("expected a server error");
    };
    assert_eq!(problem.kind(), ProblemKind::LoanLimitReached);
    assert_eq!(problem.detail.as_deref(), Some("You have 10 loans."));

    let missing = client.fetch_catalog(&base.join("nothing").unwrap(), None).await;
    assert!(matches!(missing, Err(FetchError::Server { status: 404, problem: None, .. })), "{missing:?}");

    let broken = client.fetch_catalog(&base.join("broken").unwrap(), None).await;
    assert!(
        matches!(&broken, Err(FetchError::Document { source, .. }) if matches!(**source, Error::NotXml { .. })),
        "{broken:?}"
    );
}

#[tokio::test]
async fn offline_timeout_too_large_and_interrupted() {
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        Url::parse(&format!("http://{}/feed.xml", listener.local_addr().unwrap())).unwrap()
    };
    let offline = client(Duration::from_secs(5), 1 << 20).fetch_catalog(&closed, None).await;
    assert!(matches!(offline, Err(FetchError::Offline { .. })), "{offline:?}");

    let base = serve(3);
    let impatient = client(Duration::from_millis(300), 1024);
    let slow = impatient.fetch_catalog(&base.join("slow").unwrap(), None).await;
    assert!(matches!(slow, Err(FetchError::Timeout { .. })), "{slow:?}");

    let big = impatient.fetch_catalog(&base.join("big").unwrap(), None).await;
    assert!(matches!(big, Err(FetchError::TooLarge { limit: 1024, .. })), "{big:?}");

    let cut = client(Duration::from_secs(5), 1 << 20).fetch_catalog(&base.join("cut").unwrap(), None).await;
    assert!(matches!(cut, Err(FetchError::Interrupted { .. })), "{cut:?}");
}
