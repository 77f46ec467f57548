//! `paybind::gateway!` (feature `macros`): two gateways invented for these tests, bound from
//! their specs in `tests/macros/` and exercised against a loopback server, and the
//! compile-time errors of `tests/ui_macros/` (trybuild).
//!
//! `cargo test --features macros --test macros`; the `.stderr` files are refreshed with
//! `TRYBUILD=overwrite`.

#![cfg(feature = "macros")]

#[path = "support/mod.rs"]
mod support;

use paybind::{Money, ReturnCategory, Rule};

use support::{violations, Answer as Reply, Server};

/// Acme Checkout: signed form requests, JSON answers, a signed callback.
pub mod checkout {
    paybind::gateway!("tests/macros/acme_form.yaml");
}

/// Acme Wallet: JSON requests with a bearer token.
pub mod wallet {
    paybind::gateway!("tests/macros/acme_json.yaml");
}

/// Spec errors, a missing spec and a missing required field do not compile, and say why.
#[test]
fn ui() {
    // trybuild builds its cases in a crate of its own under `target/`, whose
    // CARGO_MANIFEST_DIR holds no spec; the macro reads PAYBIND_MANIFEST_DIR instead when it
    // is set. Each case's compiler inherits this process's environment. Nothing else here
    // writes the environment, and the other tests read it only through std (reqwest's proxy
    // lookup), which serialises with `set_var`.
    std::env::set_var("PAYBIND_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui_macros/*.rs");
    t.pass("tests/ui_macros/pass/*.rs");
}

mod form {
    use super::checkout::*;
    use super::*;

    const SHOP: &str = "SHOP-1";
    const KEY: &str = "K3Y-s1gn";

    fn client(base: String) -> Client {
        Client::builder(Environment::Sandbox, Credentials::new(SHOP, KEY))
            .base_url(base)
            .build()
            .expect("client")
    }

    fn pay() -> Pay {
        Pay::builder()
            .order_ref("ORDER-42")
            .amount(Money::parse("10.42", "EUR").expect("money"))
            .card_token("tok_visa_4242")
            .notify_url("https://shop.example/notify")
            .build()
    }

    // sha1("ORDER-42" "1042" "K3Y-s1gn"), computed independently with Python's hashlib.
    const SIGNED: &str = "shopId=SHOP-1&orderRef=ORDER-42&amount=10.42&currency=EUR\
        &cardToken=tok_visa_4242&notifyUrl=https%3A%2F%2Fshop.example%2Fnotify\
        &sign=6ba27c03449a36f4b4b243834a6fd78cde462d03";

