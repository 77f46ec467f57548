//! Paths and operations: one path item per endpoint path (and, with a target, per endpoint
//! and per endpoint group), one operation per method, the variants of an endpoint as the
//! `oneOf` of their bodies.

use serde_json::{json, Map, Value};

use crate::ir::{AnswerFormat, BodyKind, Field, Op, PathPart, Response};

use super::objects::{is_object, object_schema, properties};
use super::provenance::{annotate, describe};
use super::rules::apply_rules;
use super::schema::{field_schema, reference, Side};
use super::security::signature_field;
use super::Ctx;

/// The ops grouped by path and method, in spec order.
fn grouped(ops: &[Op]) -> Vec<Vec<&Op>> {
    let mut groups: Vec<Vec<&Op>> = Vec::new();
    for op in ops {
        match groups
            .iter_mut()
            .find(|g| g[0].path == op.path && g[0].http_method == op.http_method)
        {
            Some(g) => g.push(op),
            None => groups.push(vec![op]),
        }
    }
    groups
}

/// The `paths` object.
pub fn paths(ctx: &Ctx) -> Map<String, Value> {
    let mut paths = Map::new();
    for group in grouped(&ctx.g.ops) {
        for (path, target) in urls(ctx, group[0]) {
            let item = paths.entry(path).or_insert_with(|| json!({}));
            let method = group[0].http_method.as_str().to_lowercase();
            if let Value::Object(item) = item {
                item.insert(method, operation(ctx, &group, target.as_ref()));
            }
        }
    }
    paths
}

/// The endpoint's URL paths: with a target, one by endpoint id and one by group id, each
/// with its path parameter.
fn urls(ctx: &Ctx, op: &Op) -> Vec<(String, Option<Value>)> {
    let base = format!("/{}", op.path);
    let Some(t) = &ctx.g.target else {
        return vec![(base, None)];
    };
    let one = |affix: &crate::ir::Affix, name: &str, doc: &str| {
        let path = format!("{base}{}{{{name}}}{}", affix.prefix, affix.suffix);
        let param = json!({
            "name": name, "in": "path", "required": true,
            "schema": { "type": "integer", "minimum": 0 },
            "description": format!("{doc} {}", t.doc.trim()),
            "x-paybind-target": name,
        });
        (path, Some(param))
    };
    vec![
        one(&t.endpoint, "endpointId", "The endpoint id (ENDPOINTID)."),
        one(
            &t.group,
            "endpointGroupId",
            "The endpoint group id (ENDPOINTGROUPID).",
        ),
    ]
}

/// The operation id: the client method, without a variant's suffix (`_v1`).
fn operation_id(group: &[&Op]) -> String {
    let op = group[0];
    match (&op.variant, group.len()) {
        (Some(v), 2..) => {
            let suffix = format!("_{}", crate::ir::snake(v));
            op.method
                .strip_suffix(&suffix)
                .unwrap_or(&op.method)
                .to_string()
        }
        _ => op.method.clone(),
    }
}

fn operation(ctx: &Ctx, group: &[&Op], target: Option<&Value>) -> Value {
    let op = group[0];
    let mut m = Map::new();
    let by_group = target.is_some_and(|t| t["name"] == "endpointGroupId");
    let suffix = if by_group { "_by_group" } else { "" };
    m.insert(
        "operationId".into(),
        json!(format!("{}{suffix}", operation_id(group))),
    );
    m.insert("summary".into(), json!(op.path));
    describe(&mut m, &op.doc);
    let params = parameters(ctx, op, target);
    if !params.is_empty() {
        m.insert("parameters".into(), json!(params));
    }
    if op.body != BodyKind::Empty {
        m.insert("requestBody".into(), request_body(ctx, group));
    }
    m.insert("responses".into(), responses(ctx, op));
    if op.moves_money {
        m.insert("x-paybind-moves-money".into(), json!(true));
    }
    if let Some(l) = &op.lookup {
        m.insert(
            "x-paybind-lookup".into(),
            json!({ "endpoint": l.endpoint, "by": l.name }),
        );
    }
    if group.len() > 1 {
        m.insert("x-paybind-variants".into(), json!(variants(group)));
    }
    annotate(&mut m, &op.provenance);
    Value::Object(m)
}

fn variants(group: &[&Op]) -> Vec<Value> {
    group
        .iter()
        .map(|op| {
            let mut m = Map::new();
            m.insert("variant".into(), json!(op.variant));
            m.insert("schema".into(), reference(&op.rust));
            describe(&mut m, &op.doc);
            annotate(&mut m, &op.provenance);
            Value::Object(m)
        })
        .collect()
}

