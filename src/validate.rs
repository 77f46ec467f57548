//! Request validation: every violation is reported at once, by wire name and rule, and never
//! with the value itself (it may be a card number, a CVV or a key).

use std::fmt;
use std::ops::{Bound, RangeBounds};

/// How strictly a client checks requests before sending them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ValidationPolicy {
    /// Every documented constraint is checked (the default).
    #[default]
    Strict,
    /// Local limit checks (lengths, ranges, patterns, formats, documented enum values) are
    /// skipped; cross-field rules are still checked. For a spec that has gone stale: the
    /// gateway stays the judge of what it accepts.
    SkipLimits,
}

/// A documented constraint that a request broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// Shorter than the documented minimum length (in characters).
    MinLength { min: u64, actual: u64 },
    /// Longer than the documented maximum length (in characters).
    MaxLength { max: u64, actual: u64 },
    /// Below the documented minimum.
    Min { min: i64 },
    /// Above the documented maximum.
    Max { max: i64 },
    /// Does not match the documented pattern.
    Pattern { pattern: &'static str },
    /// Not a valid value of this format (url, email, ip).
    Format { format: &'static str },
    /// A value the gateway's documents do not list (an enum's `Unknown`).
    UndocumentedValue { documented: &'static [&'static str] },
    /// Exactly one of these fields must be given.
    ExactlyOneOf {
        fields: &'static [&'static str],
        present: usize,
    },
    /// At most one of these fields may be given.
    AtMostOneOf {
        fields: &'static [&'static str],
        present: usize,
    },
    /// Either all of these fields are given, or none.
    AllOrNone {
        fields: &'static [&'static str],
        present: usize,
    },
    /// Required when a condition holds.
    RequiredIf { condition: &'static str },
    /// One of these fields is required when a condition holds.
    OneOfRequiredIf {
        fields: &'static [&'static str],
        condition: &'static str,
    },
    /// The field is documented only for other brands of this gateway.
    NotDocumentedForBrand {
        brand: &'static str,
        documented: &'static [&'static str],
    },
    /// A maximum length that applies when a condition holds.
    MaxLengthIf {
        max: u64,
        actual: u64,
        condition: &'static str,
    },
    /// An amount in another currency than the one the gateway's amounts are in.
    Currency { expected: &'static str },
    /// Required, and not given.
    Required,
    /// An extra parameter ([`Extra`](crate::Extra)) named like a parameter, credential or
    /// signature the spec defines for this request (`name`, compared ignoring ASCII case).
    DefinedBySpec { name: &'static str },
    /// An extra parameter whose name is not one: `problem` says why.
    ExtraName { problem: &'static str },
    /// An extra parameter given more than once (names compared ignoring ASCII case).
    Repeated,
    /// A sensitive extra parameter on a request without a body: it would travel in the URL,
    /// which servers and proxies log.
    SensitiveInUrl,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::MinLength { min, actual } => {
                write!(f, "must be at least {min} characters long (is {actual})")
            }
            Rule::MaxLength { max, actual } => {
                write!(f, "must be at most {max} characters long (is {actual})")
            }
            Rule::Min { min } => write!(f, "must be at least {min}"),
            Rule::Max { max } => write!(f, "must be at most {max}"),
            Rule::Pattern { pattern } => write!(f, "must match the pattern {pattern}"),
            Rule::Format { format } => write!(f, "must be a valid {format}"),
            Rule::UndocumentedValue { documented } => write!(
                f,
                "must be one of the documented values: {}",
                documented.join(", ")
            ),
            Rule::ExactlyOneOf { fields, present } => write!(
                f,
                "exactly one of {} must be given ({present} given)",
                fields.join(", ")
            ),
            Rule::AtMostOneOf { fields, present } => write!(
                f,
                "at most one of {} may be given ({present} given)",
                fields.join(", ")
            ),
            Rule::AllOrNone { fields, present } => write!(
                f,
                "either all of {} are given or none ({present} given)",
                fields.join(", ")
            ),
            Rule::RequiredIf { condition } => write!(f, "is required when {condition}"),
            Rule::OneOfRequiredIf { fields, condition } => write!(
                f,
                "one of {} is required when {condition} (none given)",
                fields.join(", ")
            ),
            Rule::NotDocumentedForBrand { brand, documented } => write!(
                f,
                "is not documented for {brand}, only for {}",
                documented.join(", ")
            ),
            Rule::MaxLengthIf {
                max,
                actual,
                condition,
            } => write!(
                f,
                "must be at most {max} characters long when {condition} (is {actual})"
            ),
            Rule::Currency { expected } => write!(f, "must be an amount in {expected}"),
            Rule::Required => write!(f, "is required"),
            Rule::DefinedBySpec { name } => write!(
                f,
                "is a name the spec defines for this request (`{name}`, compared ignoring \
                 ASCII case): an extra parameter may not send it again; set the request's own \
                 field"
            ),
            Rule::ExtraName { problem } => {
                write!(f, "is not a valid extra parameter name: {problem}")
            }
            Rule::Repeated => write!(f, "is given more than once as an extra parameter"),
            Rule::SensitiveInUrl => write!(
                f,
                "is sensitive, and this request has no body: it would travel in the URL's \
                 query string, which servers and proxies log"
            ),
        }
    }
}

