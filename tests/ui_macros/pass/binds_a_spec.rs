// A valid spec binds, in a crate that depends on paybind alone, and its request prepares.
mod wallet {
    paybind::gateway!("tests/macros/acme_json.yaml");
}

use wallet::{Client, CreateTransfer, Credentials, Environment};

fn main() {
    let client = Client::new(Environment::Sandbox, Credentials::new("tok")).unwrap();
    let transfer = CreateTransfer::builder()
        .from("W-1")
        .to("W-2")
        .amount(2500)
        .currency("EUR")
        .build();
    let prepared = client.prepare(&transfer).unwrap();
    let body = prepared.body_text();
    assert_eq!(
        body,
        r#"{"from":"W-1","to":"W-2","amount":2500,"currency":"EUR"}"#
    );
}
