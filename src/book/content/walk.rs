//! Walking extracted content: every block, every inline, plain text.

use crate::book::model::{Block, BlockKind, Inline};

/// Plain text of inline content (ruby as base text, notes by label).
pub fn plain_text(content: &[Inline]) -> String {
    let mut s = String::new();
    for inline in content {
        match inline {
            Inline::Text { text } => s.push_str(text),
            Inline::Ruby { base, .. } => s.push_str(base),
            Inline::NoteRef { label, .. } => s.push_str(label),
            Inline::Lang { content, .. } | Inline::Link { content, .. } | Inline::Span { content, .. } => {
                s.push_str(&plain_text(content));
            }
            Inline::Math { linear, .. } => s.push_str(linear),
            Inline::PageBreak { .. } => {}
        }
    }
    s
}

/// Calls `f` on every block, recursing into lists, notes, sidebars and production notes.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match &block.kind {
            BlockKind::List { items, .. } => items.iter().for_each(|i| walk_blocks(i, f)),
            BlockKind::Note { blocks }
            | BlockKind::Sidebar { blocks }
            | BlockKind::ProductionNote { blocks } => walk_blocks(blocks, f),
            _ => {}
        }
    }
}

/// Calls `f` on every inline of a block list (including ruby inside headings, tables…).
pub fn walk_inlines<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
    fn each<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
        for i in inlines {
            f(i);
            if let Inline::Lang { content, .. }
            | Inline::Link { content, .. }
            | Inline::Span { content, .. } = i
            {
                each(content, f);
            }
        }
    }
    walk_blocks(blocks, &mut |b| match &b.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => each(content, f),
        BlockKind::Table { caption, rows } => {
            each(caption, f);
            rows.iter().flatten().for_each(|c| each(&c.content, f));
        }
        _ => {}
    });
}
