//! Comparing `payments:`: an operation the client gains (compatible), loses (breaking: its
//! trait impl disappears), or maps otherwise (breaking: the same call sends another request).

use super::model::{Item, What};
use super::record::Diff;
use crate::ir::{PaymentId, PaymentOp};

pub(super) fn payments(d: &mut Diff) {
    let (old, new) = (d.old, d.new);
    let kinds = old.payments.iter().chain(&new.payments).map(|p| p.kind);
    let mut seen = Vec::new();
    for kind in kinds {
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        let find = |ps: &'_ [PaymentOp]| ps.iter().find(|p| p.kind == kind).map(text);
        let (a, b) = (find(&old.payments), find(&new.payments));
        let name = format!("{kind:?}");
        let item = Item::Gateway {
            setting: format!("payments.{}", name.to_lowercase()),
        };
        match (a, b) {
            (None, Some(b)) => d.at(&item, What::Added).now(b).compatible(
                "the client gains a common operation",
                format!("The client now implements `paybind::payments::{name}`."),
            ),
            (Some(a), None) => d.at(&item, What::Removed).was(a).breaking(
                "the client loses a common operation",
                format!("The client no longer implements `paybind::payments::{name}`: generic code that needs it no longer compiles for this gateway."),
            ),
            (Some(a), Some(b)) if a != b => d.at(&item, What::Value).was(a).now(b).breaking(
                "the operation sends another request",
                format!("`paybind::payments::{name}` now maps otherwise: the same call sends another request."),
            ),
            _ => {}
        }
    }
}

/// `payment/refund (reference transactionRef, amount amount in EUR, refund_reference -, id -)`.
fn text(p: &PaymentOp) -> String {
    let field =
        |f: &Option<(String, String)>| f.as_ref().map_or("-".to_string(), |(_, w)| w.clone());
    let amount = p
        .amount
        .as_ref()
        .map_or("-".to_string(), |a| match &a.currency {
            Some(c) => format!("{} in {c}", a.wire),
            None => a.wire.clone(),
        });
    let id = match &p.id {
        Some(PaymentId::Answer(path)) => format!("answer {}", path.wire),
        Some(PaymentId::Param(_, wire, _)) => wire.clone(),
        None => "-".to_string(),
    };
    let answer = p
        .answer
        .as_ref()
        .map_or("-".to_string(), |(rust, _)| rust.clone());
    format!(
        "{} (reference {}, amount {amount}, refund_reference {}, id {id}, answer {answer})",
        p.endpoint,
        field(&p.reference),
        field(&p.refund_reference)
    )
}
