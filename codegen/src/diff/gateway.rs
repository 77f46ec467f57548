//! Comparing the gateway-wide items: settings, environments and brands, the target,
//! credentials, and the return codes.

use heck::ToSnakeCase;

use super::fields::rust_type;
use super::model::{Item, What};
use super::ops::WIRE;
use super::order::{pair, Pair};
use super::record::{list, Diff};
use crate::ir::{AnswerFormat, Brand, Category, Environment, Field, Place, Refusal, Target};

fn setting(name: &str) -> Item {
    Item::Gateway {
        setting: name.to_string(),
    }
}

pub(super) fn gateway(d: &mut Diff) {
    settings(d);
    wire_settings(d);
    environments(d);
    target(d);
    credentials(d);
}

/// What names the module and where it comes from.
fn settings(d: &mut Diff) {
    let (o, n) = (d.old, d.new);
    if o.id != n.id {
        let (a, b) = (&o.id, &n.id);
        d.at(&setting("id"), What::Value).was(a).now(b).breaking(
            "the module and cargo feature are renamed",
            format!("The gateway's module and cargo feature are renamed from `{a}` to `{b}`."),
        );
    }
    if o.source != n.source {
        d.at(&setting("source"), What::Value)
            .was(&o.source)
            .now(&n.source)
            .compatible(
                "generated from another document",
                "Generated from another provider document: `SOURCE` and the docs say so.",
            );
    }
    if o.tls13_only != n.tls13_only {
        let word = |only: bool| if only { "1.3 only" } else { "1.2 and up" };
        let reason = if n.tls13_only {
            "Calls now need TLS 1.3: a server offering only TLS 1.2 is refused."
        } else {
            "Calls accept TLS 1.2 again, as well as TLS 1.3."
        };
        d.at(&setting("tls"), What::Value)
            .was(word(o.tls13_only))
            .now(word(n.tls13_only))
            .compatible("the API is unchanged", reason);
    }
}

/// How answers and refusals are read, and the media type sent.
fn wire_settings(d: &mut Diff) {
    let (o, n) = (d.old, d.new);
    let answers = |a: AnswerFormat| match a {
        AnswerFormat::Json => "JSON",
        AnswerFormat::JsonCaseInsensitive => "JSON, keys in any case",
        AnswerFormat::Lines => "key=value lines",
    };
    if o.answers != n.answers {
        let (a, b) = (answers(o.answers), answers(n.answers));
        d.at(&setting("answers"), What::Value).was(a).now(b).breaking(
            WIRE,
            format!("Answers are now read as {b} instead of {a}: the two versions read the gateway's answers differently."),
        );
    }
    if o.media_type != n.media_type {
        d.at(&setting("media_type"), What::Value)
            .values(o.media_type.clone(), n.media_type.clone())
            .breaking(WIRE, "Requests are sent with another media type: the two versions write different headers.");
    }
    let (a, b) = (refusal(&o.refusal), refusal(&n.refusal));
    if a != b {
        d.at(&setting("refusal"), What::Value).was(a).now(b).breaking(
            WIRE,
            "Refusals are recognised differently: an answer one version takes for a refusal the other may not.",
        );
    }
}

/// `when ok in [0]; code code; message message`.
fn refusal(r: &Refusal) -> String {
    let when = if r.when_values.is_empty() {
        format!("{} present", r.when_key)
    } else {
        format!("{} in {}", r.when_key, list(&r.when_values))
    };
    format!(
        "when {when}; code {}; message {}",
        r.code_key, r.message_key
    )
}

fn environments(d: &mut Diff) {
    let (o, n) = (d.old, d.new);
    match (o.brands.is_empty(), n.brands.is_empty()) {
        (true, true) => envs(d, None, &o.environments, &n.environments),
        (false, false) => brands(d, &o.brands, &n.brands),
        (true, false) => d.at(&setting("brands"), What::Added).breaking(
            "clients are now built for a brand",
            "The gateway now has brands: `Client::new` and `Client::builder` take a `Brand`.",
        ),
        (false, true) => d.at(&setting("brands"), What::Removed).breaking(
            "`Brand` disappears",
            "The gateway no longer has brands: `Brand` disappears, and `Client::new` and `Client::builder` no longer take one.",
        ),
    }
}

