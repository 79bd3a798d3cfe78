//! [`UnitFinder`]: [`index_of`](super::index_of) for many locators at once (every clip of a
//! talking book when it opens), by table instead of by search, so a book with ten thousand
//! clips and as many ids opens without a pause.

use std::collections::HashMap;

use super::Unit;
use crate::book::Publication;
use crate::book::locator::Locator;

/// Finds the unit a [`Locator`] points at, exactly as [`index_of`](super::index_of) does.
pub struct UnitFinder<'a> {
    documents: HashMap<&'a str, usize>,
    /// Per document: each id's block (the first one, when an id repeats).
    ids: Vec<HashMap<&'a str, usize>>,
    /// Per document: its units, in order, with their blocks.
    units: Vec<Vec<(usize, usize)>>,
    /// Per document: whether its units' blocks never go down (they are searched by halves).
    in_order: Vec<bool>,
}

impl<'a> UnitFinder<'a> {
    /// Tables for `publication`'s `units`.
    pub fn new(publication: &'a Publication, units: &[Unit]) -> Self {
        let count = publication.documents.len();
        let mut documents = HashMap::with_capacity(count);
        let mut ids = Vec::with_capacity(count);
        for (index, document) in publication.documents.iter().enumerate() {
            documents.entry(document.href.as_str()).or_insert(index);
            let mut by_id = HashMap::with_capacity(document.anchors.len());
            for (id, block) in &document.anchors {
                by_id.entry(id.as_str()).or_insert(*block);
            }
            ids.push(by_id);
        }
        let mut by_document: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
        for (index, unit) in units.iter().enumerate() {
            if let Some(list) = by_document.get_mut(unit.document) {
                list.push((unit.block, index));
            }
        }
        let in_order = by_document.iter().map(|list| list.is_sorted_by_key(|(block, _)| *block)).collect();
        Self { documents, ids, units: by_document, in_order }
    }

    /// The unit `locator` points at: the same document and block when given, else the
    /// fragment's block, else the document's first unit.
    pub fn index_of(&self, locator: &Locator) -> Option<usize> {
        let document = *self.documents.get(locator.href.as_str())?;
        let block = locator.locations.block.or_else(|| {
            let fragment = locator.locations.fragment.as_deref()?;
            self.ids.get(document)?.get(fragment).copied()
        });
        let list = self.units.get(document)?;
        let Some(block) = block else { return list.first().map(|(_, unit)| *unit) };
        let at = if self.in_order.get(document).copied().unwrap_or(false) {
            let i = list.partition_point(|(b, _)| *b < block);
            list.get(i)
        } else {
            list.iter().find(|(b, _)| *b >= block)
        };
        at.or_else(|| list.last()).map(|(_, unit)| *unit)
    }
}
