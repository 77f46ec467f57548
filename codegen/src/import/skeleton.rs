//! A spec skeleton from an imported document: the tables as endpoints and types of the spec
//! language (`spec/README.md`), every item annotated with where the document states it.
//! The skeleton loads and lowers; what a document does not say (environments, credentials,
//! the refusal, answers, return-code categories) is a marked placeholder.
//!
//! Names never come from text a document may reword: a return code's variant is named after
//! its code (`Code207`), a documented value list's enum after its field. Given the spec in
//! use ([`to_spec_yaml_named`]), the skeleton keeps that spec's names for the items it has.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Format, Imported, Location, Necessity, Row, TableKind};
use super::text::one_line;
use crate::ir::Gateway;
use crate::spec::DateFormat;

mod names;
mod plan;
mod taken;
mod values;

use names::Names;
use plan::{object_scope, slots, Endpoint, Plan, Slot};
pub(crate) use values::variant_name;

/// Where an item comes from, as a trailing mark that [`sources_as_keys`] turns into the
/// item's `source:` key once the whole skeleton is written.
fn source_annotation(loc: &Location) -> String {
    format!("{SOURCE_MARK}{}", printable(&one_line(&loc.to_string())))
}

const SOURCE_MARK: &str = "  # source: ";

/// Turns each trailing source mark into a `source:` key: inside a one-line mapping
/// (`{ …, source: "…" }`), or as the first key of a block mapping.
fn sources_as_keys(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + yaml.len() / 4);
    for line in yaml.lines() {
        // A commented-out item keeps its source as a comment.
        let commented = line.trim_start().starts_with('#');
        let Some((code, location)) = line.split_once(SOURCE_MARK).filter(|_| !commented) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let key = format!("source: {}", quote(location));
        let code = code.trim_end();
        match code.strip_suffix('}') {
            Some(head) => out.push_str(&format!("{}, {key} }}\n", head.trim_end())),
            None if code.ends_with(':') => {
                let indent = code.len() - code.trim_start().len() + 2;
                out.push_str(&format!("{code}\n{}{key}\n", " ".repeat(indent)));
            }
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// Writes the spec skeleton of an imported document. It loads and lowers with
/// [`crate::lower_str`]; every endpoint, type, parameter, enum value and return code carries
/// a `source:` key naming its [`Location`]. The same as [`to_spec_yaml_named`] without a
/// spec.
pub fn to_spec_yaml(imported: &Imported) -> String {
    to_spec_yaml_named(imported, None)
}

/// [`to_spec_yaml`], keeping the names of `names` (the lowered spec in use) for the items it
/// has, so that `spec diff` between the spec and the skeleton shows what the document
/// changed, not what the importer calls things:
///
/// - a return code the spec lists (same code) keeps its variant name and category;
/// - an endpoint the spec has (same path, up to case and surrounding slashes) keeps the
///   spec's spelling of the path and its `name:`, and its answer type's name;
/// - a sub-form or resource table keeps the name of the spec's type of the parameter (or
///   field) it describes, else of the spec's object named like it;
/// - a documented value list keeps the name of the spec's enum of the same field, and each
///   value the spec's variant name for it.
///
/// A spec name already taken in the skeleton is not used; the derived name is.
pub fn to_spec_yaml_named(imported: &Imported, names: Option<&Gateway>) -> String {
    let names = Names::new(names);
    let plan = Plan::new(imported, names);
    let mut y = String::new();
    header(&mut y, imported, names);
    gateway(&mut y, imported, names);
    types(&mut y, &plan);
    endpoints(&mut y, &plan);
    unplaced(&mut y, &plan);
    sources_as_keys(&y)
}

/// Characters YAML accepts in a scalar or comment; others become `?`.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' => c,
            '\u{FF00}'..='\u{FFFD}' | '\u{10000}'.. => c,
            _ => '?',
        })
        .collect()
}

/// A double-quoted YAML scalar, on one line.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in printable(&one_line(s)).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn header(y: &mut String, im: &Imported, names: Names<'_>) {
    let doc = printable(&one_line(&im.document));
    y.push_str(&format!(
        "# Spec skeleton imported from {doc} ({}) by paybind_codegen::import.\n",
        im.format.describe()
    ));
    y.push_str(
        "# Every item names where the document states it (`source:`). The gateway block is a\n",
    );
    y.push_str(
        "# placeholder: environments, credentials, refusal, answers and return-code categories\n",
    );
    y.push_str("# are not in the parameter tables. Review every item before use.\n");
    if let Some(id) = names.id() {
        y.push_str(&format!(
            "# Names are kept from the spec `{}` where it has the same item.\n",
            printable(&one_line(id))
        ));
    }
    y.push_str("paybind: 1\n\n");
}

