//! PaynetEasy's reStructuredText source (003), flattened to one long line: headings are
//! a title followed by an adornment run (`Request Parameters ^^^^^^`), tables are
//! `.. list-table::` blocks whose rows are `* - cell - cell - cell`. Locations are
//! section, table number and row, the document having no lines to point at.

use super::model::{Imported, Issue, Location, Necessity, Row, Table, TableKind};
use super::paynet_text::{apply_value, endpoint_name, finish_row, name_table, row_names};
use super::text::{is_name, shorten};

/// A word of the text: its byte range.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

struct Doc<'t> {
    text: &'t str,
    words: Vec<Word>,
    /// Headings: (start of the title's first word, index of the adornment word, title).
    headings: Vec<(usize, usize, String)>,
}

impl<'t> Doc<'t> {
    fn word(&self, i: usize) -> &'t str {
        self.words
            .get(i)
            .and_then(|w| self.text.get(w.start..w.end))
            .unwrap_or("")
    }

    /// The heading the byte offset `at` stands under.
    fn section(&self, at: usize) -> Option<String> {
        self.headings
            .iter()
            .rev()
            .find(|(start, _, _)| *start < at)
            .map(|(_, _, t)| t.clone())
    }
}

pub(super) fn read(text: &str, out: &mut Imported) {
    let words = split_words(text);
    let mut doc = Doc {
        text,
        words,
        headings: Vec::new(),
    };
    doc.headings = headings(&doc);
    let endpoint = endpoint_name(text).unwrap_or_else(|| "unnamed".to_string());
    let mut number = 0;
    for i in 0..doc.words.len() {
        if doc.word(i) != ".." {
            continue;
        }
        match doc.word(i + 1) {
            "list-table::" => {
                number += 1;
                if let Some(t) = list_table(&doc, i, number, &endpoint, out) {
                    out.tables.push(t);
                }
            }
            "include::" => outside(&doc, i, out, "the document includes"),
            "raw::" => outside(&doc, i, out, "the document shows the raw HTML file"),
            _ => {}
        }
    }
}

fn split_words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push(Word { start: s, end: i });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Word {
            start: s,
            end: text.len(),
        });
    }
    words
}

/// A section adornment: four or more of one punctuation character.
fn is_adornment(w: &str) -> bool {
    let mut c = w.chars();
    let Some(first) = c.next() else { return false };
    w.chars().count() >= 4 && "=-`'\"~^_*+#<>".contains(first) && c.all(|x| x == first)
}

const CONNECTORS: &[&str] = &[
    "with", "for", "of", "and", "the", "a", "an", "to", "in", "by", "on",
];

/// Titles: the words before an adornment, back to the first that ends a sentence or a
/// markup construct, or that is neither capitalised nor a small connecting word.
fn headings(doc: &Doc<'_>) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for i in 0..doc.words.len() {
        if !is_adornment(doc.word(i)) {
            continue;
        }
        let mut j = i;
        while j > 0 && i - j < 12 {
            let w = doc.word(j - 1);
            let stops = is_adornment(w)
                || w.ends_with(['.', ':', ',', ';', '`', '|', ')'])
                || w.starts_with(['.', ':', '&', '|', '*', '`']);
            let titled = w.starts_with(|c: char| c.is_uppercase()) || CONNECTORS.contains(&w);
            if stops || (j < i && !titled) {
                break;
            }
            j -= 1;
        }
        while j < i && CONNECTORS.contains(&doc.word(j)) {
            j += 1;
        }
        if j < i {
            let title: Vec<&str> = (j..i).map(|k| doc.word(k)).collect();
            out.push((doc.words[j].start, i, title.join(" ")));
        }
    }
    out
}

/// Where the block starting at word `i` ends: the next `..` or heading.
fn block_end(doc: &Doc<'_>, i: usize) -> usize {
    let next_dots = (i + 1..doc.words.len()).find(|&k| doc.word(k) == "..");
    let start = doc.words.get(i).map_or(0, |w| w.start);
    let next_heading = doc
        .headings
        .iter()
        .find(|(s, _, _)| *s > start)
        .and_then(|(s, _, _)| doc.words.iter().position(|w| w.start == *s));
    [next_dots, next_heading]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(doc.words.len())
}

fn outside(doc: &Doc<'_>, i: usize, out: &mut Imported, what: &str) {
    let file = doc.word(i + 2);
    let file = if doc.word(i + 3) == ":file:" {
        doc.word(i + 4)
    } else {
        file
    };
    let at = doc.words[i].start;
    out.issues.push(Issue {
        location: Location {
            document: out.document.clone(),
            section: doc.section(at),
            ..Location::default()
        },
        text: shorten(&format!("{} {}", doc.word(i + 1), file)),
        reason: format!(
            "{what} `{file}`, which is not part of it: whatever it holds is not imported"
        ),
    });
}

/// A cell: the byte range of its text (empty cells sit at the separator's end).
#[derive(Clone, Copy)]
struct Cell {
    start: usize,
    end: usize,
}

/// The rows of a list-table body (words `from..to`), each a list of cells.
fn table_rows(doc: &Doc<'_>, from: usize, to: usize) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut k = from;
    while k < to {
        let (w, next) = (doc.word(k), doc.word(k + 1));
        if w == "*" && next == "-" && k + 1 < to {
            let at = doc.words[k + 1].end;
            rows.push(vec![Cell { start: at, end: at }]);
            k += 2;
            continue;
        }
        if let Some(row) = rows.last_mut() {
            let word = doc.words[k];
            if w == "-" {
                row.push(Cell {
                    start: word.end,
                    end: word.end,
                });
            } else if let Some(cell) = row.last_mut() {
                if cell.start == cell.end {
                    cell.start = word.start;
                }
                cell.end = word.end;
            }
        }
        k += 1;
    }
    rows
}

