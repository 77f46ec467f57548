//! Credentials: a bearer token is a security scheme; the others are form fields, path
//! parameters, or keys that only sign. Signatures say which parts, in which order, which hash.

use serde_json::{json, Map, Value};

use crate::ir::{Field, Part, Place, Signature};

use super::provenance::{annotate, describe};

/// The security schemes: the bearer credential, if any.
pub fn schemes(bearer: Option<&Field>) -> Option<(String, Value)> {
    let f = bearer?;
    let mut m = Map::new();
    m.insert("type".into(), json!("http"));
    m.insert("scheme".into(), json!("bearer"));
    describe(&mut m, &f.doc);
    annotate(&mut m, &f.provenance);
    Some((f.wire.clone(), Value::Object(m)))
}

/// `x-paybind-credentials`: every credential, where it goes, and how secret it is.
pub fn credentials(all: &[Field]) -> Value {
    let list: Vec<Value> = all
        .iter()
        .map(|f| {
            let mut m = Map::new();
            m.insert("name".into(), json!(f.wire));
            m.insert("in".into(), json!(place(f.place)));
            describe(&mut m, &f.doc);
            if let Some(s) = f.sensitive {
                m.insert("x-paybind-sensitive".into(), json!(s.spec_name()));
            }
            annotate(&mut m, &f.provenance);
            Value::Object(m)
        })
        .collect();
    json!(list)
}

fn place(p: Place) -> &'static str {
    match p {
        Place::Form => "form",
        Place::Nowhere => "nowhere (it only signs)",
        Place::Bearer => "bearer",
        Place::Path => "path",
    }
}

/// `x-paybind-signature`: the field, the parts in order, the hash and its encoding.
pub fn signature(s: &Signature) -> Value {
    let parts: Vec<Value> = s.parts.iter().map(part).collect();
    let mut m = Map::new();
    m.insert("field".into(), json!(s.field));
    m.insert("hash".into(), json!("SHA-1"));
    m.insert("encoding".into(), json!("lowercase hex"));
    if let Some(sep) = &s.sorted_values {
        m.insert(
            "sorted-values".into(),
            json!({ "separator": sep, "description": "the other fields' values, sorted by key, come first; every part is joined with the separator" }),
        );
    }
    m.insert("parts".into(), json!(parts));
    Value::Object(m)
}

fn part(p: &Part) -> Value {
    match p {
        Part::TargetId => {
            json!({ "kind": "target id", "description": "the endpoint or endpoint group id of the call's URL" })
        }
        Part::Field(f) => json!({ "kind": "field", "name": f.wire }),
        Part::Minor(f) => json!({ "kind": "minor units", "name": f.wire }),
        Part::Currency(f) => json!({ "kind": "currency", "name": f.wire }),
        Part::Credential(f) => json!({ "kind": "credential", "name": f.wire }),
    }
}

/// The schema of a signature field: the lowercase hex of a SHA-1.
pub fn signature_field(s: &Signature) -> Value {
    json!({
        "type": "string",
        "pattern": "^[0-9a-f]{40}$",
        "description": "SHA-1 signature (x-paybind-signature)",
        "x-paybind-signature": signature(s),
    })
}
