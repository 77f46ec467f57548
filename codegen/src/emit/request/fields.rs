//! The request struct: its fields and their serde attributes, as the body is read back.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::fields::{field_deserializer, field_doc, stored_type};
use super::super::{doc, ident, lit};
use crate::ir::{Decode, Field, Op, Ty};

pub(super) fn declaration(op: &Op) -> TokenStream {
    let name = ident(&op.rust);
    let form = matches!(op.decode, Decode::Form { .. });
    let fields = op.params.iter().map(|f| {
        let (n, fd, t) = (ident(&f.rust), doc(&field_doc(f)), stored_type(f));
        let attr = if form { form_attr(f) } else { json_attr(f) };
        quote!(#fd #attr pub #n: #t,)
    });
    let derive = if form {
        quote!(#[derive(::paybind::wire::serde::Deserialize)])
    } else {
        quote!(#[derive(::paybind::wire::serde::Serialize, ::paybind::wire::serde::Deserialize)])
    };
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #derive
        #[serde(crate = "::paybind::wire::serde")]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
    }
}

/// Read back from a form: sub-forms are JSON text.
fn form_attr(f: &Field) -> TokenStream {
    let wire = lit(&f.wire);
    let with = match (&f.ty, f.required) {
        (Ty::Object(_), true) => Some("::paybind::wire::deserialize_json_text".to_string()),
        (Ty::Object(_), false) => Some("::paybind::wire::deserialize_opt_json_text".to_string()),
        _ => field_deserializer(f),
    };
    let default = (!f.required).then(|| quote!(default,));
    match with {
        Some(w) => quote!(#[serde(rename = #wire, #default deserialize_with = #w)]),
        None => quote!(#[serde(rename = #wire, #default)]),
    }
}

/// Written and read as a JSON object; path parameters are not in it.
fn json_attr(f: &Field) -> TokenStream {
    if f.in_path {
        return quote!(#[serde(skip)]);
    }
    let wire = lit(&f.wire);
    let de = field_deserializer(f).map(|d| quote!(deserialize_with = #d,));
    let flag = matches!(f.ty, Ty::Flag);
    match (f.required, flag) {
        (true, true) => {
            quote!(#[serde(rename = #wire, #de serialize_with = "::paybind::wire::serialize_required_flag")])
        }
        (true, false) => quote!(#[serde(rename = #wire, #de)]),
        (false, true) => {
            quote!(#[serde(rename = #wire, default, #de skip_serializing_if = "Option::is_none", serialize_with = "::paybind::wire::serialize_flag")])
        }
        (false, false) => {
            quote!(#[serde(rename = #wire, default, #de skip_serializing_if = "Option::is_none")])
        }
    }
}
