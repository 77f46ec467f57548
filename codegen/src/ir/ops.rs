//! Lowering endpoints: request types, paths, lookups, rules and signatures.

use super::*;

impl<'s> Lower<'s> {
    pub(super) fn ops(&mut self) -> Vec<Op> {
        let spec_creds = self.spec.gateway.credentials.clone();
        let credentials_ir: Vec<Field> = spec_creds.iter().filter_map(|c| self.field(c)).collect();
        let mut out = Vec::new();
        let cred_names: Vec<String> = self
            .spec
            .gateway
            .credentials
            .iter()
            .map(|c| c.wire.clone())
            .collect();
        let mut names: BTreeMap<String, Pos> = BTreeMap::new();
        for e in &self.spec.endpoints {
            let credentials = match &e.credentials {
                None => cred_names.clone(),
                Some(list) => {
                    for (c, p) in list {
                        if !cred_names.contains(c) {
                            self.err(
                                *p,
                                &format!("{}.credentials", e.key),
                                format!("`{c}` is not a credential of this gateway"),
                            );
                        }
                    }
                    cred_names
                        .iter()
                        .filter(|c| list.iter().any(|(l, _)| l == *c))
                        .cloned()
                        .collect()
                }
            };
            let response = match &e.response {
                spec::ResponseRef::Text => Response::Text,
                spec::ResponseRef::Named(n, p) => match self.type_def(n).map(|t| &t.body) {
                    Some(TypeBody::Object(_)) => Response::Object(n.clone()),
                    Some(TypeBody::Enum(_)) => {
                        self.err(
                            *p,
                            &format!("{}.response", e.key),
                            format!("`{n}` is an enum; an answer is an object type or `text`"),
                        );
                        continue;
                    }
                    None => {
                        self.err(
                            *p,
                            &format!("{}.response", e.key),
                            format!("`{n}` is not a type of this spec (see `types:`)"),
                        );
                        continue;
                    }
                },
            };
            if e.lookup.is_some() && !e.moves_money {
                self.err(e.pos, &format!("{}.lookup", e.key), "`lookup` says how to find a money-moving call's outcome; this endpoint does not move money".to_string());
            }
            if e.moves_money && e.lookup.is_none() {
                self.err(e.pos, &e.key, "an endpoint that moves money needs `lookup`: how to find its outcome after a timeout".to_string());
            }
            for v in &e.variants {
                let mut rust = match &e.name {
                    Some((n, p)) => {
                        if !is_ident(n) || camel(n) != *n {
                            self.err(
                                *p,
                                &format!("{}.name", e.key),
                                format!("`{n}` is not an UpperCamelCase type name"),
                            );
                        }
                        n.clone()
                    }
                    None => camel(&e.path),
                };
                if let Some(n) = &v.name {
                    rust.push_str(&camel(n));
                }
                if let Some(first) = names.insert(rust.clone(), v.pos) {
                    self.err(
                        v.pos,
                        &e.key,
                        format!(
                            "the request type name `{rust}` is already used (line {})",
                            first.line
                        ),
                    );
                }
                if self.type_def(&rust).is_some() {
                    self.err(
                        v.pos,
                        &e.key,
                        format!("the request type name `{rust}` clashes with a type of `types:`"),
                    );
                }
                let params: Vec<Field> = v.params.iter().filter_map(|p| self.field(p)).collect();
                for p in &params {
                    if credentials.contains(&p.wire) {
                        self.err(
                            p.pos,
                            &p.key,
                            format!("`{}` is a credential; the client sends it", p.wire),
                        );
                    }
                    if let (Ty::List(_), RequestEncoding::Form) =
                        (&p.ty, self.spec.gateway.request_encoding)
                    {
                        self.err(
                            p.pos,
                            &p.key,
                            "a form parameter cannot be a list".to_string(),
                        );
                    }
                }
                self.unique_rust_names(&params, &e.key);
                for p in &params {
                    if let Some(cf) = &p.currency_field {
                        if params.iter().any(|q| &q.wire == cf) {
                            self.err(p.pos, &p.key, format!("`{cf}` is written from this money field; it cannot also be a parameter"));
                        }
                    }
                }
                let rules = self.rules(&v.rules, &params);
                let signature = match &e.signature {
                    Some(sig) => {
                        if params.iter().any(|p| p.wire == sig.field) {
                            self.err(
                                sig.pos,
                                &format!("{}.signature.field", e.key),
                                format!(
                                    "`{}` is computed by the client; it cannot also be a parameter",
                                    sig.field
                                ),
                            );
                        }
                        if sig.sorted_values.is_some() {
                            self.err(
                                sig.pos,
                                &format!("{}.signature.sorted_values", e.key),
                                "`sorted_values` signs callbacks, not requests".to_string(),
                            );
                        }
                        Some(self.signature(sig, &params, &format!("{}.signature", e.key)))
                    }
                    None => None,
                };
                let lookup = match &e.lookup {
                    Some(l) => {
                        match self.spec.endpoints.iter().find(|x| x.path == l.endpoint) {
                            Some(target) => {
                                if !target.variants.iter().any(|tv| {
                                    tv.params
                                        .iter()
                                        .any(|p| p.wire == *l.as_.as_ref().unwrap_or(&l.by))
                                }) {
                                    self.err(
                                        l.pos,
                                        &format!("{}.lookup.by", e.key),
                                        format!(
                                            "`{}` does not take a parameter `{}`",
                                            l.endpoint, l.by
                                        ),
                                    );
                                }
                            }
                            None => self.err(
                                l.pos,
                                &format!("{}.lookup.endpoint", e.key),
                                format!("`{}` is not an endpoint of this spec", l.endpoint),
                            ),
                        }
                        match params.iter().find(|p| p.wire == l.by) {
                            Some(p) if p.required && p.ty == Ty::String && p.sensitive.is_none() => {}
                            _ => self.err(l.pos, &format!("{}.lookup.by", e.key), format!("`{}` must be a required, non-sensitive string parameter of this endpoint", l.by)),
                        }
                        Some((
                            l.endpoint.clone(),
                            l.by.clone(),
                            l.as_.clone().unwrap_or_else(|| l.by.clone()),
                        ))
                    }
                    None => None,
                };
                let path_parts = self.path_parts(e, &params, &credentials_ir);
                if e.method == "GET"
                    && params.iter().any(|p| {
                        !path_parts
                            .iter()
                            .any(|pp| matches!(pp, PathPart::Param(f) if f.wire == p.wire))
                    })
                {
                    self.err(
                        e.pos,
                        &e.key,
                        "a GET endpoint carries its parameters in its path only".to_string(),
                    );
                }
                out.push(Op {
                    path: e.path.clone(),
                    path_parts,
                    http_method: e.method.clone(),
                    method: snake(&rust),
                    rust,
                    doc: e.doc.clone(),
                    variant_doc: v.doc.clone(),
                    moves_money: e.moves_money,
                    lookup,
                    credentials: credentials.clone(),
                    params,
                    rules,
                    response: response.clone(),
                    signature,
                });
            }
        }
        out
    }

