//! `paybind spec cite --fix`: every citation of a spec made an anchor that survives edits,
//! and placed again after the document changed.
//!
//! Each `source:` is followed into its document. One that resolves and names its item
//! (the row of its parameter, a row or phrase mentioning its value, code or fields) is
//! kept. Any other (a line number, a table or row the document no longer has, a row of
//! another item) is placed again from what the item is: the row of the same parameter in
//! the table of its endpoint or sub-form, the row that lists an enum value, the code's row,
//! the table of an endpoint, or else a short phrase of the cited line that names the item
//! and occurs once in the document. What cannot be placed is listed for a person, and left
//! as it was.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{mentions, Document, Found, Place};
use crate::anchor::{parse, At};
use crate::error::{Pos, SpecErrors};
use crate::import::{Row, Table};
use crate::spec::{self, Provenance, RuleKind, RuleRef, TypeBody, TypeRef};

/// What `fix` did to a spec's text.
#[derive(Debug, Clone, Default)]
pub struct Fixed {
    /// The spec with its citations replaced.
    pub text: String,
    /// `(where, item, old citation, new citation)`.
    pub changed: Vec<(Pos, String, String, String)>,
    /// `(where, item, citation, why it could not be placed)`.
    pub unplaced: Vec<(Pos, String, String, String)>,
}

