//! The S-money simulator. Requests are read with the generated `Incoming::decode` and
//! checked with the generated validators; it checks the bearer token, the partner and the media type,
//! keeps payments and refunds, and answers errors as `{Code, ErrorMessage, Title, Priority}`.
//!
//! A created payment waits (Status 0) until the payer pays on its `Href` page: POST a `card`
//! there. Test cards:
//!
//! | card | outcome |
//! |---|---|
//! | 4970100000000000, or any other | completed (Status 1) |
//! | 4970100000000003 | refused (Status 3, ErrorCode 13: bank or supplier) |
//!
//! The outcome is called back to `urlCallback`, signed with the callback secret over the
//! sorted values, and the payer's browser goes back to `urlReturn` (as given: the document
//! names no parameters for it; the merchant reads the payment by its OrderId).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::html;
use serde_json::{json, Value};

use crate::encoding::Method;
use crate::sim::page::{self, notice, Summary};
use crate::smoney::{CreateCardPayment, Incoming, RefundCardPayment};
use crate::RequestDecodeError;

/// Refused on the payment page.
pub const CARD_REFUSED: &str = "4970100000000003";
/// Completed on the payment page.
pub const CARD_COMPLETED: &str = "4970100000000000";

const MEDIA: &str = "application/vnd.s-money.v3+json";

#[derive(Debug, Clone)]
struct Payment {
    id: u64,
    order_id: String,
    amount: i64,
    refunded: i64,
    status: i64,
    error_code: i64,
    callback: String,
    url_return: String,
    message: String,
    request: Value,
}

struct Sim {
    token: String,
    partner: String,
    callback_secret: String,
    base: String,
    state: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    next: u64,
    payments: BTreeMap<String, Payment>,
    refunds: BTreeMap<String, Value>,
}

type Shared = Arc<Sim>;

/// Read access to the simulator's card payments.
pub(crate) struct Books(Shared);

impl Books {
    /// Every card payment, by orderId.
    pub(crate) fn entries(&self) -> Vec<super::Entry> {
        let Ok(state) = self.0.state.lock() else {
            return Vec::new();
        };
        state
            .payments
            .values()
            .map(|p| super::Entry {
                reference: p.order_id.clone(),
                id: p.id.to_string(),
                minor: p.amount,
            })
            .collect()
    }
}

/// The router, to nest under `/smoney`, and read access to its books.
pub(crate) fn router(config: &super::Config, base: &str) -> (Router, Books) {
    let sim = Arc::new(Sim {
        token: config.smoney_token.clone(),
        partner: config.smoney_partner.clone(),
        callback_secret: config.smoney_callback_secret.clone(),
        base: format!("{base}/smoney"),
        state: Mutex::new(Book {
            next: 9000,
            ..Book::default()
        }),
    });
    let routes = Router::new()
        .route("/api/{*rest}", get(api).post(api))
        .route("/pay/{order}", get(pay_page).post(pay))
        .with_state(sim.clone());
    (routes, Books(sim))
}

/// A refusal, before it becomes an answer.
struct Refused {
    status: StatusCode,
    code: i64,
    message: String,
}

impl Refused {
    fn new(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Refused {
            status,
            code,
            message: message.into(),
        }
    }
}

fn error(status: StatusCode, code: i64, message: &str) -> Response {
    let body = json!({ "Code": code, "ErrorMessage": message, "Title": status.canonical_reason().unwrap_or(""), "Priority": 1 });
    (status, [("content-type", MEDIA)], body.to_string()).into_response()
}

fn answer(body: Value) -> Response {
    (StatusCode::OK, [("content-type", MEDIA)], body.to_string()).into_response()
}

impl Sim {
    /// `Err(answer)` unless the bearer token is the simulator's.
    fn authorize(&self, headers: &HeaderMap) -> Result<(), Refused> {
        let bearer = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !crate::signature::verify_secret(&self.token, bearer) {
            return Err(Refused::new(
                StatusCode::UNAUTHORIZED,
                1001,
                "Invalid token",
            ));
        }
        Ok(())
    }

