//! Following citations into a document: a parsed `source:` ([`crate::anchor`]) resolved to
//! the row, table, return code or phrase it names, with the bytes it covers and its line.
//!
//! `cite::fix` turns line-number citations into anchors and re-anchors citations after a
//! document update (`paybind spec cite --fix`).

pub mod fix;

use std::ops::Range;

use crate::anchor::{At, Citation};
use crate::import::{CodeRow, Imported, Row, Table};

/// A document: its text and what the importer read in it.
pub struct Document<'a> {
    pub imported: &'a Imported,
    pub text: &'a str,
    /// The text with every run of whitespace made one space, and for each of its bytes
    /// the offset of the byte it comes from.
    flat: String,
    origin: Vec<usize>,
}

/// What a citation names.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    Row(&'a Table, &'a Row),
    Table(&'a Table),
    Code(&'a CodeRow),
    /// A quoted phrase (within its scope, if it has one).
    Phrase {
        /// The row or table the phrase stands in, when the citation names one.
        row: Option<&'a Row>,
        table: Option<&'a Table>,
    },
}

/// A resolved citation: what it names and where.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub place: Place<'a>,
    /// The bytes of the row, table or code row; for a phrase, of its scope (or the phrase
    /// itself when it has none).
    pub span: Range<usize>,
    /// The 1-based line where it starts (derived, for messages).
    pub line: usize,
}

