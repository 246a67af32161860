//! Dates as editors write them: a calendar date or an RFC 3339 date-time. The
//! timezone written is kept; a date without one takes the site's offset.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A published or updated moment, and whether the editor gave a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub at: OffsetDateTime,
    pub has_time: bool,
}

/// The forms [`parse`] accepts, for error messages.
pub const ACCEPTED_FORMS: &str = "expected a date like 2025-10-17 or an RFC 3339 date-time like 2025-10-17T09:30:00+05:30, with a four-digit year";

/// The years RFC 3339 can write (four digits): every date monazite accepts is
/// among them, so that no page, feed or sitemap is left with an empty date.
pub const WRITABLE_YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// Parses a front-matter date; `offset` applies where none is written. A date
/// outside [`WRITABLE_YEARS`] (`-0001-01-01`) is not one.
pub fn parse(text: &str, offset: UtcOffset) -> Option<Moment> {
    parse_any_year(text, offset).filter(|m| WRITABLE_YEARS.contains(&m.at.year()))
}

fn parse_any_year(text: &str, offset: UtcOffset) -> Option<Moment> {
    let t = text.trim();
    if let Ok(at) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(Moment { at, has_time: true });
    }
    let date_only = format_description!("[year]-[month]-[day]");
    if let Ok(date) = Date::parse(t, date_only) {
        return Some(Moment {
            at: PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(offset),
            has_time: false,
        });
    }
    // Leniency editors expect: a space instead of `T`, or no seconds, or no offset.
    let normalized = t.replacen(' ', "T", 1);
    // `2025-10-17T09:30` or `2025-10-17T09:30+05:30`: add the seconds RFC 3339 requires.
    let with_seconds = match normalized.get(16..17) {
        None if normalized.len() == 16 => format!("{normalized}:00"),
        Some(next) if next != ":" && normalized.is_char_boundary(16) => {
            format!("{}:00{}", &normalized[..16], &normalized[16..])
        }
        _ => normalized,
    };
    if let Ok(at) = OffsetDateTime::parse(&with_seconds, &Rfc3339) {
        return Some(Moment { at, has_time: true });
    }
    let local = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(&with_seconds, local)
        .ok()
        .map(|p| Moment {
            at: p.assume_offset(offset),
            has_time: true,
        })
}

/// A date as templates see it: machine-readable and for readers.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// RFC 3339 with the written offset, for `<time datetime>` and feeds.
    pub iso: String,
    /// For readers: `17 October 2025, 09:30 UTC+05:30` or `17 October 2025`.
    pub display: String,
    /// `17 Oct 2025`, for lists.
    pub short: String,
    pub year: i32,
    /// `October 2025`, for archive groups.
    pub month: String,
}

/// Month names as readers see them (`time` has them only through `Display`,
/// which costs an allocation per use).
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Moment {
    /// Made for every card and article page: written digit by digit rather
    /// than through `format!`.
    pub fn view(&self) -> DateView {
        let at = self.at;
        let month = MONTHS[usize::from(u8::from(at.month())) - 1];
        let (day, year) = (u32::from(at.day()), at.year());
        let mut display = String::with_capacity(40);
        push_padded(&mut display, day, 1);
        display.push(' ');
        display.push_str(month);
        display.push(' ');
        push_year(&mut display, year);
        if self.has_time {
            display.push_str(", ");
            push_padded(&mut display, at.hour().into(), 2);
            display.push(':');
            push_padded(&mut display, at.minute().into(), 2);
            display.push_str(" UTC");
            if !at.offset().is_utc() {
                push_offset(&mut display, at.offset());
            }
        }
        let mut short = String::with_capacity(12);
        push_padded(&mut short, day, 1);
        short.push(' ');
        short.push_str(&month[..3]);
        short.push(' ');
        push_year(&mut short, year);
        let mut month_view = String::with_capacity(16);
        month_view.push_str(month);
        month_view.push(' ');
        push_year(&mut month_view, year);
        DateView {
            iso: rfc3339(at),
            display,
            short,
            year,
            month: month_view,
        }
    }
}

/// RFC 3339 text of a moment, keeping its offset (`Z` for UTC), as `time`'s
/// `Rfc3339` writes it. Whole seconds with years 0 to 9999 (every moment
/// front matter gives) are written directly, a few times per article; the
/// rest goes through `time`.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let offset = at.offset();
    let year = at.year();
    if !(0..10_000).contains(&year)
        || at.nanosecond() != 0
        || offset.seconds_past_minute() != 0
        || offset.whole_hours().unsigned_abs() > 23
    {
        return at.format(&Rfc3339).unwrap_or_default();
    }
    let mut out = String::with_capacity(25);
    push_padded(&mut out, year.unsigned_abs(), 4);
    out.push('-');
    push_padded(&mut out, u8::from(at.month()).into(), 2);
    out.push('-');
    push_padded(&mut out, at.day().into(), 2);
    out.push('T');
    push_padded(&mut out, at.hour().into(), 2);
    out.push(':');
    push_padded(&mut out, at.minute().into(), 2);
    out.push(':');
    push_padded(&mut out, at.second().into(), 2);
    if offset.is_utc() {
        out.push('Z');
    } else {
        push_offset(&mut out, offset);
    }
    out
}

