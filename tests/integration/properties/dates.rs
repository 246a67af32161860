//! Dates: whatever an editor writes, parsing returns; a date it accepts is
//! shown in every form with text (never empty), and its machine-readable
//! form reads back as the same moment.

use monazite::config::Config;
use monazite::config::zone::SiteZone;
use monazite::content::dates;
use proptest::prelude::*;
use time::UtcOffset;

use super::config;
use super::generate::{any_date, valid_date};

/// A site's timezone: whole minutes up to a day either side of UTC, or a
/// named zone (with daylight saving, half-hour and 45-minute offsets, a
/// zone whose midnight was once skipped), in one of the languages dates are
/// written in.
fn site() -> impl Strategy<Value = Config> {
    let offset = (-(23 * 60 + 59)..=(23 * 60 + 59)).prop_map(|minutes: i32| {
        let offset = UtcOffset::from_whole_seconds(minutes * 60).expect("within a day");
        let (h, m, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        format!("\"{sign}{:02}:{:02}\"", h.abs(), m.abs())
    });
    let named = prop::sample::select(vec![
        "Asia/Kolkata",
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "America/Santiago",
        "Asia/Dubai",
    ])
    .prop_map(str::to_string);
    let language = prop::sample::select(vec!["en", "en-GB", "hi", "fr", "de", "es", "zh"]);
    (prop_oneof![offset, named], language).prop_map(|(zone, language)| {
        Config::parse(&format!(
            "title: T\nbase_url: https://x.org/\ntimezone: {zone}\nlanguage: {language}\n"
        ))
        .expect("a valid site.yaml")
    })
}

fn check_shown(text: &str, moment: dates::Moment, site: &Config) -> Result<(), TestCaseError> {
    let view = moment.view(site);
    for (what, shown) in [
        ("iso", &view.iso),
        ("display", &view.display),
        ("short", &view.short),
        ("month", &view.month),
    ] {
        prop_assert!(
            !shown.trim().is_empty(),
            "{text:?}: empty {what} in {view:?}"
        );
    }
    prop_assert_eq!(&dates::rfc3339(moment.at), &view.iso);
    let again = dates::parse(&view.iso, &SiteZone::default());
    prop_assert_eq!(
        again.map(|m| m.at),
        Some(moment.at),
        "{:?}: {} does not read back",
        text,
        view.iso
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Every form monazite documents is accepted, at every edge of the
    /// calendar and of the offsets, and shown.
    #[test]
    fn accepted_forms_are_accepted_and_shown(text in valid_date(), site in site()) {
        let Some(moment) = dates::parse(&text, &site.timezone) else {
            return Err(TestCaseError::fail(format!("{text:?} refused")));
        };
        check_shown(&text, moment, &site)?;
    }

    /// Any other text: accepted and shown, or refused; never a panic.
    #[test]
    fn any_date_text_is_shown_or_refused(text in any_date(), site in site()) {
        if let Some(moment) = dates::parse(&text, &site.timezone) {
            check_shown(&text, moment, &site)?;
        }
    }
}
