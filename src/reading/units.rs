//! Flattens a publication's blocks into reading units.

use crate::book::Publication;
use crate::book::model::{Block, BlockKind, Inline};

/// How ruby (furigana) is shown with a unit's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RubyMode {
    /// Small readings above the base (beside it in vertical writing): the text is the
    /// base only and [`Unit::ruby`] says where each reading goes.
    #[default]
    Above,
    /// The reading in brackets after its base: 草枕（くさまくら）.
    Brackets,
    /// The base text only.
    Hidden,
}

impl RubyMode {
    /// Every mode, in the order Settings offers them.
    pub const ALL: [RubyMode; 3] = [RubyMode::Above, RubyMode::Brackets, RubyMode::Hidden];

    /// The Fluent message id of the mode's name.
    pub fn message_id(self) -> &'static str {
        match self {
            RubyMode::Above => "ruby-above",
            RubyMode::Brackets => "ruby-brackets",
            RubyMode::Hidden => "ruby-hidden",
        }
    }
}

/// A ruby reading over part of a unit's text ([`RubyMode::Above`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubySpan {
    /// The base's byte range in [`Unit::text`].
    pub base: std::ops::Range<usize>,
    /// The reading (kana) shown over it.
    pub reading: String,
}

/// A part of a unit's text in another language than the unit's own (an English word in a
/// Japanese paragraph), so screen readers and voices can read it in that language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangSpan {
    /// Its byte range in [`Unit::text`].
    pub range: std::ops::Range<usize>,
    /// Its language (BCP 47).
    pub lang: String,
}

/// A link or note reference in a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    /// Its byte range in [`Unit::text`].
    pub range: std::ops::Range<usize>,
    /// Where it leads: a root-relative href with its `#fragment`, or an address outside the
    /// book.
    pub target: String,
    /// Whether it leads outside the book.
    pub external: bool,
    /// Whether it refers to a note (a footnote or endnote mark).
    pub note: bool,
}

/// What a unit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// A heading of level 1–6.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A table row, cells in reading order (the text is the cells joined by " | ").
    TableRow(RowCells),
    /// An image: the text is its alternative text.
    Image,
    /// A print page break with its label.
    PageBreak(String),
    /// A note's text.
    Note,
    /// A sidebar's text.
    Sidebar,
    /// A producer's note.
    ProductionNote,
}

/// Where a table row's cells are in its unit's text, and which table it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCells {
    /// The index of the table's first unit (its caption when it has one, else its first row):
    /// the rows of one table share it, so two tables side by side are told apart.
    pub table: usize,
    /// The row's cells, in order.
    pub cells: Vec<CellSpan>,
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSpan {
    /// Its byte range in [`Unit::text`].
    pub range: std::ops::Range<usize>,
    /// Whether it is a header cell (`th`).
    pub header: bool,
}

/// One piece of the book a reader moves through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// What it is.
    pub kind: UnitKind,
    /// The text to show.
    pub text: String,
    /// The text to speak: ruby readings replace their bases, so speech
    /// engines pronounce Japanese names right.
    pub spoken: String,
    /// The text without ruby readings, for search.
    pub plain: String,
    /// The print page that starts in this unit, if one does (a page-break
    /// block, or a page break inside running text).
    pub page: Option<String>,
    /// Index of the document in [`Publication::documents`].
    pub document: usize,
    /// Index of the top-level block in that document.
    pub block: usize,
    /// The block's element id, if any.
    pub fragment: Option<String>,
    /// The block's language, when it differs from the document's.
    pub lang: Option<String>,
    /// Ruby readings to draw over the text (only with [`RubyMode::Above`]).
    pub ruby: Vec<RubySpan>,
    /// The image's href in the book, for an image unit.
    pub image: Option<String>,
    /// The links and note references in the text, in order.
    pub links: Vec<LinkSpan>,
    /// Parts of the text in another language, innermost first (a part inside another
    /// comes before it).
    pub langs: Vec<LangSpan>,
    /// The elements with an id inside the text (sentences a talking book's phrases point
    /// at), with where they are in `text`.
    pub ids: Vec<(String, std::ops::Range<usize>)>,
}

