//! Facts stated in free text: length limits, date formats, enumerated values.
//!
//! Each reader finds a fact only where the words leave no doubt; anything else stays in the
//! row's description or note, verbatim.

use super::text::{number, one_line};

/// Length limits stated in words: `Min length 8 / Max length 40`, `Maximum length 40`,
/// `140 characters maximum`, `limited to 2 characters`, `(max length 50)`.
pub(super) fn lengths(text: &str) -> (Option<u64>, Option<u64>) {
    if !["ength", "haracters", "imited"]
        .iter()
        .any(|w| text.contains(w))
    {
        return (None, None);
    }
    let hay = one_line(text).to_ascii_lowercase();
    let min = number_after(&hay, "min length").or_else(|| number_after(&hay, "minimum length"));
    let max = number_after(&hay, "max length")
        .or_else(|| number_after(&hay, "maximum length"))
        .or_else(|| number_before(&hay, "characters maximum"))
        .or_else(|| {
            let n = number_after(&hay, "limited to ")?;
            hay.contains(&format!("limited to {n} character"))
                .then_some(n)
        });
    (min, max)
}

/// The number written right after `needle` (spaces and a colon skipped).
fn number_after(hay: &str, needle: &str) -> Option<u64> {
    let at = hay.find(needle)? + needle.len();
    let rest = hay[at..].trim_start_matches([' ', ':']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The number written right before `needle`.
fn number_before(hay: &str, needle: &str) -> Option<u64> {
    let at = hay.find(needle)?;
    let before = hay[..at].trim_end();
    let word = before.rsplit(' ').next()?;
    number(word)
}

/// A PaynetEasy `Length:` value: `128`, `64k` (65536), `3-4` (3 to 4), `-` (none).
/// `Err` when it is none of these.
pub(super) fn length_spec(v: &str) -> Result<(Option<u64>, Option<u64>), ()> {
    let v = v.trim();
    if v.is_empty() || v == "-" {
        return Ok((None, None));
    }
    if let Some(n) = number(v) {
        return Ok((None, Some(n)));
    }
    if let Some(k) = v.strip_suffix(['k', 'K']).and_then(number) {
        return k.checked_mul(1024).map(|n| (None, Some(n))).ok_or(());
    }
    if let Some((lo, hi)) = v.split_once('-') {
        if let (Some(lo), Some(hi)) = (number(lo), number(hi)) {
            return Ok((Some(lo), Some(hi)));
        }
    }
    Err(())
}

/// A date format named next to the word "format": `Format yyyyMMddHHmmss`, `YYMM format`,
/// `in the format YYYYMMDD`.
pub(super) fn date_format(text: &str) -> Option<String> {
    if !text.contains("ormat") {
        return None;
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if !w.eq_ignore_ascii_case("format") {
            continue;
        }
        let next = words.get(i + 1).copied();
        let prev = i.checked_sub(1).and_then(|p| words.get(p)).copied();
        if let Some(f) = next.into_iter().chain(prev).find(|w| is_date_pattern(w)) {
            return Some(f.to_string());
        }
    }
    None
}

/// Letters of date patterns only (`yyyyMMddHHmmss`, `YYMM`), at least four, with a month.
fn is_date_pattern(w: &str) -> bool {
    w.len() >= 4 && w.chars().all(|c| "yYMdDHhms".contains(c)) && w.contains(['M', 'm'])
}

/// A value as documents enumerate them: `CB`, `01`, `1.0.2`, `-1`; not a range (`05-79`).
pub(super) fn is_value(s: &str) -> bool {
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.-+".contains(c));
    let body = s.strip_prefix('-').unwrap_or(s);
    let range = body.contains('-') && body.split('-').all(|p| number(p).is_some());
    (1..=24).contains(&s.len())
        && ok_chars
        && !range
        && s.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Values listed in a comments cell (ComNpay): `CB, VISA, MC`; `fr/en/it`;
/// `D for debit, C for credit`; `"01" -> 250 x 400 "02" -> ...`. Empty unless the whole
/// cell is such a list.
pub(super) fn values_in_comment(cell: &str) -> Vec<String> {
    if !cell.contains([',', '/', '>']) {
        return Vec::new();
    }
    let t = strip_optional(cell);
    let t = t.trim().trim_end_matches('.').trim();
    let arrows = quoted_before_arrow(t);
    if arrows.len() >= 2 {
        return arrows;
    }
    let commas = split_outside_parens(t, ',');
    if commas.len() >= 2 {
        if commas.iter().all(|p| is_value(p)) {
            return commas;
        }
        let keyed: Option<Vec<String>> = commas.iter().map(|p| value_for(p)).collect();
        if let Some(v) = keyed {
            return v;
        }
    }
    let slashes = split_outside_parens(t, '/');
    if slashes.len() >= 2 && slashes.iter().all(|p| is_value(p)) {
        return slashes;
    }
    Vec::new()
}

/// `D for debit` gives `D`; `1 to force 3DS` gives `1`.
fn value_for(part: &str) -> Option<String> {
    let mut w = part.split_whitespace();
    let (v, link) = (w.next()?, w.next()?);
    (is_value(v) && (link == "for" || link == "to") && w.next().is_some()).then(|| v.to_string())
}

/// The cell without its `(optional)` mark.
pub(super) fn strip_optional(cell: &str) -> String {
    match cell.find("(optional)").or_else(|| cell.find("(Optional)")) {
        Some(at) => format!("{}{}", &cell[..at], &cell[at + "(optional)".len()..]),
        None => cell.to_string(),
    }
}

/// `"01" -> ...` entries: the quoted values.
fn quoted_before_arrow(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(at) = rest.find("->") {
        let before = rest[..at].trim_end();
        if let Some(v) = before
            .strip_suffix('"')
            .and_then(|b| b.rsplit_once('"'))
            .map(|(_, v)| v)
        {
            if is_value(v) {
                out.push(v.to_string());
            }
        }
        rest = &rest[at + 2..];
    }
    out
}

/// Splits on `sep` outside parentheses; parts trimmed, empty ones dropped.
fn split_outside_parens(t: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in t.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == sep && depth == 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Values enumerated in a description (S-money, PaynetEasy): lines `0 = Payment`,
/// `- Y = Authentication Verification Successful`, `CB = 1,` (the number is the value),
/// `guest : No merchant authentication`, the lines after `Possible values`, or a whole
/// description such as `True / False`.
pub(super) fn values_in_description(desc: &str) -> Vec<String> {
    if !desc.contains(['=', ':', '/']) && !desc.contains("ossible") {
        return Vec::new();
    }
    let spaced = desc.replace('\u{a0}', " ");
    let lines: Vec<&str> = spaced
        .lines()
        .map(|l| l.trim().trim_start_matches("- ").trim())
        .filter(|l| !l.is_empty())
        .collect();
    let listed = after_possible_values(&lines);
    if !listed.is_empty() {
        return listed;
    }
    let keyed: Vec<String> = lines.iter().filter_map(|l| keyed_value(l, " = ")).collect();
    if keyed.len() >= 2 {
        return keyed;
    }
    let named: Vec<String> = lines
        .iter()
        .filter_map(|l| keyed_value(l, " : "))
        .filter(|v| !v.eq_ignore_ascii_case("ex"))
        .collect();
    if named.len() >= 2 {
        return named;
    }
    match lines.as_slice() {
        [one] => {
            let parts = split_outside_parens(one, '/');
            if parts.len() >= 2 && parts.iter().all(|p| is_value(p)) {
                parts
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// `KEY = text` gives KEY; `NAME = 3,` gives 3 (the number is what travels).
fn keyed_value(line: &str, sep: &str) -> Option<String> {
    let (key, rest) = line.split_once(sep)?;
    let key = key.trim();
    if !is_value(key) {
        return None;
    }
    let rest = rest.trim().trim_end_matches(',').trim();
    let numeric = |s: &str| number(s.trim_start_matches('-')).is_some();
    if sep == " = " && !numeric(key) && numeric(rest) {
        return Some(rest.to_string());
    }
    Some(key.to_string())
}

/// The values listed after a `Possible values` line: on the same line after a colon
/// (`Possible values : electronic, sameday`), or one per line (`- SIMPLE`, `CB`,
/// `- 01 = Static`).
fn after_possible_values(lines: &[&str]) -> Vec<String> {
    let Some(at) = lines
        .iter()
        .position(|l| l.to_ascii_lowercase().contains("possible values"))
    else {
        return Vec::new();
    };
    let head = lines[at];
    if let Some((_, tail)) = head.rsplit_once(':') {
        let parts = split_outside_parens(tail, ',');
        if parts.len() >= 2 && parts.iter().all(|p| is_value(p)) {
            return parts;
        }
    }
    let mut out = Vec::new();
    for l in &lines[at + 1..] {
        let (key, keyed) = match l.split_once(" = ") {
            Some((k, _)) => (k.trim(), true),
            None => (*l, false),
        };
        if is_value(key) {
            out.push(key.to_string());
        } else if !keyed && !out.is_empty() {
            break;
        }
    }
    out
}
