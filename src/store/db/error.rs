//! What can go wrong with the database, said plainly enough for the UI to
//! turn each case into an actionable, translated message.

use std::path::PathBuf;
use std::sync::Arc;

/// Why a database operation failed.
///
/// Cheap to clone: the underlying SQLite, migration, JSON and I/O errors are
/// kept behind [`Arc`].
#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    /// The file could not be opened or prepared for use (missing permission,
    /// a directory in its place, locked by another program past the busy
    /// timeout).
    #[error("cannot open the database {path}: {source}")]
    CannotOpen {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        source: Arc<rusqlite::Error>,
    },
    /// The folder that should hold the database could not be created.
    #[error("cannot create the folder {dir} for the database: {source}")]
    CreateDir {
        /// The folder.
        dir: PathBuf,
        /// The I/O error.
        source: Arc<std::io::Error>,
    },
    /// The file is not an SQLite database, or its contents are damaged. The
    /// file was left untouched; [`Database::quarantine`](super::Database::quarantine)
    /// moves it aside so a fresh database can be created.
    #[error("the database {path} is damaged or is not a database: {source}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        source: Arc<rusqlite::Error>,
    },
    /// The database was written by a newer Tomoshibi. It was not modified.
    #[error(
        "the database {path} has schema version {found}, newer than {supported} (the newest this version knows)"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version stored in the file.
        found: i64,
        /// The newest schema version this build can use.
        supported: usize,
    },
    /// Bringing an older database up to date failed. The migration runs in one
    /// transaction, so the file keeps its previous schema and rows.
    #[error("cannot update the database {path} from schema version {from} to {to}: {source}")]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The schema version before the attempt.
        from: i64,
        /// The schema version that was being reached.
        to: usize,
        /// What the migration reported.
        source: Arc<rusqlite_migration::Error>,
    },
    /// A query failed.
    #[error("database operation \u{201c}{operation}\u{201d} failed: {source}")]
    Query {
        /// What was being done, such as `"save position"`.
        operation: &'static str,
        /// What SQLite reported.
        source: Arc<rusqlite::Error>,
    },
    /// A row refers to a book that is not on the shelf.
    #[error("no book with id {book_id:?} is on the shelf")]
    UnknownBook {
        /// The missing book's id.
        book_id: String,
    },
    /// A reading progression outside 0.0–1.0 that cannot be brought into range
    /// (not a number, or infinite).
    #[error("progression {value} for book {book_id:?} is not a number between 0 and 1")]
    InvalidProgression {
        /// The book.
        book_id: String,
        /// The rejected value.
        value: f64,
    },
    /// A value could not be turned into JSON for storing.
    #[error("cannot store a value in {table} for {id}: {source}")]
    Encode {
        /// The table it was meant for.
        table: &'static str,
        /// The book or row it belongs to.
        id: String,
        /// What serde_json reported.
        source: Arc<serde_json::Error>,
    },
    /// JSON stored in the database does not match the expected type (written
    /// by hand, by another program, or with an incompatible older type).
    #[error("stored JSON in {table} for {id} cannot be read: {source}")]
    BadJson {
        /// The table holding the value.
        table: &'static str,
        /// The row's id (book id or bookmark id).
        id: String,
        /// What serde_json reported.
        source: Arc<serde_json::Error>,
    },
    /// Moving a damaged database aside failed; nothing was deleted.
    #[error("cannot move the damaged database {path} aside: {source}")]
    Quarantine {
        /// The database file.
        path: PathBuf,
        /// The I/O error.
        source: Arc<std::io::Error>,
    },
    /// The worker thread doing a database call stopped before finishing it.
    #[error("the database worker stopped: {reason}")]
    WorkerStopped {
        /// Why, as the runtime reported it.
        reason: String,
    },
}

/// The JSON text of a caller's value stored in `table` for `id`.
pub(crate) fn encode_json<T: serde::Serialize + ?Sized>(
    table: &'static str,
    id: &str,
    value: &T,
) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Encode {
        table,
        id: id.to_owned(),
        source: Arc::new(e),
    })
}

impl DbError {
    /// Whether the error means the file is damaged or not a database, so the
    /// caller should offer to [quarantine](super::Database::quarantine) it.
    pub fn is_corrupt(&self) -> bool {
        matches!(self, Self::Corrupt { .. })
    }
}

/// Whether SQLite reported a damaged file or something that is not a database.
pub(super) fn is_corruption(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Whether SQLite refused a row because its book does not exist.
pub(super) fn is_missing_book(error: &rusqlite::Error) -> bool {
    error.sqlite_error().is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_error(extended_code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(extended_code), None)
    }

    #[test]
    fn sqlite_codes_are_classified() {
        let table = [
            (rusqlite::ffi::SQLITE_CORRUPT, true, false),
            (rusqlite::ffi::SQLITE_NOTADB, true, false),
            (rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY, false, true),
            (rusqlite::ffi::SQLITE_CONSTRAINT_CHECK, false, false),
            (rusqlite::ffi::SQLITE_BUSY, false, false),
        ];
        for (code, corrupt, missing_book) in table {
            let e = sqlite_error(code);
            assert_eq!(is_corruption(&e), corrupt, "code {code}");
            assert_eq!(is_missing_book(&e), missing_book, "code {code}");
        }
        assert!(!is_corruption(&rusqlite::Error::QueryReturnedNoRows));
    }

    #[test]
    fn messages_name_the_operation_and_the_row() {
        let query = DbError::Query {
            operation: "save position",
            source: Arc::new(sqlite_error(rusqlite::ffi::SQLITE_FULL)),
        };
        assert!(query.to_string().contains("save position"), "{query}");
        let json = DbError::BadJson {
            table: "bookmarks",
            id: "7".to_owned(),
            source: Arc::new(serde_json::from_str::<u8>("x").unwrap_err()),
        };
        let text = json.to_string();
        assert!(text.contains("bookmarks") && text.contains('7'), "{text}");
        assert!(!json.is_corrupt());
    }
}
