//! The player through the device-less rodio output: jumps, gaps, missing files, events.
#![allow(missing_docs)]
// Test helpers outside #[test] fns: panicking on bad data is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::common;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use common::RATE;
use rodio::queue::SourcesQueueOutput;
use tomoshibi::listen::audio::decode::ms_to_frames;
use tomoshibi::listen::audio::{
    AudioError, AudioPlayer, Clip, DeviceOutput, PlayerEvent, PlayerOptions, PullOutput,
};

const MS: i64 = RATE as i64 / 1000;

fn player(
    clips: Vec<Clip>,
    options: PlayerOptions,
) -> (AudioPlayer, Receiver<PlayerEvent>, SourcesQueueOutput) {
    let (output, samples) = PullOutput::new();
    let (player, events) = AudioPlayer::new(clips, common::opener(), Box::new(output), options);
    (player, events, samples)
}

fn pull(samples: &mut SourcesQueueOutput, n: usize, into: &mut Vec<f32>) {
    into.extend(samples.by_ref().take(n));
}

/// One-second clips of a file, `count` of them.
fn seconds(href: &str, count: usize, first_index: usize) -> Vec<Clip> {
    (0..count)
        .map(|k| Clip::new(first_index + k, href, k as u64 * 1000, Some(k as u64 * 1000 + 1000)))
        .collect()
}

/// Where the switch from old to new content happened and where the new content is aligned:
/// `pulled[j] == old[j + old_offset]` before the switch, `pulled[d + k] == new[begin + k]` after.
fn switch_and_alignment(
    pulled: &[f32],
    old: &[f32],
    old_offset: i64,
    new: &[f32],
    begin: usize,
    from: usize,
) -> (usize, i64) {
    let switch = (from..pulled.len())
        .find(|&j| {
            (pulled[j] - old.get((j as i64 + old_offset) as usize).copied().unwrap_or(9.0)).abs() > 1e-4
        })
        .expect("no switch found");
    // Compare from 6 ms after the switch (past the fade-in).
    let window = 4000;
    let d = (switch as i64 - 3 * RATE as i64 / 100..switch as i64 + 3 * RATE as i64 / 100)
        .find(|&d| {
            (0..window).all(|k| {
                let k = k + 6 * MS as usize;
                let p = pulled.get((d + k as i64) as usize).copied().unwrap_or(9.0);
                (p - new[begin + k]).abs() < 5e-3
            })
        })
        .expect("new content not found after the jump");
    (switch, d)
}

fn check_jump(href_old: &str, href_new: &str) {
    let mut clips = seconds(href_old, 10, 0);
    clips.extend(seconds(href_new, 10, 100));
    // The heading we jump to starts mid-second.
    clips[15] = Clip::new(115, href_new, 5_250, Some(6_000));
    let (mut player, events, mut samples) =
        player(clips, PlayerOptions { load_wait: Duration::from_secs(5) });
    player.play();
    let mut pulled = Vec::new();
    pull(&mut samples, 13_000, &mut pulled);
    let jumped_at = pulled.len();
    player.jump(15, 0).unwrap();
    pull(&mut samples, 30_000, &mut pulled);
    let (old, _, _) = common::decode_all(href_old);
    let (new, _, _) = common::decode_all(href_new);
    let begin = ms_to_frames(5_250, RATE) as usize;
    let (switch, aligned) = switch_and_alignment(&pulled, &old, 0, &new, begin, jumped_at);
    assert!(
        (switch as i64 - aligned).abs() <= MS,
        "{href_old}→{href_new}: switched at {switch}, clip begin at {aligned}"
    );
    assert!(switch - jumped_at <= 2048, "stale audio after the jump: {} samples", switch - jumped_at);
    let got: Vec<PlayerEvent> = events.try_iter().collect();
    assert!(got.iter().any(|e| matches!(e, PlayerEvent::ClipStarted { clip: 15, index: 115 })), "{got:?}");
    let position = player.position().unwrap();
    assert_eq!((position.clip, position.index), (15, 115));
    assert!(position.media_ms >= 5_250 && position.media_ms < 6_000, "{position:?}");
}

