//! Each constraint kind and cross-field rule of spec/comnpay.yaml, at its boundaries.

use crate::support::browser;
use paybind::comnpay::payment_token_debit_builder::{SetAmount, SetTokenRef, SetTransactionRef};
use paybind::comnpay::*;

/// A token debit with its three required fields set, as a helper names it.
type Debit = PaymentTokenDebitBuilder<SetAmount<SetTransactionRef<SetTokenRef>>>;
use paybind::{Rule, ValidationPolicy};

fn debit(transaction_ref: &str) -> Debit {
    PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref(transaction_ref)
        .amount(1000)
        .redirection3_dsv2_url("https://shop.example/3ds")
}

fn rules_of(e: &paybind::ValidationErrors, field: &str) -> Vec<Rule> {
    e.field(field).cloned().collect()
}

#[test]
fn a_complete_debit_is_valid() {
    assert_eq!(
        debit("ORDER-0001").browser(browser()).build().validate(),
        Ok(())
    );
}

#[test]
fn transaction_ref_is_8_to_40_characters() {
    for (len, ok) in [(7, false), (8, true), (40, true), (41, false)] {
        let r = debit(&"x".repeat(len))
            .browser(browser())
            .build()
            .validate();
        assert_eq!(r.is_ok(), ok, "length {len}");
        if let Err(e) = r {
            let expected = if len < 8 {
                Rule::MinLength {
                    min: 8,
                    actual: len as u64,
                }
            } else {
                Rule::MaxLength {
                    max: 40,
                    actual: len as u64,
                }
            };
            assert_eq!(rules_of(&e, "transactionRef"), vec![expected]);
            assert_eq!(e.endpoint, "payment/tokenDebit");
        }
    }
}

#[test]
fn lengths_count_characters() {
    // 8 characters, 9 bytes.
    assert!(debit("commandé")
        .browser(browser())
        .build()
        .validate()
        .is_ok());
}

#[test]
fn amount_must_be_positive() {
    let r = PaymentTokenDebit::builder()
        .token_ref("t")
        .transaction_ref("ORDER-0001")
        .amount(0)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(browser())
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(rules_of(&r, "amount"), vec![Rule::Min { min: 1 }]);
}

#[test]
fn closing_a_preauthorization_with_zero_cancels_it() {
    let close = |amount: i64| {
        PreauthorizationClose::builder()
            .file_number("PA20150827000247")
            .preauthorization_ref("PREAUTH-1")
            .amount(amount)
            .build()
            .validate()
    };
    assert!(close(0).is_ok());
    assert_eq!(
        rules_of(&close(-1).unwrap_err(), "amount"),
        vec![Rule::Min { min: 0 }]
    );
}

/// A token debit without the 3-D Secure V2 inputs.
fn plain_debit() -> Debit {
    PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("ORDER-0001")
        .amount(1000)
}

fn application() -> Application {
    Application::builder()
        .browser_ip("10.0.0.1")
        .browser_language("fr")
        .build()
}

/// redirection3DSV2Url and browser are "Mandatory for 3DS V2", application "mandatory
/// instead" for mobile applications (000, payment/tokenDebit). Whether 3DS V2 applies is the
/// gateway's decision, so none of them is required on its own: sending the 3DS V2 inputs is
/// what says 3DS V2 is used, and then they go together.
#[test]
fn the_3ds_v2_inputs_go_together() {
    // None of them: the standard case.
    assert_eq!(plain_debit().build().validate(), Ok(()));
    // application instead of browser, with the redirection URL.
    assert_eq!(
        plain_debit()
            .redirection3_dsv2_url("https://shop.example/3ds")
            .application(application())
            .build()
            .validate(),
        Ok(())
    );
    // browser without redirection3DSV2Url.
    let e = plain_debit()
        .browser(browser())
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(
        e.violations
            .iter()
            .map(|v| v.field.as_str())
            .collect::<Vec<_>>(),
        ["redirection3DSV2Url"]
    );
    assert_eq!(
        rules_of(&e, "redirection3DSV2Url"),
        vec![Rule::RequiredIf {
            condition: "`browser` or `application` is given"
        }]
    );
    assert_eq!(
        e.to_string(),
        "invalid payment/tokenDebit request: `redirection3DSV2Url` is required when `browser` or `application` is given"
    );
    // redirection3DSV2Url with neither browser nor application.
    let e = debit("ORDER-0001").build().validate().unwrap_err();
    assert_eq!(
        e.violations
            .iter()
            .map(|v| v.field.as_str())
            .collect::<Vec<_>>(),
        ["browser"]
    );
    assert_eq!(
        rules_of(&e, "browser"),
        vec![Rule::OneOfRequiredIf {
            fields: &["browser", "application"],
            condition: "`redirection3DSV2Url` is given"
        }]
    );
    assert_eq!(
        e.to_string(),
        "invalid payment/tokenDebit request: `browser` one of browser, application is required when `redirection3DSV2Url` is given (none given)"
    );
}

