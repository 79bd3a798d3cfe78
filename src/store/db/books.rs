//! The bookshelf: one row per book with what the reader needs to list it,
//! open it and show how far along it is.

use super::{Database, DbError, UnixTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The table this module owns.
const TABLE: &str = "books";

/// The columns [`RawBook::from_row`] reads, in order.
const COLUMNS: &str = "id, title, authors, language, format, source, cover_path, \
                       loan_library_id, loan_until, loan_revoke_url, added_at, last_opened_at, progression";

/// How a book is packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BookFormat {
    /// EPUB 2 or 3, with or without media overlays.
    Epub,
    /// DAISY 2.02 (an `ncc.html` with SMIL files).
    Daisy202,
    /// DAISY 3 / ANSI/NISO Z39.86 (an OPF with a DTBook and NCX).
    Daisy3,
}

impl BookFormat {
    /// Every format, in declaration order.
    pub const ALL: [Self; 3] = [Self::Epub, Self::Daisy202, Self::Daisy3];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Epub => "epub",
            Self::Daisy202 => "daisy202",
            Self::Daisy3 => "daisy3",
        }
    }

    /// The format stored as `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl ToSql for BookFormat {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for BookFormat {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let name = value.as_str()?;
        Self::from_name(name)
            .ok_or_else(|| FromSqlError::Other(format!("unknown book format {name:?}").into()))
    }
}

/// A library loan: the book goes back at `until` unless returned earlier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loan {
    /// The library (catalogue) the book was borrowed from.
    pub library_id: String,
    /// When the loan ends, as RFC 3339 text (`2026-12-01T10:00:00Z`), if the
    /// library said.
    pub until: Option<String>,
    /// Where to return the book early, if the library allows it.
    pub revoke_url: Option<String>,
}

/// What is known about a book itself: everything [`Database::upsert_book`]
/// writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    /// The publication identifier, or a hash of the file path when it has none.
    pub id: String,
    /// The title as the book gives it.
    pub title: String,
    /// Authors in the book's order.
    pub authors: Vec<String>,
    /// The book's main language as a BCP 47 tag, if declared.
    pub language: Option<String>,
    /// How the book is packaged.
    pub format: BookFormat,
    /// Where the book is: a local path or a URL.
    pub source: String,
    /// A local copy of the cover image, if there is one.
    pub cover_path: Option<String>,
    /// The loan, when the book is borrowed rather than owned.
    pub loan: Option<Loan>,
}

/// A book on the shelf with its reading state.
#[derive(Debug, Clone, PartialEq)]
pub struct ShelfEntry {
    /// The book.
    pub book: Book,
    /// When it was first put on the shelf.
    pub added_at: UnixTime,
    /// When it was last opened, if ever.
    pub last_opened_at: Option<UnixTime>,
    /// How far through the book the reader is, from 0.0 to 1.0.
    pub progression: f64,
}

/// A row as stored, before its JSON is checked.
struct RawBook {
    book: Book,
    authors: String,
    added_at: UnixTime,
    last_opened_at: Option<UnixTime>,
    progression: f64,
}

impl RawBook {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let loan = row.get::<_, Option<String>>(7)?.map(|library_id| -> rusqlite::Result<Loan> {
            Ok(Loan { library_id, until: row.get(8)?, revoke_url: row.get(9)? })
        });
        Ok(Self {
            book: Book {
                id: row.get(0)?,
                title: row.get(1)?,
                authors: Vec::new(),
                language: row.get(3)?,
                format: row.get(4)?,
                source: row.get(5)?,
                cover_path: row.get(6)?,
                loan: loan.transpose()?,
            },
            authors: row.get(2)?,
            added_at: row.get(10)?,
            last_opened_at: row.get(11)?,
            progression: row.get(12)?,
        })
    }

    fn into_entry(self) -> Result<ShelfEntry, DbError> {
        let mut book = self.book;
        book.authors = serde_json::from_str(&self.authors).map_err(|e| DbError::BadJson {
            table: TABLE,
            id: book.id.clone(),
            source: Arc::new(e),
        })?;
        Ok(ShelfEntry {
            book,
            added_at: self.added_at,
            last_opened_at: self.last_opened_at,
            progression: self.progression,
        })
    }
}

