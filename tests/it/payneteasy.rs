//! PaynetEasy / ConnPay: signatures (expected values computed independently with Python's
//! hashlib), the documents' example requests and answers, every cross-field rule, brand
//! differences, callbacks, and a sale polled to approval over loopback.

use paybind::payneteasy::sale_builder::{SetAmount, SetClientOrderid, SetIpaddress, SetOrderDesc};
use std::time::Duration;

use crate::support::{violations as rules, Answer, Server};
use paybind::encoding::FormBody;
use paybind::payneteasy::*;
use paybind::transport::{FromBody, Gateway, Request};
use paybind::{Error as PbError, Money, Rule, Sensitive, Sensitivity};

const KEY: &str = "B17F59B4-A7DC-41B4-A1AB-3E4C1B6A7E23";

fn creds(target: Target) -> Credentials {
    Credentials::new("merchant-login", KEY, target)
}

fn encode<R: Request<Api>>(req: &R, creds: &Credentials) -> Vec<(String, String)> {
    let mut body = FormBody::with_capacity(1024);
    req.encode(creds, &mut body).expect("encode");
    form_urlencoded::parse(body.finish().as_bytes())
        .into_owned()
        .collect()
}

fn get<'a>(pairs: &'a [(String, String)], k: &str) -> Option<&'a str> {
    pairs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str())
}

/// The "Request with Cardholder Data Example" of 002/003, value for value.
fn card_example() -> Sale {
    Sale::builder()
        .client_orderid("34T43R77N")
        .order_desc("Test Order Description")
        .amount(Money::parse("156", "RUB").expect("money"))
        .ipaddress("65.153.12.232")
        .credit_card_number("4538977399606732")
        .card_printed_name("John")
        .expire_month("01")
        .expire_year("2042")
        .cvv2("123")
        .first_name("John")
        .last_name("Smith")
        .ssn("1267")
        .birthday("19820115".parse().expect("date"))
        .address1("100 Main st")
        .city("Seattle")
        .state("WA")
        .zip_code("98102")
        .country("US")
        .phone("+12063582043")
        .cell_phone("+19023384543")
        .email("john.smith@gmail.com")
        .site_url("https://doc.connpay.com/")
        .purpose("user_account1")
        .redirect_url("http://https://doc.connpay.com//doc/dummy.htm")
        .server_callback_url("https://httpstat.us/200")
        .merchant_data("VIP customer")
        .dapi_imei("123")
        .build()
}

/// The "Request with Card Recurring Payment ID Example".
fn rpi_example() -> Sale {
    Sale::builder()
        .card_recurring_payment_id("1491954")
        .cvv2("123")
        .client_orderid("34T43R77N")
        .order_desc("Test Order Description")
        .amount(Money::parse("777", "USD").expect("money"))
        .ipaddress("65.153.12.232")
        .redirect_url("http://doc2.doc2.com/doc/dummy.htm")
        .server_callback_url("https://httpstat.us/200")
        .build()
}

#[test]
fn the_card_example_validates_encodes_and_signs() {
    let req = card_example();
    assert_eq!(
        req.validate_for(Brand::Connpay, paybind::ValidationPolicy::Strict),
        Ok(())
    );
    let pairs = encode(&req, &creds(Target::Endpoint(39529)));
    let expected = [
        ("credit_card_number", "4538977399606732"),
        ("card_printed_name", "John"),
        ("expire_month", "01"),
        ("expire_year", "2042"),
        ("cvv2", "123"),
        ("client_orderid", "34T43R77N"),
        ("order_desc", "Test Order Description"),
        ("first_name", "John"),
        ("last_name", "Smith"),
        ("ssn", "1267"),
        ("birthday", "19820115"),
        ("address1", "100 Main st"),
        ("city", "Seattle"),
        ("state", "WA"),
        ("zip_code", "98102"),
        ("country", "US"),
        ("phone", "+12063582043"),
        ("cell_phone", "+19023384543"),
        ("amount", "156"),
        ("email", "john.smith@gmail.com"),
        ("currency", "RUB"),
        ("ipaddress", "65.153.12.232"),
        ("site_url", "https://doc.connpay.com/"),
        ("purpose", "user_account1"),
        (
            "redirect_url",
            "http://https://doc.connpay.com//doc/dummy.htm",
        ),
        ("server_callback_url", "https://httpstat.us/200"),
        ("merchant_data", "VIP customer"),
        ("dapi_imei", "123"),
    ];
    for (k, v) in expected {
        assert_eq!(get(&pairs, k), Some(v), "{k}");
    }
    // The documents' keys are not published: the control is recomputed with ours.
    assert_eq!(
        get(&pairs, "control"),
        Some("a4d6f2984b2deb39abdeff417a8b358f9133c0bd")
    );
    assert_eq!(
        pairs.len(),
        expected.len() + 1,
        "nothing else is sent: {pairs:?}"
    );
    assert_eq!(pairs.last().map(|p| p.0.as_str()), Some("control"));
}

