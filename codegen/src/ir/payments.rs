//! Lowering `payments:`: each common operation on an endpoint of the spec, its reference and
//! amount parameters resolved and typed, and the lint checks: the operation can fill every
//! parameter the endpoint requires, and the answer says what it means (`outcome:`).

use super::model::*;
use super::Lower;
use crate::error::Pos;
use crate::spec;

const KINDS: [(&str, PaymentKind); 6] = [
    ("sale", PaymentKind::Sale),
    ("authorize", PaymentKind::Authorize),
    ("capture", PaymentKind::Capture),
    ("refund", PaymentKind::Refund),
    ("cancel", PaymentKind::Cancel),
    ("status", PaymentKind::Status),
];

impl PaymentKind {
    /// What the operation needs besides the endpoint: a reference, an amount.
    fn needs(self) -> (bool, bool) {
        match self {
            PaymentKind::Sale | PaymentKind::Authorize => (false, false),
            PaymentKind::Capture | PaymentKind::Refund => (true, true),
            PaymentKind::Cancel | PaymentKind::Status => (true, false),
        }
    }
}

impl<'s> Lower<'s> {
    pub(super) fn payments(&mut self, ops: &[Op], objects: &[Object]) -> Vec<PaymentOp> {
        let spec: &'s spec::Spec = self.spec;
        let Some(p) = &spec.payments else {
            return Vec::new();
        };
        let currency = p.currency.as_ref().map(|(c, _)| c.clone());
        p.ops
            .iter()
            .filter_map(|o| self.payment_op(o, ops, objects, currency.as_deref()))
            .collect()
    }

    /// `payments.callback`: the gateway has a callback saying what it means (`outcome:`),
    /// and the fields named are text it signs.
    pub(super) fn payment_callback(&mut self, cb: Option<&Callback>) -> Option<PaymentCallback> {
        let spec: &'s spec::Spec = self.spec;
        let p = spec.payments.as_ref()?.callback.as_ref()?;
        let key = "payments.callback";
        let Some(cb) = cb.filter(|c| !c.object.outcome.is_empty()) else {
            return self.lint(
                p.pos,
                key,
                "`payments.callback` needs a `gateway.callback` with `outcome:`".to_string(),
            );
        };
        let mut field = |given: &Option<(String, Pos)>, name: &str| -> Option<Option<String>> {
            let Some((wire, pos)) = given else {
                return Some(None);
            };
            match cb.signed.iter().find(|f| &f.wire == wire) {
                Some(f) if f.ty.is_text() && f.sensitive.is_none() => Some(Some(f.rust.clone())),
                _ => self.lint(
                    *pos,
                    &format!("{key}.{name}"),
                    format!("`{wire}` is no signed text field of the callback"),
                ),
            }
        };
        let reference = field(&p.reference, "reference")?;
        let id = field(&p.id, "id")?;
        Some(PaymentCallback { reference, id })
    }

