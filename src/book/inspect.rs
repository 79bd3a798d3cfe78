//! The headless face of the book module: a serializable [`Report`] about a publication
//! (for `tomoshibi inspect PATH [--json]`).
//!
//! The report is data; the command line renders it in the user's language
//! (`cli::inspect`), the UI will do the same from the data.

use std::path::Path;

use serde::Serialize;

use super::content::{walk_blocks, walk_inlines};
use super::error::{BookError, Warning};
use super::model::{
    BlockKind, Format, Inline, Layout, MultimediaType, Publication, ReadingProgression, WritingMode,
};

/// How many TOC entries the report lists.
pub const TOC_PREVIEW: usize = 10;

/// Counts over the whole publication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Headings in the text, per level 1–6.
    pub headings_per_level: [usize; 6],
    /// TOC entries (all levels).
    pub toc_entries: usize,
    /// Page-list entries.
    pub pages: usize,
    /// Page-break markers in the text.
    pub page_breaks: usize,
    /// SMIL pars in the timeline.
    pub smil_pars: usize,
    /// Distinct audio files used by the timeline.
    pub audio_files: usize,
    /// Text documents.
    pub documents: usize,
    /// Blocks (top level) in all documents.
    pub blocks: usize,
    /// Images.
    pub images: usize,
    /// Images with no `alt` attribute at all.
    pub images_without_alt: usize,
    /// Ruby annotations.
    pub ruby: usize,
    /// Notes.
    pub notes: usize,
}

/// One TOC line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocLine {
    /// Level 1–6.
    pub level: u8,
    /// Label.
    pub label: String,
    /// Target href (with fragment).
    pub target: String,
}

/// What `inspect` reports about a book.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Path that was opened.
    pub path: String,
    /// Format.
    pub format: Format,
    /// Title.
    pub title: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Languages.
    pub languages: Vec<String>,
    /// Narrators.
    pub narrators: Vec<String>,
    /// DAISY multimedia type.
    pub multimedia_type: Option<MultimediaType>,
    /// Declared (or computed) total audio time in ms.
    pub total_duration_ms: Option<u64>,
    /// Sum of the timeline's clips in ms.
    pub timeline_duration_ms: u64,
    /// Layout.
    pub layout: Layout,
    /// Page progression.
    pub progression: ReadingProgression,
    /// Writing mode.
    pub writing_mode: WritingMode,
    /// `schema:accessMode` values.
    pub access_modes: Vec<String>,
    /// `schema:accessibilitySummary`.
    pub accessibility_summary: Option<String>,
    /// Counts.
    pub counts: Counts,
    /// The first TOC entries.
    pub toc: Vec<TocLine>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Opens the book at `path` and reports on it.
pub fn inspect(path: &Path) -> Result<Report, BookError> {
    inspect_with_keys(path, &[])
}

/// [`inspect`] for a book that may be Readium LCP protected, trying `user_keys`.
pub fn inspect_with_keys(path: &Path, user_keys: &[super::lcp::UserKey]) -> Result<Report, BookError> {
    let publication = super::open_with_keys(path, user_keys)?;
    Ok(Report::new(path, &publication))
}

impl Report {
    /// Builds the report for an opened publication.
    pub fn new(path: &Path, p: &Publication) -> Self {
        let mut counts = Counts {
            toc_entries: p.navigation.toc_flat().len(),
            pages: p.navigation.page_list.len(),
            smil_pars: p.timeline.pars.len(),
            audio_files: p.timeline.audio_files().len(),
            documents: p.documents.len(),
            ..Counts::default()
        };
        for doc in &p.documents {
            counts.blocks += doc.blocks.len();
            walk_blocks(&doc.blocks, &mut |b| match &b.kind {
                BlockKind::Heading { level, .. } => {
                    if let Some(slot) =
                        counts.headings_per_level.get_mut(usize::from(level.saturating_sub(1)).min(5))
                    {
                        *slot += 1;
                    }
                }
                BlockKind::Image { alt, .. } => {
                    counts.images += 1;
                    if alt.is_none() {
                        counts.images_without_alt += 1;
                    }
                }
                BlockKind::PageBreak { .. } => counts.page_breaks += 1,
                BlockKind::Note { .. } => counts.notes += 1,
                _ => {}
            });
            walk_inlines(&doc.blocks, &mut |i| match i {
                Inline::Ruby { .. } => counts.ruby += 1,
                Inline::PageBreak { .. } => counts.page_breaks += 1,
                _ => {}
            });
        }
        let toc = p
            .navigation
            .toc_flat()
            .into_iter()
            .take(TOC_PREVIEW)
            .map(|e| TocLine {
                level: e.level,
                label: e.label.clone(),
                target: match &e.target.locations.fragment {
                    Some(f) => format!("{}#{f}", e.target.href),
                    None => e.target.href.clone(),
                },
            })
            .collect();
        let m = &p.metadata;
        Self {
            path: path.display().to_string(),
            format: p.format,
            title: m.title.clone(),
            authors: m.authors.clone(),
            languages: m.languages.clone(),
            narrators: m.narrators.clone(),
            multimedia_type: m.multimedia_type,
            total_duration_ms: m.total_duration_ms,
            timeline_duration_ms: p.timeline.total_ms(),
            layout: m.rendition.layout,
            progression: m.rendition.progression,
            writing_mode: m.rendition.writing_mode,
            access_modes: m.accessibility.access_modes.clone(),
            accessibility_summary: m.accessibility.summary.clone(),
            counts,
            toc,
            warnings: p.warnings.clone(),
        }
    }

    /// JSON rendering (pretty-printed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
