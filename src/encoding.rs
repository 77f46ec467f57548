//! What goes over the wire, as users see it: a request prepared for sending (secrets
//! redacted when shown), the form body writer, values joined with a separator, and the
//! form and line decoders that the generated code and the simulator use.

use std::fmt;
use std::str::FromStr;

use serde::de::Deserializer;

mod prepared;

pub use prepared::{Body, Method, Prepared};

/// The capacity a request body starts with: room for the usual request in one allocation
/// (a body past it grows by doubling). 1 KiB stays within the allocator's cheapest size
/// classes.
pub const BODY_CAPACITY: usize = 1024;

/// An `application/x-www-form-urlencoded` body being written, in spec order, straight into
/// one buffer: numbers, amounts, dates and JSON sub-forms are escaped as they are written,
/// with no intermediate string.
pub struct FormBody {
    text: String,
}

impl FormBody {
    pub fn with_capacity(n: usize) -> Self {
        FormBody {
            text: String::with_capacity(n),
        }
    }

    /// Goes on writing a finished form (extra parameters after the spec's).
    pub(crate) fn resume(text: String) -> Self {
        FormBody { text }
    }

    /// `&key=` (no `&` first), ready for the value.
    fn key(&mut self, key: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.escaped(key);
        self.text.push('=');
    }

    /// Appends `text` form-escaped.
    fn escaped(&mut self, text: &str) {
        escape_into(&mut self.text, text);
    }

    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.escaped(value);
    }
    pub fn int(&mut self, key: &str, value: i64) {
        self.key(key);
        // Digits and `-` need no escaping.
        self.text.push_str(itoa::Buffer::new().format(value));
    }
    pub fn flag(&mut self, key: &str, value: bool) {
        self.key(key);
        self.text.push_str(if value { "1" } else { "0" });
    }
    pub fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.text.push_str(if value { "true" } else { "false" });
    }
    pub fn display(&mut self, key: &str, value: &impl fmt::Display) {
        self.key(key);
        // Writing into a String cannot fail.
        let _ = fmt::Write::write_fmt(&mut Escaping(&mut self.text), format_args!("{value}"));
    }
    /// A JSON sub-form, sent as the JSON text of the object.
    pub fn json(
        &mut self,
        key: &str,
        value: &impl serde::Serialize,
    ) -> Result<(), serde_json::Error> {
        self.key(key);
        let mut w = JsonEscaping {
            out: &mut self.text,
            buf: [0; 256],
            len: 0,
        };
        serde_json::to_writer(&mut w, value)?;
        w.drain();
        // Only a character cut short could be left: serde_json never writes one.
        if w.len > 0 {
            let held = &w.buf[..w.len];
            w.out.extend(form_urlencoded::byte_serialize(held));
        }
        Ok(())
    }
    pub fn finish(self) -> String {
        self.text
    }

    /// Writes a field's value under `key`: text, a number, a date, a joined list, or an
    /// unset optional field (which writes nothing).
    pub fn field<T: FormValue + ?Sized>(&mut self, key: &str, value: &T) {
        value.write_form(key, self);
    }
}

/// A value [`FormBody::field`] writes as text: an optional one only when it is set. A
/// sensitive value is written in clear (it is what the gateway needs), never printed.
pub trait FormValue {
    fn write_form(&self, key: &str, body: &mut FormBody);
}

impl FormValue for str {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        body.str(key, self);
    }
}

impl FormValue for String {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        body.str(key, self);
    }
}

impl FormValue for crate::Sensitive {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        body.str(key, self.expose());
    }
}

impl FormValue for i64 {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        body.int(key, *self);
    }
}

impl FormValue for crate::MinorUnits {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        body.int(key, self.get());
    }
}

macro_rules! form_value_by_display {
    ($($t:ty),*) => {$(
        impl FormValue for $t {
            fn write_form(&self, key: &str, body: &mut FormBody) {
                body.display(key, self);
            }
        }
    )*};
}
form_value_by_display!(crate::Date, crate::DateTime, crate::YearMonth);

impl<T: fmt::Display, const SEP: char> FormValue for Joined<T, SEP> {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        body.display(key, self);
    }
}

impl<T: FormValue + ?Sized> FormValue for &T {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        (**self).write_form(key, body);
    }
}

impl<T: FormValue> FormValue for Option<T> {
    fn write_form(&self, key: &str, body: &mut FormBody) {
        if let Some(v) = self {
            v.write_form(key, body);
        }
    }
}

