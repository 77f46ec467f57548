//! Validated literals: a value written in your code, checked at compile time against the
//! documented rules of the field it is for.
//!
//! Every request or sub-form field whose values the spec constrains (a length, a pattern,
//! documented enum values) has an associated constant named after it, such as
//! `PaymentTokenDebit::TRANSACTION_REF`. [`literal!`](crate::literal!) checks a literal against
//! it while the crate compiles and gives the value the field's setter takes:
//!
//! ```
//! use paybind::comnpay::PaymentTokenDebit;
//!
//! let request = PaymentTokenDebit::builder()
//!     .token_ref("TK1533224578211DEMO364")
//!     .transaction_ref(paybind::literal!(PaymentTokenDebit::TRANSACTION_REF, "ORDER-0042"))
//!     .amount(1590)
//!     .build();
//! # let _ = request;
//! ```
//!
//! A literal that breaks the rule does not compile, and the compiler's message names the field
//! and the rule:
//!
//! ```compile_fail
//! use paybind::comnpay::PaymentTokenDebit;
//! // error[E0080]: evaluation panicked: `transactionRef` must be at least 8 characters long
//! //               (the spec's min_length: 8), so this literal of 5 is refused
//! let r = paybind::literal!(PaymentTokenDebit::TRANSACTION_REF, "AB123");
//! ```
//!
//! Values known only at run time keep `validate()`, which checks the same rules (the checks
//! agree: a test compares them on generated strings). Cross-field rules and a brand's own
//! limits (ConnPay's, for instance) depend on more than one literal: `validate()` checks them.

use std::marker::PhantomData;

use crate::validate::Pattern;

/// The documented rules of one field, as the compile-time check applies them. The generator
/// writes one per constrained field; `T` is the type the field's setter takes.
#[derive(Debug)]
pub struct Literal<T> {
    /// The field's wire name.
    pub field: &'static str,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<&'static Pattern>,
    /// The documented values; empty when the field takes free text.
    pub values: &'static [&'static str],
    /// For a list of values joined into one string: the separator.
    pub separator: Option<char>,
    /// What the compiler prints for each broken rule.
    pub messages: Messages,
    /// The type the checked literal becomes.
    pub output: PhantomData<fn() -> T>,
}

/// The rules of a text field's literals.
pub type Text = Literal<&'static str>;

/// The rules of the field `field`, none yet: the generator adds each rule the field has
/// (`of("city").max_length(50, "…")`), with the compiler's message for it.
pub const fn of<T>(field: &'static str) -> Literal<T> {
    Literal {
        field,
        ..Literal::EMPTY
    }
}

/// The message of each rule a literal can break, written by the generator.
#[derive(Debug)]
pub struct Messages {
    pub too_short: &'static str,
    pub too_long: &'static str,
    pub pattern: &'static str,
    pub value: &'static str,
}

impl Messages {
    /// No message: those of the rules a field has are written over it.
    pub const NONE: Messages = Messages {
        too_short: "",
        too_long: "",
        pattern: "",
        value: "",
    };
}

impl<T> Literal<T> {
    /// No rule yet: the generator writes the rules a field has over this
    /// (`Literal { field, max_length, messages, ..Literal::EMPTY }`).
    pub const EMPTY: Self = Literal {
        field: "",
        min_length: None,
        max_length: None,
        pattern: None,
        values: &[],
        separator: None,
        messages: Messages::NONE,
        output: PhantomData,
    };

    pub const fn min_length(mut self, n: u64, message: &'static str) -> Self {
        self.min_length = Some(n);
        self.messages.too_short = message;
        self
    }

    pub const fn max_length(mut self, n: u64, message: &'static str) -> Self {
        self.max_length = Some(n);
        self.messages.too_long = message;
        self
    }

    pub const fn pattern(mut self, p: &'static Pattern, message: &'static str) -> Self {
        self.pattern = Some(p);
        self.messages.pattern = message;
        self
    }

