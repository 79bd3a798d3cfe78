//! Integration tests of the demo library over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::time::Duration as StdDuration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use tomoshibi::demo_library::{Clock, DEMO_CARD, DEMO_PIN, DemoConfig, DemoLibrary, SECOND_CARD, SECOND_PIN};

const START: OffsetDateTime = datetime!(2025-11-21 09:00:00 UTC);
const DEMO: Option<(&str, &str)> = Some((DEMO_CARD, DEMO_PIN));
const SECOND: Option<(&str, &str)> = Some((SECOND_CARD, SECOND_PIN));

struct Env {
    lib: DemoLibrary,
    clock: Clock,
    dir: tempfile::TempDir,
    client: reqwest::Client,
}

fn config(dir: &tempfile::TempDir, clock: &Clock) -> DemoConfig {
    DemoConfig { clock: clock.clone(), ..DemoConfig::new(dir.path().join("state.sqlite3")) }
}

async fn env_with(change: impl FnOnce(&mut DemoConfig)) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(START);
    let mut config = config(&dir, &clock);
    change(&mut config);
    let lib = DemoLibrary::start(config).await.unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(StdDuration::from_secs(20))
        .build()
        .unwrap();
    Env { lib, clock, dir, client }
}

async fn env() -> Env {
    env_with(|_| {}).await
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|value| value.to_str().unwrap()).unwrap_or("")
    }
}

impl Env {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.lib.url().as_str().trim_end_matches('/'), path)
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        auth: Option<(&str, &str)>,
        headers: &[(&'static str, &str)],
    ) -> Answer {
        let mut request = self.client.request(method, self.url(path));
        if let Some((card, pin)) = auth {
            request = request.basic_auth(card, Some(pin));
        }
        for (name, value) in headers {
            request = request.header(*name, HeaderValue::from_str(value).unwrap());
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.unwrap().to_vec();
        Answer { status, headers, body }
    }

    async fn get(&self, path: &str, auth: Option<(&str, &str)>) -> Answer {
        self.send(reqwest::Method::GET, path, auth, &[]).await
    }
}

fn link<'a>(doc: &'a Value, rel: &str) -> Option<&'a Value> {
    doc["links"].as_array().unwrap().iter().find(|link| link["rel"] == rel)
}

fn borrow_props(publication: &Value) -> &Value {
    &link(publication, "http://opds-spec.org/acquisition/borrow").expect("borrow link")["properties"]
}

