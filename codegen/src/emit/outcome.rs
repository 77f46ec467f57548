//! An answer's `outcome()`: its cases in spec order, each a test of the answer's fields,
//! the first that holds deciding; `Outcome::Unknown` when none does.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit, provenance_text};
use crate::ir::{ActionTarget, FieldPath, Object, OutcomeCase, OutcomeIs, Poll, Ty, ValueTest};

/// `impl Answer { pub fn outcome(&self) -> Outcome }`, and the `FromBody::outcome` that the
/// call's span reads; nothing for an object without outcome cases.
pub(super) fn outcome_impl(o: &Object) -> Option<(TokenStream, TokenStream)> {
    if o.outcome.is_empty() {
        return None;
    }
    let name = ident(&o.rust);
    let cases = o.outcome.iter().map(case);
    let lines: Vec<String> = o.outcome.iter().map(case_doc).collect();
    let d = doc(&format!(
        "What this answer means for the payment: the first of these cases that holds, else \
         `Outcome::Unknown`.\n\n{}",
        lines.join("\n")
    ));
    let inherent = quote! {
        impl #name {
            #d
            pub fn outcome(&self) -> ::paybind::Outcome {
                #(#cases)*
                ::paybind::Outcome::Unknown
            }
        }
    };
    let from_body = quote! {
        fn outcome(&self) -> Option<::paybind::Outcome> {
            Some(#name::outcome(self))
        }
    };
    Some((inherent, from_body))
}

/// One line of the doc: `- `actionCode in [AUTH_3DS_REQUISE]: action required (ThreeDsV2)`. Source: ...`.
fn case_doc(c: &OutcomeCase) -> String {
    let why = provenance_text(&c.provenance);
    format!("- `{}`. {why}", c.text().replace('`', "'"))
        .trim_end()
        .to_string()
}

fn case(c: &OutcomeCase) -> TokenStream {
    let tests: Vec<TokenStream> = c.tests.iter().map(|t| test(&t.path, &t.test)).collect();
    let value = outcome(&c.is);
    if tests.is_empty() {
        return quote!(return #value;);
    }
    quote! {
        if #(#tests)&&* {
            return #value;
        }
    }
}

/// The field at the end of `p`, as an `Option<&T>`.
fn access(p: &FieldPath) -> TokenStream {
    access_from(p, quote!(self))
}

