//! The HTTP transport and the one generic call path every generated endpoint goes through.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::time::Duration;

pub use crate::encoding::{Body, Method};
use crate::encoding::{FormBody, Prepared};
use crate::error::{
    BuildError, DecodeError, EncodeError, Error, OutcomeUnknown, TransportError, UnknownCause,
};
use crate::validate::{Checker, ValidationPolicy};

mod connection;
mod extra;

pub use connection::Connection;
pub use extra::{Extra, WithExtra, MAX_NAME_LEN};

/// The default timeout of a whole call. Money-moving calls that exceed it end in
/// [`Error::OutcomeUnknown`], never in a silent resend.
///
/// Redirects are never followed: following a 307 or 308 would send a payment again, to
/// wherever the answer points. A redirect is an answer like any other non-2xx one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a generated gateway module tells the call path about its gateway.
pub trait Gateway {
    type Credentials;
    /// The gateway's refusal: its typed return code and message.
    type Refusal;
    /// The gateway's id (`comnpay`), as the call's log span shows it.
    const NAME: &'static str;
    /// A refusal's return code as the gateway writes it, for the call's log span.
    fn refusal_code(refusal: &Self::Refusal) -> &str;
    /// A refusal as a payment outcome: declined, with its code, category and message.
    fn refusal_outcome(refusal: &Self::Refusal) -> crate::outcome::Outcome;
    /// The keys the refusal is read from, and how answers are written: an answer's
    /// decoding keeps those keys' values in the same pass ([`crate::envelope`]).
    const ENVELOPE: (crate::envelope::EnvelopeKeys, crate::envelope::Format);
    /// The refusal, from what an answer held under the envelope's keys; `None` when they
    /// do not make one.
    fn refusal_of(
        status: u16,
        envelope: &crate::envelope::Envelope,
        body: &[u8],
    ) -> Option<Self::Refusal>;
    /// The refusal an answer carries, if it is one, read from its envelope alone: so a
    /// refusal is recognised even when the rest of the body is unexpected.
    fn refusal(status: u16, body: &[u8]) -> Option<Self::Refusal> {
        let (keys, format) = Self::ENVELOPE;
        Self::refusal_of(status, &crate::envelope::read(body, keys, format)?, body)
    }
    /// The media type of requests and answers, when not the encoding's default.
    const MEDIA_TYPE: Option<&'static str> = None;
    /// The bearer token these credentials authorize with, if any.
    fn bearer(_credentials: &Self::Credentials) -> Option<&str> {
        None
    }
    /// What follows every endpoint path for these credentials (an endpoint or group id).
    fn path_suffix(_credentials: &Self::Credentials) -> String {
        String::new()
    }
}

/// How to look up a money-moving call whose outcome is unknown.
#[derive(Debug, Clone, Copy)]
pub struct Lookup<'a> {
    pub endpoint: &'static str,
    pub field: &'static str,
    pub value: &'a str,
}

/// A request of gateway `G`; implemented by the generated request types.
pub trait Request<G: Gateway> {
    type Response: FromBody;
    /// The endpoint path below the base URL, as the spec writes it.
    const PATH: &'static str;
    /// The HTTP method.
    const METHOD: Method = Method::Post;
    /// The wire names whose values are redacted when the request is shown.
    const SENSITIVE: &'static [&'static str] = &[];
    /// Every top-level name the spec defines for this request (parameters, their aliases
    /// and currency fields, the credentials and signature it sends), separated by spaces:
    /// an [`Extra`] parameter may not take one.
    const WIRE_NAMES: &'static str = "";
    /// The path with its placeholders filled in (percent-encoded).
    fn path(&self, _credentials: &G::Credentials) -> Cow<'static, str> {
        Cow::Borrowed(Self::PATH)
    }
    /// The body: by default the form that `encode` writes.
    fn body(&self, credentials: &G::Credentials) -> Result<Body, EncodeError> {
        let mut body = FormBody::with_capacity(crate::encoding::BODY_CAPACITY);
        self.encode(credentials, &mut body)?;
        Ok(Body::Form(body.finish()))
    }
    /// Checks the request against the spec's rules, into `checker`.
    fn check(&self, checker: &mut Checker);
    /// Writes credentials and parameters as a form, in spec order (form gateways).
    fn encode(
        &self,
        _credentials: &G::Credentials,
        _body: &mut FormBody,
    ) -> Result<(), EncodeError> {
        Ok(())
    }
    /// `Some` for a call that moves money: how to find its outcome after a timeout.
    fn money_lookup(&self) -> Option<Lookup<'_>>;
    /// The merchant's reference for this call (`transactionRef`, `client_orderid`...), as
    /// the call's log span shows it; never a sensitive field.
    fn reference(&self) -> Option<&str> {
        None
    }
    /// The extra parameters this request sends, outermost last (none but for a
    /// [`WithExtra`]).
    fn extras<'s>(&'s self, _out: &mut Vec<&'s Extra>) {}
    /// This request with parameters its spec does not define: see [`Extra`].
    fn with_extra(&self, extra: Extra) -> WithExtra<'_, Self>
    where
        Self: Sized,
    {
        WithExtra {
            request: self,
            extra,
        }
    }
}