#[test]
fn the_recurring_payment_example_signs_an_empty_email() {
    let req = rpi_example();
    assert_eq!(req.validate(), Ok(()));
    let pairs = encode(&req, &creds(Target::Endpoint(39915)));
    assert_eq!(get(&pairs, "card_recurring_payment_id"), Some("1491954"));
    assert_eq!(get(&pairs, "amount"), Some("777"));
    assert_eq!(get(&pairs, "currency"), Some("USD"));
    assert_eq!(
        get(&pairs, "control"),
        Some("405b08c21b354f6d8f2dcf582afc45e9aad9fbbb")
    );
    assert_eq!(pairs.len(), 10);
}

#[test]
fn group_targets_sign_the_group_id() {
    let req = Sale::builder()
        .client_orderid("ORDER-1")
        .order_desc("d")
        .amount(Money::parse("10.42", "EUR").expect("money"))
        .ipaddress("10.0.0.1")
        .card_recurring_payment_id("42")
        .email("payer@example.com")
        .build();
    let pairs = encode(&req, &creds(Target::Group(1234)));
    assert_eq!(get(&pairs, "amount"), Some("10.42"));
    assert_eq!(
        get(&pairs, "control"),
        Some("c05981fc8d4930a2ebe71484767b4d255e858e45")
    );
    assert_eq!(Target::Group(1234).path_suffix(), "/group/1234");
    assert_eq!(Target::Endpoint(39529).path_suffix(), "/39529");
}

#[test]
fn status_capture_and_return_signatures() {
    let c = creds(Target::Endpoint(1));
    let status = Status::builder()
        .client_orderid("34T43R77N")
        .orderid("6768788")
        .build();
    let p = encode(&status, &c);
    assert_eq!(p[0], ("login".to_string(), "merchant-login".to_string()));
    assert_eq!(
        get(&p, "control"),
        Some("228644d302a3c15c7f0cee55ae38fc1bd387901d")
    );
    let capture = Capture::builder()
        .client_orderid("34T43R77N")
        .orderid("6768788")
        .amount(Money::parse("156", "RUB").expect("money"))
        .build();
    assert_eq!(
        get(&encode(&capture, &c), "control"),
        Some("71867cddea9211b80460efbbf777e63234796964")
    );
    let ret = Return::builder()
        .client_orderid("ORDER-JPY")
        .orderid("42")
        .amount(Money::parse("1000", "JPY").expect("money"))
        .comment("customer request")
        .build();
    let p = encode(&ret, &c);
    assert_eq!(get(&p, "amount"), Some("1000"));
    assert_eq!(
        get(&p, "control"),
        Some("2e3ccd39795b8b201d7da48f68c17dbcf0eab0b7")
    );
    assert!(
        !p.iter().any(|(k, _)| k == "merchant_control"),
        "the key is never sent"
    );
}

#[test]
fn amounts_follow_the_currency_exponent() {
    assert_eq!(
        Money::parse("1.005", "KWD").expect("kwd").major_string(),
        "1.005"
    );
    assert!(matches!(
        Money::parse("10.425", "EUR"),
        Err(paybind::MoneyError::TooManyDecimals { max: 2, .. })
    ));
    assert!(matches!(
        Money::parse("5.5", "JPY"),
        Err(paybind::MoneyError::TooManyDecimals { max: 0, .. })
    ));
}

