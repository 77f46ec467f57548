//! Typestate builders: each required field is a generic parameter that starts as `Unset`;
//! `build` exists only once every one is set, and a missing one reads as a compile error
//! naming the field. Each choice (at most one, exactly one, or all or none of some optional
//! fields) adds parameters too: setting a field moves them on, and a setter or a `build`
//! the rule forbids in that state does not compile.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::fields::{field_doc, rust_type, setter_arg, stored_type};
use super::{doc, ident, lit, Emitter, Items};
use crate::ir::{Choice, ChoiceKind, ChoiceParam, Field};

/// The names a builder uses for one required field.
struct Required<'f> {
    field: &'f Field,
    /// The generic parameter holding its state.
    state: Ident,
    /// The trait implemented once it is set.
    needs: Ident,
}

/// What a builder is made of.
struct Shape<'a> {
    type_name: &'a str,
    builder: Ident,
    fields: &'a [Field],
    required: Vec<Required<'a>>,
    choices: &'a [Choice],
}

impl Shape<'_> {
    /// Every generic parameter: the required fields', then the choices'.
    fn states(&self) -> Vec<Ident> {
        let req = self.required.iter().map(|r| r.state.clone());
        req.chain(self.params().map(|p| ident(&p.state))).collect()
    }

    fn params(&self) -> impl Iterator<Item = &ChoiceParam> + '_ {
        self.choices.iter().flat_map(|c| &c.params)
    }

    fn required_of(&self, f: &Field) -> Option<&Required<'_>> {
        self.required.iter().find(|r| r.field.wire == f.wire)
    }

    fn choices_of<'c>(&'c self, f: &'c Field) -> impl Iterator<Item = &'c Choice> + 'c {
        self.choices
            .iter()
            .filter(move |c| c.fields.contains(&f.rust))
    }

    /// The builder type after setting `f`: its own state (and its choices') move on.
    fn after(&self, f: &Field) -> TokenStream {
        let b = &self.builder;
        let req = self.required.iter().map(|r| {
            if r.field.wire == f.wire {
                rust_type(&f.ty, f.sensitive)
            } else {
                let g = &r.state;
                quote!(#g)
            }
        });
        let ch = self.params().map(|p| {
            if p.set_by.contains(&f.rust) {
                quote!(::paybind::Chosen)
            } else {
                let g = ident(&p.state);
                quote!(#g)
            }
        });
        quote!(#b<#(#req,)* #(#ch),*>)
    }
}

impl Emitter<'_> {
    /// A typestate builder for `type_name`, and its marker traits; `note` says where the
    /// type comes from.
    pub(super) fn builder(
        &self,
        type_name: &str,
        fields: &[Field],
        choices: &[Choice],
        note: &str,
    ) -> Items {
        let shape = Shape {
            type_name,
            builder: format_ident!("{}Builder", type_name),
            fields,
            required: fields
                .iter()
                .filter(|f| f.required)
                .map(|f| Required {
                    field: f,
                    state: format_ident!("{}State", f.camel),
                    needs: format_ident!("{}Needs{}", type_name, f.camel),
                })
                .collect(),
            choices,
        };
        let bdoc = lit(&format!(
            " Builds a [`{type_name}`]. A required field that is not set is a compile error.{note}"
        ));
        let declaration = declaration(&shape);
        let setters = fields.iter().map(|f| setter(&shape, f));
        let build = build(&shape);
        let (builder, gens) = (&shape.builder, shape.states());
        let code = quote! {
            #[doc = #bdoc]
            #declaration
            // One generic parameter per required field and per choice: the setters' types are
            // long by design, and nobody writes them out.
            #[allow(clippy::type_complexity)]
            impl<#(#gens),*> #builder<#(#gens),*> {
                #(#setters)*
                #build
            }
        };
        let mut typestate: TokenStream =
            shape.required.iter().map(marker_trait(type_name)).collect();
        typestate.extend(choices.iter().map(choice_traits));
        Items { code, typestate }
    }
}