    /// Decodes the request and checks its partner and its rules.
    fn admit(&self, method: Method, path: &str, body: &[u8]) -> Result<Incoming, Refused> {
        let received = match Incoming::decode(method, path, body) {
            Ok(r) => r,
            Err(RequestDecodeError::Body { source, .. }) => {
                let message = format!("Unreadable request: {source}");
                return Err(Refused::new(StatusCode::BAD_REQUEST, 1000, message));
            }
            Err(_) => {
                return Err(Refused::new(
                    StatusCode::NOT_FOUND,
                    2000,
                    "Unknown resource",
                ))
            }
        };
        if received.credentials.partner.as_deref() != Some(self.partner.as_str()) {
            return Err(Refused::new(StatusCode::NOT_FOUND, 2001, "Unknown partner"));
        }
        if let Err(v) = received
            .request
            .validate_with(crate::ValidationPolicy::Strict)
        {
            return Err(Refused::new(StatusCode::BAD_REQUEST, 1002, v.to_string()));
        }
        Ok(received.request)
    }

    fn payment_json(&self, p: &Payment) -> Value {
        let mut v = p.request.clone();
        v["Id"] = p.id.into();
        v["Status"] = p.status.into();
        v["ErrorCode"] = p.error_code.into();
        let order = crate::wire::path_segment(&p.order_id);
        v["Href"] = format!("{}/pay/{order}", self.base).into();
        v["Type"] = 0.into();
        v
    }
}

/// Every API call: the token, then the request as the generated code decodes it, from the
/// path as sent (still percent-encoded, so that an OrderId holding a `/` stays one segment).
async fn api(
    State(sim): State<Shared>,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let method = if method == axum::http::Method::GET {
        Method::Get
    } else {
        Method::Post
    };
    let request = match sim
        .authorize(&headers)
        .and_then(|()| sim.admit(method, uri.path().trim_start_matches('/'), &body))
    {
        Ok(r) => r,
        Err(r) => return error(r.status, r.code, &r.message),
    };
    match request {
        Incoming::CreateCardPayment(r) => create(&sim, r),
        Incoming::GetCardPayment(r) => read(&sim, &r.payment_order_id),
        Incoming::RefundCardPayment(r) => refund(&sim, r),
    }
}

fn create(sim: &Sim, request: CreateCardPayment) -> Response {
    let Ok(mut state) = sim.state.lock() else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            5000,
            "Service unavailable",
        );
    };
    if state.payments.contains_key(&request.order_id) {
        return error(
            StatusCode::CONFLICT,
            2002,
            "An operation with this OrderId already exists",
        );
    }
    state.next += 1;
    let payment = Payment {
        id: state.next,
        order_id: request.order_id.clone(),
        amount: request.amount.get(),
        refunded: 0,
        status: 0,
        error_code: 0,
        callback: request.url_callback.clone(),
        url_return: request.url_return.clone(),
        message: request.message.clone(),
        request: serde_json::to_value(&request).unwrap_or_default(),
    };
    let body = sim.payment_json(&payment);
    state.payments.insert(payment.order_id.clone(), payment);
    answer(body)
}

fn read(sim: &Sim, order: &str) -> Response {
    let Ok(state) = sim.state.lock() else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            5000,
            "Service unavailable",
        );
    };
    match state.payments.get(order) {
        Some(p) => answer(sim.payment_json(p)),
        None => error(StatusCode::NOT_FOUND, 2003, "Unknown OrderId"),
    }
}

fn refund(sim: &Sim, request: RefundCardPayment) -> Response {
    let Ok(mut state) = sim.state.lock() else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            5000,
            "Service unavailable",
        );
    };
    if state.refunds.contains_key(&request.order_id) {
        return error(
            StatusCode::CONFLICT,
            2002,
            "An operation with this OrderId already exists",
        );
    }
    state.next += 1;
    let id = state.next;
    let Some(p) = state.payments.get_mut(&request.payment_order_id) else {
        return error(StatusCode::NOT_FOUND, 2003, "Unknown OrderId");
    };
    if p.status != 1 && p.status != 2 {
        return error(
            StatusCode::BAD_REQUEST,
            2004,
            "The payment is not completed",
        );
    }
    let amount = request.amount.get();
    if p.refunded + amount > p.amount {
        return error(
            StatusCode::BAD_REQUEST,
            1401,
            "The refund exceeds the payment",
        );
    }
    p.refunded += amount;
    if p.refunded == p.amount {
        p.status = 2;
    }
    let refund = json!({ "Id": id, "OrderId": request.order_id, "Amount": amount, "Fee": request.fee.map_or(0, |f| f.get()), "Status": 1 });
    state
        .refunds
        .insert(request.order_id.clone(), refund.clone());
    answer(refund)
}

