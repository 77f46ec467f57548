//! Rust names for wire names: snake_case fields and methods, UpperCamelCase types.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// The snake_case Rust name of a wire name; keywords get a trailing underscore.
pub fn snake(wire: &str) -> String {
    let mut s = wire.replace(['/', '-', '.'], "_").to_snake_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    if is_keyword(&s) {
        format!("{s}_")
    } else {
        s
    }
}

/// The UpperCamelCase Rust name of a wire name.
pub fn camel(wire: &str) -> String {
    wire.replace(['/', '-'], "_").to_upper_camel_case()
}

/// A plain identifier: an ASCII letter, then letters, digits and underscores; no keyword.
pub fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic())
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(s)
}

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}
