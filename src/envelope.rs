//! An answer read once: the answer's type and its refusal envelope (the keys a gateway's
//! refusal is recognised by) in one pass over the body.
//!
//! The generated `FromBody::decode` reads the answer through [`json`], [`json_ci`] or
//! [`lines`], which hand each top-level value to the answer's own deserializer and keep a
//! copy of the few scalars under the envelope's keys. The call path then asks the gateway
//! whether those scalars make a refusal ([`crate::transport::Gateway::refusal_of`]): no
//! second parse. Only a body that does not read as the answer is read again, for its
//! envelope alone ([`read`]), so that a refusal is recognised whatever the rest holds.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::wire::Scalar;

/// The keys a gateway's refusal is read from, at the top level of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeKeys {
    /// The key whose value says the answer is a refusal (`ok`), when it is not the code's.
    pub when: Option<&'static str>,
    /// The key of the return code.
    pub code: &'static str,
    /// The key of the gateway's message.
    pub message: &'static str,
}

/// What an answer said under its envelope's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    pub when: Option<Scalar>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// The envelope an answer is read with: the keys to keep (none for a plain decode) and
/// what was found under them.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    keys: Option<EnvelopeKeys>,
    /// Whether the answer's top level was read through the capture (an answer type that
    /// reads its body otherwise, as text, leaves it false).
    read: bool,
    /// What the answer held under the keys (empty until it is read).
    pub found: Envelope,
}

impl Capture {
    /// Keeps the values under `keys`.
    pub fn new(keys: EnvelopeKeys) -> Self {
        Capture {
            keys: Some(keys),
            read: false,
            found: Envelope::default(),
        }
    }

    /// What the answer held under the keys, if its top level was read through the capture;
    /// `None` when the answer type read its body another way.
    pub fn envelope(&self) -> Option<&Envelope> {
        self.read.then_some(&self.found)
    }

    /// Keeps nothing: the answer alone.
    pub fn none() -> Self {
        Capture::default()
    }

    /// Which of the envelope's slots `key` fills, if any.
    fn slot(&self, key: &str) -> Option<Slot> {
        let keys = self.keys.as_ref()?;
        if keys.when == Some(key) {
            Some(Slot::When)
        } else if keys.code == key {
            Some(Slot::Code)
        } else if keys.message == key {
            Some(Slot::Message)
        } else {
            None
        }
    }

    fn keep(&mut self, slot: Slot, value: Option<String>) {
        match slot {
            Slot::When => self.found.when = value.map(Scalar),
            Slot::Code => self.found.code = value,
            Slot::Message => self.found.message = value,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    When,
    Code,
    Message,
}

/// Reads a JSON answer into `T` (`null` reads as `T::default()`), keeping the envelope's
/// top-level values in `capture`.
pub fn json<T>(body: &[u8], capture: &mut Capture) -> Result<T, serde_json::Error>
where
    T: de::DeserializeOwned + Default,
{
    if capture.keys.is_none() {
        return Ok(serde_json::from_slice::<Option<T>>(body)?.unwrap_or_default());
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = <Option<T> as de::Deserialize>::deserialize(Tee {
        inner: &mut de,
        capture,
    })?;
    de.end()?;
    Ok(value.unwrap_or_default())
}

/// Like [`json`] for a gateway whose keys come in any case: keys are lowercased first (the
/// envelope's keys and the generated types' read names are lowercase).
pub fn json_ci<T>(body: &[u8], capture: &mut Capture) -> Result<T, serde_json::Error>
where
    T: de::DeserializeOwned + Default,
{
    match crate::wire::lowercase_keys_in_text(body) {
        Some(text) => json(&text, capture),
        None => {
            let value: serde_json::Value = serde_json::from_slice(body)?;
            let text = serde_json::to_vec(&crate::wire::lowercase_keys(value))?;
            json(&text, capture)
        }
    }
}

/// Reads a line answer (`key=value` lines, PaynetEasy) into `T` in one pass, keeping the
/// envelope's values in `capture`. A body that is not a line answer is refused: an empty
/// body, or one with a key that is no parameter name (an HTML error page). The error
/// never quotes the body.
pub fn lines<T>(body: &[u8], capture: &mut Capture) -> Result<T, de::value::Error>
where
    T: de::DeserializeOwned,
{
    let mut pairs = Lines {
        pairs: form_urlencoded::parse(body),
        value: None,
        capture,
        read: 0,
    };
    let value = T::deserialize(de::value::MapAccessDeserializer::new(&mut pairs))?;
    if pairs.read == 0 {
        return Err(de::Error::custom("not a line answer: no parameter"));
    }
    pairs.capture.read = true;
    Ok(value)
}

/// The envelope alone, for a body that did not read as the answer; `None` when the body
/// is no JSON object (or no line answer).
pub fn read(body: &[u8], keys: EnvelopeKeys, format: Format) -> Option<Envelope> {
    let mut capture = Capture::new(keys);
    match format {
        Format::Json => json::<Option<IgnoredObject>>(body, &mut capture).ok()??,
        Format::JsonCaseInsensitive => {
            json_ci::<Option<IgnoredObject>>(body, &mut capture).ok()??
        }
        Format::Lines => lines::<IgnoredAny>(body, &mut capture)
            .map(|_| IgnoredObject)
            .ok()?,
    };
    Some(capture.found)
}

/// How a gateway writes its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    /// JSON whose keys come in any case.
    JsonCaseInsensitive,
    /// `key=value` lines.
    Lines,
}

/// Any JSON object, its content skipped (what [`read`] decodes while it keeps the
/// envelope).
#[derive(Debug, Default)]
struct IgnoredObject;

impl<'de> de::Deserialize<'de> for IgnoredObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(IgnoredObjectVisitor)
    }
}

