//! `paybind_codegen::diff`: what changed between two specs, for users of the generated API.
//! Small inline specs show each rule of the classification; the real specs close the file.

use paybind_codegen::diff::{diff, Change, Impact, Item, Report, What};
use paybind_codegen::ir::Gateway;
use paybind_codegen::lower_str;

mod common;
use common::spec;

fn lower(src: &str) -> Gateway {
    lower_str("spec/demo.yaml", src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

/// The report between two specs' texts.
fn report(old: &str, new: &str) -> Report {
    diff(&lower(old), &lower(new))
}

/// Between two versions of `thing/do`'s extra parameters.
fn params(old: &str, new: &str) -> Report {
    report(&spec("", old, ""), &spec("", new, ""))
}

/// The one change of a report.
fn only(r: &Report) -> &Change {
    assert_eq!(r.changes.len(), 1, "{}", r.to_text());
    &r.changes[0]
}

fn param(wire: &str) -> Item {
    Item::Parameter {
        request: "ThingDo".into(),
        wire: wire.into(),
    }
}

const ADDRESS_50: &str = "      address1: { type: string, max_length: 50, doc: Address. }";
const ADDRESS_256: &str = "      address1: { type: string, max_length: 256, doc: Address. }";

#[test]
fn identical_specs_give_an_empty_report() {
    let src = spec("", ADDRESS_50, "");
    let r = report(&src, &src);
    assert!(r.changes.is_empty() && r.is_empty(), "{}", r.to_text());
    assert!(!r.is_breaking());
    assert_eq!(r.to_text(), "No changes.\n");
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("JSON");
    assert_eq!(json["breaking"], false);
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_relaxed_max_length_is_compatible() {
    let r = params(ADDRESS_50, ADDRESS_256);
    let c = only(&r);
    assert_eq!(c.item, param("address1"));
    assert_eq!(c.what, What::MaxLength);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("50"), Some("256"))
    );
    assert_eq!(c.impact, Impact::Compatible);
    assert_eq!(
        c.reason,
        "max_length relaxed from 50 to 256: every request that validated still does."
    );
    assert!(!r.is_breaking());
}

#[test]
fn a_tightened_max_length_is_breaking() {
    let r = params(ADDRESS_256, ADDRESS_50);
    let c = only(&r);
    assert_eq!(c.what, What::MaxLength);
    assert_eq!(c.impact, Impact::Breaking);
    assert!(r.is_breaking());
    assert_eq!(
        r.to_text().lines().next(),
        Some("BREAKING  parameter `ThingDo.address1`: max_length 256 → 50 (tightened: requests that validated may now be refused)")
    );
    assert_eq!(
        r.to_text().lines().last(),
        Some("1 change: 1 breaking, 0 added, 0 changed.")
    );
}

#[test]
fn a_new_limit_tightens_and_a_removed_one_relaxes() {
    let plain = "      address1: { type: string, doc: Address. }";
    let c = only(&params(plain, ADDRESS_50)).clone();
    assert_eq!(
        (c.what, c.old, c.impact),
        (What::MaxLength, None, Impact::Breaking)
    );
    let c = only(&params(ADDRESS_50, plain)).clone();
    assert_eq!(
        (c.what, c.new, c.impact),
        (What::MaxLength, None, Impact::Compatible)
    );
    // A higher minimum tightens, a lower one relaxes.
    let min = |n: u32| format!("      n: {{ type: integer, min: {n}, doc: N. }}");
    assert_eq!(only(&params(&min(1), &min(5))).impact, Impact::Breaking);
    assert_eq!(only(&params(&min(5), &min(1))).impact, Impact::Compatible);
}

#[test]
fn a_pattern_added_or_changed_is_breaking_and_removed_compatible() {
    let none = "      code: { type: string, doc: C. }";
    let three = r#"      code: { type: string, pattern: '^\d{3}$', doc: C. }"#;
    let four = r#"      code: { type: string, pattern: '^\d{4}$', doc: C. }"#;
    for (old, new, impact) in [
        (none, three, Impact::Breaking),
        (three, four, Impact::Breaking),
        (three, none, Impact::Compatible),
    ] {
        let r = params(old, new);
        let c = only(&r);
        assert_eq!(
            (&c.what, c.impact),
            (&What::Pattern, impact),
            "{}",
            r.to_text()
        );
    }
}

#[test]
fn a_new_optional_parameter_is_compatible() {
    let r = params("", ADDRESS_50);
    let c = only(&r);
    assert_eq!(c.item, param("address1"));
    assert_eq!(c.what, What::Added);
    assert_eq!(c.new.as_deref(), Some("optional string"));
    assert_eq!(c.impact, Impact::Compatible);
    assert!(c.reason.contains("new setter `address1`"), "{}", c.reason);
}

#[test]
fn a_new_required_parameter_is_breaking() {
    let r = params("", "      extra: { type: string, required: true, doc: X. }");
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Breaking));
    assert!(c.reason.contains("no longer compile"), "{}", c.reason);
}

#[test]
fn a_removed_parameter_is_breaking() {
    let r = params(ADDRESS_50, "");
    let c = only(&r);
    assert_eq!(c.item, param("address1"));
    assert_eq!((&c.what, c.impact), (&What::Removed, Impact::Breaking));
    assert_eq!(c.old.as_deref(), Some("optional string"));
}

#[test]
fn required_ness_changes_either_way_are_breaking() {
    let optional = "      extra: { type: string, doc: X. }";
    let required = "      extra: { type: string, required: true, doc: X. }";
    let r = params(optional, required);
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Required, Impact::Breaking));
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("optional"), Some("required"))
    );
    assert!(
        c.reason.contains("builders that do not set `extra`"),
        "{}",
        c.reason
    );

    let r = params(required, optional);
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Required, Impact::Breaking));
    assert!(
        c.reason.contains("from `String` to `Option<String>`"),
        "{}",
        c.reason
    );
}

#[test]
fn a_type_change_is_breaking() {
    let r = params(
        "      n: { type: string, doc: N. }",
        "      n: { type: integer, doc: N. }",
    );
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Type, Impact::Breaking));
    assert!(c.reason.contains("from `String` to `i64`"), "{}", c.reason);
}

const LANG: &str = "  Lang:
    kind: enum
    doc: A language.
    values:
      fr: { name: Fr, doc: French }";
const LANG_PARAM: &str = "      lang: { type: Lang, doc: Language. }";

fn lang(extra_values: &str) -> String {
    spec(&format!("{LANG}\n{extra_values}"), LANG_PARAM, "")
}

#[test]
fn an_enum_value_added_is_compatible_and_removed_breaking() {
    let two = lang("      en: { name: En, doc: English }");
    let r = report(&lang(""), &two);
    let c = only(&r);
    let value = Item::EnumValue {
        r#enum: "Lang".into(),
        wire: "en".into(),
    };
    assert_eq!(c.item, value);
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Compatible));
    assert!(
        c.reason.contains("strict validation now accepts"),
        "{}",
        c.reason
    );

    let r = report(&two, &lang(""));
    let c = only(&r);
    assert_eq!(c.item, value);
    assert_eq!((&c.what, c.impact), (&What::Removed, Impact::Breaking));
}

fn codes(codes: &str) -> String {
    spec("", "", codes)
}

const SOFT: &str = r#"    - { code: "100", name: Busy, category: soft_decline, doc: Try again }"#;
const HARD: &str = r#"    - { code: "100", name: Busy, category: hard_decline, doc: Try again }"#;

#[test]
fn return_codes_added_removed_and_recategorised() {
    let code = Item::ReturnCode { code: "100".into() };
    let r = report(&codes(""), &codes(SOFT));
    let c = only(&r);
    assert_eq!(c.item, code);
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Compatible));

    let r = report(&codes(SOFT), &codes(""));
    assert_eq!(
        (&only(&r).what, only(&r).impact),
        (&What::Removed, Impact::Breaking)
    );

    let r = report(&codes(SOFT), &codes(HARD));
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Category, Impact::Compatible));
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("soft_decline"), Some("hard_decline"))
    );
    assert!(
        c.reason.contains("`category()` now returns"),
        "{}",
        c.reason
    );
    // Reported under "Changed", a patch.
    let log = r.to_changelog("0.1.0");
    assert!(
        log.contains("### Changed\n\n- return_code `100`: `category()`"),
        "{log}"
    );
    assert!(
        !log.contains("### Breaking") && !log.contains("### Added"),
        "{log}"
    );
    assert!(log.contains("**patch** (0.1.0 → 0.1.1)"), "{log}");
}

