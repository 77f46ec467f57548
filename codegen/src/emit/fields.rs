//! What each field needs: its Rust type, its checks, its encoding, its serde helpers, its doc.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::*;

/// Checks of one value `v` (a reference to the field's Rust type).
pub(super) fn value_check(f: &Field, v: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    let opt_u = |x: Option<u64>| match x {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    };
    let opt_i = |x: Option<i64>| match x {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    };
    let text = if f.sensitive.is_some() {
        quote!(#v.expose())
    } else {
        quote!(#v.as_str())
    };
    let mut out = Vec::new();
    if let Some(brands) = &f.brands {
        let b = brands.iter().map(|b| lit(b));
        out.push(quote!(c.documented_for_brand(#w, &[#(#b),*]);));
    }
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
            if !f.per_brand.is_empty() {
                let arms = f.per_brand.iter().map(|(b, lo, hi, _)| {
                    let b = lit(b);
                    let (lo, hi) = (opt_u(*lo), opt_u(*hi));
                    quote!(Some(#b) => c.length(#w, #text, #lo, #hi),)
                });
                let (lo, hi) = (opt_u(f.min_length), opt_u(f.max_length));
                out.push(quote! {
                    match c.brand() {
                        #(#arms)*
                        _ => c.length(#w, #text, #lo, #hi),
                    }
                });
            } else if f.min_length.is_some() || f.max_length.is_some() {
                let (lo, hi) = (opt_u(f.min_length), opt_u(f.max_length));
                out.push(quote!(c.length(#w, #text, #lo, #hi);));
            }
            if let Some(p) = &f.pattern {
                let src = lit(&p.source);
                let atoms = p.atoms.iter().map(|a| {
                    let ranges = a.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                    let (neg, min, max) = (a.negated, a.min, a.max);
                    quote!(::paybind::validate::PatternAtom { ranges: &[#(#ranges),*], negated: #neg, min: #min, max: #max })
                });
                out.push(quote! {
                    static PATTERN: ::paybind::validate::Pattern = ::paybind::validate::Pattern { source: #src, atoms: &[#(#atoms),*] };
                    c.pattern(#w, #text, &PATTERN);
                });
            }
            match f.ty {
                Ty::Url => out.push(quote!(c.url(#w, #text);)),
                Ty::Email => out.push(quote!(c.email(#w, #text);)),
                Ty::Ip => out.push(quote!(c.ip(#w, #text);)),
                _ => {}
            }
        }
        Ty::Integer | Ty::Amount | Ty::Money => {
            if f.min.is_some() || f.max.is_some() {
                let (lo, hi) = (opt_i(f.min), opt_i(f.max));
                let val = match f.ty {
                    Ty::Amount => quote!(#v.get()),
                    Ty::Money => quote!(#v.minor()),
                    _ => quote!(*#v),
                };
                out.push(quote!(c.range(#w, #val, #lo, #hi);));
            }
        }
        Ty::Enum(e) => {
            let e = ident(e);
            out.push(quote!(c.documented(#w, #v.is_documented(), #e::DOCUMENTED);));
        }
        Ty::Joined(e, _) => {
            let e = ident(e);
            out.push(quote! {
                for item in &#v.0 {
                    c.documented(#w, item.is_documented(), #e::DOCUMENTED);
                }
            });
        }
        Ty::Object(_) => {
            out.push(quote! {
                c.enter(#w);
                #v.check(c);
                c.leave();
            });
        }
        Ty::List(inner) if matches!(**inner, Ty::Object(_)) => {
            out.push(quote! {
                for item in #v {
                    c.enter(#w);
                    item.check(c);
                    c.leave();
                }
            });
        }
        Ty::Flag | Ty::Boolean | Ty::Date(_) | Ty::ReturnCode | Ty::List(_) => {}
    }
    quote!(#(#out)*)
}

/// Writes one value `v` into the form `body`.
pub(super) fn encode_value(f: &Field, endpoint: &Literal) -> TokenStream {
    let w = lit(&f.wire);
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
            if f.sensitive.is_some() {
                quote!(body.str(#w, v.expose());)
            } else {
                quote!(body.str(#w, v);)
            }
        }
        Ty::Integer => quote!(body.int(#w, *v);),
        Ty::Amount => quote!(body.int(#w, v.get());),
        Ty::Money => match &f.currency_field {
            Some(cf) => {
                let cf = lit(cf);
                quote! {
                    body.str(#w, &v.major_string());
                    body.str(#cf, v.currency().code());
                }
            }
            None => quote!(body.str(#w, &v.major_string());),
        },
        Ty::Flag => quote!(body.flag(#w, *v);),
        Ty::Boolean => quote!(body.bool(#w, *v);),
        Ty::Date(_) => quote!(body.display(#w, v);),
        Ty::Enum(_) | Ty::ReturnCode | Ty::Joined(..) => quote!(body.str(#w, &v.to_string());),
        Ty::Object(_) | Ty::List(_) => quote! {
            body.json(#w, v).map_err(|source| ::paybind::EncodeError::new(#endpoint, #w, source))?;
        },
    }
}

pub(super) fn sensitivity(s: Sensitivity) -> TokenStream {
    let v = ident(s.variant());
    quote!(::paybind::Sensitivity::#v)
}

pub(super) fn rust_type(t: &Ty, sensitive: Option<Sensitivity>) -> TokenStream {
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
        Ty::ReturnCode => quote!(ReturnCode),
        Ty::List(i) => {
            let i = rust_type(i, None);
            quote!(Vec<#i>)
        }
        Ty::Enum(n) | Ty::Object(n) => {
            let n = ident(n);
            quote!(#n)
        }
        Ty::Joined(n, sep) => {
            let n = ident(n);
            quote!(::paybind::wire::Joined<#n, #sep>)
        }
    }
}

/// The setter's argument type and the expression turning `value` into the stored type.
pub(super) fn setter_arg(t: &Ty, sensitive: Option<Sensitivity>) -> (TokenStream, TokenStream) {
    if let Some(s) = sensitive {
        let k = sensitivity(s);
        return (
            quote!(impl Into<String>),
            quote!(::paybind::Sensitive::new(#k, value)),
        );
    }
    match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
            (quote!(impl Into<String>), quote!(value.into()))
        }
        Ty::Amount => (
            quote!(impl Into<::paybind::MinorUnits>),
            quote!(value.into()),
        ),
        other => (rust_type(other, None), quote!(value)),
    }
}

/// The `deserialize_with` path for an optional answer field, if it needs one.
pub(super) fn deserializer(t: &Ty, sensitive: Option<Sensitivity>) -> Option<String> {
    let f = match (t, sensitive) {
        (_, Some(Sensitivity::Secret)) => "deserialize_opt_secret",
        (_, Some(Sensitivity::Token)) => "deserialize_opt_token",
        (_, Some(Sensitivity::CardNumber)) => "deserialize_opt_card_number",
        (_, Some(Sensitivity::Cvv)) => "deserialize_opt_cvv",
        (Ty::String | Ty::Url | Ty::Email | Ty::Ip, None) => "deserialize_opt_string",
        (Ty::Integer, None) => "deserialize_opt_i64",
        (Ty::Amount, None) => "deserialize_opt_minor",
        (Ty::Flag | Ty::Boolean, None) => "deserialize_opt_flag",
        (Ty::Date(_) | Ty::Enum(_) | Ty::ReturnCode | Ty::Joined(..), None) => {
            "deserialize_opt_parsed"
        }
        (Ty::List(_), None) => "deserialize_opt_list",
        (Ty::Money, None) => "deserialize_opt_parsed",
        (Ty::Object(_), None) => return None,
    };
    Some(format!("::paybind::wire::{f}"))
}

/// The `deserialize_with` path for a required request field, if it needs one.
pub(super) fn required_deserializer(t: &Ty, sensitive: Option<Sensitivity>) -> Option<String> {
    let f = match (t, sensitive) {
        (_, Some(Sensitivity::Secret)) => "deserialize_secret",
        (_, Some(Sensitivity::Token)) => "deserialize_token",
        (_, Some(Sensitivity::CardNumber)) => "deserialize_card_number",
        (_, Some(Sensitivity::Cvv)) => "deserialize_cvv",
        (Ty::Flag | Ty::Boolean, None) => "deserialize_flag",
        (Ty::Money, None) => "deserialize_parsed",
        (Ty::Integer, None) => "deserialize_i64",
        _ => return None,
    };
    Some(format!("::paybind::wire::{f}"))
}

/// A field's doc: its text, then its wire name and documented constraints.
pub(super) fn field_doc(f: &Field) -> String {
    let mut parts = Vec::new();
    parts.push(format!("wire name `{}`", f.wire));
    if f.required {
        parts.push("required".to_string());
    }
    match (f.min_length, f.max_length) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b} characters")),
        (Some(a), None) => parts.push(format!("at least {a} characters")),
        (None, Some(b)) => parts.push(format!("at most {b} characters")),
        (None, None) => {}
    }
    match (f.min, f.max) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b}")),
        (Some(a), None) => parts.push(format!("at least {a}")),
        (None, Some(b)) => parts.push(format!("at most {b}")),
        (None, None) => {}
    }
    if let Some(p) = &f.pattern {
        parts.push(format!("pattern `{}`", p.source));
    }
    if let Ty::Date(d) = &f.ty {
        let fmt = crate::spec::DateFormat::ALL
            .iter()
            .find(|(_, x)| x == d)
            .map_or("", |(n, _)| *n);
        parts.push(format!("format `{fmt}`"));
    }
    if f.ty == Ty::Amount {
        parts.push("in minor units (cents)".to_string());
    }
    if let Some(s) = f.sensitive {
        parts.push(format!(
            "sensitive ({}): redacted in `Debug`",
            s.variant().to_lowercase()
        ));
    }
    let text = f.doc.trim_end();
    let sep = if text.ends_with('.') || text.is_empty() {
        ""
    } else {
        "."
    };
    format!("{text}{sep}\n\n{}.", capitalise(&parts.join("; ")))
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
