//! Vertical writing (縦書き): where each character of the reader's text goes when
//! Japanese is set in columns, top to bottom, the columns running right to left.
//!
//! Pure geometry, tested without a window: the reader view draws the [`Glyph`]s this
//! returns. What it does, as Japanese typesetting (JLREQ) asks:
//! - CJK characters stand upright, one em cell each (plus the letter spacing);
//! - brackets, dashes, the long-vowel mark and ellipses turn a quarter clockwise;
//!   the ideographic comma and full stop move to the top right of their cell, small
//!   kana a little towards it;
//! - one or two digits stand upright across the column (縦中横, tate-chu-yoko); longer
//!   runs of Latin text lie sideways, turned clockwise;
//! - ruby runs down the right side of its base, which is never split over two columns;
//! - closing punctuation never starts a column (it hangs at the foot of the one before)
//!   and opening brackets never end one.

use super::RubySpan;
use std::ops::Range;

/// Whether books are written vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Writing {
    /// As the book asks (vertical for a book set in `vertical-rl`).
    #[default]
    Book,
    /// Always horizontal, left to right.
    Horizontal,
    /// Always vertical, right to left (Japanese and Chinese books).
    Vertical,
}

impl Writing {
    /// Every choice, in the order Settings offers them.
    pub const ALL: [Writing; 3] = [Writing::Book, Writing::Horizontal, Writing::Vertical];

    /// The Fluent message id of the choice's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Writing::Book => "writing-book",
            Writing::Horizontal => "writing-horizontal",
            Writing::Vertical => "writing-vertical",
        }
    }

    /// Whether a book whose own writing mode is `book` is shown vertically.
    pub fn is_vertical(self, book: crate::book::model::WritingMode) -> bool {
        use crate::book::model::WritingMode;
        match self {
            Writing::Book => matches!(book, WritingMode::VerticalRl | WritingMode::VerticalLr),
            Writing::Horizontal => false,
            Writing::Vertical => true,
        }
    }
}

/// One piece of text to set: a reading unit.
#[derive(Debug, Clone, Copy)]
pub struct Piece<'a> {
    /// Its text.
    pub text: &'a str,
    /// Ruby over parts of it.
    pub ruby: &'a [RubySpan],
    /// Its size relative to body text (headings are larger).
    pub scale: f32,
}

/// The page and type the text is set in, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Width of the area.
    pub width: f32,
    /// Height of the area.
    pub height: f32,
    /// Space kept free at every edge.
    pub padding: f32,
    /// Body text size (one em).
    pub size: f32,
    /// Column pitch as a multiple of the text size (the line spacing, ≥ 1).
    pub line_spacing: f32,
    /// Extra space after each character, in ems.
    pub letter_spacing: f32,
    /// Extra space between pieces, in ems.
    pub paragraph_spacing: f32,
}

/// How a glyph is drawn in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Upright, centred in its cell.
    Upright,
    /// Turned a quarter clockwise, starting at the cell's top (brackets, dashes,
    /// sideways Latin text).
    Turned,
    /// Moved to the top right of its cell (、。).
    Raised,
    /// Moved a little up and right (small kana).
    Small,
    /// Upright digits set across the column in one cell (縦中横).
    Across,
}

/// One thing to draw: a character, a run set across or sideways, or a ruby character.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The text drawn.
    pub text: String,
    /// How it is drawn.
    pub form: Form,
    /// The horizontal centre of its column.
    pub x: f32,
    /// The top of its cell.
    pub y: f32,
    /// Its text size.
    pub size: f32,
    /// How far down the column it reaches from `y`.
    pub advance: f32,
    /// Which piece it belongs to.
    pub piece: usize,
    /// Its byte range in the piece's text (for ruby: the base's range).
    pub bytes: Range<usize>,
    /// Whether it is ruby.
    pub ruby: bool,
}

/// The text set in columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Everything to draw.
    pub glyphs: Vec<Glyph>,
    /// For each piece set (in whole or in part): the left and right edge of its columns.
    pub extents: Vec<(f32, f32)>,
    /// How many pieces were set completely.
    pub complete: usize,
}

/// Closing punctuation and small kana: never at the top of a column.
pub(crate) const NO_START: &str =
    "、。，．,.」』）)】〕〉》］｝!?！？ー～…‥・：；々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
