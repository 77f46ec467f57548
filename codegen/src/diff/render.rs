//! A report as text (one line per change), JSON, or a CHANGELOG section.

use std::fmt::Write;

use super::model::{Change, Impact, Report, What};

/// Where a change goes in a changelog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Breaking,
    Added,
    Changed,
}

impl Section {
    fn of(c: &Change) -> Section {
        match (c.impact, &c.what) {
            (Impact::Breaking, _) => Section::Breaking,
            (Impact::Compatible, What::Added) => Section::Added,
            (Impact::Compatible, _) => Section::Changed,
        }
    }

    /// The text's first column.
    fn label(self) -> &'static str {
        match self {
            Section::Breaking => "BREAKING",
            Section::Added => "added",
            Section::Changed => "changed",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Section::Breaking => "Breaking",
            Section::Added => "Added",
            Section::Changed => "Changed",
        }
    }
}

/// The semver bump a report calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Report {
    fn count(&self, s: Section) -> usize {
        self.changes.iter().filter(|c| Section::of(c) == s).count()
    }

    /// One line per change, e.g.
    /// ``BREAKING  parameter `Sale.address1`: max_length 256 → 50 (tightened: requests that validated may now be refused)``,
    /// then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let label = Section::of(c).label();
            let _ = writeln!(out, "{label:<8}  {}: {}", c.item.label(), detail(c));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// "3 changes: 1 breaking, 1 added, 1 changed." or "No changes."
    fn summary(&self) -> String {
        let n = self.changes.len();
        if n == 0 {
            return "No changes.".to_string();
        }
        let s = if n == 1 { "" } else { "s" };
        let (b, a, c) = (
            self.count(Section::Breaking),
            self.count(Section::Added),
            self.count(Section::Changed),
        );
        format!("{n} change{s}: {b} breaking, {a} added, {c} changed.")
    }

    /// `{ "breaking": bool, "changes": [ { "item", "kind", "what", "old", "new", "impact",
    /// "reason" } ] }`, `old` and `new` being `null` when absent.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n  \"breaking\": ");
        out.push_str(if self.is_breaking() { "true" } else { "false" });
        out.push_str(",\n  \"changes\": [");
        for (i, c) in self.changes.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let fields = [
                ("item", Some(c.item.name())),
                ("kind", Some(c.item.kind().to_string())),
                ("what", Some(c.what.to_string())),
                ("old", c.old.clone()),
                ("new", c.new.clone()),
                ("impact", Some(c.impact.as_str().to_string())),
                ("reason", Some(c.reason.clone())),
            ];
            let members: Vec<String> = fields
                .iter()
                .map(|(k, v)| {
                    format!(
                        "\"{k}\": {}",
                        v.as_deref().map_or("null".to_string(), json_string)
                    )
                })
                .collect();
            let _ = write!(out, "    {{ {} }}", members.join(", "));
        }
        out.push_str(if self.changes.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// A Markdown section for CHANGELOG.md: `### Breaking`, `### Added` and `### Changed`
    /// lists, and a line recommending the semver bump.
    ///
    /// `version_hint` is the current version (`0.3.1`): the section is headed with the
    /// recommended next version. Anything else (`Unreleased`) heads the section as written,
    /// and the bump is given in words.
    pub fn to_changelog(&self, version_hint: &str) -> String {
        let version = parse_version(version_hint);
        let bump = self.bump();
        let next = version.map(|v| bumped(v, bump));
        let heading = next.map_or_else(|| version_hint.trim().to_string(), show);
        let mut out = format!("## {heading}\n\n");
        for s in [Section::Breaking, Section::Added, Section::Changed] {
            let entries: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| Section::of(c) == s)
                .collect();
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {}\n", s.heading());
            for c in entries {
                let _ = writeln!(out, "- {}: {}", c.item.label(), c.reason);
            }
            out.push('\n');
        }
        out.push_str(&recommendation(bump, version));
        out.push('\n');
        out
    }

    fn bump(&self) -> Bump {
        let mut b = Bump::None;
        for c in &self.changes {
            b = b.max(match Section::of(c) {
                Section::Breaking => Bump::Major,
                Section::Added => Bump::Minor,
                Section::Changed => Bump::Patch,
            });
        }
        b
    }
}

