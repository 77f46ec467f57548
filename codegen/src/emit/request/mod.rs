//! Each endpoint's request type, split by what it emits: the struct and its serde
//! attributes (`fields`), its path, its body and form encoding (`encode`), how a server reads
//! it back (`decode`), and its checks (here). Signatures are in `super::signature`.

use proc_macro2::TokenStream;
use quote::quote;

use super::implied::Implied;
use super::{doc, ident, lit, Emitter, Items};
use crate::ir::{Op, Response};

mod decode;
mod encode;
mod fields;
mod path;

/// The Rust type of an endpoint's answer.
pub(super) fn response_type(r: &Response) -> TokenStream {
    match r {
        Response::Text => quote!(String),
        Response::Object(r) => {
            let r = ident(r);
            quote!(#r)
        }
    }
}

impl Emitter<'_> {
    pub(super) fn request(&self, op: &Op) -> Items {
        let what = format!("endpoint `{}`", op.path);
        let rules: String = op
            .rules
            .iter()
            .map(|r| match r.provenance.is_empty() {
                true => format!("\n- {}", r.doc),
                false => format!("\n- {} ({})", r.doc, super::provenance_text(&r.provenance)),
            })
            .collect();
        let rules = if rules.is_empty() {
            rules
        } else {
            format!("\n\nRules:{rules}")
        };
        let note = self.origin_note(&op.provenance, &what);
        let implied = Implied::of(op.params.iter().map(|f| (&f.provenance, f.wire.as_str())));
        let fields_note = implied.as_ref().map_or_else(String::new, |i| {
            format!("\n\n{}", i.note("field", "its wire name"))
        });
        let d = doc(&format!("{}{rules}{note}{fields_note}", op.doc));
        let declaration = fields::declaration(op, implied.as_ref());
        let decode = decode::decode(op);
        let mut items = self.builder(&op.rust, &op.params, &op.choices, &note);
        let builder = std::mem::take(&mut items.code);
        let validate = self.validate(op);
        let literals = super::literals::literal_consts(&op.rust, &op.params);
        let signature = op.signature.as_ref().map(|s| self.signature_method(op, s));
        let transport = self.transport(op);
        let summary = super::summary::summary_impl(&op.rust, &op.params, false);
        items.code = quote! {
            #d
            #declaration
            #decode
            #builder
            #validate
            #literals
            #signature
            #transport
            #summary
        };
        items
    }

    fn validate(&self, op: &Op) -> TokenStream {
        let (name, path) = (ident(&op.rust), lit(&op.path));
        let checks = self.field_checks(&op.params);
        let rules = self.rule_checks(&op.rules);
        let checker = if checks.is_empty() && rules.is_empty() {
            ident("_c")
        } else {
            ident("c")
        };
        let brand_validate = (!self.g.brands.is_empty()).then(|| {
            quote! {
                /// Checks the request for one brand: where the brands' documents differ, that
                /// brand's limits apply.
                pub fn validate_for(&self, brand: Brand, policy: ::paybind::ValidationPolicy) -> Result<(), ::paybind::ValidationErrors> {
                    let mut checker = ::paybind::validate::Checker::new(policy).with_brand(Some(brand.id()));
                    self.check(&mut checker);
                    checker.finish(#path)
                }
            }
        });
        quote! {
            impl #name {
                /// Checks the request against every rule of the spec (the strict policy).
                pub fn validate(&self) -> Result<(), ::paybind::ValidationErrors> {
                    self.validate_with(::paybind::ValidationPolicy::Strict)
                }
                /// Checks the request under `policy`, reporting every violation at once.
                pub fn validate_with(&self, policy: ::paybind::ValidationPolicy) -> Result<(), ::paybind::ValidationErrors> {
                    let mut checker = ::paybind::validate::Checker::new(policy);
                    self.check(&mut checker);
                    checker.finish(#path)
                }
                #brand_validate
                /// Runs every check of this request into `c`.
                pub fn check(&self, #checker: &mut ::paybind::validate::Checker) {
                    #checks
                    #rules
                }
            }
        }
    }

    /// The request's side of the generic call path.
    fn transport(&self, op: &Op) -> TokenStream {
        let (name, path) = (ident(&op.rust), lit(&op.path));
        let method = ident(match op.http_method {
            crate::ir::HttpMethod::Get => "Get",
            crate::ir::HttpMethod::Post => "Post",
        });
        let response = response_type(&op.response);
        let sensitive = op.sensitive_names.iter().map(|s| lit(s));
        let wire_names = lit(&op.wire_names.join(" "));
        let path_fn = path::path_fn(op);
        let body_fn = encode::body_fn(op);
        let encode_fn = encode::encode_fn(op);
        let lookup = match &op.lookup {
            Some(l) => {
                let (e, b, f) = (lit(&l.endpoint), lit(&l.name), ident(&l.field));
                quote!(Some(::paybind::transport::Lookup { endpoint: #e, field: #b, value: &self.#f }))
            }
            None => quote!(None),
        };
        let reference = match &op.reference {
            Some(r) if r.required => {
                let f = ident(&r.field);
                quote!(Some(&self.#f))
            }
            Some(r) => {
                let f = ident(&r.field);
                quote!(self.#f.as_deref())
            }
            None => quote!(None),
        };
        quote! {
            impl ::paybind::transport::Request<Api> for #name {
                type Response = #response;
                const PATH: &'static str = #path;
                const METHOD: ::paybind::transport::Method = ::paybind::transport::Method::#method;
                const SENSITIVE: &'static [&'static str] = &[#(#sensitive),*];
                const WIRE_NAMES: &'static str = #wire_names;
                #path_fn
                #body_fn
                fn check(&self, c: &mut ::paybind::validate::Checker) {
                    #name::check(self, c)
                }
                #encode_fn
                fn money_lookup(&self) -> Option<::paybind::transport::Lookup<'_>> {
                    #lookup
                }
                fn reference(&self) -> Option<&str> {
                    #reference
                }
            }
        }
    }
}