fn base() -> SaleBuilder<SetIpaddress<SetAmount<SetOrderDesc<SetClientOrderid>>>> {
    Sale::builder()
        .client_orderid("ORDER-1")
        .order_desc("d")
        .amount(Money::parse("10", "EUR").expect("money"))
        .ipaddress("10.0.0.1")
}

/// The payer's fields are optional and outside every choice: setting them keeps the state.
fn with_payer<S: sale_builder::State>(b: SaleBuilder<S>) -> SaleBuilder<S> {
    b.address1("1 rue de Rivoli")
        .city("Paris")
        .zip_code("75001")
        .country("FR")
        .phone("+33100000000")
        .email("payer@example.com")
        .first_name("Jean")
        .last_name("Dupont")
}

/// The card fields, all four of their group (a macro: each field set changes the builder's
/// type, which is long to write out).
macro_rules! with_card {
    ($b:expr) => {
        $b.credit_card_number("4538977399606732")
            .card_printed_name("JEAN DUPONT")
            .expire_month("01")
            .expire_year("2042")
            .cvv2("123")
    };
}

#[test]
fn card_data_or_recurring_id_not_both() {
    assert_eq!(with_card!(with_payer(base())).build().validate(), Ok(()));
    // The builder refuses these pairs at compile time (tests/ui/card_and_recurring_id.rs); a
    // value changed after it was built is still checked.
    let mut both = with_card!(with_payer(base())).build();
    both.card_recurring_payment_id = Some(Sensitive::new(Sensitivity::Token, "1491954"));
    let r = rules(both.validate());
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(matches!(&r[0].1, Rule::AtMostOneOf { present: 2, .. }));
    let mut both = with_card!(with_payer(base())).build();
    both.recurring_payment_id = Some(Sensitive::new(Sensitivity::Token, "77"));
    assert!(matches!(
        &rules(both.validate())[0].1,
        Rule::AtMostOneOf { .. }
    ));
    let mut partial = with_payer(base()).cvv2("123").build();
    partial.credit_card_number = Some(Sensitive::new(Sensitivity::CardNumber, "4538977399606732"));
    assert!(matches!(
        &rules(partial.validate())[0].1,
        Rule::AllOrNone { present: 1, .. }
    ));
    let no_cvv = with_payer(base())
        .credit_card_number("4538977399606732")
        .card_printed_name("J")
        .expire_month("01")
        .expire_year("2042")
        .build();
    assert_eq!(rules(no_cvv.validate())[0].0, "cvv2");
}

#[test]
fn payer_details_are_required_without_a_stored_payment() {
    let r = rules(with_card!(base()).build().validate());
    let fields: Vec<&str> = r.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "address1",
            "city",
            "zip_code",
            "country",
            "phone",
            "email",
            "first_name",
            "last_name"
        ]
    );
    assert!(matches!(r[0].1, Rule::RequiredIf { .. }));
}

#[test]
fn redirect_url_or_the_pair_not_both() {
    let ok = with_card!(with_payer(base()))
        .redirect_success_url("https://a.example/ok")
        .redirect_fail_url("https://a.example/ko")
        .build();
    assert_eq!(ok.validate(), Ok(()));
    let mut half = with_card!(with_payer(base())).build();
    half.redirect_success_url = Some("https://a.example/ok".into());
    assert!(matches!(
        &rules(half.validate())[0].1,
        Rule::AllOrNone { .. }
    ));
    let mut both = with_card!(with_payer(base()))
        .redirect_url("https://a.example/")
        .build();
    both.redirect_success_url = Some("https://a.example/ok".into());
    both.redirect_fail_url = Some("https://a.example/ko".into());
    assert_eq!(rules(both.validate()).len(), 2);
}

