//! NCX (DAISY 3 and EPUB 2): navMap (levels), pageList, navList.

use crate::book::dom::Element;
use crate::book::error::BookError;
use crate::book::href::resolve;
use crate::book::model::PageKind;
use crate::book::xml;

/// A navPoint with its depth (1-based) and resolved target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavPoint {
    /// Depth in the navMap (1 = top level).
    pub level: u8,
    /// Label text.
    pub label: String,
    /// Resolved `content/@src`.
    pub target: String,
}

/// A pageTarget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePoint {
    /// Page label.
    pub label: String,
    /// Page kind.
    pub kind: PageKind,
    /// Resolved `content/@src`.
    pub target: String,
}

/// A navTarget of a navList.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPoint {
    /// The navList's class (or label).
    pub list: String,
    /// Label text.
    pub label: String,
    /// Resolved `content/@src`.
    pub target: String,
}

/// A parsed NCX.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ncx {
    /// `docTitle` text.
    pub title: Option<String>,
    /// navMap entries in document order.
    pub nav_points: Vec<NavPoint>,
    /// pageList entries.
    pub pages: Vec<PagePoint>,
    /// navList entries.
    pub lists: Vec<ListPoint>,
}

/// Parses an NCX located at `ncx_href`.
pub fn parse_ncx(bytes: &[u8], ncx_href: &str) -> Result<Ncx, BookError> {
    let root = xml::parse(bytes, ncx_href)?;
    if !root.is("ncx") {
        return Err(BookError::malformed(ncx_href, "root element is not <ncx>"));
    }
    let mut ncx = Ncx { title: root.child("docTitle").map(label), ..Ncx::default() };
    if let Some(map) = root.child("navMap") {
        nav_points(map, 1, ncx_href, &mut ncx.nav_points);
    }
    if let Some(list) = root.child("pageList") {
        for pt in list.children_named("pageTarget") {
            let Some(target) = target(pt, ncx_href) else {
                continue;
            };
            let kind = pt.attr("type").and_then(PageKind::parse).unwrap_or_default();
            let mut text = pt.child("navLabel").map(label).unwrap_or_default();
            if text.is_empty() {
                text = pt.attr("value").unwrap_or_default().to_owned();
            }
            ncx.pages.push(PagePoint { label: text, kind, target });
        }
    }
    for list in root.children_named("navList") {
        let name = list
            .attr("class")
            .map(str::to_owned)
            .or_else(|| list.child("navLabel").map(label))
            .unwrap_or_default();
        for nt in list.children_named("navTarget") {
            if let Some(target) = target(nt, ncx_href) {
                ncx.lists.push(ListPoint {
                    list: name.clone(),
                    label: nt.child("navLabel").map(label).unwrap_or_default(),
                    target,
                });
            }
        }
    }
    Ok(ncx)
}

fn label(el: &Element) -> String {
    el.find("text").map(Element::text).unwrap_or_default()
}

fn target(el: &Element, ncx_href: &str) -> Option<String> {
    resolve(ncx_href, el.child("content")?.attr("src")?)
}

fn nav_points(parent: &Element, level: u8, ncx_href: &str, out: &mut Vec<NavPoint>) {
    for np in parent.children_named("navPoint") {
        if let Some(t) = target(np, ncx_href) {
            out.push(NavPoint {
                level: level.min(6),
                label: np.child("navLabel").map(label).unwrap_or_default(),
                target: t,
            });
        }
        nav_points(np, level.saturating_add(1), ncx_href, out);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn nav_map_page_list_nav_list() {
        let ncx = parse_ncx(
            br##"<ncx><docTitle><text>Book</text></docTitle><navMap>
<navPoint id="a"><navLabel><text> One </text></navLabel><content src="s1.smil#p1"/>
  <navPoint id="b"><navLabel><text>Two</text></navLabel><content src="s2.smil#p2"/></navPoint></navPoint>
</navMap><pageList><pageTarget type="front" value="1"><navLabel><text>i</text></navLabel><content src="s1.smil#pg"/></pageTarget></pageList>
<navList class="note"><navTarget><navLabel><text>n1</text></navLabel><content src="s3.smil#n"/></navTarget></navList></ncx>"##,
            "d/nav.ncx",
        )
        .unwrap();
        assert_eq!(ncx.title.as_deref(), Some("Book"));
        assert_eq!(ncx.nav_points.len(), 2);
        assert_eq!((ncx.nav_points[1].level, ncx.nav_points[1].target.as_str()), (2, "d/s2.smil#p2"));
        assert_eq!(ncx.nav_points[0].label, "One");
        assert_eq!(ncx.pages[0].kind, PageKind::Front);
        assert_eq!(ncx.lists[0].list, "note");
    }
}
