//! Content extraction tests: XHTML and DTBook structures.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
use super::*;
use crate::book::model::PageKind;
use crate::book::xml;

#[test]
fn xhtml_structures() {
    let root = xml::parse_str(
        r##"<html xml:lang="ja"><body>
<h1 id="c1">一</h1>
<p id="p1"><ruby>山路<rp>(</rp><rt>やまみち</rt><rp>)</rp></ruby>を登りながら<a epub:type="noteref" href="#n1">1</a><span xml:lang="en">Hello</span></p>
<span epub:type="pagebreak" id="pg5" title="5"/>
<aside epub:type="footnote" id="n1"><p>note text</p></aside>
<aside><p>side</p></aside>
<figure><img src="../img/a.png" alt="tree"/><figcaption>A tree</figcaption></figure>
<ol><li>one</li><li>two</li></ol>
<table><caption>T</caption><tr><th>h</th><td>d</td></tr></table>
loose text
</body></html>"##,
        "c.xhtml",
    )
    .unwrap();
    let doc = extract(&root, "OPS/xhtml/c.xhtml");
    assert_eq!(doc.lang.as_deref(), Some("ja"));
    let kinds: Vec<&str> = doc
        .blocks
        .iter()
        .map(|b| match b.kind {
            BlockKind::Heading { .. } => "h",
            BlockKind::Paragraph { .. } => "p",
            BlockKind::PageBreak { .. } => "pb",
            BlockKind::Note { .. } => "note",
            BlockKind::Sidebar { .. } => "side",
            BlockKind::Image { .. } => "img",
            BlockKind::List { .. } => "list",
            BlockKind::Table { .. } => "table",
            BlockKind::ProductionNote { .. } => "prod",
        })
        .collect();
    assert_eq!(kinds, ["h", "p", "pb", "note", "side", "img", "list", "table", "p"]);
    let BlockKind::Paragraph { content } = &doc.blocks[1].kind else { panic!() };
    assert_eq!(content[0], Inline::Ruby { base: "山路".into(), reading: "やまみち".into() });
    assert!(
        matches!(&content[2], Inline::NoteRef { target, label } if target == "OPS/xhtml/c.xhtml#n1" && label == "1")
    );
    assert!(matches!(&content[3], Inline::Lang { lang, .. } if lang == "en"));
    assert!(matches!(&doc.blocks[2].kind, BlockKind::PageBreak { label, .. } if label == "5"));
    assert!(
        matches!(&doc.blocks[5].kind, BlockKind::Image { src, alt: Some(alt), long_description: Some(long) }
        if src == "OPS/img/a.png" && alt == "tree" && long == "A tree")
    );
    assert!(doc.anchors.contains(&("p1".into(), 1)));
}

#[test]
fn dtbook_structures() {
    let root = xml::parse_str(
        r##"<dtbook xml:lang="en"><book><frontmatter><doctitle id="t">Title</doctitle></frontmatter>
<bodymatter><level1><h1 id="h">Chapter</h1><pagenum page="front" id="pg">iv</pagenum>
<level><hd>Deep</hd><level><hd>Deeper</hd></level></level>
<p>See<noteref idref="#n1">1</noteref>.</p>
<note id="n1"><p>Note.</p></note>
<sidebar><hd>Box</hd><p>In box</p></sidebar>
<imggroup id="ig"><img src="tree.jpg" alt="A tree" id="img1"/><caption>Cap</caption><prodnote>Green.</prodnote></imggroup>
<list type="ol"><li>a</li></list>
</level1></bodymatter></book></dtbook>"##,
        "dtbook.xml",
    )
    .unwrap();
    let doc = extract(&root, "dtbook.xml");
    let levels: Vec<u8> = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level, .. } => Some(level),
            _ => None,
        })
        .collect();
    assert_eq!(levels, [1, 1, 2, 3]);
    assert!(
        doc.blocks.iter().any(
            |b| matches!(&b.kind, BlockKind::PageBreak { label, kind: PageKind::Front } if label == "iv")
        )
    );
    assert!(doc.blocks.iter().any(|b| matches!(&b.kind, BlockKind::Note { .. })));
    assert!(doc.blocks.iter().any(|b| matches!(&b.kind, BlockKind::Sidebar { .. })));
    assert!(
        doc.blocks.iter().any(
            |b| matches!(&b.kind, BlockKind::Image { long_description: Some(l), .. } if l == "Cap Green.")
        )
    );
    assert!(doc.blocks.iter().any(|b| matches!(&b.kind, BlockKind::List { ordered: true, .. })));
}

