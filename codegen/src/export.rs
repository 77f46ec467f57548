//! `paybind spec export --openapi`: a gateway as an OpenAPI 3.1 document (JSON Schema
//! 2020-12), built from the IR, for the tools of other languages.
//!
//! What the schema language can say goes into schemas: types, lengths (counted in characters,
//! as the spec counts them), patterns, values, ranges, formats, required-ness, and the rules
//! it can express (`oneOf`, `not`, `dependentRequired`, `dependentSchemas`, `if`/`then`).
//! The rest goes into `x-paybind-*` extensions ([`EXTENSIONS`] lists them): every rule in
//! words, signatures, brands, sensitivity, return code categories and each item's provenance.
//!
//! The output is deterministic: objects are `serde_json` maps (sorted keys), lists keep the
//! spec's order.

mod context;
mod document;
mod error;
mod objects;
mod operations;
mod provenance;
mod rules;
mod schema;
mod security;

pub use context::{Ctx, EXTENSIONS};
pub use error::ExportError;

use serde_json::Value;

use crate::ir::Gateway;

/// The OpenAPI document of a gateway; `brand` picks one brand of a white-labelled gateway
/// (required there, refused elsewhere).
pub fn openapi(g: &Gateway, brand: Option<&str>) -> Result<Value, ExportError> {
    let ctx = Ctx::new(g, brand)?;
    Ok(document::document(&ctx))
}

/// [`openapi`] as pretty-printed JSON text, ending with a newline.
pub fn openapi_text(g: &Gateway, brand: Option<&str>) -> Result<String, ExportError> {
    let doc = openapi(g, brand)?;
    let mut text =
        serde_json::to_string_pretty(&doc).map_err(|e| ExportError::Encode(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// The brand ids of a gateway, in spec order: one export each (empty: one export).
pub fn brands(g: &Gateway) -> Vec<String> {
    g.brands.iter().map(|b| b.id.clone()).collect()
}

/// The file an export is kept under in `openapi/`: `{gateway}.json`, or
/// `{gateway}-{brand}.json` for one brand of a white-labelled gateway.
pub fn file_name(g: &Gateway, brand: Option<&str>) -> String {
    match brand {
        Some(b) => format!("{}-{b}.json", g.id),
        None => format!("{}.json", g.id),
    }
}

/// Every export of a gateway: one per brand, or one. Each with its file name and text.
pub fn all(g: &Gateway) -> Result<Vec<(String, String)>, ExportError> {
    let brands = brands(g);
    let picks: Vec<Option<&str>> = if brands.is_empty() {
        vec![None]
    } else {
        brands.iter().map(|b| Some(b.as_str())).collect()
    };
    picks
        .into_iter()
        .map(|b| Ok((file_name(g, b), openapi_text(g, b)?)))
        .collect()
}
