//! 16-bit PCM buffers and the small part of WAV that the engines write.

use std::time::Duration;

/// Mono 16-bit PCM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pcm {
    /// Samples per second.
    pub sample_rate: u32,
    /// The samples, mono.
    pub samples: Vec<i16>,
}

impl Pcm {
    /// An empty buffer at `sample_rate`.
    pub fn silence(sample_rate: u32) -> Self {
        Self { sample_rate, samples: Vec::new() }
    }

    /// How long it plays.
    pub fn duration(&self) -> Duration {
        if self.sample_rate == 0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(self.samples.len() as f64 / f64::from(self.sample_rate))
    }

    /// Root-mean-square level, 0.0 (silence) ..= 1.0 (full scale).
    pub fn rms(&self) -> f32 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self.samples.iter().map(|&s| (f64::from(s) / 32768.0).powi(2)).sum();
        (sum / self.samples.len() as f64).sqrt() as f32
    }

    /// The time spent above `threshold` RMS in 10 ms windows — speech, not pauses.
    pub fn voiced(&self, threshold: f32) -> Duration {
        let window = (self.sample_rate / 100).max(1) as usize;
        let voiced = self
            .samples
            .chunks(window)
            .filter(|chunk| Self { sample_rate: self.sample_rate, samples: chunk.to_vec() }.rms() > threshold)
            .count();
        Duration::from_millis(voiced as u64 * 10)
    }

    /// Appends `other` (same sample rate; otherwise it is resampled by nearest sample).
    pub fn append(&mut self, other: &Pcm) {
        if other.sample_rate == self.sample_rate || self.samples.is_empty() {
            self.sample_rate = other.sample_rate;
            self.samples.extend_from_slice(&other.samples);
            return;
        }
        let ratio = f64::from(other.sample_rate) / f64::from(self.sample_rate);
        let count = (other.samples.len() as f64 / ratio) as usize;
        self.samples
            .extend((0..count).filter_map(|i| other.samples.get((i as f64 * ratio) as usize).copied()));
    }

    /// The buffer as a WAV file.
    pub fn to_wav(&self) -> Vec<u8> {
        let data_len = (self.samples.len() * 2) as u32;
        let mut out = Vec::with_capacity(44 + data_len as usize);
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + data_len).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&self.sample_rate.to_le_bytes());
        out.extend_from_slice(&(self.sample_rate * 2).to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        for s in &self.samples {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }
}

/// Reads a 16-bit PCM WAV file. Streams written to a pipe (espeak-ng `--stdout`) carry a
/// placeholder length; the data then runs to the end of the bytes. Stereo is mixed down.
///
/// # Errors
/// A short reason when the bytes are not 16-bit PCM WAV.
pub fn parse_wav(bytes: &[u8]) -> Result<Pcm, String> {
    if bytes.get(0..4) != Some(b"RIFF") || bytes.get(8..12) != Some(b"WAVE") {
        return Err(format!("not a WAV file ({} bytes)", bytes.len()));
    }
    let mut at = 12;
    let mut format: Option<(u16, u16, u32, u16)> = None;
    while let (Some(id), Some(size)) = (bytes.get(at..at + 4), le_u32(bytes, at + 4)) {
        let size = size as usize;
        let body = at + 8;
        if id == b"fmt " {
            let field = |offset: usize| le_u16(bytes, body + offset).ok_or("short fmt chunk");
            let rate = le_u32(bytes, body + 4).ok_or("short fmt chunk")?;
            format = Some((field(0)?, field(2)?, rate, field(14)?));
        } else if id == b"data" {
            let (tag, channels, sample_rate, bits) = format.ok_or("data before fmt")?;
            if !(tag == 1 || tag == 0xFFFE) || bits != 16 || channels == 0 {
                return Err(format!("unsupported format {tag}, {bits} bits, {channels} channels"));
            }
            let end = body.saturating_add(size).min(bytes.len());
            let data = bytes.get(body..end).unwrap_or_default();
            let frame = usize::from(channels) * 2;
            let samples = data
                .chunks_exact(frame)
                .map(|f| {
                    let sum: i32 = f
                        .chunks_exact(2)
                        .map(|s| {
                            i32::from(i16::from_le_bytes([
                                s.first().copied().unwrap_or(0),
                                s.get(1).copied().unwrap_or(0),
                            ]))
                        })
                        .sum();
                    (sum / i32::from(channels)) as i16
                })
                .collect();
            return Ok(Pcm { sample_rate, samples });
        }
        at = body.saturating_add(size + (size & 1));
    }
    Err("no data chunk".into())
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    bytes.get(at..at + 2)?.try_into().ok().map(u16::from_le_bytes)
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4)?.try_into().ok().map(u32::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_round_trip_and_levels() {
        let tone: Vec<i16> = (0..16_000).map(|i| if i % 20 < 10 { 8000 } else { -8000 }).collect();
        let pcm = Pcm { sample_rate: 16_000, samples: tone };
        let back = parse_wav(&pcm.to_wav()).unwrap();
        assert_eq!(back, pcm);
        assert_eq!(back.duration(), Duration::from_secs(1));
        assert!((back.rms() - 8000.0 / 32768.0).abs() < 1e-3);
        assert_eq!(back.voiced(0.1), Duration::from_secs(1));
        assert_eq!(Pcm::silence(16_000).rms(), 0.0);
    }

    #[test]
    fn streamed_wav_with_placeholder_length() {
        let mut bytes = Pcm { sample_rate: 22_050, samples: vec![1, 2, 3] }.to_wav();
        bytes[40..44].copy_from_slice(&0x7fff_f000u32.to_le_bytes());
        assert_eq!(parse_wav(&bytes).unwrap().samples, [1, 2, 3]);
        assert!(parse_wav(b"nope").is_err());
    }

    #[test]
    fn append_resamples() {
        let mut a = Pcm { sample_rate: 8000, samples: vec![0; 8000] };
        a.append(&Pcm { sample_rate: 16_000, samples: vec![1; 16_000] });
        assert_eq!(a.duration(), Duration::from_secs(2));
    }
}
