//! DAISY 3 (ANSI/NISO Z39.86-2005 and -2002): OPF package (any file name), NCX navigation,
//! SMIL 2 timeline, DTBook text, MP3 or WAV audio.

mod ncx;
mod opf;

pub use ncx::{ListPoint, NavPoint, Ncx, PagePoint, parse_ncx};
pub use opf::{Item, Package, parse_opf};

use crate::book::container::Container;
use crate::book::content;
use crate::book::error::{BookError, Warning};
use crate::book::model::{Format, Landmark, Navigation, PageTarget, Publication, ReadingOrderItem, Resource};
use crate::book::timeline::{TimelineBuilder, build_toc, check_duration};

/// Opens a DAISY 3 book whose package is at `opf_href`.
pub fn open(container: Container, opf_href: &str) -> Result<Publication, BookError> {
    let package = parse_opf(&container.read(opf_href)?, opf_href)?;
    let format_ok = package.format.as_deref().is_none_or(|f| f.to_ascii_uppercase().contains("Z39.86"));
    if !format_ok || package.spine.is_empty() {
        return Err(BookError::malformed(
            opf_href,
            "not a DAISY 3 package (dc:Format is not Z39.86 or the spine is empty)",
        ));
    }
    let mut warnings = Vec::new();
    let mut builder = TimelineBuilder::default();
    for smil in &package.spine {
        builder.add_smil(&container, smil, opf_href, &mut warnings);
    }
    builder.check_audio(&container, opf_href, &mut warnings);

    let mut navigation = Navigation::default();
    match package.ncx() {
        Some(item) => match container.read(&item.href) {
            Ok(bytes) => match parse_ncx(&bytes, &item.href) {
                Ok(ncx) => navigation = navigation_from(&ncx, &builder),
                Err(e) => warnings.push(Warning::unreadable(&item.href, &e)),
            },
            Err(e) => warnings.push(missing_or_unreadable(&item.href, opf_href, &e)),
        },
        None => warnings
            .push(Warning::MissingResource { href: "*.ncx".into(), referenced_from: opf_href.to_owned() }),
    }

    let mut text_docs: Vec<String> = package.dtbooks().map(|i| i.href.clone()).collect();
    for t in builder.text_documents() {
        if !text_docs.contains(&t) {
            text_docs.push(t);
        }
    }
    let mut documents = Vec::new();
    for href in &text_docs {
        match container.read(href) {
            Ok(bytes) => match content::parse_document(&bytes, href, None) {
                Ok(doc) => documents.push(doc),
                Err(e) => warnings.push(Warning::unreadable(href, &e)),
            },
            Err(e) => warnings.push(missing_or_unreadable(href, opf_href, &e)),
        }
    }

    let mut metadata = package.metadata;
    if metadata.title.is_empty() {
        warnings.push(Warning::MissingMetadata { field: "title".into() });
    }
    check_duration(metadata.total_duration_ms, &builder.timeline, &mut warnings);
    if metadata.total_duration_ms.is_none() && !builder.timeline.pars.is_empty() {
        metadata.total_duration_ms = Some(builder.timeline.total_ms());
    }

    Ok(Publication {
        format: Format::Daisy3,
        metadata,
        reading_order: package.spine.iter().map(|h| ReadingOrderItem::smil(h)).collect(),
        resources: package
            .manifest
            .iter()
            .map(|i| Resource { href: i.href.clone(), media_type: i.media_type.clone() })
            .collect(),
        navigation,
        documents,
        timeline: builder.timeline,
        warnings,
        container: container.into(),
    })
}

fn missing_or_unreadable(href: &str, from: &str, error: &BookError) -> Warning {
    match error {
        BookError::MissingResource { .. } => {
            Warning::MissingResource { href: href.to_owned(), referenced_from: from.to_owned() }
        }
        other => Warning::unreadable(href, other),
    }
}

fn navigation_from(ncx: &Ncx, builder: &TimelineBuilder) -> Navigation {
    let flat = ncx.nav_points.iter().map(|p| (p.level, p.label.clone(), builder.locate(&p.target))).collect();
    Navigation {
        toc: build_toc(flat),
        page_list: ncx
            .pages
            .iter()
            .map(|p| PageTarget { label: p.label.clone(), kind: p.kind, target: builder.locate(&p.target) })
            .collect(),
        landmarks: ncx
            .lists
            .iter()
            .map(|l| Landmark {
                kind: l.list.clone(),
                label: l.label.clone(),
                target: builder.locate(&l.target),
            })
            .collect(),
    }
}
