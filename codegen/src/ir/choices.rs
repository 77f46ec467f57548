//! Which cross-field rules a builder's type keeps: "at most one of", "exactly one of" and
//! "all or none" over the type's own optional fields become states of the builder, so that
//! setting two of a one-of, none of an exactly-one, or some but not all of an all-or-none
//! does not compile. The setters stay one per field, as for every other field.
//!
//! Rules reaching into a sub-form (`ShipTo.City`) stay run-time checks: the sub-form is
//! built apart. So do conditional rules (`required_if`), which depend on values.

use super::model::*;
use super::names::camel;

/// The choices of a type named `owner`, from its rules.
pub(super) fn choices(owner: &str, rules: &[Rule]) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for r in rules {
        let (fields, kind) = match &r.kind {
            RuleKind::ExactlyOneOf(f) => (f, ChoiceKind::ExactlyOne),
            RuleKind::AtMostOneOf(f) => (f, ChoiceKind::AtMostOne),
            RuleKind::AllOrNone(f) => (f, ChoiceKind::AllOrNone),
            _ => continue,
        };
        let own = fields.iter().all(|f| f.leaf.is_none() && !f.head.required);
        if !own || fields.len() < 2 {
            continue;
        }
        let mut group = group_name(fields, kind);
        if out
            .iter()
            .any(|c| c.done_trait == format!("{owner}{group}Done"))
        {
            group = format!("{group}{}", out.len() + 1);
        }
        out.push(choice(owner, fields, kind, &group));
    }
    out
}

/// A short name for the group: its first two fields for a one-of (`BrowserOrApplication`),
/// its first field for all or none (`CreditCardNumberGroup`).
fn group_name(fields: &[FieldRef], kind: ChoiceKind) -> String {
    let first = camel(&fields[0].head.wire);
    match kind {
        ChoiceKind::AllOrNone => format!("{first}Group"),
        _ => format!("{first}Or{}", camel(&fields[1].head.wire)),
    }
}

fn choice(owner: &str, fields: &[FieldRef], kind: ChoiceKind, group: &str) -> Choice {
    let rust: Vec<String> = fields.iter().map(|f| f.head.rust.clone()).collect();
    let params = if kind == ChoiceKind::AllOrNone {
        fields
            .iter()
            .map(|f| {
                let state = format!("{}In{group}", camel(&f.head.wire));
                param(&state, vec![f.head.rust.clone()])
            })
            .collect()
    } else {
        vec![param(&format!("{group}Choice"), rust.clone())]
    };
    Choice {
        kind,
        open_trait: format!("{owner}{group}Open"),
        done_trait: format!("{owner}{group}Done"),
        taken: taken(owner, fields, kind),
        unfinished: unfinished(owner, fields, kind),
        fields: rust,
        params,
    }
}

fn param(state: &str, set_by: Vec<String>) -> ChoiceParam {
    ChoiceParam {
        state: state.to_string(),
        set_by,
    }
}

fn wires(fields: &[FieldRef]) -> String {
    let w: Vec<String> = fields
        .iter()
        .map(|f| format!("`{}`", f.head.wire))
        .collect();
    w.join(", ")
}

fn setters(fields: &[FieldRef], join: &str) -> String {
    let s: Vec<String> = fields
        .iter()
        .map(|f| format!("`.{}(…)`", f.head.rust))
        .collect();
    s.join(join)
}

fn taken(owner: &str, fields: &[FieldRef], kind: ChoiceKind) -> [String; 3] {
    let how_many = match kind {
        ChoiceKind::ExactlyOne => "exactly",
        _ => "at most",
    };
    [
        format!("`{owner}` takes {how_many} one of {}", wires(fields)),
        "one of them is already set".to_string(),
        "set only one of them; `validate()` reports the same rule for a value built without the builder".to_string(),
    ]
}

fn unfinished(owner: &str, fields: &[FieldRef], kind: ChoiceKind) -> [String; 3] {
    match kind {
        ChoiceKind::AllOrNone => [
            format!("`{owner}` takes all of {} or none of them", wires(fields)),
            "some of them are set, not all".to_string(),
            format!(
                "call {} before `.build()`, or none of them",
                setters(fields, " and ")
            ),
        ],
        _ => [
            format!("`{owner}` needs exactly one of {}", wires(fields)),
            "none of them was set".to_string(),
            format!("call {} before `.build()`", setters(fields, " or ")),
        ],
    }
}
