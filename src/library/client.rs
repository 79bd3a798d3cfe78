//! The async HTTP side of the library client (reqwest + rustls): fetch a catalog and detect
//! OPDS 1/2, read the authentication document a 401 answers with, send Basic or bearer
//! credentials, and report failures as typed, `Clone` [`FetchError`]s the UI can explain
//! (offline, timed out, sign-in needed or refused, server error with its problem detail).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use url::Url;

use super::auth_document::{self, AuthenticationDocument, FlowKind};
use super::error::Error;
use super::lcp::Problem;
use super::media_type::MediaType;
use super::model::CatalogDocument;
use super::profile::{self, UserProfile};
use super::token::{self, TokenGrant, token_endpoint};
use super::{opensearch, parse_catalog};

/// What a catalog request accepts, best first.
const ACCEPT_CATALOG: &str = "application/opds+json, application/atom+xml;profile=opds-catalog;q=0.9, \
     application/opds-publication+json;q=0.9, application/atom+xml;q=0.8, application/json;q=0.5, */*;q=0.1";
/// What an authentication document request accepts.
const ACCEPT_AUTH: &str = "application/opds-authentication+json, application/vnd.opds.authentication.v1.0+json;q=0.9, \
     application/json;q=0.5";
/// What a user profile request accepts.
const ACCEPT_PROFILE: &str =
    "application/opds-profile+json, vnd.librarysimplified/user-profile+json;q=0.9, application/json;q=0.5";

/// What an OpenSearch description request accepts.
const ACCEPT_OPENSEARCH: &str = "application/opensearchdescription+xml, */*;q=0.1";

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Limit for a whole request, body included.
    pub timeout: Duration,
    /// Limit for connecting.
    pub connect_timeout: Duration,
    /// Largest document body read into memory.
    pub max_body_bytes: u64,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// The `Accept-Language` header (`ja, en;q=0.5`): the patron's language, so that a
    /// library's catalog titles, sign-in labels and messages come in it where it has them.
    pub accept_language: Option<String>,
    /// Retries of idempotent requests.
    pub retry: Retry,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024 * 1024,
            user_agent: concat!("Tomoshibi/", env!("CARGO_PKG_VERSION")).to_owned(),
            accept_language: None,
            retry: Retry::default(),
        }
    }
}

/// The patron's credentials for one library.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// HTTP Basic: library card number and PIN.
    Basic {
        /// The card number (login).
        username: String,
        /// The PIN (password).
        password: String,
    },
    /// A bearer token (from an OAuth flow).
    Bearer(String),
    /// Card and PIN exchanged for bearer tokens as needed (Palace basic-token).
    BasicToken(Arc<TokenGrant>),
}

impl Credentials {
    /// Card and PIN for a library that signs in with `document`: a basic-token grant when it
    /// offers that flow, else HTTP Basic.
    pub fn for_library(
        username: String,
        password: String,
        document: Option<(&AuthenticationDocument, &Url)>,
    ) -> Self {
        let prefers_token = document.is_some_and(|(document, _)| {
            document.first_supported().is_some_and(|flow| flow.kind == FlowKind::BasicToken)
        });
        match document.filter(|_| prefers_token).and_then(|(document, url)| token_endpoint(document, url)) {
            Some(endpoint) => Self::BasicToken(Arc::new(TokenGrant::new(username, password, endpoint))),
            None => Self::Basic { username, password },
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Basic { .. } => f.write_str("Credentials::Basic(<redacted>)"),
            Self::Bearer(_) => f.write_str("Credentials::Bearer(<redacted>)"),
            Self::BasicToken(_) => f.write_str("Credentials::BasicToken(<redacted>)"),
        }
    }
}

