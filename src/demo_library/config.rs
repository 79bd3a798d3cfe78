//! Server configuration and the injectable clock.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

/// Where "now" comes from. Tests use [`Clock::Manual`] to move time forward without waiting.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system clock (UTC).
    #[default]
    System,
    /// A clock that only moves when told to; shared, so a test can keep a clone and advance it.
    Manual(Arc<Mutex<OffsetDateTime>>),
}

impl Clock {
    /// A manual clock starting at `start`.
    pub fn manual(start: OffsetDateTime) -> Self {
        Clock::Manual(Arc::new(Mutex::new(start)))
    }

    /// The current time in UTC, truncated to whole seconds (the precision the server stores and reports).
    pub fn now(&self) -> OffsetDateTime {
        let now = match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Manual(cell) => *cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        };
        let now = now.to_offset(time::UtcOffset::UTC);
        now.replace_nanosecond(0).unwrap_or(now)
    }

    /// Moves a manual clock forward by `by`; does nothing for the system clock.
    pub fn advance(&self, by: time::Duration) {
        if let Clock::Manual(cell) = self {
            let mut guard = cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *guard += by;
        }
    }

    /// Sets a manual clock to `to`; does nothing for the system clock.
    pub fn set(&self, to: OffsetDateTime) {
        if let Clock::Manual(cell) = self {
            *cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
        }
    }
}

/// Settings of a demo library server.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// The SQLite file holding loans and holds; created if missing.
    pub state_path: PathBuf,
    /// Address to bind; default `127.0.0.1:0` (any free port).
    pub addr: SocketAddr,
    /// Length of a loan and of each renewal; default 14 days.
    pub loan_period: time::Duration,
    /// Pick-up window of a hold once it is ready; default 3 days.
    pub hold_period: time::Duration,
    /// Maximum number of loans per patron; default 5.
    pub loan_limit: u32,
    /// Maximum number of holds per patron; default 5.
    pub hold_limit: u32,
    /// How many times a loan may be renewed; default 1.
    pub max_renewals: u32,
    /// Source of "now".
    pub clock: Clock,
}

impl DemoConfig {
    /// The default settings, keeping state in `state_path`.
    pub fn new(state_path: PathBuf) -> Self {
        DemoConfig {
            state_path,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            loan_period: time::Duration::days(14),
            hold_period: time::Duration::days(3),
            loan_limit: 5,
            hold_limit: 5,
            max_renewals: 1,
            clock: Clock::System,
        }
    }
}
