//! Decisions the IR makes for the emitter, checked on small specs.

use paybind_codegen::ir::{ChoiceKind, Decode, MoneyMerge};

mod common;
use common::spec;

/// Each money field is read back with its own currency field; one without takes the
/// request's ("in the same format as amount").
#[test]
fn each_money_field_is_joined_with_its_own_currency() {
    let params = r#"      amount: { type: money, currency_field: currency, required: true, doc: Amount. }
      tip: { type: money, currency_field: tip_currency, doc: Tip. }
      fee: { type: money, doc: Fee. }"#;
    let g = paybind_codegen::lower_str("spec/demo.yaml", &spec("", params, ""))
        .unwrap_or_else(|e| panic!("{e}"));
    let merge = |amount: &str, currency_field: &str| MoneyMerge {
        amount: amount.to_string(),
        currency_field: currency_field.to_string(),
    };
    assert_eq!(
        g.ops[0].decode,
        Decode::Form {
            money: vec![
                merge("amount", "currency"),
                merge("tip", "tip_currency"),
                merge("fee", "currency"),
            ]
        }
    );
}

/// A literal check for each field whose literal can be judged alone: text with a length or a
/// pattern, an enum, a joined list; none for free text, secrets, numbers or dates.
#[test]
fn which_fields_get_a_literal_check() {
    let types = r#"  Brand:
    kind: enum
    doc: A brand.
    values:
      CB: { name: Cb, doc: CB }
      VISA: { name: Visa, doc: Visa }"#;
    let params = r#"      code: { type: string, min_length: 2, max_length: 2, doc: A code. }
      phone: { type: string, pattern: "^[0-9]+$", doc: A phone. }
      note: { type: string, doc: Free text. }
      pan: { type: string, sensitive: card_number, max_length: 19, doc: A card. }
      count: { type: integer, min: 1, doc: A count. }
      brand: { type: Brand, doc: A brand. }
      brands: { type: joined, items: Brand, separator: ";", doc: Brands. }"#;
    let g = paybind_codegen::lower_str("spec/demo.yaml", &spec(types, params, ""))
        .unwrap_or_else(|e| panic!("{e}"));
    let checked: Vec<(&str, &str)> = g.ops[0]
        .params
        .iter()
        .filter_map(|f| {
            f.literal
                .as_ref()
                .map(|l| (f.wire.as_str(), l.name.as_str()))
        })
        .collect();
    assert_eq!(
        checked,
        [
            ("code", "CODE"),
            ("phone", "PHONE"),
            ("brand", "BRAND"),
            ("brands", "BRANDS")
        ]
    );
    let code = g.ops[0].params[1].literal.as_ref().expect("code");
    assert!(code
        .messages
        .too_short
        .starts_with("`code` must be at least 2 characters"));
    let brands = g.ops[0]
        .params
        .last()
        .and_then(|f| f.literal.as_ref())
        .expect("brands");
    assert_eq!(brands.values, ["CB", "VISA"]);
    assert_eq!(brands.separator, Some(';'));
}

