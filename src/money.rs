//! Money: integer minor units, never floats.

use std::fmt;

/// An amount in the currency's minor units (cents for EUR). Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MinorUnits(pub i64);

impl MinorUnits {
    pub const fn new(minor: i64) -> Self {
        MinorUnits(minor)
    }
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for MinorUnits {
    fn from(v: i64) -> Self {
        MinorUnits(v)
    }
}

impl From<i32> for MinorUnits {
    fn from(v: i32) -> Self {
        MinorUnits(i64::from(v))
    }
}

impl From<u32> for MinorUnits {
    fn from(v: u32) -> Self {
        MinorUnits(i64::from(v))
    }
}

impl fmt::Display for MinorUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl serde::Serialize for MinorUnits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

pub use iso_currency::Currency;

/// An amount of a currency: integer minor units with the currency's ISO 4217 exponent
/// (EUR 2, JPY 0, KWD 3). Never a float. Always a whole number of minor units, so it can
/// never carry more decimals than its currency allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
    exponent: u8,
}

/// Why an amount could not be made into [`Money`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MoneyError {
    /// Not an ISO 4217 currency code.
    UnknownCurrency { code: String },
    /// The currency has no minor unit (e.g. gold, XAU): it cannot be an amount to pay.
    NoMinorUnit { currency: &'static str },
    /// More decimals than the currency allows (e.g. 10.425 EUR).
    TooManyDecimals { currency: &'static str, max: u8 },
    /// Not a decimal number written with digits and at most one `.`.
    NotADecimal,
    /// Out of range.
    Overflow,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::UnknownCurrency { code } => {
                write!(f, "`{code}` is not an ISO 4217 currency code")
            }
            MoneyError::NoMinorUnit { currency } => write!(f, "{currency} has no minor unit"),
            MoneyError::TooManyDecimals { currency, max } => {
                write!(f, "{currency} allows at most {max} decimals")
            }
            MoneyError::NotADecimal => {
                f.write_str("not a decimal amount (digits, at most one `.`)")
            }
            MoneyError::Overflow => f.write_str("amount out of range"),
        }
    }
}

impl std::error::Error for MoneyError {}

fn exponent_of(currency: Currency) -> Result<u8, MoneyError> {
    currency
        .exponent()
        .and_then(|e| u8::try_from(e).ok())
        .ok_or(MoneyError::NoMinorUnit {
            currency: currency.code(),
        })
}

impl Money {
    /// An amount in minor units of `currency` (cents for EUR, yen for JPY).
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        Ok(Money {
            minor,
            currency,
            exponent: exponent_of(currency)?,
        })
    }

    /// Parses an amount written in major units with a `.` ("10.42"), refusing more decimals
    /// than the currency allows.
    pub fn parse_major(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let exponent = exponent_of(currency)?;
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty()
            || !digits(int)
            || !digits(frac)
            || (text.contains('.') && frac.is_empty())
        {
            return Err(MoneyError::NotADecimal);
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > usize::from(exponent) {
            return Err(MoneyError::TooManyDecimals {
                currency: currency.code(),
                max: exponent,
            });
        }
        let scale = 10i64
            .checked_pow(u32::from(exponent))
            .ok_or(MoneyError::Overflow)?;
        let major: i64 = int.parse().map_err(|_| MoneyError::Overflow)?;
        let mut minor_part: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let place = 10i64.pow(u32::from(exponent) - 1 - i as u32);
            minor_part += i64::from(b - b'0') * place;
        }
        let minor = major
            .checked_mul(scale)
            .and_then(|m| m.checked_add(minor_part))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money {
            minor,
            currency,
            exponent,
        })
    }

    /// Parses a currency code and an amount in major units.
    pub fn parse(text: &str, currency_code: &str) -> Result<Money, MoneyError> {
        let currency =
            Currency::from_code(currency_code).ok_or_else(|| MoneyError::UnknownCurrency {
                code: currency_code.to_string(),
            })?;
        Money::parse_major(text, currency)
    }

    pub fn minor(&self) -> i64 {
        self.minor
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    /// The currency's ISO 4217 exponent.
    pub fn exponent(&self) -> u8 {
        self.exponent
    }

    /// The amount in major units with a `.` and no needless trailing zeros, as PaynetEasy's
    /// documents write it: 1042 EUR cents is "10.42", 1050 is "10.5", 15600 RUB kopecks "156".
    pub fn major_string(&self) -> String {
        self.major_text().as_str().to_string()
    }

    /// [`Money::major_string`] without allocating: what encoding and validation use.
    pub fn major_text(&self) -> MajorText {
        let mut out = MajorText {
            bytes: [0; 24],
            len: 0,
        };
        let scale = 10u64.pow(u32::from(self.exponent));
        let abs = self.minor.unsigned_abs();
        let (int, frac) = (abs / scale, abs % scale);
        if self.minor < 0 {
            out.push(b"-");
        }
        out.push(itoa::Buffer::new().format(int).as_bytes());
        if frac == 0 {
            return out;
        }
        // The fraction with its leading zeros, without its trailing ones.
        let (mut width, mut frac) = (usize::from(self.exponent), frac);
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(frac).as_bytes();
        out.push(b".");
        for _ in digits.len()..width {
            out.push(b"0");
        }
        out.push(digits);
        out
    }
}

/// An amount written in major units, held inline (see [`Money::major_text`]).
#[derive(Clone, Copy)]
pub struct MajorText {
    // A sign, 20 digits at most (u64), a dot, and fraction digits that the integer part
    // leaves room for: 24 bytes always suffice.
    bytes: [u8; 24],
    len: usize,
}

