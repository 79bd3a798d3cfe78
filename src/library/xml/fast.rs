//! A quick reader for the common, plain shape of feeds, building the same [`Document`] as
//! [`parse_split`](super::parse_split).
//!
//! Why: quick-xml's namespace reader re-validates UTF-8 for every event, keeps its own
//! namespace stack and checks every attribute generically; that was most of the time spent on
//! a 10,000-entry OPDS 1 feed. This reader scans the (already validated) text once and hands
//! entity and attribute-value decoding to quick-xml's own functions, so what it reads means
//! exactly the same. It gives up (`None`) on anything unusual (a DOCTYPE, a malformed tag, an
//! unknown character reference, text outside the root…): the caller then reads the document
//! again with quick-xml, which gives the precise error or the same tree.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesRef, BytesText};
use quick_xml::name::QName;

use super::super::ahead::{self, Ahead};
use super::super::scan;
use super::{Attr, Document, Element, Items, MAX_DEPTH, Node, Ns, new_node, resolve_entity};

/// Namespace URIs that may not be bound to a prefix of one's choice.
const RESERVED: [&str; 2] = ["http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"];
/// More bindings in scope than this and the careful reader decides (it has a limit).
const MAX_BINDINGS: usize = 64;

/// An open element: its node, where its attributes and its text start, whether it is a split
/// item, its qualified name (to match the end tag) and how many namespace bindings were in
/// scope before.
struct Open<'a> {
    index: usize,
    attrs_start: usize,
    text_start: usize,
    item: bool,
    qname: &'a str,
    bindings: usize,
}

/// An attribute as written: key, raw value, and whether the value needs normalizing
/// (references, tabs or line breaks).
type RawAttr<'a> = (&'a str, &'a str, bool);

/// Reads `input` like [`parse_split`](super::parse_split); `None` when it cannot be sure.
///
/// A large document's items are read by two threads (see [`ahead`]): a helper reads the items
/// from a place near the middle while this thread reads up to it.
pub(super) fn parse_split<'a, I: Items<'a>>(
    input: &'a str,
    split: &(impl Fn(Ns, &str) -> bool + Sync),
    items: &mut I,
) -> Option<Document<'a>> {
    std::thread::scope(|scope| {
        let mut scanner = Scanner::new(input);
        let mut helper: Option<Ahead<'_, (usize, I)>> = None;
        let mut tried = false;
        loop {
            if scanner.stack.len() == 1
                && let Some(at) = helper.as_ref().map(|ahead| ahead.at)
            {
                let arrival = ahead::arrival(input.as_bytes(), scanner.pos, at);
                if arrival != ahead::Arrival::NotYet {
                    let read =
                        helper.take().and_then(Ahead::take).filter(|_| arrival == ahead::Arrival::There);
                    if let Some((end, later)) = read
                        && items.join(later)
                    {
                        ahead::taken();
                        scanner.pos = end;
                    }
                }
            }
            match scanner.step(split, &mut |element| items.item(element))? {
                Step::End => return Some(scanner.doc),
                Step::Opened
                    if !tried && scanner.stack.len() == 2 && scanner.stack.last().is_some_and(|o| o.item) =>
                {
                    // The first item: the helper looks for another written the same way.
                    tried = true;
                    helper = start_helper(scope, &scanner, split, items);
                }
                Step::Item | Step::Opened | Step::Other => {}
            }
        }
    })
}

/// Starts a helper reading the items of the second half of `scanner`'s input, if the document
/// is large and another item's start can be found there; `scanner` has just opened the first
/// item (a direct child of the root).
fn start_helper<'scope, 'a: 'scope, I: Items<'a> + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    scanner: &Scanner<'a>,
    split: &'scope (impl Fn(Ns, &str) -> bool + Sync),
    items: &I,
) -> Option<Ahead<'scope, (usize, I)>> {
    let (input, item) = (scanner.input, scanner.stack.last()?);
    let pattern = format!("<{}", item.qname);
    let at = ahead::guess(input.as_bytes(), scanner.pos, pattern.as_bytes(), |at| {
        input.as_bytes().get(at + pattern.len()).is_some_and(|&b| is(TAG_NAME_END, b))
    })?;
    let mut reader = Scanner::inside_root(input, at, scanner, item.bindings);
    let mut later = items.fork();
    Ahead::start(scope, at, move || {
        let end = reader.items(split, &mut later)?;
        Some((end, later))
    })
}

