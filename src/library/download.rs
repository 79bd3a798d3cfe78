//! Resumable, atomic downloads of borrowed books.
//!
//! A download streams the body into `partial_dir/<hash of the URL>.part`, next to a small JSON
//! sidecar (`.part.json`) that records the URL, the validator (a strong ETag, or else
//! Last-Modified) and the declared length. When the connection breaks, [`download`] waits
//! (see [`RetryPolicy`]) and asks for the rest with `Range` + `If-Range`; a later call, even after
//! the app restarted, picks the same partial up again. Only a complete file of the declared length
//! is synced to disk and renamed into the patron's library, so a failed or cancelled download never
//! leaves anything at the destination.
//!
//! Cancelling is dropping the future: the partial stays in `partial_dir` so the next call resumes;
//! call [`discard`] when the patron explicitly gives the download up. Run at most one download of
//! a URL at a time per `partial_dir`: they would share one partial file.
//!
//! The [`reqwest::Client`] should be built with `connect_timeout` and `read_timeout` set: a stalled
//! connection is then reported as a timeout and retried like a broken one. Credentials are never
//! logged, and URLs are logged and reported without their query string.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_RANGE, CONTENT_TYPE, ETAG, HeaderMap, IF_RANGE, LAST_MODIFIED, RANGE,
};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncWriteExt, BufWriter};
use url::Url;

use super::client::Credentials;

/// Progress is reported at most once per this many bytes (plus at the start and the end).
const PROGRESS_STEP: u64 = 64 * 1024;
/// The most of an error body read to find a problem document.
const PROBLEM_LIMIT: usize = 64 * 1024;

/// What to download and where to put it.
#[derive(Debug, Clone)]
pub struct DownloadRequest {
    /// The publication's acquisition URL.
    pub url: Url,
    /// The patron's credentials, sent with every request (never logged).
    pub credentials: Option<Credentials>,
    /// The final path in the patron's library; written only once the book is complete.
    pub destination: PathBuf,
    /// The staging directory for partial downloads: on the same filesystem as `destination` (so
    /// the final rename is atomic) but NOT inside the library folder.
    pub partial_dir: PathBuf,
}

/// A step of a download, for a progress bar or a spoken announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// A response started; `resumed_from` is 0 for a fresh start (the `done` count restarts then).
    Started {
        /// The full length of the book, if the server declared it.
        total: Option<u64>,
        /// How many bytes were already there from an earlier attempt.
        resumed_from: u64,
    },
    /// More bytes arrived (reported about every 64 KiB and at the end of a response).
    Received {
        /// Bytes of the book on disk so far.
        done: u64,
        /// The full length, if known.
        total: Option<u64>,
    },
    /// The connection failed; attempt number `attempt` starts after `after`.
    Retrying {
        /// The number of the attempt about to start (2 for the first retry).
        attempt: u32,
        /// How long the download waits before it.
        after: Duration,
    },
    /// The book is complete and in place.
    Finished {
        /// Its size in bytes.
        bytes: u64,
    },
}

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// Where the book now is (the request's destination).
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The `Content-Type` the server sent, if any.
    pub media_type: Option<String>,
}

