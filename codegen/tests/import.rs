//! The importer on the provider documents (`shared/seeds/`): facts a reader can check by
//! opening the document at the location given, the skeleton of every document lowering,
//! and no panic on any prefix of a document or on garbage.

use std::path::{Path, PathBuf};

use paybind_codegen::import::{
    detect, find_seeds, import, to_spec_yaml, Format, Imported, Necessity, Row, TableKind,
};
use paybind_codegen::lower_str;

const COMNPAY: &str = "000_0314d75137e75338.txt";
const SMONEY: &str = "001_b198a1e37d8b1b40.txt";
const CONNPAY_SALE: &str = "002_533efdf5ff50f3f7.txt";
const PAYNETEASY_RST: &str = "003_86258bf917671082.txt";
const CONNPAY_PREAUTH: &str = "004_4bb82ea0de25b99c.txt";
const ALL: [&str; 5] = [
    COMNPAY,
    SMONEY,
    CONNPAY_SALE,
    PAYNETEASY_RST,
    CONNPAY_PREAUTH,
];

/// `shared/seeds`, found by walking up from this crate (the worktree's depth may vary).
fn seeds() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    find_seeds(here).expect("a shared/seeds/INDEX.md above the crate directory")
}

fn text(doc: &str) -> String {
    let path = seeds().join(doc);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn imported(doc: &str) -> Imported {
    let t = text(doc);
    let format = detect(&t).unwrap_or_else(|| panic!("{doc}: format not detected"));
    import(doc, &t, format).unwrap_or_else(|e| panic!("{e}"))
}

fn row<'i>(im: &'i Imported, table: &str, wire: &str) -> &'i Row {
    im.row(table, wire)
        .unwrap_or_else(|| panic!("{}: no row `{wire}` in `{table}`", im.document))
}

/// The document's line at a row's location.
fn line_at(doc_text: &str, r: &Row) -> String {
    let n = r.location.line.expect("a line");
    doc_text.lines().nth(n - 1).unwrap_or_default().to_string()
}

#[test]
fn the_seeds_are_found_from_the_crate_and_from_deeper_directories() {
    let s = seeds();
    assert!(s.join("INDEX.md").is_file());
    let deeper = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("import");
    assert_eq!(find_seeds(&deeper), Some(s));
    assert_eq!(find_seeds(Path::new("/")), None);
}

#[test]
fn every_seed_is_detected_as_its_form() {
    let expected = [
        (COMNPAY, Format::ComnpayPipes),
        (SMONEY, Format::SmoneyResources),
        (CONNPAY_SALE, Format::PaynetText),
        (PAYNETEASY_RST, Format::PaynetRst),
        (CONNPAY_PREAUTH, Format::PaynetText),
    ];
    for (doc, format) in expected {
        assert_eq!(detect(&text(doc)), Some(format), "{doc}");
    }
    assert_eq!(detect(""), None);
    assert_eq!(detect("just some prose\nwith | one pipe\n"), None);
}

/// Every row of a line-based document points at a line holding its name.
#[test]
fn every_row_location_holds_its_name() {
    for doc in [COMNPAY, SMONEY, CONNPAY_SALE, CONNPAY_PREAUTH] {
        let t = text(doc);
        let im = imported(doc);
        for table in &im.tables {
            for r in &table.rows {
                let line = line_at(&t, r);
                let recovered = im.issues.iter().any(|i| i.location.line == r.location.line);
                assert!(
                    line.contains(&r.wire) || recovered,
                    "{}: `{}` not at its line: {line:?}",
                    r.location,
                    r.wire
                );
                assert_eq!(r.location.document, doc);
            }
        }
    }
    let t = text(PAYNETEASY_RST);
    let im = imported(PAYNETEASY_RST);
    for table in &im.tables {
        for r in &table.rows {
            assert_eq!(r.location.line, None);
            assert!(t.contains(&format!(":code:`{}`", r.wire)), "{}", r.location);
            let section = r.location.section.clone().expect("a section");
            assert!(t.contains(&section), "{}", r.location);
        }
    }
}

