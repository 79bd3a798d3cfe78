//! Authentication for OPDS "OAuth implicit" sign-in (`http://opds-spec.org/auth/oauth/implicit`)
//! through the system browser, the way RFC 8252 asks native apps to do it.
//!
//! [`sign_in`] listens on `127.0.0.1` on a port the system picks, opens the flow's
//! `authenticate` page in the patron's own browser with `redirect_uri=http://127.0.0.1:PORT/callback`,
//! `response_type=token`, our `client_id` and a random `state`, and waits for the library to send
//! the browser back. A token in the callback's query (Palace style) is taken at once; a token in
//! the URL fragment (standard implicit grant, never sent to a server by the browser) is relayed by
//! a small page we serve, whose inline script posts `location.hash` to `/token` on the same
//! listener. Only an answer carrying our `state` counts; the first one ends the wait, which also
//! ends after [`Options::timeout`] or when the future is dropped (that is how to cancel).
//!
//! The token is returned, never written anywhere: the caller decides whether the keyring keeps it.

use std::fmt;
use std::net::Ipv4Addr;
use std::time::Duration;

use base64::Engine;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use super::auth_document::{AuthenticationDocument, FlowKind};
use super::client::Credentials;

/// The `client_id` Tomoshibi sends.
pub const CLIENT_ID: &str = "tomoshibi";
/// How long the patron has to finish in the browser.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// The path the library sends the browser back to.
pub const CALLBACK_PATH: &str = "/callback";
/// The path the relay page posts the URL fragment to.
pub const TOKEN_PATH: &str = "/token";

/// Largest request the loopback listener reads.
const MAX_REQUEST: usize = 16 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once (more are closed at once).
const MAX_CONNECTIONS: usize = 16;

/// Where a library that offers browser sign-in has its sign-in page: the `authenticate` link of
/// its first OAuth implicit flow. `None` when it offers none.
pub fn authorize_endpoint(document: &AuthenticationDocument) -> Option<&Url> {
    document
        .flows
        .iter()
        .filter(|flow| flow.kind == FlowKind::OAuthImplicit)
        .find_map(|f| f.link("authenticate"))
}

/// Opens a web page for the patron. The system browser in the app; tests play the browser.
pub trait Browser: Send + Sync {
    /// Shows `url`; `Err` says why it could not (for the log).
    fn open(&self, url: &Url) -> Result<(), String>;
}

impl<F> Browser for F
where
    F: Fn(&Url) -> Result<(), String> + Send + Sync,
{
    fn open(&self, url: &Url) -> Result<(), String> {
        self(url)
    }
}

/// The patron's default web browser (`xdg-open`, `open`, or the Windows URL handler). Only
/// `http` and `https` addresses are opened, as one argument, never through a shell.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &Url) -> Result<(), String> {
        if !is_web(url) {
            return Err(format!("not a web address: {}", url.scheme()));
        }
        let mut command = opener(url.as_str());
        command.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null());
        command.stderr(std::process::Stdio::null());
        let mut child = command.spawn().map_err(|e| e.to_string())?;
        // Some openers stay until the browser closes: reap it in the background.
        std::thread::spawn(move || child.wait());
        Ok(())
    }
}

#[cfg(target_os = "macos")]
fn opener(url: &str) -> std::process::Command {
    let mut command = std::process::Command::new("open");
    command.arg(url);
    command
}

#[cfg(windows)]
fn opener(url: &str) -> std::process::Command {
    // `cmd /c start` would read `&` in the query as a command separator.
    let mut command = std::process::Command::new("rundll32.exe");
    command.args(["url.dll,FileProtocolHandler", url]);
    command
}

#[cfg(not(any(target_os = "macos", windows)))]
fn opener(url: &str) -> std::process::Command {
    let mut command = std::process::Command::new("xdg-open");
    command.arg(url);
    command
}

/// The words of the page the browser shows at the end, in the patron's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTexts {
    /// The page's language tag (`en`, `ja`).
    pub lang: String,
    /// Its title and heading.
    pub title: String,
    /// Said when the token arrived ("You can close this window and return to Tomoshibi").
    pub done: String,
    /// Said when it did not.
    pub failed: String,
}

