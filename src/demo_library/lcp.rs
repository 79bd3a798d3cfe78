//! Producing LCP **basic-profile** protected EPUBs and licences, for the built-in demo library
//! and for tests — the same steps the Readium LCP server's `lcpencrypt` and licence server
//! take, with the basic profile only.
//!
//! 1. [`encrypt_epub`]: one random content key per publication; every resource is encrypted
//!    except those LCP §2.1 keeps in clear (`mimetype`, `META-INF/*`, package documents,
//!    navigation documents, NCX, cover images — plus page maps, like `lcpencrypt`) and those
//!    already listed in `encryption.xml` (font obfuscation, kept as is). Non-codec resources
//!    are deflated before encryption (`Compression Method="8"`), codec ones (`image/*`,
//!    `audio/*`, `video/*`, PDF) are not (`Method="0"`); both carry `OriginalLength` (§2.2).
//! 2. [`issue_license`]: one licence per loan, wrapping the content key with the patron's user
//!    key.
//! 3. [`embed_license`]: the licence goes into the EPUB at `META-INF/license.lcpl`.
//!
//! The licence carries no `signature` object: a basic-profile licence can only be signed with a
//! test certificate no client trusts, and Tomoshibi does not verify licence signatures. Input
//! EPUBs are trusted (the library's own books); still, nothing here panics.

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Read, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use flate2::write::DeflateEncoder;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use quick_xml::XmlVersion;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::book::lcp::basic::{
    AES256_CBC, BASIC_PROFILE, ContentKey, LcpError, SHA256, UserKey, encrypt_cbc, random_bytes,
};
use crate::book::lcp::reader::{
    CONTENT_KEY_TYPE, CONTENT_KEY_URI, ENCRYPTION_PATH, EncryptedEntry, LICENSE_PATH, normalize_path,
    parse_encryption_xml,
};

/// The LCP licence media type.
pub const LICENSE_MEDIA_TYPE: &str = "application/vnd.readium.lcp.license.v1.0+json";
/// The License Status Document media type.
pub const STATUS_MEDIA_TYPE: &str = "application/vnd.readium.license.status.v1.0+json";
/// Maximum size of one resource read while protecting (the library's own books are far smaller).
const MAX_RESOURCE: u64 = 512 * 1024 * 1024;

/// Characters escaped in `CipherReference/@URI` (per path segment, like `lcpencrypt`).
const URI_ESCAPES: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'[').add(b'\\');
const URI_ESCAPES_MORE: &AsciiSet = &URI_ESCAPES.add(b']').add(b'^').add(b'`').add(b'{').add(b'|').add(b'}');

/// A publication encrypted with its own content key, without a licence yet.
#[derive(Debug, Clone)]
pub struct EncryptedPublication {
    /// The protected EPUB (no `META-INF/license.lcpl`).
    pub epub: Vec<u8>,
    /// The content key: keep it with the book to issue licences.
    pub content_key: ContentKey,
}

/// Base64 SHA-256 of `bytes`, as the licence's publication link `hash`.
pub fn sha256_base64(bytes: &[u8]) -> String {
    BASE64.encode(Sha256::digest(bytes))
}

/// The licence's `publication` link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationLink {
    /// Where the protected EPUB is downloaded.
    pub href: String,
    /// Its size in bytes.
    pub length: Option<u64>,
    /// Base64 SHA-256 of the file.
    pub hash: Option<String>,
}

/// Rights granted by a licence (`rights` object).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LicenseRights {
    /// Pages that may be printed.
    pub print: Option<u64>,
    /// Characters that may be copied.
    pub copy: Option<u64>,
    /// Start of the loan.
    pub start: Option<OffsetDateTime>,
    /// End of the loan.
    pub end: Option<OffsetDateTime>,
}

/// Everything a licence says besides the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseRequest {
    /// Licence id (a UUID for real servers); also the key check plaintext.
    pub id: String,
    /// Provider URI.
    pub provider: String,
    /// Passphrase prompt shown to the patron (`user_key/text_hint`).
    pub text_hint: String,
    /// Page that helps with the passphrase (`hint` link, required by the spec).
    pub hint_url: String,
    /// The protected publication (`publication` link, required by the spec).
    pub publication: PublicationLink,
    /// The License Status Document (`status` link).
    pub status_url: Option<String>,
    /// When the licence was issued.
    pub issued: OffsetDateTime,
    /// When it last changed.
    pub updated: Option<OffsetDateTime>,
    /// Rights.
    pub rights: LicenseRights,
    /// `user/id`.
    pub user_id: Option<String>,
}

