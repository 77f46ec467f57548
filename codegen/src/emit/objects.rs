//! Named objects: sub-forms sent in requests (with builders and checks) and answers (with
//! `FromBody`).

use proc_macro2::TokenStream;
use quote::quote;

use super::fields::{codec, field_doc, required_codec, rust_type, Naming};
use super::implied::Implied;
use super::{doc, ident, lit, Emitter, Items};
use crate::ir::{AnswerFormat, Field, Object};

impl Emitter<'_> {
    pub(super) fn object(&self, o: &Object) -> Items {
        let name = ident(&o.rust);
        let note = self.origin_note(&o.provenance, &o.origin);
        let implied = Implied::of(o.fields.iter().map(|f| (&f.provenance, f.wire.as_str())));
        let fields_note = implied.as_ref().map_or_else(String::new, |i| {
            format!("\n\n{}", i.note("field", "its wire name"))
        });
        let d = doc(&format!("{}{note}{fields_note}", o.doc));
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if o.in_response {
            derives.push(quote!(Default));
        }
        derives.push(quote!(wire::Deserialize));
        derives.push(quote!(wire::Serialize));
        let default = o.in_response.then(|| quote!(, default));
        let naming = Naming::of(&o.fields);
        let rename_all = naming.rename_all();
        let fields = o
            .fields
            .iter()
            .map(|f| object_field(o, f, naming, implied.as_ref()));
        let mut items = Items::default();
        if o.in_request {
            items.add(self.builder(&o.rust, &o.fields, &o.choices, &note));
            items.code.extend(self.object_check(o));
            items
                .code
                .extend(super::literals::literal_consts(&o.rust, &o.fields));
        }
        let outcome = super::outcome::outcome_impl(o);
        let (inherent, from_body_outcome) = outcome.unzip();
        // A callback is encoded with its signature (`emit/callback.rs`), not as an answer.
        let is_callback = self.g.callback.as_ref().map(|c| &c.object.rust) == Some(&o.rust);
        let from_body = o.in_response.then(|| {
            let decoder = self.answer_decoder(o, from_body_outcome);
            let encoder = (!is_callback).then(|| self.answer_encoder(o));
            quote!(#decoder #encoder)
        });
        let with_outcome = inherent.is_some();
        let summary = super::summary::summary_impl(&o.rust, &o.fields, with_outcome);
        let extra = std::mem::take(&mut items.code);
        items.code = quote! {
            #d
            #[derive(#(#derives),*)]
            #[serde(crate = "::paybind::wire::serde" #default #rename_all)]
            #[non_exhaustive]
            pub struct #name { #(#fields)* }
            #extra
            #inherent
            #from_body
            #summary
        };
        items
    }

    fn object_check(&self, o: &Object) -> TokenStream {
        let name = ident(&o.rust);
        let checks = self.field_checks(&o.fields);
        let rules = self.rule_checks(&o.rules);
        let arg = if checks.is_empty() && rules.is_empty() {
            ident("_c")
        } else {
            ident("c")
        };
        quote! {
            impl #name {
                /// Checks every field against the spec's limits and rules, into `checker`.
                pub fn check(&self, #arg: &mut ::paybind::validate::Checker) {
                    #checks
                    #rules
                }
            }
        }
    }

    fn answer_decoder(&self, o: &Object, outcome: Option<TokenStream>) -> TokenStream {
        let name = ident(&o.rust);
        let read = ident(match self.g.answers {
            AnswerFormat::JsonCaseInsensitive => "json_ci",
            AnswerFormat::Json => "json",
            AnswerFormat::Lines => "lines",
        });
        quote! {
            impl ::paybind::transport::FromBody for #name {
                fn decode(body: &[u8], capture: &mut ::paybind::envelope::Capture) -> Result<Self, Box<dyn ::std::error::Error + Send + Sync>> {
                    Ok(::paybind::envelope::#read(body, capture)?)
                }
                #outcome
            }
        }
    }
}

impl Emitter<'_> {
    /// `encode()`: the answer as the gateway sends it, in its answer format, which
    /// `FromBody` reads back (what the simulator answers with).
    fn answer_encoder(&self, o: &Object) -> TokenStream {
        let name = ident(&o.rust);
        let (encode, format) = match self.g.answers {
            AnswerFormat::Json | AnswerFormat::JsonCaseInsensitive => (
                quote!(Ok(::paybind::wire::serde_json::to_string(self)?)),
                "a JSON object",
            ),
            AnswerFormat::Lines => (
                quote!(Ok(::paybind::encoding::to_lines(self)?)),
                "`key=value` lines",
            ),
        };
        let d = doc(&format!(
            "The answer as the gateway sends it ({format}): the fields that are set, under \
             their wire names, sensitive values in clear; [`FromBody`](::paybind::transport::FromBody) \
             reads it back."
        ));
        quote! {
            impl #name {
                #d
                pub fn encode(&self) -> Result<String, Box<dyn ::std::error::Error + Send + Sync>> {
                    #encode
                }
            }
        }
    }
}

/// One field of an object, with its serde attributes: written under its wire name, read
/// under the name the decoder sees (lowercased for a case-insensitive gateway).
fn object_field(o: &Object, f: &Field, naming: Naming, implied: Option<&Implied>) -> TokenStream {
    let fname = ident(&f.rust);
    let fd = doc(&field_doc(f, implied));
    let (wire, read_as) = (lit(&f.wire), lit(&f.read_as));
    let mut attrs = if f.read_as != f.wire {
        vec![quote!(rename(serialize = #wire, deserialize = #read_as))]
    } else if naming.names(f) {
        vec![]
    } else {
        vec![quote!(rename = #wire)]
    };
    let base = rust_type(&f.ty, f.sensitive);
    let ty = if f.required && !o.in_response {
        attrs.extend(required_codec(&f.ty, f.sensitive).map(|w| quote!(with = #w)));
        base
    } else {
        // An answer's fields take their default from the struct's own `default`.
        if !o.in_response {
            attrs.push(quote!(default));
        }
        attrs.extend(codec(&f.ty, f.sensitive).map(|w| quote!(with = #w)));
        attrs.push(quote!(skip_serializing_if = "Option::is_none"));
        quote!(Option<#base>)
    };
    let attrs = (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]));
    quote! {
        #fd
        #attrs
        pub #fname: #ty,
    }
}
