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
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use maud::html;

use super::gateway::{Entry, Reply, Simulated};
use crate::sim::page::{self, notice, Summary};
use crate::smoney::{
    CardPayment, CreateCardPayment, ErrorClass, Incoming, PaymentStatus, PaymentType, Received,
    Refund, RefundCardPayment,
};
use crate::RequestDecodeError;

/// Refused on the payment page.
pub const CARD_REFUSED: &str = "4970100000000003";
/// Completed on the payment page.
pub const CARD_COMPLETED: &str = "4970100000000000";

const MEDIA: &str = "application/vnd.s-money.v3+json";

#[derive(Debug, Clone)]
struct Payment {
    id: u64,
    refunded: i64,
    status: PaymentStatus,
    error_code: ErrorClass,
    request: CreateCardPayment,
}

impl Payment {
    fn amount(&self) -> i64 {
        self.request.amount.get()
    }
}

pub(crate) struct Sim {
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
    refunds: BTreeMap<String, Refund>,
}

type Shared = Arc<Sim>;

impl Sim {
    /// The simulator, its payment pages linking to `base`.
    pub(crate) fn new(config: &super::config::Config, base: &str) -> Self {
        Sim {
            token: config.smoney_token.clone(),
            partner: config.smoney_partner.clone(),
            callback_secret: config.smoney_callback_secret.clone(),
            base: format!("{base}/smoney"),
            state: Mutex::new(Book {
                next: 9000,
                ..Book::default()
            }),
        }
    }
}

/// Served under `/smoney`, which is the client's base URL: the generated decoder reads the
/// path from `api/{partner}/…`, still percent-encoded (so that an OrderId holding a `/`
/// stays one segment).
impl Simulated for Sim {
    type Incoming = Incoming;
    const API: &'static str = "";

    fn mount(&self) -> String {
        "smoney".to_string()
    }

    /// The bearer token (401, 1001), before anything is read.
    fn authenticate(&self, headers: &HeaderMap) -> Result<(), Reply> {
        self.authorize(headers).map_err(Refused::reply)
    }

    fn undecodable(&self, error: &RequestDecodeError) -> Reply {
        let refused = match error {
            RequestDecodeError::Body { source, .. } => {
                let message = format!("Unreadable request: {source}");
                Refused::new(StatusCode::BAD_REQUEST, 1000, message)
            }
            RequestDecodeError::UnknownEndpoint { .. } => {
                Refused::new(StatusCode::NOT_FOUND, 2000, "Unknown resource")
            }
        };
        refused.reply()
    }

    /// The partner (404, 2001) and the documented rules (400, 1002).
    fn admit(&self, _: &HeaderMap, received: &Received) -> Result<(), Reply> {
        self.admit_call(received).map_err(Refused::reply)
    }

    fn serve(&self, received: Received) -> Reply {
        match received.request {
            Incoming::CreateCardPayment(r) => create(self, r),
            Incoming::GetCardPayment(r) => read(self, &r.payment_order_id),
            Incoming::RefundCardPayment(r) => refund(self, r),
        }
    }

    /// Every card payment, by orderId.
    fn entries(&self) -> Vec<Entry> {
        let Ok(state) = self.state.lock() else {
            return Vec::new();
        };
        state
            .payments
            .values()
            .map(|p| Entry {
                reference: p.request.order_id.clone(),
                id: p.id.to_string(),
                minor: p.amount(),
            })
            .collect()
    }

    /// The payer's payment page.
    fn pages(self: Arc<Self>) -> Router {
        Router::new()
            .route("/pay/{order}", get(pay_page).post(pay))
            .with_state(self)
    }
}

/// A refusal, before it becomes an answer.
struct Refused {
    status: StatusCode,
    code: i64,
    message: String,
}

impl Refused {
    fn reply(self) -> Reply {
        error(self.status, self.code, &self.message)
    }

    fn new(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Refused {
            status,
            code,
            message: message.into(),
        }
    }
}