/// What one [`Scanner::step`] did.
enum Step {
    /// Reached the end of a complete document.
    End,
    /// Completed an item (handed to `on_item`).
    Item,
    /// Opened an element (not an empty item).
    Opened,
    /// Anything else: text, an end tag, a comment…
    Other,
}

/// The quick reader's state: the document so far and where it stands in the input.
struct Scanner<'a> {
    input: &'a str,
    doc: Document<'a>,
    stack: Vec<Open<'a>>,
    /// Prefix ("" for the default namespace) → namespace, innermost last.
    bindings: Vec<(&'a str, Ns)>,
    raw: Vec<RawAttr<'a>>,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input,
            doc: Document::default(),
            stack: Vec::new(),
            bindings: Vec::new(),
            raw: Vec::new(),
            pos: 0,
        }
    }

    /// A scanner at `pos`, inside a stand-in for the root element `outer` has open (with the
    /// first `bindings` of `outer`'s namespace bindings in scope: the root's), to read items
    /// from there.
    fn inside_root(input: &'a str, pos: usize, outer: &Scanner<'a>, bindings: usize) -> Self {
        let mut scanner = Self::new(input);
        let qname = outer.stack.first().map_or("", |open| open.qname);
        let index = scanner.doc.push(None, new_node(Ns::None, Cow::Borrowed(""), (0, 0)));
        scanner.stack.push(Open { index, attrs_start: 0, text_start: 0, item: false, qname, bindings: 0 });
        scanner.bindings.extend(outer.bindings.iter().take(bindings));
        scanner.pos = pos;
        scanner
    }

    /// Reads the items that follow one another (white space between them) from the current
    /// position inside the root element, handing them to `items`; stops before anything else
    /// and gives the position after the last item (`None` when it could not be sure).
    fn items<I: Items<'a>>(&mut self, split: &impl Fn(Ns, &str) -> bool, items: &mut I) -> Option<usize> {
        let bytes = self.input.as_bytes();
        loop {
            let at = skip(bytes, self.pos, is_space);
            if bytes.get(at) != Some(&b'<') || !bytes.get(at + 1).is_some_and(|&b| is(NAME_START, b)) {
                return Some(self.pos);
            }
            let before = self.pos;
            match self.step(split, &mut |element| items.item(element))? {
                Step::Item => continue,
                Step::Opened if self.stack.last().is_some_and(|open| open.item) => {}
                Step::End | Step::Opened | Step::Other => return Some(before),
            }
            while self.stack.len() > 1 {
                if let Step::End = self.step(split, &mut |element| items.item(element))? {
                    return None;
                }
            }
        }
    }

    /// Reads the text up to the next tag and that tag.
    fn step(
        &mut self,
        split: &impl Fn(Ns, &str) -> bool,
        on_item: &mut impl FnMut(Element<'_, 'a>),
    ) -> Option<Step> {
        let (input, bytes) = (self.input, self.input.as_bytes());
        let doc = &mut self.doc;
        // The next tag, and whether the text before it is plain (nothing to resolve).
        let first = scan::find(
            bytes,
            self.pos,
            |word| scan::equal(word, b'<') | scan::equal(word, b'&') | scan::equal(word, b'\r'),
            |b| matches!(b, b'<' | b'&' | b'\r'),
        );
        let (lt, plain) = match bytes.get(first) {
            Some(b'<') => (Some(first), true),
            None => (None, true),
            Some(_) => (memchr::memchr(b'<', bytes.get(first..)?).map(|i| first + i), false),
        };
        let text_end = lt.unwrap_or(bytes.len());
        if text_end > self.pos {
            let text = input.get(self.pos..text_end)?;
            match self.stack.last() {
                Some(open) => add_text(doc, open.index, text, plain)?,
                None if !text.bytes().all(|b| b.is_ascii_whitespace()) => return None,
                None => {}
            }
        }
        let Some(lt) = lt else {
            return (self.stack.is_empty() && !doc.nodes.is_empty()).then_some(Step::End);
        };
        let mut step = Step::Other;
        let closed = match bytes.get(lt + 1) {
            Some(b'/') => {
                let open = self.stack.pop()?;
                let name_end = lt + 2 + open.qname.len();
                if !same(input.get(lt + 2..name_end)?, open.qname) || bytes.get(name_end) != Some(&b'>') {
                    return None;
                }
                self.pos = name_end + 1;
                self.bindings.truncate(open.bindings);
                Some((open.index, open.attrs_start, open.item, open.text_start))
            }
            Some(b'?') => {
                if !doc.nodes.is_empty() {
                    return None;
                }
                self.pos = lt + 2 + input.get(lt + 2..)?.find("?>")? + 2;
                None
            }
            Some(b'!') => {
                let rest = input.get(lt + 2..)?;
                if let Some(body) = rest.strip_prefix("--") {
                    let end = body.find("--")?;
                    if !body.get(end..)?.starts_with("-->") {
                        return None;
                    }
                    self.pos = lt + 4 + end + 3;
                } else {
                    let body = rest.strip_prefix("[CDATA[")?;
                    let end = body.find("]]>")?;
                    let open = self.stack.last()?;
                    let data = BytesText::from_escaped(body.get(..end)?).xml10_content();
                    doc.append(open.index, data);
                    self.pos = lt + 9 + end + 3;
                }
                None
            }
            _ => {
                self.raw.clear();
                let (qname, end, empty) = scan_start(input, lt + 1, &mut self.raw)?;
                self.pos = end;
                if (self.stack.is_empty() && !doc.nodes.is_empty())
                    || (!empty && self.stack.len() >= MAX_DEPTH)
                {
                    return None;
                }
                let scope = self.bindings.len();
                let node = start(qname, &self.raw, &mut self.bindings, &mut doc.attrs)?;
                let item = self.stack.len() == 1 && split(node.ns, &node.name);
                let parent = if item { None } else { self.stack.last().map(|open| open.index) };
                let attrs_start = node.attrs.0;
                let text_start = doc.text.len();
                let index = doc.push(parent, node);
                if empty {
                    self.bindings.truncate(scope);
                    Some((index, attrs_start, item, text_start))
                } else {
                    self.stack.push(Open { index, attrs_start, text_start, item, qname, bindings: scope });
                    step = Step::Opened;
                    None
                }
            }
        };
        if let Some((index, attrs_start, true, text_start)) = closed {
            on_item(Element { doc, index });
            doc.forget(index, attrs_start, text_start);
            step = Step::Item;
        }
        Some(step)
    }
}

