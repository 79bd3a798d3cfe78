//! Frame time of the reader at 400 % text size: each page turn (the next unit, or the
//! next page of a comic) is followed by building the view, laying it out and drawing it
//! with the software renderer (tiny-skia, what this machine's Xvfb display gets) into a
//! 1024×768 picture, with one renderer and layout cache kept from frame to frame as the
//! running app keeps them — the whole of a frame's work except handing the pixels over. Prints median and worst per book and the
//! process's resident memory after reading through; exits non-zero when a median frame
//! misses 16 ms or memory passes 120 MB.
//!
//! `cargo bench --bench reader_frames`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use iced::advanced::renderer::Headless as _;
use iced::{Font, Pixels, Size};
use iced_runtime::user_interface::{self, UserInterface};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tomoshibi::appearance::{BUNDLED_FONTS, ThemeId};
use tomoshibi::commands::{Chord, Key};
use tomoshibi::store::{Paths, Settings};
use tomoshibi::ui::app::{App, Message, Options};

const TURNS: usize = 60;

const BOOKS: &[&str] = &[
    "daisy202/mental_health",
    "epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing",
    "epub/idpf-epub3-samples/haruko-html-jpeg",
    "epub/epub2-packaged/GreatPaintersHtml.epub",
];

/// The renderer and the layout cache a window keeps between frames.
struct Window {
    renderer: iced::Renderer,
    cache: user_interface::Cache,
    size: Size,
}

impl Window {
    fn new(size: Size) -> Self {
        let mut fonts = iced::advanced::graphics::text::font_system().write().unwrap();
        for face in BUNDLED_FONTS {
            fonts.load_font(std::borrow::Cow::Borrowed(face.bytes));
        }
        drop(fonts);
        let renderer = iced::futures::executor::block_on(iced::Renderer::new(
            Font::with_name("BIZ UDPGothic"),
            Pixels(16.0),
            Some("tiny-skia"),
        ))
        .expect("a software renderer");
        Window { renderer, cache: user_interface::Cache::default(), size }
    }

    /// Builds, lays out and draws the app's view; the time it took.
    fn frame(&mut self, app: &App) -> Duration {
        let start = Instant::now();
        let cache = std::mem::take(&mut self.cache);
        let mut ui = UserInterface::build(app.view(), self.size, cache, &mut self.renderer);
        let theme = app.theme();
        let text_color = iced::theme::Base::base(&theme).text_color;
        ui.draw(
            &mut self.renderer,
            &theme,
            &iced::advanced::renderer::Style { text_color },
            iced::mouse::Cursor::Unavailable,
        );
        self.cache = ui.into_cache();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let physical = Size::new(self.size.width as u32, self.size.height as u32);
        let background = iced::theme::Base::base(&theme).background_color;
        let pixels = self.renderer.screenshot(physical, 1.0, background);
        assert_eq!(pixels.len(), (physical.width * physical.height * 4) as usize);
        start.elapsed()
    }
}

fn main() -> ExitCode {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books");
    let size = Size::new(1024.0, 768.0);
    let mut ok = true;
    println!(
        "{:<62} {:>9} {:>9} {:>8}",
        "book (400 %, 1024×768, tiny-skia)", "median ms", "worst ms", "RSS MB"
    );
    for rel in BOOKS {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let settings = Settings {
            welcomed: true,
            voicing: tomoshibi::a11y::VoicingMode::Off,
            reading_size: 400,
            theme: ThemeId::YellowOnBlack,
            ..Settings::default()
        };
        settings.save(&paths.settings_file()).unwrap();
        let (mut app, _) =
            App::new(Options { paths, measure_from: None, open: None, voice: None, audio_output: None });
        let path = root.join(rel);
        let publication = tomoshibi::book::open(&path).map(std::sync::Arc::new);
        let _ = app.update(Message::BookOpened(path, publication));
        // The first frame lays out fonts and decodes pictures: warm up, then measure turns.
        let mut window = Window::new(size);
        let _ = window.frame(&app);
        let mut times: Vec<Duration> = (0..TURNS)
            .map(|_| {
                let _ = app.update(Message::KeyPressed(Chord::plain(Key::Down)));
                window.frame(&app)
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        let worst = times[times.len() - 1];
        let rss = tomoshibi::ui::measure::rss_mb().unwrap_or(0.0);
        println!(
            "{rel:<62} {:>9.1} {:>9.1} {rss:>8.1}",
            median.as_secs_f64() * 1000.0,
            worst.as_secs_f64() * 1000.0
        );
        ok &= median <= Duration::from_millis(16) && rss <= 120.0;
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
