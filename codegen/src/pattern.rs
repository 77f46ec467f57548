//! The spec language's patterns: a small, anchored regular-expression subset that the
//! generator turns into a static table at build time, so nothing compiles a regex at run time.
//!
//! Supported: `^` at the start and `$` at the end (both required), literal characters,
//! escapes (`\d`, `\w`, `\s`, `\.` and other escaped punctuation), `.`, classes `[a-z0-9_]`
//! and negated classes `[^...]`, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`.
//! Groups and alternation are not supported: a spec that needs them is refused with an error.

/// The braces of a `{n,m}` repetition, named so that brace-counting tools that read this
/// file as text see balanced code.
const OPEN_BRACE: char = '\u{7b}';
const CLOSE_BRACE: char = '\u{7d}';

/// One atom of a pattern: a set of character ranges (or its complement) repeated min..=max times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub ranges: Vec<(char, char)>,
    pub negated: bool,
    pub min: u32,
    /// `u32::MAX` for no upper bound.
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub source: String,
    pub atoms: Vec<Atom>,
}

impl Pattern {
    /// The fewest characters a matching value has.
    pub fn min_len(&self) -> u64 {
        self.atoms.iter().map(|a| u64::from(a.min)).sum()
    }

    /// For a number written in digits (an optional leading `-`, then digits only): the
    /// digit count's bounds, `None` where unbounded. `None` for any other pattern.
    pub fn digits(&self) -> Option<(Option<u64>, Option<u64>)> {
        let sign = |a: &Atom| a.ranges == [('-', '-')] && !a.negated && a.min == 0 && a.max == 1;
        let atoms = match self.atoms.as_slice() {
            [s, rest @ ..] if sign(s) => rest,
            all => all,
        };
        let [d] = atoms else {
            return None;
        };
        if d.negated || d.ranges != DIGIT {
            return None;
        }
        let bound = |n: u32| (n != 0 && n != u32::MAX).then_some(u64::from(n));
        Some((
            bound(d.min).filter(|_| d.min != 1 || d.max != u32::MAX),
            bound(d.max),
        ))
    }
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];

/// A set of characters: its ranges, and whether it is their complement.
type Set = (Vec<(char, char)>, bool);

/// Parses a pattern; an error names the pattern and what in it is not supported.
pub fn parse(src: &str) -> Result<Pattern, String> {
    let body = src
        .strip_prefix('^')
        .and_then(|s| s.strip_suffix('$'))
        .ok_or_else(|| format!("pattern `{src}` must be anchored: start with ^ and end with $"))?;
    let mut r = Reader {
        src,
        chars: body.chars().collect(),
        i: 0,
    };
    let mut atoms = Vec::new();
    while r.i < r.chars.len() {
        atoms.push(r.atom()?);
    }
    Ok(Pattern {
        source: src.to_string(),
        atoms,
    })
}

/// What follows a `\`: a class of characters (`\d`, `\w`, `\s`) or an escaped
/// punctuation character. `None` for anything else.
enum Escape {
    Class(&'static [(char, char)]),
    Char(char),
}

fn escape(c: Option<char>) -> Option<Escape> {
    match c? {
        'd' => Some(Escape::Class(DIGIT)),
        'w' => Some(Escape::Class(WORD)),
        's' => Some(Escape::Class(SPACE)),
        e if !e.is_alphanumeric() => Some(Escape::Char(e)),
        _ => None,
    }
}

/// Reads a pattern's body (between `^` and `$`) one atom at a time.
struct Reader<'s> {
    src: &'s str,
    chars: Vec<char>,
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn error(&self, what: &str) -> String {
        format!("pattern `{}`: {what}", self.src)
    }

    /// A set of characters and how many times it repeats.
    fn atom(&mut self) -> Result<Atom, String> {
        let (ranges, negated) = self.set()?;
        let (min, max) = self.quantifier()?;
        if matches!(self.peek(), Some('?' | '*' | '+' | OPEN_BRACE)) {
            return Err(self.error("stacked quantifiers are not supported"));
        }
        Ok(Atom {
            ranges,
            negated,
            min,
            max,
        })
    }

    /// A class, an escape, `.` or a literal character.
    fn set(&mut self) -> Result<Set, String> {
        let c = self.chars[self.i];
        self.i += 1;
        match c {
            '[' => self.class(),
            '\\' => Ok((self.escape()?, false)),
            '.' => Ok((vec![('\n', '\n')], true)),
            '(' | ')' | '|' | '^' | '$' => Err(self.error(&format!(
                "`{c}` is not supported (no groups, alternation or inner anchors)"
            ))),
            '?' | '*' | '+' | OPEN_BRACE | ']' | CLOSE_BRACE => {
                Err(self.error(&format!("`{c}` has nothing to repeat or match")))
            }
            c => Ok((vec![(c, c)], false)),
        }
    }

    /// An escape outside a class, after its `\`.
    fn escape(&mut self) -> Result<Vec<(char, char)>, String> {
        let ranges = match escape(self.peek()) {
            Some(Escape::Class(ranges)) => ranges.to_vec(),
            Some(Escape::Char(e)) => vec![(e, e)],
            None => return Err(self.error("unsupported escape")),
        };
        self.i += 1;
        Ok(ranges)
    }

