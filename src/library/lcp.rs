//! Readium LCP licence documents, License Status Documents, and problem details
//! (`application/problem+json`) error documents.
//!
//! Only the documents: decryption with the production profile needs a certified module, which
//! plugs in elsewhere. The caller keeps the licence bytes as received (the signature covers
//! them).

use super::json_tree::Json as Value;
use time::OffsetDateTime;
use url::Url;

use super::date::parse_datetime;
use super::error::{DocumentKind, Error, Result};
use super::json::Path;
use super::json_tree::{self as json, Obj};
use super::media_type::MediaType;
use super::model::Link;
use super::uri_template::{Href, LinkTemplate};

/// The LCP basic (test) encryption profile.
pub const BASIC_PROFILE: &str = "http://readium.org/lcp/basic-profile";

/// A Readium LCP licence document.
#[derive(Debug, Clone, PartialEq)]
pub struct LcpLicense {
    /// The licence identifier.
    pub id: String,
    /// Who issued it.
    pub provider: String,
    /// When it was issued.
    pub issued: Option<OffsetDateTime>,
    /// When it last changed.
    pub updated: Option<OffsetDateTime>,
    /// The encryption profile URI.
    pub profile: String,
    /// The passphrase hint shown to the patron, as the library wrote it.
    pub text_hint: Option<String>,
    /// What the patron may do and until when.
    pub rights: Rights,
    /// Where to download the protected publication.
    pub publication: Option<Url>,
    /// The License Status Document.
    pub status: Option<Url>,
    /// A page that helps with the passphrase.
    pub hint: Option<Url>,
    /// Every link.
    pub links: Vec<Link>,
    /// The document exactly as received: stored in the book as `META-INF/license.lcpl` (its
    /// signature covers these bytes).
    pub raw: Vec<u8>,
}

impl LcpLicense {
    /// True for the basic (test) profile, which an open-source client can decrypt itself.
    pub fn is_basic_profile(&self) -> bool {
        self.profile == BASIC_PROFILE
    }
}

/// Licence rights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rights {
    /// Pages that may be printed.
    pub print: Option<u64>,
    /// Characters that may be copied.
    pub copy: Option<u64>,
    /// Start of the loan.
    pub start: Option<OffsetDateTime>,
    /// End of the loan: the licence's end wins over the feed's.
    pub end: Option<OffsetDateTime>,
}

/// Parses an LCP licence read from `url`.
pub fn parse_license(bytes: &[u8], url: &Url) -> Result<LcpLicense> {
    const DOC: DocumentKind = DocumentKind::LcpLicense;
    let arena = json::Arena::new();
    let value = json::parse(bytes, DOC, &arena)?;
    let root = Obj::new(&value, &Path::ROOT, DOC)?;
    let encryption_path = Path::ROOT.key("encryption");
    let encryption =
        Obj::new(root.get("encryption").ok_or_else(|| root.missing("encryption"))?, &encryption_path, DOC)?;
    let text_hint = encryption
        .get("user_key")
        .and_then(|k| k.get("text_hint"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let rights = match root.get("rights") {
        Some(value) => {
            let path = Path::ROOT.key("rights");
            let obj = Obj::new(value, &path, DOC)?;
            Rights {
                print: obj.count("print")?,
                copy: obj.count("copy")?,
                start: obj.str("start")?.and_then(parse_datetime),
                end: obj.str("end")?.and_then(parse_datetime),
            }
        }
        None => Rights::default(),
    };
    let links = links(root, url, DOC)?;
    let find = |rel: &str| links.iter().find(|l| l.has_rel(rel)).and_then(|l| l.href.url().cloned());
    Ok(LcpLicense {
        id: root.required_str("id")?.to_owned(),
        provider: root.required_str("provider")?.to_owned(),
        issued: root.str("issued")?.and_then(parse_datetime),
        updated: root.str("updated")?.and_then(parse_datetime),
        profile: encryption.required_str("profile")?.to_owned(),
        text_hint,
        rights,
        publication: find("publication"),
        status: find("status"),
        hint: find("hint"),
        links,
        raw: bytes.to_vec(),
    })
}

/// The `status` of a License Status Document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LicenseState {
    /// Issued, not yet registered on a device.
    Ready,
    /// In use.
    Active,
    /// Ended by the library.
    Revoked,
    /// Returned by the patron.
    Returned,
    /// Cancelled before use.
    Cancelled,
    /// Past its end date.
    Expired,
}

impl LicenseState {
    /// Parses the `status` value.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim() {
            "ready" => Self::Ready,
            "active" => Self::Active,
            "revoked" => Self::Revoked,
            "returned" => Self::Returned,
            "cancelled" => Self::Cancelled,
            "expired" => Self::Expired,
            _ => return None,
        })
    }

    /// True when the loan is over (returned, revoked, cancelled or expired): lock and delete the
    /// local copy. A "return" that finds this state counts as done.
    pub fn is_over(self) -> bool {
        !matches!(self, Self::Ready | Self::Active)
    }
}

