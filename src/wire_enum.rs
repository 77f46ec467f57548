//! The open enums of the generated code, written by one macro from one row per documented
//! value, so that the generated code lists each value once instead of in five tables.
//!
//! A row is `Variant = "wire": "what the document says it means";`, after any further doc
//! lines of that value (its own provenance). The enum keeps an undocumented value in
//! `Unknown`, reads and writes the wire value (as text, or as an integer when the kind is
//! `integer` and the value reads as one) and lists its documented values in `DOCUMENTED`.

/// Writes an open wire enum (see the module doc).
///
/// ```
/// paybind::wire_enum! {
///     /// How a card is read.
///     Entry as text {
///         Chip = "C": "Read from the chip";
///         /// Not in every terminal.
///         Contactless = "NFC": "Read without contact";
///     }
/// }
/// assert_eq!(Entry::from_wire("NFC"), Entry::Contactless);
/// assert_eq!(Entry::Chip.as_str(), "C");
/// assert_eq!(Entry::from_wire("X"), Entry::Unknown("X".to_string()));
/// assert_eq!(Entry::DOCUMENTED, ["C", "NFC"]);
/// assert!(!Entry::from_wire("X").is_documented());
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident as $kind:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal : $doc:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`: ", $doc)]
                $(#[$vmeta])*
                $variant,
            )*
            /// A value the spec does not list; the raw value is kept. Refused in requests
            /// under the strict validation policy.
            Unknown(::std::string::String),
        }
        impl $name {
            /// The documented wire values.
            pub const DOCUMENTED: &'static [&'static str] = &[$($wire),*];
            /// The value for a raw wire value; never fails.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown(other.to_string()),
                }
            }
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(raw) => raw,
                }
            }
            /// False for [`Self::Unknown`].
            pub fn is_documented(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok($name::from_wire(s))
            }
        }
        impl $crate::literal::FromLiteral for $name {
            fn from_literal(checked: &'static str) -> Self {
                $name::from_wire(checked)
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::summary::SummaryValue for $name {
            fn write_summary(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str());
            }
        }
        impl $crate::wire::serde::Serialize for $name {
            fn serialize<S: $crate::wire::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::wire_enum!(@serialize $kind, self.as_str(), s)
            }
        }
        impl<'de> $crate::wire::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::wire::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::wire::deserialize_parsed(d)
            }
        }
    };
    (@serialize text, $wire:expr, $s:ident) => {
        $s.serialize_str($wire)
    };
    (@serialize integer, $wire:expr, $s:ident) => {
        match $wire.parse::<i64>() {
            ::core::result::Result::Ok(n) => $s.serialize_i64(n),
            ::core::result::Result::Err(_) => $s.serialize_str($wire),
        }
    };
}

#[cfg(test)]
mod tests {
    crate::wire_enum! {
        /// A test enum whose values are numbers on the wire.
        Level as integer {
            Low = "1": "Low";
            High = "2": "High";
        }
    }
    crate::wire_enum! {
        /// A test enum whose values are text.
        Mode as text {
            Test = "1": "Test";
        }
    }

    #[test]
    fn an_integer_kind_writes_numbers_and_keeps_what_is_not_one() {
        let json = |v: &Level| serde_json::to_string(v).unwrap();
        assert_eq!(json(&Level::High), "2");
        assert_eq!(json(&Level::Unknown("x".into())), "\"x\"");
        assert_eq!(serde_json::to_string(&Mode::Test).unwrap(), "\"1\"");
        let back: Level = serde_json::from_str("2").unwrap();
        assert_eq!(back, Level::High);
        assert_eq!(Level::High.to_string(), "2");
        let parsed: Level = "3".parse().unwrap();
        assert_eq!(parsed, Level::Unknown("3".into()));
        assert!(!parsed.is_documented());
        assert_eq!(Level::DOCUMENTED, ["1", "2"]);
        assert_eq!(Mode::DOCUMENTED, ["1"]);
        assert!(Mode::Test.is_documented());
    }

    #[test]
    fn a_summary_and_a_literal_use_the_wire_value() {
        use crate::literal::FromLiteral;
        use crate::summary::SummaryValue;
        let mut out = String::new();
        Level::Low.write_summary(&mut out);
        assert_eq!(out, "1");
        assert_eq!(Level::from_literal("2"), Level::High);
    }
}
