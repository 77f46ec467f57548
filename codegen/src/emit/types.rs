//! Named enums and objects, and the typestate builders of objects and requests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::*;

impl Emitter<'_> {
    pub(super) fn enumeration(&self, e: &crate::ir::Enum) -> TokenStream {
        let name = ident(&e.rust);
        let d = doc(&format!(
            "{}{}",
            e.doc,
            self.source_note(&format!("type `{}`", e.rust))
        ));
        let variants = e.values.iter().map(|(wire, v, vd)| {
            let v = ident(v);
            let vd = doc(&format!("`{wire}`: {vd}"));
            quote!(#vd #v,)
        });
        let from = e.values.iter().map(|(wire, v, _)| {
            let v = ident(v);
            let w = lit(wire);
            quote!(#w => #name::#v,)
        });
        let to = e.values.iter().map(|(wire, v, _)| {
            let v = ident(v);
            let w = lit(wire);
            quote!(#name::#v => #w,)
        });
        let all = e.values.iter().map(|(w, _, _)| lit(w));
        let serialize_body = if e.integer {
            quote! {
                match self.as_str().parse::<i64>() {
                    Ok(n) => s.serialize_i64(n),
                    Err(_) => s.serialize_str(self.as_str()),
                }
            }
        } else {
            quote!(s.serialize_str(self.as_str()))
        };
        quote! {
            #d
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value the spec does not list; the raw value is kept. Refused in requests
                /// under the strict validation policy.
                Unknown(String),
            }
            impl #name {
                /// The documented wire values.
                pub const DOCUMENTED: &'static [&'static str] = &[#(#all),*];
                /// The value for a raw wire value; never fails.
                pub fn from_wire(s: &str) -> Self {
                    match s {
                        #(#from)*
                        other => #name::Unknown(other.to_string()),
                    }
                }
                /// The value as written on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#to)*
                        #name::Unknown(raw) => raw,
                    }
                }
                /// False for [`Self::Unknown`].
                pub fn is_documented(&self) -> bool {
                    !matches!(self, #name::Unknown(_))
                }
            }
            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    Ok(#name::from_wire(s))
                }
            }
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::paybind::wire::serde::Serialize for #name {
                fn serialize<S: ::paybind::wire::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    #serialize_body
                }
            }
            impl<'de> ::paybind::wire::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::paybind::wire::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    ::paybind::wire::deserialize_parsed(d)
                }
            }
        }
    }

    pub(super) fn object(&self, o: &Object) -> TokenStream {
        let name = ident(&o.rust);
        let d = doc(&format!(
            "{}{}",
            o.doc,
            self.source_note(&format!("type `{}`", o.rust))
        ));
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if o.in_response {
            derives.push(quote!(Default));
        }
        derives.push(quote!(::paybind::wire::serde::Deserialize));
        if o.in_request {
            derives.push(quote!(::paybind::wire::serde::Serialize));
        }
        let fields = o.fields.iter().map(|f| {
            let fname = ident(&f.rust);
            let fd = doc(&field_doc(f));
            let wire = lit(&f.wire);
            let base = rust_type(&f.ty, f.sensitive);
            let mut attrs = if self.g.case_insensitive_keys && o.in_response {
                let lower = lit(&f.wire.to_lowercase());
                if o.in_request {
                    vec![quote!(rename(serialize = #wire, deserialize = #lower))]
                } else {
                    vec![quote!(rename = #lower)]
                }
            } else {
                vec![quote!(rename = #wire)]
            };
            let ty = if f.required && !o.in_response {
                if matches!(f.ty, Ty::Flag) {
                    attrs.push(quote!(
                        serialize_with = "::paybind::wire::serialize_required_flag"
                    ));
                }
                if let Some(de) = required_deserializer(&f.ty, f.sensitive) {
                    attrs.push(quote!(deserialize_with = #de));
                }
                base
            } else {
                attrs.push(quote!(default));
                if let Some(de) = deserializer(&f.ty, f.sensitive) {
                    attrs.push(quote!(deserialize_with = #de));
                }
                if o.in_request {
                    attrs.push(quote!(skip_serializing_if = "Option::is_none"));
                    if matches!(f.ty, Ty::Flag) {
                        attrs.push(quote!(serialize_with = "::paybind::wire::serialize_flag"));
                    }
                }
                quote!(Option<#base>)
            };
            quote! {
                #fd
                #[serde(#(#attrs),*)]
                pub #fname: #ty,
            }
        });
        let builder = if o.in_request {
            let (b, traits) = self.builder(&o.rust, &o.fields, &format!("type `{}`", o.rust));
            self.typestate.borrow_mut().push(traits);
            let checks = self.field_checks(&o.fields);
            let rules = self.rule_checks(&o.rules, &o.fields);
            let arg = if checks.is_empty() && rules.is_empty() {
                ident("_c")
            } else {
                ident("c")
            };
            quote! {
                #b
                impl #name {
                    /// Checks every field against the spec's limits and rules, into `checker`.
                    pub fn check(&self, #arg: &mut ::paybind::validate::Checker) {
                        #checks
                        #rules
                    }
                }
            }
        } else {
            quote!()
        };
        let decode_body = match self.g.response_encoding {
            ResponseEncoding::Json if self.g.case_insensitive_keys => {
                quote!(Ok(::paybind::wire::from_json_ci::<Self>(body)?))
            }
            ResponseEncoding::Json => {
                quote!(Ok(::paybind::wire::serde_json::from_slice::<Option<Self>>(
                    body
                )?
                .unwrap_or_default()))
            }
            ResponseEncoding::Lines => quote!(Ok(::paybind::wire::from_lines::<Self>(body)?)),
        };
        let from_body = if o.in_response {
            quote! {
                impl ::paybind::transport::FromBody for #name {
                    fn from_body(body: &[u8]) -> Result<Self, Box<dyn ::std::error::Error + Send + Sync>> {
                        #decode_body
                    }
                }
            }
        } else {
            quote!()
        };
        quote! {
            #d
            #[derive(#(#derives),*)]
            #[serde(crate = "::paybind::wire::serde")]
            #[non_exhaustive]
            pub struct #name { #(#fields)* }
            #builder
            #from_body
        }
    }

    /// A typestate builder for `type_name`: required fields are generic parameters that
    /// start as `Unset`; `build` exists only once each is set.
    pub(super) fn builder(
        &self,
        type_name: &str,
        fields: &[Field],
        what: &str,
    ) -> (TokenStream, TokenStream) {
        let name = ident(type_name);
        let builder = format_ident!("{}Builder", type_name);
        let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
        let gens: Vec<Ident> = required
            .iter()
            .map(|f| format_ident!("{}State", crate::ir::camel(&f.wire)))
            .collect();
        let traits: Vec<Ident> = required
            .iter()
            .map(|f| format_ident!("{}Needs{}", type_name, crate::ir::camel(&f.wire)))
            .collect();
        let storage = fields.iter().map(|f| {
            let n = ident(&f.rust);
            if f.required {
                let g = &gens[required.iter().position(|r| r.wire == f.wire).unwrap_or(0)];
                quote!(#n: #g,)
            } else {
                let t = rust_type(&f.ty, f.sensitive);
                quote!(#n: Option<#t>,)
            }
        });
        let unset_init = fields.iter().map(|f| {
            let n = ident(&f.rust);
            if f.required {
                quote!(#n: ::paybind::wire::Unset,)
            } else {
                quote!(#n: None,)
            }
        });
        let unsets = required.iter().map(|_| quote!(::paybind::wire::Unset));
        let setters = fields.iter().map(|f| {
            let n = ident(&f.rust);
            let fd = doc(&field_doc(f));
            let (arg, conv) = setter_arg(&f.ty, f.sensitive);
            if f.required {
                let pos = required.iter().position(|r| r.wire == f.wire).unwrap_or(0);
                let t = rust_type(&f.ty, f.sensitive);
                let out_gens =
                    gens.iter()
                        .enumerate()
                        .map(|(i, g)| if i == pos { quote!(#t) } else { quote!(#g) });
                let moves = fields.iter().map(|o| {
                    let on = ident(&o.rust);
                    if o.wire == f.wire {
                        quote!(#on: #conv,)
                    } else {
                        quote!(#on: self.#on,)
                    }
                });
                quote! {
                    #fd
                    pub fn #n(self, value: #arg) -> #builder<#(#out_gens),*> {
                        #builder { #(#moves)* }
                    }
                }
            } else {
                quote! {
                    #fd
                    pub fn #n(mut self, value: #arg) -> Self {
                        self.#n = Some(#conv);
                        self
                    }
                }
            }
        });
        let bounds = required.iter().enumerate().map(|(i, f)| {
            let g = &gens[i];
            let t = &traits[i];
            let _ = f;
            quote!(#g: typestate::#t)
        });
        let build_fields = fields.iter().map(|f| {
            let n = ident(&f.rust);
            if f.required {
                let i = required.iter().position(|r| r.wire == f.wire).unwrap_or(0);
                let t = &traits[i];
                quote!(#n: typestate::#t::into_value(self.#n),)
            } else {
                quote!(#n: self.#n,)
            }
        });
        let trait_defs = required.iter().enumerate().map(|(i, f)| {
            let t = &traits[i];
            let vt = rust_type(&f.ty, f.sensitive);
            let message = lit(&format!(
                "`{type_name}` needs its required field `{}`",
                f.wire
            ));
            let label = lit(&format!("`{}` was never set", f.wire));
            let note = lit(&format!("call `.{}(…)` before `.build()`", f.rust));
            quote! {
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                #[doc = "Implemented once the field is set."]
                pub trait #t {
                    #[doc = "The field's value."]
                    fn into_value(self) -> #vt;
                }
                #[diagnostic::do_not_recommend]
                impl #t for #vt {
                    fn into_value(self) -> #vt { self }
                }
            }
        });
        let gen_params = gens.iter().map(|g| quote!(#g = ::paybind::wire::Unset));
        let bdoc = lit(&format!(
            " Builds a [`{type_name}`]. A required field that is not set is a compile error.{}",
            self.source_note(what)
        ));
        let code = quote! {
            #[doc = #bdoc]
            #[derive(Debug, Clone)]
            #[must_use]
            pub struct #builder<#(#gen_params),*> { #(#storage)* }
            impl #name {
                /// Starts a builder with every field unset.
                pub fn builder() -> #builder<#(#unsets),*> {
                    #builder { #(#unset_init)* }
                }
            }
            impl<#(#gens),*> #builder<#(#gens),*> {
                #(#setters)*
                /// Finishes the value; needs every required field.
                pub fn build(self) -> #name where #(#bounds),* {
                    #name { #(#build_fields)* }
                }
            }
        };
        (code, quote!(#(#trait_defs)*))
    }
}
