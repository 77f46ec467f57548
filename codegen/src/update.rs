//! `paybind spec update SPEC NEW_DOCUMENT`: a spec brought in line with a new version of
//! one of its documents, as far as the document decides it, and a short list of what needs
//! a person.
//!
//! The steps: every citation is re-anchored in the new text ([`crate::cite::fix`]); the
//! judge ([`crate::fidelity`]) compares the spec with the new documents; each difference
//! that no reading explains and that the document decides is applied to the spec itself:
//! a length limit, a new optional parameter or sub-form field, a new value of a documented
//! list, a new return code or a reworded description. What the document cannot decide is
//! listed for review: a parameter that became required or optional, a new required
//! parameter, a removed value, endpoint or parameter, a citation that cannot be placed, a
//! limit of one brand's document, a reading the new text contradicts or no longer needs.
//! Then the judge runs again on the result, and the generated API's changes are shown.

mod edit;

use std::collections::BTreeSet;
use std::path::Path;

use crate::cite::{self, Document};
use crate::diff::{self, Report as Changes};
use crate::fidelity::{self, Finding, Target};
use crate::import::{Imported, Necessity, Row};
use crate::ir::{Gateway, Property, Ty};
use crate::spec::{Spec, TypeBody};
use edit::{quote, Lines};

/// What `update` did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The updated spec.
    pub text: String,
    /// One line per change applied to the spec.
    pub applied: Vec<String>,
    /// One line per thing a person must decide.
    pub review: Vec<String>,
    /// The generated API's changes, old spec to updated spec.
    pub changes: Changes,
}

/// A document by name and text, imported.
struct Doc {
    text: String,
    imported: Imported,
}

fn read_doc(name: &str, text: &str) -> Result<Doc, String> {
    let format = crate::import::detect(text)
        .ok_or_else(|| format!("{name} is in no format paybind can import"))?;
    let imported = crate::import::import(name, text, format).map_err(|e| e.to_string())?;
    Ok(Doc {
        text: text.to_string(),
        imported,
    })
}

/// Updates `spec_text` for a new text of its document `new_name`; the other documents (and
/// the current version of this one) are read from `dir`.
pub fn update(
    file: &str,
    spec_text: &str,
    dir: &Path,
    new_name: &str,
    new_text: &str,
) -> Result<Outcome, String> {
    let spec = crate::load::load_str(file, spec_text).map_err(|e| e.to_string())?;
    let names = spec.documents();
    if !names.iter().any(|n| n == new_name) {
        return Err(format!(
            "{new_name} is none of this spec's documents ({})",
            names.join(", ")
        ));
    }
    let mut old_docs = Vec::new();
    let mut new_docs = Vec::new();
    for name in &names {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if name == new_name {
            new_docs.push(read_doc(name, new_text)?);
        } else {
            new_docs.push(read_doc(name, &text)?);
        }
        old_docs.push(read_doc(name, &text)?);
    }
    let old = crate::lower_str(file, spec_text).map_err(|e| e.to_string())?;
    let before = judge(&old, &old_docs);
    let mut u = Updater::default();
    let anchored = {
        let docs = documents(&new_docs);
        let fixed = cite::fix::fix(file, spec_text, &docs).map_err(|e| e.to_string())?;
        for (pos, item, old, new) in &fixed.changed {
            u.applied
                .push(format!("{file}:{pos}: {item}: citation `{old}` → `{new}`"));
        }
        for (pos, item, old, why) in &fixed.unplaced {
            u.review.push(format!("{file}:{pos}: {item}: `{old}` names nothing in the new text ({why}): removed from the document?"));
        }
        fixed.text
    };
    let g = crate::lower_str(file, &anchored).map_err(|e| e.to_string())?;
    let model = crate::load::load_str(file, &anchored).map_err(|e| e.to_string())?;
    let after = judge(&g, &new_docs);
    let mut lines = Lines::new(&anchored);
    let brand_doc = g
        .brands
        .iter()
        .any(|b| b.sources.iter().any(|s| s == new_name));
    for f in after
        .unexplained()
        .filter(|f| f.location.starts_with(new_name))
    {
        u.apply(&mut lines, &model, &g, f, brand_doc);
    }
    u.stale_readings(&before, &after, new_name);
    let (text, failed) = lines.text();
    for pos in failed {
        u.review.push(format!(
            "{file}:{pos}: an edit could not be made there: make it by hand"
        ));
    }
    let new = crate::lower_str(file, &text).map_err(|e| e.to_string())?;
    let last = judge(&new, &new_docs);
    let reviewed: BTreeSet<String> = u.items.clone();
    for f in last.unexplained() {
        if !reviewed.contains(&f.item) {
            u.review.push(format!("{}: still differs: {f}", f.item));
        }
    }
    Ok(Outcome {
        text,
        applied: u.applied,
        review: u.review,
        changes: diff::diff(&old, &new),
    })
}

