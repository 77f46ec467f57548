//! S-money API V3: every constraint and conditional rule, the schedule sent both ways,
//! mixed-case answers, callback signatures (expected values computed independently with
//! Python's hashlib), and create, read and refund against a loopback server.

use crate::support::{violations as rules, Answer, Server};
use paybind::encoding::Joined;
use paybind::schedule::ScheduleRule as Rule3;
use paybind::smoney::create_card_payment_builder::{
    SetAmount, SetAvailableCards, SetIsMine, SetMessage, SetOrderId, SetThreeDSecurePreference,
    SetUrlCallback, SetUrlReturn,
};
use paybind::smoney::*;
use paybind::transport::{FromBody, Gateway};
use paybind::{Error as PbError, MinorUnits, Rule};

fn creds() -> Credentials {
    Credentials::new("tok-3f9a", "mypartner", "cb-secret")
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

fn payment() -> Payment {
    CreateCardPayment::builder()
        .amount(15000)
        .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
        .order_id("ORDER-42")
        .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
        .is_mine(false)
        .message("Concert tickets")
        .url_return("https://shop.example/return")
        .url_callback("https://shop.example/callback")
}

fn ship_to(kind: AddressType) -> ShipToBuilder<ship_to_builder::SetAddressType> {
    ShipTo::builder().address_type(kind)
}

#[test]
fn a_minimal_payment_is_valid_and_encodes_in_pascal_case() {
    let p = payment().build();
    assert_eq!(p.validate(), Ok(()));
    let json: serde_json::Value = serde_json::to_value(&p).expect("json");
    assert_eq!(
        json,
        serde_json::json!({
            "Amount": 15000, "ThreeDSecurePreference": 2, "OrderId": "ORDER-42",
            "availableCards": "CB;VISA", "IsMine": false, "Message": "Concert tickets",
            "urlReturn": "https://shop.example/return", "urlCallback": "https://shop.example/callback"
        })
    );
}

#[test]
fn addresses_are_50_characters_without_line_breaks() {
    let billing = |address: &str| {
        Billing::builder()
            .city("Paris")
            .country("FR")
            .address(address)
            .postal_code("75001")
            .build()
    };
    assert_eq!(
        payment()
            .billing(billing(&"a".repeat(50)))
            .build()
            .validate(),
        Ok(())
    );
    assert_eq!(
        rules(
            payment()
                .billing(billing(&"a".repeat(51)))
                .build()
                .validate()
        ),
        vec![(
            "Billing.Address".to_string(),
            Rule::MaxLength {
                max: 50,
                actual: 51
            }
        )]
    );
    assert_eq!(
        rules(
            payment()
                .billing(billing("1 rue\nde Rivoli"))
                .build()
                .validate()
        ),
        vec![(
            "Billing.Address".to_string(),
            Rule::Pattern {
                pattern: "^[^\r\n]*$"
            }
        )]
    );
    let bad_country = Billing::builder()
        .city("Paris")
        .country("FRA")
        .address("x")
        .postal_code("75001")
        .build();
    assert!(matches!(
        &rules(payment().billing(bad_country).build().validate())[0].1,
        Rule::Pattern { .. }
    ));
}

#[test]
fn ship_to_address_is_required_unless_edelivery_or_pickup() {
    for (kind, needed) in [
        (AddressType::EDelivery, false),
        (AddressType::Verified, true),
        (AddressType::New, true),
        (AddressType::Billing, true),
        (AddressType::StorePickup, false),
        (AddressType::TravelPickup, false),
        (AddressType::Other, false),
    ] {
        let mut p = payment().ship_to(ship_to(kind.clone()).build());
        if kind == AddressType::EDelivery {
            p = p.delivery(Delivery::builder().email("buyer@example.com").build());
        }
        let r = rules(p.build().validate());
        let fields: Vec<&str> = r.iter().map(|(f, _)| f.as_str()).collect();
        let expected: &[&str] = if needed {
            &[
                "ShipTo.City",
                "ShipTo.Country",
                "ShipTo.Address",
                "ShipTo.PostalCode",
            ]
        } else {
            &[]
        };
        assert_eq!(fields, expected, "{kind:?}");
    }
    let full = ship_to(AddressType::New)
        .city("Lyon")
        .country("FR")
        .address("2 quai")
        .postal_code("69002")
        .build();
    assert_eq!(payment().ship_to(full).build().validate(), Ok(()));
}

#[test]
fn delivery_email_is_required_for_edelivery() {
    let p = payment()
        .ship_to(ship_to(AddressType::EDelivery).build())
        .build();
    assert_eq!(
        rules(p.validate()),
        vec![(
            "Delivery.email".to_string(),
            Rule::RequiredIf {
                condition: "`ShipTo.AddressType` is 0"
            }
        )]
    );
    let bad = payment()
        .ship_to(ship_to(AddressType::EDelivery).build())
        .delivery(Delivery::builder().email("not-an-email").build())
        .build();
    assert_eq!(
        rules(bad.validate()),
        vec![(
            "Delivery.email".to_string(),
            Rule::Format { format: "email" }
        )]
    );
}

#[test]
fn phones_are_e164_of_at_most_32_characters() {
    let opt = |phone: &str| {
        payment()
            .three_ds_opt_data(ThreeDsOptData::builder().mobilephone(phone).build())
            .build()
            .validate()
    };
    assert_eq!(opt("+33612345678"), Ok(()));
    // spec/smoney.yaml, ThreeDsOptData's Mobilephone: E.164, '+', a first digit 1-9, up to
    // 15 digits in all.
    let e164 = || {
        vec![(
            "ThreeDsOptData.Mobilephone".to_string(),
            Rule::Pattern {
                pattern: "^\\+[1-9][0-9]{1,14}$",
            },
        )]
    };
    assert_eq!(rules(opt("0612345678")), e164(), "no '+'");
    assert_eq!(rules(opt("+0612345678")), e164(), "a leading 0");
    assert_eq!(
        rules(opt("+1234567890123456")),
        e164(),
        "more than 15 digits"
    );
    assert_eq!(
        rules(opt(&format!("+{}", "1".repeat(32)))),
        vec![
            (
                "ThreeDsOptData.Mobilephone".to_string(),
                Rule::MaxLength {
                    max: 32,
                    actual: 33
                }
            ),
            e164().remove(0),
        ],
        "more than 32 characters"
    );
}

#[test]
fn available_cards_are_drawn_from_the_documented_list() {
    let p = payment()
        .available_cards(Joined(vec![CardBrand::Cb, CardBrand::from_wire("AMEX")]))
        .build();
    assert!(matches!(
        &rules(p.validate())[0].1,
        Rule::UndocumentedValue { .. }
    ));
    let parsed: Joined<CardBrand, ';'> = "CB;MASTERCARD;MAESTRO;VISA;VISA_ELECTRON"
        .parse()
        .expect("parse");
    assert!(parsed.0.iter().all(CardBrand::is_documented));
}

#[test]
fn enums_and_amounts() {
    let p = payment()
        .three_d_secure_preference(ThreeDSecurePreference::from_wire("7"))
        .amount(0)
        .build();
    let r = rules(p.validate());
    assert_eq!(r.len(), 2, "{r:?}");
    let gift = GiftCard::builder().currency("eur").build();
    assert!(matches!(
        &rules(payment().gift_card(gift).build().validate())[0].1,
        Rule::Pattern { .. }
    ));
}

#[test]
fn a_schedule_is_a_list_or_a_rule_not_both() {
    let start: paybind::Date = "20130910".parse().expect("date");
    // 150.00 with a fee of 3.00: 60.00 + 1.20 first, then (15000 - 6000) / 2 = 4500 and
    // (300 - 120) / 2 = 90 each, by the document's rule for amounts and fees alike.
    let computed = Rule3 {
        first_amount: 6000,
        count: 3,
        period_days: 30,
        first_fee: 120,
    }
    .installments(15000, 300, start)
    .expect("schedule");
    let list: Vec<Installment> = computed
        .iter()
        .map(|i| {
            let d = i.date;
            Installment::builder()
                .sequence_number(i64::from(i.sequence))
                .amount(i.amount)
                .fee(i.fee)
                .date(format!(
                    "{:04}-{:02}-{:02}T00:00:00",
                    d.year(),
                    d.month(),
                    d.day()
                ))
                .build()
        })
        .collect();
    let with_list = payment().fee(300).payment_schedule(list).build();
    assert_eq!(with_list.validate(), Ok(()));
    let json = serde_json::to_value(&with_list).expect("json");
    assert_eq!(
        json["PaymentSchedule"][2],
        serde_json::json!({"SequenceNumber": 3, "Amount": 4500, "Date": "2013-11-09T00:00:00", "Fee": 90})
    );
    let rule = ScheduleRule::builder()
        .first_amount(6000)
        .count(3)
        .period(30)
        .build();
    assert_eq!(
        payment()
            .payment_schedule_rule(rule.clone())
            .build()
            .validate(),
        Ok(())
    );
    // The builder refuses both at compile time; a value changed after it was built is still
    // checked.
    let mut both = payment()
        .payment_schedule(vec![Installment::builder()
            .sequence_number(1)
            .amount(15000)
            .date("2013-09-10")
            .build()])
        .build();
    both.payment_schedule_rule = Some(rule);
    assert!(matches!(
        &rules(both.validate())[0].1,
        Rule::AtMostOneOf { .. }
    ));
    let bad_item = payment()
        .payment_schedule(vec![Installment::builder()
            .sequence_number(0)
            .amount(1)
            .date("10/09/2013")
            .build()])
        .build();
    let fields: Vec<String> = rules(bad_item.validate())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        ["PaymentSchedule.SequenceNumber", "PaymentSchedule.Date"]
    );
}

