//! What goes over the wire, as users see it: a request prepared for sending (secrets
//! redacted when shown), the form body writer, values joined with a separator, and the
//! form and line decoders that the generated code and the simulator use.

use std::fmt;
use std::str::FromStr;

use serde::de::Deserializer;

mod prepared;

pub use prepared::{Body, Method, Prepared};

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

/// The `key=value` pairs of a line-encoded answer (PaynetEasy): form-encoded pairs, each
/// value ending with a newline. Keys and values are URL-decoded and trimmed.
pub fn line_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// Decodes a line-encoded answer into `T` (unknown keys are ignored, like JSON's).
///
/// A body that is not a line answer is refused rather than read as one with every field
/// absent: an empty body, or one with a key that is no parameter name (an HTML error page
/// a proxy answered with reads as one key full of markup). The error never quotes the body.
pub fn from_lines<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde::de::value::Error> {
    use serde::de::Error as _;
    let pairs = line_pairs(body);
    if pairs.is_empty() {
        return Err(serde::de::value::Error::custom(
            "not a line answer: no parameter",
        ));
    }
    let is_name = |k: &str| {
        k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if !pairs.iter().all(|(k, _)| is_name(k)) {
        return Err(serde::de::value::Error::custom(
            "not a line answer: a key is not a parameter name",
        ));
    }
    T::deserialize(serde::de::value::MapDeserializer::new(pairs.into_iter()))
}

/// Decodes form pairs (a callback's query string or body) into `T`.
pub fn from_pairs<T: serde::de::DeserializeOwned>(
    pairs: Vec<(String, String)>,
) -> Result<T, serde::de::value::Error> {
    T::deserialize(serde::de::value::MapDeserializer::new(pairs.into_iter()))
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
        crate::wire::deserialize_parsed(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Answer {
        #[serde(
            rename = "type",
            default,
            deserialize_with = "crate::wire::deserialize_opt_string"
        )]
        kind: Option<String>,
        #[serde(
            rename = "paynet-order-id",
            default,
            deserialize_with = "crate::wire::deserialize_opt_i64"
        )]
        order: Option<i64>,
        #[serde(
            rename = "error-message",
            default,
            deserialize_with = "crate::wire::deserialize_opt_string"
        )]
        message: Option<String>,
    }

    #[test]
    fn what_is_not_a_line_answer_is_refused() {
        #[derive(serde::Deserialize, Debug)]
        struct A {
            #[serde(rename = "type", default)]
            _t: String,
        }
        for body in [
            &b""[..],
            b"\n",
            b"<!DOCTYPE html><html><body>503 Service Unavailable</body></html>",
            b"<html><head><meta charset=\"utf-8\"></head></html>",
        ] {
            let e = from_lines::<A>(body).expect_err("not a line answer");
            assert!(e.to_string().starts_with("not a line answer"), "{e}");
        }
        assert!(from_lines::<A>(b"type=async-response\n&serial-number=1\n&x.y_z=2\n").is_ok());
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
