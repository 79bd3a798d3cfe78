//! A book table as AccessKit nodes: a table of rows of cells (header cells as column or row
//! headers), each cell's text in text runs like any other text of the book, so screen readers
//! offer their table commands (row and column, header announcement) on it.

use super::{text_nodes, unit_node};
use crate::a11y::control::{Table, TableRow};
use accesskit::{Action, Node, NodeId, Role};
use std::ops::Range;

/// Most columns given nodes. A cell's node id is its row's plus its column in the bits below
/// the ones that tell units apart (the table's own id is above them all), so ids never meet.
const MAX_COLUMNS: usize = 0x7FE;

/// Below this bit of a row's node id are its cells and their runs; the table is at it.
const TABLE_BIT: u64 = 1 << 31;

/// A table's nodes: its own id, every node made, and the link nodes in its cells, each with
/// the position of its row's unit and its index in that row's links.
pub(super) struct TableNodes {
    pub id: NodeId,
    pub nodes: Vec<(NodeId, Node)>,
    pub links: Vec<(NodeId, usize, usize)>,
}

/// The node of cell `column` of the row whose node is `row`.
fn cell_id(row: NodeId, column: usize) -> NodeId {
    NodeId(row.0.wrapping_add((u64::try_from(column).unwrap_or(0) + 1) << 20))
}

/// `table` as nodes, its rows getting the node their units would have under the text
/// control whose node is `base` (so the current row is the focused node), in `language`.
pub(super) fn nodes(base: NodeId, table: &Table, language: Option<&str>) -> TableNodes {
    let first = table.rows.first().map_or(base, |row| unit_node(base, row.position));
    let id = NodeId(first.0.wrapping_add(TABLE_BIT));
    let mut nodes = Vec::new();
    let mut links = Vec::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    for (index, row) in table.rows.iter().enumerate() {
        let row_id = unit_node(base, row.position);
        let mut node = Node::new(Role::Row);
        node.set_row_index(index);
        node.set_label(row.text.clone());
        // A screen reader may move focus to another row: the reader then moves there.
        node.add_action(Action::Focus);
        let mut cells = Vec::with_capacity(row.cells.len());
        for (column, (range, header)) in row.cells.iter().enumerate().take(MAX_COLUMNS) {
            let cell = cell_nodes(row_id, row, index, column, (range, *header));
            links.extend(cell.links.into_iter().map(|(link, j)| (link, row.position, j)));
            cells.push(cell.id);
            nodes.extend(cell.nodes);
        }
        node.set_children(cells);
        rows.push(row_id);
        nodes.push((row_id, node));
    }
    let columns = table.rows.iter().map(|row| row.cells.len().min(MAX_COLUMNS)).max().unwrap_or(0);
    let mut node = Node::new(Role::Table);
    if let Some(caption) = &table.caption {
        node.set_label(caption.clone());
    }
    if let Some(language) = language {
        node.set_language(language.to_owned());
    }
    node.set_row_count(rows.len());
    node.set_column_count(columns);
    node.set_children(rows);
    nodes.push((id, node));
    TableNodes { id, nodes, links }
}

/// One cell's nodes, its own first.
struct CellNodes {
    id: NodeId,
    nodes: Vec<(NodeId, Node)>,
    /// Its link nodes, each with its index in the row's links.
    links: Vec<(NodeId, usize)>,
}

