//! Helpers the generated code calls: serde adapters, path segments, form pairs. Not a
//! public API (what users touch is in [`crate::encoding`]).

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};

/// Serializes a flag as the JSON number 0 or 1.
pub fn serialize_flag<S: serde::Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(b) => s.serialize_u8(u8::from(*b)),
        None => s.serialize_none(),
    }
}

/// Any JSON scalar, as text: numbers and booleans are written as JSON writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

impl Scalar {
    /// Compares with a spec value; "0"/"false" and "1"/"true" are the same flag.
    pub fn matches(&self, expected: &str) -> bool {
        fn norm(s: &str) -> &str {
            match s {
                "false" => "0",
                "true" => "1",
                other => other,
            }
        }
        norm(&self.0) == norm(expected)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Scalar(scalar_text(d)?.unwrap_or_default()))
    }
}

/// An optional scalar kept as text (for refusal envelopes).
pub fn deserialize_opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Scalar>, D::Error> {
    Ok(scalar_text(d)?.map(Scalar))
}

/// An optional string; numbers are accepted and written as text.
pub fn deserialize_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar_text(d)
}

/// Hands a scalar's text to `f` (numbers and booleans as JSON writes them, `None` for
/// null) without allocating for strings, integers and booleans: what the readers of typed
/// values (numbers, flags, dates, open enums) go through, so that nothing is copied only to
/// be parsed.
fn with_scalar<'de, D, T, F>(d: D, f: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(Option<&str>) -> Result<T, String>,
{
    struct With<F>(F);
    impl<'de, T, F: FnOnce(Option<&str>) -> Result<T, String>> Visitor<'de> for With<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, number, boolean or null")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(Some(v)).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            (self.0)(Some(itoa::Buffer::new().format(v))).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            (self.0)(Some(itoa::Buffer::new().format(v))).map_err(E::custom)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            (self.0)(Some(&v.to_string())).map_err(E::custom)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            (self.0)(Some(if v { "true" } else { "false" })).map_err(E::custom)
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            (self.0)(None).map_err(E::custom)
        }
        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            (self.0)(None).map_err(E::custom)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(With(f))
}

/// A value parsed from its text (dates, open enums); `null` and `""` read as absent.
pub fn deserialize_opt_parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    with_scalar(d, |s| match s {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e: T::Err| e.to_string()),
    })
}

/// A value parsed from its text; the field must be present.
pub fn deserialize_parsed<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    with_scalar(d, |s| match s {
        Some(s) => s.parse().map_err(|e: T::Err| e.to_string()),
        None => Err("expected a value, found null".to_string()),
    })
}

/// An integer, written as a JSON number or a numeric string.
pub fn deserialize_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    with_scalar(d, |s| match s {
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| "expected an integer".to_string()),
        None => Err("expected an integer, found null".to_string()),
    })
}

/// An optional integer, written as a JSON number or a numeric string.
pub fn deserialize_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    with_scalar(d, |s| match s {
        None | Some("") => Ok(None),
        Some(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| "expected an integer".to_string()),
    })
}

/// An optional 0/1 flag or boolean, written as a number, a boolean or a string.
pub fn deserialize_opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    with_scalar(d, |s| match s {
        None | Some("") => Ok(None),
        Some("1" | "true") => Ok(Some(true)),
        Some("0" | "false") => Ok(Some(false)),
        Some(_) => Err("expected 0, 1, true or false".to_string()),
    })
}

/// An optional list; `null` reads as absent.
pub fn deserialize_opt_list<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct ListVisitor<T>(PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list or null")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(v) = seq.next_element()? {
                out.push(v);
            }
            Ok(Some(out))
        }
    }
    d.deserialize_any(ListVisitor(PhantomData))
}

/// An optional sensitive string: read like a string, kept redacted.
pub fn deserialize_opt_sensitive<'de, D: Deserializer<'de>>(
    d: D,
    kind: crate::secret::Sensitivity,
) -> Result<Option<crate::secret::Sensitive>, D::Error> {
    Ok(scalar_text(d)?.map(|s| crate::secret::Sensitive::new(kind, s)))
}

