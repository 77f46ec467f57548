//! The PaynetEasy / ConnPay simulator. Requests are read with the generated
//! `Incoming::decode`, checked with the generated validators for the brand of the route
//! (`/payneteasy/...` or `/connpay/...`), and their `control` is compared with the generated
//! `signature` under the simulator's key. Answers are line-encoded, as the gateway's.
//!
//! Orders start `processing`; each status call moves them on. Test cards:
//!
//! | card | outcome |
//! |---|---|
//! | 4444555566661111 | approved on the second status call |
//! | 4444555566662222 | declined on the second status call |
//! | 4444555566663333 | 3-D Secure: `processing` with an `html` form until the payer submits it, then approved |
//! | any other, or a recurring payment id | approved |
//!
//! When an order becomes final and it named a server_callback_url (or notify_url), the
//! simulator sends the signed callback there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

use super::gateway::{Entry, Reply, Simulated};
use crate::payneteasy::{
    AsyncResponse, Brand, Credentials, Incoming, OrderStatus, Received, ResponseType, ReturnCode,
    StatusResponse, Target,
};
use crate::sim::page::{notice, Summary};
use crate::{Money, RequestDecodeError};

/// Approved on the second status call.
pub const CARD_APPROVED: &str = "4444555566661111";
/// Declined on the second status call.
pub const CARD_DECLINED: &str = "4444555566662222";
/// Asks for 3-D Secure: the status answer carries an `html` form until it is submitted.
pub const CARD_3DS: &str = "4444555566663333";

#[derive(Debug, Clone)]
struct Order {
    paynet_id: String,
    client_orderid: String,
    kind: &'static str,
    /// The order's last transaction (`sale`, `preauth`, `capture`, `return`), as the status
    /// answer's `transaction-type` gives it.
    last: &'static str,
    status: OrderStatus,
    outcome: OrderStatus,
    amount: Money,
    remaining: i64,
    polls: u32,
    awaiting_3ds: bool,
    callback_url: Option<String>,
    email: String,
}

pub(crate) struct Sim {
    brand: Brand,
    login: String,
    key: String,
    endpoints: Vec<u64>,
    groups: Vec<u64>,
    base: String,
    /// The last paynet id, the orders by paynet id, and the client_orderids taken.
    orders: Mutex<(u64, BTreeMap<String, Order>, BTreeSet<String>)>,
}

type Shared = Arc<Sim>;

/// The documents' "Response has Content-Type: text/html;charset=utf-8 header".
const LINES: &str = "text/html;charset=utf-8";

impl Sim {
    /// One brand's simulator, its pages linking to `base`.
    pub(crate) fn new(config: &super::config::Config, base: &str, brand: Brand) -> Self {
        Sim {
            brand,
            login: config.payneteasy_login.clone(),
            key: config.payneteasy_merchant_control.clone(),
            endpoints: config.payneteasy_endpoints.clone(),
            groups: config.payneteasy_groups.clone(),
            base: format!("{base}/{}", brand.id()),
            orders: Mutex::new((6_768_787, BTreeMap::new(), BTreeSet::new())),
        }
    }
}

/// Served under `/payneteasy` or `/connpay` (the brand's id); the client's base URL is
/// `/{brand}/paynet/api/v2`.
impl Simulated for Sim {
    type Incoming = Incoming;
    const API: &'static str = "/paynet/api/v2";

    fn mount(&self) -> String {
        self.brand.id().to_string()
    }

    fn undecodable(&self, error: &RequestDecodeError) -> Reply {
        let body = match error {
            RequestDecodeError::Body { source, .. } => {
                refusal(&format!("Missing or unreadable field: {source}"), "1")
            }
            RequestDecodeError::UnknownEndpoint { path, .. } => {
                refusal(&format!("Unknown call {path}"), "1")
            }
        };
        Reply::ok(LINES, body)
    }

    fn admit(&self, _: &HeaderMap, received: &Received) -> Result<(), Reply> {
        self.admit_call(received).map_err(|e| Reply::ok(LINES, e))
    }

    fn serve(&self, received: Received) -> Reply {
        Reply::ok(LINES, self.serve_call(received))
    }

    /// Every sale and pre-authorization, in client_orderid order.
    fn entries(&self) -> Vec<Entry> {
        let Ok(orders) = self.orders.lock() else {
            return Vec::new();
        };
        let mut entries: Vec<Entry> = orders
            .1
            .values()
            .map(|o| Entry {
                reference: o.client_orderid.clone(),
                id: o.paynet_id.clone(),
                minor: o.amount.minor(),
            })
            .collect();
        entries.sort_by(|a, b| a.reference.cmp(&b.reference));
        entries
    }

    /// The payer's 3-D Secure page.
    fn pages(self: Arc<Self>) -> Router {
        Router::new()
            .route("/acs/{order}", post(acs))
            .with_state(self)
    }
}

/// An answer as the generated encoder writes it (`key=value` lines). A flat answer always
/// encodes; were it not to, the caller reads an `error` answer rather than an empty body.
fn lines(answer: Result<String, Box<dyn std::error::Error + Send + Sync>>) -> String {
    answer.unwrap_or_else(|_| "type=error\n&error-code=5\n".to_string())
}

