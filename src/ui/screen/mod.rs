//! The screens. Each describes itself as a [`ScreenModel`] (title, text and
//! controls in tab order), reacts to input on its controls, and returns an
//! [`Action`] for the app to carry out.

pub mod book_details;
pub mod bookshelf;
pub mod catalog;
pub mod go_to_time;
pub mod help;
pub mod libraries;
pub mod loans;
pub mod navigate;
pub mod open_book;
pub mod passphrase;
pub mod prefs;
pub mod reader;
pub mod save_audio;
pub mod search;
pub mod settings;
pub mod sign_in;
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
    /// Space between paragraphs of book text, percent of the text size.
    ParagraphSpacing(u16),
    /// Extra space between letters of book text, percent of the text size.
    LetterSpacing(u16),
    /// How ruby is shown.
    Ruby(crate::reading::RubyMode),
    /// Vertical or horizontal writing.
    Writing(crate::reading::Writing),
    /// How far the talking-book player skips, in seconds.
    SkipStep(u16),
    /// Whether a talking book leaves a structure out while it plays.
    Skipping(crate::listen::skippable::Skippable, bool),
    /// The read-aloud voice for a language (primary subtag): 0 the automatic one, else the
    /// n-th of the installed voices for it (as listed in Settings).
    ReadAloudVoice {
        /// The language, `"ja"` or `"en"`.
        language: &'static str,
        /// Which option.
        choice: usize,
    },
    /// Colour theme.
    Theme(crate::appearance::ThemeId),
    /// Typeface.
    Font(crate::appearance::FontChoice),
    /// The installed font family, by its place in [`crate::ui::fonts::installed`].
    FontFamily(usize),
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
    /// Choose or add a library.
    Libraries,
    /// A catalog page (opened with its address, not by kind).
    Catalog,
    /// A publication's details.
    BookDetails,
    /// Sign in to a library.
    SignIn,
    /// The patron's loans and holds.
    Loans,
    /// The passphrase of an LCP-protected book.
    Passphrase,
    /// Go to a time in the talking book.
    GoToTime,
    /// Save the book as an audio file.
    SaveAudio,
}