/// Appends `text` escaped as `application/x-www-form-urlencoded` writes it (the same bytes
/// as `form_urlencoded::byte_serialize`): alphanumerics and `*-._` as they are, space as
/// `+`, every other byte as `%XX`. Runs of unescaped bytes are copied at once.
fn escape_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') {
            continue;
        }
        if run < i {
            // A non-empty `run..i` is ASCII, so both its ends are char boundaries.
            out.push_str(&text[run..i]);
        }
        if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        run = i + 1;
    }
    if run < bytes.len() {
        out.push_str(&text[run..]);
    }
}

/// Writes what it is given form-escaped at the end of a string.
struct Escaping<'a>(&'a mut String);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.0, s);
        Ok(())
    }
}

/// Takes the JSON text serde_json writes in many small pieces into a stack buffer, and
/// escapes it into the body a buffer at a time.
struct JsonEscaping<'a> {
    out: &'a mut String,
    buf: [u8; 256],
    len: usize,
}

impl JsonEscaping<'_> {
    /// Escapes what the buffer holds, keeping back the start of a character cut at its end.
    fn drain(&mut self) {
        let held = &self.buf[..self.len];
        let (valid, rest) = match std::str::from_utf8(held) {
            Ok(text) => (text, 0..0),
            Err(e) => {
                let (valid, _) = held.split_at(e.valid_up_to());
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                match e.error_len() {
                    // A character cut at the end: kept for the next write.
                    None => (valid, e.valid_up_to()..self.len),
                    // Not UTF-8 (serde_json never writes it): escaped byte by byte.
                    Some(_) => {
                        escape_into(self.out, valid);
                        self.out
                            .extend(form_urlencoded::byte_serialize(&held[e.valid_up_to()..]));
                        self.len = 0;
                        return;
                    }
                }
            }
        };
        escape_into(self.out, valid);
        let kept = rest.len();
        self.buf.copy_within(rest, 0);
        self.len = kept;
    }
}

impl std::io::Write for JsonEscaping<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.len + data.len() > self.buf.len() {
            self.drain();
        }
        if data.len() > self.buf.len() - self.len {
            // Too big to hold: escaped after what is held.
            let mut rest = data;
            while !rest.is_empty() {
                let n = rest.len().min(self.buf.len() - self.len);
                self.buf[self.len..self.len + n].copy_from_slice(&rest[..n]);
                self.len += n;
                rest = &rest[n..];
                self.drain();
            }
        } else {
            self.buf[self.len..self.len + data.len()].copy_from_slice(data);
            self.len += data.len();
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.drain();
        Ok(())
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

/// Decodes a line-encoded answer into `T` (unknown keys are ignored, like JSON's). The
/// pairs are read as they are decoded: only keys and values that needed unescaping are
/// copied.
///
/// A body that is not a line answer is refused rather than read as one with every field
/// absent: an empty body, or one with a key that is no parameter name (an HTML error page
/// a proxy answered with reads as one key full of markup). The error never quotes the body.
pub fn from_lines<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde::de::value::Error> {
    crate::envelope::lines(body, &mut crate::envelope::Capture::none())
}

/// Encodes `T` as a line answer (what [`from_lines`] reads): each field that is set as a
/// form-encoded `key=value` pair followed by a newline, the pairs joined by `&`, as
/// PaynetEasy writes its answers. `T` must be flat (scalars only).
pub fn to_lines<T: serde::Serialize>(value: &T) -> Result<String, serde_urlencoded::ser::Error> {
    let form = serde_urlencoded::to_string(value)?;
    let mut out = String::with_capacity(form.len() + form.len() / 8 + 1);
    for (i, pair) in form.split('&').filter(|p| !p.is_empty()).enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(pair);
        out.push('\n');
    }
    Ok(out)
}

/// Decodes form pairs (a callback's query string or body, a request's form) into `T`. An
/// error about a value names its key: `` `customer_browser_info`: expected 0, 1, true or
/// false ``.
pub fn from_pairs<T: serde::de::DeserializeOwned>(
    pairs: Vec<(String, String)>,
) -> Result<T, serde::de::value::Error> {
    T::deserialize(serde::de::value::MapAccessDeserializer::new(Keyed::new(
        pairs.into_iter(),
    )))
}

