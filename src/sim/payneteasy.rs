//! The PaynetEasy / ConnPay simulator. Requests are read with the generated `from_form`,
//! checked with the generated validators for the brand of the route (`/payneteasy/...` or
//! `/connpay/...`), and their `control` is recomputed with the generated signature code and
//! the simulator's key. Answers are line-encoded, as the gateway's.
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

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::post;
use axum::Router;

use crate::payneteasy::{Api, Brand, Capture, Credentials, Preauth, Return, Sale, Status, Target};
use crate::transport::Request;
use crate::wire::FormBody;
use crate::Money;

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
    status: &'static str,
    outcome: &'static str,
    amount: Money,
    remaining: i64,
    polls: u32,
    awaiting_3ds: bool,
    callback_url: Option<String>,
    email: String,
}

struct Sim {
    brand: Brand,
    login: String,
    key: String,
    endpoints: Vec<u64>,
    groups: Vec<u64>,
    base: String,
    orders: Mutex<(u64, BTreeMap<String, Order>)>,
}

type Shared = Arc<Sim>;

/// The router of one brand, to nest under `/payneteasy` or `/connpay`.
pub(crate) fn router(config: &super::Config, base: &str, brand: Brand) -> Router {
    let prefix = brand.id();
    let sim = Arc::new(Sim {
        brand,
        login: config.payneteasy_login.clone(),
        key: config.payneteasy_merchant_control.clone(),
        endpoints: config.payneteasy_endpoints.clone(),
        groups: config.payneteasy_groups.clone(),
        base: format!("{base}/{prefix}"),
        orders: Mutex::new((6_768_787, BTreeMap::new())),
    });
    Router::new()
        .route("/paynet/api/v2/{call}/group/{id}", post(group_call))
        .route("/paynet/api/v2/{call}/{id}", post(endpoint_call))
        .route("/acs/{order}", post(acs))
        .with_state(sim)
}

fn lines(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(&form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>());
        out.push('\n');
    }
    out
}

fn refusal(message: &str, code: &str) -> String {
    lines(&[
        ("type", "validation-error"),
        ("serial-number", "00000000-0000-0000-0000-000000000000"),
        ("error-message", message),
        ("error-code", code),
    ])
}

/// Reads a request with its generated decoder and the brand's validator.
macro_rules! read {
    ($sim:expr, $ty:ty, $body:expr) => {
        match <$ty>::from_form($body) {
            Err(e) => return refusal(&format!("Missing or unreadable field: {}", e.0), "1"),
            Ok(r) => match r.validate_for($sim.brand, crate::ValidationPolicy::Strict) {
                Ok(()) => r,
                Err(v) => return refusal(&v.to_string(), "1"),
            },
        }
    };
}

impl Sim {
    /// The control the client should have sent: the generated signature, with our key.
    fn expected_control<R: Request<Api>>(&self, req: &R, target: Target) -> Option<String> {
        let creds = Credentials::new(self.login.clone(), self.key.clone(), target);
        let mut body = FormBody::with_capacity(512);
        req.encode(&creds, &mut body).ok()?;
        crate::wire::line_pairs(body.finish().as_bytes())
            .into_iter()
            .find(|(k, _)| k == "control")
            .map(|(_, v)| v)
    }

    fn check<R: Request<Api>>(
        &self,
        req: &R,
        target: Target,
        form: &BTreeMap<String, String>,
    ) -> Result<(), String> {
        let received = form.get("control").map(String::as_str).unwrap_or("");
        match self.expected_control(req, target) {
            Some(expected) if crate::signature::verify_hex(&expected, received) => Ok(()),
            _ => Err(refusal("Control code is invalid", "2")),
        }
    }

