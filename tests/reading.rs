//! Moving through real books unit by unit, by heading and by page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use tomoshibi::book;
use tomoshibi::reading::{self, RubyMode, UnitKind};

fn open(rel: &str) -> book::Publication {
    book::open(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books").join(rel))
        .unwrap()
}

#[test]
fn headings_of_mental_health_are_reached_in_order_and_by_level() {
    let p = open("daisy202/mental_health");
    let units = reading::units(&p, RubyMode::Brackets);
    // The book opens on its title, a level-1 heading; the next-heading key at
    // level 1 then visits the other five.
    assert!(reading::is_heading(&units[0], Some(1)));
    let mut visited = vec![0];
    while let Some(next) =
        reading::find(&units, *visited.last().unwrap(), true, |u| reading::is_heading(u, Some(1)))
    {
        visited.push(next);
    }
    assert_eq!(visited.len(), 6, "six level-1 headings");
    let any = units.iter().filter(|u| reading::is_heading(u, None)).count();
    assert_eq!(any, 15);
    let second = reading::find(&units, 0, true, |u| reading::is_heading(u, None)).unwrap();
    assert_eq!(units[second].text, "Understanding Mental Illness");
    let back = reading::find(&units, second, false, |u| reading::is_heading(u, None));
    assert_eq!(back, Some(0));
}

#[test]
fn where_am_i_gives_the_heading_trail_and_percentage() {
    let p = open("daisy202/mental_health");
    let units = reading::units(&p, RubyMode::Brackets);
    let h2 = reading::find(&units, 0, true, |u| reading::is_heading(u, Some(2))).unwrap();
    let para = h2 + 1;
    let here = reading::where_am_i(&units, para);
    assert_eq!(here.headings, ["Understanding Mental Illness", &units[h2].text]);
    assert!(here.percent > 0 && here.percent < 100, "{here:?}");
}

#[test]
fn a_locator_brings_the_reader_back_to_the_same_unit() {
    let p = open("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing");
    let units = reading::units(&p, RubyMode::Brackets);
    assert!(units.iter().any(|u| u.text.contains('（')), "ruby shown in brackets");
    for index in [0, 1, units.len() / 3, units.len() - 1] {
        let locator = reading::locator(&p, &units, index).unwrap();
        let json = locator.to_json();
        let back = book::Locator::from_json(&json).unwrap();
        let found = reading::index_of(&p, &units, &back).unwrap();
        assert_eq!(units[found].block, units[index].block, "index {index}");
        assert_eq!(units[found].document, units[index].document);
    }
}

#[test]
fn print_pages_are_units_with_their_labels() {
    let p = open("daisy3/mental_health");
    let units = reading::units(&p, RubyMode::Brackets);
    let pages: Vec<_> = units.iter().filter(|u| matches!(u.kind, UnitKind::PageBreak(_))).collect();
    let expected = p
        .documents
        .iter()
        .flat_map(|d| &d.blocks)
        .filter(|b| matches!(b.kind, book::BlockKind::PageBreak { .. }))
        .count();
    assert_eq!(pages.len(), expected);
}

#[test]
fn search_finds_text_in_any_case_and_script() {
    let p = open("daisy202/mental_health");
    let units = reading::units(&p, RubyMode::Brackets);
    let hits = reading::search(&units, "WILLPOWER");
    assert_eq!(hits.len(), 1);
    assert!(hits[0].1.contains("willpower"), "{:?}", hits[0]);
    assert!(reading::search(&units, "   ").is_empty());
    let k = open("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing");
    let units = reading::units(&k, RubyMode::Brackets);
    let hits = reading::search(&units, "智に働けば");
    assert!(!hits.is_empty());
    assert!(hits[0].1.contains("智に働けば"), "{:?}", hits[0]);
}

#[test]
fn landmarks_are_read_from_the_epub_navigation_document() {
    let counts: Vec<usize> =
        ["epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing", "epub/idpf-epub3-samples/wasteland"]
            .into_iter()
            .map(|rel| open(rel).navigation.landmarks.len())
            .collect();
    assert_eq!(counts, [4, 3]);
}

/// The shelf's cover pictures: the one the package names (wasteland), the picture on the
/// book's cover page (kusamakura), the first page of a comic (haruko); none for a talking
/// book without a cover. Each a PNG no taller than the shelf keeps.
#[test]
fn covers_are_found_and_made_small_for_the_shelf() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, expected) in [
        ("epub/idpf-epub3-samples/wasteland", Some("wasteland-cover.jpg")),
        ("epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing", Some("")),
        ("epub/idpf-epub3-samples/haruko-html-jpeg", Some("")),
        ("daisy202/mental_health", None),
    ] {
        let p = open(rel);
        let href = reading::shelf::cover_href(&p);
        assert_eq!(href.is_some(), expected.is_some(), "{rel}: {href:?}");
        if let (Some(href), Some(name)) = (href, expected) {
            assert!(href.ends_with(name), "{rel}: {href}");
        }
        let thumb = reading::shelf::cover_thumbnail(&p, rel, dir.path());
        assert_eq!(thumb.is_some(), expected.is_some(), "{rel}");
        if let Some(path) = thumb {
            let (width, height) = image::image_dimensions(&path).unwrap();
            assert!(
                height <= reading::shelf::COVER_HEIGHT && width > 0 && height > 100,
                "{rel}: {width}×{height}"
            );
            // Made once: a second call finds it.
            assert_eq!(reading::shelf::cover_thumbnail(&p, rel, dir.path()), Some(path));
        }
    }
}

