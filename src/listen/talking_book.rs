//! The talking-book player's logic, between the audio engine and the reader: which reading
//! unit each clip belongs to, so playback follows (and is followed by) the reader's moves;
//! time skips across clips; speed; elapsed and total time for "where am I"; and the
//! position as a [`Locator`] with its audio time for exact resume.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use super::audio::{AudioError, AudioOutput, AudioPlayer, Clip, PlayerEvent, PlayerOptions};
use super::book_audio::{BookMedia, clip_of_unit};
use super::read_aloud::synth::Synthesizer;
use super::skippable::Skippable;
use super::unrecorded::{Programme, SpokenText, is_spoken};
use crate::book::{Locator, Publication};
use crate::reading::{self, Unit};

/// Lowest and highest speed, and one step of the speed keys.
pub const SPEEDS: (f32, f32, f32) = (0.5, 4.0, 0.1);

/// What happened while playing, for the reader to show and say.
#[derive(Debug, Clone)]
pub enum Heard {
    /// Playback reached the reading unit with this index.
    Unit(usize),
    /// An audio file is missing or unreadable; its clips were skipped.
    Skipped(String),
    /// Text without a recording could not be spoken (said once per book): why.
    Unspoken(String),
    /// The end of the book.
    Finished,
    /// No sound output: the book plays silently (the text still follows).
    NoOutput(AudioError),
}

/// Where "leave this structure" went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// On to this reading unit, the first after the structure in playing order.
    To(usize),
    /// The place is in no table, list, note or sidebar.
    NotInStructure,
    /// Nothing plays after the structure.
    AtEnd,
}

/// A book's recorded audio, tied to its reading units.
pub struct TalkingBook {
    player: AudioPlayer,
    events: Receiver<PlayerEvent>,
    clips: Vec<Clip>,
    /// For each clip, the reading unit its text is in.
    clip_units: Vec<usize>,
    /// For each clip, where it starts in book time (ms); spoken clips take none.
    starts: Vec<u64>,
    total_ms: u64,
    /// Whether a spoken clip failed already (said once).
    unspoken_said: bool,
}

impl TalkingBook {
    /// The player for `publication`'s recorded audio, at its start, paused; `None` when the
    /// book has no recorded audio (or none of its files came with it). With `speech`, the
    /// text the book has no recording of is spoken in its place (see [`Programme`]); the
    /// structures in `skip` are left out.
    pub fn open(
        publication: &Publication,
        units: &[Unit],
        output: Option<Box<dyn AudioOutput>>,
        speech: Option<Arc<dyn Synthesizer>>,
        skip: &BTreeSet<Skippable>,
    ) -> Option<Self> {
        let recorded = Programme::recorded(publication, units);
        if recorded.clips.is_empty() || !recorded.clips.iter().any(|c| publication.container.exists(&c.href))
        {
            return None;
        }
        let (programme, opener) = match speech {
            Some(synthesizer) => {
                let programme = recorded.with_speech(publication, units);
                let spoken = SpokenText::new(synthesizer, programme.sentences.clone());
                (programme, BookMedia::with_speech(publication.container.clone(), spoken))
            }
            None => (recorded, BookMedia::new(publication.container.clone())),
        };
        let programme = programme.skipping(publication, units, skip);
        let Programme { clips, units: clip_units, .. } = programme;
        let mut starts = Vec::with_capacity(clips.len());
        let mut total_ms = 0u64;
        for clip in &clips {
            starts.push(total_ms);
            total_ms += clip.duration_ms().unwrap_or(0);
        }
        let opener = Arc::new(opener);
        let options = PlayerOptions::default();
        let (player, events) = match output {
            Some(output) => AudioPlayer::new(clips.clone(), opener, output, options),
            None => AudioPlayer::with_default_device(clips.clone(), opener, options),
        };
        Some(Self { player, events, clips, clip_units, starts, total_ms, unspoken_said: false })
    }

    /// Plays, or pauses when playing; `true` when it now plays.
    pub fn toggle(&mut self) -> bool {
        if self.player.is_playing() {
            self.player.pause();
            false
        } else {
            self.player.play();
            true
        }
    }

    /// Whether it is playing.
    pub fn is_playing(&self) -> bool {
        self.player.is_playing()
    }

