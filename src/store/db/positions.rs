//! The last reading position of each book, saved on every move.
//!
//! The position is the caller's own type (the reader's `Locator`) stored as
//! JSON, so this layer never needs to change when the locator gains a field.
//! Add fields with `#[serde(default)]` to keep older rows readable.

use super::{Database, DbError, UnixTime};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// The table this module owns.
const TABLE: &str = "positions";

impl Database {
    /// Saves `position` as the book's last reading position, replacing the
    /// previous one.
    ///
    /// The save is one transaction, committed with a full sync before this
    /// returns: a crash or `kill -9` right after does not lose it.
    ///
    /// # Errors
    /// [`DbError::Encode`] when `position` cannot be written as JSON,
    /// [`DbError::UnknownBook`] when the book is not on the shelf, or
    /// [`DbError::Query`].
    pub fn save_position<T: Serialize + ?Sized>(&self, book_id: &str, position: &T) -> Result<(), DbError> {
        let json = super::error::encode_json(TABLE, book_id, position)?;
        self.conn
            .prepare_cached(
                "INSERT INTO positions (book_id, locator, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (book_id) DO UPDATE SET locator = excluded.locator, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![book_id, json, UnixTime::now()]))
            .map(drop)
            .map_err(self.failed_for_book("save position", book_id))
    }

    /// The book's last reading position, if one was saved.
    ///
    /// # Errors
    /// [`DbError::BadJson`] when the stored JSON does not fit `T` (the reader
    /// can then start from the beginning), or [`DbError::Query`].
    pub fn position<T: DeserializeOwned>(&self, book_id: &str) -> Result<Option<T>, DbError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT locator FROM positions WHERE book_id = ?1")
            .and_then(|mut statement| statement.query_row([book_id], |row| row.get(0)).optional())
            .map_err(self.failed("read position"))?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| DbError::BadJson {
                table: TABLE,
                id: book_id.to_owned(),
                source: Arc::new(e),
            })
        })
        .transpose()
    }

    /// When the book's position was last saved, if ever.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn position_saved_at(&self, book_id: &str) -> Result<Option<UnixTime>, DbError> {
        self.conn
            .prepare_cached("SELECT updated_at FROM positions WHERE book_id = ?1")
            .and_then(|mut statement| statement.query_row([book_id], |row| row.get(0)).optional())
            .map_err(self.failed("read position time"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::store::db::{Book, BookFormat};
    use std::collections::BTreeMap;

    fn shelf_with(id: &str) -> Database {
        let db = Database::open_in_memory().unwrap();
        let book = Book {
            id: id.to_owned(),
            title: "t".to_owned(),
            authors: Vec::new(),
            language: None,
            format: BookFormat::Daisy202,
            source: "/b".to_owned(),
            cover_path: None,
            loan: None,
        };
        db.upsert_book(&book).unwrap();
        db
    }

    #[test]
    fn any_serializable_shape_round_trips() {
        let db = shelf_with("b");
        db.save_position("b", &42_u64).unwrap();
        assert_eq!(db.position::<u64>("b").unwrap(), Some(42));
        db.save_position("b", "chapter-3.xhtml#p12").unwrap();
        assert_eq!(db.position::<String>("b").unwrap().as_deref(), Some("chapter-3.xhtml#p12"));
        db.save_position("b", &(3_u32, 1.25_f64)).unwrap();
        assert_eq!(db.position::<(u32, f64)>("b").unwrap(), Some((3, 1.25)));
    }

    #[test]
    fn a_position_that_cannot_be_json_is_an_encode_error() {
        let db = shelf_with("b");
        let mut not_json = BTreeMap::new();
        not_json.insert((1, 2), "tuple keys are not JSON object keys");
        match db.save_position("b", &not_json) {
            Err(DbError::Encode { table, id, .. }) => assert_eq!((table, id.as_str()), (TABLE, "b")),
            other => panic!("expected Encode, got {other:?}"),
        }
        assert_eq!(db.position::<u8>("b").unwrap(), None);
    }

    #[test]
    fn the_save_time_is_recorded() {
        let db = shelf_with("b");
        assert_eq!(db.position_saved_at("b").unwrap(), None);
        let before = UnixTime::now();
        db.save_position("b", &1).unwrap();
        let saved = db.position_saved_at("b").unwrap().unwrap();
        assert!(saved >= before && saved <= UnixTime::now(), "{saved:?}");
    }
}
