//! When the provider changes its docs: the PaynetEasy sale document (003) imported and
//! compared with the ConnPay sale spec made from its older text (002), as a maintainer would
//! run `paybind spec import` then `paybind spec diff`.

use std::path::Path;

use paybind_codegen::diff::{diff, Impact, Item, What};
use paybind_codegen::import::{detect, find_seeds, import, to_spec_yaml};
use paybind_codegen::ir::Gateway;

fn skeleton_yaml(document: &str) -> String {
    let seeds = find_seeds(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("shared/seeds");
    let text = std::fs::read_to_string(seeds.join(document)).expect("read the seed");
    let imported = import(document, &text, detect(&text).expect("format")).expect("import");
    to_spec_yaml(&imported)
}

fn lower(document: &str, yaml: &str) -> Gateway {
    paybind_codegen::lower_str(document, yaml).unwrap_or_else(|e| panic!("{e}"))
}

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
