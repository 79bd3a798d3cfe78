//! Downloading a Readium LCP publication: the licence's `publication` link is downloaded like
//! any book ([`download`], resumable), then the licence is stored inside it at
//! `META-INF/license.lcpl`; only the finished book, licence inside, is renamed into the
//! patron's library, so nothing half-made ever appears there.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::download::{self, DownloadError, DownloadRequest, Downloaded, Progress, RetryPolicy};
use super::lcp::LcpLicense;

/// Where the publication of `request` waits, without its licence, before it is finished.
fn staging(request: &DownloadRequest) -> PathBuf {
    let name = request.destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    request.partial_dir.join(format!("{name}.unlicensed"))
}

/// The download of the publication `license` leads to, staged in `request.partial_dir`
/// (`request.url` is ignored: the licence's publication link is used).
pub fn publication_request(license: &LcpLicense, request: &DownloadRequest) -> Option<DownloadRequest> {
    Some(DownloadRequest {
        url: license.publication.clone()?,
        credentials: request.credentials.clone(),
        destination: staging(request),
        partial_dir: request.partial_dir.clone(),
    })
}

/// Downloads the publication of `license` and stores the licence in it, writing
/// `request.destination` atomically. Progress and retries are those of [`download::download`].
pub async fn download_licensed(
    http: &reqwest::Client,
    license: &LcpLicense,
    request: &DownloadRequest,
    policy: &RetryPolicy,
    on_progress: impl FnMut(Progress) + Send,
) -> Result<Downloaded, DownloadError> {
    let staged = publication_request(license, request).ok_or_else(|| DownloadError::Unlicensable {
        reason: "the licence has no publication link".into(),
    })?;
    let downloaded = download::download(http, &staged, policy, on_progress).await?;
    let (source, destination, raw) =
        (downloaded.path.clone(), request.destination.clone(), license.raw.clone());
    let embedded = tokio::task::spawn_blocking(move || embed_file(&source, &raw, &destination))
        .await
        .unwrap_or_else(|e| Err(DownloadError::Unlicensable { reason: e.to_string() }));
    if let Err(e) = std::fs::remove_file(&downloaded.path) {
        tracing::warn!("{}: {e}", downloaded.path.display());
    }
    let bytes = embedded?;
    Ok(Downloaded { path: request.destination.clone(), bytes, media_type: downloaded.media_type })
}

/// Deletes what a cancelled licensed download left behind.
pub fn discard(license_request: &DownloadRequest, license: &LcpLicense) -> std::io::Result<()> {
    match publication_request(license, license_request) {
        Some(staged) => download::discard(&staged),
        None => Ok(()),
    }
}

/// Copies the EPUB at `source` to `destination` with `license` inside; returns the new size.
/// The copy is written next to `destination`, synced, then renamed over it.
pub fn embed_file(source: &Path, license: &[u8], destination: &Path) -> Result<u64, DownloadError> {
    let io =
        |path: &Path, e: std::io::Error| DownloadError::Io { path: path.to_path_buf(), source: Arc::new(e) };
    let folder = destination.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| io(folder, e))?;
    let input = std::fs::File::open(source).map_err(|e| io(source, e))?;
    let mut output = tempfile::NamedTempFile::new_in(folder).map_err(|e| io(folder, e))?;
    crate::book::lcp::embed_license(BufReader::new(input), output.as_file_mut(), license)
        .map_err(|e| DownloadError::Unlicensable { reason: e.to_string() })?;
    output.as_file().sync_all().map_err(|e| io(destination, e))?;
    let bytes = output.as_file().metadata().map(|m| m.len()).unwrap_or(0);
    output.persist(destination).map_err(|e| io(destination, e.error))?;
    Ok(bytes)
}
