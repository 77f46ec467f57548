//! Documented value lists as enums. A row whose document lists its values (`CB, VISA, MC`)
//! gets a named enum type, each value with where the document states it, so that `spec diff`
//! sees a value added (compatible) or removed (breaking) instead of a changed doc text.
//!
//! Each field gets its own enum, named after its endpoint's path (as the document writes it)
//! or its object, and its wire name (`TokenCreateCardType`), so that a list changed in one
//! place renames nothing elsewhere.
//! With a spec's names given, a field whose spec type is an enum takes that enum's name and
//! its values keep their spec variant names; fields sharing one spec enum share one type,
//! with every value any of them lists.

use std::collections::{BTreeMap, BTreeSet};

use super::names::Names;
use super::taken::is_free;
use super::{printable, quote, source_annotation};
use crate::import::text::one_line;
use crate::import::{Location, Row};
use crate::ir::names::{is_ident, is_keyword};
use crate::ir::{camel, Enum};

/// Where a list of fields lives, as the spec compared with names it.
pub(super) enum Home {
    /// The parameters of the endpoint at this path.
    Endpoint(String),
    /// The fields of the object of this name.
    Object(String),
}

/// The fields of one request type or object, as the skeleton writes them.
pub(super) struct Scope<'i> {
    /// Which fields these are: `type Customer`, `endpoint payment/end3dsDebit v1`.
    pub key: String,
    /// What derived enum names start with: the object's name, or the endpoint's path (and
    /// variant) in UpperCamelCase.
    pub prefix: String,
    pub home: Home,
    pub rows: Vec<&'i Row>,
}

/// One enum of documented values.
pub(super) struct ValueEnum<'i> {
    pub name: String,
    /// The values travel as JSON integers: the document types them as integers.
    pub integer: bool,
    /// The fields taking it: `` `cardType` of endpoint token/create ``.
    pub fields: Vec<String>,
    pub location: &'i Location,
    pub values: Vec<Value<'i>>,
}

/// One documented value.
pub(super) struct Value<'i> {
    pub wire: String,
    pub rust: String,
    pub location: &'i Location,
}

/// The skeleton's value enums, and which field takes which.
#[derive(Default)]
pub(super) struct ValueLists<'i> {
    pub enums: Vec<ValueEnum<'i>>,
    /// By scope key and wire name, the index of the field's enum.
    by_field: BTreeMap<(String, String), usize>,
}

/// A field with documented values, before its enum is named.
struct Listed<'s, 'i, 'g> {
    scope: &'s Scope<'i>,
    row: &'i Row,
    values: Vec<String>,
    spec: Option<&'g Enum>,
}

impl<'i> ValueLists<'i> {
    /// The enum type of a field, by its scope's key and its wire name.
    pub fn type_of(&self, scope: &str, wire: &str) -> Option<&str> {
        let i = self.by_field.get(&(scope.to_string(), wire.to_string()))?;
        Some(self.enums[*i].name.as_str())
    }

