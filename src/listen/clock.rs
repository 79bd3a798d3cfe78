//! Book time as patrons type and hear it: `90` (seconds), `1:30` (minutes:seconds),
//! `1:02:03` (hours:minutes:seconds), with full-width digits and colons (`１：３０`) as a
//! Japanese input method gives them; and times written back as `12:30` or `1:02:03`.

use crate::book::clock::parse_clock;

/// Why a typed time cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Nothing was typed.
    #[error("no time was typed")]
    Empty,
    /// The text is not a time.
    #[error("not a time: {0}")]
    Unreadable(String),
    /// The time is past the end of the book.
    #[error("{} is past the end ({})", format(*time_ms), format(*total_ms))]
    PastEnd {
        /// The time typed.
        time_ms: u64,
        /// The book's length.
        total_ms: u64,
    },
}

/// Full-width digits, colons, periods and spaces as their ASCII forms.
fn narrow(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c),
            '：' => ':',
            '．' => '.',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Reads `90`, `1:30`, `1:02:03` or `1:02:03.5` (full-width forms too) as milliseconds: the
/// SMIL clock forms of [`parse_clock`], so minutes and seconds are below 60 and a number
/// alone is seconds.
///
/// # Errors
/// [`TimeError::Empty`] for blank text, [`TimeError::Unreadable`] for anything else that is
/// not a time.
pub fn parse(text: &str) -> Result<u64, TimeError> {
    let narrowed = narrow(text);
    if narrowed.trim().is_empty() {
        return Err(TimeError::Empty);
    }
    parse_clock(&narrowed).ok_or_else(|| TimeError::Unreadable(text.trim().to_owned()))
}

/// Reads a time (see [`parse`]) inside a book `total_ms` long; the very end counts as past it.
///
/// # Errors
/// As [`parse`], and [`TimeError::PastEnd`].
pub fn parse_within(text: &str, total_ms: u64) -> Result<u64, TimeError> {
    let time_ms = parse(text)?;
    if time_ms >= total_ms {
        return Err(TimeError::PastEnd { time_ms, total_ms });
    }
    Ok(time_ms)
}

/// `12:30` under an hour, `1:02:03` from an hour on (seconds rounded down).
pub fn format(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_patrons_type_them() {
        for (text, ms) in [
            ("1:30", 90_000),
            ("90", 90_000),
            ("1:02:03", 3_723_000),
            ("１：３０", 90_000),
            ("１：０２：０３", 3_723_000),
            (" 0:05 ", 5_000),
            ("1:02:03.5", 3_723_500),
            ("0", 0),
            ("12.25", 12_250),
        ] {
            assert_eq!(parse(text), Ok(ms), "{text}");
        }
        assert_eq!(parse("  "), Err(TimeError::Empty));
        for bad in ["1:75", "75:00", "a:b", "1:2:3:4", "-3", "1::2", "NaN", "1e3", "+5", "1:", ":30", "."] {
            assert!(matches!(parse(bad), Err(TimeError::Unreadable(_))), "{bad}");
        }
        assert!(parse("99999999999999999999").is_err(), "too large is unreadable, not a panic");
    }

    #[test]
    fn times_past_the_end_are_refused() {
        assert_eq!(parse_within("1:30", 100_000), Ok(90_000));
        assert_eq!(
            parse_within("2:00", 100_000),
            Err(TimeError::PastEnd { time_ms: 120_000, total_ms: 100_000 })
        );
        assert!(parse_within("1:40", 100_000).is_err(), "the very end is past it");
    }

    #[test]
    fn times_are_written_back_short() {
        assert_eq!(format(0), "0:00");
        assert_eq!(format(90_500), "1:30");
        assert_eq!(format(3_723_000), "1:02:03");
    }
}
