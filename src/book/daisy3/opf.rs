//! DAISY 3 package file (OPF, OEB 1.x package): Dublin Core + `x-metadata`, manifest, spine.

use crate::book::clock::parse_clock;
use crate::book::dom::Element;
use crate::book::error::BookError;
use crate::book::href::resolve;
use crate::book::model::{Metadata, MultimediaType};
use crate::book::xml;

/// A manifest item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Item id.
    pub id: String,
    /// Root-relative href.
    pub href: String,
    /// Declared media type.
    pub media_type: String,
}

/// A parsed DAISY 3 package.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Metadata.
    pub metadata: Metadata,
    /// `dc:Format` value (`ANSI/NISO Z39.86-2005`, `…-2002`).
    pub format: Option<String>,
    /// Manifest items.
    pub manifest: Vec<Item>,
    /// Spine: hrefs of SMIL files in order.
    pub spine: Vec<String>,
}

impl Package {
    /// The NCX item (by media type, else by `.ncx` extension).
    pub fn ncx(&self) -> Option<&Item> {
        self.manifest
            .iter()
            .find(|i| i.media_type.eq_ignore_ascii_case("application/x-dtbncx+xml"))
            .or_else(|| self.manifest.iter().find(|i| i.href.to_ascii_lowercase().ends_with(".ncx")))
    }

    /// DTBook items declared with the DTBook media type.
    pub fn dtbooks(&self) -> impl Iterator<Item = &Item> {
        self.manifest.iter().filter(|i| i.media_type.eq_ignore_ascii_case("application/x-dtbook+xml"))
    }
}

/// Parses an OPF located at `opf_href`.
pub fn parse_opf(bytes: &[u8], opf_href: &str) -> Result<Package, BookError> {
    let root = xml::parse(bytes, opf_href)?;
    if !root.is("package") {
        return Err(BookError::malformed(opf_href, "root element is not <package>"));
    }
    let unique_id = root.attr("unique-identifier").map(str::to_owned);
    let mut metadata = Metadata::default();
    let mut format = None;
    if let Some(md) = root.child("metadata") {
        md.visit(&mut |e| dublin_core(e, &mut metadata, &mut format, unique_id.as_deref()));
        for meta in md.find_all("meta") {
            if let (Some(name), Some(content)) = (meta.attr("name"), meta.attr("content")) {
                x_meta(&mut metadata, name, content.trim());
            }
        }
    }
    let manifest: Vec<Item> = root
        .child("manifest")
        .map(|m| {
            m.children_named("item")
                .filter_map(|i| {
                    Some(Item {
                        id: i.attr("id")?.to_owned(),
                        href: resolve(opf_href, i.attr("href")?)?,
                        media_type: i.attr("media-type").unwrap_or_default().to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let spine = root
        .child("spine")
        .ok_or_else(|| BookError::malformed(opf_href, "package has no <spine>"))?
        .children_named("itemref")
        .filter_map(|r| r.attr("idref"))
        .filter_map(|idref| manifest.iter().find(|i| i.id == idref))
        .map(|i| i.href.clone())
        .collect();
    Ok(Package { metadata, format, manifest, spine })
}

fn dublin_core(e: &Element, m: &mut Metadata, format: &mut Option<String>, unique_id: Option<&str>) {
    if !e.name.to_ascii_lowercase().starts_with("dc:") {
        return;
    }
    let value = e.text();
    if value.is_empty() {
        return;
    }
    match e.local_name().to_ascii_lowercase().as_str() {
        "title" if m.title.is_empty() => m.title = value,
        "creator" | "author" => m.authors.push(value),
        "language" => m.languages.push(value),
        "identifier" => {
            let is_unique = unique_id.is_some() && e.attr("id") == unique_id;
            m.identifiers.retain(|i| i != &value);
            if is_unique {
                m.identifiers.insert(0, value);
            } else {
                m.identifiers.push(value);
            }
        }
        "publisher" => m.publisher = Some(value),
        "date" => m.date = Some(value),
        "description" => m.description = Some(value),
        "format" => *format = Some(value),
        _ => {}
    }
}

fn x_meta(m: &mut Metadata, name: &str, content: &str) {
    if content.is_empty() {
        return;
    }
    match name.to_ascii_lowercase().as_str() {
        "dtb:totaltime" => m.total_duration_ms = parse_clock(content),
        "dtb:multimediatype" => m.multimedia_type = MultimediaType::parse(content),
        "dtb:narrator" => m.narrators.push(content.to_owned()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn minimal_package() {
        let opf = br#"<package unique-identifier="uid"><metadata><dc-metadata>
<dc:Title>T</dc:Title><dc:Identifier>other</dc:Identifier><dc:Identifier id="uid">u1</dc:Identifier>
<dc:Format>ANSI/NISO Z39.86-2005</dc:Format></dc-metadata>
<x-metadata><meta name="dtb:totalTime" content="0:00:04.5"/><meta name="dtb:multimediaType" content="audioNCX"/></x-metadata></metadata>
<manifest><item id="s" href="a%20b.smil" media-type="application/smil"/><item id="n" href="n.ncx" media-type="text/xml"/></manifest>
<spine><itemref idref="s"/><itemref idref="missing"/></spine></package>"#;
        let p = parse_opf(opf, "dir/book.opf").unwrap();
        assert_eq!(p.metadata.title, "T");
        assert_eq!(p.metadata.identifiers, ["u1", "other"]);
        assert_eq!(p.metadata.total_duration_ms, Some(4500));
        assert_eq!(p.metadata.multimedia_type, Some(MultimediaType::AudioNcx));
        assert_eq!(p.spine, ["dir/a b.smil"]);
        assert_eq!(p.ncx().unwrap().href, "dir/n.ncx");
    }

    #[test]
    fn package_without_spine_is_malformed() {
        assert!(matches!(
            parse_opf(b"<package><manifest/></package>", "x.opf"),
            Err(BookError::Malformed { .. })
        ));
    }
}
