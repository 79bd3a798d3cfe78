//! The application: the stack of open screens, keyboard focus as app state,
//! settings applied live, and the three outputs that follow every change —
//! the view, the accessibility tree and the app's own voice.

mod books;
mod browser_sign_in;
mod change;
mod holds;
mod lending;
mod library;
mod player;
mod protected;
mod read_aloud;
mod save_audio;
mod view;
pub use view::STATUS_SHARE;
mod voice;

use books::open_book;
use voice::{detect_screen_reader, native_window};

use super::screen::{self, Action, Change, Kind, Screen};
use super::{form, keys, theme};
use crate::a11y::adapter::Accessibility;
use crate::a11y::{self, ControlKind, Input, KeyEffect, ScreenModel, phrase};
use crate::appearance::{FontChoice, ThemeId};
use crate::commands::{self, Chord, Command};
use crate::fl;
use crate::listen::speech::{Speaker, SpeechStatus};
use crate::store::{Paths, Settings};
use accesskit::ActionRequest;
use futures::channel::mpsc::UnboundedReceiver;
use iced::{Subscription, Task};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How the app was started.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where files live.
    pub paths: Paths,
    /// In `--measure` mode: when the process started.
    pub measure_from: Option<Instant>,
    /// A book to open at start (`tomoshibi open PATH`).
    pub open: Option<std::path::PathBuf>,
    /// The voice to use instead of the system's (tests record what the app
    /// says with one). `None`: the system speech service.
    pub voice: Option<Speaker>,
    /// Where talking books play instead of the sound card (tests pull the samples).
    /// `None`: the default sound device.
    pub audio_output: Option<AudioOutputFactory>,
}

/// How long after start the engines' voices are looked up for Settings.
const FIND_VOICES_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// Makes the output a talking book plays into.
#[derive(Clone)]
pub struct AudioOutputFactory(pub Arc<dyn Fn() -> Box<dyn crate::listen::audio::AudioOutput> + Send + Sync>);

impl std::fmt::Debug for AudioOutputFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AudioOutputFactory")
    }
}

/// Everything that can happen.
#[derive(Debug, Clone)]
pub enum Message {
    /// A key that no widget used was pressed.
    KeyPressed(Chord),
    /// A control was clicked or dragged.
    Control {
        /// Its index in the screen's controls.
        index: usize,
        /// What happened.
        input: Input,
    },
    /// The window gained (`true`) or lost keyboard focus.
    WindowFocused(bool),
    /// A screen reader asked for an action.
    Accessibility(ActionRequest),
    /// Time to check again whether a screen reader runs.
    DetectScreenReader,
    /// Screen-reader detection finished.
    ScreenReaderDetected(Option<bool>),
    /// Whether the screen reader hears AT-SPI announcements (`None`: cannot be told).
    AnnouncementsHeard(Option<bool>),
    /// The speech service finished connecting.
    SpeechChecked(SpeechStatus),
    /// The window's native handle was read (Windows, macOS: the
    /// accessibility adapter attaches, then the hidden window is shown).
    NativeWindow(iced::window::Id, Option<a11y::adapter::NativeWindow>),
    /// A text field was edited.
    TextChanged {
        /// Its index in the screen's controls.
        index: usize,
        /// Its new text.
        value: String,
    },
    /// A book finished opening (on a worker thread).
    BookOpened(std::path::PathBuf, Result<Arc<crate::book::Publication>, crate::book::BookError>),
    /// A reading position was saved (or not).
    PositionSaved(Result<(), crate::store::db::DbError>),
    /// Time to check whether a loan has ended.
    CheckLoans,
    /// Time to ask the library in use whether a hold came in.
    CheckHolds,
    /// Time to see what the talking-book player played.
    PlayerTick,
    /// The speech service for reading aloud started (or could not).
    VoiceStarted(read_aloud::StartedVoice),
    /// Saving the book as an audio file progressed or ended.
    Export(save_audio::ExportEvent),
    /// Give the typing focus to this text field (it has our focus).
    FocusTextField(a11y::ControlId),
    /// Library work done in the background finished or progressed.
    Library(library::Event),
    /// A frame was drawn (`--measure`): the one asked for at this instant.
    FrameDrawn(Instant),
    /// The focused control's and the scroll area's bounds were measured.
    ScrollMeasured(Option<iced::widget::selector::Target>, Option<iced::widget::selector::Target>),
}

