//! Signatures: the SHA-1 of the signed parts, computed from a request (its `signature`
//! method) or from a received callback.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, lit, Emitter};
use crate::ir::{Field, Op, Part, Signature, Ty};

impl Emitter<'_> {
    /// `signature(&self, &Credentials)`: what `encode` sends, and what a server recomputes.
    pub(super) fn signature_method(&self, op: &Op, sig: &Signature) -> TokenStream {
        let name = ident(&op.rust);
        let field = &sig.field;
        let d = lit(&format!(
            " The `{field}` signature of this request with these credentials (lowercase hex \
             SHA-1), as `encode` sends it and as the gateway recomputes it."
        ));
        let statements = statements_inline(sig, &quote!(self));
        quote! {
            impl #name {
                #[doc = #d]
                pub fn signature(&self, credentials: &Credentials) -> String {
                    self.signature_inline(credentials).as_str().to_string()
                }
                /// The same signature without allocating, as `encode` writes it.
                #[doc(hidden)]
                pub fn signature_inline(&self, credentials: &Credentials) -> ::paybind::signature::Sha1Hex {
                    #statements
                }
            }
        }
    }
}

/// Statements computing a request's signature (never over sorted received values), ending
/// with it as a `paybind::signature::Sha1Hex`.
fn statements_inline(sig: &Signature, owner: &TokenStream) -> TokenStream {
    let mut stmts = Vec::new();
    let mut names = Vec::new();
    for (i, p) in sig.parts.iter().enumerate() {
        let n = format_ident!("part{}", i);
        let buf = format_ident!("buf{}", i);
        stmts.push(part(p, &n, &buf, owner));
        names.push(n);
    }
    quote! {
        #(#stmts)*
        ::paybind::signature::sha1_hex_inline(&[#(#names),*])
    }
}

/// Statements computing a signature whose value they end with. `owner` is where fields are
/// read from (`self`, or `callback`); credentials are `credentials`; a signature over
/// sorted values reads the received pairs from `all_pairs`.
pub(super) fn statements(sig: &Signature, owner: &TokenStream) -> TokenStream {
    let mut stmts = Vec::new();
    let mut names = Vec::new();
    for (i, p) in sig.parts.iter().enumerate() {
        let n = format_ident!("part{}", i);
        let buf = format_ident!("buf{}", i);
        stmts.push(part(p, &n, &buf, owner));
        names.push(n);
    }
    let compute = match &sig.sorted_values {
        Some(sep) => {
            let (field, sep) = (lit(&sig.field), lit(sep));
            quote!(::paybind::signature::sha1_hex_sorted(&all_pairs, #field, #sep, &[#(#names),*]))
        }
        None => quote!(::paybind::signature::sha1_hex(&[#(#names),*])),
    };
    quote! {
        #(#stmts)*
        #compute
    }
}

/// `let partN: &str = …;` for one signed part.
pub(super) fn part(
    p: &Part,
    n: &proc_macro2::Ident,
    buf: &proc_macro2::Ident,
    owner: &TokenStream,
) -> TokenStream {
    let number = |value: TokenStream| {
        quote! {
            let mut #buf = ::paybind::wire::itoa::Buffer::new();
            let #n: &str = #buf.format(#value);
        }
    };
    match p {
        Part::TargetId => number(quote!(credentials.target.id())),
        Part::Field(f) if f.ty == Ty::Integer => {
            let r = ident(&f.rust);
            if f.required {
                number(quote!(#owner.#r))
            } else {
                quote! {
                    let mut #buf = ::paybind::wire::itoa::Buffer::new();
                    let #n: &str = match #owner.#r { Some(x) => #buf.format(x), None => "" };
                }
            }
        }
        Part::Field(f) => {
            let t = text_of(f, owner);
            quote!(let #n: &str = #t;)
        }
        Part::Minor(f) => {
            let r = ident(&f.rust);
            number(quote!(#owner.#r.minor()))
        }
        Part::Currency(f) => {
            let r = ident(&f.rust);
            quote!(let #n: &str = #owner.#r.currency().code();)
        }
        Part::Credential(c) => {
            let r = ident(&c.rust);
            if c.sensitive.is_some() {
                quote!(let #n: &str = credentials.#r.expose();)
            } else {
                quote!(let #n: &str = credentials.#r.as_str();)
            }
        }
    }
}

/// A field's text, empty when an optional field is absent.
fn text_of(f: &Field, owner: &TokenStream) -> TokenStream {
    let r = ident(&f.rust);
    let get = if f.sensitive.is_some() {
        quote!(x.expose())
    } else {
        quote!(x.as_str())
    };
    if f.required {
        quote!({ let x = &#owner.#r; #get })
    } else {
        quote!(#owner.#r.as_ref().map_or("", |x| #get))
    }
}

/// Reads the signature field's value off a callback's pairs.
pub(super) fn received(sig: &Signature) -> TokenStream {
    let field = lit(&sig.field);
    quote! {
        pairs
            .iter()
            .find(|(k, _)| k == #field)
            .map(|(_, v)| v.clone())
            .ok_or(::paybind::CallbackError::MissingSignature { field: #field })?
    }
}