fn gateway(y: &mut String, im: &Imported, names: Names<'_>) {
    let (request, response) = match im.format {
        Format::SmoneyResources => ("json", "json"),
        Format::PaynetText | Format::PaynetRst => ("form", "lines"),
        Format::ComnpayPipes => ("form", "json"),
    };
    let doc = quote(&im.document);
    let lines = [
        "gateway:".to_string(),
        format!("  id: {}", quote(&im.gateway_id)),
        format!("  title: {}", quote(&format!("Imported from {}", im.document))),
        format!("  source: {doc}"),
        format!("  doc: {}", quote(&format!("Skeleton imported from {} ({}).", im.document, im.format.describe()))),
        format!("  request_encoding: {request}"),
        format!("  response_encoding: {response}"),
        "  environments:".to_string(),
        "    placeholder: { url: \"https://example.invalid/api\", doc: \"Placeholder: the tables name no environment.\" }".to_string(),
        "  refusal:".to_string(),
        "    doc: \"Placeholder: how the gateway refuses a request is not in the tables.\"".to_string(),
        "    when: { field: error, present: true }".to_string(),
        "    code: error".to_string(),
        "    message: message".to_string(),
    ];
    for l in lines {
        y.push_str(&l);
        y.push('\n');
    }
    return_codes(y, im, names);
    y.push('\n');
}