    fn payment_op(
        &mut self,
        o: &spec::PaymentOp,
        ops: &[Op],
        objects: &[Object],
        currency: Option<&str>,
    ) -> Option<PaymentOp> {
        let kind = KINDS.iter().find(|(k, _)| *k == o.kind)?.1;
        let (path, pos) = (&o.endpoint.0, o.endpoint.1);
        let key = format!("{}.endpoint", o.path);
        let found: Vec<&Op> = ops.iter().filter(|op| &op.path == path).collect();
        let op = match found.as_slice() {
            [op] => *op,
            [] => return self.lint(pos, &key, format!("`{path}` is no endpoint of this spec")),
            _ => {
                return self.lint(
                    pos,
                    &key,
                    format!("`{path}` has variants: a common operation needs one request type"),
                )
            }
        };
        let (needs_reference, needs_amount) = kind.needs();
        let reference = self.payment_param(o, op, &o.reference, needs_reference, "reference")?;
        let amount = match &o.amount {
            Some((wire, apos)) if kind != PaymentKind::Sale && kind != PaymentKind::Authorize => {
                Some(self.payment_amount(o, op, wire, *apos, currency, kind)?)
            }
            Some((_, apos)) => return self.lint(
                *apos,
                &format!("{}.amount", o.path),
                "`sale` and `authorize` take the gateway's own request: `amount` does not apply"
                    .to_string(),
            ),
            None if needs_amount => {
                return self.lint(
                    o.pos,
                    &o.path,
                    format!("`{}` names its `amount` parameter", o.kind),
                )
            }
            None => None,
        };
        let refund_reference = match kind {
            PaymentKind::Refund => {
                self.payment_param(o, op, &o.refund_reference, false, "refund_reference")?
            }
            _ => self.not_for(o, &o.refund_reference, "refund_reference")?,
        };
        if kind != PaymentKind::Status {
            self.not_for::<()>(o, &o.answer, "answer")?;
        }
        let id = self.payment_id(o, op, kind, objects)?;
        let id_param = match &id {
            Some(PaymentId::Param(r, w, _)) => Some((r.clone(), w.clone())),
            _ => None,
        };
        self.filled(
            o,
            op,
            kind,
            [&reference, &refund_reference, &id_param],
            amount.as_ref(),
        )?;
        let answer = self.payment_answer(o, op, objects)?;
        Some(PaymentOp {
            kind,
            endpoint: op.path.clone(),
            request: op.rust.clone(),
            method: op.method.clone(),
            reference,
            amount,
            refund_reference,
            answer,
            id,
        })
    }

    /// Sale and authorize read the gateway's id from the answer (text); the others send it.
    fn payment_id(
        &mut self,
        o: &spec::PaymentOp,
        op: &Op,
        kind: PaymentKind,
        objects: &[Object],
    ) -> Option<Option<PaymentId>> {
        let Some((wire, pos)) = &o.id else {
            return Some(None);
        };
        let key = format!("{}.id", o.path);
        if !matches!(kind, PaymentKind::Sale | PaymentKind::Authorize) {
            let param = self.payment_param(o, op, &o.id, false, "id")?;
            let required = op.params.iter().any(|f| &f.wire == wire && f.required);
            return Some(param.map(|(r, w)| PaymentId::Param(r, w, required)));
        }
        let Response::Object(root) = &op.response else {
            return self.lint(*pos, &key, format!("`{}` answers text", op.path));
        };
        match super::outcome::Paths::new(root, objects).resolve(wire) {
            Ok(p) if p.leaf.is_text() => Some(Some(PaymentId::Answer(p))),
            Ok(p) => self.lint(
                *pos,
                &key,
                format!("`{wire}` is {}; an id is text", super::ty_name(&p.leaf)),
            ),
            Err(msg) => self.lint(*pos, &key, msg),
        }
    }

    fn lint<T>(&mut self, pos: Pos, key: &str, message: String) -> Option<T> {
        self.err(pos, key, message);
        None
    }

    /// `Some(None)` when `given` is absent: a key this operation does not use is an error.
    fn not_for<T>(
        &mut self,
        o: &spec::PaymentOp,
        given: &Option<(String, Pos)>,
        name: &str,
    ) -> Option<Option<T>> {
        match given {
            Some((_, pos)) => self.lint(
                *pos,
                &format!("{}.{name}", o.path),
                format!("`{name}` does not apply to `{}`", o.kind),
            ),
            None => Some(None),
        }
    }

    /// A text parameter of the endpoint, as `(setter, wire)`.
    fn payment_param(
        &mut self,
        o: &spec::PaymentOp,
        op: &Op,
        given: &Option<(String, Pos)>,
        needed: bool,
        name: &str,
    ) -> Option<Option<(String, String)>> {
        let key = format!("{}.{name}", o.path);
        let Some((wire, pos)) = given else {
            if needed {
                return self.lint(
                    o.pos,
                    &o.path,
                    format!("`{}` names its `{name}` parameter", o.kind),
                );
            }
            return Some(None);
        };
        let Some(f) = op.params.iter().find(|f| &f.wire == wire) else {
            return self.lint(
                *pos,
                &key,
                format!("`{}` has no parameter `{wire}`", op.path),
            );
        };
        if !f.ty.is_text() || f.sensitive.is_some() {
            return self.lint(
                *pos,
                &key,
                format!("`{wire}` is not a plain text parameter"),
            );
        }
        Some(Some((f.rust.clone(), f.wire.clone())))
    }

