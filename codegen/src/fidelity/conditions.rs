//! Where a document's condition is modelled: the fields some rule can make required. A
//! row the document marks conditional ("Mandatory for 3DS V2", PaynetEasy's `Conditional`,
//! S-money's `O*`) whose field is optional must be one of them, or the condition is
//! dropped.

use std::collections::BTreeSet;

use crate::ir::{FieldRef, Gateway, Rule, RuleKind, Ty};

/// `(owner, wire)` of every field a rule can make required: a parameter named by a rule of
/// its endpoint, an object's field named by a rule of the object or by a dotted rule
/// (`Delivery.email`) of whatever holds the object. The owner is the request type's or the
/// object's Rust name.
pub(super) fn conditioned(g: &Gateway) -> BTreeSet<(String, String)> {
    let owned = g
        .ops
        .iter()
        .map(|o| (o.rust.as_str(), &o.rules))
        .chain(g.objects.iter().map(|o| (o.rust.as_str(), &o.rules)));
    let mut out = BTreeSet::new();
    for (owner, rules) in owned {
        for f in rules.iter().flat_map(requirable) {
            match (&f.leaf, &f.head.ty) {
                (None, _) => out.insert((owner.to_string(), f.head.wire.clone())),
                (Some(leaf), Ty::Object(o)) => out.insert((o.clone(), leaf.wire.clone())),
                (Some(_), _) => false,
            };
        }
    }
    out
}

/// The fields a rule can make required: every field of an "exactly one" or "all or none",
/// the field of `required_if`, the fields of `required_with` / `required_unless`, the
/// `one_of` of `one_of_required_with`. "At most one" and `max_length_if` require nothing.
fn requirable(r: &Rule) -> Vec<&FieldRef> {
    match &r.kind {
        RuleKind::ExactlyOneOf(f) | RuleKind::AllOrNone(f) => f.iter().collect(),
        RuleKind::RequiredIf { field, .. } => vec![field],
        RuleKind::RequiredWith { fields, .. } => fields.iter().collect(),
        RuleKind::OneOfRequiredWith { one_of, .. } => one_of.iter().collect(),
        RuleKind::AtMostOneOf(_) | RuleKind::MaxLengthIf { .. } => Vec::new(),
    }
}
