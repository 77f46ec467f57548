//! PaynetEasy/ConnPay documents as extracted text (002, 004): under a `Parameter Name` /
//! `Description` / `Value` header, each parameter is its name, its description, and
//! `Necessity:` / `Type:` / `Length:` lines. The Postman "Request Builder" at the end lists
//! the parameters it fills, one name a line: a [`TableKind::Builder`] table.

use super::facts::{date_format, length_spec, values_in_description};
use super::model::{Imported, Issue, Location, Necessity, Row, Table, TableKind};
use super::text::{is_heading, is_name, paragraphs, shorten, Para};

pub(super) fn read(text: &str, out: &mut Imported) {
    let paras = paragraphs(text);
    let endpoint = endpoint_name(text).unwrap_or_else(|| {
        out.issues.push(Issue {
            location: Location::at_line(&out.document, 1),
            text: shorten(text.lines().next().unwrap_or_default()),
            reason: "no `/api/v2/<call>` names the endpoint; request tables are named `unnamed`"
                .to_string(),
        });
        "unnamed".to_string()
    });
    let mut heading: Option<String> = None;
    let mut number = 0;
    let mut i = 0;
    while i < paras.len() {
        if let Some((has_values, header_len)) = header_at(&paras, i) {
            number += 1;
            let at = Table {
                name: String::new(),
                kind: TableKind::Request,
                variant: None,
                anchor: String::new(),
                span: paras[i].span(),
                heading: heading.clone(),
                location: Location {
                    section: heading.clone(),
                    table: Some(number),
                    ..Location::at_line(&out.document, paras[i].line())
                },
                rows: Vec::new(),
            };
            let mut reader = TableReader {
                paras: &paras,
                out: &mut *out,
                has_values,
                table: at,
            };
            i = reader.rows(i + header_len);
            let mut table = reader.table;
            if let Some(last) = table.rows.last() {
                table.span.end = last.span.end;
            }
            name_table(&mut table, &endpoint, has_values);
            out.tables.push(table);
            continue;
        }
        if paras[i].single() == Some(BUILDER) {
            number += 1;
            let (table, next) = builder(&paras, i, number, &out.document);
            out.tables.extend(table);
            heading = Some(BUILDER.to_string());
            i = next;
            continue;
        }
        if let Some(h) = paras[i].single().filter(|h| is_section_heading(h)) {
            heading = Some(h.to_string());
        }
        i += 1;
    }
}

/// The heading of the Postman request builder that ends 002 and 004: the parameters it
/// fills, one name a line, some followed by a note paragraph, up to [`BUILDER_END`].
const BUILDER: &str = "Request Builder";
const BUILDER_END: &str = "String to sign";

/// Reads the request builder whose heading is paragraph `i` into a [`TableKind::Builder`]
/// table (none when it lists no name); gives the paragraph after it.
///
/// A paragraph of names gives one row a line; a paragraph that follows one is a note of its
/// last row ("input Control Key"). A line that names no parameter ("endpointid or
/// groupid") is skipped, and so is its note.
fn builder(paras: &[Para<'_>], i: usize, number: usize, document: &str) -> (Option<Table>, usize) {
    let head = &paras[i];
    let location = Location {
        section: Some(BUILDER.to_string()),
        table: Some(number),
        ..Location::at_line(document, head.line())
    };
    let mut table = Table {
        name: BUILDER.to_string(),
        kind: TableKind::Builder,
        variant: None,
        heading: Some(BUILDER.to_string()),
        anchor: String::new(),
        location,
        span: head.span(),
        rows: Vec::new(),
    };
    // The row a note paragraph belongs to: the last row of the paragraph before it.
    let mut noted: Option<usize> = None;
    let mut k = i + 1;
    while let Some(p) = paras.get(k) {
        if p.first() == BUILDER_END || header_at(paras, k).is_some() {
            break;
        }
        k += 1;
        if p.lines.iter().all(|l| is_name(l.text.trim())) {
            for l in &p.lines {
                let wire = l.text.trim();
                let mut loc = table.location.clone();
                loc.line = Some(l.no);
                loc.row = Some(wire.to_string());
                let mut row = Row::new(wire, loc);
                row.span = l.span();
                table.rows.push(row);
            }
            noted = table.rows.len().checked_sub(1);
            continue;
        }
        if let Some(row) = noted.and_then(|n| table.rows.get_mut(n)) {
            if !row.note.is_empty() {
                row.note.push('\n');
            }
            row.note.push_str(&p.joined());
            row.span.end = p.span().end;
        }
    }
    if let Some(last) = table.rows.last() {
        table.span.end = last.span.end;
    }
    ((!table.rows.is_empty()).then_some(table), k)
}

/// `sale` from `/api/v2/sale` (the first such path in the text).
pub(super) fn endpoint_name(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("/api/v") {
        let after = &rest[at + "/api/v".len()..];
        let tail = after.trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(path) = tail.strip_prefix('/') {
            let name: String = path
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "_-/".contains(*c))
                .collect();
            let name = name.trim_matches('/');
            if !name.is_empty() {
                return Some(name.to_string());
            }
        }
        rest = after;
    }
    None
}