/// "At most one", "exactly one" and "all or none" over a type's own optional fields become
/// choices in the builder's type; a rule reaching into a sub-form stays a run-time check.
#[test]
fn which_rules_become_choices() {
    let types = r#"  Parcel:
    kind: object
    encoding: json
    doc: A box.
    fields:
      a: { type: string, doc: A. }"#;
    let params = r#"      card: { type: string, doc: A card. }
      wallet: { type: string, doc: A wallet. }
      iban: { type: string, doc: An IBAN. }
      bic: { type: string, doc: A BIC. }
      mail: { type: email, doc: A mail. }
      url: { type: url, doc: A URL. }
      box: { type: Parcel, doc: A box. }
    rules:
      - exactly_one_of: [card, wallet, iban]
        doc: One means of payment.
      - at_most_one_of: [mail, url]
        doc: One way to be told.
      - all_or_none: [iban, bic]
        doc: IBAN with BIC.
      - at_most_one_of: [box.a, mail]
        doc: Reaches into the box."#;
    let g = paybind_codegen::lower_str("spec/demo.yaml", &spec(types, params, ""))
        .unwrap_or_else(|e| panic!("{e}"));
    let choices = &g.ops[0].choices;
    let kinds: Vec<ChoiceKind> = choices.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChoiceKind::ExactlyOne,
            ChoiceKind::AtMostOne,
            ChoiceKind::AllOrNone
        ]
    );
    assert_eq!(choices[0].fields, ["card", "wallet", "iban"]);
    assert_eq!(choices[0].params.len(), 1, "one state for a one-of");
    assert_eq!(choices[0].params[0].state, "CardOrWalletChoice");
    assert_eq!(
        choices[0].unfinished[0],
        "`ThingDo` needs exactly one of `card`, `wallet`, `iban`"
    );
    let states: Vec<&str> = choices[2].params.iter().map(|p| p.state.as_str()).collect();
    assert_eq!(
        states,
        ["IbanInIbanGroup", "BicInIbanGroup"],
        "one per field"
    );
    assert_eq!(
        choices[2].unfinished[0],
        "`ThingDo` takes all of `iban`, `bic` or none of them"
    );
}

/// The reference a call's log span shows: a money call's lookup field; else the first
/// non-sensitive text parameter some lookup searches by, optional or not; else none.
#[test]
fn each_call_names_its_reference() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/comnpay.yaml")).expect("spec");
    let g =
        paybind_codegen::lower_str("spec/comnpay.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let reference = |rust: &str| {
        let op = g.ops.iter().find(|o| o.rust == rust).expect(rust);
        op.reference
            .as_ref()
            .map(|r| (r.field.as_str(), r.required))
    };
    assert_eq!(
        reference("PaymentTokenDebit"),
        Some(("transaction_ref", true))
    );
    assert_eq!(
        reference("PreauthorizationTokenOpen"),
        Some(("preauthorization_ref", true))
    );
    assert_eq!(reference("PaymentFind"), Some(("transaction_ref", false)));
    assert_eq!(reference("TokenCreate"), None);
    for op in &g.ops {
        let Some(r) = &op.reference else { continue };
        let field = op
            .params
            .iter()
            .find(|p| p.rust == r.field)
            .expect("a parameter");
        assert!(
            field.sensitive.is_none(),
            "{}: {} is sensitive",
            op.rust,
            r.field
        );
    }
}

