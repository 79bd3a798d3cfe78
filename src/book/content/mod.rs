//! Text content extraction: one walker turns XHTML (EPUB), DAISY 2.02 content/ncc HTML and
//! DTBook (DAISY 3, EPUB 2 OEB-style) element trees into [`Block`]s.

mod math;

use super::dom::{Element, Node, collapse_whitespace};
use super::error::BookError;
use super::href::resolve;
use super::model::{Block, BlockKind, Document, Inline, PageKind, TableCell};
use super::{html, xml};

/// Parses a content document: well-formed XHTML/DTBook with the XML parser (which honours
/// self-closing `<span/>` page breaks), falling back to html5ever for sloppy markup or HTML.
pub fn parse_document(bytes: &[u8], href: &str, charset: Option<&str>) -> Result<Document, BookError> {
    Ok(extract(&parse_root(bytes, href, charset)?, href))
}

/// Parses a content document into its root element (see [`parse_document`]).
pub fn parse_root(bytes: &[u8], href: &str, charset: Option<&str>) -> Result<Element, BookError> {
    let lower = href.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return html::parse(bytes, charset, href);
    }
    match xml::parse(bytes, href) {
        Ok(root) => Ok(root),
        Err(BookError::InvalidXml { .. }) => html::parse(bytes, charset, href),
        Err(e) => Err(e),
    }
}

/// Extracts the blocks of a document whose root element is `root`.
pub fn extract(root: &Element, href: &str) -> Document {
    let body =
        root.child("body").or_else(|| root.child("book")).or_else(|| root.find("body")).unwrap_or(root);
    let lang = body.lang().or_else(|| root.lang()).map(str::to_owned);
    let mut walker =
        Walker { href, root, lang: lang.clone(), anchors: Vec::new(), spans: Vec::new(), nest: 0, top: 0 };
    let mut blocks = Vec::new();
    walker.container(body, 0, &mut blocks);
    Document { href: href.to_owned(), lang, blocks, anchors: walker.anchors, spans: walker.spans }
}

const SKIP: &[&str] =
    &["head", "script", "style", "title", "template", "noscript", "rp", "object", "audio", "video", "svg"];

const CONTAINERS: &[&str] = &[
    "body",
    "section",
    "article",
    "div",
    "main",
    "header",
    "footer",
    "nav",
    "blockquote",
    "figure",
    "hgroup",
    "details",
    "summary",
    "center",
    "book",
    "frontmatter",
    "bodymatter",
    "rearmatter",
    "level",
    "level1",
    "level2",
    "level3",
    "level4",
    "level5",
    "level6",
    "linegroup",
    "poem",
    "epigraph",
    "dl",
    "dd",
    "address",
    "fieldset",
    "form",
    "annotation_container",
];

const PARAGRAPHS: &[&str] = &[
    "p",
    "pre",
    "dt",
    "line",
    "author",
    "byline",
    "dateline",
    "docauthor",
    "covertitle",
    "bridgehead",
    "figcaption",
    "caption",
    "td",
    "th",
    "li",
    "address",
    "blockquote_line",
];

fn is_block_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    CONTAINERS.contains(&n.as_str())
        || PARAGRAPHS.contains(&n.as_str())
        || heading_level(&n).is_some()
        || matches!(
            n.as_str(),
            "ul" | "ol"
                | "list"
                | "table"
                | "img"
                | "imggroup"
                | "note"
                | "sidebar"
                | "prodnote"
                | "aside"
                | "hd"
                | "doctitle"
                | "pagenum"
                | "hr"
        )
}

