//! The OpenAPI exports (`paybind spec export --openapi`): the committed copies in openapi/
//! match what the exporter makes of spec/ today, the output is deterministic, every
//! extension it writes is documented, and what the exports say is what the provider
//! documents say (return codes, limits, each brand's own limits), read here from the
//! documents' text, not from the spec.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use paybind_codegen::export::{self, ExportError, EXTENSIONS};
use paybind_codegen::import::find_seeds;
use serde_json::Value;

const REFRESH: &str =
    "cargo run --features cli --bin paybind -- spec export --openapi --out openapi spec/*.yaml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn seed(name: &str) -> String {
    let dir: PathBuf = find_seeds(root()).expect("shared/seeds beside the repository");
    std::fs::read_to_string(dir.join(name)).expect("read the seed")
}

fn gateway(id: &str) -> paybind_codegen::ir::Gateway {
    let path = root().join("spec").join(format!("{id}.yaml"));
    let text = std::fs::read_to_string(&path).expect("read spec");
    paybind_codegen::lower_str(&path.display().to_string(), &text).expect("the spec lowers")
}

/// The export of a gateway (one brand), parsed.
fn exported(id: &str, brand: Option<&str>) -> Value {
    let text = export::openapi_text(&gateway(id), brand).expect("export");
    serde_json::from_str(&text).expect("the export is JSON")
}

#[test]
fn the_committed_exports_match_the_specs() {
    let specs = paybind_codegen::spec_files(&root().join("spec")).expect("list spec/");
    let mut expected = BTreeSet::new();
    for spec in specs {
        let id = spec
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        for (name, fresh) in export::all(&gateway(&id)).expect("export") {
            let path = root().join("openapi").join(&name);
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                fresh == committed,
                "{} has drifted from {}; refresh it with:\n\n    {REFRESH}\n",
                path.display(),
                spec.display()
            );
            expected.insert(name);
        }
    }
    let present: BTreeSet<String> = std::fs::read_dir(root().join("openapi"))
        .expect("list openapi/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(present, expected, "openapi/ holds an export no spec makes");
}

#[test]
fn the_export_is_deterministic() {
    let g = gateway("comnpay");
    let a = export::openapi_text(&g, None).expect("export");
    let b = export::openapi_text(&g, None).expect("export");
    assert_eq!(a, b);
}

fn extension_keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k.starts_with("x-paybind-") {
                    out.insert(k.clone());
                }
                extension_keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| extension_keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_extension_written_is_documented() {
    let mut used = BTreeSet::new();
    for (id, brand) in [
        ("comnpay", None),
        ("payneteasy", Some("connpay")),
        ("smoney", None),
    ] {
        extension_keys(&exported(id, brand), &mut used);
    }
    let documented: BTreeSet<String> = EXTENSIONS.iter().map(|(k, _)| k.to_string()).collect();
    let undocumented: Vec<&String> = used.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "undocumented extensions: {undocumented:?}"
    );
    assert!(used.contains("x-paybind-provenance") && used.contains("x-paybind-signature"));
}

/// The return-code rows of the ComNpay document: `207 | Card refused |`.
fn seed_codes() -> Vec<(String, String)> {
    let text = seed("000_0314d75137e75338.txt");
    let table = &text[text.find("Return codes").expect("the return code table")..];
    table
        .lines()
        .filter_map(|l| {
            let mut cells = l.split(" | ");
            let code = cells.next()?.trim();
            let doc = cells.next()?.trim().trim_end_matches('|').trim();
            code.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| (code.to_string(), doc.to_string()))
        })
        .filter(|(c, _)| !c.is_empty())
        .collect()
}

#[test]
fn comnpay_return_codes_are_the_documents() {
    let doc = exported("comnpay", None);
    let codes = doc["components"]["schemas"]["ReturnCode"]["x-paybind-codes"]
        .as_array()
        .expect("the codes");
    let rows = seed_codes();
    assert!(rows.len() > 200, "the table was read ({} rows)", rows.len());
    for (code, text) in rows {
        let found = codes.iter().find(|c| c["code"] == code.as_str());
        let found = found.unwrap_or_else(|| panic!("code {code} ({text}) is not exported"));
        assert!(found["category"].is_string(), "code {code} has a category");
        assert_eq!(found["description"], text.as_str(), "code {code}");
    }
}

/// The schema of one request parameter, in the request body component of an operation.
fn body_field<'d>(doc: &'d Value, path: &str, field: &str) -> &'d Value {
    let op = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .find(|(p, _)| p.starts_with(path))
        .map(|(_, item)| &item["post"])
        .unwrap_or_else(|| panic!("no path {path}"));
    let reference = op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
        ["$ref"]
        .as_str()
        .expect("a body schema");
    let name = reference.rsplit('/').next().expect("a name");
    &doc["components"]["schemas"][name]["properties"][field]
}

