//! The one publication model every format is turned into.

use serde::Serialize;

use super::container::Container;
use super::error::{BookError, Warning};
use super::locator::Locator;

/// The source format of a publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// EPUB 2.0.x (OPF 2 + NCX).
    Epub2,
    /// EPUB 3.x.
    Epub3,
    /// DAISY 2.02 (ncc.html + SMIL 1.0).
    Daisy202,
    /// DAISY 3: ANSI/NISO Z39.86-2005 or -2002 (OPF + NCX + SMIL 2 + DTBook).
    Daisy3,
}

/// DAISY multimedia type (`ncc:multimediaType` / `dtb:multimediaType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MultimediaType {
    /// Audio with full text.
    AudioFullText,
    /// Audio with some text (partial).
    AudioPartText,
    /// Audio with navigation only (ncc.html).
    AudioNcc,
    /// Audio with navigation only (NCX).
    AudioNcx,
    /// Audio only.
    AudioOnly,
    /// Text with no audio.
    TextNcc,
    /// Text only (DAISY 3).
    TextNcx,
}

impl MultimediaType {
    /// Parses the DAISY metadata value (case-insensitive).
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "audiofulltext" => Self::AudioFullText,
            "audioparttext" => Self::AudioPartText,
            "audioncc" => Self::AudioNcc,
            "audioncx" => Self::AudioNcx,
            "audioonly" => Self::AudioOnly,
            "textncc" => Self::TextNcc,
            "textncx" | "textpartaudio" => Self::TextNcx,
            _ => return None,
        })
    }
}

/// Layout of the publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Text reflows (the default).
    #[default]
    Reflowable,
    /// Fixed layout (`rendition:layout pre-paginated`): pages are pictures or positioned.
    FixedLayout,
}

/// Page progression direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingProgression {
    /// Not declared.
    #[default]
    Default,
    /// Left to right.
    Ltr,
    /// Right to left (Japanese vertical, Arabic, Hebrew).
    Rtl,
}

/// Writing mode of the main text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WritingMode {
    /// Horizontal lines, top to bottom (the default).
    #[default]
    HorizontalTb,
    /// Vertical lines, right to left (Japanese tategaki).
    VerticalRl,
    /// Vertical lines, left to right.
    VerticalLr,
}

/// How the publication is meant to be presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Rendition {
    /// Reflowable or fixed layout.
    pub layout: Layout,
    /// Page progression.
    pub progression: ReadingProgression,
    /// Writing mode of the main text.
    pub writing_mode: WritingMode,
}

/// Accessibility metadata (schema.org and EPUB Accessibility).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Accessibility {
    /// `schema:accessMode` values (`textual`, `auditory`, `visual`, …).
    pub access_modes: Vec<String>,
    /// `schema:accessModeSufficient` values.
    pub access_modes_sufficient: Vec<String>,
    /// `schema:accessibilityFeature` values.
    pub features: Vec<String>,
    /// `schema:accessibilityHazard` values.
    pub hazards: Vec<String>,
    /// `schema:accessibilitySummary`.
    pub summary: Option<String>,
    /// `dcterms:conformsTo` values.
    pub conforms_to: Vec<String>,
}

/// Descriptive metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// The cover image's href in the book, when the book names one.
    pub cover: Option<String>,
    /// Main title (may be empty when the book has none; a warning is then recorded).
    pub title: String,
    /// Authors / creators.
    pub authors: Vec<String>,
    /// Narrators (DAISY `dtb:narrator`/`ncc:narrator`, EPUB `role=nrt`).
    pub narrators: Vec<String>,
    /// BCP 47 language tags, main language first.
    pub languages: Vec<String>,
    /// Identifiers (ISBN, UUID, DAISY uid), the unique identifier first.
    pub identifiers: Vec<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// Description / blurb.
    pub description: Option<String>,
    /// Accessibility metadata.
    pub accessibility: Accessibility,
    /// Declared total audio time in milliseconds.
    pub total_duration_ms: Option<u64>,
    /// DAISY multimedia type.
    pub multimedia_type: Option<MultimediaType>,
    /// Presentation hints.
    pub rendition: Rendition,
}

