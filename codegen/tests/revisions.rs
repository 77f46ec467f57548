//! The docs-change loop on realistic revisions: each one edit of a seed document, made here
//! from the seed itself (nothing large committed), in the document's own format. For each:
//!
//! - `spec diff` of the skeletons imported from the document before and after (named with
//!   the spec's names) gives exactly the change a user of the generated API would see, with
//!   its verdict;
//! - the judge comparing the spec with the revised document names the edited item and
//!   nothing else (no line-shift noise: citations are anchors);
//! - `spec update` either brings the spec in line (the judge passes on the result) or lists
//!   exactly what needs a person.

use std::path::{Path, PathBuf};

use paybind_codegen::cite::{read_documents, Document};
use paybind_codegen::diff::{diff, Impact};
use paybind_codegen::fidelity::compare;
use paybind_codegen::import::{detect, find_seeds, import, to_spec_yaml_named};
use paybind_codegen::ir::Gateway;

const COMNPAY: &str = "000_0314d75137e75338.txt";
const SMONEY: &str = "001_b198a1e37d8b1b40.txt";
const CONNPAY_SALE: &str = "002_533efdf5ff50f3f7.txt";
const PAYNETEASY_SALE: &str = "003_86258bf917671082.txt";
const CONNPAY_PREAUTH: &str = "004_4bb82ea0de25b99c.txt";

/// One edit of a document's text.
enum Edit {
    /// Replace the only occurrence of a text.
    Replace(&'static str, &'static str),
    /// Remove the text from the first occurrence of `from` up to (not including) `to`.
    Cut(&'static str, &'static str),
    /// Move the text from `from` (its only occurrence) through the first `through` after
    /// it to just before `before`.
    Move(&'static str, &'static str, &'static str),
}

/// What a revision must give.
struct Revision {
    name: &'static str,
    spec: &'static str,
    document: &'static str,
    edit: Edit,
    /// The diff's changes: `item (what): verdict`, e.g. `PaymentTokenDebit.ip (added): compatible`.
    diff: &'static [&'static str],
    /// The items the judge names (unexplained differences).
    judge: &'static [&'static str],
    /// Whether `spec update` leaves something to a person.
    needs_person: bool,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn seeds() -> PathBuf {
    find_seeds(root()).expect("shared/seeds beside the repository")
}

fn apply(text: &str, edit: &Edit) -> String {
    let once = |t: &str| {
        assert_eq!(
            text.matches(t).count(),
            1,
            "`{t}` must occur once in the seed"
        );
        text.find(t).expect("found")
    };
    match edit {
        Edit::Replace(a, b) => {
            once(a);
            text.replacen(a, b, 1)
        }
        Edit::Cut(from, to) => {
            let a = once(from);
            let b = a + text[a..].find(to).expect("the end of the cut");
            format!("{}{}", &text[..a], &text[b..])
        }
        Edit::Move(from, through, before) => {
            let a = once(from);
            let b = a
                + from.len()
                + text[a + from.len()..].find(through).expect("the end")
                + through.len();
            let what = &text[a..b];
            let without = format!("{}{}", &text[..a], &text[b..]);
            let at = without.find(before).expect("where to move it");
            format!("{}{what}{}", &without[..at], &without[at..])
        }
    }
}

fn lower(name: &str, yaml: &str) -> Gateway {
    paybind_codegen::lower_str(name, yaml).unwrap_or_else(|e| panic!("{name}: {e}\n{yaml}"))
}

fn skeleton(name: &str, text: &str, names: &Gateway) -> Gateway {
    let imported = import(name, text, detect(text).expect("format")).expect("import");
    lower(name, &to_spec_yaml_named(&imported, Some(names)))
}

/// The diff of the document's skeletons before and after, one line per change.
fn diff_lines(r: &Revision, spec: &Gateway, before: &str, after: &str) -> Vec<String> {
    let old = skeleton(r.document, before, spec);
    let new = skeleton(r.document, after, spec);
    let mut out: Vec<String> = diff(&old, &new)
        .changes
        .iter()
        .map(|c| {
            let verdict = match c.impact {
                Impact::Breaking => "breaking",
                Impact::Compatible => "compatible",
            };
            format!("{} ({}): {verdict}", c.item.name(), c.what)
        })
        .collect();
    out.sort();
    out
}

