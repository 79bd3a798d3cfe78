//! A small namespace-aware element tree on quick-xml, enough for Atom/OPDS 1 and OpenSearch.
//!
//! quick-xml never expands DTD entities, so billion-laughs and XXE are impossible; the five
//! XML entities, character references and HTML entity names (`&nbsp;`) are resolved, any
//! other entity reference is kept as written.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};

use super::error::{DocumentKind, Error, Result};
use super::scan::trim;

mod fast;

/// Deeper nesting than this is refused (feeds nest about 6 levels).
const MAX_DEPTH: usize = 128;

/// Namespaces the parsers care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// No namespace (unprefixed attributes, or no default namespace).
    None,
    /// `http://www.w3.org/2005/Atom`.
    Atom,
    /// `http://opds-spec.org/2010/catalog`.
    Opds,
    /// `http://purl.org/syndication/thread/1.0`.
    Thread,
    /// `http://purl.org/dc/terms/` and `http://purl.org/dc/elements/1.1/`.
    DublinCore,
    /// `http://schema.org/`.
    Schema,
    /// `http://a9.com/-/spec/opensearch/1.1/`.
    OpenSearch,
    /// Anything else.
    Other,
}

impl Ns {
    fn from_uri(uri: &str) -> Self {
        match uri {
            "http://www.w3.org/2005/Atom" => Self::Atom,
            "http://opds-spec.org/2010/catalog" => Self::Opds,
            "http://purl.org/syndication/thread/1.0" => Self::Thread,
            "http://purl.org/dc/terms/" | "http://purl.org/dc/elements/1.1/" => Self::DublinCore,
            "http://schema.org/" | "https://schema.org/" => Self::Schema,
            "http://a9.com/-/spec/opensearch/1.1/" | "http://a9.com/-/spec/opensearchrss/1.0/" => {
                Self::OpenSearch
            }
            _ => Self::Other,
        }
    }

    fn resolve(result: &ResolveResult<'_>) -> Self {
        match result {
            ResolveResult::Bound(ns) => Self::from_uri(ns.into_inner()),
            ResolveResult::Unbound => Self::None,
            ResolveResult::Unknown(_) => Self::Other,
        }
    }
}

/// An attribute with its resolved namespace. Names and values borrow from the input where
/// they can.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'a> {
    pub ns: Ns,
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
}

const NONE: usize = usize::MAX;

#[derive(Debug, Clone)]
struct Node<'a> {
    ns: Ns,
    name: Cow<'a, str>,
    attrs: (usize, usize),
    first_child: usize,
    last_child: usize,
    next_sibling: usize,
    /// Direct text content (entities resolved), not trimmed.
    text: NodeText<'a>,
}

/// Where a node's text is: still in the input (one piece, nothing to resolve), or in the
/// document's text arena (joined pieces, resolved references).
#[derive(Debug, Clone, Copy)]
enum NodeText<'a> {
    Input(&'a str),
    Arena(usize, usize),
}

/// An element tree kept in two flat arenas (nodes and attributes), borrowing from the input:
/// reading a feed allocates almost nothing per element, and the space of a streamed entry is
/// reused by the next one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Document<'a> {
    nodes: Vec<Node<'a>>,
    attrs: Vec<Attr<'a>>,
    /// Text that is not one piece of the input, for all nodes (reused like the nodes).
    text: String,
}

impl<'a> Document<'a> {
    /// The root element.
    pub fn root(&self) -> Element<'_, 'a> {
        Element { doc: self, index: 0 }
    }

    /// The direct text of `node`.
    fn text_of(&self, node: &Node<'a>) -> &str {
        match node.text {
            NodeText::Input(text) => text,
            NodeText::Arena(start, end) => self.text.get(start..end).unwrap_or_default(),
        }
    }