/// The level of an HTML heading element name (`h1`…`h6`, any case).
pub(crate) fn heading_level(name: &str) -> Option<u8> {
    match name.to_ascii_lowercase().as_str() {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn level_depth(name: &str) -> Option<u8> {
    let n = name.to_ascii_lowercase();
    n.strip_prefix("level").and_then(|d| d.parse().ok())
}

struct Walker<'a> {
    href: &'a str,
    root: &'a Element,
    lang: Option<String>,
    anchors: Vec<(String, usize)>,
    /// Elements with an id that make several top-level blocks, and those blocks.
    spans: Vec<(String, std::ops::Range<usize>)>,
    /// 0 while walking top-level blocks; deeper inside notes, lists, sidebars.
    nest: usize,
    /// Index of the top-level block being produced.
    top: usize,
}

/// Whether an element is a page-break marker, and its label and kind.
fn page_break(el: &Element) -> Option<(String, PageKind)> {
    let name = el.local_name();
    if name.eq_ignore_ascii_case("pagenum") {
        let kind = el.attr("page").and_then(PageKind::parse).unwrap_or_default();
        return Some((el.text(), kind));
    }
    if el.has_semantic("pagebreak") {
        let label = el
            .attr("title")
            .or_else(|| el.attr("aria-label"))
            .map(collapse_whitespace)
            .unwrap_or_else(|| el.text());
        return Some((label, PageKind::Normal));
    }
    if name.eq_ignore_ascii_case("span") || name.eq_ignore_ascii_case("div") {
        for class in el.attr("class").unwrap_or_default().split_whitespace() {
            if let Some(kind) = class.strip_prefix("page-").and_then(PageKind::parse) {
                return Some((el.text(), kind));
            }
        }
    }
    None
}

fn is_note(el: &Element) -> bool {
    el.is("note")
        || ["footnote", "endnote", "rearnote", "note"]
            .iter()
            .any(|t| el.has_semantic(t) && !el.has_semantic("noteref"))
            && (el.is("aside") || el.is("section") || el.is("div") || el.is("li") || el.is("p"))
}

fn is_noteref(el: &Element) -> bool {
    el.is("noteref") || el.is("annoref") || el.has_semantic("noteref")
}

fn is_sidebar(el: &Element) -> bool {
    el.is("sidebar") || (el.is("aside") && !is_note(el)) || el.has_semantic("sidebar")
}

impl Walker<'_> {
    fn block(&mut self, el: &Element, kind: BlockKind, out: &mut Vec<Block>) {
        let lang = el.lang().filter(|l| Some(*l) != self.lang.as_deref()).map(str::to_owned);
        let id = el.attr("id").map(str::to_owned);
        if self.nest == 0 {
            self.top = out.len();
        }
        if let Some(id) = &id {
            self.anchor(id);
        }
        out.push(Block { id, lang, kind });
    }

    fn anchor(&mut self, id: &str) {
        self.anchors.push((id.to_owned(), self.top));
    }

    /// Walks a container element, grouping loose inline content into paragraphs.
    fn container(&mut self, el: &Element, depth: u8, out: &mut Vec<Block>) {
        let mut pending: Vec<Inline> = Vec::new();
        let depth = if el.is("level") {
            depth.saturating_add(1)
        } else {
            level_depth(el.local_name()).unwrap_or(depth)
        };
        for child in &el.children {
            if self.nest == 0 {
                self.top = out.len();
            }
            match child {
                Node::Text(t) => push_text(&mut pending, t),
                Node::Element(c) if skip(c) => {}
                Node::Element(c)
                    if is_block_name(c.local_name())
                        || is_note(c)
                        || is_sidebar(c)
                        || c.has_semantic("imggroup")
                        || page_break(c).is_some() =>
                {
                    self.flush(&mut pending, out);
                    let start = out.len();
                    if self.nest == 0 {
                        self.top = start;
                    }
                    self.element(c, depth, out);
                    if let Some(id) = c.attr("id")
                        && self.nest == 0
                        && out.len() > start + 1
                    {
                        self.spans.push((id.to_owned(), start..out.len()));
                    }
                }
                Node::Element(c) => self.inline(c, &mut pending),
            }
        }
        self.flush(&mut pending, out);
    }

    fn flush(&mut self, pending: &mut Vec<Inline>, out: &mut Vec<Block>) {
        trim_inlines(pending);
        if !pending.is_empty() {
            out.push(Block {
                id: None,
                lang: None,
                kind: BlockKind::Paragraph { content: std::mem::take(pending) },
            });
        }
    }

    /// Handles one block-level element.
    fn element(&mut self, el: &Element, depth: u8, out: &mut Vec<Block>) {
        let name = el.local_name().to_ascii_lowercase();
        if let Some((label, kind)) = page_break(el) {
            self.block(el, BlockKind::PageBreak { label, kind }, out);
        } else if let Some(level) = heading_level(&name) {
            let content = self.inlines(el);
            self.block(el, BlockKind::Heading { level, content }, out);
        } else if name == "hd" || name == "doctitle" {
            let level = if name == "doctitle" { 1 } else { depth.clamp(1, 6) };
            let content = self.inlines(el);
            self.block(el, BlockKind::Heading { level, content }, out);
        } else if is_note(el) {
            let blocks = self.children_blocks(el, depth);
            self.block(el, BlockKind::Note { blocks }, out);
        } else if is_sidebar(el) {
            let blocks = self.children_blocks(el, depth);
            self.block(el, BlockKind::Sidebar { blocks }, out);
        } else if name == "prodnote" || name == "annotation" {
            let blocks = self.children_blocks(el, depth);
            self.block(el, BlockKind::ProductionNote { blocks }, out);
        } else if name == "img" {
            let kind = self.image(el, None);
            self.block(el, kind, out);
        } else if name == "imggroup"
            || el.has_semantic("imggroup")
            || (name == "figure" && el.find("img").is_some())
        {
            self.image_group(el, out);
        } else if matches!(name.as_str(), "ul" | "ol" | "list" | "dl") {
            let ordered = name == "ol" || el.attr("type") == Some("ol");
            // A DTBook list heading (`hd`) becomes a paragraph before the list.
            for hd in el.elements().filter(|c| c.is("hd") || c.is("caption")) {
                if self.nest == 0 {
                    self.top = out.len();
                }
                let content = self.inlines(hd);
                self.block(hd, BlockKind::Paragraph { content }, out);
            }
            if self.nest == 0 {
                self.top = out.len();
            }
            let items = el
                .elements()
                .filter(|c| c.is("li") || c.is("dt") || c.is("dd"))
                .map(|li| {
                    if let Some(id) = li.attr("id") {
                        self.anchor(id);
                    }
                    self.children_blocks(li, depth)
                })
                .collect();
            self.block(el, BlockKind::List { ordered, items }, out);
        } else if name == "table" {
            let kind = self.table(el);
            self.block(el, kind, out);
        } else if PARAGRAPHS.contains(&name.as_str()) && !has_block_child(el) {
            let content = self.inlines(el);
            if !content.is_empty() || el.attr("id").is_some() {
                self.block(el, BlockKind::Paragraph { content }, out);
            }
        } else {
            if let Some(id) = el.attr("id") {
                self.anchor(id);
            }
            self.container(el, depth, out);
        }
    }

    fn children_blocks(&mut self, el: &Element, depth: u8) -> Vec<Block> {
        let mut blocks = Vec::new();
        self.nest += 1;
        self.container(el, depth, &mut blocks);
        self.nest -= 1;
        blocks
    }

    fn image(&mut self, img: &Element, long: Option<String>) -> BlockKind {
        let src = img.attr("src").and_then(|s| resolve(self.href, s)).unwrap_or_default();
        let described = img.attr("aria-describedby").and_then(|ids| {
            let text: Vec<String> =
                ids.split_whitespace().filter_map(|id| self.root.by_id(id).map(Element::text)).collect();
            (!text.is_empty()).then(|| text.join(" "))
        });
        BlockKind::Image {
            src,
            alt: img.attr("alt").map(collapse_whitespace),
            long_description: long.or(described),
        }
    }

    fn image_group(&mut self, group: &Element, out: &mut Vec<Block>) {
        let descriptions: Vec<String> = group
            .elements()
            .filter(|c| ["caption", "figcaption", "prodnote"].iter().any(|n| c.is(n) || c.has_semantic(n)))
            .map(Element::text)
            .filter(|t| !t.is_empty())
            .collect();
        let long = (!descriptions.is_empty()).then(|| descriptions.join(" "));
        let imgs = group.find_all("img");
        if imgs.is_empty() {
            self.container(group, 0, out);
            return;
        }
        for img in imgs {
            let kind = self.image(img, long.clone());
            self.block(img, kind, out);
        }
        if let Some(id) = group.attr("id") {
            self.anchor(id);
        }
    }

    fn table(&mut self, table: &Element) -> BlockKind {
        let caption = table.child("caption").map(|c| self.inlines(c)).unwrap_or_default();
        let rows = table
            .find_all("tr")
            .into_iter()
            .map(|tr| {
                tr.elements()
                    .filter(|c| c.is("td") || c.is("th"))
                    .map(|cell| TableCell { header: cell.is("th"), content: self.inlines(cell) })
                    .collect()
            })
            .collect();
        BlockKind::Table { caption, rows }
    }

    /// Inline content of an element, trimmed.
    fn inlines(&mut self, el: &Element) -> Vec<Inline> {
        let mut out = Vec::new();
        for child in &el.children {
            match child {
                Node::Text(t) => push_text(&mut out, t),
                Node::Element(c) if skip(c) => {}
                Node::Element(c) => self.inline(c, &mut out),
            }
        }
        trim_inlines(&mut out);
        out
    }

    fn inline(&mut self, el: &Element, out: &mut Vec<Inline>) {
        if skip(el) {
            return;
        }
        if let Some(id) = el.attr("id") {
            self.anchor(id);
        }
        if let Some((label, _)) = page_break(el) {
            out.push(Inline::PageBreak { label });
            return;
        }
        if el.is("math") {
            out.push(math::inline(el));
            return;
        }
        if el.is("ruby") {
            let top = self.top;
            el.visit(&mut |e| {
                if let Some(id) = e.attr("id") {
                    self.anchors.push((id.to_owned(), top));
                }
            });
            let mut base = String::new();
            let mut reading = String::new();
            ruby_parts(el, &mut base, &mut reading);
            out.push(Inline::Ruby {
                base: collapse_whitespace(&base),
                reading: collapse_whitespace(&reading),
            });
            return;
        }
        if is_noteref(el) || el.is("img") || el.is("br") {
            el.visit(&mut |e| {
                if let Some(id) = e.attr("id") {
                    self.anchors.push((id.to_owned(), self.top));
                }
            });
        }
        if is_noteref(el) {
            let raw = el.attr("href").or_else(|| el.attr("idref")).unwrap_or_default();
            let target = resolve(self.href, raw).unwrap_or_else(|| raw.to_owned());
            out.push(Inline::NoteRef { target, label: el.text() });
            return;
        }
        if el.is("br") {
            push_text(out, " ");
            return;
        }
        if el.is("img") {
            if let Some(alt) = el.attr("alt").map(collapse_whitespace).filter(|a| !a.is_empty()) {
                push_text(out, &alt);
            }
            return;
        }
        if el.is("a")
            && let Some(raw) = el.attr("href").map(str::trim).filter(|h| !h.is_empty())
        {
            let (target, external) = match resolve(self.href, raw) {
                Some(target) => (target, false),
                None => (raw.to_owned(), true),
            };
            let mut content = Vec::new();
            self.spans(el, &mut content);
            push_wrapped(out, content, |content| Inline::Link { target, external, content });
            return;
        }
        match el.attr("id") {
            Some(id) => {
                let mut content = Vec::new();
                self.spans(el, &mut content);
                push_wrapped(out, content, |content| Inline::Span { id: id.to_owned(), content });
            }
            None => self.spans(el, out),
        }
    }

    /// The content of an inline element: marked as a part in another language when it is in
    /// one.
    fn spans(&mut self, el: &Element, out: &mut Vec<Inline>) {
        let lang = el.lang().filter(|l| Some(*l) != self.lang.as_deref());
        if let Some(lang) = lang {
            let mut content = Vec::new();
            for child in &el.children {
                match child {
                    Node::Text(t) => push_text(&mut content, t),
                    Node::Element(c) => self.inline(c, &mut content),
                }
            }
            push_wrapped(out, content, |content| Inline::Lang { lang: lang.to_owned(), content });
            return;
        }
        for child in &el.children {
            match child {
                Node::Text(t) => push_text(out, t),
                Node::Element(c) => self.inline(c, out),
            }
        }
    }
}

