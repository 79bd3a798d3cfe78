//! Authentication for OPDS documents from the Palace fixtures (Apache-2.0).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use tomoshibi::library::auth_document::{self, AuthenticationDocument, FlowKind, Input, Keyboard};
use tomoshibi::library::media_type::MediaType;
use tomoshibi::library::{DocumentKind, Error, JsonType};
use url::Url;

/// Says whether an error is the expected one.
type ErrorCheck = fn(&Error) -> bool;

const DIR: &str = "tests/fixtures/opds/auth-palace-android-core";

fn base() -> Url {
    Url::parse("https://library.example/auth").unwrap()
}

fn parse(name: &str) -> Result<AuthenticationDocument, Error> {
    auth_document::parse(&std::fs::read(format!("{DIR}/{name}")).unwrap(), &base())
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

#[test]
fn both_media_types_are_authentication_documents() {
    for text in ["application/opds-authentication+json", "application/vnd.opds.authentication.v1.0+json"] {
        assert!(MediaType::parse(text).unwrap().is_auth_document(), "{text}");
    }
}

#[test]
fn nypl_basic_flow_with_inputs() {
    let nypl = parse("nypl-20190603.json").unwrap();
    assert_eq!(nypl.id, "https://circulation.librarysimplified.org/NYNYPL/authentication_document");
    assert_eq!(nypl.title, "The New York Public Library");
    let basic = &nypl.flows[0];
    assert_eq!(basic.kind, FlowKind::Basic);
    assert_eq!(basic.description.as_deref(), Some("Library Barcode"));
    assert_eq!(
        (basic.labels.login.as_deref(), basic.labels.password.as_deref()),
        (Some("Barcode"), Some("PIN"))
    );
    assert_eq!(
        basic.login_input,
        Some(Input {
            keyboard: Keyboard::Default,
            maximum_length: None,
            barcode_format: Some("Codabar".to_owned())
        })
    );
    assert_eq!(
        basic.password_input,
        Some(Input { keyboard: Keyboard::NumberPad, maximum_length: Some(4), barcode_format: None })
    );
    assert_eq!(nypl.links.register, Some(url("https://patrons.librarysimplified.org/")));
    assert_eq!(nypl.links.start, Some(url("https://circulation.librarysimplified.org/NYNYPL/")));
    assert_eq!(nypl.links.shelf, Some(url("https://circulation.librarysimplified.org/NYNYPL/loans/")));
    assert_eq!(nypl.links.profile, Some(url("https://circulation.librarysimplified.org/NYNYPL/patrons/me/")));
    assert_eq!(nypl.links.help, [url("mailto:simplyehelp@nypl.org")]);
    assert!(nypl.links.logo.as_ref().is_some_and(|u| u.scheme() == "data"));
    assert_eq!(nypl.first_supported().map(|f| f.kind), Some(FlowKind::Basic));
}

#[test]
fn example_flows_and_links() {
    let example = parse("example.json").unwrap();
    assert_eq!(
        example.description.as_deref(),
        Some("Enter a valid library card number and PIN code to authenticate on our service.")
    );
    let kinds: Vec<FlowKind> = example.flows.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FlowKind::Basic, FlowKind::OAuthImplicit, FlowKind::BasicToken]);
    assert_eq!(example.flows[0].labels.login.as_deref(), Some("Library card"));
    assert_eq!(example.flows[1].link("authenticate"), Some(&url("http://example.com/oauth")));
    assert_eq!(example.flows[1].link("refresh"), Some(&url("http://example.com/oauth/refresh")));
    assert_eq!(example.flows[2].labels.password.as_deref(), Some("PIN"));
    assert_eq!(example.links.logo, Some(url("http://example.com/logo.jpg")));
    assert_eq!(
        example.links.help,
        [url("mailto:support@example.org"), url("tel:1800836482"), url("http://example.com/support")]
    );
    assert_eq!(example.links.register, Some(url("http://example.com/registration")));

    let minimal = parse("minimal.json").unwrap();
    assert_eq!((minimal.title.as_str(), minimal.flows.len()), ("Public Library", 0));
    assert!(minimal.first_supported().is_none());
}

#[test]
fn saml_and_intermediary_flows_are_kept_but_unsupported() {
    let saml = parse("saml_2_0.json").unwrap();
    let kinds: Vec<FlowKind> = saml.flows.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FlowKind::Basic, FlowKind::Saml]);
    assert!(!FlowKind::Saml.is_supported());
    assert_eq!(saml.flows[1].links.len(), 2);
    assert_eq!(saml.flows[1].description.as_deref(), Some("SAML 2.0 Web SSO"));
    assert_eq!(saml.links.shelf, Some(url("http://cm.hilbertteam.net/SAML/loans/")));

    let open_ebooks = parse("openebooks_20200514.json").unwrap();
    assert_eq!(open_ebooks.flows[0].labels.login.as_deref(), Some("Access Code"));
    assert_eq!(
        open_ebooks.flows[0].link("logo"),
        Some(&url("https://circulation.openebooks.us/images/FirstBookLoginButton280.png"))
    );
    assert_eq!(open_ebooks.flows[1].kind, FlowKind::OAuthIntermediary);
    assert_eq!(open_ebooks.flows[1].description.as_deref(), Some("Clever"));

    let qa = parse("nypl_qa_20201203.json").unwrap();
    assert_eq!(qa.title, "New York Public Library - QA Server");
    assert_eq!(qa.links.register.as_ref().map(Url::scheme), Some("nypl.card-creator"));
}

#[test]
fn early_library_simplified_form() {
    let legacy = parse("auth-specific-0.json").unwrap();
    assert_eq!(legacy.id, "2ba6a1aa-963b-314a-97d1-bdad73bcd6f1");
    assert_eq!(legacy.flows.len(), 1);
    assert_eq!(legacy.flows[0].kind, FlowKind::Basic);
    assert_eq!(legacy.flows[0].labels.login.as_deref(), Some("Barcode"));
    assert_eq!(legacy.flows[0].labels.password.as_deref(), Some("PIN"));
    assert!(legacy.all_links.iter().any(|l| l.has_rel("privacy-policy")));
}

#[test]
fn bad_documents_give_typed_errors() {
    let doc = DocumentKind::Authentication;
    let cases: [(&str, ErrorCheck); 7] = [
        ("empty.json", |e| matches!(e, Error::NotJson { line: 1, column: 0, .. })),
        (
            "example_bad_authentication.json",
            |e| matches!(e, Error::MissingField { field: "type", path, .. } if path == "$.authentication[0]"),
        ),
        (
            "example_bad_authentications.json",
            |e| matches!(e, Error::WrongType { path, expected: JsonType::Array, .. } if path == "$.authentication"),
        ),
        (
            "example_bad_labels.json",
            |e| matches!(e, Error::WrongType { path, expected: JsonType::String, .. } if path == "$.authentication[0].labels.login"),
        ),
        (
            "example_bad_link.json",
            |e| matches!(e, Error::MissingField { field: "href", path, .. } if path == "$.links[0]"),
        ),
        (
            "example_bad_links.json",
            |e| matches!(e, Error::WrongType { path, expected: JsonType::Array, .. } if path == "$.links"),
        ),
        (
            "example_missing_id.json",
            |e| matches!(e, Error::MissingField { field: "id", path, .. } if path == "$"),
        ),
    ];
    for (name, check) in cases {
        let error = parse(name).err().unwrap_or_else(|| panic!("{name} parsed"));
        assert!(check(&error), "{name}: {error:?}");
        assert_eq!(error.document(), doc);
    }
}
