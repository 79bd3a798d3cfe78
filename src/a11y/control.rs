//! What a screen offers, as data: its title, its text and its controls in
//! tab order. This one description feeds the view, the keyboard handling,
//! the self-voicing announcer and the accessibility tree.

use crate::commands::Key;

/// A stable identifier of a control within its screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ControlId(pub &'static str);

/// How many rows a list screen can give stable ids to.
pub const MAX_ROWS: usize = 512;

/// The id of row `index` of a list screen ("row.0", "row.1", …), interned
/// once so ids stay `'static`; `None` past [`MAX_ROWS`].
pub fn row_id(index: usize) -> Option<ControlId> {
    static IDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        (0..MAX_ROWS).map(|i| &*Box::leak(format!("row.{i}").into_boxed_str())).collect()
    });
    IDS.get(index).copied().map(ControlId)
}

/// What part of a book a text unit is, for its accessible role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextPart {
    /// Running text (paragraphs, list items, table rows).
    #[default]
    Text,
    /// A picture, named by its alternative text.
    Image,
    /// A print page break.
    PageBreak,
    /// A footnote or endnote.
    Note,
    /// A sidebar.
    Sidebar,
    /// A producer's note.
    ProductionNote,
}

/// What kind of control it is, with its current state.
#[derive(Debug, Clone, PartialEq)]
pub enum ControlKind {
    /// A push button.
    Button,
    /// An on/off switch.
    Toggle {
        /// Whether it is on.
        on: bool,
    },
    /// A value in a range.
    Slider {
        /// Current value.
        value: i32,
        /// Lowest value.
        min: i32,
        /// Highest value.
        max: i32,
        /// One step.
        step: i32,
        /// The value as said and shown ("200 percent").
        value_text: String,
    },
    /// One choice among options (a radio group).
    Choice {
        /// The options' names.
        options: Vec<String>,
        /// The chosen option.
        selected: usize,
    },
    /// A piece of a book's text (the reader's focus): a heading of this
    /// level, or body text when `heading` is `None`. Its screen moves it.
    TextUnit {
        /// The heading level, if it is a heading.
        heading: Option<u8>,
        /// Which unit of the book it is (each gets its own accessible node,
        /// so screen readers announce every move).
        position: usize,
        /// Its language (BCP 47), so screen readers read it with a voice for it.
        language: Option<String>,
        /// What part of the book it is (when not a heading).
        part: TextPart,
        /// Parts of its text in another language: byte ranges of the name with their
        /// BCP 47 tags, innermost first.
        languages: Vec<(std::ops::Range<usize>, String)>,
        /// Its links and note references: byte ranges of the name with where they lead.
        links: Vec<(std::ops::Range<usize>, String)>,
        /// The table it is a row of, whole (`None` when it is no table row): screen readers
        /// get the table, and this unit is the row that has focus.
        table: Option<Table>,
    },
    /// A one-line text field. While it has focus, typed keys edit it;
    /// Enter submits; Tab leaves.
    TextField {
        /// The text typed so far.
        value: String,
        /// Whether the text is hidden (a PIN).
        secret: bool,
    },
    /// An item of a list; arrows move between neighbouring items.
    ListItem {
        /// 1-based position in the list.
        position: usize,
        /// Number of items in the list.
        count: usize,
    },
    /// How far a long task has got (a download): read-only.
    Progress {
        /// Percent done, when the total is known.
        percent: Option<u8>,
        /// The value as said and shown ("45 percent, 1.2 of 2.6 MB").
        value_text: String,
    },
}

/// A table of a book, for screen readers to move through by row and column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Its caption (the table's accessible name), if it has one.
    pub caption: Option<String>,
    /// Its rows, in order.
    pub rows: Vec<TableRow>,
}