/// A gateway's calls as a server receives them: each gateway's generated `Incoming`, whose
/// `decode` reads the HTTP method, the path below the base URL and the body (what the
/// simulator's scaffolding calls).
pub trait Inbound {
    /// The call read: the request, and the credentials, signature and target it carries.
    type Received;
    /// Reads a call; an unknown method and path, or a body that does not read as the
    /// endpoint's request, is an error naming the endpoint and field, never a value.
    fn decode(
        method: Method,
        path: &str,
        body: &[u8],
    ) -> Result<Self::Received, crate::RequestDecodeError>;
}

/// An answer as read: the answer's type (or why the body is not one), and the refusal the
/// body makes, if it makes one.
pub type Answer<R, Refusal> = (Result<R, Box<dyn StdError + Send + Sync>>, Option<Refusal>);

/// An answer read once: the answer, and the refusal its envelope makes, from the same
/// pass. Only a body that does not read as the answer is read again, for its envelope
/// alone, so that a refusal is recognised whatever the rest of the body holds.
pub fn read_answer<G: Gateway, R: FromBody>(status: u16, body: &[u8]) -> Answer<R, G::Refusal> {
    let mut capture = crate::envelope::Capture::new(G::ENVELOPE.0);
    let decoded = R::decode(body, &mut capture);
    let refusal = match (&decoded, capture.envelope()) {
        (Ok(_), Some(envelope)) => G::refusal_of(status, envelope, body),
        _ => G::refusal(status, body),
    };
    (decoded, refusal)
}

/// An answer type that can be read from a response body.
pub trait FromBody: Sized {
    /// Reads the answer, keeping what it holds under the refusal envelope's keys in
    /// `capture` in the same pass.
    fn decode(
        body: &[u8],
        capture: &mut crate::envelope::Capture,
    ) -> Result<Self, Box<dyn StdError + Send + Sync>>;
    /// Reads the answer alone.
    fn from_body(body: &[u8]) -> Result<Self, Box<dyn StdError + Send + Sync>> {
        Self::decode(body, &mut crate::envelope::Capture::none())
    }
    /// What the answer means for the payment, for answers whose spec says (`outcome:`);
    /// `None` for the others (searches, receipts...).
    fn outcome(&self) -> Option<crate::outcome::Outcome> {
        None
    }
}

/// Settings shared by every gateway client.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: String,
    pub timeout: Duration,
    pub policy: ValidationPolicy,
    /// TLS 1.3 only, instead of 1.2 and up.
    pub tls13_only: bool,
    /// For a white-labelled gateway, the brand whose documents' limits apply.
    pub brand: Option<&'static str>,
    /// Appended to every endpoint path (an endpoint or group id).
    pub path_suffix: String,
    /// A client of the user's own, or the proxy, roots, identity and connect timeout of
    /// the one built.
    pub connection: Connection,
}

/// The HTTP side of a client: one connection pool, one base URL.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    /// The client is the user's own (`http_client`).
    own: bool,
    base: String,
    timeout: Duration,
    policy: ValidationPolicy,
    brand: Option<&'static str>,
    suffix: String,
}

/// Not the reqwest client's own `Debug`, which lists its default headers: a client of the
/// user's own may hold a key in one.
impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let client = if self.own {
            "<your own>"
        } else {
            "<paybind's>"
        };
        f.debug_struct("Http")
            .field("client", &client)
            .field("base", &self.base)
            .field("timeout", &self.timeout)
            .field("policy", &self.policy)
            .field("brand", &self.brand)
            .field("suffix", &self.suffix)
            .finish()
    }
}

