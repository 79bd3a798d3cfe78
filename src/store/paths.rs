//! Where Tomoshibi keeps its files. Every path is injectable so tests (and
//! shared library PCs, which must keep nothing behind) never touch the real
//! user directories.

use std::path::{Path, PathBuf};

/// The environment variable that puts every file Tomoshibi writes under one
/// directory (used by tests, portable installs and shared PCs).
pub const HOME_ENV: &str = "TOMOSHIBI_HOME";

/// The directories Tomoshibi reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Settings and other small configuration files.
    pub config_dir: PathBuf,
    /// The bookshelf database and downloaded books.
    pub data_dir: PathBuf,
    /// Re-creatable caches (feeds, covers).
    pub cache_dir: PathBuf,
    /// Log files.
    pub log_dir: PathBuf,
}

impl Paths {
    /// All directories below one root: `config/`, `data/`, `cache/`, `logs/`.
    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            cache_dir: root.join("cache"),
            log_dir: root.join("logs"),
        }
    }

    /// The platform's standard directories, unless [`HOME_ENV`] names a root.
    /// Falls back to a `tomoshibi` folder in the temporary directory when the
    /// platform reports no home at all.
    pub fn from_environment() -> Self {
        if let Some(root) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Self::under(Path::new(&root));
        }
        match directories::ProjectDirs::from("org", "Tomoshibi", "tomoshibi") {
            Some(dirs) => Self {
                config_dir: dirs.config_dir().to_path_buf(),
                data_dir: dirs.data_dir().to_path_buf(),
                cache_dir: dirs.cache_dir().to_path_buf(),
                log_dir: dirs.data_local_dir().join("logs"),
            },
            None => Self::under(&std::env::temp_dir().join("tomoshibi")),
        }
    }

    /// The bookshelf database.
    pub fn database_file(&self) -> PathBuf {
        self.data_dir.join("tomoshibi.sqlite3")
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_holds_every_directory() {
        let p = Paths::under(Path::new("/r"));
        for dir in [&p.config_dir, &p.data_dir, &p.cache_dir, &p.log_dir] {
            assert!(dir.starts_with("/r"), "{dir:?}");
        }
        assert_eq!(p.settings_file(), Path::new("/r/config/settings.toml"));
    }
}