#[test]
fn state_is_required_for_us_ca_au() {
    for (country, needs) in [("US", true), ("CA", true), ("AU", true), ("FR", false)] {
        let req = with_card!(with_payer(base())).country(country).build();
        let r = rules(req.validate());
        assert_eq!(r.iter().any(|(f, _)| f == "state"), needs, "{country}");
    }
    assert_eq!(
        with_card!(with_payer(base()))
            .country("US")
            .state("WA")
            .build()
            .validate(),
        Ok(())
    );
}

#[test]
fn server_callback_url_or_notify_url_not_both() {
    let mut req = with_card!(with_payer(base()))
        .server_callback_url("https://a.example/cb")
        .build();
    req.notify_url = Some("https://a.example/notify".into());
    assert!(matches!(
        &rules(req.validate())[0].1,
        Rule::AtMostOneOf { .. }
    ));
}

#[test]
fn javascript_enabled_makes_the_screen_fields_required() {
    // 002 lines 420-452: each "becomes required when browser_javaScript_enabled = true".
    macro_rules! block {
        ($b:expr, $js:expr) => {
            $b.customer_browser_accept_header("text/html")
                .customer_browser_javascript_enabled($js)
                .customer_browser_accept_language("fr-FR")
                .customer_browser_user_agent("Mozilla/5.0")
        };
    }
    assert_eq!(
        block!(with_card!(with_payer(base())), false)
            .build()
            .validate(),
        Ok(())
    );
    let r = rules(
        block!(with_card!(with_payer(base())), true)
            .build()
            .validate(),
    );
    let fields: Vec<&str> = r.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "customer_browser_color_depth",
            "customer_browser_java_enabled",
            "customer_browser_screen_height",
            "customer_browser_screen_width",
            "customer_browser_time_zone"
        ]
    );
    // The builder refuses part of the group at compile time (tests/ui/
    // browser_group_in_part.rs); a value changed after it was built is still checked.
    let mut partial = with_card!(with_payer(base())).build();
    partial.customer_browser_user_agent = Some("Mozilla/5.0".into());
    assert!(matches!(
        &rules(partial.validate())[0].1,
        Rule::AllOrNone { .. }
    ));
}

#[test]
fn documents_differ_per_brand() {
    use paybind::ValidationPolicy::Strict;
    let long = with_card!(with_payer(base()))
        .address1("x".repeat(51))
        .build();
    assert_eq!(
        long.validate_for(Brand::Payneteasy, Strict),
        Ok(()),
        "003: 256"
    );
    assert_eq!(
        rules(long.validate_for(Brand::Connpay, Strict)),
        vec![(
            "address1".to_string(),
            Rule::MaxLength {
                max: 50,
                actual: 51
            }
        )],
        "002: 50"
    );
    let notify = with_card!(with_payer(base()))
        .notify_url("https://a.example/n")
        .build();
    assert_eq!(notify.validate_for(Brand::Payneteasy, Strict), Ok(()));
    assert!(matches!(
        &rules(notify.validate_for(Brand::Connpay, Strict))[0].1,
        Rule::NotDocumentedForBrand {
            brand: "connpay",
            ..
        }
    ));
    // order_desc: 64k for sale, 125 for preauth; card_printed_name: 128 for sale, 64k for preauth.
    let sale = with_card!(with_payer(base()))
        .order_desc("d".repeat(126))
        .card_printed_name("n".repeat(129))
        .build();
    assert_eq!(
        rules(sale.validate()),
        vec![(
            "card_printed_name".to_string(),
            Rule::MaxLength {
                max: 128,
                actual: 129
            }
        )]
    );
    let preauth = Preauth::builder()
        .client_orderid("ORDER-1")
        .order_desc("d".repeat(126))
        .amount(Money::parse("10", "EUR").expect("money"))
        .ipaddress("10.0.0.1")
        .credit_card_number("4538977399606732")
        .card_printed_name("n".repeat(129))
        .expire_month("01")
        .expire_year("2042")
        .cvv2("123")
        .address1("1 rue de Rivoli")
        .city("Paris")
        .zip_code("75001")
        .country("FR")
        .phone("+33100000000")
        .email("payer@example.com")
        .first_name("Jean")
        .last_name("Dupont")
        .build();
    assert_eq!(
        rules(preauth.validate()),
        vec![(
            "order_desc".to_string(),
            Rule::MaxLength {
                max: 125,
                actual: 126
            }
        )]
    );
}

