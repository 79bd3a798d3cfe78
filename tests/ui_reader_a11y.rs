//! In-process UI tests of the reader for screen readers, with `iced_test`: what the reading
//! view gives them — images named as images, links and notes they can follow, parts in other
//! languages, tables as tables, and the focus kept still while a book plays.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic, missing_docs)]

mod ui_common;

use tomoshibi::commands::{Chord, Key};
use tomoshibi::ui::app::{App, Message};
use ui_common::*;

/// Regression: an image's alternative text reached screen readers as a bare paragraph,
/// without the "Image:" the screen shows.
#[test]
fn an_image_is_named_as_an_image() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "daisy202/mental_health");
    let mut names = Vec::new();
    let mut image_part = None;
    for _ in 0..200 {
        let control = app.model().controls[0].clone();
        if control.name.starts_with("Image: A photograph") {
            image_part = Some(control.kind.clone());
        }
        names.push(control.name);
        key(&mut app, Key::Down);
    }
    assert!(
        names.iter().any(|n| n.starts_with("Image: A photograph") && n.ends_with("by Dave Bell")),
        "{names:?}"
    );
    // …and has the role of one for screen readers.
    assert!(
        matches!(
            image_part,
            Some(tomoshibi::a11y::ControlKind::TextUnit { part: tomoshibi::a11y::TextPart::Image, .. })
        ),
        "{image_part:?}"
    );
}

/// Enter on text with a note reference opens the note; Alt+Left comes back to the text.
#[test]
fn a_note_opens_from_its_reference_and_alt_left_returns() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "daisy3/dontworrybehappy");
    let name = reader_text;
    down_to(&mut app, "sing it note1");
    let reference = name(&app);
    key(&mut app, Key::Enter);
    assert_eq!(
        name(&app),
        "The author makes a plump reference to Homeros, Iliad, book 4 Chapter 4, verse 3."
    );
    press(&mut app, Chord { key: Key::Left, ctrl: false, shift: false, alt: true });
    assert_eq!(name(&app), reference);
    // Text without a reference stays where it is.
    key(&mut app, Key::Up);
    let here = name(&app);
    key(&mut app, Key::Enter);
    assert_eq!(name(&app), here);
}

/// A link to another document of the book (here one left out of the reading order) is
/// followed with Enter, and Alt+Left returns (epubtest "nonlinear activation").
#[test]
fn enter_follows_a_link_in_the_text() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "epub/w3c-epub-tests/pkg-spine-nonlinear-activation");
    let name = reader_text;
    down_to(&mut app, "clicking this link");
    let link_text = name(&app);
    key(&mut app, Key::Enter);
    assert_ne!(name(&app), link_text, "the link was followed");
    assert!(app.model().controls[0].name.to_lowercase().contains("pass"), "{}", name(&app));
    press(&mut app, Chord { key: Key::Left, ctrl: false, shift: false, alt: true });
    assert_eq!(name(&app), link_text);
}

/// A screen reader's own "activate" on the link node follows the link, as Enter does.
#[test]
fn a_screen_reader_activates_a_link_node() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "epub/w3c-epub-tests/pkg-spine-nonlinear-activation");
    down_to(&mut app, "clicking this link");
    let link_text = reader_text(&app);
    let tree = app.accessibility_tree();
    let (link, node) =
        tree.nodes.iter().find(|(_, n)| n.role() == accesskit::Role::Link).expect("a link node");
    assert_eq!(node.label(), Some("this link"));
    assert!(node.supports_action(accesskit::Action::Click));
    let request = accesskit::ActionRequest {
        action: accesskit::Action::Click,
        target_tree: tree.tree_id,
        target_node: *link,
        data: None,
    };
    let _ = app.update(Message::Accessibility(request));
    assert_ne!(reader_text(&app), link_text, "the link was followed");
    assert!(reader_text(&app).to_lowercase().contains("pass"), "{}", reader_text(&app));
}

