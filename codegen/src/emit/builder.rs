//! Typestate builders with one state parameter, as bon writes them: `SaleBuilder<S>`, whose
//! state `S` (of the module `sale_builder`) says, for each required field, whether it is set
//! and, for each choice (at most one, exactly one, all or none of some optional fields),
//! where it stands. A setter that moves the state returns `SaleBuilder<SetAmount<S>>`; the
//! state types are nameable (`SaleBuilder<sale_builder::SetAmount<sale_builder::SetClientOrderid>>`),
//! so a helper can return a partly filled builder. `build` exists only in the states the
//! rules accept, and a missing field or a forbidden setter reads as a compile error naming
//! it. The values travel in one struct, moved whole by each setter that moves the state: the
//! required values typed by the state (so `build` needs no unwrapping), then the optional
//! ones. A required field's setter replaces its slot through `paybind::builder::Replace`,
//! which `paybind::builder_values!` implements, so no setter names the other fields.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::fields::{rust_type, rust_type_from, setter_arg};
use super::{ident, lit, Emitter, Items};
use crate::ir::{reserved, Choice, ChoiceKind, ChoiceParam, Field};

/// The names a builder uses for one required field.
struct Required<'f> {
    field: &'f Field,
    /// Its associated type in the state: `Unset`, or the value's type once set.
    state: Ident,
    /// The trait implemented once it is set.
    needs: Ident,
}

/// What a builder is made of.
struct Shape<'a> {
    type_name: &'a str,
    builder: Ident,
    /// The module of its state types: `sale_builder`.
    module: Ident,
    fields: &'a [Field],
    required: Vec<Required<'a>>,
    choices: &'a [Choice],
}

impl Shape<'_> {
    fn has_required(&self) -> bool {
        !self.required.is_empty()
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

    /// Whether setting `f` moves the state: a required field, or one in a choice.
    fn moves(&self, f: &Field) -> bool {
        f.required || self.choices_of(f).next().is_some()
    }

    /// The state type a setter of `f` moves to.
    fn set_state(f: &Field) -> Ident {
        format_ident!("Set{}", f.camel)
    }
}

impl Emitter<'_> {
    /// A typestate builder for `type_name`, its state module and its marker traits; `note`
    /// says where the type comes from.
    pub(super) fn builder(
        &self,
        type_name: &str,
        fields: &[Field],
        choices: &[Choice],
        note: &str,
    ) -> Items {
        let shape = Shape {
            type_name,
            builder: ident(&reserved::builder(type_name)),
            module: ident(&reserved::builder_module(type_name)),
            fields,
            required: fields
                .iter()
                .filter(|f| f.required)
                .map(|f| Required {
                    field: f,
                    state: format_ident!("{}", f.camel),
                    needs: format_ident!("{}Needs{}", type_name, f.camel),
                })
                .collect(),
            choices,
        };
        let bdoc = lit(&format!(
            " Builds a [`{type_name}`]. A required field that is not set is a compile error. \
             Its state `S` is one of the types of [`{}`].{note}",
            shape.module
        ));
        let declaration = declaration(&shape);
        let module = state_module(&shape);
        let setters = fields.iter().map(|f| setter(&shape, f));
        let moved = moved(&shape);
        let build = build(&shape);
        let (builder, m) = (&shape.builder, &shape.module);
        let code = quote! {
            #[doc = #bdoc]
            #declaration
            #module
            impl<S: #m::State> #builder<S> {
                #(#setters)*
                #moved
                #build
            }
        };
        let required = shape.required.iter().map(marker_row(type_name)).collect();
        let typestate = choices.iter().map(choice_traits).collect();
        Items {
            code,
            typestate,
            required,
        }
    }
}

