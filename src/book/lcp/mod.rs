//! Readium LCP, **basic profile** only (`http://readium.org/lcp/basic-profile`): the licence
//! keys and the key check ([`basic`]), the LCP entries of `META-INF/encryption.xml` and the
//! [`LcpDecryptor`] that [`Container::read`](super::Container::read) applies ([`reader`]),
//! and [`embed_license`], which stores a licence inside a downloaded EPUB.
//!
//! A production-profile licence needs EDRLab's certified module: it is reported as
//! [`BookError::Protected`](super::BookError::Protected) with a clear message, never as
//! garbage text. See `docs/adr/0006-lcp-basic-profile.md`.

pub mod basic;
pub mod reader;

use std::io::{Read, Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub use basic::{LcpError, LicenseKeys, UserKey, user_key_from_hex, user_key_from_passphrase};
pub use reader::{ENCRYPTION_PATH, LICENSE_PATH, LcpDecryptor, inspect};

/// Copies the EPUB read from `epub` to `out` with `license` stored at
/// `META-INF/license.lcpl` (replacing any earlier licence). Every other entry is copied byte
/// for byte, without inflating it, so large books stream through.
pub fn embed_license<R, W>(epub: R, out: W, license: &[u8]) -> Result<W, LcpError>
where
    R: Read + Seek,
    W: Write + Seek,
{
    let bad = |e: &dyn std::fmt::Display| LcpError::MalformedEpub { reason: e.to_string() };
    let mut archive = ZipArchive::new(epub).map_err(|e| bad(&e))?;
    let mut writer = ZipWriter::new(out);
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(|e| bad(&e))?;
        if file.name().map_err(|e| bad(&e))? != LICENSE_PATH {
            writer.raw_copy_file(file).map_err(|e| bad(&e))?;
        }
    }
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file(LICENSE_PATH, options).map_err(|e| bad(&e))?;
    writer.write_all(license).map_err(|e| bad(&e))?;
    writer.finish().map_err(|e| bad(&e))
}
