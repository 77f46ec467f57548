//! The names citations give tables: stable while lines are added or removed around them.
//!
//! A table is cited by its name (the endpoint path under which ComNpay writes it, the
//! sub-form or S-money resource it describes) when no other table of the document has that
//! name; else by its name and variant (`payment/end3dsDebit (v2)`); else by its heading
//! (PaynetEasy's `Request Parameters`, `For Connecting Party`); else by its name and
//! number, the one form that moves when a table is inserted before it.

use super::model::{Imported, Table};

/// Sets every table's [`Table::anchor`] and every row's `location.section` to it.
pub(super) fn assign(im: &mut Imported) {
    let names: Vec<String> = (0..im.tables.len())
        .map(|i| anchor(&im.tables, i))
        .collect();
    for (t, name) in im.tables.iter_mut().zip(names) {
        t.location.section = Some(name.clone());
        for r in &mut t.rows {
            r.location.section = Some(name.clone());
        }
        t.anchor = name;
    }
    let heading = im
        .codes_heading
        .clone()
        .unwrap_or_else(|| "Return codes".to_string());
    for c in &mut im.codes {
        c.location.section = Some(heading.clone());
        c.location.row = Some(c.code.clone());
    }
}

/// The citation name of table `i`.
fn anchor(tables: &[Table], i: usize) -> String {
    let t = &tables[i];
    let count = |f: &dyn Fn(&Table) -> Option<String>, v: &str| {
        tables
            .iter()
            .filter(|o| f(o).as_deref() == Some(v) || o.name == v)
            .count()
    };
    let named = |o: &Table| Some(o.name.clone());
    if count(&named, &t.name) == 1 {
        return t.name.clone();
    }
    let with_variant = |o: &Table| o.variant.as_ref().map(|v| format!("{} ({v})", o.name));
    if let Some(v) = with_variant(t).filter(|v| count(&with_variant, v) == 1) {
        return v;
    }
    let heading = |o: &Table| o.heading.clone();
    if let Some(h) = heading(t).filter(|h| count(&heading, h) == 1) {
        return h;
    }
    let number = t.location.table.unwrap_or(i + 1);
    format!("{} (table {number})", t.name)
}
