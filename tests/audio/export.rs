//! WAV export at 1×/2×/3× with the pitch kept, mixed formats, missing files.
#![allow(missing_docs)]
// Test helpers outside #[test] fns: panicking on bad data is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::common;

use tomoshibi::listen::audio::{Clip, ExportOptions, export_wav};

fn export(
    clips: &[Clip],
    speed: f32,
    name: &str,
) -> (Vec<f32>, u32, u16, tomoshibi::listen::audio::ExportSummary) {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join(name);
    let summary =
        export_wav(common::opener(), clips, &path, &ExportOptions { speed, ..ExportOptions::default() })
            .unwrap();
    let (samples, rate, channels) = common::read_wav(&path);
    assert_eq!(samples.len() as u64, summary.frames * u64::from(channels));
    (samples, rate, channels, summary)
}

fn check_speeds(href: &str, clips: &[Clip], rate: u32) {
    let (base, base_rate, channels, _) = export(clips, 1.0, "x1.wav");
    assert_eq!(base_rate, rate);
    let base = common::first_channel(&base, channels);
    let f0 = common::median_f0(&base, rate);
    let source_ms: u64 = clips.iter().filter_map(Clip::duration_ms).sum();
    assert!((base.len() as f64 / f64::from(rate) * 1000.0 - source_ms as f64).abs() < 1.0);
    for speed in [2.0f32, 3.0] {
        let (fast, _, channels, summary) = export(clips, speed, "fast.wav");
        let fast = common::first_channel(&fast, channels);
        let ratio = fast.len() as f64 / base.len() as f64;
        let f0_fast = common::median_f0(&fast, rate);
        eprintln!(
            "{href} {speed}×: {:.3} s → {:.3} s (ratio {ratio:.4}, want {:.4}); F0 {f0:.1} → {f0_fast:.1} Hz",
            base.len() as f64 / f64::from(rate),
            summary.duration().as_secs_f64(),
            1.0 / f64::from(speed)
        );
        assert!((ratio * f64::from(speed) - 1.0).abs() < 0.01, "{href} {speed}×: ratio {ratio}");
        assert!((f0_fast / f0 - 1.0).abs() < 0.05, "{href} {speed}×: F0 {f0} → {f0_fast}");
    }
}

#[test]
fn speech_at_2x_and_3x_keeps_length_ratio_and_pitch() {
    let (speech, rate, _) = common::read_wav(&common::dir().join("speech.wav"));
    let total_ms = speech.len() as u64 * 1000 / u64::from(rate);
    // Three clips of the espeak recording, like SMIL pars.
    let third = total_ms / 3;
    let clips: Vec<Clip> =
        (0..3).map(|k| Clip::new(k, "speech.wav", k as u64 * third, Some((k as u64 + 1) * third))).collect();
    check_speeds("speech.wav", &clips, rate);
}

#[test]
fn harmonic_tone_at_2x_and_3x_keeps_length_ratio_and_pitch() {
    let clips = vec![
        Clip::new(0, "harmonic44k.wav", 0, Some(5000)),
        Clip::new(1, "harmonic44k.wav", 5000, Some(9000)),
    ];
    check_speeds("harmonic44k.wav", &clips, 44_100);
}

#[test]
fn mixed_rates_and_channels_are_brought_to_one_format() {
    let clips = vec![
        Clip::new(0, "harmonic44k.wav", 1000, Some(3000)),
        Clip::new(1, "harmonic_stereo22k.wav", 1000, Some(3000)),
        Clip::new(2, "missing.mp3", 0, Some(1000)),
        Clip::new(3, "clicks_vbr_noxing.mp3", 0, Some(1000)),
    ];
    let (samples, rate, channels, summary) = export(&clips, 1.0, "mixed.wav");
    assert_eq!((rate, channels), (44_100, 1));
    // 2 s + 2 s (resampled) + 1 s.
    let seconds = samples.len() as f64 / 44_100.0;
    assert!((seconds - 5.0).abs() < 0.005, "{seconds} s");
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(summary.skipped[0].0, "missing.mp3");
    // The resampled 22 kHz part still has F0 150 Hz.
    let middle = &samples[2 * 44_100 + 2000..4 * 44_100 - 2000];
    let f0 = common::median_f0(middle, 44_100);
    assert!((f0 / 150.0 - 1.0).abs() < 0.02, "F0 {f0}");
    // 3× of the same at one go.
    let (fast, _, _, _) = export(&clips, 3.0, "mixed3.wav");
    let ratio = fast.len() as f64 / samples.len() as f64;
    assert!((ratio * 3.0 - 1.0).abs() < 0.01, "ratio {ratio}");
}