/// `+05:30` or `-03:00`: an offset's sign, hours and minutes (its seconds,
/// which no written offset has, are left out).
fn push_offset(out: &mut String, offset: UtcOffset) {
    out.push(if offset.is_negative() { '-' } else { '+' });
    push_padded(out, offset.whole_hours().unsigned_abs().into(), 2);
    out.push(':');
    push_padded(out, offset.minutes_past_hour().unsigned_abs().into(), 2);
}

/// `n` in decimal, at least `width` digits (zero-padded).
fn push_padded(out: &mut String, n: u32, width: u32) {
    let digits = n.checked_ilog10().unwrap_or(0) + 1;
    for place in (0..digits.max(width)).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// A year as `Display` writes it (a minus sign before years BC).
fn push_year(out: &mut String, year: i32) {
    if year < 0 {
        out.push('-');
    }
    push_padded(out, year.unsigned_abs(), 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_written_offset() {
        let m = parse("2025-10-17T09:30:00+05:30", UtcOffset::UTC).unwrap();
        assert_eq!(rfc3339(m.at), "2025-10-17T09:30:00+05:30");
        assert_eq!(m.view().display, "17 October 2025, 09:30 UTC+05:30");
    }

    #[test]
    fn date_only_takes_site_offset() {
        let ist = UtcOffset::from_hms(5, 30, 0).unwrap();
        let m = parse("2025-06-02", ist).unwrap();
        assert!(!m.has_time);
        assert_eq!(rfc3339(m.at), "2025-06-02T00:00:00+05:30");
        assert_eq!(m.view().display, "2 June 2025");
        assert_eq!(m.view().short, "2 Jun 2025");
    }

    #[test]
    fn written_like_time_and_format_write_them() {
        // Every quarter-hour offset either side of UTC, years from 1 to 9999,
        // every hour and minute: the same text as `time`'s RFC 3339 and as
        // `format!` made it before.
        let mut checked = 0;
        for quarter in -95i32..=95 {
            let minutes = quarter * 15;
            let offset =
                UtcOffset::from_hms((minutes / 60) as i8, (minutes % 60) as i8, 0).unwrap();
            for (n, year) in [1, 9, 10, 99, 100, 999, 1000, 1969, 2025, 9999]
                .into_iter()
                .enumerate()
            {
                let date = Date::from_calendar_date(
                    year,
                    time::Month::try_from((n % 12 + 1) as u8).unwrap(),
                    (n * 3 + 1) as u8,
                )
                .unwrap();
                let hour = (n * 7 + quarter.unsigned_abs() as usize) % 24;
                let moment = Moment {
                    at: PrimitiveDateTime::new(
                        date,
                        Time::from_hms(hour as u8, (n * 13 % 60) as u8, (n * 31 % 60) as u8)
                            .unwrap(),
                    )
                    .assume_offset(offset),
                    has_time: n % 2 == 0,
                };
                let at = moment.at;
                assert_eq!(rfc3339(at), at.format(&Rfc3339).unwrap());
                let view = moment.view();
                let before = format!("{} {} {}", at.day(), at.month(), at.year());
                let label = if offset.is_utc() {
                    "UTC".to_string()
                } else {
                    let (h, m, _) = offset.as_hms();
                    let sign = if offset.is_negative() { '-' } else { '+' };
                    format!("UTC{sign}{:02}:{:02}", h.abs(), m.abs())
                };
                let display = if moment.has_time {
                    format!("{before}, {:02}:{:02} {label}", at.hour(), at.minute())
                } else {
                    before
                };
                let month = at.month().to_string();
                assert_eq!(view.display, display);
                assert_eq!(
                    view.short,
                    format!("{} {} {}", at.day(), &month[..3], at.year())
                );
                assert_eq!(view.month, format!("{month} {}", at.year()));
                assert_eq!(view.year, at.year());
                checked += 1;
            }
        }
        assert_eq!(checked, 191 * 10);
        // Fractions of a second, and years past 9999, go through `time`.
        let odd = PrimitiveDateTime::new(
            Date::from_calendar_date(2025, time::Month::May, 4).unwrap(),
            Time::from_hms_nano(1, 2, 3, 450_000_000).unwrap(),
        )
        .assume_utc();
        assert_eq!(rfc3339(odd), "2025-05-04T01:02:03.45Z");
    }

    #[test]
    fn lenient_forms_and_rejections() {
        assert!(parse("2025-10-17 09:30", UtcOffset::UTC).is_some());
        assert!(parse("2025-10-17T09:30Z", UtcOffset::UTC).is_some());
        assert!(parse("17/10/2025", UtcOffset::UTC).is_none());
        assert!(parse("yesterday", UtcOffset::UTC).is_none());
        assert!(parse("2025-02-30", UtcOffset::UTC).is_none());
    }

    #[test]
    fn only_years_rfc3339_can_write() {
        for outside in ["-0001-06-01", "-2025-01-01T00:00:00Z", "-0001-12-31 23:00"] {
            assert!(parse(outside, UtcOffset::UTC).is_none(), "{outside}");
        }
        for (inside, written) in [
            ("0000-01-01", "0000-01-01T00:00:00+23:59"),
            ("9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"),
        ] {
            let offset = UtcOffset::from_hms(23, 59, 0).unwrap();
            let m = parse(inside, offset).unwrap();
            assert_eq!(rfc3339(m.at), written);
        }
    }
}
