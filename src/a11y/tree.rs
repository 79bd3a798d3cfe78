//! Builds the AccessKit tree from a [`ScreenModel`] and the focus. The whole
//! tree is rebuilt on every change: shell screens have a few dozen nodes, so
//! this costs microseconds and can never drift from what is shown.

use super::control::{Control, ControlKind, ScreenModel, TextPart};
use accesskit::{Action, Node, NodeId, Role, Toggled, TreeId, TreeInfo, TreeUpdate};

mod table;

/// The root window node.
pub const ROOT_ID: NodeId = NodeId(1);
const TITLE_ID: NodeId = NodeId(2);
const NOTICE_ID: NodeId = NodeId(4);
const TEXT_BASE: u64 = 100;
/// Announcements get ids from here up to (not including) the controls' ids.
const ANNOUNCEMENT_BASE: u64 = 1_000;
const ANNOUNCEMENT_IDS: u64 = 60_000;

/// Stable node id for a control of the screen at stack depth `screen`
/// (FNV-1a of both; the low 8 bits are left for option nodes). A control
/// of a newly opened screen never reuses the node of one below it, so
/// moving to a new screen is always a focus change screen readers hear,
/// even when it focuses a control with the same id (a search field on a
/// page of search results, the first row of another list).
pub fn control_node_id(screen: u64, id: &str) -> NodeId {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in screen.to_le_bytes().into_iter().chain(id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    NodeId((hash >> 9 << 8) | 0x1_0000)
}

/// Node id of option `index` of the choice control `id`.
pub fn option_node_id(screen: u64, id: &str, index: usize) -> NodeId {
    let base = control_node_id(screen, id).0;
    NodeId(base + 1 + u64::try_from(index).unwrap_or(0).min(0xFE))
}

/// The node of a control. A text unit's node changes with the unit, so a
/// move through a book is a focus change screen readers announce.
pub fn node_of(screen: u64, control: &Control) -> NodeId {
    let base = control_node_id(screen, control.id.0);
    match &control.kind {
        ControlKind::TextUnit { position, .. } => unit_node(base, *position),
        _ => base,
    }
}

/// The node of the text unit at `position` of the text control whose node id is `base` (a
/// row of a table gets the node its unit would have, so moving by row is a focus change).
fn unit_node(base: NodeId, position: usize) -> NodeId {
    NodeId(base.0.wrapping_add((u64::try_from(position).unwrap_or(0) + 1) << 32))
}

/// The node that has focus when `control` is focused: the selected option
/// of a choice, otherwise the control itself.
pub fn focus_node(screen: u64, control: &Control) -> NodeId {
    match &control.kind {
        ControlKind::Choice { selected, .. } => option_node_id(screen, control.id.0, *selected),
        _ => node_of(screen, control),
    }
}

/// One result or problem reported in the status line. Each gets a live
/// node of its own, so screen readers announce it exactly once, even when
/// the same words come again ("where am I" twice at one place) or two
/// reports come between two updates of the tree ("Signed in." then
/// "Borrowing…").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// What is said.
    pub text: String,
    /// A problem: an assertive alert instead of a polite status.
    pub alert: bool,
    /// Which report it is (counts up; gives the node its id).
    pub serial: u64,
}

/// The node of an announcement.
pub fn announcement_node_id(serial: u64) -> NodeId {
    NodeId(ANNOUNCEMENT_BASE + serial % ANNOUNCEMENT_IDS)
}

/// What the tree shows besides the screen model.
#[derive(Debug, Clone, Copy)]
pub struct TreeContext<'a> {
    /// The window title.
    pub window_title: &'a str,
    /// Reports not yet in a tree, then the one the status line shows
    /// (oldest first); empty when the status line is.
    pub announcements: &'a [Announcement],
    /// A standing warning (speech unavailable, settings not saved), if any.
    pub notice: Option<&'a str>,
    /// The focused control's index.
    pub focus: Option<usize>,
    /// The screen's depth in the stack of open screens (see [`control_node_id`]).
    pub screen: u64,
}

