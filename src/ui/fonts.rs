//! The typefaces installed on this computer, for the "installed font" choice, and the
//! iced font for the user's choice.

use crate::appearance::FontChoice;
use crate::store::Settings;
use iced::Font;
use std::sync::{Mutex, OnceLock};

/// The font families installed on this computer (and bundled with the app), sorted,
/// each once; read from the renderer's font database the first time they are asked for.
pub fn installed() -> &'static [String] {
    static FAMILIES: OnceLock<Vec<String>> = OnceLock::new();
    FAMILIES.get_or_init(|| {
        let mut system = iced::advanced::graphics::text::font_system()
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut families: Vec<String> = system
            .raw()
            .db()
            .faces()
            .filter_map(|face| face.families.first().map(|(name, _)| name.clone()))
            .filter(|name| !name.trim().is_empty() && name != "Iced-Icons")
            .collect();
        families.sort_by_key(|f| f.to_lowercase());
        families.dedup();
        families
    })
}

/// A family name that lives as long as the program (iced names fonts by `&'static str`);
/// each distinct name is kept once.
fn interned(name: &str) -> &'static str {
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = names.iter().find(|n| **n == name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.push(leaked);
    leaked
}

/// The font for text in Japanese (`japanese`) or other languages under `settings`: the
/// installed family the user chose, else the bundled face for their choice.
pub fn font_for(settings: &Settings, japanese: bool) -> Font {
    match (&settings.font, settings.font_family.as_deref()) {
        (FontChoice::Installed, Some(family)) if installed().iter().any(|f| f == family) => {
            Font::with_name(interned(family))
        }
        (choice, _) => Font::with_name(choice.face(japanese).family),
    }
}
