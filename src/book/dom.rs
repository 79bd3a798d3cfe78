//! A small owned element tree shared by the XML (quick-xml) and HTML (html5ever) front ends,
//! so one walker extracts navigation and text content from XHTML, ncc.html and DTBook alike.

/// A node: element or text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data (entities already resolved).
    Text(String),
}

/// An element with its qualified name, attributes and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Qualified name as written (`dc:Title`, `h1`, `epub:switch`).
    pub name: String,
    /// Attributes as (qualified name, value), in document order.
    pub attrs: Vec<(String, String)>,
    /// Child nodes.
    pub children: Vec<Node>,
}

/// Strips a namespace prefix: `dc:title` → `title`.
pub fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

impl Element {
    /// Local name (prefix stripped).
    pub fn local_name(&self) -> &str {
        local(&self.name)
    }

    /// True when the local name equals `name`, ignoring ASCII case.
    pub fn is(&self, name: &str) -> bool {
        self.local_name().eq_ignore_ascii_case(name)
    }

    /// Attribute by exact qualified name (ASCII case-insensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Attribute by local name, whatever its prefix (`lang` finds `xml:lang` and `lang`).
    /// An unprefixed attribute wins over a prefixed one.
    pub fn attr_local(&self, name: &str) -> Option<&str> {
        self.attr(name).or_else(|| {
            self.attrs.iter().find(|(k, _)| local(k).eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
        })
    }

    /// `xml:lang` or `lang`.
    pub fn lang(&self) -> Option<&str> {
        self.attr("xml:lang").or_else(|| self.attr("lang")).filter(|l| !l.trim().is_empty())
    }

    /// The whitespace-separated tokens of `epub:type`, `role` and `class`.
    pub fn semantics(&self) -> impl Iterator<Item = &str> {
        ["epub:type", "role", "class"]
            .into_iter()
            .filter_map(|a| self.attr(a))
            .flat_map(str::split_whitespace)
    }

    /// True when `epub:type`, `role` or `class` contains `token` (a `doc-` prefix is ignored).
    pub fn has_semantic(&self, token: &str) -> bool {
        self.semantics().any(|t| {
            let t = t.strip_prefix("doc-").unwrap_or(t);
            t.eq_ignore_ascii_case(token)
        })
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// First child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name))
    }

    /// Child elements with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.is(name))
    }

    /// First descendant (depth-first, self excluded) with this local name.
    pub fn find(&self, name: &str) -> Option<&Element> {
        let mut stack: Vec<&Element> = self.elements().collect();
        stack.reverse();
        while let Some(e) = stack.pop() {
            if e.is(name) {
                return Some(e);
            }
            let before = stack.len();
            stack.extend(e.elements());
            if let Some(tail) = stack.get_mut(before..) {
                tail.reverse();
            }
        }
        None
    }

    /// All descendants with this local name, in document order.
    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if e.is(name) {
                out.push(e);
            }
        });
        out
    }

    /// Calls `f` on every descendant element in document order (self excluded).
    pub fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Element)) {
        let mut stack: Vec<&'a Element> = self.elements().collect();
        stack.reverse();
        while let Some(e) = stack.pop() {
            f(e);
            let before = stack.len();
            stack.extend(e.elements());
            if let Some(tail) = stack.get_mut(before..) {
                tail.reverse();
            }
        }
    }

    /// Element with this `id` (self included).
    pub fn by_id(&self, id: &str) -> Option<&Element> {
        if self.attr("id") == Some(id) {
            return Some(self);
        }
        let mut found = None;
        self.visit(&mut |e| {
            if found.is_none() && e.attr("id") == Some(id) {
                found = Some(e);
            }
        });
        found
    }

    /// All descendant text, whitespace collapsed.
    pub fn text(&self) -> String {
        let mut raw = String::new();
        self.raw_text(&mut raw);
        collapse_whitespace(&raw)
    }

    fn raw_text(&self, out: &mut String) {
        let mut stack: Vec<&Node> = self.children.iter().rev().collect();
        while let Some(node) = stack.pop() {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => stack.extend(e.children.iter().rev()),
            }
        }
    }
}

/// Collapses runs of whitespace to one space and trims the ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn el(name: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Element {
        Element {
            name: name.into(),
            attrs: attrs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect(),
            children,
        }
    }

    #[test]
    fn queries() {
        let root = el(
            "html",
            &[],
            vec![Node::Element(el(
                "body",
                &[("xml:lang", "ja")],
                vec![
                    Node::Element(el(
                        "p",
                        &[("id", "a"), ("epub:type", "doc-pagebreak x")],
                        vec![Node::Text(" one \n two ".into())],
                    )),
                    Node::Element(el("dc:Title", &[], vec![Node::Text("t".into())])),
                ],
            ))],
        );
        assert_eq!(root.find("title").unwrap().text(), "t");
        assert_eq!(root.by_id("a").unwrap().text(), "one two");
        assert!(root.by_id("a").unwrap().has_semantic("pagebreak"));
        assert_eq!(root.find("body").unwrap().attr_local("lang"), Some("ja"));
        assert_eq!(root.find_all("p").len(), 1);
        assert_eq!(local("a:b:c"), "c");
    }
}
