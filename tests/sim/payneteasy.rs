//! PaynetEasy / ConnPay clients against the embedded simulator.

use crate::support;

use std::time::Duration;

use paybind::payneteasy::*;
use paybind::sim::payneteasy::{CARD_3DS, CARD_DECLINED};
use paybind::sim::{Config, Simulator};
use paybind::{Error as PbError, Money, ValidationPolicy};

async fn setup() -> (Simulator, Config) {
    let config = Config::default();
    (
        Simulator::start(config.clone(), 0)
            .await
            .expect("simulator"),
        config,
    )
}

fn client(
    sim: &Simulator,
    config: &Config,
    brand: Brand,
    key: &str,
    target: Target,
    policy: ValidationPolicy,
) -> Client {
    Client::builder(
        brand,
        Environment::Sandbox,
        Credentials::new(config.payneteasy_login.clone(), key, target),
    )
    .base_url(sim.payneteasy_base_url(brand))
    .validation(policy)
    .build()
    .expect("client")
}

/// A sale builder with its four required fields, the four card fields of their all-or-none
/// group, and so the card side of the card-or-recurring-payment choice, set.
pub(crate) type CardSale = SaleBuilder<
    sale_builder::SetExpireYear<
        sale_builder::SetExpireMonth<
            sale_builder::SetCardPrintedName<
                sale_builder::SetCreditCardNumber<
                    sale_builder::SetIpaddress<
                        sale_builder::SetAmount<
                            sale_builder::SetOrderDesc<sale_builder::SetClientOrderid>,
                        >,
                    >,
                >,
            >,
        >,
    >,
>;

/// The documents' "Request with Cardholder Data Example", with its own endpoint id 39529.
pub(crate) fn card_example(client_orderid: &str, card: &str) -> CardSale {
    Sale::builder()
        .client_orderid(client_orderid)
        .order_desc("Test Order Description")
        .amount(Money::parse("156", "RUB").expect("money"))
        .ipaddress("65.153.12.232")
        .credit_card_number(card)
        .card_printed_name("John")
        .expire_month("01")
        .expire_year("2042")
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
}

fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> (String, String) {
    match r {
        Err(PbError::Refused(r)) => (r.code.code().to_string(), r.message.unwrap_or_default()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn poll(c: &Client, client_orderid: &str, orderid: &str) -> (Option<OrderStatus>, u32) {
    let q = Status::builder()
        .client_orderid(client_orderid)
        .orderid(orderid)
        .build();
    for n in 1..=10 {
        let s = c.status(&q).await.expect("status");
        match s.status {
            Some(OrderStatus::Processing) => tokio::time::sleep(Duration::from_millis(5)).await,
            other => return (other, n),
        }
    }
    (None, 10)
}

#[tokio::test]
async fn the_documents_example_is_accepted_and_approved() {
    let (sim, config) = setup().await;
    let c = client(
        &sim,
        &config,
        Brand::Connpay,
        &config.payneteasy_merchant_control,
        Target::Endpoint(39529),
        ValidationPolicy::Strict,
    );
    let a = c
        .sale(&card_example("34T43R77N", "4538977399606732").build())
        .await
        .expect("accepted");
    assert_eq!(a.type_, Some(ResponseType::AsyncResponse));
    assert_eq!(a.end_point_id.as_deref(), Some("39529"));
    let (status, polls) = poll(&c, "34T43R77N", &a.paynet_order_id.expect("id")).await;
    assert_eq!((status, polls), (Some(OrderStatus::Approved), 2));
}

#[tokio::test]
async fn a_field_over_its_documented_limit_is_refused_per_brand() {
    let (sim, config) = setup().await;
    let long = || {
        card_example("ORDER-LONG", "4538977399606732")
            .address1("x".repeat(51))
            .build()
    };
    let connpay = client(
        &sim,
        &config,
        Brand::Connpay,
        &config.payneteasy_merchant_control,
        Target::Endpoint(39529),
        ValidationPolicy::SkipLimits,
    );
    let (code, message) = refused(connpay.sale(&long()).await);
    assert_eq!(code, "1");
    assert!(
        message.contains("`address1` must be at most 50 characters long"),
        "{message}"
    );
    let payneteasy = client(
        &sim,
        &config,
        Brand::Payneteasy,
        &config.payneteasy_merchant_control,
        Target::Endpoint(39529),
        ValidationPolicy::Strict,
    );
    payneteasy.sale(&long()).await.expect("256 for PaynetEasy");
}

#[tokio::test]
async fn a_wrong_control_an_unknown_endpoint_and_a_duplicate_order() {
    let (sim, config) = setup().await;
    let wrong = client(
        &sim,
        &config,
        Brand::Payneteasy,
        "not-the-key",
        Target::Endpoint(39529),
        ValidationPolicy::Strict,
    );
    assert_eq!(
        refused(
            wrong
                .sale(&card_example("ORDER-1", "4538977399606732").build())
                .await
        )
        .0,
        "2"
    );
    let unknown = client(
        &sim,
        &config,
        Brand::Payneteasy,
        &config.payneteasy_merchant_control,
        Target::Endpoint(22903),
        ValidationPolicy::Strict,
    );
    let (code, message) = refused(
        unknown
            .sale(&card_example("ORDER-2", "4538977399606732").build())
            .await,
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("3", "End point with id 22903 not found")
    );
    let good = client(
        &sim,
        &config,
        Brand::Payneteasy,
        &config.payneteasy_merchant_control,
        Target::Group(1234),
        ValidationPolicy::Strict,
    );
    good.sale(&card_example("ORDER-3", "4538977399606732").build())
        .await
        .expect("first");
    let (code, message) = refused(
        good.sale(&card_example("ORDER-3", "4538977399606732").build())
            .await,
    );
    assert_eq!(code, "4");
    assert!(message.contains("Duplicate client_orderid"), "{message}");
}

#[tokio::test]
async fn declined_and_3ds_cards() {
    let (sim, config) = setup().await;
    let c = client(
        &sim,
        &config,
        Brand::Payneteasy,
        &config.payneteasy_merchant_control,
        Target::Endpoint(39529),
        ValidationPolicy::Strict,
    );
    let a = c
        .sale(&card_example("ORDER-D", CARD_DECLINED).build())
        .await
        .expect("accepted");
    assert_eq!(
        poll(&c, "ORDER-D", &a.paynet_order_id.expect("id")).await.0,
        Some(OrderStatus::Declined)
    );
    let a = c
        .sale(&card_example("ORDER-3DS", CARD_3DS).build())
        .await
        .expect("accepted");
    let id = a.paynet_order_id.expect("id");
    let q = Status::builder()
        .client_orderid("ORDER-3DS")
        .orderid(id.clone())
        .build();
    for _ in 0..3 {
        let s = c.status(&q).await.expect("status");
        assert_eq!(s.status, Some(OrderStatus::Processing));
        assert!(
            s.html.as_deref().is_some_and(|h| h.contains("/acs/")),
            "{s:?}"
        );
    }
    let acs = format!("http://{}/payneteasy/acs/{id}", sim.addr());
    reqwest::Client::new().post(acs).send().await.expect("acs");
    assert_eq!(
        c.status(&q).await.expect("status").status,
        Some(OrderStatus::Approved)
    );
}

#[tokio::test]
async fn the_final_status_is_called_back_signed() {
    let (sim, config) = setup().await;
    let receiver = support::Server::start(vec![support::Answer::json("OK")]).await;
    let creds = Credentials::new(
        config.payneteasy_login.clone(),
        config.payneteasy_merchant_control.clone(),
        Target::Endpoint(39529),
    );
    let c = client(
        &sim,
        &config,
        Brand::Payneteasy,
        &config.payneteasy_merchant_control,
        Target::Endpoint(39529),
        ValidationPolicy::Strict,
    );
    let url = format!("http://{}/callback", receiver.addr.expect("addr"));
    let a = c
        .sale(
            &card_example("ORDER-CB", "4538977399606732")
                .server_callback_url(url)
                .build(),
        )
        .await
        .expect("accepted");
    poll(&c, "ORDER-CB", &a.paynet_order_id.expect("id")).await;
    let mut got = Vec::new();
    for _ in 0..100 {
        got = receiver.received();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(got.len(), 1, "one callback");
    let cb = creds
        .verify_callback(got[0].body.as_bytes())
        .expect("signed with the merchant control");
    assert_eq!(cb.status, Some(OrderStatus::Approved));
    assert_eq!(cb.client_orderid.as_deref(), Some("ORDER-CB"));
}

#[tokio::test]
async fn preauth_capture_and_return() {
    let (sim, config) = setup().await;
    let c = client(
        &sim,
        &config,
        Brand::Connpay,
        &config.payneteasy_merchant_control,
        Target::Endpoint(39915),
        ValidationPolicy::Strict,
    );
    let pre = Preauth::builder()
        .client_orderid("PRE-1")
        .order_desc("Hotel")
        .amount(Money::parse("100", "EUR").expect("money"))
        .ipaddress("10.0.0.1")
        .card_recurring_payment_id("1491954")
        .cvv2("123")
        .build();
    let id = c
        .preauth(&pre)
        .await
        .expect("accepted")
        .paynet_order_id
        .expect("id");
    assert_eq!(poll(&c, "PRE-1", &id).await.0, Some(OrderStatus::Approved));
    let eur = |s: &str| Money::parse(s, "EUR").expect("money");
    let capture = |a: &str| {
        Capture::builder()
            .client_orderid("PRE-1")
            .orderid(id.clone())
            .amount(eur(a))
            .build()
    };
    assert_eq!(refused(c.capture(&capture("100.01")).await).0, "4");
    c.capture(&capture("80")).await.expect("captured");
    let ret = |a: &str| {
        Return::builder()
            .client_orderid("PRE-1")
            .orderid(id.clone())
            .amount(eur(a))
            .build()
    };
    c.return_(&ret("20")).await.expect("returned");
    assert_eq!(refused(c.return_(&ret("0.01")).await).0, "4");
}
