//! One round trip through each client (validate, encode, send over a kept-alive loopback
//! connection, read and decode the answer) against raw reqwest posting the same body (encoded
//! once, beforehand), with the same headers, to the same loopback server, and decoding the
//! answer into a hand-written serde struct (benches/support/hand.rs), in the same run. The server answers each gateway's documented answer at once, so the figures are the
//! clients' and HTTP's costs, not a gateway's.
//!
//!     cargo bench --bench round_trip

use std::hint::black_box;
use std::time::Duration;

use axum::http::{header, Uri};
use axum::response::IntoResponse;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/paired.rs"]
mod paired;

#[path = "support/hand.rs"]
mod hand;

const PAYMENT: &str = include_str!("../tests/fixtures/comnpay/payment.json");
const SALE_ANSWER: &str =
    "type=async-response\n&serial-number=00000000-0000-0000-0000-000002d9b22a\n\
&merchant-order-id=902B4FF5\n&paynet-order-id=6768788\n&end-point-id=39529\n";
const SMONEY_MEDIA: &str = "application/vnd.s-money.v3+json";

/// The loopback server: every gateway's answer by the first segment of the path.
async fn answer(uri: Uri) -> axum::response::Response {
    let path = uri.path();
    if path.starts_with("/comnpay/") {
        ([(header::CONTENT_TYPE, "application/json")], PAYMENT).into_response()
    } else if path.starts_with("/payneteasy/") {
        ([(header::CONTENT_TYPE, "text/plain")], SALE_ANSWER).into_response()
    } else {
        ([(header::CONTENT_TYPE, SMONEY_MEDIA)], smoney_answer()).into_response()
    }
}

/// What the S-money simulator answers a card payment: the request, with its id and status.
fn smoney_answer() -> &'static str {
    static ANSWER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ANSWER.get_or_init(|| {
        let body = match smoney_client("http://127.0.0.1:9")
            .prepare(&smoney_request())
            .expect("prepare")
            .body()
        {
            paybind::transport::Body::Json(b) => b.clone(),
            other => panic!("{other:?}"),
        };
        let mut v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        v["Id"] = 9001.into();
        v["Status"] = 0.into();
        v["ErrorCode"] = 0.into();
        v["Href"] = "http://127.0.0.1:9/smoney/pay/ORDER-S1".into();
        v["Type"] = 0.into();
        v.to_string()
    })
}

fn comnpay_client(base: &str) -> paybind::comnpay::Client {
    use paybind::comnpay::*;
    Client::builder(
        Environment::Homologation,
        Credentials::new("VAD-111-111", "6RLl4FlO2o4ZvAdflK2p"),
    )
    .base_url(format!("{base}/comnpay/rest"))
    .build()
    .expect("client")
}

fn comnpay_request() -> paybind::comnpay::PaymentTokenDebit {
    use paybind::comnpay::*;
    PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("1440685092164304")
        .amount(1590)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .application(
            Application::builder()
                .browser_ip("192.168.14.10")
                .browser_language("fr")
                .build(),
        )
        .build()
}

fn payneteasy_client(base: &str) -> paybind::payneteasy::Client {
    use paybind::payneteasy::*;
    Client::builder(
        Brand::Payneteasy,
        Environment::Sandbox,
        Credentials::new("sim-login", "SIM-CONTROL-B17F59B4", Target::Endpoint(39529)),
    )
    .base_url(format!("{base}/payneteasy/paynet/api/v2"))
    .build()
    .expect("client")
}

fn payneteasy_request() -> paybind::payneteasy::Sale {
    use paybind::payneteasy::*;
    Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("10.42", "EUR").expect("money"))
        .ipaddress("65.153.12.232")
        .credit_card_number("4538977399606732")
        .card_printed_name("CARD HOLDER")
        .expire_month("12")
        .expire_year("2099")
        .cvv2("123")
        .first_name("John")
        .last_name("Smith")
        .address1("100 Main st")
        .city("Seattle")
        .state("WA")
        .zip_code("98102")
        .country("US")
        .phone("+12063582043")
        .email("john.smith@gmail.com")
        .build()
}

const SMONEY_TOKEN: &str = "sim-token-3f9a";

fn smoney_client(base: &str) -> paybind::smoney::Client {
    use paybind::smoney::*;
    Client::builder(
        Environment::Sandbox,
        Credentials::new(SMONEY_TOKEN, "simpartner", "sim-callback-secret"),
    )
    .base_url(format!("{base}/smoney"))
    .build()
    .expect("client")
}

fn smoney_request() -> paybind::smoney::CreateCardPayment {
    use paybind::encoding::Joined;
    use paybind::smoney::*;
    CreateCardPayment::builder()
        .amount(15000)
        .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
        .order_id("ORDER-S1")
        .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
        .is_mine(false)
        .message("Concert tickets")
        .url_return("https://shop.example/return")
        .url_callback("https://shop.example/cb")
        .build()
}

