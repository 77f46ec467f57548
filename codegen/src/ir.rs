//! The intermediate representation: the spec with every reference resolved, every `use:`
//! merged, and every Rust name chosen. The emitter reads only this.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::error::{SpecError, SpecErrors};
use crate::pattern::{self, Pattern};
use crate::spec::{
    self, Category, DateFormat, RequestEncoding, ResponseEncoding, RuleKind, Sensitivity, Setting,
    SigPart, TypeBody, TypeRef,
};
use crate::yaml::Pos;

#[derive(Debug, Clone)]
pub struct Gateway {
    pub id: String,
    pub title: String,
    pub source: String,
    pub doc: String,
    pub tls_min: String,
    pub response_encoding: ResponseEncoding,
    pub request_encoding: RequestEncoding,
    pub media_type: Option<String>,
    pub case_insensitive_keys: bool,
    /// Without brands: the gateway's environments.
    pub environments: Vec<Environment>,
    /// With brands: each brand's environments, all with the same names.
    pub brands: Vec<Brand>,
    pub target: Option<spec::Target>,
    pub credentials: Vec<Field>,
    pub callback: Option<CallbackIr>,
    pub refusal: spec::Refusal,
    pub outcome_lookup_doc: String,
    pub codes: Vec<Code>,
    pub enums: Vec<Enum>,
    pub objects: Vec<Object>,
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub rust: String,
    pub url: String,
    pub doc: String,
}

/// Where a credential goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A form field.
    Form,
    /// Nowhere: it only signs.
    Nowhere,
    /// `Authorization: Bearer …`.
    Bearer,
    /// A `{name}` placeholder of endpoint paths.
    Path,
}

#[derive(Debug, Clone)]
pub struct Brand {
    /// The brand's id, as written in the spec (`connpay`).
    pub id: String,
    pub rust: String,
    pub title: String,
    pub sources: Vec<String>,
    pub environments: Vec<Environment>,
}

#[derive(Debug, Clone)]
pub struct CallbackIr {
    pub doc: String,
    pub fields: Vec<Field>,
    pub signature: SignatureIr,
}

#[derive(Debug, Clone)]
pub struct SignatureIr {
    pub field: String,
    /// `Some(separator)`: the other fields' values sorted by key come first, and everything
    /// is joined with the separator.
    pub sorted_values: Option<String>,
    pub parts: Vec<Part>,
}

/// A piece of an endpoint path.
#[derive(Debug, Clone)]
pub enum PathPart {
    Literal(String),
    /// A path credential (`in: path`).
    Credential(Field),
    /// A request parameter carried in the path, not the body.
    Param(Field),
}

#[derive(Debug, Clone)]
pub enum Part {
    TargetId,
    /// A field of the request (or callback).
    Field(Field),
    /// A money field's minor units.
    Minor(Field),
    /// A money field's currency code.
    Currency(Field),
    /// A credential.
    Credential(Field),
}

#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub rust: String,
    pub category: Category,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub rust: String,
    pub doc: String,
    /// The wire values are JSON integers.
    pub integer: bool,
    /// (wire value, variant, doc)
    pub values: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub rust: String,
    pub doc: String,
    pub json_in_form: bool,
    pub fields: Vec<Field>,
    /// Sent in a request: gets a builder, `validate` and `Serialize`.
    pub in_request: bool,
    /// Read from an answer: gets `Deserialize`.
    pub in_response: bool,
    /// Rules over the object's own fields.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Amount,
    Flag,
    Boolean,
    Date(DateFormat),
    Url,
    Email,
    Ip,
    Money,
    ReturnCode,
    List(Box<Ty>),
    /// Enum values joined with a separator into one string.
    Joined(String, char),
    Enum(String),
    Object(String),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    /// snake_case, never a keyword.
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub sensitive: Option<Sensitivity>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub pattern: Option<Pattern>,
    pub doc: String,
    /// For credentials: where it goes.
    pub place: Place,
    /// For money fields: the parameter carrying the currency code.
    pub currency_field: Option<String>,
    /// The brands whose documents have this field; `None` for all.
    pub brands: Option<Vec<String>>,
    /// (brand, min_length, max_length, doc) where a brand's document differs.
    pub per_brand: Vec<(String, Option<u64>, Option<u64>, String)>,
    pub key: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Op {
    /// The endpoint path below the base URL, as written (with `{placeholders}`).
    pub path: String,
    /// The path, split into literals and placeholders.
    pub path_parts: Vec<PathPart>,
    /// `GET` or `POST`.
    pub http_method: String,
    /// The request type name, e.g. `PaymentTokenDebit`.
    pub rust: String,
    /// The client method, e.g. `payment_token_debit`.
    pub method: String,
    pub doc: String,
    pub variant_doc: String,
    pub moves_money: bool,
    /// (lookup endpoint path, this request's parameter holding the reference, the lookup
    /// endpoint's name for it)
    pub lookup: Option<(String, String, String)>,
    /// Wire names of the credentials this call sends, in gateway order.
    pub credentials: Vec<String>,
    pub params: Vec<Field>,
    pub rules: Vec<Rule>,
    pub response: Response,
    pub signature: Option<SignatureIr>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: RuleKind,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub enum Response {
    Text,
    Object(String),
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// The snake_case Rust name of a wire name; keywords get a trailing underscore.
pub fn snake(wire: &str) -> String {
    let mut s = wire.replace(['/', '-', '.'], "_").to_snake_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

pub fn camel(wire: &str) -> String {
    wire.replace(['/', '-'], "_").to_upper_camel_case()
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic())
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s)
}

struct Lower<'s> {
    spec: &'s spec::Spec,
    errors: Vec<SpecError>,
}

