//! `tomoshibi --measure`: time to the first frame and resident memory,
//! printed as one JSON line.

use std::time::Duration;

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

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 10.0).round() / 10.0
}

/// Prints `{"first_frame_ms":…,"rss_mb":…}` (plus, when a book was opened at start,
/// `"book_shown_ms"`: process start to the reader drawn, and `"open_to_drawn_ms"`: the
/// book asked to open to its first page drawn).
pub fn print_report(first_frame: Duration, book: Option<(Duration, Option<Duration>)>) {
    let mut report = serde_json::json!({
        "first_frame_ms": ms(first_frame),
        "rss_mb": rss_mb().map(|m| (m * 10.0).round() / 10.0),
    });
    if let (Some((shown, open)), Some(map)) = (book, report.as_object_mut()) {
        map.insert("book_shown_ms".into(), ms(shown).into());
        if let Some(open) = open {
            map.insert("open_to_drawn_ms".into(), ms(open).into());
        }
    }
    println!("{report}");
}
