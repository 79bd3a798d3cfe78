//! Readium LCP **basic profile** (`http://readium.org/lcp/basic-profile`) cryptography: the
//! licence `encryption` object, the user key, the key check, the content key, and resource
//! decryption.
//!
//! The basic profile is the test profile of the LCP specification (§6.3): the user key is the
//! SHA-256 of the UTF-8 passphrase (no normalisation, §4.2), the content key and the key check
//! (the licence `id`) are AES-256-CBC encrypted with the user key, and resources are AES-256-CBC
//! encrypted with the content key. Every ciphertext starts with its 16-byte IV and ends with
//! XML-ENC block padding: the last byte is the padding length, the other padding bytes may be
//! random (the Readium LCP server writes random bytes, so strict PKCS#7 checks would reject real
//! files). Any other profile is a production profile that only EDRLab-certified apps can open:
//! [`LcpError::ProductionProfile`].
//!
//! The licence signature is not verified: basic-profile licences are signed with test
//! certificates that chain to no root a client could embed.
//!
//! Nothing here panics on bad input; every failure is a typed [`LcpError`].

use std::io::Read;

use aes::Aes256;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The LCP basic (test) encryption profile.
pub const BASIC_PROFILE: &str = "http://readium.org/lcp/basic-profile";
/// AES-256-CBC (XML-ENC), used by the basic profile for resources, the content key and the key
/// check.
pub const AES256_CBC: &str = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
/// SHA-256 (XML-ENC), the basic profile's passphrase hash.
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
/// AES block (and IV) size in bytes.
pub const BLOCK: usize = 16;

type Encryptor = cbc::Encryptor<Aes256>;
type Decryptor = cbc::Decryptor<Aes256>;

/// Why an LCP licence or resource could not be used.
///
/// The UI shows its own text per variant; `Display` is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LcpError {
    /// The licence uses a profile other than the basic one: only an EDRLab-certified LCP
    /// reading app can open the book.
    #[error("LCP profile {profile} needs a certified LCP reading app")]
    ProductionProfile {
        /// The licence's `encryption/profile`.
        profile: String,
    },
    /// The passphrase (user key) does not open this licence.
    #[error("wrong LCP passphrase")]
    WrongPassphrase,
    /// A basic-profile licence or resource names an algorithm the basic profile does not use.
    #[error("unsupported LCP algorithm {algorithm} for the {target}")]
    UnsupportedAlgorithm {
        /// What the algorithm is for (`content key`, `user key`, a resource href).
        target: String,
        /// The algorithm URI.
        algorithm: String,
    },
    /// The licence document is not valid JSON or lacks a required field.
    #[error("malformed LCP licence: {reason}")]
    MalformedLicense {
        /// What is wrong.
        reason: String,
    },
    /// `META-INF/encryption.xml` could not be read.
    #[error("malformed encryption.xml: {reason}")]
    MalformedEncryption {
        /// What is wrong.
        reason: String,
    },
    /// `encryption.xml` refers to an LCP content key but `META-INF/license.lcpl` is missing.
    #[error("the LCP licence (META-INF/license.lcpl) is missing")]
    MissingLicense,
    /// A resource does not decrypt: bad length, bad padding, or bad deflate data.
    #[error("cannot decrypt {href}: {reason}")]
    Corrupt {
        /// The resource.
        href: String,
        /// What is wrong.
        reason: String,
    },
    /// The decrypted resource's length differs from the `OriginalLength` in `encryption.xml`.
    #[error("{href}: decrypted {actual} bytes, encryption.xml says {expected}")]
    LengthMismatch {
        /// The resource.
        href: String,
        /// `OriginalLength`.
        expected: u64,
        /// What decryption produced.
        actual: u64,
    },
    /// The decrypted (inflated) resource would exceed the size limit.
    #[error("{href} exceeds {limit} bytes once decrypted")]
    TooLarge {
        /// The resource.
        href: String,
        /// The limit.
        limit: u64,
    },
    /// The EPUB to protect is not a usable EPUB (packaging side only).
    #[error("cannot protect the EPUB: {reason}")]
    MalformedEpub {
        /// What is wrong.
        reason: String,
    },
    /// The system random number generator failed (packaging side only).
    #[error("random number generator failed: {reason}")]
    Random {
        /// The system's error.
        reason: String,
    },
}

impl LcpError {
    fn license(reason: impl Into<String>) -> Self {
        Self::MalformedLicense { reason: reason.into() }
    }

    fn corrupt(href: &str, reason: impl Into<String>) -> Self {
        Self::Corrupt { href: href.to_owned(), reason: reason.into() }
    }
}

/// An LCP user key: the hash of the patron's passphrase. Store this (securely), never the
/// passphrase (LCP §4.4, §7.3).
pub type UserKey = [u8; 32];

