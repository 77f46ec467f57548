//! One-line summaries of requests and answers, for logs and transcripts: the fields that are
//! set, by wire name, each secret replaced by its redaction label.
//!
//! Every generated request, sub-form and answer implements [`Summary`]:
//!
//! ```
//! use paybind::summary::Summary;
//! let refund = paybind::comnpay::PaymentRefund::builder()
//!     .transaction_ref("ORDER-0001")
//!     .amount(1500)
//!     .build();
//! assert_eq!(refund.summary(), "transactionRef=ORDER-0001 amount=1500");
//! ```

use std::fmt::Write as _;

use crate::encoding::Joined;
use crate::money::{MinorUnits, Money};
use crate::secret::Sensitive;

/// A request or answer shown as `name=value` pairs of the fields it has.
pub trait Summary {
    /// Writes each field into `s`; fields that are not set are skipped by [`Summarizer`].
    fn summarize(&self, s: &mut Summarizer<'_>);

    /// The fields that are set, as `name=value` pairs separated by spaces; `None`s and empty
    /// lists left out, secrets redacted, nested objects in braces.
    fn summary(&self) -> String {
        let mut out = String::new();
        self.summarize(&mut Summarizer::new(&mut out));
        out
    }
}

/// Collects a summary's `name=value` pairs.
#[derive(Debug)]
pub struct Summarizer<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Summarizer<'a> {
    pub fn new(out: &'a mut String) -> Self {
        Summarizer { out, first: true }
    }

    /// Adds `name=value`, unless the value is not set.
    pub fn field(&mut self, name: &str, value: &dyn SummaryValue) {
        if !value.is_set() {
            return;
        }
        if !self.first {
            self.out.push(' ');
        }
        self.first = false;
        self.out.push_str(name);
        self.out.push('=');
        value.write_summary(self.out);
    }
}

/// A value as a summary shows it.
pub trait SummaryValue {
    /// False for what a summary leaves out: `None`, an empty list.
    fn is_set(&self) -> bool {
        true
    }
    fn write_summary(&self, out: &mut String);
}

impl SummaryValue for String {
    /// Quoted when empty or holding spaces, so that pairs stay apart.
    fn write_summary(&self, out: &mut String) {
        if self.is_empty() || self.contains(char::is_whitespace) {
            let _ = write!(out, "{self:?}");
        } else {
            out.push_str(self);
        }
    }
}

/// The redaction label (`<redacted card number>`), never the value.
impl SummaryValue for Sensitive {
    fn write_summary(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

macro_rules! displayed {
    ($($t:ty),*) => {$(
        impl SummaryValue for $t {
            fn write_summary(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
displayed!(
    i64,
    bool,
    MinorUnits,
    Money,
    crate::date::Date,
    crate::date::DateTime,
    crate::date::YearMonth
);

impl<T: std::fmt::Display, const SEP: char> SummaryValue for Joined<T, SEP> {
    fn write_summary(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

/// A value with fields of its own (a sub-form, an answer's object) shows them in braces:
/// `{ip=1.2.3.4 lang=fr}`.
impl<T: Summary> SummaryValue for T {
    fn write_summary(&self, out: &mut String) {
        write_nested(self, out)
    }
}

impl<T: SummaryValue> SummaryValue for Option<T> {
    fn is_set(&self) -> bool {
        self.as_ref().is_some_and(T::is_set)
    }
    fn write_summary(&self, out: &mut String) {
        if let Some(v) = self {
            v.write_summary(out);
        }
    }
}

impl<T: SummaryValue> SummaryValue for Vec<T> {
    fn is_set(&self) -> bool {
        !self.is_empty()
    }
    fn write_summary(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            v.write_summary(out);
        }
        out.push(']');
    }
}

/// Writes an object's summary in braces; what generated objects call.
pub fn write_nested(value: &dyn Summary, out: &mut String) {
    out.push('{');
    value.summarize(&mut Summarizer::new(out));
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Sensitivity;

    struct Card {
        number: Sensitive,
        holder: Option<String>,
        tags: Vec<String>,
    }
    impl Summary for Card {
        fn summarize(&self, s: &mut Summarizer<'_>) {
            s.field("cardNumber", &self.number);
            s.field("holder", &self.holder);
            s.field("tags", &self.tags);
        }
    }
    struct Order {
        amount: Option<Money>,
        card: Option<Card>,
        note: Option<String>,
    }
    impl Summary for Order {
        fn summarize(&self, s: &mut Summarizer<'_>) {
            s.field("amount", &self.amount);
            s.field("card", &self.card);
            s.field("note", &self.note);
        }
    }

    #[test]
    fn shows_what_is_set_and_redacts_secrets() {
        let order = Order {
            amount: Money::parse("45", "EUR").ok(),
            card: Some(Card {
                number: Sensitive::new(Sensitivity::CardNumber, "4111111111111111"),
                holder: Some("JOHN SMITH".to_string()),
                tags: vec![],
            }),
            note: None,
        };
        assert_eq!(
            order.summary(),
            r#"amount=45.00 EUR card={cardNumber=<redacted card number> holder="JOHN SMITH"}"#
        );
    }
}