/// A cell's text, or the text of cells `a..=b` merged (separators kept).
fn span(doc: &Doc<'_>, cells: &[Cell], a: usize, b: usize) -> String {
    match (cells.get(a), cells.get(b)) {
        (Some(x), Some(y)) if x.start <= y.end => doc
            .text
            .get(x.start..y.end)
            .unwrap_or("")
            .trim()
            .to_string(),
        _ => String::new(),
    }
}

fn list_table(
    doc: &Doc<'_>,
    i: usize,
    number: usize,
    endpoint: &str,
    out: &mut Imported,
) -> Option<Table> {
    let end = block_end(doc, i);
    let first_star = (i + 2..end).find(|&k| doc.word(k) == "*" && doc.word(k + 1) == "-")?;
    let header_rows = (i + 2..first_star)
        .find(|&k| doc.word(k) == ":header-rows:")
        .and_then(|k| doc.word(k + 1).parse::<usize>().ok())
        .unwrap_or(0);
    let rows = table_rows(doc, first_star, end);
    let header: Vec<String> = match rows.first() {
        Some(h) if header_rows > 0 => (0..h.len()).map(|c| span(doc, h, c, c)).collect(),
        _ => Vec::new(),
    };
    if header.first().map(String::as_str) != Some("Parameter Name") {
        return None;
    }
    let has_values = header.get(2).map(String::as_str) == Some("Value");
    let at = doc.words[i].start;
    let section = doc.section(at);
    let mut table = Table {
        name: String::new(),
        kind: TableKind::Request,
        variant: None,
        anchor: String::new(),
        span: doc.words[i].start
            ..doc
                .words
                .get(end.saturating_sub(1))
                .map_or(doc.text.len(), |w| w.end),
        heading: section.clone(),
        location: Location {
            document: out.document.clone(),
            section,
            table: Some(number),
            ..Location::default()
        },
        rows: Vec::new(),
    };
    for cells in rows.iter().skip(header_rows) {
        if let Some(row) = rst_row(doc, cells, header.len(), &table.location, out) {
            table.rows.push(row);
        }
    }
    name_table(&mut table, endpoint, has_values);
    Some(table)
}

fn rst_row(
    doc: &Doc<'_>,
    cells: &[Cell],
    columns: usize,
    table: &Location,
    out: &mut Imported,
) -> Option<Row> {
    let name_cell = span(doc, cells, 0, 0);
    let Some((wire, aliases)) = names(&name_cell) else {
        out.issues.push(Issue {
            location: table.clone(),
            text: shorten(&name_cell),
            reason: "the first cell names no parameter; row not imported".to_string(),
        });
        return None;
    };
    let last = cells.len().saturating_sub(1);
    let value_at = (1..cells.len())
        .find(|&c| span(doc, cells, c, c).starts_with("| ``"))
        .filter(|_| columns >= 3);
    let (description, values) = match value_at {
        Some(v) => (span(doc, cells, 1, v - 1), span(doc, cells, v, last)),
        None => (span(doc, cells, 1, last), String::new()),
    };
    let mut location = table.clone();
    location.row = Some(wire.clone());
    let mut row = Row::new(&wire, location);
    let start = cells.first().map_or(0, |c| c.start);
    row.span = start..cells.last().map_or(start, |c| c.end.max(start));
    row.aliases = aliases;
    row.description = plain(&description);
    row.necessity = Necessity::Unstated;
    for item in values.split('|') {
        let item = item.replace("``", "");
        if let Some((key, value)) = item.split_once(':') {
            let at = row.location.clone();
            apply_value(&mut row, key, value.trim(), at, &mut out.issues);
        }
    }
    finish_row(&mut row);
    Some(row)
}

/// `:code:`a`, alias :code:`b`` gives `a` and the alias `b`; a plain name is taken as is.
fn names(cell: &str) -> Option<(String, Vec<String>)> {
    let flat = plain(cell);
    let (wire, aliases) = row_names(&flat)?;
    is_name(&wire).then_some((wire, aliases))
}

/// reST inline markup made plain text: roles (`:code:`x``, `:ref:`x``) and literals
/// (` ``x`` `) give their text; a line block (`| a | b`) gives lines.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s.trim();
    let line_block = rest.starts_with("| ");
    if line_block {
        rest = &rest[2..];
    }
    while let Some(tick) = rest.find('`') {
        let (before, after) = rest.split_at(tick);
        let role_start = role_prefix(before);
        out.push_str(&before[..role_start]);
        let double = after.starts_with("``") && role_start == before.len();
        let open = if double { 2 } else { 1 };
        let close = if double { "``" } else { "`" };
        match after[open..].find(close) {
            Some(c) => {
                out.push_str(&after[open..open + c]);
                rest = &after[open + c + close.len()..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    if line_block {
        out = out.replace(" | ", "\n");
    }
    out
}

/// Where a role such as `:code:` ends `before` (its start), or `before.len()`.
fn role_prefix(before: &str) -> usize {
    let Some(body) = before.strip_suffix(':') else {
        return before.len();
    };
    let Some(colon) = body.rfind(':') else {
        return before.len();
    };
    let name = &body[colon + 1..];
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        colon
    } else {
        before.len()
    }
}
