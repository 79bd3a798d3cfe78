//! EPUB 2 and 3: the package (metadata, manifest, spine, nav/NCX, page-list, landmarks) via
//! rbook; encryption, media overlays, writing mode and content extraction here.

pub mod encryption;
mod package;
pub mod rendition;

use crate::book::container::Container;
use crate::book::content;
use crate::book::error::{BookError, Warning};
use crate::book::lcp::UserKey;
use crate::book::model::{Format, Layout, Publication, WritingMode};
use crate::book::timeline::{TimelineBuilder, check_duration};

/// Number of leading spine documents inspected for a CSS writing mode.
const WRITING_MODE_PROBE: usize = 3;

/// Opens an EPUB from a container already known to hold `META-INF/container.xml`.
///
/// `user_keys` are the Readium LCP user keys to try on a basic-profile book (see
/// [`encryption::check`]); the package, navigation and NCX are in clear, everything read
/// after them is decrypted.
pub fn open(mut container: Container, user_keys: &[UserKey]) -> Result<Publication, BookError> {
    let checked = encryption::check(&container, user_keys)?;
    if let Some(lcp) = checked.lcp {
        container.set_lcp(std::sync::Arc::new(lcp));
    }
    let encrypted = checked.obfuscated;
    let epub = package::load(&container)?;
    let pkg = package::convert(&epub);
    if let Some(uid) = pkg.metadata.identifiers.first() {
        encryption::register(&mut container, &encrypted, uid);
    }
    let mut warnings = pkg.warnings;
    let mut metadata = pkg.metadata;

    let mut builder = TimelineBuilder::default();
    for item in &pkg.reading_order {
        if let Some(smil) = &item.media_overlay {
            builder.add_smil(&container, smil, &item.href, &mut warnings);
        }
    }
    builder.check_audio(&container, "package", &mut warnings);
    let navigation = pkg.navigation.resolve(&builder);

    let mut documents = Vec::new();
    let mut css_mode = None;
    for (index, item) in pkg.reading_order.iter().enumerate() {
        if !is_text(&item.media_type) {
            continue;
        }
        let bytes = match container.read(&item.href) {
            Ok(b) => b,
            Err(BookError::MissingResource { .. }) => {
                warnings.push(Warning::MissingResource {
                    href: item.href.clone(),
                    referenced_from: "spine".into(),
                });
                continue;
            }
            Err(e) => {
                warnings.push(Warning::unreadable(&item.href, &e));
                continue;
            }
        };
        match content::parse_root(&bytes, &item.href, None) {
            Ok(root) => {
                if css_mode.is_none() && index < WRITING_MODE_PROBE {
                    css_mode = rendition::document_writing_mode(&root, &item.href, &container);
                }
                documents.push(content::extract(&root, &item.href));
            }
            Err(e) => warnings.push(Warning::unreadable(&item.href, &e)),
        }
    }
    if metadata.rendition.writing_mode == WritingMode::HorizontalTb
        && let Some(mode) = css_mode
    {
        metadata.rendition.writing_mode = mode;
    }
    if metadata.title.is_empty() {
        warnings.push(Warning::MissingMetadata { field: "title".into() });
    }
    check_duration(metadata.total_duration_ms, &builder.timeline, &mut warnings);
    if metadata.total_duration_ms.is_none() && builder.timeline.total_ms() > 0 {
        metadata.total_duration_ms = Some(builder.timeline.total_ms());
    }
    if metadata.rendition.layout == Layout::Reflowable
        && !pkg.reading_order.is_empty()
        && pkg.reading_order.iter().all(|i| i.layout == Some(Layout::FixedLayout))
    {
        metadata.rendition.layout = Layout::FixedLayout;
    }
    Ok(Publication {
        format: if pkg.epub3 { Format::Epub3 } else { Format::Epub2 },
        metadata,
        reading_order: pkg.reading_order,
        resources: pkg.resources,
        navigation,
        documents,
        timeline: builder.timeline,
        warnings,
        container: container.into(),
    })
}

fn is_text(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m.contains("xhtml")
        || m.contains("html")
        || m.contains("dtbook")
        || m == "text/xml"
        || m == "application/xml"
}