/// What a citation is about, and so what its place must name.
#[derive(Debug, Clone)]
pub(crate) enum Item<'s> {
    /// A parameter or field; `owner` is its endpoint's path or its object's name;
    /// `renamed` when a reading says it travels under another name than its row's.
    Field {
        wire: &'s str,
        owner: &'s str,
        renamed: bool,
    },
    Value {
        value: &'s str,
        enum_name: &'s str,
    },
    Code(&'s str),
    Rule(Vec<&'s str>),
    /// An endpoint or variant, by path.
    Section(&'s str),
    /// A named type (a resource or sub-form) citing the table that describes it.
    Type(&'s str),
}

impl Item<'_> {
    /// The words a place must mention (any one of them).
    fn words(&self) -> Vec<&str> {
        match self {
            Item::Field { wire, .. } => vec![wire],
            Item::Value { value, .. } => vec![value],
            Item::Code(c) => vec![c],
            Item::Rule(fields) => fields.clone(),
            Item::Section(p) => vec![p.rsplit('/').next().unwrap_or(p)],
            Item::Type(t) => vec![t],
        }
    }

    fn label(&self) -> String {
        match self {
            Item::Field { wire, owner, .. } => format!("`{owner}` field `{wire}`"),
            Item::Value { value, enum_name } => format!("`{enum_name}` value `{value}`"),
            Item::Code(c) => format!("return code `{c}`"),
            Item::Rule(f) => format!("rule over {}", f.join(", ")),
            Item::Section(p) | Item::Type(p) => format!("`{p}`"),
        }
    }
}

/// Re-anchors every citation of `spec_text` into `docs` (the gateway's documents; a
/// citation of another document is left alone).
pub fn fix(file: &str, spec_text: &str, docs: &[Document<'_>]) -> Result<Fixed, SpecErrors> {
    let spec = crate::load::load_str(file, spec_text)?;
    let mut w = Walk {
        docs,
        fixed: Fixed::default(),
        edits: Vec::new(),
        enum_rows: BTreeMap::new(),
    };
    w.spec(&spec);
    let mut edits = std::mem::take(&mut w.edits);
    edits.sort_by_key(|(pos, _)| std::cmp::Reverse((pos.line, pos.col)));
    let mut text = spec_text.to_string();
    for (pos, new) in edits {
        replace_scalar(&mut text, pos, &new);
    }
    w.fixed.text = text;
    Ok(w.fixed)
}

struct Walk<'d, 'a> {
    docs: &'d [Document<'a>],
    fixed: Fixed,
    edits: Vec<(Pos, String)>,
    /// Rows cited by fields of each enum type: where its values are listed.
    enum_rows: BTreeMap<String, Vec<(String, String)>>,
}

impl Walk<'_, '_> {
    fn spec(&mut self, s: &spec::Spec) {
        for f in &s.gateway.credentials {
            self.field(f, "credentials");
        }
        if let Some(cb) = &s.gateway.callback {
            cb.fields.iter().for_each(|f| self.field(f, "Callback"));
        }
        for t in &s.types {
            if let TypeBody::Object(o) = &t.body {
                o.fields.iter().for_each(|f| self.field(f, &t.name));
                self.rule_refs(&o.rules);
            }
        }
        s.params.iter().for_each(|f| self.field(f, "params"));
        for e in &s.endpoints {
            self.cite(&e.provenance, &Item::Section(&e.path));
            for v in &e.variants {
                self.cite(&v.provenance, &Item::Section(&e.path));
                v.params.iter().for_each(|f| self.field(f, &e.path));
                self.rule_refs(&v.rules);
            }
        }
        for set in &s.rule_sets {
            set.rules.iter().for_each(|r| self.rule(r));
        }
        for t in &s.types {
            self.cite(&t.provenance, &Item::Type(&t.name));
            if let TypeBody::Enum(values) = &t.body {
                for v in values {
                    let item = Item::Value {
                        value: &v.wire,
                        enum_name: &t.name,
                    };
                    self.cite(&v.provenance, &item);
                }
            }
        }
        for c in &s.gateway.return_codes {
            self.cite(&c.provenance, &Item::Code(&c.code));
        }
    }

    fn field(&mut self, f: &spec::Field, owner: &str) {
        let renamed = f.provenance.reading.as_ref().is_some_and(|(r, _)| {
            r.parts
                .iter()
                .any(|(covers, _)| covers.iter().any(|c| c == "wire_name"))
        });
        let item = Item::Field {
            wire: &f.wire,
            owner,
            renamed,
        };
        let placed = self.cite(&f.provenance, &item);
        let enum_name = match f.ty.as_ref().map(|(t, _)| t) {
            Some(TypeRef::Named(n) | TypeRef::Joined(n, _)) => n.clone(),
            Some(TypeRef::List(inner)) => match inner.as_ref() {
                TypeRef::Named(n) => n.clone(),
                _ => return,
            },
            _ => return,
        };
        self.enum_rows.entry(enum_name).or_default().extend(placed);
    }

    fn rule_refs(&mut self, refs: &[RuleRef]) {
        for r in refs {
            if let RuleRef::Inline(rule) = r {
                self.rule(rule);
            }
        }
    }

    fn rule(&mut self, r: &spec::Rule) {
        self.cite(&r.provenance, &Item::Rule(rule_fields(&r.kind)));
    }

    /// Checks or places each citation of an item; gives the `(document, anchor)` of each.
    fn cite(&mut self, p: &Provenance, item: &Item<'_>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (source, pos) in &p.sources {
            let Ok(c) = parse(source) else { continue };
            let Some(doc) = self.docs.iter().find(|d| d.name() == c.document) else {
                continue;
            };
            let found = doc.resolve(&c);
            let keep = matches!(c.at, At::Scope { .. } | At::Phrase(_))
                && found.as_ref().is_ok_and(|f| names_item(doc, f, item));
            if keep {
                out.push((doc.name().to_string(), source.clone()));
                continue;
            }
            match self.place(doc, found.ok(), item) {
                Some(new) => {
                    let row = (item.label(), source.clone(), new.clone());
                    self.fixed.changed.push((*pos, row.0, row.1, row.2));
                    self.edits.push((*pos, new.clone()));
                    out.push((doc.name().to_string(), new));
                }
                None => {
                    let why = "no row or phrase of the document names it unambiguously";
                    let row = (item.label(), source.clone(), why.to_string());
                    self.fixed.unplaced.push((*pos, row.0, row.1, row.2));
                }
            }
        }
        out
    }

    /// A phrase naming `word` at the old place: within its row when the old place is
    /// another item's row that speaks of it, else in the document.
    fn mention(&self, doc: &Document<'_>, old: Option<&Found<'_>>, word: &str) -> Option<String> {
        let f = old?;
        let name = doc.name();
        match f.place {
            Place::Row(t, r)
            | Place::Phrase {
                row: Some(r),
                table: Some(t),
            } => {
                let p = phrase_near(doc, &r.span, f.span.start.max(r.span.start), word);
                let p = p.or_else(|| {
                    let at = doc.text.get(r.span.clone())?.find(word)? + r.span.start;
                    phrase_near(doc, &r.span, at, word)
                })?;
                Some(format!("{name} § {}, row `{}`, \"{p}\"", t.anchor, r.wire))
            }
            _ => {
                let p = phrase_near(doc, &(0..doc.text.len()), f.span.start, word)?;
                Some(format!("{name} \"{p}\""))
            }
        }
    }

    /// A new anchor for `item` in `doc`, near `old` when the old citation still names a
    /// place.
    fn place(&self, doc: &Document<'_>, old: Option<Found<'_>>, item: &Item<'_>) -> Option<String> {
        let near = old.as_ref().map(|f| f.span.start);
        let anchor =
            |t: &Table, r: &Row| format!("{} § {}, row `{}`", doc.name(), t.anchor, r.wire);
        match item {
            Item::Field { wire, owner, .. } => {
                let rows = rows_of(doc, wire);
                let pick = pick(&rows, near, Some(owner));
                pick.map(|(t, r)| anchor(t, r))
                    .or_else(|| self.mention(doc, old.as_ref(), wire))
            }
            Item::Value { value, enum_name } => {
                let known = self.enum_rows.get(*enum_name).cloned().unwrap_or_default();
                let listed = known.iter().find_map(|(d, a)| {
                    let c = parse(a).ok().filter(|_| d == doc.name())?;
                    let f = doc.resolve(&c).ok()?;
                    mentions(&doc.text_of(&f.span), value).then(|| a.clone())
                });
                listed
                    .or_else(|| {
                        let (t, r) = old.as_ref().and_then(|f| match f.place {
                            Place::Row(t, r) => Some((t, r)),
                            _ => None,
                        })?;
                        lists(doc, r, value).then(|| anchor(t, r))
                    })
                    .or_else(|| self.mention(doc, old.as_ref(), value))
            }
            Item::Code(code) => {
                let c = doc.imported.codes.iter().find(|c| c.code == *code)?;
                Some(format!(
                    "{} § {}, row `{code}`",
                    doc.name(),
                    c.location.section.as_deref()?
                ))
            }
            Item::Rule(fields) => {
                let (t, r) = old.as_ref().and_then(|f| match f.place {
                    Place::Row(t, r) => Some((t, r)),
                    Place::Phrase {
                        row: Some(r),
                        table: Some(t),
                    } => Some((t, r)),
                    _ => None,
                })?;
                let text = doc.text_of(&r.span);
                fields
                    .iter()
                    .any(|w| mentions(&text, w))
                    .then(|| anchor(t, r))
            }
            Item::Section(path) | Item::Type(path) => section_table(doc, path, near)
                .or_else(|| {
                    let n = near?;
                    let tables = doc.imported.tables.iter();
                    tables
                        .filter(|t| t.span.start <= n && n < t.span.end)
                        .min_by_key(|t| t.span.len())
                })
                .map(|t| format!("{} § {}", doc.name(), t.anchor)),
        }
    }
}

/// The fields a rule speaks of.
fn rule_fields(k: &RuleKind) -> Vec<&str> {
    let mut out: Vec<&str> = match k {
        RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) => {
            f.iter().map(String::as_str).collect()
        }
        RuleKind::RequiredIf { field, when } | RuleKind::MaxLengthIf { field, when, .. } => {
            vec![field.as_str(), when.field.as_str()]
        }
        RuleKind::RequiredWith { fields, any_of }
        | RuleKind::RequiredUnless { fields, any_of }
        | RuleKind::OneOfRequiredWith {
            one_of: fields,
            any_of,
        } => fields.iter().chain(any_of).map(String::as_str).collect(),
    };
    // A dotted path (`ShipTo.AddressType`) is mentioned by its last part.
    for f in &mut out {
        *f = f.rsplit('.').next().unwrap_or(f);
    }
    out
}

