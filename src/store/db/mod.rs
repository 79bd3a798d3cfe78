//! The SQLite database behind the bookshelf: books, reading positions,
//! bookmarks and the catalogue feed cache.
//!
//! Promises kept here:
//! - A saved position or bookmark is on disk when the call returns (WAL with
//!   `synchronous=FULL`, one transaction per save), so a crash or `kill -9`
//!   right after never loses it.
//! - A database written by a newer Tomoshibi is refused
//!   ([`DbError::NewerSchema`]) and never modified.
//! - A damaged file or one that is not a database is reported
//!   ([`DbError::Corrupt`]) and never overwritten; [`Database::quarantine`]
//!   moves it aside so a fresh one can be made.
//! - Older databases are brought up to date in one transaction, keeping their
//!   rows.

mod bookmarks;
mod books;
mod error;
mod feed_cache;
mod positions;
mod schema;
mod time;

pub use bookmarks::{Bookmark, BookmarkId};
pub use books::{Book, BookFormat, Loan, ShelfEntry};
pub use error::DbError;
pub use feed_cache::CachedFeed;
pub use schema::SCHEMA_VERSION;
pub use time::UnixTime;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How long a statement waits for another connection's lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What [`Database::path`] reports for an in-memory database.
const IN_MEMORY: &str = ":memory:";

/// Files SQLite keeps next to a database; they belong to it and move with it.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The write-ahead log and its shared-memory index.
const WAL_FILES: [&str; 2] = ["-wal", "-shm"];

/// An open, up-to-date Tomoshibi database.
///
/// One connection; every method takes `&self` and each write is its own
/// transaction. Move it to a blocking thread (or behind a mutex) to share it.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

impl Database {
    /// Opens the database at `path`, creating it (and its folder) when
    /// missing, and brings its schema up to [`SCHEMA_VERSION`].
    ///
    /// Nothing is written before the file is known to be an SQLite database
    /// with a schema version this build understands.
    ///
    /// # Errors
    /// [`DbError::CreateDir`] or [`DbError::CannotOpen`] when the file cannot
    /// be reached, [`DbError::Corrupt`] when it is damaged or not a database,
    /// [`DbError::NewerSchema`] when a newer Tomoshibi wrote it, and
    /// [`DbError::Migration`] when updating an older schema failed.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| DbError::CreateDir { dir: dir.to_path_buf(), source: Arc::new(e) })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let log_is_new =
            WAL_FILES.iter().all(|side| matches!(with_suffix(path, side).try_exists(), Ok(false)));
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        Self::prepare(conn, path.to_path_buf()).inspect_err(|_| {
            if log_is_new {
                remove_empty_log(path);
            }
        })
    }

    /// A fresh database that lives only in memory (tests, shared library PCs
    /// that must keep nothing behind).
    ///
    /// # Errors
    /// [`DbError::CannotOpen`] when SQLite cannot allocate it, or
    /// [`DbError::Migration`] when creating the schema failed.
    pub fn open_in_memory() -> Result<Self, DbError> {
        let path = PathBuf::from(IN_MEMORY);
        let conn = Connection::open_in_memory().map_err(|e| open_error(&path, e))?;
        Self::prepare(conn, path)
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> Result<Self, DbError> {
        // Read-only checks first: reading the header and the schema proves the
        // file is a database before anything (even the journal mode) is written.
        // Until they pass, closing must not checkpoint a write-ahead log into
        // the file or delete the log.
        let found: i64 = conn
            .busy_timeout(BUSY_TIMEOUT)
            .and_then(|()| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true))
            .and_then(|_| {
                conn.query_row("SELECT user_version FROM pragma_user_version", [], |row| row.get(0))
            })
            .and_then(|version| {
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get::<_, i64>(0))
                    .map(|_| version)
            })
            .map_err(|e| open_error(&path, e))?;
        if !usize::try_from(found).is_ok_and(|v| v <= SCHEMA_VERSION) {
            return Err(DbError::NewerSchema { path, found, supported: SCHEMA_VERSION });
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .map_err(|e| open_error(&path, e))?;
        // `journal_mode` answers with the mode in force: "wal" for files,
        // "memory" for in-memory databases. Where WAL is unavailable SQLite
        // keeps its rollback journal, which `synchronous=FULL` makes just as
        // durable, so the answer is not checked.
        conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get::<_, String>(0))
            .and_then(|_| conn.pragma_update(None, "synchronous", "FULL"))
            .and_then(|()| conn.pragma_update(None, "foreign_keys", true))
            .map_err(|e| open_error(&path, e))?;
        schema::migrations().to_latest(&mut conn).map_err(|e| DbError::Migration {
            path: path.clone(),
            from: found,
            to: SCHEMA_VERSION,
            source: Arc::new(e),
        })?;
        Ok(Self { conn, path })
    }

    /// The database file (`:memory:` for an in-memory database).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version stored in the database (SQLite's `user_version`);
    /// [`SCHEMA_VERSION`] once opened.
    ///
    /// # Errors
    /// [`DbError::Query`] when it cannot be read.
    pub fn schema_version(&self) -> Result<i64, DbError> {
        self.conn
            .query_row("SELECT user_version FROM pragma_user_version", [], |row| row.get(0))
            .map_err(self.failed("read schema version"))
    }

    /// Closes the database, checkpointing the write-ahead log into the main
    /// file. Dropping a [`Database`] does the same but cannot report failure.
    ///
    /// # Errors
    /// [`DbError::Query`] when SQLite cannot close cleanly (the connection is
    /// then closed on drop).
    pub fn close(self) -> Result<(), DbError> {
        self.conn
            .close()
            .map_err(|(_, e)| DbError::Query { operation: "close database", source: Arc::new(e) })
    }

    /// Moves a damaged database (and its `-wal`, `-shm` and `-journal`
    /// companions) aside to `<name>.broken-<unix time>` in the same folder, so
    /// [`Database::open`] can create a fresh one while the old file stays
    /// available for recovery. A number is appended when that name is taken.
    /// Returns the new path of the main file.
    ///
    /// Close every connection to the file first.
    ///
    /// # Errors
    /// [`DbError::Quarantine`] when a file cannot be renamed; nothing is
    /// deleted either way.
    pub fn quarantine(path: &Path) -> Result<PathBuf, DbError> {
        let stamp = format!(".broken-{}", UnixTime::now().0);
        let mut target = with_suffix(path, &stamp);
        let mut attempt = 1_u32;
        while target.exists() || SIDE_FILES.iter().any(|side| with_suffix(&target, side).exists()) {
            attempt += 1;
            target = with_suffix(path, &format!("{stamp}-{attempt}"));
        }
        std::fs::rename(path, &target)
            .map_err(|e| DbError::Quarantine { path: path.to_path_buf(), source: Arc::new(e) })?;
        for side in SIDE_FILES {
            let from = with_suffix(path, side);
            match std::fs::rename(&from, with_suffix(&target, side)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(DbError::Quarantine { path: from, source: Arc::new(e) }),
            }
        }
        Ok(target)
    }

    /// Maps a failed query to [`DbError::Query`] naming `operation`, or to
    /// [`DbError::Corrupt`] when SQLite found the file damaged.
    fn failed(&self, operation: &'static str) -> impl Fn(rusqlite::Error) -> DbError + '_ {
        move |e| {
            if error::is_corruption(&e) {
                DbError::Corrupt { path: self.path.clone(), source: Arc::new(e) }
            } else {
                DbError::Query { operation, source: Arc::new(e) }
            }
        }
    }

    /// Like [`Database::failed`], but a foreign-key refusal becomes
    /// [`DbError::UnknownBook`] for `book_id`.
    fn failed_for_book<'a>(
        &'a self,
        operation: &'static str,
        book_id: &'a str,
    ) -> impl Fn(rusqlite::Error) -> DbError + 'a {
        move |e| {
            if error::is_missing_book(&e) {
                DbError::UnknownBook { book_id: book_id.to_owned() }
            } else {
                self.failed(operation)(e)
            }
        }
    }
}

