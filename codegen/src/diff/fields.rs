//! Comparing fields: request parameters and the fields of objects (sub-forms, answers, the
//! callback). Matched by wire name.

use std::fmt::Display;

use super::model::{Item, What};
use super::order::{pair, Pair};
use super::record::{list, Diff, Draft};
use crate::ir::{DateFormat, Field, Sensitivity, Ty};

/// How the generated code uses a list of fields.
#[derive(Debug, Clone, Copy)]
pub(super) struct Role {
    /// "parameter" or "field", in reasons.
    pub noun: &'static str,
    /// Set through a typestate builder and checked by `validate`: a request parameter, or a
    /// field of an object sent in requests.
    pub sent: bool,
    /// Stored as an `Option` whatever `required` says: a field of an object read from
    /// answers.
    pub all_optional: bool,
}

impl Role {
    pub const PARAM: Role = Role {
        noun: "parameter",
        sent: true,
        all_optional: false,
    };

    pub fn object(in_request: bool, in_response: bool) -> Role {
        Role {
            noun: "field",
            sent: in_request,
            all_optional: in_response,
        }
    }
}

pub(super) const TIGHTENED: &str = "tightened: requests that validated may now be refused";
pub(super) const RELAXED: &str = "relaxed: every request that validated still does";
const UNCHECKED: &str = "answers are not validated: nothing changes for callers";

/// Every change between two lists of fields; `item` names a field by its wire name.
pub(super) fn fields(
    d: &mut Diff,
    role: Role,
    old: &[Field],
    new: &[Field],
    item: impl Fn(&str) -> Item,
) {
    for p in pair(old, new, |f| f.wire.clone()) {
        match p {
            Pair::Added(f) => added(d, role, &item(&f.wire), f),
            Pair::Removed(f) => removed(d, role, &item(&f.wire), f),
            Pair::Both(o, n) => field(d, role, &item(&n.wire), o, n),
        }
    }
}

fn added(d: &mut Diff, role: Role, item: &Item, f: &Field) {
    let (noun, name) = (role.noun, &f.rust);
    let draft = d.at(item, What::Added).now(describe(f));
    if role.sent && f.required {
        draft.breaking(
            "required: builders that do not set it no longer compile",
            format!("A new required {noun}: builders that do not set `{name}` no longer compile."),
        );
    } else if role.sent {
        draft.compatible(
            "a new optional setter",
            format!(
                "A new optional {noun}: a new setter `{name}`, and existing code keeps compiling."
            ),
        );
    } else {
        let t = stored_type(f, role);
        draft.compatible(
            "a new field of a non-exhaustive struct",
            format!("A new field `{name}: {t}`; the struct is non-exhaustive, so existing code keeps compiling."),
        );
    }
}

fn removed(d: &mut Diff, role: Role, item: &Item, f: &Field) {
    let (noun, name) = (role.noun, &f.rust);
    let draft = d.at(item, What::Removed).was(describe(f));
    if role.sent {
        draft.breaking(
            "its setter and field disappear",
            format!("The {noun} is gone: its setter and field `{name}` disappear, so code that sets or reads it no longer compiles."),
        );
    } else {
        draft.breaking(
            "the field disappears",
            format!("The field is gone: code that reads `{name}` no longer compiles."),
        );
    }
}

/// A field in both specs.
fn field(d: &mut Diff, role: Role, item: &Item, o: &Field, n: &Field) {
    ty(d, item, o, n);
    sensitive(d, item, o, n);
    required(d, role, item, o, n);
    currency(d, item, o, n);
    aliases(d, item, o, n);
    limits(d, role, item, o, n);
    brands(d, role, item, o, n);
    pattern(d, role, item, o, n);
}

fn ty(d: &mut Diff, item: &Item, o: &Field, n: &Field) {
    if o.ty == n.ty {
        return;
    }
    let (ot, nt) = (rust_type(&o.ty, o.sensitive), rust_type(&n.ty, n.sensitive));
    let (a, b) = (ty_text(&o.ty), ty_text(&n.ty));
    let effect = if ot == nt {
        format!("the Rust type stays `{nt}`, but values are checked and sent as {b}")
    } else {
        format!("its Rust type changes from `{ot}` to `{nt}`, so code that sets or reads it must change")
    };
    d.at(item, What::Type)
        .was(a.clone())
        .now(b.clone())
        .breaking(
            "its Rust type or wire format changes",
            format!("The type changed from {a} to {b}: {effect}."),
        );
}