fn documents(docs: &[Doc]) -> Vec<Document<'_>> {
    docs.iter()
        .map(|d| Document::new(&d.imported, &d.text))
        .collect()
}

fn judge(g: &Gateway, docs: &[Doc]) -> fidelity::Report {
    fidelity::compare(g, &documents(docs))
}

#[derive(Default)]
struct Updater {
    applied: Vec<String>,
    review: Vec<String>,
    /// Items already listed for review.
    items: BTreeSet<String>,
    /// Values already added: `(enum, value)`.
    added: BTreeSet<(String, String)>,
}

impl Updater {
    fn ask(&mut self, f: &Finding, what: &str) {
        self.items.insert(f.item.clone());
        self.review.push(format!("{}: {what}: {f}", f.item));
    }

    fn apply(&mut self, lines: &mut Lines, spec: &Spec, g: &Gateway, f: &Finding, brand_doc: bool) {
        match f.what {
            Property::MaxLength | Property::MinLength if brand_doc => self.ask(
                f,
                "a limit of one brand's document changed: a `per_brand` limit, or both brands'",
            ),
            Property::MaxLength | Property::MinLength => self.limit(lines, spec, f),
            Property::Values => self.values(lines, spec, g, f),
            Property::Omitted => self.omitted(lines, spec, g, f),
            Property::Description => self.description(lines, spec, f),
            Property::Required => self.ask(f, "its necessity changed"),
            Property::Citation => self.ask(f, "its place in the document is gone"),
            _ => self.ask(f, "the document changed it"),
        }
    }

    fn limit(&mut self, lines: &mut Lines, spec: &Spec, f: &Finding) {
        let Some((_, row)) = &f.row else {
            return self.ask(f, "a limit changed");
        };
        let (key, value) = match f.what {
            Property::MaxLength => ("max_length", row.max_length),
            _ => ("min_length", row.min_length),
        };
        let value = value.map_or("null".to_string(), |v| v.to_string());
        match field_pos(spec, &f.target) {
            Some(pos) => {
                lines.set(pos, key, &value);
                self.applied
                    .push(format!("{}: {key} {} → {value}", f.item, f.spec));
            }
            None => self.ask(f, "a limit changed"),
        }
    }

    fn values(&mut self, lines: &mut Lines, spec: &Spec, g: &Gateway, f: &Finding) {
        let Some((anchor, row)) = &f.row else {
            return self.ask(f, "its documented values changed");
        };
        let Some(name) = field_enum(g, &f.target) else {
            return self.ask(f, "its documented values changed");
        };
        let Some(values) = enum_values(spec, &name) else {
            return self.ask(f, "its documented values changed");
        };
        let known: BTreeSet<&str> = values.iter().map(|v| v.wire.as_str()).collect();
        let gone: Vec<&str> = known
            .iter()
            .copied()
            .filter(|v| !row.values.iter().any(|r| r == v))
            .collect();
        if !gone.is_empty() {
            self.ask(
                f,
                &format!(
                    "the document no longer lists {}: removing a value breaks code that names it",
                    gone.join(", ")
                ),
            );
        }
        let Some(last) = values.last().map(|v| v.pos) else {
            return;
        };
        let source = format!(
            "{} § {anchor}, row `{}`",
            f.location.split(' ').next().unwrap_or(""),
            row.wire
        );
        for v in row
            .values
            .iter()
            .rev()
            .filter(|v| !known.contains(v.as_str()))
        {
            if !self.added.insert((name.clone(), v.clone())) {
                continue;
            }
            let base = crate::import::value_name(v);
            let rust = unique_name(base, values.iter().map(|x| x.name.as_str()));
            let entry = format!(
                "{}: {{ name: {rust}, doc: {}, source: {} }}",
                quote(v),
                quote(v),
                quote(&source)
            );
            lines.add_after(last, &entry);
            self.applied
                .push(format!("{}: value `{v}` added to `{name}`", f.item));
        }
    }

