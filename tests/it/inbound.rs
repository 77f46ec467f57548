//! What a server sees: the generated `Incoming::decode` finds the endpoint by method and path
//! (variants by their required fields, targets and path credentials included), reads back
//! exactly what the client prepared, and the generated `signature` is the control sent.
//! Also: `Client::prepare` shows a request without its secrets, and `ReturnCode` reads its
//! one table.

use paybind::encoding::{Body, Method};
use paybind::RequestDecodeError;

fn form_body(p: &paybind::encoding::Prepared) -> Vec<u8> {
    match p.body() {
        Body::Form(text) => text.clone().into_bytes(),
        other => panic!("expected a form, got {other:?}"),
    }
}

mod comnpay {
    use super::*;
    use paybind::comnpay::*;

    const KEY: &str = "KEY-SENTINEL-6RLl4F";

    fn client() -> Client {
        Client::new(
            Environment::Homologation,
            Credentials::new("VAD-111-111", KEY),
        )
        .expect("client")
    }

    fn debit() -> PaymentTokenDebit {
        PaymentTokenDebit::builder()
            .token_ref("TK1533224578211DEMO364")
            .transaction_ref("ORDER-0001")
            .amount(1590)
            .redirection3_dsv2_url("https://shop.example/3ds?x=1&y=2")
            .application(
                Application::builder()
                    .browser_ip("192.168.14.10")
                    .browser_language("fr")
                    .build(),
            )
            .build()
    }

    #[test]
    fn what_the_client_prepares_decodes_to_the_same_request_with_its_credentials() {
        let prepared = client().prepare(&debit()).expect("prepare");
        assert_eq!(prepared.method(), Method::Post);
        assert!(
            prepared.url().ends_with("/rest/payment/tokenDebit"),
            "{}",
            prepared.url()
        );
        let received = Incoming::decode(Method::Post, "/payment/tokenDebit", &form_body(&prepared))
            .expect("decode");
        assert_eq!(received.request, Incoming::PaymentTokenDebit(debit()));
        assert_eq!(received.request.endpoint(), "payment/tokenDebit");
        let c = &received.credentials;
        assert_eq!(c.serial_number.as_deref(), Some("VAD-111-111"));
        assert_eq!(c.key.as_ref().map(|k| k.expose()), Some(KEY));
        assert!(
            !format!("{received:?}").contains(KEY),
            "the key shows in Debug"
        );
    }

    #[test]
    fn prepared_requests_show_without_secrets() {
        let prepared = client().prepare(&debit()).expect("prepare");
        let shown = format!("{prepared}\n{prepared:?}");
        for secret in [KEY, "TK1533224578211DEMO364"] {
            assert!(!shown.contains(secret), "{secret} shows in:\n{shown}");
            assert!(
                prepared.body_text().contains(secret),
                "the real body lacks {secret}"
            );
        }
        assert!(shown.contains("transactionRef=ORDER-0001"), "{shown}");
        assert!(shown.contains("key=%3Credacted%3E"), "{shown}");
    }

    #[test]
    fn an_invalid_request_is_not_prepared() {
        let mut bad = debit();
        bad.transaction_ref = "short".to_string();
        assert!(matches!(
            client().prepare(&bad),
            Err(paybind::Error::InvalidRequest(_))
        ));
    }

