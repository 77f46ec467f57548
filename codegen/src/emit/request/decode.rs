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
                quote!(::paybind::wire::merge_money(&mut pairs, #amount, #cf);)
            });
            let read_aliases = aliases.as_ref().map(|a| {
                quote!(::paybind::wire::read_aliases(&mut pairs, #a).map_err(::paybind::encoding::FormError)?;)
            });
            let pairs_mut = (!money.is_empty() || read_aliases.is_some()).then(|| quote!(mut));
            quote! {
                impl #name {
                    /// Reads this request from a form body, as a gateway (or a simulator)
                    /// receives it; credentials and unknown fields are ignored. Check it
                    /// with `validate` afterwards.
                    pub fn from_form(body: &[u8]) -> Result<Self, ::paybind::encoding::FormError> {
                        Self::from_form_pairs(::paybind::encoding::line_pairs(body))
                    }
                    /// Reads this request from a form's decoded pairs.
                    pub fn from_form_pairs(#pairs_mut pairs: Vec<(String, String)>) -> Result<Self, ::paybind::encoding::FormError> {
                        #read_aliases
                        #(#merge)*
                        ::paybind::encoding::from_pairs(pairs).map_err(::paybind::encoding::FormError)
                    }
                }
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
