// An "exactly one of" rule is a choice in the builder's type: an order pays by card, by
// wallet or by IBAN, and without any of them it has no `build`.
mod acme {
    paybind::gateway!("codegen/tests/specs/rules.yaml");
}

fn main() {
    let _order = acme::Order::builder()
        .order_ref("ORDER-1")
        .method(acme::Method::Card)
        .build();
}
