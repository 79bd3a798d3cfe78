//! LCP licence, License Status Document, problem details, user profile and catalog sniffing.
//! The LCP examples follow the Readium LCP and LSD specifications' own examples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use time::macros::datetime;
use tomoshibi::library::lcp::{self, LicenseState, Problem, ProblemKind};
use tomoshibi::library::uri_template::Href;
use tomoshibi::library::{
    CatalogDocument, CatalogFormat, DocumentKind, Error, detect_format, parse_catalog, profile,
};
use url::Url;

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

const LICENSE: &str = r#"{
  "provider": "https://www.imaginaryebookretailer.com",
  "id": "ef15e740-697f-11e3-949a-0800200c9a66",
  "issued": "2013-11-04T01:08:15+01:00",
  "updated": "2014-02-21T09:44:17+01:00",
  "encryption": {
    "profile": "http://readium.org/lcp/basic-profile",
    "content_key": {"encrypted_value": "/k8RpXqf4E2WEunCp76E8PjhS051NXwAXeTD1ioazYxCRGvHLAck/KQ3cCh5JxDmCK0nRLyAxs1X0aA3z55boQ==", "algorithm": "http://www.w3.org/2001/04/xmlenc#aes256-cbc"},
    "user_key": {"text_hint": "Enter your email address", "algorithm": "http://www.w3.org/2001/04/xmlenc#sha256", "key_check": "jJEjUDipHK3OjGt6kFq7dcOLZuicQFUYwQ+TYkAIWKm6Xv6kpHFhF7LOkUK/Owww"}
  },
  "links": [
    {"rel": "hint", "href": "https://www.imaginaryebookretailer.com/lcp/hint", "type": "text/html"},
    {"rel": "publication", "href": "https://www.imaginaryebookretailer.com/books/9780000000001.epub", "type": "application/epub+zip", "length": 264145, "hash": "8b752f93e5e73a9c3e2be7dd9c6b9a2e5b7a1b5c"},
    {"rel": "status", "href": "/lsd/ef15e740", "type": "application/vnd.readium.license.status.v1.0+json"}
  ],
  "user": {"id": "d9f298a7-7f34-49e7-8aae-4378ecb1d597", "email": "EnCt2b8c6d2afd94ae4ed201b27049d8ce1afe31a90ceb8c6d2afd94ae4ed201b2704RjkaXRveAAarHwdlID1KCIwEmS", "encrypted": ["email"]},
  "rights": {"print": 10, "copy": 2048, "start": "2013-11-04T01:08:15+01:00", "end": "2013-11-25T01:08:15+01:00"},
  "signature": {"algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "certificate": "MIIDEjCCAfqgAwIBAgIBATANBgkqhkiG9w0BAQsFADBA", "value": "q/3IInic9c/EaJHyG1Kkqk5v1zlJNsiQBmxz4lykhyD3dA2jg2ZzrOenYU9GxP/xhe5H5Kt2WaJ/hnt8+GWrEx1QOwnNEij5CmIpZ63yRNKnFS5rSRnDMYmQT/fkUYco7BUi7MPPU6OFf4+kaToNWl8m/ZlMxDcS3BZnVhSEKzUNQn1f2y3sUcXjes7wHbImDc6dRthbL/E+assh5HEqakrDuA4lM8XNfukEYQJnivqhqMLOGM33RnS5nZKrPPK/c2F/vGjJffSrlX3W3Jlds0/MZ6wtVeKIugR06c56V6+qKsnMLAQJaeOxxBXmbFdAEyplP9irn4D9tQZKqbbMIw=="}
}"#;

