//! Encoding and decoding helpers the generated code calls. Not a public API.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};

/// The state of a required builder field that has not been given yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unset;

/// An `application/x-www-form-urlencoded` body being written, in spec order.
pub struct FormBody {
    ser: form_urlencoded::Serializer<'static, String>,
}

impl FormBody {
    pub fn with_capacity(n: usize) -> Self {
        FormBody {
            ser: form_urlencoded::Serializer::new(String::with_capacity(n)),
        }
    }
    pub fn str(&mut self, key: &str, value: &str) {
        self.ser.append_pair(key, value);
    }
    pub fn int(&mut self, key: &str, value: i64) {
        self.ser.append_pair(key, itoa::Buffer::new().format(value));
    }
    pub fn flag(&mut self, key: &str, value: bool) {
        self.ser.append_pair(key, if value { "1" } else { "0" });
    }
    pub fn bool(&mut self, key: &str, value: bool) {
        self.ser
            .append_pair(key, if value { "true" } else { "false" });
    }
    pub fn display(&mut self, key: &str, value: &impl fmt::Display) {
        self.ser.append_pair(key, &value.to_string());
    }
    /// A JSON sub-form, sent as the JSON text of the object.
    pub fn json(
        &mut self,
        key: &str,
        value: &impl serde::Serialize,
    ) -> Result<(), serde_json::Error> {
        let text = serde_json::to_string(value)?;
        self.ser.append_pair(key, &text);
        Ok(())
    }
    pub fn finish(mut self) -> String {
        self.ser.finish()
    }
}

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

/// A value parsed from its text (dates, open enums); `null` and `""` read as absent.
pub fn deserialize_opt_parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    match scalar_text(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => s.parse().map(Some).map_err(de::Error::custom),
    }
}

/// A value parsed from its text; the field must be present.
pub fn deserialize_parsed<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    match scalar_text(d)? {
        Some(s) => s.parse().map_err(de::Error::custom),
        None => Err(de::Error::custom("expected a value, found null")),
    }
}

/// An integer, written as a JSON number or a numeric string.
pub fn deserialize_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match scalar_text(d)? {
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| de::Error::custom("expected an integer")),
        None => Err(de::Error::custom("expected an integer, found null")),
    }
}

/// An optional integer, written as a JSON number or a numeric string.
pub fn deserialize_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match scalar_text(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom("expected an integer")),
    }
}

/// An optional 0/1 flag or boolean, written as a number, a boolean or a string.
pub fn deserialize_opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match scalar_text(d)?.as_deref() {
        None | Some("") => Ok(None),
        Some("1" | "true") => Ok(Some(true)),
        Some("0" | "false") => Ok(Some(false)),
        Some(_) => Err(de::Error::custom("expected 0, 1, true or false")),
    }
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

pub use itoa;
pub use serde;
pub use serde_json;

/// Serializes a required flag as the JSON number 0 or 1.
pub fn serialize_required_flag<S: serde::Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(u8::from(*v))
}

/// An optional amount in minor units, written as a JSON number or a numeric string.
pub fn deserialize_opt_minor<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::money::MinorUnits>, D::Error> {
    Ok(deserialize_opt_i64(d)?.map(crate::money::MinorUnits))
}

/// The `key=value` pairs of a line-encoded answer (PaynetEasy): form-encoded pairs, each
/// value ending with a newline. Keys and values are URL-decoded and trimmed.
pub fn line_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// Decodes a line-encoded answer into `T` (unknown keys are ignored, like JSON's).
pub fn from_lines<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde::de::value::Error> {
    T::deserialize(serde::de::value::MapDeserializer::new(
        line_pairs(body).into_iter(),
    ))
}

/// Decodes form pairs (a callback's query string or body) into `T`.
pub fn from_pairs<T: serde::de::DeserializeOwned>(
    pairs: Vec<(String, String)>,
) -> Result<T, serde::de::value::Error> {
    T::deserialize(serde::de::value::MapDeserializer::new(pairs.into_iter()))
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

fn lowercase_keys(v: serde_json::Value) -> serde_json::Value {
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

/// Decodes a JSON answer whose keys may come in any case: keys are lowercased first, and
/// the generated types name their fields in lowercase for reading. `null` reads as default.
pub fn from_json_ci<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_slice(body)?;
    if value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(lowercase_keys(value))
}

/// Like [`from_json_ci`] for an envelope that may be absent.
pub fn from_json_ci_opt<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    serde_json::from_value(lowercase_keys(value)).ok()
}

/// Values written as one string with a separator, e.g. S-money's `availableCards`
/// ("CB;VISA"). Each value keeps its own type (usually an open enum).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Joined<T, const SEP: char>(pub Vec<T>);

impl<T, const SEP: char> From<Vec<T>> for Joined<T, SEP> {
    fn from(v: Vec<T>) -> Self {
        Joined(v)
    }
}

