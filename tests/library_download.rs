//! Downloads against a real, hand-rolled HTTP/1.1 server on 127.0.0.1 that can cut connections
//! mid-body, ignore `Range`, change the book between requests and answer with error statuses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tomoshibi::library::client::Credentials;
use tomoshibi::library::download::{
    DownloadError, DownloadRequest, Progress, RetryPolicy, discard, download,
};
use url::Url;

/// A tiny seeded PRNG (xorshift64*), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() >> 32) as u8).collect()
    }
}

/// What the server does with the next requests.
#[derive(Default)]
struct Behaviour {
    payload: Arc<Vec<u8>>,
    etag: String,
    /// Serve 200 with the whole payload even to a Range request.
    ignore_range: bool,
    /// Answer every request with this status.
    status: Option<u16>,
    /// Absolute payload offsets at which a response is cut (each used once, ascending).
    cuts: VecDeque<u64>,
    /// Send the payload up to this offset, then hold the connection open without sending more.
    stall_at: Option<u64>,
    /// Replaces payload and ETag once the next response has started.
    next_payload: Option<(Vec<u8>, String)>,
    /// Declare a wrong total in `Content-Range`.
    lie_about_total: bool,
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    range_start: Option<u64>,
    if_range: Option<String>,
    authorization: Option<String>,
    status: u16,
}

#[derive(Default)]
struct Shared {
    behaviour: Behaviour,
    seen: Vec<Seen>,
}

struct Server {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    async fn start(payload: Vec<u8>, etag: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared::default()));
        {
            let mut s = shared.lock().unwrap();
            s.behaviour.payload = Arc::new(payload);
            s.behaviour.etag = etag.to_owned();
        }
        let for_task = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, for_task.clone()));
            }
        });
        Self { addr, shared, task }
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).unwrap()
    }

    fn with<R>(&self, f: impl FnOnce(&mut Behaviour) -> R) -> R {
        f(&mut self.shared.lock().unwrap().behaviour)
    }

    fn seen(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().seen.clone()
    }

    fn forget_seen(&self) {
        self.shared.lock().unwrap().seen.clear();
    }
}

/// What to send on one connection.
struct Plan {
    head: String,
    body: Vec<u8>,
    /// Close the connection after this many body bytes.
    cut_after: Option<usize>,
    /// Hold the connection after this many body bytes.
    stall_after: Option<usize>,
}

async fn serve(mut socket: TcpStream, shared: Arc<Mutex<Shared>>) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        if request.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&request).into_owned();
    let header = |name: &str| {
        text.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    };
    let range_start =
        header("range").and_then(|r| r.strip_prefix("bytes=")?.strip_suffix('-')?.parse::<u64>().ok());
    let if_range = header("if-range");
    let authorization = header("authorization");
    let plan = {
        let mut shared = shared.lock().unwrap();
        let (plan, status) = plan_response(&mut shared.behaviour, range_start, if_range.as_deref());
        shared.seen.push(Seen { range_start, if_range, authorization, status });
        plan
    };
    if socket.write_all(plan.head.as_bytes()).await.is_err() {
        return;
    }
    let end = plan.cut_after.or(plan.stall_after).unwrap_or(plan.body.len()).min(plan.body.len());
    for piece in plan.body[..end].chunks(16 * 1024) {
        if socket.write_all(piece).await.is_err() {
            return;
        }
    }
    if plan.stall_after.is_some() {
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
    let _ = socket.flush().await;
    // Dropping the socket closes it: a cut body ends early.
}