/// The generated answer encoder writes both documented answers (002 § Success and Fail
/// Response Example) as the documents do: the same `key=value` pairs, each value ending with
/// a newline (in the order of the documents' Response Parameters table, which the
/// examples do not follow: the order carries nothing).
#[test]
fn both_example_answers_encode_as_the_documents_write_them() {
    fn pairs(body: &str) -> Vec<&str> {
        let mut p: Vec<&str> = body.split('&').collect();
        p.sort_unstable();
        p
    }
    let ok = "type=async-response\n&serial-number=00000000-0000-0000-0000-000002d9b22a\n&merchant-order-id=inv4097763\n&paynet-order-id=6768788\n&end-point-id=22903\n";
    let fail = "type=validation-error\n&serial-number=00000000-0000-0000-0000-000002b36f64\n&merchant-order-id=inv4097763\n&error-message=End+point+with+id+22903+not+found\n&error-code=3\n";
    for example in [ok, fail] {
        let a = AsyncResponse::from_body(example.as_bytes()).expect("decodes");
        let written = a.encode().expect("encodes");
        assert!(
            written.starts_with("type=") && written.ends_with('\n'),
            "{written}"
        );
        assert_eq!(pairs(&written), pairs(example));
    }
}

#[test]
fn both_example_answers_decode() {
    let ok = b"type=async-response\n&serial-number=00000000-0000-0000-0000-000002d9b22a\n&merchant-order-id=inv4097763\n&paynet-order-id=6768788\n&end-point-id=22903\n";
    assert!(Api::refusal(200, ok).is_none());
    let a = AsyncResponse::from_body(ok).expect("decodes");
    assert_eq!(a.type_, Some(ResponseType::AsyncResponse));
    assert_eq!(a.paynet_order_id.as_deref(), Some("6768788"));
    assert_eq!(a.end_point_id.as_deref(), Some("22903"));
    let fail = b"type=validation-error\n&serial-number=00000000-0000-0000-0000-000002b36f64\n&merchant-order-id=inv4097763\n&error-message=End+point+with+id+22903+not+found\n&error-code=3\n";
    let r = Api::refusal(200, fail).expect("a refusal");
    assert_eq!(r.code, ReturnCode::Unknown("3".into()));
    assert_eq!(
        r.message.as_deref(),
        Some("End point with id 22903 not found")
    );
    let odd = b"type=brand-new-type\n&status=on-hold\n";
    let s = StatusResponse::from_body(odd).expect("decodes");
    assert_eq!(
        s.type_,
        Some(ResponseType::Unknown("brand-new-type".into()))
    );
    assert_eq!(s.status, Some(OrderStatus::Unknown("on-hold".into())));
}

#[test]
fn callbacks_are_verified_in_constant_time() {
    let c = creds(Target::Endpoint(1));
    let query = "status=approved&merchant_order=34T43R77N&client_orderid=34T43R77N&orderid=6768788&type=sale&amount=1.56&last-four-digits=6732&control=c69ec2cd448497c79f751788bab51e7a008ea53a";
    let cb = c.verify_callback(query.as_bytes()).expect("valid");
    assert_eq!(cb.status, Some(OrderStatus::Approved));
    assert_eq!(cb.last_four_digits.as_deref(), Some("6732"));
    let upper = query.replace(
        "c69ec2cd448497c79f751788bab51e7a008ea53a",
        "C69EC2CD448497C79F751788BAB51E7A008EA53A",
    );
    assert!(c.verify_callback(upper.as_bytes()).is_ok());
    let tampered = query.replace("status=approved", "status=declined");
    assert!(matches!(
        c.verify_callback(tampered.as_bytes()),
        Err(paybind::CallbackError::BadSignature { .. })
    ));
    let unsigned = query.split("&control=").next().expect("prefix");
    assert!(matches!(
        c.verify_callback(unsigned.as_bytes()),
        Err(paybind::CallbackError::MissingSignature { .. })
    ));
    let wrong_key = Credentials::new("merchant-login", "another key", Target::Endpoint(1));
    assert!(matches!(
        wrong_key.verify_callback(query.as_bytes()),
        Err(paybind::CallbackError::BadSignature { field: "control" })
    ));
}