#[test]
fn answers_decode_whatever_the_case_of_their_keys() {
    let body = br#"{"id": 9001, "OrderId": "ORDER-42", "AMOUNT": 15000, "status": 1, "ErrorCode": 0,
        "href": "https://pay.example/9001", "availableCards": "CB;VISA", "Type": 0,
        "extraResults": {"ThreeDSecure": true, "threedsecureauthstatus": 0, "3DSecureVersion": 2, "ExecCode": "0000"},
        "paymentSchedule": [{"sequenceNumber": 1, "amount": 6000, "status": 1}], "NewField": {"x": 1}}"#;
    assert!(Api::refusal(200, body).is_none());
    let p = CardPayment::from_body(body).expect("decodes");
    assert_eq!(p.id, Some(9001));
    assert_eq!(p.order_id.as_deref(), Some("ORDER-42"));
    assert_eq!(p.amount, Some(MinorUnits(15000)));
    assert_eq!(p.status, Some(PaymentStatus::Completed));
    assert_eq!(p.error_code, Some(ErrorClass::Ok));
    assert_eq!(
        p.available_cards.map(|c| c.0),
        Some(vec![CardBrand::Cb, CardBrand::Visa])
    );
    let extra = p.extra_results.expect("extra");
    assert_eq!(extra.threedsecure, Some(true));
    assert_eq!(extra.n_3dsecureversion, Some(2));
    assert_eq!(
        p.payment_schedule.expect("schedule")[0].status,
        Some(PaymentStatus::Completed)
    );
    let odd = CardPayment::from_body(br#"{"Status": 9, "ErrorCode": 15}"#).expect("decodes");
    assert_eq!(odd.status, Some(PaymentStatus::Unknown("9".into())));
    assert_eq!(odd.error_code, Some(ErrorClass::Unknown("15".into())));
}