/// Whether a resolved citation names its item: a field's own row (or a phrase, table or
/// row mentioning it), a row listing the value, the code's row, a table of the endpoint.
pub(crate) fn names_item(doc: &Document<'_>, f: &Found<'_>, item: &Item<'_>) -> bool {
    // A phrase within a row stands for the row: the row names the item, the phrase says
    // what of it (`§ payment/tokenDebit, row `browser`, "Mandatory for 3DS V2"`).
    let text = match f.place {
        Place::Phrase { row: Some(r), .. } => doc.text_of(&r.span),
        _ => doc.text_of(&f.span),
    };
    let any = |words: &[&str]| words.iter().any(|w| mentions(&text, w));
    match (item, f.place) {
        (Item::Field { renamed: true, .. }, Place::Row(..)) => true,
        (Item::Field { wire, .. }, Place::Row(_, r)) => {
            r.wire == *wire || r.aliases.iter().any(|a| a == wire)
        }
        (Item::Value { value, .. }, Place::Row(_, r)) => lists(doc, r, value),
        (Item::Code(c), Place::Code(row)) => row.code == *c,
        (Item::Code(_), _) => false,
        (Item::Section(p), Place::Table(t)) => section_matches(t, p) || any(&item.words()),
        (Item::Type(_), Place::Table(_)) => true,
        (Item::Value { value, .. }, _) => mentions_value(&text, value),
        _ => any(&item.words()),
    }
}

pub(crate) fn lists(doc: &Document<'_>, r: &Row, value: &str) -> bool {
    r.values.iter().any(|v| v == value) || mentions_value(&doc.text_of(&r.span), value)
}

