//! Extra parameters: what a request sends beyond its spec, for when the spec lags the
//! gateway. [`Extra`] holds them, [`WithExtra`] is a request sent with them; here too is how
//! they are checked and written in the request's own encoding.

use std::fmt;

use super::{Gateway, Lookup, Request};
use crate::encoding::{Body, FormBody, Method};
use crate::error::EncodeError;
use crate::secret::{IntoText, Sensitive};
use crate::summary::{Summarizer, Summary, SummaryValue};
use crate::validate::{Checker, Rule};

/// The longest name an extra parameter may have, in bytes.
pub const MAX_NAME_LEN: usize = 128;

/// Parameters a request sends that its spec does not define, each marked sensitive or not.
///
/// Add them to any request with [`Request::with_extra`], then send the result with the
/// client's `send` (or look at it with `prepare`):
///
/// ```
/// use paybind::comnpay::{Client, Credentials, Environment, PaymentRefund};
/// use paybind::{Extra, Request as _};
///
/// let client = Client::new(Environment::Homologation, Credentials::new("VAD-111-111", "key"))?;
/// let refund = PaymentRefund::builder().transaction_ref("ORDER-0001").amount(1500).build();
/// let extra = Extra::new()
///     .text("newParam", "v")
///     .sensitive("newSecret", "s3cr3t-value");
/// let prepared = client.prepare(&refund.with_extra(extra))?;
/// assert!(prepared.body_text().ends_with("&newParam=v&newSecret=s3cr3t-value"));
/// assert!(!format!("{prepared:?}").contains("s3cr3t-value"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// On the wire, each goes where the request's own parameters go, after them:
///
/// - a form body (ComNpay, PaynetEasy): one more field, form-escaped; a [`json`](Extra::json)
///   value as its JSON text, as ComNpay's sub-forms are sent;
/// - a JSON body (S-money): one more key of the top-level object;
/// - no body (a `GET`, whose parameters are in its path): the URL's query string. A
///   sensitive parameter is refused there (URLs are logged by servers and proxies), and a
///   path never takes an extra parameter.
///
/// Before anything is sent, as a validation error naming the parameter and the rule
/// ([`Rule::DefinedBySpec`], [`Rule::ExtraName`], [`Rule::Repeated`],
/// [`Rule::SensitiveInUrl`]), whatever the validation policy: a name the spec defines for
/// that request (its parameters, their aliases and currency fields, the credentials it sends,
/// its signature field; compared ignoring ASCII case), a name that is empty, longer than
/// [`MAX_NAME_LEN`] bytes or holds anything but ASCII letters, digits, `_`, `-`, `.`, `[` and
/// `]`, a name given twice.
///
/// Extra parameters are never signed: no gateway's request signature covers parameters it
/// does not list. PaynetEasy's `control` is the SHA-1 of a fixed, documented list of fields
/// (002 § Request Parameters, row `control`; 004 likewise), so an extra parameter leaves it
/// unchanged; ComNpay's requests carry the key itself and S-money's a bearer token, and
/// neither is signed.
///
/// A sensitive value shows only as its redaction label in `Debug`, [`Summary`], errors and
/// a [`Prepared`](crate::encoding::Prepared) request's `Debug` and `Display`; the call's
/// tracing span never shows any extra parameter.
#[derive(Clone, Default, PartialEq)]
#[must_use]
pub struct Extra {
    params: Vec<(String, Value)>,
}

/// An extra parameter's value.
#[derive(Clone, PartialEq)]
enum Value {
    Text(String),
    Sensitive(Sensitive),
    Json(serde_json::Value),
}

impl Extra {
    /// No extra parameter yet.
    pub fn new() -> Self {
        Extra::default()
    }

    /// A parameter shown as it is in logs.
    pub fn text(mut self, name: impl Into<String>, value: impl IntoText) -> Self {
        self.params
            .push((name.into(), Value::Text(value.into_text())));
        self
    }

    /// A parameter whose value is redacted wherever the request is shown: text (a secret) or
    /// a [`Sensitive`] of any kind.
    pub fn sensitive(mut self, name: impl Into<String>, value: impl Into<Sensitive>) -> Self {
        self.params
            .push((name.into(), Value::Sensitive(value.into())));
        self
    }

