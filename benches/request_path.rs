//! The request path: validate and form-encode a 3DS v2 token debit, generated code against a
//! hand-written baseline doing the same work in the same run.
//!
//!     cargo bench --bench request_path

use criterion::{criterion_group, criterion_main, Criterion};
use paybind::comnpay::*;
use paybind::transport::Request;
use paybind::wire::FormBody;
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

/// What a careful engineer would write by hand for the same call: the same checks, the same
/// body, no framework.
fn hand_written(
    serial: &str,
    key: &str,
    token: &str,
    tx_ref: &str,
    amount: i64,
    url: &str,
    ip: &str,
    lang: &str,
) -> Option<String> {
    let n = tx_ref.chars().count();
    if !(8..=40).contains(&n)
        || amount < 1
        || !url.starts_with("https://")
        || ip.parse::<std::net::IpAddr>().is_err()
    {
        return None;
    }
    let app = serde_json::to_string(&HandApp {
        browser_ip: ip,
        browser_language: lang,
    })
    .ok()?;
    let mut s = form_urlencoded::Serializer::new(String::with_capacity(512));
    s.append_pair("serialNumber", serial)
        .append_pair("key", key)
        .append_pair("tokenRef", token)
        .append_pair("transactionRef", tx_ref)
        .append_pair("amount", itoa::Buffer::new().format(amount))
        .append_pair("force3ds", "0")
        .append_pair("redirection3DSV2Url", url)
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
    let hand = hand_written(
        "VAD-111-111",
        "6RLl4FlO2o4ZvAdflK2p",
        "TK1533224578211DEMO364",
        "ORDER-0001",
        1590,
        "https://shop.example/3ds?x=1&y=2",
        "192.168.14.10",
        "fr",
    );
    assert_eq!(
        generated(&req, &creds),
        hand,
        "both sides produce the same body"
    );
    let mut g = c.benchmark_group("tokenDebit validate+encode");
    g.bench_function("generated", |b| {
        b.iter(|| generated(black_box(&req), black_box(&creds)))
    });
    g.bench_function("hand-written baseline", |b| {
        b.iter(|| {
            hand_written(
                black_box("VAD-111-111"),
                black_box("6RLl4FlO2o4ZvAdflK2p"),
                black_box("TK1533224578211DEMO364"),
                black_box("ORDER-0001"),
                black_box(1590),
                black_box("https://shop.example/3ds?x=1&y=2"),
                black_box("192.168.14.10"),
                black_box("fr"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
