//! [`compare`]: a spec against its documents, one document after another, then the limits
//! of each brand's own documents.

use super::items::Cx;
use super::report::Report;
use crate::cite::Document;
use crate::ir::Gateway;

/// Compares a spec with its documents (each imported, with its text). A document's brand
/// is the brand that lists it among its `sources`, for its own limits.
pub fn compare(g: &Gateway, docs: &[Document<'_>]) -> Report {
    let mut cx = Cx::new(g);
    for doc in docs {
        cx.document(g, doc);
    }
    let names: Vec<&str> = docs.iter().map(|d| d.name()).collect();
    cx.brands(g, &names);
    cx.finish()
}
