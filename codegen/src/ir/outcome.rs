//! Lowering `outcome:`: each case's tests typed by the fields they read, its paths resolved
//! through sub-objects, and the lint checks (an answer type only, no list or secret on a
//! path, values the field can have, a poll endpoint and parameter that exist).

use super::model::*;
use super::{convert, ty_name, Lower};
use crate::error::Pos;
use crate::spec::{self, FieldTest, TypeBody};

/// The outcomes `is:` names.
const OUTCOMES: &[&str] = &[
    "succeeded",
    "authorized",
    "action_required",
    "pending",
    "declined",
    "cancelled",
    "unknown",
];

/// The actions `action:` names, with the runtime's `ActionKind` variants.
const ACTIONS: &[(&str, &str)] = &[
    ("three_ds_v1", "ThreeDsV1"),
    ("three_ds_v2", "ThreeDsV2"),
    ("three_ds", "ThreeDs"),
    ("payment_page", "PaymentPage"),
];

/// What a case may hold besides `is`, `when` and its provenance, by outcome.
fn allowed(is: &str) -> &'static [&'static str] {
    match is {
        "action_required" => &["action", "redirect", "html"],
        "pending" => &["poll"],
        "declined" => &["code", "message", "category"],
        _ => &[],
    }
}

impl<'s> Lower<'s> {
    /// Lowers every object's `outcome:` (objects and endpoints already lowered).
    pub(super) fn outcomes(&mut self, objects: &mut [Object], ops: &[Op]) {
        let spec: &'s spec::Spec = self.spec;
        for t in &spec.types {
            let TypeBody::Object(def) = &t.body else {
                continue;
            };
            if def.outcome.is_empty() {
                continue;
            }
            let Some(i) = objects.iter().position(|o| o.rust == t.name) else {
                continue;
            };
            if !objects[i].in_response {
                let key = format!("types.{}.outcome", t.name);
                let msg = "`outcome` is for answers: no endpoint answers with this type";
                self.err(t.pos, &key, msg.to_string());
                continue;
            }
            let cases = def
                .outcome
                .iter()
                .filter_map(|c| self.outcome_case(c, &t.name, objects, ops))
                .collect();
            objects[i].outcome = cases;
        }
    }

    /// The callback's `outcome:` cases, resolved against the callback and the objects.
    pub(super) fn callback_outcome(
        &mut self,
        cb: &spec::Callback,
        object: &Object,
        objects: &[Object],
        ops: &[Op],
    ) -> Vec<OutcomeCase> {
        let mut all = objects.to_vec();
        all.push(object.clone());
        cb.outcome
            .iter()
            .filter_map(|c| self.outcome_case(c, &object.rust, &all, ops))
            .collect()
    }

    fn outcome_case(
        &mut self,
        c: &spec::OutcomeCase,
        root: &str,
        objects: &[Object],
        ops: &[Op],
    ) -> Option<OutcomeCase> {
        let (is, is_pos) = (&c.is.0, c.is.1);
        if !OUTCOMES.contains(&is.as_str()) {
            let msg = format!(
                "unknown outcome `{is}`; expected one of: {}",
                OUTCOMES.join(", ")
            );
            self.err(is_pos, &format!("{}.is", c.path), msg);
            return None;
        }
        self.extra_keys(c, is);
        let provenance = self.provenance(&c.provenance);
        let what = format!("outcome case `{is}` of `{root}`");
        self.require_provenance(&provenance, c.pos, &c.path, &what);
        let paths = Paths::new(root, objects);
        let tests: Vec<OutcomeTest> = c
            .when
            .iter()
            .filter_map(|t| self.outcome_test(t, &paths, &c.path))
            .collect();
        let is = self.outcome_is(c, &paths, ops)?;
        (tests.len() == c.when.len()).then_some(OutcomeCase {
            tests,
            is,
            provenance,
        })
    }

    /// A key the outcome does not use is an error, not silently ignored.
    fn extra_keys(&mut self, c: &spec::OutcomeCase, is: &str) {
        let given = [
            ("action", c.action.as_ref().map(|a| a.1)),
            ("redirect", c.redirect.as_ref().map(|r| r.url.1)),
            ("html", c.html.as_ref().map(|h| h.1)),
            ("poll", c.poll.as_ref().map(|p| p.endpoint.1)),
            ("code", c.code.as_ref().map(|x| x.1)),
            ("message", c.message.as_ref().map(|x| x.1)),
            ("category", c.category.as_ref().map(|x| x.1)),
        ];
        for (key, pos) in given {
            if let Some(pos) = pos.filter(|_| !allowed(is).contains(&key)) {
                let msg = format!("`{key}` does not apply to the outcome `{is}`");
                self.err(pos, &format!("{}.{key}", c.path), msg);
            }
        }
    }

