//! The readers every part of the loader shares: a mapping with its key path, scalars,
//! lists, required and optional keys, and picking a value from a table of names.
//!
//! Each reader records what is wrong (file, line, key path) and returns `None` or an empty
//! value, so that loading goes on and one run reports every error it can.

use crate::error::{Pos, SpecError};
use crate::spec::Setting;
use crate::yaml::{Kind, Node};

/// The loading context: the file being read and the errors found so far.
pub(super) struct Cx<'f> {
    pub(super) file: &'f str,
    pub(super) errors: Vec<SpecError>,
}

/// A mapping node being read, with its key path.
pub(super) struct Map<'n> {
    entries: &'n [(Node, Node)],
    pub(super) path: String,
    pub(super) pos: Pos,
}

/// One entry of a mapping whose keys the spec author chooses (types, endpoints, fields...):
/// its key, its value, its key path and where the key is written.
pub(super) struct Entry<'n> {
    pub(super) name: &'n str,
    pub(super) node: &'n Node,
    pub(super) path: String,
    pub(super) pos: Pos,
}

fn key_text(k: &Node) -> &str {
    match &k.kind {
        Kind::Scalar { text, .. } => text,
        _ => "",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'n> Map<'n> {
    fn new(entries: &'n [(Node, Node)], path: &str, pos: Pos) -> Self {
        Map {
            entries,
            path: path.to_string(),
            pos,
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == key)
            .map(|(_, v)| v)
    }

    /// The key path of `key` in this mapping.
    pub(super) fn child(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub(super) fn entries(&self) -> impl Iterator<Item = Entry<'n>> + '_ {
        self.entries.iter().map(|(k, v)| Entry {
            name: key_text(k),
            node: v,
            path: self.child(key_text(k)),
            pos: k.pos,
        })
    }

    /// The one key of `keys` this mapping has, if it has exactly one of them.
    pub(super) fn only_one_of<'k>(&self, keys: &[&'k str]) -> Option<&'k str> {
        let mut present = keys.iter().filter(|k| self.get(k).is_some());
        match (present.next(), present.next()) {
            (Some(k), None) => Some(k),
            _ => None,
        }
    }
}

