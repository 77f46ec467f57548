//! The simulator's fault scenarios (`paybind::sim::faults`): a money-moving call whose
//! reference carries `SIM-FAULT-LATE`, `-5XX`, `-DROP` or `-GARBAGE` ends in
//! `Error::OutcomeUnknown` naming the lookup, for every gateway, and the ledger shows the
//! payment recorded exactly once: the client did not resend it.

use crate::support;

use std::time::Duration;

use paybind::sim::{Config, Ledger, Simulator};
use paybind::{Error, OutcomeUnknown};

const FAULTS: [&str; 4] = [
    "SIM-FAULT-LATE",
    "SIM-FAULT-5XX",
    "SIM-FAULT-DROP",
    "SIM-FAULT-GARBAGE",
];

/// The clients give up after this; the simulator's late answers come after `DELAY_MS`.
const TIMEOUT: Duration = Duration::from_millis(400);
const DELAY_MS: u64 = 1500;

async fn setup() -> (Simulator, Config) {
    let mut config = Config::default();
    config.fault_delay_ms = DELAY_MS;
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    (sim, config)
}

fn unknown<T: std::fmt::Debug, R: std::fmt::Debug>(
    r: Result<T, Error<R>>,
    what: &str,
) -> OutcomeUnknown {
    match r {
        Err(Error::OutcomeUnknown(u)) => u,
        other => panic!("{what}: expected an unknown outcome, got {other:?}"),
    }
}

/// How many times `reference` is in the books of `books(ledger)`.
fn recorded(
    ledger: &Ledger,
    books: fn(&Ledger) -> &Vec<paybind::sim::Entry>,
    reference: &str,
) -> usize {
    books(ledger)
        .iter()
        .filter(|e| e.reference == reference)
        .count()
}

#[tokio::test]
async fn comnpay_debits_with_every_fault() {
    use paybind::comnpay::*;
    let (sim, config) = setup().await;
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number, config.comnpay_key),
    )
    .base_url(sim.comnpay_base_url())
    .timeout(TIMEOUT)
    .build()
    .expect("client");
    for fault in FAULTS {
        let token = TokenCreate::builder()
            .card_type(TokenCardType::Cb)
            .card_number("4970100000000003")
            .card_expiration_date("2812".parse().expect("date"))
            .cvv("123")
            .origin("https://shop.example")
            .build();
        let token = client.token_create(&token).await.expect("token");
        let token = token.token.and_then(|t| t.token_ref).expect("ref");
        let reference = format!("ORD-{fault}-1");
        let debit = PaymentTokenDebit::builder()
            .token_ref(token.expose())
            .transaction_ref(reference.as_str())
            .amount(1500)
            .redirection3_dsv2_url("https://shop.example/3ds")
            .browser(support::browser())
            .build();
        let u = unknown(client.payment_token_debit(&debit).await, fault);
        assert_eq!(
            (u.lookup_endpoint, u.lookup_field, u.lookup_value.as_str()),
            ("payment/find", "transactionRef", reference.as_str()),
            "{fault}"
        );
        assert_eq!(
            recorded(&sim.ledger(), |l| &l.comnpay, &reference),
            1,
            "{fault}"
        );
        // Looked up, as the error says: recorded, paid.
        let find = PaymentFind::builder()
            .transaction_ref(reference.as_str())
            .build();
        let found = client.payment_find(&find).await.expect("lookup");
        let list = found.transaction.unwrap_or_default();
        assert_eq!(list.len(), 1, "{fault}");
        assert_eq!(list[0].transaction_ref.as_deref(), Some(reference.as_str()));
    }
}

#[tokio::test]
async fn payneteasy_sales_with_every_fault() {
    use paybind::payneteasy::*;
    let (sim, config) = setup().await;
    let client = Client::builder(
        Brand::Connpay,
        Environment::Sandbox,
        Credentials::new(
            config.payneteasy_login.clone(),
            config.payneteasy_merchant_control.clone(),
            Target::Endpoint(39529),
        ),
    )
    .base_url(sim.payneteasy_base_url(Brand::Connpay))
    .timeout(TIMEOUT)
    .build()
    .expect("client");
    for fault in FAULTS {
        let reference = format!("ORD-{fault}-2");
        let sale = Sale::builder()
            .client_orderid(reference.as_str())
            .order_desc("Test Order Description")
            .amount(paybind::Money::parse("10.42", "EUR").expect("money"))
            .ipaddress("65.153.12.232")
            .card_recurring_payment_id("1491954")
            .cvv2("123")
            .build();
        let u = unknown(client.sale(&sale).await, fault);
        assert_eq!(
            (u.lookup_endpoint, u.lookup_field, u.lookup_value.as_str()),
            ("status", "client_orderid", reference.as_str()),
            "{fault}"
        );
        assert_eq!(
            recorded(&sim.ledger(), |l| &l.connpay, &reference),
            1,
            "{fault}"
        );
        assert_eq!(recorded(&sim.ledger(), |l| &l.payneteasy, &reference), 0);
        // The status call by client_orderid alone finds the order.
        let status = Status::builder().client_orderid(reference.as_str()).build();
        let s = client.status(&status).await.expect("status");
        assert_eq!(s.merchant_order_id.as_deref(), Some(reference.as_str()));
    }
}

#[tokio::test]
async fn smoney_payments_with_every_fault() {
    use paybind::encoding::Joined;
    use paybind::smoney::*;
    let (sim, config) = setup().await;
    let client = Client::builder(
        Environment::Sandbox,
        Credentials::new(
            config.smoney_token.clone(),
            config.smoney_partner.clone(),
            config.smoney_callback_secret.clone(),
        ),
    )
    .base_url(sim.smoney_base_url())
    .timeout(TIMEOUT)
    .build()
    .expect("client");
    for fault in FAULTS {
        let reference = format!("ORD-{fault}-3");
        let payment = CreateCardPayment::builder()
            .amount(15000)
            .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
            .order_id(reference.as_str())
            .available_cards(Joined(vec![CardBrand::Cb]))
            .is_mine(false)
            .message("Concert tickets")
            .url_return("https://shop.example/return")
            .url_callback("https://shop.example/callback")
            .build();
        let u = unknown(client.create_card_payment(&payment).await, fault);
        assert_eq!(u.lookup_value, reference, "{fault}");
        assert_eq!(
            recorded(&sim.ledger(), |l| &l.smoney, &reference),
            1,
            "{fault}"
        );
        let get = GetCardPayment::builder()
            .payment_order_id(reference.as_str())
            .build();
        let read = client.get_card_payment(&get).await.expect("read");
        assert_eq!(read.order_id.as_deref(), Some(reference.as_str()));
    }
}