/// How often and how patiently a broken download is retried within one [`download`] call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The most requests one call makes (at least 1 is always made).
    pub attempts: u32,
    /// The wait before the first retry; it doubles for each later one.
    pub first_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Six attempts, waiting 250 ms, 500 ms, 1 s, 2 s and 4 s in between (at most 8 s).
    fn default() -> Self {
        Self { attempts: 6, first_delay: Duration::from_millis(250), max_delay: Duration::from_secs(8) }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `failed` (1-based).
    fn delay_after(&self, failed: u32) -> Duration {
        let factor = 2u32.saturating_pow(failed.saturating_sub(1));
        self.first_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// Why a download did not complete.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    /// No connection could be made (the partial, if any, is kept).
    #[error("could not connect to the library")]
    Offline(#[source] Arc<reqwest::Error>),
    /// The library did not answer in time (the partial, if any, is kept).
    #[error("the library did not answer in time")]
    Timeout(#[source] Arc<reqwest::Error>),
    /// The library wants the patron to sign in (401).
    #[error("the library asks to sign in")]
    SignInRequired,
    /// The library refused the download (403), with its problem document's strings if it sent an
    /// `application/problem+json` body.
    #[error("the library refused the download{}", .title.as_deref().map(|t| format!(": {t}")).unwrap_or_default())]
    Forbidden {
        /// The problem `type` URI.
        problem_type: Option<String>,
        /// The problem's short, human-readable summary.
        title: Option<String>,
        /// The problem's explanation for this occurrence.
        detail: Option<String>,
    },
    /// The book is not there (404 or 410).
    #[error("the book was not found on the library's server")]
    NotFound,
    /// Any other error status.
    #[error("the library's server answered {status}")]
    Server {
        /// The HTTP status.
        status: StatusCode,
    },
    /// The connection kept breaking and the retries ran out; the partial is kept so a later call
    /// resumes where this one stopped.
    #[error("the download was interrupted after {have} bytes")]
    Interrupted {
        /// Bytes of the book kept in the partial file.
        have: u64,
        /// The last transport error, if there was one.
        #[source]
        source: Option<Arc<reqwest::Error>>,
    },
    /// The server sent a different number of bytes than it declared; the partial was deleted.
    #[error("the download is corrupt: {received} bytes instead of {expected}")]
    Corrupt {
        /// The declared length.
        expected: u64,
        /// The bytes received.
        received: u64,
    },
    /// The disk (or the patron's quota) is full; the partial was deleted to free the space.
    #[error("{}: the disk is full", .path.display())]
    DiskFull {
        /// The file being written.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: Arc<io::Error>,
    },
    /// A Readium LCP licence leads to no publication, or the downloaded publication is not an
    /// EPUB the licence can be stored in (the file was deleted).
    #[error("the LCP publication cannot be used: {reason}")]
    Unlicensable {
        /// What is wrong.
        reason: String,
    },
    /// Any other file system error.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: Arc<io::Error>,
    },
}

impl DownloadError {
    fn io(path: &Path, source: io::Error) -> Self {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                Self::DiskFull { path, source: Arc::new(source) }
            }
            _ => Self::Io { path, source: Arc::new(source) },
        }
    }

    /// Whether the partial must go: the server said no, or its bytes cannot be trusted, or they
    /// take space the patron needs.
    fn drops_partial(&self) -> bool {
        matches!(
            self,
            Self::SignInRequired
                | Self::Unlicensable { .. }
                | Self::Forbidden { .. }
                | Self::NotFound
                | Self::Server { .. }
                | Self::Corrupt { .. }
                | Self::DiskFull { .. }
        )
    }
}

/// Downloads `request.url` to `request.destination`, resuming an earlier partial download of the
/// same URL and retrying broken connections according to `policy`.
///
/// Cancel by dropping the future: nothing appears at the destination, and the partial stays for
/// the next call (or [`discard`]). Error statuses delete the partial; connection failures keep it.
/// Statuses 429, 502, 503 and 504 are retried like connection failures.
pub async fn download(
    http: &reqwest::Client,
    request: &DownloadRequest,
    policy: &RetryPolicy,
    mut on_progress: impl FnMut(Progress) + Send,
) -> Result<Downloaded, DownloadError> {
    let paths = PartialPaths::new(request);
    tokio::fs::create_dir_all(&request.partial_dir)
        .await
        .map_err(|e| DownloadError::io(&request.partial_dir, e))?;
    let mut state = State::load(&paths, &request.url).await?;
    let mut attempt: u32 = 0;
    let mut free_restart = true;
    loop {
        attempt = attempt.saturating_add(1);
        let failure = match fetch_once(http, request, &paths, &mut state, &mut on_progress).await {
            Ok(Outcome::Complete) => return finish(request, &paths, &state, &mut on_progress).await,
            Ok(Outcome::Restart) => {
                state.reset(&paths).await?;
                if free_restart {
                    free_restart = false;
                    attempt = attempt.saturating_sub(1);
                    continue;
                }
                Transient::Restart
            }
            Err(Step::Fatal(error)) => {
                if error.drops_partial() {
                    paths.remove().await;
                }
                return Err(error);
            }
            Err(Step::Transient(transient)) => transient,
        };
        if attempt >= policy.attempts {
            tracing::info!(url = %loggable(&request.url), have = state.have, "download interrupted, retries exhausted");
            return Err(failure.into_error(state.have));
        }
        let after = policy.delay_after(attempt);
        tracing::debug!(url = %loggable(&request.url), have = state.have, ?after, "download broken, retrying");
        on_progress(Progress::Retrying { attempt: attempt.saturating_add(1), after });
        tokio::time::sleep(after).await;
    }
}

