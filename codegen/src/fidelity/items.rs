//! Walking the spec's items that cite a document: fields, endpoints, enum values, rules,
//! return codes, and the document rows and tables no item cites.

use std::collections::{BTreeMap, BTreeSet};

use super::conditions::conditioned;
use super::report::{Finding, Report, Target};
use crate::anchor::{parse, Citation};
use crate::cite::fix::{lists, mentions_value};
use crate::cite::Document;
use crate::cite::{mentions, Found, Place};
use crate::import::{Table, TableKind};
use crate::ir::{Field, FieldRef, Gateway, Property, Provenance, Rule, RuleKind};

/// The comparison's state: across documents (readings and what they explained), and for
/// the document at hand.
pub(super) struct Cx<'g> {
    pub findings: Vec<Finding>,
    /// The item being compared, and the row at hand (its table's citation name).
    target: Target,
    row: Option<(String, crate::import::Row)>,
    /// Items that cite a document and carry a reading: `(item, provenance)`.
    readings: BTreeMap<String, &'g Provenance>,
    /// `(item, property)` pairs a reading explained.
    explained: BTreeSet<(String, Property)>,
    /// The credentials' wire names.
    pub credentials: BTreeSet<String>,
    /// Wire names the client writes from other items: signatures, money's currency.
    written: BTreeSet<String>,
    /// Each enum's wire values, by its Rust name.
    pub enum_values: BTreeMap<String, Vec<String>>,
    /// The brand whose document is at hand, for its own limits.
    pub brand: Option<String>,
    /// Spans of the rows cited by fields, in the document at hand.
    cited_rows: BTreeSet<(usize, usize)>,
    /// Tables cited by endpoints or objects, in the document at hand, with their owner.
    cited_tables: BTreeMap<String, (String, &'g Provenance, Target)>,
    /// Spans of the rows request fields cite: an answer field citing one of them is that
    /// parameter read back.
    pub sent: BTreeSet<(usize, usize)>,
    /// The wire names of the request fields that cite a row of the document at hand: what
    /// a request builder's list is checked against.
    cited_wires: BTreeSet<String>,
    /// `(owner, wire)` of the fields a rule can make required (see [`conditioned`]).
    conditioned: BTreeSet<(String, String)>,
}

/// A field and what holds it.
struct Owned<'g> {
    /// How findings name the holder: "`Sale` parameter", "`Browser` field", "credential".
    label: String,
    /// The holder's Rust name (empty for a credential).
    owner: &'g str,
    side: Side,
    field: &'g Field,
    /// How `spec update` finds the field again.
    target: Target,
}

/// Whether a field is sent (credentials, parameters, sub-forms) or only read (answers,
/// callbacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Answer,
}

impl<'g> Cx<'g> {
    pub fn new(g: &'g Gateway) -> Self {
        let currencies = g
            .ops
            .iter()
            .flat_map(|o| o.params.iter().filter_map(|p| p.currency_field.clone()));
        Cx {
            findings: Vec::new(),
            target: Target::None,
            row: None,
            readings: BTreeMap::new(),
            explained: BTreeSet::new(),
            credentials: g.credentials.iter().map(|c| c.wire.clone()).collect(),
            written: g
                .request_signature_field
                .iter()
                .cloned()
                .chain(currencies)
                .collect(),
            enum_values: g
                .enums
                .iter()
                .map(|e| {
                    (
                        e.rust.clone(),
                        e.values.iter().map(|v| v.wire.clone()).collect(),
                    )
                })
                .collect(),
            brand: None,
            cited_rows: BTreeSet::new(),
            cited_tables: BTreeMap::new(),
            sent: BTreeSet::new(),
            cited_wires: BTreeSet::new(),
            conditioned: conditioned(g),
        }
    }

    /// Compares every item citing `doc`.
    pub fn document(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        self.brand = g
            .brands
            .iter()
            .find(|b| b.sources.iter().any(|s| s == doc.name()))
            .map(|b| b.id.clone());
        self.cited_rows.clear();
        self.cited_tables.clear();
        self.sent.clear();
        self.cited_wires.clear();
        self.ops(g, doc);
        self.objects(g, doc);
        self.fields(g, doc);
        self.enum_values(g, doc);
        self.rules(g, doc);
        self.outcomes(g, doc);
        self.codes(g, doc);
        self.uncited(doc);
    }

