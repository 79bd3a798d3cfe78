//! OPDS 2 parser against the Palace (Apache-2.0) and W3C fixtures in tests/fixtures/opds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use time::macros::datetime;
use tomoshibi::library::availability::Availability;
use tomoshibi::library::model::{AvailabilityState, CatalogDocument, Drm, Holds};
use tomoshibi::library::opensearch::SearchLink;
use tomoshibi::library::rel::AcquisitionKind;
use tomoshibi::library::uri_template::Href;
use tomoshibi::library::{CatalogFeed, DocumentKind, Error, JsonType, opds2};
use url::Url;

/// Says whether an error is the expected one.
type ErrorCheck = fn(&Error) -> bool;

fn base() -> Url {
    Url::parse("https://library.example/opds2/root.json").unwrap()
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn feed(path: &str) -> CatalogFeed {
    let bytes = std::fs::read(format!("tests/fixtures/opds/{path}")).unwrap();
    let feed = opds2::parse_feed(&bytes, &base()).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(feed.warnings.is_empty(), "{path}: {:?}", feed.warnings);
    feed
}

#[test]
fn every_fixture_parses() {
    let mut count = 0;
    for dir in ["opds2-palace-android-opds2", "opds2-misc"] {
        for item in std::fs::read_dir(format!("tests/fixtures/opds/{dir}")).unwrap() {
            let path = item.unwrap().path();
            let document = opds2::parse_document(&std::fs::read(&path).unwrap(), &base());
            assert!(matches!(document, Ok(CatalogDocument::Feed(_))), "{path:?}: {document:?}");
            count += 1;
        }
    }
    assert_eq!(count, 8);
}

#[test]
fn navigation_and_registry_feeds() {
    let home = feed("opds2-palace-android-opds2/aldiko_home.json");
    assert_eq!(home.title, "Libraries by country");
    assert_eq!(home.navigation.len(), 7);
    assert_eq!(home.navigation[0].title, "International");
    assert_eq!(home.navigation[0].url, url("https://libraries.aldiko.com/international.json"));
    assert_eq!(home.feed_links.self_url, Some(url("https://libraries.aldiko.com/home.json")));

    let quebec = feed("opds2-palace-android-opds2/aldiko_canada_quebec.json");
    assert_eq!(quebec.title, "Québec");
    assert_eq!(quebec.navigation.len(), 184);
    assert_eq!(quebec.navigation[0].title, "Alma");
    assert_eq!(quebec.navigation[0].url, url("https://alma.pretnumerique.ca/v1/home.opds2"));

    let fulcrum = feed("opds2-palace-android-opds2/fulcrum_fulcrum.json");
    assert_eq!(fulcrum.navigation.len(), 6);
    assert_eq!(fulcrum.navigation[0].title, "Amherst College Press");
}

#[test]
fn groups_search_and_profile() {
    let epl = feed("opds2-palace-android-opds2/aldiko_canada_epl_cantook_home.json");
    assert_eq!(epl.navigation.len(), 5);
    let titles: Vec<&str> = epl.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, ["Recent releases", "Top titles"]);
    assert_eq!(epl.groups[0].entries.len(), 18);
    let first = &epl.groups[0].entries[0];
    assert_eq!(first.title, "Skidded and Skunked");
    assert_eq!(first.authors[0].name, "Dean L. Hovey");
    assert!(first.authors[0].url.is_some());
    assert_eq!(first.publisher.as_deref(), Some("Books We Love Ltd."));
    assert_eq!(first.published, Some(datetime!(2025-05-01 00:00:00 UTC)));
    assert_eq!(first.subjects[0].label, "Police Procedural");
    assert_eq!(first.subjects[0].term.as_deref(), Some("FBFIC022020"));
    assert_eq!(first.availability, Availability::Loanable { copies: None, holds: None });
    let borrow = &first.acquisitions[0];
    assert_eq!(borrow.kind, AcquisitionKind::Borrow);
    assert_eq!(borrow.status.map(|s| s.state), Some(AvailabilityState::Available));
    let Some(SearchLink::Template(search)) = &epl.search else { panic!("{:?}", epl.search) };
    assert_eq!(
        search.url_for("Anne of Green Gables").unwrap(),
        url("https://epl.cantookstation.com/v1/resources.opds2?query=Anne%20of%20Green%20Gables")
    );
    assert_eq!(epl.feed_links.profile, Some(url("https://epl.cantookstation.com/v1/my_profile.opds2")));
    assert_eq!(
        epl.feed_links.shelf,
        Some(url("https://epl.cantookstation.com/v1/my_profile/activity.opds2"))
    );
}