fn titles(feed: &Value) -> Vec<String> {
    feed["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|publication| publication["metadata"]["title"].as_str().unwrap().to_owned())
        .collect()
}

fn rfc(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap()
}

fn assert_well_formed_xml(text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0i32;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(_) => depth += 1,
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
}

#[tokio::test]
async fn root_feeds_link_correctly() {
    let env = env().await;
    let index = env.get("/", None).await;
    assert_eq!(index.status, StatusCode::FOUND);
    assert_eq!(index.header("location"), env.url("/opds2/root.json"));

    let root = env.get("/opds2/root.json", None).await;
    assert_eq!(root.status, StatusCode::OK);
    assert_eq!(root.header("content-type"), "application/opds+json");
    let feed = root.json();
    assert_eq!(feed["metadata"]["title"], "Tomoshibi demo library");
    assert_eq!(feed["navigation"].as_array().unwrap().len(), 6);
    assert_eq!(feed["navigation"][2]["title"], "Talking books");
    assert_eq!(feed["navigation"][2]["href"], env.url("/opds2/publications.json?kind=audio"));
    let search = link(&feed, "search").unwrap();
    assert_eq!(search["href"], env.url("/opds2/search{?query}"));
    assert_eq!(search["templated"], true);
    assert_eq!(link(&feed, "http://opds-spec.org/shelf").unwrap()["href"], env.url("/loans"));
    assert_eq!(link(&feed, "profile").unwrap()["href"], env.url("/patron"));
    assert_eq!(link(&feed, "http://opds-spec.org/auth/document").unwrap()["href"], env.url("/auth"));
    let group = &feed["groups"][0];
    assert_eq!(group["metadata"]["title"], "New arrivals");
    assert_eq!(titles(group)[0], "としょかんだより 第2号");

    let ja = env
        .send(reqwest::Method::GET, "/opds2/root.json", None, &[("accept-language", "ja-JP,ja;q=0.9")])
        .await;
    assert_eq!(ja.json()["metadata"]["title"], "ともしび デモ図書館");
    assert_eq!(ja.json()["navigation"][1]["title"], "電子書籍");

    let opds1 = env.get("/opds1/root.xml", None).await;
    assert_eq!(opds1.status, StatusCode::OK);
    assert_eq!(opds1.header("content-type"), "application/atom+xml;profile=opds-catalog;kind=navigation");
    let text = opds1.text();
    assert_well_formed_xml(&text);
    assert!(text.contains(&format!("href=\"{}\"", env.url("/opds1/publications.xml?kind=audio"))));
    assert!(text.contains(&format!("href=\"{}\"", env.url("/opds1/opensearch.xml"))));

    let opensearch = env.get("/opds1/opensearch.xml", None).await;
    assert_eq!(opensearch.header("content-type"), "application/opensearchdescription+xml");
    assert!(
        opensearch.text().contains(&format!("template=\"{}?q={{searchTerms}}\"", env.url("/opds1/search")))
    );
    assert_well_formed_xml(&opensearch.text());

    let acquisition = env.get("/opds1/publications.xml?kind=magazine", None).await;
    let text = acquisition.text();
    assert_well_formed_xml(&text);
    assert!(text.contains("<schema:Series schema:name=\"としょかんだより\" schema:position=\"1\"/>"));
    assert!(text.contains("opds:facetGroup=\"Format\" opds:activeFacet=\"true\" thr:count=\"2\""));
    assert!(text.contains("<opds:indirectAcquisition type=\"application/epub+zip\"/>"));
    assert!(text.contains("<opds:copies total=\"3\" available=\"3\"/>"));

    let entry = env.get("/opds1/publications/kusamakura.xml", None).await;
    assert_eq!(entry.header("content-type"), "application/atom+xml;type=entry;profile=opds-catalog");
    assert_well_formed_xml(&entry.text());
    assert!(entry.text().contains("<opds:availability status=\"unavailable\"/>"));
    assert!(entry.text().contains("<opds:holds total=\"2\"/>"));
}

#[tokio::test]
async fn publication_has_metadata_and_links() {
    let env = env().await;
    let answer = env.get("/opds2/publications/toshokan-dayori-2.json", None).await;
    assert_eq!(answer.header("content-type"), "application/opds-publication+json");
    let publication = answer.json();
    let metadata = &publication["metadata"];
    assert_eq!(metadata["@type"], "http://schema.org/Periodical");
    assert_eq!(metadata["identifier"], "urn:uuid:6f1c2a4e-3b5d-4c8e-9a71-0d2e4f6a8b02");
    assert_eq!(metadata["belongsTo"]["series"]["name"], "としょかんだより");
    assert_eq!(metadata["belongsTo"]["series"]["position"], 2);
    assert_eq!(metadata["published"], "2025-11-01T00:00:00Z");
    let props = borrow_props(&publication);
    assert_eq!(props["availability"]["state"], "available");
    assert_eq!(props["copies"]["total"], 3);
    // This issue is lent with a Readium LCP licence that leads to the EPUB.
    assert_eq!(props["indirectAcquisition"][0]["type"], "application/vnd.readium.lcp.license.v1.0+json");
    assert_eq!(props["indirectAcquisition"][0]["child"][0]["type"], "application/epub+zip");
    assert_eq!(
        link(&publication, "http://opds-spec.org/acquisition/borrow").unwrap()["href"],
        env.url("/loans/toshokan-dayori-2")
    );
    assert!(link(&publication, "http://opds-spec.org/acquisition").is_none());

    let audio = env.get("/opds2/publications/dontworry-daisy202.json", None).await.json();
    assert_eq!(audio["metadata"]["@type"], "http://schema.org/Audiobook");
    assert_eq!(borrow_props(&audio)["indirectAcquisition"][0]["type"], "application/zip");

    let wasteland = env.get("/opds2/publications/wasteland.json", None).await.json();
    assert_eq!(wasteland["images"][0]["href"], env.url("/covers/wasteland"));
    let cover = env.get("/covers/wasteland", None).await;
    assert_eq!(cover.status, StatusCode::OK);
    assert_eq!(cover.header("content-type"), "image/jpeg");
    assert_eq!(&cover.body[..2], &[0xFF, 0xD8]);

    let sample = env.get("/samples/wasteland", None).await;
    assert_eq!(sample.status, StatusCode::OK);
    assert_eq!(&sample.body[..4], b"PK\x03\x04");
    assert_eq!(&sample.body[30..38], b"mimetype");
    assert_eq!(&sample.body[38..58], b"application/epub+zip");

    let missing = env.get("/opds2/publications/nope.json", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["type"], "http://librarysimplified.org/terms/problem/not-found");
}

#[tokio::test]
async fn search_finds_japanese_titles_and_authors() {
    let env = env().await;
    let by_title = env.get("/opds2/search?query=%E8%8D%89", None).await.json();
    assert_eq!(titles(&by_title), vec!["草枕"]);
    let by_author = env.get("/opds2/search?query=%E6%BC%B1%E7%9F%B3", None).await.json();
    assert_eq!(titles(&by_author), vec!["草枕"]);
    let english = env.get("/opds2/search?query=ELIOT", None).await.json();
    assert!(titles(&english).contains(&"The Waste Land".to_owned()));
    let series = env
        .get(
            "/opds2/search?query=%E3%81%A8%E3%81%97%E3%82%87%E3%81%8B%E3%82%93%E3%81%A0%E3%82%88%E3%82%8A",
            None,
        )
        .await
        .json();
    assert_eq!(titles(&series).len(), 2);
    let empty = env.get("/opds2/search?query=zzzzzz", None).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.json()["publications"].as_array().unwrap().len(), 0);
    let opds1 = env.get("/opds1/search?q=%E6%BC%B1%E7%9F%B3", None).await.text();
    assert_well_formed_xml(&opds1);
    assert!(opds1.contains("<title>草枕</title>"));
    assert_eq!(opds1.matches("<entry ").count(), 1);
}

