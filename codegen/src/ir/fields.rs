//! Lowering fields: `use:` merged, types resolved, constraints checked for contradictions.

use std::collections::BTreeMap;

use super::convert;
use super::literals::Candidate;
use super::model::*;
use super::names::{camel, is_ident, is_keyword, snake};
use super::{ty_name, Lower};
use crate::error::Pos;
use crate::pattern::{self, Pattern};
use crate::spec::{self, Setting, TypeBody, TypeRef};

/// A field's limits after `use:` is merged.
struct Limits {
    min_length: Setting<u64>,
    max_length: Setting<u64>,
    min: Setting<i64>,
    max: Setting<i64>,
}

impl<'s> Lower<'s> {
    /// Merges `use:`, resolves the type, checks the constraints.
    pub(super) fn field(&mut self, f: &spec::Field) -> Option<Field> {
        let shared = self.shared_param(f).ok()?;
        let ty = self.field_type(f, shared)?;
        let base = shared.map(|s| s.constraints.clone()).unwrap_or_default();
        let c = &f.constraints;
        let limits = Limits {
            min_length: c.min_length.over(base.min_length),
            max_length: c.max_length.over(base.max_length),
            min: c.min.over(base.min),
            max: c.max.over(base.max),
        };
        self.check_limits(f, &ty, &limits);
        let pattern_src = c.pattern.clone().or(base.pattern.clone());
        let pattern = self.pattern(f, &ty, pattern_src, limits.max_length.value());
        let sensitive = f.sensitive.or(shared.and_then(|s| s.sensitive));
        self.check_sensitive(f, &ty, sensitive);
        let place = self.place(f, shared);
        let currency_field = self.currency_field(f, shared, &ty);
        let brands = self.field_brands(f, shared);
        let aliases = self.aliases(f, shared);
        let per_brand = self.per_brand(f, shared, &ty, &limits);
        let inherit = |get: fn(&spec::Field) -> Option<String>| get(f).or(shared.and_then(get));
        let base = shared
            .map(|s| self.provenance(&s.provenance))
            .unwrap_or_default();
        let provenance = self.provenance(&f.provenance).or(&base);
        self.require_provenance(&provenance, f.pos, &f.key, &format!("`{}`", f.wire));
        let literal = self.literal_rule(&Candidate {
            wire: &f.wire,
            rust: &snake(&f.wire),
            ty: &ty,
            sensitive: sensitive.is_some(),
            min_length: limits.min_length.value(),
            max_length: limits.max_length.value(),
            pattern: pattern.as_ref(),
            provenance: &provenance,
        });
        Some(Field {
            wire: f.wire.clone(),
            aliases,
            read_as: f.wire.clone(),
            rust: snake(&f.wire),
            camel: camel(&f.wire),
            ty,
            required: f
                .required
                .or(shared.and_then(|s| s.required))
                .unwrap_or(false),
            sensitive: sensitive.map(convert::sensitivity),
            min_length: limits.min_length.value(),
            max_length: limits.max_length.value(),
            min: limits.min.value(),
            max: limits.max.value(),
            pattern,
            doc: inherit(|x| x.doc.clone()).unwrap_or_default(),
            place,
            in_path: false,
            currency_field,
            brands,
            per_brand,
            provenance,
            literal,
            key: f.key.clone(),
            pos: f.pos,
        })
    }

