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

#[path = "support/hand.rs"]
mod hand;
use hand::{HandPayment, HandStatus};

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