#[test]
fn comnpay_limits_are_the_documents() {
    let text = seed("000_0314d75137e75338.txt");
    let row = text
        .lines()
        .skip_while(|l| !l.contains("rest/alias/find"))
        .find(|l| l.starts_with("aliasRef |"))
        .expect("alias/find's aliasRef row");
    let max: u64 = row
        .split("Maximum length ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next()?.parse().ok())
        .expect("a length");
    let doc = exported("comnpay", None);
    let field = body_field(&doc, "/alias/find", "aliasRef");
    assert_eq!(field["maxLength"], max);
    assert_eq!(field["type"], "string");
    let card = body_field(&doc, "/token/create", "cardNumber");
    assert_eq!(card["x-paybind-sensitive"], "card_number");
    assert_eq!(
        body_field(&doc, "/token/create", "serialNumber")["x-paybind-credential"],
        true
    );
}

/// `address1`'s length in the ConnPay text (002: a `Length: N` line after the name) and in
/// the PaynetEasy reStructuredText (003: ``Length``: N in its row).
fn address1_lengths() -> (u64, u64) {
    let connpay = seed("002_533efdf5ff50f3f7.txt");
    let after = &connpay[connpay.find("\naddress1\n").expect("002's address1")..];
    let line = after
        .lines()
        .find(|l| l.starts_with("Length:"))
        .expect("a length");
    let connpay: u64 = line["Length:".len()..].trim().parse().expect("a number");
    let paynet = seed("003_86258bf917671082.txt");
    let after = &paynet[paynet.find(":code:`address1`").expect("003's address1")..];
    let len = after.split("``Length``: ").nth(1).expect("a length");
    let paynet: u64 = len
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("n");
    (connpay, paynet)
}

#[test]
fn each_brand_has_its_own_documents_limits() {
    let (connpay, paynet) = address1_lengths();
    assert_ne!(connpay, paynet, "the documents differ here (INDEX.md)");
    let c = exported("payneteasy", Some("connpay"));
    let p = exported("payneteasy", Some("payneteasy"));
    assert_eq!(body_field(&c, "/sale/", "address1")["maxLength"], connpay);
    assert_eq!(body_field(&p, "/sale/", "address1")["maxLength"], paynet);
    assert_eq!(c["x-paybind-brand"]["id"], "connpay");
    let host = |d: &Value| {
        d["servers"][0]["url"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(host(&c).contains("connpay") && host(&p).contains("payneteasy"));
}

#[test]
fn a_bad_brand_is_refused_naming_the_option() {
    let g = gateway("payneteasy");
    let e = export::openapi(&g, Some("acme")).expect_err("no such brand");
    assert!(matches!(e, ExportError::UnknownBrand { .. }));
    let text = e.to_string();
    assert!(
        text.starts_with("--brand:") && text.contains("connpay"),
        "{text}"
    );
    let e = export::openapi(&g, None).expect_err("a brand is needed");
    assert!(e.to_string().starts_with("--brand:"), "{e}");
    let e = export::openapi(&gateway("smoney"), Some("connpay")).expect_err("no brands");
    assert!(e.to_string().contains("no brands"), "{e}");
}

/// The endpoint paths a spec declares, read from its text: the keys two spaces in under
/// `endpoints:`.
fn spec_endpoints(id: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(root().join("spec").join(format!("{id}.yaml"))).expect("spec");
    text.lines()
        .skip_while(|l| *l != "endpoints:")
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' ') || l.starts_with('#'))
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.trim_end().ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':').trim_matches('"').to_string())
        .collect()
}

#[test]
fn every_endpoint_is_exported_with_its_servers() {
    for (id, brand) in [
        ("comnpay", None),
        ("payneteasy", Some("payneteasy")),
        ("smoney", None),
    ] {
        let doc = exported(id, brand);
        let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
        let endpoints = spec_endpoints(id);
        assert!(endpoints.len() >= 3, "{id}: the endpoints were read");
        for e in endpoints {
            let want = format!("/{e}");
            assert!(
                paths.iter().any(|p| **p == want
                    || p.starts_with(&format!("{want}/{{"))
                    || p.starts_with(&format!("{want}/group/"))),
                "{id}: {want} is not exported"
            );
        }
        assert!(
            doc["servers"].as_array().is_some_and(|s| s.len() >= 2),
            "{id}: servers"
        );
    }
}

#[test]
fn smoney_bearer_is_a_security_scheme_and_partner_a_path_parameter() {
    let doc = exported("smoney", None);
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"][0]["token"], serde_json::json!([]));
    let op = &doc["paths"]["/api/{partner}/payins/cardpayments"]["post"];
    let partner = &op["parameters"][0];
    assert_eq!(
        (partner["name"].as_str(), partner["in"].as_str()),
        (Some("partner"), Some("path"))
    );
    let media = op["requestBody"]["content"].as_object().expect("content");
    assert!(media.contains_key("application/vnd.s-money.v3+json"));
}

