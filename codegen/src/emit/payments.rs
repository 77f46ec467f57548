//! The common payment operations (`paybind::payments`) on the gateway's `Client`, one trait
//! impl per operation the spec's `payments:` maps; none for the others.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit};
use crate::ir::{PaymentCallback, PaymentId, PaymentKind, PaymentOp};

pub(super) fn payments(ops: &[PaymentOp], callback: Option<&PaymentCallback>) -> TokenStream {
    let impls = ops.iter().map(payment_impl);
    let callback = callback.map(callbacks_impl);
    quote!(#(#impls)* #callback)
}

/// `Callbacks`: the verified callback's naming fields and outcome.
fn callbacks_impl(c: &PaymentCallback) -> TokenStream {
    let field = |f: &Option<String>| match f {
        Some(rust) => {
            let r = ident(rust);
            quote!(callback.#r.clone())
        }
        None => quote!(None),
    };
    let (reference, id) = (field(&c.reference), field(&c.id));
    quote! {
        impl ::paybind::payments::Callbacks for Client {
            fn callback(&self, body: &[u8]) -> Result<::paybind::payments::Notice, ::paybind::CallbackError> {
                let callback = self.credentials.verify_callback(body)?;
                Ok(::paybind::payments::Notice::new(#reference, #id, callback.outcome()))
            }
        }
    }
}

fn payment_impl(p: &PaymentOp) -> TokenStream {
    let method = ident(&p.method);
    let outcome = answer_outcome(p);
    let call = quote! {
        ::paybind::payments::settle(Api, self.#method(&request).await, #outcome)
    };
    let result = quote!(Result<::paybind::Outcome, ::paybind::payments::Error>);
    match p.kind {
        PaymentKind::Sale | PaymentKind::Authorize => placed_impl(p),
        PaymentKind::Capture => {
            let build = build(p, quote!(amount));
            quote! {
                impl ::paybind::payments::Capture for Client {
                    async fn capture(&self, payment: ::paybind::payments::PaymentRef<'_>, amount: ::paybind::Money) -> #result {
                        #build
                        #call
                    }
                }
            }
        }
        PaymentKind::Refund => {
            let build = build(p, quote!(refund.amount));
            quote! {
                impl ::paybind::payments::Refund for Client {
                    async fn refund(&self, refund: ::paybind::payments::Refunding<'_>) -> #result {
                        let payment = refund.payment;
                        #build
                        #call
                    }
                }
            }
        }
        PaymentKind::Cancel => {
            let build = build(p, quote!(()));
            quote! {
                impl ::paybind::payments::Cancel for Client {
                    async fn cancel(&self, payment: ::paybind::payments::PaymentRef<'_>) -> #result {
                        #build
                        #call
                    }
                }
            }
        }
        PaymentKind::Status => {
            let build = build(p, quote!(()));
            quote! {
                impl ::paybind::payments::Status for Client {
                    async fn status(&self, payment: ::paybind::payments::PaymentRef<'_>) -> #result {
                        #build
                        #call
                    }
                }
            }
        }
    }
}

/// `Sale` or `Authorize`: the gateway's own request, the answer's outcome and id.
fn placed_impl(p: &PaymentOp) -> TokenStream {
    let (method, request) = (ident(&p.method), ident(&p.request));
    let outcome = answer_outcome(p);
    let (tr, f) = if p.kind == PaymentKind::Sale {
        (ident("Sale"), ident("sale"))
    } else {
        (ident("Authorize"), ident("authorize"))
    };
    let id = match &p.id {
        Some(PaymentId::Answer(path)) => {
            let text = super::outcome::copied_from(path, quote!(a));
            quote!(|a| #text)
        }
        _ => quote!(|_| None),
    };
    let placed = quote!(Result<::paybind::payments::Placed, ::paybind::payments::Error>);
    quote! {
        impl ::paybind::payments::#tr for Client {
            type Request = #request;
            async fn #f(&self, request: &#request) -> #placed {
                ::paybind::payments::placed(Api, self.#method(request).await, #outcome, #id)
            }
        }
    }
}

/// `let request = Refund::builder().transaction_ref(reference).amount(..).build();`, the
/// amount converted (or 0, for a cancel) and the refund's own reference checked first.
fn build(p: &PaymentOp, amount: TokenStream) -> TokenStream {
    let request = ident(&p.request);
    let endpoint = lit(&p.endpoint);
    let mut prelude = Vec::new();
    let mut setters = Vec::new();
    if let Some((rust, _)) = &p.reference {
        let r = ident(rust);
        setters.push(quote!(.#r(payment.reference)));
    }
    if let Some((rust, wire)) = &p.refund_reference {
        let (r, w) = (ident(rust), lit(wire));
        prelude.push(quote! {
            let own = ::paybind::payments::required(#endpoint, #w, refund.refund_reference)?;
        });
        setters.push(quote!(.#r(own)));
    }
    if let Some(PaymentId::Param(rust, wire, true)) = &p.id {
        let (r, w) = (ident(rust), lit(wire));
        prelude.push(quote! {
            let id = ::paybind::payments::required(#endpoint, #w, payment.id)?;
        });
        setters.push(quote!(.#r(id)));
    }
    // An optional id: set when given (an optional field's setter keeps the builder's type).
    let optional = match &p.id {
        Some(PaymentId::Param(rust, _, false)) => {
            let r = ident(rust);
            quote!(let builder = match payment.id { Some(id) => builder.#r(id), None => builder };)
        }
        _ => quote!(),
    };
    if let Some(a) = &p.amount {
        let (r, w) = (ident(&a.rust), lit(&a.wire));
        let value = match (&a.currency, p.kind) {
            (_, PaymentKind::Cancel) => quote!(::paybind::MinorUnits::from(0)),
            (Some(c), _) => {
                let c = lit(c);
                quote!(::paybind::payments::minor_units(#endpoint, #w, #amount, #c)?)
            }
            (None, _) => amount,
        };
        setters.push(quote!(.#r(#value)));
    }
    quote! {
        #(#prelude)*
        let builder = #request::builder()#(#setters)*;
        #optional
        let request = builder.build();
    }
}

/// The closure reading the answer's outcome: its own, or (status) its payment's.
fn answer_outcome(p: &PaymentOp) -> TokenStream {
    match &p.answer {
        None => quote!(|a| a.outcome()),
        Some((field, true)) => {
            let f = ident(field);
            quote!(|a| a.#f.as_ref().and_then(|l| l.first()).map_or(::paybind::Outcome::Unknown, |x| x.outcome()))
        }
        Some((field, false)) => {
            let f = ident(field);
            quote!(|a| a.#f.as_ref().map_or(::paybind::Outcome::Unknown, |x| x.outcome()))
        }
    }
}