/// Encrypts `plain_epub` with a fresh content key (see the module docs for what is encrypted).
pub fn encrypt_epub(plain_epub: &[u8]) -> Result<EncryptedPublication, LcpError> {
    let content_key = ContentKey::from_bytes(random_bytes()?);
    encrypt_epub_with(plain_epub, content_key)
}

/// Like [`encrypt_epub`] with a given content key (e.g. one kept from an earlier run).
pub fn encrypt_epub_with(
    plain_epub: &[u8],
    content_key: ContentKey,
) -> Result<EncryptedPublication, LcpError> {
    let mut archive = ZipArchive::new(Cursor::new(plain_epub)).map_err(epub_err)?;
    let package = Package::read(&mut archive)?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut entries: Vec<EncryptedEntry> = package.already_encrypted.clone();
    if let Some(mimetype) = read_entry(&mut archive, "mimetype")? {
        writer.start_file("mimetype", stored).map_err(epub_err)?;
        writer.write_all(&mimetype).map_err(|e| epub_err(e.to_string()))?;
    }
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(epub_err)?;
        let raw_name = file.name().map_err(epub_err)?.into_owned();
        if file.is_dir() || raw_name == "mimetype" || raw_name == ENCRYPTION_PATH || raw_name == LICENSE_PATH
        {
            continue;
        }
        let name = normalize_path(&raw_name)
            .filter(|n| *n == raw_name && file.enclosed_name().is_some())
            .ok_or_else(|| epub_err(format!("unsafe entry name {raw_name:?}")))?;
        if !package.must_encrypt(&name) {
            writer.raw_copy_file(file).map_err(epub_err)?;
            continue;
        }
        drop(file);
        let plain = read_entry(&mut archive, &name)?.unwrap_or_default();
        let compress = package.compress(&name);
        let body = if compress { deflate(&plain)? } else { plain.clone() };
        writer.start_file(name.as_str(), stored).map_err(epub_err)?;
        writer.write_all(&encrypt_cbc(content_key.bytes(), &body)?).map_err(|e| epub_err(e.to_string()))?;
        entries.push(EncryptedEntry {
            href: name.clone(),
            algorithm: AES256_CBC.to_owned(),
            lcp: true,
            compression: if compress {
                crate::book::lcp::basic::Compression::Deflate
            } else {
                crate::book::lcp::basic::Compression::None
            },
            original_length: Some(plain.len() as u64),
        });
    }
    writer.start_file(ENCRYPTION_PATH, deflated).map_err(epub_err)?;
    writer.write_all(encryption_xml(&entries).as_bytes()).map_err(|e| epub_err(e.to_string()))?;
    let epub = writer.finish().map_err(epub_err)?.into_inner();
    Ok(EncryptedPublication { epub, content_key })
}

/// Writes a basic-profile licence for `content_key`, opened by `user_key` (see
/// [`crate::book::lcp::basic::user_key_from_passphrase`]). Returns pretty-printed JSON.
pub fn issue_license(
    content_key: &ContentKey,
    user_key: &UserKey,
    request: &LicenseRequest,
) -> Result<String, LcpError> {
    // Whole seconds, like the Readium LCP server.
    let date = |d: &OffsetDateTime| {
        d.replace_nanosecond(0)
            .unwrap_or(*d)
            .format(&Rfc3339)
            .map_err(|e| LcpError::MalformedLicense { reason: e.to_string() })
    };
    let mut publication = Map::new();
    publication.insert("rel".into(), json!("publication"));
    publication.insert("href".into(), json!(request.publication.href));
    publication.insert("type".into(), json!("application/epub+zip"));
    if let Some(length) = request.publication.length {
        publication.insert("length".into(), json!(length));
    }
    if let Some(hash) = &request.publication.hash {
        publication.insert("hash".into(), json!(hash));
    }
    let mut links = vec![
        json!({ "rel": "hint", "href": request.hint_url, "type": "text/html" }),
        Value::Object(publication),
    ];
    if let Some(status) = &request.status_url {
        links.push(json!({ "rel": "status", "href": status, "type": STATUS_MEDIA_TYPE }));
    }
    let mut rights = Map::new();
    for (key, value) in [("print", request.rights.print), ("copy", request.rights.copy)] {
        if let Some(v) = value {
            rights.insert(key.into(), json!(v));
        }
    }
    for (key, value) in [("start", &request.rights.start), ("end", &request.rights.end)] {
        if let Some(v) = value {
            rights.insert(key.into(), json!(date(v)?));
        }
    }
    let mut license = Map::new();
    license.insert("id".into(), json!(request.id));
    license.insert("provider".into(), json!(request.provider));
    license.insert("issued".into(), json!(date(&request.issued)?));
    if let Some(updated) = &request.updated {
        license.insert("updated".into(), json!(date(updated)?));
    }
    license.insert(
        "encryption".into(),
        json!({
            "profile": BASIC_PROFILE,
            "content_key": {
                "algorithm": AES256_CBC,
                "encrypted_value": BASE64.encode(encrypt_cbc(user_key, content_key.bytes())?),
            },
            "user_key": {
                "algorithm": SHA256,
                "text_hint": request.text_hint,
                "key_check": BASE64.encode(encrypt_cbc(user_key, request.id.as_bytes())?),
            },
        }),
    );
    license.insert("links".into(), Value::Array(links));
    if !rights.is_empty() {
        license.insert("rights".into(), Value::Object(rights));
    }
    if let Some(user) = &request.user_id {
        license.insert("user".into(), json!({ "id": user }));
    }
    serde_json::to_string_pretty(&Value::Object(license))
        .map_err(|e| LcpError::MalformedLicense { reason: e.to_string() })
}

