//! The documents as the judge: what a provider document states, compared with what a spec
//! says, item by item.
//!
//! A spec item names the document rows it comes from (`source:`); the comparison follows
//! those citations. For each cited parameter row it compares the wire name, whether the
//! parameter is required, its length limits (the brand's own, for a brand's document), its
//! documented values and its date format, and it reports any range or pattern the document
//! does not state. A documented row that no item cites, and a cited location where the
//! document says nothing of the item, are differences too. A difference is explained when
//! the item carries a `reading:` (the project's own decision) or `public:` (the provider's
//! public documentation); every other one fails the fidelity test. A `reading:` on an item
//! that also cites the document must explain a difference, or it is reported as unused.
//!
//! One reading belongs to the comparison itself: ComNpay's request tables mark optional
//! parameters "(optional)" and conditional ones "Mandatory for …", so a request row they
//! leave unmarked is read as required. Credentials (listed in every table) are compared once,
//! by name, and are always sent.

mod fields;
mod items;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::import::{Format, Imported, Row, TableKind};
use crate::ir::Gateway;

/// One difference between a document and a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The spec item, e.g. "`payment/tokenDebit` parameter `transactionRef`".
    pub item: String,
    /// What differs: `max_length`, `required`, `values`, `not in the spec`...
    pub what: String,
    /// What the document says.
    pub document: String,
    /// What the spec says.
    pub spec: String,
    /// Where the document says it.
    pub location: String,
    /// The reading or public page that explains the difference, if any.
    pub explained_by: Option<String>,
}

impl Finding {
    pub fn is_explained(&self) -> bool {
        self.explained_by.is_some()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: the document says {} ({}), the spec says {}",
            self.item, self.what, self.document, self.location, self.spec
        )?;
        if let Some(r) = &self.explained_by {
            write!(f, " [explained: {r}]")?;
        }
        Ok(())
    }
}

/// Everything one comparison found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Items whose `reading:` explains no difference with this document although they cite
    /// it: `(item, reading)`.
    pub unused_readings: Vec<(String, String)>,
}

impl Report {
    /// The differences no reading explains.
    pub fn unexplained(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_explained())
    }
}

/// A document's text, its imported facts, and the rows by their location.
pub struct Document<'a> {
    pub imported: &'a Imported,
    pub lines: Vec<&'a str>,
    rows: BTreeMap<String, (&'a Row, TableKind)>,
}

impl<'a> Document<'a> {
    pub fn new(imported: &'a Imported, text: &'a str) -> Self {
        let rows = imported
            .tables
            .iter()
            .flat_map(|t| {
                t.rows
                    .iter()
                    .map(move |r| (r.location.to_string(), (r, t.kind)))
            })
            .collect();
        Document {
            imported,
            lines: text.lines().collect(),
            rows,
        }
    }

    fn name(&self) -> &str {
        &self.imported.document
    }

    /// The cited row and the kind of its table, if the location is one.
    fn row(&self, location: &str) -> Option<(&'a Row, TableKind)> {
        self.rows.get(location).copied()
    }

    /// Whether the text at a cited `line N` / `lines N-M` mentions `word`; `None` when the
    /// location is not a line (a section of a one-line document).
    fn mentions(&self, location: &str, word: &str) -> Option<bool> {
        let rest = location.strip_prefix(self.name())?.trim_start();
        let (a, b) = if let Some(n) = rest.strip_prefix("line ") {
            let n: usize = n.parse().ok()?;
            (n, n)
        } else {
            let (a, b) = rest.strip_prefix("lines ")?.split_once('-')?;
            (a.parse().ok()?, b.parse().ok()?)
        };
        let lines = self.lines.get(a.checked_sub(1)?..b.min(self.lines.len()))?;
        Some(lines.iter().any(|l| l.contains(word)))
    }

    /// ComNpay's unmarked request rows read as required (see the module doc); its sub-form
    /// tables have no such marks ("fill in as many fields as possible").
    fn unmarked_is_required(&self, kind: TableKind) -> bool {
        self.imported.format == Format::ComnpayPipes && kind == TableKind::Request
    }
}

/// Compares one document with a spec. `brand` is the brand whose document it is, for its own
/// limits; `None` for a gateway without brands.
pub fn compare(g: &Gateway, doc: &Document<'_>) -> Report {
    let brand = g
        .brands
        .iter()
        .find(|b| b.sources.iter().any(|s| s == doc.name()))
        .map(|b| b.id.clone());
    let mut cx = items::Cx {
        doc,
        brand,
        findings: Vec::new(),
        cited: BTreeSet::new(),
        sent: BTreeSet::new(),
        explaining: BTreeSet::new(),
        readings: Vec::new(),
        credentials: g.credentials.iter().map(|c| c.wire.clone()).collect(),
        written: g
            .request_signature_field
            .iter()
            .cloned()
            .chain(
                g.ops
                    .iter()
                    .flat_map(|o| o.params.iter().filter_map(|p| p.currency_field.clone())),
            )
            .collect(),
        enum_values: g
            .enums
            .iter()
            .map(|e| {
                (
                    e.rust.clone(),
                    e.values.iter().map(|v| v.wire.clone()).collect(),
                )
            })
            .collect(),
    };
    cx.fields(g);
    cx.ops(g);
    cx.codes(g);
    cx.uncited_rows(g);
    cx.finish()
}
