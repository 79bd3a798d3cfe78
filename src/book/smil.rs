//! SMIL parser shared by DAISY 2.02 (SMIL 1.0), DAISY 3 (SMIL 2) and EPUB 3 media overlays
//! (SMIL 3): every `par` becomes a [`Par`] pairing a text fragment with an audio clip.
//!
//! A `par` holding several audio clips (DAISY 2.02 `<par><text/><seq><audio/>…</seq></par>`)
//! yields one [`Par`] per clip, all sharing the text and id. Ids of pars, their `text` and
//! `audio` children and enclosing `seq`s are kept as anchors so navigation targets such as
//! `chapter.smil#tcp15` resolve to a timeline position.

use super::clock::parse_clock;
use super::dom::Element;
use super::error::BookError;
use super::href::resolve;
use super::locator::split_fragment;
use super::model::{AudioClip, Par, TextRef};
use super::xml;

/// The pars of one SMIL document and the ids that point into them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SmilDoc {
    /// Pars in document order.
    pub pars: Vec<Par>,
    /// (id, index into `pars`) for every id that names a par, its children or a seq.
    pub anchors: Vec<(String, usize)>,
}

/// Parses a SMIL document located at `smil_href` (root-relative).
pub fn parse(bytes: &[u8], smil_href: &str) -> Result<SmilDoc, BookError> {
    let root = xml::parse(bytes, smil_href)?;
    if !root.is("smil") {
        return Err(BookError::malformed(smil_href, "root element is not <smil>"));
    }
    let mut doc = SmilDoc::default();
    if let Some(body) = root.child("body") {
        walk(body, smil_href, None, &mut doc);
    }
    Ok(doc)
}

