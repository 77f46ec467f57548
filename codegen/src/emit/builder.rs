//! Typestate builders: each required field is a generic parameter that starts as `Unset`;
//! `build` exists only once every one is set, and a missing one reads as a compile error
//! naming the field.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::fields::{field_doc, rust_type, setter_arg, stored_type};
use super::{doc, ident, lit, Emitter, Items};
use crate::ir::Field;

/// The names a builder uses for one required field.
struct Required<'f> {
    field: &'f Field,
    /// The generic parameter holding its state.
    state: Ident,
    /// The trait implemented once it is set.
    needs: Ident,
}

impl Emitter<'_> {
    /// A typestate builder for `type_name`, and its marker traits; `note` says where the
    /// type comes from.
    pub(super) fn builder(&self, type_name: &str, fields: &[Field], note: &str) -> Items {
        let required: Vec<Required> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| Required {
                field: f,
                state: format_ident!("{}State", f.camel),
                needs: format_ident!("{}Needs{}", type_name, f.camel),
            })
            .collect();
        let bdoc = lit(&format!(
            " Builds a [`{type_name}`]. A required field that is not set is a compile error.{note}"
        ));
        let declaration = declaration(type_name, fields, &required);
        let setters = fields
            .iter()
            .map(|f| setter(type_name, f, fields, &required));
        let build = build(type_name, fields, &required);
        let builder = format_ident!("{}Builder", type_name);
        let gens: Vec<&Ident> = states(&required).collect();
        let code = quote! {
            #[doc = #bdoc]
            #declaration
            impl<#(#gens),*> #builder<#(#gens),*> {
                #(#setters)*
                #build
            }
        };
        Items {
            code,
            typestate: required.iter().map(marker_trait(type_name)).collect(),
        }
    }
}

fn states<'a>(required: &'a [Required]) -> impl Iterator<Item = &'a Ident> + Clone {
    required.iter().map(|r| &r.state)
}

/// The builder struct and the type's `builder()`.
fn declaration(type_name: &str, fields: &[Field], required: &[Required]) -> TokenStream {
    let (name, builder) = (ident(type_name), format_ident!("{}Builder", type_name));
    let storage = fields.iter().map(|f| {
        let n = ident(&f.rust);
        match required.iter().find(|r| r.field.wire == f.wire) {
            Some(r) => {
                let g = &r.state;
                quote!(#n: #g,)
            }
            None => {
                let t = stored_type(f);
                quote!(#n: #t,)
            }
        }
    });
    let unset_init = fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            quote!(#n: ::paybind::Unset,)
        } else {
            quote!(#n: None,)
        }
    });
    let unsets = required.iter().map(|_| quote!(::paybind::Unset));
    let gen_params = states(required).map(|g| quote!(#g = ::paybind::Unset));
    quote! {
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #builder<#(#gen_params),*> { #(#storage)* }
        impl #name {
            /// Starts a builder with every field unset.
            pub fn builder() -> #builder<#(#unsets),*> {
                #builder { #(#unset_init)* }
            }
        }
    }
}

/// A setter: a required field's changes the builder's type, an optional one's does not.
fn setter(type_name: &str, f: &Field, fields: &[Field], required: &[Required]) -> TokenStream {
    let (n, fd) = (ident(&f.rust), doc(&field_doc(f)));
    let (arg, conv) = setter_arg(&f.ty, f.sensitive);
    if !f.required {
        return quote! {
            #fd
            pub fn #n(mut self, value: #arg) -> Self {
                self.#n = Some(#conv);
                self
            }
        };
    }
    let builder = format_ident!("{}Builder", type_name);
    let t = rust_type(&f.ty, f.sensitive);
    let out_gens = required.iter().map(|r| {
        let g = &r.state;
        if r.field.wire == f.wire {
            quote!(#t)
        } else {
            quote!(#g)
        }
    });
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
}

fn build(type_name: &str, fields: &[Field], required: &[Required]) -> TokenStream {
    let name = ident(type_name);
    let bounds = required.iter().map(|r| {
        let (g, t) = (&r.state, &r.needs);
        quote!(#g: typestate::#t)
    });
    let build_fields = fields.iter().map(|f| {
        let n = ident(&f.rust);
        match required.iter().find(|r| r.field.wire == f.wire) {
            Some(r) => {
                let t = &r.needs;
                quote!(#n: typestate::#t::into_value(self.#n),)
            }
            None => quote!(#n: self.#n,),
        }
    });
    quote! {
        /// Finishes the value; needs every required field.
        pub fn build(self) -> #name where #(#bounds),* {
            #name { #(#build_fields)* }
        }
    }
}

/// The trait a required field's state implements once set, with the compile error's words.
fn marker_trait(type_name: &str) -> impl Fn(&Required) -> TokenStream + '_ {
    move |r| {
        let (t, f) = (&r.needs, r.field);
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
    }
}
