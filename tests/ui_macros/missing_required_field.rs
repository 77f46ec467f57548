// A gateway bound with `gateway!` has the bundled gateways' typestate builders: a request
// without one of its required fields (cardToken) has no `build`.
mod checkout {
    paybind::gateway!("tests/macros/acme_form.yaml");
}

fn main() {
    let _pay = checkout::Pay::builder()
        .order_ref("ORDER-42")
        .amount(paybind::Money::parse("10.42", "EUR").unwrap())
        .build();
}
