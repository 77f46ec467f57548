//! Decisions the IR makes for the emitter, checked on small specs.

use paybind_codegen::ir::{Decode, MoneyMerge};

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
