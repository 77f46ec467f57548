//! The fidelity comparator's own tests: for each kind of finding, a tiny document and a tiny
//! spec that differ in that one way, and the exact finding it gives (its property, item,
//! the document's and the spec's values, where the document says it). A faithful pair in
//! each format gives no finding at all, so each test's edit is the whole difference, and a
//! comparison removed from `fidelity` fails the test that names it.
//!
//! Two document formats: ComNpay's pipe tables (`c.txt`) and PaynetEasy's extracted text
//! (`p.txt`).

use paybind_codegen::cite::Document;
use paybind_codegen::fidelity::{compare, Finding, Report, Target};
use paybind_codegen::import::{import, Format};
use paybind_codegen::ir::Property;

/// A ComNpay document: one endpoint's pipe table, then the return codes.
const COMNPAY: &str = "\
Demo API

https://h.example/rest/a/b

Parameter | Description | Comments |
---|---|---|
key | Security key | |
ref | Order reference | Max length 10 |
card | Card type (optional) | CB, VISA, MC |
date | Order date (optional) | Format yyyyMMdd |

Return codes

Code | Description |
---|---|
000 | Processing ok |
001 | Service unavailable |
";

/// A spec faithful to [`COMNPAY`].
const COMNPAY_SPEC: &str = r#"paybind: 1
gateway:
  id: demo
  title: Demo
  source: c.txt
  doc: A demo gateway.
  request_encoding: form
  response_encoding: json
  environments:
    production: { url: "https://h.example/rest", doc: Production. }
  credentials:
    key: { type: string, sensitive: secret, doc: Key., source: "c.txt § a/b, row `key`" }
  refusal:
    doc: ok 0 is a refusal.
    when: { field: ok, equals: "0" }
    code: code
    message: message
  return_codes:
    - { code: "000", name: ProcessingOk, category: success, doc: "Processing ok", source: "c.txt § Return codes, row `000`" }
    - { code: "001", name: ServiceUnavailable, category: technical, doc: "Service unavailable", source: "c.txt § Return codes, row `001`" }
types:
  Answer:
    kind: object
    doc: An answer.
    fields:
      ok: { type: flag, doc: Ok. }
  CardType:
    kind: enum
    doc: Card types.
    values:
      CB: { name: Cb, doc: CB., source: "c.txt § a/b, row `card`" }
      VISA: { name: Visa, doc: Visa., source: "c.txt § a/b, row `card`" }
      MC: { name: Mc, doc: Mastercard., source: "c.txt § a/b, row `card`" }
endpoints:
  a/b:
    doc: Does a thing.
    source: "c.txt § a/b"
    response: Answer
    params:
      ref: { type: string, max_length: 10, required: true, doc: Reference., source: "c.txt § a/b, row `ref`" }
      card: { type: CardType, doc: Card type., source: "c.txt § a/b, row `card`" }
      date: { type: date, format: yyyyMMdd, doc: Order date., source: "c.txt § a/b, row `date`" }
"#;

/// A PaynetEasy document in extracted text: one request table under its heading.
const PAYNET: &str = "\
/api/v2/sale

Request Parameters

Parameter Name

Description

Value

client_orderid

Unique order identifier.

Necessity: Required
Type: String
Length: 128

credit_card_number

Payer's credit card number.

Necessity: Optional
Type: Numeric
Length: 20

cvv2

Payer's CVV2 code.

Necessity: Required
Type: Numeric
Length: 3-4
";

/// A spec faithful to [`PAYNET`].
const PAYNET_SPEC: &str = r#"paybind: 1
gateway:
  id: demo
  title: Demo
  source: p.txt
  doc: A demo gateway.
  request_encoding: form
  response_encoding: json
  environments:
    production: { url: "https://h.example/paynet/api/v2", doc: Production. }
  credentials:
    login: { type: string, doc: Login. }
  refusal:
    doc: ok 0 is a refusal.
    when: { field: ok, equals: "0" }
    code: code
    message: message
  return_codes:
    - { code: "000", name: Ok, category: success, doc: Fine }
types:
  Answer:
    kind: object
    doc: An answer.
    fields:
      ok: { type: flag, doc: Ok. }
