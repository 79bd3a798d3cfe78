//! The database as the bookshelf, reader, player and library client use it:
//! round trips through every API, what survives a crash, and what happens to
//! files that are damaged, from a newer version or from an older one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use tomoshibi::store::db::{
    Book, BookFormat, CachedFeed, Database, DbError, Loan, SCHEMA_VERSION, ShelfEntry, UnixTime,
};

/// A stand-in for the reader's locator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Locator {
    href: String,
    progression: f64,
    #[serde(default)]
    text_offset: Option<u32>,
}

fn locator(href: &str, progression: f64) -> Locator {
    Locator { href: href.to_owned(), progression, text_offset: None }
}

fn book(id: &str) -> Book {
    Book {
        id: id.to_owned(),
        title: format!("Title of {id}"),
        authors: vec!["Natsume Sōseki".to_owned()],
        language: Some("ja".to_owned()),
        format: BookFormat::Epub,
        source: format!("/home/reader/books/{id}.epub"),
        cover_path: None,
        loan: None,
    }
}

fn shelf(ids: &[&str]) -> Database {
    let db = Database::open_in_memory().unwrap();
    for id in ids {
        db.upsert_book(&book(id)).unwrap();
    }
    db
}

fn ids(entries: &[ShelfEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.book.id.as_str()).collect()
}

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A file database holding one book, closed again.
fn saved_shelf(dir: &Path) -> PathBuf {
    let path = dir.join("shelf.db");
    let db = Database::open(&path).unwrap();
    db.upsert_book(&book("kokoro")).unwrap();
    db.save_position("kokoro", &locator("ch1.xhtml", 0.1)).unwrap();
    db.close().unwrap();
    path
}

#[test]
fn a_book_round_trips_with_every_field() {
    let db = shelf(&[]);
    let full = Book {
        id: "urn:isbn:9784003101018".to_owned(),
        title: "吾輩は猫である".to_owned(),
        authors: vec!["夏目漱石".to_owned(), "Translator, A.".to_owned()],
        language: Some("ja-JP".to_owned()),
        format: BookFormat::Daisy202,
        source: "https://library.example/loans/42/book.zip".to_owned(),
        cover_path: Some("/data/covers/9784003101018.png".to_owned()),
        loan: Some(Loan {
            library_id: "city-library".to_owned(),
            until: Some("2026-12-01T10:00:00Z".to_owned()),
            revoke_url: Some("https://library.example/loans/42/revoke".to_owned()),
        }),
    };
    let before = UnixTime::now();
    db.upsert_book(&full).unwrap();
    let entry = db.book(&full.id).unwrap().unwrap();
    assert_eq!(entry.book, full);
    assert!(entry.added_at >= before && entry.added_at <= UnixTime::now());
    assert_eq!((entry.last_opened_at, entry.progression), (None, 0.0));
    assert_eq!(db.book("not on the shelf").unwrap(), None);
}

#[test]
fn updating_a_book_keeps_its_reading_state() {
    let db = shelf(&[]);
    let mut borrowed = book("a");
    borrowed.loan = Some(Loan { library_id: "lib".to_owned(), until: None, revoke_url: None });
    db.upsert_book(&borrowed).unwrap();
    db.mark_opened("a", UnixTime(500)).unwrap();
    db.set_progression("a", 0.75).unwrap();
    db.save_position("a", &locator("ch9.xhtml", 0.5)).unwrap();
    db.add_bookmark("a", "favourite", &locator("ch2.xhtml", 0.2)).unwrap();
    let added_at = db.book("a").unwrap().unwrap().added_at;

    let mut renewed = book("a");
    renewed.title = "New title".to_owned();
    renewed.format = BookFormat::Daisy3;
    db.upsert_book(&renewed).unwrap();

    let entry = db.book("a").unwrap().unwrap();
    assert_eq!(entry.book, renewed, "the loan is gone with the new metadata");
    assert_eq!(
        (entry.added_at, entry.last_opened_at, entry.progression),
        (added_at, Some(UnixTime(500)), 0.75)
    );
    assert_eq!(db.position::<Locator>("a").unwrap(), Some(locator("ch9.xhtml", 0.5)));
    assert_eq!(db.bookmarks::<Locator>("a").unwrap().len(), 1);
    assert_eq!(db.books().unwrap().len(), 1);
}

