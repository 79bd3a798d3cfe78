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

/// Tallest cover thumbnail kept for the shelf, in pixels.
pub const COVER_HEIGHT: u32 = 240;

/// Makes the shelf's small picture of the book's cover in `dir` (a PNG named after the
/// book id) and returns its path; `None` when the book has no cover or it cannot be read
/// (the shelf then shows the title alone).
pub fn cover_thumbnail(publication: &Publication, book_id: &str, dir: &Path) -> Option<std::path::PathBuf> {
    let href = cover_href(publication)?;
    let path = cover_file(book_id, dir);
    if path.exists() {
        return Some(path);
    }
    let name = path.file_stem()?.to_string_lossy().into_owned();
    let bytes = publication.read_resource(href).ok()?;
    let picture = image::load_from_memory(&bytes).ok()?;
    let small = picture.thumbnail(COVER_HEIGHT * 3 / 4, COVER_HEIGHT);
    std::fs::create_dir_all(dir).ok()?;
    let partial = dir.join(format!("{name}.png.part"));
    small.save_with_format(&partial, image::ImageFormat::Png).ok()?;
    std::fs::rename(&partial, &path).ok()?;
    Some(path)
}

/// The book's cover picture: the one the package names, else the picture on the page the
/// book marks as its cover, else a picture that opens the book (a cover page or the first
/// page of a comic).
pub fn cover_href(publication: &Publication) -> Option<&str> {
    use crate::book::model::BlockKind;
    let first_image = |href: &str| {
        publication.document(href)?.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Image { src, .. } if !src.is_empty() => Some(src.as_str()),
            _ => None,
        })
    };
    let opening = || {
        let doc = publication.documents.first()?;
        match &doc.blocks.iter().find(|b| !matches!(b.kind, BlockKind::PageBreak { .. }))?.kind {
            BlockKind::Image { src, .. } if !src.is_empty() => Some(src.as_str()),
            _ => None,
        }
    };
    publication
        .metadata
        .cover
        .as_deref()
        .or_else(|| {
            let landmark = publication.navigation.landmarks.iter().find(|l| l.kind.ends_with("cover"))?;
            first_image(&landmark.target.href)
        })
        .or_else(opening)
}

/// Where the shelf's cover picture of the book `book_id` is kept in `dir` (made or not).
pub fn cover_file(book_id: &str, dir: &Path) -> std::path::PathBuf {
    use sha2::Digest;
    let name: String =
        sha2::Sha256::digest(book_id.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{name}.png"))
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
