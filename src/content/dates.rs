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
pub const ACCEPTED_FORMS: &str =
    "expected a date like 2025-10-17 or an RFC 3339 date-time like 2025-10-17T09:30:00+05:30";

/// Parses a front-matter date; `offset` applies where none is written.
pub fn parse(text: &str, offset: UtcOffset) -> Option<Moment> {
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

impl Moment {
    pub fn view(&self) -> DateView {
        let at = self.at;
        let date = format!("{} {} {}", at.day(), at.month(), at.year());
        let display = if self.has_time {
            format!(
                "{date}, {:02}:{:02} {}",
                at.hour(),
                at.minute(),
                offset_label(at.offset())
            )
        } else {
            date
        };
        let month_name = at.month().to_string();
        DateView {
            iso: rfc3339(at),
            display,
            short: format!("{} {} {}", at.day(), &month_name[..3], at.year()),
            year: at.year(),
            month: format!("{month_name} {}", at.year()),
        }
    }
}

/// RFC 3339 text of a moment, keeping its offset.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn offset_label(offset: UtcOffset) -> String {
    if offset.is_utc() {
        return "UTC".into();
    }
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", h.abs(), m.abs())
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
    fn lenient_forms_and_rejections() {
        assert!(parse("2025-10-17 09:30", UtcOffset::UTC).is_some());
        assert!(parse("2025-10-17T09:30Z", UtcOffset::UTC).is_some());
        assert!(parse("17/10/2025", UtcOffset::UTC).is_none());
        assert!(parse("yesterday", UtcOffset::UTC).is_none());
        assert!(parse("2025-02-30", UtcOffset::UTC).is_none());
    }
}
