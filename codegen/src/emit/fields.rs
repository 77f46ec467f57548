//! What each field needs: its Rust type, its setter, its serde helpers, its doc.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::implied::Implied;
use crate::ir::{DateFormat, Field, Sensitivity, Ty};

pub(super) fn sensitivity(s: Sensitivity) -> TokenStream {
    let v = ident(s.variant());
    quote!(::paybind::Sensitivity::#v)
}

/// The Rust type of a field's value.
pub(super) fn rust_type(t: &Ty, sensitive: Option<Sensitivity>) -> TokenStream {
    rust_type_from(t, sensitive, &quote!())
}

/// The Rust type of a field's value, the gateway's own types (enums, objects, `ReturnCode`)
/// named through `at` (`super::` from a module inside the gateway's).
pub(super) fn rust_type_from(
    t: &Ty,
    sensitive: Option<Sensitivity>,
    at: &TokenStream,
) -> TokenStream {
    if sensitive.is_some() {
        return quote!(::paybind::Sensitive);
    }
    match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Amount => quote!(::paybind::MinorUnits),
        Ty::Money => quote!(::paybind::Money),
        Ty::Flag | Ty::Boolean => quote!(bool),
        Ty::Date(DateFormat::DateTime14) => quote!(::paybind::DateTime),
        Ty::Date(DateFormat::Date8) => quote!(::paybind::Date),
        Ty::Date(DateFormat::YearMonth4) => quote!(::paybind::YearMonth),
        Ty::ReturnCode => quote!(#at ReturnCode),
        Ty::List(i) => {
            let i = rust_type_from(i, None, at);
            quote!(Vec<#i>)
        }
        Ty::Enum(n) | Ty::Object(n) => {
            let n = ident(n);
            quote!(#at #n)
        }
        Ty::Joined(n, sep) => {
            let n = ident(n);
            quote!(::paybind::encoding::Joined<#at #n, #sep>)
        }
    }
}

/// The field's type as stored in its struct: optional fields are `Option`s.
pub(super) fn stored_type(f: &Field) -> TokenStream {
    let t = rust_type(&f.ty, f.sensitive);
    if f.required {
        t
    } else {
        quote!(Option<#t>)
    }
}

/// The setter's argument type and the expression turning `value` into the stored type.
pub(super) fn setter_arg(t: &Ty, sensitive: Option<Sensitivity>) -> (TokenStream, TokenStream) {
    if let Some(s) = sensitive {
        let k = sensitivity(s);
        return (quote!(impl ::paybind::IntoText), quote!(#k.wrap(value)));
    }
    match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => (
            quote!(impl ::paybind::IntoText),
            quote!(::paybind::IntoText::into_text(value)),
        ),
        Ty::Amount => (
            quote!(impl Into<::paybind::MinorUnits>),
            quote!(value.into()),
        ),
        other => (rust_type(other, None), quote!(value)),
    }
}

/// The serde `with` module (in `paybind::wire`, imported as `wire`) of an optional field,
/// if it needs one: it reads the field as the gateways write it and writes it back.
pub(super) fn codec(t: &Ty, sensitive: Option<Sensitivity>) -> Option<String> {
    if let Some(s) = sensitive {
        return Some(format!("wire::opt_{}", s.spec_name()));
    }
    let m = match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => "opt_string",
        Ty::Integer => "opt_i64",
        Ty::Amount => "opt_minor",
        Ty::Flag => "opt_flag",
        Ty::Boolean => "opt_bool",
        Ty::Date(_) | Ty::Enum(_) | Ty::ReturnCode | Ty::Joined(..) | Ty::Money => "opt_parsed",
        Ty::List(_) => "opt_list",
        Ty::Object(_) => return None,
    };
    Some(format!("wire::{m}"))
}

/// The serde `with` module of a required field, if it needs one.
pub(super) fn required_codec(t: &Ty, sensitive: Option<Sensitivity>) -> Option<String> {
    if let Some(s) = sensitive {
        return Some(format!("wire::{}", s.spec_name()));
    }
    let m = match t {
        Ty::Flag => "flag",
        Ty::Boolean => "boolean",
        Ty::Money => "parsed",
        Ty::Integer => "integer",
        _ => return None,
    };
    Some(format!("wire::{m}"))
}

/// The `with` module of a field as its struct stores it.
pub(super) fn field_codec(f: &Field) -> Option<String> {
    if f.required {
        required_codec(&f.ty, f.sensitive)
    } else {
        codec(&f.ty, f.sensitive)
    }
}

/// A field's doc: its text, then a paragraph of its wire name and documented constraints
/// and (on its own line) its provenance.
pub(super) fn field_doc(f: &Field, implied: Option<&Implied>) -> String {
    let text = f.doc.trim_end();
    let sep = if text.ends_with('.') || text.is_empty() {
        ""
    } else {
        "."
    };
    let facts = format!("{text}{sep}\n\n{}.", capitalise(&facts(f).join("; ")));
    let covered = Implied::covers(implied, &f.provenance, &f.wire);
    let provenance = super::provenance_beyond(&f.provenance, covered);
    if provenance.is_empty() {
        facts
    } else {
        format!("{facts}\n{provenance}")
    }
}

/// The wire name and documented constraints of a field, in words.
fn facts(f: &Field) -> Vec<String> {
    let mut parts = vec![format!("wire name `{}`", f.wire)];
    if !f.aliases.is_empty() {
        let names: Vec<String> = f.aliases.iter().map(|a| format!("`{a}`")).collect();
        parts.push(format!(
            "also read as {} by servers (the client sends `{}`)",
            names.join(", "),
            f.wire
        ));
    }
    if f.required {
        parts.push("required".to_string());
    }
    parts.extend(range(" characters", f.min_length, f.max_length));
    parts.extend(range("", f.min, f.max));
    if let Some(p) = &f.pattern {
        parts.push(format!("pattern `{}`", p.source));
    }
    if let Ty::Date(d) = &f.ty {
        parts.push(format!("format `{}`", d.pattern()));
    }
    if f.ty == Ty::Amount {
        parts.push("in minor units (cents)".to_string());
    }
    if let Some(s) = f.sensitive {
        let kind = s.variant().to_lowercase();
        parts.push(format!("sensitive ({kind}): redacted in `Debug`"));
    }
    parts
}

fn range<T: std::fmt::Display>(unit: &str, lo: Option<T>, hi: Option<T>) -> Option<String> {
    Some(match (lo, hi) {
        (Some(a), Some(b)) => format!("{a} to {b}{unit}"),
        (Some(a), None) => format!("at least {a}{unit}"),
        (None, Some(b)) => format!("at most {b}{unit}"),
        (None, None) => return None,
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// How most fields of a struct are named on the wire, as serde's container attribute
/// `rename_all` says it: a field that follows it needs no `rename` of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// The wire name is the Rust name.
    Same,
    Camel,
    Pascal,
}

impl Naming {
    /// The rule most of `fields` follow (read as they are written), `Same` on a tie.
    pub(super) fn of(fields: &[Field]) -> Naming {
        let count = |n: Naming| fields.iter().filter(|f| n.names(f)).count();
        [Naming::Same, Naming::Camel, Naming::Pascal]
            .into_iter()
            .rev()
            .max_by_key(|n| count(*n))
            .unwrap_or(Naming::Same)
    }

    /// Whether serde's rule gives `f` its wire name, both ways.
    pub(super) fn names(self, f: &Field) -> bool {
        f.read_as == f.wire && self.apply(&f.rust) == f.wire
    }

    /// The wire name serde's rule makes of a Rust field name (serde's own algorithm).
    fn apply(self, rust: &str) -> String {
        let mut pascal = String::new();
        let mut capitalize = true;
        for ch in rust.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        match self {
            Naming::Same => rust.to_string(),
            Naming::Pascal => pascal,
            Naming::Camel => {
                pascal[..pascal.len().min(1)].to_ascii_lowercase() + &pascal[pascal.len().min(1)..]
            }
        }
    }

    /// The container's `rename_all`, if the rule is not `Same`.
    pub(super) fn rename_all(self) -> TokenStream {
        match self {
            Naming::Same => quote!(),
            Naming::Camel => quote!(, rename_all = "camelCase"),
            Naming::Pascal => quote!(, rename_all = "PascalCase"),
        }
    }
}
