//! The global keyboard commands: one table that both the key handler and the
//! Help screen read, so the documentation can never drift from behaviour.
//!
//! Keys avoid the modifiers screen readers claim (Insert and Caps Lock for
//! NVDA, JAWS and Orca; Ctrl+Option for VoiceOver).

/// A key, independent of the GUI toolkit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A printable character, lower-case.
    Char(char),
    /// Function key F1–F12.
    F(u8),
    /// Escape.
    Escape,
    /// Tab.
    Tab,
    /// Enter / Return.
    Enter,
    /// Space bar.
    Space,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Page Up.
    PageUp,
    /// Page Down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Backspace.
    Backspace,
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The key.
    pub key: Key,
    /// Control (Command on macOS).
    pub ctrl: bool,
    /// Shift.
    pub shift: bool,
    /// Alt / Option.
    pub alt: bool,
}

impl Chord {
    /// The key alone.
    pub const fn plain(key: Key) -> Self {
        Self { key, ctrl: false, shift: false, alt: false }
    }

    /// The key with Control.
    pub const fn ctrl(key: Key) -> Self {
        Self { key, ctrl: true, shift: false, alt: false }
    }

    /// The key with Control and Shift.
    pub const fn ctrl_shift(key: Key) -> Self {
        Self { key, ctrl: true, shift: true, alt: false }
    }

    /// The key with Shift.
    pub const fn shift(key: Key) -> Self {
        Self { key, ctrl: false, shift: true, alt: false }
    }

    /// How the chord is written for users, e.g. "Ctrl+Shift+S". Key names
    /// that need translation come from `key-*` messages.
    pub fn label(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.ctrl {
            parts.push(crate::i18n::text("key-ctrl"));
        }
        if self.alt {
            parts.push(crate::i18n::text("key-alt"));
        }
        if self.shift {
            parts.push(crate::i18n::text("key-shift"));
        }
        parts.push(match self.key {
            Key::Char('+') => crate::i18n::text("key-plus"),
            Key::Char('-') => crate::i18n::text("key-minus"),
            Key::Char(',') => crate::i18n::text("key-comma"),
            Key::Char(c) => c.to_uppercase().to_string(),
            Key::F(n) => format!("F{n}"),
            Key::Escape => crate::i18n::text("key-escape"),
            Key::Tab => crate::i18n::text("key-tab"),
            Key::Enter => crate::i18n::text("key-enter"),
            Key::Space => crate::i18n::text("key-space"),
            Key::Up => crate::i18n::text("key-up"),
            Key::Down => crate::i18n::text("key-down"),
            Key::Left => crate::i18n::text("key-left"),
            Key::Right => crate::i18n::text("key-right"),
            Key::PageUp => crate::i18n::text("key-page-up"),
            Key::PageDown => crate::i18n::text("key-page-down"),
            Key::Home => crate::i18n::text("key-home"),
            Key::End => crate::i18n::text("key-end"),
            Key::Backspace => crate::i18n::text("key-backspace"),
        });
        parts.join("+")
    }
}

/// What a global shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Open Help from anywhere.
    Help,
    /// Go back to the previous screen.
    Back,
    /// Open Settings.
    Settings,
    /// Go to the Bookshelf.
    Bookshelf,
    /// Open a book from this computer.
    OpenBook,
    /// Make the interface larger.
    ZoomIn,
    /// Make the interface smaller.
    ZoomOut,
    /// Reset the interface scale to 100%.
    ZoomReset,
    /// Switch to the next colour theme.
    NextTheme,
    /// Turn the app's own voice on or off.
    ToggleVoicing,
    /// Stop speaking.
    StopSpeech,
    /// Say again where the focus is.
    WhereAmI,
    /// Move focus to the next control.
    FocusNext,
    /// Move focus to the previous control.
    FocusPrevious,
    /// Quit Tomoshibi.
    Quit,
}

/// One row of the shortcut table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    /// The keys.
    pub chord: Chord,
    /// What they do.
    pub command: Command,
    /// The Fluent message id describing the command.
    pub description: &'static str,
}

