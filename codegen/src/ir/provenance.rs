//! Where items come from: a `source` must name one of the gateway's documents, and under
//! `paybind spec check` every endpoint, parameter, rule, enum value and return code must
//! say where it comes from or why the project reads it so.

use super::model::Provenance;
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
            reading: p.reading.as_ref().map(|(t, _)| t.clone()),
            public: p.public.as_ref().map(|(t, _)| t.clone()),
        }
    }

    /// Under `spec check`: an item that says neither where it comes from nor why.
    pub(super) fn require_provenance(&mut self, p: &Provenance, pos: Pos, key: &str, what: &str) {
        if self.require_provenance && p.is_empty() {
            let message = format!("{what} says neither where it comes from (`source: <document> line <n>`) nor why the project reads it so (`reading:`), nor which public page it is taken from (`public:`)");
            self.err(pos, key, message);
        }
    }

    /// `<document> line <n>`, `<document> lines <n>-<m>` or `<document> § <section...>`,
    /// the document one of the gateway's.
    fn check_source(&mut self, text: &str, pos: Pos) {
        let documents = self.documents();
        let (document, location) = text.split_once(' ').unwrap_or((text, ""));
        if !documents.iter().any(|d| d == document) {
            let message = format!(
                "source `{text}` names no document of this gateway ({})",
                documents.join(", ")
            );
            self.err(pos, "source", message);
            return;
        }
        if !is_location(location) {
            let message = format!("source `{text}`: after the document comes `line <n>`, `lines <n>-<m>` or `§ <section, table, row>`");
            self.err(pos, "source", message);
        }
    }

    /// The gateway's documents: its `source` list and its brands' `sources`.
    fn documents(&self) -> Vec<String> {
        let g = &self.spec.gateway;
        let listed = g.source.split(',').map(|d| d.trim().to_string());
        let branded = g.brands.iter().flat_map(|b| b.sources.iter().cloned());
        let mut all: Vec<String> = listed.chain(branded).filter(|d| !d.is_empty()).collect();
        all.sort();
        all.dedup();
        all
    }
}

fn is_location(location: &str) -> bool {
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(n) = location.strip_prefix("line ") {
        return number(n);
    }
    if let Some(range) = location.strip_prefix("lines ") {
        return range
            .split_once('-')
            .is_some_and(|(a, b)| number(a) && number(b));
    }
    location
        .strip_prefix("§ ")
        .is_some_and(|rest| !rest.trim().is_empty())
}
