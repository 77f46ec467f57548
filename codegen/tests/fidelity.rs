//! The documents are the judge: each spec is compared with the documents it cites. Every
//! difference must be explained by a `reading:` that names the property it decides; every
//! item must say where it comes from (`paybind spec check`); every citation must resolve to
//! a place that names its item; and every property a reading names must explain a
//! difference, so that removing any one of them makes this test fail.

use std::path::{Path, PathBuf};

use paybind_codegen::cite::{read_documents, Document};
use paybind_codegen::fidelity::{compare, Report};
use paybind_codegen::import::find_seeds;
use paybind_codegen::ir::Gateway;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn seeds() -> PathBuf {
    find_seeds(root()).expect("shared/seeds/INDEX.md beside the repository (CI clones it there)")
}

fn spec_text(spec: &str) -> String {
    std::fs::read_to_string(root().join("spec").join(spec)).expect("read spec")
}

/// The spec lowered, and its report against its documents.
fn judge(spec: &str, text: &str) -> (Gateway, Report) {
    let file = format!("spec/{spec}");
    let g = paybind_codegen::lower_str(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let model = paybind_codegen::load::load_str(&file, text).expect("loads");
    let read = read_documents(&model, &seeds()).expect("read the documents");
    let docs: Vec<Document<'_>> = read.iter().map(|(_, t, im)| Document::new(im, t)).collect();
    let report = compare(&g, &docs);
    (g, report)
}

/// Every unexplained difference and unused reading of one spec, as lines.
fn problems(spec: &str) -> Vec<String> {
    let text = spec_text(spec);
    let mut out: Vec<String> = match paybind_codegen::check_str(&format!("spec/{spec}"), &text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|e| format!("spec check: {e}")).collect(),
    };
    let (_, report) = judge(spec, &text);
    out.extend(report.unexplained().map(|f| format!("difference: {f}")));
    out.extend(report.unused_readings.iter().map(|(item, p, r)| {
        format!(
            "unused reading ({}) on {item}: nothing differs there: {r}",
            p.as_str()
        )
    }));
    out
}

fn assert_faithful(spec: &str) {
    let p = problems(spec);
    assert!(
        p.is_empty(),
        "spec/{spec} differs from its documents in {} place(s):\n{}",
        p.len(),
        p.join("\n")
    );
}

#[test]
fn comnpay_is_faithful_to_000() {
    assert_faithful("comnpay.yaml");
}

#[test]
fn smoney_is_faithful_to_001() {
    assert_faithful("smoney.yaml");
}

#[test]
fn payneteasy_is_faithful_to_002_003_004() {
    assert_faithful("payneteasy.yaml");
}

/// Every property a reading names is needed: it explains at least one difference of that
/// property on its item (the judge reports any that explains none), so without it that
/// difference is unexplained; and no difference is explained by a reading of another
/// property.
fn every_reading_is_needed(spec: &str) {
    let text = spec_text(spec);
    let (_, report) = judge(spec, &text);
    let explained: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.is_explained())
        .collect();
    assert!(
        explained.len() > 10,
        "spec/{spec} explains only {} differences: is the judge comparing?",
        explained.len()
    );
    for f in &explained {
        let why = f.explained_by.as_deref().unwrap_or_default();
        assert!(
            why.starts_with(&format!("reading ({})", f.what.as_str())),
            "{f}: explained by a reading of another property"
        );
    }
    assert!(
        report.unused_readings.is_empty(),
        "readings that explain nothing: {:?}",
        report.unused_readings
    );
}

#[test]
fn every_comnpay_reading_is_needed() {
    every_reading_is_needed("comnpay.yaml");
}

#[test]
fn every_smoney_reading_is_needed() {
    every_reading_is_needed("smoney.yaml");
}

#[test]
fn every_payneteasy_reading_is_needed() {
    every_reading_is_needed("payneteasy.yaml");
}

