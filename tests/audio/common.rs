//! Test audio made at test time: signals are synthesised here, encoded with
//! `lame` (MP3) and `sox` (Ogg Vorbis); speech comes from `espeak-ng`. Files are cached in
//! cargo's target tmp dir, so only the first run pays for encoding.
#![allow(dead_code, missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use tomoshibi::listen::audio::{FileDecoder, FolderOpener, MediaOpener};

pub const RATE: u32 = 44_100;
/// Standard LAME delay (encoder 576 + decoder 529 samples) that decoding
/// without gapless trimming adds in front of the audio.
pub const LAME_DELAY: i64 = 1105;
/// Half-width of the click pulse, in samples.
const PULSE: usize = 22;

/// Folder holding the fixtures (made once per target dir).
pub fn dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    static LOCK: Mutex<()> = Mutex::new(());
    DIR.get_or_init(|| {
        let _guard = LOCK.lock().unwrap();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("listen-audio-fixtures-v3");
        std::fs::create_dir_all(&dir).unwrap();
        make_all(&dir);
        dir
    })
}

pub fn opener() -> Arc<dyn MediaOpener> {
    Arc::new(FolderOpener::new(dir()))
}

/// Click track: in second `k` a sine of `200 + 100·(k mod 20)` Hz (0.15), white-ish
/// noise (0.04) in even seconds (makes VBR vary), and a click (Hann pulse,
/// peak +0.6) centred at `k + 0.5` s.
pub fn click_track(seconds: u32) -> Vec<f32> {
    let n = (seconds * RATE) as usize;
    let mut out = Vec::with_capacity(n);
    let mut phase = 0.0f64;
    let mut noise: u32 = 12345;
    for i in 0..n {
        let k = i / RATE as usize;
        let freq = 200.0 + 100.0 * (k % 20) as f64;
        phase += 2.0 * std::f64::consts::PI * freq / f64::from(RATE);
        let mut s = 0.15 * phase.sin() as f32;
        if k.is_multiple_of(2) {
            noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            s += 0.04 * ((noise >> 8) as f32 / (1 << 24) as f32 - 0.5);
        }
        out.push(s);
    }
    for k in 0..seconds as usize {
        let centre = k * RATE as usize + RATE as usize / 2;
        for j in 0..=2 * PULSE {
            let w = 0.5 - 0.5 * (std::f32::consts::PI * j as f32 / PULSE as f32).cos();
            if let Some(s) = out.get_mut(centre + j - PULSE) {
                *s += 0.6 * w;
            }
        }
    }
    out
}

/// Click times (sample index at `RATE`) of [`click_track`].
pub fn click_times(seconds: u32) -> Vec<i64> {
    (0..i64::from(seconds)).map(|k| k * i64::from(RATE) + i64::from(RATE) / 2).collect()
}

/// A harmonic tone: F0 `f0` with 5 harmonics, gentle 4 Hz amplitude wobble.
pub fn harmonic(seconds: f32, rate: u32, f0: f32) -> Vec<f32> {
    let n = (seconds * rate as f32) as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / rate as f32;
            let env = 0.7 + 0.3 * (2.0 * std::f32::consts::PI * 4.0 * t).sin();
            let s: f32 =
                (1..=5).map(|h| (2.0 * std::f32::consts::PI * f0 * h as f32 * t).sin() / h as f32).sum();
            0.25 * env * s
        })
        .collect()
}

pub fn write_wav(path: &Path, samples: &[f32], rate: u32, channels: u16) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).unwrap();
    }
    w.finalize().unwrap();
}

pub fn read_wav(path: &Path) -> (Vec<f32>, u32, u16) {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    let s = r.samples::<i16>().map(|s| f32::from(s.unwrap()) / 32767.0).collect();
    (s, spec.sample_rate, spec.channels)
}

fn lame(args: &[&str], input: &Path, output: &Path) {
    let status = Command::new("lame")
        .args(["--quiet", "--noreplaygain"])
        .args(args)
        .arg(input)
        .arg(output)
        .status()
        .expect("`lame` must be installed (apt-get install lame)");
    assert!(status.success(), "lame failed");
}