/// A table header at paragraph `i`: a cell, then `Description`, then maybe `Value`.
/// Gives whether rows carry values, and the header's length in paragraphs.
fn header_at(paras: &[Para<'_>], i: usize) -> Option<(bool, usize)> {
    paras.get(i)?.single()?;
    if paras.get(i + 1)?.single()? != "Description" {
        return None;
    }
    let values = paras.get(i + 2).and_then(Para::single) == Some("Value");
    Some((values, if values { 3 } else { 2 }))
}

fn is_section_heading(h: &str) -> bool {
    let cells = ["Note", "Warning", "Parameter Name", "Description", "Value"];
    is_heading(h) && !cells.contains(&h)
}

/// Request tables are named after the endpoint; a table without values, or under a
/// heading about the response, after its heading.
pub(super) fn name_table(table: &mut Table, endpoint: &str, has_values: bool) {
    let heading = table.heading.clone().unwrap_or_default();
    if !has_values || heading.to_ascii_lowercase().contains("response") {
        table.kind = TableKind::Response;
        table.name = if heading.is_empty() {
            "Response".to_string()
        } else {
            heading
        };
    } else {
        table.name = endpoint.to_string();
    }
}

/// `name` or `name, alias other`: the name and its aliases.
pub(super) fn row_names(s: &str) -> Option<(String, Vec<String>)> {
    let mut parts = s.split(',').map(str::trim);
    let wire = parts.next().filter(|w| is_name(w))?;
    let mut aliases = Vec::new();
    for p in parts {
        let alias = p
            .strip_prefix("alias ")
            .map(str::trim)
            .filter(|a| is_name(a))?;
        aliases.push(alias.to_string());
    }
    Some((wire.to_string(), aliases))
}

fn is_value_line(l: &str) -> bool {
    let l = l.trim_start();
    ["Necessity:", "Type:", "Length:"]
        .iter()
        .any(|k| l.starts_with(k))
}

struct TableReader<'a, 't> {
    paras: &'a [Para<'t>],
    out: &'a mut Imported,
    has_values: bool,
    table: Table,
}

impl TableReader<'_, '_> {
    /// Reads rows from paragraph `i`; gives the paragraph after the table.
    fn rows(&mut self, mut i: usize) -> usize {
        let paras = self.paras;
        while let Some(p) = paras.get(i) {
            let Some((wire, aliases)) = p.single().and_then(row_names) else {
                break;
            };
            let body = body(paras, i + 1, self.has_values);
            i += 1 + body.len();
            let mut loc = self.table.location.clone();
            loc.line = Some(p.line());
            loc.row = Some(wire.clone());
            let mut row = Row::new(&wire, loc);
            let end = body.last().map_or(p.span().end, |b| b.span().end);
            row.span = p.span().start..end;
            row.aliases = aliases;
            self.fill(&mut row, &body);
            self.table.rows.push(row);
        }
        i
    }

    fn fill(&mut self, row: &mut Row, body: &[&Para<'_>]) {
        let mut description = Vec::new();
        for l in body.iter().flat_map(|p| p.lines.iter()) {
            let t = l.text.trim();
            match t.split_once(':') {
                Some((key, value)) if is_value_line(t) => {
                    let at = Location {
                        line: Some(l.no),
                        ..row.location.clone()
                    };
                    apply_value(row, key, value.trim(), at, &mut self.out.issues);
                }
                _ => description.push(t),
            }
        }
        row.description = description.join("\n");
        finish_row(row);
    }
}

/// The paragraphs of a row after its name: with values, up to the one holding them;
/// without, one.
fn body<'a, 't>(paras: &'a [Para<'t>], from: usize, has_values: bool) -> Vec<&'a Para<'t>> {
    let mut body = Vec::new();
    for (k, q) in paras.iter().enumerate().skip(from) {
        let starts_row = q.single().and_then(row_names).is_some();
        if header_at(paras, k).is_some() || starts_row {
            break;
        }
        body.push(q);
        let done = !has_values || q.lines.iter().any(|l| is_value_line(l.text));
        if done || body.len() >= 6 {
            break;
        }
    }
    body
}

/// One `Necessity:` / `Type:` / `Length:` value.
pub(super) fn apply_value(
    row: &mut Row,
    key: &str,
    value: &str,
    at: Location,
    issues: &mut Vec<Issue>,
) {
    match key.trim() {
        "Necessity" => {
            row.necessity = match value {
                "Required" => Necessity::Required,
                "Optional" => Necessity::Optional,
                other => Necessity::Conditional(other.to_string()),
            }
        }
        "Type" => row.ty = Some(value.to_string()).filter(|v| !v.is_empty()),
        "Length" => match length_spec(value) {
            Ok((min, max)) => (row.min_length, row.max_length) = (min, max),
            Err(()) => issues.push(Issue {
                location: at,
                text: shorten(value),
                reason: format!(
                    "the length of `{}` is not a number, `64k` or a range",
                    row.wire
                ),
            }),
        },
        _ => {}
    }
}

/// Values and date format read from the description.
pub(super) fn finish_row(row: &mut Row) {
    row.values = values_in_description(&row.description);
    row.format = date_format(&row.description);
}
