//! Container safety and typed errors: zip bombs, zip-slip, entry caps, protected books,
//! unknown formats, zipped books (EPUB and Sapie-style DAISY downloads).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod book_common;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use book_common::fixture;
use tomoshibi::book::{self, BookError, Container, Format, LimitKind, Limits, Warning};
use zip::write::SimpleFileOptions;

/// Zips `dir` into `zip_path`, entries prefixed with `prefix` (EPUB: `mimetype` first, stored).
fn zip_dir(dir: &Path, zip_path: &Path, prefix: &str) {
    let mut writer = zip::ZipWriter::new(File::create(zip_path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort_by_key(|p| p != "mimetype");
    for rel in files {
        let options = if rel == "mimetype" { stored } else { deflated };
        writer.start_file(format!("{prefix}{rel}"), options).unwrap();
        writer.write_all(&std::fs::read(dir.join(&rel)).unwrap()).unwrap();
    }
    writer.finish().unwrap();
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let mut writer = zip::ZipWriter::new(File::create(path).unwrap());
    for (name, data) in entries {
        writer.start_file(*name, SimpleFileOptions::default()).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn zipped_epub_matches_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fixture("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing");
    let zip = dir.path().join("kusamakura.epub");
    zip_dir(&folder, &zip, "");
    let zipped = book::open(&zip).unwrap();
    let exploded = book::open(&folder).unwrap();
    assert!(zipped.container.is_zip());
    assert_eq!(zipped.metadata, exploded.metadata);
    assert_eq!(zipped.timeline, exploded.timeline);
    assert_eq!(zipped.documents, exploded.documents);
    assert_eq!(zipped.warnings, exploded.warnings);
    assert!(zipped.resource_path("OPS/xhtml/一.xhtml").is_none());
    assert!(exploded.resource_path("OPS/xhtml/一.xhtml").unwrap().is_file());
    assert_eq!(
        zipped.read_resource("OPS/images/夏目漱石.jpg").unwrap(),
        exploded.read_resource("OPS/images/夏目漱石.jpg").unwrap()
    );
    let in_memory = Container::from_zip_bytes(std::fs::read(&zip).unwrap(), Limits::default()).unwrap();
    let from_memory = book::open_container(in_memory).unwrap();
    assert_eq!(from_memory.timeline, exploded.timeline);
    assert_eq!(from_memory.navigation, exploded.navigation);
}

#[test]
fn sapie_style_daisy_zip_with_top_folder() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("book.zip");
    zip_dir(&fixture("daisy202/dontworrybehappy"), &zip, "Dont Worry/");
    let p = book::open(&zip).unwrap();
    assert_eq!(p.format, Format::Daisy202);
    assert_eq!(p.navigation.toc_flat().len(), 7);
    assert_eq!(p.documents[0].href, "Dont Worry/content.html");
    let audio = &p.timeline.pars[0].audio.as_ref().unwrap().href;
    assert!(p.read_resource(audio).unwrap().len() > 1000);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);

    let zip3 = dir.path().join("daisy3.zip");
    zip_dir(&fixture("daisy3/mental_health"), &zip3, "");
    let p = book::open(&zip3).unwrap();
    assert_eq!(p.format, Format::Daisy3);
    assert_eq!(p.navigation.toc_flat().len(), 14);
}

#[test]
fn case_insensitive_lookup_in_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("Audio")).unwrap();
    std::fs::write(dir.path().join("Audio/Track01.MP3"), b"x").unwrap();
    let c = Container::open(dir.path()).unwrap();
    assert_eq!(c.find("audio/track01.mp3").as_deref(), Some("Audio/Track01.MP3"));
    assert_eq!(c.read("AUDIO/TRACK01.mp3").unwrap(), b"x");
    assert!(c.find("../etc/passwd").is_none());
}