    fn description(&mut self, lines: &mut Lines, spec: &Spec, f: &Finding) {
        let Target::Code { code } = &f.target else {
            return;
        };
        let Some(c) = spec.gateway.return_codes.iter().find(|c| &c.code == code) else {
            return self.ask(f, "its description changed");
        };
        let new = f.document.trim_matches('"');
        lines.set(c.pos_of_map(), "doc", &quote(new));
        self.applied
            .push(format!("return code `{code}`: description → \"{new}\""));
    }

    fn omitted(&mut self, lines: &mut Lines, spec: &Spec, g: &Gateway, f: &Finding) {
        let doc = f.location.split(' ').next().unwrap_or("").to_string();
        if let Target::Code { code } = &f.target {
            return self.new_code(lines, spec, f, code, &doc);
        }
        let Some((anchor, row)) = &f.row else {
            return self.ask(f, "a documented table or endpoint the spec does not have");
        };
        if row.necessity == Necessity::Required {
            return self.ask(
                f,
                &format!(
                    "a new required parameter `{}`: code calling it must now give it",
                    row.wire
                ),
            );
        }
        let source = format!("{doc} § {anchor}, row `{}`", row.wire);
        let places: Vec<crate::error::Pos> = match &f.target {
            Target::Endpoint { path, variant } => last_param(spec, path, variant.as_deref())
                .into_iter()
                .collect(),
            Target::Table { .. } | Target::Type { .. } => {
                owners_citing(spec, g, anchor, &row.necessity)
            }
            _ => Vec::new(),
        };
        if places.is_empty() {
            return self.ask(f, "a documented parameter with no place in the spec");
        }
        for last in places {
            lines.add_after(last, &field_entry(row, &source));
        }
        self.applied
            .push(format!("{}: new optional `{}` added", f.item, row.wire));
    }

    fn new_code(&mut self, lines: &mut Lines, spec: &Spec, f: &Finding, code: &str, doc: &str) {
        let description = f
            .document
            .split_once(" (")
            .map_or("", |(_, d)| d.trim_end_matches(')'));
        let Some(last) = spec.gateway.return_codes.last() else {
            return self.ask(f, "a new return code");
        };
        let heading = "Return codes";
        let name = code_name(
            description,
            spec.gateway.return_codes.iter().map(|c| c.name.as_str()),
        );
        let entry = format!(
            "{{ code: {}, name: {name}, category: technical, doc: {}, source: {} }}",
            quote(code),
            quote(description),
            quote(&format!("{doc} § {heading}, row `{code}`"))
        );
        lines.add_after(last.pos_of_map(), &entry);
        self.applied.push(format!("return code `{code}` added"));
        self.items.insert(f.item.clone());
        self.review.push(format!(
            "return code `{code}` (\"{description}\"): decide its category (written `technical`)"
        ));
    }

    /// Readings whose difference the new text changed, or no longer has.
    fn stale_readings(&mut self, before: &fidelity::Report, after: &fidelity::Report, doc: &str) {
        for f in after
            .findings
            .iter()
            .filter(|f| f.is_explained() && f.location.starts_with(doc))
        {
            let was = before
                .findings
                .iter()
                .find(|b| b.item == f.item && b.what == f.what && b.location.starts_with(doc));
            if let Some(b) = was.filter(|b| b.document != f.document) {
                self.items.insert(f.item.clone());
                self.review.push(format!(
                    "{}: the reading ({}) explained the document's {}; the new text says {}: does it still hold?",
                    f.item, f.what.as_str(), b.document, f.document
                ));
            }
        }
        for (item, p, why) in &after.unused_readings {
            self.items.insert(item.clone());
            self.review.push(format!("{item}: the reading ({}) explains nothing any more (the document now agrees, or the item moved): {why}", p.as_str()));
        }
    }
}

impl crate::spec::ReturnCode {
    /// Where the code's mapping is written.
    fn pos_of_map(&self) -> crate::error::Pos {
        self.pos
    }
}

/// A new field's entry: its type and limits as the row states them.
fn field_entry(row: &Row, source: &str) -> String {
    let known = |f: &&str| crate::spec::DateFormat::ALL.iter().any(|(k, _)| k == f);
    let mut parts = Vec::new();
    match row.format.as_deref().filter(known) {
        Some(format) => parts.push(format!("type: date, format: {format}")),
        None => {
            parts.push("type: string".to_string());
            if let Some(n) = row.min_length {
                parts.push(format!("min_length: {n}"));
            }
            if let Some(n) = row.max_length {
                parts.push(format!("max_length: {n}"));
            }
        }
    }
    let doc = if row.description.trim().is_empty() {
        row.wire.clone()
    } else {
        row.description.clone()
    };
    parts.push(format!("doc: {}", quote(&doc)));
    parts.push(format!("source: {}", quote(source)));
    format!("{}: {{ {} }}", quote(&row.wire), parts.join(", "))
}