fn plan_response(b: &mut Behaviour, range_start: Option<u64>, if_range: Option<&str>) -> (Plan, u16) {
    let plain = |status: u16, reason: &str, extra: &str, content_type: &str, body: &[u8]| Plan {
        head: format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
            body.len()
        ),
        body: body.to_vec(),
        cut_after: None,
        stall_after: None,
    };
    if let Some(status) = b.status {
        let plan = match status {
            401 => plain(401, "Unauthorized", "WWW-Authenticate: Basic realm=\"library\"\r\n", "text/plain", b"no"),
            403 => plain(
                403,
                "Forbidden",
                "",
                "application/problem+json",
                br#"{"type":"http://opds-spec.org/odl/error/checkout/unavailable","title":"No copies left","detail":"All 3 copies are on loan.","status":403}"#,
            ),
            404 => plain(404, "Not Found", "", "text/plain", b"gone"),
            _ => plain(status, "Error", "", "text/plain", b"oops"),
        };
        return (plan, status);
    }
    let payload = b.payload.clone();
    let len = payload.len() as u64;
    let etag = b.etag.clone();
    if let Some((next, next_etag)) = b.next_payload.take() {
        b.payload = Arc::new(next);
        b.etag = next_etag;
    }
    let honoured = range_start.filter(|_| !b.ignore_range && if_range.is_none_or(|v| v == etag));
    let start = honoured.unwrap_or(0);
    if start >= len && honoured.is_some() {
        let plan = plain(
            416,
            "Range Not Satisfiable",
            &format!("Content-Range: bytes */{len}\r\n"),
            "text/plain",
            b"",
        );
        return (plan, 416);
    }
    while b.cuts.front().is_some_and(|&c| c <= start) {
        b.cuts.pop_front();
    }
    let cut_after = b.cuts.front().copied().filter(|&c| c < len).map(|c| {
        b.cuts.pop_front();
        (c - start) as usize
    });
    let stall_after = b.stall_at.filter(|&s| s > start && s < len).map(|s| (s - start) as usize);
    let (status, range_header) = match honoured {
        Some(start) => {
            let total = if b.lie_about_total { len + 10 } else { len };
            (206, format!("Content-Range: bytes {start}-{}/{total}\r\n", len - 1))
        }
        None => (200, String::new()),
    };
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/epub+zip\r\nContent-Length: {}\r\nETag: {etag}\r\nAccept-Ranges: bytes\r\n{range_header}Connection: close\r\n\r\n",
        if status == 206 { "Partial Content" } else { "OK" },
        len - start,
    );
    let body = payload[start as usize..].to_vec();
    (Plan { head, body, cut_after, stall_after }, status)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn fast_policy(attempts: u32) -> RetryPolicy {
    RetryPolicy { attempts, first_delay: Duration::from_millis(1), max_delay: Duration::from_millis(5) }
}

fn request(dir: &Path, url: Url, credentials: Option<Credentials>) -> DownloadRequest {
    DownloadRequest {
        url,
        credentials,
        destination: dir.join("library").join("book.epub"),
        partial_dir: dir.join("partial"),
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

fn part_file(dir: &Path) -> Option<PathBuf> {
    files_in(&dir.join("partial")).into_iter().find(|p| p.extension().is_some_and(|e| e == "part"))
}

/// Checks the `done` values never go back (within one start-from-zero run) and end at `size`.
fn check_progress(events: &[Progress], size: u64) {
    let mut last = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Progress::Started { resumed_from, .. } => {
                let fits = i == 0 || *resumed_from == 0 || *resumed_from == last;
                assert!(fits, "resumed elsewhere: {events:?}");
                last = *resumed_from;
            }
            Progress::Received { done, .. } => {
                assert!(*done >= last, "done went back: {events:?}");
                last = *done;
            }
            Progress::Retrying { .. } => {}
            Progress::Finished { bytes } => assert_eq!(*bytes, size),
        }
    }
    assert_eq!(last, size);
    assert_eq!(events.last(), Some(&Progress::Finished { bytes: size }));
}

