// A gateway bound with `gateway!` gets the same literal checks: rules.yaml gives `country`
// exactly two characters.
mod acme {
    paybind::gateway!("codegen/tests/specs/rules.yaml");
}

fn main() {
    let _country = paybind::literal!(acme::Order::COUNTRY, "FRA");
}