endpoints:
  sale:
    doc: A sale.
    source: "p.txt § Request Parameters"
    response: Answer
    params:
      client_orderid: { type: string, max_length: 128, required: true, doc: Order id., source: "p.txt § Request Parameters, row `client_orderid`" }
      credit_card_number: { type: string, max_length: 20, doc: Card number., source: "p.txt § Request Parameters, row `credit_card_number`" }
      cvv2: { type: string, min_length: 3, max_length: 4, required: true, doc: CVV2., source: "p.txt § Request Parameters, row `cvv2`" }
"#;

/// `text` with each `(from, to)` replaced; each `from` must occur exactly once.
fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in edits {
        assert_eq!(out.matches(from).count(), 1, "`{from}` once in:\n{out}");
        out = out.replacen(from, to, 1);
    }
    out
}

/// The report of a spec against one document.
fn judge(name: &str, format: Format, doc: &str, spec: &str) -> Report {
    let imported = import(name, doc, format).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.issues.is_empty(), "{:?}", imported.issues);
    let g = paybind_codegen::lower_str("spec/demo.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    compare(&g, &[Document::new(&imported, doc)])
}

/// The ComNpay pair, each edited.
fn comnpay(doc: &[(&str, &str)], spec: &[(&str, &str)]) -> Report {
    let d = edit(COMNPAY, doc);
    judge("c.txt", Format::ComnpayPipes, &d, &edit(COMNPAY_SPEC, spec))
}

/// The PaynetEasy pair, each edited.
fn paynet(doc: &[(&str, &str)], spec: &[(&str, &str)]) -> Report {
    let d = edit(PAYNET, doc);
    judge("p.txt", Format::PaynetText, &d, &edit(PAYNET_SPEC, spec))
}

/// What a finding says: its property, item, the document's and the spec's values, and
/// where the document says it.
type Said<'a> = (Property, &'a str, &'a str, &'a str, &'a str);

fn said(f: &Finding) -> Said<'_> {
    (f.what, &f.item, &f.document, &f.spec, &f.location)
}

