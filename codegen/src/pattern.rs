//! The spec language's patterns: a small, anchored regular-expression subset that the
//! generator turns into a static table at build time, so nothing compiles a regex at run time.
//!
//! Supported: `^` at the start and `$` at the end (both required), literal characters,
//! escapes (`\d`, `\w`, `\s`, `\.` and other escaped punctuation), `.`, classes `[a-z0-9_]`
//! and negated classes `[^...]`, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`.
//! Groups and alternation are not supported: a spec that needs them is refused with an error.

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
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];

pub fn parse(src: &str) -> Result<Pattern, String> {
    let body = src
        .strip_prefix('^')
        .and_then(|s| s.strip_suffix('$'))
        .ok_or_else(|| format!("pattern `{src}` must be anchored: start with ^ and end with $"))?;
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    let mut atoms = Vec::new();
    while i < chars.len() {
        let (ranges, negated) = match chars[i] {
            '[' => {
                i += 1;
                let negated = chars.get(i) == Some(&'^');
                if negated {
                    i += 1;
                }
                let mut ranges = Vec::new();
                let mut closed = false;
                while i < chars.len() {
                    let c = chars[i];
                    if c == ']' && !ranges.is_empty() {
                        closed = true;
                        i += 1;
                        break;
                    }
                    let lo = if c == '\\' {
                        i += 1;
                        match chars.get(i) {
                            Some('d') => {
                                ranges.extend_from_slice(DIGIT);
                                i += 1;
                                continue;
                            }
                            Some('w') => {
                                ranges.extend_from_slice(WORD);
                                i += 1;
                                continue;
                            }
                            Some('s') => {
                                ranges.extend_from_slice(SPACE);
                                i += 1;
                                continue;
                            }
                            Some(&e) if !e.is_alphanumeric() => e,
                            _ => {
                                return Err(format!(
                                    "pattern `{src}`: unsupported escape in a class"
                                ))
                            }
                        }
                    } else {
                        c
                    };
                    i += 1;
                    if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
                        let hi = chars[i + 1];
                        if hi < lo {
                            return Err(format!("pattern `{src}`: range {lo}-{hi} is reversed"));
                        }
                        ranges.push((lo, hi));
                        i += 2;
                    } else {
                        ranges.push((lo, lo));
                    }
                }
                if !closed {
                    return Err(format!("pattern `{src}`: unclosed class `[`"));
                }
                (ranges, negated)
            }
            '\\' => {
                i += 1;
                let r = match chars.get(i) {
                    Some('d') => DIGIT.to_vec(),
                    Some('w') => WORD.to_vec(),
                    Some('s') => SPACE.to_vec(),
                    Some(&e) if !e.is_alphanumeric() => vec![(e, e)],
                    _ => return Err(format!("pattern `{src}`: unsupported escape")),
                };
                i += 1;
                (r, false)
            }
            '.' => {
                i += 1;
                (vec![('\n', '\n')], true)
            }
            c @ ('(' | ')' | '|' | '^' | '$') => {
                return Err(format!(
                "pattern `{src}`: `{c}` is not supported (no groups, alternation or inner anchors)"
            ))
            }
            c @ ('?' | '*' | '+' | '{' | ']' | '}') => {
                return Err(format!(
                    "pattern `{src}`: `{c}` has nothing to repeat or match"
                ))
            }
            c => {
                i += 1;
                (vec![(c, c)], false)
            }
        };
        let (min, max) = match chars.get(i) {
            Some('?') => {
                i += 1;
                (0, 1)
            }
            Some('*') => {
                i += 1;
                (0, u32::MAX)
            }
            Some('+') => {
                i += 1;
                (1, u32::MAX)
            }
            Some('{') => {
                let end = chars[i..]
                    .iter()
                    .position(|c| *c == '}')
                    .ok_or_else(|| format!("pattern `{src}`: unclosed `{{`"))?;
                let inner: String = chars[i + 1..i + end].iter().collect();
                i += end + 1;
                let num = |s: &str| {
                    s.trim()
                        .parse::<u32>()
                        .map_err(|_| format!("pattern `{src}`: `{{{inner}}}` is not a repetition"))
                };
                match inner.split_once(',') {
                    None => {
                        let n = num(&inner)?;
                        (n, n)
                    }
                    Some((a, "")) => (num(a)?, u32::MAX),
                    Some((a, b)) => {
                        let (a, b) = (num(a)?, num(b)?);
                        if a > b {
                            return Err(format!("pattern `{src}`: `{{{inner}}}` is reversed"));
                        }
                        (a, b)
                    }
                }
            }
            _ => (1, 1),
        };
        if matches!(chars.get(i), Some('?' | '*' | '+' | '{')) {
            return Err(format!(
                "pattern `{src}`: stacked quantifiers are not supported"
            ));
        }
        atoms.push(Atom {
            ranges,
            negated,
            min,
            max,
        });
    }
    Ok(Pattern {
        source: src.to_string(),
        atoms,
    })
}

#[cfg(test)]
mod tests {
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
    fn refuses_what_it_does_not_support() {
        for bad in ["[0-9]+", "^(a|b)$", "^a{2,1}$", "^[a-$", "^a**$", "^\\q$"] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
