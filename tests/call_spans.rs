//! The `paybind.call` span of each client call, and the simulator's request log, captured by
//! a test subscriber: the fields are there, and neither the key nor the card data is; nor the
//! value of a sensitive extra parameter, which shows only on the wire.
//!
//! A binary of its own, with one test and a global subscriber: tracing caches whether a
//! callsite is wanted the first time any thread reaches it, so a subscriber scoped to one test
//! thread misses the callsites that other tests running in parallel reach first.

#![cfg(all(
    feature = "sim",
    feature = "comnpay",
    feature = "payneteasy",
    feature = "smoney"
))]

#[path = "support/mod.rs"]
mod support;

use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use paybind::comnpay::*;
use paybind::sim::{Config, Simulator};

const KEY: &str = "SECRET-SENTINEL-KEY-7731";
const CARD: &str = "4000000000000651"; // refused with 651 from the first cent
const CVV: &str = "987";

/// One span's or event's fields, by name, as text.
type Recorded = Vec<(String, String)>;

/// Every span's fields when it closes, and every event's fields.
#[derive(Clone, Default)]
struct Capture {
    closed: Arc<Mutex<Vec<Recorded>>>,
    events: Arc<Mutex<Vec<Recorded>>>,
}

struct Fields(Recorded);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields(vec![(
            "span".to_string(),
            attrs.metadata().name().to_string(),
        )]);
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(fields) = span.extensions_mut().get_mut::<Fields>() {
                values.record(fields);
            }
        }
    }
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = Fields(vec![
            ("target".to_string(), event.metadata().target().to_string()),
            ("level".to_string(), event.metadata().level().to_string()),
        ]);
        event.record(&mut fields);
        self.events.lock().unwrap().push(fields.0);
    }
    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id) {
            if let Some(fields) = span.extensions_mut().remove::<Fields>() {
                self.closed.lock().unwrap().push(fields.0);
            }
        }
    }
}

