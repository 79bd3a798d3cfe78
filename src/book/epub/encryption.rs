//! `META-INF/encryption.xml`: font obfuscation (IDPF and Adobe) is undone, Readium LCP
//! basic-profile encryption is decrypted with the patron's user key; any other encryption,
//! and DRM markers (`rights.xml`, LCP production-profile licences), make the book
//! "protected" instead of showing garbage.

use crate::book::container::{Container, Obfuscation};
use crate::book::error::{BookError, LcpPrompt};
use crate::book::href::resolve;
use crate::book::lcp::{self, LcpDecryptor, LcpError, LicenseKeys, UserKey};
use crate::book::xml;

/// IDPF font obfuscation algorithm URI.
pub const IDPF_ALGORITHM: &str = "http://www.idpf.org/2008/embedding";
/// Adobe font obfuscation algorithm URI.
pub const ADOBE_ALGORITHM: &str = "http://ns.adobe.com/pdf/enc#RC";

/// One encrypted resource: its href and algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// Root-relative href.
    pub href: String,
    /// Algorithm URI.
    pub algorithm: String,
}

/// What `encryption.xml` and the DRM markers allow: the obfuscated fonts to undo and, for a
/// Readium LCP basic-profile book opened with a matching user key, its decryptor.
#[derive(Debug, Default)]
pub struct Checked {
    /// Font obfuscation entries.
    pub obfuscated: Vec<Encrypted>,
    /// The LCP decryptor, when the book is LCP protected.
    pub lcp: Option<LcpDecryptor>,
}

/// Checks DRM markers and parses `encryption.xml`.
///
/// - Adobe ADEPT (`rights.xml`), an LCP production-profile licence, and any encryption but
///   font obfuscation and LCP: [`BookError::Protected`].
/// - An LCP basic-profile licence: the first of `user_keys` that opens it gives the
///   decryptor; with no keys, [`BookError::PassphraseRequired`]; when none fits,
///   [`BookError::WrongPassphrase`].
pub fn check(container: &Container, user_keys: &[UserKey]) -> Result<Checked, BookError> {
    if container.exists("META-INF/rights.xml") {
        return Err(BookError::Protected {
            href: "META-INF/rights.xml".into(),
            scheme: "Adobe ADEPT".into(),
        });
    }
    let read = |path: &str| container.find(path).map(|href| container.read(&href)).transpose();
    let license = read(lcp::LICENSE_PATH)?;
    let encryption_xml = read(lcp::ENCRYPTION_PATH)?;
    let lcp_protected =
        || BookError::Protected { href: lcp::LICENSE_PATH.into(), scheme: "Readium LCP".into() };
    let lcp = match lcp::inspect(license.as_deref(), encryption_xml.as_deref()) {
        Ok(None) => None,
        Ok(Some(keys)) => Some(unlock(&keys, encryption_xml.as_deref().unwrap_or_default(), user_keys)?),
        Err(LcpError::ProductionProfile { .. } | LcpError::MissingLicense) => return Err(lcp_protected()),
        Err(other) => return Err(BookError::Lcp(other)),
    };
    let Some(bytes) = encryption_xml else {
        return Ok(Checked { obfuscated: Vec::new(), lcp });
    };
    let entries: Vec<Encrypted> = parse(&bytes, lcp::ENCRYPTION_PATH)?
        .into_iter()
        .filter(|e| !lcp.as_ref().is_some_and(|d| d.is_encrypted(&e.href)))
        .collect();
    if let Some(bad) =
        entries.iter().find(|e| e.algorithm != IDPF_ALGORITHM && e.algorithm != ADOBE_ALGORITHM)
    {
        return Err(BookError::Protected { href: bad.href.clone(), scheme: bad.algorithm.clone() });
    }
    Ok(Checked { obfuscated: entries, lcp })
}

/// Finds the user key that opens a basic-profile licence and builds the decryptor.
fn unlock(
    keys: &LicenseKeys,
    encryption_xml: &[u8],
    user_keys: &[UserKey],
) -> Result<LcpDecryptor, BookError> {
    let prompt = || LcpPrompt {
        license_id: keys.id.clone(),
        provider: keys.provider.clone(),
        text_hint: keys.text_hint.clone(),
        hint_url: keys.hint_url.clone(),
    };
    if user_keys.is_empty() {
        return Err(BookError::PassphraseRequired { prompt: prompt() });
    }
    for user_key in user_keys {
        if keys.accepts(user_key).map_err(BookError::Lcp)? {
            let content_key = keys.unlock(user_key).map_err(BookError::Lcp)?;
            let entries = lcp::reader::parse_encryption_xml(encryption_xml).map_err(BookError::Lcp)?;
            return LcpDecryptor::new(content_key, entries).map_err(BookError::Lcp);
        }
    }
    Err(BookError::WrongPassphrase { prompt: prompt() })
}

