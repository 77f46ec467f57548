//! A fourth gateway, invented (`kestrel.yaml`), added the way docs/ARCHITECTURE.md's
//! "Adding a gateway" checklist says: bound from its spec by the generator (`gateway!`),
//! its simulator only a state machine on `paybind::sim::Simulated` (answers written by the
//! generated encoders, served beside the built-in gateways by `Simulator::builder`), and run
//! through the same conformance body as ComNpay, PaynetEasy and S-money. If a step of the
//! checklist stops being enough (the scaffolding needs more from a gateway, the common
//! interface more from a spec), this test stops compiling or passing.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use paybind::outcome::{Action, Outcome};
use paybind::payments::PaymentRef;
use paybind::sim::{Config, Entry, Reply, Simulated, Simulator};
use paybind::{MinorUnits, Money, RequestDecodeError};

use crate::conformance::{conformance, redirect, Card, Fixture};

/// The invented gateway's bindings, generated from its spec.
pub mod kestrel {
    paybind::gateway!("tests/sim/kestrel.yaml");
}

use kestrel::{Incoming, Payment, PaymentStatus, Received, Refund, RefundStatus, ReturnCode};

/// Needs the payer on the payment's page.
const CARD_PAYER: &str = "4000000000003220";
/// Refused by the issuer.
const CARD_REFUSED: &str = "4000000000000002";
/// Paid at once.
const CARD_PAID: &str = "4242424242424242";
const KEY: &str = "kestrel-sim-key";
const JSON: &str = "application/json";

/// Kestrel's state machine: payments by reference, each with what was refunded.
struct KestrelSim {
    base: String,
    payments: Mutex<BTreeMap<String, Payment>>,
}

/// An error answer (the refusal envelope of the spec: `error`, `detail`).
fn error(status: u16, code: ReturnCode, detail: &str) -> Reply {
    let body = serde_json::json!({ "error": code.code(), "detail": detail });
    Reply::new(status, JSON, body.to_string())
}

impl Simulated for KestrelSim {
    type Incoming = Incoming;
    const API: &'static str = "/v1";

    fn mount(&self) -> String {
        "kestrel".to_string()
    }

    fn authenticate(&self, headers: &HeaderMap) -> Result<(), Reply> {
        let bearer = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        match bearer {
            Some(KEY) => Ok(()),
            _ => Err(error(401, ReturnCode::Unauthorized, "Wrong API key")),
        }
    }

    fn undecodable(&self, e: &RequestDecodeError) -> Reply {
        error(400, ReturnCode::InvalidRequest, &e.to_string())
    }

    fn admit(&self, _: &HeaderMap, received: &Received) -> Result<(), Reply> {
        let strict = paybind::ValidationPolicy::Strict;
        match received.request.validate_with(strict) {
            Ok(()) => Ok(()),
            Err(v) => Err(error(400, ReturnCode::InvalidRequest, &v.to_string())),
        }
    }

    fn serve(&self, received: Received) -> Reply {
        let Ok(mut payments) = self.payments.lock() else {
            return Reply::new(500, "text/plain", "poisoned");
        };
        match received.request {
            Incoming::CreatePayment(r) => {
                if payments.contains_key(&r.reference) {
                    return error(409, ReturnCode::DuplicateReference, "Reference taken");
                }
                let status = match r.card.expose() {
                    CARD_PAYER => PaymentStatus::RequiresPayer,
                    CARD_REFUSED => PaymentStatus::Refused,
                    _ => PaymentStatus::Paid,
                };
                let page = format!("{}/kestrel/pay/{}", self.base, r.reference);
                let payment = Payment {
                    id: Some(format!("pay_{}", payments.len() + 1)),
                    reference: Some(r.reference.clone()),
                    amount: Some(r.amount),
                    refunded: Some(MinorUnits(0)),
                    page_url: (status == PaymentStatus::RequiresPayer).then_some(page),
                    status: Some(status),
                };
                let body = payment.encode();
                payments.insert(r.reference, payment);
                Reply::encoded(JSON, body)
            }
            Incoming::GetPayment(r) => match payments.get(&r.reference) {
                Some(p) => Reply::encoded(JSON, p.encode()),
                None => error(404, ReturnCode::UnknownPayment, "No such payment"),
            },
            Incoming::RefundPayment(r) => refund(&mut payments, &r.reference, r.amount),
        }
    }

    fn entries(&self) -> Vec<Entry> {
        let payments = self.payments.lock().map(|p| p.clone()).unwrap_or_default();
        payments
            .into_values()
            .map(|p| Entry {
                reference: p.reference.unwrap_or_default(),
                id: p.id.unwrap_or_default(),
                minor: p.amount.map_or(0, MinorUnits::get),
            })
            .collect()
    }

    fn pages(self: Arc<Self>) -> Router {
        Router::new()
            .route("/pay/{reference}", post(pay))
            .with_state(self)
    }
}