struct IgnoredObjectVisitor;

impl<'de> Visitor<'de> for IgnoredObjectVisitor {
    type Value = IgnoredObject;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IgnoredObject, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(IgnoredObject)
    }
}

/// A deserializer whose top-level map hands the envelope's values to `capture` too.
struct Tee<'c, D> {
    inner: D,
    capture: &'c mut Capture,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tee<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        let capture = self.capture;
        self.inner.deserialize_any(TeeVisitor { inner: v, capture })
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        let capture = self.capture;
        self.inner
            .deserialize_option(TeeVisitor { inner: v, capture })
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        let capture = self.capture;
        self.inner.deserialize_map(TeeVisitor { inner: v, capture })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        let capture = self.capture;
        self.inner
            .deserialize_struct(name, fields, TeeVisitor { inner: v, capture })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct enum identifier
        ignored_any
    }
}

/// The visitor of the top-level value: a map is read through [`TeeMap`], `Some` goes on
/// through the tee, anything else is the answer's own visitor's.
struct TeeVisitor<'c, V> {
    inner: V,
    capture: &'c mut Capture,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for TeeVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let capture = self.capture;
        capture.read = true;
        self.inner.visit_map(TeeMap {
            map,
            capture,
            slot: None,
        })
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let capture = self.capture;
        self.inner.visit_some(Tee { inner: d, capture })
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.inner.visit_bool(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.inner.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.inner.visit_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.inner.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.inner.visit_string(v)
    }
}