/// The full tree for `model`.
pub fn build(model: &ScreenModel, cx: TreeContext<'_>) -> TreeUpdate {
    let mut nodes: Vec<(NodeId, Node)> = Vec::new();
    let mut children = vec![TITLE_ID];

    let mut title = Node::new(Role::Heading);
    title.set_level(1);
    title.set_label(model.title.clone());
    nodes.push((TITLE_ID, title));

    for (i, block) in model.text.iter().enumerate() {
        let id = NodeId(TEXT_BASE + u64::try_from(i).unwrap_or(0));
        let mut node = Node::new(if block.alert { Role::Alert } else { Role::Label });
        node.set_label(block.text.clone());
        children.push(id);
        nodes.push((id, node));
    }

    let mut list: Option<(NodeId, Vec<NodeId>)> = None;
    for control in &model.controls {
        if let ControlKind::TextUnit { table, language, .. } = &control.kind {
            // The reading view is a document: its text (the current unit, in text runs of
            // a sentence each) can be read by character, word and sentence. A table row is
            // shown in its whole table, the row focused.
            let document = control_node_id(cx.screen, control.id.0);
            let (id, made) = match table {
                Some(table) => {
                    let made = table::nodes(document, table, language.as_deref());
                    (made.id, made.nodes)
                }
                None => {
                    let (id, node, mut extra) = control_nodes(cx.screen, control);
                    extra.push((id, node));
                    (id, extra)
                }
            };
            let mut doc = Node::new(Role::Document);
            doc.set_label(model.title.clone());
            doc.set_children(vec![id]);
            flush_list(&mut list, &mut nodes, &mut children);
            children.push(document);
            nodes.push((document, doc));
            nodes.extend(made);
            continue;
        }
        let (id, node, extra) = control_nodes(cx.screen, control);
        nodes.extend(extra);
        if matches!(control.kind, ControlKind::ListItem { .. }) {
            let (_, items) = list.get_or_insert_with(|| (NodeId(id.0 ^ 0xFF), Vec::new()));
            items.push(id);
        } else {
            flush_list(&mut list, &mut nodes, &mut children);
            children.push(id);
        }
        nodes.push((id, node));
    }
    flush_list(&mut list, &mut nodes, &mut children);

    if let Some(notice) = cx.notice {
        let mut node = Node::new(Role::Alert);
        node.set_label(notice.to_owned());
        node.set_live(accesskit::Live::Assertive);
        children.push(NOTICE_ID);
        nodes.push((NOTICE_ID, node));
    }
    for said in cx.announcements {
        let id = announcement_node_id(said.serial);
        let mut node = Node::new(if said.alert { Role::Alert } else { Role::Status });
        node.set_label(said.text.clone());
        node.set_live(if said.alert { accesskit::Live::Assertive } else { accesskit::Live::Polite });
        children.push(id);
        nodes.push((id, node));
    }

    let mut root = Node::new(Role::Window);
    root.set_label(cx.window_title.to_owned());
    root.set_children(children);
    nodes.push((ROOT_ID, root));

    let focus = cx.focus.and_then(|i| model.controls.get(i)).map_or(ROOT_ID, |c| focus_node(cx.screen, c));

    let mut tree = TreeInfo::new(ROOT_ID);
    tree.toolkit_name = Some("iced".to_owned());
    tree.toolkit_version = Some("0.14".to_owned());
    TreeUpdate { nodes, tree: Some(tree), tree_id: TreeId::ROOT, focus }
}

/// Puts `said` (an announcement) before the description of node `target` in `update`, for a
/// screen reader that does not present announcements but presents description changes of
/// the focused element (Orca 43), the window included. Nothing when `target` is not in the
/// update.
pub fn describe(update: &mut TreeUpdate, target: NodeId, said: &str) {
    if let Some((_, node)) = update.nodes.iter_mut().find(|(id, _)| *id == target) {
        let description = match node.description() {
            Some(own) => format!("{said} {own}"),
            None => said.to_owned(),
        };
        node.set_description(description);
    }
}

fn flush_list(
    list: &mut Option<(NodeId, Vec<NodeId>)>,
    nodes: &mut Vec<(NodeId, Node)>,
    children: &mut Vec<NodeId>,
) {
    if let Some((id, items)) = list.take() {
        let mut node = Node::new(Role::List);
        node.set_children(items);
        children.push(id);
        nodes.push((id, node));
    }
}

/// The node id of text run `k` of the text unit node `unit`.
fn run_id(unit: NodeId, k: usize) -> NodeId {
    NodeId(unit.0.wrapping_add(1 + u64::try_from(k).unwrap_or(0)))
}

/// Most characters in one text run (AccessKit counts word starts in a byte).
const RUN_CHARACTERS: usize = 250;