#[test]
fn the_shelf_lists_recently_opened_books_first_then_recently_added() {
    let db = shelf(&["first-added", "second-added", "third-added", "fourth-added"]);
    db.mark_opened("second-added", UnixTime(1_000)).unwrap();
    db.mark_opened("first-added", UnixTime(2_000)).unwrap();
    assert_eq!(ids(&db.books().unwrap()), ["first-added", "second-added", "fourth-added", "third-added"]);
    db.mark_opened("second-added", UnixTime(3_000)).unwrap();
    assert_eq!(ids(&db.books().unwrap()), ["second-added", "first-added", "fourth-added", "third-added"]);
}

#[test]
fn progression_is_stored_and_clamped() {
    let db = shelf(&["a"]);
    for (set, stored) in [(0.5, 0.5), (1.0, 1.0), (7.0, 1.0), (-1.0, 0.0), (0.333, 0.333)] {
        db.set_progression("a", set).unwrap();
        assert_eq!(db.book("a").unwrap().unwrap().progression, stored, "set {set}");
    }
}

#[test]
fn reading_state_for_an_unknown_book_is_refused() {
    let db = shelf(&["a"]);
    let attempts = [
        ("set progression", db.set_progression("ghost", 0.5)),
        ("mark opened", db.mark_opened("ghost", UnixTime(1))),
        ("save position", db.save_position("ghost", &locator("x", 0.0))),
        ("add bookmark", db.add_bookmark("ghost", "n", &locator("x", 0.0)).map(drop)),
    ];
    for (what, result) in attempts {
        match result {
            Err(DbError::UnknownBook { book_id }) => assert_eq!(book_id, "ghost", "{what}"),
            other => panic!("{what}: expected UnknownBook, got {other:?}"),
        }
    }
    assert_eq!(db.book("ghost").unwrap(), None);
}

#[test]
fn removing_a_book_removes_its_position_and_bookmarks() {
    let db = shelf(&["gone", "kept"]);
    for id in ["gone", "kept"] {
        db.save_position(id, &locator("ch3.xhtml", 0.3)).unwrap();
        db.add_bookmark(id, "mark", &locator("ch1.xhtml", 0.1)).unwrap();
    }
    assert!(db.remove_book("gone").unwrap());
    assert!(!db.remove_book("gone").unwrap(), "already removed");
    assert_eq!(ids(&db.books().unwrap()), ["kept"]);
    // Putting it back must not bring the old reading state back with it.
    db.upsert_book(&book("gone")).unwrap();
    assert_eq!(db.position::<Locator>("gone").unwrap(), None);
    assert!(db.bookmarks::<Locator>("gone").unwrap().is_empty());
    assert_eq!(db.position::<Locator>("kept").unwrap(), Some(locator("ch3.xhtml", 0.3)));
    assert_eq!(db.bookmarks::<Locator>("kept").unwrap().len(), 1);
}

#[test]
fn the_last_saved_position_wins_per_book() {
    let db = shelf(&["a", "b"]);
    assert_eq!(db.position::<Locator>("a").unwrap(), None);
    db.save_position("a", &locator("ch1.xhtml", 0.1)).unwrap();
    db.save_position("b", &locator("b.xhtml", 0.9)).unwrap();
    let mut moved = locator("ch2.xhtml", 0.2);
    moved.text_offset = Some(1_234);
    db.save_position("a", &moved).unwrap();
    assert_eq!(db.position::<Locator>("a").unwrap(), Some(moved));
    assert_eq!(db.position::<Locator>("b").unwrap(), Some(locator("b.xhtml", 0.9)));
}