#[test]
fn debug_never_shows_the_card_the_cvv_or_the_key() {
    let d = format!("{:?} {:?}", card_example(), creds(Target::Endpoint(1)));
    for secret in ["4538977399606732", KEY] {
        assert!(!d.contains(secret), "{d}");
    }
    assert!(!d.contains("cvv2: \"123\""), "{d}");
}

fn client(server: &Server, brand: Brand, target: Target) -> Client {
    Client::builder(brand, Environment::Sandbox, creds(target))
        .base_url(format!(
            "http://{}/paynet/api/v2",
            server.addr.expect("addr")
        ))
        .build()
        .expect("client")
}

fn status_line(status: &str) -> String {
    format!("type=status-response\n&serial-number=1\n&merchant-order-id=34T43R77N\n&paynet-order-id=6768788\n&status={status}\n&amount=1.56\n&currency=RUB\n")
}

#[tokio::test]
async fn a_sale_polled_until_approved() {
    let server = Server::start(vec![
        Answer::json("type=async-response\n&serial-number=1\n&merchant-order-id=34T43R77N\n&paynet-order-id=6768788\n&end-point-id=39529\n"),
        Answer::json(&status_line("processing")),
        Answer::json(&status_line("processing")),
        Answer::json(&status_line("approved")),
    ])
    .await;
    let client = client(&server, Brand::Connpay, Target::Endpoint(39529));
    let sale = client.sale(&card_example()).await.expect("accepted");
    let order = sale.paynet_order_id.expect("order id");
    let poll = Status::builder()
        .client_orderid("34T43R77N")
        .orderid(order)
        .build();
    let mut polls = 0;
    let final_status = loop {
        polls += 1;
        let s = client.status(&poll).await.expect("status");
        match s.status {
            Some(OrderStatus::Processing | OrderStatus::StatusUnknown) if polls < 10 => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            other => break other,
        }
    };
    assert_eq!(final_status, Some(OrderStatus::Approved));
    assert_eq!(polls, 3);
    let got = server.received();
    assert_eq!(got[0].path, "/paynet/api/v2/sale/39529");
    assert_eq!(got[1].path, "/paynet/api/v2/status/39529");
    let status_body: Vec<(String, String)> = form_urlencoded::parse(got[1].body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        get(&status_body, "control"),
        Some("228644d302a3c15c7f0cee55ae38fc1bd387901d")
    );
}