impl Default for PageTexts {
    fn default() -> Self {
        Self {
            lang: "en".to_owned(),
            title: "Tomoshibi".to_owned(),
            done: "Signed in. You can close this window and return to Tomoshibi.".to_owned(),
            failed: "Sign-in did not finish. Return to Tomoshibi and try again.".to_owned(),
        }
    }
}

/// How a browser sign-in runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The `client_id` sent to the library.
    pub client_id: String,
    /// How long to wait for the browser.
    pub timeout: Duration,
    /// The words of the closing page.
    pub texts: PageTexts,
}

impl Default for Options {
    fn default() -> Self {
        Self { client_id: CLIENT_ID.to_owned(), timeout: DEFAULT_TIMEOUT, texts: PageTexts::default() }
    }
}

/// The bearer token a library handed out.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    token: String,
    /// How long the library said it lasts (`expires_in`).
    pub expires_in: Option<Duration>,
}

impl AccessToken {
    /// The token itself (send only to the library).
    pub fn secret(&self) -> &str {
        &self.token
    }

    /// The credentials that send it.
    pub fn credentials(&self) -> Credentials {
        Credentials::Bearer(self.token.clone())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("expires_in", &self.expires_in).finish_non_exhaustive()
    }
}

/// Why a browser sign-in did not give a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OAuthError {
    /// The flow's `authenticate` link is not an `http` or `https` address.
    #[error("the sign-in link `{0}` is not a web address")]
    UnsafeLink(String),
    /// The loopback listener or the random `state` could not be made.
    #[error("browser sign-in could not start: {0}")]
    Setup(String),
    /// No browser could be opened.
    #[error("no browser could be opened: {0}")]
    NoBrowser(String),
    /// The patron (or the library for them) said no: `error=access_denied`.
    #[error("sign-in was refused or cancelled")]
    Denied {
        /// The library's `error_description`, if any.
        description: Option<String>,
    },
    /// The library answered with another OAuth error.
    #[error("the library answered `{code}`")]
    Refused {
        /// The `error` code (`server_error`, `invalid_request`…).
        code: String,
        /// The library's `error_description`, if any.
        description: Option<String>,
    },
    /// The library's answer had our `state` but no token.
    #[error("the library's answer has no access token")]
    MissingToken,
    /// The token is not a bearer token.
    #[error("unsupported token type `{0}`")]
    UnsupportedTokenType(String),
    /// The browser did not come back in time.
    #[error("no answer from the browser within {0:?}")]
    TimedOut(Duration),
}

/// Signs in through the browser: opens the library's page with `browser` and waits for the
/// token (at most [`Options::timeout`]; drop the future to cancel).
pub async fn sign_in(
    authenticate: &Url,
    browser: &dyn Browser,
    options: &Options,
) -> Result<AccessToken, OAuthError> {
    if !is_web(authenticate) {
        return Err(OAuthError::UnsafeLink(authenticate.to_string()));
    }
    let setup = |e: std::io::Error| OAuthError::Setup(e.to_string());
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.map_err(setup)?;
    let port = listener.local_addr().map_err(setup)?.port();
    let redirect = redirect_uri(port)?;
    let loopback =
        Loopback { state: random_text()?, nonce: random_text()?, port, texts: options.texts.clone() };
    let url = authorize_url(authenticate, &options.client_id, &redirect, &loopback.state)?;
    browser.open(&url).map_err(OAuthError::NoBrowser)?;
    tokio::time::timeout(options.timeout, serve(&listener, &loopback))
        .await
        .map_err(|_| OAuthError::TimedOut(options.timeout))?
}

/// `http://127.0.0.1:PORT/callback`.
pub fn redirect_uri(port: u16) -> Result<Url, OAuthError> {
    Url::parse(&format!("http://127.0.0.1:{port}{CALLBACK_PATH}"))
        .map_err(|e| OAuthError::Setup(e.to_string()))
}