    #[test]
    fn variants_at_one_path_are_told_apart_by_their_required_fields() {
        let v1 = b"serialNumber=V&key=K&transactionRef=T1&pares=P&md=M";
        let v2 = b"serialNumber=V&key=K&transactionRef=T1&cres=C";
        let decode = |b: &[u8]| Incoming::decode(Method::Post, "payment/end3dsDebit", b);
        assert!(matches!(
            decode(v1).map(|r| r.request),
            Ok(Incoming::PaymentEnd3dsDebitV1(r)) if r.md == "M" && r.pares == "P"
        ));
        assert!(matches!(
            decode(v2).map(|r| r.request),
            Ok(Incoming::PaymentEnd3dsDebitV2(r)) if r.cres == "C"
        ));
        // Neither: the first variant's error is reported, naming the field.
        match decode(b"transactionRef=T1") {
            Err(RequestDecodeError::Body { endpoint, source }) => {
                assert_eq!(endpoint, "payment/end3dsDebit");
                assert!(source.to_string().contains("pares"), "{source}");
            }
            other => panic!("expected a body error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_endpoints_and_methods_are_refused() {
        for (method, path) in [
            (Method::Post, "payment/unknown"),
            (Method::Get, "payment/tokenDebit"),
            (Method::Post, "payment/tokenDebit/extra"),
        ] {
            assert!(
                matches!(
                    Incoming::decode(method, path, b""),
                    Err(RequestDecodeError::UnknownEndpoint { .. })
                ),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn return_codes_read_one_table() {
        assert_eq!(RETURN_CODES.len(), 235);
        for (value, info) in RETURN_CODES.iter() {
            let parsed = ReturnCode::from_code(info.code);
            assert_eq!(&parsed, value);
            assert_eq!(parsed.code(), info.code);
            assert_eq!(parsed.description(), info.description);
            assert_eq!(parsed.category(), info.category);
        }
        let unknown = ReturnCode::from_code("999999");
        assert_eq!(unknown, ReturnCode::Unknown("999999".to_string()));
        assert_eq!(unknown.category(), paybind::ReturnCategory::Unknown);
        assert_eq!((unknown.code(), unknown.description()), ("999999", ""));
        assert!(unknown.info().is_none());
    }
}

mod payneteasy {
    use super::*;
    use paybind::encoding::FromForm;
    use paybind::payneteasy::*;
    use paybind::Money;

    const KEY: &str = "CONTROL-SENTINEL-B17F";

    fn client(target: Target) -> Client {
        let creds = Credentials::new("merchant-login", KEY, target);
        Client::new(Brand::Connpay, Environment::Sandbox, creds).expect("client")
    }

    fn sale() -> Sale {
        Sale::builder()
            .card_recurring_payment_id("1491954")
            .cvv2("123")
            .client_orderid("34T43R77N")
            .order_desc("Test Order Description")
            .amount(Money::parse("7.77", "USD").expect("money"))
            .ipaddress("65.153.12.232")
            .redirect_url("https://shop.example/done")
            .build()
    }

    #[test]
    fn the_target_comes_from_the_path_and_the_control_is_the_generated_signature() {
        for target in [Target::Endpoint(39529), Target::Group(1234)] {
            let prepared = client(target).prepare(&sale()).expect("prepare");
            let path = format!("sale{}", target.path_suffix());
            assert!(prepared.url().ends_with(&path), "{}", prepared.url());
            let received =
                Incoming::decode(Method::Post, &path, &form_body(&prepared)).expect("decode");
            assert_eq!(received.target, target);
            assert_eq!(received.request, Incoming::Sale(sale()));
            let creds = Credentials::new("merchant-login", KEY, target);
            let expected = received.request.signature(&creds).expect("signed");
            assert_eq!(received.signature.as_deref(), Some(expected.as_str()));
            assert_eq!(expected, sale().signature(&creds));
            // Another key gives another control.
            let other = Credentials::new("merchant-login", "another key", target);
            assert_ne!(received.request.signature(&other), Some(expected));
        }
    }

    #[test]
    fn the_control_key_and_card_data_never_show() {
        let prepared = client(Target::Endpoint(39529))
            .prepare(&sale())
            .expect("prepare");
        let shown = format!("{prepared}\n{prepared:?}");
        assert!(!shown.contains("cvv2=123"), "{shown}");
        assert!(!shown.contains("1491954"), "{shown}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("control="), "{shown}");
    }

    /// 002: "tds_areq_notification_url, alias tds_cres_notification_url". The client sends
    /// the first name; a server reads either as the same field, and refuses both at once.
    #[test]
    fn the_3ds_notification_url_is_read_under_its_alias() {
        let url = "https://shop.example/3ds/cres";
        let with_url = Sale::builder()
            .card_recurring_payment_id("1491954")
            .cvv2("123")
            .client_orderid("34T43R77N")
            .order_desc("Test Order Description")
            .amount(Money::parse("7.77", "USD").expect("money"))
            .ipaddress("65.153.12.232")
            .redirect_url("https://shop.example/done")
            .tds_areq_notification_url(url)
            .build();
        let prepared = client(Target::Endpoint(39529))
            .prepare(&with_url)
            .expect("prepare");
        let body = String::from_utf8(form_body(&prepared)).expect("utf-8");
        assert!(body.contains("tds_areq_notification_url="), "{body}");
        assert!(!body.contains("tds_cres_notification_url"), "{body}");
        let aliased = body.replace("tds_areq_notification_url=", "tds_cres_notification_url=");
        let received =
            Incoming::decode(Method::Post, "sale/39529", aliased.as_bytes()).expect("decode");
        assert_eq!(received.request, Incoming::Sale(with_url.clone()));
        let read = Sale::from_form(aliased.as_bytes()).expect("from_form");
        assert_eq!(read.tds_areq_notification_url.as_deref(), Some(url));

        let both = format!("{body}&tds_cres_notification_url=https%3A%2F%2Fshop.example%2Fother");
        let err = Incoming::decode(Method::Post, "sale/39529", both.as_bytes())
            .expect_err("both spellings");
        assert!(
            matches!(
                err,
                RequestDecodeError::Body {
                    endpoint: "sale",
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "`sale`: unreadable form: `tds_areq_notification_url` and `tds_cres_notification_url` are one parameter (`tds_areq_notification_url`, also read as `tds_cres_notification_url`): send it under one name only"
        );
        let read = Sale::from_form(both.as_bytes()).expect_err("both spellings");
        assert!(
            read.to_string().starts_with(
                "unreadable form: `tds_areq_notification_url` and `tds_cres_notification_url` are one parameter"
            ),
            "{read}"
        );
    }

    #[test]
    fn a_path_without_a_target_is_no_endpoint() {
        for path in ["sale", "sale/group/", "sale/abc"] {
            assert!(
                matches!(
                    Incoming::decode(Method::Post, path, b""),
                    Err(RequestDecodeError::UnknownEndpoint { .. })
                ),
                "{path}"
            );
        }
    }
}

mod smoney {
    use super::*;
    use paybind::smoney::*;

    #[test]
    fn path_parameters_and_path_credentials_are_read_from_the_path() {
        let received = Incoming::decode(
            Method::Get,
            "api/my%20partner/payins/cardpayments/ORDER%2F42",
            b"",
        )
        .expect("decode");
        assert_eq!(received.credentials.partner.as_deref(), Some("my partner"));
        match received.request {
            Incoming::GetCardPayment(r) => assert_eq!(r.payment_order_id, "ORDER/42"),
            other => panic!("expected a read, got {other:?}"),
        }
    }

    #[test]
    fn a_json_body_is_read_with_its_path_parameters() {
        let body = br#"{"OrderId":"R-1","Amount":500}"#;
        let received = Incoming::decode(
            Method::Post,
            "/api/p/payins/cardpayments/ORDER-42/refunds/",
            body,
        )
        .expect("decode");
        match received.request {
            Incoming::RefundCardPayment(r) => {
                assert_eq!(
                    (r.payment_order_id.as_str(), r.order_id.as_str()),
                    ("ORDER-42", "R-1")
                );
                assert_eq!(r.amount.get(), 500);
            }
            other => panic!("expected a refund, got {other:?}"),
        }
        let broken = Incoming::decode(Method::Post, "api/p/payins/cardpayments", b"{\"Amount\":");
        assert!(matches!(broken, Err(RequestDecodeError::Body { .. })));
    }

    #[test]
    fn the_bearer_token_is_redacted_in_a_prepared_request() {
        let creds = Credentials::new("tok-SENTINEL", "mypartner", "cb-secret");
        let client = Client::new(Environment::Sandbox, creds).expect("client");
        let read = GetCardPayment::builder()
            .payment_order_id("ORDER-42")
            .build();
        let prepared = client.prepare(&read).expect("prepare");
        assert_eq!(prepared.method(), Method::Get);
        assert!(prepared
            .url()
            .ends_with("/api/mypartner/payins/cardpayments/ORDER-42"));
        let shown = format!("{prepared}");
        assert!(
            shown.contains("authorization: Bearer <redacted>"),
            "{shown}"
        );
        assert!(!shown.contains("tok-SENTINEL"), "{shown}");
    }
}
