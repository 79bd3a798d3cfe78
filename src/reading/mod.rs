//! Reading a publication unit by unit: the book's blocks flattened into the
//! pieces a reader moves through (headings, paragraphs, list items, table
//! rows, images, page breaks, notes), with navigation by unit, heading level
//! and print page, "where am I", and conversion to and from [`Locator`]s.
//!
//! Pure and synchronous: the reader screen, the bookmarks and the read-aloud
//! engine all use it, and it is tested without a window.

pub mod explain;
mod finder;
pub mod pages;
pub mod segments;
pub mod shelf;
mod units;
pub mod vertical;

pub use finder::UnitFinder;
pub use units::{CellSpan, LangSpan, LinkSpan, RowCells, RubyMode, RubySpan, Unit, UnitKind, units};
pub use vertical::Writing;

use crate::book::Publication;
use crate::book::locator::Locator;

/// Where the reader is, in words: the headings above, the print page and
/// how far through the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhereAmI {
    /// Headings enclosing the position, outermost first.
    pub headings: Vec<String>,
    /// The print page, if the book has page breaks before this point.
    pub page: Option<String>,
    /// Percent of the book's units before this point.
    pub percent: u8,
}

/// The unit index after `from` that matches `wanted`, searching forwards or
/// backwards; `None` at the end of the book.
pub fn find(units: &[Unit], from: usize, forward: bool, wanted: impl Fn(&Unit) -> bool) -> Option<usize> {
    if forward {
        units.iter().enumerate().skip(from + 1).find(|(_, u)| wanted(u)).map(|(i, _)| i)
    } else {
        units.iter().enumerate().take(from).rev().find(|(_, u)| wanted(u)).map(|(i, _)| i)
    }
}

/// Whether a print page starts in `unit`.
pub fn starts_page(unit: &Unit) -> bool {
    unit.page.is_some()
}

/// Whether `unit` is a heading at `level` (any level when `None`).
pub fn is_heading(unit: &Unit, level: Option<u8>) -> bool {
    matches!(unit.kind, UnitKind::Heading(l) if level.is_none_or(|want| want == l))
}

/// The heading trail, page and percentage at `index`.
pub fn where_am_i(units: &[Unit], index: usize) -> WhereAmI {
    let mut trail: Vec<(u8, String)> = Vec::new();
    let mut page = None;
    for unit in units.iter().take(index + 1) {
        if let UnitKind::Heading(level) = &unit.kind {
            trail.retain(|(l, _)| l < level);
            trail.push((*level, unit.text.clone()));
        }
        if let Some(label) = &unit.page {
            page = Some(label.clone());
        }
    }
    let percent = if units.is_empty() { 0 } else { (index * 100 / units.len()).min(100) };
    WhereAmI {
        headings: trail.into_iter().map(|(_, t)| t).collect(),
        page,
        percent: u8::try_from(percent).unwrap_or(100),
    }
}

/// The [`Locator`] of unit `index`: its document, top-level block and
/// fragment, the print page and the progression through the book.
pub fn locator(publication: &Publication, units: &[Unit], index: usize) -> Option<Locator> {
    let unit = units.get(index)?;
    let document = publication.documents.get(unit.document)?;
    let mut locator = Locator::new(document.href.clone());
    locator.title = Some(publication.metadata.title.clone());
    locator.locations.block = Some(unit.block);
    locator.locations.fragment = unit.fragment.clone();
    locator.locations.page = where_am_i(units, index).page;
    #[allow(clippy::cast_precision_loss)]
    let progression = index as f64 / units.len().max(1) as f64;
    locator.locations.total_progression = Some(progression);
    Some(locator)
}

/// The unit a [`Locator`] points at: the same document and block when
/// given, else the fragment's block, else the document's first unit.
pub fn index_of(publication: &Publication, units: &[Unit], locator: &Locator) -> Option<usize> {
    let document = publication.documents.iter().position(|d| d.href == locator.href)?;
    let block = locator.locations.block.or_else(|| {
        let fragment = locator.locations.fragment.as_deref()?;
        publication.documents.get(document)?.block_of(fragment)
    });
    let in_document = |u: &&Unit| u.document == document;
    match block {
        Some(block) => units
            .iter()
            .position(|u| u.document == document && u.block >= block)
            .or_else(|| units.iter().rposition(|u| in_document(&u))),
        None => units.iter().position(|u| in_document(&u)),
    }
}

/// Whether unit `unit` is part of a table, list, note, sidebar or producer's note (a
/// structure the listener can leave with one key).
pub fn in_structure(unit: &Unit) -> bool {
    matches!(
        unit.kind,
        UnitKind::ListItem
            | UnitKind::TableRow(_)
            | UnitKind::Note
            | UnitKind::Sidebar
            | UnitKind::ProductionNote
    )
}

/// The first unit after the structure unit `index` is part of (the units of one top-level
/// block: a table, a list, a note…); `None` when it is in none. Past the last unit it is
/// `units.len()`.
pub fn structure_end(units: &[Unit], index: usize) -> Option<usize> {
    let unit = units.get(index).filter(|u| in_structure(u))?;
    let same = |u: &Unit| u.document == unit.document && u.block == unit.block;
    Some(units.iter().skip(index).position(|u| !same(u)).map_or(units.len(), |n| index + n))
}

/// A table of the book, as units: its caption and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableUnits {
    /// The caption's unit, if the table has one.
    pub caption: Option<usize>,
    /// Its rows' units, in order (rows with no text have none).
    pub rows: Vec<usize>,
}

/// The table unit `index` is a row of; `None` when it is not a table row.
pub fn table_at(units: &[Unit], index: usize) -> Option<TableUnits> {
    let UnitKind::TableRow(row) = &units.get(index)?.kind else { return None };
    let start = row.table;
    let caption = units.get(start).filter(|u| !matches!(u.kind, UnitKind::TableRow(_))).map(|_| start);
    let first = start + usize::from(caption.is_some());
    let rows = units
        .iter()
        .enumerate()
        .skip(first)
        .take_while(|(_, u)| matches!(&u.kind, UnitKind::TableRow(r) if r.table == start))
        .map(|(i, _)| i)
        .collect();
    Some(TableUnits { caption, rows })
}

/// Most search results listed.
pub const MAX_HITS: usize = 200;

/// The units whose text (without ruby readings) contains `query`
/// (case-insensitive), with a short snippet around the first match, in book
/// order. Lower-casing keeps character counts for the scripts books use, so
/// the snippet is cut from the same positions.
pub fn search(units: &[Unit], query: &str) -> Vec<(usize, String)> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    units
        .iter()
        .enumerate()
        .filter_map(|(i, unit)| {
            // Ruby readings are left out, so a phrase is found as printed.
            let haystack = unit.plain.to_lowercase();
            let at = haystack.find(&needle)?;
            // Char positions, so multi-byte scripts are cut on characters.
            let start = haystack.get(..at).map_or(0, |h| h.chars().count());
            let chars: Vec<char> = unit.plain.chars().collect();
            let from = start.saturating_sub(30);
            let to = (start + needle.chars().count() + 30).min(chars.len());
            let mut snippet: String = chars.get(from..to).unwrap_or_default().iter().collect();
            if from > 0 {
                snippet.insert(0, '…');
            }
            if to < chars.len() {
                snippet.push('…');
            }
            Some((i, snippet))
        })
        .take(MAX_HITS)
        .collect()
}