#[test]
fn a_reworded_return_code_description_is_one_compatible_change() {
    let reworded = SOFT.replace("doc: Try again", "doc: Try again later");
    let r = report(&codes(SOFT), &codes(&reworded));
    let c = only(&r);
    assert_eq!(c.item, Item::ReturnCode { code: "100".into() });
    assert_eq!(c.what, What::Description);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("Try again"), Some("Try again later"))
    );
    assert_eq!(c.impact, Impact::Compatible);
    assert_eq!(
        c.reason,
        "The description of return code 100 changed from \"Try again\" to \"Try again later\": `description()` returns the new text; code matching it keeps compiling."
    );
    assert_eq!(
        r.to_text().lines().next(),
        Some("changed   return_code `100`: description Try again → Try again later (`description()` returns the new text)")
    );
}

/// The demo spec with `thing/do`'s request type named `name`.
fn named_thing(name: &str) -> String {
    let src = spec("", "", "");
    let at = "  thing/do:\n";
    assert_eq!(src.matches(at).count(), 1);
    src.replacen(at, &format!("{at}    name: {name}\n"), 1)
}

#[test]
fn a_renamed_request_type_at_the_same_path_is_a_rust_name_change() {
    let r = report(&spec("", "", ""), &named_thing("ThingMake"));
    let c = only(&r);
    assert_eq!(
        c.item,
        Item::Endpoint {
            path: "thing/do".into(),
            request: "ThingMake".into()
        }
    );
    assert_eq!(c.what, What::RustName);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("ThingDo"), Some("ThingMake"))
    );
    assert_eq!(c.impact, Impact::Breaking);
    assert_eq!(
        c.reason,
        "The request type `ThingDo` is renamed `ThingMake`, and its client method `Client::thing_do` is renamed `Client::thing_make`: code naming either no longer compiles."
    );
}

#[test]
fn an_alias_added_is_compatible_and_removed_breaking() {
    let plain = "      tds_areq_notification_url: { type: url, doc: U. }";
    let aliased = "      tds_areq_notification_url: { type: url, aliases: [tds_cres_notification_url], doc: U. }";
    let r = params(plain, aliased);
    let c = only(&r);
    assert_eq!(c.item, param("tds_areq_notification_url"));
    assert_eq!(
        (&c.what, c.old.as_deref(), c.new.as_deref(), c.impact),
        (
            &What::Alias,
            None,
            Some("tds_cres_notification_url"),
            Impact::Compatible
        )
    );
    assert!(
        c.reason.starts_with(
            "Servers now also read `tds_cres_notification_url` as `tds_areq_notification_url`"
        ),
        "{}",
        c.reason
    );
    let r = params(aliased, plain);
    let c = only(&r);
    assert_eq!(
        (&c.what, c.old.as_deref(), c.new.as_deref(), c.impact),
        (
            &What::Alias,
            Some("tds_cres_notification_url"),
            None,
            Impact::Breaking
        )
    );
    assert!(
        c.reason
            .starts_with("Servers no longer read `tds_cres_notification_url`"),
        "{}",
        c.reason
    );
    assert!(
        r.to_text().starts_with("BREAKING  parameter `ThingDo.tds_areq_notification_url`: alias tds_cres_notification_url → none"),
        "{}",
        r.to_text()
    );
}

const AB: &str = "      a: { type: string, doc: A. }
      b: { type: string, doc: B. }";

fn with_rule(rule: &str) -> String {
    format!("{AB}\n    rules:\n      - {rule}\n        doc: A rule.")
}

#[test]
fn a_rule_added_is_breaking_and_removed_compatible() {
    let rule = Item::Rule {
        owner: "ThingDo".into(),
        text: "at_most_one_of [a, b]".into(),
    };
    let r = params(AB, &with_rule("at_most_one_of: [a, b]"));
    let c = only(&r);
    assert_eq!(c.item, rule);
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Breaking));

    let r = params(&with_rule("at_most_one_of: [a, b]"), AB);
    let c = only(&r);
    assert_eq!(c.item, rule);
    assert_eq!((&c.what, c.impact), (&What::Removed, Impact::Compatible));

    // The same rule with its fields in another order is the same rule.
    let r = params(
        &with_rule("at_most_one_of: [a, b]"),
        &with_rule("at_most_one_of: [b, a]"),
    );
    assert!(r.changes.is_empty(), "{}", r.to_text());
}

#[test]
fn a_one_of_required_with_rule_added_is_breaking_and_removed_compatible() {
    let fields = "      a: { type: string, doc: A. }\n      b: { type: string, doc: B. }\n      c: { type: url, doc: C. }";
    let rule = format!("{fields}\n    rules:\n      - one_of_required_with: {{ one_of: [a, b], any_of: [c] }}\n        doc: A rule.");
    let item = Item::Rule {
        owner: "ThingDo".into(),
        text: "one_of_required_with [a, b] any_of [c]".into(),
    };
    let r = params(fields, &rule);
    let c = only(&r);
    assert_eq!(c.item, item);
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Breaking));
    let r = params(&rule, fields);
    let c = only(&r);
    assert_eq!(
        (&c.item, &c.what, c.impact),
        (&item, &What::Removed, Impact::Compatible)
    );
    // The same fields in another order are the same rule.
    let swapped = rule.replace("[a, b]", "[b, a]");
    assert!(params(&rule, &swapped).changes.is_empty());
}

#[test]
fn a_rule_condition_that_widens_is_breaking() {
    let fields = "      a: { type: string, doc: A. }
      b: { type: string, doc: B. }";
    let rule = |values: &str| {
        format!("{fields}\n    rules:\n      - required_if: {{ field: a, when: {{ field: b, in: [{values}] }} }}\n        doc: A rule.")
    };
    let r = params(&rule("x"), &rule("x, y"));
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Condition, Impact::Breaking));
    let r = params(&rule("x, y"), &rule("x"));
    assert_eq!(only(&r).impact, Impact::Compatible);
}

const OTHER_ENDPOINT: &str = "  thing/other:
    doc: Another thing.
    response: Answer
    params:
      id: { type: string, doc: An id. }";

#[test]
fn an_endpoint_added_is_compatible_and_removed_breaking() {
    let endpoint = Item::Endpoint {
        path: "thing/other".into(),
        request: "ThingOther".into(),
    };
    let r = params("", OTHER_ENDPOINT);
    let c = only(&r);
    assert_eq!(c.item, endpoint);
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Compatible));
    assert!(c.reason.contains("`Client::thing_other`"), "{}", c.reason);

    // The text names an endpoint by its request type and its path.
    let line = "added     endpoint `ThingOther` (`thing/other`): added";
    assert!(r.to_text().starts_with(line), "{}", r.to_text());

    let r = params(OTHER_ENDPOINT, "");
    let c = only(&r);
    assert_eq!(c.item, endpoint);
    assert_eq!((&c.what, c.impact), (&What::Removed, Impact::Breaking));
}

#[test]
fn redacting_a_value_or_no_longer_changes_its_type_and_another_kind_does_not() {
    let plain = "      code: { type: string, doc: C. }";
    let secret = "      code: { type: string, sensitive: secret, doc: C. }";
    let token = "      code: { type: string, sensitive: token, doc: C. }";
    for (old, new, was, now, impact) in [
        (plain, secret, "no", "secret", Impact::Breaking),
        (secret, plain, "secret", "no", Impact::Breaking),
        (secret, token, "secret", "token", Impact::Compatible),
    ] {
        let r = params(old, new);
        assert!(!r.is_empty());
        let c = only(&r);
        assert_eq!(
            (
                &c.item,
                &c.what,
                c.old.as_deref(),
                c.new.as_deref(),
                c.impact
            ),
            (
                &param("code"),
                &What::Sensitive,
                Some(was),
                Some(now),
                impact
            )
        );
    }
}

/// Several changes: endpoint order, then parameter order; removed items after their old
/// predecessor.
fn many() -> (String, String) {
    let old = spec(
        "",
        &format!("{ADDRESS_50}\n      gone: {{ type: string, doc: G. }}\n      city: {{ type: string, doc: C. }}\n{OTHER_ENDPOINT}"),
        SOFT,
    );
    let new = spec(
        "",
        &format!("      first: {{ type: string, doc: F. }}\n{ADDRESS_256}\n      city: {{ type: string, max_length: 10, doc: C. }}"),
        HARD,
    );
    (old, new)
}

