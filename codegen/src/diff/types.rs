//! Comparing named types: objects (sub-forms and answers) with their fields and rules,
//! enums with their values, and the callback.

use super::fields::{fields, Role};
use super::model::{Item, What};
use super::ops::{signature, WIRE};
use super::order::{pair, Pair};
use super::record::Diff;
use super::rules::rules;
use crate::ir::{Enum, EnumValue, Object};

fn type_item(name: &str) -> Item {
    Item::Type {
        name: name.to_string(),
    }
}

pub(super) fn objects(d: &mut Diff) {
    let (old, new) = (d.old, d.new);
    for p in pair(&old.objects, &new.objects, |o| o.rust.clone()) {
        match p {
            Pair::Added(o) => d
                .at(&type_item(&o.rust), What::Added)
                .now(format!("object {}", role_text(o)))
                .compatible(
                    "a new type",
                    format!("A new type `{}`, {}.", o.rust, role_text(o)),
                ),
            Pair::Removed(o) => d
                .at(&type_item(&o.rust), What::Removed)
                .was(format!("object {}", role_text(o)))
                .breaking(
                    "the type disappears",
                    format!(
                        "The type `{}` disappears: code naming it no longer compiles.",
                        o.rust
                    ),
                ),
            Pair::Both(o, n) => object(d, o, n),
        }
    }
}

fn object(d: &mut Diff, o: &Object, n: &Object) {
    role(d, o, n);
    let object = n.rust.clone();
    let role = Role::object(n.in_request, n.in_response);
    fields(d, role, &o.fields, &n.fields, |w| Item::SubformField {
        object: object.clone(),
        wire: w.to_string(),
    });
    rules(d, &n.rust, &o.rules, &n.rules);
    outcome(d, o, n);
}

/// An answer's `outcome()`: gained (compatible), lost or decided otherwise (breaking: code
/// that matches on it may now take another branch for the same answer).
fn outcome(d: &mut Diff, o: &Object, n: &Object) {
    let text = |x: &Object| -> Vec<String> { x.outcome.iter().map(|c| c.text()).collect() };
    let (a, b) = (text(o), text(n));
    if a == b {
        return;
    }
    let draft = d
        .at(&type_item(&n.rust), What::Outcome)
        .was(if a.is_empty() {
            "none".to_string()
        } else {
            a.join("; ")
        })
        .now(if b.is_empty() {
            "none".to_string()
        } else {
            b.join("; ")
        });
    if a.is_empty() {
        draft.compatible(
            "the type gains `outcome()`",
            format!(
                "`{}` gains `outcome()`: what the answer means for the payment.",
                n.rust
            ),
        );
    } else if b.is_empty() {
        draft.breaking(
            "`outcome()` disappears",
            format!(
                "`{}::outcome()` disappears: code calling it no longer compiles.",
                n.rust
            ),
        );
    } else {
        draft.breaking(
            "the outcome of some answers changes",
            format!("`{}::outcome()` decides otherwise: the same answer may now mean another outcome, so code matching on it may take another branch.", n.rust),
        );
    }
}

/// "sent in requests", "read from answers".
fn role_text(o: &Object) -> &'static str {
    match (o.in_request, o.in_response) {
        (true, true) => "sent in requests and read from answers",
        (true, false) => "sent in requests",
        (false, true) => "read from answers",
        (false, false) => "neither sent nor read",
    }
}

/// Whether the object is sent in requests (a builder and `check`) and read from answers
/// (`Default`, decoding, every field optional).
fn role(d: &mut Diff, o: &Object, n: &Object) {
    let (a, b) = (role_text(o), role_text(n));
    if a == b {
        return;
    }
    let required = n.fields.iter().chain(&o.fields).any(|f| f.required);
    let mut effects: Vec<&str> = Vec::new();
    let mut breaking = false;
    match (o.in_request, n.in_request) {
        (false, true) => effects.push("it gains a builder and `check`"),
        (true, false) => {
            effects.push("its builder and `check` disappear");
            breaking = true;
        }
        _ => {}
    }
    match (o.in_response, n.in_response) {
        (false, true) => {
            effects.push("it gains `Default` and is decoded from answers");
            if required {
                effects.push("its required fields become `Option`s");
                breaking = true;
            }
        }
        (true, false) => {
            effects.push("`Default` and its answer decoding disappear");
            breaking = true;
            if required {
                effects.push("its required fields are no longer `Option`s");
            }
        }
        _ => {}
    }
    let reason = format!("The type is now {b} (it was {a}): {}.", effects.join("; "));
    let draft = d.at(&type_item(&n.rust), What::Role).was(a).now(b);
    if breaking {
        draft.breaking("what the type offers changes", reason);
    } else {
        draft.compatible("the type gains methods", reason);
    }
}

