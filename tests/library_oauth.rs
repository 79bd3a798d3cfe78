//! Browser sign-in (Authentication for OPDS "OAuth implicit") against the demo library over real
//! HTTP. The test plays the browser: it is handed the sign-in address, reads the library's form,
//! posts card and PIN, follows the redirect to the app's loopback listener and, as the relay
//! page's script would, posts the URL fragment back to it. Every wait has a time limit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, LOCATION};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tomoshibi::demo_library::{DEMO_CARD, DEMO_PIN, DemoConfig, DemoLibrary};
use tomoshibi::library::client::{ClientConfig, FetchError, LibraryClient};
use tomoshibi::library::oauth::{self, AccessToken, OAuthError, Options};
use url::Url;

/// The longest any step may take before the test fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

struct Env {
    library: DemoLibrary,
    _dir: tempfile::TempDir,
    client: LibraryClient,
    browser: reqwest::Client,
}

async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let library = DemoLibrary::start(DemoConfig::new(dir.path().join("demo.sqlite3"))).await.unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    Env { library, _dir: dir, client: LibraryClient::new(&ClientConfig::default()).unwrap(), browser }
}

type SignIn = JoinHandle<Result<AccessToken, OAuthError>>;

impl Env {
    /// The `authenticate` link of the demo library's implicit flow, read from its document.
    async fn endpoint(&self) -> Url {
        let auth = self.library.url().join("/auth").unwrap();
        let document = self.client.fetch_authentication(&auth).await.unwrap();
        oauth::authorize_endpoint(&document).expect("the demo offers browser sign-in").clone()
    }

    /// Starts a sign-in whose "browser" hands the address to the test.
    async fn start(&self, timeout: Duration) -> (SignIn, Url) {
        let endpoint = self.endpoint().await;
        let (sender, mut receiver) = mpsc::unbounded_channel::<Url>();
        let sign_in = tokio::spawn(async move {
            let browser = move |url: &Url| sender.send(url.clone()).map_err(|e| e.to_string());
            oauth::sign_in(&endpoint, &browser, &Options { timeout, ..Options::default() }).await
        });
        let opened =
            tokio::time::timeout(LIMIT, receiver.recv()).await.unwrap().expect("the browser was opened");
        (sign_in, opened)
    }

    async fn get(&self, url: &Url, language: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let response = self.browser.get(url.clone()).header(ACCEPT_LANGUAGE, language).send().await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.text().await.unwrap())
    }

    async fn post_form(&self, url: &Url, fields: &[(String, String)]) -> reqwest::Response {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        self.browser
            .post(url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Fills in the library's form at `page` with `card` and `pin` and presses `button`
    /// (`allow` or `deny`), as a browser would.
    async fn submit(&self, page: &Url, card: &str, pin: &str, button: &str) -> reqwest::Response {
        let (status, _, html) = self.get(page, "en").await;
        assert_eq!(status, StatusCode::OK, "{html}");
        let (action, mut fields) = form_fields(&html);
        fields.extend([("card", card), ("pin", pin), ("action", button)].map(|(k, v)| (k.into(), v.into())));
        self.post_form(&page.join(&action).unwrap(), &fields).await
    }

    /// What the browser does with the library's redirect: loads the callback page, then runs its
    /// script, which posts the fragment to `/token`. Returns the status `/token` answered.
    async fn follow(&self, response: reqwest::Response) -> StatusCode {
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
        assert_eq!(location.host_str(), Some("127.0.0.1"));
        let fragment = location.fragment().expect("the token travels in the fragment").to_owned();
        let mut page = location.clone();
        page.set_fragment(None);
        let (status, headers, html) = self.get(&page, "en").await;
        assert_eq!(status, StatusCode::OK);
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'nonce-"), "{csp}");
        assert!(html.contains("fetch(\"/token\"") && html.contains("location.hash"), "{html}");
        assert!(!html.contains("http://") && !html.contains("https://"), "the page loads nothing: {html}");
        let fields: Vec<(String, String)> =
            url::form_urlencoded::parse(fragment.as_bytes()).into_owned().collect();
        self.post_form(&page.join("/token").unwrap(), &fields).await.status()
    }
}

/// The form's action and its hidden fields.
fn form_fields(html: &str) -> (String, Vec<(String, String)>) {
    let document = scraper::Html::parse_document(html);
    let form = document.select(&scraper::Selector::parse("form").unwrap()).next().expect("a form");
    let action = form.value().attr("action").unwrap().to_owned();
    let hidden = scraper::Selector::parse("input[type=hidden]").unwrap();
    let fields = form
        .select(&hidden)
        .map(|input| {
            (input.value().attr("name").unwrap().into(), input.value().attr("value").unwrap().into())
        })
        .collect();
    (action, fields)
}

async fn finished(sign_in: SignIn) -> Result<AccessToken, OAuthError> {
    tokio::time::timeout(LIMIT, sign_in).await.expect("the sign-in ended").unwrap()
}

fn param(url: &Url, key: &str) -> String {
    url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned()).unwrap_or_default()
}