fn sensitive(d: &mut Diff, item: &Item, o: &Field, n: &Field) {
    if o.sensitive == n.sensitive {
        return;
    }
    let text = |s: Option<Sensitivity>| s.map_or("no".to_string(), |s| s.variant().to_lowercase());
    let draft = d
        .at(item, What::Sensitive)
        .was(text(o.sensitive))
        .now(text(n.sensitive));
    if o.sensitive.is_some() && n.sensitive.is_some() {
        draft.compatible(
            "redacted as another kind of value",
            "Still redacted, as another kind of sensitive value: the API is unchanged.",
        );
        return;
    }
    let (ot, nt) = (rust_type(&o.ty, o.sensitive), rust_type(&n.ty, n.sensitive));
    draft.breaking(
        "its Rust type changes",
        format!(
            "The value's type changes from `{ot}` to `{nt}`, so code that reads it must change."
        ),
    );
}

fn required(d: &mut Diff, role: Role, item: &Item, o: &Field, n: &Field) {
    if o.required == n.required {
        return;
    }
    let word = |r: bool| if r { "required" } else { "optional" };
    let (ot, nt) = (stored_type(o, role), stored_type(n, role));
    let draft = d
        .at(item, What::Required)
        .was(word(o.required))
        .now(word(n.required));
    let retyped = format!("the struct field's type changes from `{ot}` to `{nt}`");
    match (n.required, role.sent, ot != nt) {
        (true, true, false) => draft.breaking(
            "builders must now set it",
            format!("Now required: builders that do not set `{}` no longer compile.", n.rust),
        ),
        (true, true, true) => draft.breaking(
            "builders must now set it",
            format!("Now required: builders that do not set `{}` no longer compile, and {retyped}.", n.rust),
        ),
        (false, true, true) => draft.breaking(
            "its type changes from `T` to `Option<T>`",
            format!("No longer required: builders no longer need `{}`, but {retyped}, so code that reads it must change.", n.rust),
        ),
        (false, true, false) => draft.compatible(
            "builders no longer need it",
            format!("No longer required: builders no longer need `{}`, and its type stays `{nt}`.", n.rust),
        ),
        (_, false, true) => draft.breaking(
            "its type changes",
            format!("Required-ness changed: {retyped}, so code that reads it must change."),
        ),
        (_, false, false) => draft.compatible(
            "no effect on the generated type",
            format!("Required-ness changed, but the field stays `{nt}`: answers keep every field optional."),
        ),
    }
}

/// The field carrying a money parameter's currency. (Where a parameter travels, path or
/// body, cannot change on its own: a path parameter is named in its endpoint's path, by
/// which endpoints are paired; and a field's Rust name is its wire name's, by which fields
/// are paired.)
fn currency(d: &mut Diff, item: &Item, o: &Field, n: &Field) {
    if o.currency_field != n.currency_field {
        let text = |c: &Option<String>| c.clone().unwrap_or_else(|| "none".to_string());
        let (a, b) = (text(&o.currency_field), text(&n.currency_field));
        d.at(item, What::CurrencyField)
            .values(o.currency_field.clone(), n.currency_field.clone())
            .breaking(
                "on the wire: the currency travels elsewhere",
                format!("The currency now travels in `{b}` instead of `{a}`: requests are written differently on the wire."),
            );
    }
}

