// Each side of an "exactly one of" choice builds on its own.
mod acme {
    paybind::gateway!("codegen/tests/specs/rules.yaml");
}

use acme::{Method, Order};

fn main() {
    let by_wallet = Order::builder()
        .order_ref("ORDER-1")
        .method(Method::Card)
        .wallet_id("W-1")
        .customer_id("C-42")
        .country("FR")
        .build();
    assert_eq!(by_wallet.validate(), Ok(()));
    let by_iban = Order::builder()
        .order_ref("ORDER-2")
        .method(Method::Sepa)
        .iban("FR7630006000011234567890189")
        .bic("AGRIFRPP")
        .customer_id("C-42")
        .country("FR")
        .build();
    assert_eq!(by_iban.validate(), Ok(()));
}
