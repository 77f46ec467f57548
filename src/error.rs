//! The error model, after smithy-rs: structured, `#[non_exhaustive]`, sources kept.
//!
//! Five cases are kept apart, because a caller must act differently on each:
//! the request was invalid and nothing was sent; the transport failed before anything could
//! have happened; the answer could not be decoded (its raw body is kept); the gateway refused
//! (a typed code and message); or a money-moving call's outcome is unknown.

use std::error::Error as StdError;
use std::fmt;

use crate::validate::ValidationErrors;

/// Everything a gateway call can fail with. `R` is the gateway's refusal type.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<R> {
    /// The request broke documented rules; nothing was sent.
    InvalidRequest(ValidationErrors),
    /// A sub-form could not be encoded; nothing was sent.
    Encode(EncodeError),
    /// The transport failed. For a call that moves money this is only returned when the
    /// request cannot have reached the gateway (the connection was never made).
    Transport(TransportError),
    /// The gateway answered something that could not be decoded; the raw body is kept. For
    /// a call that moves money, only a redirect or a client error (3xx, 4xx): any other
    /// unreadable answer leaves its outcome unknown ([`Error::OutcomeUnknown`]).
    Decode(DecodeError),
    /// The gateway refused the request, with its typed return code and message.
    Refused(R),
    /// A call that moves money may or may not have been carried out. It was not resent.
    OutcomeUnknown(OutcomeUnknown),
}

impl<R: fmt::Display> fmt::Display for Error<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => write!(f, "{e}; nothing was sent"),
            Error::Encode(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Refused(r) => write!(f, "refused by the gateway: {r}"),
            Error::OutcomeUnknown(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<R: StdError + 'static> StdError for Error<R> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::InvalidRequest(e) => Some(e),
            Error::Encode(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Refused(r) => Some(r),
            Error::OutcomeUnknown(e) => Some(e),
        }
    }
}

/// A sub-form that could not be written as JSON.
#[derive(Debug)]
#[non_exhaustive]
pub struct EncodeError {
    pub endpoint: &'static str,
    pub field: &'static str,
    pub source: serde_json::Error,
}

impl EncodeError {
    pub fn new(endpoint: &'static str, field: &'static str, source: serde_json::Error) -> Self {
        EncodeError {
            endpoint,
            field,
            source,
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not encode `{}` for {}; nothing was sent",
            self.field, self.endpoint
        )
    }
}

impl StdError for EncodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// The HTTP exchange failed.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    pub endpoint: &'static str,
    pub source: reqwest::Error,
}

impl TransportError {
    /// True when no connection was made, so the request cannot have been received.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport failure calling {}", self.endpoint)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// An answer that could not be decoded. The raw body is kept, but left out of `Debug` and
/// `Display` (it may carry tokens): read it with [`DecodeError::body`].
#[non_exhaustive]
pub struct DecodeError {
    pub endpoint: &'static str,
    /// The HTTP status of the answer.
    pub status: u16,
    body: Vec<u8>,
    pub source: Option<Box<dyn StdError + Send + Sync>>,
}

impl DecodeError {
    pub fn new(
        endpoint: &'static str,
        status: u16,
        body: Vec<u8>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        DecodeError {
            endpoint,
            status,
            body,
            source,
        }
    }
    /// The raw body as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("endpoint", &self.endpoint)
            .field("status", &self.status)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the answer to {} (HTTP {}, {} bytes kept)",
            self.endpoint,
            self.status,
            self.body.len()
        )
    }
}

impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn StdError + 'static))
    }
}

/// An answer's body as received, kept whole with a refusal. Left out of `Debug` (it may
/// carry tokens): read it with [`RawBody::as_bytes`], or decode it into the endpoint's
/// answer type, whose `Debug` redacts what is sensitive.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RawBody(Vec<u8>);