#[tokio::test]
async fn a_validation_error_answer_is_a_typed_refusal() {
    let server = Server::start(vec![Answer::json(
        "type=validation-error\n&serial-number=2\n&error-message=End+point+with+id+22903+not+found\n&error-code=3\n",
    )])
    .await;
    let client = client(&server, Brand::Payneteasy, Target::Endpoint(22903));
    match client.sale(&rpi_example()).await {
        Err(PbError::Refused(r)) => {
            assert_eq!(r.code.code(), "3");
            assert_eq!(r.to_string(), "3: End point with id 22903 not found");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn brand_hosts() {
    assert_eq!(
        Brand::Connpay.base_url(Environment::Production),
        "https://gate.connpay.com/paynet/api/v2"
    );
    assert_eq!(
        Brand::Payneteasy.base_url(Environment::Sandbox),
        "https://sandbox.payneteasy.com/paynet/api/v2"
    );
}

/// 002's "Request for SBP Example" (line 600): no card data, so no cvv2 either. It builds
/// and validates for ConnPay as written.
#[test]
fn the_sbp_example_validates() {
    let sbp = Sale::builder()
        .client_orderid("34T43R77N")
        .order_desc("Test Order Description")
        .first_name("John")
        .last_name("Smith")
        .ssn("1267")
        .birthday("19820115".parse().expect("date"))
        .address1("100 Main st")
        .city("Seattle")
        .state("WA")
        .zip_code("98102")
        .country("US")
        .phone("+12063582043")
        .cell_phone("+19023384543")
        .amount(Money::parse("156", "RUB").expect("money"))
        .email("john.smith@gmail.com")
        .ipaddress("65.153.12.232")
        .site_url("https://doc.connpay.com/")
        .purpose("user_account1")
        .redirect_url("http://https://doc.connpay.com//doc/dummy.htm")
        .server_callback_url("https://httpstat.us/200")
        .merchant_data("VIP customer")
        .dapi_imei("123")
        .build();
    assert_eq!(
        sbp.validate_for(Brand::Connpay, paybind::ValidationPolicy::Strict),
        Ok(())
    );
}

/// A preauth pays with exactly one instrument: 004 marks the card data and
/// card_recurring_payment_id Required while asking for "either card_recurring_payment_id or
/// combination of credit_card_number, card_printed_name, expire_month and expire_year, not
/// all", and has no request without card data. The builder does not compile without one
/// (tests/ui/preauth_without_instrument.rs); a value whose card data is taken away after
/// it was built (or a form read by a server) is refused by `validate()`, naming the fields
/// and the rule.
#[test]
fn a_preauth_without_any_instrument_is_refused() {
    let mut pre = card_preauth_example();
    assert_eq!(pre.validate(), Ok(()));
    pre.credit_card_number = None;
    pre.card_printed_name = None;
    pre.expire_month = None;
    pre.expire_year = None;
    pre.cvv2 = None;
    let refused = pre.validate().expect_err("no instrument");
    let instruments: &[&str] = &[
        "credit_card_number",
        "card_recurring_payment_id",
        "recurring-payment-id",
    ];
    assert_eq!(
        rules(Err(refused.clone())),
        vec![(
            "credit_card_number".to_string(),
            Rule::ExactlyOneOf {
                fields: instruments,
                present: 0
            }
        )]
    );
    assert_eq!(
        refused.to_string(),
        "invalid preauth request: `credit_card_number` exactly one of credit_card_number, card_recurring_payment_id, recurring-payment-id must be given (0 given)"
    );
}

/// 004's preauth with cardholder data (its "Request with Cardholder Data Example").
fn card_preauth_example() -> Preauth {
    Preauth::builder()
        .credit_card_number("4538977399606732")
        .card_printed_name("CARD HOLDER")
        .expire_month("12")
        .expire_year("2099")
        .cvv2("123")
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .first_name("John")
        .last_name("Smith")
        .ssn("1267")
        .birthday("19820115".parse().expect("date"))
        .address1("100 Main st")
        .city("Seattle")
        .state("WA")
        .zip_code("98102")
        .country("US")
        .phone("+12063582043")
        .cell_phone("+19023384543")
        .email("john.smith@gmail.com")
        .amount(Money::parse("10.42", "USD").expect("money"))
        .ipaddress("65.153.12.232")
        .site_url("https://doc.connpay.com/")
        .purpose("user_account1")
        .redirect_url("https://doc.connpay.com//doc/dummy.htm")
        .server_callback_url("https://httpstat.us/200")
        .merchant_data("VIP customer")
        .build()
}

/// 004's two preauth examples (lines 548 and 586) build and validate for ConnPay.
#[test]
fn the_preauth_examples_validate() {
    let card = card_preauth_example();
    let recurring = Preauth::builder()
        .card_recurring_payment_id("1491927")
        .cvv2("123")
        .client_orderid("34T43R77N")
        .order_desc("Test Order Description")
        .amount(Money::parse("777", "USD").expect("money"))
        .ipaddress("65.153.12.232")
        .redirect_url("https://doc.connpay.com//doc/dummy.htm")
        .server_callback_url("https://httpstat.us/200")
        .build();
    for example in [card, recurring] {
        assert_eq!(
            example.validate_for(Brand::Connpay, paybind::ValidationPolicy::Strict),
            Ok(())
        );
    }
}