/// Text with several note references: Enter lists them ("Note 4", "Note 5"…), choosing
/// one opens that note, and Alt+Left returns to the text.
#[test]
fn several_references_in_one_text_are_offered_as_a_list() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "epub/idpf-epub3-samples/georgia-pls-ssml");
    let name = reader_text;
    down_to(&mut app, "population of Georgia in 1880");
    let paragraph = name(&app);
    key(&mut app, Key::Enter);
    let list = app.model();
    assert_eq!(list.title, "Links here");
    let rows: Vec<String> = list.controls.iter().map(|c| c.name.clone()).collect();
    assert!(rows.len() >= 3, "{rows:?}");
    assert_eq!(rows[0], "Note 4", "{rows:?}");
    assert_eq!(rows[1], "Note 5", "{rows:?}");
    key(&mut app, Key::Down);
    key(&mut app, Key::Enter);
    let note = name(&app);
    assert_ne!(note, paragraph, "the chosen note is shown");
    assert!(matches!(
        app.model().controls[0].kind,
        tomoshibi::a11y::ControlKind::TextUnit { part: tomoshibi::a11y::TextPart::Note, .. }
    ));
    press(&mut app, Chord { key: Key::Left, ctrl: false, shift: false, alt: true });
    assert_eq!(name(&app), paragraph);
}

/// The book's language reaches screen readers with its text (a Japanese book read with an
/// English interface is still read with a Japanese voice).
#[test]
fn the_text_carries_the_books_language() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    let language = |app: &App| match &app.model().controls[0].kind {
        tomoshibi::a11y::ControlKind::TextUnit { language, .. } => language.clone(),
        other => panic!("not book text: {other:?}"),
    };
    opened(&mut app, "epub/idpf-epub3-samples/kusamakura-japanese-vertical-writing");
    assert_eq!(language(&app).as_deref(), Some("ja"));
    opened(&mut app, "daisy202/mental_health");
    assert!(language(&app).is_some_and(|l| l.starts_with("en")), "{:?}", language(&app));
}

/// Words in another language inside a paragraph (The Waste Land's Latin and Greek epigraph)
/// reach screen readers with their language, at the right place in the text.
#[test]
fn parts_in_another_language_are_marked_in_the_text() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "epub/idpf-epub3-samples/wasteland");
    let mut parts = None;
    for _ in 0..20 {
        let model = app.model();
        let text = &model.controls[0];
        if let tomoshibi::a11y::ControlKind::TextUnit { languages, .. } = &text.kind
            && text.name.contains("Nam Sibyllam")
        {
            let named: Vec<(String, String)> = languages
                .iter()
                .map(|(range, lang)| (text.name[range.clone()].to_owned(), lang.clone()))
                .collect();
            parts = Some(named);
            break;
        }
        key(&mut app, Key::Down);
    }
    let parts = parts.expect("the epigraph is reached");
    let language_of =
        |start: &str| parts.iter().find(|(text, _)| text.starts_with(start)).map(|(_, l)| l.as_str());
    assert_eq!(language_of("\"Nam Sibyllam"), Some("la"), "{parts:?}");
    assert_eq!(language_of("Σίβυλλα"), Some("grc"), "{parts:?}");
    assert_eq!(language_of("respondebat"), Some("la"), "{parts:?}");
}

