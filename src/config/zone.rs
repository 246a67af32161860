//! The site's time zone: a fixed UTC offset (`+05:30`) or an IANA zone name
//! (`Asia/Kolkata`, `Europe/Berlin`) whose offset follows daylight saving.
//!
//! Zone rules come from the tz database bundled into the binary (jiff's
//! `tzdb-bundle-always`), so a site dates its articles alike on every
//! machine, with or without `/usr/share/zoneinfo`.

use jiff::Timestamp;
use jiff::civil::DateTime as CivilDateTime;
use jiff::tz::{AmbiguousOffset, TimeZone};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Where the site's dates are read and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteZone {
    /// A fixed offset as written (`+05:30`, `Z`): no abbreviation.
    Offset(UtcOffset),
    /// An IANA zone, by its name as the database spells it.
    Named { name: String, zone: TimeZone },
}

/// An unknown zone name, with the nearest known name when one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone {
    pub nearest: Option<String>,
}

impl Default for SiteZone {
    fn default() -> SiteZone {
        SiteZone::Offset(UtcOffset::UTC)
    }
}

impl SiteZone {
    /// `+05:30`, `-04:00`, `Z`, `UTC`, or an IANA name (`Asia/Kolkata`,
    /// in any case); `offset` reads the first kinds.
    pub fn parse(
        text: &str,
        offset: impl Fn(&str) -> Option<UtcOffset>,
    ) -> Result<SiteZone, UnknownZone> {
        let text = text.trim();
        if let Some(fixed) = offset(text) {
            return Ok(SiteZone::Offset(fixed));
        }
        let db = jiff::tz::db();
        match db.get(text) {
            Ok(zone) => Ok(SiteZone::Named {
                name: zone.iana_name().unwrap_or(text).to_string(),
                zone,
            }),
            Err(_) => {
                let names: Vec<String> = db.available().map(|n| n.to_string()).collect();
                let nearest = crate::suggest::did_you_mean(text, names.iter().map(String::as_str))
                    .or_else(|| same_city(text, &names))
                    .map(str::to_string);
                Err(UnknownZone { nearest })
            }
        }
    }

    /// The zone's offset at the moment `at`.
    pub fn offset_at(&self, at: OffsetDateTime) -> UtcOffset {
        match self {
            SiteZone::Offset(offset) => *offset,
            SiteZone::Named { zone, .. } => whole_minutes(zone.to_offset(timestamp(at)).seconds()),
        }
    }

    /// `at` as this zone's clocks showed it.
    pub fn to_zone(&self, at: OffsetDateTime) -> OffsetDateTime {
        at.checked_to_offset(self.offset_at(at)).unwrap_or(at)
    }

    /// A wall-clock time read in this zone. A time that never happened
    /// (skipped when clocks went forward) is moved forward by the gap, and
    /// one that happened twice (when clocks went back) is the first: as
    /// RFC 5545 calendars and JavaScript's Temporal read them.
    pub fn assume(&self, local: PrimitiveDateTime) -> OffsetDateTime {
        let SiteZone::Named { zone, .. } = self else {
            return local.assume_offset(self.offset_at(local.assume_utc()));
        };
        let civil = CivilDateTime::new(
            local.year() as i16,
            u8::from(local.month()) as i8,
            local.day() as i8,
            local.hour() as i8,
            local.minute() as i8,
            local.second() as i8,
            0,
        );
        let Ok(civil) = civil else {
            return local.assume_utc();
        };
        let first = match zone.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset,
            AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
        };
        self.to_zone(local.assume_offset(whole_minutes(first.seconds())))
    }

    /// The zone's abbreviation at `at` ("IST", "CET", "CEST"), when the zone
    /// is named, its offset then is `offset`, and the database gives it a
    /// name rather than digits ("+04").
    pub fn abbreviation(&self, at: OffsetDateTime, offset: UtcOffset) -> Option<String> {
        let SiteZone::Named { zone, .. } = self else {
            return None;
        };
        let info = zone.to_offset_info(timestamp(at));
        let abbreviation = info.abbreviation();
        // Local mean time (before a zone's standard time) is no name readers know.
        let named = abbreviation.chars().all(|c| c.is_ascii_alphabetic()) && abbreviation != "LMT";
        (named && whole_minutes(info.offset().seconds()) == offset)
            .then(|| abbreviation.to_string())
    }
}

