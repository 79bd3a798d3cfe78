//! rbook → model: metadata, spine, manifest and navigation of an EPUB package.

use rbook::Epub;
use rbook::epub::toc::EpubTocEntry;

use crate::book::container::Container;
use crate::book::error::{BookError, Warning};
use crate::book::locator::Locator;
use crate::book::model::{
    Accessibility, Landmark, Layout, Metadata, Navigation, PageKind, PageTarget, ReadingOrderItem,
    ReadingProgression, Resource, WritingMode,
};
use crate::book::timeline::TimelineBuilder;

use super::rendition::parse_writing_mode;
use crate::book::clock::parse_clock;

/// Opens the package with rbook: from the zip file (already vetted by [`Container`]) or
/// the folder.
pub fn load(container: &Container) -> Result<Epub, BookError> {
    let options = Epub::options();
    let result = if let Some(bytes) = container.memory() {
        options.read(std::io::Cursor::new(bytes))
    } else if container.is_zip() {
        let file =
            std::fs::File::open(container.source()).map_err(|e| BookError::io(container.source(), e))?;
        options.read(file)
    } else {
        options.open(container.source())
    };
    result.map_err(|e| BookError::Epub { message: e.to_string() })
}

/// Navigation with raw targets, resolved once the timeline exists.
#[derive(Debug, Default)]
pub struct RawNavigation {
    toc: Vec<(u8, String, String)>,
    pages: Vec<(String, String)>,
    landmarks: Vec<(String, String, String)>,
}

impl RawNavigation {
    /// Resolves targets (adding audio positions from media overlays).
    pub fn resolve(&self, builder: &TimelineBuilder) -> Navigation {
        let flat = self
            .toc
            .iter()
            .map(|(level, label, target)| (*level, label.clone(), builder.locate(target)))
            .collect();
        Navigation {
            toc: crate::book::timeline::build_toc(flat),
            page_list: self
                .pages
                .iter()
                .map(|(label, target)| PageTarget {
                    label: label.clone(),
                    kind: PageKind::Normal,
                    target: builder.locate(target),
                })
                .collect(),
            landmarks: self
                .landmarks
                .iter()
                .map(|(kind, label, target)| Landmark {
                    kind: kind.clone(),
                    label: label.clone(),
                    target: if target.is_empty() { Locator::default() } else { builder.locate(target) },
                })
                .collect(),
        }
    }
}

/// The package converted to model pieces.
#[derive(Debug)]
pub struct Converted {
    /// EPUB 3 (else 2).
    pub epub3: bool,
    /// Metadata.
    pub metadata: Metadata,
    /// Spine.
    pub reading_order: Vec<ReadingOrderItem>,
    /// Manifest.
    pub resources: Vec<Resource>,
    /// Navigation, unresolved.
    pub navigation: RawNavigation,
    /// Problems found.
    pub warnings: Vec<Warning>,
}

/// Root-relative, percent-decoded href from an rbook href (`/OPS/a%20b.xhtml#x`).
fn href(raw: &str) -> String {
    crate::book::href::resolve("", raw).unwrap_or_default()
}