#[test]
fn comnpay_token_debit_and_token_create() {
    let t = text(COMNPAY);
    let im = imported(COMNPAY);
    let r = row(&im, "payment/tokenDebit", "transactionRef");
    assert_eq!((r.min_length, r.max_length), (Some(8), Some(40)));
    assert_eq!(
        r.location.to_string(),
        format!("{COMNPAY} § payment/tokenDebit, row `transactionRef`")
    );
    assert_eq!(r.location.line, Some(46));
    assert!(line_at(&t, r).contains("Min length 8 / Max length 40"));
    assert_eq!(
        &t[r.span.clone()],
        "transactionRef | Customer reference number for the transaction | Min length 8 / Max length 40 |"
    );
    // An unmarked request row is required: the tables mark the others "(optional)" or
    // "Mandatory for …".
    assert_eq!(r.necessity, Necessity::Required);
    let browser = row(&im, "payment/tokenDebit", "browser");
    assert_eq!(
        browser.necessity,
        Necessity::Conditional("Mandatory for 3DS V2".into())
    );
    assert_eq!(
        row(&im, "payment/tokenDebit", "customer").necessity,
        Necessity::Optional
    );
    assert_eq!(
        row(&im, "payment/tokenDebit", "caddy").necessity,
        Necessity::Optional
    );
    assert_eq!(
        row(&im, "payment/tokenDebit", "force3ds").values,
        ["1", "0"]
    );

    let card_type = row(&im, "token/create", "cardType");
    assert_eq!(card_type.values, ["CB", "VISA", "MC"]);
    assert!(line_at(&t, card_type).contains("CB, VISA, MC"));
    let expiry = row(&im, "token/create", "cardExpirationDate");
    assert_eq!(expiry.format.as_deref(), Some("YYMM"));
    let cvv = row(&im, "preauthorization/aliasOpen", "cvv");
    let cond = Necessity::Conditional("Mandatory for 3DS authentication".into());
    assert_eq!(cvv.necessity, cond);
}

#[test]
fn comnpay_searches_payperlinks_and_tables_under_two_urls() {
    let im = imported(COMNPAY);
    let tt = row(&im, "payment/find", "transactionType");
    assert_eq!(
        (tt.values.as_slice(), &tt.necessity),
        (
            &["D".to_string(), "C".to_string()][..],
            &Necessity::Optional
        )
    );
    let start = row(&im, "payment/find", "startDate");
    assert_eq!(start.format.as_deref(), Some("yyyyMMddHHmmss"));
    assert_eq!(row(&im, "alias/find", "aliasRef").max_length, Some(40));
    assert_eq!(
        row(&im, "payperlink/create", "sepaLabel").max_length,
        Some(140)
    );
    assert_eq!(
        row(&im, "payperlink/create", "language").values,
        ["fr", "en", "it"]
    );
    let kinds = row(&im, "payperlink/create", "paymentType");
    assert_eq!(
        kinds.values,
        ["D", "PA", "P3F", "ALS", "SUBD", "SUBS", "SDD", "SDDR"]
    );
    assert_eq!(
        row(&im, "payperlink/create", "amount").necessity,
        Necessity::Optional
    );
    // One table written under two URLs describes both endpoints.
    for name in ["receipt/getHtml", "receipt/getPdfBase64"] {
        let r = row(&im, name, "transactionRef");
        assert_eq!((r.min_length, r.location.line), (Some(8), Some(192)));
    }
    let request_tables = im
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Request)
        .count();
    assert_eq!(request_tables, 20);
}

#[test]
fn comnpay_end3ds_debit_has_two_variants_named_by_their_headings() {
    let im = imported(COMNPAY);
    let tables: Vec<_> = im.tables_named("payment/end3dsDebit").collect();
    assert_eq!(tables.len(), 2);
    let wires =
        |i: usize| -> Vec<&str> { tables[i].rows.iter().map(|r| r.wire.as_str()).collect() };
    assert_eq!(tables[0].variant.as_deref(), Some("v1"));
    assert_eq!(tables[1].variant.as_deref(), Some("v2"));
    assert!(tables[0]
        .heading
        .as_deref()
        .unwrap_or("")
        .ends_with("authentication v1"));
    assert_eq!(
        wires(0),
        ["serialNumber", "key", "transactionRef", "pares", "md"]
    );
    assert_eq!(wires(1), ["serialNumber", "key", "transactionRef", "cres"]);
    assert!(im
        .table("preauthorization/end3ds")
        .is_some_and(|t| t.variant.is_none()));
}