fn role_of(el: &Element) -> Option<String> {
    el.attr("epub:type")
        .or_else(|| el.attr_local("type").filter(|_| el.is("par") || el.is("seq")))
        .or_else(|| el.attr("customTest"))
        .or_else(|| el.attr("system-required"))
        .or_else(|| el.attr("class"))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn walk(container: &Element, smil: &str, inherited_role: Option<&str>, doc: &mut SmilDoc) {
    for el in container.elements() {
        let role = role_of(el);
        let role_ref = role.as_deref().or(inherited_role);
        if el.is("par") {
            par(el, smil, role_ref, doc);
        } else if el.is("seq") || el.is("body") || el.is("switch") {
            let first = doc.pars.len();
            if el.is("switch") {
                // Take the first alternative only.
                if let Some(alt) = el.elements().next() {
                    let wrapper = Element {
                        name: "seq".into(),
                        attrs: Vec::new(),
                        children: vec![super::dom::Node::Element(alt.clone())],
                    };
                    walk(&wrapper, smil, role_ref, doc);
                }
            } else {
                walk(el, smil, role_ref, doc);
            }
            if let Some(id) = el.attr("id")
                && doc.pars.len() > first
            {
                doc.anchors.push((id.to_owned(), first));
            }
        } else if el.is("audio") || el.is("text") {
            // A bare media element in a seq acts as a par of its own.
            let wrapper = Element {
                name: "par".into(),
                attrs: el.attrs.iter().filter(|(k, _)| k == "id").cloned().collect(),
                children: vec![super::dom::Node::Element(el.clone())],
            };
            par(&wrapper, smil, role_ref, doc);
        }
    }
}

fn par(el: &Element, smil: &str, role: Option<&str>, doc: &mut SmilDoc) {
    let text_el = el.find("text");
    let text = text_el.and_then(|t| t.attr("src")).and_then(|src| resolve(smil, src)).map(|target| {
        let (href, fragment) = split_fragment(&target);
        TextRef { href: href.to_owned(), fragment: fragment.map(str::to_owned) }
    });
    let clips: Vec<AudioClip> = el
        .find_all("audio")
        .into_iter()
        .filter_map(|a| {
            let href = resolve(smil, a.attr("src")?)?;
            let href = split_fragment(&href).0.to_owned();
            let begin =
                a.attr("clipBegin").or_else(|| a.attr("clip-begin")).and_then(parse_clock).unwrap_or(0);
            let end = a.attr("clipEnd").or_else(|| a.attr("clip-end")).and_then(parse_clock);
            Some(AudioClip { href, begin_ms: begin, end_ms: end.map(|e| e.max(begin)) })
        })
        .collect();
    let id = el.attr("id").or_else(|| text_el.and_then(|t| t.attr("id"))).map(str::to_owned);
    let index = doc.pars.len();
    let role = role_of(el).or(role.map(str::to_owned));
    if clips.is_empty() {
        if text.is_none() {
            return;
        }
        doc.pars.push(Par { smil: smil.to_owned(), id: id.clone(), text, audio: None, role });
    } else {
        for clip in clips {
            doc.pars.push(Par {
                smil: smil.to_owned(),
                id: id.clone(),
                text: text.clone(),
                audio: Some(clip),
                role: role.clone(),
            });
        }
    }
    for anchor in [el.attr("id"), text_el.and_then(|t| t.attr("id"))].into_iter().flatten() {
        doc.anchors.push((anchor.to_owned(), index));
    }
    for a in el.find_all("audio") {
        if let Some(id) = a.attr("id") {
            doc.anchors.push((id.to_owned(), index));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    #[test]
    fn smil1_with_audio_seq() {
        let doc = parse(
            br#"<smil><body><seq dur="9s">
<par id="p1" endsync="last"><text id="t1" src="content.html#d1"/>
  <seq><audio src="a.mp3" clip-begin="npt=0.000s" clip-end="npt=1.5s" id="a1"/>
       <audio src="a.mp3" clip-begin="npt=1.5s" clip-end="npt=3s"/></seq></par>
<par id="p2" system-required="pagenumber-on"><text src="content.html#d2"/><audio src="a.mp3" clip-begin="npt=3s" clip-end="npt=4s"/></par>
</seq></body></smil>"#,
            "book/s1.smil",
        )
        .unwrap();
        assert_eq!(doc.pars.len(), 3);
        let first = &doc.pars[0];
        assert_eq!(first.text.as_ref().unwrap().href, "book/content.html");
        assert_eq!(first.audio.as_ref().unwrap().href, "book/a.mp3");
        assert_eq!(doc.pars[1].audio.as_ref().unwrap().end_ms, Some(3000));
        assert_eq!(doc.pars[2].role.as_deref(), Some("pagenumber-on"));
        assert!(doc.anchors.contains(&("t1".into(), 0)));
        assert!(doc.anchors.contains(&("p2".into(), 2)));
    }

    #[test]
    fn smil3_media_overlay_with_textref_seq() {
        let doc = parse(
            br#"<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0"><body>
<seq id="s1" epub:textref="c.xhtml#sec" epub:type="footnote">
  <par id="p1"><text src="c.xhtml#w1"/><audio src="../audio/c.mp3" clipBegin="0:00:01.5" clipEnd="2.5s"/></par>
  <par id="p2"><text src="c.xhtml#w2"/></par>
</seq></body></smil>"#,
            "EPUB/xhtml/c.smil",
        )
        .unwrap();
        assert_eq!(doc.pars.len(), 2);
        let clip = doc.pars[0].audio.as_ref().unwrap();
        assert_eq!((clip.href.as_str(), clip.begin_ms, clip.end_ms), ("EPUB/audio/c.mp3", 1500, Some(2500)));
        assert_eq!(doc.pars[1].audio, None);
        assert_eq!(doc.pars[1].role.as_deref(), Some("footnote"));
        assert!(doc.anchors.contains(&("s1".into(), 0)));
    }

    #[test]
    fn huge_clock_values_do_not_overflow_the_total() {
        let doc = parse(
            br#"<smil><body>
<par><audio src="a.mp3" clipBegin="0s" clipEnd="2500000000000h"/></par>
<par><audio src="a.mp3" clipBegin="0s" clipEnd="2500000000000h"/></par>
<par><audio src="a.mp3" clipBegin="0s" clipEnd="2500000000000h"/></par></body></smil>"#,
            "x.smil",
        )
        .unwrap();
        let timeline = crate::book::model::MediaTimeline { pars: doc.pars };
        assert_eq!(timeline.total_ms(), u64::MAX);
    }

    #[test]
    fn non_smil_root_is_malformed() {
        assert!(matches!(parse(b"<html/>", "x.smil"), Err(BookError::Malformed { .. })));
    }
}