#[tokio::test]
async fn facets_and_pagination() {
    let env = env().await;
    let first = env.get("/opds2/publications.json", None).await.json();
    assert_eq!(first["publications"].as_array().unwrap().len(), 6);
    assert_eq!(first["metadata"]["numberOfItems"], 8);
    let next = link(&first, "next").unwrap()["href"].as_str().unwrap().to_owned();
    assert_eq!(next, env.url("/opds2/publications.json?page=2"));
    assert_eq!(link(&first, "last").unwrap()["href"], env.url("/opds2/publications.json?page=2"));
    assert!(link(&first, "previous").is_none());
    let second = env.get("/opds2/publications.json?page=2", None).await.json();
    assert_eq!(second["publications"].as_array().unwrap().len(), 2);
    assert!(link(&second, "next").is_none());
    assert_eq!(link(&second, "previous").unwrap()["href"], env.url("/opds2/publications.json"));
    let mut all = titles(&first);
    all.extend(titles(&second));
    let mut sorted = all.clone();
    sorted.sort_by_key(|title| title.to_lowercase());
    assert_eq!(all, sorted);

    let audio = env.get("/opds2/publications.json?kind=audio&sort=new", None).await.json();
    assert_eq!(
        titles(&audio),
        vec!["Don't Worry, Be Happy Lyrics (DAISY 2.02)", "Don't Worry, Be Happy Lyrics (DAISY 3)"]
    );
    let facets = audio["facets"].as_array().unwrap();
    let names: Vec<&str> = facets.iter().map(|facet| facet["metadata"]["title"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Format", "Language", "Sort by"]);
    let format = facets[0]["links"].as_array().unwrap();
    let active: Vec<&Value> = format.iter().filter(|link| link["rel"] == "self").collect();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["title"], "Talking books");
    assert_eq!(active[0]["properties"]["numberOfItems"], 2);
    let ebooks = format.iter().find(|link| link["title"] == "E-books").unwrap();
    assert_eq!(ebooks["href"], env.url("/opds2/publications.json?kind=ebook&sort=new"));
    assert_eq!(ebooks["properties"]["numberOfItems"], 4);
    let sort_active =
        facets[2]["links"].as_array().unwrap().iter().find(|link| link["rel"] == "self").unwrap();
    assert_eq!(sort_active["title"], "Newest");

    let japanese = env.get("/opds2/publications.json?lang=ja", None).await.json();
    assert_eq!(japanese["metadata"]["numberOfItems"], 4);
    let ja_labels = env
        .send(reqwest::Method::GET, "/opds2/publications.json?lang=ja", None, &[("accept-language", "ja")])
        .await
        .json();
    assert_eq!(ja_labels["facets"][1]["metadata"]["title"], "言語");
    assert_eq!(ja_labels["metadata"]["title"], "日本語のすべての本");

    let opds1 = env.get("/opds1/publications.xml", None).await.text();
    assert_well_formed_xml(&opds1);
    assert!(opds1.contains(&format!("rel=\"next\" href=\"{}\"", env.url("/opds1/publications.xml?page=2"))));
    assert_eq!(opds1.matches("<entry ").count(), 6);
}

#[tokio::test]
async fn authentication_is_required_and_checked() {
    let env = env().await;
    let auth = env.get("/auth", None).await;
    assert_eq!(auth.header("content-type"), "application/opds-authentication+json");
    let doc = auth.json();
    assert_eq!(doc["id"], env.url("/auth"));
    assert_eq!(doc["title"], "Tomoshibi demo library");
    assert!(doc["description"].as_str().unwrap().contains(DEMO_CARD));
    assert!(doc["description"].as_str().unwrap().contains(DEMO_PIN));
    let basic = &doc["authentication"][0];
    assert_eq!(basic["type"], "http://opds-spec.org/auth/basic");
    assert_eq!(basic["labels"]["login"], "Library card number");
    assert_eq!(basic["inputs"]["login"]["keyboard"], "Number pad");
    assert_eq!(basic["inputs"]["login"]["maximum_length"], 8);
    assert_eq!(basic["inputs"]["password"]["maximum_length"], 4);
    assert_eq!(link(&doc, "http://opds-spec.org/shelf").unwrap()["href"], env.url("/loans"));
    assert_eq!(link(&doc, "start").unwrap()["href"], env.url("/opds2/root.json"));
    let ja = env.send(reqwest::Method::GET, "/auth", None, &[("accept-language", "ja")]).await.json();
    assert_eq!(ja["title"], "ともしび デモ図書館");

    for path in ["/loans", "/patron", "/opds1/loans.xml", "/content/wasteland", "/loans/wasteland/status"] {
        let refused = env.get(path, None).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(refused.header("content-type"), "application/opds-authentication+json");
        assert_eq!(refused.header("www-authenticate"), "Basic realm=\"Tomoshibi demo library\"");
        assert_eq!(
            refused.header("link"),
            format!("<{}>; rel=\"http://opds-spec.org/auth/document\"", env.url("/auth"))
        );
        assert_eq!(refused.json()["id"], env.url("/auth"));
    }
    let wrong = env.get("/loans", Some((DEMO_CARD, "9999"))).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["authentication"][0]["type"], "http://opds-spec.org/auth/basic");
    let wrong_public = env.get("/opds2/root.json", Some(("00000000", DEMO_PIN))).await;
    assert_eq!(wrong_public.status, StatusCode::UNAUTHORIZED);
    let borrow = env.send(reqwest::Method::POST, "/loans/wasteland", None, &[]).await;
    assert_eq!(borrow.status, StatusCode::UNAUTHORIZED);

    let profile = env.get("/patron", DEMO).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert_eq!(profile.header("content-type"), "application/opds-profile+json");
    let profile = profile.json();
    assert_eq!(profile["identifier"], DEMO_CARD);
    assert_eq!(profile["loans"]["total"], 5);
    assert_eq!(profile["loans"]["available"], 5);
    assert_eq!(profile["holds"]["available"], 5);
}

