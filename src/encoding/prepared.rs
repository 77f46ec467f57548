//! A request as it will be sent: method, URL, headers and body. Shown (`Debug`, `Display`)
//! with the values of sensitive fields and the bearer token redacted.

use std::fmt;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request body, ready to send.
#[derive(Clone, PartialEq, Eq)]
pub enum Body {
    /// `application/x-www-form-urlencoded` text.
    Form(String),
    /// A JSON document.
    Json(Vec<u8>),
    Empty,
}

/// What a client would send for a request: checked, encoded and signed, but not sent.
///
/// `Debug` and `Display` show it as an HTTP request with every sensitive value (keys,
/// tokens, card numbers, CVVs, the bearer token) replaced by `<redacted>`, so it can be
/// logged; [`Prepared::body`] gives the exact bytes.
#[derive(Clone)]
pub struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) accept: Option<&'static str>,
    pub(crate) bearer: Option<String>,
    pub(crate) body: Body,
    pub(crate) sensitive: &'static [&'static str],
    /// The names of the sensitive extra parameters (`paybind::Extra`).
    pub(crate) extra_sensitive: Vec<String>,
}

const REDACTED: &str = "<redacted>";

impl Prepared {
    pub fn method(&self) -> Method {
        self.method
    }
    /// The full URL, endpoint or group suffix included.
    pub fn url(&self) -> &str {
        &self.url
    }
    pub fn content_type(&self) -> Option<&'static str> {
        self.content_type
    }
    /// The exact body that would be sent, secrets included.
    pub fn body(&self) -> &Body {
        &self.body
    }
    /// The body as text (lossy for a non-UTF-8 JSON body), secrets included.
    pub fn body_text(&self) -> String {
        match &self.body {
            Body::Form(t) => t.clone(),
            Body::Json(b) => String::from_utf8_lossy(b).into_owned(),
            Body::Empty => String::new(),
        }
    }
    /// The body as text with every sensitive value replaced by `<redacted>`.
    pub fn redacted_body(&self) -> String {
        let sensitive = Redacted {
            names: self.sensitive,
            extra: &self.extra_sensitive,
        };
        match &self.body {
            Body::Form(t) => redact_form(t, sensitive),
            Body::Json(b) => redact_json_bytes(b, sensitive),
            Body::Empty => String::new(),
        }
    }
}

/// The names whose values are redacted: the spec's, and the sensitive extra parameters'.
#[derive(Clone, Copy)]
struct Redacted<'a> {
    names: &'static [&'static str],
    extra: &'a [String],
}

impl Redacted<'_> {
    fn contains(self, name: &str) -> bool {
        self.names.contains(&name) || self.extra.iter().any(|e| e == name)
    }
}

/// A form with sensitive values redacted; JSON sub-forms are redacted inside.
fn redact_form(text: &str, sensitive: Redacted<'_>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::with_capacity(text.len()));
    for (k, v) in form_urlencoded::parse(text.as_bytes()) {
        if sensitive.contains(&k) {
            out.append_pair(&k, REDACTED);
        } else if let Ok(mut json) = serde_json::from_str::<serde_json::Value>(&v) {
            redact_json(&mut json, sensitive);
            out.append_pair(&k, &json.to_string());
        } else {
            out.append_pair(&k, &v);
        }
    }
    out.finish()
}

fn redact_json_bytes(bytes: &[u8], sensitive: Redacted<'_>) -> String {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(mut v) => {
            redact_json(&mut v, sensitive);
            v.to_string()
        }
        // Not JSON after all: show nothing of it rather than risk a secret.
        Err(_) => format!("<{} bytes, not JSON>", bytes.len()),
    }
}

fn redact_json(v: &mut serde_json::Value, sensitive: Redacted<'_>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                if sensitive.contains(k) {
                    *item = serde_json::Value::String(REDACTED.to_string());
                } else {
                    redact_json(item, sensitive);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                redact_json(item, sensitive);
            }
        }
        _ => {}
    }
}