/// One item of the reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingOrderItem {
    /// Resource href.
    pub href: String,
    /// Media type.
    pub media_type: String,
    /// False for `linear="no"` items (notes, answers) that are skipped in continuous reading.
    pub linear: bool,
    /// Per-item fixed-layout override (`rendition:layout-*` itemref property).
    pub layout: Option<Layout>,
    /// Media overlay (SMIL) of this item, if any.
    pub media_overlay: Option<String>,
}

impl ReadingOrderItem {
    /// A DAISY reading-order item: one SMIL file, linear, no overlay.
    pub fn smil(href: &str) -> Self {
        Self {
            href: href.to_owned(),
            media_type: "application/smil".into(),
            linear: true,
            layout: None,
            media_overlay: None,
        }
    }
}

/// A print page kind (DAISY `page-front`/`page-normal`/`page-special`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// Front matter (roman numerals).
    Front,
    /// Body pages.
    #[default]
    Normal,
    /// Special pages (plates, unnumbered).
    Special,
}

impl PageKind {
    /// Parses `page-normal`, `normal`, `front`, … (case-insensitive).
    pub fn parse(value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        let v = v.strip_prefix("page-").unwrap_or(&v);
        match v {
            "front" => Some(Self::Front),
            "normal" => Some(Self::Normal),
            "special" => Some(Self::Special),
            _ => None,
        }
    }
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    /// Visible label.
    pub label: String,
    /// Heading level 1–6 (depth in the TOC tree, capped at 6).
    pub level: u8,
    /// Where it leads.
    pub target: Locator,
    /// Sub-entries.
    pub children: Vec<TocEntry>,
}

/// One entry of the page list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageTarget {
    /// Page label as printed ("12", "iv").
    pub label: String,
    /// Page kind.
    pub kind: PageKind,
    /// Where the page starts.
    pub target: Locator,
}

/// A landmark (cover, start of content, index…) or a DAISY navList entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landmark {
    /// Landmark type (`bodymatter`, `toc`, `footnote`, the navList class, …).
    pub kind: String,
    /// Visible label.
    pub label: String,
    /// Where it leads.
    pub target: Locator,
}

/// Navigation structures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Navigation {
    /// Table of contents as a tree.
    pub toc: Vec<TocEntry>,
    /// Print page list.
    pub page_list: Vec<PageTarget>,
    /// Landmarks and other lists.
    pub landmarks: Vec<Landmark>,
}

impl Navigation {
    /// The TOC flattened in reading order.
    pub fn toc_flat(&self) -> Vec<&TocEntry> {
        fn walk<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a TocEntry>) {
            for e in entries {
                out.push(e);
                walk(&e.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.toc, &mut out);
        out
    }
}

/// Inline content inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text, whitespace collapsed.
        text: String,
    },
    /// Ruby annotation: base text with its reading (furigana).
    Ruby {
        /// Base text (kanji).
        base: String,
        /// Reading (kana).
        reading: String,
    },
    /// Reference to a note.
    NoteRef {
        /// Target href/fragment of the note.
        target: String,
        /// Visible marker ("1", "*").
        label: String,
    },
    /// A span in another language.
    Lang {
        /// BCP 47 tag.
        lang: String,
        /// Content in that language.
        content: Vec<Inline>,
    },
    /// A hyperlink (not a note reference).
    Link {
        /// Where it leads: a root-relative href with its `#fragment` for a place in the book,
        /// else the address as written.
        target: String,
        /// Whether it leads outside the book (`http:`, `mailto:` …).
        external: bool,
        /// The link's content.
        content: Vec<Inline>,
    },
    /// An element with an id inside running text (a sentence a SMIL `par` points at), so
    /// that its place in the text is known.
    Span {
        /// The element's id.
        id: String,
        /// Its content.
        content: Vec<Inline>,
    },
    /// A page break inside running text.
    PageBreak {
        /// Page label.
        label: String,
    },
    /// A MathML expression.
    Math {
        /// The expression on one line of text (`(a + b)/2`).
        linear: String,
        /// How the book says it should be spoken (`alttext`), if it says.
        spoken: Option<String>,
    },
}