/// The refusal the documents' Fail Response Example shows: a `validation-error` with its
/// message and code.
fn refusal(message: &str, code: &str) -> String {
    lines(
        AsyncResponse {
            type_: Some(ResponseType::ValidationError),
            serial_number: Some("00000000-0000-0000-0000-000000000000".into()),
            error_message: Some(message.into()),
            error_code: Some(ReturnCode::from_code(code)),
            ..AsyncResponse::default()
        }
        .encode(),
    )
}

/// A serial number, unique per answer as the documents' examples show them.
fn serial(n: u64) -> String {
    format!("00000000-0000-0000-0000-{n:012}")
}

impl Sim {
    /// The state machine: a sale or pre-authorization opens an order, status reads it,
    /// capture and return settle it.
    fn serve_call(&self, received: Received) -> String {
        let target = received.target;
        match received.request {
            Incoming::Sale(r) => {
                let callback = r.server_callback_url.or(r.notify_url);
                let card = r.credit_card_number.map(|c| c.expose().to_string());
                let order = self.new_order("sale", &r.client_orderid, r.amount, callback, r.email);
                self.open(order, card.as_deref(), target)
            }
            Incoming::Preauth(r) => {
                let card = r.credit_card_number.map(|c| c.expose().to_string());
                let order = self.new_order(
                    "preauth",
                    &r.client_orderid,
                    r.amount,
                    r.server_callback_url,
                    r.email,
                );
                self.open(order, card.as_deref(), target)
            }
            Incoming::Status(r) => self.status(r.orderid.as_deref(), &r.client_orderid),
            Incoming::Capture(r) => {
                self.settle("capture", &r.client_orderid, &r.orderid, r.amount, target)
            }
            Incoming::Return(r) => {
                self.settle("return", &r.client_orderid, &r.orderid, r.amount, target)
            }
        }
    }

    /// A known target, the brand's rules, the login where one is sent, and the control.
    fn admit_call(&self, received: &Received) -> Result<(), String> {
        let target = received.target;
        let known = match target {
            Target::Endpoint(id) => self.endpoints.contains(&id),
            Target::Group(id) => self.groups.contains(&id),
        };
        if !known {
            return Err(refusal(
                &format!("End point with id {} not found", target.id()),
                "3",
            ));
        }
        let request = &received.request;
        if let Err(v) = request.validate_for(self.brand, crate::ValidationPolicy::Strict) {
            return Err(refusal(&v.to_string(), "1"));
        }
        let needs_login = matches!(
            request,
            Incoming::Status(_) | Incoming::Capture(_) | Incoming::Return(_)
        );
        if needs_login && received.credentials.login.as_deref() != Some(self.login.as_str()) {
            return Err(refusal("Access denied", "2"));
        }
        let credentials = Credentials::new(self.login.clone(), self.key.clone(), target);
        let expected = request.signature(&credentials).unwrap_or_default();
        let sent = received.signature.as_deref().unwrap_or("");
        if !crate::signature::verify_hex(&expected, sent) {
            return Err(refusal("Control code is invalid", "2"));
        }
        Ok(())
    }

    /// Records a new sale or pre-authorization; the card decides its outcome.
    fn open(&self, mut order: Order, card: Option<&str>, target: Target) -> String {
        order.outcome = if card == Some(CARD_DECLINED) {
            OrderStatus::Declined
        } else {
            OrderStatus::Approved
        };
        order.awaiting_3ds = card == Some(CARD_3DS);
        let Ok(mut orders) = self.orders.lock() else {
            return refusal("Service unavailable", "5");
        };
        if !orders.2.insert(order.client_orderid.clone()) {
            return refusal(
                &format!("Duplicate client_orderid {}", order.client_orderid),
                "4",
            );
        }
        orders.0 += 1;
        order.paynet_id = orders.0.to_string();
        let answer = AsyncResponse {
            type_: Some(ResponseType::AsyncResponse),
            serial_number: Some(serial(orders.0)),
            merchant_order_id: Some(order.client_orderid.clone()),
            paynet_order_id: Some(order.paynet_id.clone()),
            end_point_id: Some(target.id().to_string()),
            ..AsyncResponse::default()
        };
        orders.1.insert(order.paynet_id.clone(), order);
        lines(answer.encode())
    }