/// Every citation, followed into its document, names its item: a parameter's own row (or,
/// where a `wire_name` reading says it travels under another name, the documented row), a
/// row or phrase that lists an enum value or mentions the item, its code's row, its
/// endpoint's table. `paybind spec cite` would change nothing.
fn every_citation_names_its_item(spec: &str) {
    let text = spec_text(spec);
    let fixed = paybind_codegen::cite::fix_spec(&format!("spec/{spec}"), &text, &seeds())
        .expect("the citations are read");
    let wrong: Vec<String> = fixed
        .changed
        .iter()
        .map(|(pos, item, old, new)| format!("{pos} {item}: {old} (should be {new})"))
        .chain(
            fixed
                .unplaced
                .iter()
                .map(|(pos, item, old, why)| format!("{pos} {item}: {old}: {why}")),
        )
        .collect();
    assert!(wrong.is_empty(), "spec/{spec}:\n{}", wrong.join("\n"));
    let sources = text.matches("source:").count();
    assert!(sources > 50, "spec/{spec} has only {sources} citations");
}

#[test]
fn every_comnpay_citation_names_its_item() {
    every_citation_names_its_item("comnpay.yaml");
}

#[test]
fn every_smoney_citation_names_its_item() {
    every_citation_names_its_item("smoney.yaml");
}

#[test]
fn every_payneteasy_citation_names_its_item() {
    every_citation_names_its_item("payneteasy.yaml");
}

/// A citation of another item's row, of a row the document does not have, or of a line
/// number is caught, and placed again where the item is.
#[test]
fn a_citation_of_the_wrong_place_is_caught_and_placed_again() {
    let text = spec_text("comnpay.yaml");
    let right = "source: \"000_0314d75137e75338.txt § payment/refund, row `amount`\"";
    assert_eq!(text.matches(right).count(), 1);
    for wrong in [
        "source: \"000_0314d75137e75338.txt § payment/refund, row `transactionRef`\"",
        "source: \"000_0314d75137e75338.txt § payment/refund, row `currency`\"",
        "source: \"000_0314d75137e75338.txt line 143\"",
    ] {
        let edited = text.replacen(right, wrong, 1);
        let fixed = paybind_codegen::cite::fix_spec("spec/comnpay.yaml", &edited, &seeds())
            .expect("the citations are read");
        assert_eq!(fixed.changed.len(), 1, "{wrong}: {:?}", fixed.changed);
        let (_, item, _, new) = &fixed.changed[0];
        assert_eq!(item, "`payment/refund` field `amount`");
        assert_eq!(
            new,
            "000_0314d75137e75338.txt § payment/refund, row `amount`"
        );
        assert!(fixed.text.contains(right), "{wrong}: rewritten back");
    }
}

/// A parameter one brand's document has and the other's lacks is that brand's: offered to
/// both without a citation of each brand's document (or a reading of why), it is named.
#[test]
fn a_parameter_offered_to_a_brand_whose_document_lacks_it_is_named() {
    let text = spec_text("payneteasy.yaml");
    let both = r#"purpose: { use: purpose, source: ["002_533efdf5ff50f3f7.txt § Request Parameters, row `purpose`", "003_86258bf917671082.txt § Request Parameters, row `purpose`"] }"#;
    assert_eq!(text.matches(both).count(), 1);
    let edited = text.replacen(
        both,
        r#"purpose: { use: purpose, source: "002_533efdf5ff50f3f7.txt § Request Parameters, row `purpose`" }"#,
        1,
    );
    let (_, report) = judge("payneteasy.yaml", &edited);
    let found: Vec<String> = report.unexplained().map(|f| f.to_string()).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|f| f.starts_with("`Sale` parameter `purpose`: citation: the document says nothing of `purpose` (003_86258bf917671082.txt), the spec says it is offered to brand `payneteasy`")), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("endpoint `sale` (Sale): omitted: the document says `purpose`")),
        "{found:#?}"
    );
}
