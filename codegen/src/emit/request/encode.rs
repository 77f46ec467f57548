//! A request's body: a form written field by field (credentials first, then parameters in
//! spec order, then the signature), or a JSON object.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::super::{ident, lit};
use crate::ir::{BodyKind, Field, Op, Ty};

/// `body()`, for JSON and empty bodies; forms use the trait's default over `encode`.
pub(super) fn body_fn(op: &Op) -> TokenStream {
    let path = lit(&op.path);
    let body = match op.body {
        BodyKind::Form => return quote!(),
        BodyKind::Empty => quote!(Ok(::paybind::transport::Body::Empty)),
        BodyKind::Json => quote! {
            let mut out = ::std::vec::Vec::with_capacity(::paybind::encoding::BODY_CAPACITY);
            ::paybind::wire::serde_json::to_writer(&mut out, self)
                .map(|()| ::paybind::transport::Body::Json(out))
                .map_err(|source| ::paybind::EncodeError::new(#path, "body", source))
        },
    };
    quote! {
        fn body(&self, _credentials: &Credentials) -> Result<::paybind::transport::Body, ::paybind::EncodeError> {
            #body
        }
    }
}

/// `encode()`, for form bodies.
pub(super) fn encode_fn(op: &Op) -> TokenStream {
    if op.body != BodyKind::Form {
        return quote!();
    }
    let path = lit(&op.path);
    let creds = op.form_credentials.iter().map(|c| {
        let (n, w) = (ident(&c.rust), lit(&c.wire));
        if c.sensitive.is_some() {
            quote!(body.str(#w, credentials.#n.expose());)
        } else {
            quote!(body.str(#w, &credentials.#n);)
        }
    });
    let encodes = op.params.iter().map(|f| {
        let n = ident(&f.rust);
        if let Some(direct) = encode_field(f) {
            return direct;
        }
        let enc = encode_value(f, &path);
        if f.required {
            quote! { { let v = &self.#n; #enc } }
        } else {
            quote! { if let Some(v) = &self.#n { #enc } }
        }
    });
    let signature = op.signature.as_ref().map(|s| {
        let field = lit(&s.field);
        quote!(body.str(#field, self.signature_inline(credentials).as_str());)
    });
    quote! {
        fn encode(&self, credentials: &Credentials, body: &mut ::paybind::encoding::FormBody) -> Result<(), ::paybind::EncodeError> {
            #(#creds)*
            #(#encodes)*
            #signature
            Ok(())
        }
    }
}

/// Writes the field into the form `body` in one statement, set or not, where its type
/// reads as text (`FormValue`); `None` for the types written from their value.
fn encode_field(f: &Field) -> Option<TokenStream> {
    let (n, w) = (ident(&f.rust), lit(&f.wire));
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip | Ty::Integer | Ty::Amount => {}
        Ty::Date(_) | Ty::Joined(..) => {}
        Ty::Enum(_) if f.required => return Some(quote!(body.str(#w, self.#n.as_str());)),
        Ty::Enum(e) => {
            let e = ident(e);
            return Some(quote!(body.field(#w, &self.#n.as_ref().map(#e::as_str));));
        }
        _ => return None,
    }
    Some(quote!(body.field(#w, &self.#n);))
}

/// Writes one value `v` into the form `body`.
fn encode_value(f: &Field, endpoint: &Literal) -> TokenStream {
    let w = lit(&f.wire);
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip if f.sensitive.is_some() => {
            quote!(body.str(#w, v.expose());)
        }
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => quote!(body.str(#w, v);),
        Ty::Integer => quote!(body.int(#w, *v);),
        Ty::Amount => quote!(body.int(#w, v.get());),
        Ty::Money => {
            let currency = f.currency_field.as_ref().map(|cf| {
                let cf = lit(cf);
                quote!(body.str(#cf, v.currency().code());)
            });
            quote! {
                body.str(#w, v.major_text().as_str());
                #currency
            }
        }
        Ty::Flag => quote!(body.flag(#w, *v);),
        Ty::Boolean => quote!(body.bool(#w, *v);),
        Ty::Enum(_) => quote!(body.str(#w, v.as_str());),
        Ty::ReturnCode => quote!(body.str(#w, v.code());),
        Ty::Date(_) | Ty::Joined(..) => quote!(body.display(#w, v);),
        Ty::Object(_) | Ty::List(_) => quote! {
            body.json(#w, v).map_err(|source| ::paybind::EncodeError::new(#endpoint, #w, source))?;
        },
    }
}
