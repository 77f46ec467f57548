//! S-money's resource definitions (001): a resource name, `PropertyTypeMandatoryDescription`,
//! then per property its name, type, flag (`O`, `N`, `O*`, `/`) and description, each a
//! paragraph (the description may wrap over several lines). The payment schedule tables are
//! `PropertyTypeExampleDescription` tables with one property per line.

use super::facts::{lengths, values_in_description};
use super::model::{Imported, Issue, Location, Necessity, Row, Table, TableKind};
use super::text::{first_number, is_heading, is_name, paragraphs, shorten, Para};

const HEADER: &str = "PropertyTypeMandatoryDescription";
const EXAMPLE_HEADER: &str = "PropertyTypeExampleDescription";

/// Type words the document uses, in any case.
const TYPES: &[&str] = &[
    "long", "int", "integer", "string", "bool", "boolean", "date", "datetime", "uri", "decimal",
    "double", "float", "numeric", "varchar",
];

pub(super) fn read(text: &str, out: &mut Imported) {
    let paras = paragraphs(text);
    let mut heading: Option<String> = None;
    let mut under_heading = 0;
    let mut number = 0;
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        if p.first() == HEADER {
            number += 1;
            i = resource(&paras, i, number, out);
            continue;
        }
        if p.first() == EXAMPLE_HEADER {
            number += 1;
            under_heading += 1;
            inline_table(p, heading.as_deref(), under_heading, number, out);
        } else if let Some(h) = p.single().filter(|h| is_heading(h)) {
            heading = Some(h.to_string());
            under_heading = 0;
        }
        i += 1;
    }
}

fn is_header(p: Option<&Para<'_>>) -> bool {
    p.is_some_and(|p| p.first() == HEADER || p.first() == EXAMPLE_HEADER)
}

/// The type word of a type paragraph (`Long`, `string(max 32)`), as written.
fn type_word(p: &Para<'_>) -> Option<String> {
    let first = p.first();
    let word: String = first
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    TYPES
        .contains(&word.to_ascii_lowercase().as_str())
        .then_some(word)
}

