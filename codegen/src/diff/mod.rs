//! A semantic diff of two lowered specs: what changed for users of the generated Rust API.
//!
//! [`diff`] compares two [`Gateway`](crate::ir::Gateway)s item by item (endpoints by path and variant key,
//! parameters and fields by wire name, enum values by wire value, return codes by code,
//! rules by kind and fields), never by a name derived from them, so that a renamed Rust type
//! or a reworded description shows as that one change. It classifies every difference as
//! [`Impact::Breaking`] or [`Impact::Compatible`], with one plain sentence saying why. The
//! [`Report`] prints as text, JSON, or a CHANGELOG section with the semver bump it calls for.
//!
//! The classification, in short:
//!
//! - something new is compatible (a new endpoint, optional setter, enum value, return code),
//!   unless callers must now provide it (a required parameter, a credential);
//! - something gone is breaking (its type, variant, setter or field disappears), unless it
//!   only constrained requests (a rule, a pattern, a limit);
//! - a constraint that tightens is breaking (requests that validated may now be refused);
//!   one that relaxes is compatible;
//! - a change of Rust type (type, required-ness, sensitivity) is breaking;
//! - a change on the wire (paths, methods, encodings, signatures, where credentials go) is
//!   breaking: clients and servers generated from the two versions no longer understand each
//!   other;
//! - a change of behaviour behind an unchanged API (a return code's category or
//!   description, a URL, what a timeout means) is compatible, reported as "changed".

mod compare;
mod fields;
mod gateway;
mod model;
mod ops;
mod order;
mod payments;
mod record;
mod render;
mod rules;
mod types;

pub use compare::diff;
pub use model::{Change, Impact, Item, Report, What};
