//! The reader: a book's text, one unit at a time at the top of the window
//! (so any text size reflows and nothing scrolls sideways), moved by unit,
//! heading level and print page with the keys in
//! [`READER_SHORTCUTS`](crate::commands::READER_SHORTCUTS).

use super::navigate::{ListKind, Place};
use super::{Action, Message};
use crate::a11y::{
    Control, ControlId, ControlKind, Input, ScreenModel, Table, TableRow, TextBlock, TextPart,
};
use crate::book::{Locator, Publication};
use crate::commands::ReaderCommand;
use crate::fl;
use crate::reading::pages::PageZoom;
use crate::reading::{self, RubyMode, Unit, UnitKind, WhereAmI};
use crate::store::Settings;
use std::sync::Arc;

mod pictures;

pub use pictures::{Drawing, Picture};
use pictures::{Pictures, decode, keep};

/// The book text (the reader's focus).
pub const TEXT: ControlId = ControlId("reader.text");
/// Returns to the bookshelf.
pub const BACK: ControlId = ControlId("reader.back");

/// How many units are drawn from the current one on (more than fit even
/// at 100 %; the rest is reached by scrolling or by moving on).
pub const UNITS_SHOWN: usize = 12;

/// What a reader command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Moved to another unit.
    Moved,
    /// "Leave this structure" outside a table, list, note or sidebar.
    NotInStructure,
    /// Nothing further that way: at the start or end, or no heading/page left.
    NoMore(ReaderCommand),
    /// Heading navigation now uses this level (`None`: any).
    Level(Option<u8>),
    /// Show a list of places (contents, pages, bookmarks).
    Places(ListKind),
    /// Bookmark the current place.
    Bookmark,
    /// Scroll the view by a screenful, down (`true`) or up.
    Scroll(bool),
    /// Open the search screen.
    Search,
    /// A command for the talking-book player.
    Player(ReaderCommand),
    /// Page pictures are now shown at this zoom (percent of the whole page).
    Zoomed(PageZoom, u16),
    /// Move the enlarged page by (right, down) pixels.
    Pan(i32, i32),
    /// A page-picture command in a book without page pictures.
    NoPages,
    /// Save the book as an audio file.
    SaveAudio,
    /// Put this text (the current paragraph's, without ruby readings) on the clipboard.
    Copy(String),
}

/// An open book.
#[derive(Debug, Clone)]
pub struct ReaderScreen {
    /// The book's id on the shelf.
    pub book_id: String,
    publication: Arc<Publication>,
    units: Vec<Unit>,
    index: usize,
    level: Option<u8>,
    /// Places left by jumps (lists, search, start/end), newest last.
    back: Vec<usize>,
    /// Places left by going back, for going forward again.
    forward: Vec<usize>,
    /// The sentence being read aloud: a byte range of the current unit's text.
    pub highlight: Option<std::ops::Range<usize>>,
    /// How ruby is shown (the units are set for it).
    ruby: RubyMode,
    /// Pictures decoded so far, by href, with their size in pixels (`None`: not a
    /// picture we can show).
    /// Shared with the threads that decode the next pictures ahead of the reader.
    images: Arc<std::sync::Mutex<Pictures>>,
    /// Pictures being decoded ahead right now.
    decoding: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
    /// How large page pictures of a fixed-layout book are shown.
    pub zoom: PageZoom,
    /// The size of the area pages were last drawn in (the view reports it).
    pub page_area: std::cell::Cell<(f32, f32)>,
    /// How many units the last vertical drawing fitted completely (the view reports it).
    pub fitted: Arc<std::sync::atomic::AtomicUsize>,
}

/// How long decoding ahead waits when a book opens, so the first page is drawn first.
pub const FIRST_PAGE_FIRST: std::time::Duration = std::time::Duration::from_millis(300);

impl PartialEq for ReaderScreen {
    fn eq(&self, other: &Self) -> bool {
        self.book_id == other.book_id && self.index == other.index && self.level == other.level
    }
}

impl ReaderScreen {
    /// Opens `publication` at `locator` (or its beginning), with ruby shown as `ruby` says.
    pub fn new(
        book_id: String,
        publication: Arc<Publication>,
        locator: Option<&Locator>,
        ruby: RubyMode,
    ) -> Self {
        let units = reading::units(&publication, ruby);
        let index = locator.and_then(|l| reading::index_of(&publication, &units, l)).unwrap_or(0);
        let screen = Self {
            book_id,
            publication,
            units,
            index,
            level: None,
            back: Vec::new(),
            forward: Vec::new(),
            highlight: None,
            ruby,
            images: Arc::default(),
            decoding: Arc::default(),
            zoom: PageZoom::FitPage,
            page_area: std::cell::Cell::new((1024.0, 700.0)),
            fitted: Arc::default(),
        };
        screen.decode_ahead(FIRST_PAGE_FIRST);
        screen
    }

