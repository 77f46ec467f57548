//! Reading `payments:`, the map from paybind's common payment operations to endpoints.

use super::*;

/// The common operations, in the order the section lists them.
pub(crate) const OPERATIONS: [&str; 6] =
    ["sale", "authorize", "capture", "refund", "cancel", "status"];

const OP_KEYS: &[&str] = &[
    "endpoint",
    "reference",
    "amount",
    "refund_reference",
    "answer",
    "id",
];

impl Cx<'_> {
    pub(super) fn payments(&mut self, node: &Node) -> Option<Payments> {
        let mut keys = vec!["doc", "currency", "callback"];
        keys.extend(OPERATIONS);
        let m = self.map(node, "payments", &keys)?;
        let doc = self.req_str(&m, "doc");
        let ops = OPERATIONS
            .iter()
            .filter_map(|k| {
                let n = m.get(k)?;
                self.payment_op(k, n, &m.child(k))
            })
            .collect();
        let callback = m.get("callback").and_then(|n| {
            let c = self.map(n, &m.child("callback"), &["reference", "id"])?;
            Some(PaymentCallback {
                reference: self.opt_str_at(&c, "reference"),
                id: self.opt_str_at(&c, "id"),
                pos: c.pos,
            })
        });
        Some(Payments {
            doc: doc?,
            currency: self.opt_str_at(&m, "currency"),
            ops,
            callback,
        })
    }

    fn payment_op(&mut self, kind: &str, node: &Node, path: &str) -> Option<PaymentOp> {
        let m = self.map(node, path, OP_KEYS)?;
        let endpoint = self.req(&m, "endpoint").and_then(|n| {
            let text = self.scalar(n, &m.child("endpoint"))?;
            Some((text, n.pos))
        });
        Some(PaymentOp {
            kind: kind.to_string(),
            endpoint: endpoint?,
            reference: self.opt_str_at(&m, "reference"),
            amount: self.opt_str_at(&m, "amount"),
            refund_reference: self.opt_str_at(&m, "refund_reference"),
            answer: self.opt_str_at(&m, "answer"),
            id: self.opt_str_at(&m, "id"),
            path: path.to_string(),
            pos: m.pos,
        })
    }
}