fn get<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn each_call_is_one_span_with_its_fields_and_no_secret() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let mut config = Config::default();
    config.comnpay_key = KEY.to_string();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number.clone(), KEY),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("client");
    let token = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number(CARD)
        .card_expiration_date("2812".parse().expect("date"))
        .cvv(CVV)
        .origin("https://shop.example")
        .build();
    let token_ref = client
        .token_create(&token)
        .await
        .expect("token")
        .token
        .and_then(|t| t.token_ref)
        .expect("ref");
    let debit = PaymentTokenDebit::builder()
        .token_ref(token_ref.expose())
        .transaction_ref("TRACE-ORDER-1")
        .amount(1000)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(support::browser())
        .build();
    assert!(client.payment_token_debit(&debit).await.is_err());
    let invalid = PaymentRefund::builder()
        .transaction_ref("TRACE-ORDER-1")
        .amount(0)
        .build();
    assert!(client.payment_refund(&invalid).await.is_err());
    // A 3-D Secure v2 card from 30.00 EUR: the debit answers 200, yet waits for the payer.
    let token_3ds = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number(paybind::sim::comnpay::CARD_3DS_V2_CHALLENGE)
        .card_expiration_date("2812".parse().expect("date"))
        .cvv(CVV)
        .origin("https://shop.example")
        .build();
    let ref_3ds = client
        .token_create(&token_3ds)
        .await
        .expect("token")
        .token
        .and_then(|t| t.token_ref)
        .expect("ref");
    let debit_3ds = PaymentTokenDebit::builder()
        .token_ref(ref_3ds.expose())
        .transaction_ref("TRACE-ORDER-2")
        .amount(4500)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(support::browser())
        .build();
    let answer = client.payment_token_debit(&debit_3ds).await.expect("debit");
    assert_eq!(answer.outcome().as_str(), "action_required");
    let base_url = sim.comnpay_base_url();
    drop(sim);
    // A fresh client (no pooled connection) to the stopped simulator: never connected.
    let gone = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number.clone(), KEY),
    )
    .base_url(base_url)
    .build()
    .expect("client");
    assert!(matches!(
        gone.payment_token_debit(&debit).await,
        Err(Error::Transport(_))
    ));

    let closed = capture.closed.lock().unwrap().clone();
    let calls: Vec<_> = closed
        .iter()
        .filter(|f| get(f, "span") == Some("paybind.call"))
        .collect();
    assert_eq!(calls.len(), 6, "{closed:?}");
    let token_call = calls[0];
    assert_eq!(get(token_call, "gateway"), Some("comnpay"));
    assert_eq!(get(token_call, "endpoint"), Some("token/create"));
    assert_eq!(get(token_call, "status"), Some("200"));
    assert_eq!(get(token_call, "outcome"), Some("ok"));
    assert_eq!(
        get(token_call, "reference"),
        None,
        "token/create carries no merchant reference: {token_call:?}"
    );
    assert!(get(token_call, "duration_ms").is_some(), "{token_call:?}");
    let debit_call = calls[1];
    assert_eq!(get(debit_call, "endpoint"), Some("payment/tokenDebit"));
    assert_eq!(get(debit_call, "reference"), Some("TRACE-ORDER-1"));
    assert_eq!(get(debit_call, "outcome"), Some("refused"));
    assert_eq!(get(debit_call, "code"), Some("651"));
    let refund_call = calls[2];
    assert_eq!(get(refund_call, "reference"), Some("TRACE-ORDER-1"));
    assert_eq!(get(refund_call, "outcome"), Some("invalid"));
    assert_eq!(get(refund_call, "status"), None, "nothing was sent");
    assert_eq!(get(calls[3], "outcome"), Some("ok"));
    let debit_3ds_call = calls[4];
    assert_eq!(get(debit_3ds_call, "reference"), Some("TRACE-ORDER-2"));
    assert_eq!(get(debit_3ds_call, "status"), Some("200"));
    assert_eq!(
        get(debit_3ds_call, "outcome"),
        Some("action_required"),
        "a debit waiting for 3-D Secure is not ok: {debit_3ds_call:?}"
    );
    assert_eq!(get(calls[5], "outcome"), Some("transport"));

    // Each call ends with one event: info when the gateway answered or nothing was sent,
    // warn when the exchange failed.
    let events = capture.events.lock().unwrap().clone();
    let ends: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| get(e, "message") == Some("gateway call"))
        .map(|e| {
            (
                get(e, "outcome").unwrap_or("?"),
                get(e, "level").unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(
        ends,
        [
            ("ok", "INFO"),
            ("refused", "INFO"),
            ("invalid", "INFO"),
            ("ok", "INFO"),
            ("action_required", "INFO"),
            ("transport", "WARN")
        ]
    );

    let served: Vec<_> = events
        .iter()
        .filter(|e| get(e, "target").is_some_and(|t| t.starts_with("paybind::sim")))
        .collect();
    assert_eq!(
        served.len(),
        4,
        "the simulator logs each request: {events:?}"
    );
    assert_eq!(
        get(served[1], "path"),
        Some("/comnpay/rest/payment/tokenDebit")
    );
    assert_eq!(get(served[1], "status"), Some("200"));

    let everything = format!("{closed:?}{events:?}");
    for secret in [
        KEY,
        CARD,
        paybind::sim::comnpay::CARD_3DS_V2_CHALLENGE,
        token_ref.expose(),
        ref_3ds.expose(),
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} logged: {everything}"
        );
    }
    let values = closed.iter().chain(&events).flatten();
    assert!(
        values.clone().all(|(_, v)| v != CVV),
        "the CVV logged: {everything}"
    );

    capture.closed.lock().unwrap().clear();
    capture.events.lock().unwrap().clear();
    a_sensitive_extra_parameter_shows_only_on_the_wire(&capture).await;
}

/// The value of each gateway's sensitive extra parameter.
const EXTRA: &str = "EXTRA-SENTINEL-5519";

/// An error with its sources, as `Display` and `Debug`.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{e} {e:?}");
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!(" <- {s} {s:?}"));
        source = s.source();
    }
    out
}

