//! Dates: whatever an editor writes, parsing returns; a date it accepts is
//! shown in every form with text (never empty), and its machine-readable
//! form reads back as the same moment.

use monazite::content::dates;
use proptest::prelude::*;
use time::UtcOffset;

use super::config;
use super::generate::{any_date, valid_date};

/// A site's timezone, whole minutes up to a day either side of UTC.
fn site_offset() -> impl Strategy<Value = UtcOffset> {
    (-(23 * 60 + 59)..=(23 * 60 + 59))
        .prop_map(|minutes: i32| UtcOffset::from_whole_seconds(minutes * 60).expect("within a day"))
}

fn check_shown(text: &str, moment: dates::Moment) -> Result<(), TestCaseError> {
    let view = moment.view();
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
    let again = dates::parse(&view.iso, UtcOffset::UTC);
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
    fn accepted_forms_are_accepted_and_shown(text in valid_date(), offset in site_offset()) {
        let Some(moment) = dates::parse(&text, offset) else {
            return Err(TestCaseError::fail(format!("{text:?} refused")));
        };
        check_shown(&text, moment)?;
    }

    /// Any other text: accepted and shown, or refused; never a panic.
    #[test]
    fn any_date_text_is_shown_or_refused(text in any_date(), offset in site_offset()) {
        if let Some(moment) = dates::parse(&text, offset) {
            check_shown(&text, moment)?;
        }
    }
}