/// One broken rule: the field's wire name (dotted inside sub-forms) and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Wire name, e.g. `transactionRef` or `customer.firstName`.
    pub field: String,
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

/// A request that was not sent because it broke documented rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationErrors {
    /// The endpoint path, e.g. `payment/tokenDebit`.
    pub endpoint: &'static str,
    /// Every violation found, in field order.
    pub violations: Vec<Violation>,
}

impl ValidationErrors {
    /// The violations of one field (by wire name).
    pub fn field<'a>(&'a self, wire: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.violations
            .iter()
            .filter(move |v| v.field == wire)
            .map(|v| &v.rule)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} request: ", self.endpoint)?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// One atom of a pattern compiled by the generator: a character set repeated min..=max times.
#[derive(Debug)]
pub struct PatternAtom {
    pub ranges: &'static [(char, char)],
    pub negated: bool,
    pub min: u32,
    pub max: u32,
}

/// A pattern the generator compiled from the spec into a static table.
#[derive(Debug)]
pub struct Pattern {
    pub source: &'static str,
    pub atoms: &'static [PatternAtom],
}

impl PatternAtom {
    const fn accepts(&self, c: char) -> bool {
        let mut i = 0;
        while i < self.ranges.len() {
            let (lo, hi) = self.ranges[i];
            if lo <= c && c <= hi {
                return !self.negated;
            }
            i += 1;
        }
        self.negated
    }
}

impl Pattern {
    /// Whether the whole of `s` matches. A `const fn`, so that `paybind::literal!` checks
    /// literals with this same matcher at compile time; it allocates nothing and recurses
    /// once per atom, never once per character.
    pub const fn matches(&self, s: &str) -> bool {
        match_atoms(self.atoms, 0, s.as_bytes(), 0)
    }
}