/// `max_length 256 → 50 (tightened: …)`, `added required string (…)`.
fn detail(c: &Change) -> String {
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
    let main = match (&c.what, &c.old, &c.new) {
        (What::Added, _, Some(v)) => format!("added {v}"),
        (What::Removed, Some(v), _) => format!("removed {v}"),
        (What::Added | What::Removed, _, _) => c.what.to_string(),
        (What::Value, o, n) => format!("{} → {}", value(o), value(n)),
        (w, o, n) => format!("{w} {} → {}", value(o), value(n)),
    };
    format!("{main} ({})", c.note)
}

type Version = (u64, u64, u64);

/// `1.2.3`, `v0.4.0`, `0.4.0-beta.1` (the pre-release part is dropped).
fn parse_version(s: &str) -> Option<Version> {
    let s = s.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    let core = s.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

fn show((a, b, c): Version) -> String {
    format!("{a}.{b}.{c}")
}

/// The next version. Before 1.0 a breaking change bumps the minor version and an addition
/// the patch version, as Cargo reads 0.x versions.
fn bumped((major, minor, patch): Version, bump: Bump) -> Version {
    match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, _) => (major + 1, 0, 0),
        (Bump::Minor, 0) | (Bump::Patch, _) => (major, minor, patch + 1),
        (Bump::Minor, _) => (major, minor + 1, 0),
    }
}

fn recommendation(bump: Bump, version: Option<Version>) -> String {
    let pre = version.is_some_and(|v| v.0 == 0);
    let (part, why) = match (bump, pre) {
        (Bump::None, _) => {
            return "No version bump needed: nothing changed for users of the generated API."
                .to_string()
        }
        (Bump::Major, true) => (
            "minor",
            "breaking changes, and before 1.0 a breaking change bumps the minor version",
        ),
        (Bump::Major, false) => (
            "major",
            "breaking changes (before 1.0, a breaking change bumps the minor version instead)",
        ),
        (Bump::Minor, true) => (
            "patch",
            "additions only, and before 1.0 an addition bumps the patch version",
        ),
        (Bump::Minor, false) => ("minor", "additions, nothing breaking"),
        (Bump::Patch, _) => ("patch", "compatible changes only, nothing added"),
    };
    let versions = version.map_or(String::new(), |v| {
        format!(" ({} → {})", show(v), show(bumped(v, bump)))
    });
    format!("Recommended version bump: **{part}**{versions}: {why}.")
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001""#);
    }

    #[test]
    fn control_characters_and_line_separators_are_escaped_and_spaces_are_not() {
        assert_eq!(json_string("\u{0}\u{1f} a"), r#""\u0000\u001f a""#);
        assert_eq!(json_string("\u{7f}é"), "\"\u{7f}é\"");
        assert_eq!(json_string("a\u{2028}b\u{2029}c"), r#""a\u2028b\u2029c""#);
        assert_eq!(json_string("\u{2028}"), r#""\u2028""#);
        assert_eq!(json_string("\u{2029}"), r#""\u2029""#);
    }

    #[test]
    fn versions() {
        assert_eq!(parse_version("0.3.1"), Some((0, 3, 1)));
        assert_eq!(parse_version("v1.2.3-beta.1"), Some((1, 2, 3)));
        assert_eq!(parse_version("Unreleased"), None);
        assert_eq!(parse_version("1.2"), None);
        assert_eq!(bumped((0, 3, 1), Bump::Major), (0, 4, 0));
        assert_eq!(bumped((0, 3, 1), Bump::Minor), (0, 3, 2));
        assert_eq!(bumped((1, 3, 1), Bump::Major), (2, 0, 0));
        assert_eq!(bumped((1, 3, 1), Bump::Minor), (1, 4, 0));
        assert_eq!(bumped((1, 3, 1), Bump::Patch), (1, 3, 2));
    }
}