#[test]
fn the_order_is_deterministic() {
    let (old, new) = many();
    let (a, b) = (lower(&old), lower(&new));
    let r = diff(&a, &b);
    assert_eq!(r, diff(&a, &b));
    assert_eq!(r, diff(&lower(&old), &lower(&new)));
    let items: Vec<(String, String)> = r
        .changes
        .iter()
        .map(|c| (c.item.name(), c.what.to_string()))
        .collect();
    let expect = [
        ("ThingDo.first", "added"),
        ("ThingDo.address1", "max_length"),
        ("ThingDo.gone", "removed"),
        ("ThingDo.city", "max_length"),
        ("ThingOther (thing/other)", "removed"),
        ("100", "category"),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(items, expect, "{}", r.to_text());
}

#[test]
fn the_json_parses_and_says_everything() {
    let (old, new) = many();
    let r = report(&old, &new);
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid JSON");
    assert_eq!(json["breaking"], true);
    let changes = json["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), r.changes.len());
    for (j, c) in changes.iter().zip(&r.changes) {
        assert_eq!(j["item"], c.item.name());
        assert_eq!(j["kind"], c.item.kind());
        assert_eq!(j["what"], c.what.to_string());
        assert_eq!(j["old"].as_str(), c.old.as_deref());
        assert_eq!(j["new"].as_str(), c.new.as_deref());
        // The JSON's two words for a verdict, as `spec diff --json` documents them.
        let impact = match c.impact {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        };
        assert_eq!(j["impact"], impact);
        assert_eq!(j["reason"], c.reason.as_str());
    }
    assert_eq!(changes[0]["old"], serde_json::Value::Null);

    // Quotes and backslashes survive: a pattern's source is a value.
    let r = params(
        "      code: { type: string, doc: C. }",
        r#"      code: { type: string, pattern: '^"\d\\$', doc: C. }"#,
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid JSON");
    assert_eq!(json["changes"][0]["new"], r#"^"\d\\$"#);
}

#[test]
fn the_changelog_sorts_changes_and_recommends_a_bump() {
    let (old, new) = many();
    let r = report(&old, &new);
    let log = r.to_changelog("0.1.0");
    assert!(log.starts_with("## 0.2.0\n\n### Breaking\n\n"), "{log}");
    let (b, a, c) = (
        log.find("### Breaking").expect("breaking"),
        log.find("### Added").expect("added"),
        log.find("### Changed").expect("changed"),
    );
    assert!(b < a && a < c, "{log}");
    assert!(
        log.contains("- parameter `ThingDo.gone`: The parameter is gone"),
        "{log}"
    );
    assert!(
        log.contains("Recommended version bump: **minor** (0.1.0 → 0.2.0): breaking changes, and before 1.0 a breaking change bumps the minor version."),
        "{log}"
    );
    assert!(r
        .to_changelog("1.4.2")
        .contains("**major** (1.4.2 → 2.0.0)"));

    // Additions only: minor after 1.0, patch before.
    let r = params("", ADDRESS_50);
    assert!(r
        .to_changelog("1.4.2")
        .starts_with("## 1.5.0\n\n### Added\n"));
    assert!(r
        .to_changelog("0.3.0")
        .contains("**patch** (0.3.0 → 0.3.1)"));
    // Not a version: the hint heads the section.
    assert!(r.to_changelog("Unreleased").starts_with("## Unreleased\n"));
    // Nothing changed.
    let r = params("", "");
    assert!(r.to_changelog("0.1.0").contains("No version bump needed"));
}

// ---------------------------------------------------------------------------------------
// The real specs
// ---------------------------------------------------------------------------------------

fn real(name: &str) -> String {
    let path = format!("{}/../spec/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_real_spec_against_itself_is_empty() {
    for name in ["payneteasy.yaml", "comnpay.yaml", "smoney.yaml"] {
        let g = lower_str(name, &real(name)).expect("the real spec lowers");
        let r = diff(&g, &g);
        assert!(r.changes.is_empty(), "{name}: {}", r.to_text());
    }
}

#[test]
fn payneteasy_connpay_address1_limit_relaxed() {
    let old_src = real("payneteasy.yaml");
    let from = r#"connpay: { max_length: 50, doc: "002 (ConnPay sale) documents 50" }"#;
    assert_eq!(
        old_src.matches(from).count(),
        1,
        "address1's per-brand limit moved"
    );
    let new_src = old_src.replace(
        from,
        r#"connpay: { max_length: 256, doc: "002 (ConnPay sale) documents 50" }"#,
    );
    let (old, new) = (
        lower_str("payneteasy.yaml", &old_src).expect("old"),
        lower_str("payneteasy.yaml", &new_src).expect("new"),
    );
    let r = diff(&old, &new);
    // Every request with `address1` (the shared parameter) reports that one change.
    let requests: Vec<&str> = old
        .ops
        .iter()
        .filter(|op| op.params.iter().any(|p| p.wire == "address1"))
        .map(|op| op.rust.as_str())
        .collect();
    assert!(requests.contains(&"Sale"), "{requests:?}");
    assert_eq!(r.changes.len(), requests.len(), "{}", r.to_text());
    for (c, request) in r.changes.iter().zip(&requests) {
        assert_eq!(
            c.item,
            Item::Parameter {
                request: request.to_string(),
                wire: "address1".into()
            }
        );
        assert_eq!(c.what, What::BrandMaxLength("connpay".into()));
        assert_eq!(
            (c.old.as_deref(), c.new.as_deref()),
            (Some("50"), Some("256"))
        );
        assert_eq!(c.impact, Impact::Compatible);
    }
    assert!(!r.is_breaking());
    let text = r.to_text();
    assert!(
        text.starts_with("changed   parameter `Sale.address1`: per_brand.connpay.max_length 50 → 256 (relaxed: every request that validated still does)"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------
// The feature specs, changed in one place
// ---------------------------------------------------------------------------------------

fn feature(name: &str) -> String {
    let path = format!("{}/tests/specs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The report of a feature spec against itself with `from` replaced by `to` (once).
fn changed(name: &str, from: &str, to: &str) -> Report {
    let old = feature(name);
    assert_eq!(old.matches(from).count(), 1, "{name}: `{from}`");
    report(&old, &old.replacen(from, to, 1))
}

#[test]
fn sub_form_fields_follow_the_builder_rules_and_answer_fields_do_not() {
    let holder = |wire: &str| Item::SubformField {
        object: "Holder".into(),
        wire: wire.into(),
    };
    let email = "      email: { type: email, doc: E-mail address }";
    // A new required field of a sub-form sent in requests: its builder breaks.
    let r = changed(
        "enums_objects.yaml",
        email,
        &format!("{email}\n      phone: {{ type: string, required: true, doc: Phone }}"),
    );
    let c = only(&r);
    assert_eq!(c.item, holder("phone"));
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Breaking));
    // Its limits are checked: tightening breaks.
    let r = changed("enums_objects.yaml", "max_length: 45", "max_length: 30");
    let c = only(&r);
    assert_eq!(c.item, holder("name"));
    assert_eq!((&c.what, c.impact), (&What::MaxLength, Impact::Breaking));
    // A new field of an answer is compatible.
    let last4 = "      last4: { type: string, doc: Last four digits }";
    let r = changed(
        "enums_objects.yaml",
        last4,
        &format!("{last4}\n      expiry: {{ type: string, max_length: 4, doc: Expiry }}"),
    );
    let c = only(&r);
    assert_eq!(
        c.item,
        Item::SubformField {
            object: "StoredCard".into(),
            wire: "expiry".into()
        }
    );
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Compatible));
}

#[test]
fn an_enum_value_added_to_an_integer_enum_is_compatible() {
    let blocked = r#"      "-1": { name: Blocked, doc: Blocked by the issuer }"#;
    let r = changed(
        "enums_objects.yaml",
        blocked,
        &format!("{blocked}\n      \"2\": {{ name: Lost, doc: Reported lost }}"),
    );
    let c = only(&r);
    assert_eq!(c.new.as_deref(), Some("CardState::Lost"));
    assert_eq!(c.impact, Impact::Compatible);
}

#[test]
fn a_signature_over_other_parts_is_breaking_on_the_wire() {
    let r = changed(
        "signature.yaml",
        "{ param: order_ref }, { minor_units: amount }",
        "{ minor_units: amount }",
    );
    let c = only(&r);
    assert_eq!(
        c.item,
        Item::Signature {
            owner: "Pay".into()
        }
    );
    assert_eq!((&c.what, c.impact), (&What::Parts, Impact::Breaking));
    assert_eq!(
        c.old.as_deref(),
        Some("control = sha1(target_id + param order_ref + minor_units amount + credential control_key)")
    );
    assert!(c.note.contains("on the wire"), "{}", c.note);
}

#[test]
fn credentials_added_removed_or_reordered_are_breaking() {
    let login = "    login: { type: string, doc: Merchant login. }\n";
    let shop = "    shop: { type: string, doc: Shop id. }\n";
    let r = changed("signature.yaml", login, &format!("{login}{shop}"));
    let c = only(&r);
    assert_eq!(
        c.item,
        Item::Credential {
            wire: "shop".into()
        }
    );
    assert_eq!((&c.what, c.impact), (&What::Added, Impact::Breaking));
    assert_eq!(c.new.as_deref(), Some("shop, sent in the form"));
    assert!(c.reason.contains("`Credentials::new`"), "{}", c.reason);

    let key = "    control_key: { type: string, sensitive: secret, in: none, doc: \"Signs requests; never sent.\" }\n";
    let old = feature("signature.yaml");
    let swapped = old.replacen(&format!("{login}{key}"), &format!("{key}{login}"), 1);
    assert_ne!(old, swapped);
    let r = report(&old, &swapped);
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Order, Impact::Breaking));
}

#[test]
fn brand_availability_and_per_brand_limits() {
    // Documented for every brand now: relaxed.
    let r = changed("brands.yaml", "        brands: [acme]\n", "");
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Brands, Impact::Compatible));
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("[acme]"), Some("all"))
    );
    assert_eq!(
        c.reason,
        "Now documented for [globex] too, where the strict policy accepts it: every request that validated still does."
    );
    // Moved from one brand to the other: tightened for the brand that lost it.
    let r = changed("brands.yaml", "brands: [acme]", "brands: [globex]");
    let c = only(&r);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref(), c.impact),
        (Some("[acme]"), Some("[globex]"), Impact::Breaking)
    );
    assert_eq!(
        c.reason,
        "No longer documented for [acme], where the strict policy now refuses it: requests that validated may now be refused."
    );
    // Documented for a brand fewer: tightened.
    let r = changed("brands.yaml", "brands: [acme]", "brands: []");
    assert_eq!(only(&r).impact, Impact::Breaking);
    // A brand's own limit lowered: tightened, for that brand.
    let r = changed(
        "brands.yaml",
        "globex: { max_length: 50",
        "globex: { max_length: 40",
    );
    let c = only(&r);
    assert_eq!(
        (&c.what, c.impact),
        (&What::BrandMaxLength("globex".into()), Impact::Breaking)
    );
    // A brand's own limit dropped: the field's own (255) applies to it, relaxed.
    let r = changed(
        "brands.yaml",
        "        per_brand:\n          globex: { max_length: 50, doc: \"globex-brands.txt documents 50 characters\" }\n",
        "",
    );
    let c = only(&r);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("50"), Some("255"))
    );
    assert_eq!(c.impact, Impact::Compatible);
}