    /// A parameter whose value is JSON (a number, a boolean, an object...): a JSON body takes
    /// it as it is, a form its JSON text, a query string its JSON text. Shown as it is.
    pub fn json(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.params.push((name.into(), Value::Json(value)));
        self
    }

    /// Whether there is no parameter.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The parameters' names, in the order they were added.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.params.iter().map(|(n, _)| n.as_str())
    }

    /// The names of the sensitive parameters.
    pub(crate) fn sensitive_names(&self) -> impl Iterator<Item = &str> {
        self.params
            .iter()
            .filter(|(_, v)| matches!(v, Value::Sensitive(_)))
            .map(|(n, _)| n.as_str())
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(t) => fmt::Debug::fmt(t, f),
            Value::Sensitive(s) => fmt::Debug::fmt(s, f),
            Value::Json(v) => write!(f, "{v}"),
        }
    }
}

/// `Extra { "name": "value", "secret": <redacted secret> }`.
impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Extra ")?;
        f.debug_map()
            .entries(self.params.iter().map(|(n, v)| (n, v)))
            .finish()
    }
}

impl SummaryValue for Value {
    fn write_summary(&self, out: &mut String) {
        match self {
            Value::Text(t) => t.write_summary(out),
            Value::Sensitive(s) => s.write_summary(out),
            Value::Json(v) => v.to_string().write_summary(out),
        }
    }
}

/// `name=value` for each parameter, sensitive ones as their redaction label.
impl Summary for Extra {
    fn summarize(&self, s: &mut Summarizer<'_>) {
        for (name, value) in &self.params {
            s.field(name, value);
        }
    }
}

/// A request sent with extra parameters: what [`Request::with_extra`] makes. It is the
/// same request to the client (same endpoint, checks, signature and answer), with the
/// parameters added.
pub struct WithExtra<'a, R> {
    pub(super) request: &'a R,
    pub(super) extra: Extra,
}

impl<R> WithExtra<'_, R> {
    /// The extra parameters.
    pub fn extra(&self) -> &Extra {
        &self.extra
    }
}

impl<R: fmt::Debug> fmt::Debug for WithExtra<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithExtra")
            .field("request", self.request)
            .field("extra", &self.extra)
            .finish()
    }
}

/// The request's summary, then the extra parameters'.
impl<R: Summary> Summary for WithExtra<'_, R> {
    fn summarize(&self, s: &mut Summarizer<'_>) {
        self.request.summarize(s);
        self.extra.summarize(s);
    }
}

impl<G: Gateway, R: Request<G>> Request<G> for WithExtra<'_, R> {
    type Response = R::Response;
    const PATH: &'static str = R::PATH;
    const METHOD: Method = R::METHOD;
    const SENSITIVE: &'static [&'static str] = R::SENSITIVE;
    const WIRE_NAMES: &'static str = R::WIRE_NAMES;
    fn path(&self, credentials: &G::Credentials) -> std::borrow::Cow<'static, str> {
        self.request.path(credentials)
    }
    fn body(&self, credentials: &G::Credentials) -> Result<Body, EncodeError> {
        self.request.body(credentials)
    }
    fn check(&self, checker: &mut Checker) {
        self.request.check(checker)
    }
    fn encode(&self, credentials: &G::Credentials, body: &mut FormBody) -> Result<(), EncodeError> {
        self.request.encode(credentials, body)
    }
    fn money_lookup(&self) -> Option<Lookup<'_>> {
        self.request.money_lookup()
    }
    fn reference(&self) -> Option<&str> {
        self.request.reference()
    }
    fn extras<'s>(&'s self, out: &mut Vec<&'s Extra>) {
        self.request.extras(out);
        out.push(&self.extra);
    }
}

/// Why `name` is no parameter name, if it is not one.
fn name_problem(name: &str) -> Option<&'static str> {
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']');
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > MAX_NAME_LEN {
        Some("it is longer than 128 bytes")
    } else if !name.bytes().all(allowed) {
        Some("it holds a character other than ASCII letters, digits, `_`, `-`, `.`, `[` and `]`")
    } else {
        None
    }
}

