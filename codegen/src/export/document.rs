//! The document: info, servers, paths, webhooks, components and the gateway's extensions.

use serde_json::{json, Map, Value};

use crate::ir::{AnswerFormat, Callback};

use super::objects::{enumeration, object, object_schema, properties, refusal, return_codes};
use super::operations::{body_schema, paths};
use super::provenance::describe;
use super::schema::Side;
use super::security::{credentials, schemes, signature_field};
use super::Ctx;

/// The OpenAPI version written.
pub const OPENAPI: &str = "3.1.0";

pub fn document(ctx: &Ctx) -> Value {
    let g = ctx.g;
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI));
    doc.insert(
        "jsonSchemaDialect".into(),
        json!("https://spec.openapis.org/oas/3.1/dialect/base"),
    );
    doc.insert("info".into(), info(ctx));
    doc.insert("servers".into(), servers(ctx));
    doc.insert("paths".into(), Value::Object(paths(ctx)));
    if let Some(cb) = &g.callback {
        doc.insert("webhooks".into(), webhooks(ctx, cb));
    }
    doc.insert("components".into(), components(ctx));
    if let Some((name, _)) = schemes(g.bearer.as_ref()) {
        doc.insert("security".into(), json!([{ name: [] }]));
    }
    doc.insert("x-paybind-gateway".into(), gateway(ctx));
    doc.insert("x-paybind-credentials".into(), credentials(&g.credentials));
    doc.insert(
        "x-paybind-answer-encoding".into(),
        json!(answers(g.answers)),
    );
    if let Some(b) = ctx.brand {
        let brand = json!({ "id": b.id, "title": b.title, "sources": b.sources });
        doc.insert("x-paybind-brand".into(), brand);
    }
    Value::Object(doc)
}

fn info(ctx: &Ctx) -> Value {
    let g = ctx.g;
    let title = ctx
        .brand
        .map_or(g.title.clone(), |b| format!("{} ({})", g.title, b.title));
    let mut m = Map::new();
    m.insert("title".into(), json!(title));
    m.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    let mut doc = g.doc.trim().to_string();
    doc.push_str(&format!(
        "\n\nExported by paybind from spec/{}.yaml; source documents: {}.",
        g.id, g.source
    ));
    describe(&mut m, &doc);
    Value::Object(m)
}

fn servers(ctx: &Ctx) -> Value {
    let list: Vec<Value> = ctx
        .environments()
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("url".into(), json!(e.url));
            let doc = format!("{}: {}", e.rust, e.doc.trim());
            describe(&mut m, &doc);
            Value::Object(m)
        })
        .collect();
    json!(list)
}

fn gateway(ctx: &Ctx) -> Value {
    let g = ctx.g;
    json!({
        "id": g.id,
        "title": g.title,
        "sources": g.source,
        "tls-min": if g.tls13_only { "1.3" } else { "1.2" },
        "outcome-lookup": g.outcome_lookup_doc.trim(),
    })
}

fn answers(a: AnswerFormat) -> &'static str {
    match a {
        AnswerFormat::Json => "json",
        AnswerFormat::JsonCaseInsensitive => "json, keys matched without regard to case",
        AnswerFormat::Lines => "lines: form pairs, each value ending with a newline",
    }
}

fn components(ctx: &Ctx) -> Value {
    let g = ctx.g;
    let mut schemas = Map::new();
    for e in &g.enums {
        schemas.insert(e.rust.clone(), enumeration(e));
    }
    for o in &g.objects {
        schemas.insert(o.rust.clone(), object(ctx, o));
    }
    for op in &g.ops {
        schemas.insert(op.rust.clone(), body_schema(ctx, op));
    }
    if !g.codes.is_empty() {
        schemas.insert("ReturnCode".into(), return_codes(ctx));
    }
    schemas.insert("Refusal".into(), refusal(ctx));
    let mut m = Map::new();
    m.insert("schemas".into(), Value::Object(schemas));
    if let Some((name, scheme)) = schemes(g.bearer.as_ref()) {
        m.insert("securitySchemes".into(), json!({ name: scheme }));
    }
    Value::Object(m)
}

/// The callback the gateway sends: a form POST, with its signature.
fn webhooks(ctx: &Ctx, cb: &Callback) -> Value {
    let (mut props, _) = properties(ctx, &cb.object.fields, Side::Answer);
    props.insert(cb.signature.field.clone(), signature_field(&cb.signature));
    let schema = object_schema(props, vec![cb.signature.field.clone()], &cb.object.doc);
    let signed: Vec<&String> = cb.signed.iter().map(|f| &f.wire).collect();
    json!({
        "callback": {
            "post": {
                "operationId": "callback",
                "summary": "The gateway's callback",
                "requestBody": {
                    "required": true,
                    "content": { "application/x-www-form-urlencoded": { "schema": schema } },
                },
                "responses": { "200": { "description": "Received; the gateway retries otherwise." } },
                "x-paybind-signed-fields": signed,
            }
        }
    })
}
