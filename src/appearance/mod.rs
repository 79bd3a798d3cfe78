//! How Tomoshibi looks, as data: colour palettes with their contrast rules,
//! and the bundled typefaces. The iced mapping lives in `ui::theme`.

mod contrast;
mod font;
mod palette;
pub mod system;

pub use contrast::contrast_ratio;
pub use font::{BUNDLED_FONTS, FontChoice, FontFace};
pub use palette::{Palette, Rgb, ThemeId};