#[test]
fn comnpay_sub_forms_are_tables_named_after_their_parameter() {
    let im = imported(COMNPAY);
    for (name, rows) in [
        ("customer", 20),
        ("browser", 11),
        ("application", 2),
        ("cardholderAccount", 10),
        ("caddy", 6),
    ] {
        let t = im
            .table(name)
            .unwrap_or_else(|| panic!("no sub-form {name}"));
        assert_eq!((t.kind, t.rows.len()), (TableKind::Object, rows), "{name}");
    }
    let meeting = row(&im, "customer", "meetingDate");
    assert_eq!(
        (meeting.max_length, meeting.format.as_deref()),
        (Some(14), Some("yyyyMMddHHmmss"))
    );
    // The email row has no name cell: the JSON example above gives it, and an issue says so.
    let email = row(&im, "customer", "email");
    assert_eq!(
        (email.max_length, email.location.line),
        (Some(100), Some(615))
    );
    assert!(im
        .issues
        .iter()
        .any(|i| i.location.line == Some(615) && i.reason.contains("`email`")));
    let cws = row(&im, "browser", "challengeWindowSize");
    assert_eq!(cws.values, ["01", "02", "03", "04", "05"]);
    let suspicious = row(&im, "cardholderAccount", "suspiciousAccActivity");
    assert_eq!(
        (suspicious.values.as_slice(), suspicious.location.line),
        (&["01".to_string(), "02".to_string()][..], Some(672))
    );
    assert_eq!(row(&im, "caddy", "shipIndicator").values.len(), 7);
    assert_eq!(row(&im, "caddy", "giftCardCount").max_length, Some(2));
    // The field list and the JSON example disagree on the gift card count's name.
    assert!(im
        .issues
        .iter()
        .any(|i| i.reason.contains("`nbCarteCadeau`")));
    assert!(im
        .table("Data dictionary")
        .is_some_and(|t| t.kind == TableKind::Dictionary));
}

#[test]
fn comnpay_return_codes_are_all_read() {
    let t = text(COMNPAY);
    let lines: Vec<&str> = t.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("Code | Description"))
        .expect("header");
    let expected = lines[header + 2..]
        .iter()
        .take_while(|l| l.contains('|'))
        .count();
    let im = imported(COMNPAY);
    assert_eq!(im.codes.len(), expected);
    assert_eq!(im.codes.len(), 235);
    let first = &im.codes[0];
    assert_eq!(
        (first.code.as_str(), first.description.as_str()),
        ("000", "Processing ok")
    );
    assert_eq!(first.location.line, Some(header + 3));
    let last = im.codes.last().expect("codes");
    assert_eq!(
        (last.code.as_str(), last.description.as_str()),
        ("2604", "Invalid carrier card match")
    );
    assert!(im.codes.iter().any(|c| c.code == "6A0"));
}

#[test]
fn connpay_sale_parameters() {
    let t = text(CONNPAY_SALE);
    let im = imported(CONNPAY_SALE);
    let sale: Vec<_> = im.tables_named("sale").collect();
    let headings: Vec<_> = sale
        .iter()
        .map(|t| t.heading.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        headings,
        [
            "Request Parameters",
            "For Connecting Party",
            "For Payment Institutions"
        ]
    );
    let address1 = row(&im, "sale", "address1");
    assert_eq!(
        (address1.max_length, address1.ty.as_deref()),
        (Some(50), Some("String"))
    );
    assert_eq!(
        address1.location.to_string(),
        format!("{CONNPAY_SALE} § Request Parameters, row `address1`")
    );
    assert_eq!(address1.location.line, Some(71));
    assert_eq!(row(&im, "sale", "order_desc").max_length, Some(65536));
    let cvv2 = row(&im, "sale", "cvv2");
    assert_eq!(
        (cvv2.min_length, cvv2.max_length, cvv2.ty.as_deref()),
        (Some(3), Some(4), Some("Numeric"))
    );
    assert_eq!(
        row(&im, "sale", "client_orderid").necessity,
        Necessity::Required
    );
    assert_eq!(
        row(&im, "sale", "credit_card_number").necessity,
        Necessity::Conditional("Conditional".into())
    );
    assert_eq!(
        row(&im, "sale", "redirect_url").necessity,
        Necessity::Optional
    );
    assert_eq!(
        row(&im, "sale", "birthday").format.as_deref(),
        Some("YYYYMMDD")
    );
    let recurring = row(&im, "sale", "recurring-payment-id");
    assert_eq!(
        (recurring.ty.as_deref(), recurring.max_length),
        (Some("Long"), None)
    );
    let tds = row(&im, "sale", "tds_areq_notification_url");
    assert_eq!(
        (tds.aliases.as_slice(), tds.max_length),
        (&["tds_cres_notification_url".to_string()][..], Some(256))
    );
    assert!(line_at(&t, tds).starts_with("tds_areq_notification_url, alias"));
    let status = row(&im, "sale", "tds_authentication_result_transaction_status");
    assert_eq!(
        (status.necessity.clone(), status.values.join("")),
        (Necessity::Unstated, "YNUACDR".to_string())
    );
    let value = row(
        &im,
        "sale",
        "tds_authentication_result_authentication_value",
    );
    assert_eq!((value.min_length, value.max_length), (Some(19), Some(28)));
    assert!(row(&im, "sale", "customer_browser_info")
        .max_length
        .is_none());
    let response = im.table("Response Parameters").expect("response table");
    assert_eq!(
        (response.kind, response.rows.len()),
        (TableKind::Response, 7)
    );
    assert!(im.row("sale", "notify_url").is_none());
}

