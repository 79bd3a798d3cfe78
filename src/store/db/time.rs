//! Points in time as the database stores them: whole seconds since the Unix
//! epoch, UTC.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01T00:00:00Z, as stored in `INTEGER` columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// The current time. A clock set before 1970 reads as the epoch itself.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// This time moved back by `duration`, saturating at the smallest
    /// representable time (for "older than a week" cut-offs).
    pub fn saturating_sub(self, duration: Duration) -> Self {
        let seconds = i64::try_from(duration.as_secs()).unwrap_or(i64::MAX);
        Self(self.0.saturating_sub(seconds))
    }
}

impl From<SystemTime> for UnixTime {
    fn from(time: SystemTime) -> Self {
        let seconds = time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        Self(i64::try_from(seconds).unwrap_or(i64::MAX))
    }
}

impl ToSql for UnixTime {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for UnixTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_times_convert_to_whole_seconds() {
        let table = [
            (UNIX_EPOCH, 0),
            (UNIX_EPOCH + Duration::from_millis(1_999), 1),
            (UNIX_EPOCH + Duration::from_secs(1_700_000_000), 1_700_000_000),
            (UNIX_EPOCH - Duration::from_secs(5), 0),
        ];
        for (time, seconds) in table {
            assert_eq!(UnixTime::from(time), UnixTime(seconds), "{time:?}");
        }
        assert!(UnixTime::now() > UnixTime(1_600_000_000));
    }

    #[test]
    fn subtraction_saturates() {
        let table = [
            (UnixTime(100), Duration::from_secs(40), UnixTime(60)),
            (UnixTime(0), Duration::from_secs(1), UnixTime(-1)),
            (UnixTime(i64::MIN + 1), Duration::from_secs(10), UnixTime(i64::MIN)),
            (UnixTime(5), Duration::MAX, UnixTime(5 - i64::MAX)),
        ];
        for (start, by, expected) in table {
            assert_eq!(start.saturating_sub(by), expected, "{start:?} - {by:?}");
        }
    }
}