/// Whether `text` mentions a value, a number also within a range written `80-99`.
pub(crate) fn mentions_value(text: &str, value: &str) -> bool {
    if mentions(text, value) {
        return true;
    }
    let Ok(n) = value.parse::<u64>() else {
        return false;
    };
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter_map(|w| w.split_once('-'))
        .filter_map(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)))
        .any(|(a, b)| a <= n && n <= b && a.to_string().len() == value.len())
}

fn section_matches(t: &Table, path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    t.name == path || t.name == last || t.name.eq_ignore_ascii_case(path)
}

/// The rows of a parameter, by name or alias, with their tables.
fn rows_of<'a>(doc: &Document<'a>, wire: &str) -> Vec<(&'a Table, &'a Row)> {
    doc.imported
        .tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t, r)))
        .filter(|(_, r)| r.wire == wire || r.aliases.iter().any(|a| a == wire))
        .collect()
}

/// One row among several: the one at the old place, else in the table containing it, else
/// in the owner's table, else the only one.
fn pick<'a>(
    rows: &[(&'a Table, &'a Row)],
    near: Option<usize>,
    owner: Option<&str>,
) -> Option<(&'a Table, &'a Row)> {
    if let Some(n) = near {
        let at = |s: &std::ops::Range<usize>| s.start <= n && n < s.end.max(s.start + 1);
        if let Some(hit) = rows.iter().find(|(_, r)| at(&r.span)) {
            return Some(*hit);
        }
        let same: Vec<_> = rows.iter().filter(|(t, _)| at(&t.span)).collect();
        if let [one] = same.as_slice() {
            return Some(**one);
        }
    }
    if let Some(o) = owner {
        let mine: Vec<_> = rows.iter().filter(|(t, _)| section_matches(t, o)).collect();
        if let [one] = mine.as_slice() {
            return Some(**one);
        }
    }
    match rows {
        [one] => Some(*one),
        _ => None,
    }
}

/// The table of an endpoint (or type): the one named so, the one at the old place, or the
/// first one after it.
fn section_table<'a>(doc: &Document<'a>, path: &str, near: Option<usize>) -> Option<&'a Table> {
    let tables: Vec<&Table> = doc
        .imported
        .tables
        .iter()
        .filter(|t| section_matches(t, path))
        .collect();
    if let [one] = tables.as_slice() {
        return Some(one);
    }
    let n = near?;
    let containing = tables.iter().find(|t| t.span.start <= n && n < t.span.end);
    containing
        .or_else(|| {
            tables
                .iter()
                .filter(|t| t.span.start >= n)
                .min_by_key(|t| t.span.start)
        })
        .copied()
}

/// A phrase of the line at byte `n` that mentions `word`: the word widened a word at a time
/// until it occurs once within `scope`; where the line repeats elsewhere in the scope, the
/// shortest such phrase (its first occurrence is the one cited).
fn phrase_near(doc: &Document<'_>, scope: &Range<usize>, n: usize, word: &str) -> Option<String> {
    let start = doc.text[..n.min(doc.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = doc.text[start..]
        .find('\n')
        .map_or(doc.text.len(), |e| start + e);
    let (start, end) = (start.max(scope.start), end.min(scope.end.max(scope.start)));
    let line = doc.text.get(start..end)?;
    // A key of a JSON example is cited as the key: every example repeats it.
    for key in [format!("\"{word}\":"), format!("\"{word}\"")] {
        if line.contains(&key) {
            return Some(key);
        }
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| mentions(w, word))?;
    let (mut a, mut b) = (at, at + 1);
    loop {
        let phrase = words[a..b].join(" ");
        if doc.count_within(&phrase, scope) == 1 {
            return Some(phrase);
        }
        if phrase.len() > 100 {
            return Some(words[at].to_string());
        }
        if b < words.len() && (b - at <= at - a || a == 0) {
            b += 1;
        } else if a > 0 {
            a -= 1;
        } else {
            return Some(words[at].to_string());
        }
    }
}

/// Replaces the scalar written at `pos` (1-based line and character column) with `new`,
/// double-quoted.
pub(crate) fn replace_scalar(text: &mut String, pos: Pos, new: &str) {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start..];
    let Some((col, _)) = line.char_indices().nth(pos.col.saturating_sub(1)) else {
        return;
    };
    let start = line_start + col;
    let rest = &text[start..];
    let len = if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        let close = body.char_indices().find(|(_, c)| {
            let done = *c == '"' && !escaped;
            escaped = *c == '\\' && !escaped;
            done
        });
        match close {
            Some((i, _)) => i + 2,
            None => return,
        }
    } else {
        rest.find([',', '}', ']', '\n']).unwrap_or(rest.len())
    };
    let quoted = format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\""));
    text.replace_range(start..start + len, quoted.trim_end());
}
