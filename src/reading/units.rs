//! Flattens a publication's blocks into reading units.

use crate::book::Publication;
use crate::book::model::{Block, BlockKind, Inline, TableCell};

/// How ruby (furigana) is written into a unit's display text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RubyMode {
    /// The reading in brackets after its base: 草枕（くさまくら）.
    #[default]
    Brackets,
    /// The base text only.
    Hidden,
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
    /// A table row, cells in reading order.
    TableRow,
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
    out
}

impl Flattener<'_> {
    fn push(&mut self, kind: UnitKind, content: &[Inline], b: &Block) {
        let text = inline_text(content, self.ruby, false);
        let spoken = inline_text(content, self.ruby, true);
        let plain = inline_text(content, RubyMode::Hidden, false);
        let page = last_page_break(content);
        self.push_unit(kind, text, spoken, plain, b);
        if let (Some(label), Some(unit)) = (page, self.out.last_mut()) {
            unit.page.get_or_insert(label);
        }
    }

    fn push_text(&mut self, kind: UnitKind, text: String, spoken: String, b: &Block) {
        let plain = text.clone();
        self.push_unit(kind, text, spoken, plain, b);
    }

    fn push_unit(&mut self, kind: UnitKind, text: String, spoken: String, plain: String, b: &Block) {
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
                    let (text, spoken) = blocks_text(item, self.ruby);
                    self.push_text(UnitKind::ListItem, format!("{marker}{text}"), spoken, b);
                }
            }
            BlockKind::Table { caption, rows } => {
                if !caption.is_empty() {
                    self.push(UnitKind::Paragraph, caption, b);
                }
                for row in rows {
                    let text = cells_text(row, self.ruby, false);
                    let spoken = cells_text(row, self.ruby, true);
                    self.push_text(UnitKind::TableRow, text, spoken, b);
                }
            }
            BlockKind::Image { alt, long_description, .. } => {
                let mut text = alt.clone().unwrap_or_default();
                if let Some(long) = long_description {
                    text = if text.is_empty() { long.clone() } else { format!("{text} — {long}") };
                }
                self.push_text(UnitKind::Image, text.clone(), text, b);
            }
            BlockKind::PageBreak { label, .. } => {
                self.push_text(UnitKind::PageBreak(label.clone()), label.clone(), label.clone(), b);
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

fn blocks_text(blocks: &[Block], ruby: RubyMode) -> (String, String) {
    let mut shown = Vec::new();
    let mut spoken = Vec::new();
    for b in blocks {
        if let BlockKind::Paragraph { content } | BlockKind::Heading { content, .. } = &b.kind {
            shown.push(inline_text(content, ruby, false));
            spoken.push(inline_text(content, ruby, true));
        }
    }
    (shown.join(" "), spoken.join(" "))
}

fn cells_text(cells: &[TableCell], ruby: RubyMode, speech: bool) -> String {
    cells.iter().map(|c| inline_text(&c.content, ruby, speech)).collect::<Vec<_>>().join(" | ")
}

/// The label of the last page break inside inline content.
fn last_page_break(content: &[Inline]) -> Option<String> {
    content.iter().rev().find_map(|inline| match inline {
        Inline::PageBreak { label } => Some(label.clone()),
        Inline::Lang { content, .. } => last_page_break(content),
        _ => None,
    })
}

/// The text of inline content, for display or (`speech`) for a voice.
pub fn inline_text(content: &[Inline], ruby: RubyMode, speech: bool) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Ruby { base, reading } => match (speech, ruby) {
                (true, _) => out.push_str(reading),
                (false, RubyMode::Brackets) => {
                    out.push_str(base);
                    out.push('（');
                    out.push_str(reading);
                    out.push('）');
                }
                (false, RubyMode::Hidden) => out.push_str(base),
            },
            Inline::NoteRef { label, .. } => {
                if !speech {
                    out.push_str(label);
                }
            }
            Inline::Lang { content, .. } => out.push_str(&inline_text(content, ruby, speech)),
            Inline::PageBreak { .. } => {}
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
}