#[test]
fn palace_grouped_publications_with_lcp() {
    let groups = feed("opds2-palace-android-opds2/groups-20250821.json");
    assert_eq!(groups.title, "A1QA Test Library");
    assert_eq!(groups.groups.len(), 15);
    assert_eq!(groups.all_entries().count(), 217);
    assert_eq!(groups.groups[0].title, "Unlimited Listens ODL Feed");
    assert_eq!(groups.groups[0].entries.len(), 15);
    assert_eq!(groups.groups[1].title, "Accessible EPUB Test");
    let entrypoints: Vec<&str> = groups.facets[0].facets.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(entrypoints, ["eBooks", "Audiobooks"]);
    assert_eq!(
        groups.search,
        Some(SearchLink::Description(url(
            "https://gorgon.staging.palaceproject.io/a1qa-test/search/?entrypoint=All"
        )))
    );
    assert_eq!(
        groups.feed_links.authentication,
        Some(url("https://gorgon.staging.palaceproject.io/a1qa-test/authentication_document"))
    );
    let lcp = groups.all_entries().find(|e| e.title == "La otra historia de México. Díaz y Madero").unwrap();
    assert_eq!(lcp.languages, ["es"]);
    let chains: Vec<Vec<&str>> = lcp.acquisitions[0]
        .chains()
        .iter()
        .map(|chain| chain.iter().map(|m| m.essence()).collect())
        .collect();
    assert_eq!(
        chains,
        [["application/atom+xml", "application/vnd.readium.lcp.license.v1.0+json", "application/epub+zip"]]
    );
    assert_eq!(lcp.acquisitions[0].drm(), Drm::Lcp);
    assert!(lcp.cover.as_ref().is_some_and(|u| u.as_str().ends_with("/public")));
    assert!(lcp.thumbnail.as_ref().is_some_and(|u| u.as_str().ends_with("/thumb")));
    assert!(
        groups
            .all_entries()
            .any(|e| { e.formats().iter().any(|m| m.essence() == "application/audiobook+json") })
    );
}

#[test]
fn paginated_publications() {
    let heb = feed("opds2-palace-android-opds2/fulcrum_heb.json");
    assert_eq!(heb.entries.len(), 50);
    assert_eq!(heb.pagination.next, Some(url("https://www.fulcrum.org/api/opds/heb?currentPage=2")));
    assert_eq!(heb.pagination.last, Some(url("https://www.fulcrum.org/api/opds/heb?currentPage=127")));
    assert_eq!(
        (heb.pagination.total_items, heb.pagination.items_per_page, heb.pagination.current_page),
        (Some(6305), Some(50), Some(1))
    );
    assert_eq!(heb.entries[0].authors[0].name, "Kind-Kovács, Friederike");
    assert!(
        heb.entries[0].summary.as_ref().is_some_and(|s| s.kind == tomoshibi::library::model::TextKind::Html)
    );

    let listens =
        feed("opds2-palace-android-opds2/unlimitedlistens_0bdf082d-b0b0-4135-a11f-f92bda7cc51d.json");
    assert_eq!(listens.entries.len(), 100);
    let apple = &listens.entries[0];
    assert_eq!(apple.title, "One Bad Apple");
    assert_eq!(apple.contributors[0].name, "Steve Corona");
    assert_eq!(apple.contributors[0].role.as_deref(), Some("narrator"));
    assert_eq!(apple.series.as_ref().map(|s| s.name.as_str()), Some("Once Upon a Western"));
    assert!(apple.cover.as_ref().is_some_and(|u| u.as_str().ends_with("/public")));
    let acquire = apple.acquisitions.iter().find(|a| a.kind == AcquisitionKind::Generic).unwrap();
    let Href::Template(template) = &acquire.href else { panic!("{:?}", acquire.href) };
    assert_eq!(
        template.expand(&[("authentication_token", "t0k/en")]).unwrap().as_str(),
        "https://app.unlimitedlistens.com/api/acquire/0bdf082d-b0b0-4135-a11f-f92bda7cc51d/d6f6948c-942d-45af-ac57-831c35211e6a/t0k%2Fen"
    );
    let western = listens.series().into_iter().find(|s| s.name == "Once Upon a Western").unwrap();
    assert!(western.entries.len() >= 3);
}