/// A text unit's nodes: its children, every node made, and which link each link node is.
struct TextNodes {
    children: Vec<NodeId>,
    nodes: Vec<(NodeId, Node)>,
    links: Vec<(NodeId, usize)>,
}

/// A link of the book's text that a link node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkAt {
    /// The text unit it is in (as a text unit's `position`): the current one, or another row
    /// of the table the current one is a row of.
    pub unit: usize,
    /// Which of that unit's links it is (its index in the unit's links).
    pub link: usize,
}

/// Which link the node `target` is, when it is one of the link nodes of the text unit
/// `control` (or of its table) on the screen at depth `screen`.
pub fn link_at(screen: u64, control: &Control, target: NodeId) -> Option<LinkAt> {
    let ControlKind::TextUnit { languages, links, position, table, .. } = &control.kind else {
        return None;
    };
    if let Some(table) = table {
        let made = table::nodes(control_node_id(screen, control.id.0), table, None);
        return made
            .links
            .iter()
            .find(|(id, ..)| *id == target)
            .map(|&(_, unit, link)| LinkAt { unit, link });
    }
    let text = text_nodes(node_of(screen, control), &control.name, languages, links);
    text.links.iter().find(|(id, _)| *id == target).map(|(_, j)| LinkAt { unit: *position, link: *j })
}

/// Which text unit (as a text unit's `position`) the node `target` is, when it is a row of the
/// table the text unit `control` on the screen at depth `screen` is a row of.
pub fn row_at(screen: u64, control: &Control, target: NodeId) -> Option<usize> {
    let ControlKind::TextUnit { table: Some(table), .. } = &control.kind else { return None };
    let base = control_node_id(screen, control.id.0);
    table.rows.iter().map(|row| row.position).find(|position| unit_node(base, *position) == target)
}

/// `text` as AccessKit nodes under the unit node `unit`: text runs, one per sentence (cut at
/// 250 characters, and where a part in another language or a link starts or ends; a run
/// carries its part's language), each with its characters' lengths and where its words start,
/// so screen readers can move by character, word and sentence ("line") and read each part with
/// a voice for its language. The runs of a link are inside a link node. Returns the unit's
/// children and every node made.
fn text_nodes(
    unit: NodeId,
    text: &str,
    languages: &[(std::ops::Range<usize>, String)],
    links: &[(std::ops::Range<usize>, String)],
) -> TextNodes {
    use crate::listen::read_aloud::{sentences::sentences, words::words};
    let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
    let mut last = 0;
    for sentence in sentences(text) {
        // Spaces between sentences belong to the sentence before.
        if let Some(previous) = pieces.last_mut() {
            previous.end = sentence.start;
        } else if sentence.start > 0 {
            pieces.push(0..sentence.start);
        }
        pieces.push(sentence.clone());
        last = sentence.end;
    }
    if last < text.len() {
        match pieces.last_mut() {
            Some(previous) => previous.end = text.len(),
            None => pieces.push(0..text.len()),
        }
    }
    let cuts: Vec<&std::ops::Range<usize>> = languages.iter().chain(links).map(|(range, _)| range).collect();
    let (mut children, mut nodes, mut link_nodes) = (Vec::new(), Vec::new(), Vec::new());
    // The link node being filled: its index in `links` and in `nodes`.
    let mut open_link: Option<(usize, usize)> = None;
    for piece in pieces.into_iter().flat_map(|piece| split_at(piece, &cuts)) {
        let Some(chunk) = text.get(piece.clone()) else { continue };
        // The innermost part around the piece gives its language.
        let language = languages.iter().find(|(range, _)| range.contains(&piece.start)).map(|(_, l)| l);
        let link = links.iter().position(|(range, _)| range.contains(&piece.start));
        match (link, open_link) {
            (Some(j), Some((open, _))) if j == open => {}
            (Some(j), _) => {
                let link_id = run_id(unit, nodes.len());
                let mut node = Node::new(Role::Link);
                node.add_action(Action::Click);
                link_nodes.push((link_id, j));
                if let Some((range, target)) = links.get(j) {
                    node.set_label(text.get(range.clone()).unwrap_or_default().trim().to_owned());
                    node.set_url(target.clone());
                }
                children.push(link_id);
                open_link = Some((j, nodes.len()));
                nodes.push((link_id, node));
            }
            (None, _) => open_link = None,
        }
        let starts: Vec<usize> = chunk.char_indices().map(|(i, _)| i).collect();
        for block in starts.chunks(RUN_CHARACTERS) {
            let (Some(&from), Some(&to_last)) = (block.first(), block.last()) else { continue };
            let end = chunk
                .get(to_last..)
                .and_then(|r| r.chars().next())
                .map_or(to_last, |c| to_last + c.len_utf8());
            let Some(value) = chunk.get(from..end) else { continue };
            let lengths: Vec<u8> = value.chars().map(|c| u8::try_from(c.len_utf8()).unwrap_or(4)).collect();
            let char_at = |byte: usize| value.get(..byte).map_or(0, |s| s.chars().count());
            let word_starts: Vec<u8> =
                words(value).iter().filter_map(|w| u8::try_from(char_at(w.start)).ok()).collect();
            let mut run = Node::new(Role::TextRun);
            run.set_value(value.to_owned());
            run.set_character_lengths(lengths);
            run.set_word_starts(word_starts);
            if let Some(language) = language {
                run.set_language(language.clone());
            }
            let id = run_id(unit, nodes.len());
            match open_link.and_then(|(_, at)| nodes.get_mut(at)) {
                Some((_, link)) => link.push_child(id),
                None => children.push(id),
            }
            nodes.push((id, run));
        }
    }
    TextNodes { children, nodes, links: link_nodes }
}

