//! Requests read back from the forms the client writes, as a gateway or the simulator reads
//! them: the generated decoding is the inverse of the generated encoding.

use crate::support;

use paybind::comnpay::*;
use paybind::encoding::{FormBody, FromForm};
use paybind::transport::Request;

fn form<R: Request<Api>>(r: &R) -> String {
    let mut b = FormBody::with_capacity(1024);
    r.encode(&Credentials::new("VAD-111-111", "secret-key"), &mut b)
        .expect("encode");
    b.finish()
}

#[test]
fn a_debit_with_sub_forms_round_trips() {
    let debit = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("ORDER-0001")
        .amount(1590)
        .force3ds(true)
        .redirection3_dsv2_url("https://shop.example/3ds?x=1&y=2")
        .browser(support::browser())
        .customer(
            Customer::builder()
                .first_name("Thomas")
                .meeting_date("20160630180000".parse().expect("date"))
                .build(),
        )
        .caddy(
            Caddy::builder()
                .ship_indicator(ShipIndicator::DigitalGoods)
                .nb_carte_cadeau(1)
                .build(),
        )
        .build();
    let body = form(&debit);
    let back = PaymentTokenDebit::from_form(body.as_bytes()).expect("decodes");
    assert_eq!(back, debit);
    assert_eq!(back.validate(), Ok(()));
}

#[test]
fn sensitive_and_dated_fields_round_trip() {
    let token = TokenCreate::builder()
        .card_type(TokenCardType::Mastercard)
        .card_number("5306889942833340")
        .card_expiration_date("2812".parse().expect("date"))
        .cvv("123")
        .origin("https://shop.example")
        .build();
    let back = TokenCreate::from_form(form(&token).as_bytes()).expect("decodes");
    assert_eq!(back, token);
    assert_eq!(back.card_number.expose(), "5306889942833340");
}

#[test]
fn a_missing_required_field_is_named_not_valued() {
    let e = PaymentRefund::from_form(b"serialNumber=VAD-111-111&key=k&amount=100").unwrap_err();
    assert!(
        e.to_string().contains("missing field `transactionRef`"),
        "{e}"
    );
    let e = TokenCreate::from_form(
        b"cardType=CB&cardNumber=5306889942833340&cardExpirationDate=2813&cvv=123&origin=x",
    )
    .unwrap_err();
    assert!(!e.to_string().contains("5306889942833340"), "{e}");
    let e = PaymentTokenDebit::from_form(
        b"tokenRef=t&transactionRef=ORDER-0001&amount=10&redirection3DSV2Url=https://a.example&browser=%7Bnot-json",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("not the expected JSON object"),
        "{e}"
    );
}

#[test]
fn payneteasy_status_round_trips_too() {
    use paybind::payneteasy::{Api as Pe, Credentials as PeCreds, Status, Target};
    let status = Status::builder()
        .client_orderid("34T43R77N")
        .orderid("6768788")
        .build();
    let mut b = FormBody::with_capacity(256);
    <Status as Request<Pe>>::encode(
        &status,
        &PeCreds::new("login", "key", Target::Endpoint(1)),
        &mut b,
    )
    .expect("encode");
    let back = Status::from_form(b.finish().as_bytes()).expect("decodes");
    assert_eq!(back, status);
}

#[test]
fn a_payneteasy_sale_with_money_round_trips() {
    use paybind::payneteasy::{Api as Pe, Credentials as PeCreds, Sale, Target};
    let sale = Sale::builder()
        .client_orderid("ORDER-1")
        .order_desc("d")
        .amount(paybind::Money::parse("1.005", "KWD").expect("money"))
        .ipaddress("10.0.0.1")
        .card_recurring_payment_id("42")
        .minimum_transaction_amount(paybind::Money::parse("1", "KWD").expect("money"))
        .build();
    let mut b = FormBody::with_capacity(256);
    <Sale as Request<Pe>>::encode(
        &sale,
        &PeCreds::new("login", "key", Target::Endpoint(1)),
        &mut b,
    )
    .expect("encode");
    let back = Sale::from_form(b.finish().as_bytes()).expect("decodes");
    assert_eq!(back, sale);
    let e = Sale::from_form(
        b"client_orderid=A&order_desc=d&amount=10.425&currency=EUR&ipaddress=10.0.0.1",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("EUR allows at most 2 decimals"),
        "{e}"
    );
}
