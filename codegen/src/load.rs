//! Reads a YAML node tree into the spec model.
//!
//! Loading is strict: an unknown key, a value of the wrong shape or an unknown type name is
//! an error naming the file, line and key. Errors are collected, not stopped at, so that one
//! run reports everything it can.

use crate::error::{SpecError, SpecErrors};
use crate::spec::*;
use crate::yaml::{self, Kind, Node, Pos};

/// The spec language version this generator reads.
pub const LANGUAGE_VERSION: &str = "1";

/// Loads and checks the shape of one spec file's text.
pub fn load_str(file: &str, source: &str) -> Result<Spec, SpecErrors> {
    let root = yaml::parse(file, source)?;
    let mut cx = Cx {
        file,
        errors: Vec::new(),
    };
    let spec = cx.spec(&root);
    match spec {
        Some(s) if cx.errors.is_empty() => Ok(s),
        _ => {
            if cx.errors.is_empty() {
                cx.err(root.pos, "", "the spec could not be read".to_string());
            }
            Err(SpecErrors(cx.errors))
        }
    }
}

struct Cx<'f> {
    file: &'f str,
    errors: Vec<SpecError>,
}

/// A mapping node being read, with its key path.
struct Map<'n> {
    entries: &'n [(Node, Node)],
    path: String,
    pos: Pos,
}

fn key_text(k: &Node) -> &str {
    match &k.kind {
        Kind::Scalar { text, .. } => text,
        _ => "",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'n> Map<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == key)
            .map(|(_, v)| v)
    }
    fn child(&self, key: &str) -> String {
        join(&self.path, key)
    }
    fn iter(&self) -> impl Iterator<Item = (&'n str, &'n Node, Pos)> {
        self.entries.iter().map(|(k, v)| (key_text(k), v, k.pos))
    }
}

impl<'f> Cx<'f> {
    fn err(&mut self, pos: Pos, key: &str, message: String) {
        self.errors
            .push(SpecError::new(self.file, pos, key, message));
    }