#[test]
fn bookmarks_round_trip_in_creation_order() {
    let db = shelf(&["a", "b"]);
    let names = ["Chapter 3", "名場面", "Chapter 1"];
    let mut made = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let at = locator(&format!("ch{i}.xhtml"), f64::from(u8::try_from(i).unwrap()) / 10.0);
        made.push((db.add_bookmark("a", name, &at).unwrap(), name, at));
    }
    db.add_bookmark("b", "other book", &locator("b.xhtml", 0.0)).unwrap();

    let listed = db.bookmarks::<Locator>("a").unwrap();
    assert_eq!(listed.len(), names.len());
    for (bookmark, (id, name, at)) in listed.iter().zip(&made) {
        assert_eq!((bookmark.id, bookmark.name.as_str(), &bookmark.locator), (*id, *name, at));
        assert_eq!(bookmark.book_id, "a");
        assert!(bookmark.created_at <= UnixTime::now());
    }

    let (first, _, _) = made[0];
    let (second, _, _) = made[1];
    assert!(db.rename_bookmark(first, "Renamed").unwrap());
    assert!(db.delete_bookmark(second).unwrap());
    assert!(!db.delete_bookmark(second).unwrap(), "already deleted");
    assert!(!db.rename_bookmark(second, "nothing there").unwrap());
    let names_now: Vec<String> = db.bookmarks::<Locator>("a").unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names_now, ["Renamed", "Chapter 1"]);
    assert!(db.bookmarks::<Locator>("nobody").unwrap().is_empty());
}

#[test]
fn the_feed_cache_stores_replaces_refreshes_and_expires() {
    let db = shelf(&[]);
    let feed = |url: &str, fetched_at: i64| CachedFeed {
        url: url.to_owned(),
        etag: Some("\"abc\"".to_owned()),
        last_modified: Some("Wed, 21 Oct 2026 07:28:00 GMT".to_owned()),
        content_type: Some("application/opds+json".to_owned()),
        body: format!("{{\"url\":\"{url}\"}}").into_bytes(),
        fetched_at: UnixTime(fetched_at),
    };
    let old = feed("https://lib.example/old", 100);
    let new = feed("https://lib.example/new", 300);
    db.put_feed(&old).unwrap();
    db.put_feed(&new).unwrap();
    assert_eq!(db.cached_feed(&old.url).unwrap(), Some(old.clone()));
    assert_eq!(db.cached_feed("https://lib.example/never").unwrap(), None);

    let replaced =
        CachedFeed { etag: None, body: b"<feed/>".to_vec(), fetched_at: UnixTime(310), ..new.clone() };
    db.put_feed(&replaced).unwrap();
    assert_eq!(db.cached_feed(&new.url).unwrap(), Some(replaced.clone()));

    assert!(db.mark_feed_fresh(&old.url, UnixTime(150)).unwrap());
    assert!(!db.mark_feed_fresh("https://lib.example/never", UnixTime(150)).unwrap());
    assert_eq!(db.cached_feed(&old.url).unwrap().unwrap().fetched_at, UnixTime(150));

    assert_eq!(db.delete_feeds_older_than(UnixTime(150)).unwrap(), 0, "the cut-off itself is kept");
    assert_eq!(db.delete_feeds_older_than(UnixTime(200)).unwrap(), 1);
    assert_eq!(db.cached_feed(&old.url).unwrap(), None);
    assert_eq!(db.cached_feed(&new.url).unwrap(), Some(replaced));
}

#[test]
fn everything_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/shelf.db");
    let feed = CachedFeed {
        url: "https://lib.example/".to_owned(),
        etag: None,
        last_modified: None,
        content_type: None,
        body: vec![1, 2, 3],
        fetched_at: UnixTime(9),
    };
    let bookmark = {
        let db = Database::open(&path).unwrap();
        assert_eq!(db.path(), path);
        db.upsert_book(&book("a")).unwrap();
        db.set_progression("a", 0.5).unwrap();
        db.save_position("a", &locator("ch5.xhtml", 0.5)).unwrap();
        db.put_feed(&feed).unwrap();
        db.add_bookmark("a", "here", &locator("ch4.xhtml", 0.4)).unwrap()
    };
    let db = Database::open(&path).unwrap();
    assert_eq!(db.book("a").unwrap().unwrap().progression, 0.5);
    assert_eq!(db.position::<Locator>("a").unwrap(), Some(locator("ch5.xhtml", 0.5)));
    assert_eq!(db.bookmarks::<Locator>("a").unwrap()[0].id, bookmark);
    assert_eq!(db.cached_feed(&feed.url).unwrap(), Some(feed));
}

