//! What third-party tools found when they judged the simulator against the OpenAPI exports
//! (openapi/, checked by schemathesis in `.ci/openapi.sh`), each kept as a regression test:
//! the simulator answers in the media types the export declares.

use paybind::sim::{Config, Simulator};
use serde_json::Value;

/// The media types the ComNpay export declares for an operation's 200 answer.
fn declared(path: &str) -> Vec<String> {
    let text = include_str!("../../openapi/comnpay.json");
    let doc: Value = serde_json::from_str(text).expect("the export is JSON");
    doc["paths"][path]["post"]["responses"]["200"]["content"]
        .as_object()
        .expect("a 200 answer")
        .keys()
        .cloned()
        .collect()
}

async fn post(url: &str, form: &[(&str, &str)]) -> (String, String) {
    let answer = reqwest::Client::new()
        .post(url)
        .form(form)
        .send()
        .await
        .expect("answered");
    let media = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (media, answer.text().await.expect("a body"))
}

/// The document says a receipt's "Return: character string (HTML text, or file encoded in
/// base 64 for PDF)": the simulator sent it labelled application/json, which no JSON reader
/// could read (schemathesis: ST109). A receipt is now text; its refusal stays JSON.
#[tokio::test]
async fn a_receipt_is_text_and_its_refusal_json() {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let base = sim.comnpay_base_url();
    let creds = [
        ("serialNumber", config.comnpay_serial_number.as_str()),
        ("key", config.comnpay_key.as_str()),
    ];
    let card = [
        ("cardType", "CB"),
        ("cardNumber", "4970100000000003"),
        ("cardExpirationDate", "3012"),
        ("cvv", "123"),
        ("origin", "https://shop.example"),
    ];
    let (_, token) = post(
        &format!("{base}/token/create"),
        &[&creds[..1], &card].concat(),
    )
    .await;
    let token: Value = serde_json::from_str(&token).expect("JSON");
    let token = token["token"]["tokenRef"]
        .as_str()
        .expect("a token")
        .to_string();
    let debit = [
        ("tokenRef", token.as_str()),
        ("transactionRef", "RECEIPT-01"),
        ("amount", "100"),
    ];
    let (_, paid) = post(
        &format!("{base}/payment/tokenDebit"),
        &[&creds[..], &debit].concat(),
    )
    .await;
    assert!(paid.contains("\"ok\":1"), "{paid}");
    for path in ["/receipt/getHtml", "/receipt/getPdfBase64"] {
        let url = format!("{base}{path}");
        let known = [&creds[..], &[("transactionRef", "RECEIPT-01")]].concat();
        let (media, body) = post(&url, &known).await;
        assert!(media.starts_with("text/plain"), "{path}: {media}");
        assert!(
            serde_json::from_str::<Value>(&body).is_err(),
            "{path}: text, not JSON"
        );
        assert!(declared(path).iter().any(|d| media.starts_with(d.as_str())));
        let unknown = [&creds[..], &[("transactionRef", "UNKNOWN-01")]].concat();
        let (media, body) = post(&url, &unknown).await;
        assert!(media.starts_with("application/json"), "{path}: {media}");
        let refusal: Value = serde_json::from_str(&body).expect("a JSON refusal");
        assert_eq!(
            refusal["responseCode"], "214",
            "{path}: the document's Transaction unknown"
        );
        assert!(declared(path).iter().any(|d| media.starts_with(d.as_str())));
    }
}
