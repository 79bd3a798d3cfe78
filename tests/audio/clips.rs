//! Clip boundaries, seeks and content on WAV, CBR MP3 and VBR MP3 without a Xing header.
#![allow(missing_docs)]
// Test helpers outside #[test] fns: panicking on bad data is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::common;

use std::sync::Arc;

use common::{LAME_DELAY, RATE};
use tomoshibi::listen::audio::decode::ms_to_frames;
use tomoshibi::listen::audio::{
    AudioError, Clip, ClipSequence, ClipSource, FileDecoder, SpeedControl, media_from_bytes,
};

const MS: i64 = RATE as i64 / 1000;
/// Largest sample difference accepted between a clip and the straight decode.
const TOLERANCE: f32 = 5e-3;

/// Codec delay of each fixture, in samples.
fn delay_of(href: &str) -> i64 {
    if href.ends_with(".mp3") { LAME_DELAY } else { 0 }
}

fn collect(source: ClipSource) -> Vec<f32> {
    source.collect()
}

/// The whole-file decode has the clicks where the WAV had them, shifted by the codec delay.
#[test]
fn full_decode_has_clicks_at_expected_times() {
    for href in ["clicks.wav", "clicks_cbr.mp3", "clicks_vbr_noxing.mp3", "clicks.ogg"] {
        let (all, rate, channels) = common::decode_all(href);
        assert_eq!((rate, channels), (RATE, 1));
        let clicks = common::find_clicks(&all, 0.3);
        let expected = common::click_times(20);
        assert_eq!(clicks.len(), expected.len(), "{href}");
        for (got, want) in clicks.iter().zip(&expected) {
            let err = got - want - delay_of(href);
            assert!(err.abs() <= MS, "{href}: click at {got}, expected {want} + delay, off {err} samples");
        }
    }
}

/// The trap: VBR MP3 without Xing header. Symphonia's length guess must not cut playback short.
#[test]
fn long_vbr_without_xing_plays_to_the_real_end() {
    let (all, rate, _) = common::decode_all("long_vbr_noxing.mp3");
    let seconds = all.len() as f64 / f64::from(rate);
    assert!((300.0..300.2).contains(&seconds), "decoded {seconds} s");
    // A clip with no end near the end of the file plays to the file's end.
    let source = ClipSource::open(common::opener().as_ref(), "long_vbr_noxing.mp3", 298_000, None).unwrap();
    let tail = collect(source);
    let expected = all.len() - ms_to_frames(298_000, rate) as usize;
    assert_eq!(tail.len(), expected);
}

fn check_clip(href: &str, reference: &[f32], begin_ms: u64, end_ms: u64) {
    let source = ClipSource::open(common::opener().as_ref(), href, begin_ms, Some(end_ms)).unwrap();
    let got = collect(source);
    // Frame count: round((end − begin)·rate) ± 1.
    let want = ((end_ms - begin_ms) as f64 * f64::from(RATE) / 1000.0).round() as i64;
    assert!(
        (got.len() as i64 - want).abs() <= 1,
        "{href} {begin_ms}..{end_ms}: {} frames, want {want}",
        got.len()
    );
    // Content: identical to the straight decode once the 5 ms fade-in is over (seeks preroll
    // 100 ms so MP3 overlap and bit reservoir are right at the clip begin).
    let begin = ms_to_frames(begin_ms, RATE) as usize;
    let skip = 5 * MS as usize;
    let max_diff =
        got.iter().zip(&reference[begin..]).skip(skip).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
    // ≤ −46 dBFS: symphonia's MP3 decoder can differ slightly for one frame depending on where
    // decoding started (bit reservoir); positions are still exact.
    if max_diff >= TOLERANCE {
        let best = (-3000i64..3000).min_by_key(|d| {
            let s: f32 = got
                .iter()
                .skip(skip)
                .take(2000)
                .enumerate()
                .map(|(i, v)| {
                    (v - reference
                        .get((begin as i64 + skip as i64 + i as i64 + d) as usize)
                        .copied()
                        .unwrap_or(0.0))
                    .abs()
                })
                .sum();
            (s * 1e4) as i64
        });
        let first_bad = got
            .iter()
            .zip(&reference[begin..])
            .enumerate()
            .skip(skip)
            .find(|(_, (a, b))| (*a - *b).abs() >= 1e-4)
            .map(|(i, _)| i);
        panic!(
            "{href} {begin_ms}..{end_ms}: content differs by {max_diff}; best offset {best:?}, first bad {first_bad:?}"
        );
    }
    // Clicks land where expected ± 1 ms.
    let clicks = common::find_clicks(&got, 0.3);
    let expected: Vec<i64> = common::click_times(300)
        .into_iter()
        .map(|c| c + delay_of(href) - begin as i64)
        .filter(|c| *c >= 2 * MS && *c < got.len() as i64 - 2 * MS)
        .collect();
    assert_eq!(
        clicks.len(),
        expected.len(),
        "{href} {begin_ms}..{end_ms}: clicks {clicks:?} want {expected:?}"
    );
    for (g, w) in clicks.iter().zip(&expected) {
        assert!((g - w).abs() <= MS, "{href} {begin_ms}..{end_ms}: click at {g}, want {w}");
    }
}