/// A request with extra parameters as it shows: `Debug`, summary, and prepared (`Debug`,
/// `Display`, redacted body), whose exact body carries the value.
fn shown<R>(with: &paybind::WithExtra<'_, R>, prepared: &paybind::encoding::Prepared) -> String
where
    R: std::fmt::Debug + paybind::Summary,
{
    assert!(
        prepared.body_text().contains(EXTRA),
        "{}",
        prepared.body_text()
    );
    format!(
        "{with:?}\n{}\n{prepared:?}\n{prepared}\n{}",
        paybind::Summary::summary(with),
        prepared.redacted_body()
    )
}

/// Each gateway's request with a sensitive extra parameter: its value is sent (the loopback
/// server receives it), and shows in no `Debug`, summary, prepared request, error (a refusal,
/// an unreadable answer, a refused name, a failed connection) or tracing span and event.
async fn a_sensitive_extra_parameter_shows_only_on_the_wire(capture: &Capture) {
    use paybind::{Extra, Request as _};
    use support::{Answer, Server};
    let extra = || {
        Extra::new()
            .text("visible", "kept-1")
            .sensitive("hidden", EXTRA)
    };
    let server = Server::start(vec![
        Answer::json(r#"{"ok": 0, "responseCode": "009", "message": "Invalid parameter"}"#),
        Answer::json("type=validation-error\n&error-message=bad\n&error-code=2\n"),
        Answer::json("<html>not JSON</html>"),
    ])
    .await;
    let mut seen = Vec::new();

    let c = Client::builder(Environment::Homologation, Credentials::new("VAD-1", KEY))
        .base_url(server.base_url())
        .build()
        .expect("client");
    let refund = PaymentRefund::builder()
        .transaction_ref("ORDER-0001")
        .amount(100)
        .build();
    let with = refund.with_extra(extra());
    seen.push(shown(&with, &c.prepare(&with).expect("prepared")));
    seen.push(chain(&c.send(&with).await.expect_err("refused")));
    let clash = refund.with_extra(extra().sensitive("amount", EXTRA));
    seen.push(chain(&c.send(&clash).await.expect_err("a spec name")));

    use paybind::payneteasy as pe;
    let c = pe::Client::builder(
        pe::Brand::Connpay,
        pe::Environment::Sandbox,
        pe::Credentials::new("login", KEY, pe::Target::Endpoint(39529)),
    )
    .base_url(server.base_url())
    .build()
    .expect("client");
    let status = pe::Status::builder().client_orderid("ORDER-0001").build();
    let with = status.with_extra(extra());
    seen.push(shown(&with, &c.prepare(&with).expect("prepared")));
    seen.push(chain(&c.send(&with).await.expect_err("refused")));

    use paybind::smoney as sm;
    let credentials = sm::Credentials::new(KEY, "partner", "callback-secret");
    let c = sm::Client::builder(sm::Environment::Sandbox, credentials.clone())
        .base_url(server.base_url())
        .build()
        .expect("client");
    let refund = sm::RefundCardPayment::builder()
        .payment_order_id("ORDER-0001")
        .order_id("REFUND-1")
        .amount(100)
        .build();
    let with = refund.with_extra(extra());
    seen.push(shown(&with, &c.prepare(&with).expect("prepared")));
    let unread = c.send(&with).await.expect_err("not JSON");
    // A refund whose answer cannot be read: its outcome is unknown, to look up by its id.
    assert!(
        matches!(&unread, sm::Error::OutcomeUnknown(u) if u.lookup_value == "ORDER-0001"),
        "{unread:?}"
    );
    seen.push(chain(&unread));
    let read = sm::GetCardPayment::builder()
        .payment_order_id("ORDER-0001")
        .build();
    let in_url = c
        .send(&read.with_extra(extra()))
        .await
        .expect_err("no body");
    seen.push(chain(&in_url));
    let gone = sm::Client::builder(sm::Environment::Sandbox, credentials)
        .base_url("http://127.0.0.1:9/rest")
        .build()
        .expect("client");
    seen.push(chain(&gone.send(&with).await.expect_err("never connected")));

    let bodies: Vec<String> = server.received().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies.len(),
        3,
        "three calls sent, the refused ones not: {bodies:?}"
    );
    for body in &bodies {
        assert!(body.contains(EXTRA), "the value is sent: {body}");
    }
    let seen = seen.join("\n");
    assert!(
        !seen.contains(EXTRA),
        "a sensitive extra parameter shows: {seen}"
    );
    assert!(seen.contains("hidden=<redacted secret>"), "{seen}");
    assert!(seen.contains("visible=kept-1"), "{seen}");
    assert!(seen.contains("<redacted>"), "{seen}");
    assert!(
        seen.contains("`amount` is a name the spec defines"),
        "{seen}"
    );
    assert!(
        seen.contains("`hidden` is sensitive, and this request has no body"),
        "{seen}"
    );

    let closed = capture.closed.lock().unwrap().clone();
    let events = capture.events.lock().unwrap().clone();
    let calls = closed
        .iter()
        .filter(|f| get(f, "span") == Some("paybind.call"))
        .count();
    assert_eq!(calls, 6, "every call was traced: {closed:?}");
    assert!(
        closed
            .iter()
            .filter(|f| get(f, "span") == Some("paybind.call"))
            .all(|f| get(f, "reference") == Some("ORDER-0001")),
        "each call's span has the request's reference: {closed:?}"
    );
    let logged = format!("{closed:?}{events:?}");
    assert!(
        !logged.contains(EXTRA),
        "a sensitive extra parameter logged: {logged}"
    );
}