/// Atom `i` onwards against `s[at..]`: greedy, then giving back one character at a time.
const fn match_atoms(atoms: &[PatternAtom], i: usize, s: &[u8], at: usize) -> bool {
    if i == atoms.len() {
        return at == s.len();
    }
    let a = &atoms[i];
    let (mut n, mut end) = (0u32, at);
    while n < a.max && end < s.len() {
        let (c, width) = decode_utf8(s, end);
        if !a.accepts(c) {
            break;
        }
        n += 1;
        end += width;
    }
    loop {
        if n >= a.min && match_atoms(atoms, i + 1, s, end) {
            return true;
        }
        if n <= a.min {
            return false;
        }
        // Back over one character: its continuation bytes, then its first byte.
        end -= 1;
        while s[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        n -= 1;
    }
}

/// The character starting at byte `i` of valid UTF-8, and its width.
const fn decode_utf8(b: &[u8], i: usize) -> (char, usize) {
    let first = b[i] as u32;
    let (width, init) = match first {
        0x00..=0x7F => return (first as u8 as char, 1),
        0xC0..=0xDF => (2, first & 0x1F),
        0xE0..=0xEF => (3, first & 0x0F),
        _ => (4, first & 0x07),
    };
    let (mut c, mut k) = (init, 1);
    while k < width {
        c = (c << 6) | (b[i + k] as u32 & 0x3F);
        k += 1;
    }
    match char::from_u32(c) {
        Some(c) => (c, width),
        None => (char::REPLACEMENT_CHARACTER, width),
    }
}

/// How many sub-form names a violation's field keeps; deeper ones show as `…`.
pub const MAX_DEPTH: usize = 8;

/// Collects violations while the generated `validate` walks a request.
pub struct Checker {
    policy: ValidationPolicy,
    brand: Option<&'static str>,
    /// The sub-forms entered, outermost first: the first [`MAX_DEPTH`] of `depth` (kept in
    /// place, so that checking a valid request allocates nothing).
    prefix: [&'static str; MAX_DEPTH],
    depth: usize,
    violations: Vec<Violation>,
}

fn char_len(s: &str) -> u64 {
    s.chars().count() as u64
}

impl Checker {
    pub fn new(policy: ValidationPolicy) -> Self {
        Checker {
            policy,
            brand: None,
            prefix: [""; MAX_DEPTH],
            depth: 0,
            violations: Vec::new(),
        }
    }

    /// Checks for one brand of a white-labelled gateway (its documents' limits apply).
    pub fn with_brand(mut self, brand: Option<&'static str>) -> Self {
        self.brand = brand;
        self
    }

    /// The brand being checked for, if any.
    pub fn brand(&self) -> Option<&'static str> {
        self.brand
    }

    /// A field only some brands' documents have.
    pub fn documented_for_brand(
        &mut self,
        wire: &'static str,
        documented: &'static [&'static str],
    ) {
        if let Some(brand) = self.brand {
            if self.limits() && !documented.contains(&brand) {
                self.push(wire, Rule::NotDocumentedForBrand { brand, documented });
            }
        }
    }

    fn limits(&self) -> bool {
        self.policy == ValidationPolicy::Strict
    }

    fn push(&mut self, wire: &'static str, rule: Rule) {
        let mut field = String::new();
        for p in &self.prefix[..self.depth.min(MAX_DEPTH)] {
            field.push_str(p);
            field.push('.');
        }
        if self.depth > MAX_DEPTH {
            field.push_str("….");
        }
        field.push_str(wire);
        self.violations.push(Violation { field, rule });
    }

    /// A violation of a field named at run time (an extra parameter), whatever the policy.
    pub fn refuse(&mut self, field: &str, rule: Rule) {
        self.violations.push(Violation {
            field: field.to_string(),
            rule,
        });
    }

    /// Enters a sub-form: violations inside are named `wire.field`.
    pub fn enter(&mut self, wire: &'static str) {
        if self.depth < MAX_DEPTH {
            self.prefix[self.depth] = wire;
        }
        self.depth += 1;
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The length of a text field (an unset optional field passes), counted in characters,
    /// within `limits` (`..=128`, `2..=2`, `1..`).
    pub fn length<T: Text + ?Sized>(
        &mut self,
        wire: &'static str,
        v: &T,
        limits: impl RangeBounds<u64>,
    ) {
        let (min, max) = inclusive(&limits, |n| n.checked_add(1), |n| n.checked_sub(1));
        self.length_within(wire, v, min, max);
    }

    /// The generic checks only read the field; the work is in these non-generic methods,
    /// compiled once rather than at every call site.
    fn length_within<T: Text + ?Sized>(
        &mut self,
        wire: &'static str,
        v: &T,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        self.text_length(wire, v.text(), min, max);
    }

    fn text_length(
        &mut self,
        wire: &'static str,
        v: Option<&str>,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        let Some(v) = v.filter(|_| self.limits()) else {
            return;
        };
        // Byte length bounds the character count from above: skip counting when it can't fail.
        let bytes = v.len() as u64;
        if let Some(max) = max {
            if bytes > max {
                let actual = char_len(v);
                if actual > max {
                    self.push(wire, Rule::MaxLength { max, actual });
                }
            }
        }
        if let Some(min) = min {
            let actual = if bytes < min { bytes } else { char_len(v) };
            if actual < min {
                self.push(wire, Rule::MinLength { min, actual });
            }
        }
    }

    /// The length of an amount as written in major units (`10.50`), within `limits` (an
    /// unset optional amount passes).
    pub fn major_length<T: Number + ?Sized>(
        &mut self,
        wire: &'static str,
        v: &T,
        limits: impl RangeBounds<u64>,
    ) {
        if let Some(m) = v.money().filter(|_| self.limits()) {
            self.length(wire, m.major_text().as_str(), limits);
        }
    }

    /// The length of a text field whose limits differ per brand: `by_brand` lists each
    /// brand's own `(brand, min, max)`; other brands, and no brand, take `min` and `max`.
    pub fn length_by_brand<T: Text + ?Sized>(
        &mut self,
        wire: &'static str,
        v: &T,
        by_brand: &[(&'static str, Option<u64>, Option<u64>)],
        min: Option<u64>,
        max: Option<u64>,
    ) {
        let own = by_brand.iter().find(|(b, _, _)| Some(*b) == self.brand);
        let (min, max) = own.map_or((min, max), |&(_, lo, hi)| (lo, hi));
        self.length_within(wire, v, min, max);
    }

    /// A number's range (an unset optional field passes): `1..`, `0..=12`.
    pub fn range<T: Number + ?Sized>(
        &mut self,
        wire: &'static str,
        v: &T,
        limits: impl RangeBounds<i64>,
    ) {
        let Some(v) = v.number().filter(|_| self.limits()) else {
            return;
        };
        let (min, max) = inclusive(&limits, |n| n.checked_add(1), |n| n.checked_sub(1));
        if let Some(min) = min {
            if v < min {
                self.push(wire, Rule::Min { min });
            }
        }
        if let Some(max) = max {
            if v > max {
                self.push(wire, Rule::Max { max });
            }
        }
    }

    /// A text field's pattern (an unset optional field passes).
    pub fn pattern<T: Text + ?Sized>(&mut self, wire: &'static str, v: &T, p: &'static Pattern) {
        self.text_pattern(wire, v.text(), p);
    }

    fn text_pattern(&mut self, wire: &'static str, v: Option<&str>, p: &'static Pattern) {
        if self.limits() && v.is_some_and(|v| !p.matches(v)) {
            self.push(wire, Rule::Pattern { pattern: p.source });
        }
    }

    /// A URL field's format (an unset optional field passes).
    pub fn url<T: Text + ?Sized>(&mut self, wire: &'static str, v: &T) {
        self.format(wire, v.text(), Format::Url);
    }

    /// An e-mail address field's format (an unset optional field passes).
    pub fn email<T: Text + ?Sized>(&mut self, wire: &'static str, v: &T) {
        self.format(wire, v.text(), Format::Email);
    }

    /// An IP address field's format (an unset optional field passes).
    pub fn ip<T: Text + ?Sized>(&mut self, wire: &'static str, v: &T) {
        self.format(wire, v.text(), Format::Ip);
    }

    fn format(&mut self, wire: &'static str, v: Option<&str>, format: Format) {
        let Some(v) = v.filter(|_| self.limits()) else {
            return;
        };
        let (ok, name) = match format {
            Format::Url => (crate::format::is_url(v), "url"),
            Format::Email => (crate::format::is_email(v), "email"),
            Format::Ip => (v.parse::<std::net::IpAddr>().is_ok(), "ip"),
        };
        if !ok {
            self.push(wire, Rule::Format { format: name });
        }
    }

    pub fn documented(
        &mut self,
        wire: &'static str,
        known: bool,
        documented: &'static [&'static str],
    ) {
        if self.limits() && !known {
            self.push(wire, Rule::UndocumentedValue { documented });
        }
    }

    pub fn exactly_one_of(&mut self, fields: &'static [&'static str], present: &[bool]) {
        let n = present.iter().filter(|p| **p).count();
        if n != 1 {
            self.push(fields[0], Rule::ExactlyOneOf { fields, present: n });
        }
    }

    pub fn at_most_one_of(&mut self, fields: &'static [&'static str], present: &[bool]) {
        let n = present.iter().filter(|p| **p).count();
        if n > 1 {
            self.push(fields[0], Rule::AtMostOneOf { fields, present: n });
        }
    }

    pub fn all_or_none(&mut self, fields: &'static [&'static str], present: &[bool]) {
        let n = present.iter().filter(|p| **p).count();
        if n != 0 && n != present.len() {
            self.push(fields[0], Rule::AllOrNone { fields, present: n });
        }
    }

    pub fn required_if(
        &mut self,
        wire: &'static str,
        present: bool,
        condition_holds: bool,
        condition: &'static str,
    ) {
        if condition_holds && !present {
            self.push(wire, Rule::RequiredIf { condition });
        }
    }

    /// Each of `fields` (whose presence `present` gives, in the same order) is required when
    /// the condition holds: one violation per missing field.
    pub fn each_required_if(
        &mut self,
        fields: &'static [&'static str],
        present: &[bool],
        condition_holds: bool,
        condition: &'static str,
    ) {
        for (wire, present) in fields.iter().zip(present) {
            self.required_if(wire, *present, condition_holds, condition);
        }
    }

    /// One of `fields` is required when the condition holds; the violation is named after
    /// the first of them.
    pub fn one_of_required_if(
        &mut self,
        fields: &'static [&'static str],
        present: &[bool],
        condition_holds: bool,
        condition: &'static str,
    ) {
        if condition_holds && !present.iter().any(|p| *p) {
            self.push(fields[0], Rule::OneOfRequiredIf { fields, condition });
        }
    }

    pub fn max_length_if(
        &mut self,
        wire: &'static str,
        v: Option<&str>,
        max: u64,
        condition_holds: bool,
        condition: &'static str,
    ) {
        if !self.limits() || !condition_holds {
            return;
        }
        if let Some(v) = v {
            let actual = char_len(v);
            if actual > max {
                self.push(
                    wire,
                    Rule::MaxLengthIf {
                        max,
                        actual,
                        condition,
                    },
                );
            }
        }
    }

    /// An amount whose currency is not the one the gateway's amounts are in.
    pub fn currency(&mut self, wire: &'static str, actual: &str, expected: &'static str) {
        if actual != expected {
            self.push(wire, Rule::Currency { expected });
        }
    }

    /// A field the call needs, not given.
    pub fn required(&mut self, wire: &'static str, present: bool) {
        if !present {
            self.push(wire, Rule::Required);
        }
    }

    pub fn finish(self, endpoint: &'static str) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors {
                endpoint,
                violations: self.violations,
            })
        }
    }
}