#[test]
fn callbacks_are_verified_by_sorted_values() {
    let c = creds();
    let body = "id=123&error=0&type=1&status=1&sequencenumber=1&userid=42&userstatus=1&signature=e6a82c9bb5f32717bb347ace81d26d9d4b4c9beb";
    let cb = c.verify_callback(body.as_bytes()).expect("valid");
    assert_eq!(cb.id.as_deref(), Some("123"));
    let reordered = "userstatus=1&signature=e6a82c9bb5f32717bb347ace81d26d9d4b4c9beb&userid=42&sequencenumber=1&status=1&type=1&error=0&id=123";
    assert!(
        c.verify_callback(reordered.as_bytes()).is_ok(),
        "order of the body does not matter"
    );
    let tampered = body.replace("status=1", "status=3");
    assert!(matches!(
        c.verify_callback(tampered.as_bytes()),
        Err(paybind::CallbackError::BadSignature { .. })
    ));
    let other_secret = Credentials::new("tok-3f9a", "mypartner", "another");
    assert!(matches!(
        other_secret.verify_callback(body.as_bytes()),
        Err(paybind::CallbackError::BadSignature { field: "signature" })
    ));
    assert!(
        format!("{c:?}").contains("<redacted secret>") && !format!("{c:?}").contains("cb-secret")
    );
}