#[test]
fn stored_json_of_the_wrong_shape_names_its_table_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shelf.db");
    let bookmark = {
        let db = Database::open(&path).unwrap();
        db.upsert_book(&book("a")).unwrap();
        db.add_bookmark("a", "n", &locator("x", 0.0)).unwrap()
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(
        "UPDATE books SET authors = '[1, 2]';
         INSERT INTO positions (book_id, locator, updated_at) VALUES ('a', '{\"href\": 3}', 0);
         UPDATE bookmarks SET locator = '\"just text\"';",
    )
    .unwrap();
    drop(raw);

    let db = Database::open(&path).unwrap();
    let bookmark_id = bookmark.0.to_string();
    let failures = [
        ("books", "a", db.book("a").map(drop)),
        ("books", "a", db.books().map(drop)),
        ("positions", "a", db.position::<Locator>("a").map(drop)),
        ("bookmarks", bookmark_id.as_str(), db.bookmarks::<Locator>("a").map(drop)),
    ];
    for (expected_table, expected_id, result) in failures {
        match result {
            Err(DbError::BadJson { table, id, .. }) => {
                assert_eq!((table, id.as_str()), (expected_table, expected_id))
            }
            other => panic!("{expected_table}: expected BadJson, got {other:?}"),
        }
    }
    // The same rows still read as a type they do fit.
    assert_eq!(db.position::<serde_json::Value>("a").unwrap(), Some(serde_json::json!({"href": 3})));
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_shelf(dir.path());
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", 99).unwrap();
    raw.close().unwrap();
    let before = std::fs::read(&path).unwrap();

    match Database::open(&path) {
        Err(DbError::NewerSchema { found, supported, .. }) => {
            assert_eq!((found, supported), (99, SCHEMA_VERSION))
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(files_in(dir.path()), ["shelf.db"]);
}

#[test]
fn a_newer_database_whose_log_is_not_yet_checkpointed_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_shelf(dir.path());
    // A newer version that crashed: its last commit is still only in the log.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
    raw.pragma_update(None, "user_version", 7).unwrap();
    raw.close().unwrap();
    let log = dir.path().join("shelf.db-wal");
    let (main_before, log_before) = (std::fs::read(&path).unwrap(), std::fs::read(&log).unwrap());
    assert!(!log_before.is_empty());

    match Database::open(&path) {
        Err(DbError::NewerSchema { found, .. }) => assert_eq!(found, 7, "read through the log"),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), main_before);
    assert_eq!(std::fs::read(&log).unwrap(), log_before);
}

#[test]
fn two_connections_to_one_file_see_each_others_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_shelf(dir.path());
    let reader = Database::open(&path).unwrap();
    let player = Database::open(&path).unwrap();
    reader.save_position("kokoro", &locator("ch2.xhtml", 0.2)).unwrap();
    assert_eq!(player.position::<Locator>("kokoro").unwrap(), Some(locator("ch2.xhtml", 0.2)));
    player.save_position("kokoro", &locator("ch2.smil#par7", 0.21)).unwrap();
    assert_eq!(reader.position::<Locator>("kokoro").unwrap(), Some(locator("ch2.smil#par7", 0.21)));
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shelf.db");
    let garbage: Vec<u8> = b"These are my notes, not a database.\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();

    let error = Database::open(&path).unwrap_err();
    assert!(matches!(error, DbError::Corrupt { .. }), "{error:?}");
    assert!(error.is_corrupt());
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
    assert_eq!(files_in(dir.path()), ["shelf.db"]);
}

#[test]
fn a_database_with_a_damaged_schema_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_shelf(dir.path());
    let mut damaged = std::fs::read(&path).unwrap();
    // Keep the 100-byte header; scribble over the schema b-tree that follows.
    damaged[100..1_000].fill(0xA5);
    std::fs::write(&path, &damaged).unwrap();

    match Database::open(&path) {
        Err(DbError::Corrupt { path: reported, .. }) => assert_eq!(reported, path),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), damaged);
    assert_eq!(files_in(dir.path()), ["shelf.db"]);
}