    /// Appends a piece of the input to the text of node `index`.
    fn append_input(&mut self, index: usize, piece: &'a str) {
        match self.nodes.get_mut(index) {
            Some(node) if matches!(node.text, NodeText::Input("")) => node.text = NodeText::Input(piece),
            _ => self.append_owned(index, piece),
        }
    }

    /// Appends text to the text of node `index`, in the arena.
    fn append_owned(&mut self, index: usize, piece: &str) {
        let Some(node) = self.nodes.get_mut(index) else {
            return;
        };
        if piece.is_empty() {
            return;
        }
        let arena = &mut self.text;
        let start = match node.text {
            NodeText::Arena(start, end) if end == arena.len() => start,
            NodeText::Arena(start, end) => {
                let moved = arena.len();
                arena.extend_from_within(start..end);
                moved
            }
            NodeText::Input(text) => {
                let moved = arena.len();
                arena.push_str(text);
                moved
            }
        };
        arena.push_str(piece);
        node.text = NodeText::Arena(start, arena.len());
    }

    /// Appends decoded text (borrowed when it is a piece of the input) to node `index`.
    fn append(&mut self, index: usize, piece: Cow<'a, str>) {
        match piece {
            Cow::Borrowed(piece) => self.append_input(index, piece),
            Cow::Owned(piece) => self.append_owned(index, &piece),
        }
    }

    /// Appends what a reference (`&name;`) stands for, as the careful reader resolves it.
    fn append_reference(&mut self, index: usize, name: &str, char_ref: Option<char>) {
        match char_ref {
            Some(c) => self.append_owned(index, c.encode_utf8(&mut [0; 4])),
            None => match resolve_entity(name) {
                Some(value) => self.append_owned(index, value),
                None => {
                    self.append_owned(index, "&");
                    self.append_owned(index, name);
                    self.append_owned(index, ";");
                }
            },
        }
    }

    /// Forgets a finished split item: its nodes, attributes and text.
    fn forget(&mut self, index: usize, attrs_start: usize, text_start: usize) {
        self.nodes.truncate(index);
        self.attrs.truncate(attrs_start);
        self.text.truncate(text_start);
    }

    fn push(&mut self, parent: Option<usize>, node: Node<'a>) -> usize {
        let index = self.nodes.len();
        self.nodes.push(node);
        if let Some(parent) = parent.and_then(|p| self.nodes.get_mut(p)) {
            let previous = parent.last_child;
            parent.last_child = index;
            if previous == NONE {
                parent.first_child = index;
            } else if let Some(previous) = self.nodes.get_mut(previous) {
                previous.next_sibling = index;
            }
        }
        index
    }
}

/// An element of a [`Document`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'d, 'a> {
    doc: &'d Document<'a>,
    index: usize,
}

impl<'d, 'a> Element<'d, 'a> {
    fn node(self) -> Option<&'d Node<'a>> {
        self.doc.nodes.get(self.index)
    }

    /// The element's namespace.
    pub fn ns(self) -> Ns {
        self.node().map_or(Ns::Other, |n| n.ns)
    }

