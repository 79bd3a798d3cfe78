//! The graphical interface: the only module that knows iced.

pub mod app;
pub mod form;
pub mod keys;
pub mod measure;
pub mod screen;
pub mod theme;

use crate::appearance::BUNDLED_FONTS;
use app::App;

/// Whether a graphical display can be reached. On Linux and the BSDs this
/// means `DISPLAY` (X11) or `WAYLAND_DISPLAY` is set; elsewhere there always
/// is one.
pub fn display_available() -> bool {
    if cfg!(all(unix, not(target_os = "macos"))) {
        ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()))
    } else {
        true
    }
}

/// Opens the window and runs until it closes.
///
/// # Errors
/// When the window or renderer cannot be created.
pub fn run(options: app::Options) -> iced::Result {
    let mut application = iced::application(move || App::new(options.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .scale_factor(App::scale_factor)
        .subscription(App::subscription)
        .window_size((1024.0, 768.0))
        .default_font(iced::Font::with_name(crate::appearance::FontChoice::BizUdGothic.face(true).family));
    for face in BUNDLED_FONTS {
        application = application.font(face.bytes);
    }
    application.run()
}
