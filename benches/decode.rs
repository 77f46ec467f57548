//! Decoding answers, generated types against hand-written serde structs in the same run:
//!
//! - the ComNpay payment answer of the seed (000_0314d75137e75338.txt line 145, kept as
//!   tests/fixtures/comnpay/payment.json) into `PaymentResponse`, against a struct with the
//!   same fields typed as a hand-written client would (numbers, strings, booleans);
//! - a PaynetEasy status answer (line-encoded, as the simulator writes it, with the card
//!   fields of PaynetEasy's status response, some of which neither side keeps) into
//!   `StatusResponse`, against a struct of the same fields read with `serde_urlencoded` and
//!   trimmed.
//!
//! The generated side does more: it parses dates, return codes and enums into their types.
//!
//!     cargo bench --bench decode

use criterion::{criterion_group, criterion_main, Criterion};
use paybind::transport::FromBody;
use serde::Deserialize;
use std::hint::black_box;
use std::time::Duration;

#[path = "support/paired.rs"]
mod paired;

const PAYMENT: &str = include_str!("../tests/fixtures/comnpay/payment.json");

const STATUS: &[u8] = b"type=status-response\n&status=approved\n&amount=10.42\n&currency=EUR\n\
&paynet-order-id=6768788\n&merchant-order-id=902B4FF5\n\
&serial-number=00000000-0000-0000-0000-000002d9b22a\n&transaction-type=sale\n\
&card-type=VISA\n&bin=453897\n&last-four-digits=6732\n&cardholder-name=CARD+HOLDER\n\
&descriptor=test-descriptor\n&processor-tx-id=PNTEST-6768788\n&approval-code=242805\n\
&merchantdata=VIP+customer\n";

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct HandCustomer {
    road: Option<String>,
    zip_code: Option<String>,
    email: Option<String>,
    last_name: Option<String>,
    country: Option<String>,
    first_name: Option<String>,
    quality: Option<String>,
    phone: Option<String>,
    city: Option<String>,
    meeting_date: Option<String>,
    vat_number: Option<String>,
    fiscal_code: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct HandPayperlink {
    payperlink_id: Option<String>,
    payment_type: Option<String>,
    begin_date: Option<String>,
    end_date: Option<String>,
    max_quantity: Option<i64>,
    language: Option<String>,
    url_ok: Option<String>,
    url_nok: Option<String>,
    product_reference: Option<String>,
    product_label: Option<String>,
    amount: Option<i64>,
    customer: Option<HandCustomer>,
    creation_date: Option<String>,
    deferred_payment_date: Option<String>,
    suppression_date: Option<String>,
    nb_payments: Option<i64>,
    template: Option<String>,
    deadline_period: Option<String>,
    next_deadline_date: Option<String>,
    deadline_frequency: Option<i64>,
    deadline_day: Option<i64>,
    timetable_end_date: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct HandTransaction {
    transaction_id: Option<i64>,
    amount: Option<i64>,
    ok: Option<u8>,
    confirmed: Option<u8>,
    card_alias: Option<String>,
    card_end_date: Option<String>,
    card_truncated_number: Option<String>,
    card_type: Option<String>,
    bin_country_code: Option<String>,
    transaction_date: Option<String>,
    reject_date: Option<String>,
    response_code: Option<String>,
    message: Option<String>,
    transaction_ref: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    ask3ds: Option<u8>,
    auth3ds_code: Option<String>,
    auth3ds_message: Option<String>,
    enrollment3ds_code: Option<String>,
    enrollment3ds_message: Option<String>,
    ask_autor: Option<u8>,
    autor_code: Option<String>,
    autor_number: Option<String>,
    verify_enrollment3ds_md: Option<String>,
    verify_enrollment3ds_pareq: Option<String>,
    verify_enrollment3ds_action_url: Option<String>,
    verify_enrollment3ds_mpi: Option<String>,
    source: Option<String>,
    origin: Option<String>,
    init_login: Option<i64>,
    memo1_clic: Option<bool>,
    sub_account: Option<String>,
    customer: Option<HandCustomer>,
    payperlink: Option<HandPayperlink>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct HandPayment {
    ok: Option<u8>,
    message: Option<String>,
    transaction: Option<HandTransaction>,
    response_code: Option<String>,
    action_code: Option<String>,
}

fn trimmed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let mut s = String::deserialize(d)?;
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
    Ok(Some(s))
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandStatus {
    #[serde(rename = "type", default, deserialize_with = "trimmed")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    status: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    amount: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    currency: Option<String>,
    #[serde(rename = "paynet-order-id", default, deserialize_with = "trimmed")]
    paynet_order_id: Option<String>,
    #[serde(rename = "merchant-order-id", default, deserialize_with = "trimmed")]
    merchant_order_id: Option<String>,
    #[serde(rename = "serial-number", default, deserialize_with = "trimmed")]
    serial_number: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    html: Option<String>,
    #[serde(rename = "redirect-to", default, deserialize_with = "trimmed")]
    redirect_to: Option<String>,
    #[serde(rename = "error-message", default, deserialize_with = "trimmed")]
    error_message: Option<String>,
    #[serde(rename = "error-code", default, deserialize_with = "trimmed")]
    error_code: Option<String>,
    #[serde(rename = "transaction-type", default, deserialize_with = "trimmed")]
    transaction_type: Option<String>,
    #[serde(rename = "card-type", default, deserialize_with = "trimmed")]
    card_type: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    bin: Option<String>,
    #[serde(rename = "last-four-digits", default, deserialize_with = "trimmed")]
    last_four_digits: Option<String>,
    #[serde(default, deserialize_with = "trimmed")]
    merchantdata: Option<String>,
}

fn bench(c: &mut Criterion) {
    // Both sides read the same answer.
    let generated = paybind::comnpay::PaymentResponse::from_body(PAYMENT.as_bytes()).unwrap();
    let hand: HandPayment = serde_json::from_slice(PAYMENT.as_bytes()).unwrap();
    let (gt, ht) = (generated.transaction.unwrap(), hand.transaction.unwrap());
    assert_eq!(gt.transaction_ref, ht.transaction_ref);
    assert_eq!(gt.amount.map(|a| a.get()), ht.amount);
    assert_eq!(
        gt.payperlink.and_then(|p| p.payperlink_id),
        ht.payperlink.and_then(|p| p.payperlink_id)
    );

    let mut g = c.benchmark_group("comnpay payment answer decode");
    g.bench_function("generated", |b| {
        b.iter(|| paybind::comnpay::PaymentResponse::from_body(black_box(PAYMENT.as_bytes())))
    });
    g.bench_function("hand-written baseline", |b| {
        b.iter(|| serde_json::from_slice::<HandPayment>(black_box(PAYMENT.as_bytes())))
    });
    g.finish();
    paired::paired(
        "comnpay payment answer decode",
        Duration::from_secs(3),
        || paybind::comnpay::PaymentResponse::from_body(black_box(PAYMENT.as_bytes())),
        || serde_json::from_slice::<HandPayment>(black_box(PAYMENT.as_bytes())),
    );

    let generated = paybind::payneteasy::StatusResponse::from_body(STATUS).unwrap();
    let hand: HandStatus = serde_urlencoded::from_bytes(STATUS).unwrap();
    assert_eq!(generated.merchant_order_id, hand.merchant_order_id);
    assert_eq!(generated.last_four_digits, hand.last_four_digits);
    assert_eq!(
        generated.status.map(|s| s.as_str().to_string()),
        hand.status
    );

    let mut g = c.benchmark_group("payneteasy status answer decode");
    g.bench_function("generated", |b| {
        b.iter(|| paybind::payneteasy::StatusResponse::from_body(black_box(STATUS)))
    });
    g.bench_function("hand-written baseline", |b| {
        b.iter(|| serde_urlencoded::from_bytes::<HandStatus>(black_box(STATUS)))
    });
    g.finish();
    paired::paired(
        "payneteasy status answer decode",
        Duration::from_secs(3),
        || paybind::payneteasy::StatusResponse::from_body(black_box(STATUS)),
        || serde_urlencoded::from_bytes::<HandStatus>(black_box(STATUS)),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
