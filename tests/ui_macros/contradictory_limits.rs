// A field of at least 10 and at most 5 characters: a compile error at the macro call, naming the spec's file:line:col and key path.
mod shop {
    paybind::gateway!("tests/ui_macros/specs/contradictory_limits.yaml");
}

fn main() {}
