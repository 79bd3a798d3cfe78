//! XML front end: quick-xml events → [`dom::Element`](super::dom::Element).
//!
//! Safety: quick-xml never reads DTDs, so external entities (XXE) are never fetched and
//! internal entity declarations are never expanded (no billion laughs). Only the five XML
//! entities, numeric character references and the HTML5 named entities (`&nbsp;`, common in
//! EPUB 2 and DTBook) are resolved; any other reference is kept literally as `&name;`.
//! Nesting depth and node count are bounded.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::dom::{Element, Node};
use super::error::{BookError, LimitKind};
use super::text::decode;

/// Maximum element nesting depth.
pub const MAX_DEPTH: usize = 256;
/// Maximum number of nodes in one document.
pub const MAX_NODES: usize = 2_000_000;

/// Parses an XML document (any encoding) into its root element.
pub fn parse(bytes: &[u8], href: &str) -> Result<Element, BookError> {
    let text = decode(bytes, None);
    parse_str(&text, href)
}

/// Parses an XML document given as text into its root element.
pub fn parse_str(text: &str, href: &str) -> Result<Element, BookError> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_dangling_amp = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut nodes = 0usize;
    let invalid = |reader: &Reader<&[u8]>, message: String| BookError::InvalidXml {
        href: href.to_owned(),
        position: reader.error_position(),
        message,
    };
    loop {
        let event = reader.read_event().map_err(|e| invalid(&reader, e.to_string()))?;
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(limit(href, LimitKind::DocumentSize, nodes, MAX_NODES));
        }
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(limit(href, LimitKind::DocumentSize, stack.len(), MAX_DEPTH));
                }
                stack.push(element(&start));
            }
            Event::Empty(start) => push(&mut stack, Node::Element(element(&start))),
            Event::End(_) => {
                if stack.len() <= 1 {
                    return Err(invalid(&reader, "unexpected end tag".into()));
                }
                if let Some(done) = stack.pop() {
                    push(&mut stack, Node::Element(done));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.xml10_content();
                        resolve_predefined_entity(&name).map_or_else(|| format!("&{name};"), str::to_owned)
                    }
                    Err(e) => return Err(invalid(&reader, e.to_string())),
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(invalid(&reader, "unclosed element at end of document".into()));
    }
    stack
        .pop()
        .and_then(|doc| doc.elements().next().cloned())
        .ok_or_else(|| invalid(&reader, "no root element".into()))
}

fn limit(href: &str, kind: LimitKind, actual: usize, max: usize) -> BookError {
    BookError::LimitExceeded { kind, href: href.to_owned(), actual: actual as u64, limit: max as u64 }
}

fn element(start: &BytesStart<'_>) -> Element {
    let name = start.name().as_ref().to_owned();
    let attrs = start
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_owned();
            let value = a
                .normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_predefined_entity)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
            (key, value)
        })
        .collect();
    Element { name, attrs, children: Vec::new() }
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(prev)) = parent.children.last_mut() {
            prev.push_str(text);
        } else {
            parent.children.push(Node::Text(text.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn entities_are_bounded_and_external_ones_ignored() {
        let doc = r#"<?xml version="1.0"?>
<!DOCTYPE p [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<p title="x &amp; y">&xxe;|&b;|&nbsp;|&#x8349;|&lt;</p>"#;
        let root = parse_str(doc, "t.xml").unwrap();
        assert_eq!(root.attr("title"), Some("x & y"));
        let text = root.text();
        assert_eq!(text, "&xxe;|&b;| |草|<");
        assert!(!text.contains("root:"));
    }

    #[test]
    fn malformed_documents_give_typed_errors() {
        for bad in ["<a><b></a>", "<a>", "", "<a></a></b>", "<a x='1' x='2'><b></a>"] {
            let err = parse_str(bad, "bad.xml").unwrap_err();
            assert!(
                matches!(err, BookError::InvalidXml { ref href, .. } if href == "bad.xml"),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "<a>".repeat(MAX_DEPTH + 10) + &"</a>".repeat(MAX_DEPTH + 10);
        assert!(matches!(
            parse_str(&deep, "deep.xml"),
            Err(BookError::LimitExceeded { kind: LimitKind::DocumentSize, .. })
        ));
    }
}
