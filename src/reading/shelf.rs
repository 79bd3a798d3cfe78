//! The bookshelf record of an opened book.

use crate::book::{Format, Publication};
use crate::store::db::{Book, BookFormat};
use std::path::Path;

/// A stable id for a book on the shelf: its first identifier, else its path.
pub fn book_id(publication: &Publication, path: &Path) -> String {
    publication
        .metadata
        .identifiers
        .iter()
        .find(|id| !id.trim().is_empty())
        .map_or_else(|| format!("path:{}", path.display()), |id| format!("id:{}", id.trim()))
}

/// The shelf row for `publication`, opened from `path`.
pub fn record(publication: &Publication, path: &Path) -> Book {
    let format = match publication.format {
        Format::Daisy202 => BookFormat::Daisy202,
        Format::Daisy3 => BookFormat::Daisy3,
        _ => BookFormat::Epub,
    };
    let title = publication.metadata.title.trim();
    let title = if title.is_empty() {
        path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    } else {
        title.to_owned()
    };
    Book {
        id: book_id(publication, path),
        title,
        authors: publication.metadata.authors.clone(),
        language: publication.metadata.languages.first().cloned(),
        format,
        source: path.display().to_string(),
        cover_path: None,
        loan: None,
    }
}
