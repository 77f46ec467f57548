//! Provenance and the other small annotations every item carries.

use serde_json::{json, Map, Value};

use crate::ir::Provenance;

/// `x-paybind-provenance`: the item's citations, the project's reading and its public
/// source; `None` for an item that says nothing of where it comes from.
pub fn provenance(p: &Provenance) -> Option<Value> {
    if p.is_empty() {
        return None;
    }
    let mut m = Map::new();
    if !p.sources.is_empty() {
        m.insert("sources".into(), json!(p.sources));
    }
    if let Some(r) = &p.reading {
        m.insert("reading".into(), json!(r.text()));
    }
    if let Some(public) = &p.public {
        m.insert("public".into(), json!(public));
    }
    Some(Value::Object(m))
}

/// Adds `x-paybind-provenance` to `m` when there is one.
pub fn annotate(m: &mut Map<String, Value>, p: &Provenance) {
    if let Some(v) = provenance(p) {
        m.insert("x-paybind-provenance".into(), v);
    }
}

/// Adds `description` when the text is not empty.
pub fn describe(m: &mut Map<String, Value>, doc: &str) {
    let doc = doc.trim();
    if !doc.is_empty() {
        m.insert("description".into(), json!(doc));
    }
}