impl Sim {
    fn summary<'a>(&'a self, title: &'a str, p: &'a Payment) -> Summary<'a> {
        let mut s = Summary::new(title, "S-money", &self.partner);
        s.amount = Some((p.amount, "EUR"));
        s.reference = Some(("Order", &p.order_id));
        s.details.push(("Message", p.message.clone()));
        s
    }

    fn payment(&self, order: &str) -> Option<Payment> {
        self.state.lock().ok()?.payments.get(order).cloned()
    }
}

/// GET the payer's payment page: what is paid, and a card to type.
async fn pay_page(State(sim): State<Shared>, Path(order): Path<String>) -> Response {
    let Some(payment) = sim.payment(&order) else {
        let summary = Summary::new("Card payment", "S-money", &sim.partner);
        return notice(StatusCode::NOT_FOUND, &summary, "Unknown payment.");
    };
    let summary = sim.summary("Card payment", &payment);
    if payment.status != 0 {
        return notice(
            StatusCode::CONFLICT,
            &summary,
            "This payment is already finished.",
        );
    }
    let action = format!("{}/pay/{}", sim.base, crate::wire::path_segment(&order));
    let body = html! {
        p.todo {
            "Type a card number and press " b { "Pay" } ". Test cards: " code { (CARD_COMPLETED) }
            " (or any other) completes the payment; " code { (CARD_REFUSED) } " is refused."
        }
        form method="post" action=(action) {
            label { "Card number " input name="card" inputmode="numeric" value=(CARD_COMPLETED) required; }
            button type="submit" { "Pay" }
        }
    };
    page::answer(StatusCode::OK, page::page(&summary, page::Then::Stay, body))
}

/// The outcome page: sends the browser back to urlReturn.
fn paid_page(sim: &Sim, payment: &Payment) -> Response {
    let completed = payment.status == 1;
    let summary = sim.summary("Card payment", payment);
    let back = Some(payment.url_return.as_str()).filter(|u| !u.is_empty());
    let body = html! {
        @if completed {
            p.ok { "Payment completed." }
        } @else {
            p.bad { "Payment refused (ErrorCode " (payment.error_code) ")." }
        }
        @if let Some(url) = back {
            p { "Returning you to the merchant... " a href=(url) { "Return to the merchant" } }
        }
    };
    let then = back.map_or(page::Then::Stay, page::Then::GoTo);
    page::answer(StatusCode::OK, page::page(&summary, then, body))
}

/// The payer's payment page: the card decides the outcome, which is called back.
async fn pay(State(sim): State<Shared>, Path(order): Path<String>, body: Bytes) -> Response {
    let card = crate::encoding::line_pairs(&body)
        .into_iter()
        .find(|(k, _)| k == "card")
        .map(|(_, v)| v)
        .unwrap_or_else(|| CARD_COMPLETED.to_string());
    let Some((payment, status)) = sim.state.lock().ok().and_then(|mut s| {
        let p = s.payments.get_mut(&order)?;
        if p.status != 0 {
            return None;
        }
        (p.status, p.error_code) = if card == CARD_REFUSED {
            (3, 13)
        } else {
            (1, 0)
        };
        Some((p.clone(), p.status))
    }) else {
        let summary = Summary::new("Card payment", "S-money", &sim.partner);
        let message = "Unknown or finished payment.";
        return notice(StatusCode::CONFLICT, &summary, message);
    };
    // The generated `Callback`, encoded and signed as the client verifies it.
    let cb = crate::smoney::Callback {
        id: Some(payment.id.to_string()),
        error: Some(payment.error_code.to_string()),
        type_: Some("1".to_string()),
        status: Some(status.to_string()),
        sequencenumber: Some("1".to_string()),
        userid: Some(sim.partner.clone()),
        userstatus: Some("1".to_string()),
    };
    let credentials =
        crate::smoney::Credentials::new("", sim.partner.as_str(), sim.callback_secret.as_str());
    super::call_back(payment.callback.clone(), cb.encode(&credentials));
    paid_page(&sim, &payment)
}
