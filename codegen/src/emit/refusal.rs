//! The refusal, its envelope, and `Api`: what the generic call path needs of the gateway.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit, Emitter};
use crate::ir::{reserved, AnswerFormat, Refusal};

impl Emitter<'_> {
    pub(super) fn refusal(&self) -> TokenStream {
        let r = &self.g.refusal;
        let d = doc(&r.doc);
        let api = self.api(r);
        let refusal_name = ident(reserved::REFUSAL);
        quote! {
            /// A refusal by the gateway: its typed return code and message.
            #[doc = ""]
            #d
            #[derive(Debug, Clone, PartialEq, Eq)]
            #[non_exhaustive]
            pub struct #refusal_name {
                /// The return code.
                pub code: ReturnCode,
                /// The gateway's message, if it sent one.
                pub message: Option<String>,
                /// The HTTP status of the answer.
                pub status: u16,
                /// The whole answer as received (its `Debug` shows only its length); decode
                /// it with [`Refusal::answer`].
                pub body: ::paybind::RawBody,
            }
            impl Refusal {
                /// The whole answer decoded as the endpoint's answer type (`T` is the
                /// request's `Response`): what else the gateway said (a transaction id, a
                /// 3-D Secure result), sensitive fields redacted in its `Debug` like every
                /// answer's. `None` when the body does not decode as `T`: read
                /// [`Refusal::body`] instead.
                pub fn answer<T: ::paybind::transport::FromBody>(&self) -> Option<T> {
                    T::from_body(self.body.as_bytes()).ok()
                }
                /// The refusal as a payment outcome: declined, with the code, its category
                /// and the gateway's message.
                pub fn outcome(&self) -> ::paybind::Outcome {
                    ::paybind::Outcome::Declined(::paybind::outcome::Decline::new(
                        Some(self.code.code().to_string()),
                        self.code.category(),
                        self.message.clone(),
                    ))
                }
            }
            /// The code with its description, then the gateway's message when it says more:
            /// `261 Credit amount invalid`, `3: End point with id 22903 not found`.
            impl ::core::fmt::Display for Refusal {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, "{}", self.code)?;
                    match &self.message {
                        Some(m) if m.as_str() != self.code.description() => write!(f, ": {m}"),
                        _ => Ok(()),
                    }
                }
            }
            impl ::std::error::Error for Refusal {}
            #api
        }
    }

    fn api(&self, r: &Refusal) -> TokenStream {
        let format = ident(match self.g.answers {
            AnswerFormat::JsonCaseInsensitive => "JsonCaseInsensitive",
            AnswerFormat::Json => "Json",
            AnswerFormat::Lines => "Lines",
        });
        let (code, message) = (lit(&r.code_key), lit(&r.message_key));
        let when = if r.when_is_code {
            quote!(None)
        } else {
            let w = lit(&r.when_key);
            quote!(Some(#w))
        };
        let when_check = when_check(r);
        let extras = self.api_extras();
        let id = lit(&self.g.id);
        let api_name = ident(reserved::API);
        quote! {
            /// This gateway, for [`paybind::transport`]'s generic call path.
            #[derive(Debug, Clone, Copy)]
            pub struct #api_name;
            impl ::paybind::transport::Gateway for Api {
                type Credentials = Credentials;
                type Refusal = Refusal;
                const NAME: &'static str = #id;
                const ENVELOPE: (::paybind::envelope::EnvelopeKeys, ::paybind::envelope::Format) = (
                    ::paybind::envelope::EnvelopeKeys { when: #when, code: #code, message: #message },
                    ::paybind::envelope::Format::#format,
                );
                fn refusal_code(refusal: &Refusal) -> &str {
                    refusal.code.code()
                }
                fn refusal_outcome(refusal: &Refusal) -> ::paybind::Outcome {
                    refusal.outcome()
                }
                fn refusal_of(status: u16, envelope: &::paybind::envelope::Envelope, body: &[u8]) -> Option<Refusal> {
                    #when_check
                    Some(Refusal {
                        code: ReturnCode::from_code(envelope.code.as_deref().unwrap_or("")),
                        message: envelope.message.clone().filter(|m| !m.is_empty()),
                        status,
                        body: ::paybind::RawBody::new(body),
                    })
                }
                #extras
            }
        }
    }

    /// The path suffix, media type and bearer token, where the gateway has them.
    fn api_extras(&self) -> TokenStream {
        let g = self.g;
        let suffix = g.target.as_ref().map(|_| {
            quote! {
                fn path_suffix(credentials: &Credentials) -> String {
                    credentials.target.path_suffix()
                }
            }
        });
        let media = g.media_type.as_ref().map(|m| {
            let m = lit(m);
            quote!(const MEDIA_TYPE: Option<&'static str> = Some(#m);)
        });
        let bearer = g.bearer.as_ref().map(|c| {
            let n = ident(&c.rust);
            let get = if c.sensitive.is_some() {
                quote!(credentials.#n.expose())
            } else {
                quote!(credentials.#n.as_str())
            };
            quote! {
                fn bearer(credentials: &Credentials) -> Option<&str> {
                    Some(#get)
                }
            }
        });
        quote!(#suffix #media #bearer)
    }
}

/// Returns early (not a refusal) unless the trigger holds.
fn when_check(r: &Refusal) -> TokenStream {
    let values = r.when_values.iter().map(|v| lit(v));
    match (r.when_values.is_empty(), r.when_is_code) {
        (true, true) => quote!(envelope.code.as_ref()?;),
        (true, false) => quote!(envelope.when.as_ref()?;),
        (false, true) => quote!(envelope.code.as_deref().filter(|w| [#(#values),*].contains(w))?;),
        (false, false) => {
            quote!(envelope.when.as_ref().filter(|w| [#(#values),*].iter().any(|v| w.matches(v)))?;)
        }
    }
}