#[test]
fn variants_are_matched_by_path_and_key_not_by_name_or_order() {
    let old = feature("variants.yaml");
    let (by_ref, by_token) = (
        old.find("      by_reference:\n").expect("by_reference"),
        old.find("      by_token:\n").expect("by_token"),
    );
    let end = old.find("\n\n  refund/find:").expect("refund/find") + 1;
    // The variants in the other order, and the endpoint named `Repay`.
    let swapped = format!(
        "{}{}{}{}",
        &old[..by_ref],
        &old[by_token..end],
        &old[by_ref..by_token],
        &old[end..]
    );
    let r = report(&old, &swapped);
    assert!(r.changes.is_empty(), "{}", r.to_text());
    let renamed = swapped.replacen("  refund:\n", "  refund:\n    name: Repay\n", 1);
    let r = report(&old, &renamed);
    // Each variant paired with its namesake, in the new spec's order.
    let pairs = [
        ("RefundByToken", "RepayByToken"),
        ("RefundByReference", "RepayByReference"),
    ];
    assert_eq!(r.changes.len(), pairs.len(), "{}", r.to_text());
    for (c, (old, new)) in r.changes.iter().zip(pairs) {
        let endpoint = Item::Endpoint {
            path: "refund".into(),
            request: new.into(),
        };
        assert_eq!((&c.item, &c.what), (&endpoint, &What::RustName));
        assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some(old), Some(new)));
        assert_eq!(c.impact, Impact::Breaking);
    }
}

#[test]
fn a_money_parameter_whose_currency_travels_elsewhere_is_breaking() {
    let with = |field: &str| {
        format!("      amount: {{ type: money, currency_field: {field}, doc: Amount. }}")
    };
    let r = params(&with("currency"), &with("cur"));
    let c = only(&r);
    assert_eq!(
        (
            &c.item,
            &c.what,
            c.old.as_deref(),
            c.new.as_deref(),
            c.impact
        ),
        (
            &param("amount"),
            &What::CurrencyField,
            Some("currency"),
            Some("cur"),
            Impact::Breaking
        )
    );
    assert_eq!(
        c.reason,
        "The currency now travels in `cur` instead of `currency`: requests are written differently on the wire."
    );
}

/// The minimal spec against itself with `from` replaced by `to` (once).
fn gateway_changed(from: &str, to: &str) -> Report {
    let old = spec("", "", "");
    assert_eq!(old.matches(from).count(), 1, "`{from}`");
    report(&old, &old.replacen(from, to, 1))
}

fn setting(name: &str) -> Item {
    Item::Gateway {
        setting: name.into(),
    }
}

/// A change's item, aspect, values and verdict.
fn said(c: &Change) -> (&Item, &What, Option<&str>, Option<&str>, Impact) {
    (
        &c.item,
        &c.what,
        c.old.as_deref(),
        c.new.as_deref(),
        c.impact,
    )
}

/// The report's one change: a setting's value, from `old` to `new`, with this verdict.
#[track_caller]
fn assert_value_change(
    r: &Report,
    item: &Item,
    old: Option<&str>,
    new: Option<&str>,
    impact: Impact,
) {
    assert_eq!(said(only(r)), (item, &What::Value, old, new, impact));
}

#[test]
fn the_gateway_renamed_redocumented_or_on_another_tls() {
    let r = gateway_changed("id: demo", "id: other");
    let id = setting("id");
    assert_value_change(&r, &id, Some("demo"), Some("other"), Impact::Breaking);
    let r = gateway_changed("source: demo.txt", "source: demo-2.txt");
    let source = setting("source");
    assert_value_change(
        &r,
        &source,
        Some("demo.txt"),
        Some("demo-2.txt"),
        Impact::Compatible,
    );
    let tls = setting("tls");
    let r = gateway_changed(
        "source: demo.txt\n",
        "source: demo.txt\n  tls_min: \"1.3\"\n",
    );
    assert_value_change(
        &r,
        &tls,
        Some("1.2 and up"),
        Some("1.3 only"),
        Impact::Compatible,
    );
    assert!(
        only(&r).reason.contains("need TLS 1.3"),
        "{}",
        only(&r).reason
    );
    // And back: TLS 1.2 accepted again.
    let old = spec("", "", "").replacen(
        "source: demo.txt\n",
        "source: demo.txt\n  tls_min: \"1.3\"\n",
        1,
    );
    let r = report(&old, &spec("", "", ""));
    assert_value_change(
        &r,
        &tls,
        Some("1.3 only"),
        Some("1.2 and up"),
        Impact::Compatible,
    );
    assert!(
        only(&r).reason.contains("accept TLS 1.2 again"),
        "{}",
        only(&r).reason
    );
}

#[test]
fn how_answers_and_refusals_are_read_is_on_the_wire() {
    let answers = setting("answers");
    let r = gateway_changed("response_encoding: json", "response_encoding: lines");
    assert_value_change(
        &r,
        &answers,
        Some("JSON"),
        Some("key=value lines"),
        Impact::Breaking,
    );
    let r = gateway_changed(
        "response_encoding: json\n",
        "response_encoding: json\n  response_keys: case_insensitive\n",
    );
    assert_value_change(
        &r,
        &answers,
        Some("JSON"),
        Some("JSON, keys in any case"),
        Impact::Breaking,
    );
    let media = setting("media_type");
    let r = gateway_changed(
        "response_encoding: json\n",
        "response_encoding: json\n  media_type: application/vnd.demo+json\n",
    );
    assert_value_change(
        &r,
        &media,
        None,
        Some("application/vnd.demo+json"),
        Impact::Breaking,
    );
    let refusal = setting("refusal");
    let r = gateway_changed(
        "when: { field: ok, equals: \"0\" }",
        "when: { field: ok, in: [\"0\", \"2\"] }",
    );
    assert_value_change(
        &r,
        &refusal,
        Some("when ok in [0]; code code; message message"),
        Some("when ok in [0, 2]; code code; message message"),
        Impact::Breaking,
    );
    let r = gateway_changed(
        "when: { field: ok, equals: \"0\" }",
        "when: { field: error, present: true }",
    );
    assert_eq!(
        only(&r).new.as_deref(),
        Some("when error present; code code; message message")
    );
}

