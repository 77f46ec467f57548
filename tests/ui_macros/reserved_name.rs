// A spec type named like an item every gateway module has (`Client`): a compile error at the macro call, naming the spec's file:line:col and the clash, rather than rustc's "defined multiple times".
mod shop {
    paybind::gateway!("tests/ui_macros/specs/reserved_name.yaml");
}

fn main() {}
