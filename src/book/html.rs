//! HTML front end: html5ever (via scraper) → [`dom::Element`](super::dom::Element).
//!
//! Used for ncc.html, DAISY 2.02 content files and EPUB XHTML, which are often sloppy
//! (uppercase tags, unclosed elements, unquoted attributes). html5ever never resolves
//! entities other than the HTML5 named ones and never loads external resources.

use scraper::Html;
use scraper::node::Node as HtmlNode;

use super::dom::{Element, Node};
use super::error::{BookError, LimitKind};
use super::text::decode;

/// Maximum nesting depth kept; deeper content is flattened into its ancestor.
const MAX_DEPTH: usize = 256;

/// Nesting beyond this is refused before html5ever sees it: its tree builder checks the
/// stack of open elements at every tag, so pathological nesting costs quadratic time.
pub const MAX_HTML_NESTING: usize = 4096;

/// Elements that are void or whose end tag is optional (they do not deepen the tree when
/// left unclosed).
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
];

/// Upper estimate of the element nesting depth of an HTML text (a cheap tag scan).
pub fn nesting_estimate(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut i = 0;
    while let Some(pos) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'<')) {
        let start = i + pos + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_len = bytes
            .get(name_start..)
            .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b':').count());
        let end = bytes
            .get(name_start..)
            .and_then(|r| r.iter().position(|&b| b == b'>'))
            .map_or(bytes.len(), |p| name_start + p);
        if name_len > 0 {
            let name = text.get(name_start..name_start + name_len).unwrap_or_default().to_ascii_lowercase();
            let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
            if !NON_NESTING.contains(&name.as_str()) {
                if closing {
                    depth = depth.saturating_sub(1);
                } else if !self_closing {
                    depth += 1;
                    max = max.max(depth);
                }
            }
        }
        i = end.max(start);
    }
    max
}

/// Parses an HTML or XHTML document (any encoding) and returns its `<html>` element.
pub fn parse(bytes: &[u8], declared_charset: Option<&str>, href: &str) -> Result<Element, BookError> {
    const MAX_BYTES: usize = 64 * 1024 * 1024;
    if bytes.len() > MAX_BYTES {
        return Err(BookError::LimitExceeded {
            kind: LimitKind::DocumentSize,
            href: href.to_owned(),
            actual: bytes.len() as u64,
            limit: MAX_BYTES as u64,
        });
    }
    let text = decode(bytes, declared_charset);
    let depth = nesting_estimate(&text);
    if depth > MAX_HTML_NESTING {
        return Err(BookError::LimitExceeded {
            kind: LimitKind::DocumentSize,
            href: href.to_owned(),
            actual: depth as u64,
            limit: MAX_HTML_NESTING as u64,
        });
    }
    Ok(parse_str(&text))
}

/// Parses HTML text and returns its `<html>` element. Callers with untrusted input use
/// [`parse`], which refuses pathological nesting first.
pub(crate) fn parse_str(text: &str) -> Element {
    let html = Html::parse_document(text);
    let root = html.root_element();
    convert(*root, 0)
}

fn convert(node: ego_tree::NodeRef<'_, HtmlNode>, depth: usize) -> Element {
    let mut out = match node.value() {
        HtmlNode::Element(e) => Element {
            name: qualified(e.name.prefix.as_deref(), &e.name.local),
            attrs: e
                .attrs
                .iter()
                .map(|(name, value)| (qualified(name.prefix.as_deref(), &name.local), value.to_string()))
                .collect(),
            children: Vec::new(),
        },
        _ => Element::default(),
    };
    for child in node.children() {
        match child.value() {
            HtmlNode::Text(t) => push_text(&mut out, t),
            HtmlNode::Element(_) if depth < MAX_DEPTH => {
                out.children.push(Node::Element(convert(child, depth + 1)));
            }
            HtmlNode::Element(_) => {
                // Too deep: keep only the text, gathered without recursion.
                let text: String = child
                    .descendants()
                    .filter_map(|d| match d.value() {
                        HtmlNode::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                push_text(&mut out, &text);
            }
            _ => {}
        }
    }
    out
}

fn qualified(prefix: Option<&str>, local: &str) -> String {
    match prefix {
        Some(p) if !p.is_empty() => format!("{p}:{local}"),
        _ => local.to_owned(),
    }
}

fn push_text(el: &mut Element, text: &str) {
    if let Some(Node::Text(prev)) = el.children.last_mut() {
        prev.push_str(text);
    } else {
        el.children.push(Node::Text(text.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    #[test]
    fn sloppy_markup_is_tolerated() {
        let root =
            parse_str("<HTML><BODY><H1 id=x><A HREF=a.smil#1>Title</A></H1><P>one<P>two &amp; &nbsp;three");
        let h1 = root.find("h1").unwrap();
        assert_eq!(h1.attr("id"), Some("x"));
        assert_eq!(h1.find("a").unwrap().attr("href"), Some("a.smil#1"));
        let ps = root.find_all("p");
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].text(), "two & three");
    }

    #[test]
    fn deep_nesting_is_flattened_or_refused() {
        let deep = "<div>".repeat(2_000) + "deep text" + &"</div>".repeat(2_000);
        let root = parse(deep.as_bytes(), None, "deep.html").unwrap();
        assert!(root.text().contains("deep text"));
        let deeper = "<span>".repeat(MAX_HTML_NESTING + 1);
        assert!(matches!(
            parse(deeper.as_bytes(), None, "deeper.html"),
            Err(BookError::LimitExceeded { kind: LimitKind::DocumentSize, .. })
        ));
    }

    #[test]
    fn nesting_estimate_table() {
        for (html, depth) in [
            ("<p>a<p>b<p>c", 0),
            ("<div><div></div><div><span>x</span></div></div>", 3),
            ("<div/><div/>", 0),
            ("<ul><li>a<li>b</ul>", 1),
            ("<a href='x>y'>", 1),
            ("< <<>", 0),
            ("<div", 1),
        ] {
            assert_eq!(nesting_estimate(html), depth, "{html}");
        }
    }

    #[test]
    fn external_entities_stay_unresolved() {
        let root = parse_str(
            "<?xml version='1.0'?><!DOCTYPE html [<!ENTITY xxe SYSTEM \"foo.xhtml\">]><html><body><p>&xxe;</p></body></html>",
        );
        assert_eq!(root.find("p").unwrap().text(), "&xxe;");
    }
}
