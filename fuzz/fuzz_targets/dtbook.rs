//! Fuzzes content extraction: DTBook / XHTML through the XML parser, and HTML through
//! html5ever.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tomoshibi::book::content;

fuzz_target!(|data: &[u8]| {
    let _ = content::parse_document(data, "dtbook.xml", None);
    let _ = content::parse_document(data, "content.html", None);
});