/// Each outcome case lowers to the outcome it names, its tests typed by their fields: a
/// flag's "1" and a boolean's "false" are booleans, an integer's values numbers, text and
/// return codes text, a category a list of categories.
#[test]
fn outcome_cases_are_typed_by_their_fields() {
    use paybind_codegen::ir::{Category, OutcomeIs, Ty, ValueTest};
    let types = "      done: { type: boolean, doc: D. }
      n: { type: integer, doc: N. }
      code: { type: return_code, doc: C. }
      label: { type: string, doc: L. }
    outcome:
      - { is: unknown, when: { field: done, equals: \"false\" } }
      - { is: succeeded, when: [{ field: ok, equals: \"1\" }, { field: n, in: [\"2\", \"3\"] }] }
      - { is: authorized, when: { field: label, equals: held } }
      - { is: cancelled, when: { field: code, category: [pending, state] } }";
    let g = paybind_codegen::lower_str("spec/demo.yaml", &spec(types, "", ""))
        .unwrap_or_else(|e| panic!("{e}"));
    let answer = g
        .objects
        .iter()
        .find(|o| o.rust == "Answer")
        .expect("Answer");
    /// A case: its outcome, and each test's field, the field's type and the test.
    type Case<'a> = (&'a OutcomeIs, Vec<(&'a str, &'a Ty, &'a ValueTest)>);
    let cases: Vec<Case<'_>> = answer
        .outcome
        .iter()
        .map(|c| {
            let tests = c
                .tests
                .iter()
                .map(|t| (t.path.wire.as_str(), &t.path.leaf, &t.test))
                .collect();
            (&c.is, tests)
        })
        .collect();
    assert_eq!(
        cases,
        [
            (
                &OutcomeIs::Unknown,
                vec![("done", &Ty::Boolean, &ValueTest::Bool(false))]
            ),
            (
                &OutcomeIs::Succeeded,
                vec![
                    ("ok", &Ty::Flag, &ValueTest::Bool(true)),
                    ("n", &Ty::Integer, &ValueTest::Int(vec![2, 3]))
                ]
            ),
            (
                &OutcomeIs::Authorized,
                vec![("label", &Ty::String, &ValueTest::Text(vec!["held".into()]))]
            ),
            (
                &OutcomeIs::Cancelled,
                vec![(
                    "code",
                    &Ty::ReturnCode,
                    &ValueTest::Category(vec![Category::Pending, Category::State])
                )]
            ),
        ]
    );
}

/// `payments:` lowers each operation onto its endpoint's request type and client method,
/// with its reference, amount (a money field as is; minor units with the section's
/// currency), the refund's own reference and the gateway's id (read from a sale's answer;
/// sent, required or not, by the others).
#[test]
fn payment_operations_name_their_request_and_fields() {
    use paybind_codegen::ir::{PaymentAmount, PaymentId, PaymentKind};
    let params = "      amount: { type: amount, doc: A. }
      id: { type: string, doc: I. }
  thing/other:
    doc: Another thing.
    response: Answer
    params:
      ref: { type: string, required: true, doc: R. }
      gid: { type: string, required: true, doc: G. }
      total: { type: money, doc: T. }";
    let types = "      label: { type: string, doc: L. }
    outcome:
      - { is: succeeded, when: { field: ok, equals: \"1\" } }";
    let src = spec(types, params, "")
        + "payments:
  doc: D.
  currency: EUR
  sale: { endpoint: thing/do, id: label }
  refund: { endpoint: thing/do, reference: ref, amount: amount, refund_reference: id }
  capture: { endpoint: thing/other, reference: ref, amount: total, id: gid }
  status: { endpoint: thing/do, reference: ref, id: id }
";
    let g = paybind_codegen::lower_str("spec/demo.yaml", &src).unwrap_or_else(|e| panic!("{e}"));
    let text = |r: &str, w: &str| Some((r.to_string(), w.to_string()));
    let said: Vec<_> = g
        .payments
        .iter()
        .map(|p| {
            let id = match &p.id {
                Some(PaymentId::Answer(path)) => format!("answer {}", path.wire),
                Some(PaymentId::Param(r, w, required)) => format!("param {r} {w} {required}"),
                None => "none".to_string(),
            };
            (
                p.kind,
                p.request.as_str(),
                p.method.as_str(),
                p.reference.clone(),
                p.amount.clone(),
                p.refund_reference.clone(),
                id,
            )
        })
        .collect();
    let amount = |rust: &str, currency: Option<&str>| {
        Some(PaymentAmount {
            rust: rust.to_string(),
            wire: rust.to_string(),
            currency: currency.map(str::to_string),
        })
    };
    assert_eq!(
        said,
        [
            (
                PaymentKind::Sale,
                "ThingDo",
                "thing_do",
                None,
                None,
                None,
                "answer label".to_string()
            ),
            (
                PaymentKind::Capture,
                "ThingOther",
                "thing_other",
                text("ref_", "ref"),
                amount("total", None),
                None,
                "param gid gid true".to_string()
            ),
            (
                PaymentKind::Refund,
                "ThingDo",
                "thing_do",
                text("ref_", "ref"),
                amount("amount", Some("EUR")),
                text("id", "id"),
                "none".to_string()
            ),
            (
                PaymentKind::Status,
                "ThingDo",
                "thing_do",
                text("ref_", "ref"),
                None,
                None,
                "param id id false".to_string()
            ),
        ]
    );
}