impl<'a> Document<'a> {
    pub fn new(imported: &'a Imported, text: &'a str) -> Self {
        let mut flat = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut space = false;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                space = !flat.is_empty();
                continue;
            }
            if space {
                flat.push(' ');
                origin.push(i);
                space = false;
            }
            flat.push(c);
            origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
        Document {
            imported,
            text,
            flat,
            origin,
        }
    }

    /// How many times a phrase occurs within `scope` (whitespace runs as one space).
    pub fn count_within(&self, phrase: &str, scope: &Range<usize>) -> usize {
        let needle: String = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if needle.is_empty() {
            return 0;
        }
        self.flat
            .match_indices(&needle)
            .filter(|(at, _)| {
                let (start, end) = (self.origin[*at], self.origin[at + needle.len() - 1]);
                start >= scope.start && end < scope.end.max(scope.start + 1)
            })
            .count()
    }

    pub fn name(&self) -> &str {
        &self.imported.document
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    /// The text of a span, whitespace runs made single spaces.
    pub fn text_of(&self, span: &Range<usize>) -> String {
        let t = self.text.get(span.clone()).unwrap_or("");
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The table a citation names: by its citation name, else its name or heading when only
    /// one table has it.
    pub fn table(&self, name: &str) -> Result<&'a Table, String> {
        let tables = &self.imported.tables;
        if let Some(t) = tables.iter().find(|t| t.anchor == name) {
            return Ok(t);
        }
        let by = |f: &dyn Fn(&Table) -> bool| tables.iter().filter(|t| f(t)).collect::<Vec<_>>();
        for found in [
            by(&|t| t.name == name),
            by(&|t| t.heading.as_deref() == Some(name)),
        ] {
            match found.as_slice() {
                [one] => return Ok(one),
                [] => {}
                many => {
                    let names: Vec<&str> = many.iter().map(|t| t.anchor.as_str()).collect();
                    return Err(format!(
                        "{} tables are called `{name}`: name one of {}",
                        many.len(),
                        names.join(", ")
                    ));
                }
            }
        }
        Err(format!("{} has no table `{name}`", self.name()))
    }

    fn is_codes(&self, name: &str) -> bool {
        let heading = self
            .imported
            .codes_heading
            .as_deref()
            .unwrap_or("Return codes");
        !self.imported.codes.is_empty() && name == heading
    }

    /// What a citation names, or why it names nothing in this document.
    pub fn resolve(&self, c: &Citation<'_>) -> Result<Found<'a>, String> {
        let found = match &c.at {
            At::Scope { table, row, phrase } if self.is_codes(table) => self
                .code(row.ok_or("a return-code citation names its code: `, row <code>`")?)
                .and_then(|f| self.within(f, *phrase))?,
            At::Scope { table, row, phrase } => {
                let t = self.table(table)?;
                let f = match row {
                    Some(key) => {
                        let r = t
                            .rows
                            .iter()
                            .find(|r| r.wire == *key || r.aliases.iter().any(|a| a == key))
                            .ok_or_else(|| format!("table `{}` has no row `{key}`", t.anchor))?;
                        self.found(Place::Row(t, r), r.span.clone())
                    }
                    None => self.found(Place::Table(t), t.span.clone()),
                };
                self.within(f, *phrase)?
            }
            At::Phrase(p) => {
                let span = self.phrase(p, &(0..self.text.len()))?;
                self.found(
                    Place::Phrase {
                        row: None,
                        table: None,
                    },
                    span,
                )
            }
            At::Lines(a, _) => self.at_line(*a)?,
        };
        Ok(found)
    }

    fn found(&self, place: Place<'a>, span: Range<usize>) -> Found<'a> {
        let line = self.line_of(span.start);
        Found { place, span, line }
    }

    fn code(&self, code: &str) -> Result<Found<'a>, String> {
        let c = self.imported.codes.iter().find(|c| c.code == code);
        let c = c.ok_or_else(|| format!("the return-code table has no code `{code}`"))?;
        Ok(self.found(Place::Code(c), c.span.clone()))
    }

    /// `f` narrowed to a phrase that must stand within it.
    fn within(&self, f: Found<'a>, phrase: Option<&str>) -> Result<Found<'a>, String> {
        let Some(p) = phrase else { return Ok(f) };
        let span = self.phrase(p, &f.span)?;
        let place = match f.place {
            Place::Row(t, r) => Place::Phrase {
                row: Some(r),
                table: Some(t),
            },
            Place::Table(t) => Place::Phrase {
                row: None,
                table: Some(t),
            },
            other => other,
        };
        Ok(self.found(place, span))
    }

    /// Where `phrase` stands within `scope` (whitespace runs compared as one space).
    pub fn phrase(&self, phrase: &str, scope: &Range<usize>) -> Result<Range<usize>, String> {
        let needle: String = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if needle.is_empty() {
            return Err("an empty phrase".to_string());
        }
        let mut from = 0;
        while let Some(at) = self.flat.get(from..).and_then(|f| f.find(&needle)) {
            let start = self.origin[from + at];
            let last = from + at + needle.len() - 1;
            let end = self.origin[last] + 1;
            if start >= scope.start && end <= scope.end.max(scope.start) {
                return Ok(start..end);
            }
            from += at + 1;
            while !self.flat.is_char_boundary(from) {
                from += 1;
            }
        }
        Err(format!("the phrase \"{phrase}\" is not there"))
    }

    /// The row (or code row) written on line `n`, or the line itself.
    fn at_line(&self, n: usize) -> Result<Found<'a>, String> {
        let start = self
            .text
            .split_inclusive('\n')
            .take(n - 1)
            .map(str::len)
            .sum::<usize>();
        if n > self.line_of(self.text.len()) {
            return Err(format!("{} has no line {n}", self.name()));
        }
        let inside = |s: &Range<usize>| s.start <= start && start < s.end.max(s.start + 1);
        for t in &self.imported.tables {
            if let Some(r) = t.rows.iter().find(|r| inside(&r.span)) {
                return Ok(self.found(Place::Row(t, r), r.span.clone()));
            }
        }
        if let Some(c) = self.imported.codes.iter().find(|c| inside(&c.span)) {
            return Ok(self.found(Place::Code(c), c.span.clone()));
        }
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |e| start + e);
        let place = Place::Phrase {
            row: None,
            table: None,
        };
        Ok(self.found(place, start..end))
    }
}

/// Whether `text` mentions `word` as a whole: not as part of a longer name
/// (`amount` is not mentioned by `FirstAmount`).
pub fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let part = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

/// The documents of a spec, read from `dir` and imported: `(name, text, imported)`.
pub fn read_documents(
    spec: &crate::spec::Spec,
    dir: &std::path::Path,
) -> Result<Vec<(String, String, Imported)>, String> {
    let mut out = Vec::new();
    for name in spec.documents() {
        let path = dir.join(&name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let format = crate::import::detect(&text)
            .ok_or_else(|| format!("{name} is in no format paybind can import"))?;
        let imported = crate::import::import(&name, &text, format).map_err(|e| e.to_string())?;
        out.push((name, text, imported));
    }
    Ok(out)
}

/// `paybind spec cite [--fix]` on one spec's text: its citations checked (and, by the
/// caller's choice, the fixed text written back), its documents read from `dir`.
pub fn fix_spec(file: &str, text: &str, dir: &std::path::Path) -> Result<fix::Fixed, String> {
    let spec = crate::load::load_str(file, text).map_err(|e| e.to_string())?;
    let read = read_documents(&spec, dir)?;
    let docs: Vec<Document<'_>> = read.iter().map(|(_, t, im)| Document::new(im, t)).collect();
    fix::fix(file, text, &docs).map_err(|e| e.to_string())
}
