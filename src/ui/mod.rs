//! The graphical interface: the only module that knows iced.

pub mod app;
pub mod display;
pub mod fonts;
pub mod form;
pub mod keys;
pub mod measure;
pub mod reader_view;
pub mod screen;
pub mod theme;
pub mod vertical_view;

use crate::appearance::BUNDLED_FONTS;
use app::App;

/// The window opens at 1024×768 physical pixels whatever the saved interface
/// scale: iced multiplies the logical size by the scale factor, so a saved
/// 300 % would otherwise open a window three times wider than the screen.
fn window_size(paths: &crate::store::Paths) -> iced::Size {
    let scale =
        crate::store::Settings::peek(&paths.settings_file()).map_or(1.0, |s| f32::from(s.ui_scale) / 100.0);
    iced::Size::new(1024.0 / scale, 768.0 / scale)
}

/// Opens the window and runs until it closes.
///
/// # Errors
/// When the window or renderer cannot be created.
pub fn run(options: app::Options) -> iced::Result {
    let options_paths = options.paths.clone();
    let mut application = iced::application(move || App::new(options.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .scale_factor(App::scale_factor)
        .subscription(App::subscription)
        .window(iced::window::Settings {
            size: window_size(&options_paths),
            // Windows and macOS: shown once the accessibility adapter is attached.
            visible: !crate::a11y::adapter::NEEDS_NATIVE_WINDOW,
            ..iced::window::Settings::default()
        })
        .default_font(iced::Font::with_name(crate::appearance::FontChoice::BizUdGothic.face(true).family));
    for face in BUNDLED_FONTS {
        application = application.font(face.bytes);
    }
    application.run()
}
