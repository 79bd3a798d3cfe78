//! DAISY 2.02: `ncc.html` (navigation + metadata), SMIL 1.0 (timeline), optional
//! `master.smil`, content HTML files. Handles audioFullText, audioNcc (SMIL text points into
//! the NCC) and textNcc books.

mod ncc;

pub use ncc::{Ncc, NccItem, parse_ncc};

use super::container::Container;
use super::content;
use super::error::{BookError, Warning};
use super::href::{dir_of, resolve};
use super::html;
use super::locator::{Locator, split_fragment};
use super::model::{Format, Landmark, Navigation, PageTarget, Publication, ReadingOrderItem, Resource};
use super::timeline::{TimelineBuilder, build_toc, check_duration};
use super::xml;

/// Opens a DAISY 2.02 book whose NCC is at `ncc_href` inside `container`.
pub fn open(container: Container, ncc_href: &str) -> Result<Publication, BookError> {
    let bytes = container.read(ncc_href)?;
    let ncc = parse_ncc(&bytes, ncc_href)?;
    let mut warnings = ncc.count_mismatches();

    let smil_order = smil_order(&container, ncc_href, &ncc, &mut warnings);
    let mut builder = TimelineBuilder::default();
    for smil in &smil_order {
        builder.add_smil(&container, smil, ncc_href, &mut warnings);
    }
    builder.check_audio(&container, ncc_href, &mut warnings);

    let mut flat = Vec::new();
    let mut page_list = Vec::new();
    let mut landmarks = Vec::new();
    for item in &ncc.items {
        let target = match (&item.href, &item.id) {
            (Some(h), _) => builder.locate(h),
            (None, Some(id)) => Locator::new(ncc_href).with_fragment(id.clone()),
            (None, None) => Locator::new(ncc_href),
        };
        match item.kind {
            ncc::NccKind::Heading(level) => flat.push((level, item.label.clone(), target)),
            ncc::NccKind::Page(kind) => {
                page_list.push(PageTarget { label: item.label.clone(), kind, target })
            }
            ncc::NccKind::Other(ref class) => {
                landmarks.push(Landmark { kind: class.clone(), label: item.label.clone(), target })
            }
        }
    }

    let mut documents = Vec::new();
    for text_href in builder.text_documents() {
        match container.read(&text_href) {
            Ok(bytes) => match html::parse(&bytes, ncc.charset.as_deref(), &text_href) {
                Ok(root) => documents.push(content::extract(&root, &text_href)),
                Err(e) => warnings.push(Warning::unreadable(&text_href, &e)),
            },
            Err(BookError::MissingResource { .. }) => warnings.push(Warning::MissingResource {
                href: text_href.clone(),
                referenced_from: ncc_href.to_owned(),
            }),
            Err(e) => warnings.push(Warning::unreadable(&text_href, &e)),
        }
    }

    let mut metadata = ncc.metadata;
    if metadata.title.is_empty() {
        warnings.push(Warning::MissingMetadata { field: "title".into() });
    }
    check_duration(metadata.total_duration_ms, &builder.timeline, &mut warnings);
    if metadata.total_duration_ms.is_none() && !builder.timeline.pars.is_empty() {
        metadata.total_duration_ms = Some(builder.timeline.total_ms());
    }

    let mut resources = vec![Resource { href: ncc_href.to_owned(), media_type: "text/html".into() }];
    resources.extend(
        smil_order.iter().map(|h| Resource { href: h.clone(), media_type: "application/smil".into() }),
    );
    resources.extend(
        builder
            .timeline
            .audio_files()
            .into_iter()
            .map(|h| Resource { href: h.to_owned(), media_type: audio_media_type(h).into() }),
    );
    resources.extend(
        documents
            .iter()
            .filter(|d| d.href != ncc_href)
            .map(|d| Resource { href: d.href.clone(), media_type: "text/html".into() }),
    );

    Ok(Publication {
        format: Format::Daisy202,
        metadata,
        reading_order: smil_order.iter().map(|h| ReadingOrderItem::smil(h)).collect(),
        resources,
        navigation: Navigation { toc: build_toc(flat), page_list, landmarks },
        documents,
        timeline: builder.timeline,
        warnings,
        container: container.into(),
    })
}

/// Media type for an audio file by extension.
pub fn audio_media_type(href: &str) -> &'static str {
    let lower = href.to_ascii_lowercase();
    if lower.ends_with(".wav") {
        "audio/x-wav"
    } else if lower.ends_with(".mp4") || lower.ends_with(".m4a") {
        "audio/mp4"
    } else if lower.ends_with(".ogg") {
        "audio/ogg"
    } else {
        "audio/mpeg"
    }
}

/// SMIL files in playback order: from `master.smil` when present, else in order of first
/// reference from the NCC.
fn smil_order(container: &Container, ncc_href: &str, ncc: &Ncc, warnings: &mut Vec<Warning>) -> Vec<String> {
    let master = format!("{}master.smil", dir_of(ncc_href));
    if let Some(found) = container.find(&master)
        && let Ok(bytes) = container.read(&found)
    {
        match xml::parse(&bytes, &found) {
            Ok(root) => {
                let mut order: Vec<String> = Vec::new();
                for r in root.find_all("ref") {
                    if let Some(h) = r.attr("src").and_then(|s| resolve(&found, s)) {
                        let h = split_fragment(&h).0.to_owned();
                        if !order.contains(&h) {
                            order.push(h);
                        }
                    }
                }
                if !order.is_empty() {
                    return order;
                }
            }
            Err(e) => warnings.push(Warning::unreadable(&found, &e)),
        }
    }
    let mut order: Vec<String> = Vec::new();
    for item in &ncc.items {
        if let Some(h) = &item.href {
            let h = split_fragment(h).0;
            if h.to_ascii_lowercase().ends_with(".smil") && !order.iter().any(|o| o == h) {
                order.push(h.to_owned());
            }
        }
    }
    order
}