#[cfg(test)]
/// Returns `epub` with `license` stored at `META-INF/license.lcpl` (replacing any earlier
/// licence); every other entry is copied byte for byte.
pub fn embed_license(epub: &[u8], license: &[u8]) -> Result<Vec<u8>, LcpError> {
    let mut out = Cursor::new(Vec::new());
    crate::book::lcp::embed_license(Cursor::new(epub), &mut out, license)?;
    Ok(out.into_inner())
}

#[cfg(test)]
/// All three steps: encrypt, issue a licence whose `publication` link is `request.publication`
/// (its length and hash are filled in from the encrypted file when absent), and embed it.
/// Returns the protected EPUB (licence inside) and the licence JSON.
pub fn protect_epub(
    plain_epub: &[u8],
    user_key: &UserKey,
    request: &LicenseRequest,
) -> Result<(Vec<u8>, String), LcpError> {
    let publication = encrypt_epub(plain_epub)?;
    let mut request = request.clone();
    request.publication.length = request.publication.length.or(Some(publication.epub.len() as u64));
    request.publication.hash = request.publication.hash.or_else(|| Some(sha256_base64(&publication.epub)));
    let license = issue_license(&publication.content_key, user_key, &request)?;
    Ok((embed_license(&publication.epub, license.as_bytes())?, license))
}

/// Serialises `encryption.xml`.
fn encryption_xml(entries: &[EncryptedEntry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" \
         xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" \
         xmlns:comp=\"http://www.idpf.org/2016/encryption#compression\">\n",
    );
    for e in entries {
        let uri: Vec<String> =
            e.href.split('/').map(|s| utf8_percent_encode(s, URI_ESCAPES_MORE).to_string()).collect();
        out.push_str("  <enc:EncryptedData>\n");
        out.push_str(&format!("    <enc:EncryptionMethod Algorithm=\"{}\"/>\n", escape(&e.algorithm)));
        if e.lcp {
            out.push_str(&format!(
                "    <ds:KeyInfo><ds:RetrievalMethod URI=\"{CONTENT_KEY_URI}\" Type=\"{CONTENT_KEY_TYPE}\"/></ds:KeyInfo>\n"
            ));
        }
        out.push_str(&format!(
            "    <enc:CipherData><enc:CipherReference URI=\"{}\"/></enc:CipherData>\n",
            escape(uri.join("/"))
        ));
        if e.lcp {
            let method = match e.compression {
                crate::book::lcp::basic::Compression::Deflate => 8,
                crate::book::lcp::basic::Compression::None => 0,
            };
            out.push_str(&format!(
                "    <enc:EncryptionProperties><enc:EncryptionProperty><comp:Compression Method=\"{method}\" \
                 OriginalLength=\"{}\"/></enc:EncryptionProperty></enc:EncryptionProperties>\n",
                e.original_length.unwrap_or(0)
            ));
        }
        out.push_str("  </enc:EncryptedData>\n");
    }
    out.push_str("</encryption>\n");
    out
}