fn envs(d: &mut Diff, brand: Option<&str>, old: &[Environment], new: &[Environment]) {
    let item = |e: &Environment| Item::Environment {
        brand: brand.map(str::to_string),
        name: e.rust.clone(),
    };
    for p in pair(old, new, |e| e.rust.clone()) {
        match p {
            Pair::Added(e) => d.at(&item(e), What::Added).now(&e.url).compatible(
                "a new variant of a non-exhaustive enum",
                format!("A new environment `Environment::{}`; the enum is non-exhaustive, so matches keep compiling.", e.rust),
            ),
            Pair::Removed(e) => d.at(&item(e), What::Removed).was(&e.url).breaking(
                "the variant disappears",
                format!("The environment `Environment::{}` disappears: code naming it no longer compiles.", e.rust),
            ),
            Pair::Both(a, b) if a.url != b.url => d.at(&item(b), What::Url).was(&a.url).now(&b.url).compatible(
                "calls go to another URL",
                format!("Calls to `Environment::{}` now go to {} instead of {}.", b.rust, b.url, a.url),
            ),
            Pair::Both(..) => {}
        }
    }
}

fn brands(d: &mut Diff, old: &[Brand], new: &[Brand]) {
    let item = |b: &Brand| Item::Brand { id: b.id.clone() };
    for p in pair(old, new, |b| b.id.clone()) {
        match p {
            Pair::Added(b) => d.at(&item(b), What::Added).now(&b.title).compatible(
                "a new variant of a non-exhaustive enum",
                format!("A new brand `Brand::{}`; the enum is non-exhaustive, so matches keep compiling.", b.rust),
            ),
            Pair::Removed(b) => d.at(&item(b), What::Removed).was(&b.title).breaking(
                "the variant disappears",
                format!("The brand `Brand::{}` disappears: code naming it no longer compiles.", b.rust),
            ),
            // A brand's Rust name is its id's, by which brands are paired: only its
            // environments can change.
            Pair::Both(a, b) => envs(d, Some(&b.id), &a.environments, &b.environments),
        }
    }
}

fn target(d: &mut Diff) {
    let text = |t: &Target| {
        let (e, g) = (&t.endpoint, &t.group);
        format!(
            "{}{{id}}{} or {}{{id}}{}",
            e.prefix, e.suffix, g.prefix, g.suffix
        )
    };
    let (a, b) = (
        d.old.target.as_ref().map(text),
        d.new.target.as_ref().map(text),
    );
    let draft = match (&a, &b) {
        _ if a == b => return,
        (None, _) => d.at(&setting("target"), What::Added),
        (_, None) => d.at(&setting("target"), What::Removed),
        _ => d.at(&setting("target"), What::Path),
    };
    match (&a, &b) {
        (None, _) => draft.values(a, b).breaking(
            "`Credentials::new` takes a target",
            "Calls now name a target: `Credentials::new` takes a `target: Target` argument.",
        ),
        (_, None) => draft.values(a, b).breaking(
            "`Target` disappears",
            "Calls no longer name a target: `Target` disappears and `Credentials::new` no longer takes one.",
        ),
        _ => draft.values(a, b).breaking(
            WIRE,
            "The URL suffix naming the target changed: the two versions call different URLs.",
        ),
    }
}

fn credentials(d: &mut Diff) {
    let (old, new) = (&d.old.credentials, &d.new.credentials);
    let item = |c: &Field| Item::Credential {
        wire: c.wire.clone(),
    };
    for p in pair(old, new, |c| c.wire.clone()) {
        match p {
            Pair::Added(c) => d.at(&item(c), What::Added).now(credential_text(c)).breaking(
                "`Credentials::new` takes a new argument",
                format!("A new credential: `Credentials::new` takes a new argument `{}`.", c.rust),
            ),
            Pair::Removed(c) => d.at(&item(c), What::Removed).was(credential_text(c)).breaking(
                "`Credentials::new` loses an argument",
                format!("The credential is gone: `Credentials::new` loses its argument `{}`, and the field disappears.", c.rust),
            ),
            Pair::Both(a, b) => credential(d, &item(b), a, b),
        }
    }
    let common = |xs: &[Field], ys: &[Field]| -> Vec<String> {
        xs.iter()
            .filter(|x| ys.iter().any(|y| y.wire == x.wire))
            .map(|x| x.wire.clone())
            .collect()
    };
    let (a, b) = (common(old, new), common(new, old));
    if a != b {
        d.at(&setting("credentials"), What::Order).was(list(&a)).now(list(&b)).breaking(
            "`Credentials::new` takes its arguments in another order",
            "`Credentials::new` takes its arguments in another order: calls still compile but pass values to the wrong credentials.",
        );
    }
}