/// Resolves and lints a loaded spec.
pub fn lower(spec: &spec::Spec) -> Result<Gateway, SpecErrors> {
    let mut l = Lower {
        spec,
        errors: Vec::new(),
    };
    let g = l.gateway();
    if l.errors.is_empty() {
        Ok(g)
    } else {
        l.errors.sort_by_key(|e| (e.pos.line, e.pos.col));
        Err(SpecErrors(l.errors))
    }
}

impl<'s> Lower<'s> {
    fn err(&mut self, pos: Pos, key: &str, message: String) {
        self.errors
            .push(SpecError::new(&self.spec.file, pos, key, message));
    }

    /// Lowers an environment, checking its base URL.
    fn environment(&mut self, e: &spec::Environment) -> Environment {
        self.check_url(e);
        Environment {
            rust: camel(&e.name),
            url: e.url.clone(),
            doc: e.doc.clone(),
        }
    }

    fn check_url(&mut self, e: &spec::Environment) {
        if !(e.url.starts_with("https://") || e.url.starts_with("http://")) || e.url.ends_with('/')
        {
            self.err(
                e.pos,
                &format!("environments.{}", e.name),
                format!(
                    "`{}` is not an absolute base URL without a trailing slash",
                    e.url
                ),
            );
        }
    }