/// Every global shortcut. Control-level keys (arrows, Enter, Space, Home,
/// End) are described in [`CONTROL_KEYS`].
pub const SHORTCUTS: &[Shortcut] = &[
    Shortcut { chord: Chord::plain(Key::F(1)), command: Command::Help, description: "cmd-help" },
    Shortcut { chord: Chord::plain(Key::Escape), command: Command::Back, description: "cmd-back" },
    Shortcut { chord: Chord::ctrl(Key::Char(',')), command: Command::Settings, description: "cmd-settings" },
    Shortcut {
        chord: Chord::ctrl(Key::Char('b')),
        command: Command::Bookshelf,
        description: "cmd-bookshelf",
    },
    Shortcut { chord: Chord::ctrl(Key::Char('o')), command: Command::OpenBook, description: "cmd-open-book" },
    Shortcut { chord: Chord::ctrl(Key::Char('+')), command: Command::ZoomIn, description: "cmd-zoom-in" },
    Shortcut { chord: Chord::ctrl(Key::Char('=')), command: Command::ZoomIn, description: "cmd-zoom-in" },
    Shortcut { chord: Chord::ctrl(Key::Char('-')), command: Command::ZoomOut, description: "cmd-zoom-out" },
    Shortcut {
        chord: Chord::ctrl(Key::Char('0')),
        command: Command::ZoomReset,
        description: "cmd-zoom-reset",
    },
    Shortcut {
        chord: Chord::ctrl_shift(Key::Char('t')),
        command: Command::NextTheme,
        description: "cmd-next-theme",
    },
    Shortcut {
        chord: Chord::ctrl_shift(Key::Char('v')),
        command: Command::ToggleVoicing,
        description: "cmd-toggle-voicing",
    },
    Shortcut {
        chord: Chord::ctrl(Key::Char('.')),
        command: Command::StopSpeech,
        description: "cmd-stop-speech",
    },
    Shortcut { chord: Chord::plain(Key::F(2)), command: Command::WhereAmI, description: "cmd-where-am-i" },
    Shortcut { chord: Chord::plain(Key::Tab), command: Command::FocusNext, description: "cmd-focus-next" },
    Shortcut {
        chord: Chord::shift(Key::Tab),
        command: Command::FocusPrevious,
        description: "cmd-focus-previous",
    },
    Shortcut { chord: Chord::ctrl(Key::Char('q')), command: Command::Quit, description: "cmd-quit" },
];

/// What a key does in the reader (when the text has focus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReaderCommand {
    /// Next paragraph, list item, row or image.
    NextUnit,
    /// Previous one.
    PreviousUnit,
    /// Next heading at the chosen level.
    NextHeading,
    /// Previous heading at the chosen level.
    PreviousHeading,
    /// Next print page.
    NextPage,
    /// Previous print page.
    PreviousPage,
    /// Beginning of the book.
    Start,
    /// End of the book.
    End,
    /// Move by headings of this level only (`None`: any level).
    HeadingLevel(Option<u8>),
    /// Open the table of contents.
    Contents,
    /// Open the list of print pages (go to page).
    Pages,
    /// Open the list of landmarks.
    Landmarks,
    /// Bookmark the current place.
    AddBookmark,
    /// Open the list of bookmarks.
    Bookmarks,
    /// Search in the book.
    Search,
    /// Copy the current paragraph's text (without ruby readings) to the clipboard.
    Copy,
    /// Back to where the last jump left from.
    HistoryBack,
    /// Forward again after going back.
    HistoryForward,
    /// Open the note the current text refers to (Alt+Left returns).
    FollowNote,
    /// Follow link number N of the current text (a screen reader's "activate" on a link).
    FollowLink(u16),
    /// Page pictures (fixed-layout books): enlarge.
    ZoomPageIn,
    /// Page pictures: make smaller.
    ZoomPageOut,
    /// Page pictures: as wide as the window.
    FitWidth,
    /// Page pictures: the whole page in the window.
    FitPage,
    /// Move an enlarged page picture: (right, down) in quarters of the window.
    Pan(i8, i8),
    /// Scroll the text a screenful down (the rest of a long paragraph).
    ScrollDown,
    /// Scroll the text a screenful up.
    ScrollUp,
    /// Play or pause the book's recorded audio (talking books, media overlays).
    PlayPause,
    /// Skip forward in the audio by the chosen step.
    SkipForward,
    /// Skip back in the audio by the chosen step.
    SkipBack,
    /// Play faster (pitch kept).
    Faster,
    /// Play slower.
    Slower,
    /// Next phrase (SMIL clip).
    NextPhrase,
    /// Previous phrase.
    PreviousPhrase,
    /// Sleep timer: off → 15 → 30 → 60 minutes → off; playback fades out and pauses.
    SleepTimer,
    /// Go to a time in the recorded audio (typed as minutes:seconds or h:mm:ss).
    GoToTime,
    /// Save the book (or part of it) as an audio file.
    SaveAudio,
    /// Leave the table, list, note or sidebar being read: on after it (in a talking book, where
    /// playback goes on after it, e.g. back into the text a note was read in).
    LeaveStructure,
}

