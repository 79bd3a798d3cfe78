//! Presentation hints not carried by the package: the writing mode from CSS
//! (`writing-mode`, `-epub-writing-mode`, `-webkit-writing-mode`) on a content document.

use crate::book::container::Container;
use crate::book::dom::Element;
use crate::book::href::resolve;
use crate::book::model::WritingMode;

/// Parses a writing-mode keyword (`vertical-rl`, and the old `tb-rl`).
pub fn parse_writing_mode(value: &str) -> Option<WritingMode> {
    match value.trim().trim_end_matches("!important").trim().to_ascii_lowercase().as_str() {
        "vertical-rl" | "tb-rl" | "tb" => Some(WritingMode::VerticalRl),
        "vertical-lr" | "tb-lr" => Some(WritingMode::VerticalLr),
        "horizontal-tb" | "lr-tb" | "lr" | "rl-tb" => Some(WritingMode::HorizontalTb),
        _ => None,
    }
}

/// The first writing-mode declaration in a style sheet (comments ignored).
pub fn css_writing_mode(css: &str) -> Option<WritingMode> {
    let css = strip_comments(css);
    let lower = css.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(pos) = rest.find("writing-mode") {
        let after = rest.get(pos + "writing-mode".len()..).unwrap_or_default();
        if let Some(value) = after.trim_start().strip_prefix(':') {
            let end = value.find([';', '}']).unwrap_or(value.len());
            if let Some(mode) = value.get(..end).and_then(parse_writing_mode) {
                return Some(mode);
            }
        }
        rest = after;
    }
    None
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(rest.get(..start).unwrap_or_default());
        rest = match rest.get(start + 2..).and_then(|r| r.find("*/").map(|e| (r, e))) {
            Some((r, end)) => r.get(end + 2..).unwrap_or_default(),
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Writing mode of a content document: its `style` attributes on `html`/`body`, its
/// `<style>` elements, then its (non-alternate) linked style sheets.
pub fn document_writing_mode(root: &Element, href: &str, container: &Container) -> Option<WritingMode> {
    let body = root.child("body");
    for el in [Some(root), body].into_iter().flatten() {
        if let Some(mode) = el.attr("style").and_then(css_writing_mode) {
            return Some(mode);
        }
    }
    let head = root.child("head")?;
    for style in head.children_named("style") {
        if let Some(mode) = css_writing_mode(&style.text()) {
            return Some(mode);
        }
    }
    for link in head.children_named("link") {
        let rel = link.attr("rel").unwrap_or_default().to_ascii_lowercase();
        if !rel.split_whitespace().any(|r| r == "stylesheet") || rel.contains("alternate") {
            continue;
        }
        let Some(css_href) = link.attr("href").and_then(|h| resolve(href, h)) else {
            continue;
        };
        if let Ok(bytes) = container.read(&css_href)
            && let Some(mode) = css_writing_mode(&String::from_utf8_lossy(&bytes))
        {
            return Some(mode);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_table() {
        let cases: &[(&str, Option<WritingMode>)] = &[
            ("html { -epub-writing-mode: vertical-rl; }", Some(WritingMode::VerticalRl)),
            ("body{writing-mode:vertical-lr}", Some(WritingMode::VerticalLr)),
            ("/* writing-mode: vertical-rl; */ p { color: red }", None),
            ("html { -webkit-writing-mode: horizontal-tb !important; }", Some(WritingMode::HorizontalTb)),
            ("p { writing-mode: sideways; } html { writing-mode: tb-rl }", Some(WritingMode::VerticalRl)),
            ("/* unterminated", None),
        ];
        for (css, expected) in cases {
            assert_eq!(css_writing_mode(css), *expected, "{css}");
        }
    }
}
