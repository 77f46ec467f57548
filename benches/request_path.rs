//! The request path: validate and form-encode a 3DS v2 token debit, generated code against a
//! hand-written baseline doing the same work in the same run.
//!
//!     cargo bench --bench request_path

use criterion::{criterion_group, criterion_main, Criterion};
use paybind::comnpay::*;
use paybind::encoding::FormBody;
use paybind::transport::Request;
use std::hint::black_box;

fn request() -> PaymentTokenDebit {
    PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("ORDER-0001")
        .amount(1590)
        .force3ds(false)
        .redirection3_dsv2_url("https://shop.example/3ds?x=1&y=2")
        .application(
            Application::builder()
                .browser_ip("192.168.14.10")
                .browser_language("fr")
                .build(),
        )
        .build()
}

#[derive(serde::Serialize)]
struct HandApp<'a> {
    #[serde(rename = "browserIP")]
    browser_ip: &'a str,
    #[serde(rename = "browserLanguage")]
    browser_language: &'a str,
}

/// The inputs of the hand-written baseline.
struct Hand<'a> {
    serial: &'a str,
    key: &'a str,
    token: &'a str,
    tx_ref: &'a str,
    amount: i64,
    url: &'a str,
    ip: &'a str,
    lang: &'a str,
}

/// What a careful engineer would write by hand for the same call: the same checks, the same
/// body, no framework.
fn hand_written(h: &Hand<'_>) -> Option<String> {
    let n = h.tx_ref.chars().count();
    if !(8..=40).contains(&n)
        || h.amount < 1
        || !h.url.starts_with("https://")
        || h.ip.parse::<std::net::IpAddr>().is_err()
    {
        return None;
    }
    let app = serde_json::to_string(&HandApp {
        browser_ip: h.ip,
        browser_language: h.lang,
    })
    .ok()?;
    let mut s = form_urlencoded::Serializer::new(String::with_capacity(512));
    s.append_pair("serialNumber", h.serial)
        .append_pair("key", h.key)
        .append_pair("tokenRef", h.token)
        .append_pair("transactionRef", h.tx_ref)
        .append_pair("amount", itoa::Buffer::new().format(h.amount))
        .append_pair("force3ds", "0")
        .append_pair("redirection3DSV2Url", h.url)
        .append_pair("application", &app);
    Some(s.finish())
}

fn generated(req: &PaymentTokenDebit, creds: &Credentials) -> Option<String> {
    req.validate().ok()?;
    let mut body = FormBody::with_capacity(512);
    <PaymentTokenDebit as Request<Api>>::encode(req, creds, &mut body).ok()?;
    Some(body.finish())
}

fn bench(c: &mut Criterion) {
    let req = request();
    let creds = Credentials::new("VAD-111-111", "6RLl4FlO2o4ZvAdflK2p");
    let input = Hand {
        serial: "VAD-111-111",
        key: "6RLl4FlO2o4ZvAdflK2p",
        token: "TK1533224578211DEMO364",
        tx_ref: "ORDER-0001",
        amount: 1590,
        url: "https://shop.example/3ds?x=1&y=2",
        ip: "192.168.14.10",
        lang: "fr",
    };
    assert_eq!(
        generated(&req, &creds),
        hand_written(&input),
        "both sides produce the same body"
    );
    let mut g = c.benchmark_group("tokenDebit validate+encode");
    g.bench_function("generated", |b| {
        b.iter(|| generated(black_box(&req), black_box(&creds)))
    });
    g.bench_function("hand-written baseline", |b| {
        b.iter(|| hand_written(black_box(&input)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
