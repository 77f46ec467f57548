//! A request's path, with its placeholders filled in.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{ident, lit};
use crate::ir::{Op, PathPart};

/// `path()`, for paths with placeholders; others use the trait's constant path.
pub(super) fn path_fn(op: &Op) -> TokenStream {
    if op
        .path_parts
        .iter()
        .all(|p| matches!(p, PathPart::Literal(_)))
    {
        return quote!();
    }
    let pieces = op.path_parts.iter().map(|p| match p {
        PathPart::Literal(l) => {
            let l = lit(l);
            quote!(out.push_str(#l);)
        }
        PathPart::Credential(c) => {
            let n = ident(&c.rust);
            let get = if c.sensitive.is_some() {
                quote!(credentials.#n.expose())
            } else {
                quote!(&credentials.#n)
            };
            quote!(out.push_str(&::paybind::wire::path_segment(#get));)
        }
        PathPart::Param(f) => {
            let n = ident(&f.rust);
            quote!(out.push_str(&::paybind::wire::path_segment(&self.#n));)
        }
    });
    let uses_creds = op
        .path_parts
        .iter()
        .any(|p| matches!(p, PathPart::Credential(_)));
    let arg = ident(if uses_creds {
        "credentials"
    } else {
        "_credentials"
    });
    quote! {
        fn path(&self, #arg: &Credentials) -> ::std::borrow::Cow<'static, str> {
            let mut out = String::with_capacity(64);
            #(#pieces)*
            ::std::borrow::Cow::Owned(out)
        }
    }
}