/// Hands the receiving end of the accessibility channel to the
/// subscription (which can only take hashable data).
#[derive(Clone)]
struct ActionInbox(Arc<Mutex<Option<UnboundedReceiver<ActionRequest>>>>);

impl std::hash::Hash for ActionInbox {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        "tomoshibi.accessibility-actions".hash(state);
    }
}

fn action_stream(inbox: &ActionInbox) -> futures::stream::BoxStream<'static, Message> {
    use futures::StreamExt;
    match inbox.0.lock().ok().and_then(|mut r| r.take()) {
        Some(rx) => rx.map(Message::Accessibility).boxed(),
        None => futures::stream::empty().boxed(),
    }
}

/// The running application.
pub struct App {
    paths: Paths,
    settings: Settings,
    theme: iced::Theme,
    stack: Vec<Screen>,
    focus: Option<usize>,
    status: Option<String>,
    /// Reports not yet in the accessibility tree, then the status line's.
    announcements: Vec<a11y::tree::Announcement>,
    /// How many reports were made (numbers each announcement).
    said: u64,
    notice: Option<String>,
    speaker: Option<Speaker>,
    voice: Option<Speaker>,
    db: Option<Arc<Mutex<crate::store::db::Database>>>,
    /// The library being used.
    session: Option<library::Session>,
    /// The built-in demo library, once started.
    demo: Option<screen::Shared<crate::demo_library::DemoLibrary>>,
    /// Where PINs are kept (asked for on first use).
    secrets: Option<Arc<dyn crate::library::credentials::SecretStore>>,
    /// The open book's recorded audio, when it has some.
    talking: Option<crate::listen::talking_book::TalkingBook>,
    /// The engines speaking the open talking book's text without a recording (their voices
    /// follow Settings).
    talking_voices: Option<Arc<crate::listen::read_aloud::synth::SharedEngines>>,
    /// The book being read aloud by a speech engine, when it has no recorded audio.
    #[cfg(unix)]
    voice_reader: Option<crate::listen::book_voice::BookVoice>,
    /// Whether the speech service for reading aloud is starting.
    #[cfg(unix)]
    voice_starting: read_aloud::Starting,
    /// The talking-book sleep timer, when set.
    sleep: Option<player::Sleep>,
    /// The audio file being saved, when one is.
    export: Option<crate::listen::audio::ExportWatch>,
    /// Where talking books play (tests); `None`: the sound card.
    audio_output: Option<AudioOutputFactory>,
    /// Holds already said to be ready in this run (publication identifiers).
    holds_announced: std::collections::HashSet<String>,
    /// The control that led to the sign-in form (focus returns there).
    sign_in_from: Option<a11y::ControlId>,
    /// The LCP user key to keep once the book it opened is open.
    key_to_keep: Option<protected::KeyToKeep>,
    /// Loans of books just downloaded, recorded when they open.
    pending_loans: std::collections::HashMap<std::path::PathBuf, crate::store::db::Loan>,
    /// `--measure`: when the first frame was drawn.
    first_frame: Option<std::time::Duration>,
    /// A book was asked for at start (`tomoshibi open PATH`).
    opening_book: bool,
    /// When the book given at start was asked to open (for `--measure`).
    open_asked: Option<Instant>,
    /// When the reader was shown (for `--measure`).
    reader_shown: Option<Instant>,
    screen_reader: bool,
    /// Whether the screen reader presents announcements; when it does not (Orca 43), each one
    /// is also put in the focused element's description, which it does present.
    announcements_heard: bool,
    /// The announcement in the focused element's description, for such a screen reader.
    described: Option<voice::Described>,
    access: Accessibility,
    inbox: ActionInbox,
    measure_from: Option<Instant>,
}