#[tokio::test]
async fn create_read_and_refund_over_loopback() {
    let server = Server::start(vec![
        Answer::json(r#"{"Id": 9001, "OrderId": "ORDER-42", "Amount": 15000, "Status": 0, "Href": "https://pay.example/9001"}"#),
        Answer::json(r#"{"id": 9001, "orderId": "ORDER-42", "amount": 15000, "status": 1}"#),
        Answer::json(r#"{"Id": 77, "OrderId": "REFUND-1", "Amount": 5000, "Status": 1}"#),
        Answer { status: 400, body: r#"{"Code": 1401, "ErrorMessage": "Amount too high", "Title": "Bad request", "Priority": 1}"#.into(), delay: std::time::Duration::ZERO },
    ])
    .await;
    let client = Client::builder(Environment::Sandbox, creds())
        .base_url(format!("http://{}", server.addr.expect("addr")))
        .build()
        .expect("client");
    let created = client
        .create_card_payment(&payment().build())
        .await
        .expect("created");
    assert_eq!(created.href.as_deref(), Some("https://pay.example/9001"));
    assert_eq!(created.status, Some(PaymentStatus::Waiting));
    let read = client
        .get_card_payment(
            &GetCardPayment::builder()
                .payment_order_id("ORDER-42")
                .build(),
        )
        .await
        .expect("read");
    assert_eq!(read.status, Some(PaymentStatus::Completed));
    let refund = RefundCardPayment::builder()
        .payment_order_id("ORDER-42")
        .order_id("REFUND-1")
        .amount(5000)
        .build();
    let r = client.refund_card_payment(&refund).await.expect("refunded");
    assert_eq!(
        (r.order_id.as_deref(), r.amount),
        (Some("REFUND-1"), Some(MinorUnits(5000)))
    );
    match client.refund_card_payment(&refund).await {
        Err(PbError::Refused(e)) => {
            assert_eq!(e.code.code(), "1401");
            assert_eq!(e.message.as_deref(), Some("Amount too high"));
            assert_eq!(e.status, 400);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let got = server.received();
    assert_eq!(
        (got[0].method.as_str(), got[0].path.as_str()),
        ("POST", "/api/mypartner/payins/cardpayments")
    );
    assert_eq!(
        (got[1].method.as_str(), got[1].path.as_str()),
        ("GET", "/api/mypartner/payins/cardpayments/ORDER-42")
    );
    assert_eq!(got[1].body, "");
    assert_eq!(
        got[2].path,
        "/api/mypartner/payins/cardpayments/ORDER-42/refunds"
    );
    for r in &got {
        assert_eq!(r.accept, "application/vnd.s-money.v3+json");
        assert_eq!(r.authorization, "Bearer tok-3f9a");
    }
    assert_eq!(got[0].content_type, "application/vnd.s-money.v3+json");
    let sent: serde_json::Value = serde_json::from_str(&got[2].body).expect("json");
    assert_eq!(
        sent,
        serde_json::json!({"OrderId": "REFUND-1", "Amount": 5000})
    );
}

#[test]
fn path_values_are_percent_encoded() {
    use paybind::transport::Request;
    let get = GetCardPayment::builder().payment_order_id("A/B C").build();
    assert_eq!(
        get.path(&creds()),
        "api/mypartner/payins/cardpayments/A%2FB%20C"
    );
}