/// The basic-profile user key: SHA-256 of the UTF-8 passphrase, exactly as typed (no trimming
/// or Unicode normalisation, LCP §4.2). Hex-encoded, this is the `hex_value` the Readium LCP
/// server takes and the "user key" Readium's JS client tries.
pub fn user_key_from_passphrase(passphrase: &str) -> UserKey {
    Sha256::digest(passphrase.as_bytes()).into()
}

/// Parses a hex-encoded user key (64 hex digits, either case), as Readium servers and clients
/// exchange them.
pub fn user_key_from_hex(hex: &str) -> Option<UserKey> {
    let hex = hex.trim().as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(hex.chunks_exact(2)) {
        let digit = |c: &u8| char::from(*c).to_digit(16);
        let (Some(h), Some(l)) = (pair.first().and_then(digit), pair.get(1).and_then(digit)) else {
            return None;
        };
        *byte = u8::try_from(h * 16 + l).ok()?;
    }
    Some(key)
}

/// A decrypted LCP content key. Wiped from memory on drop; `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContentKey(..)")
    }
}

impl ContentKey {
    /// Wraps raw key bytes (packaging side, tests).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The raw key bytes.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// What a licence says about its keys: the `id` and the `encryption` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseKeys {
    /// The licence `id` (the plaintext of `key_check`).
    pub id: String,
    /// `encryption/profile`.
    pub profile: String,
    /// `encryption/content_key/algorithm`.
    pub content_key_algorithm: String,
    /// `encryption/content_key/encrypted_value`, base64-decoded (IV + ciphertext).
    pub encrypted_content_key: Vec<u8>,
    /// `encryption/user_key/algorithm`.
    pub user_key_algorithm: String,
    /// `encryption/user_key/text_hint`, shown when asking for the passphrase.
    pub text_hint: Option<String>,
    /// `encryption/user_key/key_check`, base64-decoded (IV + ciphertext).
    pub key_check: Vec<u8>,
    /// The licence `provider` (empty when absent).
    pub provider: String,
    /// The `hint` link's `href`: a page that helps with the passphrase.
    pub hint_url: Option<String>,
}