#[test]
fn environments_added_removed_or_moved() {
    let production = |brand: Option<&str>, name: &str| Item::Environment {
        brand: brand.map(str::to_string),
        name: name.into(),
    };
    let prod = "    production: { url: \"https://demo.example/rest\", doc: Production. }\n";
    let test = "    test: { url: \"https://test.demo.example/rest\", doc: Test. }\n";
    let r = gateway_changed(prod, &format!("{prod}{test}"));
    let item = production(None, "Test");
    let want = (
        &item,
        &What::Added,
        None,
        Some("https://test.demo.example/rest"),
        Impact::Compatible,
    );
    assert_eq!(said(only(&r)), want);
    let old = spec("", "", "").replacen(prod, &format!("{prod}{test}"), 1);
    let r = report(&old, &spec("", "", ""));
    let want = (
        &item,
        &What::Removed,
        Some("https://test.demo.example/rest"),
        None,
        Impact::Breaking,
    );
    assert_eq!(said(only(&r)), want);
    let r = gateway_changed("https://demo.example/rest", "https://api.demo.example/rest");
    let item = production(None, "Production");
    let want = (
        &item,
        &What::Url,
        Some("https://demo.example/rest"),
        Some("https://api.demo.example/rest"),
        Impact::Compatible,
    );
    assert_eq!(said(only(&r)), want);
    // A brand's environment, named with its brand.
    let r = changed(
        "brands.yaml",
        "https://pay.globex.example/api",
        "https://live.globex.example/api",
    );
    let item = production(Some("globex"), "Production");
    assert_eq!((&only(&r).item, &only(&r).what), (&item, &What::Url));
}

#[test]
fn brands_added_removed_or_given_to_a_gateway() {
    let globex = "    globex:\n      title: Globex Pay, a white label of Acme Pay\n      sources: [globex-brands.txt]\n      environments:\n        sandbox: { url: \"https://sandbox.globex.example/api\", doc: Globex test platform. }\n        production: { url: \"https://pay.globex.example/api\", doc: Globex live platform. }\n";
    let per_brand = "        per_brand:\n          globex: { max_length: 50, doc: \"globex-brands.txt documents 50 characters\" }\n";
    let old = feature("brands.yaml").replacen(per_brand, "", 1);
    let new = old.replacen(globex, "", 1);
    assert_ne!(old, new);
    let r = report(&new, &old);
    let brand = Item::Brand {
        id: "globex".into(),
    };
    let added: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.item == brand)
        .map(said)
        .collect();
    let want = (
        &brand,
        &What::Added,
        None,
        Some("Globex Pay, a white label of Acme Pay"),
        Impact::Compatible,
    );
    assert_eq!(added, [want], "{}", r.to_text());
    let r = report(&old, &new);
    let removed: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.item == brand)
        .map(said)
        .collect();
    let want = (
        &brand,
        &What::Removed,
        Some("Globex Pay, a white label of Acme Pay"),
        None,
        Impact::Breaking,
    );
    assert_eq!(removed, [want], "{}", r.to_text());
    // A gateway that gains brands (or loses them): clients are built for one.
    let plain = spec("", "", "");
    let branded = plain.replacen(
        "  environments:\n    production: { url: \"https://demo.example/rest\", doc: Production. }\n",
        "  brands:\n    one:\n      title: One\n      sources: [demo.txt]\n      environments:\n        production: { url: \"https://demo.example/rest\", doc: Production. }\n",
        1,
    );
    assert_ne!(plain, branded);
    let brands = setting("brands");
    assert_eq!(
        said(only(&report(&plain, &branded))),
        (&brands, &What::Added, None, None, Impact::Breaking)
    );
    assert_eq!(
        said(only(&report(&branded, &plain))),
        (&brands, &What::Removed, None, None, Impact::Breaking)
    );
}

#[test]
fn the_target_added_removed_or_moved() {
    let target = setting("target");
    let block = "  target:\n    doc: The merchant's endpoint (or endpoint group) id, as assigned by Acme.\n    endpoint: \"/{id}\"\n    group: \"/group/{id}\"\n";
    let r = changed(
        "signature.yaml",
        "    group: \"/group/{id}\"",
        "    group: \"/groups/{id}\"",
    );
    let want = (
        &target,
        &What::Path,
        Some("/{id} or /group/{id}"),
        Some("/{id} or /groups/{id}"),
        Impact::Breaking,
    );
    assert_eq!(said(only(&r)), want);
    // Without a target the signature cannot sign one: the feature spec is only read here.
    let with = feature("signature.yaml");
    let without = with
        .replacen(block, "", 1)
        .replacen("parts: [target_id, ", "parts: [", 1);
    assert_ne!(with, without);
    let r = report(&without, &with);
    let added: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.item == target)
        .map(said)
        .collect();
    assert_eq!(
        added,
        [(
            &target,
            &What::Added,
            None,
            Some("/{id} or /group/{id}"),
            Impact::Breaking
        )],
        "{}",
        r.to_text()
    );
    let r = report(&with, &without);
    let removed: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.item == target)
        .map(said)
        .collect();
    assert_eq!(
        removed,
        [(
            &target,
            &What::Removed,
            Some("/{id} or /group/{id}"),
            None,
            Impact::Breaking
        )],
        "{}",
        r.to_text()
    );
}

#[test]
fn a_credential_retyped_or_sent_elsewhere() {
    let login = Item::Credential {
        wire: "login".into(),
    };
    let r = changed(
        "signature.yaml",
        "login: { type: string, doc: Merchant login. }",
        "login: { type: string, sensitive: secret, doc: Merchant login. }",
    );
    // The type the generated `Credentials` field has (generated/comnpay.rs: `pub key: ::paybind::Sensitive`).
    let want = (
        &login,
        &What::Sensitive,
        Some("String"),
        Some("paybind::Sensitive"),
        Impact::Breaking,
    );
    assert_eq!(said(only(&r)), want);
    let r = changed(
        "signature.yaml",
        "login: { type: string, doc: Merchant login. }",
        "login: { type: string, in: bearer, doc: Merchant login. }",
    );
    let want = (
        &login,
        &What::Place,
        Some("sent in the form"),
        Some("sent in the Authorization header"),
        Impact::Breaking,
    );
    // The endpoint no longer sends it in its form: a change of its own.
    let moved: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.item == login)
        .map(said)
        .collect();
    assert_eq!(moved, [want], "{}", r.to_text());
}

#[test]
fn a_return_code_shows_its_variant_and_category_and_success_turning() {
    let r = report(&codes(""), &codes(SOFT));
    assert_eq!(
        only(&r).new.as_deref(),
        Some("ReturnCode::Busy, soft_decline")
    );
    let ok = r#"    - { code: "100", name: Busy, category: success, doc: Try again }"#;
    let r = report(&codes(SOFT), &codes(ok));
    assert!(
        only(&r)
            .reason
            .contains("and `is_success()` now returns true"),
        "{}",
        only(&r).reason
    );
    let r = report(&codes(ok), &codes(HARD));
    assert!(
        only(&r)
            .reason
            .contains("and `is_success()` now returns false"),
        "{}",
        only(&r).reason
    );
    let r = report(&codes(SOFT), &codes(HARD));
    assert!(
        !only(&r).reason.contains("is_success"),
        "{}",
        only(&r).reason
    );
}

#[test]
fn how_a_request_travels_is_on_the_wire() {
    let endpoint = |path: &str, request: &str| Item::Endpoint {
        path: path.into(),
        request: request.into(),
    };
    // The body: a form, then JSON.
    let r = gateway_changed("request_encoding: form", "request_encoding: json");
    let item = endpoint("thing/do", "ThingDo");
    let body: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.what == What::Body)
        .map(said)
        .collect();
    assert_eq!(body.len(), 1, "{}", r.to_text());
    assert_eq!((body[0].0, body[0].4), (&item, Impact::Breaking));
    // The method: GET, then POST with the same path parameter.
    let r = changed("json_bearer.yaml", "    method: GET\n", "");
    let item = endpoint("shops/{shop}/orders/{order_id}", "GetOrder");
    let method: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.what == What::HttpMethod)
        .map(said)
        .collect();
    assert_eq!(
        method,
        [(
            &item,
            &What::HttpMethod,
            Some("GET"),
            Some("POST"),
            Impact::Breaking
        )],
        "{}",
        r.to_text()
    );
    // The credentials the form carries.
    let r = changed(
        "signature.yaml",
        "    credentials: [login]\n",
        "    credentials: []\n",
    );
    let item = endpoint("pay", "Pay");
    let want = (
        &item,
        &What::Credentials,
        Some("[login]"),
        Some("[]"),
        Impact::Breaking,
    );
    assert_eq!(said(only(&r)), want);
}

