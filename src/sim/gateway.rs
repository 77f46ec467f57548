//! The scaffolding every simulated gateway shares: its API route, the order in which a call
//! is read (decode with the generated `Incoming::decode`, admit, serve), its pages, and its
//! books in the ledger. A gateway's simulator implements [`Simulated`] and is only its state
//! machine; [`crate::sim::SimulatorBuilder::gateway`] serves one of a user's own (a spec bound
//! with `gateway!`) beside the built-in ones.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::encoding::Method;
use crate::transport::Inbound;
use crate::RequestDecodeError;

/// One payment as a simulated gateway's books hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The merchant's reference: ComNpay's transactionRef, PaynetEasy's client_orderid,
    /// S-money's orderId.
    pub reference: String,
    /// The id the simulator gave the payment.
    pub id: String,
    /// The amount, in minor units.
    pub minor: i64,
}

/// An answer of a simulated gateway: HTTP status, media type and body (written by the
/// generated answer encoders).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `content-type` header.
    pub media_type: String,
    /// The body.
    pub body: String,
}

impl Reply {
    /// An answer with `status`.
    pub fn new(status: u16, media_type: impl Into<String>, body: impl Into<String>) -> Self {
        Reply {
            status,
            media_type: media_type.into(),
            body: body.into(),
        }
    }

    /// A `200 OK` answer.
    pub fn ok(media_type: impl Into<String>, body: impl Into<String>) -> Self {
        Reply::new(200, media_type, body)
    }

    /// A `200 OK` answer written by a generated `encode()`; were the encoding to fail (a
    /// simulator bug: flat answers always encode), a `500` in plain text saying so.
    pub fn encoded(
        media_type: impl Into<String>,
        body: Result<String, Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        match body {
            Ok(body) => Reply::ok(media_type, body),
            Err(e) => Reply::new(500, "text/plain", format!("the answer did not encode: {e}")),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, [("content-type", self.media_type)], self.body).into_response()
    }
}

/// A simulated gateway: what differs from one gateway to the next. The scaffolding serves
/// `GET` and `POST` under `{mount}{API}/…`, refuses what [`Simulated::authenticate`]
/// refuses, hands the rest of the path (still percent-encoded) to the generated `Incoming::decode`,
/// refuses what [`Simulated::admit`] refuses and answers with [`Simulated::serve`];
/// [`Simulated::entries`] is its part of the ledger.
pub trait Simulated: Send + Sync + Sized + 'static {
    /// The gateway's generated `Incoming`, whose `decode` reads each call.
    type Incoming: Inbound<Received: Send>;
    /// Where its API calls arrive below the mount, which is where the client's base URL
    /// points: `/rest`, `/paynet/api/v2`, or empty.
    const API: &'static str;

    /// The path it is served under, without slashes: `comnpay`, `connpay`.
    fn mount(&self) -> String;
    /// The gateway's refusal of a call whose headers it does not accept (a bearer token),
    /// before the call is read; every call passes by default.
    fn authenticate(&self, headers: &HeaderMap) -> Result<(), Reply> {
        let _ = headers;
        Ok(())
    }
    /// The gateway's own answer to a call it cannot read (an unknown path, a bad body).
    fn undecodable(&self, error: &RequestDecodeError) -> Reply;
    /// Credentials, signature and the documented rules: the gateway's refusal of a call it
    /// does not accept.
    fn admit(&self, headers: &HeaderMap, received: &Received<Self>) -> Result<(), Reply>;
    /// The state machine: the answer to an admitted call.
    fn serve(&self, received: Received<Self>) -> Reply;
    /// The payments its books hold, in reference order.
    fn entries(&self) -> Vec<Entry>;
    /// Its pages (3-D Secure, payment pages), routed below the mount; none by default.
    fn pages(self: Arc<Self>) -> Router {
        Router::new()
    }
}

/// A call to `G` as its generated `Incoming::decode` reads it.
pub type Received<G> = <<G as Simulated>::Incoming as Inbound>::Received;

/// Every API call: authenticate, decode, admit, serve.
async fn call<G: Simulated>(
    State(gateway): State<Arc<G>>,
    method: axum::http::Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let method = if method == axum::http::Method::GET {
        Method::Get
    } else {
        Method::Post
    };
    if let Err(refused) = gateway.authenticate(&headers) {
        return refused;
    }
    let path = uri.path();
    let path = path.strip_prefix(G::API).unwrap_or(path);
    let received = match G::Incoming::decode(method, path.trim_start_matches('/'), &body) {
        Ok(r) => r,
        Err(e) => return gateway.undecodable(&e),
    };
    if let Err(refused) = gateway.admit(&headers, &received) {
        return refused;
    }
    gateway.serve(received)
}

/// A gateway as the simulator holds it, whatever its type.
pub(crate) trait Mounted: Send + Sync {
    fn mount(&self) -> String;
    fn router(self: Arc<Self>) -> Router;
    fn entries(&self) -> Vec<Entry>;
}

impl<G: Simulated> Mounted for G {
    fn mount(&self) -> String {
        Simulated::mount(self)
    }

    fn router(self: Arc<Self>) -> Router {
        let api = format!("{}/{{*rest}}", G::API);
        Router::new()
            .route(&api, get(call::<G>).post(call::<G>))
            .with_state(self.clone())
            .merge(self.pages())
    }

    fn entries(&self) -> Vec<Entry> {
        Simulated::entries(self)
    }
}
