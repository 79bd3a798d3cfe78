//! Fuzzes package documents: the DAISY 3 OPF parser directly, and the EPUB OPF (rbook +
//! conversion) by wrapping the input as the package of a minimal in-memory EPUB.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use tomoshibi::book::{self, Container, Limits, daisy3};

const CONTAINER_XML: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fuzz_target!(|data: &[u8]| {
    let _ = daisy3::parse_opf(data, "book.opf");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let entries: [(&str, &[u8]); 4] = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER_XML.as_bytes()),
        ("OPS/package.opf", data),
        ("OPS/c.xhtml", b"<html><body><p id='a'>x</p></body></html>"),
    ];
    for (name, bytes) in entries {
        if zip.start_file(name, options).is_err() || zip.write_all(bytes).is_err() {
            return;
        }
    }
    if let Ok(cursor) = zip.finish()
        && let Ok(container) = Container::from_zip_bytes(cursor.into_inner(), Limits::default())
    {
        let _ = book::open_container(container);
    }
});
