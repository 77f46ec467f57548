//! Walking the spec's items that cite a document: fields, endpoints, return codes, and the
//! document rows no item cites.

use std::collections::BTreeSet;

use super::{Document, Finding, Report};
use crate::import::TableKind;
use crate::ir::{Field, Gateway, Op, Provenance};

pub(super) struct Cx<'d, 'a> {
    pub doc: &'d Document<'a>,
    pub brand: Option<String>,
    pub findings: Vec<Finding>,
    /// Row locations some item cites.
    pub cited: BTreeSet<String>,
    /// Items whose reading explained a finding.
    pub explaining: BTreeSet<String>,
    /// Items citing this document that carry a reading: `(item, reading)`.
    pub readings: Vec<(String, String)>,
    /// Row locations that request fields cite.
    pub sent: BTreeSet<String>,
    /// The credentials' wire names.
    pub credentials: BTreeSet<String>,
    /// Wire names the client writes from other items: signatures, money's currency.
    pub written: BTreeSet<String>,
    /// Each enum's wire values, by its Rust name.
    pub enum_values: std::collections::BTreeMap<String, Vec<String>>,
}

/// Why a finding is acceptable, from the item's provenance.
fn explanation(p: &Provenance) -> Option<String> {
    match (&p.reading, &p.public) {
        (Some(r), _) => Some(format!("reading: {r}")),
        (None, Some(p)) => Some(format!("public: {p}")),
        (None, None) => None,
    }
}

impl Cx<'_, '_> {
    /// Records a difference about `item`, explained or not by its provenance.
    pub(super) fn find(&mut self, item: &str, p: &Provenance, what: &str, values: [String; 3]) {
        let explained_by = explanation(p);
        if explained_by.is_some() {
            self.explaining.insert(item.to_string());
        }
        let [document, spec, location] = values;
        self.findings.push(Finding {
            item: item.to_string(),
            what: what.to_string(),
            document,
            spec,
            location,
            explained_by,
        });
    }

    /// The locations in this document that `p` cites; notes a reading to account for.
    fn citations(&mut self, item: &str, p: &Provenance) -> Vec<String> {
        let name = self.doc.name();
        let cites: Vec<String> = p
            .sources
            .iter()
            .filter(|s| s.starts_with(name))
            .cloned()
            .collect();
        if let (false, Some(r)) = (cites.is_empty(), &p.reading) {
            self.readings.push((item.to_string(), r.clone()));
        }
        cites
    }

    pub(super) fn fields(&mut self, g: &Gateway) {
        let fields = all_fields(g);
        // Rows a request cites: an answer field citing one of them is that parameter read back.
        self.sent = fields
            .iter()
            .filter(|(_, side, _)| *side == Side::Request)
            .flat_map(|(_, _, f)| f.provenance.sources.iter().cloned())
            .collect();
        for (owner, side, f) in fields {
            let item = format!("{owner} `{}`", f.wire);
            for location in self.citations(&item, &f.provenance) {
                match self.doc.row(&location) {
                    Some((row, kind)) => {
                        self.cited.insert(location.clone());
                        self.field(&item, f, side, (row, kind), &location);
                    }
                    None => self.check_mention(&item, &f.provenance, &location, &f.wire),
                }
            }
        }
    }

    /// A location that is no parameter row must at least mention the item there.
    fn check_mention(&mut self, item: &str, p: &Provenance, location: &str, word: &str) {
        if self.doc.mentions(location, word) == Some(false) {
            let values = [
                format!("nothing of `{word}`"),
                "it comes from there".to_string(),
                location.to_string(),
            ];
            self.find(item, p, "cited location", values);
        }
    }

    pub(super) fn ops(&mut self, g: &Gateway) {
        for op in &g.ops {
            let item = format!("endpoint `{}` ({})", op.path, op.rust);
            for location in self.citations(&item, &op.provenance) {
                let word = op.path.rsplit('/').next().unwrap_or(&op.path).to_string();
                if !self.is_table(&location) {
                    self.check_mention(&item, &op.provenance, &location, &word);
                }
            }
        }
    }