/// The top-level map: each key is read once (borrowed where the body allows), then given to
/// the answer's field visitor; a value under an envelope key is read once into a scalar,
/// kept, and given to the answer's field from that scalar.
struct TeeMap<'c, A> {
    map: A,
    capture: &'c mut Capture,
    slot: Option<Slot>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TeeMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        self.slot = self.capture.slot(key.as_str());
        match key {
            Key::Borrowed(k) => seed.deserialize(de::value::BorrowedStrDeserializer::new(k)),
            Key::Owned(k) => seed.deserialize(de::value::StringDeserializer::new(k)),
        }
        .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let Some(slot) = self.slot.take() else {
            return self.map.next_value_seed(seed);
        };
        let value: Captured = self.map.next_value()?;
        self.capture.keep(slot, value.text());
        seed.deserialize(CapturedDeserializer {
            value,
            error: PhantomData,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A map key: borrowed from the body when it needs no unescaping.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(k) => k,
            Key::Owned(k) => k,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A scalar under an envelope key, as the body wrote it.
#[derive(Debug, Clone)]
enum Captured {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Text(String),
    /// An object or a list: kept by nobody, given to the answer as nothing.
    Other,
}

impl Captured {
    /// The value as the envelope keeps it: numbers and booleans as JSON writes them.
    fn text(&self) -> Option<String> {
        match self {
            Captured::Null | Captured::Other => None,
            Captured::Bool(b) => Some(b.to_string()),
            Captured::I64(n) => Some(n.to_string()),
            Captured::U64(n) => Some(n.to_string()),
            Captured::F64(n) => Some(n.to_string()),
            Captured::Text(s) => Some(s.clone()),
        }
    }
}

impl<'de> de::Deserialize<'de> for Captured {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CapturedVisitor;
        impl<'de> Visitor<'de> for CapturedVisitor {
            type Value = Captured;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Captured, E> {
                Ok(Captured::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Captured, E> {
                Ok(Captured::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Captured, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Captured, E> {
                Ok(Captured::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Captured, E> {
                Ok(Captured::I64(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Captured, E> {
                Ok(Captured::U64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Captured, E> {
                Ok(Captured::F64(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Captured, E> {
                Ok(Captured::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Captured, E> {
                Ok(Captured::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Captured, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Captured::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Captured, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Captured::Other)
            }
        }
        d.deserialize_any(CapturedVisitor)
    }
}

/// A captured scalar given back to the answer's field as the body wrote it.
struct CapturedDeserializer<E> {
    value: Captured,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for CapturedDeserializer<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
        match self.value {
            Captured::Null | Captured::Other => v.visit_unit(),
            Captured::Bool(b) => v.visit_bool(b),
            Captured::I64(n) => v.visit_i64(n),
            Captured::U64(n) => v.visit_u64(n),
            Captured::F64(n) => v.visit_f64(n),
            Captured::Text(s) => v.visit_string(s),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
        match self.value {
            Captured::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// Line pairs as a map, read as they are decoded: only keys and values that needed
/// unescaping are copied. Each key must be a parameter name.
struct Lines<'b, 'c> {
    pairs: form_urlencoded::Parse<'b>,
    value: Option<Cow<'b, str>>,
    capture: &'c mut Capture,
    read: usize,
}

fn is_name(k: &str) -> bool {
    k.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl<'de> MapAccess<'de> for &mut Lines<'_, '_> {
    type Error = de::value::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        loop {
            let Some((k, v)) = self.pairs.next() else {
                return Ok(None);
            };
            let (k, v) = (crate::wire::trimmed(k), crate::wire::trimmed(v));
            if k.is_empty() {
                continue;
            }
            if !is_name(&k) {
                return Err(de::Error::custom(
                    "not a line answer: a key is not a parameter name",
                ));
            }
            self.read += 1;
            if let Some(slot) = self.capture.slot(&k) {
                self.capture.keep(slot, Some(v.to_string()));
            }
            self.value = Some(v);
            return seed
                .deserialize(de::value::StrDeserializer::<Self::Error>::new(&k))
                .map(Some);
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        let v = self.value.take().unwrap_or_default();
        seed.deserialize(LineValue(&v))
    }
}

/// A line answer's value: text, and a value of an optional field when it is there.
struct LineValue<'v>(&'v str);

impl<'de> Deserializer<'de> for LineValue<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: EnvelopeKeys = EnvelopeKeys {
        when: Some("ok"),
        code: "responseCode",
        message: "message",
    };

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        #[serde(default, deserialize_with = "crate::wire::deserialize_opt_string")]
        ok: Option<String>,
        #[serde(default, deserialize_with = "crate::wire::deserialize_opt_string")]
        response_code: Option<String>,
        #[serde(default)]
        amount: Option<i64>,
        #[serde(default)]
        nested: Option<Nested>,
    }

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    struct Nested {
        #[serde(default)]
        message: Option<String>,
    }

    #[test]
    fn one_pass_gives_the_answer_and_keeps_the_envelope() {
        let body = br#"{"ok":0,"responseCode":"651","message":"Insufficient funds","amount":1590,"nested":{"message":"inner"}}"#;
        let mut capture = Capture::new(KEYS);
        // Nothing read yet: a caller falls back to reading the envelope alone.
        assert_eq!(capture.envelope(), None);
        let answer: Answer = json(body, &mut capture).expect("decodes");
        assert!(capture.envelope().is_some());
        // The answer's own fields got the values under the envelope's keys too.
        assert_eq!(answer.ok.as_deref(), Some("0"));
        assert_eq!(answer.response_code.as_deref(), Some("651"));
        assert_eq!(answer.amount, Some(1590));
        assert_eq!(
            answer.nested.and_then(|n| n.message).as_deref(),
            Some("inner")
        );
        // Only the top level's `message` is the envelope's.
        assert_eq!(
            capture.found,
            Envelope {
                when: Some(Scalar("0".into())),
                code: Some("651".into()),
                message: Some("Insufficient funds".into()),
            }
        );
    }

    #[test]
    fn a_plain_decode_keeps_nothing_and_null_reads_as_default() {
        let mut capture = Capture::none();
        let answer: Answer = json(br#"{"ok":1,"message":"x"}"#, &mut capture).expect("decodes");
        assert_eq!(answer.ok.as_deref(), Some("1"));
        assert_eq!(capture.found, Envelope::default());
        let null: Answer = json(b"null", &mut Capture::new(KEYS)).expect("null");
        assert_eq!(null, Answer::default());
        assert!(json::<Answer>(br#"{"ok":1} trailing"#, &mut Capture::none()).is_err());
    }

    #[test]
    fn an_envelope_key_written_null_reaches_the_answer_as_none() {
        // `message` is the envelope's and the answer's: the answer's field reads it as an
        // option (no lenient reader), so null must arrive as "none", not as a value.
        #[derive(Debug, Default, serde::Deserialize)]
        struct WithMessage {
            message: Option<String>,
        }
        let mut capture = Capture::new(KEYS);
        let body = br#"{"ok":0,"message":null}"#;
        let answer: WithMessage = json(body, &mut capture).expect("null is none");
        assert_eq!(answer.message, None);
        assert_eq!(capture.found.message, None);
        let answer: WithMessage = json(br#"{"message":"m"}"#, &mut capture).expect("text");
        assert_eq!(answer.message.as_deref(), Some("m"));
    }

    #[test]
    fn the_envelope_alone_reads_any_object_and_nothing_else() {
        let odd = br#"{"ok":"0","responseCode":651,"message":null,"extra":[1,{"a":2}]}"#;
        let e = read(odd, KEYS, Format::Json).expect("an object");
        assert_eq!(e.when, Some(Scalar("0".into())));
        assert_eq!(e.code.as_deref(), Some("651"));
        assert_eq!(e.message, None);
        assert_eq!(read(b"<html>", KEYS, Format::Json), None);
        assert_eq!(read(b"null", KEYS, Format::Json), None);
        assert_eq!(read(b"[1]", KEYS, Format::Json), None);
    }

    #[test]
    fn case_insensitive_keys_are_read_lowercased() {
        let keys = EnvelopeKeys {
            when: None,
            code: "code",
            message: "errormessage",
        };
        let e = read(
            br#"{"Code":"404","ErrorMessage":"Not found"}"#,
            keys,
            Format::JsonCaseInsensitive,
        )
        .expect("an object");
        assert_eq!(
            (e.code.as_deref(), e.message.as_deref()),
            (Some("404"), Some("Not found"))
        );
    }

    #[test]
    fn lines_are_read_once_with_their_envelope() {
        #[derive(Debug, serde::Deserialize)]
        struct Status {
            status: Option<String>,
            #[serde(rename = "error-message")]
            error_message: Option<String>,
        }
        let keys = EnvelopeKeys {
            when: Some("status"),
            code: "error-code",
            message: "error-message",
        };
        let body =
            b"type=status-response\n&status=declined\n&error-code=3\n&error-message=Not+found\n";
        let mut capture = Capture::new(keys);
        let s: Status = lines(body, &mut capture).expect("a line answer");
        // Read in the same pass: the call path needs no second one.
        assert!(capture.envelope().is_some());
        assert_eq!(s.status.as_deref(), Some("declined"));
        assert_eq!(s.error_message.as_deref(), Some("Not found"));
        assert_eq!(capture.found.code.as_deref(), Some("3"));
        assert_eq!(capture.found.when, Some(Scalar("declined".into())));
        let html = lines::<Status>(b"<html><body>502</body></html>", &mut Capture::none());
        assert!(html
            .unwrap_err()
            .to_string()
            .contains("not a parameter name"));
        assert!(lines::<Status>(b"", &mut Capture::none()).is_err());
        assert_eq!(read(b"", keys, Format::Lines), None);
    }

    #[derive(serde::Deserialize, Default, Debug)]
    struct Ci {
        #[serde(
            rename = "orderid",
            default,
            deserialize_with = "crate::wire::deserialize_opt_string"
        )]
        order_id: Option<String>,
        #[serde(
            rename = "amount",
            default,
            deserialize_with = "crate::wire::deserialize_opt_i64"
        )]
        amount: Option<i64>,
    }

    #[test]
    fn keys_match_without_regard_to_case() {
        for body in [
            &br#"{"OrderId":"A1","Amount":150}"#[..],
            br#"{"orderId":"A1","AMOUNT":150}"#,
            br#"{"orderid":"A1","amount":"150"}"#,
        ] {
            let c: Ci = json_ci(body, &mut Capture::none()).unwrap();
            assert_eq!((c.order_id.as_deref(), c.amount), (Some("A1"), Some(150)));
        }
        // Values keep their case; escaped or non-ASCII keys take the slow way, same result.
        for body in [
            &br#"{"OrderId":"AbC:\"x\"","Amount" : 150}"#[..],
            br#"{"Order\u0049d":"AbC:\"x\"","AMOUNT":150}"#,
            "{\"orderid\":\"AbC:\\\"x\\\"\",\"amount\":150,\"Été\":{\"K\":[1,{\"A\":2}]}}"
                .as_bytes(),
        ] {
            let c: Ci = json_ci(body, &mut Capture::none()).unwrap();
            assert_eq!(
                (c.order_id.as_deref(), c.amount),
                (Some("AbC:\"x\""), Some(150))
            );
        }
        let c: Ci = json_ci(b"null", &mut Capture::none()).unwrap();
        assert_eq!(c.order_id, None);
    }
}
