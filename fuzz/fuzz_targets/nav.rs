//! Fuzzes navigation documents: the NCX parser and the EPUB 3 nav document (as XHTML
//! content, through the XML parser with its html5ever fallback).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tomoshibi::book::{content, daisy3};

fuzz_target!(|data: &[u8]| {
    let _ = daisy3::parse_ncx(data, "OPS/toc.ncx");
    let _ = content::parse_document(data, "OPS/nav.xhtml", None);
});