#[test]
fn jump_starts_at_clip_begin_in_another_file() {
    check_jump("clicks.wav", "clicks_vbr_noxing.mp3");
    check_jump("clicks_cbr.mp3", "clicks.wav");
}

#[test]
fn jump_starts_at_clip_begin_in_the_same_file() {
    check_jump("clicks_vbr_noxing.mp3", "clicks_vbr_noxing.mp3");
    check_jump("clicks.wav", "clicks.wav");
}

/// Longest run of quiet (RMS over 1 ms windows below `floor`), in ms.
fn longest_dropout_ms(samples: &[f32], floor: f32) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for window in samples.chunks(MS as usize) {
        let rms = (window.iter().map(|v| v * v).sum::<f32>() / window.len() as f32).sqrt();
        if rms < floor {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[test]
fn no_gap_between_clips_even_across_files() {
    // Contiguous clips in one file, then file changes (with real, short load waits).
    let mut clips = Vec::new();
    for (k, href) in
        ["clicks.wav", "clicks_cbr.mp3", "clicks_vbr_noxing.mp3", "clicks.wav"].iter().enumerate()
    {
        let base = k as u64 * 3000;
        for j in 0..6 {
            let b = base + j * 500;
            clips.push(Clip::new(clips.len(), *href, b, Some(b + 500)));
        }
    }
    let total: u64 = clips.iter().filter_map(Clip::duration_ms).sum();
    let (mut player, events, mut samples) = player(clips.clone(), PlayerOptions::default());
    player.play();
    let mut pulled = Vec::new();
    pull(&mut samples, ms_to_frames(total, RATE) as usize, &mut pulled);
    let dropout = longest_dropout_ms(&pulled, 0.03);
    assert!(dropout < 2, "dropout of {dropout} ms");
    // Everything played, in order, within the expected number of samples.
    let got: Vec<PlayerEvent> = events.try_iter().collect();
    let started = got.iter().filter(|e| matches!(e, PlayerEvent::ClipStarted { .. })).count();
    assert_eq!(started, clips.len());
    let mut rest = Vec::new();
    pull(&mut samples, 4096, &mut rest);
    let finished = got
        .iter()
        .chain(events.try_iter().collect::<Vec<_>>().iter())
        .any(|e| matches!(e, PlayerEvent::Finished));
    assert!(finished);
    assert!(rest.iter().all(|v| *v == 0.0), "more audio than the clips hold");
}

#[test]
fn missing_and_garbage_files_are_skipped_and_reported() {
    let clips = vec![
        Clip::new(0, "clicks.wav", 0, Some(500)),
        Clip::new(1, "missing.mp3", 0, Some(500)),
        Clip::new(2, "missing.mp3", 500, Some(1000)),
        Clip::new(3, "garbage.mp3", 0, Some(500)),
        Clip::new(4, "clicks.wav", 500, Some(1000)),
    ];
    let (mut player, events, mut samples) =
        player(clips, PlayerOptions { load_wait: Duration::from_secs(5) });
    player.play();
    let mut pulled = Vec::new();
    pull(&mut samples, 2 * RATE as usize, &mut pulled);
    let got: Vec<PlayerEvent> = events.try_iter().collect();
    let missing: Vec<(&str, &AudioError)> = got
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::FileMissing { href, error } => Some((href.as_str(), error)),
            _ => None,
        })
        .collect();
    assert_eq!(missing.len(), 2, "{got:?}");
    assert!(matches!(missing[0], ("missing.mp3", AudioError::Missing { .. })));
    assert!(matches!(missing[1], ("garbage.mp3", AudioError::Undecodable { .. })));
    let started: Vec<usize> = got
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::ClipStarted { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    assert_eq!(started, vec![0, 4]);
    assert!(got.iter().any(|e| matches!(e, PlayerEvent::Finished)));
    // 1 s of audio, then silence.
    let audible = pulled.iter().rposition(|v| v.abs() > 0.01).unwrap();
    assert!((audible as i64 - RATE as i64).abs() < 10 * MS, "last sound at {audible}");
    // Jumping to a clip of a missing file does not panic either.
    player.jump(2, 0).unwrap();
    pull(&mut samples, 4096, &mut pulled);
    assert!(player.jump(99, 0).is_err());
}

#[test]
fn pause_resume_stop_and_speed_change_while_playing() {
    let clips = seconds("clicks.wav", 8, 0);
    let (mut player, _events, mut samples) =
        player(clips, PlayerOptions { load_wait: Duration::from_secs(5) });
    player.play();
    let mut pulled = Vec::new();
    pull(&mut samples, RATE as usize, &mut pulled);
    player.pause();
    let before = player.position().unwrap();
    pull(&mut samples, RATE as usize, &mut pulled);
    assert_eq!(player.position().unwrap(), before, "position moved while paused");
    assert!(pulled[pulled.len() - 1000..].iter().all(|v| *v == 0.0));
    player.play();
    // 2 s of input at 2× ≈ 1 s of output.
    player.set_speed(2.0);
    let start = player.position().unwrap();
    pull(&mut samples, RATE as usize, &mut pulled);
    let end = player.position().unwrap();
    let advanced =
        (end.clip * 1000 + end.clip_ms as usize) as i64 - (start.clip * 1000 + start.clip_ms as usize) as i64;
    assert!((advanced - 2000).abs() < 80, "advanced {advanced} ms in 1 s at 2×");
    player.set_volume(0.5);
    assert_eq!(player.volume(), 0.5);
    player.stop();
    assert!(!player.is_playing());
    let mut after = Vec::new();
    pull(&mut samples, 4096, &mut after);
    assert!(after.iter().all(|v| *v == 0.0), "sound after stop");
    // Play resumes where it stopped.
    player.play();
    pull(&mut samples, 4096, &mut after);
    let resumed = player.position().unwrap();
    assert!(resumed.clip >= end.clip, "{resumed:?} vs {end:?}");
}

#[test]
fn default_device_fails_cleanly_without_a_sound_card() {
    let started = std::time::Instant::now();
    match DeviceOutput::open_default() {
        Ok(_) => eprintln!("a sound device exists here; nothing to check"),
        Err(e) => {
            assert!(matches!(e, AudioError::NoOutputDevice(_)), "{e:?}");
            eprintln!("no device after {:?}: {e}", started.elapsed());
            let (mut player, events) = AudioPlayer::with_default_device(
                seconds("clicks.wav", 2, 0),
                common::opener(),
                PlayerOptions::default(),
            );
            assert!(matches!(events.try_recv(), Ok(PlayerEvent::NoOutputDevice(_))));
            player.play();
            player.jump(1, 0).unwrap();
            player.stop();
        }
    }
}

/// A new clip list (read-aloud's next plan) replaces the playing one at once, starting at
/// the clip asked for, with speed and play state kept.
#[test]
fn a_new_clip_list_replaces_the_playing_one() {
    let (mut player, events, mut samples) =
        player(seconds("clicks.wav", 3, 0), PlayerOptions { load_wait: Duration::from_secs(5) });
    player.set_speed(1.5);
    player.play();
    let mut pulled = Vec::new();
    pull(&mut samples, RATE as usize / 2, &mut pulled);
    let _ = events.try_iter().count();
    player.set_clips(seconds("harmonic44k.wav", 4, 200), 2);
    assert!(player.position().is_none(), "the old position is forgotten");
    player.play();
    pull(&mut samples, RATE as usize / 2, &mut pulled);
    let started: Vec<(usize, usize)> = events
        .try_iter()
        .filter_map(|e| match e {
            PlayerEvent::ClipStarted { clip, index } => Some((clip, index)),
            _ => None,
        })
        .collect();
    assert_eq!(started.first(), Some(&(2, 202)), "{started:?}");
    let position = player.position().unwrap();
    assert_eq!((position.clip, position.index), (2, 202));
    assert!(position.clip_ms > 300, "{position:?}: at 1.5× speed");
    assert!((player.speed() - 1.5).abs() < 1e-6);
    assert_eq!(player.clips().len(), 4);
}