#[test]
fn quarantine_moves_the_file_and_its_companions_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shelf.db");
    std::fs::write(&path, b"not a database").unwrap();
    std::fs::write(dir.path().join("shelf.db-wal"), b"its log").unwrap();
    assert!(Database::open(&path).unwrap_err().is_corrupt());

    let moved = Database::quarantine(&path).unwrap();
    let name = moved.file_name().unwrap().to_str().unwrap();
    let stamp = name.strip_prefix("shelf.db.broken-").expect(name);
    assert!(stamp.parse::<i64>().unwrap() >= 1_600_000_000, "{name}");
    assert_eq!(moved.parent(), Some(dir.path()));
    assert_eq!(std::fs::read(&moved).unwrap(), b"not a database");
    assert_eq!(std::fs::read(format!("{}-wal", moved.display())).unwrap(), b"its log");
    assert!(!path.exists());

    // A fresh database takes its place, and a second quarantine in the same
    // second does not overwrite the first.
    Database::open(&path).unwrap().close().unwrap();
    let again = Database::quarantine(&path).unwrap();
    assert_ne!(again, moved);
    assert_eq!(std::fs::read(&moved).unwrap(), b"not a database");
    assert!(again.exists());
    let left_behind: Vec<String> =
        files_in(dir.path()).into_iter().filter(|name| !name.starts_with("shelf.db.broken-")).collect();
    assert!(left_behind.is_empty(), "{left_behind:?}");
    let missing = Database::quarantine(&path);
    assert!(matches!(missing, Err(DbError::Quarantine { .. })), "{missing:?}");
}

#[test]
fn a_folder_in_place_of_the_file_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    match Database::open(dir.path()) {
        Err(DbError::CannotOpen { path, .. }) => assert_eq!(path, dir.path()),
        other => panic!("expected CannotOpen, got {other:?}"),
    }
}

/// Schema version 1, written out here on purpose rather than taken from the
/// crate: it is what installations of that version have on disk, and must not
/// change when the crate's migrations do.
const SCHEMA_V1: &str = "
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
PRAGMA user_version = 1;
";

/// Rows a version-1 installation could hold.
const ROWS_V1: &str = r#"
INSERT INTO books (id, title, authors, language, format, source, cover_path, added_at, last_opened_at, progression)
VALUES ('old-epub', '銀河鉄道の夜', '["宮沢賢治"]', 'ja', 'epub', '/books/ginga.epub', '/covers/ginga.png', 100, 400, 0.42),
       ('old-daisy', 'Talking book', '[]', NULL, 'daisy202', '/books/talking/ncc.html', NULL, 200, NULL, 0);
INSERT INTO positions (book_id, locator, updated_at)
VALUES ('old-epub', '{"href":"ch7.xhtml","progression":0.42}', 400);
INSERT INTO bookmarks (book_id, name, locator, created_at)
VALUES ('old-epub', 'Campanella', '{"href":"ch3.xhtml","progression":0.1,"text_offset":77}', 300);
"#;

fn write_v1_fixture(dir: &Path, extra_sql: &str) -> PathBuf {
    let path = dir.join("shelf-v1.db");
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(SCHEMA_V1).unwrap();
    raw.execute_batch(ROWS_V1).unwrap();
    raw.execute_batch(extra_sql).unwrap();
    raw.close().unwrap();
    path
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_v1_fixture(dir.path(), "");
    let db = Database::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), i64::try_from(SCHEMA_VERSION).unwrap());

    let shelf = db.books().unwrap();
    assert_eq!(ids(&shelf), ["old-epub", "old-daisy"]);
    let epub = &shelf[0];
    assert_eq!(epub.book.title, "銀河鉄道の夜");
    assert_eq!(epub.book.authors, ["宮沢賢治"]);
    assert_eq!(epub.book.cover_path.as_deref(), Some("/covers/ginga.png"));
    assert_eq!(epub.book.loan, None);
    assert_eq!(
        (epub.added_at, epub.last_opened_at, epub.progression),
        (UnixTime(100), Some(UnixTime(400)), 0.42)
    );
    assert_eq!(shelf[1].book.format, BookFormat::Daisy202);
    assert_eq!(db.position::<Locator>("old-epub").unwrap(), Some(locator("ch7.xhtml", 0.42)));
    let marks = db.bookmarks::<Locator>("old-epub").unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!((marks[0].name.as_str(), marks[0].locator.text_offset), ("Campanella", Some(77)));

    // What version 2 added works on the migrated file.
    let mut borrowed = epub.book.clone();
    borrowed.loan = Some(Loan { library_id: "lib".to_owned(), until: None, revoke_url: None });
    db.upsert_book(&borrowed).unwrap();
    assert_eq!(db.book("old-epub").unwrap().unwrap().book.loan, borrowed.loan);
    assert_eq!(db.delete_feeds_older_than(UnixTime::now()).unwrap(), 0);
}