/// The formats a text field may be documented to have.
#[derive(Debug, Clone, Copy)]
enum Format {
    Url,
    Email,
    Ip,
}

/// A range's bounds as inclusive limits (`None` where unbounded); an excluded bound moves
/// one step in (`next` above the start, `prev` below the end).
fn inclusive<N: Copy>(
    r: &impl RangeBounds<N>,
    next: impl Fn(N) -> Option<N>,
    prev: impl Fn(N) -> Option<N>,
) -> (Option<N>, Option<N>) {
    let start = match r.start_bound() {
        Bound::Included(n) => Some(*n),
        Bound::Excluded(n) => next(*n),
        Bound::Unbounded => None,
    };
    let end = match r.end_bound() {
        Bound::Included(n) => Some(*n),
        Bound::Excluded(n) => prev(*n),
        Bound::Unbounded => None,
    };
    (start, end)
}

/// A field's text as the checks read it: `None` for an unset optional field. A sensitive
/// value is read (never written anywhere) through [`crate::Sensitive::expose`].
pub trait Text {
    fn text(&self) -> Option<&str>;
}

impl Text for str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl Text for crate::Sensitive {
    fn text(&self) -> Option<&str> {
        Some(self.expose())
    }
}

impl<T: Text> Text for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(Text::text)
    }
}

