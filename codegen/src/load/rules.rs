//! Loading rules and rule sets.

use super::*;

impl Cx<'_> {
    pub(super) fn rule_sets(&mut self, node: &Node) -> Vec<RuleSet> {
        let Some(m) = self.open_map(node, "rules") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v, kpos) in m.iter() {
            let path = m.child(name);
            let Kind::Seq(items) = &v.kind else {
                let msg = format!("a rule set is a list of rules, found {}", v.kind_name());
                self.err(v.pos, &path, msg);
                continue;
            };
            let rules = items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| self.rule(it, &format!("{path}[{i}]")))
                .collect();
            out.push(RuleSet {
                name: name.to_string(),
                rules,
                pos: kpos,
            });
        }
        out
    }

    pub(super) fn rule(&mut self, node: &Node, path: &str) -> Option<Rule> {
        let kinds = [
            "exactly_one_of",
            "at_most_one_of",
            "all_or_none",
            "required_if",
            "required_with",
            "required_unless",
            "max_length_if",
        ];
        let mut allowed = kinds.to_vec();
        allowed.push("doc");
        let m = self.map(node, path, &allowed)?;
        let present: Vec<&str> = kinds
            .iter()
            .copied()
            .filter(|k| m.get(k).is_some())
            .collect();
        if present.len() != 1 {
            self.err(
                m.pos,
                path,
                format!("a rule has exactly one of: {}", kinds.join(", ")),
            );
            return None;
        }
        let doc = self.req_str(&m, "doc");
        let k = present[0];
        let n = m.get(k)?;
        let kp = m.child(k);
        let kind = match k {
            "exactly_one_of" => RuleKind::ExactlyOneOf(self.str_list(n, &kp)?),
            "at_most_one_of" => RuleKind::AtMostOneOf(self.str_list(n, &kp)?),
            "all_or_none" => RuleKind::AllOrNone(self.str_list(n, &kp)?),
            "required_with" | "required_unless" => {
                let r = self.map(n, &kp, &["fields", "any_of"])?;
                let fields = self.req_list(&r, "fields");
                let any_of = self.req_list(&r, "any_of");
                let (fields, any_of) = (fields?, any_of?);
                if k == "required_with" {
                    RuleKind::RequiredWith { fields, any_of }
                } else {
                    RuleKind::RequiredUnless { fields, any_of }
                }
            }
            "required_if" => {
                let r = self.map(n, &kp, &["field", "when"])?;
                let field = self.req_str(&r, "field");
                let when = self.condition(&r);
                RuleKind::RequiredIf {
                    field: field?,
                    when: when?,
                }
            }
            _ => {
                let r = self.map(n, &kp, &["field", "max", "when"])?;
                let field = self.req_str(&r, "field");
                let max = match r.get("max") {
                    Some(mn) => self.int(mn, &r.child("max")),
                    None => {
                        self.err(r.pos, &kp, "missing required key `max`".to_string());
                        None
                    }
                };
                let when = self.condition(&r);
                RuleKind::MaxLengthIf {
                    field: field?,
                    max: max?,
                    when: when?,
                }
            }
        };
        if let RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) = &kind
        {
            if f.len() < 2 {
                self.err(
                    n.pos,
                    &kp,
                    "a group rule names at least two fields".to_string(),
                );
            }
        }
        Some(Rule {
            kind,
            doc: doc?,
            key: path.to_string(),
            pos: m.pos,
        })
    }

    pub(super) fn condition(&mut self, r: &Map<'_>) -> Option<Condition> {
        let Some(n) = r.get("when") else {
            self.err(r.pos, &r.path, "missing required key `when`".to_string());
            return None;
        };
        let w = self.map(n, &r.child("when"), &["field", "in", "equals", "not_in"])?;
        let field = self.req_str(&w, "field");
        let negated = w.get("not_in").is_some();
        let values = match (w.get("in"), w.get("equals"), w.get("not_in")) {
            (Some(i), None, None) => self.str_list(i, &w.child("in")),
            (None, Some(e), None) => self.scalar(e, &w.child("equals")).map(|v| vec![v]),
            (None, None, Some(i)) => self.str_list(i, &w.child("not_in")),
            _ => {
                self.err(
                    w.pos,
                    &w.path,
                    "a condition has exactly one of `in`, `equals` or `not_in`".to_string(),
                );
                None
            }
        };
        Some(Condition {
            field: field?,
            values: values?,
            negated,
        })
    }

    pub(super) fn rule_refs(&mut self, node: &Node, path: &str) -> Vec<RuleRef> {
        let Kind::Seq(items) = &node.kind else {
            let msg = format!("expected a list of rules, found {}", node.kind_name());
            self.err(node.pos, path, msg);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match &it.kind {
                Kind::Scalar { text, .. } => out.push(RuleRef::Set(text.clone(), it.pos)),
                _ => {
                    if let Some(r) = self.rule(it, &p) {
                        out.push(RuleRef::Inline(r));
                    }
                }
            }
        }
        out
    }
}