const STATUS: &str = r#"{
  "id": "ef15e740-697f-11e3-949a-0800200c9a66",
  "status": "active",
  "message": "Your license is currently active and has been used on one device.",
  "updated": {"license": "2014-08-24T00:00:00Z", "status": "2014-09-04T00:00:00Z"},
  "links": [
    {"rel": "license", "href": "https://example.org/license/35d9b4b2", "type": "application/vnd.readium.lcp.license.v1.0+json"},
    {"rel": "register", "href": "https://example.org/license/35d9b4b2/register{?id,name}", "type": "application/vnd.readium.license.status.v1.0+json", "templated": true},
    {"rel": "return", "href": "https://example.org/license/35d9b4b2/return{?id,name}", "type": "application/vnd.readium.lcp.license.v1.0+json", "templated": true},
    {"rel": "renew", "href": "https://example.org/license/35d9b4b2/renew{?end,id,name}", "type": "application/vnd.readium.lcp.license.v1.0+json", "templated": true}
  ],
  "potential_rights": {"end": "2014-09-14T00:00:00Z"},
  "events": [{"type": "register", "name": "eBook App (Android)", "timestamp": "2014-08-24T00:00:00Z", "id": "709e1380-3528-11e4-8c21-0800200c9a66"}]
}"#;

