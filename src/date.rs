//! The date formats gateways write: `yyyyMMddHHmmss`, `yyyyMMdd` and `YYMM`.
//!
//! Each type can only hold a real calendar value, so a request built from them needs no
//! further date check; parsing a string reports what is wrong with it. Calendar arithmetic,
//! parsing and formatting are jiff's; this module keeps the documents' fixed widths and years
//! 0 to 9999.

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

/// `n` ASCII digits, or the format's error: the documents' formats are fixed-width, which
/// jiff's parser (it also takes signs and shorter years) does not check on its own.
fn fixed_digits(s: &str, n: usize, format: &'static str) -> Result<(), InvalidDate> {
    if s.len() == n && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(InvalidDate { format })
    }
}

/// The number written by the `len` ASCII digits at `at` (checked by [`fixed_digits`]):
/// read directly, as the fixed formats allow, rather than through a format parser.
fn number(s: &str, at: usize, len: usize) -> i64 {
    s.as_bytes()[at..at + len]
        .iter()
        .fold(0, |n, d| n * 10 + i64::from(d - b'0'))
}

/// A date of years 0 to 9999, as the documents' four-digit years allow.
fn civil_date(year: i64, month: i64, day: i64) -> Option<jiff::civil::Date> {
    let year = i16::try_from(year)
        .ok()
        .filter(|y| (0..=9999).contains(y))?;
    jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

fn in_range(d: jiff::civil::Date) -> bool {
    (0..=9999).contains(&d.year())
}

/// A date and time written `yyyyMMddHHmmss`, e.g. `20180701000000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(jiff::civil::DateTime);

impl DateTime {
    pub const FORMAT: &'static str = "yyyyMMddHHmmss";
    const STRFTIME: &'static str = "%Y%m%d%H%M%S";

    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Self, InvalidDate> {
        let invalid = InvalidDate {
            format: Self::FORMAT,
        };
        let date = civil_date(year.into(), month.into(), day.into()).ok_or(invalid)?;
        let time = jiff::civil::Time::new(
            i8::try_from(hour).map_err(|_| invalid)?,
            i8::try_from(minute).map_err(|_| invalid)?,
            i8::try_from(second).map_err(|_| invalid)?,
            0,
        )
        .map_err(|_| invalid)?;
        Ok(DateTime(date.to_datetime(time)))
    }

    pub fn date(&self) -> Date {
        Date(self.0.date())
    }
    pub fn hour(&self) -> u8 {
        self.0.hour() as u8
    }
    pub fn minute(&self) -> u8 {
        self.0.minute() as u8
    }
    pub fn second(&self) -> u8 {
        self.0.second() as u8
    }

    /// The UTC date and time `secs` seconds after 1970-01-01T00:00:00.
    pub fn from_unix(secs: i64) -> Option<DateTime> {
        let t = jiff::Timestamp::from_second(secs).ok()?;
        let dt = jiff::tz::TimeZone::UTC.to_datetime(t);
        in_range(dt.date()).then_some(DateTime(dt))
    }

    /// Now, in UTC.
    pub fn now_utc() -> DateTime {
        DateTime(jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()))
    }
}

impl FromStr for DateTime {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Self, InvalidDate> {
        let invalid = InvalidDate {
            format: Self::FORMAT,
        };
        fixed_digits(s, 14, Self::FORMAT)?;
        // jiff reads a leap second (`…60`) as `…59`; `DateTime::new` refuses it, and so
        // does the text, which could not be written back.
        if s.get(12..) == Some("60") {
            return Err(invalid);
        }
        let n = |at: usize, len: usize| number(s, at, len);
        let date = civil_date(n(0, 4), n(4, 2), n(6, 2)).ok_or(invalid)?;
        let time = jiff::civil::Time::new(n(8, 2) as i8, n(10, 2) as i8, n(12, 2) as i8, 0);
        time.map(|t| DateTime(date.to_datetime(t)))
            .map_err(|_| invalid)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.strftime(Self::STRFTIME), f)
    }
}

/// A date written `yyyyMMdd`, e.g. `20200130`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    pub const FORMAT: &'static str = "yyyyMMdd";
    const STRFTIME: &'static str = "%Y%m%d";

    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, InvalidDate> {
        civil_date(year.into(), month.into(), day.into())
            .map(Date)
            .ok_or(InvalidDate {
                format: Self::FORMAT,
            })
    }
    pub fn year(&self) -> u16 {
        self.0.year() as u16
    }
    pub fn month(&self) -> u8 {
        self.0.month() as u8
    }
    pub fn day(&self) -> u8 {
        self.0.day() as u8
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(&self) -> i64 {
        let epoch = jiff::civil::date(1970, 1, 1);
        epoch
            .until(self.0)
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// The date `days` later (or earlier, when negative); `None` outside years 0 to 9999.
    pub fn add_days(&self, days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        let d = self.0.checked_add(span).ok()?;
        in_range(d).then_some(Date(d))
    }
}

impl FromStr for Date {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Self, InvalidDate> {
        let invalid = InvalidDate {
            format: Self::FORMAT,
        };
        fixed_digits(s, 8, Self::FORMAT)?;
        civil_date(number(s, 0, 4), number(s, 4, 2), number(s, 6, 2))
            .map(Date)
            .ok_or(invalid)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.strftime(Self::STRFTIME), f)
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
        fixed_digits(s, 4, Self::FORMAT)?;
        let (yy, mm) = s.split_at(2);
        let number = |t: &str| {
            t.parse::<u8>().map_err(|_| InvalidDate {
                format: Self::FORMAT,
            })
        };
        YearMonth::new(number(yy)?, number(mm)?)
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
        assert!(
            "20240101000060".parse::<DateTime>().is_err(),
            "a leap second"
        );
        assert!("20240101000059".parse::<DateTime>().is_ok());
        assert_eq!("2212".parse::<YearMonth>().unwrap().to_string(), "2212");
        assert!("1222".parse::<YearMonth>().is_err(), "month 22");
        assert!("1213".parse::<YearMonth>().is_err());
        assert!("12a2".parse::<YearMonth>().is_err());
        assert!("122".parse::<YearMonth>().is_err());
    }

    #[test]
    fn years_stay_within_four_digits() {
        assert!("00000101".parse::<Date>().is_ok());
        assert_eq!(Date::new(0, 1, 1).unwrap().add_days(-1), None);
        assert!(DateTime::new(10000, 1, 1, 0, 0, 0).is_err());
        assert!(DateTime::new(2024, 1, 1, 0, 0, 200).is_err());
        assert_eq!(DateTime::from_unix(i64::MAX), None);
        assert_eq!(
            DateTime::from_unix(-62_167_219_201),
            None,
            "the second before year 0"
        );
        assert_eq!(
            DateTime::new(5, 3, 1, 7, 8, 9).unwrap().to_string(),
            "00050301070809"
        );
        let now = DateTime::now_utc();
        assert!(now.date().year() >= 2024, "{now}");
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