#[tokio::test]
async fn borrowing_shows_the_loan_on_the_shelf() {
    let env = env().await;
    let answer = env.send(reqwest::Method::POST, "/loans/wasteland", DEMO, &[]).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let publication = answer.json();
    let until = rfc(START + time::Duration::days(14));
    let acquisition = link(&publication, "http://opds-spec.org/acquisition").unwrap();
    assert_eq!(acquisition["href"], env.url("/content/wasteland"));
    assert_eq!(acquisition["type"], "application/epub+zip");
    assert_eq!(acquisition["properties"]["availability"]["state"], "available");
    assert_eq!(acquisition["properties"]["availability"]["since"], rfc(START));
    assert_eq!(acquisition["properties"]["availability"]["until"], until);
    assert_eq!(
        link(&publication, "http://librarysimplified.org/terms/rel/revoke").unwrap()["href"],
        env.url("/loans/wasteland/revoke")
    );
    let license = link(&publication, "license").unwrap();
    assert_eq!(license["href"], env.url("/loans/wasteland/status"));
    assert_eq!(license["type"], "application/vnd.readium.license.status.v1.0+json");
    assert_eq!(borrow_props(&publication)["copies"]["available"], 2);

    let again = env.send(reqwest::Method::PUT, "/loans/wasteland", DEMO, &[]).await;
    assert_eq!(again.status, StatusCode::OK);

    let shelf = env.get("/loans", DEMO).await.json();
    assert_eq!(titles(&shelf), vec!["The Waste Land"]);
    let on_shelf = &shelf["publications"][0];
    assert_eq!(
        link(on_shelf, "http://opds-spec.org/acquisition").unwrap()["properties"]["availability"]["until"],
        until
    );
    assert_eq!(titles(&env.get("/loans", SECOND).await.json()).len(), 0);

    let opds1 = env.get("/opds1/loans.xml", DEMO).await.text();
    assert_well_formed_xml(&opds1);
    assert!(opds1.contains(&format!(
        "<opds:availability status=\"available\" since=\"{}\" until=\"{until}\"/>",
        rfc(START)
    )));
    assert!(opds1.contains(&format!("href=\"{}\"", env.url("/opds1/loans/wasteland/revoke"))));
    assert!(opds1.contains("<schema:Event><schema:name>loan</schema:name>"));

    let profile = env.get("/patron", DEMO).await.json();
    assert_eq!(profile["loans"]["available"], 4);

    let personal = env.get("/opds2/publications/wasteland.json", DEMO).await.json();
    assert!(link(&personal, "http://opds-spec.org/acquisition").is_some());
    let anonymous = env.get("/opds2/publications/wasteland.json", None).await.json();
    assert!(link(&anonymous, "http://opds-spec.org/acquisition").is_none());
    assert_eq!(borrow_props(&anonymous)["copies"]["available"], 2);
}