    /// Shows ruby another way: the units are set again, the place kept.
    pub fn set_ruby(&mut self, ruby: RubyMode) {
        if ruby != self.ruby {
            self.ruby = ruby;
            self.units = reading::units(&self.publication, ruby);
            self.highlight = None;
        }
    }

    /// Whether the book is shown in vertical writing, given the reader's choice.
    pub fn is_vertical(&self, writing: reading::Writing) -> bool {
        writing.is_vertical(self.publication.metadata.rendition.writing_mode)
    }

    /// The picture at `href` in the book, decoded once; `None` when it cannot be read
    /// or is not a format we show (its alternative text is shown all the same).
    pub fn image(&self, href: &str) -> Option<Picture> {
        let known = self.images.lock().ok().and_then(|mut images| images.get(href));
        if let Some(picture) = known {
            return picture;
        }
        let picture = decode(&self.publication, href);
        keep(&self.images, href, picture.clone());
        picture
    }

    /// Decodes the pictures of the next few units on other threads, so turning to them
    /// does not wait for a large page picture to be decoded.
    fn decode_ahead(&self, after: std::time::Duration) {
        let ahead = self.units.iter().skip(self.index + 1).take(3).filter_map(|u| u.image.clone());
        for href in ahead {
            let known = self.images.lock().is_ok_and(|images| images.contains(&href));
            let started = self.decoding.lock().is_ok_and(|mut busy| !busy.insert(href.clone()));
            if known || started {
                continue;
            }
            let (publication, images, busy) =
                (self.publication.clone(), self.images.clone(), self.decoding.clone());
            std::thread::spawn(move || {
                std::thread::sleep(after);
                keep(&images, &href, decode(&publication, &href));
                if let Ok(mut busy) = busy.lock() {
                    busy.remove(&href);
                }
            });
        }
    }

    /// The current unit.
    pub fn current(&self) -> Option<&Unit> {
        self.units.get(self.index)
    }

    /// The units drawn: the current one first.
    pub fn visible(&self) -> &[Unit] {
        let end = (self.index + UNITS_SHOWN).min(self.units.len());
        self.units.get(self.index..end).unwrap_or_default()
    }

    /// Where the reader is.
    pub fn position(&self) -> Locator {
        reading::locator(&self.publication, &self.units, self.index)
            .unwrap_or_else(|| Locator::new(String::new()))
    }

    /// Heading trail, page and percentage.
    pub fn where_am_i(&self) -> WhereAmI {
        reading::where_am_i(&self.units, self.index)
    }

    /// Whether the book is in Japanese (it then gets the Japanese face).
    pub fn is_japanese(&self) -> bool {
        self.publication.metadata.languages.iter().any(|l| l.to_ascii_lowercase().starts_with("ja"))
    }

    /// The book's title.
    pub fn title(&self) -> &str {
        &self.publication.metadata.title
    }

    /// The language `unit` is written in: its own, else its document's, else the book's.
    pub fn language_of(&self, unit: &Unit) -> Option<String> {
        unit.lang
            .clone()
            .or_else(|| self.publication.documents.get(unit.document)?.lang.clone())
            .or_else(|| self.publication.metadata.languages.first().cloned())
            .filter(|l| !l.trim().is_empty())
    }

