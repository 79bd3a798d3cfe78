//! The schema, as an append-only list of migrations. The schema version is
//! SQLite's `user_version`: the number of migrations applied.
//!
//! A migration that has shipped is never edited; changes go into a new one at
//! the end, and a fixture from the previous version joins the tests.

use rusqlite_migration::{M, Migrations};

/// Version 1: the bookshelf, reading positions and bookmarks.
const V1_SHELF: &str = "
CREATE TABLE books (
    id             TEXT PRIMARY KEY NOT NULL,
    title          TEXT NOT NULL,
    authors        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors) AND json_type(authors) = 'array'),
    language       TEXT,
    format         TEXT NOT NULL CHECK (format IN ('epub', 'daisy202', 'daisy3')),
    source         TEXT NOT NULL,
    cover_path     TEXT,
    added_at       INTEGER NOT NULL,
    last_opened_at INTEGER,
    progression    REAL NOT NULL DEFAULT 0 CHECK (progression BETWEEN 0.0 AND 1.0)
) STRICT;

CREATE TABLE positions (
    book_id    TEXT PRIMARY KEY NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    locator    TEXT NOT NULL CHECK (json_valid(locator)),
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE bookmarks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    book_id    TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    locator    TEXT NOT NULL CHECK (json_valid(locator)),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX bookmarks_by_book ON bookmarks (book_id, id);
";

/// Version 2: library loans on books, and the catalogue feed cache.
const V2_LIBRARY: &str = "
ALTER TABLE books ADD COLUMN loan_library_id TEXT;
ALTER TABLE books ADD COLUMN loan_until TEXT;
ALTER TABLE books ADD COLUMN loan_revoke_url TEXT;

CREATE TABLE feed_cache (
    url           TEXT PRIMARY KEY NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    content_type  TEXT,
    body          BLOB NOT NULL,
    fetched_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX feed_cache_by_age ON feed_cache (fetched_at);
";

/// Every migration, oldest first.
const STEPS: [&str; 2] = [V1_SHELF, V2_LIBRARY];

/// The schema version this build writes and the newest it can read.
pub const SCHEMA_VERSION: usize = STEPS.len();

/// The migrations that bring any older database up to [`SCHEMA_VERSION`].
pub(super) fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql).foreign_key_check()).collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn every_step_moves_the_version_by_one() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let migrations = migrations();
        for version in 1..=SCHEMA_VERSION {
            migrations.to_version(&mut conn, version).unwrap();
            let stored: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
            assert_eq!(usize::try_from(stored).unwrap(), version);
        }
    }

    #[test]
    fn tables_refuse_rows_of_the_wrong_shape() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let table = [
            (
                "books",
                "INSERT INTO books (id, title, format, source, added_at) VALUES ('b', 't', 'epub', 's', 'x')",
            ),
            (
                "books",
                "INSERT INTO books (id, title, format, source, added_at) VALUES ('b', 't', 'pdf', 's', 1)",
            ),
            (
                "books",
                "INSERT INTO books (id, title, authors, format, source, added_at) VALUES ('b', 't', '{}', 'epub', 's', 1)",
            ),
            (
                "books",
                "INSERT INTO books (id, title, format, source, added_at, progression) VALUES ('b', 't', 'epub', 's', 1, 1.5)",
            ),
            ("positions", "INSERT INTO positions (book_id, locator, updated_at) VALUES ('nobody', '{}', 1)"),
            ("feed_cache", "INSERT INTO feed_cache (url, body, fetched_at) VALUES ('u', x'00', 'yesterday')"),
        ];
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for (table, sql) in table {
            assert!(conn.execute(sql, []).is_err(), "{table} accepted: {sql}");
        }
    }
}
