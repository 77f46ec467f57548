//! Lowering cross-field rules: rule sets expanded, every named field resolved (dotted paths
//! into object parameters included), contradictions reported.

use super::model::*;
use super::Lower;
use crate::spec::{self, RuleKind as R, TypeBody};

impl<'s> Lower<'s> {
    pub(super) fn rules(&mut self, refs: &[spec::RuleRef], params: &[Field]) -> Vec<Rule> {
        let mut out = Vec::new();
        for r in self.expand(refs) {
            self.check_rule(&r, params);
            let provenance = self.provenance(&r.provenance);
            self.require_provenance(&provenance, r.pos, &r.key, "this rule");
            if let Some(kind) = self.rule_kind(&r, params) {
                out.push(Rule {
                    kind,
                    doc: r.doc.clone(),
                    provenance,
                });
            }
        }
        out
    }

    /// Named rule sets replaced by their rules.
    fn expand(&mut self, refs: &[spec::RuleRef]) -> Vec<spec::Rule> {
        let spec: &'s spec::Spec = self.spec;
        let mut flat = Vec::new();
        for r in refs {
            match r {
                spec::RuleRef::Inline(r) => flat.push((**r).clone()),
                spec::RuleRef::Set(name, pos) => {
                    match spec.rule_sets.iter().find(|s| &s.name == name) {
                        Some(s) => flat.extend(s.rules.iter().cloned()),
                        None => self.err(*pos, "rules", format!("`{name}` is not a rule set of this spec (see the top-level `rules:`)")),
                    }
                }
            }
        }
        flat
    }

    /// Rules that contradict the fields' own `required`, or name values an enum lacks.
    fn check_rule(&mut self, r: &spec::Rule, params: &[Field]) {
        let required = |w: &str| params.iter().any(|p| p.wire == w && p.required);
        match &r.kind {
            R::ExactlyOneOf(f) | R::AtMostOneOf(f) | R::AllOrNone(f) => {
                for w in f.iter().filter(|w| required(w)) {
                    self.err(r.pos, &r.key, format!("contradictory rule: `{w}` is required, so a group rule over it can never be met as intended"));
                }
            }
            R::RequiredWith { fields, .. } | R::RequiredUnless { fields, .. } => {
                for w in fields.iter().filter(|w| required(w)) {
                    let message = format!("`{w}` is always required; this rule adds nothing");
                    self.err(r.pos, &r.key, message);
                }
            }
            R::OneOfRequiredWith { one_of, any_of } => {
                for w in one_of.iter().filter(|w| required(w)) {
                    let message = format!("`{w}` is always required, so one of `one_of` always is; this rule adds nothing");
                    self.err(r.pos, &r.key, message);
                }
                for w in one_of.iter().filter(|w| any_of.contains(w)) {
                    let message = format!("`{w}` is in both `one_of` and `any_of`: given, it meets the rule it triggers");
                    self.err(r.pos, &r.key, message);
                }
            }
            R::RequiredIf { field, when } => {
                self.check_condition(r, when, params);
                if required(field) {
                    let message =
                        format!("`{field}` is always required; `required_if` adds nothing");
                    self.err(r.pos, &r.key, message);
                }
            }
            R::MaxLengthIf { field, max, when } => {
                self.check_condition(r, when, params);
                self.check_max_length_if(r, field, *max, params);
            }
        }
    }

    fn check_condition(&mut self, r: &spec::Rule, when: &spec::Condition, params: &[Field]) {
        let Some(Ty::Enum(e)) = params.iter().find(|p| p.wire == when.field).map(|p| &p.ty) else {
            return;
        };
        let Some(TypeBody::Enum(values)) = self.type_def(e).map(|t| &t.body) else {
            return;
        };
        for v in &when.values {
            if !values.iter().any(|x| &x.wire == v) {
                self.err(r.pos, &r.key, format!("`{v}` is not a value of `{e}`"));
            }
        }
    }