    fn payment_amount(
        &mut self,
        o: &spec::PaymentOp,
        op: &Op,
        wire: &str,
        pos: Pos,
        currency: Option<&str>,
        kind: PaymentKind,
    ) -> Option<PaymentAmount> {
        let key = format!("{}.amount", o.path);
        let Some(f) = op.params.iter().find(|f| f.wire == wire) else {
            return self.lint(
                pos,
                &key,
                format!("`{}` has no parameter `{wire}`", op.path),
            );
        };
        let currency = match (&f.ty, currency) {
            (Ty::Amount, Some(c)) => Some(c.to_string()),
            (Ty::Amount, None) => {
                return self.lint(
                    pos,
                    &key,
                    format!(
                    "`{wire}` is in minor units of no stated currency: give `payments.currency`"
                ),
                )
            }
            (Ty::Money, _) if kind != PaymentKind::Cancel => None,
            _ => {
                return self.lint(
                    pos,
                    &key,
                    format!("`{wire}` is not an amount this operation can fill"),
                )
            }
        };
        Some(PaymentAmount {
            rust: f.rust.clone(),
            wire: f.wire.clone(),
            currency,
        })
    }

    /// Capture, refund, cancel and status build the request from the reference and the
    /// amount alone: every other parameter the endpoint requires is an error.
    fn filled(
        &mut self,
        o: &spec::PaymentOp,
        op: &Op,
        kind: PaymentKind,
        references: [&Option<(String, String)>; 3],
        amount: Option<&PaymentAmount>,
    ) -> Option<()> {
        if matches!(kind, PaymentKind::Sale | PaymentKind::Authorize) {
            return Some(());
        }
        let given = |w: &str| {
            references
                .iter()
                .any(|r| r.as_ref().is_some_and(|(_, x)| x == w))
                || amount.is_some_and(|a| a.wire == w)
        };
        let missing: Vec<&str> = op
            .params
            .iter()
            .filter(|f| f.required && !given(&f.wire))
            .map(|f| f.wire.as_str())
            .collect();
        if missing.is_empty() {
            return Some(());
        }
        self.lint(
            o.pos,
            &o.path,
            format!(
                "`{}` requires `{}`, which `{}` cannot fill",
                op.path,
                missing.join("`, `"),
                o.kind
            ),
        )
    }

    /// The answer's outcome: the response's own, or (status) the named field's.
    fn payment_answer(
        &mut self,
        o: &spec::PaymentOp,
        op: &Op,
        objects: &[Object],
    ) -> Option<Option<(String, bool)>> {
        let Response::Object(name) = &op.response else {
            return self.lint(
                o.pos,
                &o.path,
                format!("`{}` answers text: no outcome", op.path),
            );
        };
        let object = |n: &str| objects.iter().find(|x| x.rust == n);
        let Some((wire, pos)) = &o.answer else {
            if object(name).is_some_and(|x| !x.outcome.is_empty()) {
                return Some(None);
            }
            return self.lint(
                o.pos,
                &o.path,
                format!("`{name}` has no `outcome:`: what its answers mean is not said"),
            );
        };
        let key = format!("{}.answer", o.path);
        let field = object(name).and_then(|x| x.fields.iter().find(|f| &f.wire == wire));
        let Some(f) = field else {
            return self.lint(*pos, &key, format!("`{name}` has no field `{wire}`"));
        };
        let (inner, list) = match &f.ty {
            Ty::List(i) => (i.as_ref(), true),
            t => (t, false),
        };
        match inner {
            Ty::Object(n) if object(n).is_some_and(|x| !x.outcome.is_empty()) => {
                Some(Some((f.rust.clone(), list)))
            }
            _ => self.lint(
                *pos,
                &key,
                format!("`{wire}` holds no object with an `outcome:`"),
            ),
        }
    }
}
