//! The one clock of kechuang. Business dates (a certificate valid today, a
//! deadline passed, a report's month) are China dates (UTC+8, no daylight
//! saving), whatever the host's time zone; timestamps are stored in UTC.
//! Nothing else in the code base reads the wall clock for a date.

use chrono::{DateTime, FixedOffset, NaiveDate, SubsecRound, Utc};

/// China Standard Time, UTC+8.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The current instant, truncated to microseconds so that it survives a
/// round trip through either database unchanged.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Today's date in China.
pub fn today() -> NaiveDate {
    date_in_china(Utc::now())
}

/// The China date of an instant.
pub fn date_in_china(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// An instant as China local time, `YYYY-MM-DD HH:MM:SS`.
pub fn china_time_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn china_dates_around_utc_midnight() {
        let cases = [
            // 23:30 UTC is 07:30 the next morning in Beijing.
            (Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 0).unwrap(), (2026, 12, 7)),
            // 00:30 UTC is 08:30 the same day.
            (Utc.with_ymd_and_hms(2026, 12, 7, 0, 30, 0).unwrap(), (2026, 12, 7)),
            // 15:59:59 UTC is still the same day; 16:00 UTC is the next one.
            (Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 59).unwrap(), (2026, 12, 31)),
            (Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).unwrap(), (2027, 1, 1)),
        ];
        for (at, (y, m, d)) in cases {
            assert_eq!(date_in_china(at), NaiveDate::from_ymd_opt(y, m, d).unwrap(), "{at}");
        }
    }

    #[test]
    fn china_time_text_is_local() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 5).unwrap();
        assert_eq!(china_time_text(at), "2026-12-07 07:30:05");
    }
}
