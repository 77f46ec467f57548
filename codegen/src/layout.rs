//! Lays out what `prettyplease` leaves as running text: the body of a
//! `::paybind::builder_states!` invocation, written one slot and one state per line so
//! that a reader sees each state's row under the slots it fills.

use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

const OPEN: &str = "::paybind::builder_states! {";

/// `text` with each `builder_states!` body laid out; everything else unchanged.
pub(crate) fn builder_states(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if line.trim_start() != OPEN {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != close).collect();
        out.push_str(&body_lines(&body.join(" "), indent));
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
                if let Some(TokenTree::Group(attr)) = tokens.next() {
                    out.push_str(&format!("{inner}{}\n", doc_line(&attr.stream())));
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket && line.is_empty() => {
                out.push_str(&format!("{inner}[\n"));
                for slot in entries(g.stream()) {
                    out.push_str(&format!("{inner}    {},\n", tight(&slot)));
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

/// `/// text` for `doc = " text"`; the attribute as written otherwise.
fn doc_line(attr: &TokenStream) -> String {
    let text = attr.to_string();
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

/// Tokens as a person writes a type: no space around `::`, `<` and `>`, one after `,`.
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
    ] {
        s = s.replace(from, to);
    }
    s
}