    fn outcome_is(
        &mut self,
        c: &spec::OutcomeCase,
        paths: &Paths<'_>,
        ops: &[Op],
    ) -> Option<OutcomeIs> {
        Some(match c.is.0.as_str() {
            "succeeded" => OutcomeIs::Succeeded,
            "authorized" => OutcomeIs::Authorized,
            "cancelled" => OutcomeIs::Cancelled,
            "unknown" => OutcomeIs::Unknown,
            "action_required" => self.action(c, paths)?,
            "pending" => OutcomeIs::Pending {
                poll: match &c.poll {
                    Some(p) => Some(self.poll(p, paths, ops, &c.path)?),
                    None => None,
                },
            },
            _ => self.declined(c, paths)?,
        })
    }

    fn action(&mut self, c: &spec::OutcomeCase, paths: &Paths<'_>) -> Option<OutcomeIs> {
        let key = format!("{}.action", c.path);
        let Some((name, pos)) = &c.action else {
            self.err(
                c.pos,
                &key,
                "`action_required` names its `action`".to_string(),
            );
            return None;
        };
        let Some((_, kind)) = ACTIONS.iter().find(|(n, _)| n == name) else {
            let known: Vec<_> = ACTIONS.iter().map(|(n, _)| *n).collect();
            let msg = format!(
                "unknown action `{name}`; expected one of: {}",
                known.join(", ")
            );
            self.err(*pos, &key, msg);
            return None;
        };
        let target = match (&c.redirect, &c.html) {
            (Some(r), None) => self.redirect(r, paths, &c.path)?,
            (None, Some((html, pos))) => ActionTarget::Html(self.text_path(
                html,
                *pos,
                paths,
                &format!("{}.html", c.path),
            )?),
            _ => {
                let msg = "`action_required` has exactly one of `redirect` or `html`";
                self.err(c.pos, &c.path, msg.to_string());
                return None;
            }
        };
        Some(OutcomeIs::ActionRequired { kind, target })
    }

    fn redirect(
        &mut self,
        r: &spec::RedirectDef,
        paths: &Paths<'_>,
        at: &str,
    ) -> Option<ActionTarget> {
        let key = format!("{at}.redirect");
        let url = self.text_path(&r.url.0, r.url.1, paths, &format!("{key}.url"));
        let mut fields = Vec::new();
        for (name, from, pos) in &r.fields {
            let path = self.text_path(from, *pos, paths, &format!("{key}.fields.{name}"));
            fields.push((name.clone(), path?));
        }
        Some(ActionTarget::Redirect {
            url: url?,
            post: r.post,
            fields,
        })
    }

    fn poll(&mut self, p: &spec::PollDef, paths: &Paths<'_>, ops: &[Op], at: &str) -> Option<Poll> {
        let key = format!("{at}.poll");
        let (endpoint, pos) = &p.endpoint;
        let Some(op) = ops.iter().find(|o| &o.path == endpoint) else {
            self.err(
                *pos,
                &key,
                format!("`{endpoint}` is no endpoint of this spec"),
            );
            return None;
        };
        if !op.params.iter().any(|f| f.wire == p.by) {
            let msg = format!("`{endpoint}` has no parameter `{}`", p.by);
            self.err(*pos, &format!("{key}.by"), msg);
            return None;
        }
        let value = match &p.value {
            Some((v, vpos)) => Some(self.text_path(v, *vpos, paths, &format!("{key}.value"))?),
            None => None,
        };
        Some(Poll {
            endpoint: endpoint.clone(),
            by: p.by.clone(),
            value,
        })
    }

    fn declined(&mut self, c: &spec::OutcomeCase, paths: &Paths<'_>) -> Option<OutcomeIs> {
        let code = match &c.code {
            Some((f, pos)) => Some(self.path(f, *pos, paths, &format!("{}.code", c.path))?),
            None => None,
        };
        if let Some(p) = code.as_ref().filter(|p| !is_textual(&p.leaf)) {
            let msg = format!(
                "a code is text, an enum or a return code; `{}` is {}",
                p.wire,
                ty_name(&p.leaf)
            );
            self.err(c.pos, &format!("{}.code", c.path), msg);
        }
        let message = match &c.message {
            Some((f, pos)) => {
                Some(self.text_path(f, *pos, paths, &format!("{}.message", c.path))?)
            }
            None => None,
        };
        Some(OutcomeIs::Declined {
            code,
            message,
            category: c.category.map(|(k, _)| convert::category(k)),
        })
    }

    fn outcome_test(
        &mut self,
        t: &spec::OutcomeTest,
        paths: &Paths<'_>,
        at: &str,
    ) -> Option<OutcomeTest> {
        let key = format!("{at}.when");
        let path = self.path(&t.field, t.pos, paths, &key)?;
        let test = match &t.test {
            FieldTest::Present => ValueTest::Present,
            FieldTest::Category(c) if path.leaf == Ty::ReturnCode => {
                ValueTest::Category(c.iter().map(|k| convert::category(*k)).collect())
            }
            FieldTest::Category(_) => {
                let msg = format!(
                    "`category` tests a return code; `{}` is {}",
                    path.wire,
                    ty_name(&path.leaf)
                );
                self.err(t.pos, &key, msg);
                return None;
            }
            FieldTest::In(values) => self.value_test(&path, values, t.pos, &key)?,
        };
        Some(OutcomeTest { path, test })
    }