impl MajorText {
    fn push(&mut self, b: &[u8]) {
        let end = (self.len + b.len()).min(self.bytes.len());
        self.bytes[self.len..end].copy_from_slice(&b[..end - self.len]);
        self.len = end;
    }
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` are ever written into it.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Debug for MajorText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads "10.42 EUR": an amount in major units, a space, an ISO 4217 code.
impl std::str::FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        let (amount, code) = s.trim().rsplit_once(' ').ok_or(MoneyError::NotADecimal)?;
        Money::parse(amount.trim(), code.trim())
    }
}

/// The amount with every decimal of its currency, then its code: 4500 EUR cents is
/// "45.00 EUR", 1000 JPY "1000 JPY", 1005 KWD fils "1.005 KWD". [`Money::major_string`] is
/// the short form the documents send.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10u64.pow(u32::from(self.exponent));
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        write!(f, "{sign}{}", abs / scale)?;
        if self.exponent > 0 {
            let width = usize::from(self.exponent);
            write!(f, ".{:0width$}", abs % scale)?;
        }
        write!(f, " {}", self.currency.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_negative_amounts_show_their_sign_only_when_below_zero() {
        let eur = Currency::EUR;
        let show = |minor| Money::from_minor(minor, eur).expect("money").to_string();
        assert_eq!(show(0), "0.00 EUR");
        assert_eq!(show(-5), "-0.05 EUR");
        assert_eq!(show(-4500), "-45.00 EUR");
        assert_eq!(show(4500), "45.00 EUR");
    }

    #[test]
    fn the_major_text_debugs_as_the_text_sent() {
        let m = Money::from_minor(1042, Currency::EUR).expect("money");
        assert_eq!(format!("{:?}", m.major_text()), "10.42");
        assert_eq!(m.major_text().as_str(), "10.42");
    }

    #[test]
    fn minor_units_convert_from_every_integer_and_show_as_written() {
        // u32::MAX and i32::MIN survive the widening to i64 exactly.
        assert_eq!(MinorUnits::from(u32::MAX).get(), 4_294_967_295);
        assert_eq!(MinorUnits::from(i32::MIN).get(), -2_147_483_648);
        assert_eq!(MinorUnits::from(1590i64), MinorUnits::new(1590));
        assert_eq!(MinorUnits::new(1590).to_string(), "1590");
        assert_eq!(MinorUnits::new(-5).to_string(), "-5");
        assert_eq!(format!("{:>6}", MinorUnits::new(42)), "    42");
    }

    #[test]
    fn exponents_per_currency() {
        let eur = Money::parse("10.42", "EUR").unwrap();
        assert_eq!(
            (eur.minor(), eur.major_string()),
            (1042, "10.42".to_string())
        );
        assert_eq!(Money::parse("10.5", "USD").unwrap().minor(), 1050);
        assert_eq!(Money::parse("10.5", "USD").unwrap().major_string(), "10.5");
        assert_eq!(Money::parse("156", "RUB").unwrap().minor(), 15600);
        assert_eq!(Money::parse("156", "RUB").unwrap().major_string(), "156");
        let jpy = Money::parse("1000", "JPY").unwrap();
        assert_eq!((jpy.minor(), jpy.exponent()), (1000, 0));
        assert_eq!(
            Money::parse("1000.5", "JPY"),
            Err(MoneyError::TooManyDecimals {
                currency: "JPY",
                max: 0
            })
        );
        let kwd = Money::parse("1.005", "KWD").unwrap();
        assert_eq!(
            (kwd.minor(), kwd.major_string()),
            (1005, "1.005".to_string())
        );
        assert_eq!(
            Money::parse("10.425", "EUR"),
            Err(MoneyError::TooManyDecimals {
                currency: "EUR",
                max: 2
            })
        );
        assert_eq!(Money::parse("10.420", "EUR").unwrap().minor(), 1042);
        assert_eq!(
            Money::from_minor(7, Currency::EUR).unwrap().major_string(),
            "0.07"
        );
        for (minor, currency, text) in [
            (-1005, Currency::EUR, "-10.05"),
            (1050, Currency::KWD, "1.05"),
            (100, Currency::KWD, "0.1"),
            (0, Currency::EUR, "0"),
            (i64::MIN, Currency::EUR, "-92233720368547758.08"),
            (i64::MAX, Currency::KWD, "9223372036854775.807"),
        ] {
            let m = Money::from_minor(minor, currency).unwrap();
            assert_eq!(m.major_string(), text);
        }
    }

    #[test]
    fn display_writes_every_decimal_of_the_currency() {
        let show = |minor, c| Money::from_minor(minor, c).unwrap().to_string();
        assert_eq!(show(4500, Currency::EUR), "45.00 EUR");
        assert_eq!(show(7, Currency::EUR), "0.07 EUR");
        assert_eq!(show(-1050, Currency::USD), "-10.50 USD");
        assert_eq!(show(1000, Currency::JPY), "1000 JPY");
        assert_eq!(show(1005, Currency::KWD), "1.005 KWD");
        assert_eq!(show(i64::MIN, Currency::EUR), "-92233720368547758.08 EUR");
        let round_trip: Money = "45.00 EUR".parse().unwrap();
        assert_eq!(round_trip.to_string(), "45.00 EUR");
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in ["", ".5", "10.", "1,5", "1e3", "-", "10.4.2", " 1"] {
            assert_eq!(
                Money::parse(bad, "EUR"),
                Err(MoneyError::NotADecimal),
                "{bad:?}"
            );
        }
        assert!(matches!(
            Money::parse("1", "XXX"),
            Err(MoneyError::NoMinorUnit { .. })
        ));
        assert!(matches!(
            Money::parse("1", "EURO"),
            Err(MoneyError::UnknownCurrency { .. })
        ));
        assert_eq!(
            Money::parse("99999999999999999999", "EUR"),
            Err(MoneyError::Overflow)
        );
    }
}
