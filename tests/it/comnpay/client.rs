//! The ComNpay client against a loopback server: exact request bodies, and each error case.

use std::time::Duration;

use crate::support::{Answer, Server};
use paybind::comnpay::*;
use paybind::{Error as PbError, ReturnCategory};

const PAYMENT_OK: &str = r#"{ "ok": 1, "message": "Paiement accepte", "transaction": { "transactionId": 6145, "amount": 1590, "ok": 1, "confirmed": 1, "cardType": "CB", "transactionDate": "20130628164913", "responseCode": "200", "transactionRef": "1440685092164304", "type": "D", "brandNewField": {"x": 1} }, "responseCode": "200" }"#;

fn client(server: &Server) -> Client {
    Client::builder(
        Environment::Homologation,
        Credentials::new("VAD-111-111", "6RLl4FlO2o4ZvAdflK2p"),
    )
    .base_url(server.base_url())
    .timeout(Duration::from_millis(500))
    .build()
    .expect("client")
}

fn application() -> Application {
    Application::builder()
        .browser_ip("192.168.14.10")
        .browser_language("fr")
        .build()
}

fn debit() -> PaymentTokenDebit {
    PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("ORDER-0001")
        .amount(1590)
        .force3ds(false)
        .redirection3_dsv2_url("https://shop.example/3ds?x=1&y=2")
        .application(application())
        .customer(
            Customer::builder()
                .first_name("Thomas")
                .email("tjanvier@comnpay.com")
                .build(),
        )
        .build()
}

#[tokio::test]
async fn token_debit_sends_the_exact_form_and_decodes_the_answer() {
    let server = Server::start(vec![Answer::json(PAYMENT_OK)]).await;
    let answer = client(&server)
        .payment_token_debit(&debit())
        .await
        .expect("accepted");
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/rest/payment/tokenDebit");
    assert_eq!(got[0].content_type, "application/x-www-form-urlencoded");
    // ComNpay's credentials travel in the form (serialNumber, key), never as a bearer token.
    assert_eq!(got[0].authorization, "");
    assert_eq!(
        got[0].body,
        "serialNumber=VAD-111-111&key=6RLl4FlO2o4ZvAdflK2p&tokenRef=TK1533224578211DEMO364\
         &transactionRef=ORDER-0001&amount=1590&force3ds=0\
         &redirection3DSV2Url=https%3A%2F%2Fshop.example%2F3ds%3Fx%3D1%26y%3D2\
         &application=%7B%22browserIP%22%3A%22192.168.14.10%22%2C%22browserLanguage%22%3A%22fr%22%7D\
         &customer=%7B%22firstName%22%3A%22Thomas%22%2C%22email%22%3A%22tjanvier%40comnpay.com%22%7D"
    );
    let t = answer.transaction.expect("transaction");
    assert_eq!(t.amount, Some(paybind::MinorUnits(1590)));
    assert_eq!(t.type_, Some(TransactionType::Debit));
    assert_eq!(t.response_code, Some(ReturnCode::PaymentAccepted));
    assert_eq!(
        t.transaction_date.map(|d| d.to_string()).as_deref(),
        Some("20130628164913")
    );
    assert!(answer.response_code.expect("code").is_success());
}

#[tokio::test]
async fn token_create_sends_only_the_serial_number() {
    let server = Server::start(vec![Answer::json(
        r#"{"ok":1,"message":"","token":{"tokenRef":"TK1"},"responseCode":"000"}"#,
    )])
    .await;
    let req = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number("5512459816707530")
        .card_expiration_date("2612".parse().expect("date"))
        .cvv("123")
        .origin("https://shop.example")
        .build();
    let answer = client(&server).token_create(&req).await.expect("token");
    assert_eq!(
        server.received()[0].body,
        "serialNumber=VAD-111-111&cardType=CB&cardNumber=5512459816707530&cardExpirationDate=2612&cvv=123&origin=https%3A%2F%2Fshop.example"
    );
    let token = answer.token.expect("token").token_ref.expect("ref");
    assert_eq!(token.expose(), "TK1");
    assert_eq!(format!("{token:?}"), "<redacted token>");
}