/// One row of a [`Table`]: a text unit of its own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRow {
    /// Which unit of the book it is (as a text unit's `position`).
    pub position: usize,
    /// Its text: the cells in reading order.
    pub text: String,
    /// Its cells: byte ranges of `text`, each with whether it is a header cell.
    pub cells: Vec<(std::ops::Range<usize>, bool)>,
    /// Parts in another language: byte ranges of `text` with their BCP 47 tags, innermost first.
    pub languages: Vec<(std::ops::Range<usize>, String)>,
    /// Its links: byte ranges of `text` with where they lead.
    pub links: Vec<(std::ops::Range<usize>, String)>,
}

/// One focusable element.
#[derive(Debug, Clone, PartialEq)]
pub struct Control {
    /// Stable identifier.
    pub id: ControlId,
    /// Accessible name, translated.
    pub name: String,
    /// Longer help, translated.
    pub description: Option<String>,
    /// Kind and state.
    pub kind: ControlKind,
}

impl Control {
    /// A push button.
    pub fn button(id: &'static str, name: String) -> Self {
        Self { id: ControlId(id), name, description: None, kind: ControlKind::Button }
    }

    /// Adds a description.
    pub fn described(mut self, description: String) -> Self {
        self.description = Some(description);
        self
    }
}

/// A paragraph of non-interactive text on a screen.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// The text.
    pub text: String,
    /// Whether it is an alert (shown in the alert colour, announced).
    pub alert: bool,
}

/// Everything a screen shows, in reading order: title, text, then controls.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenModel {
    /// The screen's title (a level-1 heading).
    pub title: String,
    /// Text shown above the controls.
    pub text: Vec<TextBlock>,
    /// Focusable controls, in tab order.
    pub controls: Vec<Control>,
}

impl ScreenModel {
    /// The index of the control with `id`.
    pub fn index_of(&self, id: ControlId) -> Option<usize> {
        self.controls.iter().position(|c| c.id == id)
    }
}

/// What a key or click does to a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Press the button / flip the toggle.
    Activate,
    /// Move the value or choice by this many steps.
    Step(i32),
    /// Go to the lowest value / first option.
    First,
    /// Go to the highest value / last option.
    Last,
    /// Choose this option, or set the slider to this value.
    Set(i32),
}

/// What a key does when a control has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEffect {
    /// Change the control.
    Input(Input),
    /// Move focus by this many controls (arrows inside lists and forms).
    MoveFocus(i32),
    /// Move focus to the first or last item of the current list.
    ListEdge {
        /// `true` for the last item.
        last: bool,
    },
}

/// How an unmodified key acts on a control of this kind.
pub fn key_effect(kind: &ControlKind, key: Key) -> Option<KeyEffect> {
    use KeyEffect::{Input as I, ListEdge, MoveFocus};
    match (kind, key) {
        (ControlKind::Button | ControlKind::ListItem { .. }, Key::Enter | Key::Space)
        | (ControlKind::Toggle { .. }, Key::Enter | Key::Space) => Some(I(Input::Activate)),
        // Sliders grow upwards and rightwards; radio groups move down the
        // list (as in ARIA's patterns for both).
        (ControlKind::Slider { .. }, Key::Right | Key::Up)
        | (ControlKind::Choice { .. }, Key::Right | Key::Down) => Some(I(Input::Step(1))),
        (ControlKind::Slider { .. }, Key::Left | Key::Down)
        | (ControlKind::Choice { .. }, Key::Left | Key::Up) => Some(I(Input::Step(-1))),
        (ControlKind::Slider { .. }, Key::PageUp) => Some(I(Input::Step(4))),
        (ControlKind::Slider { .. }, Key::PageDown) => Some(I(Input::Step(-4))),
        (ControlKind::Slider { .. } | ControlKind::Choice { .. }, Key::Home) => Some(I(Input::First)),
        (ControlKind::Slider { .. } | ControlKind::Choice { .. }, Key::End) => Some(I(Input::Last)),
        (ControlKind::ListItem { .. }, Key::Home) => Some(ListEdge { last: false }),
        (ControlKind::ListItem { .. }, Key::End) => Some(ListEdge { last: true }),
        (
            ControlKind::Button
            | ControlKind::Toggle { .. }
            | ControlKind::ListItem { .. }
            | ControlKind::TextField { .. }
            | ControlKind::Progress { .. },
            Key::Down,
        ) => Some(MoveFocus(1)),
        (
            ControlKind::Button
            | ControlKind::Toggle { .. }
            | ControlKind::ListItem { .. }
            | ControlKind::TextField { .. }
            | ControlKind::Progress { .. },
            Key::Up,
        ) => Some(MoveFocus(-1)),
        _ => None,
    }
}

