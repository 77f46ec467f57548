//! When the provider changes its docs: the PaynetEasy sale document (003) imported and
//! compared with the ConnPay sale spec made from its older text (002), as a maintainer would
//! run `paybind spec import` then `paybind spec diff`; and the ComNpay document (000) edited
//! in memory the way a provider rewords or extends it, each edit reported as exactly that
//! change, under names that do not move.

use std::path::Path;

use paybind_codegen::diff::{diff, Change, Impact, Item, Report, What};
use paybind_codegen::import::{
    detect, find_seeds, import, to_spec_yaml, to_spec_yaml_named, Imported,
};
use paybind_codegen::ir::{Category, Gateway, Ty};

fn seed_text(document: &str) -> String {
    let seeds = find_seeds(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("shared/seeds");
    std::fs::read_to_string(seeds.join(document)).expect("read the seed")
}

fn imported(document: &str, text: &str) -> Imported {
    import(document, text, detect(text).expect("format")).expect("import")
}

fn skeleton_yaml(document: &str) -> String {
    to_spec_yaml(&imported(document, &seed_text(document)))
}

fn lower(document: &str, yaml: &str) -> Gateway {
    paybind_codegen::lower_str(document, yaml).unwrap_or_else(|e| panic!("{e}"))
}

const COMNPAY_000: &str = "000_0314d75137e75338.txt";
const CONNPAY_002: &str = "002_533efdf5ff50f3f7.txt";
const PAYNETEASY_003: &str = "003_86258bf917671082.txt";

/// The change to one parameter of the sale, if the report has it.
fn change<'r>(
    report: &'r paybind_codegen::diff::Report,
    wire: &str,
) -> Option<&'r paybind_codegen::diff::Change> {
    report.changes.iter().find(
        |c| matches!(&c.item, Item::Parameter { request, wire: w } if request == "Sale" && w == wire),
    )
}

#[test]
fn the_newer_document_relaxes_address1_and_adds_notify_url() {
    let old = lower(CONNPAY_002, &skeleton_yaml(CONNPAY_002));
    let new = lower(PAYNETEASY_003, &skeleton_yaml(PAYNETEASY_003));
    let report = diff(&old, &new);
    let address1 = change(&report, "address1").expect("address1 changed");
    assert_eq!(address1.what, What::MaxLength);
    assert_eq!(
        (address1.old.as_deref(), address1.new.as_deref()),
        (Some("50"), Some("256"))
    );
    assert_eq!(address1.impact, Impact::Compatible, "{}", address1.reason);
    let notify = change(&report, "notify_url").expect("notify_url added");
    assert_eq!(notify.what, What::Added);
    assert_eq!(notify.impact, Impact::Compatible, "{}", notify.reason);
    let text = report.to_text();
    assert!(
        text.contains("`Sale.address1`: max_length 50 → 256 (relaxed"),
        "{text}"
    );
    assert!(text.contains("`Sale.notify_url`: added optional"), "{text}");
}

#[test]
fn a_tightened_limit_is_breaking() {
    let connpay = lower(CONNPAY_002, &skeleton_yaml(CONNPAY_002));
    let payneteasy = lower(PAYNETEASY_003, &skeleton_yaml(PAYNETEASY_003));
    let report = diff(&payneteasy, &connpay);
    let address1 = change(&report, "address1").expect("address1 changed");
    assert_eq!(address1.impact, Impact::Breaking, "{}", address1.reason);
    assert!(report.is_breaking());
}

#[test]
fn a_new_required_parameter_is_breaking() {
    let yaml = skeleton_yaml(PAYNETEASY_003);
    let old = lower(PAYNETEASY_003, &yaml);
    let at = yaml
        .find("      \"address1\":")
        .expect("an address1 parameter");
    let added = "      payer_tax_id: { type: string, required: true, doc: A new parameter. }\n";
    let edited = format!("{}{added}{}", &yaml[..at], &yaml[at..]);
    let report = diff(&old, &lower(PAYNETEASY_003, &edited));
    let tax = change(&report, "payer_tax_id").expect("payer_tax_id added");
    assert_eq!(
        (tax.what.clone(), tax.impact),
        (What::Added, Impact::Breaking),
        "{}",
        tax.reason
    );
}

// ---------------------------------------------------------------------------------------
// ComNpay's document (000), edited as a provider would
// ---------------------------------------------------------------------------------------

/// The lowered skeleton of 000 with `from` replaced by `to` (which must occur once).
fn comnpay_edited(from: &str, to: &str) -> Gateway {
    let text = seed_text(COMNPAY_000);
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {COMNPAY_000}");
    let yaml = to_spec_yaml(&imported(COMNPAY_000, &text.replacen(from, to, 1)));
    lower(COMNPAY_000, &yaml)
}

fn comnpay() -> Gateway {
    lower(COMNPAY_000, &skeleton_yaml(COMNPAY_000))
}

/// The one change of a report.
fn only(report: &Report) -> &Change {
    assert_eq!(report.changes.len(), 1, "{}", report.to_text());
    &report.changes[0]
}

