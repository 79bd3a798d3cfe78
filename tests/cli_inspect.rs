//! `tomoshibi inspect`: the headless face of the book model.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tomoshibi");

fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/books/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn inspect_prints_the_structure_of_a_talking_book_as_json() {
    let out =
        Command::new(BIN).args(["inspect", "--json", &fixture("daisy202/mental_health")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], "daisy202");
    let levels = report["counts"]["headings_per_level"].as_array().unwrap();
    assert_eq!((levels[0].as_u64(), levels[1].as_u64()), (Some(6), Some(9)));
    assert_eq!(report["counts"]["smil_pars"], 366);
}

#[test]
fn inspect_text_names_the_title_and_duration() {
    let out = Command::new(BIN).args(["inspect", &fixture("daisy202/dontworrybehappy")]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0:03:02"), "{text}");
}

#[test]
fn an_unreadable_book_gives_a_clear_message_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a book").unwrap();
    let out =
        Command::new(BIN).args(["inspect"]).arg(dir.path()).env("LANG", "en_US.UTF-8").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the book") && err.contains("not a recognised book"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // Regression: `tomoshibi inspect BOOK | head -1` panicked on the broken pipe.
    let mut child = Command::new(BIN)
        .args(["inspect", &fixture("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success(), "{status:?}: {err}");
}
