//! The gateway's client: one method per endpoint over the generic call path.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::response_type;
use super::{doc, ident, lit, Emitter};
use crate::ir::reserved;

impl Emitter<'_> {
    pub(super) fn client(&self) -> TokenStream {
        let methods = self.g.ops.iter().map(|op| {
            let (m, t) = (ident(&op.method), ident(&op.rust));
            let d = lit(&format!(" Calls `{}` (see [`{}`]).", op.path, op.rust));
            let r = response_type(&op.response);
            quote! {
                #[doc = #d]
                pub async fn #m(&self, request: &#t) -> Result<#r, Error> {
                    self.http.call::<Api, #t>(&self.credentials, request).await
                }
            }
        });
        let constructors = self.constructors();
        let builder = self.client_builder();
        let lookup_doc = doc(&self.g.outcome_lookup_doc);
        let client_name = ident(reserved::CLIENT);
        quote! {
            /// An async client of this gateway. Cheap to clone; share one per process.
            ///
            /// No call is ever retried: a money-moving call that times out ends in
            /// `Error::OutcomeUnknown`, which says how to look it up.
            #lookup_doc
            #[derive(Debug, Clone)]
            pub struct #client_name {
                http: ::paybind::transport::Http,
                credentials: Credentials,
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
                /// What `request` would send, checked and encoded but not sent: method, URL,
                /// headers and body, signature included. Its `Debug` and `Display` redact
                /// secrets, tokens, card numbers and CVVs, so it can go to logs.
                pub fn prepare<R: ::paybind::transport::Request<Api>>(&self, request: &R) -> Result<::paybind::encoding::Prepared, Error> {
                    self.http.prepare::<Api, R>(&self.credentials, request)
                }
                /// Sends any request of this gateway, one with extra parameters too
                /// (`request.with_extra(…)`: see [`paybind::Extra`]).
                pub async fn send<R: ::paybind::transport::Request<Api>>(&self, request: &R) -> Result<R::Response, Error> {
                    self.http.call::<Api, R>(&self.credentials, request).await
                }
                #(#methods)*
            }
            #builder
        }
    }

    fn constructors(&self) -> TokenStream {
        if self.g.brands.is_empty() {
            return quote! {
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
                        connection: ::paybind::transport::Connection::default(),
                    }
                }
            };
        }
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
                    connection: ::paybind::transport::Connection::default(),
                }
            }
        }
    }

    fn client_builder(&self) -> TokenStream {
        let tls13 = self.g.tls13_only;
        let connection = connection_setters();
        let client_builder_name = ident(reserved::CLIENT_BUILDER);
        quote! {
            /// Settings of a [`Client`] before it is built.
            #[derive(Debug, Clone)]
            #[must_use]
            pub struct #client_builder_name {
                credentials: Credentials,
                base_url: String,
                timeout: ::std::time::Duration,
                policy: ::paybind::ValidationPolicy,
                brand: Option<&'static str>,
                connection: ::paybind::transport::Connection,
            }
            impl ClientBuilder {
                /// A base URL of your own instead of the environment's (a proxy, a simulator,
                /// another platform).
                pub fn base_url(mut self, url: impl Into<String>) -> Self {
                    self.base_url = url.into();
                    self
                }
                /// The timeout of a whole call (default [`paybind::DEFAULT_TIMEOUT`]), with a
                /// client of your own (`http_client`) too.
                pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.timeout = timeout;
                    self
                }
                /// How strictly requests are checked before they are sent (default strict).
                pub fn validation(mut self, policy: ::paybind::ValidationPolicy) -> Self {
                    self.policy = policy;
                    self
                }
                #connection
                /// Builds the client.
                pub fn build(self) -> Result<Client, ::paybind::BuildError> {
                    let http = ::paybind::transport::Http::new(::paybind::transport::Settings {
                        base_url: self.base_url,
                        timeout: self.timeout,
                        policy: self.policy,
                        tls13_only: #tls13,
                        brand: self.brand,
                        path_suffix: <Api as ::paybind::transport::Gateway>::path_suffix(&self.credentials),
                        connection: self.connection,
                    })?;
                    Ok(Client { http, credentials: self.credentials })
                }
            }
        }
    }
}

/// The builder's connection options, each passed on to `paybind::transport::Connection`,
/// whose method of the same name documents it.
fn connection_setters() -> TokenStream {
    let options: [(&str, TokenStream); 6] = [
        ("http_client", quote!(::paybind::reqwest::Client)),
        ("proxy", quote!(::paybind::reqwest::Proxy)),
        (
            "add_root_certificate",
            quote!(::paybind::reqwest::Certificate),
        ),
        ("add_root_certificates_pem", quote!(impl AsRef<[u8]>)),
        ("identity", quote!(::paybind::reqwest::Identity)),
        ("connect_timeout", quote!(::std::time::Duration)),
    ];
    let setters = options.iter().map(|(name, ty)| {
        let (m, d) = (
            ident(name),
            lit(&format!(" See [`paybind::transport::Connection::{name}`].")),
        );
        quote! {
            #[doc = #d]
            pub fn #m(mut self, value: #ty) -> Self {
                self.connection = self.connection.#m(value);
                self
            }
        }
    });
    quote!(#(#setters)*)
}
