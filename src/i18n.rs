//! Localisation: Fluent bundles from `locales/<lang>/tomoshibi.ftl`, embedded
//! in the binary, switchable at run time.
//!
//! Use [`fl!`](crate::fl) for every string a user sees or hears; it checks
//! message ids and arguments at compile time against the English bundle.

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::{LanguageLoader, unic_langid::LanguageIdentifier};
use rust_embed::RustEmbed;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(RustEmbed)]
#[folder = "locales/"]
struct Localizations;

/// The loader behind [`fl!`](crate::fl). Starts in English.
pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = fluent_language_loader!();
    if let Err(e) = loader.load_fallback_language(&Localizations) {
        tracing::error!("English messages failed to load: {e}");
    }
    loader.set_use_isolating(false);
    loader
});

/// Looks up a localised message: `fl!("id")` or `fl!("id", name = value)`.
#[macro_export]
macro_rules! fl {
    ($message_id:literal) => {{
        i18n_embed_fl::fl!($crate::i18n::LOADER, $message_id)
    }};
    ($message_id:literal, $($args:expr),*) => {{
        i18n_embed_fl::fl!($crate::i18n::LOADER, $message_id, $($args), *)
    }};
}

/// Looks up a message whose id is only known at run time (theme names, key
/// names from tables). Returns the id itself if it is missing, which the
/// locale completeness test guards against.
pub fn text(id: &str) -> String {
    LOADER.get(id)
}

/// The interface languages Tomoshibi ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// English.
    #[serde(rename = "en")]
    English,
    /// Japanese.
    #[serde(rename = "ja")]
    Japanese,
    /// やさしい日本語 (easy Japanese): short sentences, common words.
    #[serde(rename = "ja-yasashii")]
    EasyJapanese,
}

impl Language {
    /// Every language, in the order shown (each named in itself).
    pub const ALL: [Language; 3] = [Language::English, Language::Japanese, Language::EasyJapanese];

    /// The BCP 47 tag, also the folder name under `locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Japanese => "ja",
            Language::EasyJapanese => "ja-yasashii",
        }
    }

    /// The language's own name for itself (not translated on purpose: a
    /// user looks for their own language).
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Japanese => "日本語",
            Language::EasyJapanese => "やさしい にほんご",
        }
    }

    /// Whether text in this language is written in Japanese script.
    pub fn is_japanese(self) -> bool {
        !matches!(self, Language::English)
    }

    /// The HTTP `Accept-Language` for this language: Japanese (also for easy Japanese, which
    /// libraries do not offer) then English, or English alone.
    pub fn accept_language(self) -> &'static str {
        if self.is_japanese() { "ja, en;q=0.5" } else { "en" }
    }

    /// The language for speech synthesis (easy Japanese is spoken as
    /// Japanese).
    pub fn speech_tag(self) -> &'static str {
        if self.is_japanese() { "ja" } else { "en" }
    }

    /// The best match for a list of OS locale tags such as `ja-JP` or
    /// `en_US.UTF-8`; English when none matches.
    pub fn from_os_locales<S: AsRef<str>>(locales: &[S]) -> Self {
        locales
            .iter()
            .find_map(|l| {
                let primary = l.as_ref().split(['-', '_', '.']).next().unwrap_or("");
                match primary.to_ascii_lowercase().as_str() {
                    "ja" => Some(Language::Japanese),
                    "en" => Some(Language::English),
                    _ => None,
                }
            })
            .unwrap_or(Language::English)
    }

    /// The language the operating system asks for.
    pub fn from_os() -> Self {
        let requested: Vec<String> = i18n_embed::DesktopLanguageRequester::requested_languages()
            .iter()
            .map(ToString::to_string)
            .collect();
        Self::from_os_locales(&requested)
    }
}

/// Switches every later [`fl!`](crate::fl) lookup to `language`.
///
/// Japanese variants fall back to Japanese and then English message by
/// message. Bidi isolation marks are turned off again after the switch: they
/// would show as boxes in our fonts and be read out by speech engines.
pub fn select(language: Language) {
    let mut ids: Vec<LanguageIdentifier> = Vec::new();
    for tag in [language.tag(), language.speech_tag(), "en"] {
        if let Ok(id) = tag.parse::<LanguageIdentifier>()
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    if let Err(e) = i18n_embed::select(&*LOADER, &Localizations, &ids) {
        tracing::error!("could not switch language to {}: {e}", language.tag());
    }
    LOADER.set_use_isolating(false);
}

/// The tags of every bundle embedded in the binary.
pub fn available_bundles() -> Vec<String> {
    LOADER
        .available_languages(&Localizations)
        .map(|ids| ids.iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_locales_map_to_shipped_languages() {
        let cases: [(&[&str], Language); 5] = [
            (&["ja-JP"], Language::Japanese),
            (&["en_US.UTF-8"], Language::English),
            (&["fr-FR", "ja"], Language::Japanese),
            (&["vi-VN"], Language::English),
            (&[], Language::English),
        ];
        for (input, want) in cases {
            assert_eq!(Language::from_os_locales(input), want, "{input:?}");
        }
    }

    #[test]
    fn every_language_has_an_embedded_bundle() {
        let bundles = available_bundles();
        for language in Language::ALL {
            assert!(bundles.iter().any(|b| b == language.tag()), "{} missing in {bundles:?}", language.tag());
        }
    }
}
