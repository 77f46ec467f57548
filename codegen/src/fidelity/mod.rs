//! The documents as the judge: what a provider document states, compared with what a spec
//! says, item by item.
//!
//! A spec item names where in its documents it comes from (`source:`, an anchor that
//! survives edits elsewhere: [`crate::anchor`]); the comparison follows every citation
//! ([`crate::cite`]). A parameter or field citing its row is compared with it: wire name,
//! whether it is required (inside sub-forms too), length limits (the brand's own, for a
//! brand's document; a pattern's own lengths included), ranges and patterns the document
//! does not state, documented values and date format. An enum value must be listed where it
//! cites, a return code must be the cited row's code with its description, a rule's place
//! must speak of its fields, an endpoint's section must still be there. A documented row
//! or table that no item cites is a difference too, and so is a citation that names nothing.
//!
//! Each difference is one [`Property`] of one item. It is explained only when the item's
//! `reading:` names that property; a reading property that explains no difference in any
//! of the gateway's documents is reported as unused.
//!
//! How a document format marks necessity is the importer's reading ([`crate::import`]),
//! shared with skeletons and the diff: ComNpay's unmarked request rows are required.
//! Credentials (listed in every table) are compared once, by name, and are always sent.

mod conditions;
mod fields;
mod items;

use std::collections::BTreeSet;
use std::fmt;

pub use crate::cite::Document;
use crate::ir::{Gateway, Property};

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
    pub row: Option<(String, crate::import::Row)>,
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

/// Compares a spec with its documents (each imported, with its text). A document's brand
/// is the brand that lists it among its `sources`, for its own limits.
pub fn compare(g: &Gateway, docs: &[Document<'_>]) -> Report {
    let mut cx = items::Cx::new(g);
    for doc in docs {
        cx.document(g, doc);
    }
    let names: Vec<&str> = docs.iter().map(|d| d.name()).collect();
    cx.brands(g, &names);
    cx.finish()
}
