//! The built-in catalogue: `assets/demo-library/catalog.toml` plus the embedded book files.

use std::borrow::Cow;

use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::error::DemoError;

/// The embedded asset folder.
#[derive(rust_embed::Embed)]
#[folder = "assets/demo-library/"]
struct Assets;

/// What kind of item a book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Kind {
    /// An e-book (EPUB).
    Ebook,
    /// A talking book (DAISY, zipped).
    Audio,
    /// An e-magazine issue (EPUB).
    Magazine,
}

impl Kind {
    /// The query-string value.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Ebook => "ebook",
            Kind::Audio => "audio",
            Kind::Magazine => "magazine",
        }
    }

    /// Parses the query-string value.
    pub(super) fn parse(value: &str) -> Option<Self> {
        [Kind::Ebook, Kind::Audio, Kind::Magazine].into_iter().find(|kind| kind.as_str() == value)
    }

    /// The schema.org type used in OPDS metadata.
    pub(super) fn schema_type(self) -> &'static str {
        match self {
            Kind::Ebook => "http://schema.org/Book",
            Kind::Audio => "http://schema.org/Audiobook",
            Kind::Magazine => "http://schema.org/Periodical",
        }
    }
}

/// One catalogue entry as written in `catalog.toml`.
#[derive(Debug, Clone, Deserialize)]
struct RawBook {
    id: String,
    uuid: String,
    title: String,
    author: String,
    language: String,
    kind: Kind,
    file: String,
    media_type: String,
    copies: u32,
    published: String,
    modified: String,
    summary_en: String,
    summary_ja: String,
    #[serde(default)]
    subjects: Vec<String>,
    series: Option<String>,
    series_position: Option<u32>,
    cover: Option<String>,
    #[serde(default)]
    lcp: bool,
}

#[derive(Debug, Deserialize)]
struct RawCatalog {
    book: Vec<RawBook>,
}

/// One book of the demo library.
#[derive(Debug, Clone)]
pub(super) struct Book {
    /// Short id used in URLs.
    pub id: String,
    /// Stable `urn:uuid:` identifier.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Author's name.
    pub author: String,
    /// BCP 47 language (`ja` or `en`).
    pub language: String,
    /// Kind of item.
    pub kind: Kind,
    /// Path of the book file inside the assets.
    pub file: String,
    /// Media type of the book file.
    pub media_type: String,
    /// Number of copies the library owns.
    pub copies: u32,
    /// Publication date.
    pub published: OffsetDateTime,
    /// Last modification of the file (also its `Last-Modified`).
    pub modified: OffsetDateTime,
    /// Summary in English.
    pub summary_en: String,
    /// Summary in Japanese.
    pub summary_ja: String,
    /// Subjects.
    pub subjects: Vec<String>,
    /// Series name and position (magazine issues).
    pub series: Option<(String, u32)>,
    /// Path of the cover image inside the assets, if any.
    pub cover: Option<String>,
    /// Strong entity tag of the book file (quoted).
    pub etag: String,
    /// Lent with a Readium LCP basic-profile licence (the file is served encrypted).
    pub lcp: bool,
}

impl Book {
    /// The summary in the answer language.
    pub(super) fn summary(&self, ja: bool) -> &str {
        if ja { &self.summary_ja } else { &self.summary_en }
    }

    /// Media type of the file inside the licence (for `indirectAcquisition`).
    pub(super) fn indirect_type(&self) -> &str {
        &self.media_type
    }

    /// The `indirectAcquisition` of the borrow link: the file, or for an LCP book the
    /// licence that leads to the file.
    pub(super) fn indirect_acquisition(&self) -> serde_json::Value {
        if self.lcp {
            serde_json::json!([{ "type": super::lcp::LICENSE_MEDIA_TYPE, "child": [{ "type": self.media_type }] }])
        } else {
            serde_json::json!([{ "type": self.indirect_type() }])
        }
    }

    /// Whether the search `needle` (already lower-cased) occurs in this book's searchable text.
    pub(super) fn matches(&self, needle: &str) -> bool {
        let series = self.series.as_ref().map(|(name, _)| name.as_str()).unwrap_or("");
        [self.title.as_str(), &self.author, series, &self.summary_en, &self.summary_ja]
            .into_iter()
            .chain(self.subjects.iter().map(String::as_str))
            .any(|field| field.to_lowercase().contains(needle))
    }
}

/// The whole catalogue, in `catalog.toml` order.
#[derive(Debug, Clone)]
pub(super) struct Catalog {
    /// The books.
    pub books: Vec<Book>,
}

fn parse_date(value: &str, id: &str) -> Result<OffsetDateTime, DemoError> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map_err(|err| DemoError::Asset(format!("{id}: bad date {value:?}: {err}")))
}

/// Reads an embedded asset.
pub(super) fn asset(path: &str) -> Result<Cow<'static, [u8]>, DemoError> {
    Assets::get(path).map(|file| file.data).ok_or_else(|| DemoError::Asset(path.to_owned()))
}

impl Catalog {
    /// Loads and checks the embedded catalogue (every file and cover must exist).
    pub(super) fn load() -> Result<Self, DemoError> {
        let text = asset("catalog.toml")?;
        let text =
            std::str::from_utf8(&text).map_err(|err| DemoError::Asset(format!("catalog.toml: {err}")))?;
        let raw: RawCatalog =
            toml::from_str(text).map_err(|err| DemoError::Asset(format!("catalog.toml: {err}")))?;
        let mut books = Vec::with_capacity(raw.book.len());
        for item in raw.book {
            let file = Assets::get(&item.file).ok_or_else(|| DemoError::Asset(item.file.clone()))?;
            if let Some(cover) = &item.cover
                && Assets::get(cover).is_none()
            {
                return Err(DemoError::Asset(cover.clone()));
            }
            let hash: String =
                file.metadata.sha256_hash().iter().take(16).map(|byte| format!("{byte:02x}")).collect();
            books.push(Book {
                identifier: format!("urn:uuid:{}", item.uuid),
                published: parse_date(&item.published, &item.id)?,
                modified: parse_date(&item.modified, &item.id)?,
                series: item.series.map(|name| (name, item.series_position.unwrap_or(1))),
                etag: format!("\"{hash}\""),
                id: item.id,
                title: item.title,
                author: item.author,
                language: item.language,
                kind: item.kind,
                file: item.file,
                media_type: item.media_type,
                copies: item.copies,
                summary_en: item.summary_en,
                summary_ja: item.summary_ja,
                subjects: item.subjects,
                cover: item.cover,
                lcp: item.lcp,
            });
        }
        Ok(Catalog { books })
    }

    /// The book with this id.
    pub(super) fn get(&self, id: &str) -> Option<&Book> {
        self.books.iter().find(|book| book.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_loads_with_all_files() {
        let catalog = Catalog::load().unwrap();
        assert_eq!(catalog.books.len(), 8);
        let kusamakura = catalog.get("kusamakura").unwrap();
        assert_eq!(kusamakura.copies, 1);
        assert_eq!(kusamakura.kind, Kind::Ebook);
        assert!(kusamakura.etag.starts_with('"') && kusamakura.etag.len() == 34);
        assert_eq!(catalog.books.iter().filter(|book| book.kind == Kind::Magazine).count(), 2);
    }

    #[test]
    fn search_is_case_insensitive_and_works_for_japanese() {
        let catalog = Catalog::load().unwrap();
        assert!(catalog.get("kusamakura").unwrap().matches("漱石"));
        assert!(catalog.get("wasteland").unwrap().matches("eliot"));
        assert!(!catalog.get("wasteland").unwrap().matches("漱石"));
    }
}
