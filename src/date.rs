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
}