/// A credential in both specs: its type and where it goes. (Its Rust name is its wire
/// name's, by which credentials are paired.)
fn credential(d: &mut Diff, it: &Item, a: &Field, b: &Field) {
    let (ta, tb) = (credential_type(a), credential_type(b));
    if ta != tb {
        d.at(it, What::Sensitive).was(&ta).now(&tb).breaking(
            "its field's type changes",
            format!("The credential's field changes from `{ta}` to `{tb}`, so code that reads it must change."),
        );
    }
    if a.place != b.place {
        let (pa, pb) = (place(a.place), place(b.place));
        d.at(it, What::Place).was(pa).now(pb).breaking(
            WIRE,
            format!(
                "The credential is now {pb} instead of {pa}: the two versions send it differently."
            ),
        );
    }
}

/// A credential's field type: secrets are `Sensitive`.
fn credential_type(c: &Field) -> String {
    if c.sensitive.is_some() {
        rust_type(&c.ty, c.sensitive)
    } else {
        "String".to_string()
    }
}

/// `key, sent in the form`.
fn credential_text(c: &Field) -> String {
    format!("{}, {}", c.rust, place(c.place))
}

fn place(p: Place) -> &'static str {
    match p {
        Place::Form => "sent in the form",
        Place::Nowhere => "never sent (it only signs)",
        Place::Bearer => "sent in the Authorization header",
        Place::Path => "sent in the endpoint paths",
    }
}

pub(super) fn codes(d: &mut Diff) {
    let (old, new) = (d.old, d.new);
    let item = |c: &crate::ir::Code| Item::ReturnCode {
        code: c.code.clone(),
    };
    for p in pair(&old.codes, &new.codes, |c| c.code.clone()) {
        match p {
            Pair::Added(c) => d.at(&item(c), What::Added).now(code_text(c)).compatible(
                "a new variant of a non-exhaustive enum",
                format!("A new return code `ReturnCode::{}`: answers with \"{}\" decode to it instead of `Unknown`; the enum is non-exhaustive, so matches keep compiling.", c.rust, c.code),
            ),
            Pair::Removed(c) => d.at(&item(c), What::Removed).was(code_text(c)).breaking(
                "the variant disappears",
                format!("The return code `ReturnCode::{}` disappears: code naming it no longer compiles, and \"{}\" decodes to `Unknown`.", c.rust, c.code),
            ),
            Pair::Both(a, b) => {
                if a.rust != b.rust {
                    d.at(&item(b), What::RustName).was(&a.rust).now(&b.rust).breaking(
                        "the variant is renamed",
                        format!("The return code `ReturnCode::{}` is renamed `ReturnCode::{}`.", a.rust, b.rust),
                    );
                }
                code_category(d, &item(b), a.category, b.category);
                code_description(d, &item(b), a, b);
            }
        }
    }
}

/// A return code's category: the API is unchanged, but `category()` and maybe
/// `is_success()` answer differently.
fn code_category(d: &mut Diff, it: &Item, a: Category, b: Category) {
    if a == b {
        return;
    }
    let success = match (a == Category::Success, b == Category::Success) {
        (false, true) => " and `is_success()` now returns true",
        (true, false) => " and `is_success()` now returns false",
        _ => "",
    };
    let (va, vb) = (a.variant(), b.variant());
    d.at(it, What::Category).was(category(a)).now(category(b)).compatible(
        "behaviour: `category()` answers differently",
        format!("`category()` now returns `ReturnCategory::{vb}` instead of `ReturnCategory::{va}`{success}: code that branches on it behaves differently."),
    );
}

/// A return code's description: `description()` answers differently, and code matching the
/// variant is unaffected.
fn code_description(d: &mut Diff, it: &Item, a: &crate::ir::Code, b: &crate::ir::Code) {
    if a.doc == b.doc {
        return;
    }
    d.at(it, What::Description).was(&a.doc).now(&b.doc).compatible(
        "`description()` returns the new text",
        format!(
            "The description of return code {} changed from {:?} to {:?}: `description()` returns the new text; code matching it keeps compiling.",
            b.code, a.doc, b.doc
        ),
    );
}

/// `ReturnCode::Busy, soft_decline`.
fn code_text(c: &crate::ir::Code) -> String {
    format!("ReturnCode::{}, {}", c.rust, category(c.category))
}

/// A category as the spec writes it: `soft_decline`.
fn category(c: Category) -> String {
    c.variant().to_snake_case()
}