/// Opening brackets: never at the foot of a column.
pub(crate) const NO_END: &str = "「『（(【〔〈《［｛";
/// Characters turned a quarter in vertical writing.
const TURNED: &str = "ー－～〜—―‐–-…‥（）()「」『』【】〔〕〈〉《》［］｛｝＜＞<>＝=→←⇒";
/// Characters set at the top right of their cell.
const RAISED: &str = "、。，．";
/// Small kana.
const SMALL: &str = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";

/// How the text is cut before it is set.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// One character (or a ruby base's character).
    Char(Range<usize>),
    /// One or two digits set across.
    Across(Range<usize>),
    /// Latin text set sideways.
    Sideways(Range<usize>),
}

impl Token {
    fn bytes(&self) -> Range<usize> {
        match self {
            Token::Char(r) | Token::Across(r) | Token::Sideways(r) => r.clone(),
        }
    }
}

/// Whether `c` is set sideways with its neighbours (narrow Latin text).
fn is_narrow(c: char) -> bool {
    c.is_ascii_graphic() || c == ' ' || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// Cuts `text` into characters, digit pairs set across, and sideways Latin runs.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_narrow(c) || c == ' ' {
            out.push(Token::Char(start..start + c.len_utf8()));
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if !is_narrow(next) {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        let run = text.get(start..end).unwrap_or_default();
        let trimmed = run.trim_end();
        let end = start + trimmed.len();
        if trimmed.len() <= 2 && trimmed.chars().all(|c| c.is_ascii_digit() || c == '!' || c == '?') {
            out.push(Token::Across(start..end));
        } else if trimmed.chars().count() == 1 {
            out.push(Token::Char(start..end));
        } else {
            out.push(Token::Sideways(start..end));
        }
    }
    out
}

fn form_of(c: char) -> Form {
    if RAISED.contains(c) {
        Form::Raised
    } else if TURNED.contains(c) {
        Form::Turned
    } else if SMALL.contains(c) {
        Form::Small
    } else {
        Form::Upright
    }
}

/// Where the next glyph goes.
struct Pen {
    /// Centre of the current column.
    x: f32,
    /// Top of the next cell.
    y: f32,
    /// Top of every column.
    top: f32,
    /// Foot of every column.
    bottom: f32,
    /// Column pitch of the piece being set.
    pitch: f32,
    /// Left edge the columns may not pass.
    left: f32,
    /// The piece's leftmost and rightmost column edges so far.
    extent: (f32, f32),
}

impl Pen {
    fn at_top(&self) -> bool {
        self.y <= self.top
    }

    /// Starts the next column; `false` when there is no room left for it.
    fn new_column(&mut self) -> bool {
        let x = self.x - self.pitch;
        if x - self.pitch / 2.0 < self.left {
            return false;
        }
        self.x = x;
        self.y = self.top;
        self.extent.0 = self.x - self.pitch / 2.0;
        true
    }

    fn room(&self) -> f32 {
        self.bottom - self.y
    }
}