/// `Kolkata` alone, or `India/Kolkata`: the zone whose city part matches.
fn same_city<'n>(text: &str, names: &'n [String]) -> Option<&'n str> {
    let city = text
        .rsplit('/')
        .next()?
        .to_ascii_lowercase()
        .replace(' ', "_");
    names
        .iter()
        .find(|n| {
            n.rsplit('/')
                .next()
                .is_some_and(|c| c.eq_ignore_ascii_case(&city))
        })
        .map(String::as_str)
}

/// An offset in whole minutes, as RFC 3339 (and so every page and feed) can
/// write it: the local mean time of zones before 1900 or so had seconds
/// (Kolkata's was +05:53:28), which are dropped.
fn whole_minutes(seconds: i32) -> UtcOffset {
    UtcOffset::from_whole_seconds(seconds - seconds % 60).unwrap_or(UtcOffset::UTC)
}

fn timestamp(at: OffsetDateTime) -> Timestamp {
    Timestamp::from_second(at.unix_timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn zone(name: &str) -> SiteZone {
        SiteZone::parse(name, |_| None).unwrap()
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let berlin = zone("Europe/Berlin");
        let winter = berlin.assume(datetime!(2025-01-15 09:30));
        assert_eq!(winter.offset(), UtcOffset::from_hms(1, 0, 0).unwrap());
        assert_eq!(
            berlin.abbreviation(winter, winter.offset()),
            Some("CET".into())
        );
        let summer = berlin.assume(datetime!(2025-07-15 09:30));
        assert_eq!(summer.offset(), UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(
            berlin.abbreviation(summer, summer.offset()),
            Some("CEST".into())
        );
        let kolkata = zone("asia/kolkata");
        let at = kolkata.assume(datetime!(2025-10-17 09:30));
        assert_eq!(at.offset(), UtcOffset::from_hms(5, 30, 0).unwrap());
        assert_eq!(kolkata.abbreviation(at, at.offset()), Some("IST".into()));
        // Written in another offset than the zone's: no abbreviation.
        assert_eq!(kolkata.abbreviation(at, UtcOffset::UTC), None);
    }

    #[test]
    fn numeric_abbreviations_are_not_shown() {
        let dubai = zone("Asia/Dubai");
        let at = dubai.assume(datetime!(2025-10-17 09:30));
        assert_eq!(at.offset(), UtcOffset::from_hms(4, 0, 0).unwrap());
        assert_eq!(dubai.abbreviation(at, at.offset()), None);
    }

    #[test]
    fn skipped_and_repeated_times_are_resolved() {
        let berlin = zone("Europe/Berlin");
        // 30 March 2025: clocks go from 02:00 to 03:00.
        let skipped = berlin.assume(datetime!(2025-03-30 02:30));
        assert_eq!(skipped, datetime!(2025-03-30 03:30 +02:00));
        // 26 October 2025: 02:30 happens twice; the first (summer time).
        let twice = berlin.assume(datetime!(2025-10-26 02:30));
        assert_eq!(twice, datetime!(2025-10-26 02:30 +02:00));
    }

    #[test]
    fn offsets_of_local_mean_time_keep_whole_minutes() {
        let kolkata = zone("Asia/Kolkata");
        let at = kolkata.assume(datetime!(1850-01-01 00:00));
        assert_eq!(at.offset().seconds_past_minute(), 0);
        assert_eq!(kolkata.abbreviation(at, at.offset()), None);
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        let err = SiteZone::parse("Asia/Kolkatta", |_| None).unwrap_err();
        assert_eq!(err.nearest.as_deref(), Some("Asia/Kolkata"));
        let err = SiteZone::parse("Kolkata", |_| None).unwrap_err();
        assert_eq!(err.nearest.as_deref(), Some("Asia/Kolkata"));
        assert_eq!(
            SiteZone::parse("Nowhere/Atall", |_| None)
                .unwrap_err()
                .nearest,
            None
        );
    }
}