fn sorted_cuts(rng: &mut Rng, len: u64, count: u64) -> VecDeque<u64> {
    let mut cuts: Vec<u64> = (0..count).map(|_| 1 + rng.below(len - 1)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_interrupted_downloads_end_byte_identical() {
    let seed = 0x746f_6d6f_7368_6962;
    let mut rng = Rng(seed);
    let server = Server::start(Vec::new(), "\"v0\"").await;
    let http = client();
    let started = Instant::now();
    let mut total_bytes = 0;
    for i in 0..100 {
        let size = 1_000_000 + rng.below(2_000_000) as usize;
        let payload = rng.bytes(size);
        total_bytes += size;
        let dir = tempfile::tempdir().unwrap();
        let count = 1 + rng.below(4);
        let cuts = sorted_cuts(&mut rng, size as u64, count);
        server.with(|b| {
            b.payload = Arc::new(payload.clone());
            b.etag = format!("\"v{i}\"");
            b.cuts = cuts.clone();
        });
        server.forget_seen();
        let req = request(dir.path(), server.url(&format!("/book/{i}")), None);
        let mut events = Vec::new();
        let done = download(&http, &req, &fast_policy(8), |p| events.push(p))
            .await
            .unwrap_or_else(|e| panic!("download {i} (seed {seed:#x}, cuts {cuts:?}): {e:?}"));
        let written = std::fs::read(&req.destination).unwrap();
        assert!(written == payload, "download {i} differs (seed {seed:#x}, cuts {cuts:?})");
        assert_eq!(done.bytes, size as u64);
        assert_eq!(done.media_type.as_deref(), Some("application/epub+zip"));
        check_progress(&events, size as u64);
        let retries = events.iter().filter(|e| matches!(e, Progress::Retrying { .. })).count();
        assert_eq!(retries, cuts.len());
        let starts: Vec<_> = server.seen().iter().map(|s| s.range_start).collect();
        let expected: Vec<_> = std::iter::once(None).chain(cuts.iter().map(|&c| Some(c))).collect();
        assert_eq!(starts, expected, "download {i}: each retry resumes at the cut");
        assert!(files_in(&req.partial_dir).is_empty(), "partial left behind");
    }
    println!("100 interrupted downloads, {total_bytes} bytes, in {:?}", started.elapsed());
}

#[tokio::test]
async fn resumes_across_two_calls() {
    let payload = Rng(7).bytes(1_500_000);
    let server = Server::start(payload.clone(), "\"book-7\"").await;
    server.with(|b| b.cuts = VecDeque::from([700_000]));
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/loan/7/fulfil"), None);
    let http = client();

    let first = download(&http, &req, &fast_policy(1), |_| {}).await;
    assert!(matches!(first, Err(DownloadError::Interrupted { have: 700_000, .. })), "{first:?}");
    assert!(!req.destination.exists());
    assert!(files_in(&dir.path().join("library")).is_empty());
    let part = part_file(dir.path()).expect("the partial is kept");
    assert_eq!(std::fs::metadata(&part).unwrap().len(), 700_000);

    let mut events = Vec::new();
    let done = download(&http, &req, &fast_policy(3), |p| events.push(p)).await.unwrap();
    assert_eq!(std::fs::read(&done.path).unwrap(), payload);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].range_start, Some(700_000));
    assert_eq!(seen[1].if_range.as_deref(), Some("\"book-7\""));
    assert_eq!(seen[1].status, 206);
    assert_eq!(events.first(), Some(&Progress::Started { total: Some(1_500_000), resumed_from: 700_000 }));
    check_progress(&events, 1_500_000);
    assert!(files_in(&req.partial_dir).is_empty());
}

#[tokio::test]
async fn server_ignoring_range_still_ends_identical() {
    let payload = Rng(11).bytes(2_000_000);
    let server = Server::start(payload.clone(), "\"x\"").await;
    server.with(|b| {
        b.ignore_range = true;
        b.cuts = VecDeque::from([300_000, 1_200_000]);
    });
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/b"), None);
    let mut events = Vec::new();
    let done = download(&client(), &req, &fast_policy(5), |p| events.push(p)).await.unwrap();
    assert_eq!(std::fs::read(&done.path).unwrap(), payload);
    let statuses: Vec<_> = server.seen().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [200, 200, 200]);
    check_progress(&events, 2_000_000);
}

#[tokio::test]
async fn changed_etag_restarts_with_the_new_book() {
    let old = Rng(21).bytes(1_200_000);
    let new = Rng(22).bytes(1_300_000);
    let server = Server::start(old, "\"old\"").await;
    server.with(|b| {
        b.cuts = VecDeque::from([500_000]);
        b.next_payload = Some((new.clone(), "\"new\"".to_owned()));
    });
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/b"), None);
    let done = download(&client(), &req, &fast_policy(4), |_| {}).await.unwrap();
    assert_eq!(done.bytes, 1_300_000);
    assert_eq!(std::fs::read(&done.path).unwrap(), new);
    let seen = server.seen();
    assert_eq!(seen[1].if_range.as_deref(), Some("\"old\""));
    assert_eq!(seen[1].status, 200, "If-Range did not match: the whole new book");
}