macro_rules! sensitive_de {
    ($($opt:ident, $req:ident => $kind:ident),*) => {$(
        /// An optional sensitive string of this kind.
        pub fn $opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::secret::Sensitive>, D::Error> {
            deserialize_opt_sensitive(d, crate::secret::Sensitivity::$kind)
        }
        /// A required sensitive string of this kind.
        pub fn $req<'de, D: Deserializer<'de>>(d: D) -> Result<crate::secret::Sensitive, D::Error> {
            deserialize_opt_sensitive(d, crate::secret::Sensitivity::$kind)?
                .ok_or_else(|| de::Error::custom("expected a value, found null"))
        }
    )*};
}
sensitive_de!(
    deserialize_opt_secret, deserialize_secret => Secret,
    deserialize_opt_token, deserialize_token => Token,
    deserialize_opt_card_number, deserialize_card_number => CardNumber,
    deserialize_opt_cvv, deserialize_cvv => Cvv
);

/// A required 0/1 flag or boolean.
pub fn deserialize_flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    deserialize_opt_flag(d)?
        .ok_or_else(|| de::Error::custom("expected 0, 1, true or false, found null"))
}

mod codecs;
pub use codecs::*;
pub use itoa;
pub use serde;
/// serde's derives, for the generated types' `#[derive]`s.
pub use serde::{Deserialize, Serialize};
pub use serde_json;

/// Serializes a required flag as the JSON number 0 or 1.
pub fn serialize_required_flag<S: serde::Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(u8::from(*v))
}

/// A path segment, percent-encoded (everything but unreserved characters).
pub fn path_segment(s: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

pub(crate) fn lowercase_keys(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(lowercase_keys).collect())
        }
        other => other,
    }
}

/// A copy of the JSON text `body` with the ASCII letters of every object key lowercased,
/// values untouched; `None` when a key holds an escape or a non-ASCII character (then keys
/// are lowercased the slow way, through `serde_json::Value`). Syntax is not checked here:
/// the parser that reads the copy does.
pub(crate) fn lowercase_keys_in_text(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = body.to_vec();
    let mut i = 0;
    while i < out.len() {
        if out[i] != b'"' {
            i += 1;
            continue;
        }
        // A string: find its end, noting whether it is plain ASCII without escapes.
        let start = i + 1;
        let mut j = start;
        let mut plain = true;
        while j < out.len() && out[j] != b'"' {
            if out[j] == b'\\' {
                plain = false;
                j += 1;
            } else if !out[j].is_ascii() {
                plain = false;
            }
            j += 1;
        }
        let end = j.min(out.len());
        // A key when the next non-blank byte is `:`.
        let mut k = end + 1;
        while k < out.len() && out[k].is_ascii_whitespace() {
            k += 1;
        }
        if out.get(k) == Some(&b':') {
            if !plain {
                return None;
            }
            out[start..end].make_ascii_lowercase();
        }
        i = end + 1;
    }
    Some(out)
}