/// The builder struct and the type's `builder()`. Its `Debug` and `Clone` are derived: the
/// states are (zero-sized) `Debug` and `Clone`, and so is every value a state holds.
fn declaration(s: &Shape) -> TokenStream {
    let (name, builder, m) = (ident(s.type_name), &s.builder, &s.module);
    let values = if s.has_required() {
        quote!(#m::Values<S>)
    } else {
        quote!(#m::Required)
    };
    let unset = s.required.iter().map(|r| {
        let n = ident(&r.field.rust);
        quote!(#n: ::paybind::Unset,)
    });
    quote! {
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #builder<S: #m::State = #m::Empty> {
            values: #values,
            state: ::core::marker::PhantomData<fn() -> S>,
        }
        impl #name {
            /// Starts a builder with every field unset.
            pub fn builder() -> #builder {
                #builder {
                    values: #m::Required { #(#unset)* optional: #m::Optional::default() },
                    state: ::core::marker::PhantomData,
                }
            }
        }
    }
}

/// The module of the builder's states: the `State` trait (one associated type per required
/// field and per choice parameter), `Empty`, one `Set…` state per field whose setter moves
/// the state, and the struct the values travel in.
fn state_module(s: &Shape) -> TokenStream {
    let (m, type_name) = (&s.module, s.type_name);
    let assoc: Vec<Ident> = s
        .required
        .iter()
        .map(|r| r.state.clone())
        .chain(s.params().map(|p| ident(&p.state)))
        .collect();
    let mdoc = lit(&format!(
        " The states of a [`{}`]: `Empty`, then one `Set…` per field set that the \
         rules follow, the last set outermost (`SetB<SetA>` once `a`, then `b`, are set).",
        s.builder
    ));
    let states = s.fields.iter().filter(|f| s.moves(f)).map(|f| {
        let set = Shape::set_state(f);
        let sdoc = lit(&format!(" `S`, with `{}` set.", f.wire));
        let types = s.required.iter().map(|r| {
            if r.field.wire == f.wire {
                let t = outer_type(f);
                quote!((#t))
            } else {
                quote!(_)
            }
        });
        let chosen = s.params().map(|p| {
            if p.set_by.contains(&f.rust) {
                quote!(chosen)
            } else {
                quote!(_)
            }
        });
        let row = types.chain(chosen);
        quote! {
            #[doc = #sdoc]
            #set [#(#row),*]
        }
    });
    let required = required_struct(s);
    let optional = optional_struct(s);
    let tdoc = lit(&format!(" A state of a `{type_name}` builder."));
    quote! {
        #[doc = #mdoc]
        pub mod #m {
            ::paybind::builder_states! {
                #[doc = #tdoc]
                [#(#assoc),*]
                #(#states)*
            }
            #required
            #optional
        }
    }
}

/// The values: the required ones, each typed by the state (`Unset`, or the value), then the
/// optional ones; with the required values as state `S` types them, when there are any.
fn required_struct(s: &Shape) -> TokenStream {
    let params: Vec<&Ident> = s.required.iter().map(|r| &r.state).collect();
    let slots = s.required.iter().map(|r| {
        let (n, t) = (ident(&r.field.rust), &r.state);
        quote!(#n: #t)
    });
    let projections = params.iter().map(|a| quote!(<S as State>::#a));
    let alias = s.has_required().then(|| {
        quote! {
            #[doc = " The values as state `S` types them."]
            pub type Values<S> = Required<#(#projections),*>;
        }
    });
    quote! {
        ::paybind::builder_values! { [#(#slots),*] }
        #alias
    }
}

/// The optional values so far.
fn optional_struct(s: &Shape) -> TokenStream {
    let fields = s.fields.iter().filter(|f| !f.required).map(|f| {
        let (n, t) = (ident(&f.rust), outer_type(f));
        quote!(pub(super) #n: Option<#t>,)
    });
    quote! {
        #[doc = " The optional values so far."]
        #[derive(Debug, Clone, Default)]
        pub struct Optional { #(#fields)* }
    }
}

/// A field's type as the state module names it: the gateway's own types are `super::`'s.
fn outer_type(f: &Field) -> TokenStream {
    rust_type_from(&f.ty, f.sensitive, &quote!(super::))
}

/// A setter: an optional field outside choices sets its value and keeps the state; a
/// required field's moves the required values to the next state; a choice field's sets its
/// value and moves the state, where the choice is still open.
fn setter(s: &Shape, f: &Field) -> TokenStream {
    let n = ident(&f.rust);
    let fd = lit(&format!(
        " Sets [`{}::{}`] (`{}`): its doc says what it holds, its limits and its source.",
        s.type_name, f.rust, f.wire
    ));
    let fd = quote!(#[doc = #fd]);
    let (arg, conv) = setter_arg(&f.ty, f.sensitive);
    if !s.moves(f) {
        return quote! {
            #fd
            pub fn #n(mut self, value: #arg) -> Self {
                self.values.optional.#n = Some(#conv);
                self
            }
        };
    }
    let (b, m, set) = (&s.builder, &s.module, Shape::set_state(f));
    let open = s
        .choices_of(f)
        .filter(|c| c.kind != ChoiceKind::AllOrNone)
        .map(|c| {
            let (a, t) = (ident(&c.params[0].state), ident(&c.open_trait));
            quote!(S::#a: typestate::#t)
        });
    let Some(required) = s.required_of(f) else {
        return quote! {
            #fd
            pub fn #n(mut self, value: #arg) -> #b<#m::#set<S>> where #(#open),* {
                self.values.optional.#n = Some(#conv);
                self.moved()
            }
        };
    };
    let slot = &required.state;
    quote! {
        #fd
        pub fn #n(self, value: #arg) -> #b<#m::#set<S>> where #(#open),* {
            let values = ::paybind::builder::Replace::<#m::slot::#slot, _>::replace(self.values, #conv);
            #b { values, state: ::core::marker::PhantomData }
        }
    }
}

/// The values moved as they are into a state `T` that holds the same required values: what
/// a choice's setter returns. `None` when no setter moves the state without a required value.
fn moved(s: &Shape) -> Option<TokenStream> {
    if !s.fields.iter().any(|f| !f.required && s.moves(f)) {
        return None;
    }
    let (b, m) = (&s.builder, &s.module);
    let same = s.required.iter().map(|r| {
        let a = &r.state;
        quote!(#a = S::#a)
    });
    Some(quote! {
        /// The same values, in state `T`.
        fn moved<T: #m::State<#(#same),*>>(self) -> #b<T> {
            #b { values: self.values, state: ::core::marker::PhantomData }
        }
    })
}

fn build(s: &Shape) -> TokenStream {
    let name = ident(s.type_name);
    let needs = s.required.iter().map(|r| {
        let (a, t) = (&r.state, &r.needs);
        quote!(S::#a: typestate::#t)
    });
    let chosen = s.choices.iter().filter_map(|c| {
        let t = ident(&c.done_trait);
        let gs: Vec<Ident> = c.params.iter().map(|p| ident(&p.state)).collect();
        match c.kind {
            ChoiceKind::AtMostOne => None,
            ChoiceKind::ExactlyOne => Some(quote!(#(S::#gs)*: typestate::#t)),
            ChoiceKind::AllOrNone => Some(quote!((#(S::#gs,)*): typestate::#t)),
        }
    });
    let build_fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        match s.required_of(f) {
            Some(_) => quote!(#n: self.values.#n.into(),),
            None => quote!(#n: self.values.optional.#n,),
        }
    });
    quote! {
        /// Finishes the value; needs every required field.
        pub fn build(self) -> #name where #(#needs,)* #(#chosen),* {
            #name { #(#build_fields)* }
        }
    }
}

/// The row of `required_traits!` for a required field: its trait, its value's type, and the
/// compile error's words when it was never set.
fn marker_row(type_name: &str) -> impl Fn(&Required) -> TokenStream + '_ {
    move |r| {
        let (t, f) = (&r.needs, r.field);
        let vt = rust_type(&f.ty, f.sensitive);
        let message = lit(&format!(
            "`{type_name}` needs its required field `{}`",
            f.wire
        ));
        let label = lit(&format!("`{}` was never set", f.wire));
        let note = lit(&format!("call `.{}(…)` before `.build()`", f.rust));
        quote!(#t: #vt = #message, #label, #note;)
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
