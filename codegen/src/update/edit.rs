//! Small edits of a spec's YAML text at the positions the loader recorded: a key set in an
//! item's mapping, a line added after an item. Flow mappings on one line (`wire: { … }`)
//! and block mappings (`wire:` then indented keys) are both handled. Edits are queued and
//! applied from the bottom of the file up, so that a line added never moves a position
//! another edit was given.

use crate::error::Pos;

/// The spec's lines, and the edits to make.
pub(super) struct Lines {
    lines: Vec<String>,
    /// `(where, edit)`, in the order they were asked for.
    queued: Vec<(Pos, Edit)>,
}

enum Edit {
    Set { key: String, value: String },
    AddAfter(String),
}

impl Lines {
    pub fn new(text: &str) -> Self {
        Lines {
            lines: text.lines().map(str::to_string).collect(),
            queued: Vec::new(),
        }
    }

    /// Sets `key: value` in the mapping of the item whose key is at `pos`.
    pub fn set(&mut self, pos: Pos, key: &str, value: &str) {
        let edit = Edit::Set {
            key: key.to_string(),
            value: value.to_string(),
        };
        self.queued.push((pos, edit));
    }

    /// Adds `entry` (without indentation) after the item whose key is at `pos`, at its
    /// indentation (a list item's `- ` kept).
    pub fn add_after(&mut self, pos: Pos, entry: &str) {
        self.queued.push((pos, Edit::AddAfter(entry.to_string())));
    }

    /// The text with every edit made; the positions of the edits that could not be made.
    pub fn text(mut self) -> (String, Vec<Pos>) {
        let mut queued = std::mem::take(&mut self.queued);
        // Bottom up; for one position, the last asked first, so that lines added after one
        // item keep the order they were asked in.
        let mut order: Vec<usize> = (0..queued.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((queued[i].0.line, i)));
        let mut failed = Vec::new();
        for i in order {
            let (pos, edit) = std::mem::replace(
                &mut queued[i],
                (Pos::default(), Edit::AddAfter(String::new())),
            );
            let done = match edit {
                Edit::Set { key, value } => self.apply_set(pos, &key, &value),
                Edit::AddAfter(entry) => self.apply_add_after(pos, &entry),
            };
            if !done {
                failed.push(pos);
            }
        }
        let mut s = self.lines.join("\n");
        s.push('\n');
        (s, failed)
    }

    fn indent(line: &str) -> usize {
        line.len() - line.trim_start().len()
    }

    /// The index of the last line of the item whose key stands on line `at` (0-based).
    fn entry_end(&self, at: usize) -> usize {
        let own = Self::indent(&self.lines[at]);
        let mut end = at;
        for (i, l) in self.lines.iter().enumerate().skip(at + 1) {
            if l.trim().is_empty() {
                continue;
            }
            if Self::indent(l) <= own {
                break;
            }
            end = i;
        }
        end
    }

    fn apply_set(&mut self, pos: Pos, key: &str, value: &str) -> bool {
        let at = pos.line.saturating_sub(1);
        let Some(line) = self.lines.get(at).cloned() else {
            return false;
        };
        if let (Some(open), true) = (line.find('{'), line.trim_end().ends_with('}')) {
            let body_start = open + 1;
            let body_end = line.rfind('}').unwrap_or(line.len());
            let body = &line[body_start..body_end];
            let needle = format!(" {key}: ");
            let new = match top_level(body, &needle) {
                Some(k) => {
                    let v = body_start + k + needle.len();
                    let len = scalar_len(&line[v..]);
                    format!("{}{value}{}", &line[..v], &line[v + len..])
                }
                None => {
                    let head = line[..body_end].trim_end().to_string();
                    format!("{head}, {key}: {value} {}", &line[body_end..])
                }
            };
            self.lines[at] = new;
            return true;
        }
        if !line.trim_end().ends_with(':') {
            return false;
        }
        let child = Self::indent(&line) + 2;
        let end = self.entry_end(at);
        for i in at + 1..=end {
            let l = self.lines[i].clone();
            if Self::indent(&l) == child && l.trim_start().starts_with(&format!("{key}:")) {
                self.lines[i] = format!("{}{key}: {value}", " ".repeat(child));
                return true;
            }
        }
        self.lines
            .insert(at + 1, format!("{}{key}: {value}", " ".repeat(child)));
        true
    }

    fn apply_add_after(&mut self, pos: Pos, entry: &str) -> bool {
        let at = pos.line.saturating_sub(1);
        let Some(line) = self.lines.get(at).cloned() else {
            return false;
        };
        let lead: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let list = line.trim_start().starts_with("- ");
        let end = if list { at } else { self.entry_end(at) };
        let prefix = if list { "- " } else { "" };
        self.lines.insert(end + 1, format!("{lead}{prefix}{entry}"));
        true
    }
}

/// Where `needle` stands in a flow mapping's body outside quotes and nested braces.
fn top_level(body: &str, needle: &str) -> Option<usize> {
    let padded = format!(" {body}");
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    for (i, c) in padded.char_indices() {
        if quoted {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => quoted = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ if depth == 0 && padded[i..].starts_with(needle) => {
                return i.checked_sub(1).or(Some(0))
            }
            _ => {}
        }
        escaped = false;
    }
    None
}

/// The length of the scalar at the start of `s` (quoted, or plain up to `,` / `}`).
fn scalar_len(s: &str) -> usize {
    if let Some(body) = s.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return i + 2,
                _ => escaped = false,
            }
        }
        return s.len();
    }
    s.find([',', '}'])
        .map_or(s.len(), |e| s[..e].trim_end().len())
}

/// A double-quoted YAML scalar.
pub(super) fn quote(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("\"{}\"", flat.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_set_in_flow_and_block_mappings() {
        let mut l = Lines::new("a:\n  x: { type: string, max_length: 40, doc: \"a, b }\" }\n  y:\n    type: string\n    doc: y\n");
        l.add_after(Pos { line: 2, col: 3 }, "w: { type: string }");
        l.set(Pos { line: 2, col: 3 }, "max_length", "32");
        l.set(Pos { line: 2, col: 3 }, "min_length", "2");
        l.set(Pos { line: 3, col: 3 }, "max_length", "9");
        l.add_after(Pos { line: 3, col: 3 }, "z: { type: string }");
        l.add_after(Pos { line: 3, col: 3 }, "zz: { type: string }");
        l.set(Pos { line: 9, col: 3 }, "max_length", "1");
        let (text, failed) = l.text();
        assert_eq!(failed, [Pos { line: 9, col: 3 }]);
        assert_eq!(
            text,
            "a:\n  x: { type: string, max_length: 32, doc: \"a, b }\", min_length: 2 }\n  w: { type: string }\n  y:\n    max_length: 9\n    type: string\n    doc: y\n  z: { type: string }\n  zz: { type: string }\n"
        );
    }
}