fn skip(el: &Element) -> bool {
    let n = el.local_name().to_ascii_lowercase();
    SKIP.contains(&n.as_str())
}

/// True when a paragraph-like element holds blocks (or only an image) and must be walked as
/// a container instead.
fn has_block_child(el: &Element) -> bool {
    let only_images = el.children.iter().all(|c| match c {
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(e) => e.is("img"),
    }) && el.child("img").is_some();
    only_images
        || el.elements().any(|c| {
            if c.has_semantic("imggroup") {
                return true;
            }
            let n = c.local_name().to_ascii_lowercase();
            matches!(
                n.as_str(),
                "p" | "div"
                    | "ul"
                    | "ol"
                    | "list"
                    | "table"
                    | "section"
                    | "blockquote"
                    | "imggroup"
                    | "figure"
                    | "note"
                    | "sidebar"
                    | "prodnote"
                    | "aside"
            ) || heading_level(&n).is_some()
        })
}

fn ruby_parts(el: &Element, base: &mut String, reading: &mut String) {
    for child in &el.children {
        match child {
            Node::Text(t) => base.push_str(t),
            Node::Element(c) if c.is("rt") => reading.push_str(&c.text()),
            Node::Element(c) if c.is("rp") => {}
            Node::Element(c) if c.is("rtc") => reading.push_str(&c.text()),
            Node::Element(c) => ruby_parts(c, base, reading),
        }
    }
}