fn return_codes(y: &mut String, im: &Imported, names: Names<'_>) {
    if im.codes.is_empty() {
        y.push_str("  return_codes: []\n");
        return;
    }
    y.push_str(
        "  # Names come from the codes, never the descriptions, so that a reworded description\n",
    );
    y.push_str(
        "  # renames nothing. Every category is a placeholder (the document gives none): decide\n",
    );
    y.push_str("  # each one");
    if names.id().is_some() {
        y.push_str(" that the spec does not already categorise");
    }
    y.push_str(".\n  return_codes:\n");
    let kept: Vec<Option<(&str, String)>> = im.codes.iter().map(|c| names.code(&c.code)).collect();
    let reserved: BTreeSet<&str> = kept.iter().flatten().map(|(n, _)| *n).collect();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut seen_codes = BTreeSet::new();
    for (c, kept) in im.codes.iter().zip(kept) {
        let (name, category) = match kept {
            Some((n, category)) if used.insert(n.to_string()) => (n.to_string(), category),
            _ => {
                let base = code_name(&c.code);
                let mut name = base.clone();
                let mut n = 2;
                while used.contains(&name) || reserved.contains(name.as_str()) {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                used.insert(name.clone());
                (name, "technical".to_string())
            }
        };
        let item = format!(
            "{{ code: {}, name: {name}, category: {category}, doc: {} }}",
            quote(&c.code),
            quote(if c.description.trim().is_empty() {
                &c.code
            } else {
                &c.description
            })
        );
        let prefix = if seen_codes.insert(c.code.clone()) {
            ""
        } else {
            "# duplicate code: "
        };
        y.push_str(&format!(
            "    {prefix}- {item}{}\n",
            source_annotation(&c.location)
        ));
    }
}

/// A variant name for a return code, from the code alone (`207` gives `Code207`): rewording
/// its description renames nothing.
fn code_name(code: &str) -> String {
    let code: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("Code{code}")
}

fn types(y: &mut String, plan: &Plan<'_>) {
    if plan.objects.is_empty() && plan.values.enums.is_empty() {
        return;
    }
    y.push_str("types:\n");
    let json_in_form = plan.im.format != Format::SmoneyResources;
    let none = BTreeSet::new();
    for (name, t, read) in &plan.objects {
        y.push_str(&format!("  {name}:{}\n", source_annotation(&t.location)));
        y.push_str("    kind: object\n");
        if json_in_form && !read {
            y.push_str("    encoding: json\n");
        }
        let what = match (t.kind, read) {
            (_, true) => "Answer parameters",
            (TableKind::Resource, _) => "Resource",
            _ => "Sub-form",
        };
        let heading = t.heading.as_deref().unwrap_or(&t.name);
        y.push_str(&format!(
            "    doc: {}\n",
            quote(&format!("{what} `{}` ({heading}).", t.name))
        ));
        y.push_str("    fields:\n");
        let rows: Vec<&Row> = t.rows.iter().collect();
        let at = Fields {
            scope: &object_scope(name),
            indent: "      ",
            sent: !read,
            apart: &none,
        };
        fields(y, plan, &rows, &at);
    }
    plan.values.write(y);
    y.push('\n');
}

fn endpoints(y: &mut String, plan: &Plan<'_>) {
    y.push_str("endpoints:\n");
    if plan.endpoints.is_empty() && !plan.placeholder {
        y.push_str("  {}\n");
    }
    for e in &plan.endpoints {
        let first = e.tables[0];
        y.push_str(&format!(
            "  {}:{}\n",
            quote(&e.path),
            source_annotation(&first.location)
        ));
        if let Some(name) = &e.name {
            y.push_str(&format!("    name: {name}\n"));
        }
        let doc = format!("`{}` as {} states it.", first.name, plan.im.document);
        y.push_str(&format!("    doc: {}\n", quote(&doc)));
        let response = plan.response.as_deref().unwrap_or("text");
        y.push_str(&format!("    response: {response}\n"));
        match &e.shapes {
            Some(shapes) => variants(y, plan, e, shapes),
            None => {
                y.push_str("    params:\n");
                let at = Fields {
                    scope: &e.scope_key(None),
                    indent: "      ",
                    sent: true,
                    apart: &BTreeSet::new(),
                };
                fields(y, plan, &e.rows(), &at);
            }
        }
    }
    if plan.placeholder {
        placeholder(y, plan);
    }
    y.push('\n');
}

/// One variant per variant key, its tables merged; the wires only it has are required.
fn variants(
    y: &mut String,
    plan: &Plan<'_>,
    e: &Endpoint<'_>,
    shapes: &BTreeMap<String, BTreeSet<&str>>,
) {
    y.push_str("    variants:\n");
    for (key, t) in e.variants() {
        y.push_str(&format!(
            "      {}:{}\n",
            quote(&key),
            source_annotation(&t.location)
        ));
        let heading = t.heading.as_deref().unwrap_or(&key);
        y.push_str(&format!("        doc: {}\n", quote(heading)));
        y.push_str("        params:\n");
        let apart = shapes.get(&key).cloned().unwrap_or_default();
        let at = Fields {
            scope: &e.scope_key(Some(&key)),
            indent: "          ",
            sent: true,
            apart: &apart,
        };
        fields(y, plan, &e.variant_rows(&key), &at);
    }
}

/// The document defines resources but no endpoint: one placeholder endpoint takes every
/// resource, so that the skeleton lowers. Replace it with the real endpoints.
fn placeholder(y: &mut String, plan: &Plan<'_>) {
    y.push_str("  # Placeholder: the document defines resources, not endpoints.\n");
    y.push_str("  \"resources\":\n");
    y.push_str("    reading: \"A placeholder: the document defines resources, not endpoints\"\n");
    y.push_str("    doc: \"Placeholder: every resource of the document, so that the skeleton lowers. Replace with the real endpoints.\"\n");
    y.push_str("    response: text\n");
    y.push_str("    params:\n");
    for (name, t, _) in &plan.objects {
        let doc = quote(&format!("Resource `{}`.", t.name));
        y.push_str(&format!(
            "      {}: {{ type: {name}, doc: {doc} }}{}\n",
            quote(name),
            source_annotation(&t.location)
        ));
    }
}

/// Tables the skeleton has no place for, as comments.
fn unplaced(y: &mut String, plan: &Plan<'_>) {
    for (t, why) in &plan.unplaced {
        y.push_str(&format!(
            "# Not placed: `{}` ({why}).{}\n",
            printable(&one_line(&t.name)),
            source_annotation(&t.location)
        ));
        for r in &t.rows {
            let text = if r.description.is_empty() {
                &r.note
            } else {
                &r.description
            };
            let doc = printable(&one_line(text));
            let wire = printable(&r.wire);
            y.push_str(&format!(
                "#   {wire}: {doc}{}\n",
                source_annotation(&r.location)
            ));
        }
    }
}

/// Where a list of fields is written.
struct Fields<'a> {
    /// Whose fields they are (see [`plan::Endpoint::scope_key`]): which enum a field takes.
    scope: &'a str,
    indent: &'a str,
    /// Sent in requests: `required` applies.
    sent: bool,
    /// The wires only this variant has: required, since they tell the variants apart.
    apart: &'a BTreeSet<&'a str>,
}

