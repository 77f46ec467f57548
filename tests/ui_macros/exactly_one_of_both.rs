// An "exactly one of" rule is a choice in the builder's type: once the card is set, a
// wallet cannot be.
mod acme {
    paybind::gateway!("codegen/tests/specs/rules.yaml");
}

fn main() {
    let _order = acme::Order::builder()
        .order_ref("ORDER-1")
        .method(acme::Method::Card)
        .card_number("4970101122334455")
        .wallet_id("W-1")
        .build();
}