/// The items the judge names when the spec meets the revised document.
fn judged(spec_text: &str, file: &str, document: &str, after: &str) -> Vec<String> {
    let g = lower(file, spec_text);
    let model = paybind_codegen::load::load_str(file, spec_text).expect("loads");
    let mut read = read_documents(&model, &seeds()).expect("documents");
    for (name, text, imported) in &mut read {
        if name == document {
            *text = after.to_string();
            *imported = import(name, after, detect(after).expect("format")).expect("import");
        }
    }
    let docs: Vec<Document<'_>> = read.iter().map(|(_, t, im)| Document::new(im, t)).collect();
    let report = compare(&g, &docs);
    let mut items: Vec<String> = report
        .unexplained_items()
        .into_iter()
        .map(str::to_string)
        .collect();
    items.extend(report.unused_readings.iter().map(|(i, _, _)| i.clone()));
    items.sort();
    items.dedup();
    items
}

fn check(r: &Revision) {
    let file = format!("spec/{}", r.spec);
    let spec_text = std::fs::read_to_string(root().join(&file)).expect("spec");
    let spec = lower(&file, &spec_text);
    let before = std::fs::read_to_string(seeds().join(r.document)).expect("seed");
    let after = apply(&before, &r.edit);
    let changes = diff_lines(r, &spec, &before, &after);
    assert_eq!(changes, r.diff, "{}: the diff", r.name);
    let items = judged(&spec_text, &file, r.document, &after);
    assert_eq!(items, r.judge, "{}: the judge", r.name);
    let outcome = paybind_codegen::update::update(&file, &spec_text, &seeds(), r.document, &after)
        .unwrap_or_else(|e| panic!("{}: update: {e}", r.name));
    let left = judged(&outcome.text, &file, r.document, &after);
    let reviewed = |i: &String| outcome.review.iter().any(|l| l.starts_with(i.as_str()));
    assert!(
        left.iter().all(reviewed),
        "{}: the judge still names {left:?} after the update, and the review list is {:#?}",
        r.name,
        outcome.review
    );
    assert_eq!(
        !outcome.review.is_empty(),
        r.needs_person,
        "{}: review {:#?}, applied {:#?}",
        r.name,
        outcome.review,
        outcome.applied
    );
    if !r.needs_person {
        assert!(left.is_empty(), "{}: {left:?}", r.name);
    }
}

macro_rules! revisions {
    ($($name:ident: $spec:expr, $doc:expr, $edit:expr, diff $diff:expr, judge $judge:expr, person $person:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check(&Revision {
                    name: stringify!($name),
                    spec: $spec,
                    document: $doc,
                    edit: $edit,
                    diff: $diff,
                    judge: $judge,
                    needs_person: $person,
                });
            }
        )*
    };
}