/// A refund within what remains of a paid payment.
fn refund(payments: &mut BTreeMap<String, Payment>, reference: &str, amount: MinorUnits) -> Reply {
    let Some(p) = payments.get_mut(reference) else {
        return error(404, ReturnCode::UnknownPayment, "No such payment");
    };
    if p.status != Some(PaymentStatus::Paid) {
        return error(409, ReturnCode::NotPaid, "Not paid");
    }
    let (total, done) = (
        p.amount.map_or(0, MinorUnits::get),
        p.refunded.map_or(0, MinorUnits::get),
    );
    if done + amount.get() > total {
        return error(
            422,
            ReturnCode::RefundExceedsPayment,
            "More than what remains",
        );
    }
    p.refunded = Some(MinorUnits(done + amount.get()));
    let r = Refund {
        id: Some(format!("re_{reference}_{done}")),
        amount: Some(amount),
        status: Some(RefundStatus::Done),
    };
    Reply::encoded(JSON, r.encode())
}

/// The payer pays on the payment's page.
async fn pay(State(sim): State<Arc<KestrelSim>>, Path(reference): Path<String>) -> &'static str {
    let Ok(mut payments) = sim.payments.lock() else {
        return "poisoned";
    };
    match payments.get_mut(&reference) {
        Some(p) if p.status == Some(PaymentStatus::RequiresPayer) => {
            p.status = Some(PaymentStatus::Paid);
            p.page_url = None;
            "Paid."
        }
        _ => "Nothing to pay.",
    }
}

/// What the conformance body leaves to Kestrel: its sale request and its payer.
struct Kestrel(kestrel::Client);

impl Fixture for Kestrel {
    type Client = kestrel::Client;
    fn client(&self) -> &Self::Client {
        &self.0
    }
    async fn sale(&self, reference: &str, amount: Money, card: Card) -> kestrel::CreatePayment {
        let number = match card {
            Card::Plain => CARD_PAID,
            Card::Payer => CARD_PAYER,
        };
        kestrel::CreatePayment::builder()
            .reference(reference)
            .amount(amount.minor())
            .card(number)
            .build()
    }
    async fn act(&self, _reference: &str, action: &Action) {
        let (url, _) = redirect(action);
        reqwest::Client::new().post(url).send().await.expect("page");
    }
}

#[tokio::test]
async fn an_invented_gateway_added_by_the_checklist_passes_the_conformance_body() {
    let sim = Simulator::builder(Config::default())
        .gateway(|base: &str| KestrelSim {
            base: base.to_string(),
            payments: Mutex::new(BTreeMap::new()),
        })
        .start(0)
        .await
        .expect("simulator");
    let client = kestrel::Client::builder(
        kestrel::Environment::Sandbox,
        kestrel::Credentials::new(KEY),
    )
    .base_url(format!("{}/v1", sim.base_url("kestrel")))
    .build()
    .expect("client");
    let fixture = Kestrel(client);
    conformance(&fixture, "KES").await;

    // The ledger has its books beside the built-in gateways'.
    let ledger = sim.ledger();
    let references: Vec<&str> = ledger
        .of("kestrel")
        .iter()
        .map(|e| e.reference.as_str())
        .collect();
    assert_eq!(references, ["KES-SALE-1", "KES-SALE-2"]);
    assert_eq!(ledger.of("kestrel")[0].minor, 4500);
    assert!(ledger.comnpay.is_empty() && ledger.of("smoney").is_empty());

    // A refused card is declined with the spec's category.
    let refused = fixture
        .sale(
            "KES-SALE-3",
            Money::parse("10.00", "EUR").expect("money"),
            Card::Plain,
        )
        .await;
    let mut refused = refused;
    refused.card = paybind::Sensitive::new(paybind::Sensitivity::CardNumber, CARD_REFUSED);
    let placed = paybind::payments::Sale::sale(fixture.client(), &refused)
        .await
        .expect("sale");
    assert!(
        matches!(&placed.outcome, Outcome::Declined(d) if d.category == paybind::ReturnCategory::HardDecline),
        "{:?}",
        placed.outcome
    );

    // A wrong key is refused before anything is read: declined, with the code's category.
    let stranger = kestrel::Client::builder(
        kestrel::Environment::Sandbox,
        kestrel::Credentials::new("not-the-key"),
    )
    .base_url(format!("{}/v1", sim.base_url("kestrel")))
    .build()
    .expect("client");
    let status = paybind::payments::Status::status(&stranger, PaymentRef::new("KES-SALE-1"))
        .await
        .expect("a refusal is an outcome");
    assert!(
        matches!(&status, Outcome::Declined(d) if d.category == paybind::ReturnCategory::Configuration),
        "{status:?}"
    );

    // The fault scenarios serve it too: the sale is recorded once, its outcome unknown.
    let faulted = fixture
        .sale(
            "KES-SIM-FAULT-5XX-1",
            Money::parse("12.00", "EUR").expect("money"),
            Card::Plain,
        )
        .await;
    let lost = paybind::payments::Sale::sale(fixture.client(), &faulted).await;
    assert!(
        matches!(lost, Err(paybind::Error::OutcomeUnknown(_))),
        "{lost:?}"
    );
    let recorded = sim.ledger();
    let faulted: Vec<&Entry> = recorded
        .of("kestrel")
        .iter()
        .filter(|e| e.reference == "KES-SIM-FAULT-5XX-1")
        .collect();
    assert_eq!(faulted.len(), 1);
    assert_eq!(faulted[0].minor, 1200);
}
