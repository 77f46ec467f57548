//! The date formats gateways write: `yyyyMMddHHmmss`, `yyyyMMdd` and `YYMM`.
//!
//! Each type can only hold a real calendar value, so a request built from them needs no
//! further date check; parsing a string reports what is wrong with it.

use std::fmt;
use std::str::FromStr;

/// Why a date string or value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidDate {
    /// The expected format, e.g. `yyyyMMddHHmmss`.
    pub format: &'static str,
}

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid date in the format {}", self.format)
    }
}

impl std::error::Error for InvalidDate {}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str, n: usize, format: &'static str) -> Result<Vec<u16>, InvalidDate> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidDate { format });
    }
    Ok(s.bytes().map(|b| u16::from(b - b'0')).collect())
}

fn num(d: &[u16]) -> u16 {
    d.iter().fold(0, |acc, x| acc * 10 + x)
}

/// A date and time written `yyyyMMddHHmmss`, e.g. `20180701000000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl DateTime {
    pub const FORMAT: &'static str = "yyyyMMddHHmmss";

    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Self, InvalidDate> {
        let ok = year <= 9999
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        if ok {
            Ok(DateTime {
                year,
                month,
                day,
                hour,
                minute,
                second,
            })
        } else {
            Err(InvalidDate {
                format: Self::FORMAT,
            })
        }
    }

    pub fn date(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: self.day,
        }
    }
    pub fn hour(&self) -> u8 {
        self.hour
    }
    pub fn minute(&self) -> u8 {
        self.minute
    }
    pub fn second(&self) -> u8 {
        self.second
    }
}

impl FromStr for DateTime {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Self, InvalidDate> {
        let d = digits(s, 14, Self::FORMAT)?;
        let b = |r: std::ops::Range<usize>| num(&d[r]);
        DateTime::new(
            b(0..4),
            b(4..6) as u8,
            b(6..8) as u8,
            b(8..10) as u8,
            b(10..12) as u8,
            b(12..14) as u8,
        )
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// A date written `yyyyMMdd`, e.g. `20200130`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    pub const FORMAT: &'static str = "yyyyMMdd";

    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, InvalidDate> {
        if year <= 9999
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
        {
            Ok(Date { year, month, day })
        } else {
            Err(InvalidDate {
                format: Self::FORMAT,
            })
        }
    }
    pub fn year(&self) -> u16 {
        self.year
    }
    pub fn month(&self) -> u8 {
        self.month
    }
    pub fn day(&self) -> u8 {
        self.day
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant.
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl DateTime {
    /// The UTC date and time `secs` seconds after 1970-01-01T00:00:00.
    pub fn from_unix(secs: i64) -> Option<DateTime> {
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        DateTime::new(
            u16::try_from(y).ok()?,
            m as u8,
            d as u8,
            (rest / 3600) as u8,
            (rest % 3600 / 60) as u8,
            (rest % 60) as u8,
        )
        .ok()
    }

    /// Now, in UTC.
    pub fn now_utc() -> DateTime {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        DateTime::from_unix(secs).unwrap_or(DateTime {
            year: 1970,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }
}

impl Date {
    /// Days since 1970-01-01.
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date `days` later (or earlier, when negative); `None` outside years 0 to 9999.
    pub fn add_days(&self, days: i64) -> Option<Date> {
        // Refused before the calendar arithmetic, which would overflow near i64's ends.
        const FIRST: i64 = days_from_civil(0, 1, 1);
        const LAST: i64 = days_from_civil(9999, 12, 31);
        let target = self.days_since_epoch().checked_add(days)?;
        if !(FIRST..=LAST).contains(&target) {
            return None;
        }
        let (y, m, d) = civil_from_days(target);
        let year = u16::try_from(y).ok()?;
        Date::new(year, m as u8, d as u8).ok()
    }
}

impl FromStr for Date {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Self, InvalidDate> {
        let d = digits(s, 8, Self::FORMAT)?;
        Date::new(num(&d[0..4]), num(&d[4..6]) as u8, num(&d[6..8]) as u8)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

/// A month of a two-digit year written `YYMM`, as card expiry dates are, e.g. `1222`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    yy: u8,
    month: u8,
}

impl YearMonth {
    pub const FORMAT: &'static str = "YYMM";

    /// `yy` is the year within its century (0 to 99).
    pub fn new(yy: u8, month: u8) -> Result<Self, InvalidDate> {
        if yy <= 99 && (1..=12).contains(&month) {
            Ok(YearMonth { yy, month })
        } else {
            Err(InvalidDate {
                format: Self::FORMAT,
            })
        }
    }
    pub fn yy(&self) -> u8 {
        self.yy
    }
    pub fn month(&self) -> u8 {
        self.month
    }
}

impl FromStr for YearMonth {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Self, InvalidDate> {
        let d = digits(s, 4, Self::FORMAT)?;
        YearMonth::new(num(&d[0..2]) as u8, num(&d[2..4]) as u8)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}{:02}", self.yy, self.month)
    }
}

macro_rules! string_serde {
    ($($t:ty),*) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_parsed(d)
            }
        }
    )*};
}
string_serde!(DateTime, Date, YearMonth);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_impossible_dates() {
        assert_eq!(
            "20160630180000".parse::<DateTime>().unwrap().to_string(),
            "20160630180000"
        );
        assert_eq!("20240229".parse::<Date>().unwrap().to_string(), "20240229");
        assert!("20230229".parse::<Date>().is_err());
        assert!("20160631180000".parse::<DateTime>().is_err());
        assert!("20160630240000".parse::<DateTime>().is_err());
        assert_eq!("2212".parse::<YearMonth>().unwrap().to_string(), "2212");
        assert!("1222".parse::<YearMonth>().is_err(), "month 22");
        assert!("1213".parse::<YearMonth>().is_err());
        assert!("12a2".parse::<YearMonth>().is_err());
        assert!("122".parse::<YearMonth>().is_err());
    }

    #[test]
    fn day_arithmetic_crosses_months_years_and_leap_days() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("19700101").days_since_epoch(), 0);
        assert_eq!(d("20240228").add_days(1), Some(d("20240229")));
        assert_eq!(d("20230228").add_days(1), Some(d("20230301")));
        assert_eq!(d("20131231").add_days(30), Some(d("20140130")));
        assert_eq!(d("20130910").add_days(-10), Some(d("20130831")));
        assert_eq!(d("99991231").add_days(1), None);
        assert_eq!(d("00000101").add_days(-1), None);
        assert_eq!(d("00000101").add_days(3_652_424), Some(d("99991231")));
        // Found by the money_date fuzz target: a day count near i64::MAX overflowed the
        // calendar arithmetic: a panic with overflow checks on (release builds wrapped, and
        // answered `None` by accident).
        assert_eq!(d("19700101").add_days(0x7fff_ffff_ffff_c2d5), None);
        assert_eq!(d("19700101").add_days(i64::MAX), None);
        assert_eq!(d("99991231").add_days(i64::MIN), None);
        assert_eq!(
            DateTime::from_unix(1_372_437_753)
                .map(|t| t.to_string())
                .as_deref(),
            Some("20130628164233")
        );
    }
}