/// The report holds exactly these findings, in this order, none explained, and no unused
/// reading.
#[track_caller]
fn assert_findings(r: &Report, expected: &[Said<'_>]) {
    let got: Vec<Said<'_>> = r.findings.iter().map(said).collect();
    assert_eq!(got, expected, "{:#?}", r.findings);
    let explained: Vec<&Finding> = r.findings.iter().filter(|f| f.is_explained()).collect();
    assert!(explained.is_empty(), "{explained:#?}");
    assert!(r.unused_readings.is_empty(), "{:?}", r.unused_readings);
}

/// The ComNpay spec's parameter `wire`, as findings name it.
fn param(wire: &str) -> String {
    format!("`AB` parameter `{wire}`")
}

const ENDPOINT: &str = "endpoint `a/b` (AB)";

#[test]
fn faithful_pairs_give_no_finding() {
    assert_findings(&comnpay(&[], &[]), &[]);
    assert_findings(&paynet(&[], &[]), &[]);
}

#[test]
fn a_conditional_row_the_spec_requires() {
    let conditional = (
        "card number.\n\nNecessity: Optional",
        "card number.\n\nNecessity: Conditional",
    );
    // Optional in the spec, with no rule that can make it required: the condition is
    // dropped.
    let r = paynet(&[conditional], &[]);
    assert_findings(
        &r,
        &[(
            Property::Required,
            "`Sale` parameter `credit_card_number`",
            "conditional (Conditional)",
            "optional: no rule models the condition",
            "p.txt § Request Parameters, row `credit_card_number` (line 19)",
        )],
    );
    // Required in the spec: the strictest case instead of the condition.
    let r = paynet(
        &[conditional],
        &[(
            "credit_card_number: { type: string,",
            "credit_card_number: { type: string, required: true,",
        )],
    );
    assert_findings(
        &r,
        &[(
            Property::Required,
            "`Sale` parameter `credit_card_number`",
            "conditional (Conditional)",
            "required",
            "p.txt § Request Parameters, row `credit_card_number` (line 19)",
        )],
    );
    let target = Target::Param {
        path: "sale".to_string(),
        variant: None,
        wire: "credit_card_number".to_string(),
    };
    assert_eq!(r.findings[0].target, target);
    let (table, row) = r.findings[0].row.as_ref().expect("the cited row");
    assert_eq!(
        (table.as_str(), row.wire.as_str()),
        ("sale", "credit_card_number")
    );
}

#[test]
fn a_required_row_against_an_optional_parameter_and_back() {
    // The document marks `card` optional; the spec requires it.
    let r = comnpay(
        &[],
        &[(
            "card: { type: CardType,",
            "card: { type: CardType, required: true,",
        )],
    );
    let card = param("card");
    let at = "c.txt § a/b, row `card` (line 9)";
    assert_findings(
        &r,
        &[(Property::Required, &card, "optional", "required", at)],
    );
    // An unmarked ComNpay row is required; the spec leaves `ref` optional.
    let r = comnpay(
        &[],
        &[("max_length: 10, required: true,", "max_length: 10,")],
    );
    let reference = param("ref");
    let at = "c.txt § a/b, row `ref` (line 8)";
    assert_findings(
        &r,
        &[(Property::Required, &reference, "required", "optional", at)],
    );
    // `Necessity: Required`; the spec leaves `cvv2` optional.
    let r = paynet(&[], &[("max_length: 4, required: true,", "max_length: 4,")]);
    assert_findings(
        &r,
        &[(
            Property::Required,
            "`Sale` parameter `cvv2`",
            "required",
            "optional",
            "p.txt § Request Parameters, row `cvv2` (line 27)",
        )],
    );
}

#[test]
fn a_length_limit_on_one_side_only() {
    let reference = param("ref");
    let at = "c.txt § a/b, row `ref` (line 8)";
    // The document states a maximum, the spec none.
    let r = comnpay(&[], &[("max_length: 10, required", "required")]);
    assert_findings(&r, &[(Property::MaxLength, &reference, "10", "none", at)]);
    // The spec states a minimum, the document none.
    let r = comnpay(
        &[],
        &[("max_length: 10,", "min_length: 3, max_length: 10,")],
    );
    assert_findings(&r, &[(Property::MinLength, &reference, "none", "3", at)]);
    // PaynetEasy's `Length: 3-4` is a minimum too; the spec leaves it out.
    let r = paynet(&[], &[("min_length: 3, max_length: 4,", "max_length: 4,")]);
    assert_findings(
        &r,
        &[(
            Property::MinLength,
            "`Sale` parameter `cvv2`",
            "3",
            "none",
            "p.txt § Request Parameters, row `cvv2` (line 27)",
        )],
    );
}

#[test]
fn lengths_a_pattern_or_a_date_format_already_states() {
    // A digits-only pattern states its lengths: `{1,20}` is `Length: 20` (a minimum of one
    // character is no limit of its own).
    let r = paynet(
        &[],
        &[(
            "credit_card_number: { type: string, max_length: 20,",
            "credit_card_number: { type: string, pattern: \"^[0-9]{1,20}$\",",
        )],
    );
    assert_findings(&r, &[]);
    // A date's format fixes its length: a documented minimum equal to it is stated...
    let date = (
        "Format yyyyMMdd |",
        "Format yyyyMMdd, min length 8, max length 8 |",
    );
    assert_findings(&comnpay(&[date], &[]), &[]);
    // ...and one that differs from it is a difference.
    let date = (
        "Format yyyyMMdd |",
        "Format yyyyMMdd, min length 6, max length 10 |",
    );
    let at = "c.txt § a/b, row `date` (line 10)";
    assert_findings(
        &comnpay(&[date], &[]),
        &[
            (Property::MinLength, &param("date"), "6", "none", at),
            (Property::MaxLength, &param("date"), "10", "none", at),
        ],
    );
}

#[test]
fn limits_the_document_does_not_state() {
    let reference = param("ref");
    let at = "c.txt § a/b, row `ref` (line 8)";
    let r = comnpay(
        &[],
        &[(
            "max_length: 10,",
            "max_length: 10, pattern: \"^[A-Z0-9]+$\",",
        )],
    );
    assert_findings(
        &r,
        &[(Property::Pattern, &reference, "none", "^[A-Z0-9]+$", at)],
    );
}

#[test]
fn a_documented_value_the_enum_lacks() {
    let card = param("card");
    let at = "c.txt § a/b, row `card` (line 9)";
    let mc = "      MC: { name: Mc, doc: Mastercard., source: \"c.txt § a/b, row `card`\" }\n";
    let r = comnpay(&[], &[(mc, "")]);
    assert_findings(
        &r,
        &[(Property::Values, &card, "CB, VISA, MC", "CB, VISA", at)],
    );
    // A value the document does not list (citing nothing) is a difference too.
    let amex = "      AMEX: { name: Amex, doc: Amex. }\n";
    let r = comnpay(&[], &[(mc, &format!("{mc}{amex}"))]);
    let spec = "CB, VISA, MC, AMEX";
    assert_findings(&r, &[(Property::Values, &card, "CB, VISA, MC", spec, at)]);
}

#[test]
fn a_date_format_that_differs() {
    let r = comnpay(&[], &[("format: yyyyMMdd,", "format: yyyyMMddHHmmss,")]);
    assert_findings(
        &r,
        &[(
            Property::Format,
            &param("date"),
            "yyyyMMdd",
            "yyyyMMddHHmmss",
            "c.txt § a/b, row `date` (line 10)",
        )],
    );
}

#[test]
fn a_cited_row_of_another_parameter() {
    let r = comnpay(
        &[("ref | Order reference |", "reference | Order reference |")],
        &[("row `ref`", "row `reference`")],
    );
    assert_findings(
        &r,
        &[(
            Property::WireName,
            &param("ref"),
            "`reference`",
            "`ref`",
            "c.txt § a/b, row `reference` (line 8)",
        )],
    );
}

#[test]
fn a_row_that_only_mentions_the_parameter_is_not_its_row() {
    // `hour` cites the `date` row, which speaks of it ("or hour instead"): a mention, so the
    // row's name, necessity and format are not held against `hour`.
    let hour = "      hour: { type: string, doc: Hour., source: \"c.txt § a/b, row `date`\" }\n";
    let r = comnpay(
        &[(
            "Order date (optional)",
            "Order date, or hour instead (optional)",
        )],
        &[(
            "      date: { type: date,",
            &format!("{hour}      date: {{ type: date,"),
        )],
    );
    assert_findings(&r, &[]);
}

#[test]
fn a_parameter_sent_under_the_rows_alias() {
    let alias = ("client_orderid\n", "client_orderid, alias order_id\n");
    // Faithful: the spec sends the row's name and reads the alias.
    let r = paynet(
        &[alias],
        &[(
            "client_orderid: { type: string,",
            "client_orderid: { type: string, aliases: [order_id],",
        )],
    );
    assert_findings(&r, &[]);
    // Sending the alias instead of the row's name is a wire-name difference, not a mention.
    let r = paynet(
        &[alias],
        &[("      client_orderid: {", "      order_id: {")],
    );
    assert_findings(
        &r,
        &[(
            Property::WireName,
            "`Sale` parameter `order_id`",
            "`client_orderid`, alias `order_id`",
            "`order_id`",
            "p.txt § Request Parameters, row `client_orderid` (line 11)",
        )],
    );
}

#[test]
fn a_row_silent_on_necessity_against_a_required_parameter() {
    // Without a `Necessity:` line the document leaves `cvv2` optional to the reader;
    // requiring it is the spec's own decision.
    let r = paynet(
        &[("CVV2 code.\n\nNecessity: Required\n", "CVV2 code.\n\n")],
        &[],
    );
    assert_findings(
        &r,
        &[(
            Property::Required,
            "`Sale` parameter `cvv2`",
            "nothing of its necessity",
            "required",
            "p.txt § Request Parameters, row `cvv2` (line 27)",
        )],
    );
    // Left optional, the spec agrees with a document that says nothing.
    let r = paynet(
        &[("CVV2 code.\n\nNecessity: Required\n", "CVV2 code.\n\n")],
        &[("max_length: 4, required: true,", "max_length: 4,")],
    );
    assert_findings(&r, &[]);
}

#[test]
fn a_request_builder_name_that_no_table_documents() {
    let builder = (
        "Length: 3-4\n",
        "Length: 3-4\n\nRequest Builder\n\nclient_orderid\ncvv2\nredirect_url\n\nString to sign\n",
    );
    let prose = (
        "/api/v2/sale\n",
        "/api/v2/sale\n\nSend redirect_url to come back.\n",
    );
    let redirect = "      redirect_url: { type: url, doc: Redirect., source: \"p.txt \\\"Send redirect_url to come back\\\"\" }\n";
    let spec = ("      cvv2:", &format!("{redirect}      cvv2:")[..]);
    // The builder's other names are request parameters that cite their rows; `redirect_url`
    // is sent, but only prose speaks of it: the builder lists a name no table documents.
    let r = paynet(&[builder, prose], &[spec]);
    assert_findings(
        &r,
        &[(
            Property::Omitted,
            "p.txt table `Request Builder`",
            "`redirect_url`",
            "no item cites it",
            "p.txt § Request Builder, row `redirect_url` (line 41)",
        )],
    );
    // Without the extra name, the builder's names are all documented.
    let r = paynet(
        &[(builder.0, &builder.1.replace("redirect_url\n", "")), prose],
        &[spec],
    );
    assert_findings(&r, &[]);
}

#[test]
fn a_documented_row_no_item_cites() {
    let r = comnpay(
        &[(
            "date | Order date (optional) | Format yyyyMMdd |\n",
            "date | Order date (optional) | Format yyyyMMdd |\nextra | Something new (optional) | |\n",
        )],
        &[],
    );
    let at = "c.txt § a/b, row `extra` (line 11)";
    assert_findings(
        &r,
        &[(
            Property::Omitted,
            ENDPOINT,
            "`extra`",
            "no item cites it",
            at,
        )],
    );
    let f = &r.findings[0];
    let endpoint = Target::Endpoint {
        path: "a/b".to_string(),
        variant: None,
    };
    assert_eq!(f.target, endpoint);
    let (table, row) = f.row.as_ref().expect("the uncited row");
    assert_eq!((table.as_str(), row.wire.as_str()), ("a/b", "extra"));
    // A whole documented endpoint that nothing cites.
    let other = "\nhttps://h.example/rest/a/c\n\nParameter | Description | Comments |\n---|---|---|\nkey | Security key | |\nwhat | What (optional) | |\n";
    let r = comnpay(
        &[("\nReturn codes", &format!("{other}\nReturn codes"))],
        &[],
    );
    assert_findings(
        &r,
        &[(
            Property::Omitted,
            "c.txt table `a/c`",
            "a documented endpoint with 2 parameters",
            "nothing",
            "c.txt § a/c (line 14)",
        )],
    );
}

#[test]
fn a_citation_that_names_nothing_or_another_item() {
    let date = param("date");
    // A row that does not exist; the parameter's own row is then left uncited.
    let r = comnpay(&[], &[("row `date`", "row `nope`")]);
    assert_findings(
        &r,
        &[
            (
                Property::Citation,
                &date,
                "table `a/b` has no row `nope`",
                "it comes from there",
                "c.txt § a/b, row `nope`",
            ),
            (
                Property::Omitted,
                ENDPOINT,
                "`date`",
                "no item cites it",
                "c.txt § a/b, row `date` (line 10)",
            ),
        ],
    );
    // A return code cited at another code's row; its own row is then left uncited.
    let r = comnpay(
        &[],
        &[(
            "source: \"c.txt § Return codes, row `001`\"",
            "source: \"c.txt § Return codes, row `000`\"",
        )],
    );
    assert_findings(
        &r,
        &[
            (
                Property::Citation,
                "return code `001`",
                "not the row of code `001` (line 16)",
                "it comes from there",
                "c.txt § Return codes, row `000`",
            ),
            (
                Property::Omitted,
                "return code `001`",
                "`001` (Service unavailable)",
                "nothing",
                "c.txt § Return codes, row `001` (line 17)",
            ),
        ],
    );
    // An enum value cited at a row that does not list it.
    let r = comnpay(
        &[],
        &[(
            "doc: Mastercard., source: \"c.txt § a/b, row `card`\"",
            "doc: Mastercard., source: \"c.txt § a/b, row `ref`\"",
        )],
    );
    assert_findings(
        &r,
        &[(
            Property::Citation,
            "`CardType` value `MC`",
            "`MC` is not listed there (line 8)",
            "it comes from there",
            "c.txt § a/b, row `ref`",
        )],
    );
    // An endpoint whose table is gone.
    let r = comnpay(
        &[],
        &[("source: \"c.txt § a/b\"", "source: \"c.txt § a/c\"")],
    );
    assert_findings(
        &r,
        &[(
            Property::Citation,
            ENDPOINT,
            "its section is gone: c.txt has no table `a/c`",
            "it comes from there",
            "c.txt § a/c",
        )],
    );
}

#[test]
fn rules_and_endpoints_cited_where_the_document_speaks_of_them() {
    let rule = "rules:\n  pair:\n    - at_most_one_of: [card, date]\n      source: \"c.txt § a/b, row `card`, \\\"not with date\\\"\"\n      doc: Card or date.\nendpoints:\n";
    let with_rule = [
        ("endpoints:\n", rule),
        (
            "    response: Answer\n",
            "    response: Answer\n    rules: [pair]\n",
        ),
    ];
    let not_with_date = (
        "Card type (optional)",
        "Card type (optional), not with date",
    );
    // A rule cited at a phrase of a row that speaks of its fields.
    assert_findings(&comnpay(&[not_with_date], &with_rule), &[]);
    // The same rule cited at a row that speaks of neither field.
    let elsewhere = ("row `card`, \\\"not with date\\\"", "row `ref`");
    let r = comnpay(&[not_with_date], &[with_rule[0], with_rule[1], elsewhere]);
    assert_findings(
        &r,
        &[(
            Property::Citation,
            "`AB` rule over `card`, `date`",
            "nothing of `card`, `date` there",
            "it comes from there",
            "c.txt § a/b, row `ref` (line 8)",
        )],
    );
    // An endpoint may also cite a phrase: one that names it...
    let table = "source: \"c.txt § a/b\"";
    let phrase = |p: &str| format!("source: [\"c.txt § a/b\", \"c.txt \\\"{p}\\\"\"]");
    assert_findings(&comnpay(&[], &[(table, &phrase("rest/a/b"))]), &[]);
    // ...or one that does not.
    let r = comnpay(&[], &[(table, &phrase("Demo API"))]);
    assert_findings(
        &r,
        &[(
            Property::Citation,
            ENDPOINT,
            "nothing of `b` there",
            "it comes from there",
            "c.txt \"Demo API\"",
        )],
    );
}

#[test]
fn a_parameter_cited_at_a_phrase() {
    // A phrase that speaks of the parameter is a place for it (its row is then uncited)...
    let phrase = |p: &str| format!("source: \"c.txt \\\"{p}\\\"\"");
    let row = "source: \"c.txt § a/b, row `date`\"";
    let uncited = (
        Property::Omitted,
        ENDPOINT,
        "`date`",
        "no item cites it",
        "c.txt § a/b, row `date` (line 10)",
    );
    let r = comnpay(
        &[("Demo API", "Demo API: date rules")],
        &[(row, &phrase("date rules"))],
    );
    assert_findings(&r, &[uncited]);
    // ...one that does not is not.
    let r = comnpay(&[], &[(row, &phrase("Demo API"))]);
    let date = param("date");
    assert_findings(
        &r,
        &[
            (
                Property::Citation,
                &date,
                "nothing of `date` there",
                "it comes from there",
                "c.txt \"Demo API\" (line 1)",
            ),
            uncited,
        ],
    );
}

#[test]
fn a_return_code_whose_description_differs() {
    let r = comnpay(
        &[],
        &[("doc: \"Service unavailable\"", "doc: \"Service down\"")],
    );
    assert_findings(
        &r,
        &[(
            Property::Description,
            "return code `001`",
            "\"Service unavailable\"",
            "\"Service down\"",
            "c.txt § Return codes, row `001` (line 17)",
        )],
    );
    assert_eq!(
        r.findings[0].target,
        Target::Code {
            code: "001".to_string()
        }
    );
    // Whitespace is not a difference.
    let r = comnpay(
        &[],
        &[(
            "doc: \"Service unavailable\"",
            "doc: \"Service   unavailable \"",
        )],
    );
    assert_findings(&r, &[]);
}

#[test]
fn a_documented_code_the_spec_lacks() {
    let line = "    - { code: \"001\", name: ServiceUnavailable, category: technical, doc: \"Service unavailable\", source: \"c.txt § Return codes, row `001`\" }\n";
    let r = comnpay(&[], &[(line, "")]);
    assert_findings(
        &r,
        &[(
            Property::Omitted,
            "return code `001`",
            "`001` (Service unavailable)",
            "nothing",
            "c.txt § Return codes, row `001` (line 17)",
        )],
    );
    assert_eq!(
        r.findings[0].target,
        Target::Code {
            code: "001".to_string()
        }
    );
}

/// `ref`'s spec entry with a reading added.
fn ref_with_reading(entry: &str, reading: &str) -> (String, String) {
    let from = "ref: { type: string, max_length: 10, required: true, doc: Reference., source: \"c.txt § a/b, row `ref`\" }";
    let to = format!("ref: {{ {entry}, doc: Reference., source: \"c.txt § a/b, row `ref`\", reading: {{ {reading} }} }}");
    (from.to_string(), to)
}

#[test]
fn a_reading_explains_its_own_property_only() {
    // The document: optional, at most 10. The spec: required, at most 12, and a reading of
    // the maximum only.
    let (from, to) = ref_with_reading(
        "type: string, max_length: 12, required: true",
        "max_length: \"why 12\"",
    );
    let r = comnpay(
        &[(
            "ref | Order reference |",
            "ref | Order reference (optional) |",
        )],
        &[(&from, &to)],
    );
    let reference = param("ref");
    let at = "c.txt § a/b, row `ref` (line 8)";
    let got: Vec<Said<'_>> = r.findings.iter().map(said).collect();
    assert_eq!(
        got,
        [
            (
                Property::Required,
                reference.as_str(),
                "optional",
                "required",
                at
            ),
            (Property::MaxLength, reference.as_str(), "10", "12", at),
        ]
    );
    assert_eq!(
        r.findings[0].explained_by, None,
        "a reading of max_length explains no `required`"
    );
    assert_eq!(
        r.findings[1].explained_by.as_deref(),
        Some("reading (max_length): why 12")
    );
    let unexplained: Vec<Said<'_>> = r.unexplained().map(said).collect();
    assert_eq!(unexplained, [got[0]]);
    assert_eq!(
        r.unexplained_items().into_iter().collect::<Vec<_>>(),
        [reference.as_str()]
    );
    assert!(r.unused_readings.is_empty(), "{:?}", r.unused_readings);
}

#[test]
fn an_unused_reading_is_reported() {
    let reference = param("ref");
    // Nothing differs: the reading explains nothing.
    let (from, to) = ref_with_reading(
        "type: string, max_length: 10, required: true",
        "max_length: \"why 10\"",
    );
    let r = comnpay(&[], &[(&from, &to)]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        r.unused_readings,
        [(reference.clone(), Property::MaxLength, "why 10".to_string())]
    );
    // The maximum differs, but the reading is of `required`: both are reported.
    let (from, to) = ref_with_reading("type: string, required: true", "required: \"why required\"");
    let r = comnpay(&[], &[(&from, &to)]);
    let at = "c.txt § a/b, row `ref` (line 8)";
    let got: Vec<Said<'_>> = r.unexplained().map(said).collect();
    assert_eq!(
        got,
        [(Property::MaxLength, reference.as_str(), "10", "none", at)]
    );
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        r.unused_readings,
        [(
            reference.clone(),
            Property::Required,
            "why required".to_string()
        )]
    );
}