#[tokio::test]
async fn an_invalid_request_is_never_sent() {
    let server = Server::start(vec![]).await;
    let bad = PaymentRefund::builder()
        .transaction_ref("short")
        .amount(100)
        .build();
    match client(&server).payment_refund(&bad).await {
        Err(PbError::InvalidRequest(e)) => assert_eq!(e.violations[0].field, "transactionRef"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_refusal_has_a_typed_code_and_message() {
    let server = Server::start(vec![Answer::json(
        r#"{"ok":0,"message":"Montant credit invalide","responseCode":"261","transaction":[]}"#,
    )])
    .await;
    let refund = PaymentRefund::builder()
        .transaction_ref("ORDER-0001")
        .amount(99999)
        .build();
    match client(&server).payment_refund(&refund).await {
        Err(PbError::Refused(r)) => {
            assert_eq!(r.code, ReturnCode::from_code("261"));
            assert_eq!(r.code.description(), "Credit amount invalid");
            assert_eq!(r.message.as_deref(), Some("Montant credit invalide"));
            assert_eq!(r.status, 200);
        }
        other => panic!("expected Refused, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_code_is_kept_raw() {
    let server = Server::start(vec![Answer::json(
        r#"{"ok":0,"message":"new","responseCode":"9Z9"}"#,
    )])
    .await;
    let req = ReceiptGetHtml::builder()
        .transaction_ref("ORDER-0001")
        .build();
    match client(&server).receipt_get_html(&req).await {
        Err(PbError::Refused(r)) => {
            assert_eq!(r.code, ReturnCode::Unknown("9Z9".into()));
            assert_eq!(r.code.category(), ReturnCategory::Unknown);
        }
        other => panic!("expected Refused, got {other:?}"),
    }
}

#[tokio::test]
async fn a_text_answer_is_returned_as_is() {
    let server = Server::start(vec![Answer::json("<html><body>Ticket</body></html>")]).await;
    let req = ReceiptGetHtml::builder()
        .transaction_ref("ORDER-0001")
        .build();
    let html = client(&server).receipt_get_html(&req).await.expect("html");
    assert_eq!(html, "<html><body>Ticket</body></html>");
}

#[tokio::test]
async fn an_undecodable_answer_keeps_its_raw_body() {
    let undecodable = r#"{"nbTransactions":"twelve","transaction":[]}"#;
    let server = Server::start(vec![
        Answer::json(undecodable),
        Answer {
            status: 502,
            body: "Bad gateway".into(),
            delay: Duration::ZERO,
        },
    ])
    .await;
    let c = client(&server);
    for (expected_status, sent) in [(200, undecodable), (502, "Bad gateway")] {
        match c.payment_find(&PaymentFind::builder().build()).await {
            Err(PbError::Decode(e)) => {
                assert_eq!(e.status, expected_status);
                assert_eq!(
                    String::from_utf8_lossy(e.body()),
                    sent,
                    "the raw body, byte for byte"
                );
                assert_eq!(e.body(), sent.as_bytes());
                assert!(
                    !format!("{e:?}").contains("twelve"),
                    "raw body stays out of Debug"
                );
            }
            other => panic!("expected Decode, got {other:?}"),
        }
    }
}

/// A money-moving call answered by a server error or an unreadable success: its outcome is
/// unknown, and the cause keeps the answer's raw body whole.
#[tokio::test]
async fn an_unknown_outcome_keeps_the_raw_body_of_its_answer() {
    let unreadable = r#"{"ok":1,"transaction":{"amount":"quinze euros"}"#;
    let page = format!(
        "<html><body>{}</body></html>",
        "<p>Service indisponible — réessayez</p>".repeat(2000)
    );
    let server = Server::start(vec![
        Answer::json(unreadable),
        Answer {
            status: 503,
            body: page.clone(),
            delay: Duration::ZERO,
        },
    ])
    .await;
    let c = client(&server);
    for (expected_status, sent) in [(200, unreadable), (503, page.as_str())] {
        match c.payment_token_debit(&debit()).await {
            Err(PbError::OutcomeUnknown(u)) => match &u.cause {
                paybind::UnknownCause::Answer(d) => {
                    assert_eq!(d.status, expected_status);
                    assert_eq!(d.body().len(), sent.len(), "the raw body's length");
                    assert!(d.body() == sent.as_bytes(), "the raw body, byte for byte");
                }
                other => panic!("expected an answer as the cause, got {other:?}"),
            },
            other => panic!("expected OutcomeUnknown, got {other:?}"),
        }
    }
    assert_eq!(server.received().len(), 2, "neither call was resent");
}

#[tokio::test]
async fn a_money_moving_timeout_is_outcome_unknown_and_not_resent() {
    let server = Server::start(vec![Answer {
        status: 200,
        body: PAYMENT_OK.into(),
        delay: Duration::from_secs(3),
    }])
    .await;
    match client(&server).payment_token_debit(&debit()).await {
        Err(PbError::OutcomeUnknown(u)) => {
            assert_eq!(u.lookup_endpoint, "payment/find");
            assert_eq!(u.lookup_field, "transactionRef");
            assert_eq!(u.lookup_value, "ORDER-0001");
            let text = u.to_string();
            assert!(
                text.contains("look it up with payment/find transactionRef=ORDER-0001"),
                "{text}"
            );
            assert!(std::error::Error::source(&u).is_some());
        }
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    }
    assert_eq!(server.received().len(), 1, "sent exactly once");
}

#[tokio::test]
async fn a_search_timeout_is_a_transport_error() {
    let server = Server::start(vec![Answer {
        status: 200,
        body: "{}".into(),
        delay: Duration::from_secs(3),
    }])
    .await;
    match client(&server)
        .payment_find(&PaymentFind::builder().build())
        .await
    {
        Err(PbError::Transport(t)) => assert!(t.is_timeout()),
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_even_for_money() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let c = Client::builder(Environment::Production, Credentials::new("s", "k"))
        .base_url(format!("http://127.0.0.1:{port}/rest"))
        .build()
        .expect("client");
    match c.payment_token_debit(&debit()).await {
        Err(PbError::Transport(t)) => assert!(t.is_connect()),
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn find_null_list_means_access_not_authorized() {
    let server = Server::start(vec![
        Answer::json(r#"{"nbTransactions":0,"transaction":null}"#),
        Answer::json("null"),
    ])
    .await;
    let c = client(&server);
    let a = c
        .payment_find(&PaymentFind::builder().build())
        .await
        .expect("find");
    assert_eq!(a.transaction, None);
    let b = c
        .payment_find(&PaymentFind::builder().build())
        .await
        .expect("find");
    assert_eq!(b, TransactionList::default());
}

#[tokio::test]
async fn skip_limits_policy_sends_what_strict_refuses() {
    let server = Server::start(vec![Answer::json(PAYMENT_OK)]).await;
    let c = Client::builder(
        Environment::Homologation,
        Credentials::new("VAD-111-111", "k"),
    )
    .base_url(server.base_url())
    .validation(paybind::ValidationPolicy::SkipLimits)
    .build()
    .expect("client");
    let refund = PaymentRefund::builder()
        .transaction_ref("short")
        .amount(100)
        .build();
    c.payment_refund(&refund).await.expect("sent");
    assert_eq!(
        server.received()[0].body,
        "serialNumber=VAD-111-111&key=k&transactionRef=short&amount=100"
    );
}

#[test]
fn environments_and_bad_base_urls() {
    assert_eq!(
        Environment::Production.base_url(),
        "https://secure.comnpay.com:60000/rest"
    );
    assert_eq!(
        Environment::Homologation.base_url(),
        "https://secure.homologation.comnpay.com:60000/rest"
    );
    let e = Client::builder(Environment::Production, Credentials::new("s", "k"))
        .base_url("ftp://x")
        .build()
        .unwrap_err();
    assert!(matches!(e, paybind::BuildError::BaseUrl { .. }));
}
