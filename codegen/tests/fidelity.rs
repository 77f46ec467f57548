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

/// The S-money schedule rule's doc says what 001 says: one rule for amounts and fees
/// ("Le calcul des échéances (montant et commission)"), the remainder on the last
/// installment ("reste de la division"), neither called paybind's own reading.
#[test]
fn the_schedule_rule_doc_follows_001() {
    let text = spec_text("smoney.yaml");
    let (g, _) = judge("smoney.yaml", &text);
    let rule = g.objects.iter().find(|o| o.rust == "ScheduleRule");
    let words: Vec<&str> = rule.expect("ScheduleRule").doc.split_whitespace().collect();
    let doc = words.join(" ");
    let seed = std::fs::read_to_string(seeds().join("001_b198a1e37d8b1b40.txt")).expect("001");
    for phrase in [
        "Le calcul des échéances (montant et commission)",
        "reste de la division",
    ] {
        assert!(seed.contains(phrase), "001 has {phrase:?}");
        assert!(doc.contains(phrase), "the doc quotes {phrase:?}: {doc}");
    }
    assert!(doc.contains("amounts and to the fees"), "{doc}");
    for wrong in ["installment 1 only", "paybind's reading"] {
        assert!(!doc.contains(wrong), "the doc still says {wrong:?}: {doc}");
    }
}

/// The spec text without the item whose key line starts with `key` (after its indent):
/// that line and the deeper-indented lines under it.
fn without_item(text: &str, within: &str, key: &str) -> String {
    let start = text.find(within).expect("the section") + within.len();
    let at = start + text[start..].find(key).expect("the item");
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let indent = at - line_start;
    let mut end = at + text[at..].find('\n').map_or(text.len() - at, |n| n + 1);
    while end < text.len() {
        let line = &text[end..];
        let deeper = line.len() - line.trim_start_matches(' ').len() > indent;
        if !deeper {
            break;
        }
        end += line.find('\n').map_or(line.len(), |n| n + 1);
    }
    format!("{}{}", &text[..line_start], &text[end..])
}

/// The unexplained findings of a spec text (not the file) against its documents.
fn unexplained_of(spec: &str, text: &str) -> Vec<paybind_codegen::fidelity::Finding> {
    let (_, report) = judge(spec, text);
    report.unexplained().cloned().collect()
}

/// 004's request builder lists `merchant_form_data`, which no table documents: without the
/// spec's parameter, the judge reports it as left out, at the builder's row.
#[test]
fn the_judge_reports_a_request_builder_name_the_spec_lacks() {
    let text = without_item(
        &spec_text("payneteasy.yaml"),
        "\n  preauth:\n",
        "merchant_form_data:",
    );
    assert!(!text.contains("merchant_form_data"));
    let found = unexplained_of("payneteasy.yaml", &text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.what, paybind_codegen::ir::Property::Omitted);
    assert_eq!(f.document, "`merchant_form_data`");
    assert_eq!(
        f.location,
        "004_4bb82ea0de25b99c.txt § Request Builder, row `merchant_form_data` (line 693)"
    );
    assert_eq!(f.item, "004_4bb82ea0de25b99c.txt table `Request Builder`");
}

/// 002, 003 and 004 write `tds_areq_notification_url, alias tds_cres_notification_url`:
/// a spec without the alias differs from each of them in the parameter's wire names.
#[test]
fn the_judge_flags_an_alias_missing_from_the_spec() {
    let text = spec_text("payneteasy.yaml");
    let aliases = "aliases: [tds_cres_notification_url], ";
    assert_eq!(text.matches(aliases).count(), 1);
    let found = unexplained_of("payneteasy.yaml", &text.replace(aliases, ""));
    let mut places: Vec<(&str, &str)> = found
        .iter()
        .map(|f| {
            assert_eq!(f.what, paybind_codegen::ir::Property::WireName, "{f}");
            assert_eq!(
                f.document,
                "`tds_areq_notification_url`, alias `tds_cres_notification_url`"
            );
            assert_eq!(f.spec, "`tds_areq_notification_url`");
            (f.item.as_str(), &f.location[..24])
        })
        .collect();
    places.sort_unstable();
    assert_eq!(
        places,
        [
            (
                "`Preauth` parameter `tds_areq_notification_url`",
                "004_4bb82ea0de25b99c.txt"
            ),
            (
                "`Sale` parameter `tds_areq_notification_url`",
                "002_533efdf5ff50f3f7.txt"
            ),
            (
                "`Sale` parameter `tds_areq_notification_url`",
                "003_86258bf917671082.txt"
            ),
        ]
    );
}

/// The spec text without the rule list item starting with `head` (that line and the lines
/// indented under it).
fn without_rule(text: &str, head: &str) -> String {
    assert_eq!(text.matches(head).count(), 1, "{head}");
    without_item(text, "", head)
}

/// A condition the document states ("Mandatory for 3DS V2", "Mandatory for 3DS
/// authentication") that no rule models is a `required` finding of each field it drops.
#[test]
fn the_judge_catches_a_dropped_condition() {
    let text = spec_text("comnpay.yaml");
    let dropped = without_rule(
        &text,
        "- one_of_required_with: { one_of: [browser, application]",
    );
    let found = unexplained_of("comnpay.yaml", &dropped);
    let items: Vec<&str> = found.iter().map(|f| f.item.as_str()).collect();
    assert_eq!(
        items,
        [
            "`PaymentTokenDebit` parameter `browser`",
            "`PaymentAliasDebit` parameter `browser`",
            "`PreauthorizationTokenOpen` parameter `browser`",
            "`PreauthorizationAliasOpen` parameter `browser`",
        ]
    );
    for f in &found {
        assert_eq!(f.what, paybind_codegen::ir::Property::Required);
        assert_eq!(f.document, "conditional (Mandatory for 3DS V2)");
        assert_eq!(f.spec, "optional: no rule models the condition");
    }
    // An "at most one" requires nothing: it models no condition.
    assert!(dropped.contains("- at_most_one_of: [browser, application]"));

    let dropped = without_rule(&text, "- required_with: { fields: [cvv]");
    let found = unexplained_of("comnpay.yaml", &dropped);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].item.as_str(), found[0].document.as_str()),
        (
            "`PreauthorizationAliasOpen` parameter `cvv`",
            "conditional (Mandatory for 3DS authentication)"
        )
    );
    assert_eq!(
        found[0].location,
        "000_0314d75137e75338.txt § preauthorization/aliasOpen, row `cvv` (line 236)"
    );
}