/// Appends text (with its references resolved as the careful reader does) to node `index`;
/// `plain` text has neither references nor carriage returns.
fn add_text<'a>(doc: &mut Document<'a>, index: usize, mut text: &'a str, plain: bool) -> Option<()> {
    if plain {
        // Nothing to resolve or normalize: the text as written.
        doc.append_input(index, text);
        return Some(());
    }
    loop {
        let Some(amp) = memchr::memchr(b'&', text.as_bytes()) else {
            doc.append(index, BytesText::from_escaped(text).xml10_content());
            return Some(());
        };
        let before = text.get(..amp)?;
        if !before.is_empty() {
            doc.append(index, BytesText::from_escaped(before).xml10_content());
        }
        let after = text.get(amp + 1..)?;
        let end = memchr::memchr2(b';', b'&', after.as_bytes())?;
        if after.as_bytes().get(end) != Some(&b';') {
            return None;
        }
        let name = after.get(..end)?;
        doc.append_reference(index, name, BytesRef::new(name).resolve_char_ref().ok()?);
        text = after.get(end + 1..)?;
    }
}

/// Byte-wise equality for the short names compared here (cheaper than a `memcmp` call).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Byte classes of the quick reader: XML white space, name characters (ASCII letters, digits,
/// `_ - . :` and every non-ASCII byte) and the characters a name may start with.
const SPACE: u8 = 1;
const NAME: u8 = 2;
const NAME_START: u8 = 4;
/// Characters that end a tag name (space, `/`, `>`) and an attribute name (space, `=`).
const TAG_NAME_END: u8 = 32;
const KEY_END: u8 = 64;

// The loop index stays below 256, the length of the table.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut i = 0;
    while i < 256 {
        classes[i] = match i as u8 {
            b' ' | b'\t' | b'\n' | b'\r' => SPACE | TAG_NAME_END | KEY_END,
            b'/' | b'>' => TAG_NAME_END,
            b'=' => KEY_END,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xff => NAME | NAME_START,
            b'0'..=b'9' | b'-' | b'.' | b':' => NAME,
            _ => 0,
        };
        i += 1;
    }
    classes
};

fn is(class: u8, b: u8) -> bool {
    CLASSES.get(usize::from(b)).is_some_and(|found| found & class != 0)
}

fn is_space(b: u8) -> bool {
    is(SPACE, b)
}

