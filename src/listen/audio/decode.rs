//! Decoding one audio file with symphonia, and [`ClipSource`]: a rodio
//! [`Source`] that plays exactly one SMIL clip of it.
//!
//! Why our own source instead of `rodio::Decoder`: DAISY books often hold VBR
//! MP3 files without a Xing header. Symphonia then guesses the length short,
//! and rodio's gapless mode stops early and seeks wrong. Here gapless trimming
//! is off (every clip time is counted from the first decoded sample, encoder
//! delay included, like most DAISY players), seeks are always *accurate*, and
//! clip boundaries are counted in frames at the file's own sample rate.

use std::fs::File;
use std::io::Cursor;
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rodio::Source;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, Decoder, DecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader, SeekMode, SeekTo};
use symphonia::core::io::{MediaSource, MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::error::AudioError;

/// Length of the fade-in applied after a seek (hides the first, slightly
/// wrong MP3 frames that depend on the bit reservoir).
pub const SEEK_FADE: Duration = Duration::from_millis(5);

/// Decoding starts this much before a seek target and the extra is dropped,
/// so the decoder state (MDCT overlap, bit reservoir) is right at the target.
const SEEK_PREROLL: Duration = Duration::from_millis(100);

/// Gaps up to this long between a clip's end and the next clip's begin in the
/// same file are decoded through instead of seeking (no fade, no glitch).
const NEAR_GAP: Duration = Duration::from_millis(200);

/// How many undecodable packets in a row end a file instead of being skipped.
const MAX_BAD_PACKETS: u32 = 64;

/// Gives the bytes of an audio file named by its href inside the book.
///
/// The book layer implements this over its `Container`: a folder book opens
/// the file itself ([`media_from_path`]), a zipped book reads the entry into
/// memory ([`media_from_bytes`]).
pub trait MediaOpener: Send + Sync {
    /// Opens `href` for reading.
    ///
    /// # Errors
    /// [`AudioError::Missing`] when there is no such file.
    fn open(&self, href: &str) -> Result<Box<dyn MediaSource>, AudioError>;
}

impl<F> MediaOpener for F
where
    F: Fn(&str) -> Result<Box<dyn MediaSource>, AudioError> + Send + Sync,
{
    fn open(&self, href: &str) -> Result<Box<dyn MediaSource>, AudioError> {
        self(href)
    }
}

/// A media source over bytes already in memory (cheap to clone: shared).
pub fn media_from_bytes(bytes: Arc<[u8]>) -> Box<dyn MediaSource> {
    Box::new(Cursor::new(bytes))
}

/// A media source streaming a file from disk.
///
/// # Errors
/// [`AudioError::Missing`] when the file cannot be opened.
pub fn media_from_path(path: &Path, href: &str) -> Result<Box<dyn MediaSource>, AudioError> {
    File::open(path)
        .map(|f| Box::new(f) as Box<dyn MediaSource>)
        .map_err(|e| AudioError::Missing { href: href.to_owned(), reason: e.to_string() })
}

/// Opens hrefs relative to a folder on disk (unzipped books, tests).
#[derive(Debug, Clone)]
pub struct FolderOpener {
    root: PathBuf,
}

impl FolderOpener {
    /// Opens files under `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl MediaOpener for FolderOpener {
    fn open(&self, href: &str) -> Result<Box<dyn MediaSource>, AudioError> {
        if href.split(['/', '\\']).any(|part| part == "..") {
            return Err(AudioError::Missing { href: href.to_owned(), reason: "unsafe path".into() });
        }
        media_from_path(&self.root.join(href), href)
    }
}

/// Rounds `ms` milliseconds to a frame index at `rate` Hz.
pub fn ms_to_frames(ms: u64, rate: u32) -> u64 {
    let product = u128::from(ms) * u128::from(rate) + 500;
    u64::try_from(product / 1000).unwrap_or(u64::MAX)
}

/// Converts a frame count at `rate` Hz to whole milliseconds (rounded down).
pub fn frames_to_ms(frames: u64, rate: u32) -> u64 {
    if rate == 0 {
        return 0;
    }
    u64::try_from(u128::from(frames) * 1000 / u128::from(rate)).unwrap_or(u64::MAX)
}

/// One open audio file: demuxer + decoder + the decoded samples not yet used.
pub struct FileDecoder {
    href: String,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn Decoder>,
    track_id: u32,
    rate: u32,
    channels: u16,
    /// Interleaved samples of the current packet.
    buf: Vec<f32>,
    /// Next sample to hand out in `buf`.
    pos: usize,
    /// Frame index (from the file start) of `buf[pos]`.
    next_frame: u64,
    /// Frames before this index are dropped while decoding (after a seek).
    discard_until: u64,
    scratch: Option<SampleBuffer<f32>>,
    ended: bool,
}

impl std::fmt::Debug for FileDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileDecoder")
            .field("href", &self.href)
            .field("rate", &self.rate)
            .field("channels", &self.channels)
            .field("next_frame", &self.next_frame)
            .finish_non_exhaustive()
    }
}

