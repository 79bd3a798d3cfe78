//! Fuzzes the zip container and everything behind it: bytes → in-memory zip → format
//! detection → full EPUB / DAISY parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tomoshibi::book::{self, Container, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_entries: 2_000,
        max_entry_size: 16 * 1024 * 1024,
        max_total_size: 64 * 1024 * 1024,
        ..Limits::default()
    };
    if let Ok(container) = Container::from_zip_bytes(data.to_vec(), limits) {
        let _ = book::open_container(container);
    }
});