/// The field at the end of `p` from `root` (an answer), as an `Option<&T>`.
fn access_from(p: &FieldPath, root: TokenStream) -> TokenStream {
    let mut steps = p.steps.iter();
    let Some((first, optional)) = steps.next() else {
        return quote!(None);
    };
    let first = ident(first);
    let mut out = if *optional {
        quote!(#root.#first.as_ref())
    } else {
        quote!(Some(&#root.#first))
    };
    for (rust, optional) in steps {
        let f = ident(rust);
        out = if *optional {
            quote!(#out.and_then(|v| v.#f.as_ref()))
        } else {
            quote!(#out.map(|v| &v.#f))
        };
    }
    out
}

/// The wire text of a textual leaf, from `v: &T`.
fn text_of(leaf: &Ty) -> TokenStream {
    match leaf {
        Ty::ReturnCode => quote!(v.code()),
        _ => quote!(v.as_str()),
    }
}

fn test(p: &FieldPath, t: &ValueTest) -> TokenStream {
    let at = access(p);
    match t {
        ValueTest::Present => quote!(#at.is_some()),
        ValueTest::Text(values) => {
            let text = text_of(&p.leaf);
            let values = values.iter().map(|v| lit(v));
            quote!(#at.is_some_and(|v| [#(#values),*].contains(&#text)))
        }
        ValueTest::Bool(b) => quote!(#at.copied() == Some(#b)),
        ValueTest::Int(values) => quote!(#at.is_some_and(|v| [#(#values),*].contains(v))),
        ValueTest::Category(c) => {
            let c = c.iter().map(|k| ident(k.variant()));
            quote!(#at.is_some_and(|v| [#(::paybind::ReturnCategory::#c),*].contains(&v.category())))
        }
    }
}

/// The field's text, as an `Option<String>`.
fn copied(p: &FieldPath) -> TokenStream {
    copied_from(p, quote!(self))
}

/// The text of the field at the end of `p` from `root`, as an `Option<String>`.
pub(super) fn copied_from(p: &FieldPath, root: TokenStream) -> TokenStream {
    let at = access_from(p, root);
    let text = text_of(&p.leaf);
    quote!(#at.map(|v| #text.to_string()))
}

fn outcome(is: &OutcomeIs) -> TokenStream {
    match is {
        OutcomeIs::Succeeded => quote!(::paybind::Outcome::Succeeded),
        OutcomeIs::Authorized => quote!(::paybind::Outcome::Authorized),
        OutcomeIs::Cancelled => quote!(::paybind::Outcome::Cancelled),
        OutcomeIs::Unknown => quote!(::paybind::Outcome::Unknown),
        OutcomeIs::ActionRequired { kind, target } => {
            let kind = ident(kind);
            let target = action_target(target);
            quote!(::paybind::Outcome::ActionRequired(::paybind::outcome::Action::new(
                ::paybind::outcome::ActionKind::#kind,
                #target,
            )))
        }
        OutcomeIs::Pending { poll } => {
            let poll = match poll {
                Some(p) => {
                    let p = poll_of(p);
                    quote!(Some(#p))
                }
                None => quote!(None),
            };
            quote!(::paybind::Outcome::Pending(::paybind::outcome::Pending::new(#poll)))
        }
        OutcomeIs::Declined {
            code,
            message,
            category,
        } => declined(code.as_ref(), message.as_ref(), *category),
    }
}

fn action_target(t: &ActionTarget) -> TokenStream {
    match t {
        ActionTarget::Html(p) => {
            let html = copied(p);
            quote!(::paybind::outcome::ActionTarget::Html(#html.unwrap_or_default()))
        }
        ActionTarget::Redirect { url, post, fields } => {
            let url = copied(url);
            let method = if *post {
                quote!(::paybind::encoding::Method::Post)
            } else {
                quote!(::paybind::encoding::Method::Get)
            };
            let fields = fields.iter().map(|(name, p)| {
                let (name, value) = (lit(name), copied(p));
                quote!((#name, #value.unwrap_or_default()))
            });
            quote!(::paybind::outcome::ActionTarget::Redirect(::paybind::outcome::Redirect::new(
                #url,
                #method,
                vec![#(#fields),*],
            )))
        }
    }
}

fn poll_of(p: &Poll) -> TokenStream {
    let (endpoint, by) = (lit(&p.endpoint), lit(&p.by));
    let value = match &p.value {
        Some(v) => copied(v),
        None => quote!(None),
    };
    quote!(::paybind::outcome::Poll::new(#endpoint, #by, #value))
}

fn declined(
    code: Option<&FieldPath>,
    message: Option<&FieldPath>,
    category: Option<crate::ir::Category>,
) -> TokenStream {
    let code_text = code.map_or(quote!(None), copied);
    let given = match category {
        Some(k) => {
            let k = ident(k.variant());
            quote!(::paybind::ReturnCategory::#k)
        }
        None => quote!(::paybind::ReturnCategory::Unknown),
    };
    let category = match code {
        Some(p) if p.leaf == Ty::ReturnCode => {
            let at = access(p);
            quote!(match #at.map(|v| v.category()) {
                Some(c) if c != ::paybind::ReturnCategory::Unknown => c,
                _ => #given,
            })
        }
        _ => given,
    };
    let message = message.map_or(quote!(None), copied);
    quote!(::paybind::Outcome::Declined(::paybind::outcome::Decline::new(
        #code_text,
        #category,
        #message,
    )))
}