revisions! {
    comnpay_optional_row_added_near_the_top: "comnpay.yaml", COMNPAY,
        Edit::Replace("force3ds | Forces or prevents use of 3DS | 1 to force 3DS, 0 for the standard case (threshold, geo-filtering) |\nredirection3DSV2Url | Mandatory for 3DS V2 | Redirection to achieve the 3D Secure V2 |\nbrowser | Mandatory for 3DS V2 | For mobile applications, the field application is mandatory instead. |\ncustomer | Strongly recommended for 3DS V2 | |\ncardholderAccount | Recommended for 3DS V2 | |\ncaddy | Recommended for 3DS V2 |\n3-Finalize debit after 3DS authentication v1",
            "force3ds | Forces or prevents use of 3DS | 1 to force 3DS, 0 for the standard case (threshold, geo-filtering) |\nip | Customer IP address | (optional) |\nredirection3DSV2Url | Mandatory for 3DS V2 | Redirection to achieve the 3D Secure V2 |\nbrowser | Mandatory for 3DS V2 | For mobile applications, the field application is mandatory instead. |\ncustomer | Strongly recommended for 3DS V2 | |\ncardholderAccount | Recommended for 3DS V2 | |\ncaddy | Recommended for 3DS V2 |\n3-Finalize debit after 3DS authentication v1"),
        diff &["PaymentTokenDebit.ip (added): compatible"], judge &["endpoint `payment/tokenDebit` (PaymentTokenDebit)"], person false;
    comnpay_required_row_added_to_alias_token_create: "comnpay.yaml", COMNPAY,
        Edit::Replace("tokenRef | Token generated | |\n", "tokenRef | Token generated | |\nip | Customer IP address | |\n"),
        diff &["AliasTokenCreate.ip (added): breaking"], judge &["endpoint `alias/tokenCreate` (AliasTokenCreate)"], person true;
    comnpay_row_removed: "comnpay.yaml", COMNPAY,
        Edit::Replace("amount | Credit amount | In cents |\n", ""),
        diff &["PaymentRefund.amount (removed): breaking"], judge &["`PaymentRefund` parameter `amount`"], person true;
    comnpay_row_moved: "comnpay.yaml", COMNPAY,
        Edit::Move("productLabel | Product label | |\n", "", "paymentType | Payment type |"),
        diff &[], judge &[], person false;
    comnpay_optional_mark_dropped: "comnpay.yaml", COMNPAY,
        Edit::Replace("aliasRef | Customer reference number for the alias | Maximum length 40 (optional) |", "aliasRef | Customer reference number for the alias | Maximum length 40 |"),
        diff &["AliasFind.aliasRef (required): breaking"], judge &["`AliasFind` parameter `aliasRef`"], person true;
    comnpay_optional_mark_added: "comnpay.yaml", COMNPAY,
        Edit::Replace("productLabel | Product label | |", "productLabel | Product label | (optional) |"),
        diff &["PayperlinkCreate.productLabel (required): breaking"], judge &["`PayperlinkCreate` parameter `productLabel`"], person true;
    comnpay_limit_tightened: "comnpay.yaml", COMNPAY,
        Edit::Replace("preauthorizationRef | Customer reference number for pre-authorization | Maximum length 40 |\namount | Debit amount | In cents |", "preauthorizationRef | Customer reference number for pre-authorization | Maximum length 32 |\namount | Debit amount | In cents |"),
        diff &["PreauthorizationTokenOpen.preauthorizationRef (max_length): breaking"], judge &["`PreauthorizationTokenOpen` parameter `preauthorizationRef`"], person false;
    comnpay_limit_relaxed: "comnpay.yaml", COMNPAY,
        Edit::Replace("sepaLabel | SEPA operation label (Ustrd) | 140 characters maximum |", "sepaLabel | SEPA operation label (Ustrd) | 255 characters maximum |"),
        diff &["PayperlinkCreate.sepaLabel (max_length): compatible"], judge &["`PayperlinkCreate` parameter `sepaLabel`"], person false;
    comnpay_value_added: "comnpay.yaml", COMNPAY,
        Edit::Replace("cardType | Type of card | CB, VISA, MC |", "cardType | Type of card | CB, VISA, MC, AMEX |"),
        diff &["TokenCardType.AMEX (added): compatible"], judge &["`TokenCreate` parameter `cardType`"], person false;
    comnpay_value_removed: "comnpay.yaml", COMNPAY,
        Edit::Replace("D, PA, P3F, ALS, SUBD, SUBS, SDD, SDDR |", "D, PA, P3F, ALS, SUBD, SUBS, SDD |"),
        diff &["PaymentType.SDDR (removed): breaking"], judge &["`PaymentType` value `SDDR`", "`PayperlinkCreate` parameter `paymentType`", "`PayperlinkDetails` field `paymentType`"], person true;
    comnpay_code_added: "comnpay.yaml", COMNPAY,
        Edit::Replace("2604 | Invalid carrier card match |\n", "2604 | Invalid carrier card match |\n2605 | Card velocity exceeded |\n"),
        diff &["2605 (added): compatible"], judge &["return code `2605`"], person true;
    comnpay_code_reworded: "comnpay.yaml", COMNPAY,
        Edit::Replace("207 | Card refused |", "207 | Card declined |"),
        diff &["207 (description): compatible"], judge &["return code `207`"], person false;
    comnpay_section_removed: "comnpay.yaml", COMNPAY,
        Edit::Cut("Payperlink closure\nPayperlink closure web service", "Payperlink research\n"),
        diff &["PayperlinkClose (payperlink/close) (removed): breaking"], judge &["`PayperlinkClose` parameter `payperlinkId`", "endpoint `payperlink/close` (PayperlinkClose)"], person true;
    comnpay_subform_field_added: "comnpay.yaml", COMNPAY,
        Edit::Replace("customerRef | Unique customer reference | 40 |", "customerRef | Unique customer reference | 40 |\nbirthDate | Birth date | 8 |"),
        diff &["Customer.birthDate (added): compatible"], judge &["000_0314d75137e75338.txt table `customer`"], person false;
    comnpay_subform_field_added_before_a_row_without_name:
        "comnpay.yaml",
        COMNPAY,
        Edit::Replace("firstName | First name | 100 |", "firstName | First name | 100 |\nmiddleName | Middle name | 100 |"),
        diff &["Customer.middleName (added): compatible"],
        judge &["000_0314d75137e75338.txt table `customer`"],
        person false;
    comnpay_subform_limit_tightened: "comnpay.yaml", COMNPAY,
        Edit::Replace("firstName | First name | 100 |", "firstName | First name | 50 |"),
        diff &["Customer.firstName (max_length): breaking"], judge &["`Customer` field `firstName`"], person false;
    comnpay_reading_contradicted:
        "comnpay.yaml",
        COMNPAY,
        Edit::Replace("cvv | Visual cryptogram | |", "cvv | Visual cryptogram | Max length 3 |"),
        diff &["TokenCreate.cvv (max_length): breaking"],
        judge &[],
        person true;
    smoney_property_made_required: "smoney.yaml", SMONEY,
        Edit::Replace("Fee\n\nLong\n\nN\n\nFee amount (the", "Fee\n\nLong\n\nO\n\nFee amount (the"),
        diff &["CardPayment.Fee (required): breaking"], judge &["`CreateCardPayment` parameter `Fee`"], person true;
    smoney_property_made_optional: "smoney.yaml", SMONEY,
        Edit::Replace("OrderId\n\nString\n\nO\n\nPayment\nidentifier", "OrderId\n\nString\n\nN\n\nPayment\nidentifier"),
        diff &["CardPayment.OrderId (required): breaking"], judge &["`CreateCardPayment` parameter `OrderId`"], person true;
    smoney_value_added: "smoney.yaml", SMONEY,
        Edit::Replace("VISA_ELECTRON\n", "VISA_ELECTRON\nAMEX\n"),
        diff &["CardBrand.AMEX (added): compatible"], judge &["`CardPayment` field `availableCards`", "`CreateCardPayment` parameter `availableCards`"], person false;
    smoney_property_removed: "smoney.yaml", SMONEY,
        Edit::Replace("Message\n\nString\n\nO\n\nPayment message\n\n", ""),
        diff &["CardPayment.Message (removed): breaking"], judge &["`CardPayment` field `Message`", "`CreateCardPayment` parameter `Message`"], person true;
    smoney_property_added: "smoney.yaml", SMONEY,
        Edit::Replace("Message\n\nString\n\nO\n\nPayment message\n\n", "Message\n\nString\n\nO\n\nPayment message\n\nReference\n\nString\n\nN\n\nMerchant reference\n\n"),
        diff &["CardPayment.Reference (added): compatible"], judge &["type `CardPayment`"], person false;
    connpay_limit_tightened: "payneteasy.yaml", CONNPAY_SALE,
        Edit::Replace("Brief order description.\n\nNecessity: Required\nType: String\nLength: 64k", "Brief order description.\n\nNecessity: Required\nType: String\nLength: 1024"),
        diff &["Sale.order_desc (max_length): breaking"], judge &["`Sale` parameter `order_desc`"], person true;
    connpay_made_required: "payneteasy.yaml", CONNPAY_SALE,
        Edit::Replace("This value can be used by the fraud monitoring system.\n\nNecessity: Optional", "This value can be used by the fraud monitoring system.\n\nNecessity: Required"),
        diff &["Sale.purpose (required): breaking"], judge &["`Sale` parameter `purpose`"], person true;
    connpay_value_added: "payneteasy.yaml", CONNPAY_SALE,
        Edit::Replace("- 2.2.0\nType: String", "- 2.2.0\n- 2.3.0\nType: String"),
        diff &["TdsMessageVersion.2.3.0 (added): compatible"], judge &["`Sale` parameter `tds_authentication_result_message_version`"], person true;
    payneteasy_rst_limit_relaxed: "payneteasy.yaml", PAYNETEASY_SALE,
        Edit::Replace(":code:`city` - Payer’s city. - | ``Necessity``: Required | ``Type``: String | ``Length``: 50", ":code:`city` - Payer’s city. - | ``Necessity``: Required | ``Type``: String | ``Length``: 100"),
        diff &["Sale.city (max_length): compatible"], judge &["`Sale` parameter `city`"], person true;
    payneteasy_rst_row_removed: "payneteasy.yaml", PAYNETEASY_SALE,
        Edit::Replace("* - :code:`dapi_imei` - Unique device identifier. - | ``Necessity``: Optional | ``Type``: String | ``Length``: 32 ", ""),
        diff &["Sale.dapi_imei (removed): breaking"], judge &["`Sale` parameter `dapi_imei`"], person true;
    connpay_preauth_row_moved: "payneteasy.yaml", CONNPAY_PREAUTH,
        Edit::Move("purpose\n\nDestination to where the payment goes.", "\nLength: 128\n\n", "site_url\n\nThe URL of the E-commerce entity"),
        diff &[], judge &[], person false;
}