impl Unit {
    /// Where the element with id `id` is in the unit's text, if it is inside it.
    pub fn range_of(&self, id: &str) -> Option<std::ops::Range<usize>> {
        self.ids.iter().find(|(i, _)| i == id).map(|(_, range)| range.clone())
    }
}

struct Flattener<'a> {
    ruby: RubyMode,
    document: usize,
    block: usize,
    out: &'a mut Vec<Unit>,
}

/// Every unit of `publication`, in reading order (linear documents only are
/// ordered first by the publication's parser; this keeps its order).
pub fn units(publication: &Publication, ruby: RubyMode) -> Vec<Unit> {
    let mut out = Vec::new();
    for (document, doc) in publication.documents.iter().enumerate() {
        for (block, b) in doc.blocks.iter().enumerate() {
            Flattener { ruby, document, block, out: &mut out }.block(b, None);
        }
    }
    // A link into the book leads to one of its documents; other files (a DAISY 2.02 text's
    // links to its SMIL files, which the player follows instead) are not links to read.
    let documents: std::collections::HashSet<&str> =
        publication.documents.iter().map(|d| d.href.as_str()).collect();
    for unit in &mut out {
        unit.links.retain(|link| {
            link.external || documents.contains(crate::book::locator::split_fragment(&link.target).0)
        });
    }
    out
}

impl Flattener<'_> {
    fn push(&mut self, kind: UnitKind, content: &[Inline], b: &Block) {
        let page = last_page_break(content);
        let texts = Texts::of(content, self.ruby);
        self.push_unit(kind, texts, b);
        if let (Some(label), Some(unit)) = (page, self.out.last_mut()) {
            unit.page.get_or_insert(label);
        }
    }

    fn push_text(&mut self, kind: UnitKind, text: String, b: &Block) {
        let texts = Texts {
            shown: Shown { text: text.clone(), ..Shown::default() },
            spoken: text.clone(),
            plain: text,
        };
        self.push_unit(kind, texts, b);
    }

    fn push_unit(&mut self, kind: UnitKind, texts: Texts, b: &Block) {
        let Texts { shown: Shown { text, ruby, links, langs, ids }, spoken, plain } = texts;
        if text.trim().is_empty() && !matches!(kind, UnitKind::PageBreak(_) | UnitKind::Image) {
            return;
        }
        let page = match &kind {
            UnitKind::PageBreak(label) => Some(label.clone()),
            _ => None,
        };
        self.out.push(Unit {
            kind,
            text,
            spoken,
            plain,
            page,
            document: self.document,
            block: self.block,
            fragment: b.id.clone(),
            lang: b.lang.clone(),
            ruby,
            links,
            langs,
            ids,
            image: match &b.kind {
                BlockKind::Image { src, .. } => Some(src.clone()),
                _ => None,
            },
        });
    }

    fn block(&mut self, b: &Block, wrapper: Option<&UnitKind>) {
        match &b.kind {
            BlockKind::Heading { level, content } => self.push(UnitKind::Heading(*level), content, b),
            BlockKind::Paragraph { content } => {
                self.push(wrapper.cloned().unwrap_or(UnitKind::Paragraph), content, b);
            }
            BlockKind::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}. ", n + 1) } else { "• ".to_owned() };
                    let mut texts = Texts::from(marker.as_str());
                    texts.spoken.clear();
                    let contents = item.iter().filter_map(|b| match &b.kind {
                        BlockKind::Paragraph { content } | BlockKind::Heading { content, .. } => {
                            Some(content)
                        }
                        _ => None,
                    });
                    for (i, content) in contents.enumerate() {
                        if i > 0 {
                            texts.push_str(" ");
                        }
                        texts.push(content, self.ruby);
                    }
                    self.push_unit(UnitKind::ListItem, texts, b);
                }
            }
            BlockKind::Table { caption, rows } => {
                let table = self.out.len();
                if !caption.is_empty() {
                    self.push(UnitKind::Paragraph, caption, b);
                }
                for row in rows {
                    let mut texts = Texts::default();
                    let mut cells = Vec::with_capacity(row.len());
                    for (i, cell) in row.iter().enumerate() {
                        if i > 0 {
                            texts.push_str(" | ");
                        }
                        let start = texts.shown.text.len();
                        texts.push(&cell.content, self.ruby);
                        cells.push(CellSpan { range: start..texts.shown.text.len(), header: cell.header });
                    }
                    self.push_unit(UnitKind::TableRow(RowCells { table, cells }), texts, b);
                }
            }
            BlockKind::Image { alt, long_description, .. } => {
                let mut text = alt.clone().unwrap_or_default();
                if let Some(long) = long_description {
                    text = if text.is_empty() { long.clone() } else { format!("{text} — {long}") };
                }
                self.push_text(UnitKind::Image, text, b);
            }
            BlockKind::PageBreak { label, .. } => {
                self.push_text(UnitKind::PageBreak(label.clone()), label.clone(), b);
            }
            BlockKind::Note { blocks } => self.nested(blocks, &UnitKind::Note),
            BlockKind::Sidebar { blocks } => self.nested(blocks, &UnitKind::Sidebar),
            BlockKind::ProductionNote { blocks } => self.nested(blocks, &UnitKind::ProductionNote),
        }
    }

    fn nested(&mut self, blocks: &[Block], kind: &UnitKind) {
        for inner in blocks {
            self.block(inner, Some(kind));
        }
    }
}

