//! Lowering signatures: each part resolved against the signed fields and the credentials.

use super::model::*;
use super::Lower;
use crate::error::Pos;
use crate::spec::{self, SigPart};

impl<'s> Lower<'s> {
    /// Resolves a signature's parts against `fields` (params or callback fields) and the
    /// gateway's credentials.
    pub(super) fn signature(
        &mut self,
        sig: &spec::Signature,
        fields: &[Field],
        key: &str,
    ) -> Signature {
        let parts = sig
            .parts
            .iter()
            .filter_map(|(part, pos)| self.sig_part(part, *pos, fields, key))
            .collect();
        Signature {
            field: sig.field.clone(),
            sorted_values: sig.sorted_values.clone(),
            parts,
        }
    }

    fn sig_part(&mut self, part: &SigPart, pos: Pos, fields: &[Field], key: &str) -> Option<Part> {
        let find = |w: &str| fields.iter().find(|f| f.wire == w).cloned();
        let message = match part {
            SigPart::TargetId if self.spec.gateway.target.is_some() => return Some(Part::TargetId),
            SigPart::TargetId => "`target_id` needs a gateway `target`".to_string(),
            SigPart::Param(w) => match find(w) {
                Some(f) if f.ty.is_text() || matches!(f.ty, Ty::Integer | Ty::Enum(_)) => {
                    return Some(Part::Field(f))
                }
                Some(_) => format!("`{w}` cannot be signed as text; sign strings and integers"),
                None => format!("`{w}` is not a field here"),
            },
            SigPart::MinorUnits(w) | SigPart::CurrencyOf(w) => match find(w) {
                Some(f) if f.ty == Ty::Money && f.required => {
                    return Some(match part {
                        SigPart::MinorUnits(_) => Part::Minor(f),
                        _ => Part::Currency(f),
                    })
                }
                Some(_) => format!(
                    "`{w}` must be a required money field to sign its minor units or currency"
                ),
                None => format!("`{w}` is not a field here"),
            },
            SigPart::Credential(c) => match self.credentials.iter().find(|x| &x.wire == c) {
                Some(f) => return Some(Part::Credential(f.clone())),
                None => format!("`{c}` is not a credential of this gateway"),
            },
        };
        self.err(pos, key, message);
        None
    }
}