    fn check_max_length_if(&mut self, r: &spec::Rule, field: &str, max: u64, params: &[Field]) {
        let Some(p) = params.iter().find(|p| p.wire == field) else {
            return;
        };
        if !matches!(p.ty, Ty::String | Ty::Url | Ty::Email) {
            self.err(r.pos, &r.key, format!("`{field}` is not a text field"));
        }
        if let Some(lo) = p.min_length.filter(|lo| *lo > max) {
            self.err(r.pos, &r.key, format!("contradictory constraints: `{field}` has min_length {lo}, above this rule's max {max}"));
        }
    }

    /// The rule with its fields resolved; `None` (reported) when one cannot be.
    fn rule_kind(&mut self, r: &spec::Rule, params: &[Field]) -> Option<RuleKind> {
        let mut refs = |names: &[String]| -> Option<Vec<FieldRef>> {
            names.iter().map(|w| self.field_ref(r, w, params)).collect()
        };
        Some(match &r.kind {
            R::ExactlyOneOf(f) => RuleKind::ExactlyOneOf(refs(f)?),
            R::AtMostOneOf(f) => RuleKind::AtMostOneOf(refs(f)?),
            R::AllOrNone(f) => RuleKind::AllOrNone(refs(f)?),
            R::RequiredWith { fields, any_of } | R::RequiredUnless { fields, any_of } => {
                let negated = matches!(r.kind, R::RequiredUnless { .. });
                RuleKind::RequiredWith {
                    fields: refs(fields)?,
                    any_of: refs(any_of)?,
                    negated,
                    text: given_text(any_of, negated),
                }
            }
            R::OneOfRequiredWith { one_of, any_of } => RuleKind::OneOfRequiredWith {
                one_of: refs(one_of)?,
                any_of: refs(any_of)?,
                text: given_text(any_of, false),
            },
            R::RequiredIf { field, when } => RuleKind::RequiredIf {
                field: self.field_ref(r, field, params)?,
                when: self.condition(r, when, params)?,
            },
            R::MaxLengthIf { field, max, when } => RuleKind::MaxLengthIf {
                field: self.field_ref(r, field, params)?,
                max: *max,
                when: self.condition(r, when, params)?,
            },
        })
    }

    fn condition(
        &mut self,
        r: &spec::Rule,
        when: &spec::Condition,
        params: &[Field],
    ) -> Option<Condition> {
        Some(Condition {
            field: self.field_ref(r, &when.field, params)?,
            values: when.values.clone(),
            negated: when.negated,
            text: format!(
                "`{}` is {}{}",
                when.field,
                if when.negated { "not " } else { "" },
                when.values.join(" or ")
            ),
        })
    }

    /// A parameter, or a field of an object parameter (`ShipTo.City`).
    fn field_ref(&mut self, r: &spec::Rule, path: &str, params: &[Field]) -> Option<FieldRef> {
        let (head, tail) = match path.split_once('.') {
            Some((h, t)) => (h, Some(t)),
            None => (path, None),
        };
        let found = params.iter().find(|p| p.wire == head).and_then(|p| {
            let leaf = match (tail, &p.ty) {
                (None, _) => None,
                (Some(t), Ty::Object(o)) => Some(self.object_field(o, t)?),
                (Some(_), _) => return None,
            };
            Some(FieldRef {
                path: path.to_string(),
                head: p.clone(),
                leaf,
            })
        });
        if found.is_none() {
            let message = match tail {
                Some(_) => {
                    format!("`{path}` is not a field of an object parameter of this endpoint")
                }
                None => format!("`{path}` is not a parameter of this endpoint"),
            };
            self.err(r.pos, &r.key, message);
        }
        found
    }

    /// A field of a named object, lowered quietly (the object reports its own errors).
    fn object_field(&mut self, object: &str, wire: &str) -> Option<Field> {
        let Some(TypeBody::Object(o)) = self.type_def(object).map(|t| &t.body) else {
            return None;
        };
        let f = o.fields.iter().find(|f| f.wire == wire)?;
        let before = self.errors.len();
        let lowered = self.field(f);
        self.errors.truncate(before);
        lowered
    }
}

/// "`a` or `b` is given" / "none of `a`, `b` is given".
fn given_text(any_of: &[String], negated: bool) -> String {
    let names: Vec<String> = any_of.iter().map(|w| format!("`{w}`")).collect();
    if negated {
        format!("none of {} is given", names.join(", "))
    } else {
        format!("{} is given", names.join(" or "))
    }
}
