//! What the judge reports: the [`Report`] of [`Finding`]s, each one property of one spec
//! item ([`Target`]) in which a document and the spec differ, and the readings no
//! difference needs.

use std::collections::BTreeSet;
use std::fmt;

use crate::import::Row;
use crate::ir::Property;

/// The spec item a finding is about, as `spec update` finds it again in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Target {
    /// A parameter of an endpoint (of one variant).
    Param {
        path: String,
        variant: Option<String>,
        wire: String,
    },
    /// A field of a named object (a sub-form, an answer, the callback).
    Field {
        object: String,
        wire: String,
    },
    Credential {
        wire: String,
    },
    Value {
        r#enum: String,
        wire: String,
    },
    Code {
        code: String,
    },
    Endpoint {
        path: String,
        variant: Option<String>,
    },
    Rule {
        owner: String,
    },
    /// A case of an answer's `outcome:`, by its place in the list.
    Outcome {
        owner: String,
        case: usize,
    },
    /// A documented table no item cites.
    Table {
        anchor: String,
    },
    Type {
        name: String,
    },
    #[default]
    None,
}

/// One difference between a document and a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The item, for tools.
    pub target: Target,
    /// For a documented row the spec leaves out: its table's citation name and the row.
    pub row: Option<(String, Row)>,
    /// The spec item, e.g. "`PaymentTokenDebit` parameter `transactionRef`".
    pub item: String,
    /// What differs.
    pub what: Property,
    /// What the document says.
    pub document: String,
    /// What the spec says.
    pub spec: String,
    /// Where the document says it (a citation, with its line when it has one).
    pub location: String,
    /// The reading that explains the difference, if any.
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
            self.item,
            self.what.as_str(),
            self.document,
            self.location,
            self.spec
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
    /// Readings that name a property in which no document differs: `(item, property,
    /// reading)`.
    pub unused_readings: Vec<(String, Property, String)>,
}

impl Report {
    /// The differences no reading explains.
    pub fn unexplained(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_explained())
    }

    /// The items of the unexplained differences, each once.
    pub fn unexplained_items(&self) -> BTreeSet<&str> {
        self.unexplained().map(|f| f.item.as_str()).collect()
    }
}
