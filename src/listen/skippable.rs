//! Structures a listener can leave out while a talking book plays, as dedicated DAISY players
//! offer (ANSI/NISO Z39.86 "skippable structures", EPUB 3 media overlays' skippability): page
//! numbers, notes, sidebars and producer's notes. The book names them on its SMIL `par`s and
//! `seq`s (`epub:type`, `customTest`, `system-required`, `class`) and in its text (the reading
//! units' kinds, for text spoken without a recording).

use serde::{Deserialize, Serialize};

use crate::reading::UnitKind;

/// A structure that can be left out while playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skippable {
    /// Print page numbers ("page 12").
    PageNumbers,
    /// Footnotes, endnotes and other notes (read where they are referenced otherwise).
    Notes,
    /// Sidebars and marginal notes.
    Sidebars,
    /// Producer's notes and annotations (descriptions added by whoever made the book).
    ProducerNotes,
}

impl Skippable {
    /// All of them, in the order Settings lists them.
    pub const ALL: [Self; 4] = [Self::PageNumbers, Self::Notes, Self::Sidebars, Self::ProducerNotes];

    /// The structure a SMIL `par`'s or `seq`'s role names, if any: any of its
    /// space-separated names (`pagebreak`, DAISY 2.02's `pagenumber-on`, DAISY 3's `pagenum`,
    /// `footnote`, `sidebar-on`, `prodnote`…).
    pub fn of_role(role: &str) -> Option<Self> {
        role.split_whitespace().find_map(|name| {
            let name = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
            let name = name.strip_suffix("-on").unwrap_or(&name);
            match name {
                "pagebreak" | "pagenum" | "pagenumber" | "page-normal" | "page-front" | "page-special" => {
                    Some(Self::PageNumbers)
                }
                "note" | "footnote" | "endnote" | "rearnote" | "endnotes" | "footnotes" | "rearnotes" => {
                    Some(Self::Notes)
                }
                "sidebar" | "marginalia" => Some(Self::Sidebars),
                "prodnote" | "annotation" | "annoref" => Some(Self::ProducerNotes),
                _ => None,
            }
        })
    }

    /// The structure a reading unit is, if any.
    pub fn of_unit(kind: &UnitKind) -> Option<Self> {
        match kind {
            UnitKind::PageBreak(_) => Some(Self::PageNumbers),
            UnitKind::Note => Some(Self::Notes),
            UnitKind::Sidebar => Some(Self::Sidebars),
            UnitKind::ProductionNote => Some(Self::ProducerNotes),
            _ => None,
        }
    }

    /// The message id of its name in Settings.
    pub fn message_id(self) -> &'static str {
        match self {
            Self::PageNumbers => "pref-skip-page-numbers",
            Self::Notes => "pref-skip-notes",
            Self::Sidebars => "pref-skip-sidebars",
            Self::ProducerNotes => "pref-skip-producer-notes",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_every_format_name_their_structure() {
        let cases = [
            ("pagebreak", Some(Skippable::PageNumbers)),
            ("pagenumber-on", Some(Skippable::PageNumbers)),
            ("pagenum", Some(Skippable::PageNumbers)),
            ("footnote", Some(Skippable::Notes)),
            ("footnote-on", Some(Skippable::Notes)),
            ("note", Some(Skippable::Notes)),
            ("rearnote endnote", Some(Skippable::Notes)),
            ("epub:sidebar", Some(Skippable::Sidebars)),
            ("sidebar-on", Some(Skippable::Sidebars)),
            ("prodnote-on", Some(Skippable::ProducerNotes)),
            ("annotation", Some(Skippable::ProducerNotes)),
            ("noteref", None),
            ("list", None),
            ("blockquote", None),
            ("", None),
            ("chapter pagebreak", Some(Skippable::PageNumbers)),
        ];
        for (role, want) in cases {
            assert_eq!(Skippable::of_role(role), want, "{role:?}");
        }
    }

    #[test]
    fn units_name_their_structure() {
        assert_eq!(Skippable::of_unit(&UnitKind::PageBreak("3".into())), Some(Skippable::PageNumbers));
        assert_eq!(Skippable::of_unit(&UnitKind::Note), Some(Skippable::Notes));
        assert_eq!(Skippable::of_unit(&UnitKind::Paragraph), None);
        assert_eq!(Skippable::of_unit(&UnitKind::Heading(1)), None);
    }
}
