//! Lending: borrow (or place a hold), return early, cancel a hold, renew, and read the
//! patron's shelf — the requests real lending servers (Palace / Library Simplified, Readium
//! LCP License Status Documents) answer, made through [`LibraryClient`].
//!
//! Every operation answers with the publication in its new state, so screens replace the
//! entry they show with what the library says now.

use reqwest::Method;
use time::OffsetDateTime;
use url::Url;

use super::availability::Availability;
use super::client::{Credentials, FetchError, Fetched, LibraryClient};
use super::lcp::{self, LcpLicense, LicenseStatus};
use super::media_type::{self, MediaType};
use super::model::{CatalogDocument, CatalogEntry, CatalogFeed};
use super::parse_catalog;
use super::rel::AcquisitionKind;
use super::uri_template::Href;

/// What a lending request accepts, best first.
const ACCEPT_LENDING: &str = "application/opds-publication+json, \
     application/atom+xml;type=entry;profile=opds-catalog;q=0.9, application/opds+json;q=0.8, \
     application/vnd.readium.lcp.license.v1.0+json;q=0.8, application/atom+xml;q=0.7, \
     application/problem+json;q=0.5, */*;q=0.1";
/// What a License Status Document request accepts.
const ACCEPT_STATUS: &str = "application/vnd.readium.license.status.v1.0+json, application/json;q=0.5";
/// What an LCP licence request accepts.
const ACCEPT_LICENSE: &str = "application/vnd.readium.lcp.license.v1.0+json, application/json;q=0.5";
/// The device name sent with License Status Document requests.
const DEVICE_NAME: &str = "Tomoshibi";

/// What the library answered to a borrow request.
#[derive(Debug, Clone)]
pub enum Borrowed {
    /// The publication in its new state: on loan, on hold, or ready.
    Entry(Box<CatalogEntry>),
    /// A Readium LCP licence (the loan; the publication link inside leads to the file).
    License(Box<LcpLicense>),
}

/// What can be done with a publication on the patron's shelf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Start a loan, or join the hold queue when no copy is free.
    Borrow,
    /// Return a loan early.
    Return,
    /// Leave the hold queue (or decline a hold that came in).
    CancelHold,
    /// Extend the loan.
    Renew,
    /// Fetch the book's file.
    Download,
}

/// The operations the library offers on `entry` now, in the order a patron would want them.
pub fn operations(entry: &CatalogEntry) -> Vec<Operation> {
    use super::Availability as A;
    let mut out = Vec::new();
    match &entry.availability {
        A::Loanable { .. } | A::Holdable { .. } | A::Ready { .. } => out.push(Operation::Borrow),
        _ => {}
    }
    if content_link(entry).is_some() {
        out.push(Operation::Download);
    }
    let status = status_link(entry).is_some();
    match &entry.availability {
        A::Loaned { revoke, .. } => {
            if status {
                out.push(Operation::Renew);
            }
            if revoke.is_some() || status {
                out.push(Operation::Return);
            }
        }
        A::Held { .. } | A::Ready { .. } if cancel_hold_request(entry).is_some() => {
            out.push(Operation::CancelHold);
        }
        _ => {}
    }
    out
}

/// The link to the book's file for a current loan or an open-access book: the URL and the
/// media type the link announces.
pub fn content_link(entry: &CatalogEntry) -> Option<(Url, Option<MediaType>)> {
    let usable = |kind| matches!(kind, AcquisitionKind::Generic | AcquisitionKind::OpenAccess);
    if !matches!(
        entry.availability,
        super::Availability::Loaned { .. } | super::Availability::OpenAccess { .. }
    ) {
        return None;
    }
    entry
        .acquisitions
        .iter()
        .filter(|a| usable(a.kind))
        .find_map(|a| a.href.url().map(|url| (url.clone(), a.formats().first().map(|m| (*m).clone()))))
}

/// The link to the loan's License Status Document, if the library gave one.
pub fn status_link(entry: &CatalogEntry) -> Option<&Url> {
    entry
        .links
        .iter()
        .filter(|link| link.media_type.as_ref().is_some_and(|m| m.is(media_type::LICENSE_STATUS)))
        .find_map(|link| link.href.url())
}

/// How to leave the hold queue: the revoke link (Palace), or `DELETE` on the borrow link
/// (OPDS 2).
fn cancel_hold_request(entry: &CatalogEntry) -> Option<(Method, Url)> {
    if let Some(revoke) = entry.availability.revoke() {
        return Some((Method::GET, revoke.clone()));
    }
    borrow_link(entry).map(|url| (Method::DELETE, url.clone()))
}

