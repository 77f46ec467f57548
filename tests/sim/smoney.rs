//! The S-money client against the embedded simulator.

use crate::support;
use paybind::smoney::create_card_payment_builder::{
    SetAmount, SetAvailableCards, SetIsMine, SetMessage, SetOrderId, SetThreeDSecurePreference,
    SetUrlCallback, SetUrlReturn,
};

use std::time::Duration;

use paybind::encoding::Joined;
use paybind::sim::smoney::CARD_REFUSED;
use paybind::sim::{Config, Simulator};
use paybind::smoney::*;
use paybind::{Error as PbError, ValidationPolicy};

async fn setup() -> (Simulator, Config, Client) {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let client = make_client(
        &sim,
        &config,
        &config.smoney_token,
        ValidationPolicy::Strict,
    );
    (sim, config, client)
}

fn creds(config: &Config, token: &str) -> Credentials {
    Credentials::new(
        token,
        config.smoney_partner.clone(),
        config.smoney_callback_secret.clone(),
    )
}

fn make_client(sim: &Simulator, config: &Config, token: &str, policy: ValidationPolicy) -> Client {
    Client::builder(Environment::Sandbox, creds(config, token))
        .base_url(sim.smoney_base_url())
        .validation(policy)
        .build()
        .expect("client")
}

/// A card payment with its eight required fields set.
type Payment = CreateCardPaymentBuilder<
    SetUrlCallback<
        SetUrlReturn<
            SetMessage<
                SetIsMine<SetAvailableCards<SetOrderId<SetThreeDSecurePreference<SetAmount>>>>,
            >,
        >,
    >,
>;

fn payment(order: &str, callback: &str) -> Payment {
    CreateCardPayment::builder()
        .amount(15000)
        .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
        .order_id(order)
        .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
        .is_mine(false)
        .message("Concert tickets")
        .url_return("https://shop.example/return")
        .url_callback(callback)
}

pub(crate) async fn pay(href: &str, card: &str) {
    reqwest::Client::new()
        .post(href)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("card={card}"))
        .send()
        .await
        .expect("payment page");
}

fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> (String, u16) {
    match r {
        Err(PbError::Refused(e)) => (e.code.code().to_string(), e.status),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_payment_with_a_schedule_is_paid_called_back_and_refunded() {
    let (_sim, config, client) = setup().await;
    let receiver = support::Server::start(vec![support::Answer::json("OK")]).await;
    let callback = format!("http://{}/callback", receiver.addr.expect("addr"));
    let rule = ScheduleRule::builder()
        .first_amount(6000)
        .count(3)
        .period(30)
        .build();
    let created = client
        .create_card_payment(
            &payment("ORDER-S1", &callback)
                .payment_schedule_rule(rule)
                .build(),
        )
        .await
        .expect("created");
    assert_eq!(created.status, Some(PaymentStatus::Waiting));
    let href = created.href.expect("href");
    pay(&href, "4970100000000000").await;
    let mut got = Vec::new();
    for _ in 0..100 {
        got = receiver.received();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let cb = creds(&config, &config.smoney_token)
        .verify_callback(got[0].body.as_bytes())
        .expect("signed callback");
    assert_eq!(cb.status.as_deref(), Some("1"));
    let read = client
        .get_card_payment(
            &GetCardPayment::builder()
                .payment_order_id("ORDER-S1")
                .build(),
        )
        .await
        .expect("read");
    assert_eq!(read.status, Some(PaymentStatus::Completed));
    let refund = |order: &str, amount: i64| {
        RefundCardPayment::builder()
            .payment_order_id("ORDER-S1")
            .order_id(order)
            .amount(amount)
            .build()
    };
    let r = client
        .refund_card_payment(&refund("REFUND-1", 5000))
        .await
        .expect("refunded");
    assert_eq!(r.amount, Some(paybind::MinorUnits(5000)));
    assert_eq!(
        refused(client.refund_card_payment(&refund("REFUND-2", 10001)).await),
        ("1401".to_string(), 400)
    );
    assert_eq!(
        refused(client.refund_card_payment(&refund("REFUND-1", 1)).await).0,
        "2002"
    );
}

#[tokio::test]
async fn a_refused_card_and_the_error_paths() {
    let (sim, config, client) = setup().await;
    let created = client
        .create_card_payment(&payment("ORDER-S2", "https://shop.example/cb").build())
        .await
        .expect("created");
    pay(&created.href.expect("href"), CARD_REFUSED).await;
    let read = client
        .get_card_payment(
            &GetCardPayment::builder()
                .payment_order_id("ORDER-S2")
                .build(),
        )
        .await
        .expect("read");
    assert_eq!(
        (read.status, read.error_code),
        (
            Some(PaymentStatus::Refused),
            Some(ErrorClass::BankOrSupplier)
        )
    );
    let refund = RefundCardPayment::builder()
        .payment_order_id("ORDER-S2")
        .order_id("REFUND-3")
        .amount(100)
        .build();
    assert_eq!(refused(client.refund_card_payment(&refund).await).0, "2004");
    assert_eq!(
        refused(
            client
                .create_card_payment(&payment("ORDER-S2", "https://shop.example/cb").build())
                .await
        ),
        ("2002".to_string(), 409)
    );
    assert_eq!(
        refused(
            client
                .get_card_payment(&GetCardPayment::builder().payment_order_id("NOPE").build())
                .await
        ),
        ("2003".to_string(), 404)
    );
    let intruder = make_client(&sim, &config, "wrong-token", ValidationPolicy::Strict);
    assert_eq!(
        refused(
            intruder
                .get_card_payment(
                    &GetCardPayment::builder()
                        .payment_order_id("ORDER-S2")
                        .build()
                )
                .await
        ),
        ("1001".to_string(), 401)
    );
    let lenient = make_client(
        &sim,
        &config,
        &config.smoney_token,
        ValidationPolicy::SkipLimits,
    );
    let billing = Billing::builder()
        .city("Paris")
        .country("FR")
        .address("x".repeat(51))
        .postal_code("75001")
        .build();
    assert_eq!(
        refused(
            lenient
                .create_card_payment(
                    &payment("ORDER-S3", "https://shop.example/cb")
                        .billing(billing)
                        .build()
                )
                .await
        ),
        ("1002".to_string(), 400)
    );
}