    #[tokio::test]
    async fn a_signed_request_and_its_decoded_answer() {
        let server = Server::start(vec![Reply::json(
            r#"{"result":"accepted","code":"0","paymentId":7001,"status":"pending","extra":1}"#,
        )])
        .await;
        let answer = client(server.base_url())
            .pay(&pay())
            .await
            .expect("accepted");
        assert_eq!(answer.result.as_deref(), Some("accepted"));
        assert_eq!(answer.code, Some(ReturnCode::Accepted));
        assert_eq!(answer.payment_id, Some(7001));
        assert_eq!(answer.status, Some(PaymentStatus::Pending));

        let got = server.received();
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].method.as_str(), got[0].path.as_str()),
            ("POST", "/rest/pay")
        );
        assert_eq!(got[0].content_type, "application/x-www-form-urlencoded");
        assert_eq!(got[0].body, SIGNED);
        assert!(!got[0].body.contains(KEY), "the signing key is never sent");
    }

    #[tokio::test]
    async fn a_refusal_is_typed() {
        let server = Server::start(vec![Reply::json(
            r#"{"result":"refused","code":"12","message":"Card expired"}"#,
        )])
        .await;
        match client(server.base_url()).pay(&pay()).await {
            Err(Error::Refused(r)) => {
                assert_eq!(r.code, ReturnCode::CardExpired);
                assert_eq!(r.code.category(), ReturnCategory::HardDecline);
                assert_eq!(r.message.as_deref(), Some("Card expired"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn an_invalid_request_is_never_sent() {
        let server = Server::start(vec![]).await;
        let bad = Pay::builder()
            .order_ref("o-1")
            .amount(Money::parse("10.42", "EUR").expect("money"))
            .card_token("tok")
            .build();
        assert_eq!(
            violations(bad.validate()),
            vec![
                ("orderRef".into(), Rule::MinLength { min: 4, actual: 3 }),
                (
                    "orderRef".into(),
                    Rule::Pattern {
                        pattern: "^[A-Z0-9-]+$"
                    }
                ),
            ]
        );
        let sent = client(server.base_url()).pay(&bad).await;
        assert!(matches!(sent, Err(Error::InvalidRequest(_))), "{sent:?}");
        assert!(server.received().is_empty());
    }

    /// A spec of your own takes extra parameters as the bundled ones do: after the signed
    /// form, unsigned; its own names (the credential, the signature) refused.
    #[tokio::test]
    async fn extra_parameters_follow_the_signed_form() {
        use paybind::{Extra, Request as _};
        let server = Server::start(vec![Reply::json(r#"{"result":"accepted","code":"0"}"#)]).await;
        let c = client(server.base_url());
        let extra = Extra::new()
            .text("channel", "web")
            .sensitive("device_key", "DK-1");
        c.send(&pay().with_extra(extra)).await.expect("accepted");
        let got = server.received();
        assert_eq!(got[0].body, format!("{SIGNED}&channel=web&device_key=DK-1"));
        for name in ["sign", "shopId", "currency"] {
            let e = c
                .send(&pay().with_extra(Extra::new().text(name, "x")))
                .await
                .expect_err("a spec name");
            assert!(
                e.to_string()
                    .contains(&format!("`{name}` is a name the spec defines")),
                "{e}"
            );
        }
        assert_eq!(server.received().len(), 1, "nothing more is sent");
    }

    // sha1("ORDER-42" "paid" "1042" "K3Y-s1gn"), computed with Python's hashlib.
    const CALLBACK: &str =
        "orderRef=ORDER-42&status=paid&amount=1042&sign=bd441dfaa8c06c76d8c6a8f6f983470d1760792a";

    #[test]
    fn a_signed_callback_is_verified_and_a_forged_one_refused() {
        let credentials = Credentials::new(SHOP, KEY);
        let cb = credentials
            .verify_callback(CALLBACK.as_bytes())
            .expect("verified");
        assert_eq!(cb.order_ref.as_deref(), Some("ORDER-42"));
        assert_eq!(cb.status, Some(PaymentStatus::Paid));
        assert_eq!(cb.amount, Some(1042));

        let forged = CALLBACK.replace("status=paid", "status=failed");
        assert!(matches!(
            credentials.verify_callback(forged.as_bytes()),
            Err(paybind::CallbackError::BadSignature { field: "sign" })
        ));
        assert!(Credentials::new(SHOP, "another-key")
            .verify_callback(CALLBACK.as_bytes())
            .is_err());
    }

    #[test]
    fn the_module_names_its_spec_and_redacts_secrets() {
        assert_eq!(SPEC, "tests/macros/acme_form.yaml");
        assert_eq!(TITLE, "Acme Checkout (test gateway)");
        let debug = format!("{:?} {:?}", Credentials::new(SHOP, KEY), pay());
        assert!(
            !debug.contains(KEY) && !debug.contains("tok_visa_4242"),
            "{debug}"
        );
    }
}

mod json {
    use super::wallet::*;
    use super::*;

    fn client(base: String) -> Client {
        Client::builder(Environment::Sandbox, Credentials::new("tok-wallet"))
            .base_url(base)
            .build()
            .expect("client")
    }

    fn transfer() -> CreateTransfer {
        CreateTransfer::builder()
            .from("W-1")
            .to("W-2")
            .amount(2500)
            .currency("EUR")
            .memo("Rent")
            .build()
    }

    #[tokio::test]
    async fn a_json_request_with_a_bearer_token_and_its_decoded_answer() {
        let server = Server::start(vec![Reply::json(
            r#"{"id":"T-9","status":"held","amount":2500,"memo":"Rent"}"#,
        )])
        .await;
        let done = client(server.base_url())
            .create_transfer(&transfer())
            .await
            .expect("accepted");
        assert_eq!(done.id.as_deref(), Some("T-9"));
        assert_eq!(done.status, Some(TransferStatus::Held));
        assert_eq!(done.amount, Some(paybind::MinorUnits(2500)));

        let got = server.received();
        assert_eq!(
            (got[0].method.as_str(), got[0].path.as_str()),
            ("POST", "/rest/transfers")
        );
        assert_eq!(got[0].authorization, "Bearer tok-wallet");
        assert_eq!(got[0].content_type, "application/json");
        assert_eq!(
            got[0].body,
            r#"{"from":"W-1","to":"W-2","amount":2500,"currency":"EUR","memo":"Rent"}"#
        );
    }

    #[tokio::test]
    async fn extra_parameters_are_top_level_keys() {
        use paybind::{Extra, Request as _};
        let server = Server::start(vec![Reply::json(r#"{"id":"T-9"}"#)]).await;
        let extra = Extra::new().json("priority", 2.into());
        client(server.base_url())
            .send(&transfer().with_extra(extra))
            .await
            .expect("accepted");
        assert_eq!(
            server.received()[0].body,
            r#"{"from":"W-1","to":"W-2","amount":2500,"currency":"EUR","memo":"Rent","priority":2}"#
        );
    }

    #[tokio::test]
    async fn an_error_answer_is_a_refusal() {
        let server = Server::start(vec![Reply {
            status: 402,
            body: r#"{"error":"4001","detail":"Not enough money"}"#.into(),
            delay: std::time::Duration::ZERO,
        }])
        .await;
        match client(server.base_url()).create_transfer(&transfer()).await {
            Err(Error::Refused(r)) => {
                assert_eq!(r.code, ReturnCode::InsufficientFunds);
                assert_eq!(r.code.category(), ReturnCategory::SoftDecline);
                assert_eq!(r.message.as_deref(), Some("Not enough money"));
                assert_eq!(r.status, 402);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
