//! `Summary` for requests, sub-forms and answers: each field by its wire name, in spec
//! order; the runtime skips what is not set and redacts what is sensitive.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit};
use crate::ir::Field;

/// `impl Summary` for a struct with these fields (and `SummaryValue` when it can be nested
/// in another object).
pub(super) fn summary_impl(name: &str, fields: &[Field], nested: bool) -> TokenStream {
    let ty = ident(name);
    let lines = fields.iter().map(|f| {
        let (wire, rust) = (lit(&f.wire), ident(&f.rust));
        quote!(s.field(#wire, &self.#rust);)
    });
    let arg = if fields.is_empty() {
        ident("_s")
    } else {
        ident("s")
    };
    let value = nested.then(|| {
        quote! {
            impl ::paybind::summary::SummaryValue for #ty {
                fn write_summary(&self, out: &mut String) {
                    ::paybind::summary::write_nested(self, out)
                }
            }
        }
    });
    quote! {
        impl ::paybind::summary::Summary for #ty {
            fn summarize(&self, #arg: &mut ::paybind::summary::Summarizer<'_>) {
                #(#lines)*
            }
        }
        #value
    }
}
