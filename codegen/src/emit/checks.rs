//! The checks a `check` method runs: each field's limits, then the cross-field rules.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit, Emitter};
use crate::ir::{Condition, Field, FieldRef, Rule, RuleKind, Ty};
use crate::pattern::Pattern;

impl Emitter<'_> {
    /// `check` statements for each field; `c` is the checker, `self` the value.
    pub(super) fn field_checks(&self, fields: &[Field]) -> TokenStream {
        let stmts = fields.iter().map(|f| {
            let n = ident(&f.rust);
            let check = value_check(f, &quote!(v));
            if check.is_empty() {
                quote!()
            } else if f.required {
                quote! { { let v = &self.#n; #check } }
            } else {
                quote! { if let Some(v) = &self.#n { #check } }
            }
        });
        quote!(#(#stmts)*)
    }

    pub(super) fn rule_checks(&self, rules: &[Rule]) -> TokenStream {
        let stmts = rules.iter().map(|r| rule_check(&r.kind));
        quote!(#(#stmts)*)
    }
}

fn rule_check(kind: &RuleKind) -> TokenStream {
    match kind {
        RuleKind::ExactlyOneOf(f) => group(quote!(exactly_one_of), f),
        RuleKind::AtMostOneOf(f) => group(quote!(at_most_one_of), f),
        RuleKind::AllOrNone(f) => group(quote!(all_or_none), f),
        RuleKind::RequiredWith {
            fields,
            any_of,
            negated,
            text,
        } => {
            let given = any_of.iter().map(present);
            let holds = if *negated {
                quote!(!any_given)
            } else {
                quote!(any_given)
            };
            let text = lit(text);
            let each = fields.iter().map(|f| {
                let (w, p) = (lit(&f.path), present(f));
                quote!(c.required_if(#w, #p, #holds, #text);)
            });
            quote! {{
                let any_given = #(#given)||*;
                #(#each)*
            }}
        }
        RuleKind::OneOfRequiredWith {
            one_of,
            any_of,
            text,
        } => {
            let given = any_of.iter().map(present);
            let names = one_of.iter().map(|f| lit(&f.path));
            let pres = one_of.iter().map(present);
            let text = lit(text);
            quote! {{
                let any_given = #(#given)||*;
                c.one_of_required_if(&[#(#names),*], &[#(#pres),*], any_given, #text);
            }}
        }
        RuleKind::RequiredIf { field, when } => {
            let (w, p) = (lit(&field.path), present(field));
            let (holds, text) = (condition(when), lit(&when.text));
            quote!(c.required_if(#w, #p, #holds, #text);)
        }
        RuleKind::MaxLengthIf { field, max, when } => {
            let (w, v) = (lit(&field.path), wire_value(field));
            let (holds, text) = (condition(when), lit(&when.text));
            quote!(c.max_length_if(#w, #v, #max, #holds, #text);)
        }
    }
}

fn group(method: TokenStream, fields: &[FieldRef]) -> TokenStream {
    let names = fields.iter().map(|f| lit(&f.path));
    let pres = fields.iter().map(present);
    quote!(c.#method(&[#(#names),*], &[#(#pres),*]);)
}

fn condition(when: &Condition) -> TokenStream {
    let v = wire_value(&when.field);
    let vals = when.values.iter().map(|x| lit(x));
    let test = quote!(matches!(#v, Some(#(#vals)|*)));
    if when.negated {
        quote!(!#test)
    } else {
        test
    }
}

/// An `Option<&T>` expression reaching the field from `self`.
fn access(f: &FieldRef) -> TokenStream {
    let h = ident(&f.head.rust);
    let Some(leaf) = &f.leaf else {
        return if f.head.required {
            quote!(Some(&self.#h))
        } else {
            quote!(self.#h.as_ref())
        };
    };
    let l = ident(&leaf.rust);
    match (f.head.required, leaf.required) {
        (true, true) => quote!(Some(&self.#h.#l)),
        (true, false) => quote!(self.#h.#l.as_ref()),
        (false, true) => quote!(self.#h.as_ref().map(|o| &o.#l)),
        (false, false) => quote!(self.#h.as_ref().and_then(|o| o.#l.as_ref())),
    }
}

fn present(f: &FieldRef) -> TokenStream {
    if f.always_present() {
        quote!(true)
    } else {
        let e = access(f);
        quote!(#e.is_some())
    }
}

/// An `Option<&str>` of the field's wire value.
fn wire_value(f: &FieldRef) -> TokenStream {
    let p = f.target();
    let as_str = match p.ty {
        Ty::Enum(_) => quote!(x.as_str()),
        Ty::Boolean => quote!(if *x { "true" } else { "false" }),
        Ty::Flag => quote!(if *x { "1" } else { "0" }),
        Ty::String | Ty::Url | Ty::Email | Ty::Ip if p.sensitive.is_some() => quote!(x.expose()),
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => quote!(x.as_str()),
        _ => quote!(""),
    };
    let n = ident(&p.rust);
    if f.leaf.is_none() && f.always_present() {
        quote!(Some({ let x = &self.#n; #as_str }))
    } else if f.leaf.is_none() && p.ty.is_text() && p.sensitive.is_none() {
        quote!(self.#n.as_deref())
    } else {
        let e = access(f);
        quote!(#e.map(|x| #as_str))
    }
}

/// Checks of one value `v` (a reference to the field's Rust type).
fn value_check(f: &Field, v: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    let brands = f.brands.as_ref().map(|brands| {
        let b = brands.iter().map(|b| lit(b));
        quote!(c.documented_for_brand(#w, &[#(#b),*]);)
    });
    let typed = match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => text_checks(f, v),
        Ty::Integer | Ty::Amount => range_check(f, v),
        Ty::Money => {
            let (range, length) = (range_check(f, v), money_length(f, v));
            quote!(#range #length)
        }
        Ty::Enum(e) => {
            let e = ident(e);
            quote!(c.documented(#w, #v.is_documented(), #e::DOCUMENTED);)
        }
        Ty::Joined(e, _) => {
            let e = ident(e);
            quote! {
                for item in &#v.0 {
                    c.documented(#w, item.is_documented(), #e::DOCUMENTED);
                }
            }
        }
        Ty::Object(_) => quote! {
            c.enter(#w);
            #v.check(c);
            c.leave();
        },
        Ty::List(inner) if matches!(**inner, Ty::Object(_)) => quote! {
            for item in #v {
                c.enter(#w);
                item.check(c);
                c.leave();
            }
        },
        Ty::Flag | Ty::Boolean | Ty::Date(_) | Ty::ReturnCode | Ty::List(_) => quote!(),
    };
    quote!(#brands #typed)
}

pub(super) fn opt<T: quote::ToTokens>(x: Option<T>) -> TokenStream {
    match x {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    }
}

/// Length (per brand where the brands' documents differ), pattern and format checks.
fn text_checks(f: &Field, v: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    let text = if f.sensitive.is_some() {
        quote!(#v.expose())
    } else {
        quote!(#v.as_str())
    };
    let (lo, hi) = (opt(f.min_length), opt(f.max_length));
    let length = if !f.per_brand.is_empty() {
        let arms = f.per_brand.iter().map(|b| {
            let (brand, lo, hi) = (lit(&b.brand), opt(b.min_length), opt(b.max_length));
            quote!(Some(#brand) => c.length(#w, #text, #lo, #hi),)
        });
        quote! {
            match c.brand() {
                #(#arms)*
                _ => c.length(#w, #text, #lo, #hi),
            }
        }
    } else if f.min_length.is_some() || f.max_length.is_some() {
        quote!(c.length(#w, #text, #lo, #hi);)
    } else {
        quote!()
    };
    let pattern = f.pattern.as_ref().map(|p| {
        let table = pattern_table(p);
        quote! {
            static PATTERN: ::paybind::validate::Pattern = #table;
            c.pattern(#w, #text, &PATTERN);
        }
    });
    let format = match f.ty {
        Ty::Url => quote!(c.url(#w, #text);),
        Ty::Email => quote!(c.email(#w, #text);),
        Ty::Ip => quote!(c.ip(#w, #text);),
        _ => quote!(),
    };
    quote!(#length #pattern #format)
}

/// A pattern as the static table the runtime matches with.
pub(super) fn pattern_table(p: &Pattern) -> TokenStream {
    let src = lit(&p.source);
    let atoms = p.atoms.iter().map(|a| {
        let ranges = a.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
        let (neg, min, max) = (a.negated, a.min, a.max);
        quote!(::paybind::validate::PatternAtom { ranges: &[#(#ranges),*], negated: #neg, min: #min, max: #max })
    });
    quote!(::paybind::validate::Pattern { source: #src, atoms: &[#(#atoms),*] })
}

/// A money amount's length, as written in major units.
fn money_length(f: &Field, v: &TokenStream) -> TokenStream {
    if f.min_length.is_none() && f.max_length.is_none() {
        return quote!();
    }
    let w = lit(&f.wire);
    let (lo, hi) = (opt(f.min_length), opt(f.max_length));
    quote!(c.length(#w, #v.major_text().as_str(), #lo, #hi);)
}

fn range_check(f: &Field, v: &TokenStream) -> TokenStream {
    if f.min.is_none() && f.max.is_none() {
        return quote!();
    }
    let w = lit(&f.wire);
    let (lo, hi) = (opt(f.min), opt(f.max));
    let val = match f.ty {
        Ty::Amount => quote!(#v.get()),
        Ty::Money => quote!(#v.minor()),
        _ => quote!(*#v),
    };
    quote!(c.range(#w, #val, #lo, #hi);)
}
