//! Reading an answer type's `outcome:` list: what the answer means for the payment.

use super::*;
use crate::error::Pos;

const CASE_KEYS: &[&str] = &[
    "is", "when", "action", "redirect", "html", "poll", "code", "message", "category", "source",
    "reading", "public",
];

const TEST_KEYS: &[&str] = &["field", "equals", "in", "present", "category"];

impl Cx<'_> {
    /// `outcome:`, a list of cases; absent: none.
    pub(super) fn outcome_cases(&mut self, m: &Map<'_>) -> Vec<OutcomeCase> {
        let Some(node) = m.get("outcome") else {
            return Vec::new();
        };
        let path = m.child("outcome");
        let Some(items) = self.seq(node, &path) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| self.outcome_case(it, &format!("{path}[{i}]")))
            .collect()
    }

    fn outcome_case(&mut self, node: &Node, path: &str) -> Option<OutcomeCase> {
        let m = self.map(node, path, CASE_KEYS)?;
        let is = self.req(&m, "is").and_then(|n| {
            let text = self.scalar(n, &m.child("is"))?;
            Some((text, n.pos))
        });
        let when = self.outcome_tests(&m);
        let redirect = m
            .get("redirect")
            .and_then(|n| self.redirect(n, &m.child("redirect")));
        let poll = m.get("poll").and_then(|n| self.poll(n, &m.child("poll")));
        let category = m.get("category").and_then(|n| {
            let c = self.pick(n, &m.child("category"), "category", &Category::ALL)?;
            Some((c, n.pos))
        });
        Some(OutcomeCase {
            is: is?,
            when,
            action: self.opt_str_at(&m, "action"),
            redirect,
            html: self.opt_str_at(&m, "html"),
            poll,
            code: self.opt_str_at(&m, "code"),
            message: self.opt_str_at(&m, "message"),
            category,
            provenance: self.provenance(&m),
            path: path.to_string(),
            pos: m.pos,
        })
    }

    /// `when:`: one test, or a list of tests that must all hold.
    fn outcome_tests(&mut self, m: &Map<'_>) -> Vec<OutcomeTest> {
        let Some(node) = m.get("when") else {
            return Vec::new();
        };
        let path = m.child("when");
        match &node.kind {
            crate::yaml::Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| self.outcome_test(it, &format!("{path}[{i}]")))
                .collect(),
            _ => self.outcome_test(node, &path).into_iter().collect(),
        }
    }

    fn outcome_test(&mut self, node: &Node, path: &str) -> Option<OutcomeTest> {
        let m = self.map(node, path, TEST_KEYS)?;
        let field = self.req_str(&m, "field");
        let test = match m.only_one_of(&["equals", "in", "present", "category"]) {
            Some("equals") => self.req_str(&m, "equals").map(|v| FieldTest::In(vec![v])),
            Some("in") => self.req_list(&m, "in").map(FieldTest::In),
            Some("present") => self.present(&m),
            Some(_) => self.categories(&m),
            None => {
                let msg = "a test has exactly one of `equals`, `in`, `present: true` or `category`";
                self.err(m.pos, &m.path, msg);
                None
            }
        };
        Some(OutcomeTest {
            field: field?,
            test: test?,
            pos: m.pos,
        })
    }

    fn present(&mut self, m: &Map<'_>) -> Option<FieldTest> {
        let n = m.get("present")?;
        if self.scalar(n, &m.child("present")).as_deref() == Some("true") {
            return Some(FieldTest::Present);
        }
        self.err(n.pos, &m.child("present"), "`present` is `true`");
        None
    }

    /// `category: success` or `category: [pending, technical]`.
    fn categories(&mut self, m: &Map<'_>) -> Option<FieldTest> {
        let n = m.get("category")?;
        let path = m.child("category");
        let names = match &n.kind {
            crate::yaml::Kind::Seq(_) => self.str_list(n, &path)?,
            _ => vec![self.scalar(n, &path)?],
        };
        let mut out = Vec::new();
        for name in names {
            match Category::ALL.iter().find(|(k, _)| *k == name) {
                Some((_, c)) => out.push(*c),
                None => {
                    let known: Vec<_> = Category::ALL.iter().map(|(k, _)| *k).collect();
                    let msg = format!(
                        "unknown category `{name}`; expected one of: {}",
                        known.join(", ")
                    );
                    self.err(n.pos, &path, msg);
                    return None;
                }
            }
        }
        Some(FieldTest::Category(out))
    }

    fn redirect(&mut self, node: &Node, path: &str) -> Option<RedirectDef> {
        let m = self.map(node, path, &["url", "method", "fields"])?;
        let url = self.req(&m, "url").and_then(|n| {
            let text = self.scalar(n, &m.child("url"))?;
            Some((text, n.pos))
        });
        let post = self
            .opt_pick(&m, "method", "method", &[("POST", true), ("GET", false)])
            .unwrap_or(true);
        let fields = match m.get("fields") {
            Some(n) => self.redirect_fields(n, &m.child("fields"))?,
            None => Vec::new(),
        };
        Some(RedirectDef {
            url: url?,
            post,
            fields,
        })
    }

    /// `fields: { MD: transaction.verifyEnrollment3dsMd }`, in the order written.
    fn redirect_fields(&mut self, node: &Node, path: &str) -> Option<Vec<(String, String, Pos)>> {
        self.named(node, path, |cx, e| {
            let from = cx.scalar(e.node, &e.path)?;
            Some((e.name.to_string(), from, e.node.pos))
        })
    }

    fn poll(&mut self, node: &Node, path: &str) -> Option<PollDef> {
        let m = self.map(node, path, &["endpoint", "by", "value"])?;
        let endpoint = self.req(&m, "endpoint").and_then(|n| {
            let text = self.scalar(n, &m.child("endpoint"))?;
            Some((text, n.pos))
        });
        let by = self.req_str(&m, "by");
        Some(PollDef {
            endpoint: endpoint?,
            by: by?,
            value: self.opt_str_at(&m, "value"),
        })
    }
}
