//! Draws the reader's text in vertical writing (縦書き) on a canvas: the current unit
//! in the rightmost columns, the following ones to its left, set by
//! [`crate::reading::vertical`].

use super::theme::{self, container::FOCUS_RING_WIDTH};
use crate::reading::RubySpan;
use crate::reading::vertical::{self, Form, Glyph, Metrics, Piece};
use iced::advanced::text::Paragraph as _;
use iced::alignment::Vertical;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::widget::text::{Alignment, LineHeight, Shaping};
use iced::{Color, Font, Point, Rectangle, Renderer, Size, Theme, Vector, mouse};

/// One unit as drawn: its text, ruby, relative size and whether it is secondary
/// (page numbers).
#[derive(Debug, Clone)]
pub struct Shown {
    /// The text.
    pub text: String,
    /// Ruby readings over it.
    pub ruby: Vec<RubySpan>,
    /// Size relative to body text.
    pub scale: f32,
    /// Bold (headings).
    pub bold: bool,
    /// Drawn in the muted colour (page numbers).
    pub muted: bool,
}

/// The canvas program drawing [`Shown`] units in columns.
#[derive(Debug, Clone)]
pub struct VerticalText {
    /// The units, the current one first.
    pub units: Vec<Shown>,
    /// The typeface.
    pub font: Font,
    /// Body text size in pixels.
    pub size: f32,
    /// Column pitch as a multiple of the size.
    pub line_spacing: f32,
    /// Extra space after each character, in ems.
    pub letter_spacing: f32,
    /// Extra space between units, in ems.
    pub paragraph_spacing: f32,
    /// The part of the current unit being read aloud (bytes of its text).
    pub highlight: Option<std::ops::Range<usize>>,
    /// Whether the text has the keyboard focus (the ring is drawn around the current unit).
    pub focused: bool,
    /// Where the drawing tells how many units fitted completely (for turning a screenful).
    pub fitted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Padding around the columns, in pixels.
const PADDING: f32 = 16.0;

impl VerticalText {
    fn metrics(&self, size: Size) -> Metrics {
        Metrics {
            width: size.width,
            height: size.height,
            padding: PADDING,
            size: self.size,
            line_spacing: self.line_spacing,
            letter_spacing: self.letter_spacing,
            paragraph_spacing: self.paragraph_spacing,
        }
    }

    /// Sets the units in an area of `size`.
    pub fn layout(&self, size: Size) -> vertical::Layout {
        let pieces: Vec<Piece<'_>> =
            self.units.iter().map(|u| Piece { text: &u.text, ruby: &u.ruby, scale: u.scale }).collect();
        let font = self.font;
        let measure = move |text: &str, size: f32| {
            iced::advanced::graphics::text::Paragraph::with_text(iced::advanced::Text {
                content: text,
                bounds: Size::INFINITE,
                size: size.into(),
                line_height: LineHeight::Relative(1.0),
                font,
                align_x: Alignment::Left,
                align_y: Vertical::Top,
                shaping: Shaping::Advanced,
                wrapping: iced::widget::text::Wrapping::None,
            })
            .min_width()
        };
        vertical::layout(&pieces, &self.metrics(size), &measure)
    }

    fn draw_glyph(&self, frame: &mut Frame, glyph: &Glyph, color: Color) {
        let unit = self.units.get(glyph.piece);
        let bold = unit.is_some_and(|u| u.bold) && !glyph.ruby;
        let font = if bold { Font { weight: iced::font::Weight::Bold, ..self.font } } else { self.font };
        let size = glyph.size;
        let text =
            |content: String, position: Point, size: f32, align_x: Alignment, align_y: Vertical| Text {
                content,
                position,
                color,
                size: size.into(),
                line_height: LineHeight::Relative(1.0),
                font,
                align_x,
                align_y,
                shaping: Shaping::Advanced,
                max_width: f32::INFINITY,
            };
        match glyph.form {
            Form::Upright | Form::Raised | Form::Small => {
                let (dx, dy) = match glyph.form {
                    Form::Raised => (0.55 * size, -0.55 * size),
                    Form::Small => (0.1 * size, -0.1 * size),
                    _ => (0.0, 0.0),
                };
                let at = Point::new(glyph.x + dx, glyph.y + dy);
                frame.fill_text(text(glyph.text.clone(), at, size, Alignment::Center, Vertical::Top));
            }
            Form::Across => {
                let n = glyph.text.chars().count().max(1) as f32;
                let across = size * (1.0 / (n * 0.6)).min(1.0);
                let at = Point::new(glyph.x, glyph.y + (size - across) / 2.0);
                frame.fill_text(text(glyph.text.clone(), at, across, Alignment::Center, Vertical::Top));
            }
            Form::Turned => frame.with_save(|frame| {
                frame.translate(Vector::new(glyph.x, glyph.y));
                frame.rotate(std::f32::consts::FRAC_PI_2);
                // Turned, the text runs down the column and is centred across it.
                let one = glyph.text.chars().count() == 1;
                let (at, align) = if one {
                    (Point::new(size / 2.0, 0.0), Alignment::Center)
                } else {
                    (Point::ORIGIN, Alignment::Left)
                };
                frame.fill_text(text(glyph.text.clone(), at, size, align, Vertical::Center));
            }),
        }
    }
}

/// The last drawing of the columns, kept while nothing it was drawn from changes: the
/// renderer then redraws nothing of it, and a new drawing counts as one changed area instead
/// of one per character (which made the first page after another screen slow to draw).
#[derive(Default)]
pub struct Drawn {
    cache: canvas::Cache,
    /// What the cached drawing was drawn from.
    key: std::cell::Cell<Option<u64>>,
}

impl VerticalText {
    /// Everything the drawing depends on, hashed.
    fn key(&self, size: Size, colors: [Color; 4]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for unit in &self.units {
            unit.text.hash(&mut hasher);
            for ruby in &unit.ruby {
                (ruby.base.start, ruby.base.end, &ruby.reading).hash(&mut hasher);
            }
            (unit.scale.to_bits(), unit.bold, unit.muted).hash(&mut hasher);
        }
        self.font.hash(&mut hasher);
        let numbers = [
            self.size,
            self.line_spacing,
            self.letter_spacing,
            self.paragraph_spacing,
            size.width,
            size.height,
        ];
        numbers.map(f32::to_bits).hash(&mut hasher);
        colors.map(|c| c.into_rgba8()).hash(&mut hasher);
        (&self.highlight, self.focused).hash(&mut hasher);
        hasher.finish()
    }
}

impl<Message> canvas::Program<Message> for VerticalText {
    type State = Drawn;