/// One row of the reader's key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderShortcut {
    /// The keys.
    pub chord: Chord,
    /// What they do.
    pub command: ReaderCommand,
    /// The Fluent message id describing the command.
    pub description: &'static str,
}

const fn alt(key: Key) -> Chord {
    Chord { key, ctrl: false, shift: false, alt: true }
}

/// The reader's keys, the same that the talking-book player will use:
/// arrows move by text, Ctrl+arrows by heading, Page keys by print page.
pub const READER_SHORTCUTS: &[ReaderShortcut] = &[
    ReaderShortcut {
        chord: Chord::plain(Key::Down),
        command: ReaderCommand::NextUnit,
        description: "rcmd-next-unit",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::Up),
        command: ReaderCommand::PreviousUnit,
        description: "rcmd-previous-unit",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Down),
        command: ReaderCommand::NextHeading,
        description: "rcmd-next-heading",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Up),
        command: ReaderCommand::PreviousHeading,
        description: "rcmd-previous-heading",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::PageDown),
        command: ReaderCommand::NextPage,
        description: "rcmd-next-page",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::PageUp),
        command: ReaderCommand::PreviousPage,
        description: "rcmd-previous-page",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Home),
        command: ReaderCommand::Start,
        description: "rcmd-start",
    },
    ReaderShortcut { chord: Chord::ctrl(Key::End), command: ReaderCommand::End, description: "rcmd-end" },
    ReaderShortcut {
        chord: alt(Key::Char('0')),
        command: ReaderCommand::HeadingLevel(None),
        description: "rcmd-level-any",
    },
    ReaderShortcut {
        chord: alt(Key::Char('1')),
        command: ReaderCommand::HeadingLevel(Some(1)),
        description: "rcmd-level",
    },
    ReaderShortcut {
        chord: alt(Key::Char('2')),
        command: ReaderCommand::HeadingLevel(Some(2)),
        description: "rcmd-level",
    },
    ReaderShortcut {
        chord: alt(Key::Char('3')),
        command: ReaderCommand::HeadingLevel(Some(3)),
        description: "rcmd-level",
    },
    ReaderShortcut {
        chord: alt(Key::Char('4')),
        command: ReaderCommand::HeadingLevel(Some(4)),
        description: "rcmd-level",
    },
    ReaderShortcut {
        chord: alt(Key::Char('5')),
        command: ReaderCommand::HeadingLevel(Some(5)),
        description: "rcmd-level",
    },
    ReaderShortcut {
        chord: alt(Key::Char('6')),
        command: ReaderCommand::HeadingLevel(Some(6)),
        description: "rcmd-level",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::Space),
        command: ReaderCommand::ScrollDown,
        description: "rcmd-scroll",
    },
    ReaderShortcut {
        chord: Chord::shift(Key::Space),
        command: ReaderCommand::ScrollUp,
        description: "rcmd-scroll",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('f')),
        command: ReaderCommand::Search,
        description: "rcmd-search",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('c')),
        command: ReaderCommand::Copy,
        description: "rcmd-copy",
    },
    ReaderShortcut {
        chord: alt(Key::Left),
        command: ReaderCommand::HistoryBack,
        description: "rcmd-history-back",
    },
    ReaderShortcut {
        chord: alt(Key::Right),
        command: ReaderCommand::HistoryForward,
        description: "rcmd-history-forward",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::Enter),
        command: ReaderCommand::FollowNote,
        description: "rcmd-follow-note",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('e')),
        command: ReaderCommand::LeaveStructure,
        description: "rcmd-leave-structure",
    },
    ReaderShortcut {
        chord: alt(Key::Char('=')),
        command: ReaderCommand::ZoomPageIn,
        description: "rcmd-page-zoom",
    },
    ReaderShortcut {
        chord: alt(Key::Char('+')),
        command: ReaderCommand::ZoomPageIn,
        description: "rcmd-page-zoom",
    },
    ReaderShortcut {
        chord: alt(Key::Char('-')),
        command: ReaderCommand::ZoomPageOut,
        description: "rcmd-page-zoom",
    },
    ReaderShortcut {
        chord: Chord::ctrl_shift(Key::Char('w')),
        command: ReaderCommand::FitWidth,
        description: "rcmd-fit-width",
    },
    ReaderShortcut {
        chord: Chord::ctrl_shift(Key::Char('f')),
        command: ReaderCommand::FitPage,
        description: "rcmd-fit-page",
    },
    ReaderShortcut {
        chord: Chord::shift(Key::Right),
        command: ReaderCommand::Pan(1, 0),
        description: "rcmd-pan",
    },
    ReaderShortcut {
        chord: Chord::shift(Key::Left),
        command: ReaderCommand::Pan(-1, 0),
        description: "rcmd-pan",
    },
    ReaderShortcut {
        chord: Chord::shift(Key::Down),
        command: ReaderCommand::Pan(0, 1),
        description: "rcmd-pan",
    },
    ReaderShortcut {
        chord: Chord::shift(Key::Up),
        command: ReaderCommand::Pan(0, -1),
        description: "rcmd-pan",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('t')),
        command: ReaderCommand::Contents,
        description: "rcmd-contents",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('g')),
        command: ReaderCommand::Pages,
        description: "rcmd-pages",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('l')),
        command: ReaderCommand::Landmarks,
        description: "rcmd-landmarks",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('d')),
        command: ReaderCommand::AddBookmark,
        description: "rcmd-add-bookmark",
    },
    ReaderShortcut {
        chord: Chord::ctrl_shift(Key::Char('d')),
        command: ReaderCommand::Bookmarks,
        description: "rcmd-bookmarks",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Char('p')),
        command: ReaderCommand::PlayPause,
        description: "rcmd-play-pause",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::Right),
        command: ReaderCommand::SkipForward,
        description: "rcmd-skip",
    },
    ReaderShortcut {
        chord: Chord::plain(Key::Left),
        command: ReaderCommand::SkipBack,
        description: "rcmd-skip",
    },
    ReaderShortcut { chord: alt(Key::Up), command: ReaderCommand::Faster, description: "rcmd-speed" },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Right),
        command: ReaderCommand::NextPhrase,
        description: "rcmd-phrase",
    },
    ReaderShortcut {
        chord: Chord::ctrl(Key::Left),
        command: ReaderCommand::PreviousPhrase,
        description: "rcmd-phrase",
    },
    ReaderShortcut {
        chord: Chord::ctrl_shift(Key::Char('s')),
        command: ReaderCommand::SleepTimer,
        description: "rcmd-sleep",
    },
    ReaderShortcut {
        chord: Chord::ctrl_shift(Key::Char('g')),
        command: ReaderCommand::GoToTime,
        description: "rcmd-go-to-time",
    },
    ReaderShortcut {
        chord: Chord::ctrl_shift(Key::Char('e')),
        command: ReaderCommand::SaveAudio,
        description: "rcmd-save-audio",
    },
    ReaderShortcut { chord: alt(Key::Down), command: ReaderCommand::Slower, description: "rcmd-speed" },
];