/// A property starts at paragraph `k`: a name, then a type.
fn starts_row(paras: &[Para<'_>], k: usize) -> bool {
    let named = paras.get(k).and_then(Para::single).is_some_and(is_name);
    named && paras.get(k + 1).and_then(type_word).is_some()
}

/// Reads the resource whose header is paragraph `at`; gives the paragraph after it.
fn resource(paras: &[Para<'_>], at: usize, number: usize, out: &mut Imported) -> usize {
    let named = at
        .checked_sub(1)
        .and_then(|n| paras.get(n))
        .and_then(Para::single);
    let name = named.unwrap_or("unnamed").to_string();
    let line = at
        .checked_sub(1)
        .and_then(|n| paras.get(n))
        .map_or(paras[at].line(), Para::line);
    if named.is_none() {
        out.issues.push(Issue {
            location: Location::at_line(&out.document, paras[at].line()),
            text: HEADER.to_string(),
            reason: "a resource table with no name above it; named `unnamed`".to_string(),
        });
    }
    let mut table = Table {
        name: name.clone(),
        kind: TableKind::Resource,
        variant: None,
        anchor: String::new(),
        span: paras[at].span(),
        heading: Some(name.clone()),
        location: Location {
            section: Some(name),
            table: Some(number),
            ..Location::at_line(&out.document, line)
        },
        rows: Vec::new(),
    };
    let mut k = at + 1;
    while starts_row(paras, k) && !is_header(paras.get(k + 1)) {
        k = property(paras, k, &mut table, out);
    }
    if let Some(last) = table.rows.last() {
        table.span.end = last.span.end;
    }
    out.tables.push(table);
    k
}

fn flag(s: &str) -> Option<&str> {
    ["O", "N", "O*", "/"].into_iter().find(|f| *f == s)
}

/// Reads the property starting at paragraph `k` into `table`; gives the next paragraph.
fn property(paras: &[Para<'_>], k: usize, table: &mut Table, out: &mut Imported) -> usize {
    let name = paras[k].first();
    let ty_para = &paras[k + 1];
    let mut next = k + 2;
    let found_flag = paras.get(next).and_then(Para::single).and_then(flag);
    if found_flag.is_some() {
        next += 1;
    }
    let ends_here =
        starts_row(paras, next) || is_header(paras.get(next + 1)) || is_header(paras.get(next));
    let description = match paras.get(next) {
        Some(p) if !ends_here => {
            next += 1;
            p.joined()
        }
        _ => String::new(),
    };
    let mut loc = table.location.clone();
    loc.line = Some(paras[k].line());
    loc.row = Some(name.to_string());
    let mut row = Row::new(name, loc);
    let last = next
        .checked_sub(1)
        .and_then(|n| paras.get(n))
        .unwrap_or(ty_para);
    row.span = paras[k].span().start..last.span().end;
    row.ty = type_word(ty_para);
    row.max_length = type_length(ty_para);
    row.description = description;
    row.necessity = match found_flag {
        Some("O") => Necessity::Required,
        Some("N") => Necessity::Optional,
        Some("/") => Necessity::ReadOnly,
        Some(_) => Necessity::Conditional(format!("O*: {}", condition(&row.description))),
        None => {
            out.issues.push(Issue {
                location: row.location.clone(),
                text: shorten(&format!("{name} {}", ty_para.joined())),
                reason: format!(
                    "`{name}` has no Mandatory flag (O, N, O* or /): its necessity is unstated"
                ),
            });
            Necessity::Unstated
        }
    };
    let (min, max) = lengths(&row.description);
    row.min_length = min;
    row.max_length = row.max_length.or(max);
    row.values = values_in_description(&row.description);
    table.rows.push(row);
    next
}

/// `String (4)`, `string(max 32)`: the length in parentheses after the type word.
fn type_length(p: &Para<'_>) -> Option<u64> {
    let all = p.joined();
    let (_, inner) = all.split_once('(')?;
    first_number(inner.split(')').next().unwrap_or_default())
}

/// The condition of an `O*` property: its `Mandatory if ...` sentence (wrapped lines joined
/// while a line ends on a word that needs more), or the whole description.
fn condition(description: &str) -> String {
    let lines: Vec<&str> = description.lines().map(str::trim).collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.to_ascii_lowercase().contains("mandatory if"))
    else {
        return description.split_whitespace().collect::<Vec<_>>().join(" ");
    };
    let first = lines[start];
    let from = first.to_ascii_lowercase().find("mandatory if").unwrap_or(0);
    let mut text = first[from..].to_string();
    let open = [
        "if", "is", "not", "when", "the", "a", "of", "for", "and", "or", "to",
    ];
    for l in &lines[start + 1..] {
        let last = text
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !open.contains(&last.as_str()) {
            break;
        }
        text.push(' ');
        text.push_str(l);
    }
    text
}

/// A `PropertyTypeExampleDescription` table: one property per line (`Amount long 150
/// Montant ...`), continuation lines joining the description. Named after its heading
/// (`Payment Schedule` gives `PaymentSchedule`); later tables under the same heading are
/// numbered, the document not naming them.
fn inline_table(
    p: &Para<'_>,
    heading: Option<&str>,
    nth: usize,
    number: usize,
    out: &mut Imported,
) {
    let base: String = heading.unwrap_or("unnamed").split_whitespace().collect();
    let name = if nth == 1 {
        base.clone()
    } else {
        format!("{base} ({nth})")
    };
    let mut table = Table {
        name: name.clone(),
        kind: TableKind::Resource,
        variant: None,
        anchor: String::new(),
        span: p.span(),
        heading: heading.map(str::to_string),
        location: Location {
            section: heading.map(str::to_string),
            table: Some(number),
            ..Location::at_line(&out.document, p.line())
        },
        rows: Vec::new(),
    };
    for l in p.lines.iter().skip(1) {
        let parts: Vec<&str> = l.text.trim().split(' ').collect();
        let is_row = parts.len() >= 3
            && is_name(parts[0])
            && TYPES.contains(&parts[1].to_ascii_lowercase().as_str());
        match (is_row, table.rows.last_mut()) {
            (true, _) => {
                let mut loc = table.location.clone();
                loc.line = Some(l.no);
                loc.row = Some(parts[0].to_string());
                let mut row = Row::new(parts[0], loc);
                row.span = l.span();
                row.ty = Some(parts[1].to_string());
                let example = parts[2].trim();
                if !example.is_empty() {
                    row.note = format!("Example: {example}");
                }
                row.description = parts[3..].join(" ").trim().to_string();
                table.rows.push(row);
            }
            (false, Some(row)) => {
                row.description.push('\n');
                row.description.push_str(l.text.trim());
                row.span.end = l.end();
            }
            (false, None) => {}
        }
    }
    for row in &mut table.rows {
        row.values = values_in_description(&row.description);
    }
    let mut reason =
        "this table has no Mandatory column: every property's necessity is unstated".to_string();
    if nth > 1 {
        reason.push_str(&format!(
            "; the document does not name it, so it is named `{name}` after its section"
        ));
    }
    out.issues.push(Issue {
        location: table.location.clone(),
        text: shorten(&p.joined()),
        reason,
    });
    out.tables.push(table);
}
