//! Named enums: open (an `Unknown` variant keeps undocumented values), with their wire
//! values.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::implied::Implied;
use super::{doc, end_sentence, ident, lit, provenance_beyond, Emitter};
use crate::ir::{Enum, Provenance};

impl Emitter<'_> {
    pub(super) fn enumeration(&self, e: &Enum) -> TokenStream {
        let name = ident(&e.rust);
        let note = self.origin_note(&e.provenance, &format!("type `{}`", e.rust));
        let implied = Implied::of(e.values.iter().map(|v| (&v.provenance, v.wire.as_str())));
        let values_note = implied.as_ref().map_or_else(String::new, |i| {
            format!("\n\n{}", i.note("value", "the value"))
        });
        let d = doc(&format!("{}{note}{values_note}", e.doc));
        let rows = e.values.iter().map(|v| {
            let covered = Implied::covers(implied.as_ref(), &v.provenance, &v.wire);
            let (more, text) = row_doc(&v.doc, &v.provenance, covered);
            let (r, w) = (ident(&v.rust), lit(&v.wire));
            quote!(#more #r = #w: #text;)
        });
        let kind = ident(if e.integer { "integer" } else { "text" });
        quote! {
            ::paybind::wire_enum! {
                #d
                #name as #kind {
                    #(#rows)*
                }
            }
        }
    }
}

/// A value's (or a code's) row doc: the doc lines after the row macro's own first line
/// (`` `wire`: text ``), and that text, ending its sentence when provenance follows.
pub(super) fn row_doc(text: &str, p: &Provenance, covered: bool) -> (TokenStream, Literal) {
    let provenance = provenance_beyond(p, covered);
    if provenance.is_empty() {
        return (quote!(), lit(text));
    }
    if text.trim_end().contains('\n') {
        (doc(&format!("\n{provenance}")), lit(text))
    } else {
        (doc(&provenance), lit(&end_sentence(text)))
    }
}