/// The reader command bound to `chord`, if any.
pub fn reader_command_for(chord: Chord) -> Option<ReaderCommand> {
    READER_SHORTCUTS.iter().find(|s| s.chord == chord).map(|s| s.command)
}

/// The reader's keys to list in Help: one row per description.
pub fn reader_help_rows() -> Vec<ReaderShortcut> {
    let mut rows: Vec<ReaderShortcut> = Vec::new();
    for s in READER_SHORTCUTS {
        if !rows.iter().any(|r| r.description == s.description) {
            rows.push(*s);
        }
    }
    rows
}

/// Keys that act on the focused control, for the Help screen: (keys label
/// message id, description message id).
pub const CONTROL_KEYS: &[(&str, &str)] = &[
    ("keys-activate", "cmd-activate"),
    ("keys-arrows-list", "cmd-arrows-list"),
    ("keys-arrows-adjust", "cmd-arrows-adjust"),
    ("keys-page-adjust", "cmd-page-adjust"),
    ("keys-home-end", "cmd-home-end"),
];

/// The command bound to `chord`, if any.
pub fn command_for(chord: Chord) -> Option<Command> {
    SHORTCUTS.iter().find(|s| s.chord == chord).map(|s| s.command)
}

/// The shortcuts to list in Help: one row per command (the first chord
/// bound to it), in table order.
pub fn help_rows() -> Vec<Shortcut> {
    let mut rows: Vec<Shortcut> = Vec::new();
    for s in SHORTCUTS {
        if !rows.iter().any(|r| r.command == s.command) {
            rows.push(*s);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_chord_is_bound_twice() {
        for (i, a) in SHORTCUTS.iter().enumerate() {
            for b in SHORTCUTS.iter().skip(i + 1) {
                assert_ne!(a.chord, b.chord, "{:?} and {:?} share keys", a.command, b.command);
            }
        }
    }

    #[test]
    fn reader_keys_do_not_shadow_global_ones() {
        for (i, a) in READER_SHORTCUTS.iter().enumerate() {
            assert_eq!(command_for(a.chord), None, "{:?} is also global", a.command);
            for b in READER_SHORTCUTS.iter().skip(i + 1) {
                assert_ne!(a.chord, b.chord);
            }
        }
        assert_eq!(reader_command_for(alt(Key::Char('2'))), Some(ReaderCommand::HeadingLevel(Some(2))));
        assert_eq!(reader_help_rows().len(), 33);
        assert_eq!(reader_command_for(Chord::ctrl(Key::Char('e'))), Some(ReaderCommand::LeaveStructure));
        assert_eq!(reader_command_for(Chord::ctrl(Key::Char('c'))), Some(ReaderCommand::Copy));
    }

    #[test]
    fn lookups_follow_the_table() {
        assert_eq!(command_for(Chord::plain(Key::F(1))), Some(Command::Help));
        assert_eq!(command_for(Chord::ctrl(Key::Char('='))), Some(Command::ZoomIn));
        assert_eq!(command_for(Chord::plain(Key::Char('x'))), None);
    }

    #[test]
    fn help_lists_each_command_once() {
        let rows = help_rows();
        let zooms = rows.iter().filter(|r| r.command == Command::ZoomIn).count();
        assert_eq!(zooms, 1);
        assert_eq!(rows.len(), SHORTCUTS.len() - 1);
    }

    #[test]
    fn no_shortcut_uses_screen_reader_modifier_keys_alone() {
        // Screen readers own Insert/Caps Lock; we never bind plain letters
        // either, which screen readers use for quick navigation.
        for s in SHORTCUTS {
            if let Key::Char(_) = s.chord.key {
                assert!(s.chord.ctrl || s.chord.alt, "{:?} is a bare letter", s.command);
            }
        }
    }
}
