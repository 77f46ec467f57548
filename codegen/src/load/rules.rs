//! Reading rules: named rule sets (`rules:` at the top) and the `rules:` lists of objects,
//! endpoints and variants, which name sets or write rules inline.

use super::*;
use crate::yaml::Kind;

/// The keys of a rule: its kind, then `doc`.
const RULE_KEYS: &[&str] = &[
    "exactly_one_of",
    "at_most_one_of",
    "all_or_none",
    "required_if",
    "required_with",
    "required_unless",
    "one_of_required_with",
    "max_length_if",
    "doc",
    "source",
    "reading",
    "public",
];

/// The kinds of rule; a rule has exactly one of these keys.
const RULE_KINDS: &[&str] = RULE_KEYS.split_at(RULE_KEYS.len() - 4).0;

impl Cx<'_> {
    pub(super) fn rule_sets(&mut self, node: &Node) -> Vec<RuleSet> {
        self.named(node, "rules", Self::rule_set)
            .unwrap_or_default()
    }

    fn rule_set(&mut self, e: &Entry<'_>) -> Option<RuleSet> {
        let Kind::Seq(items) = &e.node.kind else {
            let found = e.node.kind_name();
            let msg = format!("a rule set is a list of rules, found {found}");
            self.err(e.node.pos, &e.path, msg);
            return None;
        };
        let rules = items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| self.rule(it, &format!("{}[{i}]", e.path)))
            .collect();
        Some(RuleSet {
            name: e.name.to_string(),
            rules,
            pos: e.pos,
        })
    }

    /// The optional `rules:` list of an object, endpoint or variant.
    pub(super) fn rules_of(&mut self, m: &Map<'_>) -> Vec<RuleRef> {
        m.get("rules")
            .map(|r| self.rule_refs(r, &m.child("rules")))
            .unwrap_or_default()
    }

    /// A `rules:` list: names of rule sets and inline rules.
    fn rule_refs(&mut self, node: &Node, path: &str) -> Vec<RuleRef> {
        let Kind::Seq(items) = &node.kind else {
            let msg = format!("expected a list of rules, found {}", node.kind_name());
            self.err(node.pos, path, msg);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match &it.kind {
                Kind::Scalar { text, .. } => {
                    out.push(RuleRef::Set(text.clone(), it.pos));
                }
                _ => out.extend(
                    self.rule(it, &format!("{path}[{i}]"))
                        .map(|r| RuleRef::Inline(Box::new(r))),
                ),
            }
        }
        out
    }

    fn rule(&mut self, node: &Node, path: &str) -> Option<Rule> {
        let m = self.map(node, path, RULE_KEYS)?;
        let Some(k) = m.only_one_of(RULE_KINDS) else {
            let msg = format!("a rule has exactly one of: {}", RULE_KINDS.join(", "));
            self.err(m.pos, path, msg);
            return None;
        };
        let doc = self.req_str(&m, "doc");
        let kind = self.rule_kind(k, m.get(k)?, &m.child(k))?;
        let provenance = self.provenance(&m);
        Some(Rule {
            kind,
            doc: doc?,
            provenance,
            key: path.to_string(),
            pos: m.pos,
        })
    }

    /// The value `n` of a rule's kind key `k`.
    fn rule_kind(&mut self, k: &str, n: &Node, path: &str) -> Option<RuleKind> {
        let kind = match k {
            "exactly_one_of" => RuleKind::ExactlyOneOf(self.str_list(n, path)?),
            "at_most_one_of" => RuleKind::AtMostOneOf(self.str_list(n, path)?),
            "all_or_none" => RuleKind::AllOrNone(self.str_list(n, path)?),
            "required_with" => {
                let (fields, any_of) = self.fields_any_of(n, path)?;
                RuleKind::RequiredWith { fields, any_of }
            }
            "required_unless" => {
                let (fields, any_of) = self.fields_any_of(n, path)?;
                RuleKind::RequiredUnless { fields, any_of }
            }
            "one_of_required_with" => {
                let m = self.map(n, path, &["one_of", "any_of"])?;
                let one_of = self.req_list(&m, "one_of");
                let any_of = self.req_list(&m, "any_of");
                let (one_of, any_of) = (one_of?, any_of?);
                if one_of.len() < 2 {
                    let msg = "`one_of` names at least two fields (for one, use `required_with`)";
                    self.err(n.pos, &m.child("one_of"), msg);
                }
                RuleKind::OneOfRequiredWith { one_of, any_of }
            }
            "required_if" => self.required_if(n, path)?,
            _ => self.max_length_if(n, path)?,
        };
        if let RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) = &kind
        {
            if f.len() < 2 {
                self.err(n.pos, path, "a group rule names at least two fields");
            }
        }
        Some(kind)
    }

    /// `required_with` and `required_unless`: `fields` and `any_of`.
    fn fields_any_of(&mut self, n: &Node, path: &str) -> Option<(Vec<String>, Vec<String>)> {
        let m = self.map(n, path, &["fields", "any_of"])?;
        let fields = self.req_list(&m, "fields");
        let any_of = self.req_list(&m, "any_of");
        Some((fields?, any_of?))
    }

    fn required_if(&mut self, n: &Node, path: &str) -> Option<RuleKind> {
        let m = self.map(n, path, &["field", "when"])?;
        let field = self.req_str(&m, "field");
        let when = self.condition(&m);
        Some(RuleKind::RequiredIf {
            field: field?,
            when: when?,
        })
    }

    fn max_length_if(&mut self, n: &Node, path: &str) -> Option<RuleKind> {
        let m = self.map(n, path, &["field", "max", "when"])?;
        let field = self.req_str(&m, "field");
        let max = self
            .req(&m, "max")
            .and_then(|max| self.int(max, &m.child("max")));
        let when = self.condition(&m);
        Some(RuleKind::MaxLengthIf {
            field: field?,
            max: max?,
            when: when?,
        })
    }

    /// The `when:` of a rule: a field and the values it has (`in`, `equals`) or has not
    /// (`not_in`).
    fn condition(&mut self, r: &Map<'_>) -> Option<Condition> {
        let n = self.req(r, "when")?;
        let m = self.map(n, &r.child("when"), &["field", "in", "equals", "not_in"])?;
        let field = self.req_str(&m, "field");
        let negated = m.get("not_in").is_some();
        let values = match m.only_one_of(&["in", "equals", "not_in"]) {
            Some("equals") => self.req_str(&m, "equals").map(|v| vec![v]),
            Some(k) => self.req_list(&m, k),
            None => {
                let msg = "a condition has exactly one of `in`, `equals` or `not_in`";
                self.err(m.pos, &m.path, msg);
                None
            }
        };
        Some(Condition {
            field: field?,
            values: values?,
            negated,
        })
    }
}
