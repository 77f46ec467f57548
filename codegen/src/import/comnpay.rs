//! ComNpay's document (000): `Parameter | Description | Comments |` tables under the
//! endpoint URL(s) they describe, JSON sub-form field tables and lists, the return codes.

use super::facts::{date_format, is_value, lengths, values_in_comment};
use super::model::{CodeRow, Imported, Issue, Location, Necessity, Row, Table, TableKind};
use super::text::{between, first_number, is_heading, is_name, lines, shorten, Line};

/// A pipe table as written, before it is named.
struct RawTable {
    /// The header's cells, lowercased.
    header: Vec<String>,
    /// Index of the header line.
    at: usize,
    /// The table's number among the document's pipe tables.
    number: usize,
    heading: Option<Heading>,
    /// The endpoint URLs written above it, paths after `/rest/`, with their line numbers.
    urls: Vec<(String, usize)>,
    rows: Vec<RawRow>,
}

struct RawRow {
    line: usize,
    span: std::ops::Range<usize>,
    cells: Vec<String>,
}

#[derive(Clone)]
struct Heading {
    text: String,
    /// Index of the heading line.
    at: usize,
}

pub(super) fn read(text: &str, out: &mut Imported) {
    let lines = lines(text);
    let (tables, headings) = scan(&lines);
    let json_lines: Vec<usize> = (0..lines.len())
        .filter(|&i| says_json(lines[i].text))
        .collect();
    let mut reader = Reader {
        doc: out.document.clone(),
        lines: &lines,
        headings: &headings,
        json_lines: &json_lines,
        out,
    };
    for t in &tables {
        reader.table(t);
    }
    reader.bullet_forms(&tables);
    reader.name_variants();
    reader.out.tables.sort_by_key(|t| t.location.line);
}

/// One pass over the lines: the pipe tables with the URLs and heading above each, and every
/// heading.
fn scan(lines: &[Line<'_>]) -> (Vec<RawTable>, Vec<Heading>) {
    let mut tables = Vec::new();
    let mut headings = Vec::new();
    let mut urls: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(path) = rest_path(l.text) {
            let previous_was_url = i > 0 && rest_path(lines[i - 1].text).is_some();
            if !previous_was_url {
                urls.clear();
            }
            urls.push((path, l.no));
        } else if is_table_start(lines, i) {
            let mut t = raw_table(lines, i, tables.len() + 1);
            t.heading = headings.last().cloned();
            t.urls = std::mem::take(&mut urls);
            i = t.at + 2 + t.rows.len();
            tables.push(t);
            continue;
        } else if is_heading(l.text) && !says_json(l.text) {
            headings.push(Heading {
                text: l.text.trim().to_string(),
                at: i,
            });
        }
        i += 1;
    }
    (tables, headings)
}

/// `This form must be sent in JSON`: a sub-form's section, not a heading.
fn says_json(line: &str) -> bool {
    line.contains("sent in JSON") || line.contains("sent in json")
}

