//! Comparing endpoints (request types, matched by their path and variant key, never by
//! their Rust name: a renamed request type is a change of that endpoint) and signatures.

use super::fields::{capitalise, fields, Role};
use super::model::{Item, What};
use super::order::{pair, Pair};
use super::record::{list, Diff};
use super::rules::rules;
use crate::ir::{BodyKind, Lookup, Op, Part, Response, Signature};

/// A note for changes of the wire format.
pub(super) const WIRE: &str =
    "on the wire: clients and servers of the two versions no longer understand each other";

pub(super) fn endpoints(d: &mut Diff) {
    let (old, new) = (d.old, d.new);
    for p in pair(&old.ops, &new.ops, |op| {
        (op.path.clone(), op.variant.clone())
    }) {
        match p {
            Pair::Added(op) => d.at(&item(op), What::Added).compatible(
                "a new request type and client method",
                format!(
                    "A new request type `{}` and client method `Client::{}`.",
                    op.rust, op.method
                ),
            ),
            Pair::Removed(op) => d.at(&item(op), What::Removed).breaking(
                "its request type and client method disappear",
                format!(
                    "The request type `{}` and the client method `Client::{}` disappear.",
                    op.rust, op.method
                ),
            ),
            Pair::Both(o, n) => endpoint(d, o, n),
        }
    }
}

fn item(op: &Op) -> Item {
    Item::Endpoint {
        path: op.path.clone(),
        request: op.rust.clone(),
    }
}

/// An endpoint in both specs: its own settings, then its parameters, rules and signature.
fn endpoint(d: &mut Diff, o: &Op, n: &Op) {
    let it = item(n);
    call(d, &it, o, n);
    wire(d, &it, o, n);
    let request = n.rust.clone();
    fields(d, Role::PARAM, &o.params, &n.params, |w| Item::Parameter {
        request: request.clone(),
        wire: w.to_string(),
    });
    rules(d, &n.rust, &o.rules, &n.rules);
    let owner = Item::Signature {
        owner: n.rust.clone(),
    };
    let signatures = (o.signature.as_ref(), n.signature.as_ref());
    signature(d, &owner, "requests", signatures);
}

/// What the caller sees: the request type and client method, its answer, what a timeout
/// means.
fn call(d: &mut Diff, it: &Item, o: &Op, n: &Op) {
    if o.rust != n.rust {
        let (a, b) = (&o.rust, &n.rust);
        let method = if o.method == n.method {
            String::new()
        } else {
            format!(
                ", and its client method `Client::{}` is renamed `Client::{}`",
                o.method, n.method
            )
        };
        d.at(it, What::RustName).was(a).now(b).breaking(
            "the request type is renamed",
            format!("The request type `{a}` is renamed `{b}`{method}: code naming either no longer compiles."),
        );
    } else if o.method != n.method {
        let (a, b) = (&o.method, &n.method);
        d.at(it, What::ClientMethod).was(a).now(b).breaking(
            "the client method is renamed",
            format!("The client method `Client::{a}` is renamed `Client::{b}`."),
        );
    }
    let (a, b) = (response(&o.response), response(&n.response));
    if a != b {
        d.at(it, What::Response).was(&a).now(&b).breaking(
            "the client method returns another type",
            format!("The client method now returns `{b}` instead of `{a}`."),
        );
    }
    if o.moves_money != n.moves_money {
        let draft = d
            .at(it, What::MovesMoney)
            .was(o.moves_money.to_string())
            .now(n.moves_money.to_string());
        if n.moves_money {
            draft.compatible("a timeout now ends in `Error::OutcomeUnknown`", "The endpoint now moves money: a timeout ends in `Error::OutcomeUnknown`, which says how to look the outcome up.");
        } else {
            draft.compatible("a timeout is now a plain transport error", "The endpoint no longer moves money: a timeout is a plain transport error instead of `Error::OutcomeUnknown`.");
        }
    }
    let (a, b) = (o.lookup.as_ref().map(lookup), n.lookup.as_ref().map(lookup));
    if a != b {
        d.at(it, What::Lookup).values(a, b).compatible(
            "`Error::OutcomeUnknown` says to look it up elsewhere",
            "How to look up an unknown outcome changed: `Error::OutcomeUnknown` says so, and the API is unchanged.",
        );
    }
}