/// A field's number as the range checks read it: `None` for an unset optional field; an
/// amount in minor units.
pub trait Number {
    fn number(&self) -> Option<i64>;

    /// The amount with its currency, for a money field.
    fn money(&self) -> Option<&crate::Money> {
        None
    }
}

impl Number for i64 {
    fn number(&self) -> Option<i64> {
        Some(*self)
    }
}

impl Number for crate::MinorUnits {
    fn number(&self) -> Option<i64> {
        Some(self.get())
    }
}

impl Number for crate::Money {
    fn number(&self) -> Option<i64> {
        Some(self.minor())
    }

    fn money(&self) -> Option<&crate::Money> {
        Some(self)
    }
}

impl<T: Number> Number for Option<T> {
    fn number(&self) -> Option<i64> {
        self.as_ref().and_then(Number::number)
    }

    fn money(&self) -> Option<&crate::Money> {
        self.as_ref().and_then(Number::money)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static CVV: Pattern = Pattern {
        source: "^[0-9]{3,4}$",
        atoms: &[PatternAtom {
            ranges: &[('0', '9')],
            negated: false,
            min: 3,
            max: 4,
        }],
    };

    #[test]
    fn pattern_matching_at_its_bounds() {
        assert!(!CVV.matches("12"));
        assert!(CVV.matches("123"));
        assert!(CVV.matches("1234"));
        assert!(!CVV.matches("12345"));
        assert!(!CVV.matches("12a"));
        assert!(!CVV.matches(""));
    }

    /// `^.{0,10}[é€😀]$`: any characters, then one of three of two, three and four bytes.
    static ANY_THEN_WIDE: Pattern = Pattern {
        source: "^.{0,10}[é€😀]$",
        atoms: &[
            PatternAtom {
                ranges: &[],
                negated: true,
                min: 0,
                max: 10,
            },
            PatternAtom {
                ranges: &[('é', 'é'), ('€', '€'), ('😀', '😀')],
                negated: false,
                min: 1,
                max: 1,
            },
        ],
    };

    #[test]
    fn multi_byte_characters_are_read_whole_and_given_back_whole() {
        // The last character decides; the first atom takes all, then gives back one whole
        // character (two, three or four bytes) for the second.
        for (s, matches) in [
            ("é", true),
            ("€", true),
            ("😀", true),
            ("e", false),
            ("è", false),
            ("aé", true),
            ("éé€", true),
            ("😀😀", true),
            ("€😀é", true),
            ("é😀a", false),
            ("ü€", true),
            ("", false),
        ] {
            assert_eq!(ANY_THEN_WIDE.matches(s), matches, "{s:?}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut c = Checker::new(ValidationPolicy::Strict);
        c.length("road", "Maréchal", ..=8);
        c.length("ref", "abc", 8..=40);
        let e = c.finish("x").unwrap_err();
        assert_eq!(e.violations.len(), 1);
        assert_eq!(e.violations[0].rule, Rule::MinLength { min: 8, actual: 3 });
    }

    #[test]
    fn the_error_names_the_endpoint_then_each_field_and_rule() {
        let mut c = Checker::new(ValidationPolicy::Strict);
        c.length("ref", "abc", 8..=40);
        c.range("amount", &0i64, 1..);
        let e = c.finish("payment/refund").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid payment/refund request: `ref` must be at least 8 characters long (is 3); \
             `amount` must be at least 1"
        );
        assert_eq!(
            e.field("amount").collect::<Vec<_>>(),
            [&Rule::Min { min: 1 }]
        );
    }

    /// Lengths are counted in characters (the documents' "length" of a string), not bytes:
    /// "é" is one character of two bytes.
    #[test]
    fn min_and_max_lengths_of_multi_byte_strings() {
        // 2 characters in 4 bytes: shorter than 3 characters though longer than 3 bytes.
        assert_eq!(
            rules(|c| c.length("f", "éé", 3..)),
            [Rule::MinLength { min: 3, actual: 2 }]
        );
        // 3 characters in 6 bytes: within a maximum of 3.
        assert_eq!(rules(|c| c.length("f", "ééé", ..=3)), []);
        // 4 characters in 8 bytes: one over.
        assert_eq!(
            rules(|c| c.length("f", "éééé", ..=3)),
            [Rule::MaxLength { max: 3, actual: 4 }]
        );
        assert_eq!(
            rules(|c| c.length("f", "ab", 3..)),
            [Rule::MinLength { min: 3, actual: 2 }]
        );
        assert_eq!(rules(|c| c.length("f", "abc", 3..=3)), []);
    }

    /// A violation inside sub-forms is named by the forms entered, up to `MAX_DEPTH` (8)
    /// of them, deeper ones elided as `…`; leaving a sub-form names the next violation from
    /// the outer one. No depth panics.
    #[test]
    fn violations_inside_sub_forms_are_named_by_their_path() {
        let mut c = Checker::new(ValidationPolicy::Strict);
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for wire in &names[..8] {
            c.enter(wire);
        }
        c.range("x", &0i64, 1..);
        c.enter(names[8]);
        c.range("y", &0i64, 1..);
        c.leave();
        c.leave();
        c.range("z", &0i64, 1..);
        for _ in 0..7 {
            c.leave();
        }
        c.range("w", &0i64, 1..);
        let e = c.finish("x").unwrap_err();
        let fields: Vec<&str> = e.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "a.b.c.d.e.f.g.h.x",
                "a.b.c.d.e.f.g.h.….y",
                "a.b.c.d.e.f.g.z",
                "w"
            ]
        );
    }

