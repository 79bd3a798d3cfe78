//! Building the media timeline from SMIL documents and resolving navigation targets
//! (`chapter.smil#id`, `text.xhtml#id`) to [`Locator`]s. Shared by all formats.

use std::collections::HashMap;

use super::container::Container;
use super::error::{BookError, Warning};
use super::locator::{Locator, split_fragment};
use super::model::{MediaTimeline, TocEntry};
use super::smil;

/// Accumulates pars from SMIL files in reading order.
#[derive(Debug, Default)]
pub struct TimelineBuilder {
    /// The timeline built so far.
    pub timeline: MediaTimeline,
    anchors: HashMap<(String, String), usize>,
    first_of: HashMap<String, usize>,
    by_text: HashMap<(String, String), usize>,
    first_by_doc: HashMap<String, usize>,
    loaded: Vec<String>,
}

impl TimelineBuilder {
    /// Loads and appends one SMIL file (once). Problems become warnings.
    pub fn add_smil(
        &mut self,
        container: &Container,
        smil_href: &str,
        from: &str,
        warnings: &mut Vec<Warning>,
    ) {
        if self.loaded.iter().any(|h| h == smil_href) {
            return;
        }
        self.loaded.push(smil_href.to_owned());
        let bytes = match container.read(smil_href) {
            Ok(b) => b,
            Err(BookError::MissingResource { .. }) => {
                warnings.push(Warning::MissingResource {
                    href: smil_href.to_owned(),
                    referenced_from: from.to_owned(),
                });
                return;
            }
            Err(e) => {
                warnings.push(Warning::unreadable(smil_href, &e));
                return;
            }
        };
        match smil::parse(&bytes, smil_href) {
            Ok(doc) => self.append(smil_href, doc),
            Err(e) => warnings.push(Warning::unreadable(smil_href, &e)),
        }
    }

    fn append(&mut self, smil_href: &str, doc: smil::SmilDoc) {
        let offset = self.timeline.pars.len();
        if !doc.pars.is_empty() {
            self.first_of.entry(smil_href.to_owned()).or_insert(offset);
        }
        for (id, index) in doc.anchors {
            self.anchors.entry((smil_href.to_owned(), id)).or_insert(offset + index);
        }
        for (i, par) in doc.pars.iter().enumerate() {
            if let Some(text) = &par.text {
                let key = (text.href.clone(), text.fragment.clone().unwrap_or_default());
                self.by_text.entry(key).or_insert(offset + i);
                self.first_by_doc.entry(text.href.clone()).or_insert(offset + i);
            }
        }
        self.timeline.pars.extend(doc.pars);
    }

    /// Index of the par a target (`x.smil#id`, `x.smil`, or `text.html#id`) leads to.
    pub fn par_index(&self, target: &str) -> Option<usize> {
        let (href, fragment) = split_fragment(target);
        match fragment {
            Some(f) => self
                .anchors
                .get(&(href.to_owned(), f.to_owned()))
                .or_else(|| self.by_text.get(&(href.to_owned(), f.to_owned())))
                .copied(),
            None => self.first_of.get(href).or_else(|| self.first_by_doc.get(href)).copied(),
        }
    }

    /// Resolves a navigation target to a locator: through the timeline when it names a SMIL
    /// par (text position + audio time), else as a plain text position.
    pub fn locate(&self, target: &str) -> Locator {
        let (href, _) = split_fragment(target);
        let is_smil = href.to_ascii_lowercase().ends_with(".smil");
        match self.par_index(target).and_then(|i| self.timeline.pars.get(i)) {
            Some(par) if is_smil => par.locator(),
            Some(par) => {
                let mut locator = Locator::from_href(target);
                locator.locations.audio = par.locator().locations.audio;
                locator
            }
            None => Locator::from_href(target),
        }
    }

    /// Reports audio files the timeline uses that the container lacks.
    pub fn check_audio(&self, container: &Container, from: &str, warnings: &mut Vec<Warning>) {
        for audio in self.timeline.audio_files() {
            if !container.exists(audio) {
                let smil = self
                    .timeline
                    .pars
                    .iter()
                    .find(|p| p.audio.as_ref().is_some_and(|a| a.href == audio))
                    .map_or(from, |p| p.smil.as_str());
                warnings.push(Warning::MissingResource {
                    href: audio.to_owned(),
                    referenced_from: smil.to_owned(),
                });
            }
        }
    }

    /// Distinct text documents the timeline highlights, in order of first use.
    pub fn text_documents(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for par in &self.timeline.pars {
            if let Some(t) = &par.text
                && !out.contains(&t.href)
            {
                out.push(t.href.clone());
            }
        }
        out
    }
}

/// Builds a TOC tree from a flat list of (level, label, target) in document order.
/// Levels may skip (h1 → h3); an entry nests under the closest previous shallower entry.
pub fn build_toc(flat: Vec<(u8, String, Locator)>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for (level, label, target) in flat {
        let entry = TocEntry { label, level: level.clamp(1, 6), target, children: Vec::new() };
        insert(&mut roots, entry);
    }
    roots
}

fn insert(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

/// Warns when the declared total time and the sum of the clips differ by more than 2 %
/// (and at least 5 s). Skipped when a clip plays to the end of its file (length unknown
/// without decoding the audio).
pub fn check_duration(declared: Option<u64>, timeline: &MediaTimeline, warnings: &mut Vec<Warning>) {
    let computed = timeline.total_ms();
    let open_ended = timeline.pars.iter().any(|p| p.audio.as_ref().is_some_and(|a| a.end_ms.is_none()));
    if let Some(declared) = declared
        && computed > 0
        && !open_ended
    {
        let diff = declared.abs_diff(computed);
        if diff > 5_000 && diff > declared / 50 {
            warnings.push(Warning::DurationMismatch { declared_ms: declared, computed_ms: computed });
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn toc_tree_from_levels() {
        let flat = [1u8, 2, 2, 1, 3, 2, 1]
            .iter()
            .enumerate()
            .map(|(i, l)| (*l, format!("e{i}"), Locator::new("x")))
            .collect();
        let tree = build_toc(flat);
        assert_eq!(tree.len(), 3);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[1].children.len(), 2);
        assert_eq!(tree[1].children[0].level, 3);
        assert_eq!(tree[2].label, "e6");
    }
}
