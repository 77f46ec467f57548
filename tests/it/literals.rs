//! `paybind::literal!`'s checks: what the compiler refuses is what `validate()` refuses.
//! The refusals themselves are compile errors, proven in `tests/ui/literal_*.rs`; here the
//! same checks run as plain functions (`Literal::test`) against the run-time checker, on
//! generated strings.

use paybind::encoding::Joined;
use paybind::literal::Literal;
use paybind::validate::Checker;
use paybind::ValidationPolicy;
use proptest::prelude::*;

use paybind::comnpay::PaymentTokenDebit;
use paybind::payneteasy::Sale;
use paybind::smoney::{Billing, CardBrand, CreateCardPayment, ThreeDsOptData};

/// What `validate()` says of a text value under the same rule: length, then pattern.
fn runtime_accepts<T>(rule: &Literal<T>, value: &str) -> bool {
    let mut c = Checker::new(ValidationPolicy::Strict);
    c.length(rule.field, value, rule.min_length, rule.max_length);
    if let Some(p) = rule.pattern {
        c.pattern(rule.field, value, p);
    }
    c.finish("literal").is_ok()
}

/// The text rules under test: lengths (ComNpay, PaynetEasy), patterns (S-money), both.
fn text_rules() -> [(&'static str, Literal<&'static str>); 6] {
    [
        ("transactionRef", PaymentTokenDebit::TRANSACTION_REF),
        ("country", Sale::COUNTRY),
        (
            "customer_browser_time_zone",
            Sale::CUSTOMER_BROWSER_TIME_ZONE,
        ),
        ("Country", Billing::COUNTRY),
        ("Address", Billing::ADDRESS),
        ("Homephone", ThreeDsOptData::HOMEPHONE),
    ]
}

proptest! {
    #[test]
    fn the_compile_time_check_agrees_with_validate(
        // Free text, and strings near the rules' edges: signed numbers, E.164 phones,
        // two-letter codes.
        value in prop_oneof![
            "[A-Za-z0-9+\\-é\r\n ]{0,45}",
            "-?[0-9]{0,6}",
            "\\+[0-9]{0,17}",
            "[A-Za-z]{1,3}",
        ]
    ) {
        for (wire, rule) in text_rules() {
            prop_assert_eq!(rule.field, wire);
            prop_assert_eq!(
                rule.test(&value).is_ok(),
                runtime_accepts(&rule, &value),
                "{} on {:?}", wire, value
            );
        }
    }

    #[test]
    fn a_joined_list_is_checked_item_by_item(
        items in prop::collection::vec(
            prop::sample::select(vec!["CB", "VISA", "MAESTRO", "AMEX", "visa", ""]),
            1..5,
        )
    ) {
        let value = items.join(";");
        let parsed: Joined<CardBrand, ';'> = value.parse().expect("infallible");
        let documented = parsed.0.iter().all(CardBrand::is_documented);
        prop_assert_eq!(
            CreateCardPayment::AVAILABLE_CARDS.test(&value).is_ok(),
            documented,
            "{:?}", value
        );
    }
}

#[test]
fn a_broken_rule_names_the_field_and_its_limit() {
    let short = PaymentTokenDebit::TRANSACTION_REF
        .test("AB123")
        .unwrap_err();
    assert!(short.starts_with("`transactionRef` must be at least 8 characters long"));
    assert!(short.contains("000_0314d75137e75338.txt"), "{short}");
    let long = Sale::COUNTRY.test("FRA").unwrap_err();
    assert!(long.starts_with("`country` must be at most 2 characters long"));
    let pattern = Billing::COUNTRY.test("fr").unwrap_err();
    assert!(pattern.contains("^[A-Z]{2}$"), "{pattern}");
    let value = CreateCardPayment::AVAILABLE_CARDS
        .test("CB;AMEX")
        .unwrap_err();
    assert!(value.contains("`availableCards`") && value.contains("VISA_ELECTRON"));
}

#[test]
fn a_checked_literal_becomes_what_the_setter_takes() {
    const REF: &str = "ORDER-0042";
    let debit = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref(paybind::literal!(PaymentTokenDebit::TRANSACTION_REF, REF))
        .amount(1000)
        .build();
    assert_eq!(debit.transaction_ref, REF);
    let cards = paybind::literal!(CreateCardPayment::AVAILABLE_CARDS, "CB; VISA_ELECTRON");
    assert_eq!(cards.0, [CardBrand::Cb, CardBrand::VisaElectron]);
}