/// Appends text with whitespace collapsed, merging with a preceding text run.
fn push_text(out: &mut Vec<Inline>, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let lead = raw.starts_with(char::is_whitespace);
    let trail = raw.ends_with(char::is_whitespace);
    let mut text = collapse_whitespace(raw);
    if text.is_empty() {
        text.push(' ');
    } else {
        if lead {
            text.insert(0, ' ');
        }
        if trail {
            text.push(' ');
        }
    }
    if let Some(Inline::Text { text: prev }) = out.last_mut() {
        if prev.ends_with(' ') && text.starts_with(' ') {
            text.remove(0);
        }
        prev.push_str(&text);
    } else {
        out.push(Inline::Text { text });
    }
}

/// Pushes `content` wrapped (a link, a part in another language), with the spaces at its
/// ends moved outside it: they then join the text around it like any space between words
/// (and go at the start or end of a block), instead of making the wrapped text start or end
/// with a space. Empty content is dropped.
fn push_wrapped(out: &mut Vec<Inline>, mut content: Vec<Inline>, wrap: impl FnOnce(Vec<Inline>) -> Inline) {
    let lead = matches!(content.first(), Some(Inline::Text { text }) if text.starts_with(' '));
    let trail = matches!(content.last(), Some(Inline::Text { text }) if text.ends_with(' '));
    trim_inlines(&mut content);
    if lead {
        push_text(out, " ");
    }
    if !content.is_empty() {
        out.push(wrap(content));
        if trail {
            push_text(out, " ");
        }
    }
}

fn trim_inlines(out: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = out.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = out.last_mut() {
        *text = text.trim_end().to_owned();
    }
    out.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

mod walk;

pub use walk::{plain_text, walk_blocks, walk_inlines};

#[cfg(test)]
mod tests;