    fn draw(
        &self,
        state: &Drawn,
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let palette = theme::palette_of(theme);
        let (ink, paper, muted) =
            (theme::color(palette.text), theme::color(palette.background), theme::color(palette.muted));
        let ring = if self.focused { theme::color(palette.focus) } else { paper };
        let key = self.key(bounds.size(), [ink, paper, muted, ring]);
        if state.key.replace(Some(key)) != Some(key) {
            state.cache.clear();
        }
        let drawing = state.cache.draw(renderer, bounds.size(), |frame| {
            self.draw_columns(frame, bounds, [ink, paper, muted, ring]);
        });
        vec![drawing]
    }
}

impl VerticalText {
    /// Draws the columns and the focus ring around the current unit.
    fn draw_columns(&self, frame: &mut Frame, bounds: Rectangle, [ink, paper, muted, ring]: [Color; 4]) {
        let layout = self.layout(bounds.size());
        self.fitted.store(layout.complete, std::sync::atomic::Ordering::Relaxed);
        // Runs of upright characters down one column are drawn as one text, a character a
        // line (far fewer texts for the renderer to shape than one per character).
        let mut run: Option<(Glyph, Color)> = None;
        for glyph in &layout.glyphs {
            let marked = glyph.piece == 0
                && !glyph.ruby
                && self
                    .highlight
                    .as_ref()
                    .is_some_and(|h| glyph.bytes.start < h.end && h.start < glyph.bytes.end);
            let color = if marked {
                let cell = Rectangle::new(
                    Point::new(glyph.x - glyph.size * 0.55, glyph.y),
                    Size::new(glyph.size * 1.1, glyph.advance),
                );
                frame.fill_rectangle(cell.position(), cell.size(), ink);
                paper
            } else if self.units.get(glyph.piece).is_some_and(|u| u.muted) {
                muted
            } else {
                ink
            };
            if let Some((open, open_color)) = &mut run {
                let lines = open.text.matches('\n').count() as f32 + 1.0;
                let follows = glyph.form == Form::Upright
                    && *open_color == color
                    && open.x == glyph.x
                    && open.size == glyph.size
                    && open.advance == glyph.advance
                    && open.ruby == glyph.ruby
                    && open.piece == glyph.piece
                    && (open.y + lines * open.advance - glyph.y).abs() < 0.01;
                if follows {
                    open.text.push('\n');
                    open.text.push_str(&glyph.text);
                    continue;
                }
            }
            if let Some((open, open_color)) = run.take() {
                self.draw_glyph(frame, &open, open_color);
            }
            if glyph.form == Form::Upright {
                run = Some((glyph.clone(), color));
            } else {
                self.draw_glyph(frame, glyph, color);
            }
        }
        if let Some((open, open_color)) = run.take() {
            self.draw_glyph(frame, &open, open_color);
        }
        if let Some(&(left, right)) = layout.extents.first() {
            let inset = FOCUS_RING_WIDTH / 2.0;
            let rect = Path::rectangle(
                Point::new(left - 2.0, inset),
                Size::new(right - left + 4.0, bounds.height - 2.0 * inset),
            );
            frame.stroke(&rect, Stroke::default().with_color(ring).with_width(FOCUS_RING_WIDTH));
        }
    }
}