    /// Splits an endpoint path into literals and `{placeholders}`, each a path credential or
    /// a required string parameter.
    pub(super) fn path_parts(
        &mut self,
        e: &spec::Endpoint,
        params: &[Field],
        creds: &[Field],
    ) -> Vec<PathPart> {
        let mut out = Vec::new();
        let mut rest = e.path.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                out.push(PathPart::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.err(e.pos, &e.key, "unclosed `{` in the path".to_string());
                return out;
            };
            let name = &rest[open + 1..open + close];
            if let Some(c) = creds
                .iter()
                .find(|c| c.wire == name && c.place == Place::Path)
            {
                out.push(PathPart::Credential(c.clone()));
            } else if let Some(p) = params.iter().find(|p| p.wire == name) {
                if !(p.required && p.ty == Ty::String && p.sensitive.is_none()) {
                    self.err(
                        p.pos,
                        &p.key,
                        format!(
                            "`{name}` is in the path: it must be a required, non-sensitive string"
                        ),
                    );
                }
                out.push(PathPart::Param(p.clone()));
            } else {
                self.err(
                    e.pos,
                    &e.key,
                    format!(
                        "`{{{name}}}` is neither a path credential (`in: path`) nor a parameter"
                    ),
                );
            }
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            self.err(e.pos, &e.key, "unbalanced `}` in the path".to_string());
        }
        if !rest.is_empty() {
            out.push(PathPart::Literal(rest.to_string()));
        }
        out
    }

    /// Resolves a signature's parts against `fields` (params or callback fields) and the
    /// gateway's credentials.
    pub(super) fn signature(
        &mut self,
        sig: &spec::Signature,
        fields: &[Field],
        key: &str,
    ) -> SignatureIr {
        let spec_creds = self.spec.gateway.credentials.clone();
        let creds: Vec<Field> = spec_creds.iter().filter_map(|c| self.field(c)).collect();
        let mut parts = Vec::new();
        for (part, pos) in &sig.parts {
            let find = |w: &str| fields.iter().find(|f| f.wire == w).cloned();
            match part {
                SigPart::TargetId => {
                    if self.spec.gateway.target.is_none() {
                        self.err(*pos, key, "`target_id` needs a gateway `target`".to_string());
                    }
                    parts.push(Part::TargetId);
                }
                SigPart::Param(w) => match find(w) {
                    Some(f) if matches!(f.ty, Ty::String | Ty::Email | Ty::Url | Ty::Ip | Ty::Integer | Ty::Enum(_)) => parts.push(Part::Field(f)),
                    Some(_) => self.err(*pos, key, format!("`{w}` cannot be signed as text; sign strings and integers")),
                    None => self.err(*pos, key, format!("`{w}` is not a field here")),
                },
                SigPart::MinorUnits(w) | SigPart::CurrencyOf(w) => match find(w) {
                    Some(f) if f.ty == Ty::Money && f.required => parts.push(if matches!(part, SigPart::MinorUnits(_)) {
                        Part::Minor(f)
                    } else {
                        Part::Currency(f)
                    }),
                    Some(_) => self.err(*pos, key, format!("`{w}` must be a required money field to sign its minor units or currency")),
                    None => self.err(*pos, key, format!("`{w}` is not a field here")),
                },
                SigPart::Credential(c) => match creds.iter().find(|x| &x.wire == c) {
                    Some(f) => parts.push(Part::Credential(f.clone())),
                    None => self.err(*pos, key, format!("`{c}` is not a credential of this gateway")),
                },
            }
        }
        SignatureIr {
            field: sig.field.clone(),
            sorted_values: sig.sorted_values.clone(),
            parts,
        }
    }

    pub(super) fn rules(&mut self, refs: &[spec::RuleRef], params: &[Field]) -> Vec<Rule> {
        let mut flat: Vec<spec::Rule> = Vec::new();
        for r in refs {
            match r {
                spec::RuleRef::Inline(r) => flat.push(r.clone()),
                spec::RuleRef::Set(name, pos) => {
                    match self.spec.rule_sets.iter().find(|s| &s.name == name) {
                        Some(s) => flat.extend(s.rules.iter().cloned()),
                        None => self.err(
                            *pos,
                            "rules",
                            format!(
                            "`{name}` is not a rule set of this spec (see the top-level `rules:`)"
                        ),
                        ),
                    }
                }
            }
        }
        let mut out = Vec::new();
        for r in flat {
            let find = |w: &str| params.iter().find(|p| p.wire == w);
            let mut names: Vec<&str> = Vec::new();
            match &r.kind {
                RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) => {
                    names.extend(f.iter().map(String::as_str));
                    for w in f {
                        if let Some(p) = find(w) {
                            if p.required {
                                self.err(r.pos, &r.key, format!("contradictory rule: `{w}` is required, so a group rule over it can never be met as intended"));
                            }
                        }
                    }
                }
                RuleKind::RequiredWith { fields, any_of }
                | RuleKind::RequiredUnless { fields, any_of } => {
                    names.extend(fields.iter().map(String::as_str));
                    names.extend(any_of.iter().map(String::as_str));
                    for w in fields {
                        if find(w).is_some_and(|p| p.required) {
                            self.err(
                                r.pos,
                                &r.key,
                                format!("`{w}` is always required; this rule adds nothing"),
                            );
                        }
                    }
                }
                RuleKind::RequiredIf { field, when }
                | RuleKind::MaxLengthIf { field, when, .. } => {
                    names.push(field);
                    names.push(&when.field);
                    if let Some(p) = find(&when.field) {
                        if let Ty::Enum(e) = &p.ty {
                            if let Some(TypeBody::Enum(vals)) = self.type_def(e).map(|t| &t.body) {
                                for v in &when.values {
                                    if !vals.iter().any(|x| &x.wire == v) {
                                        self.err(
                                            r.pos,
                                            &r.key,
                                            format!("`{v}` is not a value of `{e}`"),
                                        );
                                    }
                                }
                            }
                        }
                    }
                    if let RuleKind::MaxLengthIf { max, .. } = &r.kind {
                        if let Some(p) = find(field) {
                            if !matches!(p.ty, Ty::String | Ty::Url | Ty::Email) {
                                self.err(r.pos, &r.key, format!("`{field}` is not a text field"));
                            }
                            if let Some(lo) = p.min_length {
                                if lo > *max {
                                    self.err(r.pos, &r.key, format!("contradictory constraints: `{field}` has min_length {lo}, above this rule's max {max}"));
                                }
                            }
                        }
                    }
                    if let RuleKind::RequiredIf { .. } = &r.kind {
                        if find(field).is_some_and(|p| p.required) {
                            self.err(
                                r.pos,
                                &r.key,
                                format!("`{field}` is always required; `required_if` adds nothing"),
                            );
                        }
                    }
                }
            }
            for w in names {
                if let Some((head, tail)) = w.split_once('.') {
                    let ok = match find(head).map(|p| &p.ty) {
                        Some(Ty::Object(o)) => match self.type_def(o).map(|t| &t.body) {
                            Some(TypeBody::Object(od)) => od.fields.iter().any(|f| f.wire == tail),
                            _ => false,
                        },
                        _ => false,
                    };
                    if !ok {
                        self.err(
                            r.pos,
                            &r.key,
                            format!("`{w}` is not a field of an object parameter of this endpoint"),
                        );
                    }
                    continue;
                }
                if find(w).is_none() {
                    self.err(
                        r.pos,
                        &r.key,
                        format!("`{w}` is not a parameter of this endpoint"),
                    );
                }
            }
            out.push(Rule {
                kind: r.kind.clone(),
                doc: r.doc.clone(),
            });
        }
        out
    }
}

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
