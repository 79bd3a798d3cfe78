//! Leaving structures out while a talking book plays (page numbers, notes…), on the real
//! fixtures: their clips leave the programme, everything else stays in order, and the player
//! goes straight past them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use tomoshibi::book::Publication;
use tomoshibi::listen::audio::PullOutput;
use tomoshibi::listen::skippable::Skippable;
use tomoshibi::listen::talking_book::{Heard, TalkingBook};
use tomoshibi::listen::unrecorded::Programme;
use tomoshibi::reading::{Unit, UnitKind};

fn open(relative: &str) -> (Publication, Vec<Unit>) {
    super::common::book_and_units(relative)
}

fn skip(structures: &[Skippable]) -> BTreeSet<Skippable> {
    structures.iter().copied().collect()
}

#[test]
fn skipped_structures_leave_the_programme_and_the_rest_stays_in_order() {
    for (book, structure, expected) in [
        // DAISY 3: notes in `seq customTest="note"`, after their reference and again in the
        // notes section at the end (the book narrates both).
        ("daisy3/dontworrybehappy", Skippable::Notes, 6),
        // EPUB 3 media overlays: `par epub:type="pagebreak"`.
        ("epub/daisy-a11y-tests/epub30-test-0320-media-overlays", Skippable::PageNumbers, 6),
    ] {
        let (book_, all) = open(book);
        let in_book = book_
            .timeline
            .pars
            .iter()
            .filter(|p| {
                p.audio.is_some() && p.role.as_deref().and_then(Skippable::of_role) == Some(structure)
            })
            .count();
        assert_eq!(in_book, expected, "{book}");
        let whole = Programme::recorded(&book_, &all).with_speech(&book_, &all);
        let skipping = whole.clone().skipping(&book_, &all, &skip(&[structure]));
        let left_out: Vec<_> = whole.clips.iter().filter(|c| !skipping.clips.contains(c)).collect();
        assert_eq!(left_out.len(), expected, "{book}: {left_out:?}");
        for clip in &left_out {
            let role = book_.timeline.pars[clip.index].role.as_deref().unwrap_or_default();
            assert_eq!(Skippable::of_role(role), Some(structure), "{book}: {clip:?} {role}");
        }
        // Everything else is there, in its order, with its unit.
        let kept: Vec<_> =
            whole.clips.iter().zip(&whole.units).filter(|(c, _)| !left_out.contains(c)).collect();
        let after: Vec<_> = skipping.clips.iter().zip(&skipping.units).collect();
        assert_eq!(kept, after, "{book}");
        // Leaving out something the book does not have changes nothing.
        let other =
            if structure == Skippable::Notes { Skippable::Sidebars } else { Skippable::ProducerNotes };
        assert_eq!(whole.clone().skipping(&book_, &all, &skip(&[other])), whole, "{book}");
    }
}

#[test]
fn the_player_goes_straight_past_a_skipped_note() {
    let (book, all) = open("daisy3/dontworrybehappy");
    // The note is read where it is referenced: right after the paragraph with "note1".
    let programme = Programme::recorded(&book, &all);
    let at = programme.units.iter().position(|u| all[*u].kind == UnitKind::Note).expect("the book has notes");
    let (reference, note) = (programme.units[at - 1], programme.units[at]);
    let heard_from = |skipping: &[Skippable]| {
        let (output, mut samples) = PullOutput::new();
        let mut talking =
            TalkingBook::open(&book, &all, Some(Box::new(output)), None, &skip(skipping)).unwrap();
        talking.go_to_unit(reference).unwrap();
        assert!(talking.toggle());
        let mut heard = Vec::new();
        for _ in 0..240 {
            let _: Vec<f32> = samples.by_ref().take(22_050 / 4).collect();
            heard.extend(
                talking
                    .poll()
                    .into_iter()
                    .filter_map(|h| if let Heard::Unit(u) = h { Some(u) } else { None }),
            );
            if heard.contains(&(reference + 1)) {
                break;
            }
        }
        heard.dedup(); // a paragraph of two clips is reported once per poll
        heard
    };
    assert_eq!(heard_from(&[]), [reference, note, reference, reference + 1], "the note in its place");
    assert_eq!(heard_from(&[Skippable::Notes]), [reference, reference + 1], "straight past the note");
}

