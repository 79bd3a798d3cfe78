//! "Open a book from this computer": a keyboard-friendly folder browser.
//! Folders and books (EPUB files, DAISY folders, zips) are one list; Enter
//! goes into a folder or opens a book; recent places come first.

use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::fl;
use crate::store::Settings;
use std::path::{Path, PathBuf};

/// Goes to the parent folder.
pub const UP: ControlId = ControlId("open.up");
/// Returns to the previous screen.
pub const BACK: ControlId = ControlId("open.back");

/// What a listed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A folder to look into.
    Folder,
    /// Something Tomoshibi can open: an `.epub` or `.zip` file, or a folder
    /// holding a DAISY or unzipped EPUB book.
    Book,
    /// A place used before (shown first).
    Recent,
}

/// One row of the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What is shown (file or folder name, or the full path of a recent place).
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Folder, book or recent place.
    pub kind: EntryKind,
}

/// Whether `path` is a book Tomoshibi can open.
pub fn is_book(path: &Path) -> bool {
    if path.is_dir() {
        ["ncc.html", "NCC.HTML", "mimetype", "META-INF/container.xml"].iter().any(|f| path.join(f).exists())
            || std::fs::read_dir(path).is_ok_and(|mut d| {
                d.any(|e| {
                    e.is_ok_and(|e| e.path().extension().is_some_and(|x| x.eq_ignore_ascii_case("opf")))
                })
            })
    } else {
        path.extension().is_some_and(|x| x.eq_ignore_ascii_case("epub") || x.eq_ignore_ascii_case("zip"))
    }
}

/// The folders and books in `dir`, folders and books mixed in name order;
/// hidden entries left out. Unreadable folders list nothing.
pub fn list(dir: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .filter_map(|path| {
            let kind = if is_book(&path) {
                EntryKind::Book
            } else if path.is_dir() {
                EntryKind::Folder
            } else {
                return None;
            };
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some(Entry { name, path, kind })
        })
        .collect();
    entries.sort_by_key(|e| e.name.to_lowercase());
    entries
}

/// The browser screen.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenBookScreen {
    /// The folder shown.
    pub dir: PathBuf,
    /// Recent places, then the folder's contents.
    pub entries: Vec<Entry>,
}

impl OpenBookScreen {
    /// Starts in the most recent place (or the home folder).
    pub fn new(s: &Settings) -> Self {
        let start = s
            .recent_places
            .iter()
            .find(|p| p.is_dir())
            .cloned()
            .or_else(|| directories::UserDirs::new().map(|d| d.home_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("."));
        let mut screen = Self { dir: start, entries: Vec::new() };
        screen.refresh(s);
        screen
    }

    fn refresh(&mut self, s: &Settings) {
        let recent = s.recent_places.iter().filter(|p| **p != self.dir && p.is_dir()).map(|p| Entry {
            name: p.display().to_string(),
            path: p.clone(),
            kind: EntryKind::Recent,
        });
        self.entries = recent.chain(list(&self.dir)).collect();
    }

    /// The row of the folder's first entry (after the recent places), or of the first recent
    /// place in an empty folder.
    fn first_entry(&self) -> Option<usize> {
        let first = self.entries.iter().position(|e| e.kind != EntryKind::Recent);
        first.or((!self.entries.is_empty()).then_some(0))
    }

    /// Folder line, Up, the entries, Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let count = self.entries.len();
        let mut controls = vec![Control::button(UP.0, fl!("open-up"))];
        controls.extend(self.entries.iter().enumerate().filter_map(|(i, e)| {
            let name = match e.kind {
                EntryKind::Folder => fl!("open-folder", name = e.name.clone()),
                EntryKind::Book => fl!("open-book-item", name = e.name.clone()),
                EntryKind::Recent => fl!("open-recent", name = e.name.clone()),
            };
            Some(Control {
                id: row_id(i)?,
                name,
                description: None,
                kind: ControlKind::ListItem { position: i + 1, count },
            })
        }));
        controls.push(Control::button(BACK.0, fl!("back")));
        let mut text = vec![TextBlock {
            text: fl!("open-where", folder = self.dir.display().to_string()),
            alert: false,
        }];
        if self.entries.is_empty() {
            text.push(TextBlock { text: fl!("open-nothing-here"), alert: false });
        }
        ScreenModel { title: fl!("open-title"), text, controls }
    }

    /// Goes into folders, opens books.
    pub fn update(&mut self, message: Message, s: &Settings) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        match message.control {
            BACK => Action::Back,
            UP => {
                let Some(parent) = self.dir.parent().map(Path::to_path_buf) else { return Action::Refocus };
                let left = std::mem::replace(&mut self.dir, parent);
                self.refresh(s);
                // On the folder just left, as file managers do.
                let row = self.entries.iter().position(|e| e.kind != EntryKind::Recent && e.path == left);
                Action::Moved(row.or_else(|| self.first_entry()).and_then(row_id).unwrap_or(UP))
            }
            id => {
                let Some(entry) = (0..self.entries.len())
                    .find(|i| row_id(*i) == Some(id))
                    .and_then(|i| self.entries.get(i))
                else {
                    return Action::None;
                };
                match entry.kind {
                    EntryKind::Book => Action::OpenBook(entry.path.clone()),
                    EntryKind::Folder | EntryKind::Recent => {
                        self.dir = entry.path.clone();
                        self.refresh(s);
                        Action::Moved(self.first_entry().and_then(row_id).unwrap_or(UP))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn books_and_folders_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("daisy")).unwrap();
        std::fs::write(root.join("daisy/ncc.html"), "<html></html>").unwrap();
        std::fs::create_dir_all(root.join("photos")).unwrap();
        std::fs::write(root.join("novel.EPUB"), "x").unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        std::fs::write(root.join(".hidden.epub"), "x").unwrap();
        let found: Vec<(String, EntryKind)> = list(root).into_iter().map(|e| (e.name, e.kind)).collect();
        assert_eq!(
            found,
            [
                ("daisy".to_owned(), EntryKind::Book),
                ("novel.EPUB".to_owned(), EntryKind::Book),
                ("photos".to_owned(), EntryKind::Folder),
            ]
        );
    }
}