    /// Stops playback (before the book closes).
    pub fn stop(&mut self) {
        self.player.stop();
    }

    /// Goes to the first clip of reading unit `unit` (or the next unit with audio).
    ///
    /// # Errors
    /// [`AudioError::NoSuchClip`] when no clip is at or after that unit.
    pub fn go_to_unit(&mut self, unit: usize) -> Result<(), AudioError> {
        let clip =
            self.clip_of_unit(unit).ok_or(AudioError::NoSuchClip { index: unit, len: self.clips.len() })?;
        self.player.jump(clip, 0)
    }

    /// Book time (ms) where reading unit `unit`'s audio begins (or the next unit's with audio).
    pub fn unit_start_ms(&self, unit: usize) -> Option<u64> {
        self.starts.get(self.clip_of_unit(unit)?).copied()
    }

    fn clip_of_unit(&self, unit: usize) -> Option<usize> {
        clip_of_unit(&self.clip_units, unit)
    }

    /// Goes to `time_ms` in audio file `href` (a saved place), inside the clip that holds it.
    ///
    /// # Errors
    /// [`AudioError::NoSuchClip`] when no clip of that file holds that time.
    pub fn go_to_audio(&mut self, href: &str, time_ms: u64) -> Result<(), AudioError> {
        let clip = self
            .clips
            .iter()
            .position(|c| c.href == href && c.begin_ms <= time_ms && c.end_ms.is_none_or(|end| time_ms < end))
            .ok_or(AudioError::NoSuchClip { index: 0, len: self.clips.len() })?;
        let offset = time_ms - self.clips.get(clip).map_or(0, |c| c.begin_ms);
        self.player.jump(clip, offset)
    }

    /// Goes to `time_ms` of book time (from the start of the book, across files), to the
    /// clip that holds it; the reading unit that clip is in. Past the end goes to the last
    /// moment of the book.
    ///
    /// # Errors
    /// [`AudioError::NoSuchClip`] when the book has no clips.
    pub fn go_to_time(&mut self, time_ms: u64) -> Result<usize, AudioError> {
        let target = time_ms.min(self.total_ms.saturating_sub(1));
        let clip = self.starts.partition_point(|start| *start <= target).saturating_sub(1);
        let no_clip = || AudioError::NoSuchClip { index: clip, len: self.clips.len() };
        let start = self.starts.get(clip).copied().ok_or_else(no_clip)?;
        let unit = self.clip_units.get(clip).copied().ok_or_else(no_clip)?;
        self.player.jump(clip, target - start)?;
        Ok(unit)
    }

    /// Moves by `delta_ms` of book time (negative: back), within the book; the unit the new
    /// place is in. In spoken text (which has no book time) it moves one sentence.
    pub fn skip(&mut self, delta_ms: i64) -> Option<usize> {
        if self.in_spoken_text() {
            return self.phrase(delta_ms.signum());
        }
        let target = self.elapsed_ms().saturating_add_signed(delta_ms);
        self.go_to_time(target).ok()
    }

    /// Moves by `delta` phrases (clips); the unit the new phrase is in, or `None` at either
    /// end of the book.
    pub fn phrase(&mut self, delta: i64) -> Option<usize> {
        let now = self.player.position().map_or(0, |p| p.clip);
        let target = now.checked_add_signed(isize::try_from(delta).ok()?)?;
        if target >= self.clips.len() {
            return None;
        }
        self.player.jump(target, 0).ok()?;
        self.clip_units.get(target).copied()
    }

    /// Leaves the table, list, note or sidebar being played (the units of one top-level block
    /// of `units`, which the player was opened with): on to the first clip after it in playing
    /// order — after a note read where it is referenced, back into the text.
    pub fn leave_structure(&mut self, units: &[Unit]) -> Left {
        let now = self.player.position().map_or(0, |p| p.clip);
        let Some(here) =
            self.clip_units.get(now).and_then(|u| units.get(*u)).filter(|u| reading::in_structure(u))
        else {
            return Left::NotInStructure;
        };
        let outside = |clip: &usize| {
            self.clip_units
                .get(*clip)
                .and_then(|u| units.get(*u))
                .is_none_or(|u| u.document != here.document || u.block != here.block)
        };
        let Some(target) = (now + 1..self.clips.len()).find(outside) else { return Left::AtEnd };
        if self.player.jump(target, 0).is_err() {
            return Left::AtEnd;
        }
        self.clip_units.get(target).map_or(Left::AtEnd, |unit| Left::To(*unit))
    }