impl Cx<'_> {
    pub(super) fn err(&mut self, pos: Pos, key: &str, message: impl Into<String>) {
        self.errors
            .push(SpecError::new(self.file, pos, key, message.into()));
    }

    fn expected(&mut self, node: &Node, path: &str, what: &str) {
        let msg = format!("expected {what}, found {}", node.kind_name());
        self.err(node.pos, path, msg);
    }

    /// A mapping with a fixed set of keys; any other key is an error.
    pub(super) fn map<'n>(&mut self, node: &'n Node, path: &str, keys: &[&str]) -> Option<Map<'n>> {
        let Kind::Map(entries) = &node.kind else {
            self.expected(node, path, "a mapping");
            return None;
        };
        let m = Map::new(entries, path, node.pos);
        for e in m.entries().filter(|e| !keys.contains(&e.name)) {
            let msg = format!(
                "unknown key `{}`; expected one of: {}",
                e.name,
                keys.join(", ")
            );
            self.err(e.pos, &e.path, msg);
        }
        Some(m)
    }

    /// A mapping whose keys are names chosen by the spec author (types, endpoints...);
    /// `null` reads as an empty one.
    pub(super) fn open_map<'n>(&mut self, node: &'n Node, path: &str) -> Option<Map<'n>> {
        match &node.kind {
            Kind::Map(entries) => Some(Map::new(entries, path, node.pos)),
            _ if node.is_null() => Some(Map::new(&[], path, node.pos)),
            _ => {
                self.expected(node, path, "a mapping");
                None
            }
        }
    }

    /// Reads every entry of an author-named mapping with `read`, keeping those it accepts.
    /// `None` when the node is not a mapping.
    pub(super) fn named<T>(
        &mut self,
        node: &Node,
        path: &str,
        mut read: impl FnMut(&mut Self, &Entry<'_>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let m = self.open_map(node, path)?;
        Some(m.entries().filter_map(|e| read(self, &e)).collect())
    }

    /// A list's items; `None` (and an error) when the node is not a list.
    pub(super) fn seq<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [Node]> {
        match &node.kind {
            Kind::Seq(items) => Some(items),
            _ => {
                self.expected(node, path, "a list");
                None
            }
        }
    }

    pub(super) fn scalar(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
            _ => {
                self.expected(node, path, "a value");
                None
            }
        }
    }

    /// A list of scalars.
    pub(super) fn str_list(&mut self, node: &Node, path: &str) -> Option<Vec<String>> {
        self.seq(node, path)?
            .iter()
            .enumerate()
            .map(|(i, it)| self.scalar(it, &format!("{path}[{i}]")))
            .collect()
    }

    pub(super) fn int<T: std::str::FromStr>(&mut self, n: &Node, path: &str) -> Option<T> {
        let text = self.scalar(n, path)?;
        let value = text.parse::<T>().ok();
        if value.is_none() {
            self.err(
                n.pos,
                path,
                format!("expected a whole number, found `{text}`"),
            );
        }
        value
    }

    /// The value of a name in `table`; an unknown name is an error listing the known ones.
    pub(super) fn pick<T: Copy>(
        &mut self,
        n: &Node,
        path: &str,
        what: &str,
        table: &[(&str, T)],
    ) -> Option<T> {
        let text = self.scalar(n, path)?;
        if let Some((_, v)) = table.iter().find(|(k, _)| *k == text) {
            return Some(*v);
        }
        let names: Vec<_> = table.iter().map(|(k, _)| *k).collect();
        let msg = format!(
            "unknown {what} `{text}`; expected one of: {}",
            names.join(", ")
        );
        self.err(n.pos, path, msg);
        None
    }

    /// The node of a required key; its absence is an error on the mapping.
    pub(super) fn req<'n>(&mut self, m: &Map<'n>, key: &str) -> Option<&'n Node> {
        let node = m.get(key);
        if node.is_none() {
            self.err(m.pos, &m.path, format!("missing required key `{key}`"));
        }
        node
    }

    pub(super) fn req_str(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        let n = self.req(m, key)?;
        self.scalar(n, &m.child(key))
    }

    pub(super) fn req_list(&mut self, m: &Map<'_>, key: &str) -> Option<Vec<String>> {
        let n = self.req(m, key)?;
        self.str_list(n, &m.child(key))
    }

    pub(super) fn req_pick<T: Copy>(
        &mut self,
        m: &Map<'_>,
        key: &str,
        what: &str,
        table: &[(&str, T)],
    ) -> Option<T> {
        let n = self.req(m, key)?;
        self.pick(n, &m.child(key), what, table)
    }

    pub(super) fn opt_str(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        m.get(key).and_then(|n| self.scalar(n, &m.child(key)))
    }

    /// An optional scalar with the position it is written at.
    pub(super) fn opt_str_at(&mut self, m: &Map<'_>, key: &str) -> Option<(String, Pos)> {
        let n = m.get(key)?;
        Some((self.scalar(n, &m.child(key))?, n.pos))
    }

    /// An optional list of scalars with the position it is written at.
    pub(super) fn opt_list_at(&mut self, m: &Map<'_>, key: &str) -> Option<(Vec<String>, Pos)> {
        let n = m.get(key)?;
        Some((self.str_list(n, &m.child(key))?, n.pos))
    }

    pub(super) fn opt_bool(&mut self, m: &Map<'_>, key: &str) -> Option<bool> {
        let n = m.get(key)?;
        match self.scalar(n, &m.child(key))?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                let msg = format!("expected true or false, found `{other}`");
                self.err(n.pos, &m.child(key), msg);
                None
            }
        }
    }

    pub(super) fn opt_pick<T: Copy>(
        &mut self,
        m: &Map<'_>,
        key: &str,
        what: &str,
        table: &[(&str, T)],
    ) -> Option<T> {
        m.get(key)
            .and_then(|n| self.pick(n, &m.child(key), what, table))
    }

    /// A constraint: absent (inherited), `null` (cleared) or a whole number.
    pub(super) fn setting<T: std::str::FromStr>(&mut self, m: &Map<'_>, key: &str) -> Setting<T> {
        match m.get(key) {
            None => Setting::Inherit,
            Some(n) if n.is_null() => Setting::Cleared,
            Some(n) => match self.int(n, &m.child(key)) {
                Some(v) => Setting::Set(v, n.pos),
                None => Setting::Inherit,
            },
        }
    }

    /// `source`: one location, or a list of them.
    fn sources(&mut self, m: &Map<'_>) -> Vec<(String, Pos)> {
        let Some(n) = m.get("source") else {
            return Vec::new();
        };
        let path = m.child("source");
        match &n.kind {
            crate::yaml::Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| Some((self.scalar(it, &format!("{path}[{i}]"))?, it.pos)))
                .collect(),
            _ => self
                .scalar(n, &path)
                .map(|s| (s, n.pos))
                .into_iter()
                .collect(),
        }
    }

    /// `reading: "why"`, or `reading: { property: "why", "a, b": "why" }`.
    fn reading(&mut self, m: &Map<'_>) -> Option<(crate::spec::Reading, Pos)> {
        let n = m.get("reading")?;
        let path = m.child("reading");
        let parts = match &n.kind {
            crate::yaml::Kind::Map(_) => {
                let map = self.open_map(n, &path)?;
                let mut parts = Vec::new();
                for e in map.entries() {
                    let covers = e.name.split(',').map(|p| p.trim().to_string()).collect();
                    parts.push((covers, self.scalar(e.node, &e.path)?));
                }
                parts
            }
            _ => vec![(Vec::new(), self.scalar(n, &path)?)],
        };
        Some((crate::spec::Reading { parts }, n.pos))
    }

    /// `source`, `reading` and `public`: where an item comes from.
    pub(super) fn provenance(&mut self, m: &Map<'_>) -> crate::spec::Provenance {
        crate::spec::Provenance {
            sources: self.sources(m),
            reading: self.reading(m),
            public: self.opt_str_at(m, "public"),
        }
    }
}
