//! How the tables become endpoints and types, and their names: the names the skeleton
//! writes are all decided here, before anything is written.

use std::collections::{BTreeMap, BTreeSet};

use super::names::Names;
use super::printable;
use super::taken::is_free;
use super::values::{Home, Scope, ValueLists};
use crate::import::text::one_line;
use crate::import::{Imported, Location, Row, Table, TableKind};
use crate::ir::names::{is_ident, is_keyword};
use crate::ir::{camel, snake};

/// How the tables become endpoints and types.
pub(super) struct Plan<'i> {
    pub im: &'i Imported,
    /// The endpoints, in document order.
    pub endpoints: Vec<Endpoint<'i>>,
    /// Object types: their name, table, and whether they are read (answers) or sent.
    pub objects: Vec<(String, &'i Table, bool)>,
    /// The type each sub-form parameter takes, by wire name.
    pub param_types: BTreeMap<String, String>,
    /// The enums of documented value lists, and the fields that take them.
    pub values: ValueLists<'i>,
    /// The answer type of every endpoint, when there is one endpoint and a response table.
    pub response: Option<String>,
    /// A placeholder endpoint taking every resource (S-money: resources, no endpoints).
    pub placeholder: bool,
    /// Tables with no place, and why.
    pub unplaced: Vec<(&'i Table, &'static str)>,
}

/// One endpoint of the skeleton: a path and the request tables under it.
pub(super) struct Endpoint<'i> {
    /// The path as the document gives it, made a valid key: how tables are grouped.
    key: String,
    /// The path as the skeleton writes it: the key (numbered when two keys would give one
    /// Rust name), or the spec's spelling of it.
    pub path: String,
    /// The request type's name when it is not the path's (the spec's `name:`).
    pub name: Option<String>,
    pub tables: Vec<&'i Table>,
    /// The variants, by key, with the wires only that variant has (see [`shapes`]); `None`
    /// when the tables are merged into one parameter list.
    pub shapes: Option<BTreeMap<String, BTreeSet<&'i str>>>,
}

impl<'i> Endpoint<'i> {
    /// The request type name (without a variant's suffix).
    pub fn rust(&self) -> String {
        self.name.clone().unwrap_or_else(|| camel(&self.path))
    }

    /// The variant keys, each with its first table, in table order.
    pub fn variants(&self) -> Vec<(String, &'i Table)> {
        let mut out: Vec<(String, &Table)> = Vec::new();
        for t in &self.tables {
            let key = variant_key(t.variant.as_deref().unwrap_or_default());
            if !out.iter().any(|(k, _)| *k == key) {
                out.push((key, t));
            }
        }
        out
    }

    /// The rows of the variant `key`, its tables merged.
    pub fn variant_rows(&self, key: &str) -> Vec<&'i Row> {
        self.tables
            .iter()
            .filter(|t| t.variant.as_deref().map(variant_key).as_deref() == Some(key))
            .flat_map(|t| t.rows.iter())
            .collect()
    }

    /// Every row of its tables.
    pub fn rows(&self) -> Vec<&'i Row> {
        self.tables.iter().flat_map(|t| t.rows.iter()).collect()
    }

    /// The key of its field list, or of its variant `key`'s (see [`Scope::key`]).
    pub fn scope_key(&self, variant: Option<&str>) -> String {
        match variant {
            Some(v) => format!("endpoint {} {v}", self.path),
            None => format!("endpoint {}", self.path),
        }
    }
}

/// The key of an object's field list (see [`Scope::key`]).
pub(super) fn object_scope(name: &str) -> String {
    format!("type {name}")
}

