//! A talking book's recorded audio as clips for the player and for export: the
//! [`MediaTimeline`]'s pars with audio, read through the book's [`Container`], and the
//! places a patron can name to start or stop at (a time, a page, a heading).

use std::sync::Arc;

use super::audio::{AudioError, Clip, MediaOpener, media_from_bytes, media_from_path};
use super::unrecorded::{Programme, SpokenText};
use crate::book::container::Container;
use crate::book::{Locator, MediaTimeline, Publication};
use crate::reading;

/// Opens a book's audio files: streamed from disk for a folder, from memory for a zip; and
/// its text without a recording, spoken, when it has [`SpokenText`].
pub struct BookMedia {
    container: Arc<Container>,
    spoken: Option<SpokenText>,
}

impl BookMedia {
    /// Reads audio through `container`.
    pub fn new(container: Arc<Container>) -> Self {
        Self { container, spoken: None }
    }

    /// Reads audio through `container`, and renders the spoken clips with `spoken`.
    pub fn with_speech(container: Arc<Container>, spoken: SpokenText) -> Self {
        Self { container, spoken: Some(spoken) }
    }
}

impl MediaOpener for BookMedia {
    fn open(&self, href: &str) -> Result<Box<dyn symphonia::core::io::MediaSource>, AudioError> {
        if let Some(spoken) = self.spoken.as_ref().and_then(|s| s.open(href)) {
            return spoken;
        }
        if let Some(path) = self.container.file_path(href).filter(|p| p.is_file()) {
            return media_from_path(&path, href);
        }
        self.container
            .read(href)
            .map(|bytes| media_from_bytes(bytes.into()))
            .map_err(|e| AudioError::Missing { href: href.to_owned(), reason: e.to_string() })
    }
}

/// Every par with audio as a clip, numbered by its index in the timeline.
pub fn clips(timeline: &MediaTimeline) -> Vec<Clip> {
    timeline
        .pars
        .iter()
        .enumerate()
        .filter_map(|(index, par)| {
            let audio = par.audio.as_ref()?;
            Some(Clip::new(index, audio.href.clone(), audio.begin_ms, audio.end_ms))
        })
        .collect()
}

/// For each clip, the reading unit its text is in (a clip without text of its own belongs to
/// the unit before it).
pub fn clip_units(publication: &Publication, clips: &[Clip], units: &[reading::Unit]) -> Vec<usize> {
    let finder = reading::UnitFinder::new(publication, units);
    let mut last = 0;
    clips
        .iter()
        .map(|clip| {
            let par = publication.timeline.pars.get(clip.index);
            let unit = par.and_then(|p| finder.index_of(&p.locator()));
            last = unit.unwrap_or(last);
            last
        })
        .collect()
}

/// The first clip of reading unit `unit` (see [`clip_units`]), else the first clip after
/// the units before it; `None` past the last clip.
pub fn clip_of_unit(clip_units: &[usize], unit: usize) -> Option<usize> {
    // Notes are read where they are referenced, so units do not only grow along the clips:
    // the unit's own clip first, else the first clip after the last one before it.
    let exact = clip_units.iter().position(|u| *u == unit);
    let after = || {
        let before = clip_units.iter().rposition(|u| *u < unit).map_or(0, |i| i + 1);
        (before < clip_units.len()).then_some(before)
    };
    exact.or_else(after)
}

/// A place in a talking book named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Book time in milliseconds from the start (`1:02:03`, `12:30`, `95s`).
    Time(u64),
    /// A printed page by its label (`page:12`).
    Page(String),
    /// The n-th heading of the table of contents, from 1 (`heading:3`).
    Heading(usize),
    /// A reading unit (paragraph, heading…) by its index in [`reading::units`] (the reader's
    /// place; not typed on the command line).
    Unit(usize),
}

/// Why a range could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// The text is not a time, `page:LABEL` or `heading:N`.
    #[error("not a place in the book: {0}")]
    Unreadable(String),
    /// The book has no such page or heading, or the time is past its end.
    #[error("the book has no {0:?}")]
    NotInBook(Mark),
    /// The book has no recorded audio.
    #[error("the book has no recorded audio")]
    NoAudio,
    /// The end comes before the start.
    #[error("the end comes before the start")]
    Backwards,
}

impl Mark {
    /// Reads `12:30`, `1:02:03.5`, `95s`, `page:12` or `heading:3`.
    ///
    /// # Errors
    /// [`RangeError::Unreadable`] for anything else.
    pub fn parse(text: &str) -> Result<Self, RangeError> {
        let text = text.trim();
        let unreadable = || RangeError::Unreadable(text.to_owned());
        if let Some(label) = text.strip_prefix("page:") {
            return Ok(Self::Page(label.trim().to_owned()));
        }
        if let Some(n) = text.strip_prefix("heading:") {
            return n.trim().parse().ok().filter(|n| *n > 0).map(Self::Heading).ok_or_else(unreadable);
        }
        if let Some(seconds) = text.strip_suffix('s') {
            return seconds_to_ms(seconds).map(Self::Time).ok_or_else(unreadable);
        }
        let parts: Vec<&str> = text.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(unreadable());
        }
        let mut ms = 0u64;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let value = if last { seconds_to_ms(part) } else { part.parse::<u64>().ok().map(|v| v * 1000) };
            let value = value.filter(|v| i == 0 || *v < 60_000).ok_or_else(unreadable)?;
            ms = ms.checked_mul(60).ok_or_else(unreadable)?.checked_add(value).ok_or_else(unreadable)?;
        }
        Ok(Self::Time(ms))
    }
}

