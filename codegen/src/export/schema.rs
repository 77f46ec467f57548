//! Field and type schemas: types, lengths, patterns, ranges and formats.

use serde_json::{json, Map, Value};

use crate::ir::{AnswerFormat, DateFormat, Field, Ty};

use super::provenance::{annotate, describe};
use super::Ctx;

/// Where a schema is used: what a client sends, or what the gateway answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Answer,
}

/// A reference to a component schema.
pub fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema of a type, without the field's own limits.
pub fn ty_schema(ctx: &Ctx, ty: &Ty, side: Side) -> Value {
    if side == Side::Answer && ctx.g.answers == AnswerFormat::Lines {
        if let Some(text) = line_value(ty) {
            return text;
        }
    }
    match ty {
        Ty::String => json!({ "type": "string" }),
        Ty::Integer => json!({ "type": "integer" }),
        Ty::Amount => json!({ "type": "integer", "x-paybind-format": "minor units" }),
        Ty::Flag => flag(side),
        Ty::Boolean => json!({ "type": "boolean" }),
        Ty::Date(f) => date(*f),
        Ty::Url => json!({ "type": "string", "format": "uri" }),
        Ty::Email => json!({ "type": "string", "format": "email" }),
        Ty::Ip => json!({ "type": "string", "x-paybind-format": "ip" }),
        Ty::Money => json!({
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]+)?$",
            "x-paybind-format": "major units",
        }),
        Ty::ReturnCode => return_code(ctx),
        Ty::List(item) => json!({ "type": "array", "items": ty_schema(ctx, item, side) }),
        Ty::Joined(name, sep) => joined(ctx, name, *sep),
        Ty::Enum(name) | Ty::Object(name) => reference(name),
    }
}

/// A scalar of a line-encoded answer, where every value is text: `None` for text types,
/// which read as usual.
fn line_value(ty: &Ty) -> Option<Value> {
    let digits = |format: &str| json!({ "type": "string", "pattern": "^-?[0-9]+$", "x-paybind-format": format });
    match ty {
        Ty::Integer => Some(digits("integer")),
        Ty::Amount => Some(digits("minor units")),
        Ty::Flag => {
            Some(json!({ "type": "string", "enum": ["0", "1"], "x-paybind-format": "flag" }))
        }
        Ty::Boolean => Some(json!({ "type": "string", "enum": ["true", "false"] })),
        _ => None,
    }
}

fn flag(side: Side) -> Value {
    match side {
        Side::Request => json!({ "type": "integer", "enum": [0, 1], "x-paybind-format": "flag" }),
        Side::Answer => json!({ "type": "integer", "enum": [0, 1], "x-paybind-format": "flag" }),
    }
}

/// A date as the documents write it: digits only, the pattern's length.
fn date(f: DateFormat) -> Value {
    let digits = f.pattern().len();
    json!({
        "type": "string",
        "pattern": format!("^[0-9]{{{digits}}}$"),
        "x-paybind-format": f.pattern(),
    })
}

fn return_code(ctx: &Ctx) -> Value {
    if ctx.g.codes.is_empty() {
        json!({ "type": "string" })
    } else {
        reference("ReturnCode")
    }
}

/// Enum values joined with a separator: a pattern of the values. The spec sets no least
/// number of values, so the empty list (an empty text) is one too.
fn joined(ctx: &Ctx, name: &str, sep: char) -> Value {
    let values: Vec<String> = ctx
        .g
        .enums
        .iter()
        .find(|e| e.rust == name)
        .map(|e| e.values.iter().map(|v| escape(&v.wire)).collect())
        .unwrap_or_default();
    let one = format!("({})", values.join("|"));
    json!({
        "type": "string",
        "pattern": format!("^({one}({}{one})*)?$", escape(&sep.to_string())),
        "x-paybind-values-of": name,
        "x-paybind-separator": sep.to_string(),
    })
}

/// Escapes the characters an ECMA-262 regular expression gives a meaning.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A field's schema: its type's, with its limits, doc, sensitivity and provenance.
pub fn field_schema(ctx: &Ctx, f: &Field, side: Side) -> Value {
    let mut m = match ty_schema(ctx, &f.ty, side) {
        Value::Object(m) => m,
        other => return other,
    };
    limits(ctx, f, &mut m);
    describe(&mut m, &f.doc);
    if let Some(s) = f.sensitive {
        m.insert("x-paybind-sensitive".into(), json!(s.spec_name()));
        if side == Side::Request {
            m.insert("writeOnly".into(), json!(true));
        }
    }
    if !f.aliases.is_empty() {
        m.insert("x-paybind-aliases".into(), json!(f.aliases));
    }
    if let Some(b) = &f.brands {
        m.insert("x-paybind-brands".into(), json!(b));
    }
    annotate(&mut m, &f.provenance);
    Value::Object(m)
}

/// Lengths and patterns on text, ranges on numbers; a limit of another kind is kept as
/// an extension so that nothing documented is lost.
fn limits(ctx: &Ctx, f: &Field, m: &mut Map<String, Value>) {
    let text = m.get("type") == Some(&json!("string"));
    let number = m.get("type") == Some(&json!("integer"));
    let (min_len, max_len) = ctx.lengths(f);
    let lengths = [("minLength", min_len), ("maxLength", max_len)];
    for (key, v) in lengths.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
        let key = if text {
            key.to_string()
        } else {
            format!("x-paybind-{key}")
        };
        m.insert(key, json!(v));
    }
    if let Some(p) = &f.pattern {
        let key = if text { "pattern" } else { "x-paybind-pattern" };
        m.insert(key.into(), json!(p.source));
    }
    let ranges = [("minimum", f.min), ("maximum", f.max)];
    for (key, v) in ranges.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
        let key = if number {
            key.to_string()
        } else {
            format!("x-paybind-{key}")
        };
        m.insert(key, json!(v));
    }
}
