//! Article dates as editors write them: a date-time with the desk's UTC offset,
//! or a bare date. Kept as a day number so arithmetic needs no date crate.

use super::rng::Rng;

/// The offsets the newsroom's desks write dates in.
const OFFSETS: &[&str] = &[
    "+05:30", "Z", "+08:00", "+01:00", "-05:00", "+09:00", "+00:00",
];

/// A front-matter date: a day, and a time with its offset unless date-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Days since 1970-01-01.
    pub day: i64,
    /// Hour, minute and UTC offset; `None` for a bare date.
    pub time: Option<(u8, u8, &'static str)>,
}

impl Stamp {
    /// A stamp on `day`: mostly a date-time in working hours, sometimes a bare date.
    pub fn random(rng: &mut Rng, day: i64) -> Stamp {
        let time = (!rng.chance(10)).then(|| {
            (
                rng.between(5, 22) as u8,
                rng.below(60) as u8,
                rng.pick(OFFSETS),
            )
        });
        Stamp { day, time }
    }

    pub fn later_by_days(self, days: i64) -> Stamp {
        Stamp {
            day: self.day + days,
            ..self
        }
    }

    pub fn date_only(self) -> Stamp {
        Stamp { time: None, ..self }
    }

    /// `2024-03-11`.
    pub fn day_text(&self) -> String {
        let (y, m, d) = civil_from_days(self.day);
        format!("{y:04}-{m:02}-{d:02}")
    }
}

impl std::fmt::Display for Stamp {
    /// `2024-03-11T09:30:00+05:30` or `2024-03-11`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.day_text())?;
        if let Some((h, m, offset)) = self.time {
            write!(f, "T{h:02}:{m:02}:00{offset}")?;
        }
        Ok(())
    }
}

/// Year, month, day of a day number (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