/// `piece` cut where one of `parts` (in another language, or a link) starts or ends inside it.
fn split_at(piece: std::ops::Range<usize>, parts: &[&std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut cuts: Vec<usize> = parts
        .iter()
        .flat_map(|range| [range.start, range.end])
        .filter(|cut| piece.start < *cut && *cut < piece.end)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut from = piece.start;
    let mut out = Vec::with_capacity(cuts.len() + 1);
    for cut in cuts.into_iter().chain([piece.end]) {
        out.push(from..cut);
        from = cut;
    }
    out
}

fn control_nodes(screen: u64, control: &Control) -> (NodeId, Node, Vec<(NodeId, Node)>) {
    let id = node_of(screen, control);
    let mut extra = Vec::new();
    let mut node = match &control.kind {
        ControlKind::Button => {
            let mut n = Node::new(Role::Button);
            n.add_action(Action::Click);
            n
        }
        ControlKind::Toggle { on } => {
            let mut n = Node::new(Role::CheckBox);
            n.set_toggled(if *on { Toggled::True } else { Toggled::False });
            n.add_action(Action::Click);
            n
        }
        ControlKind::Slider { value, min, max, step, value_text } => {
            let mut n = Node::new(Role::Slider);
            n.set_numeric_value(f64::from(*value));
            n.set_min_numeric_value(f64::from(*min));
            n.set_max_numeric_value(f64::from(*max));
            n.set_numeric_value_step(f64::from(*step));
            n.set_value(value_text.clone());
            n.add_action(Action::Increment);
            n.add_action(Action::Decrement);
            n.add_action(Action::SetValue);
            n
        }
        ControlKind::Choice { options, selected } => {
            let mut n = Node::new(Role::RadioGroup);
            let mut kids = Vec::new();
            for (j, option) in options.iter().enumerate() {
                let oid = option_node_id(screen, control.id.0, j);
                let mut o = Node::new(Role::RadioButton);
                o.set_label(option.clone());
                o.set_toggled(if j == *selected { Toggled::True } else { Toggled::False });
                o.set_position_in_set(j + 1);
                o.set_size_of_set(options.len());
                o.add_action(Action::Click);
                o.add_action(Action::Focus);
                kids.push(oid);
                extra.push((oid, o));
            }
            n.set_children(kids);
            n
        }
        ControlKind::Progress { percent, value_text } => {
            let mut n = Node::new(Role::ProgressIndicator);
            n.set_min_numeric_value(0.0);
            n.set_max_numeric_value(100.0);
            // Without a known total the bar is indeterminate: no numeric value.
            if let Some(percent) = percent {
                n.set_numeric_value(f64::from(*percent));
            }
            n.set_value(value_text.clone());
            n
        }
        ControlKind::TextField { value, secret } => {
            let mut n = Node::new(if *secret { Role::PasswordInput } else { Role::TextInput });
            if !*secret {
                n.set_value(value.clone());
            }
            n
        }
        ControlKind::TextUnit { heading, language, part, languages, links, .. } => {
            let role = match (heading, part) {
                (Some(_), _) => Role::Heading,
                (None, TextPart::Text) => Role::Paragraph,
                (None, TextPart::Image) => Role::Image,
                (None, TextPart::PageBreak) => Role::DocPageBreak,
                (None, TextPart::Note) => Role::DocFootnote,
                (None, TextPart::Sidebar) => Role::Complementary,
                (None, TextPart::ProductionNote) => Role::Note,
            };
            let mut n = Node::new(role);
            if let Some(level) = heading {
                n.set_level(usize::from(*level));
            }
            if let Some(language) = language {
                n.set_language(language.clone());
            }
            let text = text_nodes(id, &control.name, languages, links);
            n.set_children(text.children);
            extra.extend(text.nodes);
            n.set_value(control.name.clone());
            n
        }
        ControlKind::ListItem { position, count } => {
            let mut n = Node::new(Role::ListItem);
            n.set_position_in_set(*position);
            n.set_size_of_set(*count);
            n.add_action(Action::Click);
            n
        }
    };
    node.set_label(control.name.clone());
    if let Some(d) = &control.description {
        node.set_description(d.clone());
    }
    // A radio group takes focus through its options, not itself.
    if !matches!(control.kind, ControlKind::Choice { .. }) {
        node.add_action(Action::Focus);
    }
    (id, node, extra)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::a11y::control::{Control, TextBlock};

    type Parts = Vec<(std::ops::Range<usize>, String)>;

    /// The reader's book text: `name` in `language`, with parts in other languages and links.
    fn book_text(name: &str, language: Option<&str>, languages: Parts, links: Parts) -> Control {
        Control {
            id: crate::a11y::ControlId("reader.text"),
            name: name.into(),
            description: None,
            kind: ControlKind::TextUnit {
                heading: None,
                position: 0,
                language: language.map(str::to_owned),
                part: TextPart::Text,
                languages,
                links,
                table: None,
            },
        }
    }

    #[test]
    fn book_text_carries_its_language() {
        let mut control = book_text("草枕", Some("ja"), Vec::new(), Vec::new());
        if let ControlKind::TextUnit { heading, position, .. } = &mut control.kind {
            (*heading, *position) = (Some(1), 3);
        }
        let (_, node, _) = control_nodes(1, &control);
        assert_eq!((node.role(), node.level(), node.language()), (Role::Heading, Some(1), Some("ja")));
    }

    #[test]
    fn book_text_is_in_text_runs_of_a_sentence_with_their_words() {
        let control = book_text("The cat sat. It purred! 吾輩は猫である。", None, Vec::new(), Vec::new());
        let (id, node, extra) = control_nodes(1, &control);
        let values: Vec<&str> = extra.iter().filter_map(|(_, n)| n.value()).collect();
        assert_eq!(values, ["The cat sat. ", "It purred! ", "吾輩は猫である。"]);
        assert_eq!(node.children(), &[run_id(id, 0), run_id(id, 1), run_id(id, 2)]);
        let first = &extra[0].1;
        assert_eq!(first.character_lengths().len(), 13);
        assert_eq!(first.word_starts(), &[0, 4, 8]);
        let japanese = &extra[2].1;
        assert_eq!(japanese.character_lengths(), &[3; 8]);
        assert_eq!(japanese.word_starts(), &[0, 3]);
        // The sum of the runs is the text, and the reader's view is a document around it.
        assert_eq!(values.concat(), control.name);
        let model = ScreenModel { title: "草枕".into(), text: vec![], controls: vec![control] };
        let update = build(&model, context(Some(0)));
        let document = update.nodes.iter().find(|(_, n)| n.role() == Role::Document).unwrap();
        assert_eq!((document.1.label(), document.1.children()), (Some("草枕"), &[id][..]));
    }

    #[test]
    fn a_part_in_another_language_is_a_run_of_its_own_in_that_language() {
        let name = "彼は「Good morning, mon ami」と言った。次へ。";
        let (en_start, fr_start) = (name.find("Good").unwrap(), name.find("mon").unwrap());
        let en_end = name.find("」").unwrap();
        let languages = vec![(fr_start..en_end, "fr".into()), (en_start..en_end, "en".into())];
        let control = book_text(name, Some("ja"), languages, Vec::new());
        let (_, node, extra) = control_nodes(1, &control);
        let runs: Vec<(&str, Option<&str>)> =
            extra.iter().map(|(_, n)| (n.value().unwrap(), n.language())).collect();
        assert_eq!(
            runs,
            [
                ("彼は「", None),
                ("Good morning, ", Some("en")),
                ("mon ami", Some("fr")),
                ("」と言った。", None),
                ("次へ。", None),
            ]
        );
        // The runs still make up the whole text, and the rest is in the unit's language.
        assert_eq!(runs.iter().map(|(v, _)| *v).collect::<String>(), name);
        assert_eq!(node.language(), Some("ja"));
    }

    #[test]
    fn a_link_is_a_link_node_around_its_text_runs() {
        let name = "See chapter two. Now and note 4.";
        let chapter = name.find("chapter").unwrap()..name.find(" Now").unwrap();
        let note = name.find('4').unwrap()..name.find('4').unwrap() + 1;
        let links = vec![(chapter, "OPS/ch2.xhtml".into()), (note, "OPS/c.xhtml#n4".into())];
        let control = book_text(name, None, Vec::new(), links);
        let (_, node, extra) = control_nodes(1, &control);
        let find = |id: &NodeId| &extra.iter().find(|(i, _)| i == id).unwrap().1;
        let top: Vec<(Role, String)> = node
            .children()
            .iter()
            .map(|id| {
                let n = find(id);
                (n.role(), n.value().or(n.label()).unwrap_or_default().to_owned())
            })
            .collect();
        assert_eq!(
            top,
            [
                (Role::TextRun, "See ".into()),
                (Role::Link, "chapter two.".into()),
                (Role::TextRun, " ".into()),
                (Role::TextRun, "Now and note ".into()),
                (Role::Link, "4".into()),
                (Role::TextRun, ".".into()),
            ]
        );
        // A link across a sentence end holds both runs; it says where it leads.
        let link = find(&node.children()[1]);
        let inside: Vec<&str> = link.children().iter().map(|id| find(id).value().unwrap()).collect();
        assert_eq!(inside, ["chapter two."]);
        assert_eq!(link.url(), Some("OPS/ch2.xhtml"));
        // A screen reader can activate it, and the app knows which link it is.
        assert!(link.supports_action(Action::Click));
        assert_eq!(link_at(1, &control, node.children()[1]), Some(LinkAt { unit: 0, link: 0 }));
        assert_eq!(link_at(1, &control, node.children()[4]), Some(LinkAt { unit: 0, link: 1 }));
        assert_eq!(link_at(1, &control, node.children()[0]), None, "a plain run is no link");
        // Every run, in order, still makes up the whole text.
        let runs: String = extra
            .iter()
            .filter(|(_, n)| n.role() == Role::TextRun)
            .map(|(_, n)| n.value().unwrap())
            .collect();
        assert_eq!(runs, name);
    }

    fn model() -> ScreenModel {
        ScreenModel {
            title: "Settings".into(),
            text: vec![TextBlock { text: "Choose".into(), alert: false }],
            controls: vec![
                Control::button("s.back", "Back".into()),
                Control {
                    id: crate::a11y::ControlId("s.theme"),
                    name: "Theme".into(),
                    description: None,
                    kind: ControlKind::Choice { options: vec!["Light".into(), "Dark".into()], selected: 1 },
                },
                Control {
                    id: crate::a11y::ControlId("s.item1"),
                    name: "F1".into(),
                    description: None,
                    kind: ControlKind::ListItem { position: 1, count: 2 },
                },
                Control {
                    id: crate::a11y::ControlId("s.item2"),
                    name: "Esc".into(),
                    description: None,
                    kind: ControlKind::ListItem { position: 2, count: 2 },
                },
            ],
        }
    }

    fn context(focus: Option<usize>) -> TreeContext<'static> {
        TreeContext { window_title: "T", announcements: &[], notice: None, focus, screen: 1 }
    }

    fn said(text: &str, alert: bool, serial: u64) -> Announcement {
        Announcement { text: text.into(), alert, serial }
    }

    fn node(update: &TreeUpdate, id: NodeId) -> &Node {
        &update.nodes.iter().find(|(i, _)| *i == id).unwrap().1
    }

    #[test]
    fn every_node_but_the_root_has_exactly_one_parent() {
        let update = build(
            &model(),
            TreeContext {
                window_title: "T",
                announcements: &[said("Saved", false, 1), said("Not found", true, 2)],
                notice: Some("No speech"),
                focus: Some(0),
                screen: 1,
            },
        );
        let mut parents = std::collections::HashMap::new();
        for (id, n) in &update.nodes {
            for child in n.children() {
                *parents.entry(*child).or_insert(0) += 1;
                assert!(update.nodes.iter().any(|(i, _)| i == child), "dangling child {child:?} of {id:?}");
            }
        }
        for (id, _) in &update.nodes {
            let want = usize::from(*id != ROOT_ID);
            assert_eq!(parents.get(id).copied().unwrap_or(0), want, "{id:?}");
        }
    }

    #[test]
    fn focus_on_a_choice_lands_on_its_selected_option() {
        let update = build(&model(), context(Some(1)));
        assert_eq!(update.focus, option_node_id(1, "s.theme", 1));
        let option = node(&update, update.focus);
        assert_eq!(option.role(), Role::RadioButton);
        assert_eq!(option.label(), Some("Dark"));
        assert_eq!(option.toggled(), Some(Toggled::True));
    }

    #[test]
    fn list_items_are_grouped_in_one_list() {
        let update = build(&model(), context(None));
        let lists: Vec<_> = update.nodes.iter().filter(|(_, n)| n.role() == Role::List).collect();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].1.children().len(), 2);
    }

    #[test]
    fn node_ids_are_stable_and_distinct() {
        assert_eq!(control_node_id(1, "a.b"), control_node_id(1, "a.b"));
        assert_ne!(control_node_id(1, "a.b"), control_node_id(1, "a.c"));
        assert_ne!(option_node_id(1, "a.b", 0), control_node_id(1, "a.b"));
        assert!(control_node_id(1, "a.b").0 > ANNOUNCEMENT_BASE + ANNOUNCEMENT_IDS);
    }

    /// Regression: a search results page focused its search field with the
    /// node of the page below, so screen readers heard nothing at all.
    #[test]
    fn the_same_control_on_a_new_screen_is_a_new_node() {
        let search = Control {
            id: crate::a11y::ControlId("catalog.query"),
            name: "Search".into(),
            description: None,
            kind: ControlKind::TextField { value: String::new(), secret: false },
        };
        let screen = ScreenModel { title: "Catalog".into(), text: Vec::new(), controls: vec![search] };
        let below = build(&screen, context(Some(0)));
        let above = build(&screen, TreeContext { screen: 2, ..context(Some(0)) });
        assert_ne!(below.focus, above.focus);
        assert_eq!(below.focus, build(&screen, context(Some(0))).focus, "stable while the screen stays");
    }

    /// Regression: problems were polite status messages; the same words
    /// reported twice were not announced the second time; and of two reports
    /// between two updates only the last reached the tree.
    #[test]
    fn each_report_is_a_live_node_of_its_own_and_problems_are_alerts() {
        let first = said("Page 3", false, 7);
        let again = said("Page 3", false, 8);
        let problem = said("Wrong PIN", true, 9);
        let announcements = [first.clone(), again.clone(), problem.clone()];
        let update = build(&model(), TreeContext { announcements: &announcements, ..context(None) });
        let ids: Vec<_> = announcements.iter().map(|a| announcement_node_id(a.serial)).collect();
        assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 3);
        let root = node(&update, ROOT_ID);
        assert!(ids.iter().all(|id| root.children().contains(id)));
        let status = node(&update, ids[0]);
        assert_eq!((status.role(), status.live()), (Role::Status, Some(accesskit::Live::Polite)));
        assert_eq!(status.label(), Some("Page 3"));
        let alert = node(&update, ids[2]);
        assert_eq!((alert.role(), alert.live()), (Role::Alert, Some(accesskit::Live::Assertive)));
        assert_eq!(alert.label(), Some("Wrong PIN"));
    }

    /// For a screen reader that does not present announcements (Orca 43), one goes before the
    /// focused element's description (the window's too).
    #[test]
    fn an_announcement_goes_before_a_description() {
        let mut update = build(&model(), context(Some(0)));
        let target = update.focus;
        let own = node(&update, target).description().map(str::to_owned);
        describe(&mut update, target, "4 books");
        let expected = own.map_or_else(|| "4 books".to_owned(), |own| format!("4 books {own}"));
        assert_eq!(node(&update, target).description(), Some(expected.as_str()));
        describe(&mut update, ROOT_ID, "Playing.");
        assert_eq!(node(&update, ROOT_ID).description(), Some("Playing."));
    }
}
