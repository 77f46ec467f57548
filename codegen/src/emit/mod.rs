//! Token emission: IR in, formatted Rust out. Names come from the IR; nothing here reads YAML.
//!
//! `gateway` emits the per-gateway items (environments, credentials, return codes, refusal,
//! client, callback), `types` the enums and objects with their builders, `ops` the request
//! types with their checks and signatures, and `fields` what every field needs (Rust type,
//! checks, encoding, serde attributes, docs).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{Field, Gateway, Object, Op, PathPart, Place, Response, Rule, Ty};
use crate::spec::{DateFormat, RequestEncoding, ResponseEncoding, RuleKind, Sensitivity};

mod fields;
mod gateway;
mod ops;
mod types;

use fields::{
    deserializer, encode_value, field_doc, required_deserializer, rust_type, sensitivity,
    setter_arg, value_check,
};
use ops::signature_code;

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// `#[doc = ...]` lines for a text, one attribute per line so rustdoc keeps the layout.
fn doc(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .trim_end()
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            quote!(#[doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

pub struct Emitter<'g> {
    g: &'g Gateway,
    /// The builders' marker traits, emitted together in `mod typestate`.
    typestate: std::cell::RefCell<Vec<TokenStream>>,
    /// The spec file name, for "generated from" notes.
    spec_file: String,
}

/// Emits one gateway module's items as a token stream.
pub fn emit(g: &Gateway, spec_file: &str) -> TokenStream {
    let e = Emitter {
        g,
        typestate: std::cell::RefCell::new(Vec::new()),
        spec_file: spec_file.to_string(),
    };
    e.module()
}

impl Emitter<'_> {
    fn source_note(&self, what: &str) -> String {
        format!("\n\nSource: `{}`, {what}.", self.g.source)
    }

    fn module(&self) -> TokenStream {
        let g = self.g;
        let title = lit(&g.title);
        let source = lit(&g.source);
        let spec_file = lit(&self.spec_file);
        let gateway_doc = doc(&g.doc);
        let envs = self.environments();
        let creds = self.credentials();
        let codes = self.return_codes();
        let refusal = self.refusal();
        let enums: Vec<_> = g.enums.iter().map(|e| self.enumeration(e)).collect();
        let objects: Vec<_> = g.objects.iter().map(|o| self.object(o)).collect();
        let ops: Vec<_> = g.ops.iter().map(|o| self.op(o)).collect();
        let client = self.client();
        let callback = self.callback();
        let typestate = self.typestate.borrow();
        let typestate = typestate.iter();
        quote! {
            /// The gateway's name.
            pub const TITLE: &str = #title;
            /// The provider document this module was generated from.
            pub const SOURCE: &str = #source;
            /// The spec file this module was generated from.
            pub const SPEC: &str = #spec_file;
            #gateway_doc
            #[doc = ""]
            #[doc = " The error type of every call of this gateway."]
            pub type Error = ::paybind::Error<Refusal>;
            #envs
            #creds
            #codes
            #refusal
            #(#enums)*
            #(#objects)*
            #(#ops)*
            #client
            #callback
            /// The builders' typestate: one trait per required field, implemented once the
            /// field is set. Their messages are what a missing field reads like at compile time.
            #[doc(hidden)]
            pub mod typestate {
                #[allow(unused_imports)]
                use super::*;
                #(#typestate)*
            }
        }
    }
}