/// Why a request failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The HTTP client could not be set up (TLS roots, proxy settings).
    #[error("HTTP client could not start")]
    Setup(#[source] Arc<reqwest::Error>),
    /// No connection (no network, name not found, refused).
    #[error("{url}: could not connect")]
    Offline {
        /// The URL requested.
        url: Url,
        /// The HTTP client's error.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// No answer in time.
    #[error("{url}: timed out")]
    Timeout {
        /// The URL requested.
        url: Url,
    },
    /// The transfer broke off part way (worth retrying or resuming).
    #[error("{url}: transfer interrupted")]
    Interrupted {
        /// The URL requested.
        url: Url,
        /// The HTTP client's error.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// The request could not be made (e.g. an unsupported URL scheme).
    #[error("{url}: request failed")]
    Request {
        /// The URL requested.
        url: Url,
        /// The HTTP client's error.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// The library wants the patron to sign in (401 without credentials).
    #[error("{url}: sign-in required")]
    SignInRequired {
        /// The URL requested.
        url: Url,
        /// The authentication document sent with the 401, if any.
        authentication: Option<Arc<AuthenticationDocument>>,
    },
    /// The library refused the credentials (401 with credentials).
    #[error("{url}: sign-in refused")]
    SignInFailed {
        /// The URL requested.
        url: Url,
        /// The authentication document sent with the 401, if any.
        authentication: Option<Arc<AuthenticationDocument>>,
        /// The problem document sent with the 401, if any.
        problem: Option<Box<Problem>>,
    },
    /// Any other error status.
    #[error("{url}: server answered {status}")]
    Server {
        /// The URL requested.
        url: Url,
        /// The HTTP status.
        status: u16,
        /// The problem document, if the server sent one.
        problem: Option<Box<Problem>>,
    },
    /// The body is larger than [`ClientConfig::max_body_bytes`].
    #[error("{url}: document larger than {limit} bytes")]
    TooLarge {
        /// The URL requested.
        url: Url,
        /// The limit.
        limit: u64,
    },
    /// The library offers no way to do this with this publication (no such link).
    #[error("{entry}: not offered by the library")]
    NotOffered {
        /// The publication's identifier.
        entry: String,
    },
    /// The document arrived but could not be read.
    #[error("{url}: unreadable document")]
    Document {
        /// The URL requested.
        url: Url,
        /// What was wrong with it.
        #[source]
        source: Box<Error>,
    },
}

/// A successful answer: where it finally came from (after redirects), its type and body.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The final URL (base for relative links).
    pub url: Url,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `ETag` header (sent back as `If-None-Match`).
    pub etag: Option<String>,
    /// The `Last-Modified` header (sent back as `If-Modified-Since`).
    pub last_modified: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// What a conditional request learned.
#[derive(Debug, Clone)]
pub enum Conditional {
    /// `304 Not Modified`: the cached copy is current.
    NotModified,
    /// A new or changed document.
    Changed(Fetched),
}

/// The validators of a cached copy, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The cached copy's `ETag`.
    pub etag: Option<String>,
    /// The cached copy's `Last-Modified`.
    pub last_modified: Option<String>,
}

/// How often and how patiently idempotent requests are retried after a network failure or
/// a server error (5xx).
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all (1 = no retry).
    pub attempts: u32,
    /// Wait before the second attempt; doubled for each further one.
    pub first_delay: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self { attempts: 3, first_delay: Duration::from_millis(300) }
    }
}

/// The library-API HTTP client. Cheap to clone (connections are shared).
#[derive(Debug, Clone)]
pub struct LibraryClient {
    http: reqwest::Client,
    max_body_bytes: u64,
    retry: Retry,
}