#[test]
fn payneteasy_rst_sale_parameters() {
    let im = imported(PAYNETEASY_RST);
    let client = row(&im, "sale", "client_orderid");
    let at = format!("{PAYNETEASY_RST} § Request Parameters, row `client_orderid`");
    assert_eq!(client.location.to_string(), at);
    assert_eq!(row(&im, "sale", "address1").max_length, Some(256));
    let notify = row(&im, "sale", "notify_url");
    assert_eq!(
        (notify.max_length, &notify.necessity),
        (Some(1024), &Necessity::Optional)
    );
    assert_eq!(row(&im, "sale", "order_desc").max_length, Some(65536));
    let cvv2 = row(&im, "sale", "cvv2");
    assert_eq!((cvv2.min_length, cvv2.max_length), (Some(3), Some(4)));
    let js = row(&im, "sale", "customer_browser_javascript_enabled");
    assert_eq!(
        (js.ty.as_deref(), js.max_length, js.location.table),
        (Some("Boolean"), None, Some(3))
    );
    let tds = row(&im, "sale", "tds_areq_notification_url");
    assert_eq!(tds.aliases, ["tds_cres_notification_url"]);
    assert!(!row(&im, "sale", "redirect_url")
        .description
        .contains(":ex:"));
    // The PSP 3DS-result fields are in an included file, not in the document.
    assert!(im
        .issues
        .iter()
        .any(|i| i.text.contains("additional_fields_for_psp.txt")
            && i.location.section.as_deref() == Some("For Payment Institutions")));
    assert!(im.row("sale", "tds_authentication_result_type").is_none());
    assert_eq!(
        im.table("Response Parameters").map(|t| t.rows.len()),
        Some(7)
    );
}

#[test]
fn connpay_preauth_parameters() {
    let im = imported(CONNPAY_PREAUTH);
    assert!(im.table("sale").is_none());
    let desc = row(&im, "preauth", "order_desc");
    assert_eq!((desc.max_length, desc.location.line), (Some(125), Some(41)));
    let name = row(&im, "preauth", "card_printed_name");
    assert_eq!(
        (name.max_length, &name.necessity),
        (Some(65536), &Necessity::Required)
    );
    assert_eq!(row(&im, "preauth", "address1").max_length, Some(50));
    assert_eq!(im.tables_named("preauth").count(), 3);
    let response = im.table("Response Parameters").expect("response table");
    assert_eq!(response.location.line, Some(515));
}

/// The names of a request builder's rows.
fn builder_names(im: &Imported) -> Vec<&str> {
    let t = im.table("Request Builder").expect("a request builder");
    assert_eq!(t.kind, TableKind::Builder);
    t.rows.iter().map(|r| r.wire.as_str()).collect()
}

#[test]
fn connpay_preauth_request_builder() {
    let t = text(CONNPAY_PREAUTH);
    let im = imported(CONNPAY_PREAUTH);
    let builder = im.table("Request Builder").expect("a request builder");
    assert_eq!(
        (builder.heading.as_deref(), builder.location.line),
        (Some("Request Builder"), Some(650))
    );
    // "endpointid or groupid" names no parameter; the list ends at "String to sign".
    let names = builder_names(&im);
    assert_eq!(names.first(), Some(&"client_orderid"));
    assert_eq!(names.last(), Some(&"merchant_form_data"));
    assert_eq!(names.len(), 31);
    assert!(!names.contains(&"endpointid"));
    for r in &builder.rows {
        assert_eq!(r.necessity, Necessity::Unstated, "{}", r.wire);
        assert_eq!(line_at(&t, r), r.wire);
    }
    let form_data = row(&im, "Request Builder", "merchant_form_data");
    assert_eq!(
        form_data.location.to_string(),
        format!("{CONNPAY_PREAUTH} § Request Builder, row `merchant_form_data`")
    );
    assert_eq!(
        (form_data.location.line, &t[form_data.span.clone()]),
        (Some(693), "merchant_form_data")
    );
    // A note paragraph stays with the name before it, inside the row's span.
    let client = row(&im, "Request Builder", "client_orderid");
    assert_eq!(client.note, "make it or use internal invoice ID");
    assert_eq!(
        &t[client.span.clone()],
        "client_orderid\n\nmake it or use internal invoice ID"
    );
    let control = row(&im, "Request Builder", "merchant_control");
    assert_eq!(control.note, "input Control Key");
    assert_eq!(row(&im, "Request Builder", "order_desc").note, "");
    assert_eq!(builder.span.end, form_data.span.end);
}

