//! The serde `with` modules a generated field names (`#[serde(with = "wire::opt_flag")]`):
//! each reads a field as the gateways write it (numbers as text, `0`/`1` flags, sensitive
//! values kept redacted) with one of [`super`]'s readers, and writes it back as serde
//! would, except flags, which are written `0`/`1`.

use serde::{Deserializer, Serialize, Serializer};

use crate::secret::Sensitive;

/// An amount in minor units, written as a JSON number or a numeric string (here, with the
/// other readers of what gateways write, so that `money` needs nothing from `wire`).
impl<'de> serde::Deserialize<'de> for crate::MinorUnits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::deserialize_i64(d).map(crate::MinorUnits)
    }
}

/// An optional amount in minor units, written as a JSON number or a numeric string.
fn deserialize_opt_minor<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::MinorUnits>, D::Error> {
    Ok(crate::wire::deserialize_opt_i64(d)?.map(crate::MinorUnits))
}

/// Written as serde writes it.
fn plain<T: Serialize + ?Sized, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    v.serialize(s)
}

macro_rules! codecs {
    ($($(#[$doc:meta])* $name:ident: $t:ty => $de:path, $ser:path;)*) => {$(
        $(#[$doc])*
        pub mod $name {
            use super::*;
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                $de(d)
            }
            pub fn serialize<S: Serializer>(v: &$t, s: S) -> Result<S::Ok, S::Error> {
                $ser(v, s)
            }
        }
    )*};
}

macro_rules! generic_codecs {
    ($($(#[$doc:meta])* $name:ident: $t:ty => $de:path where [$($bound:tt)*];)*) => {$(
        $(#[$doc])*
        pub mod $name {
            use super::*;
            pub fn deserialize<'de, D, T>(d: D) -> Result<$t, D::Error>
            where
                D: Deserializer<'de>,
                $($bound)*
            {
                $de(d)
            }
            pub fn serialize<T: Serialize, S: Serializer>(v: &$t, s: S) -> Result<S::Ok, S::Error> {
                plain(v, s)
            }
        }
    )*};
}

codecs! {
    /// An optional string; a number or boolean is read as its text.
    opt_string: Option<String> => crate::wire::deserialize_opt_string, plain;
    /// An optional integer, from a number or its text.
    opt_i64: Option<i64> => crate::wire::deserialize_opt_i64, plain;
    /// A required integer, from a number or its text.
    integer: i64 => crate::wire::deserialize_i64, plain;
    /// An optional amount in minor units.
    opt_minor: Option<crate::MinorUnits> => deserialize_opt_minor, plain;
    /// An optional `0`/`1` flag (or boolean), written `0`/`1`.
    opt_flag: Option<bool> => crate::wire::deserialize_opt_flag, crate::wire::serialize_flag;
    /// A required `0`/`1` flag (or boolean), written `0`/`1`.
    flag: bool => crate::wire::deserialize_flag, crate::wire::serialize_required_flag;
    /// An optional boolean (or `0`/`1` flag), written as a boolean.
    opt_bool: Option<bool> => crate::wire::deserialize_opt_flag, plain;
    /// A required boolean (or `0`/`1` flag), written as a boolean.
    boolean: bool => crate::wire::deserialize_flag, plain;
    /// An optional secret.
    opt_secret: Option<Sensitive> => crate::wire::deserialize_opt_secret, plain;
    /// A required secret.
    secret: Sensitive => crate::wire::deserialize_secret, plain;
    /// An optional token.
    opt_token: Option<Sensitive> => crate::wire::deserialize_opt_token, plain;
    /// A required token.
    token: Sensitive => crate::wire::deserialize_token, plain;
    /// An optional card number.
    opt_card_number: Option<Sensitive> => crate::wire::deserialize_opt_card_number, plain;
    /// A required card number.
    card_number: Sensitive => crate::wire::deserialize_card_number, plain;
    /// An optional CVV.
    opt_cvv: Option<Sensitive> => crate::wire::deserialize_opt_cvv, plain;
    /// A required CVV.
    cvv: Sensitive => crate::wire::deserialize_cvv, plain;
}

generic_codecs! {
    /// An optional value parsed from its text (dates, enums, codes, money).
    opt_parsed: Option<T> => crate::wire::deserialize_opt_parsed
        where [T: std::str::FromStr, T::Err: std::fmt::Display];
    /// A required value parsed from its text.
    parsed: T => crate::wire::deserialize_parsed
        where [T: std::str::FromStr, T::Err: std::fmt::Display];
    /// An optional list; `null` reads as absent.
    opt_list: Option<Vec<T>> => crate::wire::deserialize_opt_list
        where [T: serde::Deserialize<'de>];
    /// A required JSON sub-form sent as text inside a form field.
    json_text: T => crate::wire::deserialize_json_text
        where [T: serde::de::DeserializeOwned];
    /// An optional JSON sub-form sent as text inside a form field; empty reads as absent.
    opt_json_text: Option<T> => crate::wire::deserialize_opt_json_text
        where [T: serde::de::DeserializeOwned];
}