impl RawBody {
    pub fn new(body: &[u8]) -> Self {
        RawBody(body.to_vec())
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

/// A money-moving call whose outcome is unknown: a timeout, a connection lost after the
/// request may have been sent, or an answer that does not say what happened (a server error,
/// or a success status whose body cannot be read). It was **not** resent. Look it up before
/// trying again.
#[derive(Debug)]
#[non_exhaustive]
pub struct OutcomeUnknown {
    pub endpoint: &'static str,
    /// The call that tells what happened, e.g. `payment/find`.
    pub lookup_endpoint: &'static str,
    /// The parameter to look up by, e.g. `transactionRef`.
    pub lookup_field: &'static str,
    /// Its value in the request whose outcome is unknown.
    pub lookup_value: String,
    /// Why the outcome is unknown.
    pub cause: UnknownCause,
}

/// Why a money-moving call's outcome is unknown.
#[derive(Debug)]
#[non_exhaustive]
pub enum UnknownCause {
    /// The exchange failed once the request may have been sent: a timeout, a connection
    /// reset or closed, an answer cut short.
    Transport(reqwest::Error),
    /// An answer came, but it does not say what happened: a server error (HTTP 5xx, from
    /// the gateway or a proxy before it) without the gateway's refusal envelope, or a
    /// success status whose body cannot be decoded. The raw body is kept.
    Answer(Box<DecodeError>),
}

impl OutcomeUnknown {
    /// True when the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(&self.cause, UnknownCause::Transport(e) if e.is_timeout())
    }
}

impl fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the outcome of {} is unknown (", self.endpoint)?;
        match &self.cause {
            UnknownCause::Transport(e) if e.is_timeout() => f.write_str("timed out")?,
            UnknownCause::Transport(_) => f.write_str("connection lost")?,
            UnknownCause::Answer(d) => write!(f, "HTTP {} answer that says nothing", d.status)?,
        }
        write!(
            f,
            "); it was not resent: look it up with {} {}={} before trying again",
            self.lookup_endpoint, self.lookup_field, self.lookup_value
        )
    }
}

impl StdError for OutcomeUnknown {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.cause {
            UnknownCause::Transport(e) => Some(e),
            UnknownCause::Answer(d) => Some(d.as_ref()),
        }
    }
}

/// The category of a gateway return code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReturnCategory {
    /// Accepted.
    Success,
    /// Not final yet: ask again later.
    Pending,
    /// Refused, but may succeed later or with other parameters.
    SoftDecline,
    /// Refused; retrying the same card or account will not help.
    HardDecline,
    /// Refused as suspected fraud.
    Fraud,
    /// Cardholder authentication (3-D Secure) failed.
    Authentication,
    /// The merchant account or access is not set up for this.
    Configuration,
    /// A technical failure on the gateway's side.
    Technical,
    /// The request itself was invalid.
    Validation,
    /// The request names something unknown or in the wrong state (duplicates included).
    State,
    /// A code this version of the spec does not know.
    Unknown,
}

impl ReturnCategory {
    /// The category as the spec language writes it: `success`, `hard_decline`...
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnCategory::Success => "success",
            ReturnCategory::Pending => "pending",
            ReturnCategory::SoftDecline => "soft_decline",
            ReturnCategory::HardDecline => "hard_decline",
            ReturnCategory::Fraud => "fraud",
            ReturnCategory::Authentication => "authentication",
            ReturnCategory::Configuration => "configuration",
            ReturnCategory::Technical => "technical",
            ReturnCategory::Validation => "validation",
            ReturnCategory::State => "state",
            ReturnCategory::Unknown => "unknown",
        }
    }
}

