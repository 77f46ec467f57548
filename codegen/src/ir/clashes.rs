//! Generated names that meet: a spec type, enum or request type named like an item the
//! gateway's module has (every module, or every one with brands, a target or a callback) or
//! like a prelude name the generated code uses ([`super::reserved`]),
//! or two spec items whose generated items share a name (type `SaleBuilder` and the builder
//! of request `Sale`). Each is refused at the spec item's line, naming both.

use std::collections::BTreeMap;

use super::model::{Enum, Object, Op};
use super::reserved::{builder, builder_module, When, FIXED, PRELUDE};
use super::Lower;
use crate::error::Pos;
use crate::spec;

/// One item of the gateway module, and what it belongs to.
struct Named {
    name: String,
    /// What it is, for messages: "type `Client`", "the builder `SaleBuilder` of request
    /// type `Sale`".
    what: String,
    /// The spec item it comes from (line, key); `None` for an item of every module.
    at: Option<(Pos, String)>,
    /// A spec item's own name, rather than one derived from it (a builder, its module).
    own: bool,
}

impl<'s> Lower<'s> {
    /// Every item name the module will declare, spec items' own and derived; reports each
    /// name that meets an earlier one. Two spec items' own names that meet (a request type
    /// and a type, two request types) are reported where those are lowered.
    pub(super) fn check_item_names(&mut self, enums: &[Enum], objects: &[Object], ops: &[Op]) {
        let mut named: Vec<Named> = FIXED
            .iter()
            .filter(|f| self.has(f.when))
            .map(|f| fixed(f.name, &format!("the generated {} `{}`", f.what, f.name)))
            .chain(PRELUDE.iter().map(|name| {
                fixed(
                    name,
                    &format!("`{name}` of Rust's prelude, which the generated code uses"),
                )
            }))
            .collect();
        for e in enums {
            named.extend(self.type_item(&e.rust, "enum", false));
        }
        for o in objects {
            named.extend(self.type_item(&o.rust, "type", o.in_request));
        }
        for op in ops {
            named.extend(self.request_items(op));
        }
        let mut first: BTreeMap<&str, &Named> = BTreeMap::new();
        let mut found = Vec::new();
        for n in &named {
            match first.get(n.name.as_str()) {
                None => {
                    first.insert(&n.name, n);
                }
                Some(earlier) if earlier.own && n.own && earlier.at.is_some() => {}
                Some(earlier) => found.push(clash(n, earlier)),
            }
        }
        for (pos, key, message) in found {
            self.err(pos, &key, message);
        }
    }

    /// Whether the module has the fixed items of `when`.
    fn has(&self, when: When) -> bool {
        let g = &self.spec.gateway;
        match when {
            When::Always => true,
            When::Brands => !g.brands.is_empty(),
            When::Target => g.target.is_some(),
            When::Callback => g.callback.is_some(),
        }
    }

    /// A type of `types:` and, for one the caller builds, its builder and their module.
    fn type_item(&self, rust: &str, kind: &str, built: bool) -> Vec<Named> {
        let pos = self.type_def(rust).map(|t| t.pos).unwrap_or_default();
        let at = (pos, format!("types.{rust}"));
        owned_and_built(rust, &format!("{kind} `{rust}`"), at, built)
    }

    /// A request type, its builder and their module, at the endpoint, or the variant, it
    /// comes from.
    fn request_items(&self, op: &Op) -> Vec<Named> {
        let spec: &'s spec::Spec = self.spec;
        let at = spec
            .endpoints
            .iter()
            .filter(|e| e.path == op.path)
            .find_map(|e| {
                let v = e.variants.iter().find(|v| v.name == op.variant)?;
                let pos = if v.name.is_some() { v.pos } else { e.pos };
                Some((pos, e.key.clone()))
            })
            .unwrap_or_default();
        owned_and_built(&op.rust, &format!("request type `{}`", op.rust), at, true)
    }
}

fn fixed(name: &str, what: &str) -> Named {
    Named {
        name: name.to_string(),
        what: what.to_string(),
        at: None,
        own: true,
    }
}

/// An item of the spec, and with `built` its builder and the builder's state module.
fn owned_and_built(rust: &str, what: &str, at: (Pos, String), built: bool) -> Vec<Named> {
    let mut out = vec![Named {
        name: rust.to_string(),
        what: what.to_string(),
        at: Some(at.clone()),
        own: true,
    }];
    if built {
        let derived = |name: String, kind: &str| Named {
            what: format!("the {kind} `{name}` of {what}"),
            name,
            at: Some(at.clone()),
            own: false,
        };
        out.push(derived(builder(rust), "builder"));
        out.push(derived(builder_module(rust), "builder state module"));
    }
    out
}

/// The error for `later`, whose name `earlier` already has: at `later`'s spec item.
fn clash(later: &Named, earlier: &Named) -> (Pos, String, String) {
    let (pos, key) = later.at.clone().unwrap_or_default();
    let earlier_at = match &earlier.at {
        Some((p, _)) if p.line != pos.line => format!(" (line {})", p.line),
        _ => String::new(),
    };
    let name = &later.name;
    let advice = if earlier.at.is_some() {
        format!("the module cannot have two items named `{name}`; rename one")
    } else {
        format!("the module cannot have another item named `{name}`; rename the spec's item")
    };
    let message = format!(
        "{} clashes with {}{earlier_at}: {advice}",
        later.what, earlier.what
    );
    (pos, key, message)
}
