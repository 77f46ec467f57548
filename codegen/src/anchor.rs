//! Citations: where in a provider document a spec item comes from, written so that they
//! still point at the right place after the document gains or loses lines.
//!
//! A `source:` is a document's file name followed by one of:
//!
//! - `§ <table>, row <key>`: a row of a table, by the table's name (`payment/tokenDebit`,
//!   `customer`, `CardPayment`, `Request Parameters`, `Return codes`) and the row's key
//!   (its parameter name, or its code), with or without backticks;
//! - `§ <table>`: a whole table (an endpoint's parameter table);
//! - `"<phrase>"`: a short quoted phrase of the document, anywhere in it;
//! - `§ <table>, "<phrase>"` or `§ <table>, row <key>, "<phrase>"`: a phrase within a
//!   table or a row.
//!
//! Line numbers (`line 47`, `lines 40-52`) are still parsed, so that `paybind spec cite
//! --fix` can turn them into anchors, but lowering refuses them.

/// One parsed `source:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation<'s> {
    /// The document's file name.
    pub document: &'s str,
    pub at: At<'s>,
}

/// Where in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At<'s> {
    /// `§ table[, row key][, "phrase"]`.
    Scope {
        table: &'s str,
        row: Option<&'s str>,
        phrase: Option<&'s str>,
    },
    /// `"phrase"`, anywhere in the document.
    Phrase(&'s str),
    /// `line n` or `lines n-m`: refused by lowering, read by `spec cite --fix`.
    Lines(usize, usize),
}

/// Reads a `source:`; `Err` says what is wrong with it.
pub fn parse(source: &str) -> Result<Citation<'_>, String> {
    let source = source.trim();
    let (document, rest) = source.split_once(' ').unwrap_or((source, ""));
    let rest = rest.trim();
    let at = if let Some(scope) = rest.strip_prefix('§') {
        scope_at(scope.trim())?
    } else if let Some(p) = quoted(rest) {
        At::Phrase(p)
    } else if let Some(lines) = lines_at(rest) {
        lines
    } else {
        return Err(format!(
            "after the document comes `§ <table>, row <key>`, `§ <table>` or a quoted phrase, not `{rest}`"
        ));
    };
    Ok(Citation { document, at })
}

/// `"phrase"` (the whole text, quotes included): the phrase.
fn quoted(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.trim().is_empty()).then_some(inner)
}

fn scope_at(scope: &str) -> Result<At<'_>, String> {
    let (scope, phrase) = match scope.find('"') {
        Some(open) => {
            let p = quoted(&scope[open..])
                .ok_or_else(|| format!("the phrase in `{scope}` is not closed by a quote"))?;
            (scope[..open].trim().trim_end_matches(',').trim(), Some(p))
        }
        None => (scope, None),
    };
    let (table, row) = match scope.rsplit_once(", row ") {
        Some((t, r)) => (t.trim(), Some(r.trim().trim_matches('`'))),
        None => (scope.trim(), None),
    };
    if table.is_empty() || row.is_some_and(str::is_empty) {
        return Err(format!("`§ {scope}` names no table or no row"));
    }
    Ok(At::Scope { table, row, phrase })
}

fn lines_at(rest: &str) -> Option<At<'_>> {
    let number = |s: &str| s.trim().parse::<usize>().ok().filter(|n| *n > 0);
    if let Some(n) = rest.strip_prefix("line ") {
        let n = number(n)?;
        return Some(At::Lines(n, n));
    }
    let (a, b) = rest.strip_prefix("lines ")?.split_once('-')?;
    let (a, b) = (number(a)?, number(b)?);
    (a <= b).then_some(At::Lines(a, b))
}

impl std::fmt::Display for Citation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.document)?;
        match &self.at {
            At::Scope { table, row, phrase } => {
                write!(f, " § {table}")?;
                if let Some(r) = row {
                    write!(f, ", row `{r}`")?;
                }
                if let Some(p) = phrase {
                    write!(f, ", \"{p}\"")?;
                }
                Ok(())
            }
            At::Phrase(p) => write!(f, " \"{p}\""),
            At::Lines(a, b) if a == b => write!(f, " line {a}"),
            At::Lines(a, b) => write!(f, " lines {a}-{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads_back() {
        let cases = [
            "000.txt § payment/tokenDebit, row `amount`",
            "000.txt § payment/tokenDebit",
            "000.txt \"Mandatory for 3DS V2\"",
            "002.txt § Request Parameters, row `state`, \"Required for USA, Canada and Australia\"",
            "000.txt § Return codes, row `207`",
            "000.txt line 47",
            "000.txt lines 40-52",
        ];
        for c in cases {
            assert_eq!(parse(c).unwrap().to_string(), c);
        }
        let bare = parse("003.txt § Request Parameters, row client_orderid").unwrap();
        assert_eq!(
            bare.at,
            At::Scope {
                table: "Request Parameters",
                row: Some("client_orderid"),
                phrase: None
            }
        );
    }

    #[test]
    fn malformed_citations_say_why() {
        for bad in [
            "000.txt",
            "000.txt page 4",
            "000.txt § ",
            "000.txt \"open",
            "000.txt lines 9-2",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