/// Text without its surrounding whitespace, copied only when it was already a copy.
pub(crate) fn trimmed(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

/// The value of `key` among form pairs, if present.
pub fn pair_value(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// A received path segment, percent-decoded.
pub fn path_value(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Splits `path` into what comes before `prefix`, and the id between `prefix` and
/// `suffix` at its end (`sale/group/1234` with `/group/` and `` gives `sale` and 1234).
pub fn split_affix<'p>(path: &'p str, prefix: &str, suffix: &str) -> Option<(&'p str, u64)> {
    let rest = path.strip_suffix(suffix)?;
    let at = rest.rfind(prefix)?;
    let digits = &rest[at + prefix.len()..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&rest[..at], digits.parse().ok()?))
}

/// Joins a money field's amount with its currency field's code ("10.42 EUR"), as
/// [`crate::Money`] parses them; the currency field itself stays as it is.
pub fn merge_money(pairs: &mut [(String, String)], money_field: &str, currency_field: &str) {
    let Some(currency) = pairs
        .iter()
        .find(|(k, _)| k == currency_field)
        .map(|(_, v)| v.clone())
    else {
        return;
    };
    for (k, v) in pairs.iter_mut() {
        if k == money_field {
            v.push(' ');
            v.push_str(&currency);
        }
    }
}

/// A parameter's name and the aliases a server also reads it under, as the generated
/// decoders list them.
pub type Aliases = (&'static str, &'static [&'static str]);

/// The name a key is read as: its parameter's wire name when it is one of its aliases.
/// `Err` names the two names when a request already sent the parameter under another.
fn alias_target<'k>(
    names: &[Aliases],
    key: &'k str,
    seen: &mut Vec<(&'static str, &'k str)>,
) -> Result<Option<&'static str>, String> {
    let Some((wire, aliases)) = names
        .iter()
        .find(|(wire, aliases)| key == *wire || aliases.contains(&key))
    else {
        return Ok(None);
    };
    if let Some((_, first)) = seen.iter().find(|(w, k)| w == wire && *k != key) {
        let aliases: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
        return Err(format!(
            "`{first}` and `{key}` are one parameter (`{wire}`, also read as {}): send it under one name only",
            aliases.join(", ")
        ));
    }
    seen.push((wire, key));
    Ok(Some(wire))
}

/// Reads a form's pairs keyed by an alias (`tds_cres_notification_url`) as the parameter's
/// own wire name (`tds_areq_notification_url`). A form that sends one parameter under two
/// of its names is refused, the error naming both.
pub fn read_aliases(
    pairs: &mut [(String, String)],
    names: &[Aliases],
) -> Result<(), serde::de::value::Error> {
    use serde::de::Error as _;
    let keys: Vec<String> = pairs.iter().map(|(k, _)| k.clone()).collect();
    let mut seen = Vec::new();
    for ((k, _), original) in pairs.iter_mut().zip(&keys) {
        match alias_target(names, original, &mut seen) {
            Ok(Some(wire)) => *k = wire.to_string(),
            Ok(None) => {}
            Err(e) => return Err(serde::de::value::Error::custom(e)),
        }
    }
    Ok(())
}

/// Reads a JSON request body whose keys may be aliases (see [`read_aliases`]).
pub fn from_json_aliased<T: serde::de::DeserializeOwned>(
    body: &[u8],
    names: &[Aliases],
) -> Result<T, serde_json::Error> {
    use serde::de::Error as _;
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body)?;
    let mut seen = Vec::new();
    let mut out = serde_json::Map::new();
    for (k, v) in &map {
        match alias_target(names, k, &mut seen) {
            Ok(Some(wire)) => out.insert(wire.to_string(), v.clone()),
            Ok(None) => out.insert(k.clone(), v.clone()),
            Err(e) => return Err(serde_json::Error::custom(e)),
        };
    }
    serde_json::from_value(serde_json::Value::Object(out))
}

/// A JSON sub-form sent as text inside a form field.
pub fn deserialize_json_text<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    with_scalar(d, |text| match text {
        Some(text) => serde_json::from_str(text)
            .map_err(|e| format!("not the expected JSON object ({})", e.classify_name())),
        None => Err("expected a JSON object, found null".to_string()),
    })
}

/// An optional JSON sub-form sent as text inside a form field; empty reads as absent.
pub fn deserialize_opt_json_text<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    with_scalar(d, |text| match text {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => serde_json::from_str(text)
            .map(Some)
            .map_err(|e| format!("not the expected JSON object ({})", e.classify_name())),
    })
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "wrong shape",
            serde_json::error::Category::Eof => "truncated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lowercased_in_the_text() {
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(
            lowercase_keys_in_text(br#"{"A":{"B":["C",{"D":"E"}]},"F" :"G:H"}"#).unwrap(),
            br#"{"a":{"b":["C",{"d":"E"}]},"f" :"G:H"}"#
        );
    }

    #[derive(serde::Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "deserialize_opt_flag")]
        f: Option<bool>,
        #[serde(default, deserialize_with = "deserialize_opt_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "deserialize_opt_string")]
        s: Option<String>,
    }

    #[test]
    fn lenient_scalars() {
        let t: T = serde_json::from_str(r#"{"f":1,"i":"42","s":200}"#).unwrap();
        assert_eq!(
            (t.f, t.i, t.s.as_deref()),
            (Some(true), Some(42), Some("200"))
        );
        let t: T = serde_json::from_str(r#"{"f":null,"i":null,"s":null}"#).unwrap();
        assert_eq!((t.f, t.i, t.s), (None, None, None));
        assert!(serde_json::from_str::<T>(r#"{"f":2}"#).is_err());
    }

    #[test]
    fn path_values_are_decoded_and_ids_split() {
        assert_eq!(path_value("a%20b%2Fc"), "a b/c");
        assert_eq!(
            split_affix("sale/group/1234", "/group/", ""),
            Some(("sale", 1234))
        );
        assert_eq!(split_affix("sale/39529", "/", ""), Some(("sale", 39529)));
        assert_eq!(split_affix("sale/x1", "/", ""), None);
        assert_eq!(split_affix("sale/", "/", ""), None);
    }
}