/// A Readium License Status Document.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenseStatus {
    /// The licence identifier.
    pub id: String,
    /// The licence's state.
    pub status: LicenseState,
    /// The server's message, as written (for logs; the UI shows its own text per state).
    pub message: Option<String>,
    /// When the licence last changed (fetch it again if newer than the one kept).
    pub license_updated: Option<OffsetDateTime>,
    /// When the status last changed.
    pub status_updated: Option<OffsetDateTime>,
    /// The furthest end date a renewal could reach.
    pub potential_end: Option<OffsetDateTime>,
    /// The current licence.
    pub license: Option<Url>,
    /// Register the device (`POST`, `{?id,name}`).
    pub register: Option<Href>,
    /// Return the loan early (`PUT`, `{?id,name}`).
    pub return_link: Option<Href>,
    /// Renew the loan (`PUT`, `{?end,id,name}`).
    pub renew: Option<Href>,
    /// Every link.
    pub links: Vec<Link>,
}

/// Parses a License Status Document read from `url`.
pub fn parse_status(bytes: &[u8], url: &Url) -> Result<LicenseStatus> {
    const DOC: DocumentKind = DocumentKind::LicenseStatus;
    let arena = json::Arena::new();
    let value = json::parse(bytes, DOC, &arena)?;
    let root = Obj::new(&value, &Path::ROOT, DOC)?;
    let status_text = root.required_str("status")?;
    let status = LicenseState::parse(status_text)
        .ok_or_else(|| Error::WrongDocument { document: DOC, found: format!("status {status_text}") })?;
    let updated = root.get("updated");
    let date = |v: Option<&Value>, key: &str| {
        v.and_then(|v| v.get(key)).and_then(Value::as_str).and_then(parse_datetime)
    };
    let links = links(root, url, DOC)?;
    let find = |rel: &str| links.iter().find(|l| l.has_rel(rel)).map(|l| l.href.clone());
    Ok(LicenseStatus {
        id: root.required_str("id")?.to_owned(),
        status,
        message: root.str("message")?.map(str::to_owned),
        license_updated: date(updated, "license"),
        status_updated: date(updated, "status"),
        potential_end: date(root.get("potential_rights"), "end"),
        license: find("license").and_then(|h| h.url().cloned()),
        register: find("register"),
        return_link: find("return"),
        renew: find("renew"),
        links,
    })
}

fn links(root: Obj<'_>, base: &Url, document: DocumentKind) -> Result<Vec<Link>> {
    let path = Path::ROOT.key("links");
    let mut out = Vec::new();
    for (index, item) in root.array("links")?.iter().enumerate() {
        let item_path = path.index(index);
        let obj = Obj::new(item, &item_path, document)?;
        let raw = obj.required_str("href")?;
        let href = if obj.bool("templated")?.unwrap_or(false) {
            Href::Template(LinkTemplate::new(raw, base)?)
        } else {
            Href::Url(base.join(raw.trim()).map_err(|source| Error::BadUrl {
                document,
                href: raw.to_owned(),
                path: item_path.to_string(),
                source,
            })?)
        };
        out.push(Link {
            href,
            rels: json::one_or_many(obj.get("rel"))
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            media_type: obj.str("type")?.and_then(MediaType::parse),
            title: obj.str("title")?.map(str::to_owned),
        });
    }
    Ok(out)
}

/// A problem details document (RFC 9457), as servers send with 4xx/5xx answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problem {
    /// The problem type URI.
    pub problem_type: Option<String>,
    /// The server's short title (for logs).
    pub title: Option<String>,
    /// The HTTP status the server meant.
    pub status: Option<u16>,
    /// The server's detail text (for logs and "details" views).
    pub detail: Option<String>,
    /// The instance URI.
    pub instance: Option<String>,
}

/// Problem types the UI explains with its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The patron has as many loans as allowed.
    LoanLimitReached,
    /// The patron has as many holds as allowed.
    HoldLimitReached,
    /// No copy can be lent now.
    NoLicenses,
    /// The patron already has it.
    AlreadyOnLoan,
    /// Card number or PIN refused.
    CredentialsInvalid,
    /// The library card has expired.
    CredentialsExpired,
    /// The patron owes fines or is blocked.
    OutstandingFines,
    /// Anything else.
    Other,
}

impl Problem {
    /// Parses a problem document. Unknown fields are ignored; a wrong type is an error.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        const DOC: DocumentKind = DocumentKind::Problem;
        let arena = json::Arena::new();
        let value = json::parse(bytes, DOC, &arena)?;
        let root = Obj::new(&value, &Path::ROOT, DOC)?;
        Ok(Self {
            problem_type: root.str("type")?.map(str::to_owned),
            title: root.str("title")?.map(str::to_owned),
            status: root.count("status")?.and_then(|s| u16::try_from(s).ok()),
            detail: root.str("detail")?.map(str::to_owned),
            instance: root.str("instance")?.map(str::to_owned),
        })
    }

    /// Classifies the problem type by its last path segment (Library Simplified / Palace
    /// `…/terms/problem/<name>` URIs).
    pub fn kind(&self) -> ProblemKind {
        let name = self
            .problem_type
            .as_deref()
            .and_then(|t| t.trim_end_matches('/').rsplit('/').next())
            .unwrap_or_default();
        match name {
            "loan-limit-reached" => ProblemKind::LoanLimitReached,
            "hold-limit-reached" => ProblemKind::HoldLimitReached,
            "no-licenses" | "no-available-license" => ProblemKind::NoLicenses,
            "loan-already-exists" | "already-checked-out" => ProblemKind::AlreadyOnLoan,
            "credentials-invalid" | "invalid-credentials" => ProblemKind::CredentialsInvalid,
            "expired-credentials" | "credentials-expired" => ProblemKind::CredentialsExpired,
            "outstanding-fines" | "patron-blocked" => ProblemKind::OutstandingFines,
            _ => ProblemKind::Other,
        }
    }
}