#[test]
fn connpay_sale_request_builder() {
    let im = imported(CONNPAY_SALE);
    let names = builder_names(&im);
    assert_eq!(
        (names.first(), names.last(), names.len()),
        (Some(&"client_orderid"), Some(&"dapi_imei"), 32)
    );
    let rpi = row(&im, "Request Builder", "card_recurring_payment_id");
    assert_eq!(
        (rpi.note.as_str(), rpi.location.line),
        ("use either RPI or card number, not both", Some(725))
    );
    assert!(!names.contains(&"merchant_form_data"));
}

/// A request builder is no endpoint of a skeleton: its names stay a comment.
#[test]
fn a_skeleton_does_not_make_the_request_builder_an_endpoint() {
    let im = imported(CONNPAY_PREAUTH);
    let yaml = to_spec_yaml(&im);
    let g = lower_str(CONNPAY_PREAUTH, &yaml).unwrap_or_else(|e| panic!("{e:?}"));
    let paths: Vec<&str> = g.ops.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(paths, ["preauth"]);
    assert!(
        yaml.contains("# Not placed: `Request Builder` (the parameter names a request builder fills, not a parameter table)."),
        "{yaml}"
    );
    assert!(yaml.contains("#   merchant_form_data:"), "{yaml}");
    assert!(
        yaml.contains("#   merchant_control: input Control Key"),
        "{yaml}"
    );
}

#[test]
fn smoney_resources() {
    let im = imported(SMONEY);
    let amount = row(&im, "CardPayment", "Amount");
    assert_eq!(
        (&amount.necessity, amount.ty.as_deref()),
        (&Necessity::Required, Some("Long"))
    );
    assert_eq!(amount.location.line, Some(9));
    assert_eq!(row(&im, "CardPayment", "Id").necessity, Necessity::ReadOnly);
    assert_eq!(
        row(&im, "CardPayment", "Fee").necessity,
        Necessity::Optional
    );
    let city = row(&im, "ShipTo", "City");
    let cond = Necessity::Conditional("O*: Mandatory if AdresseType is not EDELIVERY".into());
    assert_eq!(city.necessity, cond);
    let email = row(&im, "Delivery", "email");
    assert!(
        matches!(&email.necessity, Necessity::Conditional(c) if c.starts_with("O*: Mandatory if ShipToAddressType"))
    );
    // PaymentDate has no flag in the document.
    let date = row(&im, "CardPayment", "PaymentDate");
    assert_eq!(date.necessity, Necessity::Unstated);
    assert!(im.issues.iter().any(|i| i.location.line == Some(162)));
    assert_eq!(row(&im, "ThreeDsOptData", "Homephone").max_length, Some(32));
    assert_eq!(row(&im, "ExtraResults", "ExecCode").max_length, Some(4));
    assert_eq!(row(&im, "Billing", "Address").max_length, Some(50));
    assert_eq!(
        row(&im, "CardPayment", "Status").values,
        ["-1", "0", "1", "2", "3", "4", "5", "6"]
    );
    assert_eq!(row(&im, "Card", "Network").values, ["-1", "1", "2", "3"]);
    let cards = &row(&im, "CardPayment", "availableCards").values;
    assert_eq!(
        cards,
        &["CB", "MASTERCARD", "MAESTRO", "VISA", "VISA_ELECTRON"]
    );
    assert_eq!(
        row(&im, "ThreeDsOptData", "ClientAuthMethod").values.len(),
        6
    );
    assert_eq!(
        row(&im, "Delivery", "timeframe").values,
        ["electronic", "sameday", "overnight", "longer"]
    );
    let names: Vec<&str> = im.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "CardPayment",
            "Card",
            "Beneficiary",
            "PayerInfo",
            "Extraparameters",
            "Billing",
            "ShipTo",
            "Delivery",
            "ClientScreen",
            "ThreeDsOptData",
            "GiftCard",
            "ExtraResults",
            "PaymentSchedule",
            "PaymentSchedule (2)",
        ]
    );
    let schedule = row(&im, "PaymentSchedule", "Amount");
    assert_eq!(
        (
            schedule.ty.as_deref(),
            schedule.note.as_str(),
            &schedule.necessity
        ),
        (Some("long"), "Example: 150", &Necessity::Unstated)
    );
    assert_eq!(
        row(&im, "PaymentSchedule (2)", "Period").location.line,
        Some(864)
    );
}

