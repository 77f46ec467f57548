//! The source most items of a type share, said once in the type's doc: a struct's fields
//! that each cite their own row of the same tables (`§ Request Parameters, row
//! `client_orderid``), an enum's values that all cite their field's row, a return code
//! that cites its row of the code table. An item whose sources follow that rule says only
//! what else it has (a reading, a public page); the others keep their sources.

use std::collections::BTreeMap;

use crate::ir::Provenance;

/// Stands for an item's own key (its wire name, value or code) in a shared rule.
const KEY: &str = "\u{0}";

/// The sources most items cite, with each item's own key where they name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Implied {
    template: Vec<String>,
}

impl Implied {
    /// The rule that most of `items` (provenance, own key) follow, if at least two do.
    pub(super) fn of<'a>(items: impl Iterator<Item = (&'a Provenance, &'a str)>) -> Option<Self> {
        let mut counts: BTreeMap<Vec<String>, usize> = BTreeMap::new();
        for (p, key) in items {
            if let Some(t) = template(p, key) {
                *counts.entry(t).or_default() += 1;
            }
        }
        let (template, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
        (n >= 2).then_some(Implied { template })
    }

    /// Whether `p`'s sources are exactly the rule's, for the item of key `key`.
    pub(super) fn covers(this: Option<&Self>, p: &Provenance, key: &str) -> bool {
        this.is_some_and(|i| template(p, key).as_ref() == Some(&i.template))
    }

    /// The rule in words, for the type's doc: `what` names the items ("field"), `key` what
    /// stands in their sources ("its wire name").
    pub(super) fn note(&self, what: &str, key: &str) -> String {
        let sources: Vec<String> = self
            .template
            .iter()
            .map(|s| s.replace(KEY, &format!("<{key}>")))
            .collect();
        format!(
            "Source of each {what} whose doc names none: {}.",
            sources.join("; ")
        )
    }
}

/// `p`'s sources with `key` (as the documents quote it, in backquotes) replaced by the
/// placeholder; `None` when it has no source.
fn template(p: &Provenance, key: &str) -> Option<Vec<String>> {
    if p.sources.is_empty() {
        return None;
    }
    let quoted = format!("`{key}`");
    let stand_in = format!("`{KEY}`");
    Some(
        p.sources
            .iter()
            .map(|s| s.replace(&quoted, &stand_in))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(sources: &[&str]) -> Provenance {
        Provenance {
            sources: sources.iter().map(|s| s.to_string()).collect(),
            ..Provenance::default()
        }
    }

    #[test]
    fn fields_citing_their_own_rows_share_one_rule() {
        let (a, b) = (cites(&["d § T, row `a`"]), cites(&["d § T, row `b`"]));
        let other = cites(&["e § U, row `c`"]);
        let items = [(&a, "a"), (&b, "b"), (&other, "c")];
        let implied = Implied::of(items.into_iter()).expect("two fields share a rule");
        assert!(Implied::covers(Some(&implied), &a, "a"));
        assert!(Implied::covers(Some(&implied), &b, "b"));
        assert!(!Implied::covers(Some(&implied), &other, "c"));
        // A field citing another field's row is not covered.
        assert!(!Implied::covers(Some(&implied), &a, "b"));
        assert_eq!(
            implied.note("field", "its wire name"),
            "Source of each field whose doc names none: d § T, row `<its wire name>`."
        );
    }

    #[test]
    fn one_item_alone_makes_no_rule() {
        let a = cites(&["d § T, row `a`"]);
        assert_eq!(Implied::of([(&a, "a")].into_iter()), None);
        assert!(!Implied::covers(None, &a, "a"));
    }
}