    #[test]
    fn limits_are_ranges_and_an_unset_field_passes() {
        // Inclusive and exclusive ends read alike: `..5` is at most 4.
        assert_eq!(
            rules(|c| c.length("f", "abcde", ..5)),
            [Rule::MaxLength { max: 4, actual: 5 }]
        );
        assert_eq!(rules(|c| c.length("f", "abcd", ..5)), []);
        assert_eq!(
            rules(|c| c.range("n", &1i64, (Bound::Excluded(1), Bound::Unbounded))),
            [Rule::Min { min: 2 }]
        );
        assert_eq!(
            rules(|c| c.range("n", &13i64, 1..13)),
            [Rule::Max { max: 12 }]
        );
        let unset: Option<String> = None;
        assert_eq!(rules(|c| c.length("f", &unset, 1..=2)), []);
        assert_eq!(rules(|c| c.url("u", &unset)), []);
        assert_eq!(rules(|c| c.range("n", &None::<i64>, 1..)), []);
        let set = Some("not a url".to_string());
        assert_eq!(
            rules(|c| c.url("u", &set)),
            [Rule::Format { format: "url" }]
        );
        assert_eq!(
            rules(|c| c.email("e", "a@")),
            [Rule::Format { format: "email" }]
        );
        assert_eq!(
            rules(|c| c.ip("i", "10.0.0.300")),
            [Rule::Format { format: "ip" }]
        );
        assert_eq!(rules(|c| c.ip("i", "10.0.0.3")), []);
    }

