//! Typed, cloneable errors and the non-fatal warnings a [`Publication`](super::Publication) carries.
//!
//! The UI translates every failure by variant, so each variant names *what* went wrong and
//! *where* (a file path, an href inside the book, a line/byte position). Sources that are not
//! `Clone` (such as [`std::io::Error`]) are wrapped in [`Arc`].

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::lcp::LcpError;

/// What an LCP licence says to help the patron with the passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LcpPrompt {
    /// The licence `id`.
    pub license_id: String,
    /// The licence `provider` (keyring entries for remembered user keys are per provider).
    pub provider: String,
    /// `encryption/user_key/text_hint`, as the library wrote it.
    pub text_hint: Option<String>,
    /// The licence's `hint` link: a page that helps with the passphrase.
    pub hint_url: Option<String>,
}

/// A limit of the container reader that a book exceeded (see [`Limits`](super::Limits)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// Too many entries in the zip archive.
    EntryCount,
    /// One entry declares more bytes than allowed.
    EntrySize,
    /// All entries together declare more bytes than allowed.
    TotalSize,
    /// An entry inflates far more than real content does (zip bomb).
    CompressionRatio,
    /// An XML or HTML document nests or grows beyond the parser's bounds.
    DocumentSize,
}

/// Why a book could not be opened or a resource could not be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BookError {
    /// The path does not exist or could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// File or folder that failed.
        path: PathBuf,
        /// The operating system's error.
        source: Arc<std::io::Error>,
    },
    /// The file or folder is not an EPUB, DAISY 2.02 or DAISY 3 book.
    #[error("{path} is not a recognised book (no EPUB container, ncc.html or DAISY package)")]
    UnknownFormat {
        /// File or folder that was inspected.
        path: PathBuf,
    },
    /// The book is protected by DRM or an unsupported encryption scheme.
    #[error("{href} is protected ({scheme}); Tomoshibi cannot open protected books")]
    Protected {
        /// Encrypted resource (or `META-INF/rights.xml`).
        href: String,
        /// Encryption algorithm URI or DRM name.
        scheme: String,
    },
    /// A Readium LCP (basic profile) book, and no user key was given: ask the patron for
    /// the passphrase, showing the licence's hint.
    #[error("the LCP passphrase is needed to open this book")]
    PassphraseRequired {
        /// What the licence tells about the passphrase.
        prompt: LcpPrompt,
    },
    /// A Readium LCP (basic profile) book, and none of the user keys given opens it.
    #[error("the LCP passphrase does not open this book")]
    WrongPassphrase {
        /// What the licence tells about the passphrase.
        prompt: LcpPrompt,
    },
    /// A Readium LCP licence or resource is unusable (malformed, corrupt, unsupported
    /// algorithm).
    #[error("LCP: {0}")]
    Lcp(LcpError),
    /// A zip archive could not be read.
    #[error("invalid zip archive {path}: {message}")]
    Zip {
        /// The archive.
        path: PathBuf,
        /// What the zip reader reported.
        message: String,
    },
    /// A zip entry name escapes the archive (zip-slip) or is otherwise unusable.
    #[error("unsafe entry name {name:?} in the archive")]
    UnsafePath {
        /// The raw entry name.
        name: String,
    },
    /// A safety limit was exceeded (zip bomb, huge document).
    #[error("{href}: {kind:?} limit exceeded ({actual} > {limit})")]
    LimitExceeded {
        /// Which limit.
        kind: LimitKind,
        /// The entry or document concerned (empty for the whole archive).
        href: String,
        /// Measured or declared value.
        actual: u64,
        /// Allowed maximum.
        limit: u64,
    },
    /// A resource the book needs is missing from the container.
    #[error("missing resource {href}")]
    MissingResource {
        /// Href of the resource inside the book.
        href: String,
    },
    /// An XML document is not well-formed.
    #[error("invalid XML in {href} at byte {position}: {message}")]
    InvalidXml {
        /// Href of the document.
        href: String,
        /// Byte offset of the problem.
        position: u64,
        /// The parser's description.
        message: String,
    },
    /// A required structure is absent or malformed (no rootfile, no spine, …).
    #[error("{href}: {message}")]
    Malformed {
        /// Href of the document.
        href: String,
        /// What is wrong.
        message: String,
    },
    /// The EPUB package parser (rbook) rejected the book.
    #[error("EPUB package error: {message}")]
    Epub {
        /// rbook's description.
        message: String,
    },
}

impl BookError {
    /// Builds an [`BookError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source: Arc::new(source) }
    }

    /// Builds a [`BookError::Malformed`].
    pub fn malformed(href: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Malformed { href: href.into(), message: message.into() }
    }

    /// True when the book is DRM-protected or uses unsupported encryption.
    pub fn is_protected(&self) -> bool {
        matches!(self, Self::Protected { .. })
    }

    /// The passphrase prompt when the book needs (another) LCP passphrase.
    pub fn lcp_prompt(&self) -> Option<&LcpPrompt> {
        match self {
            Self::PassphraseRequired { prompt } | Self::WrongPassphrase { prompt } => Some(prompt),
            _ => None,
        }
    }
}

/// A problem that did not stop the book from opening; shown to the user as a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A referenced audio, text or image file is absent; playback or display has a gap.
    MissingResource {
        /// Href of the missing file.
        href: String,
        /// Document that refers to it.
        referenced_from: String,
    },
    /// A resource exists but could not be parsed; its content is skipped.
    UnreadableResource {
        /// Href of the resource.
        href: String,
        /// Why it failed.
        message: String,
    },
    /// Metadata the format requires is absent (for example an empty title).
    MissingMetadata {
        /// Name of the missing field (`title`, `language`, …).
        field: String,
    },
    /// A count the book declares (for example `ncc:pageNormal`) does not match what it holds.
    CountMismatch {
        /// The declaring field.
        field: String,
        /// Declared value.
        declared: u64,
        /// Found in the book.
        found: u64,
    },
    /// The declared total time differs noticeably from the sum of the audio clips.
    DurationMismatch {
        /// Declared total in milliseconds.
        declared_ms: u64,
        /// Sum of the clips in milliseconds.
        computed_ms: u64,
    },
}

impl Warning {
    /// Builds a [`Warning::UnreadableResource`] from an error.
    pub fn unreadable(href: impl Into<String>, error: &BookError) -> Self {
        Self::UnreadableResource { href: href.into(), message: error.to_string() }
    }
}