#[test]
fn a_signature_added_or_removed_is_breaking_on_the_wire() {
    let block = "    signature:\n      field: control\n      parts: [target_id, { param: order_ref }, { minor_units: amount }, { credential: control_key }]\n";
    let signed = feature("signature.yaml");
    let unsigned = signed.replacen(block, "", 1);
    assert_ne!(signed, unsigned);
    let owner = Item::Signature {
        owner: "Pay".into(),
    };
    let text =
        "control = sha1(target_id + param order_ref + minor_units amount + credential control_key)";
    type Row = (Item, What, Option<String>, Option<String>, Impact);
    let pick = |r: &Report| -> Vec<Row> {
        r.changes
            .iter()
            .filter(|c| c.item == owner)
            .map(|c| {
                (
                    c.item.clone(),
                    c.what.clone(),
                    c.old.clone(),
                    c.new.clone(),
                    c.impact,
                )
            })
            .collect()
    };
    let r = report(&unsigned, &signed);
    let want = (
        owner.clone(),
        What::Added,
        None,
        Some(text.to_string()),
        Impact::Breaking,
    );
    assert_eq!(pick(&r), [want], "{}", r.to_text());
    assert!(r
        .changes
        .iter()
        .any(|c| c.reason.starts_with("Requests are now signed")));
    let r = report(&signed, &unsigned);
    let want = (
        owner.clone(),
        What::Removed,
        Some(text.to_string()),
        None,
        Impact::Breaking,
    );
    assert_eq!(pick(&r), [want], "{}", r.to_text());
}

// ---------------------------------------------------------------------------------------
// What each change shows: answers, lookups, bodies, rules, objects' roles, the callback
// ---------------------------------------------------------------------------------------

/// A change as `said` shows it.
type Said<'r> = (&'r Item, &'r What, Option<&'r str>, Option<&'r str>, Impact);

/// The changes of a report about `item`, as `said` shows them.
fn about<'r>(r: &'r Report, item: &Item) -> Vec<Said<'r>> {
    r.changes
        .iter()
        .filter(|c| &c.item == item)
        .map(said)
        .collect()
}

fn endpoint(path: &str, request: &str) -> Item {
    Item::Endpoint {
        path: path.into(),
        request: request.into(),
    }
}

#[test]
fn an_answer_type_a_lookup_and_a_body_show_as_text() {
    // The answer: the named object, then plain text.
    // (`thing/other` still answers with `Answer`, which is used.)
    let old = spec("", OTHER_ENDPOINT, "");
    let r = report(
        &old,
        &old.replacen("    response: Answer\n", "    response: text\n", 1),
    );
    let thing = endpoint("thing/do", "ThingDo");
    let c: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.what == What::Response)
        .collect();
    assert_eq!(c.len(), 1, "{}", r.to_text());
    assert_eq!(
        said(c[0]),
        (
            &thing,
            &What::Response,
            Some("Answer"),
            Some("String"),
            Impact::Breaking
        )
    );
    assert_eq!(
        c[0].reason,
        "The client method now returns `String` instead of `Answer`."
    );
    // How to look up an unknown outcome: gone with moves_money.
    let r = changed(
        "variants.yaml",
        "    moves_money: true\n    lookup: { endpoint: refund/find, by: refundRef }\n",
        "",
    );
    let lookups: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.what == What::Lookup)
        .map(said)
        .collect();
    let (by_reference, by_token) = (
        endpoint("refund", "RefundByReference"),
        endpoint("refund", "RefundByToken"),
    );
    assert_eq!(
        lookups,
        [
            (
                &by_reference,
                &What::Lookup,
                Some("refund/find by refundRef"),
                None,
                Impact::Compatible
            ),
            (
                &by_token,
                &What::Lookup,
                Some("refund/find by refundRef"),
                None,
                Impact::Compatible
            ),
        ],
        "{}",
        r.to_text()
    );
    // And back.
    let old = feature("variants.yaml");
    let without = old.replacen(
        "    moves_money: true\n    lookup: { endpoint: refund/find, by: refundRef }\n",
        "",
        1,
    );
    let r = report(&without, &old);
    let lookup = r
        .changes
        .iter()
        .find(|c| c.what == What::Lookup)
        .expect("a lookup change");
    assert_eq!(
        said(lookup),
        (
            &by_reference,
            &What::Lookup,
            None,
            Some("refund/find by refundRef"),
            Impact::Compatible
        )
    );
    // The body: a form, then JSON.
    let r = gateway_changed("request_encoding: form", "request_encoding: json");
    let body: Vec<_> = r.changes.iter().filter(|c| c.what == What::Body).collect();
    assert_eq!(body.len(), 1, "{}", r.to_text());
    assert_eq!(
        said(body[0]),
        (
            &thing,
            &What::Body,
            Some("a form"),
            Some("a JSON object"),
            Impact::Breaking
        )
    );
    assert_eq!(
        body[0].reason,
        "The request body is now a JSON object instead of a form: clients and servers of the two versions no longer understand each other."
    );
    // A GET has no body; as a POST it sends JSON.
    let r = changed("json_bearer.yaml", "    method: GET\n", "");
    let item = endpoint("shops/{shop}/orders/{order_id}", "GetOrder");
    let body: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.what == What::Body)
        .map(said)
        .collect();
    assert_eq!(
        body,
        [(
            &item,
            &What::Body,
            Some("empty"),
            Some("a JSON object"),
            Impact::Breaking
        )],
        "{}",
        r.to_text()
    );
}

#[test]
fn two_removed_parameters_in_a_row_keep_their_order() {
    let r = params(
        "      a: { type: string, doc: A. }\n      b: { type: string, doc: B. }\n      c: { type: string, doc: C. }",
        "      c: { type: string, doc: C. }",
    );
    let got: Vec<_> = r.changes.iter().map(said).collect();
    let (a, b) = (param("a"), param("b"));
    assert_eq!(
        got,
        [
            (
                &a,
                &What::Removed,
                Some("optional string"),
                None,
                Impact::Breaking
            ),
            (
                &b,
                &What::Removed,
                Some("optional string"),
                None,
                Impact::Breaking
            ),
        ],
        "{}",
        r.to_text()
    );
}

/// The rules spec with `from` replaced by `to`: the changes of request `Order`'s rules.
fn order_rule(from: &str, to: &str) -> Report {
    changed("rules.yaml", from, to)
}

fn order_rule_item(text: &str) -> Item {
    Item::Rule {
        owner: "Order".into(),
        text: text.into(),
    }
}

#[test]
fn a_max_length_if_limit_relaxed_or_tightened() {
    let from = "max_length_if: { field: label, max: 22,";
    let r = order_rule(from, "max_length_if: { field: label, max: 30,");
    let c = only(&r);
    let item = order_rule_item("max_length_if label 30 when method in [sepa]");
    assert_eq!(
        said(c),
        (
            &item,
            &What::Limit,
            Some("22"),
            Some("30"),
            Impact::Compatible
        )
    );
    assert_eq!(
        c.reason,
        "The rule's max_length relaxed from 22 to 30: every request that validated still does."
    );
    let r = order_rule(from, "max_length_if: { field: label, max: 10,");
    let c = only(&r);
    let item = order_rule_item("max_length_if label 10 when method in [sepa]");
    assert_eq!(
        said(c),
        (
            &item,
            &What::Limit,
            Some("22"),
            Some("10"),
            Impact::Breaking
        )
    );
    assert_eq!(
        c.reason,
        "The rule's max_length tightened from 22 to 10: requests that validated may now be refused."
    );
    // Its condition is compared too.
    let r = order_rule(
        "when: { field: method, equals: sepa }",
        "when: { field: method, in: [sepa, card] }",
    );
    let item = order_rule_item("max_length_if label 22 when method in [sepa, card]");
    assert_eq!(
        said(only(&r)),
        (
            &item,
            &What::Condition,
            Some("method in [sepa]"),
            Some("method in [sepa, card]"),
            Impact::Breaking
        )
    );
}