impl FileDecoder {
    /// Probes `source` (its href's extension is a hint) and prepares to decode
    /// its first audio track from the start.
    ///
    /// # Errors
    /// [`AudioError::Undecodable`] when the bytes are no audio we know.
    pub fn open(source: Box<dyn MediaSource>, href: &str) -> Result<Self, AudioError> {
        let bad = |reason: String| AudioError::Undecodable { href: href.to_owned(), reason };
        let mut hint = Hint::new();
        if let Some((_, ext)) = href.rsplit_once('.') {
            hint.with_extension(&ext.to_ascii_lowercase());
        }
        let stream = MediaSourceStream::new(source, MediaSourceStreamOptions::default());
        let options = FormatOptions { enable_gapless: false, ..FormatOptions::default() };
        let probed = symphonia::default::get_probe()
            .format(&hint, stream, &options, &MetadataOptions::default())
            .map_err(|e| bad(e.to_string()))?;
        let format = probed.format;
        let track = format
            .tracks()
            .iter()
            .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            .ok_or_else(|| bad("no audio track".into()))?;
        let params = &track.codec_params;
        let rate = params.sample_rate.filter(|r| *r > 0).ok_or_else(|| bad("no sample rate".into()))?;
        let channels = params
            .channels
            .map(|c| c.count())
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| *c > 0)
            .ok_or_else(|| bad("no channel layout".into()))?;
        let decoder = symphonia::default::get_codecs()
            .make(params, &DecoderOptions::default())
            .map_err(|e| bad(e.to_string()))?;
        let track_id = track.id;
        Ok(Self {
            href: href.to_owned(),
            format,
            decoder,
            track_id,
            rate,
            channels,
            buf: Vec::new(),
            pos: 0,
            next_frame: 0,
            discard_until: 0,
            scratch: None,
            ended: false,
        })
    }

    /// Opens `href` through `opener` and probes it.
    ///
    /// # Errors
    /// [`AudioError::Missing`] or [`AudioError::Undecodable`].
    pub fn open_href(opener: &dyn MediaOpener, href: &str) -> Result<Self, AudioError> {
        Self::open(opener.open(href)?, href)
    }

    /// Href the file was opened as.
    pub fn href(&self) -> &str {
        &self.href
    }

    /// Sample rate in Hz.
    pub fn sample_rate(&self) -> u32 {
        self.rate
    }

    /// Channel count.
    pub fn channels(&self) -> u16 {
        self.channels
    }

    /// Frame index (from the start of the file) of the next sample to be read.
    pub fn position(&self) -> u64 {
        self.next_frame
    }

    /// True once the file has no more samples.
    pub fn is_ended(&self) -> bool {
        self.ended && self.pos >= self.buf.len()
    }

    /// Moves to frame `frame` exactly (accurate seek; a later seek inside the
    /// same file only parses headers forward from here).
    ///
    /// # Errors
    /// [`AudioError::Seek`] when the demuxer cannot seek. Seeking past the end
    /// is not an error: the decoder is then simply ended.
    pub fn seek(&mut self, frame: u64) -> Result<(), AudioError> {
        self.buf.clear();
        self.pos = 0;
        self.ended = false;
        // Start decoding a little earlier: MP3 and Vorbis frames overlap their
        // neighbours, so the first frame after a decoder reset is not right.
        let preroll = u64::from(self.rate) * SEEK_PREROLL.as_millis() as u64 / 1000;
        let to = SeekTo::TimeStamp { ts: frame.saturating_sub(preroll), track_id: self.track_id };
        match self.format.seek(SeekMode::Accurate, to) {
            Ok(_) => {
                self.decoder.reset();
                self.discard_until = frame;
                self.next_frame = frame;
                Ok(())
            }
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                self.ended = true;
                self.next_frame = frame;
                Ok(())
            }
            Err(SymError::SeekError(symphonia::core::errors::SeekErrorKind::OutOfRange)) => {
                self.ended = true;
                self.next_frame = frame;
                Ok(())
            }
            Err(e) => Err(AudioError::Seek { href: self.href.clone(), reason: e.to_string() }),
        }
    }

    /// The decoded samples ready to be read (interleaved); empty when a new
    /// packet must be decoded with [`FileDecoder::fill`].
    pub fn buffered(&self) -> &[f32] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    /// Marks `frames` whole frames of [`FileDecoder::buffered`] as used.
    pub fn consume(&mut self, frames: usize) {
        let samples = (frames * usize::from(self.channels)).min(self.buf.len() - self.pos);
        self.pos += samples;
        self.next_frame += (samples / usize::from(self.channels)) as u64;
    }

    /// Decodes and drops `frames` frames (a short forward move without a seek).
    pub fn skip_forward(&mut self, mut frames: u64) {
        while frames > 0 && self.fill() {
            let ready = (self.buffered().len() / usize::from(self.channels)) as u64;
            let take = ready.min(frames);
            self.consume(usize::try_from(take).unwrap_or(usize::MAX));
            frames -= take;
        }
    }

    /// Decodes packets until some samples are buffered. Returns false at the
    /// end of the file. Corrupt packets are skipped.
    pub fn fill(&mut self) -> bool {
        if self.pos < self.buf.len() {
            return true;
        }
        let mut bad_packets = 0;
        while !self.ended {
            let packet = match self.format.next_packet() {
                Ok(p) => p,
                Err(SymError::DecodeError(_)) if bad_packets < MAX_BAD_PACKETS => {
                    bad_packets += 1;
                    continue;
                }
                Err(_) => {
                    self.ended = true;
                    break;
                }
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            let decoded = match self.decoder.decode(&packet) {
                Ok(d) => d,
                Err(SymError::DecodeError(_)) | Err(SymError::IoError(_))
                    if bad_packets < MAX_BAD_PACKETS =>
                {
                    bad_packets += 1;
                    continue;
                }
                Err(_) => {
                    self.ended = true;
                    break;
                }
            };
            let frames = decoded.frames();
            let ts = packet.ts();
            if frames == 0 || ts + frames as u64 <= self.discard_until {
                continue;
            }
            let spec = *decoded.spec();
            let scratch = match &mut self.scratch {
                Some(s) if s.capacity() >= decoded.capacity() * spec.channels.count() => s,
                slot => slot.insert(SampleBuffer::new(decoded.capacity() as u64, spec)),
            };
            scratch.copy_interleaved_ref(decoded);
            let skip = usize::try_from(self.discard_until.saturating_sub(ts)).unwrap_or(usize::MAX);
            let in_channels = spec.channels.count().max(1);
            let samples = scratch.samples();
            self.buf.clear();
            self.pos = 0;
            let out_channels = usize::from(self.channels);
            if in_channels == out_channels {
                self.buf.extend_from_slice(samples.get(skip * out_channels..).unwrap_or(&[]));
            } else {
                for frame in samples.chunks_exact(in_channels).skip(skip) {
                    for c in 0..out_channels {
                        self.buf.push(frame.get(c.min(in_channels - 1)).copied().unwrap_or(0.0));
                    }
                }
            }
            self.next_frame = ts + skip as u64;
            self.discard_until = 0;
            if !self.buf.is_empty() {
                return true;
            }
        }
        false
    }
}