/// The builder struct and the type's `builder()`.
fn declaration(s: &Shape) -> TokenStream {
    let (name, builder) = (ident(s.type_name), &s.builder);
    let storage = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        match s.required_of(f) {
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
    let slots = s.params().map(|p| {
        let (slot, g) = (ident(&p.slot), ident(&p.state));
        quote!(#slot: #g,)
    });
    let unset_init = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            quote!(#n: ::paybind::Unset,)
        } else {
            quote!(#n: None,)
        }
    });
    let slot_init = s.params().map(|p| {
        let slot = ident(&p.slot);
        quote!(#slot: ::paybind::Unset,)
    });
    let gen_params = s
        .states()
        .into_iter()
        .map(|g| quote!(#g = ::paybind::Unset));
    quote! {
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #builder<#(#gen_params),*> { #(#storage)* #(#slots)* }
        impl #name {
            /// Starts a builder with every field unset (each state's default).
            pub fn builder() -> #builder {
                #builder { #(#unset_init)* #(#slot_init)* }
            }
        }
    }
}

/// A setter: a required field's changes the builder's type, and so does one in a choice; an
/// other optional field's does not.
fn setter(s: &Shape, f: &Field) -> TokenStream {
    let (n, fd) = (ident(&f.rust), doc(&field_doc(f)));
    let (arg, conv) = setter_arg(&f.ty, f.sensitive);
    let in_choice = s.choices_of(f).next().is_some();
    if !f.required && !in_choice {
        return quote! {
            #fd
            pub fn #n(mut self, value: #arg) -> Self {
                self.#n = Some(#conv);
                self
            }
        };
    }
    let value = if f.required {
        conv
    } else {
        quote!(Some(#conv))
    };
    let moves = s.fields.iter().map(|o| {
        let on = ident(&o.rust);
        if o.wire == f.wire {
            quote!(#on: #value,)
        } else {
            quote!(#on: self.#on,)
        }
    });
    let slots = s.params().map(|p| {
        let slot = ident(&p.slot);
        if p.set_by.contains(&f.rust) {
            quote!(#slot: ::paybind::Chosen,)
        } else {
            quote!(#slot: self.#slot,)
        }
    });
    let open = s
        .choices_of(f)
        .filter(|c| c.kind != ChoiceKind::AllOrNone)
        .map(|c| {
            let (g, t) = (ident(&c.params[0].state), ident(&c.open_trait));
            quote!(#g: typestate::#t)
        });
    let (b, out) = (&s.builder, s.after(f));
    quote! {
        #fd
        pub fn #n(self, value: #arg) -> #out where #(#open),* {
            #b { #(#moves)* #(#slots)* }
        }
    }
}

fn build(s: &Shape) -> TokenStream {
    let name = ident(s.type_name);
    let needs = s.required.iter().map(|r| {
        let (g, t) = (&r.state, &r.needs);
        quote!(#g: typestate::#t)
    });
    let chosen = s.choices.iter().filter_map(|c| {
        let t = ident(&c.done_trait);
        let gs: Vec<Ident> = c.params.iter().map(|p| ident(&p.state)).collect();
        match c.kind {
            ChoiceKind::AtMostOne => None,
            ChoiceKind::ExactlyOne => Some(quote!(#(#gs)*: typestate::#t)),
            ChoiceKind::AllOrNone => Some(quote!((#(#gs,)*): typestate::#t)),
        }
    });
    let build_fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        match s.required_of(f) {
            Some(r) => {
                let t = &r.needs;
                quote!(#n: typestate::#t::into_value(self.#n),)
            }
            None => quote!(#n: self.#n,),
        }
    });
    quote! {
        /// Finishes the value; needs every required field.
        pub fn build(self) -> #name where #(#needs,)* #(#chosen),* {
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

/// A choice's traits: open while a field of a one-of may still be set, done in the states
/// `build` accepts.
fn choice_traits(c: &Choice) -> TokenStream {
    let (open, done) = (ident(&c.open_trait), ident(&c.done_trait));
    let [tm, tl, tn] = c.taken.each_ref().map(|s| lit(s));
    let [um, ul, un] = c.unfinished.each_ref().map(|s| lit(s));
    let done_trait = quote! {
        #[diagnostic::on_unimplemented(message = #um, label = #ul, note = #un)]
        #[doc = "Implemented by the states in which the value may be built."]
        pub trait #done {}
    };
    match c.kind {
        ChoiceKind::AllOrNone => {
            let unset = c.params.iter().map(|_| quote!(::paybind::Unset,));
            let chosen = c.params.iter().map(|_| quote!(::paybind::Chosen,));
            quote! {
                #done_trait
                #[diagnostic::do_not_recommend]
                impl #done for (#(#unset)*) {}
                #[diagnostic::do_not_recommend]
                impl #done for (#(#chosen)*) {}
            }
        }
        kind => {
            let done_impls = (kind == ChoiceKind::ExactlyOne).then(|| {
                quote! {
                    #done_trait
                    #[diagnostic::do_not_recommend]
                    impl #done for ::paybind::Chosen {}
                }
            });
            quote! {
                #[diagnostic::on_unimplemented(message = #tm, label = #tl, note = #tn)]
                #[doc = "Implemented while no field of the choice is set."]
                pub trait #open {}
                #[diagnostic::do_not_recommend]
                impl #open for ::paybind::Unset {}
                #done_impls
            }
        }
    }
}