#[test]
fn a_failed_migration_leaves_the_old_schema_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    // A table in the way of version 2's makes its migration fail half-way.
    let path = write_v1_fixture(dir.path(), "CREATE TABLE feed_cache (url TEXT);");
    match Database::open(&path) {
        Err(DbError::Migration { from, to, .. }) => assert_eq!((from, to), (1, SCHEMA_VERSION)),
        other => panic!("expected Migration, got {other:?}"),
    }
    let raw = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = raw.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    let books: i64 = raw.query_row("SELECT count(*) FROM books", [], |r| r.get(0)).unwrap();
    let loan_columns: i64 = raw
        .query_row("SELECT count(*) FROM pragma_table_info('books') WHERE name LIKE 'loan_%'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!((version, books, loan_columns), (1, 2, 0));
}

/// Set in the child process of the crash test to the database path.
const CRASH_CHILD_ENV: &str = "TOMOSHIBI_STORE_CRASH_CHILD_DB";
/// The crash test's own name, for re-running just it in the child.
const CRASH_TEST: &str = "a_position_saved_right_before_kill_9_is_not_lost";
/// How many saves the parent waits for before killing the child.
const SAVES_BEFORE_KILL: u64 = 150;

#[derive(Debug, Serialize, Deserialize)]
struct Counter {
    counter: u64,
    padding: String,
}

/// The child's work: save positions as fast as possible, and report each one
/// on stdout only after `save_position` returned.
fn save_positions_until_killed(path: &Path) {
    let db = Database::open(path).unwrap();
    let mut out = std::io::stdout().lock();
    for counter in 1..=1_000_000 {
        // Vary the size so saves cross page boundaries now and then.
        let padding = "x".repeat(usize::try_from(counter % 5_000).unwrap());
        db.save_position("crash", &Counter { counter, padding }).unwrap();
        if writeln!(out, "saved {counter}").and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

#[test]
fn a_position_saved_right_before_kill_9_is_not_lost() {
    if let Some(path) = std::env::var_os(CRASH_CHILD_ENV) {
        save_positions_until_killed(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shelf.db");
    let db = Database::open(&path).unwrap();
    db.upsert_book(&book("crash")).unwrap();
    db.close().unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", CRASH_TEST, "--nocapture", "--test-threads=1"])
        .env(CRASH_CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let parse = |line: std::io::Result<String>| line.ok()?.strip_prefix("saved ")?.parse::<u64>().ok();
    let mut last_reported = None;
    for counter in lines.by_ref().filter_map(parse) {
        last_reported = Some(counter);
        if counter >= SAVES_BEFORE_KILL {
            child.kill().unwrap();
            break;
        }
    }
    // Saves reported between reading the last line and the kill are still in the pipe.
    if let Some(counter) = lines.filter_map(parse).last() {
        last_reported = Some(counter);
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let last_reported =
        last_reported.unwrap_or_else(|| panic!("the child saved nothing ({status}): {stderr}"));
    assert!(last_reported >= SAVES_BEFORE_KILL, "the child stopped early ({status}): {stderr}");
    assert!(!status.success(), "the child was not killed: {status}");

    let db = Database::open(&path).unwrap();
    let stored: Counter = db.position("crash").unwrap().expect("a position was saved");
    assert!(stored.counter >= last_reported, "saved {last_reported}, found {}", stored.counter);
}