impl LicenseKeys {
    /// Parses the `id` and `encryption` object of a licence document (`license.lcpl`).
    ///
    /// Only the profile is required to tell a production licence apart: a production licence
    /// with fields this parser does not expect still yields [`LcpError::ProductionProfile`]
    /// from [`LicenseKeys::check_profile`] rather than a parse error.
    pub fn parse(license: &[u8]) -> Result<Self, LcpError> {
        let value: Value =
            serde_json::from_slice(license).map_err(|e| LcpError::license(format!("not JSON: {e}")))?;
        let text = |v: Option<&Value>, path: &str| -> Result<String, LcpError> {
            v.and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| LcpError::license(format!("{path} missing")))
        };
        let encryption = value.get("encryption").filter(|e| e.is_object());
        let encryption = encryption.ok_or_else(|| LcpError::license("encryption missing"))?;
        let profile = text(encryption.get("profile"), "encryption/profile")?;
        let content_key = encryption.get("content_key");
        let user_key = encryption.get("user_key");
        let optional = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned).unwrap_or_default();
        let bytes = |v: Option<&Value>, path: &str| -> Result<Vec<u8>, LcpError> {
            match v.and_then(Value::as_str) {
                Some(s) => BASE64.decode(s.trim()).map_err(|e| LcpError::license(format!("{path}: {e}"))),
                None => Ok(Vec::new()),
            }
        };
        Ok(Self {
            id: text(value.get("id"), "id")?,
            content_key_algorithm: optional(field(content_key, "algorithm")),
            encrypted_content_key: bytes(
                field(content_key, "encrypted_value"),
                "content_key/encrypted_value",
            )?,
            user_key_algorithm: optional(field(user_key, "algorithm")),
            text_hint: field(user_key, "text_hint").and_then(Value::as_str).map(str::to_owned),
            key_check: bytes(field(user_key, "key_check"), "user_key/key_check")?,
            provider: optional(value.get("provider")),
            hint_url: value
                .get("links")
                .and_then(Value::as_array)
                .and_then(|links| links.iter().find(|l| l.get("rel").and_then(Value::as_str) == Some("hint")))
                .and_then(|l| l.get("href"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            profile,
        })
    }

    /// True for the basic profile.
    pub fn is_basic_profile(&self) -> bool {
        self.profile.trim() == BASIC_PROFILE
    }

    /// Fails with [`LcpError::ProductionProfile`] for any profile but the basic one, and with
    /// [`LcpError::UnsupportedAlgorithm`] when a basic licence names other algorithms.
    pub fn check_profile(&self) -> Result<(), LcpError> {
        if !self.is_basic_profile() {
            return Err(LcpError::ProductionProfile { profile: self.profile.clone() });
        }
        for (target, algorithm, expected) in [
            ("content key", &self.content_key_algorithm, AES256_CBC),
            ("user key", &self.user_key_algorithm, SHA256),
        ] {
            if algorithm.trim() != expected {
                return Err(LcpError::UnsupportedAlgorithm {
                    target: target.to_owned(),
                    algorithm: algorithm.clone(),
                });
            }
        }
        for (path, bytes) in [
            ("content_key/encrypted_value", &self.encrypted_content_key),
            ("user_key/key_check", &self.key_check),
        ] {
            // IV plus at least one whole block.
            if bytes.len() < 2 * BLOCK || bytes.len() % BLOCK != 0 {
                return Err(LcpError::license(format!("{path} is {} bytes", bytes.len())));
            }
        }
        Ok(())
    }

    /// True when `user_key` opens this licence (the key check decrypts to the licence `id`).
    pub fn accepts(&self, user_key: &UserKey) -> Result<bool, LcpError> {
        self.check_profile()?;
        match decrypt_cbc(user_key, &self.key_check, "key_check") {
            Ok(id) => Ok(id.as_slice() == self.id.as_bytes()),
            Err(LcpError::Corrupt { .. }) => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// Checks `user_key` against the key check and decrypts the content key.
    pub fn unlock(&self, user_key: &UserKey) -> Result<ContentKey, LcpError> {
        if !self.accepts(user_key)? {
            return Err(LcpError::WrongPassphrase);
        }
        let key = Zeroizing::new(
            decrypt_cbc(user_key, &self.encrypted_content_key, "content_key")
                .map_err(|_| LcpError::license("content_key does not decrypt"))?,
        );
        let key: [u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| LcpError::license(format!("content key is {} bytes, not 32", key.len())))?;
        Ok(ContentKey::from_bytes(key))
    }

    /// Shorthand for [`LicenseKeys::unlock`] with [`user_key_from_passphrase`].
    pub fn unlock_with_passphrase(&self, passphrase: &str) -> Result<ContentKey, LcpError> {
        self.unlock(&user_key_from_passphrase(passphrase))
    }
}

fn field<'a>(obj: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    obj.and_then(|o| o.get(key))
}

/// How a resource was compressed before encryption (`encryption.xml` `Compression/@Method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    /// `Method="0"` or no `Compression` element.
    None,
    /// `Method="8"`: raw DEFLATE (RFC 1951, no zlib header).
    Deflate,
}

/// Decrypts one resource: AES-256-CBC with the IV prefix, padding removed, inflated when
/// `compression` says so, and checked against `original_length` when given. The result is at
/// most `max_len` bytes ([`LcpError::TooLarge`] otherwise, also while inflating).
pub fn decrypt_resource(
    key: &ContentKey,
    href: &str,
    data: &[u8],
    compression: Compression,
    original_length: Option<u64>,
    max_len: u64,
) -> Result<Vec<u8>, LcpError> {
    let plain = decrypt_cbc(key.bytes(), data, href)?;
    let out = match compression {
        Compression::None => plain,
        Compression::Deflate => {
            // Never inflate beyond what encryption.xml announced (plus one byte to notice a
            // longer stream) nor beyond the limit.
            let cap = original_length.map_or(max_len, |n| n.min(max_len)).saturating_add(1);
            let mut out = Vec::new();
            flate2::read::DeflateDecoder::new(plain.as_slice())
                .take(cap)
                .read_to_end(&mut out)
                .map_err(|e| LcpError::corrupt(href, format!("deflate: {e}")))?;
            out
        }
    };
    let actual = out.len() as u64;
    if actual > max_len {
        return Err(LcpError::TooLarge { href: href.to_owned(), limit: max_len });
    }
    if let Some(expected) = original_length.filter(|n| *n != actual) {
        return Err(LcpError::LengthMismatch { href: href.to_owned(), expected, actual });
    }
    Ok(out)
}