    /// The book text as the focused control, then Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let text = match self.current() {
            Some(unit) => Control {
                id: TEXT,
                // An image is said as one, as it is shown ("Image: …"), not as bare text.
                name: match unit.kind {
                    UnitKind::Image => fl!("reader-image", alt = unit.text.clone()),
                    _ => unit.text.clone(),
                },
                description: None,
                kind: ControlKind::TextUnit {
                    heading: match unit.kind {
                        UnitKind::Heading(level) => Some(level),
                        _ => None,
                    },
                    position: self.index,
                    language: self.language_of(unit),
                    part: match unit.kind {
                        UnitKind::Image => TextPart::Image,
                        UnitKind::PageBreak(_) => TextPart::PageBreak,
                        UnitKind::Note => TextPart::Note,
                        UnitKind::Sidebar => TextPart::Sidebar,
                        UnitKind::ProductionNote => TextPart::ProductionNote,
                        _ => TextPart::Text,
                    },
                    languages: match unit.kind {
                        UnitKind::Image => Vec::new(),
                        _ => languages(unit),
                    },
                    links: match unit.kind {
                        UnitKind::Image => Vec::new(),
                        _ => links(unit),
                    },
                    table: self.table(),
                },
            },
            None => Control {
                id: TEXT,
                name: fl!("reader-empty"),
                description: None,
                kind: ControlKind::TextUnit {
                    heading: None,
                    position: 0,
                    language: None,
                    part: TextPart::Text,
                    languages: Vec::new(),
                    links: Vec::new(),
                    table: None,
                },
            },
        };
        let here = self.where_am_i();
        ScreenModel {
            title: self.title().to_owned(),
            text: vec![TextBlock {
                text: fl!("reader-progress", percent = here.percent.to_string()),
                alert: false,
            }],
            controls: vec![text, Control::button(BACK.0, fl!("reader-back"))],
        }
    }

    /// The table the current unit is a row of, whole, for screen readers; `None` when it is
    /// no table row.
    fn table(&self) -> Option<Table> {
        let table = reading::table_at(&self.units, self.index)?;
        let caption = table.caption.and_then(|i| self.units.get(i)).map(|unit| unit.text.clone());
        let rows = table
            .rows
            .into_iter()
            .filter_map(|position| {
                let unit = self.units.get(position)?;
                let UnitKind::TableRow(row) = &unit.kind else { return None };
                Some(TableRow {
                    position,
                    text: unit.text.clone(),
                    cells: row.cells.iter().map(|cell| (cell.range.clone(), cell.header)).collect(),
                    languages: languages(unit),
                    links: links(unit),
                })
            })
            .collect();
        Some(Table { caption, rows })
    }

    /// Back is the only button.
    pub fn update(&mut self, message: Message) -> Action {
        match (message.control, message.input) {
            (BACK, Input::Activate) => Action::Back,
            _ => Action::None,
        }
    }

    /// Carries out a reader key.
    pub fn command(&mut self, command: ReaderCommand) -> Outcome {
        if command == ReaderCommand::Copy {
            // Copying changes nothing: reading aloud goes on, its mark stays.
            return Outcome::Copy(
                self.units.get(self.index).map(|u| u.plain.trim().to_owned()).unwrap_or_default(),
            );
        }
        let level = self.level;
        self.highlight = None;
        let target = match command {
            ReaderCommand::NextUnit => self.step(true, |_| true),
            ReaderCommand::PreviousUnit => self.step(false, |_| true),
            ReaderCommand::NextHeading => self.step(true, |u| reading::is_heading(u, level)),
            ReaderCommand::PreviousHeading => self.step(false, |u| reading::is_heading(u, level)),
            ReaderCommand::NextPage => self.step(true, reading::starts_page),
            ReaderCommand::PreviousPage => self.step(false, reading::starts_page),
            ReaderCommand::Start => {
                let target = (self.index > 0).then_some(0);
                return self.jump(target, command);
            }
            ReaderCommand::End => {
                let last = self.units.len().saturating_sub(1);
                let target = (self.index < last).then_some(last);
                return self.jump(target, command);
            }
            ReaderCommand::HistoryBack => match self.back.pop() {
                Some(previous) => {
                    self.forward.push(self.index);
                    Some(previous)
                }
                None => None,
            },
            ReaderCommand::HistoryForward => match self.forward.pop() {
                Some(next) => {
                    self.back.push(self.index);
                    Some(next)
                }
                None => None,
            },
            ReaderCommand::HeadingLevel(level) => {
                self.level = level;
                return Outcome::Level(level);
            }
            ReaderCommand::ZoomPageIn
            | ReaderCommand::ZoomPageOut
            | ReaderCommand::FitWidth
            | ReaderCommand::FitPage
            | ReaderCommand::Pan(..) => return self.page_command(command),
            ReaderCommand::FollowNote => {
                // One place to go: there; several: the list of them, to choose from.
                let links = self.links();
                if links.len() > 1 {
                    return Outcome::Places(ListKind::Links);
                }
                let target = links
                    .first()
                    .and_then(|place| reading::index_of(&self.publication, &self.units, &place.target));
                return self.jump(target, command);
            }
            ReaderCommand::FollowLink(number) => {
                let target = self.link_target(usize::from(number));
                return self.jump(target, command);
            }
            ReaderCommand::Contents => return Outcome::Places(ListKind::Contents),
            ReaderCommand::Pages => return Outcome::Places(ListKind::Pages),
            ReaderCommand::Landmarks => return Outcome::Places(ListKind::Landmarks),
            ReaderCommand::Bookmarks => return Outcome::Places(ListKind::Bookmarks),
            ReaderCommand::AddBookmark => return Outcome::Bookmark,
            ReaderCommand::Search => return Outcome::Search,
            ReaderCommand::ScrollDown => return Outcome::Scroll(true),
            ReaderCommand::ScrollUp => return Outcome::Scroll(false),
            ReaderCommand::PlayPause
            | ReaderCommand::SkipForward
            | ReaderCommand::SkipBack
            | ReaderCommand::Faster
            | ReaderCommand::Slower
            | ReaderCommand::NextPhrase
            | ReaderCommand::PreviousPhrase
            | ReaderCommand::SleepTimer
            | ReaderCommand::GoToTime => return Outcome::Player(command),
            ReaderCommand::SaveAudio => return Outcome::SaveAudio,
            ReaderCommand::LeaveStructure => {
                let Some(end) = reading::structure_end(&self.units, self.index) else {
                    return Outcome::NotInStructure;
                };
                return self.jump((end < self.units.len()).then_some(end), command);
            }
            ReaderCommand::Copy => None,
        };
        match target {
            Some(index) => {
                self.index = index;
                self.decode_ahead(std::time::Duration::ZERO);
                Outcome::Moved
            }
            None => Outcome::NoMore(command),
        }
    }

    /// Turns a screenful of vertical columns (they do not scroll): on to the first unit
    /// the last drawing did not show whole, or back as many units.
    pub fn turn_screenful(&mut self, down: bool) -> Outcome {
        self.highlight = None;
        let step = self.fitted.load(std::sync::atomic::Ordering::Relaxed).max(1);
        let last = self.units.len().saturating_sub(1);
        let target = if down {
            Some(self.index + step).filter(|_| self.index < last).map(|i| i.min(last))
        } else {
            (self.index > 0).then(|| self.index.saturating_sub(step))
        };
        match target {
            Some(index) => {
                self.index = index;
                self.decode_ahead(std::time::Duration::ZERO);
                Outcome::Moved
            }
            None => Outcome::NoMore(if down { ReaderCommand::ScrollDown } else { ReaderCommand::ScrollUp }),
        }
    }

    /// Follows playback to unit `index` (no history entry: the patron did not jump).
    pub fn follow(&mut self, index: usize) -> bool {
        let moved = index != self.index && index < self.units.len();
        if moved {
            self.index = index;
            self.decode_ahead(std::time::Duration::ZERO);
        }
        moved
    }

    /// The index of the current unit.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The reading units.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The open book.
    pub fn publication(&self) -> &Arc<Publication> {
        &self.publication
    }

    /// Moves to `locator`; `false` when it is not in this book.
    pub fn go_to(&mut self, locator: &Locator) -> bool {
        let target = reading::index_of(&self.publication, &self.units, locator);
        self.jump(target, ReaderCommand::Start) == Outcome::Moved
    }

    /// Whether the book is laid out in fixed pages (e-magazines, comics): shown page by
    /// page as pictures.
    pub fn is_fixed_layout(&self) -> bool {
        self.publication.metadata.rendition.layout == crate::book::model::Layout::FixedLayout
    }

    /// The current page's picture (fixed-layout books).
    pub fn page_picture(&self) -> Option<Picture> {
        self.current()?.image.as_deref().and_then(|href| self.image(href))
    }

    fn page_command(&mut self, command: ReaderCommand) -> Outcome {
        let picture = self.page_picture().filter(|_| self.is_fixed_layout());
        let Some(picture) = picture else { return Outcome::NoPages };
        let view = self.page_area.get();
        let zoom = match command {
            ReaderCommand::ZoomPageIn => self.zoom.larger(picture.size, view),
            ReaderCommand::ZoomPageOut => self.zoom.smaller(picture.size, view),
            ReaderCommand::FitWidth => Some(PageZoom::FitWidth),
            ReaderCommand::FitPage => Some(PageZoom::FitPage),
            ReaderCommand::Pan(right, down) => {
                #[allow(clippy::cast_possible_truncation)]
                let quarter = |length: f32, steps: i8| (length / 4.0 * f32::from(steps)) as i32;
                return Outcome::Pan(quarter(view.0, right), quarter(view.1, down));
            }
            _ => None,
        };
        match zoom {
            Some(zoom) => {
                self.zoom = zoom;
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let percent = zoom.percent(picture.size, view).round() as u16;
                Outcome::Zoomed(zoom, percent)
            }
            None => Outcome::NoMore(command),
        }
    }

    /// The unit link number `number` of the current text leads to (`None` for a link out of
    /// the book or to a place it does not have).
    fn link_target(&self, number: usize) -> Option<usize> {
        let link = self.current()?.links.get(number).filter(|link| !link.external)?;
        reading::index_of(&self.publication, &self.units, &Locator::from_href(&link.target))
    }

    /// The places in the book the current unit's links and note references lead to, in
    /// order, each once (links out of the book are left out: there is no browser to hand
    /// them to here).
    pub fn links(&self) -> Vec<Place> {
        let Some(unit) = self.current() else { return Vec::new() };
        let mut places: Vec<Place> = Vec::new();
        for link in unit.links.iter().filter(|link| !link.external) {
            let target = Locator::from_href(&link.target);
            if places.iter().any(|place| place.target == target) {
                continue;
            }
            let text = unit.text.get(link.range.clone()).unwrap_or_default().trim().to_owned();
            let label = if link.note { fl!("reader-link-note", label = text) } else { text };
            places.push(Place { label, target });
        }
        places
    }

    /// A jump remembers where it left from, for Alt+Left.
    fn jump(&mut self, target: Option<usize>, command: ReaderCommand) -> Outcome {
        match target {
            Some(index) => {
                if index != self.index {
                    self.back.push(self.index);
                    self.forward.clear();
                }
                self.index = index;
                self.decode_ahead(std::time::Duration::ZERO);
                Outcome::Moved
            }
            None => Outcome::NoMore(command),
        }
    }

    /// The table of contents, indented by level.
    pub fn contents(&self) -> Vec<Place> {
        fn walk(entries: &[crate::book::TocEntry], depth: usize, out: &mut Vec<Place>) {
            for entry in entries {
                let label = format!("{}{}", "  ".repeat(depth), entry.label);
                out.push(Place { label, target: entry.target.clone() });
                walk(&entry.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.publication.navigation.toc, 0, &mut out);
        out
    }

    /// The book's landmarks, labelled as the book labels them.
    pub fn landmarks(&self) -> Vec<Place> {
        self.publication
            .navigation
            .landmarks
            .iter()
            .map(|l| {
                let label = if l.label.trim().is_empty() { l.kind.clone() } else { l.label.clone() };
                Place { label, target: l.target.clone() }
            })
            .collect()
    }

    /// The print pages, from the book's page list or else its page breaks.
    pub fn pages(&self) -> Vec<Place> {
        let list = &self.publication.navigation.page_list;
        if !list.is_empty() {
            return list
                .iter()
                .map(|p| Place {
                    label: fl!("reader-page", label = p.label.clone()),
                    target: p.target.clone(),
                })
                .collect();
        }
        self.units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| {
                Some(Place {
                    label: fl!("reader-page", label = u.page.clone()?),
                    target: reading::locator(&self.publication, &self.units, i)?,
                })
            })
            .collect()
    }

    /// The places where `query` occurs, with snippets.
    pub fn search(&self, query: &str) -> Vec<Place> {
        reading::search(&self.units, query)
            .into_iter()
            .filter_map(|(i, snippet)| {
                Some(Place { label: snippet, target: reading::locator(&self.publication, &self.units, i)? })
            })
            .collect()
    }

    /// A name for a bookmark here: the start of the current text.
    pub fn bookmark_name(&self) -> String {
        let text = self.current().map_or("", |u| u.text.as_str());
        let mut name: String = text.chars().take(60).collect();
        if text.chars().count() > 60 {
            name.push('…');
        }
        name
    }

    fn step(&self, forward: bool, wanted: impl Fn(&Unit) -> bool) -> Option<usize> {
        reading::find(&self.units, self.index, forward, wanted)
    }
}

/// The parts of `unit`'s text in another language, as the accessibility model takes them.
fn languages(unit: &Unit) -> Vec<(std::ops::Range<usize>, String)> {
    unit.langs.iter().map(|span| (span.range.clone(), span.lang.clone())).collect()
}

/// The links of `unit`'s text, as the accessibility model takes them.
fn links(unit: &Unit) -> Vec<(std::ops::Range<usize>, String)> {
    unit.links.iter().map(|link| (link.range.clone(), link.target.clone())).collect()
}