#[tokio::test]
async fn content_needs_a_loan_and_supports_ranges() {
    let env = env().await;
    let refused = env.get("/content/haruko", DEMO).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["type"], "http://librarysimplified.org/terms/problem/no-active-loan");
    assert_eq!(env.send(reqwest::Method::POST, "/loans/haruko", DEMO, &[]).await.status, StatusCode::CREATED);
    assert_eq!(env.get("/content/haruko", SECOND).await.status, StatusCode::FORBIDDEN);

    let full = env.get("/content/haruko", DEMO).await;
    assert_eq!(full.status, StatusCode::OK);
    assert_eq!(full.header("content-type"), "application/epub+zip");
    assert_eq!(full.header("accept-ranges"), "bytes");
    assert_eq!(full.header("last-modified"), "Thu, 24 May 2012 00:00:00 GMT");
    let len = full.body.len();
    assert!(len > 1_000_000);
    assert_eq!(full.header("content-length"), len.to_string());
    let etag = full.header("etag").to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"));
    let sample = env.get("/samples/haruko", None).await;
    assert_eq!(sample.body, full.body);

    let head = env.send(reqwest::Method::HEAD, "/content/haruko", DEMO, &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-length"), len.to_string());
    assert!(head.body.is_empty());

    let part = env.send(reqwest::Method::GET, "/content/haruko", DEMO, &[("range", "bytes=10-19")]).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.header("content-range"), format!("bytes 10-19/{len}"));
    assert_eq!(part.body, full.body[10..20]);
    let tail = env
        .send(reqwest::Method::GET, "/content/haruko", DEMO, &[("range", &format!("bytes={}-", len - 5))])
        .await;
    assert_eq!(tail.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.body, full.body[len - 5..]);
    let beyond =
        env.send(reqwest::Method::GET, "/content/haruko", DEMO, &[("range", &format!("bytes={len}-"))]).await;
    assert_eq!(beyond.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(beyond.header("content-range"), format!("bytes */{len}"));
    let if_range = env
        .send(reqwest::Method::GET, "/content/haruko", DEMO, &[("range", "bytes=0-9"), ("if-range", &etag)])
        .await;
    assert_eq!(if_range.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(if_range.body.len(), 10);
    let stale = env
        .send(
            reqwest::Method::GET,
            "/content/haruko",
            DEMO,
            &[("range", "bytes=0-9"), ("if-range", "\"stale\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body.len(), len);
    let by_date = env
        .send(
            reqwest::Method::GET,
            "/content/haruko",
            DEMO,
            &[("range", "bytes=0-9"), ("if-range", "Thu, 24 May 2012 00:00:00 GMT")],
        )
        .await;
    assert_eq!(by_date.status, StatusCode::PARTIAL_CONTENT);
}

#[tokio::test]
async fn loan_and_hold_limits_are_enforced() {
    let env = env_with(|config| {
        config.loan_limit = 2;
        config.hold_limit = 1;
    })
    .await;
    for id in ["wasteland", "haruko"] {
        assert_eq!(
            env.send(reqwest::Method::POST, &format!("/loans/{id}"), DEMO, &[]).await.status,
            StatusCode::CREATED
        );
    }
    let refused = env.send(reqwest::Method::POST, "/loans/toshokan-dayori-1", DEMO, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.header("content-type"), "application/problem+json");
    let problem = refused.json();
    assert_eq!(problem["type"], "http://librarysimplified.org/terms/problem/loan-limit-reached");
    assert_eq!(problem["status"], 403);
    assert!(!problem["detail"].as_str().unwrap().is_empty());

    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/kusamakura", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/valentin-hauy", SECOND, &[]).await.status,
        StatusCode::CREATED
    );
    let hold_refused = env.send(reqwest::Method::POST, "/loans/valentin-hauy", DEMO, &[]).await;
    assert_eq!(hold_refused.status, StatusCode::FORBIDDEN);
    assert_eq!(hold_refused.json()["type"], "http://librarysimplified.org/terms/problem/hold-limit-reached");
    let profile = env.get("/patron", DEMO).await.json();
    assert_eq!(profile["loans"]["available"], 0);
    assert_eq!(profile["holds"]["available"], 0);
    let unknown = env.send(reqwest::Method::POST, "/loans/nope", DEMO, &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn seeded_queue_places_the_demo_patron_third_and_delete_cancels() {
    let env = env().await;
    let answer = env.send(reqwest::Method::POST, "/loans/kusamakura", DEMO, &[]).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let publication = answer.json();
    let props = borrow_props(&publication);
    assert_eq!(props["availability"]["state"], "reserved");
    assert_eq!(props["availability"]["since"], rfc(START));
    assert_eq!(props["holds"]["total"], 3);
    assert_eq!(props["holds"]["position"], 3);
    assert_eq!(props["copies"]["available"], 0);
    assert!(link(&publication, "http://librarysimplified.org/terms/rel/revoke").is_some());
    assert!(link(&publication, "http://opds-spec.org/acquisition").is_none());
    let entry = env.send(reqwest::Method::GET, "/opds1/loans/kusamakura", DEMO, &[]).await;
    assert_eq!(entry.status, StatusCode::OK);
    assert!(entry.text().contains("<opds:holds total=\"3\" position=\"3\"/>"));
    assert!(entry.text().contains("status=\"reserved\""));
    assert_eq!(titles(&env.get("/loans", DEMO).await.json()), vec!["草枕"]);

    let cancelled = env.send(reqwest::Method::DELETE, "/loans/kusamakura", DEMO, &[]).await;
    assert_eq!(cancelled.status, StatusCode::OK);
    let props = borrow_props(&cancelled.json()).clone();
    assert_eq!(props["availability"]["state"], "unavailable");
    assert_eq!(props["holds"]["total"], 2);
    assert_eq!(titles(&env.get("/loans", DEMO).await.json()).len(), 0);
    let again = env.send(reqwest::Method::DELETE, "/loans/kusamakura", DEMO, &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hold_queue_return_makes_the_hold_ready() {
    let env = env().await;
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/valentin-hauy", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    let held = env.send(reqwest::Method::POST, "/loans/valentin-hauy", SECOND, &[]).await;
    assert_eq!(held.status, StatusCode::CREATED);
    let props = borrow_props(&held.json()).clone();
    assert_eq!(props["availability"]["state"], "reserved");
    assert_eq!(props["holds"]["position"], 1);
    assert_eq!(props["holds"]["total"], 1);

    env.clock.advance(time::Duration::hours(2));
    let returned_at = START + time::Duration::hours(2);
    let returned = env.send(reqwest::Method::GET, "/loans/valentin-hauy/revoke", DEMO, &[]).await;
    assert_eq!(returned.status, StatusCode::OK);
    assert_eq!(borrow_props(&returned.json())["availability"]["state"], "unavailable");

    let ready = env.get("/opds2/publications/valentin-hauy.json", SECOND).await.json();
    let props = borrow_props(&ready);
    assert_eq!(props["availability"]["state"], "ready");
    assert_eq!(props["availability"]["since"], rfc(returned_at));
    assert_eq!(props["availability"]["until"], rfc(returned_at + time::Duration::days(3)));
    assert!(link(&ready, "http://librarysimplified.org/terms/rel/revoke").is_some());

    let first_again = env.send(reqwest::Method::POST, "/loans/valentin-hauy", DEMO, &[]).await;
    assert_eq!(first_again.status, StatusCode::CREATED);
    assert_eq!(borrow_props(&first_again.json())["availability"]["state"], "reserved");

    let borrowed = env.send(reqwest::Method::POST, "/loans/valentin-hauy", SECOND, &[]).await;
    assert_eq!(borrowed.status, StatusCode::CREATED);
    let publication = borrowed.json();
    let acquisition = link(&publication, "http://opds-spec.org/acquisition").unwrap();
    assert_eq!(
        acquisition["properties"]["availability"]["until"],
        rfc(returned_at + time::Duration::days(14))
    );
    assert_eq!(env.get("/content/valentin-hauy", SECOND).await.status, StatusCode::OK);

    let revoked = env.send(reqwest::Method::PUT, "/opds1/loans/valentin-hauy/revoke", SECOND, &[]).await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert_well_formed_xml(&revoked.text());
    let demo_view = env.get("/opds2/publications/valentin-hauy.json", DEMO).await.json();
    assert_eq!(borrow_props(&demo_view)["availability"]["state"], "ready");
    env.clock.advance(time::Duration::days(3) + time::Duration::seconds(1));
    let lapsed = env.get("/opds2/publications/valentin-hauy.json", DEMO).await.json();
    assert_eq!(borrow_props(&lapsed)["availability"]["state"], "available");
    assert_eq!(borrow_props(&lapsed)["copies"]["available"], 1);
}

#[tokio::test]
async fn loans_expire_with_the_clock() {
    let env = env().await;
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/wasteland", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    env.clock.advance(time::Duration::days(14) - time::Duration::seconds(1));
    assert_eq!(titles(&env.get("/loans", DEMO).await.json()).len(), 1);
    assert_eq!(env.get("/content/wasteland", DEMO).await.status, StatusCode::OK);
    env.clock.advance(time::Duration::seconds(2));
    assert_eq!(titles(&env.get("/loans", DEMO).await.json()).len(), 0);
    assert_eq!(env.get("/content/wasteland", DEMO).await.status, StatusCode::FORBIDDEN);
    let status = env.get("/loans/wasteland/status", DEMO).await.json();
    assert_eq!(status["status"], "expired");
    let anonymous = env.get("/opds2/publications/wasteland.json", None).await.json();
    assert_eq!(borrow_props(&anonymous)["copies"]["available"], 3);

    let seeded = env.get("/opds2/publications/kusamakura.json", None).await.json();
    assert_eq!(borrow_props(&seeded)["holds"]["total"], 2);
    assert_eq!(borrow_props(&seeded)["copies"]["available"], 0);
}

#[tokio::test]
async fn renewal_through_the_license_status_document() {
    let env = env().await;
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/wasteland", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    let lsd = env.get("/loans/wasteland/status", DEMO).await;
    assert_eq!(lsd.header("content-type"), "application/vnd.readium.license.status.v1.0+json");
    let lsd = lsd.json();
    assert_eq!(lsd["status"], "active");
    assert_eq!(lsd["updated"]["license"], rfc(START));
    assert_eq!(lsd["potential_rights"]["end"], rfc(START + time::Duration::days(28)));
    let renew = link(&lsd, "renew").unwrap();
    assert_eq!(renew["href"], env.url("/loans/wasteland/renew{?end,id,name}"));
    assert_eq!(renew["templated"], true);
    assert_eq!(link(&lsd, "return").unwrap()["href"], env.url("/loans/wasteland/return{?id,name}"));

    env.clock.advance(time::Duration::days(1));
    let renewed =
        env.send(reqwest::Method::PUT, "/loans/wasteland/renew?id=dev1&name=Reader", DEMO, &[]).await;
    assert_eq!(renewed.status, StatusCode::OK);
    let renewed = renewed.json();
    assert_eq!(renewed["events"][0]["type"], "renew");
    assert_eq!(renewed["events"][0]["name"], "Reader");
    let shelf = env.get("/loans", DEMO).await.json();
    let until = &link(&shelf["publications"][0], "http://opds-spec.org/acquisition").unwrap()["properties"]["availability"]
        ["until"];
    assert_eq!(until, &Value::from(rfc(START + time::Duration::days(28))));

    let refused = env.send(reqwest::Method::PUT, "/loans/wasteland/renew", DEMO, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let problem = refused.json();
    assert_eq!(problem["type"], "http://librarysimplified.org/terms/problem/renew-failed");
    assert!(problem["detail"].as_str().unwrap().contains("renewed"));

    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/valentin-hauy", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/valentin-hauy", SECOND, &[]).await.status,
        StatusCode::CREATED
    );
    let waiting = env.send(reqwest::Method::PUT, "/loans/valentin-hauy/renew", DEMO, &[]).await;
    assert_eq!(waiting.status, StatusCode::FORBIDDEN);
    assert!(waiting.json()["detail"].as_str().unwrap().contains("waiting"));

    let returned = env.send(reqwest::Method::PUT, "/loans/wasteland/return", DEMO, &[]).await;
    assert_eq!(returned.status, StatusCode::OK);
    assert_eq!(returned.json()["status"], "returned");
    assert_eq!(env.get("/content/wasteland", DEMO).await.status, StatusCode::FORBIDDEN);
    let twice = env.send(reqwest::Method::PUT, "/loans/wasteland/return", DEMO, &[]).await;
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(twice.json()["status"], "returned");
}

#[tokio::test]
async fn if_none_match_answers_not_modified() {
    let env = env().await;
    for path in ["/opds2/root.json", "/auth", "/opds1/root.xml", "/opds2/publications/haruko.json"] {
        let first = env.get(path, None).await;
        let etag = first.header("etag").to_owned();
        assert!(etag.len() > 2, "{path}");
        let again = env.send(reqwest::Method::GET, path, None, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), etag);
    }
    let before = env.get("/opds2/publications/wasteland.json", DEMO).await.header("etag").to_owned();
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/wasteland", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    let changed = env
        .send(reqwest::Method::GET, "/opds2/publications/wasteland.json", DEMO, &[("if-none-match", &before)])
        .await;
    assert_eq!(changed.status, StatusCode::OK);
}

#[tokio::test]
async fn state_survives_a_restart() {
    let env = env().await;
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/wasteland", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/kusamakura", SECOND, &[]).await.status,
        StatusCode::CREATED
    );
    let Env { lib, clock, dir, client } = env;
    lib.stop().await;
    let lib = DemoLibrary::start(config(&dir, &clock)).await.unwrap();
    let env = Env { lib, clock, dir, client };
    let shelf = env.get("/loans", DEMO).await.json();
    assert_eq!(titles(&shelf), vec!["The Waste Land"]);
    let until = &link(&shelf["publications"][0], "http://opds-spec.org/acquisition").unwrap()["properties"]["availability"]
        ["until"];
    assert_eq!(until, &Value::from(rfc(START + time::Duration::days(14))));
    let held = env.get("/opds2/publications/kusamakura.json", SECOND).await.json();
    assert_eq!(borrow_props(&held)["holds"]["position"], 3);
}

#[tokio::test]
async fn damaged_state_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite3");
    std::fs::write(&path, b"this is not a database, just some text that fills more than a header").unwrap();
    let clock = Clock::manual(START);
    let lib = DemoLibrary::start(config(&dir, &clock)).await.unwrap();
    let aside = dir.path().join("state.sqlite3.broken");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        b"this is not a database, just some text that fills more than a header"
    );
    let env = Env { lib, clock, dir, client: reqwest::Client::new() };
    assert_eq!(
        env.send(reqwest::Method::POST, "/loans/wasteland", DEMO, &[]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(titles(&env.get("/loans", DEMO).await.json()).len(), 1);
}