/// What the package documents say about the files.
#[derive(Debug, Default)]
struct Package {
    /// Files LCP keeps in clear besides `mimetype` and `META-INF/*`.
    cleartext: BTreeSet<String>,
    /// Manifest media types by container path.
    media_types: HashMap<String, String>,
    /// Entries of an existing `encryption.xml` (kept, and their files copied as is).
    already_encrypted: Vec<EncryptedEntry>,
}

impl Package {
    fn read(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<Self, LcpError> {
        let container = read_entry(archive, "META-INF/container.xml")?
            .ok_or_else(|| epub_err("META-INF/container.xml missing"))?;
        let mut package = Self::default();
        if let Some(xml) = read_entry(archive, ENCRYPTION_PATH)? {
            package.already_encrypted = parse_encryption_xml(&xml)?;
        }
        let rootfiles: Vec<String> = elements(&container)?
            .into_iter()
            .filter(|(name, _)| name == "rootfile")
            .filter_map(|(_, attrs)| attrs.get("full-path").and_then(|p| normalize_path(p)))
            .collect();
        if rootfiles.is_empty() {
            return Err(epub_err("no rootfile in META-INF/container.xml"));
        }
        for opf_path in rootfiles {
            package.cleartext.insert(opf_path.clone());
            let opf =
                read_entry(archive, &opf_path)?.ok_or_else(|| epub_err(format!("{opf_path} missing")))?;
            let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let elements = elements(&opf)?;
            let cover_id = elements
                .iter()
                .find(|(n, a)| n == "meta" && a.get("name").is_some_and(|v| v == "cover"))
                .and_then(|(_, a)| a.get("content").cloned())
                .unwrap_or_else(|| "cover-image".into());
            for (_, item) in elements.iter().filter(|(n, _)| n == "item") {
                let Some(href) = item.get("href").and_then(|h| resolve(base, h)) else { continue };
                let media_type =
                    item.get("media-type").map(|m| m.trim().to_ascii_lowercase()).unwrap_or_default();
                let properties: Vec<&str> =
                    item.get("properties").map(|p| p.split_ascii_whitespace().collect()).unwrap_or_default();
                if properties.iter().any(|p| *p == "nav" || *p == "cover-image")
                    || item.get("id").is_some_and(|id| *id == cover_id)
                    || media_type == "application/x-dtbncx+xml"
                    || media_type == "application/oebps-page-map+xml"
                {
                    package.cleartext.insert(href.clone());
                }
                package.media_types.insert(href, media_type);
            }
        }
        Ok(package)
    }

    fn must_encrypt(&self, name: &str) -> bool {
        !(name == "mimetype"
            || name.starts_with("META-INF/")
            || self.cleartext.contains(name)
            || self.already_encrypted.iter().any(|e| e.href == name))
    }

    /// Non-codec resources are deflated before encryption (LCP §2.2; `lcpencrypt` rule:
    /// everything but images, audio, video and PDF, and files the manifest does not type).
    fn compress(&self, name: &str) -> bool {
        let media_type = self.media_types.get(name).map(String::as_str).unwrap_or_default();
        !(media_type.starts_with("image/")
            || media_type.starts_with("audio/")
            || media_type.starts_with("video/")
            || media_type == "application/pdf")
    }
}

/// An OPF-relative href → container path (percent-decoded, fragment dropped).
fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim().split('#').next().unwrap_or_default();
    if href.is_empty() || href.split('/').next().is_some_and(|s| s.contains(':')) {
        return None;
    }
    let decoded = percent_decode_str(href).decode_utf8().ok()?;
    normalize_path(&format!("{base}/{decoded}"))
}

/// An element's local name and its attributes by local name.
type XmlElement = (String, HashMap<String, String>);

