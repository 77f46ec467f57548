//! Every JSON example of 000_0314d75137e75338.txt decodes into its generated type.
//! The fixtures and their repairs are listed in tests/fixtures/comnpay/README.md.

use paybind::comnpay::*;
use paybind::transport::{FromBody, Gateway};
use paybind::MinorUnits;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/comnpay/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: FromBody>(name: &str) -> T {
    let body = fixture(name);
    assert!(
        Api::refusal(200, &body).is_none(),
        "{name} is not a refusal"
    );
    T::from_body(&body).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn token_create() {
    let a: TokenResponse = decode("token_create.json");
    assert_eq!(a.response_code, Some(ReturnCode::ProcessingOk));
    let t = a.token.expect("token");
    assert_eq!(t.token_ref.expect("ref").expose(), "TK1533224578211DEMO364");
    assert_eq!(t.card_type, Some(CardType::Cb));
    assert_eq!(t.card_expiration_date.as_deref(), Some("1222"));
}

#[test]
fn three_ds_required_v1_and_v2() {
    for (name, v1) in [
        ("payment_3ds_v1.json", true),
        ("payment_3ds_v2.json", false),
    ] {
        let a: PaymentResponse = decode(name);
        assert_eq!(a.action_code, Some(ActionCode::Auth3dsRequired), "{name}");
        let t = a.transaction.expect("transaction");
        assert_eq!(t.verify_enrollment3ds_v1, Some(v1));
        assert_eq!(
            t.verify_enrollment3ds_action_url.as_deref(),
            Some("https://homologation.comnpay.com/3ds.html")
        );
        if v1 {
            assert_eq!(
                t.verify_enrollment3ds_md.as_deref(),
                Some("fUebB6kN11L8qY2v2JeU")
            );
        } else {
            assert_eq!(
                t.verify_enrollment3ds_creq.as_deref(),
                Some("4DG678VEgfs587DF878sg78sq686T86")
            );
        }
    }
}

#[test]
fn payment_with_customer_and_payperlink() {
    let a: PaymentResponse = decode("payment.json");
    let t = a.transaction.expect("transaction");
    assert_eq!(t.amount, Some(MinorUnits(1590)));
    assert_eq!(
        t.card_end_date.map(|d| d.to_string()).as_deref(),
        Some("1612")
    );
    assert_eq!(t.init_login, Some(10000012345));
    assert_eq!(t.memo1_clic, Some(false));
    assert_eq!(t.reject_date, None);
    assert_eq!(t.source, Some(Source::Api));
    assert_eq!(
        t.customer.expect("customer").email.as_deref(),
        Some("tjanvier@comnpay.com")
    );
    let link = t.payperlink.expect("payperlink");
    assert_eq!(link.payment_type, Some(PaymentType::Debit));
    assert_eq!(link.amount, Some(MinorUnits(14600)));
    assert!(
        !format!("{:?}", t.card_alias).contains("02EF4AFB"),
        "alias redacted in Debug"
    );
}

#[test]
fn searches() {
    let p: TransactionList = decode("payment_find.json");
    assert_eq!(p.nb_transactions, Some(1));
    assert_eq!(
        p.transaction.expect("list")[0].transaction_ref.as_deref(),
        Some("1440685092164304")
    );
    let a: AliasList = decode("alias_find.json");
    assert_eq!(
        a.alias.expect("list")[0].card_type,
        Some(CardType::Mastercard)
    );
    let pa: PreauthorizationList = decode("preauthorization_find.json");
    assert_eq!(
        pa.preauthorization.expect("list")[0].status,
        Some(PreauthorizationStatus::ClosureOk)
    );
    let links: PayperlinkList = decode("payperlink_find.json");
    assert_eq!(links.nb_payperlinks, Some(1));
    let pnf: PnfFileList = decode("pnf_file_find.json");
    let file = &pnf.pnf_file.expect("list")[0];
    assert_eq!(file.status, Some(PnfStatus::Pending));
    let terms: Vec<i64> = file
        .pnf_transactions
        .as_ref()
        .expect("terms")
        .iter()
        .filter_map(|t| t.term)
        .collect();
    assert_eq!(terms, [1, 2, 3]);
}

#[test]
fn preauthorization() {
    let a: PreauthorizationResponse = decode("preauthorization.json");
    let p = a.preauthorization.expect("preauthorization");
    assert_eq!(p.file_number.as_deref(), Some("PA20150827000247"));
    assert_eq!(p.status, Some(PreauthorizationStatus::ClosureOk));
    assert_eq!(
        p.transactions.expect("transactions")[0].type_,
        Some(TransactionType::Preauthorization)
    );
}

#[test]
fn payperlinks() {
    for name in ["payperlink_create.json", "payperlink_close.json"] {
        let a: PayperlinkResponse = decode(name);
        assert_eq!(a.response_code, Some(ReturnCode::ProcessingOk));
        let link = a.payperlink.expect("link");
        assert_eq!(link.language, Some(Language::En));
        assert_eq!(
            link.payperlink_id.as_deref(),
            Some("3e72785470347c551ad95e457dl5qbf8")
        );
    }
}

#[test]
fn sub_forms_decode_and_pass_validation() {
    fn check<T: serde::de::DeserializeOwned>(name: &str, validate: impl Fn(&T)) {
        let v: T = serde_json::from_slice(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        validate(&v);
    }
    let valid = |f: &dyn Fn(&mut paybind::validate::Checker)| {
        let mut c = paybind::validate::Checker::new(paybind::ValidationPolicy::Strict);
        f(&mut c);
        c.finish("example")
    };
    check::<Customer>("subform_customer.json", |c| {
        assert_eq!(c.ship_road.as_deref(), Some("11 boulevard Maréchal Foch"));
        assert_eq!(valid(&|k| c.check(k)), Ok(()));
    });
    check::<Browser>("subform_browser.json", |b| {
        assert_eq!(b.challenge_window_size, ChallengeWindowSize::FullScreen);
        assert_eq!(valid(&|k| b.check(k)), Ok(()));
    });
    check::<Application>("subform_application.json", |a| {
        assert_eq!(valid(&|k| a.check(k)), Ok(()))
    });
    check::<CardholderAccount>("subform_cardholder_account.json", |a| {
        assert_eq!(a.ship_name_indicator, Some(ShipNameIndicator::Identical));
        assert_eq!(valid(&|k| a.check(k)), Ok(()));
    });
    check::<Caddy>("subform_caddy.json", |c| {
        assert_eq!(c.nb_carte_cadeau, Some(1));
        assert_eq!(valid(&|k| c.check(k)), Ok(()));
    });
}

#[test]
fn sub_forms_encode_back_to_the_documented_json() {
    let v: serde_json::Value =
        serde_json::from_slice(&fixture("subform_caddy.json")).expect("json");
    let caddy: Caddy = serde_json::from_value(v.clone()).expect("caddy");
    assert_eq!(serde_json::to_value(&caddy).expect("encode"), v);
}

#[test]
fn unknown_enum_values_and_fields_are_kept_or_ignored() {
    let body = br#"{"ok":1,"transaction":{"type":"ZZ","cardType":"DISCOVER","newField":[1,2]},"actionCode":"NEW_ACTION","responseCode":"6Z9"}"#;
    let a = PaymentResponse::from_body(body).expect("decodes");
    let t = a.transaction.expect("transaction");
    assert_eq!(t.type_, Some(TransactionType::Unknown("ZZ".into())));
    assert_eq!(t.card_type, Some(CardType::Unknown("DISCOVER".into())));
    assert_eq!(
        a.action_code,
        Some(ActionCode::Unknown("NEW_ACTION".into()))
    );
    assert_eq!(a.response_code, Some(ReturnCode::Unknown("6Z9".into())));
}
