//! Open + parse every fixture book and print timings (plain `harness = false` bench).
//!
//! `cargo bench --bench book_open` — prints min / median / max over `ROUNDS` opens per book
//! and checks the targets from issue #3 (mental_health ≤ 20 ms, kusamakura ≤ 50 ms, any
//! fixture ≤ 100 ms), exiting non-zero when a median misses its target.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const ROUNDS: usize = 15;

const BOOKS: &[(&str, u64)] = &[
    ("daisy202/mental_health", 20),
    ("daisy3/mental_health", 20),
    ("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing", 50),
    ("daisy202/dontworrybehappy", 100),
    ("daisy202/dontworrybehappy-nccOnly", 100),
    ("daisy202/dontworrybehappy-invalid", 100),
    ("daisy3/dontworrybehappy", 100),
    ("daisy3/dontworrybehappy-nccOnly", 100),
    ("daisy3/minimal-dtbook-1.1.0", 100),
    ("epub/idpf-epub3-samples/haruko-html-jpeg", 100),
    ("epub/idpf-epub3-samples/wasteland", 100),
    ("epub/idpf-epub3-samples/georgia-pls-ssml", 100),
    ("epub/idpf-epub3-samples/regime-anticancer-arabic", 100),
    ("epub/idpf-epub3-samples/hefty-water", 100),
    ("epub/daisy-a11y-tests/epub30-test-0320-media-overlays", 100),
    ("epub/epub2-packaged/GreatPaintersHtml.epub", 100),
    ("epub/epub2-packaged/valentin_hauy.epub", 100),
    ("epub/epub2-packaged/wasteland.epub", 100),
    ("epub/w3c-epub-tests/mol-navigation", 100),
];

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books");
    let mut ok = true;
    println!("{:<62} {:>8} {:>8} {:>8} {:>7}", "book", "min ms", "median", "max", "target");
    for (rel, target_ms) in BOOKS {
        let path = root.join(rel);
        // warm the page cache
        if let Err(e) = tomoshibi::book::open(&path) {
            println!("{rel}: {e}");
            ok = false;
            continue;
        }
        let mut times: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let publication = tomoshibi::book::open(&path).unwrap();
                let elapsed = start.elapsed();
                std::hint::black_box(publication);
                elapsed
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let median = ms(times[ROUNDS / 2]);
        let pass = median <= *target_ms as f64;
        ok &= pass;
        println!(
            "{:<62} {:>8.2} {:>8.2} {:>8.2} {:>5} {}",
            rel,
            ms(times[0]),
            median,
            ms(times[ROUNDS - 1]),
            target_ms,
            if pass { "ok" } else { "SLOW" }
        );
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
