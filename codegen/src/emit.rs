//! Token emission: IR in, formatted Rust out. Names come from the IR; nothing here reads YAML.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Field, Gateway, Object, Op, PathPart, Place, Response, Rule, Ty};
use crate::spec::{DateFormat, RequestEncoding, ResponseEncoding, RuleKind, Sensitivity};

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// `#[doc = ...]` lines for a text, one attribute per line so rustdoc keeps the layout.
fn doc(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .trim_end()
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            quote!(#[doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

pub struct Emitter<'g> {
    g: &'g Gateway,
    /// The builders' marker traits, emitted together in `mod typestate`.
    typestate: std::cell::RefCell<Vec<TokenStream>>,
    /// The spec file name, for "generated from" notes.
    spec_file: String,
}

/// Emits one gateway module's items as a token stream.
pub fn emit(g: &Gateway, spec_file: &str) -> TokenStream {
    let e = Emitter {
        g,
        typestate: std::cell::RefCell::new(Vec::new()),
        spec_file: spec_file.to_string(),
    };
    e.module()
}

impl Emitter<'_> {
    fn source_note(&self, what: &str) -> String {
        format!("\n\nSource: `{}`, {what}.", self.g.source)
    }

    fn module(&self) -> TokenStream {
        let g = self.g;
        let title = lit(&g.title);
        let source = lit(&g.source);
        let spec_file = lit(&self.spec_file);
        let gateway_doc = doc(&g.doc);
        let envs = self.environments();
        let creds = self.credentials();
        let codes = self.return_codes();
        let refusal = self.refusal();
        let enums: Vec<_> = g.enums.iter().map(|e| self.enumeration(e)).collect();
        let objects: Vec<_> = g.objects.iter().map(|o| self.object(o)).collect();
        let ops: Vec<_> = g.ops.iter().map(|o| self.op(o)).collect();
        let client = self.client();
        let callback = self.callback();
        let typestate = self.typestate.borrow();
        let typestate = typestate.iter();
        quote! {
            /// The gateway's name.
            pub const TITLE: &str = #title;
            /// The provider document this module was generated from.
            pub const SOURCE: &str = #source;
            /// The spec file this module was generated from.
            pub const SPEC: &str = #spec_file;
            #gateway_doc
            #[doc = ""]
            #[doc = " The error type of every call of this gateway."]
            pub type Error = ::paybind::Error<Refusal>;
            #envs
            #creds
            #codes
            #refusal
            #(#enums)*
            #(#objects)*
            #(#ops)*
            #client
            #callback
            /// The builders' typestate: one trait per required field, implemented once the
            /// field is set. Their messages are what a missing field reads like at compile time.
            #[doc(hidden)]
            pub mod typestate {
                #[allow(unused_imports)]
                use super::*;
                #(#typestate)*
            }
        }
    }

    fn environments(&self) -> TokenStream {
        let g = self.g;
        if g.brands.is_empty() {
            let variants = g.environments.iter().map(|e| {
                let v = ident(&e.rust);
                let d = doc(&format!("`{}`\n\n{}", e.url, e.doc));
                quote!(#d #v,)
            });
            let arms = g.environments.iter().map(|e| {
                let v = ident(&e.rust);
                let u = lit(&e.url);
                quote!(Environment::#v => #u,)
            });
            return quote! {
                /// The gateway's documented environments. A custom base URL goes to
                /// [`ClientBuilder::base_url`].
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum Environment { #(#variants)* }
                impl Environment {
                    /// The base URL, without a trailing slash.
                    pub fn base_url(self) -> &'static str {
                        match self { #(#arms)* }
                    }
                }
            };
        }
        let first = &g.brands[0];
        let env_variants = first.environments.iter().map(|e| {
            let v = ident(&e.rust);
            let d = doc(&e.doc);
            quote!(#d #v,)
        });
        let brand_variants = g.brands.iter().map(|b| {
            let v = ident(&b.rust);
            let hosts: Vec<String> = b
                .environments
                .iter()
                .map(|e| format!("{}: `{}`", e.rust, e.url))
                .collect();
            let d = doc(&format!(
                "{} (documents: {}).\n\n{}",
                b.title,
                b.sources.join(", "),
                hosts.join("; ")
            ));
            quote!(#d #v,)
        });
        let ids = g.brands.iter().map(|b| {
            let v = ident(&b.rust);
            let id = lit(&b.id);
            quote!(Brand::#v => #id,)
        });
        let urls = g.brands.iter().flat_map(|b| {
            let bv = ident(&b.rust);
            b.environments.iter().map(move |e| {
                let ev = ident(&e.rust);
                let u = lit(&e.url);
                quote!((Brand::#bv, Environment::#ev) => #u,)
            })
        });
        quote! {
            /// The gateway software's brands (white labels). Where their documents differ, the
            /// client checks requests against its own brand's.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum Brand { #(#brand_variants)* }
            /// A brand's environments. A custom base URL goes to [`ClientBuilder::base_url`].
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum Environment { #(#env_variants)* }
            impl Brand {
                /// The brand's id in the spec.
                pub fn id(self) -> &'static str {
                    match self { #(#ids)* }
                }
                /// The base URL of one of the brand's environments, without a trailing slash.
                pub fn base_url(self, environment: Environment) -> &'static str {
                    match (self, environment) { #(#urls)* }
                }
            }
        }
    }

    fn credentials(&self) -> TokenStream {
        let g = self.g;
        let fields = g.credentials.iter().map(|c| {
            let name = ident(&c.rust);
            let mut text = field_doc(c);
            match c.place {
                Place::Nowhere => text.push_str(" Never sent: it only signs requests."),
                Place::Bearer => text.push_str(" Sent as `Authorization: Bearer`."),
                Place::Path => text.push_str(" Part of the endpoint paths."),
                Place::Form => {}
            }
            let d = doc(&text);
            let ty = if c.sensitive.is_some() {
                quote!(::paybind::Sensitive)
            } else {
                quote!(String)
            };
            quote!(#d pub #name: #ty,)
        });
        let mut args: Vec<TokenStream> = g
            .credentials
            .iter()
            .map(|c| {
                let name = ident(&c.rust);
                quote!(#name: impl Into<String>)
            })
            .collect();
        let mut inits: Vec<TokenStream> = g
            .credentials
            .iter()
            .map(|c| {
                let name = ident(&c.rust);
                match c.sensitive {
                    Some(s) => {
                        let k = sensitivity(s);
                        quote!(#name: ::paybind::Sensitive::new(#k, #name))
                    }
                    None => quote!(#name: #name.into()),
                }
            })
            .collect();
        let mut target_field = quote!();
        let mut target_items = quote!();
        if let Some(t) = &g.target {
            args.push(quote!(target: Target));
            inits.push(quote!(target));
            target_field = quote! {
                /// The endpoint or endpoint group the calls go to.
                pub target: Target,
            };
            let d = doc(&t.doc);
            let (ep, gp) = t.endpoint.split_once("{id}").unwrap_or((&t.endpoint, ""));
            let (gp0, gp1) = t.group.split_once("{id}").unwrap_or((&t.group, ""));
            let (ep, ep1, gp0, gp1) = (lit(ep), lit(gp), lit(gp0), lit(gp1));
            target_items = quote! {
                /// Which endpoint the calls go to: an endpoint id or an endpoint group id.
                #[doc = ""]
                #d
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum Target {
                    /// An endpoint id (ENDPOINTID).
                    Endpoint(u64),
                    /// An endpoint group id (ENDPOINTGROUPID).
                    Group(u64),
                }
                impl Target {
                    /// The id, as signatures use it.
                    pub fn id(self) -> u64 {
                        match self { Target::Endpoint(id) | Target::Group(id) => id }
                    }
                    /// What follows an endpoint path in the URL.
                    pub fn path_suffix(self) -> String {
                        match self {
                            Target::Endpoint(id) => format!("{}{}{}", #ep, id, #ep1),
                            Target::Group(id) => format!("{}{}{}", #gp0, id, #gp1),
                        }
                    }
                }
            };
        }
        quote! {
            #target_items
            /// The merchant's credentials. Secret fields are redacted in `Debug`.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub struct Credentials { #(#fields)* #target_field }
            impl Credentials {
                /// Credentials from their values.
                pub fn new(#(#args),*) -> Self {
                    Credentials { #(#inits),* }
                }
            }
        }
    }

    fn return_codes(&self) -> TokenStream {
        let codes = &self.g.codes;
        let variants = codes.iter().map(|c| {
            let v = ident(&c.rust);
            let d = doc(&format!("`{}`: {}", c.code, c.doc));
            quote!(#d #v,)
        });
        let from = codes.iter().map(|c| {
            let v = ident(&c.rust);
            let code = lit(&c.code);
            quote!(#code => ReturnCode::#v,)
        });
        let to = codes.iter().map(|c| {
            let v = ident(&c.rust);
            let code = lit(&c.code);
            quote!(ReturnCode::#v => #code,)
        });
        let descr = codes.iter().map(|c| {
            let v = ident(&c.rust);
            let d = lit(&c.doc);
            quote!(ReturnCode::#v => #d,)
        });
        let cats = codes.iter().map(|c| {
            let v = ident(&c.rust);
            let cat = ident(c.category.variant());
            quote!(ReturnCode::#v => ::paybind::ReturnCategory::#cat,)
        });
        let n = codes.len();
        let from_body = if codes.is_empty() {
            quote!(ReturnCode::Unknown(code.to_string()))
        } else {
            quote! {
                match code {
                    #(#from)*
                    other => ReturnCode::Unknown(other.to_string()),
                }
            }
        };
        let all = codes.iter().map(|c| lit(&c.code));
        let note = lit(&format!(
            " The gateway's return codes ({n} documented).{}",
            self.source_note("the return-code table")
        ));
        quote! {
            #[doc = #note]
            ///
            /// Codes are strings, never numbers. A code the spec does not list is kept in
            /// [`ReturnCode::Unknown`].
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum ReturnCode {
                #(#variants)*
                /// A code this version of the spec does not list; the raw value is kept.
                Unknown(String),
            }
            impl ReturnCode {
                /// Every documented code, in the document's order.
                pub const DOCUMENTED: &'static [&'static str] = &[#(#all),*];
                /// The code for a raw value; never fails.
                pub fn from_code(code: &str) -> Self {
                    #from_body
                }
                /// The code as the gateway writes it.
                pub fn code(&self) -> &str {
                    match self {
                        #(#to)*
                        ReturnCode::Unknown(raw) => raw,
                    }
                }
                /// The documented description; empty for an unknown code.
                pub fn description(&self) -> &'static str {
                    match self {
                        #(#descr)*
                        ReturnCode::Unknown(_) => "",
                    }
                }
                /// What kind of outcome the code means.
                pub fn category(&self) -> ::paybind::ReturnCategory {
                    match self {
                        #(#cats)*
                        ReturnCode::Unknown(_) => ::paybind::ReturnCategory::Unknown,
                    }
                }
                /// True for the codes of an accepted operation.
                pub fn is_success(&self) -> bool {
                    self.category() == ::paybind::ReturnCategory::Success
                }
            }
            impl ::core::str::FromStr for ReturnCode {
                type Err = ::core::convert::Infallible;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    Ok(ReturnCode::from_code(s))
                }
            }
            impl ::core::fmt::Display for ReturnCode {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.code())
                }
            }
        }
    }

    fn refusal(&self) -> TokenStream {
        let r = &self.g.refusal;
        let when = if self.g.case_insensitive_keys {
            lit(&r.when_field.to_lowercase())
        } else {
            lit(&r.when_field)
        };
        let values: Vec<Literal> = r.when_values.iter().map(|v| lit(v)).collect();
        // When the refusal's trigger is its code field, the envelope reads it once.
        let same = r.when_field == r.code_field;
        let when_field = if same {
            quote!()
        } else {
            quote! {
                #[serde(rename = #when, default, deserialize_with = "::paybind::wire::deserialize_opt_scalar")]
                when: Option<::paybind::wire::Scalar>,
            }
        };
        let when_check = match (values.is_empty(), same) {
            (true, true) => quote! {
                envelope.code.as_ref()?;
            },
            (true, false) => quote! {
                envelope.when.as_ref()?;
            },
            (false, true) => quote! {
                let when = envelope.code.as_deref()?;
                if ![#(#values),*].contains(&when) {
                    return None;
                }
            },
            (false, false) => quote! {
                let when = envelope.when.as_ref()?;
                if ![#(#values),*].iter().any(|v| when.matches(v)) {
                    return None;
                }
            },
        };
        let media = match &self.g.media_type {
            Some(m) => {
                let m = lit(m);
                quote!(const MEDIA_TYPE: Option<&'static str> = Some(#m);)
            }
            None => quote!(),
        };
        let bearer = match self.g.credentials.iter().find(|c| c.place == Place::Bearer) {
            Some(c) => {
                let n = ident(&c.rust);
                let get = if c.sensitive.is_some() {
                    quote!(credentials.#n.expose())
                } else {
                    quote!(credentials.#n.as_str())
                };
                quote! {
                    fn bearer(credentials: &Credentials) -> Option<&str> {
                        Some(#get)
                    }
                }
            }
            None => quote!(),
        };
        let code = if self.g.case_insensitive_keys {
            lit(&r.code_field.to_lowercase())
        } else {
            lit(&r.code_field)
        };
        let message = if self.g.case_insensitive_keys {
            lit(&r.message_field.to_lowercase())
        } else {
            lit(&r.message_field)
        };
        let d = doc(&r.doc);
        let decode_envelope = match self.g.response_encoding {
            ResponseEncoding::Json if self.g.case_insensitive_keys => {
                quote!(::paybind::wire::from_json_ci_opt::<Envelope>(body)?)
            }
            ResponseEncoding::Json => {
                quote!(::paybind::wire::serde_json::from_slice::<Option<Envelope>>(body).ok()??)
            }
            ResponseEncoding::Lines => quote!(::paybind::wire::from_lines::<Envelope>(body).ok()?),
        };
        let path_suffix = if self.g.target.is_some() {
            quote! {
                fn path_suffix(credentials: &Credentials) -> String {
                    credentials.target.path_suffix()
                }
            }
        } else {
            quote!()
        };
        quote! {
            /// A refusal by the gateway: its typed return code and message.
            #[doc = ""]
            #d
            #[derive(Debug, Clone, PartialEq, Eq)]
            #[non_exhaustive]
            pub struct Refusal {
                /// The return code.
                pub code: ReturnCode,
                /// The gateway's message, if it sent one.
                pub message: Option<String>,
                /// The HTTP status of the answer.
                pub status: u16,
            }
            impl ::core::fmt::Display for Refusal {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, "[{}] {}", self.code.code(), self.code.description())?;
                    if let Some(m) = &self.message {
                        write!(f, " ({m})")?;
                    }
                    Ok(())
                }
            }
            impl ::std::error::Error for Refusal {}

            #[derive(::paybind::wire::serde::Deserialize)]
            #[serde(crate = "::paybind::wire::serde")]
            struct Envelope {
                #when_field
                #[serde(rename = #code, default, deserialize_with = "::paybind::wire::deserialize_opt_string")]
                code: Option<String>,
                #[serde(rename = #message, default, deserialize_with = "::paybind::wire::deserialize_opt_string")]
                message: Option<String>,
            }

            /// This gateway, for [`paybind::transport`]'s generic call path.
            #[derive(Debug, Clone, Copy)]
            pub struct Api;
            impl ::paybind::transport::Gateway for Api {
                type Credentials = Credentials;
                type Refusal = Refusal;
                fn refusal(status: u16, body: &[u8]) -> Option<Refusal> {
                    let envelope: Envelope = #decode_envelope;
                    #when_check
                    Some(Refusal {
                        code: ReturnCode::from_code(envelope.code.as_deref().unwrap_or("")),
                        message: envelope.message.filter(|m| !m.is_empty()),
                        status,
                    })
                }
                #path_suffix
                #media
                #bearer
            }
        }
    }

    fn enumeration(&self, e: &crate::ir::Enum) -> TokenStream {
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

    fn object(&self, o: &Object) -> TokenStream {
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
    fn builder(&self, type_name: &str, fields: &[Field], what: &str) -> (TokenStream, TokenStream) {
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

impl Emitter<'_> {
    /// `validate` statements for each field; `c` is the checker, `self` the value.
    fn field_checks(&self, fields: &[Field]) -> TokenStream {
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

    /// An `Option<&T>` expression reaching `path` (`field` or `object.field`) from `self`,
    /// the leaf field, and whether it is always present.
    fn access(&self, params: &[Field], path: &str) -> Option<(TokenStream, Field, bool)> {
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

    fn rule_checks(&self, rules: &[Rule], params: &[Field]) -> TokenStream {
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

    fn op(&self, op: &Op) -> TokenStream {
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

    fn callback(&self) -> TokenStream {
        let Some(cb) = &self.g.callback else {
            return quote!();
        };
        let object = self.object(&Object {
            rust: "Callback".to_string(),
            doc: cb.doc.clone(),
            json_in_form: false,
            fields: cb.fields.clone(),
            in_request: false,
            in_response: true,
            rules: Vec::new(),
        });
        let field = lit(&cb.signature.field);
        let sig = signature_code(&cb.signature, quote!(callback), false);
        let keep_pairs = if cb.signature.sorted_values.is_some() {
            quote!(let all_pairs = pairs.clone();)
        } else {
            quote!()
        };
        quote! {
            #object
            impl Credentials {
                /// Verifies a server callback (its query string, or its form body) against the
                /// merchant control key, comparing signatures in constant time, and decodes it.
                /// Answer the gateway with HTTP 200 only once this succeeds.
                pub fn verify_callback(&self, params: &[u8]) -> Result<Callback, ::paybind::CallbackError> {
                    let credentials = self;
                    let pairs = ::paybind::wire::line_pairs(params);
                    let received = pairs
                        .iter()
                        .find(|(k, _)| k == #field)
                        .map(|(_, v)| v.clone())
                        .ok_or(::paybind::CallbackError::MissingSignature { field: #field })?;
                    #keep_pairs
                    let callback: Callback = ::paybind::wire::from_pairs(pairs).map_err(::paybind::CallbackError::Decode)?;
                    #sig
                    if !::paybind::signature::verify_hex(&signature, &received) {
                        return Err(::paybind::CallbackError::BadSignature { field: #field });
                    }
                    Ok(callback)
                }
            }
        }
    }

    fn client(&self) -> TokenStream {
        let methods = self.g.ops.iter().map(|op| {
            let m = ident(&op.method);
            let t = ident(&op.rust);
            let d = lit(&format!(" Calls `{}` (see [`{}`]).", op.path, op.rust));
            let r = match &op.response {
                Response::Text => quote!(String),
                Response::Object(r) => {
                    let r = ident(r);
                    quote!(#r)
                }
            };
            quote! {
                #[doc = #d]
                pub async fn #m(&self, request: &#t) -> Result<#r, Error> {
                    self.http.call::<Api, #t>(&self.credentials, request).await
                }
            }
        });
        let tls13 = self.g.tls_min == "1.3";
        let constructors = if self.g.brands.is_empty() {
            quote! {
                /// A client of `environment` with the default timeout and strict validation.
                pub fn new(environment: Environment, credentials: Credentials) -> Result<Client, ::paybind::BuildError> {
                    Client::builder(environment, credentials).build()
                }
                /// A builder, to set a custom base URL, the timeout or the validation policy.
                pub fn builder(environment: Environment, credentials: Credentials) -> ClientBuilder {
                    ClientBuilder {
                        credentials,
                        base_url: environment.base_url().to_string(),
                        timeout: ::paybind::DEFAULT_TIMEOUT,
                        policy: ::paybind::ValidationPolicy::Strict,
                        brand: None,
                    }
                }
            }
        } else {
            quote! {
                /// A client of one brand's environment, with the default timeout and strict
                /// validation against that brand's documents.
                pub fn new(brand: Brand, environment: Environment, credentials: Credentials) -> Result<Client, ::paybind::BuildError> {
                    Client::builder(brand, environment, credentials).build()
                }
                /// A builder, to set a custom base URL (another white label, a simulator), the
                /// timeout or the validation policy.
                pub fn builder(brand: Brand, environment: Environment, credentials: Credentials) -> ClientBuilder {
                    ClientBuilder {
                        credentials,
                        base_url: brand.base_url(environment).to_string(),
                        timeout: ::paybind::DEFAULT_TIMEOUT,
                        policy: ::paybind::ValidationPolicy::Strict,
                        brand: Some(brand.id()),
                    }
                }
            }
        };
        let lookup_doc = doc(&self.g.outcome_lookup_doc);
        quote! {
            /// An async client of this gateway. Cheap to clone; share one per process.
            ///
            /// No call is ever retried: a money-moving call that times out ends in
            /// `Error::OutcomeUnknown`, which says how to look it up.
            #lookup_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                http: ::paybind::transport::Http,
                credentials: Credentials,
            }
            /// Settings of a [`Client`] before it is built.
            #[derive(Debug, Clone)]
            #[must_use]
            pub struct ClientBuilder {
                credentials: Credentials,
                base_url: String,
                timeout: ::std::time::Duration,
                policy: ::paybind::ValidationPolicy,
                brand: Option<&'static str>,
            }
            impl Client {
                #constructors
                /// The credentials this client signs and sends with.
                pub fn credentials(&self) -> &Credentials {
                    &self.credentials
                }
                /// The base URL calls go to.
                pub fn base_url(&self) -> &str {
                    self.http.base_url()
                }
                /// Sends any request of this gateway.
                pub async fn send<R: ::paybind::transport::Request<Api>>(&self, request: &R) -> Result<R::Response, Error> {
                    self.http.call::<Api, R>(&self.credentials, request).await
                }
                #(#methods)*
            }
            impl ClientBuilder {
                /// A base URL of your own instead of the environment's (a proxy, a simulator,
                /// another platform).
                pub fn base_url(mut self, url: impl Into<String>) -> Self {
                    self.base_url = url.into();
                    self
                }
                /// The timeout of a whole call (default [`paybind::DEFAULT_TIMEOUT`]).
                pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.timeout = timeout;
                    self
                }
                /// How strictly requests are checked before they are sent (default strict).
                pub fn validation(mut self, policy: ::paybind::ValidationPolicy) -> Self {
                    self.policy = policy;
                    self
                }
                /// Builds the client.
                pub fn build(self) -> Result<Client, ::paybind::BuildError> {
                    let http = ::paybind::transport::Http::new(::paybind::transport::Settings {
                        base_url: self.base_url,
                        timeout: self.timeout,
                        policy: self.policy,
                        tls13_only: #tls13,
                        brand: self.brand,
                        path_suffix: <Api as ::paybind::transport::Gateway>::path_suffix(&self.credentials),
                    })?;
                    Ok(Client { http, credentials: self.credentials })
                }
            }
        }
    }
}

/// Statements computing a signature and, when `write` is set, writing it into `body`.
/// `owner` is where fields are read from (`self` for a request, `cb` for a callback). It
/// leaves the hex digest in `signature`.
fn signature_code(sig: &crate::ir::SignatureIr, owner: TokenStream, write: bool) -> TokenStream {
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

fn condition_text(field: &str, values: &[String]) -> String {
    format!("`{field}` is {}", values.join(" or "))
}

fn condition_text_for(when: &crate::spec::Condition) -> String {
    if when.negated {
        format!("`{}` is not {}", when.field, when.values.join(" or "))
    } else {
        condition_text(&when.field, &when.values)
    }
}

/// Checks of one value `v` (a reference to the field's Rust type).
fn value_check(f: &Field, v: &TokenStream) -> TokenStream {
    let w = lit(&f.wire);
    let opt_u = |x: Option<u64>| match x {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    };
    let opt_i = |x: Option<i64>| match x {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    };
    let text = if f.sensitive.is_some() {
        quote!(#v.expose())
    } else {
        quote!(#v.as_str())
    };
    let mut out = Vec::new();
    if let Some(brands) = &f.brands {
        let b = brands.iter().map(|b| lit(b));
        out.push(quote!(c.documented_for_brand(#w, &[#(#b),*]);));
    }
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
            if !f.per_brand.is_empty() {
                let arms = f.per_brand.iter().map(|(b, lo, hi, _)| {
                    let b = lit(b);
                    let (lo, hi) = (opt_u(*lo), opt_u(*hi));
                    quote!(Some(#b) => c.length(#w, #text, #lo, #hi),)
                });
                let (lo, hi) = (opt_u(f.min_length), opt_u(f.max_length));
                out.push(quote! {
                    match c.brand() {
                        #(#arms)*
                        _ => c.length(#w, #text, #lo, #hi),
                    }
                });
            } else if f.min_length.is_some() || f.max_length.is_some() {
                let (lo, hi) = (opt_u(f.min_length), opt_u(f.max_length));
                out.push(quote!(c.length(#w, #text, #lo, #hi);));
            }
            if let Some(p) = &f.pattern {
                let src = lit(&p.source);
                let atoms = p.atoms.iter().map(|a| {
                    let ranges = a.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                    let (neg, min, max) = (a.negated, a.min, a.max);
                    quote!(::paybind::validate::PatternAtom { ranges: &[#(#ranges),*], negated: #neg, min: #min, max: #max })
                });
                out.push(quote! {
                    static PATTERN: ::paybind::validate::Pattern = ::paybind::validate::Pattern { source: #src, atoms: &[#(#atoms),*] };
                    c.pattern(#w, #text, &PATTERN);
                });
            }
            match f.ty {
                Ty::Url => out.push(quote!(c.url(#w, #text);)),
                Ty::Email => out.push(quote!(c.email(#w, #text);)),
                Ty::Ip => out.push(quote!(c.ip(#w, #text);)),
                _ => {}
            }
        }
        Ty::Integer | Ty::Amount | Ty::Money => {
            if f.min.is_some() || f.max.is_some() {
                let (lo, hi) = (opt_i(f.min), opt_i(f.max));
                let val = match f.ty {
                    Ty::Amount => quote!(#v.get()),
                    Ty::Money => quote!(#v.minor()),
                    _ => quote!(*#v),
                };
                out.push(quote!(c.range(#w, #val, #lo, #hi);));
            }
        }
        Ty::Enum(e) => {
            let e = ident(e);
            out.push(quote!(c.documented(#w, #v.is_documented(), #e::DOCUMENTED);));
        }
        Ty::Joined(e, _) => {
            let e = ident(e);
            out.push(quote! {
                for item in &#v.0 {
                    c.documented(#w, item.is_documented(), #e::DOCUMENTED);
                }
            });
        }
        Ty::Object(_) => {
            out.push(quote! {
                c.enter(#w);
                #v.check(c);
                c.leave();
            });
        }
        Ty::List(inner) if matches!(**inner, Ty::Object(_)) => {
            out.push(quote! {
                for item in #v {
                    c.enter(#w);
                    item.check(c);
                    c.leave();
                }
            });
        }
        Ty::Flag | Ty::Boolean | Ty::Date(_) | Ty::ReturnCode | Ty::List(_) => {}
    }
    quote!(#(#out)*)
}

/// Writes one value `v` into the form `body`.
fn encode_value(f: &Field, endpoint: &Literal) -> TokenStream {
    let w = lit(&f.wire);
    match &f.ty {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
            if f.sensitive.is_some() {
                quote!(body.str(#w, v.expose());)
            } else {
                quote!(body.str(#w, v);)
            }
        }
        Ty::Integer => quote!(body.int(#w, *v);),
        Ty::Amount => quote!(body.int(#w, v.get());),
        Ty::Money => match &f.currency_field {
            Some(cf) => {
                let cf = lit(cf);
                quote! {
                    body.str(#w, &v.major_string());
                    body.str(#cf, v.currency().code());
                }
            }
            None => quote!(body.str(#w, &v.major_string());),
        },
        Ty::Flag => quote!(body.flag(#w, *v);),
        Ty::Boolean => quote!(body.bool(#w, *v);),
        Ty::Date(_) => quote!(body.display(#w, v);),
        Ty::Enum(_) | Ty::ReturnCode | Ty::Joined(..) => quote!(body.str(#w, &v.to_string());),
        Ty::Object(_) | Ty::List(_) => quote! {
            body.json(#w, v).map_err(|source| ::paybind::EncodeError::new(#endpoint, #w, source))?;
        },
    }
}

fn sensitivity(s: Sensitivity) -> TokenStream {
    let v = ident(s.variant());
    quote!(::paybind::Sensitivity::#v)
}

fn rust_type(t: &Ty, sensitive: Option<Sensitivity>) -> TokenStream {
    if sensitive.is_some() {
        return quote!(::paybind::Sensitive);
    }
    match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Amount => quote!(::paybind::MinorUnits),
        Ty::Money => quote!(::paybind::Money),
        Ty::Flag | Ty::Boolean => quote!(bool),
        Ty::Date(DateFormat::DateTime14) => quote!(::paybind::DateTime),
        Ty::Date(DateFormat::Date8) => quote!(::paybind::Date),
        Ty::Date(DateFormat::YearMonth4) => quote!(::paybind::YearMonth),
        Ty::ReturnCode => quote!(ReturnCode),
        Ty::List(i) => {
            let i = rust_type(i, None);
            quote!(Vec<#i>)
        }
        Ty::Enum(n) | Ty::Object(n) => {
            let n = ident(n);
            quote!(#n)
        }
        Ty::Joined(n, sep) => {
            let n = ident(n);
            quote!(::paybind::wire::Joined<#n, #sep>)
        }
    }
}

/// The setter's argument type and the expression turning `value` into the stored type.
fn setter_arg(t: &Ty, sensitive: Option<Sensitivity>) -> (TokenStream, TokenStream) {
    if let Some(s) = sensitive {
        let k = sensitivity(s);
        return (
            quote!(impl Into<String>),
            quote!(::paybind::Sensitive::new(#k, value)),
        );
    }
    match t {
        Ty::String | Ty::Url | Ty::Email | Ty::Ip => {
            (quote!(impl Into<String>), quote!(value.into()))
        }
        Ty::Amount => (
            quote!(impl Into<::paybind::MinorUnits>),
            quote!(value.into()),
        ),
        other => (rust_type(other, None), quote!(value)),
    }
}

/// The `deserialize_with` path for an optional answer field, if it needs one.
fn deserializer(t: &Ty, sensitive: Option<Sensitivity>) -> Option<String> {
    let f = match (t, sensitive) {
        (_, Some(Sensitivity::Secret)) => "deserialize_opt_secret",
        (_, Some(Sensitivity::Token)) => "deserialize_opt_token",
        (_, Some(Sensitivity::CardNumber)) => "deserialize_opt_card_number",
        (_, Some(Sensitivity::Cvv)) => "deserialize_opt_cvv",
        (Ty::String | Ty::Url | Ty::Email | Ty::Ip, None) => "deserialize_opt_string",
        (Ty::Integer, None) => "deserialize_opt_i64",
        (Ty::Amount, None) => "deserialize_opt_minor",
        (Ty::Flag | Ty::Boolean, None) => "deserialize_opt_flag",
        (Ty::Date(_) | Ty::Enum(_) | Ty::ReturnCode | Ty::Joined(..), None) => {
            "deserialize_opt_parsed"
        }
        (Ty::List(_), None) => "deserialize_opt_list",
        (Ty::Money, None) => "deserialize_opt_parsed",
        (Ty::Object(_), None) => return None,
    };
    Some(format!("::paybind::wire::{f}"))
}

/// The `deserialize_with` path for a required request field, if it needs one.
fn required_deserializer(t: &Ty, sensitive: Option<Sensitivity>) -> Option<String> {
    let f = match (t, sensitive) {
        (_, Some(Sensitivity::Secret)) => "deserialize_secret",
        (_, Some(Sensitivity::Token)) => "deserialize_token",
        (_, Some(Sensitivity::CardNumber)) => "deserialize_card_number",
        (_, Some(Sensitivity::Cvv)) => "deserialize_cvv",
        (Ty::Flag | Ty::Boolean, None) => "deserialize_flag",
        (Ty::Money, None) => "deserialize_parsed",
        (Ty::Integer, None) => "deserialize_i64",
        _ => return None,
    };
    Some(format!("::paybind::wire::{f}"))
}

/// A field's doc: its text, then its wire name and documented constraints.
fn field_doc(f: &Field) -> String {
    let mut parts = Vec::new();
    parts.push(format!("wire name `{}`", f.wire));
    if f.required {
        parts.push("required".to_string());
    }
    match (f.min_length, f.max_length) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b} characters")),
        (Some(a), None) => parts.push(format!("at least {a} characters")),
        (None, Some(b)) => parts.push(format!("at most {b} characters")),
        (None, None) => {}
    }
    match (f.min, f.max) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b}")),
        (Some(a), None) => parts.push(format!("at least {a}")),
        (None, Some(b)) => parts.push(format!("at most {b}")),
        (None, None) => {}
    }
    if let Some(p) = &f.pattern {
        parts.push(format!("pattern `{}`", p.source));
    }
    if let Ty::Date(d) = &f.ty {
        let fmt = crate::spec::DateFormat::ALL
            .iter()
            .find(|(_, x)| x == d)
            .map_or("", |(n, _)| *n);
        parts.push(format!("format `{fmt}`"));
    }
    if f.ty == Ty::Amount {
        parts.push("in minor units (cents)".to_string());
    }
    if let Some(s) = f.sensitive {
        parts.push(format!(
            "sensitive ({}): redacted in `Debug`",
            s.variant().to_lowercase()
        ));
    }
    let text = f.doc.trim_end();
    let sep = if text.ends_with('.') || text.is_empty() {
        ""
    } else {
        "."
    };
    format!("{text}{sep}\n\n{}.", capitalise(&parts.join("; ")))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
