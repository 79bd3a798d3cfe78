//! OPDS 1 parser against the real Palace fixtures (tests/fixtures/opds, Apache-2.0).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use time::macros::datetime;
use tomoshibi::library::availability::Availability;
use tomoshibi::library::model::{CatalogDocument, Copies, Drm, Holds};
use tomoshibi::library::opensearch::SearchLink;
use tomoshibi::library::rel::AcquisitionKind;
use tomoshibi::library::{DocumentKind, Error, opds1};
use url::Url;

const DIR: &str = "tests/fixtures/opds/opds1-palace-android-core";

fn base() -> Url {
    Url::parse("https://library.example/catalog/feed.xml").unwrap()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap()
}

fn feed(name: &str) -> tomoshibi::library::CatalogFeed {
    opds1::parse_feed(&read(name), &base()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn entry(name: &str) -> tomoshibi::library::CatalogEntry {
    let document = opds1::parse_entry(&read(name), &base()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(document.warnings.is_empty(), "{name}: {:?}", document.warnings);
    document.entry
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

#[test]
fn every_fixture_parses_or_gives_its_typed_error() {
    let mut parsed = 0;
    for item in std::fs::read_dir(DIR).unwrap() {
        let path = item.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = opds1::parse_document(&std::fs::read(&path).unwrap(), &base());
        match name.as_str() {
            "bad-not-xml.xml" => assert!(
                matches!(result, Err(Error::NotXml { document: DocumentKind::Opds1, source: None, .. })),
                "{name}: {result:?}"
            ),
            "namespaces-0.xml" => assert!(
                matches!(&result, Err(Error::MissingField { field: "title", path, .. }) if path == "feed"),
                "{name}: {result:?}"
            ),
            _ => {
                assert!(result.is_ok(), "{name}: {result:?}");
                parsed += 1;
            }
        }
    }
    assert_eq!(parsed, 39);
}

#[test]
fn availability_of_each_entry_fixture() {
    let revoke = Some(url("http://example.com/revoke"));
    let since = Some(datetime!(2000-01-01 00:00:00 UTC));
    let until = Some(datetime!(2010-01-01 00:00:00 UTC));
    let copies_none_free = Some(Copies { total: Some(1), available: Some(0) });
    let cases = [
        (
            "entry-availability-loanable.xml",
            Availability::Loanable {
                copies: Some(Copies { total: Some(1), available: Some(1) }),
                holds: Some(Holds { total: Some(0), position: None }),
            },
        ),
        (
            "entry-availability-holdable.xml",
            Availability::Holdable {
                copies: copies_none_free,
                holds: Some(Holds { total: Some(0), position: None }),
            },
        ),
        (
            "entry-availability-held-indefinite.xml",
            Availability::Held {
                since,
                until: None,
                holds: Some(Holds { total: Some(0), position: None }),
                copies: copies_none_free,
                revoke: revoke.clone(),
            },
        ),
        (
            "entry-availability-held-indefinite-queued.xml",
            Availability::Held {
                since,
                until: None,
                holds: Some(Holds { total: Some(0), position: Some(3) }),
                copies: copies_none_free,
                revoke: revoke.clone(),
            },
        ),
        (
            "entry-availability-held-timed.xml",
            Availability::Held {
                since,
                until,
                holds: Some(Holds { total: Some(0), position: None }),
                copies: copies_none_free,
                revoke: revoke.clone(),
            },
        ),
        (
            "entry-availability-held-timed-queued.xml",
            Availability::Held {
                since,
                until,
                holds: Some(Holds { total: Some(0), position: Some(3) }),
                copies: copies_none_free,
                revoke: revoke.clone(),
            },
        ),
        (
            "entry-availability-heldready.xml",
            Availability::Ready { since, until: None, revoke: revoke.clone() },
        ),
        (
            "entry-availability-heldready-timed.xml",
            Availability::Ready { since, until, revoke: revoke.clone() },
        ),
        (
            "entry-availability-heldready-specific0.xml",
            Availability::Ready {
                since: None,
                until: Some(datetime!(2015-08-24 00:30:24 UTC)),
                revoke: revoke.clone(),
            },
        ),
        (
            "entry-availability-loaned-indefinite.xml",
            Availability::Loaned { since, until: None, revoke: revoke.clone() },
        ),
        (
            "entry-availability-loaned-timed.xml",
            Availability::Loaned { since, until, revoke: revoke.clone() },
        ),
        ("entry-availability-open-access.xml", Availability::OpenAccess { revoke: revoke.clone() }),
    ];
    for (name, expected) in cases {
        assert_eq!(entry(name).availability, expected, "{name}");
    }
}

#[test]
fn held_queued_entry_exposes_position_and_revoke() {
    let held = entry("entry-availability-held-timed-queued.xml");
    assert_eq!(held.id, "Held-Timed-Queued");
    assert_eq!(held.authors[0].name, "Author");
    assert_eq!(held.availability.holds().and_then(|h| h.position), Some(3));
    assert_eq!(held.availability.until(), Some(datetime!(2010-01-01 00:00:00 UTC)));
    assert_eq!(held.availability.revoke().map(Url::as_str), Some("http://example.com/revoke"));
}

#[test]
fn loans_shelf() {
    let loans = feed("loans.xml");
    assert_eq!(loans.title, "Active loans and holds");
    assert_eq!(loans.entries.len(), 2);
    let first = &loans.entries[0];
    assert_eq!(first.title, "101 Things I Learned ® in Culinary School");
    assert_eq!(first.publisher.as_deref(), Some("Grand Central Publishing"));
    assert_eq!(first.languages, ["en"]);
    // The availability has no end: the schema:Event loan end date fills it in.
    assert_eq!(
        first.availability,
        Availability::Loaned {
            since: Some(datetime!(2000-01-01 00:00:00 UTC)),
            until: Some(datetime!(2015-04-20 14:52:06 UTC)),
            revoke: Some(url("http://circulation.alpha.librarysimplified.org/loans/3M/bev589/revoke")),
        }
    );
    assert_eq!(loans.entries[1].availability.until(), Some(datetime!(3000-01-01 00:00:00 UTC)));
    assert!(loans.entries.iter().all(|e| e.acquisitions[0].drm() == Drm::Adobe));

    let books = feed("books-loans.xml");
    assert_eq!(books.entries.len(), 4);
    // Borrow links marked "available" mean "can be borrowed" (Palace semantics).
    assert!(books.entries.iter().all(|e| matches!(e.availability, Availability::Loanable { .. })));
    assert_eq!(books.entries[1].title, "On Yacht Sailing");

    let empty = feed("books-testBooksRevokeEmptyFeed.xml");
    assert!(empty.entries.is_empty() && empty.groups.is_empty() && empty.warnings.is_empty());
    assert_eq!(empty.feed_links.self_url, Some(url("urn:feed:0")));
}

#[test]
fn grouped_feed() {
    let groups = feed("acquisition-groups-0.xml");
    assert_eq!(groups.groups.len(), 24);
    assert!(groups.entries.is_empty());
    assert_eq!(groups.all_entries().count(), 458);
    let first = &groups.groups[0];
    assert_eq!(first.title, "Essential Reads on Feminism");
    assert_eq!(
        first.url,
        Some(url("https://d2txvnljjb5oij.cloudfront.net/NYNYPL/feed/2893?entrypoint=Book"))
    );
    assert_eq!(first.entries.len(), 20);
    assert_eq!(groups.groups[1].title, "Kids & Teens Feminism List");
    // Relative self link resolved against the feed URL.
    assert_eq!(groups.feed_links.self_url, Some(url("https://library.example/NYNYPL/groups/")));
    let formats = &groups.facets[0];
    assert_eq!(formats.title, "Formats");
    assert_eq!(formats.facets.iter().filter(|f| f.active).count(), 1);
    assert!(!groups.series().is_empty());

    let small = feed("client-facets-groups.xml");
    assert_eq!(small.groups.len(), 1);
    assert_eq!(small.groups[0].title, "Adventure");
    assert_eq!(small.groups[0].url, Some(url("https://library.example/feed.xml")));
    assert_eq!(small.groups[0].entries.len(), 3);
    assert_eq!(
        small.groups[0].entries[0].cover,
        Some(url("https://library.example/catalog/strawberries.png"))
    );
}

#[test]
fn facets_pagination_and_search() {
    let facets = feed("acquisition-facets-0.xml");
    assert_eq!(facets.facets.len(), 1);
    let sort = &facets.facets[0];
    assert_eq!(sort.title, "Sort by");
    assert_eq!(
        sort.facets.iter().map(|f| (f.title.as_str(), f.active)).collect::<Vec<_>>(),
        [("Title", false), ("Author", true)]
    );
    assert_eq!(
        facets.pagination.next,
        Some(url(
            "http://circulation.alpha.librarysimplified.org/feed/Picture%20Books?after=70276&order=author&size=50"
        ))
    );
    assert_eq!(
        facets.search,
        Some(SearchLink::Description(url(
            "http://circulation.alpha.librarysimplified.org/search/Picture%20Books"
        )))
    );

    let paginated = feed("acquisition-paginated-0.xml");
    assert_eq!(paginated.entries.len(), 50);
    assert!(
        paginated
            .pagination
            .next
            .as_ref()
            .is_some_and(|u| u.as_str().contains("/NYNYPL/feed/13?") && u.as_str().contains("key="))
    );
    let titles: Vec<&str> = paginated.facets.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, ["Sort by", "Availability", "Collection"]);
    let counts: Vec<usize> = paginated.facets.iter().map(|g| g.facets.len()).collect();
    assert_eq!(counts, [4, 3, 2]);
    assert_eq!(
        paginated.feed_links.shelf,
        Some(url("https://circulation.librarysimplified.org/NYNYPL/loans/"))
    );
    assert_eq!(
        paginated.feed_links.authentication,
        Some(url("https://circulation.librarysimplified.org/NYNYPL/authentication_document"))
    );

    let next: Vec<Option<Url>> = ["client-next-0.xml", "client-next-1.xml", "client-next-2.xml"]
        .iter()
        .map(|name| feed(name).pagination.next)
        .collect();
    assert_eq!(
        next,
        [
            Some(url("https://library.example/next-1.xml")),
            Some(url("https://library.example/next-2.xml")),
            None
        ]
    );

    let empty = feed("empty-0.xml");
    assert!(empty.entries.is_empty());
    assert_eq!(
        empty.search,
        Some(SearchLink::Description(url("http://library-simplified.herokuapp.com/search/Fiction")))
    );
}

#[test]
fn navigation_feeds() {
    let navigation = feed("navigation-0.xml");
    assert_eq!(navigation.navigation.len(), 28);
    assert!(navigation.entries.is_empty());
    let fiction = &navigation.navigation[0];
    assert_eq!(fiction.title, "Fiction");
    assert_eq!(fiction.url, url("http://library-simplified.herokuapp.com/feed/Fiction"));
    assert_eq!(navigation.navigation[1].title, "Biography & Memoir");
    assert_eq!(navigation.feed_links.shelf, Some(url("http://library-simplified.herokuapp.com/loans/")));

    // Relative links resolve against the feed URL.
    let feedbooks = feed("feedbooks-20190808.xml");
    assert_eq!(feedbooks.feed_links.start, Some(url("https://library.example/catalog/root.xml")));
    assert_eq!(
        feedbooks.search,
        Some(SearchLink::Description(url("https://library.example/catalog/opensearch.xml")))
    );
    assert_eq!(feedbooks.navigation.len(), 6);
}

#[test]
fn drm_indirect_acquisition_chain() {
    let drm = entry("entry-with-drm.xml");
    let acquisition = &drm.acquisitions[0];
    assert_eq!(acquisition.kind, AcquisitionKind::Generic);
    assert_eq!(acquisition.drm(), Drm::Adobe);
    let chains: Vec<Vec<&str>> =
        acquisition.chains().iter().map(|chain| chain.iter().map(|m| m.essence()).collect()).collect();
    assert_eq!(chains, [["application/vnd.adobe.adept+xml", "application/epub+zip"]]);
    assert_eq!(drm.availability.until(), Some(datetime!(2018-10-04 18:47:00 UTC)));

    let timed = entry("entry-availability-loaned-timed.xml");
    let chains: Vec<Vec<String>> = timed.acquisitions[0]
        .chains()
        .iter()
        .map(|chain| chain.iter().map(|m| m.essence().to_owned()).collect())
        .collect();
    assert_eq!(chains.len(), 2);
    assert_eq!(chains[1], ["application/atom+xml", "application/atom+xml", "text/html"]);
    assert_eq!(timed.contributors[0].name, "Alan Cumming");
    assert_eq!(timed.contributors[0].role.as_deref(), Some("nrt"));

    let formats = entry("entry-with-formats-0.xml");
    let names: Vec<&str> = formats.formats().iter().map(|m| m.essence()).collect();
    assert_eq!(names, ["application/epub+zip", "application/pdf", "text/html"]);

    let unsupported = entry("entry-no-supported-format.xml");
    assert!(unsupported.formats().iter().any(|m| m.essence() == "application/not-a-supported-format"));
    assert_eq!(unsupported.series.as_ref().map(|s| s.name.as_str()), Some("The Madman's Daughter"));

    let buy_only = entry("books-feed-only-buy-acquisitions.xml");
    assert_eq!(buy_only.acquisitions[0].kind, AcquisitionKind::Buy);
    assert_eq!(buy_only.availability, Availability::Unavailable);
}

#[test]
fn entry_metadata() {
    let anthem = entry("date-bug.xml");
    assert_eq!(anthem.id, "http://www.feedbooks.com/book/2837");
    assert_eq!(anthem.issued, Some(datetime!(1938-05-01 00:00:00 UTC)));
    assert_eq!(anthem.published, Some(datetime!(2018-03-25 00:00:00 UTC)));
    assert_eq!(anthem.authors[0].name, "Ayn Rand");
    assert!(anthem.authors[0].url.is_some());
    assert_eq!(anthem.collections[0].title, "Our Picks");
    assert_eq!(anthem.availability, Availability::OpenAccess { revoke: None });
    assert!(anthem.summary.as_ref().is_some_and(|s| s.text.starts_with("<p>Anthem is a dystopian")));
    assert_eq!(
        anthem.subjects.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
        ["Adult", "Fiction", "Science Fiction", "Literary Fiction"]
    );
    assert!(anthem.thumbnail.as_ref().is_some_and(|u| u.as_str().ends_with("2837.png")));
    assert!(anthem.detail.is_some() && anthem.related.is_some());
}

#[test]
fn malformed_inputs_give_typed_errors_or_warnings() {
    // A bad cover URL drops only that link.
    let bad_uri = feed("bad-uri-syntax.xml");
    assert_eq!(bad_uri.entries.len(), 1);
    assert_eq!(bad_uri.entries[0].cover, None);
    assert!(bad_uri.entries[0].thumbnail.is_some());
    assert!(matches!(
        &bad_uri.warnings[..],
        [Error::BadUrl { href, path, .. }] if href == "http:// clearly not valid" && path == "feed/entry[0]/link[0]"
    ));
    // An entry without links is dropped.
    let no_links = feed("navigation-bad-entry-no-links.xml");
    assert!(no_links.navigation.is_empty() && no_links.entries.is_empty());
    assert!(
        matches!(&no_links.warnings[..], [Error::MissingField { field: "link", path, .. }] if path == "feed/entry[0]")
    );
    // An entry document is not a feed, and the other way round.
    assert!(
        matches!(opds1::parse_feed(&read("entry-0.xml"), &base()), Err(Error::WrongDocument { found, .. }) if found == "entry")
    );
    assert!(
        matches!(opds1::parse_entry(&read("loans.xml"), &base()), Err(Error::WrongDocument { found, .. }) if found == "feed")
    );
    assert!(matches!(opds1::parse_document(&read("entry-0.xml"), &base()), Ok(CatalogDocument::Entry(_))));
}

#[test]
fn atom_search_template_and_thread_counts() {
    let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"
        xmlns:opds="http://opds-spec.org/2010/catalog" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
      <id>x</id><title>Magazines</title>
      <opensearch:totalResults>120</opensearch:totalResults>
      <link rel="search" type="application/atom+xml" href="/search?q={searchTerms}"/>
      <link rel="http://opds-spec.org/facet" href="?lang=ja" title="日本語" opds:facetGroup="Language" thr:count="42"/>
      <entry><id>a</id><title>Weekly 2024-05</title>
        <schema:Series xmlns:schema="http://schema.org/" name="Weekly" schema:position="5"/>
        <dcterms:issued xmlns:dcterms="http://purl.org/dc/terms/">2024-05-01</dcterms:issued>
        <link rel="http://opds-spec.org/acquisition/borrow" href="b/a"/></entry>
      <entry><id>b</id><title>Weekly 2024-06</title>
        <schema:Series xmlns:schema="http://schema.org/" name="Weekly" schema:position="6"/>
        <dcterms:issued xmlns:dcterms="http://purl.org/dc/terms/">2024-06-01</dcterms:issued>
        <link rel="http://opds-spec.org/acquisition/borrow" href="b/b"/></entry>
    </feed>"#;
    let feed = opds1::parse_feed(xml.as_bytes(), &base()).unwrap();
    assert_eq!(feed.facets[0].facets[0].title, "日本語");
    let Some(SearchLink::Template(template)) = &feed.search else { panic!("{:?}", feed.search) };
    assert_eq!(template.url_for("猫").unwrap().as_str(), "https://library.example/search?q=%E7%8C%AB");
    assert_eq!(feed.facets[0].facets[0].count, Some(42));
    assert_eq!(feed.pagination.total_items, Some(120));
    let series = feed.series();
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].name, "Weekly");
    assert_eq!(series[0].entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(series[0].entries[0].series.as_ref().and_then(|s| s.position), Some(6.0));
}

#[test]
fn spec_state_attribute_and_navigation_counts() {
    let xml = br#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opds="http://opds-spec.org/2010/catalog"
        xmlns:thr="http://purl.org/syndication/thread/1.0">
      <id>n</id><title>Menu</title>
      <entry><id>new</id><title>New arrivals</title>
        <link rel="http://opds-spec.org/sort/new" type="application/atom+xml;profile=opds-catalog" href="new" thr:count="12"/>
        <content type="text">Books added this week</content></entry>
      <entry><id>book</id><title>Ready book</title>
        <link rel="http://opds-spec.org/acquisition/borrow" href="borrow">
          <opds:availability state="ready" until="2024-05-01T00:00:00Z"/></link></entry>
    </feed>"#;
    let feed = opds1::parse_feed(xml, &base()).unwrap();
    assert_eq!(feed.navigation.len(), 1);
    let new = &feed.navigation[0];
    assert_eq!((new.title.as_str(), new.count), ("New arrivals", Some(12)));
    assert_eq!(new.rel.as_deref(), Some("http://opds-spec.org/sort/new"));
    assert_eq!(new.summary.as_deref(), Some("Books added this week"));
    assert_eq!(new.url, url("https://library.example/catalog/new"));
    assert_eq!(
        feed.entries[0].availability,
        Availability::Ready { since: None, until: Some(datetime!(2024-05-01 00:00:00 UTC)), revoke: None }
    );
}