    fn is_table(&self, location: &str) -> bool {
        self.doc
            .imported
            .tables
            .iter()
            .any(|t| t.location.to_string() == location)
    }

    pub(super) fn codes(&mut self, g: &Gateway) {
        let mut seen = BTreeSet::new();
        for c in &g.codes {
            let item = format!("return code `{}`", c.code);
            for location in self.citations(&item, &c.provenance) {
                seen.insert(c.code.clone());
                self.check_mention(&item, &c.provenance, &location, &c.code);
            }
        }
        let doc = self.doc;
        for row in doc
            .imported
            .codes
            .iter()
            .filter(|r| !seen.contains(&r.code))
        {
            let values = [
                format!("`{}` ({})", row.code, row.description),
                "nothing".to_string(),
                row.location.to_string(),
            ];
            self.find(
                "the return-code table",
                &Provenance::default(),
                "code not in the spec",
                values,
            );
        }
    }

    /// Request, sub-form and resource rows that no item cites: explained by the reading of
    /// the endpoint (or the object) that cites their table.
    pub(super) fn uncited_rows(&mut self, g: &Gateway) {
        let doc = self.doc;
        for t in &doc.imported.tables {
            if matches!(t.kind, TableKind::Response | TableKind::Dictionary) {
                continue;
            }
            let table = t.location.to_string();
            let owner = owner_of(g, &table);
            let item = format!("{} table `{}`", doc.name(), t.name);
            // Credentials are compared once, by name; signatures and the currency of money
            // fields are written by the client from other items.
            let known = |r: &&crate::import::Row| {
                self.credentials.contains(&r.wire) || self.written.contains(&r.wire)
            };
            let uncited: Vec<_> = t
                .rows
                .iter()
                .filter(|r| !self.cited.contains(&r.location.to_string()) && !known(r))
                .collect();
            for r in uncited {
                let values = [
                    format!("`{}`", r.wire),
                    "no item cites it".to_string(),
                    r.location.to_string(),
                ];
                self.find(
                    &item,
                    &owner,
                    "documented parameter not in the spec",
                    values,
                );
            }
        }
    }

    pub(super) fn finish(self) -> Report {
        let unused_readings = self
            .readings
            .into_iter()
            .filter(|(item, _)| !self.explaining.contains(item))
            .collect();
        Report {
            findings: self.findings,
            unused_readings,
        }
    }
}

/// The provenance of the endpoint or object that cites a table.
fn owner_of(g: &Gateway, table: &str) -> Provenance {
    let cites = |p: &Provenance| p.sources.iter().any(|s| s == table);
    let op = g.ops.iter().map(|o| &o.provenance).find(|p| cites(p));
    let object = g.objects.iter().map(|o| &o.provenance).find(|p| cites(p));
    op.or(object).cloned().unwrap_or_default()
}

/// Every field with the name of what holds it.
fn all_fields(g: &Gateway) -> Vec<(String, Side, &Field)> {
    let creds = g
        .credentials
        .iter()
        .map(|f| ("credential".to_string(), Side::Request, f));
    let params = g.ops.iter().flat_map(|o: &Op| {
        o.params
            .iter()
            .map(move |f| (format!("`{}` parameter", o.rust), Side::Request, f))
    });
    let objects = g
        .objects
        .iter()
        .chain(g.callback.iter().map(|c| &c.object))
        .flat_map(|o| {
            let side = if o.in_request {
                Side::Request
            } else {
                Side::Answer
            };
            o.fields
                .iter()
                .map(move |f| (format!("`{}` field", o.rust), side, f))
        });
    creds.chain(params).chain(objects).collect()
}

/// Whether a field is sent (credentials, parameters, sub-forms) or only read (answers,
/// callbacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Answer,
}
