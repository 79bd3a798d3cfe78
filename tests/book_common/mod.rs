//! Helpers shared by the `book_*` integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use tomoshibi::book::{self, BlockKind, Publication, content};

/// Path of a fixture book.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books").join(rel)
}

/// Opens a fixture book, panicking with the error.
pub fn open(rel: &str) -> Publication {
    book::open(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Headings per level 1–6 over all documents.
pub fn heading_levels(p: &Publication) -> [usize; 6] {
    let mut levels = [0; 6];
    for d in &p.documents {
        content::walk_blocks(&d.blocks, &mut |b| {
            if let BlockKind::Heading { level, .. } = b.kind {
                levels[usize::from(level.clamp(1, 6)) - 1] += 1;
            }
        });
    }
    levels
}
