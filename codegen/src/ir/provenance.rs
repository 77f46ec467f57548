//! Where items come from: a `source` must name one of the gateway's documents, and under
//! `paybind spec check` every endpoint, parameter, rule, enum value and return code must
//! say where it comes from or why the project reads it so.

use super::model::{Property, Provenance, Reading};
use super::Lower;
use crate::error::Pos;
use crate::spec;

impl<'s> Lower<'s> {
    /// The IR's provenance of an item at `pos` / `key`, its source checked.
    pub(super) fn provenance(&mut self, p: &spec::Provenance) -> Provenance {
        for (text, pos) in &p.sources {
            self.check_source(text, *pos);
        }
        Provenance {
            sources: p.sources.iter().map(|(t, _)| t.clone()).collect(),
            reading: p.reading.as_ref().map(|(r, pos)| self.reading(r, *pos)),
            public: p.public.as_ref().map(|(t, _)| t.clone()),
        }
    }

    /// A reading's properties, each one the judge knows.
    fn reading(&mut self, r: &spec::Reading, pos: Pos) -> Reading {
        let mut parts = Vec::new();
        for (covers, why) in &r.parts {
            let mut props = Vec::new();
            for name in covers {
                match Property::parse(name) {
                    Some(p) => props.push(p),
                    None => {
                        let known: Vec<&str> = Property::ALL.iter().map(|(n, _)| *n).collect();
                        let message = format!(
                            "`{name}` is no property a reading can decide; one of: {}",
                            known.join(", ")
                        );
                        self.err(pos, "reading", message);
                    }
                }
            }
            parts.push((props, why.clone()));
        }
        Reading { parts }
    }

    /// Under `spec check`: an item that says neither where it comes from nor why.
    pub(super) fn require_provenance(&mut self, p: &Provenance, pos: Pos, key: &str, what: &str) {
        let whole = p.reading.as_ref().is_some_and(Reading::is_whole);
        if whole && !p.sources.is_empty() {
            let message = format!("{what} cites a document, so its reading names the properties it decides and nothing more, e.g. `reading: {{ max_length: \"why\" }}` (one of: {})", Property::ALL.map(|(n, _)| n).join(", "));
            self.err(pos, "reading", message);
        }
        if self.require_provenance && p.is_empty() {
            let message = format!("{what} says neither where it comes from (`source: <document> § <table>, row <key>`) nor why the project reads it so (`reading:`), nor which public page it is taken from (`public:`)");
            self.err(pos, key, message);
        }
    }

    /// A citation ([`crate::anchor`]): one of the gateway's documents, then a table and row,
    /// a table, or a quoted phrase; never a line number, which moves when the document
    /// changes.
    fn check_source(&mut self, text: &str, pos: Pos) {
        let documents = self.documents();
        let (document, _) = text.split_once(' ').unwrap_or((text, ""));
        if !documents.iter().any(|d| d == document) {
            let message = format!(
                "source `{text}` names no document of this gateway ({})",
                documents.join(", ")
            );
            self.err(pos, "source", message);
            return;
        }
        let message = match crate::anchor::parse(text) {
            Ok(c) if matches!(c.at, crate::anchor::At::Lines(..)) => format!("source `{text}`: a line number moves whenever the document gains or loses a line; cite the table and row (`§ <table>, row <key>`) or a quoted phrase (`paybind spec cite --fix` rewrites it)"),
            Ok(_) => return,
            Err(e) => format!("source `{text}`: {e}"),
        };
        self.err(pos, "source", message);
    }

    /// The gateway's documents: its `source` list and its brands' `sources`.
    fn documents(&self) -> Vec<String> {
        self.spec.documents()
    }
}