/// Checks the extra parameters of a request whose spec defines `defined`, into `checker`.
/// `in_url`: the request has no body, so they would go in the query string.
pub(super) fn check(extras: &[&Extra], defined: &'static str, in_url: bool, checker: &mut Checker) {
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in extras.iter().flat_map(|e| &e.params) {
        if let Some(problem) = name_problem(name) {
            checker.refuse(name, Rule::ExtraName { problem });
            continue;
        }
        if let Some(spec) = defined.split(' ').find(|d| d.eq_ignore_ascii_case(name)) {
            checker.refuse(name, Rule::DefinedBySpec { name: spec });
        } else if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            checker.refuse(name, Rule::Repeated);
        }
        if in_url && matches!(value, Value::Sensitive(_)) {
            checker.refuse(name, Rule::SensitiveInUrl);
        }
        seen.push(name);
    }
}

/// Writes checked extra parameters in the body's own encoding, or in the URL's query string
/// for a request without a body.
pub(super) fn apply(
    extras: &[&Extra],
    endpoint: &'static str,
    body: &mut Body,
    url: &mut String,
) -> Result<(), EncodeError> {
    let params = extras.iter().flat_map(|e| &e.params);
    let failed = |source| EncodeError::new(endpoint, "extra parameters", source);
    match body {
        Body::Form(text) => {
            let mut form = FormBody::resume(std::mem::take(text));
            for (name, value) in params {
                match value {
                    Value::Text(t) => form.str(name, t),
                    Value::Sensitive(s) => form.str(name, s.expose()),
                    Value::Json(v) => form.json(name, v).map_err(failed)?,
                }
            }
            *text = form.finish();
            Ok(())
        }
        Body::Json(bytes) => splice_json(bytes, params).map_err(failed),
        Body::Empty => query(url, params).map_err(failed),
    }
}

/// Adds keys to the top-level JSON object in `bytes`.
fn splice_json<'a>(
    bytes: &mut Vec<u8>,
    params: impl Iterator<Item = &'a (String, Value)>,
) -> Result<(), serde_json::Error> {
    while bytes.last().is_some_and(u8::is_ascii_whitespace) {
        bytes.pop();
    }
    if bytes.first() != Some(&b'{') || bytes.last() != Some(&b'}') {
        return Err(serde::ser::Error::custom(
            "the body is not a JSON object: it has no top level to add parameters to",
        ));
    }
    bytes.pop();
    let mut first = bytes[1..].iter().all(u8::is_ascii_whitespace);
    for (name, value) in params {
        if !first {
            bytes.push(b',');
        }
        first = false;
        serde_json::to_writer(&mut *bytes, name)?;
        bytes.push(b':');
        match value {
            Value::Text(t) => serde_json::to_writer(&mut *bytes, t)?,
            Value::Sensitive(s) => serde_json::to_writer(&mut *bytes, s.expose())?,
            Value::Json(v) => serde_json::to_writer(&mut *bytes, v)?,
        }
    }
    bytes.push(b'}');
    Ok(())
}