#[test]
fn a_rule_condition_turned_around_or_swapped_applies_in_other_cases() {
    let other = "applies in other cases: requests that validated may now be refused";
    let why = "The rule's condition changed: it now applies in cases where it did not, so requests that validated may now be refused.";
    // `in` becomes `not_in` over the same values, and back; a value added and another
    // dropped: neither wider nor narrower. Each applies in other cases.
    let cases = [
        (
            "when: { field: country, in: [US, CA] }",
            "when: { field: country, not_in: [US, CA] }",
            "required_if state when country not in [US, CA]",
            "country in [US, CA]",
            "country not in [US, CA]",
        ),
        (
            "when: { field: country, not_in: [FR] }",
            "when: { field: country, in: [FR] }",
            "required_if vatNumber when country in [FR]",
            "country not in [FR]",
            "country in [FR]",
        ),
        (
            "when: { field: country, in: [US, CA] }",
            "when: { field: country, in: [US, MX] }",
            "required_if state when country in [US, MX]",
            "country in [US, CA]",
            "country in [US, MX]",
        ),
    ];
    for (from, to, rule, was, now) in cases {
        let r = order_rule(from, to);
        let c = only(&r);
        let item = order_rule_item(rule);
        assert_eq!(
            said(c),
            (
                &item,
                &What::Condition,
                Some(was),
                Some(now),
                Impact::Breaking
            )
        );
        assert_eq!((c.note.as_str(), c.reason.as_str()), (other, why));
    }
    // With `not_in`, a value more excludes more: narrower, compatible.
    let r = order_rule(
        "when: { field: country, not_in: [FR] }",
        "when: { field: country, not_in: [FR, BE] }",
    );
    let c = only(&r);
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref(), c.impact),
        (
            Some("country not in [FR]"),
            Some("country not in [FR, BE]"),
            Impact::Compatible
        )
    );
}

#[test]
fn a_widened_condition_says_its_values() {
    let fields = "      a: { type: string, doc: A. }
      b: { type: string, doc: B. }";
    let rule = |values: &str| {
        format!("{fields}\n    rules:\n      - required_if: {{ field: a, when: {{ field: b, in: [{values}] }} }}\n        doc: A rule.")
    };
    let r = params(&rule("x"), &rule("x, y"));
    let item = Item::Rule {
        owner: "ThingDo".into(),
        text: "required_if a when b in [x, y]".into(),
    };
    assert_eq!(
        said(only(&r)),
        (
            &item,
            &What::Condition,
            Some("b in [x]"),
            Some("b in [x, y]"),
            Impact::Breaking
        )
    );
    let r = params(&rule("x"), &rule("x").replacen("in: [x]", "not_in: [x]", 1));
    assert_eq!(
        (only(&r).old.as_deref(), only(&r).new.as_deref()),
        (Some("b in [x]"), Some("b not in [x]"))
    );
}

const ABC: &str = "      a: { type: string, doc: A. }
      b: { type: string, doc: B. }
      c: { type: string, doc: C. }";

fn with_rules(rules: &[&str]) -> String {
    let mut out = format!("{ABC}\n    rules:");
    for r in rules {
        out.push_str(&format!("\n      - {r}\n        doc: A rule."));
    }
    out
}

#[test]
fn rules_of_every_kind_are_matched_by_kind_and_fields() {
    // The fields of a rule in another order: the same rule.
    for (old, new) in [
        (
            "required_with: { fields: [a, b], any_of: [c] }",
            "required_with: { fields: [b, a], any_of: [c] }",
        ),
        (
            "required_unless: { fields: [a, b], any_of: [c] }",
            "required_unless: { fields: [b, a], any_of: [c] }",
        ),
        (
            "required_with: { fields: [a], any_of: [b, c] }",
            "required_with: { fields: [a], any_of: [c, b] }",
        ),
        ("all_or_none: [a, b, c]", "all_or_none: [c, a, b]"),
        ("exactly_one_of: [a, b, c]", "exactly_one_of: [b, c, a]"),
    ] {
        let r = params(&with_rules(&[old]), &with_rules(&[new]));
        assert!(r.changes.is_empty(), "{old} → {new}: {}", r.to_text());
    }
    // Rules in another order are the same rules.
    let (x, y) = ("all_or_none: [a, b]", "at_most_one_of: [a, c]");
    let r = params(&with_rules(&[x, y]), &with_rules(&[y, x]));
    assert!(r.changes.is_empty(), "{}", r.to_text());
    // A required_with turned required_unless is another rule: one removed, one added.
    let rule = |text: &str| Item::Rule {
        owner: "ThingDo".into(),
        text: text.into(),
    };
    let (with, unless) = (
        rule("required_with [a, b] any_of [c]"),
        rule("required_unless [a, b] any_of [c]"),
    );
    let r = params(
        &with_rules(&["required_with: { fields: [a, b], any_of: [c] }"]),
        &with_rules(&["required_unless: { fields: [a, b], any_of: [c] }"]),
    );
    let got: Vec<_> = r.changes.iter().map(said).collect();
    assert_eq!(
        got,
        [
            (&with, &What::Removed, None, None, Impact::Compatible),
            (&unless, &What::Added, None, None, Impact::Breaking),
        ],
        "{}",
        r.to_text()
    );
    // Another kind over the same fields, or the same kind over other fields: other rules.
    for (old, new, old_text, new_text) in [
        (
            "all_or_none: [a, b]",
            "exactly_one_of: [a, b]",
            "all_or_none [a, b]",
            "exactly_one_of [a, b]",
        ),
        (
            "exactly_one_of: [a, b]",
            "exactly_one_of: [a, c]",
            "exactly_one_of [a, b]",
            "exactly_one_of [a, c]",
        ),
        (
            "required_if: { field: a, when: { field: b, in: [x] } }",
            "required_if: { field: a, when: { field: c, in: [x] } }",
            "required_if a when b in [x]",
            "required_if a when c in [x]",
        ),
    ] {
        let r = params(&with_rules(&[old]), &with_rules(&[new]));
        let (o, n) = (rule(old_text), rule(new_text));
        let got: Vec<_> = r.changes.iter().map(said).collect();
        assert_eq!(
            got,
            [
                (&o, &What::Removed, None, None, Impact::Compatible),
                (&n, &What::Added, None, None, Impact::Breaking),
            ],
            "{old} → {new}: {}",
            r.to_text()
        );
    }
}

#[test]
fn the_named_rules_say_required_with_and_required_unless() {
    let r = order_rule(
        "    - required_unless: { fields: [firstName, lastName], any_of: [customerId] }\n      doc: A new payer gives a name; a known one its customerId.\n",
        "",
    );
    let item = order_rule_item("required_unless [firstName, lastName] any_of [customerId]");
    assert_eq!(
        said(only(&r)),
        (&item, &What::Removed, None, None, Impact::Compatible)
    );
    let r = order_rule(
        "    - required_with: { fields: [cvv], any_of: [cardNumber] }\n      doc: A card number goes with its CVV.\n",
        "",
    );
    let item = order_rule_item("required_with [cvv] any_of [cardNumber]");
    assert_eq!(
        said(only(&r)),
        (&item, &What::Removed, None, None, Impact::Compatible)
    );
}

/// An object `Extra` with one field, `encoding: json` so that a form can carry it.
fn extra_type(field: &str) -> String {
    format!("  Extra:\n    kind: object\n    encoding: json\n    doc: Extra.\n    fields:\n      note: {{ type: string, {field}doc: A note. }}")
}

const EXTRA_PARAM: &str = "      extra: { type: Extra, doc: Extra. }";
const EXTRA_ANSWER: &str = "  thing/extra:\n    doc: Answers with Extra.\n    response: Extra\n    params:\n      id: { type: string, doc: An id. }";

/// The demo spec with `Extra` (its field optional, or `required: true, `), sent in
/// `thing/do` and/or read from `thing/extra`'s answers.
fn extra(field: &str, sent: bool, read: bool) -> String {
    let mut params: Vec<&str> = Vec::new();
    if sent {
        params.push(EXTRA_PARAM);
    }
    if read {
        params.push(EXTRA_ANSWER);
    }
    spec(&extra_type(field), &params.join("\n"), "")
}

