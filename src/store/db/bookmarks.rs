//! Named places in a book the reader wants to come back to.
//!
//! Like positions, the locator is the caller's own type stored as JSON.

use super::{Database, DbError, UnixTime};
use rusqlite::{Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// The table this module owns.
const TABLE: &str = "bookmarks";

/// Identifies one bookmark. Ids grow with each new bookmark and are never
/// reused, even after a delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BookmarkId(pub i64);

/// A bookmark, with the locator read back as the caller's type `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark<T> {
    /// Its id.
    pub id: BookmarkId,
    /// The book it belongs to.
    pub book_id: String,
    /// The name the reader gave it (or the one suggested for them).
    pub name: String,
    /// Where in the book it points.
    pub locator: T,
    /// When it was made.
    pub created_at: UnixTime,
}

/// A row as stored, before its JSON is read.
struct RawBookmark {
    id: BookmarkId,
    book_id: String,
    name: String,
    locator: String,
    created_at: UnixTime,
}

impl RawBookmark {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: BookmarkId(row.get(0)?),
            book_id: row.get(1)?,
            name: row.get(2)?,
            locator: row.get(3)?,
            created_at: row.get(4)?,
        })
    }

    fn decode<T: DeserializeOwned>(self) -> Result<Bookmark<T>, DbError> {
        let locator = serde_json::from_str(&self.locator).map_err(|e| DbError::BadJson {
            table: TABLE,
            id: self.id.0.to_string(),
            source: Arc::new(e),
        })?;
        Ok(Bookmark {
            id: self.id,
            book_id: self.book_id,
            name: self.name,
            locator,
            created_at: self.created_at,
        })
    }
}

impl Database {
    /// Adds a bookmark named `name` at `locator` in the book, saved before this
    /// returns. Returns its id.
    ///
    /// # Errors
    /// [`DbError::Encode`] when `locator` cannot be written as JSON,
    /// [`DbError::UnknownBook`] when the book is not on the shelf, or
    /// [`DbError::Query`].
    pub fn add_bookmark<T: Serialize + ?Sized>(
        &self,
        book_id: &str,
        name: &str,
        locator: &T,
    ) -> Result<BookmarkId, DbError> {
        let json = super::error::encode_json(TABLE, book_id, locator)?;
        self.conn
            .prepare_cached(
                "INSERT INTO bookmarks (book_id, name, locator, created_at) VALUES (?1, ?2, ?3, ?4)
                 RETURNING id",
            )
            .and_then(|mut statement| {
                statement.query_row(params![book_id, name, json, UnixTime::now()], |row| row.get(0))
            })
            .map(BookmarkId)
            .map_err(self.failed_for_book("add bookmark", book_id))
    }

    /// Renames a bookmark. Returns whether it exists.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn rename_bookmark(&self, id: BookmarkId, name: &str) -> Result<bool, DbError> {
        self.conn
            .execute("UPDATE bookmarks SET name = ?2 WHERE id = ?1", params![id.0, name])
            .map(|changed| changed > 0)
            .map_err(self.failed("rename bookmark"))
    }

    /// Deletes a bookmark. Returns whether it existed.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn delete_bookmark(&self, id: BookmarkId) -> Result<bool, DbError> {
        self.conn
            .execute("DELETE FROM bookmarks WHERE id = ?1", [id.0])
            .map(|deleted| deleted > 0)
            .map_err(self.failed("delete bookmark"))
    }

    /// The book's bookmarks in the order they were made.
    ///
    /// # Errors
    /// [`DbError::Query`], or [`DbError::BadJson`] naming the first bookmark
    /// whose locator does not fit `T`.
    pub fn bookmarks<T: DeserializeOwned>(&self, book_id: &str) -> Result<Vec<Bookmark<T>>, DbError> {
        let raws = self
            .conn
            .prepare_cached(
                "SELECT id, book_id, name, locator, created_at FROM bookmarks WHERE book_id = ?1 ORDER BY id",
            )
            .and_then(|mut statement| {
                statement.query_map([book_id], RawBookmark::from_row)?.collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(self.failed("list bookmarks"))?;
        raws.into_iter().map(RawBookmark::decode).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::store::db::{Book, BookFormat};

    #[test]
    fn ids_are_not_reused_after_a_delete() {
        let db = Database::open_in_memory().unwrap();
        let book = Book {
            id: "b".to_owned(),
            title: "t".to_owned(),
            authors: Vec::new(),
            language: None,
            format: BookFormat::Daisy3,
            source: "/b".to_owned(),
            cover_path: None,
            loan: None,
        };
        db.upsert_book(&book).unwrap();
        let first = db.add_bookmark("b", "one", &1).unwrap();
        let second = db.add_bookmark("b", "two", &2).unwrap();
        assert!(db.delete_bookmark(second).unwrap());
        let third = db.add_bookmark("b", "three", &3).unwrap();
        assert!(first < second && second < third, "{first:?} {second:?} {third:?}");
    }

    #[test]
    fn a_bookmark_for_a_missing_book_is_refused() {
        let db = Database::open_in_memory().unwrap();
        match db.add_bookmark("nowhere", "n", &0) {
            Err(DbError::UnknownBook { book_id }) => assert_eq!(book_id, "nowhere"),
            other => panic!("expected UnknownBook, got {other:?}"),
        }
    }
}