/// A book table reaches screen readers as a table: rows of cells (header cells as column or
/// row headers) with their indices, the current row focused; Down still moves row by row and
/// the app's voice still reads a row; a screen reader moving to another row, or activating a
/// link in one, moves the reader there.
#[test]
fn a_table_is_a_table_of_rows_and_cells_for_screen_readers() {
    use accesskit::{Action, ActionRequest, Node, NodeId, Role};
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let (mut app, rx) = speaking_app(home.path(), tomoshibi::a11y::VoicingMode::On);
    let _ = app.update(Message::ScreenReaderDetected(Some(false)));
    opened(&mut app, "epub/tomoshibi-tables");
    down_to(&mut app, "Rank");
    let _ = heard(&rx);
    key(&mut app, Key::Down);
    assert_eq!(reader_text(&app), "1 | New York | 8,213,839");
    assert_eq!(heard(&rx), ["1 | New York | 8,213,839"], "the app's voice reads the row");

    let tree = app.accessibility_tree();
    let node = |id: NodeId| -> Node { tree.nodes.iter().find(|(i, _)| *i == id).unwrap().1.clone() };
    let (_, table) = tree.nodes.iter().find(|(_, n)| n.role() == Role::Table).expect("a table node");
    assert_eq!(table.label(), Some("Largest cities"));
    assert_eq!((table.row_count(), table.column_count()), (Some(4), Some(3)));
    let rows = table.children().to_vec();
    assert_eq!(tree.focus, rows[1], "the current row has focus");
    let focused = node(tree.focus);
    assert_eq!((focused.role(), focused.row_index()), (Role::Row, Some(1)));
    /// A cell as a screen reader gets it: role, row, column and name.
    type Cell = (Role, Option<usize>, Option<usize>, Option<String>);
    let cells = |row: NodeId| -> Vec<Cell> {
        node(row)
            .children()
            .iter()
            .map(|id| {
                let cell = node(*id);
                (cell.role(), cell.row_index(), cell.column_index(), cell.label().map(str::to_owned))
            })
            .collect()
    };
    let roles = |row| cells(row).into_iter().map(|(role, ..)| role).collect::<Vec<_>>();
    assert_eq!(roles(rows[0]), [Role::ColumnHeader; 3]);
    assert_eq!(roles(rows[1]), [Role::RowHeader, Role::Cell, Role::Cell]);
    assert_eq!(cells(rows[2])[1], (Role::Cell, Some(2), Some(1), Some("Los Ángeles".into())));
    // The Spanish name is a text run in Spanish inside its cell.
    let city = node(node(rows[2]).children()[1]);
    let run = node(city.children()[0]);
    assert_eq!((run.role(), run.value(), run.language()), (Role::TextRun, Some("Los Ángeles"), Some("es")));

    // Down moves to the next row: the focus moves to its row node, in the same table.
    key(&mut app, Key::Down);
    assert_eq!(reader_text(&app), "2 | Los Ángeles | 3,794,640");
    assert_eq!(app.accessibility_tree().focus, rows[2]);

    // A screen reader's table navigation moves focus to another row: the reader follows.
    let request =
        |action, target_node| ActionRequest { action, target_tree: tree.tree_id, target_node, data: None };
    let _ = app.update(Message::Accessibility(request(Action::Focus, rows[3])));
    assert_eq!(reader_text(&app), "3 | Chicago | 2,824,584");
    assert_eq!(app.accessibility_tree().focus, rows[3]);
    let _ = app.update(Message::Accessibility(request(Action::Focus, rows[0])));
    assert_eq!(reader_text(&app), "Rank | City | Population");

    // Activating the link in the last row (from the first) follows it; Alt+Left comes back
    // to the row that holds it.
    let now = app.accessibility_tree();
    let (link, _) = now.nodes.iter().find(|(_, n)| n.role() == Role::Link).expect("a link node in a cell");
    let _ = app.update(Message::Accessibility(request(Action::Click, *link)));
    assert_eq!(reader_text(&app), "Chicago lies on Lake Michigan.");
    press(&mut app, Chord { key: Key::Left, ctrl: false, shift: false, alt: true });
    assert_eq!(reader_text(&app), "3 | Chicago | 2,824,584");

    // Past the table, the text is a paragraph again, with no table around it.
    key(&mut app, Key::Down);
    assert_eq!(reader_text(&app), "Left | Right", "the next table is a table of its own");
    let next = app.accessibility_tree();
    let (_, table) = next.nodes.iter().find(|(_, n)| n.role() == Role::Table).unwrap();
    assert_eq!((table.label(), table.row_count()), (None, Some(1)));
    key(&mut app, Key::Down);
    let after = app.accessibility_tree();
    assert!(after.nodes.iter().all(|(_, n)| n.role() != Role::Table));
    assert_eq!(node_role(&after, after.focus), Role::Paragraph);
}

fn node_role(tree: &accesskit::TreeUpdate, id: accesskit::NodeId) -> accesskit::Role {
    tree.nodes.iter().find(|(i, _)| *i == id).unwrap().1.role()
}

/// While a talking book plays, the text follows the narration but the focus stays on the
/// window: a screen reader would otherwise read each paragraph aloud over the narrator (Orca
/// did). Paused, the focus is on the paragraph where it stopped.
#[test]
fn the_focus_does_not_follow_the_narration_while_it_plays() {
    let _turn = serial();
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with(home.path(), Some(returning_user()));
    opened(&mut app, "daisy202/dontworrybehappy");
    let root = |app: &App| app.accessibility_tree().tree.unwrap().root;
    let reading = app.accessibility_tree().focus;
    assert_ne!(reading, root(&app));
    press(&mut app, Chord::ctrl(Key::Char('p')));
    assert_eq!(app.status(), Some("Playing."));
    assert_eq!(app.accessibility_tree().focus, root(&app), "playing: the window has the focus");
    press(&mut app, Chord::ctrl(Key::Char('p')));
    assert_eq!(app.status(), Some("Paused."));
    let paused = app.accessibility_tree().focus;
    assert_ne!(paused, root(&app), "paused: the paragraph has the focus again");
}