    /// The element's local name.
    pub fn name(self) -> &'d str {
        self.node().map_or("", |n| n.name.as_ref())
    }

    /// True when the element is `name` in namespace `ns`.
    pub fn is(self, ns: Ns, name: &str) -> bool {
        self.node().is_some_and(|n| n.ns == ns && n.name == name)
    }

    /// The element's attributes.
    pub fn attrs(self) -> &'d [Attr<'a>] {
        self.node().and_then(|n| self.doc.attrs.get(n.attrs.0..n.attrs.1)).unwrap_or_default()
    }

    /// The value of an attribute without namespace.
    pub fn attr(self, name: &str) -> Option<&'d str> {
        self.attr_ns(Ns::None, name)
    }

    /// The value of an attribute in namespace `ns`.
    pub fn attr_ns(self, ns: Ns, name: &str) -> Option<&'d str> {
        self.attrs().iter().find(|a| a.ns == ns && a.name == name).map(|a| a.value.as_ref())
    }

    /// Child elements, in order.
    pub fn children(self) -> impl Iterator<Item = Element<'d, 'a>> {
        let doc = self.doc;
        let first = self.node().map_or(NONE, |n| n.first_child);
        std::iter::successors((first != NONE).then_some(Element { doc, index: first }), move |e| {
            let next = e.node().map_or(NONE, |n| n.next_sibling);
            (next != NONE).then_some(Element { doc, index: next })
        })
    }

    /// Child elements `name` in namespace `ns`.
    pub fn children_named<'n>(self, ns: Ns, name: &'n str) -> impl Iterator<Item = Element<'d, 'a>> + 'n
    where
        'd: 'n,
        'a: 'n,
    {
        self.children().filter(move |c| c.is(ns, name))
    }

    /// The first child `name` in namespace `ns`.
    pub fn child(self, ns: Ns, name: &str) -> Option<Element<'d, 'a>> {
        self.children().find(|c| c.is(ns, name))
    }

    /// Trimmed text of the first child `name`, if non-empty.
    pub fn child_text(self, ns: Ns, name: &str) -> Option<String> {
        self.child(ns, name).and_then(Element::trimmed_text)
    }

    /// [`child_text`](Self::child_text) without copying it when it can be borrowed.
    pub fn child_text_ref(self, ns: Ns, name: &str) -> Option<Cow<'d, str>> {
        self.child(ns, name).and_then(Element::trimmed_text_ref)
    }

    /// Trimmed text of this element and all descendants, if non-empty.
    pub fn trimmed_text(self) -> Option<String> {
        self.trimmed_text_ref().map(Cow::into_owned)
    }

    /// [`trimmed_text`](Self::trimmed_text) without copying it when it can be borrowed (an
    /// element without children).
    pub fn trimmed_text_ref(self) -> Option<Cow<'d, str>> {
        let node = self.node()?;
        if node.first_child == NONE {
            let trimmed = trim(self.doc.text_of(node));
            return (!trimmed.is_empty()).then_some(Cow::Borrowed(trimmed));
        }
        let mut text = String::new();
        self.collect_text(&mut text);
        let trimmed = trim(&text);
        (!trimmed.is_empty()).then(|| Cow::Owned(trimmed.to_owned()))
    }

    /// The element's own text (not its descendants'), not trimmed.
    fn own_text(self) -> &'d str {
        self.node().map_or("", |node| self.doc.text_of(node))
    }

    fn collect_text(self, out: &mut String) {
        out.push_str(self.own_text());
        for child in self.children() {
            child.collect_text(out);
        }
    }
}

/// Parses `bytes` (UTF-8, optional BOM) into a document.
pub(crate) fn parse(bytes: &[u8], document: DocumentKind) -> Result<Document<'_>> {
    parse_split(bytes, document, |_, _| false, |_| {})
}

/// What receives the items of a document read by [`parse_split_fast`]: a large document's
/// items are read by two threads, each handing them to its own receiver; the second's are then
/// joined to the first's.
pub(crate) trait Items<'a>: Send + Sized {
    /// Takes one item (forgotten afterwards).
    fn item(&mut self, element: Element<'_, 'a>);
    /// A new receiver for items read on another thread (they come after this one's).
    fn fork(&self) -> Self;
    /// Appends what `later` received; `false` when it cannot be taken as it is (for instance
    /// it met problems whose report must say where), and those items are then read again.
    fn join(&mut self, later: Self) -> bool;
}

/// Like [`parse_split`], but quicker on plain documents; `None` when this quick reading could
/// not be sure of the result (anything unusual, or an error), after which the caller must start
/// over with [`parse_split`] (items handed to `items` so far are to be forgotten).
pub(crate) fn parse_split_fast<'a, I: Items<'a>>(
    bytes: &'a [u8],
    split: impl Fn(Ns, &str) -> bool + Sync,
    items: &mut I,
) -> Option<Document<'a>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 checks the same as `std::str::from_utf8`, several times faster.
    fast::parse_split(simdutf8::basic::from_utf8(bytes).ok()?, &split, items)
}

