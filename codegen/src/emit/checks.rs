//! The checks a `check` method runs: each field's limits, then the cross-field rules.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, lit, Emitter};
use crate::ir::{reserved, Condition, Field, FieldRef, Rule, RuleKind, Ty};
use crate::pattern::Pattern;

impl Emitter<'_> {
    /// `check` statements for each field; `c` is the checker, `self` the value. Text and
    /// number checks read the field itself (an unset optional field passes them); the others
    /// run on its value `v` when it is set.
    pub(super) fn field_checks(&self, fields: &[Field]) -> TokenStream {
        let stmts = fields.iter().map(|f| {
            let n = ident(&f.rust);
            let direct = direct_checks(f, &quote!(&self.#n));
            let brands = brand_check(f);
            let check = value_check(f, &quote!(v));
            let on_value = match (check.is_empty(), f.required) {
                (true, true) => brands,
                (true, false) if brands.is_empty() => quote!(),
                (true, false) => quote! { if self.#n.is_some() { #brands } },
                (false, true) => quote! { { let v = &self.#n; #brands #check } },
                (false, false) => quote! { if let Some(v) = &self.#n { #brands #check } },
            };
            quote!(#direct #on_value)
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
            let (names, pres) = (
                fields.iter().map(|f| lit(&f.path)),
                fields.iter().map(present),
            );
            quote! {{
                let any_given = #(#given)||*;
                c.each_required_if(&[#(#names),*], &[#(#pres),*], #holds, #text);
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
    } else if f.leaf.is_none() {
        let h = ident(&f.head.rust);
        quote!(self.#h.is_some())
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

/// The checks that read the field `at` (`&self.field`, set or not): lengths (per brand
/// where the brands' documents differ), patterns, formats and ranges.
fn direct_checks(f: &Field, at: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => text_checks(f, at),
        Ty::Integer | Ty::Amount | Ty::Money => {
            let range = (f.min.is_some() || f.max.is_some()).then(|| {
                let limits = limits(
                    f.min.map(Literal::i64_unsuffixed),
                    f.max.map(Literal::i64_unsuffixed),
                );
                quote!(c.range(#w, #at, #limits);)
            });
            let length = (f.ty == Ty::Money).then(|| money_length(f, at));
            quote!(#range #length)
        }
        _ => quote!(),
    }
}

/// For a field only some brands' documents have: the check that the brand is one of them.
fn brand_check(f: &Field) -> TokenStream {
    let w = lit(&f.wire);
    f.brands.as_ref().map_or_else(TokenStream::new, |brands| {
        let b = brands.iter().map(|b| lit(b));
        quote!(c.documented_for_brand(#w, &[#(#b),*]);)
    })
}

/// Checks of one set value `v` (a reference to the field's Rust type).
fn value_check(f: &Field, v: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    match &f.ty {
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
        _ => quote!(),
    }
}

pub(super) fn opt<T: quote::ToTokens>(x: Option<T>) -> TokenStream {
    match x {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    }
}

/// Inclusive limits as a range: `..=128`, `2..=2`, `1..`.
fn limits(lo: Option<Literal>, hi: Option<Literal>) -> TokenStream {
    match (lo, hi) {
        (Some(lo), Some(hi)) => quote!(#lo..=#hi),
        (Some(lo), None) => quote!(#lo..),
        (None, Some(hi)) => quote!(..=#hi),
        (None, None) => quote!(..),
    }
}

/// A length bound as written in the generated code: no suffix.
fn bound(n: Option<u64>) -> TokenStream {
    opt(n.map(Literal::u64_unsuffixed))
}

/// Length (per brand where the brands' documents differ), pattern and format checks of the
/// text field `at`.
fn text_checks(f: &Field, at: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    let (lo, hi) = (bound(f.min_length), bound(f.max_length));
    let length = if !f.per_brand.is_empty() {
        let own = f.per_brand.iter().map(|b| {
            let (brand, lo, hi) = (lit(&b.brand), bound(b.min_length), bound(b.max_length));
            quote!((#brand, #lo, #hi))
        });
        quote!(c.length_by_brand(#w, #at, &[#(#own),*], #lo, #hi);)
    } else if f.min_length.is_some() || f.max_length.is_some() {
        let limits = limits(
            f.min_length.map(Literal::u64_unsuffixed),
            f.max_length.map(Literal::u64_unsuffixed),
        );
        quote!(c.length(#w, #at, #limits);)
    } else {
        quote!()
    };
    let pattern = f.pattern.as_ref().map(|p| {
        let table = pattern_const(p);
        quote!(c.pattern(#w, #at, &#table);)
    });
    let format = match f.ty {
        Ty::Url => quote!(c.url(#w, #at);),
        Ty::Email => quote!(c.email(#w, #at);),
        Ty::Ip => quote!(c.ip(#w, #at);),
        _ => quote!(),
    };
    quote!(#length #pattern #format)
}

/// The constant of a pattern's table in the gateway's `patterns` module: named by a
/// hash of its source, so that a pattern keeps its name whatever else the spec gains.
pub(super) fn pattern_const(p: &Pattern) -> TokenStream {
    let (module, name) = (ident(reserved::PATTERNS), pattern_name(p));
    quote!(#module::#name)
}

fn pattern_name(p: &Pattern) -> proc_macro2::Ident {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let hash = p.source.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    quote::format_ident!("P{hash:08X}")
}

/// The `patterns` module: each distinct pattern of the gateway's fields, once, as the table
/// the runtime matches with.
pub(super) fn patterns_module<'p>(patterns: impl Iterator<Item = &'p Pattern>) -> TokenStream {
    let mut by_name = std::collections::BTreeMap::new();
    for p in patterns {
        by_name.insert(pattern_name(p), p);
    }
    let consts = by_name.iter().map(|(name, p)| {
        let src = lit(&p.source);
        let d = lit(&format!(" `{}`", p.source));
        let atoms = p.atoms.iter().map(|a| {
            let ranges = a.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
            let (neg, min, max) = (a.negated, a.min, a.max);
            quote!(::paybind::validate::PatternAtom { ranges: &[#(#ranges),*], negated: #neg, min: #min, max: #max })
        });
        quote! {
            #[doc = #d]
            pub const #name: ::paybind::validate::Pattern = ::paybind::validate::Pattern { source: #src, atoms: &[#(#atoms),*] };
        }
    });
    let module = ident(reserved::PATTERNS);
    quote! {
        /// The patterns the fields' checks match, each once, named by a hash of its source.
        #[doc(hidden)]
        pub mod #module {
            #(#consts)*
        }
    }
}

/// A money amount's length, as written in major units.
fn money_length(f: &Field, at: &TokenStream) -> TokenStream {
    if f.min_length.is_none() && f.max_length.is_none() {
        return quote!();
    }
    let w = lit(&f.wire);
    let limits = limits(
        f.min_length.map(Literal::u64_unsuffixed),
        f.max_length.map(Literal::u64_unsuffixed),
    );
    quote!(c.major_length(#w, #at, #limits);)
}