#[test]
fn w3c_open_access_feed() {
    let w3c = feed("opds2-misc/w3c-epub-tests-opds.json");
    assert_eq!(w3c.title, "W3C EPUB 3.4 Test Suite");
    assert_eq!(w3c.entries.len(), 199);
    let first = &w3c.entries[0];
    assert_eq!(
        first.id,
        "https://github.com/w3c/epub-tests/tree/main/tests/fxl-spine-overrides_behave-as-global"
    );
    assert_eq!(first.authors[0].name, "Ivan Herman");
    assert_eq!(first.cover, Some(url("https://w3c.github.io/epub-tests/opds/test_cover.png")));
    assert!(w3c.entries.iter().all(|e| e.availability == Availability::OpenAccess { revoke: None }));
    assert_eq!(first.formats()[0].essence(), "application/epub+zip");
}

#[test]
fn library_extensions_inside_and_beside_availability() {
    let json = r#"{
      "metadata": {"title": "棚"},
      "links": [{"rel": ["self", "http://opds-spec.org/shelf"], "href": "/loans"}],
      "publications": [
        {"metadata": {"identifier": "urn:a", "title": {"en": "Hold", "ja": "予約"}, "belongsTo": {"series": [{"name": "月刊", "position": 4}]}},
         "links": [{"rel": "http://opds-spec.org/acquisition/borrow", "href": "/borrow/a", "type": "application/opds-publication+json",
           "properties": {"availability": {"state": "reserved", "since": "2024-04-01T00:00:00Z", "holds": {"total": 5, "position": 2}},
                          "copies": {"total": 1, "available": 0},
                          "authenticate": {"href": "/auth", "type": "application/opds-authentication+json"}}},
                   {"rel": "http://librarysimplified.org/terms/rel/revoke", "href": "/revoke/a"}]},
        {"metadata": {"identifier": "urn:b", "title": "Ready"},
         "links": [{"rel": "http://opds-spec.org/acquisition/borrow", "href": "/borrow/b",
           "properties": {"availability": {"state": "ready", "until": "2024-05-01T09:00:00+09:00"}, "holds": {"total": 1, "position": 1}}}]},
        {"metadata": {"title": "no identifier"}, "links": []},
        {"metadata": {"identifier": "urn:d", "title": "bad link"}, "links": [{"rel": "self"}]}
      ]
    }"#;
    let feed = opds2::parse_feed(json.as_bytes(), &base()).unwrap();
    assert_eq!(feed.entries.len(), 3);
    assert_eq!(feed.feed_links.self_url, Some(url("https://library.example/loans")));
    let hold = &feed.entries[0];
    assert_eq!(hold.title, "予約");
    assert_eq!(hold.series.as_ref().and_then(|s| s.position), Some(4.0));
    assert_eq!(
        hold.availability,
        Availability::Held {
            since: Some(datetime!(2024-04-01 00:00:00 UTC)),
            until: None,
            holds: Some(Holds { total: Some(5), position: Some(2) }),
            copies: Some(tomoshibi::library::model::Copies { total: Some(1), available: Some(0) }),
            revoke: Some(url("https://library.example/revoke/a")),
        }
    );
    assert_eq!(hold.acquisitions[0].authenticate, Some(url("https://library.example/auth")));
    assert_eq!(feed.entries[1].availability.until(), Some(datetime!(2024-05-01 00:00:00 UTC)));
    assert!(
        matches!(
            &feed.warnings[..],
            [
                Error::MissingField { field: "identifier", path: p1, .. },
                Error::MissingField { field: "href", path: p2, .. },
            ] if p1 == "$.publications[2].metadata" && p2 == "$.publications[3].links[0]"
        ),
        "{:?}",
        feed.warnings
    );
}