#[tokio::test]
async fn the_patron_signs_in_on_the_library_s_page_and_the_token_reads_the_shelf() {
    let env = env().await;
    let (sign_in, page) = env.start(Duration::from_secs(60)).await;
    assert_eq!(page.path(), "/oauth/authorize");
    assert_eq!(param(&page, "response_type"), "token");
    assert_eq!(param(&page, "client_id"), "tomoshibi");
    let redirect = Url::parse(&param(&page, "redirect_uri")).unwrap();
    assert_eq!((redirect.host_str(), redirect.path()), (Some("127.0.0.1"), "/callback"));
    assert!(param(&page, "state").len() >= 20, "the state is long and random");

    // A wrong PIN shows the form again with the problem said, and sends the browser nowhere.
    let wrong = env.submit(&page, DEMO_CARD, "0000", "allow").await;
    assert_eq!(wrong.status(), StatusCode::OK);
    assert!(wrong.headers().get(LOCATION).is_none());
    let html = wrong.text().await.unwrap();
    assert!(html.contains("role=\"alert\"") && html.contains("aria-invalid=\"true\""), "{html}");
    assert!(!sign_in.is_finished());

    let right = env.submit(&page, DEMO_CARD, DEMO_PIN, "allow").await;
    assert_eq!(env.follow(right).await, StatusCode::NO_CONTENT);
    let token = finished(sign_in).await.unwrap();
    assert_eq!(token.expires_in, Some(Duration::from_secs(3600)));
    assert!(!token.secret().contains(DEMO_PIN));

    // The token alone reads the patron's shelf.
    let shelf = env.library.url().join("/loans").unwrap();
    let feed = env.client.shelf(&shelf, &token.credentials()).await.unwrap();
    assert!(feed.entries.is_empty());
    // The listener is gone: nothing more is accepted.
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", redirect.port().unwrap())).await.is_err());
    let forged = tomoshibi::library::client::Credentials::Bearer(format!("{}x", token.secret()));
    assert!(matches!(env.client.shelf(&shelf, &forged).await, Err(FetchError::SignInFailed { .. })));
}

#[tokio::test]
async fn answers_without_our_state_are_refused_and_the_real_one_still_counts() {
    let env = env().await;
    let (sign_in, page) = env.start(Duration::from_secs(60)).await;
    let callback = Url::parse(&param(&page, "redirect_uri")).unwrap();
    let token_url = callback.join("/token").unwrap();
    let forged = |state: &str| {
        vec![("access_token".to_owned(), "evil".to_owned()), ("state".to_owned(), state.into())]
    };
    assert_eq!(env.post_form(&token_url, &forged("guessed")).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(env.post_form(&token_url, &forged("")[..1]).await.status(), StatusCode::BAD_REQUEST);
    let mut wrong = callback.clone();
    wrong.set_query(Some("access_token=evil&state=guessed"));
    assert_eq!(env.get(&wrong, "en").await.0, StatusCode::BAD_REQUEST);
    // A page on another name for this computer (DNS rebinding) is refused too.
    let rebinding = env
        .browser
        .post(token_url.clone())
        .header("host", "evil.example")
        .body(format!("access_token=evil&state={}", param(&page, "state")))
        .send()
        .await
        .unwrap();
    assert_eq!(rebinding.status(), StatusCode::BAD_REQUEST);
    assert!(!sign_in.is_finished());

    let right = env.submit(&page, DEMO_CARD, DEMO_PIN, "allow").await;
    assert_eq!(env.follow(right).await, StatusCode::NO_CONTENT);
    let token = finished(sign_in).await.unwrap();
    assert_ne!(token.secret(), "evil");
}

#[tokio::test]
async fn cancel_on_the_library_s_page_is_access_denied() {
    let env = env().await;
    let (sign_in, page) = env.start(Duration::from_secs(60)).await;
    let denied = env.submit(&page, "", "", "deny").await;
    let location = denied.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("error=access_denied"), "{location}");
    assert_eq!(env.follow(denied).await, StatusCode::BAD_REQUEST);
    assert_eq!(finished(sign_in).await, Err(OAuthError::Denied { description: None }));
}

