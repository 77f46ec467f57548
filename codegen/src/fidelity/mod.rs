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
//! Each difference is one [`Property`](crate::ir::Property) of one item. It is explained only when the item's
//! `reading:` names that property; a reading property that explains no difference in any
//! of the gateway's documents is reported as unused.
//!
//! How a document format marks necessity is the importer's reading ([`crate::import`]),
//! shared with skeletons and the diff: ComNpay's unmarked request rows are required.
//! Credentials (listed in every table) are compared once, by name, and are always sent.

mod compare;
mod conditions;
mod fields;
mod items;
mod report;

pub use crate::cite::Document;
pub use compare::compare;
pub use report::{Finding, Report, Target};
