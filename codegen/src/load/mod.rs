//! Reads a YAML node tree into the spec model.
//!
//! Loading is strict: an unknown key, a value of the wrong shape or an unknown type name is
//! an error naming the file, line and key. Errors are collected, not stopped at, so that one
//! run reports everything it can.
//!
//! Each part of the spec has its reader, named for what it reads: `read` holds the shared
//! ones (mappings, scalars, required and optional keys, names picked from a table);
//! `gateway`, `types`, `fields`, `rules` and `endpoints` the readers of each section.

use crate::error::SpecErrors;
use crate::spec::*;
use crate::yaml::{self, Node};

use read::{Cx, Entry, Map};

mod endpoints;
mod fields;
mod gateway;
mod outcome;
mod payments;
mod read;
mod rules;
mod types;

/// The spec language version this generator reads.
pub const LANGUAGE_VERSION: &str = "1";

/// The keys of a spec file.
const SPEC_KEYS: &[&str] = &[
    "paybind",
    "gateway",
    "types",
    "params",
    "rules",
    "endpoints",
    "payments",
];

/// Loads and checks the shape of one spec file's text.
pub fn load_str(file: &str, source: &str) -> Result<Spec, SpecErrors> {
    let root = yaml::parse(file, source)?;
    let mut cx = Cx {
        file,
        errors: Vec::new(),
    };
    let spec = cx.spec(&root);
    match spec {
        Some(s) if cx.errors.is_empty() => Ok(s),
        _ => {
            if cx.errors.is_empty() {
                cx.err(root.pos, "", "the spec could not be read");
            }
            Err(SpecErrors(cx.errors))
        }
    }
}

impl Cx<'_> {
    fn spec(&mut self, root: &Node) -> Option<Spec> {
        let m = self.map(root, "", SPEC_KEYS)?;
        self.language_version(&m);
        let gateway = self.req(&m, "gateway").and_then(|n| self.gateway(n));
        let types = m.get("types").map(|n| self.types(n));
        let params = m.get("params").map(|n| self.fields(n, "params"));
        let rule_sets = m.get("rules").map(|n| self.rule_sets(n));
        let endpoints = self.req(&m, "endpoints").map(|n| self.endpoints(n));
        let payments = m.get("payments").and_then(|n| self.payments(n));
        Some(Spec {
            file: self.file.to_string(),
            gateway: gateway?,
            types: types.unwrap_or_default(),
            params: params.unwrap_or_default(),
            rule_sets: rule_sets.unwrap_or_default(),
            endpoints: endpoints.unwrap_or_default(),
            payments,
        })
    }

    /// `paybind:`, the spec language version the file is written in.
    fn language_version(&mut self, m: &Map<'_>) {
        let Some(v) = self.req_str(m, "paybind") else {
            return;
        };
        if v != LANGUAGE_VERSION {
            let pos = m.get("paybind").map_or(m.pos, |n| n.pos);
            let msg = format!("spec language version `{v}` is not supported; this generator reads version {LANGUAGE_VERSION}");
            self.err(pos, "paybind", msg);
        }
    }
}