/// Exactly one clip of one file as a rodio [`Source`]: from `begin` to `end`
/// (or the end of the file), with a short fade-in after a seek.
#[derive(Debug)]
pub struct ClipSource {
    decoder: FileDecoder,
    /// End frame (exclusive); `None` = to the end of the file.
    end: Option<u64>,
    /// Channel of the next sample inside its frame.
    channel: u16,
    fade_len: u32,
    fade_done: u32,
}

impl ClipSource {
    /// Opens `href` and positions it at `begin_ms`, to play until `end_ms`
    /// (or the end of the file).
    ///
    /// # Errors
    /// [`AudioError::Missing`], [`AudioError::Undecodable`] or [`AudioError::Seek`].
    pub fn open(
        opener: &dyn MediaOpener,
        href: &str,
        begin_ms: u64,
        end_ms: Option<u64>,
    ) -> Result<Self, AudioError> {
        let decoder = FileDecoder::open_href(opener, href)?;
        Self::new(decoder, begin_ms, end_ms)
    }

    /// Plays `begin_ms..end_ms` of an already open decoder.
    ///
    /// # Errors
    /// [`AudioError::Seek`] when the decoder cannot seek.
    pub fn new(decoder: FileDecoder, begin_ms: u64, end_ms: Option<u64>) -> Result<Self, AudioError> {
        let mut clip = Self { decoder, end: None, channel: 0, fade_len: 0, fade_done: 0 };
        clip.retarget(begin_ms, end_ms)?;
        Ok(clip)
    }