    /// The shared parameter a field `use:`s; `Err` when it names none.
    fn shared_param(&mut self, f: &spec::Field) -> Result<Option<&'s spec::Field>, ()> {
        let Some((name, pos)) = &f.uses else {
            return Ok(None);
        };
        let spec: &'s spec::Spec = self.spec;
        let Some(p) = spec.params.iter().find(|p| &p.wire == name) else {
            self.err(
                *pos,
                &format!("{}.use", f.key),
                format!("`{name}` is not a shared parameter (see `params:`)"),
            );
            return Err(());
        };
        if p.uses.is_some() {
            let message = "a shared parameter cannot itself `use:` another";
            self.err(p.pos, &p.key, message.to_string());
        }
        if p.wire != f.wire {
            self.err(*pos, &f.key, format!("`use: {name}` must be written under the key `{name}`: the wire name comes from the shared parameter"));
        }
        Ok(Some(p))
    }

    fn field_type(&mut self, f: &spec::Field, shared: Option<&spec::Field>) -> Option<Ty> {
        let (ty, ty_pos) = match (&f.ty, shared.and_then(|s| s.ty.as_ref())) {
            (Some((t, p)), _) | (None, Some((t, p))) => (t.clone(), *p),
            (None, None) => return None,
        };
        if let (Some(_), Some(_)) = (&f.ty, shared) {
            self.err(
                ty_pos,
                &format!("{}.type", f.key),
                "a field that uses a shared parameter takes its type from it".to_string(),
            );
        }
        self.resolve(&ty, ty_pos, &format!("{}.type", f.key))
    }

    /// Length limits apply to text, ranges to numbers, and neither contradicts itself.
    fn check_limits(&mut self, f: &spec::Field, ty: &Ty, l: &Limits) {
        let numeric = matches!(ty, Ty::Integer | Ty::Amount | Ty::Money);
        for (name, s) in [("min_length", l.min_length), ("max_length", l.max_length)] {
            // A money amount's length is that of its text in major units ("1234567.89").
            let lengthy = ty.is_text() || *ty == Ty::Money;
            if let (Setting::Set(_, p), false) = (s, lengthy) {
                let message = format!(
                    "`{name}` applies to text fields (and money, as written), not to this {}",
                    ty_name(ty)
                );
                self.err(p, &format!("{}.{name}", f.key), message);
            }
        }
        for (name, s) in [("min", l.min), ("max", l.max)] {
            if let (Setting::Set(_, p), false) = (s, numeric) {
                let message = format!(
                    "`{name}` applies to integer and amount fields, not to this {}",
                    ty_name(ty)
                );
                self.err(p, &format!("{}.{name}", f.key), message);
            }
        }
        if let (Some(lo), Setting::Set(hi, p)) = (l.min_length.value(), l.max_length) {
            if lo > hi {
                self.err(p, &format!("{}.max_length", f.key), format!("contradictory constraints: min_length {lo} is greater than max_length {hi}"));
            }
        }
        if let (Some(lo), Setting::Set(hi, p)) = (l.min.value(), l.max) {
            if lo > hi {
                let message =
                    format!("contradictory constraints: min {lo} is greater than max {hi}");
                self.err(p, &format!("{}.max", f.key), message);
            }
        }
        if let Setting::Set(0, p) = l.max_length {
            let message = "max_length 0 allows no value at all";
            self.err(p, &format!("{}.max_length", f.key), message.to_string());
        }
    }

    fn pattern(
        &mut self,
        f: &spec::Field,
        ty: &Ty,
        src: Option<(String, Pos)>,
        max_length: Option<u64>,
    ) -> Option<Pattern> {
        let (src, p) = src?;
        let key = format!("{}.pattern", f.key);
        if *ty != Ty::String {
            let message = format!(
                "`pattern` applies to string fields, not to this {}",
                ty_name(ty)
            );
            self.err(p, &key, message);
        }
        match pattern::parse(&src) {
            Ok(pat) => {
                let lo = pat.min_len();
                if max_length.is_some_and(|hi| lo > hi) {
                    let hi = max_length.unwrap_or_default();
                    self.err(p, &key, format!("contradictory constraints: the pattern needs at least {lo} characters but max_length is {hi}"));
                }
                Some(pat)
            }
            Err(e) => {
                self.err(p, &key, e);
                None
            }
        }
    }

    fn check_sensitive(&mut self, f: &spec::Field, ty: &Ty, s: Option<spec::Sensitivity>) {
        if let (Some(s), false) = (s, *ty == Ty::String) {
            let message = format!(
                "only string fields can be sensitive ({s:?}), not this {}",
                ty_name(ty)
            );
            self.err(f.pos, &f.key, message);
        }
    }

    fn place(&mut self, f: &spec::Field, shared: Option<&spec::Field>) -> Place {
        if let Some((_, pos)) = &f.place {
            if !f.key.starts_with("gateway.credentials") {
                let message = "`in` applies to credentials";
                self.err(*pos, &format!("{}.in", f.key), message.to_string());
            }
        }
        match f.place.as_ref().or(shared.and_then(|s| s.place.as_ref())) {
            None => Place::Form,
            Some((p, pos)) => match p.as_str() {
                "form" => Place::Form,
                "none" => Place::Nowhere,
                "bearer" => Place::Bearer,
                "path" => Place::Path,
                _ => {
                    let message =
                        format!("`{p}` is not a place; expected form, none, bearer or path");
                    self.err(*pos, &format!("{}.in", f.key), message);
                    Place::Form
                }
            },
        }
    }

    fn currency_field(
        &mut self,
        f: &spec::Field,
        shared: Option<&spec::Field>,
        ty: &Ty,
    ) -> Option<String> {
        let (name, pos) = f
            .currency_field
            .clone()
            .or(shared.and_then(|s| s.currency_field.clone()))?;
        if *ty != Ty::Money {
            let message = "`currency_field` applies to money fields";
            self.err(
                pos,
                &format!("{}.currency_field", f.key),
                message.to_string(),
            );
        }
        Some(name)
    }

    /// `aliases:`, own or inherited: names a server reads as this parameter, so only on
    /// endpoint parameters (and the shared parameters they use), each a new name.
    fn aliases(&mut self, f: &spec::Field, shared: Option<&spec::Field>) -> Vec<String> {
        let Some((list, pos)) = f.aliases.clone().or(shared.and_then(|s| s.aliases.clone())) else {
            return Vec::new();
        };
        let key = format!("{}.aliases", f.key);
        if !(f.key.starts_with("endpoints.") || f.key.starts_with("params.")) {
            let message =
                "`aliases` apply to endpoint parameters, which servers read; this field is not one";
            self.err(pos, &key, message.to_string());
        }
        if list.is_empty() {
            self.err(pos, &key, "`aliases` lists at least one name".to_string());
        }
        for (i, a) in list.iter().enumerate() {
            let valid = !a.is_empty()
                && a.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
            if !valid {
                let message = format!("`{a}` is not a wire name (letters, digits, `_`, `-`, `.`)");
                self.err(pos, &key, message);
            } else if *a == f.wire {
                let message = format!("`{a}` is the parameter's own wire name, not an alias");
                self.err(pos, &key, message);
            } else if list[..i].contains(a) {
                self.err(pos, &key, format!("the alias `{a}` is listed twice"));
            }
        }
        list
    }

    fn known_brand(&self, brand: &str) -> bool {
        self.spec.gateway.brands.iter().any(|b| b.name == brand)
    }

    fn field_brands(
        &mut self,
        f: &spec::Field,
        shared: Option<&spec::Field>,
    ) -> Option<Vec<String>> {
        let (list, pos) = f.brands.clone().or(shared.and_then(|s| s.brands.clone()))?;
        for b in &list {
            if !self.known_brand(b) {
                let message = format!("`{b}` is not a brand of this gateway");
                self.err(pos, &format!("{}.brands", f.key), message);
            }
        }
        Some(list)
    }

    fn per_brand(
        &mut self,
        f: &spec::Field,
        shared: Option<&spec::Field>,
        ty: &Ty,
        l: &Limits,
    ) -> Vec<BrandLimits> {
        let inherited = shared.map(|s| s.per_brand.clone()).unwrap_or_default();
        let own = &f.per_brand;
        let all = own.iter().chain(
            inherited
                .iter()
                .filter(|b| !own.iter().any(|x| x.brand == b.brand)),
        );
        let mut out = Vec::new();
        for pb in all {
            let key = format!("{}.per_brand", f.key);
            if !self.known_brand(&pb.brand) {
                self.err(
                    pb.pos,
                    &key,
                    format!("`{}` is not a brand of this gateway", pb.brand),
                );
            }
            if !ty.is_text() {
                self.err(
                    pb.pos,
                    &key,
                    "`per_brand` limits apply to text fields".to_string(),
                );
            }
            let lo = pb.min_length.over(l.min_length).value();
            let hi = pb.max_length.over(l.max_length).value();
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    self.err(pb.pos, &format!("{key}.{}", pb.brand), format!("contradictory constraints: min_length {lo} is greater than max_length {hi}"));
                }
            }
            out.push(BrandLimits {
                brand: pb.brand.clone(),
                min_length: lo,
                max_length: hi,
                doc: pb.doc.clone(),
            });
        }
        out
    }

    pub(super) fn resolve(&mut self, t: &TypeRef, pos: Pos, key: &str) -> Option<Ty> {
        Some(match t {
            TypeRef::String => Ty::String,
            TypeRef::Integer => Ty::Integer,
            TypeRef::Amount => Ty::Amount,
            TypeRef::Flag => Ty::Flag,
            TypeRef::Boolean => Ty::Boolean,
            TypeRef::Date(f) => Ty::Date(convert::date_format(*f)),
            TypeRef::Url => Ty::Url,
            TypeRef::Email => Ty::Email,
            TypeRef::Ip => Ty::Ip,
            TypeRef::Money => Ty::Money,
            TypeRef::ReturnCode => Ty::ReturnCode,
            TypeRef::List(inner) => Ty::List(Box::new(self.resolve(inner, pos, key)?)),
            TypeRef::Joined(items, sep) => self.resolve_joined(items, *sep, pos, key)?,
            TypeRef::Named(n) => self.resolve_named(n, pos, key)?,
        })
    }

    fn resolve_joined(&mut self, items: &str, sep: char, pos: Pos, key: &str) -> Option<Ty> {
        if let Some(TypeBody::Enum(_)) = self.type_def(items).map(|t| &t.body) {
            return Some(Ty::Joined(items.to_string(), sep));
        }
        let message = format!("`{items}` is not an enum of this spec: `joined` lists enum values");
        self.err(pos, key, message);
        None
    }

    fn resolve_named(&mut self, n: &str, pos: Pos, key: &str) -> Option<Ty> {
        match self.type_def(n).map(|t| &t.body) {
            Some(TypeBody::Enum(_)) => Some(Ty::Enum(n.to_string())),
            Some(TypeBody::Object(_)) => Some(Ty::Object(n.to_string())),
            None => {
                let message = format!("`{n}` is not a type of this spec (see `types:`)");
                self.err(pos, key, message);
                None
            }
        }
    }

    pub(super) fn unique_rust_names(&mut self, fields: &[Field], key: &str) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for f in fields {
            let raw = f.rust.strip_suffix('_').unwrap_or(&f.rust);
            if !is_ident(&f.rust) && !is_keyword(raw) {
                let message = format!("`{}` gives no usable Rust name (`{}`)", f.wire, f.rust);
                self.err(f.pos, &f.key, message);
            }
            if let Some(other) = seen.insert(&f.rust, &f.wire) {
                let message = format!(
                    "`{}` and `{other}` both become the Rust name `{}`",
                    f.wire, f.rust
                );
                self.err(f.pos, key, message);
            }
        }
    }
}