/// The path parameters: credentials, parameters and the target id.
fn parameters(ctx: &Ctx, op: &Op, target: Option<&Value>) -> Vec<Value> {
    let mut out: Vec<Value> = op
        .path_parts
        .iter()
        .filter_map(|p| match p {
            PathPart::Literal(_) => None,
            PathPart::Credential(f) => Some(path_param(ctx, f, true)),
            PathPart::Param(f) => Some(path_param(ctx, f, false)),
        })
        .collect();
    out.extend(target.cloned());
    out
}

fn path_param(ctx: &Ctx, f: &Field, credential: bool) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(f.wire));
    m.insert("in".into(), json!("path"));
    m.insert("required".into(), json!(true));
    m.insert("schema".into(), field_schema(ctx, f, Side::Request));
    describe(&mut m, &f.doc);
    if credential {
        m.insert("x-paybind-credential".into(), json!(true));
    }
    Value::Object(m)
}

/// The component schema of one request body.
pub fn body_schema(ctx: &Ctx, op: &Op) -> Value {
    let body: Vec<Field> = op.params.iter().filter(|f| !f.in_path).cloned().collect();
    let (mut props, _) = properties(ctx, &op.form_credentials, Side::Request);
    let mut required: Vec<String> = props.keys().cloned().collect();
    for p in props.values_mut() {
        if let Value::Object(p) = p {
            p.insert("x-paybind-credential".into(), json!(true));
        }
    }
    let (params, params_required) = properties(ctx, &body, Side::Request);
    props.extend(params);
    required.extend(params_required);
    if let Some(s) = &op.signature {
        props.insert(s.field.clone(), signature_field(s));
        required.push(s.field.clone());
    }
    let mut m = object_schema(props, required, &op.doc);
    apply_rules(ctx, &mut m, &op.rules);
    m.insert("x-paybind-encoding".into(), json!(encoding_name(op.body)));
    annotate(&mut m, &op.provenance);
    Value::Object(m)
}

fn encoding_name(b: BodyKind) -> &'static str {
    match b {
        BodyKind::Form => "form",
        BodyKind::Json => "json",
        BodyKind::Empty => "none",
    }
}

fn request_body(ctx: &Ctx, group: &[&Op]) -> Value {
    let op = group[0];
    let schema = match group {
        [one] => reference(&one.rust),
        _ => json!({ "oneOf": group.iter().map(|o| reference(&o.rust)).collect::<Vec<_>>() }),
    };
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    let media_type = match op.body {
        BodyKind::Form => {
            let enc = sub_forms(ctx, group);
            if !enc.is_empty() {
                media.insert("encoding".into(), Value::Object(enc));
            }
            "application/x-www-form-urlencoded".to_string()
        }
        _ => json_media(ctx),
    };
    json!({ "required": true, "content": { media_type: media } })
}

/// The form fields sent as JSON text (sub-forms).
fn sub_forms(ctx: &Ctx, group: &[&Op]) -> Map<String, Value> {
    let mut enc = Map::new();
    for f in group.iter().flat_map(|op| &op.params) {
        if is_object(&f.ty) && ctx.has(f) {
            enc.insert(f.wire.clone(), json!({ "contentType": "application/json" }));
        }
    }
    enc
}

fn json_media(ctx: &Ctx) -> String {
    ctx.g
        .media_type
        .clone()
        .unwrap_or_else(|| "application/json".into())
}

/// The answer's media type, as the documents give it.
fn answer_media(ctx: &Ctx) -> String {
    match ctx.g.answers {
        AnswerFormat::Lines => "text/html".into(),
        _ => json_media(ctx),
    }
}

/// The answer, or the refusal; a 4XX status carries a refusal. A text answer (a
/// character string) is sent as text, its refusal in the answers' own media type.
fn responses(ctx: &Ctx, op: &Op) -> Value {
    let media = answer_media(ctx);
    let content = match &op.response {
        Response::Text => json!({
            "text/plain": { "schema": { "type": "string" } },
            media.clone(): { "schema": reference("Refusal") },
        }),
        Response::Object(name) => {
            let either = json!({ "anyOf": [reference(name), reference("Refusal")] });
            json!({ media.clone(): { "schema": either } })
        }
    };
    json!({
        "200": {
            "description": "The answer, or a refusal (x-paybind-refusal tells them apart).",
            "content": content,
        },
        "4XX": {
            "description": "A refusal.",
            "content": { media: { "schema": reference("Refusal") } },
        },
    })
}