    #[test]
    fn a_brand_takes_its_own_length_and_the_others_the_default() {
        let by_brand = |brand, v: &str| {
            let mut c = Checker::new(ValidationPolicy::Strict).with_brand(brand);
            c.length_by_brand(
                "address1",
                v,
                &[("connpay", None, Some(50))],
                None,
                Some(256),
            );
            c.finish("sale").err().map(|e| e.violations[0].rule.clone())
        };
        let long = "x".repeat(60);
        assert_eq!(
            by_brand(Some("connpay"), &long),
            Some(Rule::MaxLength {
                max: 50,
                actual: 60
            })
        );
        assert_eq!(by_brand(Some("payneteasy"), &long), None);
        assert_eq!(by_brand(None, &long), None);
    }

    #[test]
    fn each_field_is_required_when_the_condition_holds() {
        let missing = |holds| {
            rules(|c| {
                c.each_required_if(
                    &["city", "zip_code"],
                    &[true, false],
                    holds,
                    "no recurring id",
                )
            })
        };
        assert_eq!(
            missing(true),
            [Rule::RequiredIf {
                condition: "no recurring id"
            }]
        );
        assert_eq!(missing(false), []);
    }

    fn rules(f: impl FnOnce(&mut Checker)) -> Vec<Rule> {
        let mut c = Checker::new(ValidationPolicy::Strict);
        f(&mut c);
        c.finish("x")
            .err()
            .map(|e| e.violations.into_iter().map(|v| v.rule).collect())
            .unwrap_or_default()
    }