fn borrow_link(entry: &CatalogEntry) -> Option<&Url> {
    entry.acquisitions.iter().filter(|a| a.kind == AcquisitionKind::Borrow).find_map(|a| a.href.url())
}

/// The library offers no link for this operation on this entry.
fn no_link(entry: &CatalogEntry) -> FetchError {
    FetchError::NotOffered { entry: entry.id.clone() }
}

impl LibraryClient {
    /// Borrows `entry` (Palace servers place a hold instead when no copy is free). Servers
    /// differ in the method they expect: GET is tried first, then PUT and POST when the
    /// server answers 405.
    pub async fn borrow(
        &self,
        entry: &CatalogEntry,
        credentials: &Credentials,
    ) -> Result<Borrowed, FetchError> {
        let url = borrow_link(entry).ok_or_else(|| no_link(entry))?.clone();
        let mut last = None;
        for method in [Method::GET, Method::PUT, Method::POST] {
            match self.send(method, &url, Some(credentials), ACCEPT_LENDING).await {
                Err(FetchError::Server { status: 405, .. }) => last = Some(method_refused(&url)),
                Err(error) => return Err(error),
                Ok(fetched) => return lending_answer(&url, &fetched),
            }
        }
        Err(last.unwrap_or_else(|| method_refused(&url)))
    }

    /// Returns a loan early, or cancels a hold. Answers with the publication in its new
    /// state, or `None` when the library answered with nothing to show (Palace sends an
    /// empty feed). A loan with only a License Status Document is returned through it.
    pub async fn revoke(
        &self,
        entry: &CatalogEntry,
        credentials: &Credentials,
    ) -> Result<Option<CatalogEntry>, FetchError> {
        let loaned = matches!(entry.availability, super::Availability::Loaned { .. });
        let request = match (&entry.availability, loaned) {
            (_, true) => entry.availability.revoke().map(|url| (Method::GET, url.clone())),
            _ => cancel_hold_request(entry),
        };
        let Some((method, url)) = request else {
            if loaned && let Some(status) = status_link(entry) {
                self.return_loan(status, credentials).await?;
                return Ok(None);
            }
            return Err(no_link(entry));
        };
        let fetched = match self.send(method.clone(), &url, Some(credentials), ACCEPT_LENDING).await {
            Err(FetchError::Server { status: 405, .. }) if method == Method::GET => {
                self.send(Method::PUT, &url, Some(credentials), ACCEPT_LENDING).await?
            }
            other => other?,
        };
        if fetched.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        match lending_answer(&url, &fetched)? {
            Borrowed::Entry(entry) => Ok(Some(*entry)),
            Borrowed::License(_) => Ok(None),
        }
    }

    /// Reads the LCP licence of a loan (an acquisition link of type
    /// `application/vnd.readium.lcp.license.v1.0+json`).
    pub async fn fetch_license(
        &self,
        url: &Url,
        credentials: &Credentials,
    ) -> Result<LcpLicense, FetchError> {
        let fetched = self.get(url, Some(credentials), ACCEPT_LICENSE).await?;
        lcp::parse_license(&fetched.body, &fetched.url).map_err(|e| document_error(url, e))
    }

    /// Reads a License Status Document.
    pub async fn license_status(
        &self,
        url: &Url,
        credentials: &Credentials,
    ) -> Result<LicenseStatus, FetchError> {
        let fetched = self.get(url, Some(credentials), ACCEPT_STATUS).await?;
        lcp::parse_status(&fetched.body, &fetched.url).map_err(|e| document_error(url, e))
    }

    /// Renews a loan through its License Status Document; answers with the new status
    /// (its `potential_end` or the licence's new end is the new due date).
    pub async fn renew(&self, status: &Url, credentials: &Credentials) -> Result<LicenseStatus, FetchError> {
        let current = self.license_status(status, credentials).await?;
        let link = current.renew.as_ref().ok_or_else(|| method_refused(status))?;
        self.status_action(link, &current.id, status, credentials).await
    }

    /// Returns a loan through its License Status Document.
    pub async fn return_loan(
        &self,
        status: &Url,
        credentials: &Credentials,
    ) -> Result<LicenseStatus, FetchError> {
        let current = self.license_status(status, credentials).await?;
        if current.status.is_over() {
            return Ok(current);
        }
        let link = current.return_link.as_ref().ok_or_else(|| method_refused(status))?;
        self.status_action(link, &current.id, status, credentials).await
    }