impl LibraryClient {
    /// Builds a client.
    pub fn new(config: &ClientConfig) -> Result<Self, FetchError> {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(value) =
            config.accept_language.as_deref().and_then(|l| reqwest::header::HeaderValue::from_str(l).ok())
        {
            headers.insert(reqwest::header::ACCEPT_LANGUAGE, value);
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            .default_headers(headers)
            .build()
            .map_err(|e| FetchError::Setup(Arc::new(e)))?;
        Ok(Self { http, max_body_bytes: config.max_body_bytes, retry: config.retry })
    }

    /// The underlying HTTP client (for downloads, which stream to disk themselves).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Fetches a catalog document (OPDS 1 or 2, feed or publication).
    pub async fn fetch_catalog(
        &self,
        url: &Url,
        credentials: Option<&Credentials>,
    ) -> Result<CatalogDocument, FetchError> {
        let fetched = self.get(url, credentials, ACCEPT_CATALOG).await?;
        parse_catalog(&fetched.body, fetched.content_type.as_deref(), &fetched.url).map_err(unreadable(url))
    }

    /// Fetches an authentication document.
    pub async fn fetch_authentication(&self, url: &Url) -> Result<AuthenticationDocument, FetchError> {
        let fetched = self.get(url, None, ACCEPT_AUTH).await?;
        auth_document::parse(&fetched.body, &fetched.url).map_err(unreadable(url))
    }

    /// Fetches the patron's user profile.
    pub async fn fetch_profile(
        &self,
        url: &Url,
        credentials: &Credentials,
    ) -> Result<UserProfile, FetchError> {
        let fetched = self.get(url, Some(credentials), ACCEPT_PROFILE).await?;
        profile::parse(&fetched.body).map_err(unreadable(url))
    }

    /// Fetches an OpenSearch description.
    pub async fn fetch_opensearch(&self, url: &Url) -> Result<opensearch::OpenSearchDescription, FetchError> {
        let fetched = self.get(url, None, ACCEPT_OPENSEARCH).await?;
        opensearch::OpenSearchDescription::parse(&fetched.body, &fetched.url).map_err(unreadable(url))
    }

    /// The address of the catalog's search results for `terms`: a template is filled in
    /// directly; an OpenSearch description is fetched first for its catalog template.
    pub async fn search_url(&self, link: &opensearch::SearchLink, terms: &str) -> Result<Url, FetchError> {
        let template = match link {
            opensearch::SearchLink::Template(template) => template.clone(),
            opensearch::SearchLink::Description(description) => {
                let found = self.fetch_opensearch(description).await?;
                found
                    .catalog_template()
                    .cloned()
                    .ok_or_else(|| FetchError::NotOffered { entry: description.to_string() })?
            }
        };
        template
            .url_for(terms)
            .map_err(|e| FetchError::Document { url: template.base().clone(), source: Box::new(e) })
    }

    /// GETs `url`, mapping error statuses to [`FetchError`]s. Network failures and server
    /// errors are retried with backoff ([`ClientConfig::retry`]).
    pub async fn get(
        &self,
        url: &Url,
        credentials: Option<&Credentials>,
        accept: &str,
    ) -> Result<Fetched, FetchError> {
        match self.get_if_changed(url, credentials, accept, &Validators::default()).await? {
            Conditional::Changed(fetched) => Ok(fetched),
            // Without validators a server has nothing to compare: treat 304 as an error status.
            Conditional::NotModified => {
                Err(FetchError::Server { url: url.clone(), status: 304, problem: None })
            }
        }
    }

    /// GETs `url` unless the copy described by `validators` is still current.
    pub async fn get_if_changed(
        &self,
        url: &Url,
        credentials: Option<&Credentials>,
        accept: &str,
        validators: &Validators,
    ) -> Result<Conditional, FetchError> {
        let mut delay = self.retry.first_delay;
        let mut attempt = 1;
        loop {
            let mut request = self.http.get(url.clone()).header(ACCEPT, accept);
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
            let result = self.exchange(request, url, credentials).await;
            match result {
                Err(error) if attempt < self.retry.attempts && error.is_transient() => {
                    tracing::info!("{error}; retrying in {delay:?}");
                    tokio::time::sleep(delay).await;
                    delay = delay.saturating_mul(2);
                    attempt += 1;
                }
                Err(FetchError::Server { status: 304, .. }) => return Ok(Conditional::NotModified),
                other => return other.map(Conditional::Changed),
            }
        }
    }

    /// Sends a request with `method` (borrow, revoke, renew: not retried, as they change
    /// state on the server).
    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &Url,
        credentials: Option<&Credentials>,
        accept: &str,
    ) -> Result<Fetched, FetchError> {
        let request = self.http.request(method, url.clone()).header(ACCEPT, accept);
        self.exchange(request, url, credentials).await
    }

    /// Sends `request` with `credentials`. A basic-token grant gets its token first, and a
    /// token the library no longer accepts is exchanged again once.
    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        url: &Url,
        credentials: Option<&Credentials>,
    ) -> Result<Fetched, FetchError> {
        let Some(Credentials::BasicToken(grant)) = credentials else {
            return self.exchange_once(request, url, credentials).await;
        };
        let again = request.try_clone();
        let (token, fresh) = match grant.current() {
            Some(token) => (token, false),
            None => (self.fetch_token(grant).await?, true),
        };
        match self.exchange_once(request.bearer_auth(&token), url, credentials).await {
            Err(FetchError::SignInFailed { .. }) if !fresh && let Some(again) = again => {
                grant.forget(&token);
                let token = self.fetch_token(grant).await?;
                self.exchange_once(again.bearer_auth(token), url, credentials).await
            }
            other => other,
        }
    }

    /// Exchanges a grant's card and PIN for a token and keeps it.
    async fn fetch_token(&self, grant: &TokenGrant) -> Result<String, FetchError> {
        let basic = Credentials::Basic { username: grant.username.clone(), password: grant.password.clone() };
        let request = self.http.post(grant.endpoint.clone()).header(ACCEPT, "application/json");
        let answer = self.exchange_once(request, &grant.endpoint, Some(&basic)).await?;
        let token = token::parse_token(&answer.body).map_err(unreadable(&grant.endpoint))?;
        grant.keep(token.clone());
        Ok(token)
    }

    /// The bearer token to send to a server outside the client (a download), fetched when
    /// the grant has none yet; other credentials as they are.
    pub async fn resolve(&self, credentials: &Credentials) -> Result<Credentials, FetchError> {
        match credentials {
            Credentials::BasicToken(grant) => match grant.current() {
                Some(token) => Ok(Credentials::Bearer(token)),
                None => self.fetch_token(grant).await.map(Credentials::Bearer),
            },
            other => Ok(other.clone()),
        }
    }

    async fn exchange_once(
        &self,
        mut request: reqwest::RequestBuilder,
        url: &Url,
        credentials: Option<&Credentials>,
    ) -> Result<Fetched, FetchError> {
        request = match credentials {
            Some(Credentials::Basic { username, password }) => request.basic_auth(username, Some(password)),
            Some(Credentials::Bearer(token)) => request.bearer_auth(token),
            // `exchange` has set the token.
            Some(Credentials::BasicToken(_)) | None => request,
        };
        let mut response = request.send().await.map_err(|e| transport_error(url, e))?;
        let status = response.status();
        let final_url = response.url().clone();
        let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (content_type, etag, last_modified) = (header(CONTENT_TYPE), header(ETAG), header(LAST_MODIFIED));
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(url, e))? {
            if (body.len() + chunk.len()) as u64 > self.max_body_bytes {
                return Err(FetchError::TooLarge { url: url.clone(), limit: self.max_body_bytes });
            }
            body.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return Ok(Fetched { url: final_url, content_type, etag, last_modified, body });
        }
        let media_type = content_type.as_deref().and_then(MediaType::parse);
        let problem = media_type
            .as_ref()
            .filter(|m| m.is_problem() || m.is_json())
            .and_then(|_| Problem::parse(&body).ok())
            .filter(|p| p.problem_type.is_some() || p.title.is_some() || p.detail.is_some())
            .map(Box::new);
        if status == StatusCode::UNAUTHORIZED {
            let authentication = media_type
                .as_ref()
                .filter(|m| m.is_auth_document() || m.is_json())
                .and_then(|_| auth_document::parse(&body, &final_url).ok())
                .map(Arc::new);
            return Err(match credentials {
                None => FetchError::SignInRequired { url: url.clone(), authentication },
                Some(_) => FetchError::SignInFailed { url: url.clone(), authentication, problem },
            });
        }
        Err(FetchError::Server { url: url.clone(), status: status.as_u16(), problem })
    }
}

