//! Named enums: open (an `Unknown` variant keeps undocumented values), with their wire
//! values.

use proc_macro2::TokenStream;
use quote::quote;

use super::implied::Implied;
use super::{doc, ident, lit, with_provenance, Emitter};
use crate::ir::Enum;

impl Emitter<'_> {
    pub(super) fn enumeration(&self, e: &Enum) -> TokenStream {
        let name = ident(&e.rust);
        let note = self.origin_note(&e.provenance, &format!("type `{}`", e.rust));
        let implied = Implied::of(e.values.iter().map(|v| (&v.provenance, v.wire.as_str())));
        let values_note = implied.as_ref().map_or_else(String::new, |i| {
            format!("\n\n{}", i.note("value", "the value"))
        });
        let d = doc(&format!("{}{note}{values_note}", e.doc));
        let variants = e.values.iter().map(|v| {
            let text = format!("`{}`: {}", v.wire, v.doc);
            let covered = Implied::covers(implied.as_ref(), &v.provenance, &v.wire);
            let vd = doc(&with_provenance(text, &v.provenance, covered));
            let r = ident(&v.rust);
            quote!(#vd #r,)
        });
        let from = e.values.iter().map(|v| {
            let (r, w) = (ident(&v.rust), lit(&v.wire));
            quote!(#w => #name::#r,)
        });
        let to = e.values.iter().map(|v| {
            let (r, w) = (ident(&v.rust), lit(&v.wire));
            quote!(#name::#r => #w,)
        });
        let all = e.values.iter().map(|v| lit(&v.wire));
        let traits = traits(e);
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
            #traits
        }
    }
}

/// `FromStr`, `Display` and serde for an enum, by its wire value.
fn traits(e: &Enum) -> TokenStream {
    let name = ident(&e.rust);
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
        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(#name::from_wire(s))
            }
        }
        impl ::paybind::literal::FromLiteral for #name {
            fn from_literal(checked: &'static str) -> Self {
                #name::from_wire(checked)
            }
        }
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::paybind::summary::SummaryValue for #name {
            fn write_summary(&self, out: &mut String) {
                out.push_str(self.as_str());
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