#[test]
fn an_object_sent_or_read_in_more_or_fewer_places() {
    let ty = Item::Type {
        name: "Extra".into(),
    };
    let (sent, read, both) = (
        "sent in requests",
        "read from answers",
        "sent in requests and read from answers",
    );
    let optional = "";
    let required = "required: true, ";
    for (old, new, was, now, impact, effects) in [
        (
            extra(optional, false, true),
            extra(optional, true, true),
            read,
            both,
            Impact::Compatible,
            "it gains a builder and `check`",
        ),
        (
            extra(optional, true, true),
            extra(optional, false, true),
            both,
            read,
            Impact::Breaking,
            "its builder and `check` disappear",
        ),
        (
            extra(optional, true, false),
            extra(optional, true, true),
            sent,
            both,
            Impact::Compatible,
            "it gains `Default` and is decoded from answers",
        ),
        (
            extra(optional, true, true),
            extra(optional, true, false),
            both,
            sent,
            Impact::Breaking,
            "`Default` and its answer decoding disappear",
        ),
        (
            extra(required, true, false),
            extra(optional, true, true),
            sent,
            both,
            Impact::Breaking,
            "it gains `Default` and is decoded from answers; its required fields become `Option`s",
        ),
        (
            extra(optional, true, true),
            extra(required, true, false),
            both,
            sent,
            Impact::Breaking,
            "`Default` and its answer decoding disappear; its required fields are no longer `Option`s",
        ),
        (
            extra(optional, false, true),
            extra(optional, true, false),
            read,
            sent,
            Impact::Breaking,
            "it gains a builder and `check`; `Default` and its answer decoding disappear",
        ),
        (
            extra(optional, true, false),
            extra(optional, false, true),
            sent,
            read,
            Impact::Breaking,
            "its builder and `check` disappear; it gains `Default` and is decoded from answers",
        ),
    ] {
        let r = report(&old, &new);
        let roles: Vec<_> = r
            .changes
            .iter()
            .filter(|c| c.what == What::Role)
            .collect();
        assert_eq!(roles.len(), 1, "{was} → {now}: {}", r.to_text());
        let c = roles[0];
        assert_eq!(
            said(c),
            (&ty, &What::Role, Some(was), Some(now), impact),
            "{}",
            r.to_text()
        );
        assert_eq!(
            c.reason,
            format!("The type is now {now} (it was {was}): {effects}.")
        );
        let note = match impact {
            Impact::Breaking => "what the type offers changes",
            Impact::Compatible => "the type gains methods",
        };
        assert_eq!(c.note, note);
    }
    // The same role: no change of role.
    let r = report(&extra(optional, true, true), &extra(optional, true, true));
    assert!(r.changes.is_empty(), "{}", r.to_text());
}

#[test]
fn an_object_added_or_removed_says_its_role() {
    let ty = Item::Type {
        name: "Extra".into(),
    };
    let (none, sent, read) = (
        spec("", "", ""),
        extra("", true, false),
        extra("", false, true),
    );
    for (with, role) in [
        (&sent, "object sent in requests"),
        (&read, "object read from answers"),
    ] {
        let r = report(&none, with);
        assert_eq!(
            about(&r, &ty),
            [(&ty, &What::Added, None, Some(role), Impact::Compatible)],
            "{}",
            r.to_text()
        );
        let r = report(with, &none);
        assert_eq!(
            about(&r, &ty),
            [(&ty, &What::Removed, Some(role), None, Impact::Breaking)],
            "{}",
            r.to_text()
        );
    }
    let both = extra("", true, true);
    let r = report(&none, &both);
    assert_eq!(
        about(&r, &ty),
        [(
            &ty,
            &What::Added,
            None,
            Some("object sent in requests and read from answers"),
            Impact::Compatible
        )],
        "{}",
        r.to_text()
    );
    let c = r.changes.iter().find(|c| c.item == ty).expect("Extra");
    assert_eq!(
        c.reason,
        "A new type `Extra`, sent in requests and read from answers."
    );
}

#[test]
fn an_enum_variant_given_another_rust_name_is_breaking() {
    let r = report(
        &lang(""),
        &lang("").replacen("fr: { name: Fr,", "fr: { name: French,", 1),
    );
    let value = Item::EnumValue {
        r#enum: "Lang".into(),
        wire: "fr".into(),
    };
    let c = only(&r);
    assert_eq!(
        said(c),
        (
            &value,
            &What::RustName,
            Some("Fr"),
            Some("French"),
            Impact::Breaking
        )
    );
    assert_eq!(
        c.reason,
        "The variant `Lang::Fr` is renamed `Lang::French`."
    );
    // Only its documentation reworded: nothing for users of the API.
    let r = report(
        &lang(""),
        &lang("").replacen("doc: French }", "doc: In French }", 1),
    );
    assert!(r.changes.is_empty(), "{}", r.to_text());
}

#[test]
fn a_callback_added_is_compatible_and_removed_breaking() {
    let with = feature("callbacks.yaml");
    let start = with.find("  callback:\n").expect("callback");
    let end = with.find("\ntypes:\n").expect("types");
    // Without the callback, and without `payments.callback`, which reads it.
    let without = format!("{}{}", &with[..start], &with[end..]);
    let cut = without
        .find("\n# The common payment interface")
        .expect("payments");
    let without = without[..cut].to_string();
    let callback = Item::Type {
        name: "Callback".into(),
    };
    let r = report(&without, &with);
    let c = r
        .changes
        .iter()
        .find(|c| c.item == callback)
        .unwrap_or_else(|| panic!("{}", r.to_text()));
    assert_eq!(
        said(c),
        (&callback, &What::Added, None, None, Impact::Compatible)
    );
    assert_eq!(
        c.reason,
        "A new type `Callback` and `Credentials::verify_callback`."
    );
    let r = report(&with, &without);
    let c = r
        .changes
        .iter()
        .find(|c| c.item == callback)
        .unwrap_or_else(|| panic!("{}", r.to_text()));
    assert_eq!(
        said(c),
        (&callback, &What::Removed, None, None, Impact::Breaking)
    );
    assert_eq!(
        c.reason,
        "The type `Callback` and `Credentials::verify_callback` disappear."
    );
}

#[test]
fn an_answers_outcome_gained_changed_or_lost() {
    let paid = "      Paid: { type: boolean, doc: True once paid }";
    let cases = "    outcome:\n      - { is: succeeded, when: { field: Paid, equals: \"true\" }, reading: Paid. }";
    let with = feature("json_bearer.yaml").replacen(paid, &format!("{paid}\n{cases}"), 1);
    let order = Item::Type {
        name: "Order".into(),
    };
    let r = report(&feature("json_bearer.yaml"), &with);
    let c = only(&r);
    assert_eq!(
        said(c),
        (
            &order,
            &What::Outcome,
            Some("none"),
            Some("Paid = true: succeeded"),
            Impact::Compatible
        )
    );
    assert_eq!(
        c.reason,
        "`Order` gains `outcome()`: what the answer means for the payment."
    );
    let r = report(&with, &feature("json_bearer.yaml"));
    let c = only(&r);
    assert_eq!(
        said(c),
        (
            &order,
            &What::Outcome,
            Some("Paid = true: succeeded"),
            Some("none"),
            Impact::Breaking
        )
    );
    assert_eq!(c.note, "`outcome()` disappears");
    // Another decision for the same answers.
    let r = changed("outcome.yaml", "equals: HELD }", "equals: VOID }");
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Outcome, Impact::Breaking));
    assert!(
        c.old
            .as_deref()
            .is_some_and(|t| t.contains("state in [HELD]: authorized")),
        "{c:?}"
    );
    assert!(
        c.new
            .as_deref()
            .is_some_and(|t| t.contains("state in [VOID]: authorized")),
        "{c:?}"
    );
    assert_eq!(c.note, "the outcome of some answers changes");
    // The same cases, reworded provenance only: no change.
    let r = changed(
        "outcome.yaml",
        "reading: \"Held for capture.\"",
        "reading: \"Held.\"",
    );
    assert!(r.changes.is_empty(), "{}", r.to_text());
}

#[test]
fn a_common_payment_operation_gained_lost_or_mapped_otherwise() {
    let status = Item::Gateway {
        setting: "payments.status".into(),
    };
    let base = feature("outcome.yaml");
    // outcome.yaml maps sale and status; removing status breaks generic code.
    let r = changed(
        "outcome.yaml",
        "  status: { endpoint: charges/find, reference: orderRef, id: chargeId }\n",
        "",
    );
    let c = only(&r);
    assert_eq!(
        said(c),
        (
            &status,
            &What::Removed,
            Some("charges/find (reference orderRef, amount -, refund_reference -, id chargeId, answer -)"),
            None,
            Impact::Breaking
        )
    );
    assert_eq!(c.note, "the client loses a common operation");
    // Gained back: compatible.
    let r = report(
        &base.replace(
            "  status: { endpoint: charges/find, reference: orderRef, id: chargeId }\n",
            "",
        ),
        &base,
    );
    assert_eq!(said(only(&r)).4, Impact::Compatible);
    assert_eq!(said(only(&r)).1, &What::Added);
    // The same operation on another field: breaking.
    let r = changed(
        "outcome.yaml",
        "sale: { endpoint: charge, id: chargeId }",
        "sale: { endpoint: charge }",
    );
    let c = only(&r);
    assert_eq!((&c.what, c.impact), (&What::Value, Impact::Breaking));
    assert_eq!(
        c.old.as_deref(),
        Some("charge (reference -, amount -, refund_reference -, id answer chargeId, answer -)")
    );
    assert_eq!(
        c.new.as_deref(),
        Some("charge (reference -, amount -, refund_reference -, id -, answer -)")
    );
}