#[test]
fn every_skeleton_lowers_and_names_its_sources() {
    for doc in ALL {
        let im = imported(doc);
        let yaml = to_spec_yaml(&im);
        if let Err(e) = lower_str(doc, &yaml) {
            panic!("{doc}: the skeleton does not lower: {e:?}\n{yaml}");
        }
        let lines: Vec<&str> = yaml.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let item = l.trim_start().starts_with('"') || l.trim_start().starts_with("- {");
            // A block mapping's source is its first key; a one-line item's, inside it.
            let sourced = if l.trim_end().ends_with(':') {
                lines.get(i + 1).is_some_and(|n| {
                    let n = n.trim_start();
                    n.starts_with("source: ") || n.starts_with("reading: ")
                })
            } else {
                l.contains("source: ")
            };
            assert!(!item || sourced, "{doc}: no source: {l}");
        }
        let params = yaml.lines().filter(|l| l.contains("{ type: ")).count();
        assert!(params > 10, "{doc}: {params} fields");
    }
}

#[test]
fn skeletons_carry_the_document_facts() {
    let yaml = to_spec_yaml(&imported(COMNPAY));
    let token = yaml
        .lines()
        .find(|l| {
            l.contains("\"transactionRef\"")
                && l.contains("payment/tokenDebit, row `transactionRef`")
        })
        .expect("transactionRef of payment/tokenDebit");
    assert!(token.contains("min_length: 8, max_length: 40"), "{token}");
    assert!(yaml.contains("\"amount\": { type: amount,"));
    assert!(yaml.contains("\"customer\": { type: Customer,"));
    assert!(yaml.contains("\"startDate\": { type: date, format: yyyyMMddHHmmss,"));
    assert!(yaml.contains("variants:"));
    assert!(yaml.contains("code: \"2604\""));
    let yaml = to_spec_yaml(&imported(CONNPAY_SALE));
    assert!(
        yaml.contains("\"cvv2\": { type: string, required: true, min_length: 3, max_length: 4,")
    );
    assert!(yaml.contains("response: SaleResponse"));
    let yaml = to_spec_yaml(&imported(SMONEY));
    assert!(yaml.contains("\"Amount\": { type: amount, required: true,"));
    assert!(yaml.contains("\"resources\":"));
}

/// What every row read from `prefix` (a prefix of `doc`, read as `format`) must be: written
/// inside the prefix, its span's text starting with its name (containing it, for RST, whose
/// span is the table's row, and for a name recovered from the row's text, in any case), and
/// its location naming the document, the row, and (for a line-based document) a line of the
/// prefix.
fn rows_are_in_the_prefix(doc: &str, prefix: &str, lines: usize, format: Format, im: &Imported) {
    assert_eq!(im.document, doc);
    for table in &im.tables {
        for r in &table.rows {
            let at = || format!("{doc}: `{}` in the first {} bytes", r.wire, prefix.len());
            let span = prefix.get(r.span.clone());
            let span = span.unwrap_or_else(|| panic!("{}: span {:?} outside", at(), r.span));
            // RST: the span is the table's row. A row of a bullet list (`- chAccDate :
            // Account opening date`) keeps its bullet in its span.
            let named = if format == Format::PaynetRst {
                span.contains(&r.wire)
            } else {
                span.trim_start_matches(['-', '*', ' '])
                    .starts_with(&r.wire)
            };
            // A name the importer recovered from the row's text (`Email address |` read as
            // `email`) is reported as an issue at its line, and in the span in any case.
            if !named {
                let recovered = im.issues.iter().any(|i| {
                    i.location.line == r.location.line
                        && i.reason.contains(&format!("`{}`", r.wire))
                });
                let (text, wire) = (span.to_lowercase(), r.wire.to_lowercase());
                assert!(recovered && text.contains(&wire), "{}: span {span:?}", at());
            }
            assert_eq!(r.location.document, doc, "{}", at());
            assert_eq!(r.location.row.as_deref(), Some(r.wire.as_str()), "{}", at());
            if let Some(line) = r.location.line {
                assert!((1..=lines).contains(&line), "{}: line {line}", at());
            }
        }
    }
}