/// AES-256-CBC decryption of `IV ‖ ciphertext`, removing XML-ENC padding (last byte = padding
/// length 1..=16; the other padding bytes are not checked, see the module docs).
pub(crate) fn decrypt_cbc(key: &[u8; 32], data: &[u8], what: &str) -> Result<Vec<u8>, LcpError> {
    let (Some(iv), Some(body)) = (data.get(..BLOCK), data.get(BLOCK..)) else {
        return Err(LcpError::corrupt(what, "shorter than the IV"));
    };
    if body.is_empty() || body.len() % BLOCK != 0 {
        return Err(LcpError::corrupt(what, format!("{} bytes is not a whole number of blocks", body.len())));
    }
    let decryptor =
        Decryptor::new_from_slices(key, iv).map_err(|_| LcpError::corrupt(what, "bad key or IV length"))?;
    let mut buf = body.to_vec();
    let len = decryptor
        .decrypt_padded::<NoPadding>(&mut buf)
        .map_err(|_| LcpError::corrupt(what, "not a whole number of blocks"))?
        .len();
    buf.truncate(len);
    let pad = usize::from(buf.last().copied().unwrap_or(0));
    if !(1..=BLOCK).contains(&pad) || pad > buf.len() {
        return Err(LcpError::corrupt(what, format!("bad padding length {pad}")));
    }
    buf.truncate(buf.len() - pad);
    Ok(buf)
}

/// AES-256-CBC encryption with a fresh random IV, written first; PKCS#7 padding (a valid
/// instance of XML-ENC padding that every LCP client accepts).
pub(crate) fn encrypt_cbc(key: &[u8; 32], plain: &[u8]) -> Result<Vec<u8>, LcpError> {
    let iv: [u8; BLOCK] = random_bytes()?;
    let padded_len = (plain.len() / BLOCK + 1) * BLOCK;
    let mut out = Vec::with_capacity(BLOCK + padded_len);
    out.extend_from_slice(&iv);
    let pad = u8::try_from(padded_len - plain.len()).unwrap_or(16);
    out.extend_from_slice(plain);
    out.resize(BLOCK + padded_len, pad);
    let body = out.get_mut(BLOCK..).ok_or_else(|| LcpError::Random { reason: "buffer".into() })?;
    Encryptor::new(&(*key).into(), &iv.into())
        .encrypt_padded::<NoPadding>(body, padded_len)
        .map_err(|_| LcpError::Random { reason: "padding".into() })?;
    Ok(out)
}

/// `N` bytes from the operating system's random number generator.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], LcpError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| LcpError::Random { reason: e.to_string() })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn user_key_is_plain_sha256_of_utf8() {
        // SHA-256("password"), the key readium-lcp-server's crypto tests use.
        let key = user_key_from_passphrase("password");
        assert_eq!(hex(&key), "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
        assert_eq!(user_key_from_hex(&hex(&key).to_uppercase()), Some(key));
        assert_ne!(user_key_from_passphrase("password "), key, "no trimming");
        assert_eq!(user_key_from_hex("zz"), None);
        assert_eq!(user_key_from_hex(&"g".repeat(64)), None);
    }

    #[test]
    fn cbc_round_trip_and_w3c_padding() {
        let key = [7u8; 32];
        for len in [0, 1, 15, 16, 17, 100] {
            let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let ct = encrypt_cbc(&key, &plain).unwrap();
            assert_eq!(ct.len(), BLOCK + (len / BLOCK + 1) * BLOCK);
            assert_eq!(decrypt_cbc(&key, &ct, "x").unwrap(), plain);
        }
        // W3C/ISO 10126 padding: random filler, length in the last byte only.
        let iv = [1u8; 16];
        let mut block = *b"abcdefghij\x99\x42\x07\x13\x55\x06";
        Encryptor::new(&key.into(), &iv.into()).encrypt_padded::<NoPadding>(&mut block, 16).unwrap();
        let data: Vec<u8> = iv.iter().chain(block.iter()).copied().collect();
        assert_eq!(decrypt_cbc(&key, &data, "x").unwrap(), b"abcdefghij");
    }

    #[test]
    fn malformed_licences_are_typed() {
        let key = user_key_from_passphrase("p");
        let basic = |extra: &str| {
            format!(
                r#"{{"id":"i","encryption":{{"profile":"{BASIC_PROFILE}","content_key":{{"algorithm":"{AES256_CBC}"{extra}}},"user_key":{{"algorithm":"{SHA256}","key_check":"AAAA"}}}}}}"#
            )
        };
        for doc in [
            "".to_owned(),
            "[]".to_owned(),
            r#"{"id":"i"}"#.to_owned(),
            r#"{"encryption":{"profile":"x"}}"#.to_owned(),
            basic(""),
            basic(r#","encrypted_value":"not base64!""#),
        ] {
            let result = LicenseKeys::parse(doc.as_bytes()).and_then(|k| k.unlock(&key));
            assert!(matches!(result, Err(LcpError::MalformedLicense { .. })), "{doc}: {result:?}");
        }
    }

    #[test]
    fn bad_ciphertexts_are_typed_errors() {
        let key = [7u8; 32];
        for data in [&[][..], &[0u8; 16], &[0u8; 31], &[0u8; 33]] {
            assert!(matches!(decrypt_cbc(&key, data, "x"), Err(LcpError::Corrupt { .. })));
        }
    }
}
