//! DAISY 2.02 fixtures: structure, timeline, navigation.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod book_common;

use book_common::open;
use tomoshibi::book::{Format, MultimediaType, Warning};

#[test]
fn mental_health_structure() {
    let p = open("daisy202/mental_health");
    assert_eq!(p.format, Format::Daisy202);
    assert_eq!(
        p.metadata.title,
        "FOR THE FAMILY:  IMPORTANT THINGS TO DO WHEN SOMEONE YOU LOVE IS MENTALLY ILL"
    );
    assert_eq!(p.metadata.authors, ["Karen Ward"]);
    assert_eq!(p.metadata.languages, ["en-US"]);
    assert_eq!(p.metadata.narrators, ["Inläst med talsyntes."]);
    assert_eq!(p.metadata.multimedia_type, Some(MultimediaType::AudioFullText));
    // ncc:totalTime 0:34:38
    assert_eq!(p.metadata.total_duration_ms, Some(2_078_000));
    // 366 pars whose clips add up to 2078.201 s
    assert_eq!(p.timeline.pars.len(), 366);
    assert_eq!(p.timeline.total_ms(), 2_078_201);
    assert_eq!(p.timeline.audio_files().len(), 15);
    // 15 headings: 6 h1 + 9 h2
    let flat = p.navigation.toc_flat();
    assert_eq!(flat.len(), 15);
    assert_eq!(flat.iter().filter(|e| e.level == 1).count(), 6);
    assert_eq!(flat.iter().filter(|e| e.level == 2).count(), 9);
    assert_eq!(p.navigation.toc.len(), 6);
    let second = flat[1];
    assert_eq!(second.label, "Understanding Mental Illness");
    assert_eq!(second.target.href, "content.html");
    let audio = second.target.locations.audio.as_ref().unwrap();
    assert_eq!(audio.href, "speechgen0002.mp3");
    assert_eq!(p.reading_order.len(), 15);
    assert_eq!(p.documents.len(), 1);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    // every text fragment of the timeline resolves to a block
    let doc = p.document("content.html").unwrap();
    for par in &p.timeline.pars {
        let frag = par.text.as_ref().unwrap().fragment.as_deref().unwrap();
        assert!(doc.block_of(frag).is_some(), "no block for #{frag}");
    }
}

#[test]
fn dontworrybehappy_full_text() {
    let p = open("daisy202/dontworrybehappy");
    assert_eq!(p.metadata.total_duration_ms, Some(182_000));
    assert_eq!(p.navigation.toc_flat().len(), 7);
    let noterefs: Vec<_> = p.navigation.landmarks.iter().filter(|l| l.kind == "noteref").collect();
    assert_eq!(noterefs.len(), 2);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let sum = p.timeline.total_ms();
    assert!(sum.abs_diff(182_000) < 2_000, "clips sum {sum}");
}

#[test]
fn ncc_only_points_text_into_the_ncc() {
    let p = open("daisy202/dontworrybehappy-nccOnly");
    assert_eq!(p.metadata.multimedia_type, Some(MultimediaType::AudioNcc));
    assert_eq!(p.navigation.toc_flat().len(), 7);
    assert!(!p.timeline.pars.is_empty());
    for doc in &p.documents {
        assert_eq!(doc.href, "ncc.html");
    }
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn invalid_production_declares_pages_it_lacks() {
    // The upstream "invalid" book declares ncc:pageNormal=3 but its NCC has no page spans.
    let p = open("daisy202/dontworrybehappy-invalid");
    assert!(p.navigation.page_list.is_empty());
    assert!(p.warnings.contains(&Warning::CountMismatch {
        field: "ncc:pageNormal".into(),
        declared: 3,
        found: 0,
    }));
    assert!(p.warnings.iter().all(|w| !matches!(w, Warning::MissingResource { .. })));
    assert_eq!(p.navigation.toc_flat().len(), 7);
}

#[test]
fn master_smil_sets_the_playback_order() {
    let dir = tempfile::tempdir().unwrap();
    let src = book_common::fixture("daisy202/dontworrybehappy");
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let refs: String = (1..=7).rev().map(|i| format!("<ref src=\"speechgen{i:04}.smil#x\"/>")).collect();
    std::fs::write(dir.path().join("master.smil"), format!("<smil><head/><body>{refs}</body></smil>"))
        .unwrap();
    let p = tomoshibi::book::open(dir.path()).unwrap();
    let order: Vec<&str> = p.reading_order.iter().map(|i| i.href.as_str()).collect();
    assert_eq!(order.first(), Some(&"speechgen0007.smil"));
    assert_eq!(order.last(), Some(&"speechgen0001.smil"));
    assert_eq!(p.timeline.pars.first().unwrap().smil, "speechgen0007.smil");
}

#[test]
fn legacy_shift_jis_ncc_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ncc = "<HTML><HEAD><META NAME=\"dc:title\" CONTENT=\"吾輩は猫である\">\
<META NAME=\"ncc:multimediaType\" CONTENT=\"textNcc\"></HEAD><BODY>\
<H1 ID=\"h1\"><A HREF=\"#h1\">第一章 吾輩は猫である。名前はまだ無い。</A></H1>\
<SPAN CLASS=\"page-normal\" ID=\"p1\"><A HREF=\"#p1\">1</A></SPAN></BODY></HTML>";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(ncc);
    std::fs::write(dir.path().join("NCC.HTML"), bytes).unwrap();
    let p = tomoshibi::book::open(dir.path()).unwrap();
    assert_eq!(p.format, Format::Daisy202);
    assert_eq!(p.metadata.title, "吾輩は猫である");
    assert_eq!(p.metadata.multimedia_type, Some(MultimediaType::TextNcc));
    assert_eq!(p.navigation.toc[0].label, "第一章 吾輩は猫である。名前はまだ無い。");
    assert_eq!(p.navigation.page_list[0].label, "1");
    assert!(p.timeline.pars.is_empty());
}