/// An outcome case's citation must resolve; its reading on `outcome` explains the one
/// finding it makes (the document states a fact, the outcome is paybind's); without a
/// reading there is no finding, and a citation the document lost is reported.
#[test]
fn outcome_cases_cited_and_read() {
    let fields = "      ok: { type: flag, doc: Ok. }\n";
    let case = |provenance: &str| {
        format!("{fields}    outcome:\n      - {{ is: succeeded, when: {{ field: ok, equals: \"1\" }}, {provenance} }}\n")
    };
    let item = "`Answer` outcome case 1 (ok = 1: succeeded)";
    // Cited, no reading: faithful.
    let cited = case("source: \"c.txt § Return codes, row `000`\"");
    assert_findings(&comnpay(&[], &[(fields, &cited)]), &[]);
    // Cited and read: one finding, explained by the reading, which is then used.
    let read = case("source: \"c.txt § Return codes, row `000`\", reading: { outcome: \"000 with ok 1 is done\" }");
    let r = comnpay(&[], &[(fields, &read)]);
    let got: Vec<Said<'_>> = r.findings.iter().map(said).collect();
    assert_eq!(
        got,
        [(
            Property::Outcome,
            item,
            "a fact, no outcome",
            "ok = 1: succeeded",
            "c.txt § Return codes, row `000` (line 16)"
        )]
    );
    assert!(r.findings[0].is_explained(), "{:?}", r.findings);
    assert!(r.unused_readings.is_empty(), "{:?}", r.unused_readings);
    // The document lost the row: the citation is reported.
    let gone = ("000 | Processing ok |\n", "");
    let r = comnpay(&[gone], &[(fields, &cited)]);
    let found: Vec<(Property, &str)> = r
        .findings
        .iter()
        .map(|f| (f.what, f.item.as_str()))
        .collect();
    assert!(
        found.contains(&(Property::Citation, item)),
        "{:#?}",
        r.findings
    );
}