/// Brings a progression into 0.0–1.0; `None` for NaN and infinities.
fn clamp_progression(value: f64) -> Option<f64> {
    value.is_finite().then(|| value.clamp(0.0, 1.0))
}

impl Database {
    /// Puts `book` on the shelf, or updates what is known about it when a book
    /// with its id is already there. Updating keeps the reading state (when it
    /// was added and opened, progression, position, bookmarks).
    ///
    /// # Errors
    /// [`DbError::Encode`] or [`DbError::Query`].
    pub fn upsert_book(&self, book: &Book) -> Result<(), DbError> {
        let authors = serde_json::to_string(&book.authors).map_err(|e| DbError::Encode {
            table: TABLE,
            id: book.id.clone(),
            source: Arc::new(e),
        })?;
        let loan = book.loan.as_ref();
        self.conn
            .prepare_cached(
                "INSERT INTO books (id, title, authors, language, format, source, cover_path,
                                    loan_library_id, loan_until, loan_revoke_url, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET
                     title = excluded.title, authors = excluded.authors, language = excluded.language,
                     format = excluded.format, source = excluded.source, cover_path = excluded.cover_path,
                     loan_library_id = excluded.loan_library_id, loan_until = excluded.loan_until,
                     loan_revoke_url = excluded.loan_revoke_url",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    book.id,
                    book.title,
                    authors,
                    book.language,
                    book.format,
                    book.source,
                    book.cover_path,
                    loan.map(|l| &l.library_id),
                    loan.and_then(|l| l.until.as_ref()),
                    loan.and_then(|l| l.revoke_url.as_ref()),
                    UnixTime::now(),
                ])
            })
            .map(drop)
            .map_err(self.failed("save book"))
    }

    /// The book with `id`, if it is on the shelf.
    ///
    /// # Errors
    /// [`DbError::Query`], or [`DbError::BadJson`] when its stored authors are
    /// not a list of names.
    pub fn book(&self, id: &str) -> Result<Option<ShelfEntry>, DbError> {
        let raw = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM books WHERE id = ?1"))
            .and_then(|mut statement| statement.query_row([id], RawBook::from_row).optional())
            .map_err(self.failed("get book"))?;
        raw.map(RawBook::into_entry).transpose()
    }

    /// Every book on the shelf: the most recently opened first, then the
    /// never-opened ones, most recently added first.
    ///
    /// # Errors
    /// [`DbError::Query`], or [`DbError::BadJson`] naming the first book whose
    /// stored authors are not a list of names.
    pub fn books(&self) -> Result<Vec<ShelfEntry>, DbError> {
        let raws = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM books
                 ORDER BY last_opened_at DESC NULLS LAST, added_at DESC, rowid DESC"
            ))
            .and_then(|mut statement| {
                statement.query_map([], RawBook::from_row)?.collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(self.failed("list books"))?;
        raws.into_iter().map(RawBook::into_entry).collect()
    }

    /// Takes the book with `id` off the shelf with its position and bookmarks.
    /// Returns whether it was there.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn remove_book(&self, id: &str) -> Result<bool, DbError> {
        self.conn
            .execute("DELETE FROM books WHERE id = ?1", [id])
            .map(|removed| removed > 0)
            .map_err(self.failed("remove book"))
    }

    /// Records how far through the book the reader is. Values outside
    /// 0.0–1.0 are clamped.
    ///
    /// # Errors
    /// [`DbError::InvalidProgression`] for NaN or infinity (the stored value
    /// is kept), [`DbError::UnknownBook`] or [`DbError::Query`].
    pub fn set_progression(&self, id: &str, progression: f64) -> Result<(), DbError> {
        let value = clamp_progression(progression)
            .ok_or_else(|| DbError::InvalidProgression { book_id: id.to_owned(), value: progression })?;
        self.update_book(id, "set progression", "UPDATE books SET progression = ?2 WHERE id = ?1", value)
    }

    /// Records where the shelf's small picture of the book's cover is.
    ///
    /// # Errors
    /// [`DbError::UnknownBook`] or [`DbError::Query`].
    pub fn set_cover_path(&self, id: &str, path: &str) -> Result<(), DbError> {
        self.update_book(id, "set cover", "UPDATE books SET cover_path = ?2 WHERE id = ?1", path)
    }

    /// Records that the book was opened at `at`, which moves it to the front
    /// of [`Database::books`].
    ///
    /// # Errors
    /// [`DbError::UnknownBook`] or [`DbError::Query`].
    pub fn mark_opened(&self, id: &str, at: UnixTime) -> Result<(), DbError> {
        self.update_book(id, "mark book opened", "UPDATE books SET last_opened_at = ?2 WHERE id = ?1", at)
    }

    fn update_book(
        &self,
        id: &str,
        operation: &'static str,
        sql: &str,
        value: impl rusqlite::ToSql,
    ) -> Result<(), DbError> {
        let changed = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut statement| statement.execute(params![id, value]))
            .map_err(self.failed(operation))?;
        if changed == 0 {
            return Err(DbError::UnknownBook { book_id: id.to_owned() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn book(id: &str) -> Book {
        Book {
            id: id.to_owned(),
            title: format!("Title {id}"),
            authors: vec!["宮沢賢治".to_owned()],
            language: Some("ja".to_owned()),
            format: BookFormat::Epub,
            source: format!("/books/{id}.epub"),
            cover_path: None,
            loan: None,
        }
    }

    #[test]
    fn format_names_round_trip() {
        let table =
            [(BookFormat::Epub, "epub"), (BookFormat::Daisy202, "daisy202"), (BookFormat::Daisy3, "daisy3")];
        assert_eq!(table.len(), BookFormat::ALL.len());
        for (format, name) in table {
            assert_eq!(format.as_str(), name);
            assert_eq!(BookFormat::from_name(name), Some(format));
            assert_eq!(serde_json::to_string(&format).unwrap(), format!("\"{name}\""));
        }
        for unknown in ["EPUB", "pdf", "daisy", ""] {
            assert_eq!(BookFormat::from_name(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn progressions_are_clamped_or_refused() {
        let table = [
            (0.0, Some(0.0)),
            (0.25, Some(0.25)),
            (1.0, Some(1.0)),
            (-0.5, Some(0.0)),
            (1.5, Some(1.0)),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (f64::NEG_INFINITY, None),
        ];
        for (input, expected) in table {
            assert_eq!(clamp_progression(input), expected, "{input}");
        }
    }

    #[test]
    fn a_refused_progression_keeps_the_stored_one() {
        let db = Database::open_in_memory().unwrap();
        db.upsert_book(&book("a")).unwrap();
        db.set_progression("a", 0.4).unwrap();
        match db.set_progression("a", f64::NAN) {
            Err(DbError::InvalidProgression { book_id, .. }) => assert_eq!(book_id, "a"),
            other => panic!("expected InvalidProgression, got {other:?}"),
        }
        assert_eq!(db.book("a").unwrap().unwrap().progression, 0.4);
    }

    #[test]
    fn an_unknown_stored_format_is_a_query_error_not_a_panic() {
        let db = Database::open_in_memory().unwrap();
        db.upsert_book(&book("a")).unwrap();
        // The CHECK constraint guards writes; bypass it as a damaged file would.
        db.conn.pragma_update(None, "ignore_check_constraints", true).unwrap();
        db.conn.execute("UPDATE books SET format = 'pdf'", []).unwrap();
        match db.book("a") {
            Err(DbError::Query { operation, .. }) => assert_eq!(operation, "get book"),
            other => panic!("expected a query error, got {other:?}"),
        }
    }
}