/// The README's revision: four edits at once, one of them a line inserted above the others'
/// places. The update applies the three the document decides, each where it belongs, and
/// leaves the fourth (a necessity changed) to a person.
#[test]
fn several_edits_at_once_are_each_applied_where_they_belong() {
    let file = "spec/comnpay.yaml";
    let spec_text = std::fs::read_to_string(root().join(file)).expect("spec");
    let mut after = std::fs::read_to_string(seeds().join(COMNPAY)).expect("seed");
    for edit in [
        Edit::Replace("207 | Card refused |", "207 | Card declined |"),
        Edit::Replace(
            "sepaLabel | SEPA operation label (Ustrd) | 140 characters maximum |",
            "sepaLabel | SEPA operation label (Ustrd) | 255 characters maximum |",
        ),
        Edit::Replace(
            "firstName | First name | 100 |",
            "firstName | First name | 100 |\nmiddleName | Middle name | 100 |",
        ),
        Edit::Replace(
            "aliasRef | Customer reference number for the alias | Maximum length 40 (optional) |",
            "aliasRef | Customer reference number for the alias | Maximum length 40 |",
        ),
    ] {
        after = apply(&after, &edit);
    }
    let outcome = paybind_codegen::update::update(file, &spec_text, &seeds(), COMNPAY, &after)
        .expect("update");
    assert_eq!(
        outcome.applied,
        [
            "`PayperlinkCreate` parameter `sepaLabel`: max_length 140 → 255",
            "return code `207`: description → \"Card declined\"",
            "000_0314d75137e75338.txt table `customer`: new optional `middleName` added",
        ]
    );
    assert_eq!(outcome.review.len(), 1, "{:#?}", outcome.review);
    assert!(
        outcome.review[0].starts_with("`AliasFind` parameter `aliasRef`: its necessity changed")
    );
    assert!(outcome.text.contains(r#"doc: "Card declined""#));
    assert!(outcome.text.contains(r#""middleName": { type: string, max_length: 100, doc: "Middle name", source: "000_0314d75137e75338.txt § customer, row `middleName`" }"#));
    assert!(outcome
        .text
        .contains("sepaLabel: { type: string, max_length: 255,"));
    assert_eq!(
        judged(&outcome.text, file, COMNPAY, &after),
        ["`AliasFind` parameter `aliasRef`"]
    );
    // The customer form's new field goes to both types citing its rows: the sub-form sent
    // and the customer an answer returns.
    let changed: Vec<String> = outcome
        .changes
        .changes
        .iter()
        .map(|c| c.item.name())
        .collect();
    assert_eq!(
        changed,
        [
            "PayperlinkCreate.sepaLabel",
            "Customer.middleName",
            "CustomerDetails.middleName",
            "207"
        ]
    );
}