impl<T: fmt::Display, const SEP: char> fmt::Display for Joined<T, SEP> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                fmt::Write::write_char(f, SEP)?;
            }
            fmt::Display::fmt(v, f)?;
        }
        Ok(())
    }
}

impl<T: FromStr, const SEP: char> FromStr for Joined<T, SEP> {
    type Err = T::Err;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(SEP)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<T>, _>>()
            .map(Joined)
    }
}

impl<T: fmt::Display, const SEP: char> serde::Serialize for Joined<T, SEP> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de, T: FromStr, const SEP: char> serde::Deserialize<'de> for Joined<T, SEP>
where
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_parsed(d)
    }
}

/// Joins each money field's amount with the currency field's code ("10.42 EUR"), as
/// [`crate::Money`] parses them; the currency field itself stays as it is.
pub fn merge_money(pairs: &mut [(String, String)], money_fields: &[&str], currency_field: &str) {
    let Some(currency) = pairs
        .iter()
        .find(|(k, _)| k == currency_field)
        .map(|(_, v)| v.clone())
    else {
        return;
    };
    for (k, v) in pairs.iter_mut() {
        if money_fields.contains(&k.as_str()) {
            v.push(' ');
            v.push_str(&currency);
        }
    }
}

/// A form that could not be read into a request (a missing required field, a value of the
/// wrong shape). Its message names the field, never its value.
#[derive(Debug)]
pub struct FormError(pub serde::de::value::Error);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable form: {}", self.0)
    }
}

impl std::error::Error for FormError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// A JSON sub-form sent as text inside a form field.
pub fn deserialize_json_text<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match scalar_text(d)? {
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            de::Error::custom(format!(
                "not the expected JSON object ({})",
                e.classify_name()
            ))
        }),
        None => Err(de::Error::custom("expected a JSON object, found null")),
    }
}

/// An optional JSON sub-form sent as text inside a form field; empty reads as absent.
pub fn deserialize_opt_json_text<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match scalar_text(d)? {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
            de::Error::custom(format!(
                "not the expected JSON object ({})",
                e.classify_name()
            ))
        }),
    }
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

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Answer {
        #[serde(rename = "type", default, deserialize_with = "deserialize_opt_string")]
        kind: Option<String>,
        #[serde(
            rename = "paynet-order-id",
            default,
            deserialize_with = "deserialize_opt_i64"
        )]
        order: Option<i64>,
        #[serde(
            rename = "error-message",
            default,
            deserialize_with = "deserialize_opt_string"
        )]
        message: Option<String>,
    }

    #[test]
    fn line_answers_are_trimmed_and_decoded() {
        let body = b"type=async-response\n&serial-number=00000000-0000-0000-0000-000002d9b22a\n&paynet-order-id=6768788\n&error-message=End+point+with+id+22903+not+found\n&html=%3Cform%3E\n";
        let a: Answer = from_lines(body).unwrap();
        assert_eq!(a.kind.as_deref(), Some("async-response"));
        assert_eq!(a.order, Some(6768788));
        assert_eq!(
            a.message.as_deref(),
            Some("End point with id 22903 not found")
        );
        assert_eq!(
            line_pairs(body)[4],
            ("html".to_string(), "<form>".to_string())
        );
    }

    #[derive(serde::Deserialize, Default, Debug)]
    struct Ci {
        #[serde(
            rename = "orderid",
            default,
            deserialize_with = "deserialize_opt_string"
        )]
        order_id: Option<String>,
        #[serde(rename = "amount", default, deserialize_with = "deserialize_opt_i64")]
        amount: Option<i64>,
    }

    #[test]
    fn keys_match_without_regard_to_case() {
        for body in [
            &br#"{"OrderId":"A1","Amount":150}"#[..],
            br#"{"orderId":"A1","AMOUNT":150}"#,
            br#"{"orderid":"A1","amount":"150"}"#,
        ] {
            let c: Ci = from_json_ci(body).unwrap();
            assert_eq!((c.order_id.as_deref(), c.amount), (Some("A1"), Some(150)));
        }
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
    }

    #[test]
    fn joined_values_round_trip() {
        let j: Joined<String, ';'> = "CB; VISA;MAESTRO".parse().unwrap();
        assert_eq!(j.0, ["CB", "VISA", "MAESTRO"]);
        assert_eq!(j.to_string(), "CB;VISA;MAESTRO");
        assert_eq!(serde_json::to_string(&j).unwrap(), "\"CB;VISA;MAESTRO\"");
    }

    #[test]
    fn form_body_escapes_and_keeps_order() {
        let mut b = FormBody::with_capacity(64);
        b.str("a", "x y&z");
        b.int("n", -5);
        b.flag("f", true);
        assert_eq!(b.finish(), "a=x+y%26z&n=-5&f=1");
    }
}
