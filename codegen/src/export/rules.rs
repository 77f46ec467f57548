//! Cross-field rules: in schema keywords where JSON Schema can say them over the object's
//! own properties, and every one in words in `x-paybind-rules`.

use serde_json::{json, Map, Value};

use crate::ir::{Condition, FieldRef, Rule, RuleKind};

use super::provenance::annotate;
use super::Ctx;

/// Adds the rules to an object schema; a rule that names a field the brand's documents do
/// not have is not the brand's.
pub fn apply_rules(ctx: &Ctx, m: &mut Map<String, Value>, rules: &[Rule]) {
    let rules: Vec<&Rule> = rules.iter().filter(|r| for_brand(ctx, &r.kind)).collect();
    if rules.is_empty() {
        return;
    }
    let mut all_of = Vec::new();
    let mut dependent: Map<String, Value> = Map::new();
    let mut words = Vec::new();
    for r in rules {
        let expressed = express(&r.kind, &mut all_of, &mut dependent);
        let mut w = Map::new();
        w.insert("rule".into(), json!(r.doc.trim()));
        w.insert("kind".into(), json!(kind(&r.kind)));
        w.insert("fields".into(), json!(fields(&r.kind)));
        w.insert("in-schema".into(), json!(expressed));
        annotate(&mut w, &r.provenance);
        words.push(Value::Object(w));
    }
    if !all_of.is_empty() {
        m.insert("allOf".into(), json!(all_of));
    }
    if !dependent.is_empty() {
        m.insert("dependentRequired".into(), Value::Object(dependent));
    }
    m.insert("x-paybind-rules".into(), json!(words));
}

fn for_brand(ctx: &Ctx, k: &RuleKind) -> bool {
    refs(k)
        .iter()
        .all(|f| ctx.has(&f.head) && f.leaf.as_ref().is_none_or(|l| ctx.has(l)))
}

/// Every field a rule names.
fn refs(k: &RuleKind) -> Vec<&FieldRef> {
    match k {
        RuleKind::ExactlyOneOf(v) | RuleKind::AtMostOneOf(v) | RuleKind::AllOrNone(v) => {
            v.iter().collect()
        }
        RuleKind::RequiredIf { field, when } | RuleKind::MaxLengthIf { field, when, .. } => {
            vec![field, &when.field]
        }
        RuleKind::RequiredWith { fields, any_of, .. } => fields.iter().chain(any_of).collect(),
        RuleKind::OneOfRequiredWith { one_of, any_of, .. } => one_of.iter().chain(any_of).collect(),
    }
}

fn kind(k: &RuleKind) -> &'static str {
    match k {
        RuleKind::ExactlyOneOf(_) => "exactly_one_of",
        RuleKind::AtMostOneOf(_) => "at_most_one_of",
        RuleKind::AllOrNone(_) => "all_or_none",
        RuleKind::RequiredIf { .. } => "required_if",
        RuleKind::RequiredWith { negated: false, .. } => "required_with",
        RuleKind::RequiredWith { negated: true, .. } => "required_unless",
        RuleKind::MaxLengthIf { .. } => "max_length_if",
        RuleKind::OneOfRequiredWith { .. } => "one_of_required_with",
    }
}

/// The paths of the fields a rule names, as the rule writes them.
fn fields(k: &RuleKind) -> Vec<String> {
    refs(k).iter().map(|f| f.path.clone()).collect()
}

/// The wire names of fields of the object itself; `None` when one is inside a sub-object.
fn own(v: &[FieldRef]) -> Option<Vec<String>> {
    v.iter()
        .map(|f| f.leaf.is_none().then(|| f.head.wire.clone()))
        .collect()
}

/// Writes the rule in schema keywords when it can; whether it could.
fn express(k: &RuleKind, all_of: &mut Vec<Value>, dependent: &mut Map<String, Value>) -> bool {
    let req = |names: &[String]| -> Vec<Value> {
        names.iter().map(|n| json!({ "required": [n] })).collect()
    };
    match k {
        RuleKind::ExactlyOneOf(v) => own(v).map(|n| all_of.push(json!({ "oneOf": req(&n) }))),
        RuleKind::AtMostOneOf(v) => own(v).map(|n| all_of.push(at_most_one(&n))),
        RuleKind::AllOrNone(v) => own(v).map(|n| {
            for f in &n {
                let others: Vec<&String> = n.iter().filter(|o| *o != f).collect();
                add_dependent(dependent, f, &others);
            }
        }),
        RuleKind::RequiredWith {
            fields,
            any_of,
            negated: false,
            ..
        } => own(fields).zip(own(any_of)).map(|(fields, any_of)| {
            for a in &any_of {
                add_dependent(dependent, a, &fields.iter().collect::<Vec<_>>());
            }
        }),
        RuleKind::RequiredWith { negated: true, .. } => None,
        RuleKind::OneOfRequiredWith { one_of, any_of, .. } => {
            own(one_of).zip(own(any_of)).map(|(one_of, any_of)| {
                for a in &any_of {
                    let then = json!({ "anyOf": req(&one_of) });
                    all_of.push(json!({ "if": { "required": [a] }, "then": then }));
                }
            })
        }
        RuleKind::RequiredIf { field, when } => own(std::slice::from_ref(field))
            .zip(condition(when))
            .map(|(f, cond)| all_of.push(json!({ "if": cond, "then": { "required": f } }))),
        RuleKind::MaxLengthIf { field, max, when } => own(std::slice::from_ref(field))
            .zip(condition(when))
            .map(|(f, cond)| {
                let then = json!({ "properties": { (f[0].clone()): { "maxLength": max } } });
                all_of.push(json!({ "if": cond, "then": then }));
            }),
    }
    .is_some()
}

/// At most one of the names: each one, when given, leaves the others out (a property
/// schema of `false`), spelled without `not` so that generators can draw from it.
fn at_most_one(names: &[String]) -> Value {
    let mut excludes = Map::new();
    for a in names {
        let others: Map<String, Value> = names
            .iter()
            .filter(|b| *b != a)
            .map(|b| (b.clone(), json!(false)))
            .collect();
        excludes.insert(a.clone(), json!({ "properties": others }));
    }
    json!({ "dependentSchemas": excludes })
}

fn add_dependent(dependent: &mut Map<String, Value>, on: &str, needs: &[&String]) {
    let entry = dependent.entry(on.to_string()).or_insert_with(|| json!([]));
    if let Value::Array(list) = entry {
        for n in needs {
            if !list.contains(&json!(n)) {
                list.push(json!(n));
            }
        }
    }
}

/// A condition on a text field of the object itself: the field is present with (or
/// without) one of the values.
fn condition(c: &Condition) -> Option<Value> {
    if c.field.leaf.is_some() || !c.field.target().ty.is_text() && !is_enum(c) {
        return None;
    }
    let name = &c.field.head.wire;
    let values = json!({ "enum": c.values });
    let value = if c.negated {
        json!({ "not": values })
    } else {
        values
    };
    Some(json!({ "properties": { (name.clone()): value }, "required": [name] }))
}

fn is_enum(c: &Condition) -> bool {
    matches!(c.field.target().ty, crate::ir::Ty::Enum(_))
}
