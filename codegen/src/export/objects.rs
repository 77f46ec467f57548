//! Component schemas: objects (sub-forms and answers), enumerations, return codes and the
//! refusal shape.

use serde_json::{json, Map, Value};

use crate::ir::{AnswerFormat, Enum, Field, Object, Ty};

use super::provenance::{annotate, describe};
use super::rules::apply_rules;
use super::schema::{field_schema, reference, Side};
use super::Ctx;

/// The properties and required names of some fields, as `side` sees them; a money field's
/// currency travels in its own property.
pub fn properties(ctx: &Ctx, fields: &[Field], side: Side) -> (Map<String, Value>, Vec<String>) {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in fields.iter().filter(|f| ctx.has(f)) {
        let mut schema = field_schema(ctx, f, side);
        if let (Some(cur), Value::Object(m)) = (&f.currency_field, &mut schema) {
            m.insert("x-paybind-currency-field".into(), json!(cur));
            props.insert(cur.clone(), currency(f));
            if f.required {
                required.push(cur.clone());
            }
        }
        props.insert(f.wire.clone(), schema);
        if f.required {
            required.push(f.wire.clone());
        }
    }
    (props, required)
}

/// The currency code property of a money field.
fn currency(f: &Field) -> Value {
    json!({
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": format!("ISO 4217 code of the currency of `{}`", f.wire),
    })
}

/// An object schema from properties, required names and doc.
pub fn object_schema(
    props: Map<String, Value>,
    required: Vec<String>,
    doc: &str,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    describe(&mut m, doc);
    m.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        m.insert("required".into(), json!(required));
    }
    m
}

/// A sub-form or an answer. Answers may gain fields at any time: only what a request sends
/// is required.
pub fn object(ctx: &Ctx, o: &Object) -> Value {
    let side = if o.in_request {
        Side::Request
    } else {
        Side::Answer
    };
    let (props, required) = properties(ctx, &o.fields, side);
    let required = if o.in_request { required } else { Vec::new() };
    let mut m = object_schema(props, required, &o.doc);
    apply_rules(ctx, &mut m, &o.rules);
    if !o.outcome.is_empty() {
        let cases: Vec<Value> = o.outcome.iter().map(outcome_case).collect();
        m.insert("x-paybind-outcome".into(), json!(cases));
    }
    annotate(&mut m, &o.provenance);
    Value::Object(m)
}

fn outcome_case(c: &crate::ir::OutcomeCase) -> Value {
    let mut m = Map::new();
    m.insert("case".into(), json!(c.text()));
    annotate(&mut m, &c.provenance);
    Value::Object(m)
}

/// An enumeration: its values, each with its description and provenance.
pub fn enumeration(e: &Enum) -> Value {
    let values: Vec<Value> = e
        .values
        .iter()
        .map(|v| match (e.integer, v.wire.parse::<i64>()) {
            (true, Ok(n)) => json!(n),
            _ => json!(v.wire),
        })
        .collect();
    let details: Vec<Value> = e
        .values
        .iter()
        .map(|v| {
            let mut m = Map::new();
            m.insert("value".into(), json!(v.wire));
            m.insert("description".into(), json!(v.doc.trim()));
            annotate(&mut m, &v.provenance);
            Value::Object(m)
        })
        .collect();
    let mut m = Map::new();
    m.insert(
        "type".into(),
        json!(if e.integer { "integer" } else { "string" }),
    );
    describe(&mut m, &e.doc);
    m.insert("enum".into(), json!(values));
    let docs: Vec<&str> = e.values.iter().map(|v| v.doc.trim()).collect();
    m.insert("x-enum-descriptions".into(), json!(docs));
    m.insert("x-paybind-values".into(), json!(details));
    annotate(&mut m, &e.provenance);
    Value::Object(m)
}

/// The return codes: text (a gateway may answer a code its table does not list), with the
/// documented ones, their descriptions and categories.
pub fn return_codes(ctx: &Ctx) -> Value {
    let codes: Vec<Value> = ctx
        .g
        .codes
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("code".into(), json!(c.code));
            m.insert("description".into(), json!(c.doc.trim()));
            m.insert("category".into(), json!(c.category.variant()));
            annotate(&mut m, &c.provenance);
            Value::Object(m)
        })
        .collect();
    json!({
        "type": "string",
        "description": "A return code of the gateway's table (x-paybind-codes), or one it does not list.",
        "x-paybind-codes": codes,
    })
}

/// The refusal: the answer that says a call was refused, and why.
pub fn refusal(ctx: &Ctx) -> Value {
    let r = &ctx.g.refusal;
    let [when, code, message] = &r.wire_keys;
    let mut props = Map::new();
    let mut trigger = json!({});
    if !r.when_values.is_empty() {
        trigger = json!({ "enum": wire_values(&r.when_values, ctx.g.answers) });
    }
    props.insert(when.clone(), trigger);
    if !r.when_is_code {
        let why = match ctx.g.codes.is_empty() {
            true => json!({ "description": "Why: the gateway's code." }),
            false => reference("ReturnCode"),
        };
        props.insert(code.clone(), why);
    }
    props.insert(message.clone(), json!({ "type": "string" }));
    let mut m = object_schema(props, vec![when.clone()], &r.doc);
    let rule = json!({
        "key": when,
        "values": r.when_values,
        "code": code,
        "message": message,
    });
    m.insert("x-paybind-refusal".into(), rule);
    Value::Object(m)
}

/// The trigger values as the answers carry them: a number as a JSON number (a flag's 0),
/// anything else, and every value of a line-encoded answer, as text.
fn wire_values(values: &[String], answers: AnswerFormat) -> Vec<Value> {
    values
        .iter()
        .map(|v| match (answers, v.parse::<i64>()) {
            (AnswerFormat::Lines, _) | (_, Err(_)) => json!(v),
            (_, Ok(n)) => json!(n),
        })
        .collect()
}

/// Whether a type is an object (a JSON sub-form in a form body).
pub fn is_object(ty: &Ty) -> bool {
    matches!(ty, Ty::Object(_)) || matches!(ty, Ty::List(t) if is_object(t))
}