/// Cell `column` of `row` (row `index` of its table): a header in a row of headers heads its
/// column; one among data cells heads its row.
fn cell_nodes(
    row_id: NodeId,
    row: &TableRow,
    index: usize,
    column: usize,
    (range, header): (&Range<usize>, bool),
) -> CellNodes {
    let id = cell_id(row_id, column);
    let role = match (header, row.cells.iter().all(|(_, h)| *h)) {
        (false, _) => Role::Cell,
        (true, true) => Role::ColumnHeader,
        (true, false) => Role::RowHeader,
    };
    let mut node = Node::new(role);
    node.set_row_index(index);
    node.set_column_index(column);
    let text = row.text.get(range.clone()).unwrap_or_default();
    if !text.trim().is_empty() {
        node.set_label(text.trim().to_owned());
    }
    // The cell's parts in another language and its links, as ranges of the cell's text.
    let inside = |parts: &[(Range<usize>, String)]| -> Vec<(usize, (Range<usize>, String))> {
        parts
            .iter()
            .enumerate()
            .filter(|(_, (part, _))| range.start <= part.start && part.end <= range.end)
            .map(|(j, (part, what))| (j, (part.start - range.start..part.end - range.start, what.clone())))
            .collect()
    };
    let languages: Vec<_> = inside(&row.languages).into_iter().map(|(_, part)| part).collect();
    let (numbers, links): (Vec<usize>, Vec<_>) = inside(&row.links).into_iter().unzip();
    let text = text_nodes(id, text, &languages, &links);
    node.set_children(text.children);
    let links = text.links.into_iter().filter_map(|(link, k)| Some((link, *numbers.get(k)?))).collect();
    let mut nodes = text.nodes;
    nodes.push((id, node));
    CellNodes { id, nodes, links }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::super::{LinkAt, TreeContext, build, control_node_id, link_at, row_at};
    use super::*;
    use crate::a11y::control::{Control, ControlKind, ScreenModel, TextPart};
    use accesskit::TreeUpdate;

    /// A row of `cells` (header or not) joined as the reader joins them, at unit `position`.
    fn row(position: usize, cells: &[(&str, bool)]) -> TableRow {
        let mut text = String::new();
        let mut ranges = Vec::new();
        for (i, (cell, header)) in cells.iter().enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            ranges.push((text.len()..text.len() + cell.len(), *header));
            text.push_str(cell);
        }
        TableRow { position, text, cells: ranges, ..TableRow::default() }
    }

    /// The reader on unit 11, the second row of a table of cities with a caption (unit 9):
    /// a header row, then rows headed by their rank; a city in Spanish, another a link.
    fn reader_in_a_table() -> (ScreenModel, Table) {
        let mut rows = vec![
            row(10, &[("Rank", true), ("City", true), ("Population", true)]),
            row(11, &[("1", true), ("Los Ángeles", false), ("3,794,640", false)]),
            row(12, &[("2", true), ("Chicago", false), ("2,824,584", false)]),
        ];
        let spanish = rows[1].text.find("Los").unwrap();
        rows[1].languages = vec![(spanish..spanish + "Los Ángeles".len(), "es".into())];
        let chicago = rows[2].text.find("Chicago").unwrap();
        rows[2].links = vec![(chicago..chicago + "Chicago".len(), "c.xhtml#chicago".into())];
        let table = Table { caption: Some("Largest cities".into()), rows };
        let current = table.rows[1].clone();
        let control = Control {
            id: crate::a11y::ControlId("reader.text"),
            name: current.text,
            description: None,
            kind: ControlKind::TextUnit {
                heading: None,
                position: current.position,
                language: Some("en".into()),
                part: TextPart::Text,
                languages: current.languages,
                links: current.links,
                table: Some(table.clone()),
            },
        };
        (ScreenModel { title: "Cities".into(), text: Vec::new(), controls: vec![control] }, table)
    }

    fn tree(model: &ScreenModel) -> TreeUpdate {
        let cx =
            TreeContext { window_title: "T", announcements: &[], notice: None, focus: Some(0), screen: 1 };
        build(model, cx)
    }

    fn find(update: &TreeUpdate, id: NodeId) -> &Node {
        &update.nodes.iter().find(|(i, _)| *i == id).unwrap().1
    }

    /// The text of a node's text runs, in order, however deep.
    fn text_of(update: &TreeUpdate, id: NodeId) -> String {
        let node = find(update, id);
        match node.value().filter(|_| node.role() == Role::TextRun) {
            Some(value) => value.to_owned(),
            None => node.children().iter().map(|child| text_of(update, *child)).collect(),
        }
    }

    #[test]
    fn a_table_row_is_a_row_of_cells_in_its_whole_table() {
        let (model, _) = reader_in_a_table();
        let update = tree(&model);
        // The document holds the table, named by its caption, with its size.
        let document = find(&update, control_node_id(1, "reader.text"));
        assert_eq!(document.children().len(), 1);
        let table = find(&update, document.children()[0]);
        assert_eq!(table.role(), Role::Table);
        assert_eq!(table.label(), Some("Largest cities"));
        assert_eq!((table.row_count(), table.column_count()), (Some(3), Some(3)));
        assert_eq!(table.language(), Some("en"));
        // Rows in order with their indices; focus is on the current row.
        let rows: Vec<&Node> = table.children().iter().map(|id| find(&update, *id)).collect();
        assert!(rows.iter().all(|row| row.role() == Role::Row));
        assert_eq!(rows.iter().map(|row| row.row_index()).collect::<Vec<_>>(), [Some(0), Some(1), Some(2)]);
        assert_eq!(update.focus, table.children()[1]);
        assert_eq!(rows[1].label(), Some("1 | Los Ángeles | 3,794,640"));
        assert!(rows[2].supports_action(Action::Focus));
        // Cells: headers of columns in the header row, of rows among data cells.
        /// A cell as a screen reader gets it: role, row, column and text.
        type Cell = (Role, Option<usize>, Option<usize>, String);
        let cells = |r: usize| -> Vec<Cell> {
            rows[r]
                .children()
                .iter()
                .map(|id| {
                    let cell = find(&update, *id);
                    (cell.role(), cell.row_index(), cell.column_index(), text_of(&update, *id))
                })
                .collect()
        };
        assert_eq!(
            cells(0),
            [
                (Role::ColumnHeader, Some(0), Some(0), "Rank".into()),
                (Role::ColumnHeader, Some(0), Some(1), "City".into()),
                (Role::ColumnHeader, Some(0), Some(2), "Population".into()),
            ]
        );
        assert_eq!(
            cells(2),
            [
                (Role::RowHeader, Some(2), Some(0), "2".into()),
                (Role::Cell, Some(2), Some(1), "Chicago".into()),
                (Role::Cell, Some(2), Some(2), "2,824,584".into()),
            ]
        );
        // A cell's text is in text runs with their characters and words; a part in another
        // language is a run in that language.
        let city = find(&update, rows[1].children()[1]);
        assert_eq!(city.label(), Some("Los Ángeles"));
        let run = find(&update, city.children()[0]);
        assert_eq!(
            (run.role(), run.value(), run.language()),
            (Role::TextRun, Some("Los Ángeles"), Some("es"))
        );
        assert_eq!(run.character_lengths().len(), "Los Ángeles".chars().count());
        assert_eq!(run.word_starts(), &[0, 4]);
    }

    #[test]
    fn links_and_rows_of_a_table_are_known_to_the_app() {
        let (model, table) = reader_in_a_table();
        let update = tree(&model);
        let control = &model.controls[0];
        let link = update.nodes.iter().find(|(_, n)| n.role() == Role::Link).unwrap();
        assert_eq!((link.1.label(), link.1.url()), (Some("Chicago"), Some("c.xhtml#chicago")));
        assert_eq!(text_of(&update, link.0), "Chicago");
        // The link is in another row than the current one: the app learns which row and link.
        assert_eq!(link_at(1, control, link.0), Some(LinkAt { unit: 12, link: 0 }));
        // A row node is the row's unit; a cell or the table is no row.
        let table_node = update.nodes.iter().find(|(_, n)| n.role() == Role::Table).unwrap();
        let rows = table_node.1.children();
        assert_eq!(row_at(1, control, rows[2]), Some(table.rows[2].position));
        assert_eq!(row_at(1, control, rows[1]), Some(11));
        assert_eq!(row_at(1, control, table_node.0), None);
        assert_eq!(row_at(1, control, find(&update, rows[0]).children()[0]), None);
    }

    #[test]
    fn every_node_of_a_table_has_one_parent_and_a_distinct_id() {
        let (model, _) = reader_in_a_table();
        let update = tree(&model);
        let mut parents = std::collections::HashMap::new();
        for (_, node) in &update.nodes {
            for child in node.children() {
                *parents.entry(*child).or_insert(0) += 1;
            }
        }
        let ids: std::collections::HashSet<NodeId> = update.nodes.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), update.nodes.len(), "ids are distinct");
        for (id, _) in &update.nodes {
            let want = usize::from(*id != super::super::ROOT_ID);
            assert_eq!(parents.get(id).copied().unwrap_or(0), want, "{id:?}");
        }
    }
}