/// Like [`parse`], but every direct child of the root for which `split(ns, name)` holds is
/// handed to `on_item` as soon as it is complete and then forgotten, so a large feed never
/// exists as one big tree.
pub(crate) fn parse_split<'a>(
    bytes: &'a [u8],
    document: DocumentKind,
    split: impl Fn(Ns, &str) -> bool,
    mut on_item: impl FnMut(Element<'_, 'a>),
) -> Result<Document<'a>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let input =
        std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 { document, position: e.valid_up_to() })?;
    let mut reader = NsReader::from_str(input);
    let mut doc = Document::default();
    // Open elements: (node index, attribute start, is a split item, text arena start).
    let mut stack: Vec<(usize, usize, bool, usize)> = Vec::new();
    loop {
        let not_xml = |reader: &NsReader<&[u8]>, source| Error::NotXml {
            document,
            position: reader.error_position(),
            source: Some(source),
        };
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (Ns::resolve(&ns), event),
            Err(source) => return Err(not_xml(&reader, source)),
        };
        let closed = match event {
            Event::Start(start) | Event::Empty(start) if stack.is_empty() && !doc.nodes.is_empty() => {
                let _ = start;
                return Err(no_root(&reader, document));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::TooDeep { document, depth: MAX_DEPTH });
                }
                let attrs_start = doc.attrs.len();
                let node =
                    open(&reader, input, ns, &start, &mut doc.attrs).map_err(|e| not_xml(&reader, e))?;
                let item = stack.len() == 1 && split(node.ns, &node.name);
                let parent = if item { None } else { stack.last().map(|open| open.0) };
                let text_start = doc.text.len();
                stack.push((doc.push(parent, node), attrs_start, item, text_start));
                None
            }
            Event::Empty(start) => {
                let attrs_start = doc.attrs.len();
                let node =
                    open(&reader, input, ns, &start, &mut doc.attrs).map_err(|e| not_xml(&reader, e))?;
                let item = stack.len() == 1 && split(node.ns, &node.name);
                let parent = if item { None } else { stack.last().map(|open| open.0) };
                let text_start = doc.text.len();
                Some((doc.push(parent, node), attrs_start, item, text_start))
            }
            Event::End(_) => match stack.pop() {
                Some(open) => Some(open),
                None => return Err(no_root(&reader, document)),
            },
            Event::Text(text) => {
                match stack.last() {
                    Some(open) => doc.append(open.0, text.xml10_content()),
                    None if !text.trim().is_empty() => return Err(no_root(&reader, document)),
                    None => {}
                }
                None
            }
            Event::CData(data) => {
                if let Some(open) = stack.last() {
                    doc.append(open.0, data.xml10_content());
                }
                None
            }
            Event::GeneralRef(reference) => {
                if let Some(open) = stack.last() {
                    match reference.resolve_char_ref() {
                        Ok(c) => doc.append_reference(open.0, &reference, c),
                        Err(source) => return Err(not_xml(&reader, source)),
                    }
                }
                None
            }
            Event::Eof => {
                if stack.is_empty() && !doc.nodes.is_empty() {
                    return Ok(doc);
                }
                return Err(no_root(&reader, document));
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => None,
        };
        if let Some((index, attrs_start, true, text_start)) = closed {
            on_item(Element { doc: &doc, index });
            doc.forget(index, attrs_start, text_start);
        }
    }
}

fn no_root(reader: &NsReader<&[u8]>, document: DocumentKind) -> Error {
    Error::NotXml { document, position: reader.buffer_position(), source: None }
}

fn resolve_entity(name: &str) -> Option<&'static str> {
    quick_xml::escape::resolve_predefined_entity(name)
        .or_else(|| quick_xml::escape::resolve_html5_entity(name))
}

