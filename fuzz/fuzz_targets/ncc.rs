//! Fuzzes the DAISY 2.02 `ncc.html` parser (sloppy HTML, any encoding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tomoshibi::book::daisy202;

fuzz_target!(|data: &[u8]| {
    if let Ok(ncc) = daisy202::parse_ncc(data, "book/ncc.html") {
        let _ = ncc.count_mismatches();
    }
});
