//! The screens. Each describes itself as a [`ScreenModel`] (title, text and
//! controls in tab order), reacts to input on its controls, and returns an
//! [`Action`] for the app to carry out.

pub mod bookshelf;
pub mod help;
pub mod navigate;
pub mod open_book;
pub mod prefs;
pub mod reader;
pub mod search;
pub mod settings;
pub mod welcome;

use crate::a11y::{ControlId, Input, ScreenModel};
use crate::store::Settings;

/// A user setting to change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// Interface language.
    Language(crate::i18n::Language),
    /// Interface scale, percent.
    UiScale(u16),
    /// Reading text size, percent.
    ReadingSize(u16),
    /// Line spacing of book text, percent.
    LineSpacing(u16),
    /// Longest line of book text, characters.
    LineLength(u16),
    /// Colour theme.
    Theme(crate::appearance::ThemeId),
    /// Typeface.
    Font(crate::appearance::FontChoice),
    /// Whether the app speaks.
    Voicing(crate::a11y::VoicingMode),
    /// The first-run welcome is done.
    Welcomed,
}

/// Which screen to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// First-run welcome.
    Welcome,
    /// The bookshelf (home).
    Bookshelf,
    /// Settings.
    Settings,
    /// Help with every key.
    Help,
    /// The reader (opened with a book, not by kind).
    Reader,
    /// A list of places in the open book.
    Navigate,
    /// The folder browser.
    OpenBook,
    /// Search in the open book.
    Search,
}

/// What a screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Nothing beyond redrawing.
    None,
    /// Change a setting (applied live, saved, announced).
    Change(Change),
    /// Change settings, then open a screen in place of this one.
    ChangeAndReplace(Change, Kind),
    /// Open a screen on top of this one (Esc returns).
    Open(Kind),
    /// Open the book at this path in the reader.
    OpenBook(std::path::PathBuf),
    /// Return to the reader at this place.
    GoTo(crate::book::Locator),
    /// The screen's content changed under the focus: focus its first
    /// control and say the screen again.
    Refocus,
    /// Search the open book for this text.
    Search(String),
    /// Return to the previous screen.
    Back,
    /// Quit the app.
    Quit,
}

/// A control on the current screen received input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// The control.
    pub control: ControlId,
    /// What happened to it.
    pub input: Input,
}

/// One of the open screens.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// First-run welcome.
    Welcome(welcome::Welcome),
    /// The bookshelf.
    Bookshelf(bookshelf::Bookshelf),
    /// Settings.
    Settings(settings::SettingsScreen),
    /// Help.
    Help(help::Help),
    /// An open book.
    Reader(Box<reader::ReaderScreen>),
    /// Contents, pages or bookmarks of the open book.
    Navigate(navigate::NavigateScreen),
    /// Open a book from this computer.
    OpenBook(open_book::OpenBookScreen),
    /// Search in the open book.
    Search(search::SearchScreen),
}

impl Screen {
    /// A fresh screen of `kind`.
    pub fn open(kind: Kind, settings: &Settings) -> Self {
        match kind {
            Kind::OpenBook => Screen::OpenBook(open_book::OpenBookScreen::new(settings)),
            Kind::Search => Screen::Search(search::SearchScreen::default()),
            Kind::Welcome => Screen::Welcome(welcome::Welcome),
            Kind::Bookshelf => Screen::Bookshelf(bookshelf::Bookshelf::default()),
            Kind::Settings => Screen::Settings(settings::SettingsScreen),
            // A reader needs a book; asked for by kind it is the shelf.
            Kind::Help => Screen::Help(help::Help),
            Kind::Reader | Kind::Navigate => Screen::Bookshelf(bookshelf::Bookshelf::default()),
        }
    }

    /// Which kind of screen this is.
    pub fn kind(&self) -> Kind {
        match self {
            Screen::Welcome(_) => Kind::Welcome,
            Screen::Bookshelf(_) => Kind::Bookshelf,
            Screen::Settings(_) => Kind::Settings,
            Screen::Help(_) => Kind::Help,
            Screen::Reader(_) => Kind::Reader,
            Screen::Navigate(_) => Kind::Navigate,
            Screen::OpenBook(_) => Kind::OpenBook,
            Screen::Search(_) => Kind::Search,
        }
    }

    /// What the screen shows, in the current language.
    pub fn model(&self, settings: &Settings) -> ScreenModel {
        match self {
            Screen::Welcome(s) => s.model(settings),
            Screen::Bookshelf(s) => s.model(settings),
            Screen::Settings(s) => s.model(settings),
            Screen::Help(s) => s.model(settings),
            Screen::Reader(s) => s.model(settings),
            Screen::Navigate(s) => s.model(settings),
            Screen::OpenBook(s) => s.model(settings),
            Screen::Search(s) => s.model(settings),
        }
    }

    /// A text field's content changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if let Screen::Search(s) = self {
            s.edit(control, value);
        }
    }

    /// Reacts to input on one of its controls.
    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match self {
            Screen::Welcome(s) => s.update(message, settings),
            Screen::Bookshelf(s) => s.update(message),
            Screen::Settings(s) => s.update(message, settings),
            Screen::Help(s) => s.update(message),
            Screen::Reader(s) => s.update(message),
            Screen::Navigate(s) => s.update(message),
            Screen::OpenBook(s) => s.update(message, settings),
            Screen::Search(s) => s.update(message),
        }
    }
}
