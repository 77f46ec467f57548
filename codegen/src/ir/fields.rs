//! Lowering fields: `use:` merged, types resolved, constraints checked for contradictions.

use super::*;

impl<'s> Lower<'s> {
    /// Merges `use:`, resolves the type, checks the constraints. `base` is for nested use.
    pub(super) fn field(&mut self, f: &spec::Field) -> Option<Field> {
        let shared = match &f.uses {
            Some((name, pos)) => match self.spec.params.iter().find(|p| &p.wire == name) {
                Some(p) => {
                    if p.uses.is_some() {
                        self.err(
                            p.pos,
                            &p.key,
                            "a shared parameter cannot itself `use:` another".to_string(),
                        );
                    }
                    if p.wire != f.wire {
                        self.err(*pos, &f.key, format!("`use: {name}` must be written under the key `{name}`: the wire name comes from the shared parameter"));
                    }
                    Some(p)
                }
                None => {
                    self.err(
                        *pos,
                        &format!("{}.use", f.key),
                        format!("`{name}` is not a shared parameter (see `params:`)"),
                    );
                    return None;
                }
            },
            None => None,
        };
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
        let ty = self.resolve(&ty, ty_pos, &format!("{}.type", f.key))?;
        let base = shared.map(|s| s.constraints.clone()).unwrap_or_default();
        let c = &f.constraints;
        let min_length = c.min_length.over(base.min_length);
        let max_length = c.max_length.over(base.max_length);
        let min = c.min.over(base.min);
        let max = c.max.over(base.max);
        let pattern_src = c.pattern.clone().or(base.pattern.clone());
        let sensitive = f.sensitive.or(shared.and_then(|s| s.sensitive));
        let required = f
            .required
            .or(shared.and_then(|s| s.required))
            .unwrap_or(false);
        let doc = f
            .doc
            .clone()
            .or(shared.and_then(|s| s.doc.clone()))
            .unwrap_or_default();
        let textual = matches!(ty, Ty::String | Ty::Url | Ty::Email | Ty::Ip);
        let numeric = matches!(ty, Ty::Integer | Ty::Amount | Ty::Money);
        for (name, s) in [("min_length", min_length), ("max_length", max_length)] {
            if let Setting::Set(_, p) = s {
                if !textual {
                    self.err(
                        p,
                        &format!("{}.{name}", f.key),
                        format!(
                            "`{name}` applies to text fields, not to this {}",
                            ty_name(&ty)
                        ),
                    );
                }
            }
        }
        for (name, s) in [("min", min), ("max", max)] {
            if let Setting::Set(_, p) = s {
                if !numeric {
                    self.err(
                        p,
                        &format!("{}.{name}", f.key),
                        format!(
                            "`{name}` applies to integer and amount fields, not to this {}",
                            ty_name(&ty)
                        ),
                    );
                }
            }
        }
        if let (Some(lo), Setting::Set(hi, p)) = (min_length.value(), max_length) {
            if lo > hi {
                self.err(p, &format!("{}.max_length", f.key), format!("contradictory constraints: min_length {lo} is greater than max_length {hi}"));
            }
        }
        if let (Some(lo), Setting::Set(hi, p)) = (min.value(), max) {
            if lo > hi {
                self.err(
                    p,
                    &format!("{}.max", f.key),
                    format!("contradictory constraints: min {lo} is greater than max {hi}"),
                );
            }
        }
        if let Setting::Set(0, p) = max_length {
            self.err(
                p,
                &format!("{}.max_length", f.key),
                "max_length 0 allows no value at all".to_string(),
            );
        }
        let pattern = match pattern_src {
            Some((src, p)) => {
                if ty != Ty::String {
                    self.err(
                        p,
                        &format!("{}.pattern", f.key),
                        format!(
                            "`pattern` applies to string fields, not to this {}",
                            ty_name(&ty)
                        ),
                    );
                }
                match pattern::parse(&src) {
                    Ok(pat) => {
                        if let (Some(hi), Some(lo)) = (max_length.value(), Some(pat.min_len())) {
                            if lo > hi {
                                self.err(p, &format!("{}.pattern", f.key), format!("contradictory constraints: the pattern needs at least {lo} characters but max_length is {hi}"));
                            }
                        }
                        Some(pat)
                    }
                    Err(e) => {
                        self.err(p, &format!("{}.pattern", f.key), e);
                        None
                    }
                }
            }
            None => None,
        };
        if let Some(s) = sensitive {
            if ty != Ty::String {
                self.err(
                    f.pos,
                    &f.key,
                    format!(
                        "only string fields can be sensitive ({s:?}), not this {}",
                        ty_name(&ty)
                    ),
                );
            }
        }
        let place = match f.place.as_ref().or(shared.and_then(|s| s.place.as_ref())) {
            None => Place::Form,
            Some((p, _)) if p == "form" => Place::Form,
            Some((p, _)) if p == "none" => Place::Nowhere,
            Some((p, _)) if p == "bearer" => Place::Bearer,
            Some((p, _)) if p == "path" => Place::Path,
            Some((p, pos)) => {
                self.err(
                    *pos,
                    &format!("{}.in", f.key),
                    format!("`{p}` is not a place; expected form, none, bearer or path"),
                );
                Place::Form
            }
        };
        if let Some((_, pos)) = &f.place {
            if !f.key.starts_with("gateway.credentials") {
                self.err(
                    *pos,
                    &format!("{}.in", f.key),
                    "`in` applies to credentials".to_string(),
                );
            }
        }
        let currency_field = f
            .currency_field
            .clone()
            .or(shared.and_then(|s| s.currency_field.clone()));
        if let Some((_, pos)) = &currency_field {
            if ty != Ty::Money {
                self.err(
                    *pos,
                    &format!("{}.currency_field", f.key),
                    "`currency_field` applies to money fields".to_string(),
                );
            }
        }
        let brands = f.brands.clone().or(shared.and_then(|s| s.brands.clone()));
        let known: Vec<String> = self
            .spec
            .gateway
            .brands
            .iter()
            .map(|b| b.name.clone())
            .collect();
        if let Some((list, pos)) = &brands {
            for b in list {
                if !known.contains(b) {
                    self.err(
                        *pos,
                        &format!("{}.brands", f.key),
                        format!("`{b}` is not a brand of this gateway"),
                    );
                }
            }
        }
        let mut per_brand = Vec::new();
        let base_pb = shared.map(|s| s.per_brand.clone()).unwrap_or_default();
        let own: Vec<spec::BrandLimits> = f.per_brand.clone();
        for pb in own.iter().chain(
            base_pb
                .iter()
                .filter(|b| !own.iter().any(|x| x.brand == b.brand)),
        ) {
            if !known.contains(&pb.brand) {
                self.err(
                    pb.pos,
                    &format!("{}.per_brand", f.key),
                    format!("`{}` is not a brand of this gateway", pb.brand),
                );
            }
            if !textual {
                self.err(
                    pb.pos,
                    &format!("{}.per_brand", f.key),
                    "`per_brand` limits apply to text fields".to_string(),
                );
            }
            let lo = pb.min_length.over(min_length).value();
            let hi = pb.max_length.over(max_length).value();
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    self.err(pb.pos, &format!("{}.per_brand.{}", f.key, pb.brand), format!("contradictory constraints: min_length {lo} is greater than max_length {hi}"));
                }
            }
            per_brand.push((pb.brand.clone(), lo, hi, pb.doc.clone()));
        }
        Some(Field {
            wire: f.wire.clone(),
            rust: snake(&f.wire),
            ty,
            required,
            sensitive,
            min_length: min_length.value(),
            max_length: max_length.value(),
            min: min.value(),
            max: max.value(),
            pattern,
            doc,
            place,
            currency_field: currency_field.map(|(c, _)| c),
            brands: brands.map(|(b, _)| b),
            per_brand,
            key: f.key.clone(),
            pos: f.pos,
        })
    }

    pub(super) fn resolve(&mut self, t: &TypeRef, pos: Pos, key: &str) -> Option<Ty> {
        Some(match t {
            TypeRef::String => Ty::String,
            TypeRef::Integer => Ty::Integer,
            TypeRef::Amount => Ty::Amount,
            TypeRef::Flag => Ty::Flag,
            TypeRef::Boolean => Ty::Boolean,
            TypeRef::Date(f) => Ty::Date(*f),
            TypeRef::Url => Ty::Url,
            TypeRef::Email => Ty::Email,
            TypeRef::Ip => Ty::Ip,
            TypeRef::Money => Ty::Money,
            TypeRef::ReturnCode => Ty::ReturnCode,
            TypeRef::List(inner) => Ty::List(Box::new(self.resolve(inner, pos, key)?)),
            TypeRef::Joined(items, sep) => match self.type_def(items).map(|t| &t.body) {
                Some(TypeBody::Enum(_)) => Ty::Joined(items.clone(), *sep),
                _ => {
                    self.err(
                        pos,
                        key,
                        format!(
                            "`{items}` is not an enum of this spec: `joined` lists enum values"
                        ),
                    );
                    return None;
                }
            },
            TypeRef::Named(n) => match self.type_def(n) {
                Some(td) => match td.body {
                    TypeBody::Enum(_) => Ty::Enum(n.clone()),
                    TypeBody::Object(_) => Ty::Object(n.clone()),
                },
                None => {
                    self.err(
                        pos,
                        key,
                        format!("`{n}` is not a type of this spec (see `types:`)"),
                    );
                    return None;
                }
            },
        })
    }

    pub(super) fn unique_rust_names(&mut self, fields: &[Field], key: &str) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for f in fields {
            let raw = f.rust.strip_suffix('_').unwrap_or(&f.rust);
            if !is_ident(&f.rust) && !KEYWORDS.contains(&raw) {
                self.err(
                    f.pos,
                    &f.key,
                    format!("`{}` gives no usable Rust name (`{}`)", f.wire, f.rust),
                );
            }
            if let Some(other) = seen.insert(&f.rust, &f.wire) {
                self.err(
                    f.pos,
                    key,
                    format!(
                        "`{}` and `{other}` both become the Rust name `{}`",
                        f.wire, f.rust
                    ),
                );
            }
        }
    }
}
