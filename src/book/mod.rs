//! Books: every supported format turned into one [`Publication`] model.
//!
//! Synchronous and pure (no UI toolkit, no async runtime) so it can be fuzzed and
//! benchmarked alone. Entry point: [`open`], which detects the format of a `.epub`, a `.zip`
//! (DAISY downloads) or a folder.
//!
//! | format | package | navigation | timeline | text |
//! |---|---|---|---|---|
//! | EPUB 2/3 | OPF via rbook | EPUB 3 nav / NCX, page-list, landmarks | media overlays (SMIL 3) | XHTML, DTBook |
//! | DAISY 2.02 | `ncc.html` | `ncc.html` headings, pages | SMIL 1.0 | content HTML |
//! | DAISY 3 | OPF (any file name) | NCX navMap, pageList, navList | SMIL 2 | DTBook |

pub mod clock;
pub mod container;
pub mod content;
pub mod daisy202;
pub mod daisy3;

pub mod dom;
pub mod epub;

pub mod error;
pub mod href;
pub mod html;
pub mod inspect;
pub mod lcp;

pub mod locator;
pub mod model;
pub mod smil;
pub mod text;
pub mod timeline;
pub mod xml;

use std::path::Path;

pub use container::{Container, Limits};
pub use error::{BookError, LcpPrompt, LimitKind, Warning};
pub use inspect::{Report, inspect};

pub use locator::{AudioPosition, Locations, Locator};
pub use model::*;

/// What [`detect`] found: the format and the href of its entry document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// EPUB (OCF container with `META-INF/container.xml`).
    Epub,
    /// DAISY 2.02 with the NCC at this href.
    Daisy202(String),
    /// DAISY 3 with the package (OPF) at this href.
    Daisy3(String),
}

/// Opens a book from a `.epub` or `.zip` file or a folder, with default [`Limits`].
pub fn open(path: &Path) -> Result<Publication, BookError> {
    open_with(path, Limits::default())
}

/// Opens a book with explicit safety limits.
pub fn open_with(path: &Path, limits: Limits) -> Result<Publication, BookError> {
    open_container(Container::open_with(path, limits)?)
}

/// Opens a book that may be Readium LCP protected, trying each of `user_keys` (see
/// [`lcp::user_key_from_passphrase`]). With no keys, an LCP book fails with
/// [`BookError::PassphraseRequired`]; when none fits, with [`BookError::WrongPassphrase`].
pub fn open_with_keys(path: &Path, user_keys: &[lcp::UserKey]) -> Result<Publication, BookError> {
    open_container_with_keys(Container::open(path)?, user_keys)
}

/// Opens the book held by an already opened container (for example
/// [`Container::from_zip_bytes`]).
pub fn open_container(container: Container) -> Result<Publication, BookError> {
    open_container_with_keys(container, &[])
}

/// [`open_container`] with LCP user keys to try (see [`open_with_keys`]).
pub fn open_container_with_keys(
    container: Container,
    user_keys: &[lcp::UserKey],
) -> Result<Publication, BookError> {
    let Some(detected) = detect(&container) else {
        return Err(BookError::UnknownFormat { path: container.source().to_path_buf() });
    };
    match detected {
        Detected::Epub => epub::open(container, user_keys),
        Detected::Daisy202(ncc) => daisy202::open(container, &ncc),
        Detected::Daisy3(opf) => daisy3::open(container, &opf),
    }
}

/// Detects the format of an opened container.
///
/// EPUB wins when `META-INF/container.xml` exists. Otherwise the shallowest `ncc.html`
/// (any case) means DAISY 2.02, and the shallowest `.opf` means DAISY 3. Books zipped inside
/// one top folder (common for library downloads) are found too.
pub fn detect(container: &Container) -> Option<Detected> {
    if container.exists("META-INF/container.xml") {
        return Some(Detected::Epub);
    }
    let files = container.list();
    let shallowest = |pred: &dyn Fn(&str) -> bool| {
        files
            .iter()
            .filter(|f| pred(&f.to_ascii_lowercase()))
            .min_by_key(|f| (f.matches('/').count(), f.len()))
            .cloned()
    };
    let is_ncc =
        |f: &str| f == "ncc.html" || f.ends_with("/ncc.html") || f == "ncc.htm" || f.ends_with("/ncc.htm");
    if let Some(ncc) = shallowest(&is_ncc) {
        return Some(Detected::Daisy202(ncc));
    }
    shallowest(&|f: &str| f.ends_with(".opf")).map(Detected::Daisy3)
}
