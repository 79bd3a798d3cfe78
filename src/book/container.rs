//! Where a book's files live: a folder or a zip archive (`.epub`, Sapie-style `.zip`).
//!
//! Zip entries are read into memory on demand, never extracted. At open time the archive's
//! central directory is checked against [`Limits`]: entry count, declared entry and total
//! sizes, compression ratio (zip bombs), and entry names that would escape the archive
//! (zip-slip). Reads are capped again while inflating, so a lying header cannot make a read
//! grow beyond the limit.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use zip::ZipArchive;

use super::error::{BookError, LimitKind};
use super::href::normalize;
use super::lcp::LcpDecryptor;

/// Safety limits for opening archives and reading resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum number of entries in an archive.
    pub max_entries: usize,
    /// Maximum (declared and actual) size of one entry or file read into memory.
    pub max_entry_size: u64,
    /// Maximum sum of declared entry sizes.
    pub max_total_size: u64,
    /// Maximum uncompressed/compressed ratio for entries larger than `ratio_threshold`.
    pub max_ratio: u64,
    /// Entries smaller than this are not ratio-checked (tiny files compress extremely well).
    pub ratio_threshold: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: 20_000,
            max_entry_size: 512 * 1024 * 1024,
            max_total_size: 4 * 1024 * 1024 * 1024,
            max_ratio: 100,
            ratio_threshold: 1024 * 1024,
        }
    }
}

/// Font obfuscation applied to an EPUB resource (undone transparently on read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Obfuscation {
    /// IDPF: XOR of the first 1040 bytes with the SHA-1 of the unique identifier.
    Idpf([u8; 20]),
    /// Adobe: XOR of the first 1024 bytes with the 16-byte UUID of the identifier.
    Adobe([u8; 16]),
}

/// A book's storage: folder or zip archive.
pub struct Container {
    source: PathBuf,
    kind: Kind,
    limits: Limits,
    obfuscated: HashMap<String, Obfuscation>,
    lcp: Option<Arc<LcpDecryptor>>,
    memory: Option<Arc<[u8]>>,
}

enum Kind {
    Folder,
    Zip {
        archive: Mutex<ZipArchive<Source>>,
        /// Normalised entry name → index.
        entries: HashMap<String, usize>,
    },
}

/// Bytes behind a zip archive: a file on disk or a buffer in memory.
#[derive(Debug)]
enum Source {
    File(File),
    Memory(Cursor<Arc<[u8]>>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Self::File(f) => f.read(buf),
            Self::Memory(c) => c.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Self::File(f) => f.seek(pos),
            Self::Memory(c) => c.seek(pos),
        }
    }
}

impl std::fmt::Debug for Container {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.kind {
            Kind::Folder => "folder",
            Kind::Zip { .. } => "zip",
        };
        f.debug_struct("Container").field("source", &self.source).field("kind", &kind).finish_non_exhaustive()
    }
}

impl Container {
    /// Opens a folder or zip file with default limits.
    pub fn open(path: &Path) -> Result<Self, BookError> {
        Self::open_with(path, Limits::default())
    }

    /// Opens a folder or zip file with the given limits.
    pub fn open_with(path: &Path, limits: Limits) -> Result<Self, BookError> {
        let meta = std::fs::metadata(path).map_err(|e| BookError::io(path, e))?;
        if meta.is_dir() {
            return Ok(Self {
                source: path.to_path_buf(),
                kind: Kind::Folder,
                limits,
                obfuscated: HashMap::new(),
                lcp: None,
                memory: None,
            });
        }
        let file = File::open(path).map_err(|e| BookError::io(path, e))?;
        Self::open_zip(path, Source::File(file), None, limits)
    }

    /// Opens a zip archive held in memory (a download not yet written to disk, fuzzing).
    pub fn from_zip_bytes(bytes: Vec<u8>, limits: Limits) -> Result<Self, BookError> {
        let shared: Arc<[u8]> = Arc::from(bytes);
        let source = Source::Memory(Cursor::new(Arc::clone(&shared)));
        Self::open_zip(Path::new("<memory>"), source, Some(shared), limits)
    }

    fn open_zip(
        path: &Path,
        source: Source,
        memory: Option<Arc<[u8]>>,
        limits: Limits,
    ) -> Result<Self, BookError> {
        let zip_err =
            |e: zip::result::ZipError| BookError::Zip { path: path.to_path_buf(), message: e.to_string() };
        let mut archive = ZipArchive::new(source).map_err(|e| match e {
            zip::result::ZipError::InvalidArchive(_) | zip::result::ZipError::UnsupportedArchive(_) => {
                BookError::UnknownFormat { path: path.to_path_buf() }
            }
            other => zip_err(other),
        })?;
        let entries = check_archive(&mut archive, &limits).map_err(|e| match e {
            Checked::Book(b) => b,
            Checked::Zip(z) => zip_err(z),
        })?;
        Ok(Self {
            source: path.to_path_buf(),
            kind: Kind::Zip { archive: Mutex::new(archive), entries },
            limits,
            obfuscated: HashMap::new(),
            lcp: None,
            memory,
        })
    }

