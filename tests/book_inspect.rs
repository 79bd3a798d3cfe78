//! `book::inspect`: report data, JSON and text renderings.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod book_common;

use book_common::fixture;
use tomoshibi::book::{self, Format};

#[test]
fn mental_health_report() {
    let report = book::inspect(&fixture("daisy202/mental_health")).unwrap();
    assert_eq!(report.format, Format::Daisy202);
    assert_eq!(report.total_duration_ms, Some(2_078_000));
    assert_eq!(report.timeline_duration_ms, 2_078_201);
    assert_eq!(report.counts.smil_pars, 366);
    assert_eq!(report.counts.audio_files, 15);
    assert_eq!(report.counts.toc_entries, 15);
    assert_eq!(report.toc.len(), book::inspect::TOC_PREVIEW);
    assert_eq!(report.toc[1].label, "Understanding Mental Illness");
    assert_eq!(report.narrators, ["Inläst med talsyntes."]);

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["format"], "daisy202");
    assert_eq!(json["counts"]["smil_pars"], 366);
    assert_eq!(json["multimedia_type"], "audioFullText");

    let text = tomoshibi::cli::inspect::render(&report);
    assert!(text.contains("Duration: 0:34:38 (sum of the clips: 0:34:38.201)"), "{text}");
    assert!(text.contains("366 SMIL pars"));
}

#[test]
fn kusamakura_report_lists_warnings_and_ruby() {
    let report =
        book::inspect(&fixture("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing")).unwrap();
    assert_eq!(report.counts.ruby, 4603);
    assert_eq!(report.warnings.len(), 2);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["writing_mode"], "vertical-rl");
    assert_eq!(json["progression"], "rtl");
    assert_eq!(json["warnings"][0]["kind"], "missing_resource");
    let text = tomoshibi::cli::inspect::render(&report);
    assert!(text.contains("Missing file OPS/audio/fmse004b.mp3"), "{text}");
}

#[test]
fn every_fixture_inspects_without_error() {
    let books = [
        "daisy202/dontworrybehappy",
        "daisy202/dontworrybehappy-nccOnly",
        "daisy202/dontworrybehappy-invalid",
        "daisy3/dontworrybehappy",
        "daisy3/dontworrybehappy-nccOnly",
        "daisy3/minimal-dtbook-1.1.0",
        "epub/idpf-epub3-samples/georgia-pls-ssml",
        "epub/idpf-epub3-samples/haruko-html-jpeg",
        "epub/idpf-epub3-samples/wasteland",
        "epub/epub2-packaged/GreatPaintersHtml.epub",
        "epub/w3c-epub-tests/mol-navigation",
    ];
    for rel in books {
        let report = book::inspect(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(report.counts.toc_entries > 0, "{rel}");
        assert_eq!(report.counts.images_without_alt, 0, "{rel}");
        assert!(tomoshibi::cli::inspect::render(&report).contains(&report.title));
    }
}
