//! SMIL clock values (SMIL 1.0 `npt=`, SMIL 2/3 full, partial and timecount forms) and
//! DAISY duration metadata (`0:34:38`, `0:34:32.580`), all in milliseconds.

/// Parses a SMIL clock value into milliseconds.
///
/// Accepted forms (surrounding whitespace ignored):
/// - SMIL 1.0 `npt=` prefix with any of the forms below (`npt=12.5s`, `npt=0:01:02.5`);
/// - full clock `hh:mm:ss(.fff)` and partial clock `mm:ss(.fff)`;
/// - timecount `12.5`, `12.5s`, `1500ms`, `1.5min`, `2h`.
///
/// Returns `None` for anything else (negative, empty, out-of-range minutes/seconds in clock
/// form, values beyond ~292 million years).
pub fn parse_clock(value: &str) -> Option<u64> {
    let v = value.trim();
    let v = v.strip_prefix("npt=").unwrap_or(v).trim();
    if v.is_empty() {
        return None;
    }
    if v.contains(':') {
        return parse_clock_form(v);
    }
    let (number, factor) = if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix("min") {
        (n, 60_000.0)
    } else if let Some(n) = v.strip_suffix('h') {
        (n, 3_600_000.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (v, 1000.0)
    };
    to_ms(parse_decimal(number.trim())? * factor)
}

fn parse_clock_form(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (parse_uint(h)?, parse_uint(m)?, parse_decimal(s)?),
        [m, s] => (0, parse_uint(m)?, parse_decimal(s)?),
        _ => return None,
    };
    // In the full form minutes are 00–59; a partial clock may not exceed 59 either.
    if minutes > 59 || seconds >= 60.0 {
        return None;
    }
    let total = (hours as f64) * 3_600_000.0 + (minutes as f64) * 60_000.0 + seconds * 1000.0;
    to_ms(total)
}

fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_decimal(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 24 || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if s.bytes().filter(|&b| b == b'.').count() > 1 || s == "." {
        return None;
    }
    s.parse().ok()
}

fn to_ms(ms: f64) -> Option<u64> {
    if !ms.is_finite() || !(0.0..=9.0e18).contains(&ms) {
        return None;
    }
    Some(ms.round() as u64)
}

/// Formats milliseconds as `h:mm:ss` (or `h:mm:ss.fff` when there are milliseconds).
pub fn format_ms(ms: u64) -> String {
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s = (ms / 1000) % 60;
    let frac = ms % 1000;
    if frac == 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{h}:{m:02}:{s:02}.{frac:03}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_value_table() {
        let cases: &[(&str, Option<u64>)] = &[
            // SMIL 1.0 (DAISY 2.02)
            ("npt=0.000s", Some(0)),
            ("npt=5.621s", Some(5621)),
            ("npt=12s", Some(12_000)),
            ("npt=1:02:03.5", Some(3_723_500)),
            ("npt=62.25", Some(62_250)),
            (" npt= 3.2s ", Some(3200)),
            // SMIL 2 / 3 full clock
            ("0:00:00", Some(0)),
            ("0:00:05.621", Some(5621)),
            ("0:34:32.580", Some(2_072_580)),
            ("10:00:00", Some(36_000_000)),
            ("100:00:00.001", Some(360_000_001)),
            // partial clock
            ("02:30.5", Some(150_500)),
            ("00:03", Some(3000)),
            // timecount
            ("3.2s", Some(3200)),
            ("3.2", Some(3200)),
            ("1500ms", Some(1500)),
            ("1.5min", Some(90_000)),
            ("2h", Some(7_200_000)),
            ("0.0005s", Some(1)),
            // invalid
            ("", None),
            ("npt=", None),
            ("-1s", None),
            ("abc", None),
            ("1:60:00", None),
            ("0:00:60", None),
            ("1:2:3:4", None),
            ("1..2s", None),
            ("1e9s", None),
            (":", None),
            ("99999999999999999999999h", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_clock(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn format_table() {
        for (ms, text) in
            [(0, "0:00:00"), (2_078_000, "0:34:38"), (2_072_580, "0:34:32.580"), (3_723_005, "1:02:03.005")]
        {
            assert_eq!(format_ms(ms), text);
        }
    }
}
