// The macro takes the spec's path as one string literal.
mod shop {
    paybind::gateway!(tests / shop.yaml);
}

fn main() {}