/// Deletes the partial download (and its sidecar) of `request`, for a patron who cancels it.
/// Missing files are not an error.
pub fn discard(request: &DownloadRequest) -> io::Result<()> {
    let paths = PartialPaths::new(request);
    for path in [&paths.part, &paths.sidecar] {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// The partial file and its sidecar.
struct PartialPaths {
    part: PathBuf,
    sidecar: PathBuf,
    sidecar_tmp: PathBuf,
}

impl PartialPaths {
    fn new(request: &DownloadRequest) -> Self {
        let stem = format!("{:016x}", fnv1a(request.url.as_str().as_bytes()));
        let dir = &request.partial_dir;
        Self {
            part: dir.join(format!("{stem}.part")),
            sidecar: dir.join(format!("{stem}.part.json")),
            sidecar_tmp: dir.join(format!("{stem}.part.json.tmp")),
        }
    }

    async fn remove(&self) {
        for path in [&self.part, &self.sidecar, &self.sidecar_tmp] {
            if let Err(e) = tokio::fs::remove_file(path).await
                && e.kind() != io::ErrorKind::NotFound
            {
                tracing::warn!(path = %path.display(), error = %e, "could not delete partial download");
            }
        }
    }
}

/// FNV-1a, 64 bits: stable across Rust releases, so a partial survives an app update.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The sidecar's contents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Sidecar {
    url: String,
    validator: Option<String>,
    total: Option<u64>,
    media_type: Option<String>,
}

/// What this call knows about the partial.
struct State {
    sidecar: Sidecar,
    have: u64,
}

impl State {
    /// Picks up the partial of an earlier call if its sidecar names the same URL and has a
    /// validator to resume with; otherwise starts clean.
    async fn load(paths: &PartialPaths, url: &Url) -> Result<Self, DownloadError> {
        let fresh = Sidecar { url: url.to_string(), ..Sidecar::default() };
        let earlier = tokio::fs::read(&paths.sidecar)
            .await
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Sidecar>(&bytes).ok())
            .filter(|s| s.url == url.as_str() && s.validator.is_some());
        if let Some(sidecar) = earlier {
            let have = tokio::fs::metadata(&paths.part).await.map(|m| m.len()).unwrap_or(0);
            if sidecar.total.is_none_or(|total| have <= total) {
                tracing::debug!(url = %loggable(url), have, "resuming a partial download");
                return Ok(Self { sidecar, have });
            }
        }
        paths.remove().await;
        Ok(Self { sidecar: fresh, have: 0 })
    }

    async fn reset(&mut self, paths: &PartialPaths) -> Result<(), DownloadError> {
        paths.remove().await;
        self.sidecar = Sidecar { url: self.sidecar.url.clone(), ..Sidecar::default() };
        self.have = 0;
        Ok(())
    }

    async fn save(&self, paths: &PartialPaths) -> Result<(), DownloadError> {
        let json = serde_json::to_vec(&self.sidecar)
            .map_err(|e| DownloadError::io(&paths.sidecar, io::Error::other(e)))?;
        tokio::fs::write(&paths.sidecar_tmp, json)
            .await
            .map_err(|e| DownloadError::io(&paths.sidecar_tmp, e))?;
        tokio::fs::rename(&paths.sidecar_tmp, &paths.sidecar)
            .await
            .map_err(|e| DownloadError::io(&paths.sidecar, e))
    }
}