#[test]
fn links_keep_their_content_and_say_whether_they_leave_the_book() {
    let root = xml::parse_str(
        r##"<html xml:lang="en"><body>
<p>See <a href="ch2.xhtml#s1">chapter <span xml:lang="fr">deux</span></a>, <a href="https://example.org/x">the web</a>, <a id="here">an anchor</a> and <a href="#top">the top</a>.</p>
</body></html>"##,
        "c.xhtml",
    )
    .unwrap();
    let doc = extract(&root, "OPS/c.xhtml");
    let BlockKind::Paragraph { content } = &doc.blocks[0].kind else { panic!() };
    let links: Vec<(&str, bool, String)> = content
        .iter()
        .filter_map(|inline| match inline {
            Inline::Link { target, external, content } => {
                Some((target.as_str(), *external, super::walk::plain_text(content)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        links,
        [
            ("OPS/ch2.xhtml#s1", false, "chapter deux".to_owned()),
            ("https://example.org/x", true, "the web".to_owned()),
            ("OPS/c.xhtml#top", false, "the top".to_owned()),
        ]
    );
    // An anchor without href is text; a part in another language inside a link stays marked.
    assert_eq!(super::walk::plain_text(content), "See chapter deux, the web, an anchor and the top.");
    let Some(Inline::Link { content: inner, .. }) = content.get(1) else { panic!("{content:?}") };
    assert!(matches!(&inner[1], Inline::Lang { lang, .. } if lang == "fr"), "{inner:?}");
}

#[test]
fn spaces_at_the_ends_of_a_link_go_outside_it() {
    let root = xml::parse_str(
        r#"<html><body><h1><a href="x.smil#a"> Understanding Mental Illness </a></h1><p>see <a href="b.xhtml"> this </a> and <span xml:lang="fr"> ceci </span>.</p></body></html>"#,
        "c.html",
    )
    .unwrap();
    let doc = extract(&root, "c.html");
    let BlockKind::Heading { content, .. } = &doc.blocks[0].kind else { panic!() };
    assert_eq!(super::walk::plain_text(content), "Understanding Mental Illness");
    assert!(matches!(&content[..], [Inline::Link { .. }]), "{content:?}");
    let BlockKind::Paragraph { content } = &doc.blocks[1].kind else { panic!() };
    // As a browser shows it: the space inside the span before the full stop is kept.
    assert_eq!(super::walk::plain_text(content), "see this and ceci .");
    let Some(Inline::Link { content: inside, .. }) = content.get(1) else { panic!("{content:?}") };
    assert_eq!(super::walk::plain_text(inside), "this");
}

#[test]
fn an_element_making_several_blocks_knows_them_all() {
    let root = xml::parse_str(
        r#"<html xmlns="http://www.w3.org/1999/xhtml"><body>
<p id="before">Before</p>
<section id="s"><h2 id="h">Part</h2><p>One <span id="in">two</span></p><p>Three</p></section>
<ul id="l"><li id="i1">A</li><li>B</li></ul>
<div id="one"><p>Alone</p></div>
</body></html>"#,
        "c.xhtml",
    )
    .unwrap();
    let doc = extract(&root, "c.xhtml");
    assert_eq!(doc.blocks.len(), 6);
    assert_eq!(doc.blocks_of("before"), Some(0..1));
    assert_eq!(doc.blocks_of("s"), Some(1..4), "the section is its heading and both paragraphs");
    assert_eq!(doc.blocks_of("h"), Some(1..2));
    assert_eq!(doc.blocks_of("in"), Some(2..3), "an element inside a paragraph lies within it");
    assert_eq!(doc.blocks_of("l"), Some(4..5));
    assert_eq!(doc.blocks_of("i1"), Some(4..5), "a list item lies within its list");
    assert_eq!(doc.blocks_of("one"), Some(5..6));
    assert_eq!(doc.blocks_of("nowhere"), None);
}

/// Regression: the ids inside a DTBook list's second heading (`hd`) were placed in the block
/// before it, so its narration highlighted (and covered) the wrong paragraph.
#[test]
fn ids_in_every_list_heading_are_in_that_heading() {
    let root = xml::parse_str(
        r#"<dtbook><book><bodymatter><level1><p id="p">Before</p>
<list type="ul"><hd><sent id="s1">First heading</sent></hd><li><p>A</p></li>
<hd><sent id="s2">Second heading</sent></hd><li><p>B</p></li></list>
</level1></bodymatter></book></dtbook>"#,
        "d.xml",
    )
    .unwrap();
    let doc = extract(&root, "d.xml");
    let kinds: Vec<&str> = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Paragraph { .. } => "p",
            BlockKind::List { .. } => "list",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["p", "p", "p", "list"]);
    assert_eq!(doc.block_of("s1"), Some(1));
    assert_eq!(doc.block_of("s2"), Some(2));
}