/// A return code's variant name from its description, in the spec's own style
/// (`Card declined` gives `CardDeclined`), unique among `taken`.
fn code_name<'a>(description: &str, taken: impl Iterator<Item = &'a str>) -> String {
    unique_name(crate::import::value_name(description), taken)
}

/// `base`, or `base2`, `base3`... when taken.
fn unique_name<'a>(base: String, taken: impl Iterator<Item = &'a str>) -> String {
    let taken: BTreeSet<&str> = taken.collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(name.as_str()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Where a parameter or field of the spec is written.
fn field_pos(spec: &Spec, t: &Target) -> Option<crate::error::Pos> {
    match t {
        Target::Param {
            path,
            variant,
            wire,
        } => {
            let e = spec.endpoints.iter().find(|e| &e.path == path)?;
            let v = e
                .variants
                .iter()
                .find(|v| v.name == *variant)
                .or(e.variants.first())?;
            v.params.iter().find(|p| &p.wire == wire).map(|p| p.pos)
        }
        Target::Field { object, wire } => object_fields(spec, object)?
            .iter()
            .find(|p| &p.wire == wire)
            .map(|p| p.pos),
        _ => None,
    }
}

fn object_fields<'s>(spec: &'s Spec, name: &str) -> Option<&'s [crate::spec::Field]> {
    let t = spec.types.iter().find(|t| t.name == name)?;
    match &t.body {
        TypeBody::Object(o) => Some(&o.fields),
        TypeBody::Enum(_) => None,
    }
}

fn enum_values<'s>(spec: &'s Spec, name: &str) -> Option<&'s [crate::spec::EnumValue]> {
    let t = spec.types.iter().find(|t| t.name == name)?;
    match &t.body {
        TypeBody::Enum(v) => Some(v),
        TypeBody::Object(_) => None,
    }
}

fn last_param(spec: &Spec, path: &str, variant: Option<&str>) -> Option<crate::error::Pos> {
    let e = spec.endpoints.iter().find(|e| e.path == path)?;
    let v = e
        .variants
        .iter()
        .find(|v| v.name.as_deref() == variant)
        .or(e.variants.first())?;
    v.params.last().map(|p| p.pos)
}

fn last_field(spec: &Spec, object: &str) -> Option<crate::error::Pos> {
    object_fields(spec, object)?.last().map(|f| f.pos)
}

/// Where a new row of the table `anchor` goes: after the last field of every endpoint and
/// object that has fields citing the table's rows (an S-money resource is both a request's
/// parameters and an answer); a read-only row (`/`) into answers only.
fn owners_citing(
    spec: &Spec,
    g: &Gateway,
    anchor: &str,
    necessity: &Necessity,
) -> Vec<crate::error::Pos> {
    let needle = format!("§ {anchor}, row");
    let cites = |fields: &[crate::ir::Field]| {
        fields
            .iter()
            .any(|f| f.provenance.sources.iter().any(|s| s.contains(&needle)))
    };
    let read_only = *necessity == Necessity::ReadOnly;
    let ops = g
        .ops
        .iter()
        .filter(|o| !read_only && cites(&o.params))
        .filter_map(|o| last_param(spec, &o.path, o.variant.as_deref()));
    let objects = g
        .objects
        .iter()
        .filter(|o| cites(&o.fields) && !(read_only && o.in_request))
        .filter_map(|o| last_field(spec, &o.rust));
    ops.chain(objects).collect()
}

/// The enum type of a parameter or field.
fn field_enum(g: &Gateway, t: &Target) -> Option<String> {
    let field = match t {
        Target::Param {
            path,
            variant,
            wire,
        } => g
            .ops
            .iter()
            .find(|o| &o.path == path && &o.variant == variant)?
            .params
            .iter()
            .find(|p| &p.wire == wire)?,
        Target::Field { object, wire } => g
            .objects
            .iter()
            .find(|o| &o.rust == object)?
            .fields
            .iter()
            .find(|p| &p.wire == wire)?,
        _ => return None,
    };
    match &field.ty {
        Ty::Enum(n) | Ty::Joined(n, _) => Some(n.clone()),
        _ => None,
    }
}