    /// Makes this source play another clip of the same file. When `begin_ms`
    /// is where the previous clip ended, playback simply continues (no seek,
    /// no fade); otherwise it seeks accurately and fades in.
    ///
    /// # Errors
    /// [`AudioError::Seek`] when the decoder cannot seek.
    pub fn retarget(&mut self, begin_ms: u64, end_ms: Option<u64>) -> Result<(), AudioError> {
        let rate = self.decoder.sample_rate();
        let begin = ms_to_frames(begin_ms, rate);
        self.end = end_ms.map(|e| ms_to_frames(e, rate).max(begin));
        self.channel = 0;
        let position = self.decoder.position();
        let near = u64::from(rate) * NEAR_GAP.as_millis() as u64 / 1000;
        if begin > position && begin - position <= near {
            // A small hole between clips: decode through it, the decoder state stays valid.
            self.decoder.skip_forward(begin - position);
        } else if position != begin {
            self.decoder.seek(begin)?;
            if begin > 0 {
                let fade = rate as u64 * SEEK_FADE.as_millis() as u64 / 1000;
                self.fade_len = u32::try_from(fade).unwrap_or(u32::MAX);
                self.fade_done = 0;
            }
        }
        Ok(())
    }

    /// The decoder, to continue with another clip of the same file.
    pub fn into_decoder(self) -> FileDecoder {
        self.decoder
    }

    /// Href of the file.
    pub fn href(&self) -> &str {
        self.decoder.href()
    }

    /// Frame index in the file of the next frame to be delivered.
    pub fn position_frames(&self) -> u64 {
        self.decoder.position()
    }

    /// Frames left until the clip end (`None`: until the file end).
    pub fn remaining_frames(&self) -> Option<u64> {
        self.end.map(|e| e.saturating_sub(self.decoder.position()))
    }

    /// True between frames (a safe point to switch to another source).
    pub fn at_frame_boundary(&self) -> bool {
        self.channel == 0
    }

    /// True when the clip is over.
    pub fn is_done(&self) -> bool {
        self.channel == 0
            && (self.remaining_frames() == Some(0)
                || (self.decoder.buffered().is_empty() && self.decoder.is_ended()))
    }

    /// Like [`ClipSource::is_done`], but decodes the next packet when needed
    /// so the answer is exact at the end of the file.
    pub fn finished(&mut self) -> bool {
        if self.channel == 0 && self.remaining_frames() != Some(0) && self.decoder.buffered().is_empty() {
            self.decoder.fill();
        }
        self.is_done()
    }

    fn frame_gain(&self) -> f32 {
        if self.fade_done >= self.fade_len { 1.0 } else { self.fade_done as f32 / self.fade_len as f32 }
    }
}

impl Iterator for ClipSource {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.channel == 0 {
            if self.remaining_frames() == Some(0) {
                return None;
            }
            if !self.decoder.fill() {
                return None;
            }
        }
        let sample = *self.decoder.buffered().get(usize::from(self.channel))?;
        let sample = if self.fade_done < self.fade_len { sample * self.frame_gain() } else { sample };
        self.channel += 1;
        if self.channel == self.decoder.channels() {
            self.channel = 0;
            self.decoder.consume(1);
            if self.fade_done < self.fade_len {
                self.fade_done += 1;
            }
        }
        Some(sample)
    }
}

impl Source for ClipSource {
    fn current_span_len(&self) -> Option<usize> {
        let channels = usize::from(self.decoder.channels());
        let buffered = self.decoder.buffered().len();
        let left = match self.remaining_frames() {
            Some(frames) => {
                buffered.min(usize::try_from(frames).unwrap_or(usize::MAX).saturating_mul(channels))
            }
            None => buffered,
        };
        if left == 0 && !self.is_done() {
            // Next packet not decoded yet: the format cannot change inside a file.
            return None;
        }
        Some(left.saturating_sub(usize::from(self.channel)))
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(self.decoder.channels()).unwrap_or(NonZero::<u16>::MIN)
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(self.decoder.sample_rate()).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        let frames = self.remaining_frames()?;
        Some(Duration::from_secs_f64(frames as f64 / f64::from(self.decoder.sample_rate())))
    }
}
