//! Callbacks that must not be trusted are refused: for every gateway whose spec has a
//! callback, a forged one (wrong key, no signature), an altered one (any signed field changed
//! after signing), a truncated one, one with a duplicated parameter. A replayed callback
//! verifies (it is the gateway's own, sent again): the merchant handles it idempotently, with
//! the `Callback::idempotency_key` the test checks here.
//!
//! Callbacks are signed here from the IR (`paybind_codegen`), independently of the generated
//! `verify_callback`, so a signed field added to a spec is covered without editing the test.

use std::collections::BTreeMap;

use paybind::signature::{sha1_hex, sha1_hex_sorted};
use paybind_codegen::ir::{self, Part};

/// The signature the gateway would send for `pairs` (wire name, value), as the IR says.
pub(crate) fn sign(
    _g: &ir::Gateway,
    cb: &ir::Callback,
    pairs: &[(String, String)],
    creds: &BTreeMap<String, String>,
) -> String {
    let value = |wire: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == wire)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let parts: Vec<String> = cb
        .signature
        .parts
        .iter()
        .map(|p| match p {
            Part::Field(f) => value(&f.wire),
            Part::Credential(c) => creds[&c.wire].clone(),
            other => panic!("a callback signed over {other:?}: teach this test"),
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match &cb.signature.sorted_values {
        Some(sep) => sha1_hex_sorted(pairs, &cb.signature.field, sep, &parts),
        None => sha1_hex(&parts),
    }
}

/// Pairs as a form body.
pub(crate) fn encode(pairs: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}