/// The name that starts at `at`, if it is a well-formed name (at most one `:`) followed by
/// one of `ends`; and where it ends.
fn name_at(input: &str, at: usize, ends: u8) -> Option<(&str, usize)> {
    let b = input.as_bytes();
    if !is(NAME_START, *b.get(at)?) {
        return None;
    }
    // The first character is not a `:` (not a name start).
    let (mut end, mut colons) = (at + 1, 0u8);
    while let Some(&c) = b.get(end) {
        if !is(NAME, c) {
            break;
        }
        colons = colons.saturating_add(u8::from(c == b':'));
        end += 1;
    }
    let name = input.get(at..end)?;
    (colons < 2 && is(ends, *b.get(end)?)).then_some((name, end))
}

/// Reads the start tag whose name begins at `at` (just after `<`) in the plain form
/// `name (space+ key space* = space* "value")* space* /? >`, collecting its attributes into
/// `raw`. Gives the qualified name, the position after `>` and whether the element is empty.
fn scan_start<'a>(input: &'a str, at: usize, raw: &mut Vec<RawAttr<'a>>) -> Option<(&'a str, usize, bool)> {
    let b = input.as_bytes();
    let (qname, mut i) = name_at(input, at, TAG_NAME_END)?;
    loop {
        let spaced = skip(b, i, is_space);
        match *b.get(spaced)? {
            b'>' => return Some((qname, spaced + 1, false)),
            b'/' => return (b.get(spaced + 1) == Some(&b'>')).then_some((qname, spaced + 2, true)),
            _ if spaced == i => return None,
            _ => {}
        }
        let (key, end) = name_at(input, spaced, KEY_END)?;
        i = skip(b, end, is_space);
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i = skip(b, i + 1, is_space);
        let quote = *b.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        // The closing quote, unless a byte that may need normalizing comes first.
        let start = i + 1;
        let stop = scan::find(
            b,
            start,
            |word| {
                scan::equal(word, quote)
                    | scan::equal(word, b'&')
                    | scan::equal(word, b'<')
                    | scan::below(word, 0x20)
            },
            |c| c == quote || c == b'&' || c == b'<' || c < 0x20,
        );
        let plain = b.get(stop) == Some(&quote);
        let end = if plain { stop } else { stop + memchr::memchr(quote, b.get(stop..)?)? };
        let value = input.get(start..end)?;
        i = end + 1;
        let special = if !plain {
            value.bytes().fold(0u8, |found, c| {
                found
                    | u8::from(c == b'&')
                    | u8::from(c == b'\t')
                    | u8::from(c == b'\r')
                    | u8::from(c == b'\n')
                    | (u8::from(c == b'<') << 1)
            })
        } else {
            0
        };
        if special & 2 != 0 || raw.iter().any(|(k, _, _)| same(k, key)) {
            return None;
        }
        raw.push((key, value, special != 0));
    }
}

/// The first position from `at` on whose byte is not to be kept (or the end).
fn skip(bytes: &[u8], mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
    while bytes.get(at).is_some_and(|c| keep(*c)) {
        at += 1;
    }
    at
}

/// Builds the node for a start tag: namespaces declared on it, then its name and attributes
/// resolved against them.
fn start<'a>(
    qname: &'a str,
    raw: &[RawAttr<'a>],
    bindings: &mut Vec<(&'a str, Ns)>,
    attrs: &mut Vec<Attr<'a>>,
) -> Option<Node<'a>> {
    for (key, value, special) in raw {
        let Some(prefix) = declared_prefix(key) else {
            continue;
        };
        if *special
            || RESERVED.contains(value)
            || prefix == "xml"
            || prefix == "xmlns"
            || (!prefix.is_empty() && value.is_empty())
        {
            return None;
        }
        let ns = if value.is_empty() { Ns::None } else { Ns::from_uri(value) };
        bindings.push((prefix, ns));
    }
    if bindings.len() > MAX_BINDINGS {
        return None;
    }
    let lookup = |prefix: &str| bindings.iter().rev().find(|(p, _)| same(p, prefix)).map(|(_, ns)| *ns);
    let attrs_start = attrs.len();
    for &(key, value, special) in raw {
        if declared_prefix(key).is_some() {
            continue;
        }
        let (ns, local) = match split_prefix(key) {
            Some((prefix, local)) => (lookup(prefix).unwrap_or(Ns::Other), local),
            None => (Ns::None, key),
        };
        let value = if special {
            let attribute = Attribute { key: QName(key), value: Cow::Borrowed(value) };
            attribute.normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, resolve_entity).ok()?
        } else {
            Cow::Borrowed(value)
        };
        attrs.push(Attr { ns, name: Cow::Borrowed(local), value });
    }
    let (ns, local) = match split_prefix(qname) {
        Some(("xmlns", _)) => return None,
        Some((prefix, local)) => (lookup(prefix).unwrap_or(Ns::Other), local),
        None => (lookup("").unwrap_or(Ns::None), qname),
    };
    Some(new_node(ns, Cow::Borrowed(local), (attrs_start, attrs.len())))
}

