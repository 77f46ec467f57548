//! One field against the document row it cites.

use super::items::{Cx, Side};
use crate::cite::mentions;
use crate::cite::Document;
use crate::import::{Necessity, Row};
use crate::ir::{Field, Property, Ty};

fn shown<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "none".to_string(), |v| v.to_string())
}

impl Cx<'_> {
    pub(super) fn field(
        &mut self,
        item: &str,
        f: &Field,
        side: Side,
        cited: (&Row, bool),
        location: &str,
        doc: &Document<'_>,
    ) {
        // `conditioned`: a rule of the field's endpoint or object can make it required.
        let (row, conditioned) = cited;
        let here = location.to_string();
        if row.wire != f.wire && !row.aliases.contains(&f.wire) {
            // Another parameter's row that speaks of this one ("application is mandatory
            // instead") is a mention, not this parameter's row.
            if mentions(&doc.text_of(&row.span), &f.wire) {
                return;
            }
        }
        self.wire_names(item, f, row, &here);
        match side {
            // A credential is always sent: its rows say nothing of `required`.
            Side::Request if self.credentials.contains(&f.wire) => {}
            Side::Request => self.necessity(item, f, row, &here, conditioned),
            Side::Answer => self.read_only(item, f, row, &here),
        }
        // Limits bound what is sent; an answer is read as the gateway writes it.
        if side == Side::Request {
            self.lengths(item, f, row, &here);
            self.unstated_limits(item, f, row, &here);
        }
        self.values(item, f, row, &here);
        self.format(item, f, row, &here);
    }

    /// The row's name and aliases against the field's: the client sends the row's name, and
    /// a server reads each alias the document gives as the same parameter.
    fn wire_names(&mut self, item: &str, f: &Field, row: &Row, here: &str) {
        let names = |wire: &str, aliases: &[String]| {
            let mut out = format!("`{wire}`");
            if !aliases.is_empty() {
                let a: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
                out.push_str(&format!(", alias {}", a.join(", ")));
            }
            out
        };
        let mut doc_aliases = row.aliases.clone();
        let mut spec_aliases = f.aliases.clone();
        doc_aliases.sort();
        spec_aliases.sort();
        if row.wire != f.wire || doc_aliases != spec_aliases {
            let values = [
                names(&row.wire, &row.aliases),
                names(&f.wire, &f.aliases),
                here.to_string(),
            ];
            self.find(item, &f.provenance, Property::WireName, values);
        }
    }

    /// The document's necessity (as its format's reader reads it) against the spec's.
    /// Where the document does not say, the spec may leave the field optional, but
    /// requiring it is a decision of its own. A conditional row's field left optional must
    /// be one a rule can make required (`conditioned`): else the condition is dropped,
    /// which only a reading of `required` explains (where no request field signals it).
    fn necessity(&mut self, item: &str, f: &Field, row: &Row, here: &str, conditioned: bool) {
        if let (Necessity::Conditional(c), false, false) = (&row.necessity, f.required, conditioned)
        {
            let values = [
                format!("conditional ({c})"),
                "optional: no rule models the condition".to_string(),
                here.to_string(),
            ];
            self.find(item, &f.provenance, Property::Required, values);
            return;
        }
        // A document silent on necessity reads as optional: requiring the field is a finding.
        let expected = match &row.necessity {
            Necessity::Required => true,
            Necessity::Optional | Necessity::Conditional(_) | Necessity::Unstated => false,
            Necessity::ReadOnly => return,
        };
        if expected != f.required {
            let says = |r: bool| if r { "required" } else { "optional" };
            let doc = match &row.necessity {
                Necessity::Conditional(c) => format!("conditional ({c})"),
                Necessity::Unstated => "nothing of its necessity".to_string(),
                _ => says(!f.required).to_string(),
            };
            let values = [doc, says(f.required).to_string(), here.to_string()];
            self.find(item, &f.provenance, Property::Required, values);
        }
    }

    /// An answer field whose row the document marks required, and that no request sends:
    /// the document asks for a parameter the spec only reads back.
    fn read_only(&mut self, item: &str, f: &Field, row: &Row, here: &str) {
        let required = matches!(row.necessity, Necessity::Required);
        if required && !self.sent.contains(&(row.span.start, row.span.end)) {
            let values = [
                "a required request parameter".to_string(),
                "read from answers only".to_string(),
                here.to_string(),
            ];
            self.find(item, &f.provenance, Property::Required, values);
        }
    }

    /// The length limits that apply to this document's brand.
    fn brand_lengths(&self, f: &Field) -> (Option<u64>, Option<u64>) {
        let own = self
            .brand
            .as_ref()
            .and_then(|b| f.per_brand.iter().find(|l| &l.brand == b));
        match own {
            Some(l) => (l.min_length, l.max_length),
            None => (f.min_length, f.max_length),
        }
    }

    fn lengths(&mut self, item: &str, f: &Field, row: &Row, here: &str) {
        let (mut min, mut max) = self.brand_lengths(f);
        // A digits-only pattern states its own lengths ("^[0-9]{3,4}$"), its minimum too.
        if let Some((lo, hi)) = f.pattern.as_ref().and_then(|p| p.digits()) {
            min = min.or(lo.filter(|n| *n > 1));
            max = max.or(hi);
        }
        // An enum's values are its limit: a documented length they all fit is kept.
        if let Some(values) = self.enum_of(f) {
            let longest = values.iter().map(|v| v.chars().count() as u64).max();
            if row
                .max_length
                .is_some_and(|m| longest.is_some_and(|l| l <= m))
            {
                max = max.or(row.max_length);
            }
        }
        // A date's format fixes its length: a documented length equal to it is kept.
        if let Ty::Date(d) = &f.ty {
            let n = d.pattern().len() as u64;
            min = min.or(row.min_length.filter(|m| *m == n));
            max = max.or(row.max_length.filter(|m| *m == n));
        }
        for (what, doc, spec) in [
            (Property::MinLength, row.min_length, min),
            (Property::MaxLength, row.max_length, max),
        ] {
            if doc != spec {
                let values = [shown(doc), shown(spec), here.to_string()];
                self.find(item, &f.provenance, what, values);
            }
        }
    }

    /// Ranges and patterns: the documents' tables state none, except that a numeric type
    /// ("Numeric", "Int", "Long") is what a digits-only pattern says.
    fn unstated_limits(&mut self, item: &str, f: &Field, row: &Row, here: &str) {
        let numeric = row
            .ty
            .as_deref()
            .is_some_and(|t| matches!(t, "Numeric" | "Int" | "Long" | "Integer"));
        let pattern = f
            .pattern
            .as_ref()
            .filter(|p| !(numeric && p.digits().is_some()))
            .map(|p| p.source.clone());
        let limits = [
            (Property::Min, f.min.map(|v| v.to_string())),
            (Property::Max, f.max.map(|v| v.to_string())),
            (Property::Pattern, pattern),
        ];
        for (what, spec) in limits {
            if let Some(spec) = spec {
                let values = ["none".to_string(), spec, here.to_string()];
                self.find(item, &f.provenance, what, values);
            }
        }
    }

    /// The wire values of the field's enum, if it is one.
    fn enum_of(&self, f: &Field) -> Option<&Vec<String>> {
        match &f.ty {
            Ty::Enum(n) | Ty::Joined(n, _) => self.enum_values.get(n.as_str()),
            _ => None,
        }
    }

    fn values(&mut self, item: &str, f: &Field, row: &Row, here: &str) {
        if row.values.is_empty() {
            return;
        }
        let Some(spec) = self.enum_of(f).cloned() else {
            return;
        };
        let doc: Vec<&str> = row.values.iter().map(String::as_str).collect();
        let mut a = doc.clone();
        let mut b: Vec<&str> = spec.iter().map(String::as_str).collect();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            let values = [doc.join(", "), spec.join(", "), here.to_string()];
            self.find(item, &f.provenance, Property::Values, values);
        }
    }

    fn format(&mut self, item: &str, f: &Field, row: &Row, here: &str) {
        let (Some(doc), Ty::Date(d)) = (&row.format, &f.ty) else {
            return;
        };
        if !doc.eq_ignore_ascii_case(d.pattern()) {
            let values = [doc.clone(), d.pattern().to_string(), here.to_string()];
            self.find(item, &f.provenance, Property::Format, values);
        }
    }
}
