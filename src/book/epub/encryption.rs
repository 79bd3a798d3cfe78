//! `META-INF/encryption.xml`: font obfuscation (IDPF and Adobe) is undone; any other
//! encryption, and DRM markers (`rights.xml`, Readium LCP licences), make the book
//! "protected" instead of showing garbage.

use crate::book::container::{Container, Obfuscation};
use crate::book::error::BookError;
use crate::book::href::resolve;
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

/// Checks DRM markers and parses `encryption.xml`; fails with [`BookError::Protected`] for
/// anything but font obfuscation.
pub fn check(container: &Container) -> Result<Vec<Encrypted>, BookError> {
    for (marker, scheme) in [("META-INF/rights.xml", "Adobe ADEPT"), ("META-INF/license.lcpl", "Readium LCP")]
    {
        if container.exists(marker) {
            return Err(BookError::Protected { href: marker.into(), scheme: scheme.into() });
        }
    }
    let Some(href) = container.find("META-INF/encryption.xml") else {
        return Ok(Vec::new());
    };
    let entries = parse(&container.read(&href)?, &href)?;
    if let Some(bad) =
        entries.iter().find(|e| e.algorithm != IDPF_ALGORITHM && e.algorithm != ADOBE_ALGORITHM)
    {
        return Err(BookError::Protected { href: bad.href.clone(), scheme: bad.algorithm.clone() });
    }
    Ok(entries)
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