    async fn status_action(
        &self,
        link: &Href,
        id: &str,
        status: &Url,
        credentials: &Credentials,
    ) -> Result<LicenseStatus, FetchError> {
        let url = match link {
            Href::Url(url) => url.clone(),
            Href::Template(template) => template
                .expand(&[("id", id), ("name", DEVICE_NAME)])
                .map_err(|e| document_error(status, e))?,
        };
        let fetched = self.send(Method::PUT, &url, Some(credentials), ACCEPT_STATUS).await?;
        lcp::parse_status(&fetched.body, &fetched.url).map_err(|e| document_error(&url, e))
    }

    /// Reads the patron's shelf: current loans and holds.
    pub async fn shelf(&self, url: &Url, credentials: &Credentials) -> Result<CatalogFeed, FetchError> {
        match self.fetch_catalog(url, Some(credentials)).await? {
            CatalogDocument::Feed(feed) => Ok(*feed),
            CatalogDocument::Entry(document) => {
                let mut feed = CatalogFeed::empty(url.clone());
                feed.entries.push(document.entry);
                Ok(feed)
            }
        }
    }
}

/// A hold that came in: the patron may borrow it until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyHold {
    /// The publication's identifier.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The deadline to borrow it, when the library says.
    pub until: Option<OffsetDateTime>,
}

/// The holds on a shelf that are ready to borrow.
pub fn ready_holds<'a>(entries: impl IntoIterator<Item = &'a CatalogEntry>) -> Vec<ReadyHold> {
    entries
        .into_iter()
        .filter_map(|entry| match &entry.availability {
            Availability::Ready { until, .. } => {
                Some(ReadyHold { id: entry.id.clone(), title: entry.title.clone(), until: *until })
            }
            _ => None,
        })
        .collect()
}

impl LibraryClient {
    /// The ready holds of a patron at the library whose catalog starts at `start`: the shelf
    /// is found through the catalog's `http://opds-spec.org/shelf` link, else the
    /// authentication document's. Used at start to announce holds that came in.
    pub async fn ready_holds_at(
        &self,
        start: &Url,
        credentials: &Credentials,
    ) -> Result<Vec<ReadyHold>, FetchError> {
        let shelf = match self.fetch_catalog(start, Some(credentials)).await? {
            CatalogDocument::Feed(feed) => feed.feed_links.shelf,
            CatalogDocument::Entry(_) => None,
        };
        let shelf = match shelf {
            Some(shelf) => shelf,
            None => {
                let auth = start.join("/auth").map_err(|_| method_refused(start))?;
                let document = self.fetch_authentication(&auth).await?;
                document.links.shelf.ok_or_else(|| FetchError::Server {
                    url: start.clone(),
                    status: 404,
                    problem: None,
                })?
            }
        };
        let feed = self.shelf(&shelf, credentials).await?;
        Ok(ready_holds(feed.all_entries()))
    }
}

fn method_refused(url: &Url) -> FetchError {
    FetchError::Server { url: url.clone(), status: 405, problem: None }
}

fn document_error(url: &Url, error: super::Error) -> FetchError {
    FetchError::Document { url: url.clone(), source: Box::new(error) }
}

/// Reads what a borrow or revoke request answered: an entry, a feed with one entry, or an
/// LCP licence.
fn lending_answer(url: &Url, fetched: &Fetched) -> Result<Borrowed, FetchError> {
    let media_type = fetched.content_type.as_deref().and_then(MediaType::parse);
    if media_type.as_ref().is_some_and(MediaType::is_lcp_license) {
        let license = lcp::parse_license(&fetched.body, &fetched.url).map_err(|e| document_error(url, e))?;
        return Ok(Borrowed::License(Box::new(license)));
    }
    match parse_catalog(&fetched.body, fetched.content_type.as_deref(), &fetched.url)
        .map_err(|e| document_error(url, e))?
    {
        CatalogDocument::Entry(document) => Ok(Borrowed::Entry(Box::new(document.entry))),
        CatalogDocument::Feed(feed) => feed
            .all_entries()
            .next()
            .cloned()
            .map(|entry| Borrowed::Entry(Box::new(entry)))
            .ok_or_else(|| FetchError::Server { url: url.clone(), status: 204, problem: None }),
    }
}