    /// `equals` / `in`, typed by the field: its values must be ones the field can have.
    fn value_test(
        &mut self,
        path: &FieldPath,
        values: &[String],
        pos: Pos,
        key: &str,
    ) -> Option<ValueTest> {
        let bad = |what: &str| format!("`{}` is {}: {what}", path.wire, ty_name(&path.leaf));
        let bools = |t: &str, f: &str| match values {
            [v] if v == t => Some(true),
            [v] if v == f => Some(false),
            _ => None,
        };
        let test = match &path.leaf {
            t if t.is_text() || *t == Ty::ReturnCode => Some(ValueTest::Text(values.to_vec())),
            Ty::Flag => bools("1", "0").map(ValueTest::Bool),
            Ty::Boolean => bools("true", "false").map(ValueTest::Bool),
            Ty::Integer => values
                .iter()
                .map(|v| v.parse().ok())
                .collect::<Option<_>>()
                .map(ValueTest::Int),
            Ty::Enum(name) => return self.enum_test(path, name, values, pos, key),
            _ => {
                self.err(
                    pos,
                    key,
                    bad("only text, flags, booleans, integers, enums and return codes are tested"),
                );
                return None;
            }
        };
        if test.is_none() {
            let expect = match path.leaf {
                Ty::Flag => "test it with `equals: \"1\"` or `equals: \"0\"`",
                Ty::Boolean => "test it with `equals: \"true\"` or `equals: \"false\"`",
                _ => "its values are whole numbers",
            };
            self.err(pos, key, bad(expect));
        }
        test
    }

    fn enum_test(
        &mut self,
        path: &FieldPath,
        name: &str,
        values: &[String],
        pos: Pos,
        key: &str,
    ) -> Option<ValueTest> {
        let declared = self.enum_wire_values(name);
        for v in values.iter().filter(|v| !declared.contains(v)) {
            let msg = format!(
                "`{v}` is no value of `{name}` (the type of `{}`)",
                path.wire
            );
            self.err(pos, key, msg);
        }
        values
            .iter()
            .all(|v| declared.contains(v))
            .then(|| ValueTest::Text(values.to_vec()))
    }

    fn enum_wire_values(&self, name: &str) -> Vec<String> {
        match self.type_def(name).map(|t| &t.body) {
            Some(TypeBody::Enum(values)) => values.iter().map(|v| v.wire.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// A path whose value is copied out as text (a URL, a form value, a message).
    fn text_path(
        &mut self,
        wire: &str,
        pos: Pos,
        paths: &Paths<'_>,
        key: &str,
    ) -> Option<FieldPath> {
        let path = self.path(wire, pos, paths, key)?;
        if !path.leaf.is_text() {
            let msg = format!("`{wire}` is {}; this needs text", ty_name(&path.leaf));
            self.err(pos, key, msg);
            return None;
        }
        Some(path)
    }

    /// `transaction.verifyEnrollment3dsMd`: each step a field of the previous step's object.
    fn path(&mut self, wire: &str, pos: Pos, paths: &Paths<'_>, key: &str) -> Option<FieldPath> {
        match paths.resolve(wire) {
            Ok(p) => Some(p),
            Err(msg) => {
                self.err(pos, key, msg);
                None
            }
        }
    }
}

/// Text, an enum or a return code: a value with a wire text.
fn is_textual(t: &Ty) -> bool {
    t.is_text() || matches!(t, Ty::Enum(_) | Ty::ReturnCode)
}

/// Resolves dotted paths from one answer type through the lowered objects.
pub(super) struct Paths<'a> {
    root: &'a str,
    objects: &'a [Object],
}

impl<'a> Paths<'a> {
    pub(super) fn new(root: &'a str, objects: &'a [Object]) -> Self {
        Paths { root, objects }
    }

    pub(super) fn resolve(&self, wire: &str) -> Result<FieldPath, String> {
        let mut owner = self.root;
        let mut steps = Vec::new();
        let mut leaf = None;
        for name in wire.split('.') {
            if let Some(t) = &leaf {
                return Err(format!("`{wire}`: {} has no fields", ty_name(t)));
            }
            let object = self.objects.iter().find(|o| o.rust == owner);
            let field = object.and_then(|o| o.fields.iter().find(|f| f.wire == name));
            let Some(f) = field else {
                return Err(format!("`{wire}`: `{owner}` has no field `{name}`"));
            };
            if f.sensitive.is_some() {
                return Err(format!(
                    "`{wire}` is sensitive: an outcome never reads a secret, token or card number"
                ));
            }
            steps.push((f.rust.clone(), !f.required));
            match &f.ty {
                Ty::Object(n) => owner = n,
                Ty::List(_) => {
                    return Err(format!(
                        "`{wire}`: `{name}` is a list; an outcome reads one value"
                    ))
                }
                t => leaf = Some(t.clone()),
            }
        }
        let leaf = leaf.ok_or_else(|| format!("`{wire}` is an object; name one of its fields"))?;
        Ok(FieldPath {
            wire: wire.to_string(),
            steps,
            leaf,
        })
    }
}
