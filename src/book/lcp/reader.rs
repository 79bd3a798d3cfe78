//! Reading an LCP-protected EPUB: which resources `META-INF/encryption.xml` marks as LCP
//! encrypted (and how), and an [`LcpDecryptor`] that turns their stored bytes back into the
//! original ones. Designed to sit in `Container::read` next to font deobfuscation.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::basic::{AES256_CBC, Compression, ContentKey, LcpError, LicenseKeys, UserKey, decrypt_resource};

/// Where a protected EPUB keeps its licence.
pub const LICENSE_PATH: &str = "META-INF/license.lcpl";
/// Where an EPUB lists its encrypted resources.
pub const ENCRYPTION_PATH: &str = "META-INF/encryption.xml";
/// `ds:RetrievalMethod/@Type` of resources encrypted with the LCP content key.
pub const CONTENT_KEY_TYPE: &str = "http://readium.org/2014/01/lcp#EncryptedContentKey";
/// `ds:RetrievalMethod/@URI` of resources encrypted with the LCP content key (a JSON pointer).
pub const CONTENT_KEY_URI: &str = "license.lcpl#/encryption/content_key";

/// Maximum number of `EncryptedData` entries accepted in one `encryption.xml`.
const MAX_ENTRIES: usize = 100_000;

/// One `EncryptedData` entry of `encryption.xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedEntry {
    /// Container-root-relative href (`CipherReference/@URI`, percent-decoded, normalised).
    pub href: String,
    /// `EncryptionMethod/@Algorithm`.
    pub algorithm: String,
    /// True when `KeyInfo/RetrievalMethod` points at the LCP content key.
    pub lcp: bool,
    /// `Compression/@Method` (absent: none).
    pub compression: Compression,
    /// `Compression/@OriginalLength`: the size before compression and encryption.
    pub original_length: Option<u64>,
}