/// The same rules on every call that may start 3DS V2, and cvv on aliasOpen: "Mandatory for
/// 3DS authentication", so required with the 3-D Secure inputs.
#[test]
fn an_alias_preauthorization_takes_its_cvv_with_3ds() {
    let open = || {
        PreauthorizationAliasOpen::builder()
            .preauthorization_ref("PREAUTH-1")
            .alias("ALIAS-1")
            .amount(1000)
            .origin("https://shop.example")
    };
    assert_eq!(open().build().validate(), Ok(()));
    let e = open()
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(browser())
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(
        rules_of(&e, "cvv"),
        vec![Rule::RequiredIf {
            condition: "`redirection3DSV2Url` or `browser` or `application` is given"
        }]
    );
    let with_cvv = open()
        .cvv("123")
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(browser())
        .build();
    assert_eq!(with_cvv.validate(), Ok(()));
    let e = PreauthorizationTokenOpen::builder()
        .token_ref("TK1533224578211DEMO364")
        .preauthorization_ref("PREAUTH-1")
        .amount(1000)
        .application(application())
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(
        e.violations
            .iter()
            .map(|v| v.field.as_str())
            .collect::<Vec<_>>(),
        ["redirection3DSV2Url"]
    );
}

#[test]
fn browser_or_application_at_most_one() {
    // The builder refuses both at compile time (tests/ui/browser_and_application.rs); a value
    // changed after it was built is still checked.
    let mut both = debit("ORDER-0001").browser(browser()).build();
    both.application = Some(application());
    let both = both.validate().unwrap_err();
    assert_eq!(
        rules_of(&both, "browser"),
        vec![Rule::AtMostOneOf {
            fields: &["browser", "application"],
            present: 2
        }]
    );
}

#[test]
fn sub_form_violations_are_named_by_their_path() {
    let customer = Customer::builder()
        .first_name("x".repeat(101))
        .email("not-an-email")
        .zip_code("12345678901")
        .build();
    let bad_ip = Browser::builder()
        .browser_accept_header("text/html")
        .browser_ip("999.1.1.1")
        .browser_java_enabled(false)
        .browser_language("fr")
        .browser_color_depth(24)
        .browser_screen_height(1)
        .browser_screen_width(1)
        .browser_tz(0)
        .browser_user_agent("ua")
        .challenge_window_size(ChallengeWindowSize::W250x400)
        .browser_javascript_enabled(true)
        .build();
    let e = debit("ORDER-0001")
        .customer(customer)
        .browser(bad_ip)
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(
        rules_of(&e, "customer.firstName"),
        vec![Rule::MaxLength {
            max: 100,
            actual: 101
        }]
    );
    assert_eq!(
        rules_of(&e, "customer.email"),
        vec![Rule::Format { format: "email" }]
    );
    assert_eq!(
        rules_of(&e, "customer.zipCode"),
        vec![Rule::MaxLength {
            max: 10,
            actual: 11
        }]
    );
    assert_eq!(
        rules_of(&e, "browser.browserIP"),
        vec![Rule::Format { format: "ip" }]
    );
    assert_eq!(e.violations.len(), 4, "{e}");
}

#[test]
fn every_violation_is_reported_at_once_without_values() {
    let e = PaymentAliasDebit::builder()
        .transaction_ref("short")
        .alias("02EF4AFB171F94D2D560A2423BBBE306B0CBB6DE94686918BA0D0E54DB25635F")
        .amount(-5)
        .redirection3_dsv2_url("not a url")
        .cvv("12a45")
        .origin("https://shop.example")
        .build()
        .validate()
        .unwrap_err();
    let fields: Vec<&str> = e.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "transactionRef",
            "cvv",
            "amount",
            "redirection3DSV2Url",
            // redirection3DSV2Url sent without browser or application.
            "browser"
        ]
    );
    assert_eq!(
        rules_of(&e, "cvv"),
        vec![Rule::Pattern {
            pattern: "^[0-9]{3,4}$"
        }]
    );
    let text = e.to_string();
    assert!(!text.contains("12a45"), "{text}");
    assert!(!text.contains("02EF4AFB"), "{text}");
    assert!(text.starts_with("invalid payment/aliasDebit request: `transactionRef` must be at least 8 characters long (is 5)"), "{text}");
}