/// Parses `encryption.xml`.
pub fn parse(bytes: &[u8], href: &str) -> Result<Vec<Encrypted>, BookError> {
    let root = xml::parse(bytes, href)?;
    Ok(root
        .find_all("EncryptedData")
        .into_iter()
        .filter_map(|data| {
            let algorithm = data.find("EncryptionMethod")?.attr("Algorithm")?.trim().to_owned();
            let uri = data.find("CipherReference")?.attr("URI")?;
            // URIs are relative to the container root.
            let href = resolve("", uri)?;
            Some(Encrypted { href, algorithm })
        })
        .collect())
}

/// Registers the obfuscation keys derived from the unique identifier.
pub fn register(container: &mut Container, entries: &[Encrypted], unique_id: &str) {
    for entry in entries {
        let obfuscation = if entry.algorithm == IDPF_ALGORITHM {
            let cleaned: String =
                unique_id.chars().filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n')).collect();
            Obfuscation::Idpf(sha1(cleaned.as_bytes()))
        } else {
            match adobe_key(unique_id) {
                Some(key) => Obfuscation::Adobe(key),
                None => continue,
            }
        };
        if let Some(name) = container.find(&entry.href) {
            container.set_obfuscation(name, obfuscation);
        }
    }
}

fn adobe_key(unique_id: &str) -> Option<[u8; 16]> {
    let hex: Vec<u32> = unique_id
        .trim()
        .trim_start_matches("urn:uuid:")
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .map(|c| c.to_digit(16))
        .collect::<Option<_>>()?;
    if hex.len() != 32 {
        return None;
    }
    let mut key = [0u8; 16];
    for (k, pair) in key.iter_mut().zip(hex.chunks(2)) {
        if let [h, l] = pair {
            *k = (h * 16 + l) as u8;
        }
    }
    Some(key)
}

/// SHA-1 (FIPS 180-1), used only to derive the IDPF font obfuscation key.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut message = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for chunk in message.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            if let (Some(slot), [a, b, c, d]) = (w.get_mut(i), word) {
                *slot = u32::from_be_bytes([*a, *b, *c, *d]);
            }
        }
        for i in 16..80 {
            let v = w.get(i - 3).copied().unwrap_or(0)
                ^ w.get(i - 8).copied().unwrap_or(0)
                ^ w.get(i - 14).copied().unwrap_or(0)
                ^ w.get(i - 16).copied().unwrap_or(0);
            if let Some(slot) = w.get_mut(i) {
                *slot = v.rotate_left(1);
            }
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let temp = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (hv, v) in h.iter_mut().zip([a, b, c, d, e]) {
            *hv = hv.wrapping_add(v);
        }
    }
    let mut out = [0u8; 20];
    for (slot, v) in out.chunks_exact_mut(4).zip(h) {
        slot.copy_from_slice(&v.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha1_vectors() {
        for (input, digest) in [
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
            ),
        ] {
            assert_eq!(hex(&sha1(input.as_bytes())), digest, "{input}");
        }
    }

    #[test]
    fn adobe_key_table() {
        assert_eq!(
            adobe_key("urn:uuid:00112233-4455-6677-8899-aabbccddeeff").map(|k| hex(&k)),
            Some("00112233445566778899aabbccddeeff".into())
        );
        assert_eq!(adobe_key("isbn:123"), None);
    }

    #[test]
    fn encryption_xml_entries() {
        let entries = parse(
            br#"<encryption xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
<enc:CipherData><enc:CipherReference URI="OEBPS/ch%201.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#,
            "META-INF/encryption.xml",
        )
        .unwrap();
        assert_eq!(
            entries,
            [Encrypted {
                href: "OEBPS/ch 1.xhtml".into(),
                algorithm: "http://www.w3.org/2001/04/xmlenc#aes128-cbc".into()
            }]
        );
    }
}
