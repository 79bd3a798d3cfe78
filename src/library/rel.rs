//! Link relations used by OPDS 1/2, Authentication for OPDS and the Palace extensions.

use super::scan::trim;

/// How an acquisition link gets the publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AcquisitionKind {
    /// `http://opds-spec.org/acquisition`: the publication itself (a current loan, or free).
    Generic,
    /// `…/acquisition/open-access`: free, no loan needed.
    OpenAccess,
    /// `…/acquisition/borrow`: start a loan (or place a hold).
    Borrow,
    /// `…/acquisition/buy`: a purchase (the client does not buy).
    Buy,
    /// `…/acquisition/sample` or `preview`: an excerpt.
    Sample,
    /// `…/acquisition/subscribe`: a subscription.
    Subscribe,
}

/// A recognised link relation. Anything else is [`Rel::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rel {
    /// `self`.
    SelfLink,
    /// `start`: the catalog root.
    Start,
    /// `up`: the parent feed.
    Up,
    /// `next` page.
    Next,
    /// `previous` (or `prev`) page.
    Previous,
    /// `first` page.
    First,
    /// `last` page.
    Last,
    /// `search`.
    Search,
    /// `subsection` (OPDS 1 navigation).
    Subsection,
    /// `collection`: the group (lane) an entry belongs to.
    Collection,
    /// `related`.
    Related,
    /// `alternate` (e.g. the full entry document).
    Alternate,
    /// `http://opds-spec.org/image` (cover).
    Image,
    /// `http://opds-spec.org/image/thumbnail`.
    Thumbnail,
    /// One of the acquisition relations.
    Acquisition(AcquisitionKind),
    /// `http://opds-spec.org/facet`.
    Facet,
    /// Palace `…/terms/rel/revoke`: return a loan or cancel a hold.
    Revoke,
    /// `http://opds-spec.org/shelf`: the patron's loans and holds.
    Shelf,
    /// `profile` / Palace `user-profile`: the patron's limits.
    Profile,
    /// `http://opds-spec.org/auth/document`.
    AuthDocument,
    /// `http://opds-spec.org/featured`, `…/recommended`, `…/sort/new`, `…/sort/popular`.
    Featured,
    /// Any other relation.
    Other,
}

const IANA_PREFIX: &str = "http://www.iana.org/assignments/relation/";
const OPDS_PREFIX: &str = "http://opds-spec.org/";
const PALACE_TERMS: &str = "http://librarysimplified.org/terms/rel/";

/// Classifies a `rel` value. IANA relations may be written in full
/// (`http://www.iana.org/assignments/relation/next`); matching is ASCII case-insensitive for
/// registered names.
pub fn classify(rel: &str) -> Rel {
    let rel = trim(rel);
    let rel = rel.strip_prefix(IANA_PREFIX).unwrap_or(rel);
    if let Some(opds) = rel.strip_prefix(OPDS_PREFIX) {
        return classify_opds(opds);
    }
    if let Some(palace) = rel.strip_prefix(PALACE_TERMS) {
        return match palace {
            "revoke" => Rel::Revoke,
            "user-profile" => Rel::Profile,
            _ => Rel::Other,
        };
    }
    REGISTERED.iter().find(|(name, _)| name.eq_ignore_ascii_case(rel)).map_or(Rel::Other, |(_, found)| *found)
}

/// Registered (IANA) relation names, matched ASCII case-insensitively.
const REGISTERED: &[(&str, Rel)] = &[
    ("self", Rel::SelfLink),
    ("start", Rel::Start),
    ("up", Rel::Up),
    ("next", Rel::Next),
    ("previous", Rel::Previous),
    ("prev", Rel::Previous),
    ("first", Rel::First),
    ("last", Rel::Last),
    ("search", Rel::Search),
    ("subsection", Rel::Subsection),
    ("collection", Rel::Collection),
    ("related", Rel::Related),
    ("alternate", Rel::Alternate),
    ("profile", Rel::Profile),
    ("preview", Rel::Acquisition(AcquisitionKind::Sample)),
];

fn classify_opds(rest: &str) -> Rel {
    match rest {
        "image" | "cover" => Rel::Image,
        "image/thumbnail" | "thumbnail" => Rel::Thumbnail,
        "acquisition" => Rel::Acquisition(AcquisitionKind::Generic),
        "acquisition/open-access" => Rel::Acquisition(AcquisitionKind::OpenAccess),
        "acquisition/borrow" => Rel::Acquisition(AcquisitionKind::Borrow),
        "acquisition/buy" => Rel::Acquisition(AcquisitionKind::Buy),
        "acquisition/sample" | "acquisition/preview" => Rel::Acquisition(AcquisitionKind::Sample),
        "acquisition/subscribe" => Rel::Acquisition(AcquisitionKind::Subscribe),
        "facet" => Rel::Facet,
        "shelf" => Rel::Shelf,
        "auth/document" => Rel::AuthDocument,
        "featured" | "recommended" | "sort/new" | "sort/popular" => Rel::Featured,
        _ => Rel::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_relations() {
        let cases = [
            ("self", Rel::SelfLink),
            (" next ", Rel::Next),
            ("NEXT", Rel::Next),
            ("http://www.iana.org/assignments/relation/next", Rel::Next),
            ("prev", Rel::Previous),
            ("previous", Rel::Previous),
            ("first", Rel::First),
            ("last", Rel::Last),
            ("search", Rel::Search),
            ("subsection", Rel::Subsection),
            ("collection", Rel::Collection),
            ("http://opds-spec.org/image", Rel::Image),
            ("http://opds-spec.org/image/thumbnail", Rel::Thumbnail),
            ("http://opds-spec.org/acquisition", Rel::Acquisition(AcquisitionKind::Generic)),
            ("http://opds-spec.org/acquisition/open-access", Rel::Acquisition(AcquisitionKind::OpenAccess)),
            ("http://opds-spec.org/acquisition/borrow", Rel::Acquisition(AcquisitionKind::Borrow)),
            ("http://opds-spec.org/acquisition/buy", Rel::Acquisition(AcquisitionKind::Buy)),
            ("http://opds-spec.org/acquisition/sample", Rel::Acquisition(AcquisitionKind::Sample)),
            ("preview", Rel::Acquisition(AcquisitionKind::Sample)),
            ("http://opds-spec.org/acquisition/subscribe", Rel::Acquisition(AcquisitionKind::Subscribe)),
            ("http://opds-spec.org/facet", Rel::Facet),
            ("http://opds-spec.org/shelf", Rel::Shelf),
            ("http://opds-spec.org/sort/new", Rel::Featured),
            ("http://opds-spec.org/auth/document", Rel::AuthDocument),
            ("http://librarysimplified.org/terms/rel/revoke", Rel::Revoke),
            ("http://librarysimplified.org/terms/rel/user-profile", Rel::Profile),
            ("profile", Rel::Profile),
            ("http://opds-spec.org/acquisition/unknown", Rel::Other),
            ("HTTP://OPDS-SPEC.ORG/IMAGE", Rel::Other),
            ("", Rel::Other),
        ];
        for (text, expected) in cases {
            assert_eq!(classify(text), expected, "{text:?}");
        }
    }
}