/// Form pairs read as a map whose value errors name their key (serde's own
/// `MapDeserializer` reports a value's error without it).
struct Keyed<I, V> {
    pairs: I,
    /// The key just read, and its value.
    pending: Option<(String, V)>,
}

impl<I, V> Keyed<I, V> {
    fn new(pairs: I) -> Self {
        Keyed {
            pairs,
            pending: None,
        }
    }
}

impl<'de, I, K, V> serde::de::MapAccess<'de> for Keyed<I, V>
where
    I: Iterator<Item = (K, V)>,
    K: serde::de::IntoDeserializer<'de, serde::de::value::Error> + AsRef<str>,
    V: serde::de::IntoDeserializer<'de, serde::de::value::Error>,
{
    type Error = serde::de::value::Error;

    fn next_key_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Self::Error> {
        let Some((key, value)) = self.pairs.next() else {
            return Ok(None);
        };
        self.pending = Some((key.as_ref().to_string(), value));
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        use serde::de::Error as _;
        let Some((key, value)) = self.pending.take() else {
            return Err(Self::Error::custom("a value without its key"));
        };
        seed.deserialize(value.into_deserializer())
            .map_err(|e| Self::Error::custom(format!("`{key}`: {e}")))
    }
}

/// A request read back from a form, as a gateway (or a simulator) receives it: credentials
/// and unknown fields are ignored; check it with `validate` afterwards. The generator
/// implements it for each form request, listing the names its parameters are also read
/// under and the money fields whose currency travels in another field.
pub trait FromForm: serde::de::DeserializeOwned {
    /// Each parameter read under other names too, with those names.
    const ALIASES: &'static [crate::wire::Aliases] = &[];
    /// Each money field with the field that carries its currency.
    const MONEY: &'static [(&'static str, &'static str)] = &[];

    /// Reads the request from a form body.
    fn from_form(body: &[u8]) -> Result<Self, FormError> {
        Self::from_form_pairs(line_pairs(body))
    }

    /// Reads the request from a form's decoded pairs.
    fn from_form_pairs(mut pairs: Vec<(String, String)>) -> Result<Self, FormError> {
        if !Self::ALIASES.is_empty() {
            crate::wire::read_aliases(&mut pairs, Self::ALIASES).map_err(FormError)?;
        }
        for (amount, currency) in Self::MONEY {
            crate::wire::merge_money(&mut pairs, amount, currency);
        }
        from_pairs(pairs).map_err(FormError)
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

    #[test]
    fn escaping_matches_form_urlencoded() {
        let every_byte: String = (0u32..0x250).filter_map(char::from_u32).collect();
        for text in [
            "",
            "abc",
            " ",
            "a b",
            "été",
            "%+&=",
            "*-._~!",
            every_byte.as_str(),
        ] {
            let mut out = String::new();
            escape_into(&mut out, text);
            let expected: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            assert_eq!(out, expected, "{text:?}");
        }
    }

    #[test]
    fn form_body_writes_amounts_dates_and_json_as_their_strings_would() {
        use crate::{Currency, Money};
        for (minor, currency) in [
            (1042, Currency::EUR),
            (1050, Currency::EUR),
            (1000, Currency::EUR),
            (7, Currency::EUR),
            (-1005, Currency::EUR),
            (0, Currency::EUR),
            (15600, Currency::RUB),
            (1000, Currency::JPY),
            (1005, Currency::KWD),
            (1050, Currency::KWD),
            (i64::MIN, Currency::EUR),
        ] {
            let m = Money::from_minor(minor, currency).unwrap();
            let mut b = FormBody::with_capacity(8);
            b.str("a", m.major_text().as_str());
            assert_eq!(
                b.finish(),
                format!("a={}", m.major_string()),
                "{minor} {currency:?}"
            );
        }
        let long: String = "é-x €𝄞 ".repeat(200);
        let value =
            serde_json::json!({"ip": "192.168.1.1", "lang": "fr été", "n": [1, 2], "long": long});
        let mut b = FormBody::with_capacity(8);
        b.str("k", "v");
        b.json("sub", &value).unwrap();
        b.display("d", &"x&y é");
        let expected = form_urlencoded::Serializer::new(String::new())
            .append_pair("k", "v")
            .append_pair("sub", &value.to_string())
            .append_pair("d", "x&y é")
            .finish();
        assert_eq!(b.finish(), expected);
    }
}