fn make_all(dir: &Path) {
    let done = dir.join(".complete");
    if done.exists() {
        return;
    }
    let short = click_track(20);
    write_wav(&dir.join("clicks.wav"), &short, RATE, 1);
    lame(&["-b", "128", "--cbr"], &dir.join("clicks.wav"), &dir.join("clicks_cbr.mp3"));
    lame(&["-t", "--vbr-new", "-V", "4"], &dir.join("clicks.wav"), &dir.join("clicks_vbr_noxing.mp3"));
    let status = Command::new("sox")
        .arg(dir.join("clicks.wav"))
        .arg(dir.join("clicks.ogg"))
        .status()
        .expect("`sox` must be installed (with Ogg Vorbis support)");
    assert!(status.success(), "sox failed");
    let long = click_track(300);
    write_wav(&dir.join("long.wav"), &long, RATE, 1);
    lame(&["-t", "--vbr-new", "-V", "5"], &dir.join("long.wav"), &dir.join("long_vbr_noxing.mp3"));
    std::fs::remove_file(dir.join("long.wav")).unwrap();
    // Stereo 22.05 kHz harmonic file (export must resample/mix it).
    let h = harmonic(10.0, 22_050, 150.0);
    let stereo: Vec<f32> = h.iter().flat_map(|s| [*s, *s * 0.8]).collect();
    write_wav(&dir.join("harmonic_stereo22k.wav"), &stereo, 22_050, 2);
    write_wav(&dir.join("harmonic44k.wav"), &harmonic(10.0, RATE, 150.0), RATE, 1);
    let text = "Chapter one. It was a bright cold day in April, and the clocks were striking thirteen. \
                The library opened at nine, and the first reader came in with a talking book player.";
    let status = Command::new("espeak-ng")
        .args(["-s", "150", "-w"])
        .arg(dir.join("speech.wav"))
        .arg(text)
        .status()
        .expect("`espeak-ng` must be installed");
    assert!(status.success());
    let mut garbage = Vec::with_capacity(10_000);
    let mut x: u32 = 7;
    for _ in 0..10_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        garbage.push((x >> 16) as u8);
    }
    std::fs::write(dir.join("garbage.mp3"), garbage).unwrap();
    std::fs::write(done, b"ok").unwrap();
}

/// Decodes a whole file from the start (reference for content checks).
pub fn decode_all(href: &str) -> (Vec<f32>, u32, u16) {
    let opener = opener();
    let mut d = FileDecoder::open_href(opener.as_ref(), href).unwrap();
    let mut out = Vec::new();
    while d.fill() {
        out.extend_from_slice(d.buffered());
        let frames = d.buffered().len() / usize::from(d.channels());
        d.consume(frames);
    }
    (out, d.sample_rate(), d.channels())
}

/// Indices of click peaks in a mono signal: local maxima above `threshold`
/// at least 0.2 s apart.
pub fn find_clicks(samples: &[f32], threshold: f32) -> Vec<i64> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < samples.len() {
        if samples[i] > threshold {
            let end = (i + 200).min(samples.len());
            let (best, _) = samples[i..end]
                .iter()
                .enumerate()
                .fold((0, f32::MIN), |acc, (j, &v)| if v > acc.1 { (j, v) } else { acc });
            out.push((i + best) as i64);
            i += 8820;
        } else {
            i += 1;
        }
    }
    out
}

/// F0 by normalised autocorrelation, median over voiced 40 ms frames.
pub fn median_f0(samples: &[f32], rate: u32) -> f32 {
    let frame = (rate as f32 * 0.04) as usize;
    let min_lag = (rate / 400) as usize;
    let max_lag = (rate / 60) as usize;
    let mut f0s = Vec::new();
    let mut start = 0;
    while start + frame + max_lag < samples.len() {
        let x = &samples[start..start + frame + max_lag];
        let energy: f32 = x[..frame].iter().map(|v| v * v).sum();
        if energy / frame as f32 > 1e-4 {
            let mut best = (0, 0.0f32);
            let mut values = vec![0.0f32; max_lag + 1];
            for (lag, value) in values.iter_mut().enumerate().skip(min_lag) {
                let mut num = 0.0;
                let mut e2 = 0.0;
                for i in 0..frame {
                    num += x[i] * x[i + lag];
                    e2 += x[i + lag] * x[i + lag];
                }
                *value = num / (energy * e2).sqrt().max(1e-9);
            }
            // First lag reaching 90 % of the best peak (avoids octave errors).
            let peak = values.iter().skip(min_lag).cloned().fold(0.0, f32::max);
            for lag in min_lag + 1..max_lag {
                if values[lag] >= 0.9 * peak
                    && values[lag] >= values[lag - 1]
                    && values[lag] >= values[lag + 1]
                {
                    best = (lag, values[lag]);
                    break;
                }
            }
            if best.1 > 0.6 {
                // Parabolic interpolation for sub-sample lag.
                let (l, y0, y1, y2) = (best.0, values[best.0 - 1], values[best.0], values[best.0 + 1]);
                let d = 0.5 * (y0 - y2) / (y0 - 2.0 * y1 + y2).min(-1e-9);
                f0s.push(rate as f32 / (l as f32 + d));
            }
        }
        start += frame;
    }
    assert!(f0s.len() > 5, "too few voiced frames");
    f0s.sort_by(f32::total_cmp);
    f0s[f0s.len() / 2]
}

/// Keeps the first channel of interleaved samples.
pub fn first_channel(samples: &[f32], channels: u16) -> Vec<f32> {
    samples.chunks(usize::from(channels)).map(|f| f[0]).collect()
}

/// A fixture book (path under `tests/fixtures/books`) with its reading units.
pub fn book_and_units(relative: &str) -> (tomoshibi::book::Publication, Vec<tomoshibi::reading::Unit>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books").join(relative);
    let book = tomoshibi::book::open(&path).unwrap();
    let units = tomoshibi::reading::units(&book, tomoshibi::reading::RubyMode::Hidden);
    (book, units)
}
