//! What the in-process UI tests share: the real `App` built on a temporary home, keys and
//! clicks fed to it as the runtime would, and the settings and fonts of a window.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iced::{Font, Size};
use iced_test::Simulator;
use tomoshibi::appearance::BUNDLED_FONTS;
use tomoshibi::commands::{Chord, Key};
use tomoshibi::store::{Paths, Settings};
use tomoshibi::ui::app::{App, Message, Options};

/// The interface language is process-wide (one window, one language), so
/// these tests take turns.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn iced_settings() -> iced::Settings {
    iced::Settings {
        fonts: BUNDLED_FONTS.iter().map(|f| std::borrow::Cow::Borrowed(f.bytes)).collect(),
        default_font: Font::with_name("BIZ UDPGothic"),
        ..iced::Settings::default()
    }
}

pub fn app_with(home: &std::path::Path, settings: Option<Settings>) -> App {
    let paths = Paths::under(home);
    if let Some(s) = settings {
        s.save(&paths.settings_file()).unwrap();
    }
    let (app, _startup) =
        App::new(Options { paths, measure_from: None, open: None, voice: None, audio_output: None });
    app
}

/// Settings for a returning user with the app's voice off (tests are silent).
pub fn returning_user() -> Settings {
    Settings { welcomed: true, voicing: tomoshibi::a11y::VoicingMode::Off, ..Settings::default() }
}

pub fn press(app: &mut App, chord: Chord) {
    let _ = app.update(Message::KeyPressed(chord));
}

pub fn key(app: &mut App, key: Key) {
    press(app, Chord::plain(key));
}

/// Clicks the element showing `label` in the app's current view and feeds
/// the resulting messages back, as the runtime would.
pub fn click(app: &mut App, label: &'static str) {
    let size = logical_size(app);
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_size(iced_settings(), size, app.view());
        ui.click(label).unwrap_or_else(|e| panic!("no {label:?} to click: {e:?}"));
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
}

/// The window is 1024×768 physical pixels; the interface scale divides it.
pub fn logical_size(app: &App) -> Size {
    let scale = app.scale_factor();
    Size::new(1024.0 / scale, 768.0 / scale)
}

/// Opens the fixture book at `rel` (under `tests/fixtures/books`) as the app would.
pub fn opened(app: &mut App, rel: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books").join(rel);
    let publication = tomoshibi::book::open(&path).map(std::sync::Arc::new);
    let _ = app.update(Message::BookOpened(path, publication));
}

/// The reader's current text (its focused control's name).
pub fn reader_text(app: &App) -> String {
    app.model().controls[0].name.clone()
}

/// Moves down through the open book, as a reader would with Down, to the first text holding
/// `wanted`; fails if the book ends first.
pub fn down_to(app: &mut App, wanted: &str) {
    while !reader_text(app).contains(wanted) {
        let before = reader_text(app);
        key(app, Key::Down);
        assert_ne!(reader_text(app), before, "reached the end without {wanted:?}");
    }
}

/// Records what the app asks its voice to say (the engine is the only part
/// replaced; the app's speech worker and phrase building are real).
pub struct Recorder(pub std::sync::mpsc::Sender<String>);

impl tomoshibi::listen::speech::TtsEngine for Recorder {
    fn speak(&mut self, text: &str, _interrupt: bool) -> Result<(), tomoshibi::listen::speech::SpeechError> {
        let _ = self.0.send(text.to_owned());
        Ok(())
    }
    fn stop(&mut self) -> Result<(), tomoshibi::listen::speech::SpeechError> {
        let _ = self.0.send("<stop>".to_owned());
        Ok(())
    }
    fn set_language(&mut self, _tag: &str) {}
    fn set_rate(&mut self, _factor: f32) {}
}

pub fn speaking_app(
    home: &std::path::Path,
    voicing: tomoshibi::a11y::VoicingMode,
) -> (App, std::sync::mpsc::Receiver<String>) {
    let paths = Paths::under(home);
    Settings { welcomed: true, voicing, ..Settings::default() }.save(&paths.settings_file()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let voice = tomoshibi::listen::speech::Speaker::spawn(move || Ok(Recorder(tx)));
    let (app, _startup) =
        App::new(Options { paths, measure_from: None, open: None, voice: Some(voice), audio_output: None });
    (app, rx)
}

/// Everything said within a short quiet period, stops left out.
pub fn heard(rx: &std::sync::mpsc::Receiver<String>) -> Vec<String> {
    let mut said = Vec::new();
    while let Ok(text) = rx.recv_timeout(std::time::Duration::from_millis(300)) {
        if text != "<stop>" {
            said.push(text);
        }
    }
    said
}
