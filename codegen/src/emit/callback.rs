//! The gateway's callback: its decoded type and `Credentials::verify_callback`.

use proc_macro2::TokenStream;
use quote::quote;

use super::signature::{part, received, statements};
use super::{ident, lit, Emitter};
use crate::ir::{Callback, Field, Part, Ty};

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
        let replay = replay(cb);
        let encode = encode(cb);
        quote! {
            #object
            #replay
            #encode
            impl Credentials {
                /// Verifies a server callback (its query string, or its form body) against the
                /// merchant control key, comparing signatures in constant time, and decodes it.
                /// A parameter sent twice is refused. Answer the gateway with HTTP 200 only once
                /// this succeeds. A replayed callback verifies (it is the gateway's own): handle
                /// it idempotently, see [`Callback::idempotency_key`].
                pub fn verify_callback(&self, params: &[u8]) -> Result<Callback, ::paybind::CallbackError> {
                    let credentials = self;
                    let pairs = ::paybind::encoding::line_pairs(params);
                    ::paybind::CallbackError::refuse_repeated(&pairs)?;
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

/// `Callback::SIGNED_FIELDS` and `Callback::idempotency_key`.
fn replay(cb: &Callback) -> TokenStream {
    let signed = cb.signed.iter().map(|f| lit(&f.wire));
    let mut stmts = Vec::new();
    let mut adds = Vec::new();
    for (i, f) in cb.key_fields.iter().enumerate() {
        let n = quote::format_ident!("part{}", i);
        let buf = quote::format_ident!("buf{}", i);
        stmts.push(part(&Part::Field(f.clone()), &n, &buf, &quote!(self)));
        let wire = lit(&f.wire);
        adds.push(quote!(key.str(#wire, #n);));
    }
    let key = if adds.is_empty() {
        quote!(String::new())
    } else {
        quote! {
            #(#stmts)*
            let mut key = ::paybind::encoding::FormBody::with_capacity(128);
            #(#adds)*
            key.finish()
        }
    };
    quote! {
        impl Callback {
            /// The wire names of the fields the signature covers. The other fields are not
            /// authenticated: a callback altered in them still verifies, so read them from a
            /// status or find call before acting on them.
            pub const SIGNED_FIELDS: &'static [&'static str] = &[#(#signed),*];
            /// A key for handling this callback once: the signed fields' values (sensitive ones
            /// left out), form-encoded. The library keeps no state, so a callback sent again
            /// (the gateway retries until it gets HTTP 200, and a captured one can be replayed)
            /// verifies again with the same key: record the keys handled (or the order's state
            /// by its order id) and answer 200 without acting on one already seen.
            pub fn idempotency_key(&self) -> String {
                #key
            }
        }
    }
}

/// `Callback::encode`: the callback as the gateway sends it, signed, for servers and
/// simulators that call merchants back.
fn encode(cb: &Callback) -> TokenStream {
    let pairs = cb.object.fields.iter().map(pair);
    let signature = statements(&cb.signature, &quote!(callback));
    let field = lit(&cb.signature.field);
    quote! {
        impl Callback {
            /// The callback as the gateway sends it: its fields that are set, in spec order,
            /// then the signature over them with `credentials`, form-encoded (what
            /// [`Credentials::verify_callback`] reads).
            pub fn encode(&self, credentials: &Credentials) -> String {
                let callback = self;
                let mut all_pairs: Vec<(String, String)> = Vec::new();
                #(#pairs)*
                let signature = { #signature };
                let mut body = ::paybind::encoding::FormBody::with_capacity(256);
                for (k, v) in &all_pairs {
                    body.str(k, v);
                }
                body.str(#field, &signature);
                body.finish()
            }
        }
    }
}

/// Pushes `(wire, text)` for a field that is set.
fn pair(f: &Field) -> TokenStream {
    let (r, wire) = (ident(&f.rust), lit(&f.wire));
    let text = match (&f.ty, f.sensitive) {
        (_, Some(_)) => quote!(x.expose().to_string()),
        (Ty::Flag, _) => quote!(if *x { "1" } else { "0" }.to_string()),
        (Ty::Enum(_), _) => quote!(x.as_str().to_string()),
        (Ty::ReturnCode, _) => quote!(x.code().to_string()),
        // Text, integers, booleans (`true`), amounts (minor units) and dates: as displayed.
        _ => quote!(x.to_string()),
    };
    quote! {
        if let Some(x) = &callback.#r {
            all_pairs.push((#wire.to_string(), #text));
        }
    }
}
