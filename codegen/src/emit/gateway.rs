//! The per-gateway items: environments and brands, credentials and target.

use proc_macro2::TokenStream;
use quote::quote;

use super::fields::{field_doc, sensitivity};
use super::{doc, ident, lit, Emitter};
use crate::ir::{reserved, Brand, Environment, Field, Place, Target};

impl Emitter<'_> {
    pub(super) fn environments(&self) -> TokenStream {
        match self.g.brands.first() {
            None => self.plain_environments(),
            Some(first) => self.branded_environments(&first.environments),
        }
    }

    fn plain_environments(&self) -> TokenStream {
        let envs = &self.g.environments;
        let variants = envs.iter().map(|e| {
            let v = ident(&e.rust);
            let d = doc(&format!("`{}`\n\n{}", e.url, e.doc));
            quote!(#d #v,)
        });
        let arms = envs.iter().map(|e| {
            let (v, u) = (ident(&e.rust), lit(&e.url));
            quote!(Environment::#v => #u,)
        });
        let environment_name = ident(reserved::ENVIRONMENT);
        quote! {
            /// The gateway's documented environments. A custom base URL goes to
            /// [`ClientBuilder::base_url`].
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #environment_name { #(#variants)* }
            impl Environment {
                /// The base URL, without a trailing slash.
                pub fn base_url(self) -> &'static str {
                    match self { #(#arms)* }
                }
            }
        }
    }

    fn branded_environments(&self, names: &[Environment]) -> TokenStream {
        let brands = &self.g.brands;
        let env_variants = names.iter().map(|e| {
            let (v, d) = (ident(&e.rust), doc(&e.doc));
            quote!(#d #v,)
        });
        let brand_variants = brands.iter().map(brand_variant);
        let ids = brands.iter().map(|b| {
            let (v, id) = (ident(&b.rust), lit(&b.id));
            quote!(Brand::#v => #id,)
        });
        let urls = brands.iter().flat_map(|b| {
            let bv = ident(&b.rust);
            b.environments.iter().map(move |e| {
                let (ev, u) = (ident(&e.rust), lit(&e.url));
                quote!((Brand::#bv, Environment::#ev) => #u,)
            })
        });
        let brand_name = ident(reserved::BRAND);
        let environment_name = ident(reserved::ENVIRONMENT);
        quote! {
            /// The gateway software's brands (white labels). Where their documents differ, the
            /// client checks requests against its own brand's.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #brand_name { #(#brand_variants)* }
            /// A brand's environments. A custom base URL goes to [`ClientBuilder::base_url`].
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #environment_name { #(#env_variants)* }
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
        let fields = g.credentials.iter().map(credential_field);
        let mut args: Vec<TokenStream> = g
            .credentials
            .iter()
            .map(|c| {
                let name = ident(&c.rust);
                quote!(#name: impl Into<String>)
            })
            .collect();
        let mut inits: Vec<TokenStream> = g.credentials.iter().map(credential_init).collect();
        let (mut target_field, mut target_items) = (quote!(), quote!());
        if let Some(t) = &g.target {
            args.push(quote!(target: Target));
            inits.push(quote!(target));
            target_field = quote! {
                /// The endpoint or endpoint group the calls go to.
                pub target: Target,
            };
            target_items = target(t);
        }
        let credentials_name = ident(reserved::CREDENTIALS);
        quote! {
            #target_items
            /// The merchant's credentials. Secret fields are redacted in `Debug`.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub struct #credentials_name { #(#fields)* #target_field }
            impl Credentials {
                /// Credentials from their values.
                pub fn new(#(#args),*) -> Self {
                    Credentials { #(#inits),* }
                }
            }
        }
    }
}

fn brand_variant(b: &Brand) -> TokenStream {
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
}

fn credential_field(c: &Field) -> TokenStream {
    let name = ident(&c.rust);
    let mut text = field_doc(c, None);
    text.push_str(match c.place {
        Place::Nowhere => " Never sent: it only signs requests.",
        Place::Bearer => " Sent as `Authorization: Bearer`.",
        Place::Path => " Part of the endpoint paths.",
        Place::Form => "",
    });
    let d = doc(&text);
    let ty = if c.sensitive.is_some() {
        quote!(::paybind::Sensitive)
    } else {
        quote!(String)
    };
    quote!(#d pub #name: #ty,)
}

fn credential_init(c: &Field) -> TokenStream {
    let name = ident(&c.rust);
    match c.sensitive {
        Some(s) => {
            let k = sensitivity(s);
            quote!(#name: ::paybind::Sensitive::new(#k, #name))
        }
        None => quote!(#name: #name.into()),
    }
}

/// The `Target` enum: an endpoint id or an endpoint group id, and how it shows in a URL.
fn target(t: &Target) -> TokenStream {
    let d = doc(&t.doc);
    let (ep0, ep1) = (lit(&t.endpoint.prefix), lit(&t.endpoint.suffix));
    let (gp0, gp1) = (lit(&t.group.prefix), lit(&t.group.suffix));
    let target_name = ident(reserved::TARGET);
    quote! {
        /// Which endpoint the calls go to: an endpoint id or an endpoint group id.
        #[doc = ""]
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #target_name {
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
                    Target::Endpoint(id) => format!("{}{}{}", #ep0, id, #ep1),
                    Target::Group(id) => format!("{}{}{}", #gp0, id, #gp1),
                }
            }
            /// Splits a received path (`sale/group/1234`) into the endpoint path and its
            /// target; `None` when it ends in neither form.
            pub fn split_path(path: &str) -> Option<(&str, Target)> {
                let group = ::paybind::wire::split_affix(path, #gp0, #gp1);
                if let Some((rest, id)) = group {
                    return Some((rest, Target::Group(id)));
                }
                let (rest, id) = ::paybind::wire::split_affix(path, #ep0, #ep1)?;
                Some((rest, Target::Endpoint(id)))
            }
        }
    }
}