/// The fields of a parameter map or object, one line each. A wire name given twice, or two
/// names with one Rust name, are kept as comments after the first (see [`slots`]).
fn fields(y: &mut String, plan: &Plan<'_>, rows: &[&Row], at: &Fields<'_>) {
    let indent = at.indent;
    let mut written = 0;
    for (r, slot) in rows.iter().zip(slots(rows)) {
        let line = field(r, plan, at);
        let note = source_annotation(&r.location);
        let comment = match slot {
            Slot::Written => {
                written += 1;
                String::new()
            }
            Slot::Again(first) => format!("# also stated here (first at {first}): "),
            Slot::Clash(why) => format!("# not usable ({why}): "),
            Slot::NoName => "# not usable (no Rust name): ".to_string(),
        };
        y.push_str(&format!("{indent}{comment}{line}{note}\n"));
    }
    if written == 0 {
        y.push_str(&format!("{indent}{{}}\n"));
    }
}

/// One field as a flow mapping: `"wire": { type: string, max_length: 40, doc: "..." }`.
fn field(r: &Row, plan: &Plan<'_>, at: &Fields<'_>) -> String {
    let apart = at.apart.contains(r.wire.as_str());
    let named = match plan.param_types.get(&r.wire) {
        Some(object) => Some(object.as_str()),
        None => plan.values.type_of(at.scope, &r.wire),
    };
    let (ty, format, lengths) = spec_type(r, named);
    let mut parts = vec![format!("type: {ty}")];
    if let Some(f) = format {
        parts.push(format!("format: {f}"));
    }
    if at.sent && (r.necessity == Necessity::Required || apart) {
        parts.push("required: true".to_string());
    }
    let contradictory = matches!((r.min_length, r.max_length), (Some(lo), Some(hi)) if lo > hi);
    if lengths && !contradictory {
        if let Some(lo) = r.min_length {
            parts.push(format!("min_length: {lo}"));
        }
        if let Some(hi) = r.max_length.filter(|hi| *hi > 0) {
            parts.push(format!("max_length: {hi}"));
        }
    }
    let mut doc = doc_text(r);
    if apart && r.necessity != Necessity::Required {
        doc.push_str(
            " Required in this skeleton: only this variant has it, which tells the variants apart.",
        );
    }
    parts.push(format!("doc: {}", quote(&doc)));
    format!("{}: {{ {} }}", quote(&r.wire), parts.join(", "))
}

/// The spec type of a row: a sub-form's type, or the enum of its documented values; `date`
/// for a format the language knows; `amount` for cents, `integer` and `boolean` from the
/// document's type when no length is stated (lengths apply to text); else `string`. Gives
/// the type, its format, and whether length limits go with it.
fn spec_type(r: &Row, named: Option<&str>) -> (String, Option<String>, bool) {
    if let Some(n) = named {
        return (n.to_string(), None, false);
    }
    let known = |f: &&str| DateFormat::ALL.iter().any(|(k, _)| k == f);
    if let Some(f) = r.format.as_deref().filter(known) {
        return ("date".to_string(), Some(f.to_string()), false);
    }
    let t = r.ty.as_deref().unwrap_or_default().to_ascii_lowercase();
    let has_len = r.min_length.is_some() || r.max_length.is_some();
    let text = format!("{} {}", r.description, r.note).to_ascii_lowercase();
    let ty = match t.as_str() {
        _ if has_len => "string",
        _ if text.contains("in cents") => "amount",
        "numeric" | "int" | "integer" | "long" => "integer",
        "bool" | "boolean" => "boolean",
        _ => "string",
    };
    (ty.to_string(), None, ty == "string")
}

/// A field's doc: the description, then the necessity, type, values, note and aliases the
/// document gives.
fn doc_text(r: &Row) -> String {
    let mut first = if r.description.trim().is_empty() {
        r.wire.clone()
    } else {
        one_line(&r.description)
    };
    if !first.ends_with(['.', '!', '?', ':']) {
        first.push('.');
    }
    let mut parts = vec![first];
    parts.push(match &r.necessity {
        Necessity::Required => "Required.".to_string(),
        Necessity::Optional => "Optional.".to_string(),
        Necessity::Conditional(c) => format!("Conditional: {}.", one_line(c)),
        Necessity::ReadOnly => "Read-only (/).".to_string(),
        Necessity::Unstated => "Necessity unstated.".to_string(),
    });
    if let Some(t) = &r.ty {
        parts.push(format!("Document type: {t}."));
    }
    if let (Some(lo), Some(hi)) = (r.min_length, r.max_length) {
        if lo > hi {
            parts.push(format!("Contradictory lengths: min {lo}, max {hi}."));
        }
    }
    if !r.values.is_empty() {
        parts.push(format!("Values: {}.", r.values.join(", ")));
    }
    if !r.note.trim().is_empty() {
        parts.push(format!("Note: {}", one_line(&r.note)));
    }
    if !r.aliases.is_empty() {
        parts.push(format!("Alias: {}.", r.aliases.join(", ")));
    }
    parts.join(" ")
}