// What the third-party checks (.ci/openapi.sh) found in the exports, kept as regression tests.

/// The refusal's keys as the spec writes them (`refusal:` `when.field`, `code`, `message`),
/// read from the spec's text.
fn spec_refusal_keys(id: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(root().join("spec").join(format!("{id}.yaml"))).expect("spec");
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim() != "refusal:")
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .collect();
    let value = |key: &str| {
        block
            .iter()
            .find_map(|l| l.trim().strip_prefix(key))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("{id}: refusal {key}"))
    };
    let when = value("when:");
    let field = when
        .split("field:")
        .nth(1)
        .expect("when.field")
        .split([',', '}'])
        .next();
    vec![
        field.expect("a field").trim().to_string(),
        value("code:"),
        value("message:"),
    ]
}

/// S-money answers are read without regard to case, and the refusal schema named its keys
/// as the reader does (`code`, `errormessage`): schemathesis found every real refusal
/// (`{"Code":1001,"ErrorMessage":...}`) breaking it (ST108).
#[test]
fn the_refusal_names_its_keys_as_the_wire_does() {
    for id in ["smoney", "comnpay"] {
        let doc = exported(id, None);
        let refusal = &doc["components"]["schemas"]["Refusal"];
        let keys = spec_refusal_keys(id);
        for key in &keys {
            assert!(
                refusal["properties"].get(key).is_some(),
                "{id}: {key} in {refusal}"
            );
        }
        assert_eq!(refusal["required"], serde_json::json!([keys[0]]), "{id}");
        assert_eq!(
            refusal["x-paybind-refusal"]["code"],
            keys[1].as_str(),
            "{id}"
        );
    }
    // ComNpay's refusal code is one of its return codes, whose table the export carries.
    let doc = exported("comnpay", None);
    let code = &doc["components"]["schemas"]["Refusal"]["properties"]["responseCode"];
    assert_eq!(code["$ref"], "#/components/schemas/ReturnCode");
}

/// A joined list's pattern: the spec sets no least number of values, and the simulator
/// echoes an empty `availableCards` back (schemathesis, ST108 on the answer).
#[test]
fn a_joined_list_may_be_empty_and_holds_only_documented_values() {
    let doc = exported("smoney", None);
    let schemas = &doc["components"]["schemas"];
    let field = &schemas["CreateCardPayment"]["properties"]["availableCards"];
    let of = field["x-paybind-values-of"]
        .as_str()
        .expect("the enumeration");
    let values: Vec<&str> = schemas[of]["enum"]
        .as_array()
        .expect("values")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(values.len() >= 2, "{of}: {values:?}");
    let sep = field["x-paybind-separator"].as_str().expect("separator");
    let pattern = regex::Regex::new(field["pattern"].as_str().expect("pattern")).expect("regex");
    let two = format!("{}{sep}{}", values[0], values[1]);
    for ok in ["", values[0], two.as_str()] {
        assert!(pattern.is_match(ok), "{ok:?} is a list of {of}");
    }
    let trailing = format!("{}{sep}", values[0]);
    let unknown = format!("{}X", values[0]);
    for bad in [trailing.as_str(), sep, unknown.as_str()] {
        assert!(!pattern.is_match(bad), "{bad:?} is not a list of {of}");
    }
}

/// PaynetEasy answers in form pairs ("All fields are x-www-form-urlencoded", the documents'
/// response format): every answer value is text, whatever it means.
#[test]
fn a_line_answer_is_text() {
    let doc = exported("payneteasy", Some("payneteasy"));
    let media = "text/html";
    let answers: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .filter_map(|item| {
            item["post"]["responses"]["200"]["content"][media]["schema"]["anyOf"][0]["$ref"]
                .as_str()
        })
        .collect();
    assert!(!answers.is_empty(), "the answers are {media}");
    for reference in answers {
        let name = reference.rsplit('/').next().expect("name");
        let props = doc["components"]["schemas"][name]["properties"]
            .as_object()
            .expect("props");
        for (key, schema) in props {
            let text = schema["type"] == "string" || schema.get("$ref").is_some();
            assert!(text, "{name}.{key} is text on the wire: {schema}");
        }
    }
}

/// A rule naming a field one brand's documents lack (notify_url: only 003, PaynetEasy) is
/// not that brand's: schemathesis could not draw ConnPay's sale body with it.
#[test]
fn a_brand_has_only_the_rules_of_its_fields() {
    assert!(!seed("002_533efdf5ff50f3f7.txt").contains("notify_url"));
    assert!(seed("003_86258bf917671082.txt").contains("notify_url"));
    let rules = |brand: &str| {
        let doc = exported("payneteasy", Some(brand));
        doc["components"]["schemas"]["Sale"]["x-paybind-rules"].to_string()
    };
    assert!(!rules("connpay").contains("notify_url"));
    assert!(rules("payneteasy").contains("notify_url"));
}