    /// Records a difference about `item`, explained or not by its reading.
    pub fn find(&mut self, item: &str, p: &Provenance, what: Property, values: [String; 3]) {
        let why = p.reading.as_ref().and_then(|r| r.explains(what));
        let explained_by = why.map(|w| format!("reading ({}): {w}", what.as_str()));
        if explained_by.is_some() {
            self.explained.insert((item.to_string(), what));
        }
        let [document, spec, location] = values;
        self.findings.push(Finding {
            target: self.target.clone(),
            row: self.row.clone(),
            item: item.to_string(),
            what,
            document,
            spec,
            location,
            explained_by,
        });
    }

    /// The citations of `p` in this document, resolved; notes a reading to account for.
    fn citations<'d>(
        &mut self,
        doc: &Document<'d>,
        item: &str,
        p: &'g Provenance,
    ) -> Vec<(String, Result<Found<'d>, String>)> {
        let mine: Vec<Citation<'_>> = p
            .sources
            .iter()
            .filter_map(|s| parse(s).ok())
            .filter(|c| c.document == doc.name())
            .collect();
        if !mine.is_empty() && p.reading.is_some() {
            self.readings.insert(item.to_string(), p);
        }
        mine.iter()
            .map(|c| (c.to_string(), doc.resolve(c)))
            .collect()
    }

    /// A citation that names nothing, or not the item.
    fn unplaced(&mut self, item: &str, p: &Provenance, citation: &str, why: String) {
        let values = [why, "it comes from there".to_string(), citation.to_string()];
        self.find(item, p, Property::Citation, values);
    }

    /// A citation must resolve and its place mention one of `words`; a phrase within a row
    /// speaks of the row's parameter, so the row is its place.
    fn check_mention(&mut self, doc: &Document<'_>, item: &str, p: &'g Provenance, words: &[&str]) {
        for (c, found) in self.citations(doc, item, p) {
            match found {
                Err(why) => self.unplaced(item, p, &c, why),
                Ok(f) => {
                    let span = match f.place {
                        Place::Phrase { row: Some(r), .. } => &r.span,
                        _ => &f.span,
                    };
                    let text = doc.text_of(span);
                    if !words.iter().any(|w| mentions(&text, w)) {
                        let why = format!("nothing of `{}` there", words.join("`, `"));
                        self.unplaced(item, p, &format!("{c} (line {})", f.line), why);
                    }
                }
            }
        }
    }

    fn ops(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        for op in &g.ops {
            let item = format!("endpoint `{}` ({})", op.path, op.rust);
            self.target = Target::Endpoint {
                path: op.path.clone(),
                variant: op.variant.clone(),
            };
            let last = op.path.rsplit('/').next().unwrap_or(&op.path);
            for (c, found) in self.citations(doc, &item, &op.provenance) {
                match found {
                    Err(why) => {
                        let why = format!("its section is gone: {why}");
                        self.unplaced(&item, &op.provenance, &c, why);
                    }
                    Ok(f) => match f.place {
                        Place::Table(t) => {
                            let owner = (item.clone(), &op.provenance, self.target.clone());
                            self.cited_tables.insert(t.anchor.clone(), owner);
                        }
                        _ if mentions(&doc.text_of(&f.span), last) => {}
                        _ => {
                            let why = format!("nothing of `{last}` there");
                            self.unplaced(&item, &op.provenance, &c, why);
                        }
                    },
                }
            }
        }
    }

    /// Objects citing a table (sub-forms, resources) own its rows.
    fn objects(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        for o in g.objects.iter().chain(g.callback.iter().map(|c| &c.object)) {
            let item = format!("type `{}`", o.rust);
            self.target = Target::Type {
                name: o.rust.clone(),
            };
            for (c, found) in self.citations(doc, &item, &o.provenance) {
                match found {
                    Ok(Found {
                        place: Place::Table(t),
                        ..
                    }) => {
                        let owner = (item.clone(), &o.provenance, self.target.clone());
                        self.cited_tables.insert(t.anchor.clone(), owner);
                    }
                    Ok(_) => {}
                    Err(why) => self.unplaced(&item, &o.provenance, &c, why),
                }
            }
        }
    }

    fn fields(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        let fields = all_fields(g);
        for o in fields.iter().filter(|o| o.side == Side::Request) {
            for s in &o.field.provenance.sources {
                let Ok(c) = parse(s) else { continue };
                if c.document != doc.name() {
                    continue;
                }
                if let Ok(Found {
                    place: Place::Row(_, r),
                    ..
                }) = doc.resolve(&c)
                {
                    self.sent.insert((r.span.start, r.span.end));
                }
            }
        }
        for o in &fields {
            let item = format!("{} `{}`", o.label, o.field.wire);
            self.target = o.target.clone();
            for (c, found) in self.citations(doc, &item, &o.field.provenance) {
                match found {
                    Err(why) => self.unplaced(&item, &o.field.provenance, &c, why),
                    Ok(found) => self.field_place(doc, &item, o, &c, &found),
                }
            }
        }
    }

    fn field_place(
        &mut self,
        doc: &Document<'_>,
        item: &str,
        o: &Owned<'_>,
        c: &str,
        found: &Found<'_>,
    ) {
        let (f, side) = (o.field, o.side);
        let cited_row = matches!(
            found.place,
            Place::Row(..) | Place::Phrase { row: Some(_), .. }
        );
        if cited_row && side == Side::Request {
            self.cited_wires.insert(f.wire.clone());
        }
        match found.place {
            Place::Row(t, row) => {
                self.cited_rows.insert((row.span.start, row.span.end));
                let here = format!("{c} (line {})", found.line);
                let key = (o.owner.to_string(), f.wire.clone());
                let conditioned = self.conditioned.contains(&key);
                self.row = Some((t.anchor.clone(), row.clone()));
                self.field(item, f, side, (row, conditioned), &here, doc);
                self.row = None;
            }
            _ if mentions(&doc.text_of(&found.span), &f.wire) => {}
            _ => {
                let why = format!("nothing of `{}` there", f.wire);
                self.unplaced(
                    item,
                    &f.provenance,
                    &format!("{c} (line {})", found.line),
                    why,
                );
            }
        }
    }

    fn enum_values(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        for e in &g.enums {
            for v in &e.values {
                let item = format!("`{}` value `{}`", e.rust, v.wire);
                self.target = Target::Value {
                    r#enum: e.rust.clone(),
                    wire: v.wire.clone(),
                };
                for (c, found) in self.citations(doc, &item, &v.provenance) {
                    let ok = match &found {
                        Ok(Found {
                            place: Place::Row(_, r),
                            ..
                        }) => lists(doc, r, &v.wire),
                        Ok(f) => mentions_value(&doc.text_of(&f.span), &v.wire),
                        Err(_) => false,
                    };
                    if !ok {
                        let why = match found {
                            Err(why) => why,
                            Ok(f) => format!("`{}` is not listed there (line {})", v.wire, f.line),
                        };
                        self.unplaced(&item, &v.provenance, &c, why);
                    }
                }
            }
        }
    }

    fn rules(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        let owned = g
            .ops
            .iter()
            .map(|o| (o.rust.as_str(), &o.rules))
            .chain(g.objects.iter().map(|o| (o.rust.as_str(), &o.rules)));
        let mut seen = BTreeSet::new();
        for (owner, rules) in owned {
            for r in rules.iter() {
                let words = rule_words(r);
                let item = format!("`{owner}` rule over `{}`", words.join("`, `"));
                self.target = Target::Rule {
                    owner: owner.to_string(),
                };
                if seen.insert(item.clone()) {
                    let words: Vec<&str> = words.iter().map(String::as_str).collect();
                    self.check_mention(doc, &item, &r.provenance, &words);
                }
            }
        }
    }

    /// An outcome case reads the document (a phrase, a code's row): its citations must still
    /// resolve. The documents state facts (a field's value, a code's description), never
    /// paybind's outcomes: where the case says so with `reading: { outcome: ... }`, the
    /// outcome is one finding, which that reading explains.
    fn outcomes(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        for o in &g.objects {
            for (i, case) in o.outcome.iter().enumerate() {
                let item = format!("`{}` outcome case {} ({})", o.rust, i + 1, case.text());
                self.target = Target::Outcome {
                    owner: o.rust.clone(),
                    case: i,
                };
                let mut placed = None;
                for (c, found) in self.citations(doc, &item, &case.provenance) {
                    match found {
                        Err(why) => self.unplaced(&item, &case.provenance, &c, why),
                        Ok(f) => placed = Some(format!("{c} (line {})", f.line)),
                    }
                }
                let read = case.provenance.reading.as_ref();
                if let Some(at) =
                    placed.filter(|_| read.is_some_and(|r| r.explains(Property::Outcome).is_some()))
                {
                    let values = ["a fact, no outcome".to_string(), case.text(), at];
                    self.find(&item, &case.provenance, Property::Outcome, values);
                }
            }
        }
    }

    fn codes(&mut self, g: &'g Gateway, doc: &Document<'_>) {
        let mut seen = BTreeSet::new();
        for c in &g.codes {
            let item = format!("return code `{}`", c.code);
            self.target = Target::Code {
                code: c.code.clone(),
            };
            for (cite, found) in self.citations(doc, &item, &c.provenance) {
                match found {
                    Ok(Found {
                        place: Place::Code(row),
                        line,
                        ..
                    }) if row.code == c.code => {
                        seen.insert(c.code.clone());
                        if flat(&row.description) != flat(&c.doc) {
                            let values = [
                                format!("\"{}\"", row.description),
                                format!("\"{}\"", c.doc),
                                format!("{cite} (line {line})"),
                            ];
                            self.find(&item, &c.provenance, Property::Description, values);
                        }
                    }
                    Ok(f) => {
                        let why = format!("not the row of code `{}` (line {})", c.code, f.line);
                        self.unplaced(&item, &c.provenance, &cite, why);
                    }
                    Err(why) => self.unplaced(&item, &c.provenance, &cite, why),
                }
            }
        }
        for row in doc
            .imported
            .codes
            .iter()
            .filter(|r| !seen.contains(&r.code))
        {
            let values = [
                format!("`{}` ({})", row.code, row.description),
                "nothing".to_string(),
                row.location.with_line(),
            ];
            let item = format!("return code `{}`", row.code);
            self.target = Target::Code {
                code: row.code.clone(),
            };
            self.find(&item, &Provenance::default(), Property::Omitted, values);
        }
    }

    /// Request, sub-form and resource rows that no item cites: a table none of whose rows
    /// is cited and that no endpoint or object cites is one finding (a documented endpoint
    /// or form missing from the spec); other rows are findings of the item citing their
    /// table, explained by its reading of `omitted`.
    ///
    /// A request builder's row is documented when a request field of its wire cites any
    /// row of the document (or the client writes it, or it is a credential): the builder
    /// lists names only, and a name no table documents is a parameter the spec lacks.
    fn uncited(&mut self, doc: &Document<'_>) {
        for t in &doc.imported.tables {
            if matches!(t.kind, TableKind::Response | TableKind::Dictionary) {
                continue;
            }
            let known = |w: &str| self.credentials.contains(w) || self.written.contains(w);
            let builder = t.kind == TableKind::Builder;
            let uncited: Vec<_> = t
                .rows
                .iter()
                .filter(|r| {
                    let cited = self.cited_rows.contains(&(r.span.start, r.span.end))
                        || (builder && self.cited_wires.contains(&r.wire));
                    !cited && !known(&r.wire)
                })
                .collect();
            if uncited.is_empty() {
                continue;
            }
            let owner = self.cited_tables.get(&t.anchor).cloned();
            let none_cited = t
                .rows
                .iter()
                .all(|r| !self.cited_rows.contains(&(r.span.start, r.span.end)));
            if owner.is_none() && none_cited && !builder {
                self.missing_table(doc, t);
                continue;
            }
            self.target = match &owner {
                Some((_, _, target)) => target.clone(),
                None => Target::Table {
                    anchor: t.anchor.clone(),
                },
            };
            let (item, p) = match owner {
                Some((item, p, _)) => (item, p),
                None => (format!("{} table `{}`", doc.name(), t.anchor), empty()),
            };
            for r in uncited {
                let values = [
                    format!("`{}`", r.wire),
                    "no item cites it".to_string(),
                    r.location.with_line(),
                ];
                self.row = Some((t.anchor.clone(), r.clone()));
                self.find(&item, p, Property::Omitted, values);
            }
            self.row = None;
        }
    }

    fn missing_table(&mut self, doc: &Document<'_>, t: &Table) {
        let item = format!("{} table `{}`", doc.name(), t.anchor);
        self.target = Target::Table {
            anchor: t.anchor.clone(),
        };
        let what = match t.kind {
            TableKind::Request => "a documented endpoint",
            _ => "a documented form",
        };
        let line = doc.line_of(t.span.start);
        let values = [
            format!("{what} with {} parameters", t.rows.len()),
            "nothing".to_string(),
            format!("{} § {} (line {line})", doc.name(), t.anchor),
        ];
        self.find(&item, empty(), Property::Omitted, values);
    }

    /// Where the documents of two brands describe one endpoint, each parameter offered to a
    /// brand must be stated by that brand's documents (or say why it is offered anyway):
    /// a parameter only one brand's document has is that brand's, never merged silently.
    pub fn brands(&mut self, g: &'g Gateway, docs: &[&str]) {
        let cites = |p: &Provenance, d: &str| {
            p.sources
                .iter()
                .any(|s| parse(s).is_ok_and(|c| c.document == d))
        };
        for b in &g.brands {
            let mine: Vec<&str> = b
                .sources
                .iter()
                .map(String::as_str)
                .filter(|d| docs.contains(d))
                .collect();
            for op in g
                .ops
                .iter()
                .filter(|op| mine.iter().any(|d| cites(&op.provenance, d)))
            {
                for f in &op.params {
                    let offered = f.brands.as_ref().is_none_or(|bs| bs.contains(&b.id));
                    let cited_elsewhere = !f.provenance.sources.is_empty();
                    if !offered || !cited_elsewhere || mine.iter().any(|d| cites(&f.provenance, d))
                    {
                        continue;
                    }
                    self.target = Target::Param {
                        path: op.path.clone(),
                        variant: op.variant.clone(),
                        wire: f.wire.clone(),
                    };
                    let item = format!("`{}` parameter `{}`", op.rust, f.wire);
                    let values = [
                        format!("nothing of `{}`", f.wire),
                        format!("it is offered to brand `{}`", b.id),
                        mine.join(", "),
                    ];
                    self.find(&item, &f.provenance, Property::Citation, values);
                }
            }
        }
    }

    pub fn finish(self) -> Report {
        let mut unused = Vec::new();
        for (item, p) in &self.readings {
            let Some(r) = &p.reading else { continue };
            for prop in r.properties() {
                if !self.explained.contains(&(item.clone(), prop)) {
                    let why = r.explains(prop).unwrap_or_default().to_string();
                    unused.push((item.clone(), prop, why));
                }
            }
        }
        Report {
            findings: self.findings,
            unused_readings: unused,
        }
    }
}

