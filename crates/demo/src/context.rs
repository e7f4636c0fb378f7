//! Per-run generation context (seed, reference date, code keys) and the
//! date helpers every generator shares. No generator reads the clock: all
//! dates are relative to the reference date.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::codes::CodeKeys;
use crate::random::{DemoRng, int_between};

/// What every generator needs to produce entity *i* deterministically.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub seed: u64,
    pub reference_date: NaiveDate,
    pub keys: CodeKeys,
    /// Number of enterprises in the run (hosts and affiliations are drawn
    /// from `0..enterprises`).
    pub enterprises: u64,
}

impl Ctx {
    pub(crate) fn new(seed: u64, reference_date: NaiveDate, enterprises: u64) -> Ctx {
        Ctx {
            seed,
            reference_date,
            keys: CodeKeys::new(seed),
            enterprises,
        }
    }

    /// Year of the reference date.
    pub(crate) fn year(&self) -> i32 {
        self.reference_date.year()
    }

    /// The date `days` days before the reference date.
    pub(crate) fn days_ago(&self, days: u64) -> NaiveDate {
        self.reference_date
            .checked_sub_days(Days::new(days))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// A random date in `year` from `month`/`day` up to `span_days` later.
pub(crate) fn date_in(rng: &mut DemoRng, year: i32, month: u32, day: u32, span_days: u64) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(year, month, day).expect("valid start date");
    start + Days::new(int_between(rng, 0, span_days))
}

/// Last day of validity of something issued on `issued` for `years` years.
pub(crate) fn valid_until(issued: NaiveDate, years: u32) -> NaiveDate {
    issued
        .checked_add_months(Months::new(12 * years))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}