/// A block's kind and content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading.
    Heading {
        /// Level 1–6.
        level: u8,
        /// Heading text.
        content: Vec<Inline>,
    },
    /// A paragraph or other run of text.
    Paragraph {
        /// The text.
        content: Vec<Inline>,
    },
    /// A list.
    List {
        /// Numbered list.
        ordered: bool,
        /// Items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A table, linearized: rows of cells in reading order.
    Table {
        /// Caption, if any.
        caption: Vec<Inline>,
        /// Rows of cells.
        rows: Vec<Vec<TableCell>>,
    },
    /// An image.
    Image {
        /// Image href.
        src: String,
        /// Alternative text (`None` when the attribute is absent).
        alt: Option<String>,
        /// Long description (caption, prodnote or `aria-describedby` text).
        long_description: Option<String>,
    },
    /// A print page break.
    PageBreak {
        /// Page label.
        label: String,
        /// Page kind.
        kind: PageKind,
    },
    /// A footnote, endnote or rearnote.
    Note {
        /// Note content.
        blocks: Vec<Block>,
    },
    /// A sidebar / aside.
    Sidebar {
        /// Content.
        blocks: Vec<Block>,
    },
    /// A producer's note (DTBook `prodnote`, `annotation`).
    ProductionNote {
        /// Content.
        blocks: Vec<Block>,
    },
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCell {
    /// Header cell (`th`).
    pub header: bool,
    /// Cell text.
    pub content: Vec<Inline>,
}

/// A block of text content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Element id (fragment target), if any.
    pub id: Option<String>,
    /// Language of the block when it differs from the document's.
    pub lang: Option<String>,
    /// Kind and content.
    pub kind: BlockKind,
}

/// The text content of one document (chapter, DTBook, content.html).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Resource href.
    pub href: String,
    /// Document language.
    pub lang: Option<String>,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Every element id found in the document → index of the top-level block containing it,
    /// so SMIL text fragments and TOC targets find their block.
    pub anchors: Vec<(String, usize)>,
    /// The elements with an id that make up several top-level blocks (a section, a list
    /// with its heading), with those blocks; any other element lies within one block.
    pub spans: Vec<(String, std::ops::Range<usize>)>,
}

impl Document {
    /// Index of the top-level block containing the element with this id.
    pub fn block_of(&self, id: &str) -> Option<usize> {
        self.anchors.iter().find(|(a, _)| a == id).map(|(_, i)| *i)
    }

    /// The top-level blocks the element with this id takes up (or lies within).
    pub fn blocks_of(&self, id: &str) -> Option<std::ops::Range<usize>> {
        match self.spans.iter().find(|(a, _)| a == id) {
            Some((_, blocks)) => Some(blocks.clone()),
            None => self.block_of(id).map(|block| block..block + 1),
        }
    }
}

/// A reference to a text fragment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextRef {
    /// Document href.
    pub href: String,
    /// Element id.
    pub fragment: Option<String>,
}

/// An audio clip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AudioClip {
    /// Audio file href.
    pub href: String,
    /// Start in milliseconds.
    pub begin_ms: u64,
    /// End in milliseconds; `None` means "to the end of the file".
    pub end_ms: Option<u64>,
}

impl AudioClip {
    /// Duration of the clip, when its end is known.
    pub fn duration_ms(&self) -> Option<u64> {
        self.end_ms.map(|end| end.saturating_sub(self.begin_ms))
    }
}