/// Raw DEFLATE (fixed Huffman) of `len` zero bytes: one literal, then 258-byte matches.
fn deflate_zeros(len: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes are sent most significant bit first.
        fn code(&mut self, code: u64, count: u32) {
            let mut reversed = 0;
            for i in 0..count {
                reversed |= ((code >> i) & 1) << (count - 1 - i);
            }
            self.put(reversed, count);
        }
    }
    let mut bits = Bits { out: Vec::new(), acc: 0, n: 0 };
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // fixed Huffman
    bits.code(0x30, 8); // literal 0
    let mut left = len - 1;
    while left >= 258 {
        bits.code(0xC5, 8); // length symbol 285 = 258
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

/// A one-entry zip whose header declares `declared` uncompressed bytes for `data`.
fn hand_made_zip(path: &Path, name: &str, data: &[u8], declared: u32) {
    let mut out = Vec::new();
    let compressed = u32::try_from(data.len()).unwrap();
    let name = name.as_bytes();
    let name_len = u16::try_from(name.len()).unwrap();
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]); // version, flags, deflate, time, date
    out.extend_from_slice(&0u32.to_le_bytes()); // crc (never checked: never fully read)
    out.extend_from_slice(&compressed.to_le_bytes());
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(data);
    let cd_start = u32::try_from(out.len()).unwrap();
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&compressed.to_le_bytes());
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&[0; 12]); // extra, comment, disk, internal attrs, external attrs (part)
    out.extend_from_slice(&[0; 4]); // rest of external attrs + local header offset low bytes
    out.truncate(out.len() - 4);
    out.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    out.extend_from_slice(name);
    let cd_len = u32::try_from(out.len()).unwrap() - cd_start;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn two_gib_zip_bomb_is_refused_with_bounded_memory() {
    const TWO_GIB: u64 = 2 * 1024 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let data = deflate_zeros(TWO_GIB);
    assert!(data.len() < 20 * 1024 * 1024);

    // Honest header: refused from the central directory alone, nothing inflated.
    let honest = dir.path().join("bomb.zip");
    hand_made_zip(&honest, "ncc.html", &data, u32::try_from(TWO_GIB).unwrap());
    let err = book::open(&honest).unwrap_err();
    assert!(
        matches!(err, BookError::LimitExceeded { kind: LimitKind::EntrySize, ref href, actual, .. } if href == "ncc.html" && actual == TWO_GIB),
        "{err:?}"
    );
    // With a generous size limit the compression ratio (~160:1) still refuses it.
    let generous = Limits { max_entry_size: 4 * TWO_GIB, ..Limits::default() };
    assert!(matches!(
        book::open_with(&honest, generous),
        Err(BookError::LimitExceeded { kind: LimitKind::CompressionRatio, .. })
    ));

    // Lying header (declares 64 KiB): reading stops at the declared size or fails.
    let liar = dir.path().join("liar.zip");
    hand_made_zip(&liar, "ncc.html", &data, 64 * 1024);
    let container = Container::open(&liar).unwrap();
    match container.read("ncc.html") {
        Ok(bytes) => assert!(bytes.len() <= 64 * 1024),
        Err(e) => assert!(matches!(e, BookError::Zip { .. } | BookError::LimitExceeded { .. }), "{e:?}"),
    }
    assert!(book::open(&liar).is_err());
    if let Some(peak) = peak_rss_kib() {
        assert!(peak < 512 * 1024, "peak RSS {peak} KiB");
    }
}

#[test]
fn zip_slip_entries_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    // The zip writer sanitizes names, so write a placeholder and patch the raw bytes.
    for (placeholder, evil) in [
        ("XX/evil.html", "../evil.html"),
        ("Xabs/ncc.html", "/abs/ncc.html"),
        ("a/XX/XX/evil", "a/../../evil"),
    ] {
        let zip = dir.path().join("slip.zip");
        write_zip(&zip, &[("ncc.html", b"<h1>x</h1>"), (placeholder, b"x")]);
        let mut bytes = std::fs::read(&zip).unwrap();
        let (from, to) = (placeholder.as_bytes(), evil.as_bytes());
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
        std::fs::write(&zip, bytes).unwrap();
        let err = book::open(&zip).unwrap_err();
        assert!(matches!(err, BookError::UnsafePath { ref name } if name == evil), "{evil}: {err:?}");
    }
}

#[test]
fn entry_count_and_total_size_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("many.zip");
    let names: Vec<String> = (0..11).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"abc"[..])).collect();
    write_zip(&zip, &entries);
    let limits = Limits { max_entries: 10, ..Limits::default() };
    assert!(matches!(
        book::open_with(&zip, limits),
        Err(BookError::LimitExceeded { kind: LimitKind::EntryCount, actual: 11, limit: 10, .. })
    ));
    let limits = Limits { max_total_size: 20, ..Limits::default() };
    assert!(matches!(
        book::open_with(&zip, limits),
        Err(BookError::LimitExceeded { kind: LimitKind::TotalSize, .. })
    ));
}

