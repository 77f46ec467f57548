//! Every snapshot of `codegen/tests/specs/` compiles, in a module of its own under
//! `#[deny(warnings, missing_docs)]`, and does what its spec says, checked through the
//! public API only: builders and `validate()`, return codes, enums, callbacks, and calls to a
//! loopback server.
//!
//! The generated code refers to the runtime as `::paybind::...`, so it compiles in any crate
//! that depends on paybind. The snapshots themselves are checked against the generator by
//! `codegen/tests/feature_specs.rs`; refresh them with
//! `EXPECTORATE=overwrite cargo test -p paybind-codegen --test feature_specs`.

use std::time::Duration;

use paybind::encoding::FromForm;
use paybind::{Money, ReturnCategory, Rule, ValidationPolicy};

use crate::support::{violations, Answer as Reply, Server};

/// Includes each snapshot as `pub mod <name>` and lists them in `SNAPSHOTS`.
macro_rules! snapshots {
    ($($name:ident),* $(,)?) => {
        $(
            #[doc = concat!("The snapshot of `codegen/tests/specs/", stringify!($name), ".yaml`.")]
            #[deny(warnings, missing_docs)]
            pub mod $name {
                // `include!` rather than `#[path]`, so that `cargo fmt` leaves the
                // generator's own formatting alone.
                include!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/codegen/tests/specs/",
                    stringify!($name),
                    ".rs"
                ));
            }
        )*
        /// Every snapshot compiled here, by file stem.
        const SNAPSHOTS: &[&str] = &[$(stringify!($name)),*];
    };
}

snapshots!(
    brands,
    callback_sorted,
    callbacks,
    enums_objects,
    form_basic,
    json_bearer,
    money,
    outcome,
    rules,
    signature,
    variants,
);

#[test]
fn every_snapshot_is_compiled_here() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/codegen/tests/specs");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("codegen/tests/specs")
        .filter_map(|e| {
            let path = e.expect("entry").path();
            let is_rs = path.extension().is_some_and(|x| x == "rs");
            is_rs.then(|| {
                path.file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .into_owned()
            })
        })
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, SNAPSHOTS,
        "add the new snapshot to snapshots!(...)"
    );
}

/// A loopback server answering `answers` in order, and its base URL.
async fn server(answers: Vec<Reply>) -> (Server, String) {
    let server = Server::start(answers).await;
    let base = server.base_url();
    (server, base)
}

