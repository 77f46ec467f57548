//! `Summary` for requests, sub-forms and answers: each field by its wire name, in spec
//! order; the runtime skips what is not set and redacts what is sensitive.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit};
use crate::ir::Field;

/// `impl Summary` for a struct with these fields (the runtime makes every `Summary` a
/// `SummaryValue`, shown in braces when nested in another object); an answer with an
/// `outcome()` shows it first, as `outcome=...`.
pub(super) fn summary_impl(name: &str, fields: &[Field], outcome: bool) -> TokenStream {
    let ty = ident(name);
    let first = outcome.then(|| quote!(s.field("outcome", &self.outcome());));
    let lines = fields.iter().map(|f| {
        let (wire, rust) = (lit(&f.wire), ident(&f.rust));
        quote!(s.field(#wire, &self.#rust);)
    });
    let lines = first.into_iter().chain(lines);
    let arg = if fields.is_empty() && !outcome {
        ident("_s")
    } else {
        ident("s")
    };
    quote! {
        impl ::paybind::summary::Summary for #ty {
            fn summarize(&self, #arg: &mut ::paybind::summary::Summarizer<'_>) {
                #(#lines)*
            }
        }
    }
}