#[test]
fn unknown_inputs_give_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.epub");
    assert!(matches!(book::open(&missing), Err(BookError::Io { path, .. }) if path == missing));

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert!(matches!(book::open(&text), Err(BookError::UnknownFormat { .. })));

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(matches!(book::open(&empty), Err(BookError::UnknownFormat { .. })));

    let zip = dir.path().join("photos.zip");
    write_zip(&zip, &[("a.jpg", b"jpeg")]);
    assert!(matches!(book::open(&zip), Err(BookError::UnknownFormat { .. })));
}

fn copy_dir(from: &Path, to: &Path) {
    let mut files = Vec::new();
    collect(from, from, &mut files);
    for rel in files {
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), target).unwrap();
    }
}

fn scratch_copy(rel: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    copy_dir(&fixture(rel), &book);
    (dir, book)
}

#[test]
fn protected_books_are_refused() {
    let (_dir, book_dir) = scratch_copy("epub/w3c-epub-tests/ocf-font_obfuscation");
    std::fs::write(
        book_dir.join("META-INF/encryption.xml"),
        r#"<encryption xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
<enc:CipherData><enc:CipherReference URI="EPUB/content_001.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#,
    )
    .unwrap();
    let err = book::open(&book_dir).unwrap_err();
    assert!(err.is_protected());
    assert!(matches!(err, BookError::Protected { href, .. } if href == "EPUB/content_001.xhtml"));

    let (_dir, book_dir) = scratch_copy("epub/idpf-epub3-samples/hefty-water");
    std::fs::write(book_dir.join("META-INF/rights.xml"), "<rights/>").unwrap();
    assert!(
        matches!(book::open(&book_dir), Err(BookError::Protected { scheme, .. }) if scheme == "Adobe ADEPT")
    );
}

#[test]
fn missing_and_broken_daisy_files_become_warnings() {
    let (_dir, book_dir) = scratch_copy("daisy202/dontworrybehappy");
    std::fs::remove_file(book_dir.join("speechgen0003.mp3")).unwrap();
    std::fs::remove_file(book_dir.join("speechgen0004.smil")).unwrap();
    std::fs::write(book_dir.join("speechgen0005.smil"), "<smil><body><par>").unwrap();
    let p = book::open(&book_dir).unwrap();
    assert!(p.warnings.contains(&Warning::MissingResource {
        href: "speechgen0003.mp3".into(),
        referenced_from: "speechgen0003.smil".into(),
    }));
    assert!(p.warnings.contains(&Warning::MissingResource {
        href: "speechgen0004.smil".into(),
        referenced_from: "ncc.html".into(),
    }));
    assert!(p.warnings.iter().any(|w| matches!(w, Warning::UnreadableResource { href, message } if href == "speechgen0005.smil" && message.contains("invalid XML"))));
    assert_eq!(p.navigation.toc_flat().len(), 7, "navigation survives");
}

#[test]
fn invalid_package_xml_is_a_typed_error() {
    let (_dir, book_dir) = scratch_copy("daisy3/minimal-dtbook-1.1.0");
    std::fs::write(book_dir.join("book.opf"), "<package><metadata></package>").unwrap();
    let err = book::open(&book_dir).unwrap_err();
    assert!(matches!(err, BookError::InvalidXml { ref href, .. } if href == "book.opf"), "{err:?}");

    let (_dir, book_dir) = scratch_copy("epub/idpf-epub3-samples/hefty-water");
    std::fs::write(book_dir.join("META-INF/container.xml"), "not xml <<<").unwrap();
    assert!(matches!(book::open(&book_dir), Err(BookError::Epub { .. })));
}

#[test]
fn publications_can_move_to_other_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>(_: &T) {}
    let p = book::open(&fixture("daisy202/dontworrybehappy")).unwrap();
    assert_send_sync(&p);
    let handle = std::thread::spawn(move || p.timeline.pars.len());
    assert!(handle.join().unwrap() > 0);
}