    fn type_def(&self, name: &str) -> Option<&'s spec::TypeDef> {
        let spec: &'s spec::Spec = self.spec;
        spec.types.iter().find(|t| t.name == name)
    }

    fn gateway(&mut self) -> Gateway {
        let g = &self.spec.gateway;
        // Named types: unique (the YAML loader already refuses duplicate keys), valid idents.
        for t in &self.spec.types {
            if !is_ident(&t.name) || camel(&t.name) != t.name {
                self.err(
                    t.pos,
                    &format!("types.{}", t.name),
                    "a type name is UpperCamelCase".to_string(),
                );
            }
        }
        let mut environments = Vec::new();
        let mut brands: Vec<Brand> = Vec::new();
        for b in &g.brands {
            if !is_ident(&b.name) || b.name.to_lowercase() != b.name {
                self.err(
                    b.pos,
                    &format!("gateway.brands.{}", b.name),
                    "a brand id is lowercase letters and digits".to_string(),
                );
            }
            let envs: Vec<Environment> =
                b.environments.iter().map(|e| self.environment(e)).collect();
            if let Some(first) = brands.first() {
                let a: Vec<&str> = first.environments.iter().map(|e| e.rust.as_str()).collect();
                let b2: Vec<&str> = envs.iter().map(|e| e.rust.as_str()).collect();
                if a != b2 {
                    self.err(
                        b.pos,
                        &format!("gateway.brands.{}.environments", b.name),
                        "every brand lists the same environments, in the same order".to_string(),
                    );
                }
            }
            brands.push(Brand {
                id: b.name.clone(),
                rust: camel(&b.name),
                title: b.title.clone(),
                sources: b.sources.clone(),
                environments: envs,
            });
        }
        for e in &g.environments {
            let env = self.environment(e);
            environments.push(env);
        }
        let credentials: Vec<Field> = g.credentials.iter().filter_map(|c| self.field(c)).collect();
        for c in &credentials {
            if c.ty != Ty::String {
                self.err(c.pos, &c.key, "a credential is a string".to_string());
            }
        }
        let target = g.target.clone();
        if let Some(t) = &target {
            for (k, v) in [("endpoint", &t.endpoint), ("group", &t.group)] {
                if !v.starts_with('/') || v.matches("{id}").count() != 1 {
                    self.err(
                        t.pos,
                        &format!("gateway.target.{k}"),
                        format!("`{v}` is a URL suffix starting with / and holding `{{id}}` once"),
                    );
                }
            }
        }
        let codes = self.codes();
        let mut enums = Vec::new();
        let mut objects = Vec::new();
        for t in &self.spec.types {
            match &t.body {
                TypeBody::Enum(values) => {
                    let mut seen = BTreeSet::new();
                    let mut out = Vec::new();
                    for v in values {
                        if !is_ident(&v.name) {
                            self.err(
                                v.pos,
                                &format!("types.{}.values.{}.name", t.name, v.wire),
                                format!("`{}` is not a Rust identifier", v.name),
                            );
                        }
                        if v.name == "Unknown" {
                            self.err(
                                v.pos,
                                &format!("types.{}.values.{}.name", t.name, v.wire),
                                "`Unknown` is kept for values the spec does not list".to_string(),
                            );
                        }
                        if !seen.insert(v.name.clone()) {
                            self.err(
                                v.pos,
                                &format!("types.{}.values.{}.name", t.name, v.wire),
                                format!("duplicate variant name `{}`", v.name),
                            );
                        }
                        out.push((v.wire.clone(), v.name.clone(), v.doc.clone()));
                    }
                    enums.push(Enum {
                        rust: t.name.clone(),
                        doc: t.doc.clone(),
                        integer: t.integer,
                        values: out,
                    });
                }
                TypeBody::Object(o) => {
                    let fields: Vec<Field> =
                        o.fields.iter().filter_map(|f| self.field(f)).collect();
                    let rules = self.rules(&o.rules, &fields);
                    objects.push(Object {
                        rust: t.name.clone(),
                        doc: t.doc.clone(),
                        json_in_form: o.json_in_form,
                        fields,
                        in_request: false,
                        in_response: false,
                        rules,
                    });
                }
            }
        }
        for o in &objects {
            self.unique_rust_names(&o.fields, &format!("types.{}", o.rust));
        }
        let ops = self.ops();
        // Which objects are sent, which are read.
        let mut sent = BTreeSet::new();
        let mut read = BTreeSet::new();
        for op in &ops {
            for p in &op.params {
                mark(&p.ty, &objects, &mut sent);
            }
            if let Response::Object(r) = &op.response {
                mark(&Ty::Object(r.clone()), &objects, &mut read);
            }
        }
        for o in &mut objects {
            o.in_request = sent.contains(&o.rust);
            o.in_response = read.contains(&o.rust);
        }
        for (o, t) in objects.iter().zip(
            self.spec
                .types
                .iter()
                .filter(|t| matches!(t.body, TypeBody::Object(_))),
        ) {
            if !o.in_request && !o.in_response {
                self.err(
                    t.pos,
                    &format!("types.{}", o.rust),
                    "this object is used by no endpoint, neither sent nor read".to_string(),
                );
            }
            if o.in_request && !o.json_in_form && g.request_encoding == RequestEncoding::Form {
                self.err(
                    t.pos,
                    &format!("types.{}", o.rust),
                    "an object sent inside a form parameter needs `encoding: json`".to_string(),
                );
            }
            if o.in_response && o.fields.iter().any(|f| f.required) {
                self.err(
                    t.pos,
                    &format!("types.{}", o.rust),
                    "fields of an answer cannot be `required`: gateways omit fields without notice"
                        .to_string(),
                );
            }
        }
        let refusal = g.refusal.clone();
        let callback = match &g.callback {
            Some(cb) => {
                let fields: Vec<Field> = cb.fields.iter().filter_map(|f| self.field(f)).collect();
                let signature =
                    self.signature(&cb.signature, &fields, "gateway.callback.signature");
                Some(CallbackIr {
                    doc: cb.doc.clone(),
                    fields,
                    signature,
                })
            }
            None => None,
        };
        for o in &objects {
            if o.in_response {
                for f in &o.fields {
                    if f.ty == Ty::Money {
                        self.err(
                            f.pos,
                            &f.key,
                            "`money` is for requests; answers carry amounts as text or `amount`"
                                .to_string(),
                        );
                    }
                }
            }
            if o.in_request {
                for f in &o.fields {
                    if f.ty == Ty::Money {
                        self.err(
                            f.pos,
                            &f.key,
                            "`money` is an endpoint parameter, not a sub-form field".to_string(),
                        );
                    }
                }
            }
        }
        Gateway {
            id: g.id.clone(),
            title: g.title.clone(),
            source: g.source.clone(),
            doc: g.doc.clone(),
            tls_min: g.tls_min.clone(),
            response_encoding: g.response_encoding,
            request_encoding: g.request_encoding,
            media_type: g.media_type.clone(),
            case_insensitive_keys: g.case_insensitive_keys,
            environments,
            brands,
            target,
            credentials,
            callback,
            refusal,
            outcome_lookup_doc: g.outcome_lookup_doc.clone(),
            codes,
            enums,
            objects,
            ops,
        }
    }

    fn codes(&mut self) -> Vec<Code> {
        let mut by_code: BTreeMap<&str, Pos> = BTreeMap::new();
        let mut by_name: BTreeMap<&str, Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for (i, c) in self.spec.gateway.return_codes.iter().enumerate() {
            let key = format!("gateway.return_codes[{i}]");
            if let Some(first) = by_code.insert(&c.code, c.pos) {
                self.err(
                    c.pos,
                    &format!("{key}.code"),
                    format!(
                        "duplicate return code `{}` (first at line {})",
                        c.code, first.line
                    ),
                );
            }
            if let Some(first) = by_name.insert(&c.name, c.pos) {
                self.err(
                    c.pos,
                    &format!("{key}.name"),
                    format!(
                        "duplicate return code name `{}` (first at line {})",
                        c.name, first.line
                    ),
                );
            }
            if !is_ident(&c.name) || c.name == "Unknown" {
                self.err(
                    c.pos,
                    &format!("{key}.name"),
                    format!("`{}` is not a usable Rust variant name", c.name),
                );
            }
            if c.code.is_empty() || !c.code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                self.err(
                    c.pos,
                    &format!("{key}.code"),
                    format!("`{}` is not a return code (letters and digits)", c.code),
                );
            }
            out.push(Code {
                code: c.code.clone(),
                rust: c.name.clone(),
                category: c.category,
                doc: c.doc.clone(),
            });
        }
        out
    }

    /// Merges `use:`, resolves the type, checks the constraints. `base` is for nested use.
    fn field(&mut self, f: &spec::Field) -> Option<Field> {
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

    fn resolve(&mut self, t: &TypeRef, pos: Pos, key: &str) -> Option<Ty> {
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

    /// Resolves a signature's parts against `fields` (params or callback fields) and the
    /// gateway's credentials.
    fn signature(&mut self, sig: &spec::Signature, fields: &[Field], key: &str) -> SignatureIr {
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

    /// Splits an endpoint path into literals and `{placeholders}`, each a path credential or
    /// a required string parameter.
    fn path_parts(
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

    fn unique_rust_names(&mut self, fields: &[Field], key: &str) {
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

    fn ops(&mut self) -> Vec<Op> {
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

    fn rules(&mut self, refs: &[spec::RuleRef], params: &[Field]) -> Vec<Rule> {
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

fn mark(ty: &Ty, objects: &[Object], set: &mut BTreeSet<String>) {
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

pub fn ty_name(t: &Ty) -> String {
    match t {
        Ty::String => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Amount => "amount".into(),
        Ty::Flag => "flag".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Date(_) => "date".into(),
        Ty::Url => "url".into(),
        Ty::Email => "email".into(),
        Ty::Ip => "ip".into(),
        Ty::Money => "money".into(),
        Ty::Joined(n, _) => format!("joined {n}"),
        Ty::ReturnCode => "return code".into(),
        Ty::List(_) => "list".into(),
        Ty::Enum(n) => format!("enum {n}"),
        Ty::Object(n) => format!("object {n}"),
    }
}