/// Sets `pieces` in columns from the right edge of `metrics`' area, as many as fit
/// (the first one always, cut where its columns run out). `measure(text, size)` gives
/// the width of Latin text set in a line.
pub fn layout(pieces: &[Piece<'_>], metrics: &Metrics, measure: &dyn Fn(&str, f32) -> f32) -> Layout {
    let mut out = Layout::default();
    let mut right = metrics.width - metrics.padding;
    for (index, piece) in pieces.iter().enumerate() {
        let size = metrics.size * piece.scale;
        let spacing =
            if piece.ruby.is_empty() { metrics.line_spacing } else { metrics.line_spacing.max(1.5) };
        let pitch = size * spacing.max(1.0);
        let x = right - pitch / 2.0;
        if index > 0 && x - pitch / 2.0 < metrics.padding {
            break;
        }
        let mut pen = Pen {
            x,
            y: metrics.padding,
            top: metrics.padding,
            bottom: metrics.height - metrics.padding,
            pitch,
            left: metrics.padding,
            extent: (right - pitch, right),
        };
        let done = set_piece(piece, index, size, metrics.letter_spacing, &mut pen, measure, &mut out.glyphs);
        out.extents.push(pen.extent);
        if !done {
            break;
        }
        out.complete = index + 1;
        right = pen.x - pitch / 2.0 - metrics.paragraph_spacing * metrics.size;
    }
    out
}

/// Sets one piece; `false` when its columns ran out before its end.
fn set_piece(
    piece: &Piece<'_>,
    index: usize,
    size: f32,
    letter_spacing: f32,
    pen: &mut Pen,
    measure: &dyn Fn(&str, f32) -> f32,
    glyphs: &mut Vec<Glyph>,
) -> bool {
    let cell = size * (1.0 + letter_spacing);
    let tokens = tokens(piece.text);
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        let bytes = token.bytes();
        let text = piece.text.get(bytes.clone()).unwrap_or_default();
        let first = text.chars().next().unwrap_or(' ');
        let (form, advance) = match token {
            Token::Char(_) => (form_of(first), cell),
            Token::Across(_) => (Form::Across, cell),
            Token::Sideways(_) => (Form::Turned, measure(text, size) + size * letter_spacing),
        };
        // A ruby base is kept in one column (unless longer than a column).
        let ruby = piece.ruby.iter().find(|r| r.base.start == bytes.start);
        let base_len = ruby.map(|r| tokens_in(&tokens, i, r.base.end).len() as f32 * cell);
        let needed = match base_len {
            Some(len) => len,
            None if NO_END.contains(first) => advance + cell,
            None => advance,
        };
        if needed > pen.room() && !pen.at_top() {
            // Closing punctuation hangs at the foot of a full column rather than start
            // the next one (once: the column is then over-full).
            let hangs = NO_START.contains(first) && matches!(token, Token::Char(_)) && pen.room() >= 0.0;
            if !hangs && !pen.new_column() {
                return false;
            }
        }
        if let (Some(r), Some(len)) = (ruby, base_len) {
            set_ruby(r, len, index, size, pen, glyphs);
        }
        glyphs.push(Glyph {
            text: text.to_owned(),
            form,
            x: pen.x,
            y: pen.y,
            size,
            advance,
            piece: index,
            bytes,
            ruby: false,
        });
        pen.y += advance;
        i += 1;
    }
    true
}

/// The tokens from `i` that start before byte `end`.
fn tokens_in(tokens: &[Token], i: usize, end: usize) -> &[Token] {
    let rest = tokens.get(i..).unwrap_or_default();
    let n = rest.iter().take_while(|t| t.bytes().start < end).count();
    rest.get(..n).unwrap_or_default()
}