    fn map<'n>(&mut self, node: &'n Node, path: &str, allowed: &[&str]) -> Option<Map<'n>> {
        match &node.kind {
            Kind::Map(entries) => {
                let m = Map {
                    entries,
                    path: path.to_string(),
                    pos: node.pos,
                };
                for (k, _, kpos) in m.iter() {
                    if !allowed.contains(&k) {
                        let msg =
                            format!("unknown key `{k}`; expected one of: {}", allowed.join(", "));
                        self.err(kpos, &m.child(k), msg);
                    }
                }
                Some(m)
            }
            _ => {
                let msg = format!("expected a mapping, found {}", node.kind_name());
                self.err(node.pos, path, msg);
                None
            }
        }
    }

    /// A map whose keys are names chosen by the spec author (types, endpoints...).
    fn open_map<'n>(&mut self, node: &'n Node, path: &str) -> Option<Map<'n>> {
        match &node.kind {
            Kind::Map(entries) => Some(Map {
                entries,
                path: path.to_string(),
                pos: node.pos,
            }),
            _ if node.is_null() => Some(Map {
                entries: &[],
                path: path.to_string(),
                pos: node.pos,
            }),
            _ => {
                let msg = format!("expected a mapping, found {}", node.kind_name());
                self.err(node.pos, path, msg);
                None
            }
        }
    }

    fn scalar(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
            _ => {
                let msg = format!("expected a value, found {}", node.kind_name());
                self.err(node.pos, path, msg);
                None
            }
        }
    }

    fn req_str(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        match m.get(key) {
            Some(n) => self.scalar(n, &m.child(key)),
            None => {
                self.err(m.pos, &m.path, format!("missing required key `{key}`"));
                None
            }
        }
    }

    fn req_list(&mut self, m: &Map<'_>, key: &str) -> Option<Vec<String>> {
        match m.get(key) {
            Some(n) => self.str_list(n, &m.child(key)),
            None => {
                self.err(m.pos, &m.path, format!("missing required key `{key}`"));
                None
            }
        }
    }

    fn opt_str(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        m.get(key).and_then(|n| self.scalar(n, &m.child(key)))
    }

    fn opt_bool(&mut self, m: &Map<'_>, key: &str) -> Option<bool> {
        let n = m.get(key)?;
        match self.scalar(n, &m.child(key))?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                let msg = format!("expected true or false, found `{other}`");
                self.err(n.pos, &m.child(key), msg);
                None
            }
        }
    }

    fn int<T: std::str::FromStr>(&mut self, n: &Node, path: &str) -> Option<T> {
        let text = self.scalar(n, path)?;
        match text.parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                let msg = format!("expected a whole number, found `{text}`");
                self.err(n.pos, path, msg);
                None
            }
        }
    }

    fn setting<T: std::str::FromStr>(&mut self, m: &Map<'_>, key: &str) -> Setting<T> {
        match m.get(key) {
            None => Setting::Inherit,
            Some(n) if n.is_null() => Setting::Cleared,
            Some(n) => match self.int(n, &m.child(key)) {
                Some(v) => Setting::Set(v, n.pos),
                None => Setting::Inherit,
            },
        }
    }

    fn str_list(&mut self, n: &Node, path: &str) -> Option<Vec<String>> {
        match &n.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, it)| self.scalar(it, &format!("{path}[{i}]")))
                .collect(),
            _ => {
                let msg = format!("expected a list, found {}", n.kind_name());
                self.err(n.pos, path, msg);
                None
            }
        }
    }

    fn pick<T: Copy>(
        &mut self,
        n: &Node,
        path: &str,
        what: &str,
        table: &[(&str, T)],
    ) -> Option<T> {
        let text = self.scalar(n, path)?;
        match table.iter().find(|(k, _)| *k == text) {
            Some((_, v)) => Some(*v),
            None => {
                let names: Vec<_> = table.iter().map(|(k, _)| *k).collect();
                let msg = format!(
                    "unknown {what} `{text}`; expected one of: {}",
                    names.join(", ")
                );
                self.err(n.pos, path, msg);
                None
            }
        }
    }

    fn spec(&mut self, root: &Node) -> Option<Spec> {
        let m = self.map(
            root,
            "",
            &[
                "paybind",
                "gateway",
                "types",
                "params",
                "rules",
                "endpoints",
            ],
        )?;
        match self.req_str(&m, "paybind") {
            Some(v) if v == LANGUAGE_VERSION => {}
            Some(v) => {
                let n = m.get("paybind").map_or(m.pos, |n| n.pos);
                let msg = format!("spec language version `{v}` is not supported; this generator reads version {LANGUAGE_VERSION}");
                self.err(n, "paybind", msg);
            }
            None => {}
        }
        let gateway = m.get("gateway").and_then(|n| self.gateway(n));
        if m.get("gateway").is_none() {
            self.err(m.pos, "", "missing required key `gateway`".to_string());
        }
        let types = match m.get("types") {
            Some(n) => self.types(n),
            None => Vec::new(),
        };
        let params = match m.get("params") {
            Some(n) => self.fields(n, "params"),
            None => Vec::new(),
        };
        let rule_sets = match m.get("rules") {
            Some(n) => self.rule_sets(n),
            None => Vec::new(),
        };
        let endpoints = match m.get("endpoints") {
            Some(n) => self.endpoints(n),
            None => {
                self.err(m.pos, "", "missing required key `endpoints`".to_string());
                Vec::new()
            }
        };
        Some(Spec {
            file: self.file.to_string(),
            gateway: gateway?,
            types,
            params,
            rule_sets,
            endpoints,
        })
    }

    fn gateway(&mut self, node: &Node) -> Option<Gateway> {
        let m = self.map(
            node,
            "gateway",
            &[
                "id",
                "title",
                "source",
                "doc",
                "tls_min",
                "request_encoding",
                "media_type",
                "response_keys",
                "response_encoding",
                "environments",
                "brands",
                "target",
                "credentials",
                "callback",
                "refusal",
                "outcome_lookup",
                "return_codes",
            ],
        )?;
        let id = self.req_str(&m, "id");
        if let (Some(id), Some(n)) = (&id, m.get("id")) {
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                self.err(n.pos, "gateway.id", format!("`{id}` must be lowercase letters and digits (it names the Rust module and the cargo feature)"));
            }
        }
        let title = self.req_str(&m, "title");
        let source = self.req_str(&m, "source");
        let doc = self.req_str(&m, "doc");
        let tls_min = self
            .opt_str(&m, "tls_min")
            .unwrap_or_else(|| "1.2".to_string());
        if let Some(n) = m.get("tls_min") {
            if tls_min != "1.2" && tls_min != "1.3" {
                self.err(
                    n.pos,
                    "gateway.tls_min",
                    format!("`{tls_min}` is not supported; paybind speaks TLS 1.2 or 1.3"),
                );
            }
        }
        let media_type = self.opt_str(&m, "media_type");
        let case_insensitive_keys = match m.get("response_keys") {
            None => false,
            Some(n) => self
                .pick(
                    n,
                    "gateway.response_keys",
                    "key matching",
                    &[("exact", false), ("case_insensitive", true)],
                )
                .unwrap_or(false),
        };
        let request_encoding = match m.get("request_encoding") {
            Some(n) => self.pick(
                n,
                "gateway.request_encoding",
                "request encoding",
                &[
                    ("form", RequestEncoding::Form),
                    ("json", RequestEncoding::Json),
                ],
            ),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `request_encoding`".to_string(),
                );
                None
            }
        };
        let response_encoding = match m.get("response_encoding") {
            Some(n) => self.pick(
                n,
                "gateway.response_encoding",
                "response encoding",
                &[
                    ("json", ResponseEncoding::Json),
                    ("lines", ResponseEncoding::Lines),
                ],
            ),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `response_encoding`".to_string(),
                );
                None
            }
        };
        let environments = match (m.get("environments"), m.get("brands")) {
            (Some(n), None) => self.environments(n, "gateway.environments"),
            (None, Some(_)) => Vec::new(),
            _ => {
                self.err(
                    m.pos,
                    "gateway",
                    "a gateway has exactly one of `environments` or `brands`".to_string(),
                );
                Vec::new()
            }
        };
        let brands = match m.get("brands") {
            Some(n) => self.brands(n),
            None => Vec::new(),
        };
        let target = m.get("target").and_then(|n| {
            let t = self.map(n, "gateway.target", &["doc", "endpoint", "group"])?;
            Some(Target {
                doc: self.req_str(&t, "doc")?,
                endpoint: self.req_str(&t, "endpoint")?,
                group: self.req_str(&t, "group")?,
                pos: t.pos,
            })
        });
        let callback = m.get("callback").and_then(|n| {
            let c = self.map(n, "gateway.callback", &["doc", "fields", "signature"])?;
            let doc = self.req_str(&c, "doc");
            let fields = match c.get("fields") {
                Some(f) => self.fields(f, "gateway.callback.fields"),
                None => {
                    self.err(
                        c.pos,
                        "gateway.callback",
                        "missing required key `fields`".to_string(),
                    );
                    Vec::new()
                }
            };
            let signature = match c.get("signature") {
                Some(sn) => self.signature(sn, "gateway.callback.signature"),
                None => {
                    self.err(
                        c.pos,
                        "gateway.callback",
                        "missing required key `signature`".to_string(),
                    );
                    None
                }
            };
            Some(Callback {
                doc: doc?,
                fields,
                signature: signature?,
                pos: c.pos,
            })
        });
        let credentials = match m.get("credentials") {
            Some(n) => self.fields(n, "gateway.credentials"),
            None => Vec::new(),
        };
        let refusal = match m.get("refusal") {
            Some(n) => self.refusal(n),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `refusal`".to_string(),
                );
                None
            }
        };
        let outcome_lookup_doc = match m.get("outcome_lookup") {
            Some(n) => self
                .map(n, "gateway.outcome_lookup", &["doc"])
                .and_then(|o| self.req_str(&o, "doc")),
            None => None,
        }
        .unwrap_or_default();
        let return_codes = match m.get("return_codes") {
            Some(n) => self.return_codes(n),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `return_codes`".to_string(),
                );
                Vec::new()
            }
        };
        Some(Gateway {
            id: id?,
            title: title?,
            source: source?,
            doc: doc?,
            tls_min,
            request_encoding: request_encoding?,
            media_type,
            case_insensitive_keys,
            response_encoding: response_encoding?,
            environments,
            brands,
            target,
            credentials,
            callback,
            refusal: refusal?,
            outcome_lookup_doc,
            return_codes,
            pos: m.pos,
        })
    }

    fn refusal(&mut self, node: &Node) -> Option<Refusal> {
        let m = self.map(node, "gateway.refusal", &["doc", "when", "code", "message"])?;
        let doc = self.req_str(&m, "doc");
        let when = match m.get("when") {
            Some(n) => self.map(
                n,
                "gateway.refusal.when",
                &["field", "equals", "in", "present"],
            ),
            None => {
                self.err(
                    m.pos,
                    "gateway.refusal",
                    "missing required key `when`".to_string(),
                );
                None
            }
        };
        let (wf, we) = match when {
            Some(w) => {
                let values = match (w.get("equals"), w.get("in"), w.get("present")) {
                    (Some(e), None, None) => self
                        .scalar(e, "gateway.refusal.when.equals")
                        .map(|v| vec![v]),
                    (None, Some(i), None) => self.str_list(i, "gateway.refusal.when.in"),
                    (None, None, Some(p)) => {
                        match self.scalar(p, "gateway.refusal.when.present").as_deref() {
                            Some("true") => Some(Vec::new()),
                            _ => {
                                self.err(
                                    p.pos,
                                    "gateway.refusal.when.present",
                                    "`present` is `true`".to_string(),
                                );
                                None
                            }
                        }
                    }
                    _ => {
                        self.err(
                            w.pos,
                            "gateway.refusal.when",
                            "a condition has exactly one of `in`, `equals` or `present: true`"
                                .to_string(),
                        );
                        None
                    }
                };
                (self.req_str(&w, "field"), values)
            }
            None => (None, None),
        };
        let code = self.req_str(&m, "code");
        let message = self.req_str(&m, "message");
        Some(Refusal {
            doc: doc?,
            when_field: wf?,
            when_values: we?,
            code_field: code?,
            message_field: message?,
            pos: m.pos,
        })
    }

    fn return_codes(&mut self, node: &Node) -> Vec<ReturnCode> {
        let path = "gateway.return_codes";
        let Kind::Seq(items) = &node.kind else {
            let msg = format!("expected a list, found {}", node.kind_name());
            self.err(node.pos, path, msg);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let Some(m) = self.map(it, &p, &["code", "name", "category", "doc"]) else {
                continue;
            };
            let code = self.req_str(&m, "code");
            if let (Some(c), Some(n)) = (&code, m.get("code")) {
                if matches!(&n.kind, Kind::Scalar { plain: true, .. }) {
                    self.err(n.pos, &m.child("code"), format!("write return codes quoted (\"{c}\"): they are strings, and a plain scalar such as 000 reads as a number elsewhere"));
                }
            }
            let name = self.req_str(&m, "name");
            let category = match m.get("category") {
                Some(n) => self.pick(n, &m.child("category"), "category", &Category::ALL),
                None => {
                    self.err(m.pos, &p, "missing required key `category`".to_string());
                    None
                }
            };
            let doc = self.req_str(&m, "doc");
            if let (Some(code), Some(name), Some(category), Some(doc)) = (code, name, category, doc)
            {
                out.push(ReturnCode {
                    code,
                    name,
                    category,
                    doc,
                    pos: m.pos,
                });
            }
        }
        out
    }

    fn types(&mut self, node: &Node) -> Vec<TypeDef> {
        let Some(m) = self.open_map(node, "types") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v, kpos) in m.iter() {
            let path = m.child(name);
            let Some(t) = self.map(
                v,
                &path,
                &[
                    "kind", "doc", "values", "fields", "encoding", "wire", "rules",
                ],
            ) else {
                continue;
            };
            let doc = self.req_str(&t, "doc");
            let kind = self.req_str(&t, "kind");
            let body = match kind.as_deref() {
                Some("enum") => {
                    if t.get("fields").is_some() || t.get("encoding").is_some() {
                        self.err(
                            t.pos,
                            &path,
                            "an enum has `values`, not `fields` or `encoding`".to_string(),
                        );
                    }
                    match t.get("values") {
                        Some(vn) => Some(TypeBody::Enum(self.enum_values(vn, &t.child("values")))),
                        None => {
                            self.err(t.pos, &path, "missing required key `values`".to_string());
                            None
                        }
                    }
                }
                Some("object") => {
                    if t.get("values").is_some() {
                        self.err(
                            t.pos,
                            &path,
                            "an object has `fields`, not `values`".to_string(),
                        );
                    }
                    let json_in_form = match t.get("encoding") {
                        None => false,
                        Some(n) => self
                            .pick(
                                n,
                                &t.child("encoding"),
                                "object encoding",
                                &[("json", true)],
                            )
                            .unwrap_or(false),
                    };
                    let fields = match t.get("fields") {
                        Some(f) => self.fields(f, &t.child("fields")),
                        None => {
                            self.err(t.pos, &path, "missing required key `fields`".to_string());
                            Vec::new()
                        }
                    };
                    let rules = t
                        .get("rules")
                        .map(|r| self.rule_refs(r, &t.child("rules")))
                        .unwrap_or_default();
                    Some(TypeBody::Object(ObjectDef {
                        json_in_form,
                        fields,
                        rules,
                    }))
                }
                Some(other) => {
                    let pos = t.get("kind").map_or(t.pos, |n| n.pos);
                    self.err(
                        pos,
                        &t.child("kind"),
                        format!("unknown kind `{other}`; expected enum or object"),
                    );
                    None
                }
                None => None,
            };
            let integer = match t.get("wire") {
                None => false,
                Some(n) => self
                    .pick(
                        n,
                        &t.child("wire"),
                        "enum wire form",
                        &[("string", false), ("integer", true)],
                    )
                    .unwrap_or(false),
            };
            if integer && !matches!(body, Some(TypeBody::Enum(_))) {
                self.err(t.pos, &path, "`wire: integer` applies to enums".to_string());
            }
            if let (Some(doc), Some(body)) = (doc, body) {
                out.push(TypeDef {
                    name: name.to_string(),
                    doc,
                    integer,
                    body,
                    pos: kpos,
                });
            }
        }
        out
    }

    fn enum_values(&mut self, node: &Node, path: &str) -> Vec<EnumValue> {
        let Some(m) = self.open_map(node, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (wire, v, kpos) in m.iter() {
            let p = m.child(wire);
            let Some(e) = self.map(v, &p, &["name", "doc"]) else {
                continue;
            };
            let name = self.req_str(&e, "name");
            let doc = self.req_str(&e, "doc");
            if let (Some(name), Some(doc)) = (name, doc) {
                out.push(EnumValue {
                    wire: wire.to_string(),
                    name,
                    doc,
                    pos: kpos,
                });
            }
        }
        if out.is_empty() && self.errors.is_empty() {
            self.err(m.pos, path, "an enum needs at least one value".to_string());
        }
        out
    }

    fn fields(&mut self, node: &Node, path: &str) -> Vec<Field> {
        let Some(m) = self.open_map(node, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (wire, v, kpos) in m.iter() {
            if let Some(f) = self.field(wire, v, &m.child(wire), kpos) {
                out.push(f);
            }
        }
        out
    }

    fn field(&mut self, wire: &str, node: &Node, path: &str, pos: Pos) -> Option<Field> {
        let m = self.map(
            node,
            path,
            &[
                "use",
                "type",
                "items",
                "format",
                "required",
                "sensitive",
                "min_length",
                "max_length",
                "min",
                "max",
                "pattern",
                "doc",
                "in",
                "currency_field",
                "brands",
                "per_brand",
                "separator",
            ],
        )?;
        let uses = m
            .get("use")
            .and_then(|n| self.scalar(n, &m.child("use")).map(|s| (s, n.pos)));
        let ty = match m.get("type") {
            Some(n) => self.type_ref(&m, n).map(|t| (t, n.pos)),
            None => {
                if uses.is_none() {
                    self.err(
                        m.pos,
                        path,
                        "missing required key `type` (or `use`)".to_string(),
                    );
                }
                for k in ["items", "format"] {
                    if let Some(n) = m.get(k) {
                        self.err(n.pos, &m.child(k), format!("`{k}` goes with `type`"));
                    }
                }
                None
            }
        };
        let required = self.opt_bool(&m, "required");
        let sensitive = m
            .get("sensitive")
            .and_then(|n| self.pick(n, &m.child("sensitive"), "sensitivity", &Sensitivity::ALL));
        let constraints = Constraints {
            min_length: self.setting(&m, "min_length"),
            max_length: self.setting(&m, "max_length"),
            min: self.setting(&m, "min"),
            max: self.setting(&m, "max"),
            pattern: m
                .get("pattern")
                .and_then(|n| self.scalar(n, &m.child("pattern")).map(|s| (s, n.pos))),
        };
        let place = m
            .get("in")
            .and_then(|n| self.scalar(n, &m.child("in")).map(|s| (s, n.pos)));
        let currency_field = m.get("currency_field").and_then(|n| {
            self.scalar(n, &m.child("currency_field"))
                .map(|s| (s, n.pos))
        });
        let brands = m
            .get("brands")
            .and_then(|n| self.str_list(n, &m.child("brands")).map(|b| (b, n.pos)));
        let mut per_brand = Vec::new();
        if let Some(n) = m.get("per_brand") {
            if let Some(pb) = self.open_map(n, &m.child("per_brand")) {
                for (brand, v, kpos) in pb.iter() {
                    let bp = pb.child(brand);
                    if let Some(b) = self.map(v, &bp, &["min_length", "max_length", "doc"]) {
                        let doc = self.req_str(&b, "doc").unwrap_or_default();
                        per_brand.push(BrandLimits {
                            brand: brand.to_string(),
                            min_length: self.setting(&b, "min_length"),
                            max_length: self.setting(&b, "max_length"),
                            doc,
                            pos: kpos,
                        });
                    }
                }
            }
        }
        let doc = self.opt_str(&m, "doc");
        if doc.is_none() && uses.is_none() {
            self.err(
                m.pos,
                path,
                "missing required key `doc`: every item carries its documentation".to_string(),
            );
        }
        Some(Field {
            wire: wire.to_string(),
            uses,
            ty,
            required,
            sensitive,
            constraints,
            doc,
            place,
            currency_field,
            brands,
            per_brand,
            key: path.to_string(),
            pos,
        })
    }

    fn type_ref(&mut self, m: &Map<'_>, n: &Node) -> Option<TypeRef> {
        let name = self.scalar(n, &m.child("type"))?;
        let simple = match name.as_str() {
            "string" => Some(TypeRef::String),
            "integer" => Some(TypeRef::Integer),
            "amount" => Some(TypeRef::Amount),
            "flag" => Some(TypeRef::Flag),
            "boolean" => Some(TypeRef::Boolean),
            "url" => Some(TypeRef::Url),
            "email" => Some(TypeRef::Email),
            "ip" => Some(TypeRef::Ip),
            "money" => Some(TypeRef::Money),
            "return_code" => Some(TypeRef::ReturnCode),
            _ => None,
        };
        if name != "joined" {
            if let Some(i) = m.get("separator") {
                self.err(
                    i.pos,
                    &m.child("separator"),
                    "`separator` goes with `type: joined`".to_string(),
                );
            }
        }
        if name != "list" && name != "joined" {
            if let Some(i) = m.get("items") {
                self.err(
                    i.pos,
                    &m.child("items"),
                    "`items` goes with `type: list`".to_string(),
                );
            }
        }
        if name != "date" {
            if let Some(i) = m.get("format") {
                self.err(
                    i.pos,
                    &m.child("format"),
                    "`format` goes with `type: date`".to_string(),
                );
            }
        }
        if let Some(t) = simple {
            return Some(t);
        }
        match name.as_str() {
            "date" => match m.get("format") {
                Some(f) => self
                    .pick(f, &m.child("format"), "date format", &DateFormat::ALL)
                    .map(TypeRef::Date),
                None => {
                    self.err(
                        n.pos,
                        &m.child("type"),
                        "`type: date` needs a `format`".to_string(),
                    );
                    None
                }
            },
            "joined" => {
                let items = m
                    .get("items")
                    .and_then(|i| self.scalar(i, &m.child("items")));
                let sep = m
                    .get("separator")
                    .and_then(|s| self.scalar(s, &m.child("separator")));
                match (items, sep) {
                    (Some(items), Some(sep)) if sep.chars().count() == 1 => {
                        Some(TypeRef::Joined(items, sep.chars().next().unwrap_or(';')))
                    }
                    _ => {
                        self.err(n.pos, &m.child("type"), "`type: joined` needs `items` (an enum) and a one-character `separator`".to_string());
                        None
                    }
                }
            }
            "list" => match m.get("items") {
                Some(i) => {
                    let item = self.scalar(i, &m.child("items"))?;
                    if item.starts_with(|c: char| c.is_ascii_uppercase()) {
                        Some(TypeRef::List(Box::new(TypeRef::Named(item))))
                    } else {
                        self.err(
                            i.pos,
                            &m.child("items"),
                            format!("list items must be a named type, found `{item}`"),
                        );
                        None
                    }
                }
                None => {
                    self.err(
                        n.pos,
                        &m.child("type"),
                        "`type: list` needs `items`".to_string(),
                    );
                    None
                }
            },
            other if other.starts_with(|c: char| c.is_ascii_uppercase()) => {
                Some(TypeRef::Named(other.to_string()))
            }
            other => {
                self.err(n.pos, &m.child("type"), format!("unknown type `{other}`; expected string, integer, amount, money, flag, boolean, date, url, email, ip, return_code, list or a named type (capitalised)"));
                None
            }
        }
    }

    fn rule_sets(&mut self, node: &Node) -> Vec<RuleSet> {
        let Some(m) = self.open_map(node, "rules") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v, kpos) in m.iter() {
            let path = m.child(name);
            let Kind::Seq(items) = &v.kind else {
                let msg = format!("a rule set is a list of rules, found {}", v.kind_name());
                self.err(v.pos, &path, msg);
                continue;
            };
            let rules = items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| self.rule(it, &format!("{path}[{i}]")))
                .collect();
            out.push(RuleSet {
                name: name.to_string(),
                rules,
                pos: kpos,
            });
        }
        out
    }

    fn rule(&mut self, node: &Node, path: &str) -> Option<Rule> {
        let kinds = [
            "exactly_one_of",
            "at_most_one_of",
            "all_or_none",
            "required_if",
            "required_with",
            "required_unless",
            "max_length_if",
        ];
        let mut allowed = kinds.to_vec();
        allowed.push("doc");
        let m = self.map(node, path, &allowed)?;
        let present: Vec<&str> = kinds
            .iter()
            .copied()
            .filter(|k| m.get(k).is_some())
            .collect();
        if present.len() != 1 {
            self.err(
                m.pos,
                path,
                format!("a rule has exactly one of: {}", kinds.join(", ")),
            );
            return None;
        }
        let doc = self.req_str(&m, "doc");
        let k = present[0];
        let n = m.get(k)?;
        let kp = m.child(k);
        let kind = match k {
            "exactly_one_of" => RuleKind::ExactlyOneOf(self.str_list(n, &kp)?),
            "at_most_one_of" => RuleKind::AtMostOneOf(self.str_list(n, &kp)?),
            "all_or_none" => RuleKind::AllOrNone(self.str_list(n, &kp)?),
            "required_with" | "required_unless" => {
                let r = self.map(n, &kp, &["fields", "any_of"])?;
                let fields = self.req_list(&r, "fields");
                let any_of = self.req_list(&r, "any_of");
                let (fields, any_of) = (fields?, any_of?);
                if k == "required_with" {
                    RuleKind::RequiredWith { fields, any_of }
                } else {
                    RuleKind::RequiredUnless { fields, any_of }
                }
            }
            "required_if" => {
                let r = self.map(n, &kp, &["field", "when"])?;
                let field = self.req_str(&r, "field");
                let when = self.condition(&r);
                RuleKind::RequiredIf {
                    field: field?,
                    when: when?,
                }
            }
            _ => {
                let r = self.map(n, &kp, &["field", "max", "when"])?;
                let field = self.req_str(&r, "field");
                let max = match r.get("max") {
                    Some(mn) => self.int(mn, &r.child("max")),
                    None => {
                        self.err(r.pos, &kp, "missing required key `max`".to_string());
                        None
                    }
                };
                let when = self.condition(&r);
                RuleKind::MaxLengthIf {
                    field: field?,
                    max: max?,
                    when: when?,
                }
            }
        };
        if let RuleKind::ExactlyOneOf(f) | RuleKind::AtMostOneOf(f) | RuleKind::AllOrNone(f) = &kind
        {
            if f.len() < 2 {
                self.err(
                    n.pos,
                    &kp,
                    "a group rule names at least two fields".to_string(),
                );
            }
        }
        Some(Rule {
            kind,
            doc: doc?,
            key: path.to_string(),
            pos: m.pos,
        })
    }

    fn condition(&mut self, r: &Map<'_>) -> Option<Condition> {
        let Some(n) = r.get("when") else {
            self.err(r.pos, &r.path, "missing required key `when`".to_string());
            return None;
        };
        let w = self.map(n, &r.child("when"), &["field", "in", "equals", "not_in"])?;
        let field = self.req_str(&w, "field");
        let negated = w.get("not_in").is_some();
        let values = match (w.get("in"), w.get("equals"), w.get("not_in")) {
            (Some(i), None, None) => self.str_list(i, &w.child("in")),
            (None, Some(e), None) => self.scalar(e, &w.child("equals")).map(|v| vec![v]),
            (None, None, Some(i)) => self.str_list(i, &w.child("not_in")),
            _ => {
                self.err(
                    w.pos,
                    &w.path,
                    "a condition has exactly one of `in`, `equals` or `not_in`".to_string(),
                );
                None
            }
        };
        Some(Condition {
            field: field?,
            values: values?,
            negated,
        })
    }

    fn endpoints(&mut self, node: &Node) -> Vec<Endpoint> {
        let Some(m) = self.open_map(node, "endpoints") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path_name, v, kpos) in m.iter() {
            let path = m.child(path_name);
            let Some(e) = self.map(
                v,
                &path,
                &[
                    "doc",
                    "response",
                    "moves_money",
                    "lookup",
                    "credentials",
                    "params",
                    "rules",
                    "variants",
                    "signature",
                    "method",
                    "name",
                ],
            ) else {
                continue;
            };
            if path_name.is_empty()
                || path_name.starts_with('/')
                || !path_name.bytes().all(|b| {
                    b.is_ascii_alphanumeric()
                        || b == b'/'
                        || b == b'_'
                        || b == b'-'
                        || b == b'{'
                        || b == b'}'
                })
            {
                self.err(kpos, &path, format!("`{path_name}` is not an endpoint path such as payment/find (no leading slash)"));
            }
            let doc = self.req_str(&e, "doc");
            let response = match e.get("response") {
                Some(n) => self.scalar(n, &e.child("response")).map(|r| {
                    if r == "text" {
                        ResponseRef::Text
                    } else {
                        ResponseRef::Named(r, n.pos)
                    }
                }),
                None => {
                    self.err(e.pos, &path, "missing required key `response`".to_string());
                    None
                }
            };
            let moves_money = self.opt_bool(&e, "moves_money").unwrap_or(false);
            let lookup = e.get("lookup").and_then(|n| {
                let l = self.map(n, &e.child("lookup"), &["endpoint", "by", "as"])?;
                Some(Lookup {
                    endpoint: self.req_str(&l, "endpoint")?,
                    by: self.req_str(&l, "by")?,
                    as_: self.opt_str(&l, "as"),
                    pos: l.pos,
                })
            });
            let signature = e
                .get("signature")
                .and_then(|n| self.signature(n, &e.child("signature")));
            let credentials = e.get("credentials").and_then(|n| {
                let list = self.str_list(n, &e.child("credentials"))?;
                Some(list.into_iter().map(|c| (c, n.pos)).collect())
            });
            let variants = match (e.get("variants"), e.get("params")) {
                (Some(vn), None) => {
                    if let Some(r) = e.get("rules") {
                        self.err(
                            r.pos,
                            &e.child("rules"),
                            "with `variants`, each variant has its own `rules`".to_string(),
                        );
                    }
                    self.variants(vn, &e.child("variants"))
                }
                (None, Some(pn)) => {
                    let rules = e
                        .get("rules")
                        .map(|r| self.rule_refs(r, &e.child("rules")))
                        .unwrap_or_default();
                    vec![Variant {
                        name: None,
                        doc: String::new(),
                        params: self.fields(pn, &e.child("params")),
                        rules,
                        pos: pn.pos,
                    }]
                }
                _ => {
                    self.err(
                        e.pos,
                        &path,
                        "an endpoint has exactly one of `params` or `variants`".to_string(),
                    );
                    Vec::new()
                }
            };
            let name = e
                .get("name")
                .and_then(|n| self.scalar(n, &e.child("name")).map(|s| (s, n.pos)));
            let method = match e.get("method") {
                None => "POST",
                Some(n) => self
                    .pick(
                        n,
                        &e.child("method"),
                        "HTTP method",
                        &[("GET", "GET"), ("POST", "POST")],
                    )
                    .unwrap_or("POST"),
            }
            .to_string();
            if let (Some(doc), Some(response)) = (doc, response) {
                out.push(Endpoint {
                    path: path_name.to_string(),
                    method,
                    name,
                    doc,
                    response,
                    moves_money,
                    lookup,
                    signature,
                    credentials,
                    variants,
                    key: path,
                    pos: kpos,
                });
            }
        }
        out
    }

    fn variants(&mut self, node: &Node, path: &str) -> Vec<Variant> {
        let Some(m) = self.open_map(node, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v, kpos) in m.iter() {
            let p = m.child(name);
            let Some(vm) = self.map(v, &p, &["doc", "params", "rules"]) else {
                continue;
            };
            let doc = self.req_str(&vm, "doc");
            let params = match vm.get("params") {
                Some(pn) => self.fields(pn, &vm.child("params")),
                None => {
                    self.err(vm.pos, &p, "missing required key `params`".to_string());
                    Vec::new()
                }
            };
            let rules = vm
                .get("rules")
                .map(|r| self.rule_refs(r, &vm.child("rules")))
                .unwrap_or_default();
            if let Some(doc) = doc {
                out.push(Variant {
                    name: Some(name.to_string()),
                    doc,
                    params,
                    rules,
                    pos: kpos,
                });
            }
        }
        if out.len() < 2 && self.errors.is_empty() {
            self.err(
                m.pos,
                path,
                "`variants` lists at least two request shapes".to_string(),
            );
        }
        out
    }

    fn rule_refs(&mut self, node: &Node, path: &str) -> Vec<RuleRef> {
        let Kind::Seq(items) = &node.kind else {
            let msg = format!("expected a list of rules, found {}", node.kind_name());
            self.err(node.pos, path, msg);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match &it.kind {
                Kind::Scalar { text, .. } => out.push(RuleRef::Set(text.clone(), it.pos)),
                _ => {
                    if let Some(r) = self.rule(it, &p) {
                        out.push(RuleRef::Inline(r));
                    }
                }
            }
        }
        out
    }

    fn environments(&mut self, n: &Node, path: &str) -> Vec<Environment> {
        let mut environments = Vec::new();
        if let Some(em) = self.open_map(n, path) {
            for (name, v, kpos) in em.iter() {
                let p = em.child(name);
                if let Some(e) = self.map(v, &p, &["url", "doc"]) {
                    let url = self.req_str(&e, "url");
                    let doc = self.req_str(&e, "doc");
                    if let (Some(url), Some(doc)) = (url, doc) {
                        environments.push(Environment {
                            name: name.to_string(),
                            url,
                            doc,
                            pos: kpos,
                        });
                    }
                }
            }
        }
        if environments.is_empty() {
            self.err(
                n.pos,
                path,
                "at least one environment is needed".to_string(),
            );
        }
        environments
    }

    fn brands(&mut self, n: &Node) -> Vec<Brand> {
        let mut out = Vec::new();
        let Some(bm) = self.open_map(n, "gateway.brands") else {
            return out;
        };
        for (name, v, kpos) in bm.iter() {
            let p = bm.child(name);
            let Some(b) = self.map(v, &p, &["title", "sources", "environments"]) else {
                continue;
            };
            let title = self.req_str(&b, "title");
            let sources = self.req_list(&b, "sources");
            let environments = match b.get("environments") {
                Some(en) => self.environments(en, &b.child("environments")),
                None => {
                    self.err(b.pos, &p, "missing required key `environments`".to_string());
                    Vec::new()
                }
            };
            if let (Some(title), Some(sources)) = (title, sources) {
                out.push(Brand {
                    name: name.to_string(),
                    title,
                    sources,
                    environments,
                    pos: kpos,
                });
            }
        }
        if out.is_empty() {
            self.err(
                n.pos,
                "gateway.brands",
                "at least one brand is needed".to_string(),
            );
        }
        out
    }

    fn signature(&mut self, n: &Node, path: &str) -> Option<Signature> {
        let m = self.map(n, path, &["field", "parts", "sorted_values"])?;
        let field = self.req_str(&m, "field");
        let sorted_values = m.get("sorted_values").and_then(|sv| {
            let s = self.map(sv, &m.child("sorted_values"), &["separator"])?;
            self.req_str(&s, "separator")
        });
        let Some(pn) = m.get("parts") else {
            self.err(m.pos, path, "missing required key `parts`".to_string());
            return None;
        };
        let Kind::Seq(items) = &pn.kind else {
            self.err(
                pn.pos,
                &m.child("parts"),
                format!("expected a list, found {}", pn.kind_name()),
            );
            return None;
        };
        let mut parts = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let ip = format!("{}[{i}]", m.child("parts"));
            match &it.kind {
                Kind::Scalar { text, .. } if text == "target_id" => parts.push((SigPart::TargetId, it.pos)),
                Kind::Map(_) => {
                    let kinds = ["param", "minor_units", "currency_of", "credential"];
                    let Some(pm) = self.map(it, &ip, &kinds) else {
                        continue;
                    };
                    let present: Vec<&str> = kinds.iter().copied().filter(|k| pm.get(k).is_some()).collect();
                    if present.len() != 1 {
                        self.err(pm.pos, &ip, format!("a signature part is `target_id` or one of: {}", kinds.join(", ")));
                        continue;
                    }
                    let k = present[0];
                    let Some(v) = pm.get(k).and_then(|v| self.scalar(v, &pm.child(k))) else {
                        continue;
                    };
                    let part = match k {
                        "param" => SigPart::Param(v),
                        "minor_units" => SigPart::MinorUnits(v),
                        "currency_of" => SigPart::CurrencyOf(v),
                        _ => SigPart::Credential(v),
                    };
                    parts.push((part, it.pos));
                }
                _ => self.err(it.pos, &ip, "a signature part is `target_id` or a one-key mapping (param, minor_units, currency_of, credential)".to_string()),
            }
        }
        Some(Signature {
            field: field?,
            sorted_values,
            parts,
            pos: m.pos,
        })
    }
}