fn seconds_to_ms(text: &str) -> Option<u64> {
    let seconds: f64 = text.trim().parse().ok()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).round() as u64)
}

/// Where a mark falls: the clip (position in the programme's clips) and milliseconds into it.
/// A page or heading without a recording of its own starts where its text is spoken.
fn position(
    publication: &Publication,
    programme: &Programme,
    units: &[reading::Unit],
    mark: &Mark,
) -> Result<(usize, u64), RangeError> {
    let clips = &programme.clips;
    let target = match mark {
        Mark::Time(ms) => {
            let mut start = 0u64;
            for (i, clip) in clips.iter().enumerate() {
                let length = clip.duration_ms().unwrap_or(0);
                if *ms < start + length {
                    return Ok((i, ms - start));
                }
                start += length;
            }
            return if *ms == start {
                Ok((clips.len(), 0))
            } else {
                Err(RangeError::NotInBook(mark.clone()))
            };
        }
        Mark::Page(label) => publication
            .navigation
            .page_list
            .iter()
            .find(|p| p.label == *label)
            .map(|p| &p.target)
            .ok_or_else(|| RangeError::NotInBook(mark.clone()))?,
        Mark::Heading(n) => publication
            .navigation
            .toc_flat()
            .get(n - 1)
            .map(|e| &e.target)
            .ok_or_else(|| RangeError::NotInBook(mark.clone()))?,
        Mark::Unit(unit) => {
            if *unit >= units.len() {
                return Err(RangeError::NotInBook(mark.clone()));
            }
            let clip = clip_of_unit(&programme.units, *unit);
            return Ok((clip.unwrap_or(clips.len()), 0));
        }
    };
    let recorded = |(i, _): &(usize, &Clip)| !programme.is_spoken(*i);
    if let Some(par) = par_at(&publication.timeline, target) {
        let clip = clips.iter().enumerate().filter(recorded).find(|(_, c)| c.index >= par);
        return Ok((clip.map_or(clips.len(), |(i, _)| i), 0));
    }
    let unit =
        reading::index_of(publication, units, target).ok_or_else(|| RangeError::NotInBook(mark.clone()))?;
    Ok((clip_of_unit(&programme.units, unit).unwrap_or(clips.len()), 0))
}

/// The par a navigation target leads to: by its audio position when it has one, else by
/// its text document and fragment.
pub fn par_at(timeline: &MediaTimeline, target: &Locator) -> Option<usize> {
    if let Some(audio) = &target.locations.audio {
        let found = timeline.pars.iter().position(|p| {
            p.audio.as_ref().is_some_and(|a| {
                a.href == audio.href
                    && a.begin_ms <= audio.time_ms
                    && a.end_ms.is_none_or(|end| audio.time_ms < end || a.begin_ms == audio.time_ms)
            })
        });
        if found.is_some() {
            return found;
        }
    }
    let fragment = target.locations.fragment.as_deref();
    timeline
        .pars
        .iter()
        .position(|p| {
            p.text.as_ref().is_some_and(|t| t.href == target.href && t.fragment.as_deref() == fragment)
                || (p.smil == target.href && p.id.as_deref() == fragment && fragment.is_some())
        })
        .or_else(|| {
            timeline
                .pars
                .iter()
                .position(|p| p.smil == target.href || p.text.as_ref().is_some_and(|t| t.href == target.href))
        })
}

/// The clips of `programme` (the book's, made from `units`) from `from` (default: the start)
/// up to `to` (default: the end), the first and last cut where the marks fall inside them.
///
/// # Errors
/// [`RangeError`] when the book has no audio, a mark is not in the book, or the range runs
/// backwards.
pub fn clip_range(
    publication: &Publication,
    programme: &Programme,
    units: &[reading::Unit],
    from: Option<&Mark>,
    to: Option<&Mark>,
) -> Result<Vec<Clip>, RangeError> {
    let clips = &programme.clips;
    if clips.is_empty() {
        return Err(RangeError::NoAudio);
    }
    let at = |m: &Mark| position(publication, programme, units, m);
    let (first, into_first) = from.map_or(Ok((0, 0)), at)?;
    let (last, into_last) = to.map_or(Ok((clips.len(), 0)), at)?;
    if (last, into_last) <= (first, into_first) {
        return Err(RangeError::Backwards);
    }
    let mut range: Vec<Clip> =
        clips.get(first..=last.min(clips.len() - 1)).map(<[Clip]>::to_vec).unwrap_or_default();
    if into_last == 0 && last < clips.len() {
        range.pop();
    } else if let Some(end) = range.last_mut().filter(|_| last < clips.len()) {
        end.end_ms = Some(end.begin_ms + into_last);
    }
    if let Some(start) = range.first_mut() {
        start.begin_ms += into_first;
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_times_pages_and_headings() {
        assert_eq!(Mark::parse("12:30"), Ok(Mark::Time(750_000)));
        assert_eq!(Mark::parse("1:02:03.5"), Ok(Mark::Time(3_723_500)));
        assert_eq!(Mark::parse("95s"), Ok(Mark::Time(95_000)));
        assert_eq!(Mark::parse("0:00"), Ok(Mark::Time(0)));
        assert_eq!(Mark::parse("page:12"), Ok(Mark::Page("12".into())));
        assert_eq!(Mark::parse("heading:3"), Ok(Mark::Heading(3)));
        for bad in ["", "12", "1:75", "heading:0", "heading:x", "-3s", "a:b", "1:2:3:4", "NaNs"] {
            assert!(Mark::parse(bad).is_err(), "{bad}");
        }
    }
}
