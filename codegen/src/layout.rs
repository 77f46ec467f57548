//! Lays out what `prettyplease` leaves as running text: the bodies of the runtime's table
//! macros. A `::paybind::builder_states!` body is written one slot and one state per line,
//! so that a reader sees each state's row under the slots it fills (a
//! `::paybind::builder_values!` body, one slot per line); a
//! `::paybind::wire_enum!` or `::paybind::return_codes!` body one doc line, its header, and
//! one row (ending in `;`) per line.

use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

const LISTS: [&str; 2] = [
    "::paybind::builder_states! {",
    "::paybind::builder_values! {",
];
const ROWS: [&str; 3] = [
    "::paybind::wire_enum! {",
    "::paybind::return_codes! {",
    "::paybind::required_traits! {",
];

/// `text` with each table macro's body laid out; everything else unchanged.
pub(crate) fn tables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let open = line.trim_start();
        let states = LISTS.contains(&open);
        if !states && !ROWS.contains(&open) {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != close).collect();
        let body = body.join(" ");
        out.push_str(&if states {
            body_lines(&body, indent)
        } else {
            row_lines(&body, indent)
        });
        out.push_str(&close);
        out.push('\n');
    }
    out
}

/// The body's docs, slot list and rows, one per line; the body as it was if it does not
/// read as one.
fn body_lines(body: &str, indent: &str) -> String {
    let inner = format!("{indent}    ");
    let Ok(tokens) = TokenStream::from_str(body) else {
        return format!("{inner}{body}\n");
    };
    let mut out = String::new();
    let mut line = String::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(t) = tokens.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                out.push_str(&attr_line(&mut tokens, &inner))
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket && line.is_empty() => {
                if g.stream().is_empty() {
                    out.push_str(&format!("{inner}[]\n"));
                    continue;
                }
                out.push_str(&format!("{inner}[\n"));
                for slot in entries(g.stream()) {
                    let slot: Vec<TokenTree> = slot.into_iter().collect();
                    out.push_str(&format!("{inner}    {},\n", spaced(&slot)));
                }
                out.push_str(&format!("{inner}]\n"));
            }
            TokenTree::Ident(i) => line = i.to_string(),
            TokenTree::Group(g) => {
                let row: Vec<String> = entries(g.stream()).iter().map(tight).collect();
                out.push_str(&format!("{inner}{line} [{}]\n", row.join(", ")));
                line.clear();
            }
            other => out.push_str(&format!("{inner}{other}\n")),
        }
    }
    out
}

/// A row macro's body: its docs, then its header and a block of one row per line (each
/// row's docs on their own lines), or its rows alone; the body as it was if it does not
/// read as one.
fn row_lines(body: &str, indent: &str) -> String {
    let inner = format!("{indent}    ");
    match TokenStream::from_str(body) {
        Ok(tokens) => rows(tokens, &inner),
        Err(_) => format!("{inner}{body}\n"),
    }
}

/// Rows, each ending in `;` (or a header before a `{ … }` block of rows), each on its line
/// after its docs (a row's attributes come before its first token).
fn rows(tokens: TokenStream, indent: &str) -> String {
    let mut out = String::new();
    let mut row = Vec::new();
    let mut tokens = tokens.into_iter();
    while let Some(t) = tokens.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                out.push_str(&attr_line(&mut tokens, indent))
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                out.push_str(&format!("{indent}{} {{\n", spaced(&row)));
                out.push_str(&rows(g.stream(), &format!("{indent}    ")));
                out.push_str(&format!("{indent}}}\n"));
                row.clear();
            }
            TokenTree::Punct(p) if p.as_char() == ';' => {
                out.push_str(&format!("{indent}{};\n", spaced(&row)));
                row.clear();
            }
            other => row.push(other),
        }
    }
    if !row.is_empty() {
        out.push_str(&format!("{indent}{}\n", spaced(&row)));
    }
    out
}

/// The line of the attribute after a `#`: `/// text` for a doc.
fn attr_line(tokens: &mut impl Iterator<Item = TokenTree>, indent: &str) -> String {
    match tokens.next() {
        Some(TokenTree::Group(attr)) => format!("{indent}{}\n", doc_line(&attr.stream())),
        _ => String::new(),
    }
}

/// A row as written by hand: its parts (between the separators `=`, `:` and `,` that stand
/// alone) tight, each separator followed by one space, `=` preceded by one.
fn spaced(tokens: &[TokenTree]) -> String {
    let mut s = String::new();
    let mut part = TokenStream::new();
    let mut joint_colon = false;
    for t in tokens {
        let separator = match t {
            TokenTree::Punct(p) if p.spacing() == Spacing::Alone && !joint_colon => {
                matches!(p.as_char(), '=' | ':' | ',').then_some(p.as_char())
            }
            _ => None,
        };
        joint_colon =
            matches!(t, TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint);
        match separator {
            Some(c) => {
                s.push_str(&part_text(&std::mem::take(&mut part)));
                s.push_str(if c == '=' {
                    " = "
                } else if c == ':' {
                    ": "
                } else {
                    ", "
                });
            }
            None => part.extend([t.clone()]),
        }
    }
    s.push_str(&part_text(&part));
    s
}

