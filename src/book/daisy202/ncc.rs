//! `ncc.html` parsing: metadata from `<meta>` elements and the navigation items (headings,
//! page markers, other spans) from the body, in document order.

use crate::book::clock::parse_clock;
use crate::book::dom::Element;
use crate::book::error::{BookError, Warning};
use crate::book::href::resolve;
use crate::book::html;
use crate::book::model::{Metadata, MultimediaType, PageKind};

/// What an NCC body item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NccKind {
    /// `h1`–`h6`.
    Heading(u8),
    /// `span class="page-normal|page-front|page-special"`.
    Page(PageKind),
    /// Another `span`/`div` with a class (`noteref`, `sidebar`, `optional-prodnote`, `group`).
    Other(String),
}

/// One navigation item of the NCC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NccItem {
    /// Kind.
    pub kind: NccKind,
    /// Label text.
    pub label: String,
    /// Resolved target of its link (`x.smil#id`), if it has one.
    pub href: Option<String>,
    /// Element id.
    pub id: Option<String>,
}

/// A parsed NCC.
#[derive(Debug, Clone, PartialEq)]
pub struct Ncc {
    /// Metadata from the head.
    pub metadata: Metadata,
    /// Declared `ncc:charset`.
    pub charset: Option<String>,
    /// Body items in order.
    pub items: Vec<NccItem>,
    /// Declared counts: `ncc:tocItems`, `ncc:pageFront`, `ncc:pageNormal`, `ncc:pageSpecial`.
    pub declared_counts: Vec<(String, u64)>,
}

impl Ncc {
    /// Compares declared counts with the items found.
    pub fn count_mismatches(&self) -> Vec<Warning> {
        self.declared_counts
            .iter()
            .filter_map(|(field, declared)| {
                let found = self
                    .items
                    .iter()
                    .filter(|i| match field.as_str() {
                        "ncc:tocItems" => true,
                        "ncc:pageFront" => i.kind == NccKind::Page(PageKind::Front),
                        "ncc:pageNormal" => i.kind == NccKind::Page(PageKind::Normal),
                        "ncc:pageSpecial" => i.kind == NccKind::Page(PageKind::Special),
                        _ => false,
                    })
                    .count() as u64;
                (found != *declared).then(|| Warning::CountMismatch {
                    field: field.clone(),
                    declared: *declared,
                    found,
                })
            })
            .collect()
    }
}

/// Parses `ncc.html` bytes (any encoding, sloppy HTML tolerated).
pub fn parse_ncc(bytes: &[u8], ncc_href: &str) -> Result<Ncc, BookError> {
    let root = html::parse(bytes, None, ncc_href)?;
    let body = root.child("body").ok_or_else(|| BookError::malformed(ncc_href, "ncc.html has no body"))?;
    let mut metadata = Metadata::default();
    let mut charset = None;
    let mut declared_counts = Vec::new();
    let mut title_element = None;
    if let Some(head) = root.child("head") {
        title_element = head.child("title").map(Element::text);
        for meta in head.children_named("meta") {
            let (Some(name), Some(content)) = (meta.attr("name"), meta.attr("content")) else {
                continue;
            };
            let content = content.trim().to_owned();
            if content.is_empty() {
                continue;
            }
            for field in ["ncc:tocItems", "ncc:pageFront", "ncc:pageNormal", "ncc:pageSpecial"] {
                if name.eq_ignore_ascii_case(field)
                    && let Ok(n) = content.parse::<u64>()
                {
                    declared_counts.push((field.to_owned(), n));
                }
            }
            apply_meta(&mut metadata, &mut charset, name, content);
        }
    }
    if metadata.title.is_empty() {
        metadata.title = title_element.unwrap_or_default();
    }
    let mut items = Vec::new();
    let mut heading_count = 0usize;
    collect(body, ncc_href, &mut items, &mut heading_count);
    if heading_count == 0 {
        return Err(BookError::malformed(ncc_href, "ncc.html has no headings"));
    }
    Ok(Ncc { metadata, charset, items, declared_counts })
}

fn apply_meta(m: &mut Metadata, charset: &mut Option<String>, name: &str, content: String) {
    match name.to_ascii_lowercase().as_str() {
        "dc:title" => m.title = content,
        "dc:creator" => m.authors.push(content),
        "dc:language" => m.languages.push(content),
        "dc:identifier" | "ncc:identifier" if !m.identifiers.contains(&content) => {
            m.identifiers.push(content);
        }
        "dc:publisher" => m.publisher = Some(content),
        "dc:date" => m.date = Some(content),
        "dc:description" => m.description = Some(content),
        "ncc:narrator" => m.narrators.push(content),
        "ncc:totaltime" => m.total_duration_ms = parse_clock(&content),
        "ncc:multimediatype" => m.multimedia_type = MultimediaType::parse(&content),
        "ncc:charset" => *charset = Some(content),
        _ => {}
    }
}

fn collect(el: &Element, ncc_href: &str, items: &mut Vec<NccItem>, headings: &mut usize) {
    for child in el.elements() {
        let name = child.local_name().to_ascii_lowercase();
        let level = crate::book::content::heading_level(&name);
        let class = child.attr("class").unwrap_or_default().trim().to_ascii_lowercase();
        let kind = if let Some(level) = level {
            *headings += 1;
            Some(NccKind::Heading(level))
        } else if (name == "span" || name == "div") && !class.is_empty() {
            Some(PageKind::parse(&class).map_or_else(|| NccKind::Other(class.clone()), NccKind::Page))
        } else {
            None
        };
        match kind {
            Some(kind) => {
                let href = child.find("a").and_then(|a| a.attr("href")).and_then(|h| resolve(ncc_href, h));
                items.push(NccItem {
                    kind,
                    label: child.text(),
                    href,
                    id: child.attr("id").map(str::to_owned),
                });
            }
            None => collect(child, ncc_href, items, headings),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn sloppy_shift_jis_ncc() {
        let source = "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Shift_JIS\">\
<META NAME=\"dc:title\" CONTENT=\"草枕\"><META name=ncc:totalTime content=\"1:02:03\">\
<meta name=\"ncc:multimediaType\" content=\"audioNcc\"></HEAD><BODY>\
<H1 id=h1><A HREF=\"a.smil#p1\">第一章</A></H1><span class=\"page-front\"><a href=a.smil#p2>iv</a></span>\
<H3><A HREF=\"b.smil#p1\">深い</A><span class=sidebar><a href=b.smil#s>囲み</a></span></BODY></HTML>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(source);
        let ncc = parse_ncc(&bytes, "book/ncc.html").unwrap();
        assert_eq!(ncc.metadata.title, "草枕");
        assert_eq!(ncc.metadata.total_duration_ms, Some(3_723_000));
        assert_eq!(ncc.metadata.multimedia_type, Some(MultimediaType::AudioNcc));
        assert_eq!(ncc.items[0].kind, NccKind::Heading(1));
        assert_eq!(ncc.items[0].href.as_deref(), Some("book/a.smil#p1"));
        assert_eq!(ncc.items[1].kind, NccKind::Page(PageKind::Front));
        assert_eq!(ncc.items[1].label, "iv");
        assert_eq!(ncc.items[2].kind, NccKind::Heading(3));
    }

    #[test]
    fn ncc_without_headings_is_malformed() {
        assert!(matches!(
            parse_ncc(b"<html><body><p>x</p></body></html>", "ncc.html"),
            Err(BookError::Malformed { .. })
        ));
    }
}