/// Converts rbook's view of the package.
pub fn convert(epub: &Epub) -> Converted {
    let md = epub.metadata();
    let mut metadata = Metadata {
        title: md.title().map(|t| t.value().trim().to_owned()).unwrap_or_default(),
        ..Metadata::default()
    };
    for creator in md.creators().chain(md.contributors()) {
        let name = creator.value().trim().to_owned();
        if name.is_empty() {
            continue;
        }
        let role = creator.main_role().map(|r| r.code().to_owned());
        match role.as_deref() {
            Some("nrt") => metadata.narrators.push(name),
            Some("aut") | None if creator.as_meta().property().as_str() == "dc:creator" => {
                metadata.authors.push(name);
            }
            _ => {}
        }
    }
    metadata.languages = md.languages().map(|l| l.value().trim().to_owned()).collect();
    let unique = md.identifier().map(|i| i.value().trim().to_owned());
    metadata.identifiers = unique.iter().cloned().collect();
    for id in md.identifiers() {
        let v = id.value().trim().to_owned();
        if !v.is_empty() && !metadata.identifiers.contains(&v) {
            metadata.identifiers.push(v);
        }
    }
    metadata.publisher = md.publishers().next().map(|p| p.value().trim().to_owned());
    metadata.date = md.published_entry().map(|d| d.value().trim().to_owned());
    metadata.description = md.description().map(|d| d.value().trim().to_owned());
    let values = |prop: &str| -> Vec<String> {
        md.by_property(prop).map(|e| e.value().trim().to_owned()).filter(|v| !v.is_empty()).collect()
    };
    metadata.accessibility = Accessibility {
        access_modes: values("schema:accessMode"),
        access_modes_sufficient: values("schema:accessModeSufficient"),
        features: values("schema:accessibilityFeature"),
        hazards: values("schema:accessibilityHazard"),
        summary: values("schema:accessibilitySummary").into_iter().next(),
        conforms_to: values("dcterms:conformsTo"),
    };
    metadata.narrators.extend(values("media:narrator"));
    metadata.total_duration_ms = values("media:duration").first().and_then(|d| parse_clock(d));
    if values("rendition:layout").iter().any(|v| v == "pre-paginated") {
        metadata.rendition.layout = Layout::FixedLayout;
    }
    metadata.rendition.writing_mode = values("primary-writing-mode")
        .first()
        .and_then(|v| parse_writing_mode(v))
        .unwrap_or(WritingMode::HorizontalTb);

    let spine = epub.spine();
    let direction = spine.page_direction();
    metadata.rendition.progression = if direction.is_rtl() {
        ReadingProgression::Rtl
    } else if direction.is_ltr() {
        ReadingProgression::Ltr
    } else {
        ReadingProgression::Default
    };
    let mut warnings = Vec::new();
    let mut reading_order = Vec::new();
    for entry in spine.iter() {
        let Some(item) = entry.manifest_entry() else {
            warnings.push(Warning::MissingResource {
                href: format!("#{}", entry.idref()),
                referenced_from: "spine".into(),
            });
            continue;
        };
        let props = entry.properties();
        let layout = if props.has_property("rendition:layout-pre-paginated") {
            Some(Layout::FixedLayout)
        } else if props.has_property("rendition:layout-reflowable") {
            Some(Layout::Reflowable)
        } else if metadata.rendition.layout == Layout::FixedLayout {
            Some(Layout::FixedLayout)
        } else {
            None
        };
        reading_order.push(ReadingOrderItem {
            href: href(&item.href().decode()),
            media_type: item.media_type().to_owned(),
            linear: entry.is_linear(),
            layout,
            media_overlay: item.media_overlay().map(|mo| href(&mo.href().decode())),
        });
    }
    metadata.cover = epub.manifest().cover_image().map(|i| href(&i.href().decode()));
    let resources = epub
        .manifest()
        .iter()
        .map(|i| Resource { href: href(&i.href().decode()), media_type: i.media_type().to_owned() })
        .collect();

    let toc = epub.toc();
    let mut navigation = RawNavigation::default();
    if let Some(contents) = toc.contents() {
        for entry in contents.flatten() {
            let level = u8::try_from(entry.depth()).unwrap_or(6).clamp(1, 6);
            navigation.toc.push((level, label(&entry), target(&entry)));
        }
    }
    if let Some(pages) = toc.page_list() {
        for entry in pages.flatten() {
            navigation.pages.push((label(&entry), target(&entry)));
        }
    }
    if let Some(landmarks) = toc.landmarks() {
        for entry in landmarks.flatten() {
            let kind = entry.kind_raw().unwrap_or_default().to_owned();
            navigation.landmarks.push((kind, label(&entry), target(&entry)));
        }
    }
    Converted { epub3: md.version().is_epub3(), metadata, reading_order, resources, navigation, warnings }
}

fn label(entry: &EpubTocEntry<'_>) -> String {
    crate::book::dom::collapse_whitespace(entry.label())
}

fn target(entry: &EpubTocEntry<'_>) -> String {
    entry.href().map(|h| href(&h.decode())).unwrap_or_default()
}