#[tokio::test]
async fn a_token_in_the_callback_query_is_taken_palace_style() {
    let env = env().await;
    let (sign_in, page) = env.start(Duration::from_secs(60)).await;
    let mut callback = Url::parse(&param(&page, "redirect_uri")).unwrap();
    callback
        .query_pairs_mut()
        .append_pair("id", "http://library.example/auth")
        .append_pair("access_token", "palace-token")
        .append_pair("token_type", "bearer")
        .append_pair("state", &param(&page, "state"));
    let (status, _, html) = env.get(&callback, "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("return to Tomoshibi"), "{html}");
    assert_eq!(finished(sign_in).await.unwrap().secret(), "palace-token");
}

#[tokio::test]
async fn the_demo_library_never_sends_a_token_off_this_computer() {
    let env = env().await;
    let endpoint = env.endpoint().await;
    for target in ["https://evil.example/callback", "http://127.0.0.1@evil.example/cb", "opds://authorize/"] {
        let mut page = endpoint.clone();
        page.query_pairs_mut()
            .append_pair("response_type", "token")
            .append_pair("redirect_uri", target)
            .append_pair("state", "s");
        let (status, headers, html) = env.get(&page, "en").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{target}");
        assert!(headers.get(LOCATION).is_none() && html.contains("role=\"alert\""), "{target}");
        let fields: Vec<(String, String)> = page
            .query_pairs()
            .into_owned()
            .chain([("card".to_owned(), DEMO_CARD.to_owned()), ("pin".to_owned(), DEMO_PIN.to_owned())])
            .collect();
        let posted = env.post_form(&endpoint, &fields).await;
        assert_eq!(posted.status(), StatusCode::BAD_REQUEST, "{target}");
        assert!(posted.headers().get(LOCATION).is_none());
        assert!(!posted.text().await.unwrap().contains("access_token"));
    }
}

#[tokio::test]
async fn the_library_s_page_speaks_the_patron_s_language_with_labelled_fields() {
    let env = env().await;
    let mut page = env.endpoint().await;
    page.query_pairs_mut()
        .append_pair("response_type", "token")
        .append_pair("client_id", "tomoshibi")
        .append_pair("redirect_uri", "http://127.0.0.1:9/callback")
        .append_pair("state", "<s>");
    let (_, headers, ja) = env.get(&page, "ja,en;q=0.5").await;
    assert!(ja.contains("<html lang=\"ja\"") && ja.contains("利用者カード番号"), "{ja}");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let (_, _, en) = env.get(&page, "en").await;
    for needle in
        ["<label for=\"card\">", "<label for=\"pin\">", "autocomplete=\"current-password\"", "&lt;s&gt;"]
    {
        assert!(en.contains(needle), "{needle}: {en}");
    }
    assert!(!en.contains("<s>"), "the state is escaped");
    let (_, fields) = form_fields(&en);
    assert!(fields.contains(&("state".to_owned(), "<s>".to_owned())));
}

#[tokio::test]
async fn waiting_ends_by_timeout_or_cancel_and_never_hangs() {
    let env = env().await;
    // Nobody finishes in the browser: the sign-in gives up on time.
    let (sign_in, page) = env.start(Duration::from_millis(300)).await;
    assert_eq!(finished(sign_in).await, Err(OAuthError::TimedOut(Duration::from_millis(300))));
    let port = Url::parse(&param(&page, "redirect_uri")).unwrap().port().unwrap();
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err());

    // Cancelling (dropping the future) closes the listener at once.
    let (sign_in, page) = env.start(Duration::from_secs(60)).await;
    let port = Url::parse(&param(&page, "redirect_uri")).unwrap().port().unwrap();
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok());
    sign_in.abort();
    assert!(tokio::time::timeout(LIMIT, sign_in).await.unwrap().unwrap_err().is_cancelled());
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err());

    // No browser, or a link that is no web page: an error at once, never a wait.
    let endpoint = env.endpoint().await;
    let none = |_: &Url| Err::<(), _>("no browser here".to_owned());
    let result = tokio::time::timeout(LIMIT, oauth::sign_in(&endpoint, &none, &Options::default())).await;
    assert_eq!(result.unwrap(), Err(OAuthError::NoBrowser("no browser here".to_owned())));
    let file = Url::parse("file:///etc/passwd").unwrap();
    let result = tokio::time::timeout(LIMIT, oauth::sign_in(&file, &none, &Options::default())).await;
    assert!(matches!(result.unwrap(), Err(OAuthError::UnsafeLink(_))));
}