    /// The enums of every row with documented values, in scope and row order; their names
    /// are added to `taken`.
    pub fn plan(scopes: &[Scope<'i>], names: Names<'_>, taken: &mut BTreeSet<String>) -> Self {
        let listed: Vec<Listed<'_, 'i, '_>> = scopes
            .iter()
            .flat_map(|s| s.rows.iter().map(move |r| (s, *r)))
            .filter_map(|(scope, row)| {
                let values = documented(row)?;
                let spec = match &scope.home {
                    Home::Endpoint(path) => names.endpoint_enum(path, &row.wire),
                    Home::Object(name) => names.object_enum(name, &row.wire),
                };
                Some(Listed {
                    scope,
                    row,
                    values,
                    spec,
                })
            })
            .collect();
        // The spec's names first, so that no derived name takes one.
        let kept: BTreeSet<String> = listed
            .iter()
            .filter_map(|l| l.spec.map(|e| e.rust.clone()))
            .filter(|n| is_free(n, taken))
            .collect();
        taken.extend(kept.iter().cloned());
        let mut out = ValueLists::default();
        for l in &listed {
            let name = match l.spec.map(|e| &e.rust).filter(|n| kept.contains(*n)) {
                Some(n) => n.clone(),
                None => derived(&l.scope.prefix, &l.row.wire, taken),
            };
            out.add(name, l);
        }
        out
    }

    /// A field's values into the enum `name`, made or extended.
    fn add(&mut self, name: String, l: &Listed<'_, 'i, '_>) {
        let at = match self.enums.iter().position(|e| e.name == name) {
            Some(at) => at,
            None => {
                self.enums.push(ValueEnum {
                    name,
                    integer: true,
                    fields: Vec::new(),
                    location: &l.row.location,
                    values: Vec::new(),
                });
                self.enums.len() - 1
            }
        };
        let key = (l.scope.key.clone(), l.row.wire.clone());
        self.by_field.insert(key, at);
        let e = &mut self.enums[at];
        e.integer &= integer(l.row, &l.values);
        e.fields
            .push(format!("`{}` of {}", l.row.wire, l.scope.key));
        for v in &l.values {
            if e.values.iter().any(|x| &x.wire == v) {
                continue;
            }
            let used: BTreeSet<&str> = e.values.iter().map(|x| x.rust.as_str()).collect();
            let spec = l
                .spec
                .and_then(|s| s.values.iter().find(|x| &x.wire == v))
                .map(|x| x.rust.as_str())
                .filter(|n| !used.contains(n));
            let rust = spec.map_or_else(|| unique(&variant_name(v), &used), str::to_string);
            e.values.push(Value {
                wire: v.clone(),
                rust,
                location: &l.row.location,
            });
        }
    }

    /// The enums, as entries of `types:`.
    pub fn write(&self, y: &mut String) {
        for e in &self.enums {
            y.push_str(&format!("  {}:{}\n", e.name, source_annotation(e.location)));
            y.push_str("    kind: enum\n");
            if e.integer {
                y.push_str("    wire: integer\n");
            }
            let doc = format!("Values the document lists for {}.", e.fields.join(", "));
            y.push_str(&format!("    doc: {}\n", quote(&doc)));
            y.push_str("    values:\n");
            for v in &e.values {
                y.push_str(&format!(
                    "      {}: {{ name: {}, doc: {} }}{}\n",
                    quote(&v.wire),
                    v.rust,
                    quote(&v.wire),
                    source_annotation(v.location)
                ));
            }
        }
    }
}

/// The values a row lists, each once, that a spec can hold as they are (printable, on one
/// line, not empty); `None` when there are none, or when a boolean's values are only true
/// and false (the field stays `boolean`).
fn documented(r: &Row) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for v in &r.values {
        if !v.is_empty() && printable(&one_line(v)) == *v && !out.contains(v) {
            out.push(v.clone());
        }
    }
    let ty = r.ty.as_deref().unwrap_or_default().to_ascii_lowercase();
    let truth = |v: &String| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false");
    let boolean = matches!(ty.as_str(), "bool" | "boolean") && out.iter().all(truth);
    (!out.is_empty() && !boolean).then_some(out)
}

/// The document types the row as an integer and every value is one.
fn integer(r: &Row, values: &[String]) -> bool {
    let ty = r.ty.as_deref().unwrap_or_default().to_ascii_lowercase();
    matches!(ty.as_str(), "int" | "integer" | "long" | "numeric")
        && values.iter().all(|v| v.parse::<i64>().is_ok())
}

/// A free enum name for a field: its scope's prefix and its wire name in UpperCamelCase
/// (`TokenCreate` and `cardType` give `TokenCreateCardType`), numbered when taken.
fn derived(prefix: &str, wire: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = format!("{prefix}{}", camel(wire))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if !is_ident(&base) || camel(&base) != base {
        base = "Values".to_string();
    }
    let mut name = base.clone();
    let mut n = 2;
    while !is_free(&name, taken) && n < 10_000 {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// A variant name for a value: its UpperCamelCase (`MC` gives `Mc`, `sameday` `Sameday`),
/// `V` before a digit (`01` gives `V01`), `Minus` for a negative number (`-1` gives
/// `Minus1`).
pub(crate) fn variant_name(wire: &str) -> String {
    let body: String = camel(wire)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let minus = if wire.starts_with('-') { "Minus" } else { "" };
    let name = format!("{minus}{body}");
    let name = match name.chars().next() {
        None => "Value".to_string(),
        Some(c) if c.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    };
    if is_keyword(&name) || name == "Unknown" || !is_ident(&name) {
        format!("{name}Value")
    } else {
        name
    }
}

/// `name`, or `name_2`, `name_3`... when used.
fn unique(name: &str, used: &BTreeSet<&str>) -> String {
    let mut out = name.to_string();
    let mut n = 2;
    while used.contains(out.as_str()) {
        out = format!("{name}_{n}");
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_are_identifiers() {
        let names: Vec<String> = ["CB", "01", "-1", "1.0.2", "sameday", "self", "unknown", "é"]
            .iter()
            .map(|v| variant_name(v))
            .collect();
        assert_eq!(
            names,
            [
                "Cb",
                "V01",
                "Minus1",
                "V102",
                "Sameday",
                "SelfValue",
                "UnknownValue",
                "Value"
            ]
        );
        assert!(names.iter().all(|n| is_ident(n)));
        let used = BTreeSet::from(["V01", "V01_2"]);
        assert_eq!(unique("V01", &used), "V01_3");
    }
}
