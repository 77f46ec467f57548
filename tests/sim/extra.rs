//! Extra parameters (`paybind::Extra`) of each gateway: on the wire in the request's own
//! encoding (a loopback server records what arrives), accepted by the simulator (which reads
//! the calls with the generated decoders and, for PaynetEasy, checks the `control`
//! signature), and refused before anything is sent when a name is one the spec defines.

use crate::support::{Answer, Server};

use paybind::encoding::Joined;
use paybind::sim::{Config, Simulator};
use paybind::{Error as PbError, Extra, Request as _, Rule};

/// The form pairs of a body, in order.
fn pairs(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn extra() -> Extra {
    Extra::new()
        .text("new_param", "a b&c")
        .sensitive("new_secret", "SECRET-EXTRA-1")
        .json("new_flags", serde_json::json!({"k": [1, true]}))
}

/// The three extra pairs as a form carries them, a JSON value as its text.
fn extra_pairs() -> Vec<(String, String)> {
    [
        ("new_param", "a b&c"),
        ("new_secret", "SECRET-EXTRA-1"),
        ("new_flags", r#"{"k":[1,true]}"#),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .to_vec()
}

mod comnpay {
    use super::*;
    use paybind::comnpay::*;

    fn token() -> TokenCreate {
        TokenCreate::builder()
            .card_type(TokenCardType::Cb)
            .card_number("4970100000000000")
            .card_expiration_date("2812".parse().expect("date"))
            .cvv("123")
            .origin("https://shop.example")
            .build()
    }

    fn debit() -> PaymentTokenDebit {
        PaymentTokenDebit::builder()
            .token_ref("tok-1")
            .transaction_ref("ORDER-0001")
            .amount(100)
            .redirection3_dsv2_url("https://shop.example/3ds")
            .browser(crate::support::browser())
            .build()
    }

    fn client(base: String, serial: &str, key: &str) -> Client {
        Client::builder(Environment::Homologation, Credentials::new(serial, key))
            .base_url(base)
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn extra_parameters_are_form_fields_after_the_spec_ones() {
        let server = Server::start(vec![Answer::json(r#"{"ok": 1}"#)]).await;
        let c = client(server.base_url(), "VAD-1", "KEY-1");
        let request = token();
        let plain = c.prepare(&request).expect("prepared").body_text();
        let with = request.with_extra(extra());
        assert_eq!(with.extra(), &extra());
        let shown = format!("{with:?}");
        assert!(
            shown.starts_with("WithExtra { request: TokenCreate {"),
            "{shown}"
        );
        assert!(
            shown.contains(r#""new_secret": <redacted secret>"#),
            "{shown}"
        );
        // The request's own form, as `encode` writes it, is the plain request's.
        let mut form = paybind::encoding::FormBody::with_capacity(64);
        paybind::Request::encode(&with, c.credentials(), &mut form).expect("encoded");
        assert_eq!(form.finish(), plain);
        c.send(&with).await.expect("an answer");
        let got = server.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/rest/token/create");
        assert_eq!(got[0].content_type, "application/x-www-form-urlencoded");
        let mut expected = pairs(&plain);
        expected.extend(extra_pairs());
        assert_eq!(pairs(&got[0].body), expected);

        // The simulator reads the call as a token/create, and answers it.
        let config = Config::default();
        let sim = Simulator::start(config.clone(), 0)
            .await
            .expect("simulator");
        let c = client(
            sim.comnpay_base_url(),
            &config.comnpay_serial_number,
            &config.comnpay_key,
        );
        let created = c.send(&request.with_extra(extra())).await.expect("token");
        assert!(created.token.and_then(|t| t.token_ref).is_some());
    }

    #[tokio::test]
    async fn a_spec_name_as_an_extra_parameter_is_refused_and_nothing_sent() {
        let server = Server::start(vec![]).await;
        let c = client(server.base_url(), "VAD-1", "KEY-1");
        let refund = PaymentRefund::builder()
            .transaction_ref("ORDER-0001")
            .amount(100)
            .build();
        // Parameters, a credential in either case, a sub-form's own name.
        for name in [
            "cardNumber",
            "SERIALNUMBER",
            "cvv",
            "key",
            "transactionRef",
            "customer",
        ] {
            let extra = Extra::new().sensitive(name, "SECRET-EXTRA-2");
            let e = match name {
                "key" | "transactionRef" => c.send(&refund.with_extra(extra)).await.map(drop),
                "customer" => c.prepare(&debit().with_extra(extra)).map(drop),
                _ => c.send(&token().with_extra(extra)).await.map(drop),
            }
            .expect_err("refused");
            let PbError::InvalidRequest(v) = &e else {
                panic!("{e:?}")
            };
            assert_eq!(v.violations.len(), 1, "{v}");
            assert_eq!(v.violations[0].field, name);
            assert!(
                matches!(v.violations[0].rule, Rule::DefinedBySpec { name: spec } if spec.eq_ignore_ascii_case(name)),
                "{v}"
            );
            let shown = format!("{e} {e:?}");
            assert!(
                shown.contains(&format!("`{name}` is a name the spec defines")),
                "{shown}"
            );
            assert!(!shown.contains("SECRET-EXTRA-2"), "{shown}");
        }
        // The spec's own rules still apply to the request.
        let short = PaymentRefund::builder()
            .transaction_ref("ORDER-1")
            .amount(100)
            .build();
        let e = c
            .send(&short.with_extra(Extra::new().text("new_param", "1")))
            .await
            .expect_err("too short");
        let PbError::InvalidRequest(v) = &e else {
            panic!("{e:?}")
        };
        let fields: Vec<&str> = v.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["transactionRef"], "{v}");
        assert!(server.received().is_empty(), "nothing is sent");
    }
}

mod payneteasy {
    use super::*;
    use paybind::payneteasy::*;

    fn sale(order: &str) -> Sale {
        crate::payneteasy::card_example(order, "4538977399606732").build()
    }

    fn client(base: String, brand: Brand, login: &str, key: &str) -> Client {
        let credentials = Credentials::new(login, key, Target::Endpoint(39529));
        Client::builder(brand, Environment::Sandbox, credentials)
            .base_url(base)
            .build()
            .expect("client")
    }

    /// PaynetEasy signs a fixed list of fields (002 § Request Parameters, row `control`):
    /// the extra parameters follow the signature, which they leave unchanged.
    #[tokio::test]
    async fn extra_parameters_are_unsigned_form_fields_after_the_control() {
        let line =
            "type=async-response\n&serial-number=1\n&merchant-order-id=X-1\n&paynet-order-id=7\n";
        let server = Server::start(vec![Answer::json(line)]).await;
        let c = client(server.base_url(), Brand::Connpay, "login", "CONTROL-KEY");
        let request = sale("X-1");
        c.send(&request.with_extra(extra()))
            .await
            .expect("accepted");
        let got = server.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/rest/sale/39529");
        let sent = pairs(&got[0].body);
        let control = request.signature(c.credentials());
        let at = sent.len() - 3;
        assert_eq!(sent[at - 1], ("control".to_string(), control));
        assert_eq!(sent[at..], extra_pairs());
        let plain = c.prepare(&request).expect("prepared").body_text();
        assert_eq!(
            sent[..at],
            pairs(&plain)[..],
            "the same request before them"
        );

        // The simulator recomputes the control from the documented fields and accepts it.
        let config = Config::default();
        let sim = Simulator::start(config.clone(), 0)
            .await
            .expect("simulator");
        for brand in [Brand::Payneteasy, Brand::Connpay] {
            let c = client(
                sim.payneteasy_base_url(brand),
                brand,
                &config.payneteasy_login,
                &config.payneteasy_merchant_control,
            );
            let accepted = c
                .send(&sale(&format!("X-{}", brand.id())).with_extra(extra()))
                .await
                .expect("accepted");
            assert!(accepted.paynet_order_id.is_some(), "{accepted:?}");
        }
    }

    #[tokio::test]
    async fn the_signature_currency_and_aliases_are_spec_names() {
        let server = Server::start(vec![]).await;
        let c = client(server.base_url(), Brand::Connpay, "login", "CONTROL-KEY");
        let request = sale("X-2");
        let names = ["control", "Currency", "tds_cres_notification_url", "amount"];
        let extra = names
            .iter()
            .fold(Extra::new().text("kept_apart", "1"), |e, n| e.text(*n, "1"));
        let e = c
            .send(&request.with_extra(extra))
            .await
            .expect_err("refused");
        let PbError::InvalidRequest(v) = &e else {
            panic!("{e:?}")
        };
        let fields: Vec<&str> = v.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, names, "{v}");
        assert!(server.received().is_empty(), "nothing is sent");
        // The same names through status, whose spec defines none of currency or amount.
        let status = Status::builder().client_orderid("X-2").build();
        let extra = Extra::new().text("currency", "EUR").text("amount", "1");
        let prepared = c
            .prepare(&status.with_extra(extra))
            .expect("not status names");
        assert!(prepared.body_text().ends_with("&currency=EUR&amount=1"));
    }
}

mod smoney {
    use super::*;
    use paybind::smoney::*;

    fn payment() -> CreateCardPayment {
        CreateCardPayment::builder()
            .amount(15000)
            .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
            .order_id("ORDER-X1")
            .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
            .is_mine(false)
            .message("Concert tickets")
            .url_return("https://shop.example/return")
            .url_callback("https://shop.example/callback")
            .build()
    }

    fn client(base: String, config: &Config) -> Client {
        let credentials = Credentials::new(
            config.smoney_token.clone(),
            config.smoney_partner.clone(),
            config.smoney_callback_secret.clone(),
        );
        Client::builder(Environment::Sandbox, credentials)
            .base_url(base)
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn extra_parameters_are_top_level_json_keys_and_a_gets_query() {
        let config = Config::default();
        let created = r#"{"Id": 9001, "OrderId": "ORDER-X1", "Amount": 15000, "Status": 0}"#;
        let server = Server::start(vec![Answer::json(created), Answer::json(created)]).await;
        let c = client(server.base_url(), &config);
        let request = payment();
        c.send(&request.with_extra(extra())).await.expect("created");
        let read = GetCardPayment::builder()
            .payment_order_id("ORDER-X1")
            .build();
        let query = Extra::new()
            .text("expand", "refunds & fees")
            .json("page", 2.into());
        c.send(&read.with_extra(query)).await.expect("read");
        let got = server.received();
        assert_eq!(got.len(), 2);
        let sent: serde_json::Value = serde_json::from_str(&got[0].body).expect("JSON");
        let mut expected: serde_json::Value =
            serde_json::from_str(&c.prepare(&request).expect("prepared").body_text())
                .expect("JSON");
        let top = expected.as_object_mut().expect("an object");
        top.insert("new_param".into(), "a b&c".into());
        top.insert("new_secret".into(), "SECRET-EXTRA-1".into());
        top.insert("new_flags".into(), serde_json::json!({"k": [1, true]}));
        assert_eq!(sent, expected);
        assert_eq!(got[1].method, "GET");
        assert_eq!(
            got[1].path,
            format!(
                "/rest/api/{}/payins/cardpayments/ORDER-X1",
                config.smoney_partner
            )
        );
        assert_eq!(got[1].query, "expand=refunds+%26+fees&page=2");

        // A path parameter is a spec name; a sensitive parameter would travel in the URL.
        let refused = Extra::new()
            .text("paymentOrderId", "other")
            .sensitive("api_key", "SECRET-EXTRA-3");
        let e = c
            .send(&read.with_extra(refused))
            .await
            .expect_err("refused");
        let PbError::InvalidRequest(v) = &e else {
            panic!("{e:?}")
        };
        let rules: Vec<(&str, &Rule)> = v
            .violations
            .iter()
            .map(|v| (v.field.as_str(), &v.rule))
            .collect();
        assert!(
            matches!(
                rules[..],
                [
                    (
                        "paymentOrderId",
                        Rule::DefinedBySpec {
                            name: "paymentOrderId"
                        }
                    ),
                    ("api_key", Rule::SensitiveInUrl),
                ]
            ),
            "{v}"
        );
        assert!(!format!("{e} {e:?}").contains("SECRET-EXTRA-3"));
        assert_eq!(server.received().len(), 2, "nothing more is sent");

        // The simulator reads both calls as its own.
        let sim = Simulator::start(config.clone(), 0)
            .await
            .expect("simulator");
        let c = client(sim.smoney_base_url(), &config);
        let created = c.send(&request.with_extra(extra())).await.expect("created");
        assert!(created.href.is_some(), "{created:?}");
        let read_back = c
            .send(&read.with_extra(Extra::new().text("expand", "refunds")))
            .await
            .expect("read");
        assert_eq!(read_back.order_id.as_deref(), Some("ORDER-X1"));
    }
}