    #[test]
    fn group_rules_at_their_boundaries() {
        const F: &[&str] = &["a", "b", "c"];
        for (present, exactly, at_most, all_or_none) in [
            ([false, false, false], false, true, true),
            ([true, false, false], true, true, false),
            ([true, true, false], false, false, false),
            ([true, true, true], false, false, true),
        ] {
            assert_eq!(
                rules(|c| c.exactly_one_of(F, &present)).is_empty(),
                exactly,
                "{present:?}"
            );
            assert_eq!(
                rules(|c| c.at_most_one_of(F, &present)).is_empty(),
                at_most,
                "{present:?}"
            );
            assert_eq!(
                rules(|c| c.all_or_none(F, &present)).is_empty(),
                all_or_none,
                "{present:?}"
            );
        }
        let n = present_count(&rules(|c| c.all_or_none(F, &[true, false, true])));
        assert_eq!(n, 2);
    }

    fn present_count(r: &[Rule]) -> usize {
        match r {
            [Rule::AllOrNone { present, .. }] => *present,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn conditional_rules() {
        let cond = "`country` is US or CA";
        assert!(rules(|c| c.required_if("state", false, false, cond)).is_empty());
        assert!(rules(|c| c.required_if("state", true, true, cond)).is_empty());
        assert_eq!(
            rules(|c| c.required_if("state", false, true, cond)),
            vec![Rule::RequiredIf { condition: cond }]
        );
        assert!(rules(|c| c.max_length_if("ref", Some("12345"), 5, true, cond)).is_empty());
        assert_eq!(
            rules(|c| c.max_length_if("ref", Some("123456"), 5, true, cond)),
            vec![Rule::MaxLengthIf {
                max: 5,
                actual: 6,
                condition: cond
            }]
        );
        assert!(rules(|c| c.max_length_if("ref", Some("123456"), 5, false, cond)).is_empty());
        assert!(rules(|c| c.max_length_if("ref", None, 5, true, cond)).is_empty());
    }

    #[test]
    fn ranges_and_formats_at_their_boundaries() {
        assert!(rules(|c| c.range("n", &1i64, 1..=99)).is_empty());
        assert!(rules(|c| c.range("n", &99i64, 1..=99)).is_empty());
        assert_eq!(
            rules(|c| c.range("n", &0i64, 1..=99)),
            vec![Rule::Min { min: 1 }]
        );
        assert_eq!(
            rules(|c| c.range("n", &100i64, 1..=99)),
            vec![Rule::Max { max: 99 }]
        );
        assert!(rules(|c| c.ip("ip", "::1")).is_empty());
        assert_eq!(
            rules(|c| c.ip("ip", "1.2.3")),
            vec![Rule::Format { format: "ip" }]
        );
        assert_eq!(
            rules(|c| c.url("u", "shop.example")),
            vec![Rule::Format { format: "url" }]
        );
        assert_eq!(
            rules(|c| c.documented("e", false, &["A"])),
            vec![Rule::UndocumentedValue { documented: &["A"] }]
        );
    }

    #[test]
    fn nested_paths() {
        let mut c = Checker::new(ValidationPolicy::Strict);
        c.enter("customer");
        c.length("firstName", "abc", ..=2);
        c.leave();
        c.length("top", "abc", ..=2);
        let e = c.finish("x").unwrap_err();
        let fields: Vec<&str> = e.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["customer.firstName", "top"]);
    }

    #[test]
    fn skip_limits_keeps_cross_field_rules() {
        let mut c = Checker::new(ValidationPolicy::SkipLimits);
        c.length("ref", "abc", 8..);
        c.exactly_one_of(&["browser", "application"], &[false, false]);
        let e = c.finish("x").unwrap_err();
        assert_eq!(e.violations.len(), 1);
        assert_eq!(e.violations[0].field, "browser");
    }
}