/// The same text as `part`, but borrowed from `input` (which `part` points into when the
/// reader reads from a string); `None` if it does not.
fn reborrow<'i>(input: &'i str, part: &str) -> Option<&'i str> {
    let start = (part.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    input.get(start..start.checked_add(part.len())?).filter(|found| found.as_ptr() == part.as_ptr())
}

fn open<'a>(
    reader: &NsReader<&[u8]>,
    input: &'a str,
    ns: Ns,
    start: &BytesStart<'_>,
    attrs: &mut Vec<Attr<'a>>,
) -> std::result::Result<Node<'a>, quick_xml::Error> {
    let name_len = start.name().into_inner().len();
    let Some(raw) = reborrow(input, start) else {
        return open_owned(reader, ns, start, attrs);
    };
    let attrs_start = attrs.len();
    for attr in Attributes::new(raw, name_len) {
        let attr = attr.map_err(quick_xml::Error::InvalidAttr)?;
        let key = attr.key.into_inner();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (attr_ns, local) = reader.resolver().resolve_attribute(attr.key);
        let value = attr.normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, resolve_entity)?;
        attrs.push(Attr { ns: Ns::resolve(&attr_ns), name: Cow::Borrowed(local.into_inner()), value });
    }
    let qname = raw.get(..name_len).unwrap_or_default();
    let local = qname.rsplit(':').next().unwrap_or(qname);
    Ok(new_node(ns, Cow::Borrowed(local), (attrs_start, attrs.len())))
}

fn new_node<'a>(ns: Ns, name: Cow<'a, str>, attrs: (usize, usize)) -> Node<'a> {
    Node {
        ns,
        name,
        attrs,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
        text: NodeText::Input(""),
    }
}

/// Fallback for events that do not point into the input (not expected from a string reader).
fn open_owned<'a>(
    reader: &NsReader<&[u8]>,
    ns: Ns,
    start: &BytesStart<'_>,
    attrs: &mut Vec<Attr<'a>>,
) -> std::result::Result<Node<'a>, quick_xml::Error> {
    let attrs_start = attrs.len();
    for attr in start.attributes() {
        let attr = attr.map_err(quick_xml::Error::InvalidAttr)?;
        let key = attr.key.into_inner();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (attr_ns, local) = reader.resolver().resolve_attribute(QName(key));
        let value = attr.normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, resolve_entity)?;
        attrs.push(Attr {
            ns: Ns::resolve(&attr_ns),
            name: Cow::Owned(local.into_inner().to_owned()),
            value: Cow::Owned(value.into_owned()),
        });
    }
    let name = Cow::Owned(start.local_name().into_inner().to_owned());
    Ok(new_node(ns, name, (attrs_start, attrs.len())))
}

/// An [`Items`] for tests: what `read` makes of each item, in order.
#[cfg(test)]
pub(crate) struct Collect<T, F>(pub Vec<T>, pub F);

#[cfg(test)]
impl<'a, T: Send, F: Fn(Element<'_, 'a>) -> T + Clone + Send> Items<'a> for Collect<T, F> {
    fn item(&mut self, element: Element<'_, 'a>) {
        self.0.push((self.1)(element));
    }

    fn fork(&self) -> Self {
        Collect(Vec::new(), self.1.clone())
    }