/// The label of the last page break inside inline content.
fn last_page_break(content: &[Inline]) -> Option<String> {
    content.iter().rev().find_map(|inline| match inline {
        Inline::PageBreak { label } => Some(label.clone()),
        Inline::Lang { content, .. } | Inline::Link { content, .. } | Inline::Span { content, .. } => {
            last_page_break(content)
        }
        _ => None,
    })
}

/// A unit's text as shown, with the ruby readings to draw over it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Shown {
    text: String,
    ruby: Vec<RubySpan>,
    links: Vec<LinkSpan>,
    langs: Vec<LangSpan>,
    ids: Vec<(String, std::ops::Range<usize>)>,
}

/// The three texts of a unit: shown, spoken and plain (for search).
#[derive(Debug, Clone, Default)]
struct Texts {
    shown: Shown,
    spoken: String,
    plain: String,
}

impl From<&str> for Texts {
    fn from(s: &str) -> Self {
        Texts {
            shown: Shown { text: s.to_owned(), ..Shown::default() },
            spoken: s.to_owned(),
            plain: s.to_owned(),
        }
    }
}

impl Texts {
    fn of(content: &[Inline], ruby: RubyMode) -> Self {
        let mut texts = Texts::default();
        texts.push(content, ruby);
        texts
    }

    fn push_str(&mut self, s: &str) {
        self.shown.text.push_str(s);
        self.spoken.push_str(s);
        self.plain.push_str(s);
    }

    fn push(&mut self, content: &[Inline], ruby: RubyMode) {
        shown_into(content, ruby, &mut self.shown);
        self.spoken.push_str(&inline_text(content, ruby, true));
        self.plain.push_str(&inline_text(content, RubyMode::Hidden, false));
    }
}

fn shown_into(content: &[Inline], ruby: RubyMode, out: &mut Shown) {
    for inline in content {
        match inline {
            Inline::Text { text } => out.text.push_str(text),
            Inline::Ruby { base, reading } => {
                let start = out.text.len();
                out.text.push_str(base);
                match ruby {
                    RubyMode::Above => {
                        out.ruby.push(RubySpan { base: start..out.text.len(), reading: reading.clone() });
                    }
                    RubyMode::Brackets => {
                        out.text.push('（');
                        out.text.push_str(reading);
                        out.text.push('）');
                    }
                    RubyMode::Hidden => {}
                }
            }
            Inline::NoteRef { label, target } => {
                let start = out.text.len();
                out.text.push_str(label);
                let range = start..out.text.len();
                out.links.push(LinkSpan { range, target: target.clone(), external: false, note: true });
            }
            Inline::Link { target, external, content } => {
                let start = out.text.len();
                shown_into(content, ruby, out);
                let range = start..out.text.len();
                if !range.is_empty() {
                    let link = LinkSpan { range, target: target.clone(), external: *external, note: false };
                    out.links.push(link);
                }
            }
            Inline::Lang { content, lang } => {
                let start = out.text.len();
                shown_into(content, ruby, out);
                if out.text.len() > start {
                    out.langs.push(LangSpan { range: start..out.text.len(), lang: lang.clone() });
                }
            }
            Inline::Span { id, content } => {
                let start = out.text.len();
                shown_into(content, ruby, out);
                out.ids.push((id.clone(), start..out.text.len()));
            }
            Inline::Math { linear, .. } => out.text.push_str(linear),
            Inline::PageBreak { .. } => {}
        }
    }
}