/// How one request ended.
enum Outcome {
    /// All bytes are in the partial.
    Complete,
    /// The server's answer does not fit the partial: start over from byte 0.
    Restart,
}

/// Why one request failed.
enum Step {
    /// Not worth retrying.
    Fatal(DownloadError),
    /// Worth retrying after a wait.
    Transient(Transient),
}

/// A failure that a retry may cure.
enum Transient {
    Transport(Arc<reqwest::Error>),
    Status(StatusCode),
    Restart,
}

impl Transient {
    fn into_error(self, have: u64) -> DownloadError {
        match self {
            Self::Transport(e) if e.is_timeout() => DownloadError::Timeout(e),
            Self::Transport(e) if e.is_connect() => DownloadError::Offline(e),
            Self::Transport(e) => DownloadError::Interrupted { have, source: Some(e) },
            Self::Status(status) => DownloadError::Server { status },
            Self::Restart => DownloadError::Interrupted { have, source: None },
        }
    }
}

impl From<DownloadError> for Step {
    fn from(error: DownloadError) -> Self {
        Self::Fatal(error)
    }
}

/// Makes one request and streams its body into the partial.
async fn fetch_once(
    http: &reqwest::Client,
    request: &DownloadRequest,
    paths: &PartialPaths,
    state: &mut State,
    on_progress: &mut (impl FnMut(Progress) + Send),
) -> Result<Outcome, Step> {
    // Byte offsets only mean something on the unencoded body.
    let mut builder = http.get(request.url.clone()).header(ACCEPT_ENCODING, "identity");
    builder = match &request.credentials {
        Some(Credentials::Basic { username, password }) => builder.basic_auth(username, Some(password)),
        Some(Credentials::Bearer(token)) => builder.bearer_auth(token),
        // Callers resolve grants to their token first (`LibraryClient::resolve`); a grant
        // without one falls back to the card and PIN, which basic-token servers also take.
        Some(Credentials::BasicToken(grant)) => match grant.current() {
            Some(token) => builder.bearer_auth(token),
            None => builder.basic_auth(&grant.username, Some(&grant.password)),
        },
        None => builder,
    };
    let resuming = state.have > 0;
    if resuming && let Some(validator) = &state.sidecar.validator {
        builder = builder.header(RANGE, format!("bytes={}-", state.have)).header(IF_RANGE, validator);
    }
    let response =
        builder.send().await.map_err(|e| Step::Transient(Transient::Transport(Arc::new(e.without_url()))))?;
    let status = response.status();
    let headers = response.headers();
    match status {
        StatusCode::PARTIAL_CONTENT => {
            let range =
                headers.get(CONTENT_RANGE).and_then(|v| v.to_str().ok()).and_then(parse_content_range);
            let Some(ContentRange { start: Some(start), total }) = range else {
                return Ok(Outcome::Restart);
            };
            let changed = validator(headers).is_some_and(|v| Some(&v) != state.sidecar.validator.as_ref());
            if !resuming || start != state.have || changed {
                return Ok(Outcome::Restart);
            }
            if total.is_some() {
                state.sidecar.total = total;
            }
        }
        StatusCode::OK => {
            if resuming {
                tracing::debug!(url = %loggable(&request.url), "server sent the whole book again; restarting");
                state.reset(paths).await?;
            }
            // Only a response of declared length (hence not re-encoded by the client) can resume.
            let total = response.content_length();
            state.sidecar.validator = total.and_then(|_| validator(headers));
            state.sidecar.total = total;
            state.sidecar.media_type = media_type(headers);
        }
        StatusCode::RANGE_NOT_SATISFIABLE => {
            let range =
                headers.get(CONTENT_RANGE).and_then(|v| v.to_str().ok()).and_then(parse_content_range);
            return match range {
                Some(ContentRange { start: None, total: Some(total) }) if resuming && total == state.have => {
                    Ok(Outcome::Complete)
                }
                _ => Ok(Outcome::Restart),
            };
        }
        StatusCode::UNAUTHORIZED => return Err(DownloadError::SignInRequired.into()),
        StatusCode::FORBIDDEN => return Err(forbidden(response).await.into()),
        StatusCode::NOT_FOUND | StatusCode::GONE => return Err(DownloadError::NotFound.into()),
        StatusCode::TOO_MANY_REQUESTS
        | StatusCode::BAD_GATEWAY
        | StatusCode::SERVICE_UNAVAILABLE
        | StatusCode::GATEWAY_TIMEOUT => return Err(Step::Transient(Transient::Status(status))),
        _ => return Err(DownloadError::Server { status }.into()),
    }
    state.save(paths).await?;
    stream_body(response, paths, state, on_progress).await
}