impl Http {
    pub fn new(s: Settings) -> Result<Self, BuildError> {
        if !crate::format::is_url(&s.base_url) {
            return Err(BuildError::BaseUrl { url: s.base_url });
        }
        let own = s.connection.own_client()?;
        let is_own = own.is_some();
        let client = match own {
            Some(client) => client,
            None => Self::client(&s)?,
        };
        let mut base = s.base_url;
        while base.ends_with('/') {
            base.pop();
        }
        Ok(Http {
            client,
            own: is_own,
            base,
            timeout: s.timeout,
            policy: s.policy,
            brand: s.brand,
            suffix: s.path_suffix,
        })
    }

    /// The `reqwest::Client` paybind builds: TLS 1.2 (or 1.3) and up, no redirect followed,
    /// and the connection's options.
    fn client(s: &Settings) -> Result<reqwest::Client, BuildError> {
        let tls = if s.tls13_only {
            reqwest::tls::Version::TLS_1_3
        } else {
            reqwest::tls::Version::TLS_1_2
        };
        let builder = reqwest::Client::builder()
            .min_tls_version(tls)
            .timeout(s.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("paybind/", env!("CARGO_PKG_VERSION")));
        s.connection
            .configure(builder, s.timeout)?
            .build()
            .map_err(|e| s.connection.diagnose(e))
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn policy(&self) -> ValidationPolicy {
        self.policy
    }

    /// Validates and encodes a request: what [`Http::call`] would send.
    pub fn prepare<G: Gateway, Q: Request<G>>(
        &self,
        credentials: &G::Credentials,
        request: &Q,
    ) -> Result<Prepared, Error<G::Refusal>> {
        let mut extras = Vec::new();
        request.extras(&mut extras);
        let mut checker = Checker::new(self.policy).with_brand(self.brand);
        request.check(&mut checker);
        let in_url = Q::METHOD == Method::Get;
        extra::check(&extras, Q::WIRE_NAMES, in_url, &mut checker);
        checker.finish(Q::PATH).map_err(Error::InvalidRequest)?;
        let mut body = request.body(credentials).map_err(Error::Encode)?;
        let path = request.path(credentials);
        let mut url = String::with_capacity(self.base.len() + 1 + path.len() + self.suffix.len());
        url.push_str(&self.base);
        url.push('/');
        url.push_str(&path);
        url.push_str(&self.suffix);
        if !extras.is_empty() {
            extra::apply(&extras, Q::PATH, &mut body, &mut url).map_err(Error::Encode)?;
        }
        let content_type = match &body {
            Body::Form(_) => Some("application/x-www-form-urlencoded"),
            Body::Json(_) => Some(G::MEDIA_TYPE.unwrap_or("application/json")),
            Body::Empty => None,
        };
        Ok(Prepared {
            method: Q::METHOD,
            url,
            content_type,
            accept: G::MEDIA_TYPE,
            bearer: G::bearer(credentials).map(str::to_string),
            body,
            sensitive: Q::SENSITIVE,
            extra_sensitive: extras
                .iter()
                .flat_map(|e| e.sensitive_names())
                .map(str::to_string)
                .collect(),
        })
    }

    /// Validates, encodes, sends once, and decodes the answer.
    ///
    /// Each call is one `paybind.call` [`tracing`] span at info level with the fields
    /// `gateway`, `endpoint`, `reference` (the merchant's reference, never a secret),
    /// `status` (HTTP), `code` (a refusal's return code), `outcome` (for an answer whose
    /// spec maps outcomes, [`Outcome::as_str`](crate::outcome::Outcome::as_str): `succeeded`,
    /// `authorized`, `action_required`, `pending`, `declined`, `cancelled` or `unknown`; `ok`
    /// for other answers; else `refused`, `invalid`, `transport`, `undecodable` or `unknown`) and `duration_ms`, and ends with one
    /// event. Nothing else of the request or answer is logged: no credential, no card data.
    pub async fn call<G: Gateway, Q: Request<G>>(
        &self,
        credentials: &G::Credentials,
        request: &Q,
    ) -> Result<Q::Response, Error<G::Refusal>> {
        use tracing::field::Empty;
        let span = tracing::info_span!(
            "paybind.call",
            gateway = G::NAME,
            endpoint = Q::PATH,
            reference = request.reference(),
            status = Empty,
            code = Empty,
            outcome = Empty,
            duration_ms = Empty,
        );
        let started = std::time::Instant::now();
        let result = {
            let exchange = self.exchange(credentials, request, &span);
            tracing::Instrument::instrument(exchange, span.clone()).await
        };
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("duration_ms", duration_ms);
        let outcome = match &result {
            Ok(answer) => answer.outcome().map_or("ok", |o| o.as_str()),
            Err(Error::Refused(r)) => {
                span.record("code", G::refusal_code(r));
                "refused"
            }
            Err(Error::InvalidRequest(_) | Error::Encode(_)) => "invalid",
            Err(Error::Transport(_)) => "transport",
            Err(Error::Decode(_)) => "undecodable",
            Err(Error::OutcomeUnknown(_)) => "unknown",
        };
        span.record("outcome", outcome);
        span.in_scope(|| match outcome {
            "unknown" | "transport" | "undecodable" => {
                tracing::warn!(outcome, duration_ms, "gateway call")
            }
            _ => tracing::info!(outcome, duration_ms, "gateway call"),
        });
        result
    }

    async fn exchange<G: Gateway, Q: Request<G>>(
        &self,
        credentials: &G::Credentials,
        request: &Q,
        span: &tracing::Span,
    ) -> Result<Q::Response, Error<G::Refusal>> {
        let prepared = self.prepare(credentials, request)?;
        let answer = self.send(prepared).await;
        if let Ok((status, _)) = &answer {
            span.record("status", status);
        }
        let (status, bytes) = match answer {
            Ok(answer) => answer,
            Err(source) => return Err(transport_failure(Q::PATH, request.money_lookup(), source)),
        };
        let (decoded, refusal) = read_answer::<G, Q::Response>(status, &bytes);
        if let Some(refusal) = refusal {
            return Err(Error::Refused(refusal));
        }
        if !(200..300).contains(&status) {
            let d = DecodeError::new(Q::PATH, status, bytes.to_vec(), None);
            return Err(answer_failure(Q::PATH, request.money_lookup(), d));
        }
        decoded.map_err(|e| {
            let d = DecodeError::new(Q::PATH, status, bytes.to_vec(), Some(e));
            answer_failure(Q::PATH, request.money_lookup(), d)
        })
    }

    /// Sends a prepared request once and reads the whole answer.
    async fn send(&self, p: Prepared) -> Result<(u16, bytes::Bytes), reqwest::Error> {
        let mut rb = match p.method {
            Method::Get => self.client.get(p.url),
            Method::Post => self.client.post(p.url),
        };
        // The client paybind builds has this timeout already; a client of the user's own
        // gets it here.
        rb = rb.timeout(self.timeout);
        if let Some(media) = p.accept {
            rb = rb.header(reqwest::header::ACCEPT, media);
        }
        if let Some(token) = p.bearer {
            rb = rb.bearer_auth(token);
        }
        if let Some(t) = p.content_type {
            rb = rb.header(reqwest::header::CONTENT_TYPE, t);
        }
        rb = match p.body {
            Body::Form(text) => rb.body(text),
            Body::Json(bytes) => rb.body(bytes),
            Body::Empty => rb,
        };
        let answer = rb.send().await?;
        let status = answer.status().as_u16();
        Ok((status, answer.bytes().await?))
    }
}

/// A failed exchange: for a money-moving call, anything but "never connected" leaves the
/// outcome unknown.
fn transport_failure<R>(
    endpoint: &'static str,
    lookup: Option<Lookup<'_>>,
    source: reqwest::Error,
) -> Error<R> {
    match lookup {
        Some(l) if !source.is_connect() => {
            outcome_unknown(endpoint, l, UnknownCause::Transport(source))
        }
        _ => Error::Transport(TransportError { endpoint, source }),
    }
}

/// An answer that is neither a refusal nor a readable success. For a money-moving call, a
/// server error (5xx: the gateway, or a proxy in front of it, may have carried the call out)
/// or an unreadable success leaves the outcome unknown; a redirect or a client error (3xx,
/// 4xx) says the call was not carried out, and stays a decode error.
fn answer_failure<R>(
    endpoint: &'static str,
    lookup: Option<Lookup<'_>>,
    d: DecodeError,
) -> Error<R> {
    match lookup {
        Some(l) if d.status >= 500 || (200..300).contains(&d.status) => {
            outcome_unknown(endpoint, l, UnknownCause::Answer(Box::new(d)))
        }
        _ => Error::Decode(d),
    }
}

fn outcome_unknown<R>(endpoint: &'static str, l: Lookup<'_>, cause: UnknownCause) -> Error<R> {
    Error::OutcomeUnknown(OutcomeUnknown {
        endpoint,
        lookup_endpoint: l.endpoint,
        lookup_field: l.field,
        lookup_value: l.value.to_string(),
        cause,
    })
}

/// A text answer (an HTML receipt, a base 64 PDF).
impl FromBody for String {
    fn decode(
        body: &[u8],
        _capture: &mut crate::envelope::Capture,
    ) -> Result<Self, Box<dyn StdError + Send + Sync>> {
        Ok(std::str::from_utf8(body)?.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{Capture, Envelope, EnvelopeKeys, Format};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How often the envelope alone was read (the second pass `read_answer` avoids).
    static ENVELOPE_ONLY_READS: AtomicUsize = AtomicUsize::new(0);

    struct OnePass;

    impl Gateway for OnePass {
        type Credentials = ();
        type Refusal = String;
        const NAME: &'static str = "one-pass";
        fn refusal_code(refusal: &String) -> &str {
            refusal
        }
        fn refusal_outcome(_: &String) -> crate::Outcome {
            crate::Outcome::Unknown
        }
        const ENVELOPE: (EnvelopeKeys, Format) = (
            EnvelopeKeys {
                when: Some("ok"),
                code: "code",
                message: "message",
            },
            Format::Json,
        );
        fn refusal(status: u16, body: &[u8]) -> Option<String> {
            ENVELOPE_ONLY_READS.fetch_add(1, Ordering::SeqCst);
            let (keys, format) = Self::ENVELOPE;
            let e = crate::envelope::read(body, keys, format)?;
            Self::refusal_of(status, &e, body)
        }
        fn refusal_of(_: u16, e: &Envelope, _: &[u8]) -> Option<String> {
            (e.when.as_ref()?.matches("0")).then(|| e.code.clone().unwrap_or_default())
        }
    }

    #[derive(Debug, Default, serde::Deserialize)]
    struct Paid {
        #[serde(default)]
        id: Option<u32>,
    }

    impl FromBody for Paid {
        fn decode(
            body: &[u8],
            capture: &mut Capture,
        ) -> Result<Self, Box<dyn StdError + Send + Sync>> {
            Ok(crate::envelope::json(body, capture)?)
        }
    }

    #[test]
    fn an_answer_and_its_refusal_are_read_in_one_pass() {
        ENVELOPE_ONLY_READS.store(0, Ordering::SeqCst);
        let (paid, refusal) = read_answer::<OnePass, Paid>(200, br#"{"ok":1,"id":7}"#);
        assert_eq!((paid.expect("paid").id, refusal), (Some(7), None));
        let (_, refusal) = read_answer::<OnePass, Paid>(200, br#"{"ok":0,"code":"51","id":7}"#);
        assert_eq!(refusal.as_deref(), Some("51"));
        assert_eq!(
            ENVELOPE_ONLY_READS.load(Ordering::SeqCst),
            0,
            "no second pass"
        );
        // A refusal whose rest does not read as the answer is still one: read again, alone.
        let (paid, refusal) =
            read_answer::<OnePass, Paid>(200, br#"{"ok":0,"code":"05","id":"x"}"#);
        assert!(paid.is_err());
        assert_eq!(refusal.as_deref(), Some("05"));
        assert_eq!(ENVELOPE_ONLY_READS.load(Ordering::SeqCst), 1);
        // An answer type that reads its body as text leaves the envelope to the second pass.
        let (text, refusal) = read_answer::<OnePass, String>(200, br#"{"ok":0,"code":"9Z9"}"#);
        assert!(text.is_ok());
        assert_eq!(refusal.as_deref(), Some("9Z9"));
        assert_eq!(ENVELOPE_ONLY_READS.load(Ordering::SeqCst), 2);
    }

    fn settings(base_url: &str, policy: ValidationPolicy) -> Settings {
        Settings {
            base_url: base_url.to_string(),
            timeout: DEFAULT_TIMEOUT,
            policy,
            tls13_only: false,
            brand: None,
            path_suffix: String::new(),
            connection: Connection::default(),
        }
    }

    #[test]
    fn the_http_side_keeps_its_policy_and_trims_the_base_url() {
        for policy in [ValidationPolicy::SkipLimits, ValidationPolicy::Strict] {
            let http = Http::new(settings("https://h.example/rest//", policy)).expect("http");
            assert_eq!(http.policy(), policy);
            assert_eq!(http.base_url(), "https://h.example/rest");
        }
        let bad = Http::new(settings("h.example/rest", ValidationPolicy::Strict));
        assert!(
            matches!(&bad, Err(BuildError::BaseUrl { url }) if url == "h.example/rest"),
            "{bad:?}"
        );
    }
}
