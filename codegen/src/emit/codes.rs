//! The return codes: an enum whose methods read one static table.

use proc_macro2::TokenStream;
use quote::quote;

use super::implied::Implied;
use super::{doc, ident, lit, with_provenance, Emitter};
use crate::ir::{reserved, Code};

impl Emitter<'_> {
    pub(super) fn return_codes(&self) -> TokenStream {
        let codes = &self.g.codes;
        let implied = Implied::of(codes.iter().map(|c| (&c.provenance, c.code.as_str())));
        let variants = codes.iter().map(|c| {
            let v = ident(&c.rust);
            let covered = Implied::covers(implied.as_ref(), &c.provenance, &c.code);
            let d = doc(&with_provenance(
                format!("`{}`: {}", c.code, c.doc),
                &c.provenance,
                covered,
            ));
            quote!(#d #v,)
        });
        let rows = codes.iter().map(table_row);
        let n = codes.len();
        let codes_note = implied.as_ref().map_or_else(String::new, |i| {
            format!("\n\n{}", i.note("code", "the code"))
        });
        let note = lit(&format!(
            " The gateway's return codes ({n} documented).{}{codes_note}",
            self.source_note("the return-code table")
        ));
        let methods = methods(!codes.is_empty());
        let return_code_name = ident(reserved::RETURN_CODE);
        let return_codes_name = ident(reserved::RETURN_CODES);
        quote! {
            #[doc = #note]
            ///
            /// Codes are strings, never numbers. A code the spec does not list is kept in
            /// [`ReturnCode::Unknown`]. Each documented code's description and category are
            /// in [`RETURN_CODES`].
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #return_code_name {
                #(#variants)*
                /// A code this version of the spec does not list; the raw value is kept.
                Unknown(String),
            }
            /// Every documented return code with its description and category, in the
            /// document's order.
            pub static #return_codes_name: [(ReturnCode, ::paybind::ReturnCodeInfo); #n] = {
                #[allow(unused_imports)]
                use ::paybind::ReturnCategory::*;
                #[allow(unused_imports)]
                use ReturnCode as R;
                #[allow(dead_code)]
                const fn row(value: ReturnCode, code: &'static str, description: &'static str, category: ::paybind::ReturnCategory) -> (ReturnCode, ::paybind::ReturnCodeInfo) {
                    (value, ::paybind::ReturnCodeInfo::new(code, description, category))
                }
                [#(#rows),*]
            };
            #methods
        }
    }
}

fn table_row(c: &Code) -> TokenStream {
    let v = ident(&c.rust);
    let (code, description) = (lit(&c.code), lit(&c.doc));
    let category = ident(c.category.variant());
    quote!(row(R::#v, #code, #description, #category))
}

/// `ReturnCode`'s methods, all reading `RETURN_CODES`.
fn methods(any_documented: bool) -> TokenStream {
    let known = any_documented.then(|| quote!(known => known.info().map_or("", |info| info.code),));
    quote! {
        impl ReturnCode {
            /// The code for a raw value; never fails.
            pub fn from_code(code: &str) -> Self {
                RETURN_CODES
                    .iter()
                    .find(|(_, info)| info.code == code)
                    .map_or_else(|| ReturnCode::Unknown(code.to_string()), |(value, _)| value.clone())
            }
            /// The documented code's row of [`RETURN_CODES`]; `None` for an unknown code.
            pub fn info(&self) -> Option<&'static ::paybind::ReturnCodeInfo> {
                RETURN_CODES.iter().find(|(value, _)| value == self).map(|(_, info)| info)
            }
            /// The code as the gateway writes it.
            pub fn code(&self) -> &str {
                match self {
                    ReturnCode::Unknown(raw) => raw,
                    #known
                }
            }
            /// The documented description; empty for an unknown code.
            pub fn description(&self) -> &'static str {
                self.info().map_or("", |info| info.description)
            }
            /// What kind of outcome the code means.
            pub fn category(&self) -> ::paybind::ReturnCategory {
                self.info().map_or(::paybind::ReturnCategory::Unknown, |info| info.category)
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
        /// The code and its documented description: `261 Credit amount invalid`; the code
        /// alone when undocumented. [`ReturnCode::code`] is the wire value.
        impl ::core::fmt::Display for ReturnCode {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.description() {
                    "" => f.write_str(self.code()),
                    description => write!(f, "{} {}", self.code(), description),
                }
            }
        }
        /// Written as the code alone, as the gateway sends it.
        impl ::paybind::wire::serde::Serialize for ReturnCode {
            fn serialize<S: ::paybind::wire::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
        impl ::paybind::summary::SummaryValue for ReturnCode {
            fn write_summary(&self, out: &mut String) {
                out.push('"');
                out.push_str(&self.to_string());
                out.push('"');
            }
        }
    }
}
