//! A gateway's return codes, written by one macro from one row per documented code: the
//! `ReturnCode` enum (an `Unknown` variant keeps an undocumented code) and its
//! `RETURN_CODES` table of descriptions and categories, which every method reads.
//!
//! A row is `Variant = "code": Category, "the document's description";` (a
//! [`ReturnCategory`](crate::ReturnCategory) variant), after any further doc lines of that
//! code (its own provenance).

/// Writes `ReturnCode` and `RETURN_CODES` (see the module doc).
///
/// ```
/// paybind::return_codes! {
///     /// The gateway's return codes.
///     ReturnCode {
///         Accepted = "000": Success, "Payment accepted";
///         /// Read from the second table.
///         Refused = "207": HardDecline, "Card refused";
///     }
/// }
/// assert_eq!(ReturnCode::from_code("207"), ReturnCode::Refused);
/// assert_eq!(ReturnCode::Refused.to_string(), "207 Card refused");
/// assert_eq!(ReturnCode::from_code("9").to_string(), "9");
/// assert!(ReturnCode::Accepted.is_success());
/// assert_eq!(RETURN_CODES.len(), 2);
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! return_codes {
    (
        $(#[$meta:meta])*
        ReturnCode {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:literal : $category:ident, $doc:literal;
            )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Codes are strings, never numbers. A code the spec does not list is kept in
        /// [`ReturnCode::Unknown`]. Each documented code's description and category are
        /// in [`RETURN_CODES`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ReturnCode {
            $(
                #[doc = concat!("`", $code, "`: ", $doc)]
                $(#[$vmeta])*
                $variant,
            )*
            /// A code this version of the spec does not list; the raw value is kept.
            Unknown(::std::string::String),
        }
        /// Every documented return code with its description and category, in the
        /// document's order.
        pub static RETURN_CODES: [(ReturnCode, $crate::ReturnCodeInfo); <[&str]>::len(&[$($code),*])] = [
            $((
                ReturnCode::$variant,
                $crate::ReturnCodeInfo::new($code, $doc, $crate::ReturnCategory::$category),
            )),*
        ];
        impl ReturnCode {
            /// The code for a raw value; never fails.
            pub fn from_code(code: &str) -> Self {
                RETURN_CODES
                    .iter()
                    .find(|(_, info)| info.code == code)
                    .map_or_else(|| ReturnCode::Unknown(code.to_string()), |(value, _)| value.clone())
            }
            /// The documented code's row of [`RETURN_CODES`]; `None` for an unknown code.
            pub fn info(&self) -> ::core::option::Option<&'static $crate::ReturnCodeInfo> {
                RETURN_CODES.iter().find(|(value, _)| value == self).map(|(_, info)| info)
            }
            /// The code as the gateway writes it.
            pub fn code(&self) -> &str {
                match self {
                    ReturnCode::Unknown(raw) => raw,
                    #[allow(unreachable_patterns)]
                    known => known.info().map_or("", |info| info.code),
                }
            }
            /// The documented description; empty for an unknown code.
            pub fn description(&self) -> &'static str {
                self.info().map_or("", |info| info.description)
            }
            /// What kind of outcome the code means.
            pub fn category(&self) -> $crate::ReturnCategory {
                self.info().map_or($crate::ReturnCategory::Unknown, |info| info.category)
            }
            /// True for the codes of an accepted operation.
            pub fn is_success(&self) -> bool {
                self.category() == $crate::ReturnCategory::Success
            }
        }
        impl ::core::str::FromStr for ReturnCode {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(ReturnCode::from_code(s))
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
        impl $crate::wire::serde::Serialize for ReturnCode {
            fn serialize<S: $crate::wire::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
        impl $crate::summary::SummaryValue for ReturnCode {
            fn write_summary(&self, out: &mut ::std::string::String) {
                out.push('"');
                out.push_str(&self.to_string());
                out.push('"');
            }
        }
    };
}

#[cfg(test)]
mod tests {
    mod none {
        crate::return_codes! {
            /// A gateway that documents no code.
            ReturnCode {}
        }
    }

    #[test]
    fn with_no_documented_code_every_code_is_kept_raw() {
        let code = none::ReturnCode::from_code("42");
        assert_eq!(code.code(), "42");
        assert_eq!(code.to_string(), "42");
        assert_eq!(code.category(), crate::ReturnCategory::Unknown);
        assert!(!code.is_success());
        assert!(none::RETURN_CODES.is_empty());
    }
}