#[test]
fn card_number_pattern_and_cvv_bounds() {
    let token = |pan: &str, cvv: &str| {
        TokenCreate::builder()
            .card_type(TokenCardType::Cb)
            .card_number(pan)
            .card_expiration_date("2612".parse().unwrap())
            .cvv(cvv)
            .origin("https://shop.example")
            .build()
            .validate()
    };
    assert!(token("5306889942833340", "123").is_ok());
    assert!(token("5306889942833340", "1234").is_ok());
    // spec/comnpay.yaml, tokenCreate: cardNumber ^[0-9]{12,19}$, cvv ^[0-9]{3,4}$.
    let pan = || {
        vec![Rule::Pattern {
            pattern: "^[0-9]{12,19}$",
        }]
    };
    let cvv = || {
        vec![Rule::Pattern {
            pattern: "^[0-9]{3,4}$",
        }]
    };
    let only = |e: &paybind::ValidationErrors, field: &str, rules: Vec<Rule>| {
        assert_eq!(rules_of(e, field), rules, "{e}");
        assert_eq!(e.violations.len(), rules_of(e, field).len(), "{e}");
    };
    only(
        &token("53068899428", "123").unwrap_err(),
        "cardNumber",
        pan(),
    );
    only(&token("5306889942833340", "12").unwrap_err(), "cvv", cvv());
    only(
        &token("5306889942833340", "12345").unwrap_err(),
        "cvv",
        cvv(),
    );
    only(
        &token("5306 8899 4283 3340", "123").unwrap_err(),
        "cardNumber",
        pan(),
    );
}

#[test]
fn payperlink_reference_is_35_at_most_for_sdd() {
    let link = |kind: PaymentType, len: usize| {
        PayperlinkCreate::builder()
            .payment_type(kind)
            .product_reference("REF")
            .product_label("Label")
            .transaction_ref("x".repeat(len))
            .build()
            .validate()
    };
    assert!(link(PaymentType::Sdd, 35).is_ok());
    let e = link(PaymentType::SddRecurrent, 36).unwrap_err();
    assert_eq!(
        rules_of(&e, "transactionRef"),
        vec![Rule::MaxLengthIf {
            max: 35,
            actual: 36,
            condition: "`paymentType` is SDD or SDDR"
        }]
    );
    assert!(link(PaymentType::Debit, 40).is_ok());
    let e = link(PaymentType::Debit, 41).unwrap_err();
    assert_eq!(
        rules_of(&e, "transactionRef"),
        vec![Rule::MaxLength {
            max: 40,
            actual: 41
        }]
    );
    assert_eq!(e.violations.len(), 1, "{e}");
}

#[test]
fn gift_card_count_is_two_digits() {
    let caddy = |n: i64| Caddy::builder().nb_carte_cadeau(n).build();
    let with = |c: Caddy| {
        debit("ORDER-0001")
            .browser(browser())
            .caddy(c)
            .build()
            .validate()
    };
    assert!(with(caddy(99)).is_ok());
    let e = with(caddy(100)).unwrap_err();
    assert_eq!(
        rules_of(&e, "caddy.nbCarteCadeau"),
        vec![Rule::Max { max: 99 }]
    );
}

#[test]
fn undocumented_enum_values_are_refused_unless_limits_are_skipped() {
    let req = PaymentFind::builder()
        .transaction_type(SearchTransactionType::from_wire("X"))
        .build();
    let e = req.validate().unwrap_err();
    assert_eq!(
        rules_of(&e, "transactionType"),
        vec![Rule::UndocumentedValue {
            documented: &["D", "C"]
        }]
    );
    assert_eq!(req.validate_with(ValidationPolicy::SkipLimits), Ok(()));
}

#[test]
fn skip_limits_still_checks_cross_field_rules() {
    let app = Application::builder()
        .browser_ip("10.0.0.1")
        .browser_language("fr")
        .build();
    let mut req = debit("short").browser(browser()).build();
    req.application = Some(app);
    let e = req.validate_with(ValidationPolicy::SkipLimits).unwrap_err();
    let fields: Vec<&str> = e.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        ["browser"],
        "the too-short transactionRef is skipped, the rule is not"
    );
}

#[test]
fn sensitive_fields_are_redacted_in_debug() {
    let t = TokenCreate::builder()
        .card_type(TokenCardType::Visa)
        .card_number("5306889942833340")
        .card_expiration_date("2612".parse().unwrap())
        .cvv("987");
    let builder_debug = format!("{t:?}");
    let request_debug = format!("{:?}", t.origin("https://shop.example").build());
    for d in [builder_debug, request_debug] {
        assert!(!d.contains("5306889942833340"), "{d}");
        assert!(!d.contains("987"), "{d}");
        assert!(
            d.contains("<redacted card number>") && d.contains("<redacted cvv>"),
            "{d}"
        );
    }
    let creds = Credentials::new("VAD-111-111", "6RLl4FlO2o4ZvAdflK2p");
    let d = format!("{creds:?}");
    assert!(
        !d.contains("6RLl4FlO2o4ZvAdflK2p") && d.contains("VAD-111-111"),
        "{d}"
    );
}