/// `https://secure.comnpay.com:60000/rest/payment/tokenDebit` gives `payment/tokenDebit`.
fn rest_path(line: &str) -> Option<String> {
    let l = line.trim();
    if !l.starts_with("http") || l.contains(char::is_whitespace) {
        return None;
    }
    let (_, path) = l.split_once("/rest/")?;
    let path = path.trim_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

/// A line of cells followed by a `---|` line.
fn is_table_start(lines: &[Line<'_>], i: usize) -> bool {
    lines[i].text.contains('|')
        && lines
            .get(i + 1)
            .is_some_and(|n| n.text.trim_start().starts_with("---|"))
}

fn cells(line: &str) -> Vec<String> {
    let mut c: Vec<String> = line.split('|').map(|c| c.trim().to_string()).collect();
    if c.last().is_some_and(String::is_empty) {
        c.pop();
    }
    c
}

fn raw_table(lines: &[Line<'_>], at: usize, number: usize) -> RawTable {
    let header = cells(lines[at].text)
        .into_iter()
        .map(|c| c.to_lowercase())
        .collect();
    let rows = lines
        .iter()
        .skip(at + 2)
        .take_while(|l| l.text.contains('|'))
        .map(|l| RawRow {
            line: l.no,
            span: l.span(),
            cells: cells(l.text),
        })
        .collect();
    RawTable {
        header,
        at,
        number,
        heading: None,
        urls: Vec::new(),
        rows,
    }
}

/// What a column holds, from its header.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Name,
    Description,
    MaxLength,
    Note,
}

fn roles(header: &[String]) -> Vec<Role> {
    header
        .iter()
        .enumerate()
        .map(|(i, h)| match h.as_str() {
            _ if i == 0 => Role::Name,
            "description" => Role::Description,
            "max length" => Role::MaxLength,
            _ => Role::Note,
        })
        .collect()
}

struct Reader<'r, 'l> {
    doc: String,
    lines: &'r [Line<'l>],
    headings: &'r [Heading],
    /// Indices of the lines saying a form is sent in JSON.
    json_lines: &'r [usize],
    out: &'r mut Imported,
}

impl Reader<'_, '_> {
    fn issue(&mut self, line: usize, text: &str, reason: String) {
        self.out.issues.push(Issue {
            location: Location::at_line(&self.doc, line),
            text: shorten(text),
            reason,
        });
    }

    fn table(&mut self, t: &RawTable) {
        match t.header.first().map(String::as_str) {
            Some("code") => self.codes(t),
            Some("parameter") => self.request(t),
            _ => self.field_table(t),
        }
    }

    fn codes(&mut self, t: &RawTable) {
        if self.out.codes_heading.is_none() {
            self.out.codes_heading = t.heading.as_ref().map(|h| h.text.clone());
        }
        for r in &t.rows {
            let code = r.cells.first().cloned().unwrap_or_default();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                let text = r.cells.join(" | ");
                self.issue(r.line, &text, "not a return code row".to_string());
                continue;
            }
            self.out.codes.push(CodeRow {
                code,
                description: r.cells.get(1).cloned().unwrap_or_default(),
                location: Location::at_line(&self.doc, r.line),
                span: r.span.clone(),
            });
        }
    }

    /// A request table: one [`Table`] per URL written above it.
    fn request(&mut self, t: &RawTable) {
        let heading = t.heading.as_ref().map(|h| h.text.clone());
        let names: Vec<String> = if t.urls.is_empty() {
            let name = heading.clone().unwrap_or_else(|| "unnamed".to_string());
            let Line { no, text, .. } = self.lines[t.at];
            let reason = format!(
                "a parameter table with no endpoint URL above it; named `{name}` after its heading"
            );
            self.issue(no, text, reason);
            vec![name]
        } else {
            t.urls.iter().map(|(p, _)| p.clone()).collect()
        };
        let mut rows = self.rows(t, &[]);
        // The request tables mark optional parameters "(optional)" and conditional ones
        // "Mandatory for …": a row they leave unmarked is required.
        for r in rows
            .iter_mut()
            .filter(|r| r.necessity == Necessity::Unstated)
        {
            r.necessity = Necessity::Required;
        }
        for name in names {
            let table = self.new_table(t, name, TableKind::Request, rows.clone());
            self.out.tables.push(table);
        }
    }

    fn new_table(&self, t: &RawTable, name: String, kind: TableKind, rows: Vec<Row>) -> Table {
        let heading = t.heading.as_ref().map(|h| h.text.clone());
        let last = t.at + 1 + t.rows.len();
        let span = between(
            &self.lines[t.at],
            &self.lines[last.min(self.lines.len() - 1)],
        );
        Table {
            name,
            kind,
            variant: None,
            anchor: String::new(),
            span,
            location: Location {
                section: heading.clone(),
                table: Some(t.number),
                ..Location::at_line(&self.doc, self.lines[t.at].no)
            },
            heading,
            rows,
        }
    }

    /// A `Field | Description | ...` table: a JSON sub-form when its section says the form
    /// is sent in JSON, else a dictionary named after its heading.
    fn field_table(&mut self, t: &RawTable) {
        let section = t
            .heading
            .as_ref()
            .map_or((0, t.at), |h| (h.at, self.section_end(h.at)));
        let form = self.json_form_name(section);
        let keys = self.json_keys(section);
        let mut rows = self.rows(t, &keys);
        self.form_necessity(section, &mut rows);
        let (name, kind) = match form {
            Some(f) => (f, TableKind::Object),
            None => {
                let h = t.heading.as_ref().map(|h| h.text.clone());
                (
                    h.unwrap_or_else(|| "unnamed".to_string()),
                    TableKind::Dictionary,
                )
            }
        };
        if kind == TableKind::Object {
            self.compare_keys(&rows, &keys, self.lines[t.at].no);
        }
        let table = self.new_table(t, name, kind, rows);
        self.out.tables.push(table);
    }

    /// A sub-form's fields have no marks of their own: its section says it in prose, "it is
    /// mandatory to fill all fields" (required) or "fill in as many fields as possible"
    /// (optional). Unstated otherwise.
    fn form_necessity(&self, (from, to): (usize, usize), rows: &mut [Row]) {
        let lines = self.lines.get(from..to).unwrap_or_default();
        let says = |w: &str| {
            lines
                .iter()
                .any(|l| l.text.to_ascii_lowercase().contains(w))
        };
        let necessity = if says("mandatory to fill all fields") {
            Necessity::Required
        } else if says("as many fields as possible") {
            Necessity::Optional
        } else {
            return;
        };
        for r in rows
            .iter_mut()
            .filter(|r| r.necessity == Necessity::Unstated)
        {
            r.necessity = necessity.clone();
        }
    }

    /// The index of the line where the section starting at heading `at` ends.
    fn section_end(&self, at: usize) -> usize {
        self.headings
            .iter()
            .map(|h| h.at)
            .find(|h| *h > at)
            .unwrap_or(self.lines.len())
    }

    /// `customer` for a section headed `Customer form` that says `This form must be sent in
    /// JSON`: the heading in lowerCamelCase, without the word "form".
    fn json_form_name(&self, (from, to): (usize, usize)) -> Option<String> {
        let says_json = self.json_lines.iter().any(|i| (from..to).contains(i));
        let heading = self.headings.iter().find(|h| h.at == from)?;
        if !says_json {
            return None;
        }
        let mut name = String::new();
        let words = heading.text.split_whitespace();
        for w in words.filter(|w| !w.eq_ignore_ascii_case("form")) {
            let mut c = w.chars();
            let Some(first) = c.next() else { continue };
            if name.is_empty() {
                name.extend(first.to_lowercase());
            } else {
                name.extend(first.to_uppercase());
            }
            name.push_str(c.as_str());
        }
        (!name.is_empty() && is_name(&name)).then_some(name)
    }

    /// The keys of the JSON example (`{ "firstName": ... }`) in a section.
    fn json_keys(&self, (from, to): (usize, usize)) -> Vec<String> {
        let lines = self.lines.get(from..to).unwrap_or_default();
        lines
            .iter()
            .find(|l| l.text.trim_start().starts_with('{'))
            .map(|l| json_keys(l.text))
            .unwrap_or_default()
    }

    /// Issues for names the field list and the JSON example do not share.
    fn compare_keys(&mut self, rows: &[Row], keys: &[String], line: usize) {
        if keys.is_empty() {
            return;
        }
        for r in rows.iter().filter(|r| !keys.contains(&r.wire)) {
            let line = r.location.line.unwrap_or(line);
            let reason = format!(
                "`{}` is listed but the section's JSON example does not send it",
                r.wire
            );
            self.issue(line, &r.wire, reason);
        }
        for k in keys.iter().filter(|k| !rows.iter().any(|r| &r.wire == *k)) {
            let reason = format!(
                "the section's JSON example sends `{k}`, which the field list does not name"
            );
            self.issue(line, k, reason);
        }
    }

    fn rows(&mut self, t: &RawTable, keys: &[String]) -> Vec<Row> {
        let roles = roles(&t.header);
        let section = t.heading.as_ref().map(|h| h.text.clone());
        let mut out = Vec::new();
        for (k, r) in t.rows.iter().enumerate() {
            let cells = match self.row_cells(t, k, keys) {
                Some(c) => c,
                None => {
                    let reason =
                        "the first cell is not a parameter name; row not imported".to_string();
                    self.issue(r.line, &r.cells.join(" | "), reason);
                    continue;
                }
            };
            let mut row = row(&cells, &roles, Location::at_line(&self.doc, r.line));
            row.span = r.span.clone();
            row.location.section = section.clone();
            row.location.table = Some(t.number);
            out.push(row);
        }
        out
    }

    /// Row `k`'s cells, its name recovered from the JSON example when the name cell is
    /// missing (the cells shifted left) and the example's keys follow the table's order.
    fn row_cells(&mut self, t: &RawTable, k: usize, keys: &[String]) -> Option<Vec<String>> {
        let r = &t.rows[k];
        let first = r.cells.first()?;
        if is_name(first) {
            return Some(r.cells.clone());
        }
        let key = &keys[key_between(t, k, keys)?];
        let reason = format!("the row has no name cell (its cells are shifted left: `{first}` stands in the name column); named `{key}` after the section's JSON example, whose keys follow the table's order");
        self.issue(r.line, &r.cells.join(" | "), reason);
        let mut cells = vec![key.clone()];
        cells.extend(r.cells.iter().cloned());
        Some(cells)
    }
}