/// Appends the response body to the partial, keeping `state.have` equal to the bytes on disk.
async fn stream_body(
    response: reqwest::Response,
    paths: &PartialPaths,
    state: &mut State,
    on_progress: &mut (impl FnMut(Progress) + Send),
) -> Result<Outcome, Step> {
    let io_error = |e| Step::Fatal(DownloadError::io(&paths.part, e));
    let file =
        tokio::fs::OpenOptions::new().create(true).append(true).open(&paths.part).await.map_err(io_error)?;
    let on_disk = file.metadata().await.map_err(io_error)?.len();
    if on_disk != state.have {
        file.set_len(state.have).await.map_err(io_error)?;
    }
    let total = state.sidecar.total;
    on_progress(Progress::Started { total, resumed_from: state.have });
    let mut writer = BufWriter::with_capacity(PROGRESS_STEP as usize, file);
    let mut done = state.have;
    let mut reported = done;
    let mut body = response.bytes_stream();
    let result = loop {
        match body.next().await {
            Some(Ok(chunk)) => {
                let received = done.saturating_add(chunk.len() as u64);
                if let Some(expected) = total
                    && received > expected
                {
                    break Err(Step::Fatal(DownloadError::Corrupt { expected, received }));
                }
                if let Err(e) = writer.write_all(&chunk).await {
                    break Err(io_error(e));
                }
                done = received;
                if done.saturating_sub(reported) >= PROGRESS_STEP {
                    reported = done;
                    on_progress(Progress::Received { done, total });
                }
            }
            Some(Err(e)) => break Err(Step::Transient(Transient::Transport(Arc::new(e.without_url())))),
            None => break Ok(Outcome::Complete),
        }
    };
    writer.flush().await.map_err(io_error)?;
    state.have = done;
    if reported != done {
        on_progress(Progress::Received { done, total });
    }
    result
}

/// Checks the length, syncs the partial and renames it into place.
async fn finish(
    request: &DownloadRequest,
    paths: &PartialPaths,
    state: &State,
    on_progress: &mut (impl FnMut(Progress) + Send),
) -> Result<Downloaded, DownloadError> {
    let part_error = |e| DownloadError::io(&paths.part, e);
    let file = tokio::fs::OpenOptions::new().append(true).open(&paths.part).await.map_err(part_error)?;
    let bytes = file.metadata().await.map_err(part_error)?.len();
    if let Some(expected) = state.sidecar.total
        && bytes != expected
    {
        paths.remove().await;
        return Err(DownloadError::Corrupt { expected, received: bytes });
    }
    if let Err(e) = file.sync_all().await {
        let error = part_error(e);
        if error.drops_partial() {
            paths.remove().await;
        }
        return Err(error);
    }
    drop(file);
    if let Some(parent) = request.destination.parent()
        && !parent.as_os_str().is_empty()
    {
        tokio::fs::create_dir_all(parent).await.map_err(|e| DownloadError::io(parent, e))?;
    }
    tokio::fs::rename(&paths.part, &request.destination)
        .await
        .map_err(|e| DownloadError::io(&request.destination, e))?;
    paths.remove().await;
    sync_parent(&request.destination).await;
    tracing::info!(url = %loggable(&request.url), bytes, "download complete");
    on_progress(Progress::Finished { bytes });
    Ok(Downloaded { path: request.destination.clone(), bytes, media_type: state.sidecar.media_type.clone() })
}