/// Runs a reading down the right of its base (which starts at the pen), centred on it.
fn set_ruby(r: &RubySpan, base_len: f32, index: usize, size: f32, pen: &Pen, glyphs: &mut Vec<Glyph>) {
    let ruby_size = size / 2.0;
    let count = r.reading.chars().count().max(1) as f32;
    let len = count * ruby_size;
    let start = pen.y + (base_len - len) / 2.0;
    let x = pen.x + size / 2.0 + ruby_size / 2.0;
    for (n, c) in r.reading.chars().enumerate() {
        glyphs.push(Glyph {
            text: c.to_string(),
            form: form_of(c),
            x,
            y: start + n as f32 * ruby_size,
            size: ruby_size,
            advance: ruby_size,
            piece: index,
            bytes: r.base.clone(),
            ruby: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(width: f32, height: f32) -> Metrics {
        Metrics {
            width,
            height,
            padding: 10.0,
            size: 20.0,
            line_spacing: 1.5,
            letter_spacing: 0.0,
            paragraph_spacing: 0.0,
        }
    }

    fn half_em(text: &str, size: f32) -> f32 {
        text.chars().count() as f32 * size / 2.0
    }

    fn piece(text: &str) -> Piece<'_> {
        Piece { text, ruby: &[], scale: 1.0 }
    }

    fn texts(layout: &Layout) -> Vec<(&str, Form)> {
        layout.glyphs.iter().map(|g| (g.text.as_str(), g.form)).collect()
    }

    #[test]
    fn characters_run_down_then_columns_go_left() {
        // Room for 3 cells per column (height 80 - 2×10 padding = 60 = 3 × 20).
        let l = layout(&[piece("山路を登り")], &metrics(200.0, 80.0), &half_em);
        let at: Vec<(f32, f32)> = l.glyphs.iter().map(|g| (g.x, g.y)).collect();
        assert_eq!(at, [(175.0, 10.0), (175.0, 30.0), (175.0, 50.0), (145.0, 10.0), (145.0, 30.0)]);
        assert_eq!(l.complete, 1);
        assert_eq!(l.extents, [(130.0, 190.0)]);
    }

    #[test]
    fn digits_stand_across_and_latin_lies_sideways() {
        let l = layout(&[piece("第12章 EPUB です")], &metrics(400.0, 400.0), &half_em);
        let t = texts(&l);
        assert_eq!(t.get(1), Some(&("12", Form::Across)));
        assert!(t.contains(&("EPUB", Form::Turned)), "{t:?}");
        let epub = l.glyphs.iter().find(|g| g.text == "EPUB").unwrap();
        assert!((epub.advance - 40.0).abs() < 0.01, "measured length down the column");
        // Three digits are too wide to stand across: sideways.
        assert_eq!(
            texts(&layout(&[piece("1906年")], &metrics(400.0, 400.0), &half_em))[0],
            ("1906", Form::Turned)
        );
    }

    #[test]
    fn punctuation_turns_or_rises() {
        let l = layout(&[piece("「あっ、ー」。")], &metrics(400.0, 400.0), &half_em);
        assert_eq!(
            texts(&l),
            [
                ("「", Form::Turned),
                ("あ", Form::Upright),
                ("っ", Form::Small),
                ("、", Form::Raised),
                ("ー", Form::Turned),
                ("」", Form::Turned),
                ("。", Form::Raised),
            ]
        );
    }

    #[test]
    fn closing_punctuation_hangs_and_opening_brackets_move_on() {
        // Three cells a column: "あいう" fills it, "。" hangs at its foot.
        let l = layout(&[piece("あいう。えお")], &metrics(200.0, 80.0), &half_em);
        let full_stop = &l.glyphs[3];
        assert_eq!((full_stop.x, full_stop.y), (175.0, 70.0));
        assert_eq!((l.glyphs[4].x, l.glyphs[4].y), (145.0, 10.0), "え starts the next column");
        // "「" would end the first column: it starts the next one with its text.
        let l = layout(&[piece("あい「う」")], &metrics(200.0, 80.0), &half_em);
        assert_eq!((l.glyphs[2].x, l.glyphs[2].y), (145.0, 10.0));
    }

    #[test]
    fn ruby_runs_beside_its_base_which_is_never_split() {
        let ruby = [RubySpan { base: 6..12, reading: "くさまくら".into() }];
        let l =
            layout(&[Piece { text: "あい草枕を", ruby: &ruby, scale: 1.0 }], &metrics(200.0, 80.0), &half_em);
        // 草枕 would need the third cell of a 3-cell column and one more: it moves on.
        let base: Vec<_> = l.glyphs.iter().filter(|g| !g.ruby && g.bytes.start >= 6).take(2).collect();
        assert_eq!((base[0].x, base[0].y, base[1].y), (145.0, 10.0, 30.0));
        let reading: Vec<&Glyph> = l.glyphs.iter().filter(|g| g.ruby).collect();
        assert_eq!(reading.len(), 5);
        assert!(reading.iter().all(|g| g.x > base[0].x && g.size == 10.0 && g.bytes == (6..12)));
        // Centred on the two-character base: 5 × 10 px over 40 px.
        assert!((reading[0].y - 5.0).abs() < 0.01);
    }

    #[test]
    fn pieces_follow_leftwards_until_the_area_is_full() {
        let pieces = [piece("あいう"), piece("えお"), piece("かき"), piece("くけ")];
        let l = layout(&pieces, &metrics(110.0, 80.0), &half_em);
        // Columns of 30 px from x = 100: 100–70, 70–40, 40–10; the fourth has no room.
        assert_eq!(l.complete, 3);
        assert!(l.glyphs.iter().all(|g| g.x - 15.0 >= 10.0 - 0.01));
        // The first piece is set even when it does not fit, cut where the area ends.
        let l = layout(&[piece("あいうえおかきくけこさしすせそ")], &metrics(110.0, 80.0), &half_em);
        assert_eq!((l.complete, l.glyphs.len()), (0, 9));
    }

    #[test]
    fn letter_spacing_widens_cells() {
        let m = Metrics { letter_spacing: 0.5, ..metrics(200.0, 400.0) };
        let l = layout(&[piece("あい")], &m, &half_em);
        assert_eq!(l.glyphs[1].y - l.glyphs[0].y, 30.0);
    }

    #[test]
    fn the_book_decides_unless_the_reader_chose() {
        use crate::book::model::WritingMode;
        assert!(Writing::Book.is_vertical(WritingMode::VerticalRl));
        assert!(!Writing::Book.is_vertical(WritingMode::HorizontalTb));
        assert!(!Writing::Horizontal.is_vertical(WritingMode::VerticalRl));
        assert!(Writing::Vertical.is_vertical(WritingMode::HorizontalTb));
    }
}
