// A spec that is not there: the error names the path it was looked for at.
mod shop {
    paybind::gateway!("tests/ui_macros/specs/no_such_spec.yaml");
}

fn main() {}