/// `prefix:local` split at its colon (a byte loop: names are short, and `split_once` calls
/// `memchr`).
fn split_prefix(name: &str) -> Option<(&str, &str)> {
    let colon = name.bytes().position(|b| b == b':')?;
    Some((name.get(..colon)?, name.get(colon + 1..)?))
}

/// The prefix a namespace declaration binds (`""` for `xmlns`), `None` for other attributes.
fn declared_prefix(key: &str) -> Option<&str> {
    let rest = key.get(5..).filter(|_| key.get(..5).is_some_and(|start| same(start, "xmlns")))?;
    if rest.is_empty() { Some("") } else { rest.strip_prefix(':') }
}

#[cfg(test)]
mod tests {
    use super::super::{Collect, DocumentKind, parse_split_fast};
    use super::*;

    /// Reads `xml` both ways; gives (quick, careful) as text, each `None` when it gave up or
    /// failed.
    fn both(xml: &str) -> (Option<String>, Option<String>) {
        let split = |_: Ns, name: &str| name == "entry";
        let mut fast_items = Collect(Vec::new(), |e: Element<'_, '_>| format!("{:?}", dump(e)));
        let fast = parse_split_fast(xml.as_bytes(), split, &mut fast_items)
            .map(|doc| format!("{:?} {:?}", dump(doc.root()), fast_items.0));
        let mut items = Vec::new();
        let careful = super::super::parse_split(xml.as_bytes(), DocumentKind::Opds1, split, |e| {
            items.push(format!("{:?}", dump(e)));
        })
        .ok()
        .map(|doc| format!("{:?} {items:?}", dump(doc.root())));
        (fast, careful)
    }

    fn dump(element: Element<'_, '_>) -> String {
        let attrs: Vec<String> =
            element.attrs().iter().map(|a| format!("{:?}:{}={:?}", a.ns, a.name, a.value)).collect();
        let text = element.own_text();
        let children: Vec<String> = element.children().map(dump).collect();
        format!("<{:?}:{} {attrs:?} {text:?} {children:?}>", element.ns(), element.name())
    }

    #[test]
    fn reads_what_quick_xml_reads() {
        let same = [
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>A &amp; B&#174;&nbsp;&boom; &#x41;</title></feed>",
            "\u{feff}<?xml version=\"1.0\"?>\n<!-- c -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\" \
             xmlns:o=\"http://opds-spec.org/2010/catalog\"><entry><id>1</id><o:x o:a=\"1&amp;2\" b='x\ty'/>\
             <link href=\"a>b\" rel = 'next' /></entry>text<![CDATA[<c>]]><entry xmlns=\"\"><id>2</id></entry>\
             <x:y xmlns:x=\"http://schema.org/\" x:z=\"\" xml:lang=\"en\" q:r=\"1\">y</x:y></feed>\n",
            "<a>\r\nline&#13;</a>",
            "<a xmlns:p='http://purl.org/dc/terms/'><p:b><c xmlns:p='http://schema.org/'><p:d/></c><p:e/></p:b></a>",
        ];
        for xml in same {
            let (fast, careful) = both(xml);
            assert!(fast.is_some(), "{xml}");
            assert_eq!(fast, careful, "{xml}");
        }
        let given_up = [
            "<!DOCTYPE feed [<!ENTITY boom \"boom\">]><feed/>",
            "<a><b></a>",
            "<a>& b</a>",
            "<a b='1' b='2'/>",
            "<a b='1'c='2'/>",
            "<a/><b/>",
            "text<a/>",
            "<a></a >",
            "<a xmlns:p=''/>",
            "<a b='&bogus;'/>",
            "<a>unclosed",
        ];
        for xml in given_up {
            assert_eq!(both(xml).0, None, "{xml}");
        }
    }
}
