//! Recording changes: the two gateways being compared and the changes found so far
//! ([`Diff`]), a change being recorded ([`Draft`]), and how a list prints in a change.

use super::model::{Change, Impact, Item, What};
use crate::ir::Gateway;

/// The two gateways and the changes found so far.
pub(super) struct Diff<'g> {
    pub(super) old: &'g Gateway,
    pub(super) new: &'g Gateway,
    pub(super) changes: Vec<Change>,
}

impl Diff<'_> {
    /// Starts a change of `item`; finish it with [`Draft::breaking`] or
    /// [`Draft::compatible`].
    pub(super) fn at<'d>(&'d mut self, item: &Item, what: What) -> Draft<'d> {
        Draft {
            out: &mut self.changes,
            item: item.clone(),
            what,
            old: None,
            new: None,
        }
    }
}

/// A change being recorded.
#[must_use]
pub(super) struct Draft<'d> {
    out: &'d mut Vec<Change>,
    item: Item,
    what: What,
    old: Option<String>,
    new: Option<String>,
}

impl Draft<'_> {
    pub(super) fn values(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    /// The old value.
    pub(super) fn was(mut self, v: impl Into<String>) -> Self {
        self.old = Some(v.into());
        self
    }

    /// The new value.
    pub(super) fn now(mut self, v: impl Into<String>) -> Self {
        self.new = Some(v.into());
        self
    }

    pub(super) fn breaking(self, note: impl Into<String>, reason: impl Into<String>) {
        self.record(Impact::Breaking, note.into(), reason.into());
    }

    pub(super) fn compatible(self, note: impl Into<String>, reason: impl Into<String>) {
        self.record(Impact::Compatible, note.into(), reason.into());
    }

    fn record(self, impact: Impact, note: String, reason: String) {
        self.out.push(Change {
            item: self.item,
            what: self.what,
            old: self.old,
            new: self.new,
            impact,
            reason,
            note,
        });
    }
}

/// A list as `[a, b]`.
pub(super) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let v: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    format!("[{}]", v.join(", "))
}