impl fmt::Display for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        if let Some(t) = self.content_type {
            writeln!(f, "content-type: {t}")?;
        }
        if let Some(a) = self.accept {
            writeln!(f, "accept: {a}")?;
        }
        if self.bearer.is_some() {
            writeln!(f, "authorization: Bearer {REDACTED}")?;
        }
        write!(f, "\n{}", self.redacted_body())
    }
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.redacted_body())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Body {
    /// The body's kind and length only: it may hold secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Form(t) => write!(f, "Form(<{} bytes>)", t.len()),
            Body::Json(b) => write!(f, "Json(<{} bytes>)", b.len()),
            Body::Empty => f.write_str("Empty"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(body: Body) -> Prepared {
        Prepared {
            method: Method::Post,
            url: "https://gw.example/pay".to_string(),
            content_type: Some("application/x-www-form-urlencoded"),
            accept: None,
            bearer: Some("tok-SENTINEL".to_string()),
            body,
            sensitive: &["key", "cardNumber"],
            extra_sensitive: vec!["newSecret".to_string()],
        }
    }

    #[test]
    fn a_prepared_request_shows_its_method_url_and_redacted_body() {
        assert_eq!(
            (Method::Get.as_str(), Method::Post.as_str()),
            ("GET", "POST")
        );
        assert_eq!(format!("{} {}", Method::Get, Method::Post), "GET POST");
        let p = prepared(Body::Form("serialNumber=VAD&key=SENTINEL".to_string()));
        assert_eq!(p.content_type(), Some("application/x-www-form-urlencoded"));
        // A body shows its kind and length only: it may hold secrets.
        let bodies = [
            Body::Form("key=SENTINEL".to_string()),
            Body::Json(b"{}".to_vec()),
            Body::Empty,
        ];
        let shown: Vec<String> = bodies.iter().map(|b| format!("{b:?}")).collect();
        assert_eq!(shown, ["Form(<12 bytes>)", "Json(<2 bytes>)", "Empty"]);
        assert_eq!(
            format!("{p:?}"),
            "Prepared { method: Post, url: \"https://gw.example/pay\", body: \"serialNumber=VAD&key=%3Credacted%3E\", .. }"
        );
    }

    #[test]
    fn form_and_json_sub_forms_are_redacted() {
        let form = "serialNumber=VAD&key=SENTINEL&sub=%7B%22cardNumber%22%3A%22SENTINEL%22%2C%22x%22%3A1%7D&newSecret=SENTINEL&newParam=kept";
        let p = prepared(Body::Form(form.to_string()));
        let shown = format!("{p}\n{p:?}");
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert!(shown.contains("serialNumber=VAD"), "{shown}");
        assert!(shown.contains("newParam=kept"), "{shown}");
        assert!(
            shown.contains("authorization: Bearer <redacted>"),
            "{shown}"
        );
        assert!(p.body_text().contains("key=SENTINEL"));
    }

    #[test]
    fn nested_json_is_redacted() {
        let json = br#"{"Card":{"cardNumber":"SENTINEL","Name":"x"},"key":["SENTINEL"],"newSecret":"SENTINEL"}"#;
        let p = prepared(Body::Json(json.to_vec()));
        let shown = p.redacted_body();
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert!(shown.contains("\"Name\":\"x\""), "{shown}");
    }

    /// How many times `needle` occurs in `text`.
    fn count(text: &str, needle: &str) -> usize {
        text.matches(needle).count()
    }

    /// No shipped spec sends a sensitive field inside a list, but a user's `gateway!` spec
    /// can: every sentinel inside an array (of objects, of arrays, in an object, at the top,
    /// in a form's JSON sub-form) is redacted, each by one label, its neighbours kept.
    #[test]
    fn sensitive_fields_inside_arrays_are_redacted() {
        let json = br#"{
            "order": {
                "items": [
                    {"cardNumber": "SENTINEL-1", "label": "kept-first"},
                    {"cardNumber": "SENTINEL-2", "label": "kept-second",
                     "parts": [{"key": "SENTINEL-3", "label": "kept-part"}]}
                ],
                "label": "kept-order"
            },
            "batches": [[{"key": "SENTINEL-4"}], [], [{"label": "kept-empty"}, {"cardNumber": "SENTINEL-5"}]]
        }"#;
        let top =
            br#"[{"key": "SENTINEL-6", "label": "kept-top"}, [{"cardNumber": "SENTINEL-7"}]]"#;
        let form = "serialNumber=VAD&sub=%5B%7B%22cardNumber%22%3A%22SENTINEL-8%22%2C%22label%22%3A%22sub%22%7D%5D";
        // A form shows its sub-form URL-encoded, the label with it.
        let encoded = "%3Credacted%3E";
        for (body, planted, label, kept) in [
            (
                Body::Json(json.to_vec()),
                5,
                REDACTED,
                &[
                    "kept-first",
                    "kept-second",
                    "kept-part",
                    "kept-order",
                    "kept-empty",
                ][..],
            ),
            (Body::Json(top.to_vec()), 2, REDACTED, &["kept-top"][..]),
            (
                Body::Form(form.to_string()),
                1,
                encoded,
                &["serialNumber=VAD", "label%22%3A%22sub%22"][..],
            ),
        ] {
            let p = prepared(body);
            assert_eq!(count(&p.body_text(), "SENTINEL-"), planted);
            let display = p.to_string();
            let debug = format!("{p:?}");
            for shown in [&display, &debug] {
                assert!(!shown.contains("SENTINEL"), "a sentinel shows: {shown}");
                for k in kept {
                    assert!(shown.contains(k), "`{k}` was lost: {shown}");
                }
            }
            // Display's head has one label of its own, for the bearer token.
            let (head, shown_body) = display.split_once("\n\n").expect("head and body");
            assert_eq!(count(head, REDACTED), 1, "{head}");
            assert_eq!(count(shown_body, label), planted, "{display}");
            assert_eq!(count(&debug, label), planted, "{debug}");
        }
    }
}