/// Could not build a client.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute http(s) URL.
    BaseUrl { url: String },
    /// The HTTP client could not be built (TLS setup).
    Http(reqwest::Error),
    /// A connection option of the client builder could not be used: `option` names the
    /// builder method (`add_root_certificates_pem`, `identity`, `proxy`...), `problem` says
    /// why; `source` is reqwest's error, when it gave one.
    Option {
        option: &'static str,
        problem: String,
        source: Option<reqwest::Error>,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::BaseUrl { url } => write!(f, "`{url}` is not an absolute http(s) base URL"),
            BuildError::Http(_) => f.write_str("could not build the HTTP client"),
            BuildError::Option {
                option, problem, ..
            } => write!(f, "client option `{option}`: {problem}"),
        }
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            BuildError::Option {
                source: Some(e), ..
            } => Some(e),
            BuildError::BaseUrl { .. } | BuildError::Option { .. } => None,
        }
    }
}

/// A server callback that must not be trusted: answer it with an error status.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallbackError {
    /// The signature parameter is missing.
    MissingSignature { field: &'static str },
    /// The signature does not match the merchant control key and the callback's values.
    BadSignature { field: &'static str },
    /// The parameters could not be decoded.
    Decode(serde::de::value::Error),
    /// A parameter came more than once: which value was signed is ambiguous.
    DuplicateParameter { field: String },
}

impl CallbackError {
    /// Refuses a callback in which a parameter name comes more than once (generated
    /// `verify_callback`s call it first).
    pub fn refuse_repeated(pairs: &[(String, String)]) -> Result<(), CallbackError> {
        let mut seen = std::collections::HashSet::with_capacity(pairs.len());
        match pairs.iter().find(|(k, _)| !seen.insert(k.as_str())) {
            Some((k, _)) => Err(CallbackError::DuplicateParameter { field: k.clone() }),
            None => Ok(()),
        }
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::MissingSignature { field } => {
                write!(f, "callback without its `{field}` signature")
            }
            CallbackError::BadSignature { field } => {
                write!(f, "callback `{field}` signature does not match")
            }
            CallbackError::Decode(_) => f.write_str("callback parameters could not be decoded"),
            CallbackError::DuplicateParameter { field } => {
                write!(f, "callback parameter `{field}` comes more than once")
            }
        }
    }
}

impl StdError for CallbackError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            CallbackError::Decode(e) => Some(e),
            _ => None,
        }
    }
}

/// One documented return code: the row of a gateway's `RETURN_CODES` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReturnCodeInfo {
    /// The code as the gateway writes it.
    pub code: &'static str,
    /// The document's description.
    pub description: &'static str,
    /// What kind of outcome it means.
    pub category: ReturnCategory,
}

impl ReturnCodeInfo {
    /// A row of a return-code table (generated code builds these in `static`s).
    pub const fn new(
        code: &'static str,
        description: &'static str,
        category: ReturnCategory,
    ) -> Self {
        ReturnCodeInfo {
            code,
            description,
            category,
        }
    }
}

/// A request a server received could not be read (see a gateway's `Incoming::decode`).
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestDecodeError {
    /// No endpoint of the spec answers this method and path.
    UnknownEndpoint {
        method: crate::encoding::Method,
        path: String,
    },
    /// The body does not read as the endpoint's request: a required field is missing or a
    /// value has the wrong shape. The source names the field, never its value.
    Body {
        endpoint: &'static str,
        source: Box<dyn StdError + Send + Sync>,
    },
}

impl RequestDecodeError {
    /// The error of a body that does not read as `endpoint`'s request, from its cause.
    pub fn body<E: StdError + Send + Sync + 'static>(
        endpoint: &'static str,
    ) -> impl FnOnce(E) -> Self {
        move |source| RequestDecodeError::Body {
            endpoint,
            source: Box::new(source),
        }
    }
}

impl fmt::Display for RequestDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestDecodeError::UnknownEndpoint { method, path } => {
                write!(f, "no endpoint answers {method} {path}")
            }
            RequestDecodeError::Body { endpoint, source } => {
                write!(f, "`{endpoint}`: {source}")
            }
        }
    }
}

impl StdError for RequestDecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            RequestDecodeError::Body { source, .. } => Some(source.as_ref()),
            RequestDecodeError::UnknownEndpoint { .. } => None,
        }
    }
}
