//! The gateway's callback: its decoded type and `Credentials::verify_callback`.

use proc_macro2::TokenStream;
use quote::quote;

use super::signature::{received, statements};
use super::{lit, Emitter};

impl Emitter<'_> {
    pub(super) fn callback(&self) -> TokenStream {
        let Some(cb) = &self.g.callback else {
            return quote!();
        };
        let object = self.object(&cb.object).code;
        let field = lit(&cb.signature.field);
        let received = received(&cb.signature);
        let signature = statements(&cb.signature, &quote!(callback));
        let keep_pairs = cb
            .signature
            .sorted_values
            .as_ref()
            .map(|_| quote!(let all_pairs = pairs.clone();));
        quote! {
            #object
            impl Credentials {
                /// Verifies a server callback (its query string, or its form body) against the
                /// merchant control key, comparing signatures in constant time, and decodes it.
                /// Answer the gateway with HTTP 200 only once this succeeds.
                pub fn verify_callback(&self, params: &[u8]) -> Result<Callback, ::paybind::CallbackError> {
                    let credentials = self;
                    let pairs = ::paybind::encoding::line_pairs(params);
                    let received = #received;
                    #keep_pairs
                    let callback: Callback = ::paybind::encoding::from_pairs(pairs).map_err(::paybind::CallbackError::Decode)?;
                    let signature = { #signature };
                    if !::paybind::signature::verify_hex(&signature, &received) {
                        return Err(::paybind::CallbackError::BadSignature { field: #field });
                    }
                    Ok(callback)
                }
            }
        }
    }
}