impl ControlKind {
    /// The value after `input`, for sliders (clamped, on a step) and choices
    /// (clamped to the options); `None` for other kinds or no change.
    pub fn apply(&self, input: Input) -> Option<i32> {
        let (value, min, max, step) = match self {
            ControlKind::Slider { value, min, max, step, .. } => (*value, *min, *max, *step),
            ControlKind::Choice { options, selected } => {
                let last = i32::try_from(options.len()).ok()?.checked_sub(1)?;
                (i32::try_from(*selected).ok()?, 0, last, 1)
            }
            _ => return None,
        };
        let next = match input {
            Input::Step(n) => value.saturating_add(n.saturating_mul(step)),
            Input::First => min,
            Input::Last => max,
            Input::Set(v) => v,
            Input::Activate => return None,
        };
        let next = next.clamp(min, max);
        let next = min + (next - min) / step.max(1) * step.max(1);
        (next != value).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slider(value: i32) -> ControlKind {
        ControlKind::Slider { value, min: 100, max: 300, step: 25, value_text: String::new() }
    }

    #[test]
    fn slider_steps_clamp_and_snap() {
        let cases = [
            (150, Input::Step(1), Some(175)),
            (300, Input::Step(1), None),
            (100, Input::Step(-1), None),
            (150, Input::Step(4), Some(250)),
            (150, Input::Step(40), Some(300)),
            (150, Input::First, Some(100)),
            (150, Input::Last, Some(300)),
            (150, Input::Set(212), Some(200)),
            (150, Input::Activate, None),
        ];
        for (value, input, want) in cases {
            assert_eq!(slider(value).apply(input), want, "{value} {input:?}");
        }
    }

    #[test]
    fn choices_move_within_their_options() {
        let choice = ControlKind::Choice { options: vec!["a".into(), "b".into(), "c".into()], selected: 1 };
        assert_eq!(choice.apply(Input::Step(1)), Some(2));
        assert_eq!(choice.apply(Input::Step(-1)), Some(0));
        assert_eq!(choice.apply(Input::Last), Some(2));
        let at_end = ControlKind::Choice { options: vec!["a".into()], selected: 0 };
        assert_eq!(at_end.apply(Input::Step(1)), None);
    }

    #[test]
    fn keys_map_by_role() {
        let button = ControlKind::Button;
        assert_eq!(key_effect(&button, Key::Space), Some(KeyEffect::Input(Input::Activate)));
        assert_eq!(key_effect(&button, Key::Down), Some(KeyEffect::MoveFocus(1)));
        assert_eq!(key_effect(&slider(100), Key::Up), Some(KeyEffect::Input(Input::Step(1))));
        assert_eq!(key_effect(&slider(100), Key::Enter), None);
        let choice = ControlKind::Choice { options: vec!["a".into(), "b".into()], selected: 0 };
        assert_eq!(key_effect(&choice, Key::Down), Some(KeyEffect::Input(Input::Step(1))));
        assert_eq!(key_effect(&choice, Key::Up), Some(KeyEffect::Input(Input::Step(-1))));
        let item = ControlKind::ListItem { position: 1, count: 3 };
        assert_eq!(key_effect(&item, Key::End), Some(KeyEffect::ListEdge { last: true }));
    }
}
