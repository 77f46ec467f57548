// A key the spec language does not have (max_lenght): a compile error at the macro call, naming the spec's file:line:col and key path.
mod shop {
    paybind::gateway!("tests/ui_macros/specs/unknown_key.yaml");
}

fn main() {}