impl<'i> Plan<'i> {
    pub fn new(im: &'i Imported, names: Names<'_>) -> Plan<'i> {
        let mut plan = Plan {
            im,
            endpoints: group_endpoints(im, names),
            objects: Vec::new(),
            param_types: BTreeMap::new(),
            values: ValueLists::default(),
            response: None,
            placeholder: false,
            unplaced: Vec::new(),
        };
        let mut taken = plan.place_objects(names);
        let scopes = plan.scopes();
        plan.values = ValueLists::plan(&scopes, names, &mut taken);
        plan
    }

    fn request_wires(&self) -> BTreeSet<&'i str> {
        self.endpoints
            .iter()
            .flat_map(|e| e.rows())
            .map(|r| r.wire.as_str())
            .collect()
    }

    /// Request type names the skeleton's endpoints take (`payment/refund` gives
    /// `PaymentRefund`), so that no type takes one.
    fn taken_names(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for e in &self.endpoints {
            let rust = e.rust();
            for t in &e.tables {
                if let Some(v) = &t.variant {
                    out.insert(format!("{rust}{}", camel(&variant_key(v))));
                }
            }
            out.insert(rust);
        }
        out.insert("Resources".to_string());
        out
    }

    /// Names the objects; gives the names taken so far.
    fn place_objects(&mut self, names: Names<'_>) -> BTreeSet<String> {
        let wires = self.request_wires();
        let mut taken = self.taken_names();
        let resources_only = self.endpoints.is_empty()
            && self.im.tables.iter().any(|t| t.kind == TableKind::Resource);
        let single = (self.endpoints.len() == 1).then(|| &self.endpoints[0]);
        let single = single.map(|e| (e.path.clone(), e.rust()));
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
                    let name = type_name(&t.name, names.object(&t.name), &mut taken);
                    if wires.contains(t.name.as_str()) {
                        self.param_types.insert(t.name.clone(), name.clone());
                    }
                    self.placeholder |= resources_only;
                    self.objects.push((name, t, false));
                }
                TableKind::Response if single.is_some() && self.response.is_none() => {
                    let (path, rust) = single.clone().unwrap_or_default();
                    let base = format!("{rust}Response");
                    let name = type_name(&base, names.response(&path), &mut taken);
                    self.response = Some(name.clone());
                    self.objects.push((name, t, true));
                }
                TableKind::Dictionary => {
                    self.unplaced
                        .push((t, "a dictionary of fields, not one request's parameters"));
                }
                TableKind::Builder => {
                    self.unplaced.push((
                        t,
                        "the parameter names a request builder fills, not a parameter table",
                    ));
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
        taken
    }

    /// Every list of fields the skeleton writes: the objects', then each endpoint's (each
    /// variant's).
    fn scopes(&self) -> Vec<Scope<'i>> {
        let mut out = Vec::new();
        for (name, t, _) in &self.objects {
            let rows: Vec<&'i Row> = t.rows.iter().collect();
            let (key, home) = (object_scope(name), Home::Object(name.clone()));
            out.push(self.scope(key, name.clone(), home, &rows));
        }
        for e in &self.endpoints {
            let home = || Home::Endpoint(e.path.clone());
            // The path as the document writes it, whatever the spec's spelling or name.
            let prefix = camel(&e.key);
            if e.shapes.is_none() {
                out.push(self.scope(e.scope_key(None), prefix, home(), &e.rows()));
                continue;
            }
            for (v, _) in e.variants() {
                let (key, prefix) = (e.scope_key(Some(&v)), format!("{prefix}{}", camel(&v)));
                out.push(self.scope(key, prefix, home(), &e.variant_rows(&v)));
            }
        }
        out
    }

    /// The rows written as fields, sub-form parameters left out (their type is the
    /// sub-form's).
    fn scope(&self, key: String, prefix: String, home: Home, rows: &[&'i Row]) -> Scope<'i> {
        let rows = rows
            .iter()
            .zip(slots(rows))
            .filter(|(r, s)| matches!(s, Slot::Written) && !self.param_types.contains_key(&r.wire))
            .map(|(r, _)| *r)
            .collect();
        Scope {
            key,
            prefix,
            home,
            rows,
        }
    }
}

/// The request tables grouped by endpoint path, in document order.
fn group_endpoints<'i>(im: &'i Imported, names: Names<'_>) -> Vec<Endpoint<'i>> {
    let mut out: Vec<Endpoint<'i>> = Vec::new();
    for t in im.tables.iter().filter(|t| t.kind == TableKind::Request) {
        let key = endpoint_path(&t.name);
        if let Some(e) = out.iter_mut().find(|e| e.key == key) {
            e.tables.push(t);
            continue;
        }
        let (path, name) = endpoint_names(&out, &key, names);
        out.push(Endpoint {
            key,
            path,
            name,
            tables: vec![t],
            shapes: None,
        });
    }
    for e in &mut out {
        e.shapes = shapes(&e.tables);
    }
    out
}

/// The path and `name:` of a new endpoint: the spec's, when the spec has the path and
/// neither is taken yet; else the key, numbered when two paths would give one Rust name
/// (`a/b`, `a_b`).
fn endpoint_names(done: &[Endpoint<'_>], key: &str, names: Names<'_>) -> (String, Option<String>) {
    let taken: BTreeSet<String> = done.iter().map(Endpoint::rust).collect();
    let free = |path: &str, name: &Option<String>| {
        let rust = name.clone().unwrap_or_else(|| camel(path));
        !done.iter().any(|e| e.path == path) && is_free(&rust, &taken)
    };
    // A spec path with a placeholder needs the spec's path parameters or credentials.
    let spec = names.endpoint(key).filter(|s| !s.path.contains(['{', '}']));
    if let Some(s) = spec.filter(|s| free(&s.path, &s.name)) {
        return (s.path, s.name);
    }
    let mut path = key.to_string();
    let mut n = 2;
    while !free(&path, &None) && n < 10_000 {
        path = format!("{key}_{n}");
        n += 1;
    }
    (path, None)
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

/// A free UpperCamelCase type name for a table: `preferred` (the spec's) when free, else the
/// table's name (`customer` gives `Customer`), numbered when taken.
fn type_name(table: &str, preferred: Option<&str>, taken: &mut BTreeSet<String>) -> String {
    if let Some(p) = preferred.filter(|p| is_free(p, taken)) {
        taken.insert(p.to_string());
        return p.to_string();
    }
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
    while !is_free(&name, taken) && n < 10_000 {
        name = format!("{base}Form{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
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

/// What becomes of a row of a field list.
pub(super) enum Slot {
    /// Written as a field.
    Written,
    /// Its wire name was given before, at this location: kept as a comment.
    Again(String),
    /// Its Rust name is another field's, and why: kept as a comment.
    Clash(String),
    /// It has no Rust name: kept as a comment.
    NoName,
}

/// What becomes of each row: a wire name given twice, or two names with one Rust name, are
/// kept as comments after the first.
pub(super) fn slots(rows: &[&Row]) -> Vec<Slot> {
    let mut wires: BTreeMap<&str, &Location> = BTreeMap::new();
    let mut rust: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(first) = wires.get(r.wire.as_str()) {
            out.push(Slot::Again(printable(&one_line(&first.to_string()))));
            continue;
        }
        let name = snake(&r.wire);
        let raw = name.strip_suffix('_').unwrap_or(&name);
        if !(is_ident(&name) || is_keyword(raw)) {
            out.push(Slot::NoName);
            continue;
        }
        if let Some(other) = rust.get(&name) {
            let why = format!("its Rust name `{name}` is also `{other}`'s");
            out.push(Slot::Clash(why));
            continue;
        }
        wires.insert(&r.wire, &r.location);
        rust.insert(name, &r.wire);
        out.push(Slot::Written);
    }
    out
}