#[test]
fn lcp_license() {
    let base = url("https://www.imaginaryebookretailer.com/lcp/licenses/1");
    let license = lcp::parse_license(LICENSE.as_bytes(), &base).unwrap();
    assert_eq!(license.id, "ef15e740-697f-11e3-949a-0800200c9a66");
    assert!(license.is_basic_profile());
    assert_eq!(license.text_hint.as_deref(), Some("Enter your email address"));
    assert_eq!((license.rights.print, license.rights.copy), (Some(10), Some(2048)));
    assert_eq!(license.rights.start, Some(datetime!(2013-11-04 01:08:15 +01:00)));
    assert_eq!(license.rights.end, Some(datetime!(2013-11-25 01:08:15 +01:00)));
    assert_eq!(
        license.publication,
        Some(url("https://www.imaginaryebookretailer.com/books/9780000000001.epub"))
    );
    assert_eq!(license.status, Some(url("https://www.imaginaryebookretailer.com/lsd/ef15e740")));
    assert_eq!(license.hint, Some(url("https://www.imaginaryebookretailer.com/lcp/hint")));

    let no_encryption = lcp::parse_license(br#"{"id": "x", "provider": "y"}"#, &base);
    assert!(matches!(
        no_encryption,
        Err(Error::MissingField { document: DocumentKind::LcpLicense, field: "encryption", .. })
    ));
}

#[test]
fn license_status_document() {
    let base = url("https://example.org/lsd/1");
    let status = lcp::parse_status(STATUS.as_bytes(), &base).unwrap();
    assert_eq!(status.status, LicenseState::Active);
    assert!(!status.status.is_over());
    assert_eq!(status.license_updated, Some(datetime!(2014-08-24 00:00:00 UTC)));
    assert_eq!(status.potential_end, Some(datetime!(2014-09-14 00:00:00 UTC)));
    assert_eq!(status.license, Some(url("https://example.org/license/35d9b4b2")));
    let Some(Href::Template(register)) = &status.register else { panic!("{:?}", status.register) };
    assert_eq!(
        register.expand(&[("id", "device-1"), ("name", "Tomoshibi 灯")]).unwrap().as_str(),
        "https://example.org/license/35d9b4b2/register?id=device-1&name=Tomoshibi%20%E7%81%AF"
    );
    let Some(Href::Template(renew)) = &status.renew else { panic!() };
    assert_eq!(
        renew.expand(&[("end", "2014-09-20T00:00:00Z"), ("id", "d")]).unwrap().as_str(),
        "https://example.org/license/35d9b4b2/renew?end=2014-09-20T00%3A00%3A00Z&id=d"
    );
    assert!(status.return_link.is_some());

    let states = [
        ("ready", false),
        ("active", false),
        ("revoked", true),
        ("returned", true),
        ("cancelled", true),
        ("expired", true),
    ];
    for (text, over) in states {
        assert_eq!(LicenseState::parse(text).map(LicenseState::is_over), Some(over), "{text}");
    }
    let unknown = lcp::parse_status(br#"{"id": "x", "status": "lost"}"#, &base);
    assert!(matches!(unknown, Err(Error::WrongDocument { found, .. }) if found == "status lost"));
}

#[test]
fn problem_documents() {
    let cases = [
        (
            r#"{"type": "http://librarysimplified.org/terms/problem/loan-limit-reached", "title": "Loan limit reached.", "status": 403, "detail": "You have reached your loan limit."}"#,
            ProblemKind::LoanLimitReached,
            Some(403),
        ),
        (
            r#"{"type": "http://librarysimplified.org/terms/problem/credentials-invalid", "status": 401}"#,
            ProblemKind::CredentialsInvalid,
            Some(401),
        ),
        (
            r#"{"type": "http://librarysimplified.org/terms/problem/hold-limit-reached/"}"#,
            ProblemKind::HoldLimitReached,
            None,
        ),
        (r#"{"title": "Server error", "status": "500"}"#, ProblemKind::Other, Some(500)),
    ];
    for (json, kind, status) in cases {
        let problem = Problem::parse(json.as_bytes()).unwrap();
        assert_eq!((problem.kind(), problem.status), (kind, status), "{json}");
    }
    let detail = Problem::parse(cases[0].0.as_bytes()).unwrap().detail;
    assert_eq!(detail.as_deref(), Some("You have reached your loan limit."));
    assert!(matches!(Problem::parse(b"<html>"), Err(Error::NotJson { document: DocumentKind::Problem, .. })));
}

#[test]
fn user_profile_palace_shape() {
    let json = br#"{"simplified:authorization_identifier": "23333999999915",
      "drm": [{"drm:vendor": "NYPL"}],
      "links": [{"href": "https://example.org/annotations/", "rel": "http://www.w3.org/ns/oa#annotationService"}],
      "simplified:authorization_expires": "2025-05-01T00:00:00Z",
      "settings": {"simplified:synchronize_annotations": true},
      "loans": {"total": 10, "available": 7}, "holds": {"total": 10, "available": 10}}"#;
    let profile = profile::parse(json).unwrap();
    assert_eq!(profile.loans.map(|l| (l.total, l.available)), Some((Some(10), Some(7))));
    assert_eq!(profile.holds.map(|h| h.is_used_up()), Some(false));
}

#[test]
fn catalog_format_detection() {
    let cases: [(&[u8], Option<&str>, Option<CatalogFormat>); 6] = [
        (b"{}", Some("application/atom+xml;profile=opds-catalog"), Some(CatalogFormat::Opds1)),
        (b"<feed/>", Some("application/opds+json"), Some(CatalogFormat::Opds2)),
        (b"\xEF\xBB\xBF  <feed/>", Some("text/plain"), Some(CatalogFormat::Opds1)),
        (b"\n{\"metadata\":{}}", None, Some(CatalogFormat::Opds2)),
        (b"This is not XML.", Some("text/html"), None),
        (b"", None, None),
    ];
    for (bytes, content_type, expected) in cases {
        assert_eq!(detect_format(bytes, content_type), expected, "{content_type:?}");
    }
    let base = url("https://library.example/");
    let entry = std::fs::read("tests/fixtures/opds/opds1-palace-android-core/entry-0.xml").unwrap();
    assert!(matches!(
        parse_catalog(&entry, Some("application/atom+xml"), &base),
        Ok(CatalogDocument::Entry(_))
    ));
    let feed = std::fs::read("tests/fixtures/opds/opds2-palace-android-opds2/aldiko_home.json").unwrap();
    assert!(matches!(parse_catalog(&feed, Some("application/json"), &base), Ok(CatalogDocument::Feed(_))));
    let not_xml = std::fs::read("tests/fixtures/opds/opds1-palace-android-core/bad-not-xml.xml").unwrap();
    assert!(matches!(
        parse_catalog(&not_xml, Some("text/html"), &base),
        Err(Error::WrongDocument { document: DocumentKind::Catalog, .. })
    ));
}
