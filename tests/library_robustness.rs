//! Damaged copies of every fixture (cut short, bytes overwritten) must give a result or a
//! typed error — never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use tomoshibi::library::{auth_document, lcp, opensearch, parse_catalog, profile};
use url::Url;

/// Feeds one damaged document to every parser.
fn parse_everything(bytes: &[u8], base: &Url) -> usize {
    let mut errors = 0;
    errors += usize::from(parse_catalog(bytes, None, base).is_err());
    errors += usize::from(parse_catalog(bytes, Some("application/atom+xml"), base).is_err());
    errors += usize::from(parse_catalog(bytes, Some("application/opds+json"), base).is_err());
    errors += usize::from(auth_document::parse(bytes, base).is_err());
    errors += usize::from(profile::parse(bytes).is_err());
    errors += usize::from(lcp::parse_license(bytes, base).is_err());
    errors += usize::from(lcp::parse_status(bytes, base).is_err());
    errors += usize::from(lcp::Problem::parse(bytes).is_err());
    errors += usize::from(opensearch::OpenSearchDescription::parse(bytes, base).is_err());
    errors
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in
        ["opds1-palace-android-core", "auth-palace-android-core", "opds2-palace-android-opds2", "opds2-misc"]
    {
        for item in std::fs::read_dir(format!("tests/fixtures/opds/{dir}")).unwrap() {
            let path = item.unwrap().path();
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn truncated_and_corrupted_fixtures_never_panic() {
    let base = Url::parse("https://library.example/catalog/").unwrap();
    let mut variants = 0;
    let mut errors = 0;
    for (name, bytes) in fixtures() {
        // Big files get fewer variants to keep the debug test fast.
        let cuts = if bytes.len() > 100_000 { 3 } else { 24 };
        for step in 1..cuts {
            let cut = bytes.len() * step / cuts;
            errors += parse_everything(&bytes[..cut], &base);
            let mut corrupted = bytes.clone();
            for (offset, byte) in [(0, b'<'), (7, b'"'), (13, b'{'), (29, 0xFF)] {
                if let Some(slot) = corrupted.get_mut((cut + offset) % bytes.len().max(1)) {
                    *slot = byte;
                }
            }
            errors += parse_everything(&corrupted, &base);
            variants += 2;
        }
        assert!(variants > 0, "{name}");
    }
    // Each damaged document is refused by most of the nine parsers; none of them panicked.
    assert!(variants > 1_000, "{variants}");
    assert!(errors > variants * 7, "{errors} errors for {variants} variants");
}

#[test]
fn hostile_xml_is_refused_quickly() {
    let base = Url::parse("https://library.example/").unwrap();
    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol3;</title></feed>"#;
    let feed = tomoshibi::library::opds1::parse_feed(laughs, &base).unwrap();
    assert_eq!(feed.title, "&lol3;");
    let external = br#"<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title></feed>"#;
    assert_eq!(tomoshibi::library::opds1::parse_feed(external, &base).unwrap().title, "&xxe;");
    let deep = "<feed xmlns='http://www.w3.org/2005/Atom'>".to_owned() + &"<x>".repeat(100_000);
    assert!(tomoshibi::library::opds1::parse_feed(deep.as_bytes(), &base).is_err());
    let deep_json = "[".repeat(100_000);
    assert!(parse_catalog(deep_json.as_bytes(), None, &base).is_err());
}