#[tokio::test]
async fn error_statuses_are_typed_and_leave_nothing() {
    let payload = Rng(31).bytes(1_000_000);
    let server = Server::start(payload, "\"e\"").await;
    let http = client();
    for status in [401u16, 403, 404, 500] {
        let dir = tempfile::tempdir().unwrap();
        let req = request(dir.path(), server.url("/e"), None);
        // First leave a partial behind, then meet the error status on resume.
        server.with(|b| {
            b.status = None;
            b.cuts = VecDeque::from([400_000]);
        });
        assert!(download(&http, &req, &fast_policy(1), |_| {}).await.is_err());
        assert!(part_file(dir.path()).is_some());
        server.with(|b| b.status = Some(status));
        let error = download(&http, &req, &fast_policy(3), |_| {}).await.unwrap_err();
        match (status, &error) {
            (401, DownloadError::SignInRequired) | (404, DownloadError::NotFound) => {}
            (403, DownloadError::Forbidden { problem_type, title, detail }) => {
                assert_eq!(
                    problem_type.as_deref(),
                    Some("http://opds-spec.org/odl/error/checkout/unavailable")
                );
                assert_eq!(title.as_deref(), Some("No copies left"));
                assert_eq!(detail.as_deref(), Some("All 3 copies are on loan."));
            }
            (500, DownloadError::Server { status }) => assert_eq!(status.as_u16(), 500),
            _ => panic!("{status}: unexpected {error:?}"),
        }
        assert!(!req.destination.exists(), "{status}");
        assert!(files_in(&dir.path().join("library")).is_empty(), "{status}");
        assert!(files_in(&req.partial_dir).is_empty(), "{status}: partial left");
    }
}

#[tokio::test]
async fn unavailable_server_is_retried_then_reported() {
    let server = Server::start(Rng(41).bytes(1000), "\"u\"").await;
    server.with(|b| b.status = Some(503));
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/u"), None);
    let mut retries = 0;
    let error = download(&client(), &req, &fast_policy(3), |p| {
        if matches!(p, Progress::Retrying { .. }) {
            retries += 1;
        }
    })
    .await
    .unwrap_err();
    assert!(matches!(error, DownloadError::Server { status } if status.as_u16() == 503), "{error:?}");
    assert_eq!(server.seen().len(), 3);
    assert_eq!(retries, 2);
    assert!(!req.destination.exists());
}

#[tokio::test]
async fn wrong_declared_total_is_corrupt() {
    let payload = Rng(51).bytes(1_000_000);
    let server = Server::start(payload, "\"c\"").await;
    server.with(|b| {
        b.cuts = VecDeque::from([250_000]);
        b.lie_about_total = true;
    });
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/c"), None);
    let error = download(&client(), &req, &fast_policy(3), |_| {}).await.unwrap_err();
    assert!(
        matches!(error, DownloadError::Corrupt { expected: 1_000_010, received: 1_000_000 }),
        "{error:?}"
    );
    assert!(!req.destination.exists());
    assert!(files_in(&req.partial_dir).is_empty());
}

#[tokio::test]
async fn dropping_the_future_leaves_nothing_at_the_destination() {
    let payload = Rng(61).bytes(1_500_000);
    let server = Server::start(payload.clone(), "\"d\"").await;
    server.with(|b| b.stall_at = Some(600_000));
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/d"), None);
    let http = client();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut tx = Some(tx);
    let policy = fast_policy(3);
    let running = download(&http, &req, &policy, move |p| {
        if matches!(p, Progress::Received { done, .. } if done >= 500_000)
            && let Some(tx) = tx.take()
        {
            let _ = tx.send(());
        }
    });
    tokio::select! {
        result = running => panic!("the stalled download ended: {result:?}"),
        _ = async { rx.await.unwrap(); tokio::time::sleep(Duration::from_millis(50)).await } => {}
    }
    assert!(!req.destination.exists());
    assert!(files_in(&dir.path().join("library")).is_empty());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let kept = std::fs::metadata(part_file(dir.path()).unwrap()).unwrap().len();
    assert!(kept > 0 && kept <= 600_000, "{kept}");

    // The next call picks the partial up; an explicit cancel removes it.
    server.with(|b| b.stall_at = None);
    server.forget_seen();
    let done = download(&http, &req, &fast_policy(3), |_| {}).await.unwrap();
    assert_eq!(std::fs::read(&done.path).unwrap(), payload);
    assert_eq!(server.seen()[0].range_start, Some(kept));
    discard(&req).unwrap();
}