impl App {
    /// Loads settings, opens the first screen and starts the background
    /// checks (screen reader, speech).
    pub fn new(options: Options) -> (Self, Task<Message>) {
        let mut damaged = false;
        let settings = match Settings::load(&options.paths.settings_file()) {
            Ok(Some(s)) => s,
            Ok(None) => first_run_settings(),
            Err(e) => {
                tracing::warn!("{e}");
                damaged = true;
                first_run_settings()
            }
        };
        crate::i18n::select(settings.language);
        // Said in the language the app now speaks (not the one before the settings were read).
        let notice = damaged.then(|| fl!("notice-settings-damaged"));
        let (sender, receiver) = futures::channel::mpsc::unbounded();
        let first = if settings.welcomed { Kind::Bookshelf } else { Kind::Welcome };
        let first = Screen::open(first, &settings);
        let mut app = Self {
            paths: options.paths,
            theme: theme::iced_theme(settings.theme),
            settings,
            stack: vec![first],
            // A book given to open: nothing takes the focus until it is open (a screen reader
            // would otherwise hear a shelf button first).
            focus: options.open.is_none().then_some(0),
            status: None,
            announcements: Vec::new(),
            said: 0,
            notice,
            speaker: None,
            voice: options.voice,
            db: None,
            session: None,
            demo: None,
            secrets: None,
            talking: None,
            talking_voices: None,
            sleep: None,
            export: None,
            #[cfg(unix)]
            voice_reader: None,
            #[cfg(unix)]
            voice_starting: read_aloud::Starting::No,
            audio_output: options.audio_output,
            holds_announced: std::collections::HashSet::new(),
            pending_loans: std::collections::HashMap::new(),
            key_to_keep: None,
            sign_in_from: None,
            first_frame: None,
            opening_book: options.open.is_some(),
            open_asked: options.open.as_ref().map(|_| Instant::now()),
            reader_shown: None,
            screen_reader: false,
            announcements_heard: true,
            described: None,
            access: Accessibility::new(sender),
            inbox: ActionInbox(Arc::new(Mutex::new(Some(receiver)))),
            measure_from: options.measure_from,
        };
        app.open_database();
        app.enforce_loans(true);
        app.refresh_shelf();
        let open = options.open.map_or_else(Task::none, open_book);
        app.access.set_window_focused(true);
        app.push_tree();
        // Speech starts once we know whether a screen reader is running, so
        // the first words are never spoken twice.
        let attach = if a11y::adapter::NEEDS_NATIVE_WINDOW {
            iced::window::latest().and_then(|id| {
                iced::window::run(id, native_window).map(move |handle| Message::NativeWindow(id, handle))
            })
        } else {
            Task::none()
        };
        let holds = app.check_saved_holds();
        // The engines' voices, for Settings, found by a worker thread once start-up is over
        // (thirteen engine runs, not to compete with the first page).
        let voices = Task::future(async {
            tokio::time::sleep(FIND_VOICES_AFTER).await;
            tokio::task::spawn_blocking(screen::prefs::find_voices).await
        })
        .discard();
        (app, Task::batch([detect_screen_reader(), attach, open, holds, voices]))
    }

    /// The window title: the app and the current screen.
    pub fn title(&self) -> String {
        window_title(&self.model())
    }

    /// The current colour theme.
    pub fn theme(&self) -> iced::Theme {
        self.theme.clone()
    }