/// Makes the rename durable where the platform allows syncing a directory.
async fn sync_parent(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent()
        && let Ok(dir) = tokio::fs::File::open(parent).await
        && let Err(e) = dir.sync_all().await
    {
        tracing::debug!(error = %e, "could not sync the library folder");
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Reads a 403's problem document, if it has one.
async fn forbidden(response: reqwest::Response) -> DownloadError {
    let is_problem = media_type(response.headers())
        .is_some_and(|m| m.split(';').next().is_some_and(|t| t.trim() == "application/problem+json"));
    let mut body = Vec::new();
    if is_problem {
        let mut stream = response.bytes_stream();
        while let Some(Ok(chunk)) = stream.next().await {
            body.extend_from_slice(&chunk);
            if body.len() > PROBLEM_LIMIT {
                break;
            }
        }
    }
    let problem: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let field = |name: &str| problem.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    DownloadError::Forbidden { problem_type: field("type"), title: field("title"), detail: field("detail") }
}

/// The validator to resume with: a strong ETag, or else Last-Modified.
fn validator(headers: &HeaderMap) -> Option<String> {
    let etag = headers.get(ETAG).and_then(|v| v.to_str().ok()).map(str::trim);
    match etag {
        Some(tag) if !tag.starts_with("W/") && !tag.is_empty() => Some(tag.to_owned()),
        _ => headers.get(LAST_MODIFIED).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned()),
    }
}

/// The URL without its query and fragment (signed acquisition links carry tokens there).
fn loggable(url: &Url) -> String {
    format!("{}://{}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path())
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// A parsed `Content-Range`: `bytes start-end/total`, `bytes start-end/*` or `bytes */total`.
#[derive(Debug, PartialEq, Eq)]
struct ContentRange {
    start: Option<u64>,
    total: Option<u64>,
}

fn parse_content_range(value: &str) -> Option<ContentRange> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let total = match total.trim() {
        "*" => None,
        n => Some(n.parse().ok()?),
    };
    let start = match range.trim() {
        "*" => None,
        r => {
            let (start, end) = r.split_once('-')?;
            let start: u64 = start.trim().parse().ok()?;
            let end: u64 = end.trim().parse().ok()?;
            if end < start {
                return None;
            }
            Some(start)
        }
    };
    Some(ContentRange { start, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_forms() {
        assert_eq!(
            parse_content_range("bytes 10-99/100"),
            Some(ContentRange { start: Some(10), total: Some(100) })
        );
        assert_eq!(parse_content_range("bytes 0-9/*"), Some(ContentRange { start: Some(0), total: None }));
        assert_eq!(parse_content_range("bytes */100"), Some(ContentRange { start: None, total: Some(100) }));
        assert_eq!(parse_content_range("bytes 9-1/100"), None);
        assert_eq!(parse_content_range("items 0-1/2"), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let delays: Vec<_> = (1..=7).map(|n| policy.delay_after(n).as_millis()).collect();
        assert_eq!(delays, [250, 500, 1000, 2000, 4000, 8000, 8000]);
    }

    #[test]
    fn weak_etags_fall_back_to_last_modified() {
        let mut headers = HeaderMap::new();
        headers.insert(ETAG, reqwest::header::HeaderValue::from_static("W/\"x\""));
        headers.insert(
            LAST_MODIFIED,
            reqwest::header::HeaderValue::from_static("Tue, 01 Jul 2025 10:00:00 GMT"),
        );
        assert_eq!(validator(&headers).as_deref(), Some("Tue, 01 Jul 2025 10:00:00 GMT"));
        headers.insert(ETAG, reqwest::header::HeaderValue::from_static("\"strong\""));
        assert_eq!(validator(&headers).as_deref(), Some("\"strong\""));
    }
}
