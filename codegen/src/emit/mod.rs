//! Token emission: IR in, Rust tokens out. Every name and decision comes from the IR
//! (`crate::ir`; the items every gateway module has are declared under the names of
//! `ir::reserved`, which lowering keeps spec items from taking); this module only writes
//! tokens, one file per kind of item:
//!
//! - `gateway`: environments and brands, credentials and target;
//! - `codes`: the return-code table; `refusal`: the refusal and the gateway's `Api`;
//! - `client`, `callback`, `inbound` (the request enum a server decodes);
//! - `enums`, `objects`, `builder` (typestate builders), `checks` (limits and rules),
//!   `literals` (each constrained field's compile-time literal check);
//! - `request/`: each endpoint's request type, split by what it emits;
//! - `fields`: what every field needs (Rust type, serde helpers, doc).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{reserved, Gateway, Provenance};

mod builder;
mod callback;
mod checks;
mod client;
mod codes;
mod enums;
mod fields;
mod gateway;
mod implied;
mod inbound;
mod literals;
mod objects;
mod outcome;
mod payments;
mod refusal;
mod request;
mod signature;
mod summary;

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// `#[doc = ...]` lines for a text, one attribute per line so rustdoc keeps the layout.
fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// An item's provenance in words: its source, the project's reading, a public page. A
/// public page is never credited to a seed document.
fn provenance_text(p: &Provenance) -> String {
    provenance_beyond(p, false)
}

/// An item's provenance in words, its sources left out when `implied` (its type's doc
/// says them).
fn provenance_beyond(p: &Provenance, implied: bool) -> String {
    let mut parts = Vec::new();
    if !p.sources.is_empty() && !implied {
        parts.push(format!("Source: {}.", p.sources.join("; ")));
    }
    if let Some(s) = &p.public {
        parts.push(format!(
            "From the provider's public documentation, outside the seed documents: {s}."
        ));
    }
    if let Some(r) = &p.reading {
        parts.push(format!("paybind's reading: {}", end_sentence(&r.text())));
    }
    parts.join(" ")
}

fn end_sentence(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with('.') {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// Emitted items, and the typestate traits their builders need (gathered into one module).
#[derive(Default)]
struct Items {
    code: TokenStream,
    typestate: TokenStream,
    /// The rows of the typestate module's `required_traits!`.
    required: TokenStream,
}

impl Items {
    fn add(&mut self, other: Items) {
        self.code.extend(other.code);
        self.typestate.extend(other.typestate);
        self.required.extend(other.required);
    }
}

struct Emitter<'g> {
    g: &'g Gateway,
    /// The spec file name, for "generated from" notes.
    spec_file: String,
}

/// Emits one gateway module's items as a token stream.
pub fn emit(g: &Gateway, spec_file: &str) -> TokenStream {
    let e = Emitter {
        g,
        spec_file: spec_file.to_string(),
    };
    e.module()
}

impl Emitter<'_> {
    /// The gateway's documents, for items that say nothing of their own origin.
    fn source_note(&self, what: &str) -> String {
        format!("\n\nSource: `{}`, {what}.", self.g.source)
    }

    /// Where an item comes from; the gateway's documents when it does not say.
    fn origin_note(&self, p: &Provenance, what: &str) -> String {
        if p.is_empty() {
            self.source_note(what)
        } else {
            format!("\n\n{}", provenance_text(p))
        }
    }

    fn module(&self) -> TokenStream {
        let g = self.g;
        let mut items = Items::default();
        for o in &g.objects {
            items.add(self.object(o));
        }
        for op in &g.ops {
            items.add(self.request(op));
        }
        let Items {
            code,
            typestate,
            required,
        } = items;
        let required =
            (!required.is_empty()).then(|| quote!(::paybind::required_traits! { #required }));
        let header = self.header();
        let (envs, creds, codes) = (self.environments(), self.credentials(), self.return_codes());
        let refusal = self.refusal();
        let enums = g.enums.iter().map(|e| self.enumeration(e));
        let (client, callback, inbound) = (self.client(), self.callback(), self.inbound());
        let payments = payments::payments(&g.payments, g.payment_callback.as_ref());
        let fields = g.ops.iter().flat_map(|o| &o.params);
        let fields = fields.chain(g.objects.iter().flat_map(|o| &o.fields));
        let patterns = checks::patterns_module(fields.flat_map(|f| {
            let literal = f.literal.as_ref().and_then(|r| r.pattern.as_ref());
            f.pattern.iter().chain(literal)
        }));
        let typestate_name = ident(reserved::TYPESTATE);
        quote! {
            #header
            #envs
            #creds
            #codes
            #refusal
            #(#enums)*
            #code
            #client
            #payments
            #callback
            #inbound
            #patterns
            /// The builders' typestate: one trait per required field, implemented once the
            /// field is set. Their messages are what a missing field reads like at compile time.
            #[doc(hidden)]
            pub mod #typestate_name {
                #[allow(unused_imports)]
                use super::*;
                #required
                #typestate
            }
        }
    }

    fn header(&self) -> TokenStream {
        let g = self.g;
        let (title, source, spec_file) = (lit(&g.title), lit(&g.source), lit(&self.spec_file));
        let gateway_doc = doc(&g.doc);
        let title_name = ident(reserved::TITLE);
        let source_name = ident(reserved::SOURCE);
        let spec_name = ident(reserved::SPEC);
        let error_name = ident(reserved::ERROR);
        let wire_name = ident(reserved::WIRE);
        quote! {
            #[allow(unused_imports)]
            use ::paybind::wire as #wire_name;
            /// The gateway's name.
            pub const #title_name: &str = #title;
            /// The provider document this module was generated from.
            pub const #source_name: &str = #source;
            /// The spec file this module was generated from.
            pub const #spec_name: &str = #spec_file;
            #gateway_doc
            #[doc = ""]
            #[doc = " The error type of every call of this gateway."]
            pub type #error_name = ::paybind::Error<Refusal>;
        }
    }
}