#[test]
fn documents_that_are_not_opds2() {
    let cases: [(&str, ErrorCheck); 6] = [
        ("", |e| matches!(e, Error::NotJson { document: DocumentKind::Opds2, .. })),
        ("{\"metadata\": ", |e| matches!(e, Error::NotJson { .. })),
        ("[1, 2]", |e| matches!(e, Error::WrongDocument { found, .. } if found == "array")),
        (
            r#"{"id": "x", "authentication": []}"#,
            |e| matches!(e, Error::WrongDocument { found, .. } if found == "{authentication, id}"),
        ),
        (
            r#"{"metadata": {}}"#,
            |e| matches!(e, Error::MissingField { field: "title", path, .. } if path == "$.metadata"),
        ),
        (
            r#"{"metadata": {"title": "x"}, "publications": {}}"#,
            |e| matches!(e, Error::WrongType { path, expected: JsonType::Array, .. } if path == "$.publications"),
        ),
    ];
    for (json, check) in cases {
        let error = opds2::parse_feed(json.as_bytes(), &base()).err().unwrap();
        assert!(check(&error), "{json}: {error:?}");
    }
}

#[test]
fn a_publication_document() {
    let json = r#"{"metadata": {"identifier": "urn:isbn:1", "title": "One"},
      "links": [{"rel": "http://opds-spec.org/acquisition/open-access", "href": "one.epub", "type": "application/epub+zip"}],
      "images": [{"href": "one.jpg"}]}"#;
    let Ok(CatalogDocument::Entry(document)) = opds2::parse_document(json.as_bytes(), &base()) else {
        panic!()
    };
    assert_eq!(document.entry.cover, Some(url("https://library.example/opds2/one.jpg")));
    assert_eq!(document.entry.availability, Availability::OpenAccess { revoke: None });
}

#[test]
fn facet_collections() {
    let json = r#"{"metadata": {"title": "Search"},
      "facets": [{"metadata": {"title": "Language"},
                  "links": [{"href": "?lang=ja", "title": "日本語", "rel": "self", "properties": {"numberOfItems": 120}},
                            {"href": "?lang=en", "title": "English", "properties": {"numberOfItems": 80}},
                            {"href": "?lang=vi"}]}],
      "publications": []}"#;
    let feed = opds2::parse_feed(json.as_bytes(), &base()).unwrap();
    let language = &feed.facets[0];
    assert_eq!(language.title, "Language");
    let facets: Vec<(&str, bool, Option<u64>)> =
        language.facets.iter().map(|f| (f.title.as_str(), f.active, f.count)).collect();
    assert_eq!(facets, [("日本語", true, Some(120)), ("English", false, Some(80))]);
    assert_eq!(language.facets[0].url, url("https://library.example/opds2/root.json?lang=ja"));
    assert!(
        matches!(&feed.warnings[..], [Error::MissingField { field: "title", path, .. }] if path == "$.facets[0].links[2]")
    );
}