/// The other names a server reads a parameter under: one change per alias added (servers
/// read one more spelling) or removed (servers no longer read it). Clients send the wire
/// name either way.
fn aliases(d: &mut Diff, item: &Item, o: &Field, n: &Field) {
    for a in n.aliases.iter().filter(|a| !o.aliases.contains(a)) {
        d.at(item, What::Alias).now(a).compatible(
            "servers also read this spelling",
            format!("Servers now also read `{a}` as `{}`; clients still send `{}`, and every request that decoded still does.", n.wire, n.wire),
        );
    }
    for a in o.aliases.iter().filter(|a| !n.aliases.contains(a)) {
        d.at(item, What::Alias).was(a).breaking(
            "servers no longer read this spelling",
            format!("Servers no longer read `{a}` as `{}`: a request that spells it `{a}` is no longer decoded into this field (clients send `{}` either way).", o.wire, o.wire),
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Lower,
    Upper,
}

fn limits(d: &mut Diff, role: Role, item: &Item, o: &Field, n: &Field) {
    use Bound::{Lower, Upper};
    bound(
        d,
        role,
        item,
        What::MinLength,
        (o.min_length, n.min_length),
        Lower,
    );
    bound(
        d,
        role,
        item,
        What::MaxLength,
        (o.max_length, n.max_length),
        Upper,
    );
    bound(d, role, item, What::Min, (o.min, n.min), Lower);
    bound(d, role, item, What::Max, (o.max, n.max), Upper);
    let mut brands: Vec<&str> = Vec::new();
    for p in pair(&o.per_brand, &n.per_brand, |b| b.brand.clone()) {
        let b = match p {
            Pair::Added(b) | Pair::Removed(b) | Pair::Both(_, b) => &b.brand,
        };
        if !brands.contains(&b.as_str()) {
            brands.push(b);
        }
    }
    // A brand's own limits replace the field's for that brand: compare what applies to it.
    for b in brands {
        let (ol, oh) = effective(o, b);
        let (nl, nh) = effective(n, b);
        bound(
            d,
            role,
            item,
            What::BrandMinLength(b.to_string()),
            (ol, nl),
            Lower,
        );
        bound(
            d,
            role,
            item,
            What::BrandMaxLength(b.to_string()),
            (oh, nh),
            Upper,
        );
    }
}

/// The length limits that apply to a field for one brand.
fn effective(f: &Field, brand: &str) -> (Option<u64>, Option<u64>) {
    f.per_brand
        .iter()
        .find(|b| b.brand == brand)
        .map_or((f.min_length, f.max_length), |b| {
            (b.min_length, b.max_length)
        })
}

/// A lower or upper bound that may have changed: tightened is breaking, relaxed compatible.
fn bound<T: Ord + Copy + Display>(
    d: &mut Diff,
    role: Role,
    item: &Item,
    what: What,
    (old, new): (Option<T>, Option<T>),
    kind: Bound,
) {
    let tightened = match (old, new) {
        _ if old == new => return,
        (None, _) => true,
        (_, None) => false,
        (Some(a), Some(b)) => (b < a) == (kind == Bound::Upper),
    };
    let name = what.to_string();
    let (a, b) = (old.map(|v| v.to_string()), new.map(|v| v.to_string()));
    let verdict = if tightened { "tightened" } else { "relaxed" };
    let phrase = match (&a, &b) {
        (Some(a), Some(b)) => format!("{name} {verdict} from {a} to {b}"),
        (None, Some(b)) => format!("{name} {b} is new ({verdict})"),
        (Some(a), None) => format!("{name} {a} is gone ({verdict})"),
        (None, None) => return,
    };
    constraint(d.at(item, what).values(a, b), role, tightened, &phrase);
}

/// Records a constraint that tightened or relaxed; `phrase` says how.
fn constraint(draft: Draft, role: Role, tightened: bool, phrase: &str) {
    if !role.sent {
        draft.compatible(
            UNCHECKED,
            format!("{phrase}; answers are not validated, so nothing changes for callers."),
        );
    } else if tightened {
        draft.breaking(
            TIGHTENED,
            format!("{phrase}: requests that validated may now be refused."),
        );
    } else {
        draft.compatible(
            RELAXED,
            format!("{phrase}: every request that validated still does."),
        );
    }
}

/// The brands whose documents have the field.
fn brands(d: &mut Diff, role: Role, item: &Item, o: &Field, n: &Field) {
    if o.brands == n.brands {
        return;
    }
    let mut universe: Vec<&str> = Vec::new();
    let gateway = d
        .new
        .brands
        .iter()
        .chain(&d.old.brands)
        .map(|b| b.id.as_str());
    let listed = o
        .brands
        .iter()
        .chain(&n.brands)
        .flatten()
        .map(String::as_str);
    for b in gateway.chain(listed) {
        if !universe.contains(&b) {
            universe.push(b);
        }
    }
    let allowed =
        |l: &Option<Vec<String>>, b: &str| l.as_ref().is_none_or(|l| l.iter().any(|x| x == b));
    let lost: Vec<&str> = universe
        .iter()
        .copied()
        .filter(|b| allowed(&o.brands, b) && !allowed(&n.brands, b))
        .collect();
    let gained: Vec<&str> = universe
        .iter()
        .copied()
        .filter(|b| !allowed(&o.brands, b) && allowed(&n.brands, b))
        .collect();
    if lost.is_empty() && gained.is_empty() {
        // Written differently (all brands listed, or none given): the same brands.
        return;
    }
    let text = |l: &Option<Vec<String>>| l.as_ref().map_or("all".to_string(), |l| list(l));
    let draft = d
        .at(item, What::Brands)
        .was(text(&o.brands))
        .now(text(&n.brands));
    if lost.is_empty() {
        let phrase = format!(
            "now documented for {} too, where the strict policy accepts it",
            list(&gained)
        );
        constraint(draft, role, false, &capitalise(&phrase));
    } else {
        let phrase = format!(
            "no longer documented for {}, where the strict policy now refuses it",
            list(&lost)
        );
        constraint(draft, role, true, &capitalise(&phrase));
    }
}

fn pattern(d: &mut Diff, role: Role, item: &Item, o: &Field, n: &Field) {
    let (a, b) = (
        o.pattern.as_ref().map(|p| p.source.clone()),
        n.pattern.as_ref().map(|p| p.source.clone()),
    );
    let phrase = match (&a, &b) {
        _ if a == b => return,
        (None, Some(b)) => format!("the pattern `{b}` is new"),
        (Some(a), Some(b)) => format!("the pattern changed from `{a}` to `{b}`"),
        (Some(a), None) => format!("the pattern `{a}` is gone"),
        (None, None) => return,
    };
    let tightened = b.is_some();
    constraint(
        d.at(item, What::Pattern).values(a, b),
        role,
        tightened,
        &capitalise(&phrase),
    );
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "required string", "optional Language".
pub(super) fn describe(f: &Field) -> String {
    let req = if f.required { "required" } else { "optional" };
    format!("{req} {}", ty_text(&f.ty))
}

/// A wire type in the spec's words.
pub(super) fn ty_text(t: &Ty) -> String {
    match t {
        Ty::String => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Amount => "amount".into(),
        Ty::Flag => "flag".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Date(f) => format!("date ({})", f.pattern()),
        Ty::Url => "url".into(),
        Ty::Email => "email".into(),
        Ty::Ip => "ip".into(),
        Ty::Money => "money".into(),
        Ty::ReturnCode => "return_code".into(),
        Ty::List(i) => format!("list of {}", ty_text(i)),
        Ty::Joined(n, sep) => format!("joined {n} ('{sep}')"),
        Ty::Enum(n) | Ty::Object(n) => n.clone(),
    }
}

/// The Rust type of a field's value, as the emitter writes it.
pub(super) fn rust_type(t: &Ty, sensitive: Option<Sensitivity>) -> String {
    if sensitive.is_some() {
        return "paybind::Sensitive".into();
    }
    match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => "String".into(),
        Ty::Integer => "i64".into(),
        Ty::Amount => "paybind::MinorUnits".into(),
        Ty::Money => "paybind::Money".into(),
        Ty::Flag | Ty::Boolean => "bool".into(),
        Ty::Date(DateFormat::DateTime14) => "paybind::DateTime".into(),
        Ty::Date(DateFormat::Date8) => "paybind::Date".into(),
        Ty::Date(DateFormat::YearMonth4) => "paybind::YearMonth".into(),
        Ty::ReturnCode => "ReturnCode".into(),
        Ty::List(i) => format!("Vec<{}>", rust_type(i, None)),
        Ty::Enum(n) | Ty::Object(n) => n.clone(),
        Ty::Joined(n, sep) => format!("paybind::encoding::Joined<{n}, {sep:?}>"),
    }
}

/// The field's type in its struct: optional fields (and every field of an answer) are
/// `Option`s.
pub(super) fn stored_type(f: &Field, role: Role) -> String {
    let t = rust_type(&f.ty, f.sensitive);
    if f.required && !role.all_optional {
        t
    } else {
        format!("Option<{t}>")
    }
}
