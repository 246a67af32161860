//! Dates in the site's language: month names, the order of day, month and
//! year, and how a time of day is written, from the Unicode CLDR through
//! ICU4X's compiled data (no tables of month names kept here).
//!
//! Formatters are made once per language for the whole run
//! ([`DateFormats::for_language`]) and shared by every page: making one reads
//! its locale's patterns, formatting with it is cheap.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD, YMDT};
use icu_datetime::input::{DateTime, Time};
use icu_locale_core::Locale;
use time::{OffsetDateTime, PrimitiveDateTime};

/// The named date formats of the `date` filter and of date views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLength {
    /// `17 October 2025` (en-GB), `17 अक्टूबर 2025` (hi), `2025年10月17日` (zh).
    Long,
    /// `17 Oct 2025`.
    Medium,
    /// `17/10/2025`.
    Short,
}

impl DateLength {
    pub const NAMES: [&'static str; 3] = ["long", "medium", "short"];

    pub fn named(name: &str) -> Option<DateLength> {
        match name {
            "long" => Some(DateLength::Long),
            "medium" => Some(DateLength::Medium),
            "short" => Some(DateLength::Short),
            _ => None,
        }
    }
}

/// One language's date formatters, made once and shared.
pub struct DateFormats {
    /// The locale as CLDR resolved `language` (`en`, `hi`, `fr-CA`).
    pub locale: String,
    dates: [FixedCalendarDateTimeFormatter<Gregorian, YMD>; 3],
    times: [FixedCalendarDateTimeFormatter<Gregorian, YMDT>; 3],
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
}

impl fmt::Debug for DateFormats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DateFormats")
            .field("locale", &self.locale)
            .finish_non_exhaustive()
    }
}

impl PartialEq for DateFormats {
    fn eq(&self, other: &Self) -> bool {
        self.locale == other.locale
    }
}

/// A `language` that is no BCP 47 tag (`english`, `en_GB!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage;

impl DateFormats {
    /// The formats of `language` (a BCP 47 tag such as `en`, `en-GB`, `hi`,
    /// `zh-Hans`), made on first use and kept for the rest of the run. A
    /// language CLDR has no data for falls back as CLDR says (`xx` → root).
    pub fn for_language(language: &str) -> Result<Arc<DateFormats>, UnknownLanguage> {
        static MADE: OnceLock<Mutex<HashMap<String, Arc<DateFormats>>>> = OnceLock::new();
        let made = MADE.get_or_init(Default::default);
        if let Some(formats) = made.lock().unwrap_or_else(|p| p.into_inner()).get(language) {
            return Ok(formats.clone());
        }
        let formats = Arc::new(DateFormats::new(language)?);
        made.lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(language.to_string(), formats.clone());
        Ok(formats)
    }

    fn new(language: &str) -> Result<DateFormats, UnknownLanguage> {
        let locale =
            Locale::try_from_str(&language.replace('_', "-")).map_err(|_| UnknownLanguage)?;
        let date = |fields: YMD| {
            FixedCalendarDateTimeFormatter::try_new((&locale).into(), fields)
                .map_err(|_| UnknownLanguage)
        };
        let time = |fields: YMD| {
            FixedCalendarDateTimeFormatter::try_new((&locale).into(), fields.with_time_hm())
                .map_err(|_| UnknownLanguage)
        };
        Ok(DateFormats {
            locale: locale.to_string(),
            dates: [
                date(YMD::long())?,
                date(YMD::medium())?,
                date(YMD::short())?,
            ],
            times: [
                time(YMD::long())?,
                time(YMD::medium())?,
                time(YMD::short())?,
            ],
            month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long())
                .map_err(|_| UnknownLanguage)?,
        })
    }

    /// The calendar date of `at` (as its own offset shows it).
    pub fn date(&self, at: OffsetDateTime, length: DateLength) -> String {
        self.dates[length as usize]
            .format(&gregorian(at))
            .to_string()
    }

    /// The date and the time of day (hours and minutes) of `at`.
    pub fn date_time(&self, at: OffsetDateTime, length: DateLength) -> String {
        let local = PrimitiveDateTime::new(at.date(), at.time());
        let time = Time::try_new(local.hour(), local.minute(), local.second(), 0)
            .unwrap_or_else(|_| Time::start_of_day());
        let input = DateTime {
            date: gregorian(at),
            time,
        };
        self.times[length as usize].format(&input).to_string()
    }

    /// The month and year of `at` (`October 2025`), for archive groups.
    pub fn month(&self, at: OffsetDateTime) -> String {
        self.month.format(&gregorian(at)).to_string()
    }
}

fn gregorian(at: OffsetDateTime) -> Date<Gregorian> {
    Date::try_new_gregorian(at.year(), u8::from(at.month()), at.day())
        .unwrap_or_else(|_| Date::try_new_gregorian(1970, 1, 1).expect("a valid date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn each_language_writes_its_own_dates() {
        let at = datetime!(2025-10-17 09:30 +05:30);
        for (language, long, medium) in [
            ("en", "October 17, 2025", "Oct 17, 2025"),
            ("en-GB", "17 October 2025", "17 Oct 2025"),
            ("hi", "17 अक्टूबर, 2025", "17 अक्टू॰ 2025"),
            ("fr", "17 octobre 2025", "17 oct. 2025"),
            ("de", "17. Oktober 2025", "17.10.2025"),
            ("es", "17 de octubre de 2025", "17 oct 2025"),
            ("zh", "2025年10月17日", "2025年10月17日"),
        ] {
            let formats = DateFormats::for_language(language).unwrap();
            assert_eq!(formats.date(at, DateLength::Long), long, "{language}");
            assert_eq!(formats.date(at, DateLength::Medium), medium, "{language}");
        }
        let fr = DateFormats::for_language("fr").unwrap();
        assert_eq!(fr.month(at), "octobre 2025");
        assert!(fr.date_time(at, DateLength::Long).contains("09:30"));
    }

    #[test]
    fn formatters_are_made_once_per_language() {
        let a = DateFormats::for_language("de").unwrap();
        let b = DateFormats::for_language("de").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(DateFormats::for_language("not a tag!").is_err());
    }
}