    /// The archive bytes when the container was opened from memory.
    pub fn memory(&self) -> Option<Arc<[u8]>> {
        self.memory.clone()
    }

    /// The file or folder the book was opened from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// True for zip archives.
    pub fn is_zip(&self) -> bool {
        matches!(self.kind, Kind::Zip { .. })
    }

    /// Registers font obfuscation for `href` (EPUB `encryption.xml`).
    pub fn set_obfuscation(&mut self, href: String, obfuscation: Obfuscation) {
        self.obfuscated.insert(href, obfuscation);
    }

    /// Decrypts Readium LCP resources on every later [`Container::read`] (EPUB
    /// `encryption.xml` entries that use the licence's content key).
    pub fn set_lcp(&mut self, decryptor: Arc<LcpDecryptor>) {
        self.lcp = Some(decryptor);
    }

    /// True when LCP-encrypted resources are decrypted on read.
    pub fn is_lcp_protected(&self) -> bool {
        self.lcp.is_some()
    }

    /// The actual name of `href` in the container: exact match first, then ASCII
    /// case-insensitive (DAISY books made on Windows often disagree on case).
    pub fn find(&self, href: &str) -> Option<String> {
        let href = normalize(href)?;
        match &self.kind {
            Kind::Zip { entries, .. } => {
                if entries.contains_key(&href) {
                    return Some(href);
                }
                entries.keys().find(|k| k.eq_ignore_ascii_case(&href)).cloned()
            }
            Kind::Folder => find_in_folder(&self.source, &href),
        }
    }

    /// True when `href` exists (case-insensitively).
    pub fn exists(&self, href: &str) -> bool {
        self.find(href).is_some()
    }

    /// All file hrefs in the container (folders: up to 4 levels deep, at most
    /// `max_entries` files), sorted.
    pub fn list(&self) -> Vec<String> {
        let mut out: Vec<String> = match &self.kind {
            Kind::Zip { entries, .. } => entries.keys().cloned().collect(),
            Kind::Folder => {
                let mut out = Vec::new();
                list_folder(&self.source, "", 0, self.limits.max_entries, &mut out);
                out
            }
        };
        out.sort();
        out
    }

    /// The on-disk path of `href` for folder books (lets the player stream audio from disk).
    pub fn file_path(&self, href: &str) -> Option<PathBuf> {
        match self.kind {
            Kind::Folder => self.find(href).map(|h| self.source.join(h)),
            Kind::Zip { .. } => None,
        }
    }

    /// Reads a resource's bytes, within the entry size limit, undoing LCP encryption and font
    /// obfuscation.
    pub fn read(&self, href: &str) -> Result<Vec<u8>, BookError> {
        let missing = || BookError::MissingResource { href: href.to_owned() };
        let name = self.find(href).ok_or_else(missing)?;
        let max = self.limits.max_entry_size;
        let too_big = |actual: u64| BookError::LimitExceeded {
            kind: LimitKind::EntrySize,
            href: name.clone(),
            actual,
            limit: max,
        };
        let mut bytes = Vec::new();
        match &self.kind {
            Kind::Folder => {
                let path = self.source.join(&name);
                let file = File::open(&path).map_err(|e| BookError::io(&path, e))?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                if len > max {
                    return Err(too_big(len));
                }
                file.take(max.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(|e| BookError::io(&path, e))?;
            }
            Kind::Zip { archive, entries } => {
                let index = *entries.get(&name).ok_or_else(missing)?;
                let mut archive = archive.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let entry = archive.by_index(index).map_err(|e| BookError::Zip {
                    path: self.source.clone(),
                    message: format!("{name}: {e}"),
                })?;
                if entry.size() > max {
                    return Err(too_big(entry.size()));
                }
                let capacity = usize::try_from(entry.size()).unwrap_or(0).min(64 * 1024 * 1024);
                bytes.reserve(capacity);
                entry.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| BookError::Zip {
                    path: self.source.clone(),
                    message: format!("{name}: {e}"),
                })?;
            }
        }
        if bytes.len() as u64 > max {
            return Err(too_big(bytes.len() as u64));
        }
        if let Some(lcp) = &self.lcp {
            bytes = lcp.decrypt(&name, bytes, max).map_err(BookError::Lcp)?;
        }
        if let Some(ob) = self.obfuscated.get(&name) {
            deobfuscate(&mut bytes, ob);
        }
        Ok(bytes)
    }
}

