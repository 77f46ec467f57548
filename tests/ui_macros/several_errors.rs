// Three problems in one spec: three errors, each with its line: a compile error at the macro call, naming the spec's file:line:col and key path.
mod shop {
    paybind::gateway!("tests/ui_macros/specs/several_errors.yaml");
}

fn main() {}
