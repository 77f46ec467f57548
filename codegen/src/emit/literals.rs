//! Each constrained field's literal check: an associated constant that
//! `paybind::literal!` evaluates at compile time.

use proc_macro2::TokenStream;
use quote::quote;

use super::checks::{opt, pattern_table};
use super::{doc, ident, lit};
use crate::ir::{Field, LiteralOutput, LiteralRule};

/// `impl Type { const FIELD: Literal<...> }` for the fields that have a literal check.
pub(super) fn literal_consts(type_name: &str, fields: &[Field]) -> TokenStream {
    let consts: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| f.literal.as_ref().map(|r| literal_const(&f.wire, r)))
        .collect();
    if consts.is_empty() {
        return quote!();
    }
    let name = ident(type_name);
    quote! {
        impl #name { #(#consts)* }
    }
}

fn literal_const(wire: &str, r: &LiteralRule) -> TokenStream {
    let (name, d, w) = (ident(&r.name), doc(&r.doc), lit(wire));
    let output = match &r.output {
        LiteralOutput::Text => quote!(&'static str),
        LiteralOutput::Enum(e) => {
            let e = ident(e);
            quote!(#e)
        }
        LiteralOutput::Joined(e, sep) => {
            let e = ident(e);
            quote!(::paybind::encoding::Joined<#e, #sep>)
        }
    };
    let (lo, hi) = (opt(r.min_length), opt(r.max_length));
    let pattern = opt(r.pattern.as_ref().map(|p| {
        let table = pattern_table(p);
        quote!(&#table)
    }));
    let values = r.values.iter().map(|v| lit(v));
    let separator = opt(r.separator);
    let m = &r.messages;
    let (short, long, pat, val) = (
        lit(&m.too_short),
        lit(&m.too_long),
        lit(&m.pattern),
        lit(&m.value),
    );
    quote! {
        #d
        pub const #name: ::paybind::literal::Literal<#output> = ::paybind::literal::Literal {
            field: #w,
            min_length: #lo,
            max_length: #hi,
            pattern: #pattern,
            values: &[#(#values),*],
            separator: #separator,
            messages: ::paybind::literal::Messages {
                too_short: #short,
                too_long: #long,
                pattern: #pat,
                value: #val,
            },
            output: ::core::marker::PhantomData,
        };
    }
}
