//! Each constrained field's literal check: an associated constant that
//! `paybind::literal!` evaluates at compile time.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::checks::pattern_const;
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
    let (name, d) = (ident(&r.name), doc(&r.doc));
    let (output, expr) = rule(wire, r);
    quote! {
        #d
        pub const #name: #output = #expr;
    }
}

/// A literal check's type and the expression of its rules.
fn rule(wire: &str, r: &LiteralRule) -> (TokenStream, TokenStream) {
    let w = lit(wire);
    let output = match &r.output {
        LiteralOutput::Text => quote!(::paybind::literal::Text),
        LiteralOutput::Enum(e) => {
            let e = ident(e);
            quote!(::paybind::literal::Literal<#e>)
        }
        LiteralOutput::Joined(e, sep) => {
            let e = ident(e);
            quote!(::paybind::literal::Literal<::paybind::encoding::Joined<#e, #sep>>)
        }
    };
    let mut rules = Vec::new();
    if let Some(lo) = r.min_length {
        let (lo, m) = (Literal::u64_unsuffixed(lo), lit(&r.messages.too_short));
        rules.push(quote!(.min_length(#lo, #m)));
    }
    if let Some(hi) = r.max_length {
        let (hi, m) = (Literal::u64_unsuffixed(hi), lit(&r.messages.too_long));
        rules.push(quote!(.max_length(#hi, #m)));
    }
    if let Some(p) = &r.pattern {
        let (table, m) = (pattern_const(p), lit(&r.messages.pattern));
        rules.push(quote!(.pattern(&#table, #m)));
    }
    if !r.values.is_empty() {
        let (values, m) = (r.values.iter().map(|v| lit(v)), lit(&r.messages.value));
        rules.push(quote!(.values(&[#(#values),*], #m)));
    }
    if let Some(sep) = r.separator {
        rules.push(quote!(.separator(#sep)));
    }
    (output, quote!(::paybind::literal::of(#w) #(#rules)*))
}