    /// The interface scale factor.
    pub fn scale_factor(&self) -> f32 {
        f32::from(self.settings.ui_scale) / 100.0
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Index of the focused control.
    pub fn focus(&self) -> Option<usize> {
        self.focus
    }

    /// Which screen is showing.
    pub fn screen_kind(&self) -> Option<Kind> {
        self.stack.last().map(Screen::kind)
    }

    /// What the current screen shows.
    pub fn model(&self) -> ScreenModel {
        self.stack.last().map_or_else(
            || ScreenModel { title: String::new(), text: Vec::new(), controls: Vec::new() },
            |s| s.model(&self.settings),
        )
    }

    /// The status line: the last result announced.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The open book's reader, whichever screen (Settings, a list of places…) is above it.
    fn open_reader(&self) -> Option<&screen::reader::ReaderScreen> {
        reader_in(&self.stack)
    }

    /// The text marked in the open book: the sentence or word read aloud, the phrase of a
    /// talking book playing.
    pub fn marked(&self) -> Option<&str> {
        let Some(Screen::Reader(reader)) = self.stack.last() else { return None };
        let range = reader.highlight.clone()?;
        reader.units().get(reader.index())?.text.get(range)
    }

    /// Handles one message (a dispatch table; each arm one named step).
    pub fn update(&mut self, message: Message) -> Task<Message> {
        let task = match message {
            Message::KeyPressed(chord) => self.key_pressed(chord),
            Message::Control { index, input } => self.control_input(index, input),
            Message::WindowFocused(focused) => {
                self.access.set_window_focused(focused);
                Task::none()
            }
            Message::Accessibility(request) => self.accessibility_action(&request),
            Message::DetectScreenReader => detect_screen_reader(),
            Message::ScreenReaderDetected(found) => self.screen_reader_detected(found),
            Message::AnnouncementsHeard(heard) => {
                self.announcements_heard = heard.unwrap_or(true);
                Task::none()
            }
            Message::SpeechChecked(status) => self.speech_checked(&status),
            Message::NativeWindow(id, handle) => self.attach_window(id, handle),
            Message::TextChanged { index, value } => self.text_changed(index, value),
            Message::BookOpened(path, result) => self.book_opened(path, result),
            Message::PositionSaved(result) => self.position_saved(result),
            Message::Library(event) => self.library_event(event),
            Message::CheckLoans => {
                self.enforce_loans(false);
                Task::none()
            }
            Message::CheckHolds => self.check_session_holds(),
            Message::PlayerTick => self.player_tick(),
            Message::VoiceStarted(started) => self.voice_started(started),
            Message::Export(event) => self.export_event(event),
            Message::FocusTextField(id) => iced::widget::operation::focus(form::input_id(id)),
            Message::FrameDrawn(asked) => self.frame_drawn(asked),
            Message::ScrollMeasured(control, area) => scroll_into_view(control.as_ref(), area.as_ref()),
        };
        if !self.stack.iter().any(|s| matches!(s, Screen::Reader(_))) {
            // The book closed: its audio stops with it.
            self.stop_player();
        }
        self.push_tree();
        task
    }

    /// Keys, window focus, screen-reader actions and (when measuring) frames.
    pub fn subscription(&self) -> Subscription<Message> {
        let events = iced::event::listen_with(|event, status, _window| match event {
            iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
                key, modified_key, modifiers, ..
            }) if status == iced::event::Status::Ignored => {
                keys::chord(&key, &modified_key, modifiers).map(Message::KeyPressed)
            }
            iced::Event::Window(iced::window::Event::Focused) => Some(Message::WindowFocused(true)),
            iced::Event::Window(iced::window::Event::Unfocused) => Some(Message::WindowFocused(false)),
            _ => None,
        });
        let actions = Subscription::run_with(self.inbox.clone(), action_stream);
        // A screen reader may start or stop while we run: look again now and then.
        let poll = iced::time::every(std::time::Duration::from_secs(5)).map(|_| Message::DetectScreenReader);
        let loans = iced::time::every(std::time::Duration::from_secs(60)).map(|_| Message::CheckLoans);
        let signed_in = self.session.as_ref().is_some_and(|s| s.credentials.is_some());
        let holds = if signed_in {
            iced::time::every(holds::HOLDS_POLL).map(|_| Message::CheckHolds)
        } else {
            Subscription::none()
        };
        let player = if self.playing() {
            iced::time::every(player::TICK).map(|_| Message::PlayerTick)
        } else {
            Subscription::none()
        };
        let frames = if self.measure_from.is_some() {
            iced::window::frames().map(Message::FrameDrawn)
        } else {
            Subscription::none()
        };
        Subscription::batch([events, actions, poll, loans, holds, player, frames])
    }

    fn key_pressed(&mut self, chord: Chord) -> Task<Message> {
        if let Some(s) = &self.speaker {
            s.stop();
        }
        if self.focus == Some(0)
            && let Some(command) = commands::reader_command_for(chord)
            && matches!(self.stack.last(), Some(Screen::Reader(_)))
        {
            return self.reader_command(command);
        }
        if let Some(typed) = self.type_into_field(chord) {
            return typed;
        }
        let unmodified = !chord.ctrl && !chord.alt && !chord.shift;
        if unmodified {
            let model = self.model();
            if let Some((index, control)) = self.focus.and_then(|i| model.controls.get(i).map(|c| (i, c))) {
                match a11y::key_effect(&control.kind, chord.key) {
                    Some(KeyEffect::Input(input)) => return self.control_input(index, input),
                    Some(KeyEffect::MoveFocus(delta)) => return self.move_focus(delta, false),
                    Some(KeyEffect::ListEdge { last }) => return self.list_edge(&model, index, last),
                    None => {}
                }
            }
        }
        match commands::command_for(chord) {
            Some(command) => self.run_command(command),
            None => Task::none(),
        }
    }

    fn run_command(&mut self, command: Command) -> Task<Message> {
        match command {
            Command::Help => self.open_unless_current(Kind::Help),
            Command::Back => self.back(),
            Command::Settings => self.open_unless_current(Kind::Settings),
            Command::Bookshelf => self.go_home(),
            Command::OpenBook => self.open_unless_current(Kind::OpenBook),
            Command::ZoomIn => self.change_scale(1),
            Command::ZoomOut => self.change_scale(-1),
            Command::ZoomReset => self.apply(Change::UiScale(100)),
            Command::NextTheme => {
                let i = ThemeId::ALL.iter().position(|t| *t == self.settings.theme).unwrap_or(0);
                let next = ThemeId::ALL.get(i + 1).copied().unwrap_or(ThemeId::Light);
                self.apply(Change::Theme(next))
            }
            Command::ToggleVoicing => {
                let speaking = self.settings.voicing.speaks(self.screen_reader);
                self.apply(Change::Voicing(if speaking {
                    a11y::VoicingMode::Off
                } else {
                    a11y::VoicingMode::On
                }))
            }
            Command::StopSpeech => Task::none(),
            Command::WhereAmI => {
                let text =
                    self.reader_where_am_i().unwrap_or_else(|| phrase::screen(&self.model(), self.focus));
                self.report(text);
                Task::none()
            }
            Command::FocusNext => self.move_focus(1, true),
            Command::FocusPrevious => self.move_focus(-1, true),
            Command::Quit => iced::exit(),
        }
    }

    /// A character typed while a text field has our focus but not yet the toolkit's (it is
    /// given a moment later, once the field is drawn; later still on a busy computer): it goes
    /// into the field all the same, and the field takes the typing focus. Regression: the first
    /// digits of a card number typed at once after moving to its field were lost.
    fn type_into_field(&mut self, chord: Chord) -> Option<Task<Message>> {
        use crate::commands::Key;
        let typed = match chord.key {
            _ if chord.ctrl || chord.alt => return None,
            // Shifted letters are capitals; what Shift makes of other keys is not known here.
            Key::Char(c) if chord.shift => Some(c).filter(|c| c.is_alphabetic())?.to_uppercase().next()?,
            Key::Char(c) => c,
            Key::Space if !chord.shift => ' ',
            _ => return None,
        };
        let index = self.focus?;
        let model = self.model();
        let control = model.controls.get(index)?;
        let ControlKind::TextField { value, .. } = &control.kind else { return None };
        let (id, value) = (control.id, format!("{value}{typed}"));
        let changed = self.text_changed(index, value);
        Some(Task::batch([changed, iced::widget::operation::focus(form::input_id(id))]))
    }

    fn text_changed(&mut self, index: usize, value: String) -> Task<Message> {
        let model = self.model();
        if let (Some(control), Some(screen)) = (model.controls.get(index), self.stack.last_mut()) {
            screen.edit(control.id, value);
        }
        self.focus = Some(index);
        Task::none()
    }

    fn change_scale(&mut self, steps: i32) -> Task<Message> {
        let range = crate::store::settings::UI_SCALE;
        let next = range.clamp(i32::from(self.settings.ui_scale) + steps * i32::from(range.step));
        self.apply(Change::UiScale(next))
    }

    fn control_input(&mut self, index: usize, input: Input) -> Task<Message> {
        let model = self.model();
        let Some(control) = model.controls.get(index) else { return Task::none() };
        let moved = self.focus != Some(index);
        self.focus = Some(index);
        let message = screen::Message { control: control.id, input };
        let action = match self.stack.last_mut() {
            Some(screen) => screen.update(message, &self.settings),
            None => Action::None,
        };
        let task = self.perform(action);
        if moved && matches!(input, Input::Set(_)) {
            self.say_focus();
        }
        task
    }

    fn perform(&mut self, action: Action) -> Task<Message> {
        match action {
            Action::None => Task::none(),
            Action::Change(change) => self.apply(change),
            Action::ChangeAndReplace(change, kind) => {
                let _ = self.apply(change);
                self.stack.clear();
                self.show(Screen::open(kind, &self.settings))
            }
            Action::Open(kind) => self.show(Screen::open(kind, &self.settings)),
            Action::OpenBook(path) => open_book(path),
            Action::Unlock(unlock) => self.unlock(unlock),
            Action::GoTo(target) => self.go_to(&target),
            Action::GoToTime(ms) => self.go_to_time(ms),
            Action::SaveAudio(request) => self.start_save_audio(request),
            Action::StopSavingAudio => self.stop_save_audio(),
            Action::Search(query) => self.search(&query),
            Action::Library(request) => self.library_request(request),
            Action::Refocus => {
                self.focus = Some(0);
                // A problem the screen now shows ("Type your card number and PIN") is an
                // alert for screen readers; the app's own voice says it with the screen.
                if let Some(problem) = self.model().text.into_iter().rev().find(|t| t.alert) {
                    self.announce(problem.text, true);
                }
                self.say_screen();
                self.scroll_to_focus()
            }
            Action::Moved(control) => {
                self.focus = self.model().index_of(control).or(Some(0));
                self.announce_screen_text();
                self.say_screen();
                self.scroll_to_focus()
            }
            Action::Back => self.back(),
            Action::Quit => iced::exit(),
        }
    }

    fn open_unless_current(&mut self, kind: Kind) -> Task<Message> {
        if self.screen_kind() == Some(kind)
            || self.screen_kind() == Some(Kind::Welcome) && kind == Kind::Settings
        {
            return Task::none();
        }
        self.show(Screen::open(kind, &self.settings))
    }

    fn show(&mut self, screen: Screen) -> Task<Message> {
        // A screen still loading gets the focus when it has loaded (on its first control, which
        // is not yet there): focusing a control now would send a screen reader there first.
        self.focus = (!screen.is_loading()).then_some(0);
        self.stack.push(screen);
        self.say_screen();
        self.scroll_to_focus()
    }

    fn back(&mut self) -> Task<Message> {
        if self.stack.len() <= 1 {
            return Task::none();
        }
        let left = self.stack.pop().map(|s| s.kind());
        if left == Some(Kind::SignIn)
            && let Some(session) = &mut self.session
        {
            // Leaving the sign-in screen stops a browser sign-in still waiting.
            session.browser = None;
        }
        self.refresh_shelf();
        let model = self.model();
        // Return focus to the control that opened the screen we left.
        let opener = match left {
            Some(Kind::Settings) => model.index_of(screen::bookshelf::SETTINGS),
            Some(Kind::Help) => model.index_of(screen::bookshelf::HELP),
            Some(Kind::SignIn) => self.sign_in_from.take().and_then(|id| model.index_of(id)),
            _ => None,
        };
        self.focus = opener.or(Some(0));
        self.say_screen();
        self.scroll_to_focus()
    }

    fn go_home(&mut self) -> Task<Message> {
        if !self.settings.welcomed || self.screen_kind() == Some(Kind::Bookshelf) {
            return Task::none();
        }
        self.stack.truncate(1);
        self.refresh_shelf();
        self.focus = Some(0);
        self.say_screen();
        self.scroll_to_focus()
    }

    fn move_focus(&mut self, delta: i32, wrap: bool) -> Task<Message> {
        let count = self.model().controls.len();
        if count == 0 {
            return Task::none();
        }
        let count = i32::try_from(count).unwrap_or(i32::MAX);
        let current =
            self.focus.and_then(|f| i32::try_from(f).ok()).unwrap_or(if delta > 0 { -1 } else { count });
        let next = current + delta;
        let next = if wrap { next.rem_euclid(count) } else { next.clamp(0, count - 1) };
        self.set_focus(usize::try_from(next).unwrap_or(0))
    }

    fn list_edge(&mut self, model: &ScreenModel, index: usize, last: bool) -> Task<Message> {
        let in_list =
            |i: usize| matches!(model.controls.get(i).map(|c| &c.kind), Some(ControlKind::ListItem { .. }));
        let mut target = index;
        if last {
            while in_list(target + 1) {
                target += 1;
            }
        } else {
            while target > 0 && in_list(target - 1) {
                target -= 1;
            }
        }
        self.set_focus(target)
    }

    fn set_focus(&mut self, index: usize) -> Task<Message> {
        self.focus = Some(index);
        self.say_focus();
        self.scroll_to_focus()
    }

    fn scroll_to_focus(&self) -> Task<Message> {
        let model = self.model();
        let Some(control) = self.focus.and_then(|i| model.controls.get(i)) else { return Task::none() };
        let id = iced::widget::Id::new(control.id.0);
        let scroll = iced::widget::selector::find(id).then(|found| {
            iced::widget::selector::find(iced::widget::Id::new(form::SCROLL_ID))
                .map(move |area| Message::ScrollMeasured(found.clone(), area))
        });
        // Typing goes to a text field only while our focus is on it; focusing
        // an id no widget has takes iced's input focus away again.
        // A text field gets the typing focus on the next turn, once the screen that has it
        // has been drawn (a new screen's field does not exist yet).
        let input = match control.kind {
            ControlKind::TextField { .. } => {
                let id = control.id;
                let drawn = async { tokio::time::sleep(std::time::Duration::from_millis(50)).await };
                Task::perform(drawn, move |()| Message::FocusTextField(id))
            }
            _ => iced::widget::operation::focus(iced::widget::Id::new("tomoshibi.no-text-field")),
        };
        Task::batch([scroll, input])
    }

    /// A frame was drawn: the one asked for at `asked` (its message comes once it is drawn).
    fn frame_drawn(&mut self, asked: Instant) -> Task<Message> {
        let Some(start) = self.measure_from else { return Task::none() };
        let first = *self.first_frame.get_or_insert_with(|| start.elapsed());
        // With a book to open, measure until a frame begun after the reader was shown has been
        // drawn (a frame begun before it, whose message comes after, drew the screen before).
        let drawn = matches!(self.stack.last(), Some(Screen::Reader(_)))
            && self.reader_shown.is_some_and(|shown| asked >= shown);
        let waiting_for_book = self.opening_book && !drawn;
        if waiting_for_book {
            return Task::none();
        }
        self.measure_from = None;
        let book = self.opening_book.then(|| (start.elapsed(), self.open_asked.map(|t| t.elapsed())));
        super::measure::print_report(first, book);
        iced::exit()
    }
}

