// A parameter of a type the spec does not define: a compile error at the macro call, naming the spec's file:line:col and key path.
mod shop {
    paybind::gateway!("tests/ui_macros/specs/dangling_type.yaml");
}

fn main() {}