/// Classifies an error met while opening: damage or not-a-database becomes
/// [`DbError::Corrupt`], anything else [`DbError::CannotOpen`].
fn open_error(path: &Path, e: rusqlite::Error) -> DbError {
    if error::is_corruption(&e) {
        DbError::Corrupt { path: path.to_path_buf(), source: Arc::new(e) }
    } else {
        DbError::CannotOpen { path: path.to_path_buf(), source: Arc::new(e) }
    }
}

/// Removes the write-ahead log and its index that merely reading a WAL-mode
/// file creates, so a refused open leaves the folder as it found it. A log
/// holding anything is kept.
fn remove_empty_log(path: &Path) {
    let [log, index] = WAL_FILES.map(|side| with_suffix(path, side));
    if std::fs::metadata(&log).is_ok_and(|m| m.len() == 0) && std::fs::remove_file(&log).is_ok() {
        let _ = std::fs::remove_file(index);
    }
}

/// `path` with `suffix` appended to its file name (`a.db` + `-wal` → `a.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn suffixes_extend_the_file_name() {
        let table = [
            ("shelf.db", "-wal", "shelf.db-wal"),
            ("/d/shelf.db", ".broken-12", "/d/shelf.db.broken-12"),
            ("/d/shelf.db.broken-12", "-shm", "/d/shelf.db.broken-12-shm"),
        ];
        for (path, suffix, expected) in table {
            assert_eq!(with_suffix(Path::new(path), suffix), Path::new(expected));
        }
    }

    #[test]
    fn an_in_memory_database_is_up_to_date_and_enforces_foreign_keys() {
        let db = Database::open_in_memory().unwrap();
        assert_eq!(db.path(), Path::new(IN_MEMORY));
        assert_eq!(db.schema_version().unwrap(), i64::try_from(SCHEMA_VERSION).unwrap());
        let fk: bool = db.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert!(fk);
        db.close().unwrap();
    }

    #[test]
    fn a_database_can_move_to_a_worker_thread() {
        let db = Database::open_in_memory().unwrap();
        let worker = std::thread::spawn(move || db.schema_version().unwrap());
        assert_eq!(usize::try_from(worker.join().unwrap()).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_file_database_uses_wal_and_full_sync() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("nested/shelf.db")).unwrap();
        let mode: String = db.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let sync: i64 = db.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        let timeout: i64 = db.conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync), ("wal", 2), "2 is FULL");
        assert_eq!(u128::try_from(timeout).unwrap(), BUSY_TIMEOUT.as_millis());
    }
}
