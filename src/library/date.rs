//! Lenient date parsing for feeds.
//!
//! Why `time` (0.3) rather than `chrono`: it has a strict, well-tested RFC 3339 parser and
//! formatter built in (`well_known::Rfc3339`), needs no time-zone database (feeds carry UTC
//! offsets; the UI converts to local time on display), is MIT OR Apache-2.0, and is smaller.
//! Real feeds also send dates without offsets, date-only values (`dcterms:issued`), a lower-case
//! `t`/`z` or a space separator: those are accepted here and read as UTC.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::scan::trim;

/// Parses an RFC 3339 date-time, or one of the lenient forms real feeds use:
/// `YYYY-MM-DDTHH:MM:SS[.fff]` without an offset, `YYYY-MM-DD`, `YYYY-MM`, `YYYY`
/// (all read as UTC). Returns `None` for anything else.
pub fn parse_datetime(text: &str) -> Option<OffsetDateTime> {
    let text = trim(text);
    if let Some(value) = parse_common(text) {
        return Some(value);
    }
    if let Ok(value) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(value);
    }
    let normal = text.to_ascii_uppercase().replacen(' ', "T", 1);
    if let Ok(value) = OffsetDateTime::parse(&normal, &Rfc3339) {
        return Some(value);
    }
    match normal.split_once('T') {
        Some((date, time)) => {
            let date = parse_date(date)?;
            let time = parse_time(time)?;
            Some(PrimitiveDateTime::new(date, time).assume_utc())
        }
        None => Some(parse_date(&normal)?.midnight().assume_utc()),
    }
}

/// The two forms nearly every feed uses, `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DD`, read
/// directly (the general path costs several times more); `None` sends anything else, or
/// anything out of range, to the general path, which reads these forms the same way.
fn parse_common(text: &str) -> Option<OffsetDateTime> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let date = match b {
        [_, _, _, _, b'-', _, _, b'-', _, _, ..] => {
            let month = Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
            let day = u8::try_from(digits(8..10)?).ok()?;
            Date::from_calendar_date(i32::try_from(digits(0..4)?).ok()?, month, day).ok()?
        }
        _ => return None,
    };
    match b.len() {
        10 => Some(date.midnight().assume_utc()),
        20 if matches!(b, [.., b'T', _, _, b':', _, _, b':', _, _, b'Z']) => {
            let part = |range| digits(range).and_then(|n| u8::try_from(n).ok());
            let time = Time::from_hms(part(11..13)?, part(14..16)?, part(17..19)?).ok()?;
            Some(PrimitiveDateTime::new(date, time).assume_utc())
        }
        _ => None,
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (missing parts are 1).
fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year_text = parts.next()?;
    if year_text.len() != 4 {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    let month: u8 = parts.next().map_or(Some(1), two_digits)?;
    let day: u8 = parts.next().map_or(Some(1), two_digits)?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// `HH:MM[:SS[.fraction]]` without an offset.
fn parse_time(text: &str) -> Option<Time> {
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let mut parts = clock.split(':');
    let hour = two_digits(parts.next()?)?;
    let minute = two_digits(parts.next()?)?;
    let second = parts.next().map_or(Some(0), two_digits)?;
    if parts.next().is_some() {
        return None;
    }
    let nanos = match fraction {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            let padded: String = digits.chars().chain(std::iter::repeat('0')).take(9).collect();
            padded.parse().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    Time::from_hms_nano(hour, minute, second, nanos).ok()
}

fn two_digits(text: &str) -> Option<u8> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()) { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn parses_feed_dates() {
        let cases = [
            ("2015-08-17T20:37:53Z", Some(datetime!(2015-08-17 20:37:53 UTC))),
            ("2000-01-01T00:00:00+00:00", Some(datetime!(2000-01-01 00:00:00 UTC))),
            ("2020-09-02T13:10:18.123456+09:00", Some(datetime!(2020-09-02 13:10:18.123456 +09:00))),
            ("  2015-07-02T11:49:08Z\n", Some(datetime!(2015-07-02 11:49:08 UTC))),
            ("2015-07-02t11:49:08z", Some(datetime!(2015-07-02 11:49:08 UTC))),
            ("2015-07-02 11:49:08Z", Some(datetime!(2015-07-02 11:49:08 UTC))),
            ("2015-03-02T23:53:58", Some(datetime!(2015-03-02 23:53:58 UTC))),
            ("2015-03-02T23:53:58.5", Some(datetime!(2015-03-02 23:53:58.5 UTC))),
            ("2015-03-02T23:53", Some(datetime!(2015-03-02 23:53:00 UTC))),
            ("1938-05-01", Some(datetime!(1938-05-01 00:00:00 UTC))),
            ("2008-02", Some(datetime!(2008-02-01 00:00:00 UTC))),
            ("2008", Some(datetime!(2008-01-01 00:00:00 UTC))),
            ("3000-01-01T00:00:00Z", Some(datetime!(3000-01-01 00:00:00 UTC))),
            ("2015-02-30", None),
            ("2015-13-01", None),
            ("15-01-01", None),
            ("2015-1-1", None),
            ("2015-01-01T25:00:00", None),
            ("2015-01-01T10:00:00.", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_datetime(text), expected, "{text:?}");
        }
    }
}