#[test]
fn clip_boundaries_are_sample_exact() {
    let clips = [(0, 1000), (1234, 3456), (3456, 3457), (7001, 9999), (12_345, 18_765), (19_000, 19_990)];
    for href in ["clicks.wav", "clicks_cbr.mp3", "clicks_vbr_noxing.mp3", "clicks.ogg"] {
        let (reference, _, _) = common::decode_all(href);
        for (b, e) in clips {
            check_clip(href, &reference, b, e);
        }
    }
}

#[test]
fn deep_seeks_in_long_vbr_without_xing_are_exact() {
    let (reference, _, _) = common::decode_all("long_vbr_noxing.mp3");
    for (b, e) in [(150_250, 152_000), (250_100, 251_900), (12_000, 13_000), (299_000, 299_900)] {
        check_clip("long_vbr_noxing.mp3", &reference, b, e);
    }
}

#[test]
fn sum_of_clip_durations_equals_frames_delivered() {
    // Contiguous clips, holes, a backward jump, three files, a clip to the end of the file.
    let mut clips = Vec::new();
    let mut t = 0;
    for len in [700, 1300, 250, 2750, 999, 1001] {
        clips.push(Clip::new(clips.len(), "clicks_vbr_noxing.mp3", t, Some(t + len)));
        t += len;
    }
    clips.push(Clip::new(clips.len(), "clicks.wav", 500, Some(2500)));
    clips.push(Clip::new(clips.len(), "clicks.wav", 2510, Some(4000)));
    clips.push(Clip::new(clips.len(), "clicks_cbr.mp3", 15_000, Some(16_000)));
    clips.push(Clip::new(clips.len(), "clicks_cbr.mp3", 1_000, Some(1_500)));
    clips.push(Clip::new(clips.len(), "clicks_vbr_noxing.mp3", 19_000, None));
    let (vbr_all, _, _) = common::decode_all("clicks_vbr_noxing.mp3");

    let (sequence, events) = ClipSequence::new(clips.clone(), common::opener(), SpeedControl::new());
    let delivered = sequence.count() as u64;
    let want: u64 = clips
        .iter()
        .map(|c| {
            let end = c.end_ms.map_or(vbr_all.len() as u64, |e| ms_to_frames(e, RATE));
            end - ms_to_frames(c.begin_ms, RATE)
        })
        .sum();
    assert_eq!(delivered, want);
    let rounded: i64 = clips
        .iter()
        .filter_map(|c| c.duration_ms())
        .map(|d| (d as f64 * f64::from(RATE) / 1000.0).round() as i64)
        .sum();
    let open_end = vbr_all.len() as i64 - ms_to_frames(19_000, RATE) as i64;
    assert!((delivered as i64 - rounded - open_end).abs() <= clips.len() as i64);
    let started: Vec<usize> = events
        .try_iter()
        .filter_map(|e| match e {
            tomoshibi::listen::audio::PlayerEvent::ClipStarted { clip, .. } => Some(clip),
            _ => None,
        })
        .collect();
    assert_eq!(started, (0..clips.len()).collect::<Vec<_>>());
}

#[test]
fn garbage_bytes_are_a_typed_error() {
    let bytes: Arc<[u8]> = std::fs::read(common::dir().join("garbage.mp3")).unwrap().into();
    let err = FileDecoder::open(media_from_bytes(bytes), "garbage.mp3").unwrap_err();
    assert!(matches!(err, AudioError::Undecodable { .. }), "{err:?}");
    let empty: Arc<[u8]> = Arc::from(Vec::new());
    assert!(FileDecoder::open(media_from_bytes(empty), "empty.wav").is_err());
    // Truncated MP3: decodes what is there, no panic.
    let mut half = std::fs::read(common::dir().join("clicks_cbr.mp3")).unwrap();
    half.truncate(half.len() / 2);
    let mut d = FileDecoder::open(media_from_bytes(half.into()), "half.mp3").unwrap();
    d.seek(ms_to_frames(15_000, RATE)).unwrap();
    assert!(!d.fill());
    let missing = ClipSource::open(common::opener().as_ref(), "nope.mp3", 0, None).unwrap_err();
    assert!(missing.is_missing());
}
