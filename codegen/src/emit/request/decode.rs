//! How a server reads a request back: from its form, its JSON body or its path.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{ident, lit};
use crate::ir::{Decode, Op};

/// The `(wire, aliases)` list of the parameters that have aliases, if any.
fn aliases(op: &Op) -> Option<TokenStream> {
    let with: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|f| !f.aliases.is_empty())
        .map(|f| {
            let wire = lit(&f.wire);
            let aliases = f.aliases.iter().map(|a| lit(a));
            quote!((#wire, &[#(#aliases),*]))
        })
        .collect();
    (!with.is_empty()).then(|| quote!(&[#(#with),*]))
}

pub(super) fn decode(op: &Op) -> TokenStream {
    let name = ident(&op.rust);
    let aliases = aliases(op);
    let path_params: Vec<_> = op
        .params
        .iter()
        .filter(|f| f.in_path)
        .map(|f| ident(&f.rust))
        .collect();
    match &op.decode {
        Decode::Form { money } => {
            let merge = money.iter().map(|m| {
                let (amount, cf) = (lit(&m.amount), lit(&m.currency_field));
                quote!((#amount, #cf))
            });
            let money = (!money.is_empty()).then(
                || quote!(const MONEY: &'static [(&'static str, &'static str)] = &[#(#merge),*];),
            );
            let aliases =
                aliases.map(|a| quote!(const ALIASES: &'static [::paybind::wire::Aliases] = #a;));
            quote! {
                /// Read back from its form (`from_form`), as a gateway (or a simulator) receives it.
                impl ::paybind::encoding::FromForm for #name { #aliases #money }
            }
        }
        Decode::Json => {
            let args = path_params.iter().map(|n| quote!(#n: impl Into<String>));
            let request_mut = (!path_params.is_empty()).then(|| quote!(mut));
            let read = match &aliases {
                Some(a) => quote!(::paybind::wire::from_json_aliased(body, #a)?),
                None => quote!(::paybind::wire::serde_json::from_slice(body)?),
            };
            quote! {
                impl #name {
                    /// Reads this request from its JSON body and its path parameters, as the
                    /// gateway (or the simulator) receives it. Check it with `validate` afterwards.
                    pub fn from_json(body: &[u8], #(#args),*) -> Result<Self, ::paybind::wire::serde_json::Error> {
                        let #request_mut request: Self = #read;
                        #(request.#path_params = #path_params.into();)*
                        Ok(request)
                    }
                }
            }
        }
        Decode::Path => {
            let args = path_params.iter().map(|n| quote!(#n: impl Into<String>));
            quote! {
                impl #name {
                    /// This request from its path parameters, as the gateway (or the
                    /// simulator) receives it.
                    pub fn from_path(#(#args),*) -> Self {
                        #name { #(#path_params: #path_params.into()),* }
                    }
                }
            }
        }
    }
}