pub(super) fn enums(d: &mut Diff) {
    let (old, new) = (d.old, d.new);
    for p in pair(&old.enums, &new.enums, |e| e.rust.clone()) {
        match p {
            Pair::Added(e) => d
                .at(&type_item(&e.rust), What::Added)
                .now("enum")
                .compatible("a new type", format!("A new enum `{}`.", e.rust)),
            Pair::Removed(e) => d
                .at(&type_item(&e.rust), What::Removed)
                .was("enum")
                .breaking(
                    "the type disappears",
                    format!(
                        "The enum `{}` disappears: code naming it no longer compiles.",
                        e.rust
                    ),
                ),
            Pair::Both(o, n) => enumeration(d, o, n),
        }
    }
}

fn enumeration(d: &mut Diff, o: &Enum, n: &Enum) {
    if o.integer != n.integer {
        let word = |i: bool| if i { "JSON integers" } else { "strings" };
        let (a, b) = (word(o.integer), word(n.integer));
        d.at(&type_item(&n.rust), What::Integer).was(a).now(b).breaking(
            WIRE,
            format!("Its values now travel as {b} instead of {a}: the two versions write them differently."),
        );
    }
    let item = |v: &EnumValue| Item::EnumValue {
        r#enum: n.rust.clone(),
        wire: v.wire.clone(),
    };
    for p in pair(&o.values, &n.values, |v| v.wire.clone()) {
        match p {
            Pair::Added(v) => d.at(&item(v), What::Added).now(format!("{}::{}", n.rust, v.rust)).compatible(
                "a new variant: strict validation now accepts it",
                format!("A new variant `{}::{}`: strict validation now accepts \"{}\" in requests and answers decode it instead of `Unknown`; the enum is non-exhaustive, so matches keep compiling.", n.rust, v.rust, v.wire),
            ),
            Pair::Removed(v) => d.at(&item(v), What::Removed).was(format!("{}::{}", o.rust, v.rust)).breaking(
                "the variant disappears",
                format!("The variant `{}::{}` disappears: code naming it no longer compiles, and strict validation refuses \"{}\" in requests.", o.rust, v.rust, v.wire),
            ),
            Pair::Both(a, b) if a.rust != b.rust => d.at(&item(b), What::RustName).was(&a.rust).now(&b.rust).breaking(
                "the variant is renamed",
                format!("The variant `{}::{}` is renamed `{}::{}`.", n.rust, a.rust, n.rust, b.rust),
            ),
            Pair::Both(..) => {}
        }
    }
}

pub(super) fn callback(d: &mut Diff) {
    let (old, new) = (d.old, d.new);
    match (&old.callback, &new.callback) {
        (None, None) => {}
        (None, Some(c)) => d.at(&type_item(&c.object.rust), What::Added).compatible(
            "a new type and `Credentials::verify_callback`",
            format!(
                "A new type `{}` and `Credentials::verify_callback`.",
                c.object.rust
            ),
        ),
        (Some(c), None) => d.at(&type_item(&c.object.rust), What::Removed).breaking(
            "the type and `Credentials::verify_callback` disappear",
            format!(
                "The type `{}` and `Credentials::verify_callback` disappear.",
                c.object.rust
            ),
        ),
        (Some(o), Some(n)) => {
            object(d, &o.object, &n.object);
            let it = Item::Signature {
                owner: n.object.rust.clone(),
            };
            signature(
                d,
                &it,
                "callbacks",
                (Some(&o.signature), Some(&n.signature)),
            );
        }
    }
}
