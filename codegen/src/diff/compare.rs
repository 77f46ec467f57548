//! [`diff`]: two gateways compared item by item, the gateway's settings first.

use super::model::Report;
use super::record::Diff;
use super::{gateway, ops, payments, types};
use crate::ir::Gateway;

/// What changed from `old` to `new`, for users of the generated API.
pub fn diff(old: &Gateway, new: &Gateway) -> Report {
    let mut d = Diff {
        old,
        new,
        changes: Vec::new(),
    };
    gateway::gateway(&mut d);
    ops::endpoints(&mut d);
    types::objects(&mut d);
    types::enums(&mut d);
    types::callback(&mut d);
    gateway::codes(&mut d);
    payments::payments(&mut d);
    Report { changes: d.changes }
}