/// A table's rows are units of their own (as before) that know their cells and their table:
/// two tables one after the other stay two tables.
#[test]
fn table_rows_know_their_cells_and_their_table() {
    let p = open("epub/tomoshibi-tables");
    let units = reading::units(&p, RubyMode::Brackets);
    let at = |text: &str| units.iter().position(|u| u.text == text).unwrap();
    let row = at("1 | New York | 8,213,839");
    let UnitKind::TableRow(cells) = &units[row].kind else { panic!("{:?}", units[row].kind) };
    let shown: Vec<(&str, bool)> =
        cells.cells.iter().map(|c| (&units[row].text[c.range.clone()], c.header)).collect();
    assert_eq!(shown, [("1", true), ("New York", false), ("8,213,839", false)]);
    let table = reading::table_at(&units, row).unwrap();
    assert_eq!(table.caption.map(|i| units[i].text.as_str()), Some("Largest cities"));
    let rows: Vec<&str> = table.rows.iter().map(|&i| units[i].text.as_str()).collect();
    assert_eq!(
        rows,
        [
            "Rank | City | Population",
            "1 | New York | 8,213,839",
            "2 | Los Ángeles | 3,794,640",
            "3 | Chicago | 2,824,584",
        ]
    );
    let next = reading::table_at(&units, at("Left | Right")).unwrap();
    assert_eq!((next.caption, next.rows), (None, vec![at("Left | Right")]));
    assert_eq!(reading::table_at(&units, at("Before the table.")), None);
    // Every row of the first table is reached where it was: one unit each, in order.
    assert_eq!(
        table.rows,
        (at("Rank | City | Population")..=at("3 | Chicago | 2,824,584")).collect::<Vec<_>>()
    );
}

/// The bulk finder a talking book uses when it opens agrees with `index_of` everywhere: every
/// par, TOC entry and page of every fixture book, every unit's own place, and places that
/// lead nowhere.
#[test]
fn the_unit_finder_finds_what_index_of_finds() {
    let books = [
        "daisy202/dontworrybehappy",
        "daisy202/mental_health",
        "daisy202/dontworrybehappy-nccOnly",
        "daisy3/dontworrybehappy",
        "daisy3/mental_health",
        "daisy3/minimal-dtbook-1.1.0",
        "epub/daisy-a11y-tests/epub30-test-0320-media-overlays",
        "epub/w3c-epub-tests/mol-navigation",
        "epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing",
        "epub/idpf-epub3-samples/wasteland",
    ];
    let mut compared = 0;
    for rel in books {
        let p = open(rel);
        let units = reading::units(&p, RubyMode::Hidden);
        let finder = reading::UnitFinder::new(&p, &units);
        let mut places: Vec<book::Locator> = p.timeline.pars.iter().map(book::model::Par::locator).collect();
        places.extend(p.navigation.toc_flat().iter().map(|e| e.target.clone()));
        places.extend(p.navigation.page_list.iter().map(|e| e.target.clone()));
        places.extend((0..units.len()).filter_map(|i| reading::locator(&p, &units, i)));
        for document in &p.documents {
            let mut nowhere = book::Locator::new(document.href.clone());
            nowhere.locations.fragment = Some("no-such-id".into());
            places.push(nowhere);
            let mut past = book::Locator::new(document.href.clone());
            past.locations.block = Some(usize::MAX);
            places.push(past);
        }
        places.push(book::Locator::new("not-in-the-book.xhtml"));
        for place in &places {
            assert_eq!(finder.index_of(place), reading::index_of(&p, &units, place), "{rel}: {place:?}");
            compared += 1;
        }
    }
    assert!(compared > 1000, "{compared}");
}

/// "Leave this structure" from a table row or a list item goes to the first unit after it; a
/// paragraph is in none.
#[test]
fn a_table_or_list_is_left_for_what_follows_it() {
    let p = open("epub/tomoshibi-tables");
    let units = reading::units(&p, RubyMode::Brackets);
    let at = |text: &str| units.iter().position(|u| u.text == text).unwrap();
    for row in ["Rank | City | Population", "2 | Los Ángeles | 3,794,640", "3 | Chicago | 2,824,584"] {
        assert_eq!(reading::structure_end(&units, at(row)), Some(at("Left | Right")), "{row}");
    }
    assert_eq!(reading::structure_end(&units, at("Before the table.")), None);

    let p = open("daisy202/mental_health");
    let units = reading::units(&p, RubyMode::Brackets);
    let first = units.iter().position(|u| u.kind == UnitKind::ListItem).unwrap();
    let end = reading::structure_end(&units, first).unwrap();
    assert!(end > first + 1, "a list of several items: {first}..{end}");
    assert!((first..end).all(|i| units[i].block == units[first].block));
    assert!(units[end].block != units[first].block || units[end].document != units[first].document);
    assert_eq!(reading::structure_end(&units, end - 1), Some(end), "from its last item too");
}
