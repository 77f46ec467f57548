//! Request types: their fields, checks, cross-field rules, encodings, paths and signatures.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::*;

impl Emitter<'_> {
    /// An `Option<&T>` expression reaching `path` (`field` or `object.field`) from `self`,
    /// the leaf field, and whether it is always present.
    pub(super) fn access(
        &self,
        params: &[Field],
        path: &str,
    ) -> Option<(TokenStream, Field, bool)> {
        let (head, tail) = match path.split_once('.') {
            Some((h, t)) => (h, Some(t)),
            None => (path, None),
        };
        let p = params.iter().find(|p| p.wire == head)?;
        let n = ident(&p.rust);
        let Some(tail) = tail else {
            let e = if p.required {
                quote!(Some(&self.#n))
            } else {
                quote!(self.#n.as_ref())
            };
            return Some((e, p.clone(), p.required));
        };
        let Ty::Object(obj) = &p.ty else {
            return None;
        };
        let o = self.g.objects.iter().find(|o| &o.rust == obj)?;
        let f = o.fields.iter().find(|f| f.wire == tail)?;
        let fname = ident(&f.rust);
        let e = match (p.required, f.required) {
            (true, true) => quote!(Some(&self.#n.#fname)),
            (true, false) => quote!(self.#n.#fname.as_ref()),
            (false, true) => quote!(self.#n.as_ref().map(|o| &o.#fname)),
            (false, false) => quote!(self.#n.as_ref().and_then(|o| o.#fname.as_ref())),
        };
        Some((e, f.clone(), p.required && f.required))
    }

    /// `validate` statements for each field; `c` is the checker, `self` the value.
    pub(super) fn field_checks(&self, fields: &[Field]) -> TokenStream {
        let stmts = fields.iter().map(|f| {
            let n = ident(&f.rust);
            let check = value_check(f, &quote!(v));
            if check.is_empty() {
                return quote!();
            }
            if f.required {
                quote! { { let v = &self.#n; #check } }
            } else {
                quote! { if let Some(v) = &self.#n { #check } }
            }
        });
        quote!(#(#stmts)*)
    }

    pub(super) fn rule_checks(&self, rules: &[Rule], params: &[Field]) -> TokenStream {
        let present = |w: &str| -> TokenStream {
            match self.access(params, w) {
                Some((_, _, true)) => quote!(true),
                Some((e, _, false)) => quote!(#e.is_some()),
                None => quote!(false),
            }
        };
        let wire_value = |w: &str| -> TokenStream {
            let Some((e, p, always)) = self.access(params, w) else {
                return quote!(None::<&str>);
            };
            let as_str = match p.ty {
                Ty::Enum(_) => quote!(x.as_str()),
                Ty::Boolean => quote!(if *x { "true" } else { "false" }),
                Ty::Flag => quote!(if *x { "1" } else { "0" }),
                Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
                    if p.sensitive.is_some() {
                        quote!(x.expose())
                    } else {
                        quote!(x.as_str())
                    }
                }
                _ => quote!(""),
            };
            let top_level = !w.contains('.');
            if top_level && always {
                let n = ident(&p.rust);
                quote!(Some({ let x = &self.#n; #as_str }))
            } else if top_level
                && matches!(p.ty, Ty::String | Ty::Url | Ty::Email | Ty::Ip)
                && p.sensitive.is_none()
            {
                let n = ident(&p.rust);
                quote!(self.#n.as_deref())
            } else {
                quote!(#e.map(|x| #as_str))
            }
        };
        let stmts = rules.iter().map(|r| match &r.kind {
            RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) => {
                let names = f.iter().map(|w| lit(w));
                let pres = f.iter().map(|w| present(w));
                let m = match &r.kind {
                    RuleKind::ExactlyOneOf(_) => quote!(exactly_one_of),
                    RuleKind::AtMostOneOf(_) => quote!(at_most_one_of),
                    _ => quote!(all_or_none),
                };
                quote!(c.#m(&[#(#names),*], &[#(#pres),*]);)
            }
            RuleKind::RequiredWith { fields, any_of }
            | RuleKind::RequiredUnless { fields, any_of } => {
                let given: Vec<TokenStream> = any_of.iter().map(|w| present(w)).collect();
                let names: Vec<String> = any_of.iter().map(|w| format!("`{w}`")).collect();
                let (holds, text) = if matches!(r.kind, RuleKind::RequiredWith { .. }) {
                    (
                        quote!(any_given),
                        format!("{} is given", names.join(" or ")),
                    )
                } else {
                    (
                        quote!(!any_given),
                        format!("none of {} is given", names.join(", ")),
                    )
                };
                let text = lit(&text);
                let each = fields.iter().map(|f| {
                    let w = lit(f);
                    let p = present(f);
                    quote!(c.required_if(#w, #p, #holds, #text);)
                });
                quote! {
                    {
                        let any_given = #(#given)||*;
                        #(#each)*
                    }
                }
            }
            RuleKind::RequiredIf { field, when } => {
                let w = lit(field);
                let p = present(field);
                let v = wire_value(&when.field);
                let vals = when.values.iter().map(|x| lit(x));
                let cond = lit(&condition_text_for(when));
                let holds = if when.negated {
                    quote!(!matches!(#v, Some(#(#vals)|*)))
                } else {
                    quote!(matches!(#v, Some(#(#vals)|*)))
                };
                quote!(c.required_if(#w, #p, #holds, #cond);)
            }
            RuleKind::MaxLengthIf { field, max, when } => {
                let w = lit(field);
                let v = wire_value(field);
                let cv = wire_value(&when.field);
                let vals = when.values.iter().map(|x| lit(x));
                let cond = lit(&condition_text(&when.field, &when.values));
                quote!(c.max_length_if(#w, #v, #max, matches!(#cv, Some(#(#vals)|*)), #cond);)
            }
        });
        quote!(#(#stmts)*)
    }

    pub(super) fn op(&self, op: &Op) -> TokenStream {
        let name = ident(&op.rust);
        let path = lit(&op.path);
        let mut text = op.doc.clone();
        if !op.variant_doc.is_empty() {
            text.push_str("\n\n");
            text.push_str(&op.variant_doc);
        }
        text.push_str(&format!("\n\n`{} {{base}}/{}`", op.http_method, op.path));
        if op.moves_money {
            text.push_str(
                ". Moves money: a timeout ends in `Error::OutcomeUnknown`, never a resend.",
            );
        }
        if !op.rules.is_empty() {
            text.push_str("\n\nRules:");
            for r in &op.rules {
                text.push_str(&format!("\n- {}", r.doc));
            }
        }
        let d = doc(&format!(
            "{text}{}",
            self.source_note(&format!("endpoint `{}`", op.path))
        ));
        let json = self.g.request_encoding == RequestEncoding::Json;
        // Form requests can be read back from a form, except those holding money (its
        // currency travels in another field).
        let form_decodable = !json;
        // Money arrives as two fields (amount, currency); they are joined before decoding.
        let currency_field = op.params.iter().find_map(|p| p.currency_field.clone());
        let money_fields: Vec<Literal> = op
            .params
            .iter()
            .filter(|p| p.ty == Ty::Money)
            .map(|p| lit(&p.wire))
            .collect();
        let merge_money = match (&currency_field, money_fields.is_empty()) {
            (Some(cf), false) => {
                let cf = lit(cf);
                quote!(::paybind::wire::merge_money(&mut pairs, &[#(#money_fields),*], #cf);)
            }
            _ => quote!(),
        };
        let pairs_mut = if merge_money.is_empty() {
            quote!()
        } else {
            quote!(mut)
        };
        let in_path = |f: &Field| {
            op.path_parts
                .iter()
                .any(|p| matches!(p, PathPart::Param(x) if x.wire == f.wire))
        };
        let fields = op.params.iter().map(|f| {
            let n = ident(&f.rust);
            let fd = doc(&field_doc(f));
            let t = rust_type(&f.ty, f.sensitive);
            let serde_attr = if form_decodable {
                let wire = lit(&f.wire);
                let with = if matches!(f.ty, Ty::Object(_)) {
                    Some(if f.required { "::paybind::wire::deserialize_json_text" } else { "::paybind::wire::deserialize_opt_json_text" }.to_string())
                } else if f.required {
                    required_deserializer(&f.ty, f.sensitive)
                } else {
                    deserializer(&f.ty, f.sensitive)
                };
                let default = if f.required { quote!() } else { quote!(default,) };
                match with {
                    Some(w) => quote!(#[serde(rename = #wire, #default deserialize_with = #w)]),
                    None => quote!(#[serde(rename = #wire, #default)]),
                }
            } else if json {
                let wire = lit(&f.wire);
                let de = if f.required { required_deserializer(&f.ty, f.sensitive) } else { deserializer(&f.ty, f.sensitive) };
                let de = match de {
                    Some(d) => quote!(deserialize_with = #d,),
                    None => quote!(),
                };
                if in_path(f) {
                    quote!(#[serde(skip)])
                } else if f.required {
                    if matches!(f.ty, Ty::Flag) {
                        quote!(#[serde(rename = #wire, #de serialize_with = "::paybind::wire::serialize_required_flag")])
                    } else {
                        quote!(#[serde(rename = #wire, #de)])
                    }
                } else if matches!(f.ty, Ty::Flag) {
                    quote!(#[serde(rename = #wire, default, #de skip_serializing_if = "Option::is_none", serialize_with = "::paybind::wire::serialize_flag")])
                } else {
                    quote!(#[serde(rename = #wire, default, #de skip_serializing_if = "Option::is_none")])
                }
            } else {
                quote!()
            };
            if f.required {
                quote!(#fd #serde_attr pub #n: #t,)
            } else {
                quote!(#fd #serde_attr pub #n: Option<#t>,)
            }
        });
        let path_params: Vec<TokenStream> = op
            .path_parts
            .iter()
            .filter_map(|p| match p {
                PathPart::Param(f) => {
                    let n = ident(&f.rust);
                    Some(quote!(#n: impl Into<String>))
                }
                _ => None,
            })
            .collect();
        let path_sets: Vec<TokenStream> = op
            .path_parts
            .iter()
            .filter_map(|p| match p {
                PathPart::Param(f) => {
                    let n = ident(&f.rust);
                    Some(quote!(request.#n = #n.into();))
                }
                _ => None,
            })
            .collect();
        let request_mut = if path_sets.is_empty() {
            quote!()
        } else {
            quote!(mut)
        };
        let form_decode = if json && op.http_method != "GET" {
            quote! {
                impl #name {
                    /// Reads this request from its JSON body and its path parameters, as the
                    /// gateway (or the simulator) receives it. Check it with `validate` afterwards.
                    pub fn from_json(body: &[u8], #(#path_params),*) -> Result<Self, ::paybind::wire::serde_json::Error> {
                        let #request_mut request: Self = ::paybind::wire::serde_json::from_slice(body)?;
                        #(#path_sets)*
                        Ok(request)
                    }
                }
            }
        } else if form_decodable {
            quote! {
                impl #name {
                    /// Reads this request from a form body, as a gateway (or a simulator)
                    /// receives it; credentials and unknown fields are ignored. Check it
                    /// with `validate` afterwards.
                    pub fn from_form(body: &[u8]) -> Result<Self, ::paybind::wire::FormError> {
                        let #pairs_mut pairs = ::paybind::wire::line_pairs(body);
                        #merge_money
                        ::paybind::wire::from_pairs(pairs).map_err(::paybind::wire::FormError)
                    }
                }
            }
        } else {
            quote!()
        };
        let derive_serialize = if form_decodable {
            quote! {
                #[derive(::paybind::wire::serde::Deserialize)]
                #[serde(crate = "::paybind::wire::serde")]
            }
        } else if json {
            quote! {
                #[derive(::paybind::wire::serde::Serialize, ::paybind::wire::serde::Deserialize)]
                #[serde(crate = "::paybind::wire::serde")]
            }
        } else {
            quote!()
        };
        let method = if op.http_method == "GET" {
            quote!(::paybind::transport::Method::Get)
        } else {
            quote!(::paybind::transport::Method::Post)
        };
        let dynamic_path = op
            .path_parts
            .iter()
            .any(|p| !matches!(p, PathPart::Literal(_)));
        let path_fn = if dynamic_path {
            let pieces = op.path_parts.iter().map(|p| match p {
                PathPart::Literal(l) => {
                    let l = lit(l);
                    quote!(out.push_str(#l);)
                }
                PathPart::Credential(c) => {
                    let n = ident(&c.rust);
                    let get = if c.sensitive.is_some() {
                        quote!(credentials.#n.expose())
                    } else {
                        quote!(&credentials.#n)
                    };
                    quote!(out.push_str(&::paybind::wire::path_segment(#get));)
                }
                PathPart::Param(f) => {
                    let n = ident(&f.rust);
                    quote!(out.push_str(&::paybind::wire::path_segment(&self.#n));)
                }
            });
            let uses_creds = op
                .path_parts
                .iter()
                .any(|p| matches!(p, PathPart::Credential(_)));
            let arg = if uses_creds {
                ident("credentials")
            } else {
                ident("_credentials")
            };
            quote! {
                fn path(&self, #arg: &Credentials) -> ::std::borrow::Cow<'static, str> {
                    let mut out = String::with_capacity(64);
                    #(#pieces)*
                    ::std::borrow::Cow::Owned(out)
                }
            }
        } else {
            quote!()
        };
        let body_fn = if json {
            if op.http_method == "GET" {
                quote! {
                    fn body(&self, _credentials: &Credentials) -> Result<::paybind::transport::Body, ::paybind::EncodeError> {
                        Ok(::paybind::transport::Body::Empty)
                    }
                }
            } else {
                quote! {
                    fn body(&self, _credentials: &Credentials) -> Result<::paybind::transport::Body, ::paybind::EncodeError> {
                        ::paybind::wire::serde_json::to_vec(self)
                            .map(::paybind::transport::Body::Json)
                            .map_err(|source| ::paybind::EncodeError::new(#path, "body", source))
                    }
                }
            }
        } else {
            quote!()
        };
        let (builder, traits) =
            self.builder(&op.rust, &op.params, &format!("endpoint `{}`", op.path));
        self.typestate.borrow_mut().push(traits);
        let checks = self.field_checks(&op.params);
        let rules = self.rule_checks(&op.rules, &op.params);
        let checker_arg = if checks.is_empty() && rules.is_empty() {
            ident("_c")
        } else {
            ident("c")
        };
        let creds = op.credentials.iter().filter_map(|w| {
            let c = self.g.credentials.iter().find(|c| &c.wire == w)?;
            if c.place != Place::Form {
                return None;
            }
            let n = ident(&c.rust);
            let wl = lit(w);
            Some(if c.sensitive.is_some() {
                quote!(body.str(#wl, credentials.#n.expose());)
            } else {
                quote!(body.str(#wl, &credentials.#n);)
            })
        });
        let encodes = op.params.iter().map(|f| {
            let n = ident(&f.rust);
            let enc = encode_value(f, &path);
            if f.required {
                quote! { { let v = &self.#n; #enc } }
            } else {
                quote! { if let Some(v) = &self.#n { #enc } }
            }
        });
        let signature = match &op.signature {
            Some(sig) => signature_code(sig, quote!(self), true),
            None => quote!(),
        };
        let encode_fn = if json {
            quote!()
        } else {
            quote! {
                fn encode(&self, credentials: &Credentials, body: &mut ::paybind::wire::FormBody) -> Result<(), ::paybind::EncodeError> {
                    #(#creds)*
                    #(#encodes)*
                    #signature
                    Ok(())
                }
            }
        };
        let brand_validate = if self.g.brands.is_empty() {
            quote!()
        } else {
            quote! {
                /// Checks the request for one brand: where the brands' documents differ, that
                /// brand's limits apply.
                pub fn validate_for(&self, brand: Brand, policy: ::paybind::ValidationPolicy) -> Result<(), ::paybind::ValidationErrors> {
                    let mut checker = ::paybind::validate::Checker::new(policy).with_brand(Some(brand.id()));
                    self.check(&mut checker);
                    checker.finish(#path)
                }
            }
        };
        let response = match &op.response {
            Response::Text => quote!(String),
            Response::Object(r) => {
                let r = ident(r);
                quote!(#r)
            }
        };
        let lookup = match &op.lookup {
            Some((endpoint, by, as_)) => {
                let e = lit(endpoint);
                let b = lit(as_);
                let field = op
                    .params
                    .iter()
                    .find(|p| &p.wire == by)
                    .map(|p| ident(&p.rust))
                    .unwrap_or_else(|| ident("missing_lookup_field"));
                quote!(Some(::paybind::transport::Lookup { endpoint: #e, field: #b, value: &self.#field }))
            }
            None => quote!(None),
        };
        quote! {
            #d
            #[derive(Debug, Clone, PartialEq)]
            #derive_serialize
            #[non_exhaustive]
            pub struct #name { #(#fields)* }
            #form_decode
            #builder
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
                pub fn check(&self, #checker_arg: &mut ::paybind::validate::Checker) {
                    #checks
                    #rules
                }
            }
            impl ::paybind::transport::Request<Api> for #name {
                type Response = #response;
                const PATH: &'static str = #path;
                const METHOD: ::paybind::transport::Method = #method;
                #path_fn
                #body_fn
                fn check(&self, c: &mut ::paybind::validate::Checker) {
                    #name::check(self, c)
                }
                #encode_fn
                fn money_lookup(&self) -> Option<::paybind::transport::Lookup<'_>> {
                    #lookup
                }
            }
        }
    }
}

/// Statements computing a signature and, when `write` is set, writing it into `body`.
/// `owner` is where fields are read from (`self` for a request, `cb` for a callback). It
/// leaves the hex digest in `signature`.
pub(super) fn signature_code(
    sig: &crate::ir::SignatureIr,
    owner: TokenStream,
    write: bool,
) -> TokenStream {
    use crate::ir::Part;
    let mut stmts = Vec::new();
    let mut names = Vec::new();
    for (i, p) in sig.parts.iter().enumerate() {
        let n = format_ident!("part{}", i);
        let buf = format_ident!("buf{}", i);
        let text_of = |f: &Field| -> TokenStream {
            let r = ident(&f.rust);
            let get = if f.sensitive.is_some() {
                quote!(x.expose())
            } else {
                quote!(x.as_str())
            };
            if f.required {
                quote!({ let x = &#owner.#r; #get })
            } else {
                quote!(#owner.#r.as_ref().map_or("", |x| #get))
            }
        };
        let stmt = match p {
            Part::TargetId => quote! {
                let mut #buf = ::paybind::wire::itoa::Buffer::new();
                let #n: &str = #buf.format(credentials.target.id());
            },
            Part::Field(f) if f.ty == Ty::Integer => {
                let r = ident(&f.rust);
                if f.required {
                    quote! {
                        let mut #buf = ::paybind::wire::itoa::Buffer::new();
                        let #n: &str = #buf.format(#owner.#r);
                    }
                } else {
                    quote! {
                        let mut #buf = ::paybind::wire::itoa::Buffer::new();
                        let #n: &str = match #owner.#r { Some(x) => #buf.format(x), None => "" };
                    }
                }
            }
            Part::Field(f) => {
                let t = text_of(f);
                quote!(let #n: &str = #t;)
            }
            Part::Minor(f) => {
                let r = ident(&f.rust);
                quote! {
                    let mut #buf = ::paybind::wire::itoa::Buffer::new();
                    let #n: &str = #buf.format(#owner.#r.minor());
                }
            }
            Part::Currency(f) => {
                let r = ident(&f.rust);
                quote!(let #n: &str = #owner.#r.currency().code();)
            }
            Part::Credential(c) => {
                let r = ident(&c.rust);
                if c.sensitive.is_some() {
                    quote!(let #n: &str = credentials.#r.expose();)
                } else {
                    quote!(let #n: &str = credentials.#r.as_str();)
                }
            }
        };
        stmts.push(stmt);
        names.push(n);
    }
    let field = lit(&sig.field);
    let write = if write {
        quote!(body.str(#field, &signature);)
    } else {
        quote!()
    };
    let compute = match &sig.sorted_values {
        // Only callbacks sign sorted values; `all_pairs` holds their parameters.
        Some(sep) => {
            let sep = lit(sep);
            quote!(::paybind::signature::sha1_hex_sorted(&all_pairs, #field, #sep, &[#(#names),*]))
        }
        None => quote!(::paybind::signature::sha1_hex(&[#(#names),*])),
    };
    quote! {
        #(#stmts)*
        let signature = #compute;
        #write
    }
}

pub(super) fn condition_text(field: &str, values: &[String]) -> String {
    format!("`{field}` is {}", values.join(" or "))
}

pub(super) fn condition_text_for(when: &crate::spec::Condition) -> String {
    if when.negated {
        format!("`{}` is not {}", when.field, when.values.join(" or "))
    } else {
        condition_text(&when.field, &when.values)
    }
}
