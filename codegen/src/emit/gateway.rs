//! The per-gateway items: environments and brands, credentials and target, the return-code
//! enum, the refusal and its envelope, the client and the callback verifier.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::*;

impl Emitter<'_> {
    pub(super) fn environments(&self) -> TokenStream {
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

    pub(super) fn credentials(&self) -> TokenStream {
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

    pub(super) fn return_codes(&self) -> TokenStream {
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

    pub(super) fn refusal(&self) -> TokenStream {
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

    pub(super) fn callback(&self) -> TokenStream {
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

    pub(super) fn client(&self) -> TokenStream {
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