/// Every prefix of a document (cut at each character boundary) gives `Ok` or `Err`, never
/// a panic, and every row it reads lies inside it (`rows_are_in_the_prefix`); so does the
/// whole document read as each of the four forms. The skeleton of one prefix in 97 lowers. One test per document, so that the harness runs them in
/// parallel: this is the slow part of the suite (about a minute of CPU in a debug build).
fn every_prefix(doc: &str) {
    let t = text(doc);
    let own = detect(&t).expect("format");
    // Where each line after the first starts: a prefix has the lines starting before its end.
    let starts: Vec<usize> = t.match_indices('\n').map(|(i, _)| i + 1).collect();
    for (n, (at, _)) in t.char_indices().chain([(t.len(), ' ')]).enumerate() {
        let prefix = &t[..at];
        if prefix.ends_with('\n') || n % 97 == 0 {
            let _ = detect(prefix);
        }
        let Ok(im) = import(doc, prefix, own) else {
            continue;
        };
        let lines = 1 + starts.partition_point(|&s| s < at);
        rows_are_in_the_prefix(doc, prefix, lines, own, &im);
        if n % 97 == 0 {
            let yaml = to_spec_yaml(&im);
            if let Err(e) = lower_str(doc, &yaml) {
                panic!("{doc}: the skeleton of the first {at} bytes does not lower: {e:?}");
            }
        }
    }
    for f in [
        Format::ComnpayPipes,
        Format::PaynetText,
        Format::PaynetRst,
        Format::SmoneyResources,
    ] {
        if let Ok(im) = import(doc, &t, f) {
            let _ = to_spec_yaml(&im);
        }
    }
}

#[test]
fn every_prefix_of_000_reads_rows_inside_it() {
    every_prefix(COMNPAY);
}

#[test]
fn every_prefix_of_001_reads_rows_inside_it() {
    every_prefix(SMONEY);
}

#[test]
fn every_prefix_of_002_reads_rows_inside_it() {
    every_prefix(CONNPAY_SALE);
}

#[test]
fn every_prefix_of_003_reads_rows_inside_it() {
    every_prefix(PAYNETEASY_RST);
}

#[test]
fn every_prefix_of_004_reads_rows_inside_it() {
    every_prefix(CONNPAY_PREAUTH);
}

/// A xorshift generator from a fixed seed: the same garbage on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn garbage(seed: u64, len: usize, alphabet: &[&str]) -> String {
    let mut rng = Rng(seed);
    (0..len)
        .map(|_| alphabet[rng.below(alphabet.len())])
        .collect()
}

