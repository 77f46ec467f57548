//! Pairing the items of two lists by key, in a deterministic order.

/// An item of the old list, of the new one, or both.
pub(super) enum Pair<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// The items of `old` and `new` paired by `key`: in the new list's order, each item found
/// only in the old list placed after its predecessor in the old list. Duplicate keys pair up
/// in order.
pub(super) fn pair<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<Pair<'a, T>> {
    let mut used = vec![false; old.len()];
    // Each output slot, with the index of its old item, if any.
    let mut slots: Vec<(Option<usize>, Option<&'a T>)> = Vec::with_capacity(new.len());
    for n in new {
        let k = key(n);
        let found = (0..old.len()).find(|&i| !used[i] && key(&old[i]) == k);
        if let Some(i) = found {
            used[i] = true;
        }
        slots.push((found, Some(n)));
    }
    let mut at = 0;
    for (i, was_used) in used.iter().enumerate() {
        if *was_used {
            if let Some(p) = slots.iter().position(|(o, _)| *o == Some(i)) {
                at = p + 1;
            }
        } else {
            slots.insert(at, (Some(i), None));
            at += 1;
        }
    }
    slots
        .into_iter()
        .filter_map(|(o, n)| match (o.map(|i| &old[i]), n) {
            (Some(o), Some(n)) => Some(Pair::Both(o, n)),
            (Some(o), None) => Some(Pair::Removed(o)),
            (None, Some(n)) => Some(Pair::Added(n)),
            (None, None) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &[Pair<'_, &str>]) -> Vec<String> {
        p.iter()
            .map(|p| match p {
                Pair::Removed(o) => format!("-{o}"),
                Pair::Added(n) => format!("+{n}"),
                Pair::Both(o, _) => o.to_string(),
            })
            .collect()
    }

    #[test]
    fn removed_items_follow_their_old_predecessor() {
        let old = ["a", "b", "c", "d"];
        let new = ["x", "a", "c", "y"];
        let p = pair(&old, &new, |s| *s);
        assert_eq!(names(&p), ["+x", "a", "-b", "c", "-d", "+y"]);
    }

    #[test]
    fn a_removed_first_item_comes_first() {
        let p = pair(&["a", "b"], &["b"], |s| *s);
        assert_eq!(names(&p), ["-a", "b"]);
    }

    #[test]
    fn removed_items_in_a_row_keep_their_order() {
        let p = pair(&["a", "b", "c", "d"], &["a", "d"], |s| *s);
        assert_eq!(names(&p), ["a", "-b", "-c", "d"]);
        let p = pair(&["a", "b", "c"], &["c"], |s| *s);
        assert_eq!(names(&p), ["-a", "-b", "c"]);
    }

    #[test]
    fn duplicates_pair_in_order() {
        let p = pair(&["a", "a"], &["a"], |s| *s);
        assert_eq!(names(&p), ["a", "-a"]);
    }
}