/// The address of the library's sign-in page for this attempt: `authenticate` with
/// `response_type=token`, `client_id`, `redirect_uri` and `state` (replacing any the link had).
pub fn authorize_url(
    authenticate: &Url,
    client_id: &str,
    redirect_uri: &Url,
    state: &str,
) -> Result<Url, OAuthError> {
    if !is_web(authenticate) {
        return Err(OAuthError::UnsafeLink(authenticate.to_string()));
    }
    const OURS: [&str; 4] = ["response_type", "client_id", "redirect_uri", "state"];
    let kept: Vec<(String, String)> = authenticate
        .query_pairs()
        .filter(|(k, _)| !OURS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut url = authenticate.clone();
    url.set_fragment(None);
    url.set_query(None);
    url.query_pairs_mut()
        .extend_pairs(kept)
        .append_pair("response_type", "token")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri.as_str())
        .append_pair("state", state);
    Ok(url)
}

/// What the library's answer (a callback query or a relayed fragment) says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// A token for this attempt.
    Token(AccessToken),
    /// An error for this attempt.
    Failed(OAuthError),
    /// A token or error without this attempt's `state` (ignored: not from our library).
    WrongState,
    /// Neither a token nor an error (the token is still in the fragment).
    Empty,
}

/// Reads a callback's parameters (`access_token=…&token_type=bearer&state=…`), form-encoded as
/// in a query or fragment, for the attempt with `state`.
pub fn read_callback(params: &str, state: &str) -> Callback {
    let params = params.trim_start_matches(['?', '#']);
    let mut found: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (key, value) in url::form_urlencoded::parse(params.as_bytes()) {
        found.entry(key.into_owned()).or_insert_with(|| value.into_owned());
    }
    let error = found.get("error").filter(|e| !e.trim().is_empty());
    if !found.contains_key("access_token") && error.is_none() {
        return Callback::Empty;
    }
    if found.get("state").map(String::as_str) != Some(state) {
        return Callback::WrongState;
    }
    let description = found.get("error_description").filter(|d| !d.trim().is_empty()).cloned();
    if let Some(code) = error {
        return Callback::Failed(match code.trim() {
            "access_denied" => OAuthError::Denied { description },
            other => OAuthError::Refused { code: other.to_owned(), description },
        });
    }
    if let Some(kind) = found.get("token_type").filter(|t| !t.trim().eq_ignore_ascii_case("bearer")) {
        return Callback::Failed(OAuthError::UnsupportedTokenType(kind.clone()));
    }
    match found.get("access_token").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        None => Callback::Failed(OAuthError::MissingToken),
        Some(token) => Callback::Token(AccessToken {
            token: token.to_owned(),
            expires_in: found.get("expires_in").and_then(|s| s.trim().parse().ok()).map(Duration::from_secs),
        }),
    }
}

fn is_web(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https") && url.has_host()
}

/// 16 random bytes, URL-safe base64.
fn random_text() -> Result<String, OAuthError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| OAuthError::Setup(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// One attempt's listener state.
struct Loopback {
    state: String,
    nonce: String,
    port: u16,
    texts: PageTexts,
}

/// What the attempt learned from one request: nothing yet, or its end.
type Outcome = Option<Result<AccessToken, OAuthError>>;

/// Serves connections until one ends the attempt.
async fn serve(listener: &TcpListener, loopback: &Loopback) -> Result<AccessToken, OAuthError> {
    let mut connections = FuturesUnordered::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) if connections.len() < MAX_CONNECTIONS => {
                    connections.push(connection(stream, loopback));
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::debug!("loopback accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(outcome) = connections.next(), if !connections.is_empty() => {
                if let Some(result) = outcome {
                    return result;
                }
            }
        }
    }
}

/// A request as far as the listener cares.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    body: Vec<u8>,
}

/// An answer.
struct Answer {
    status: &'static str,
    content_type: &'static str,
    csp: Option<String>,
    body: String,
}

async fn connection(mut stream: TcpStream, loopback: &Loopback) -> Outcome {
    let request = tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await.ok().flatten()?;
    let (answer, outcome) = loopback.answer(&request);
    let _ = tokio::time::timeout(READ_TIMEOUT, write_answer(&mut stream, &answer)).await;
    outcome
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_REQUEST {
            return None;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(chunk.get(..read)?);
    };
    let head = std::str::from_utf8(buffer.get(..head_end)?).ok()?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let (mut host, mut length) = (None, 0usize);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        if name.trim().eq_ignore_ascii_case("host") {
            host = Some(value.trim().to_ascii_lowercase());
        } else if name.trim().eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        }
    }
    if length > MAX_REQUEST {
        return None;
    }
    let mut body = buffer.get(head_end + 4..)?.to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(chunk.get(..read)?);
    }
    body.truncate(length);
    Some(Request { method, target, host, body })
}