/// The window title for a screen: the app's name and the screen's title.
fn window_title(model: &ScreenModel) -> String {
    fl!("window-title", screen = model.title.clone())
}

fn first_run_settings() -> Settings {
    let dark = crate::appearance::system::prefers_dark();
    let high_contrast = crate::appearance::system::prefers_high_contrast();
    Settings {
        language: crate::i18n::Language::from_os(),
        theme: ThemeId::from_system(dark, high_contrast),
        font: FontChoice::Automatic,
        ..Settings::default()
    }
}

/// Scrolls so the focused control is fully visible, with a margin.
fn scroll_into_view(
    control: Option<&iced::widget::selector::Target>,
    area: Option<&iced::widget::selector::Target>,
) -> Task<Message> {
    let (Some(control), Some(iced::widget::selector::Target::Scrollable { bounds, translation, .. })) =
        (control, area)
    else {
        return Task::none();
    };
    let Some(target) = form::scroll_target(control.bounds(), *bounds, translation.y) else {
        return Task::none();
    };
    iced::widget::operation::scroll_to(
        iced::widget::Id::new(form::SCROLL_ID),
        iced::widget::operation::AbsoluteOffset { x: None, y: Some(target) },
    )
}

/// The reader in a screen stack, whichever screens are above it.
fn reader_in(stack: &[Screen]) -> Option<&screen::reader::ReaderScreen> {
    stack.iter().rev().find_map(|s| match s {
        Screen::Reader(reader) => Some(&**reader),
        _ => None,
    })
}