/// Every element of an XML document.
fn elements(bytes: &[u8]) -> Result<Vec<XmlElement>, LcpError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| epub_err(format!("package XML is not UTF-8: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| epub_err(format!("package XML: {e}")))? {
            Event::Start(e) | Event::Empty(e) => out.push(element(&e)),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn element(e: &BytesStart<'_>) -> XmlElement {
    let name = e.local_name().as_ref().to_owned();
    let attrs = e
        .attributes()
        .flatten()
        .filter_map(|a| {
            let key = a.key.local_name().as_ref().to_owned();
            Some((key, a.normalized_value(XmlVersion::Implicit1_0).ok()?.into_owned()))
        })
        .collect();
    (name, attrs)
}

fn read_entry(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, LcpError> {
    let Some(index) = archive.index_for_name(name) else { return Ok(None) };
    let file = archive.by_index(index).map_err(epub_err)?;
    let mut out = Vec::new();
    file.take(MAX_RESOURCE + 1).read_to_end(&mut out).map_err(|e| epub_err(format!("{name}: {e}")))?;
    if out.len() as u64 > MAX_RESOURCE {
        return Err(epub_err(format!("{name} is larger than {MAX_RESOURCE} bytes")));
    }
    Ok(Some(out))
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, LcpError> {
    let mut encoder = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| epub_err(e.to_string()))?;
    encoder.finish().map_err(|e| epub_err(e.to_string()))
}

fn epub_err(reason: impl ToString) -> LcpError {
    LcpError::MalformedEpub { reason: reason.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::lcp::{LcpDecryptor, user_key_from_passphrase};
    use crate::book::{BookError, Container, Limits, open_container, open_container_with_keys};

    const PASSPHRASE: &str = "灯 correct horse";

    fn request() -> LicenseRequest {
        LicenseRequest {
            id: "5b1f6c2e-8c7e-4f0a-9d3b-2f4e6a7b8c9d".into(),
            provider: "https://demo.tomoshibi.invalid".into(),
            text_hint: "Your library PIN".into(),
            hint_url: "https://demo.tomoshibi.invalid/help".into(),
            publication: PublicationLink {
                href: "https://demo.tomoshibi.invalid/b.epub".into(),
                length: None,
                hash: None,
            },
            status_url: Some("https://demo.tomoshibi.invalid/loans/b/status".into()),
            issued: OffsetDateTime::UNIX_EPOCH,
            updated: None,
            rights: LicenseRights::default(),
            user_id: None,
        }
    }

    fn book(file: &str) -> Vec<u8> {
        crate::demo_library::catalog::asset(&format!("books/{file}")).unwrap().into_owned()
    }

    fn open(epub: Vec<u8>, passphrase: Option<&str>) -> Result<crate::book::Publication, BookError> {
        let keys: Vec<_> = passphrase.map(user_key_from_passphrase).into_iter().collect();
        open_container_with_keys(Container::from_zip_bytes(epub, Limits::default())?, &keys)
    }

    #[test]
    fn demo_books_round_trip_through_the_reader() {
        for file in ["wasteland.epub", "kusamakura.epub", "toshokan-dayori-2.epub"] {
            let plain = book(file);
            let (protected, license) =
                protect_epub(&plain, &user_key_from_passphrase(PASSPHRASE), &request()).unwrap();
            let expected =
                open_container(Container::from_zip_bytes(plain, Limits::default()).unwrap()).unwrap();
            let opened = open(protected.clone(), Some(PASSPHRASE)).unwrap();
            assert_eq!(opened.documents, expected.documents, "{file}");
            assert!(opened.container.is_lcp_protected());
            assert!(matches!(open(protected.clone(), None), Err(BookError::PassphraseRequired { .. })));
            assert!(matches!(open(protected.clone(), Some("1234")), Err(BookError::WrongPassphrase { .. })));
            // The licence keeps LCP §2.1's clear files in clear.
            let mut archive = ZipArchive::new(Cursor::new(protected.as_slice())).unwrap();
            let mut xml = Vec::new();
            archive.by_name(ENCRYPTION_PATH).unwrap().read_to_end(&mut xml).unwrap();
            let decryptor =
                LcpDecryptor::open(license.as_bytes(), &xml, &user_key_from_passphrase(PASSPHRASE)).unwrap();
            assert!(decryptor.encrypted_hrefs().iter().all(|h| !h.ends_with(".opf") && !h.ends_with(".ncx")));
        }
    }

    #[test]
    fn production_profile_is_protected_and_garbage_is_typed() {
        let (protected, license) =
            protect_epub(&book("wasteland.epub"), &user_key_from_passphrase(PASSPHRASE), &request()).unwrap();
        let production = license.replace(BASIC_PROFILE, "http://readium.org/lcp/profile-1.0");
        let epub = embed_license(&protected, production.as_bytes()).unwrap();
        assert!(matches!(open(epub, Some(PASSPHRASE)), Err(BookError::Protected { .. })));
        for bytes in [&b""[..], b"PK\x03\x04", b"not a zip at all"] {
            assert!(matches!(encrypt_epub(bytes), Err(LcpError::MalformedEpub { .. })));
        }
    }
}