/// Raw reqwest: the same method, URL, headers and body bytes; the answer read whole and
/// decoded by `decode`.
async fn raw<T>(
    http: &reqwest::Client,
    url: &str,
    content_type: &'static str,
    body: bytes::Bytes,
    decode: fn(&[u8]) -> T,
) -> T {
    let answer = http
        .post(url)
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .expect("send");
    assert!(answer.status().is_success());
    decode(&answer.bytes().await.expect("bytes"))
}

fn hand_payment(b: &[u8]) -> hand::HandPayment {
    serde_json::from_slice(b).expect("payment")
}

fn hand_async(b: &[u8]) -> hand::HandAsync {
    serde_urlencoded::from_bytes(b).expect("async answer")
}

fn body_bytes(p: &paybind::encoding::Prepared) -> bytes::Bytes {
    match p.body() {
        paybind::transport::Body::Form(t) => bytes::Bytes::from(t.clone()),
        paybind::transport::Body::Json(b) => bytes::Bytes::from(b.clone()),
        paybind::transport::Body::Empty => bytes::Bytes::new(),
    }
}

fn bench(c: &mut Criterion) {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("server runtime");
    let listener = server
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    server.spawn(async move {
        axum::serve(listener, axum::Router::new().fallback(answer))
            .await
            .expect("serve")
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let http = reqwest::Client::builder()
        .user_agent("bench")
        .build()
        .expect("reqwest");

    // ComNpay payment/tokenDebit.
    let client = comnpay_client(&base);
    let req = comnpay_request();
    let prepared = client.prepare(&req).expect("prepare");
    let (url, ct, body) = (
        prepared.url().to_string(),
        prepared.content_type().expect("content type"),
        body_bytes(&prepared),
    );
    let tx = rt
        .block_on(client.payment_token_debit(&req))
        .expect("answer");
    assert_eq!(
        tx.transaction.and_then(|t| t.transaction_ref).as_deref(),
        Some("1440685092164304")
    );
    let mut g = c.benchmark_group("round trip comnpay tokenDebit");
    g.bench_function("generated client", |b| {
        b.iter(|| rt.block_on(client.payment_token_debit(black_box(&req))))
    });
    g.bench_function("raw reqwest", |b| {
        b.iter(|| rt.block_on(raw(&http, &url, ct, black_box(body.clone()), hand_payment)))
    });
    g.finish();
    paired::paired(
        "round trip comnpay tokenDebit",
        Duration::from_secs(4),
        || rt.block_on(client.payment_token_debit(black_box(&req))),
        || rt.block_on(raw(&http, &url, ct, black_box(body.clone()), hand_payment)),
    );

    // PaynetEasy sale (signed).
    let client = payneteasy_client(&base);
    let req = payneteasy_request();
    let prepared = client.prepare(&req).expect("prepare");
    let (url, ct, body) = (
        prepared.url().to_string(),
        prepared.content_type().expect("content type"),
        body_bytes(&prepared),
    );
    let answer = rt.block_on(client.sale(&req)).expect("answer");
    assert_eq!(answer.paynet_order_id.as_deref(), Some("6768788"));
    let mut g = c.benchmark_group("round trip payneteasy sale");
    g.bench_function("generated client", |b| {
        b.iter(|| rt.block_on(client.sale(black_box(&req))))
    });
    g.bench_function("raw reqwest", |b| {
        b.iter(|| rt.block_on(raw(&http, &url, ct, black_box(body.clone()), hand_async)))
    });
    g.finish();
    paired::paired(
        "round trip payneteasy sale",
        Duration::from_secs(4),
        || rt.block_on(client.sale(black_box(&req))),
        || rt.block_on(raw(&http, &url, ct, black_box(body.clone()), hand_async)),
    );

    // S-money card payment (JSON, bearer token).
    let client = smoney_client(&base);
    let req = smoney_request();
    let prepared = client.prepare(&req).expect("prepare");
    let (url, ct, body) = (
        prepared.url().to_string(),
        prepared.content_type().expect("content type"),
        body_bytes(&prepared),
    );
    let bearer = format!("Bearer {SMONEY_TOKEN}");
    let answer = rt
        .block_on(client.create_card_payment(&req))
        .expect("answer");
    assert_eq!(answer.id, Some(9001));
    let mut g = c.benchmark_group("round trip smoney card payment");
    g.bench_function("generated client", |b| {
        b.iter(|| rt.block_on(client.create_card_payment(black_box(&req))))
    });
    let raw_bearer = || {
        rt.block_on(async {
            let answer = http
                .post(&url)
                .header(header::CONTENT_TYPE, ct)
                .header(header::ACCEPT, SMONEY_MEDIA)
                .header(header::AUTHORIZATION, &bearer)
                .body(black_box(body.clone()))
                .send()
                .await
                .expect("send");
            let bytes = answer.bytes().await.expect("bytes");
            serde_json::from_slice::<hand::HandCardPayment>(&bytes).expect("card payment")
        })
    };
    g.bench_function("raw reqwest", |b| b.iter(raw_bearer));
    g.finish();
    paired::paired(
        "round trip smoney card payment",
        Duration::from_secs(4),
        || rt.block_on(client.create_card_payment(black_box(&req))),
        raw_bearer,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