impl FetchError {
    /// True for failures worth trying again unchanged: no connection, no answer in time, a
    /// broken transfer, or a server error (5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Offline { .. } | Self::Timeout { .. } | Self::Interrupted { .. } => true,
            Self::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The problem document the server sent, if any.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::SignInFailed { problem, .. } | Self::Server { problem, .. } => problem.as_deref(),
            _ => None,
        }
    }
}

/// Maps a parse error of the document fetched from `url`.
fn unreadable(url: &Url) -> impl FnOnce(Error) -> FetchError + '_ {
    move |source| FetchError::Document { url: url.clone(), source: Box::new(source) }
}

fn transport_error(url: &Url, error: reqwest::Error) -> FetchError {
    let url = url.clone();
    if error.is_timeout() {
        FetchError::Timeout { url }
    } else if error.is_connect() {
        FetchError::Offline { url, source: Arc::new(error) }
    } else if error.is_body() || error.is_decode() {
        FetchError::Interrupted { url, source: Arc::new(error) }
    } else {
        FetchError::Request { url, source: Arc::new(error) }
    }
}

/// A catalog document and where it came from.
#[derive(Debug, Clone)]
pub struct CatalogAnswer {
    /// The document.
    pub document: CatalogDocument,
    /// `true` when the library could not be reached and this is the copy saved last time.
    pub offline: bool,
    /// A new copy to save in the cache (with its validators), when the library sent one.
    pub fresh: Option<Fetched>,
}

impl LibraryClient {
    /// Fetches a catalog document, asking the library only whether `cached` is still
    /// current when there is one (`If-None-Match` / `If-Modified-Since`). When the library
    /// cannot be reached, the cached copy is used and marked `offline`.
    pub async fn fetch_catalog_cached(
        &self,
        url: &Url,
        credentials: Option<&Credentials>,
        cached: Option<Fetched>,
    ) -> Result<CatalogAnswer, FetchError> {
        let validators = cached
            .as_ref()
            .map(|c| Validators { etag: c.etag.clone(), last_modified: c.last_modified.clone() })
            .unwrap_or_default();
        let parse = |fetched: &Fetched| {
            parse_catalog(&fetched.body, fetched.content_type.as_deref(), &fetched.url)
                .map_err(unreadable(url))
        };
        match (self.get_if_changed(url, credentials, ACCEPT_CATALOG, &validators).await, cached) {
            (Ok(Conditional::Changed(fetched)), _) => {
                Ok(CatalogAnswer { document: parse(&fetched)?, offline: false, fresh: Some(fetched) })
            }
            (Ok(Conditional::NotModified), Some(cached)) => {
                Ok(CatalogAnswer { document: parse(&cached)?, offline: false, fresh: None })
            }
            (Ok(Conditional::NotModified), None) => {
                Err(FetchError::Server { url: url.clone(), status: 304, problem: None })
            }
            (Err(error), Some(cached)) if error.is_transient() => {
                tracing::info!("{error}; showing the saved copy");
                Ok(CatalogAnswer { document: parse(&cached)?, offline: true, fresh: None })
            }
            (Err(error), _) => Err(error),
        }
    }
}