    fn handle(self: &Arc<Self>, call: &str, target: Target, body: &[u8]) -> String {
        let known = match target {
            Target::Endpoint(id) => self.endpoints.contains(&id),
            Target::Group(id) => self.groups.contains(&id),
        };
        if !known {
            return refusal(&format!("End point with id {} not found", target.id()), "3");
        }
        let form: BTreeMap<String, String> = crate::wire::line_pairs(body).into_iter().collect();
        match call {
            "sale" | "preauth" => {
                let (order, card) = if call == "sale" {
                    let r = read!(self, Sale, body);
                    if let Err(e) = self.check(&r, target, &form) {
                        return e;
                    }
                    let callback = r.server_callback_url.clone().or(r.notify_url.clone());
                    let card = r
                        .credit_card_number
                        .as_ref()
                        .map(|c| c.expose().to_string());
                    (
                        self.new_order(
                            "sale",
                            &r.client_orderid,
                            r.amount,
                            callback,
                            r.email.clone(),
                        ),
                        card,
                    )
                } else {
                    let r = read!(self, Preauth, body);
                    if let Err(e) = self.check(&r, target, &form) {
                        return e;
                    }
                    let card = r
                        .credit_card_number
                        .as_ref()
                        .map(|c| c.expose().to_string());
                    (
                        self.new_order(
                            "preauth",
                            &r.client_orderid,
                            r.amount,
                            r.server_callback_url.clone(),
                            r.email.clone(),
                        ),
                        card,
                    )
                };
                let mut order = order;
                order.outcome = if card.as_deref() == Some(CARD_DECLINED) {
                    "declined"
                } else {
                    "approved"
                };
                order.awaiting_3ds = card.as_deref() == Some(CARD_3DS);
                let Ok(mut orders) = self.orders.lock() else {
                    return refusal("Service unavailable", "5");
                };
                if orders
                    .1
                    .values()
                    .any(|o| o.client_orderid == order.client_orderid)
                {
                    return refusal(
                        &format!("Duplicate client_orderid {}", order.client_orderid),
                        "4",
                    );
                }
                orders.0 += 1;
                order.paynet_id = orders.0.to_string();
                let answer = lines(&[
                    ("type", "async-response"),
                    (
                        "serial-number",
                        &format!("00000000-0000-0000-0000-{:012}", orders.0),
                    ),
                    ("merchant-order-id", &order.client_orderid),
                    ("paynet-order-id", &order.paynet_id),
                    ("end-point-id", &target.id().to_string()),
                ]);
                orders.1.insert(order.paynet_id.clone(), order);
                answer
            }
            "status" => {
                let r = read!(self, Status, body);
                if form.get("login") != Some(&self.login) {
                    return refusal("Access denied", "2");
                }
                if let Err(e) = self.check(&r, target, &form) {
                    return e;
                }
                self.status(&r.orderid, &r.client_orderid)
            }
            "capture" | "return" => {
                let (client_orderid, orderid, amount) = if call == "capture" {
                    let r = read!(self, Capture, body);
                    if let Err(e) = self.check(&r, target, &form) {
                        return e;
                    }
                    (r.client_orderid, r.orderid, r.amount)
                } else {
                    let r = read!(self, Return, body);
                    if let Err(e) = self.check(&r, target, &form) {
                        return e;
                    }
                    (r.client_orderid, r.orderid, r.amount)
                };
                if form.get("login") != Some(&self.login) {
                    return refusal("Access denied", "2");
                }
                let Ok(mut orders) = self.orders.lock() else {
                    return refusal("Service unavailable", "5");
                };
                let Some(order) = orders
                    .1
                    .get_mut(&orderid)
                    .filter(|o| o.client_orderid == client_orderid)
                else {
                    return refusal("Order not found", "4");
                };
                let allowed = match call {
                    "capture" => order.kind == "preauth" && order.status == "approved",
                    _ => order.status == "approved",
                };
                if !allowed
                    || amount.currency() != order.amount.currency()
                    || amount.minor() > order.remaining
                {
                    return refusal("Amount or status does not allow this operation", "4");
                }
                order.remaining -= amount.minor();
                lines(&[
                    ("type", "async-response"),
                    ("merchant-order-id", &client_orderid),
                    ("paynet-order-id", &orderid),
                    ("end-point-id", &target.id().to_string()),
                ])
            }
            _ => refusal(&format!("Unknown call {call}"), "1"),
        }
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
            status: "processing",
            outcome: "approved",
            amount,
            remaining: amount.minor(),
            polls: 0,
            awaiting_3ds: false,
            callback_url,
            email: email.unwrap_or_default(),
        }
    }

    fn status(self: &Arc<Self>, orderid: &str, client_orderid: &str) -> String {
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
        order.polls += 1;
        let mut html = String::new();
        if order.status == "processing" {
            if order.awaiting_3ds {
                html = format!(
                    "<form method=\"post\" action=\"{}/acs/{}\"><button>Authenticate</button></form>",
                    self.base, order.paynet_id
                );
            } else if order.polls >= 2 {
                order.status = order.outcome;
                self.send_callback(order);
            }
        }
        let amount = order.amount.major_string();
        let mut pairs = vec![
            ("type", "status-response"),
            ("status", order.status),
            ("amount", amount.as_str()),
            ("currency", order.amount.currency().code()),
            ("paynet-order-id", order.paynet_id.as_str()),
            ("merchant-order-id", order.client_orderid.as_str()),
            ("serial-number", "00000000-0000-0000-0000-000000000001"),
        ];
        if !html.is_empty() {
            pairs.push(("html", html.as_str()));
        }
        if order.status == "declined" {
            pairs.push(("error-message", "Declined by the simulator's test card"));
        }
        lines(&pairs)
    }

    /// Sends the signed final-status callback, if the order named a URL.
    fn send_callback(&self, order: &Order) {
        let Some(url) = order.callback_url.clone() else {
            return;
        };
        let control = crate::signature::sha1_hex(&[
            order.status,
            &order.paynet_id,
            &order.client_orderid,
            &self.key,
        ]);
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("status", order.status)
            .append_pair("merchant_order", &order.client_orderid)
            .append_pair("client_orderid", &order.client_orderid)
            .append_pair("orderid", &order.paynet_id)
            .append_pair("type", order.kind)
            .append_pair("amount", &order.amount.major_string())
            .append_pair("email", &order.email)
            .append_pair("control", &control)
            .finish();
        super::call_back(url, body);
    }
}

async fn endpoint_call(
    State(sim): State<Shared>,
    Path((call, id)): Path<(String, String)>,
    body: Bytes,
) -> String {
    match id.parse() {
        Ok(id) => sim.handle(&call, Target::Endpoint(id), &body),
        Err(_) => refusal(&format!("End point with id {id} not found"), "3"),
    }
}

async fn group_call(
    State(sim): State<Shared>,
    Path((call, id)): Path<(String, String)>,
    body: Bytes,
) -> String {
    match id.parse() {
        Ok(id) => sim.handle(&call, Target::Group(id), &body),
        Err(_) => refusal(&format!("End point group with id {id} not found"), "3"),
    }
}

/// The payer's 3-D Secure page: submitting it approves the order.
async fn acs(State(sim): State<Shared>, Path(order): Path<String>) -> Html<String> {
    let done = sim
        .orders
        .lock()
        .ok()
        .and_then(|mut o| {
            let order = o.1.get_mut(&order)?;
            order.awaiting_3ds = false;
            order.polls = 1;
            Some(())
        })
        .is_some();
    Html(
        if done {
            "<html><body><p>Authenticated.</p></body></html>"
        } else {
            "<html><body><p>Unknown order.</p></body></html>"
        }
        .to_string(),
    )
}