    /// A class after its `[`: an optional `^`, then ranges up to a `]` (a `]` first is a
    /// literal).
    fn class(&mut self) -> Result<Set, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.i += 1;
        }
        let mut ranges = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == ']' && !ranges.is_empty() {
                return Ok((ranges, negated));
            }
            self.class_item(c, &mut ranges)?;
        }
        Err(self.error("unclosed class `[`"))
    }

    /// One item of a class, whose first character `c` was just read: a character, a range
    /// `a-z` or an escape.
    fn class_item(&mut self, c: char, ranges: &mut Vec<(char, char)>) -> Result<(), String> {
        let lo = if c == '\\' {
            let e = escape(self.peek());
            self.i += 1;
            match e {
                Some(Escape::Class(class)) => {
                    ranges.extend_from_slice(class);
                    return Ok(());
                }
                Some(Escape::Char(e)) => e,
                None => return Err(self.error("unsupported escape in a class")),
            }
        } else {
            c
        };
        let hi = match (self.peek(), self.chars.get(self.i + 1)) {
            (Some('-'), Some(&hi)) if hi != ']' => hi,
            _ => {
                ranges.push((lo, lo));
                return Ok(());
            }
        };
        if hi < lo {
            return Err(self.error(&format!("range {lo}-{hi} is reversed")));
        }
        ranges.push((lo, hi));
        self.i += 2;
        Ok(())
    }

    /// `?`, `*`, `+`, `{...}` or nothing: the repetition bounds.
    fn quantifier(&mut self) -> Result<(u32, u32), String> {
        let bounds = match self.peek() {
            Some('?') => (0, 1),
            Some('*') => (0, u32::MAX),
            Some('+') => (1, u32::MAX),
            Some(OPEN_BRACE) => return self.repetition(),
            _ => return Ok((1, 1)),
        };
        self.i += 1;
        Ok(bounds)
    }

    /// `{n}`, `{n,}` or `{n,m}`.
    fn repetition(&mut self) -> Result<(u32, u32), String> {
        let end = self.chars[self.i..]
            .iter()
            .position(|c| *c == CLOSE_BRACE)
            .ok_or_else(|| self.error("unclosed `{`"))?;
        let inner: String = self.chars[self.i + 1..self.i + end].iter().collect();
        self.i += end + 1;
        let num = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| self.error(&format!("`{{{inner}}}` is not a repetition")))
        };
        match inner.split_once(',') {
            None => num(&inner).map(|n| (n, n)),
            Some((a, "")) => Ok((num(a)?, u32::MAX)),
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b {
                    return Err(self.error(&format!("`{{{inner}}}` is reversed")));
                }
                Ok((a, b))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_only_patterns_give_their_digit_counts() {
        let digits = |src: &str| parse(src).expect("pattern").digits();
        assert_eq!(digits("^[0-9]+$"), Some((None, None)));
        assert_eq!(digits("^-?[0-9]+$"), Some((None, None)));
        assert_eq!(digits("^[0-9]{3,4}$"), Some((Some(3), Some(4))));
        assert_eq!(digits("^[0-9]{2}$"), Some((Some(2), Some(2))));
        assert_eq!(digits("^[A-Z]{2}$"), None);
        assert_eq!(digits("^[0-9]{2}-[0-9]{2}$"), None);
    }

    use super::*;

    #[test]
    fn parses_digits_with_a_range_of_repetitions() {
        let p = parse("^[0-9]{3,4}$").unwrap();
        assert_eq!(
            p.atoms,
            vec![Atom {
                ranges: vec![('0', '9')],
                negated: false,
                min: 3,
                max: 4
            }]
        );
        assert_eq!(p.min_len(), 3);
    }

    #[test]
    fn reads_classes_escapes_and_repetitions() {
        let p = parse("^[]a\\d-]x\\.{2,}[^\\-a-z]?$").unwrap();
        let atom = |ranges: &[(char, char)], negated, min, max| Atom {
            ranges: ranges.to_vec(),
            negated,
            min,
            max,
        };
        assert_eq!(
            p.atoms,
            [
                atom(
                    &[(']', ']'), ('a', 'a'), ('0', '9'), ('-', '-')],
                    false,
                    1,
                    1
                ),
                atom(&[('x', 'x')], false, 1, 1),
                atom(&[('.', '.')], false, 2, u32::MAX),
                atom(&[('-', '-'), ('a', 'z')], true, 0, 1),
            ]
        );
        assert_eq!(p.min_len(), 4);
    }

    #[test]
    fn says_what_is_wrong() {
        for (bad, says) in [
            ("^[z-a]$", "range z-a is reversed"),
            ("^a{1,x}$", "`{1,x}` is not a repetition"),
            ("^a{3$", "unclosed `{`"),
            ("^[\\q]$", "unsupported escape in a class"),
            ("^a+*$", "stacked quantifiers are not supported"),
            ("^*$", "`*` has nothing to repeat or match"),
        ] {
            assert_eq!(parse(bad), Err(format!("pattern `{bad}`: {says}")));
        }
    }

    #[test]
    fn refuses_what_it_does_not_support() {
        for bad in ["[0-9]+", "^(a|b)$", "^a{2,1}$", "^[a-$", "^a**$", "^\\q$"] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
