//! A spec skeleton from an imported document: the tables as endpoints and types of the spec
//! language (`spec/README.md`), every item annotated with where the document states it.
//! The skeleton loads and lowers; what a document does not say (environments, credentials,
//! the refusal, answers, return-code categories) is a marked placeholder.

use std::collections::{BTreeMap, BTreeSet};

use super::text::one_line;
use super::{Imported, Location, Necessity, Row, Table, TableKind};
use crate::ir::names::{is_ident, is_keyword};
use crate::ir::{camel, snake};
use crate::spec::DateFormat;

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
/// [`crate::lower_str`]; every endpoint, type, parameter and return code carries a
/// `source:` key naming its [`Location`].
pub fn to_spec_yaml(imported: &Imported) -> String {
    let plan = Plan::new(imported);
    let mut y = String::new();
    header(&mut y, imported);
    gateway(&mut y, imported);
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

fn header(y: &mut String, im: &Imported) {
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
    y.push_str("paybind: 1\n\n");
}

fn gateway(y: &mut String, im: &Imported) {
    let (request, response) = match im.format {
        super::Format::SmoneyResources => ("json", "json"),
        super::Format::PaynetText | super::Format::PaynetRst => ("form", "lines"),
        super::Format::ComnpayPipes => ("form", "json"),
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
    return_codes(y, im);
    y.push('\n');
}

fn return_codes(y: &mut String, im: &Imported) {
    if im.codes.is_empty() {
        y.push_str("  return_codes: []\n");
        return;
    }
    y.push_str(
        "  # Names come from the descriptions; every category is a placeholder (the document\n",
    );
    y.push_str("  # gives none): decide each one.\n");
    y.push_str("  return_codes:\n");
    let names: Vec<String> = im
        .codes
        .iter()
        .map(|c| code_name(&c.description, &c.code))
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &names {
        *count.entry(n.as_str()).or_default() += 1;
    }
    let mut seen_codes = BTreeSet::new();
    for (c, n) in im.codes.iter().zip(&names) {
        let name = if count.get(n.as_str()).copied().unwrap_or(0) > 1 {
            format!("{n}{}", c.code)
        } else {
            n.clone()
        };
        let item = format!(
            "{{ code: {}, name: {name}, category: technical, doc: {} }}",
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

/// A variant name for a return code: its description in UpperCamelCase.
fn code_name(description: &str, code: &str) -> String {
    let name: String = camel(description)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() && name != "Unknown" => name,
        Some(_) => format!("Code{name}"),
        None => format!("Code{code}"),
    }
}

/// How the tables become endpoints and types.
struct Plan<'i> {
    im: &'i Imported,
    /// Endpoint paths in document order, with their request tables.
    endpoints: Vec<(String, Vec<&'i Table>)>,
    /// Object types: their name, table, and whether they are read (answers) or sent.
    objects: Vec<(String, &'i Table, bool)>,
    /// The type each sub-form parameter takes, by wire name.
    param_types: BTreeMap<String, String>,
    /// The answer type of every endpoint, when there is one endpoint and a response table.
    response: Option<String>,
    /// A placeholder endpoint taking every resource (S-money: resources, no endpoints).
    placeholder: bool,
    /// Tables with no place, and why.
    unplaced: Vec<(&'i Table, &'static str)>,
}

impl<'i> Plan<'i> {
    fn new(im: &'i Imported) -> Plan<'i> {
        let mut endpoints: Vec<(String, Vec<&Table>)> = Vec::new();
        for t in im.tables.iter().filter(|t| t.kind == TableKind::Request) {
            let mut path = endpoint_path(&t.name);
            if let Some((_, ts)) = endpoints.iter_mut().find(|(p, _)| *p == path) {
                ts.push(t);
                continue;
            }
            // Two paths with one Rust name (`a/b`, `a_b`): the later one is numbered.
            let mut n = 2;
            while endpoints.iter().any(|(p, _)| camel(p) == camel(&path)) && n < 10_000 {
                path = format!("{}_{n}", endpoint_path(&t.name));
                n += 1;
            }
            endpoints.push((path, vec![t]));
        }
        let mut plan = Plan {
            im,
            endpoints,
            objects: Vec::new(),
            param_types: BTreeMap::new(),
            response: None,
            placeholder: false,
            unplaced: Vec::new(),
        };
        plan.place_objects();
        plan
    }

    fn request_wires(&self) -> BTreeSet<&'i str> {
        self.endpoints
            .iter()
            .flat_map(|(_, ts)| ts.iter().flat_map(|t| t.rows.iter()))
            .map(|r| r.wire.as_str())
            .collect()
    }

    /// Request type names the skeleton's endpoints take (`payment/refund` gives
    /// `PaymentRefund`), so that no type takes one.
    fn taken_names(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (path, tables) in &self.endpoints {
            out.insert(camel(path));
            for t in tables {
                if let Some(v) = &t.variant {
                    out.insert(format!("{}{}", camel(path), camel(&variant_key(v))));
                }
            }
        }
        out.insert("Resources".to_string());
        out
    }

    fn place_objects(&mut self) {
        let wires = self.request_wires();
        let mut taken = self.taken_names();
        let resources_only = self.endpoints.is_empty()
            && self.im.tables.iter().any(|t| t.kind == TableKind::Resource);
        let single = (self.endpoints.len() == 1).then(|| self.endpoints[0].0.clone());
        for t in &self.im.tables {
            let taken_param = self.param_types.contains_key(&t.name);
            match t.kind {
                TableKind::Request => {}
                TableKind::Object | TableKind::Resource if taken_param => {
                    self.unplaced.push((
                        t,
                        "an earlier table of the same name is the parameter's type",
                    ));
                }
                TableKind::Object | TableKind::Resource
                    if wires.contains(t.name.as_str()) || resources_only =>
                {
                    let name = type_name(&t.name, &mut taken);
                    if wires.contains(t.name.as_str()) {
                        self.param_types.insert(t.name.clone(), name.clone());
                    }
                    self.placeholder |= resources_only;
                    self.objects.push((name, t, false));
                }
                TableKind::Response if single.is_some() && self.response.is_none() => {
                    let base = format!("{}Response", camel(single.as_deref().unwrap_or("")));
                    let name = type_name(&base, &mut taken);
                    self.response = Some(name.clone());
                    self.objects.push((name, t, true));
                }
                TableKind::Dictionary => {
                    self.unplaced
                        .push((t, "a dictionary of fields, not one request's parameters"));
                }
                TableKind::Response => {
                    self.unplaced.push((
                        t,
                        "an answer's parameters, with no single endpoint to answer",
                    ));
                }
                _ => self
                    .unplaced
                    .push((t, "no parameter of the document's endpoints takes it")),
            }
        }
    }
}

/// An endpoint key the loader accepts: letters, digits, `/`, `_`, `-`, no leading slash.
fn endpoint_path(name: &str) -> String {
    let p: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "/_-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let p = p.trim_start_matches('/').to_string();
    if p.is_empty() {
        "unnamed".to_string()
    } else {
        p
    }
}

/// A variant key: lowercase letters, digits and underscores.
fn variant_key(v: &str) -> String {
    let k = snake(v);
    let k: String = k
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if k.starts_with(|c: char| c.is_ascii_alphabetic()) {
        k
    } else {
        format!("v{k}")
    }
}

/// A free UpperCamelCase type name for a table (`customer` gives `Customer`).
fn type_name(table: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = camel(table)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base = camel(&format!("T{base}"));
    }
    if camel(&base) != base || !is_ident(&base) {
        base = format!("Table{}", taken.len() + 1);
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) && n < 10_000 {
        name = format!("{base}Form{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn types(y: &mut String, plan: &Plan<'_>) {
    if plan.objects.is_empty() {
        return;
    }
    y.push_str("types:\n");
    let json_in_form = plan.im.format != super::Format::SmoneyResources;
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
        fields(y, plan, &rows, "      ", !read);
    }
    y.push('\n');
}

fn endpoints(y: &mut String, plan: &Plan<'_>) {
    y.push_str("endpoints:\n");
    if plan.endpoints.is_empty() && !plan.placeholder {
        y.push_str("  {}\n");
    }
    for (path, tables) in &plan.endpoints {
        let first = tables[0];
        y.push_str(&format!(
            "  {}:{}\n",
            quote(path),
            source_annotation(&first.location)
        ));
        let doc = format!("`{}` as {} states it.", first.name, plan.im.document);
        y.push_str(&format!("    doc: {}\n", quote(&doc)));
        let response = plan.response.as_deref().unwrap_or("text");
        y.push_str(&format!("    response: {response}\n"));
        if let Some(shapes) = shapes(tables) {
            variants(y, plan, tables, &shapes);
        } else {
            y.push_str("    params:\n");
            let rows: Vec<&Row> = tables.iter().flat_map(|t| t.rows.iter()).collect();
            fields(y, plan, &rows, "      ", true);
        }
    }
    if plan.placeholder {
        placeholder(y, plan);
    }
    y.push('\n');
}

/// The variants of an endpoint's tables, by key, with the wires only that variant has;
/// `None` unless there are two or more, each with a wire of its own (else a server could
/// not tell them apart, and the tables are merged into one parameter list).
fn shapes<'t>(tables: &[&'t Table]) -> Option<BTreeMap<String, BTreeSet<&'t str>>> {
    let mut wires: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for t in tables {
        let key = variant_key(t.variant.as_deref()?);
        wires
            .entry(key)
            .or_default()
            .extend(t.rows.iter().map(|r| r.wire.as_str()));
    }
    let mut own = BTreeMap::new();
    for (key, set) in &wires {
        let others: BTreeSet<&str> = wires
            .iter()
            .filter(|(k, _)| *k != key)
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
        let mine: BTreeSet<&str> = set.difference(&others).copied().collect();
        if mine.is_empty() {
            return None;
        }
        own.insert(key.clone(), mine);
    }
    (own.len() >= 2).then_some(own)
}

/// One variant per variant key, its tables merged; the wires only it has are required.
fn variants(
    y: &mut String,
    plan: &Plan<'_>,
    tables: &[&Table],
    shapes: &BTreeMap<String, BTreeSet<&str>>,
) {
    y.push_str("    variants:\n");
    let mut done = BTreeSet::new();
    for t in tables {
        let key = variant_key(t.variant.as_deref().unwrap_or_default());
        if !done.insert(key.clone()) {
            continue;
        }
        y.push_str(&format!(
            "      {}:{}\n",
            quote(&key),
            source_annotation(&t.location)
        ));
        let heading = t.heading.as_deref().unwrap_or(&key);
        y.push_str(&format!("        doc: {}\n", quote(heading)));
        y.push_str("        params:\n");
        let rows: Vec<&Row> = tables
            .iter()
            .filter(|o| o.variant.as_deref().map(variant_key).as_deref() == Some(key.as_str()))
            .flat_map(|o| o.rows.iter())
            .collect();
        let apart = shapes.get(&key).cloned().unwrap_or_default();
        fields_apart(y, plan, &rows, "          ", true, &apart);
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
            let doc = printable(&one_line(&r.description));
            let wire = printable(&r.wire);
            y.push_str(&format!(
                "#   {wire}: {doc}{}\n",
                source_annotation(&r.location)
            ));
        }
    }
}

/// The fields of a parameter map or object, one line each. A wire name given twice, or two
/// names with one Rust name, are kept as comments after the first.
fn fields(y: &mut String, plan: &Plan<'_>, rows: &[&Row], indent: &str, sent: bool) {
    fields_apart(y, plan, rows, indent, sent, &BTreeSet::new());
}

/// [`fields`], the wires in `apart` required: they tell an endpoint's variants apart.
fn fields_apart(
    y: &mut String,
    plan: &Plan<'_>,
    rows: &[&Row],
    indent: &str,
    sent: bool,
    apart: &BTreeSet<&str>,
) {
    let mut wires: BTreeMap<&str, &Location> = BTreeMap::new();
    let mut rust: BTreeMap<String, &str> = BTreeMap::new();
    let mut written = 0;
    for r in rows {
        let line = field(r, plan, sent, apart.contains(r.wire.as_str()));
        let note = source_annotation(&r.location);
        if let Some(first) = wires.get(r.wire.as_str()) {
            let first = printable(&one_line(&first.to_string()));
            y.push_str(&format!(
                "{indent}# also stated here (first at {first}): {line}{note}\n"
            ));
            continue;
        }
        let name = snake(&r.wire);
        let raw = name.strip_suffix('_').unwrap_or(&name);
        let usable = is_ident(&name) || is_keyword(raw);
        if let Some(other) = rust.get(&name).filter(|_| usable) {
            let why = format!("its Rust name `{name}` is also `{other}`'s");
            y.push_str(&format!("{indent}# not usable ({why}): {line}{note}\n"));
            continue;
        }
        if !usable {
            y.push_str(&format!(
                "{indent}# not usable (no Rust name): {line}{note}\n"
            ));
            continue;
        }
        wires.insert(&r.wire, &r.location);
        rust.insert(name, &r.wire);
        y.push_str(&format!("{indent}{line}{note}\n"));
        written += 1;
    }
    if written == 0 {
        y.push_str(&format!("{indent}{{}}\n"));
    }
}

/// One field as a flow mapping: `"wire": { type: string, max_length: 40, doc: "..." }`.
fn field(r: &Row, plan: &Plan<'_>, sent: bool, apart: bool) -> String {
    let (ty, format, lengths) = spec_type(r, plan.param_types.get(&r.wire));
    let mut parts = vec![format!("type: {ty}")];
    if let Some(f) = format {
        parts.push(format!("format: {f}"));
    }
    if sent && (r.necessity == Necessity::Required || apart) {
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

/// The spec type of a row: a sub-form's type; `date` for a format the language knows;
/// `amount` for cents, `integer` and `boolean` from the document's type when no length is
/// stated (lengths apply to text); else `string`. Gives the type, its format, and whether
/// length limits go with it.
fn spec_type(r: &Row, named: Option<&String>) -> (String, Option<String>, bool) {
    if let Some(n) = named {
        return (n.clone(), None, false);
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