/// The index of the JSON example's key that a name-less row `k` stands for: the key right
/// after the nearest earlier row the example also sends, when the nearest later such row is
/// the key after it. Rows the example does not send are passed over, so a row added or
/// removed elsewhere in the table does not move the answer.
fn key_between(t: &RawTable, k: usize, keys: &[String]) -> Option<usize> {
    let known = |i: usize| {
        let name = t.rows.get(i)?.cells.first()?;
        keys.iter().position(|key| key == name)
    };
    let before = (0..k).rev().find_map(known);
    let at = before.map_or(0, |b| b + 1);
    let after = (k + 1..t.rows.len()).find_map(known);
    let fits = after.is_none_or(|a| a == at + 1) && at < keys.len();
    fits.then_some(at)
}

/// The keys of a one-line JSON object: every quoted string followed by a colon.
fn json_keys(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        let s = &after[..close];
        let tail = after[close + 1..].trim_start();
        if tail.starts_with(':') && is_name(s) {
            out.push(s.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// A row from its cells.
fn row(cells: &[String], roles: &[Role], location: Location) -> Row {
    let mut row = Row::new(&cells[0], location);
    row.location.row = Some(cells[0].clone());
    let mut notes = Vec::new();
    for (i, c) in cells.iter().enumerate().skip(1) {
        match roles.get(i).copied().unwrap_or(Role::Note) {
            Role::Description => row.description = c.clone(),
            Role::MaxLength => {
                if c.starts_with(|ch: char| ch.is_ascii_digit()) {
                    row.max_length = first_number(c);
                }
                notes.push(c.clone());
            }
            Role::Name | Role::Note => notes.push(c.clone()),
        }
    }
    notes.retain(|n| !n.is_empty());
    row.note = notes.join(" | ");
    row.necessity = necessity(&row.description, &row.note);
    let (min, max) = lengths(&row.note);
    row.min_length = min;
    row.max_length = row.max_length.or(max);
    row.format = date_format(&row.note);
    row.values = values_in_comment(&row.note);
    row
}

/// `(optional)` anywhere; a cell that starts `Mandatory ...` (a condition, verbatim), or
/// `Recommended` / `Strongly recommended` (optional); else unstated.
fn necessity(description: &str, note: &str) -> Necessity {
    let cells = [description.trim(), note.trim()];
    if cells
        .iter()
        .any(|c| c.contains("(optional)") || c.contains("(Optional)"))
    {
        return Necessity::Optional;
    }
    let starts = |c: &str, word: &str| {
        c.get(..word.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(word))
    };
    for c in cells {
        if c.eq_ignore_ascii_case("mandatory") || c.eq_ignore_ascii_case("required") {
            return Necessity::Required;
        }
        if starts(c, "mandatory") {
            return Necessity::Conditional(c.to_string());
        }
        if starts(c, "recommended") || starts(c, "strongly recommended") {
            return Necessity::Optional;
        }
    }
    Necessity::Unstated
}

impl Reader<'_, '_> {
    /// Sub-forms whose fields are a list (`- chAccDate : Account opening date`, values as
    /// `- "01" : ...` under their field) rather than a table.
    fn bullet_forms(&mut self, tables: &[RawTable]) {
        let headings: Vec<Heading> = self.headings.to_vec();
        for h in &headings {
            let end = self.section_end(h.at);
            let has_table = tables.iter().any(|t| (h.at..end).contains(&t.at));
            let Some(name) = self.json_form_name((h.at, end)) else {
                continue;
            };
            if has_table {
                continue;
            }
            let mut rows = self.bullet_rows(h, end);
            if rows.is_empty() {
                continue;
            }
            self.form_necessity((h.at, end), &mut rows);
            let keys = self.json_keys((h.at, end));
            self.compare_keys(&rows, &keys, self.lines[h.at].no);
            let span = match (rows.first(), rows.last()) {
                (Some(a), Some(b)) => a.span.start..b.span.end,
                _ => self.lines[h.at].span(),
            };
            self.out.tables.push(Table {
                name,
                kind: TableKind::Object,
                variant: None,
                anchor: String::new(),
                span,
                heading: Some(h.text.clone()),
                location: Location {
                    section: Some(h.text.clone()),
                    ..Location::at_line(&self.doc, self.lines[h.at].no)
                },
                rows,
            });
        }
    }

    fn bullet_rows(&self, h: &Heading, end: usize) -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::new();
        for l in self.lines.get(h.at + 1..end).unwrap_or_default() {
            let Some(item) = l.text.trim().strip_prefix("- ") else {
                continue;
            };
            let Some((key, text)) = item.split_once(" :") else {
                continue;
            };
            let (key, text) = (key.trim(), text.trim());
            let quoted = key.strip_prefix('"').and_then(|k| k.strip_suffix('"'));
            match (quoted, rows.last_mut()) {
                (Some(v), Some(row)) if is_value(v) => {
                    row.values.push(v.to_string());
                    row.span.end = l.end();
                    push_line(&mut row.note, item.trim());
                }
                (None, _) if is_name(key) => {
                    let mut loc = Location::at_line(&self.doc, l.no);
                    loc.section = Some(h.text.clone());
                    loc.row = Some(key.to_string());
                    let mut row = Row::new(key, loc);
                    row.span = l.span();
                    row.description = text.to_string();
                    let (min, max) = lengths(text);
                    (row.min_length, row.max_length) = (min, max);
                    rows.push(row);
                }
                _ => {}
            }
        }
        rows
    }

    /// Tables of one URL written more than once are variants: `v1` / `v2` when their
    /// headings end so (`3-Finalize debit after 3DS authentication v1`), else the heading.
    fn name_variants(&mut self) {
        let names: Vec<String> = self.out.tables.iter().map(|t| t.name.clone()).collect();
        for t in self
            .out
            .tables
            .iter_mut()
            .filter(|t| t.kind == TableKind::Request)
        {
            if names.iter().filter(|n| **n == t.name).count() < 2 {
                continue;
            }
            let heading = t.heading.clone().unwrap_or_default();
            let last = heading
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let numbered = last.len() > 1
                && last.starts_with('v')
                && last[1..].bytes().all(|b| b.is_ascii_digit());
            t.variant = Some(if numbered { last } else { heading });
        }
    }
}

fn push_line(s: &mut String, line: &str) {
    if !s.is_empty() {
        s.push('\n');
    }
    s.push_str(line);
}