/// Data shared between screens and tasks without copying; equal when it is the same data.
#[derive(Debug)]
pub struct Shared<T>(pub std::sync::Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Something to ask the library, carried out by the app in the background.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryRequest {
    /// Start (if needed) and open the built-in demo library.
    OpenDemo,
    /// Open a saved library by its catalog address.
    Open(String),
    /// Check and add a library by the address typed.
    Add(String),
    /// Open a catalog page.
    Browse(url::Url),
    /// Search the catalog.
    Search(crate::library::opensearch::SearchLink, String),
    /// Open a publication's details.
    ShowEntry(Shared<crate::library::CatalogEntry>),
    /// Open the patron's loans and holds.
    ShowLoans,
    /// Open the sign-in form.
    SignIn,
    /// Sign in with these credentials.
    Submit {
        /// Card number.
        login: String,
        /// PIN.
        password: String,
        /// Keep the PIN in the system keyring.
        remember: bool,
    },
    /// Sign in on the library's web page, in the patron's browser.
    SignInWithBrowser,
    /// Stop waiting for the browser sign-in.
    CancelBrowserSignIn,
    /// Forget the credentials (and the keyring entry).
    SignOut,
    /// Borrow, download, renew, return or cancel a hold.
    Lend(crate::library::lending::Operation, Shared<crate::library::CatalogEntry>),
    /// Stop the download under way and throw away what arrived.
    CancelDownload,
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
    /// Return to the reader and play from this book time (ms).
    GoToTime(u64),
    /// Save the open book (or a part) as an audio file, in the background.
    SaveAudio(save_audio::SaveRequest),
    /// Stop saving the audio file.
    StopSavingAudio,
    /// The screen's content changed under the focus: focus its first
    /// control and say the screen again.
    Refocus,
    /// The screen shows other things now (another folder): focus this control, put the
    /// screen's text ("Folder: …") in the status line and say the screen again.
    Moved(ControlId),
    /// Search the open book for this text.
    Search(String),
    /// Ask the library.
    Library(LibraryRequest),
    /// Open an LCP-protected book with the passphrase typed.
    Unlock(passphrase::Unlock),
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
    /// Choose or add a library.
    Libraries(libraries::LibrariesScreen),
    /// A catalog page.
    Catalog(Box<catalog::CatalogScreen>),
    /// A publication's details.
    BookDetails(Box<book_details::DetailsScreen>),
    /// Sign in.
    SignIn(Box<sign_in::SignInScreen>),
    /// Loans and holds.
    Loans(loans::LoansScreen),
    /// The passphrase of an LCP-protected book.
    Passphrase(Box<passphrase::PassphraseScreen>),
    /// Go to a time in the talking book.
    GoToTime(go_to_time::GoToTimeScreen),
    /// Save the book as an audio file.
    SaveAudio(Box<save_audio::SaveAudioScreen>),
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
            Kind::Libraries => Screen::Libraries(libraries::LibrariesScreen::default()),
            Kind::Loans => Screen::Loans(loans::LoansScreen::default()),
            // These need their data; asked for by kind they are the shelf.
            Kind::Reader
            | Kind::Navigate
            | Kind::Catalog
            | Kind::BookDetails
            | Kind::SignIn
            | Kind::Passphrase
            | Kind::GoToTime
            | Kind::SaveAudio => Screen::Bookshelf(bookshelf::Bookshelf::default()),
        }
    }

    /// Still waiting for what it shows (a catalog page or the loans shelf being fetched): its
    /// controls are not yet the ones it will have, so nothing on it takes the focus.
    pub fn is_loading(&self) -> bool {
        match self {
            Screen::Catalog(s) => matches!(s.state, catalog::State::Loading),
            Screen::Loans(s) => matches!(s.state, catalog::State::Loading),
            _ => false,
        }
    }

    /// What this screen shows, where one screen shows different lists in turn (the folder
    /// browser's folder); 0 otherwise. It salts the screen's accessibility node ids, so that the
    /// rows of a new list are new nodes and a screen reader announces the one focused.
    pub fn contents_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        match self {
            Screen::OpenBook(s) => {
                let mut hasher = std::hash::DefaultHasher::new();
                s.dir.hash(&mut hasher);
                hasher.finish()
            }
            _ => 0,
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
            Screen::Libraries(_) => Kind::Libraries,
            Screen::Catalog(_) => Kind::Catalog,
            Screen::BookDetails(_) => Kind::BookDetails,
            Screen::SignIn(_) => Kind::SignIn,
            Screen::Loans(_) => Kind::Loans,
            Screen::Passphrase(_) => Kind::Passphrase,
            Screen::GoToTime(_) => Kind::GoToTime,
            Screen::SaveAudio(_) => Kind::SaveAudio,
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
            Screen::Libraries(s) => s.model(settings),
            Screen::Catalog(s) => s.model(settings),
            Screen::BookDetails(s) => s.model(settings),
            Screen::SignIn(s) => s.model(settings),
            Screen::Loans(s) => s.model(settings),
            Screen::Passphrase(s) => s.model(settings),
            Screen::GoToTime(s) => s.model(settings),
            Screen::SaveAudio(s) => s.model(settings),
        }
    }

    /// A text field's content changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        match self {
            Screen::Search(s) => s.edit(control, value),
            Screen::Libraries(s) => s.edit(control, value),
            Screen::Catalog(s) => s.edit(control, value),
            Screen::SignIn(s) => s.edit(control, value),
            Screen::Passphrase(s) => s.edit(control, value),
            Screen::GoToTime(s) => s.edit(control, value),
            Screen::SaveAudio(s) => s.edit(control, value),
            _ => {}
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
            Screen::Libraries(s) => s.update(message, settings),
            Screen::Catalog(s) => s.update(message),
            Screen::BookDetails(s) => s.update(message),
            Screen::SignIn(s) => s.update(message),
            Screen::Loans(s) => s.update(message),
            Screen::Passphrase(s) => s.update(message),
            Screen::GoToTime(s) => s.update(message),
            Screen::SaveAudio(s) => s.update(message),
        }
    }
}
