//! The request struct: its fields and their serde attributes, as the body is read back.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::fields::{field_codec, field_doc, stored_type, Naming};
use super::super::implied::Implied;
use super::super::{doc, ident, lit};
use crate::ir::{Decode, Field, Op, Ty};

pub(super) fn declaration(op: &Op, implied: Option<&Implied>) -> TokenStream {
    let name = ident(&op.rust);
    let form = matches!(op.decode, Decode::Form { .. });
    let body: Vec<Field> = op.params.iter().filter(|f| !f.in_path).cloned().collect();
    let naming = Naming::of(&body);
    let rename_all = naming.rename_all();
    let fields = op.params.iter().map(|f| {
        let (n, t) = (ident(&f.rust), stored_type(f));
        let fd = doc(&field_doc(f, implied));
        let rename = (!naming.names(f)).then(|| {
            let wire = lit(&f.wire);
            quote!(rename = #wire)
        });
        let attr = if form {
            form_attr(f, rename)
        } else {
            json_attr(f, rename)
        };
        quote!(#fd #attr pub #n: #t,)
    });
    let serde = if form {
        quote!(wire::Deserialize)
    } else {
        quote!(wire::Serialize, wire::Deserialize)
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #serde)]
        #[serde(crate = "::paybind::wire::serde" #rename_all)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
    }
}

/// Read back from a form: sub-forms are JSON text. `rename` is the field's own wire name,
/// where the struct's `rename_all` does not give it.
fn form_attr(f: &Field, rename: Option<TokenStream>) -> TokenStream {
    let with = match (&f.ty, f.required) {
        (Ty::Object(_), true) => Some("wire::json_text".to_string()),
        (Ty::Object(_), false) => Some("wire::opt_json_text".to_string()),
        _ => field_codec(f),
    };
    let default = (!f.required).then(|| quote!(default));
    let with = with.map(|w| quote!(with = #w));
    attr([rename, default, with])
}

/// Written and read as a JSON object; path parameters are not in it.
fn json_attr(f: &Field, rename: Option<TokenStream>) -> TokenStream {
    if f.in_path {
        return quote!(#[serde(skip)]);
    }
    let with = field_codec(f).map(|w| quote!(with = #w));
    let optional = (!f.required).then(|| quote!(default, skip_serializing_if = "Option::is_none"));
    attr([rename, optional, with])
}

/// `#[serde(…)]` with the items given, or nothing when none is.
fn attr<const N: usize>(items: [Option<TokenStream>; N]) -> TokenStream {
    let items: Vec<TokenStream> = items.into_iter().flatten().collect();
    if items.is_empty() {
        return quote!();
    }
    quote!(#[serde(#(#items),*)])
}