/// How the request travels: method, body, credentials (the path is what pairs endpoints).
fn wire(d: &mut Diff, it: &Item, o: &Op, n: &Op) {
    if o.http_method != n.http_method {
        let (a, b) = (o.http_method.as_str(), n.http_method.as_str());
        d.at(it, What::HttpMethod).was(a).now(b).breaking(
            WIRE,
            format!("The request is now sent with {b} instead of {a}: clients and servers of the two versions no longer meet."),
        );
    }
    if o.body != n.body {
        let (a, b) = (body(o.body), body(n.body));
        d.at(it, What::Body).was(a).now(b).breaking(
            WIRE,
            format!("The request body is now {b} instead of {a}: clients and servers of the two versions no longer understand each other."),
        );
    }
    let creds = |op: &Op| {
        op.form_credentials
            .iter()
            .map(|c| c.wire.clone())
            .collect::<Vec<_>>()
    };
    let (a, b) = (creds(o), creds(n));
    if a != b {
        d.at(it, What::Credentials).was(list(&a)).now(list(&b)).breaking(
            WIRE,
            "The request's form carries other credentials: clients and servers of the two versions no longer understand each other.",
        );
    }
}

/// A request's or the callback's signature (`what`: "requests", "callbacks"): any change of
/// what it covers is breaking on the wire, since the two versions compute different values.
pub(super) fn signature(
    d: &mut Diff,
    it: &Item,
    what: &str,
    (o, n): (Option<&Signature>, Option<&Signature>),
) {
    let (a, b) = (o.map(sig_text), n.map(sig_text));
    let (kind, reason) = match (&a, &b) {
        _ if a == b => return,
        (None, _) => (What::Added, format!("{} are now signed: a server of one version refuses what the other sends.", capitalise(what))),
        (_, None) => (What::Removed, format!("{} are no longer signed: a server of one version refuses what the other sends.", capitalise(what))),
        _ => (What::Parts, format!("{} are signed differently: a signature computed by one version does not verify with the other.", capitalise(what))),
    };
    d.at(it, kind)
        .values(a, b)
        .breaking(format!("on the wire: {what} signed differently"), reason);
}

/// `control = sha1(target_id + param client_orderid + credential key)`; a sorted-values
/// signature says its separator.
fn sig_text(s: &Signature) -> String {
    let mut parts: Vec<String> = Vec::new();
    if s.sorted_values.is_some() {
        parts.push("the other fields' values sorted by key".to_string());
    }
    parts.extend(s.parts.iter().map(|p| match p {
        Part::TargetId => "target_id".to_string(),
        Part::Field(f) => format!("param {}", f.wire),
        Part::Minor(f) => format!("minor_units {}", f.wire),
        Part::Currency(f) => format!("currency_of {}", f.wire),
        Part::Credential(f) => format!("credential {}", f.wire),
    }));
    let joined = parts.join(" + ");
    match &s.sorted_values {
        Some(sep) => format!("{} = sha1({joined}, joined by {sep:?})", s.field),
        None => format!("{} = sha1({joined})", s.field),
    }
}

fn response(r: &Response) -> String {
    match r {
        Response::Text => "String".to_string(),
        Response::Object(o) => o.clone(),
    }
}

fn lookup(l: &Lookup) -> String {
    format!("{} by {}", l.endpoint, l.name)
}

fn body(b: BodyKind) -> &'static str {
    match b {
        BodyKind::Form => "a form",
        BodyKind::Json => "a JSON object",
        BodyKind::Empty => "empty",
    }
}