/// Parses every `EncryptedData` entry of `encryption.xml` (namespace prefixes are ignored).
///
/// Entries without a usable `CipherReference` are skipped; an LCP entry with an unknown
/// compression method is an error (it could not be decrypted correctly).
pub fn parse_encryption_xml(bytes: &[u8]) -> Result<Vec<EncryptedEntry>, LcpError> {
    let bad = |reason: String| LcpError::MalformedEncryption { reason };
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| bad(format!("not UTF-8: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    let mut current: Option<Draft> = None;
    loop {
        let event = reader.read_event().map_err(|e| bad(format!("{e} at {}", reader.error_position())))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "EncryptedData" => current = Some(Draft::default()),
                    "EncryptionMethod" => set(&mut current, |d| d.algorithm = attr(&e, "Algorithm")),
                    "CipherReference" => set(&mut current, |d| d.uri = attr(&e, "URI")),
                    "RetrievalMethod" => set(&mut current, |d| {
                        let uri = attr(&e, "URI").unwrap_or_default();
                        let kind = attr(&e, "Type").unwrap_or_default();
                        d.lcp |= kind.trim() == CONTENT_KEY_TYPE || uri.trim().ends_with(CONTENT_KEY_URI);
                    }),
                    "Compression" => set(&mut current, |d| {
                        d.method = attr(&e, "Method");
                        d.original_length = attr(&e, "OriginalLength");
                    }),
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == "EncryptedData" => {
                if let Some(entry) = current.take().map(Draft::finish).transpose()?.flatten() {
                    if out.len() >= MAX_ENTRIES {
                        return Err(bad(format!("more than {MAX_ENTRIES} entries")));
                    }
                    out.push(entry);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// True when `encryption.xml` has an entry encrypted with the LCP content key (LCP §7.1).
pub fn uses_lcp(entries: &[EncryptedEntry]) -> bool {
    entries.iter().any(|e| e.lcp)
}

/// The loader's first LCP step, before asking for a passphrase: `None` for a book without
/// LCP; the licence keys (with `text_hint`) for a basic-profile book;
/// [`LcpError::ProductionProfile`] for a production one; [`LcpError::MissingLicense`] when
/// `encryption.xml` refers to an LCP key but the licence is absent (LCP §7.1).
pub fn inspect(
    license: Option<&[u8]>,
    encryption_xml: Option<&[u8]>,
) -> Result<Option<LicenseKeys>, LcpError> {
    let Some(license) = license else {
        let entries = encryption_xml.map(parse_encryption_xml).transpose()?.unwrap_or_default();
        return if uses_lcp(&entries) { Err(LcpError::MissingLicense) } else { Ok(None) };
    };
    let keys = LicenseKeys::parse(license)?;
    keys.check_profile()?;
    Ok(Some(keys))
}

#[derive(Default)]
struct Draft {
    algorithm: Option<String>,
    uri: Option<String>,
    lcp: bool,
    method: Option<String>,
    original_length: Option<String>,
}

impl Draft {
    fn finish(self) -> Result<Option<EncryptedEntry>, LcpError> {
        let Some(href) = self.uri.as_deref().and_then(normalize_uri) else {
            return Ok(None);
        };
        let bad = |reason: String| LcpError::MalformedEncryption { reason };
        let compression = match self.method.as_deref().map(str::trim) {
            None | Some("0") => Compression::None,
            Some("8") => Compression::Deflate,
            Some(other) if self.lcp => return Err(bad(format!("{href}: compression method {other}"))),
            Some(_) => Compression::None,
        };
        let original_length = match self.original_length.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(n) => Some(n.parse().map_err(|_| bad(format!("{href}: OriginalLength {n:?}")))?),
        };
        Ok(Some(EncryptedEntry {
            href,
            algorithm: self.algorithm.map(|a| a.trim().to_owned()).unwrap_or_default(),
            lcp: self.lcp,
            compression,
            original_length,
        }))
    }
}

fn set(draft: &mut Option<Draft>, f: impl FnOnce(&mut Draft)) {
    if let Some(d) = draft.as_mut() {
        f(d);
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Percent-decodes a container-root-relative URI and normalises it (`./`, `a/../`, leading `/`).
/// `None` for URIs with a scheme, a fragment/query, or escaping the root.
pub fn normalize_uri(uri: &str) -> Option<String> {
    let uri = uri.trim();
    if uri.contains(['?', '#']) || uri.split('/').next().is_some_and(|first| first.contains(':')) {
        return None;
    }
    let decoded = percent_decode_str(uri).decode_utf8().ok()?;
    normalize_path(&decoded)
}

/// Normalises a container path (`./`, `a/../`, leading `/`); `None` when it escapes the root,
/// is empty, or holds a NUL.
pub fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty() && !path.contains('\0')).then(|| parts.join("/"))
}

/// Decrypts the LCP-encrypted resources of one opened publication.
///
/// Build it once the patron's key is known ([`LcpDecryptor::open`]) and hand every resource
/// read from the container to [`LcpDecryptor::decrypt`]: resources that are not LCP encrypted
/// pass through unchanged.
#[derive(Debug, Clone)]
pub struct LcpDecryptor {
    key: ContentKey,
    /// Normalised href → entry (LCP entries only).
    entries: HashMap<String, EncryptedEntry>,
}

impl LcpDecryptor {
    /// Opens a protected publication: checks the profile ([`LcpError::ProductionProfile`]),
    /// the user key ([`LcpError::WrongPassphrase`]), decrypts the content key, and keeps the
    /// LCP entries of `encryption_xml`.
    pub fn open(license: &[u8], encryption_xml: &[u8], user_key: &UserKey) -> Result<Self, LcpError> {
        let keys = LicenseKeys::parse(license)?;
        let content_key = keys.unlock(user_key)?;
        Self::new(content_key, parse_encryption_xml(encryption_xml)?)
    }

    /// A decryptor for already-parsed entries (non-LCP entries, such as font obfuscation, are
    /// ignored). Fails when an LCP entry uses an algorithm other than AES-256-CBC.
    pub fn new(key: ContentKey, entries: Vec<EncryptedEntry>) -> Result<Self, LcpError> {
        let mut map = HashMap::new();
        for entry in entries.into_iter().filter(|e| e.lcp) {
            if entry.algorithm != AES256_CBC {
                return Err(LcpError::UnsupportedAlgorithm {
                    target: entry.href,
                    algorithm: entry.algorithm,
                });
            }
            map.insert(entry.href.clone(), entry);
        }
        Ok(Self { key, entries: map })
    }

    /// The entry for `href` (exact match first, then ASCII case-insensitive, like
    /// `Container::find`).
    pub fn entry(&self, href: &str) -> Option<&EncryptedEntry> {
        let href = normalize_uri(href).unwrap_or_else(|| href.to_owned());
        self.entries
            .get(&href)
            .or_else(|| self.entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(&href)).map(|(_, v)| v))
    }

    /// True when `href` is LCP encrypted.
    pub fn is_encrypted(&self, href: &str) -> bool {
        self.entry(href).is_some()
    }

    /// The LCP-encrypted hrefs, sorted.
    pub fn encrypted_hrefs(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        out.sort_unstable();
        out
    }

    /// Decrypts `stored` (the bytes of `href` as stored in the container) if `href` is LCP
    /// encrypted; returns it unchanged otherwise. The result is at most `max_len` bytes.
    pub fn decrypt(&self, href: &str, stored: Vec<u8>, max_len: u64) -> Result<Vec<u8>, LcpError> {
        match self.entry(href) {
            Some(e) => {
                decrypt_resource(&self.key, &e.href, &stored, e.compression, e.original_length, max_len)
            }
            None => Ok(stored),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#">
    <EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>
    <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">
      <RetrievalMethod URI="license.lcpl#/encryption/content_key" Type="http://readium.org/2014/01/lcp#EncryptedContentKey"/>
    </KeyInfo>
    <CipherData><CipherReference URI="OEBPS/xhtml/%E4%B8%80.xhtml"/></CipherData>
    <EncryptionProperties><EncryptionProperty>
      <Compression xmlns="http://www.idpf.org/2016/encryption#compression" Method="8" OriginalLength="13291"/>
    </EncryptionProperty></EncryptionProperties>
  </EncryptedData>
  <enc:EncryptedData xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
    <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
    <enc:CipherData><enc:CipherReference URI="./fonts/a.otf"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>"#;

    #[test]
    fn parses_lcp_and_obfuscation_entries() {
        let entries = parse_encryption_xml(XML.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].href, "OEBPS/xhtml/一.xhtml");
        assert!(entries[0].lcp);
        assert_eq!(entries[0].compression, Compression::Deflate);
        assert_eq!(entries[0].original_length, Some(13291));
        assert_eq!(entries[1].href, "fonts/a.otf");
        assert!(!entries[1].lcp);
        assert!(uses_lcp(&entries));
        let dec = LcpDecryptor::new(ContentKey::from_bytes([0; 32]), entries).unwrap();
        assert_eq!(dec.encrypted_hrefs(), ["OEBPS/xhtml/一.xhtml"]);
        assert!(dec.is_encrypted("oebps/xhtml/一.xhtml"));
        assert_eq!(dec.decrypt("fonts/a.otf", vec![1, 2], 10).unwrap(), [1, 2]);
    }

    #[test]
    fn inspect_table() {
        assert_eq!(inspect(None, None), Ok(None));
        assert_eq!(inspect(None, Some(b"<encryption/>")), Ok(None));
        assert_eq!(inspect(None, Some(XML.as_bytes())), Err(LcpError::MissingLicense));
        let production = br#"{"id":"i","encryption":{"profile":"http://readium.org/lcp/profile-1.0"}}"#;
        assert!(matches!(inspect(Some(production), None), Err(LcpError::ProductionProfile { .. })));
    }

    #[test]
    fn uri_normalisation() {
        for (uri, href) in [
            ("a/b.xhtml", Some("a/b.xhtml")),
            ("/a/./b%20c.xhtml", Some("a/b c.xhtml")),
            ("a/../b", Some("b")),
            ("../b", None),
            ("http://x/y", None),
            ("a#b", None),
            ("", None),
        ] {
            assert_eq!(normalize_uri(uri).as_deref(), href, "{uri}");
        }
    }

    #[test]
    fn bad_xml_is_typed() {
        for xml in [
            "<a><b></a>",
            "<EncryptedData><Compression Method=\"8\" OriginalLength=\"x\"/><CipherReference URI=\"a\"/></EncryptedData>",
        ] {
            assert!(
                matches!(parse_encryption_xml(xml.as_bytes()), Err(LcpError::MalformedEncryption { .. })),
                "{xml}"
            );
        }
        assert!(matches!(parse_encryption_xml(&[0xff, 0xfe]), Err(LcpError::MalformedEncryption { .. })));
    }
}