    /// The documented values (each item of a joined list is one of them).
    pub const fn values(mut self, values: &'static [&'static str], message: &'static str) -> Self {
        self.values = values;
        self.messages.value = message;
        self
    }

    /// A list of values joined into one string with `separator`.
    pub const fn separator(mut self, separator: char) -> Self {
        self.separator = Some(separator);
        self
    }

    /// The message of the first rule `value` breaks, if any. Usable at run time too.
    pub const fn test(&self, value: &str) -> Result<(), &'static str> {
        let n = char_count(value.as_bytes());
        if let Some(min) = self.min_length {
            if n < min {
                return Err(self.messages.too_short);
            }
        }
        if let Some(max) = self.max_length {
            if n > max {
                return Err(self.messages.too_long);
            }
        }
        if let Some(p) = self.pattern {
            if !p.matches(value) {
                return Err(self.messages.pattern);
            }
        }
        if !self.values.is_empty() && !self.documented(value.as_bytes()) {
            return Err(self.messages.value);
        }
        Ok(())
    }

    /// `value` itself when it keeps every rule; otherwise a panic whose message names the
    /// field and the rule. Meant for const evaluation, where that panic is a compile error:
    /// call it through [`literal!`](crate::literal!), which makes sure of that.
    #[doc(hidden)]
    pub const fn check(&self, value: &'static str) -> &'static str {
        match self.test(value) {
            Ok(()) => value,
            Err(message) => panic!("{}", message),
        }
    }

    /// The checked literal as the field's setter takes it.
    #[doc(hidden)]
    pub fn accept(&self, checked: &'static str) -> T
    where
        T: FromLiteral,
    {
        T::from_literal(checked)
    }

    /// Whether each item (or the whole value, for a single value) is a documented one.
    const fn documented(&self, value: &[u8]) -> bool {
        let Some(sep) = self.separator else {
            return contains(self.values, value);
        };
        let mut sep_buf = [0u8; 4];
        let sep = sep.encode_utf8(&mut sep_buf).as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i <= value.len() {
            let at_sep = i + sep.len() <= value.len() && starts_with(value, i, sep);
            if i == value.len() || at_sep {
                let item = trim(value, start, i);
                if !item.is_empty() && !contains(self.values, item) {
                    return false;
                }
                i += if at_sep { sep.len() } else { 1 };
                start = i;
            } else {
                i += 1;
            }
        }
        true
    }
}

/// What a checked literal becomes: the field's own type, built from the literal's text.
pub trait FromLiteral {
    /// Builds the value from a literal that passed the field's check.
    fn from_literal(checked: &'static str) -> Self;
}

impl FromLiteral for &'static str {
    fn from_literal(checked: &'static str) -> Self {
        checked
    }
}

impl<T: FromLiteral, const SEP: char> FromLiteral for crate::encoding::Joined<T, SEP> {
    fn from_literal(checked: &'static str) -> Self {
        crate::encoding::Joined(
            checked
                .split(SEP)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(T::from_literal)
                .collect(),
        )
    }
}

/// Checks a literal against a field's documented rules at compile time, and gives the value
/// the field's setter takes (`&'static str` for text, the enum for an enum, the list for a
/// joined list).
///
/// ```
/// use paybind::smoney::{CardBrand, CreateCardPayment};
///
/// let cards = paybind::literal!(CreateCardPayment::AVAILABLE_CARDS, "CB;VISA");
/// assert_eq!(cards.0, [CardBrand::Cb, CardBrand::Visa]);
/// ```
///
/// The value must be a constant: a string known only at run time goes through the builder
/// and `validate()` instead.
#[macro_export]
macro_rules! literal {
    ($rule:expr, $value:expr $(,)?) => {
        ($rule).accept(const { ($rule).check($value) })
    };
}

/// Characters in UTF-8 text: the bytes that do not continue a character.
const fn char_count(b: &[u8]) -> u64 {
    let (mut n, mut i) = (0, 0);
    while i < b.len() {
        if b[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn starts_with(s: &[u8], at: usize, prefix: &[u8]) -> bool {
    let mut k = 0;
    while k < prefix.len() {
        if s[at + k] != prefix[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// `s[start..end]` without the spaces around it.
const fn trim(s: &[u8], mut start: usize, mut end: usize) -> &[u8] {
    while start < end && s[start] == b' ' {
        start += 1;
    }
    while end > start && s[end - 1] == b' ' {
        end -= 1;
    }
    s.split_at(end).0.split_at(start).1
}

const fn contains(values: &[&str], item: &[u8]) -> bool {
    let mut i = 0;
    while i < values.len() {
        let v = values[i].as_bytes();
        if v.len() == item.len() && starts_with(item, 0, v) {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::PatternAtom;

    static DIGITS: Pattern = Pattern {
        source: "^-?[0-9]{2,4}$",
        atoms: &[
            PatternAtom {
                ranges: &[('-', '-')],
                negated: false,
                min: 0,
                max: 1,
            },
            PatternAtom {
                ranges: &[('0', '9')],
                negated: false,
                min: 2,
                max: 4,
            },
        ],
    };

    const MESSAGES: Messages = Messages {
        too_short: "short",
        too_long: "long",
        pattern: "pattern",
        value: "value",
    };

    fn rule(
        pattern: Option<&'static Pattern>,
        values: &'static [&'static str],
    ) -> Literal<&'static str> {
        Literal {
            field: "f",
            min_length: Some(2),
            max_length: Some(5),
            pattern,
            values,
            separator: Some(';'),
            messages: MESSAGES,
            output: PhantomData,
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let r = rule(None, &[]);
        assert_eq!(r.test("é"), Err("short"));
        assert_eq!(r.test("éé"), Ok(()));
        assert_eq!(r.test("ééééé"), Ok(()));
        assert_eq!(r.test("éééééé"), Err("long"));
    }

    #[test]
    fn patterns_backtrack_and_anchor() {
        let r = rule(Some(&DIGITS), &[]);
        assert_eq!(r.test("-12"), Ok(()));
        assert_eq!(r.test("1234"), Ok(()));
        assert_eq!(r.test("12a"), Err("pattern"));
        assert_eq!(r.test("-1"), Err("pattern"));
        assert_eq!(r.test("12-"), Err("pattern"));
    }

    #[test]
    fn joined_values_are_each_documented() {
        let r = Literal {
            min_length: None,
            max_length: None,
            ..rule(None, &["CB", "VISA"])
        };
        assert_eq!(r.test("CB;VISA"), Ok(()));
        assert_eq!(r.test("CB; VISA"), Ok(()));
        assert_eq!(r.test("CB;AMEX"), Err("value"));
        assert_eq!(r.test("CBX"), Err("value"));
    }

    #[test]
    fn the_const_check_passes_a_good_literal_through() {
        const R: Literal<&'static str> = Literal {
            field: "f",
            min_length: Some(2),
            max_length: None,
            pattern: None,
            values: &[],
            separator: None,
            messages: MESSAGES,
            output: PhantomData,
        };
        assert_eq!(crate::literal!(R, "abc"), "abc");
    }
}