fn empty() -> &'static Provenance {
    static EMPTY: std::sync::OnceLock<Provenance> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Provenance::default)
}

/// Whitespace runs made single spaces, case kept.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The wire names a rule speaks of (a dotted path by its last part).
fn rule_words(r: &Rule) -> Vec<String> {
    let name = |f: &FieldRef| f.path.rsplit('.').next().unwrap_or(&f.path).to_string();
    let names = |fs: &[FieldRef]| fs.iter().map(name).collect::<Vec<_>>();
    match &r.kind {
        RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) => names(f),
        RuleKind::RequiredIf { field, when } | RuleKind::MaxLengthIf { field, when, .. } => {
            vec![name(field), name(&when.field)]
        }
        RuleKind::RequiredWith { fields, any_of, .. }
        | RuleKind::OneOfRequiredWith {
            one_of: fields,
            any_of,
            ..
        } => fields.iter().chain(any_of).map(name).collect(),
    }
}

/// Every field with what holds it.
fn all_fields(g: &Gateway) -> Vec<Owned<'_>> {
    let owned = |label: String, owner, side, field, target| Owned {
        label,
        owner,
        side,
        field,
        target,
    };
    let creds = g.credentials.iter().map(move |f| {
        let target = Target::Credential {
            wire: f.wire.clone(),
        };
        owned("credential".to_string(), "", Side::Request, f, target)
    });
    let params = g.ops.iter().flat_map(move |o| {
        o.params.iter().map(move |f| {
            let label = format!("`{}` parameter", o.rust);
            let target = Target::Param {
                path: o.path.clone(),
                variant: o.variant.clone(),
                wire: f.wire.clone(),
            };
            owned(label, o.rust.as_str(), Side::Request, f, target)
        })
    });
    let objects = g
        .objects
        .iter()
        .chain(g.callback.iter().map(|c| &c.object))
        .flat_map(|o| {
            let side = if o.in_request {
                Side::Request
            } else {
                Side::Answer
            };
            o.fields.iter().map(move |f| {
                let label = format!("`{}` field", o.rust);
                let target = Target::Field {
                    object: o.rust.clone(),
                    wire: f.wire.clone(),
                };
                owned(label, o.rust.as_str(), side, f, target)
            })
        });
    creds.chain(params).chain(objects).collect()
}
