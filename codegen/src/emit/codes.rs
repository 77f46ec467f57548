//! The return codes: an enum whose methods read one static table.

use proc_macro2::TokenStream;
use quote::quote;

use super::enums::row_doc;
use super::implied::Implied;
use super::{doc, ident, lit, Emitter};
use crate::ir::reserved;

impl Emitter<'_> {
    pub(super) fn return_codes(&self) -> TokenStream {
        let codes = &self.g.codes;
        let implied = Implied::of(codes.iter().map(|c| (&c.provenance, c.code.as_str())));
        let rows = codes.iter().map(|c| {
            let covered = Implied::covers(implied.as_ref(), &c.provenance, &c.code);
            let (more, text) = row_doc(&c.doc, &c.provenance, covered);
            let (v, code) = (ident(&c.rust), lit(&c.code));
            let category = ident(c.category.variant());
            quote!(#more #v = #code: #category, #text;)
        });
        let n = codes.len();
        let codes_note = implied.as_ref().map_or_else(String::new, |i| {
            format!("\n\n{}", i.note("code", "the code"))
        });
        let note = doc(&format!(
            "The gateway's return codes ({n} documented).{}{codes_note}",
            self.source_note("the return-code table")
        ));
        let return_code_name = ident(reserved::RETURN_CODE);
        quote! {
            ::paybind::return_codes! {
                #note
                #return_code_name {
                    #(#rows)*
                }
            }
        }
    }
}
