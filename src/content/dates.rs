//! Dates as editors write them: a calendar date or an RFC 3339 date-time. The
//! timezone written is kept; a date without one takes the site's offset.

use serde::Serialize;

use crate::config::Config;
use crate::config::locale::DateLength;
use crate::config::zone::SiteZone;
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

/// Parses a front-matter date; a date or time written without an offset is
/// read in the site's `zone` at that date (daylight saving included). A date
/// outside [`WRITABLE_YEARS`] (`-0001-01-01`) is not one.
pub fn parse(text: &str, zone: &SiteZone) -> Option<Moment> {
    parse_any_year(text, zone).filter(|m| WRITABLE_YEARS.contains(&m.at.year()))
}

fn parse_any_year(text: &str, zone: &SiteZone) -> Option<Moment> {
    let t = text.trim();
    if let Ok(at) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(Moment { at, has_time: true });
    }
    let date_only = format_description!("[year]-[month]-[day]");
    if let Ok(date) = Date::parse(t, date_only) {
        return Some(Moment {
            at: zone.assume(PrimitiveDateTime::new(date, Time::MIDNIGHT)),
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
            at: zone.assume(p),
            has_time: true,
        })
}

/// A date as templates see it: machine-readable and for readers, in the
/// site's language.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// RFC 3339 with the written offset, for `<time datetime>` and feeds.
    pub iso: String,
    /// For readers: `17 October 2025 at 09:30 IST` or `17 October 2025`
    /// (`en-GB`; the order, words and clock follow `language`).
    pub display: String,
    /// `17 Oct 2025`, for lists.
    pub short: String,
    pub year: i32,
    /// `October 2025`, for archive groups.
    pub month: String,
    /// Whether the editor gave a time of day (the `date` filter shows it then).
    pub has_time: bool,
}

impl Moment {
    /// Made for every card and article page, with the site's formatters
    /// (made once per language) and its zone's abbreviation.
    pub fn view(&self, config: &Config) -> DateView {
        let at = self.at;
        let formats = &config.date_formats;
        DateView {
            iso: rfc3339(at),
            display: self.display(config, DateLength::Long),
            short: formats.date(at, DateLength::Medium),
            year: at.year(),
            month: formats.month(at),
            has_time: self.has_time,
        }
    }

    /// The date (and time of day with its zone, when one was written) in a
    /// named length, in the site's language.
    pub fn display(&self, config: &Config, length: DateLength) -> String {
        let formats = &config.date_formats;
        if !self.has_time {
            return formats.date(self.at, length);
        }
        let mut text = formats.date_time(self.at, length);
        text.push(' ');
        push_zone(&mut text, &config.timezone, self.at);
        text
    }
}

/// `IST` where the site's named zone has that abbreviation at `at` and the
/// offset written is the zone's; else `UTC`, `UTC+05:30`.
fn push_zone(out: &mut String, zone: &SiteZone, at: OffsetDateTime) {
    if let Some(abbreviation) = zone.abbreviation(at, at.offset()) {
        out.push_str(&abbreviation);
        return;
    }
    out.push_str("UTC");
    if !at.offset().is_utc() {
        push_offset(out, at.offset());
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

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: SiteZone = SiteZone::Offset(UtcOffset::UTC);

    fn config(extra: &str) -> Config {
        Config::parse(&format!("title: T\nbase_url: https://x.org/\n{extra}")).unwrap()
    }

    #[test]
    fn keeps_the_written_offset() {
        let m = parse("2025-10-17T09:30:00+05:30", &UTC).unwrap();
        assert_eq!(rfc3339(m.at), "2025-10-17T09:30:00+05:30");
        let c = config("language: en-GB\n");
        assert_eq!(m.view(&c).display, "17 October 2025 at 09:30 UTC+05:30");
    }

    #[test]
    fn date_only_takes_site_zone() {
        let ist = SiteZone::Offset(UtcOffset::from_hms(5, 30, 0).unwrap());
        let m = parse("2025-06-02", &ist).unwrap();
        assert!(!m.has_time);
        assert_eq!(rfc3339(m.at), "2025-06-02T00:00:00+05:30");
        let view = m.view(&config("language: en-GB\n"));
        assert_eq!(view.display, "2 June 2025");
        assert_eq!(view.short, "2 Jun 2025");
        assert_eq!(view.month, "June 2025");
    }

    #[test]
    fn a_named_zone_reads_local_times_and_shows_its_abbreviation() {
        let c = config("language: en-GB\ntimezone: Europe/Berlin\n");
        let winter = parse("2025-01-15 09:30", &c.timezone).unwrap();
        assert_eq!(rfc3339(winter.at), "2025-01-15T09:30:00+01:00");
        assert_eq!(winter.view(&c).display, "15 January 2025 at 09:30 CET");
        let summer = parse("2025-07-15T09:30", &c.timezone).unwrap();
        assert_eq!(rfc3339(summer.at), "2025-07-15T09:30:00+02:00");
        assert_eq!(summer.view(&c).display, "15 July 2025 at 09:30 CEST");
        let day = parse("2025-07-15", &c.timezone).unwrap();
        assert_eq!(rfc3339(day.at), "2025-07-15T00:00:00+02:00");
        // An offset written by the editor is kept; it is not Berlin's then.
        let written = parse("2025-07-15T09:30:00Z", &c.timezone).unwrap();
        assert_eq!(written.view(&c).display, "15 July 2025 at 09:30 UTC");
    }

    #[test]
    fn written_like_time_writes_them() {
        // Every quarter-hour offset either side of UTC, years from 1 to 9999:
        // the same text as `time`'s RFC 3339.
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
                let at = PrimitiveDateTime::new(
                    date,
                    Time::from_hms(hour as u8, (n * 13 % 60) as u8, (n * 31 % 60) as u8).unwrap(),
                )
                .assume_offset(offset);
                assert_eq!(rfc3339(at), at.format(&Rfc3339).unwrap());
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
        assert!(parse("2025-10-17 09:30", &UTC).is_some());
        assert!(parse("2025-10-17T09:30Z", &UTC).is_some());
        assert!(parse("17/10/2025", &UTC).is_none());
        assert!(parse("yesterday", &UTC).is_none());
        assert!(parse("2025-02-30", &UTC).is_none());
    }

    #[test]
    fn only_years_rfc3339_can_write() {
        for outside in ["-0001-06-01", "-2025-01-01T00:00:00Z", "-0001-12-31 23:00"] {
            assert!(parse(outside, &UTC).is_none(), "{outside}");
        }
        let zone = SiteZone::Offset(UtcOffset::from_hms(23, 59, 0).unwrap());
        for (inside, written) in [
            ("0000-01-01", "0000-01-01T00:00:00+23:59"),
            ("9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"),
        ] {
            let m = parse(inside, &zone).unwrap();
            assert_eq!(rfc3339(m.at), written);
        }
    }
}
