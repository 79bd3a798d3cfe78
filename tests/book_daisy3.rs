//! DAISY 3 fixtures: Z39.86-2005 and -2002, non-default file names, audioNCX, WAV audio.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod book_common;

use book_common::{heading_levels, open};
use tomoshibi::book::{BlockKind, Format, MultimediaType, content};

#[test]
fn mental_health_structure() {
    let p = open("daisy3/mental_health");
    assert_eq!(p.format, Format::Daisy3);
    assert_eq!(p.metadata.authors, ["Karen Ward"]);
    assert_eq!(p.metadata.identifiers, ["AUTO-UID-5577942661191370766"]);
    assert_eq!(p.metadata.narrators, ["Inläst med talsyntes."]);
    // dtb:totalTime 0:34:32.580
    assert_eq!(p.metadata.total_duration_ms, Some(2_072_580));
    // 14 navPoints: 5 top-level h1 with h2 children
    let flat = p.navigation.toc_flat();
    assert_eq!(flat.len(), 14);
    assert_eq!(flat[0].label, "Understanding Mental Illness");
    assert_eq!(flat[0].target.href, "dtbook.xml");
    assert_eq!(flat[0].target.locations.fragment.as_deref(), Some("dtb15"));
    assert_eq!(flat[0].target.locations.audio.as_ref().unwrap().href, "speechgen0002.mp3");
    assert_eq!(p.reading_order.len(), 15);
    assert_eq!(p.documents.len(), 1);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let doc = &p.documents[0];
    for par in &p.timeline.pars {
        if let Some(frag) = par.text.as_ref().and_then(|t| t.fragment.as_deref()) {
            assert!(doc.block_of(frag).is_some(), "no block for #{frag}");
        }
    }
    // DTBook: 5 h1 + 9 h2 + 2 doctitle (read as level-1 headings); the NCX lists the 14 h1/h2.
    assert_eq!(heading_levels(&p), [7, 9, 0, 0, 0, 0]);
    let mut images = 0;
    content::walk_blocks(&doc.blocks, &mut |b| {
        if let BlockKind::Image { alt, .. } = &b.kind {
            images += 1;
            assert!(alt.is_some());
        }
    });
    assert_eq!(images, 1);
}

#[test]
fn non_default_file_names() {
    let p = open("daisy3/dontworrybehappy");
    assert_eq!(p.format, Format::Daisy3);
    assert_eq!(p.metadata.multimedia_type, Some(MultimediaType::AudioFullText));
    assert_eq!(p.documents[0].href, "07-dtbook.xml");
    // 6 navPoints (the doctitle is not in this production's navMap)
    assert_eq!(p.navigation.toc_flat().len(), 6);
    assert!(p.navigation.landmarks.iter().any(|l| l.kind == "note"));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn audio_ncx_has_no_text() {
    let p = open("daisy3/dontworrybehappy-nccOnly");
    assert_eq!(p.metadata.multimedia_type, Some(MultimediaType::AudioNcx));
    assert!(p.documents.is_empty());
    assert!(!p.navigation.toc.is_empty());
    assert!(p.timeline.pars.iter().all(|par| par.audio.is_some()));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn z3986_2002_with_wav_audio() {
    let p = open("daisy3/minimal-dtbook-1.1.0");
    assert_eq!(p.format, Format::Daisy3);
    assert_eq!(p.metadata.total_duration_ms, Some(4_000));
    assert_eq!(p.metadata.authors, ["Author"]);
    assert_eq!(p.timeline.audio_files(), ["audio.wav"]);
    assert_eq!(p.documents[0].href, "content.xml");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}
