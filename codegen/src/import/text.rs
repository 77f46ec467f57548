//! Text helpers shared by the readers: numbered lines, paragraphs, names, headings.

use std::ops::Range;

/// A line of the document with its 1-based number and its byte offset.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'t> {
    pub no: usize,
    pub text: &'t str,
    /// Where the line starts in the document, in bytes.
    pub start: usize,
}

impl Line<'_> {
    /// Where the line ends in the document, in bytes (its newline excluded).
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The line's bytes in the document.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end()
    }
}

/// The document's lines, numbered from 1.
pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let base = text.as_ptr() as usize;
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l,
            start: l.as_ptr() as usize - base,
        })
        .collect()
}

/// The bytes from the start of `first` to the end of `last`.
pub(super) fn between(first: &Line<'_>, last: &Line<'_>) -> Range<usize> {
    first.start..last.end().max(first.start)
}

/// A run of non-blank lines.
#[derive(Debug, Clone)]
pub(super) struct Para<'t> {
    pub lines: Vec<Line<'t>>,
}

impl<'t> Para<'t> {
    /// The first line's number.
    pub fn line(&self) -> usize {
        self.lines.first().map_or(0, |l| l.no)
    }

    /// The first line, trimmed.
    pub fn first(&self) -> &'t str {
        self.lines.first().map_or("", |l| l.text.trim())
    }

    /// One line only.
    pub fn single(&self) -> Option<&'t str> {
        (self.lines.len() == 1).then(|| self.first())
    }

    /// The paragraph's bytes in the document.
    pub fn span(&self) -> Range<usize> {
        match (self.lines.first(), self.lines.last()) {
            (Some(a), Some(b)) => between(a, b),
            _ => 0..0,
        }
    }

    /// The lines, trimmed, joined with newlines.
    pub fn joined(&self) -> String {
        let parts: Vec<&str> = self.lines.iter().map(|l| l.text.trim()).collect();
        parts.join("\n")
    }
}

/// Paragraphs: runs of lines that are not blank (whitespace, including no-break spaces,
/// counts as blank).
pub(super) fn paragraphs(text: &str) -> Vec<Para<'_>> {
    let mut out = Vec::new();
    let mut cur: Vec<Line<'_>> = Vec::new();
    for l in lines(text) {
        if l.text.trim().is_empty() {
            if !cur.is_empty() {
                out.push(Para {
                    lines: std::mem::take(&mut cur),
                });
            }
        } else {
            cur.push(l);
        }
    }
    if !cur.is_empty() {
        out.push(Para { lines: cur });
    }
    out
}

/// A parameter name: an ASCII letter or digit, then letters, digits, `_` and `-`.
pub(super) fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphanumeric())
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A line that reads as a heading: short, with no sentence punctuation at its end, and not
/// a list item, URL, JSON or markup.
pub(super) fn is_heading(line: &str) -> bool {
    let l = line.trim();
    let Some(first) = l.chars().next() else {
        return false;
    };
    if !(first.is_alphanumeric() || first == '/')
        || l.ends_with(['.', ':', ';', ',', '!', '?'])
        || l.contains(['|', '('])
        || l.starts_with("http")
    {
        return false;
    }
    l.split_whitespace().nth(7).is_none()
}

/// At most 160 characters of `s`, on one line, for issue texts.
pub(super) fn shorten(s: &str) -> String {
    let flat = one_line(s);
    if flat.chars().count() <= 160 {
        return flat;
    }
    let mut out: String = flat.chars().take(157).collect();
    out.push_str("...");
    out
}

/// Whitespace runs (newlines included) made single spaces.
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first unsigned integer in `s`, if any.
pub(super) fn first_number(s: &str) -> Option<u64> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// `s` parsed whole as an unsigned integer.
pub(super) fn number(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