/// XORs the obfuscated prefix of a font with its key.
pub fn deobfuscate(bytes: &mut [u8], obfuscation: &Obfuscation) {
    let (key, prefix): (&[u8], usize) = match obfuscation {
        Obfuscation::Idpf(k) => (k, 1040),
        Obfuscation::Adobe(k) => (k, 1024),
    };
    for (byte, k) in bytes.iter_mut().take(prefix).zip(key.iter().cycle()) {
        *byte ^= k;
    }
}

enum Checked {
    Book(BookError),
    Zip(zip::result::ZipError),
}

fn check_archive(
    archive: &mut ZipArchive<Source>,
    limits: &Limits,
) -> Result<HashMap<String, usize>, Checked> {
    let count = archive.len();
    if count > limits.max_entries {
        return Err(Checked::Book(BookError::LimitExceeded {
            kind: LimitKind::EntryCount,
            href: String::new(),
            actual: count as u64,
            limit: limits.max_entries as u64,
        }));
    }
    let mut entries = HashMap::with_capacity(count);
    let mut total: u64 = 0;
    for index in 0..count {
        let entry = archive.by_index_raw(index).map_err(Checked::Zip)?;
        let raw_name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.is_dir() {
            continue;
        }
        let Some(enclosed) = entry.enclosed_name().filter(|_| is_safe_name(&raw_name)) else {
            return Err(Checked::Book(BookError::UnsafePath { name: raw_name }));
        };
        let Some(name) = enclosed.to_str().and_then(normalize).filter(|n| !n.is_empty()) else {
            return Err(Checked::Book(BookError::UnsafePath { name: raw_name }));
        };
        let size = entry.size();
        let limit = |kind, actual, limit| {
            Checked::Book(BookError::LimitExceeded { kind, href: name.clone(), actual, limit })
        };
        if size > limits.max_entry_size {
            return Err(limit(LimitKind::EntrySize, size, limits.max_entry_size));
        }
        total = total.saturating_add(size);
        if total > limits.max_total_size {
            return Err(limit(LimitKind::TotalSize, total, limits.max_total_size));
        }
        if size > limits.ratio_threshold {
            let ratio = size / entry.compressed_size().max(1);
            if ratio > limits.max_ratio {
                return Err(limit(LimitKind::CompressionRatio, ratio, limits.max_ratio));
            }
        }
        entries.insert(name, index);
    }
    Ok(entries)
}

/// Stricter than zip's `enclosed_name`: no absolute paths (`/x`, `\\x`, `C:x`), no `..`
/// components anywhere, no NUL bytes.
pub fn is_safe_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let drive = bytes.get(1) == Some(&b':') && bytes.first().is_some_and(u8::is_ascii_alphabetic);
    !name.is_empty()
        && !name.contains('\0')
        && !name.starts_with(['/', '\\'])
        && !drive
        && !name.split(['/', '\\']).any(|c| c == "..")
}

fn find_in_folder(root: &Path, href: &str) -> Option<String> {
    if href.is_empty() {
        return None;
    }
    if root.join(href).is_file() {
        return Some(href.to_owned());
    }
    // Case-insensitive walk, one component at a time.
    let mut dir = root.to_path_buf();
    let mut found = Vec::new();
    for part in href.split('/') {
        let name = std::fs::read_dir(&dir)
            .ok()?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.eq_ignore_ascii_case(part))?;
        dir.push(&name);
        found.push(name);
    }
    dir.is_file().then(|| found.join("/"))
}

fn list_folder(dir: &Path, prefix: &str, depth: usize, max: usize, out: &mut Vec<String>) {
    if depth > 4 {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        if out.len() >= max {
            return;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let href = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_folder(&entry.path(), &format!("{href}/"), depth + 1, max, out),
            Ok(t) if t.is_file() => out.push(href),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_name_table() {
        for (name, safe) in [
            ("OPS/a.xhtml", true),
            ("a/./b", true),
            ("../evil", false),
            ("a/../../evil", false),
            ("a/../b", false),
            ("/abs", false),
            ("\\share\\x", false),
            ("C:evil", false),
            ("a\0b", false),
            ("", false),
        ] {
            assert_eq!(is_safe_name(name), safe, "{name:?}");
        }
    }

    #[test]
    fn deobfuscation_is_an_involution() {
        let original: Vec<u8> = (0..2000u32).map(|i| (i % 251) as u8).collect();
        for ob in [Obfuscation::Idpf([7; 20]), Obfuscation::Adobe([9; 16])] {
            let mut bytes = original.clone();
            deobfuscate(&mut bytes, &ob);
            assert_ne!(bytes, original);
            assert_eq!(bytes.get(1100..), original.get(1100..));
            deobfuscate(&mut bytes, &ob);
            assert_eq!(bytes, original);
        }
    }
}