/// A SMIL `par`: a text fragment paired with an audio clip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Par {
    /// SMIL document containing the par.
    pub smil: String,
    /// The par's id, if any.
    pub id: Option<String>,
    /// Text to highlight (absent for audio-only pars).
    pub text: Option<TextRef>,
    /// Audio to play (absent for text-only overlays → speak with TTS).
    pub audio: Option<AudioClip>,
    /// Structural role: `epub:type` or DAISY `customTest`/class (page number, note, sidebar…),
    /// of the par or an enclosing seq, for skippability/escapability.
    pub role: Option<String>,
}

impl Par {
    /// The position of this par as a [`Locator`].
    pub fn locator(&self) -> Locator {
        let mut locator = match &self.text {
            Some(text) => {
                let l = Locator::new(text.href.clone());
                match &text.fragment {
                    Some(f) => l.with_fragment(f.clone()),
                    None => l,
                }
            }
            None => Locator::new(self.smil.clone()),
        };
        if let Some(audio) = &self.audio {
            locator = locator.with_audio(audio.href.clone(), audio.begin_ms);
        }
        locator
    }
}

/// The synchronized media timeline (all SMIL pars in reading order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MediaTimeline {
    /// Pars in playback order.
    pub pars: Vec<Par>,
}

impl MediaTimeline {
    /// Sum of all clip durations in milliseconds (clips without an end count as 0).
    pub fn total_ms(&self) -> u64 {
        self.pars
            .iter()
            .filter_map(|p| p.audio.as_ref().and_then(AudioClip::duration_ms))
            .fold(0, u64::saturating_add)
    }

    /// Distinct audio files in order of first use.
    pub fn audio_files(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.pars
            .iter()
            .filter_map(|p| p.audio.as_ref().map(|a| a.href.as_str()))
            .filter(|h| seen.insert(*h))
            .collect()
    }

    /// Index of the par whose id is `id` within SMIL document `smil`.
    pub fn find(&self, smil: &str, id: &str) -> Option<usize> {
        self.pars.iter().position(|p| p.smil == smil && p.id.as_deref() == Some(id))
    }
}

/// A resource listed by the package (manifest item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// Href inside the container.
    pub href: String,
    /// Declared media type.
    pub media_type: String,
}

/// An opened publication.
#[derive(Debug)]
pub struct Publication {
    /// Source format.
    pub format: Format,
    /// Descriptive metadata.
    pub metadata: Metadata,
    /// Reading order (spine).
    pub reading_order: Vec<ReadingOrderItem>,
    /// All resources the package declares.
    pub resources: Vec<Resource>,
    /// TOC, page list, landmarks.
    pub navigation: Navigation,
    /// Text content, one entry per text document in reading order.
    pub documents: Vec<Document>,
    /// Synchronized audio/text timeline.
    pub timeline: MediaTimeline,
    /// Problems that did not prevent opening.
    pub warnings: Vec<Warning>,
    /// Where the book's files are; read audio and images through it (shared with the
    /// audio player, which reads on its own threads).
    pub container: std::sync::Arc<Container>,
}

impl Publication {
    /// Reads a resource's bytes (font obfuscation is undone).
    pub fn read_resource(&self, href: &str) -> Result<Vec<u8>, BookError> {
        self.container.read(href)
    }

    /// The on-disk path of a resource when the book is a folder (for streaming audio).
    pub fn resource_path(&self, href: &str) -> Option<std::path::PathBuf> {
        self.container.file_path(href)
    }

    /// The document with this href.
    pub fn document(&self, href: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.href == href)
    }

    /// Locator of the beginning of the book.
    pub fn start(&self) -> Option<Locator> {
        if let Some(par) = self.timeline.pars.first() {
            return Some(par.locator());
        }
        self.reading_order.first().map(|i| Locator::new(i.href.clone()))
    }
}