    fn join(&mut self, later: Self) -> bool {
        self.0.extend(later.0);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_and_entities() {
        let xml = br#"<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY boom "boom">]>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:o="http://opds-spec.org/2010/catalog">
  <title>A &amp; B&#174;&nbsp;&boom;<![CDATA[<c>]]></title>
  <link o:facetGroup="Sort &amp; order" href="x"/>
</feed>"#;
        let document = parse(xml, DocumentKind::Opds1);
        let root = document.as_ref().ok().map(Document::root);
        assert!(root.is_some_and(|r| r.is(Ns::Atom, "feed")));
        let title = root.and_then(|r| r.child_text(Ns::Atom, "title"));
        assert_eq!(title.as_deref(), Some("A & B®\u{a0}&boom;<c>"));
        let link = root.and_then(|r| r.child(Ns::Atom, "link"));
        assert_eq!(link.and_then(|l| l.attr_ns(Ns::Opds, "facetGroup")), Some("Sort & order"));
        assert_eq!(link.and_then(|l| l.attr("href")), Some("x"));
    }

    #[test]
    fn refuses_what_is_not_xml() {
        let cases: [&[u8]; 6] =
            [b"This is not XML.", b"", b"<a><b></a>", b"\xff\xfe<a/>", b"<a>unclosed", b"<a/><b/>"];
        for bytes in cases {
            let result = parse(bytes, DocumentKind::Opds1);
            assert!(
                matches!(result, Err(Error::NotXml { .. } | Error::NotUtf8 { .. })),
                "{bytes:?}: {result:?}"
            );
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(matches!(parse(deep.as_bytes(), DocumentKind::Opds1), Err(Error::TooDeep { .. })));
    }
}

#[cfg(test)]
mod streaming_tests {
    use super::*;

    #[test]
    fn streams_split_items_and_reuses_their_space() {
        let xml = b"<feed><title>t</title><entry><id>1</id></entry><entry><id>2</id></entry><link href='x'/></feed>";
        let mut ids = Vec::new();
        let document = parse_split(
            xml,
            DocumentKind::Opds1,
            |_, name| name == "entry",
            |entry| ids.extend(entry.child_text(Ns::None, "id")),
        );
        assert_eq!(ids, ["1", "2"]);
        let document = document.ok();
        let names: Vec<&str> = document.iter().flat_map(|d| d.root().children().map(Element::name)).collect();
        assert_eq!(names, ["title", "link"]);
        assert_eq!(document.map(|d| d.nodes.len()), Some(3));
    }

    /// Text in several pieces (around children, references, CDATA) is joined in the text
    /// arena, and forgetting an item keeps the text of the elements around it, both ways.
    #[test]
    fn joins_text_pieces_and_keeps_them_across_items() {
        let xml = "<feed> a <title>T &amp; U</title> b&#33; <entry><summary>x&lt;<![CDATA[y]]>z</summary>\
                   <id> 1 </id> q </entry> c <entry><id>2</id></entry>d<x>&lt;e&gt;</x></feed>";
        let expect = |document: Option<Document<'_>>, entries: &[(String, String, String)]| {
            let root = document.as_ref().map(Document::root);
            assert_eq!(root.map(Element::own_text), Some(" a  b!  c d"));
            assert_eq!(root.and_then(|r| r.child_text(Ns::None, "title")).as_deref(), Some("T & U"));
            assert_eq!(root.and_then(|r| r.child_text(Ns::None, "x")).as_deref(), Some("<e>"));
            assert_eq!(root.and_then(Element::trimmed_text).as_deref(), Some("a  b!  c dT & U<e>"));
            let want = [
                ("x<yz".to_owned(), "1".to_owned(), "q".to_owned()),
                (String::new(), "2".to_owned(), String::new()),
            ];
            assert_eq!(entries, want);
        };
        let read = |entry: Element<'_, '_>| {
            let text = |name| entry.child_text(Ns::None, name).unwrap_or_default();
            (text("summary"), text("id"), entry.own_text().trim().to_owned())
        };
        let mut careful = Vec::new();
        let document =
            parse_split(xml.as_bytes(), DocumentKind::Opds1, |_, n| n == "entry", |e| careful.push(read(e)));
        expect(document.ok(), &careful);
        let mut quick = Collect(Vec::new(), read);
        let document = parse_split_fast(xml.as_bytes(), |_, n| n == "entry", &mut quick);
        expect(document, &quick.0);
    }
}
