//! Persistent lending state (loans, holds, licence events) in SQLite, and the lending rules.

use std::path::Path;

use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};
use time::OffsetDateTime;

use super::catalog::{Book, Catalog};
use super::error::{ApiError, DemoError};

/// The book seeded with a queue of virtual patrons on first start.
const SEEDED_BOOK: &str = "kusamakura";

const MIGRATIONS: &[M<'static>] = &[M::up(
    "CREATE TABLE loans (
        patron TEXT NOT NULL,
        book TEXT NOT NULL,
        status TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        renewals INTEGER NOT NULL DEFAULT 0,
        license_updated INTEGER NOT NULL,
        status_updated INTEGER NOT NULL,
        PRIMARY KEY (patron, book)
    );
    CREATE TABLE holds (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        patron TEXT NOT NULL,
        book TEXT NOT NULL,
        since INTEGER NOT NULL,
        ready_since INTEGER,
        ready_until INTEGER,
        UNIQUE (patron, book)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        patron TEXT NOT NULL,
        book TEXT NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        device_id TEXT,
        device_name TEXT
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
)];

/// The lending rules taken from the configuration.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    /// Length of a loan and of a renewal.
    pub loan_period: time::Duration,
    /// Pick-up window of a ready hold.
    pub hold_period: time::Duration,
    /// Loans per patron.
    pub loan_limit: u32,
    /// Holds per patron.
    pub hold_limit: u32,
    /// Renewals per loan.
    pub max_renewals: u32,
}

/// The signed-in patron's relation to a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Personal {
    /// Neither on loan nor on hold.
    None,
    /// On loan from `start` until `end`.
    Loan {
        /// Start of the loan.
        start: OffsetDateTime,
        /// End of the loan.
        end: OffsetDateTime,
    },
    /// Waiting in the queue at `position` (1-based).
    Reserved {
        /// When the hold was placed.
        since: OffsetDateTime,
        /// Place in the queue.
        position: u32,
    },
    /// A copy is kept for the patron until `until`.
    Ready {
        /// When the copy became available.
        since: OffsetDateTime,
        /// End of the pick-up window.
        until: OffsetDateTime,
    },
}

impl Personal {
    /// True for a current loan.
    pub(super) fn is_loan(self) -> bool {
        matches!(self, Self::Loan { .. })
    }
}

/// Availability of a book, optionally personalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Availability {
    /// Copies owned.
    pub total: u32,
    /// Copies free right now (not on loan, not kept for a ready hold).
    pub available: u32,
    /// Holds on the book (waiting and ready).
    pub holds: u32,
    /// The patron's own relation to the book.
    pub personal: Personal,
}

/// One licence event (LSD `events`).
#[derive(Debug, Clone)]
pub(super) struct Event {
    /// `renew` or `return`.
    pub kind: String,
    /// When.
    pub at: OffsetDateTime,
    /// Device id given by the client.
    pub device_id: Option<String>,
    /// Device name given by the client.
    pub device_name: Option<String>,
}

/// A patron's latest loan of a book, for the License Status Document.
#[derive(Debug, Clone)]
pub(super) struct License {
    /// `active`, `returned` or `expired`.
    pub status: String,
    /// End of the loan.
    pub end: OffsetDateTime,
    /// Renewals used.
    pub renewals: u32,
    /// Last change of the licence (start or renewal).
    pub license_updated: OffsetDateTime,
    /// Last change of the status.
    pub status_updated: OffsetDateTime,
    /// Events in order.
    pub events: Vec<Event>,
}

/// What a device told us when returning or renewing.
#[derive(Debug, Clone, Default)]
pub(super) struct Device {
    /// Device id.
    pub id: Option<String>,
    /// Device name.
    pub name: Option<String>,
}

/// The open state database.
pub(super) struct Store {
    conn: Connection,
    rules: Rules,
}

