//! Fuzzes the SMIL 1.0 / 2 / 3 parser and clock values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tomoshibi::book::{clock, smil};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = smil::parse(data, "OPS/mo/ch1.smil") {
        for par in &doc.pars {
            let _ = par.locator();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = clock::parse_clock(text);
    }
});
