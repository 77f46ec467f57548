//! The intermediate representation: the spec with every reference resolved, every `use:`
//! merged, and every Rust name chosen. The emitter reads only this.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::error::Pos;
use crate::error::{SpecError, SpecErrors};
use crate::pattern::{self, Pattern};
use crate::spec::{
    self, Category, DateFormat, RequestEncoding, ResponseEncoding, RuleKind, Sensitivity, Setting,
    SigPart, TypeBody, TypeRef,
};

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

mod fields;
mod ops;

use ops::mark;

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