    /// A capture (of an approved pre-authorization) or a return, within what remains.
    fn settle(
        &self,
        call: &str,
        client_orderid: &str,
        orderid: &str,
        amount: Money,
        target: Target,
    ) -> String {
        let Ok(mut orders) = self.orders.lock() else {
            return refusal("Service unavailable", "5");
        };
        let Some(order) = orders
            .1
            .get_mut(orderid)
            .filter(|o| o.client_orderid == client_orderid)
        else {
            return refusal("Order not found", "4");
        };
        let allowed = match call {
            "capture" => order.kind == "preauth" && order.status == OrderStatus::Approved,
            _ => order.status == OrderStatus::Approved,
        };
        if !allowed
            || amount.currency() != order.amount.currency()
            || amount.minor() > order.remaining
        {
            return refusal("Amount or status does not allow this operation", "4");
        }
        order.remaining -= amount.minor();
        order.last = if call == "capture" {
            "capture"
        } else {
            "return"
        };
        lines(
            AsyncResponse {
                type_: Some(ResponseType::AsyncResponse),
                merchant_order_id: Some(client_orderid.to_string()),
                paynet_order_id: Some(orderid.to_string()),
                end_point_id: Some(target.id().to_string()),
                ..AsyncResponse::default()
            }
            .encode(),
        )
    }

    fn new_order(
        &self,
        kind: &'static str,
        client_orderid: &str,
        amount: Money,
        callback_url: Option<String>,
        email: Option<String>,
    ) -> Order {
        Order {
            paynet_id: String::new(),
            client_orderid: client_orderid.to_string(),
            kind,
            last: kind,
            status: OrderStatus::Processing,
            outcome: OrderStatus::Approved,
            amount,
            remaining: amount.minor(),
            polls: 0,
            awaiting_3ds: false,
            callback_url,
            email: email.unwrap_or_default(),
        }
    }

    /// The order's status, found by its orderid, or by its client_orderid alone.
    fn status(&self, orderid: Option<&str>, client_orderid: &str) -> String {
        let Ok(mut orders) = self.orders.lock() else {
            return refusal("Service unavailable", "5");
        };
        let Some(order) = orders.1.values_mut().find(|o| {
            o.client_orderid == client_orderid && orderid.is_none_or(|id| id == o.paynet_id)
        }) else {
            return refusal("Order not found", "4");
        };
        order.polls += 1;
        let mut html = String::new();
        if order.status == OrderStatus::Processing {
            if order.awaiting_3ds {
                let action = format!("{}/acs/{}", self.base, order.paynet_id);
                html = maud::html! {
                    form method="post" action=(action) { button type="submit" { "Authenticate" } }
                }
                .into_string();
            } else if order.polls >= 2 {
                order.status = order.outcome.clone();
                self.send_callback(order);
            }
        }
        let declined = order.status == OrderStatus::Declined;
        let answer = StatusResponse {
            type_: Some(ResponseType::StatusResponse),
            status: Some(order.status.clone()),
            amount: Some(order.amount.major_string()),
            currency: Some(order.amount.currency().code().to_string()),
            paynet_order_id: Some(order.paynet_id.clone()),
            merchant_order_id: Some(order.client_orderid.clone()),
            serial_number: Some(serial(1)),
            transaction_type: Some(order.last.to_string()),
            html: Some(html).filter(|h| !h.is_empty()),
            error_message: declined.then(|| "Declined by the simulator's test card".into()),
            ..StatusResponse::default()
        };
        lines(answer.encode())
    }

    /// Sends the signed final-status callback, if the order named a URL: the generated
    /// `Callback`, encoded and signed as the client verifies it.
    fn send_callback(&self, order: &Order) {
        let Some(url) = order.callback_url.clone() else {
            return;
        };
        let cb = crate::payneteasy::Callback {
            status: Some(order.status.clone()),
            merchant_order: Some(order.client_orderid.clone()),
            client_orderid: Some(order.client_orderid.clone()),
            orderid: Some(order.paynet_id.clone()),
            type_: Some(order.kind.to_string()),
            amount: Some(order.amount.major_string()),
            email: Some(order.email.clone()),
            ..Default::default()
        };
        // The callback's signature reads the merchant control key only: no target.
        let credentials =
            Credentials::new(self.login.as_str(), self.key.as_str(), Target::Endpoint(0));
        super::callbacks::call_back(url, cb.encode(&credentials));
    }
}

/// The payer's 3-D Secure page: submitting it approves the order.
async fn acs(State(sim): State<Shared>, Path(order): Path<String>) -> Response {
    let gateway = if sim.brand == Brand::Connpay {
        "ConnPay"
    } else {
        "PaynetEasy"
    };
    let found = sim.orders.lock().ok().and_then(|mut o| {
        let order = o.1.get_mut(&order)?;
        let was_waiting = order.awaiting_3ds;
        order.awaiting_3ds = false;
        order.polls = 1;
        Some((order.client_orderid.clone(), order.amount, was_waiting))
    });
    let Some((client_orderid, amount, was_waiting)) = found else {
        let summary = Summary::new("3-D Secure", gateway, &sim.login);
        return notice(StatusCode::NOT_FOUND, &summary, "Unknown order.");
    };
    let mut summary = Summary::new("3-D Secure", gateway, &sim.login);
    let currency = amount.currency();
    summary.amount = Some((amount.minor(), currency.code()));
    summary.reference = Some(("Order", &client_orderid));
    let message = if was_waiting {
        "Authenticated: the order is approved at the merchant's next status call. You may go back to the merchant."
    } else {
        "Nothing waited for authentication on this order."
    };
    notice(StatusCode::OK, &summary, message)
}