/// A part of a row: a literal as written, anything else tight.
fn part_text(part: &TokenStream) -> String {
    let mut tokens = part.clone().into_iter();
    match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Literal(l)), None) => l.to_string(),
        _ => tight(part),
    }
}

/// `/// text` for `doc = " text"`; the attribute as written otherwise.
fn doc_line(attr: &TokenStream) -> String {
    let text = attr.to_string();
    if text == "doc = \"\"" {
        return "///".to_string();
    }
    text.strip_prefix("doc = \" ")
        .and_then(|t| t.strip_suffix('"'))
        .filter(|t| !t.contains(['\\', '"']))
        .map_or_else(|| format!("#[{text}]"), |t| format!("/// {t}"))
}

/// A list's entries, split at its commas outside `<…>`.
fn entries(list: TokenStream) -> Vec<TokenStream> {
    let (mut out, mut cur, mut depth) = (Vec::new(), TokenStream::new(), 0usize);
    for t in list {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' && depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth = depth.saturating_sub(1),
            _ => {}
        }
        cur.extend([t]);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Tokens as a person writes a type: no space around `::`, `<` and `>`, one after `,` and
/// `;`.
fn tight(tokens: &TokenStream) -> String {
    let mut s = tokens.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        (" ;", ";"),
    ] {
        s = s.replace(from, to);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::tables;

    /// What prettyplease writes for a macro body: running text.
    fn running(open: &str, body: &str) -> String {
        format!("fn f() {{}}\n{open}\n    {body}\n}}\nfn g() {{}}\n")
    }

    #[test]
    fn an_enum_table_is_laid_out_one_row_per_line_with_its_literals_untouched() {
        let text = running(
            "::paybind::wire_enum! {",
            r#"#[doc = " A kind."] #[doc = ""] Kind as text { #[doc = " Its own source."] A = "a" : "x : y, z" ; B = "b < c" : "d" ; }"#,
        );
        let expected = "fn f() {}\n::paybind::wire_enum! {\n    /// A kind.\n    ///\n    Kind as text {\n        /// Its own source.\n        A = \"a\": \"x : y, z\";\n        B = \"b < c\": \"d\";\n    }\n}\nfn g() {}\n";
        assert_eq!(tables(&text), expected);
    }

    #[test]
    fn a_row_of_types_is_written_tight() {
        let text = running(
            "::paybind::required_traits! {",
            r#"ANeedsB : :: paybind :: Sensitive = "m", "l", "n" ; ANeedsC : Vec < super :: C > = "m2", "l2", "n2" ; ANeedsD : (u8 , [u8 ; 2]) = "m3", "l3", "n3" ;"#,
        );
        let out = tables(&text);
        assert!(
            out.contains("\n    ANeedsB: ::paybind::Sensitive = \"m\", \"l\", \"n\";\n"),
            "{out}"
        );
        assert!(
            out.contains("\n    ANeedsC: Vec<super::C> = \"m2\", \"l2\", \"n2\";\n"),
            "{out}"
        );
        // A group in a row (not a block's braces) stays in the row.
        assert!(
            out.contains("\n    ANeedsD: (u8, [u8; 2]) = \"m3\", \"l3\", \"n3\";\n"),
            "{out}"
        );
    }

    #[test]
    fn a_states_table_keeps_one_slot_and_one_state_per_line() {
        let text = running(
            "::paybind::builder_states! {",
            "#[doc = \" A state.\"] [Left, Right,] #[doc = \" Left set.\"] SetLeft [(String), _]",
        );
        let expected = "fn f() {}\n::paybind::builder_states! {\n    /// A state.\n    [\n        Left,\n        Right,\n    ]\n    /// Left set.\n    SetLeft [(String), _]\n}\nfn g() {}\n";
        assert_eq!(tables(&text), expected);
    }

    #[test]
    fn a_values_list_is_one_slot_per_line_and_an_empty_one_one_line() {
        let text = running(
            "::paybind::builder_values! {",
            "[left : Left, right : Right]",
        );
        let expected = "fn f() {}\n::paybind::builder_values! {\n    [\n        left: Left,\n        right: Right,\n    ]\n}\nfn g() {}\n";
        assert_eq!(tables(&text), expected);
        let empty = running("::paybind::builder_values! {", "[]");
        assert!(
            tables(&empty).contains("! {\n    []\n}"),
            "{}",
            tables(&empty)
        );
    }

    #[test]
    fn other_text_is_unchanged() {
        let text = "fn f() {\n    g! { a b ; c }\n}\n";
        assert_eq!(tables(text), text);
    }
}