    /// Sets the volume factor (0.0–1.0 here; the sleep timer fades with it).
    pub fn set_volume(&mut self, volume: f32) {
        self.player.set_volume(volume.clamp(0.0, 1.0));
    }

    /// Pauses (the sleep timer ran out).
    pub fn pause(&mut self) {
        self.player.pause();
    }

    /// Changes the speed by `steps` of 0.1 (0.5–4.0, pitch kept); the new speed.
    pub fn change_speed(&mut self, steps: i32) -> f32 {
        let (min, max, step) = SPEEDS;
        #[allow(clippy::cast_precision_loss)]
        let speed = ((self.player.speed() + step * steps as f32) * 10.0).round() / 10.0;
        self.player.set_speed(speed.clamp(min, max));
        self.player.speed()
    }

    /// The speed (0.5–4.0).
    pub fn speed(&self) -> f32 {
        self.player.speed()
    }

    /// Book time played so far (ms).
    pub fn elapsed_ms(&self) -> u64 {
        match self.player.position() {
            Some(p) if self.is_spoken(p.clip) => self.starts.get(p.clip).copied().unwrap_or(0),
            Some(p) => self.starts.get(p.clip).copied().unwrap_or(0) + p.clip_ms,
            None => 0,
        }
    }

    /// The id of the text element the playing phrase points at (a sentence of a paragraph,
    /// or the paragraph itself); `None` in spoken text or a phrase without text.
    pub fn phrase_fragment(&self, publication: &Publication) -> Option<String> {
        let clip = self.clips.get(self.player.position()?.clip).filter(|c| !is_spoken(c))?;
        publication.timeline.pars.get(clip.index)?.text.as_ref()?.fragment.clone()
    }

    /// Whether the player is in text the book has no recording of (spoken by an engine).
    pub fn in_spoken_text(&self) -> bool {
        self.player.position().is_some_and(|p| self.is_spoken(p.clip))
    }

    fn is_spoken(&self, clip: usize) -> bool {
        self.clips.get(clip).is_some_and(is_spoken)
    }

    /// The book's total time (ms).
    pub fn total_ms(&self) -> u64 {
        self.total_ms
    }

    /// The current position with its audio time, for bookmarks and exact resume (in spoken
    /// text: the text's place among `units`, which the player was opened with).
    pub fn locator(&self, publication: &Publication, units: &[Unit]) -> Option<Locator> {
        let position = self.player.position()?;
        if self.is_spoken(position.clip) {
            return reading::locator(publication, units, *self.clip_units.get(position.clip)?);
        }
        let clip = self.clips.get(position.clip)?;
        let par = publication.timeline.pars.get(clip.index)?;
        let mut locator = par.locator();
        if let Some(audio) = &mut locator.locations.audio {
            audio.time_ms = clip.begin_ms + position.clip_ms;
        }
        Some(locator)
    }

    /// What happened since the last call: units reached, files skipped, the end.
    pub fn poll(&mut self) -> Vec<Heard> {
        let mut heard = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            match event {
                PlayerEvent::ClipStarted { clip, .. } => {
                    if let Some(unit) = self.clip_units.get(clip).copied()
                        && !matches!(heard.last(), Some(Heard::Unit(last)) if *last == unit)
                    {
                        heard.push(Heard::Unit(unit));
                    }
                }
                PlayerEvent::FileMissing { error: AudioError::Unspoken { reason, .. }, .. } => {
                    if !self.unspoken_said {
                        self.unspoken_said = true;
                        heard.push(Heard::Unspoken(reason));
                    }
                }
                PlayerEvent::FileMissing { href, .. } => heard.push(Heard::Skipped(href)),
                PlayerEvent::Finished => heard.push(Heard::Finished),
                PlayerEvent::NoOutputDevice(error) => heard.push(Heard::NoOutput(error)),
            }
        }
        heard
    }
}
