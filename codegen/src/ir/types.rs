//! Lowering named types: enums and objects, which objects are sent and which are read, and
//! the lint checks that depend on it.

use std::collections::BTreeSet;

use super::choices::choices;
use super::model::*;
use super::names::is_ident;
use super::Lower;
use crate::spec::{self, TypeBody};

impl<'s> Lower<'s> {
    pub(super) fn enums(&mut self) -> Vec<Enum> {
        let spec: &'s spec::Spec = self.spec;
        let mut out = Vec::new();
        for t in &spec.types {
            if let TypeBody::Enum(values) = &t.body {
                out.push(Enum {
                    rust: t.name.clone(),
                    doc: t.doc.clone(),
                    integer: t.integer,
                    values: self.enum_values(t, values),
                    provenance: self.provenance(&t.provenance),
                });
            }
        }
        out
    }

    fn enum_values(&mut self, t: &spec::TypeDef, values: &[spec::EnumValue]) -> Vec<EnumValue> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in values {
            let key = format!("types.{}.values.{}.name", t.name, v.wire);
            if !is_ident(&v.name) {
                self.err(
                    v.pos,
                    &key,
                    format!("`{}` is not a Rust identifier", v.name),
                );
            }
            if v.name == "Unknown" {
                let message = "`Unknown` is kept for values the spec does not list";
                self.err(v.pos, &key, message.to_string());
            }
            if !seen.insert(v.name.clone()) {
                self.err(v.pos, &key, format!("duplicate variant name `{}`", v.name));
            }
            let provenance = self.provenance(&v.provenance);
            let what = format!("value `{}` of `{}`", v.wire, t.name);
            self.require_provenance(&provenance, v.pos, &key, &what);
            out.push(EnumValue {
                wire: v.wire.clone(),
                rust: v.name.clone(),
                doc: v.doc.clone(),
                provenance,
            });
        }
        out
    }

    pub(super) fn objects(&mut self) -> Vec<Object> {
        let spec: &'s spec::Spec = self.spec;
        let mut out = Vec::new();
        for t in &spec.types {
            if let TypeBody::Object(o) = &t.body {
                let fields: Vec<Field> = o.fields.iter().filter_map(|f| self.field(f)).collect();
                let rules = self.rules(&o.rules, &fields);
                self.unique_rust_names(&fields, &format!("types.{}", t.name));
                out.push(Object {
                    rust: t.name.clone(),
                    doc: t.doc.clone(),
                    origin: format!("type `{}`", t.name),
                    fields,
                    in_request: false,
                    in_response: false,
                    choices: choices(&t.name, &rules),
                    rules,
                    outcome: Vec::new(),
                    provenance: self.provenance(&t.provenance),
                });
            }
        }
        out
    }

    /// Which objects are sent, which are read; answers' keys as the decoder reads them.
    pub(super) fn mark_usage(&self, objects: &mut [Object], ops: &[Op]) {
        let mut sent = BTreeSet::new();
        let mut read = BTreeSet::new();
        for op in ops {
            for p in &op.params {
                mark(&p.ty, objects, &mut sent);
            }
            if let Response::Object(r) = &op.response {
                mark(&Ty::Object(r.clone()), objects, &mut read);
            }
        }
        let lowercase = self.spec.gateway.case_insensitive_keys;
        for o in objects.iter_mut() {
            o.in_request = sent.contains(&o.rust);
            o.in_response = read.contains(&o.rust);
            if o.in_response && lowercase {
                for f in &mut o.fields {
                    f.read_as = f.wire.to_lowercase();
                }
            }
        }
    }

    pub(super) fn lint_objects(&mut self, objects: &[Object]) {
        let spec: &'s spec::Spec = self.spec;
        let defs = spec
            .types
            .iter()
            .filter(|t| matches!(t.body, TypeBody::Object(_)));
        for (o, t) in objects.iter().zip(defs) {
            let json_in_form = matches!(&t.body, TypeBody::Object(d) if d.json_in_form);
            let key = format!("types.{}", o.rust);
            let form = spec.gateway.request_encoding == spec::RequestEncoding::Form;
            let problems = [
                (
                    !o.in_request && !o.in_response,
                    "this object is used by no endpoint, neither sent nor read",
                ),
                (
                    o.in_request && !json_in_form && form,
                    "an object sent inside a form parameter needs `encoding: json`",
                ),
                (
                    o.in_response && o.fields.iter().any(|f| f.required),
                    "fields of an answer cannot be `required`: gateways omit fields without notice",
                ),
            ];
            for (found, message) in problems {
                if found {
                    self.err(t.pos, &key, message.to_string());
                }
            }
            self.lint_object_money(o);
        }
    }

    fn lint_object_money(&mut self, o: &Object) {
        for f in o.fields.iter().filter(|f| f.ty == Ty::Money) {
            if o.in_response {
                let message = "`money` is for requests; answers carry amounts as text or `amount`";
                self.err(f.pos, &f.key, message.to_string());
            }
            if o.in_request {
                let message = "`money` is an endpoint parameter, not a sub-form field";
                self.err(f.pos, &f.key, message.to_string());
            }
        }
    }
}

/// Marks `ty`'s object, and every object it holds, in `set`.
pub(super) fn mark(ty: &Ty, objects: &[Object], set: &mut BTreeSet<String>) {
    match ty {
        Ty::List(i) => mark(i, objects, set),
        Ty::Object(n) if set.insert(n.clone()) => {
            if let Some(o) = objects.iter().find(|o| &o.rust == n) {
                for f in &o.fields {
                    mark(&f.ty, objects, set);
                }
            }
        }
        _ => {}
    }
}