#[tokio::test]
async fn discard_removes_the_partial() {
    let server = Server::start(Rng(71).bytes(500_000), "\"q\"").await;
    server.with(|b| b.cuts = VecDeque::from([100_000]));
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/q"), None);
    assert!(download(&client(), &req, &fast_policy(1), |_| {}).await.is_err());
    assert_eq!(files_in(&req.partial_dir).len(), 2, "the partial and its sidecar");
    discard(&req).unwrap();
    assert!(files_in(&req.partial_dir).is_empty());
    discard(&req).unwrap();
}

fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[tokio::test]
async fn credentials_are_sent_on_every_request() {
    let payload = Rng(81).bytes(800_000);
    let server = Server::start(payload.clone(), "\"k\"").await;
    server.with(|b| b.cuts = VecDeque::from([200_000]));
    let dir = tempfile::tempdir().unwrap();
    let basic = Credentials::Basic { username: "29000123".to_owned(), password: "9876".to_owned() };
    let req = request(dir.path(), server.url("/k"), Some(basic));
    download(&client(), &req, &fast_policy(3), |_| {}).await.unwrap();
    let expected = format!("Basic {}", base64(b"29000123:9876"));
    assert_eq!(expected, "Basic MjkwMDAxMjM6OTg3Ng==");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|s| s.authorization.as_deref() == Some(expected.as_str())), "{seen:?}");

    server.forget_seen();
    std::fs::remove_file(&req.destination).unwrap();
    let bearer = DownloadRequest { credentials: Some(Credentials::Bearer("tok-123".to_owned())), ..req };
    download(&client(), &bearer, &fast_policy(1), |_| {}).await.unwrap();
    assert_eq!(server.seen()[0].authorization.as_deref(), Some("Bearer tok-123"));
    assert_eq!(std::fs::read(&bearer.destination).unwrap(), payload);
}

#[tokio::test]
async fn complete_partial_is_finished_from_a_416() {
    let payload = Rng(91).bytes(600_000);
    let server = Server::start(payload.clone(), "\"r\"").await;
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), server.url("/r"), None);
    // The library folder cannot be made: the book stays complete in the partial.
    let blocker = dir.path().join("library");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let error = download(&client(), &req, &fast_policy(1), |_| {}).await.unwrap_err();
    assert!(matches!(&error, DownloadError::Io { path, .. } if path == &blocker), "{error:?}");
    assert_eq!(std::fs::metadata(part_file(dir.path()).unwrap()).unwrap().len(), 600_000);

    std::fs::remove_file(&blocker).unwrap();
    server.forget_seen();
    let done = download(&client(), &req, &fast_policy(1), |_| {}).await.unwrap();
    assert_eq!(std::fs::read(&done.path).unwrap(), payload);
    assert_eq!(done.media_type.as_deref(), Some("application/epub+zip"));
    let seen = server.seen();
    assert_eq!((seen[0].range_start, seen[0].status), (Some(600_000), 416));
    assert!(files_in(&req.partial_dir).is_empty());
}

#[test]
fn request_debug_output_hides_the_pin() {
    let req = request(
        Path::new("/tmp/x"),
        Url::parse("http://127.0.0.1/b").unwrap(),
        Some(Credentials::Basic { username: "29000123".to_owned(), password: "9876".to_owned() }),
    );
    let shown = format!("{req:?}");
    assert!(!shown.contains("9876") && shown.contains("redacted"), "{shown}");
}