/// An error answer: the refusal envelope's `Code` and `ErrorMessage`, with the `Title` and
/// `Priority` its doc names (no spec type holds this shape).
fn error(status: StatusCode, code: i64, message: &str) -> Reply {
    let body = serde_json::json!({ "Code": code, "ErrorMessage": message, "Title": status.canonical_reason().unwrap_or(""), "Priority": 1 });
    Reply::new(status.as_u16(), MEDIA, body.to_string())
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

    /// Checks the call's partner and its rules.
    fn admit_call(&self, received: &Received) -> Result<(), Refused> {
        if received.credentials.partner.as_deref() != Some(self.partner.as_str()) {
            return Err(Refused::new(StatusCode::NOT_FOUND, 2001, "Unknown partner"));
        }
        if let Err(v) = received
            .request
            .validate_with(crate::ValidationPolicy::Strict)
        {
            return Err(Refused::new(StatusCode::BAD_REQUEST, 1002, v.to_string()));
        }
        Ok(())
    }

    /// The payment as the document's CardPayment resource shows it: what was asked, then
    /// its id, status, error class, page and type.
    fn card_payment(&self, p: &Payment) -> CardPayment {
        let r = &p.request;
        let order = crate::wire::path_segment(&r.order_id);
        CardPayment {
            id: i64::try_from(p.id).ok(),
            order_id: Some(r.order_id.clone()),
            amount: Some(r.amount),
            fee: r.fee,
            three_d_secure_preference: Some(r.three_d_secure_preference.clone()),
            available_cards: Some(r.available_cards.clone()),
            is_mine: Some(r.is_mine),
            message: Some(r.message.clone()),
            url_return: Some(r.url_return.clone()),
            url_callback: Some(r.url_callback.clone()),
            status: Some(p.status.clone()),
            error_code: Some(p.error_code.clone()),
            href: Some(format!("{}/pay/{order}", self.base)),
            type_: Some(PaymentType::Payment),
            ..CardPayment::default()
        }
    }
}

fn create(sim: &Sim, request: CreateCardPayment) -> Reply {
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
        refunded: 0,
        status: PaymentStatus::Waiting,
        error_code: ErrorClass::Ok,
        request,
    };
    let body = sim.card_payment(&payment).encode();
    state
        .payments
        .insert(payment.request.order_id.clone(), payment);
    Reply::encoded(MEDIA, body)
}

fn read(sim: &Sim, order: &str) -> Reply {
    let Ok(state) = sim.state.lock() else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            5000,
            "Service unavailable",
        );
    };
    match state.payments.get(order) {
        Some(p) => Reply::encoded(MEDIA, sim.card_payment(p).encode()),
        None => error(StatusCode::NOT_FOUND, 2003, "Unknown OrderId"),
    }
}

fn refund(sim: &Sim, request: RefundCardPayment) -> Reply {
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
    if !matches!(p.status, PaymentStatus::Completed | PaymentStatus::Refunded) {
        return error(
            StatusCode::BAD_REQUEST,
            2004,
            "The payment is not completed",
        );
    }
    let amount = request.amount.get();
    if p.refunded + amount > p.amount() {
        return error(
            StatusCode::BAD_REQUEST,
            1401,
            "The refund exceeds the payment",
        );
    }
    p.refunded += amount;
    if p.refunded == p.amount() {
        p.status = PaymentStatus::Refunded;
    }
    let refund = Refund {
        id: i64::try_from(id).ok(),
        order_id: Some(request.order_id.clone()),
        amount: Some(request.amount),
        fee: Some(request.fee.unwrap_or(crate::MinorUnits(0))),
        status: Some(PaymentStatus::Completed),
        ..Refund::default()
    };
    let body = refund.encode();
    state.refunds.insert(request.order_id, refund);
    Reply::encoded(MEDIA, body)
}

impl Sim {
    fn summary<'a>(&'a self, title: &'a str, p: &'a Payment) -> Summary<'a> {
        let mut s = Summary::new(title, "S-money", &self.partner);
        s.amount = Some((p.amount(), "EUR"));
        s.reference = Some(("Order", &p.request.order_id));
        s.details.push(("Message", p.request.message.clone()));
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
    if payment.status != PaymentStatus::Waiting {
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
    let completed = payment.status == PaymentStatus::Completed;
    let summary = sim.summary("Card payment", payment);
    let back = Some(payment.request.url_return.as_str()).filter(|u| !u.is_empty());
    let body = html! {
        @if completed {
            p.ok { "Payment completed." }
        } @else {
            p.bad { "Payment refused (ErrorCode " (payment.error_code.as_str()) ")." }
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
        if p.status != PaymentStatus::Waiting {
            return None;
        }
        (p.status, p.error_code) = if card == CARD_REFUSED {
            (PaymentStatus::Refused, ErrorClass::BankOrSupplier)
        } else {
            (PaymentStatus::Completed, ErrorClass::Ok)
        };
        Some((p.clone(), p.status.clone()))
    }) else {
        let summary = Summary::new("Card payment", "S-money", &sim.partner);
        let message = "Unknown or finished payment.";
        return notice(StatusCode::CONFLICT, &summary, message);
    };
    // The generated `Callback`, encoded and signed as the client verifies it.
    let cb = crate::smoney::Callback {
        id: Some(payment.id.to_string()),
        error: Some(payment.error_code.as_str().to_string()),
        type_: Some("1".to_string()),
        status: Some(status.as_str().to_string()),
        sequencenumber: Some("1".to_string()),
        userid: Some(sim.partner.clone()),
        userstatus: Some("1".to_string()),
    };
    let credentials =
        crate::smoney::Credentials::new("", sim.partner.as_str(), sim.callback_secret.as_str());
    super::callbacks::call_back(
        payment.request.url_callback.clone(),
        cb.encode(&credentials),
    );
    paid_page(&sim, &payment)
}