#[test]
fn leaving_a_note_read_where_it_is_referenced_goes_back_to_the_text() {
    use tomoshibi::listen::talking_book::Left;
    let (book, all) = open("daisy3/dontworrybehappy");
    let programme = Programme::recorded(&book, &all);
    let at = programme.units.iter().position(|u| all[*u].kind == UnitKind::Note).unwrap();
    let (reference, note) = (programme.units[at - 1], programme.units[at]);
    let (output, mut samples) = PullOutput::new();
    let mut talking = TalkingBook::open(&book, &all, Some(Box::new(output)), None, &skip(&[])).unwrap();
    talking.go_to_unit(reference).unwrap();
    assert_eq!(talking.leave_structure(&all), Left::NotInStructure, "a paragraph");
    assert!(talking.toggle());
    let mut heard = Vec::new();
    while !heard.contains(&note) {
        let _: Vec<f32> = samples.by_ref().take(22_050 / 10).collect();
        heard.extend(
            talking.poll().into_iter().filter_map(|h| if let Heard::Unit(u) = h { Some(u) } else { None }),
        );
        assert!(heard.len() < 50, "{heard:?}");
    }
    // In the note: leaving it goes back to the paragraph it was referenced in, at the clip after.
    assert_eq!(talking.leave_structure(&all), Left::To(reference));
    let _: Vec<f32> = samples.by_ref().take(22_050 / 20).collect();
    let place = talking.locator(&book, &all).unwrap().locations.audio.unwrap();
    let after_note =
        programme.clips[(at..programme.clips.len()).find(|c| programme.units[*c] != note).unwrap()].clone();
    assert_eq!(place.href, after_note.href);
    // 50 ms of samples were pulled since: the place is that far into the clip.
    assert!(
        (after_note.begin_ms..after_note.begin_ms + 120).contains(&place.time_ms),
        "{place:?} {after_note:?}"
    );
}

/// With full-text books the phrase playing is known inside its paragraph: the sentence (here
/// the parts of a heading) a SMIL par points at, by its place in the unit's text.
#[test]
fn the_playing_phrase_is_found_in_its_paragraph() {
    let (book, all) = open("epub/daisy-a11y-tests/epub30-test-0320-media-overlays");
    let heading = all.iter().position(|u| u.text.starts_with("[FUNDAMENTAL] MOA-BASIC-010")).unwrap();
    let (output, mut samples) = PullOutput::new();
    let mut talking = TalkingBook::open(&book, &all, Some(Box::new(output)), None, &skip(&[])).unwrap();
    talking.go_to_unit(heading).unwrap();
    let mut shown = Vec::new();
    loop {
        let id = talking.phrase_fragment(&book).unwrap();
        let range = all[heading].range_of(&id).unwrap();
        shown.push(all[heading].text[range].to_owned());
        if talking.phrase(1) != Some(heading) {
            break;
        }
        let _: Vec<f32> = samples.by_ref().take(441).collect();
    }
    assert_eq!(shown, ["[FUNDAMENTAL]", "MOA-BASIC-010", "Media Overlays Playback"]);
    // The next phrase is a paragraph of its own: it is the whole unit, nothing inside to mark.
    let _: Vec<f32> = samples.by_ref().take(441).collect();
    let id = talking.phrase_fragment(&book).unwrap();
    assert_eq!(
        (all[heading + 1].fragment.as_deref(), all[heading + 1].range_of(&id)),
        (Some(id.as_str()), None)
    );
}
