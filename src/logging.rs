//! Logs go to a daily file in the log directory, never to the user's
//! screen, and never contain secrets (PINs and tokens are not logged
//! anywhere in the code; keep it that way).

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;

/// Starts logging to `tomoshibi.log.<date>` under `dir`. Keep the returned
/// guard alive until exit so the last lines are written. Level from
/// `TOMOSHIBI_LOG` (default `info`).
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    std::fs::create_dir_all(dir).ok()?;
    let appender = tracing_appender::rolling::daily(dir, "tomoshibi.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("TOMOSHIBI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}
