//! Comparing cross-field rules. A rule is matched by its kind and the fields it names (in
//! any order for group rules); what else it holds (a condition's values, a limit) is
//! compared as a change of the matched rule.

use super::fields::{RELAXED, TIGHTENED};
use super::model::{Item, What};
use super::order::{pair, Pair};
use super::record::{list, Diff};
use crate::ir::{Condition, FieldRef, Rule, RuleKind};

/// Every change between two lists of rules of `owner` (a request type or an object).
pub(super) fn rules(d: &mut Diff, owner: &str, old: &[Rule], new: &[Rule]) {
    let item = |r: &Rule| Item::Rule {
        owner: owner.to_string(),
        text: text(&r.kind),
    };
    for p in pair(old, new, |r| identity(&r.kind)) {
        match p {
            Pair::Added(r) => d.at(&item(r), What::Added).breaking(
                TIGHTENED,
                "A new rule: requests that validated may now be refused.",
            ),
            Pair::Removed(r) => d.at(&item(r), What::Removed).compatible(
                RELAXED,
                "The rule is gone: every request that validated still does.",
            ),
            Pair::Both(o, n) => changed(d, &item(n), &o.kind, &n.kind),
        }
    }
}

/// A rule in both specs: its limit and its condition.
fn changed(d: &mut Diff, item: &Item, o: &RuleKind, n: &RuleKind) {
    match (o, n) {
        (
            RuleKind::MaxLengthIf {
                max: a, when: wa, ..
            },
            RuleKind::MaxLengthIf {
                max: b, when: wb, ..
            },
        ) => {
            if a != b {
                let draft = d
                    .at(item, What::Limit)
                    .was(a.to_string())
                    .now(b.to_string());
                if b < a {
                    let reason = format!("The rule's max_length tightened from {a} to {b}: requests that validated may now be refused.");
                    draft.breaking(TIGHTENED, reason);
                } else {
                    let reason = format!("The rule's max_length relaxed from {a} to {b}: every request that validated still does.");
                    draft.compatible(RELAXED, reason);
                }
            }
            condition(d, item, wa, wb);
        }
        (RuleKind::RequiredIf { when: wa, .. }, RuleKind::RequiredIf { when: wb, .. }) => {
            condition(d, item, wa, wb);
        }
        // Group rules, required_with/unless and one_of_required_with are all identity:
        // nothing else to compare.
        _ => {}
    }
}

/// A rule's condition: the rule applies when it holds. Applying in more cases tightens.
fn condition(d: &mut Diff, item: &Item, o: &Condition, n: &Condition) {
    let has = |c: &Condition, v: &String| c.values.contains(v);
    let added = n.values.iter().any(|v| !has(o, v));
    let dropped = o.values.iter().any(|v| !has(n, v));
    if o.negated == n.negated && !added && !dropped {
        return;
    }
    let draft = d
        .at(item, What::Condition)
        .was(condition_text(o))
        .now(condition_text(n));
    // With `not_in`, more values means fewer cases where the rule applies.
    let (more, fewer) = if n.negated {
        (dropped, added)
    } else {
        (added, dropped)
    };
    if o.negated != n.negated || (more && fewer) {
        draft.breaking(
            "applies in other cases: requests that validated may now be refused",
            "The rule's condition changed: it now applies in cases where it did not, so requests that validated may now be refused.",
        );
    } else if more {
        draft.breaking(
            TIGHTENED,
            "The rule's condition widened: it applies in more cases, so requests that validated may now be refused.",
        );
    } else {
        draft.compatible(
            RELAXED,
            "The rule's condition narrowed: it applies in fewer cases, so every request that validated still does.",
        );
    }
}

/// What matches a rule across specs: its kind and the fields it names.
fn identity(k: &RuleKind) -> String {
    let sorted = |fs: &[FieldRef]| {
        let mut p: Vec<&str> = fs.iter().map(|f| f.path.as_str()).collect();
        p.sort_unstable();
        list(&p)
    };
    match k {
        RuleKind::ExactlyOneOf(f) => format!("exactly_one_of {}", sorted(f)),
        RuleKind::AtMostOneOf(f) => format!("at_most_one_of {}", sorted(f)),
        RuleKind::AllOrNone(f) => format!("all_or_none {}", sorted(f)),
        RuleKind::RequiredIf { field, when } => {
            format!("required_if {} when {}", field.path, when.field.path)
        }
        RuleKind::RequiredWith {
            fields,
            any_of,
            negated,
            ..
        } => format!(
            "{} {} any_of {}",
            with_or_unless(*negated),
            sorted(fields),
            sorted(any_of)
        ),
        RuleKind::MaxLengthIf { field, when, .. } => {
            format!("max_length_if {} when {}", field.path, when.field.path)
        }
        RuleKind::OneOfRequiredWith { one_of, any_of, .. } => format!(
            "one_of_required_with {} any_of {}",
            sorted(one_of),
            sorted(any_of)
        ),
    }
}

/// A rule in the spec's words: `at_most_one_of [a, b]`, `required_if state when country in [US]`.
pub(super) fn text(k: &RuleKind) -> String {
    let paths = |fs: &[FieldRef]| list(&fs.iter().map(|f| f.path.as_str()).collect::<Vec<_>>());
    match k {
        RuleKind::ExactlyOneOf(f) => format!("exactly_one_of {}", paths(f)),
        RuleKind::AtMostOneOf(f) => format!("at_most_one_of {}", paths(f)),
        RuleKind::AllOrNone(f) => format!("all_or_none {}", paths(f)),
        RuleKind::RequiredIf { field, when } => {
            format!("required_if {} when {}", field.path, condition_text(when))
        }
        RuleKind::RequiredWith {
            fields,
            any_of,
            negated,
            ..
        } => format!(
            "{} {} any_of {}",
            with_or_unless(*negated),
            paths(fields),
            paths(any_of)
        ),
        RuleKind::MaxLengthIf { field, max, when } => format!(
            "max_length_if {} {max} when {}",
            field.path,
            condition_text(when)
        ),
        RuleKind::OneOfRequiredWith { one_of, any_of, .. } => format!(
            "one_of_required_with {} any_of {}",
            paths(one_of),
            paths(any_of)
        ),
    }
}

fn with_or_unless(negated: bool) -> &'static str {
    if negated {
        "required_unless"
    } else {
        "required_with"
    }
}

/// `country in [US, CA]`, `type not in [0]`.
fn condition_text(c: &Condition) -> String {
    let op = if c.negated { "not in" } else { "in" };
    format!("{} {op} {}", c.field.path, list(&c.values))
}