fn ts(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

fn from_ts(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn open_checked(path: &Path) -> Result<Connection, DemoError> {
    let mut conn = Connection::open(path)?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if check != "ok" {
        return Err(DemoError::State(format!("integrity check failed: {check}")));
    }
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    Ok(conn)
}

impl Store {
    /// Opens (or creates) the state file; a damaged file is moved to `<name>.broken` and replaced.
    pub(super) fn open(
        path: &Path,
        rules: Rules,
        catalog: &Catalog,
        now: OffsetDateTime,
    ) -> Result<Self, DemoError> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|err| DemoError::State(format!("{}: {err}", parent.display())))?;
        }
        let conn = match open_checked(path) {
            Ok(conn) => conn,
            Err(err) => {
                let mut name = path.file_name().unwrap_or_default().to_os_string();
                name.push(".broken");
                let aside = path.with_file_name(name);
                tracing::warn!(
                    "demo library state {} is damaged ({err}); moving it to {} and starting fresh",
                    path.display(),
                    aside.display()
                );
                std::fs::rename(path, &aside).map_err(|err| {
                    DemoError::State(format!("cannot move {} aside: {err}", path.display()))
                })?;
                open_checked(path)?
            }
        };
        let mut store = Store { conn, rules };
        store.seed(catalog, now)?;
        Ok(store)
    }

    /// On first start, lends the one copy of the popular book to a virtual patron and queues two more.
    fn seed(&mut self, catalog: &Catalog, now: OffsetDateTime) -> Result<(), DemoError> {
        let seeded: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'seeded'", [], |row| row.get(0))
            .optional()?;
        if seeded.is_some() || catalog.get(SEEDED_BOOK).is_none() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO loans (patron, book, status, start, end, renewals, license_updated, status_updated)
             VALUES ('virtual-1', ?1, 'active', ?2, ?3, 0, ?2, ?2)",
            params![SEEDED_BOOK, ts(now), ts(now + self.rules.loan_period)],
        )?;
        for patron in ["virtual-2", "virtual-3"] {
            tx.execute(
                "INSERT INTO holds (patron, book, since) VALUES (?1, ?2, ?3)",
                params![patron, SEEDED_BOOK, ts(now)],
            )?;
        }
        tx.execute("INSERT INTO meta (key, value) VALUES ('seeded', ?1)", params![ts(now).to_string()])?;
        tx.commit()?;
        Ok(())
    }

    /// Applies the passage of time: ends overdue loans, drops lapsed ready holds, hands freed copies on.
    pub(super) fn tick(&mut self, catalog: &Catalog, now: OffsetDateTime) -> rusqlite::Result<()> {
        let expired = self.conn.execute(
            "UPDATE loans SET status = 'expired', status_updated = end WHERE status = 'active' AND end <= ?1",
            params![ts(now)],
        )?;
        let lapsed = self.conn.execute(
            "DELETE FROM holds WHERE ready_until IS NOT NULL AND ready_until <= ?1",
            params![ts(now)],
        )?;
        if expired + lapsed > 0 {
            tracing::debug!("demo library: {expired} loan(s) expired, {lapsed} ready hold(s) lapsed");
        }
        for book in &catalog.books {
            self.promote(book, now)?;
        }
        Ok(())
    }

    fn count(&self, sql: &str, book: &str) -> rusqlite::Result<u32> {
        self.conn.query_row(sql, params![book], |row| row.get(0))
    }

    fn free_copies(&self, book: &Book) -> rusqlite::Result<u32> {
        let loans =
            self.count("SELECT COUNT(*) FROM loans WHERE book = ?1 AND status = 'active'", &book.id)?;
        let ready =
            self.count("SELECT COUNT(*) FROM holds WHERE book = ?1 AND ready_until IS NOT NULL", &book.id)?;
        Ok(book.copies.saturating_sub(loans.saturating_add(ready)))
    }

    /// Makes the first waiting holds ready, one per free copy, in queue order.
    fn promote(&mut self, book: &Book, now: OffsetDateTime) -> rusqlite::Result<()> {
        let free = self.free_copies(book)?;
        if free == 0 {
            return Ok(());
        }
        self.conn.execute(
            "UPDATE holds SET ready_since = ?2, ready_until = ?3 WHERE seq IN (
                SELECT seq FROM holds WHERE book = ?1 AND ready_until IS NULL ORDER BY seq LIMIT ?4)",
            params![book.id, ts(now), ts(now + self.rules.hold_period), free],
        )?;
        Ok(())
    }

    /// Availability of `book`, personalised for `patron` when given.
    pub(super) fn availability(&self, book: &Book, patron: Option<&str>) -> rusqlite::Result<Availability> {
        let holds = self.count("SELECT COUNT(*) FROM holds WHERE book = ?1", &book.id)?;
        let available = self.free_copies(book)?;
        let personal = match patron {
            Some(patron) => self.personal(book, patron)?,
            None => Personal::None,
        };
        Ok(Availability { total: book.copies, available, holds, personal })
    }

    fn personal(&self, book: &Book, patron: &str) -> rusqlite::Result<Personal> {
        let loan: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT start, end FROM loans WHERE patron = ?1 AND book = ?2 AND status = 'active'",
                params![patron, book.id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((start, end)) = loan {
            return Ok(Personal::Loan { start: from_ts(start), end: from_ts(end) });
        }
        let hold: Option<(i64, i64, Option<i64>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT seq, since, ready_since, ready_until FROM holds WHERE patron = ?1 AND book = ?2",
                params![patron, book.id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        Ok(match hold {
            None => Personal::None,
            Some((_, _, Some(since), Some(until))) => {
                Personal::Ready { since: from_ts(since), until: from_ts(until) }
            }
            Some((seq, since, _, _)) => {
                let position: u32 = self.conn.query_row(
                    "SELECT COUNT(*) FROM holds WHERE book = ?1 AND seq <= ?2",
                    params![book.id, seq],
                    |row| row.get(0),
                )?;
                Personal::Reserved { since: from_ts(since), position }
            }
        })
    }

    /// Numbers of active loans and holds of `patron`.
    pub(super) fn counts(&self, patron: &str) -> rusqlite::Result<(u32, u32)> {
        let loans =
            self.count("SELECT COUNT(*) FROM loans WHERE patron = ?1 AND status = 'active'", patron)?;
        let holds = self.count("SELECT COUNT(*) FROM holds WHERE patron = ?1", patron)?;
        Ok((loans, holds))
    }

    /// Ids of the books on loan to or held by `patron` (loans first).
    pub(super) fn shelf(&self, patron: &str) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT book FROM (
                SELECT book, 0 AS part, start AS ord FROM loans WHERE patron = ?1 AND status = 'active'
                UNION ALL SELECT book, 1 AS part, seq AS ord FROM holds WHERE patron = ?1)
             ORDER BY part, ord",
        )?;
        let rows = stmt.query_map(params![patron], |row| row.get(0))?;
        rows.collect()
    }

    fn check_loan_limit(&self, patron: &str) -> Result<(), ApiError> {
        let (loans, _) = self.counts(patron)?;
        if loans >= self.rules.loan_limit {
            return Err(ApiError::problem(
                StatusCode::FORBIDDEN,
                "loan-limit-reached",
                "Loan limit reached",
                format!("You already have {loans} loans, the most allowed. Return a book to borrow another."),
            ));
        }
        Ok(())
    }

    fn start_loan(&mut self, book: &Book, patron: &str, now: OffsetDateTime) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM holds WHERE patron = ?1 AND book = ?2", params![patron, book.id])?;
        tx.execute("DELETE FROM events WHERE patron = ?1 AND book = ?2", params![patron, book.id])?;
        tx.execute(
            "INSERT OR REPLACE INTO loans
                (patron, book, status, start, end, renewals, license_updated, status_updated)
             VALUES (?1, ?2, 'active', ?3, ?4, 0, ?3, ?3)",
            params![patron, book.id, ts(now), ts(now + self.rules.loan_period)],
        )?;
        tx.commit()
    }

    /// Borrows `book` (or places a hold when no copy is free). Returns whether something was created.
    pub(super) fn borrow(
        &mut self,
        book: &Book,
        patron: &str,
        now: OffsetDateTime,
    ) -> Result<bool, ApiError> {
        let availability = self.availability(book, Some(patron))?;
        match availability.personal {
            Personal::Loan { .. } | Personal::Reserved { .. } => Ok(false),
            Personal::Ready { .. } => {
                self.check_loan_limit(patron)?;
                self.start_loan(book, patron, now)?;
                Ok(true)
            }
            Personal::None if availability.available > 0 => {
                self.check_loan_limit(patron)?;
                self.start_loan(book, patron, now)?;
                Ok(true)
            }
            Personal::None => {
                let (_, holds) = self.counts(patron)?;
                if holds >= self.rules.hold_limit {
                    return Err(ApiError::problem(
                        StatusCode::FORBIDDEN,
                        "hold-limit-reached",
                        "Hold limit reached",
                        format!(
                            "You already have {holds} holds, the most allowed. Cancel one to place another."
                        ),
                    ));
                }
                self.conn.execute(
                    "INSERT INTO holds (patron, book, since) VALUES (?1, ?2, ?3)",
                    params![patron, book.id, ts(now)],
                )?;
                Ok(true)
            }
        }
    }

    fn add_event(
        &self,
        book: &Book,
        patron: &str,
        kind: &str,
        now: OffsetDateTime,
        device: &Device,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO events (patron, book, type, at, device_id, device_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![patron, book.id, kind, ts(now), device.id, device.name],
        )?;
        Ok(())
    }

    /// Returns a loan or cancels a hold. Fails with 404 when there is neither.
    pub(super) fn revoke(
        &mut self,
        book: &Book,
        patron: &str,
        now: OffsetDateTime,
        device: &Device,
    ) -> Result<(), ApiError> {
        let returned = self.conn.execute(
            "UPDATE loans SET status = 'returned', status_updated = ?3
             WHERE patron = ?1 AND book = ?2 AND status = 'active'",
            params![patron, book.id, ts(now)],
        )?;
        if returned > 0 {
            self.add_event(book, patron, "return", now, device)?;
        } else {
            let cancelled = self
                .conn
                .execute("DELETE FROM holds WHERE patron = ?1 AND book = ?2", params![patron, book.id])?;
            if cancelled == 0 {
                return Err(ApiError::problem(
                    StatusCode::NOT_FOUND,
                    "no-active-loan",
                    "No active loan or hold",
                    format!("You have no loan or hold of {:?}.", book.title),
                ));
            }
        }
        self.promote(book, now)?;
        Ok(())
    }

    /// Extends an active loan by one loan period (or up to `end` when earlier).
    pub(super) fn renew(
        &mut self,
        book: &Book,
        patron: &str,
        end: Option<OffsetDateTime>,
        now: OffsetDateTime,
        device: &Device,
    ) -> Result<(), ApiError> {
        let refuse = |detail: String| {
            ApiError::problem(StatusCode::FORBIDDEN, "renew-failed", "Renewal refused", detail)
        };
        let license = self.license(book, patron)?.filter(|license| license.status == "active");
        let Some(license) = license else {
            return Err(refuse(format!("You have no active loan of {:?} to renew.", book.title)));
        };
        if license.renewals >= self.rules.max_renewals {
            return Err(refuse(format!(
                "This loan has already been renewed {} time(s), the most allowed.",
                license.renewals
            )));
        }
        let waiting = self.count("SELECT COUNT(*) FROM holds WHERE book = ?1", &book.id)?;
        if waiting > 0 {
            return Err(refuse(format!(
                "{waiting} other patron(s) are waiting for this book, so it cannot be renewed."
            )));
        }
        let longest = license.end + self.rules.loan_period;
        let new_end = match end {
            Some(end) if end <= license.end => {
                return Err(refuse(
                    "The requested end is not later than the current end of the loan.".into(),
                ));
            }
            Some(end) => end.min(longest),
            None => longest,
        };
        self.conn.execute(
            "UPDATE loans SET end = ?3, renewals = renewals + 1, license_updated = ?4, status_updated = ?4
             WHERE patron = ?1 AND book = ?2",
            params![patron, book.id, ts(new_end), ts(now)],
        )?;
        self.add_event(book, patron, "renew", now, device)?;
        Ok(())
    }

    /// The patron's latest loan of `book`, active or not.
    pub(super) fn license(&self, book: &Book, patron: &str) -> rusqlite::Result<Option<License>> {
        let row = self
            .conn
            .query_row(
                "SELECT status, end, renewals, license_updated, status_updated
                 FROM loans WHERE patron = ?1 AND book = ?2",
                params![patron, book.id],
                |row| {
                    Ok(License {
                        status: row.get(0)?,
                        end: from_ts(row.get(1)?),
                        renewals: row.get(2)?,
                        license_updated: from_ts(row.get(3)?),
                        status_updated: from_ts(row.get(4)?),
                        events: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut license) = row else { return Ok(None) };
        let mut stmt = self.conn.prepare(
            "SELECT type, at, device_id, device_name FROM events WHERE patron = ?1 AND book = ?2 ORDER BY id",
        )?;
        let events = stmt.query_map(params![patron, book.id], |row| {
            Ok(Event {
                kind: row.get(0)?,
                at: from_ts(row.get(1)?),
                device_id: row.get(2)?,
                device_name: row.get(3)?,
            })
        })?;
        license.events = events.collect::<rusqlite::Result<_>>()?;
        Ok(Some(license))
    }

    /// The lending rules.
    pub(super) fn rules(&self) -> Rules {
        self.rules
    }
}