/// The pairs of a form body, decoded.
fn pairs(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

fn money(text: &str, currency: &str) -> Money {
    Money::parse(text, currency).expect("money")
}

/// form_basic.yaml: field kinds and their limits, the refusal envelope, return codes.
mod form_basic_behaves {
    use super::form_basic::*;
    use super::*;

    /// A builder with both required fields set (a macro, so as not to name the builder's
    /// typestate parameters).
    macro_rules! charge {
        ($order_ref:expr, $amount:expr) => {
            Charge::builder().order_ref($order_ref).amount($amount)
        };
    }

    #[test]
    fn limits_are_checked_at_their_boundaries() {
        assert_eq!(charge!("ORD1", 1).country("FR").build().validate(), Ok(()));
        assert_eq!(charge!(&"A".repeat(24), 500_000).build().validate(), Ok(()));
        assert_eq!(
            violations(charge!("ab1", 0).build().validate()),
            vec![
                ("orderRef".into(), Rule::MinLength { min: 4, actual: 3 }),
                (
                    "orderRef".into(),
                    Rule::Pattern {
                        pattern: "^[A-Z0-9-]+$"
                    }
                ),
                ("amount".into(), Rule::Min { min: 1 }),
            ]
        );
        let r = charge!("ORDER-0001", 500_001)
            .country("FRA")
            .installments(13)
            .build()
            .validate();
        assert_eq!(
            violations(r),
            vec![
                ("amount".into(), Rule::Max { max: 500_000 }),
                ("country".into(), Rule::MaxLength { max: 2, actual: 3 }),
                ("installments".into(), Rule::Max { max: 12 }),
            ]
        );
    }

    /// `aliases: [shippingDate]`: a server reads either name as `shipDate`, never both.
    #[test]
    fn a_form_field_is_read_under_its_alias() {
        let by_name = Charge::from_form(b"orderRef=ORD1&amount=100&shipDate=20250102");
        let by_alias = Charge::from_form(b"orderRef=ORD1&amount=100&shippingDate=20250102");
        let by_name = by_name.expect("by its name");
        assert_eq!(by_alias.expect("by its alias"), by_name);
        assert_eq!(by_name.ship_date, Some("20250102".parse().expect("date")));
        let both =
            Charge::from_form(b"orderRef=ORD1&amount=100&shippingDate=20250102&shipDate=20250103");
        let e = both.expect_err("both names").to_string();
        assert!(
            e.contains("`shippingDate` and `shipDate` are one parameter"),
            "{e}"
        );
    }

    #[test]
    fn return_codes_have_a_category_and_keep_unknown_values() {
        assert!(ReturnCode::from_code("00").is_success());
        assert_eq!(
            ReturnCode::from_code("51").category(),
            ReturnCategory::SoftDecline
        );
        assert_eq!(
            ReturnCode::from_code("59").category(),
            ReturnCategory::Fraud
        );
        assert_eq!(ReturnCode::from_code("94"), ReturnCode::DuplicateOrder);
        let unknown = ReturnCode::from_code("77");
        assert_eq!(unknown, ReturnCode::Unknown("77".into()));
        assert_eq!(unknown.category(), ReturnCategory::Unknown);
        assert_eq!((unknown.code(), unknown.description()), ("77", ""));
    }

    #[tokio::test]
    async fn sends_credentials_first_and_reads_a_refusal() {
        let (server, base) = server(vec![Reply::json(
            r#"{"status":"KO","code":"51","message":"Not enough money","chargeId":null}"#,
        )])
        .await;
        let client = Client::builder(Environment::Sandbox, Credentials::new("M-1", "key-1"))
            .base_url(base)
            .build()
            .expect("client");
        let request = charge!("ORDER-0001", 1590)
            .capture(true)
            .ship_date("20260315".parse().expect("date"))
            .build();
        match client.charge(&request).await {
            Err(Error::Refused(r)) => {
                assert_eq!(r.code, ReturnCode::InsufficientFunds);
                assert_eq!(r.message.as_deref(), Some("Not enough money"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        let got = server.received();
        assert_eq!(got[0].path, "/rest/charge");
        assert_eq!(
            got[0].body,
            "merchantId=M-1&apiKey=key-1&orderRef=ORDER-0001&amount=1590&capture=1&shipDate=20260315"
        );
    }
}

/// signature.yaml: the target in the URL, a SHA-1 signature, a key never sent, line answers.
mod signature_behaves {
    use super::signature::*;
    use super::*;

    fn client(base: String, target: Target) -> Client {
        Client::builder(
            Environment::Sandbox,
            Credentials::new("acme-login", "CTRL-KEY-1", target),
        )
        .base_url(base)
        .build()
        .expect("client")
    }

    fn pay() -> Pay {
        Pay::builder()
            .order_ref("ORDER-7")
            .amount(money("10.42", "EUR"))
            .build()
    }

    #[test]
    fn targets_end_the_url() {
        assert_eq!(Target::Endpoint(4242).path_suffix(), "/4242");
        assert_eq!(Target::Group(17).path_suffix(), "/group/17");
        assert_eq!(Target::Group(17).id(), 17);
    }

    // Expected signatures computed independently with Python's hashlib:
    // sha1("4242" "ORDER-7" "1042" "CTRL-KEY-1") and sha1("17" "ORDER-7" "1042" "CTRL-KEY-1").
    #[tokio::test]
    async fn the_client_signs_and_never_sends_the_key() {
        let (server, base) = server(vec![
            Reply::json("type=async-response\n&order-id=99\n"),
            Reply::json("type=async-response\n&order-id=100\n"),
        ])
        .await;
        let answer = client(base.clone(), Target::Endpoint(4242))
            .pay(&pay())
            .await
            .expect("accepted");
        assert_eq!(answer.order_id.as_deref(), Some("99"));
        client(base, Target::Group(17))
            .pay(&pay())
            .await
            .expect("accepted");
        let got = server.received();
        assert_eq!(got[0].path, "/rest/pay/4242");
        assert_eq!(got[1].path, "/rest/pay/group/17");
        assert_eq!(
            pairs(&got[0].body),
            pairs("login=acme-login&order_ref=ORDER-7&amount=10.42&currency=EUR&control=d3719304f79e1645f335577e735bf35e1a48005d")
        );
        assert!(got[1]
            .body
            .ends_with("&control=b79c7c4c39637306620604918dcc05913797e1bd"));
        assert!(!got.iter().any(|r| r.body.contains("CTRL-KEY-1")));
    }

    #[tokio::test]
    async fn a_line_encoded_refusal_is_typed() {
        let (_server, base) = server(vec![Reply::json(
            "type=validation-error\n&error-code=3\n&error-message=Unknown+endpoint\n",
        )])
        .await;
        match client(base, Target::Endpoint(1)).pay(&pay()).await {
            Err(Error::Refused(r)) => {
                assert_eq!(r.code, ReturnCode::Unknown("3".into()));
                assert_eq!(r.message.as_deref(), Some("Unknown endpoint"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

/// json_bearer.yaml: JSON bodies, media type, bearer and path credentials, GET with a path
/// parameter, answers read whatever the case of their keys.
mod json_bearer_behaves {
    use super::json_bearer::*;
    use super::*;

    fn client(base: String) -> Client {
        Client::builder(
            Environment::Sandbox,
            Credentials::new("tok-1", "corner shop"),
        )
        .base_url(base)
        .build()
        .expect("client")
    }

    #[tokio::test]
    async fn create_then_read_an_order() {
        let (server, base) = server(vec![
            Reply::json(r#"{"orderid":"A/1 b","AMOUNT":1500,"paid":false}"#),
            Reply::json(r#"{"ORDERID":"A/1 b","amount":1500,"Paid":true}"#),
        ])
        .await;
        let client = client(base);
        let create = CreateOrder::builder()
            .order_id("A/1 b")
            .amount(1500)
            .build();
        let created = client.create_order(&create).await.expect("created");
        assert_eq!(created.order_id.as_deref(), Some("A/1 b"));
        assert_eq!(created.amount, Some(paybind::MinorUnits(1500)));
        assert_eq!(created.paid, Some(false));
        let read = client
            .get_order(&GetOrder::builder().order_id("A/1 b").build())
            .await
            .expect("read");
        assert_eq!(read.paid, Some(true));

        let got = server.received();
        let media = "application/vnd.acme.v2+json";
        assert_eq!(
            (got[0].method.as_str(), got[0].path.as_str()),
            ("POST", "/rest/shops/corner%20shop/orders")
        );
        assert_eq!(got[0].authorization, "Bearer tok-1");
        assert_eq!(
            (got[0].accept.as_str(), got[0].content_type.as_str()),
            (media, media)
        );
        let body: serde_json::Value = serde_json::from_str(&got[0].body).expect("JSON body");
        assert_eq!(
            body,
            serde_json::json!({ "OrderId": "A/1 b", "Amount": 1500 })
        );
        assert_eq!(
            (got[1].method.as_str(), got[1].path.as_str()),
            ("GET", "/rest/shops/corner%20shop/orders/A%2F1%20b")
        );
        assert_eq!(got[1].body, "");
        assert_eq!(got[1].authorization, "Bearer tok-1");
    }

    #[tokio::test]
    async fn an_error_answer_is_a_refusal() {
        let (_server, base) = server(vec![Reply {
            status: 404,
            body: r#"{"ErrorCode":"2003","ErrorMessage":"No such order"}"#.into(),
            delay: Duration::ZERO,
        }])
        .await;
        match client(base)
            .get_order(&GetOrder::builder().order_id("nope").build())
            .await
        {
            Err(Error::Refused(r)) => {
                assert_eq!(r.code, ReturnCode::Unknown("2003".into()));
                assert_eq!(r.status, 404);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    /// `aliases: [Comment]` on a JSON body parameter.
    #[test]
    fn a_json_field_is_read_under_its_alias() {
        let read = CreateOrder::from_json(br#"{"OrderId":"A1","Amount":1500,"Comment":"hi"}"#)
            .expect("by its alias");
        assert_eq!(read.note.as_deref(), Some("hi"));
        let both =
            CreateOrder::from_json(br#"{"OrderId":"A1","Amount":1500,"Comment":"hi","Note":"ho"}"#);
        let e = both.expect_err("both names").to_string();
        assert!(
            e.contains("are one parameter (`Note`, also read as `Comment`)"),
            "{e}"
        );
    }

    #[test]
    fn the_token_is_redacted() {
        let debug = format!("{:?}", Credentials::new("tok-1", "corner shop"));
        assert!(
            debug.contains("<redacted secret>") && !debug.contains("tok-1"),
            "{debug}"
        );
    }
}

/// brands.yaml: per-brand hosts, a field of one brand only, a per-brand limit.
mod brands_behaves {
    use super::brands::*;
    use super::*;

    fn sale() -> Sale {
        Sale::builder()
            .order_ref("ORDER-1")
            .address("x".repeat(60))
            .notify_url("https://shop.example/notify")
            .build()
    }

    #[test]
    fn each_brand_has_its_hosts() {
        assert_eq!(Brand::Acme.id(), "acme");
        assert_eq!(
            Brand::Globex.base_url(Environment::Sandbox),
            "https://sandbox.globex.example/api"
        );
        let client = Client::new(
            Brand::Globex,
            Environment::Production,
            Credentials::new("k"),
        )
        .expect("client");
        assert_eq!(client.base_url(), "https://pay.globex.example/api");
    }

    #[test]
    fn each_brand_has_its_documents() {
        assert_eq!(
            sale().validate_for(Brand::Acme, ValidationPolicy::Strict),
            Ok(())
        );
        assert_eq!(
            violations(sale().validate_for(Brand::Globex, ValidationPolicy::Strict)),
            vec![
                (
                    "address".into(),
                    Rule::MaxLength {
                        max: 50,
                        actual: 60
                    }
                ),
                (
                    "notifyUrl".into(),
                    Rule::NotDocumentedForBrand {
                        brand: "globex",
                        documented: &["acme"]
                    }
                ),
            ]
        );
    }

    #[tokio::test]
    async fn a_client_checks_its_own_brand() {
        let (server, base) = server(vec![Reply::json(r#"{"ok":1,"code":"0"}"#)]).await;
        let globex = Client::builder(Brand::Globex, Environment::Sandbox, Credentials::new("k"))
            .base_url(base.clone())
            .build()
            .expect("client");
        assert!(matches!(
            globex.sale(&sale()).await,
            Err(Error::InvalidRequest(_))
        ));
        assert!(server.received().is_empty(), "nothing was sent");
        let acme = Client::builder(Brand::Acme, Environment::Sandbox, Credentials::new("k"))
            .base_url(base)
            .build()
            .expect("client");
        let answer = acme.sale(&sale()).await.expect("sent");
        assert_eq!(answer.code, Some(ReturnCode::Accepted));
    }
}

/// money.yaml: Money sent in major units with its currency; limits in minor units.
mod money_behaves {
    use super::money::*;
    use super::*;

    /// A builder with both required fields set.
    macro_rules! charge {
        ($amount:expr) => {
            Charge::builder().amount($amount).reference("R-1")
        };
    }

    #[test]
    fn limits_are_in_minor_units() {
        assert_eq!(charge!(money("1.00", "EUR")).build().validate(), Ok(()));
        assert_eq!(charge!(money("10000", "EUR")).build().validate(), Ok(()));
        assert_eq!(
            violations(charge!(money("0.99", "EUR")).build().validate()),
            vec![("amount".into(), Rule::Min { min: 100 })]
        );
        // The yen has no minor unit: 99 JPY is 99 minor units, under the minimum of 100.
        assert_eq!(
            violations(charge!(money("99", "JPY")).build().validate()),
            vec![("amount".into(), Rule::Min { min: 100 })]
        );
    }

    #[tokio::test]
    async fn amounts_travel_in_major_units_with_their_currency() {
        let (server, base) = server(vec![
            Reply::json(r#"{"chargeId":"c1"}"#),
            Reply::json(r#"{"chargeId":"c2"}"#),
        ])
        .await;
        let client = Client::builder(Environment::Sandbox, Credentials::new("k"))
            .base_url(base)
            .build()
            .expect("client");
        let eur = charge!(money("10.42", "EUR"))
            .tip(money("1.5", "EUR"))
            .build();
        client.charge(&eur).await.expect("charged");
        client
            .charge(&charge!(money("1500", "JPY")).build())
            .await
            .expect("charged");
        let got = server.received();
        // Major units without needless trailing zeros (1.50 EUR is "1.5"); the yen has no
        // decimals. The tip has no currency field of its own: it is in the amount's.
        assert_eq!(
            got[0].body,
            "apiKey=k&amount=10.42&currency=EUR&tip=1.5&reference=R-1"
        );
        assert_eq!(
            got[1].body,
            "apiKey=k&amount=1500&currency=JPY&reference=R-1"
        );
    }

    #[test]
    fn a_form_reads_back_into_money() {
        let read = Charge::from_form(b"apiKey=k&amount=10.42&currency=EUR&reference=R-1")
            .expect("decodes");
        assert_eq!(read.amount, money("10.42", "EUR"));
        assert_eq!(read.amount.minor(), 1042);
    }
}

/// rules.yaml: one rule of each kind, a named rule set, an object rule, a dotted path.
mod rules_behaves {
    use super::rules::*;
    use super::*;

    /// A card payment by a known customer in France, as a builder: every rule holds.
    macro_rules! order {
        () => {
            Order::builder()
                .order_ref("ORDER-1")
                .method(Method::Card)
                .card_number("4970101122334455")
                .cvv("123")
                .customer_id("C-42")
                .country("FR")
        };
    }

    #[test]
    fn a_complete_order_is_valid() {
        assert_eq!(order!().build().validate(), Ok(()));
    }

    #[test]
    fn named_rule_set() {
        // required_unless: a name, unless a customerId; required_with: cvv with a card.
        let r = Order::builder()
            .order_ref("ORDER-1")
            .method(Method::Card)
            .card_number("4970101122334455")
            .country("FR")
            .build()
            .validate();
        let got = violations(r);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["firstName", "lastName", "cvv"]);
        assert!(got
            .iter()
            .all(|(_, rule)| matches!(rule, Rule::RequiredIf { .. })));
        let with_name = order!().first_name("Ada").last_name("Lovelace").build();
        assert_eq!(with_name.validate(), Ok(()));
    }

    #[test]
    fn group_rules() {
        // The builder refuses two of a choice at compile time (tests/ui_macros/
        // exactly_one_of_both.rs); a value changed after it was built is still checked.
        // exactly_one_of: a card and a wallet.
        let mut two = order!().build();
        two.wallet_id = Some("W-1".into());
        let two = two.validate();
        assert!(violations(two)
            .iter()
            .any(|(_, r)| matches!(r, Rule::ExactlyOneOf { present: 2, .. })));
        // at_most_one_of: both ways of notification.
        let mut both = order!().notify_url("https://shop.example/n").build();
        both.notify_email = Some("ops@shop.example".into());
        let both = both.validate();
        assert!(violations(both)
            .iter()
            .any(|(_, r)| matches!(r, Rule::AtMostOneOf { present: 2, .. })));
        // all_or_none: an IBAN without its BIC (paying by SEPA instead of the card).
        let mut sepa = Order::builder()
            .order_ref("ORDER-1")
            .method(Method::Sepa)
            .wallet_id("W-1")
            .customer_id("C-42")
            .country("FR")
            .build();
        sepa.wallet_id = None;
        sepa.iban = Some("FR7630006000011234567890189".into());
        let sepa = sepa.validate();
        assert!(violations(sepa)
            .iter()
            .any(|(_, r)| matches!(r, Rule::AllOrNone { present: 1, .. })));
    }

    #[test]
    fn conditional_rules() {
        // required_if with `in`: a US payer gives a state; not_in: outside FR, a VAT number.
        let us = order!().country("US").build().validate();
        let fields: Vec<String> = violations(us).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["state", "vatNumber"]);
        let us = order!()
            .country("US")
            .state("NY")
            .vat_number("US-1")
            .build();
        assert_eq!(us.validate(), Ok(()));
        // max_length_if: 22 characters for a SEPA label, 100 otherwise.
        let label = "x".repeat(23);
        assert_eq!(order!().label(label.clone()).build().validate(), Ok(()));
        let sepa = Order::builder()
            .order_ref("ORDER-1")
            .method(Method::Sepa)
            .iban("FR7630006000011234567890189")
            .bic("AGRIFRPP")
            .customer_id("C-42")
            .country("FR")
            .label(label)
            .build()
            .validate();
        assert!(matches!(
            violations(sepa).as_slice(),
            [(f, Rule::MaxLengthIf { max: 22, actual: 23, .. })] if f == "label"
        ));
    }

    #[test]
    fn one_of_required_with() {
        // A challenge URL needs the browser's data or the application's; either alone, or
        // neither without a challenge URL, is fine.
        let r = order!()
            .challenge_url("https://shop.example/3ds")
            .build()
            .validate();
        assert_eq!(
            violations(r),
            [(
                "browserData".to_string(),
                Rule::OneOfRequiredIf {
                    fields: &["browserData", "appData"],
                    condition: "`challengeUrl` is given"
                }
            )]
        );
        for with in [
            order!()
                .challenge_url("https://shop.example/3ds")
                .app_data("app")
                .build(),
            order!()
                .challenge_url("https://shop.example/3ds")
                .browser_data("browser")
                .build(),
            order!().browser_data("browser").build(),
        ] {
            assert_eq!(with.validate(), Ok(()));
        }
    }

    #[test]
    fn object_and_dotted_path_rules() {
        // The object's own rule: a parcel needs a street.
        let post = order!()
            .shipping(Shipping::builder().delivery(Delivery::Post).build())
            .build()
            .validate();
        assert!(matches!(
            violations(post).as_slice(),
            [(f, Rule::RequiredIf { .. })] if f == "shipping.street"
        ));
        // The endpoint's dotted rule: a digital delivery needs shipping.email.
        let digital = order!()
            .shipping(Shipping::builder().delivery(Delivery::Digital).build())
            .build()
            .validate();
        assert!(matches!(
            violations(digital).as_slice(),
            [(f, Rule::RequiredIf { .. })] if f == "shipping.email"
        ));
        let delivered = Shipping::builder()
            .delivery(Delivery::Digital)
            .email("ada@example.org")
            .build();
        assert_eq!(order!().shipping(delivered).build().validate(), Ok(()));
    }

    #[test]
    fn skip_limits_still_checks_rules() {
        let mut r = order!().build();
        r.wallet_id = Some("W-1".into());
        // A limit broken too (rules.yaml: label is at most 100 characters): skipped.
        r.label = Some("x".repeat(101));
        assert!(violations(r.validate()).contains(&(
            "label".to_string(),
            Rule::MaxLength {
                max: 100,
                actual: 101
            }
        )));
        let r = r.validate_with(ValidationPolicy::SkipLimits);
        // rules.yaml: `exactly_one_of: [cardNumber, walletId, iban]`, reported under its
        // first field; two are given.
        assert_eq!(
            violations(r),
            [(
                "cardNumber".to_string(),
                Rule::ExactlyOneOf {
                    fields: &["cardNumber", "walletId", "iban"],
                    present: 2
                }
            )]
        );
    }
}

/// variants.yaml: two request types at one path; a money-moving call and its lookup.
mod variants_behaves {
    use super::variants::*;
    use super::*;

    #[test]
    fn each_variant_is_its_own_request_type() {
        let by_ref = RefundByReference::builder()
            .refund_ref("RF-1")
            .payment_ref("PAY-1")
            .amount(500)
            .build();
        assert_eq!(by_ref.validate(), Ok(()));
        let by_token = RefundByToken::builder()
            .refund_ref("RF-2")
            .token("tok_secret_1")
            .amount(0)
            .build();
        assert_eq!(
            violations(by_token.validate()),
            vec![("amount".into(), Rule::Min { min: 1 })]
        );
        let debug = format!("{by_token:?}");
        assert!(debug.contains("<redacted token>") && !debug.contains("tok_secret_1"));
    }

    #[tokio::test]
    async fn a_timeout_is_an_outcome_unknown_never_resent() {
        let (server, base) = server(vec![
            Reply::json(r#"{"ok":1,"code":"000","refundRef":"RF-1"}"#),
            Reply {
                status: 200,
                body: r#"{"ok":1}"#.into(),
                delay: Duration::from_secs(3),
            },
        ])
        .await;
        let client = Client::builder(Environment::Sandbox, Credentials::new("k"))
            .base_url(base)
            .timeout(Duration::from_millis(300))
            .build()
            .expect("client");
        let by_ref = RefundByReference::builder()
            .refund_ref("RF-1")
            .payment_ref("PAY-1")
            .amount(500)
            .build();
        let done = client.refund_by_reference(&by_ref).await.expect("done");
        assert_eq!(done.code, Some(ReturnCode::Done));
        let by_token = RefundByToken::builder()
            .refund_ref("RF-2")
            .token("tok_1")
            .amount(500)
            .build();
        match client.refund_by_token(&by_token).await {
            Err(Error::OutcomeUnknown(u)) => {
                assert_eq!(u.lookup_endpoint, "refund/find");
                assert_eq!(u.lookup_field, "refundRef");
                assert_eq!(u.lookup_value, "RF-2");
            }
            other => panic!("expected OutcomeUnknown, got {other:?}"),
        }
        let got = server.received();
        assert_eq!(got.len(), 2, "the timed-out refund was sent exactly once");
        assert!(got.iter().all(|r| r.path == "/rest/refund"));
        assert!(got[1].body.contains("token=tok_1"));
    }
}

/// callbacks.yaml: a callback verified over three of its fields and a key never sent.
mod callbacks_behaves {
    use super::callbacks::*;

    // sha1("P-1" "paid" "1500" "hook-secret"), computed with Python's hashlib.
    const SIGNED: &str =
        "paymentId=P-1&status=paid&amount=1500&note=hi&sign=01787c7f250f94de068dd7c2f990cee0306991a9";

    fn creds(secret: &str) -> Credentials {
        Credentials::new("M-1", secret)
    }

    #[test]
    fn a_signed_callback_is_verified_and_decoded() {
        let cb = creds("hook-secret")
            .verify_callback(SIGNED.as_bytes())
            .expect("valid");
        assert_eq!(cb.payment_id.as_deref(), Some("P-1"));
        assert_eq!(cb.status, Some(PaymentStatus::Paid));
        assert_eq!(cb.amount, Some(1500));
        // The note is not signed: changing it does not matter.
        let noted = SIGNED.replace("note=hi", "note=changed");
        assert!(creds("hook-secret")
            .verify_callback(noted.as_bytes())
            .is_ok());
    }

    /// Through `paybind::payments::Callbacks`: verified with the client's credentials, the
    /// payment named by its signed id, the outcome its `outcome:` says.
    #[test]
    fn the_client_reads_a_callback_as_a_notice() {
        use paybind::outcome::Decline;
        use paybind::payments::{Callbacks, Notice};
        use paybind::{Outcome, ReturnCategory};
        let client = Client::new(Environment::Sandbox, creds("hook-secret")).expect("client");
        let notice = client.callback(SIGNED.as_bytes()).expect("verified");
        assert_eq!(
            notice,
            Notice::new(None, Some("P-1".into()), Outcome::Succeeded)
        );
        // sha1("P-2" "failed" "900" "hook-secret"), computed with Python's hashlib.
        let failed =
            "paymentId=P-2&status=failed&amount=900&sign=11b61ae4119b9accac2f269f81893bb624d31ff0";
        let declined = Outcome::Declined(Decline::new(None, ReturnCategory::HardDecline, None));
        let notice = client.callback(failed.as_bytes()).expect("verified");
        assert_eq!(
            (notice.id.as_deref(), notice.outcome),
            (Some("P-2"), declined)
        );
        let tampered = SIGNED.replace("status=paid", "status=failed");
        assert!(matches!(
            client.callback(tampered.as_bytes()),
            Err(paybind::CallbackError::BadSignature { field: "sign" })
        ));
    }

    /// `Callback::encode` writes what the gateway sends: the fields set, in spec order, then
    /// the signature (the same bytes as the hand-computed `SIGNED`), which verifies.
    #[test]
    fn a_callback_encodes_as_the_gateway_sends_it() {
        let mut cb = Callback {
            payment_id: Some("P-1".into()),
            status: Some(PaymentStatus::Paid),
            amount: Some(1500),
            note: Some("hi".into()),
            code: None,
            test: None,
            card_token: None,
        };
        let c = creds("hook-secret");
        assert_eq!(cb.encode(&c), SIGNED);
        assert_eq!(
            c.verify_callback(cb.encode(&c).as_bytes()).ok(),
            Some(cb.clone())
        );
        // A return code travels as its code (not "00 Accepted"), a flag as 1 or 0, a token in
        // clear (its Debug is what is redacted); none of them is signed.
        cb.code = Some(ReturnCode::Accepted);
        cb.test = Some(true);
        cb.card_token = Some(paybind::Sensitive::new(
            paybind::Sensitivity::Token,
            "tok-9",
        ));
        let sent = cb.encode(&c);
        assert_eq!(
            sent,
            "paymentId=P-1&status=paid&amount=1500&note=hi&code=00&test=1&cardToken=tok-9\
             &sign=01787c7f250f94de068dd7c2f990cee0306991a9"
        );
        assert_eq!(c.verify_callback(sent.as_bytes()).ok(), Some(cb.clone()));
        cb.test = Some(false);
        assert!(cb.encode(&c).contains("&test=0&"));
        cb.code = None;
        cb.test = None;
        cb.card_token = None;
        // Unset fields are left out, and signed as empty.
        cb.note = None;
        assert_eq!(
            cb.encode(&c),
            "paymentId=P-1&status=paid&amount=1500&sign=01787c7f250f94de068dd7c2f990cee0306991a9"
        );
    }

    #[test]
    fn a_forged_callback_is_refused() {
        let c = creds("hook-secret");
        let tampered = SIGNED.replace("amount=1500", "amount=15000");
        assert!(matches!(
            c.verify_callback(tampered.as_bytes()),
            Err(paybind::CallbackError::BadSignature { field: "sign" })
        ));
        let unsigned = "paymentId=P-1&status=paid&amount=1500";
        assert!(matches!(
            c.verify_callback(unsigned.as_bytes()),
            Err(paybind::CallbackError::MissingSignature { field: "sign" })
        ));
        assert!(matches!(
            creds("another-secret").verify_callback(SIGNED.as_bytes()),
            Err(paybind::CallbackError::BadSignature { field: "sign" })
        ));
        let debug = format!("{c:?}");
        assert!(debug.contains("<redacted secret>") && !debug.contains("hook-secret"));
    }
}

/// callback_sorted.yaml: a callback signed over all its values, sorted by key.
mod callback_sorted_behaves {
    use super::callback_sorted::*;

    // sha1("1500+7+paid+hook-secret"): the values sorted by key (amount, id, status), then
    // the secret, computed with Python's hashlib.
    const SIGNATURE: &str = "b3ce7a7c8eb8af7863946a290fd8c049a73c4947";

    #[test]
    fn the_order_of_the_body_does_not_matter() {
        let c = Credentials::new("api-token", "hook-secret");
        let body = format!("id=7&status=paid&amount=1500&signature={SIGNATURE}");
        let cb = c.verify_callback(body.as_bytes()).expect("valid");
        assert_eq!(
            (cb.id.as_deref(), cb.status.as_deref(), cb.amount.as_deref()),
            (Some("7"), Some("paid"), Some("1500"))
        );
        let reordered = format!("signature={SIGNATURE}&amount=1500&status=paid&id=7");
        assert!(c.verify_callback(reordered.as_bytes()).is_ok());
        let tampered = body.replace("status=paid", "status=failed");
        assert!(matches!(
            c.verify_callback(tampered.as_bytes()),
            Err(paybind::CallbackError::BadSignature { field: "signature" })
        ));
    }
}

/// enums_objects.yaml: open enums (string and integer), a JSON sub-form with a required
/// field, a list of objects in an answer, and redacted sensitive fields.
mod enums_objects_behaves {
    use super::enums_objects::*;
    use super::*;

    fn store(brand: CardBrand) -> CardsStore {
        CardsStore::builder()
            .card_number("4970101122334455")
            .cvv("123")
            .brand(brand)
            .holder(Holder::builder().name("Ada Lovelace").build())
            .build()
    }

    #[test]
    fn enums_keep_unknown_values() {
        assert_eq!(CardBrand::from_wire("VISA"), CardBrand::Visa);
        assert_eq!(CardBrand::Mastercard.as_str(), "MC");
        let amex = CardBrand::from_wire("AMEX");
        assert_eq!(amex, CardBrand::Unknown("AMEX".into()));
        assert_eq!(amex.as_str(), "AMEX");
        assert!(!amex.is_documented());
        assert_eq!(CardState::from_wire("-1"), CardState::Blocked);
        assert_eq!(CardState::from_wire("7").as_str(), "7");
    }

    #[test]
    fn requests_refuse_undocumented_values_unless_limits_are_skipped() {
        assert_eq!(store(CardBrand::Cb).validate(), Ok(()));
        let amex = store(CardBrand::from_wire("AMEX"));
        let got = violations(amex.validate());
        assert!(matches!(
            got.as_slice(),
            [(f, Rule::UndocumentedValue { .. })] if f == "brand"
        ));
        assert_eq!(amex.validate_with(ValidationPolicy::SkipLimits), Ok(()));
    }

    #[test]
    fn sub_form_fields_and_patterns_are_checked() {
        let r = CardsStore::builder()
            .card_number("4970-1011")
            .cvv("12")
            .brand(CardBrand::Visa)
            .holder(Holder::builder().name("x".repeat(46)).build())
            .build()
            .validate();
        let got = violations(r);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["cardNumber", "cvv", "holder.name"]);
        assert_eq!(
            got[2].1,
            Rule::MaxLength {
                max: 45,
                actual: 46
            }
        );
    }

    #[test]
    fn card_data_is_redacted() {
        let debug = format!("{:?}", store(CardBrand::Cb));
        assert!(debug.contains("<redacted card number>") && debug.contains("<redacted cvv>"));
        assert!(
            !debug.contains("4970101122334455") && !debug.contains("123"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn the_sub_form_is_json_and_the_answer_a_list() {
        let (server, base) = server(vec![Reply::json(
            r#"{"ok":1,"cards":[
                {"token":"tok_1","brand":"VISA","state":0,"last4":"4242"},
                {"token":"tok_2","brand":"AMEX","state":-1,"extra":"ignored"}
            ]}"#,
        )])
        .await;
        let client = Client::builder(Environment::Sandbox, Credentials::new("k"))
            .base_url(base)
            .build()
            .expect("client");
        let list = client
            .cards_store(&store(CardBrand::Visa))
            .await
            .expect("stored");
        let cards = list.cards.expect("cards");
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].token.as_ref().map(|t| t.expose()), Some("tok_1"));
        assert_eq!(cards[0].state, Some(CardState::Active));
        assert_eq!(cards[1].brand, Some(CardBrand::Unknown("AMEX".into())));
        assert_eq!(cards[1].state, Some(CardState::Blocked));
        assert!(!format!("{cards:?}").contains("tok_1"));
        let sent = pairs(&server.received()[0].body);
        let holder = sent.iter().find(|(k, _)| k == "holder").expect("holder");
        assert_eq!(holder.1, r#"{"name":"Ada Lovelace"}"#);
    }
}

/// outcome.yaml: the first case whose tests all hold decides; each kind of test and of
/// outcome, through sub-objects.
mod outcome_behaves {
    use super::outcome::*;
    use paybind::encoding::Method;
    use paybind::outcome::{
        Action, ActionKind, ActionTarget, Decline, Outcome, Pending, Poll, Redirect,
    };
    use paybind::summary::Summary;
    use paybind::transport::FromBody;
    use paybind::ReturnCategory;

    fn outcome(json: &str) -> Outcome {
        ChargeAnswer::from_body(json.as_bytes())
            .expect("decodes")
            .outcome()
    }

    fn declined(code: &str, category: ReturnCategory, message: Option<&str>) -> Outcome {
        Outcome::Declined(Decline::new(
            Some(code.into()),
            category,
            message.map(str::to_string),
        ))
    }

    #[test]
    fn an_enrolled_card_waiting_needs_3ds_with_its_nested_fields() {
        let o = outcome(
            r#"{"state":"WAIT","page":"<p>","card":{"enrolled":1,"threeDs":{"url":"https://acs.example","token":"t-1"}}}"#,
        );
        let redirect = Redirect::new(
            Some("https://acs.example".into()),
            Method::Post,
            vec![("creq", "t-1".into())],
        );
        let expected = Outcome::ActionRequired(Action::new(
            ActionKind::ThreeDsV2,
            ActionTarget::Redirect(redirect),
        ));
        // The page is there too: the first case wins.
        assert_eq!(o, expected);
    }

    #[test]
    fn a_waiting_charge_with_a_page_shows_it() {
        let html = ActionTarget::Html("<p>pay</p>".into());
        let page = Outcome::ActionRequired(Action::new(ActionKind::PaymentPage, html));
        let o = outcome(r#"{"state":"WAIT","page":"<p>pay</p>","card":{"enrolled":0}}"#);
        assert_eq!(o, page);
        assert_eq!(outcome(r#"{"state":"WAIT","page":"<p>pay</p>"}"#), page);
        // Waiting, not enrolled, no page: nothing says what to do.
        assert_eq!(
            outcome(r#"{"state":"WAIT","card":{"enrolled":0}}"#),
            Outcome::Unknown
        );
    }

    #[test]
    fn a_pending_code_polls_by_the_answers_value() {
        let poll = Poll::new("charges/find", "chargeId", Some("ch_9".into()));
        let pending = Outcome::Pending(Pending::new(Some(poll)));
        assert_eq!(
            outcome(r#"{"code":"09","chargeId":"ch_9","state":"PAID"}"#),
            pending
        );
        let poll = Poll::new("charges/find", "chargeId", None);
        assert_eq!(
            outcome(r#"{"code":"09"}"#),
            Outcome::Pending(Pending::new(Some(poll)))
        );
    }

    #[test]
    fn declines_read_their_code_and_category() {
        let tries = |n: i64| {
            outcome(&format!(
                r#"{{"attempts":{n},"reason":"limit","state":"PAID","code":"00"}}"#
            ))
        };
        assert_eq!(
            tries(3),
            declined("limit", ReturnCategory::SoftDecline, None)
        );
        assert_eq!(
            tries(4),
            declined("limit", ReturnCategory::SoftDecline, None)
        );
        assert_eq!(tries(2), Outcome::Succeeded);
        assert_eq!(tries(5), Outcome::Succeeded);
        let refused = |code: &str| {
            outcome(&format!(
                r#"{{"state":"REFUSED","code":"{code}","message":"no"}}"#
            ))
        };
        assert_eq!(
            refused("05"),
            declined("05", ReturnCategory::HardDecline, Some("no"))
        );
        assert_eq!(
            refused("77"),
            declined("77", ReturnCategory::Unknown, Some("no"))
        );
    }

    #[test]
    fn held_voided_and_paid() {
        assert_eq!(outcome(r#"{"state":"HELD"}"#), Outcome::Authorized);
        assert_eq!(outcome(r#"{"state":"VOID"}"#), Outcome::Cancelled);
        assert_eq!(
            outcome(r#"{"state":"PAID","code":"00"}"#),
            Outcome::Succeeded
        );
        // Paid needs a success code as well.
        assert_eq!(outcome(r#"{"state":"PAID","code":"05"}"#), Outcome::Unknown);
        assert_eq!(outcome(r#"{"state":"PAID"}"#), Outcome::Unknown);
        assert_eq!(outcome(r#"{"state":"NEW"}"#), Outcome::Unknown);
    }

    /// `payments:` maps a sale onto `charge` (its id read from the answer) and the status
    /// onto `charges/find` by that id; a refusal is a declined outcome, not an error.
    #[tokio::test]
    async fn the_common_sale_and_status() {
        use crate::support::Answer as Reply;
        use paybind::payments::{PaymentRef, Sale, Status};
        let (server, base) = super::server(vec![
            Reply::json(r#"{"status":"OK","state":"WAIT","page":"<p>pay</p>","chargeId":"ch_7"}"#),
            Reply::json(r#"{"status":"OK","state":"PAID","code":"00","chargeId":"ch_7"}"#),
            Reply::json(r#"{"status":"KO","code":"05","message":"no"}"#),
        ])
        .await;
        let client = Client::builder(Environment::Sandbox, Credentials::new("key-1"))
            .base_url(base)
            .build()
            .expect("client");
        let placed = client
            .sale(&Charge::builder().amount(4500).build())
            .await
            .expect("sale");
        let page = ActionTarget::Html("<p>pay</p>".into());
        assert_eq!(
            placed.outcome,
            Outcome::ActionRequired(Action::new(ActionKind::PaymentPage, page))
        );
        assert_eq!(placed.id.as_deref(), Some("ch_7"));
        let payment = PaymentRef::new("ORD-1").with_id(placed.id.as_deref());
        assert_eq!(
            client.status(payment).await.expect("status"),
            Outcome::Succeeded
        );
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let sent = super::pairs(&server.received()[1].body);
        assert_eq!(
            sent[1..],
            [pair("orderRef", "ORD-1"), pair("chargeId", "ch_7")]
        );
        // Without the id, only the reference is sent (the id is optional there).
        let by_reference = PaymentRef::new("ORD-1");
        assert_eq!(
            client
                .status(by_reference)
                .await
                .expect("a refusal is an outcome"),
            declined("05", ReturnCategory::HardDecline, Some("no"))
        );
        let sent = super::pairs(&server.received()[2].body);
        assert_eq!(sent[1..], [pair("orderRef", "ORD-1")]);
    }

    #[test]
    fn the_summary_and_from_body_show_the_outcome() {
        let a = ChargeAnswer::from_body(br#"{"state":"HELD","chargeId":"ch_1"}"#).expect("decodes");
        assert_eq!(a.summary(), "outcome=authorized state=HELD chargeId=ch_1");
        assert_eq!(FromBody::outcome(&a), Some(Outcome::Authorized));
        let a = ChargeAnswer::from_body(br#"{"state":"REFUSED","code":"05"}"#).expect("decodes");
        assert!(
            a.summary().starts_with("outcome=declined/05 "),
            "{}",
            a.summary()
        );
    }
}
