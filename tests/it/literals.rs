//! `paybind::literal!`'s checks: what the compiler refuses is what `validate()` refuses.
//! The refusals themselves are compile errors, proven in `tests/ui/literal_*.rs`; here the
//! same checks run as plain functions (`Literal::test`) against the generated `validate()` of
//! real requests carrying each generated string in the field.

use paybind::encoding::Joined;
use paybind::literal::Literal;
use paybind::{Money, ValidationErrors};
use proptest::prelude::*;

use paybind::comnpay::PaymentTokenDebit;
use paybind::payneteasy::Sale;
use paybind::smoney::{
    Billing, CardBrand, CreateCardPayment, ThreeDSecurePreference, ThreeDsOptData,
};

/// Whether a request's own `validate()` reports nothing for the field `wire`: the request
/// is built, the value is put in its field, and the generated checks run as a client's do.
fn validate_accepts(result: Result<(), ValidationErrors>, wire: &str) -> bool {
    match result {
        Ok(()) => true,
        Err(e) => e.field(wire).next().is_none(),
    }
}

fn debit() -> PaymentTokenDebit {
    PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("ORDER-0042")
        .amount(1000)
        .build()
}

fn sale() -> Sale {
    Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(Money::parse("156", "RUB").expect("money"))
        .ipaddress("65.153.12.232")
        .card_recurring_payment_id("1491954")
        .cvv2("123")
        .build()
}

fn card_payment(billing: Billing, three_ds: ThreeDsOptData) -> CreateCardPayment {
    CreateCardPayment::builder()
        .amount(15000)
        .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
        .order_id("ORDER-42")
        .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
        .is_mine(false)
        .message("Concert tickets")
        .url_return("https://shop.example/return")
        .url_callback("https://shop.example/callback")
        .billing(billing)
        .three_ds_opt_data(three_ds)
        .build()
}

fn billing(country: &str, address: &str) -> Billing {
    Billing::builder()
        .city("Paris")
        .country(country)
        .address(address)
        .postal_code("75001")
        .build()
}

fn card_payment_with(country: &str, address: &str, homephone: &str) -> CreateCardPayment {
    let mut three_ds = ThreeDsOptData::builder().build();
    three_ds.homephone = Some(homephone.to_string());
    card_payment(billing(country, address), three_ds)
}

/// Each rule under test, with the wire name `validate()` reports it under and the outcome of
/// `validate()` on a real request carrying `value` in that field.
#[allow(clippy::type_complexity)]
fn cases() -> Vec<(
    Literal<&'static str>,
    &'static str,
    Box<dyn Fn(&str) -> bool>,
)> {
    vec![
        (
            PaymentTokenDebit::TRANSACTION_REF,
            "transactionRef",
            Box::new(|v| {
                let mut d = debit();
                d.transaction_ref = v.to_string();
                validate_accepts(d.validate(), "transactionRef")
            }),
        ),
        (
            Sale::COUNTRY,
            "country",
            Box::new(|v| {
                let mut s = sale();
                s.country = Some(v.to_string());
                validate_accepts(s.validate(), "country")
            }),
        ),
        (
            Sale::CUSTOMER_BROWSER_TIME_ZONE,
            "customer_browser_time_zone",
            Box::new(|v| {
                let mut s = sale();
                s.customer_browser_time_zone = Some(v.to_string());
                validate_accepts(s.validate(), "customer_browser_time_zone")
            }),
        ),
        (
            Billing::COUNTRY,
            "Billing.Country",
            Box::new(|v| {
                let p = card_payment_with(v, "1 rue de Rivoli", "+33123456789");
                validate_accepts(p.validate(), "Billing.Country")
            }),
        ),
        (
            Billing::ADDRESS,
            "Billing.Address",
            Box::new(|v| {
                let p = card_payment_with("FR", v, "+33123456789");
                validate_accepts(p.validate(), "Billing.Address")
            }),
        ),
        (
            ThreeDsOptData::HOMEPHONE,
            "ThreeDsOptData.Homephone",
            Box::new(|v| {
                let p = card_payment_with("FR", "1 rue de Rivoli", v);
                validate_accepts(p.validate(), "ThreeDsOptData.Homephone")
            }),
        ),
    ]
}

#[test]
fn the_requests_the_comparison_builds_are_valid_otherwise() {
    assert_eq!(debit().validate(), Ok(()));
    assert_eq!(sale().validate(), Ok(()));
    assert_eq!(
        card_payment_with("FR", "1 rue de Rivoli", "+33123456789").validate(),
        Ok(())
    );
    // And each case sees a broken value: validate() reports it under the wire name used.
    for (rule, wire, accepts) in cases() {
        assert!(!accepts("\n\n\n"), "{wire}");
        assert!(rule.field == wire || wire.ends_with(&format!(".{}", rule.field)));
    }
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
        for (rule, wire, validate_accepts) in cases() {
            prop_assert_eq!(
                rule.test(&value).is_ok(),
                validate_accepts(&value),
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
