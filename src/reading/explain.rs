//! Why a book did not open, in the patron's language: protected books get their own words
//! (what to do), other failures the reader's technical reason.

use crate::book::BookError;
use crate::book::lcp::LcpError;
use crate::fl;

/// The LCP scheme name [`BookError::Protected`] carries for production-profile licences.
const LCP_SCHEME: &str = "Readium LCP";

/// A translated sentence for errors about protection (DRM, LCP), `None` for the others.
pub fn protection(error: &BookError) -> Option<String> {
    Some(match error {
        BookError::Protected { scheme, .. } if scheme == LCP_SCHEME => fl!("book-error-lcp-certified"),
        BookError::Protected { scheme, .. } => fl!("book-error-protected", scheme = scheme.clone()),
        BookError::PassphraseRequired { .. } => fl!("book-error-passphrase-required"),
        BookError::WrongPassphrase { .. } => fl!("book-error-passphrase-wrong"),
        BookError::Lcp(LcpError::ProductionProfile { .. }) => fl!("book-error-lcp-certified"),
        BookError::Lcp(_) => fl!("book-error-lcp-damaged"),
        _ => return None,
    })
}

/// The reason a book did not open: [`protection`]'s sentence, or the error's own text.
pub fn book_error(error: &BookError) -> String {
    protection(error).unwrap_or_else(|| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_books_have_their_own_words() {
        let lcp = BookError::Protected { href: "META-INF/license.lcpl".into(), scheme: LCP_SCHEME.into() };
        let adept = BookError::Protected { href: "META-INF/rights.xml".into(), scheme: "Adobe ADEPT".into() };
        assert_ne!(protection(&lcp), protection(&adept));
        assert!(protection(&adept).is_some_and(|t| t.contains("Adobe ADEPT")));
        assert!(protection(&BookError::Lcp(LcpError::WrongPassphrase)).is_some());
        assert_eq!(protection(&BookError::MissingResource { href: "a".into() }), None);
    }
}
