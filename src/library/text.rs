//! The library in words, in the current language: one sentence per availability ("On hold:
//! you are number 3 of 3 in the queue"), dates as people write them, a one-line summary for
//! catalog rows, and a translated, actionable message for every failure. Shared by the
//! screens and the command line.

use super::client::FetchError;
use super::download::DownloadError;
use super::{Availability, CatalogEntry, MediaType};
use crate::fl;
use time::OffsetDateTime;

/// A date in the interface language ("5 December 2026", "2026年12月5日"), in local time
/// when the offset is known.
pub fn date(when: OffsetDateTime) -> String {
    let local = time::UtcOffset::current_local_offset().map_or(when, |offset| when.to_offset(offset));
    fl!(
        "date",
        year = local.year().to_string(),
        month = u8::from(local.month()).to_string(),
        day = local.day().to_string()
    )
}

/// The sentence that says what the patron can do with the publication now.
pub fn availability(availability: &Availability) -> String {
    match availability {
        Availability::OpenAccess { .. } => fl!("lending-open-access"),
        Availability::Loanable { copies, .. } => match copies.and_then(|c| c.available.zip(c.total)) {
            Some((free, total)) => {
                fl!("lending-loanable-copies", available = free.to_string(), total = total.to_string())
            }
            None => fl!("lending-loanable"),
        },
        Availability::Holdable { holds, .. } => match holds.and_then(|h| h.total) {
            Some(waiting) => fl!("lending-holdable-queue", waiting = waiting.to_string()),
            None => fl!("lending-holdable"),
        },
        Availability::Held { holds, .. } => match holds.and_then(|h| h.position.zip(h.total)) {
            Some((position, total)) => {
                fl!("lending-held-position", position = position.to_string(), total = total.to_string())
            }
            None => fl!("lending-held"),
        },
        Availability::Ready { until, .. } => match until {
            Some(until) => fl!("lending-ready-until", date = date(*until)),
            None => fl!("lending-ready"),
        },
        Availability::Loaned { until, .. } => match until {
            Some(until) => fl!("lending-loaned-until", date = date(*until)),
            None => fl!("lending-loaned"),
        },
        Availability::Unavailable => fl!("lending-unavailable"),
    }
}

/// The kind of publication, from its formats and type ("E-book", "Talking book").
pub fn format(entry: &CatalogEntry) -> String {
    let formats = entry.formats();
    let is = |test: &dyn Fn(&MediaType) -> bool| formats.iter().any(|m| test(m));
    if entry.series.is_some() && is(&|m| m.is(crate::library::media_type::EPUB)) {
        fl!("format-magazine")
    } else if is(&|m| m.essence().starts_with("audio/") || m.is(crate::library::media_type::AUDIOBOOK))
        || is(&|m| m.is("application/zip"))
    {
        fl!("format-talking-book")
    } else if formats.is_empty() {
        fl!("format-unknown")
    } else {
        fl!("format-ebook")
    }
}

/// One line for a catalog or shelf row: title, authors, kind, availability.
pub fn row(entry: &CatalogEntry) -> String {
    let authors = entry.authors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
    fl!(
        "catalog-entry",
        title = entry.title.clone(),
        authors = authors,
        format = format(entry),
        availability = availability(&entry.availability)
    )
}

/// The translated, actionable message for a failed library request.
pub fn explain(error: &FetchError) -> String {
    use crate::library::lcp::ProblemKind;
    if let Some(problem) = error.problem() {
        let detail = problem.detail.clone().or_else(|| problem.title.clone()).unwrap_or_default();
        let known = match problem.kind() {
            ProblemKind::LoanLimitReached => Some(fl!("library-error-loan-limit")),
            ProblemKind::HoldLimitReached => Some(fl!("library-error-hold-limit")),
            ProblemKind::NoLicenses => Some(fl!("library-error-no-copies")),
            ProblemKind::CredentialsInvalid => Some(fl!("sign-in-refused")),
            ProblemKind::CredentialsExpired => Some(fl!("library-error-card-expired")),
            ProblemKind::OutstandingFines => Some(fl!("library-error-blocked")),
            _ => None,
        };
        if let Some(known) = known {
            return known;
        }
        if !detail.is_empty() {
            return fl!("library-error-server-detail", detail = detail);
        }
    }
    match error {
        FetchError::Offline { .. } => fl!("library-error-offline"),
        FetchError::Timeout { .. } | FetchError::Interrupted { .. } => fl!("library-error-timeout"),
        FetchError::SignInRequired { .. } => fl!("library-error-sign-in"),
        FetchError::SignInFailed { .. } => fl!("sign-in-refused"),
        FetchError::NotOffered { .. } => fl!("library-error-not-offered"),
        FetchError::Document { .. } | FetchError::TooLarge { .. } => fl!("library-error-document"),
        FetchError::Server { status: 404, .. } => fl!("library-error-not-found"),
        _ => fl!("library-error-server"),
    }
}

/// The translated, actionable message for a browser sign-in that gave no token.
pub fn explain_oauth(error: &crate::library::oauth::OAuthError) -> String {
    use crate::library::oauth::OAuthError;
    match error {
        OAuthError::Denied { .. } => fl!("sign-in-web-denied"),
        OAuthError::TimedOut(_) => fl!("sign-in-web-timeout"),
        OAuthError::NoBrowser(_) => fl!("sign-in-web-no-browser"),
        _ => fl!("sign-in-web-failed"),
    }
}

/// The words of the page the browser shows when a browser sign-in ends, in the current language
/// (whose HTML tag is `lang`).
pub fn oauth_page_texts(lang: &str) -> crate::library::oauth::PageTexts {
    crate::library::oauth::PageTexts {
        lang: lang.to_owned(),
        title: fl!("sign-in-web-page-title"),
        done: fl!("sign-in-web-page-done"),
        failed: fl!("sign-in-web-page-failed"),
    }
}

/// The translated, actionable message for a failed download.
pub fn explain_download(error: &DownloadError) -> String {
    match error {
        DownloadError::Offline { .. } => fl!("library-error-offline"),
        DownloadError::Timeout { .. } | DownloadError::Interrupted { .. } => {
            fl!("download-error-interrupted")
        }
        DownloadError::SignInRequired => fl!("library-error-sign-in"),
        DownloadError::Forbidden { .. } => fl!("download-error-forbidden"),
        DownloadError::NotFound => fl!("library-error-not-found"),
        DownloadError::Corrupt { .. } | DownloadError::Unlicensable { .. } => fl!("download-error-corrupt"),
        DownloadError::DiskFull { .. } | DownloadError::Io { .. } => fl!("download-error-disk"),
        _ => fl!("library-error-server"),
    }
}
