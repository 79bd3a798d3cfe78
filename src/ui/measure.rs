//! `tomoshibi --measure`: time to the first frame and resident memory,
//! printed as one JSON line.

use std::time::Instant;

/// Resident memory of this process in MiB, where the platform tells it.
pub fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Prints `{"first_frame_ms":…,"rss_mb":…}` for a first frame drawn now.
pub fn print_report(start: Instant) {
    let report = serde_json::json!({
        "first_frame_ms": (start.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
        "rss_mb": rss_mb().map(|m| (m * 10.0).round() / 10.0),
    });
    println!("{report}");
}