async fn write_answer(stream: &mut TcpStream, answer: &Answer) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\n",
        answer.status,
        answer.content_type,
        answer.body.len()
    );
    if let Some(csp) = &answer.csp {
        head.push_str(&format!("Content-Security-Policy: {csp}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(answer.body.as_bytes()).await?;
    stream.shutdown().await
}

impl Loopback {
    fn answer(&self, request: &Request) -> (Answer, Outcome) {
        // Only pages asked for by this address (no DNS rebinding).
        let hosts = [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)];
        if !request.host.as_ref().is_some_and(|h| hosts.contains(h)) {
            return (self.plain("400 Bad Request"), None);
        }
        let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
        match (request.method.as_str(), path) {
            ("GET", CALLBACK_PATH) => match read_callback(query, &self.state) {
                Callback::Empty => (self.relay_page(), None),
                Callback::Token(token) => (self.page("200 OK", &self.texts.done), Some(Ok(token))),
                Callback::Failed(error) => (self.page("200 OK", &self.texts.failed), Some(Err(error))),
                Callback::WrongState => (self.page("400 Bad Request", &self.texts.failed), None),
            },
            ("POST", TOKEN_PATH) => {
                let body = String::from_utf8_lossy(&request.body);
                match read_callback(&body, &self.state) {
                    Callback::Token(token) => (self.plain("204 No Content"), Some(Ok(token))),
                    Callback::Failed(error) => (self.plain("400 Bad Request"), Some(Err(error))),
                    Callback::WrongState | Callback::Empty => (self.plain("400 Bad Request"), None),
                }
            }
            (_, CALLBACK_PATH | TOKEN_PATH) => (self.plain("405 Method Not Allowed"), None),
            _ => (self.plain("404 Not Found"), None),
        }
    }

    fn plain(&self, status: &'static str) -> Answer {
        Answer { status, content_type: "text/plain; charset=utf-8", csp: None, body: String::new() }
    }

    /// A page that says `text` and loads nothing.
    fn page(&self, status: &'static str, text: &str) -> Answer {
        let body = self.html(&format!("<p role=\"status\">{}</p>", escape(text)), "");
        Answer {
            status,
            content_type: "text/html; charset=utf-8",
            csp: Some("default-src 'none'".to_owned()),
            body,
        }
    }

    /// The page that relays the URL fragment to `/token` and then says how it went.
    fn relay_page(&self) -> Answer {
        let content = format!(
            "<p id=\"status\" role=\"status\"></p>\
             <p id=\"done\" hidden>{}</p><p id=\"failed\" hidden>{}</p>\
             <noscript><p>{}</p></noscript>",
            escape(&self.texts.done),
            escape(&self.texts.failed),
            escape(&self.texts.failed),
        );
        let script = format!(
            "<script nonce=\"{nonce}\">(function () {{\n\
             var fragment = location.hash.replace(/^#/, \"\");\n\
             history.replaceState(null, \"\", location.pathname);\n\
             var say = function (id) {{\n\
               document.getElementById(\"status\").textContent = document.getElementById(id).textContent;\n\
             }};\n\
             fetch(\"{TOKEN_PATH}\", {{ method: \"POST\", body: fragment,\n\
               headers: {{ \"Content-Type\": \"application/x-www-form-urlencoded\" }} }})\n\
               .then(function (r) {{ say(r.ok ? \"done\" : \"failed\"); }}, function () {{ say(\"failed\"); }});\n\
             }})();</script>",
            nonce = self.nonce
        );
        let csp = format!(
            "default-src 'none'; script-src 'nonce-{}'; connect-src 'self'; base-uri 'none'; form-action 'none'",
            self.nonce
        );
        Answer {
            status: "200 OK",
            content_type: "text/html; charset=utf-8",
            csp: Some(csp),
            body: self.html(&content, &script),
        }
    }

    fn html(&self, content: &str, script: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
             <body><main><h1>{title}</h1>{content}</main>{script}</body></html>",
            lang = escape(&self.texts.lang),
            title = escape(&self.texts.title),
        )
    }
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn the_authorize_url_carries_our_parameters_and_keeps_the_library_s() {
        let redirect = redirect_uri(4711).unwrap();
        assert_eq!(redirect.as_str(), "http://127.0.0.1:4711/callback");
        let built = authorize_url(
            &url("https://lib.example/oauth?provider=x&state=old#frag"),
            "tomoshibi",
            &redirect,
            "s t&ate",
        )
        .unwrap();
        let pairs: Vec<(String, String)> = built.query_pairs().into_owned().collect();
        let expect = [
            ("provider", "x"),
            ("response_type", "token"),
            ("client_id", "tomoshibi"),
            ("redirect_uri", "http://127.0.0.1:4711/callback"),
            ("state", "s t&ate"),
        ];
        assert_eq!(pairs, expect.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(built.fragment(), None);
        assert_eq!(built.host_str(), Some("lib.example"));
        for unsafe_link in ["file:///etc/passwd", "javascript:alert(1)", "opds://authorize/"] {
            assert!(matches!(
                authorize_url(&url(unsafe_link), "c", &redirect, "s"),
                Err(OAuthError::UnsafeLink(_))
            ));
        }
    }

    #[test]
    fn callbacks_are_read_in_query_and_fragment_form() {
        let token = |params: &str| match read_callback(params, "abc") {
            Callback::Token(token) => (token.secret().to_owned(), token.expires_in),
            other => panic!("{params}: {other:?}"),
        };
        assert_eq!(
            token("access_token=t%2B1&token_type=bearer&state=abc&expires_in=3600"),
            ("t+1".to_owned(), Some(Duration::from_secs(3600)))
        );
        assert_eq!(token("#state=abc&access_token=x&token_type=Bearer"), ("x".to_owned(), None));
        assert_eq!(token("?id=http%3A%2F%2Fl%2Fauth&access_token=y&state=abc"), ("y".to_owned(), None));
        assert_eq!(read_callback("", "abc"), Callback::Empty);
        assert_eq!(read_callback("id=x", "abc"), Callback::Empty);
        assert_eq!(read_callback("access_token=x&state=abd", "abc"), Callback::WrongState);
        assert_eq!(read_callback("access_token=x", "abc"), Callback::WrongState);
        assert_eq!(read_callback("error=access_denied&state=zzz", "abc"), Callback::WrongState);
        assert_eq!(
            read_callback("error=access_denied&error_description=No+thanks&state=abc", "abc"),
            Callback::Failed(OAuthError::Denied { description: Some("No thanks".to_owned()) })
        );
        assert_eq!(
            read_callback("error=server_error&state=abc", "abc"),
            Callback::Failed(OAuthError::Refused { code: "server_error".to_owned(), description: None })
        );
        assert_eq!(
            read_callback("access_token=x&token_type=mac&state=abc", "abc"),
            Callback::Failed(OAuthError::UnsupportedTokenType("mac".to_owned()))
        );
        assert_eq!(
            read_callback("access_token=+&state=abc", "abc"),
            Callback::Failed(OAuthError::MissingToken)
        );
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let Callback::Token(token) = read_callback("access_token=secret123&state=s", "s") else { panic!() };
        assert!(!format!("{token:?}").contains("secret123"));
        assert_eq!(token.credentials(), Credentials::Bearer("secret123".to_owned()));
    }

    #[test]
    fn the_endpoint_is_the_implicit_flow_s_authenticate_link() {
        let base = url("http://l.example/auth");
        let document = br#"{"id":"x","title":"L","authentication":[
            {"type":"http://opds-spec.org/auth/basic"},
            {"type":"http://opds-spec.org/auth/oauth/implicit","links":[{"rel":"authenticate","href":"/oauth"}]}]}"#;
        let document = crate::library::auth_document::parse(document, &base).unwrap();
        assert_eq!(authorize_endpoint(&document).map(Url::as_str), Some("http://l.example/oauth"));
        let basic =
            br#"{"id":"x","title":"L","authentication":[{"type":"http://opds-spec.org/auth/basic"}]}"#;
        let document = crate::library::auth_document::parse(basic, &base).unwrap();
        assert_eq!(authorize_endpoint(&document), None);
    }

    #[test]
    fn page_texts_are_escaped() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    }
}