/// The text of inline content, for display or (`speech`) for a voice. Shown text has
/// ruby readings in brackets ([`RubyMode::Brackets`]) or left out (the other modes:
/// [`RubyMode::Above`] draws them apart from the text).
pub fn inline_text(content: &[Inline], ruby: RubyMode, speech: bool) -> String {
    if !speech {
        let mut shown = Shown::default();
        shown_into(content, ruby, &mut shown);
        return shown.text;
    }
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Ruby { reading, .. } => out.push_str(reading),
            Inline::Lang { content, .. } | Inline::Link { content, .. } | Inline::Span { content, .. } => {
                out.push_str(&inline_text(content, ruby, true));
            }
            Inline::Math { linear, spoken } => out.push_str(spoken.as_ref().unwrap_or(linear)),
            Inline::NoteRef { .. } | Inline::PageBreak { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruby_is_bracketed_for_the_eye_and_read_for_the_ear() {
        let content = vec![
            Inline::Ruby { base: "草枕".into(), reading: "くさまくら".into() },
            Inline::Text { text: "を読む".into() },
        ];
        assert_eq!(inline_text(&content, RubyMode::Brackets, false), "草枕（くさまくら）を読む");
        assert_eq!(inline_text(&content, RubyMode::Hidden, false), "草枕を読む");
        assert_eq!(inline_text(&content, RubyMode::Brackets, true), "くさまくらを読む");
    }

    #[test]
    fn ruby_above_keeps_the_base_and_says_where_each_reading_goes() {
        let content = vec![
            Inline::Text { text: "「".into() },
            Inline::Ruby { base: "草枕".into(), reading: "くさまくら".into() },
            Inline::Text { text: "」と".into() },
            Inline::Ruby { base: "山路".into(), reading: "やまみち".into() },
        ];
        let texts = Texts::of(&content, RubyMode::Above);
        assert_eq!(texts.shown.text, "「草枕」と山路");
        let bases: Vec<(&str, &str)> = texts
            .shown
            .ruby
            .iter()
            .map(|r| (&texts.shown.text[r.base.clone()], r.reading.as_str()))
            .collect();
        assert_eq!(bases, [("草枕", "くさまくら"), ("山路", "やまみち")]);
        assert_eq!(texts.plain, "「草枕」と山路");
        assert_eq!(texts.spoken, "「くさまくら」とやまみち");
        assert!(Texts::of(&content, RubyMode::Brackets).shown.ruby.is_empty());
    }

    #[test]
    fn parts_in_another_language_keep_where_they_are_in_the_shown_text() {
        let content = vec![
            Inline::Ruby { base: "草枕".into(), reading: "くさまくら".into() },
            Inline::Text { text: "は".into() },
            Inline::Lang {
                lang: "en".into(),
                content: vec![
                    Inline::Text { text: "Kusamakura, ".into() },
                    Inline::Lang {
                        lang: "fr".into(),
                        content: vec![Inline::Text { text: "l'oreiller".into() }],
                    },
                ],
            },
            Inline::Lang { lang: "de".into(), content: vec![] },
        ];
        let texts = Texts::of(&content, RubyMode::Brackets);
        let langs: Vec<(&str, &str)> = texts
            .shown
            .langs
            .iter()
            .map(|span| (&texts.shown.text[span.range.clone()], span.lang.as_str()))
            .collect();
        // Innermost first; an empty part is left out.
        assert_eq!(langs, [("l'oreiller", "fr"), ("Kusamakura, l'oreiller", "en")]);
    }
}