/// Adds parameters to the URL's query string; never a sensitive one.
fn query<'a>(
    url: &mut String,
    params: impl Iterator<Item = &'a (String, Value)>,
) -> Result<(), serde_json::Error> {
    let mut separator = if url.contains('?') { '&' } else { '?' };
    for (name, value) in params {
        let text = match value {
            Value::Text(t) => t.clone(),
            Value::Json(v) => v.to_string(),
            Value::Sensitive(_) => {
                return Err(serde::ser::Error::custom(
                    "a sensitive parameter cannot travel in the URL",
                ))
            }
        };
        url.push(separator);
        separator = '&';
        url.extend(form_urlencoded::byte_serialize(name.as_bytes()));
        url.push('=');
        url.extend(form_urlencoded::byte_serialize(text.as_bytes()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::ValidationPolicy;

    fn checked(extra: &Extra, in_url: bool) -> Vec<String> {
        let mut c = Checker::new(ValidationPolicy::SkipLimits);
        check(&[extra], "amount control", in_url, &mut c);
        match c.finish("sale") {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn names_are_checked_whatever_the_policy() {
        let extra = Extra::new()
            .text("Amount", "1")
            .text("", "x")
            .text("a b", "x")
            .text("x".repeat(MAX_NAME_LEN + 1), "x")
            .text("new_param", "1")
            .text("NEW_PARAM", "2")
            .text("customer[name].x-y", "ok");
        let shown = checked(&extra, false);
        assert_eq!(shown.len(), 5, "{shown:?}");
        assert!(
            shown[0].starts_with("`Amount` is a name the spec defines for this request (`amount`"),
            "{shown:?}"
        );
        assert_eq!(
            shown[1],
            "`` is not a valid extra parameter name: it is empty"
        );
        assert!(shown[2].starts_with("`a b` is not a valid extra parameter name: it holds"));
        assert!(
            shown[3].ends_with("it is longer than 128 bytes"),
            "{shown:?}"
        );
        assert_eq!(
            shown[4],
            "`NEW_PARAM` is given more than once as an extra parameter"
        );
        assert!(checked(&Extra::new().text("x".repeat(MAX_NAME_LEN), "v"), false).is_empty());
    }

    #[test]
    fn a_sensitive_parameter_never_goes_in_a_url() {
        let extra = Extra::new()
            .text("page", "2")
            .sensitive("token", "SENTINEL");
        assert!(checked(&extra, false).is_empty());
        let shown = checked(&extra, true);
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].starts_with("`token` is sensitive, and this request has no body"));
        let mut url = "https://h.example/x".to_string();
        let e = apply(&[&extra], "x", &mut Body::Empty, &mut url).expect_err("refused");
        assert!(!format!("{e} {e:?}").contains("SENTINEL"));
    }

    #[test]
    fn each_encoding_takes_them_after_its_own() {
        let extra = Extra::new()
            .text("note", "a b&c")
            .sensitive("secret", "s")
            .json("n", serde_json::json!({"k": [1, true]}));
        let mut form = Body::Form("amount=1".to_string());
        apply(&[&extra], "x", &mut form, &mut String::new()).expect("form");
        let expected = "amount=1&note=a+b%26c&secret=s&n=%7B%22k%22%3A%5B1%2Ctrue%5D%7D";
        assert_eq!(form, Body::Form(expected.to_string()));
        for (before, after) in [
            (
                &b"{\"Amount\":1}"[..],
                &br#"{"Amount":1,"note":"a b&c","secret":"s","n":{"k":[1,true]}}"#[..],
            ),
            (
                b"{}",
                br#"{"note":"a b&c","secret":"s","n":{"k":[1,true]}}"#,
            ),
        ] {
            let mut json = Body::Json(before.to_vec());
            apply(&[&extra], "x", &mut json, &mut String::new()).expect("json");
            assert_eq!(json, Body::Json(after.to_vec()));
        }
        for not_object in [&b"[1]"[..], b"x}", b"{x", b""] {
            let mut body = Body::Json(not_object.to_vec());
            let e = apply(&[&extra], "x", &mut body, &mut String::new()).expect_err("no object");
            assert!(e.to_string().contains("`extra parameters`"), "{e}");
        }
        let plain = Extra::new()
            .text("page", "2 3")
            .json("all", serde_json::json!(true));
        for (start, end) in [
            (
                "https://h.example/p",
                "https://h.example/p?page=2+3&all=true",
            ),
            (
                "https://h.example/p?a=1",
                "https://h.example/p?a=1&page=2+3&all=true",
            ),
        ] {
            let mut url = start.to_string();
            apply(&[&plain], "x", &mut Body::Empty, &mut url).expect("query");
            assert_eq!(url, end);
        }
    }

    #[test]
    fn shown_with_secrets_redacted() {
        let extra = Extra::new()
            .text("note", "two words")
            .sensitive("secret", "SENTINEL")
            .json("n", serde_json::json!(1));
        assert_eq!(
            format!("{extra:?}"),
            r#"Extra {"note": "two words", "secret": <redacted secret>, "n": 1}"#
        );
        assert_eq!(
            extra.summary(),
            r#"note="two words" secret=<redacted secret> n=1"#
        );
        assert_eq!(extra.names().collect::<Vec<_>>(), ["note", "secret", "n"]);
        assert_eq!(extra.sensitive_names().collect::<Vec<_>>(), ["secret"]);
        assert!(!extra.is_empty() && Extra::new().is_empty());
    }
}
