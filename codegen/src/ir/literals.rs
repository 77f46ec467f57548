//! Which fields get a compile-time literal check (`paybind::literal!`), and what the
//! compiler says when a literal breaks one of their rules.
//!
//! A field gets one when a literal of it can be judged alone: text with a length or a
//! pattern, an enum, or a joined list of an enum. Secrets, card data and tokens never do
//! (they have no business in source code), nor numbers, dates and money.

use super::model::*;
use super::Lower;
use crate::pattern::Pattern;
use crate::spec::TypeBody;

/// What a field's literal check is decided from.
pub(super) struct Candidate<'a> {
    pub wire: &'a str,
    pub rust: &'a str,
    pub ty: &'a Ty,
    pub sensitive: bool,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<&'a Pattern>,
    pub provenance: &'a Provenance,
}

impl Lower<'_> {
    pub(super) fn literal_rule(&self, c: &Candidate) -> Option<LiteralRule> {
        if c.sensitive {
            return None;
        }
        let (output, values) = match c.ty {
            t if t.is_text() => (LiteralOutput::Text, Vec::new()),
            Ty::Enum(e) => (LiteralOutput::Enum(e.clone()), self.documented_values(e)),
            Ty::Joined(e, sep) => (
                LiteralOutput::Joined(e.clone(), *sep),
                self.documented_values(e),
            ),
            _ => return None,
        };
        let text = output == LiteralOutput::Text;
        let (min_length, max_length) = if text {
            (c.min_length, c.max_length)
        } else {
            (None, None)
        };
        let pattern = c.pattern.filter(|_| text).cloned();
        if text && min_length.is_none() && max_length.is_none() && pattern.is_none() {
            return None;
        }
        let messages = messages(c, &output, &values, min_length, max_length, &pattern);
        Some(LiteralRule {
            // `ref_` (a keyword escaped) is `REF`: no constant name is a keyword.
            name: c.rust.trim_end_matches('_').to_uppercase(),
            doc: rule_doc(c.wire, &messages, min_length, max_length, &pattern, &output),
            output,
            min_length,
            max_length,
            pattern,
            separator: match c.ty {
                Ty::Joined(_, sep) => Some(*sep),
                _ => None,
            },
            values,
            messages,
        })
    }

    fn documented_values(&self, name: &str) -> Vec<String> {
        match self.type_def(name).map(|t| &t.body) {
            Some(TypeBody::Enum(values)) => values.iter().map(|v| v.wire.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// Where the field's rules come from, to close each message's parenthesis.
fn origin(p: &Provenance) -> String {
    match (p.sources.first(), &p.reading, &p.public) {
        (Some(s), _, _) => format!("; source: {s}"),
        (None, Some(_), _) => "; paybind's reading of the documents".to_string(),
        (None, None, Some(_)) => "; the provider's public documentation".to_string(),
        (None, None, None) => String::new(),
    }
}

fn messages(
    c: &Candidate,
    output: &LiteralOutput,
    values: &[String],
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: &Option<Pattern>,
) -> LiteralMessages {
    let (w, from) = (c.wire, origin(c.provenance));
    let listed = values.join(", ");
    let paren = from
        .strip_prefix("; ")
        .map_or_else(String::new, |f| format!(" ({f})"));
    LiteralMessages {
        too_short: min_length.map_or_else(String::new, |n| {
            format!("`{w}` must be at least {n} characters long (min_length: {n}{from}); this literal is shorter")
        }),
        too_long: max_length.map_or_else(String::new, |n| {
            format!("`{w}` must be at most {n} characters long (max_length: {n}{from}); this literal is longer")
        }),
        pattern: pattern.as_ref().map_or_else(String::new, |p| {
            format!("`{w}` must match the pattern `{}`{paren}; this literal does not", p.source)
        }),
        value: match output {
            LiteralOutput::Text => String::new(),
            LiteralOutput::Enum(e) => format!(
                "`{w}` takes only the values documented for `{e}`: {listed}{paren}; this literal is not one of them"
            ),
            LiteralOutput::Joined(e, sep) => format!(
                "each item of `{w}` (separated by `{sep}`) must be a value documented for `{e}`: {listed}{paren}; this literal has another"
            ),
        },
    }
}

fn rule_doc(
    wire: &str,
    m: &LiteralMessages,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: &Option<Pattern>,
    output: &LiteralOutput,
) -> String {
    let mut rules = Vec::new();
    match (min_length, max_length) {
        (Some(lo), Some(hi)) if lo == hi => rules.push(format!("exactly {lo} characters")),
        (Some(lo), Some(hi)) => rules.push(format!("{lo} to {hi} characters")),
        (Some(lo), None) => rules.push(format!("at least {lo} characters")),
        (None, Some(hi)) => rules.push(format!("at most {hi} characters")),
        (None, None) => {}
    }
    if let Some(p) = pattern {
        rules.push(format!("matching `{}`", p.source));
    }
    if !m.value.is_empty() {
        let what = match output {
            LiteralOutput::Joined(..) => "each item a documented value",
            _ => "a documented value",
        };
        rules.push(what.to_string());
    }
    format!(
        "The compile-time check of a literal for `{wire}`: {}. Use it with `paybind::literal!`; values known only at run time are checked by `validate()`.",
        rules.join(", ")
    )
}