#[test]
fn a_reworded_return_code_description_renames_nothing() {
    let new = comnpay_edited("207 | Card refused |", "207 | Card declined |");
    let report = diff(&comnpay(), &new);
    let c = only(&report);
    assert_eq!(c.item, Item::ReturnCode { code: "207".into() });
    assert_eq!(c.what, What::Description);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("Card refused"), Some("Card declined"))
    );
    assert_eq!(c.impact, Impact::Compatible);
    assert_eq!(
        c.reason,
        "The description of return code 207 changed from \"Card refused\" to \"Card declined\": `description()` returns the new text; code matching it keeps compiling."
    );
    // The variant is named after the code, in both.
    let code = new.codes.iter().find(|c| c.code == "207").expect("207");
    assert_eq!(code.rust, "Code207");
}

const CARD_TYPES: &str = "cardType | Type of card | CB, VISA, MC |";
const CARD_TYPES_AMEX: &str = "cardType | Type of card | CB, VISA, MC, AMEX |";

fn card_type(wire: &str) -> Item {
    Item::EnumValue {
        r#enum: "TokenCreateCardType".into(),
        wire: wire.into(),
    }
}

#[test]
fn a_documented_value_added_is_compatible_and_removed_breaking() {
    let old = comnpay();
    let param = |g: &Gateway| {
        let op = g.ops.iter().find(|op| op.path == "token/create");
        let p = op.and_then(|op| op.params.iter().find(|p| p.wire == "cardType"));
        p.expect("token/create's cardType").ty.clone()
    };
    assert_eq!(param(&old), Ty::Enum("TokenCreateCardType".into()));

    let amex = comnpay_edited(CARD_TYPES, CARD_TYPES_AMEX);
    let report = diff(&old, &amex);
    let c = only(&report);
    assert_eq!(c.item, card_type("AMEX"));
    assert_eq!(c.what, What::Added);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (None, Some("TokenCreateCardType::Amex"))
    );
    assert_eq!(c.impact, Impact::Compatible, "{}", c.reason);

    let no_mc = comnpay_edited(CARD_TYPES, "cardType | Type of card | CB, VISA |");
    let report = diff(&old, &no_mc);
    let c = only(&report);
    assert_eq!(c.item, card_type("MC"));
    assert_eq!(c.what, What::Removed);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("TokenCreateCardType::Mc"), None)
    );
    assert_eq!(c.impact, Impact::Breaking, "{}", c.reason);
}

#[test]
fn a_renamed_request_type_at_the_same_path_is_one_rust_name_change() {
    let yaml = skeleton_yaml(COMNPAY_000);
    let at = yaml.find("  \"token/create\":\n").expect("token/create") + 18;
    let source_line = yaml[at..].find('\n').expect("its source line") + at + 1;
    let named = format!(
        "{}    name: CardToken\n{}",
        &yaml[..source_line],
        &yaml[source_line..]
    );
    let report = diff(&comnpay(), &lower(COMNPAY_000, &named));
    let c = only(&report);
    assert_eq!(
        c.item,
        Item::Endpoint {
            path: "token/create".into(),
            request: "CardToken".into()
        }
    );
    assert_eq!(c.what, What::RustName);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("TokenCreate"), Some("CardToken"))
    );
    assert_eq!(c.impact, Impact::Breaking);
    assert!(
        c.reason
            .contains("`Client::token_create` is renamed `Client::card_token`"),
        "{}",
        c.reason
    );
}

fn comnpay_spec() -> Gateway {
    let path = format!("{}/../spec/comnpay.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    paybind_codegen::lower_str("comnpay.yaml", &text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_skeleton_keeps_the_spec_names() {
    let spec = comnpay_spec();
    let yaml = to_spec_yaml_named(&imported(COMNPAY_000, &seed_text(COMNPAY_000)), Some(&spec));
    let named = lower(COMNPAY_000, &yaml);
    let code = named.codes.iter().find(|c| c.code == "207").expect("207");
    assert_eq!(
        (code.rust.as_str(), code.category),
        ("CardRefused", Category::HardDecline)
    );
    // The value list of token/create's cardType keeps the spec's enum and variant names.
    let op = named.ops.iter().find(|op| op.path == "token/create");
    let card_type = op.and_then(|op| op.params.iter().find(|p| p.wire == "cardType"));
    assert_eq!(
        card_type.expect("cardType").ty,
        Ty::Enum("TokenCardType".into())
    );
    let e = named.enums.iter().find(|e| e.rust == "TokenCardType");
    let values: Vec<(&str, &str)> = e
        .expect("TokenCardType")
        .values
        .iter()
        .map(|v| (v.wire.as_str(), v.rust.as_str()))
        .collect();
    assert_eq!(
        values,
        [("CB", "Cb"), ("VISA", "Visa"), ("MC", "Mastercard")]
    );
    // Against the spec, no return code, endpoint or token/create value is renamed.
    let report = diff(&spec, &named);
    let renamed: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.what == What::RustName)
        .filter(|c| match &c.item {
            Item::ReturnCode { .. } | Item::Endpoint { .. } => true,
            Item::EnumValue { r#enum, .. } => r#enum == "TokenCardType",
            _ => false,
        })
        .collect();
    assert!(renamed.is_empty(), "{renamed:#?}");
}
