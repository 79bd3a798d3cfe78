//! Catalogue feeds as last fetched, with the validators (`ETag`,
//! `Last-Modified`) the library client sends to ask "has it changed?".

use super::{Database, DbError, UnixTime};
use rusqlite::{OptionalExtension, params};

/// A cached HTTP response body for one feed URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFeed {
    /// The URL the feed was fetched from (after redirects).
    pub url: String,
    /// The response's `ETag`, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The response's `Last-Modified`, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The response's `Content-Type`, which tells OPDS 1 from OPDS 2.
    pub content_type: Option<String>,
    /// The response body as received.
    pub body: Vec<u8>,
    /// When it was fetched or last confirmed unchanged.
    pub fetched_at: UnixTime,
}

impl Database {
    /// The cached feed for `url`, if any.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn cached_feed(&self, url: &str) -> Result<Option<CachedFeed>, DbError> {
        self.conn
            .prepare_cached(
                "SELECT url, etag, last_modified, content_type, body, fetched_at FROM feed_cache WHERE url = ?1",
            )
            .and_then(|mut statement| {
                statement
                    .query_row([url], |row| {
                        Ok(CachedFeed {
                            url: row.get(0)?,
                            etag: row.get(1)?,
                            last_modified: row.get(2)?,
                            content_type: row.get(3)?,
                            body: row.get(4)?,
                            fetched_at: row.get(5)?,
                        })
                    })
                    .optional()
            })
            .map_err(self.failed("read cached feed"))
    }

    /// Stores `feed`, replacing any earlier copy for its URL.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn put_feed(&self, feed: &CachedFeed) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO feed_cache (url, etag, last_modified, content_type, body, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (url) DO UPDATE SET
                     etag = excluded.etag, last_modified = excluded.last_modified,
                     content_type = excluded.content_type, body = excluded.body, fetched_at = excluded.fetched_at",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    feed.url,
                    feed.etag,
                    feed.last_modified,
                    feed.content_type,
                    feed.body,
                    feed.fetched_at,
                ])
            })
            .map(drop)
            .map_err(self.failed("store feed"))
    }

    /// Records that the server confirmed the cached copy unchanged at `at`
    /// (a `304 Not Modified`), without rewriting the body. Returns whether a
    /// copy was cached.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn mark_feed_fresh(&self, url: &str, at: UnixTime) -> Result<bool, DbError> {
        self.conn
            .execute("UPDATE feed_cache SET fetched_at = ?2 WHERE url = ?1", params![url, at])
            .map(|changed| changed > 0)
            .map_err(self.failed("refresh cached feed"))
    }

    /// Deletes every feed fetched before `cutoff`. Returns how many went.
    ///
    /// # Errors
    /// [`DbError::Query`].
    pub fn delete_feeds_older_than(&self, cutoff: UnixTime) -> Result<usize, DbError> {
        self.conn
            .execute("DELETE FROM feed_cache WHERE fetched_at < ?1", [cutoff])
            .map_err(self.failed("delete old feeds"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn binary_bodies_survive_byte_for_byte() {
        let db = Database::open_in_memory().unwrap();
        let body: Vec<u8> = (0..=255).chain([0, 0, 0xff]).collect();
        let feed = CachedFeed {
            url: "https://example.org/opds".to_owned(),
            etag: None,
            last_modified: None,
            content_type: None,
            body,
            fetched_at: UnixTime(1),
        };
        db.put_feed(&feed).unwrap();
        assert_eq!(db.cached_feed(&feed.url).unwrap(), Some(feed));
    }
}
