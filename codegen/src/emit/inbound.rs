//! The request enum a server decodes: `Incoming::decode(method, path, body)` finds the
//! endpoint by method and path segments, reads the request with its generated decoder, and
//! returns it with the credentials, signature and target it came with.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::fields::sensitivity;
use super::{ident, lit, Emitter};
use crate::ir::{reserved, Decode, Field, HttpMethod, Op, Route, Segment};

impl Emitter<'_> {
    pub(super) fn inbound(&self) -> TokenStream {
        let g = self.g;
        let variants = g.ops.iter().map(|op| {
            let name = ident(&op.rust);
            let d = lit(&format!(
                " [`{}`]: `{} {}`.",
                op.rust,
                op.http_method.as_str(),
                op.path
            ));
            quote!(#[doc = #d] #name(#name),)
        });
        let received = self.received();
        let decode = self.decode_fn();
        let dispatch = self.dispatch();
        let incoming_name = ident(reserved::INCOMING);
        quote! {
            /// A request of this gateway as a server receives it: what
            /// [`Incoming::decode`] reads (the simulator serves with it).
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            // Decoded once per received request and matched at once: boxing would only
            // make the simulator's matches noisier.
            #[allow(clippy::large_enum_variant)]
            pub enum #incoming_name { #(#variants)* }
            #received
            #decode
            #dispatch
        }
    }

    /// `Received` and `ReceivedCredentials`.
    fn received(&self) -> TokenStream {
        let g = self.g;
        let creds = g.received_credentials.iter().map(|c| {
            let n = ident(&c.rust);
            let t = if c.sensitive.is_some() {
                quote!(::paybind::Sensitive)
            } else {
                quote!(String)
            };
            let d = lit(&format!(" `{}`, as sent.", c.wire));
            quote!(#[doc = #d] pub #n: Option<#t>,)
        });
        let signature = g.request_signature_field.as_ref().map(|f| {
            let d = lit(&format!(
                " The `{f}` signature, as sent (absent when not sent)."
            ));
            quote!(#[doc = #d] pub signature: Option<String>,)
        });
        let target = g.target.as_ref().map(|_| {
            quote! {
                /// The endpoint or endpoint group named by the path.
                pub target: Target,
            }
        });
        let received_credentials_name = ident(reserved::RECEIVED_CREDENTIALS);
        let received_name = ident(reserved::RECEIVED);
        quote! {
            /// The credentials a request carried in its form or path; absent when not sent.
            #[derive(Debug, Clone, Default)]
            #[non_exhaustive]
            pub struct #received_credentials_name { #(#creds)* }
            /// A decoded request and what came with it.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub struct #received_name {
                /// The request.
                pub request: Incoming,
                /// The credentials it carried.
                pub credentials: ReceivedCredentials,
                #signature
                #target
            }
        }
    }

    fn decode_fn(&self) -> TokenStream {
        let g = self.g;
        let form = g
            .ops
            .iter()
            .any(|o| matches!(o.decode, Decode::Form { .. }));
        let target = g.target.as_ref().map(|_| {
            quote! {
                let (path, target) = Target::split_path(path).ok_or_else(unknown)?;
            }
        });
        let pairs = form.then(|| {
            quote! {
                use ::paybind::encoding::FromForm as _;
                let pairs = ::paybind::encoding::line_pairs(body);
            }
        });
        let body_arg = if g.ops.iter().all(|o| o.decode == Decode::Path) {
            ident("_body")
        } else {
            ident("body")
        };
        let form_creds = g
            .received_credentials
            .iter()
            .filter(|c| !is_path(c))
            .map(|c| {
                let (n, value) = (ident(&c.rust), pair_value(c));
                quote!(#n: #value,)
            });
        let any_path = g.received_credentials.iter().any(is_path);
        let rest = any_path.then(|| quote!(..ReceivedCredentials::default()));
        let mutable = any_path.then(|| quote!(mut));
        let signature = g.request_signature_field.as_ref().map(|f| {
            let f = lit(f);
            quote!(signature: ::paybind::wire::pair_value(&pairs, #f),)
        });
        let target_field = g.target.as_ref().map(|_| quote!(target,));
        let arms = g.routes.iter().map(|r| self.route_arm(r));
        quote! {
            impl Incoming {
                /// Reads a request as a server receives it: the HTTP method, the path below
                /// the base URL, and the body. Check it with `validate_with` afterwards.
                pub fn decode(method: ::paybind::transport::Method, path: &str, #body_arg: &[u8]) -> Result<Received, ::paybind::RequestDecodeError> {
                    let unknown = || ::paybind::RequestDecodeError::UnknownEndpoint { method, path: path.to_string() };
                    let path = path.trim_matches('/');
                    #target
                    let segments: Vec<&str> = path.split('/').collect();
                    #pairs
                    let #mutable credentials = ReceivedCredentials { #(#form_creds)* #rest };
                    let request = match (method, segments.as_slice()) {
                        #(#arms)*
                        _ => return Err(unknown()),
                    };
                    Ok(Received { request, credentials, #signature #target_field })
                }
            }
            impl ::paybind::transport::Inbound for Incoming {
                type Received = Received;
                fn decode(method: ::paybind::transport::Method, path: &str, body: &[u8]) -> Result<Received, ::paybind::RequestDecodeError> {
                    Incoming::decode(method, path, body)
                }
            }
        }
    }

    /// One match arm: the route's segments, its path credentials, its variants in order.
    fn route_arm(&self, route: &Route) -> TokenStream {
        let method = ident(match route.method {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
        });
        let patterns = route.segments.iter().map(|s| match s {
            Segment::Literal(l) => {
                let l = lit(l);
                quote!(#l)
            }
            Segment::Credential(f) | Segment::Param(f) => {
                let n = format_ident!("seg_{}", f.rust);
                quote!(#n)
            }
        });
        let path_creds = route.segments.iter().filter_map(|s| match s {
            Segment::Credential(c) => {
                let (n, seg) = (ident(&c.rust), format_ident!("seg_{}", c.rust));
                Some(quote!(credentials.#n = Some(::paybind::wire::path_value(#seg));))
            }
            _ => None,
        });
        let ops: Vec<&Op> = route
            .ops
            .iter()
            .filter_map(|n| self.g.ops.iter().find(|o| &o.rust == n))
            .collect();
        let read = variants(&ops);
        quote! {
            (::paybind::transport::Method::#method, [#(#patterns),*]) => {
                #(#path_creds)*
                #read
            }
        }
    }

    /// `validate_with`, `validate_for` and `endpoint` over every request.
    fn dispatch(&self) -> TokenStream {
        let g = self.g;
        let names: Vec<_> = g.ops.iter().map(|o| ident(&o.rust)).collect();
        let paths = g.ops.iter().map(|o| lit(&o.path));
        let brand = (!g.brands.is_empty()).then(|| {
            quote! {
                /// Checks the request for one brand (see each request's `validate_for`).
                pub fn validate_for(&self, brand: Brand, policy: ::paybind::ValidationPolicy) -> Result<(), ::paybind::ValidationErrors> {
                    match self { #(Incoming::#names(r) => r.validate_for(brand, policy),)* }
                }
            }
        });
        let signature = g.request_signature_field.as_ref().map(|field| {
            let arms = g.ops.iter().map(|o| {
                let n = ident(&o.rust);
                match &o.signature {
                    Some(_) => quote!(Incoming::#n(r) => Some(r.signature(credentials)),),
                    None => quote!(Incoming::#n(_) => None,),
                }
            });
            let d = lit(&format!(" The `{field}` signature this request should carry with these credentials; `None` for an unsigned endpoint."));
            quote! {
                #[doc = #d]
                pub fn signature(&self, credentials: &Credentials) -> Option<String> {
                    match self { #(#arms)* }
                }
            }
        });
        quote! {
            impl Incoming {
                #signature
                /// The endpoint path, as the spec writes it.
                pub fn endpoint(&self) -> &'static str {
                    match self { #(Incoming::#names(_) => #paths,)* }
                }
                /// Checks the request under `policy` (see each request's `validate_with`).
                pub fn validate_with(&self, policy: ::paybind::ValidationPolicy) -> Result<(), ::paybind::ValidationErrors> {
                    match self { #(Incoming::#names(r) => r.validate_with(policy),)* }
                }
                #brand
            }
        }
    }
}

fn is_path(c: &Field) -> bool {
    c.place == crate::ir::Place::Path
}

/// A form credential's value off the received pairs.
fn pair_value(c: &Field) -> TokenStream {
    let w = lit(&c.wire);
    let raw = quote!(::paybind::wire::pair_value(&pairs, #w));
    match c.sensitive {
        Some(s) => {
            let k = sensitivity(s);
            quote!(#raw.map(|v| ::paybind::Sensitive::new(#k, v)))
        }
        None => raw,
    }
}

/// Reads the body as each variant in turn; the first that reads wins, and the first
/// variant's error is the one reported.
fn variants(ops: &[&Op]) -> TokenStream {
    let mut reads = ops.iter().map(|op| read(op));
    let first = reads.next().unwrap_or_else(|| quote!(Err(unknown())));
    let chained = reads.fold(
        first,
        |acc, next| quote!(#acc.or_else(|first| #next.map_err(|_| first))),
    );
    let endpoint = lit(ops.first().map_or("", |o| o.path.as_str()));
    match ops.first().map(|o| &o.decode) {
        Some(Decode::Path) => quote!(#chained),
        _ => quote! {
            #chained.map_err(::paybind::RequestDecodeError::body(#endpoint))?
        },
    }
}

/// One variant's read: `Result<Incoming, _>` (or a plain `Incoming` for path-only requests).
fn read(op: &Op) -> TokenStream {
    let name = ident(&op.rust);
    let path_args = op.params.iter().filter(|f| f.in_path).map(|f| {
        let seg = format_ident!("seg_{}", f.rust);
        quote!(::paybind::wire::path_value(#seg))
    });
    match &op.decode {
        Decode::Form { .. } => {
            quote!(#name::from_form_pairs(pairs.clone()).map(Incoming::#name))
        }
        Decode::Json => quote!(#name::from_json(body, #(#path_args),*).map(Incoming::#name)),
        Decode::Path => quote!(Incoming::#name(#name::from_path(#(#path_args),*))),
    }
}
