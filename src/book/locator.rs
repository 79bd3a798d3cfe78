//! [`Locator`]: the one position type for every format.
//!
//! Bookmarks, resume positions, TTS, DAISY playback and media-overlay playback all speak
//! `Locator`. It is stored in SQLite as JSON, so its serialized shape is stable: fields are
//! camelCase, absent values are omitted, unknown fields are ignored when reading, and new
//! fields may only be added as optional. A golden JSON test guards the shape.

use serde::{Deserialize, Serialize};

/// A position in a publication.
///
/// `href` is always set: the text document (or, for audio-only DAISY, the SMIL or ncc.html
/// document) that the position belongs to. The remaining fields refine it; any combination
/// may be present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Locator {
    /// Resource inside the book, relative to the container root, without fragment.
    pub href: String,
    /// Media type of `href`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Human title of the place (chapter or heading), for bookmark lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where inside the resource.
    #[serde(default, skip_serializing_if = "Locations::is_empty")]
    pub locations: Locations,
}

/// The refinements of a [`Locator`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Locations {
    /// Element id in the text document (`#fragment` without the `#`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fragment: Option<String>,
    /// Index of the block in the document's block list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// Character (Unicode scalar) offset inside that block's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_offset: Option<usize>,
    /// Audio file and time, for DAISY and media-overlay playback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioPosition>,
    /// Print page label in effect at this position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Progression inside the resource, 0.0 ..= 1.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progression: Option<f64>,
    /// Progression in the whole publication, 0.0 ..= 1.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_progression: Option<f64>,
}

impl Locations {
    /// True when no refinement is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// A point in an audio file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioPosition {
    /// Audio resource inside the book.
    pub href: String,
    /// Offset from the start of the file in milliseconds.
    pub time_ms: u64,
}

impl Locator {
    /// A locator pointing at the start of `href`.
    pub fn new(href: impl Into<String>) -> Self {
        Self { href: href.into(), ..Self::default() }
    }

    /// Splits `href#fragment` into a locator with that fragment.
    pub fn from_href(target: &str) -> Self {
        let (href, fragment) = split_fragment(target);
        let mut locator = Self::new(href);
        locator.locations.fragment = fragment.map(str::to_owned);
        locator
    }

    /// Sets the fragment.
    pub fn with_fragment(mut self, fragment: impl Into<String>) -> Self {
        self.locations.fragment = Some(fragment.into());
        self
    }

    /// Sets the audio position.
    pub fn with_audio(mut self, href: impl Into<String>, time_ms: u64) -> Self {
        self.locations.audio = Some(AudioPosition { href: href.into(), time_ms });
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Serializes to the stable JSON form stored in the database.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the stored JSON form; unknown fields are ignored.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

/// Splits `a/b.xhtml#frag` into (`a/b.xhtml`, `Some("frag")`). An empty fragment is `None`.
pub fn split_fragment(target: &str) -> (&str, Option<&str>) {
    match target.split_once('#') {
        Some((href, frag)) if !frag.is_empty() => (href, Some(frag)),
        Some((href, _)) => (href, None),
        None => (target, None),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn json_shape_is_stable() {
        let loc =
            Locator::from_href("OPS/xhtml/一.xhtml#p12").with_audio("OPS/audio/a.mp3", 1500).with_title("一");
        let json = loc.to_json();
        assert_eq!(
            json,
            r#"{"href":"OPS/xhtml/一.xhtml","title":"一","locations":{"fragment":"p12","audio":{"href":"OPS/audio/a.mp3","timeMs":1500}}}"#
        );
        assert_eq!(Locator::from_json(&json).unwrap(), loc);
    }

    #[test]
    fn old_and_extended_json_still_reads() {
        let loc = Locator::from_json(r#"{"href":"a.html","future":1,"locations":{"page":"iv"}}"#).unwrap();
        assert_eq!(loc.href, "a.html");
        assert_eq!(loc.locations.page.as_deref(), Some("iv"));
        assert_eq!(Locator::from_json(r#"{"href":"b"}"#).unwrap(), Locator::new("b"));
    }

    #[test]
    fn split_fragment_cases() {
        for (input, href, frag) in [
            ("a.html#x", "a.html", Some("x")),
            ("a.html#", "a.html", None),
            ("a.html", "a.html", None),
            ("#only", "", Some("only")),
        ] {
            assert_eq!(split_fragment(input), (href, frag), "{input}");
        }
    }
}