/// A document with lines dropped, repeated, swapped, cut short or spliced with `alphabet`.
fn mutated(doc: &str, seed: u64, alphabet: &[&str]) -> String {
    let mut rng = Rng(seed);
    let mut lines: Vec<String> = doc.lines().map(str::to_string).collect();
    for _ in 0..8 {
        let n = lines.len();
        let i = rng.below(n);
        match rng.below(5) {
            0 if n > 1 => {
                lines.remove(i);
            }
            1 => {
                let l = lines.get(i).cloned().unwrap_or_default();
                lines.insert(i, l);
            }
            2 => lines.swap(i, rng.below(n)),
            3 => {
                let l = lines.get(i).cloned().unwrap_or_default();
                let cut = l
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.below(l.chars().count() + 1));
                lines[i] = l[..cut.unwrap_or(l.len())].to_string();
            }
            _ => {
                let l = lines.get(i).cloned().unwrap_or_default();
                let at = l
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.below(l.chars().count() + 1));
                let at = at.unwrap_or(l.len());
                let token = alphabet[rng.below(alphabet.len())];
                lines[i] = format!("{}{token}{}", &l[..at], &l[at..]);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn garbage_does_not_panic() {
    let alphabet = [
        "|",
        "---|",
        "\n",
        " ",
        "-",
        "*",
        "`",
        ":",
        "..",
        "list-table::",
        ":code:",
        "``",
        "é",
        "’",
        "\u{a0}",
        "Necessity: ",
        "Type: ",
        "Length: ",
        "64k",
        "3-4",
        "Parameter",
        "Field",
        "Code",
        "Description",
        "Value",
        "Parameter Name",
        "PropertyTypeMandatoryDescription",
        "PropertyTypeExampleDescription",
        "O*",
        "/",
        "O",
        "N",
        "https://x.y/rest/a/b",
        "/api/v2/",
        "^^^^",
        "\"\"\"\"",
        "{ \"k\": 1 }",
        "(optional)",
        "Min length ",
        "Max length ",
        "9",
        "99999999999999999999999",
        "alias ",
        ",",
        "Mandatory if",
        "sent in JSON",
        "- \"01\" : x",
        "- a : b",
        "0 = x",
        "Possible values",
        "(",
        ")",
        "Long",
        "String(max 3)",
        "\r",
        "\t",
        "Format yyyyMMdd",
        "k",
        "\u{1F600}",
        "\u{0}",
        "\u{FEFF}",
    ];
    let formats = [
        Format::ComnpayPipes,
        Format::PaynetText,
        Format::PaynetRst,
        Format::SmoneyResources,
    ];
    for seed in 1..400u64 {
        let g = garbage(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1, 300, &alphabet);
        let _ = detect(&g);
        for f in formats {
            if let Ok(im) = import("garbage.txt", &g, f) {
                let yaml = to_spec_yaml(&im);
                if let Err(e) = lower_str("garbage.yaml", &yaml) {
                    panic!("seed {seed}, {f:?}: {e:?}\n{g:?}\n{yaml}");
                }
            }
        }
    }
    let mut read = 0;
    for doc in ALL {
        let t = text(doc);
        let own = detect(&t).expect("format");
        for seed in 1..60u64 {
            let m = mutated(&t, seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1, &alphabet);
            if let Ok(im) = import(doc, &m, own) {
                read += 1;
                let yaml = to_spec_yaml(&im);
                if let Err(e) = lower_str(doc, &yaml) {
                    let line = e.0.first().map_or(1, |e| e.pos.line);
                    let context: Vec<&str> =
                        yaml.lines().skip(line.saturating_sub(6)).take(8).collect();
                    panic!(
                        "{doc}, mutation {seed}: the skeleton does not lower: {e}\n{}",
                        context.join("\n")
                    );
                }
            }
        }
    }
    assert!(read > 150, "only {read} mutated documents were read");
    for f in formats {
        assert!(import("empty.txt", "", f).is_err());
        let e = import("x.txt", "nothing here", f).expect_err("no tables");
        assert!(e.to_string().starts_with("x.txt: "), "{e}");
    }
}

#[test]
fn small_documents_show_the_rules() {
    let comnpay = "Title\nhttps://h.example/rest/a/b\nParameter | Description | Comments |\n---|---|---|\nref | Reference | Min length 2 / Max length 9 |\n\
                   https://h.example/rest/a_b\nParameter | Description | Comments |\n---|---|---|\nref | Reference | (optional) |\n\
                   Orphans\nParameter | Description | Comments |\n---|---|---|\nx | Mandatory | |\n";
    assert_eq!(detect(comnpay), Some(Format::ComnpayPipes));
    let im = import("c.txt", comnpay, Format::ComnpayPipes).expect("read");
    let r = row(&im, "a/b", "ref");
    assert_eq!(
        (r.min_length, r.max_length, &r.necessity),
        (Some(2), Some(9), &Necessity::Required)
    );
    assert_eq!(row(&im, "a_b", "ref").necessity, Necessity::Optional);
    // A table with no URL above it is named after its heading, and said so.
    assert_eq!(row(&im, "Orphans", "x").necessity, Necessity::Required);
    assert!(im
        .issues
        .iter()
        .any(|i| i.location.line == Some(11) && i.reason.contains("no endpoint URL")));
    // `a/b` and `a_b` would both be `AB`: the skeleton numbers the second.
    if let Err(e) = lower_str("c.yaml", &to_spec_yaml(&im)) {
        panic!("{e:?}");
    }

    let paynet = "/api/v2/pay\n\nRequest Parameters\n\nParameter Name\n\nDescription\n\nValue\n\n\
                  one\n\nFirst.\n\nNecessity: Required\nType: String\nLength: 12x\n";
    assert_eq!(detect(paynet), Some(Format::PaynetText));
    let im = import("p.txt", paynet, Format::PaynetText).expect("read");
    assert_eq!(row(&im, "pay", "one").max_length, None);
    assert!(im
        .issues
        .iter()
        .any(|i| i.location.line == Some(17) && i.text == "12x"));

    let smoney = "Thing\n\nPropertyTypeMandatoryDescription\n\nA\n\nInt\n\nO*\n\nSome text.\nMandatory if\nB is set\n\nC\n\nString\n(7)\n\nNo flag here\n";
    assert_eq!(detect(smoney), Some(Format::SmoneyResources));
    let im = import("s.txt", smoney, Format::SmoneyResources).expect("read");
    assert_eq!(
        row(&im, "Thing", "A").necessity,
        Necessity::Conditional("O*: Mandatory if B is set".into())
    );
    let c = row(&im, "Thing", "C");
    assert_eq!(
        (c.max_length, &c.necessity, c.description.as_str()),
        (Some(7), &Necessity::Unstated, "No flag here")
    );
    assert!(im.issues.iter().any(|i| i.location.line == Some(15)));
}
